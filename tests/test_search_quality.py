"""Search quality (issue 13): what a user types finds the paragraph meant, one failure class a test.

A small report written out here holds each case: 著 beside 着, homophones of unequal frequency,
words that read like English syllables, characters inside and across words, Taiwan phrasing.
"""
import re

import pytest

from conftest import engine_of_report, paragraphs, texts

REPORT = """\
某市政府工作报告
各项工作成绩显著，多部著名著作出版。
我们看着群众的期盼，着力解决难题。
这项政策有益于群众。
你们要记住陈毅同志的话。
煤炭企业安全生产形势稳定。
全市煤炭企业完成转型。
农商行支持小微企业，农商互联。
亦庄院区建成投用，主动担起责任。
经济发展稳中向好，难中求成。
修编地方志，方志馆开放。
港澳台侨同胞共同参与。
二氧化碳排放下降。
十五年来，宗教事务管理加强。
坚持全局谋划，支持中小企业。
堅持全域性謀劃，支援偏遠地區。
歌手刘德华参加慰问演出。
档案史志、台港澳工作加强。
纠正工作中的失误，保障和改善民生。
"""

# 防治 and 防止 read fangzhi too and are far more frequent than 方志: they must not bury it.
HOMOPHONES = "".join(f"第{i}项：做好疾病防治工作，防止风险扩散。\n" for i in range(60))
# 十五 and 事务 read shi wu too, and outnumber 失误 (in one paragraph) thirty to one.
HOMOPHONES += "".join(f"第{i}条：十五年来，宗教事务依法管理。\n" for i in range(30))


@pytest.fixture(scope="module")
def quality(tmp_path_factory):
    return engine_of_report(tmp_path_factory, "quality", REPORT + HOMOPHONES)



# ---- 著 keeps its own readings though it is folded to 着 for matching

@pytest.mark.parametrize("typed, word", [("xianzhu", "显著"), ("chengjixianzhu", "成绩显著"),
                                         ("zhuming", "著名"), ("zhuzuo", "著作"), ("kanzhe", "看着")])
def test_zhu_and_zhe_each_keep_their_own_reading(quality, typed, word):
    found = texts(quality.search(typed))
    assert found and all(word in t for t in found)


@pytest.mark.parametrize("typed, shown", [("xianzhu", "显著"), ("chengjixianzhu", "成绩显著"), ("cjxz", "成绩显著"),
                                          ("zhuming", "著名"), ("显著", "显著"), ("顯著", "显著"), ("kanzhe", "看着"),
                                          ("gzcjxz", "工作成绩显著")])
def test_the_interpretation_shows_words_as_the_text_writes_them(quality, typed, shown):
    # 著 is folded to 着 for matching only: what is said is what the text holds (成绩显著).
    interpretation = quality.search(typed).interpretation
    leaf = interpretation["leaves"][0]
    assert shown in "".join(leaf["words"] + leaf["runs"]) and shown in interpretation["description"]
    assert shown.replace("著", "着") == shown or shown.replace("著", "着") not in interpretation["description"]


@pytest.mark.parametrize("typed, word", [("xiǎn zhù", "显著"), ("xian3zhu4", "显著"), ("zhù míng", "著名"),
                                         ("zhu4zuo4", "著作"), ("kàn zhe", "看着")])
def test_tones_typed_find_the_word_by_its_own_reading(quality, typed, word):
    # The matching form 显着 reads xiǎn zhe: the tones typed for 显著 (xiǎn zhù) must not rule it out.
    result = quality.search(typed)
    assert not result.interpretation["corrections"]
    assert texts(result) and all(word in t for t in texts(result))
    assert word in result.interpretation["description"]


def test_a_tone_typed_wrong_still_rules_a_word_out(quality):
    # xiàn is not 显's tone: the syllables are not read as typed (at most corrected).
    assert quality.search("xiàn zhù").interpretation["corrections"]


