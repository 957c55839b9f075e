"""Run a query: glossary terms first, then paragraphs ranked by BM25F, highlighted on the original text."""
from __future__ import annotations

import re
import threading
from dataclasses import asdict
from pathlib import Path

from whoosh import query as wq

from . import english, highlight
from .analysis import pinyin, termforms, variants
from .index import IndexReader, current_build, open_index
from .model import Hit, QueryError, Result, Term
from .query import Parsed, Vocabulary, clean_query, parse

MAX_LIMIT = 100
MAX_OFFSET = 10_000
SOURCE_BOOST = 3.0


def term_card(term: Term) -> dict:
    card = asdict(term)
    card["english"] = [asdict(r) for r in term.english]
    return card


class TermMatcher:
    """The glossary in memory, with every form a term can be typed in."""

    def __init__(self, terms: list[Term]):
        self.terms = terms
        self.forms: list[tuple[Term, dict[str, int]]] = []
        for term in terms:
            forms: dict[str, int] = {}
            head = variants.normalize(termforms.unquoted(term.term))[0]
            forms[head] = 100
            forms[variants.normalize(term.term)[0]] = 100
            for alias in term.aliases:
                forms.setdefault(variants.normalize(alias)[0], 90)
            for key, kind in termforms.pinyin_keys(term).items():
                forms.setdefault(key, 80 if kind == "pinyin" else 70)
            self.forms.append((term, forms))

    def match(self, typed: str) -> list[Term]:
        norm = variants.normalize(typed)[0].strip()
        if not norm:
            return []
        keys = {termforms.unquoted(norm), re.sub(r"\s+", "", termforms.unquoted(norm))}
        parsed = pinyin.parse_pinyin_query(typed) if re.search(r"[A-Za-z]", typed) else None
        if parsed is not None:
            for syllables in parsed.syllables:
                keys.add("".join(syllables))
        keys.add(_toneless_key(typed))
        keys.discard("")
        scored = []
        for order, (term, forms) in enumerate(self.forms):
            score = max((forms[k] for k in keys if k in forms), default=0)
            if not score:
                plain = termforms.unquoted(norm)
                if len(plain) >= 2 and any(len(f) >= 2 and plain in f for f in forms if not f.isascii()):
                    score = 50
                elif len(plain) >= 2 and any(len(f) >= 2 and f in plain for f in forms if not f.isascii()):
                    score = 40
                elif len(plain) >= 2 and plain in variants.normalize(term.definition)[0]:
                    score = 10
            if score:
                scored.append((-score, order, term))
        return [term for _, _, term in sorted(scored, key=lambda s: (s[0], s[1]))]


def _toneless_key(typed: str) -> str:
    """`2+2 zhèng cè` → `2+2zhengce`: a typed form compared with a term's joined pinyin."""
    plain = "".join(pinyin.toneless(part) for part in typed.lower().split())
    return re.sub(r"(?<=[a-z])[1-5]", "", plain)


