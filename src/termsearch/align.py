"""Pair the paragraphs of a Chinese text with those of its translation (Gale–Church with anchors).

A paragraph may be translated as two, or two as one, or be missing on one side: the aligner
finds the cheapest chain of "beads" (1–1, 1–2, 2–1, 1–0, …) by dynamic programming. A bead's
cost is how unlikely its lengths are for a translation (Gale & Church 1993, with the ratio
of English to Chinese characters measured on the document itself), less what the two sides
visibly share: the same numbers (第十二条 / Article 12, 一九四九年 / 1949, 第五届 / Fifth) and
words a dictionary gives for the Chinese (an optional `lexical` scorer, see `parallel.py`).
Where a bead is not 1–1, its paragraphs are split into sentences and aligned again.
"""
from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from typing import Callable, Sequence

# (Chinese units, English units) of a bead and its prior probability: Gale & Church's
# figures, with room for 1–3/3–1 (a long Chinese paragraph translated as three).
BEADS: dict[tuple[int, int], float] = {
    (1, 1): 0.89, (1, 0): 0.005, (0, 1): 0.005, (2, 1): 0.04, (1, 2): 0.04,
    (2, 2): 0.002, (3, 1): 0.005, (1, 3): 0.005,
}
# A paragraph translated sentence by sentence, one a line, or several lines run together: up to
# eight to one, each more unlikely than the last.
MAX_BEAD = 8
for _k in range(4, MAX_BEAD + 1):
    BEADS[(1, _k)] = BEADS[(_k, 1)] = 0.005 * 0.5 ** (_k - 3)
# Variance of English length per Chinese character, as a multiple of the squared ratio
# (tuned on the PRC Constitution; the CPC Constitution is held out: bench/alignment.py).
VARIANCE_FACTOR = 1.0
# English characters per Chinese character in official translations (the PRC Constitution has
# 4.5), counted as if seen on this many Chinese characters.
USUAL_RATIO = 4.5
RATIO_PRIOR_CHARS = 1000
# How much what two sides share weighs against their lengths (in -log probability units).
NUMBER_WEIGHT = 4.0
LEXICAL_WEIGHT = 4.0
# A lexical score above this is evidence for a pair, below it against (true pairs of the PRC
# Constitution score 0.76 on average, neighbours 0.31).
LEXICAL_EVEN = 0.55

LexicalScorer = Callable[[Sequence[str], Sequence[str]], float]


@dataclass
class Bead:
    """Chinese units `zh` (indices) translated by English units `en` (either may be empty)."""

    zh: list[int]
    en: list[int]
    cost: float = 0.0
    # Sentence pairs inside a bead whose sides were split: (Chinese sentence, English sentence).
    sentences: list[tuple[str, str]] = field(default_factory=list)


# ----------------------------------------------------------------------------- numbers

_ZH_DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_NUMBER = re.compile(r"[〇零○一二两三四五六七八九十百千]+")
# 第十二条, 第五届, and list items: （三）, 三、 at the start.
_ZH_ORDINAL = re.compile(r"第([〇零一二两三四五六七八九十百千]+)|[（(]([〇零一二三四五六七八九十百千]+)[）)]|^([一二三四五六七八九十]+)、")
_ZH_YEAR = re.compile(r"([〇零○一二三四五六七八九]{4})年")
# A count before what it counts: 十八大 (18th congress), 十一届三中全会 (11th, Third), 二十世纪.
_ZH_COUNTED = re.compile(r"([一二三四五六七八九十百]+)(?=届|大|中全会|次|世纪|周年)")
_ARABIC = re.compile(r"\d+(?:[.,]\d+)?")
_ROMAN = re.compile(r"\b(?:Chapter|Section|Part|Article|Volume)\s+([IVXLC]+)\b")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ORDINALS = {w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(), start=1)}
_EN_ORDINAL = re.compile(r"\b(" + "|".join(_ORDINALS) + r")\b", re.IGNORECASE)
_EN_ORDINAL_DIGITS = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")


def chinese_number(text: str) -> int | None:
    """十二 → 12, 一百一十一 → 111, 二十 → 20, 一九四九 → 1949 (read digit by digit)."""
    if not text:
        return None
    if not any(ch in _ZH_UNITS for ch in text):
        digits = [_ZH_DIGITS.get(ch) for ch in text]
        return None if None in digits else int("".join(map(str, digits)))
    total, digit = 0, 0
    for ch in text:
        if ch in _ZH_DIGITS:
            digit = _ZH_DIGITS[ch]
        elif ch in _ZH_UNITS:
            total += (digit or 1) * _ZH_UNITS[ch]
            digit = 0
        else:
            return None
    return total + digit


