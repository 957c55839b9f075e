"""The English map saved with each index (english.json): English words and phrases → the
corpus's Chinese words, built from CC-CEDICT's glosses of the indexed words, the package's
supplement for policy English (english_supplement.tsv) and the terms' renderings. Queries read the saved map (see query_words) and never load CC-CEDICT."""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from typing import Iterable, Mapping

from ..analysis import termforms, variants
from ..analysis.chars import has_han
from ..model import Term
from .cedict import CEDICT_NOTICE, PARENTHESES, english_lexicon, glosses_of, is_offensive, load_cedict
from .supplement import supplement_rows
from .words import english_words, is_inflected, word_forms

def _index_form(word: str, lexicon: frozenset[str], whole: frozenset[str]) -> str:
    """The form a dictionary word is filed under: its base form when the dictionary knows it,
    unless it is a word of its own (an -ing or -ed form glossed alone, or a plural in PLURAL_WORDS)."""
    if is_inflected(word) and word in whole:
        return word
    for base in word_forms(word)[1:]:
        if base in lexicon:
            return base
    return word


# Per English key, at most this many Chinese words, and none below this share of the best.
MAX_WORDS_PER_KEY = 12
MIN_SHARE_OF_BEST = 0.15
MAX_DICTIONARY_PHRASE = 4           # longer glosses are descriptions nobody types
MAX_RENDERING_PHRASE = 8
SINGLE_CHARACTER_FACTOR = 0.8       # one character has many meanings; a word fewer
_CONFIDENCE_WEIGHT = {"official": 1.0, "attested": 0.9, "descriptive": 0.6}


def build_english_index(vocabulary_words: Iterable[str] | Mapping[str, object], terms: Iterable[Term] = (),
                        cedict_file: str | None = None, *, senses: tuple[dict, dict] | None = None) -> dict:
    """English → the corpus's Chinese words, from CC-CEDICT, the supplement for policy English
    (rural → 乡村, whatever CC-CEDICT says) and the terms' renderings.

    `vocabulary_words` are the indexed words (the matching form: Simplified, as in vocab.json);
    only those are looked up, so the map holds nothing the corpus lacks. Given word → count
    (vocab.json's "words"; the [count, reading] entries of older builds also do), the more
    frequent of equally good words comes first. With `terms`, each rendering (and each 'quoted name' inside one)
    also maps to the term's headword or aliases found in the vocabulary, so `zero-waste city`
    finds 无废城市.

    Weights: a sense counts 1/(1 + 0.25 × its rank among real senses), a synonym within it
    1/(1 + 0.1 × its position), "lit." glosses 0.6 and "fig." ones 0.9; a word's share of a
    synonym is 1/(its content words) (a place's name takes the whole: see `_gloss_words`);
    one-character words × 0.8. Classifier notes (CL:), cross-references (see, variant of,
    also written, used in, same as), surnames and classifier senses are not senses; "abbr. for X"
    takes X's first senses × 0.85.

    Returns {"version", "source", "words": {english: [[chinese, weight], ...]},
    "phrases": {"free trade zone": [[chinese, weight], ...]}, "withheld": [chinese, ...]}: JSON-ready, best first, weights
    in 0-1. English keys are lower-case, stop words dropped, filed under their base form
    (kindergartens → kindergarten, developing → develop); see `english_groups` for the query side.
    """
    counts = _counts(vocabulary_words)
    vocabulary = set(counts)
    words, phrases = join_senses([senses or dictionary_senses(vocabulary, cedict_file)])
    lexicon, whole = english_lexicon(cedict_file)
    form = lru_cache(maxsize=None)(lambda w: _index_form(w, lexicon, whole))

    def add(table, key: str, chinese: str, weight: float) -> None:
        if weight > table[key].get(chinese, 0.0):
            table[key][chinese] = weight

    for english, chinese_words in supplement_rows():
        keys = [form(w) for w in english_words(english)]
        if not keys:
            continue
        table, key = (phrases, " ".join(keys)) if len(keys) > 1 else (words, keys[0])
        for chinese, weight in chinese_words:
            chinese = variants.normalize(chinese)[0]
            if chinese in vocabulary:
                add(table, key, chinese, weight)

    for term in terms:
        targets = _term_words_in(term, vocabulary)
        for rendering in (r for r in term.english if r.is_translation):
            weight = _CONFIDENCE_WEIGHT.get(rendering.confidence, 0.6)
            for name in names_in_rendering(rendering.text):
                keys = [form(w) for w in english_words(name)]
                if not keys or len(keys) > MAX_RENDERING_PHRASE:
                    continue
                table, key = (phrases, " ".join(keys)) if len(keys) > 1 else (words, keys[0])
                for position, chinese in enumerate(targets):
                    add(table, key, chinese, weight * (1.0 if position == 0 else 0.9))

    cedict = load_cedict(cedict_file)
    return {
        "version": 1,
        "source": CEDICT_NOTICE,
        "words": _ranked(words, counts),
        "phrases": _ranked(phrases, counts),
        # Words CC-CEDICT has only as slurs (支那): searched when typed, never offered as a guess.
        "withheld": sorted(w for w in vocabulary if has_han(w) and is_offensive(w, cedict)),
    }


