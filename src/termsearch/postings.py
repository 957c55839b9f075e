"""A term's whole posting list, and a segment's per-document columns, read in bulk.

Whoosh's matchers walk postings one at a time in Python (id(), next(), skip_to()). Reading a
posting list block by block and decoding each block in C (itertools.accumulate for the
delta-coded ids) gives the same ids and weights many times faster; the decoding itself is
whoosh_format's, which for a format it does not know leaves the walk to Whoosh's matcher.
Everything here is per segment reader ("leaf"); deleted documents are left out, as Whoosh's
reader.postings does.

Of postings, only common terms' are kept between calls (PostingsCache, a bounded number of
postings, least recently used out first): decoding them again each request was ~45% of a
phrase of common words on the whole corpus (经济发展 reads 经济 and 发展 whole); fewer of them
are also kept as tables {document: weight} (weight_table), in which a phrase looks up its
candidates. What else is
kept, per segment of an index (its
files never change; a generation of the index fixes its deletions), is what Whoosh itself keeps
a reader for: the field-length column, the set of deleted documents, the sortable columns
used for counts and which columns it has. It is kept once per segment, not per reader: every serving thread has its own
searcher and so its own readers of the same segments, and per reader a whole-corpus server held
these columns once per thread.
"""
from __future__ import annotations

import threading
import weakref
from array import array
from bisect import bisect_left
from collections import OrderedDict
from itertools import compress, islice
from operator import lt, not_

from . import whoosh_format

# Storage of an index (what every reader of it shares; gone with the index) →
# {(segment, generation): {what: value}}.
_by_storage: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _kept_for_segment(reader) -> dict:
    """What is kept for the segment `reader` reads, shared by every reader of that segment and
    generation (any other reader: kept with the reader itself). Found once a reader: finding
    it (the segment's id, the weak table of storages, the lock) cost more than a rare word's
    term look-up, asked several times a query."""
    try:
        return reader.__dict__["_termsearch_segment"]
    except KeyError:
        kept = reader.__dict__["_termsearch_segment"] = _find_kept_for_segment(reader)
        return kept


def _find_kept_for_segment(reader) -> dict:
    storage = reader.storage()
    storage = getattr(storage, "b", storage)        # a compound segment's overlay: the index's storage
    found = reader.segment()
    segment = (found.segment_id() if found is not None else None, reader.generation())
    if storage is None or segment[0] is None:
        return reader.__dict__.setdefault("_termsearch_kept", {})
    with _lock:
        return _by_storage.setdefault(storage, {}).setdefault(segment, {})


def _kept(reader, what, load):
    kept = _kept_for_segment(reader)
    try:
        return kept[what]
    except KeyError:
        value = kept[what] = load()     # (two threads may both load it once: the same value)
        return value


def term_bytes(reader, fieldname: str, text) -> bytes | None:
    """The term as the index stores it, or None when the segment does not have it
    (the same tests as whoosh.query.Term.matcher)."""
    if fieldname not in reader.schema:
        return None
    if isinstance(text, str):
        try:
            text = reader.schema[fieldname].to_bytes(text)
        except ValueError:
            return None
    return text if (fieldname, text) in reader else None


def deleted(reader) -> frozenset[int]:
    """The segment's deleted documents (an incremental add deletes the replaced paragraphs)."""
    return _kept(reader, "deleted", lambda: frozenset(_deleted_docs(reader)))


def _deleted_docs(reader):
    if not reader.has_deletions():
        return ()
    return (doc for doc in range(reader.doc_count_all()) if reader.is_deleted(doc))


def postings(reader, fieldname: str, btext: bytes, weights: bool = True,
             among: list[int] | None = None, info=None) -> tuple[list[int], list[float] | None]:
    """Ids (ascending) and weights of a term in one segment, deleted documents left out.

    `btext` comes from term_bytes (the term is known to be in the segment), or with `info`
    its record from whoosh_format.term_info (then the term is not looked up again). With
    `among` (ascending docnums), only those documents: blocks holding none of them are not
    decoded, so a common word is cheap to check against a few documents.
    """
    frequency = info.doc_frequency() if info is not None else 0
    if frequency >= CACHED_FROM:
        kept = _decoded.get(reader, fieldname, btext)
        if kept is None and (among is None or len(among) * 4 >= frequency / whoosh_format.BLOCK_SIZE) \
                and _decoded.admits(reader, fieldname, btext, frequency):
            # Read whole and kept (among this many documents, most of its blocks are read anyway).
            kept = _decoded.put(reader, fieldname, btext, *_read(reader, fieldname, btext, True, None, info))
        if kept is not None:
            return _from_kept(*kept, weights, among)
    return _read(reader, fieldname, btext, weights, among, info)


