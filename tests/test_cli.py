"""The `termsearch` command as a user runs it: listings, JSON contracts, exports, clear errors."""
import json
import re
import threading

import pytest
from click.testing import CliRunner

from termsearch.cli import main

TERM_FIELDS = {"id", "term", "traditional", "simplified", "pinyin", "aliases", "definition", "english", "source"}
HIT_FIELDS = {"document", "paragraph", "line", "section", "text", "snippet", "terms", "score"}


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result


def test_query_lists_term_cards_then_marked_hits(seed_index):
    out = run("query", "shuang wan", "--index", seed_index).output
    lines = out.splitlines()
    assert "pinyin" in lines[0] and "双万" in lines[0]
    assert lines[1].startswith("■ “雙萬”")
    assert "3 paragraphs" in out
    assert "[雙萬]" in out                     # the match is marked where it was found


def test_term_cards_of_one_headword_name_the_report_that_defines_each(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    for county, definition in (("定兴县", "形式主义、官僚主义、享乐主义、奢靡之风。"), ("蠡县", "是指形式主义与官僚主义。")):
        (folder / f"{county}.txt").write_text(
            f"2022年{county}政府工作报告\n各位代表：\n坚决纠治“四风”。\n名词解释\n[1]“四风”：{definition}\n", "utf-8")
    assert run("index", folder, "--index", tmp_path / "ix").exit_code == 0
    out = run("query", "四风", "--index", tmp_path / "ix").output
    cards = out.split("■ ")[1:]
    assert len(cards) == 2
    assert sorted(re.search(r"defined by (\S+) 2022 · 政府工作报告, line 5", c).group(1) for c in cards) == ["定兴县", "蠡县"]


def test_a_terms_counts_add_up_to_what_a_search_of_its_words_finds(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "a.txt").write_text("2022年定兴县政府工作报告\n各位代表：\n落实“三保”要求。\n名词解释\n[1]“三保”：保工资、保运转、保基本民生。\n", "utf-8")
    (folder / "b.txt").write_text("2022年蠡县政府工作报告\n各位代表：\n兜牢“三保”底线，“三保”支出优先。\n坚持“三保”。\n", "utf-8")
    assert run("index", folder, "--index", tmp_path / "ix").exit_code == 0
    shown = run("show", "三保", "--index", tmp_path / "ix").output
    assert "1 use (besides its definition, line 5):" in shown
    assert "the same words elsewhere (not uses of this definition): 3 in 2 paragraphs of 1 document" in shown
    assert "  b: 3 in 2 paragraphs" in shown
    # Where the definition comes from is said by the report's display title, as lists show it.
    assert "source: 定兴县 2022 · 政府工作报告 [a], line 5" in shown
    listed = run("terms", "--index", tmp_path / "ix").output
    assert "    — 定兴县 2022 · 政府工作报告 [a], line 5" in listed
    # 1 use, its definition and 2 paragraphs elsewhere: the 4 paragraphs a search finds.
    assert json.loads(run("query", "三保", "--index", tmp_path / "ix", "--json").output)["total"] == 4


def test_query_json_is_the_documented_contract(seed_index):
    data = json.loads(run("query", "5080", "--index", seed_index, "--json", "--limit", "2").output)
    assert set(data) == {"query", "interpretation", "terms", "hits", "total", "terms_total"}
    assert TERM_FIELDS <= set(data["terms"][0])
    assert data["terms"][0]["term"] == "學前教育“5080”"
    assert len(data["hits"]) == 2 and data["total"] >= 2
    assert HIT_FIELDS <= set(data["hits"][0])
    assert "<mark>5080</mark>" in data["hits"][0]["snippet"]


def test_show_gives_uses_in_context_and_related_terms(seed_index):
    data = json.loads(run("show", "三区三线", "--index", seed_index, "--json").output)
    assert data["term"] == "“三區三線”"
    uses = [u for u in data["uses"] if not u["is_definition"]]
    assert uses and all(u["match"] == "三區三線" for u in uses)
    assert data["documents"][0]["count"] == len(uses)
    text = run("show", "sqsx", "--index", seed_index).output
    assert text.startswith("“三區三線”") and "[三區三線]" in text
    # The count agrees with the JSON's uses, and the glossary line is said apart, not listed as one.
    definition = next(u for u in data["uses"] if u["is_definition"])
    plural = "" if len(uses) == 1 else "s"
    assert f"{len(uses)} use{plural} (besides its definition, line {definition['line']}):" in text
    listed = [line for line in text.splitlines() if line.startswith("  ") and "[三區三線]" in line]
    assert len(listed) == len(uses)
    assert not any(f":{definition['line']}  " in line for line in listed)


def test_show_an_unknown_term_is_a_one_line_error(seed_index):
    result = run("show", "no-such-term-xyz", "--index", seed_index)
    assert result.exit_code == 2
    assert result.output.strip().startswith("termsearch: no glossary term matches")


def test_terms_json_lists_every_entry_with_its_source(seed_index):
    terms = json.loads(run("terms", "--index", seed_index, "--format", "json").output)
    assert isinstance(terms, list) and len(terms) == 19
    for term in terms:
        assert {"id", "term", "traditional", "simplified", "aliases", "definition", "source"} <= set(term)
        assert set(term["source"]) == {"document", "line"}
        assert term["english"], f"{term['term']} has no English rendering"
    first = terms[0]
    assert (first["term"], first["simplified"], first["aliases"]) == ("“雙萬”", "“双万”", ["雙萬"])


@pytest.mark.parametrize("fmt, start", [("csv", "\ufeffid,term,".encode()),         # Excel's UTF-8 mark
                                        ("tbx", b'<?xml version="1.0" encoding="UTF-8"?>\n<?xml-model'),
                                        ("martif", b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE martif')])
def test_terms_export_formats(seed_index, fmt, start):
    result = run("terms", "--index", seed_index, "--format", fmt)
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(start)
    assert "雙萬" in result.output


def test_import_terms_round_trip_keeps_origin(seed_index, tmp_path):
    import shutil

    index_dir = tmp_path / "ix"
    shutil.copytree(seed_index, index_dir)
    tbx = tmp_path / "mine.tbx"
    tbx.write_text(run("terms", "--index", index_dir, "--format", "tbx").output, encoding="utf-8")
    result = run("import-terms", tbx, "--index", index_dir)
    assert result.exit_code == 0, result.output
    assert re.match(r"imported 19 terms from .*mine.tbx", result.output)
    terms = json.loads(run("terms", "--index", index_dir, "--format", "json").output)
    origins = sorted({t["origin"] for t in terms})
    assert origins == ["extracted", "imported:mine.tbx"]
    imported = [t for t in terms if t["origin"] == "imported:mine.tbx"]
    extracted = [t for t in terms if t["origin"] == "extracted"]
    for a, b in zip(extracted, imported):
        assert (a["term"], a["definition"], a["aliases"], a["pinyin"]) == (b["term"], b["definition"], b["aliases"], b["pinyin"])
        assert a["english"] == b["english"]
    # importing the same file again replaces its terms instead of doubling them
    run("import-terms", tbx, "--index", index_dir)
    assert len(json.loads(run("terms", "--index", index_dir, "--format", "json").output)) == 38


def test_import_terms_from_a_file_whose_name_is_not_utf8(seed_index, tmp_path):
    # Its name, the terms' origin, could not be written into the index: the import failed.
    import os
    import shutil

    index_dir = tmp_path / "ix"
    shutil.copytree(seed_index, index_dir)
    csv = os.path.join(os.fsencode(tmp_path), b"gbk-\xb1\xa8.csv")
    with open(csv, "w", encoding="utf-8") as handle:
        handle.write(run("terms", "--index", index_dir, "--format", "csv").stdout)
    result = run("import-terms", os.fsdecode(csv), "--index", index_dir)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"imported 19 terms from {tmp_path}/gbk-\\xb1\\xa8.csv (imported:gbk-\\xb1\\xa8.csv)")
    terms = json.loads(run("terms", "--index", index_dir, "--format", "json").stdout)
    assert sum(t["origin"] == "imported:gbk-\\xb1\\xa8.csv" for t in terms) == 19


def test_import_of_a_malformed_file_is_a_clear_error(seed_index, tmp_path):
    bad = tmp_path / "broken.tbx"
    bad.write_text("<tbx><unclosed>", encoding="utf-8")
    result = run("import-terms", bad, "--index", seed_index)
    assert result.exit_code == 2
    assert result.output.startswith("termsearch: ") and "broken.tbx" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args, message", [
    (["query", "雙萬" * 300], "limit"),
    (["query", "x", "--limit", "1000"], "1000"),
    (["index", "/no/such/folder"], "no such file or folder"),
    (["timeline", " "], "give at least one query to draw its timeline (a word"),     # (no API's q=…)
])
def test_bad_input_gets_a_message_not_a_traceback(seed_index, tmp_path, args, message):
    result = run(*args, "--index", seed_index if args[0] in ("query", "timeline") else tmp_path / "ix")
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_serving_on_a_port_in_use_is_a_one_line_error(seed_index):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = CliRunner().invoke(main, ["serve", "--index", str(seed_index), "--port", str(port)])
    assert out.exit_code == 2
    assert "Traceback" not in out.output and f"cannot serve on 127.0.0.1:{port}" in out.output
    assert "another program is using the port" in out.output


def test_a_port_in_use_is_said_before_any_index_is_built(tmp_path, write_report):
    # Without an index, serve builds one from --seeds: on a port in use it built (and warmed)
    # for nothing before saying so.
    import socket

    seeds = write_report("seeds/2024年政府工作报告.txt", "一、发展\n发展经济。\n")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = CliRunner().invoke(main, ["serve", "--index", str(tmp_path / "index"), "--seeds", str(seeds.parent),
                                        "--port", str(port)])
    assert out.exit_code == 2 and "another program is using the port" in out.output
    assert "building it from" not in out.output and not (tmp_path / "index").exists()


def test_serve_answers_once_its_index_is_ready(seed_index):
    # The server is bound before the app is made; the requests reach the app all the same.
    import socket
    import threading
    import urllib.request

    from termsearch import cli

    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    app_to_come = cli._AppToCome()
    server = cli._bind(app_to_come, "127.0.0.1", port, 2)
    try:
        from termsearch.app import create_app

        app_to_come.app = create_app(seed_index)
        threading.Thread(target=server.run, daemon=True).start()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/documents?limit=1", timeout=30) as answer:
            assert answer.status == 200 and b'"documents"' in answer.read()
    finally:
        server.close()
        server.task_dispatcher.shutdown()


def test_serving_on_a_host_that_resolves_to_nothing_is_a_one_line_error(seed_index):
    out = CliRunner().invoke(main, ["serve", "--index", str(seed_index), "--host", "nosuchhost.invalid"])
    assert out.exit_code == 2 and "Traceback" not in out.output
    assert "cannot serve on nosuchhost.invalid:8000: no such host" in out.output

def _new_waitress_threads(before: set) -> list:
    """waitress's threads started since `before` and still running a moment later."""
    import threading

    new = [t for t in threading.enumerate() if t.name.startswith("waitress-") and t not in before]
    for thread in new:
        thread.join(timeout=2)          # (a thread told to stop ends a moment after)
    return [t for t in new if t.is_alive()]


def _waitress_threads() -> set:
    import threading

    return {t for t in threading.enumerate() if t.name.startswith("waitress-")}


def test_the_server_s_threads_share_malloc_arenas_from_their_start(monkeypatch):
    # A thread takes its malloc arena when it starts: the limit set once waitress's threads ran
    # left each its own (bench/serving_memory.py on the reports folder: 119 MB, not 106).
    import socket

    from waitress.task import ThreadedTaskDispatcher

    from termsearch import cli, memory

    calls = []
    monkeypatch.setattr(memory, "share_arenas", lambda arenas: calls.append("arenas"))
    monkeypatch.setattr(ThreadedTaskDispatcher, "start_new_thread", lambda self, target, number: calls.append("thread"))
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    server = cli._bind(cli._AppToCome(), "127.0.0.1", port, 2)
    try:
        assert calls == ["arenas", "thread", "thread"]
    finally:
        server.close()
        server.trigger.close()


def _wait_for_warm_ups() -> None:
    """Before open files are counted: an earlier test's server may still be warming up (its
    digest check reads the build's files)."""
    for warming in [t for t in threading.enumerate() if t.name == "termsearch-warm-up"]:
        warming.join()


@pytest.mark.skipif(not __import__("os").path.isdir("/proc/self/fd"), reason="counts open files in /proc")
def test_a_port_in_use_leaves_no_server_thread_or_file_behind(seed_index):
    # waitress started its threads before binding: each failed serve left 8 idle in the
    # process (a test run's, or a program's that calls the command), and its waker pipe open.
    import os
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        _wait_for_warm_ups()
        threads, files = _waitress_threads(), len(os.listdir("/proc/self/fd"))
        out = CliRunner().invoke(main, ["serve", "--index", str(seed_index), "--port", str(port)])
        assert out.exit_code == 2 and "another program is using the port" in out.output
        assert not _new_waitress_threads(threads) and len(os.listdir("/proc/self/fd")) == files


@pytest.mark.skipif(not __import__("os").path.isdir("/proc/self/fd"), reason="counts open files in /proc")
def test_an_index_that_cannot_be_served_leaves_no_server_thread_or_file_behind(seed_index, monkeypatch):
    # The port is bound before the app is made: when making it fails, the bound server's
    # threads stop and its socket and waker pipe close (closing the socket alone left both).
    import os
    import socket

    from termsearch import cli

    monkeypatch.setattr(cli, "_app_over", lambda *args: cli.fail("the index cannot be served"))
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]

    def open_files():
        # What each descriptor points at: a count alone moved when the collector closed an earlier
        # test's file during the call (46 against 47), and cannot tell a left socket from it.
        found = set()
        for fd in os.listdir("/proc/self/fd"):
            try:
                found.add((fd, os.readlink(f"/proc/self/fd/{fd}")))
            except OSError:         # the listing's own descriptor, closed by now
                pass
        return found

    _wait_for_warm_ups()
    threads, files = _waitress_threads(), open_files()
    out = CliRunner().invoke(main, ["serve", "--index", str(seed_index), "--port", str(port)])
    assert out.exit_code == 2 and "the index cannot be served" in out.output
    assert not _new_waitress_threads(threads)
    assert open_files() - files == set()


