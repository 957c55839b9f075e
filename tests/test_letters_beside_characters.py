"""A query of letters or digits beside characters (5G基站, PPP项目, PM2.5浓度, C位) finds the
paragraphs that hold it as written, as the same query in quotes does, besides the pinyin reading
of its letters (双wan: 双万)."""
import pytest

from conftest import engine_of_report, found

REPORT = """某县2022年政府工作报告

一、2021年工作回顾
新建5G基站120个，PM2.5浓度均值下降11.3%。
推进PPP项目落地，让企业家站“C”位、坐“C”位[1]。
“双万”工程进展顺利。
全市GDP增长6.5%，深化AI赋能制造业。
各党派增长了共识，深化爱国主义教育。

名词解释
[1]“C”位：网络语言，特指能够带领全场、属于主力角色的地位。
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return engine_of_report(tmp_path_factory, "letters-beside-characters", REPORT)


@pytest.mark.parametrize("typed, held", [
    ("5G基站", "新建5G基站120个"),
    ("5g基站", "新建5G基站120个"),
    ("PM2.5浓度", "PM2.5浓度均值"),
    ("PPP项目", "推进PPP项目落地"),
    ("C位", "站“C”位"),
])
def test_letters_beside_characters_find_the_text_as_written(engine, typed, held):
    texts = found(engine, typed)
    assert any(held in t for t in texts)
    assert texts == found(engine, f'"{typed}"')


def test_letters_read_as_pinyin_beside_characters_still_find_their_word(engine):
    assert any("“双万”工程" in t for t in found(engine, "双wan"))


def test_letters_beside_characters_the_text_does_not_hold_find_nothing(engine):
    assert found(engine, "5G项目") == []


@pytest.mark.parametrize("typed, held, not_held", [
    ("GDP增长", "全市GDP增长6.5%", "各党派增长"),       # not g d p read as the initials of 各党派
    ("深化AI", "深化AI赋能", "深化爱国主义"),           # not ai read as the pinyin of 爱
])
def test_a_word_of_the_text_in_latin_beside_characters_is_that_word_not_pinyin(engine, typed, held, not_held):
    texts = found(engine, typed)
    assert any(held in t for t in texts)
    assert not any(not_held in t for t in texts)
    assert "initials" not in engine.search(typed).interpretation["description"]
