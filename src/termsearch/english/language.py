"""Which language a typed query is in: Chinese, pinyin, English, or letters that may be both."""
from __future__ import annotations

import re

from ..analysis import pinyin as pinyin_mod
from ..analysis.chars import has_han

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