class Engine:
    """Searches the live build of an index folder; follows it when a rebuild swaps in."""

    def __init__(self, index_dir: Path | str):
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._local = threading.local()
        self._reader: IndexReader | None = None
        self._matcher: TermMatcher | None = None
        self._english_matcher: english.EnglishTermMatcher | None = None
        self._vocab: Vocabulary | None = None

    # ---- the live build

    def reader(self) -> IndexReader:
        live = current_build(self.index_dir)
        reader = self._reader
        if reader is None or (live is not None and live != reader.build_dir):
            with self._lock:
                if self._reader is None or (live is not None and live != self._reader.build_dir):
                    self._reader = open_index(self.index_dir)
                    self._matcher = None
                    self._english_matcher = None
                    self._vocab = None
                reader = self._reader
        return reader

    def searcher(self):
        reader = self.reader()
        cached = getattr(self._local, "searcher", None)
        if cached is None or cached[0] is not reader:
            cached = (reader, reader.whoosh.searcher())
            self._local.searcher = cached
        return cached[1]

    def matcher(self) -> TermMatcher:
        reader = self.reader()
        if self._matcher is None:
            self._matcher = TermMatcher(reader.terms)
        return self._matcher

    def english_matcher(self) -> english.EnglishTermMatcher:
        reader = self.reader()
        if self._english_matcher is None:
            self._english_matcher = english.EnglishTermMatcher(reader.terms)
        return self._english_matcher

    def vocabulary(self) -> Vocabulary:
        reader = self.reader()
        if self._vocab is None:
            self._vocab = Vocabulary(reader.vocab, lambda: reader.english)
        return self._vocab

    # ---- searching

    def search(self, q: str, limit: int = 10, offset: int = 0) -> Result:
        if not isinstance(limit, int) or not 0 <= limit <= MAX_LIMIT:
            raise QueryError(f"limit must be a whole number from 0 to {MAX_LIMIT}")
        if not isinstance(offset, int) or not 0 <= offset <= MAX_OFFSET:
            raise QueryError(f"offset must be a whole number from 0 to {MAX_OFFSET}")
        typed = clean_query(q)
        parsed = parse(typed, self.vocabulary())
        terms = self.matcher().match(typed) if not parsed.operators else []
        if not parsed.operators and english.is_probably_english(typed):
            seen = {t.id for t in terms}
            by_english = [t for t, _ in self.english_matcher().match(typed) if t.id not in seen]
            terms += by_english
            if by_english:
                parsed.add_terms([(t.id, t.term, termforms.match_keys(t)) for t in by_english[:3]])
        hits, total = self._paragraphs(parsed, terms, limit, offset)
        return Result(
            query=typed,
            interpretation=parsed.interpretation(),
            terms=[term_card(t) for t in terms],
            hits=hits,
            total=total,
        )

    def _paragraphs(self, parsed: Parsed, terms: list[Term], limit: int, offset: int) -> tuple[list[Hit], int]:
        if parsed.query is None or parsed.query is wq.NullQuery:
            return [], 0
        query = parsed.query
        if terms:
            # A term's own definition paragraph is the best answer after the term card.
            query = wq.AndMaybe(query, wq.Or([wq.Term("defines", t.id, boost=SOURCE_BOOST) for t in terms[:3]]))
        searcher = self.searcher()
        results = searcher.search(query, limit=offset + limit if limit else 1)
        total = len(results)
        words = parsed.highlight_words()
        hits = []
        for hit in results[offset:offset + limit] if limit else []:
            text = hit["text"]
            spans = highlight.find_spans(text, words)
            hits.append(Hit(
                document=hit["document"],
                paragraph=hit["pid"],
                line=hit["line"],
                section=hit["section"],
                text=text,
                snippet=highlight.snippet(text, spans),
                terms=[t for t in hit.get("terms", "").split(",") if t],
                score=round(hit.score, 4),
            ))
        return hits, total

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()


class Lookup:
    """Term pages and reader data over an Engine (kept apart from ranking)."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def find_term(self, key: str) -> Term | None:
        """A term by id, or the best glossary match for what was typed."""
        reader = self.engine.reader()
        if key in reader.terms_by_id:
            return reader.terms_by_id[key]
        matches = self.engine.matcher().match(clean_query(key))
        return matches[0] if matches else None

    def term_details(self, key: str) -> dict | None:
        from . import xref

        term = self.find_term(key)
        if term is None:
            return None
        reader = self.engine.reader()
        searcher = self.engine.searcher()
        uses = xref.term_uses(searcher, term)
        return {
            **term_card(term),
            "uses": uses,
            "documents": xref.documents_of(uses),
            "mentions": [{"id": t.id, "term": t.term} for t in xref.terms_in_definition(term, reader.terms)],
            "related": xref.co_occurring(searcher, term, reader.terms_by_id),
        }

    def document(self, document_id: str) -> dict | None:
        from . import xref

        reader = self.engine.reader()
        doc = reader.document(document_id)
        if doc is None:
            return None
        data = doc.to_dict()
        for paragraph in data["paragraphs"]:
            paragraph["terms"] = xref.terms_in_paragraph(paragraph["text"], reader.terms)
        return data
