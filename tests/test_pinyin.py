"""Pinyin: readings of words, and every way a user may type the pinyin of a term."""
from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from termsearch.analysis.pinyin import (
    MAX_ALTERNATIVES,
    PinyinQuery,
    initials,
    is_syllable,
    parse_pinyin_query,
    pinyin_likelihood,
    reading,
    split_mixed,
    syllable_table,
    tone_number,
    toneless,
)


def best(text: str) -> list[str]:
    query = parse_pinyin_query(text)
    assert query is not None, text
    return query.syllables[0]


# --- every form a user may type ------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "form", "tones"), [
    ("shuangwan", "joined", [None, None]),
    ("shuang wan", "toneless", [None, None]),
    ("Shuang Wan", "toneless", [None, None]),
    ("SHUANGWAN", "joined", [None, None]),
    ("shuāng wàn", "tone-marks", [1, 4]),
    ("shuāngwàn", "tone-marks", [1, 4]),
    ("shuang1wan4", "tone-numbers", [1, 4]),
    ("shuang1 wan4", "tone-numbers", [1, 4]),
    ("shuang1wan", "tone-numbers", [1, None]),
])
def test_shuangwan(typed, form, tones):
    query = parse_pinyin_query(typed)
    assert query.syllables[0] == ["shuang", "wan"]
    assert query.form == form
    assert query.tones == tones
    assert not query.initials_only
    assert not query.could_be_english


@pytest.mark.parametrize(("typed", "form", "tones"), [
    ("sanqusanxian", "joined", [None] * 4),
    ("san qu san xian", "toneless", [None] * 4),
    ("sān qū sān xiàn", "tone-marks", [1, 1, 1, 4]),
    ("san1qu1san1xian4", "tone-numbers", [1, 1, 1, 4]),
    ("sanqu sanxian", "joined", [None] * 4),
])
def test_sanqusanxian(typed, form, tones):
    query = parse_pinyin_query(typed)
    assert query.syllables[0] == ["san", "qu", "san", "xian"]
    assert (query.form, query.tones) == (form, tones)


@pytest.mark.parametrize("typed", ["sqsx", "SQSX", "s q s x"])
def test_initials_of_sanqusanxian(typed):
    query = parse_pinyin_query(typed)
    assert query.initials_only
    assert query.syllables[0] == ["s", "q", "s", "x"]
    assert "".join(query.syllables[0]) == initials(reading("三区三线"))


@pytest.mark.parametrize(("typed", "tones"), [
    ("lüse", [None, None]),
    ("lvse", [None, None]),
    ("lu:se", [None, None]),
    ("LÜSE", [None, None]),
    ("lü4se4", [4, 4]),
    ("lv4se4", [4, 4]),
    ("lǜsè", [4, 4]),
    ("lü se", [None, None]),
])
def test_lüse(typed, tones):
    query = parse_pinyin_query(typed)
    assert query.syllables[0] == ["lv", "se"]
    assert query.tones == tones
    assert query.likelihood >= 0.9


def test_guojiqichecheng():
    query = parse_pinyin_query("guojiqichecheng")
    assert query.syllables[0] == ["guo", "ji", "qi", "che", "cheng"]
    assert query.form == "joined"


def test_xian_is_one_syllable_unless_an_apostrophe_splits_it():
    assert parse_pinyin_query("xian").syllables == [["xian"], ["xi", "an"]]
    for typed in ["xi'an", "Xi'an", "xi’an", "xi an", "xī'ān", "xi1an1"]:
        assert parse_pinyin_query(typed).syllables == [["xi", "an"]], typed


def test_joins_with_two_readings_give_both_ranked():
    # Written pinyin would put an apostrophe before a syllable starting with a vowel (fang'an),
    # so without one the reading without such a syllable comes first.
    assert parse_pinyin_query("fangan").syllables[:2] == [["fan", "gan"], ["fang", "an"]]
    assert parse_pinyin_query("fang'an").syllables == [["fang", "an"]]
    assert parse_pinyin_query("dangan").syllables[:2] == [["dan", "gan"], ["dang", "an"]]


def test_tone_marks_guide_the_cut():
    assert parse_pinyin_query("xīān").syllables == [["xi", "an"]]
    assert parse_pinyin_query("xiān").syllables[0] == ["xian"]