@pytest.mark.skipif(not __import__("os").path.exists("/dev/null"), reason="needs a device path")
def test_an_index_given_as_a_device_is_said_to_be_no_folder():
    # /dev/null passes "not a file"; the build said "File exists (null)".
    from conftest import SEED

    out = run("index", SEED, "--index", "/dev/null")
    assert out.exit_code == 2
    assert out.output.strip().splitlines() == ["termsearch: /dev/null: cannot build the index there: it is not a folder"]


@pytest.fixture(scope="module")
def index_without_glossary(tmp_path_factory):
    folder = tmp_path_factory.mktemp("no-glossary")
    (folder / "r.txt").write_text("2024年政府工作报告\n\n坚持“双碳”引领，推动绿色转型。\n\n落实“双碳”目标。\n", "utf-8")
    assert run("index", folder / "r.txt", "--index", folder / "ix").exit_code == 0
    return folder / "ix"


@pytest.mark.parametrize("fmt, listing", [("text", ""), ("json", "[]\n"), ("csv", "header")])
def test_terms_of_an_index_without_glossary_says_so_on_stderr(index_without_glossary, fmt, listing):
    """Nothing found, as a query finding nothing (exit code 0), said in one line on stderr: what
    a script reads from stdout is the format asked for, empty (it was the message itself)."""
    out = run("terms", "--index", index_without_glossary, "--format", fmt)
    assert out.exit_code == 0
    assert out.stderr.splitlines() == [f"termsearch: no glossary terms in the index at {index_without_glossary}: "
                                       "its one document has no glossary (bring one: termsearch import-terms FILE)"]
    if listing == "header":
        assert out.stdout.lstrip("\ufeff").splitlines()[0].startswith("id,term,") and len(out.stdout.splitlines()) == 1
    else:
        assert out.stdout == listing


