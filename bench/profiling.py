#!/usr/bin/env python3
"""Where termsearch spends its time: a profile of the build and of the slowest queries.

    .venv/bin/python bench/profiling.py build   [--corpus reports|…|PATH] [--out DIR]
    .venv/bin/python bench/profiling.py stages  [--corpus reports|…|PATH] [--repeat 1]
    .venv/bin/python bench/profiling.py queries --index DIR [--queries bench/queries.txt] [--top 6]
    .venv/bin/python bench/profiling.py writing --index DIR [--inline 1 9] [--level 3 0] [--block 128 512] [--rounds 3]
    .venv/bin/python bench/profiling.py words   [--corpus reports|…|PATH] [--files N] [--rounds 2]

`build` first times the real build (process pools intact: pool lifetimes and the main process's
Whoosh writing, commit, vocabulary and JSON), then runs it again with its process pools replaced
by an in-process executor,
so one profiler sees ingest, analysis, Whoosh writing and the vocabulary alike (the figures are
single-core: the real build spreads ingest and analysis over the cores). It prints the time per
stage and the functions with the most time, and writes build.prof (cProfile; open it with
`python -m pstats` or snakeviz) and, if pyinstrument is installed, build.html.

`stages` runs the build in one process (pools replaced, as above) with no profiler, and prints
the CPU time (time.thread_time, so no profiler overhead and no other process's load) of each
stage and sub-stage, and the CPU time of a real build (its process and all its workers): the
figures to compare before and after a change on a shared machine, where wall time is noisy.

`queries` times every query once, then profiles the slowest ones (each repeated) and prints
where their time goes.

`writing --index IX [--inline 1 9] [--level 3 0] [--block 128 512]` writes the counted fields
of the index's first segment again (its postings read back) with each inline limit, zlib level
of the posting blocks and block size, taking turns, and prints the CPU time and the files' size:
a build's writing alone, before and after a change to it.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import resource
import sys
import tempfile
import time
from array import array
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


def _cpu_seconds() -> float:
    """CPU time (user + system) of this process and of its children that have ended."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timeline_build(paths: list[Path]) -> None:
    """The real build (process pools intact) with the main process's stages timed, no profiler.

    The main process reads files and writes segments through pools of worker processes, and
    looks words up in dictionaries through another (whose worker also writes the commonest
    words' table: counted in that stage's workers' CPU) while it writes JSON sidecars. Each stage's wall time, the main process's CPU time in it and its
    workers' (where the wall time is well above the CPU over the cores, a core idles)."""
    import termsearch.index_build as index_mod

    # label → [wall s, this process's CPU s, its ended workers' CPU s] (a pool's workers are
    # waited for, and so counted, when the stage that made the pool closes it)
    spent: dict[str, list[float]] = {}

    def timed(label, fn):
        def wrapper(*a, **kw):
            started, own, workers = time.perf_counter(), _own_cpu(), _children_cpu()
            try:
                return fn(*a, **kw)
            finally:
                row = spent.setdefault(label, [0.0, 0.0, 0.0])
                row[0] += time.perf_counter() - started
                row[1] += _own_cpu() - own
                row[2] += _children_cpu() - workers
        return wrapper

    stages = {(index_mod, "_ingest"): "reading files (pool)",
              (index_mod, "_write_segments"): "analysing, writing, committing segments (pool)",
              (index_mod, "_write_documents"): "  meanwhile: document pages",
              (index_mod, "_word_facts"): "dictionary look-ups (pool)",
              (index_mod, "_write_vocab"): "vocabulary",
              (index_mod.word_map, "build_english_index"): "English index",
              (index_mod, "write_json"): "JSON sidecars"}
    saved = {key: getattr(*key) for key in stages}
    for (owner, name), label in stages.items():
        setattr(owner, name, timed(label, saved[(owner, name)]))
    try:
        with tempfile.TemporaryDirectory(prefix="termsearch-profile-") as tmp:
            cpu = _cpu_seconds()
            started = time.perf_counter()
            result = index_mod.build(paths, Path(tmp) / "ix")
            wall = time.perf_counter() - started
            cpu = _cpu_seconds() - cpu
    finally:
        for (owner, name), fn in saved.items():
            setattr(owner, name, fn)
    print(f"real build: {result.characters:,} characters in {wall:.1f} s "
          f"({result.characters / wall / 1000:,.0f} K chars/s) with {index_mod._workers()} workers; "
          f"CPU {cpu:.1f} s (the build's process and its workers)")
    print(f"  {'main process in (a stage run meanwhile is also in its own)':<66} {'wall s':>7} {'CPU s':>6} {'workers CPU s':>14}")
    for label, (seconds, own, workers) in sorted(spent.items(), key=lambda kv: -kv[1][0]):
        print(f"  {label:<66} {seconds:7.2f} {own:6.2f} {workers:14.2f}")


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# The stages of a build, as (module, attribute, label); a label's indent shows it runs inside
# the stage above it. Each wrapper adds the CPU time of its calls (nested stages are counted in
# their parents too).
STAGE_TIMERS = [
    ("termsearch.index_build", "_ingest_one", "ingest: read, clean, structure (per file)"),
    ("termsearch.analysis.segment", "load", "segmenter: load the dictionary"),
    ("termsearch.index_build", "_RowSpool.add", "paragraph rows (texts.txt and the writers' shares)"),
    ("termsearch.analysis.analyzers", "counted", "analysis of the paragraphs"),
    ("termsearch.analysis.variants", "normalized_text", "  normalise (variants, OpenCC)"),
    ("termsearch.analysis.segment", "index_words", "  words: segmenter + sub-words"),
    ("termsearch.analysis.termforms", "TermFinder.find", "  glossary terms"),
    ("termsearch.analysis.analyzers", "han_grams", "  characters and pairs"),
    ("termsearch.segments", "SegmentBuilder.add", "segment: inverting postings (add)"),
    ("termsearch.segments", "SegmentBuilder.finish", "segment: writing (finish)"),
    ("termsearch.whoosh_format", "write_terms", "  terms and postings files"),
    ("termsearch.segments", "commit_segments", "commit"),
    ("termsearch.index_build", "_facts_of", "dictionary look-ups (per word)"),
    ("termsearch.analysis.pinyin", "readings", "  readings"),
    ("termsearch.analysis.pinyin", "other_readings", "  other readings"),
    ("termsearch.english.reader_glosses", "glosses", "  glosses"),
    ("termsearch.english.word_map", "dictionary_senses", "  English senses"),
    ("termsearch.common_terms", "write", "commonest words' table"),
    ("termsearch.index_build", "_write_vocab", "vocabulary (pinyin and initials maps)"),
    ("termsearch.english.word_map", "build_english_index", "English index"),
    ("termsearch.index_build", "_write_document", "document pages (JSON)"),
    ("termsearch.index_build", "write_json", "JSON sidecars"),
]


