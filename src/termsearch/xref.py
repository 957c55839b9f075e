"""Cross-references: a term's uses in context (where its definition applies) and the same words
elsewhere, its documents, related terms; terms in a paragraph."""
from __future__ import annotations

from collections import Counter

from whoosh import query as wq

from . import highlight
from .analysis import termforms, variants
from .model import Term


def term_uses(searcher, term: Term, limit: int | None = None) -> list[dict]:
    """Every paragraph that uses the term, in document order, with the sentence around each use."""
    keys = termforms.match_keys(term)
    uses = []
    for hit in searcher.search(wq.Term("terms", term.id), limit=None, sortedby=None):
        text = hit["text"]
        spans = highlight.find_spans(text, keys)
        for start, end in spans or [(0, 0)]:
            left, right = highlight.sentence_around(text, start, end)
            uses.append({
                "document": hit["document"],
                "paragraph": hit["pid"],
                "line": hit["line"],
                "section": hit["section"],
                "before": text[left:start],
                "match": text[start:end],
                "after": text[end:right],
                "is_definition": hit["line"] == term.source.line and hit["document"] == term.source.document,
            })
    uses.sort(key=lambda u: (u["document"], u["line"]))
    return uses[:limit] if limit else uses


def same_words_elsewhere(searcher, term: Term, candidates: wq.Query, contexts: int = 3) -> list[dict]:
    """The term's characters in documents where its definition does not apply, per document
    (most first): how often, and the first `contexts` sentences around them. `candidates`
    finds the paragraphs that may hold the characters; each is checked on its text as
    the term finder checks uses (the same keys, the same bounds)."""
    keys = termforms.match_keys(term)
    finder = termforms.TermFinder([(term.id, keys)])
    by_document: dict[str, dict] = {}
    for hit in searcher.search(candidates, limit=None, sortedby=None):
        document = hit["document"]
        if term.applies_in(document):
            continue
        text = hit["text"]
        normalized, offsets = variants.normalize(text)
        spans = [variants.original_span(offsets, s, e) for s, e, _ in finder.spans(normalized)]
        if not spans:
            continue
        entry = by_document.setdefault(document, {"document": document, "count": 0, "paragraphs": 0, "uses": []})
        entry["count"] += len(spans)
        entry["paragraphs"] += 1     # as a search counts: a paragraph with the words twice is one hit
        for start, end in spans:
            left, right = highlight.sentence_around(text, start, end)
            entry["uses"].append({
                "paragraph": hit["pid"], "line": hit["line"], "section": hit["section"],
                "before": text[left:start], "match": text[start:end], "after": text[end:right],
            })
    for entry in by_document.values():
        entry["uses"] = sorted(entry["uses"], key=lambda u: u["line"])[:contexts]
    return sorted(by_document.values(), key=lambda e: (-e["count"], e["document"]))


def documents_of(uses: list[dict]) -> list[dict]:
    counts = Counter(u["document"] for u in uses if not u["is_definition"])
    return [{"document": d, "count": n} for d, n in counts.most_common()]


def terms_in_definition(term: Term, terms: list[Term]) -> list[Term]:
    """The other glossary terms its definition mentions."""
    definition = variants.normalize(term.definition)[0]
    return [t for t in terms if t.id != term.id and any(k in definition for k in termforms.match_keys(t))]


def co_occurring(searcher, term: Term, terms_by_id: dict[str, Term], finder: termforms.TermFinder,
                 limit: int = 8) -> list[dict]:
    """Terms that often share a paragraph with this one (each where its definition applies)."""
    counts: Counter[str] = Counter()
    for hit in searcher.search(wq.Term("terms", term.id), limit=None):
        counts.update(t for t in finder.find_written(hit["text"], hit["document"]) if t != term.id)
    return [{"id": t, "term": terms_by_id[t].term, "count": n}
            for t, n in counts.most_common(limit) if t in terms_by_id]


def terms_in_paragraph(text: str, finder: termforms.TermFinder, terms_by_id: dict[str, Term],
                       document: str | None = None) -> list[dict]:
    """Glossary terms a paragraph (of `document`: those whose definition applies there)
    contains, with their spans in the text as written."""
    normalized, offsets = variants.normalize(text)
    found = [{"id": term_id, "term": terms_by_id[term_id].term, "start": offsets[s], "end": offsets[e]}
             for s, e, term_id in finder.spans(normalized, document)]
    found.sort(key=lambda f: (f["start"], -(f["end"] - f["start"])))
    kept, last_end = [], -1
    for f in found:             # the longest term wins where two overlap
        if f["start"] >= last_end:
            kept.append(f)
            last_end = f["end"]
    return kept
