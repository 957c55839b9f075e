#!/usr/bin/env python3
"""Peak memory and CPU time of one build, for the process tree.

    .venv/bin/python bench/build_memory.py [--corpus all|reports|PATH] [--size F] [--workers N] [--timeline]
                                           [--spill-characters N] [--keep DIR]

The build runs in a child process (the public API's `build`); its tree (the child and every
process it starts) is sampled every 50 ms: the summed RSS of all of them, as bench/run.py and
bench/growth.py count it, and the largest single process. The summed RSS counts a page twice
where a forked worker still shares it with the builder; the summed PSS beside it (Linux's
/proc/PID/smaps_rollup: each shared page split among those sharing it) is what the tree takes
from the machine, and is null where the kernel does not give it. CPU time is user + system of the
whole tree (the child and the workers it waited for), which is the fair measure of a build's
work on a shared machine; wall time is printed too. `--timeline` prints, every second, the
RSS of each process of the tree (to see which phase holds what). `--size` takes that share of the
corpus's files (below 1, drawn as bench/growth.py draws them); `--spill-characters` sets the
writers' spill size (index_build.SPILL_CHARACTERS) for the build; `--keep DIR` builds into DIR
(kept) instead of a temporary folder, and prints its segment count.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run as bench_run  # noqa: E402


def child(paths: list[str], folder: str, workers: int | None, spill_characters: int | None) -> int:
    from termsearch import build, index_build

    if spill_characters:
        index_build.SPILL_CHARACTERS = spill_characters
        if hasattr(index_build, "SEGMENT_CHARACTERS"):      # a termsearch before the writers spilled: a segment each
            index_build.SEGMENT_CHARACTERS = spill_characters
    started = time.perf_counter()
    result = build([Path(p) for p in paths], Path(folder), workers=workers)
    print(json.dumps({"seconds": round(time.perf_counter() - started, 2), "characters": result.characters}))
    return 0


def proportional_size(pid: int) -> int | None:
    """The process's PSS in bytes, or None where /proc/PID/smaps_rollup is not there to read."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def sample(pid: int, stop: threading.Event, timeline: bool, out: dict) -> None:
    import psutil

    root = psutil.Process(pid)
    started = time.perf_counter()
    last_print = 0.0
    while not stop.is_set():
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            break
        sizes, shares = [], []
        for proc in procs:
            try:
                sizes.append((proc.pid, proc.memory_info().rss))
            except psutil.Error:
                continue
            shares.append(proportional_size(proc.pid))
        total = sum(rss for _, rss in sizes)
        if shares and None not in shares:
            out["peak_pss"] = max(out["peak_pss"] or 0, sum(shares))
        if total > out["peak"]:
            out["peak"], out["at"] = total, [(p, round(r / 2**20)) for p, r in sizes]
        out["largest"] = max(out["largest"], max((r for _, r in sizes), default=0))
        now = time.perf_counter() - started
        if timeline and now - last_print >= 1:
            last_print = now
            print(f"{now:6.1f}s tree {total / 2**20:7.0f} MB  " + " ".join(f"{p}:{r / 2**20:.0f}" for p, r in sizes),
                  file=sys.stderr, flush=True)
        stop.wait(0.05)


def segment_count(folder: Path) -> int:
    from whoosh import index as whoosh_index

    from termsearch.index_layout import INDEX_NAME, current_build

    with whoosh_index.open_dir(current_build(folder) / INDEX_NAME).reader() as reader:
        return len(reader.leaf_readers())


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", default="reports")
    p.add_argument("--workers", type=int)
    p.add_argument("--timeline", action="store_true")
    p.add_argument("--size", type=float, default=1.0)
    p.add_argument("--spill-characters", type=int)
    p.add_argument("--keep", type=Path)
    p.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        return child(args.child[1:], args.child[0], args.workers, args.spill_characters)
    try:
        import psutil  # noqa: F401  (the sampler's, checked here: in its thread it reported a 0 MB peak)
    except ImportError:
        print("bench/build_memory.py needs psutil: `make bench` installs it (the bench extra), "
              "or .venv/bin/pip install -e '.[bench]'", file=sys.stderr)
        return 2
    name, paths = bench_run.resolve_corpus(args.corpus)
    with tempfile.TemporaryDirectory(prefix="termsearch-buildmem-") as tmp:
        if args.size < 1:
            import growth

            paths = growth.files_for(args.size, growth.corpus_files(paths), Path(tmp))
            name = f"{args.size:g}× {name}"
        index = args.keep or Path(tmp) / "index"
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(index), *map(str, paths)]
        if args.workers:
            cmd[2:2] = ["--workers", str(args.workers)]
        if args.spill_characters:
            cmd[2:2] = ["--spill-characters", str(args.spill_characters)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        out = {"peak": 0, "peak_pss": None, "largest": 0, "at": []}
        stop = threading.Event()
        sampler = threading.Thread(target=sample, args=(proc.pid, stop, args.timeline, out), daemon=True)
        sampler.start()
        stdout, _ = proc.communicate()
        stop.set()
        sampler.join()
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        print(f"build_memory: the build exited with {proc.returncode}", file=sys.stderr)
        return 1
    built = json.loads(stdout.strip().splitlines()[-1])
    result = {"corpus": name, "characters": built["characters"], "build_s": built["seconds"],
              "wall_s": round(wall, 2),
              "cpu_s": round(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, 2),
              "peak_tree_mb": round(out["peak"] / 2**20),
              "peak_tree_pss_mb": round(out["peak_pss"] / 2**20) if out["peak_pss"] else None,
              "largest_process_mb": round(out["largest"] / 2**20),
              "processes_at_peak_mb": [mb for _, mb in out["at"]],
              **({"segments": segment_count(args.keep)} if args.keep else {}),
              "load": [round(x, 2) for x in os.getloadavg()], "commit": bench_run.machine().get("commit")}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
