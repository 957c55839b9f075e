"""A word of three characters or more is found where jieba cut the text across it, as a word of
two is (自治权 in 自治|权利), counted in the total and ranked below where it stands as a word: the
build lists such words (across_cuts.json) and a query for one also reads its run of characters."""
import pytest

from conftest import engine_of_report

REPORT = ("2020年示例省政府工作报告\n一、工作回顾\n"
          "特别行政区享有高度自治权，实行港人治港。\n"
          "保障民族自治地方的自治权利和民族平等权利。\n"
          "尊重少数民族的自治权利，发展民族经济。\n"
          "推进依法治国，加强法治政府建设。\n")


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return engine_of_report(tmp_path_factory, "across-cuts", REPORT)


def test_a_long_word_counts_the_paragraphs_where_it_is_cut_across(engine):
    result = engine.search("自治权")
    assert result.total == 3        # 自治权 once as a word, twice inside 自治|权利
    assert "自治权，" in result.hits[0].text      # where it stands as a word comes first
    assert all("<mark>自治权</mark>" in h.snippet for h in result.hits)


def test_characters_not_in_a_row_are_not_found(engine):
    assert engine.search("治权利").total == 2 and engine.search("法自治").total == 0


def test_the_build_lists_the_longer_words_it_found_cut_across(engine):
    """The table a query reads: 自治权 (cut across in 自治|权利), not a word found only as a word."""
    import json

    table = json.loads((engine.reader().build_dir / "across_cuts.json").read_text(encoding="utf-8"))
    assert "自治权" in table and "特别行政区" not in table
