"""Reliability against an attacker and an unlucky operator (issue 15): corpus folders that cannot
leak or hang a build, leftovers of dead builds, one-line errors, bounded responses, safe imports."""
import errno
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from termsearch.index_build import build
from termsearch.index_layout import BUILDS, CURRENT, current_build
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


def test_a_file_whose_name_is_not_utf8_is_skipped_and_said_the_others_indexed(tmp_path):
    # Its name could not be written into the build's files: the whole build failed, nothing indexed.
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "report.txt").write_text(REPORT, encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), b"gbk-\xb1\xa8\xb8\xe6.txt"), "wb") as handle:
        handle.write(REPORT.replace("无废城市", "美丽乡村").encode("utf-8"))
    out = cli_in_process("index", folder, "--index", tmp_path / "ix")
    assert out.returncode == 0 and "report.txt" in out.stdout
    assert f"error: {folder}/gbk-\\xb1\\xa8\\xb8\\xe6.txt: its name is not UTF-8; skipped (rename it to index it)" \
        in out.stdout.splitlines()
    engine = Engine(tmp_path / "ix")
    assert [d["id"] for d in engine.reader().documents] == ["report"] and engine.search("美丽乡村").total == 0


def test_a_device_and_a_fifo_named_txt_neither_hang_nor_fill_the_build(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "report.txt").write_text(REPORT, encoding="utf-8")
    (folder / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(folder / "pipe.txt")
    # In a subprocess with a timeout: a hang must fail the test, not stall the suite (generous,
    # since a build under a loaded machine can take a minute).
    proc = run_cli("index", folder, "--index", tmp_path / "ix", "--json", timeout=180)
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
    import termsearch.index_build as index_mod

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


@pytest.mark.parametrize("path, key, total", [("/api/documents", "documents", "total"),
                                               ("/api/terms", "terms", "total"),
                                               ("/api/documents/long", "paragraphs", "paragraph_total")])
def test_a_page_past_the_end_is_empty_and_leads_back_to_the_last_page(long_client, path, key, total):
    # Past the end is no error for any list of the API (the total says how many there are), and
    # its previous address is the last page: it led back `limit` at a time through empty pages.
    past = long_client.get(f"{path}?offset=1000000&limit=5").get_json()
    assert past[key] == [] and past["next"] is None and past[total] > 0
    last = long_client.get(past["previous"]).get_json()
    assert last["offset"] == max(0, past[total] - 5) and last["next"] is None
    assert len(last[key]) == min(5, past[total])


def test_import_terms_refuses_a_termbase_past_the_maximum(tmp_path, monkeypatch):
    from termsearch import export
    from termsearch.model import IngestError

    monkeypatch.setattr(export, "MAX_IMPORT_TERMS", 5)
    termbase = tmp_path / "big.csv"
    termbase.write_text("term,definition\n" + "".join(f"术语{n},解释{n}\n" for n in range(6)), encoding="utf-8")
    with pytest.raises(IngestError, match="at most 5"):
        export.read_terms(termbase)


# ----------------------------------------------------------------------------- one-line errors

FULL_DISK = textwrap.dedent("""
    import errno, os, sys
    real_replace = os.replace
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(args[1]))
    os.replace = full
    from termsearch.cli import main
    sys.argv = ["termsearch", *sys.argv[1:]]
    main()
""")


def test_a_full_disk_during_a_build_or_add_is_a_one_line_error_and_the_index_survives(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(REPORT, encoding="utf-8")
    index_dir = tmp_path / "ix"
    build([report], index_dir)
    live = current_build(index_dir)
    for extra in ([], ["--add"]):
        proc = subprocess.run([sys.executable, "-c", FULL_DISK, "index", str(report), "--index", str(index_dir),
                               *extra], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2, proc.stderr
        messages = [line for line in proc.stderr.splitlines() if line.startswith("termsearch:")]
        assert "Traceback" not in proc.stderr and len(messages) == 1, proc.stderr
        assert "disk is full" in messages[0] and "previous index is unchanged" in messages[0]
        assert current_build(index_dir) == live
        assert not list((index_dir / BUILDS).glob("*.partial"))
    assert Engine(index_dir).search("无废城市").total > 0


@pytest.mark.parametrize("stop", [MemoryError, RuntimeError, KeyboardInterrupt])
@pytest.mark.parametrize("extra", [[], ["--add"]])
def test_a_build_stopped_midway_says_the_previous_index_still_serves_and_it_does(tmp_path, monkeypatch, stop, extra):
    import termsearch.index_build as index_mod
    from click.testing import CliRunner
    from termsearch.cli import main

    report = tmp_path / "r.txt"
    report.write_text(REPORT, encoding="utf-8")
    index_dir = tmp_path / "ix"
    build([report], index_dir)
    live, serving = current_build(index_dir), Engine(index_dir)
    before = serving.search("无废城市").total

    def stopped(build_dir):     # (the last step before the new build swaps in)
        raise stop("stopped here")

    monkeypatch.setattr(index_mod, "write_sizes", stopped)
    result = CliRunner().invoke(main, ["index", str(report), "--index", str(index_dir), *extra])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit), result.output
    [line] = result.output.strip().splitlines()
    assert line.startswith("termsearch: ") and "unchanged and still serves its previous build" in line
    assert current_build(index_dir) == live and serving.search("无废城市").total == before > 0


def test_a_full_disk_on_a_first_build_says_no_index_was_written_and_leaves_no_folder(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(REPORT, encoding="utf-8")
    index_dir = tmp_path / "ix"
    proc = subprocess.run([sys.executable, "-c", FULL_DISK, "index", str(report), "--index", str(index_dir)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    [line] = proc.stderr.strip().splitlines()
    assert "disk is full" in line and "no index was written" in line and "previous" not in line
    assert not index_dir.exists()


def test_a_read_only_index_folder_is_a_one_line_error(tmp_path, monkeypatch):
    import termsearch.index_build as index_mod
    from termsearch.model import TermsearchError

    report = tmp_path / "r.txt"
    report.write_text(REPORT, encoding="utf-8")

    def read_only(index_dir):
        raise PermissionError(errno.EROFS, "Read-only file system", str(index_dir / ".lock"))

    monkeypatch.setattr(index_mod, "_clear_dead_builds", read_only)     # (as root, chmod does not stop writes)
    with pytest.raises(TermsearchError, match="cannot build the index: read-only file system"):
        build([report], tmp_path / "ix")


def test_adding_to_an_index_that_lost_a_segment_file_works_and_a_restart_serves(tmp_path):
    from termsearch.app import create_app

    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(REPORT, encoding="utf-8")
    second.write_text("2025年某县政府工作报告\n县里建成了新的污水处理厂。\n", encoding="utf-8")
    index_dir = tmp_path / "ix"
    build([first], index_dir)
    build([second], index_dir, incremental=True)
    damaged = current_build(index_dir)
    for lost in (damaged / "paragraphs").glob("*.pst"):
        lost.unlink()
    # A restart on the damaged index serves the earlier build still on disk, never a 500.
    client = create_app(index_dir).test_client()
    for url in ["/api/search?q=%E6%97%A0%E5%BA%9F%E5%9F%8E%E5%B8%82", "/", "/api/terms", "/glossary", "/documents"]:
        assert client.get(url).status_code == 200, url
    assert client.get("/api/search?q=%E6%97%A0%E5%BA%9F%E5%9F%8E%E5%B8%82").get_json()["total"] > 0
    # --add onto it rebuilds from the index's own copy of the documents.
    proc = run_cli("index", first, "--add", "--index", index_dir)
    assert proc.returncode == 0, proc.stderr
    engine = Engine(index_dir)
    assert engine.search("无废城市").total > 0 and engine.search("污水处理厂").total > 0


def test_a_file_of_the_live_build_overwritten_after_start_up_hands_over_to_the_earlier_build(tmp_path):
    """Found damaged while serving (the server's check at start, or after a request failed), the
    live build gives way to the earlier one still on disk, as it does when found on opening:
    one request may be refused, the next are answered."""
    from termsearch.app import create_app

    report = tmp_path / "a.txt"
    report.write_text(REPORT, encoding="utf-8")
    index_dir = tmp_path / "ix"
    build([report], index_dir)
    build([report], index_dir)                      # a rebuild: the first build stays on disk
    table = current_build(index_dir) / "documents.json"
    text = table.read_text(encoding="utf-8")
    table.write_text(text.replace('"year":2024', '"year":1999'), encoding="utf-8")   # its size unchanged
    app = create_app(index_dir, warm=True)
    app.extensions["termsearch.warm_up"].join()     # the start-up check finds it
    client = app.test_client()
    response = client.get("/api/documents")
    assert response.status_code == 200, response.get_json()
    assert "1999" not in response.get_data(as_text=True) and "2024" in response.get_data(as_text=True)
    assert client.get("/api/search?q=%E6%97%A0%E5%BA%9F%E5%9F%8E%E5%B8%82").get_json()["total"] > 0


def test_with_every_build_damaged_the_server_answers_503_not_500(tmp_path):
    from termsearch.app import create_app

    report = tmp_path / "a.txt"
    report.write_text(REPORT, encoding="utf-8")
    index_dir = tmp_path / "ix"
    build([report], index_dir)
    for lost in (current_build(index_dir) / "paragraphs").glob("*.pst"):
        lost.unlink()
    client = create_app(index_dir).test_client()
    for url in ["/api/search?q=%E6%97%A0%E5%BA%9F", "/"]:
        assert client.get(url).status_code == 503, url
    proc = run_cli("query", "无废", "--index", index_dir)
    assert proc.returncode == 2 and "damaged" in proc.stderr and "Traceback" not in proc.stderr


# ----------------------------------------------------------------------------- imports

@pytest.mark.parametrize("english, message", [(5, "must be a list"), (True, "must be a list")])
def test_json_import_with_a_wrong_type_is_a_one_line_error(english, message):
    from termsearch.export import from_json
    from termsearch.model import IngestError

    with pytest.raises(IngestError, match=message):
        from_json(json.dumps([{"term": "双万", "english": english}]))


def test_json_import_nested_without_end_is_a_one_line_error(tmp_path):
    from termsearch.export import read_terms
    from termsearch.model import IngestError

    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    with pytest.raises(IngestError, match="nested too deeply"):
        read_terms(deep)


def test_json_english_as_text_or_one_object_is_one_rendering():
    from termsearch.export import from_json

    text, obj = from_json(json.dumps([{"term": "双万", "english": "abc"},
                                      {"term": "三区三线", "english": {"text": "x", "confidence": "official"}}]))
    assert [r.text for r in text.english] == ["abc"]
    assert [(r.text, r.confidence) for r in obj.english] == [("x", "official")]


def test_two_csv_rows_with_one_id_and_different_terms_are_both_kept():
    from termsearch.export import from_csv
    from termsearch.model import IngestError

    rows = "id,term,definition,english\nx,双万,第一,two ten-thousands\nx,三区三线,第二,three zones\n"
    terms = from_csv(rows, origin="mine.csv")
    assert [t.term for t in terms] == ["双万", "三区三线"]
    assert [[r.text for r in t.english] for t in terms] == [["two ten-thousands"], ["three zones"]]
    assert len({t.id for t in terms}) == 2
    with pytest.raises(IngestError, match="line 3: id 'x' is already the id of another term"):
        from_csv(rows)          # restoring ids as written: a clear error, not a silent merge
    same = from_csv("id,term,english\nx,双万,a\nx,双万,b\n", origin="mine.csv")
    assert [[r.text for r in t.english] for t in same] == [["a", "b"]]      # one term's renderings


ENTITY_TBX = """<?xml version="1.0" encoding="{encoding}"?>
<!DOCTYPE tbx [<!ENTITY boom "双万双万双万">]>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
<conceptEntry id="c1"><langSec xml:lang="zh-Hans"><termSec><term>&boom;</term></termSec></langSec></conceptEntry>
</body></text></tbx>
"""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16-be", "utf-16"])
def test_tbx_with_entities_is_refused_in_any_encoding(encoding):
    from termsearch.export import from_tbx
    from termsearch.model import IngestError

    declared = "UTF-16" if encoding.startswith("utf-16") else "UTF-8"
    data = ENTITY_TBX.format(encoding=declared).encode(encoding)     # utf-16-le/be: no byte-order mark
    with pytest.raises(IngestError, match="not accepted"):
        from_tbx(data, origin="evil.tbx")


FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3",
            "\t=1+1", "\r=1+1", "'=already quoted", "''+twice"]


def test_csv_export_neutralises_formulas_and_import_restores_them():
    import csv
    import io

    from termsearch.export import from_csv, to_csv
    from termsearch.model import Rendering, SourceRef, Term

    terms = [Term(id=f"t{n}", term=f"术语{n}", traditional="", simplified="", aliases=[], definition=text,
                  source=SourceRef("doc", n + 1), english=[Rendering(text=text, confidence="attested", source=text)])
             for n, text in enumerate(FORMULAS)]
    out = to_csv(terms)
    for row in list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))[1:]:
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r", cell       # nothing a spreadsheet would run
    back = from_csv(out)
    assert [t.definition for t in back] == FORMULAS
    # (a rendering's surrounding spaces are dropped on import: "\t=1+1" comes back as "=1+1")
    assert [t.english[0].text for t in back] == [f.strip() for f in FORMULAS]
    assert [t.english[0].source for t in back] == FORMULAS


def test_the_glossary_page_is_paged_when_terms_are_many(long_index, monkeypatch):
    from termsearch import pages
    from termsearch.app import create_app

    monkeypatch.setattr(pages, "GLOSSARY_PAGE", 100)
    client = create_app(long_index).test_client()
    first = client.get("/glossary").get_data(as_text=True)
    assert first.count('class="gloss-entry"') == 100 and 'rel="next"' in first and "page 1 of" in first
    last = client.get("/glossary?page=3").get_data(as_text=True)
    assert 0 < last.count('class="gloss-entry"') <= 100
    assert client.get("/glossary?page=99").status_code == 404


def test_a_terms_uses_come_a_page_at_a_time(long_client):
    term_id = long_client.get("/api/search?q=%E5%8F%8C%E4%B8%87&limit=0&term_limit=1").get_json()["terms"][0]["id"]
    whole = long_client.get(f"/api/terms/{term_id}").get_json()
    assert whole["uses_total"] >= 1 and len(whole["uses"]) == whole["uses_total"]
    none = long_client.get(f"/api/terms/{term_id}?uses_limit=0").get_json()
    assert none["uses"] == [] and none["uses_total"] == whole["uses_total"]
    assert long_client.get(f"/api/terms/{term_id}?uses_limit=100000").status_code == 400


def test_a_worker_that_cannot_import_termsearch_fails_the_build_in_one_line_the_index_kept(tmp_path, monkeypatch):
    """A source file half saved while a build runs: the look-up workers, started afresh, import
    termsearch anew and die. The build said only "A process in the process pool was terminated
    abruptly" (a traceback on the command line); it must say which worker and why."""
    from termsearch import index_build
    from termsearch.errors import BuildFailed

    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    build([report], tmp_path / "ix", workers=2)
    live = (tmp_path / "ix" / CURRENT).read_text()
    half_saved = tmp_path / "edited" / "termsearch"
    half_saved.mkdir(parents=True)
    (half_saved / "__init__.py").write_text("def half_saved(:\n")
    monkeypatch.setattr(index_build, "PARALLEL_WORDS", 0)      # the look-ups in workers, as on a corpus
    # and the builder's own work beside them as long as on a corpus (seconds): the workers are
    # dead before it ends. (Dying while it cancels the jobs not begun, Python 3.11's pool breaks
    # its own thread: InvalidStateError, a thread left running.)
    real_word_facts = index_build._word_facts

    def long_meanwhile(counts, old_readings, workers, meanwhile, aside=None):
        return real_word_facts(counts, old_readings, workers, lambda: (time.sleep(3), meanwhile()), aside)

    monkeypatch.setattr(index_build, "_word_facts", long_meanwhile)
    monkeypatch.syspath_prepend(str(half_saved.parent))         # what a worker started now imports
    with pytest.raises(BuildFailed) as failed:
        build([report], tmp_path / "ix", workers=2)
    message = failed.value.message
    assert message.startswith("the build stopped: a dictionary look-up worker")
    assert "SyntaxError" in message and "edited/termsearch/__init__.py:1" in message
    assert (tmp_path / "ix" / CURRENT).read_text() == live
    assert not [p for p in (tmp_path / "ix" / BUILDS).iterdir() if p.name.endswith(".partial")]
