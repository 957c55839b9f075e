"""English queries that forgive (issue 14): misspelt, plural, reordered, pasted whole, mixed with
pinyin or characters, each correction said with one click back; and nonsense called unknown."""
import json
import re
from urllib.parse import quote

import pytest

from conftest import engine_of_report, texts
from termsearch.english import language
from termsearch.english.renderings import CONFIDENCE_LEVELS, rendering_key


def headwords(result) -> set[str]:
    return {rendering_key(card["term"]) for card in result.terms}


def test_every_rendering_pasted_whole_finds_its_term_and_paragraphs(engine):
    """Every English rendering the index's terms carry (the renderings and termbase files),
    typed whole as the query: its term's card and paragraphs come back."""
    missed, tried = [], 0
    for term in engine.reader().terms:
        for rendering in term.english:
            if rendering.confidence not in CONFIDENCE_LEVELS:
                continue                # a literal gloss composed from CC-CEDICT is not from the files
            tried += 1
            result = engine.search(rendering.text, limit=1)
            if rendering_key(term.term) not in headwords(result) or not result.total:
                missed.append((rendering.text, term.term, result.interpretation["description"]))
    assert tried > 30
    assert missed == []


@pytest.mark.parametrize("typed, searched, headword", [
    ("kindergarden", "kindergarten", None),
    ("zero wast city", "zero waste city", "无废城市"),
    ("litle giant", "little giant", "小巨人"),
    ("shrap eyes", "sharp eyes", "雪亮工程"),
])
def test_a_misspelt_english_query_is_searched_corrected_and_says_so(engine, typed, searched, headword):
    result = engine.search(typed)
    [correction] = result.interpretation["corrections"]
    assert correction["typed"] == typed and correction["searched"] == searched
    assert f"did you mean “{searched}”" in result.interpretation["description"]
    assert result.total > 0
    if headword:
        assert any(headword in key for key in headwords(result))
    # The literal query searches the letters as typed, uncorrected: here nothing, as the correction says.
    literal = engine.search(correction["literal_query"])
    assert literal.interpretation["corrections"] == [] and literal.total == 0
    assert correction["literal_finds"] is False


def test_a_misspelt_rendering_finds_the_term_and_not_every_paragraph_with_its_words(engine):
    result = engine.search("zero wast city")
    loose = engine.search("zero city")            # what reading "wast" as nothing gives
    assert "无废城市" in headwords(result)
    assert 0 < result.total < loose.total
    assert all(re.search("無廢城市|无废城市", hit.text) for hit in result.hits)


@pytest.mark.parametrize("typed", ["zero waste cities", "city zero waste", "Zero-Waste City", "ZERO WASTE CITY"])
def test_plural_case_and_word_order_find_the_term(engine, typed):
    assert "无废城市" in headwords(engine.search(typed))


def test_a_correctly_spelt_query_says_nothing_about_corrections(engine):
    assert engine.search("zero waste city").interpretation["corrections"] == []


@pytest.mark.parametrize("typed, pinyin_words, headword", [
    ("shuang wan economic development", "双万", "双万"),
    ("economic development shuang wan", "双万", "双万"),
])
def test_english_beside_pinyin_reads_each_as_what_it_is(engine, typed, pinyin_words, headword):
    result = engine.search(typed)
    kinds = {leaf["kind"]: leaf for leaf in result.interpretation["leaves"]}
    assert pinyin_words in kinds["pinyin"]["words"]
    assert "english" in kinds
    assert headword in headwords(result)


def test_english_beside_characters_keeps_both(engine):
    result = engine.search("双万 economic development")
    kinds = {leaf["kind"] for leaf in result.interpretation["leaves"]}
    assert {"characters", "english"} <= kinds and "双万" in headwords(result)


# hjkl: initials of words (环境 …) that stand in a row nowhere: no pinyin the index knows either.
@pytest.mark.parametrize("typed", ["xqzvbnmkp", "zxcvbnm qwrtp", "hjkl"])
def test_letters_that_are_neither_english_nor_pinyin_are_called_unknown(engine, typed):
    result = engine.search(typed)
    assert result.interpretation["kind"] == "unknown"
    assert "English" not in result.interpretation["description"].split("neither")[0]


@pytest.mark.parametrize("text, read", [
    ("'Hundred Boats' Plan (Dongguan's three-year action plan)", "'Hundred Boats' Plan Dongguan's three-year action plan"),
    ("Eighth Five-Year Plan (1991-1995)", "Eighth Five-Year Plan 1991-1995"),
    ("zero-waste city (ZWC)", "zero-waste city ZWC"),
    ("'Big Dongguan Family' service (pun on 大管家, 'steward')", "'Big Dongguan Family' service pun on 'steward'"),
])
def test_a_pasted_rendering_is_read_as_english_not_as_query_syntax(text, read):
    assert language.pasted_english(text) == read


@pytest.mark.parametrize("text", [
    '"kindergarden"', '"zero wast city"',         # quoted whole: the letters as typed
    "zero AND waste city", "sharp eyes -project",  # operators mean operators
    "(shuang wan) economic",                      # brackets around pinyin group it
    "双万 (economic development)", "zero waste city", "kindergarten",
])
def test_query_syntax_stays_syntax(text):
    assert language.pasted_english(text) is None


def test_the_api_says_the_correction_and_the_literal_query(seed_client):
    body = seed_client.get("/api/search?q=" + quote("kindergarden")).get_json()
    assert body["interpretation"]["corrections"] == [
        {"typed": "kindergarden", "searched": "kindergarten", "literal_query": '"kindergarden"',
         "literal_finds": False}]
    assert body["total"] > 0


