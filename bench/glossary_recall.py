"""Glossary recall on real reports: entries found by the ingest pipeline against hand counts.

    .venv/bin/python bench/glossary_recall.py [--corpus DIR] [--json] [EXTRA_FILE ...]

Reads every file listed in `<corpus>/glossaries/MANIFEST.json` through
`termsearch.ingest.pipeline.ingest_file` and prints, per file, the entries found against the hand
count and whether the first and last headwords match the hand-read ones, then totals for the files
the glossary reader was tuned on and for the files held out (never looked at while tuning).
EXTRA_FILEs (a report with a glossary but no hand count) are listed with what was found.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

from termsearch import ingest_file

DEFAULT_CORPUS = Path(os.environ.get("TERMSEARCH_CORPUS",
                                     Path(__file__).resolve().parents[1].parent / "shared" / "corpus"))
# Put aside before any tuning: random.Random(11).sample(sorted file names, 5). The script checks
# that the draw still gives these, so the held-out set cannot drift silently.
HELD_OUT_SEED = 11
HELD_OUT = (
    "county_laishui_2021.txt",
    "county_lixian_2022.txt",
    "district_mancheng_2020.txt",
    "district_qingyuan_2020.txt",
    "district_qingyuan_2021.txt",
)
# Quote marks a hand-read headword may or may not carry: “三无乡镇” and 三无乡镇 are one headword.
_QUOTES = "“”\"「」『』‘’＂"


def same_headword(found: str | None, expected: str) -> bool:
    if found is None:
        return False
    strip = str.maketrans("", "", _QUOTES + " 　")
    return found.translate(strip) == expected.translate(strip)


def measure_file(path: Path, expected: dict) -> dict:
    terms = ingest_file(path, path.stem).glossary
    headwords = [t.term for t in terms]
    return {
        "file": path.name,
        "expected": expected["glossary_entries"],
        "found": len(terms),
        "first_ok": same_headword(headwords[0] if headwords else None, expected["first_headword"]),
        "last_ok": same_headword(headwords[-1] if headwords else None, expected["last_headword"]),
        "first": headwords[0] if headwords else "",
        "last": headwords[-1] if headwords else "",
    }


def totals(rows: list[dict]) -> dict:
    return {
        "files": len(rows),
        "expected": sum(r["expected"] for r in rows),
        # entries that count toward recall: no more than the hand count per file
        "found": sum(min(r["found"], r["expected"]) for r in rows),
        "extra": sum(max(r["found"] - r["expected"], 0) for r in rows),
        "exact": sum(r["found"] == r["expected"] and r["first_ok"] and r["last_ok"] for r in rows),
        "zero": sum(r["found"] == 0 for r in rows),
        "within_one": sum(abs(r["found"] - r["expected"]) <= 1 for r in rows),
    }


def held_out_files(names: list[str]) -> tuple[str, ...]:
    drawn = tuple(sorted(random.Random(HELD_OUT_SEED).sample(sorted(names), 5)))
    if drawn != HELD_OUT:
        raise SystemExit(f"the held-out draw changed ({drawn}); the manifest's file list moved")
    return HELD_OUT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("extra", nargs="*", type=Path, help="other reports with a glossary")
    args = parser.parse_args(argv)
    folder = args.corpus / "glossaries"
    manifest_path = folder / "MANIFEST.json"
    if not manifest_path.is_file():
        print(f"error: no glossary manifest at {manifest_path}", file=sys.stderr)
        return 2
    manifest = json.loads(manifest_path.read_text("utf-8"))["files"]
    held = held_out_files([entry["file"] for entry in manifest])
    rows = [measure_file(folder / entry["file"], entry) for entry in manifest]
    tuned = [r for r in rows if r["file"] not in held]
    held_rows = [r for r in rows if r["file"] in held]
    extra = []
    for path in args.extra:
        terms = ingest_file(path, path.stem).glossary
        extra.append({"file": str(path), "found": len(terms),
                      "first": terms[0].term if terms else "", "last": terms[-1].term if terms else ""})
    result = {"tuned_on": totals(tuned), "held_out": totals(held_rows), "all": totals(rows),
              "files": rows, "extra": extra}
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    print(f"{'file':30} {'found':>5} {'hand':>5}  first last   headwords found")
    for group, members in (("tuned on", tuned), ("held out", held_rows)):
        print(f"-- {group}")
        for r in members:
            marks = f"{'ok' if r['first_ok'] else '--':5} {'ok' if r['last_ok'] else '--':5}"
            print(f"{r['file']:30} {r['found']:5} {r['expected']:5}  {marks}  {r['first']} … {r['last']}")
    for path_row in extra:
        print(f"{path_row['file']}: {path_row['found']} entries, {path_row['first']} … {path_row['last']}")
    for name in ("tuned_on", "held_out", "all"):
        t = result[name]
        print(f"{name:9} {t['found']:4}/{t['expected']} entries found ({t['extra']} extra), "
              f"{t['exact']}/{t['files']} files exact, {t['within_one']} within one, {t['zero']} with none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
