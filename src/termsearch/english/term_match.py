"""Glossary terms found by their English renderings (case, punctuation, plurals, -ing/-ed and
word order forgiven), and the packaged termbase's shorthand by its English typed whole."""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from itertools import permutations
from typing import Callable, Iterable, Mapping

from ..model import Rendering, Term
from .renderings import load_renderings
from .word_map import names_in_rendering
from .words import english_words, word_forms

_RENDERING_ORDER_FACTOR = 0.97      # a term's later renderings count a little less than its first
_CONFIDENCE_MATCH = {"official": 1.0, "attested": 0.95, "descriptive": 0.9}
MIN_TERM_SCORE = 0.2


class EnglishTermMatcher:
    """Glossary terms by their English renderings (and the renderings' notes); built once per
    glossary, then `match` per query. Case, punctuation, plurals and -ing/-ed do not matter."""

    def __init__(self, terms: Iterable[Term]):
        self.terms = list(terms)
        self._names: list[tuple[int, list[frozenset[str]], float]] = []
        self._notes: list[tuple[int, list[frozenset[str]]]] = []
        for index, term in enumerate(self.terms):
            for order, rendering in enumerate(r for r in term.english if r.is_translation):
                weight = _CONFIDENCE_MATCH.get(rendering.confidence, 0.9) * _RENDERING_ORDER_FACTOR ** min(order, 1)
                self._names.append((index, _forms_of(rendering.text), weight))
                if rendering.note:
                    self._notes.append((index, _forms_of(rendering.note)))
            for latin in (term.term, *term.aliases):     # IP, 5G: a Latin headword is English too
                if latin.isascii() and re.search(r"[A-Za-z]", latin):
                    self._names.append((index, _forms_of(latin), 1.0))
        # Which names and notes hold a word form: a query scores only those (large glossaries).
        self._names_with: dict[str, set[int]] = defaultdict(set)
        self._notes_with: dict[str, set[int]] = defaultdict(set)
        for table, items in ((self._names_with, self._names), (self._notes_with, self._notes)):
            for position, item in enumerate(items):
                for forms in item[1]:
                    for form in forms:
                        table[form].add(position)

    def match(self, query: str) -> list[tuple[Term, float]]:
        wanted = [set(word_forms(w)) for w in english_words(query)]
        if not wanted:
            return []
        names = set().union(*(self._names_with.get(f, ()) for forms in wanted for f in forms))
        notes = set().union(*(self._notes_with.get(f, ()) for forms in wanted for f in forms))
        best: dict[int, float] = {}
        for position in names:
            index, name, weight = self._names[position]
            score = _name_score(wanted, name) * weight
            if score > best.get(index, 0.0):
                best[index] = score
        # A note is a researcher's prose: one word in it (china in "the 15th city in China") says
        # nothing of what the term is called; a phrase of the query in it does.
        for position in notes if len(wanted) > 1 else ():
            index, note = self._notes[position]
            if _contiguous(wanted, note):
                score = 0.35
                if score > best.get(index, 0.0):
                    best[index] = score
        ranked = sorted((i for i in best if best[i] >= MIN_TERM_SCORE), key=lambda i: (-best[i], i))
        return [(self.terms[i], round(best[i], 3)) for i in ranked]


    def whole(self, query: str) -> list[Term]:
        """Terms one of whose renderings is the query itself, word for word in any order
        (plurals, -ing/-ed and case forgiven): a rendering pasted whole."""
        wanted = [set(word_forms(w)) for w in english_words(query)]
        if not wanted:
            return []
        positions = set.intersection(*(
            set().union(*(self._names_with.get(f, set()) for f in forms)) for forms in wanted))
        found = set()
        for position in positions:
            index, name, _ = self._names[position]
            if len(name) == len(wanted) and all(any(_same(w, f) for w in wanted) for f in name):
                found.add(index)
        return [self.terms[i] for i in sorted(found)]


def in_typed_order(query: str, rendering: str) -> bool:
    """Whether the query's words stand in the order of one of the rendering's names (or its
    leading words: Belt and Road), each the name's word at its place (case, plurals, -ing/-ed
    and stop words forgiven): `city zero waste` is "zero-waste city" in another order."""
    wanted = [set(word_forms(w)) for w in english_words(query)]
    return any(len(wanted) <= len(name) and all(_same(w, f) for w, f in zip(wanted, name))
               for name in map(_forms_of, names_in_rendering(rendering)))


