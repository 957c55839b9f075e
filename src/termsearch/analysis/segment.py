"""jieba segmentation of normalised (Simplified) text, with glossary words kept whole.

jieba cuts the matching form before 著 is folded to 着 (variants.REGIONAL_FOLDS): it knows
显著 and 著名, not 显着 and 着名 (which it is also taught, as OpenCC writes some of them). The
words it gives are folded, as the index and queries hold them.
"""
from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from typing import NamedTuple

from . import jieba_route
from .variants import fold_regional

_lock = threading.Lock()
_tokenizer = None
_route: "jieba_route.FastRoute | None" = None
_registered: set[str] = set()


class Token(NamedTuple):
    text: str
    start: int      # offsets into the normalised text
    end: int
    pos: int        # ordinal of the enclosing word; sub-words share their word's position


def _jieba():
    """Load jieba's dictionary once, on first use (it costs ~0.5-1.5 s, so never at import)."""
    global _tokenizer, _route
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.tmp_dir = os.environ.get("TERMSEARCH_CACHE") or tempfile.gettempdir()
                tokenizer.initialize()
                _add_folded_forms(tokenizer)
                _route = jieba_route.install(tokenizer)
                _tokenizer = tokenizer
    return _tokenizer


def _add_folded_forms(tokenizer) -> None:
    """jieba's words with 著 also as 着: OpenCC's conversion to the matching form already writes
    some of them so (成绩显著 → 成绩显着), and they must stay whole words there."""
    from .variants import REGIONAL_FOLDS

    freq = tokenizer.FREQ
    for word in _words_with(freq, "".join(REGIONAL_FOLDS)):
        folded = fold_regional(word)
        if freq[word] and not freq.get(folded):
            tokenizer.add_word(folded, freq=freq[word])


def _words_with(words, characters: str) -> set[str]:
    """The words that contain one of `characters`: found in the words joined into one string
    (str.find runs in C; a Python loop over jieba's 350k words costs a tenth of a second)."""
    text = "\n" + "\n".join(words) + "\n"
    found = set()
    for char in characters:
        at = text.find(char)
        while at != -1:
            start, end = text.rfind("\n", 0, at) + 1, text.find("\n", at)
            found.add(text[start:end])
            at = text.find(char, end)
    return found


def load() -> None:
    """Load jieba's dictionary now (a build does it while the files are being read)."""
    _jieba()


def register_words(words: Iterable[str]) -> None:
    """Make glossary headwords and aliases single tokens (雙萬, 5080, 三区三线)."""
    tokenizer = _jieba()
    added = False
    for word in words:
        word = word.strip()
        if len(word) >= 2 and word not in _registered and " " not in word:
            # A high frequency makes jieba prefer the whole word over its parts.
            tokenizer.add_word(word, freq=max(tokenizer.suggest_freq(word, tune=False), 50000))
            _registered.add(word)
            added = True
    if not added:
        return
    _route.refresh()                # add_word changed the frequencies and their total
    two_character_words.cache_clear()
    _sub_words.cache_clear()        # new words may be sub-words of words seen before
    _index_forms.cache_clear()
    _run_words.cache_clear()


@lru_cache(maxsize=200_000)
def _is_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def segment(text: str) -> Iterator[Token]:
    """Words of `text` (the matching form, regional folds not applied: see the module's
    docstring) as jieba cuts it in default mode followed, for long words, by their dictionary sub-words.

    Sub-words make a word inside a longer word findable (汽车 inside 国际汽车城); they carry
    the position of the word they come from.
    """
    pos = 0
    start = 0
    for word in _jieba().cut(text, HMM=True):
        end = start + len(word)
        if _is_word(word):
            for sub, i, j in _sub_words(word):
                yield Token(fold_regional(sub), start + i, start + j, pos)
            yield Token(fold_regional(word), start, end, pos)
            pos += 1
        start = end


def index_words(text: str) -> list[str]:
    """The words `segment` yields, without their offsets: what a build counts into the index.

    jieba cuts each run of word characters on its own and passes other characters through
    one by one; the runs are cut here the same way, but a run seen before (official text
    repeats its phrases) is not cut again."""
    found: list[str] = []
    extend = found.extend
    for i, part in enumerate(_runs().split(text)):
        if i % 2:
            extend(_run_words(part))
        else:
            extend(ch for ch in part if ch.isalnum())
    return found


@cache
def _runs() -> re.Pattern[str]:
    """jieba's own pattern for the runs it cuts (Han characters, letters, digits, a few signs)."""
    import jieba

    return jieba.re_han_default


@lru_cache(maxsize=100_000)
def _run_words(run: str) -> tuple[str, ...]:
    return tuple(form for word in _jieba().cut(run, HMM=True) for form in _index_forms(word))


@lru_cache(maxsize=200_000)
def _index_forms(word: str) -> tuple[str, ...]:
    """A word's dictionary sub-words and the word itself (nothing for punctuation or spaces)."""
    if not _is_word(word):
        return ()
    return tuple(fold_regional(form) for form in (*(sub for sub, _, _ in _sub_words(word)), word))


@lru_cache(maxsize=200_000)
def _sub_words(word: str) -> tuple[tuple[str, int, int], ...]:
    """Dictionary words inside a longer word, with their offsets in it (the same for every use
    of the word, so worked out once per distinct word)."""
    n = len(word)
    if n <= 2:
        return ()
    freq = _jieba().FREQ
    return tuple((word[i:i + size], i, i + size) for size in range(2, n) for i in range(n - size + 1)
                 if freq.get(word[i:i + size]))


def words(text: str) -> list[str]:
    """Default-mode words only (for building the vocabulary of a query-free context)."""
    return [fold_regional(w) for w in _jieba().cut(text, HMM=True) if _is_word(w)]


@cache
def two_character_words() -> frozenset[str]:
    """jieba's words of two characters (and those a build registered): the pairs of characters
    a build checks for being found where they are not a word of the index (index_build.py)."""
    freq = _jieba().FREQ
    return frozenset(w for w in freq if len(w) == 2 and freq[w])


def indexed_inside_words(word: str) -> bool:
    """Whether `word` is indexed where it stands inside a longer word (a sub-word: a word of
    jieba's dictionary, or one a build registered)."""
    return _jieba().FREQ.get(word, 0) > 0


def in_dictionary(word: str) -> bool:
    """Whether `word` is a word of jieba's own dictionary (glossary words registered by a build
    do not count: they are the corpus's terms, not the language's words)."""
    tokenizer = _jieba()
    return word not in _registered and tokenizer.FREQ.get(word, 0) > 0