def roman_number(text: str) -> int | None:
    values = [_ROMAN_VALUES[c] for c in text]
    total = 0
    for i, v in enumerate(values):
        total += -v if i + 1 < len(values) and values[i + 1] > v else v
    return total or None


def _arabic(token: str) -> str:
    return token.replace(",", "")


def chinese_numbers(text: str) -> set[str]:
    """The numbers a Chinese paragraph says, in any script, as digits."""
    found = {_arabic(m) for m in _ARABIC.findall(text)}
    for m in _ZH_YEAR.finditer(text):
        found.add(str(chinese_number(m[1])))
    for m in _ZH_COUNTED.finditer(text):
        found.add(str(chinese_number(m[1])))
    for m in _ZH_ORDINAL.finditer(text.strip()):
        n = chinese_number(m[1] or m[2] or m[3])
        if n is not None:
            found.add(str(n))
    return found


def english_numbers(text: str) -> set[str]:
    found = {_arabic(m) for m in _ARABIC.findall(text)}
    found |= {m for m in _EN_ORDINAL_DIGITS.findall(text)}
    found |= {str(_ORDINALS[m.lower()]) for m in _EN_ORDINAL.findall(text)}
    for m in _ROMAN.finditer(text):
        n = roman_number(m[1])
        if n:
            found.add(str(n))
    return found


# ----------------------------------------------------------------------------- costs

def _length_cost(zh_chars: int, en_chars: int, ratio: float, variance: float) -> float:
    """-log of how likely `en_chars` English characters are for `zh_chars` Chinese ones."""
    if zh_chars == 0 and en_chars == 0:
        return 0.0
    mean = (zh_chars + en_chars / ratio) / 2
    delta = (en_chars - zh_chars * ratio) / math.sqrt(max(mean, 1.0) * variance)
    # Two-tailed probability of a deviation at least this large, as Gale & Church use it.
    p = max(math.erfc(abs(delta) / math.sqrt(2)), 1e-12)
    return -math.log(p)


def _share_cost(left: set[str], right: set[str]) -> float:
    """0 when both sides say the same numbers (or none), 1 when they share none."""
    if not left and not right:
        return 0.0
    return 1.0 - len(left & right) / len(left | right)


def _chars(text: str, chinese: bool) -> int:
    if chinese:
        return sum(1 for ch in text if not ch.isspace())
    return len(text)


@dataclass
class _Side:
    texts: list[str]
    lengths: list[int]
    numbers: list[set[str]]

    def __post_init__(self):
        # before[k]: the characters of the units before the k-th (a span's length by subtraction)
        self.before = list(itertools.accumulate(self.lengths, initial=0))


def align(zh: Sequence[str], en: Sequence[str], *, lexical: LexicalScorer | None = None,
          sentences: bool = True) -> list[Bead]:
    """The beads pairing `zh` paragraphs with `en` paragraphs, in order, covering both sides.

    `lexical(zh_texts, en_texts)` (optional) says from 0 to 1 how much the English says the
    dictionary senses of the Chinese. With `sentences`, a bead that is not 1–1 is aligned
    again sentence by sentence (`Bead.sentences`).
    """
    beads = _align_units(list(zh), list(en), lexical)
    if sentences:
        for bead in beads:
            if bead.zh and bead.en and (len(bead.zh), len(bead.en)) != (1, 1):
                bead.sentences = align_sentences("".join(zh[i] for i in bead.zh),
                                                 " ".join(en[i] for i in bead.en), lexical=lexical)
    return beads


def _align_units(zh: list[str], en: list[str], lexical: LexicalScorer | None) -> list[Bead]:
    if not zh or not en:
        return [Bead([i], []) for i in range(len(zh))] + [Bead([], [j]) for j in range(len(en))]
    a = _Side(zh, [_chars(t, True) for t in zh], [chinese_numbers(t) for t in zh])
    b = _Side(en, [_chars(t, False) for t in en], [english_numbers(t) for t in en])
    # English characters per Chinese character: the document's own, drawn towards the usual
    # figure while it is short (a missing paragraph would skew a few lines' ratio).
    ratio = (sum(b.lengths) + USUAL_RATIO * RATIO_PRIOR_CHARS) / (sum(a.lengths) + RATIO_PRIOR_CHARS)
    variance = VARIANCE_FACTOR * ratio * ratio
    beads = _best_path(a, b, ratio, variance, lexical)
    # Translations differ in how freely they follow the original: measure the spread of
    # lengths on the 1–1 beads found, and align again with it.
    deltas = [_delta(a.lengths[bead.zh[0]], b.lengths[bead.en[0]], ratio) for bead in beads
              if len(bead.zh) == 1 and len(bead.en) == 1]
    if len(deltas) >= 20:
        spread = sum(d * d for d in deltas) / len(deltas)
        if abs(spread - VARIANCE_FACTOR) > 0.1 * VARIANCE_FACTOR:
            beads = _best_path(a, b, ratio, spread * ratio * ratio, lexical)
    return beads


