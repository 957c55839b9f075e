"""A term's whole posting list, and a segment's per-document columns, read in bulk.

Whoosh's matchers walk postings one at a time in Python (id(), next(), skip_to()). Reading a
posting list block by block and decoding each block in C (itertools.accumulate for the
delta-coded ids) gives the same ids and weights many times faster. Everything here is per
segment reader ("leaf"); deleted documents are left out, as Whoosh's reader.postings does.

Nothing read from postings is kept between calls. What is kept, per segment reader (they are
immutable snapshots), is what Whoosh itself keeps a reader for: the field-length column, the
set of deleted documents and the sortable columns used for counts.
"""
from __future__ import annotations

import sys
import weakref
from array import array
from bisect import bisect_right
from itertools import accumulate, compress
from operator import not_

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.columns import NumericColumn, RefBytesColumn, TranslatingColumnReader, VarBytesColumn
from whoosh.matching import FilterMatcher, ListMatcher

_deleted_by_reader: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_lengths_by_reader: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_columns_by_reader: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


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
    found = _deleted_by_reader.get(reader)
    if found is None:
        found = frozenset(_deleted_docs(reader))
        _deleted_by_reader[reader] = found
    return found


def _deleted_docs(reader):
    if not reader.has_deletions():
        return ()
    return (doc for doc in range(reader.doc_count_all()) if reader.is_deleted(doc))


def postings(reader, fieldname: str, btext: bytes, weights: bool = True,
             among: list[int] | None = None) -> tuple[list[int], list[float] | None]:
    """Ids (ascending) and weights of a term in one segment, deleted documents left out.

    `btext` comes from term_bytes (the term is known to be in the segment). With `among`
    (ascending docnums), only those documents: blocks holding none of them are not decoded,
    so a common word is cheap to check against a few documents.
    """
    matcher = reader.postings(fieldname, btext)
    if isinstance(matcher, FilterMatcher):      # Whoosh's wrapper that drops deleted documents
        matcher = matcher.child
    if type(matcher) is W3LeafMatcher:
        ids, found_weights = _read_blocks(matcher, weights, among)
    elif type(matcher) is ListMatcher:         # a posting list short enough to live in the term info
        ids = list(matcher._ids)
        found_weights = [float(w) for w in matcher._weights] if weights and matcher._weights else (
            [1.0] * len(ids) if weights else None)
    else:                                        # any other backend: Whoosh's own walk (slow, exact)
        ids, found_weights = [], [] if weights else None
        while matcher.is_active():
            ids.append(matcher.id())
            if weights:
                found_weights.append(matcher.weight())
            matcher.next()
    dead = deleted(reader)
    if dead:
        ids, found_weights = _kept(ids, found_weights, map(not_, map(dead.__contains__, ids)))
    if among is not None:
        ids, found_weights = _kept(ids, found_weights, map(frozenset(among).__contains__, ids))
    return ids, found_weights


def _kept(ids: list[int], weights: list[float] | None, keep) -> tuple[list[int], list[float] | None]:
    keep = list(keep)
    return list(compress(ids, keep)), (list(compress(weights, keep)) if weights is not None else None)


def _read_blocks(matcher: W3LeafMatcher, weights: bool,
                 among: list[int] | None) -> tuple[list[int], list[float] | None]:
    """The blocks of a W3 posting list, decoded as W3LeafMatcher._read_ids/_read_weights do;
    with `among`, only the blocks whose id range holds one of those documents."""
    ids: list[int] = []
    found: list[float] | None = [] if weights else None
    below = -1                                  # every id of the block is above the previous block's last
    while not matcher._atend:
        if among is not None:
            nearest = bisect_right(among, below)
            if nearest == len(among):
                break
            if among[nearest] > matcher._maxid:
                below = matcher._maxid
                matcher._next_block()
                continue
        count = matcher._blocklength
        matcher._read_data()
        data = matcher._data
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
        below = matcher._maxid
        matcher._next_block()
    return ids, found


def field_lengths(reader, fieldname: str) -> bytes | None:
    """Each document's quantised length byte for `fieldname` (byte_to_length gives the
    length BM25F uses), indexed by docnum; None if the field stores no lengths."""
    per_reader = _lengths_by_reader.setdefault(reader, {})
    if fieldname not in per_reader:
        per_reader[fieldname] = _read_lengths(reader, fieldname)
    return per_reader[fieldname]


def _read_lengths(reader, fieldname: str) -> bytes | None:
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


def column_values(reader, name: str) -> list:
    """A sortable column's value for every document of the segment, by docnum."""
    per_reader = _columns_by_reader.setdefault(reader, {})
    if name not in per_reader:
        per_reader[name] = _read_column(reader.column_reader(name))
    return per_reader[name]


def _read_column(column) -> list:
    """The column's values in a few reads (Whoosh's reader gets them one document at a time)."""
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
    else:
        return list(column)
    if column is raw:
        return values
    return list(map(_Translated(column._translate).__getitem__, values))


class _Translated(dict):
    """Column bytes → field value, each distinct value translated once."""

    def __init__(self, translate):
        super().__init__()
        self.translate = translate

    def __missing__(self, raw):
        value = self[raw] = self.translate(raw)
        return value
