"""Pinyin tones in one place: tone marks, tone numbers and none, for every way they are written
(ü as ü, v or u:, a breve typed for the caron, ê, capitals, 0 or 5 for the neutral tone).

Marks are put on by pypinyin's own conversion (`pypinyin.contrib.tone_convert`). Taking them off
is done here without pypinyin: it runs on every query, and importing pypinyin loads its phrase
dictionaries (about 2 s), which a query must never wait for.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Combining marks (after NFD) that carry a tone; a breve is a common typing of the caron.
TONE_OF_MARK = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0306": 3, "\u0300": 4}
DIAERESIS = "\u0308"
CIRCUMFLEX = "\u0302"                     # ê: read as e
_NUMBERED = re.compile(r"([A-Za-zü]+)([0-5])")
_DIGIT_AFTER_LETTER = re.compile(r"(?<=[a-z])[0-5]")


@lru_cache(maxsize=1 << 14)        # a few thousand syllables, read over and over
def toneless(syllable: str) -> str:
    """The syllable without tone: lower case, marks and tone digits removed, ü written v.
    `Lǜ` → `lv`, `lu:4` → `lv`, `shuang1` → `shuang`, `ê` → `e`; 5080 stays 5080."""
    letters = []
    for char in unicodedata.normalize("NFD", syllable.lower().replace("u:", "v")):
        if char == DIAERESIS and letters and letters[-1] == "u":
            letters[-1] = "v"
        elif char in TONE_OF_MARK or char == CIRCUMFLEX:
            continue
        else:
            letters.append(char)
    plain = "".join(letters)
    return plain[:-1] if len(plain) > 1 and plain[-1] in "012345" and plain[:-1].isalpha() else plain


def toneless_text(text: str) -> str:
    """Typed pinyin without tones or spaces, other characters kept: `2+2 zhèng cè` → `2+2zhengce`,
    `shuang1 wan4` → `shuangwan`."""
    plain = "".join(toneless(part) for part in text.lower().split())
    return _DIGIT_AFTER_LETTER.sub("", plain)


def toneless_letters(text: str) -> str:
    """Only the letters of typed pinyin, toneless: `Shuāng-Wàn` → `shuangwan`, `lǜ` → `lv`."""
    return "".join(c for c in toneless_text(text) if "a" <= c <= "z")


def tone_of(syllable: str) -> int | None:
    """The tone a syllable is written with: 1-4 from its mark or digit, 5 for a digit 5 or 0,
    None when it carries neither (see analysis.pinyin.tone_number for syllables of readings)."""
    decomposed = unicodedata.normalize("NFD", syllable)
    if len(decomposed) > 1 and decomposed[-1] in "012345" and not decomposed[-2].isdigit():
        return int(decomposed[-1]) or 5
    for char in decomposed:
        if char in TONE_OF_MARK:
            return TONE_OF_MARK[char]
    return None


@lru_cache(maxsize=1 << 14)        # a build marks CC-CEDICT's syllables over and over
def mark_tone(syllable: str) -> str:
    """A numbered syllable with its tone mark, as CC-CEDICT writes them: `lu:e4` → `lüè`,
    `Bei3` → `Běi`, `de5` → `de`. Anything else is returned with only u: written ü."""
    written = syllable.replace("u:", "ü").replace("U:", "Ü")
    match = _NUMBERED.fullmatch(written)
    if not match:
        return written
    letters = match.group(1)
    marked = _to_tone(letters.lower() + match.group(2).replace("0", "5"))
    # pypinyin places marks on lower-case letters only (Ou1 → Oū): convert lower case, then
    # give back the capitals where they were.
    if len(marked) != len(letters):
        return marked[:1].upper() + marked[1:] if letters[:1].isupper() else marked
    return "".join(m.upper() if c.isupper() else m for c, m in zip(letters, marked))


def marked_pinyin(numbered: str) -> str:
    """CC-CEDICT's numbered pinyin with tone marks: "you4 er2 yuan2" → "yòu ér yuán"."""
    return " ".join(mark_tone(s) for s in numbered.split())


def _to_tone(numbered: str) -> str:
    from pypinyin.contrib.tone_convert import to_tone     # index time only (see the docstring)
    return unicodedata.normalize("NFC", to_tone(numbered))
