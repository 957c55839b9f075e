"""The renderings files: English names of glossary terms with source and confidence
(data/renderings.csv, data/termbase.csv, or a user's file), read, checked and joined to terms."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Iterable, Mapping

from ..analysis import termforms, variants
from ..ingest.metadata import speaks_of_its_own_place
from ..model import IngestError, Rendering, Term

CONFIDENCE_LEVELS = ("official", "attested", "descriptive")
RENDERING_COLUMNS = ("term", "english", "confidence", "source", "url", "note", "scope")
_REQUIRED_COLUMNS = ("term", "english", "confidence", "source")
_URL = re.compile(r"https?://\S+\Z")


def rendering_key(headword: str) -> str:
    """The key rows of the renderings file are joined on: the Simplified headword, unquoted."""
    return termforms.unquoted(variants.to_simplified(headword))


# The packaged renderings files, in the order their rows are preferred: the hand-researched
# renderings of the seed glossary first, then the termbase of national policy vocabulary
# (data/renderings.md describes both).
PACKAGED_RENDERINGS = ("renderings.csv", "termbase.csv")


def load_renderings(path: str | Path | None = None) -> dict[str, list[Rendering]]:
    """Renderings by `rendering_key`, in file order (a term's first row is its preferred one).

    `path` None reads the packaged files (`PACKAGED_RENDERINGS`, earlier files first). Every
    row is checked; the first bad one raises IngestError naming the file and the line the row
    starts on.
    """
    if path is None:
        merged: dict[str, list[Rendering]] = {}
        for file_name in PACKAGED_RENDERINGS:
            for key, rows in packaged_renderings(file_name).items():
                have = merged.setdefault(key, [])
                seen = {(r.text, r.source, r.scope) for r in have}
                have.extend(r for r in rows if (r.text, r.source, r.scope) not in seen)
        return merged
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise IngestError(f"{name}: cannot read the renderings file ({exc.strerror or exc})") from None
    return _parse_bytes(raw, name)


def packaged_renderings(file_name: str) -> dict[str, list[Rendering]]:
    """One packaged renderings file (one of `PACKAGED_RENDERINGS`), parsed."""
    raw = resources.files("termsearch.data").joinpath(file_name).read_bytes()
    return _parse_bytes(raw, f"{file_name} (packaged with termsearch)")


def _parse_bytes(raw: bytes, name: str) -> dict[str, list[Rendering]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(f"{name}: the renderings file is not UTF-8 (byte {exc.start})") from None
    return parse_renderings(text, name)


def parse_renderings(text: str, name: str = "renderings") -> dict[str, list[Rendering]]:
    """Parse the text of a renderings file (see `load_renderings`)."""
    reader = csv.reader(io.StringIO(text, newline=""))

    def fail(line: int, message: str) -> IngestError:
        return IngestError(f"{name}, line {line}: {message}")

    try:
        header = next(reader, None)
        if header is None:
            raise fail(1, "the file is empty; expected a header row: " + ",".join(RENDERING_COLUMNS))
        columns = [h.strip().lower() for h in header]
        missing = [c for c in _REQUIRED_COLUMNS if c not in columns]
        if missing:
            raise fail(1, f"missing column(s) {', '.join(missing)}; the header must name "
                          + ",".join(RENDERING_COLUMNS))
        renderings: dict[str, list[Rendering]] = {}
        line = reader.line_num + 1
        for row in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                raise fail(start, f"{len(row)} fields where the header has {len(columns)} "
                                  "(a comma inside a field needs double quotes around the field)")
            values = {c: v.strip() for c, v in zip(columns, row)}
            key, rendering = _rendering_from_row(values, lambda message: fail(start, message))
            renderings.setdefault(key, []).append(rendering)
    except csv.Error as exc:
        raise IngestError(f"{name}, line {reader.line_num}: not valid CSV ({exc})") from None
    return renderings


def _rendering_from_row(values: dict[str, str], fail) -> tuple[str, Rendering]:
    term, english = values["term"], values["english"]
    confidence, source = values["confidence"].lower(), values["source"]
    url, note = values.get("url", ""), values.get("note", "")
    scope = values.get("scope", "")
    scope = "" if scope.lower() in EVERYWHERE else scope
    if not term:
        raise fail("the term column is empty")
    if not english:
        raise fail(f"no English rendering for {term!r}")
    if confidence not in CONFIDENCE_LEVELS:
        raise fail(f"confidence {values['confidence']!r} for {term!r}; it must be one of "
                   + ", ".join(CONFIDENCE_LEVELS))
    if not source:
        raise fail(f"no source for {term!r} ({english!r}); descriptive rows use 'termsearch (descriptive)'")
    if url and not _URL.match(url):
        raise fail(f"url {url!r} is not an http(s) address")
    if confidence == "official" and not url:
        raise fail(f"{term!r} ({english!r}) is marked official but has no url; an official "
                   "rendering must cite the page it was seen on")
    key = rendering_key(term)
    if not key:
        raise fail(f"the term {term!r} is only quotation marks")
    return key, Rendering(text=english, confidence=confidence, source=source, url=url, note=note, scope=scope)


# `scope` values that mean "wherever the headword is defined" (the termbase says national).
EVERYWHERE = frozenset({"", "national", "global", "*"})


def applies_to(rendering: Rendering, term: Term, regions: Mapping[str, str] | None = None) -> bool:
    """Whether a row of the renderings file belongs to `term` (`regions`: document id → its region)."""
    document = term.source.document
    region = (regions or {}).get(document, "")
    if not rendering.scope and term.origin == "extracted" and speaks_of_its_own_place(term.definition, region):
        # A row for everywhere names the national idea; a definition that speaks of its own
        # place (保定, 全市, 区委) defines a local programme that only shares its name.
        return False
    return applies_to_document(rendering, document, region)


def applies_to_document(rendering: Rendering, document: str, region: str) -> bool:
    """Whether a row of the renderings file belongs to what a document (its id and region) says:
    a row without a scope belongs everywhere; a scoped one only to that document or to a document
    whose region names the scope (广东 → 广东省东莞市寮步镇), in either script. A scope may name
    several places, separated by `;` (上海; 重庆: a label used in the same sense in both)."""
    if not rendering.scope:
        return True
    places = [p.strip() for p in rendering.scope.split(";") if p.strip()]
    if document in places:
        return True
    here = variants.to_simplified(region) if region else ""
    return bool(here) and any(variants.to_simplified(place) in here for place in places)


def attach_renderings(terms: list[Term], renderings: Mapping[str, list[Rendering]],
                      regions: Mapping[str, str] | None = None) -> list[Term]:
    """Fill each term's `english` from the renderings (by headword, else by an alias).

    Rows with a scope (a document id or a region) go only to the terms of that document or
    region (`regions`: document id → its region), so one place's English for a headword does
    not reach another place's homonym. Renderings a term already carries (an imported
    termbase's) stay first; rows from the file that repeat one (same text and source) are not
    added twice. A term with no row keeps an empty list. The terms are changed in place and
    returned.
    """
    for term in terms:
        rows = None
        for form in (term.term, *term.aliases):
            found = [r for r in renderings.get(rendering_key(form), ()) if applies_to(r, term, regions)]
            if found:
                rows = found
                break
        if not rows:
            continue
        have = {(r.text, r.source) for r in term.english}
        # The scope only chose the term; the attached rendering belongs to it wherever it goes.
        term.english = [*term.english, *(replace(r, scope="") for r in rows if (r.text, r.source) not in have)]
    return terms


def unmatched_renderings(terms: Iterable[Term], renderings: Mapping[str, list[Rendering]]) -> list[str]:
    """Keys of the renderings file that no term has: typos, or terms from reports not indexed."""
    used = set()
    for term in terms:
        used.add(rendering_key(term.term))
        used.update(rendering_key(a) for a in term.aliases)
    return sorted(k for k in renderings if k not in used)
