"""An English query read against the saved English map (word_map): the Chinese words each of
its words and phrases may mean."""
from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from typing import Callable, Container, Iterable, Mapping, Sequence

from ..analysis import pinyin
from .spelling import SpellingCorrector
from .word_map import MAX_RENDERING_PHRASE
from .words import derived_forms, english_words, is_inflected, word_forms

@dataclass
class EnglishMatch:
    """One word or phrase of an English query and the Chinese words it became (best first)."""

    english: str                        # as typed (a word, or a phrase of several)
    words: list[tuple[str, float]]      # empty: the dictionary has no word of the corpus for it
    phrase: bool = False
    corrected: str = ""                 # the spelling searched instead, when a word was misspelt


DERIVED_WEIGHT = 0.9
# A word's best weight below this: no Chinese word has it alone in one of its first senses (a
# word of a gloss of two or more words gets at most 0.5 of it).
WHOLE_GLOSS = 0.6
# Parts of an English query whose Chinese may make one shorthand in a row (Four Good Rural Roads).
MAX_COMPOSED_PARTS = 6
_QUERY_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:['’][A-Za-z]+)?")


def english_groups(query: str, english_index: Mapping, limit: int = 8,
                   corrector: SpellingCorrector | Callable[[], SpellingCorrector] | None = None,
                   known: Container[str] = (),
                   points_to: Callable[[list[str]], bool] | None = None) -> list[EnglishMatch]:
    """Read an English query word by word, preferring the longest dictionary phrase:
    `zero-waste city` → [zero waste → 零废弃, city → 城市] (or one phrase if a rendering has it).

    Each group's words are the alternatives for that part (search them OR'ed; AND the groups).
    No CC-CEDICT is loaded; only `english_index` (from `build_english_index`) is read. With a
    `corrector` (or a function that makes one, called only when a word is unknown), a word the
    map lacks is read as the known word one slip away, preferring one that makes a phrase with
    its neighbours (`zero wast city` → zero waste city); the group says so in `corrected`.
    Words in `known` (English the collection has elsewhere) are never corrected. `points_to(words)`
    says whether the query's words (one mended) are the words of a rendering the rest of the query
    points to: a correction that makes no phrase but does that is preferred (zero-wast 城市: waste,
    of "zero-waste city", not the commoner west).
    """
    words_table: Mapping[str, list] = english_index.get("words", {})
    phrase_table: Mapping[str, list] = english_index.get("phrases", {})
    # Numbers are not English words: the Chinese query parser searches them as written.
    typed = [t for t in _QUERY_WORD.findall(query) if english_words(t) and not t.isdigit()]
    tokens = [english_words(t)[0] for t in typed]
    fixed = _corrected(tokens, words_table, phrase_table, corrector, known, points_to) if corrector else {}
    tokens = [fixed.get(i, token) for i, token in enumerate(tokens)]
    # Each token's forms worked out once: every phrase tried at each start asks for them again.
    forms = [_phrase_forms(token) for token in tokens] if len(tokens) > 1 else []
    groups: list[EnglishMatch] = []
    i = 0
    while i < len(tokens):
        matched = False
        for length in range(min(MAX_RENDERING_PHRASE, len(tokens) - i), 1, -1):
            found = _phrase_lookup(tokens[i:i + length], phrase_table, forms[i:i + length])
            if found:
                corrected = " ".join(tokens[i:i + length]) if fixed.keys() & set(range(i, i + length)) else ""
                groups.append(EnglishMatch(" ".join(typed[i:i + length]), _top(found, limit), True, corrected))
                i += length
                matched = True
                break
        if matched:
            continue
        groups.append(EnglishMatch(typed[i], _top(_word_lookup(tokens[i], words_table), limit),
                                   corrected=tokens[i] if i in fixed else ""))
        i += 1
    return groups


def is_known(token: str, words_table: Mapping[str, list]) -> bool:
    """Whether the English map has the word (or the base form it is a plural or -ing/-ed of, or
    the verb it is a noun of: revitalization → revitalize)."""
    return any(form in words_table for form in (*word_forms(token), *derived_forms(token)))


def reads_as_english(token: str, words_table: Mapping[str, list]) -> bool:
    """Whether the English map has the word as a word of its own: some Chinese word has it in
    one of its first senses. `zhen` is known only inside a name's gloss (镇安, Zhen'an County):
    typed beside English words it is pinyin, not English."""
    return max(_word_lookup(token, words_table).values(), default=0.0) >= WHOLE_GLOSS


def _corrected(tokens: list[str], words_table: Mapping[str, list], phrase_table: Mapping[str, list],
               corrector, known: Container[str] = (),
               points_to: Callable[[list[str]], bool] | None = None) -> dict[int, str]:
    """{position: English word} for the words the map lacks that a word of the language is one
    slip from (the corrector's words, not only the index's: see spelling)."""
    fixed: dict[int, str] = {}
    for i, token in enumerate(tokens):
        if is_known(token, words_table) or pinyin.reads_as_syllables(token) or token in known:
            continue                        # pinyin (zhenxing) is not a misspelt English word
        if not isinstance(corrector, SpellingCorrector):
            corrector = corrector()         # made only when a word is unknown
        if any(form in corrector.words for form in (*word_forms(token), *derived_forms(token))):
            continue                        # an English word this collection has no Chinese for
        options = list(dict.fromkeys(c for form in word_forms(token) for c in corrector.candidates(form)))
        if not options:
            continue

        def makes_phrase(option: str) -> bool:
            trial = [fixed.get(j, t) for j, t in enumerate(tokens)]
            trial[i] = option
            return any(_phrase_lookup(trial[start:end], phrase_table) or _is_phrase(trial[start:end], corrector.phrases)
                       for start in range(max(0, i - 3), i + 1)
                       for end in range(max(start + 2, i + 1), min(len(trial), start + 4) + 1))

        def with_option(option: str) -> list[str]:
            trial = [fixed.get(j, t) for j, t in enumerate(tokens)]
            trial[i] = option
            return trial

        fixed[i] = next((o for o in options[:8] if makes_phrase(o)), None) or \
            next((o for o in options[:8] if points_to is not None and points_to(with_option(o))), options[0])
    return fixed


def _is_phrase(tokens: list[str], phrases: frozenset[str]) -> bool:
    options = [word_forms(token)[:2] + derived_forms(token)[:1] for token in tokens]
    return any(" ".join(combination) in phrases for combination in itertools.product(*options))


def english_to_chinese(query: str, english_index: Mapping, limit: int = 8) -> list[tuple[str, float]]:
    """The corpus's Chinese words for an English query, best first (all parts together).

    `kindergarten` → [('幼儿园', 1.0), ...]; a query with no English match gives [].
    """
    best: dict[str, float] = {}
    for group in english_groups(query, english_index, limit):
        for word, score in group.words:
            best[word] = max(best.get(word, 0.0), score)
    return sorted(best.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[:limit]


def _word_lookup(token: str, table: Mapping[str, list]) -> dict[str, float]:
    """A query word: as typed if the index files it so (training, news), else its base form;
    an -ing/-ed word also brings in its base form's words at half weight (developing → develop);
    a noun the map lacks, its verb's (revitalization → revitalize)."""
    scores: dict[str, float] = {}
    forms = word_forms(token)
    primary = next((f for f in forms if f in table), None)
    if primary is None:
        # A noun the map lacks, as the verb it is made from (CC-CEDICT glosses 振兴 "to
        # revitalize"; a query says "revitalization"), a little below the word itself.
        source = next((f for f in derived_forms(token) if f in table), None)
        return {chinese: weight * DERIVED_WEIGHT for chinese, weight in table[source]} if source else scores
    for chinese, weight in table[primary]:
        scores[chinese] = weight
    if primary == token and is_inflected(token):
        base = next((f for f in forms[1:] if f in table), None)
        if base is not None:
            for chinese, weight in table[base]:
                scores[chinese] = max(scores.get(chinese, 0.0), weight * 0.5)
    if max(scores.values(), default=0.0) < WHOLE_GLOSS:
        # Known only inside longer glosses (pollution: 大气污染 "air pollution"; CC-CEDICT
        # glosses 污染 "to pollute"): the word it is made from as well, a little below.
        source = next((f for f in derived_forms(primary) if f in table), None)
        for chinese, weight in table[source] if source else ():
            scores[chinese] = max(scores.get(chinese, 0.0), weight * DERIVED_WEIGHT)
    return scores


def _phrase_forms(token: str) -> list[str]:
    """The forms of a word a phrase key may file it under (_phrase_lookup)."""
    return word_forms(token) + derived_forms(token)


def _phrase_lookup(tokens: list[str], phrases: Mapping[str, list],
                   forms: list[list[str]] | None = None) -> dict[str, float]:
    # Phrase keys were filed word by word under the dictionary's base forms, which the query
    # side cannot know for words the corpus lacks: try each word's forms (few: 2-4 each;
    # `forms`: each token's _phrase_forms, when the caller has them already).
    options = forms or [_phrase_forms(token) for token in tokens]
    if math.prod(len(o) for o in options) > 512:
        options = [o[:2] for o in options]
    for combination in itertools.product(*options):
        found = phrases.get(" ".join(combination))
        if found:
            return {chinese: weight for chinese, weight in found}
    return {}


def _top(scores: Mapping[str, float], limit: int) -> list[tuple[str, float]]:
    # Ties keep the map's order, the more used word first (china: 中国 before 中华).
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if not ranked:
        return []
    best = ranked[0][1]
    return [(w, s) for w, s in ranked if s >= best * 0.25][:limit]


def prefix_table(words: Iterable[str]) -> dict[str, bool]:
    """{every leading part of each word: whether it is a whole word}, for `composed_words`."""
    table: dict[str, bool] = {}
    for word in words:
        for end in range(1, len(word)):
            table.setdefault(word[:end], False)
        table[word] = True
    return table


def composed_words(groups: Sequence[Sequence[str]], prefixes: Mapping[str, bool],
                   longest: int = MAX_COMPOSED_PARTS) -> list[tuple[int, int, str]]:
    """The words of `prefixes` (see prefix_table) made of consecutive parts' Chinese in a row:
    an English query that renders a shorthand word for word (`Four Good Rural Roads`: 四 好
    农村 路 → 四好农村路). Each found as (first part, part after the last, word), the longest
    first where spans overlap. Only leading parts of a word are followed, so long queries cost
    no more than their parts' words."""
    found: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for start in range(len(groups)):
        best: tuple[int, str] | None = None
        # (word so far, the part after it)
        stack = [(chinese, start + 1) for chinese in groups[start] if chinese in prefixes]
        while stack:
            word, end = stack.pop()
            if prefixes[word] and end - start >= 2 and (best is None or end > best[0]):
                best = (end, word)
            if end < len(groups) and end - start < longest:
                stack.extend((word + chinese, end + 1) for chinese in groups[end] if word + chinese in prefixes)
        if best is not None and not taken & set(range(start, best[0])):
            found.append((start, best[0], best[1]))
            taken.update(range(start, best[0]))
    return found
