"""The bulk segment writer makes the index Whoosh's own writer would make, and a build split
over worker processes finds what a one-process build finds."""
import json
from collections import Counter

import pytest
from whoosh import index as whoosh_index
from whoosh.codec import whoosh3
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3TermInfo
from whoosh.columns import CompressedBytesColumn, PickleColumn

from termsearch import index_build, segments, whoosh_format
from termsearch.analysis import analyzers, segment, termforms, variants
from termsearch.index_build import build
from termsearch.index_layout import current_build, make_schema
from termsearch.ingest.pipeline import ingest_file
from termsearch.search import Engine

from conftest import SEED, WEB_REPORTS


@pytest.fixture(scope="module")
def paragraphs():
    """Every paragraph of the seed and the web test reports, six times over (so common words
    fill several posting blocks), as index fields, with the glossary in use (so the terms
    field has something to count)."""
    paths = [SEED, *sorted(WEB_REPORTS.glob("*.txt"))]
    documents = [ingest_file(path, f"d{i}-{copy}") for copy in range(6) for i, path in enumerate(paths)]
    terms = [termforms.complete_term(t) for doc in documents for t in doc.glossary]
    words = sorted({w for t in terms for w in (termforms.unquoted(t.simplified),
                                               *[variants.normalize(a)[0] for a in t.aliases])})
    analyzers.use_glossary(words, [(t.id, termforms.match_keys(t)) for t in terms])
    rows = []
    for doc in documents:
        for p in doc.paragraphs:
            fields = {"pid": p.id, "document": p.document, "section": p.section, "line": p.line,
                      "text": index_build._indexed_text(p), "_stored_text": p.text, "row": len(rows)}
            if p.line % 5 == 0:
                fields["defines"] = f"t{p.line},t{p.line + 1}"
            rows.append(fields)
    return rows


def _contents(path):
    """Everything a reader can see of an index: postings with their statistics, stored fields,
    field lengths and columns."""
    reader = whoosh_index.open_dir(path).reader()
    postings = {}
    for field in reader.indexed_field_names():
        for word in reader.lexicon(field):
            info = reader.term_info(field, word)
            postings[(field, word)] = (list(reader.postings(field, word).all_items()), info.weight(),
                                       info.doc_frequency(), info.min_length(), info.max_length(),
                                       info.max_weight(), info.min_id(), info.max_id())
    docs = range(reader.doc_count_all())
    fields = ("text", "terms", "chars", "defines", "pid")
    return {
        "postings": postings,
        "stored": [dict(reader.stored_fields(d)) for d in docs],
        "lengths": [[reader.doc_field_length(d, f) for f in fields] for d in docs],
        "totals": {f: reader.field_length(f) for f in fields},
        "columns": {c: list(reader.column_reader(c)) for c in ("row", "document", "section")},
    }


@pytest.fixture(scope="module")
def whooshs_index(paragraphs, tmp_path_factory):
    """The paragraphs written by Whoosh's own writer, in one segment, its terms in fewer than
    INLINE_BELOW paragraphs inlined as the bulk writer inlines them: in the fields whose
    postings have values (Whoosh 2.7.4's writer calls set_inline for W3TermInfo.set_inlined:
    given the name, it inlines)."""
    folder = tmp_path_factory.mktemp("whoosh")

    def start_field(writer, fieldname, fieldobj):
        start(writer, fieldname, fieldobj)
        if fieldobj.format.fixed_value_size() == 0:         # no values (ID fields): not inlined
            writer._postwriter._inlinelimit = 1

    start = W3FieldWriter.start_field
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(W3TermInfo, "set_inline", W3TermInfo.set_inlined, raising=False)
        patch.setattr(W3FieldWriter, "start_field", start_field)
        # Its stored fields zipped at the bulk writer's level (whoosh_format.STORED_LEVEL).
        patch.setattr(whoosh3, "STORED_COLUMN",
                      PickleColumn(CompressedBytesColumn(level=whoosh_format.STORED_LEVEL)))
        writer = whoosh_index.create_in(folder, make_schema()).writer(
            compound=False, codec=W3Codec(inlinelimit=whoosh_format.INLINE_BELOW))
        for fields in paragraphs:
            writer.add_document(**fields, terms=fields["text"], chars=fields["text"])
        writer.commit()
    return folder


