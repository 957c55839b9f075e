"""What a collection holds, document by document: metadata (year, region, level, kind), size in
characters, and the quoted spans of its text with a few contexts each.

Written at build time into `collection.json` of the build (index_build.py calls `gather`, then
`finish`); read by the filters (facets.py), the shorthand lists and the timelines.
"""
from __future__ import annotations

import itertools
import json
import threading
import weakref
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from . import memory, shorthand
from .analysis import pinyin, termforms, variants
from .model import Document, Term
from .index_layout import read_json, write_json

FILE = "collection.json"
# The quoted shorthand by its readings (Collection.quoted_by_reading), written beside it: a query
# reads this small table, not the whole collection file (on the whole corpus ~60 MB a server kept).
READINGS_FILE = "quoted_readings.json"
CONTEXTS_PER_DOCUMENT = 2
META = ("year", "region", "level", "kind")
QUOTED_MIN_USES = 2           # a span quoted once may be anything; twice, the collection's shorthand
QUOTED_MAX_CHARACTERS = 12


# ----------------------------------------------------------------------------- build time

def document_facts(doc: Document) -> dict:
    """One document's entry: metadata, size, and {span key: [uses, forms, contexts]}."""
    quoted: dict[str, list] = {}
    for p in doc.paragraphs:
        for start, end, inner in shorthand.quoted_spans(p.text):
            key = shorthand.span_key(inner)
            entry = quoted.setdefault(key, [0, {}, []])
            entry[0] += 1
            entry[1][inner] = entry[1].get(inner, 0) + 1
            if len(entry[2]) < CONTEXTS_PER_DOCUMENT:
                before = p.text[max(0, start - shorthand.CONTEXT_CHARS):start]
                after = p.text[end:end + shorthand.CONTEXT_CHARS]
                entry[2].append({"paragraph": p.id, "line": p.line, "before": before,
                                 "match": p.text[start:end], "after": after})
    return {"title": getattr(doc, "display_title", "") or doc.title, "year": doc.year, "region": doc.region, "level": doc.level,
            "kind": doc.kind, "characters": sum(len(p.text) for p in doc.paragraphs),
            "quoted": {k: {"uses": u, "forms": f, "contexts": c} for k, (u, f, c) in quoted.items()}}


def _documents_facts(documents: Iterable[Document], previous: dict | None, replaced: set[str]) -> dict:
    """The collection file's content but the spans' word facts, which need a dictionary: every
    document's facts, `previous`'s (less the replaced ones) kept, and its spans, to reuse."""
    previous = previous or {"documents": {}, "spans": {}}
    docs = {k: v for k, v in previous.get("documents", {}).items() if k not in replaced}
    for doc in documents:
        docs[doc.id] = document_facts(doc)
    return {"documents": docs, "spans": previous.get("spans", {})}


def _with_spans(facts: dict) -> dict:
    """The collection file's content: `facts` with the word facts of every span (jieba and CC-CEDICT)."""
    known = facts["spans"]
    spans = {}
    for doc in facts["documents"].values():
        for key in doc["quoted"]:
            if key not in spans:
                spans[key] = known.get(key) or shorthand.word_facts(key)
    return {"documents": facts["documents"], "spans": spans}


def gather(build_dir: Path, documents: Iterable[Document], replaced: set[str]) -> dict:
    """The collection file's content for these documents added to the build's (a copied
    previous build keeps the rest), but the spans' word facts, which need CC-CEDICT: a build
    gathers while its writers work, and `finish`es once they are done and the dictionary is
    loaded (beside the writers it was part of the build's peak memory). `documents` is read
    once, in order (a build streams them from disk)."""
    path = build_dir / FILE
    previous = read_json(path, None, kind=dict)
    if previous is None:    # a build an older termsearch wrote: its documents are in docs/
        meta = build_dir / "documents.json"
        kept = [d["id"] for d in json.loads(meta.read_text(encoding="utf-8"))] if meta.exists() else []
        documents_before = [Document.from_dict(json.loads((build_dir / "docs" / f"{i}.json").read_text(encoding="utf-8")))
                            for i in kept if i not in replaced and (build_dir / "docs" / f"{i}.json").exists()]
        documents = itertools.chain(documents_before, documents)
    return _documents_facts(documents, previous, replaced)


