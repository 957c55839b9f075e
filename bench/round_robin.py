#!/usr/bin/env python3
"""Queries asked in turn by one process over an index already built: what a server answering
many different queries pays once its kept tables (postings.py) are full.

    .venv/bin/python bench/round_robin.py --index DIR [--queries bench/queries.txt] [--rounds 3]

Every query is asked once (the warm-up), then `--rounds` more times in turn, each round going
through the whole set before a query comes again, as bench/growth.py's serving child does.
Prints wall-time and CPU-time p50/p95 over every query and the slowest queries by their
median CPU time. CPU time does not count waiting for the other processes of a busy machine,
so it is the figure to compare between two runs in turns on a shared machine.
`bench/queries_heldout.txt` (bench/draw_queries.py) is a second set, never tuned on.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run as bench_run  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("--queries", type=Path, default=HERE / "queries.txt")
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args(argv)
    if not (args.index / "CURRENT").is_file():
        raise SystemExit(f"round_robin: {args.index} is not a termsearch index (no CURRENT)")
    from termsearch import Engine

    queries = [query for _, query in bench_run.load_queries(args.queries)]
    engine = Engine(args.index)
    for query in queries:                                   # the warm-up
        engine.search(query, limit=10)
    wall: dict[str, list[float]] = {q: [] for q in queries}
    cpu: dict[str, list[float]] = {q: [] for q in queries}
    for _ in range(args.rounds):
        for query in queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            engine.search(query, limit=10)
            cpu[query].append((time.process_time() - started_cpu) * 1000)
            wall[query].append((time.perf_counter() - started) * 1000)
    every_wall = [t for times in wall.values() for t in times]
    every_cpu = [t for times in cpu.values() for t in times]
    print(f"{len(queries)} queries x {args.rounds} rounds ({args.queries.name}, {args.index})")
    print(f"wall p50 {statistics.median(every_wall):.2f} ms, p95 {percentile(every_wall, 0.95):.2f} ms")
    print(f"CPU  p50 {statistics.median(every_cpu):.2f} ms, p95 {percentile(every_cpu, 0.95):.2f} ms")
    slowest = sorted(queries, key=lambda q: -statistics.median(cpu[q]))[:5]
    print("slowest (median CPU ms): " + " | ".join(f"{q} {statistics.median(cpu[q]):.1f}" for q in slowest))
    print(ask_counts())
    return 0


def ask_counts() -> str:
    """What the kept tables' counts of asks hold now (postings.KeptPostings._asks): keys and
    their bytes (dict, key tuples, term bytes; tokens and field names are shared)."""
    from termsearch import postings

    parts = []
    for name in ("_decoded", "_tables", "_scores"):
        asks = getattr(postings, name)._asks
        size = sys.getsizeof(asks) + sum(sys.getsizeof(key) + sys.getsizeof(key[2]) for key in asks)
        parts.append(f"{name} {len(asks):,} keys {size / 2**20:.2f} MB")
    return (f"asks counted (bound {2 * postings.ASKS_HALVED_EVERY:,} keys a table): " + "; ".join(parts))


if __name__ == "__main__":
    sys.exit(main())
