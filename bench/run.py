#!/usr/bin/env python3
"""termsearch against its peers on one corpus, in one run.

    .venv/bin/python bench/run.py [--corpus reports|policy|laws|all|PATH] [--queries bench/queries.txt]
                                  [--out bench/results] [--rounds 10] [--load-seconds 60] …

1. builds the termsearch index of the corpus (timed, in a child process whose process tree's peak
   memory is sampled) and reads its paragraphs back from the index, so every peer indexes exactly
   the paragraphs termsearch indexed;
2. builds each peer over those paragraphs the same way (stock Whoosh + jieba, SQLite FTS5
   trigram, tantivy + jieba); with `--index-runs N`, every engine builds N times, the engines
   taking turns, and each one's indexing figure is the median of its N runs;
3. runs the query set on every engine, warm, for N rounds: p50/p95/p99 and queries per second;
   glossary lookups apart; a cold `termsearch query` in a new process; a load test of
   `termsearch serve` from 32 keep-alive connections;
4. prints a table with ratios and writes results.json, table.txt and chart.png into
   bench/results/<timestamp>/.

See bench/README.md for what each figure means.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import chart  # noqa: E402
import measure  # noqa: E402
import peers as peers_mod  # noqa: E402

# "all" is the whole corpus a user would bring, glossaries included, so a whole-corpus build
# and its queries pay for reading glossaries and marking their terms in every hit.
NAMED_CORPORA = {"reports": ["reports"], "policy": ["policy"], "laws": ["laws"],
                 "glossaries": ["glossaries"],
                 "all": ["reports", "policy", "laws", "glossaries"],
                 # the whole corpus as it was before 95b9d70 added the glossary reports: what they cost
                 "all-without-glossaries": ["reports", "policy", "laws"]}
SHARED_KINDS = {"simplified", "common", "rare", "phrase"}     # every peer runs these; latencies compared
SCRIPT_KINDS = {"traditional", "variant"}                     # peers run these only to count what they find
COLD_QUERIES = ["雙萬", "jingji"]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- inputs

def corpus_root() -> Path:
    return Path(os.environ.get("TERMSEARCH_CORPUS") or ROOT.parent / "shared" / "corpus")


def resolve_corpus(arg: str) -> tuple[str, list[Path]]:
    if arg in NAMED_CORPORA:
        paths = [corpus_root() / part for part in NAMED_CORPORA[arg]]
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise SystemExit(f"bench: corpus folder not found: {', '.join(missing)} "
                             f"(set TERMSEARCH_CORPUS to the corpus folder)")
        return arg, paths
    path = Path(arg)
    if not path.exists():
        raise SystemExit(f"bench: no corpus named {arg!r} and no such path "
                         f"(choose {'|'.join(NAMED_CORPORA)} or give a folder or file)")
    return path.name or str(path), [path]


def load_queries(path: Path) -> list[tuple[str, str]]:
    """[(kind, query)] from lines "<kind> <query>"; # comments and blank lines skipped."""
    out = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        kind, _, query = line.partition(" ")
        if not query.strip():
            raise SystemExit(f"bench: {path}:{number}: expected '<kind> <query>', got {line!r}")
        out.append((kind, query.strip()))
    if not out:
        raise SystemExit(f"bench: {path} holds no queries")
    return out


def read_paragraphs(index_dir: Path) -> tuple[Path, list[str], int]:
    """The live build, its paragraph texts in document order, and its document count."""
    build = index_dir / "builds" / (index_dir / "CURRENT").read_text(encoding="utf-8").strip()
    meta = json.loads((build / "documents.json").read_text(encoding="utf-8"))
    from termsearch import OpenIndex

    reader = OpenIndex(build)
    texts = []
    for doc in meta:
        texts.extend(p.text for p in reader.document(doc["id"]).paragraphs)
    return build, texts, len(meta)


def termsearch_command() -> list[str]:
    script = Path(sys.executable).with_name("termsearch")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from termsearch.cli import main; main()"]