def test_tones_are_given_for_every_alternative():
    query = parse_pinyin_query("fangan4")
    assert len(query.tones_by_alternative) == len(query.syllables)
    for syllables, tones in zip(query.syllables, query.tones_by_alternative):
        assert len(tones) == len(syllables)
        assert tones[-1] == 4


@pytest.mark.parametrize(("typed", "tone"), [("ma5", 5), ("ma0", 5), ("ma", None), ("mǎ", 3)])
def test_neutral_and_missing_tones(typed, tone):
    assert parse_pinyin_query(typed).tones == [tone]


# --- initials ------------------------------------------------------------------------------------

def test_initials_of_syllables():
    assert initials(["sān", "qū", "sān", "xiàn"]) == "sqsx"
    assert initials(reading("中国")) == "zg"


def test_zh_ch_sh_in_initials_match_as_one_initial_and_as_two():
    query = parse_pinyin_query("zhgj")
    assert query.initials_only
    assert query.syllables[0] == ["z", "g", "j"]            # the index keeps 中国经济 as zgjj...
    assert ["z", "h", "g", "j"] in query.syllables
    assert parse_pinyin_query("zgj").syllables == [["z", "g", "j"]]


def test_consonant_runs_are_initials():
    # No Mandarin syllable lacks a vowel in the table, so a consonant run can only be initials.
    assert parse_pinyin_query("qqqq").initials_only
    assert parse_pinyin_query("qqqq").syllables == [["q", "q", "q", "q"]]


def test_a_single_letter_is_not_initials():
    assert parse_pinyin_query("s") is None


# --- English or pinyin ---------------------------------------------------------------------------

@pytest.mark.parametrize("word", ["policy", "kindergarten", "ip", "IP", "covid", "Beijing2022"])
def test_plain_english_is_not_pinyin(word):
    assert parse_pinyin_query(word) is None
    assert pinyin_likelihood(word) == 0.0


@pytest.mark.parametrize(("word", "reading_"), [
    ("sewage", ["se", "wa", "ge"]),
    ("change", ["chan", "ge"]),
    ("long", ["long"]),
    ("man", ["man"]),
    ("hen", ["hen"]),
    ("dang", ["dang"]),
])
def test_english_words_that_split_into_syllables_are_ambiguous(word, reading_):
    query = parse_pinyin_query(word)
    assert query.syllables[0] == reading_
    assert query.could_be_english
    assert pinyin_likelihood(word) == 0.5


def test_acronyms_are_initials_of_low_likelihood():
    assert parse_pinyin_query("gdp").initials_only
    assert pinyin_likelihood("GDP") < pinyin_likelihood("gdp") <= 0.5


@pytest.mark.parametrize(("typed", "likelihood"), [
    ("shuāng wàn", 1.0),
    ("shuang1wan4", 1.0),
    ("lvse", 0.9),
    ("xi'an", 0.9),
    ("shuangwan", 0.8),
    ("guojiqichecheng", 0.8),
    ("fangan", 0.5),
])
def test_likelihood_ladder(typed, likelihood):
    assert pinyin_likelihood(typed) == likelihood


# --- what is not pinyin, and inputs that must not break it ---------------------------------------

@pytest.mark.parametrize("text", [
    "", " ", "'", "123", "shuang11", "shuang9", "1shuang", "双万", "shuang,wan", "xx!", "lu::",
    "\x00", "shuang\x00wan", "\ud800", "shuang\udfffwan", "ā\u0301", "\u0301a",
])
def test_not_pinyin(text):
    assert parse_pinyin_query(text) is None


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40))
def test_never_raises(text):
    query = parse_pinyin_query(text)
    split_mixed(text)
    if query is not None:
        assert 1 <= len(query.syllables) <= MAX_ALTERNATIVES
        assert len(query.tones) == len(query.syllables[0])
        assert 0.0 < query.likelihood <= 1.0


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(sorted(syllable_table())), min_size=1, max_size=12))
@example(["nu", "e"])
@example(["lu", "e", "nv"])
def test_any_sequence_of_syllables_parses_to_a_reading_of_the_same_letters(syllables):
    joined = "".join(syllables)
    query = parse_pinyin_query(joined)
    assert query is not None
    # nu + e typed together is also nüe, spelled nve: the same letters, ü written as v.
    assert all("".join(alternative).replace("v", "u") == joined.replace("v", "u")
               for alternative in query.syllables)
    assert parse_pinyin_query(" ".join(syllables)).syllables[0] == syllables
    assert parse_pinyin_query("'".join(syllables)).syllables[0] == syllables


