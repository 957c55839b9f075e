"""The vocabulary across reports and years: filters by year, region, level and kind with their
counts; quoted shorthand nobody defined; a term's life over the years; what is new each year.

The fixture: four short reports of three years. Three use “双碳”, the 2023 one defines it in its
glossary; “六稳” and “放管服” are used and defined nowhere; 《》 titles, speech and scare quotes
around ordinary words must not be listed as shorthand.
"""
from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest

from termsearch.errors import IndexDamaged

REPORTS = {
    "a2019.txt": ("2019年甲市政府工作报告", 2019, "甲市", "city", "government_work_report", """2019年甲市政府工作报告
一、过去一年工作回顾
我们深入推进“放管服”改革，做好“六稳”工作，经济运行总体平稳。
认真学习《中华人民共和国宪法》，群众说“办事更方便了”。
二、今年工作安排
推动绿色发展，研究“双碳”路径，保持“六稳”。
"""),
    "b2021.txt": ("2021年乙省政府工作报告", 2021, "乙省", "province", "government_work_report", """2021年乙省政府工作报告
一、过去一年工作回顾
全面落实“六稳”“六保”任务，“放管服”改革持续深化。
二、今年工作安排
围绕“双碳”目标，推进能源结构调整，防范“灰犀牛”风险。
"""),
    "c2023.txt": ("2023年甲市政府工作报告", 2023, "甲市", "city", "government_work_report", """2023年甲市政府工作报告
一、过去一年工作回顾
“双碳”工作稳步推进，“放管服”改革走向深入，“蛋糕”越做越大。
二、今年工作安排
坚持“双碳”引领，推动“两个确立”学习教育。
名词解释：
“双碳”：指碳达峰与碳中和。
"""),
    "d2023.txt": ("2023年丙县政府工作报告", 2023, "丙县", "county", "government_work_report", """2023年丙县政府工作报告
一、工作回顾
学习“两个确立”，推进乡村振兴。
"""),
}


