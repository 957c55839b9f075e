"""Initials and pinyin of the collection's own quoted shorthand (issue 13): letters no word reads
find the shorthand the text quotes at least twice (“最多跑一次”: zdpyc, zuiduopaoyici) as its
characters find it, and the interpretation says so; a span quoted once is not read that way, and
a shorthand quoted far more than a whole word with the same initials is searched beside it.
"""
import pytest

from conftest import engine_of_report, paragraphs, texts

_WORDS = ["推进", "改革", "开放", "建设", "城市", "乡村", "教育", "医疗", "科技", "创新"]
FILLER = "".join(f"第{i}段：" + "，".join(_WORDS[(i * 3 + k) % 10] + _WORDS[(i * 7 + k) % 10] for k in range(5))
                 + "。\n" for i in range(30))
REPORT = (
    "某市政府工作报告\n"
    + FILLER
    + "".join(f"第{i}条：深化“最多跑一次”改革，优化营商环境。\n" for i in range(3))
    + "群众办事最多跑一次已成常态。\n"                      # the same words unquoted: found too
    + "发挥“压舱石”作用，稳住经济大盘。\n"                  # quoted once only
    + "".join(f"第{i}项：坚决维护“两个确立”。\n" for i in range(12))
    + "牢固确立新发展理念。\n"                              # a whole word with the initials lgql
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return engine_of_report(tmp_path_factory, "quoted_shorthand", REPORT)


@pytest.mark.parametrize("typed", ["zdpyc", "zuiduopaoyici", "zui duo pao yi ci"])
def test_letters_no_word_reads_find_the_quoted_shorthand_as_its_characters(engine, typed):
    result = engine.search(typed, limit=20)
    assert sorted(texts(result)) == paragraphs(engine, "最多跑一次")
    assert result.total == 4
    assert "quoted shorthand: 最多跑一次" in result.interpretation["description"]


def test_a_span_quoted_once_is_not_read_as_shorthand(engine):
    result = engine.search("yacangshi", limit=20)
    assert "quoted shorthand" not in result.interpretation["description"]


def test_shorthand_quoted_far_more_than_a_whole_word_is_searched_beside_it(engine):
    result = engine.search("lgql", limit=20)
    found = texts(result)
    assert result.total == 13
    assert "两个确立" in found[0]
    assert "牢固确立新发展理念。" in found
    assert "两个确立" in result.interpretation["description"]
