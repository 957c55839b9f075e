"""Whoosh segments written in bulk from paragraphs whose words are already counted.

Whoosh's own writer spends most of a build in Python per posting: a token object per word,
a pool of posting tuples sorted through temporary files, a type-checked call per posting.
Here a segment's postings are inverted in plain dicts and each term's posting blocks are
written whole, in Whoosh's W3 format, by whoosh_format (the one module that knows Whoosh's
files), a rare term's postings inlined in its record of the terms table. The files are byte
for byte what Whoosh's writer makes with W3Codec(inlinelimit=whoosh_format.INLINE_BELOW)
(tests/test_segments.py checks), so everything that reads the index is Whoosh's own reader.

A builder's postings grow with its paragraphs; `spill()` writes those held so far to a
temporary run file (sorted, uncompressed) and lets them go, and `finish()` merges the runs term
by term into the one segment, so a segment of any size is written in bounded memory, and its
files are what one builder holding everything would have written.

When whoosh_format does not know the installed Whoosh, WhooshWriter takes the same counted
paragraphs to Whoosh's own writer instead: slower, the same index.
"""
from __future__ import annotations

import heapq
import pickle
import tempfile
from array import array
from collections import defaultdict, deque
from collections.abc import Iterator, Mapping
from functools import partial
from itertools import groupby, islice, repeat
from operator import itemgetter

from whoosh.fields import ID

from . import whoosh_format

# A counted field's word's postings: docnum, frequency, docnum, frequency, ... (8 bytes a posting)
_new_postings = partial(array, "I")
# Runs an iterator to its end, keeping nothing (a map of calls done for their effect, in C).
_consume = deque(maxlen=0).extend

# A counted field's postings array: its docnums, its frequencies.
_EVEN, _ODD = itemgetter(slice(0, None, 2)), itemgetter(slice(1, None, 2))

# ID values analysed and kept by a SegmentBuilder (SegmentBuilder._index) before it lets them go.
_MOST_ANALYSED = 10_000

# Terms pickled together in a run file: one pickle per term would cost more than the terms.
RUN_BATCH = 4096


