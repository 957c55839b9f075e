"""The commonest words' best hits and totals, worked out when the index is built.

A word in thousands of paragraphs (的, 经济, 发展) costs a search most of its time decoding and
scoring every posting, though its answer alone changes only with the index. The build scores
each such word once, with the evaluator a search uses (scoring.Evaluator), and writes its best
TOP_HITS (docnum, score) pairs and how many paragraphs hold it. A search for that word alone
(no glossary term found, no filter) reads them instead: the same answer to the last bit (a
float written as JSON reads back the same), in a read of one record. Facet counts are not
written: by section they took 13 times the room of the hits (20 MB on the reports folder).

The table holds a fingerprint of the index it was worked out on (its segments, their sizes and
deletions); a table that does not fit the index it sits beside is not used.
"""
from __future__ import annotations

import gc
import json
from collections.abc import Mapping
from pathlib import Path

from whoosh import query as wq

from . import whoosh_format
from .index_layout import read_json

COMMON_FROM = 1000          # paragraphs holding a word (text) or a character (chars) for it to be written
TOP_HITS = 100              # best hits written per term: a page ends at most this far (search.INTERLEAVE_DEPTH)
TABLE = "common_terms.json"     # {"fingerprint", "top_hits", "records": {field: {term: [offset, length]}}}
RECORDS = "common_terms.records"     # per term, one JSON text: {"top": [[docnum, score], …], "total": n}
# A word of two characters also found where jieba cut the text otherwise (spanning.json) or
# kept it inside longer words (unlisted.json) is searched in both indexes, the words' and the
# characters' where the words' has it not (query.characters_elsewhere): its records are filed
# under this name. Two common lists added up took a whole-corpus search ~200 ms. (Builds before
# 2026-12-02 filed the two indexes' sum under "text+chars": not this query's answer, not read.)
BOTH_FIELDS = "text+chars elsewhere"


def fingerprint(searcher) -> list:
    """What identifies the index state a table was worked out on: each segment's id,
    generation, documents and deletions."""
    reader = searcher.reader()
    leaves = [(reader, 0)] if reader.is_atomic() else list(reader.leaf_readers())
    return [[_segment_id(leaf), leaf.generation(), leaf.doc_count_all(), leaf.doc_count()] for leaf, _ in leaves]


def _segment_id(leaf) -> str:
    segment = leaf.segment()            # (None for a reader of no segment: an empty index)
    return segment.segment_id() if segment is not None else ""


def write(build_dir: Path, index_path: Path, word_counts: Mapping[str, int], common_from: int | None = None) -> dict:
    """Work out and write the table of `build_dir` from the Whoosh index at `index_path`, whose
    words occur `word_counts` times (the vocabulary: a word in `common_from` paragraphs occurs
    at least as often); says how many terms it holds and its size. Nothing is written when the
    evaluator cannot read the index in bulk (a Whoosh version whoosh_format does not know)."""
    from whoosh import index as whoosh_index

    from . import scoring

    common_from = COMMON_FROM if common_from is None else common_from
    ix = whoosh_index.open_dir(index_path)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        if not scoring.supported(wq.Term("text", "x"), searcher):
            return {"terms": 0, "bytes": 0}
        # The words that may be common, and the characters they are written with: far fewer to
        # look up than the fields' terms to read (250,000 on the reports folder, 2.5 s).
        candidates = {"text": sorted(w for w, n in word_counts.items() if n >= common_from),
                      "chars": sorted({ch for w in word_counts for ch in w if not ch.isascii()})}
        searched_both = _searched_in_both(build_dir) if {"text", "chars"} <= set(reader.schema.names()) else set()
        candidates[BOTH_FIELDS] = sorted(w for w in searched_both if len(w) == 2)
        doc_frequency = whoosh_format.doc_frequency
        records: dict[str, dict[str, list[int]]] = {}
        offset = 0
        with open(build_dir / RECORDS, "wb") as out:
            for field, texts in candidates.items():
                if field != BOTH_FIELDS and field not in reader.schema:
                    continue
                for text in texts:
                    if field == BOTH_FIELDS:
                        if max(doc_frequency(reader, "text", text), doc_frequency(reader, "chars", text)) < common_from:
                            continue
                        query = both_fields_query(text)
                    elif doc_frequency(reader, field, text) < common_from:
                        continue
                    else:
                        query = wq.Term(field, text)
                    evaluator = scoring.Evaluator(searcher)          # one per term: its memo dies with it
                    try:
                        top, total = evaluator.top(query, TOP_HITS)
                    except scoring.Unsupported:
                        continue            # (not for these queries; a search would score it too)
                    # An evaluator leaves reference cycles, and the build runs with cyclic
                    # collection off: without this, 3.2 GB held on the whole corpus. Only what
                    # was made since the last call is looked at.
                    del evaluator
                    gc.collect(0)
                    hits = json.dumps({"top": top, "total": total}, separators=(",", ":")).encode("utf-8")
                    out.write(hits)
                    records.setdefault(field, {})[text] = [offset, len(hits)]
                    offset += len(hits)
        table = {"fingerprint": fingerprint(searcher), "top_hits": TOP_HITS, "records": records}
        (build_dir / TABLE).write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    return {"terms": sum(len(r) for r in records.values()), "bytes": offset + (build_dir / TABLE).stat().st_size}


