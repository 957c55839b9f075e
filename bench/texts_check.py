#!/usr/bin/env python3
"""What reading paragraph texts from texts.txt on demand costs the phrase checks (issue 18.3).

    .venv/bin/python bench/texts_check.py --index DIR [--rare 40] [--seed 18] [--rounds 5]

Runs every query of the benchmark's set and `--rare` rare words (bench/latency.py's draw) once,
recording the rows each phrase check (adjacency.Verified) reads and its pattern; then times
those checks, round after round in turn, two ways: reading each row from the file
(index_read.ParagraphTexts, what a server of a big corpus does) and on the texts held in memory
as one string (ParagraphTextsInMemory: a small corpus's; 45 MB on the whole corpus), each with
the pattern unfolded by its first character (adjacency.first_character_scans, which a search
does for a check of adjacency.UNFOLD_PER_FIRST_CHARACTER rows or more for each first
character) and with the pattern as it is, and what
unfolding the patterns costs once. Prints the CPU time of each way per round (the smallest of the
rounds: the machine's load only adds), the rows checked, and whether every way found the same
rows.
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


def recorded_checks(engine, queries: list[str]) -> list[tuple[re.Pattern, list, list[int]]]:
    """(pattern, the pattern unfolded by its first character, rows) of each phrase check read
    from the texts by row."""
    from termsearch import adjacency
    from termsearch.index_read import ParagraphTexts, ParagraphTextsInMemory

    checks = []
    kinds = (ParagraphTexts, ParagraphTextsInMemory)
    matching_any = {kind: kind.rows_matching_any for kind in kinds}
    matches = adjacency.Verified._matches
    checking = []

    def recording(self, patterns, rows):
        rows = list(rows)
        scans = [scan for _, scan in adjacency.first_character_scans(checking[-1])]
        checks.append((checking[-1], scans, rows))
        return matching_any[type(self)](self, patterns, rows)

    def checked(self, reader, docs, *args):
        checking.append(self.pattern)
        return matches(self, reader, docs, *args)

    for kind in kinds:
        kind.rows_matching_any = recording
    adjacency.Verified._matches = checked
    try:
        for q in queries:
            engine.search(q, limit=10, facets=True)
    finally:
        for kind in kinds:
            kind.rows_matching_any = matching_any[kind]
        adjacency.Verified._matches = matches
    return checks


def unfolding_cpu(checks) -> float:
    """CPU seconds to unfold every distinct pattern (what a query typed for the first time pays;
    a search keeps them unfolded after)."""
    from termsearch import adjacency

    cpu = time.process_time()
    for pattern in {pattern for pattern, _, _ in checks}:
        adjacency.first_character_scans.__wrapped__(pattern)
    return time.process_time() - cpu


def timed(texts, checks, unfolded: bool) -> tuple[float, list[bool]]:
    found = []
    cpu = time.process_time()
    for pattern, scans, rows in checks:
        found.extend(texts.rows_matching_any(scans if unfolded else [pattern], rows))
    return time.process_time() - cpu, found


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("--queries", type=Path, default=HERE / "queries.txt")
    p.add_argument("--rare", type=int, default=40)
    p.add_argument("--seed", type=int, default=18)
    p.add_argument("--rounds", type=int, default=5)
    args = p.parse_args(argv)

    from termsearch import Engine, adjacency
    from termsearch.index_read import TEXTS_IN_MEMORY_UP_TO, ParagraphTexts, ParagraphTextsInMemory

    engine = Engine(args.index)
    queries = [q for _, q in bench_run.load_queries(args.queries)] + latency.rare_words(engine, args.rare, args.seed)
    checks = recorded_checks(engine, queries)
    rows = sum(len(r) for _, _, r in checks)
    path = engine.reader().build_dir / "texts.txt"
    from_file, in_memory = ParagraphTexts(path), ParagraphTextsInMemory(path)
    served = "in memory" if path.stat().st_size <= TEXTS_IN_MEMORY_UP_TO else "from the file"
    ways = [(f"{where}, {how}", texts, how == "unfolded") for where, texts in (("from the file", from_file),
                                                                          ("in memory", in_memory))
            for how in ("unfolded", "as it is")]
    best = {name: float("inf") for name, _, _ in ways}
    first, same = None, True
    for _ in range(args.rounds):
        for name, texts, unfolded in ways:
            cpu, found = timed(texts, checks, unfolded)
            best[name] = min(best[name], cpu)
            first = found if first is None else first
            same = same and found == first
    print(f"{len(queries)} queries, {len(checks)} phrase checks of {rows:,} rows "
          f"({sum(first):,} matching; {sum(len(scans) > 1 for _, scans, _ in checks)} patterns unfolded by "
          f"their first character); CPU per round, best of {args.rounds}:")
    for name, _, _ in ways:
        print(f"  {name:<26} {best[name] * 1000:8.1f} ms  ({best[name] / max(1, rows) * 1e6:.2f} µs a row)")
    unfolded = {pattern for pattern, scans, _ in checks if len(scans) > 1}
    print(f"  unfolding the {len(unfolded)} patterns once: {unfolding_cpu([c for c in checks if c[0] in unfolded]) * 1000:.1f} ms "
          f"(a search unfolds only a check of {adjacency.UNFOLD_PER_FIRST_CHARACTER:,} rows or more a first character)")
    print(f"  per query, file − memory  +{(best['from the file, unfolded'] - best['in memory, unfolded']) / len(queries) * 1000:.2f} ms "
          f"on average; same rows found: {same}")
    print(f"  a server of this index reads them {served} (texts.txt {path.stat().st_size / 2**20:.1f} MB; "
          f"held in memory up to {TEXTS_IN_MEMORY_UP_TO / 2**20:.0f} MB)")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
