"""Plain values that flow between the stages: documents, glossary terms, search results."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, is_dataclass
from typing import Any

# The errors live in errors.py; named here too for code that still imports them from model.
from .errors import IndexMissing, IngestError, QueryError, TermsearchError  # noqa: F401


def as_dict(obj: Any) -> Any:
    """dataclasses.asdict(obj), the same dict, made in a third of the time: a build writes every
    document's pages from it (asdict's general walk was ~0.3 CPU s of the reports' build, in the
    builder while the segment writers work). Strings, numbers and None are taken as they are
    (asdict deep-copies them, which gives them back as they are); each class's fields are
    listed once."""
    kind = type(obj)
    if kind in _ATOMS:
        return obj
    names = _FIELD_NAMES.get(kind)
    if names is None and is_dataclass(obj) and not isinstance(obj, type):
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(obj))
    if names is not None:
        return {name: as_dict(getattr(obj, name)) for name in names}
    if kind is list:
        return [as_dict(value) for value in obj]
    if kind is tuple:
        return tuple([as_dict(value) for value in obj])
    if kind is dict:
        return {as_dict(k): as_dict(v) for k, v in obj.items()}
    return asdict(_Boxed(obj))["value"]     # anything else (a named tuple, a set...): asdict's own way


@dataclass
class _Boxed:
    value: Any


_ATOMS = frozenset({str, int, float, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


@dataclass(frozen=True)
class SourceRef:
    """Where something came from: a document id and a 1-based line in its file."""

    document: str
    line: int


@dataclass
class DamagedSpan:
    """A run of text garbled by a bad encoding round trip.

    `start`/`end` are offsets into the cleaned paragraph text; `repaired` holds the recovered
    original when it could be recovered with certainty, else None.
    """

    document: str
    line: int
    start: int
    end: int
    text: str
    repaired: str | None = None


@dataclass
class Section:
    ordinal: int
    title: str
    line: int
    english: str = ""       # the heading in the document's official translation, if it has one


@dataclass
class Paragraph:
    id: str                 # "<document>:<ordinal>", stable across rebuilds of the same file
    document: str
    ordinal: int
    line: int
    section: str            # title of the enclosing section ("" before the first heading)
    text: str               # cleaned text, in the script it was written in
    damaged: list[DamagedSpan] = field(default_factory=list)
    # Aligned pair: the paragraph's official English (parallel documents, see parallel.py), and
    # [Chinese, English] sentence pairs where the two sides were paragraphed differently.
    english: str = ""
    english_sentences: list[list[str]] = field(default_factory=list)


@dataclass
class Rendering:
    """One English rendering of a term and where it comes from."""

    text: str
    # "official" | "attested" | "descriptive" (from a renderings file, an import or a parallel
    # text), or "literal": a word-by-word gloss termsearch composed from CC-CEDICT, never a translation.
    confidence: str
    source: str             # who uses it (e.g. "Xinhua") or "termsearch" for descriptive ones
    url: str = ""
    note: str = ""
    part: str = ""          # the part of the headword this English is for; "" = the whole headword
    scope: str = ""         # the document id or region it was written for; "" = everywhere

    @property
    def is_translation(self) -> bool:
        """English for the whole term (not a part's English, not a literal gloss): what English
        queries match and what exchange formats carry as the term's English."""
        return self.confidence != "literal" and not self.part


@dataclass
class Term:
    id: str
    term: str               # headword as written in the report
    traditional: str
    simplified: str
    aliases: list[str]
    definition: str
    source: SourceRef
    pinyin: str = ""        # tone-marked, syllables separated by spaces
    english: list[Rendering] = field(default_factory=list)
    origin: str = "extracted"   # "extracted" or "imported:<file name>"
    # Where the definition applies: "document" (its own document only) or "global" (an
    # imported termbase, a national document's glossary). Elsewhere the same characters are
    # "the same words elsewhere", not uses of the term.
    scope: str = "document"

    @property
    def is_global(self) -> bool:
        """Whether the definition applies in every document: an imported termbase always
        does (the user brought it for the whole collection), a glossary entry when its scope
        says so (a national document's, set at build time)."""
        return self.scope == "global" or self.origin != "extracted"

    def applies_in(self, document: str) -> bool:
        """Whether the same characters in `document` are uses of this term (else they are
        "the same words elsewhere")."""
        return self.is_global or self.source.document == document

    def to_dict(self) -> dict[str, Any]:
        return as_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Term":
        data = dict(data)
        data["source"] = SourceRef(**data["source"])
        data["english"] = [Rendering(**r) for r in data.get("english", [])]
        return cls(**data)


@dataclass
class Document:
    id: str
    title: str
    path: str
    format: str             # "txt" | "md" | "html"
    encoding: str
    sections: list[Section]
    paragraphs: list[Paragraph]
    glossary: list[Term]
    warnings: list[str] = field(default_factory=list)   # said in the ingest report
    # Who issued it and when (ingest/metadata reads them from title, text and file name; a
    # metadata file beside the document overrides). "" / None when not known.
    region: str = ""        # e.g. "河北省保定市满城区"; "中国" for national documents
    level: str = ""         # "national" | "province" | "city" | "county" | "district" | "town"
    kind: str = ""          # "government_work_report" | "party_congress_report" | "law" | "policy" | "other"
    year: int | None = None
    # Region, year and title in one line that tells documents apart ("保定市满城区 2022 ·
    # 政府工作报告"); what lists, hits and the reader show. "" in indexes built before it.
    display_title: str = ""
    # The official English translation aligned with it ("" for a Chinese-only document): the
    # English file's path, or the TMX file's.
    translation: str = ""

    @property
    def damaged(self) -> list[DamagedSpan]:
        return [span for p in self.paragraphs for span in p.damaged]

    def to_dict(self) -> dict[str, Any]:
        return as_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Document":
        return cls(
            id=data["id"], title=data["title"], path=data["path"], format=data["format"],
            encoding=data["encoding"],
            sections=[Section(**s) for s in data["sections"]],
            paragraphs=[
                Paragraph(**{**p, "damaged": [DamagedSpan(**d) for d in p["damaged"]]})
                for p in data["paragraphs"]
            ],
            glossary=[Term.from_dict(t) for t in data["glossary"]],
            warnings=list(data.get("warnings", [])),
            region=data.get("region", ""), level=data.get("level", ""),
            kind=data.get("kind", ""), year=data.get("year"),
            display_title=data.get("display_title", ""),
            translation=data.get("translation", ""),
        )


@dataclass
class Hit:
    document: str
    paragraph: str
    line: int
    section: str
    text: str
    snippet: str            # HTML-escaped text with <mark> around matches
    terms: list[str]
    score: float
    document_title: str = ""    # the document's display title (region, year, title)
    english: str = ""           # the paragraph's official English (parallel documents), else ""
    english_snippet: str = ""   # it HTML-escaped, with <mark> around the words an English query found


@dataclass
class Result:
    query: str
    interpretation: dict[str, Any]
    terms: list[dict[str, Any]]
    hits: list[Hit]
    total: int
    # Hit counts by "document" and "section" ({name: count}), when asked for.
    facets: dict[str, dict[str, int]] | None = None
    terms_total: int = 0        # glossary terms matched in all (`terms` is one page of them)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if data["facets"] is None:
            del data["facets"]
        return data

