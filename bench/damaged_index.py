"""A damaged index as users meet it: each file of a build cut in half, emptied, overwritten in
place (its size kept), deleted, or replaced by a JSON value of another kind (another file copied
over it), one at a time on a copy, then 8 CLI commands and 13 web URLs run over it. Counts the copies where any of them gave a traceback or a 500 (a 503 with a
message, an answer, or a one-line error with exit code 2 are what a user should get).

    PYTHONPATH=src .venv/bin/python bench/damaged_index.py [--index DIR] [--only NAME ...]
    PYTHONPATH=src .venv/bin/python bench/damaged_index.py --digest-cost DIR

Without --index, an index of tests/browser/reports is built in a temporary folder. Exits 1 when
any copy failed that way. --digest-cost prints the CPU time of checking every file of DIR's live
build against its digest (what `serve` does once as it starts), the median of 5.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import tempfile
import traceback
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
MODES = ("half", "empty", "overwritten", "deleted", "other-json")
CLI = [["query", "雙萬"], ["query", "shuang wan"], ["query", "sqsx"], ["query", "zero waste"], ["query", "经济 发展"],
       ["terms"], ["show", "雙萬"], ["documents"]]
WEB = ["/api/search?q=" + quote("雙萬"), "/api/search?q=shuang%20wan", "/api/search?q=zero%20waste", "/api/terms",
       "/api/suggest?q=sh", "/?q=" + quote("经济"), "/api/documents", "/glossary", "/api/gloss?text=" + quote("经济发展"),
       "/api/new?year=2024", "/api/timeline?q=" + quote("经济"), "/api/documents/small", "/documents/small"]


def damage(path: Path, mode: str) -> None:
    data = path.read_bytes()
    if mode == "half":
        path.write_bytes(data[:len(data) // 2])
    elif mode == "empty":
        path.write_bytes(b"")
    elif mode == "overwritten":
        third = len(data) // 3
        path.write_bytes(os.urandom(third) + data[third:])
    elif mode == "other-json":
        path.write_bytes(b"[1, 2]" if data.startswith(b"{") else b'{"1": 2}')
    else:
        path.unlink()


def failures(index_dir: Path) -> list[str]:
    """What gave a traceback or a 500 over `index_dir`."""
    from click.testing import CliRunner

    from termsearch.app import create_app
    from termsearch.cli import main

    found = []
    for args in CLI:
        result = CliRunner().invoke(main, [*args, "--index", str(index_dir)])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            frame = traceback.extract_tb(result.exc_info[2])[-1]
            found.append(f"{' '.join(args)}: {type(result.exception).__name__} at {Path(frame.filename).name}:{frame.lineno}")
    client = create_app(index_dir).test_client()
    for url in WEB:
        status = client.get(url).status_code
        if status >= 500 and status != 503:
            found.append(f"GET {url}: {status}")
    return found


def digest_cost(index_dir: Path) -> int:
    import statistics
    import time

    from termsearch.index_layout import DIGESTS, SIZES, check_sizes, current_build

    build = current_build(index_dir)
    seconds = []
    for _ in range(5):
        started = time.process_time()
        check_sizes(build, contents=True)
        seconds.append(time.process_time() - started)
    files = sum(len(json.loads((build / name).read_text(encoding="utf-8"))) for name in (SIZES, DIGESTS)
                if (build / name).exists())
    print(f"digest check of {files} files of {build.name}: {statistics.median(seconds):.3f} s CPU (median of 5)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, help="an index to copy (default: one of tests/browser/reports)")
    parser.add_argument("--only", nargs="*", default=[], help="only the files whose path holds one of these")
    parser.add_argument("--digest-cost", type=Path, metavar="DIR", help="time the digest check of this index instead")
    args = parser.parse_args()
    if args.digest_cost:
        return digest_cost(args.digest_cost)
    logging.disable(logging.CRITICAL)           # (the 500s' tracebacks would drown the table)
    from termsearch.index_build import build
    from termsearch.index_layout import current_build

    with tempfile.TemporaryDirectory() as work:
        source = args.index
        if source is None:
            source = Path(work) / "source"
            build([ROOT / "tests" / "browser" / "reports"], source)
        live = current_build(source)
        files = sorted(p.relative_to(live) for p in live.rglob("*") if p.is_file() and not p.name.endswith("WRITELOCK"))
        files = [f for f in files if not args.only or any(o in str(f) for o in args.only)]
        cases = bad = 0
        for rel in files:
            for mode in MODES:
                cases += 1
                copy = Path(work) / f"copy{cases}"
                shutil.copytree(source, copy)
                damage(current_build(copy) / rel, mode)
                found = failures(copy)
                shutil.rmtree(copy)
                if found:
                    bad += 1
                    print(f"{rel} {mode}: " + "; ".join(sorted(set(found))[:3]), flush=True)
        print(f"{bad} of {cases} damaged copies ({len(files)} files x {len(MODES)} ways) gave a traceback or a 500")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