def stages_build(args) -> None:
    """CPU time per stage of an in-process build (see the module's docstring)."""
    import importlib

    import termsearch.index_build as index_mod
    import termsearch.whoosh_format as whoosh_format_mod

    name, paths = bench_run.resolve_corpus(args.corpus)
    if not args.stages_only:
        timeline_build(paths)
        print()
    spent: dict[str, float] = {}
    calls: dict[str, int] = {}
    clock = time.thread_time

    def timed(label, fn):
        def wrapper(*a, **kw):
            started = clock()
            try:
                return fn(*a, **kw)
            finally:
                spent[label] = spent.get(label, 0.0) + clock() - started
                calls[label] = calls.get(label, 0) + 1
        return wrapper

    def per_field(write_terms):
        """write_terms with each field's time (the terms are made lazily as they are written)."""
        def wrapper(storage, segment, fields):
            def timed_fields():
                for entry in fields:
                    started = clock()
                    yield entry
                    label = f"    field {entry[0]}"
                    spent[label] = spent.get(label, 0.0) + clock() - started
            return write_terms(storage, segment, timed_fields())
        return wrapper

    patched = []
    for module_name, attribute, label in STAGE_TIMERS:
        owner = importlib.import_module(module_name)
        *path, last = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        original = owner.__dict__[last] if isinstance(owner, type) else getattr(owner, last)
        patched.append((owner, last, original))
        fn = per_field(original) if (owner, last) == (whoosh_format_mod, "write_terms") else original
        setattr(owner, last, timed(label, fn))
    saved_pool, saved_fork = index_mod.ProcessPoolExecutor, index_mod._fork_is_safe
    index_mod.ProcessPoolExecutor = InProcessExecutor
    # Nothing forked either (the segment writers and the readings' files are forked processes
    # of their own where forking is safe): every stage runs in this thread.
    index_mod._fork_is_safe = lambda: False
    totals = []
    try:
        for _ in range(args.repeat):
            spent.clear()
            calls.clear()
            with tempfile.TemporaryDirectory(prefix="termsearch-profile-") as tmp:
                cpu, started = time.process_time(), time.perf_counter()
                result = index_mod.build(paths, Path(tmp) / "ix")
                totals.append((time.process_time() - cpu, time.perf_counter() - started))
    finally:
        index_mod.ProcessPoolExecutor, index_mod._fork_is_safe = saved_pool, saved_fork
        for owner, last, original in reversed(patched):
            setattr(owner, last, original)
    cpu, wall = min(totals)
    print(f"in-process build of {name} ({result.characters:,} characters), one core, no profiler: "
          f"CPU {cpu:.2f} s (wall {wall:.1f} s)" + (f"; the least of {args.repeat} runs, stages of the last"
                                                    if args.repeat > 1 else ""))
    print("\nstage (CPU seconds of the main thread; indented: part of the stage above)   seconds   share   calls")
    labels = [label for _, _, label in STAGE_TIMERS]
    fields = sorted(label for label in spent if label.startswith("    field "))
    at = labels.index("  terms and postings files") + 1
    for label in labels[:at] + fields + labels[at:]:
        if label in spent:
            print(f"  {label:<72} {spent[label]:>7.2f}   {spent[label] / cpu:>5.0%}   {calls.get(label, ''):>6}")


