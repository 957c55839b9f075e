"""The search core on the seed: one box for characters, variants, pinyin and initials."""
import html
import re

import opencc
import pytest
from pypinyin import Style, lazy_pinyin

from termsearch.model import QueryError

# The seed's 19 glossary headwords as printed (Traditional), with the aliases a reader types.
SEED_TERMS = {
    "“雙萬”": ["雙萬"],
    "專精特新“小巨人”企業": ["小巨人", "專精特新小巨人企業"],
    "瞪羚企業": [],
    "“百舸計劃”": ["百舸計劃"],
    "“三區三線”": ["三區三線"],
    "“無廢城市”": ["無廢城市"],
    "“雙百工程”": ["雙百工程"],
    "“五外聯動”": ["五外聯動"],
    "“2+2”政策": ["2+2政策"],
    "“百縣千鎮萬村高質量發展工程”": ["百縣千鎮萬村高質量發展工程"],
    "IP": [],
    "學前教育“5080”": ["5080", "學前教育5080"],
    "義務教育“9585”目標": ["9585"],
    "“三名工程”": ["三名工程"],
    "民生大莞家": [],
    "“雪亮工程”": ["雪亮工程"],
    "巡防管控“四個一”體系": ["四個一"],
    "行政執法“三項制度”": ["三項制度"],
    "“四個最嚴”": ["四個最嚴"],
}

t2s = opencc.OpenCC("t2s")


def plain(headword: str) -> str:
    return re.sub(r"[“”]", "", headword)


def typed_forms(headword: str) -> list[str]:
    """What a user may type for a headword, computed with pypinyin directly (not our code)."""
    text = t2s.convert(plain(headword))
    forms = [plain(headword), text]
    if not re.search(r"[\u4e00-\u9fff]", text):
        return forms
    syllables = lazy_pinyin(text, style=Style.NORMAL)
    if all(s.isalpha() for s in syllables):
        forms += [
            "".join(syllables),
            " ".join(syllables),
            " ".join(lazy_pinyin(text, style=Style.TONE)),
            "".join(lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True)),
        ]
        if len(text) >= 3:
            forms.append("".join(s[0] for s in syllables))
    return forms


CASES = [(head, form) for head, aliases in SEED_TERMS.items() for form in typed_forms(head) + aliases]


@pytest.mark.parametrize("headword, typed", CASES)
def test_every_form_of_every_seed_term_finds_it_first(engine, headword, typed):
    result = engine.search(typed)
    assert result.terms, f"{typed!r} found no term"
    assert result.terms[0]["term"] == headword


def test_the_seed_has_all_nineteen_terms(engine):
    assert sorted(t.term for t in engine.reader().terms) == sorted(SEED_TERMS)


@pytest.mark.parametrize("typed", ["雙萬", "双万", "shuangwan", "shuang wan", "shuāng wàn", "shuang1wan4",
                                   "Shuang Wan", "双wan", "shuangwn"])
def test_full_text_finds_every_paragraph_with_shuangwan_and_marks_it(engine, typed):
    result = engine.search(typed, limit=50)
    texts = [h.text for h in result.hits]
    expected = [p for p in all_paragraphs(engine) if "雙萬" in p]
    assert sorted(texts) == sorted(expected)
    for hit in result.hits:
        assert "<mark>雙萬</mark>" in hit.snippet


def all_paragraphs(engine):
    return [p.text for d in engine.reader().documents for p in engine.reader().document(d["id"]).paragraphs]


def test_a_word_inside_a_longer_word_is_found(engine):
    # The seed writes 國際汽車城; a reader looking for 汽車城 must find it.
    with_word = [p for p in all_paragraphs(engine) if "汽車城" in p]
    assert with_word
    result = engine.search("汽車城", limit=50)
    assert sorted(h.text for h in result.hits) == sorted(with_word)
    assert all("<mark>汽車城</mark>" in h.snippet for h in result.hits)


@pytest.mark.parametrize("typed", ["三區三線", "三区三线", "三區三綫", "sanqusanxian", "san qu san xian", "sqsx"])
def test_variants_and_pinyin_meet_on_the_same_paragraphs(engine, typed):
    expected = sorted(p for p in all_paragraphs(engine) if "三區三線" in p)
    result = engine.search(typed, limit=50)
    assert sorted(h.text for h in result.hits) == expected


def test_the_interpretation_says_how_the_query_was_read(engine):
    assert engine.search("shuang1wan4").interpretation["kind"] == "pinyin"
    assert "双万" in engine.search("shuangwan").interpretation["description"]
    assert engine.search("sqsx").interpretation["kind"] == "initials"
    assert engine.search("雙萬").interpretation["kind"] == "characters"
    assert engine.search("双wan").interpretation["kind"] == "mixed"
    assert engine.search("5080").interpretation["kind"] == "number"
    assert engine.search("雙萬 OR 5080").interpretation["kind"] == "boolean"


