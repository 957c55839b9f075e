#!/usr/bin/env python3
"""Whether converting a paragraph piece by piece between its marks (as the web pages did:
the reader's glossary-term links and query highlights, a search hit's snippet) ever shows other
characters than converting it whole (as /api does). OpenCC picks a phrase's characters from its
neighbours (头发 → 頭髮, 发展 → 發展), so a mark cutting a phrase could change the script shown.

    .venv/bin/python bench/mark_conversion.py [PATH ...] [--index DIR]
                                              (default: ../shared/corpus/glossaries)

Builds an index of PATH in a temporary folder (or reads --index), then for every glossary term
of it searches the term's headword as a user would, and for each hit compares, in both display
scripts (s2t and t2s): the paragraph converted whole against it converted between the reader's
boundaries (the glossary terms linked in it and the query's marks); and the hit's snippet
converted whole against it converted between its <mark> tags. Prints the counts and the first
differences; exits 1 when any differs. With --every-cut, also how many of all the places between
two characters of the paragraphs would change what is shown if a mark began there (any query
can put one there: a search for 公 cuts 公里).
"""
from __future__ import annotations

import argparse
import html
import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "glossaries"
MAX_HITS = 500      # hits read per query (the reader and the snippet show them alike)
_MARK_TAG = re.compile(r"(</?mark>)")


def piecewise(text: str, cuts: set[int], convert) -> str:
    """`text` converted one piece at a time between the offsets `cuts`."""
    points = sorted({0, len(text), *(c for c in cuts if 0 < c < len(text))})
    return "".join(convert(text[a:b]) for a, b in zip(points, points[1:]))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("paths", nargs="*", type=Path, default=[DEFAULT_CORPUS])
    p.add_argument("--index", type=Path, help="an index of PATH built already")
    p.add_argument("--every-cut", action="store_true", help="count every cut point as well")
    p.add_argument("--show", type=int, default=10, help="differences to print")
    args = p.parse_args(argv)
    import termsearch
    from termsearch import highlight
    from termsearch.analysis import variants
    from termsearch.query import parse
    from termsearch.errors import QueryError

    index = args.index
    if index is None:
        index = Path(tempfile.mkdtemp()) / "index"
        termsearch.build(args.paths, index)
    engine = termsearch.Engine(index)
    lookup = termsearch.Lookup(engine)
    reader = engine.reader()

    term_cuts: dict[str, set[int]] = {}      # paragraph id → the reader's term link boundaries
    texts: list[str] = []
    for doc in reader.documents:
        offset = 0
        while offset is not None:
            page = lookup.document(doc["id"], offset)
            for para in page["paragraphs"]:
                term_cuts[para["id"]] = {x for t in para["terms"] for x in (t["start"], t["end"])}
                texts.append(para["text"])
            offset = page["next_offset"]

    converters = {"s2t": variants.to_traditional, "t2s": variants.to_simplified}
    if args.every_cut:
        for name, convert in converters.items():
            cuts = changed = 0
            for text in texts:
                for i in range(1, len(text)):
                    # OpenCC's phrases are short: twelve characters either side decide a cut
                    lo, hi = max(0, i - 12), i + 12
                    cuts += 1
                    changed += convert(text[lo:i]) + convert(text[i:hi]) != convert(text[lo:hi])
            print(f"{name}: {changed:,} of {cuts:,} cut points in {len(texts):,} paragraphs change what is shown")
    queries = sorted({t.simplified.strip("“”\"「」『』") for t in reader.terms} - {""})
    counts = {"queries": len(queries), "hits": 0, "reader_differ": 0, "snippet_differ": 0,
              "paragraphs_differ": set()}
    shown = 0
    for q in queries:
        try:
            parsed = parse(q, engine.vocabulary())
            hits = [hit for offset in range(0, MAX_HITS, 100) for hit in engine.search(q, limit=100, offset=offset).hits]
        except QueryError:
            continue
        words, runs = parsed.marked_words(), parsed.run_patterns()
        for hit in hits:
            counts["hits"] += 1
            marks = highlight.find_spans(hit.text, words, runs)
            cuts = term_cuts.get(hit.paragraph, set()) | {x for s, e in marks for x in (s, e)}
            snippet_pieces = [html.unescape(x) for x in _MARK_TAG.split(hit.snippet)
                              if x and not _MARK_TAG.fullmatch(x)]
            snippet_text = "".join(snippet_pieces)
            for name, convert in converters.items():
                whole, pieces = convert(hit.text), piecewise(hit.text, cuts, convert)
                if whole != pieces:
                    counts["reader_differ"] += 1
                    counts["paragraphs_differ"].add(hit.paragraph)
                    if shown < args.show:
                        shown += 1
                        at = next(i for i, (a, b) in enumerate(zip(whole, pieces)) if a != b)
                        print(f"reader {name} q={q} {hit.paragraph}: …{whole[max(0, at - 6):at + 6]}… "
                              f"piecewise …{pieces[max(0, at - 6):at + 6]}…")
                if convert(snippet_text) != "".join(convert(x) for x in snippet_pieces):
                    counts["snippet_differ"] += 1
    counts["paragraphs_differ"] = len(counts["paragraphs_differ"])
    print(f"{counts['queries']} term queries, {counts['hits']} hits (each shown in s2t and t2s): "
          f"reader paragraphs differing {counts['reader_differ']} "
          f"({counts['paragraphs_differ']} distinct paragraphs), snippets differing {counts['snippet_differ']}")
    engine.close()
    return 1 if counts["reader_differ"] or counts["snippet_differ"] else 0


if __name__ == "__main__":
    sys.exit(main())