def writing(args) -> None:
    """CPU time of writing one segment's counted fields (whoosh_format.write_terms) from the
    postings of an existing index, for each inline limit (whoosh_format.INLINE_BELOW; 1:
    nothing inlined), each zlib level of the posting blocks (whoosh_format.POSTINGS_LEVEL, W3Codec's
    `compression`; 0: stored as they are) and each block size (W3Codec's `blocklimit`) given,
    taking turns: what a build's writing costs, without the build."""
    import itertools
    import os

    from whoosh import index as whoosh_index

    from termsearch import segments, whoosh_format
    from termsearch.index_layout import INDEX_NAME, current_build, make_schema

    ix = whoosh_index.open_dir(current_build(args.index) / INDEX_NAME)
    leaf = ix.reader().leaf_readers()[0][0]
    fields = {}
    for name in ("chars", "text"):
        terms = []
        for word, _ in leaf.iter_field(name):
            docnums, freqs = array("I"), array("I")
            for docnum, value in leaf.postings(name, word).all_items():
                docnums.append(docnum)
                freqs.append(int.from_bytes(value, "big"))
            terms.append((word, docnums, freqs))
        lengths = segments._Lengths("I", [leaf.doc_field_length(d, name) or 0 for d in range(leaf.doc_count_all())])
        fields[name] = (terms, lengths)
    print(f"{args.index}, its first segment: " + ", ".join(f"{name} {len(terms):,} terms" for name, (terms, _) in fields.items()))
    # (None: code without that setting, which writes as it always did)
    settings = ("INLINE_BELOW", "POSTINGS_LEVEL", "_BLOCK")
    saved = {name: getattr(whoosh_format, name, None) for name in settings}
    variants = list(itertools.product(args.inline, args.level or [saved["POSTINGS_LEVEL"]],
                                      args.block or [saved["_BLOCK"]]))
    seconds: dict[tuple, list[float]] = {variant: [] for variant in variants}
    sizes: dict[tuple, tuple[int, int]] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="termsearch-writing-") as tmp:
            target = whoosh_index.create_in(tmp, make_schema())
            for _ in range(args.rounds):
                for variant in variants:
                    for name, value in zip(settings, variant):
                        if value is not None:
                            setattr(whoosh_format, name, value)
                    segment, perdoc = whoosh_format.new_segment(target)
                    started = time.thread_time()
                    whoosh_format.write_terms(target.storage, segment, [
                        (name, target.schema[name], lengths, iter(terms), True) for name, (terms, lengths) in fields.items()])
                    seconds[variant].append(time.thread_time() - started)
                    perdoc.close()
                    size = {ext: os.path.getsize(Path(tmp) / f) for f in os.listdir(tmp)
                            for ext in (".trm", ".pst") if segment.segid in f and f.endswith(ext)}
                    sizes[variant] = (size.get(".trm", 0), size.get(".pst", 0))
    finally:
        for name, value in saved.items():
            if value is not None:
                setattr(whoosh_format, name, value)
    print("inline below  zlib level  block   CPU s (least of the rounds; each round)    terms MB  postings MB")
    for variant in variants:
        limit, level, block = variant
        runs = " · ".join(f"{s:.2f}" for s in seconds[variant])
        print(f"  {limit:>10}  {level!s:>10}  {block!s:>5}   {min(seconds[variant]):6.2f}  ({runs})"
              f"   {sizes[variant][0] / 1e6:8.1f}  {sizes[variant][1] / 1e6:10.1f}")


