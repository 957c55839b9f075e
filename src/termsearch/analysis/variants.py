"""Script and variant forms: the matching form that texts and queries meet in (Simplified, regional
variants, width, case and punctuation folded) with an offset map back; OpenCC display conversion."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Callable

import opencc

from . import chars

# Taiwan variants to OpenCC standard first, then Hong Kong variants to standard and on to Simplified
# (hk2s = HKVariantsRev + t2s). Together they make 線/綫/线, 裡/裏/里, 衞/衛/卫, 顎/齶/腭 ... meet;
# plain t2s leaves the Hong Kong and Taiwan variant forms apart. Measured over jieba's 349k-word
# dictionary: its s2t, s2tw and s2hk renderings then all meet, and Simplified input is left alone
# but for folding its own variants (枱→台, 粧→妆).
MATCHING_CONFIGS = ("tw2t", "hk2s")

# Characters whose Simplified form depends on the region and the context: Taiwan writes 著 for
# both zhù and zhe, and tw2t can only guess which from a phrase list (著作 vs 看著), so no
# conversion makes 看著/看着 and 著作/着作 meet at once. The matching form folds them instead;
# words that differ only here (著/着, 幺/么) are not distinct words in practice.
REGIONAL_FOLDS = {"著": "着", "幺": "么"}
# The toneless syllables only the character before the fold reads (著 zhù, 着 never): pinyin typed
# with one of them where a word has the folded character says how the word is written (显著).
REGIONAL_FOLD_READINGS = {"著": ("zhu", "chu"), "幺": ("mi",)}
_UNFOLDS = {folded: original for original, folded in REGIONAL_FOLDS.items()}   # (着 → 著)
_FOLDED = re.compile(f"[{''.join(_UNFOLDS)}]")

# The configs that ship with OpenCC, by name (s2t, tw2sp, t2jp, ...).
KNOWN_CONFIGS = frozenset(name[: -len(".json")] for name in opencc.CONFIGS)

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

# Punctuation folded to one form per kind (after full-width ASCII has become half-width).
_PUNCTUATION_KINDS = {
    ",": "，﹐",
    "、": "､﹑",
    "。": "｡",
    ":": "：﹕︰∶",
    ";": "；﹔",
    "!": "！﹗",
    "?": "？﹖",
    "(": "（﹙",
    ")": "）﹚",
    "[": "［【〔〖〘〚﹝",
    "]": "］】〕〗〙〛﹞",
    "《": "〈",
    "》": "〉",
    '"': "“”„‟「」『』＂〝〞〟‘’‚‛﹁﹂﹃﹄",
    "-": "‐‑‒–—―－﹣−",
    "·": "・･‧•∙⋅ㆍ",
    "~": "～〜∼",
    "…": "⋯",
}
# Invisible characters that split words in scraped text; dropped from the matching form.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"


def _build_fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}

    def fold(char: str) -> str:
        char = chars.to_halfwidth(char)
        for canonical, members in _PUNCTUATION_KINDS.items():
            if char in members:
                return canonical
        if char.isspace() and char != "\n":         # keep line breaks: structure lives in them
            return " "
        lower = char.lower()
        return lower if len(lower) == 1 else char   # 'İ'.lower() is two characters: keep 1:1

    candidates = [chr(cp) for cp in range(0x3001)]  # ASCII, Latin, Greek, Cyrillic, spaces
    candidates += [chr(cp) for cp in range(0xFF01, 0xFF66)]
    candidates += [c for members in _PUNCTUATION_KINDS.values() for c in members]
    for char in candidates:
        folded = fold(char)
        if folded != char:
            table[ord(char)] = folded
    for char in _INVISIBLE:
        table[ord(char)] = None
    # OpenCC takes UTF-8, which cannot hold a lone surrogate.
    table.update({cp: "\ufffd" for cp in range(0xD800, 0xE000)})
    return table


_FOLD_TABLE = _build_fold_table()
_REGIONAL_FOLD_TABLE = str.maketrans(REGIONAL_FOLDS)


@lru_cache(maxsize=None)
def _converter(config: str) -> opencc.OpenCC:
    """One OpenCC converter per config for the life of the process."""
    name = config[: -len(".json")] if config.endswith(".json") else config
    if name not in KNOWN_CONFIGS:
        raise ValueError(f"unknown OpenCC config {config!r}; known: {', '.join(sorted(KNOWN_CONFIGS))}")
    return opencc.OpenCC(name)


def convert(text: str, config: str) -> str:
    """Convert `text` with any OpenCC config by name (s2t, tw2sp, hk2s, t2jp, ...)."""
    converter = _converter(config)
    if not text:
        return text
    return converter.convert(_LONE_SURROGATE.sub("\ufffd", text))


def to_simplified(text: str) -> str:
    """Simplified Chinese for display (OpenCC t2s). Of the same length as `text`, character for
    character: offsets into `text` are offsets into it (the API relies on it)."""
    return convert(text, "t2s")


def to_traditional(text: str) -> str:
    """Standard Traditional Chinese for display (OpenCC s2t; no regional phrases); of the same
    length as `text`, as to_simplified."""
    return convert(text, "s2t")


def _to_matching_script(text: str) -> str:
    for config in MATCHING_CONFIGS:
        text = _converter(config).convert(text)
    return text


@lru_cache(maxsize=1 << 14)
def _to_matching_script_char(char: str) -> str:
    return _to_matching_script(char)


def normalize(text: str, *, regional: bool = True) -> tuple[str, list[int]]:
    """The matching form of `text` and an offset map back to it.

    `offsets[i]` is the index in `text` of normalised character i, and
    `offsets[len(normalised)] == len(text)`; see `original_span` to map a span back.
    With `regional=False` the regional folds (REGIONAL_FOLDS) are left for `fold_regional`:
    jieba cuts the text before them (it knows 显著, not 显着).
    """
    folded, fold_offsets = _fold_characters(text)
    converted, script_offsets = convert_with_offsets(folded, _to_matching_script)
    normalised = converted.translate(_REGIONAL_FOLD_TABLE) if regional else converted
    if fold_offsets is None:
        return normalised, script_offsets
    return normalised, [fold_offsets[i] for i in script_offsets]


def normalized_text(text: str, *, regional: bool = True) -> str:
    """normalize(text, regional=...)[0], with no offset map (a build's analysis needs none)."""
    folded = text.translate(_FOLD_TABLE)
    converted = _to_matching_script(folded)
    if len(converted) != len(folded):
        converted = convert_with_offsets(folded, _to_matching_script)[0]
    return converted.translate(_REGIONAL_FOLD_TABLE) if regional else converted


def fold_regional(text: str) -> str:
    """The regional folds of the matching form (著 → 着), one character to one."""
    return text.translate(_REGIONAL_FOLD_TABLE)


def has_regional_folds(word: str) -> bool:
    """Whether `word` (a matching form) holds a character the regional folds may have made (着, 么)."""
    return _FOLDED.search(word) is not None


def unfolded_by_reading(word: str, syllables: list[str]) -> str:
    """`word` (a matching form) as written, where the toneless syllables it was read by tell:
    显着 read `xian zhu` is 显著 (the folds are for matching; what is shown is what texts write)."""
    if len(syllables) != len(word) or not has_regional_folds(word):
        return word
    return "".join(_UNFOLDS[ch] if ch in _UNFOLDS and syllable in REGIONAL_FOLD_READINGS[_UNFOLDS[ch]] else ch
                   for ch, syllable in zip(word, syllables))


def as_written(text: str) -> str:
    """The matching form of `text` with the characters the folds made (着 for 著: OpenCC's
    Simplified writes 显着 too) as `text` has them: 显著 stays 显著, 顯著 is 显著, 看着 stays 看着."""
    matching, offsets = normalize(text)
    return _unfolded(matching, offsets, text, 0, len(matching))


def as_written_in(words, texts: list[str]) -> dict[str, str]:
    """Each of `words` (matching forms) holding a character the folds may have made, as the first
    of `texts` holding it writes it (成绩显着: 成绩显著), in the matching script otherwise."""
    words = [w for w in words if has_regional_folds(w)]
    if not words:
        return {}
    normalised = [(text, *normalize(text)) for text in texts]
    found = {}
    for word in words:
        for text, matching, offsets in normalised:
            at = matching.find(word)
            if at != -1:
                found[word] = _unfolded(matching, offsets, text, at, at + len(word))
                break
    return found


def _unfolded(matching: str, offsets: list[int], text: str, start: int, end: int) -> str:
    return "".join(_UNFOLDS[ch] if ch in _UNFOLDS and text[offsets[i]] == _UNFOLDS[ch] else ch
                   for i, ch in zip(range(start, end), matching[start:end]))


def original_span(offsets: list[int], start: int, end: int) -> tuple[int, int]:
    """Map the normalised span [start, end) to a span of the original text.

    Equal to (offsets[start], offsets[end]) except where one original character became several
    normalised ones: then a span inside them still covers that character instead of none.
    """
    if end <= start:
        return offsets[start], offsets[start]
    return offsets[start], max(offsets[end], offsets[end - 1] + 1)


def _fold_characters(text: str) -> tuple[str, list[int] | None]:
    """Width, case, punctuation and space folding: one character to one, except that invisible
    characters are dropped. The offsets are None when they are the identity."""
    folded = text.translate(_FOLD_TABLE)
    if len(folded) == len(text):
        return folded, None
    offsets = [i for i, char in enumerate(text) if char not in _INVISIBLE]
    offsets.append(len(text))
    return folded, offsets


def convert_with_offsets(text: str, conversion: Callable[[str], str]) -> tuple[str, list[int]]:
    """Apply an OpenCC-like `conversion` and map each output character to its input index.

    OpenCC's dictionaries map phrases to phrases of the same length today, so the whole text is
    converted at once and the map is the identity. Should a phrase ever change length, each Han run
    is converted on its own and aligned: characters that convert alone to what stands at the
    run's two ends are matched one to one, and the changed middle is spread evenly.
    """
    converted = conversion(text) if text else text
    if len(converted) == len(text):
        return converted, list(range(len(text) + 1))

    pieces: list[str] = []
    offsets: list[int] = []
    position = 0
    # OpenCC's dictionaries hold only Han and the marks among it (chars.HAN_WITH_MARKS), so a
    # conversion never reaches across anything else: text can be converted run by run.
    for run in chars.HAN_WITH_MARKS_RUN.finditer(text):
        if run.start() > position:                   # not Han: OpenCC leaves it as it is
            pieces.append(text[position:run.start()])
            offsets.extend(range(position, run.start()))
        run_text = run.group()
        run_converted = conversion(run_text)
        pieces.append(run_converted)
        offsets.extend(run.start() + i for i in _align_run(run_text, run_converted, conversion))
        position = run.end()
    pieces.append(text[position:])
    offsets.extend(range(position, len(text)))
    offsets.append(len(text))
    return "".join(pieces), offsets


def _align_run(source: str, converted: str, conversion: Callable[[str], str]) -> list[int]:
    """For each character of `converted`, the index in `source` it came from (monotone)."""
    if len(source) == len(converted):
        return list(range(len(source)))

    def converts_alone(source_index: int, converted_index: int) -> bool:
        char = source[source_index]
        alone = (_to_matching_script_char(char) if conversion is _to_matching_script
                 else conversion(char))
        return alone == converted[converted_index]

    shortest = min(len(source), len(converted))
    head = 0
    while head < shortest and converts_alone(head, head):
        head += 1
    tail = 0
    while (tail < shortest - head
           and converts_alone(len(source) - 1 - tail, len(converted) - 1 - tail)):
        tail += 1
    middle_source = len(source) - head - tail
    middle_converted = len(converted) - head - tail
    alignment = list(range(head))
    for i in range(middle_converted):
        # Spread evenly; with no source left (pure insertion) attach to the last head character.
        if middle_source:
            alignment.append(head + i * middle_source // middle_converted)
        else:
            alignment.append(max(head - 1, 0))
    alignment.extend(range(len(source) - tail, len(source)))
    return alignment


# ----------------------------------------------------------------------------- as written

# What may stand between the characters of a phrase: quotes, brackets, spaces (双万新起点 is
# found in “雙萬”新起點), but not a comma or a full stop.
_GAP = r"[\s“”‘’\"'「」『』《》〈〉（）()\[\]【】·・\-]*"
GAP = _GAP                  # what written_as lets stand between words (quotes, brackets, spaces)


def written_as(groups: list[list[str]]) -> re.Pattern[str]:
    """A pattern for the normalised words of `groups`, one after another, in any script or width
    they may be written in (经济 also as 經濟; 5080 also as ５０８０)."""
    first, *rest = groups
    return re.compile(_GAP.join([_one_class_first(first), *("(?:" + "|".join(_any_form(w) for w in group) + ")"
                                                             for group in rest)]))


def _any_form(word: str) -> str:
    return _GAP.join(_char_class(ch) for ch in word)


def _one_class_first(words: list[str]) -> str:
    """(?:w1|w2|…) written to start with one character class: [any first](?:(?<=w1's first)w1's
    rest|…), which matches the same text at the same places. `re` skips ahead to where a
    pattern's first character or class occurs, but tries an alternation at every position:
    a phrase check over thousands of paragraphs (jing ji fa zhan: 经济|竞技|经纪 发展) took 4×
    as long."""
    if len(words) < 2 or not all(words):
        return "(?:" + "|".join(_any_form(w) for w in words) + ")"
    heads = sorted({form for w in words for form in _forms(w[0])})
    firsts = re.escape(heads[0]) if len(heads) == 1 else "[" + "".join(map(re.escape, heads)) + "]"
    return firsts + "(?:" + "|".join(f"(?<={_char_class(w[0])})" + (_GAP + _any_form(w[1:]) if len(w) > 1 else "")
                                     for w in words) + ")"


# A character's Traditional forms (OpenCC s2t, s2tw and s2hk of the character alone) come from
# a table (data/char_forms.tsv) rather than the three converters, whose phrase dictionaries
# take about 40 MB of a serving process's memory and are no use on one character.
CHAR_FORM_CONFIGS = ("s2t", "s2tw", "s2hk")


@lru_cache(maxsize=1)
def _char_forms() -> dict[str, tuple[str, ...]]:
    text = resources.files("termsearch").joinpath("data/char_forms.tsv").read_text(encoding="utf-8")
    table = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            ch, *forms = line.split("\t")
            table[ch] = tuple(forms)
    return table


def char_forms(ch: str) -> tuple[str, ...]:
    """OpenCC's s2t, s2tw and s2hk of the character `ch` alone (ch itself where they leave it)."""
    return _char_forms().get(ch) or (ch,) * len(CHAR_FORM_CONFIGS)


@lru_cache(maxsize=20_000)
def _forms(ch: str) -> frozenset[str]:
    """The characters `ch` may be written as: its Traditional forms, upper case, full width."""
    forms = {ch, *char_forms(ch), ch.upper()}
    forms.add(chars.to_fullwidth(ch))
    return frozenset(f for f in forms if len(f) == 1)


def written_forms(ch: str) -> frozenset[str]:
    """The characters written_as lets stand for `ch` (its class in the pattern)."""
    return _forms(ch)


@lru_cache(maxsize=20_000)
def _char_class(ch: str) -> str:
    forms = _forms(ch)
    return re.escape(ch) if len(forms) == 1 else "[" + "".join(re.escape(f) for f in sorted(forms)) + "]"
