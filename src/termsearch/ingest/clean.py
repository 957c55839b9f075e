"""One copied line to clean text: strip inline pinyin annotations, normalise odd whitespace, find the
spans a bad GBK round trip garbled (repairing them only where certain), and spot page furniture."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Iterable
from importlib import resources

from ..analysis.chars import is_han

_TONED_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN_LETTERS = "a-z" + _TONED_VOWELS + "ü"
_TONELESS = str.maketrans({
    **{v: "a" for v in "āáǎà"}, **{v: "e" for v in "ēéěè"}, **{v: "i" for v in "īíǐì"},
    **{v: "o" for v in "ōóǒò"}, **{v: "u" for v in "ūúǔù"}, **{v: "v" for v in "ǖǘǚǜü"},
    **{v: "n" for v in "ńňǹ"}, "ḿ": "m",
})


def _data_text(name: str) -> str:
    return resources.files("termsearch.data").joinpath(name).read_text("utf-8")


# --- pinyin annotations ------------------------------------------------------------------------

@cache
def _pinyin_syllables() -> frozenset[str]:
    # Shared with analysis/pinyin.py: toneless, ü written v.
    text = _data_text("pinyin_syllables.txt")
    return frozenset(word for line in text.splitlines() for word in line.split("#", 1)[0].split())


def _read_syllable(token: str) -> tuple[bool, bool]:
    """(is one Mandarin syllable, carries a tone mark) for a lower-case letter run."""
    toneless = token.translate(_TONELESS)
    if toneless.startswith(("j", "q", "x", "y")):
        toneless = toneless.replace("v", "u")
    return toneless in _pinyin_syllables(), any(c in _TONED_VOWELS for c in token)


_ANNOTATION = re.compile(rf"[(（]([{_PINYIN_LETTERS}]{{1,6}})[)）]")


def strip_pinyin_annotations(text: str) -> str:
    """Drop the `(zhèn)` a website put after characters; keep real parenthesised text.

    A tone-marked single syllable in brackets is removed after any character (a damaged
    character may be left as a stray byte like `D`); a toneless one only directly after a Han
    character and only when longer than one letter, so `(a)` list markers stay.
    """
    pieces, last = [], 0
    for match in _ANNOTATION.finditer(text):
        start = match.start()
        before = text[start - 1] if start else ""
        if not before or before.isspace():
            continue
        is_syllable, toned = _read_syllable(match.group(1))
        if not is_syllable:
            continue
        if toned or (is_han(before) and len(match.group(1)) > 1):
            pieces.append(text[last:start])
            last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


# --- whitespace ----------------------------------------------------------------------------------

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\r"))
_ODD_SPACE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f]")
# Spaces a scraper turned into ?: ideographic spaces indenting a line ("????（一）") or spacing a
# name before a space it kept ("县长?? 吴?? 鹏", "县域????\t"). Two or more, and not after a Latin
# letter, so "next? We" stays a question.
_LOST_SPACES = re.compile(r"^\?{2,}|(?<![A-Za-z])\?{2,}(?=[ \t\u3000])")


def normalise_whitespace(line: str) -> str:
    """Drop zero-width characters and \\r, make odd spaces plain, turn runs of ? that stand for
    lost spaces back into a space, strip the line's ends.

    An ideographic space inside a line stays: it spaces names and titles on purpose.
    """
    line = _ODD_SPACE.sub(" ", line.translate(_ZERO_WIDTH)).strip()
    return _LOST_SPACES.sub(" ", line).strip()


# --- damaged spans ---------------------------------------------------------------------------------

@cache
def common_characters() -> frozenset[str]:
    """Characters frequent in government reports, Simplified and Traditional (data file)."""
    text = _data_text("common_chars.txt")
    return frozenset(c for line in text.splitlines() if not line.startswith("#") for c in line.strip())


# Punctuation a report really uses; other symbols amid Han text (Ρ, ⑽, ⅰ) are GBK debris.
_ORDINARY_PUNCTUATION = frozenset("，。、；：？！“”‘’（）《》〈〉「」『』【】〔〕—–―…·～％．／＋－×÷＝")
# The site turned full-width punctuation half-width, so inside a garbled run these stand for
# two GBK bytes each: `!` after a lost character was the pair A3 A1 (！).
_HALF_TO_FULL = {"!": "！", ";": "；", ":": "：", ",": "，"}
_CLAUSE_END = "。！？!?，,；;：:\n"
_PAUSE_BEFORE = frozenset("、，,;；:：“‘（(《「『。")
_PAUSE_AFTER = frozenset("、，,;；:：。")
# A question mark closes a clause that asks: a particle just before it, or a question word in it.
_QUESTION_PARTICLES = frozenset("吗嗎呢么麼吧啊呀")
_QUESTION_WORDS = (
    "什么", "什麼", "怎", "如何", "为何", "為何", "哪", "谁", "誰", "多少", "是否", "难道", "難道",
    "岂", "豈", "还是", "還是", "可否", "能否", "何必", "何尝", "何嘗",
)
_MAX_RUN = 24           # a garbled run longer than this is not looked at as one
_MAX_GAP = 3            # markers closer than this belong to one damaged stretch
_MIN_REPAIRED_HAN = 2   # one character that happens to decode is no proof of the alignment

_LOSS = re.compile("[?\ufffd]+")
_CLOSING_FRAGMENT = re.compile(rf"(?<![A-Za-z{_TONED_VOWELS}ü])([{_PINYIN_LETTERS}]{{1,6}})[)）]")
_OPENING_FRAGMENT = re.compile(rf"[(（]([{_PINYIN_LETTERS}]{{1,6}})(?![{_PINYIN_LETTERS})）])")


def _is_han(char: str) -> bool:
    return bool(char) and is_han(char[0])


def _is_cjk(char: str) -> bool:
    return _is_han(char) or char in _ORDINARY_PUNCTUATION


def _gbk_pair(first: int, second: int) -> str | None:
    try:
        return bytes((first, second)).decode("gbk")
    except UnicodeDecodeError:
        return None


def _is_suspicious(char: str) -> bool:
    """A character that does not belong in report text next to a lost-character mark."""
    if _is_han(char):
        return char not in common_characters()
    if char.isascii():
        return char.isalpha() or char == "!"
    return char not in _ORDINARY_PUNCTUATION and not char.isdigit()


def _reads_well(char: str | None) -> bool:
    return char is not None and (char in common_characters() or char in _ORDINARY_PUNCTUATION)


def _asks_a_question(text: str, at: int) -> bool:
    clause_start = max(text.rfind(end, 0, at) for end in _CLAUSE_END) + 1
    clause = text[clause_start:at]
    return clause[-1:] in _QUESTION_PARTICLES or any(word in clause for word in _QUESTION_WORDS)


def _is_lost_character_mark(text: str, start: int, end: int) -> bool:
    """Whether a run of `?` stands for lost characters rather than asking a question."""
    run = text[start:end]
    if "\ufffd" in run:
        return True
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if (before.isascii() and (before.isalnum() or before in "/=&._-")
            and (not after or after.isascii() and after not in ",;:")):
        return False            # Latin text, a URL query string
    if (not before or before.isspace()) and (not after or after.isspace()):
        return False            # nothing around it to judge by
    if _fragment_at(text, end):
        return True             # `?jiān)`: the character and the `(` of its annotation were lost
    if len(run) > 1 and (_is_cjk(before) or _is_cjk(after)):
        return True
    if before in _PAUSE_BEFORE or after in _PAUSE_AFTER:
        return True             # nobody asks a question right after a comma, or before one
    if _is_suspicious(before) and before not in _QUESTION_PARTICLES:
        return True             # debris before it (狻 in 狻?園區) asks nothing
    if _asks_a_question(text, start):
        return False
    return _is_han(before) or before.isdigit() or _is_han(after)


def _is_fragment(text: str, match: re.Match[str]) -> bool:
    """Whether a `syllable)` match is an annotation that lost its `(` (and its character)."""
    is_syllable, toned = _read_syllable(match.group(1))
    start = match.start()
    before = text[start - 1] if start else ""
    lost_before = before in ("?", "\ufffd")
    if not is_syllable or not (toned or lost_before) or before in ("(", "（"):
        return False
    # `Zhōng guó)` is romanised text, not a broken annotation
    return not before or lost_before or _is_cjk(before) or _is_suspicious(before)


def _fragment_at(text: str, position: int) -> bool:
    match = _CLOSING_FRAGMENT.match(text, position)
    return bool(match) and _is_fragment(text, match)


def _markers(text: str) -> list[tuple[int, int]]:
    """Lost-character marks and stray annotation fragments, in text order."""
    found = [m.span() for m in _LOSS.finditer(text) if _is_lost_character_mark(text, *m.span())]
    found += [m.span() for m in _CLOSING_FRAGMENT.finditer(text) if _is_fragment(text, m)]
    for match in _OPENING_FRAGMENT.finditer(text):
        is_syllable, toned = _read_syllable(match.group(1))
        if is_syllable and toned:
            found.append(match.span())
    return sorted(set(found))


@dataclass
class _Realigned:
    """A garbled run decoded again one byte later: what its bytes really said."""

    chars: list[tuple[str | None, int, int]]    # (character or None, first byte, end byte)
    resynced: bool                              # the run ends where the two decodings meet again


def _run_bytes(text: str, start: int, limit: int) -> tuple[bytes, list[int]]:
    """GBK bytes of the text from `start` that could belong to one garbled run, and for each
    byte the index (from `start`) of the character it came from."""
    data, owners = bytearray(), []
    for index, char in enumerate(text[start:min(limit, start + _MAX_RUN)]):
        if char in _HALF_TO_FULL:
            char = _HALF_TO_FULL[char]
        if char.isascii():
            if not 0x40 <= ord(char) <= 0x7E:   # can't be a GBK trail byte: a run ends there
                break
            encoded = char.encode()
        else:
            try:
                encoded = char.encode("gbk")
            except UnicodeEncodeError:
                break
        data += encoded
        owners += [index] * len(encoded)
    return bytes(data), owners


def _realign(data: bytes, owners: list[int]) -> _Realigned:
    """Decode `data` from its second byte (the first is the orphaned half of a lost
    character) until the two decodings fall into step again at a character boundary."""
    boundaries = {i for i in range(1, len(data)) if owners[i] != owners[i - 1]}
    chars: list[tuple[str | None, int, int]] = []
    position, resynced = 1, False
    while position < len(data):
        if position in boundaries:
            resynced = True
            break
        byte = data[position]
        if byte < 0x80:
            chars.append((chr(byte), position, position + 1))
            position += 1
        elif position + 1 < len(data) and (pair := _gbk_pair(byte, data[position + 1])):
            chars.append((pair, position, position + 2))
            position += 2
        else:
            chars.append((None, position, position + 1))
            position += 1
    if position == len(data) and chars and chars[-1][0] is not None:
        resynced = True         # the run's last byte closed a character: in step at its end
    return _Realigned(chars, resynced)


def _garbled_run_length(text: str, start: int, limit: int) -> int:
    """How many characters from `start` (just after a marker) are garbled."""
    data, owners = _run_bytes(text, start, limit)
    if not data:
        return 0
    realigned = _realign(data, owners)
    last_byte = realigned.chars[-1][2] if realigned.chars else 1
    resync_length = owners[last_byte - 1] + 1
    run = text[start:start + resync_length]
    decoded = [c for c, _, _ in realigned.chars]
    if decoded and decoded[-1] is None and not realigned.resynced:
        decoded = decoded[:-1]      # the lead byte of the next lost character
    if decoded and all(_reads_well(c) for c in decoded) and any(map(_is_suspicious, run)):
        return resync_length
    # Otherwise: the suspicious characters right after the marker, letting a common one
    # through when more debris follows it (我 in 椕苤我咔).
    covered = owners[-1] + 1        # characters the bytes came from
    length = 0
    while length < covered:
        if _is_suspicious(text[start + length]):
            length += 1
        elif length and length + 1 < covered and _is_suspicious(text[start + length + 1]):
            length += 2
        else:
            break
    return length


def _garbled_run_start(text: str, end: int, floor: int) -> int:
    """Where the garbled characters just before a marker at `end` begin (`end` if none).

    A byte lost earlier shifts the decoding until the pair that meets an ASCII byte fails and
    becomes the marker, so debris may also come before one. Going left, each character adds
    one pair at the front of the realigned decoding; the run reaches back while that reads.
    """
    found, found_decoded = end, []
    for start in range(end - 1, max(floor, end - _MAX_RUN) - 1, -1):
        data, owners = _run_bytes(text, start, end)
        if not owners or owners[-1] + 1 < end - start:
            break
        decoded = [c for c, _, _ in _realign(data, owners).chars]
        if decoded and decoded[-1] is None:
            decoded = decoded[:-1]      # the lead byte whose pair became the marker
        if not decoded:
            continue
        if not all(map(_reads_well, decoded)):
            break
        found, found_decoded = start, decoded
    # Shifted pairs of intact text read as common characters often enough that the reach back
    # may overshoot: the run starts at its first debris character.
    while found < end and not _is_suspicious(text[found]):
        found += 1
    return found if any(map(_is_han, found_decoded)) else end


def _repair(text: str, start: int, end: int, start_is_known: bool) -> tuple[int, int, str] | None:
    """The part of a garbled run that realigns into common characters: (start, end, original).

    Certain only when it is anchored: it starts at the run's first realigned character (if
    the run's start is known: it follows a marker) or ends where the decodings fell into step
    again, and it holds at least two Han characters.
    """
    data, owners = _run_bytes(text, start, end)
    if owners and owners[-1] + 1 < end - start:
        return None                 # the run holds something that is no GBK at all
    realigned = _realign(data, owners)
    chars = realigned.chars
    best: tuple[int, int] | None = None
    # A run found by reaching back from a marker may start one intact rare character early
    # (桓 in 桓屎痛): its first realigned character is a guess.
    first_trusted = 0 if start_is_known else 1
    index = first_trusted
    while index < len(chars):
        stop = index
        while stop < len(chars) and _reads_well(chars[stop][0]):
            stop += 1
        anchored = index == first_trusted or (stop == len(chars) and realigned.resynced)
        han = sum(_is_han(c) for c, _, _ in chars[index:stop])
        if stop > index and anchored and han >= _MIN_REPAIRED_HAN:
            if best is None or stop - index > best[1] - best[0]:
                best = (index, stop)
        index = stop + 1
    if best is None:
        return None
    first, last = chars[best[0]], chars[best[1] - 1]
    span_start, span_end = start + owners[first[1]], start + owners[last[2] - 1] + 1
    debris = sum(map(_is_suspicious, text[span_start:span_end]))
    if 2 * debris < span_end - span_start:
        return None                 # mostly real characters: the realignment is a coincidence
    return span_start, span_end, "".join(c for c, _, _ in chars[best[0]:best[1]])


def without_damage(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with its damaged (start, end) spans blanked out, as the index and the dictionary
    read it: garbled nonsense never becomes a word. The length is kept, so offsets still hold;
    a span that does not fit in the text is passed over."""
    for start, end in spans:
        if 0 <= start < end <= len(text):
            text = text[:start] + " " * (end - start) + text[end:]
    return text


