"""Which paragraphs write two characters apart, with only quotes, brackets or spaces between them.

A phrase is checked on each candidate paragraph's text (adjacency.Verified), and its pattern lets
such a gap stand between any two of its characters (variants.GAP: 双万新起点 is found in
“雙萬”新起點). The index of character pairs holds only pairs side by side, so a paragraph holding
经济 and 发展 apart, without 济发, could not be ruled out without reading its text: 經濟發展's ~3,000
such candidates were most of its time. This table, written with the build from texts.txt, gives
the rows where a pair of characters stands across a gap, as written (經“濟, not 经济), so a
phrase rules out the candidates with neither its pairs side by side nor across a gap.

The file (GAP_PAIRS) holds the number of entries, then the entries' keys (two characters'
code points, the first shifted left 21 bits) as unsigned 64-bit integers, then their rows as
unsigned 32-bit integers, both little-endian and sorted by key, then row. A build without it
(written before it existed) rules nothing out this way.
"""
from __future__ import annotations

import re
import sys
from array import array
from bisect import bisect_left, bisect_right
from pathlib import Path

from .analysis import variants
from .index_layout import damaged

GAP_PAIRS = "gap_pairs.bin"

_GAP_BODY = variants.GAP[1:-2]                  # the characters of the class [ … ]* (without [ ]*)
assert variants.GAP == "[" + _GAP_BODY + "]*"
# A character of a pair: any from the CJK blocks on (every form of a Han character a pattern's
# class holds: Traditional, compatibility forms) but a gap's own characters. Wider than Han (。,
# full-width letters): a pair too many costs a few bytes, one missing would lose a paragraph.
_CHARACTER = "[^\\x00-\\u2e7f\n" + _GAP_BODY + "]"
_ACROSS_A_GAP = re.compile(f"({_CHARACTER})[{_GAP_BODY}]+(?={_CHARACTER})")
_LINES_AT_ONCE = 1 << 20        # characters of texts.txt scanned at a time (a build never holds it whole)


def key(pair: str) -> int:
    return ord(pair[0]) << 21 | ord(pair[1])


def write(build_dir: Path) -> None:
    """GAP_PAIRS for the build's texts.txt (row = line)."""
    found: list[tuple[int, int]] = []
    row = 0
    with open(build_dir / "texts.txt", encoding="utf-8") as texts:
        while lines := texts.readlines(_LINES_AT_ONCE):
            text = "".join(lines)
            if _ACROSS_A_GAP.search(text) is not None:
                starts = [0]
                for line in lines:
                    starts.append(starts[-1] + len(line))
                for match in _ACROSS_A_GAP.finditer(text):
                    if "\n" in match.group():      # (the gap ends a line: the next character is another row's)
                        continue
                    at = match.start()
                    line = bisect_right(starts, at) - 1
                    pair = text[at] + text[match.end()]
                    found.append((key(pair), row + line))
            row += len(lines)
    found = sorted(set(found))
    keys, rows = array("Q", (k for k, _ in found)), array("I", (r for _, r in found))
    count = array("Q", [len(found)])
    if sys.byteorder != "little":
        for column in (count, keys, rows):
            column.byteswap()
    with open(build_dir / GAP_PAIRS, "wb") as out:
        out.write(count.tobytes() + keys.tobytes() + rows.tobytes())


class GapPairs:
    """A build's GAP_PAIRS, read whole (12 bytes an entry)."""

    def __init__(self, path: Path):
        data = path.read_bytes()
        count = array("Q", data[:8]) if len(data) >= 8 else array("Q", [1 << 40])
        if sys.byteorder != "little":
            count.byteswap()
        (n,) = count
        if len(data) != 8 + 12 * n:
            raise damaged(path, "is not as written: cut short or overwritten")
        self._keys = array("Q", data[8:8 + 8 * n])
        self._rows = array("I", data[8 + 8 * n:8 + 12 * n])
        if sys.byteorder != "little":
            self._keys.byteswap()
            self._rows.byteswap()

    def __len__(self) -> int:
        return len(self._keys)

    def rows(self, pairs) -> set[int]:
        """The rows where any of these pairs (two characters, as written) stands across a gap."""
        found: set[int] = set()
        keys = self._keys
        for pair in pairs:
            k = key(pair)
            low = bisect_left(keys, k)
            if low < len(keys) and keys[low] == k:
                found.update(self._rows[low:bisect_right(keys, k, low)])
        return found


def read(build_dir: Path) -> GapPairs | None:
    """The build's table, or None for a build written without it."""
    path = build_dir / GAP_PAIRS
    return GapPairs(path) if path.is_file() else None
