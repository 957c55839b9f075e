"""whoosh_format, the one door to Whoosh's internals: on the Whoosh it knows, builds write
segments by hand and searches read them in bulk; on a Whoosh it does not know, a build goes
through Whoosh's own writer and a search through Whoosh's own searcher, and both find the same."""
import shutil
from contextlib import contextmanager

import pytest
from whoosh import index as whoosh_index

from conftest import SEED, WEB_REPORTS
from termsearch import scoring, segments, whoosh_format
from termsearch.index_build import build
from termsearch.index_layout import INDEX_NAME, current_build
from termsearch.search import Engine

QUERIES = ["发展", "發展", "高质量发展", "双万", "雙萬", "shuangwan", "jing ji", "fz", "企业 OR 教育",
           "发展 NOT 经济", '"高质量发展"', "education", "教育局", "的"]


def _build_twice(tmp_path_factory, name: str):
    """The seed, then one more report added to it (an incremental build deletes and merges)."""
    index_dir = tmp_path_factory.mktemp(name)
    added = tmp_path_factory.mktemp(f"{name}-added")
    shutil.copy(sorted(WEB_REPORTS.glob("*.txt"))[0], added)
    build([SEED], index_dir, workers=1)
    build([added], index_dir, incremental=True, workers=1)
    return index_dir


@pytest.fixture(scope="module")
def by_hand(tmp_path_factory):
    return _build_twice(tmp_path_factory, "by-hand")


@contextmanager
def _unknown_whoosh():
    """As if the installed Whoosh were a version whose files whoosh_format does not know; the
    bulk writer and evaluator may then not be used at all."""
    def refused(*args, **kwargs):
        raise AssertionError("used on a Whoosh whoosh_format does not know")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(whoosh_format, "INSTALLED", (2, 7, 99))
        patch.setattr(segments, "SegmentBuilder", refused)
        patch.setattr(scoring, "Evaluator", refused)
        yield


@pytest.fixture
def unknown_whoosh():
    with _unknown_whoosh():
        yield


@pytest.fixture(scope="module")
def by_whoosh(tmp_path_factory):
    with _unknown_whoosh():
        return _build_twice(tmp_path_factory, "by-whoosh")


def _contents(index_dir):
    """What a reader sees of an index: every posting with its weight, stored fields, lengths."""
    reader = whoosh_index.open_dir(current_build(index_dir) / INDEX_NAME).reader()
    postings = {(field, word): list(reader.postings(field, word).all_items())
                for field in reader.indexed_field_names() for word in reader.lexicon(field)}
    docs = list(reader.all_doc_ids())
    return {"postings": postings, "stored": [dict(reader.stored_fields(d)) for d in docs],
            "lengths": [[reader.doc_field_length(d, f) for f in ("text", "terms", "chars")] for d in docs]}


def test_the_installed_whoosh_is_known_and_its_indexes_are_read_by_hand(by_hand):
    assert whoosh_format.writes_by_hand()
    assert whoosh_format.reads_by_hand(Engine(by_hand).searcher())


def test_every_posting_list_read_in_bulk_is_whoosh_s_own(by_hand):
    # Every term of every segment (the incremental build leaves deletions), read whole and
    # among a few documents, against Whoosh's own matcher walking the list.
    from random import Random

    from termsearch import postings

    rng = Random(18)
    searcher = Engine(by_hand).searcher()
    read = 0
    for leaf, _ in searcher.leaf_searchers():
        reader = leaf.reader()
        for field in reader.indexed_field_names():
            for btext in reader.lexicon(field):
                info = whoosh_format.term_info(reader, field, btext)
                walked, matcher = [], reader.postings(field, btext)
                while matcher.is_active():
                    walked.append((matcher.id(), matcher.weight()))
                    matcher.next()
                ids, weights = postings.postings(reader, field, btext, info=info)
                assert list(zip(ids, weights)) == walked, (field, btext)
                among = sorted(rng.sample(range(reader.doc_count_all()), min(3, reader.doc_count_all())))
                ids, _ = postings.postings(reader, field, btext, weights=False, among=among, info=info)
                assert ids == [doc for doc, _ in walked if doc in among], (field, btext)
                read += 1
    assert read > 1000


