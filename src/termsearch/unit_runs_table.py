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
# 2: each run's paragraphs where its single character touches punctuation are kept too
# (unit_runs.Tally); a tally without them would drop every run when added to.
TALLY_FORMAT = 2
_HEAD = b'{"format":%d,' % TALLY_FORMAT


def write(staging: Path, tallied: unit_runs.Tally, counts: Counter[str], readings: dict[str, str],
          others: dict[str, list[str]]) -> None:
    runs, *counted = tallied
    # Sorted, so that two builds of the same documents write the same bytes.
    write_json(staging / TALLY, {"format": TALLY_FORMAT,
                                 "runs": {run: [runs[run], *(c.get(run, 0) for c in counted)] for run in sorted(runs)}})
    write_json(staging / FILE, unit_runs.by_initials(unit_runs.select(tallied, counts), readings, others))


def has_tally(build_dir: Path) -> bool:
    """False for a build made before the tally was kept, or kept in an older form (adding to it
    analyses it all again)."""
    # The file's first bytes say it (`write` puts the format first), a whole corpus's tally unread.
    try:
        with open(build_dir / TALLY, "rb") as kept:
            return kept.read(len(_HEAD)) == _HEAD
    except FileNotFoundError:
        return False


def tally(build_dir: Path) -> unit_runs.Tally:
    """The tally a build kept (`write`)."""
    tallied = unit_runs.empty()
    for run, counted in read_json(build_dir / TALLY, {}).get("runs", {}).items():
        for counter, n in zip(tallied, counted):
            if n:
                counter[run] = n
    return tallied


def read(build_dir: Path) -> dict[str, list[tuple[tuple[str, ...], int]]]:
    """{initials: [((a, b), paragraphs), ...]}; {} for a build made before the table."""
    return {letters: [(tuple(run.split(unit_runs.SEPARATOR)), paragraphs) for run, paragraphs in runs]
            for letters, runs in read_json(build_dir / FILE, {}).items()}
