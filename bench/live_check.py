#!/usr/bin/env python3
"""What a search pays to learn whether a newer build was swapped in: Engine.live(), timed alone
(a latency.py figure cannot show a few microseconds of a search under shared load).

    PYTHONPATH=src .venv/bin/python bench/live_check.py --index DIR [--calls 20000] [--repeats 5]

Prints the microseconds a call, once per repeat; run it on two trees in turn to compare.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("--calls", type=int, default=20_000)
    p.add_argument("--repeats", type=int, default=5)
    args = p.parse_args(argv)
    import termsearch

    engine = termsearch.Engine(args.index)
    engine.search("的")         # the live build opened and its CURRENT seen
    times = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        for _ in range(args.calls):
            engine.live()
        times.append((time.perf_counter() - started) / args.calls * 1e6)
    print("Engine.live() us a call:", " ".join(f"{t:.2f}" for t in times))
    engine.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
