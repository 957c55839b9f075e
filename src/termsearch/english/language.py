"""Which language a typed query is in: Chinese, pinyin, English, or letters that may be both."""
from __future__ import annotations

import re

from ..analysis import pinyin as pinyin_mod
from ..analysis.chars import HAN_RUN, has_han


def query_language(text: str) -> str:
    """How to read what was typed: 'chinese' (has characters), 'pinyin' (surely pinyin: tones,
    ü, zh/x/q spellings, four syllables or more), 'both' (letters that read as pinyin and may
    well be English: change, sewage, long, GDP; search both ways), 'english', or 'other'
    (no letters at all: numbers, punctuation)."""
    if has_han(text):
        return "chinese"
    if not re.search(r"[A-Za-z\u00c0-\u024f]", text):
        return "other"
    likelihood = pinyin_mod.pinyin_likelihood(text)
    if likelihood >= 0.8:
        return "pinyin"
    return "english" if likelihood == 0.0 else "both"


def is_probably_english(text: str) -> bool:
    """True when `text` should be searched as English (alone, or also as pinyin: see
    `query_language`, which tells the two apart)."""
    return query_language(text) in ("english", "both")


# What makes a pasted English text look like query syntax to the parser: brackets, quotes,
# and words that are not plain letters (Five-Year, 1991-1995, 50%).
_SYNTAX = re.compile(r"[()（）\"“”「」]|\S*[^\sA-Za-z\u00c0-\u024f'’]\S*")
_OPERATOR = re.compile(r"(?:^|\s)(?:AND|OR|NOT)(?:\s|$)|(?:^|\s)-[A-Za-z]")
_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")
_WHOLLY_QUOTED = re.compile(r"\s*[\"“「][^\"“”「」]*[\"”」]?\s*")
MIN_PASTED_WORDS = 3


def pasted_english(text: str) -> str | None:
    """An English text pasted whole (a rendering with brackets, quotes, hyphens or numbers:
    `'Hundred Boats' Plan (Dongguan's three-year action plan ...)`) as words to read as one
    English query, with brackets and quotes taken out; None for anything else.

    Query syntax stays syntax where the user means it: AND/OR/NOT or -word, a query quoted
    whole (search these letters as typed), or Chinese outside brackets."""
    if _OPERATOR.search(text) or _WHOLLY_QUOTED.fullmatch(text) or not _SYNTAX.search(text):
        return None
    if has_han(_BRACKETED.sub(" ", text)):
        return None
    if any(query_language(b[1:-1]) == "pinyin" for b in _BRACKETED.findall(text) if not has_han(b)):
        return None                         # (shuang wan) economic: brackets around pinyin group it
    words = [w for w in re.sub(r"[()（）\"“”「」]", " ", HAN_RUN.sub(" ", text)).split() if re.search(r"\w", w)]
    latin = [w for w in words if re.search(r"[A-Za-z]{2}", w)]
    if len(latin) < MIN_PASTED_WORDS or query_language(" ".join(latin)) not in ("english", "both"):
        return None
    return " ".join(words)


_VOWELS = re.compile(r"[aeiouy]", re.IGNORECASE)
_CONSONANT_RUN = re.compile(r"[b-df-hj-np-tv-xz]{5}", re.IGNORECASE)


def looks_like_english(text: str) -> bool:
    """Whether letters the index has no English for still look like English words (vowels,
    no long consonant runs): `xqzvbnmkp` does not, so it is called unknown, not English."""
    words = re.findall(r"[A-Za-z]+", text)
    return bool(words) and all(
        len(w) <= 3 or (_VOWELS.search(w) and not _CONSONANT_RUN.search(w)) for w in words)