class SegmentBuilder:
    """One new segment of `ix`: add paragraphs, then `finish()` and give the segment to a
    Whoosh writer (`commit_segments`)."""

    def __init__(self, ix):
        self._schema = ix.schema
        self._storage = ix.storage
        self.segment, self._perdoc = whoosh_format.new_segment(ix)
        self._docnum = 0
        # counted fields: word → docnum, frequency, docnum, frequency, ... (one array a word: a
        # posting costs 8 bytes); the others: word bytes → (docnums, weights, values)
        self._counted: dict[str, dict[str, array]] = {}
        self._indexed: dict[str, dict[bytes, tuple[list, list, list]]] = {}
        self._lengths: dict[str, _Lengths] = {}     # field → each docnum's length (0: none)
        self._runs: list[_Run] = []             # postings spilled to disk (spill), oldest first
        # A document's field names in the order they are written, for each set of names given
        # (sorting them again for each paragraph cost a tenth of adding it), and what an ID
        # field's analyzer makes of a value (a paragraph's document and section: the same for
        # runs of paragraphs, analysed once a value instead of once a paragraph).
        self._names: dict[tuple, list[str]] = {}
        self._analysed: dict[tuple[str, str], list[tuple]] = {}

    def add(self, fields: Mapping, counted: Mapping[str, Mapping[str, int]]) -> None:
        """One document. `fields` as for Whoosh's add_document (with `_stored_<name>` for a
        stored value other than the indexed one); `counted` gives, for fields analysed
        already, each word's frequency: those fields skip their Whoosh analyzer."""
        docnum = self._docnum
        perdoc = self._perdoc
        perdoc.start_doc(docnum)
        given = (*fields, "", *counted)
        names = self._names.get(given)
        if names is None:
            names = self._names[given] = sorted(n for n in set(fields) | set(counted) if not n.startswith("_"))
        for name in names:
            field = self._schema[name]
            value = fields.get(name)
            if value is None and name not in counted:
                continue
            length = 0
            if name in counted:
                postings = self._counted.get(name)
                if postings is None:
                    postings = self._counted[name] = defaultdict(_new_postings)
                words = counted[name]
                # Each word's array gets the docnum, then the frequency (a word comes once
                # in a document's counts): map and array.append run in C, no loop turn a posting.
                entries = list(map(postings.__getitem__, words))
                _consume(map(array.append, entries, repeat(docnum)))
                _consume(map(array.append, entries, words.values()))
                length = sum(words.values()) if field.scorable else 0
            elif field.indexed:
                postings = self._indexed.setdefault(name, {})
                for word, freq, weight, encoded in self._index(name, field, value):
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
                lengths = self._lengths.get(name)
                if lengths is None:
                    lengths = self._lengths[name] = _Lengths("I")
                if len(lengths) < docnum:
                    lengths.frombytes(bytes(lengths.itemsize * (docnum - len(lengths))))
                lengths.append(length)
            if field.column_type and stored is not None:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(stored))
        perdoc.finish_doc()
        self._docnum += 1

    def _index(self, name: str, field, value) -> list[tuple]:
        """field.index(value): (word bytes, frequency, weight, value) of each word; an ID
        field's kept for its value (at most _MOST_ANALYSED values at once)."""
        if type(field) is not ID or type(value) is not str:
            return field.index(value)
        key = (name, value)
        found = self._analysed.get(key)
        if found is None:
            if len(self._analysed) >= _MOST_ANALYSED:
                self._analysed.clear()
            found = self._analysed[key] = list(field.index(value))
        return found

    def spill(self) -> None:
        """Write the postings held so far to a temporary run file (in the index's folder) and
        let them go; finish() merges them back. The documents' own files are written as they
        come and stay open: the segment is still one."""
        if not (self._counted or self._indexed):
            return
        run = _Run(self._storage.folder if hasattr(self._storage, "folder") else None)
        for name in sorted(set(self._counted) | set(self._indexed)):
            if name in self._counted:
                run.write(name, True, ((word, postings[word]) for postings in [self._counted[name]]
                                       for word in sorted(postings)))
            else:
                run.write(name, False, ((word, postings[word]) for postings in [self._indexed[name]]
                                        for word in sorted(postings)))
        run.close_writing()
        self._runs.append(run)
        self._counted, self._indexed = {}, {}

    def finish(self):
        """Write the postings (merging any spilled runs) and close the segment's files;
        returns the segment."""
        self._perdoc.close()
        for lengths in self._lengths.values():      # the documents after a field's last length
            lengths.frombytes(bytes(lengths.itemsize * (self._docnum - len(lengths))))
        names = sorted(set(self._counted) | set(self._indexed) | {n for run in self._runs for n in run.fields})
        try:
            whoosh_format.write_terms(self._storage, self.segment, (
                (name, self._schema[name], self._lengths.get(name, {}), self._terms_of(name),
                 name in self._counted or any(run.fields.get(name) for run in self._runs))
                for name in names))
        finally:
            for run in self._runs:
                run.discard()
            self._runs = []
        self.segment.set_doc_count(self._docnum)
        return self.segment

    def _terms_of(self, name: str):
        """A field's terms in word order (UTF-8 bytes sort as the code points do): for a
        counted field (word bytes, docnums, frequencies), else (word bytes, docnums, weights,
        values). Spilled runs and the postings held now are merged, term by term (the runs
        hold earlier documents, so a term's postings are their concatenation in run order)."""
        counted = name in self._counted or any(run.fields.get(name) for run in self._runs)
        held = self._counted.get(name) if counted else self._indexed.get(name)
        held = held or {}
        if counted and not self._runs:
            # Made in C, term after term as they are written (no generator's turn a term).
            words = sorted(held)
            postings = list(map(held.__getitem__, words))
            return zip(map(str.encode, words), map(_EVEN, postings), map(_ODD, postings))
        return self._merged_terms(name, held, counted)

    def _merged_terms(self, name: str, held: dict, counted: bool):
        if not self._runs:
            entries = ((word, held[word]) for word in sorted(held))
        else:
            streams = [run.terms(name) for run in self._runs]
            streams.append((word, held[word]) for word in sorted(held))
            entries = _merged(streams, counted)
        if counted:
            for word, entry in entries:
                yield word.encode("utf-8"), entry[0::2], entry[1::2]
        else:
            for word, (docnums, weights, values) in entries:
                yield word, docnums, array("f", weights), values


