"""A damaged index as users meet it: each file of a build cut in half, emptied, overwritten in
place (its size kept), deleted, replaced by a JSON value of another kind (another file copied
over it), or, for a JSON file, given another inner shape (its values of another kind, its records
without a key), one at a time on a copy, then 9 CLI commands (`check` among them) and 13 web URLs run over it. Counts
the copies where any of them gave a traceback or a 500 (a 503 with a message, an answer, or a
one-line error with exit code 2 are what a user should get), and those where an answer changed
from the whole index's without naming the damaged file.

    PYTHONPATH=src .venv/bin/python bench/damaged_index.py [--index DIR] [--only NAME ...]
    PYTHONPATH=src .venv/bin/python bench/damaged_index.py --digest-cost DIR
    PYTHONPATH=src .venv/bin/python bench/damaged_index.py --shape-cost DIR

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
# A JSON file that parses, of the right outer kind, but not of the shape the build wrote (a
# hand edit, another version's file): its values of another kind, or its records' keys missing.
SHAPES = ("inner-kind", "inner-missing")
CLI = [["query", "雙萬"], ["query", "shuang wan"], ["query", "sqsx"], ["query", "zero waste"], ["query", "经济 发展"],
       ["terms"], ["show", "雙萬"], ["documents"], ["check"]]
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
    elif mode in SHAPES:
        path.write_text(json.dumps(reshaped(json.loads(data), mode, path.name in TABLES), ensure_ascii=False),
                        encoding="utf-8")
    else:
        path.unlink()


_OTHER_KIND = {dict: [], list: {}, str: 0, int: "x", float: "x", bool: "x", type(None): "x"}


# Objects whose keys are words, documents or files: one entry less is a smaller table, no damage
# a reader could tell; their entries' own keys are what goes missing.
TABLES = {"readings.json", "form_readings.json", "pinyin.json", "initials.json", "glosses.json", "term_forms.json",
          "unit_runs.json", "sizes.json", "digests.json"}


def reshaped(data, mode: str, table: bool = False):
    """`data` (an object or a list) with the same outer kind and another inner shape: its values
    of another kind, or its records without their first key."""
    values = data.values() if isinstance(data, dict) else data
    if mode == "inner-kind":
        changed = [_OTHER_KIND[type(v)] for v in values]
    elif isinstance(data, dict) and not table:      # one record: its first key lost
        return dict(list(data.items())[1:])
    else:                                           # records: each loses its first key
        changed = [dict(list(v.items())[1:]) if isinstance(v, dict) else v for v in values]
    return dict(zip(data, changed)) if isinstance(data, dict) else changed


def applies(path: Path, mode: str) -> bool:
    """Whether `mode` makes a damage of this file (an inner shape needs a JSON file that has one)."""
    if mode not in SHAPES:      # (an empty file cannot be cut or emptied, one under 3 bytes not overwritten)
        size = path.stat().st_size
        return mode == "deleted" or mode == "other-json" or size >= (3 if mode == "overwritten" else 1)
    try:
        data = json.loads(path.read_bytes())
    except ValueError:
        return False
    return isinstance(data, (dict, list)) and bool(data) and reshaped(data, mode, path.name in TABLES) != data


def answers(index_dir: Path) -> dict[str, tuple]:
    """Every command's and URL's answer over `index_dir`: (exit code or status, what it printed
    or sent, what went wrong: a traceback's place or a 500, else None)."""
    from click.testing import CliRunner

    from termsearch.app import create_app
    from termsearch.cli import main

    found = {}
    for args in CLI:
        result = CliRunner().invoke(main, [*args, "--index", str(index_dir)])
        wrong = None
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            frame = traceback.extract_tb(result.exc_info[2])[-1]
            wrong = f"{' '.join(args)}: {type(result.exception).__name__} at {Path(frame.filename).name}:{frame.lineno}"
        found[" ".join(args)] = (result.exit_code, result.output, wrong)
    client = create_app(index_dir).test_client()
    for url in WEB:
        response = client.get(url)
        status = response.status_code
        found[url] = (status, response.get_data(as_text=True),
                      f"GET {url}: {status}" if status >= 500 and status != 503 else None)
    return found


def unnamed(damaged: dict[str, tuple], whole: dict[str, tuple], name: str) -> list[str]:
    """The commands and URLs whose answer over a damaged copy differs from the whole index's and
    does not name the damaged file (a wrong answer, or a failure that does not say why)."""
    return [what for what, (code, text, _) in damaged.items()
            if (code, text) != whole[what][:2] and name not in text]


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


def shape_cost(index_dir: Path) -> int:
    """CPU of parsing the JSON tables of the live build (not the documents' pages, read a page at
    a time) and of checking their shapes (json_shapes, as read_json does), the median of 5."""
    import statistics
    import time

    from termsearch.index_layout import current_build
    from termsearch.json_shapes import mismatch, shape_of

    tables = [p for p in sorted(current_build(index_dir).glob("*.json")) if shape_of(p.name) is not None]
    parsing, checking = [], []
    for _ in range(5):
        started = time.process_time()
        parsed = [json.loads(p.read_text(encoding="utf-8")) for p in tables]
        parsing.append(time.process_time() - started)
        started = time.process_time()
        wrong = [mismatch(data, shape_of(p.name)) for p, data in zip(tables, parsed)]
        checking.append(time.process_time() - started)
    assert not any(wrong), wrong
    print(f"{len(tables)} tables: parsing {statistics.median(parsing):.3f} s CPU, shape check "
          f"{statistics.median(checking):.3f} s (medians of 5)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, help="an index to copy (default: one of tests/browser/reports)")
    parser.add_argument("--only", nargs="*", default=[], help="only the files whose path holds one of these")
    parser.add_argument("--modes", nargs="*", choices=[*MODES, *SHAPES], help="only these ways of damaging a file")
    parser.add_argument("--no-digests", action="store_true",
                        help="delete each copy's sizes.json and digests.json first: the damage must be named where the file is read")
    parser.add_argument("--digest-cost", type=Path, metavar="DIR", help="time the digest check of this index instead")
    parser.add_argument("--shape-cost", type=Path, metavar="DIR", help="time the JSON tables' shape check of this index instead")
    args = parser.parse_args()
    if args.digest_cost:
        return digest_cost(args.digest_cost)
    if args.shape_cost:
        return shape_cost(args.shape_cost)
    logging.disable(logging.CRITICAL)           # (the 500s' tracebacks would drown the table)
    from termsearch.index_build import build
    from termsearch.index_layout import DIGESTS, SIZES, current_build

    with tempfile.TemporaryDirectory() as work:
        source = args.index
        if source is None:
            source = Path(work) / "source"
            build([ROOT / "tests" / "browser" / "reports"], source)
        live = current_build(source)
        files = sorted(p.relative_to(live) for p in live.rglob("*") if p.is_file() and not p.name.endswith("WRITELOCK"))
        files = [f for f in files if not args.only or any(o in str(f) for o in args.only)]
        if args.no_digests:
            files = [f for f in files if f.name not in (SIZES, DIGESTS)]
        whole = answers(source)
        cases = bad = silent = unchecked = 0
        modes = args.modes or [*MODES, *SHAPES]
        for rel in files:
            for mode in modes:
                if not applies(live / rel, mode):
                    continue
                cases += 1
                copy = Path(work) / f"copy{cases}"
                shutil.copytree(source, copy)
                if args.no_digests:
                    for name in (SIZES, DIGESTS):
                        (current_build(copy) / name).unlink()
                damage(current_build(copy) / rel, mode)
                found = answers(copy)
                shutil.rmtree(copy)
                wrong = sorted(set(w for _, _, w in found.values() if w))
                if found["check"][0] == 0:        # `termsearch check` said "as built"
                    unchecked += 1
                    print(f"{rel} {mode}: termsearch check found nothing", flush=True)
                if wrong:
                    bad += 1
                    print(f"{rel} {mode}: " + "; ".join(wrong[:3]), flush=True)
                elif quiet := unnamed(found, whole, rel.as_posix()):
                    silent += 1
                    print(f"{rel} {mode}: not named by " + "; ".join(quiet[:3]), flush=True)
        print(f"{bad} of {cases} damaged copies ({len(files)} files, {len(modes)} ways where they apply) gave a traceback or a 500; "
              f"{silent} more answered otherwise than the whole index without naming the damaged file; "
              f"`termsearch check` found nothing wrong in {unchecked}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