def _read(reader, fieldname: str, btext: bytes, weights: bool, among: list[int] | None,
          info) -> tuple[list[int], list[float] | None]:
    if info is not None:
        matcher = whoosh_format.term_matcher(reader, fieldname, btext, info)
    else:
        matcher = reader.postings(fieldname, btext)
    read = whoosh_format.leaf_postings(matcher, weights, among)
    if read is not None:
        ids, found_weights = read
    else:                                        # a format whoosh_format does not know: Whoosh's own walk (slow, exact)
        ids, found_weights = [], [] if weights else None
        while matcher.is_active():
            ids.append(matcher.id())
            if weights:
                found_weights.append(matcher.weight())
            matcher.next()
    dead = deleted(reader)
    if dead:
        ids, found_weights = _compressed(ids, found_weights, map(not_, map(dead.__contains__, ids)))
    if among is not None:
        ids, found_weights = _compressed(ids, found_weights, map(frozenset(among).__contains__, ids))
    return ids, found_weights


# Terms in this many documents of a segment or more (a full block of postings) have their
# decoded postings kept; at most CACHED_POSTINGS postings in all, 8 bytes each (16 MB, about the
# 40 commonest pairs of characters of the whole corpus; a serving process's budget is 300 MB,
# issue 18.3). The budget, not this threshold, bounds the memory: 1,000 → 500 left the whole
# corpus's serving process at 263 MB (bench/serving_memory.py) and took 高质量 (997 paragraphs a
# segment of the reports folder) off the slowest queries' path; 500 → 128 left the reports
# folder's at 126 MB, and a rare word's cut into words no longer decodes its common part each
# request (会 of 冬奥|会, 166 paragraphs of a segment, read by every search for 冬奥会).
CACHED_FROM = 128
CACHED_POSTINGS = 2_000_000


# Asks counted (below) this many times in all, every count is halved: what was asked for long
# ago gives way to what is asked for now. It also bounds the counts: a key asked once is gone at
# the next halving, and those carried over sum to at most this many, so a table counts at most
# twice this many keys, ~5.5 MB, whatever queries come (20,000 one-off asks: 2.74 MB; the
# bench's query sets in turn on the whole corpus: under 0.1 MB; bench/round_robin.py prints them).
ASKS_HALVED_EVERY = 20_000


class KeptPostings:
    """Something kept per term (a tuple whose first item holds one entry a posting), shared by
    every reader of a segment and generation, least recently used out first past `limit`
    postings in all.

    When full, something new is kept only if asked for more often than what it would push out
    (TinyLFU's rule): requests going round more terms than fit then keep some of them for good,
    where least-recently-used alone pushed each out just before it was asked again, and made
    every request pay to build what it used once. The benchmark's 66 queries in turn on the
    whole corpus: CPU p95 36–41 ms → 14–18 ms; a held-out set 44–63 → 17–19 ms
    (bench/round_robin.py)."""

    def __init__(self, limit: int):
        self.limit = limit
        self.size = 0
        self._kept: OrderedDict = OrderedDict()
        self._asks: dict = {}
        self._asked = 0
        self._lock = threading.Lock()

    def get(self, reader, fieldname: str, btext: bytes):
        key = (_segment_token(reader), fieldname, btext)
        with self._lock:
            self._count(key)
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
            return found

    def admits(self, reader, fieldname: str, btext: bytes, size: int) -> bool:
        """Whether keep() would keep `size` postings for this term now (asked before building
        what would be thrown away)."""
        with self._lock:
            return self._admits((_segment_token(reader), fieldname, btext), size)

    def keep(self, reader, fieldname: str, btext: bytes, value: tuple) -> None:
        key = (_segment_token(reader), fieldname, btext)
        with self._lock:
            old = self._kept.pop(key, None)
            if old is not None:
                self.size -= len(old[0])
            elif not self._admits(key, len(value[0])):
                return
            self._kept[key] = value
            self.size += len(value[0])
            while self.size > self.limit:
                _, dropped = self._kept.popitem(last=False)
                self.size -= len(dropped[0])

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self._asks.clear()
            self.size = 0

    def _count(self, key) -> None:
        self._asks[key] = self._asks.get(key, 0) + 1
        self._asked += 1
        if self._asked >= ASKS_HALVED_EVERY:
            self._asked = 0
            self._asks = {key: count >> 1 for key, count in self._asks.items() if count > 1}

    def _admits(self, key, size: int) -> bool:
        room = self.limit - self.size
        if size <= room or not self._kept:
            return True
        # Asked more often than every one it would push out (comparing with the first alone,
        # a big table pushed out several asked for more, which pushed it out in turn).
        asks = self._asks.get(key, 0)
        for kept_key, value in self._kept.items():
            if self._asks.get(kept_key, 0) >= asks:
                return False
            room += len(value[0])
            if size <= room:
                return True
        return True


