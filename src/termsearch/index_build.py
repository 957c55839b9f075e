"""Building an index: ingest the report files, analyse them, write a complete build next to the
live one and swap it in atomically (index_layout says what a build holds); incremental adds and
termbase imports rebuild from the index's own copy of the documents."""
from __future__ import annotations

import dataclasses
import errno
import fcntl
import gc
import multiprocessing
import multiprocessing.connection
import os
import pickle
import re
import tempfile
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack, contextmanager
from functools import partial
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index

from . import collection, common_terms, gap_pairs, index_layout, parallel, segments, unit_runs_table, whoosh_format
from .english import literal, reader_glosses, renderings as english_renderings, word_map
from .analysis import analyzers, segment, termforms, unit_runs, variants
from .analysis import pinyin as pinyin_mod
from .analysis.chars import has_han
from .index_layout import (BUILDS, CURRENT, INDEX_FORMAT, INDEX_NAME, current_build, is_current_format,
                           is_index_folder, make_schema, page_starts, read_json, write_json, write_sizes)
from .index_read import build_is_whole, read_document
from .ingest.clean import without_damage
from .ingest import metadata
from .ingest.pipeline import IngestReport, ingest_documents
from .ingest.files import collect_files, document_id_for
from .ingest.read import TRANSLATION_MEMORIES
from .errors import (BuildFailed, BuildLocked, IndexDamaged, IndexMissing, IndexUnavailable, IngestError, NothingIndexed,
                     NothingToIndex)
from .model import Document, Paragraph, Term

# Imported terms in all (each termbase: export.MAX_IMPORT_TERMS): every search and page holds
# the glossary in memory.
MAX_IMPORTED_TERMS = 50_000


# ----------------------------------------------------------------------------- worker side


def _ingest_one(job: tuple[str, ...]) -> Document | list[Document] | str:
    """(path, document id) of a report or TMX file, or (Chinese path, id, English path) of a pair
    (a TMX file may hold several documents)."""
    path, document_id, *translation = job
    try:
        if translation:
            return parallel.ingest_pair(Path(path), Path(translation[0]), document_id)
        if Path(path).suffix.lower() in TRANSLATION_MEMORIES:
            return parallel.ingest_tmx(Path(path), document_id)
        return ingest_documents(Path(path), document_id)
    except NothingToIndex as exc:
        return Skipped(exc)
    except IngestError as exc:
        return str(exc)
    except Exception as exc:  # a bug on one odd file must not lose the others
        return f"{path}: could not be ingested ({type(exc).__name__}: {exc})"


class Skipped(str):
    """A file's one-line note that it holds nothing to index (errors.NothingToIndex)."""


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
            raise BuildLocked(f"{index_dir}: another build is running on this index") from None
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
        for unfinished in builds.glob("*.partial"):
            shutil.rmtree(unfinished, ignore_errors=True)


@contextmanager
def _no_folder_left_for_nothing(index_dir: Path):
    """An index folder this build made (for its lock) is removed again when it wrote no index:
    it indexed nothing, or could not write (a full disk): left, it read as an index never built."""
    made = not index_dir.exists()
    try:
        yield
    except (NothingIndexed, OSError):
        if made:
            shutil.rmtree(index_dir, ignore_errors=True)
        raise


@contextmanager
def _write_errors(index_dir: Path):
    """A build that cannot write (disk full, read-only folder, no permission) ends with a
    one-line error; the previous index is untouched and keeps serving."""
    try:
        yield
    except OSError as exc:
        what = exc.strerror or str(exc)
        if exc.errno in (errno.EEXIST, errno.ENOTDIR) and index_dir.exists() and not index_dir.is_dir():
            # (a device such as /dev/null passes the CLI's "not a file" check)
            raise BuildFailed(f"{index_dir}: cannot build the index there: it is not a folder") from None
        if exc.errno == errno.ENOSPC:
            what = "the disk is full"
        elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            what = f"{exc.strerror.lower()} (the index folder must be writable)"
        where = f" ({Path(exc.filename).name})" if exc.filename else ""
        try:
            kept = "the previous index is unchanged" if current_build(index_dir) else "no index was written"
        except IndexUnavailable:
            kept = "the previous index is unchanged"
        raise BuildFailed(f"{index_dir}: cannot build the index: {what}{where}; {kept}") from None


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


# About the most a worker process holds: jieba's dictionary with the glossary's words and one
# writer's postings before it spills them (SPILL_CHARACTERS), or CC-CEDICT and pypinyin's tables.
WORKER_MB = 400


