"""Pieces of phrases that jieba's HMM joined into words (钢为 of 以钢为纲, 稳和进 of 把稳和进作为)
are said as readings of pinyin and initials, a click away, but take no turn on page one from the
words a user types meaning them (issue 13: fragment words offered as readings)."""
import re

import pytest

from conftest import engine_of_report, texts

REPORT = ("某市政府工作报告\n"
          + "".join(f"第{i}批企业做好岗位培训，文化节如期举办。\n" for i in range(6))
          + "在钢铁工业中，要以钢为纲，全面跃进。\n"
          + "坚持稳中求进工作总基调，把稳和进作为一个整体来把握。\n")


@pytest.fixture(scope="module")
def fragments_engine(tmp_path_factory):
    return engine_of_report(tmp_path_factory, "fragments", REPORT)


@pytest.mark.parametrize("typed, word, piece", [("gang wei", "岗位", "钢为"), ("gangwei", "岗位", "钢为"),
                                                ("whj", "文化节", "稳和进")])
def test_a_piece_of_a_phrase_takes_no_turn_before_the_words(fragments_engine, typed, word, piece):
    result = fragments_engine.search(typed, limit=10)
    found = texts(result)
    # Each word's paragraphs come first; the piece is still found, further down.
    assert all(word in t for t in found[:5])
    assert any(piece in t for t in found)
    assert piece in result.interpretation["leaves"][0]["words"]


def test_a_piece_alone_is_searched_as_typed(fragments_engine):
    result = fragments_engine.search("wen he jin")
    assert texts(result) and all("稳和进" in t for t in texts(result))


def test_a_word_jiebas_dictionary_holds_is_never_a_piece():
    from termsearch.analysis import fragments

    # 以法 is in jieba's dictionary: a listed word is a word, whatever characters it holds.
    assert not fragments.is_fragment("以法", unlisted={"钢为"})
    assert fragments.is_fragment("钢为", unlisted={"钢为"})
    assert not fragments.is_fragment("荆襄", unlisted={"荆襄"})      # unlisted, but no function character


def test_function_characters_are_those_jiebas_dictionary_tags_so():
    from termsearch.analysis import fragments, segment

    tags = {c: (int(f), t) for c, f, t in re.findall(r"^(\S) (\d+) (\S+)$", segment._dictionary_text(), re.M)}
    listed = fragments.function_characters()
    assert listed
    for character in listed:
        frequency, tag = tags[character]
        assert frequency >= 50_000 and (tag in ("p", "c", "y") or tag.startswith("u")), character


CROWDED = ("某市政府工作报告\n"
           + "".join(f"第{i}批企业做好岗位培训，文化节如期举办。\n" for i in range(15))
           + "在钢铁工业中，要以钢为纲，全面跃进。\n")


@pytest.fixture(scope="module")
def crowded_engine(tmp_path_factory):
    return engine_of_report(tmp_path_factory, "fragments_crowded", CROWDED)


@pytest.mark.parametrize("typed", ["gang wei", "gangwei", "gangwie"])
def test_a_pieces_own_paragraph_keeps_page_ones_last_place(crowded_engine, typed):
    # 岗位's 15 paragraphs could fill page one; the piece's one paragraph still has its last
    # place (a place of 岗位's is worth 1 in 15, the piece's 1 in 1), below 岗位's nine.
    found = texts(crowded_engine.search(typed, limit=10))
    assert all("岗位" in t for t in found[:9])
    assert "钢为" in found[9]
    second = texts(crowded_engine.search(typed, limit=10, offset=10))
    assert "岗位" in second[0]