def _bulk(paragraphs, folder, spill_every=None):
    folder.mkdir()
    in_bulk = whoosh_index.create_in(folder, make_schema())
    builder = segments.SegmentBuilder(in_bulk)
    for number, fields in enumerate(paragraphs, 1):
        builder.add(fields, analyzers.counted(fields["text"]))
        if spill_every and number % spill_every == 0:
            builder.spill()
    segments.commit_segments(in_bulk, [builder.finish()])
    return folder


def test_the_bulk_writer_writes_what_whooshs_writer_writes(paragraphs, whooshs_index, tmp_path):
    bulk = _bulk(paragraphs, tmp_path / "bulk")
    expected, written = _contents(whooshs_index), _contents(bulk)
    assert any(field == "terms" for field, _ in expected["postings"])        # the glossary was in use
    assert any(field == "chars" for field, _ in expected["postings"])        # so were characters and pairs
    assert any(len(items[0]) > 128 for items in expected["postings"].values())   # several blocks
    sizes = {len(items[0]) for items in expected["postings"].values()}
    assert 1 in sizes and any(1 < size < whoosh_format.INLINE_BELOW for size in sizes)   # inlined: in one, in a few
    assert any(whoosh_format.INLINE_BELOW <= size <= 128 for size in sizes)      # one block
    # Every posting of a field without values is there as Whoosh reads them (all_items reads
    # an inlined term of those as none).
    assert all(items[0] for (field, _), items in written["postings"].items() if field in ("document", "section"))
    for part in expected:
        assert written[part] == expected[part], part
    assert _segment_files(bulk) == _segment_files(whooshs_index)     # byte for byte


def test_a_paragraph_s_stored_fields_are_written_unzipped_and_read_back_by_whoosh(paragraphs, tmp_path):
    # Level 0: each paragraph's text stands in the stored column as it is (no Huffman codes to
    # undo when a hit is read), and Whoosh's own reader still reads every field.
    bulk = _bulk(paragraphs[:40], tmp_path / "bulk")
    column = _segment_files(bulk)["_stored.col"]
    assert all(fields["_stored_text"].encode("utf-8") in column for fields in paragraphs[:40])
    reader = whoosh_index.open_dir(bulk).reader()
    assert [reader.stored_fields(d)["text"] for d in range(40)] == [f["_stored_text"] for f in paragraphs[:40]]


