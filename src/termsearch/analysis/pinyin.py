"""Pinyin: word readings for the index (pypinyin, imported lazily) and what a typed query means
(tone marks, tone numbers, ü/v/u:, joined syllables, initials), from a shipped syllable table.
"""
from __future__ import annotations

import heapq
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

from . import chars
from .tones import CIRCUMFLEX as _CIRCUMFLEX, DIAERESIS as _DIAERESIS, TONE_OF_MARK as _TONE_OF_MARK
from .tones import tone_of, toneless

MAX_ALTERNATIVES = 8
LONGEST_SYLLABLE = 6                      # zhuang, shuang, chuang

_CONSONANTS = frozenset("bcdfghjklmnpqrstwxyz")
# Syllables pypinyin may give in a reading that the query table leaves out (嗯 ń, 呣 m̀, 欸 ê).
_INTERJECTIONS = frozenset({"m", "n", "ng", "hm", "hng", "e"})
_APOSTROPHES = "'’‘`′"
_SEPARATORS = re.compile(f"[\\s{_APOSTROPHES}\\-]+")
_UNIT = re.compile(r"([^\d]+)([0-5])?")

# Spellings users type for ü that the table writes otherwise (lue for lüe; jv for ju).
_SPELLING_ALIASES = {"lue": "lve", "nue": "nve"}
_SPELLING_ALIASES.update({
    initial + final: initial + final.replace("v", "u")
    for initial in "jqxy" for final in ("v", "ve", "van", "vn")
})

# Spellings seldom or never found in English words: a reading that uses one is more likely pinyin.
_PINYIN_ONLY_FINALS = ("uang", "iang", "iong", "iao", "uai", "ian", "ua", "uo", "ui", "iu", "ve")

_HAN_RUN = re.compile(f"({chars.HAN_WITH_MARKS_RUN.pattern})")   # split() keeps the runs
_NON_HAN_ITEM = re.compile(r"[^\W_]+(?:[.,][^\W_]+)*")   # 5080, IP, 5G, 3.5, 5,080
# A letter as typed in pinyin: ASCII, Latin with marks (ā ǘ ê), or a separate combining mark.
_LETTER = "[A-Za-z\u00c0-\u024f\u0300-\u036f]"
_LETTER_RUN = f"{_LETTER}(?:{_LETTER}|[0-5{_APOSTROPHES}:])*"
_MIXED_TOKEN = re.compile(
    f"(?P<han>{_HAN_RUN.pattern})"
    f"|(?P<letters>{_LETTER_RUN}(?:[ \t]+{_LETTER_RUN})*)"
    "|(?P<space>\\s+)"
    "|(?P<other>.)",
    re.DOTALL,
)


@dataclass(frozen=True)
class PinyinQuery:
    """What a typed pinyin string means.

    `syllables` holds the readings, best first, each a list of toneless syllables (or, when
    `initials_only`, of initial letters); `tones` gives the tone (1-5) of each syllable of the
    best reading, None where the user gave none; `tones_by_alternative` the same for every reading.
    """

    syllables: list[list[str]]
    tones: list[int | None]
    form: str                              # "tone-marks" | "tone-numbers" | "toneless" | "joined"
    initials_only: bool = False
    likelihood: float = 1.0                # see pinyin_likelihood
    tones_by_alternative: list[list[int | None]] = field(default_factory=list)

    @property
    def could_be_english(self) -> bool:
        """True when the same letters may well be an English word: search both ways."""
        return self.likelihood < 0.8


# --- syllable table --------------------------------------------------------------------------

@cache
def syllable_table() -> frozenset[str]:
    """All toneless Mandarin syllables, as shipped in data/pinyin_syllables.txt."""
    from importlib import resources      # only when the table is first needed: a cheap import

    text = resources.files("termsearch").joinpath("data/pinyin_syllables.txt").read_text("utf-8")
    return frozenset(word for line in text.splitlines() for word in line.split("#", 1)[0].split())


