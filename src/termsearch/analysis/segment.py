"""jieba segmentation of normalised (Simplified) text, with glossary words kept whole.

Two segmenters give the same words: rjieba (jieba-rs, compiled; used when installed) and
jieba itself (the fallback, or when TERMSEARCH_SEGMENTER=jieba). Both load jieba's own
dictionary; `bench/segmenter_agreement.py` measures how often their words differ on the corpus.
Only runs of the characters jieba cuts (its own pattern) are ever given to either, so both see
exactly what jieba alone would.

jieba cuts the matching form before 著 is folded to 着 (variants.REGIONAL_FOLDS): it knows
显著 and 著名, not 显着 and 着名 (which it is also taught, as OpenCC writes some of them). The
words it gives are folded, as the index and queries hold them.
"""
from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from itertools import accumulate
from pathlib import Path
from typing import NamedTuple

from . import jieba_route
from .variants import fold_regional

_lock = threading.Lock()
_segmenter: "JiebaSegmenter | RustSegmenter | None" = None
_registered: set[str] = set()

# jieba's dictionary gives a registered glossary word at least this frequency, so that jieba
# prefers the whole word over its parts.
REGISTERED_FREQUENCY = 50000

# The caches of what cutting found hold what a writer met most lately. Every process of a build
# counts in its 1 GB (issue 18.3): at 100,000 runs (200,000 words) a writer grew 78 MB cutting the
# reports folder, at 20,000 (40,000) 45 MB, hits 62% against 60% (_across_cuts 23% against 20%),
# for about a tenth more CPU in cutting (bench/cut_caches.py, bench/README).
RUN_CACHE = 20_000
WORD_CACHE = 2 * RUN_CACHE


class Token(NamedTuple):
    text: str
    start: int      # offsets into the normalised text
    end: int
    pos: int        # ordinal of the enclosing word; sub-words share their word's position


class JiebaSegmenter:
    """jieba itself, its routes found in one pass (jieba_route)."""

    name = "jieba"

    def __init__(self):
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        tokenizer.tmp_dir = os.environ.get("TERMSEARCH_CACHE") or tempfile.gettempdir()
        tokenizer.initialize()
        self._tokenizer = tokenizer
        self._freq = tokenizer.FREQ
        _add_folded_forms(self, {w: self._freq[w] for w in _words_with(self._freq, fold_characters())})
        self._route = jieba_route.install(tokenizer)

    def cut(self, run: str) -> list[str]:
        return list(self._tokenizer.cut(run, HMM=True))

    def has_word(self, word: str) -> bool:
        return bool(self._freq.get(word))

    def frequency(self, word: str) -> int:
        return self._freq.get(word) or 0

    def suggest_freq(self, word: str) -> int:
        return self._tokenizer.suggest_freq(word, tune=False)

    def add_word(self, word: str, freq: int) -> None:
        # A word added again replaces its frequency in the total too, as jieba-rs does (jieba
        # itself adds the new one to the total and keeps the old): both keep the same total.
        old = self._freq.get(word, 0)
        self._tokenizer.add_word(word, freq=freq)
        self._tokenizer.total -= old

    def words_added(self) -> None:
        self._route.refresh()       # add_word changed the frequencies and their total

    def two_character_words(self) -> frozenset[str]:
        freq = self._freq
        return frozenset(w for w in freq if len(w) == 2 and freq[w])


