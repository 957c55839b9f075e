"""Cleaned lines to a Document: title, sections, paragraphs with stable ids and line numbers."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from importlib import resources

from ..model import DamagedSpan, Paragraph, Section

# Headings are short; a numbered line longer than this is a paragraph that starts with a number.
MAX_HEADING_CHARS = 60
# Longer lines are split: a whole file on one line must still index in bounded memory.
MAX_PARAGRAPH_CHARS = 5000
_SENTENCE_END = ("。", "；", ";")


@lru_cache(maxsize=1)
def heading_patterns() -> list[re.Pattern[str]]:
    text = resources.files("termsearch.data").joinpath("heading_patterns.txt").read_text("utf-8")
    return [re.compile(line) for line in text.splitlines() if line.strip() and not line.startswith("#")]


def is_heading(line: str) -> bool:
    line = line.strip()
    if not line or len(line) > MAX_HEADING_CHARS or line.endswith(_SENTENCE_END):
        return False
    return any(p.match(line) for p in heading_patterns())


def heading_title(line: str) -> str:
    return re.sub(r"^#{1,6}\s+", "", line.strip()).rstrip("：: ")


def find_title(lines: list[str]) -> str:
    """The first real line, without the '—全文' a website appends."""
    for line in lines:
        line = heading_title(line)
        if line:
            return re.sub(r"\s*[—–-]+\s*全文$", "", line)[:200]
    return ""


def build_paragraphs(
    document_id: str,
    lines: list[tuple[int, str, list[tuple[int, int, str | None]]]],
    glossary_range: tuple[int, int] | None,
) -> tuple[list[Section], list[Paragraph]]:
    """Turn (line number, cleaned text, damaged spans) triples into sections and paragraphs.

    Every non-blank line that is not a heading is one paragraph (reports put one paragraph
    per line). Lines inside the glossary block become paragraphs of a glossary section, so
    a term's own definition is searchable and traceable like any other text.
    """
    sections: list[Section] = []
    paragraphs: list[Paragraph] = []
    current = ""
    for line_number, text, spans in lines:
        stripped = text.strip()
        if not stripped:
            continue
        in_glossary = glossary_range is not None and glossary_range[0] <= line_number < glossary_range[1]
        if in_glossary and line_number == glossary_range[0]:
            current = heading_title(stripped)
            sections.append(Section(ordinal=len(sections) + 1, title=current, line=line_number))
            continue
        if not in_glossary and is_heading(stripped):
            current = heading_title(stripped)
            sections.append(Section(ordinal=len(sections) + 1, title=current, line=line_number))
            continue
        lead = len(text) - len(text.lstrip())
        for offset, piece in split_long(stripped):
            ordinal = len(paragraphs) + 1
            paragraphs.append(Paragraph(
                id=f"{document_id}:{ordinal}",
                document=document_id,
                ordinal=ordinal,
                line=line_number,
                section=current,
                text=piece,
                damaged=[
                    DamagedSpan(document=document_id, line=line_number, start=s - lead - offset,
                                end=min(e - lead - offset, len(piece)), text=text[s:e], repaired=r)
                    for s, e, r in spans if offset <= s - lead < offset + len(piece)
                ],
            ))
    return sections, paragraphs


def split_long(text: str, limit: int = MAX_PARAGRAPH_CHARS) -> list[tuple[int, str]]:
    """A line longer than `limit` as pieces ending at sentence ends: (offset, piece) pairs."""
    if len(text) <= limit:
        return [(0, text)]
    pieces, start = [], 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            cut = max(text.rfind(c, start + limit // 2, end) for c in "。；！？.;!?")
            end = cut + 1 if cut != -1 else end
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def split_warnings(paragraphs: list[Paragraph]) -> list[str]:
    per_line = Counter(p.line for p in paragraphs)
    lines = sorted(line for line, n in per_line.items() if n > 1)
    return [f"line {n} is over {MAX_PARAGRAPH_CHARS:,} characters; split into paragraphs at sentence ends"
            for n in lines[:20]]
