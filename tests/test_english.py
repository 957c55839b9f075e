"""English renderings of terms, English → Chinese through CC-CEDICT, and terms found by English."""
import csv
import json
from importlib import resources

import pytest

from termsearch.english import cedict, disk_cache, language, query_words, reader_glosses, renderings, term_match, word_map
from termsearch.english import words as english_words
from termsearch.analysis import termforms, variants
from termsearch.model import IngestError, Rendering, SourceRef, Term

from conftest import SEED


@pytest.fixture(scope="module")
def seed_terms():
    """The seed's 19 glossary terms, completed, with the packaged renderings attached."""
    from termsearch.ingest.pipeline import ingest_file

    document = ingest_file(SEED, "seed")
    terms = [termforms.complete_term(t) for t in document.glossary]
    return renderings.attach_renderings(terms, renderings.load_renderings(), {document.id: document.region})


@pytest.fixture(scope="module")
def seed_english_index(seed_index, seed_terms):
    from termsearch.index_read import open_index

    vocab = open_index(seed_index).vocab["words"]
    return word_map.build_english_index(vocab, seed_terms)


def term(headword: str, aliases=(), renderings=()) -> Term:
    t = Term(id=f"doc:{headword}", term=headword, traditional="", simplified="", aliases=list(aliases),
             definition="", source=SourceRef("doc", 1), english=list(renderings))
    return termforms.complete_term(t)


def plain(t: Term) -> str:
    return termforms.unquoted(t.simplified)


# ----------------------------------------------------------------------------- the data file

