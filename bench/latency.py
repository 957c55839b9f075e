#!/usr/bin/env python3
"""Query latency against stock Whoosh + jieba, kind by kind, rare words included (issue 18.2).

    .venv/bin/python bench/latency.py --index DIR [--rare 160] [--seed 18] [--rounds 5]
                                      [--stock DIR] [--queries bench/queries.txt] [--top 15] [--slowest N]

Draws `--rare` words of the index's vocabulary found in fewer than 20 paragraphs (Han words of
two characters or more, a fixed seed), adds every query of the benchmark's set, and times each
on termsearch (`Engine.search(q, limit=10)`) and, for the kinds stock can run (Simplified
characters), on stock Whoosh + jieba over the same paragraphs, one engine after the other
query by query so that both see the same load. Stock's index is built once (in `--stock`,
default bench/results/stock-<build>/) and reused.

Printed per kind: p50/p95 wall time and mean CPU time per query of each engine and their ratios
(stock ÷ termsearch: above 1 termsearch wins), and termsearch's Python function calls per query
(cProfile, one pass): the calls do not depend on the machine's load, so they show a change
where wall time under shared load cannot. Then the functions called most per query.

The rounds repeat queries a warm-up pass has run, so they find every regular expression a query
compiles (its words in any script, runs of words) in `re`'s cache: a query typed for the first
time in a process compiles them. A last pass says what that costs: each query run again with
its own patterns (those fewer than a tenth of the set's queries use) taken out of the cache
first, and every pattern unfolded by its first character (adjacency.first_character_scans),
with how many it compiled ("first typed" CPU p50/p95, and re misses per query in the timed
rounds, which should be near 0). Writes bench/results/latency-<timestamp>.json.

With `--rare 0 --no-stock` the set is the benchmark's alone, timed as `bench/run.py` times it
(a warm-up pass, then the rounds): its "every kind" line is run.py's every-kind p50/p95 (goal
2's 5 ms on the reports folder), in seconds rather than a whole benchmark run, with each
query's CPU time beside it (`--slowest`).
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
SHARED_PATTERN = 10         # a pattern a tenth of the queries use is the code's, not a query's words'
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


class Patterns:
    """Which regular expressions each query asks `re` for (re._compile watched, as re.compile,
    re.search … all call it; only while the warm-up runs: the wrapper costs time)."""

    def __init__(self):
        self.used: dict[str, set] = {}
        self._query: str | None = None
        self._compile = re._compile

    def __enter__(self) -> "Patterns":
        def watched(pattern, flags):
            if isinstance(pattern, str) and self._query is not None:
                key = (type(pattern), pattern, flags.value if isinstance(flags, re.RegexFlag) else flags)
                self.used[self._query].add(key)
            return self._compile(pattern, flags)
        re._compile = watched
        return self

    def __exit__(self, *exc) -> None:
        re._compile = self._compile

    def run(self, search, query: str):
        self._query = query
        self.used.setdefault(query, set())
        try:
            return search(query)
        finally:
            self._query = None

    def own(self) -> dict[str, set]:
        """Each query's own patterns: those fewer than a tenth of the set's queries use (its
        words', which the same words typed otherwise share); the rest are the code's own, which
        a process compiles once whatever is typed."""
        users: dict = {}
        for keys in self.used.values():
            for key in keys:
                users[key] = users.get(key, 0) + 1
        few = max(2, len(self.used) / SHARED_PATTERN)
        return {q: {k for k in keys if users[k] < few} for q, keys in self.used.items()}


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
    p.add_argument("--slowest", type=int, default=0,
                   help="also list the N queries with the most CPU time (the least of their rounds: "
                        "a shared machine's load only adds), and their sum")
    args = p.parse_args(argv)

    from termsearch import Engine, adjacency, letter_reading
    from termsearch.analysis import pinyin

    engine = Engine(args.index)
    queries = bench_run.load_queries(args.queries)
    queries += [(RARE_KIND, w) for w in rare_words(engine, args.rare, args.seed)]
    shared = bench_run.SHARED_KINDS | {RARE_KIND}
    stock = None if args.no_stock else stock_peer(args.index, args.stock)

    def ts_search(q):
        return engine.search(q, limit=10)

    patterns = Patterns()
    with patterns:
        for _, q in queries:            # warm-up: every lazy load of both engines
            patterns.run(ts_search, q)
            if stock is not None:
                stock.search(q)
    samples: dict[str, dict[str, list]] = {}
    misses: dict[str, int] = {}
    least_cpu: dict[tuple[str, str], float] = {}
    for _ in range(args.rounds):
        for kind, q in queries:
            row = samples.setdefault(kind, {"ts": [], "ts_cpu": [], "stock": [], "stock_cpu": []})
            cached = set(re._cache)
            wall, cpu = timed(ts_search, q)
            misses[kind] = misses.get(kind, 0) + len(re._cache.keys() - cached)
            row["ts"].append(wall)
            row["ts_cpu"].append(cpu)
            least_cpu[kind, q] = min(cpu, least_cpu.get((kind, q), cpu))
            if stock is not None and kind in shared:
                wall, cpu = timed(stock.search, q)
                row["stock"].append(wall)
                row["stock_cpu"].append(cpu)
    # First typed: the query's own patterns (Patterns.own) out of re's cache.
    own = patterns.own()
    first_typed: dict[str, dict[str, list]] = {}
    for kind, q in queries:
        for key in own[q]:
            re._cache.pop(key, None)
        # A phrase check's pattern unfolded by its first character is kept apart from re's
        # cache (only a query's own words are unfolded): a first query unfolds it again.
        adjacency.first_character_scans.cache_clear()
        if hasattr(adjacency, "first_character_count"):      # (not in code before 2026-12-02, run for a comparison)
            adjacency.first_character_count.cache_clear()
        if hasattr(pinyin, "_parsed_pinyin"):               # readings of letters kept (not in code before 2026-12-03)
            pinyin._parsed_pinyin.cache_clear()
        if hasattr(letter_reading, "forget_syllable_words"):  # each reading's words kept (not before 2026-12-03, h-latency24)
            letter_reading.forget_syllable_words(engine.live().vocabulary)
        cached = set(re._cache)
        _, cpu = timed(ts_search, q)
        row = first_typed.setdefault(kind, {"cpu": [], "compiled": []})
        row["cpu"].append(cpu)
        row["compiled"].append(len(re._cache.keys() - cached))

    by_kind = {}
    every = [q for _, q in queries]

    def figures(wall: list[float], cpu: list[float]) -> dict:
        w, c = measure.summarize(wall), measure.summarize(cpu)
        return {"p50_ms": w["p50_ms"], "p95_ms": w["p95_ms"], "cpu_p50_ms": c["p50_ms"], "cpu_p95_ms": c["p95_ms"]}

    for kind in samples:
        chosen = [q for k, q in queries if k == kind]
        calls, _ = calls_per_query(ts_search, chosen)
        row = samples[kind]
        cold = measure.summarize(first_typed[kind]["cpu"])
        by_kind[kind] = {"queries": len(chosen), "calls_per_query": round(calls),
                         "termsearch": figures(row["ts"], row["ts_cpu"]),
                         **({"stock": figures(row["stock"], row["stock_cpu"])} if row["stock"] else {}),
                         "first_typed": {"cpu_p50_ms": cold["p50_ms"], "cpu_p95_ms": cold["p95_ms"],
                                         "compiled_per_query": round(sum(first_typed[kind]["compiled"]) / len(chosen), 1),
                                         "re_misses_per_query_in_rounds": round(misses[kind] / (len(chosen) * args.rounds), 2)}}
    every_kind = figures([s for row in samples.values() for s in row["ts"]],
                         [s for row in samples.values() for s in row["ts_cpu"]])
    total_calls, stats = calls_per_query(ts_search, every)
    top = sorted(stats.stats.items(), key=lambda kv: -kv[1][1])[:args.top]

    load = bench_run._load()
    print(f"termsearch latency · {time.strftime('%Y-%m-%d %H:%M:%S')} · index {args.index} · "
          f"{len(queries)} queries × {args.rounds} rounds · load average {load}")
    print("ms per query, wall and CPU (process time); × = stock ÷ termsearch (above 1: termsearch is faster)\n")
    print(f"{'':<16}{'':>4} {'termsearch':^35} {'stock Whoosh + jieba':^26} {'× wall':^13} {'× cpu':^13}")
    print(f"{'kind':<16}{'n':>4} {'p50':>6} {'p95':>6} {'cpu50':>6} {'cpu95':>6} {'calls':>8}"
          f" {'p50':>6} {'p95':>6} {'cpu50':>6} {'cpu95':>6} {'p50':>6} {'p95':>6} {'p50':>6} {'p95':>6}")

    def line(label: str, n: int, calls: int, ts: dict, st: dict | None) -> str:
        text = (f"{label:<16}{n:>4} {ts['p50_ms']:>6.2f} {ts['p95_ms']:>6.2f} {ts['cpu_p50_ms']:>6.2f}"
                f" {ts['cpu_p95_ms']:>6.2f} {calls:>8,}")
        if st:
            ratio = lambda a, b: a / b if b else float("nan")      # noqa: E731
            text += (f" {st['p50_ms']:>6.2f} {st['p95_ms']:>6.2f} {st['cpu_p50_ms']:>6.2f} {st['cpu_p95_ms']:>6.2f}"
                     f" {ratio(st['p50_ms'], ts['p50_ms']):>6.2f} {ratio(st['p95_ms'], ts['p95_ms']):>6.2f}"
                     f" {ratio(st['cpu_p50_ms'], ts['cpu_p50_ms']):>6.2f} {ratio(st['cpu_p95_ms'], ts['cpu_p95_ms']):>6.2f}")
        return text

    for kind, r in by_kind.items():
        print(line(kind, r["queries"], r["calls_per_query"], r["termsearch"], r.get("stock")))
    print(line("every kind", len(queries), round(total_calls), every_kind, None))
    print("\nfirst typed (the query's own regular expressions compiled again, its letters read as pinyin again), termsearch CPU ms:")
    print(f"{'kind':<16}{'n':>4} {'cpu50':>6} {'cpu95':>6} {'compiled':>9} {'re misses in rounds':>20}")
    for kind, r in by_kind.items():
        f = r["first_typed"]
        print(f"{kind:<16}{r['queries']:>4} {f['cpu_p50_ms']:>6.2f} {f['cpu_p95_ms']:>6.2f}"
              f" {f['compiled_per_query']:>9.1f} {f['re_misses_per_query_in_rounds']:>20.2f}")
    if args.slowest:
        slowest = sorted(least_cpu.items(), key=lambda kv: -kv[1])[:args.slowest]
        print(f"\nthe {len(slowest)} queries with the most CPU time (ms, the least of {args.rounds} rounds; "
              f"sum {sum(least_cpu.values()) * 1000:.1f} over all {len(least_cpu)}):")
        for (kind, q), cpu in slowest:
            print(f"  {cpu * 1000:8.2f}  {kind:<16} {q}")
    print(f"\nfunctions by calls per query (over all {len(every)} queries):")
    for (filename, lineno, func), (_, ncalls, tottime, cumtime, _) in top:
        print(f"  {ncalls / len(every):>9.1f}  {Path(filename).name}:{lineno}({func})")
    out = HERE / "results" / f"latency-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"index": str(args.index), "load": load, "rounds": args.rounds,
                               "every_kind": {**every_kind, "calls_per_query": round(total_calls)},
                               "by_kind": by_kind, "rare_words": [q for k, q in queries if k == RARE_KIND],
                               "least_cpu_ms": {f"{k}\t{q}": round(c * 1000, 3) for (k, q), c in least_cpu.items()}},
                              ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