def _load() -> list[float] | None:
    """1/5/15-minute load averages: other work on the machine skews every figure."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def machine() -> dict:
    info = {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count(),
            "cpu": "", "memory_gb": None, "load_at_start": _load()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gb"] = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    from importlib import metadata

    versions = {}
    for package in ("termsearch", "whoosh", "jieba", "rjieba", "tantivy", "opencc", "pypinyin", "waitress", "flask"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            pass
    versions["sqlite"] = sqlite3.sqlite_version
    info["versions"] = versions
    from termsearch.analysis.segment import chosen_segmenter

    info["segmenter"] = chosen_segmenter()
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "src"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        info["commit"] = commit + ("+changes" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        info["commit"] = ""
    return info


# ----------------------------------------------------------------------------- child processes (builds)

def child_main(args) -> int:
    """Run one build in this (fresh) process and print its figures as JSON on the last line."""
    folder = Path(args.dir)
    if args.child == "termsearch":
        from termsearch import build

        started = time.perf_counter()
        result = build([Path(p) for p in args.paths], folder)
        seconds = time.perf_counter() - started
        report = result.report
        out = {"seconds": seconds, "characters": result.characters, "totals": report.totals(),
               "errors": report.errors[:20]}
    else:
        texts = json.loads(Path(args.paragraphs).read_text(encoding="utf-8"))
        peer = peers_mod.PEERS[args.child]()
        out = peer.build(texts, folder)
    out["rusage_peak_rss_mb"] = measure.own_peak_rss_mb()
    print(json.dumps(out, ensure_ascii=False))
    return 0


def run_build(engine: str, folder: Path, *, paths: list[Path] | None = None,
              paragraphs: Path | None = None) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", engine, "--dir", str(folder)]
    if paths:
        cmd += ["--paths", *map(str, paths)]
    if paragraphs:
        cmd += ["--paragraphs", str(paragraphs)]
    return measure.run_child(cmd)


def median_build(runs: list[dict], characters: int) -> dict:
    """One engine's indexing figures over several builds: the first build's entry (its index
    size and other figures), with the median time (and throughput from it), the highest
    peak memory, and every run's seconds."""
    first = dict(runs[0])
    seconds = [run["seconds"] for run in runs]
    first["seconds"] = statistics.median(seconds)
    first["runs_seconds"] = seconds
    first["chars_per_s"] = characters / first["seconds"]
    peaks = [run["peak_rss_mb"] for run in runs if run.get("peak_rss_mb") is not None]
    if peaks:
        first["peak_rss_mb"] = max(peaks)
    return first


# ----------------------------------------------------------------------------- timing queries

def time_queries(search, items: list[tuple[str, str]], rounds: int, notes=None) -> list[dict]:
    """One untimed warm-up pass (records what each query finds), then `rounds` timed passes."""
    rows = []
    for kind, query in items:
        row = {"kind": kind, "query": query, "hits": 0, "total": 0, "error": "", "samples": []}
        try:
            row["hits"], row["total"] = search(query)
        except Exception as exc:    # a query an engine rejects is reported, not fatal
            row["error"] = f"{type(exc).__name__}: {exc}"[:200]
        if notes is not None and (note := notes(query)):
            row["note"] = note
        rows.append(row)
    perf = time.perf_counter
    for _ in range(rounds):
        for row in rows:
            if row["error"]:
                continue
            started = perf()
            search(row["query"])
            row["samples"].append(perf() - started)
    for row in rows:
        samples = row["samples"]
        row["median_ms"] = round(statistics.median(samples) * 1000, 3) if samples else None
        row["max_ms"] = round(max(samples) * 1000, 3) if samples else None
    return rows


def stats_of(rows: list[dict], kinds: set[str] | None = None) -> dict:
    chosen = [r for r in rows if kinds is None or r["kind"] in kinds]
    summary = measure.summarize([s for r in chosen for s in r["samples"]])
    summary["queries"] = len(chosen)
    summary["errors"] = sum(1 for r in chosen if r["error"])
    summary["zero_hit"] = sum(1 for r in chosen if not r["error"] and not r["total"])
    return summary


def public_rows(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "samples"} for r in rows]


