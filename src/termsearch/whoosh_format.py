"""The one door to Whoosh's internals: whatever reads or writes Whoosh's files by hand, or
touches its private attributes, is here and nowhere else.

termsearch writes a segment's postings itself and reads whole posting lists, field lengths and
columns in bulk, many times faster than Whoosh's writer and matchers. That depends on Whoosh's
W3 codec: its posting blocks and term-info records, and the private attributes of its
matchers, columns and weighting. It was written against Whoosh 2.7.4 and checked, by the same
tests, on whoosh-reloaded 2.7.5 (a maintained fork with the same format): KNOWN_VERSIONS.

`writes_by_hand()` says whether the installed Whoosh is one of those, with the W3 codec as its
default; `reads_by_hand(searcher)` also whether every segment of an open index is in that
format. When not, the callers use Whoosh's own writer (index_build) and searcher (search):
slower, still correct. Every function here that reads in bulk answers None (or Whoosh's own
slow answer) for anything it does not know, never a guess.
"""
from __future__ import annotations

import logging
import os
import struct
import sys
import threading
import weakref
import zlib
from hashlib import md5
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from itertools import accumulate, chain, islice
from operator import itemgetter, lt, sub
from io import BufferedReader, BytesIO
from pickle import load as load_pickle, loads as load_pickles

import whoosh
from whoosh.codec import default_codec
from whoosh.codec.whoosh3 import (LENGTHS_COLUMN, STORED_COLUMN, WHOOSH3_HEADER_MAGIC, W3Codec, W3LeafMatcher,
                                  W3PerDocReader, W3TermInfo, _lenfield)
from whoosh.columns import (CompressedBytesColumn, NumericColumn, PickleColumn, RefBytesColumn,
                            TranslatingColumnReader, VarBytesColumn)
from whoosh.compat import dumps
from whoosh.fields import COLUMN, FieldType
from whoosh.filedb.filetables import OrderedHashWriter, md5_hash
from whoosh.formats import Frequency
from whoosh.matching import FilterMatcher, ListMatcher
from whoosh.reading import SegmentReader, TermNotFound
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

# Whoosh versions whose W3 files and private attributes this module was checked against: the
# byte-for-byte writer test and the scoring comparisons (tests/test_segments.py,
# tests/test_scoring.py) pass on each. (Whoosh itself never released a 2.7.5.)
KNOWN_VERSIONS = {
    (2, 7, 4): "Whoosh 2.7.4",
    (2, 7, 5): "whoosh-reloaded 2.7.5",
}

_log = logging.getLogger("termsearch")
_warned: set[str] = set()


# What is installed, read once: Whoosh's version, and whether its default codec (what its own
# writer and this module's write) is W3.
INSTALLED = tuple(whoosh.__version__[:3])
_DEFAULT_CODEC_IS_W3 = type(default_codec()) is W3Codec


def _known_whoosh() -> bool:
    return INSTALLED in KNOWN_VERSIONS and _DEFAULT_CODEC_IS_W3


def writes_by_hand() -> bool:
    """Whether the installed Whoosh writes the W3 format this module knows (when not, a build
    uses Whoosh's own writer)."""
    known = _known_whoosh()
    if not known:
        _warn_once("build", f"{_installed()} is not a version whose files termsearch knows: "
                            "the index is written by Whoosh's own writer (slower)")
    return known


def reads_by_hand(searcher) -> bool:
    """Whether every segment under `searcher` is a W3 segment this module can read in bulk
    (when not, a search uses Whoosh's own searcher and scoring)."""
    if not _known_whoosh():
        _warn_once("search", f"{_installed()} is not a version whose files termsearch knows: "
                             "searches use Whoosh's own searcher (slower)")
        return False
    if not all(isinstance(leaf.reader(), SegmentReader) and type(leaf.reader().codec()) is W3Codec
               for leaf, _ in searcher.leaf_searchers()):
        _warn_once("segments", "the index has segments in a format termsearch does not read in bulk: "
                               "searches use Whoosh's own searcher (slower)")
        return False
    return True


def _installed() -> str:
    return f"Whoosh {'.'.join(map(str, INSTALLED))} ({whoosh.__file__})"


def _warn_once(what: str, message: str) -> None:
    if what not in _warned:
        _warned.add(what)
        _log.warning("%s", message)


# ----------------------------------------------------------------------------- writing (W3)

_TERM_INFO = struct.Struct("!BfIBBfII")      # W3TermInfo: flags, weight, df, lengths, max weight, ids
_BLOCK = 128            # W3Codec's block limit
BLOCK_SIZE = _BLOCK      # postings a block holds (the query path estimates how many blocks a read touches)
# The zlib level of each posting block (W3Codec's `compression`, written in the block's header,
# which Whoosh's reader and read_blocks read before unzipping: 0 stores the pickle as it is).
# W3Codec's default is 3; zlib on each block was the largest single part of writing (README).
POSTINGS_LEVEL = 3


def _zipped(data: bytes) -> bytes:
    return zlib.compress(data, POSTINGS_LEVEL) if POSTINGS_LEVEL else data

# A term in fewer paragraphs than this has its postings inlined: pickled in its record of the
# terms table (W3TermInfo's inlined form, which Whoosh's reader reads as a ListMatcher) instead
# of a zlib block of the postings file. A build spent most of its writing on blocks of a posting
# or two (a zlib stream and two pickles each; 84% of the characters' terms are in 8 paragraphs
# or fewer). W3Codec(inlinelimit=INLINE_BELOW) writes the same, once its finish_postings calls
# set_inlined (it calls a set_inline that does not exist, in Whoosh 2.7.4 and whoosh-reloaded
# 2.7.5 alike, so their writers never inline; both read inlined terms, W3TermInfo.from_bytes).
# Only fields whose postings have values are inlined (_inline_limit).
INLINE_BELOW = 9


