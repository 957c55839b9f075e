#!/usr/bin/env python3
"""Whether two termsearch indexes are the same index: every Whoosh segment file, byte for byte,
and every JSON and text file of the build, but for what names a build (its id and time).

    .venv/bin/python bench/same_index.py IX_BEFORE IX_AFTER

For a change meant to leave the index as it was (a faster build): build the same corpus before
and after, then compare. Segments are taken in the order the index lists them (a build's
writers' shares are fixed, so the same corpus gives the same segments in the same order); their
files are compared by kind (the segment's random id is left out of the names). Exits 1 when
anything differs, and prints what.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from whoosh import index as whoosh_index

# Files of a build that hold its own id or time, not what was indexed.
OWN_NAMES = {"report.json"}


def build_of(index: Path) -> Path:
    return index / "builds" / (index / "CURRENT").read_text(encoding="utf-8").strip()


def segment_files(whoosh_dir: Path) -> list[dict[str, bytes]]:
    """Each segment's files (by kind), in the index's order of segments."""
    ix = whoosh_index.open_dir(whoosh_dir)
    out = []
    for segment in ix._segments():
        prefix = f"{ix.indexname}_{segment.segment_id()}"
        out.append({f.name[len(prefix):]: f.read_bytes() for f in whoosh_dir.iterdir() if f.name.startswith(prefix)})
    return out


def compare(before: Path, after: Path) -> list[str]:
    a, b = build_of(before), build_of(after)
    differences = []
    for i, (x, y) in enumerate(zip(segment_files(a / "paragraphs"), segment_files(b / "paragraphs"))):
        for kind in sorted(set(x) | set(y)):
            if x.get(kind) != y.get(kind):
                differences.append(f"segment {i}: {kind} differs")
    if len(segment_files(a / "paragraphs")) != len(segment_files(b / "paragraphs")):
        differences.append("a different number of segments")
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file() and "paragraphs" not in p.relative_to(a).parts}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file() and "paragraphs" not in p.relative_to(b).parts}
    for name in sorted(files_a ^ files_b):
        differences.append(f"{name}: only in {'before' if name in files_a else 'after'}")
    for name in sorted(files_a & files_b):
        if name.name not in OWN_NAMES and (a / name).read_bytes() != (b / name).read_bytes():
            differences.append(f"{name} differs")
    return differences


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("before", type=Path)
    p.add_argument("after", type=Path)
    args = p.parse_args(argv)
    differences = compare(args.before, args.after)
    segments = len(segment_files(build_of(args.before) / "paragraphs"))
    files = sum(1 for f in build_of(args.before).rglob("*") if f.is_file())
    print(f"{args.before} and {args.after}: {segments} segments and {files} files compared; "
          + (f"{len(differences)} differences" if differences else "the same index"))
    for line in differences[:40]:
        print(f"  {line}")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