def segment(args) -> None:
    """CPU time of one segment's SegmentBuilder.add (inverting, per paragraph) and finish
    (writing), over the paragraphs of the corpus's first --files files, analysed beforehand:
    run it with each commit's PYTHONPATH in turns for a before and after of the writer alone."""
    from whoosh import index as whoosh_index

    from termsearch import index_build, segments
    from termsearch.analysis import analyzers
    from termsearch.index_layout import make_schema
    from termsearch.ingest.pipeline import ingest_file

    _, paths = bench_run.resolve_corpus(args.corpus)
    files = sorted(f for path in paths for f in ([path] if path.is_file() else path.rglob("*.txt")))[:args.files]
    rows = []
    for number, path in enumerate(files):
        for p in ingest_file(path, f"d{number}").paragraphs:
            fields = {"pid": p.id, "document": p.document, "section": p.section, "line": p.line,
                      "text": index_build._indexed_text(p), "_stored_text": p.text, "row": len(rows)}
            rows.append((fields, analyzers.counted(fields["text"], fields["document"])))
    postings = sum(len(counted[name]) for _, counted in rows for name in counted)
    print(f"{len(files)} files, {len(rows):,} paragraphs, {postings:,} counted postings")
    with tempfile.TemporaryDirectory(prefix="termsearch-segment-") as tmp:
        ix = whoosh_index.create_in(tmp, make_schema())
        for round_ in range(args.rounds):
            builder = segments.SegmentBuilder(ix)
            started = time.thread_time()
            for fields, counted in rows:
                builder.add(fields, counted)
            added = time.thread_time()
            builder.finish()
            print(f"round {round_ + 1}: add {added - started:.2f} CPU s, finish {time.thread_time() - added:.2f} CPU s")


def analysis(args) -> None:
    """CPU time of analysing paragraphs as a build's writer does (analyzers.counted, with the
    runs of a character and a word and the longer words cut across tallied), over the
    paragraphs of the corpus's first --files files, the cut words forgotten before each round;
    and a digest of everything it made, so that two commits (each's PYTHONPATH, in turns) are
    seen to analyse alike."""
    import hashlib

    from termsearch import index_build
    from termsearch.analysis import analyzers, segment as segment_mod, unit_runs
    from termsearch.ingest.pipeline import ingest_file

    _, paths = bench_run.resolve_corpus(args.corpus)
    files = sorted(f for path in paths for f in ([path] if path.is_file() else path.rglob("*.txt")))[:args.files]
    texts = [(index_build._indexed_text(p), p.document) for number, path in enumerate(files)
             for p in ingest_file(path, f"d{number}").paragraphs]
    analyzers.use_glossary([], [])
    segment_mod.load()
    print(f"{len(files)} files, {len(texts):,} paragraphs")
    for round_ in range(args.rounds):
        segment_mod.forget_words_seen()
        unit_runs.start()
        segment_mod.start_words_across_cuts()
        started = time.thread_time()
        made = [analyzers.counted(text, document) for text, document in texts]
        seconds = time.thread_time() - started
        digest = hashlib.sha256()
        for counted in made:
            for name in sorted(counted):
                digest.update(repr(sorted(counted[name].items())).encode())
        digest.update(repr(sorted(segment_mod.take_words_across_cuts())).encode())
        digest.update(repr([sorted(c.items()) for c in unit_runs.take()]).encode())
        print(f"round {round_ + 1}: {seconds:.2f} CPU s; digest {digest.hexdigest()[:16]}")