_UINT = struct.Struct("!I")
_SWAP = sys.byteorder == "little"
assert array("I").itemsize == _UINT.size


class _LengthBytes(dict):
    """length_to_byte, each length worked out once."""

    def __missing__(self, length):
        byte = self[length] = length_to_byte(length)
        return byte


_length_byte = _LengthBytes().__getitem__


def packed_frequencies(freqs: Iterable[int]) -> list[bytes]:
    """Postings' values in Whoosh's Frequency format, each its own bytes object (as Whoosh's
    writer makes them: an inlined term's pickle depends on it)."""
    return list(map(_UINT.pack, freqs))


# A paragraph's stored fields are written as a zlib stream of level 0 (stored blocks, no Huffman
# codes), which Whoosh's reader unzips like any other: at Whoosh's level 3, undoing the codes
# was most of what reading a hit's fields cost (README, fourteenth round). The stored column is
# ~40% larger (reports folder: 6.6 → 9.3 MB, 3% of the index folder).
STORED_LEVEL = 0


def new_segment(ix):
    """A new W3 segment of `ix` and the writer of its per-document files (stored fields,
    lengths, columns): start_doc, add_field, add_column_value, finish_doc, close."""
    codec = default_codec()
    segment = codec.new_segment(ix.storage, ix.indexname)
    perdoc = codec.per_document_writer(ix.storage, segment)
    _store_unzipped(perdoc)
    return segment, perdoc


def _store_unzipped(perdoc) -> None:
    """A W3 per-document writer's stored fields zipped at STORED_LEVEL (a writer this module
    does not know is left as it is)."""
    stored = getattr(perdoc, "_colwriters", {}).get("_stored")
    if _known_whoosh() and type(stored) is PickleColumn.Writer and type(stored._child) is CompressedBytesColumn.Writer:
        stored._child._level = STORED_LEVEL


def write_terms(storage, segment, fields: Iterable[tuple]) -> None:
    """The segment's terms table and posting lists, as W3FieldWriter writes them. `fields`:
    (name, field, lengths by docnum, its terms, counted) in field-name order, the terms in word
    order: when `counted`, as (word bytes, docnums array("I"), frequencies array("I")) (a
    field whose postings' values are their frequencies, weighted by them), else as (word bytes,
    docnums, weights array("f"), values)."""
    table = _TermsTable(segment.create_file(storage, W3Codec.TERMS_EXT))
    fieldmap = table.extras["fieldmap"] = {}
    postfile = segment.create_file(storage, W3Codec.POSTS_EXT)
    out = _Gathered(postfile)
    for name, field, lengths, terms, counted in fields:
        prefix = pack_ushort(fieldmap.setdefault(name, len(fieldmap)))
        if counted and not _counted_as_frequencies(field):
            terms, counted = _as_weights_and_values(terms, field.format.field_boost), False
        if counted:
            _write_counted_terms(out, table, prefix, terms, lengths)
        else:
            _write_terms(out, table, prefix, terms, lengths, field.format.fixed_value_size())
        out.flush()
    table.close()
    postfile.close()


def _counted_as_frequencies(field) -> bool:
    """Whether `field` stores what _write_counted_terms writes: Whoosh's Frequency format, its
    values the frequencies as 4-byte big-endian integers, weights the frequencies unboosted."""
    fmt = field.format
    return type(fmt) is Frequency and fmt.field_boost == 1.0 and fmt.fixed_value_size() == _UINT.size


def _as_weights_and_values(terms, boost: float):
    for word, docnums, freqs in terms:
        weights = array("f", freqs) if boost == 1.0 else array("f", [f * boost for f in freqs])
        yield word, docnums, weights, packed_frequencies(freqs)


def _write_terms(out, table, prefix: bytes, terms, lengths: Mapping[int, int], fixed_size: int | None) -> None:
    inline_below = _inline_limit(fixed_size)
    for word, docnums, weights, values in terms:
        if len(docnums) < inline_below:
            info = _inlined(docnums, tuple(weights), tuple(filter(None, values)), lengths)
        else:
            info = _write_postings(out, docnums, weights, values, lengths, fixed_size)
        table.add(prefix + word, info)


def _inline_limit(fixed_size: int | None) -> int:
    """INLINE_BELOW for a field whose postings have values; 1 (never) for one whose have none
    (Whoosh's Existence format: ID fields): Whoosh reads an inlined term of those as no
    postings at all in ListMatcher.all_items, and its merge hands '' for each value to a
    writer (whoosh-reloaded's asserts bytes)."""
    return 1 if fixed_size == 0 else INLINE_BELOW


def _inlined(docnums, weights: tuple[float, ...], values: tuple[bytes, ...], lengths: Mapping[int, int]) -> bytes:
    """The term info of a term whose postings are inlined (W3TermInfo.to_bytes after
    W3PostingsWriter.finish_postings of fewer than its inlinelimit): its figures, then its
    postings pickled (ids, weights, the values that are not empty)."""
    doc_lengths = list(filter(None, map(lengths.get, docnums)))     # a length is never 0 there
    low = _length_byte(min(doc_lengths)) if doc_lengths else 0
    high = _length_byte(max(doc_lengths)) if doc_lengths else 0
    return (_TERM_INFO.pack(1, sum(weights), len(docnums), low, high, max(weights), docnums[0], docnums[-1])
            + dumps((tuple(docnums), weights, values), 2))


def _big_endian(values: array) -> bytes:
    """An array("I")'s bytes as "!I" packs each value."""
    if _SWAP:
        values = array("I", values)
        values.byteswap()
    return values.tobytes()