def termsearch_queries(index_dir: Path, queries, rounds: int) -> tuple[dict, object]:
    from termsearch import Engine

    engine = Engine(index_dir)
    opened = time.perf_counter()
    engine.search(queries[0][1], limit=10)      # the first search opens the index and loads lazily
    first = time.perf_counter() - opened

    def search(q):
        result = engine.search(q, limit=10)
        return len(result.hits), result.total

    rows = time_queries(search, queries, rounds)
    kinds = list(dict.fromkeys(kind for kind, _ in queries))
    out = {
        "first_search_s": round(first, 3),
        "all": stats_of(rows),
        "shared": stats_of(rows, SHARED_KINDS),
        "script": stats_of(rows, SCRIPT_KINDS),
        "by_kind": {kind: stats_of(rows, {kind}) for kind in kinds},
        "rows": public_rows(rows),
    }
    return out, engine


def glossary_lookups(engine, queries, rounds: int, texts: list[str], synthetic_terms: int) -> dict:
    matcher = engine.matcher()

    def timed(match) -> dict:
        def count(q):
            n = len(match(q))
            return n, n

        rows = time_queries(count, queries, rounds)
        stats = stats_of(rows)
        stats["matched"] = sum(1 for r in rows if r["total"])
        stats["slowest"] = sorted(({"query": r["query"], "median_ms": r["median_ms"]} for r in rows if r["samples"]),
                                  key=lambda r: -r["median_ms"])[:3]
        return stats

    out = {"terms": len(matcher.terms), "corpus": timed(matcher.match)}
    if synthetic_terms and len(matcher.terms) < synthetic_terms:
        try:
            out["synthetic"] = {"terms": synthetic_terms,
                                **timed(synthetic_matcher(engine, texts, synthetic_terms).match)}
        except Exception as exc:    # the library's term API may move; the corpus figure stands
            out["synthetic"] = {"skipped": f"{type(exc).__name__}: {exc}"[:200]}
    return out


def suggestion_lookups(engine, queries, rounds: int) -> dict:
    """Suggestions as a user types: every prefix of every query, as each keystroke asks for one
    (`suggest(engine, prefix)`, what /api/suggest and the search box call)."""
    from termsearch.suggest import suggest

    prefixes = list(dict.fromkeys(q[:i] for _, q in queries for i in range(1, len(q) + 1) if q[:i].strip()))

    def count(prefix):
        n = len(suggest(engine, prefix))
        return n, n

    rows = time_queries(count, [("prefix", p) for p in prefixes], rounds)
    stats = stats_of(rows)
    stats["slowest"] = sorted(({"query": r["query"], "median_ms": r["median_ms"]} for r in rows if r["samples"]),
                              key=lambda r: -r["median_ms"])[:3]
    return stats


def synthetic_matcher(engine, texts: list[str], n: int):
    """A glossary of the n most frequent multi-character words, each 'defined' by some paragraph.

    Corpora without glossary blocks leave the real matcher empty; this shows how lookups scale
    with a glossary of realistic size.
    """
    from termsearch.analysis import termforms
    from termsearch import SourceRef, Term, TermMatcher

    words = engine.reader().vocab.get("words", {})
    han = [w for w in words if len(w) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in w)]
    han.sort(key=lambda w: -words[w])
    terms = []
    for i, word in enumerate(han[:n]):
        term = Term(id=f"synthetic-{i}", term=word, traditional="", simplified="", aliases=[],
                    definition=texts[(i * 7919) % len(texts)][:300], source=SourceRef("synthetic", i + 1))
        terms.append(termforms.complete_term(term))
    return TermMatcher(terms)


def peer_queries(peer, queries, rounds: int) -> dict:
    items = [(k, q) for k, q in queries if k in SHARED_KINDS | SCRIPT_KINDS]
    shared = [(k, q) for k, q in items if k in SHARED_KINDS]
    script = [(k, q) for k, q in items if k in SCRIPT_KINDS]
    rows = time_queries(peer.search, shared, rounds, notes=peer.notes_for)
    script_rows = time_queries(peer.search, script, 1)
    return {"shared": stats_of(rows), "script": stats_of(script_rows),
            "rows": public_rows(rows) + public_rows(script_rows)}


# ----------------------------------------------------------------------------- cold start and load