def packaged_rows() -> list[dict]:
    text = resources.files("termsearch.data").joinpath("renderings.csv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_every_seed_term_has_an_english_rendering_with_source_and_confidence(seed_terms):
    assert len(seed_terms) == 19
    for t in seed_terms:
        assert t.english, f"{t.term} has no English rendering"
        for r in t.english:
            assert r.text and r.source
            assert r.confidence in renderings.CONFIDENCE_LEVELS


def test_every_row_of_the_data_file_joins_a_seed_term(seed_terms):
    assert renderings.unmatched_renderings(seed_terms, renderings.packaged_renderings("renderings.csv")) == []


def test_official_rows_cite_a_page_and_descriptive_rows_say_they_are_ours():
    rows = packaged_rows()
    assert rows
    for row in rows:
        if row["confidence"] == "official":
            assert row["url"].startswith(("http://", "https://")), row
        if row["confidence"] == "descriptive":
            assert row["url"] == "", row
            assert row["source"] == "termsearch (descriptive)", row
            assert "our" in row["note"].lower(), row
        if row["source"] == "termsearch (descriptive)" or "our rendering" in row["note"].lower():
            assert row["confidence"] == "descriptive", f"a rendering of ours is labelled {row['confidence']}: {row}"


def test_rendering_keys_are_the_unquoted_simplified_headwords(seed_terms):
    for t in seed_terms:
        assert renderings.rendering_key(t.term) == termforms.unquoted(variants.to_simplified(t.term))
    assert renderings.rendering_key("專精特新“小巨人”企業") == "专精特新小巨人企业"
    assert renderings.rendering_key("“2+2”政策") == "2+2政策"


def test_preferred_rendering_comes_first(seed_terms):
    by_key = {plain(t): t for t in seed_terms}
    assert by_key["雪亮工程"].english[0].text == "Sharp Eyes project"
    assert by_key["无废城市"].english[0].confidence == "official"


# ----------------------------------------------------------------------------- loading a renderings file

HEADER = "term,english,confidence,source,url,note\n"


def write(tmp_path, text: str, name: str = "mine.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_user_file_is_loaded_and_keyed_like_the_glossary(tmp_path):
    path = write(tmp_path, HEADER + "“雙萬”,Double Ten-Thousand,descriptive,termsearch (descriptive),,ours\n"
                              "瞪羚企業,gazelle firms,attested,SCMP,https://www.scmp.com/x,\n")
    loaded = renderings.load_renderings(path)
    assert set(loaded) == {"双万", "瞪羚企业"}
    assert loaded["双万"] == [Rendering("Double Ten-Thousand", "descriptive", "termsearch (descriptive)", "", "ours")]


@pytest.mark.parametrize("row, message", [
    ("双万,Double Ten-Thousand,Official,Xinhua,,", "marked official but has no url"),
    ("双万,Double Ten-Thousand,guessed,termsearch,,", "must be one of official, attested, descriptive"),
    ("双万,,attested,SCMP,https://x.org/a,", "no English rendering"),
    (",Double Ten-Thousand,attested,SCMP,https://x.org/a,", "term column is empty"),
    ("双万,Double Ten-Thousand,attested,,https://x.org/a,", "no source"),
    ("双万,Double Ten-Thousand,attested,SCMP,www.scmp.com,", "is not an http(s) address"),
    ("双万,Double, Ten-Thousand,attested,SCMP,https://x.org/a,", "7 fields where the header has 6"),
])
def test_a_bad_row_names_the_file_and_its_line(tmp_path, row, message):
    good = "瞪羚企業,gazelle firms,attested,SCMP,https://www.scmp.com/x,\n"
    path = write(tmp_path, HEADER + good + '雪亮工程,Sharp Eyes,attested,CDT,https://cdt.net/a,"a note\nover two lines"\n' + row + "\n")
    with pytest.raises(IngestError) as error:
        renderings.load_renderings(path)
    assert str(path) in str(error.value)
    assert "line 5" in str(error.value)       # the header, one row, a two-line row, then this one
    assert message in str(error.value)


def test_a_file_without_the_needed_columns_is_refused(tmp_path):
    path = write(tmp_path, "term,english,confidense,source\n双万,x,attested,y\n")
    with pytest.raises(IngestError, match=r"line 1: missing column\(s\) confidence"):
        renderings.load_renderings(path)


def test_unreadable_and_non_utf8_files_are_clear_errors(tmp_path):
    with pytest.raises(IngestError, match="cannot read"):
        renderings.load_renderings(tmp_path / "missing.csv")
    path = tmp_path / "gbk.csv"
    path.write_bytes((HEADER + "双万,x,attested,y,,\n").encode("gbk"))
    with pytest.raises(IngestError, match="not UTF-8"):
        renderings.load_renderings(path)


def test_attach_keeps_terms_without_rows_empty_and_does_not_repeat_rows():
    rows = {"瞪羚企业": [Rendering("gazelle enterprises", "official", "CSSN", "https://a.cn/x")],
            "小巨人": [Rendering("little giant", "attested", "MERICS", "https://b.org/y")]}
    gazelle, giant, other = term("瞪羚企業"), term("專精特新“小巨人”企業", aliases=["小巨人"]), term("民生大莞家")
    renderings.attach_renderings([gazelle, giant, other], rows)
    renderings.attach_renderings([gazelle, giant, other], rows)
    assert [r.text for r in gazelle.english] == ["gazelle enterprises"]
    assert [r.text for r in giant.english] == ["little giant"]      # joined by its alias
    assert other.english == []
    gazelle.english[0].note = "changed"
    assert rows["瞪羚企业"][0].note == ""                              # copies, not shared rows


# ----------------------------------------------------------------------------- English words

@pytest.mark.parametrize("word, base", [
    ("kindergartens", "kindergarten"), ("policies", "policy"), ("developing", "develop"),
    ("developed", "develop"), ("taxes", "tax"), ("planned", "plan"), ("rated", "rate"),
    ("applied", "apply"), ("children", "child"),
])
def test_inflected_words_fold_to_their_base(word, base):
    assert base in english_words.word_forms(word)


@pytest.mark.parametrize("word", ["news", "goods", "customs", "glass", "bus", "analysis", "city", "spring"])
def test_words_that_only_look_inflected_are_left_alone(word):
    assert english_words.word_forms(word) == [word]


def test_english_words_fold_case_punctuation_and_stop_words():
    assert english_words.english_words("The Zero-Waste City's plan (ZWC)") == ["zero", "waste", "city", "plan", "zwc"]
    assert english_words.english_words("Café") == ["cafe"]


# ----------------------------------------------------------------------------- CC-CEDICT

@pytest.fixture(scope="module")
def small_index():
    words = ["幼儿园", "污水", "自由贸易区", "自贸区", "发展中国家", "发展", "国内生产总值", "李", "了", "政策",
             "城市", "市", "培训", "火车"]
    return word_map.build_english_index(words)


def test_cedict_keeps_every_reading_of_a_headword():
    readings = {e.pinyin for e in cedict.load_cedict()["长"]}
    assert {"chang2", "zhang3"} <= readings


def test_english_words_map_to_the_vocabulary_words(small_index):
    assert query_words.english_to_chinese("kindergarten", small_index)[0][0] == "幼儿园"
    assert query_words.english_to_chinese("Kindergartens", small_index)[0][0] == "幼儿园"
    assert query_words.english_to_chinese("sewage", small_index)[0][0] == "污水"
    assert query_words.english_to_chinese("policies", small_index)[0][0] == "政策"


def test_phrases_and_abbreviations(small_index):
    found = dict(query_words.english_to_chinese("free trade zone", small_index))
    assert list(found)[0] == "自由贸易区"
    assert "自贸区" in found                     # "abbr. for 自由贸易区" takes its senses
    assert query_words.english_to_chinese("free-trade zones", small_index)[0][0] == "自由贸易区"
    assert query_words.english_to_chinese("developing countries", small_index)[0][0] == "发展中国家"
    assert query_words.english_to_chinese("GDP", small_index)[0][0] == "国内生产总值"   # "(GDP)" in the gloss


def test_cross_references_classifiers_and_surnames_are_not_senses(small_index):
    keys = small_index["words"]
    assert "variant" not in keys and "surname" not in keys and "li" not in keys
    assert "ge" not in keys and "cl" not in keys
    # 李 is "surname Li/plum": with the surname left out, plum is its first sense
    assert keys["plum"] == [["李", pytest.approx(word_map.SINGLE_CHARACTER_FACTOR)]]


def test_first_senses_weigh_more(small_index):
    weight = {key: dict(small_index["words"][key]).get("发展") for key in ("development", "expand")}
    assert weight["development"] > weight["expand"]
    city = dict(small_index["words"]["city"])
    assert city["城市"] > city["市"]             # one character has many meanings


def test_place_names_and_frequency_decide_between_equals():
    vocab = {"上海": [120, "shàng hǎi"], "上海大学": [3, ""], "沪剧": [2, ""], "北京话": [1, ""],
             "城市": [50, ""], "都市": [2, ""]}
    index = word_map.build_english_index(vocab)
    assert query_words.english_to_chinese("Shanghai", index)[0][0] == "上海"     # "Shanghai municipality, ..."
    assert query_words.english_to_chinese("city", index)[:2] == [("城市", 1.0), ("都市", 1.0)]
    assert word_map.build_english_index({"城市": 1, "都市": 9})["words"]["city"][0][0] == "都市"


def test_a_word_glossed_on_its_own_is_not_merged_with_its_base(small_index):
    found = [w for w, _ in query_words.english_to_chinese("training", small_index)]
    assert found[0] == "培训"
    assert "火车" not in found[:1]


def test_the_index_is_json_and_holds_only_vocabulary_words(small_index):
    assert json.loads(json.dumps(small_index, ensure_ascii=False)) == small_index
    vocabulary = {"幼儿园", "污水", "自由贸易区", "自贸区", "发展中国家", "发展", "国内生产总值", "李", "了", "政策",
                  "城市", "市", "培训", "火车"}
    for table in ("words", "phrases"):
        for pairs in small_index[table].values():
            assert {w for w, _ in pairs} <= vocabulary


@pytest.mark.parametrize("query", ["xyzzy", "", "   ", "the of and", "!!!", "42", "长" * 300, "a" * 500])
def test_queries_with_no_english_match_give_nothing(small_index, query):
    assert query_words.english_to_chinese(query, small_index) == []


def test_groups_show_what_each_part_became(small_index):
    groups = query_words.english_groups("sewage kindergarten xyzzy", small_index)
    assert [(g.english, g.words[0][0] if g.words else None) for g in groups] == [
        ("sewage", "污水"), ("kindergarten", "幼儿园"), ("xyzzy", None)]
    phrase = query_words.english_groups("free trade zone", small_index)
    assert len(phrase) == 1 and phrase[0].phrase


def test_an_empty_index_is_harmless():
    assert query_words.english_to_chinese("kindergarten", {}) == []
    assert word_map.build_english_index([])["words"] == {}


def test_glosses_for_the_reader():
    found = reader_glosses.glosses(["幼儿园", "长", "不存在的词", "ip"])
    assert found["幼儿园"] == {"pinyin": "yòu ér yuán", "english": ["kindergarten", "nursery school"]}
    assert set(found) == {"幼儿园", "长"}
    assert found["长"]["more"]                             # cháng and zhǎng both shown
    chang = reader_glosses.glosses({"长": "cháng"})["长"]
    assert chang["pinyin"] == "cháng" and "long" in chang["english"]
    assert reader_glosses.glosses({"长": [3, "zhǎng"]})["长"]["pinyin"] == "zhǎng"   # vocab.json entries work too
    assert not any(s.startswith("CL:") for s in reader_glosses.glosses(["政策"])["政策"]["english"])
    assert "自由贸易区 (zì yóu mào yì qū)" in reader_glosses.glosses(["自贸区"])["自贸区"]["english"][0]


# ----------------------------------------------------------------------------- the seed, end to end

@pytest.mark.parametrize("query, expected", [
    ("kindergarten", "幼儿园"),
    ("sewage", "污水"),
    ("zero-waste city", "无废城市"),
    ("Zero waste cities", "无废城市"),
    ("Sharp Eyes", "雪亮工程"),
    ("little giant", "小巨人"),
    ("gazelle enterprises", "瞪羚企业"),
    ("three zones and three lines", "三区三线"),
])
def test_english_queries_become_the_seeds_chinese_words(seed_english_index, query, expected):
    found = [w for w, _ in query_words.english_to_chinese(query, seed_english_index)]
    assert found and found[0] == expected, found


@pytest.mark.parametrize("query, expected", [
    ("little giant", "专精特新小巨人企业"),
    ("Little Giants", "专精特新小巨人企业"),
    ("zero waste city", "无废城市"),
    ("ZERO-WASTE CITY (ZWC)", "无废城市"),
    ("Sharp Eyes", "雪亮工程"),
    ("sharp eye", "雪亮工程"),
    ("gazelle", "瞪羚企业"),
    ("three zones and three lines", "三区三线"),
    ("Hundred-Thousand-Ten Thousand Project", "百县千镇万村高质量发展工程"),
    ("franchise", "IP"),
    ("IP", "IP"),
    ("Livelihood of Dongguan", "民生大莞家"),
    ("four strictest", "四个最严"),
])
def test_english_queries_find_glossary_terms(seed_terms, query, expected):
    found = term_match.match_terms_in_english(query, seed_terms)
    assert found, query
    assert plain(found[0][0]) == expected, [(plain(t), s) for t, s in found]
    assert 0 < found[0][1] <= 1


def test_an_exact_rendering_outranks_a_partial_one(seed_terms):
    matcher = term_match.EnglishTermMatcher(seed_terms)
    [(top, score)] = matcher.match("Sharp Eyes project")[:1]
    assert plain(top) == "雪亮工程" and score == pytest.approx(1.0)
    assert matcher.match("zero waste")[0][1] < matcher.match("zero waste city")[0][1]


@pytest.mark.parametrize("query", ["photosynthesis", "", "the", "!!!", "双万", "x" * 300])
def test_english_queries_with_no_term_give_an_empty_list(seed_terms, query):
    assert term_match.match_terms_in_english(query, seed_terms) == []


@pytest.mark.parametrize("text, reading", [
    ("change", "both"), ("sewage", "both"), ("long", "both"), ("GDP", "both"),
    ("kindergarten", "english"), ("zero waste city", "english"), ("Sharp Eyes", "english"),
    ("shuangwan", "pinyin"), ("shuāng wàn", "pinyin"), ("xi'an", "pinyin"),
    ("双万", "chinese"), ("2023", "other"), ("", "other"),
])
def test_query_language(text, reading):
    assert language.query_language(text) == reading
    assert language.is_probably_english(text) == (reading in ("english", "both"))


def test_a_cache_naming_classes_that_no_longer_exist_is_made_again(tmp_path, monkeypatch):
    # Another termsearch version's pickle (its classes in a module this one lacks) must not crash
    # the dictionary's loading: it is parsed again and the cache rewritten.
    import pickle
    import sys
    import types

    monkeypatch.setenv("TERMSEARCH_CACHE", str(tmp_path / "cache"))
    source = tmp_path / "cedict.txt"
    source.write_text("v1", encoding="utf-8")
    gone = types.ModuleType("termsearch_gone_module")

    class Entry:
        pass

    Entry.__module__, Entry.__qualname__ = gone.__name__, "Entry"
    gone.Entry = Entry
    monkeypatch.setitem(sys.modules, gone.__name__, gone)
    assert disk_cache.disk_cached("cedict", str(source), lambda: Entry()).__class__ is Entry
    monkeypatch.delitem(sys.modules, gone.__name__)
    assert disk_cache.disk_cached("cedict", str(source), lambda: {"parsed": "again"}) == {"parsed": "again"}
    [written] = (tmp_path / "cache").glob("cedict-*.pickle")
    assert pickle.loads(written.read_bytes()) == {"parsed": "again"}


def test_the_dictionary_cache_is_reused_and_old_copies_are_cleared(tmp_path, monkeypatch):
    import os
    import time

    monkeypatch.setenv("TERMSEARCH_CACHE", str(tmp_path / "cache"))
    source = tmp_path / "cedict.txt"
    source.write_text("v1", encoding="utf-8")
    made = []

    def make():
        made.append(1)
        return {"n": len(made)}

    assert disk_cache.disk_cached("cedict", str(source), make) == {"n": 1}
    assert disk_cache.disk_cached("cedict", str(source), make) == {"n": 1}      # read back, not made again
    cache = tmp_path / "cache"
    [first] = cache.glob("cedict-*.pickle")
    month_ago = time.time() - (disk_cache.STALE_CACHE_DAYS + 1) * 86400
    os.utime(first, (month_ago, month_ago))
    (cache / "cedict-recent.pickle").write_bytes(b"another copy, still in use")
    (cache / "lexicon-old.pickle").write_bytes(b"another kind")
    os.utime(cache / "lexicon-old.pickle", (month_ago, month_ago))
    (cache / "jieba.cache").write_bytes(b"not ours")

    source.write_text("v2, a reinstalled dictionary", encoding="utf-8")
    assert disk_cache.disk_cached("cedict", str(source), make) == {"n": 2}
    left = {f.name for f in cache.iterdir()}
    assert first.name not in left                          # unread for a month: gone
    assert {"cedict-recent.pickle", "lexicon-old.pickle", "jieba.cache"} <= left
    assert len([n for n in left if n.startswith("cedict-")]) == 2


def test_a_dictionary_copy_pickled_by_other_code_is_made_again(tmp_path, monkeypatch):
    # A build read a lexicon pickled by older code (itching filed under itch) and its index
    # differed from a fresh machine's: the key holds the code that makes what is pickled.
    monkeypatch.setenv("TERMSEARCH_CACHE", str(tmp_path / "cache"))
    source = tmp_path / "cedict.txt"
    source.write_text("v1", encoding="utf-8")
    assert disk_cache.disk_cached("english-lexicon", str(source), lambda: "old code's words") == "old code's words"
    monkeypatch.setattr(disk_cache, "code_fingerprint", lambda: "edited since")
    assert disk_cache.disk_cached("english-lexicon", str(source), lambda: "new code's words") == "new code's words"


def test_the_dictionary_cache_keeps_only_the_copies_read_last(tmp_path, monkeypatch):
    # Each edit of the code keys a new 12 MB copy; within the month, a developer's cache folder
    # filled with one a version. Writing a new one leaves it and the two read most recently.
    import os
    import time

    monkeypatch.setenv("TERMSEARCH_CACHE", str(tmp_path / "cache"))
    cache = tmp_path / "cache"
    cache.mkdir()
    now = time.time()
    for age in range(1, 7):            # six older versions' copies, read 1 to 6 hours ago
        old = cache / f"cedict-version{age}.pickle"
        old.write_bytes(b"a copy pickled by other code")
        os.utime(old, (now - age * 3600, now - age * 3600))
    (cache / "english-lexicon-version1.pickle").write_bytes(b"another kind")
    source = tmp_path / "cedict.txt"
    source.write_text("v1", encoding="utf-8")
    assert disk_cache.disk_cached("cedict", str(source), lambda: {"n": 1}) == {"n": 1}
    left = sorted(f.name for f in cache.glob("cedict-*.pickle"))
    assert len(left) == 3 == disk_cache.KEPT_COPIES
    assert {"cedict-version1.pickle", "cedict-version2.pickle"} < set(left)
    assert (cache / "english-lexicon-version1.pickle").exists()
    assert disk_cache.disk_cached("cedict", str(source), lambda: {"n": 2}) == {"n": 1}    # the new one is read back
