"""Whoosh segments written in bulk from paragraphs whose words are already counted.

Whoosh's own writer spends most of a build in Python per posting: a token object per word,
a pool of posting tuples sorted through temporary files, a type-checked call per posting.
Here a segment's postings are inverted in plain dicts and each term's posting blocks are
written whole, in Whoosh's W3 format, by whoosh_format (the one module that knows Whoosh's
files). The files are byte for byte what Whoosh's writer makes (tests/test_segments.py
checks), so everything that reads the index is Whoosh's own reader.

When whoosh_format does not know the installed Whoosh, WhooshWriter takes the same counted
paragraphs to Whoosh's own writer instead: slower, the same index.
"""
from __future__ import annotations

from array import array
from collections.abc import Mapping

from . import whoosh_format


class SegmentBuilder:
    """One new segment of `ix`: add paragraphs, then `finish()` and give the segment to a
    Whoosh writer (`commit_segments`)."""

    def __init__(self, ix):
        self._schema = ix.schema
        self._storage = ix.storage
        self.segment, self._perdoc = whoosh_format.new_segment(ix)
        self._docnum = 0
        # counted fields: word → docnum, frequency, docnum, frequency, ... (one array a word: a
        # posting costs 8 bytes and an append or two); the others: word bytes → (docnums, weights, values)
        self._counted: dict[str, dict[str, array]] = {}
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
                get = postings.get
                words = counted[name]
                for word, freq in words.items():
                    entry = get(word)
                    if entry is None:
                        postings[word] = array("I", (docnum, freq))
                    else:
                        entry.append(docnum)
                        entry.append(freq)
                length = sum(words.values()) if field.scorable else 0
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
        names = sorted(set(self._counted) | set(self._indexed))
        whoosh_format.write_terms(self._storage, self.segment, (
            (name, self._schema[name], self._lengths.get(name, {}), self._terms_of(name), name in self._counted)
            for name in names))
        self.segment.set_doc_count(self._docnum)
        return self.segment

    def _terms_of(self, name: str):
        """A field's terms in word order (UTF-8 bytes sort as the code points do): for a
        counted field (word bytes, docnums, frequencies), else (word bytes, docnums, weights,
        values)."""
        if name in self._counted:
            postings = self._counted[name]
            for word in sorted(postings):
                entry = postings[word]
                yield word.encode("utf-8"), entry[0::2], entry[1::2]
        else:
            postings = self._indexed[name]
            for word in sorted(postings):
                docnums, weights, values = postings[word]
                yield word, docnums, array("f", weights), values


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
