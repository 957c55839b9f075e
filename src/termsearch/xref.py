"""Cross-references: a term's uses in context, its documents, related terms; terms in a paragraph."""
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


def documents_of(uses: list[dict]) -> list[dict]:
    counts = Counter(u["document"] for u in uses if not u["is_definition"])
    return [{"document": d, "count": n} for d, n in counts.most_common()]


def terms_in_definition(term: Term, terms: list[Term]) -> list[Term]:
    """The other glossary terms its definition mentions."""
    definition = variants.normalize(term.definition)[0]
    return [t for t in terms if t.id != term.id and any(k in definition for k in termforms.match_keys(t))]


def co_occurring(searcher, term: Term, terms_by_id: dict[str, Term], finder: termforms.TermFinder,
                 limit: int = 8) -> list[dict]:
    """Terms that often share a paragraph with this one."""
    counts: Counter[str] = Counter()
    for hit in searcher.search(wq.Term("terms", term.id), limit=None):
        counts.update(t for t in finder.find(variants.normalize(hit["text"])[0]) if t != term.id)
    return [{"id": t, "term": terms_by_id[t].term, "count": n}
            for t, n in counts.most_common(limit) if t in terms_by_id]


def terms_in_paragraph(text: str, finder: termforms.TermFinder, terms_by_id: dict[str, Term]) -> list[dict]:
    """Glossary terms a paragraph contains, with their spans in the text as written."""
    normalized, offsets = variants.normalize(text)
    found = [{"id": term_id, "term": terms_by_id[term_id].term, "start": offsets[s], "end": offsets[e]}
             for s, e, term_id in finder.spans(normalized)]
    found.sort(key=lambda f: (f["start"], -(f["end"] - f["start"])))
    kept, last_end = [], -1
    for f in found:             # the longest term wins where two overlap
        if f["start"] >= last_end:
            kept.append(f)
            last_end = f["end"]
    return kept