def parts_in_typed_order(parts: list[tuple[str, list[str] | None]], rendering: str,
                         chinese_of: Callable[[str], set[str]]) -> bool:
    """Whether a query mixing English with Chinese (`parts` in the order typed, as
    TermbaseByEnglish.with_chinese takes them) stands in the order of one of the rendering's
    names (or its leading words): each English word the name's word at its place, each Chinese
    part the Chinese of the word (or of up to MAX_PHRASE_WORDS words) at its place. `Road Belt
    倡议` is "Belt and Road Initiative" in another order; `zero-waste 城市` is in its order."""
    def fits(at: int, rest: list, forms: list[frozenset[str]], words: list[str]) -> bool:
        if not rest:
            return True
        (text, chinese), later = rest[0], rest[1:]
        if chinese is None:
            typed = _forms_of(text)
            end = at + len(typed)
            return end <= len(forms) and all(_same(w, f) for w, f in zip(typed, forms[at:end])) and \
                fits(end, later, forms, words)
        slot = set(chinese)
        return any(at + n <= len(words) and slot & chinese_of(" ".join(words[at:at + n]))
                   and fits(at + n, later, forms, words) for n in range(1, MAX_PHRASE_WORDS + 1))

    return any(fits(0, list(parts), _forms_of(name), english_words(name)) for name in names_in_rendering(rendering))


def same_words(query: str, rendering: str) -> bool:
    """Whether the query is one of the rendering's names word for word, in any order."""
    wanted = [set(word_forms(w)) for w in english_words(query)]
    return any(len(name) == len(wanted) and all(any(_same(w, f) for w in wanted) for f in name)
               for name in map(_forms_of, names_in_rendering(rendering)))


def match_terms_in_english(query: str, terms: Iterable[Term]) -> list[tuple[Term, float]]:
    """Glossary terms whose English renderings match an English query, best first (0-1).

    `little giant` → 专精特新“小巨人”企业, `zero waste city` → “無廢城市”, `Sharp Eyes` → “雪亮工程”.
    For many queries over one glossary, keep an `EnglishTermMatcher` instead.
    """
    return EnglishTermMatcher(terms).match(query)


def _forms_of(text: str) -> list[frozenset[str]]:
    return [frozenset(word_forms(w)) for w in english_words(text)]


def _same(wanted: set[str], forms: frozenset[str]) -> bool:
    return not wanted.isdisjoint(forms)


def _contiguous(wanted: list[set[str]], name: list[frozenset[str]]) -> bool:
    n = len(wanted)
    return any(all(_same(wanted[k], name[start + k]) for k in range(n)) for start in range(len(name) - n + 1))


def _name_score(wanted: list[set[str]], name: list[frozenset[str]]) -> float:
    """1.0 for the whole name; a run of it scores by how much of it the query covers; all query
    words in any order less; at least half of a multi-word query least."""
    if not name:
        return 0.0
    n, m = len(wanted), len(name)
    if _contiguous(wanted, name):
        return 1.0 if n == m else 0.6 + 0.3 * n / m
    found = sum(any(_same(w, f) for f in name) for w in wanted)
    if found == n:
        return 0.5 + 0.2 * n / m
    if n >= 2 and found * 2 >= n:
        return 0.3 * found / n
    return 0.0


# Rows that stand for the shorthand everywhere: a region's own label (两区: 北京) is not what
# someone typing its English in another region's reports means; our own descriptive English
# is nobody's name for it.
EVERYWHERE = ("", "national", "中国")
SOURCED = ("official", "attested")
# The head words that say what kind of programme a name is, not which (Belt and Road Initiative).
GENERIC_HEADS = frozenset({"initiative", "strategy", "program", "programme", "project", "plan", "campaign",
                           "goal", "action", "policy"})