@cache
def _spelling_to_syllable() -> dict[str, str]:
    spellings = {syllable: syllable for syllable in syllable_table()}
    spellings.update({alias: canonical for alias, canonical in _SPELLING_ALIASES.items()
                      if canonical in spellings})
    return spellings


def is_syllable(text: str) -> bool:
    """Whether `text` (toneless, ü as v) is one Mandarin syllable."""
    return text in _spelling_to_syllable()


# --- single syllables ------------------------------------------------------------------------

def tone_number(syllable: str) -> int | None:
    """The tone of a syllable, 1-4, or 5 for the neutral tone: from its mark or its digit (0 and
    5 both mean neutral); a syllable with neither is neutral, as pypinyin writes readings.
    None for what is not a syllable (5080, IP, empty)."""
    plain = toneless(syllable)
    if plain not in _spelling_to_syllable() and plain not in _INTERJECTIONS:
        return None
    tone = tone_of(syllable)
    return 5 if tone is None else tone


def initials(syllables: list[str]) -> str:
    """The first letter of each syllable, as the index keeps them: sān qū sān xiàn → "sqsx".
    Non-pinyin items (5080, IP) give their first character, lower-cased."""
    return "".join(toneless(syllable)[:1] for syllable in syllables if syllable)


# --- readings (index time) -------------------------------------------------------------------

def reading(word: str) -> list[str]:
    """Tone-marked syllables of `word`, read as a word (银行 → yín háng, 重庆 → chóng qìng),
    in either script.

    Each run of other letters or digits stays one item (5080 → ["5080"], IP → ["IP"]);
    spaces and punctuation are dropped.
    """
    return list(_reading(word))


@lru_cache(maxsize=1 << 17)
def _reading(word: str) -> tuple[str, ...]:
    from termsearch.analysis.variants import to_simplified

    return _reading_of_simplified(to_simplified(word))


def readings(words: list[str]) -> list[list[str]]:
    """reading() of each of `words`, the Traditional ones made Simplified in one OpenCC call
    (its dictionaries never reach across a line break, so the words convert as each alone)."""
    from termsearch.analysis.variants import to_simplified

    if any("\n" in word for word in words):
        return [reading(word) for word in words]
    simplified = to_simplified("\n".join(words)).split("\n")
    if len(simplified) != len(words):
        return [reading(word) for word in words]
    return [list(_reading_of_simplified(word)) for word in simplified]


def _reading_of_simplified(word: str) -> tuple[str, ...]:
    # pypinyin's phrases are Simplified (銀行 would read yín xíng); t2s keeps every position.
    items: list[str] = []
    for index, part in enumerate(_HAN_RUN.split(word)):
        if index % 2:                      # a Han run: read it whole so phrases pick the reading
            items.extend(_han_reading(part))
        else:
            items.extend(_NON_HAN_ITEM.findall(part))
    return tuple(items)


def _han_reading(part: str) -> list[str]:
    """The first reading of each character of a Han run, as pypinyin's pinyin(part,
    style=TONE) gives them, looked up in its dictionaries directly where the run is all
    characters pypinyin reads (what its converter does there: the run cut by its phrase
    segmenter, each piece read as a phrase of its phrase dictionary, else character by
    character from its character dictionary, the first reading of each, already tone-marked).
    That costs a few microseconds where pypinyin's calls cost ~90 (a build reads every word of
    its vocabulary); bench/pinyin_readings.py checks it word for word against pypinyin over an
    index's vocabulary. Anything else is pypinyin's own."""
    phrases, singles, hans, cut = _pypinyin_tables()
    if hans(part) is None:
        return _pypinyin_reading(part)
    found = phrases.get(part)
    if found is not None:
        return [syllables[0] for syllables in found]
    items: list[str] = []
    for piece in (cut(part) if len(part) > 1 else (part,)):
        found = phrases.get(piece)
        if found is not None:
            items.extend(syllables[0] for syllables in found)
            continue
        for char in piece:
            single = singles.get(ord(char))
            if single is None:
                return _pypinyin_reading(part)
            items.append(single.split(",", 1)[0])
    return items


