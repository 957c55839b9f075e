"""Search filtered by document metadata (year range, region, level, kind), with the counts a
user chooses from.

The metadata counts are derived from the per-document hit counts the engine already computes
(document → its year, region, level, kind), so the index needs no new columns; a metadata
filter is a filter on the set of document ids. Each facet is counted with every filter but its
own applied, so a user can switch a value without clearing the others first.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from . import collection
from .ingest.metadata import KINDS, LEVELS
from .model import QueryError, Result

FACETS = ("year", "region", "level", "kind")
MIN_YEAR, MAX_YEAR = 1900, 2200


@dataclass(frozen=True)
class Filters:
    year_from: int | None = None
    year_to: int | None = None
    region: str = ""
    level: str = ""
    kind: str = ""

    @classmethod
    def parse(cls, year_from: str | int | None = None, year_to: str | int | None = None,
              region: str = "", level: str = "", kind: str = "") -> "Filters":
        """Filters from what a user typed; a bad year is a QueryError with a one-line message."""
        def year(name: str, raw) -> int | None:
            if raw is None or str(raw).strip() == "":
                return None
            text = str(raw).strip()
            if not text.isdecimal() or len(text) > 4 or not MIN_YEAR <= int(text) <= MAX_YEAR:
                raise QueryError(f"{name} must be a year from {MIN_YEAR} to {MAX_YEAR}, not {text[:20]!r}")
            return int(text)

        def one_of(name: str, raw: str, values: tuple[str, ...]) -> str:
            # A level or kind nothing is read as (planet, Province) would find nothing, unsaid.
            text = (raw or "").strip()
            if text and text not in values:
                raise QueryError(f"{name} must be one of {', '.join(values)}, not {text[:20]!r}")
            return text

        found = cls(year("year_from", year_from), year("year_to", year_to), (region or "").strip()[:100],
                    one_of("level", level, LEVELS), one_of("kind", kind, KINDS))
        if found.year_from and found.year_to and found.year_from > found.year_to:
            raise QueryError(f"year_from ({found.year_from}) is after year_to ({found.year_to})")
        return found

    @property
    def active(self) -> bool:
        return any((self.year_from, self.year_to, self.region, self.level, self.kind))

    def accepts(self, facts: dict, *, ignore: str = "") -> bool:
        """Whether a document (its collection facts) passes every filter but `ignore`'s."""
        year = facts.get("year")
        if ignore != "year" and (self.year_from or self.year_to):
            if year is None or (self.year_from and year < self.year_from) or (self.year_to and year > self.year_to):
                return False
        for name in ("region", "level", "kind"):
            wanted = getattr(self, name)
            if wanted and ignore != name and facts.get(name, "") != wanted:
                return False
        return True

    def as_args(self) -> dict[str, str]:
        return {k: str(v) for k, v in (("year_from", self.year_from), ("year_to", self.year_to),
                                       ("region", self.region), ("level", self.level), ("kind", self.kind)) if v}


@dataclass
class Counts:
    """Hit counts (paragraphs) by document, section and each metadata facet, most first."""

    document: list[tuple[str, int]] = field(default_factory=list)
    section: list[tuple[str, int]] = field(default_factory=list)
    year: list[tuple[int, int]] = field(default_factory=list)
    region: list[tuple[str, int]] = field(default_factory=list)
    level: list[tuple[str, int]] = field(default_factory=list)
    kind: list[tuple[str, int]] = field(default_factory=list)

    def to_dict(self, with_sections: bool) -> dict:
        out = {name: {str(k): n for k, n in getattr(self, name)} for name in ("document", *FACETS)}
        if with_sections:
            out["section"] = dict(self.section)
        return out


def allowed_documents(coll: collection.Collection, filters: Filters) -> frozenset[str] | None:
    """The documents the metadata filters let through (None: no metadata filter)."""
    if not filters.active:
        return None
    return frozenset(doc_id for doc_id, facts in coll.documents.items() if filters.accepts(facts))


def search(engine, q: str, limit: int, offset: int, filters: Filters = Filters(), *, document: str = "",
           section: str = "", facets: bool = False, **term_window: int) -> tuple[Result, Counts | None]:
    """Engine.search within the filters; with `facets`, the counts of every facet."""
    coll = collection.load(engine.reader())
    allowed = allowed_documents(coll, filters)
    result = engine.search(q, limit=limit, offset=offset, document=document, section=section,
                           facets=facets, documents=allowed, **term_window)     # term_limit, term_offset
    if not facets:
        return result, None
    raw, result.facets = result.facets or {}, None
    by_document = raw.get("document", {})
    counts = Counts(section=sorted(raw.get("section", {}).items(), key=lambda kv: -kv[1]))
    counts.document = sorted(((d, n) for d, n in by_document.items()
                              if filters.accepts(coll.documents.get(d, {}))), key=lambda kv: (-kv[1], kv[0]))
    for name in FACETS:
        tally: Counter = Counter()
        for doc_id, n in by_document.items():
            facts = coll.documents.get(doc_id, {})
            value = facts.get(name)
            if value not in (None, "") and filters.accepts(facts, ignore=name):
                tally[value] += n
        ordered = sorted(tally.items(), key=lambda kv: -kv[0]) if name == "year" else \
            sorted(tally.items(), key=lambda kv: (-kv[1], str(kv[0])))
        setattr(counts, name, ordered)
    return result, counts