def test_a_tone_typed_wrong_is_corrected_before_a_letter_and_said(tmp_path_factory):
    # 绿色 is lǜ sè: lv3se4 has one tone wrong, and 旅客 (lǚ kè) is one letter away with those
    # tones; a user who types tones slips on a tone sooner than on a letter.
    engine = engine_of_report(tmp_path_factory, "tones", "某市政府工作报告\n推动绿色发展，建设绿色城市。\n"
                              "机场旅客吞吐量增长。\n坚持绿色低碳。\n")
    result = engine.search("lv3se4")
    assert texts(result) and all("绿色" in t for t in texts(result))
    assert result.interpretation["corrections"][0]["searched"] == "lv4se4"
    assert "“lv3se4” corrected to “lǜ sè” → 绿色" in result.interpretation["description"]
    # The letter's slip is a click away.
    also = result.interpretation["leaves"][0]["alternatives"]
    assert any("旅客" in a["words"] for a in also)
    assert texts(engine.search(next(a["query"] for a in also if "旅客" in a["words"])))[0] == "机场旅客吞吐量增长。"


def test_characters_typed_with_the_folded_form_are_shown_as_typed(quality):
    assert quality.search("显着").interpretation["leaves"][0]["words"] == ["显着"]


# ---- spaced pinyin is pinyin, not English words

def test_syllables_typed_apart_are_not_read_as_english(quality):
    result = quality.search("you yi yu", limit=20)
    assert texts(result) == paragraphs(quality, "有益于")
    assert [leaf["kind"] for leaf in result.interpretation["leaves"]] == ["pinyin"]


# ---- one slip: corrected even when the letters spell other syllables, in short queries, deletions

@pytest.mark.parametrize("typed", ["meiyanqiye", "meitanqye", "meitnaqiye", "meitn"])
def test_one_slip_is_corrected_and_the_correction_is_said(quality, typed):
    result = quality.search(typed, limit=20)
    assert texts(result) and all("煤炭" in t for t in texts(result))
    leaf = result.interpretation["leaves"][0]
    assert leaf["corrected"].startswith("meitan")
    assert "corrected" in result.interpretation["description"]


def test_a_reading_that_finds_a_word_is_not_corrected(quality):
    leaf = quality.search("fangzhi").interpretation["leaves"][0]
    assert leaf["corrected"] == "" and leaf["pinyin"] == "fang zhi"


# ---- homophones: a rare word is not buried under common ones, and every reading is said

@pytest.mark.parametrize("typed, rare, common", [("fangzhi", "方志", {"防治", "防止"}),
                                                ("shi wu", "失误", {"十五", "事务"}), ("shiwu", "失误", {"十五", "事务"})])
def test_a_rare_homophone_is_among_the_first_hits(quality, typed, rare, common):
    result = quality.search(typed, limit=10)
    assert any(rare in t for t in texts(result))
    words = result.interpretation["leaves"][0]["words"]
    assert {rare, *common} <= set(words)


def test_other_readings_are_offered_with_a_query_for_each(quality):
    leaf = quality.search("meiyanqiye").interpretation["leaves"][0]
    for other in leaf["alternatives"]:
        assert other["words"] and quality.search(other["query"]).total > 0


# ---- initials: words in a row, and syllables with no initial

@pytest.mark.parametrize("typed, word", [("cjxz", "成绩显著"), ("gatq", "港澳台侨"), ("jjfz", "经济发展")])
def test_initials_find_words_the_index_does_not_hold_whole(quality, typed, word):
    result = quality.search(typed)
    assert texts(result) and word in texts(result)[0]
    assert result.interpretation["leaves"][0]["kind"] == "initials"


@pytest.mark.parametrize("typed, word", [("eyht", "二氧化碳"), ("gatq", "港澳台侨"), ("tga", "台港澳")])
def test_initials_with_a_vowel_syllable_are_read_as_initials_not_english(quality, typed, word):
    result = quality.search(typed)
    assert [leaf["kind"] for leaf in result.interpretation["leaves"]] == ["initials"]
    assert texts(result) and all(word in t for t in texts(result))


def test_letters_english_would_claim_are_mended_as_pinyin_when_pinyin_but_for_one_slip(quality):
    result = quality.search("sihwu")        # shi wu with a slip: not English, which finds nothing
    leaf = result.interpretation["leaves"][0]
    assert leaf["kind"] == "pinyin" and leaf["corrected"]
    assert texts(result) and all(any(w in t for w in ("十五", "事务", "失误")) for t in texts(result))