def _write_counted_terms(out, table, prefix: bytes, terms, lengths: Mapping[int, int]) -> None:
    """_write_terms for a field whose weights and values are its frequencies
    (_counted_as_frequencies): what _write_postings writes, with no work per posting in
    Python (a term's figures worked out over its arrays, in C)."""
    length_get = lengths.get
    write = out.write
    add = table.add
    inlined_tails = _InlinedTails()
    in_one = _InOneDocument(length_get, inlined_tails)
    length_range = _LengthRange(lengths)
    for word, docnums, freqs in terms:
        count = len(docnums)
        if count == 1:
            info = in_one[docnums[0] << 32 | freqs[0]]
        elif count < INLINE_BELOW:
            # What _inlined makes of the term (its weights and values the frequencies), with
            # what follows the ids in its pickle made once for each run of frequencies: most
            # such terms are in a paragraph or two, once in each.
            total, top, tail = inlined_tails[freqs.tobytes()]
            low, high = length_range(docnums)
            info = (_TERM_INFO.pack(1, total, count, low, high, top, docnums[0], docnums[-1])
                    + dumps(tuple(docnums), 2)[:-1] + tail)
        elif count > _BLOCK:
            info = _write_counted_postings(out, docnums, freqs, lengths)
        else:
            low, high = length_range(docnums)
            top = max(freqs)
            mini_ids = (docnums[0], *map(sub, docnums[1:], docnums))
            data = _zipped(dumps((mini_ids, _block_weights(top, min(freqs), freqs), _big_endian(freqs)), 2))
            block_info = dumps((count, docnums[-1], float(top), POSTINGS_LEVEL, low, high), 2)
            size = len(block_info) + len(data)
            start = out.pos
            write(WHOOSH3_HEADER_MAGIC + pack_int(-size) + block_info + data)
            info = (_TERM_INFO.pack(0, sum(freqs), count, low, high, top, docnums[0], docnums[-1])
                    + pack_long(start) + pack_int(out.pos - start))
        add(prefix + word, info)


# A posting list of one document (any: pickled, a document number is not remembered by the
# pickler, so the pickle of the weights and values after it is the same for any ids).
_SOME_IDS = (0,)


class _LengthRange:
    """The least and greatest length byte of a term's documents (0, 0 where none has a length).
    An array of every document's lengths (SegmentBuilder's) is read with one itemgetter call,
    in C, where map(lengths.get) makes a call of the array's method a posting."""

    def __init__(self, lengths: Mapping[int, int]):
        self._lengths = lengths
        self._every_document = isinstance(lengths, array)

    def __call__(self, docnums) -> tuple[int, int]:
        if self._every_document and len(docnums) > 1:       # (one index: itemgetter gives no tuple)
            found = itemgetter(*docnums)(self._lengths)
            least = min(found)
            if least:                   # a length is never 0 there
                return _length_byte(least), _length_byte(max(found))
            found = list(filter(None, found))
        else:
            found = list(filter(None, map(self._lengths.get, docnums)))
        return (_length_byte(min(found)), _length_byte(max(found))) if found else (0, 0)


class _InOneDocument(dict):
    """(docnum << 32 | frequency) → the inlined term info of a term in that one document, that
    often: what _write_counted_terms makes of it, made once. Such terms are 45% of a field's,
    and a paragraph holds several (the reports' first segment: 53,990 terms, 9,002 documents
    and frequencies). At most _MOST_IN_ONE are kept (~10 MB), whatever the segment's size."""

    def __init__(self, length_get, inlined_tails: _InlinedTails):
        super().__init__()
        self._length_get, self._tails = length_get, inlined_tails

    def __missing__(self, key: int) -> bytes:
        if len(self) >= _MOST_IN_ONE:
            self.clear()
        docnum, freq = key >> 32, key & 0xFFFFFFFF
        total, top, tail = self._tails[_UINT_NATIVE.pack(freq)]
        length = self._length_get(docnum)
        byte = _length_byte(length) if length else 0
        info = self[key] = (_TERM_INFO.pack(1, total, 1, byte, byte, top, docnum, docnum)
                            + dumps((docnum,), 2)[:-1] + tail)
        return info


# An array("I")'s bytes for one value (_InlinedTails' key).
_UINT_NATIVE = struct.Struct("=I")
_MOST_IN_ONE = 50_000


class _InlinedTails(dict):
    """A run of frequencies (an array("I")'s bytes) → the weights' sum and top, and the end of
    an inlined term's pickle after its ids: dumps((ids, weights, values), 2) is dumps(ids, 2)
    without its STOP, then this (the weights and values as Whoosh's writer has them: floats,
    and each value its own "!I" bytes)."""

    def __missing__(self, key: bytes):
        freqs = array("I")
        freqs.frombytes(key)
        weights = tuple(map(float, freqs))
        ids = dumps(_SOME_IDS, 2)[:-1]
        whole = dumps((_SOME_IDS, weights, tuple(map(_UINT.pack, freqs))), 2)
        assert whole.startswith(ids)
        found = self[key] = (sum(weights), max(weights), whole[len(ids):])
        return found


