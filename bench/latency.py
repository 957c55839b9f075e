#!/usr/bin/env python3
"""Query latency against stock Whoosh + jieba, kind by kind, rare words included (issue 18.2).

    .venv/bin/python bench/latency.py --index DIR [--rare 160] [--seed 18] [--rounds 5]
                                      [--stock DIR] [--queries bench/queries.txt] [--top 15]

Draws `--rare` words of the index's vocabulary found in fewer than 20 paragraphs (Han words of
two characters or more, a fixed seed), adds every query of the benchmark's set, and times each
on termsearch (`Engine.search(q, limit=10)`) and, for the kinds stock can run (Simplified
characters), on stock Whoosh + jieba over the same paragraphs, one engine after the other
query by query so that both see the same load. Stock's index is built once (in `--stock`,
default bench/results/stock-<build>/) and reused.

Printed per kind: p50/p95 wall time of each engine and their ratio (stock ÷ termsearch: above 1
termsearch wins), termsearch's CPU time per query, and its Python function calls per query
(cProfile, one pass): the calls do not depend on the machine's load, so they show a change
where wall time under shared load cannot. Then the functions called most per query.
Writes bench/results/latency-<timestamp>.json.
"""
from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import measure  # noqa: E402
import peers as peers_mod  # noqa: E402
import run as bench_run  # noqa: E402

RARE_BELOW = 20             # paragraphs: a word found in fewer is rare (issue 18's measure)
RARE_KIND = "rare-random"
_HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")


def rare_words(engine, n: int, seed: int) -> list[str]:
    """`n` Han words of the vocabulary found in 1 to RARE_BELOW - 1 paragraphs, drawn with `seed`."""
    reader = engine.reader()
    counts = reader.vocab.get("words", {})
    whoosh = reader.searcher.reader()
    pool = sorted(w for w in counts if _HAN_WORD.fullmatch(w) and 0 < whoosh.doc_frequency("text", w) < RARE_BELOW)
    return random.Random(seed).sample(pool, min(n, len(pool)))


def stock_peer(index_dir: Path, folder: Path | None):
    """Stock Whoosh + jieba over the index's paragraphs, built once into `folder` and opened."""
    build, texts, _ = bench_run.read_paragraphs(index_dir)
    folder = folder or HERE / "results" / f"stock-{build.name}"
    peer = peers_mod.WhooshJieba()
    if not (folder / "done").exists():
        bench_run.log(f"building stock Whoosh + jieba over {len(texts):,} paragraphs in {folder} …")
        peer.build(texts, folder)
        (folder / "done").write_text("", encoding="utf-8")
    peer.open(folder)
    return peer


def timed(search, query: str) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    search(query)
    return time.perf_counter() - wall, time.process_time() - cpu


def calls_per_query(search, queries: list[str]) -> tuple[float, pstats.Stats]:
    profiler = cProfile.Profile()
    profiler.enable()
    for q in queries:
        search(q)
    profiler.disable()
    stats = pstats.Stats(profiler)
    return stats.total_calls / max(1, len(queries)), stats


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("--queries", type=Path, default=HERE / "queries.txt")
    p.add_argument("--rare", type=int, default=160)
    p.add_argument("--seed", type=int, default=18)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--stock", type=Path, help="stock Whoosh + jieba index folder (built there if absent)")
    p.add_argument("--no-stock", action="store_true", help="termsearch alone")
    p.add_argument("--top", type=int, default=15, help="functions listed by calls per query")
    args = p.parse_args(argv)

    from termsearch import Engine

    engine = Engine(args.index)
    queries = bench_run.load_queries(args.queries)
    queries += [(RARE_KIND, w) for w in rare_words(engine, args.rare, args.seed)]
    shared = bench_run.SHARED_KINDS | {RARE_KIND}
    stock = None if args.no_stock else stock_peer(args.index, args.stock)

    def ts_search(q):
        return engine.search(q, limit=10)

    for _, q in queries:            # warm-up: every lazy load of both engines
        ts_search(q)
        if stock is not None:
            stock.search(q)
    samples: dict[str, dict[str, list]] = {}
    for _ in range(args.rounds):
        for kind, q in queries:
            row = samples.setdefault(kind, {"ts": [], "ts_cpu": [], "stock": []})
            wall, cpu = timed(ts_search, q)
            row["ts"].append(wall)
            row["ts_cpu"].append(cpu)
            if stock is not None and kind in shared:
                row["stock"].append(timed(stock.search, q)[0])

    by_kind = {}
    every = [q for _, q in queries]
    for kind in samples:
        chosen = [q for k, q in queries if k == kind]
        calls, _ = calls_per_query(ts_search, chosen)
        row = samples[kind]
        ts, st = measure.summarize(row["ts"]), measure.summarize(row["stock"]) if row["stock"] else None
        by_kind[kind] = {"queries": len(chosen), "ts_p50_ms": ts["p50_ms"], "ts_p95_ms": ts["p95_ms"],
                         "ts_cpu_ms": round(sum(row["ts_cpu"]) / len(row["ts_cpu"]) * 1000, 3),
                         "calls_per_query": round(calls),
                         **({"stock_p50_ms": st["p50_ms"], "stock_p95_ms": st["p95_ms"]} if st else {})}
    all_ts = measure.summarize([s for row in samples.values() for s in row["ts"]])
    all_cpu = [s for row in samples.values() for s in row["ts_cpu"]]
    total_calls, stats = calls_per_query(ts_search, every)
    top = sorted(stats.stats.items(), key=lambda kv: -kv[1][1])[:args.top]

    load = bench_run._load()
    print(f"termsearch latency · {time.strftime('%Y-%m-%d %H:%M:%S')} · index {args.index} · "
          f"{len(queries)} queries × {args.rounds} rounds · load average {load}")
    print("ratio = stock ÷ termsearch (above 1: termsearch is faster)\n")
    print(f"{'kind':<16}{'n':>4} {'ts p50':>8} {'ts p95':>8} {'cpu ms':>8} {'calls/q':>8}"
          f" {'stock p50':>10} {'stock p95':>10} {'× p50':>6} {'× p95':>6}")
    for kind, r in by_kind.items():
        line = (f"{kind:<16}{r['queries']:>4} {r['ts_p50_ms']:>8.2f} {r['ts_p95_ms']:>8.2f} {r['ts_cpu_ms']:>8.2f}"
                f" {r['calls_per_query']:>8,}")
        if "stock_p50_ms" in r:
            line += (f" {r['stock_p50_ms']:>10.2f} {r['stock_p95_ms']:>10.2f}"
                     f" {r['stock_p50_ms'] / r['ts_p50_ms']:>6.2f} {r['stock_p95_ms'] / r['ts_p95_ms']:>6.2f}")
        print(line)
    print(f"{'every kind':<16}{len(queries):>4} {all_ts['p50_ms']:>8.2f} {all_ts['p95_ms']:>8.2f}"
          f" {sum(all_cpu) / len(all_cpu) * 1000:>8.2f} {round(total_calls):>8,}")
    print(f"\nfunctions by calls per query (over all {len(every)} queries):")
    for (filename, line, func), (_, ncalls, tottime, cumtime, _) in top:
        print(f"  {ncalls / len(every):>9.1f}  {Path(filename).name}:{line}({func})")
    out = HERE / "results" / f"latency-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"index": str(args.index), "load": load, "rounds": args.rounds,
                               "every_kind": {**all_ts, "calls_per_query": round(total_calls)},
                               "by_kind": by_kind, "rare_words": [q for k, q in queries if k == RARE_KIND]},
                              ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