def test_the_search_page_links_to_each_other_reading(quality):
    from urllib.parse import quote_plus

    from termsearch.app import create_app

    client = create_app(quality.index_dir).test_client()
    leaf = quality.search("meiyanqiye").interpretation["leaves"][0]
    page = client.get("/?q=meiyanqiye").get_data(as_text=True)
    assert "meitanqiye" in page
    for other in leaf["alternatives"]:
        assert f'href="/?q={quote_plus(other["query"])}"' in page


# ---- characters anywhere: inside a longer word, across two words, one character; exact totals

@pytest.mark.parametrize("typed", ["农商", "院区", "担起", "求成", "济发", "经", "济", "民", "着名", "著名", "发展稳中"])
def test_any_run_of_characters_finds_every_paragraph_that_holds_it(quality, typed):
    from termsearch.analysis import variants

    norm = variants.normalize(typed)[0]
    expected = sorted(t for t in quality.reader().texts if norm in variants.normalize(t)[0])
    result = quality.search(typed, limit=100)
    assert expected and result.total == len(expected)
    assert sorted(texts(result)) == expected



# ---- Taiwan phrasing (全域性 for 全局, 支援 for 支持): both are read at query time, never folded

MAINLAND, TAIWAN = "坚持全局谋划，支持中小企业。", "堅持全域性謀劃，支援偏遠地區。"


@pytest.mark.parametrize("typed, first, other", [("全局", MAINLAND, TAIWAN), ("全域性", TAIWAN, MAINLAND),
                                                 ("支援", TAIWAN, MAINLAND), ("全域性謀劃", TAIWAN, MAINLAND)])
def test_either_phrasing_finds_both_the_words_typed_first(quality, typed, first, other):
    result = quality.search(typed, limit=20)
    assert texts(result)[0] == first and other in texts(result)
    leaf = result.interpretation["leaves"][0]
    said = {a["reading"]: a["query"] for a in leaf["alternatives"]}
    assert "Taiwan phrasing" in said or "mainland phrasing" in said
    assert "phrasing" in result.interpretation["description"]


def test_the_other_phrasing_is_one_click_away_and_quotes_search_only_what_was_typed(quality):
    leaf = quality.search("全局").interpretation["leaves"][0]
    said = {a["reading"]: a["query"] for a in leaf["alternatives"]}
    assert texts(quality.search(said["Taiwan phrasing"])) == [TAIWAN]
    assert texts(quality.search(said["as typed only"])) == [MAINLAND]


def test_a_mainland_word_that_is_also_taiwan_phrasing_is_not_merged(quality):
    # 支援 is a mainland word too: the paragraphs with 支持 rank below it, and a quoted 支援 finds only it.
    assert texts(quality.search('"支援"')) == [TAIWAN]
    assert all("支持" in t for t in texts(quality.search('"支持"')))


# ---- pinyin or initials of a part of a glossary term; syllables, initials and characters mixed

PARTS = [("zhuanjingtexin", "專精特新“小巨人”企業"), ("zhuan jing te xin", "專精特新“小巨人”企業"),
         ("zjtx", "專精特新“小巨人”企業"), ("baixianqianzhenwancun", "“百縣千鎮萬村高質量發展工程”")]


@pytest.mark.parametrize("typed, term", PARTS)
def test_pinyin_of_part_of_a_term_brings_up_the_term_and_its_uses(engine, typed, term):
    result = engine.search(typed)
    assert term in [t["term"] for t in result.terms]
    assert texts(result) and termforms_key(term) in termforms_key(texts(result)[0])
    assert "glossary term" in result.interpretation["description"]


@pytest.mark.parametrize("typed", ["anjingtexin", "jingte", "zjt"])
def test_a_part_is_whole_syllables_and_long_enough(engine, typed):
    assert "專精特新“小巨人”企業" not in [t["term"] for t in engine.search(typed).terms]


def test_pinyin_then_initials(engine):
    result = engine.search("xuelianggc")
    assert texts(result) and all("雪亮工程" in t for t in texts(result))
    assert "xue liang g c" in result.interpretation["description"]