def finish(build_dir: Path, gathered: dict) -> None:
    """The collection file written from what `gather` gathered."""
    path = build_dir / FILE
    data = _with_spans(gathered)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    tmp.replace(path)
    write_json(build_dir / READINGS_FILE,
               quoted_by_reading_of(facts.get("quoted", {}) for facts in data["documents"].values()))


def quoted_by_reading_of(quoted_per_document: Iterable[dict], min_uses: int = QUOTED_MIN_USES) -> dict[str, list]:
    """{initials or toneless pinyin: [[a quoted span of Han characters that reads so, its uses in
    quotation marks], at least `min_uses`, most used first]} over each document's quoted spans."""
    uses: Counter[str] = Counter()
    for quoted in quoted_per_document:
        for key, use in quoted.items():
            if 2 <= len(key) <= QUOTED_MAX_CHARACTERS and all("\u4e00" <= c <= "\u9fff" for c in key):
                uses[key] += use["uses"]
    table: dict[str, list] = {}
    for key, n in sorted(uses.items(), key=lambda item: (-item[1], item[0])):
        if n < min_uses:
            break
        syllables = [pinyin.toneless(s).lower() for s in pinyin.reading(key)]
        for reading in dict.fromkeys(("".join(syllables), pinyin.initials(syllables).lower())):
            table.setdefault(reading, []).append([key, n])
    return table


# ----------------------------------------------------------------------------- read time