def _write_counted_postings(out: _Gathered, docnums: array, freqs: array, lengths: Mapping[int, int]) -> bytes:
    """_write_postings for a counted field's term of several blocks: the gaps, the documents'
    lengths and the values ("!I" a frequency) worked out for the whole term at once, in C, then
    written a block at a time (no Python work per posting)."""
    if not lengths:             # a field without lengths (a counted field is scorable: never)
        return _write_postings(out, docnums, array("f", freqs), packed_frequencies(freqs), lengths, _UINT.size)
    doc_lengths = itemgetter(*docnums)(lengths)      # every document of a term has one (and it has several)
    count = len(docnums)
    gaps = [0, *map(sub, islice(docnums, 1, None), docnums)]
    values = _big_endian(freqs)
    start = out.pos
    out.write(WHOOSH3_HEADER_MAGIC)
    for begin in range(0, count, _BLOCK):
        end = min(begin + _BLOCK, count)
        block_freqs = freqs[begin:end]
        block_lengths = doc_lengths[begin:end]
        top = max(block_freqs)
        ids = gaps[begin:end]
        ids[0] = docnums[begin]             # a block's ids: its first, then the gaps
        data = _zipped(dumps((tuple(ids), _block_weights(top, min(block_freqs), block_freqs),
                              values[4 * begin:4 * end]), 2))
        info = dumps((end - begin, docnums[end - 1], float(top), POSTINGS_LEVEL,
                      _length_byte(min(block_lengths)), _length_byte(max(block_lengths))), 2)
        size = len(info) + len(data)
        out.write(pack_int(-size if end == count else size) + info + data)
    return (_TERM_INFO.pack(0, sum(freqs), count, _length_byte(min(doc_lengths)), _length_byte(max(doc_lengths)),
                            max(freqs), docnums[0], docnums[-1])
            + pack_long(start) + pack_int(out.pos - start))


def _block_weights(top: int, least: int, freqs: array):
    """A block's weights as W3 writes them: None when all are 1, one number when all are the
    same, else each."""
    if top == 1:                # frequencies are at least 1
        return None
    if least == top:
        return float(top)
    return tuple(map(float, freqs))


# At most about this many bytes of postings or terms wait in memory to be written: a segment
# of any size is written in bounded memory.
_GATHERED_BYTES = 16 << 20


class _Gathered:
    """The postings file's bytes gathered in memory and written a field (or _GATHERED_BYTES)
    at a time: no tell() and no small write per block (the file's position is counted here)."""

    def __init__(self, postfile):
        self._file = postfile
        self.pos = postfile.tell()
        self.parts: list[bytes] = []
        self._flush_at = self.pos + _GATHERED_BYTES

    def write(self, data: bytes) -> None:
        self.parts.append(data)
        self.pos += len(data)
        if self.pos >= self._flush_at:
            self.flush()
            self._flush_at = self.pos + _GATHERED_BYTES

    def flush(self) -> None:
        self._file.write(b"".join(self.parts))
        self.parts = []


_KEY_VALUE_LENGTHS = struct.Struct("!ii")    # before each record of a HashWriter file


class _TermsTable(OrderedHashWriter):
    """Whoosh's OrderedHashWriter (the terms file) with its records gathered in memory and
    written, hashed and indexed in bulk (_GATHERED_BYTES at a time, and when it closes): the
    same bytes, the same hash (md5's low 32 bits, md5_hash), the same hash tables."""

    def __init__(self, dbfile):
        super().__init__(dbfile)
        assert self.hashfn is md5_hash
        self._keys: list[bytes] = []
        self._values: list[bytes] = []
        self._size = 0
        # Each record's hash and position by bucket (in place of HashWriter's list of tuples:
        # 12 bytes a term), and where each record starts (OrderedHashWriter's index).
        self._buckets = [(array("I"), array("q")) for _ in range(256)]
        self._positions = array("q")

    def add(self, key: bytes, value: bytes) -> None:
        self._keys.append(key)
        self._values.append(value)
        self._size += len(key) + len(value)
        if self._size >= _GATHERED_BYTES:
            self._write_records()

    def _write_records(self) -> None:
        """The records added since the last call written, their hashes and positions kept
        (a hash and a position a record: what the hash tables need at close)."""
        keys, values = self._keys, self._values
        self._keys, self._values, self._size = [], [], 0
        if not keys:
            return
        if not (keys[0] > self.lastkey and all(map(lt, keys, islice(keys, 1, None)))):
            raise ValueError("the terms table's keys must increase")
        key_sizes, value_sizes = list(map(len, keys)), list(map(len, values))
        positions = list(accumulate(map(_RECORD_SIZE, key_sizes, value_sizes), initial=self.dbfile.tell()))
        self.dbfile.write(b"".join(chain.from_iterable(
            zip(map(_KEY_VALUE_LENGTHS.pack, key_sizes, value_sizes), keys, values))))
        for key, position in zip(keys, positions):
            h = int.from_bytes(md5(key).digest()[-4:], "big")
            hashes, places = self._buckets[h & 255]
            hashes.append(h)
            places.append(position)
        positions.pop()
        self._positions.extend(positions)
        self.lastkey = keys[-1]

    def close(self):
        self._write_records()
        positions = self._positions
        if positions:
            # GrowableArray's type for its largest number (the positions increase)
            top = positions[-1]
            self.index.array = array("H" if top < 2 ** 16 else "i" if top < 2 ** 31 else "I" if top < 2 ** 32 else "q",
                                     positions)
        self._positions = array("q")
        return super().close()

    def _write_hashes(self):
        """HashWriter._write_hashes, each bucket's table packed at once."""
        dbfile = self.dbfile
        pos = dbfile.tell()
        parts = []
        for bucket_hashes, bucket_positions in self._buckets:
            numslots = 2 * len(bucket_hashes)
            self.directory.append((pos, numslots))
            hashes, positions = [0] * numslots, [0] * numslots
            for hashval, position in zip(bucket_hashes, bucket_positions):
                slot = (hashval >> 8) % numslots
                while positions[slot]:          # taken (no record starts at 0: the header is there)
                    slot = (slot + 1) % numslots
                hashes[slot], positions[slot] = hashval, position
            parts.append(struct.pack(f"!{'Iq' * numslots}", *chain.from_iterable(zip(hashes, positions))))
            pos += numslots * _POINTER_SIZE
        dbfile.write(b"".join(parts))


