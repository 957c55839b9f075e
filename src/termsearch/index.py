"""The on-disk index: Whoosh schema, atomic builds and swaps, incremental adds, opening for reads.

Layout of an index folder:

    CURRENT              name of the live build (replaced atomically when a build completes)
    .lock                held (flock) while a build runs; the kernel drops it if the process dies
    builds/<name>/       Whoosh segment files, plus
        glossary.json    the glossary terms, completed with both scripts and pinyin
        documents.json   per-document metadata and sections
        docs/<id>/       each document, the reader's source: head.json (the document without
                         its paragraphs and sections, with where each page starts), sections.json,
                         and its paragraphs a page at a time (1.json, 2.json, ...)
        vocab.json       every indexed word with its count
        readings.json    every indexed word's reading
        pinyin.json      the words by toneless pinyin; initials.json by initials (pinyin queries)
        report.json      the ingest report of the build
"""
from __future__ import annotations

import errno
import fcntl
import gc
import json
import logging
import multiprocessing
import os
import pickle
import shutil
import struct
import threading
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import columns
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from . import collection, english, segments
from .analysis import analyzers, segment, termforms, variants
from .analysis import pinyin as pinyin_mod
from .ingest.pipeline import IngestReport, ingest_file
from .ingest.files import collect_files, document_id_for
from .model import Document, IndexMissing, IngestError, Paragraph, Term, TermsearchError

# Bumped whenever the schema or the files of a build change; an older build must be rebuilt.
INDEX_FORMAT = 11
CURRENT = "CURRENT"
BUILDS = "builds"
INDEX_NAME = "paragraphs"
# Imported terms in all (each termbase: export.MAX_IMPORT_TERMS): every search and page holds
# the glossary in memory.
MAX_IMPORTED_TERMS = 50_000


def make_schema() -> Schema:
    return Schema(
        pid=STORED,
        row=COLUMN(columns.NumericColumn("I")),     # the paragraph's line in texts.txt
        document=ID(stored=True, sortable=True),       # sortable: cheap filters and counts
        section=ID(stored=True, sortable=True),
        line=STORED,
        # No positions: phrases are checked on the text itself (query.Verified), which is exact.
        text=TEXT(analyzer=analyzers.ParagraphTokenizer(), stored=True, phrase=False),
        terms=TEXT(analyzer=analyzers.TermIdsTokenizer(), phrase=False),   # glossary terms it uses
        # Han characters and pairs: any run of characters, inside or across words (query.py).
        chars=TEXT(analyzer=analyzers.CharsTokenizer(), phrase=False),
        defines=KEYWORD(commas=True, scorable=False),   # terms this paragraph is the definition of
    )


# ----------------------------------------------------------------------------- worker side

def _ingest_one(job: tuple[str, str]) -> Document | str:
    path, document_id = job
    try:
        return ingest_file(Path(path), document_id)
    except IngestError as exc:
        return str(exc)
    except Exception as exc:  # a bug on one odd file must not lose the others
        return f"{path}: could not be ingested ({type(exc).__name__}: {exc})"


def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


# ----------------------------------------------------------------------------- building

@contextmanager
def build_lock(index_dir: Path):
    """One build at a time. A POSIX record lock: held by this process only (not by the writer
    processes it forks) and released by the kernel the moment it dies, so a killed build never
    leaves a stale lock behind."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".lock", "w") as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise TermsearchError(f"{index_dir}: another build is running on this index") from None
        _clear_dead_builds(index_dir)
        yield


def _clear_dead_builds(index_dir: Path) -> None:
    """What a killed or failed build left behind, cleared before a new one starts (under the
    lock, so none of it can belong to a running build): its `.partial` folder, which on a
    small disk would otherwise make every later build fail, and a `CURRENT.<pid>.tmp` of a
    swap that found the disk full."""
    for leftover in index_dir.glob(f"{CURRENT}.*.tmp"):
        leftover.unlink(missing_ok=True)
    builds = index_dir / BUILDS
    if builds.is_dir():
        for partial in builds.glob("*.partial"):
            shutil.rmtree(partial, ignore_errors=True)


@contextmanager
def _write_errors(index_dir: Path):
    """A build that cannot write (disk full, read-only folder, no permission) ends with a
    one-line error; the previous index is untouched and keeps serving."""
    try:
        yield
    except OSError as exc:
        what = exc.strerror or str(exc)
        if exc.errno == errno.ENOSPC:
            what = "the disk is full"
        elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            what = f"{exc.strerror.lower()} (the index folder must be writable)"
        where = f" ({Path(exc.filename).name})" if exc.filename else ""
        raise TermsearchError(f"{index_dir}: cannot build the index: {what}{where}; "
                              "the previous index is unchanged") from None


@contextmanager
def _no_cycle_collection():
    """A build holds millions of objects (jieba's and CC-CEDICT's dictionaries, the paragraphs)
    and makes few reference cycles: the collector's passes over them would cost seconds."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