class _Lengths(array):
    """A field's length in each document, 0 where it has none: 4 bytes a document, where a
    dict of the documents with a length cost ~80 (a writer of the whole corpus held ~30 MB
    of them). `get` is what whoosh_format asks of it (0 reads as no length there)."""

    get = array.__getitem__


def _merged(streams: list, counted: bool) -> Iterator[tuple]:
    """(word, postings) of sorted streams of earlier to later documents, one entry a word."""
    first = itemgetter(0)
    for word, group in groupby(heapq.merge(*streams, key=first), key=first):
        parts = [entry for _, entry in group]       # in stream order (heapq.merge is stable)
        if len(parts) == 1:
            yield word, parts[0]
        elif counted:
            joined = array("I")
            for part in parts:
                joined.extend(part)
            yield word, joined
        else:
            yield word, tuple([x for part in parts for x in part[i]] for i in range(3))


class _Run:
    """One spill of a builder's postings: for each field in name order, its terms in word
    order, pickled RUN_BATCH terms at a time (a counted field's postings as one array of
    docnum, frequency pairs per batch); read back field by field, a batch at a time."""

    def __init__(self, folder):
        self._file = tempfile.TemporaryFile(dir=folder, prefix=".run-")
        self.fields: dict[str, bool] = {}        # field → counted
        self._pending = None

    def write(self, name: str, counted: bool, entries) -> None:
        self.fields[name] = counted
        entries = iter(entries)
        while batch := list(islice(entries, RUN_BATCH)):
            words = [word for word, _ in batch]
            if counted:
                sizes = array("I", map(len, (entry for _, entry in batch)))
                data = array("I")
                for _, entry in batch:
                    data.extend(entry)
                pickle.dump((name, words, sizes, data), self._file, pickle.HIGHEST_PROTOCOL)
            else:
                pickle.dump((name, words, None, [entry for _, entry in batch]), self._file, pickle.HIGHEST_PROTOCOL)

    def close_writing(self) -> None:
        self._file.flush()
        self._file.seek(0)

    def _next_batch(self):
        if self._pending is None:
            try:
                self._pending = pickle.load(self._file)
            except EOFError:
                self._pending = (None, (), None, ())
        return self._pending

    def terms(self, name: str) -> Iterator[tuple]:
        """The field's (word, postings), read on from where the previous field's ended."""
        while self._next_batch()[0] == name:
            _, words, sizes, data = self._pending
            self._pending = None
            if sizes is None:
                yield from zip(words, data)
            else:
                at = 0
                for word, size in zip(words, sizes):
                    yield word, data[at:at + size]
                    at += size

    def discard(self) -> None:
        self._file.close()


# Committing hands Whoosh's writer the finished segments: W3 knowledge, so whoosh_format's.
commit_segments = whoosh_format.commit_segments


class WhooshWriter:
    """Whoosh's own writer, given what SegmentBuilder is given: for a Whoosh whose files
    whoosh_format does not know. The counted fields go in as lists of words, which Whoosh
    indexes as they are (no analyzer), so the index holds what the bulk writer's holds."""

    def __init__(self, ix, *, delete: Mapping[str, list[str]] | None = None):
        self._writer = ix.writer(compound=False)
        try:
            for field, values in (delete or {}).items():
                for value in values:
                    self._writer.delete_by_term(field, value)
        except BaseException:
            self._writer.cancel()
            raise

    def add(self, fields: Mapping, counted: Mapping[str, Mapping[str, int]]) -> None:
        document = dict(fields)
        for name, words in counted.items():
            # What is stored (and put in a column) stays the value given, not the words.
            document.setdefault(f"_stored_{name}", fields.get(name))
            document[name] = [word for word, freq in words.items() for _ in range(freq)]
        self._writer.add_document(**document)

    def commit(self, *, optimize: bool = False) -> None:
        self._writer.commit(optimize=optimize)

    def cancel(self) -> None:
        self._writer.cancel()