def _RECORD_SIZE(key_size: int, value_size: int) -> int:
    return _KEY_VALUE_LENGTHS.size + key_size + value_size


_POINTER_SIZE = struct.calcsize("!Iq")      # a slot of a hash table: hash, record position


def _write_postings(out: _Gathered, docnums: list[int], weights: array, values: list[bytes],
                    lengths: Mapping[int, int], fixed_size: int | None) -> bytes:
    """A term's posting blocks, as W3PostingsWriter._write_block writes them; returns its term
    info bytes (W3TermInfo.to_bytes)."""
    start = out.pos
    out.write(WHOOSH3_HEADER_MAGIC)
    total_weight, min_length, max_length, max_weight = 0.0, None, 0, 0
    count = len(docnums)
    for begin in range(0, count, _BLOCK):
        ids = docnums[begin:begin + _BLOCK]
        block_weights = weights[begin:begin + _BLOCK]
        block_lengths = list(filter(None, map(lengths.get, ids)))      # a length is never 0 there
        low = min(block_lengths) if block_lengths else None
        high = max(block_lengths) if block_lengths else 0
        top = max(block_weights)
        total_weight += sum(block_weights)
        if low is not None:
            min_length = low if min_length is None else min(min_length, low)
        max_length, max_weight = max(max_length, high), max(max_weight, top)

        if fixed_size is None or fixed_size < 0:
            block_values = tuple(values[begin:begin + _BLOCK])
        elif fixed_size == 0:
            block_values = None
        else:
            block_values = b"".join(values[begin:begin + _BLOCK])
        first = block_weights[0]
        if first == 1.0 and block_weights.count(1.0) == len(block_weights):
            mini_weights = None
        elif block_weights.count(first) == len(block_weights):
            mini_weights = first
        else:
            mini_weights = tuple(block_weights)
        mini_ids = (ids[0], *map(sub, ids[1:], ids))        # the gaps between ids
        data = _zipped(dumps((mini_ids, mini_weights, block_values), 2))
        info = dumps((len(ids), ids[-1], top, POSTINGS_LEVEL, _length_byte(low), _length_byte(high)), 2)
        size = len(info) + len(data)
        out.write(pack_int(-size if begin + _BLOCK >= count else size) + info + data)
    return (_TERM_INFO.pack(0, total_weight, count, 0 if min_length is None else _length_byte(min_length),
                            _length_byte(max_length), max_weight, docnums[0], docnums[-1])
            + pack_long(start) + pack_int(out.pos - start))


def commit_segments(ix, segments: list, *, delete: Mapping[str, list[str]] | None = None,
                    optimize: bool = False) -> None:
    """Make `segments` part of the index, after deleting the documents whose `field` has one of
    the given values (`delete`). With `optimize`, Whoosh merges everything into one segment
    (which also drops the deleted documents for good)."""
    writer = ix.writer(compound=False)
    # The segment a merge writes (an incremental add's) keeps the stored fields unzipped too.
    _store_unzipped(getattr(writer, "perdocwriter", None))
    try:
        for field, values in (delete or {}).items():
            for value in values:
                writer.delete_by_term(field, value)
        writer.segments.extend(segments)        # SegmentWriter's list of the segments it commits
        writer.commit(optimize=optimize, merge=False)
    except BaseException:
        writer.cancel()
        raise


# ----------------------------------------------------------------------------- reading (W3)

def term_info(reader, fieldname: str, btext: bytes):
    """A term's record in a W3 segment (its document frequency, where its postings are): one
    look-up of the terms table, which `in`, doc_frequency() and postings() each repeat; None
    when the segment does not have the term. Only for a reader that reads_by_hand accepts."""
    table = _terms_table(reader)
    if table is None or reader.is_closed:
        try:
            return reader._terms.term_info(fieldname, btext)      # (raises as Whoosh does once closed)
        except TermNotFound:
            return None
    fd, tables, prefixes = table
    found = _hash_lookup(fd, tables, prefixes.get(fieldname, _NO_FIELD) + btext)
    return _term_record(found) if found is not None else None


def doc_frequency(reader, fieldname: str, text) -> int:
    """reader.doc_frequency(fieldname, text) (deleted documents counted, as Whoosh counts them),
    each W3 segment's terms table read by hand: one pread a look-up and only the record's count,
    where Whoosh's reader seeks and reads each field of each hash slot (its look-ups were 40% of
    the commonest words' table, which asks about every character of the vocabulary). A segment
    this module does not read is asked as Whoosh would."""
    if fieldname not in reader.schema:
        return reader.doc_frequency(fieldname, text)        # (raises as Whoosh does)
    btext = reader.schema[fieldname].to_bytes(text) if isinstance(text, str) else text
    leaves = [reader] if reader.is_atomic() else [leaf for leaf, _ in reader.leaf_readers()]
    total = 0
    for leaf in leaves:
        table = _terms_table(leaf) if _known_whoosh() else None
        if table is None or leaf.is_closed:
            total += leaf.doc_frequency(fieldname, btext)
            continue
        fd, tables, prefixes = table
        found = _hash_lookup(fd, tables, prefixes.get(fieldname, _NO_FIELD) + btext)
        if found is not None:
            total += _RECORD.unpack_from(found)[2]       # W3TermInfo's df
    return total