def find_damaged_spans(text: str) -> list[tuple[int, int, str | None]]:
    """Spans of `text` garbled by a bad encoding round trip: (start, end, repaired or None).

    Give it text whose pinyin annotations are already stripped (as `clean_line` does); the
    offsets are into that text. Damage is only looked for around a mark of loss: `?` or
    U+FFFD standing for lost characters (not a question mark), or an annotation that lost its
    `(` (`jiān)`). Around each mark lie the garbled characters a lost byte left behind: GBK
    pairs read one byte off (`椕苤我咔榉揽貓` is 密治疫情防控 shifted), mostly after the mark,
    sometimes before it. Marks and debris closer than a few characters make one stretch. Where
    a garbled run, decoded again one byte later, gives common characters and is anchored (see
    `_repair`), that part is its own span with the original as `repaired`; the rest of the
    stretch is reported with None. Garbled text with no mark at all is not reported: real
    reports mix in Latin letters and rare characters too often (聯東U谷, 檢場B保).
    """
    markers = _markers(text)
    stretches: list[list[int]] = []     # [start, end] of damaged text, in order
    runs: dict[tuple[int, int], bool] = {}  # garbled runs around markers -> start is known
    for index, (start, end) in enumerate(markers):
        floor = stretches[-1][1] if stretches else 0
        run_start = _garbled_run_start(text, start, floor)
        if run_start < start:
            runs.setdefault((run_start, start), False)
        limit = markers[index + 1][0] if index + 1 < len(markers) else len(text)
        run_length = _garbled_run_length(text, end, limit)
        if run_length:
            runs[(end, end + run_length)] = True
        start, stretch_end = run_start, end + run_length
        gap = text[stretches[-1][1]:start] if stretches else None
        close_to_last = gap is not None and len(gap) <= _MAX_GAP and not any(
            c.isspace() or c in "。！？" for c in gap)
        if close_to_last:
            stretches[-1][1] = max(stretches[-1][1], stretch_end)
        else:
            stretches.append([start, stretch_end])

    spans: list[tuple[int, int, str | None]] = []
    for start, end in stretches:
        repairs = sorted(r for run, known in runs.items()
                         if start <= run[0] < end and (r := _repair(text, *run, known)))
        cursor = start
        for repair_start, repair_end, original in repairs:
            if repair_start < cursor:
                continue            # overlaps a repair already taken
            if repair_start > cursor:
                spans.append((cursor, repair_start, None))
            spans.append((repair_start, repair_end, original))
            cursor = repair_end
        if cursor < end:
            spans.append((cursor, end, None))
    return spans


