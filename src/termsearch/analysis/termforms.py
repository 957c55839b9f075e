"""The forms a glossary term is found by: both scripts, pinyin, initials and match keys."""
from __future__ import annotations

import re
from bisect import bisect_right

from ..model import Term
from . import chars, pinyin, variants

_QUOTES = re.compile(r"[“”\"「」『』‘’'〝〞]")


def unquoted(text: str) -> str:
    return _QUOTES.sub("", text).strip()


def complete_term(term: Term) -> Term:
    """Fill the Simplified and Traditional headword and its tone-marked pinyin."""
    return complete_display_forms(complete_simplified(term))


def complete_simplified(term: Term) -> Term:
    """Fill the Simplified headword: all that finding the term in a text needs."""
    term.simplified = variants.to_simplified(term.term)
    return term


def complete_display_forms(term: Term) -> Term:
    """Fill the Traditional headword and the tone-marked pinyin of the Simplified one: what is
    shown, not what is matched. Their dictionaries (OpenCC's s2t, ~25 MB; pypinyin's, ~80 MB) are
    loaded by the first call, which a build makes only once its writers are forked."""
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


def typed_forms(term: Term) -> tuple[list[str], list[str]]:
    """The forms suggestions match a term by as it is typed: its headword (as written and
    Simplified) and aliases normalised, those with Han characters first, then those written
    in letters or digits (IP, 5080)."""
    han: list[str] = []
    latin: list[str] = []
    for text in [term.term, term.simplified, *term.aliases]:
        form = variants.normalize(unquoted(text))[0].strip()
        if not form:
            continue
        target = han if chars.has_han(form) else latin
        if form not in target:
            target.append(form)
    return han, latin


def form_readings(terms: list[Term]) -> dict[str, str]:
    """{Han form: its tone-marked reading, syllables separated by spaces} of every term's typed
    forms: made at build time, so that a server reads them instead of loading pypinyin
    (about 50 MB of dictionaries) for the suggestions."""
    return {form: " ".join(pinyin.reading(form)) for term in terms for form in typed_forms(term)[0]}


def pinyin_keys(term: Term) -> dict[str, str]:
    """Joined toneless pinyin of the headword and its Han aliases, and initials of long ones."""
    keys: dict[str, str] = {}
    for form in [unquoted(term.simplified), *term.aliases]:
        form = variants.normalize(form)[0]
        if not chars.has_han(form):
            continue
        syllables = [pinyin.toneless(s).lower() for s in pinyin.reading(form)]
        keys.setdefault("".join(syllables), "pinyin")
        han = chars.count_han(form)
        if han >= 3:
            keys.setdefault(pinyin.initials(syllables).lower(), "initials")
    return keys


def search_forms(term: Term) -> dict[str, int]:
    """Every normalised form a user may type for the term, with how exact a match it is:
    100 the headword, 90 an alias, 80 its joined pinyin, 70 its initials."""
    forms: dict[str, int] = {variants.normalize(head)[0]: 100
                             for head in (unquoted(term.term), term.term)}
    for alias in term.aliases:
        forms.setdefault(variants.normalize(alias)[0], 90)
    for key, kind in pinyin_keys(term).items():
        forms.setdefault(key, 80 if kind == "pinyin" else 70)
    return forms


def homes_of(terms: list[Term]) -> dict[str, str]:
    """{term id: the document it applies in} for the terms whose definition is scoped to one
    document (global terms are left out: they apply everywhere)."""
    return {t.id: t.source.document for t in terms if not t.is_global}


class TermFinder:
    """Which glossary terms a normalised text uses, in one pass over the text.

    Keys are grouped by their first two characters and then by length, so each position of the
    text costs a few set look-ups however many terms share a prefix (a glossary of thousands
    of entries must not slow every paragraph).
    """

    def __init__(self, term_keys: list[tuple[str, list[str]]], homes: dict[str, str] | None = None):
        # The document each document-scoped term applies in (see `homes_of`); a term not in
        # `homes` applies everywhere.
        self.homes = homes or {}
        groups: dict[str, dict[int, dict[str, list[str]]]] = {}
        for term_id, keys in term_keys:
            for key in keys:
                groups.setdefault(key[:2], {}).setdefault(len(key), {}).setdefault(key, []).append(term_id)
        self.groups = {prefix: sorted(by_length.items()) for prefix, by_length in groups.items()}
        # Where a key may start: one of the keys' first characters, found by `re` in C, so the
        # positions no key starts at cost no Python step (a hit's terms were a tenth of a search
        # on a collection with glossaries: every character of ten paragraphs, twice with quotes).
        firsts = sorted({prefix[0] for prefix in self.groups})
        self._starts = re.compile("[" + "".join(map(re.escape, firsts)) + "]") if firsts else None

    def find_written(self, text: str, document: str | None = None) -> list[str]:
        """`find` in a text as written: normalised only when there are terms to find (a
        paragraph's normalisation costs more than the rest of a rare word's search)."""
        return self.find(variants.normalize(text)[0], document) if self.groups else []

    def find(self, normalized: str, document: str | None = None) -> list[str]:
        """Ids of the terms used in the text, in order of first use (with `document`: only
        the terms whose definition applies in that document)."""
        return list(dict.fromkeys(term_id for _, _, term_id in self.spans(normalized, document)))

    def spans(self, normalized: str, document: str | None = None) -> list[tuple[int, int, str]]:
        """(start, end, term id) of every use of a term in the normalised text; with
        `document`, of the terms whose definition applies there (the same characters of a term
        defined by another document are not its uses).

        A key that starts or ends with a Latin letter or digit must not be part of a longer
        Latin word there: IP is a term, the ip inside javascript is not.
        """
        found = self._spans(normalized)
        if document is None or not self.homes:
            return found
        homes = self.homes
        return [s for s in found if homes.get(s[2], document) == document]

    def _spans(self, normalized: str) -> list[tuple[int, int, str]]:
        """Uses as written, and uses with quote marks inside (“三无”乡镇 for 三无乡镇, “C”位 for C位):
        quotes around part of a term do not make it other words (highlighting and search agree)."""
        found = self._spans_in(normalized)
        if not self.groups or not _QUOTES.search(normalized):
            return found
        # The text without its quote marks; a character there at j stands at j + the number of
        # quote marks before it, those (few) whose place less the marks before them is at most j.
        shifted = [match.start() - before for before, match in enumerate(_QUOTES.finditer(normalized))]
        have = set(found)
        for start, end, term_id in self._spans_in(_QUOTES.sub("", normalized)):
            span = (start + bisect_right(shifted, start), end + bisect_right(shifted, end - 1), term_id)
            if span not in have:
                have.add(span)
                found.append(span)
        found.sort(key=lambda s: s[0])
        return found

    def _spans_in(self, normalized: str) -> list[tuple[int, int, str]]:
        if not self.groups:
            return []
        found = []
        groups = self.groups
        n = len(normalized)
        if n < 2:
            return found
        for start in self._starts.finditer(normalized, 0, n - 1):
            i = start.start()
            group = groups.get(normalized[i:i + 2])
            if not group:
                continue
            for length, keys in group:
                ids = keys.get(normalized[i:i + length])
                if ids and _bounded(normalized, i, i + length):
                    found.extend((i, i + length, term_id) for term_id in ids)
        return found


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _bounded(text: str, start: int, end: int) -> bool:
    if _is_latin(text[start]) and start > 0 and _is_latin(text[start - 1]):
        return False
    return not (_is_latin(text[end - 1]) and end < len(text) and _is_latin(text[end]))