@cache
def _pypinyin_tables():
    """pypinyin's phrase and character dictionaries, what it reads as Han, and its phrase
    segmenter; imported here: pypinyin costs ~130 ms, paid at index time only."""
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT, RE_HANS
    from pypinyin.seg.mmseg import seg

    return PHRASES_DICT, PINYIN_DICT, RE_HANS.match, seg.cut


def _pypinyin_reading(part: str) -> list[str]:
    from pypinyin import Style, pinyin

    return [syllables[0] for syllables in pinyin(part, style=Style.TONE, errors=lambda chars: list(chars))]


def other_readings(word: str) -> list[list[str]]:
    """Readings of `word` with the characters the matching form folded restored, where they
    read otherwise: 显着 is also 显著 folded (xiǎn zhù), 着名 is 著名 (zhù míng). A word of the
    index keeps each of its characters' own readings, so `xianzhu` finds 显著 as `xianzhe`
    finds 显着."""
    from termsearch.analysis.variants import REGIONAL_FOLDS

    restored = word
    for original, folded in REGIONAL_FOLDS.items():
        restored = restored.replace(folded, original)
    if restored == word:
        return []
    other = reading(restored)
    return [other] if other != reading(word) else []


# --- queries (query time) --------------------------------------------------------------------

@dataclass
class _Unit:
    """A stretch of letters between separators or tone digits, and the tones marked in it."""

    letters: str
    marks: list[int | None]                # tone mark on each letter, if any
    digit_tone: int | None                 # tone digit that closed the unit


def parse_pinyin_query(text: str) -> PinyinQuery | None:
    """Read `text` as pinyin; None if it cannot be pinyin. Never raises.

    * Spelling. Syllables come back toneless and lower-case, with ü written ``v`` after l and n
      (``lv``, ``nve``) and ``u`` after j, q, x, y (``ju``, ``que``), as in the shipped table
      ``data/pinyin_syllables.txt``; ü may be typed ü, v or u:.
    * Joined syllables (``shuangwan``, ``fangan``) are cut every valid way, best first: fewest
      syllables, then fewest syllables inside a word that start with a, o or e (written pinyin
      puts an apostrophe there: ``xian`` is one syllable before it is xi'an, ``fangan`` is
      fan·gan before fang·an). At most `MAX_ALTERNATIVES` are kept. Spaces, apostrophes and
      tone digits fix a boundary; a tone mark allows one syllable per mark (xīān = xi an).
    * Initials. A run of consonant letters (``sqsx``, ``qqqq``, ``gdp``) cannot be syllables, as
      the table has no vowel-less syllable, and is read as initials; so is one with a single a, o
      or e for a syllable with no initial (``gatq``: 港澳台侨) when it cannot be syllables. The index keeps one letter
      per syllable (`initials`: 三区三线 → ``sqsx``, 中国 → ``zg``), so a typed ``zh``/``ch``/``sh``
      is matched both ways: as one initial (``zhg`` → ``zg``) and as two (``zhg`` → ``zhg``).
    * English or pinyin. Many English words split into syllables (change = chan·ge, sewage =
      se·wa·ge, long, man, hen): `PinyinQuery.likelihood` says how sure the parse is, and
      `PinyinQuery.could_be_english` tells the caller to search both ways (`pinyin_likelihood`).
    """
    if not isinstance(text, str):
        return None
    return _parsed_pinyin(text) if len(text) <= KEPT_PARSE_LENGTH else _parse_pinyin(text)


# A query's letters are read as pinyin several times in one search (to tell English from pinyin,
# to read the leaf, each English word to tell whether it reads as syllables: rural
# revitalization, five times, a quarter of its parsing): each reading is kept, for short texts,
# in a table of at most KEPT_PARSES (4,096 held 5 MB of a whole-corpus server after
# bench/serving_memory.py's warm-up, whose suggestions ask every prefix). The PinyinQuery is
# shared: no caller changes its lists.
KEPT_PARSES = 512
KEPT_PARSE_LENGTH = 64


