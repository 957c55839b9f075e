"""Ambiguous letters past the first page of a hundred (issue 13): `yuyan` reads 语言 (150
paragraphs here) and 预言 (30); the first hundred hits take turns by use, and a page past them
follows on with the rest, so that paging through shows every hit once."""
import pytest

from conftest import engine_of_report

REPORT = (
    "某市政府工作报告\n"
    + "".join(f"第{i}条：规范语言文字。\n" for i in range(150))
    + "".join(f"第{i}个预言应验。\n" for i in range(30))
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return engine_of_report(tmp_path_factory, "pages_in_turn", REPORT)


def test_paging_past_the_hits_in_turn_shows_each_hit_once(engine):
    first = engine.search("yuyan", limit=10)
    assert first.total == 180
    seen = []
    for offset in range(0, 180, 20):
        seen += [(h.document, h.paragraph) for h in engine.search("yuyan", limit=20, offset=offset).hits]
    assert len(seen) == len(set(seen)) == 180
