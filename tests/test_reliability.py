"""Reliability against an attacker and an unlucky operator (issue 15): corpus folders that cannot
leak or hang a build, leftovers of dead builds, one-line errors, bounded responses, safe imports."""
import errno
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from termsearch.index import BUILDS, CURRENT, build, current_build
from termsearch.search import Engine

REPORT = """2024年某镇政府工作报告
各位代表：
一、工作回顾
我们推进“无废城市”建设，打造国际汽车城。
名词解释：
“无废城市”：指以创新、协调、绿色发展理念为引领的城市发展模式。
"""


def run_cli(*args, env=None, timeout=120):
    return subprocess.run([sys.executable, "-m", "termsearch.cli", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, env=env)


def cli_in_process(*args):
    """The CLI run here (quicker than a new process each time), as a CompletedProcess."""
    from click.testing import CliRunner

    from termsearch.cli import main

    result = CliRunner().invoke(main, [str(a) for a in args])
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


# ----------------------------------------------------------------------------- corpus folders

def test_a_symlink_out_of_the_folder_is_not_indexed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密文件内容：口令是天王盖地虎。\n" * 3, encoding="utf-8")
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "report.txt").write_text(REPORT, encoding="utf-8")
    (folder / "passwd.txt").symlink_to(secret)
    (folder / "inside.txt").symlink_to(folder / "report.txt")      # a link inside the folder is fine
    result = build([folder], tmp_path / "ix")
    assert not any("secret" in d["path"] for d in result.report.documents)
    assert Engine(tmp_path / "ix").search("天王盖地虎").total == 0
    assert any("passwd.txt" in e and "outside the folder" in e for e in result.report.errors)


def test_a_device_and_a_fifo_named_txt_neither_hang_nor_fill_the_build(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "report.txt").write_text(REPORT, encoding="utf-8")
    (folder / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(folder / "pipe.txt")
    # In a subprocess with a timeout: a hang must fail the test, not stall the suite.
    proc = run_cli("index", folder, "--index", tmp_path / "ix", "--json", timeout=60)
    out = json.loads(proc.stdout)
    assert [d["path"].rsplit("/", 1)[-1] for d in out["documents"]] == ["report.txt"]
    assert any("pipe.txt" in e and "not a regular file" in e for e in out["errors"])
    assert any("zero.txt" in e for e in out["errors"])


def test_a_device_named_on_the_command_line_is_refused_not_read_forever(tmp_path):
    from termsearch.ingest.read import read_capped
    from termsearch.model import IngestError

    with pytest.raises(IngestError, match="not a regular file"):
        read_capped(Path("/dev/zero"), 1024)
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2048)
    with pytest.raises(IngestError, match="over the"):
        read_capped(big, 1024)


# ----------------------------------------------------------------------------- dead builds

def test_a_dead_builds_leftovers_are_cleared_before_the_next_build(tmp_path):
    index_dir = tmp_path / "ix"
    report = tmp_path / "r.txt"
    report.write_text(REPORT, encoding="utf-8")
    build([report], index_dir)
    partial = index_dir / BUILDS / "20200101T000000-1-1.partial"
    partial.mkdir()
    (partial / "big").write_bytes(b"x" * 1000)
    stale_tmp = index_dir / f"{CURRENT}.99999.tmp"
    stale_tmp.write_text("nothing\n")
    # The leftovers are gone while the build runs (checked from inside it), not only after it.
    seen = {}
    import termsearch.index as index_mod

    real = index_mod._write_build

    def spy(*args, **kwargs):
        seen["partial"] = partial.exists()
        seen["tmp"] = stale_tmp.exists()
        return real(*args, **kwargs)

    index_mod._write_build = spy
    try:
        build([report], index_dir)
    finally:
        index_mod._write_build = real
    assert seen == {"partial": False, "tmp": False}


# ----------------------------------------------------------------------------- terminal and pages

def test_control_characters_never_reach_the_terminal_raw(tmp_path):
    from termsearch.export import to_json
    from termsearch.model import SourceRef, Term

    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "evil\x1b]0;pwned\x07.txt").write_text(REPORT, encoding="utf-8")
    index_dir = tmp_path / "ix"
    proc = cli_in_process("index", folder, "--index", index_dir)
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout
    assert "\\x1b]0;pwned\\x07" in proc.stdout          # shown, escaped
    termbase = tmp_path / "terms.json"
    termbase.write_text(to_json([Term(id="x", term="毒词", traditional="", simplified="", aliases=[],
                                      definition="清屏\x1b[2J响铃\x07", source=SourceRef("t", 1))]), encoding="utf-8")
    assert cli_in_process("import-terms", termbase, "--index", index_dir).returncode == 0
    for args in (["terms"], ["query", "毒词"], ["show", "毒词"]):
        out = cli_in_process(*args, "--index", index_dir)
        assert out.returncode == 0, out.stderr
        assert "\x1b" not in out.stdout and "\x07" not in out.stdout, args
        assert "\\x1b[2J" in out.stdout


def test_a_query_starting_with_a_dash_is_a_query(seed_index):
    options = ["--index", str(seed_index), "--json"]
    for args in (["query", "-经济", *options], ["query", *options, "--", "-经济"],
                 ["query", "-经济", "--limit", "1", *options]):
        proc = run_cli(*args)
        assert proc.returncode == 0, (args, proc.stderr)
        assert json.loads(proc.stdout)["query"].lstrip("-") == "经济"


