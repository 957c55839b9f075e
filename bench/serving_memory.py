#!/usr/bin/env python3
"""Memory of a serving process after a warm-up of every query kind (issue 18.3: ≤ 300 MB on the
whole corpus).

    .venv/bin/python bench/serving_memory.py --index DIR [--queries bench/queries.txt] [--steps]

Starts `termsearch serve --index DIR` (one process, as a user runs it), sends every query of the
set to /api/search (with facets, as the web page asks) and every prefix of each to
/api/suggest, opens the glossary page and a term's page when there are terms and a document's
page, then reads the server's resident memory from /proc: VmRSS and its peak VmHWM, and VmRSS
split into the process's own memory (RssAnon) and pages of mapped files (RssFile: the index
files Whoosh maps, libraries; shared with the page cache).

`--steps` instead grows an Engine in this process step by step and prints the resident memory
after each (imports, opening the index, then the first query of each kind, suggestions, term
pages): which loads hold the memory.

`--tables` loads each of the build's tables alone in this process and prints what it holds
(tracemalloc: the objects kept, not the parser's garbage).

`--trace N` serves in this process (the same app and waitress threads as `termsearch serve`),
sends the same requests with tracemalloc on, and prints the N source lines holding the most
memory afterwards (what is still allocated, by the line that allocated it).
"""
from __future__ import annotations

import argparse
import http.client
import json
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import measure  # noqa: E402
import run as bench_run  # noqa: E402

GOAL_MB = 300


