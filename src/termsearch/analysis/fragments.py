"""Fragments of phrases, and pieces of longer words, among the index's words.

jieba's HMM joins characters its dictionary does not know into words; where such a word holds a
function character (a preposition, conjunction or particle: 以质 of 以质图强, 钢为 of 以钢为纲,
稳和进 of 把稳和进作为), it is a piece of a phrase, not a word a user types meaning it. Such readings of pinyin or initials are still said and a click away, but take no turn on
page one from the words (search._interleaved). So are words used only inside longer words of
the index that jieba's dictionary barely counts as words (实实 of 扎扎实实 and 实实在在, 世世 of
世世代代, 一格 of 不拘一格): the search-mode cut indexes a dictionary word wherever it stands inside
a longer one, but neither the text nor the language uses it as a unit of its own (岗位, used
only in 岗位培训 in some text, is a word: jieba counts it 2,321 times).
"""
from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Callable

from . import segment


@cache
def function_characters() -> frozenset[str]:
    text = resources.files("termsearch").joinpath("data/function_characters.txt").read_text(encoding="utf-8")
    return frozenset("".join(line.strip() for line in text.splitlines() if not line.startswith("#")))


def is_fragment(word: str, unlisted: set[str]) -> bool:
    """Whether `word` (an index word; `unlisted`: those jieba's dictionary lacks) is an HMM-joined
    piece of a phrase: unlisted, and holding a function character."""
    return len(word) >= 2 and word in unlisted and not function_characters().isdisjoint(word)


# jieba's dictionary counts its rarest entries this often or less (42,000 of its 110,000 words
# of two characters): no evidence they are used as words of their own.
RARE_IN_DICTIONARY = 3


def only_inside_longer_words(word: str, count: Callable[[str], int], containing: Callable[[str], list[str]],
                             unlisted: set[str]) -> bool:
    """Whether every use of `word` (an index word: `count`, its uses; `containing`, the longer
    index words holding it) is inside a longer word, as many uses as theirs together, and
    jieba's dictionary barely counts it. Words not indexed inside longer words (`unlisted`) are
    whole wherever counted. A run the index has no word for (双万, searched as its characters) is
    no such word: `count` may say None for it."""
    uses = count(word) or 0
    if len(word) < 2 or uses == 0 or word in unlisted:
        return False
    return sum(map(count, containing(word))) >= uses and segment.dictionary_frequency(word) <= RARE_IN_DICTIONARY