def test_the_page_says_no_paragraph_has_the_letters_as_typed_rather_than_link_to_nothing(seed_client):
    page = seed_client.get("/?q=" + quote("zero wast city")).get_data(as_text=True)
    assert "Did you mean “zero waste city”?" in page
    assert "the letters “zero wast city” themselves appear in no paragraph" in page
    assert 'href="/?q=%22zero%20wast%20city%22"' not in page


def test_the_cli_says_the_correction(seed_index):
    from click.testing import CliRunner

    from termsearch.cli import main

    out = CliRunner().invoke(main, ["query", "kindergarden", "--index", str(seed_index)]).output
    assert "did you mean “kindergarten”?" in out
    assert "the letters “kindergarden” themselves appear in no paragraph" in out
    as_json = json.loads(CliRunner().invoke(main, ["query", "kindergarden", "--json", "--index", str(seed_index)]).output)
    assert as_json["interpretation"]["corrections"][0]["searched"] == "kindergarten"


# ----------------------------------------------------------------------------- nouns of verbs

def test_a_noun_the_dictionary_glosses_only_as_its_verb_is_read_as_the_verb(engine):
    # CC-CEDICT glosses 振兴 "to revive; to revitalize": a user types the noun of a rendering.
    result = engine.search("rural revitalization")
    assert "振兴" in result.interpretation["description"]
    assert result.interpretation["corrections"] == []           # not a misspelling
    assert sum(bool(re.search("鄉村振興|乡村振兴", hit.text)) for hit in result.hits[:5]) == 5
    alone = engine.search("revitalization")
    assert alone.total > 0 and all(re.search("振興|振兴|盤活|盘活", hit.text) for hit in alone.hits)


@pytest.mark.parametrize("word, derived", [
    ("revitalization", ["revitalize", "revitalise"]),
    ("revitalisation", ["revitalise", "revitalize"]),
    ("improvements", ["improve"]),
    ("ideological", ["ideology", "ideologic"]),
    ("unswervingly", ["unswerving"]),
    ("accountability", ["accountable"]),
    ("strictest", ["strict", "stricte"]),
    ("station", []), ("nation", []), ("family", []), ("supply", []),   # not derived: too short a stem
])
def test_the_words_a_word_may_be_derived_from(word, derived):
    from termsearch.english.words import derived_forms

    assert derived_forms(word) == derived


def test_a_word_the_map_holds_is_read_as_itself_not_as_its_verb():
    from termsearch.english.query_words import english_groups

    index = {"words": {"foundation": [["基础", 1.0]], "found": [["成立", 1.0]], "revitalize": [["振兴", 1.0]]},
             "phrases": {}}
    [foundation] = english_groups("foundation", index)
    assert [w for w, _ in foundation.words] == ["基础"]
    [noun] = english_groups("revitalization", index)
    assert [w for w, _ in noun.words] == ["振兴"] and noun.words[0][1] < 1.0 and not noun.corrected


# ----------------------------------------------------------------------------- policy English

RURAL_REVITALIZATION = "鄉村振興|乡村振兴|振興鄉村|振兴乡村"


def test_rural_is_read_as_the_countryside_of_official_english(engine):
    # CC-CEDICT glosses 乡村 "village; countryside"; official English says "rural".
    result = engine.search("rural")
    rural = next(leaf for leaf in result.interpretation["leaves"] if leaf["kind"] == "english")
    assert rural["words"][:2] == ["乡村", "农村"]
    assert all(re.search("鄉村|乡村|農村|农村|田園|田园|农资|農資", hit.text) for hit in result.hits)


@pytest.mark.parametrize("typed", ["rural revitalization", "revitalization of rural areas", "Rural Revitalisation"])
def test_paragraphs_with_every_part_of_an_english_query_come_first(engine, typed):
    """Every English part read OR'ed would put a paragraph with one rare word first (盘活 alone for
    "rural revitalization"); the words of every part, and in a row (乡村振兴), rank above, and
    the paragraphs with one part only still follow."""
    result = engine.search(typed, limit=50)
    has_both = [bool(re.search(RURAL_REVITALIZATION, hit.text)) for hit in result.hits]
    assert has_both[0] and False in has_both
    assert has_both == sorted(has_both, reverse=True)          # none after the first without


def test_a_hyphenated_english_word_is_read_with_its_neighbours(engine):
    result = engine.search("state-owned enterprises")
    assert [leaf["typed"] for leaf in result.interpretation["leaves"]] == ["state-owned enterprises"]
    assert result.total > 0


@pytest.mark.parametrize("typed, base", [("driven", "drive"), ("led", "lead"), ("children", "child"),
                                         ("built", "build")])
def test_an_irregular_form_is_searched_as_its_word(engine, typed, base):
    from termsearch.english.words import word_forms

    assert base in word_forms(typed)
    result = engine.search(typed)
    [leaf] = [leaf for leaf in result.interpretation["leaves"] if leaf["kind"] == "english"]
    base_word = engine.reader().english["words"][base][0][0]
    assert base_word in leaf["words"] and result.interpretation["corrections"] == []


def test_a_word_that_finds_nothing_beside_english_is_said_not_dropped(engine):
    result = engine.search("xqzvbnmkp economic")
    kinds = {leaf["kind"]: leaf for leaf in result.interpretation["leaves"]}
    assert kinds["unknown"]["typed"] == "xqzvbnmkp" and kinds["english"]["words"]
    assert "“xqzvbnmkp” is neither English nor pinyin" in result.interpretation["description"]
    assert result.total > 0