class RustSegmenter:
    """rjieba (jieba-rs) with the same dictionary (jieba-rs ships jieba's dict.txt; words
    added here are added there)."""

    name = "rjieba"

    def __init__(self):
        self._jieba = _rjieba_class()()
        self._cut = self._jieba.cut             # hmm=True by default, as jieba's cut
        self.has_word = self._jieba.has_word
        self._added: dict[str, int] = {}
        _add_folded_forms(self, _dictionary_with(fold_characters()))

    def cut(self, run: str) -> list[str]:
        words = self._cut(run)
        if _JIEBA_SPLITS_AT.search(run) is None:
            return words
        # jieba-rs keeps 1-2, u-key, district.ce.cn whole where jieba's HMM step splits letters
        # and digits from the signs between them (jieba.finalseg's re_skip): split them so too.
        has_word = self.has_word
        return [piece for word in words
                for piece in ((word,) if len(word) == 1 or has_word(word) or _HMM_HAN.search(word)
                              else filter(None, _HMM_SKIP.split(word)))]

    def frequency(self, word: str) -> int:
        if word in self._added:
            return self._added[word]
        if not self._jieba.has_word(word):
            return 0
        return _dictionary_with(word[0]).get(word, 0)

    def suggest_freq(self, word: str) -> int:
        return self._jieba.suggest_freq(word)

    def add_word(self, word: str, freq: int) -> None:
        self._jieba.add_word(word, freq, None)
        self._added[word] = freq

    def words_added(self) -> None:
        pass

    def two_character_words(self) -> frozenset[str]:
        return frozenset(_two_character_lines().findall(_dictionary_text())) | {
            w for w, f in self._added.items() if len(w) == 2 and f}


def _rjieba_class():
    """rjieba's Jieba, from its compiled module alone: importing the package builds a default
    Jieba at import (its own copy of the dictionary, ~25 MB resident) that termsearch never
    cuts with, in every process that cuts (a server, the builder, each writer)."""
    import importlib.machinery
    import importlib.util
    import sys

    name = "rjieba.rjieba"
    module = sys.modules.get(name)
    if module is None:
        package = importlib.util.find_spec("rjieba")
        if package is None or not package.submodule_search_locations:
            raise ImportError("rjieba is not installed")
        spec = importlib.machinery.PathFinder.find_spec(name, list(package.submodule_search_locations))
        if spec is None:
            raise ImportError("rjieba's compiled module is missing")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        # Registered under its own name: a later `import rjieba` takes this one (a compiled
        # module is initialised once a process).
        sys.modules[name] = module
    return module.Jieba


# jieba.finalseg's patterns: the Han characters its HMM cuts, and the letters and digits it
# gives whole among the other characters (each of which is a word of its own).
_HMM_HAN = re.compile("[\u4E00-\u9FD5]")
_HMM_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
# The characters of a run (jieba.re_han_default) that are neither Han, letters nor digits.
_JIEBA_SPLITS_AT = re.compile(r"[+#&._%\-]")


@cache
def _dictionary_text() -> str:
    """jieba's dict.txt ("word frequency tag" a line), which jieba-rs also ships: found without
    importing jieba (its import pulls in pkg_resources, ~0.3 s, where rjieba cuts)."""
    from importlib.util import find_spec

    found = find_spec("jieba")
    if found is None or found.origin is None:
        raise ImportError("jieba is not installed: termsearch needs its dictionary (pip install jieba)")
    return (Path(found.origin).parent / "dict.txt").read_text(encoding="utf-8")


@cache
def _two_character_lines() -> re.Pattern[str]:
    return re.compile(r"^(\S\S) [1-9]", re.MULTILINE)        # a frequency of 0 is not a word


def _dictionary_with(characters: str) -> dict[str, int]:
    """The dictionary's words that contain one of `characters`, with their frequencies: found
    in the file's text (str.find runs in C; a Python loop over 349k lines costs far more)."""
    text = _dictionary_text()
    found = {}
    for char in characters:
        at = text.find(char)
        while at != -1:
            start, end = text.rfind("\n", 0, at) + 1, text.find("\n", at)
            word, freq, *_ = text[start:end].split(" ")
            if char in word and int(freq):
                found[word] = int(freq)
            at = text.find(char, end)
    return found


def fold_characters() -> str:
    from .variants import REGIONAL_FOLDS

    return "".join(REGIONAL_FOLDS)


def _add_folded_forms(segmenter, words: dict[str, int]) -> None:
    """jieba's words with 著 also as 着: OpenCC's conversion to the matching form already writes
    some of them so (成绩显著 → 成绩显着), and they must stay whole words there."""
    folds = fold_characters()
    for word, freq in sorted(words.items()):
        if freq and any(c in word for c in folds):
            folded = fold_regional(word)
            if not segmenter.frequency(folded):
                segmenter.add_word(folded, freq)


