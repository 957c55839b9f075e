"""Spelling correction for English queries, toward English words whatever the collection
holds: every word of CC-CEDICT's glosses, of the packaged termbase's and supplement's English
and of the index's own renderings. A collection of one report knows few words, and a
correction made toward them only is often wrong (`zero wast city` → "want" rather than
"waste"); one made toward the language gives the same answer on any index. A word no list has
is matched to the words one slip away: a letter left out, added or changed, two neighbours
swapped, or a British spelling (labour, urbanisation, programme); a word that makes a known
phrase (a rendering, a dictionary gloss) with its neighbours is preferred."""
from __future__ import annotations

import string
from collections import defaultdict
from functools import lru_cache
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

    MIN_LENGTH = MIN_LENGTH

    def __init__(self, words: Iterable[str], popularity: Mapping[str, float] | None = None,
                 phrases: Iterable[str] = ()):
        self.words = frozenset(w for w in words if w.isalpha())
        self.popularity = popularity or {}
        # Known phrases (words in their filed forms, space-separated): a correction that makes
        # one with its neighbours is preferred (zero wast city → zero waste city).
        self.phrases = frozenset(phrases)

    @classmethod
    def for_index(cls, english_index: Mapping) -> "SpellingCorrector":
        """The language's English (`general_english`) and the index's own map: the index adds
        its renderings' words and phrases, never a preference, so a correction does not
        depend on how much the collection holds."""
        words, popularity, phrases = general_english()
        own = [*english_index.get("words", {}), *(w for p in english_index.get("phrases", {}) for w in p.split())]
        return cls(words | frozenset(own), popularity, phrases | frozenset(english_index.get("phrases", {})))

    def candidates(self, word: str) -> list[str]:
        word = word.lower()
        if len(word) < MIN_LENGTH or word in self.words or not word.isalpha() or not word.isascii():
            return []
        british = [w for w in _american(word) if w in self.words]
        near = (one_slip(word) & self.words) - set(british)
        # The same first letter is likelier (a slip is seldom the first letter), then commoner words.
        ranked = sorted(near, key=lambda w: (w[:1] != word[:1], -self.popularity.get(w, 0.0), w))
        return british + ranked


# A word of the termbase's English counts as this many dictionary glosses (policy words first).
TERMBASE_WORD_WEIGHT = 20


@lru_cache(maxsize=1)
def general_english() -> tuple[frozenset[str], dict[str, float], frozenset[str]]:
    """(words, popularity, phrases) of the English no collection changes: CC-CEDICT's glosses
    (a word's popularity: how many glosses hold it), the packaged termbase's renderings and
    the supplement's rows (their words weigh more, and their phrases are known phrases).
    Read once a process, from the dictionary's disk cache (about 0.1 s)."""
    from .cedict import english_word_counts
    from .renderings import load_renderings
    from .supplement import supplement_rows
    from .word_map import names_in_rendering
    from .words import english_words, word_forms

    popularity: dict[str, float] = defaultdict(float, english_word_counts())
    lexicon = popularity.keys()
    phrases: set[str] = set()

    def filed(word: str) -> str:        # the form the English map files a word under
        return next((f for f in word_forms(word)[1:] if f in lexicon), word)

    names = [name for rows in load_renderings().values() for r in rows if r.is_translation
             for name in names_in_rendering(r.text)]
    names += [english for english, _ in supplement_rows()]
    for name in names:
        words = english_words(name)
        for word in set(words):
            popularity[word] += TERMBASE_WORD_WEIGHT
        if len(words) > 1:
            phrases.add(" ".join(filed(w) for w in words))
    return frozenset(popularity), dict(popularity), frozenset(phrases)


# How many of the language's commonest words (by popularity) count as English a user types as a
# word of its own: long, fan, can, gun are; shi, li, wen, ji (glossed only as Chinese names and
# units) are not.
COMMON_WORDS = 3000


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    _, popularity, _ = general_english()
    return frozenset(sorted(popularity, key=lambda w: (-popularity[w], w))[:COMMON_WORDS])


def is_common_word(word: str) -> bool:
    """Whether `word` is among the COMMON_WORDS commonest words of the language's English."""
    return word.lower() in _common_words()