def test_the_supplement_maps_policy_english_to_words_of_the_corpus_only():
    from termsearch.english.supplement import supplement_rows
    from termsearch.english.word_map import build_english_index

    rows = dict(supplement_rows())
    assert rows["rural"][0] == ("乡村", 1.0) and all(chinese for chinese in rows.values())
    built = build_english_index({"乡村": 5, "振兴": 3}, senses=({}, {}))
    assert built["words"]["rural"] == [["乡村", 1.0]]        # 农村 is no word of this corpus
    assert "urban" not in built["words"]


# ----------------------------------------------------------------------- phrases and their words

PHRASE_REPORT = """2024年某市政府工作报告

坚持以新时代中国特色社会主义思想为指导，奋力谱写新时代发展新篇章。
香港回归标志着香港历史新纪元的开始。
纪念红军长征胜利，弘扬长征精神。
历史悠久的古城向新领域进军。
推动经济发展，这个镇的经济实力不断增强。
杭州经济总量再创新高。
周恩来纪念馆举办历代名人书画展。
本市新建周王朝遗址公园。
"""


@pytest.fixture(scope="module")
def phrase_engine(tmp_path_factory):
    return engine_of_report(tmp_path_factory, "phrase-report", PHRASE_REPORT)


def test_a_dictionary_phrase_does_not_hide_its_words(phrase_engine):
    """CC-CEDICT glosses 新纪元 "new era"; the reports say 新时代, new and era in a row. Both are
    found, and the interpretation says the query was also read word by word."""
    if "new era" not in phrase_engine.reader().english.get("phrases", {}):
        pytest.skip("this CC-CEDICT has no phrase 'new era'")
    result = phrase_engine.search("new era", limit=10)
    found = " ".join(hit.text for hit in result.hits)
    assert "新时代" in found and "新纪元" in found
    assert "word by word" in result.interpretation["description"]


def test_a_phrase_the_dictionary_has_still_ranks_its_own_words_first(phrase_engine):
    if "long march" not in phrase_engine.reader().english.get("phrases", {}):
        pytest.skip("this CC-CEDICT has no phrase 'long march'")
    result = phrase_engine.search("long march", limit=10)
    assert "长征" in result.hits[0].text


def test_english_beside_one_pinyin_syllable_reads_it_as_pinyin(phrase_engine):
    """`economic zhen`: zhen is no English word (CC-CEDICT has it only inside a name's gloss), so it
    is read as pinyin (镇 …) beside the English, and both are searched."""
    result = phrase_engine.search("economic zhen")
    kinds = {leaf["kind"]: leaf for leaf in result.interpretation["leaves"]}
    assert kinds["english"]["words"][0] == "经济"
    assert "镇" in kinds["pinyin"]["words"]
    assert result.hits and all("经济" in hit.text and "镇" in hit.text for hit in result.hits)


def test_pinyin_beside_english_that_reads_as_no_word_is_said_not_dropped(phrase_engine):
    result = phrase_engine.search("economic zei")
    kinds = {leaf["kind"]: leaf for leaf in result.interpretation["leaves"]}
    assert kinds["pinyin"]["typed"] == "zei" and kinds["pinyin"]["words"] == []
    assert "“zei” → no word in the index" in result.interpretation["description"]
    assert result.total > 0                     # the English part is still searched


def test_pinyin_words_beside_english_are_read_together(phrase_engine):
    result = phrase_engine.search("hang zhou economic")
    kinds = {leaf["kind"]: leaf for leaf in result.interpretation["leaves"]}
    assert kinds["pinyin"]["words"] == ["杭州"] and "经济" in kinds["english"]["words"]
    assert result.hits and all("杭州" in hit.text for hit in result.hits)


def test_an_english_function_word_is_not_read_as_pinyin(phrase_engine):
    """`a` reads as pinyin (阿) but beside English words it is the article."""
    result = phrase_engine.search("a new era")
    assert [leaf["kind"] for leaf in result.interpretation["leaves"]] == ["english"]


def test_english_words_that_spell_pinyin_stay_english_beside_english():
    """anti, kong and mobile spell pinyin (an ti, kong, mo bi le, each a run of words here), but beside
    English they are English: a word of a phrase the English map holds (anti corruption, hong kong),
    or a word the map knows that is not spelt as only pinyin is (mobile; zhen is pinyin)."""
    from termsearch.query import parse
    from termsearch.vocabulary import Vocabulary

    english = {"words": {"anti": [["反腐败", 0.5]], "corruption": [["腐败", 1.0]], "hong": [["香港", 0.5]],
                         "kong": [["香港", 0.5]], "economic": [["经济", 1.0]], "mobile": [["移动", 0.5]],
                         "payment": [["支付", 1.0]]},
               "phrases": {"anti corruption": [["反腐败", 1.0]], "hong kong": [["香港", 1.0]]}}
    syllables = {"an": "安", "ti": "题", "hong": "红", "kong": "空", "mo": "莫", "bi": "比", "le": "了", "zhen": "镇"}
    vocab = Vocabulary({"words": dict.fromkeys([*syllables.values(), "反腐败", "腐败", "香港",
                                                "经济", "移动", "支付"], 3)},
                       readings={word: reading for reading, word in syllables.items()},
                       by_pinyin={reading: [word] for reading, word in syllables.items()}, english=english)
    for typed in ("anti corruption", "hong kong economic", "mobile payment"):
        assert {leaf.kind for leaf in parse(typed, vocab).leaves} == {"english"}, typed
    assert [leaf.typed for leaf in parse("economic zhen", vocab).leaves if leaf.kind == "pinyin"] == ["zhen"]


# A report without a glossary: its shorthand has no term card, only the packaged termbase's English.
SHORTHAND_REPORT = """某市政府工作报告

一、工作回顾

因地制宜发展新质生产力，培育新兴产业和未来产业。

深入推进无废城市建设，生活垃圾分类覆盖全部社区。

城市道路新改建一百公里，质量和效益明显提升。

零星地块整治完成，城市品质持续提升，新动能加快成长。

积极稳妥推进“双碳”工作，主动融入一带一路建设。

实施山水工程，修复受损山体和水体。
"""


