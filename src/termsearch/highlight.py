"""Marks on the original text: where normalised words occur, and snippets with <mark>."""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from html import escape
from typing import Callable

from .analysis import variants
from .analysis.analyzers import english_text_words

SNIPPET_CHARS = 160
_HTML_SPECIAL = re.compile(r"[&<>\"']")      # what html.escape(…, quote=True) changes


def find_spans(text: str, words: list[str], patterns=()) -> list[tuple[int, int]]:
    """Spans of `text` (as written) where any of the normalised `words` occurs, merged: in
    either script or width, and across quotes (双万新起点 in “雙萬”新起點); and where any of
    `patterns` (compiled, matching text as written) does."""
    spans = [m.span() for pattern in patterns for m in pattern.finditer(text) if m.end() > m.start()]
    for word in words:
        if word:
            # (a word's pattern never matches empty: it holds the word's characters)
            spans += [m.span() for m in _pattern(word).finditer(text)]
    spans = merge(spans) if len(spans) > 1 else spans
    if len(spans) and _QUOTES.search(text):
        spans = merge([quotes_closed(text, s, e) for s, e in spans])
    return spans


# A mark found across quotes holds a quote whose partner stands just outside it (“[三步走”战略目标]
# for 三步走战略目标): the partner is taken in, so that no mark cuts a quotation in two.
QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』", "‘": "’"}
_CLOSING = {close: open_ for open_, close in QUOTE_PAIRS.items()}
_QUOTES = re.compile("[" + "".join(QUOTE_PAIRS) + "".join(_CLOSING) + "]")


def quotes_closed(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) widened by one character at either end where the span holds a quote mark
    whose partner stands right outside it."""
    if not _QUOTES.search(text, start, end):
        return start, end           # (no quote mark inside: most marks, each a word)
    inside = text[start:end]
    for open_, close in QUOTE_PAIRS.items():
        if inside.count(close) > inside.count(open_) and start > 0 and text[start - 1] == open_:
            start -= 1
        if inside.count(open_) > inside.count(close) and end < len(text) and text[end] == close:
            end += 1
    return start, end


@lru_cache(maxsize=4096)
def _pattern(word: str):
    return variants.written_as([[word]])


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def mark(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None,
         render: Callable[[str], str] = escape) -> str:
    """text[start:end] as HTML with <mark> around the spans inside it; `render` makes HTML of
    plain text (escapes it). The web pages pass a list of each character's HTML, the script
    converted and ruby pinyin added, with render="".join."""
    end = len(text) if end is None else end
    if render is escape and not _HTML_SPECIAL.search(text, start, end):
        return _marked(text, spans, start, end)
    parts, cursor = [], start
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if s >= e:
            continue
        parts.append(render(text[cursor:s]))
        parts.append(f"<mark>{render(text[s:e])}</mark>")
        cursor = e
    parts.append(render(text[cursor:end]))
    return "".join(parts)


def _marked(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    """mark() of a text with nothing to escape (a paragraph seldom holds & < > " ')."""
    parts, cursor = [], start
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if s < e:
            parts += (text[cursor:s], "<mark>", text[s:e], "</mark>")
            cursor = e
    parts.append(text[cursor:end])
    return "".join(parts)


MARK_TAG = re.compile(r"(</?mark>)")     # (split by it: the tags kept, at odd places)


def convert_marked(marked_html: str, convert: Callable[[str], str]) -> str:
    """HTML with <mark> tags (a snippet) converted to another script as one text, the tags put
    back where they were: a tag between 公 and 里 would have OpenCC convert 里 alone (裏)."""
    pieces = MARK_TAG.split(marked_html)
    pieces[::2] = convert_pieces(pieces[::2], convert)
    return "".join(pieces)


def convert_pieces(pieces: list[str], convert: Callable[[str], str]) -> list[str]:
    """The pieces of one text (between marks; a use's before, match and after) converted as
    the text they make, then cut where they met: OpenCC picks a phrase's characters from its
    neighbours, across a cut too. `convert` keeps the length (s2t, t2s: bench/script_lengths.py);
    else each piece alone."""
    whole = convert("".join(pieces))
    if len(pieces) == 1:
        return [whole]
    if len(whole) != sum(map(len, pieces)):
        return [convert(p) for p in pieces]
    out, cursor = [], 0
    for piece in pieces:
        out.append(whole[cursor:cursor + len(piece)])
        cursor += len(piece)
    return out


def snippet(text: str, spans: list[tuple[int, int]], width: int = SNIPPET_CHARS) -> str:
    """A window of the paragraph around its first match, with every match in it marked."""
    if len(text) <= width or not spans:
        window_start, window_end = 0, min(len(text), width)
    else:
        first = spans[0][0]
        window_start = max(0, min(first - width // 4, len(text) - width))
        window_end = window_start + width
    body = mark(text, spans, window_start, window_end)
    return ("…" if window_start > 0 else "") + body + ("…" if window_end < len(text) else "")


def sentence_around(text: str, start: int, end: int, limit: int = 120) -> tuple[int, int]:
    """The sentence holding [start, end), clipped to `limit` characters around the match."""
    stops = "。；！？!?;\n"
    left = max((text.rfind(c, 0, start) for c in stops), default=-1) + 1
    rights = [i for i in (text.find(c, end) for c in stops) if i != -1]
    right = min(rights) + 1 if rights else len(text)
    if right - left > limit:
        half = (limit - (end - start)) // 2
        left = max(left, start - half)
        right = min(right, end + half)
    return left, right


_ENGLISH_WORD = re.compile(r"[A-Za-z0-9]+")


def english_spans(text: str, stems: Iterable[str]) -> list[tuple[int, int]]:
    """Where the words of an English text that analyse to one of `stems` stand (the english
    field's analysis: protects, protection → protect)."""
    wanted = set(stems)
    if not wanted:
        return []
    spans = []
    for m in _ENGLISH_WORD.finditer(text):
        words = english_text_words(m[0])
        if words and words[0] in wanted:
            spans.append((m.start(), m.end()))
    return spans
