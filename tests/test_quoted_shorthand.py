"""Initials and pinyin of the collection's own quoted shorthand (issue 13): letters no word reads
find the shorthand the text quotes at least twice (“最多跑一次”: zdpyc, zuiduopaoyici) as its
characters find it, and the interpretation says so; a span quoted once is not read that way, and
a shorthand quoted far more than a whole word with the same initials is searched beside it.
"""
import json

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


def test_a_build_made_before_the_readings_table_still_finds_the_quoted_shorthand(tmp_path_factory):
    # An index built before quoted_readings.json was written: the shorthand is read from the
    # collection file instead, the same answer.
    from termsearch import Engine
    from termsearch.index_layout import current_build

    fresh = engine_of_report(tmp_path_factory, "quoted_older_build", REPORT)
    folder = tmp_path_factory.getbasetemp() / "quoted_older_build0" / "ix"
    build = current_build(folder)
    (build / "quoted_readings.json").unlink()
    listed = json.loads((build / "digests.json").read_text(encoding="utf-8"))
    del listed["quoted_readings.json"]
    (build / "digests.json").write_text(json.dumps(listed), encoding="utf-8")
    older = Engine(folder)
    assert sorted(texts(older.search("zdpyc", limit=20))) == sorted(texts(fresh.search("zdpyc", limit=20)))
    assert "quoted shorthand: 最多跑一次" in older.search("zdpyc").interpretation["description"]
