"""One concept, many sources: the glossary terms of several documents that share a headword,
and whether their definitions say the same thing (computed, never assumed).

Two definitions are compared by the character bigrams they share, as a share of the shorter
one's (the overlap coefficient): a short definition that a longer one spells out (四风:
形式主义、官僚主义… / 是指形式主义，群众反映最突出的是…) scores high, two that explain
different things (三个一批: 签约一批项目… / 打造一批平台企业…) low. Before comparing,
each definition is normalised (script, variants, width), numbers become one placeholder (a
year or an amount that changed says nothing of the meaning), the headword and the words that
only introduce a definition (是指, 即 …) are dropped, and punctuation splits the text into runs
(no bigram spans a comma). `SAME_MEANING` was chosen on hand-labelled pairs of real
definitions (bench/concept_pairs.tsv, measured by bench/concepts.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .analysis import termforms, variants
from .model import Term

# The best threshold on the tune part of bench/concept_pairs.tsv (python bench/concepts.py --sweep);
# the overlap coefficient did better there than Dice and Jaccard of the same bigrams.
SAME_MEANING = 0.35

_NUMBER = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
_LEAD = re.compile(r"^(?:即是指|就是指|主要是指|是指|主要指|也就是|就是|即|指|是)")
_RUN_BREAK = re.compile(r"[^\w]+|_")


def concept_key(term: Term) -> str:
    """The headword with scripts, variants, width, quote marks and spaces ignored: 雙萬, 双万 and
    “双万” share one key."""
    return re.sub(r"\s+", "", variants.normalize(termforms.unquoted(term.term))[0])


def definition_bigrams(definition: str, headword: str = "") -> frozenset[str]:
    """What a definition says, as the set of character bigrams compared between definitions."""
    text = variants.normalize(termforms.unquoted(definition))[0]
    headword = variants.normalize(termforms.unquoted(headword))[0].strip()
    if headword:
        text = text.replace(headword, " ")
    text = _LEAD.sub("", text.strip())
    text = _NUMBER.sub("0", text)
    grams: set[str] = set()
    for run in _RUN_BREAK.split(text.lower()):
        if len(run) == 1:
            grams.add(run)
        grams.update(run[i:i + 2] for i in range(len(run) - 1))
    return frozenset(grams)


def similarity(a: str, b: str, headword: str = "") -> float:
    """How much two definitions say the same thing, 0 to 1 (see the module docstring)."""
    grams_a, grams_b = definition_bigrams(a, headword), definition_bigrams(b, headword)
    if not grams_a or not grams_b:
        return 0.0
    return len(grams_a & grams_b) / min(len(grams_a), len(grams_b))


def same_meaning(a: str, b: str, headword: str = "") -> bool:
    return similarity(a, b, headword) >= SAME_MEANING


@dataclass
class Concept:
    key: str
    terms: list[Term]           # every definition of the headword, one per source
    senses: list[int]           # for each term, the number (1, 2 …) of the meaning it gives

    @property
    def agree(self) -> bool:
        """Whether every definition says the same thing."""
        return len(set(self.senses)) <= 1


def concepts_of(terms: list[Term]) -> dict[str, list[Term]]:
    """The terms grouped by concept key, in the order given."""
    groups: dict[str, list[Term]] = {}
    for term in terms:
        groups.setdefault(concept_key(term), []).append(term)
    return groups


def concept(term: Term, terms: list[Term]) -> Concept:
    """The concept `term` belongs to: its headword's definitions from every source, `term`
    first, grouped into meanings (definitions that agree, directly or through another, share
    a meaning; the first meaning is `term`'s)."""
    key = concept_key(term)
    members = [term] + [t for t in terms if t.id != term.id and concept_key(t) == key]
    parent = list(range(len(members)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    grams = [definition_bigrams(t.definition, key) for t in members]
    for i in range(len(members)):
        for j in range(i + 1, len(members)):
            if _overlap(grams[i], grams[j]) >= SAME_MEANING:
                parent[root(j)] = root(i)
    numbers: dict[int, int] = {}
    senses = [numbers.setdefault(root(i), len(numbers) + 1) for i in range(len(members))]
    return Concept(key, members, senses)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0