def test_boolean_operators_and_phrases(engine):
    both = engine.search("雙萬 AND 高質量", limit=100)
    only = engine.search("雙萬 NOT 高質量", limit=100)
    either = engine.search("雙萬 OR 5080", limit=100)
    assert all("雙萬" in h.text and "高質量" in h.text for h in both.hits)
    assert all("雙萬" in h.text and "高質量" not in h.text for h in only.hits)
    assert either.total >= both.total + only.total
    phrase = engine.search('"雙萬新起點"', limit=100)
    assert phrase.total >= 1 and all("雙萬”新起點" in h.text or "雙萬新起點" in h.text for h in phrase.hits)


def test_a_terms_own_definition_ranks_high(engine):
    result = engine.search("瞪羚企業", limit=3)
    assert any(h.text.startswith("瞪羚企業:") for h in result.hits)


def test_highlights_land_on_the_characters_as_written(engine):
    # Simplified query, Traditional text: the mark must wrap the Traditional characters.
    hit = engine.search("专精特新", limit=1).hits[0]
    assert "<mark>專精特新</mark>" in hit.snippet
    assert html.unescape(re.sub("</?mark>", "", hit.snippet)).strip("…") in hit.text


def test_homophones_that_do_not_occur_are_not_searched(engine):
    # 景点 and 经典 read jingdian; only words of the corpus are searched, most frequent first.
    result = engine.search("jingdian")
    words = result.interpretation["leaves"][0]["words"] if result.interpretation["leaves"] else []
    vocab = engine.vocabulary()
    assert all(vocab.count(w) > 0 for w in words)


@pytest.mark.parametrize("hostile", ["(((", ")))", '"unbalanced', "\x00\x00", "\ud800abc", "NOT", "AND OR",
                                     "*", "text:雙萬", "雙萬^", "?", "a" * 250, "((((((((((雙萬))))))))))"])
def test_hostile_queries_give_a_result_or_a_clear_error(engine, hostile):
    try:
        result = engine.search(hostile)
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert result.total >= 0


def test_a_very_long_query_is_refused_with_a_message(engine):
    with pytest.raises(QueryError, match="limit"):
        engine.search("雙萬" * 2500)


def test_pagination_gives_disjoint_pages(engine):
    first = engine.search("發展", limit=5)
    second = engine.search("發展", limit=5, offset=5)
    assert first.total == second.total > 10
    assert not {h.paragraph for h in first.hits} & {h.paragraph for h in second.hits}


def test_mixed_characters_and_pinyin_find_the_term(engine):
    assert engine.search("双wan").terms[0]["term"] == "“雙萬”"


def test_filters_and_facets_count_every_hit(engine):
    everything = engine.search("發展", limit=0, facets=True)
    sections = everything.facets["section"]
    assert sum(everything.facets["document"].values()) == everything.total
    section, count = next(iter(sections.items()))
    only = engine.search("發展", limit=100, section=section)
    assert only.total == count
    assert {h.section for h in only.hits} == {section}
    from termsearch.errors import NotFound

    with pytest.raises(NotFound, match="no document 'no-such-document'"):     # not 0 hits, as if searched
        engine.search("發展", document="no-such-document")


def test_a_latin_term_is_not_found_inside_a_longer_word(tmp_path):
    from termsearch.index_build import build
    from termsearch.search import Engine

    report = tmp_path / "r.txt"
    report.write_text("报告\n打造莞香IP品牌。\n页面使用javascript脚本和ZIP文件。\n名词解释：\nIP：知识产权。\n", encoding="utf-8")
    build([report], tmp_path / "ix")
    engine = Engine(tmp_path / "ix")
    tagged = {h.text for h in engine.search("IP", limit=10).hits if h.terms}
    assert "打造莞香IP品牌。" in tagged
    assert "页面使用javascript脚本和ZIP文件。" not in tagged


def test_damaged_text_never_becomes_a_word_of_the_index(engine):
    # 椕苤我咔榉揽貓 and 懊褶 are garbage from a bad encoding round trip in the seed (line 12).
    words = engine.vocabulary().words
    assert not [w for w in words if any(ch in w for ch in "椕苤咔榉懊褶摿嘤齼")]
    assert engine.search("椕苤").total == 0
    # The paragraph is still found by its real words and shown as written, damage included.
    assert any("椕苤" in h.text for h in engine.search("疫情", limit=100).hits)
