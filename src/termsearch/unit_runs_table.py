"""unit_runs.json: a build's runs of a character and a word used as one unit (新|动能), keyed by
their initials, for initials that no word of the index has (`xdn`); see analysis/unit_runs.py."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from .analysis import unit_runs
from .index_layout import read_json, write_json

FILE = "unit_runs.json"
# Every run the writers tallied, with its paragraphs and those beside punctuation: what an added
# build starts from, so that its runs are those a whole build of the same documents selects.
TALLY = "unit_runs_tally.json"


def write(staging: Path, tallied: unit_runs.Tally, counts: Counter[str], readings: dict[str, str],
          others: dict[str, list[str]]) -> None:
    runs, bounds = tallied
    write_json(staging / TALLY, {run: [paragraphs, bounds.get(run, 0)] for run, paragraphs in runs.items()})
    write_json(staging / FILE, unit_runs.by_initials(unit_runs.select(tallied, counts), readings, others))


def has_tally(build_dir: Path) -> bool:
    """False for a build made before the tally was kept (adding to it analyses it all again)."""
    return (build_dir / TALLY).exists()


def tally(build_dir: Path) -> unit_runs.Tally:
    """The tally a build kept (`write`)."""
    runs, bounds = Counter(), Counter()
    for run, (paragraphs, bounded) in read_json(build_dir / TALLY, {}).items():
        runs[run] = paragraphs
        if bounded:
            bounds[run] = bounded
    return runs, bounds


def read(build_dir: Path) -> dict[str, list[tuple[tuple[str, ...], int]]]:
    """{initials: [((a, b), paragraphs), ...]}; {} for a build made before the table."""
    return {letters: [(tuple(run.split(unit_runs.SEPARATOR)), paragraphs) for run, paragraphs in runs]
            for letters, runs in read_json(build_dir / FILE, {}).items()}
