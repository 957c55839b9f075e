"""Spelling correction for English queries, toward the English words the index holds (the
keys of its English map: CC-CEDICT's glosses of the indexed words and the terms' renderings),
so that a correction always finds something. A word the map lacks is matched to the map's
words one slip away: a letter left out, added or changed, two neighbours swapped, or a British
spelling (labour, urbanisation, programme)."""
from __future__ import annotations

import string
from collections import defaultdict
from typing import Iterable, Mapping

MIN_LENGTH = 4          # shorter words are too often something else (a pinyin syllable, an acronym)
# British spellings the dictionary (American) writes otherwise: (ending or word, replacement).
_BRITISH = (("isation", "ization"), ("isations", "izations"), ("ise", "ize"), ("ised", "ized"),
            ("ising", "izing"), ("our", "or"), ("ours", "ors"), ("programme", "program"),
            ("programmes", "programs"), ("centre", "center"), ("centres", "centers"),
            ("yse", "yze"), ("ence", "ense"), ("ogue", "og"))


def one_slip(word: str) -> set[str]:
    """Every string one slip from `word` (deleted, swapped, replaced or inserted letter)."""
    letters = string.ascii_lowercase
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in letters}
            | {a + c + b for a, b in splits for c in letters})


def _american(word: str) -> list[str]:
    return [word[: -len(british)] + american for british, american in _BRITISH if word.endswith(british)]


class SpellingCorrector:
    """`candidates(word)`: the known words one slip from `word`, the likeliest first; nothing
    for a known word, a short one, or one with no known word near it."""

    def __init__(self, words: Iterable[str], popularity: Mapping[str, float] | None = None):
        self.words = frozenset(w for w in words if w.isalpha())
        self.popularity = popularity or {}

    @classmethod
    def from_english_index(cls, english_index: Mapping) -> "SpellingCorrector":
        """From an index's English map: its word keys and the words of its phrase keys; a word
        that names more Chinese words and sits in more phrases is a commoner word."""
        popularity: dict[str, float] = defaultdict(float)
        for word, chinese in english_index.get("words", {}).items():
            popularity[word] += sum(weight for _, weight in chinese)
        for phrase in english_index.get("phrases", {}):
            for word in phrase.split():
                popularity[word] += 0.5
        return cls(popularity, popularity)

    def candidates(self, word: str) -> list[str]:
        word = word.lower()
        if len(word) < MIN_LENGTH or word in self.words or not word.isalpha() or not word.isascii():
            return []
        british = [w for w in _american(word) if w in self.words]
        near = (one_slip(word) & self.words) - set(british)
        # The same first letter is likelier (a slip is seldom the first letter), then commoner words.
        ranked = sorted(near, key=lambda w: (w[:1] != word[:1], -self.popularity.get(w, 0.0), w))
        return british + ranked
