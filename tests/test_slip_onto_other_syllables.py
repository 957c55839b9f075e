"""A slip that spells other valid syllables (issue 13): jiagei, typed for jiaogei (交给) with the o
left out, reads as 嫁给, used once. The letters read as typed are searched, and so are the
commoner words one slip away, said in the interpretation, the reading as typed a click away.
"""
import pytest

from conftest import engine_of_report

REPORT = """\
某市政府工作报告
她嫁给了本地青年。
把任务交给基层。
把工作交给群众。
把难题交给专家。
把责任交给社会。
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return engine_of_report(tmp_path_factory, "slip-onto-syllables", REPORT)


def test_a_slip_that_spells_a_seldom_used_word_also_finds_the_word_one_slip_away(engine):
    result = engine.search("jiagei")
    texts = [hit.text for hit in result.hits]
    assert any("嫁给" in t for t in texts)                  # the word as typed is still found
    assert sum("交给" in t for t in texts) == 4              # and the word meant (fails on main: 0)
    assert "jiaogei" in result.interpretation["description"]     # the added reading is said


def test_the_reading_as_typed_is_a_click_away(engine):
    leaf = engine.search("jiagei").interpretation["leaves"][0]
    query = leaf["alternatives"][0]["query"]
    assert [hit.text for hit in engine.search(query).hits] == ["她嫁给了本地青年。"]


def test_syllables_typed_apart_are_read_as_typed(engine):
    assert [hit.text for hit in engine.search("jia gei").hits] == ["她嫁给了本地青年。"]