@pytest.fixture(scope="module")
def shorthand_engine(tmp_path_factory):
    from conftest import engine_of_report
    return engine_of_report(tmp_path_factory, "shorthand-english", SHORTHAND_REPORT)


@pytest.mark.parametrize("typed, shorthand", [
    ("new quality productive forces", "新质生产力"),
    ("zero-waste cities", "无废城市"),
    ("Dual Carbon Goals", "双碳"),
    ("Belt and Road Initiative", "一带一路"),
    # without the head word that only says what kind of programme it is
    ("Belt and Road", "一带一路"),
    ("belt & road", "一带一路"),
    ("dual carbon", "双碳"),
])
def test_the_termbase_english_typed_whole_finds_its_shorthand_where_no_glossary_defines_it(
        shorthand_engine, typed, shorthand):
    """The English the termbase publishes for a shorthand finds the shorthand in any report, not
    only in reports whose glossary defines it; the other paragraphs the words find come after."""
    result = shorthand_engine.search(typed)
    assert result.terms == []                       # no glossary here
    assert shorthand in result.hits[0].text
    assert f"{shorthand} (the termbase's official English" in result.interpretation["description"]


@pytest.mark.parametrize("typed, shorthand", [
    ("zero-waste 城市", "无废城市"),              # one word typed as its Chinese
    ("城市 zero-waste", "无废城市"),              # in another order
    ('"城市" zero-waste', "无废城市"),            # quoted
    ("zero-waste chengshi", "无废城市"),          # or as its pinyin
    ("new quality 生产力", "新质生产力"),          # two words as the one Chinese word they make
    ("Shan-Shui Initiatives", "山水工程"),         # letters read partly as pinyin, a plural head
])
def test_the_termbase_english_with_a_word_typed_as_chinese_finds_its_shorthand(shorthand_engine, typed, shorthand):
    result = shorthand_engine.search(typed)
    assert shorthand in result.hits[0].text
    assert f"{typed} → {shorthand} (the termbase's official English" in result.interpretation["description"]


@pytest.mark.parametrize("typed", ["zero-waste 道路", "quality 城市"])
def test_chinese_that_renders_no_word_of_the_english_left_finds_no_shorthand(shorthand_engine, typed):
    """道路 is no reading of "city"; "quality city" is no termbase English: no shorthand is said."""
    assert "the termbase's" not in shorthand_engine.search(typed).interpretation["description"]


@pytest.mark.parametrize("typed", ["At 城市", "the 城市", "Of 城市"])
def test_an_english_function_word_beside_characters_is_english_not_initials_or_pinyin(shorthand_engine, typed):
    """`At` beside characters was read as the initials a t (no word), `the` as pinyin one slip
    from ta he: a function word is English, not searched, and the characters are."""
    result = shorthand_engine.search(typed)
    word = typed.split()[0]
    [leaf] = [leaf for leaf in result.interpretation["leaves"] if leaf["typed"] == word]
    assert leaf["kind"] == "english" and leaf["words"] == [] and "function word" in leaf["note"]
    assert result.interpretation["corrections"] == []
    assert result.hits and all("城市" in hit.text for hit in result.hits)


def test_a_termbase_rendering_of_a_shorthand_the_corpus_lacks_still_finds_its_words(shorthand_engine):
    """四好农村路's English, in a report without it: the words are still searched."""
    result = shorthand_engine.search("Four Good Rural Roads")
    assert result.total > 0 and "四好农村路" not in result.interpretation["description"]


@pytest.mark.parametrize("typed, searched", [
    ("zero wast city", "zero waste city"),
    ("zero-wast cities", "zero-waste cities"),
])
def test_a_misspelt_rendering_is_mended_toward_the_language_not_the_small_index(shorthand_engine, typed, searched):
    """An index of one report knows few English words: a slip is mended toward the English of the
    dictionary and the termbase (waste), not toward whatever word the report has one slip away."""
    result = shorthand_engine.search(typed)
    [correction] = result.interpretation["corrections"]
    assert correction["searched"] == searched and correction["literal_query"] == f'"{typed}"'
    assert f"did you mean “{searched}”" in result.interpretation["description"]
    assert "无废城市" in result.hits[0].text


@pytest.mark.parametrize("typed, searched", [
    ("zero-wast 城市", "zero-waste"),
    ("城市 zero-wast", "zero-waste city"),     # in another order too: the rendering said once
    ("zero wast", "zero waste"),        # (no paragraph of this report says 零浪费: no hit asked)
])
def test_a_slip_is_mended_toward_the_rendering_the_rest_of_the_query_points_to(shorthand_engine, typed, searched):
    """`wast` is one slip from the commoner west, but zero and 城市 point to "zero-waste city"
    (无废城市): it is mended to waste, and the shorthand comes first."""
    result = shorthand_engine.search(typed)
    [correction] = result.interpretation["corrections"]
    assert correction["searched"] == searched
    assert "west" not in result.interpretation["description"]
    if "城市" in typed:
        assert "无废城市" in result.hits[0].text


@pytest.mark.parametrize("typed, rendering, shorthand", [
    ("Road Belt Initiative", "Belt and Road Initiative", "一带一路"),
    ("carbon dual", "dual carbon goals", "双碳"),
    ("productive new quality forces", "new quality productive forces", "新质生产力"),
    ("city zero wast", "zero-waste city", "无废城市"),     # a slip too: said once, mended and in order
])
def test_a_rendering_s_words_in_another_order_find_its_shorthand_and_say_the_order(
        shorthand_engine, typed, rendering, shorthand):
    result = shorthand_engine.search(typed)
    assert shorthand in result.hits[0].text
    [correction] = result.interpretation["corrections"]
    assert correction == {"typed": typed, "searched": rendering, "literal_query": f'"{typed}"',
                          "literal_finds": False}
    assert f"did you mean “{rendering}”" in result.interpretation["description"]