@lru_cache(maxsize=KEPT_PARSES)
def _parsed_pinyin(text: str) -> PinyinQuery | None:
    return _parse_pinyin(text)


def _parse_pinyin(text: str) -> PinyinQuery | None:
    units = _split_units(text)
    if not units:
        return None
    has_marks = any(mark is not None for unit in units for mark in unit.marks)
    has_digits = any(unit.digit_tone is not None for unit in units)

    per_unit = [_unit_readings(unit) for unit in units]
    if all(per_unit):
        readings = _best_combinations(per_unit)
        syllables = [reading_syllables for reading_syllables, _ in readings]
        tones = [reading_tones for _, reading_tones in readings]
        if has_marks:
            form = "tone-marks"
        elif has_digits:
            form = "tone-numbers"
        elif len(syllables[0]) == len(units):
            form = "toneless"
        else:
            form = "joined"
        likelihood = _likelihood(text, syllables[0], has_marks or has_digits)
        return PinyinQuery(syllables, tones[0], form, False, likelihood, tones)

    if has_marks or has_digits:
        return None
    return _parse_initials(text, units)


def reads_as_syllables(text: str) -> bool:
    """Whether `text` reads as whole pinyin syllables (zhenxing, wan), not only as initials
    (sqsx): what an English reading must leave alone and may not spell-correct."""
    parsed = parse_pinyin_query(text)
    return parsed is not None and not parsed.initials_only


def pinyin_likelihood(text: str) -> float:
    """How likely `text` is meant as pinyin rather than English, 0.0-1.0.

    1.0  tone marks or tone numbers (shuāng wàn, shuang1wan4)
    0.9  ü written ü, v or u: (lvse), or apostrophes between syllables (xi'an)
    0.8  toneless syllables with a spelling English seldom has (q, x or zh; uang, ian, uo, ...)
         or at least four syllables (shuangwan, sanqusanxian, guojiqichecheng)
    0.5  other toneless syllables, which plain English words also split into (change, sewage,
         long, man), and initials (sqsx)
    0.3  initials in capitals, which look like an acronym (GDP)
    0.0  not pinyin at all (policy, kindergarten, ip)

    Below 0.8 (`PinyinQuery.could_be_english`) the caller should search the text both as pinyin
    and as English.
    """
    query = parse_pinyin_query(text)
    return query.likelihood if query else 0.0


def letters_outside_syllables(text: str) -> int:
    """The fewest letters of `text` left over when the rest is cut into whole syllables: 0 for
    pinyin, 1 for pinyin with one letter astray (shujning: shu j ning), more for English words
    (kindergarden: 3). Tone marks and separators are ignored."""
    letters = re.sub(r"[^a-z]", "", unicodedata.normalize("NFD", text.lower()).replace("u:", "v"))
    spellings = _spelling_to_syllable()
    size = len(letters)
    fewest = [0] * (size + 1)                       # fewest[i]: for letters[i:]
    for start in range(size - 1, -1, -1):
        fewest[start] = 1 + fewest[start + 1]
        for end in range(start + 1, min(size, start + LONGEST_SYLLABLE) + 1):
            if letters[start:end] in spellings:
                fewest[start] = min(fewest[start], fewest[end])
    return fewest[0]


def split_mixed(text: str) -> list[tuple[str, str]]:
    """Split a mixed query into runs: ("han", "双"), ("pinyin", "wan") for letters that parse as
    pinyin or initials, ("latin", "IP") for other letters, ("other", ...) for digits and
    punctuation. Spaces between runs
    are dropped; spaces inside a run of letters are kept (双shuang wan → "双", "shuang wan")."""
    if not isinstance(text, str):
        return []
    runs: list[list] = []                          # [kind, text, end]
    for match in _MIXED_TOKEN.finditer(text):
        kind, run = match.lastgroup, match.group()
        if kind == "space":
            continue
        if kind == "letters":
            kind = "pinyin" if parse_pinyin_query(run) else "latin"
        if kind == "other" and runs and runs[-1][0] == "other" and runs[-1][2] == match.start():
            runs[-1][1] += run
            runs[-1][2] = match.end()
        else:
            runs.append([kind, run, match.end()])
    return [(kind, run) for kind, run, _end in runs]


