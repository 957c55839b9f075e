"""Ambiguous pinyin (issue 13): which paragraphs page one gives each reading.

`shiwu` reads as 食物 (in 110 short paragraphs), 实物 (in 5) and 失误 (in 2 long ones, whose
scores fall below every 食物 paragraph): the reading used most fills most of page one, and each
rarer reading still has its best hits there, however low its paragraphs score.
"""
import pytest

from conftest import engine_of_report

COMMON = "".join(f"第{i}条：保障食物供应。\n" for i in range(110))
RARER = "".join(f"清理实物资产第{i}批。\n" for i in range(5))
# Long paragraphs: BM25 ranks them below every short 食物 paragraph.
RAREST = "".join(f"工作中出现失误{i}次，" + "推进各项工作，" * 300 + "\n" for i in range(2))


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return engine_of_report(tmp_path_factory, "homophones", "某市政府工作报告\n" + COMMON + RARER + RAREST)


def readings_on(result, words):
    return [next((w for w in words if w in hit.text), None) for hit in result.hits]


def test_the_reading_used_most_leads_page_one_and_fills_most_of_the_hits(engine):
    # Page one: 食物's best four, first, beside the rarer readings' few paragraphs (search.
    # COMMONEST_PLACES); past it, 食物's share follows its use.
    result = engine.search("shiwu", limit=30)
    words = result.interpretation["leaves"][0]["words"]
    assert words[0] == "食物" and {"实物", "失误"} <= set(words)
    held = readings_on(result, words)
    assert held[0] == "食物" and held[:10].count("食物") >= 4 and held.count("食物") > len(held) * 2 / 3


def test_a_rare_reading_is_on_page_one_though_its_paragraphs_score_below_a_hundred_others(engine):
    held = readings_on(engine.search("shiwu", limit=10), ["食物", "实物", "失误"])
    assert held.count("失误") == 2 and "实物" in held[:3]


def test_pages_follow_on_and_every_hit_comes_once(engine):
    whole = engine.search("shiwu", limit=100)
    pages = [engine.search("shiwu", limit=10, offset=offset) for offset in range(0, 100, 10)]
    assert [h.paragraph for page in pages for h in page.hits] == [h.paragraph for h in whole.hits]
    assert len({h.paragraph for h in whole.hits}) == len(whole.hits) == 100 and whole.total == 117



def test_the_search_page_links_to_each_word_the_pinyin_reads_as(engine):
    from urllib.parse import quote_plus

    from termsearch.app import create_app

    page = create_app(engine.index_dir).test_client().get("/?q=shiwu").get_data(as_text=True)
    for word in ("食物", "实物", "失误"):
        assert f'href="/?q={quote_plus(word)}"' in page


@pytest.mark.parametrize("offset", [0, 10, 30, 90, 110])
def test_the_commonest_readings_hits_come_the_same_from_the_querys_best(engine, monkeypatch, offset):
    # 食物's best hits are the first of shiwu's best 107 (100 + the 7 paragraphs of the rarer
    # readings) that hold it: the same pages as from a table of 食物's own scores (issue 18.2).
    from termsearch import search

    def pages(deeper_best):
        monkeypatch.setattr(search, "DEEPER_BEST", deeper_best)
        found = engine.search("shiwu", limit=20, offset=offset)
        return [(hit.paragraph, hit.score) for hit in found.hits], found.total

    from_the_querys_best = pages(1)
    assert from_the_querys_best == pages(10 ** 9)
    assert from_the_querys_best[0]
