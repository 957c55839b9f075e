"""Whoosh segments written in bulk from paragraphs whose words are already counted.

Whoosh's own writer spends most of a build in Python per posting: a token object per word,
a pool of posting tuples sorted through temporary files, a type-checked call per posting.
Here a segment's postings are inverted in plain dicts and each term's posting blocks are
written whole. The files are byte for byte what Whoosh's writer makes (tests/test_segments.py
checks), so everything that reads the index is Whoosh's own reader.

Written against Whoosh 2.7.4's W3 codec (pinned in pyproject.toml): its block layout below
follows W3PostingsWriter._write_block and W3TermInfo.to_bytes.
"""
from __future__ import annotations

import struct
import zlib
from array import array
from collections.abc import Mapping
from itertools import pairwise

from whoosh.codec import default_codec
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec
from whoosh.compat import dumps
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.system import pack_int, pack_long, pack_uint, pack_ushort
from whoosh.util.numeric import length_to_byte

# Frequencies as Whoosh's Frequency format encodes them; most are small, so made once.
_PACKED = [pack_uint(n) for n in range(256)]
_TERM_INFO = struct.Struct("!BfIBBfII")      # W3TermInfo: flags, weight, df, lengths, max weight, ids


class SegmentBuilder:
    """One new segment of `ix`: add paragraphs, then `finish()` and give the segment to a
    Whoosh writer (`commit_segments`)."""

    def __init__(self, ix):
        self._schema = ix.schema
        self._storage = ix.storage
        self._codec = codec = default_codec()
        self.segment = codec.new_segment(ix.storage, ix.indexname)
        self._perdoc = codec.per_document_writer(ix.storage, self.segment)
        self._docnum = 0
        # counted fields: word → (docnums, frequencies); the others: word bytes → (docnums, weights, values)
        self._counted: dict[str, dict[str, tuple[array, array]]] = {}
        self._indexed: dict[str, dict[bytes, tuple[list, list, list]]] = {}
        self._lengths: dict[str, dict[int, int]] = {}     # field → docnum → length (when not 0)

    def add(self, fields: Mapping, counted: Mapping[str, Mapping[str, int]]) -> None:
        """One document. `fields` as for Whoosh's add_document (with `_stored_<name>` for a
        stored value other than the indexed one); `counted` gives, for fields analysed
        already, each word's frequency: those fields skip their Whoosh analyzer."""
        docnum = self._docnum
        perdoc = self._perdoc
        perdoc.start_doc(docnum)
        for name in sorted(n for n in set(fields) | set(counted) if not n.startswith("_")):
            field = self._schema[name]
            value = fields.get(name)
            if value is None and name not in counted:
                continue
            length = 0
            if name in counted:
                postings = self._counted.setdefault(name, {})
                for word, freq in counted[name].items():
                    entry = postings.get(word)
                    if entry is None:
                        entry = postings[word] = (array("I"), array("I"))     # 4 bytes a posting
                    entry[0].append(docnum)
                    entry[1].append(freq)
                length = sum(counted[name].values()) if field.scorable else 0
            elif field.indexed:
                postings = self._indexed.setdefault(name, {})
                for word, freq, weight, encoded in field.index(value):
                    length += freq if field.scorable else 0
                    entry = postings.get(word)
                    if entry is None:
                        entry = postings[word] = ([], [], [])
                    entry[0].append(docnum)
                    entry[1].append(weight)
                    entry[2].append(encoded)
            stored = fields.get(f"_stored_{name}", value)
            perdoc.add_field(name, field, stored if field.stored else None, length)
            if length:
                self._lengths.setdefault(name, {})[docnum] = length
            if field.column_type and stored is not None:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(stored))
        perdoc.finish_doc()
        self._docnum += 1

    def finish(self):
        """Write the postings and close the segment's files; returns the segment."""
        self._perdoc.close()
        segment = self.segment
        terms = segment.create_file(self._storage, W3Codec.TERMS_EXT)
        table = OrderedHashWriter(terms)
        fieldmap = table.extras["fieldmap"] = {}
        postfile = segment.create_file(self._storage, W3Codec.POSTS_EXT)
        for name in sorted(set(self._counted) | set(self._indexed)):
            field = self._schema[name]
            prefix = pack_ushort(fieldmap.setdefault(name, len(fieldmap)))
            lengths = self._lengths.get(name, {})
            fixed_size = field.format.fixed_value_size()
            for word, docnums, weights, values in self._terms_of(name, field):
                info = _write_postings(postfile, docnums, weights, values, lengths, fixed_size)
                table.add(prefix + word, info)
        table.close()
        postfile.close()
        segment.set_doc_count(self._docnum)
        return segment

    def _terms_of(self, name: str, field):
        """(word bytes, docnums, weights, values) of a field, in word order (UTF-8 bytes sort
        as the code points do)."""
        if name in self._counted:
            boost = field.format.field_boost
            postings = self._counted[name]
            for word in sorted(postings):
                docnums, freqs = postings[word]
                weights = array("f", freqs) if boost == 1.0 else array("f", [f * boost for f in freqs])
                values = [_PACKED[f] if f < 256 else pack_uint(f) for f in freqs]
                yield word.encode("utf-8"), docnums, weights, values
        else:
            postings = self._indexed[name]
            for word in sorted(postings):
                docnums, weights, values = postings[word]
                yield word, docnums, array("f", weights), values


_BLOCK = 128            # W3Codec's block limit
_COMPRESSION = 3        # W3Codec's zlib level (it compresses every block, however small)


def _write_postings(postfile, docnums: list[int], weights: array, values: list[bytes],
                    lengths: Mapping[int, int], fixed_size: int | None) -> bytes:
    """A term's posting blocks, as W3PostingsWriter writes them; returns its term info bytes."""
    start = postfile.tell()
    postfile.write(WHOOSH3_HEADER_MAGIC)
    total_weight, min_length, max_length, max_weight = 0.0, None, 0, 0
    count = len(docnums)
    for begin in range(0, count, _BLOCK):
        ids = docnums[begin:begin + _BLOCK]
        block_weights = weights[begin:begin + _BLOCK]
        block_lengths = [lengths[d] for d in ids if d in lengths]
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
        mini_ids = (ids[0], *(b - a for a, b in pairwise(ids)))
        data = zlib.compress(dumps((mini_ids, mini_weights, block_values), 2), _COMPRESSION)
        info = dumps((len(ids), ids[-1], top, _COMPRESSION, length_to_byte(low), length_to_byte(high)), 2)
        size = len(info) + len(data)
        postfile.write(pack_int(-size if begin + _BLOCK >= count else size))
        postfile.write(info)
        postfile.write(data)
    return (_TERM_INFO.pack(0, total_weight, count, 0 if min_length is None else length_to_byte(min_length),
                            length_to_byte(max_length), max_weight, docnums[0], docnums[-1])
            + pack_long(start) + pack_int(postfile.tell() - start))


def commit_segments(ix, segments: list, *, delete: Mapping[str, list[str]] | None = None,
                    optimize: bool = False) -> None:
    """Make `segments` part of the index, after deleting the documents whose `field` has one of
    the given values (`delete`). With `optimize`, Whoosh merges everything into one segment
    (which also drops the deleted documents for good)."""
    writer = ix.writer(compound=False)
    try:
        for field, values in (delete or {}).items():
            for value in values:
                writer.delete_by_term(field, value)
        writer.segments.extend(segments)
        writer.commit(optimize=optimize, merge=False)
    except BaseException:
        writer.cancel()
        raise