def _words_with(words, characters: str) -> set[str]:
    """The words that contain one of `characters`: found in the words joined into one string
    (str.find runs in C; a Python loop over jieba's 350k words costs a tenth of a second)."""
    text = "\n" + "\n".join(words) + "\n"
    found = set()
    for char in characters:
        at = text.find(char)
        while at != -1:
            start, end = text.rfind("\n", 0, at) + 1, text.find("\n", at)
            found.add(text[start:end])
            at = text.find(char, end)
    return found


def chosen_segmenter() -> str:
    """The segmenter a process will cut with, without loading it: "rjieba" where installed,
    unless TERMSEARCH_SEGMENTER=jieba asks for jieba itself."""
    from importlib.util import find_spec

    wanted = os.environ.get("TERMSEARCH_SEGMENTER", "").strip().lower()
    return "rjieba" if wanted != "jieba" and find_spec("rjieba") is not None else "jieba"


def _make_segmenter():
    if chosen_segmenter() == "rjieba":
        try:
            return RustSegmenter()
        except ImportError:         # found but not loadable (a wheel for another platform)
            pass
    return JiebaSegmenter()


def _jieba():
    """Load the segmenter and its dictionary once, on first use (it costs ~0.3-1.5 s, so
    never at import)."""
    global _segmenter
    if _segmenter is None:
        with _lock:
            if _segmenter is None:
                _segmenter = _make_segmenter()
    return _segmenter


def segmenter_name() -> str:
    """Which segmenter this process cuts with: "rjieba" or "jieba"."""
    return _jieba().name


def load() -> None:
    """Load jieba's dictionary now (a build does it while the files are being read), and the
    longer words a build looks for across its cuts (once, before its writers fork)."""
    _jieba()
    _long_words()


def add_glossary_words(segmenter, words: Iterable[str]) -> list[str]:
    """Add glossary words to `segmenter` (either kind, the same way), returning those added."""
    added = []
    for word in dict.fromkeys(w.strip() for w in words):
        if len(word) >= 2 and " " not in word:
            # A high frequency makes jieba prefer the whole word over its parts.
            segmenter.add_word(word, max(segmenter.suggest_freq(word), REGISTERED_FREQUENCY))
            added.append(word)
    if added:
        segmenter.words_added()
    return added


def register_words(words: Iterable[str]) -> None:
    """Make glossary headwords and aliases single tokens (雙萬, 5080, 三区三线)."""
    added = add_glossary_words(_jieba(), [w for w in words if w.strip() not in _registered])
    if not added:
        return
    _registered.update(added)
    two_character_words.cache_clear()
    _sub_words.cache_clear()        # new words may be sub-words of words seen before
    _index_forms.cache_clear()
    _cut_run.cache_clear()


def use_words(words: Iterable[str]) -> None:
    """Make exactly these glossary words single tokens in this process: words an earlier build
    here registered and this one does not name are let go (the segmenter is loaded afresh), so
    an index's words never depend on what the process built before it."""
    global _segmenter
    wanted = {w.strip() for w in words}
    if _registered - wanted:
        with _lock:
            _segmenter = None
        _registered.clear()
        two_character_words.cache_clear()
        forget_words_seen()
    register_words(wanted)


def forget_words_seen() -> None:
    """Let go of what cutting text cached (runs and words seen: ~100 MB once a whole corpus
    has been cut), for a process that has finished cutting (a build's writer, before it
    merges its postings)."""
    for cached in (_cut_run, _index_forms, _sub_words, _is_word):
        cached.cache_clear()