@pytest.mark.parametrize("typed", ["Belt and Road Initiative", "belt and road", "zero waste cities", "Dual Carbon"])
def test_a_rendering_typed_in_its_own_order_says_no_correction(shorthand_engine, typed):
    assert shorthand_engine.search(typed).interpretation["corrections"] == []


@pytest.mark.parametrize("typed, rendering, shorthand", [
    ("城市 zero-waste", "zero-waste city", "无废城市"),         # English beside characters
    ("chengshi zero waste", "zero-waste city", "无废城市"),     # beside pinyin
    ("Initiatives Shan-Shui", "Shan-Shui Initiative", "山水工程"),   # letters read partly as pinyin
])
def test_a_rendering_mixed_with_chinese_in_another_order_says_the_order(shorthand_engine, typed, rendering, shorthand):
    """As for English alone: the shorthand first, the rendering said in its order, the words as
    typed one click back."""
    result = shorthand_engine.search(typed)
    assert shorthand in result.hits[0].text
    [correction] = result.interpretation["corrections"]
    assert correction["typed"] == typed and correction["searched"] == rendering
    assert correction["literal_query"] == f'"{typed}"'
    assert f"did you mean “{rendering}”" in result.interpretation["description"]


@pytest.mark.parametrize("typed", ["zero-waste 城市", "zero-waste chengshi", "new quality 生产力",
                                   "Shan-Shui Initiatives"])
def test_a_rendering_mixed_with_chinese_in_its_own_order_says_no_correction(shorthand_engine, typed):
    result = shorthand_engine.search(typed)
    assert "the termbase's official English" in result.interpretation["description"]
    assert result.interpretation["corrections"] == []


GAZELLE_REPORT = """某省政府工作报告

培育瞪羚、独角兽企业，支持龙头企业牵头组建创新联合体，引导企业加大研发投入，新增一批科技型中小企业。

支持瞪羚企业发展。
"""


@pytest.fixture(scope="module")
def gazelle_engine(tmp_path_factory):
    from conftest import engine_of_report
    return engine_of_report(tmp_path_factory, "gazelle", GAZELLE_REPORT)


@pytest.mark.parametrize("typed", ["瞪羚 enterprises", "enterprises 瞪羚", "dengling enterprises",
                                   "gazelle enterprises"])
def test_the_fuller_of_two_shorthand_with_one_english_comes_first(gazelle_engine, typed):
    """瞪羚 and 瞪羚企业 are both "gazelle enterprises" in the termbase: the paragraph that says
    瞪羚企业 comes before the one with 瞪羚 beside many 企业, and both are found."""
    result = gazelle_engine.search(typed)
    assert "瞪羚企业" in result.hits[0].text
    assert result.total == 2


def test_a_glossary_rendering_in_another_order_is_said_on_the_page_and_in_the_cli(seed_client, seed_index):
    from click.testing import CliRunner

    from termsearch.cli import main

    page = seed_client.get("/?q=" + quote("city zero waste")).get_data(as_text=True)
    assert "Did you mean “zero-waste city”?" in page
    out = CliRunner().invoke(main, ["query", "city zero waste", "--index", str(seed_index)]).output
    assert "did you mean “zero-waste city”?" in out


def test_a_slip_toward_a_word_the_index_has_no_chinese_for_is_still_said(shorthand_engine):
    """`enviroment` is mended to environment, which this report never says: the correction is
    said, and the query finds nothing rather than something unrelated."""
    result = shorthand_engine.search("enviroment")
    assert [c["searched"] for c in result.interpretation["corrections"]] == ["environment"]
    assert result.total == 0 and not result.terms


def test_a_proper_noun_s_english_name_is_matched_whole_not_word_by_word(phrase_engine):
    """`zhou dynasty` is CC-CEDICT's name of 周 (a proper noun): the name is searched, and zhou is
    neither pinyin nor a word of 周恩来 read beside dynasty's 历代."""
    result = phrase_engine.search("zhou dynasty")
    kinds = [leaf["kind"] for leaf in result.interpretation["leaves"]]
    assert kinds == ["english"] and "word by word" not in result.interpretation["description"]
    assert "周恩来" not in result.hits[0].text and "周" in result.hits[0].text


# ---- a part no paragraph holds is said, and the paragraphs of the rest are shown
# (双 and 万 are here, so shuang wan reads as them, but never in a row and never with the rest)

NO_SHUANGWAN = """\
某县政府工作报告
推动经济高质量发展，经济发展稳中向好。
坚持以人民为中心的发展思想。
全县经济总量稳步增长。
完成投资5万，建设双车道。
"""


@pytest.fixture(scope="module")
def no_shuangwan(tmp_path_factory):
    return engine_of_report(tmp_path_factory, "no-shuangwan", NO_SHUANGWAN)


@pytest.mark.parametrize("typed, part", [
    ("shuang wan economic development", "shuang wan"),
    ("economic development shuang wan", "shuang wan"),
    ("双万 economic development", "双万"),
])
def test_a_part_no_paragraph_holds_is_said_and_the_rest_found(no_shuangwan, typed, part):
    result = no_shuangwan.search(typed)
    [unmatched] = result.interpretation["unmatched"]
    assert unmatched["typed"] == part and unmatched["query"] == "economic development"
    assert f"no paragraph has “{part}”" in result.interpretation["description"]
    # The paragraphs shown are those the rest finds alone, best first as they come alone.
    alone = no_shuangwan.search("economic development")
    assert result.total == alone.total > 0
    assert texts(result) == texts(alone)