def test_common_terms_postings_kept_between_requests_are_whoosh_s_own(by_hand, monkeypatch):
    # Every term of two or more documents read twice (the second time from the kept lists,
    # which hold fewer postings than the terms have in all, so some are pushed out): whole, among
    # a few documents (looked for one by one) and among many (the list scanned).
    from random import Random

    from termsearch import postings

    kept = postings.PostingsCache(limit=400)
    monkeypatch.setattr(postings, "_decoded", kept)
    monkeypatch.setattr(postings, "CACHED_FROM", 2)
    rng = Random(18)
    searcher = Engine(by_hand).searcher()
    from_kept = 0
    for leaf, _ in searcher.leaf_searchers():
        reader = leaf.reader()
        count = reader.doc_count_all()
        for field in reader.indexed_field_names():
            for btext in reader.lexicon(field):
                info = whoosh_format.term_info(reader, field, btext)
                walked, matcher = [], reader.postings(field, btext)
                while matcher.is_active():
                    walked.append((matcher.id(), matcher.weight()))
                    matcher.next()
                first = postings.postings(reader, field, btext, info=info)
                from_kept += kept.get(reader, field, btext) is not None
                again = postings.postings(reader, field, btext, info=info)
                assert list(zip(*first)) == list(zip(*again)) == walked, (field, btext)
                for size in (2, count // 2):
                    if size > 2:
                        kept.clear()            # read whole among many documents, and kept
                    among = sorted(rng.sample(range(count), min(size, count)))
                    ids, weights = postings.postings(reader, field, btext, among=among, info=info)
                    assert list(zip(ids, weights)) == [(d, w) for d, w in walked if d in among], (field, btext)
                assert kept.size <= 400
    assert from_kept > 100


@pytest.mark.parametrize("slots_read", [1, 3, None])
def test_every_term_record_looked_up_by_hand_is_whoosh_s_own(by_hand, monkeypatch, slots_read):
    # term_info reads the terms' hash file itself (one read for a run of slots and one an item):
    # every term of every segment gives Whoosh's record, every attribute of it (where its
    # postings are, or the postings inlined), and a term a segment lacks gives None, however
    # many slots are read at once (a walk that runs past a read's slots, or a table's end).
    if slots_read is not None:
        monkeypatch.setattr(whoosh_format, "_SLOTS_READ", slots_read)
    searcher = Engine(by_hand).searcher()
    looked_up = 0
    for leaf, _ in searcher.leaf_searchers():
        reader = leaf.reader()
        for field in reader.indexed_field_names():
            for btext in [*reader.lexicon(field), b"\xff-absent", "不在此索引".encode()]:
                mine = whoosh_format.term_info(reader, field, btext)
                if (field, btext) not in reader:
                    assert mine is None, (field, btext)
                    continue
                theirs = reader.term_info(field, btext)
                assert type(mine) is type(theirs) and vars(mine) == vars(theirs), (field, btext)
                looked_up += 1
    assert looked_up > 1000


def test_an_unknown_whoosh_writes_the_same_index_with_its_own_writer(by_hand, by_whoosh):
    expected, written = _contents(by_hand), _contents(by_whoosh)
    assert any(field == "terms" for field, _ in expected["postings"])       # glossary terms were indexed
    assert written == expected


def test_an_unknown_whoosh_searches_with_its_own_searcher_and_finds_the_same(by_hand, by_whoosh, unknown_whoosh):
    fast, fallback = Engine(by_hand), Engine(by_whoosh)
    assert not whoosh_format.reads_by_hand(fallback.searcher())
    found = 0
    for typed in QUERIES:
        want = fast.search(typed, limit=10, facets=True)
        got = fallback.search(typed, limit=10, facets=True)
        assert [h.paragraph for h in got.hits] == [h.paragraph for h in want.hits], typed
        assert got.total == want.total, typed
        assert got.facets == want.facets, typed
        found += got.total > 0
    assert found >= len(QUERIES) - 2


def test_segments_of_a_format_not_known_are_searched_by_whoosh(by_hand, monkeypatch):
    engine = Engine(by_hand)
    expected = engine.search("发展", limit=5, facets=True)
    monkeypatch.setattr(whoosh_format, "W3Codec", type("AnotherCodec", (), {}))
    monkeypatch.setattr(scoring, "Evaluator", None)      # never called
    assert not whoosh_format.reads_by_hand(engine.searcher())
    got = engine.search("发展", limit=5, facets=True)
    assert [h.paragraph for h in got.hits] == [h.paragraph for h in expected.hits]
    assert got.total == expected.total and got.facets == expected.facets


def test_only_whoosh_format_reads_private_attributes():
    # The house rule: a Whoosh that renames its internals breaks one module, which checks the
    # version it talks to; elsewhere Whoosh's public methods (reader.segment(), .generation()).
    import re
    from pathlib import Path

    import termsearch

    package = Path(termsearch.__file__).parent
    private = re.compile(r"""(?:get|has)attr\([^,()]+,\s*["']_[a-z]""")
    readers = sorted(str(path.relative_to(package)) for path in package.rglob("*.py")
                     if path.name != "whoosh_format.py" and private.search(path.read_text(encoding="utf-8")))
    assert readers == []


class NoIndexReader:
    """Stands for a segment's reader of no index on disk, for what postings.py keeps per reader."""

    def storage(self):
        return None

    def segment(self):
        return None

    def generation(self):
        return 0


def test_requests_going_round_more_common_terms_than_fit_still_find_some_kept():
    # Eight terms of 10 postings asked in turn, again and again, where 40 postings fit: kept
    # least recently used first out alone, each was pushed out just before it was asked again,
    # so no request found anything kept and every one paid to build what it used once.
    from termsearch import postings

    segment, kept = NoIndexReader(), postings.KeptPostings(limit=40)
    found = 0
    for _ in range(5):
        for term in range(8):
            btext = b"%d" % term
            if kept.get(segment, "text", btext) is not None:
                found += 1
            elif kept.admits(segment, "text", btext, 10):
                kept.keep(segment, "text", btext, ([0] * 10,))
    assert found == 4 * 4 and kept.size == 40
    # A term asked for more often than what is kept gets in, pushing out the least recent.
    for _ in range(6):
        kept.get(segment, "text", b"hot")
    assert kept.admits(segment, "text", b"hot", 10)
    kept.keep(segment, "text", b"hot", ([0] * 10,))
    assert kept.get(segment, "text", b"hot") is not None and kept.size == 40


def test_a_big_table_does_not_push_out_tables_asked_for_more_often_than_it():
    # Kept: four tables of 10 postings; the least recent asked for twice, the others five times.
    # A table of 30 asked for three times would push out all four: it is not kept (were it
    # compared with the least recent alone, it would push out three asked for more, and they
    # it, request after request).
    from termsearch import postings

    segment, kept = NoIndexReader(), postings.KeptPostings(limit=40)
    for term, asks in ((b"a", 2), (b"b", 5), (b"c", 5), (b"d", 5)):
        for _ in range(asks):
            kept.get(segment, "text", term)
        kept.keep(segment, "text", term, ([0] * 10,))
    for _ in range(3):
        kept.get(segment, "text", b"big")
    assert not kept.admits(segment, "text", b"big", 30)
    kept.keep(segment, "text", b"big", ([0] * 30,))
    assert kept.get(segment, "text", b"big") is None
    assert all(kept.get(segment, "text", term) is not None for term in (b"a", b"b", b"c", b"d"))
    # A table of 10 asked for three times pushes out only the least recent, asked for twice.
    assert kept.admits(segment, "text", b"big", 10)


def test_counting_asks_for_terms_asked_once_stays_bounded_and_keeps_the_common_ones(monkeypatch):
    # A server answers queries no one asks twice (each term a key of its own): the counts of
    # asks (which decide what is kept) must not grow with them, for ever, beside the tables.
    # Halved every N asks, they hold at most 2N keys; the terms asked again and again stay counted.
    from termsearch import postings

    monkeypatch.setattr(postings, "ASKS_HALVED_EVERY", 100)
    segment, kept = NoIndexReader(), postings.KeptPostings(limit=40)
    most = 0
    for n in range(20_000):
        kept.get(segment, "text", b"hot%d" % (n % 5) if n % 3 == 0 else b"once%d" % n)
        most = max(most, len(kept._asks))
    assert most <= 2 * 100
    assert all(kept._asks.get((postings._segment_token(segment), "text", b"hot%d" % k), 0) >= 2 for k in range(5))