@dataclass
class BuildResult:
    report: IngestReport
    build: Path
    seconds: float
    characters: int


def build(paths: list[Path], index_dir: Path, *, incremental: bool = False,
          workers: int | None = None, renderings: Path | None = None) -> BuildResult:
    """Index the report files under `paths` into `index_dir`.

    The build is written to a new folder and becomes live only when complete, so a failed or
    killed build leaves the previous index serving. With `incremental`, the documents join
    the live index (a document from the same file is replaced) instead of replacing it; when
    they bring glossary terms, the indexed documents are analysed again with them.
    Imported glossary terms (`import_terms`) are carried into every new build.
    """
    started = time.perf_counter()
    index_dir = Path(index_dir)
    workers = workers or _workers()
    with _write_errors(index_dir), build_lock(index_dir), _no_cycle_collection():
        previous = current_build(index_dir)
        incremental = incremental and previous is not None
        report = IngestReport()
        files, problems = collect_files([Path(p) for p in paths])
        report.errors.extend(problems)

        old_docs = _read_json(previous / "documents.json", []) if incremental else []
        path_to_id = {d["path"]: d["id"] for d in old_docs}
        taken = {d["id"] for d in old_docs}
        jobs = [(str(path), path_to_id.get(str(path)) or document_id_for(path, taken)) for path in files]
        documents = _ingest(jobs, report, workers)
        imported = _imported_terms(previous)
        if incremental and (any(doc.glossary for doc in documents) or not is_current_format(previous)
                            or not build_is_whole(previous)):
            # New glossary terms change how every paragraph is cut and which terms it uses, an
            # index an older termsearch wrote has another layout, and a damaged one (a segment
            # file lost) cannot be added to: the documents already indexed are analysed again,
            # from the index's own copy.
            added = {doc.id for doc in documents}
            documents = [doc for doc in _stored_documents(previous) if doc.id not in added] + documents
            incremental = False
        return _publish(index_dir, previous, documents, imported, report, workers, started,
                        incremental=incremental, renderings=renderings)


def import_terms(index_dir: Path, terms: list[Term], origin: str, *, workers: int | None = None) -> BuildResult:
    """Bring a user's termbase into the index: terms of the same origin are replaced, and the
    documents are re-analysed from the index's own copy so the new terms are found in them."""
    started = time.perf_counter()
    index_dir = Path(index_dir)
    with _write_errors(index_dir), build_lock(index_dir), _no_cycle_collection():
        previous = current_build(index_dir)
        if previous is None:
            raise IndexMissing(f"no index at {index_dir} to import terms into (build one first)")
        imported = [t for t in _imported_terms(previous) if t.origin != origin] + terms
        if len(imported) > MAX_IMPORTED_TERMS:
            raise TermsearchError(f"{len(imported):,} imported terms in all would pass the limit of "
                                  f"{MAX_IMPORTED_TERMS:,}; nothing was imported")
        documents = _stored_documents(previous)
        return _publish(index_dir, previous, documents, imported, IngestReport(), workers or _workers(),
                        started, incremental=False)