def test_terms_as_tbx_of_an_index_without_glossary_is_an_error(index_without_glossary):
    # A TBX file needs one entry at least: no file can be written, so it is a failure (exit 2).
    out = run("terms", "--index", index_without_glossary, "--format", "tbx")
    assert out.exit_code == 2 and out.stdout == ""
    assert out.stderr.splitlines() == ["termsearch: there are no glossary terms to export (TBX needs at least one entry)"]


def test_show_on_an_index_without_glossary_points_to_the_search(index_without_glossary):
    out = run("show", "双碳", "--index", index_without_glossary)
    assert out.exit_code == 2
    assert "the index has no glossary terms (search the text: termsearch query" in out.output


def test_a_query_offset_past_the_last_hit_says_so(index_without_glossary):
    lines = run("query", "双碳", "--offset", "5", "--index", index_without_glossary).output.splitlines()
    assert lines[-1] == "2 paragraphs; --offset 5 is past the last of them"
    assert "2 paragraphs, showing 1–2" in run("query", "双碳", "--index", index_without_glossary).output.splitlines()


def test_documents_counts_one_document_and_one_glossary_entry_in_the_singular(seed_index):
    """The seed index is one report: its listing ends "1 document", not "1 documents"."""
    out = run("documents", "--index", seed_index).output
    assert out.splitlines()[-1] == "1 document"
    assert " 1 paragraphs" not in out and " 1 glossary entries" not in out