@lru_cache(maxsize=WORD_CACHE)
def _is_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def segment(text: str) -> Iterator[Token]:
    """Words of `text` (the matching form, regional folds not applied: see the module's
    docstring) as jieba cuts it in default mode followed, for long words, by their dictionary sub-words.

    Sub-words make a word inside a longer word findable (汽车 inside 国际汽车城); they carry
    the position of the word they come from. As in jieba, each run of the characters it cuts
    is cut on its own, and the characters between runs are words of one character each (when
    they are letters or digits).
    """
    cut = _jieba().cut
    pos = 0
    start = 0
    for i, part in enumerate(_runs().split(text)):
        if not i % 2:
            for ch in part:
                if ch.isalnum():
                    yield Token(fold_regional(ch), start, start + 1, pos)
                    pos += 1
                start += 1
            continue
        for word in cut(part):
            end = start + len(word)
            if _is_word(word):
                for sub, i, j in _sub_words(word):
                    yield Token(fold_regional(sub), start + i, start + j, pos)
                yield Token(fold_regional(word), start, end, pos)
                pos += 1
            start = end


def index_words(text: str) -> list[str]:
    """The words `segment` yields, without their offsets: what a build counts into the index.

    A run seen before (official text repeats its phrases) is not cut again."""
    parts = _runs().split(text)         # between runs, a run, between runs, ..., between runs
    found: list[str] = []
    extend = found.extend
    for between, run in zip(parts[::2], parts[1::2]):
        if between:
            extend(filter(str.isalnum, between))
        cut = _cut_run(run)
        extend(cut.forms)
        if cut.across and _across_found is not None:
            _across_found.update(cut.across)
    if parts[-1]:
        extend(filter(str.isalnum, parts[-1]))
    return found


# jieba's own pattern for the runs it cuts (jieba.re_han_default: Han characters, letters, digits,
# a few signs), written here so that a process cutting with rjieba never imports jieba;
# tests/test_segment.py checks it is still jieba's.
RUNS_PATTERN = "([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)"


@cache
def _runs() -> re.Pattern[str]:
    """The runs jieba cuts, each on its own (RUNS_PATTERN; its group keeps them in a split)."""
    return re.compile(RUNS_PATTERN, re.U)


class RunCut(NamedTuple):
    forms: tuple[str, ...]      # what the index holds of the run: each word's sub-words, then the word
    words: tuple[str, ...]      # the words of jieba's cut, folded (punctuation and spaces left out)
    across: tuple[str, ...]     # the dictionary's longer words standing across its cuts (_across_cuts)


@lru_cache(maxsize=RUN_CACHE)
def _cut_run(run: str) -> RunCut:
    """Everything a build reads of a run, from one cut of it (once per distinct run: official
    text repeats its phrases; one cache where the forms and the words across cuts each had
    their own, and the cut a third)."""
    cut = _jieba().cut(run)
    forms: list[str] = []
    words: list[str] = []
    for word_forms in map(_index_forms, cut):
        if word_forms:
            forms += word_forms
            words.append(word_forms[-1])
    return RunCut(tuple(forms), tuple(words), _across_cuts(run, cut))


def run_words(run: str) -> tuple[str, ...]:
    """The words a build indexes of one run of the characters jieba cuts (RUNS_PATTERN)."""
    return _cut_run(run).forms


def cut_words(run: str) -> tuple[str, ...]:
    """The words of jieba's cut of one run, folded, as the index holds them (no sub-words)."""
    return _cut_run(run).words


@lru_cache(maxsize=WORD_CACHE)
def _index_forms(word: str) -> tuple[str, ...]:
    """A word's dictionary sub-words and the word itself (nothing for punctuation or spaces)."""
    if not _is_word(word):
        return ()
    return tuple(fold_regional(form) for form in (*(sub for sub, _, _ in _sub_words(word)), word))


def sub_words(word: str) -> tuple[str, ...]:
    """The dictionary words a build indexes inside `word` besides the word itself (沿海, 海港 and
    港口 inside 沿海港口): where a shorter word is found only as one of these, it does not stand
    as a word of its own there."""
    return _index_forms(word)[:-1]


@lru_cache(maxsize=WORD_CACHE)
def _sub_words(word: str) -> tuple[tuple[str, int, int], ...]:
    """Dictionary words inside a longer word, with their offsets in it (the same for every use
    of the word, so worked out once per distinct word)."""
    n = len(word)
    if n <= 2:
        return ()
    has_word = _jieba().has_word
    return tuple((word[i:i + size], i, i + size) for size in range(2, n) for i in range(n - size + 1)
                 if has_word(word[i:i + size]))