def _ingest(jobs: list[tuple[str, str]], report: IngestReport, workers: int) -> list[Document]:
    documents: list[Document] = []
    with ProcessPoolExecutor(workers, initializer=_exit_with_the_builder) as pool:
        outcomes = pool.map(_ingest_one, jobs, chunksize=4)     # the workers start here
        segment.load()          # meanwhile: jieba's dictionary, which the analysis needs next
        for outcome in outcomes:
            if isinstance(outcome, str):
                report.errors.append(outcome)
            else:
                # One script for the region, so a filter on 东莞市 finds 東莞市 too.
                outcome.region = variants.to_simplified(outcome.region)
                documents.append(outcome)
                report.add(outcome)
    return documents


def _stored_documents(build_dir: Path) -> list[Document]:
    return [_read_document(build_dir, d["id"]) for d in _read_json(build_dir / "documents.json", [])]


# A document is stored a page at a time: at most this many paragraphs and characters (a page
# holds at least one paragraph, which is at most 5,000 characters), so reading or showing one
# page costs the same in a 1-million-line file as in a short one.
PAGE_PARAGRAPHS = 200
PAGE_CHARS = 50_000


def page_starts(lengths: list[int]) -> list[int]:
    """Where each page starts, given the paragraphs' lengths in characters."""
    starts, count, chars = [0], 0, 0
    for i, length in enumerate(lengths):
        if count and (count >= PAGE_PARAGRAPHS or chars + length > PAGE_CHARS):
            starts.append(i)
            count, chars = 0, 0
        count += 1
        chars += length
    return starts


def _write_document(docs_dir: Path, doc: Document) -> None:
    folder = docs_dir / doc.id
    shutil.rmtree(folder, ignore_errors=True)           # a replaced document's old pages
    (docs_dir / f"{doc.id}.json").unlink(missing_ok=True)   # the layout of older builds
    head = doc.to_dict()
    paragraphs, sections = head.pop("paragraphs"), head.pop("sections")
    starts = page_starts([len(p["text"]) for p in paragraphs])
    head["paragraph_count"], head["section_count"] = len(paragraphs), len(sections)
    # [first paragraph's index, first paragraph's line] of each page
    head["pages"] = [[start, paragraphs[start]["line"] if paragraphs else 0] for start in starts]
    ends = starts[1:] + [len(paragraphs)]
    # Each page also holds the section headings of its paragraphs (a heading goes with the
    # paragraph after it; the last page also takes any after the last paragraph), so a page
    # never reads the whole list.
    last_lines = [paragraphs[end - 1]["line"] if end > start else -1 for start, end in zip(starts, ends)]
    last_lines[-1] = float("inf")
    for number, (start, end) in enumerate(zip(starts, ends), 1):
        low = last_lines[number - 2] if number > 1 else float("-inf")
        own = [s for s in sections if low < s["line"] <= last_lines[number - 1]]
        _write_json(folder / f"{number}.json", {"paragraphs": paragraphs[start:end], "sections": own})
    _write_json(folder / "sections.json", sections)
    _write_json(folder / "head.json", head)


def _read_document(build_dir: Path, document_id: str) -> Document | None:
    """A whole document (paged or, from an older build, in one file)."""
    folder = build_dir / "docs" / document_id
    head = _read_json(folder / "head.json", None)
    if head is None:
        whole = _read_json(build_dir / "docs" / f"{document_id}.json", None)
        return Document.from_dict(whole) if whole is not None else None
    paragraphs = []
    for number in range(1, len(head["pages"]) + 1):
        paragraphs.extend(_read_json(folder / f"{number}.json", {"paragraphs": []})["paragraphs"])
    sections = _read_json(folder / "sections.json", [])
    return Document.from_dict({**head, "paragraphs": paragraphs, "sections": sections})


def _imported_terms(previous: Path | None) -> list[Term]:
    if previous is None:
        return []
    return [Term.from_dict(t) for t in _read_json(previous / "glossary.json", []) if t["origin"] != "extracted"]


