"""A term used with quotes around part of it (“三无”乡镇 for the headword “三无乡镇”, “C”位 for
C位) is a use: listed by `show` and the term page, tagged on the paragraph, and found by the
term's English typed whole. In another document the same words, quoted the same way, stay
"the same words elsewhere"."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from termsearch.app import create_app
from termsearch.index_build import build

REPORTS = {
    "jia.txt": """2022年甲县政府工作报告
各位代表：
一、2022年工作安排
扎实开展“三无”乡镇[1]创建，让企业家站“C”位[2]。
名词解释：
[1]“三无乡镇”：零纠纷、零上访、零重大刑事案的乡镇。
[2]“C”位：网络语言，特指属于主力角色的地位。
""",
    "yi.txt": """2023年乙县政府工作报告
各位代表：
一、主要工作
推进“三无”乡镇建设，平安建设成效明显。
加快“天网”“雪亮”工程建设，提高技防监控水平。
""",
    "bing.txt": """2021年丙县政府工作报告
各位代表：
一、主要工作
抓好雪亮工程[1]建设和应用。
名词解释：
[1]雪亮工程：以公共安全视频监控联网应用为重点的群众性治安防控工程。
""",
}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quoted-uses")
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("quoted-uses-index")
    build([folder], index_dir)
    return create_app(index_dir).test_client()


def term_page(client, headword):
    found = client.get("/api/terms").get_json()
    terms = found["terms"] if isinstance(found, dict) else found
    term_id = next(t["id"] for t in terms if headword in t["term"])
    return client.get("/api/terms/" + quote(term_id)).get_json()


@pytest.mark.parametrize("headword, written", [("三无乡镇", "“三无”乡镇"), ("C", "“C”位")])
def test_a_use_with_quotes_inside_the_term_is_listed_as_a_use(client, headword, written):
    body = term_page(client, headword)
    cited = [u for u in body["uses"] if not u["is_definition"]]
    assert len(cited) == 1 and cited[0]["document"] == "jia"
    assert written in cited[0]["before"] + cited[0]["match"] + cited[0]["after"]


def test_the_same_quoted_words_in_another_document_are_not_uses(client):
    body = term_page(client, "三无乡镇")
    assert {u["document"] for u in body["uses"]} == {"jia"}
    assert [e["document"] for e in body["elsewhere"]] == ["yi"]


def test_the_english_of_a_term_finds_its_characters_also_where_quoted_apart(client):
    by_characters = client.get("/api/search?q=" + quote("雪亮工程") + "&limit=20").get_json()
    by_english = client.get("/api/search?q=" + quote("Sharp Eyes") + "&limit=20").get_json()
    # its use and definition, and the same words quoted in another report
    assert by_english["total"] == by_characters["total"] == 3
