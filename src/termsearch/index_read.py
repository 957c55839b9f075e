"""Reading an index: the live build of an index folder opened for searches and pages (OpenIndex),
or, when it is damaged, the newest whole build still on disk."""
from __future__ import annotations

import logging
import mmap
import os
import pickle
import re
import struct
from array import array
from sys import intern
from collections.abc import Iterator
from itertools import accumulate, chain, compress, repeat
from operator import add, not_
from functools import cached_property
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filetables import FileFormatError

from . import gap_pairs, memory, unit_runs_table
from .index_layout import (DIGESTS, INDEX_FORMAT, INDEX_NAME, SIZES, build_format, check_sizes, current_build,
                           damaged, is_current_format, read_json)
from .errors import IndexDamaged, IndexMissing, IndexOutdated
from .model import Document, Term


class _table(cached_property):
    """A cached_property that loads a table of the build: once it is made, the memory its
    parsing freed is given back (it stayed resident: tens of MB on the whole corpus)."""

    def __get__(self, instance, owner=None):
        loaded = instance is not None and self.attrname not in instance.__dict__
        value = super().__get__(instance, owner)
        if loaded:
            memory.give_back()
        return value


class OpenIndex:
    """One build of an index, opened for reading; everything beyond Whoosh loads on first use."""

    def __init__(self, build_dir: Path):
        self.build_dir = build_dir
        self.stands_for = build_dir     # the live build this one serves for (itself, unless damaged)
        self.damage: IndexDamaged | None = None     # a file found not as written (check_contents)
        check_sizes(build_dir)
        self.whoosh = whoosh_index.open_dir(build_dir / INDEX_NAME)
        self.searcher = self.whoosh.searcher()

    @_table
    def terms(self) -> list[Term]:
        return [Term.from_dict(t) for t in read_json(self.build_dir / "glossary.json", kind=list)]

    @_table
    def texts(self) -> ParagraphTexts | ParagraphTextsInMemory:
        """Every paragraph's text by row (for checking phrases without Whoosh's stored fields):
        held in memory up to TEXTS_IN_MEMORY_UP_TO, else read from the file when asked."""
        path = self.build_dir / "texts.txt"
        if path.stat().st_size <= TEXTS_IN_MEMORY_UP_TO:
            return ParagraphTextsInMemory(path)
        return ParagraphTexts(path)

    @_table
    def gap_pairs(self) -> gap_pairs.GapPairs | None:
        """Where pairs of characters stand across a gap (gap_pairs); None from older builds."""
        return gap_pairs.read(self.build_dir)

    @_table
    def term_forms(self) -> dict[str, dict[str, int]]:
        return read_json(self.build_dir / "term_forms.json", {})

    @_table
    def form_readings(self) -> dict[str, str]:
        """{a term's Han form: its reading} (termforms.form_readings); empty from older builds."""
        return read_json(self.build_dir / "form_readings.json", {})

    @cached_property
    def terms_by_id(self) -> dict[str, Term]:
        return {t.id: t for t in self.terms}

    @_table
    def documents(self) -> list[dict]:
        return _shared_strings(read_json(self.build_dir / "documents.json", kind=list))

    @cached_property
    def documents_by_id(self) -> dict[str, dict]:
        return {d["id"]: d for d in self.documents}

    @cached_property
    def translated_words(self) -> dict[str, int]:
        """The words of the paragraphs' official English as the english field holds them
        (stemmed), with how many paragraphs hold each; empty without parallel documents."""
        # A searcher of its own: the build's one is read by every server thread (search.LiveBuild
        # takes turns on it), and Whoosh's are not made to be shared.
        with self.whoosh.searcher() as searcher:
            reader = searcher.reader()
            if "english" not in reader.indexed_field_names():
                return {}
            return {word: reader.doc_frequency("english", word) for word in reader.field_terms("english")}

    @_table
    def vocab(self) -> dict:
        """{"words": {word: count}}"""
        vocab = read_json(self.build_dir / "vocab.json", {"words": {}})
        vocab["words"] = _interned_keys(vocab.get("words", {}))
        return vocab

    @_table
    def readings(self) -> dict[str, str]:
        """{word: tone-marked reading}"""
        return _interned_keys(read_json(self.build_dir / "readings.json", {}))

    @_table
    def pinyin(self) -> dict[str, list[str]]:
        """{toneless pinyin: [words, most used first]}"""
        return _interned_values(read_json(self.build_dir / "pinyin.json", {}))

    @_table
    def initials(self) -> dict[str, list[str]]:
        """{initials: [words of two or more syllables, most used first]}"""
        return _interned_values(read_json(self.build_dir / "initials.json", {}))

    @_table
    def quoted_readings(self) -> dict[str, list] | None:
        """{initials or toneless pinyin: [[quoted shorthand, uses]]} (collection.quoted_by_reading_of),
        None for a build older than the file."""
        return read_json(self.build_dir / "quoted_readings.json", None)

    @_table
    def spanning(self) -> list[str]:
        """Words of two characters also found where they are not a word of the index, and the
        longer words also found where jieba cut across them (across_cuts.json)."""
        return read_json(self.build_dir / "spanning.json", []) + read_json(self.build_dir / "across_cuts.json", [])

    @_table
    def unit_runs(self) -> dict[str, list[tuple[tuple[str, ...], int]]]:
        """{initials: [(words in a row used as one unit, paragraphs)]} (unit_runs_table)."""
        return unit_runs_table.read(self.build_dir)

    @_table
    def unlisted(self) -> list[str]:
        """Words not indexed inside longer words (see vocabulary.Vocabulary.unlisted)."""
        return read_json(self.build_dir / "unlisted.json", [])

    @_table
    def english(self) -> dict:
        """English word or phrase → ((Chinese word, weight), ...) of the corpus (see
        english.word_map.build_english_index)."""
        english = read_json(self.build_dir / "english.json", {"words": {}, "phrases": {}})
        for name in ("words", "phrases"):
            if isinstance(english.get(name), dict):
                english[name] = _interned_pairs(english[name])
        return english

    @_table
    def glosses(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        """Dictionary glosses of the corpus's words: {word: (pinyin, (English senses, ...),
        {its other keys} or None)} where the file has {"pinyin", "english", "more"...} (a dict
        each was 5.4 MB of the whole corpus's 18.4; most words have no other key)."""
        return {word: (gloss.pop("pinyin"), tuple(gloss.pop("english")), gloss or None)
                for word, gloss in read_json(self.build_dir / "glosses.json", {}).items()}

    @_table
    def report(self) -> dict:
        return read_json(self.build_dir / "report.json", {})

    def document(self, document_id: str) -> Document | None:
        """A whole document by id; ids outside the index (or path tricks) give None. (Reading
        all of a long one costs its size: a page of it is `document_head` and `document_page`.)"""
        if document_id not in self.documents_by_id:
            return None
        return read_document(self.build_dir, document_id)

    # A listed document's files are all written by every build: one missing is damage, never
    # an empty page or "no such document".
    def document_head(self, document_id: str) -> dict | None:
        """A document without its paragraphs and sections: metadata, glossary, and `pages`
        ([first paragraph's index, its line] of each page), `paragraph_count`, `section_count`."""
        if document_id not in self.documents_by_id:
            return None
        return read_json(self.build_dir / "docs" / document_id / "head.json", kind=dict)

    def document_page(self, document_id: str, number: int) -> dict:
        """Page `number` (from 1) of a document as stored: {"paragraphs", "sections"} (the
        section headings among its paragraphs)."""
        return read_json(self.build_dir / "docs" / document_id / f"{number}.json", kind=dict)

    def document_sections(self, document_id: str) -> list[dict]:
        return read_json(self.build_dir / "docs" / document_id / "sections.json", kind=list)

    def check_contents(self) -> None:
        """IndexDamaged when a file of the build is no longer as the build wrote it (checked
        once: after a request failed, so that a damaged file is told apart from a bug, or as a
        server starts); kept in `damage`, which every later request then answers with."""
        if self.damage is not None:
            raise self.damage
        if not self.__dict__.get("_contents_checked"):
            try:
                check_sizes(self.build_dir, contents=True)
            except IndexDamaged as exc:
                self.damage = exc
                raise
            self._contents_checked = True

    def close(self) -> None:
        self.searcher.close()
        if "texts" in self.__dict__:
            self.texts.close()


# A build's paragraph texts (texts.txt) up to this size are held in memory, where a phrase check
# reads a candidate's text about 3 times as fast as from the file (bench/texts_check.py: some
# 2 µs a row against 6 under load, +12 ms for the 3,000 candidates of 經濟發展 on the reports
# folder); a bigger corpus's are read from the file, where they cost the process nothing (held,
# the whole corpus's 65 MB file took 45 MB of a server's 300).
TEXTS_IN_MEMORY_UP_TO = 16 * 2**20


class ParagraphTexts:
    """The lines of texts.txt by row, read from the file (mapped) when asked: only where each
    line starts and how long it is stay in the process's own memory (8 bytes a paragraph). The
    texts themselves stay in the system's page cache, shared and dropped under pressure (the
    pages read count in the server's resident size): held as one string they were a
    whole-corpus server's largest table (45 MB of its 300)."""

    def __init__(self, path: Path):
        self._file = open(path, "rb")
        self._fd = self._file.fileno()
        # Each line's length (without its newline), the file read a MB at a time.
        lengths, carry = array("I"), 0
        while chunk := self._file.read(1 << 20):
            pieces = list(map(len, chunk.split(b"\n")))
            pieces[0] += carry
            carry = pieces.pop()
            lengths.extend(pieces)
        lengths.append(carry)
        self._lengths = lengths
        self._starts = array("I", accumulate(map((1).__add__, lengths[:-1]), initial=0))
        # Mapped, a row is a slice of the page cache: no system call a row (a phrase check reads
        # thousands; a pread each was 40% of reading them). An empty file cannot be mapped.
        try:
            self._map = mmap.mmap(self._fd, 0, access=mmap.ACCESS_READ)
        except (ValueError, OSError):
            self._map = None

    def __len__(self) -> int:
        return len(self._starts)

    def __iter__(self) -> Iterator[str]:
        return map(self.__getitem__, range(len(self)))

    def __getitem__(self, row: int) -> str:
        start = self._starts[row]
        if self._map is None:
            return os.pread(self._fd, self._lengths[row], start).decode()
        return self._map[start:start + self._lengths[row]].decode()

    def _read(self, rows) -> Iterator[str]:
        """These rows' texts, read and decoded in C without a Python loop."""
        lengths, starts = map(self._lengths.__getitem__, rows), map(self._starts.__getitem__, rows)
        if self._map is None:
            return map(bytes.decode, map(os.pread, repeat(self._fd), lengths, starts))
        starts = list(starts)
        return map(bytes.decode, map(self._map.__getitem__, map(slice, starts, map(add, starts, lengths))))

    def search_rows(self, pattern: re.Pattern[str], rows) -> Iterator[re.Match | None]:
        """`pattern.search` of each of these rows' texts, in order (read and matched in C,
        without a Python loop)."""
        rows = rows if isinstance(rows, (list, array)) else list(rows)
        return map(pattern.search, self._read(rows))

    def rows_matching_any(self, patterns, rows, prefilter: re.Pattern[bytes] | None = None,
                          literal: str = "") -> list[bool]:
        """Whether any of `patterns` is found in each of these rows' texts (each row read once).
        `prefilter`, found in the bytes of every text a pattern is found in, is searched in the
        mapped file first: only the rows it is found in are decoded and searched. `literal`: a
        text holding it is tried there first (_matching_any_held)."""
        rows = rows if isinstance(rows, (list, array)) else list(rows)
        if prefilter is not None and self._map is not None:
            starts = list(map(self._starts.__getitem__, rows))
            ends = map(add, starts, map(self._lengths.__getitem__, rows))
            maybe = list(compress(range(len(rows)), map(prefilter.search, repeat(self._map), starts, ends)))
            found = [False] * len(rows)
            if maybe:
                for position, matched in zip(maybe, self.rows_matching_any(patterns, list(map(rows.__getitem__, maybe)),
                                                                          literal=literal)):
                    found[position] = matched
            return found
        texts = list(self._read(rows))
        if literal:
            return _matching_any_held(patterns, list(map(str.find, texts, repeat(literal))),
                                      lambda pattern, held, at: map(pattern.match, map(texts.__getitem__, held), at),
                                      lambda pattern, left: map(pattern.search, map(texts.__getitem__, left)))
        return _matching_any(patterns, len(texts), lambda pattern, left: map(pattern.search, map(texts.__getitem__, left)))

    def close(self) -> None:
        if self._map is not None:
            self._map.close()
        self._file.close()


class ParagraphTextsInMemory:
    """The lines of texts.txt by row, held as the one string they are read as, with where each
    line starts and ends (a list of a string per paragraph cost 70 MB for the whole corpus's
    42 MB of text). The same rows and answers as ParagraphTexts."""

    def __init__(self, path: Path):
        self._text = text = path.read_text(encoding="utf-8")
        ends = array("I", map(re.Match.start, re.finditer("\n", text)))
        ends.append(len(text))
        starts = array("I", [0])
        starts.extend(map((1).__add__, ends[:-1]))
        self._starts, self._ends = starts, ends

    def __len__(self) -> int:
        return len(self._ends)

    def __iter__(self) -> Iterator[str]:
        return map(self.__getitem__, range(len(self)))

    def __getitem__(self, row: int) -> str:
        return self._text[self._starts[row]:self._ends[row]]

    def search_rows(self, pattern: re.Pattern[str], rows) -> Iterator[re.Match | None]:
        """`pattern.search` of each of these rows' texts, in order, in C and without copying
        the texts out: the same as on each text alone for a pattern without anchors or
        look-behind before its match (as variants.written_as makes them)."""
        rows = rows if isinstance(rows, (list, array)) else list(rows)
        return map(pattern.search, repeat(self._text), map(self._starts.__getitem__, rows),
                   map(self._ends.__getitem__, rows))

    def rows_matching_any(self, patterns, rows, prefilter=None, literal: str = "") -> list[bool]:
        """Whether any of `patterns` is found in each of these rows' texts (`prefilter`, for
        texts read from a file, is of no use on texts in memory). `literal`: a text holding it
        is tried there first (_matching_any_held)."""
        rows = rows if isinstance(rows, (list, array)) else list(rows)
        if len(patterns) == 1 and not literal:
            return list(map(bool, self.search_rows(patterns[0], rows)))
        text = self._text
        starts, ends = list(map(self._starts.__getitem__, rows)), list(map(self._ends.__getitem__, rows))

        def search(pattern, left):
            return map(pattern.search, repeat(text), map(starts.__getitem__, left), map(ends.__getitem__, left))
        if literal:
            # (positions in the whole text: pattern.match there sees the same string and end as search)
            return _matching_any_held(patterns, list(map(text.find, repeat(literal), starts, ends)),
                                      lambda pattern, held, at: map(pattern.match, repeat(text), at,
                                                                    map(ends.__getitem__, held)),
                                      search)
        return _matching_any(patterns, len(rows), search)

    def close(self) -> None:
        pass


def _matching_any_held(patterns, at: list[int], match, search) -> list[bool]:
    """_matching_any of texts of which some hold a literal the patterns match (a phrase's words
    as normalised), at[i] where text i first does (-1: nowhere). A pattern is tried there
    first (`match(pattern, positions, their at)`: pattern.match at it), which finds in a few
    characters what a search finds only after trying every character before it: where it
    matches, a search of the text matches too (the same string and end, tried from the
    text's start: at that place or before). Texts where none matches there, and those not
    holding the literal (written otherwise: 經濟發展, 经济“发展”), are searched whole
    (`search`, as _matching_any's)."""
    count = len(at)
    found = [False] * count
    held = list(compress(range(count), map(_FOUND, at)))
    if held:
        starts = list(map(at.__getitem__, held))
        matched = _matching_any(patterns, len(held), lambda pattern, left: match(
            pattern, list(map(held.__getitem__, left)), map(starts.__getitem__, left)))
        for position in compress(held, matched):
            found[position] = True
    left = list(compress(range(count), map(not_, found)))
    if left:
        for position, hit in zip(left, _matching_any(patterns, len(left), lambda pattern, some: search(
                pattern, list(map(left.__getitem__, some))))):
            found[position] = hit
    return found


_FOUND = (-1).__lt__        # str.find found it


def _matching_any(patterns, count: int, search) -> list[bool]:
    """Whether any pattern matches each of `count` texts: each pattern in turn, on the texts no
    earlier one matched (`search(pattern, positions)` gives its matches on those texts)."""
    if len(patterns) == 1:
        return list(map(bool, search(patterns[0], range(count))))
    found = [False] * count
    left = list(range(count))
    for pattern in patterns:
        if not left:
            break
        hits = list(map(bool, search(pattern, left)))
        for position in compress(left, hits):
            found[position] = True
        left = list(compress(left, map(not_, hits)))
    return found


# The word tables repeat the vocabulary's words (as keys, or in lists of words) and JSON makes a
# new string of each every time: interned, a word is one string in every table (80,000 words
# of the whole corpus, 6 MB each time they are repeated). The English map's pairs, read only
# by english.query_words, are tuples (16 bytes less each).
def _interned_keys(table: dict) -> dict:
    return dict(zip(map(intern, table), table.values()))


def _interned_values(table: dict[str, list[str]]) -> dict[str, list[str]]:
    # list(tuple(...)): a list of exactly its words' room, where list(map(...)) (which cannot
    # tell how many) and JSON's own lists leave room to grow: 1.5 MB of the whole corpus's
    # pinyin and initials tables. Lists still, as callers expect.
    return {key: list(tuple(map(intern, words))) for key, words in table.items()}


def _interned_pairs(table: dict[str, list[list]]) -> dict[str, tuple[tuple[str, float], ...]]:
    # The weights are a few hundred values over 86,000 pairs of the whole corpus, and JSON makes
    # a float of each: one object a value (by type too, so 1 and 1.0 stay as written) saves 2 MB.
    weights: dict = {}
    return {key: tuple([(intern(word), weights.setdefault((type(weight), weight), weight))
                        for word, weight in pairs]) for key, pairs in table.items()}


def _shared_strings(documents: list[dict]) -> list[dict]:
    """The documents, each text they repeat (a region, a kind, a format, a section's title) one
    string for all of them where JSON made one a document: 2.3 MB of the whole corpus's 11.9."""
    shared: dict[str, str] = {}
    for facts in chain(documents, chain.from_iterable(d["sections"] for d in documents)):   # (json_shapes checked)
        for key, value in facts.items():
            if type(value) is str:
                facts[key] = shared.setdefault(value, value)    # (the same keys: the dict does not resize)
    return documents


def read_document(build_dir: Path, document_id: str) -> Document:
    """A whole document the build lists (paged or, from an older build, in one file)."""
    folder = build_dir / "docs" / document_id
    whole = build_dir / "docs" / f"{document_id}.json"
    if not folder.is_dir() and whole.is_file():
        return Document.from_dict(read_json(whole, kind=dict))
    head = read_json(folder / "head.json", kind=dict)
    paragraphs = []
    for number in range(1, len(head["pages"]) + 1):
        paragraphs.extend(read_json(folder / f"{number}.json", kind=dict)["paragraphs"])
    sections = read_json(folder / "sections.json", kind=list)
    return Document.from_dict({**head, "paragraphs": paragraphs, "sections": sections})


def open_index(index_dir: Path, instead_of: OpenIndex | None = None) -> OpenIndex:
    """The live build of `index_dir`, opened. When it is damaged (a file of it lost), the
    newest other whole build still on disk serves instead (`stands_for` says which build it
    stands in for), rather than every request failing. `instead_of`: an opened build found
    damaged since (a file overwritten): another build serves instead of it, the same way."""
    build_dir = current_build(Path(index_dir))
    if build_dir is None:
        raise IndexMissing(f"no index at {index_dir} (build one with: termsearch index PATH --index {index_dir})")
    skipped = {build_dir}
    if instead_of is not None and instead_of.damage is not None:
        damage = instead_of.damage
        skipped.add(instead_of.build_dir)
    else:
        try:
            number = build_format(build_dir)
            if number != INDEX_FORMAT:
                error = IndexOutdated(f"the index at {index_dir} was built by {_writer(number)} termsearch; "
                                      f"rebuild it with: termsearch index PATH --index {index_dir}")
                error.public = f"the index was built by {_writer(number)} termsearch and must be rebuilt (termsearch index)"
                raise error
            return OpenIndex(build_dir)
        except (*_DAMAGE, IndexDamaged) as exc:
            damage = exc
    for other in sorted((build_dir.parent).iterdir(), key=lambda p: p.name, reverse=True):
        if other in skipped or other.name.endswith(".partial"):
            continue
        try:
            if not is_current_format(other):
                continue
            reader = OpenIndex(other)
        except (*_DAMAGE, IndexDamaged):
            continue
        reader.stands_for = build_dir
        logging.getLogger("termsearch").warning("%s is damaged (%s); serving the earlier build %s",
                                                build_dir, damage, other.name)
        return reader
    if not isinstance(damage, IndexDamaged):
        try:
            check_sizes(build_dir, contents=True)       # which file it is, when the digests can tell
        except IndexDamaged as named:
            damage = named
    if isinstance(damage, IndexDamaged):        # (it names the file)
        raise damage
    raise IndexDamaged(f"the index at {index_dir} is damaged ({_damage_text(damage)}); "
                       f"rebuild it with: termsearch index PATH --index {index_dir}")


def check_index(index_dir: Path) -> dict:
    """Every file of the live build of `index_dir` against the size and digest its build wrote:
    IndexDamaged names the first one cut short, lost or overwritten (at its own size too, which
    opening cannot tell), IndexOutdated an older format, IndexMissing no index. Reads every
    byte, so it is asked for (`termsearch check`), never done per query."""
    build_dir = current_build(Path(index_dir))
    if build_dir is None:
        raise IndexMissing(f"no index at {index_dir} (build one with: termsearch index PATH --index {index_dir})")
    number = build_format(build_dir)
    if number != INDEX_FORMAT:
        raise IndexOutdated(f"the index at {index_dir} was built by {_writer(number)} termsearch; "
                            f"rebuild it with: termsearch index PATH --index {index_dir}")
    for listing in (SIZES, DIGESTS):        # (every build of this format writes both)
        if not (build_dir / listing).is_file():
            raise damaged(build_dir / listing, "is missing")
    check_sizes(build_dir, contents=True)
    files = [build_dir / name for listing in (SIZES, DIGESTS) for name in read_json(build_dir / listing, {})]
    try:
        OpenIndex(build_dir).close()        # what the listings do not hold: the segments' table of contents
    except _DAMAGE as exc:
        raise IndexDamaged(f"the index at {index_dir} is damaged ({_damage_text(exc)}); "
                           f"rebuild it with: termsearch index PATH --index {index_dir}") from None
    return {"index": str(index_dir), "build": build_dir.name, "format": number,
            "files": len(files), "bytes": sum(f.stat().st_size for f in files)}


def _writer(number: int) -> str:
    return "an older" if number < INDEX_FORMAT else "a newer"


# What opening a build whose files were lost or cut short raises (Whoosh reads its table of
# contents and segment files when a searcher opens).
_DAMAGE = (OSError, EOFError, ValueError, KeyError, whoosh_index.IndexError, struct.error, pickle.UnpicklingError,
           FileFormatError)


def _damage_text(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.strerror}: {Path(exc.filename).name}"
    return f"{type(exc).__name__}: {exc}"[:200]


def build_is_whole(build_dir: Path) -> bool:
    """Whether a build opens and has every file it was written with, at its size (a build to
    be added to: a file lost or cut short would be copied into the next build as it is)."""
    try:
        OpenIndex(build_dir).close()
        check_sizes(build_dir, every_file=True)
    except (*_DAMAGE, IndexDamaged):
        return False
    return True