def _publish(index_dir: Path, previous: Path | None, documents: list[Document], imported: list[Term],
             report: IngestReport, workers: int, started: float, *, incremental: bool,
             renderings: Path | None = None) -> BuildResult:
    """Write a complete build next to the live one, then swap it in."""
    builds = index_dir / BUILDS
    builds.mkdir(exist_ok=True)
    target = builds / f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    staging = target.with_name(target.name + ".partial")
    try:
        characters = _write_build(documents, imported, report, staging, previous if incremental else None,
                                  workers, renderings)
        os.rename(staging, target)
        _swap(index_dir, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _remove_old_builds(index_dir, keep={target.name, previous.name if previous else ""})
    return BuildResult(report, target, time.perf_counter() - started, characters)


def _glossary(documents: list[Document], imported: list[Term], kept: list[Term],
              renderings: Path | None) -> list[Term]:
    """Extracted terms of the new documents, those kept from the previous build, and imports,
    all completed with both scripts and pinyin and given their English renderings."""
    terms = list(kept)
    for doc in documents:
        for t in doc.glossary:
            # A national document's definitions apply everywhere (a local report uses the
            # national meaning); a local one's only in its own report.
            t.scope = "global" if doc.level == "national" else t.scope
            terms.append(termforms.complete_term(t))
    for term in imported:
        if not term.simplified or not term.pinyin:
            termforms.complete_term(term)
        term.scope = "global"       # a termbase the user imported is for the whole collection
        terms.append(term)
    for term in terms:
        if term.origin == "extracted":
            term.english = []       # renderings removed from the file disappear on rebuild
    english.attach_renderings(terms, english.load_renderings(renderings))
    return terms


def _write_build(documents: list[Document], imported: list[Term], report: IngestReport, staging: Path,
                 previous: Path | None, workers: int, renderings: Path | None) -> int:
    if previous is not None:
        shutil.copytree(previous, staging)
    else:
        staging.mkdir(parents=True)
        (staging / "docs").mkdir()
    replaced = {d.id for d in documents}
    kept = [t for t in (Term.from_dict(t) for t in _read_json(staging / "glossary.json", []))
            if t.origin == "extracted" and t.source.document not in replaced]
    terms = _glossary(documents, imported, kept, renderings)
    glossary_words = sorted({w for t in terms for w in (termforms.unquoted(t.simplified),
                             *[variants.normalize(a)[0] for a in t.aliases])})
    term_keys = [(t.id, termforms.match_keys(t)) for t in terms]
    defined_at: dict[tuple[str, int], list[str]] = {}
    for t in terms:
        defined_at.setdefault((t.source.document, t.source.line), []).append(t.id)

    characters = sum(len(p.text) for doc in documents for p in doc.paragraphs)
    # Writers are forked from here: they inherit jieba with the glossary's words, and the finder.
    analyzers.use_glossary(glossary_words, term_keys, termforms.homes_of(terms))
    if previous is not None:
        ix = whoosh_index.open_dir(staging / INDEX_NAME)
    else:
        (staging / INDEX_NAME).mkdir()
        ix = whoosh_index.create_in(staging / INDEX_NAME, make_schema())
    dictionary = threading.Thread(target=english.warm_up, args=(english.cedict_path(),), daemon=True)
    dictionary.start()
    rows = _paragraph_rows(documents, defined_at, staging / "texts.txt")
    segment.two_character_words()     # before the workers fork: they inherit it
    new_segments, word_counts, spanning = _write_segments(ix, rows, workers)
    # An incremental build drops the replaced documents and merges (as Whoosh counts words
    # over deleted documents until they are merged away).
    segments.commit_segments(ix, new_segments, delete={"document": sorted(replaced)} if previous else None,
                             optimize=previous is not None)
    vocab_counts = _lexicon_counts(staging / INDEX_NAME) if previous is not None else word_counts

    def write_the_rest() -> None:
        """What needs no reading or gloss, written while the workers look those up."""
        for doc in documents:
            _write_document(staging / "docs", doc)
        meta = [d for d in _read_json(staging / "documents.json", []) if d["id"] not in replaced]
        meta.extend({
            "id": d.id, "title": d.title, "path": d.path, "format": d.format, "encoding": d.encoding,
            "paragraphs": len(d.paragraphs), "sections": [s.__dict__ for s in d.sections],
            "pages": len(page_starts([len(p.text) for p in d.paragraphs])),
            "glossary": len(d.glossary), "damaged": len(d.damaged),
            "region": d.region, "level": d.level, "kind": d.kind, "year": d.year,
            "display_title": d.display_title or d.title,
        } for d in documents)
        _write_json(staging / "documents.json", meta)
        _write_json(staging / "glossary.json", [t.to_dict() for t in terms])
        # Computed here so a query never needs pypinyin to read the glossary's pinyin.
        _write_json(staging / "term_forms.json", {t.id: termforms.search_forms(t) for t in terms})
        collection.write(staging, documents, replaced)      # metadata, sizes, quoted spans

    dictionary.join()           # before the workers fork: they inherit the loaded dictionary
    old_readings = _read_json(staging / "readings.json", {})
    readings, others, glosses, senses = _word_facts(vocab_counts, old_readings, workers, meanwhile=write_the_rest)
    _write_vocab(staging, vocab_counts, readings, others)
    # Words of two characters also found where jieba cut the text otherwise (创新|高地 for 新高):
    # queries for them also read the characters' index. An older build's are kept (a stale one
    # costs a query a little time, never a wrong answer).
    spanning.update(_read_json(staging / "spanning.json", []) if previous is not None else [])
    _write_json(staging / "spanning.json", sorted(w for w in spanning if w in vocab_counts))
    _write_json(staging / "glosses.json", glosses)
    _write_json(staging / "english.json", english.build_english_index(vocab_counts, terms, senses=senses))
    _write_json(staging / "report.json", {"totals": report.totals(), **report.__dict__})
    _write_json(staging / "format.json", {"format": INDEX_FORMAT})
    return characters


def _paragraph_rows(documents: list[Document], defined_at: dict[tuple[str, int], list[str]],
                    texts_path: Path) -> list[dict]:
    """Every paragraph's index fields; its text is appended to texts.txt, whose line it is (row)."""
    row = texts_path.read_text(encoding="utf-8").count("\n") if texts_path.exists() else 0
    rows = []
    with open(texts_path, "a", encoding="utf-8") as texts:
        for doc in documents:
            for p in doc.paragraphs:
                # Lines of their own: a paragraph never holds a line break (it came from one line).
                texts.write(p.text + "\n")
                fields = {"pid": p.id, "document": p.document, "section": p.section, "line": p.line,
                          "text": _without_damage(p), "_stored_text": p.text, "row": row}
                row += 1
                if (p.document, p.line) in defined_at:
                    fields["defines"] = ",".join(defined_at[(p.document, p.line)])
                rows.append(fields)
    return rows


def _without_damage(paragraph: Paragraph) -> str:
    """The paragraph as indexed: garbled spans blanked out, so their nonsense never becomes a
    word of the index (or of the pinyin and English vocabularies built from it). Readers still
    see them, marked as damaged."""
    text = paragraph.text
    for span in paragraph.damaged:
        text = text[:span.start] + " " * (span.end - span.start) + text[span.end:]
    return text


def _worker_started() -> None:
    """In a worker forked for the build: leave with the builder, and no garbage collection —
    its passes over the objects inherited from the builder (jieba's and CC-CEDICT's) would
    cost time and copy their memory; the work makes no reference cycles worth collecting."""
    _exit_with_the_builder()
    gc.freeze()
    gc.disable()


def _exit_with_the_builder() -> None:
    """In a worker: exit when the build process is gone (killed), instead of waiting forever
    for work that will not come."""
    builder = os.getppid()

    def watch() -> None:
        while os.getppid() == builder:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


# Below this many paragraphs one process writes: forking costs more than it saves.
PARALLEL_FROM = 2000


def _write_segments(ix, rows: list[dict], workers: int) -> tuple[list, Counter[str], set[str]]:
    """The paragraphs as new segments of `ix`, one per worker process, each analysing and
    writing its share; with the words counted (for the vocabulary) and the words of two
    characters found where they are not a word of the index (see _write_segment)."""
    index_path = ix.storage.folder
    if workers < 2 or len(rows) < PARALLEL_FROM:
        written, counts, spanning = _write_segment((index_path, rows))
        return [written], counts, spanning
    fork = multiprocessing.get_context("fork")    # the workers inherit jieba with the glossary's words
    with ProcessPoolExecutor(workers, mp_context=fork, initializer=_worker_started) as pool:
        written = list(pool.map(_write_segment, [(index_path, share) for share in _shares(rows, workers)]))
    counts: Counter[str] = Counter()
    spanning: set[str] = set()
    for _, share_counts, share_spanning in written:
        counts.update(share_counts)
        spanning |= share_spanning
    return [new for new, _, _ in written], counts, spanning


def _shares(rows: list[dict], parts: int) -> list[list[dict]]:
    """`rows` in `parts` runs of about the same number of characters (the work is per character)."""
    total = sum(len(r["text"]) for r in rows)
    shares: list[list[dict]] = [[]]
    done = 0
    for r in rows:
        if done >= total * len(shares) / parts and len(shares) < parts:
            shares.append([])
        shares[-1].append(r)
        done += len(r["text"])
    return shares


def _write_segment(job: tuple[str, list[dict]]):
    index_path, rows = job
    builder = segments.SegmentBuilder(whoosh_index.open_dir(index_path))
    counts: Counter[str] = Counter()
    pairs = segment.two_character_words()
    spanning: set[str] = set()
    for fields in rows:
        counted = analyzers.counted(fields["text"], fields["document"])     # terms scoped to their documents
        counts.update(counted["text"])
        # Pairs of characters that are words elsewhere but not here (set operations, in C).
        spanning |= (counted["chars"].keys() - counted["text"].keys()) & pairs
        builder.add(fields, counted)
    return builder.finish(), counts, spanning


def _lexicon_counts(index_path: Path) -> Counter[str]:
    """How often each word occurs in the paragraphs, read back from the index."""
    ix = whoosh_index.open_dir(index_path)
    counts: Counter[str] = Counter()
    with ix.reader() as reader:
        # Segment by segment: each is one sequential scan, where the merged view looks every
        # word up in every segment.
        for leaf, _ in reader.leaf_readers():
            for term, info in leaf.iter_field("text"):
                counts[term.decode("utf-8") if isinstance(term, bytes) else term] += int(info.weight())
    return counts


# Below this many words one process looks them up: forking costs more than it saves.
PARALLEL_WORDS = 4000


def _word_facts(counts: Counter[str], old_readings: dict, workers: int, meanwhile) -> tuple[dict, dict, dict, tuple]:
    """What the dictionaries say of each word: its reading (the old build's when it has one),
    its other readings (pinyin.other_readings), its gloss, and its English senses (english.dictionary_senses), looked up by worker
    processes while this one runs `meanwhile`."""
    jobs = [[(w, old_readings.get(w)) for w in words]
            for words in _chunks(list(counts), max(1, -(-len(counts) // workers)))]
    if workers < 2 or len(counts) < PARALLEL_WORDS:
        meanwhile()
        found = [_facts_of(job) for job in jobs]
    else:
        fork = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=fork, initializer=_worker_started) as pool:
            pending = pool.map(_facts_of, jobs)       # submitted (and forked) here
            meanwhile()
            found = list(pending)
    readings, others, glosses = {}, {}, {}
    for job_readings, job_others, job_glosses, _ in found:
        readings.update(job_readings)
        others.update(job_others)
        glosses.update(job_glosses)
    return readings, others, glosses, english.join_senses(senses for *_, senses in found)


def _facts_of(job: list[tuple[str, str | None]]) -> tuple[dict[str, str], dict[str, list[str]], dict[str, dict], tuple]:
    readings, others = {}, {}
    for word, known in job:
        han = any("\u4e00" <= c <= "\u9fff" for c in word)
        if known is not None:
            readings[word] = known
        elif han:
            readings[word] = " ".join(pinyin_mod.reading(word))
        else:
            readings[word] = ""
        if han and (other := pinyin_mod.other_readings(word)):
            others[word] = [" ".join(r) for r in other]
    return readings, others, english.glosses(readings), english.dictionary_senses(readings)


def _write_vocab(staging: Path, counts: Counter[str], readings: dict[str, str],
                 others: dict[str, list[str]] | None = None) -> None:
    """vocab.json: every indexed word with its count (what every query needs, so kept small);
    readings.json: each word's reading; pinyin.json and initials.json: the words by toneless
    pinyin and by initials, most used first, under each of their readings (`others`: 显着 also
    reads as 显著). Each is read only by the queries that need it."""
    by_pinyin: dict[str, list[str]] = {}
    by_initials: dict[str, list[str]] = {}
    others = others or {}
    for word in sorted(counts, key=lambda w: (-counts[w], w)):     # most used first, then in word order
        seen: set[str] = set()
        for reading in (readings.get(word, ""), *others.get(word, ())):
            syllables = [pinyin_mod.toneless(s).lower() for s in reading.split()]
            key = "".join(syllables)
            if not syllables or key in seen:
                continue
            seen.add(key)
            by_pinyin.setdefault(key, []).append(word)
            if len(syllables) >= 2:     # two-syllable words only as parts of a run (cjxz: 成绩 显著)
                by_initials.setdefault(pinyin_mod.initials(syllables).lower(), []).append(word)
    _write_json(staging / "vocab.json", {"words": dict(counts)})
    _write_json(staging / "unlisted.json", [w for w in counts if len(w) >= 2 and not segment.indexed_inside_words(w)])
    _write_json(staging / "readings.json", {w: readings.get(w, "") for w in counts})
    _write_json(staging / "pinyin.json", by_pinyin)
    _write_json(staging / "initials.json", by_initials)


def _swap(index_dir: Path, target: Path) -> None:
    tmp = index_dir / f"{CURRENT}.{os.getpid()}.tmp"
    try:
        tmp.write_text(target.name + "\n", encoding="utf-8")
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, index_dir / CURRENT)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


def _remove_old_builds(index_dir: Path, keep: set[str]) -> None:
    """Old builds go; the one replaced just now stays a while for readers still using it."""
    for entry in (index_dir / BUILDS).iterdir():
        if entry.name not in keep:
            shutil.rmtree(entry, ignore_errors=True)


def _write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)


def _read_json(path: Path, default):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return default


# ----------------------------------------------------------------------------- reading

def current_build(index_dir: Path) -> Path | None:
    try:
        name = (Path(index_dir) / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    build_dir = Path(index_dir) / BUILDS / name
    return build_dir if name and build_dir.is_dir() else None


class IndexReader:
    """One build of an index, opened for reading; everything beyond Whoosh loads on first use."""

    def __init__(self, build_dir: Path):
        self.build_dir = build_dir
        self.stands_for = build_dir     # the live build this one serves for (itself, unless damaged)
        self.whoosh = whoosh_index.open_dir(build_dir / INDEX_NAME)
        self.searcher = self.whoosh.searcher()

    @cached_property
    def terms(self) -> list[Term]:
        return [Term.from_dict(t) for t in _read_json(self.build_dir / "glossary.json", [])]

    @cached_property
    def texts(self) -> list[str]:
        """Every paragraph's text by row (for checking phrases without Whoosh's stored fields)."""
        return (self.build_dir / "texts.txt").read_text(encoding="utf-8").split("\n")

    @cached_property
    def term_forms(self) -> dict[str, dict[str, int]]:
        return _read_json(self.build_dir / "term_forms.json", {})

    @cached_property
    def terms_by_id(self) -> dict[str, Term]:
        return {t.id: t for t in self.terms}

    @cached_property
    def documents(self) -> list[dict]:
        return _read_json(self.build_dir / "documents.json", [])

    @cached_property
    def documents_by_id(self) -> dict[str, dict]:
        return {d["id"]: d for d in self.documents}

    @cached_property
    def vocab(self) -> dict:
        """{"words": {word: count}}"""
        return _read_json(self.build_dir / "vocab.json", {"words": {}})

    @cached_property
    def readings(self) -> dict[str, str]:
        """{word: tone-marked reading}"""
        return _read_json(self.build_dir / "readings.json", {})

    @cached_property
    def pinyin(self) -> dict[str, list[str]]:
        """{toneless pinyin: [words, most used first]}"""
        return _read_json(self.build_dir / "pinyin.json", {})

    @cached_property
    def initials(self) -> dict[str, list[str]]:
        """{initials: [words of two or more syllables, most used first]}"""
        return _read_json(self.build_dir / "initials.json", {})

    @cached_property
    def spanning(self) -> list[str]:
        """Words of two characters also found where they are not a word of the index."""
        return _read_json(self.build_dir / "spanning.json", [])

    @cached_property
    def unlisted(self) -> list[str]:
        """Words not indexed inside longer words (see query.Vocabulary.unlisted)."""
        return _read_json(self.build_dir / "unlisted.json", [])

    @cached_property
    def english(self) -> dict:
        """English word or phrase → Chinese words of the corpus (see english.build_english_index)."""
        return _read_json(self.build_dir / "english.json", {"words": {}, "phrases": {}})

    @cached_property
    def glosses(self) -> dict:
        """Dictionary glosses (pinyin, English senses) of the corpus's words."""
        return _read_json(self.build_dir / "glosses.json", {})

    @cached_property
    def report(self) -> dict:
        return _read_json(self.build_dir / "report.json", {})

    def document(self, document_id: str) -> Document | None:
        """A whole document by id; ids outside the index (or path tricks) give None. (Reading
        all of a long one costs its size: a page of it is `document_head` and `document_page`.)"""
        if document_id not in self.documents_by_id:
            return None
        return _read_document(self.build_dir, document_id)

    def document_head(self, document_id: str) -> dict | None:
        """A document without its paragraphs and sections: metadata, glossary, and `pages`
        ([first paragraph's index, its line] of each page), `paragraph_count`, `section_count`."""
        if document_id not in self.documents_by_id:
            return None
        return _read_json(self.build_dir / "docs" / document_id / "head.json", None)

    def document_page(self, document_id: str, number: int) -> dict:
        """Page `number` (from 1) of a document as stored: {"paragraphs", "sections"} (the
        section headings among its paragraphs)."""
        return _read_json(self.build_dir / "docs" / document_id / f"{number}.json",
                          {"paragraphs": [], "sections": []})

    def document_sections(self, document_id: str) -> list[dict]:
        return _read_json(self.build_dir / "docs" / document_id / "sections.json", [])

    def close(self) -> None:
        self.searcher.close()


def is_current_format(build_dir: Path) -> bool:
    return _read_json(build_dir / "format.json", {}).get("format") == INDEX_FORMAT


def open_index(index_dir: Path) -> IndexReader:
    """The live build of `index_dir`, opened. When it is damaged (a file of it lost), the
    newest other whole build still on disk serves instead (`stands_for` says which build it
    stands in for), rather than every request failing."""
    build_dir = current_build(Path(index_dir))
    if build_dir is None:
        raise IndexMissing(f"no index at {index_dir} (build one with: termsearch index PATH --index {index_dir})")
    if not is_current_format(build_dir):
        raise IndexMissing(f"the index at {index_dir} was built by an older termsearch; "
                           f"rebuild it with: termsearch index PATH --index {index_dir}")
    try:
        return IndexReader(build_dir)
    except _DAMAGE as exc:
        damage = exc
    for other in sorted((build_dir.parent).iterdir(), key=lambda p: p.name, reverse=True):
        if other == build_dir or other.name.endswith(".partial") or not is_current_format(other):
            continue
        try:
            reader = IndexReader(other)
        except _DAMAGE:
            continue
        reader.stands_for = build_dir
        logging.getLogger("termsearch").warning("%s is damaged (%s); serving the earlier build %s",
                                                build_dir, damage, other.name)
        return reader
    raise IndexMissing(f"the index at {index_dir} is damaged ({_damage_text(damage)}); "
                       f"rebuild it with: termsearch index PATH --index {index_dir}")


# What opening a build whose files were lost or cut short raises (Whoosh reads its table of
# contents and segment files when a searcher opens).
_DAMAGE = (OSError, EOFError, ValueError, KeyError, whoosh_index.IndexError, struct.error, pickle.UnpicklingError)


def _damage_text(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.strerror}: {Path(exc.filename).name}"
    return f"{type(exc).__name__}: {exc}"[:200]


def build_is_whole(build_dir: Path) -> bool:
    try:
        IndexReader(build_dir).close()
    except _DAMAGE:
        return False
    return True
