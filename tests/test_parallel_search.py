"""A parallel document in a collection: searched in both languages, read in two columns,
exported as TMX."""
import json

import pytest
from click.testing import CliRunner

from termsearch.cli import main
from termsearch.index_build import build
from termsearch.search import Engine

from test_parallel import EN, ZH

REPORT = """某县2023年政府工作报告
一、过去一年工作回顾
全县坚持民主集中制，经济社会发展取得新成效。
"""


@pytest.fixture(scope="module")
def collection(tmp_path_factory):
    folder = tmp_path_factory.mktemp("parallel-docs")
    (folder / "constitution.zh.txt").write_text(ZH, encoding="utf-8")
    (folder / "constitution.en.txt").write_text(EN, encoding="utf-8")
    (folder / "report.txt").write_text(REPORT, encoding="utf-8")
    (folder / "orphan.en.txt").write_text("An English text alone.\n", encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("parallel-index")
    result = build([folder], index_dir, workers=1)
    return index_dir, result


@pytest.fixture(scope="module")
def engine(collection):
    return Engine(collection[0])


def test_a_pair_is_one_document_named_after_both_files(collection):
    from termsearch.index_read import open_index

    index_dir, result = collection
    documents = {d["id"]: d for d in open_index(index_dir).documents}
    assert set(documents) == {"constitution", "report"}
    assert documents["constitution"]["translation"].endswith("constitution.en.txt")
    assert not documents["report"]["translation"]
    assert any("orphan.en.txt" in e and "orphan.zh.txt" in e for e in result.report.errors)


def test_an_english_query_finds_the_english_paragraph_with_its_chinese(engine):
    result = engine.search("democratic centralism")
    hit = next(h for h in result.hits if h.document == "constitution")
    assert hit.text.startswith("第三条")
    assert "<mark>democratic</mark> <mark>centralism</mark>" in hit.english_snippet
    assert "official English" in result.interpretation["description"]


def test_english_words_are_found_in_any_form(engine):
    hits = engine.search("practices democratic principles").hits
    # The article whose English says them all first (others may hold one of their Chinese words).
    assert [h.text[:3] for h in hits if h.document == "constitution"][0] == "第三条"


def test_a_chinese_hit_shows_its_official_english(engine):
    result = engine.search("一切权力")
    assert [(h.text[:3], h.english[:9]) for h in result.hits] == [("第二条", "Article 2")]
    # The report without a translation has none.
    hits = engine.search("民主集中制").hits
    assert {h.document: bool(h.english) for h in hits} == {"constitution": True, "report": False}


def test_the_json_contract_carries_the_english(collection):
    out = CliRunner().invoke(main, ["query", "一切权力", "--json", "--index", str(collection[0])])
    hit = json.loads(out.output)["hits"][0]
    assert hit["english"].startswith("Article 2 All power")
    terminal = CliRunner().invoke(main, ["query", "一切权力", "--index", str(collection[0])]).output
    assert "EN: Article 2 All power" in terminal


def test_tmx_export_opens_in_translate_toolkit(collection):
    from translate.storage.tmx import tmxfile

    out = CliRunner().invoke(main, ["export", "--format", "tmx", "--index", str(collection[0])])
    assert out.exit_code == 0, out.output
    units = tmxfile.parsestring(out.output.encode("utf-8")).units
    pairs = [(u.source, u.target) for u in units]
    assert ("第一章　总纲", "Chapter I General Principles") in pairs
    # Article 1 was translated as two paragraphs: its sentences are exported pair by pair.
    assert any(zh.startswith("社会主义制度") and en.startswith("The socialist system") for zh, en in pairs)
    assert all(zh and en for zh, en in pairs)


@pytest.mark.parametrize("args, message", [
    (["--document", "report"], "has no aligned English"),
    (["--document", "nope"], "no document 'nope'"),
])
def test_tmx_export_of_what_has_no_translation_is_a_one_line_error(collection, args, message):
    out = CliRunner().invoke(main, ["export", "--index", str(collection[0]), *args])
    assert out.exit_code == 2 and message in out.output and "Traceback" not in out.output


def test_the_reader_shows_both_columns_and_search_shows_the_english(collection):
    from termsearch.app import create_app

    client = create_app(collection[0]).test_client()
    page = client.get("/documents/constitution").get_data(as_text=True)
    assert 'class="reader-text bilingual"' in page
    assert "Article 2 All power in the People" in page and "Chapter I General Principles" in page
    plain = client.get("/documents/report").get_data(as_text=True)
    assert "bilingual" not in plain
    results = client.get("/?q=democratic+centralism").get_data(as_text=True)
    assert 'class="hit-english"' in results and "<mark>centralism</mark>" in results
    api = client.get("/api/search?q=一切权力").get_json()
    assert api["hits"][0]["english"].startswith("Article 2")


def test_the_api_names_the_translation_without_the_servers_folders(collection):
    from termsearch.app import create_app

    client = create_app(collection[0]).test_client()
    listed = {d["id"]: d for d in client.get("/api/documents").get_json()["documents"]}
    assert listed["constitution"]["translation"] == "constitution.en.txt"
    one = client.get("/api/documents/constitution").get_json()
    assert one["translation"] == "constitution.en.txt"
    assert [s["english"] for s in one["sections"]] == ["Chapter I General Principles"]


# ----------------------------------------------------------------------------- TMX export from the API

def test_tmx_from_the_api_is_the_cli_export_and_validates_against_the_dtd(collection):
    from termsearch.app import create_app
    from test_tmx import validate_against_the_dtd

    client = create_app(collection[0]).test_client()
    answer = client.get("/api/export?format=tmx")
    assert answer.status_code == 200 and answer.mimetype == "application/x-tmx+xml"
    assert answer.headers["Content-Disposition"] == 'attachment; filename="termsearch-pairs.tmx"'
    text = answer.get_data(as_text=True)
    validate_against_the_dtd(text)
    cli = CliRunner().invoke(main, ["export", "--format", "tmx", "--index", str(collection[0])]).output
    validate_against_the_dtd(cli)
    assert text == cli
    one = client.get("/api/export?document=constitution")
    assert one.status_code == 200 and 'filename="constitution.tmx"' in one.headers["Content-Disposition"]
    assert one.get_data(as_text=True) == text            # the only translated document


@pytest.mark.parametrize("query, status, message", [
    ("format=xliff", 400, "unknown export format"),
    ("document=report", 404, "has no aligned English"),
    ("document=nope", 404, "no document 'nope'"),
    ("document=" + "x" * 301, 400, "too long"),
])
def test_tmx_from_the_api_errors_as_the_spec_says(collection, query, status, message):
    from termsearch.app import create_app

    client = create_app(collection[0]).test_client()
    answer = client.get("/api/export?" + query)
    assert answer.status_code == status and message in answer.get_json()["error"]["message"]
    spec = client.get("/api/openapi.json").get_json()
    assert str(status) in spec["paths"]["/api/export"]["get"]["responses"]


def test_an_index_without_translations_exports_nothing_with_a_404(tmp_path):
    from termsearch.app import create_app

    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    build([tmp_path / "report.txt"], tmp_path / "index", workers=1)
    answer = create_app(tmp_path / "index").test_client().get("/api/export")
    assert answer.status_code == 404 and "no document in the index has an English translation" in answer.get_json()["error"]["message"]
    cli = CliRunner().invoke(main, ["export", "--index", str(tmp_path / "index")])
    assert cli.exit_code == 2 and "no document in the index has an English translation" in cli.output


def test_the_reader_of_a_parallel_document_links_to_its_tmx(collection):
    from termsearch.app import create_app

    client = create_app(collection[0]).test_client()
    page = client.get("/documents/constitution").get_data(as_text=True)
    assert 'href="/api/export?document=constitution" download' in page
    assert client.get("/api/export?document=constitution").status_code == 200
    assert "/api/export" not in client.get("/documents/report").get_data(as_text=True)


def _units(document: str, pairs: list[tuple[str, str]]):
    from termsearch import tmx
    return [tmx.TranslationUnit(zh, en, {"x-document": document, "x-line": str(n)})
            for n, (zh, en) in enumerate(pairs, start=1)]


LAW = [("中华人民共和国宪法", "Constitution of the People's Republic of China"),
       ("第一条　中华人民共和国是工人阶级领导的社会主义国家。",
        "Article 1 The People's Republic of China is a socialist state led by the working class.")]
CHARTER = [("中国共产党章程", "Constitution of the Communist Party of China"),
           ("党的最高理想和最终目标是实现共产主义。", "The Party's highest ideal and ultimate goal is the realization of communism.")]
BYLAW = [("某协会章程", "Articles of an association"), ("本会坚持民主办会。", "The association is run democratically.")]


def _pairs_by_document(index_dir) -> dict[str, list[tuple[str, str]]]:
    from termsearch import parallel
    from termsearch.index_read import open_index

    reader = open_index(index_dir)
    return {d["id"]: [(u.zh, u.en) for u in parallel.translation_units(reader.document(d["id"]))]
            for d in reader.documents}


def test_a_tmx_file_of_several_documents_is_imported_as_several_and_again_without_loss(tmp_path):
    """A TMX that `export` wrote for two documents comes back as two documents, each with its own
    pairs; adding it again replaces them (no third, no merged one), and adding a second TMX
    keeps the first file's documents whole."""
    from termsearch import tmx

    both = tmp_path / "constitutions.tmx"
    both.write_text(tmx.write_tmx(_units("prc", LAW) + _units("cpc", CHARTER)), encoding="utf-8")
    index_dir = tmp_path / "ix"
    build([both], index_dir, workers=1)
    assert _pairs_by_document(index_dir) == {"constitutions--prc": LAW, "constitutions--cpc": CHARTER}

    build([both], index_dir, workers=1, incremental=True)
    assert _pairs_by_document(index_dir) == {"constitutions--prc": LAW, "constitutions--cpc": CHARTER}

    other = tmp_path / "bylaw.tmx"
    other.write_text(tmx.write_tmx(_units("bylaw", BYLAW)), encoding="utf-8")
    build([other], index_dir, workers=1, incremental=True)
    assert _pairs_by_document(index_dir) == {"constitutions--prc": LAW, "constitutions--cpc": CHARTER,
                                             "bylaw": BYLAW}
    # The file edited to hold only one of its documents: the other goes, the bylaw stays.
    both.write_text(tmx.write_tmx(_units("prc", LAW)), encoding="utf-8")
    build([both], index_dir, workers=1, incremental=True)
    assert _pairs_by_document(index_dir) == {"constitutions": LAW, "bylaw": BYLAW}


def test_the_sentences_of_one_paragraph_come_back_as_one_paragraph(collection, tmp_path):
    """The export splits a paragraph translated as several into sentence pairs; imported again,
    they make that one paragraph, with its whole English."""
    exported = CliRunner().invoke(main, ["export", "--format", "tmx", "--index", str(collection[0])]).output
    (tmp_path / "again.tmx").write_text(exported, encoding="utf-8")
    build([tmp_path / "again.tmx"], tmp_path / "ix", workers=1)
    original = Engine(collection[0]).reader().document("constitution")
    again = Engine(tmp_path / "ix").reader().document("again")
    assert [p.text for p in again.paragraphs] == [p.text for p in original.paragraphs]
    assert [p.english for p in again.paragraphs] == [p.english for p in original.paragraphs]


@pytest.mark.parametrize("typed", ["democratic centralism", "democratic cenrtalism", "demoratic centralism",
                                   "centralism democratic", "Democratic Centralisms"])
def test_english_typed_with_a_slip_or_out_of_order_still_finds_its_official_english_first(engine, typed):
    """The paragraph whose official English holds the words comes first, also where one word has a
    slip (mended toward the dictionary, or toward the official English itself)."""
    hit = engine.search(typed, limit=1).hits[0]
    assert hit.english.startswith("Article 3")



ORDER_ZH = """宪法条文
第一条 公民对于任何国家机关，有提出批评和建议的权利。
第二条 公民的权利是权利；批评是批评；权利重要；批评重要。
第三条 公民可以批评权利的滥用。
"""
ORDER_EN = """Constitutional articles
Article 1 Citizens have the right to criticize and make suggestions regarding any state organ.
Article 2 Rights of citizens are rights; criticisms are criticisms; rights matter; criticisms matter.
Article 3 Citizens may criticize the right’s abuse.
"""


@pytest.fixture(scope="module")
def order_engine(tmp_path_factory):
    folder = tmp_path_factory.mktemp("english-order")
    (folder / "articles.zh.txt").write_text(ORDER_ZH, encoding="utf-8")
    (folder / "articles.en.txt").write_text(ORDER_EN, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("english-order-index")
    build([folder], index_dir, workers=1)
    return Engine(index_dir)


@pytest.mark.parametrize("typed, first", [
    ("right to criticize", "Article 1"),        # its words in a row, in this order
    ("the right to criticize", "Article 1"),
    ("criticize right", "Article 3"),           # "criticize the right’s": in the order typed
    ("criticize rights", "Article 3"),
])
def test_the_translation_with_the_words_in_a_row_in_the_order_typed_comes_first(order_engine, typed, first):
    """Article 2 says rights and criticisms most often, but not in a row: the paragraphs whose
    English has the words typed side by side come first, those in the order typed before the
    others (the second hit), and Article 2 last."""
    hits = order_engine.search(typed).hits
    assert hits[0].english.startswith(first)
    assert hits[1].english.startswith("Article 3" if first == "Article 1" else "Article 1")

