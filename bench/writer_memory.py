#!/usr/bin/env python3
"""A segment writer's memory, segment by segment (issue 18.3): does a writer grow at each segment
it closes?

    .venv/bin/python bench/writer_memory.py [--corpus all|reports|PATH] [--size 0.25]
                                            [--spill-characters 500000] [--tracemalloc]
                                            [--keep DIR]

Takes `--size` of the corpus's files (as bench/growth.py draws them), runs a build up to where its
writers would start, keeps one writer's share of the rows and the glossary the writers are given
(in `--keep`, reused when already there), then writes that share in a new process set up as a
build's writer is (index_build._writer_started), spilling its postings (before: closing a segment) every
`--spill-characters`.
Printed after each segment closed or each spill of the postings to disk: the writer's resident
memory (RSS) and, with `--tracemalloc`, the Python allocations still held, with the lines that
hold most of what grew since the first such point.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import pickle
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import growth  # noqa: E402
import run as bench_run  # noqa: E402


class _Kept(Exception):
    pass


def keep_share(files: list[Path], keep: Path) -> None:
    """Build up to the writers, keeping the first writer's share and the glossary in `keep`."""
    from termsearch import index_build

    def kept(ix, shares, glossary, **_):
        keep.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shares[0], keep / "share.pickle")
        (keep / "glossary.pickle").write_bytes(pickle.dumps(glossary))
        raise _Kept

    index_build._write_segments = kept
    with tempfile.TemporaryDirectory(prefix="termsearch-writermem-") as tmp:
        try:
            index_build.build(files, Path(tmp) / "index", workers=2)
        except _Kept:
            return
    raise SystemExit("writer_memory: the build never reached its writers")


def _rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def write_share(keep: str, most: int, trace: bool) -> list[dict]:
    """In a fresh process: the share written as a build's writer writes it, measured per segment."""
    import tracemalloc

    from whoosh import index as whoosh_index

    from termsearch import index_build, segments
    from termsearch.index_layout import make_schema

    index_build._writer_started(pickle.loads((Path(keep) / "glossary.pickle").read_bytes()))
    if trace:
        tracemalloc.start(8)
    rows: list[dict] = []
    first = []
    started = time.process_time()

    def measured(step: str, original):
        def wrapper(builder):
            made = original(builder)
            row = {"step": step, "at": len(rows) + 1, "docs": builder._docnum, "rss_mb": round(_rss_mb()),
                   "cpu_s": round(time.process_time() - started, 1)}
            if trace:
                snapshot = tracemalloc.take_snapshot()
                row["traced_mb"] = round(tracemalloc.get_traced_memory()[0] / 2**20, 1)
                if not first:
                    first.append(snapshot)
                else:
                    grown = snapshot.compare_to(first[0], "traceback")[:6]
                    row["grown_since_first"] = [
                        f"{s.size_diff / 2**20:+.1f} MB {s.count_diff:+} blocks at "
                        + " < ".join(f"{Path(f.filename).name}:{f.lineno}" for f in list(s.traceback)[-4:])
                        for s in grown]
            print(json.dumps(row, ensure_ascii=False), file=sys.stderr, flush=True)
            rows.append(row)
            return made
        return wrapper

    # The points measured: each segment closed (finish) and each spill of the postings to disk.
    segments.SegmentBuilder.finish = measured("finish", segments.SegmentBuilder.finish)
    if hasattr(segments.SegmentBuilder, "spill"):
        segments.SegmentBuilder.spill = measured("spill", segments.SegmentBuilder.spill)
    with tempfile.TemporaryDirectory(prefix="termsearch-writermem-ix-") as tmp:
        ix = whoosh_index.create_in(tmp, make_schema())
        del ix
        index_build._write_share((tmp, str(Path(keep) / "share.pickle"), most))
    rows.append({"after": "write_share", "rss_mb": round(_rss_mb())})
    return rows


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", default="all")
    p.add_argument("--size", type=float, default=0.25)
    p.add_argument("--spill-characters", type=int, default=500_000)
    p.add_argument("--tracemalloc", action="store_true")
    p.add_argument("--keep", type=Path)
    args = p.parse_args(argv)
    name, paths = bench_run.resolve_corpus(args.corpus)
    keep = args.keep or HERE / "results" / f"writer-share-{name}-{args.size:g}"
    if not (keep / "share.pickle").exists():
        bench_run.log(f"writer_memory: building {args.size:g}× {name} up to its writers …")
        with tempfile.TemporaryDirectory(prefix="termsearch-writermem-files-") as scratch:
            keep_share(growth.files_for(args.size, growth.corpus_files(paths), Path(scratch)), keep)
    bench_run.log(f"writer_memory: writing one share of {keep} …")
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        rows = pool.apply(write_share, (str(keep), args.spill_characters, args.tracemalloc))
    print(json.dumps({"corpus": name, "size": args.size, "spill_characters": args.spill_characters,
                      "points": [r for r in rows if "step" in r], "end": rows[-1],
                      "load": [round(x, 2) for x in os.getloadavg()]}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
