#!/usr/bin/env python3
"""What reading paragraph texts from texts.txt on demand costs the phrase checks (issue 18.3).

    .venv/bin/python bench/texts_check.py --index DIR [--rare 40] [--seed 18] [--rounds 5]

Runs every query of the benchmark's set and `--rare` rare words (bench/latency.py's draw) once,
recording the rows each phrase check (adjacency.Verified) reads and its pattern; then times
those checks, round after round in turn, two ways: reading each row from the file
(index_read.ParagraphTexts, what a server does) and on the texts held in memory as one string
(how a server read them before, 45 MB on the whole corpus). Prints the CPU time of each way
per round (the smallest of the rounds: the machine's load only adds), the rows checked, and
whether both ways found the same rows.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from array import array
from itertools import repeat
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import latency  # noqa: E402
import run as bench_run  # noqa: E402


class InMemory:
    """The texts as one string with where each line starts and ends (the earlier ParagraphTexts)."""

    def __init__(self, path: Path):
        self.text = path.read_text(encoding="utf-8")
        self.ends = array("I", map(re.Match.start, re.finditer("\n", self.text)))
        self.ends.append(len(self.text))
        self.starts = array("I", [0])
        self.starts.extend(map((1).__add__, self.ends[:-1]))

    def search_rows(self, pattern, rows):
        return map(pattern.search, repeat(self.text), map(self.starts.__getitem__, rows),
                   map(self.ends.__getitem__, rows))


def recorded_checks(engine, queries: list[str]) -> list[tuple[re.Pattern, list[int]]]:
    from termsearch import index_read

    checks = []
    search_rows = index_read.ParagraphTexts.search_rows

    def recording(self, pattern, rows):
        rows = list(rows)
        checks.append((pattern, rows))
        return search_rows(self, pattern, rows)

    index_read.ParagraphTexts.search_rows = recording
    try:
        for q in queries:
            engine.search(q, limit=10, facets=True)
    finally:
        index_read.ParagraphTexts.search_rows = search_rows
    return checks


def timed(texts, checks) -> tuple[float, list[bool]]:
    found = []
    cpu = time.process_time()
    for pattern, rows in checks:
        found.extend(map(bool, texts.search_rows(pattern, rows)))
    return time.process_time() - cpu, found


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("--queries", type=Path, default=HERE / "queries.txt")
    p.add_argument("--rare", type=int, default=40)
    p.add_argument("--seed", type=int, default=18)
    p.add_argument("--rounds", type=int, default=5)
    args = p.parse_args(argv)

    from termsearch import Engine

    engine = Engine(args.index)
    queries = [q for _, q in bench_run.load_queries(args.queries)] + latency.rare_words(engine, args.rare, args.seed)
    checks = recorded_checks(engine, queries)
    rows = sum(len(r) for _, r in checks)
    from_file = engine.reader().texts
    in_memory = InMemory(engine.reader().build_dir / "texts.txt")
    best = {"file": float("inf"), "memory": float("inf")}
    same = True
    for _ in range(args.rounds):
        for name, texts in (("file", from_file), ("memory", in_memory)):
            cpu, found = timed(texts, checks)
            best[name] = min(best[name], cpu)
            if name == "file":
                first = found
            else:
                same = same and found == first
    print(f"{len(queries)} queries, {len(checks)} phrase checks of {rows:,} rows "
          f"({sum(first):,} matching); CPU per round, best of {args.rounds}:")
    print(f"  from the file  {best['file'] * 1000:8.1f} ms  ({best['file'] / max(1, rows) * 1e6:.2f} µs a row)")
    print(f"  in memory      {best['memory'] * 1000:8.1f} ms  ({best['memory'] / max(1, rows) * 1e6:.2f} µs a row)")
    print(f"  per query      +{(best['file'] - best['memory']) / len(queries) * 1000:.2f} ms on average; "
          f"same rows found: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
