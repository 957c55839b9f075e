"""The vocabulary across reports and years: filters by year, region, level and kind with their
counts; quoted shorthand nobody defined; a term's life over the years; what is new each year.

The fixture: four short reports of three years. Three use “双碳”, the 2023 one defines it in its
glossary; “六稳” and “放管服” are used and defined nowhere; 《》 titles, speech and scare quotes
around ordinary words must not be listed as shorthand.
"""
from __future__ import annotations

import json
import re

import pytest

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


def set_metadata(job):
    """index._ingest_one with the fixture's metadata set on the fields (what ingest/metadata fills)."""
    from pathlib import Path

    from termsearch.ingest.pipeline import ingest_file

    path, document_id = job
    doc = ingest_file(Path(path), document_id)
    _, doc.year, doc.region, doc.level, doc.kind, _ = REPORTS[Path(path).name]
    return doc


@pytest.fixture(scope="module")
def years_index(tmp_path_factory):
    import termsearch.index as index_mod

    folder = tmp_path_factory.mktemp("years-reports")
    for name, (*_, text) in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("years-index")
    original = index_mod._ingest_one
    index_mod._ingest_one = set_metadata
    try:
        index_mod.build([folder], index_dir)
    finally:
        index_mod._ingest_one = original
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
    from termsearch.index import build

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
