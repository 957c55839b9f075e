"""Search-as-you-type suggestions: terms first (by characters, pinyin or initials typed so far),
then frequent corpus words; fast enough to run on every keystroke."""
from __future__ import annotations

import random

import pytest

from termsearch.analysis import termforms

from termsearch.suggest import SuggestIndex, letters_key, suggest


@pytest.mark.parametrize("typed, first, match", [
    ("雙", "雙萬", "characters"),           # the first character, Traditional
    ("双", "雙萬", "characters"),           # ... or Simplified
    ("三區", "三區三線", "characters"),
    ("shuang", "雙萬", "pinyin"),           # pinyin typed so far
    ("shuāng w", "雙萬", "pinyin"),         # with tone marks and a space
    ("shuang1wan4", "雙萬", "pinyin"),      # tone numbers
    ("sanqu", "三區三線", "pinyin"),
    ("sqsx", "三區三線", "initials"),       # initials
    ("sqs", "三區三線", "initials"),        # initials typed so far
    ("双wan", "雙萬", "pinyin"),            # characters then pinyin
    ("三区s", "三區三線", "pinyin"),
    ("50", "學前教育5080", "alias"),        # an alias in digits
    ("I", "IP", "alias"),
    ("xueqian", "學前教育5080", "pinyin"),
])
def test_terms_come_first_for_every_way_of_typing(engine, typed, first, match):
    found = suggest(engine, typed)
    assert found, typed
    assert found[0]["kind"] == "term" and found[0]["text"] == first and found[0]["match"] == match, found[0]


@pytest.mark.parametrize("typed, first, english", [
    ("zero waste", "“無廢城市”", "zero-waste city"),          # a rendering, hyphen or not
    ("Zero-Waste", "“無廢城市”", "zero-waste city"),
    ("sharp eye", "“雪亮工程”", "Sharp Eyes project"),
    ("gazelle", "瞪羚企業", "gazelle enterprises"),
    ("eyes", "“雪亮工程”", "Sharp Eyes project"),            # from the start of a word inside
])
def test_english_renderings_suggest_their_term(engine, typed, first, english):
    found = suggest(engine, typed)
    assert found and found[0]["kind"] == "term", found
    assert termforms.unquoted(first) == found[0]["text"] and found[0]["match"] == "english"
    assert found[0]["english"] == english


def test_english_needs_a_few_letters_and_never_beats_pinyin(engine):
    assert all(s["match"] != "english" for s in suggest(engine, "ze"))
    assert suggest(engine, "shuang")[0]["match"] == "pinyin"


def test_terms_then_frequent_words_never_the_other_way(engine):
    found = suggest(engine, "sq", limit=8)
    kinds = [s["kind"] for s in found]
    assert kinds[0] == "term" and "word" in kinds
    assert kinds == sorted(kinds, key=lambda k: k != "term")
    words = [s for s in found if s["kind"] == "word"]
    assert [w["count"] for w in words] == sorted((w["count"] for w in words), reverse=True)
    assert all(len(w["text"]) >= 2 for w in words)


def test_words_are_shown_in_the_corpus_script_or_the_one_asked_for(engine):
    assert suggest(engine, "fazhan")[0]["text"] == "發展"                 # the seed is Traditional
    assert suggest(engine, "fazhan", script="hans")[0]["text"] == "发展"
    terms = suggest(engine, "sqsx", script="hans")
    assert terms[0]["text"] == "三区三线" and "城镇空间" in terms[0]["definition"]
    assert terms[0]["query"] == "三區三線"                               # what to search: as written


def test_a_term_is_not_repeated_as_a_word(engine):
    found = suggest(engine, "雙萬")
    assert [s["text"] for s in found].count("雙萬") == 1


@pytest.mark.parametrize("typed", ["", "   ", "\x00\x01", "\ud800", "(((", "[a-z]*", "\\", "“”", "x" * 10_000,
                                   "<script>", "雙" * 500, "AND", "'"])
