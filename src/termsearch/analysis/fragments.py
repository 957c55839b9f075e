"""Fragments of phrases among the index's words.

jieba's HMM joins characters its dictionary does not know into words; where such a word holds a
function character (a preposition, conjunction or particle: 以质 of 以质图强, 钢为 of 以钢为纲,
稳和进 of 把稳和进作为), it is a piece of a phrase, not a word a user types meaning it. Such readings of pinyin or initials are still said and a click away, but take no turn on
page one from the words (search._interleaved).
"""
from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def function_characters() -> frozenset[str]:
    text = resources.files("termsearch").joinpath("data/function_characters.txt").read_text(encoding="utf-8")
    return frozenset("".join(line.strip() for line in text.splitlines() if not line.startswith("#")))


def is_fragment(word: str, unlisted: set[str]) -> bool:
    """Whether `word` (an index word; `unlisted`: those jieba's dictionary lacks) is an HMM-joined
    piece of a phrase: unlisted, and holding a function character."""
    return len(word) >= 2 and word in unlisted and not function_characters().isdisjoint(word)