def _terms_table(reader) -> tuple | None:
    """(file descriptor, hash tables, field name → key prefix) of a segment's terms table,
    worked out once a reader and kept with it (a pooled searcher's reader serves request after
    request: finding them again cost a fifth of a rare term's look-up); None where it is not a
    plain file of Whoosh's md5 hash table, read by Whoosh then."""
    try:
        return reader.__dict__["_termsearch_terms_table"]
    except KeyError:
        pass
    terms = getattr(reader, "_terms", None)
    table = getattr(terms, "_tindex", None)
    found = None
    if table is not None and table.hashfn is md5_hash and _known_whoosh():
        fd = _file_descriptor(table.dbfile)
        if fd is not None:
            # W3TermsReader._keycoder: the field's number as an unsigned short, then the term.
            prefixes = {name: pack_ushort(number) for name, number in terms._fieldmap.items()}
            found = (fd, table.tables, prefixes)
    reader.__dict__["_termsearch_terms_table"] = found
    return found


_NO_FIELD = pack_ushort(65535)          # W3TermsReader._keycoder's number of a field it has not
_RECORD = W3TermInfo._struct
_NO_ID = 0xffffffff


def _term_record(data: bytes) -> W3TermInfo:
    """W3TermInfo.from_bytes(data): the same record, made without its chain of constructors."""
    flags, weight, df, minlength, maxlength, maxweight, minid, maxid = _RECORD.unpack_from(data)
    info = _new_record(W3TermInfo)
    info._weight, info._df, info._maxweight = weight, df, maxweight
    info._minlength, info._maxlength = byte_to_length(minlength), byte_to_length(maxlength)
    info._minid = None if minid == _NO_ID else minid
    info._maxid = None if maxid == _NO_ID else maxid
    at = _RECORD.size
    if flags:
        info._inlined = load_pickles(data[at:])
        info._offset = info._length = None
    else:
        info._inlined = None
        info._offset = _unpack_long(data, at)[0]
        # (a 1-tuple, as from_bytes leaves it)
        info._length = _unpack_int(data, at + _LONG_SIZE)
    return info


_new_record = object.__new__
_LONG_SIZE = struct.calcsize("!q")
_unpack_long = struct.Struct("!q").unpack_from


_POINTER = struct.Struct("!Iq")         # a hash table's slot: the key's hash, where its item is
_LENGTHS = struct.Struct("!ii")         # an item's head: the key's length, the value's
_ITEM_READ = 96                         # bytes read at an item: its head, key and (mostly) value
_SLOTS_READ = 8                         # slots read at once: a walk mostly ends within them


