"""The forms a glossary term is found by: both scripts, pinyin, initials and match keys."""
from __future__ import annotations

import re

from ..model import Term
from . import pinyin, variants

_QUOTES = re.compile(r"[“”\"「」『』‘’'〝〞]")


def unquoted(text: str) -> str:
    return _QUOTES.sub("", text).strip()


def complete_term(term: Term) -> Term:
    """Fill the Simplified and Traditional headword and its tone-marked pinyin."""
    term.simplified = variants.to_simplified(term.term)
    term.traditional = variants.to_traditional(term.simplified)
    term.pinyin = " ".join(pinyin.reading(unquoted(term.simplified)))
    return term


def match_keys(term: Term) -> list[str]:
    """Normalised strings that, found in a text, mean the term is used there."""
    keys = [unquoted(term.term), *term.aliases]
    out = []
    for key in keys:
        norm = variants.normalize(key)[0].strip()
        if len(norm) >= 2 and norm not in out:
            out.append(norm)
    return out


def pinyin_keys(term: Term) -> dict[str, str]:
    """Joined toneless pinyin of the headword and its Han aliases, and initials of long ones."""
    keys: dict[str, str] = {}
    for form in [unquoted(term.simplified), *term.aliases]:
        form = variants.normalize(form)[0]
        if not any("\u4e00" <= ch <= "\u9fff" for ch in form):
            continue
        syllables = [pinyin.toneless(s).lower() for s in pinyin.reading(form)]
        keys.setdefault("".join(syllables), "pinyin")
        han = sum("\u4e00" <= ch <= "\u9fff" for ch in form)
        if han >= 3:
            keys.setdefault(pinyin.initials(syllables).lower(), "initials")
    return keys


class TermFinder:
    """Which glossary terms a normalised text uses, in one pass over the text.

    Keys are grouped by their first two characters and then by length, so each position of the
    text costs a few set look-ups however many terms share a prefix (a glossary of thousands
    of entries must not slow every paragraph).
    """

    def __init__(self, term_keys: list[tuple[str, list[str]]]):
        groups: dict[str, dict[int, dict[str, list[str]]]] = {}
        for term_id, keys in term_keys:
            for key in keys:
                groups.setdefault(key[:2], {}).setdefault(len(key), {}).setdefault(key, []).append(term_id)
        self.groups = {prefix: sorted(by_length.items()) for prefix, by_length in groups.items()}

    def find(self, normalized: str) -> list[str]:
        if not self.groups:
            return []
        found: dict[str, None] = {}
        groups = self.groups
        for i in range(len(normalized) - 1):
            group = groups.get(normalized[i:i + 2])
            if group:
                for length, keys in group:
                    ids = keys.get(normalized[i:i + length])
                    if ids:
                        found.update(dict.fromkeys(ids))
        return list(found)
