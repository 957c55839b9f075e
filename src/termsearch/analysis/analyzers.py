"""Whoosh analysis of paragraph text: variant normalisation, jieba words and sub-words, and
the glossary terms a paragraph uses — the same normalised form for all three.

The index builder writes with several processes forked from one that has registered the
glossary's words with jieba and set the term finder (`use_glossary`), so every writer analyses
exactly as the others do.
"""
from __future__ import annotations

import os
import threading
import time

from whoosh.analysis import Token as WhooshToken
from whoosh.analysis import Tokenizer

from . import segment, variants
from .termforms import TermFinder

_finder: TermFinder | None = None
_last: tuple[str, str, list[int]] = ("", "", [0])     # the paragraph both fields just analysed


def use_glossary(glossary_words: list[str], term_keys: list[tuple[str, list[str]]]) -> None:
    """Set the glossary for analysis in this process (and the writers it forks)."""
    global _finder, _builder_pid
    segment.register_words(glossary_words)
    _finder = TermFinder(term_keys)
    _builder_pid = os.getpid()


_builder_pid = 0
_watching = False


def _leave_with_the_builder() -> None:
    """In a forked writer: exit when the build process is gone (killed), instead of waiting
    forever for work that will not come."""
    global _watching
    if _watching or not _builder_pid or os.getpid() == _builder_pid:
        return
    _watching = True

    def watch() -> None:
        while os.getppid() == _builder_pid:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _normalized(text: str) -> tuple[str, list[int]]:
    """Normalise once for the text and terms fields of one paragraph."""
    global _last
    if _last[0] != text:
        _last = (text, *variants.normalize(text))
    return _last[1], _last[2]


def analyse(text: str) -> list[tuple[str, int, int, int]]:
    """(word, start, end, position) for `text`; offsets point into the ORIGINAL text."""
    normalized, offsets = _normalized(text)
    return [(tok.text, offsets[tok.start], offsets[tok.end], tok.pos) for tok in segment.segment(normalized)]


class _Tokenizer(Tokenizer):
    def __eq__(self, other):
        return type(other) is type(self)

    def tokens(self, value: str) -> list[tuple[str, int, int, int]]:
        raise NotImplementedError

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        _leave_with_the_builder()
        t = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for word, start, end, pos in self.tokens(value):
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


class ParagraphTokenizer(_Tokenizer):
    """Words and sub-words of a paragraph (see segment.segment)."""

    def tokens(self, value: str) -> list[tuple[str, int, int, int]]:
        return analyse(value)


class TermIdsTokenizer(_Tokenizer):
    """The ids of the glossary terms a paragraph uses, as tokens."""

    def tokens(self, value: str) -> list[tuple[str, int, int, int]]:
        if _finder is None:
            return []
        return [(term_id, 0, 0, i) for i, term_id in enumerate(_finder.find(_normalized(value)[0]))]