@dataclass
class Collection:
    documents: dict[str, dict]
    spans: dict[str, dict]
    _defined_keys: dict = field(default_factory=dict, repr=False)
    _listed: dict = field(default_factory=dict, repr=False)
    # When `documents` come without their "quoted" spans (load keeps them out: most of the
    # file, and only the shorthand list reads them), what reads them: {document id: quoted}.
    read_quoted: Callable[[], dict[str, dict]] | None = field(default=None, repr=False)

    # ---- metadata

    def year_of(self, document_id: str) -> int | None:
        facts = self.documents.get(document_id)
        return facts.get("year") if facts else None

    def characters_by_year(self) -> dict[int, int]:
        out: Counter = Counter()
        for facts in self.documents.values():
            if facts.get("year") is not None:
                out[facts["year"]] += facts.get("characters", 0)
        return dict(sorted(out.items()))

    def documents_by_year(self) -> dict[int, int]:
        return dict(sorted(Counter(f["year"] for f in self.documents.values() if f.get("year") is not None).items()))

    # ---- shorthand

    def defined_keys(self, terms: list[Term]) -> dict[str, list[str]]:
        """Normalised glossary headwords and aliases → the ids of the terms that define them."""
        cache_key = id(terms)
        if self._defined_keys.get("for") != cache_key:
            keys: dict[str, list[str]] = {}
            for t in terms:
                for key in termforms.match_keys(t):
                    keys.setdefault(key.replace(" ", ""), []).append(t.id)
            self._defined_keys = {"for": cache_key, "keys": keys}
        return self._defined_keys["keys"]

    def shorthand(self, terms: list[Term], *, defined: bool | None = None,
                  rules: shorthand.Rules | None = None) -> list[dict]:
        """Every quoted span the rules call shorthand, most widely used first: documents, uses
        (in quotation marks), first and last year, the glossary terms defining it, contexts.
        `defined` False keeps the ones no glossary defines; True the defined ones."""
        memo_key = (id(terms), defined, id(rules))
        if rules is None and memo_key in self._listed:      # a build's list never changes
            return self._listed[memo_key]
        found = self._shorthand(terms, defined, rules)
        if rules is None:
            self._listed[memo_key] = found
        return found

    def _shorthand(self, terms: list[Term], defined: bool | None, rules) -> list[dict]:
        defined_keys = self.defined_keys(terms)
        by_key: dict[str, dict] = {}
        quoted = self.read_quoted() if self.read_quoted is not None else {}
        for doc_id, facts in self.documents.items():
            for key, use in (quoted[doc_id] if doc_id in quoted else facts.get("quoted", {})).items():
                entry = by_key.get(key)
                if entry is None:
                    is_short, _ = shorthand.classify(key, self.spans.get(key, {}), rules)
                    if not is_short:
                        by_key[key] = None
                        continue
                    entry = by_key[key] = {"shorthand": key, "forms": Counter(), "documents": [], "uses": 0}
                elif entry is None:
                    continue
                entry["forms"].update(use["forms"])
                entry["uses"] += use["uses"]
                entry["documents"].append({"document": doc_id, "title": facts.get("title", doc_id),
                                           "year": facts.get("year"), "uses": use["uses"],
                                           "contexts": use["contexts"]})
        out = []
        for key, entry in by_key.items():
            if entry is None:
                continue
            term_ids = defined_keys.get(key, [])
            if defined is not None and bool(term_ids) != defined:
                continue
            years = [d["year"] for d in entry["documents"] if d["year"] is not None]
            entry["documents"].sort(key=lambda d: (d["year"] is None, d["year"] or 0, d["document"]))
            out.append({
                "shorthand": key,
                "written": entry["forms"].most_common(1)[0][0],
                "document_count": len(entry["documents"]),
                "uses": entry["uses"],
                "first_year": min(years) if years else None,
                "last_year": max(years) if years else None,
                "defined": bool(term_ids),
                "terms": term_ids,
                "documents": entry["documents"],
            })
        out.sort(key=lambda e: (-e["document_count"], -e["uses"], e["shorthand"]))
        return out

    def quoted_by_reading(self, min_uses: int = QUOTED_MIN_USES) -> dict[str, list]:
        """quoted_by_reading_of this collection: for a build older than READINGS_FILE (the
        collection's own shorthand, 最多跑一次, 压舱石, for letters no word reads)."""
        if "by_reading" not in self._listed:
            quoted = self.read_quoted() if self.read_quoted is not None else {}
            self._listed["by_reading"] = quoted_by_reading_of(
                (quoted[doc_id] if doc_id in quoted else facts.get("quoted", {})
                 for doc_id, facts in self.documents.items()), min_uses)
            memory.give_back()
        return self._listed["by_reading"]

    def new_in(self, year: int, terms: list[Term], *, defined: bool | None = None) -> list[dict]:
        """The shorthand whose first dated use is in `year` (what is new in that year's reports)."""
        return [e for e in self.shorthand(terms, defined=defined) if e["first_year"] == year]


def shorthand_key(text: str) -> str:
    """What a user typed (“双碳”, 雙碳) as a span key."""
    return shorthand.span_key(termforms.unquoted(variants.normalize(text)[0]))


_loaded: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def load(reader) -> Collection:
    """The collection facts of an open build (OpenIndex), read once per build."""
    with _lock:
        found = _loaded.get(reader)
        if found is None:
            path = Path(reader.build_dir) / FILE
            # Every build an open index can be written by writes it: lost, it is damage (IndexDamaged),
            # not a reason to read every document again on each command.
            data = read_json(path, kind=dict)
            # The quoted spans stay on disk until the shorthand list asks (on the whole
            # corpus they were 25 of a serving process's MB, and searches read only the facts).
            documents = {doc_id: {k: v for k, v in facts.items() if k != "quoted"}
                         for doc_id, facts in data["documents"].items()}
            found = Collection(documents, data["spans"], read_quoted=partial(_quoted_spans, path))
            _loaded[reader] = found
            memory.give_back()          # the whole file's parse, of which the facts are kept
        return found


def _quoted_spans(path: Path) -> dict[str, dict]:
    """{document id: its quoted spans} from a collection file."""
    documents = read_json(path, {"documents": {}})["documents"]
    return {doc_id: facts.get("quoted", {}) for doc_id, facts in documents.items()}
