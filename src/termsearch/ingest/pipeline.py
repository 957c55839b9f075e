"""The ingest pipeline: one report file to a Document, and the report of what was read."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..model import Document, IngestError
from . import clean, glossary, metadata, structure
from .read import SourceText, read_source


def ingest_file(path: Path, document_id: str) -> Document:
    """One report file as a Document; raises IngestError naming the file."""
    return ingest_source(read_source(path), document_id)


# A file that gathers several documents (a scraped list of policies): each starts with a
# Markdown heading and, on the next line, the address it was taken from.
_GATHERED_HEADING = re.compile(r"^#{1,3}\s+\S")
_SOURCE_ADDRESS = re.compile(r"^\s*https?://\S+\s*$")
# Between a file's id and its part's number (as between a TMX file's id and its document's).
PART_SEPARATOR = "--"


def gathered_document_starts(lines: list[str]) -> list[int]:
    """The lines where the documents of a gathered file start ([] for a file of one document)."""
    starts = []
    for i, line in enumerate(lines):
        if _GATHERED_HEADING.match(line):
            after = next((later for later in lines[i + 1:i + 4] if later.strip()), "")
            if _SOURCE_ADDRESS.match(after):
                starts.append(i)
    return starts if len(starts) >= 2 else []


def ingest_documents(path: Path, document_id: str) -> list[Document]:
    """A report file as its Documents: one, or one per document a gathered file holds
    (ids FILE--1, FILE--2 …, each with the file's own line numbers)."""
    source = read_source(path)
    lines = source.text.splitlines()
    starts = gathered_document_starts(lines)
    if not starts:
        return [ingest_source(source, document_id)]
    documents = []
    if any(line.strip() for line in lines[:starts[0]]):      # text before the first: a part of its own
        starts = [0, *starts]
    for number, (start, end) in enumerate(zip(starts, [*starts[1:], len(lines)]), start=1):
        part = SourceText(path=source.path, format=source.format, encoding=source.encoding,
                          text="\n".join(lines[start:end]))
        try:
            documents.append(ingest_source(part, f"{document_id}{PART_SEPARATOR}{number}", first_line=start + 1))
        except IngestError:
            continue        # a heading and its address with no text: nothing of it to index
    if not documents:
        raise IngestError(f"{path}: no text found")
    return documents


def ingest_source(source: SourceText, document_id: str, first_line: int = 1) -> Document:
    """A report's text, read from its file, as a Document; raises IngestError naming the file.
    `first_line`: the file's line the text starts on (a part of a gathered file)."""
    path = source.path
    raw_lines = source.text.splitlines()
    cleaned = [(number, *clean.clean_line(raw)) for number, raw in enumerate(raw_lines, start=first_line)]
    texts = [text for _, text, _ in cleaned]
    # The glossary sees furniture lines too: they tell it where the glossary ends.
    block, terms = glossary.extract_glossary(texts, document_id)
    if first_line != 1:
        for term in terms:
            term.source = replace(term.source, line=term.source.line + first_line - 1)
    warnings = []
    if len(terms) > glossary.MAX_ENTRIES:
        warnings.append(f"glossary has over {glossary.MAX_ENTRIES:,} entries; kept the first {glossary.MAX_ENTRIES:,}")
        terms = terms[:glossary.MAX_ENTRIES]
    glossary_lines = (block[0] + first_line, block[1] + first_line) if block else None
    if block:
        mark_damage_in_definitions(terms, cleaned[block[0]:block[1]])
    furniture = clean.find_page_furniture(texts)
    body = [(n, "", []) if junk else (n, text, spans) for (n, text, spans), junk in zip(cleaned, furniture)]
    sections, paragraphs = structure.build_paragraphs(document_id, body, glossary_lines)
    if not paragraphs and not terms:
        raise IngestError(f"{path}: no text found")
    # The glossary is left out: its definitions cite where borrowed ideas come from (枫桥经验,
    # 浙江), which is not where the report comes from.
    own_lines = [text for _, text, _ in (body[:block[0]] + body[block[1]:] if block else body)]
    meta = read_document_metadata(path, own_lines, warnings)
    return Document(
        id=document_id,
        title=meta.title,
        path=str(path),
        format=source.format,
        encoding=source.encoding,
        sections=sections,
        paragraphs=paragraphs,
        glossary=terms,
        warnings=warnings + structure.split_warnings(paragraphs),
        region=meta.region, level=meta.level, kind=meta.kind, year=meta.year,
        display_title=metadata.display_title(meta),
    )


def read_document_metadata(path: Path, lines: list[str], warnings: list[str]) -> metadata.Metadata:
    """Title, region, level, kind and year as the text says them, with what a metadata file
    beside the document says instead. A malformed metadata file is said in `warnings` (one
    line naming it) and ignored as a whole: the document still indexes with what was read."""
    title = metadata.better_title(structure.find_title(lines) or path.stem, lines)
    meta = metadata.read_metadata(title, lines, path)
    try:
        override = metadata.read_override(path)
    except IngestError as exc:
        warnings.append(f"{exc}; the file is ignored, metadata read from the text")
        return meta
    return metadata.apply_override(meta, override)


# The typographer's mark for a character that cannot be read (〓, geta).
ILLEGIBLE = "〓"


def mark_damage_in_definitions(terms, glossary_lines) -> None:
    """A definition never carries garbled text: a repaired span reads as repaired, the others
    as one 〓 mark (how many characters were lost is not known), so a term card shows what is
    known and no more."""
    for _, text, spans in glossary_lines:
        for start, end, repaired in spans:
            garbled = text[start:end]
            for term in terms:
                if garbled in term.definition:
                    term.definition = term.definition.replace(garbled, repaired or ILLEGIBLE)


@dataclass
class IngestReport:
    """What an index build read: per-document counts, damaged spans and per-file errors."""

    documents: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)    # files with no text by design, one line each

    def add(self, doc: Document) -> None:
        self.documents.append({
            "document": doc.id,
            "path": doc.path,
            "title": doc.title,
            "display_title": doc.display_title or doc.title,
            "region": doc.region,
            "level": doc.level,
            "kind": doc.kind,
            "year": doc.year,
            "encoding": doc.encoding,
            "sections": len(doc.sections),
            "paragraphs": len(doc.paragraphs),
            "glossary": len(doc.glossary),
            "warnings": doc.warnings,
            "damaged": [
                {"line": d.line, "text": d.text, "repaired": d.repaired} for d in doc.damaged
            ],
        })

    def renamed(self, doc: Document) -> None:
        """A document's region given the fuller name the collection uses for it."""
        for entry in self.documents:
            if entry["document"] == doc.id:
                entry["region"], entry["display_title"] = doc.region, doc.display_title

    def totals(self) -> dict[str, int]:
        return {
            "documents": len(self.documents),
            "sections": sum(d["sections"] for d in self.documents),
            "paragraphs": sum(d["paragraphs"] for d in self.documents),
            "glossary": sum(d["glossary"] for d in self.documents),
            "damaged": sum(len(d["damaged"]) for d in self.documents),
            "errors": len(self.errors),
            "skipped": len(self.skipped),
        }
