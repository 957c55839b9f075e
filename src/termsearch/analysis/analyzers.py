"""Analysis of paragraph text: variant normalisation, jieba words and sub-words, and the
glossary terms a paragraph uses — the same normalised form for all three.

A build counts them with `counted`; the Whoosh tokenizers give the same words to Whoosh's
own machinery (the schema names them). The index builder analyses in processes forked from
one that has registered the glossary's words with jieba and set the term finder
(`use_glossary`), so every worker analyses exactly as the others do.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from itertools import chain, repeat
from operator import add, itemgetter

from whoosh.analysis import Token as WhooshToken
from whoosh.analysis import StemFilter, Tokenizer

from ..english.words import english_words

from . import chars, segment, unit_runs, variants
from .termforms import TermFinder

_finder: TermFinder | None = None
_last: tuple[str, str, list[int]] = ("", "", [0])     # the paragraph both fields just analysed


def use_glossary(glossary_words: list[str], term_keys: list[tuple[str, list[str]]],
                 homes: dict[str, str] | None = None) -> None:
    """Set the glossary for analysis in this process (and the writers it forks); `homes`
    scopes terms to their documents (termforms.homes_of)."""
    global _finder
    segment.use_words(glossary_words)
    _finder = TermFinder(term_keys, homes)


def _normalized(text: str) -> tuple[str, list[int]]:
    """Normalise once for the text and terms fields of one paragraph (regional folds not
    applied: jieba cuts before them, see segment)."""
    global _last
    if _last[0] != text:
        _last = (text, *variants.normalize(text, regional=False))
    return _last[1], _last[2]




def han_grams(normalized: str) -> Counter:
    """Each Han character of the matching form and each pair side by side: what finds any run of
    characters, inside a word or across two (经, 济发 in 经济发展), whatever jieba made of them."""
    runs = chars.HAN_RUN.findall(normalized)
    grams = Counter("".join(runs))
    # Each run's pairs (run[i] + run[i + 1]), counted in C: a map of add over the run and its tail.
    grams.update(chain.from_iterable(map(map, repeat(add), runs, map(_TAIL, runs))))
    return grams


_TAIL = itemgetter(slice(1, None))


def counted(text: str, document: str | None = None) -> dict[str, Counter]:
    """A paragraph's index fields, analysed: how often each word, each glossary term and each
    character and pair of characters occurs (the same as the tokenizers below give Whoosh,
    without a token object per word). With `document`, the terms are those whose definition
    applies in it."""
    unfolded = variants.normalized_text(text, regional=False)
    normalized = variants.fold_regional(unfolded)
    words = Counter(segment.index_words(unfolded))
    unit_runs.tally(unfolded)       # a build's runs of a character and a word (cut just now, cached)
    return {"text": words,
            "terms": Counter(_finder.find(normalized, document)) if _finder is not None else Counter(),
            "chars": han_grams(normalized)}


def analyse(text: str) -> list[tuple[str, int, int, int]]:
    """(word, start, end, position) for `text`; offsets point into the ORIGINAL text."""
    unfolded, offsets = _normalized(text)
    return [(tok.text, offsets[tok.start], offsets[tok.end], tok.pos) for tok in segment.segment(unfolded)]


class _Tokenizer(Tokenizer):
    def __eq__(self, other):
        return type(other) is type(self)

    def tokens(self, value: str) -> list[tuple[str, int, int, int]]:
        raise NotImplementedError

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
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


class CharsTokenizer(_Tokenizer):
    """Han characters and pairs of characters of a paragraph (see han_grams)."""

    def tokens(self, value: str) -> list[tuple[str, int, int, int]]:
        grams = han_grams(variants.fold_regional(_normalized(value)[0]))
        return [(gram, 0, 0, i) for i, gram in enumerate(grams.elements())]


class TermIdsTokenizer(_Tokenizer):
    """The ids of the glossary terms a paragraph uses, as tokens."""

    def tokens(self, value: str) -> list[tuple[str, int, int, int]]:
        if _finder is None:
            return []
        return [(term_id, 0, 0, i) for i, term_id in
                enumerate(_finder.find(variants.fold_regional(_normalized(value)[0])))]


class EnglishTextTokenizer(Tokenizer):
    """English text (a paragraph's official translation) as the words an English query is read
    into (english.words: lower case, no stop words); the analyzer stems them, so `protects`,
    `protected` and `protection` all meet `protect`."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, mode="", **kwargs):
        token = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for position, word in enumerate(english_words(value)):
            token.text = token.original = word
            token.boost, token.stopped = 1.0, False
            if positions:
                token.pos = start_pos + position
            yield token


def english_text_analyzer():
    return EnglishTextTokenizer() | StemFilter(cachesize=50_000)


@lru_cache(maxsize=1)
def _english_text_analyzer():
    # One a process: making it (its stemmer's cache) cost more than stemming a paragraph's words,
    # and highlighting a page of English hits made it once a word.
    return english_text_analyzer()


def english_text_words(text: str) -> list[str]:
    """The words `text` is indexed or searched as in the english field."""
    return [t.text for t in _english_text_analyzer()(text)]