# Each long input is a unit repeated, then a tail: (unit, times, tail).
@pytest.mark.parametrize("unit, times, tail", [
    ("shuangwan", 556, ""),
    ("xian", 1250, ""),
    ("fangan", 833, ""),
    ("a", 5000, ""),
    ("zh", 2500, ""),
    ("shuang1wan4", 455, ""),
    ("shuāngwàn", 500, ""),
    ("xi an ", 833, ""),
    ("shuangwan", 555, "q1"),
    ("kindergarten", 416, ""),
])
def test_long_input_does_not_run_away(unit, times, tail):
    # A guard against exponential splitting (it would take hours), not a speed goal: those live
    # in bench/. Measured in function calls, not seconds, so a loaded machine cannot fail it:
    # twice the letters may cost about twice the calls, never more.
    def calls(typed: str) -> int:
        count = 0

        def counter(frame, event, arg):
            nonlocal count
            count += event in ("call", "c_call")

        sys.setprofile(counter)
        try:
            parse_pinyin_query(typed)
            split_mixed(typed + "双" + typed)
        finally:
            sys.setprofile(None)
        return count

    calls("shuang wan")                             # the syllable tables loaded
    shorter = calls(unit * (times // 20) + tail)
    assert calls(unit * (times // 10) + tail) <= 2.5 * shorter + 1000
    text = unit * times + tail
    query = parse_pinyin_query(text)
    split_mixed(text + "双" + text)
    if query is not None:
        assert len(query.syllables) <= MAX_ALTERNATIVES


# --- mixed queries -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "runs"), [
    ("双wan", [("han", "双"), ("pinyin", "wan")]),
    ("shuang万", [("pinyin", "shuang"), ("han", "万")]),
    ("三区 san xian", [("han", "三区"), ("pinyin", "san xian")]),
    ("IP地址", [("latin", "IP"), ("han", "地址")]),
    ("2023年gdp", [("other", "2023"), ("han", "年"), ("pinyin", "gdp")]),
    ("双wan4", [("han", "双"), ("pinyin", "wan4")]),
    ("xi'an市", [("pinyin", "xi'an"), ("han", "市")]),
    ("绿se，lǜ", [("han", "绿"), ("pinyin", "se"), ("other", "，"), ("pinyin", "lǜ")]),
    ("", []),
])
def test_split_mixed(text, runs):
    assert split_mixed(text) == runs


# --- single syllables ----------------------------------------------------------------------------

@pytest.mark.parametrize(("syllable", "plain", "tone"), [
    ("yín", "yin", 2),
    ("lǜ", "lv", 4),
    ("LÜ", "lv", 5),
    ("nüè", "nve", 4),
    ("shuang1", "shuang", 1),
    ("ma", "ma", 5),
    ("ma0", "ma", 5),
    ("ǎ", "a", 3),
    ("5080", "5080", None),
    ("IP", "ip", None),
    ("", "", None),
])
def test_toneless_and_tone_number(syllable, plain, tone):
    assert toneless(syllable) == plain
    assert tone_number(syllable) == tone


def test_syllable_table():
    table = syllable_table()
    assert 400 <= len(table) <= 430
    assert {"shuang", "xian", "lv", "lve", "er", "zhuang"} <= table
    assert not table & {"m", "n", "ng", "hm", "hng", "lu:", "lü"}
    assert is_syllable("lue") and is_syllable("jv") and not is_syllable("ip")


# --- readings ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("word", "expected"), [
    ("银行", ["yín", "háng"]),
    ("行长", ["háng", "zhǎng"]),
    ("重庆", ["chóng", "qìng"]),
    ("重要", ["zhòng", "yào"]),
    ("三区三线", ["sān", "qū", "sān", "xiàn"]),
    ("三區三綫", ["sān", "qū", "sān", "xiàn"]),       # read in either script
    ("双万", ["shuāng", "wàn"]),
    ("绿色", ["lǜ", "sè"]),
    ("5080", ["5080"]),
    ("IP", ["IP"]),
    ("5G网络", ["5G", "wǎng", "luò"]),
    ("IP 地址", ["IP", "dì", "zhǐ"]),
    ("", []),
])
def test_reading(word, expected):
    assert reading(word) == expected


