"""Pinyin with one slip and characters mixed with pinyin or initials (issue 13), as a user types them.

A small report written out here: 顺境 (shujning is pinyin but for one letter, not English), and
乡村振兴, which jieba cuts into 乡村|振兴, so no one word of the index reads 乡村zhenxing.
"""
import pytest

REPORT = """\
某市政府工作报告
面对顺境和逆境都要坚持。
全市煤炭企业完成转型。
全面推进乡村振兴，建设宜居宜业和美乡村。
乡村振兴取得新进展。
城市更新稳步推进。
振兴老工业基地。
锦西地区加快发展。
金、银、铜、铁，金和银。
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    from termsearch.index_build import build
    from termsearch.search import Engine

    folder = tmp_path_factory.mktemp("slips")
    report = folder / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    build([report], folder / "ix")
    return Engine(folder / "ix")


def texts(result):
    return [h.text for h in result.hits]


def paragraphs(engine, needle):
    return sorted(t for t in engine.reader().texts if needle in t)


# ---- every pinyin correction is said, with the letters as typed one click away

def test_a_pinyin_correction_is_listed_with_the_letters_as_typed_a_click_away(engine):
    corrections = engine.search("meiyanqiye").interpretation["corrections"]
    assert corrections == [{"typed": "meiyanqiye", "searched": "meitanqiye", "literal_query": '"meiyanqiye"'}]


# ---- pinyin but for one letter is pinyin with a slip, not an English word with one

@pytest.mark.parametrize("typed", ["shujning", "shunjnig", "shunjign"])
def test_letters_that_are_pinyin_but_for_one_are_corrected_as_pinyin(engine, typed):
    result = engine.search(typed)
    assert texts(result) == ["面对顺境和逆境都要坚持。"]
    assert result.interpretation["leaves"][0]["kind"] == "pinyin"
    assert result.interpretation["corrections"][0]["typed"] == typed


def test_a_word_of_two_syllables_comes_before_a_lone_syllable(engine):
    # jinx is jin x: jinxi (锦西) one letter away, before jin (金), commoner but one character.
    result = engine.search("jinx")
    assert result.interpretation["leaves"][0]["corrected"] == "jinxi"
    assert "锦西" in texts(result)[0]


def test_an_english_misspelling_is_still_english(engine):
    leaf = engine.search("goverment").interpretation["leaves"][0]
    assert leaf["kind"] in ("english", "unknown")


# ---- characters with pinyin or initials, in either order, where no one word reads so

@pytest.mark.parametrize("typed", ["乡村zhenxing", "xiangcun振兴", "乡村zx", "xc振兴", "鄉村zhenxing"])
def test_characters_beside_pinyin_or_initials_find_the_words_in_a_row(engine, typed):
    result = engine.search(typed, limit=20)
    assert sorted(texts(result)) == paragraphs(engine, "乡村振兴")
    assert "words in a row" in result.interpretation["description"]


def test_characters_beside_a_syllable_still_find_a_word_held_whole(engine):
    assert texts(engine.search("煤炭qiye")) == ["全市煤炭企业完成转型。"]