def test_a_part_is_said_unmatched_beside_a_glossary_term_too(engine):
    """On the seed, 雙萬 is a glossary term and 宪法 in no paragraph: the term's card and the
    paragraphs of 雙萬, not a card above "0 paragraphs"."""
    result = engine.search("雙萬 宪法")
    assert "双万" in headwords(result) and result.total == engine.search("雙萬").total > 0
    assert [u["typed"] for u in result.interpretation["unmatched"]] == ["宪法"]


def test_a_query_whose_every_part_is_held_says_nothing_unmatched(no_shuangwan):
    result = no_shuangwan.search("经济 发展")
    assert result.total > 0 and result.interpretation["unmatched"] == []


def test_parts_each_found_but_never_together_are_said_so(no_shuangwan):
    result = no_shuangwan.search("人民 总量")
    assert result.total == 0 and result.interpretation["unmatched"] == []
    assert "no paragraph holds “人民” and “总量” together" in result.interpretation["description"]


def test_a_part_no_paragraph_holds_beside_parts_never_together_shows_no_rest(no_shuangwan):
    # The rest (人民 总量) finds nothing either: no "showing the paragraphs of 人民 总量" above 0 of them.
    result = no_shuangwan.search("双万 人民 总量")
    assert result.total == 0
    assert [(u["typed"], u["query"]) for u in result.interpretation["unmatched"]] == [("双万", "")]
    description = result.interpretation["description"]
    assert "no paragraph has “双万”" in description and "showing the paragraphs" not in description
    assert "no paragraph holds “人民” and “总量” together" in description


def test_the_cli_api_and_page_say_which_part_found_nothing(no_shuangwan):
    from click.testing import CliRunner

    from termsearch.app import create_app
    from termsearch.cli import main

    index = str(no_shuangwan.index_dir)
    out = CliRunner().invoke(main, ["query", "shuang wan economic development", "--index", index]).output
    assert "No paragraph has “shuang wan” (双、万) beside the rest" in out
    assert "alone: termsearch query 'economic development'" in out
    client = create_app(index).test_client()
    body = client.get("/api/search?q=" + quote("shuang wan economic development")).get_json()
    assert body["interpretation"]["unmatched"][0]["query"] == "economic development" and body["total"] > 0
    page = client.get("/?q=" + quote("shuang wan economic development")).get_data(as_text=True)
    assert "No paragraph has “shuang wan” (双、万) beside the rest" in page
    assert 'href="/?q=economic%20development"' in page


# ---- a name whose one character is an ordinary word too is searched by its longer forms

NAME_REPORT = """\
某市政府工作报告
新建周王朝遗址公园，展示周朝礼乐文化。
坚持一周一调度，每周通报进展。
"""


def test_a_name_s_one_character_that_is_also_a_word_is_not_searched_alone(tmp_path_factory):
    """周 is the Zhou dynasty's name in CC-CEDICT, and week, circle …: `zhou dynasty` finds 周朝
    and 周 followed by a word for dynasty (周王朝), not the paragraph of 一周 (a week)."""
    engine = engine_of_report(tmp_path_factory, "names", NAME_REPORT)
    result = engine.search("zhou dynasty")
    assert texts(result) == [t for t in engine.reader().texts if "周王朝" in t]
    assert "not 周 alone" in result.interpretation["description"]


def test_an_english_name_that_spells_pinyin_wins_over_a_pinyin_guess():
    """hong kong spells pinyin, but no word reads hong kong (航空, hang kong, is one slip away) and
    the English map has Hong Kong (香港): 香港 is searched, 航空 only offered, a click away; asia
    reads only as single characters in a row (阿 四 阿): 亚洲. Pinyin that reads as a word as
    typed is still searched (women: 我们, and the English women too)."""
    from termsearch.query import parse
    from termsearch.vocabulary import Vocabulary

    english = {"words": {"hong": [["香港", 0.5]], "kong": [["香港", 0.5]], "asia": [["亚洲", 1.0]],
                         "women": [["妇女", 1.0]]},
               "phrases": {"hong kong": [["香港", 1.0]]}}
    readings = {"航空": "hang kong", "香港": "xiang gang", "阿": "a", "四": "si", "亚洲": "ya zhou",
                "我们": "wo men", "妇女": "fu nv"}
    vocab = Vocabulary({"words": dict.fromkeys(readings, 50)}, readings=readings,
                       by_pinyin={r.replace(" ", ""): [w] for w, r in readings.items()}, english=english)
    parsed = parse("hong kong", vocab)
    assert [leaf.kind for leaf in parsed.leaves] == ["english"]
    assert "香港" in parsed.leaves[0].words and "航空" not in parsed.leaves[0].words
    assert parsed.corrections() == []
    other = parsed.leaves[0].alternatives[0]
    assert (other["reading"], other["words"], other["query"]) == ("pinyin hang kong", ["航空"], "hangkong")
    assert [w for w in parse(other["query"], vocab).leaves[0].words] == ["航空"]
    assert "pinyin hang kong → 航空" in parsed.interpretation()["description"]
    asia = parse("asia", vocab)
    assert [(leaf.kind, leaf.words) for leaf in asia.leaves] == [("english", ["亚洲"])]
    assert parse(asia.leaves[0].alternatives[0]["query"], vocab).leaves[0].kind == "pinyin"
    assert {leaf.kind: leaf.words for leaf in parse("women", vocab).leaves} == {"pinyin": ["我们"], "english": ["妇女"]}


