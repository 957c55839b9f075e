"""Tone marks and tone numbers of pinyin syllables, for display."""
from __future__ import annotations

import re

_NUMBERED_SYLLABLE = re.compile(r"([A-Za-zü:]+)([1-5])")
_TONE_MARKS = {"a": "āáǎà", "e": "ēéěè", "i": "īíǐì", "o": "ōóǒò", "u": "ūúǔù", "ü": "ǖǘǚǜ"}


def marked_pinyin(numbered: str) -> str:
    """CC-CEDICT's numbered pinyin with tone marks: "you4 er2 yuan2" → "yòu ér yuán"."""
    return " ".join(_mark_syllable(s) for s in numbered.split())


def _mark_syllable(syllable: str) -> str:
    m = _NUMBERED_SYLLABLE.fullmatch(syllable)
    if not m:
        return syllable.replace("u:", "ü").replace("U:", "Ü")
    letters, tone = m.group(1).replace("u:", "ü").replace("U:", "Ü"), int(m.group(2))
    if tone == 5:
        return letters
    lower = letters.lower()
    if "a" in lower:
        at = lower.index("a")
    elif "e" in lower:
        at = lower.index("e")
    elif "ou" in lower:
        at = lower.index("o")
    else:
        vowels = [i for i, c in enumerate(lower) if c in "aeiouü"]
        if not vowels:
            return letters
        at = vowels[-1]
    mark = _TONE_MARKS[lower[at]][tone - 1]
    return letters[:at] + (mark.upper() if letters[at].isupper() else mark) + letters[at + 1:]
