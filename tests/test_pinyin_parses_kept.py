"""A query's letters are read as pinyin once a search, not once for each question asked of them
(issue 18.2: rural revitalization read its words as pinyin five times, a quarter of its parsing)."""
from __future__ import annotations

import copy
from collections import Counter

from termsearch.analysis import pinyin


def test_a_search_reads_each_text_as_pinyin_once(engine, monkeypatch):
    pinyin._parsed_pinyin.cache_clear()
    read = Counter()
    parse = pinyin._parse_pinyin

    def counted(text):
        read[text] += 1
        return parse(text)

    monkeypatch.setattr(pinyin, "_parse_pinyin", counted)
    for query in ("rural revitalization", "jing ji fa zhan", "shuang wan economic development"):
        engine.search(query)
    assert read, "the letters were read as pinyin"
    assert max(read.values()) == 1, [text for text, times in read.items() if times > 1]


def test_a_kept_reading_is_left_as_it_was_by_the_searches_that_share_it(engine):
    pinyin._parsed_pinyin.cache_clear()
    queries = ("jingji", "jing ji fa zhan", "shzy", "rural revitalization", "xiangcun zhenxing", "jīngjì")
    before = {q: copy.deepcopy(pinyin.parse_pinyin_query(q)) for q in queries}
    for q in queries:
        engine.search(q)
        engine.search(q, limit=30, offset=10)
    assert {q: pinyin.parse_pinyin_query(q) for q in queries} == before


def test_long_or_odd_input_is_read_without_being_kept():
    pinyin._parsed_pinyin.cache_clear()
    long_text = "jing ji " * 40
    assert pinyin.parse_pinyin_query(long_text) == pinyin.parse_pinyin_query(long_text)
    assert pinyin._parsed_pinyin.cache_info().currsize == 0
    assert pinyin.parse_pinyin_query(["jing", "ji"]) is None
    assert pinyin.parse_pinyin_query(None) is None
