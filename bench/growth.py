#!/usr/bin/env python3
"""How termsearch's costs grow with the corpus: build time, the build's peak memory, index size,
query latency and a serving process's memory at several sizes of one corpus.

    .venv/bin/python bench/growth.py [--corpus all|reports|PATH] [--sizes 0.25,0.5,1,2] [--rounds 3]
                                     [--queries bench/queries.txt] [--out bench/results]

A size below 1 is a share of the corpus's files (by bytes; the files are taken in an order fixed
by a hash of their paths, so every folder is sampled); a size above 1 adds the corpus again with
its documents renamed (copies in a temporary folder, file names prefixed), so 2 is the corpus
twice. Each build runs in a child process whose process tree's peak memory is sampled (summed
RSS, as bench/run.py measures it); each index is then served by another child process that
answers every query of the query set once (the warm-up), reports its memory, and answers them
`--rounds` more times, timed. Each curve's exponent is the slope of log(figure) over
log(characters) (least squares): 1 grows as the corpus does, 2 as its square. Writes growth.json,
table.md and growth.png (with matplotlib) to bench/results/growth-<timestamp>/.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import measure  # noqa: E402
import run as bench_run  # noqa: E402

# The goals of issue 18, checked against the curves.
GOALS = {"peak_rss_mb": (1024, "build peak memory (process tree) 1 GB"),
         "serve_rss_mb": (300, "serving process memory 300 MB"),
         "p95_ms": (25, "p95 over every kind 25 ms")}


def _load() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def corpus_files(paths: list[Path]) -> list[Path]:
    from termsearch.ingest.files import collect_files

    files, _ = collect_files(paths)
    # An order fixed by the paths' hashes: a share of the files samples every folder.
    return sorted(files, key=lambda p: hashlib.sha1(str(p).encode("utf-8")).hexdigest())


def files_for(size: float, files: list[Path], scratch: Path) -> list[Path]:
    """`size` times the corpus: whole copies (the first is the corpus itself, the others copied
    with their names prefixed) and a share of the files by bytes."""
    sizes = [f.stat().st_size for f in files]
    total = sum(sizes)
    chosen: list[Path] = []
    copy = 0
    left = size
    while left > 1e-9:
        share = min(left, 1.0)
        taken, done = [], 0
        for f, n in zip(files, sizes):
            if done >= share * total - 1e-6:
                break
            taken.append(f)
            done += n
        if copy == 0:
            chosen += taken
        else:
            folder = scratch / f"copy{copy}"
            for i, f in enumerate(taken):
                target = folder / f"copy{copy}-{i:05d}-{f.name}"
                if not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(f, target)
                    meta = f.with_name(f.name + ".meta.json")
                    if meta.exists():
                        shutil.copyfile(meta, target.with_name(target.name + ".meta.json"))
                chosen.append(target)
        left -= share
        copy += 1
    return chosen


# ----------------------------------------------------------------------------- children

def child_build(listing: Path, folder: Path) -> int:
    from termsearch import build

    paths = [Path(p) for p in json.loads(listing.read_text(encoding="utf-8"))]
    started = time.perf_counter()
    result = build(paths, folder)
    used = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    print(json.dumps({"seconds": time.perf_counter() - started, "characters": result.characters,
                      # user + system time of the build and the workers it waited for: its work,
                      # whatever else the machine runs
                      "cpu_seconds": sum(u.ru_utime + u.ru_stime for u in used),
                      "documents": result.report.totals().get("documents"),
                      "rusage_peak_rss_mb": measure.own_peak_rss_mb()}))
    return 0


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def child_serve(folder: Path, queries_path: Path, rounds: int) -> int:
    from termsearch import Engine

    queries = bench_run.load_queries(queries_path)
    engine = Engine(folder)

    def search(q):
        result = engine.search(q, limit=10)
        return len(result.hits), result.total

    rows = bench_run.time_queries(search, queries, 0)        # the warm-up: every kind once
    warm_rss = _status_mb("VmRSS")
    cpu_before = time.process_time()
    rows = bench_run.time_queries(search, queries, rounds)
    # CPU time per query: what a query costs whatever else the machine runs (wall times are not)
    cpu_ms = (time.process_time() - cpu_before) * 1000 / max(1, len(queries) * max(1, rounds))
    stats = bench_run.stats_of(rows)
    print(json.dumps({"p50_ms": stats["p50_ms"], "p95_ms": stats["p95_ms"], "p99_ms": stats["p99_ms"],
                      "cpu_ms_per_query": round(cpu_ms, 2),
                      "serve_rss_mb": warm_rss, "serve_peak_rss_mb": _status_mb("VmHWM"),
                      "slowest": sorted(({"query": r["query"], "median_ms": r["median_ms"]} for r in rows
                                         if r["median_ms"] is not None), key=lambda r: -r["median_ms"])[:3]}))
    return 0


# ----------------------------------------------------------------------------- the curves

def exponent(xs: list[float], ys: list[float]) -> float | None:
    """Slope of log(y) over log(x), least squares."""
    points = [(math.log(x), math.log(y)) for x, y in zip(xs, ys) if x and y and y > 0]
    if len(points) < 2:
        return None
    mx = sum(p[0] for p in points) / len(points)
    my = sum(p[1] for p in points) / len(points)
    var = sum((p[0] - mx) ** 2 for p in points)
    return round(sum((p[0] - mx) * (p[1] - my) for p in points) / var, 2) if var else None


def where_it_breaks(rows: list[dict], exponents: dict) -> list[str]:
    """For each goal, the size (characters) where its curve crosses it: measured, or
    extrapolated from the largest size along the curve's exponent."""
    out = []
    last = rows[-1]
    for key, (limit, label) in GOALS.items():
        crossed = next((r for r in rows if r.get(key) is not None and r[key] > limit), None)
        if crossed is not None:
            first = crossed is rows[0]
            out.append((crossed["characters"], f"{label}: exceeded {'already at the smallest size measured, ' if first else 'from '}"
                                               f"{crossed['characters'] / 1e6:,.1f} M characters (measured: {crossed[key]:,})"))
            continue
        k = exponents.get(key)
        if not k or k < 0.1 or not last.get(key):       # flat: no size worth naming
            out.append((math.inf, f"{label}: not reached, and hardly growing (exponent {k})"))
            continue
        at = last["characters"] * (limit / last[key]) ** (1 / k)
        out.append((at, f"{label}: reached at about {at / 1e6:,.0f} M characters (extrapolated, exponent {k})"))
    return [text for _, text in sorted(out)]


