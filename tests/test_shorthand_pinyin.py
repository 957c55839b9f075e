"""Pinyin and initials of quoted shorthand find what its characters find (issue 13): the index
holds “十五五” only as pieces (十五 + 五), “一网通办” as 一网通 + 办, so no word reads `shiwuwu` or
`yiwangtongban`; the runs of characters the text holds that read so are the reading, before
characters that only happen to read so (是五五) and before a word one slip away (几件事 for
`yijianshi`, 创一流 for `shuangyiliu`).
"""
import pytest

from conftest import engine_of_report, texts

REPORT = (
    "某省政府工作报告\n"
    + "".join(f"第{i}条：科学编制“十五五”规划，谋划一批重大项目。\n" for i in range(6))
    + "这是五五分成的办法。\n"
    + "".join(f"第{i}项：深化“一网通办”改革，提升政务服务效率。\n" for i in range(4))
    + "".join(f"第{i}点：推进“高效办成一件事”，优化营商环境。\n" for i in range(3))
    + "他提了几件事。\n"
    + "".join(f"第{i}处：加快“双一流”建设。\n" for i in range(3))
    + "要创一流。\n"
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return engine_of_report(tmp_path_factory, "shorthand_pinyin", REPORT)


@pytest.mark.parametrize("typed", ["shiwuwu", "shi wu wu", "shi2wu3wu3", "sww"])
def test_pinyin_and_initials_of_shorthand_find_its_paragraphs(engine, typed):
    by_characters = engine.search("十五五", limit=20)
    result = engine.search(typed, limit=20)
    assert by_characters.total == 6
    assert sum("十五五" in t for t in texts(result)) == 6
    # Its paragraphs come first, and the reading is said (a click away from the others).
    assert all("十五五" in t for t in texts(result)[:6])
    assert "十五五" in result.interpretation["description"]


def test_spaced_syllables_of_shorthand_are_not_read_as_english_too(engine):
    result = engine.search("shi wu wu", limit=20)
    assert not any(leaf["kind"] == "english" for leaf in result.interpretation["leaves"])


@pytest.mark.parametrize("typed, shorthand, paragraphs", [
    ("yiwangtongban", "一网通办", 4),
    ("ywtb", "一网通办", 4),
    ("gaoxiaobanchengyijianshi", "高效办成一件事", 3),
    ("gxbcyjs", "高效办成一件事", 3),
])
def test_shorthand_cut_into_other_words_is_found_by_its_pinyin(engine, typed, shorthand, paragraphs):
    result = engine.search(typed, limit=20)
    assert result.total >= paragraphs
    assert all(shorthand in t for t in texts(result)[:paragraphs])


@pytest.mark.parametrize("typed, shorthand, slip", [("yijianshi", "一件事", "几件事"), ("shuangyiliu", "双一流", "创一流")])
def test_a_run_the_text_holds_comes_before_a_word_one_slip_away(engine, typed, shorthand, slip):
    result = engine.search(typed, limit=20)
    assert shorthand in texts(result)[0]
    assert not result.interpretation["corrections"]
    # The word one slip away is offered, not searched.
    offered = [w for other in result.interpretation["leaves"][0]["alternatives"] for w in other["words"]]
    assert slip in offered


TWO_CHARACTERS = (
    "某市政府工作报告\n"
    + "".join(f"第{i}条：深入推进“双创”，激发市场活力。\n" for i in range(3))
    + "".join(f"第{i}处：办好“双创汇”等活动。\n" for i in range(2))
    + "".join(f"第{i}项：培育“四新”经济。\n" for i in range(2))
    + "锚定“三高四新”美好蓝图。\n"
    + "他的双手很巧。\n"
)


@pytest.fixture(scope="module")
def two_characters(tmp_path_factory):
    return engine_of_report(tmp_path_factory, "two_character_pinyin", TWO_CHARACTERS)


@pytest.mark.parametrize("typed, shorthand", [("shuangchuang", "双创"), ("sixin", "四新")])
def test_pinyin_of_two_character_shorthand_finds_what_its_characters_find(two_characters, typed, shorthand):
    # Where jieba kept it inside a longer word or cut it otherwise (双|创汇, 三高四新), the
    # characters find it all the same; so does its pinyin.
    by_characters = two_characters.search(shorthand, limit=20)
    result = two_characters.search(typed, limit=20)
    holding = sum(shorthand in t for t in texts(result))
    assert holding == by_characters.total == sum(shorthand in line for line in TWO_CHARACTERS.splitlines())
