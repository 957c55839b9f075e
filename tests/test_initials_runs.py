"""Initials that are a whole word's and also words in a row (issue 13): `jjfz` is the initials of
经济犯罪 (one paragraph here) and of 经济 发展 side by side (twelve); `shbz` of 社会保障 (four) and
of 社会 标志 (one). Runs far likelier than the whole word are searched beside it; others are not.
"""
import pytest

from conftest import engine_of_report, texts

REPORT = (
    "某市政府工作报告\n"
    + "".join(f"第{i}条：推动经济发展，改善民生。\n" for i in range(12))
    + "严厉打击经济犯罪。\n"
    + "".join(f"第{i}项：完善社会保障体系。\n" for i in range(4))
    + "统一社会标志设计。\n"
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return engine_of_report(tmp_path_factory, "initials_runs", REPORT)


def test_initials_also_read_as_words_in_a_row_where_the_run_outnumbers_the_word(engine):
    result = engine.search("jjfz", limit=20)
    found = texts(result)
    # 经济发展 fills page one, and the whole word 经济犯罪 is still found (before: it alone).
    assert "经济发展" in found[0] and sum("经济发展" in t for t in found[:10]) >= 8
    assert "严厉打击经济犯罪。" in found
    assert result.total == 13
    runs = result.interpretation["leaves"][0]["runs"]
    assert runs[0] == "经济发展" and "经济犯罪" in runs
    assert "经济发展" in result.interpretation["description"]


def test_a_whole_word_commoner_than_the_run_is_read_alone(engine):
    result = engine.search("shbz", limit=10)
    assert result.total == 4
    assert all("社会保障" in t for t in texts(result))
    assert result.interpretation["leaves"][0]["note"] == ""
    assert "run_pattern" not in result.interpretation["leaves"][0]


def test_the_whole_word_has_a_place_on_page_one_beside_a_commoner_run(engine):
    # The letters are 经济犯罪's own: its one paragraph is second, after the run's best, not
    # past the run's twelve.
    found = texts(engine.search("jjfz", limit=10))
    assert "经济发展" in found[0]
    assert found[1] == "严厉打击经济犯罪。"
