"""Scoped terms and concepts: a glossary entry is its own document's definition. The same
characters in another document are "the same words elsewhere" (listed apart, never tagged,
highlighted or counted as uses); definitions of one headword by several documents are shown
together, with whether they say the same thing."""
from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from conftest import CORPUS, SEED, shared_corpus
from termsearch.cli import main
from termsearch.index_build import build
from termsearch.model import Term
from termsearch.search import Engine, Lookup

# Two towns define 双万 differently; a city uses the characters with a meaning of its own and
# no glossary; a county (in Traditional script) defines it as the first town does.
REPORTS = {
    "jia.txt": """2023年甲镇政府工作报告
各位代表：
一、过去一年工作回顾
全镇站在全市“双万”新起点上，加快高质量发展。
二、2024年工作安排
巩固“双万”成果，推动产业升级。
名词解释：
“双万”：指全市地区生产总值超过1万亿元，常住人口超过1000万人。
""",
    "yi.txt": """2024年乙县政府工作报告
各位代表：
一、主要工作
深入实施“双万”行动，带动农民增收。
名词解释：
“双万”：指万家企业结对帮扶、万名干部下乡服务的乡村振兴行动。
""",
    "bing.txt": """2025年丙市政府工作报告
各位代表：
一、数字城市
加快建设全球“双万兆”城市，推进双万兆光网进社区。
打造新型基础设施，提升数字公共服务能力。
""",
    "ding.txt": """2023年丁縣政府工作報告
各位代表：
一、工作回顧
立足全市“雙萬”新起點，推進高質量發展。
名詞解釋：
“雙萬”：指全市地區生產總值超過1.2萬億元、常住人口超過1000萬人。
""",
}


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scope-reports")
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("scope-index")
    build([folder], index_dir)
    return index_dir


@pytest.fixture(scope="module")
def engine(index_dir):
    return Engine(index_dir)


@pytest.fixture(scope="module")
def client(index_dir):
    from termsearch.app import create_app

    return create_app(index_dir).test_client()


def term_of(engine, document: str) -> Term:
    [term] = [t for t in engine.reader().terms if t.source.document == document]
    return term


def test_the_words_in_a_document_without_the_definition_are_not_tagged(engine):
    hits = engine.search("双万", limit=20).hits
    assert {h.document for h in hits} == {"jia", "yi", "bing", "ding"}
    jia, yi = term_of(engine, "jia"), term_of(engine, "yi")
    for hit in hits:
        if hit.document == "bing":
            assert hit.terms == []
        elif hit.document == "jia":
            assert hit.terms == [jia.id]      # only its own definition, not yi's or ding's
        elif hit.document == "yi":
            assert hit.terms == [yi.id]


def test_uses_rank_above_the_same_words_elsewhere(engine):
    documents = [h.document for h in engine.search("双万", limit=20).hits]
    assert documents[-1] == "bing" and documents.count("bing") == 1
    assert [h.document for h in Engine(engine.index_dir, bulk=False).search("双万", limit=20).hits] == documents


def test_the_reader_links_a_term_only_in_its_own_document(client):
    bing = client.get("/api/documents/bing").get_json()
    assert all(p["terms"] == [] for p in bing["paragraphs"])
    jia = client.get("/api/documents/jia").get_json()
    assert {t["id"] for p in jia["paragraphs"] for t in p["terms"]} == {"jia:g01"}


def test_the_api_term_has_its_uses_and_the_same_words_elsewhere(client, engine):
    term = term_of(engine, "jia")
    body = client.get("/api/terms/" + quote(term.id)).get_json()
    assert {u["document"] for u in body["uses"]} == {"jia"}
    assert len([u for u in body["uses"] if not u["is_definition"]]) == 2
    assert body["documents"] == [{"document": "jia", "count": 2}]
    elsewhere = {e["document"]: e for e in body["elsewhere"]}
    assert set(elsewhere) == {"bing", "yi", "ding"}
    assert elsewhere["bing"]["count"] == 2
    assert elsewhere["bing"]["paragraphs"] == 1      # twice in one paragraph: one hit of a search
    assert [u["match"] for u in elsewhere["bing"]["uses"]] == ["双万", "双万"]
    assert "城市" in elsewhere["bing"]["uses"][0]["after"]


def test_the_concept_lists_every_definition_and_says_which_agree(client, engine):
    term = term_of(engine, "jia")
    concept = client.get("/api/terms/" + quote(term.id)).get_json()["concept"]
    assert concept["key"] == "双万"
    by_document = {d["document"]: d for d in concept["definitions"]}
    assert set(by_document) == {"jia", "yi", "ding"}
    assert concept["definitions"][0]["id"] == term.id          # the definition asked for first
    assert by_document["ding"]["same_meaning"] and not by_document["yi"]["same_meaning"]
    titles = {d["id"]: d["display_title"] for d in engine.reader().documents}
    assert by_document["jia"]["title"] == titles["jia"] != titles["yi"]      # titles that tell reports apart
    assert (by_document["jia"]["year"], by_document["yi"]["year"]) == (2023, 2024)
    assert by_document["ding"]["similarity"] > by_document["yi"]["similarity"]
    assert concept["senses"] == 2 and concept["agree"] is False
    assert by_document["yi"]["definition"].startswith("指万家企业")