def memory_mb(pid: int | str = "self") -> dict:
    """A process's resident memory in MB: VmRSS (what `top` shows), its peak VmHWM, and VmRSS split
    into RssAnon (the process's own heap) and RssFile (pages of mapped files: the index files
    Whoosh maps and the libraries, shared with the page cache and other processes)."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
            values[key] = round(int(rest.split()[0]) / 1024, 1)
    return values


def warm_paths(queries: list[tuple[str, str]]) -> list[str]:
    paths = [f"/api/search?q={quote(q, safe='')}&limit=10&facets=1" for _, q in queries]
    for _, q in queries:
        paths += [f"/api/suggest?q={quote(q[:n], safe='')}" for n in range(1, len(q) + 1)]
    return paths + ["/api/terms?limit=20", "/api/documents", "/glossary", "/"]


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    conn.request("GET", path)
    response = conn.getresponse()
    return response.status, response.read()


def serve_and_measure(index_dir: Path, queries) -> dict:
    port = measure.free_port()
    cmd = [*bench_run.termsearch_command(), "serve", "--index", str(index_dir), "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        started = measure.wait_for_http("127.0.0.1", port, "/api/search?q=x", 300, proc)
        at_start = memory_mb(proc.pid)["VmRSS"]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        errors, pages = 0, 0
        for path in warm_paths(queries):
            status, body = get(conn, path)
            errors += status != 200
            pages += 1
            if path.startswith("/api/terms?") and status == 200:
                terms = json.loads(body).get("terms") or []
                for term in terms[:3]:       # a term's page: uses, related terms, concept
                    status, _ = get(conn, f"/api/terms/{quote(term['id'], safe='')}")
                    errors += status != 200
            if path == "/api/documents" and status == 200:
                documents = json.loads(body).get("documents") or []
                if documents:
                    status, _ = get(conn, f"/api/documents/{quote(documents[0]['id'], safe='')}")
                    errors += status != 200
        memory = memory_mb(proc.pid)
        return {"start_s": round(started, 2), "rss_at_start_mb": at_start, "rss_mb": memory["VmRSS"],
                "peak_mb": memory["VmHWM"], "anon_mb": memory["RssAnon"], "file_mb": memory["RssFile"],
                "requests": pages, "errors": errors}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def steps(index_dir: Path, queries) -> None:
    def show(label: str) -> None:
        memory = memory_mb()
        rss = memory["VmRSS"]
        print(f"  {rss:8.1f} MB  (+{rss - show.last:6.1f})  anon {memory['RssAnon']:7.1f}  file {memory['RssFile']:6.1f}"
              f"  {label}", flush=True)
        show.last = rss
    show.last = memory_mb()["VmRSS"]
    show("interpreter")
    from termsearch import Engine, Lookup
    from termsearch.suggest import suggest
    show("import termsearch")
    engine = Engine(index_dir)
    engine.reader()
    show("opened the index")
    done = set()
    for kind, q in queries:
        engine.search(q, limit=10, facets=True)
        if kind not in done:
            done.add(kind)
            show(f"first {kind} query ({q})")
    show("every query")
    for _, q in queries:
        for n in range(1, len(q) + 1):
            suggest(engine, q[:n])
    show("suggestions")
    lookup = Lookup(engine)
    for term in engine.reader().terms[:3]:
        lookup.term_details(term.id)
    show("term pages")


TABLES = ("texts", "vocab", "readings", "pinyin", "initials", "english", "glosses", "documents", "terms",
          "spanning", "unlisted")


def tables(index_dir: Path) -> None:
    import gc
    import tracemalloc

    from termsearch.index_read import open_index

    reader = open_index(index_dir)
    tracemalloc.start()
    total = 0
    for name in TABLES:
        before = tracemalloc.get_traced_memory()[0]
        getattr(reader, name)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
        total += held
        print(f"  {held / 2**20:7.1f} MB  {name}")
    print(f"  {total / 2**20:7.1f} MB  in all")


def trace(index_dir: Path, queries, top: int) -> None:
    import threading
    import tracemalloc

    import waitress.server

    from termsearch.app import create_app
    from termsearch.cli import SERVER_SETTINGS

    tracemalloc.start(12)
    app = create_app(index_dir, warm=True)
    port = measure.free_port()
    server = waitress.server.create_server(app, host="127.0.0.1", port=port, threads=8, **SERVER_SETTINGS)
    threading.Thread(target=server.run, daemon=True).start()
    measure.wait_for_http("127.0.0.1", port, "/api/search?q=x", 300)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    errors = 0
    for path in warm_paths(queries):
        status, body = get(conn, path)
        errors += status != 200
        if path.startswith("/api/terms?") and status == 200:
            for term in (json.loads(body).get("terms") or [])[:3]:
                errors += get(conn, f"/api/terms/{quote(term['id'], safe='')}")[0] != 200
        if path == "/api/documents" and status == 200:
            documents = json.loads(body).get("documents") or []
            if documents:
                errors += get(conn, f"/api/documents/{quote(documents[0]['id'], safe='')}")[0] != 200
    snapshot = tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
    # Each allocation counted at the innermost line of termsearch that led to it (else its own line).
    root = str(HERE.parent) + "/"
    by_line: dict[str, list[int]] = {}
    for trace_ in snapshot.traces:
        # A Traceback runs from the outermost frame kept to the innermost (Python 3.7 on): read
        # backwards, or every load is charged to the request handler that set it off.
        frames = list(reversed(trace_.traceback))
        frame = next((f for f in frames if "/termsearch/" in f.filename and "site-packages" not in f.filename),
                     frames[0])
        key = f"{frame.filename.replace(root, '').split('site-packages/')[-1]}:{frame.lineno}"
        entry = by_line.setdefault(key, [0, 0])
        entry[0] += trace_.size
        entry[1] += 1
    total = sum(size for size, _ in by_line.values())
    print(f"{errors} errors; traced {total / 2**20:.1f} MB still allocated (tracemalloc sees Python's "
          f"allocations, not those of C libraries); resident {memory_mb()['VmRSS']} MB")
    for key, (size, count) in sorted(by_line.items(), key=lambda kv: -kv[1][0])[:top]:
        print(f"  {size / 2**20:8.1f} MB  {count:9d} blocks  {key}")
    server.close()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("--queries", type=Path, default=HERE / "queries.txt")
    p.add_argument("--steps", action="store_true", help="in this process, the memory after each step")
    p.add_argument("--tables", action="store_true", help="in this process, what each table of the build holds")
    p.add_argument("--trace", type=int, metavar="N", help="serve in this process; the N lines holding the most memory")
    args = p.parse_args(argv)
    queries = bench_run.load_queries(args.queries)
    if args.tables:
        tables(args.index)
        return 0
    if args.trace:
        trace(args.index, queries, args.trace)
        return 0
    if args.steps:
        steps(args.index, queries)
        return 0
    result = serve_and_measure(args.index, queries)
    print(f"serving {args.index}: {result['requests']} requests ({result['errors']} errors) after start "
          f"({result['start_s']} s, {result['rss_at_start_mb']} MB): resident {result['rss_mb']} MB "
          f"({result['anon_mb']} MB its own, {result['file_mb']} MB mapped files), peak {result['peak_mb']} MB "
          f"(goal ≤ {GOAL_MB} MB: {'PASS' if result['rss_mb'] <= GOAL_MB else 'MISS'})")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