def words(args) -> None:
    """CPU time of each part of a writer's analysis of the paragraphs (what `stages` counts as
    normalising and words, split further): OpenCC normalising, regional folds, splitting into
    runs, rjieba's cut of each run with its words, sub-words and folds and the longer words cut
    across it (one walk of the cut: segment._cut_run), the words' Counter, the runs of a character and a word, characters and pairs. Timed
    with thread_time around each part of each run, so each figure carries its share of the
    timing's own calls (~0.3 s a part over the reports folder's runs); the caches are emptied
    before each round."""
    from collections import Counter
    from functools import partial

    from termsearch import index_build
    from termsearch.analysis import analyzers, segment as segment_mod, unit_runs, variants
    from termsearch.ingest.pipeline import ingest_file

    _, paths = bench_run.resolve_corpus(args.corpus)
    files = sorted(f for path in paths for f in ([path] if path.is_file() else path.rglob("*.txt")))[:args.files]
    texts = [index_build._indexed_text(p) for number, path in enumerate(files)
             for p in ingest_file(path, f"d{number}").paragraphs]
    analyzers.use_glossary([], [])
    segment_mod.load()
    clock = time.thread_time
    parts = ["normalise", "fold", "split", "cut, forms, across", "Counter", "char+word runs", "han grams"]
    print(f"{len(files)} files, {len(texts):,} paragraphs; CPU s of each part:")
    unfolded_form = partial(variants.normalized_text, regional=False)

    def timed(label, fn, *args):
        started = clock()
        result = fn(*args)
        spent[label] += clock() - started
        return result

    for round_ in range(args.rounds):
        segment_mod.forget_words_seen()
        spent = dict.fromkeys(parts, 0.0)
        runs = 0
        for text in texts:
            unfolded = timed("normalise", unfolded_form, text)
            normalized = timed("fold", variants.fold_regional, unfolded)
            split = timed("split", segment_mod._runs().split, unfolded)[1::2]
            found = []
            for run in split:
                found.extend(timed("cut, forms, across", segment_mod.run_words, run))   # one walk of the cut
            runs += len(split)
            timed("Counter", Counter, found)
            timed("char+word runs", unit_runs.runs_of, unfolded)
            timed("han grams", analyzers.han_grams, normalized)
        print(f"round {round_ + 1} ({runs:,} runs): " + "  ".join(f"{k} {v:.2f}" for k, v in spent.items()))


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
    index_mod._fork_is_safe = lambda: False         # (nothing forked: see stages_build)
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
    st = sub.add_parser("stages")
    st.add_argument("--corpus", default="reports")
    st.add_argument("--repeat", type=int, default=1, help="in-process builds (the least CPU time is shown)")
    st.add_argument("--stages-only", action="store_true", help="no real build first, only the in-process one")
    q = sub.add_parser("queries")
    q.add_argument("--index", required=True, type=Path)
    q.add_argument("--queries", type=Path, default=HERE / "queries.txt")
    q.add_argument("--top", type=int, default=6, help="how many of the slowest queries to profile")
    q.add_argument("--repeat", type=int, default=20)
    q.add_argument("--top-functions", type=int, default=25)
    q.add_argument("--out", default=str(HERE / "results" / "profile"))
    w = sub.add_parser("writing")
    w.add_argument("--index", required=True, type=Path)
    w.add_argument("--inline", type=int, nargs="+", default=[1, 9], help="inline limits to compare")
    w.add_argument("--level", type=int, nargs="+", help="zlib levels of the posting blocks to compare (0: none)")
    w.add_argument("--block", type=int, nargs="+", help="postings a block holds, to compare (W3's blocklimit)")
    w.add_argument("--rounds", type=int, default=3)
    sg = sub.add_parser("segment")
    sg.add_argument("--corpus", default="reports")
    sg.add_argument("--files", type=int, default=70, help="how many of the corpus's files (in path order)")
    sg.add_argument("--rounds", type=int, default=2)
    an = sub.add_parser("analysis")
    an.add_argument("--corpus", default="reports")
    an.add_argument("--files", type=int, default=1000, help="how many of the corpus's files (in path order)")
    an.add_argument("--rounds", type=int, default=2)
    wd = sub.add_parser("words")
    wd.add_argument("--corpus", default="reports")
    wd.add_argument("--files", type=int, default=1000, help="how many of the corpus's files (in path order)")
    wd.add_argument("--rounds", type=int, default=2)
    args = p.parse_args(argv)
    {"build": profile_build, "stages": stages_build, "queries": profile_queries,
     "writing": writing, "segment": segment,
     "analysis": analysis, "words": words}[args.what](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