def cold_queries(index_dir: Path, runs: int) -> dict:
    out = {}
    base = termsearch_command()
    # As on a user's machine, where pip compiled the package's bytecode at install or the first
    # run wrote it: an environment with PYTHONDONTWRITEBYTECODE set (this sandbox's) would time
    # compiling every module from source again on each start. One unmeasured run writes it.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([*base, "query", COLD_QUERIES[0], "--index", str(index_dir), "--json"], capture_output=True, env=env)
    out["bytecode"] = "written by one unmeasured run first"
    startup = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        startup.append(time.perf_counter() - started)
    out["python_startup_ms"] = round(statistics.median(startup) * 1000, 1)
    for query in COLD_QUERIES:
        times, codes = [], set()
        for _ in range(runs):
            started = time.perf_counter()
            proc = subprocess.run([*base, "query", query, "--index", str(index_dir), "--json"],
                                  capture_output=True, text=True, env=env)
            times.append(time.perf_counter() - started)
            codes.add(proc.returncode)
        out[query] = {"median_s": round(statistics.median(times), 3), "min_s": round(min(times), 3),
                      "max_s": round(max(times), 3), "runs": runs, "exit_codes": sorted(codes)}
    return out


def load_test(index_dir: Path, queries, seconds: float, connections: int, tool: str, workdir: Path) -> dict:
    port = measure.free_port()
    logfile = open(workdir / "serve.log", "w")
    cmd = [*termsearch_command(), "serve", "--index", str(index_dir), "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(cmd, stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        try:
            ready = measure.wait_for_http("127.0.0.1", port, "/api/search?q=%E7%BB%8F%E6%B5%8E", 120, server)
        except RuntimeError as exc:
            logfile.flush()
            tail = (workdir / "serve.log").read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
            raise RuntimeError(f"{exc}: {' | '.join(tail)}") from None
        paths = measure.search_paths([q for _, q in queries])
        if tool == "wrk":
            result = measure.wrk_load("127.0.0.1", port, paths, connections, seconds, workdir)
        else:
            result = measure.python_load("127.0.0.1", port, paths, connections, seconds)
        result["server_ready_s"] = round(ready, 2)
        result["server"] = "termsearch serve (waitress, default threads)"
        result["queries"] = len(paths)
        if server.poll() is not None:
            result["errors"] += 1
            result.setdefault("error_kinds", {})["server exited"] = 1
        return result
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        logfile.close()


# ----------------------------------------------------------------------------- report

def targets(results: dict) -> list[dict]:
    ts = results["termsearch"]
    stock = results["peers"].get("whoosh-jieba", {})
    whole = results["corpus"]["name"] == "all"
    out = []

    def add(name, value, goal, ok):
        out.append({"target": name, "value": value, "goal": goal, "pass": ok})

    if ts.get("build") and stock.get("build"):
        ratio = ts["build"]["chars_per_s"] / stock["build"]["chars_per_s"]
        runs = ts["build"].get("runs_seconds")
        add("indexing vs stock Whoosh+jieba" + (f" (median of {len(runs)} runs)" if runs else ""),
            f"{ratio:.2f}×", "≥ 4×", ratio >= 4)
    if stock.get("queries"):
        a, b = ts["queries"]["shared"]["p95_ms"], stock["queries"]["shared"]["p95_ms"]
        add("query p95 vs stock (shared queries)", f"{a:.2f} ms vs {b:.2f} ms", "below stock", a < b)
    # Issue 18's goal (issue 6 asked for 10 and 50 ms).
    limit = 25 if whole else 5
    p95 = ts["queries"]["all"]["p95_ms"]
    add("query p95, every kind", f"{p95:.2f} ms", f"< {limit} ms", p95 < limit)
    g = ts.get("glossary", {})
    if g:
        add(f"glossary lookup p95 ({g['terms']} terms)", f"{g['corpus']['p95_ms']:.3f} ms", "< 1 ms",
            g["corpus"]["p95_ms"] < 1)
        syn = g.get("synthetic", {})
        if "p95_ms" in syn:
            add(f"glossary lookup p95 ({syn['terms']} synthetic terms)", f"{syn['p95_ms']:.3f} ms", "< 1 ms",
                syn["p95_ms"] < 1)
    cold = ts.get("cold", {}).get(COLD_QUERIES[0])
    if cold:
        add(f"cold `termsearch query {COLD_QUERIES[0]}` (median)", f"{cold['median_s']:.2f} s", "< 0.5 s",
            cold["median_s"] < 0.5)
    load = ts.get("load")
    if load and "errors" in load:
        add("load test errors", str(load["errors"]), "0", load["errors"] == 0)
    return out


def _fmt(value, spec=",.1f", none="—"):
    return none if value is None else format(value, spec)


def render(results: dict) -> str:
    lines: list[str] = []
    w = lines.append
    c, m = results["corpus"], results["machine"]
    w(f"termsearch benchmark · {results['started']} · commit {m.get('commit') or '?'}")
    w(f"corpus {c['name']} ({', '.join(c['paths'])}): {c['documents']:,} documents, "
      f"{c['paragraphs']:,} paragraphs, {c['characters']:,} characters")
    w(f"machine: {m['cpu'] or '?'} · {m['cpus']} CPUs · {m['memory_gb']} GB · {m['platform']} · "
      f"Python {m['python']} · SQLite {m['versions'].get('sqlite')} · segmenter {m.get('segmenter', 'jieba')}")
    if m.get("load_at_start"):
        busy = " — the machine was busy: figures are skewed" if m["load_at_start"][0] > 0.5 * (m["cpus"] or 1) else ""
        w(f"load average at start {m['load_at_start']}, at end {m.get('load_at_end')}{busy}")
    w("ts × = how many times termsearch is better (faster indexing or lower latency); < 1 means it loses.")
    ts = results["termsearch"]
    engines = [("termsearch", ts)] + list(results["peers"].items())

    w("")
    tb = ts.get("build")
    runs = (tb or {}).get("runs_seconds")
    w("INDEXING (same paragraphs)     seconds   K chars/s   ts ×   peak RSS MB   index MB"
      + (f"   (median of {len(runs)} runs each)" if runs else ""))
    for name, data in engines:
        b = data.get("build")
        if not b:
            w(f"  {name:<28} {'skipped: ' + data.get('skipped', 'reused index') if name != 'termsearch' else 'not timed (--index given)'}")
            continue
        ratio = tb["chars_per_s"] / b["chars_per_s"] if tb else None
        w(f"  {name:<28} {b['seconds']:>7.1f}   {b['chars_per_s'] / 1000:>9,.0f}   {_fmt(ratio, '.2f'):>5}"
          f"   {_fmt(b.get('peak_rss_mb'), ',.0f'):>11}   {b['index_mb']:>8,.1f}")
        if b.get("runs_seconds"):
            w(f"  {'':<28}   runs: {' · '.join(f'{x:.1f}' for x in b['runs_seconds'])} s")
        if b.get("segmenting_seconds") is not None:
            w(f"  {'':<28}   of which jieba segmentation {b['segmenting_seconds']:.1f} s, tantivy "
              f"{b['indexing_seconds']:.1f} s = {c['characters'] / b['indexing_seconds'] / 1000:,.0f} K chars/s alone")
        if name == "termsearch" and b.get("whoosh_mb") is not None:
            w(f"  {'':<28}   index: Whoosh segments {b['whoosh_mb']:.1f} MB, JSON sidecars "
              f"{b['index_mb'] - b['whoosh_mb']:.1f} MB (docs, vocab, glossary)")

    q = ts["queries"]
    shared = q["shared"]
    w("")
    w(f"QUERIES, shared set ({shared['queries']} Simplified queries × {results['args']['rounds']} rounds, warm, top 10 + total)")
    w("  engine                  p50 ms   p95 ms   p99 ms      q/s   ts × p50   ts × p95   no hits   errors")
    for name, data in engines:
        s = data.get("queries", {}).get("shared")
        if not s:
            continue
        r50 = s["p50_ms"] / shared["p50_ms"] if shared["p50_ms"] else None
        r95 = s["p95_ms"] / shared["p95_ms"] if shared["p95_ms"] else None
        w(f"  {name:<22} {s['p50_ms']:>7.2f}  {s['p95_ms']:>7.2f}  {s['p99_ms']:>7.2f}  {s['qps']:>7,.0f}"
          f"   {_fmt(r50, '.2f'):>8}   {_fmt(r95, '.2f'):>8}   {s['zero_hit']:>7}   {s['errors']:>6}")
    w("")
    w("  what each peer cannot do:")
    for name, data in results["peers"].items():
        if data.get("cannot"):
            sc = data.get("queries", {}).get("script")
            found = f" Traditional/variant queries answered: {sc['queries'] - sc['zero_hit'] - sc['errors']}/{sc['queries']}." if sc else ""
            w(f"  - {name}: {data['cannot']}.{found}")
            degraded = [r["query"] for r in data.get("queries", {}).get("rows", []) if r.get("note")]
            if degraded:
                w(f"      degraded here: {len(degraded)} queries ({', '.join(degraded[:12])}{' …' if len(degraded) > 12 else ''})")
    sc = q["script"]
    w(f"  - termsearch: Traditional/variant queries answered: {sc['queries'] - sc['zero_hit'] - sc['errors']}/{sc['queries']}.")

    a = q["all"]
    w("")
    w(f"TERMSEARCH, every kind ({a['queries']} queries): p50 {a['p50_ms']:.2f} ms · p95 {a['p95_ms']:.2f} ms · "
      f"p99 {a['p99_ms']:.2f} ms · {a['qps']:,.0f} q/s · first search after opening {q['first_search_s']:.2f} s")
    w("  kind              n   p50 ms   p95 ms   max ms   no hits")
    for kind, s in q["by_kind"].items():
        w(f"  {kind:<15} {s['queries']:>3}  {s['p50_ms']:>7.2f}  {s['p95_ms']:>7.2f}  {s['max_ms']:>7.2f}   {s['zero_hit']:>7}")
    slow = sorted((r for r in q["rows"] if r["median_ms"] is not None), key=lambda r: -r["median_ms"])[:8]
    w("  slowest (median ms, paragraphs found): " + " · ".join(f"{r['query']} {r['median_ms']:.1f} ({r['total']:,})" for r in slow))
    errors = [r for r in q["rows"] if r["error"]]
    if errors:
        w("  errors: " + "; ".join(f"{r['query']}: {r['error']}" for r in errors))

    g = ts.get("glossary")
    if g:
        w("")
        cg = g["corpus"]
        w(f"GLOSSARY LOOKUPS (Engine.matcher().match, {cg['queries']} queries × {results['args']['rounds']})")
        w(f"  corpus glossary, {g['terms']} terms: p50 {cg['p50_ms']:.3f} ms · p95 {cg['p95_ms']:.3f} ms · "
          f"p99 {cg['p99_ms']:.3f} ms · {cg['matched']} queries matched a term")
        syn = g.get("synthetic")
        if syn and "p95_ms" in syn:
            w(f"  synthetic glossary, {syn['terms']} terms: p50 {syn['p50_ms']:.3f} ms · p95 {syn['p95_ms']:.3f} ms · "
              f"p99 {syn['p99_ms']:.3f} ms · slowest: " + ", ".join(f"{r['query']} {r['median_ms']:.2f}" for r in syn["slowest"]))
        elif syn:
            w(f"  synthetic glossary skipped: {syn['skipped']}")

    sg = ts.get("suggestions")
    if sg:
        w("")
        w(f"SUGGESTIONS AS YOU TYPE (suggest(engine, prefix): every prefix of every query, "
          f"{sg['queries']} prefixes × {results['args']['rounds']})")
        w(f"  p50 {sg['p50_ms']:.3f} ms · p95 {sg['p95_ms']:.3f} ms · p99 {sg['p99_ms']:.3f} ms · slowest: "
          + ", ".join(f"{r['query']} {r['median_ms']:.2f}" for r in sg["slowest"]))

    cold = ts.get("cold")
    if cold:
        w("")
        w(f"COLD QUERY (`termsearch query Q --index … --json`, new process, wall time, bytecode compiled beforehand; python -c pass = {cold['python_startup_ms']:.0f} ms)")
        for query in COLD_QUERIES:
            r = cold[query]
            w(f"  {query:<10} median {r['median_s']:.3f} s (min {r['min_s']:.3f}, max {r['max_s']:.3f}, {r['runs']} runs, exit {r['exit_codes']})")

    load = ts.get("load")
    if load:
        w("")
        if "skipped" in load:
            w(f"LOAD TEST skipped: {load['skipped']}")
        else:
            w(f"LOAD TEST ({load['tool']}, {load['connections']} connections, {load['seconds']:.0f} s, "
              f"{load['queries']} mixed queries over /api/search; server answered after {load['server_ready_s']:.1f} s)")
            w(f"  {load['requests_per_s']:,.1f} requests/s · p50 {load['p50_ms']:.1f} ms · p99 {load['p99_ms']:.1f} ms · "
              f"{load['requests']:,} requests · {load['errors']} errors {load.get('error_kinds') or ''}")

    w("")
    w("TARGETS (issues 6 and 18)")
    for t in results["targets"]:
        mark = "PASS" if t["pass"] else "MISS"
        w(f"  {mark}  {t['target']}: {t['value']} (goal {t['goal']})")
    return "\n".join(lines)


# ----------------------------------------------------------------------------- main

def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", default="reports", help="reports | policy | laws | all (under $TERMSEARCH_CORPUS "
                   "or ../shared/corpus), or a folder/file (default: reports)")
    p.add_argument("--queries", type=Path, default=HERE / "queries.txt")
    p.add_argument("--out", type=Path, default=HERE / "results")
    p.add_argument("--rounds", type=int, default=10, help="timed passes over the query set (default 10)")
    p.add_argument("--peers", default=",".join(peers_mod.PEERS),
                   help=f"comma-separated, from {','.join(peers_mod.PEERS)}; '' for none")
    p.add_argument("--cold-runs", type=int, default=5)
    p.add_argument("--index-runs", type=int, default=1,
                   help="builds of every engine, taking turns; the indexing figures are each one's median (default 1)")
    p.add_argument("--load-seconds", type=float, default=60, help="0 skips the load test (default 60)")
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--load-tool", choices=["python", "wrk"], default="python")
    p.add_argument("--glossary-terms", type=int, default=1000,
                   help="size of the synthetic glossary when the corpus has fewer terms (0: none)")
    p.add_argument("--index", type=Path, help="use this existing termsearch index (its build is not timed)")
    p.add_argument("--workdir", type=Path, help="where indexes are built (default: a temporary folder)")
    p.add_argument("--keep", action="store_true", help="keep the work folder with every index")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--dir", help=argparse.SUPPRESS)
    p.add_argument("--paths", nargs="*", help=argparse.SUPPRESS)
    p.add_argument("--paragraphs", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.child:
        return child_main(args)
    if args.index_runs < 1:
        raise SystemExit("bench: --index-runs must be at least 1")
    queries = load_queries(args.queries)
    chosen = [name.strip() for name in args.peers.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in peers_mod.PEERS]
    if unknown:
        raise SystemExit(f"bench: unknown peer(s) {', '.join(unknown)}; choose from {', '.join(peers_mod.PEERS)}")
    name, paths = resolve_corpus(args.corpus) if not args.index else (args.corpus, [])
    started = time.strftime("%Y-%m-%d %H:%M:%S")
    out_dir = Path(args.out) / time.strftime("%Y%m%d-%H%M%S")
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="termsearch-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {"started": started, "machine": machine(),
                     "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()
                              if k not in ("child", "dir", "paths", "paragraphs")},
                     "termsearch": {}, "peers": {}}
    try:
        # 1. termsearch builds; its paragraphs become everyone's input
        if args.index:
            index_dir = args.index
            log(f"using the existing index {index_dir} (build not timed)")
        else:
            index_dir = work / "termsearch"
            log(f"building the termsearch index of {name} …")
            b = run_build("termsearch", index_dir, paths=paths)
            results["termsearch"]["build"] = b
            builds = {"termsearch": [b]}
        build_dir, texts, documents = read_paragraphs(index_dir)
        characters = sum(len(t) for t in texts)
        results["corpus"] = {"name": name, "paths": [str(p) for p in paths] or [str(index_dir)],
                             "documents": documents, "paragraphs": len(texts), "characters": characters}
        if "build" in results["termsearch"]:
            b = results["termsearch"]["build"]
            b["chars_per_s"] = characters / b["seconds"]
            b["index_mb"] = round(measure.dir_size(build_dir) / 2**20, 2)
            b["whoosh_mb"] = round(measure.dir_size(build_dir / "paragraphs") / 2**20, 2)
            log(f"termsearch: {characters:,} characters in {b['seconds']:.1f} s")
        paragraphs_file = work / "paragraphs.json"
        paragraphs_file.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")

        # 2. peers build the same paragraphs
        for peer_name in chosen:
            cls = peers_mod.PEERS[peer_name]
            entry = results["peers"][peer_name] = {"label": cls.label, "cannot": cls.cannot}
            why = peers_mod.available(peer_name)
            if why:
                entry["skipped"] = why
                log(f"{peer_name}: skipped ({why})")
                continue
            log(f"building {peer_name} …")
            try:
                pb = run_build(peer_name, work / peer_name, paragraphs=paragraphs_file)
            except RuntimeError as exc:
                entry["skipped"] = f"build failed: {str(exc)[-500:]}"
                log(f"{peer_name}: build failed")
                continue
            pb["chars_per_s"] = characters / pb["seconds"]
            pb["index_mb"] = round(measure.dir_size(work / peer_name) / 2**20, 2)
            entry["build"] = pb
            log(f"{peer_name}: {pb['seconds']:.1f} s")
            if "build" in results["termsearch"]:
                builds[peer_name] = [pb]

        # 2b. more builds of every engine, taking turns (a loaded machine's slow minute then
        # falls on each engine alike); each engine's figure becomes the median of its runs
        if "build" in results["termsearch"] and args.index_runs > 1:
            for run in range(2, args.index_runs + 1):
                for engine_name in builds:
                    log(f"indexing run {run} of {args.index_runs}: {engine_name} …")
                    again = work / f"{engine_name}-run{run}"
                    if engine_name == "termsearch":
                        builds[engine_name].append(run_build("termsearch", again, paths=paths))
                    else:
                        builds[engine_name].append(run_build(engine_name, again, paragraphs=paragraphs_file))
                    shutil.rmtree(again, ignore_errors=True)
            for engine_name, runs in builds.items():
                entry = results["termsearch"] if engine_name == "termsearch" else results["peers"][engine_name]
                entry["build"] = median_build(runs, characters)
                log(f"{engine_name}: median of {len(runs)} runs {entry['build']['seconds']:.1f} s")

        # 3. queries, warm
        log(f"termsearch: {len(queries)} queries × {args.rounds} rounds …")
        results["termsearch"]["queries"], engine = termsearch_queries(index_dir, queries, args.rounds)
        log("glossary lookups …")
        results["termsearch"]["glossary"] = glossary_lookups(engine, queries, args.rounds, texts, args.glossary_terms)
        log("suggestions …")
        results["termsearch"]["suggestions"] = suggestion_lookups(engine, queries, args.rounds)
        engine.close()
        for peer_name, entry in results["peers"].items():
            if "build" not in entry:
                continue
            log(f"{peer_name}: queries …")
            peer = peers_mod.PEERS[peer_name]()
            peer.open(work / peer_name)
            try:
                entry["queries"] = peer_queries(peer, queries, args.rounds)
            finally:
                peer.close()

        # 4. a cold query in a new process, then the server under load
        if args.cold_runs > 0:
            log("cold queries …")
            results["termsearch"]["cold"] = cold_queries(index_dir, args.cold_runs)
        if args.load_seconds > 0:
            log(f"load test, {args.connections} connections for {args.load_seconds:.0f} s …")
            try:
                results["termsearch"]["load"] = load_test(index_dir, queries, args.load_seconds, args.connections,
                                                          args.load_tool, work)
            except RuntimeError as exc:
                results["termsearch"]["load"] = {"skipped": str(exc)[:500]}

        results["machine"]["load_at_end"] = _load()
        results["targets"] = targets(results)
        table = render(results)
        print(table)
        (out_dir / "table.txt").write_text(table + "\n", encoding="utf-8")
        (out_dir / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
        results["chart"] = chart.write_chart(results, out_dir / "chart.png")
        (out_dir / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
        log(f"results in {out_dir}")
    finally:
        if args.keep or args.workdir:
            log(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