def _split_units(text: str) -> list[_Unit] | None:
    """Letters between separators and tone digits, with their tone marks; None if anything in
    `text` cannot be part of typed pinyin (Han, punctuation, NUL, lone surrogates, ...)."""
    units: list[_Unit] = []
    for piece in _SEPARATORS.split(text.strip()):
        if not piece:
            continue
        position = 0
        for match in _UNIT.finditer(piece):
            if match.start() != position:
                return None
            position = match.end()
            unit = _decompose(match.group(1))
            if unit is None:
                return None
            unit.digit_tone = (int(match.group(2)) or 5) if match.group(2) else None
            units.append(unit)
        if position != len(piece):                   # digits with no letters before them
            return None
    return units or None


def _decompose(letters_text: str) -> _Unit | None:
    letters: list[str] = []
    marks: list[int | None] = []
    lowered = letters_text.lower().replace("u:", "v")
    for char in unicodedata.normalize("NFD", lowered):
        if "a" <= char <= "z":
            letters.append(char)
            marks.append(None)
        elif char == _DIAERESIS and letters and letters[-1] == "u":
            letters[-1] = "v"
        elif char in _TONE_OF_MARK and letters and marks[-1] is None:
            marks[-1] = _TONE_OF_MARK[char]
        elif char == _CIRCUMFLEX and letters and letters[-1] == "e":
            continue
        else:
            return None
    return _Unit("".join(letters), marks, None)


def _segment(letters: str, lexicon: dict[str, str], marks: list[int | None] | None = None,
             longest: int = LONGEST_SYLLABLE) -> list[tuple[tuple[int, int], list[str], list[int]]]:
    """The best ways to cut `letters` into lexicon entries: (cost, entries, start positions).

    Dynamic programming from the end, keeping the `MAX_ALTERNATIVES` cheapest cuts of every
    suffix, so the work is linear in the length, however ambiguous the letters. Cost is (number
    of entries, entries inside the word that start with a, o or e); at most one tone mark may
    fall in an entry.
    """
    size = len(letters)
    # best[i]: up to MAX_ALTERNATIVES entries (count, vowel_starts, -length, spelling, next, rank)
    best: list[list[tuple]] = [[] for _ in range(size + 1)]
    best[size] = [(0, 0, 0, "", size, -1)]
    for start in range(size - 1, -1, -1):
        candidates = []
        for length in range(1, min(longest, size - start) + 1):
            end = start + length
            entry = lexicon.get(letters[start:end])
            if entry is None or not best[end]:
                continue
            if marks is not None and sum(mark is not None for mark in marks[start:end]) > 1:
                continue
            vowel_start = 1 if start > 0 and entry[0] in "aoe" else 0
            for rank, (count, vowels, *_rest) in enumerate(best[end]):
                candidates.append((count + 1, vowels + vowel_start, -length, entry, end, rank))
        best[start] = heapq.nsmallest(MAX_ALTERNATIVES, candidates)
    cuts = []
    for first in best[0] if size else []:
        entries, starts = [], []
        position, node = 0, first
        while True:
            _count, _vowels, _length, entry, following, rank = node
            entries.append(entry)
            starts.append(position)
            position = following
            if position == size:
                break
            node = best[position][rank]
        cuts.append(((first[0], first[1]), entries, starts))
    return cuts


