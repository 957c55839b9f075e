"""A glossary term searched by its pinyin or initials finds the paragraphs its characters find,
also where the text quotes part of it (“放管服”改革 for the headword 放管服改革)."""
import pytest

from conftest import engine_of_report, found

REPORT = """某县2022年政府工作报告

一、2021年工作回顾
我们深化“放管服”改革[1]，企业开办时间压缩到一天。
二、2022年工作安排
继续推进“三无”乡镇[2]创建，持续深化“放管服”改革。
全面推行放管服改革，优化营商环境。

名词解释
[1]放管服改革：简政放权、放管结合、优化服务。
[2]“三无乡镇”：零纠纷、零上访、零重大刑事案的乡镇。
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return engine_of_report(tmp_path_factory, "pinyin-term-uses", REPORT)


@pytest.mark.parametrize("characters, typed", [
    ("放管服改革", "fangguanfugaige"),
    ("放管服改革", "fàng guǎn fú gǎi gé"),
    ("三无乡镇", "sanwuxiangzhen"),
])
def test_pinyin_of_a_term_finds_the_paragraphs_its_characters_find(engine, characters, typed):
    by_characters = found(engine, characters)
    assert any("”" in text for text in by_characters)       # a use with part of the term quoted
    assert found(engine, typed) == by_characters


def test_a_quoted_use_is_found_by_pinyin(engine):
    texts = found(engine, "fangguanfugaige")
    assert any("深化“放管服”改革[1]" in t for t in texts)
    assert any("全面推行放管服改革" in t for t in texts)


@pytest.mark.parametrize("characters, typed", [("营商环境", "yingshanghuanjing"), ("简政放权", "jzfq"),
                                               ("放管服改革", "fgfgg")])
def test_pinyin_finds_what_characters_find_whether_or_not_the_word_is_ever_written_apart(engine, characters, typed):
    # 简政放权 is only ever written whole, 放管服改革 also across quotes, 营商环境 is read as two
    # words: initials and pinyin find what the characters find in each case.
    assert found(engine, typed) == found(engine, characters) != []