def test_an_error_page_does_not_repeat_a_huge_url(client):
    response = client.get("/no-such-page?" + "q=" + "x" * 100_000)
    assert response.status_code == 404
    assert len(response.data) < 30_000


# ----------------------------------------------------------------------------- bounded responses

LONG_LINES = 3000


@pytest.fixture(scope="module")
def long_index(tmp_path_factory):
    """One document of 3,000 short lines (many pages), headings among them, and a glossary with
    many entries for one headword."""
    folder = tmp_path_factory.mktemp("long-reports")
    lines = ["2024年长文件报告"]
    for n in range(1, LONG_LINES + 1):
        if n % 500 == 1:
            lines.append(f"{'一二三四五六七'[n // 500]}、第{n // 500 + 1}部分")
        lines.append(f"第{n}行：推进高质量发展。")
    (folder / "long.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    glossary = ["2024年术语报告", "我们推进双万新起点。", "名词解释："]
    glossary += [f"{n}. “双万”：第{n}种解释，指新的起点。" for n in range(1, 301)]
    (folder / "many-terms.txt").write_text("\n".join(glossary) + "\n", encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("long-index")
    build([folder], index_dir)
    return index_dir


@pytest.fixture(scope="module")
def long_client(long_index):
    from termsearch.app import create_app

    return create_app(long_index).test_client()


def test_a_long_document_comes_a_page_at_a_time_from_the_api(long_client):
    first = long_client.get("/api/documents/long")
    assert first.status_code == 200
    data = first.get_json()
    assert data["paragraph_total"] >= LONG_LINES
    assert 0 < len(data["paragraphs"]) <= 200 and len(first.data) < 200_000
    assert data["previous"] is None and data["next"]
    seen, url, pages = [], "/api/documents/long", 0
    while url:
        page = long_client.get(url).get_json()
        seen += [p["ordinal"] for p in page["paragraphs"]]
        url = page["next"]
        pages += 1
        assert pages < 100
    assert seen == list(range(1, data["paragraph_total"] + 1))     # every paragraph once, in order
    middle = long_client.get("/api/documents/long?offset=1000&limit=5").get_json()
    assert [p["ordinal"] for p in middle["paragraphs"]] == [1001, 1002, 1003, 1004, 1005]
    assert middle["previous"].endswith("offset=995") and middle["next"].endswith("offset=1005")
    assert long_client.get("/api/documents/long?limit=100000").status_code == 400


def test_a_page_of_a_long_document_says_its_headings(long_client):
    data = long_client.get("/api/documents/long?limit=500").get_json()
    lines = [p["line"] for p in data["paragraphs"]]
    assert data["section_total"] >= 6
    # A heading goes with the paragraph after it: none after the last paragraph given.
    assert data["sections"] and all(s["line"] < lines[-1] for s in data["sections"])
    every, offset = [], 0
    while offset is not None:
        page = long_client.get(f"/api/documents/long?offset={offset}&limit=137").get_json()
        every += page["sections"]
        offset = int(page["next"].rsplit("=", 1)[1]) if page["next"] else None
    assert [s["ordinal"] for s in every] == list(range(1, data["section_total"] + 1))   # each once


def test_the_reader_pages_a_long_document(long_client):
    first = long_client.get("/documents/long")
    assert first.status_code == 200 and len(first.data) < 1_000_000
    body = first.get_data(as_text=True)
    assert 'rel="next"' in body and "page 1 of" in body
    assert 'id="p-1"' in body and 'id="p-2500"' not in body
    at = long_client.get("/documents/long?at=2500").get_data(as_text=True)
    assert 'id="p-2500"' in at and 'id="p-1"' not in at
    assert long_client.get("/documents/long?page=99999").status_code == 404


def test_glossary_terms_in_a_search_respect_a_page_and_say_their_total(long_client):
    data = long_client.get("/api/search?q=%E5%8F%8C%E4%B8%87&limit=1").get_json()
    assert data["terms_total"] >= 300
    assert len(data["terms"]) == 10
    more = long_client.get("/api/search?q=%E5%8F%8C%E4%B8%87&limit=1&term_limit=5&term_offset=10").get_json()
    assert [t["id"] for t in more["terms"]] == [t["id"] for t in long_client.get(
        "/api/search?q=%E5%8F%8C%E4%B8%87&limit=1&term_limit=20").get_json()["terms"][10:15]]
    page = long_client.get("/?q=%E5%8F%8C%E4%B8%87").get_data(as_text=True)
    assert page.count('class="term-card') <= 10 and "More terms" in page


def test_term_and_document_lists_are_paged(long_client):
    terms = long_client.get("/api/terms?limit=7&offset=3").get_json()
    assert len(terms["terms"]) == 7 and terms["total"] >= 300 and terms["next"].endswith("offset=10")
    docs = long_client.get("/api/documents?limit=1").get_json()
    assert len(docs["documents"]) == 1 and docs["total"] == 2 and docs["next"]


def test_import_terms_refuses_a_termbase_past_the_maximum(tmp_path, monkeypatch):
    from termsearch import export
    from termsearch.model import IngestError

    monkeypatch.setattr(export, "MAX_IMPORT_TERMS", 5)
    termbase = tmp_path / "big.csv"
    termbase.write_text("term,definition\n" + "".join(f"术语{n},解释{n}\n" for n in range(6)), encoding="utf-8")
    with pytest.raises(IngestError, match="at most 5"):
        export.read_terms(termbase)