class PostingsCache(KeptPostings):
    """Decoded posting lists (ids, weights as arrays) of common terms."""

    def put(self, reader, fieldname: str, btext: bytes, ids: list[int], weights: list[float]):
        """Keeps a term's whole postings; gives them as kept (ids, weights), or as they are
        when they cannot be kept."""
        if len(ids) > self.limit:
            return ids, weights
        try:
            kept_ids = array("I", ids)
        except OverflowError:
            return ids, weights
        kept_weights = array("f", weights)
        if kept_weights.tolist() != weights:        # (Whoosh's weights are single-precision already)
            kept_weights = array("d", weights)
        self.keep(reader, fieldname, btext, (kept_ids, kept_weights))
        return kept_ids, kept_weights


_decoded = PostingsCache(CACHED_POSTINGS)

# A common term's postings as a table {document: weight}, for phrases of common words
# (adjacency.Verified): their few hundred candidates are looked up in it, where with lists
# each of the term's 3,000 postings was made a Python object and scanned, twice a request
# (to narrow the candidates, to score them): 经济发展 does so for 经济 and 发展 in both
# indexes of each segment. A table takes ~80 bytes a posting against a kept list's 8, so
# fewer are kept: CACHED_TABLE_POSTINGS in all (~20 MB; a whole-corpus server measured 262 →
# 274 MB, bench/serving_memory.py), and no term's holding more than an eighth of them (kept,
# it would push most others out).
CACHED_TABLE_POSTINGS = 250_000
# Tables only from this many documents: from CACHED_FROM (128) they took a reports-folder
# server from 126 to 208 MB (bench/serving_memory.py), each small table's dict and int
# objects costing far more than its share of the budget says.
TABLES_FROM = 500


class WeightTables(KeptPostings):
    """Common terms' tables ({docnum: weight}, deleted documents left out) with their least
    weight."""

    def put(self, reader, fieldname: str, btext: bytes, table: dict[int, float], least: float) -> None:
        self.keep(reader, fieldname, btext, (table, least))


_tables = WeightTables(CACHED_TABLE_POSTINGS)


def weight_table(reader, fieldname: str, btext: bytes, info) -> tuple[dict[int, float], float] | None:
    """A term's postings as {docnum: weight} (the weights postings() gives) and the least of
    them, kept between calls, for a term of TABLES_FROM documents or more (`info`: its record,
    whoosh_format.term_info); None for a rarer term or one too common to keep so."""
    frequency = info.doc_frequency()
    if frequency < TABLES_FROM or frequency * 8 > _tables.limit:
        return None
    found = _tables.get(reader, fieldname, btext)
    if found is None:
        if not _tables.admits(reader, fieldname, btext, frequency):
            return None
        ids, weights = postings(reader, fieldname, btext, info=info)
        same: dict[float, float] = {}            # one float object for each weight (most are a few small ones)
        table = dict(zip(ids, map(same.setdefault, weights, weights)))
        found = (table, min(weights, default=0.0))
        _tables.put(reader, fieldname, btext, *found)
    return found


# A common term's BM25 scores as a table {document: score}: a term's score in a document
# depends only on its weight there, the document's length and figures of the whole index (idf,
# average length, B, K1), so scoring its thousands of postings again each request (经济 of
# jingji, 4,000 paragraphs: five operations a posting) gives the same floats each time. Kept
# for the terms weight tables are kept for, with the figures they were worked out with in the
# key (an incremental add changes them: the old ones are no longer asked for and go first),
# at most CACHED_SCORE_POSTINGS postings in all (~40 bytes each where a weight table is kept
# too, whose documents' int objects it shares; a few score floats are shared by many). The
# reports folder's benchmark queries keep ~76,000 (a server 126.8 -> 130.1 MB,
# bench/serving_memory.py).
CACHED_SCORE_POSTINGS = 100_000


class ScoreTables(KeptPostings):
    """Common terms' {docnum: score} for one set of the index's figures."""


_scores = ScoreTables(CACHED_SCORE_POSTINGS)