# Words whose characters read several ways, phrases pypinyin cuts inside a longer run, a run
# with a character pypinyin has no reading for (U+9FFF), one it reads only alone (〇), and text.
_HARD_WORDS = ["银行行长", "重庆重要", "长大成人", "朝阳朝气", "了解了", "得到得", "觉得睡觉",
               "一行行", "还还钱", "乐乐", "着落着", "中华人民共和国国务院", "〇", "二〇二五年", "\u9fff",
               "鄉村振興", "衞生", "線上", "银\u9fff行", "经济发展稳中向好", "全面推进乡村振兴粮食产量保持稳定",
               "5G網絡", "IP 地址", "丶", "㐀㐁", "𠀀"]


@pytest.mark.parametrize("word", _HARD_WORDS)
def test_direct_readings_are_what_pypinyin_reads(word):
    from pypinyin import Style, pinyin

    from termsearch.analysis import pinyin as pinyin_mod
    from termsearch.analysis.variants import to_simplified

    expected = []
    for index, part in enumerate(pinyin_mod._HAN_RUN.split(to_simplified(word))):
        if index % 2:
            expected += [s[0] for s in pinyin(part, style=Style.TONE, errors=lambda chars: list(chars))]
        else:
            expected += pinyin_mod._NON_HAN_ITEM.findall(part)
    assert reading(word) == expected


def test_words_read_together_read_as_each_alone():
    from termsearch.analysis.pinyin import readings

    words = _HARD_WORDS + ["銀行", "长", "長"]
    assert readings(words) == [reading(word) for word in words]
    assert readings([]) == []


def test_reading_result_is_a_fresh_list():
    reading("银行").append("x")
    assert reading("银行") == ["yín", "háng"]


def test_query_parsing_needs_neither_pypinyin_nor_jieba():
    code = (
        "import sys\n"
        "from termsearch.analysis.pinyin import parse_pinyin_query, split_mixed\n"
        "assert parse_pinyin_query('shuangwan').syllables[0] == ['shuang', 'wan']\n"
        "split_mixed('双wan')\n"
        "print(sorted(m for m in ('pypinyin', 'jieba', 'opencc') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_query_is_a_plain_value():
    query = parse_pinyin_query("xian")
    assert isinstance(query, PinyinQuery)
    assert query == parse_pinyin_query("xian")


@pytest.mark.parametrize("text, expected", [
    ("zhenxing", True), ("wan", True), ("shuang1wan4", True), ("xi'an", True),
    ("sqsx", False), ("gdp", False), ("xqzvbnmkp", False), ("", False), ("振兴", False),
])
def test_reads_as_syllables_is_whole_syllables_not_initials(text, expected):
    # The one check both the English reading (no spelling correction of pinyin) and the mixed
    # query reading (runs of pinyin words) use.
    from termsearch.analysis.pinyin import reads_as_syllables

    assert reads_as_syllables(text) is expected


def test_the_same_letters_read_again_give_the_same_words_whatever_was_done_with_the_first_reading():
    # A reading's words are kept between queries: what one query does with its leaf's words
    # (phrasings and terms add to them) must not reach the next query's.
    from termsearch.query import parse
    from termsearch.vocabulary import Vocabulary

    readings = {"经济": "jing ji", "经纪": "jing ji", "竞技": "jing ji"}
    vocab = Vocabulary({"words": {"经济": 90, "经纪": 40, "竞技": 30}}, readings=readings,
                       by_pinyin={"jingji": ["经济", "经纪", "竞技"]})
    first = parse("jingji", vocab)
    words = list(first.leaves[0].words)
    assert words[0] == "经济"
    first.leaves[0].words.append("经济学")
    first.leaves[0].words.remove("经济")
    assert parse("jingji", vocab).leaves[0].words == words
    assert parse("jing ji", vocab).leaves[0].words == words
