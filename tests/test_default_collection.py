"""The default collection (seeds/): the seed report, the national government work reports and the
Hebei glossary reports, with their provenance and metadata — what a new user meets on first run."""
import json
from pathlib import Path

import pytest

from termsearch.ingest.files import collect_files
from termsearch.ingest.pipeline import ingest_file

from conftest import ROOT

SEEDS = ROOT / "seeds"
MANIFEST = SEEDS / "glossaries" / "MANIFEST.json"


def test_the_collection_ships_with_its_provenance():
    provenance = (SEEDS / "PROVENANCE").read_text("utf-8")
    assert "aldohemsn/chinese-political-corpora" in provenance and "99bc4b01" in provenance
    assert "yver-sun/gaoyang-towel-resilience" in provenance and "a1caada508339d96e4b2d375ee3bd6f87a6382b8" in provenance
    files, problems = collect_files([SEEDS])
    assert not problems
    # Provenance, manifest and metadata files are not reports.
    assert {p.suffix for p in files} == {".txt"}
    assert len(files) == 1 + len(list((SEEDS / "national").glob("*.txt"))) + len(json.loads(MANIFEST.read_text("utf-8"))["files"])


def test_each_glossary_report_reads_as_its_manifest_says():
    manifest = json.loads(MANIFEST.read_text("utf-8"))
    for entry in manifest["files"]:
        doc = ingest_file(SEEDS / "glossaries" / entry["file"], "doc")
        assert not [w for w in doc.warnings if "meta.json" in w], entry["file"]
        assert (doc.region, doc.level, doc.kind, doc.year) == (
            entry["region"].replace("（县级市）", ""), entry["level"], "government_work_report", entry["year"]), entry["file"]
        assert doc.display_title.endswith("政府工作报告") and str(entry["year"]) in doc.display_title


def test_each_national_report_is_national_with_the_year_of_its_file_name():
    for path in sorted((SEEDS / "national").glob("national_[0-9]*.txt")):
        doc = ingest_file(path, "doc")
        assert (doc.region, doc.level, doc.kind) == ("中国", "national", "government_work_report"), path.name
        assert doc.year == int(path.stem.split("_")[1]), path.name


@pytest.mark.slow
def test_the_default_collection_builds_with_reports_of_many_years_and_regions(tmp_path):
    from termsearch.index_build import build
    from termsearch.index_read import open_index

    result = build([SEEDS], tmp_path / "index")
    assert not result.report.errors
    documents = open_index(tmp_path / "index").documents
    years = {d["year"] for d in documents}
    regions = {d["region"] for d in documents}
    assert min(years) < 1960 and max(years) >= 2025 and len(years) > 40
    assert {"中国", "广东省东莞市寮步镇", "河北省保定市", "河北省保定市满城区", "河北省雄安新区容城县"} <= regions
    assert {d["level"] for d in documents} == {"national", "city", "county", "district", "town"}
    # Glossaries from many reports: terms across reports and decades on first run.
    assert sum(1 for d in documents if d["glossary"]) >= 16
    titles = [d["display_title"] for d in documents]
    assert len(set(titles)) == len(titles)      # display titles tell every report apart