def test_characters_then_a_syllable_the_index_holds_only_apart(engine):
    # jieba cuts 寮步 into 寮|步: the characters in a row are found all the same, every one.
    result = engine.search("寮bu", limit=100)
    expected = [t for t in engine.reader().texts if "寮步" in normalized(t)]
    assert expected and sorted(texts(result)) == sorted(expected)


def test_characters_then_initials(quality):
    assert texts(quality.search("刘dh")) == ["歌手刘德华参加慰问演出。"]


def normalized(text):
    from termsearch.analysis import variants

    return variants.normalize(text)[0]


def termforms_key(term):
    from termsearch.analysis import termforms

    return normalized(termforms.unquoted(term))


# ---- ambiguous pinyin: every reading on the first page, taken in turn, the commonest first

def test_each_reading_takes_its_turn_on_the_first_page(quality):
    result = quality.search("fangzhi", limit=10)
    words = result.interpretation["leaves"][0]["words"]
    held = [next((w for w in words if w in normalized(t)), None) for t in texts(result)]
    assert held[0] == words[0] and "方志" in held[:len(words)]


def test_pages_of_interleaved_hits_follow_on(quality):
    whole = quality.search("fangzhi", limit=30)
    pages = [quality.search("fangzhi", limit=10, offset=offset) for offset in (0, 10, 20)]
    assert [h.paragraph for page in pages for h in page.hits] == [h.paragraph for h in whole.hits]
    assert len({h.paragraph for h in whole.hits}) == len(whole.hits) and all(p.total == whole.total for p in pages)


# ---- letters that are pinyin and English too: the pinyin's readings still take their turns

def test_readings_take_turns_when_the_letters_are_also_english(tmp_path_factory):
    # baoji is 宝鸡 by its English name as well: 包机, one paragraph among a dozen of 宝鸡, is on page one.
    engine = engine_of_report(tmp_path_factory, "english_too", "某市政府工作报告\n" + "".join(
        f"第{i}项：宝鸡市推进工业转型，宝鸡经济增长。\n" for i in range(12)) + "春节期间开通旅游包机。\n")
    result = engine.search("baoji", limit=10)
    assert [leaf["kind"] for leaf in result.interpretation["leaves"]] == ["pinyin", "english"]
    assert "春节期间开通旅游包机。" in texts(result)[:4]
    assert all("宝鸡" in t for t in texts(result) if "包机" not in t)


def test_a_lone_syllable_is_english_too_only_where_it_is_a_word_users_type(tmp_path_factory):
    # CC-CEDICT glosses 僵尸 with "shi" and 不久 with "long": shi is the syllable (是、事), not
    # 僵尸; long is an English word users type, so 不久 is still found.
    engine = engine_of_report(tmp_path_factory, "lone-syllable", "报告\n这件事很重要，事在人为。\n僵尸企业全部出清。\n"
                              "不久前，龙舟赛举行。\n发展是第一要务，是基础。\n")
    shi = engine.search("shi", limit=10)
    assert "僵尸" not in shi.interpretation["description"] and not any("僵尸" in t for t in texts(shi))
    assert any("是" in t for t in texts(shi))
    assert "English long" in engine.search("long", limit=10).interpretation["description"]


def test_letters_read_as_words_in_a_row_mark_the_run_not_its_words_apart(tmp_path_factory):
    # jjfz is 经济 发展 in a row: the hit marks 经济发展, not every 经济 and 发展 of the paragraph.
    engine = engine_of_report(tmp_path_factory, "run-marks", "报告\n经济发展稳中向好，经济总量增加，发展质量提高。\n"
                              "推动经济发展，经济结构优化。\n")
    result = engine.search("jjfz", limit=10)
    assert result.interpretation["leaves"][0]["note"] == "words in a row"
    marked = [re.findall("<mark>(.*?)</mark>", hit.snippet) for hit in result.hits]
    assert len(marked) == 2 and all(m == ["经济发展"] for m in marked)


