#!/usr/bin/env python3
"""Whether two termsearch indexes are the same index: every Whoosh segment file, byte for byte,
and every JSON and text file of the build, but for what names a build (its id and time).

    .venv/bin/python bench/same_index.py IX_BEFORE IX_AFTER

For a change meant to leave the index as it was (a faster build): build the same corpus before
and after, then compare. Segments are taken in the order the index lists them (a build's
writers' shares are fixed, so the same corpus gives the same segments in the same order); their
files are compared by kind (the segment's random id is left out of the names). Exits 1 when
anything differs, and prints what.

    .venv/bin/python bench/same_index.py --read IX_BEFORE IX_AFTER

For a change to how the segments are written (their bytes differ by design): each segment is
compared as Whoosh's own reader reads it instead (every term's postings and statistics, the
stored fields, the field lengths), and the other files byte for byte as above.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from whoosh import index as whoosh_index

# Files of a build that hold its own id or time, not what was indexed.
OWN_NAMES = {"report.json"}
# Files that name the segments by their random ids (compared with the ids left out).
SEGMENT_IDS_INSIDE = {"common_terms.json"}


def build_of(index: Path) -> Path:
    return index / "builds" / (index / "CURRENT").read_text(encoding="utf-8").strip()


def segment_files(whoosh_dir: Path) -> list[dict[str, bytes]]:
    """Each segment's files (by kind), in the index's order of segments."""
    ix = whoosh_index.open_dir(whoosh_dir)
    out = []
    for segment in ix._segments():
        prefix = segment.segment_id()       # the index's name and the segment's id: MAIN_<id>
        files = {f.name[len(prefix):]: f.read_bytes() for f in whoosh_dir.iterdir() if f.name.startswith(prefix)}
        if not files:
            raise SystemExit(f"{whoosh_dir}: no files of segment {prefix}")
        out.append(files)
    return out


def segment_contents(whoosh_dir: Path) -> list:
    """Each segment as Whoosh's reader reads it, in the index's order of segments: per field,
    each term's postings and statistics; the stored fields; each document's field lengths."""
    ix = whoosh_index.open_dir(whoosh_dir)
    out = []
    for leaf, _ in ix.reader().leaf_readers():
        fields = leaf.indexed_field_names()
        postings = {}
        for field in fields:
            for word in leaf.lexicon(field):
                info = leaf.term_info(field, word)
                postings[(field, word)] = (list(leaf.postings(field, word).all_items()), info.weight(),
                                           info.doc_frequency(), info.min_length(), info.max_length(),
                                           info.max_weight(), info.min_id(), info.max_id())
        docs = range(leaf.doc_count_all())
        out.append({"postings": postings, "stored": [leaf.stored_fields(d) for d in docs],
                    "lengths": [[leaf.doc_field_length(d, f) for f in fields] for d in docs],
                    "totals": {f: leaf.field_length(f) for f in fields}})
    return out


def compare(before: Path, after: Path, read: bool = False) -> list[str]:
    a, b = build_of(before), build_of(after)
    differences = []
    contents = segment_contents if read else segment_files
    for i, (x, y) in enumerate(zip(contents(a / "paragraphs"), contents(b / "paragraphs"))):
        for kind in sorted(set(x) | set(y), key=str):
            if x.get(kind) != y.get(kind):
                differences.append(f"segment {i}: {kind} differs")
    if len(segment_files(a / "paragraphs")) != len(segment_files(b / "paragraphs")):
        differences.append("a different number of segments")
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file() and "paragraphs" not in p.relative_to(a).parts}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file() and "paragraphs" not in p.relative_to(b).parts}
    for name in sorted(files_a ^ files_b):
        differences.append(f"{name}: only in {'before' if name in files_a else 'after'}")
    for name in sorted(files_a & files_b):
        if name.name not in OWN_NAMES and _comparable(a / name) != _comparable(b / name):
            differences.append(f"{name} differs")
    return differences


def _comparable(path: Path):
    """A build's file as compared: its bytes, but the commonest words' table without the
    segments' random ids its fingerprint names (the rest of the fingerprint is compared),
    digests.json without the digests of the files so compared or left out, and sizes.json
    with each segment's files named by the segment's place in the index, not its id, and the
    table of contents by its size (it holds the ids; the segments are compared above)."""
    data = path.read_bytes()
    if path.name in SEGMENT_IDS_INSIDE:
        table = json.loads(data)
        for segment in table.get("fingerprint", []):
            segment[0] = ""
        return table
    if path.name == "digests.json":
        # The sizes and digests of the build's other files, each of them compared on its own too:
        # one compared with its segment ids left out keeps only its size, one of OWN_NAMES
        # nothing. (Two builds' common_terms.json name their own random segment ids, so its
        # digest always differed and every comparison said "digests.json differs".) Not made
        # deterministic instead: the ids are Whoosh's, in the segments' file names too.
        return {name: ((None, None) if Path(name).name in OWN_NAMES else
                       (size, None) if Path(name).name in SEGMENT_IDS_INSIDE else (size, digest))
                for name, (size, digest) in json.loads(data).items()}
    if path.name == "sizes.json":
        ids = [segment.segment_id() for segment in whoosh_index.open_dir(path.parent / "paragraphs")._segments()]
        sizes = {}
        for name, (size, digest) in json.loads(data).items():
            for place, segment_id in enumerate(ids):
                name = name.replace(segment_id, f"<segment {place}>")
            sizes[name] = (size, None if name.endswith(".toc") else digest)
        return sizes
    return data


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("before", type=Path)
    p.add_argument("after", type=Path)
    p.add_argument("--read", action="store_true",
                   help="compare the segments as Whoosh reads them, not byte for byte")
    args = p.parse_args(argv)
    differences = compare(args.before, args.after, args.read)
    segments = len(segment_files(build_of(args.before) / "paragraphs"))
    files = sum(1 for f in build_of(args.before).rglob("*") if f.is_file())
    how = "as Whoosh reads them" if args.read else "byte for byte"
    print(f"{args.before} and {args.after}: {segments} segments ({how}) and {files} files compared; "
          + (f"{len(differences)} differences" if differences else "the same index"))
    for line in differences[:40]:
        print(f"  {line}")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
