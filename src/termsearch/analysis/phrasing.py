"""Taiwan and mainland phrasing of the same thing (全域性 / 全局, 支援 / 支持), read at query time.

The text is never folded: 支援 is also a mainland word of its own, so folding it into 支持 would
merge two words. A query instead reads the other phrasing too, and says so.
The pairs are data (`data/taiwan_phrases.tsv`, from OpenCC's s2twp/tw2sp phrase dictionaries).
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

TAIWAN = "Taiwan phrasing"
MAINLAND = "mainland phrasing"


@lru_cache(maxsize=1)
def _tables() -> tuple[tuple[dict[str, str], dict[str, int]], tuple[dict[str, str], dict[str, int]]]:
    """(Taiwan → mainland, mainland → Taiwan), in the matching form, each with its first
    characters → the longest phrase starting with each (a query's other characters start none,
    and are passed over with one look-up instead of one a phrase length)."""
    to_taiwan: dict[str, str] = {}
    to_mainland: dict[str, str] = {}
    text = resources.files("termsearch").joinpath("data/taiwan_phrases.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        mainland, taiwan = line.split("\t")
        to_taiwan.setdefault(mainland, taiwan)      # the first listed is OpenCC's own choice
        to_mainland.setdefault(taiwan, mainland)
    return (to_mainland, _longest_from(to_mainland)), (to_taiwan, _longest_from(to_taiwan))


def _longest_from(table: dict[str, str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for phrase in table:
        if len(phrase) > found.get(phrase[0], 0):
            found[phrase[0]] = len(phrase)
    return found


def _replace(text: str, table: dict[str, str], longest_from: dict[str, int]) -> str:
    """Longest phrases first, left to right, as OpenCC converts."""
    out, i = [], 0
    while i < len(text):
        for size in range(min(longest_from.get(text[i], 0), len(text) - i), 1, -1):
            found = table.get(text[i:i + size])
            if found is not None:
                out.append(found)
                i += size
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def other_phrasings(norm: str) -> list[tuple[str, str]]:
    """The same run of characters (in the matching form) in the other phrasing: [(form, which)],
    e.g. 全局 → [(全域性, "Taiwan phrasing")], 全域性 → [(全局, "mainland phrasing")]."""
    found: list[tuple[str, str]] = []
    for (table, longest_from), which in zip(_tables(), (MAINLAND, TAIWAN)):
        other = _replace(norm, table, longest_from)
        if other != norm and other not in (f for f, _ in found):
            found.append((other, which))
    return found