def clean_line(raw: str) -> tuple[str, list[tuple[int, int, str | None]]]:
    """A raw line as stored text and its damaged spans (offsets into the returned text).

    Punctuation is left as written: display keeps it; matching folds it elsewhere.
    """
    text = strip_pinyin_annotations(normalise_whitespace(raw))
    return text, find_damaged_spans(text)


# --- page furniture ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _FurnitureRules:
    lines: tuple[re.Pattern[str], ...]
    value_labels: tuple[re.Pattern[str], ...]
    separators: tuple[re.Pattern[str], ...]
    related_blocks: tuple[re.Pattern[str], ...]
    trailers: tuple[re.Pattern[str], ...]


@cache
def _furniture_rules() -> _FurnitureRules:
    sections: dict[str, list[re.Pattern[str]]] = {}
    current = None
    for line in _data_text("page_furniture.txt").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if re.fullmatch(r"\[[a-z-]+\]", line):
            current = sections.setdefault(line[1:-1], [])
        elif current is not None:
            current.append(re.compile(line))
    return _FurnitureRules(*(tuple(sections.get(name, ())) for name in
                             ("lines", "value-labels", "separators", "related-blocks", "trailers")))


def _matches(patterns: tuple[re.Pattern[str], ...], line: str) -> bool:
    return any(p.fullmatch(line) for p in patterns)


