"""Whoosh analysis for paragraph text: variant normalisation, then jieba words and sub-words.

Analysis is the expensive part of indexing, so the index builder runs `analyse` in worker
processes and hands the tokens to the Whoosh writer through `PrecomputedTokenizer`; any text
that arrives without precomputed tokens is analysed on the spot, with the same functions.
"""
from __future__ import annotations

from whoosh.analysis import Token as WhooshToken
from whoosh.analysis import Tokenizer

from . import segment, variants
from .termforms import TermFinder


def analyse(text: str) -> list[tuple[str, int, int, int]]:
    """(word, start, end, position) for `text`; offsets point into the ORIGINAL text."""
    return analyse_paragraph(text, None)[0]


def analyse_paragraph(text: str, finder: TermFinder | None) -> tuple[list[tuple[str, int, int, int]], list[str]]:
    """The tokens of a paragraph and the ids of the glossary terms it uses (one normalisation)."""
    normalized, offsets = variants.normalize(text)
    tokens = [(tok.text, offsets[tok.start], offsets[tok.end], tok.pos) for tok in segment.segment(normalized)]
    return tokens, finder.find(normalized) if finder else []


class PrecomputedTokenizer(Tokenizer):
    """Yields tokens computed ahead of time for a text, or analyses the text itself."""

    def __init__(self) -> None:
        self.precomputed: dict[str, list[tuple[str, int, int, int]]] = {}

    def __eq__(self, other):
        return isinstance(other, PrecomputedTokenizer)

    def __getstate__(self):
        return {}       # the pending tokens never belong in the pickled schema

    def __setstate__(self, state):
        self.precomputed = {}

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        tokens = self.precomputed.pop(value, None)
        if tokens is None:
            tokens = analyse(value)
        t = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for word, start, end, pos in tokens:
            t.text = word
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = word
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t


def paragraph_analyzer() -> PrecomputedTokenizer:
    return PrecomputedTokenizer()