@cache
def two_character_words() -> frozenset[str]:
    """jieba's words of two characters (and those a build registered): the pairs of characters
    a build checks for being found where they are not a word of the index (index_build.py)."""
    return _jieba().two_character_words()


def indexed_inside_words(word: str) -> bool:
    """Whether `word` is indexed where it stands inside a longer word (a sub-word: a word of
    jieba's dictionary, or one a build registered)."""
    return _jieba().has_word(word)


@lru_cache(maxsize=4096)
def dictionary_entry(word: str) -> tuple[int, str]:
    """(frequency, part-of-speech tag) of `word` in jieba's own dictionary ((0, "") when it is
    not a word of it), read from its file without loading the segmenter: its line
    ("word frequency tag") found in one search."""
    if not word:
        return 0, ""
    text = _dictionary_text()
    if text.startswith(word + " "):
        at = 0
    else:
        at = text.find(f"\n{word} ") + 1
        if at == 0:
            return 0, ""
    end = text.find("\n", at)
    fields = text[at:end if end != -1 else len(text)].split(" ")
    if len(fields) < 2 or not fields[1].isdigit():
        return 0, ""
    return int(fields[1]), fields[2] if len(fields) > 2 else ""


def dictionary_frequency(word: str) -> int:
    """How often jieba's own dictionary counts `word` (0: not a word of it)."""
    return dictionary_entry(word)[0]


def in_dictionary(word: str) -> bool:
    """Whether `word` is a word of jieba's own dictionary (glossary words registered by a build
    do not count: they are the corpus's terms, not the language's words)."""
    return word not in _registered and _jieba().has_word(word)


# Words of three characters or more that jieba cut across (自治权 in 自治|权利), found while a
# build cuts its paragraphs (start_words_across_cuts .. take_words_across_cuts): the build keeps
# those of its vocabulary (across_cuts.json) and a query for one also reads the characters' index.
_across_found: set[str] | None = None


def start_words_across_cuts() -> None:
    global _across_found
    _across_found = set()


def take_words_across_cuts() -> set[str]:
    global _across_found
    found, _across_found = _across_found or set(), None
    return found


@cache
def _long_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """jieba's words of three characters or more (its file's: a glossary word registered is
    preferred by jieba, so rarely cut across, and these stay as loaded); their beginnings of
    three characters or more (a run is extended while some word begins so); and every three
    characters in a row inside them (a cut no such three cross is not looked at further)."""
    words = set(re.findall(r"^(\S{3,}) [1-9]", _dictionary_text(), re.MULTILINE))
    return (frozenset(words), frozenset(w[:i] for w in words for i in range(3, len(w))),
            frozenset(w[i:i + 3] for w in words for i in range(len(w) - 2)))


def _across_cuts(run: str, cut: list[str]) -> tuple[str, ...]:
    """The dictionary's words of three characters or more that stand in `run` across one of
    jieba's cuts (`cut`). Such a word holds
    three characters in a row across the cut, so only cuts where those are inside some word are
    looked at: from each start in the word before, the shortest piece across the cut, extended
    while some word begins so (a word across several cuts is found at its first)."""
    if len(cut) < 2:
        return ()
    words, beginnings, threes = _long_words()
    ends = list(accumulate(map(len, cut)))
    ends.pop()
    # Most runs have no cut such three cross: told apart by set operations, in C.
    if threes.isdisjoint([run[end - 2:end + 1] for end in ends]) and \
            threes.isdisjoint([run[end - 1:end + 2] for end in ends]):
        return ()
    found, n = [], len(run)
    for before, end in zip([0, *ends], ends):
        if run[end - 2:end + 1] not in threes and run[end - 1:end + 2] not in threes:
            continue
        for s in range(before, end):
            e = max(end + 1, s + 3)
            while e <= n:
                piece = run[s:e]
                if piece in words:
                    found.append(fold_regional(piece))
                if piece not in beginnings:
                    break
                e += 1
    return tuple(found)