def write_reports(folder, names=None) -> None:
    """The fixture reports, each with a metadata file beside it (as a user overrides what is read)."""
    for name, (title, year, region, level, kind, text) in REPORTS.items():
        if names is None or name in names:
            (folder / name).write_text(text, encoding="utf-8")
            meta = {"title": title, "year": year, "region": region, "level": level, "kind": kind}
            (folder / f"{name}.meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def years_index(tmp_path_factory):
    from termsearch.index_build import build

    folder = tmp_path_factory.mktemp("years-reports")
    write_reports(folder)
    index_dir = tmp_path_factory.mktemp("years-index")
    build([folder], index_dir)
    return index_dir


@pytest.fixture(scope="module")
def years_client(years_index):
    from termsearch.app import create_app

    return create_app(years_index).test_client()


def api(client, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, (url, response.data[:300])
    return response.get_json()


# ----------------------------------------------------------------------------- filters

def test_search_filters_by_year_range_region_level_and_kind(years_client):
    everything = api(years_client, "/api/search?q=双碳&limit=50")
    assert {h["document"] for h in everything["hits"]} == {"a2019", "b2021", "c2023"}
    recent = api(years_client, "/api/search?q=双碳&limit=50&year_from=2021")
    assert {h["document"] for h in recent["hits"]} == {"b2021", "c2023"}
    assert recent["total"] < everything["total"]
    old = api(years_client, "/api/search?q=双碳&limit=50&year_to=2020")
    assert {h["document"] for h in old["hits"]} == {"a2019"}
    city = api(years_client, "/api/search?q=双碳&limit=50&level=city")
    assert {h["document"] for h in city["hits"]} == {"a2019", "c2023"}
    region = api(years_client, "/api/search?q=双碳&limit=50&region=乙省")
    assert {h["document"] for h in region["hits"]} == {"b2021"}
    nothing = api(years_client, "/api/search?q=双碳&limit=50&kind=law")
    assert nothing["hits"] == [] and nothing["total"] == 0


def test_facet_counts_come_with_each_filter_and_ignore_their_own(years_client):
    data = api(years_client, "/api/search?q=双碳&facets=true&year_from=2021")
    facets = data["facets"]
    # The year facet is counted without the year filter, so every year can still be chosen.
    assert set(facets["year"]) == {"2019", "2021", "2023"}
    assert set(facets["document"]) == {"b2021", "c2023"}
    assert facets["level"] == {"province": 1, "city": 3}
    # Sections only within one report.
    assert "section" not in facets
    within = api(years_client, "/api/search?q=双碳&facets=true&document=c2023")["facets"]
    assert within["section"] and all(n > 0 for n in within["section"].values())


@pytest.mark.parametrize("args, message", [
    ("year_from=abc", "year_from"), ("year_to=99999", "year_to"), ("year_from=2024&year_to=2020", "after"),
    ("facets=maybe", "facets"),
])
def test_bad_filters_get_a_one_line_message(years_client, args, message):
    data = api(years_client, f"/api/search?q=双碳&{args}", status=400)
    assert message in data["error"]["message"] and "\n" not in data["error"]["message"]


def test_search_page_shows_year_and_region_filters_and_sections_only_in_one_report(years_client):
    body = years_client.get("/?q=双碳").get_data(as_text=True)
    assert 'id="f-years"' in body and 'id="f-region"' in body and "year_to=2023" in body
    assert 'id="f-section"' not in body
    within = years_client.get("/?q=双碳&document=c2023").get_data(as_text=True)
    assert 'id="f-section"' in within
    filtered = years_client.get("/?q=双碳&year_from=2022").get_data(as_text=True)
    assert "in the filter" in filtered and "b2021" not in re.sub(r'href="[^"]*"', "", filtered)
    bad = years_client.get("/?q=双碳&year_from=x")
    assert bad.status_code == 400 and b"year_from" in bad.data


@pytest.fixture(scope="module")
def many_reports_client(tmp_path_factory):
    """60 reports of 12 sections each, every paragraph with 的: the filters must stay small."""
    from termsearch.app import create_app
    from termsearch.index_build import build

    folder = tmp_path_factory.mktemp("many-reports")
    for n in range(60):
        lines = [f"{2000 + n % 25}年第{n}号示例政府工作报告"]
        for s in range(12):
            lines.append(f"{'一二三四五六七八九十'[s % 10]}、第{n}号报告的第{s}部分工作安排")
            lines.append(f"这是第{n}号报告第{s}部分的内容，我们的目标是发展的质量。")
        (folder / f"report-{n:02}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("many-index")
    build([folder], index_dir)
    return create_app(index_dir).test_client()


def test_the_page_for_a_word_in_every_paragraph_stays_small(many_reports_client):
    body = many_reports_client.get("/?q=的").get_data(as_text=True)
    assert len(body.encode("utf-8")) < 100_000
    # The first reports are shown with a link to the others, and no section of any report.
    assert body.count('class="chip chip-more"') >= 1 and 'id="f-section"' not in body
    more = many_reports_client.get("/?q=的&more=document").get_data(as_text=True)
    assert more.count("示例政府工作报告") > body.count("示例政府工作报告") + 40


# ----------------------------------------------------------------------------- shorthand

def test_shorthand_nobody_defined_is_listed_most_widely_used_first(years_client):
    data = api(years_client, "/api/shorthand?defined=false")
    names = [e["shorthand"] for e in data["shorthand"]]
    assert names[0] == "放管服" and "六稳" in names and "两个确立" in names
    assert "双碳" not in names                          # the 2023 report defines it
    # Titles, speech and ordinary words in scare quotes are not shorthand.
    for other in ("中华人民共和国宪法", "办事更方便了", "蛋糕"):
        assert other not in names
    first = data["shorthand"][0]
    assert first["document_count"] == 3 and first["first_year"] == 2019 and first["last_year"] == 2023
    assert first["contexts"] and "放管服" in first["contexts"][0]["match"]
    assert {d["document"] for d in first["documents"]} == {"a2019", "b2021", "c2023"}
    assert all(d["title"] and ("甲市" in d["title"] or "乙省" in d["title"]) for d in first["documents"])


def test_defined_shorthand_links_to_its_glossary_term(years_client):
    data = api(years_client, "/api/shorthand?defined=true")
    entry = next(e for e in data["shorthand"] if e["shorthand"] == "双碳")
    assert entry["defined"] and entry["terms"] and entry["document_count"] == 3
    one = api(years_client, "/api/shorthand?q=" + "雙碳")           # either script
    assert [e["shorthand"] for e in one["shorthand"]] == ["双碳"]
    api(years_client, "/api/shorthand?defined=perhaps", status=400)


def test_shorthand_page_orders_by_documents_and_links_to_searches(years_client):
    body = years_client.get("/shorthand").get_data(as_text=True)
    listed = body.split('class="shorthand-list"')[1]
    assert listed.index("放管服") < listed.index("两个确立")
    assert 'href="/?q=%E6%94%BE%E7%AE%A1%E6%9C%8D"' in body         # a search for 放管服
    def listed_spans(html: str) -> list[str]:
        return re.findall(r'class="shorthand-span"[^>]*>“<span[^>]*>([^<]+)</span>”', html)

    assert "双碳" not in listed_spans(body) and "放管服" in listed_spans(body)
    assert "双碳" in listed_spans(years_client.get("/shorthand?defined=true").get_data(as_text=True))


def test_terms_undefined_in_the_terminal(years_index):
    from click.testing import CliRunner

    from termsearch.cli import main

    text = CliRunner().invoke(main, ["terms", "--undefined", "--index", str(years_index)])
    assert text.exit_code == 0 and "“放管服”  3 documents" in text.output
    assert "“双碳”  " not in text.output          # defined: only in the others' contexts
    as_json = CliRunner().invoke(main, ["terms", "--undefined", "--format", "json", "--index", str(years_index)])
    entries = json.loads(as_json.output)
    assert entries[0]["shorthand"] == "放管服" and entries[0]["first_year"] == 2019
    bad = CliRunner().invoke(main, ["terms", "--undefined", "--format", "tbx", "--index", str(years_index)])
    assert bad.exit_code == 2 and "text or json" in bad.output


# ----------------------------------------------------------------------------- over the years

def test_timeline_counts_documents_and_paragraphs_per_year_normalised(years_client):
    data = api(years_client, "/api/timeline?q=双碳&q=两个确立")
    assert data["years"] == [2019, 2021, 2023]
    shuangtan, queding = data["series"]
    assert shuangtan["documents"] == {"2019": 1, "2021": 1, "2023": 1}
    assert int(shuangtan["paragraphs"]["2023"]) >= 2
    assert queding["documents"] == {"2023": 2}
    # per million characters: the same count weighs more in a year with less text
    chars = data["characters"]
    assert shuangtan["per_million"]["2019"] == round(1_000_000 / chars["2019"], 2)
    api(years_client, "/api/timeline", status=400)
    api(years_client, "/api/timeline?" + "&".join(["q=a"] * 7), status=400)


def test_timeline_page_draws_an_svg_chart_without_scripts(years_client):
    body = years_client.get("/timeline?q=双碳&q=六稳").get_data(as_text=True)
    svg = body[body.index('<svg class="chart"'):]
    svg = svg[:svg.index("</svg>")]
    assert svg.count("<polyline") == 2 and "<script" not in svg and " style=" not in svg
    assert "2019" in svg and "2023" in svg


def test_term_page_shows_the_terms_life_over_the_years(years_client):
    term_id = api(years_client, "/api/shorthand?q=双碳")["shorthand"][0]["terms"][0]
    body = years_client.get(f"/terms/{term_id}").get_data(as_text=True)
    assert 'id="years-title"' in body and body.count("<polyline") == 1


def test_new_shorthand_each_year(years_client, years_index):
    data = api(years_client, "/api/new?year=2023")
    assert [e["shorthand"] for e in data["shorthand"]] == ["两个确立"]
    assert {e["shorthand"] for e in api(years_client, "/api/new?year=2019")["shorthand"]} == {"放管服", "六稳", "双碳"}
    assert "六保" in [e["shorthand"] for e in api(years_client, "/api/new?year=2021")["shorthand"]]
    api(years_client, "/api/new", status=400)
    page = years_client.get("/new?year=2021").get_data(as_text=True)
    spans = re.findall(r'class="shorthand-span"[^>]*>“<span[^>]*>([^<]+)</span>”', page)
    assert "六保" in spans and "放管服" not in spans

    from click.testing import CliRunner

    from termsearch.cli import main

    out = CliRunner().invoke(main, ["new", "--year", "2023", "--index", str(years_index)])
    assert out.exit_code == 0 and "两个确立" in out.output and "放管服" not in out.output
    # Counts are said in good English: 1 document, 2 documents (never 1 documents).
    listed = out.output + CliRunner().invoke(main, ["terms", "--undefined", "--index", str(years_index)]).output
    counts = re.findall(r"”  (\d+) document(s?), (\d+) use(s?)", listed)
    assert counts and any(n == "1" for n, _, m, _ in counts for n in (n, m))
    assert all((n == "1") != bool(s) for n, s, m, t in counts for n, s in ((n, s), (m, t)))
    missing = CliRunner().invoke(main, ["new", "--year", "1999", "--index", str(years_index)])
    assert missing.exit_code == 2 and "no document of 1999" in missing.output
    chart = CliRunner().invoke(main, ["timeline", "双碳", "--index", str(years_index)])
    assert chart.exit_code == 0 and "2021" in chart.output


def test_timeline_in_the_terminal_shows_a_year_of_too_little_text_without_a_figure_not_zero(tmp_path):
    """A year beside a much longer one gets no figure per million characters: the terminal
    printed 0.0 beside the paragraphs it was found in (a 5 MB report of 2020 beside six reports
    of 2022), and "1 documents" for the undated one."""
    from click.testing import CliRunner

    from termsearch import build
    from termsearch.cli import main

    folder = tmp_path / "r"
    folder.mkdir()
    filler = "".join(f"第{n}项工作稳步推进，各项任务全面完成。\n" for n in range(400))
    (folder / "long.txt").write_text(f"2020年甲市政府工作报告\n{filler}推进“放管服”改革。\n", encoding="utf-8")
    (folder / "short.txt").write_text("2022年乙县政府工作报告\n深化“放管服”改革。\n", encoding="utf-8")
    (folder / "undated.txt").write_text("关于优化营商环境的意见\n落实“放管服”改革。\n", encoding="utf-8")
    build([folder], tmp_path / "ix")
    out = CliRunner().invoke(main, ["timeline", "放管服", "--index", str(tmp_path / "ix")])
    assert out.exit_code == 0
    rows = {line.split()[0]: line.split() for line in out.output.splitlines() if re.match(r"\s+20\d\d ", line)}
    assert rows["2022"] == ["2022", "1", "1", "1", "–"] and float(rows["2020"][-1]) > 0
    assert "–: a year with under 10% of the median year's text has no figure per million characters" in out.output
    assert "放管服: also in 1 document without a year" in out.output


@pytest.mark.parametrize("url", ["/shorthand", "/shorthand?defined=any", "/timeline?q=双碳&q=放管服", "/timeline",
                                 "/new", "/new?year=2019", "/?q=双碳&year_from=2019&more=document"])
def test_vocabulary_pages_keep_the_csp_and_have_unique_ids(years_client, url):
    response = years_client.get(url)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", body) == [] and " style=" not in body
    ids = re.findall(r'\sid="([^"]+)"', body)
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("url", ["/shorthand?page=x", "/shorthand?page=99", "/new?year=abc", "/timeline?q=双碳&year_from=zz"])
def test_vocabulary_pages_answer_bad_input_with_a_4xx_page(years_client, url):
    assert years_client.get(url).status_code in (400, 404)


def test_a_year_with_almost_no_text_gets_no_per_million_figure(monkeypatch):
    """A year holding only a 500-character resolution would dwarf every real year on the chart."""
    from termsearch import collection, facets, timeline

    documents = {"big1": {"year": 2019, "characters": 20_000}, "big2": {"year": 2021, "characters": 20_000},
                 "tiny": {"year": 2020, "characters": 500}}
    monkeypatch.setattr(collection, "load", lambda reader: collection.Collection(documents, {}))
    monkeypatch.setattr(facets, "search", lambda *a, **k: (None, facets.Counts(
        document=[("big1", 2), ("tiny", 1), ("big2", 1)])))

    class AnyEngine:
        def reader(self):
            return None

    series = timeline.timeline(AnyEngine(), ["x"])["series"][0]
    assert series["paragraphs"] == {2019: 2, 2020: 1, 2021: 1}
    assert series["per_million"] == {2019: 100.0, 2021: 50.0}       # 2020: no figure, not 0


def test_the_chart_breaks_its_line_where_a_year_has_no_figure():
    from termsearch import charts

    whole = charts.timeline_svg([2019, 2020, 2021], [("x", {2019: 1.0, 2020: 0.0, 2021: 2.0})], title="t")
    broken = charts.timeline_svg([2019, 2020, 2021], [("x", {2019: 1.0, 2021: 2.0})], title="t")
    assert whole.count("<polyline") == 1 and broken.count("<polyline") == 2
    assert "<title>t</title>" in whole and "<script" not in whole


def test_documents_added_later_join_the_shorthand_and_a_lost_collection_file_is_named(tmp_path):
    from termsearch import collection
    from termsearch.index_build import build
    from termsearch.index_layout import current_build
    from termsearch.index_read import open_index

    folder = tmp_path / "reports"
    folder.mkdir()
    write_reports(folder, {"a2019.txt", "b2021.txt"})
    build([folder], tmp_path / "ix")
    reader = open_index(tmp_path / "ix")
    assert "两个确立" not in [e["shorthand"] for e in collection.load(reader).shorthand(reader.terms)]
    later = tmp_path / "later"
    later.mkdir()
    write_reports(later, {"d2023.txt"})
    build([later], tmp_path / "ix", incremental=True)
    reader = open_index(tmp_path / "ix")
    entries = {e["shorthand"]: e for e in collection.load(reader).shorthand(reader.terms)}
    assert entries["两个确立"]["first_year"] == 2023 and entries["放管服"]["document_count"] == 2
    # Every build an open index can be written by writes the file: lost, it is damage.
    (current_build(tmp_path / "ix") / collection.FILE).unlink()
    reader = open_index(tmp_path / "ix")
    with pytest.raises(IndexDamaged, match="collection.json is missing"):
        collection.load(reader)


def test_timeline_page_has_a_box_for_each_term_it_can_compare(years_client):
    from termsearch.timeline import MAX_QUERIES

    body = years_client.get("/timeline?q=双碳").get_data(as_text=True)
    assert len(re.findall(r'<input id="t-q\d+" name="q"', body)) == MAX_QUERIES
    assert f"Compare up to {MAX_QUERIES} terms" in body


def test_timeline_says_a_term_found_nowhere_and_how_to_compare_two(years_client):
    # Two words in one box are searched together: a flat line alone would leave the user guessing.
    body = years_client.get("/timeline?q=" + quote("灰犀牛 蛋糕")).get_data(as_text=True)
    assert "No paragraph holds “灰犀牛 蛋糕”" in body and "put each in a box of its own" in body
    body = years_client.get("/timeline?q=灰犀牛&q=蛋糕").get_data(as_text=True)
    assert "No paragraph holds" not in body


def test_timeline_box_of_control_characters_counts_as_empty(years_client):
    body = years_client.get("/timeline?q=%00&q=双碳").get_data(as_text=True)
    assert "<h1>Over the years: 双碳</h1>" in body and "No paragraph holds" not in body
    assert body.count('class="swatch ') == 1                  # one line, not a nameless second


def test_new_shorthand_of_a_year_without_documents_is_a_404_naming_the_years(years_client):
    # As `termsearch new --year 2030` says it, not "0 new shorthand in 2030" as if 2030 had reports.
    data = api(years_client, "/api/new?year=2030", status=404)
    assert data["error"]["message"].startswith("no document of 2030 in the index (years: ")
    page = years_client.get("/new?year=2030")
    assert page.status_code == 404 and "no document of 2030 in the index" in page.get_data(as_text=True)
    assert years_client.get("/new?year=2019").status_code == 200
