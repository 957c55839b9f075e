#!/usr/bin/env python3
"""What a server's first search of each query costs after its start-up warm-up (app.warm_up),
and the same search asked again: the cost a user of a freshly started server sees, which the
benchmark's warmed-up rounds do not show.

    PYTHONPATH=src .venv/bin/python bench/first_query.py --index DIR [QUERY ...]

One process per run (a fresh server); run it several times, and on two trees in turn, to compare.
Prints wall and CPU seconds of the warm-up, then of each query's first and second search.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

# Common words and phrases, whose postings and texts a first search reads.
DEFAULT_QUERIES = ("社会发展", "经济工作", "jing ji gong zuo", "高质量发展")


def timed(call) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - wall, time.process_time() - cpu


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("queries", nargs="*", default=list(DEFAULT_QUERIES))
    args = p.parse_args(argv)
    import termsearch
    from termsearch.app import warm_up

    engine = termsearch.Engine(args.index)
    wall, cpu = timed(lambda: warm_up(engine))
    print(f"warm-up: {wall:.3f} s wall, {cpu:.3f} s CPU")
    for q in args.queries:
        first = timed(lambda: engine.search(q))
        again = timed(lambda: engine.search(q))
        print(f"{q}: first {first[0] * 1e3:.0f} ms wall, {first[1] * 1e3:.0f} ms CPU; "
              f"again {again[0] * 1e3:.0f} ms wall, {again[1] * 1e3:.0f} ms CPU")
    engine.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