def is_page_furniture(line: str) -> bool:
    """Whether a line is website chrome copied with the report (下载, 【字号：, 来源：浙江日报)."""
    line = line.strip()
    rules = _furniture_rules()
    return bool(line) and (_matches(rules.lines, line) or _matches(rules.value_labels, line)
                           or _matches(rules.separators, line) or _matches(rules.related_blocks, line))


# Lines this short that do not end a sentence can be a breadcrumb item, a label's value or
# the title of a related report.
_SHORT_ITEM = 30
_SHORT_TITLE = 60


def _is_short_item(line: str, limit: int) -> bool:
    return 0 < len(line) <= limit and not line.endswith(("。", "；", ";", "：", ":"))


def find_page_furniture(lines: list[str]) -> list[bool]:
    """For each line, whether it is furniture, judged with its neighbours.

    Beyond `is_page_furniture`: the value on the line after a bare label (`来源：` then
    `宁夏日报客户端`), the items around breadcrumb separators (`首页` `>` `政务信息`) and the
    short titles listed after `相关报道：`.
    """
    rules = _furniture_rules()
    stripped = [line.strip() for line in lines]
    flags = [is_page_furniture(line) for line in stripped]
    in_related_block = False
    for index, line in enumerate(stripped):
        if _matches(rules.trailers, line):
            # A licence or footnote trailer runs to the end of the file.
            flags[index:] = [True] * (len(flags) - index)
            break
        if in_related_block:
            if _is_short_item(line, _SHORT_TITLE) or flags[index]:
                flags[index] = True
                continue
            in_related_block = False
        if _matches(rules.related_blocks, line):
            in_related_block = True
        elif _matches(rules.value_labels, line):
            if index + 1 < len(lines) and _is_short_item(stripped[index + 1], _SHORT_ITEM):
                flags[index + 1] = True
        elif _matches(rules.separators, line):
            for neighbour in (index - 1, index + 1):
                if 0 <= neighbour < len(lines) and _is_short_item(stripped[neighbour], _SHORT_ITEM):
                    flags[neighbour] = True
    return flags