def _unit_readings(unit: _Unit) -> list[tuple[tuple[int, int], list[str], list[int | None]]]:
    """Readings of one unit: (cost, syllables, tones)."""
    readings = []
    for cost, syllables, starts in _segment(unit.letters, _spelling_to_syllable(), unit.marks):
        ends = starts[1:] + [len(unit.letters)]
        tones = [next((mark for mark in unit.marks[s:e] if mark is not None), None)
                 for s, e in zip(starts, ends)]
        if unit.digit_tone is not None and tones and tones[-1] is None:
            tones[-1] = unit.digit_tone
        readings.append((cost, syllables, tones))
    return readings


def _best_combinations(per_unit: list[list[tuple]]) -> list[tuple[list[str], list[int | None]]]:
    """The cheapest readings of the whole query from the readings of its units.

    Kept as back-pointers (cost, alternative in this unit, rank in the previous combination), so
    a query of thousands of units costs no more than linear time.
    """
    combined: list[list[tuple]] = []
    previous = [((0, 0), -1, -1)]
    for readings in per_unit:
        pairs = [((cost[0] + readings[a][0][0], cost[1] + readings[a][0][1]), a, rank)
                 for rank, (cost, _a, _r) in enumerate(previous) for a in range(len(readings))]
        previous = heapq.nsmallest(MAX_ALTERNATIVES, pairs)
        combined.append(previous)
    results = []
    for rank in range(len(combined[-1])):
        syllables: list[str] = []
        tones: list[int | None] = []
        for unit_index in range(len(per_unit) - 1, -1, -1):     # walk back, then turn round
            _cost, alternative, previous_rank = combined[unit_index][rank]
            _, unit_syllables, unit_tones = per_unit[unit_index][alternative]
            syllables.extend(reversed(unit_syllables))
            tones.extend(reversed(unit_tones))
            rank = previous_rank
        results.append((syllables[::-1], tones[::-1]))
    return results


# A syllable with no initial (安 ān, 欧 ōu, 鹅 é) is typed as its vowel: gatq is 港澳台侨.
_VOWEL_INITIALS = frozenset("aoe")
_INITIAL_LEXICON = {letter: letter for letter in _CONSONANTS | _VOWEL_INITIALS}
_INITIAL_LEXICON.update({"zh": "z", "ch": "c", "sh": "s"})


def _parse_initials(text: str, units: list[_Unit]) -> PinyinQuery | None:
    letters = "".join(unit.letters for unit in units)
    if len(letters) < 2 or not set(letters) <= _CONSONANTS | _VOWEL_INITIALS:
        return None
    # One vowel at most: more is a syllable typed with a slip (helanshna), not initials.
    if sum(letter in _VOWEL_INITIALS for letter in letters) > 1:
        return None
    alternatives = [entries for _cost, entries, _starts in
                    _segment(letters, _INITIAL_LEXICON, longest=2)]
    # Both readings of zh/ch/sh: as one initial (fewest letters first) and as two.
    if letters not in ("".join(alternative) for alternative in alternatives):
        alternatives = alternatives[: MAX_ALTERNATIVES - 1] + [list(letters)]
    alternatives.sort(key=len)
    looks_like_acronym = text.strip().isupper()
    return PinyinQuery(
        syllables=alternatives,
        tones=[None] * len(alternatives[0]),
        form="joined" if len(units) == 1 else "toneless",
        initials_only=True,
        likelihood=0.3 if looks_like_acronym else 0.5,
        tones_by_alternative=[[None] * len(alternative) for alternative in alternatives],
    )


def _likelihood(text: str, best: list[str], has_tones: bool) -> float:
    if has_tones:
        return 1.0
    lowered = text.lower()
    if "v" in lowered or "ü" in lowered or "u:" in lowered:   # parsed, so these can only be ü
        return 0.9
    if re.search(f"[a-z][{_APOSTROPHES}][a-z]", lowered):
        return 0.9
    if len(best) >= 4 or any(
            syllable[0] in "qx" or syllable.startswith("zh") or syllable.endswith(_PINYIN_ONLY_FINALS)
            for syllable in best):
        return 0.8
    return 0.5