def both_fields_query(word: str) -> wq.Query:
    """The query a two-character word of BOTH_FIELDS is searched with (query.characters_query's)."""
    from .query import characters_elsewhere

    as_word = wq.Term("text", word)
    return wq.Or([as_word, characters_elsewhere(word, as_word)])


def _searched_in_both(build_dir: Path) -> set[str]:
    words: set[str] = set()
    for name in ("spanning.json", "unlisted.json"):
        try:
            words.update(json.loads((build_dir / name).read_text(encoding="utf-8")))
        except (OSError, ValueError):
            pass
    return words


def _plain_term(query) -> bool:
    return (type(query) is wq.Term and query.boost == 1.0 and not query.minquality
            and isinstance(query.text, str))


def _key(query) -> tuple[str, str] | None:
    """Where the table would file `query`'s record: (field, term) for one term with no boost,
    (BOTH_FIELDS, word) for both_fields_query(word); else None."""
    if _plain_term(query):
        return query.fieldname, query.text
    if (type(query) is wq.Or and query.boost == 1.0 and not query.scale and not getattr(query, "minmatch", 0)
            and query.matcher_type == wq.Or.AUTO_MATCHER and len(query.subqueries) == 2):
        words, elsewhere = query.subqueries
        if _plain_term(words) and words.fieldname == "text" and elsewhere == both_fields_query(words.text).subqueries[1]:
            return BOTH_FIELDS, words.text
    return None


class CommonTerms:
    """A build's table, opened: a term's record when a query is that term alone."""

    def __init__(self, build_dir: Path, searcher):
        self._records: dict[str, dict[str, list[int]]] = {}
        self._path = build_dir / RECORDS
        try:
            table = read_json(build_dir / TABLE, None, kind=dict)   # (IndexDamaged when not as written)
        except OSError:
            return
        if table is None:
            return                  # an older build, or none written: every search scores
        if table.get("fingerprint") == fingerprint(searcher) and table.get("top_hits") == TOP_HITS:
            self._records = table.get("records", {})

    def __bool__(self) -> bool:
        return bool(self._records)

    def knows(self, query) -> bool:
        """Whether the table holds `query`'s record."""
        key = _key(query)
        return key is not None and key[1] in self._records.get(key[0], {})

    def record(self, query) -> dict | None:
        """The record of `query` when it is one term of the table with no boost, or a word
        searched in both indexes (both_fields_query); else None."""
        key = _key(query)
        where = self._records.get(key[0], {}).get(key[1]) if key is not None else None
        if where is None:
            return None
        offset, length = where
        try:
            with open(self._path, "rb") as records:    # (opened each time: a swapped-out build keeps no file)
                records.seek(offset)
                data = records.read(length)
            return json.loads(data) if len(data) == length else None
        except (OSError, ValueError):
            return None             # a record lost or cut short: the search scores instead

    def ranked(self, query, limit: int) -> tuple[list[tuple[int, float]], int] | None:
        """The best `limit` (docnum, score) pairs and the number of hits of `query` alone, as
        scoring.Evaluator.top gives them; None when the table cannot say."""
        if limit > TOP_HITS:
            return None
        found = self.record(query)
        if found is None:
            return None
        return [(doc, score) for doc, score in found["top"][:limit]], found["total"]
