#!/usr/bin/env python3
"""Where termsearch spends its time: a profile of the build and of the slowest queries.

    .venv/bin/python bench/profiling.py build   [--corpus reports|…|PATH] [--out DIR]
    .venv/bin/python bench/profiling.py queries --index DIR [--queries bench/queries.txt] [--top 6]

`build` first times the real build (process pools intact: pool lifetimes and the main process's
Whoosh writing, commit, vocabulary and JSON), then runs it again with its process pools replaced
by an in-process executor,
so one profiler sees ingest, analysis, Whoosh writing and the vocabulary alike (the figures are
single-core: the real build spreads ingest and analysis over the cores). It prints the time per
stage and the functions with the most time, and writes build.prof (cProfile; open it with
`python -m pstats` or snakeviz) and, if pyinstrument is installed, build.html.

`queries` times every query once, then profiles the slowest ones (each repeated) and prints
where their time goes.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from concurrent import futures
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run as bench_run  # noqa: E402

# Stages of a build, recognised by the functions (file, name) the profile attributes time to.
STAGES = [
    ("ingest (read, clean, structure, glossary)", "index_build.py", "_ingest_one"),
    ("analysis (variants + jieba + sub-words)", "analyzers.py", "counted"),
    ("segment: inverting postings", "segments.py", "add"),
    ("segment: writing postings", "segments.py", "finish"),
    ("readings, glosses, English senses", "index_build.py", "_facts_of"),
    ("vocabulary (pinyin and initials maps)", "index_build.py", "_write_vocab"),
    ("English index (ranking)", "word_map.py", "build_english_index"),
    ("JSON sidecars", "index_layout.py", "write_json"),
]


class InProcessExecutor(futures.Executor):
    """Stands in for ProcessPoolExecutor: same calls, run here, one at a time."""

    def __init__(self, max_workers=None, initializer=None, initargs=(), **_):
        pass        # initializers set up real worker processes (watchdog, no GC): not this one

    def map(self, fn, *iterables, timeout=None, chunksize=1):
        return map(fn, *iterables)

    def submit(self, fn, /, *args, **kwargs):
        future = futures.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


def timeline_build(paths: list[Path]) -> None:
    """The real build (process pools intact) with the main process's stages timed, no profiler.

    The main process reads files and writes segments through pools of worker processes, and
    looks words up in dictionaries through another while it writes the JSON sidecars."""
    import termsearch.index_build as index_mod

    spent: dict[str, float] = {}

    def timed(label, fn):
        def wrapper(*a, **kw):
            started = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - started
        return wrapper

    stages = {"_ingest": "reading files (pool)", "_write_segments": "analysing, writing, committing segments (pool)",
              "_word_facts": "dictionary look-ups (pool)", "_write_vocab": "vocabulary",
              "write_json": "JSON sidecars"}
    saved = {name: getattr(index_mod, name) for name in stages}
    for name, label in stages.items():
        setattr(index_mod, name, timed(label, saved[name]))
    try:
        with tempfile.TemporaryDirectory(prefix="termsearch-profile-") as tmp:
            started = time.perf_counter()
            result = index_mod.build(paths, Path(tmp) / "ix")
            wall = time.perf_counter() - started
    finally:
        for name, fn in saved.items():
            setattr(index_mod, name, fn)
    print(f"real build: {result.characters:,} characters in {wall:.1f} s "
          f"({result.characters / wall / 1000:,.0f} K chars/s) with {index_mod._workers()} workers")
    for label, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  main process in {label:<38} {seconds:6.2f} s  ({seconds / wall:.0%})")


def profile_build(args) -> None:
    import termsearch.index_build as index_mod

    name, paths = bench_run.resolve_corpus(args.corpus)
    timeline_build(paths)
    if args.timeline_only:
        return
    print()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    index_mod.ProcessPoolExecutor = InProcessExecutor
    with tempfile.TemporaryDirectory(prefix="termsearch-profile-") as tmp:
        profiler = cProfile.Profile()
        started = time.perf_counter()
        if args.pyinstrument:
            from pyinstrument import Profiler

            pi = Profiler(interval=0.002)
            pi.start()
        profiler.enable()
        result = index_mod.build(paths, Path(tmp) / "ix")
        profiler.disable()
        if args.pyinstrument:
            pi.stop()
            (out / "build.html").write_text(pi.output_html(), encoding="utf-8")
        wall = time.perf_counter() - started
    profiler.dump_stats(out / "build.prof")
    stats = pstats.Stats(profiler)
    print(f"build of {name}: {result.characters:,} characters in {wall:.1f} s single-core under cProfile "
          f"({result.characters / wall / 1000:,.0f} K chars/s; profiling slows pure-Python code ~1.5-2×)")
    by_place: dict[tuple[str, str], float] = {}
    for (filename, _, func), (_, _, _, cumulative, _) in stats.stats.items():
        place = (Path(filename).name, func)
        by_place[place] = max(by_place.get(place, 0.0), cumulative)
    print("\nstage                                         seconds   share")
    for label, filename, func in STAGES:
        seconds = by_place.get((filename, func), 0.0)
        print(f"  {label:<42} {seconds:>8.2f}   {seconds / wall:>5.0%}")
    print_top(stats, args.top)
    print(f"\nwrote {out / 'build.prof'}" + (f" and {out / 'build.html'}" if args.pyinstrument else ""))


def print_top(stats: pstats.Stats, top: int) -> None:
    for order in ("tottime", "cumulative"):
        buffer = io.StringIO()
        stats.stream = buffer
        stats.sort_stats(order).print_stats(top)
        body = buffer.getvalue()
        start = body.find("   ncalls")
        print(f"\ntop {top} by {order}:")
        print(body[start:].rstrip())


def profile_queries(args) -> None:
    from termsearch import Engine

    queries = bench_run.load_queries(args.queries)
    engine = Engine(args.index)
    engine.search(queries[0][1])
    for _, q in queries:        # warm every lazy load first
        engine.search(q, limit=10)
    timed = []
    for kind, q in queries:
        started = time.perf_counter()
        result = engine.search(q, limit=10)
        timed.append((time.perf_counter() - started, kind, q, result.total))
    timed.sort(reverse=True)
    print("slowest queries (ms, paragraphs found):")
    for seconds, kind, q, total in timed[:args.top]:
        print(f"  {seconds * 1000:8.2f}  {kind:<14} {q}  ({total:,})")
    profiler = cProfile.Profile()
    for _, _, q, _ in timed[:args.top]:
        profiler.enable()
        for _ in range(args.repeat):
            engine.search(q, limit=10)
        profiler.disable()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    profiler.dump_stats(out / "queries.prof")
    stats = pstats.Stats(profiler)
    print(f"\nprofile of those {args.top} queries × {args.repeat}:")
    print_top(stats, args.top_functions)
    print(f"\nwrote {out / 'queries.prof'}")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="what", required=True)
    b = sub.add_parser("build")
    b.add_argument("--corpus", default="reports")
    b.add_argument("--out", default=str(HERE / "results" / "profile"))
    b.add_argument("--top", type=int, default=25)
    b.add_argument("--pyinstrument", action="store_true", help="also write build.html (needs pyinstrument)")
    b.add_argument("--timeline-only", action="store_true", help="only the timed real build, no profiler run")
    q = sub.add_parser("queries")
    q.add_argument("--index", required=True, type=Path)
    q.add_argument("--queries", type=Path, default=HERE / "queries.txt")
    q.add_argument("--top", type=int, default=6, help="how many of the slowest queries to profile")
    q.add_argument("--repeat", type=int, default=20)
    q.add_argument("--top-functions", type=int, default=25)
    q.add_argument("--out", default=str(HERE / "results" / "profile"))
    args = p.parse_args(argv)
    profile_build(args) if args.what == "build" else profile_queries(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
