"""One place for character classes (analysis/chars.py), and what its wider Han range changed:
words of Extension A characters (䶮) get a reading and are found by pinyin."""
import pytest

from conftest import engine_of_report
from termsearch.analysis import chars, termforms
from termsearch.model import SourceRef, Term

# One ideograph from each block, with the block's name.
HAN_SAMPLES = [
    ("中", "basic block"),
    ("䶮", "Extension A"),
    ("豈", "Compatibility Ideographs"),
    ("𠀀", "Extension B"),
    ("𪜀", "Extension C"),
    ("𫝀", "Extension D"),
    ("𫠠", "Extension E"),
    ("𬺰", "Extension F"),
    ("丽", "Compatibility Ideographs Supplement"),
    ("𰀀", "Extension G"),
    ("𱍐", "Extension H"),
]
NOT_HAN = ["a", "Ａ", "1", "。", "，", "、", "「", "々", "〇", "ア", "한", "䷀", "⼈", " ", "\u3000"]


@pytest.mark.parametrize("char, block", HAN_SAMPLES)
def test_every_han_block_is_han(char, block):
    assert chars.is_han(char), block
    assert chars.has_han(f"x{char}y") and chars.all_han(char * 2) and chars.count_han(f"a{char}b{char}") == 2
    assert chars.HAN_RUN.fullmatch(f"中{char}国")


@pytest.mark.parametrize("char", NOT_HAN)
def test_punctuation_kana_hangul_radicals_and_hexagrams_are_not_han(char):
    assert not chars.is_han(char)
    assert not chars.has_han(char)
    assert not chars.all_han(f"中{char}")


@pytest.mark.parametrize("char", ["々", "〇", "⼈", "〡"])
def test_marks_written_among_han_join_a_run_of_han_with_marks(char):
    assert chars.HAN_WITH_MARKS_RUN.fullmatch(f"中{char}国")
    assert not chars.HAN_RUN.fullmatch(f"中{char}国")


def test_full_width_ascii_both_ways():
    assert "".join(map(chars.to_halfwidth, "ＧＤＰ１２！～")) == "GDP12!~"
    assert "".join(map(chars.to_fullwidth, "GDP12!~")) == "ＧＤＰ１２！～"
    for char in "中。 \u3000ｱ":
        assert chars.to_halfwidth(char) == char and chars.to_fullwidth(char) == char


def test_a_glossary_term_of_extension_a_characters_has_a_pinyin_key():
    term = Term(id="t1", term="䶮", traditional="䶮", simplified="䶮", aliases=[], definition="南汉高祖名。",
                source=SourceRef(document="d", line=1))
    assert termforms.pinyin_keys(term) == {"yan": "pinyin"}
    assert termforms.search_forms(term)["yan"] == 80


def test_a_typed_extension_g_character_is_read_as_characters():
    from termsearch.query import parse
    from termsearch.vocabulary import Vocabulary

    parsed = parse("𰀀", Vocabulary({"words": {}}))
    assert [leaf.kind for leaf in parsed.leaves] == ["characters"]


def test_an_import_slug_keeps_extension_a_characters():
    from termsearch.export import import_slug

    assert import_slug("䶮词表 2024.tbx") == "䶮词表-2024"


def test_pinyin_annotations_after_an_extension_b_character_are_stripped():
    from termsearch.ingest.clean import strip_pinyin_annotations

    # A toneless annotation is removed only right after a Han character (so `(a)` list markers stay).
    assert strip_pinyin_annotations("𠮷(ji)祥") == "𠮷祥"
    assert strip_pinyin_annotations("项目(a)") == "项目(a)"


@pytest.fixture(scope="module")
def rare_index(tmp_path_factory):
    engine = engine_of_report(tmp_path_factory, "rare-chars",
                              "2024年示例区政府工作报告\n一、工作回顾\n南汉高祖刘䶮定都兴王府。\n持续推动经济发展。\n")
    yield engine
    engine.close()


def test_a_word_of_extension_a_characters_is_found_by_its_pinyin(rare_index):
    assert rare_index.vocabulary().reading("䶮") == ["yǎn"]
    for typed in ("yan", "yǎn", "yan3"):
        result = rare_index.search(typed)
        assert any("刘䶮" in hit.text for hit in result.hits), typed
        assert "䶮" in result.interpretation["leaves"][0]["words"]


def test_an_index_built_before_the_fix_gets_the_reading_when_a_report_is_added(tmp_path):
    import json

    from termsearch.index_build import build
    from termsearch.index_layout import current_build, write_sizes
    from termsearch.search import Engine

    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("2024年示例区政府工作报告\n南汉高祖刘䶮定都兴王府。\n", "utf-8")
    second.write_text("2024年另一区政府工作报告\n持续推动经济发展。\n", "utf-8")
    build([first], tmp_path / "ix")
    # What a build before analysis/chars.py wrote: no reading for the extension A word.
    readings = current_build(tmp_path / "ix") / "readings.json"
    old = json.loads(readings.read_text("utf-8"))
    readings.write_text(json.dumps({**old, "䶮": ""}, ensure_ascii=False), "utf-8")
    write_sizes(readings.parent)        # (as that build would have recorded it)
    build([second], tmp_path / "ix", incremental=True)
    engine = Engine(tmp_path / "ix")
    try:
        assert engine.vocabulary().reading("䶮") == ["yǎn"]
        assert any("刘䶮" in hit.text for hit in engine.search("yan").hits)
    finally:
        engine.close()


def test_the_longer_words_holding_a_word_come_in_the_vocabulary_order_each_once():
    # (the first MAX_CONTAINING of them are searched for a word not indexed inside longer ones)
    from termsearch.vocabulary import Vocabulary

    words = ["院区", "亦庄院区", "医院", "院区院区", "新院区建设", "区院", "院", "农商行"]
    vocab = Vocabulary({"words": dict.fromkeys(words, 1)})
    assert vocab.containing("院区") == ["亦庄院区", "院区院区", "新院区建设"]
    assert vocab.containing("院") == ["院区", "亦庄院区", "医院", "院区院区", "新院区建设", "区院"]
    assert vocab.containing("农商行") == [] and vocab.containing("银行") == []