def dictionary_senses(vocabulary: Iterable[str], cedict_file: str | None = None) -> tuple[dict, dict]:
    """The CC-CEDICT part of `build_english_index`: ({english word: {chinese: weight}},
    {english phrase: {chinese: weight}}) for the Chinese words given. Each Chinese word adds
    its own entries, so the words can be split among processes and the results joined
    (`senses=` of build_english_index)."""
    cedict = load_cedict(cedict_file)
    lexicon, whole = english_lexicon(cedict_file)
    form = lru_cache(maxsize=None)(lambda w: _index_form(w, lexicon, whole))
    words: dict[str, dict[str, float]] = defaultdict(dict)
    phrases: dict[str, dict[str, float]] = defaultdict(dict)

    def add(table, key: str, chinese: str, weight: float) -> None:
        if weight > table[key].get(chinese, 0.0):
            table[key][chinese] = weight

    for chinese in vocabulary:
        if not has_han(chinese):
            continue
        factor = SINGLE_CHARACTER_FACTOR if len(chinese) == 1 else 1.0
        for entry in cedict.get(chinese, ()):
            for gloss in glosses_of(entry, cedict):
                keys = [form(w) for w in gloss.words]
                for position, key in enumerate(keys):
                    add(words, key, chinese, factor * gloss.word_weight(position))
                if 2 <= len(keys) <= MAX_DICTIONARY_PHRASE:
                    add(phrases, " ".join(keys), chinese, factor * gloss.weight)
    return dict(words), dict(phrases)


def join_senses(parts: Iterable[tuple[dict, dict]]) -> tuple[dict, dict]:
    """`dictionary_senses` of several sets of words, as one."""
    words: dict[str, dict[str, float]] = defaultdict(dict)
    phrases: dict[str, dict[str, float]] = defaultdict(dict)
    for part_words, part_phrases in parts:
        for table, found in ((words, part_words), (phrases, part_phrases)):
            for key, chinese in found.items():
                table[key].update(chinese)
    return words, phrases


def _counts(vocabulary_words) -> dict[str, int]:
    if not isinstance(vocabulary_words, Mapping):
        return {w: 0 for w in vocabulary_words}
    counts = {}
    for word, value in vocabulary_words.items():
        if isinstance(value, (list, tuple)):
            value = value[0] if value else 0
        counts[word] = value if isinstance(value, int) else 0
    return counts


def _ranked(table: Mapping[str, Mapping[str, float]], counts: Mapping[str, int]) -> dict[str, list[list]]:
    out = {}
    for key in sorted(table):
        scored = sorted(table[key].items(), key=lambda kv: (-round(kv[1], 3), -counts.get(kv[0], 0), kv[0]))
        best = scored[0][1]
        out[key] = [[w, round(s, 3)] for w, s in scored[:MAX_WORDS_PER_KEY] if s >= best * MIN_SHARE_OF_BEST]
    return out


def _term_words_in(term: Term, vocabulary: set[str]) -> list[str]:
    """The term's headword and aliases in their matching form, as far as the corpus has them."""
    found = []
    for form in (termforms.unquoted(term.simplified or term.term), *term.aliases):
        norm = variants.normalize(termforms.unquoted(form))[0].strip()
        if norm in vocabulary and norm not in found:
            found.append(norm)
    return found


_QUOTED_NAME = re.compile(r"'([^']+)'|\"([^\"]+)\"|‘([^’]+)’|“([^”]+)”")


def names_in_rendering(text: str) -> list[str]:
    """A rendering, the rendering without its parentheses, and any 'quoted name' or short
    parenthesis inside it: "zero-waste city (ZWC)" → zero-waste city, ZWC."""
    names = [PARENTHESES.sub(" ", text)]
    names += [next(g for g in m.groups() if g) for m in _QUOTED_NAME.finditer(text)]
    names += [m.group()[1:-1] for m in PARENTHESES.finditer(text) if len(m.group()) <= 30]
    seen, out = set(), []
    for name in names:
        key = " ".join(english_words(name))
        if key and key not in seen:
            seen.add(key)
            out.append(name)
    return out