def test_the_page_and_the_cli_offer_the_pinyin_reading_of_an_english_name(tmp_path_factory):
    from click.testing import CliRunner
    from conftest import engine_of_report
    from termsearch.app import create_app
    from termsearch.cli import main

    engine = engine_of_report(tmp_path_factory, "hong-kong", "某市政府工作报告\n\n一、工作回顾\n\n"
                              "深化与香港的合作，香港投资持续增长。\n\n航空物流加快发展，新开航空货运航线。\n")
    index_dir = engine.index_dir
    page = create_app(index_dir).test_client().get("/?q=hong+kong").get_data(as_text=True)
    out = CliRunner().invoke(main, ["query", "--index", str(index_dir), "hong kong"]).output
    assert "深化与" in page and "航空物流" not in page         # 香港's paragraph, not 航空's
    assert "as pinyin hang kong" in page and "q=hangkong" in page
    assert "read “hong kong” as pinyin hang kong" in out and "termsearch query hangkong" in out


def test_a_name_searched_by_its_longer_forms_is_said_once(tmp_path_factory):
    """tang dynasty is 大唐 and 唐代、唐朝 (not 唐 alone): said as one reading, in the order typed."""
    engine = engine_of_report(tmp_path_factory, "tang", "某市政府工作报告\n\n大唐芙蓉园游客增长，唐诗朗诵节成功举办，诗歌进社区。\n\n"
                              "唐代遗址保护加强，唐与宋的文物展出。\n")
    said = engine.search("tang dynasty poetry").interpretation["description"]
    assert said.count("tang dynasty") == 1 and said.index("tang dynasty") < said.index("poetry"), said


# ---- what `china` reads, and what is never offered as a guess

CHINA_REPORT = """\
某市政府工作报告

一、工作回顾

加快中日韩自贸区谈判，推进区域合作。

中国坚定维护多边贸易体制，中国愿与各国共赢。

唐山港集装箱吞吐量增长。

印度支那问题的历史资料整理出版。
"""


@pytest.fixture(scope="module")
def china_engine(tmp_path_factory):
    return engine_of_report(tmp_path_factory, "china", CHINA_REPORT)


def test_china_reads_zhongguo_first_not_the_list_of_three_nor_tangshan(china_engine):
    """中日韩 is 'China, Japan and Korea' (China a third of it) and 唐山 is Tangshan, China only
    in some overseas Chinese's usage: `china` finds 中国's paragraph first and not 唐山's."""
    result = china_engine.search("china")
    leaf = result.interpretation["leaves"][0]
    assert leaf["words"][0] == "中国" and "唐山" not in leaf["words"]
    assert "中国坚定维护" in texts(result)[0]
    assert not any("唐山港" in t for t in texts(result))


def test_a_slur_is_never_offered_as_a_reading_of_what_was_typed(china_engine):
    """支那 is CC-CEDICT's 'generally considered discriminatory': `china` (one letter from zhi na)
    never offers it; typed as pinyin on purpose it is still searched (the corpus's 印度支那)."""
    said = json.dumps(china_engine.search("china").interpretation, ensure_ascii=False)
    assert "支那" not in said
    assert any("印度支那" in t for t in texts(china_engine.search("zhina")))


def test_the_dictionary_s_slurs_are_told_apart_from_words_merely_used_critically():
    from termsearch.english.cedict import is_offensive, load_cedict

    cedict = load_cedict()
    assert is_offensive("支那", cedict) and is_offensive("女流", cedict)
    assert not any(is_offensive(w, cedict) for w in ("中国", "歌功颂德", "印度支那", "唐山"))


def test_one_english_word_does_not_find_a_term_by_its_researcher_s_note(engine):
    """双万's note says Dongguan is 'the 15th city in China' with both milestones: `china` is not
    its English, so its card does not come first (or at all)."""
    assert "双万" not in headwords(engine.search("china"))


def test_the_hong_kong_reading_is_one_short_sentence(tmp_path_factory):
    engine = engine_of_report(tmp_path_factory, "hong-kong-said", "某市政府工作报告\n\n一、工作回顾\n\n"
                              "深化与香港的合作，港口建设加快。\n\n航空物流加快发展，红红火火，公空两用。\n")
    said = engine.search("hong kong").interpretation["description"]
    assert said.startswith("English hong kong → 香港") and "ordinary word too" not in said
    assert said.count("pinyin") <= 1 and len(said) < 70, said


# A report with 四好农村路, whose published English (Four-Guarantee Rural Roads) is not what a
# user renders word by word, and other paragraphs with its words apart. (Its parts are composed
# from the index's own English map: 好 and 路 must be words of the collection somewhere, as in
# any real one.)
RURAL_ROADS_REPORT = """某县政府工作报告

一、工作回顾

（四）农村道路新改建一百公里，乡镇道路质量良好，经济形势好，走好每一步路。

全域推进“四好农村路”建设，新改建农村公路100公里。

乡村道路养护良好，四条公路完成提升。
"""


@pytest.fixture(scope="module")
def rural_roads_engine(tmp_path_factory):
    from conftest import engine_of_report
    return engine_of_report(tmp_path_factory, "rural-roads", RURAL_ROADS_REPORT)


@pytest.mark.parametrize("typed", ["Four Good Rural Roads", "four good rural roads"])
def test_a_shorthand_rendered_word_by_word_finds_the_shorthand_first(rural_roads_engine, typed):
    """No source publishes `Four Good Rural Roads`, but its words' Chinese in a row make a
    shorthand the termbase holds: the paragraph with 四好农村路 comes first, said as such; the
    paragraphs with its words apart follow."""
    result = rural_roads_engine.search(typed)
    assert "四好农村路" in result.hits[0].text
    assert result.total == 3
    assert f"{typed} → 四好农村路 (its words' Chinese in a row)" in result.interpretation["description"]


