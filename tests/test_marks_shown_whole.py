"""A mark in the web pages never changes the characters shown in the other script: OpenCC
picks a phrase's characters from its neighbours (公里 → 公里, but 里 alone → 裏), so the pages
convert a paragraph whole, as /api does, and put the marks on it after."""
from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from conftest import index_of_report

REPORT = ("2024年示例县政府工作报告\n一、工作回顾\n"
          "新建环城绿道4.8公里，扎实推动城市更新。\n"
          "把着力点放在实体经济上，扎实体经济之根。\n"
          "名词解释：\n“环城绿道”：指环绕县城的慢行道路。\n“实体经济”：指物质的、精神的产品和服务的生产、流通等经济活动。\n")


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from termsearch.app import create_app

    return create_app(index_of_report(tmp_path_factory, "marks-whole", REPORT)).test_client()


def shown_text(body: str, needle: str) -> str:
    """The characters of the page's text from `needle`'s first character on, tags dropped."""
    text = re.sub(r"<[^>]+>", "", body)
    return text[text.index(needle):][:20]


@pytest.mark.parametrize("query, phrase", [("公", "公里"), ("扎", "紮實")])
def test_a_search_hit_converts_the_phrase_a_mark_cuts(client, query, phrase):
    body = client.get("/?q=" + quote(query) + "&script=hant").get_data(as_text=True)
    assert "<mark>" in body
    assert phrase in re.sub(r"</?mark>", "", body), shown_text(body, "4.8")
    assert client.get("/api/search?q=" + quote(query) + "&script=hant").get_json()["hits"][0]["text"].count(phrase)


@pytest.mark.parametrize("ruby", ["0", "1"])
def test_the_reader_converts_the_phrase_a_mark_cuts(client, ruby):
    body = client.get("/documents/report?q=" + quote("公") + f"&script=hant&ruby={ruby}").get_data(as_text=True)
    assert "<mark>" in body
    shown = re.sub(r"<rt>[^<]*</rt>|<[^>]+>", "", body)
    assert "4.8公里" in shown and "公裏" not in shown


@pytest.mark.parametrize("query, phrase", [("公", "公里"), ("扎", "紮實")])
def test_the_api_snippet_converts_the_phrase_its_marks_cut(client, query, phrase):
    # The widget and the search box's dropdown show the API's snippet: its <mark> tags must not
    # cut the phrase OpenCC converts either.
    hit = client.get("/api/search?q=" + quote(query) + "&script=hant").get_json()["hits"][0]
    assert "<mark>" in hit["snippet"]
    assert phrase in re.sub(r"</?mark>", "", hit["snippet"])


# A term's use in context is cut at its match: 扎|实体经济 converted piece by piece showed 扎實體經濟,
# the paragraph whole (as the reader and a search show it) 紮實體經濟.
def term_id(client, headword):
    return next(t["id"] for t in client.get("/api/terms").get_json()["terms"] if headword in t["term"])


def test_the_api_converts_a_terms_use_as_one_text(client):
    from termsearch.analysis import variants

    uses = client.get(f"/api/terms/{quote(term_id(client, '实体经济'))}?script=hant").get_json()["uses"]
    cut = next(u for u in uses if u["match"] == "實體經濟" and u["before"].endswith(("扎", "紮")))
    assert cut["before"].endswith("紮")
    for use in uses:
        whole = use["before"] + use["match"] + use["after"]
        assert whole == variants.to_traditional(whole)


@pytest.mark.parametrize("ruby", ["0", "1"])
def test_the_term_page_converts_a_use_as_one_text(client, ruby):
    body = client.get(f"/terms/{quote(term_id(client, '实体经济'))}?script=hant&ruby={ruby}").get_data(as_text=True)
    shown = re.sub(r"<rt>[^<]*</rt>|<[^>]+>|\s", "", body)
    assert "紮實體經濟之根" in shown and "扎實體經濟" not in shown