def _workers() -> int:
    """One worker per core, as many as the memory free now holds."""
    return max(1, min(os.cpu_count() or 1, 8, _available_mb() // WORKER_MB))


def _available_mb() -> int:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return 1 << 20      # unknown (not Linux): the cores decide


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
    # Before the lock (which makes the index folder): no file to read writes nothing at all.
    # (`termsearch index .` in a folder of reports: its index/, or any other index, is not read
    # as one of them.)
    own = index_dir.resolve()
    files, problems = collect_files([Path(p) for p in paths],
                                    skip=lambda folder: folder.resolve() == own or is_index_folder(folder))
    pairs, files, lonely = parallel.pair_files(files)
    if not files and not pairs:
        raise NothingIndexed(_nothing_indexed(paths, index_dir, problems + lonely))
    with (_write_errors(index_dir), _no_folder_left_for_nothing(index_dir), build_lock(index_dir),
          _no_cycle_collection(), ExitStack() as spools):
        previous = current_build(index_dir)
        incremental = incremental and previous is not None
        report = IngestReport()
        report.errors.extend(problems)
        report.errors.extend(lonely)

        old_docs = read_json(previous / "documents.json", kind=list) if incremental else []
        # (The documents of one TMX file share its id: constitutions--prc-2018 → constitutions.)
        path_to_id = {d["path"]: parallel.file_id_of(d["id"]) for d in old_docs}
        taken = {parallel.file_id_of(d["id"]) for d in old_docs}
        jobs = [(str(path), path_to_id.get(str(path)) or document_id_for(path, taken)) for path in files]
        # A pair's id is its shared name: constitution.zh.txt + constitution.en.txt → constitution.
        jobs += [(str(zh), path_to_id.get(str(zh)) or document_id_for(zh.with_name(parallel.side_of(zh)[1]), taken), str(en))
                 for zh, en in pairs]
        documents = _ingest(jobs, report, workers, spools.enter_context(SpooledDocuments(index_dir)))
        if not len(documents):      # every file refused: the live index must not be replaced by nothing
            raise NothingIndexed(_nothing_indexed(paths, index_dir, report.errors + report.skipped,
                                                  files=len(jobs)))
        try:
            imported = _imported_terms(previous)
        except IndexDamaged:        # a rebuild is what mends a damaged index: it must not stop here
            imported = []
            report.errors.append(f"{previous / 'glossary.json'}: cannot be read; the terms imported into the "
                                 "index before are not carried over (import them again)")
        # A file added again that now makes other documents (a TMX file edited to hold another
        # document's pairs): its old documents go, whichever ids they had.
        added_paths, added_ids = {doc.path for doc in documents}, {doc.id for doc in documents}
        gone = {d["id"] for d in old_docs if d["path"] in added_paths and d["id"] not in added_ids}
        kept_docs = [d for d in old_docs if d["id"] not in added_ids and d["id"] not in gone]
        # One name per place across the collection (涞水县 and 河北省涞水县 are one county).
        renamed = metadata.fuller_regions([*(d.get("region", "") for d in kept_docs), *(d.region for d in documents)])
        if incremental and (any(doc.glossary for doc in documents) or not is_current_format(previous)
                            or any(d.get("region", "") in renamed for d in kept_docs)
                            or not build_is_whole(previous) or gone or not unit_runs_table.has_tally(previous)):
            # New glossary terms change how every paragraph is cut and which terms it uses, an
            # index an older termsearch wrote has another layout, and a damaged one (a segment
            # file lost) cannot be added to, and one without its runs' tally cannot count them:
            # the documents already indexed are analysed again, from the index's own copy.
            added = {doc.id for doc in documents}
            everything = spools.enter_context(SpooledDocuments(index_dir))
            for doc in _stored_documents(previous):
                if doc.id not in added and doc.id not in gone:
                    everything.append(doc)
            for doc in documents.whole():
                everything.append(doc)
            documents = everything
            incremental = False
        for doc in documents.rename_regions(renamed):
            report.renamed(doc)
        return _publish(index_dir, previous, documents, imported, report, workers, started,
                        incremental=incremental, renderings=renderings)


def _nothing_indexed(paths: list[Path], index_dir: Path, problems: list[str], files: int = 0) -> str:
    """The one line of a build that found no document: why, and that no index was touched."""
    if files:
        why = (f"none of the {files} files could be indexed" if files > 1 else "the file could not be indexed")
        why += f" ({problems[0]}" + (f"; and {len(problems) - 1} more" if len(problems) > 1 else "") + ")"
    elif problems:
        why = problems[0] + (f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else "")
    else:
        where = ", ".join(str(p) for p in paths) or "no path given"
        why = f"no report files (.txt, .md, .html, .tmx) in {where}"
    kept = (f"the index at {index_dir} is unchanged" if current_build(index_dir) is not None
            else "no index was written")
    return f"nothing to index: {why}; {kept}"


def import_terms(index_dir: Path, terms: list[Term], origin: str, *, workers: int | None = None) -> BuildResult:
    """Bring a user's termbase into the index: terms of the same origin are replaced, and the
    documents are re-analysed from the index's own copy so the new terms are found in them."""
    started = time.perf_counter()
    index_dir = Path(index_dir)
    with _write_errors(index_dir), build_lock(index_dir), _no_cycle_collection(), ExitStack() as spools:
        previous = current_build(index_dir)
        if previous is None:
            raise IndexMissing(f"no index at {index_dir} to import terms into (build one first)")
        imported = [t for t in _imported_terms(previous) if t.origin != origin] + terms
        if len(imported) > MAX_IMPORTED_TERMS:
            raise IngestError(f"{len(imported):,} imported terms in all would pass the limit of "
                              f"{MAX_IMPORTED_TERMS:,}; nothing was imported")
        documents = spools.enter_context(SpooledDocuments(index_dir))
        for doc in _stored_documents(previous):
            documents.append(doc)
        return _publish(index_dir, previous, documents, imported, IngestReport(), workers or _workers(),
                        started, incremental=False)


class SpooledDocuments:
    """A build's documents as they come: each whole one pickled to a temporary file (gone with
    the build, even a killed one), only its light part kept in memory (all but the paragraphs,
    which are most of a corpus). The paragraphs are read back one document at a time
    (`whole`), so the builder never holds the corpus."""

    def __init__(self, folder: Path):
        self._file = tempfile.TemporaryFile(dir=folder, prefix=".documents-")
        self._offsets: list[int] = []
        self._light: list[Document] = []
        self._renamed: dict[str, tuple[str, str]] = {}     # id → (region, display title) given since
        self.characters = 0
        self.paragraphs = 0

    # Closed when the build ends (its temporary file held every document, pickled: freed only
    # by the cyclic collector, which a build turns off, it kept its disk space after the build).
    def __enter__(self) -> "SpooledDocuments":
        return self

    def __exit__(self, *exc) -> None:
        self._file.close()

    def append(self, doc: Document) -> None:
        self._file.seek(0, os.SEEK_END)
        self._offsets.append(self._file.tell())
        pickle.dump(doc, self._file, pickle.HIGHEST_PROTOCOL)
        self.characters += sum(len(p.text) for p in doc.paragraphs)
        self.paragraphs += len(doc.paragraphs)
        self._light.append(dataclasses.replace(doc, paragraphs=[]))

    def rename_regions(self, renamed: dict[str, str]) -> list[Document]:
        """Give the documents of a region in `renamed` its new name (and display title);
        returns those renamed, without their paragraphs."""
        changed = []
        for light in self._light:
            if light.region in renamed:
                light.region = renamed[light.region]
                light.display_title = metadata.display_title(metadata.Metadata(
                    region=light.region, level=light.level, kind=light.kind, year=light.year, title=light.title))
                self._renamed[light.id] = (light.region, light.display_title)
                changed.append(light)
        return changed

    def __iter__(self) -> Iterator[Document]:
        """The documents without their paragraphs."""
        return iter(self._light)

    def __len__(self) -> int:
        return len(self._light)

    def whole(self, which=None) -> Iterator[Document]:
        """Each document whole, read back in turn (only those `which` says yes to, given the
        light one)."""
        for light, offset in zip(self._light, self._offsets):
            if which is None or which(light):
                self._file.seek(offset)
                doc = pickle.load(self._file)
                if doc.id in self._renamed:
                    doc.region, doc.display_title = self._renamed[doc.id]
                yield doc


def _ingest(jobs: list[tuple[str, str]], report: IngestReport, workers: int,
            documents: SpooledDocuments) -> SpooledDocuments:
    with ProcessPoolExecutor(workers, initializer=_exit_with_the_builder) as pool:
        outcomes = pool.map(_ingest_one, jobs, chunksize=4)     # the workers start here
        segment.load()          # meanwhile: jieba's dictionary, which the analysis needs next
        for outcome in outcomes:
            if isinstance(outcome, str):    # an error, or a note that the file holds nothing to index
                (report.skipped if isinstance(outcome, Skipped) else report.errors).append(str(outcome))
                continue
            for doc in outcome if isinstance(outcome, list) else [outcome]:
                # One script for the region, so a filter on 东莞市 finds 東莞市 too.
                doc.region = variants.to_simplified(doc.region)
                documents.append(doc)
                report.add(doc)
    return documents


def _stored_documents(build_dir: Path) -> Iterator[Document]:
    return (read_document(build_dir, d["id"]) for d in read_json(build_dir / "documents.json", kind=list))


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
        write_json(folder / f"{number}.json", {"paragraphs": paragraphs[start:end], "sections": own})
    write_json(folder / "sections.json", sections)
    write_json(folder / "head.json", head)


def _imported_terms(previous: Path | None) -> list[Term]:
    if previous is None:
        return []
    return [Term.from_dict(t) for t in read_json(previous / "glossary.json", kind=list) if t["origin"] != "extracted"]


def _publish(index_dir: Path, previous: Path | None, documents: SpooledDocuments, imported: list[Term],
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
        write_sizes(staging)
        os.rename(staging, target)
        _swap(index_dir, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _remove_old_builds(index_dir, keep={target.name, previous.name if previous else ""})
    return BuildResult(report, target, time.perf_counter() - started, characters)


def _glossary(documents: SpooledDocuments, imported: list[Term], kept: list[Term],
              renderings: Path | None, regions: dict[str, str] | None = None) -> tuple[list[Term], list[Term]]:
    """Extracted terms of the new documents, those kept from the previous build, and imports,
    all given their Simplified headword and English renderings; and those of them still to be
    given their Traditional headword and pinyin (termforms.complete_display_forms), whose
    dictionaries (~105 MB) the writers never need: filled once they are forked, or that memory
    would count again in each of them."""
    terms, display_pending = list(kept), []
    for doc in documents:
        for t in doc.glossary:
            # A national document's definitions apply everywhere (a local report uses the
            # national meaning); a local one's only in its own report.
            t.scope = "global" if doc.level == "national" else t.scope
            terms.append(termforms.complete_simplified(t))
            display_pending.append(t)
    for term in imported:
        if not term.simplified or not term.pinyin:
            termforms.complete_simplified(term)
            display_pending.append(term)
        term.scope = "global"       # a termbase the user imported is for the whole collection
        terms.append(term)
    for term in terms:
        if term.origin == "extracted":
            # Renderings removed from the file disappear on rebuild; those an official
            # translation indexed before attests stay (an --add does not bring it again).
            term.english = [r for r in term.english if r.note.startswith(parallel.MINED_NOTE)]
    known = english_renderings.load_renderings(renderings)
    english_renderings.attach_renderings(terms, known, regions)
    headwords = {h for t in terms for h in (t.term, *t.aliases)} | set(known)
    translated = list(documents.whole(lambda doc: doc.translation))
    if translated:
        english_renderings.attach_renderings(terms, parallel.mine_renderings(translated, headwords, known))
    for term in terms:      # what a translation attests comes after the researched renderings
        term.english.sort(key=lambda r: r.note.startswith(parallel.MINED_NOTE))
    return terms, display_pending


def _write_build(documents: SpooledDocuments, imported: list[Term], report: IngestReport, staging: Path,
                 previous: Path | None, workers: int, renderings: Path | None) -> int:
    if previous is not None:
        shutil.copytree(previous, staging)
    else:
        staging.mkdir(parents=True)
        (staging / "docs").mkdir()
    replaced = {d.id for d in documents}
    kept = [t for t in (Term.from_dict(t) for t in read_json(staging / "glossary.json", []))
            if t.origin == "extracted" and t.source.document not in replaced]
    # Each document's region, for renderings written for one place (a scoped row of the file).
    regions = {d["id"]: d.get("region", "") for d in read_json(staging / "documents.json", [])}
    regions.update((d.id, d.region) for d in documents)
    terms, display_pending = _glossary(documents, imported, kept, renderings, regions)
    glossary_words = sorted({w for t in terms for w in (termforms.unquoted(t.simplified),
                             *[variants.normalize(a)[0] for a in t.aliases])})
    term_keys = [(t.id, termforms.match_keys(t)) for t in terms]
    defined_at: dict[tuple[str, int], list[str]] = {}
    for t in terms:
        defined_at.setdefault((t.source.document, t.source.line), []).append(t.id)

    characters = documents.characters
    homes = termforms.homes_of(terms)
    analyzers.use_glossary(glossary_words, term_keys, homes)
    if previous is not None:
        ix = whoosh_index.open_dir(staging / INDEX_NAME)
    else:
        (staging / INDEX_NAME).mkdir()
        ix = whoosh_index.create_in(staging / INDEX_NAME, make_schema())
    # One document at a time, read back from the spool: its texts.txt lines and its rows for
    # the writers (whose shares wait on disk), then, while the writers work, its pages: this
    # process never holds the corpus.
    rows = _RowSpool(staging, defined_at, documents.characters, workers if documents.paragraphs >= PARALLEL_FROM else 1)
    try:
        for doc in documents.whole():
            rows.add(doc)
    finally:
        rows.close()
    gathered: list[dict] = []       # the collection's facts but its spans' (collection.gather)

    rest_written: list[bool] = []

    def write_the_rest() -> None:
        """What needs neither the writers' words nor their readings, done once: as soon as a
        writer is done while another still works (a core idles there, ~1 s on the reports
        folder; the writer's process gone, its memory freed), else while the workers look the
        words up. CC-CEDICT loaded only then (~90 MB; beside two writers it was part of the
        build's peak), the terms' English, the glossary."""
        if rest_written:
            return
        rest_written.append(True)
        for term in display_pending:
            termforms.complete_display_forms(term)
        # English for every entry: a part's published English, else a literal gloss (CC-CEDICT).
        literal.attach_glosses(terms, english_renderings.load_renderings(renderings), regions)
        collection.finish(staging, gathered.pop())      # the quoted spans' facts need CC-CEDICT
        write_json(staging / "glossary.json", [t.to_dict() for t in terms])
        # Computed here so a query never needs pypinyin to read the glossary's pinyin.
        write_json(staging / "term_forms.json", {t.id: termforms.search_forms(t) for t in terms})
        write_json(staging / "form_readings.json", termforms.form_readings(terms))
        # Where the texts write two characters apart (a phrase check rules out the rest unread).
        gap_pairs.write(staging)

    def once_a_writer_is_done() -> None:
        _load_lookups()         # what a look-up needs, loaded here anyway (_lookup_pool)
        write_the_rest()

    # An incremental build drops the replaced documents and merges (as Whoosh counts words
    # over deleted documents until they are merged away).
    try:
        word_counts, spanning, runs = _write_segments(
            ix, rows.files, (glossary_words, term_keys, homes),
            delete={"document": sorted(replaced)} if previous else None, optimize=previous is not None,
            meanwhile=lambda: gathered.append(_write_documents(documents.whole(), staging, replaced)),
            once_one_is_done=once_a_writer_is_done)
    finally:
        shutil.rmtree(staging / ROWS, ignore_errors=True)
    vocab_counts = _lexicon_counts(staging / INDEX_NAME) if previous is not None else word_counts
    if previous is not None:
        runs = _runs_kept(previous, replaced, runs)

    # Words of two characters also found where jieba cut the text otherwise (创新|高地 for 新高):
    # queries for them also read the characters' index. An older build's are kept (a stale one
    # costs a query a little time, never a wrong answer).
    spanning.update(read_json(staging / "spanning.json", []) if previous is not None else [])
    # Words of three characters or more cut across (自治权 in 自治|权利) came with them: a
    # query for one also reads its run of characters (query.characters_query).
    spanning.update(read_json(staging / ACROSS_CUTS, []) if previous is not None else [])
    write_json(staging / "spanning.json", sorted(w for w in spanning if len(w) == 2 and w in vocab_counts))
    write_json(staging / ACROSS_CUTS, sorted(w for w in spanning if len(w) > 2 and w in vocab_counts))
    _write_unlisted(staging, vocab_counts)

    old_readings = read_json(staging / "readings.json", {})
    # The commonest words' best hits, as a search for one of them alone would score them (after
    # spanning.json and unlisted.json: the words searched in both indexes are written as they
    # are searched): by a look-up worker, before its look-ups.
    readings, others, glosses, senses = _word_facts(
        vocab_counts, old_readings, workers, meanwhile=write_the_rest,
        # (common_from bound here: a worker started afresh reads the module's own value)
        aside=partial(common_terms.write, staging, staging / INDEX_NAME, vocab_counts,
                      common_from=common_terms.COMMON_FROM))
    # Written here, one after the other (~0.7 s each on the reports folder). A process forked
    # to write the readings' files beside the English began with every page of the builder's
    # (~500 MB on the whole corpus, CC-CEDICT and pypinyin loaded), counted again in the tree:
    # at 1,036 MB summed RSS it was the build's peak once the look-up worker was started afresh.
    _write_readings_files(staging, vocab_counts, readings, others, runs)
    write_json(staging / "glosses.json", glosses)
    write_json(staging / "english.json", word_map.build_english_index(vocab_counts, terms, senses=senses))
    write_json(staging / "report.json", {"totals": report.totals(), **report.__dict__})
    write_json(staging / "format.json", {"format": INDEX_FORMAT})
    return characters


def _write_readings_files(staging: Path, counts: Counter[str], readings: dict[str, str],
                          others: dict[str, list[str]], runs: unit_runs.Tally) -> None:
    """The files made from the words' readings: the vocabulary's (_write_vocab) and the runs'."""
    _write_vocab(staging, counts, readings, others)
    unit_runs_table.write(staging, runs, counts, readings, others)


def _forked(work, started) -> tuple:
    """(process, end of its pipe): `work()` run by a process forked from this one, after
    `started()`, sending back what it returns or the error it raised (_sent_by reads it)."""
    for stream in (sys.stdout, sys.stderr):     # (the child flushes its copies when it ends)
        if stream is not None:
            stream.flush()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_run_and_send, args=(work, started, send), daemon=True)
    process.start()
    send.close()
    return process, receive


def _run_and_send(work, started, send) -> None:
    """In a process _forked started: `work()`, then (True, what it returned) sent, or (False,
    the error it raised)."""
    started()
    try:
        result = (True, work())
    except BaseException as exc:    # (sent whole: an OSError keeps its errno for _write_errors)
        result = (False, exc)
    try:
        send.send(result)
    except Exception as exc:        # an error, or a result, that cannot be pickled: said in a line
        send.send((False, BuildFailed(f"{type(result[1]).__name__}: {result[1]}" if not result[0]
                                      else f"a build process could not send what it made: {exc}")))
    send.close()


def _sent_by(process, receive, what: str):
    """What a process _forked sent, once it has ended; the error it sent raised here, as the
    build's, and one that ended without a word (killed) said in one line (BuildFailed)."""
    try:
        ok, value = receive.recv()
    except EOFError:
        process.join()
        raise BuildFailed(f"{what} ended before its work was done (exit code {process.exitcode})") from None
    finally:
        receive.close()
    process.join()
    if not ok:
        raise value
    return value


def _runs_kept(previous: Path, replaced: set[str], added: unit_runs.Tally) -> unit_runs.Tally:
    """The runs of every document of an added build: the previous build's tally, less the
    replaced documents' paragraphs (cut again from its copy of them), plus the added ones'."""
    old = [d["id"] for d in read_json(previous / "documents.json", kind=list) if d["id"] in replaced]
    gone = unit_runs.of_texts(variants.normalized_text(_indexed_text(p), regional=False)
                              for doc in map(partial(read_document, previous), old) if doc is not None
                              for p in doc.paragraphs)
    return unit_runs.merge([unit_runs.less(unit_runs_table.tally(previous), gone), added])


def _write_documents(documents: Iterator[Document], staging: Path, replaced: set[str]) -> dict:
    """Each document's pages and documents.json, the documents read once; returns what the
    collection file needs of them (collection.gather)."""
    meta = [d for d in read_json(staging / "documents.json", []) if d["id"] not in replaced]

    def written() -> Iterator[Document]:
        for doc in documents:
            _write_document(staging / "docs", doc)
            meta.append(_meta_of(doc))
            yield doc

    gathered = collection.gather(staging, written(), replaced)      # metadata, sizes, quoted spans
    write_json(staging / "documents.json", meta)
    return gathered


def _meta_of(d: Document) -> dict:
    """A document's entry in documents.json."""
    return {
        "id": d.id, "title": d.title, "path": d.path, "format": d.format, "encoding": d.encoding,
        "paragraphs": len(d.paragraphs), "sections": [s.__dict__ for s in d.sections],
        "pages": len(page_starts([len(p.text) for p in d.paragraphs])),
        "glossary": len(d.glossary), "damaged": len(d.damaged),
        "region": d.region, "level": d.level, "kind": d.kind, "year": d.year,
        "display_title": d.display_title or d.title,
        "translation": d.translation,
    }


# Where the writers' shares of the rows wait (inside the staging folder, removed once written).
ROWS = ".rows"
# Rows pickled together: one pickle per row would cost more than the rows.
ROWS_PER_BATCH = 512


class _RowSpool:
    """Every paragraph's index fields, written to `parts` files of about the same number of
    characters (the work is per character; `total` characters in all), in batches, for the
    writers to read (_spooled_rows); its text is appended to texts.txt, whose line it is (row)."""

    def __init__(self, staging: Path, defined_at: dict[tuple[str, int], list[str]], total: int, parts: int):
        texts_path = staging / "texts.txt"
        self._row = texts_path.read_text(encoding="utf-8").count("\n") if texts_path.exists() else 0
        self._texts = open(texts_path, "a", encoding="utf-8")
        self._folder = staging / ROWS
        self._folder.mkdir(exist_ok=True)
        self._defined_at, self._total, self._parts = defined_at, total, parts
        self.files: list[Path] = []
        self._out = None
        self._batch: list[dict] = []
        self._done = 0

    def add(self, doc: Document) -> None:
        for p in doc.paragraphs:
            if self._out is None or (self._done >= self._total * len(self.files) / self._parts
                                     and len(self.files) < self._parts):
                self._next_file()
            # Lines of their own: a paragraph never holds a line break (it came from one line).
            self._texts.write(p.text + "\n")
            fields = {"pid": p.id, "document": p.document, "section": p.section, "line": p.line,
                      "text": _indexed_text(p), "_stored_text": p.text, "row": self._row}
            if p.english:
                fields["english"] = p.english
            self._row += 1
            if (p.document, p.line) in self._defined_at:
                fields["defines"] = ",".join(self._defined_at[(p.document, p.line)])
            self._batch.append(fields)
            self._done += len(p.text)
            if len(self._batch) >= ROWS_PER_BATCH:
                self._flush()

    def _flush(self) -> None:
        pickle.dump(self._batch, self._out, pickle.HIGHEST_PROTOCOL)
        self._batch = []

    def _next_file(self) -> None:
        if self._out is not None:
            self._flush()
            self._out.close()
        self.files.append(self._folder / f"share-{len(self.files)}.pickle")
        self._out = open(self.files[-1], "wb")

    def close(self) -> None:
        if self._out is None:       # no paragraphs: one empty share, so the build still makes its segment
            self._next_file()
        self._flush()
        self._out.close()
        self._texts.close()


def _spooled_rows(path: Path) -> Iterator[dict]:
    with open(path, "rb") as spooled:
        while True:
            try:
                batch = pickle.load(spooled)
            except EOFError:
                return
            yield from batch


def _indexed_text(paragraph: Paragraph) -> str:
    """The paragraph as indexed: garbled spans blanked out, so their nonsense never becomes a
    word of the index (or of the pinyin and English vocabularies built from it). Readers still
    see them, marked as damaged."""
    return without_damage(paragraph.text, [(span.start, span.end) for span in paragraph.damaged])


def _worker_started() -> None:
    """In a worker started for the build: leave with the builder, and no garbage collection
    (the work makes no reference cycles worth the collector's passes over the dictionaries it
    loads or inherits)."""
    _exit_with_the_builder()
    gc.disable()


def _writer_started(glossary: tuple) -> None:
    """A segment writer: the analysis set up as in the builder (jieba with the glossary's
    words, the term finder), so every writer analyses exactly as the others do."""
    _worker_started()
    analyzers.use_glossary(*glossary)
    segment.two_character_words()


def _forked_writer_started() -> None:
    """A segment writer forked from the builder: it already holds the analysis the builder set
    up (jieba loaded, with the glossary's words; the term finder; the pairs of characters)."""
    _worker_started()


def _writer_pool(workers: int, glossary: tuple) -> ProcessPoolExecutor:
    """Segment writers started afresh, setting the analysis up from `glossary`: where forking
    them (_forked_writers) is not safe."""
    return _fresh_pool(workers, initializer=_writer_started, initargs=(glossary,))


def _forked_writers(jobs: list[tuple], meanwhile, once_one_is_done) -> list[tuple]:
    """_write_share of each job, each by a process forked from the builder, so each begins with
    the modules and jieba's dictionary the builder has loaded (a spawned writer spends ~1.2
    CPU s loading them again); their pages shared with the builder are what it holds now: its
    documents' light parts and the glossary, not the paragraphs (spooled to disk) nor CC-CEDICT
    (loaded later). This process runs `meanwhile` while they work, and `once_one_is_done` as
    soon as one of them has sent its share while others still work: a process a writer, ended
    once it has sent its share (a pool's worker outlives its task, its memory with it), so the
    builder's work then stands beside fewer writers than at the peak. A writer's error is raised
    here, as the build's."""
    segment.two_character_words()       # computed once here, inherited by every writer
    writers = []
    try:
        for job in jobs:
            writers.append(_forked(partial(_write_share, job), _forked_writer_started))
        meanwhile()
        written: list = [None] * len(jobs)
        waiting = {receive: n for n, (_, receive) in enumerate(writers)}
        while waiting:
            for receive in multiprocessing.connection.wait(list(waiting)):
                n = waiting.pop(receive)
                written[n] = _sent_by(*writers[n], "a segment writer")
            if waiting:
                once_one_is_done()
                once_one_is_done = _nothing     # (once)
        return written
    finally:
        for process, receive in writers:
            receive.close()
            if process.is_alive():      # (the build failed: the others' work is of no use)
                process.kill()
            process.join()


def _nothing() -> None:
    pass


def _fork_is_safe() -> bool:
    """A fork copies one thread: another thread's lock held at that moment (a web server's
    request, a logging handler) would stay held for ever in the child. So fork only where
    the start method exists and this process runs no other thread, Python's or native."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return threading.active_count() == 1


def _fresh_pool(workers: int, **kwargs) -> ProcessPoolExecutor:
    """Worker processes started afresh rather than forked from the builder: a fork would
    begin as big as the builder (its documents, jieba, CC-CEDICT), and its pages count again
    in every worker."""
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), **kwargs)


@contextmanager
def _fresh_workers(what: str):
    """Around a pool of _fresh_pool: a worker that ends before its work is done fails the build
    with one line naming it and why, not the pool's "terminated abruptly". A worker started
    afresh imports termsearch anew, so a source file half saved while the build runs kills it
    before it runs a line of ours. (Nothing is swapped in before the pools are done: the index
    stays as it was.)"""
    try:
        yield
    except BrokenProcessPool:
        raise BuildFailed(f"the build stopped: {what} (a process started afresh) ended before its work was "
                          f"done: {_fresh_import_failure() or 'it exited abruptly (killed, out of memory, or a source file half saved then)'}; the index is as it was") from None


def _fresh_import_failure() -> str | None:
    """Why a process started now cannot import the build's code, as a fresh worker does (the
    same sys.path), or None when it can."""
    check = "import sys; sys.path[:0] = sys.argv[1:]; import termsearch.index_build"
    try:
        out = subprocess.run([sys.executable, "-c", check, *sys.path], capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode == 0:
        return None
    lines = [line.strip() for line in out.stderr.splitlines() if line.strip()]
    places = re.findall(r'File "([^"]+)", line (\d+)', out.stderr)
    where = f" at {places[-1][0]}:{places[-1][1]}" if places else ""
    return (f"importing termsearch failed ({lines[-1] if lines else f'exit code {out.returncode}'}{where}; "
            "a source file saved while the build ran?)")


def _exit_with_the_builder() -> None:
    """In a worker: exit when the build process is gone (killed), instead of waiting forever
    for work that will not come."""
    builder = os.getppid()

    def watch() -> None:
        while os.getppid() == builder:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


# Below this many paragraphs one process writes: starting workers costs more than it saves.
PARALLEL_FROM = 2000
# A writer spills the postings it holds to a run file after this many characters, and merges
# the runs into its one segment at the end (segments.SegmentBuilder.spill): this bounds a
# writer's memory whatever the corpus's size, and the index still has a segment per writer
# (every query reads each segment, so few segments answer faster).
SPILL_CHARACTERS = 2_000_000


ACROSS_CUTS = "across_cuts.json"     # words of 3+ characters jieba also cut across


def _write_segments(ix, shares: list[Path], glossary: tuple, *, delete: dict | None, optimize: bool,
                    meanwhile=lambda: None, once_one_is_done=lambda: None) -> tuple[Counter[str], set[str], unit_runs.Tally]:
    """The spooled rows (_RowSpool) written into `ix` and committed (after deleting
    `delete`'s documents): as new segments, each share by its own worker process when there
    are several, with the words counted (for the vocabulary) and the words of two characters
    found where they are not a word of the index (see _add_row); this process runs
    `meanwhile` while the writers work, and `once_one_is_done` as soon as one of several
    forked writers is done and gone (see _forked_writers). A Whoosh whose files
    whoosh_format does not know gets the same analysed paragraphs through its own writer, in
    this process."""
    counts: Counter[str] = Counter()
    spanning: set[str] = set()
    if not whoosh_format.writes_by_hand():
        meanwhile()
        writer = segments.WhooshWriter(ix, delete=delete)
        unit_runs.start()
        segment.start_words_across_cuts()
        try:
            pairs = segment.two_character_words()
            for share in shares:
                for fields in _spooled_rows(share):
                    _add_row(writer, fields, counts, spanning, pairs)
            writer.commit(optimize=optimize)
        except BaseException:
            writer.cancel()
            raise
        return counts, spanning | segment.take_words_across_cuts(), unit_runs.take()
    jobs = [(ix.storage.folder, str(share), SPILL_CHARACTERS) for share in shares]
    if len(jobs) < 2:
        meanwhile()
        written = [_write_share(job) for job in jobs]
    elif _fork_is_safe():
        written = _forked_writers(jobs, meanwhile, once_one_is_done)
    else:
        with _fresh_workers("a segment writer"), _writer_pool(len(jobs), glossary) as pool:
            pending = pool.map(_write_share, jobs)       # submitted (and started) here
            meanwhile()
            written = list(pending)
    for _, share_counts, share_spanning, _ in written:
        counts.update(share_counts)
        spanning |= share_spanning
    segments.commit_segments(ix, [new for made, *_ in written for new in made], delete=delete, optimize=optimize)
    return counts, spanning, unit_runs.merge_packed(runs for *_, runs in written)


def _write_share(job: tuple[str, str, int]) -> tuple[list, Counter[str], set[str], unit_runs.PackedTally]:
    """One share of the rows written as one segment, the postings spilled to disk every
    `most` characters (an empty share still makes its segment, as Whoosh would)."""
    index_path, share, most = job
    ix = whoosh_index.open_dir(index_path)
    pairs = segment.two_character_words()
    counts, spanning = Counter(), set()
    builder, size = segments.SegmentBuilder(ix), 0
    unit_runs.start()
    segment.start_words_across_cuts()       # longer words cut across, kept with the pairs
    for fields in _spooled_rows(Path(share)):
        _add_row(builder, fields, counts, spanning, pairs)
        size += len(fields["text"])
        if size >= most:
            builder.spill()
            size = 0
    # The cut words cached are of no use to the merge, which reuses their memory.
    # Packed before the merge (its Counters' memory reused there) and for the builder to hold.
    runs = unit_runs.pack(unit_runs.take())
    spanning |= segment.take_words_across_cuts()
    segment.forget_words_seen()
    return [builder.finish()], counts, spanning, runs


def _add_row(writer, fields: dict, counts: Counter[str], spanning: set[str], pairs: frozenset[str]) -> None:
    """A paragraph analysed and given to `writer` (segments.SegmentBuilder or WhooshWriter);
    its words are counted into `counts`, and the pairs of characters found where they are not
    a word into `spanning`."""
    counted = analyzers.counted(fields["text"], fields["document"])     # terms scoped to their documents
    counts.update(counted["text"])
    # Pairs of characters that are words elsewhere but not here (set operations, in C).
    spanning |= (counted["chars"].keys() - counted["text"].keys()) & pairs
    writer.add(fields, counted)


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
# Jobs of words per core: small enough that the work spreads evenly, whoever takes it.
WORD_JOBS_PER_CORE = 4


def _word_facts(counts: Counter[str], old_readings: dict, workers: int, meanwhile,
                aside=None) -> tuple[dict, dict, dict, tuple]:
    """What the dictionaries say of each word: its reading (the old build's when it has one),
    its other readings (pinyin.other_readings), its gloss, and its English senses (word_map.dictionary_senses), looked up by worker
    processes while this one runs `meanwhile`. `aside` (a call that pickles, done for its
    effect) is run by a worker before it looks words up, or here when there is none: the
    builder alone after the writers, with the look-ups, left a core idle (README, fifteenth
    round)."""
    if workers < 2 or len(counts) < PARALLEL_WORDS:
        jobs = _word_jobs(counts, old_readings, workers)
        if aside is not None:
            aside()
        meanwhile()
        found = [_facts_of(job) for job in jobs]
    else:
        # `meanwhile` keeps this process busy, a core's worth: one worker fewer than the cores
        # (two lookers-up and this process on two cores cost each worker's start, ~1 CPU s,
        # for nothing), and the jobs no worker has begun when `meanwhile` ends are looked up
        # here, last first. A job's facts are the same whoever finds them, joined in job order.
        jobs = _word_jobs(counts, old_readings, workers * WORD_JOBS_PER_CORE)
        with _fresh_workers("a dictionary look-up worker"), _lookup_pool(workers - 1) as pool:
            beside = pool.submit(aside) if aside is not None else None    # taken first
            pending = [pool.submit(_facts_of, job) for job in jobs]       # started here
            meanwhile()
            found = [None] * len(jobs)
            for i in reversed(range(len(jobs))):
                if not pending[i].cancel():     # begun: so are those before it (taken in order)
                    break
                found[i] = _facts_of(jobs[i])
            found = [facts if facts is not None else future.result() for facts, future in zip(found, pending)]
            if beside is not None:
                beside.result()         # (its error, if any, is the build's)
    readings, others, glosses = {}, {}, {}
    for job_readings, job_others, job_glosses, _ in found:
        readings.update(job_readings)
        others.update(job_others)
        glosses.update(job_glosses)
    return readings, others, glosses, word_map.join_senses(senses for *_, senses in found)


def _lookup_pool(workers: int) -> ProcessPoolExecutor:
    """The dictionary look-up workers, started afresh: each loads only what a look-up needs
    (pypinyin's tables, OpenCC, CC-CEDICT from the user's cache, which the builder has written
    by now), ~1 CPU s a worker. One forked from the builder began with every page of the
    builder's (the word counts, the glossary, the collection: ~540 MB on the whole corpus),
    each counted again in the process tree's memory, which made the look-ups the build's peak
    (1,073 MB summed RSS, issue 18.3's goal 1 GB)."""
    _load_lookups()     # first here (needed here anyway): a cold cache is then parsed once, not by each
    return _fresh_pool(workers, initializer=_worker_started)


def _load_lookups() -> None:
    """Whatever a look-up needs (pypinyin's tables, OpenCC, CC-CEDICT), loaded in this process
    (again, it is one word looked up)."""
    _facts_of([("中文", None)])


def _word_jobs(counts: Counter[str], old_readings: dict, parts: int) -> list[list[tuple[str, str | None]]]:
    """The words in `parts` jobs of (word, its old reading), in the counts' order."""
    return [[(w, old_readings.get(w)) for w in words]
            for words in _chunks(list(counts), max(1, -(-len(counts) // parts)))]


def _facts_of(job: list[tuple[str, str | None]]) -> tuple[dict[str, str], dict[str, list[str]], dict[str, dict], tuple]:
    readings, others = {}, {}
    unread = []
    for word, known in job:
        han = has_han(word)
        # A known reading is kept; an empty one is read again (builds before analysis/chars.py
        # left words of extension A characters unread, so pinyin could not find them).
        if known:
            readings[word] = known
        elif han:
            readings[word] = ""
            unread.append(word)
        else:
            readings[word] = ""
        if han and (other := pinyin_mod.other_readings(word)):
            others[word] = [" ".join(r) for r in other]
    for word, syllables in zip(unread, pinyin_mod.readings(unread)):     # read together: one OpenCC call
        readings[word] = " ".join(syllables)
    return readings, others, reader_glosses.glosses(readings), word_map.dictionary_senses(readings)


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
    write_json(staging / "vocab.json", {"words": dict(counts)})
    write_json(staging / "readings.json", {w: readings.get(w, "") for w in counts})
    write_json(staging / "pinyin.json", by_pinyin)
    write_json(staging / "initials.json", by_initials)


def _write_unlisted(staging: Path, counts: Counter[str]) -> None:
    """unlisted.json: the words of two characters or more the index never holds inside longer
    words (vocabulary.Vocabulary.unlisted; the commonest words' table reads it too)."""
    write_json(staging / "unlisted.json", [w for w in counts if len(w) >= 2 and not segment.indexed_inside_words(w)])


def _swap(index_dir: Path, target: Path) -> None:
    tmp = index_dir / f"{CURRENT}.{os.getpid()}.tmp"
    try:
        tmp.write_text(target.name + "\n", encoding="utf-8")
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, index_dir / CURRENT)
        index_layout.note_swap()
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


def _remove_old_builds(index_dir: Path, keep: set[str]) -> None:
    """Old builds go; the one replaced just now stays a while for readers still using it."""
    for entry in (index_dir / BUILDS).iterdir():
        if entry.name not in keep:
            shutil.rmtree(entry, ignore_errors=True)