def test_postings_spilled_to_disk_and_merged_back_make_the_same_segment(paragraphs, whooshs_index, tmp_path,
                                                                        monkeypatch):
    """A writer that spills its postings every few paragraphs (as a build's writers do on a
    large corpus, to bound their memory) still writes one segment, byte for byte Whoosh's; so
    does one writing its terms table and postings a few kilobytes at a time."""
    monkeypatch.setattr(whoosh_format, "_GATHERED_BYTES", 4096)
    monkeypatch.setattr(segments, "RUN_BATCH", 7)
    spilled = _bulk(paragraphs, tmp_path / "spilled", spill_every=len(paragraphs) // 5)
    assert len(whoosh_index.open_dir(spilled).reader().leaf_readers()) == 1
    assert _contents(spilled) == _contents(whooshs_index)
    assert _segment_files(spilled) == _segment_files(whooshs_index)
    assert not [f for f in spilled.iterdir() if f.name.startswith(".run-")]     # the runs are gone


def _segment_files(path):
    """The segment's files by kind (their names hold the segment's random id)."""
    return {f.name.split(".", 1)[-1]: f.read_bytes() for f in path.iterdir() if f.name.startswith("MAIN_")}


def test_counted_words_are_the_tokenizers_words(paragraphs):
    words, term_ids, chars = analyzers.ParagraphTokenizer(), analyzers.TermIdsTokenizer(), analyzers.CharsTokenizer()
    for fields in paragraphs:
        counted = analyzers.counted(fields["text"])
        assert counted["text"] == Counter(t.text for t in words(fields["text"]))
        assert counted["terms"] == Counter(t.text for t in term_ids(fields["text"]))
        assert counted["chars"] == Counter(t.text for t in chars(fields["text"]))


@pytest.fixture
def fresh_segmenter(monkeypatch):
    """jieba as a new process has it, as a build's writer processes do: the words that other
    tests' builds registered in this process are not there."""
    caches = (segment.two_character_words, segment._sub_words, segment._index_forms, segment._cut_run,
              segment._is_word)
    monkeypatch.setattr(segment, "_segmenter", None)
    monkeypatch.setattr(segment, "_registered", set())
    for cached in caches:
        cached.cache_clear()
    yield
    for cached in caches:
        cached.cache_clear()


def test_a_build_over_worker_processes_finds_what_one_process_finds(tmp_path, monkeypatch, fresh_segmenter):
    """Two writer processes, and then two that spill their postings to disk every few
    paragraphs (as on a large corpus, to bound a writer's memory), find what one process
    writing one segment finds, in a segment per writer."""
    one_result = build([SEED], tmp_path / "one", workers=1)
    monkeypatch.setattr(index_build, "PARALLEL_FROM", 10)
    build([SEED], tmp_path / "two", workers=2)
    monkeypatch.setattr(index_build, "SPILL_CHARACTERS", one_result.characters // 10)
    build([SEED], tmp_path / "capped", workers=2)
    one, two, capped = Engine(tmp_path / "one"), Engine(tmp_path / "two"), Engine(tmp_path / "capped")
    assert len(two.live().reader.searcher.reader().leaf_readers()) == 2      # two segments indeed
    assert len(capped.live().reader.searcher.reader().leaf_readers()) == 2   # spilled, merged back
    for q in ("雙萬", "教育", "发展", "shuangwan", "學前教育“5080”", "小巨人 OR 无废城市", "zero-waste city"):
        first = one.search(q, limit=20).to_dict()
        for other in (two, capped):
            second = other.search(q, limit=20).to_dict()
            assert first["total"] == second["total"] > 0, q
            assert [h["paragraph"] for h in first["hits"]] == [h["paragraph"] for h in second["hits"]], q
    builds = [current_build(tmp_path / name) for name in ("one", "two", "capped")]
    vocab = [json.loads((b / "vocab.json").read_text()) for b in builds]
    assert vocab[0] == vocab[1] == vocab[2]
    assert [(b / "texts.txt").read_text() for b in builds[1:]] == [(builds[0] / "texts.txt").read_text()] * 2
    assert not any((b / index_build.ROWS).exists() for b in builds)     # the writers' spool is gone


def _segment_bytes(build_dir):
    """Each segment's files by kind, in the index's order (a segment's random id left out)."""
    folder = build_dir / "paragraphs"
    out = []
    for seg in whoosh_index.open_dir(folder)._segments():
        prefix = seg.segment_id()
        out.append({f.name[len(prefix):]: f.read_bytes() for f in folder.iterdir() if f.name.startswith(prefix)})
    return out


def test_writers_are_started_afresh_while_another_thread_runs_and_write_the_same_index(tmp_path, monkeypatch,
                                                                                       fresh_segmenter):
    """Writers forked from the builder inherit its loaded analysis; a fork copies one thread only
    (a lock another thread holds would stay held in the writer), so with another thread running
    (a web server's) the writers start afresh instead, and the index is the same byte for byte."""
    import threading

    monkeypatch.setattr(index_build, "PARALLEL_FROM", 10)
    methods = []
    real_pool, real_forked = index_build._writer_pool, index_build._forked_writers

    def noting(workers, glossary):
        pool = real_pool(workers, glossary)
        methods.append(pool._mp_context.get_start_method())
        return pool

    def forked(*args):
        methods.append("fork")
        return real_forked(*args)

    monkeypatch.setattr(index_build, "_writer_pool", noting)
    monkeypatch.setattr(index_build, "_forked_writers", forked)
    build([SEED], tmp_path / "forked", workers=2)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        build([SEED], tmp_path / "fresh", workers=2)
    finally:
        stop.set()
        other.join()
    assert methods == ["fork", "spawn"]
    forked, fresh = (_segment_bytes(current_build(tmp_path / name)) for name in ("forked", "fresh"))
    assert len(forked) == 2 and forked == fresh
    assert (current_build(tmp_path / "forked") / "vocab.json").read_bytes() == \
        (current_build(tmp_path / "fresh") / "vocab.json").read_bytes()


def test_the_builder_works_on_while_a_writer_is_left_and_the_index_is_the_same(tmp_path, monkeypatch, fresh_segmenter):
    """Once one writer has sent its segment, its process is gone and the builder loads the
    look-ups' dictionaries and writes the glossary's files beside the writer left, instead of
    waiting for it with a core idle; the index is the one a single process writes."""
    import multiprocessing
    import time

    one = build([SEED], tmp_path / "one", workers=1)
    monkeypatch.setattr(index_build, "PARALLEL_FROM", 10)
    writers_alive = []
    real_load = index_build._load_lookups

    def noting():
        writers_alive.append(len(multiprocessing.active_children()))
        real_load()

    real_write = index_build._write_share

    def slow_second(job):           # (the second writer still at work when the first is done)
        if job[1].endswith("share-1.pickle"):
            time.sleep(1.5)
        return real_write(job)

    monkeypatch.setattr(index_build, "_load_lookups", noting)
    monkeypatch.setattr(index_build, "_write_share", slow_second)
    two = build([SEED], tmp_path / "two", workers=2)
    assert writers_alive[:1] == [1]     # first called beside the one writer left, the other gone
    for name in ("glossary.json", "term_forms.json", "vocab.json", "texts.txt"):
        assert (two.build / name).read_bytes() == (one.build / name).read_bytes(), name
    engine_one, engine_two = Engine(tmp_path / "one"), Engine(tmp_path / "two")
    for q in ("雙萬", "发展", "zero-waste city"):
        assert ([h.paragraph for h in engine_one.search(q, limit=20).hits]
                == [h.paragraph for h in engine_two.search(q, limit=20).hits]), q


def test_a_writer_that_dies_ends_the_build_in_one_line_and_the_index_is_unchanged(tmp_path, monkeypatch,
                                                                                 fresh_segmenter):
    """A segment writer killed mid-build (out of memory) ends the build with one line, not a
    traceback of the pool, and the index built before keeps serving."""
    import os

    from termsearch.errors import BuildFailed

    build([SEED], tmp_path / "ix", workers=1)
    before = current_build(tmp_path / "ix")
    monkeypatch.setattr(index_build, "PARALLEL_FROM", 10)
    real_write = index_build._write_share

    def dying(job):
        if job[1].endswith("share-1.pickle"):
            os._exit(9)
        return real_write(job)

    dying.__qualname__, dying.__module__ = "_write_share", index_build.__name__     # (pickled by name by a pool)
    monkeypatch.setattr(index_build, "_write_share", dying)
    with pytest.raises(BuildFailed) as failed:
        build([SEED], tmp_path / "ix", workers=2)
    assert "\n" not in str(failed.value) and "writer" in str(failed.value)
    assert current_build(tmp_path / "ix") == before
    assert Engine(tmp_path / "ix").search("发展").total > 0