class TermbaseByEnglish:
    """Termbase keys by a rendering typed word for word (any order, case, plurals, -ing/-ed)."""

    def __init__(self, renderings: Mapping[str, list[Rendering]]):
        self._names: list[tuple[str, list[frozenset[str]], Rendering]] = []
        self._words: list[list[str]] = []      # each name's words as written (lower case), for their Chinese
        self._with: dict[str, set[int]] = defaultdict(set)
        self.keys: set[str] = set()         # those with a sourced English meant everywhere
        for key, rows in renderings.items():
            for rendering in rows:
                if not rendering.is_translation or rendering.confidence not in SOURCED or \
                        rendering.scope not in EVERYWHERE:
                    continue
                self.keys.add(key)
                for position, name in enumerate(names_in_rendering(rendering.text)):
                    forms, words = _forms_of(name), english_words(name)
                    # People type a programme's name without its generic head word (Belt and
                    # Road; dual carbon): that is the name too, where two words or more remain
                    # (of the whole rendering only: a quoted name's last word is its own).
                    shorter = [forms[:-1]] if position == 0 and len(forms) >= 3 and forms[-1] & GENERIC_HEADS else []
                    for named in (forms, *shorter):
                        if len(named) < 2:      # one word (Two, IP) names too many things
                            continue
                        for form in named:
                            for f in form:
                                self._with[f].add(len(self._names))
                        self._names.append((key, named, rendering))
                        self._words.append(words[:len(named)])

    def _holding_every(self, wanted: list) -> set[int]:
        """The renderings (positions) with a form of every wanted word."""
        return set.intersection(*(set().union(*(self._with.get(f, set()) for f in forms)) for forms in wanted))

    def whole(self, query: str) -> list[tuple[str, Rendering]]:
        """(key, the rendering it matched) of each termbase key one of whose renderings is the
        query, word for word; a key once, with its first matching rendering."""
        wanted = _forms_of(query)
        if len(wanted) < 2:
            return []
        candidates = self._holding_every(wanted)
        found: dict[str, Rendering] = {}
        for position in sorted(candidates):
            key, name, rendering = self._names[position]
            if len(name) == len(wanted) and all(any(_same(w, f) for w in wanted) for f in name):
                found.setdefault(key, rendering)
        # A rendering typed in its own order before one whose words were typed in another.
        return sorted(found.items(), key=lambda item: not in_typed_order(query, item[1].text))

    def holds(self, words: list[str], key_holds: Callable[[str], bool] = lambda key: True) -> bool:
        """Whether one rendering has every one of `words` (each its own word of the name; forms
        forgiven) and its key passes `key_holds`: what a slip's mending may lean on (zero wast
        with 城市: "zero-waste city", 无废城市)."""
        wanted = [set(word_forms(w)) for w in words]
        if not wanted:
            return False
        candidates = self._holding_every(wanted)
        return any(_left_over(wanted, self._names[position][1]) is not None and key_holds(self._names[position][0])
                   for position in candidates)

    def with_chinese(self, parts: list[tuple[str, list[str] | None]],
                     chinese_of: Callable[[str], set[str]]) -> list[tuple[str, Rendering]]:
        """(key, rendering) of each termbase key one of whose renderings the query is, word for
        word, with some of its words typed as Chinese or pinyin (zero-waste 城市 → 无废城市, whose
        English is "zero-waste city"). `parts`, in the order typed: (English, None) or (typed, the
        Chinese words it was read as). The English parts match words of the rendering as `whole`
        does; each other part must be the Chinese `chinese_of` gives one of the words left, or,
        for a part alone, all of them as one phrase."""
        wanted = [forms for text, chinese in parts if chinese is None for forms in _forms_of(text)]
        slots = [set(chinese) for _, chinese in parts if chinese is not None]
        if not wanted or not slots or not all(slots) or len(slots) > MAX_CHINESE_PARTS:
            return []
        candidates = self._holding_every(wanted)
        found: dict[str, Rendering] = {}
        for position in sorted(candidates):
            key, name, rendering = self._names[position]
            if key in found or len(name) < len(wanted) + len(slots):
                continue
            left = _left_over(wanted, name)
            if left is not None and _typed_as_chinese(slots, [self._words[position][i] for i in left], chinese_of):
                found[key] = rendering
        return list(found.items())


# At most this many parts of a query typed as Chinese in a rendering (each tried against each word left).
MAX_CHINESE_PARTS = 3
MAX_PHRASE_WORDS = 3


def _left_over(wanted: list[set[str]], name: list[frozenset[str]]) -> list[int] | None:
    """The positions of the name's words no query word matched (each query word matching its own
    word of the name), or None when a query word matches none."""
    used: set[int] = set()
    for forms in wanted:
        match = next((i for i, f in enumerate(name) if i not in used and _same(forms, f)), None)
        if match is None:
            return None
        used.add(match)
    return [i for i in range(len(name)) if i not in used]


def _typed_as_chinese(slots: list[set[str]], words: list[str], chinese_of: Callable[[str], set[str]]) -> bool:
    """Whether the parts typed as Chinese stand for these words: one word each, or one part for
    them all, read as one phrase."""
    if len(slots) == len(words):
        readings = [chinese_of(w) for w in words]
        return any(all(slot & readings[i] for slot, i in zip(slots, order))
                   for order in permutations(range(len(words))))
    return len(slots) == 1 and 1 < len(words) <= MAX_PHRASE_WORDS and bool(slots[0] & chinese_of(" ".join(words)))


@lru_cache(maxsize=1)
def packaged_termbase() -> TermbaseByEnglish:
    """The packaged renderings files (renderings.csv, termbase.csv), read once a process."""
    return TermbaseByEnglish(load_renderings())