def test_a_reading_used_only_inside_longer_words_takes_no_turn_before_the_words(tmp_path_factory):
    # 实实 is indexed inside 扎扎实实 (jieba's search cut), never on its own: `shishi` is 实施 and
    # 实事 first, the 扎扎实实 paragraphs after them; 实实 is still said, a click away.
    engine = engine_of_report(tmp_path_factory, "inside-longer", "报告\n" + "".join(
        f"第{i}项：扎扎实实做好各项工作。\n" for i in range(6)) + "认真实施新的政策。\n坚持办好民生实事。\n")
    result = engine.search("shishi", limit=10)
    assert "实实" in result.interpretation["leaves"][0]["words"]
    first = texts(result)[:2]
    assert sorted(first) == ["坚持办好民生实事。", "认真实施新的政策。"]


def test_page_one_of_initials_goes_to_the_commonest_reading_not_to_rarer_ones_too_big_to_show(tmp_path_factory):
    # szx: 省政协 (15 paragraphs) and 实质性 (12, more than a page shows) and 神州行 (1). Each is on
    # page one; after that, 省政协 takes 实质性's turns, and 实质性's other paragraphs follow on page two.
    engine = engine_of_report(tmp_path_factory, "too-big-to-show", "报告\n" + "".join(
        f"第{i}次省政协会议召开。\n" for i in range(15)) + "".join(
        f"第{i}项措施取得实质性进展。\n" for i in range(12)) + "神州行活动举办。\n")
    first = texts(engine.search("szx", limit=10))
    assert sum("省政协" in t for t in first) == 8
    assert sum("实质性" in t for t in first) == 1 and sum("神州行" in t for t in first) == 1
    second = texts(engine.search("szx", limit=10, offset=10))
    assert any("实质性" in t for t in second) and not set(first) & set(second)


# ---- a word and its characters elsewhere: the word's own paragraphs first

CUT_OTHERWISE = """\
某市政府工作报告
打造创新高地。
全市粮食产量再创新高，城乡居民收入稳步增长，社会事业全面进步，民生保障持续加强，生态环境明显改善，营商环境不断优化，对外开放水平持续提升，基础设施更加完善，城市功能品质显著提升。
稳定农产品价格。
理顺产品价格。
加强价格监管，防止产品价格大起大落，保持市场稳定运行，保障群众生活。
"""


@pytest.fixture(scope="module")
def cut_otherwise(tmp_path_factory):
    return engine_of_report(tmp_path_factory, "cut-otherwise", CUT_OTHERWISE)


def test_the_paragraphs_holding_the_word_as_a_word_come_before_its_characters_across_a_cut(cut_otherwise):
    # A short paragraph with 新高 across 创新|高地 outranked a long one where 新高 is the word:
    # the characters' index counted the same characters a second time.
    found = texts(cut_otherwise.search("新高", limit=20))
    assert len(found) == 2 and found[0].startswith("全市粮食产量再创新高") and found[1] == "打造创新高地。"


@pytest.mark.parametrize("slipped, right", [("canpinjiage", "chanpinjiage"), ("chanpinjiag", "chanpinjiage")])
def test_a_slip_mended_to_a_longer_word_finds_what_its_pinyin_typed_right_finds(cut_otherwise, slipped, right):
    mended = cut_otherwise.search(slipped, limit=20)
    assert mended.interpretation["leaves"][0].get("corrected")
    assert sorted(texts(mended)) == sorted(texts(cut_otherwise.search(right, limit=20)))
    assert "稳定农产品价格。" in texts(mended)


# ---- a slip mended to a word of two: that word, not its characters across other words' cut

SLIPPED_TO_TWO = ("某市政府工作报告\n全面推进扶残助残工作，复杂问题逐步解决。\n发展复材产业，复材企业增多。\n"
                  + "".join(f"第{i}项：恢复材料供应。\n" for i in range(40)))


def test_a_slip_mended_to_a_word_of_two_does_not_bring_its_characters_across_other_words(tmp_path_factory):
    # fuca is one slip from fucai (复材) and fuza (复杂): the forty 恢复|材料 paragraphs hold 复材's
    # characters only across a cut, and would bury the word meant under a guessed reading.
    engine = engine_of_report(tmp_path_factory, "slipped-to-two", SLIPPED_TO_TWO)
    found = engine.search("fuca", limit=10)
    assert found.interpretation["leaves"][0].get("corrected")
    assert sorted(texts(found)) == ["全面推进扶残助残工作，复杂问题逐步解决。", "发展复材产业，复材企业增多。"]
