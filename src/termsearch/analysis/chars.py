"""Which characters are which: Han ideographs, the marks written among them, full-width forms.

One definition of each class, as a regex class body (to put inside `[...]` with other
characters), compiled patterns and tests. Every module asks here rather than writing its own
range: ranges written by hand drifted apart (the basic block only, or no extension G), and a
word of extension A characters (䶮) once got no reading.
"""
from __future__ import annotations

import re

# Han ideographs, every block Unicode has (code points, inclusive). The supplementary planes
# are taken whole from extension B to the end of extension H: their gaps are unassigned, and
# whatever Unicode adds there will be ideographs too.
HAN_BLOCKS = (
    (0x3400, 0x4DBF),       # CJK Unified Ideographs Extension A (䶮)
    (0x4E00, 0x9FFF),       # CJK Unified Ideographs, the basic block
    (0xF900, 0xFAFF),       # CJK Compatibility Ideographs (豈, 﨑)
    (0x20000, 0x323AF),     # Extensions B to H and the Compatibility Ideographs Supplement (plane 2 and 3)
)

# Written among Han and read or converted with it (OpenCC, pypinyin): the radicals (⺁, ⼈),
# the iteration mark 々, 〇 (líng), the Hangzhou numerals 〡–〩 and 〸–〻.
HAN_MARK_BLOCKS = (
    (0x2E80, 0x2FDF),       # CJK Radicals Supplement, Kangxi Radicals
    (0x3005, 0x3005),       # 々
    (0x3007, 0x3007),       # 〇
    (0x3021, 0x3029),       # Hangzhou numerals 〡–〩
    (0x3038, 0x303B),       # Hangzhou numerals 〸–〺, 〻
)

# Full-width ASCII (！ to ～): each is its ASCII character plus this offset.
FULLWIDTH_ASCII_BLOCK = (0xFF01, 0xFF5E)
FULLWIDTH_OFFSET = 0xFEE0


def _class_body(blocks) -> str:
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in blocks)


# Regex class bodies: f"[{HAN}]", f"[^{HAN}\\s]".
HAN = _class_body(HAN_BLOCKS)
HAN_WITH_MARKS = _class_body(HAN_MARK_BLOCKS + HAN_BLOCKS)
FULLWIDTH_ASCII = _class_body([FULLWIDTH_ASCII_BLOCK])

HAN_CHAR = re.compile(f"[{HAN}]")
HAN_RUN = re.compile(f"[{HAN}]+")
HAN_WITH_MARKS_RUN = re.compile(f"[{HAN_WITH_MARKS}]+")


def is_han(char: str) -> bool:
    """Whether `char` (one character) is a Han ideograph of any block."""
    code = ord(char)
    return any(a <= code <= b for a, b in HAN_BLOCKS)


def has_han(text: str) -> bool:
    """Whether `text` holds at least one Han ideograph."""
    return HAN_CHAR.search(text) is not None


def count_han(text: str) -> int:
    """How many Han ideographs `text` holds."""
    return len(HAN_CHAR.findall(text))


def all_han(text: str) -> bool:
    """Whether `text` is one or more Han ideographs and nothing else."""
    return HAN_RUN.fullmatch(text) is not None


def is_fullwidth_ascii(char: str) -> bool:
    return FULLWIDTH_ASCII_BLOCK[0] <= ord(char) <= FULLWIDTH_ASCII_BLOCK[1]


def to_halfwidth(char: str) -> str:
    """ＡＢ１！ → AB1! one character at a time; any other character as it is."""
    return chr(ord(char) - FULLWIDTH_OFFSET) if is_fullwidth_ascii(char) else char


def to_fullwidth(char: str) -> str:
    """The full-width form of a printable ASCII character (A → Ａ); any other as it is."""
    return chr(ord(char) + FULLWIDTH_OFFSET) if "!" <= char <= "~" else char