def _delta(zh_chars: int, en_chars: int, ratio: float) -> float:
    """How far the English length is from what the Chinese predicts, in units of the spread."""
    mean = (zh_chars + en_chars / ratio) / 2
    return (en_chars - zh_chars * ratio) / (math.sqrt(max(mean, 1.0)) * ratio)


def _best_path(a: "_Side", b: "_Side", ratio: float, variance: float,
               lexical: LexicalScorer | None) -> list[Bead]:
    n, m = len(a.texts), len(b.texts)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    priors = {shape: -math.log(p) for shape, p in BEADS.items()}
    # A band around the diagonal keeps long documents affordable: beads never drift further.
    band = max(50, abs(n - m) + 50)
    for i in range(n + 1):
        centre = i * m / n
        lo, hi = max(0, int(centre) - band), min(m, int(centre) + band)
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                continue
            best, arg = inf, None
            for (di, dj), prior in priors.items():
                if di > i or dj > j or cost[i - di][j - dj] == inf:
                    continue
                c = cost[i - di][j - dj] + prior + _bead_cost(a, b, i - di, i, j - dj, j, ratio, variance, lexical)
                if c < best:
                    best, arg = c, (di, dj)
            cost[i][j], back[i][j] = best, arg
    beads = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]
        beads.append(Bead(list(range(i - di, i)), list(range(j - dj, j)),
                          cost=cost[i][j] - cost[i - di][j - dj]))
        i, j = i - di, j - dj
    beads.reverse()
    return beads


def _bead_cost(a: _Side, b: _Side, i0: int, i1: int, j0: int, j1: int, ratio: float,
               variance: float, lexical: LexicalScorer | None) -> float:
    zh_len, en_len = a.before[i1] - a.before[i0], b.before[j1] - b.before[j0]
    if i0 == i1 or j0 == j1:
        # Left untranslated: as unlikely as the text is long (a heading lost costs little).
        return 2.0 + (zh_len * ratio + en_len) / 200
    c = _length_cost(zh_len, en_len, ratio, variance)
    # (one unit's own set, not a union made of it: most beads are one to one)
    zh_numbers = a.numbers[i0] if i1 - i0 == 1 else set().union(*a.numbers[i0:i1])
    en_numbers = b.numbers[j0] if j1 - j0 == 1 else set().union(*b.numbers[j0:j1])
    c += NUMBER_WEIGHT * _share_cost(zh_numbers, en_numbers)
    if lexical is not None:
        c += LEXICAL_WEIGHT * (LEXICAL_EVEN - lexical(a.texts[i0:i1], b.texts[j0:j1]))
    return c


# ----------------------------------------------------------------------------- sentences

_ZH_SENTENCE = re.compile(r"[^。！？；]*[。！？；]+[”’」』）)]*|[^。！？；]+$")
_EN_SENTENCE = re.compile(r".+?(?:[.!?;]+[\"'”’)]*(?=\s+[\"“‘(]?[A-Z0-9])|$)", re.S)


def chinese_sentences(text: str) -> list[str]:
    return [s.strip() for s in _ZH_SENTENCE.findall(text) if s.strip()]


# Titles and abbreviations a full stop does not end a sentence after.
_ABBREVIATIONS = frozenset("dr mr mrs ms st no nos art arts para paras vol etc e.g i.e jr sr gen rev prof u.s".split())


def english_sentences(text: str) -> list[str]:
    sentences: list[str] = []
    for piece in (s.strip() for s in _EN_SENTENCE.findall(text.strip())):
        if not piece:
            continue
        if sentences and sentences[-1].rsplit(None, 1)[-1].rstrip(".").lower() in _ABBREVIATIONS:
            sentences[-1] += " " + piece
        else:
            sentences.append(piece)
    return sentences


def align_sentences(zh: str, en: str, *, lexical: LexicalScorer | None = None) -> list[tuple[str, str]]:
    """Sentence pairs of one Chinese paragraph (or several) and its English; where the sentences
    do not pair up, the sentences of a bead are joined."""
    zs, es = chinese_sentences(zh), english_sentences(en)
    if len(zs) <= 1 or len(es) <= 1:
        return [(zh, en)]
    return [("".join(zs[i] for i in bead.zh), " ".join(es[j] for j in bead.en))
            for bead in _align_units(zs, es, lexical)]