COLUMNS = [("size", "size", "{:g}×"), ("characters", "M characters", "{:,.1f}"),
           ("build_s", "build s", "{:,.1f}"), ("build_cpu_s", "build CPU s", "{:,.1f}"), ("peak_rss_mb", "build peak MB (tree)", "{:,.0f}"),
           ("index_mb", "index MB", "{:,.1f}"), ("p50_ms", "p50 ms", "{:,.2f}"), ("p95_ms", "p95 ms", "{:,.2f}"),
           ("cpu_ms_per_query", "CPU ms / query", "{:,.2f}"), ("serve_rss_mb", "serving MB", "{:,.0f}")]


def table(rows: list[dict], exponents: dict) -> str:
    lines = ["| " + " | ".join(label for _, label, _ in COLUMNS) + " |",
             "|" + "---|" * len(COLUMNS)]
    for r in rows:
        cells = []
        for key, _, fmt in COLUMNS:
            value = r.get(key)
            value = value / 1e6 if key == "characters" and value else value
            cells.append("—" if value is None else fmt.format(value))
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("| exponent | | " + " | ".join("—" if exponents.get(k) is None else f"{exponents[k]}"
                                                 for k, _, _ in COLUMNS[2:]) + " |")
    return "\n".join(lines)


def chart(rows: list[dict], exponents: dict, path: Path) -> bool:
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    xs = [r["characters"] / 1e6 for r in rows]
    curves = COLUMNS[2:]
    fig, axes = plt.subplots(2, (len(curves) + 1) // 2, figsize=(4 * ((len(curves) + 1) // 2), 7))
    for ax in axes.flat[len(curves):]:
        ax.set_visible(False)
    for ax, (key, label, _) in zip(axes.flat, curves):
        ys = [r.get(key) for r in rows]
        ax.plot(xs, ys, "o-")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(f"{label} (exponent {exponents.get(key)})", fontsize=10)
        ax.set_xlabel("M characters")
        if key in GOALS:
            ax.axhline(GOALS[key][0], color="red", linestyle="--", linewidth=0.8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return True


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", default="all")
    p.add_argument("--sizes", default="0.25,0.5,1,2")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--queries", type=Path, default=HERE / "queries.txt")
    p.add_argument("--out", type=Path, default=HERE / "results")
    p.add_argument("--child-build", nargs=2, metavar=("LIST", "DIR"), help=argparse.SUPPRESS)
    p.add_argument("--child-serve", metavar="DIR", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child_build:
        return child_build(Path(args.child_build[0]), Path(args.child_build[1]))
    if args.child_serve:
        return child_serve(Path(args.child_serve), args.queries, args.rounds)

    name, paths = bench_run.resolve_corpus(args.corpus)
    sizes = sorted(float(s) for s in args.sizes.split(","))
    out = args.out / f"growth-{time.strftime('%Y%m%d-%H%M%S')}"
    out.mkdir(parents=True)
    files = corpus_files(paths)
    rows = []
    me = [sys.executable, str(Path(__file__).resolve())]
    with tempfile.TemporaryDirectory(prefix="termsearch-growth-") as tmp:
        scratch = Path(tmp)
        for size in sizes:
            listing = scratch / f"files-{size:g}.json"
            listing.write_text(json.dumps([str(f) for f in files_for(size, files, scratch)]), encoding="utf-8")
            index_dir = scratch / f"index-{size:g}"
            load_before = _load()
            bench_run.log(f"growth: building {size:g}× {name} …")
            built = measure.run_child([*me, "--child-build", str(listing), str(index_dir)])
            from termsearch.index_layout import current_build

            bench_run.log(f"growth: querying {size:g}× {name} …")
            served = measure.run_child([*me, "--child-serve", str(index_dir), "--queries", str(args.queries),
                                        "--rounds", str(args.rounds)])
            row = {"size": size, "characters": built["characters"], "documents": built.get("documents"),
                   "build_s": round(built["seconds"], 2), "build_cpu_s": round(built["cpu_seconds"], 1),
                   "peak_rss_mb": built["peak_rss_mb"],
                   "index_mb": round(measure.dir_size(current_build(index_dir)) / 2**20, 1),
                   **{k: served.get(k) for k in ("p50_ms", "p95_ms", "p99_ms", "cpu_ms_per_query",
                                                 "serve_rss_mb", "serve_peak_rss_mb", "slowest")},
                   "load": [load_before, _load()]}
            rows.append(row)
            bench_run.log(f"growth: {json.dumps(row, ensure_ascii=False)}")
            shutil.rmtree(index_dir, ignore_errors=True)
    xs = [r["characters"] for r in rows]
    exponents = {key: exponent(xs, [r.get(key) for r in rows]) for key, _, _ in COLUMNS[2:]}
    breaks = where_it_breaks(rows, exponents)
    results = {"corpus": name, "sizes": sizes, "rows": rows, "exponents": exponents, "breaks": breaks,
               "machine": bench_run.machine()}
    (out / "growth.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    text = (f"growth of termsearch on {name} · {time.strftime('%Y-%m-%d')} · commit {results['machine'].get('commit')}"
            f" · segmenter {results['machine'].get('segmenter')}\n\n{table(rows, exponents)}\n\n"
            + "\n".join(f"- {b}" for b in breaks)
            + "\n\nLoad average (1 min) before each build and after its queries: "
            + "; ".join(f"{r['size']:g}×: {r['load'][0][0] if r['load'][0] else '?'} → {r['load'][1][0] if r['load'][1] else '?'}"
                        for r in rows) + "\n")
    (out / "table.md").write_text(text, encoding="utf-8")
    drawn = chart(rows, exponents, out / "growth.png")
    print(text)
    print(f"wrote {out / 'growth.json'}, {out / 'table.md'}" + (f", {out / 'growth.png'}" if drawn else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