def _hash_lookup(fd: int, tables: list[tuple[int, int]], key: bytes) -> bytes | None:
    """The value of `key` in a Whoosh hash file (filetables.HashReader.ranges_for_key's walk,
    md5 hashes), read with one pread for a run of slots and one an item instead of Whoosh's seek
    and read of each field of each (eight system calls and twenty Python calls a look-up). A
    table is half full, so a key's walk meets about two slots (a term the segment has not, more):
    read a slot at a time, it was a pread each."""
    keyhash = int.from_bytes(md5(key).digest()[-4:], "big")         # filetables.md5_hash
    tablestart, numslots = tables[keyhash & 255]
    if not numslots:
        return None
    tableend = tablestart + numslots * _POINTER.size
    slotpos = tablestart + (keyhash >> 8) % numslots * _POINTER.size
    left = numslots
    while left:
        count = min(_SLOTS_READ, left, (tableend - slotpos) // _POINTER.size)
        for slothash, itempos in _POINTER.iter_unpack(os.pread(fd, count * _POINTER.size, slotpos)):
            if not itempos:
                return None
            if slothash == keyhash:
                item = os.pread(fd, max(_ITEM_READ, _LENGTHS.size + len(key)), itempos)
                keylen, datalen = _LENGTHS.unpack_from(item)
                start = _LENGTHS.size + keylen
                if keylen == len(key) and item[_LENGTHS.size:start] == key:
                    value = item[start:start + datalen]
                    return value if len(value) == datalen else os.pread(fd, datalen, itempos + start)
        left -= count
        slotpos += count * _POINTER.size
        if slotpos == tableend:
            slotpos = tablestart
    return None


def _read_at(structfile, position: int, length: int) -> bytes:
    """structfile.get(position, length): one pread where it reads a plain open file (its seek
    and read were four calls, a tenth of reading a rare word's postings)."""
    raw = structfile.file
    if type(raw) is BufferedReader and not raw.closed:
        return os.pread(raw.fileno(), length, position)
    return structfile.get(position, length)         # (raises as Whoosh does once closed)


def _file_descriptor(structfile) -> int | None:
    """The descriptor of the file a StructFile reads, when its positions are the file's own (a
    plain file, not a part of a compound file or a memory map); else None."""
    raw = structfile.file
    if type(raw) is not BufferedReader:
        return None
    try:
        return raw.fileno()
    except (OSError, ValueError):
        return None


def term_matcher(reader, fieldname: str, btext: bytes, info):
    """The matcher of a term's postings from its record (what reader.postings gives, without
    looking the term up again), deleted documents NOT left out. A W3 list kept in the postings
    file is given as where it is (leaf_postings reads it in one piece): Whoosh's matcher would
    read its header and first block on being made."""
    terms = reader._terms
    if _known_whoosh() and type(terms._codec) is W3Codec:
        if info.is_inlined():
            # (W3Codec.postings_reader's ListMatcher, of which leaf_postings reads only these)
            ids, weights, _ = info.inlined_postings()
            return _InlinedList(ids, weights)
        offset, length = info.extent()
        # W3TermInfo.from_bytes leaves the length as struct.unpack gives it: a 1-tuple.
        return _W3List(terms._postfile, offset, length[0] if isinstance(length, tuple) else length)
    return terms._codec.postings_reader(terms._postfile, info, reader.schema[fieldname].format,
                                        term=(fieldname, btext))


class _InlinedList:
    """A term's postings inlined in its record (what ListMatcher holds of them), for leaf_postings."""

    __slots__ = ("_ids", "_weights")

    def __init__(self, ids, weights):
        self._ids, self._weights = ids, weights


class _W3List:
    """Where a W3 posting list is in its segment's postings file (W3LeafMatcher's first three
    arguments), for _read_blocks."""

    __slots__ = ("_postfile", "_startoffset", "_length")
    _byteids = None                 # a term's postings (not a vector's)

    def __init__(self, postfile, offset: int, length: int):
        self._postfile, self._startoffset, self._length = postfile, offset, length


def leaf_postings(matcher, weights: bool, among: list[int] | None) -> tuple[list[int], list[float] | None] | None:
    """Ids and weights of a segment's posting list, read in bulk from the matcher its reader
    gave (deleted documents NOT left out); None for a matcher this module does not know.
    With `among`, blocks holding none of those documents may be skipped."""
    if not _known_whoosh():
        return None
    if isinstance(matcher, FilterMatcher):      # Whoosh's wrapper that drops deleted documents
        matcher = matcher.child
    if type(matcher) is W3LeafMatcher or type(matcher) is _W3List:
        return _read_blocks(matcher, weights, among)
    if type(matcher) is ListMatcher or type(matcher) is _InlinedList:   # a list short enough to live in the term info
        ids = list(matcher._ids)
        found = list(map(float, matcher._weights)) if weights and matcher._weights else (
            [1.0] * len(ids) if weights else None)
        return ids, found
    return None


def _read_blocks(matcher: W3LeafMatcher, weights: bool,
                 among: list[int] | None) -> tuple[list[int], list[float] | None]:
    """The blocks of a W3 posting list, decoded as W3LeafMatcher._goto/_read_ids/_read_weights
    do; with `among`, only the blocks whose id range holds one of those documents.

    The list's bytes are read in one piece and its blocks parsed from them: the matcher's
    walk costs a dozen Python calls a block (seeks, reads, its header's lengths), a fifth of a
    common word's read."""
    start = matcher._startoffset
    length = matcher._length
    # W3TermInfo.from_bytes leaves the length as struct.unpack gives it: a 1-tuple.
    raw = _read_at(matcher._postfile, start, length[0] if isinstance(length, tuple) else length)
    position = len(WHOOSH3_HEADER_MAGIC)       # past the header (W3LeafMatcher._read_header)
    if raw[:position] != WHOOSH3_HEADER_MAGIC:
        raise ValueError(f"Block tag error {raw[:position]!r}")       # as W3LeafMatcher says
    blocks = BytesIO(raw)
    ids: list[int] = []
    found: list[float] | None = [] if weights else None
    below = -1                                  # every id of the block is above the previous block's last
    last = False
    while not last:
        length = _unpack_int(raw, position)[0]
        if length < 0:
            last, length = True, -length
        following = position + _INT_SIZE + length
        blocks.seek(position + _INT_SIZE)
        count, maxid, _, compressed, _, _ = load_pickle(blocks)
        if among is not None:
            nearest = bisect_right(among, below)
            if nearest == len(among):
                break
            if among[nearest] > maxid:
                below, position = maxid, following
                continue
        data = raw[blocks.tell():following]
        data = load_pickles(zlib.decompress(data) if compressed else data)
        ids.extend(data[0] if matcher._byteids else accumulate(data[0]))
        if weights:
            block = data[1]
            if block is None:
                found.extend([1.0] * count)
            elif isinstance(block, float):
                # Whoosh stores it in an array("f"): the same single-precision rounding.
                found.extend([array("f", [block])[0]] * count)
            else:
                found.extend(block)
        below, position = maxid, following
    return ids, found


_INT_SIZE = struct.calcsize("!i")
_unpack_int = struct.Struct("!i").unpack_from


def length_bytes(reader, fieldname: str) -> bytes | None:
    """Each document's quantised length byte for `fieldname` (byte_to_length gives the
    length BM25F uses), indexed by docnum; None if the field stores no lengths. Only for a
    reader that reads_by_hand accepts."""
    lenfield = _lenfield(fieldname)
    if not reader._perdoc.has_column(lenfield):
        return None
    column = reader._perdoc._cached_reader(lenfield, LENGTHS_COLUMN)
    count = reader.doc_count_all()
    if type(column) is NumericColumn.Reader and column._typecode == "B":
        # One read of the column file instead of one per document.
        raw = column._dbfile.get(column._basepos, min(column._count, count))
        return bytes(raw) + bytes([column._default]) * (count - len(raw))
    return bytes(column[doc] for doc in range(count))


def column_list(column) -> list:
    """A column reader's values for every document, in a few reads of its file where this
    module knows the column's layout (Whoosh's reader gets them one document at a time)."""
    if not _known_whoosh():
        return list(column)
    raw = column.raw_column() if isinstance(column, TranslatingColumnReader) else column
    if type(raw) is VarBytesColumn.Reader:
        lengths = raw._lengths
        data = raw._dbfile.get(raw._basepos, sum(lengths))
        ends = list(accumulate(lengths))
        values = list(map(data.__getitem__, map(slice, [0, *ends[:-1]], ends)))
    elif type(raw) is RefBytesColumn.Reader:
        # A reference per document into the list of distinct values.
        refs = array(raw._typecode, raw._dbfile.get(raw._basepos, raw._doccount * raw._itemsize))
        if refs.itemsize > 1 and sys.byteorder == "little":
            refs.byteswap()                     # stored big-endian ("!")
        values = list(map(raw._uniques.__getitem__, refs))
    elif (type(raw) is NumericColumn.Reader and array(raw._typecode).itemsize == raw._fixedlen
          and (column is raw or _keeps_values(column._translate))):
        # An array, not a list: 4 bytes a document rather than an int object and a pointer
        # (the paragraphs' rows of the whole corpus were ~15 MB as a list).
        stored = min(raw._count, raw._doccount)
        values = array(raw._typecode)
        values.frombytes(raw._dbfile.get(raw._basepos, stored * raw._fixedlen))
        if values.itemsize > 1 and sys.byteorder == "little":
            values.byteswap()                   # stored big-endian ("!")
        values.extend([raw._default] * (raw._doccount - stored))
        return values
    else:
        return list(column)
    if column is raw:
        return values
    return list(map(_Translated(column._translate).__getitem__, values))


def _keeps_values(translate) -> bool:
    """Whether a column reader's translation is a plain COLUMN field's (the value as stored)."""
    field = getattr(translate, "__self__", None)
    return (type(field) is COLUMN and getattr(translate, "__func__", None) is FieldType.from_column_value
            and type(field).from_bytes is COLUMN.from_bytes)


class _Translated(dict):
    """Column bytes → field value, each distinct value translated once."""

    def __init__(self, translate):
        super().__init__()
        self.translate = translate

    def __missing__(self, raw):
        value = self[raw] = self.translate(raw)
        return value


def field_b(weighting, fieldname: str) -> float:
    """BM25F's B for a field (a per-field B given as `<field>_B`, else the weighting's B)."""
    return weighting._field_B.get(fieldname, weighting.B)


def stored_fields(reader) -> "StoredFields":
    """The reader's StoredFields, worked out once a reader and kept with it (as postings.py
    keeps what it works out): a pooled searcher's reader serves request after request, and
    working out its segments' columns again for each request cost as much as reading a hit's
    fields."""
    if not hasattr(reader, "leaf_readers"):     # not a Whoosh reader: ask it as Whoosh would
        return reader.stored_fields
    try:
        return reader.__dict__["_termsearch_stored_fields"]
    except KeyError:
        found = reader.__dict__["_termsearch_stored_fields"] = StoredFields(reader)
        return found


class StoredFields:
    """reader.stored_fields(docnum), read with one pread each from the stored column's
    offsets, then unzipped and unpickled as Whoosh does, without its six layers of calls
    (MultiReader → SegmentReader → W3PerDocReader → PickleColumn → CompressedBytesColumn →
    StructFile's seek and read): half of what a hit's fields cost. A segment this does not
    know (another Whoosh, a compound file) is read by Whoosh."""

    def __init__(self, reader):
        self._reader = reader
        leaves = reader.leaf_readers()
        self._offsets = [offset for _, offset in leaves]
        self._segments = [_stored_column(segment) for segment, _ in leaves]

    def __call__(self, docnum: int) -> dict:
        at = bisect_right(self._offsets, docnum) - 1
        found = self._segments[at] if at >= 0 else None
        if found is None:
            return self._reader.stored_fields(docnum)
        segment, fd, base, offsets, lengths, decompress, names = found
        local = docnum - self._offsets[at]
        if segment.is_closed or not 0 <= local < len(lengths):
            return self._reader.stored_fields(docnum)     # raises as Whoosh does
        length = lengths[local]
        if not length:
            return {}
        stored = load_pickles(decompress(os.pread(fd, length, base + offsets[local])))
        # SegmentReader.stored_fields: fields no longer in the schema left out.
        return stored if stored.keys() <= names else {k: v for k, v in stored.items() if k in names}


def _stored_column(segment) -> tuple | None:
    """(segment, file descriptor, column start, offsets, lengths, decompress, the schema's field
    names) of a W3 segment's stored fields as PickleColumn(CompressedBytesColumn()) keeps them
    in a plain file; else None."""
    perdoc = getattr(segment, "_perdoc", None)
    if not _known_whoosh() or type(segment) is not SegmentReader or type(perdoc) is not W3PerDocReader:
        return None
    column = perdoc._cached_reader("_stored", STORED_COLUMN)
    if type(column) is not PickleColumn.Reader or type(column._child) is not CompressedBytesColumn.Reader:
        return None
    child = column._child
    fd = _file_descriptor(child._dbfile)
    if fd is None:
        return None
    _share_positions(child, fd)
    return (segment, fd, child._basepos, child._offsets, child._lengths, child._decompress,
            frozenset(segment.schema.names()))


# The stored column's offsets and lengths of a file on disk → the arrays every reader of it
# holds. Each server thread's searcher reads its own copy (2.3 MB a copy on the whole corpus);
# one copy is kept while any reader holds it, gone with the last.
_positions: "weakref.WeakValueDictionary" = weakref.WeakValueDictionary()
_positions_lock = threading.Lock()


def _share_positions(child, fd: int) -> None:
    """Has the column reader `child` hold the offsets and lengths arrays another reader of the
    same file (the same bytes on disk, unchanged since) already holds, when they are equal."""
    offsets, lengths = child._offsets, child._lengths
    if type(offsets) is not array or type(lengths) is not array:
        return
    try:
        found = os.fstat(fd)
    except OSError:
        return
    key = (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, child._basepos, len(lengths))
    with _positions_lock:
        shared_offsets = _positions.setdefault((*key, "offsets"), offsets)
        shared_lengths = _positions.setdefault((*key, "lengths"), lengths)
    if shared_offsets is not offsets and shared_offsets == offsets:
        child._offsets = shared_offsets
    if shared_lengths is not lengths and shared_lengths == lengths:
        child._lengths = shared_lengths