def test_the_term_page_shows_uses_elsewhere_and_other_definitions_apart(client, engine):
    page = client.get("/terms/" + quote(term_of(engine, "yi").id)).get_data(as_text=True)
    bing = next(d["display_title"] for d in engine.reader().documents if d["id"] == "bing")
    assert "The same words elsewhere" in page and bing in page
    # Said in paragraphs too, as a search counts them: bing has 双万 twice in one paragraph.
    elsewhere = client.get("/api/terms/" + quote(term_of(engine, "yi").id)).get_json()["elsewhere"]
    times, paragraphs = sum(e["count"] for e in elsewhere), sum(e["paragraphs"] for e in elsewhere)
    assert paragraphs < times
    assert f"{times} times in {paragraphs} paragraphs of 3 documents (a search counts paragraphs)" in page
    assert "Defined by 3 sources" in page and "different meaning" in page
    uses = page.split('id="uses-title"')[1].split("</section>")[0]
    assert "丙市" not in uses and "甲镇" not in uses


def test_show_prints_uses_elsewhere_and_the_concept_apart(index_dir, engine):
    result = CliRunner().invoke(main, ["show", term_of(engine, "jia").id, "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    out = result.output
    uses, rest = out.split("the same words elsewhere")
    assert "bing" not in uses and "bing: 2" in rest
    assert "defined by 3 sources (2 different meanings)" in rest
    data = json.loads(CliRunner().invoke(main, ["show", "雙萬", "--json", "--index", str(index_dir)]).output)
    assert {"uses", "elsewhere", "concept"} <= set(data)


def test_an_imported_term_applies_in_every_document(tmp_path, index_dir):
    import shutil

    copy = tmp_path / "ix"
    shutil.copytree(index_dir, copy)
    termbase = tmp_path / "my-termbase.csv"
    termbase.write_text("term,definition\n双万兆,下行万兆、上行万兆的光网络。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import-terms", str(termbase), "--index", str(copy)])
    assert result.exit_code == 0, result.output
    engine = Engine(copy)
    [term] = [t for t in engine.reader().terms if t.origin.startswith("imported:")]
    assert term.scope == "global"
    assert any(term.id in h.terms for h in engine.search("双万兆").hits if h.document == "bing")
    details = Lookup(engine).term_details(term.id)
    assert {u["document"] for u in details["uses"]} == {"bing"} and details["elsewhere"] == []


def test_a_national_documents_definition_applies_in_every_document(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "guo.txt").write_text(
        "2024年政府工作报告\n各位代表：\n扎实推进“两新”工作。\n名词解释：\n“两新”：指大规模设备更新和消费品以旧换新。\n",
        encoding="utf-8")
    (folder / "guo.txt.meta.json").write_text('{"level": "national", "region": "中国"}', encoding="utf-8")
    (folder / "xian.txt").write_text("2024年某县政府工作报告\n各位代表：\n落实“两新”政策，带动消费。\n", encoding="utf-8")
    index_dir = tmp_path / "ix"
    build([folder], index_dir)
    engine = Engine(index_dir)
    [term] = engine.reader().terms
    assert term.scope == "global"
    assert [h.terms for h in engine.search("两新").hits if h.document == "xian"] == [[term.id]]
    details = Lookup(engine).term_details(term.id)
    assert {u["document"] for u in details["uses"]} == {"guo", "xian"} and details["elsewhere"] == []


# ---- the real cases: the seed's terms beside provincial reports that use the same words

PROVINCIAL = CORPUS / "reports" / "provincial"


@pytest.fixture(scope="module")
def real_engine(tmp_path_factory):
    shared_corpus(PROVINCIAL)
    index_dir = tmp_path_factory.mktemp("scope-real")
    build([SEED, *(PROVINCIAL / f"province_{p}.txt" for p in ("shanghai_2026", "hebei_2025", "heilongjiang_2026",
                                                               "shandong_2026"))], index_dir)
    return Engine(index_dir)


@pytest.mark.parametrize("typed, elsewhere", [
    ("雙萬", {"province_shanghai_2026"}),       # Shanghai's “双万兆”城市: network speed
    ("雙百工程", {"province_hebei_2025", "province_heilongjiang_2026", "province_shandong_2026"}),
])
def test_the_seeds_terms_are_not_the_same_words_in_other_provinces(real_engine, typed, elsewhere):
    result = real_engine.search(typed, limit=20)
    term_id = result.terms[0]["id"]
    documents = [h.document for h in result.hits]
    seed = documents.count(SEED.stem)
    assert seed >= 2 and set(documents[seed:]) == elsewhere and set(documents[:seed]) == {SEED.stem}
    assert all(h.terms == [] for h in result.hits if h.document != SEED.stem)
    details = Lookup(real_engine).term_details(term_id)
    assert {u["document"] for u in details["uses"]} == {SEED.stem}
    assert {e["document"] for e in details["elsewhere"]} == elsewhere