def score_table(reader, fieldname: str, btext: bytes, info, figures: tuple, score) -> dict[int, float] | None:
    """A common term's {docnum: score}, `score(ids, weights)` of its postings (as postings()
    gives them) worked out once for these `figures` (what the scores depend on beyond the
    postings) and kept between calls; None for a term weight_table keeps no table for. The
    table is shared: never changed in place."""
    frequency = info.doc_frequency()
    if frequency < TABLES_FROM or frequency * 8 > _scores.limit:
        return None
    key = (btext, figures)
    found = _scores.get(reader, fieldname, key)
    if found is None:
        if not _scores.admits(reader, fieldname, key, frequency):
            return None
        table = _tables.get(reader, fieldname, btext)
        # (from its weight table when one is kept: the same postings, and the same int objects)
        ids, weights = (list(table[0]), list(table[0].values())) if table is not None else \
            postings(reader, fieldname, btext, info=info)
        scores = list(score(ids, weights))
        same: dict[float, float] = {}            # one float object for each score (a few hundred distinct)
        found = (dict(zip(ids, map(same.setdefault, scores, scores))),)
        _scores.keep(reader, fieldname, key, found)
    return found[0]


# Term records (whoosh_format.term_info: a term's document frequency and where its postings
# are; None for a term the segment has not) kept between requests, TERM_RECORDS_KEPT in all,
# least recently used out first: a phrase of common words asks each request about the same
# words, pairs and single characters (经济发展: 18 look-ups of two system calls each). A record
# is a few hundred bytes (a rare term's inlined postings in it).
TERM_RECORDS_KEPT = 4096
_NOT_KEPT = object()


class TermRecords:
    """Term records by (segment and generation, field, term), shared by every reader of them."""

    def __init__(self, limit: int):
        self.limit = limit
        self._kept: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, reader, fieldname: str, btext: bytes):
        """whoosh_format.term_info(reader, fieldname, btext), looked up once while kept (never
        changed in place: shared)."""
        if reader.is_closed:
            return whoosh_format.term_info(reader, fieldname, btext)       # (raises as Whoosh does)
        key = (_segment_token(reader), fieldname, btext)
        with self._lock:
            found = self._kept.get(key, _NOT_KEPT)
            if found is not _NOT_KEPT:
                self._kept.move_to_end(key)
                return found
        found = whoosh_format.term_info(reader, fieldname, btext)
        with self._lock:
            self._kept[key] = found
            if len(self._kept) > self.limit:
                self._kept.popitem(last=False)
        return found

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


_records = TermRecords(TERM_RECORDS_KEPT)
term_record = _records.get


def _segment_token(reader) -> object:
    """An object standing for the segment and generation `reader` reads, alive as long as a
    key holds it (an id could be reused by another segment's once it is gone)."""
    kept = _kept_for_segment(reader)
    try:
        return kept["postings token"]
    except KeyError:
        return kept.setdefault("postings token", object())


def _from_kept(ids: array | list[int], weights: array | list[float], with_weights: bool,
               among: list[int] | None) -> tuple[list[int], list[float] | None]:
    """What postings gives from a kept list (or one read whole): all of it, or the documents of
    `among` (ascending)."""
    if among is None:
        if type(ids) is not array:                  # (a list that could not be kept)
            return ids, (weights if with_weights else None)
        return ids.tolist(), (weights.tolist() if with_weights else None)
    if len(among) * 16 < len(ids):
        # A few documents: each looked for (a bisection), not the whole list scanned.
        count, at, start = len(ids), [], 0
        for doc in among:
            start = bisect_left(ids, doc, start)
            if start == count:
                break
            if ids[start] == doc:
                at.append(start)
    else:
        wanted = frozenset(among)
        at = list(compress(range(len(ids)), map(wanted.__contains__, ids)))
    return list(map(ids.__getitem__, at)), (list(map(weights.__getitem__, at)) if with_weights else None)


def _compressed(ids: list[int], weights: list[float] | None, keep) -> tuple[list[int], list[float] | None]:
    keep = list(keep)
    return list(compress(ids, keep)), (list(compress(weights, keep)) if weights is not None else None)


def field_lengths(reader, fieldname: str) -> bytes | None:
    """Each document's quantised length byte for `fieldname` (byte_to_length gives the
    length BM25F uses), indexed by docnum; None if the field stores no lengths."""
    return _kept(reader, ("lengths", fieldname), lambda: whoosh_format.length_bytes(reader, fieldname))


def has_column(reader, name: str) -> bool:
    """Whether the segment has this sortable column (Whoosh asks the file system each time)."""
    return _kept(reader, ("has column", name), lambda: bool(reader.has_column(name)))


def column_values(reader, name: str) -> list:
    """A sortable column's value for every document of the segment, by docnum (a list, or an
    array for a numeric column)."""
    return _kept(reader, ("column", name), lambda: whoosh_format.column_list(reader.column_reader(name)))


def column_ascending(reader, name: str) -> bool:
    """Whether a sortable column's values rise with the docnum (a segment's rows, written in
    order: a row's document is then found by bisection)."""
    def ascending() -> bool:
        values = column_values(reader, name)
        return all(map(lt, values, islice(values, 1, None)))
    return _kept(reader, ("ascending", name), ascending)
