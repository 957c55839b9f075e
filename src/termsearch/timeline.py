"""A term's life over the years: in how many documents and paragraphs of each year a query is
found, normalised by how much text each year has (paragraphs per million characters), for one
or several queries to compare; the years come from Document.year."""
from __future__ import annotations

from . import collection, facets
from .model import QueryError
from .query import blank_query

MAX_QUERIES = 6
# A year with less text than this share of the median year's (a short resolution alone) gets no
# per-million figure: one paragraph in 500 characters would dwarf every real year on the chart.
MIN_YEAR_SHARE = 0.1


def timeline(engine, queries: list[str], filters: facets.Filters = facets.Filters()) -> dict:
    """{"years", "characters", "documents", "series": [{"query", "documents", "paragraphs",
    "per_million", "undated"}]}: per-year counts (years as ints) of each query's hits; per
    million characters only for years with at least MIN_YEAR_SHARE of the median year's text."""
    # A query of only control characters (%00) is no query: no nameless line on the chart.
    queries = [q.strip() for q in queries if not blank_query(q)]
    if not queries:
        raise QueryError("give at least one query to draw its timeline (a word, pinyin or English)")
    if len(queries) > MAX_QUERIES:
        raise QueryError(f"at most {MAX_QUERIES} queries on one timeline")
    coll = collection.load(engine.reader())
    dated = {doc_id: facts for doc_id, facts in coll.documents.items()
             if facts.get("year") is not None and filters.accepts(facts)}
    characters: dict[int, int] = {}
    documents: dict[int, int] = {}
    for facts in dated.values():
        characters[facts["year"]] = characters.get(facts["year"], 0) + facts.get("characters", 0)
        documents[facts["year"]] = documents.get(facts["year"], 0) + 1
    sizes = sorted(characters.values())
    enough = MIN_YEAR_SHARE * sizes[len(sizes) // 2] if sizes else 0
    series = []
    for q in queries:
        _, counts = facets.search(engine, q, 0, 0, filters, facets=True)
        by_docs: dict[int, int] = {}
        by_paragraphs: dict[int, int] = {}
        undated = {"documents": 0, "paragraphs": 0}
        for doc_id, n in counts.document:
            facts = dated.get(doc_id)
            if facts is None:
                undated["documents"] += 1
                undated["paragraphs"] += n
                continue
            year = facts["year"]
            by_docs[year] = by_docs.get(year, 0) + 1
            by_paragraphs[year] = by_paragraphs.get(year, 0) + n
        series.append({
            "query": q,
            "documents": dict(sorted(by_docs.items())),
            "paragraphs": dict(sorted(by_paragraphs.items())),
            "per_million": {y: round(by_paragraphs.get(y, 0) * 1_000_000 / n, 2)
                            for y, n in sorted(characters.items()) if n >= enough},
            "undated": undated,
        })
    return {"years": sorted(characters), "characters": dict(sorted(characters.items())),
            "documents": dict(sorted(documents.items())), "series": series}


def as_json(data: dict) -> dict:
    """The timeline with string keys (JSON objects), years kept as a sorted list of ints."""
    def keyed(d: dict) -> dict:
        return {str(k): v for k, v in d.items()}

    return {"years": data["years"], "characters": keyed(data["characters"]), "documents": keyed(data["documents"]),
            "series": [{**s, "documents": keyed(s["documents"]), "paragraphs": keyed(s["paragraphs"]),
                        "per_million": keyed(s["per_million"])} for s in data["series"]]}
