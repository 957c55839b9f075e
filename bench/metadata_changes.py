"""Every document's metadata as read now, and what changed since an earlier reading.

    .venv/bin/python bench/metadata_changes.py --corpus ../shared/corpus --out before.tsv
    (change the reader)
    .venv/bin/python bench/metadata_changes.py --corpus ../shared/corpus --out after.tsv --against before.tsv

Reads every file of every corpus folder (laws, reports, glossaries, policy, parallel) as the index
would, and writes one line per document: id, region, level, kind, year, display title. With
--against, prints each document whose region, level or display title differs, and a count per
folder: a change to the reader should change only what it means to.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from termsearch import IngestError
from termsearch.ingest.pipeline import ingest_documents

SUFFIXES = {".txt", ".md", ".docx", ".pdf", ".html", ".htm"}
FIELDS = ("region", "level", "kind", "year", "display_title")


def read_all(corpus: Path) -> dict[str, tuple[str, ...]]:
    rows = {}
    for path in sorted(corpus.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in SUFFIXES or path.name == "_index.md":
            continue
        rel = str(path.relative_to(corpus))
        try:
            docs = ingest_documents(path, rel)
        except IngestError:
            continue
        for doc in docs:
            rows[doc.id] = tuple(str(getattr(doc, f) or "") for f in FIELDS)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--out", type=Path, required=True, help="where to write this reading (TSV)")
    parser.add_argument("--against", type=Path, help="an earlier reading to compare with")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus} (pass --corpus)", file=sys.stderr)
        return 2
    if args.against and not args.against.is_file():
        print(f"no earlier reading at {args.against}", file=sys.stderr)
        return 2
    rows = read_all(args.corpus)
    args.out.write_text("".join("\t".join((i, *r)) + "\n" for i, r in sorted(rows.items())), "utf-8")
    print(f"{len(rows)} documents read -> {args.out}")
    if not args.against:
        return 0
    before = {}
    for line in args.against.read_text("utf-8").splitlines():
        doc_id, *fields = line.split("\t")
        before[doc_id] = tuple(fields)
    def folder(doc_id: str) -> str:
        return doc_id.split("/")[0] if "/" in doc_id else "(top)"

    changed: Counter = Counter()
    for doc_id in sorted(set(rows) | set(before)):
        old, new = before.get(doc_id), rows.get(doc_id)
        if old == new:
            continue
        changed[folder(doc_id)] += 1
        if old is None or new is None:
            print(f"{doc_id}: {'new' if old is None else 'gone'}")
            continue
        diffs = [f"{f} {o!r} -> {n!r}" for f, o, n in zip(FIELDS, old, new) if o != n]
        print(f"{doc_id}: " + "; ".join(diffs))
    folders = sorted({folder(i) for i in rows} | {folder(i) for i in before})
    print("changed: " + ", ".join(f"{f} {changed[f]}" for f in folders))
    return 0


if __name__ == "__main__":
    sys.exit(main())