def test_odd_input_gives_a_list_never_an_error(engine, typed):
    assert isinstance(suggest(engine, typed), list)


def test_letters_key_reads_pinyin_as_typed():
    assert letters_key("Shuāng Wàn") == "shuangwan"
    assert letters_key("shuang1 wan4") == "shuangwan"
    assert letters_key("lǜ") == letters_key("lu:") == "lv"


def test_a_large_vocabulary_gives_the_most_used_words_with_the_prefix():
    # (How fast: bench/, not here.)
    rng = random.Random(7)
    han = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    syllables = ["zhong", "guo", "fa", "zhan", "jian", "she", "shuang", "wan", "san", "qu", "xian", "gong", "cheng"]
    words, readings = {}, {}
    while len(words) < 60_000:
        n = rng.choice((2, 2, 3, 4))
        word = "".join(rng.choice(han) for _ in range(n))
        words[word] = rng.randint(1, 500)
        readings[word] = " ".join(rng.choice(syllables) for _ in range(n))
    index = SuggestIndex([], words, readings)
    for q in ["z", "zh", "zhong", "zhongguo", "fazhan", "s", "sq", "sqx", "gc", "x"]:
        found = index.match_words(q, letters_key(q), "", "", 8)
        assert len(found) == 8, q

        def keys(word):
            read = readings[word].split()
            return "".join(read), "".join(s[0] for s in read)

        assert all(keys(w)[0].startswith(q) or (how == "initials" and keys(w)[1].startswith(q)) for w, how in found), q
        having = [w for w in words if keys(w)[0].startswith(q) or (len(q) >= 2 and not set(q) & set("aeiouv")
                                                                     and keys(w)[1].startswith(q))]
        assert sorted((words[w] for w, _ in found), reverse=True) == sorted((words[w] for w in having), reverse=True)[:8], q


def test_suggestions_follow_a_rebuild(tmp_path):
    from termsearch.index_build import build
    from termsearch.search import Engine

    report = tmp_path / "a.txt"
    report.write_text("示例報告\n一、工作\n推進“雙萬”建設。\n名詞注解：\n“雙萬”：指兩個一萬。\n", encoding="utf-8")
    build([report], tmp_path / "index")
    engine = Engine(tmp_path / "index")
    assert suggest(engine, "shuang")[0]["text"] == "雙萬"
    report.write_text("示例報告\n一、工作\n落實“三區三線”。\n名詞注解：\n“三區三線”：指三種空間。\n", encoding="utf-8")
    build([report], tmp_path / "index")
    assert suggest(engine, "sqsx")[0]["text"] == "三區三線"
    assert not [s for s in suggest(engine, "shuang") if s["kind"] == "term"]


def test_a_built_index_suggests_terms_without_pypinyin(engine, monkeypatch):
    """The build stores the terms' forms' readings: a server's suggestions read them instead of
    loading pypinyin's dictionaries (tens of MB); an older build without them reads the forms
    with pypinyin and suggests the same."""
    from termsearch.analysis import pinyin
    from termsearch.suggest import SuggestIndex

    live = engine.live()
    stored = live.reader.form_readings
    terms, words, readings = live.matcher.terms, live.vocabulary.words, live.vocabulary.readings
    assert stored and stored == termforms.form_readings(terms)
    older = SuggestIndex(terms, words, readings)

    def no_pypinyin(word):
        raise AssertionError(f"pypinyin asked for {word}")

    monkeypatch.setattr(pinyin, "reading", no_pypinyin)
    built = SuggestIndex(terms, words, readings, stored)
    assert [(f.han, f.pinyin, f.initials) for f in built.terms] == [(f.han, f.pinyin, f.initials) for f in older.terms]
    for typed in ("shuang", "sqsx", "双wan", "xueqian"):
        assert built.match_terms(typed, letters_key(typed), "", "")[:3] == older.match_terms(typed, letters_key(typed), "", "")[:3]
