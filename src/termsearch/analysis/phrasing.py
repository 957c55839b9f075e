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
def _tables() -> tuple[dict[str, str], dict[str, str], int]:
    """(mainland → Taiwan, Taiwan → mainland, the longest phrase), in the matching form."""
    to_taiwan: dict[str, str] = {}
    to_mainland: dict[str, str] = {}
    text = resources.files("termsearch").joinpath("data/taiwan_phrases.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        mainland, taiwan = line.split("\t")
        to_taiwan.setdefault(mainland, taiwan)      # the first listed is OpenCC's own choice
        to_mainland.setdefault(taiwan, mainland)
    longest = max(map(len, [*to_taiwan, *to_mainland]), default=0)
    return to_taiwan, to_mainland, longest


def _replace(text: str, table: dict[str, str], longest: int) -> str:
    """Longest phrases first, left to right, as OpenCC converts."""
    out, i = [], 0
    while i < len(text):
        for size in range(min(longest, len(text) - i), 1, -1):
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
    to_taiwan, to_mainland, longest = _tables()
    found: list[tuple[str, str]] = []
    for table, which in ((to_mainland, MAINLAND), (to_taiwan, TAIWAN)):
        other = _replace(norm, table, longest)
        if other != norm and other not in (f for f, _ in found):
            found.append((other, which))
    return found