def test_words_whose_chinese_make_no_shorthand_are_searched_as_before(rural_roads_engine):
    result = rural_roads_engine.search("good rural roads")
    assert "in a row)" not in result.interpretation["description"] and result.total == 3


def test_composed_words_follow_only_leading_parts_and_prefer_the_longest():
    from termsearch.english.query_words import composed_words, prefix_table
    table = prefix_table(["四好农村路", "农村", "双碳"])
    groups = [["四", "四方"], ["良好", "好"], ["乡村", "农村"], ["道路", "路"], ["双", "二元"], ["碳"]]
    assert composed_words(groups, table) == [(0, 4, "四好农村路"), (4, 6, "双碳")]
    # One part alone is never a shorthand made of parts (农村 is the word rural already finds).
    assert composed_words([["乡村", "农村"]], table) == []
    assert composed_words([["好"], ["农村"], ["路"]], table) == []      # 好农村路 leads no word


def test_a_rendering_without_its_generic_head_word_still_names_two_words_or_more():
    """`Talent Strategy` without `strategy` would be `talent`, which names too much."""
    from termsearch.english.term_match import TermbaseByEnglish
    from termsearch.model import Rendering
    termbase = TermbaseByEnglish({"人才强国": [Rendering("Talent Strategy", "official", "Xinhua")],
                                  "雪亮工程": [Rendering("Sharp Eyes project", "official", "Xinhua")]})
    assert [key for key, _ in termbase.whole("talent strategy")] == ["人才强国"]
    assert termbase.whole("talent") == []
    assert [key for key, _ in termbase.whole("sharp eyes")] == ["雪亮工程"]
    assert termbase.whole("sharp") == []


@pytest.mark.parametrize("typed, words", [("R&D", 1), ("rural & urban", 1)])
def test_a_lone_ampersand_joins_words_and_r_and_d_keeps_its_own(phrase_engine, typed, words):
    result = phrase_engine.search(typed)
    assert len([leaf for leaf in result.interpretation["leaves"] if leaf["kind"] == "english"]) == words


def test_an_ampersand_alone_is_nothing_to_search_for(phrase_engine):
    from termsearch.model import QueryError

    with pytest.raises(QueryError, match="nothing to search for in '&'"):
        phrase_engine.search("&")


INITIALISM_REPORT = """2024年某市政府工作报告

加大研发投入，企业研发费用加计扣除比例提高到百分之百。

鼓励企业兼并重组，规范并购行为。

城市道路新改建一百公里，研究队伍持续壮大。
"""


@pytest.fixture(scope="module")
def initialism_engine(tmp_path_factory):
    return engine_of_report(tmp_path_factory, "initialism-english", INITIALISM_REPORT)


@pytest.mark.parametrize("typed, expansion, word", [
    ("R&D", "research and development", "研发"),
    ("r&d", "research and development", "研发"),
    ("M&A", "mergers and acquisitions", "并购"),
])
def test_an_ampersand_initialism_is_read_as_what_it_stands_for_and_says_so(initialism_engine, typed, expansion,
                                                                             word):
    """R&D is one English word, not the letters r and d: its paragraphs are those with 研发, and
    the interpretation says how it was read."""
    result = initialism_engine.search(typed)
    assert result.total > 0 and all(word in hit.text for hit in result.hits)
    assert f"{typed} = {expansion}" in result.interpretation["description"]


def test_an_initialism_beside_english_words_is_read_with_them(initialism_engine):
    result = initialism_engine.search("R&D expenses")
    assert "研发费用" in result.hits[0].text
    assert result.interpretation["leaves"][0]["typed"] == "R&D expenses"


def test_an_initialism_no_source_spells_out_finds_nothing_rather_than_its_letters(initialism_engine):
    result = initialism_engine.search("Q&Z")
    assert result.total == 0 and "=" not in result.interpretation["description"]


@pytest.mark.parametrize("typed", ["poiuy", "bcdfg", "trewq", "Q&Z"])
def test_letters_of_no_language_that_find_nothing_are_said_to_be_unknown(engine, typed):
    """Keyboard runs are neither English nor pinyin: not labelled English, nor initials of nothing."""
    result = engine.search(typed)
    assert result.total == 0
    assert [leaf["kind"] for leaf in result.interpretation["leaves"]] == ["unknown"]
    assert "neither English nor pinyin" in result.interpretation["description"]


def test_an_english_word_the_index_has_no_chinese_for_stays_english(engine):
    result = engine.search("xylophone")
    assert [leaf["kind"] for leaf in result.interpretation["leaves"]] == ["english"]


MIXED_SHORTHAND_REPORT = """2024年某市政府工作报告

扩大房地产融资白名单范围，完善协调机制。

墙面是白的，完善人员名单管理机制。
"""


@pytest.fixture(scope="module")
def mixed_shorthand_engine(tmp_path_factory):
    return engine_of_report(tmp_path_factory, "mixed-shorthand", MIXED_SHORTHAND_REPORT)


@pytest.mark.parametrize("typed", ["white 名单 mechanism", "white mingdan mechanism"])
def test_english_beside_characters_or_pinyin_that_renders_a_shorthand_finds_it_first(mixed_shorthand_engine, typed):
    """`white 名单`: 白 and 名单 in a row make 白名单, whose paragraph comes first, said; the paragraph
    with 名单 and 白 apart comes after. (The termbase's '"white list" mechanism' with list typed as
    名单 says so before the words' Chinese in a row are tried: either way 白名单 is said.)"""
    result = mixed_shorthand_engine.search(typed)
    assert "白名单" in result.hits[0].text
    assert "→ 白名单 (" in result.interpretation["description"]
