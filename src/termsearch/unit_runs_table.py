"""unit_runs.json: a build's runs of a character and a word used as one unit (新|动能), keyed by
their initials, for initials that no word of the index has (`xdn`); see analysis/unit_runs.py."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from .analysis import unit_runs
from .index_layout import read_json, write_json

FILE = "unit_runs.json"


def write(staging: Path, tallied: unit_runs.Tally, counts: Counter[str], readings: dict[str, str],
          others: dict[str, list[str]], *, incremental: bool = False) -> None:
    selected = unit_runs.select(tallied, counts)
    if incremental:
        # Runs of the documents added now, beside those of the documents kept (their counts as
        # the older build had them: a stale count costs a query a little order, never a hit).
        for runs in read_json(staging / FILE, {}).values():
            for run, paragraphs in runs:
                a, b = run.split(unit_runs.SEPARATOR)
                if a in counts and b in counts and a + b not in counts:
                    selected[run] = max(selected.get(run, 0), paragraphs)
    write_json(staging / FILE, unit_runs.by_initials(selected, readings, others))


def read(build_dir: Path) -> dict[str, list[tuple[tuple[str, ...], int]]]:
    """{initials: [((a, b), paragraphs), ...]}; {} for a build made before the table."""
    return {letters: [(tuple(run.split(unit_runs.SEPARATOR)), paragraphs) for run, paragraphs in runs]
            for letters, runs in read_json(build_dir / FILE, {}).items()}
