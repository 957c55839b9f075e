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
