"""The aligner: Chinese paragraphs paired with their English when the counts differ."""
import pytest

from termsearch import align

ZH = [
    "中华人民共和国宪法",
    "第一条　中华人民共和国是工人阶级领导的、以工农联盟为基础的人民民主专政的社会主义国家。",
    "第二条　中华人民共和国的一切权力属于人民。",
    "人民依照法律规定，通过各种途径和形式，管理国家事务，管理经济和文化事业，管理社会事务。",
    "第三条　中华人民共和国的国家机构实行民主集中制的原则。",
]
EN = [
    "Constitution of the People's Republic of China",
    "Article 1 The People's Republic of China is a socialist state governed by a people's democratic "
    "dictatorship that is led by the working class and based on an alliance of workers and peasants.",
    "Article 2 All power in the People's Republic of China belongs to the people.",
    "The people administer state affairs and manage economic, cultural and social affairs through "
    "various channels and in various ways in accordance with the law.",
    "Article 3 The state institutions of the People's Republic of China shall practice the principle "
    "of democratic centralism.",
]


def pairs(beads):
    return [(tuple(b.zh), tuple(b.en)) for b in beads]


def test_equal_counts_pair_line_by_line():
    assert pairs(align.align(ZH, EN)) == [((i,), (i,)) for i in range(5)]


def test_a_paragraph_translated_as_two_is_one_bead_with_its_sentences():
    zh = ZH[:2] + [ZH[2] + ZH[3]] + ZH[4:]
    beads = align.align(zh, EN)
    assert pairs(beads) == [((0,), (0,)), ((1,), (1,)), ((2,), (2, 3)), ((3,), (4,))]
    # Inside the bead the sentences pair up again.
    assert [zh for zh, _ in beads[2].sentences] == [ZH[2], ZH[3]]
    assert beads[2].sentences[1][1].startswith("The people administer")


def test_a_paragraph_missing_in_the_translation_is_left_alone():
    beads = align.align(ZH, EN[:3] + EN[4:])
    assert ((3,), ()) in pairs(beads)
    assert ((4,), (3,)) in pairs(beads)


@pytest.mark.parametrize("text, numbers", [
    ("第一百一十一条　居民委员会", {"111"}),
    ("（二十一）决定全国", {"21"}),
    ("一九四九年，十一届三中全会以来", {"1949", "11", "3"}),
    ("1982年12月4日", {"1982", "12", "4"}),
])
def test_numbers_a_chinese_paragraph_says(text, numbers):
    assert align.chinese_numbers(text) == numbers


@pytest.mark.parametrize("text, numbers", [
    ("Article 111 The residents committees", {"111"}),
    ("Chapter IV The National Flag", {"4"}),
    ("the Fifth Session of the 11th Congress", {"5", "11"}),
])
def test_numbers_an_english_paragraph_says(text, numbers):
    assert align.english_numbers(text) == numbers


def test_sentences_split_where_sentences_end():
    assert align.chinese_sentences("一是发展。二是改革；三是开放") == ["一是发展。", "二是改革；", "三是开放"]
    assert align.english_sentences("It grew by 5.2 percent. Dr. Sun led it. Then") == [
        "It grew by 5.2 percent.", "Dr. Sun led it.", "Then"]


def test_one_side_empty():
    assert pairs(align.align(["一"], [])) == [((0,), ())]
    assert pairs(align.align([], ["one"])) == [((), (0,))]
