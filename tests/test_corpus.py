"""Robustness on real reports no one here wrote: ../shared/corpus/reports through `termsearch index`."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, shared_corpus

REPORTS = CORPUS / "reports"
FURNITURE = {"下载", "打印", "全屏", "收藏", "加大", "还原", "减小", "】", "【字号：", "false", "Public domain", "公有领域"}


@pytest.fixture(scope="module")
def corpus_report(tmp_path_factory):
    shared_corpus(REPORTS)
    index_dir = tmp_path_factory.mktemp("corpus-index")
    out = subprocess.run([sys.executable, "-m", "termsearch.cli", "index", str(REPORTS), "--index", str(index_dir),
                          "--json"], capture_output=True, text=True, check=True).stdout
    return index_dir, json.loads(out)


@pytest.mark.slow
def test_every_report_is_ingested_with_a_sane_report(corpus_report):
    _, report = corpus_report
    files = sorted(str(p.resolve()) for p in REPORTS.rglob("*.txt"))
    assert report["errors"] == []
    assert sorted(str(Path(d["path"]).resolve()) for d in report["documents"]) == files
    for doc in report["documents"]:
        assert doc["paragraphs"] >= 3, doc["path"]      # NPC resolutions are a few paragraphs long
        assert len(doc["damaged"]) <= 2, doc["path"]
    with_sections = [d for d in report["documents"] if d["sections"]]
    assert len(with_sections) >= 110                    # early reports and resolutions have no headings
    assert report["totals"]["glossary"] == 0          # none of these reports prints a glossary


@pytest.mark.slow
def test_page_furniture_never_becomes_a_paragraph(corpus_report):
    from termsearch.index_read import open_index

    index_dir, report = corpus_report
    reader = open_index(index_dir)
    for doc in report["documents"]:
        paragraphs = reader.document(doc["document"]).paragraphs
        junk = [p.text for p in paragraphs if p.text.strip() in FURNITURE or p.text.startswith(("本作品", "来源："))]
        assert junk == [], doc["path"]
    titles = {d["id"]: d["title"] for d in reader.documents}
    assert titles["province_zhejiang_2026"] == "2026年浙江省政府工作报告"


@pytest.mark.slow
def test_the_corpus_answers_queries_in_every_form(corpus_report):
    from termsearch.search import Engine

    engine = Engine(corpus_report[0])
    chars = engine.search("高质量发展", limit=1).total
    assert chars > 100
    assert engine.search("高質量發展", limit=1).total == chars
    assert engine.search("gaozhiliangfazhan", limit=1).total >= chars
    assert engine.search("gāo zhì liàng fā zhǎn", limit=1).total >= chars
