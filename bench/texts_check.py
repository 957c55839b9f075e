#!/usr/bin/env python3
"""What reading paragraph texts from texts.txt on demand costs the phrase checks (issue 18.3).

    .venv/bin/python bench/texts_check.py --index DIR [--rare 40] [--seed 18] [--rounds 5]

Runs every query of the benchmark's set and `--rare` rare words (bench/latency.py's draw) once,
recording the rows each phrase check (adjacency.Verified) reads and its pattern; then times
those checks, round after round in turn, two ways: reading each row from the file
(index_read.ParagraphTexts, what a server of a big corpus does) and on the texts held in memory
as one string (ParagraphTextsInMemory: a small corpus's; 45 MB on the whole corpus). Prints the CPU time of each way
per round (the smallest of the rounds: the machine's load only adds), the rows checked, and
whether both ways found the same rows.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import latency  # noqa: E402
import run as bench_run  # noqa: E402


def recorded_checks(engine, queries: list[str]) -> list[tuple[re.Pattern, list[int]]]:
    from termsearch.index_read import ParagraphTexts, ParagraphTextsInMemory

    checks = []
    kinds = (ParagraphTexts, ParagraphTextsInMemory)
    search_rows = {kind: kind.search_rows for kind in kinds}

    def recording(self, pattern, rows):
        rows = list(rows)
        checks.append((pattern, rows))
        return search_rows[type(self)](self, pattern, rows)

    for kind in kinds:
        kind.search_rows = recording
    try:
        for q in queries:
            engine.search(q, limit=10, facets=True)
    finally:
        for kind in kinds:
            kind.search_rows = search_rows[kind]
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
    from termsearch.index_read import TEXTS_IN_MEMORY_UP_TO, ParagraphTexts, ParagraphTextsInMemory

    engine = Engine(args.index)
    queries = [q for _, q in bench_run.load_queries(args.queries)] + latency.rare_words(engine, args.rare, args.seed)
    checks = recorded_checks(engine, queries)
    rows = sum(len(r) for _, r in checks)
    path = engine.reader().build_dir / "texts.txt"
    from_file, in_memory = ParagraphTexts(path), ParagraphTextsInMemory(path)
    served = "in memory" if path.stat().st_size <= TEXTS_IN_MEMORY_UP_TO else "from the file"
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
    print(f"  a server of this index reads them {served} (texts.txt {path.stat().st_size / 2**20:.1f} MB; "
          f"held in memory up to {TEXTS_IN_MEMORY_UP_TO / 2**20:.0f} MB)")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
