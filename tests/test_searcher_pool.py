"""A server's requests borrow a Whoosh searcher for as long as they run (Engine.borrowed_searcher):
as many searchers as requests run at once, not one per serving thread."""
from __future__ import annotations

import threading

import pytest
from whoosh import query as wq

from termsearch import Engine, Lookup


@pytest.fixture
def engine(seed_index):
    engine = Engine(seed_index)         # its own: no other test's searchers in its pool
    yield engine
    engine.close()


def test_requests_one_after_another_share_one_searcher_whatever_thread_runs_them(engine):
    expected = engine.search("雙萬").total
    totals = []

    def one_request():
        totals.append(engine.search("雙萬").total)

    for _ in range(4):
        thread = threading.Thread(target=one_request)
        thread.start()
        thread.join()
    assert totals == [expected] * 4 and expected > 0
    term = engine.reader().terms[0]
    assert Lookup(engine).term_details(term.id)["uses"]
    assert len(engine.live().idle_searchers) == 1


def test_requests_at_once_get_searchers_of_their_own(engine):
    with engine.borrowed_searcher() as first, engine.borrowed_searcher() as second:
        assert first is not second
        assert first.search(wq.Term("text", "雙萬")).scored_length() == second.search(wq.Term("text", "雙萬")).scored_length()
    assert len(engine.live().idle_searchers) == 2


def test_a_failed_request_gives_its_searcher_back(engine):
    idle = len(engine.live().idle_searchers)
    with pytest.raises(RuntimeError):
        with engine.borrowed_searcher():
            raise RuntimeError("the request failed")
    assert len(engine.live().idle_searchers) == idle + 1


@pytest.fixture
def one_report_index(write_report, tmp_path):
    """An index of one small report, and a function that builds it again (a rebuild to swap in)."""
    from termsearch.index_build import build

    report = write_report("2024年政府工作报告.txt", "一、发展\n发展经济。\n发展社会。\n")
    build([report], tmp_path / "index")
    return tmp_path / "index", lambda: build([report], tmp_path / "index")


def _open_files() -> int:
    import os

    return len(os.listdir("/proc/self/fd"))


@pytest.fixture
def no_cyclic_collection():
    # Whoosh's searchers sit in reference cycles: the collector would close what was left open
    # at some later time; a server must not wait for it.
    import gc

    gc.collect()
    gc.disable()
    yield
    gc.enable()


@pytest.mark.skipif(not __import__("os").path.isdir("/proc/self/fd"), reason="counts open files in /proc")
def test_closing_the_engine_closes_the_pooled_searchers(seed_index, no_cyclic_collection):
    before = _open_files()
    engine = Engine(seed_index)
    with engine.borrowed_searcher(), engine.borrowed_searcher():
        pass
    engine.search("雙萬")
    pooled = list(engine.live().idle_searchers)
    assert len(pooled) == 2
    engine.close()
    assert all(searcher.is_closed for searcher in pooled)
    assert _open_files() == before


@pytest.mark.skipif(not __import__("os").path.isdir("/proc/self/fd"), reason="counts open files in /proc")
def test_a_swapped_out_build_closes_its_searchers(one_report_index, no_cyclic_collection):
    index_dir, rebuild = one_report_index
    engine = Engine(index_dir)
    first = engine.live()
    with engine.borrowed_searcher() as held:     # a request running across the swap
        engine.search("发展")
        rebuild()
        assert engine.search("发展").total == 2 and engine.live() is not first
        assert first.retired and not first.idle_searchers
    assert held.is_closed and not first.idle_searchers      # closed when its request ended
    engine.close()


def test_the_translated_words_table_is_read_without_the_shared_searcher(seed_index):
    # The build's one searcher is read by every server thread, each read under a lock
    # (LiveBuild._character_count); loading a table through it unlocked raced with those reads.
    from termsearch.index_read import open_index

    reader = open_index(seed_index)

    class Shared:
        def reader(self):
            raise AssertionError("the shared searcher read without its lock")

        def close(self):
            pass

    real, reader.searcher = reader.searcher, Shared()
    try:
        assert isinstance(reader.translated_words, dict)
    finally:
        reader.searcher = real
        reader.close()


@pytest.mark.skipif(not __import__("os").path.isdir("/proc/self/fd"), reason="counts open files in /proc")
def test_a_swapped_out_build_closes_its_own_searcher(one_report_index, no_cyclic_collection):
    # The build's shared searcher (the table of common words and the characters' counts read
    # through it) was closed only by the garbage collector: each rebuild a server followed kept
    # the old build's segment files open.
    index_dir, rebuild = one_report_index
    before = _open_files()
    engine = Engine(index_dir)
    first = engine.live()
    engine.search("fz")                 # reads the characters' counts through the build's searcher
    rebuild()
    assert engine.search("发展").total == 2 and engine.live() is not first
    assert first.reader.searcher.is_closed
    engine.close()
    assert _open_files() == before


@pytest.mark.skipif(not __import__("os").path.isdir("/proc/self/fd"), reason="counts open files in /proc")
def test_a_swapped_out_build_closes_each_thread_s_searcher(one_report_index, no_cyclic_collection):
    # Engine.searcher() keeps one searcher a thread (tests, scripts): a swap left the old ones
    # to the garbage collector, each rebuild keeping the old build's segment files open.
    index_dir, rebuild = one_report_index
    before = _open_files()
    engine = Engine(index_dir)
    mine = engine.searcher()
    theirs = []
    thread = threading.Thread(target=lambda: theirs.append(engine.searcher()))
    thread.start()
    thread.join()
    assert engine.searcher() is mine and theirs[0] is not mine
    rebuild()
    assert engine.search("发展").total == 2
    assert mine.is_closed and theirs[0].is_closed
    fresh = engine.searcher()
    assert not fresh.is_closed and fresh.search(wq.Term("text", "发展")).scored_length() == 2
    engine.close()
    assert fresh.is_closed
    assert _open_files() == before


def test_a_request_across_a_swap_reads_its_build_to_the_end(one_report_index):
    index_dir, rebuild = one_report_index
    engine = Engine(index_dir)
    with engine.using() as first:
        rebuild()
        assert engine.search("发展").total == 2          # the new build swaps in
        assert not first.reader.searcher.is_closed      # this request still reads the old one
        assert first.vocabulary.character_count("发") == 2
    assert first.reader.searcher.is_closed
    engine.close()


def test_a_closed_engine_opens_the_index_again_when_searched(seed_index):
    engine = Engine(seed_index)
    assert engine.search("雙萬").total
    engine.close()
    assert engine.search("雙萬").total
    engine.close()


def test_a_closed_engine_s_readers_are_freed_with_what_its_searches_kept_for_them(seed_index):
    # What a search works out once a reader (where its hits' stored fields are) is kept with the
    # reader, not in a table that would keep every reader a server ever opened alive.
    import gc
    import weakref

    engine = Engine(seed_index)
    assert engine.search("雙萬").hits
    reader = weakref.ref(engine.live().idle_searchers[0].reader())
    engine.close()
    gc.collect()
    assert reader() is None
