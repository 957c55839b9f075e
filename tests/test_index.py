"""Index builds: atomic swaps, incremental adds, per-file errors, kills and reads during updates."""
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from termsearch.cli import format_report
from termsearch.index_build import build
from termsearch.index_layout import current_build, is_current_format
from termsearch.index_read import open_index
from termsearch.errors import BuildLocked, IndexMissing, IndexOutdated
from termsearch.search import Engine

REPORT_A = """2024年某镇政府工作报告
各位代表：
一、工作回顾
我们推进“无废城市”建设，打造国际汽车城。
二、工作安排
持续推进“无废城市”和学前教育“5080”。
名词解释：
“无废城市”：指以创新、协调、绿色发展理念为引领的城市发展模式。
学前教育“5080”：指公办幼儿园在园幼儿占比达50%以上。
"""

REPORT_B = """2025年某县政府工作报告
各位代表：
一、工作回顾
县里建成了新的污水处理厂，幼兒園數量增加。
"""


def texts(engine, query):
    return sorted(h.text for h in engine.search(query, limit=100).hits)


def test_a_missing_index_is_a_clear_error(tmp_path):
    with pytest.raises(IndexMissing, match="no index"):
        open_index(tmp_path / "nothing")


def _age(path: Path, mtime_ns: int | None = None) -> int:
    """Set a file's mtime, by default a minute in the past (an Engine trusts the stamp of a
    CURRENT file written more than a second ago, and reads one written since); returns it."""
    mtime_ns = mtime_ns or time.time_ns() - 60 * 10**9
    os.utime(path, ns=(mtime_ns, mtime_ns))
    return mtime_ns


def _served_with_report_b_to_add(tmp_path, write_report):
    """An Engine serving an index of report A (CURRENT aged), which finds no 污水 yet; gives
    (engine, index folder, report B's path, CURRENT's mtime)."""
    a = write_report("a.txt", REPORT_A)
    b = write_report("b.txt", REPORT_B)
    index_dir = tmp_path / "ix"
    build([a], index_dir)
    engine = Engine(index_dir)
    mtime = _age(index_dir / "CURRENT")
    assert texts(engine, "污水") == []
    return engine, index_dir, b, mtime


def test_an_engine_that_checks_current_by_its_stamp_still_sees_a_new_build(tmp_path, write_report):
    engine, index_dir, b, mtime = _served_with_report_b_to_add(tmp_path, write_report)
    assert texts(engine, "污水") == []                 # served without reading CURRENT again
    build([b], index_dir, incremental=True)
    _age(index_dir / "CURRENT", mtime)                 # the same mtime: the new file alone tells
    assert texts(engine, "污水") == ["县里建成了新的污水处理厂，幼兒園數量增加。"]


def test_a_build_another_process_swaps_in_is_served_within_the_recheck_time(tmp_path, write_report, monkeypatch):
    # CURRENT is checked at most every CURRENT_RECHECK_NS (a stat cost 2% of a rare word's
    # search): a swap by another process (here: one that does not tell this process) is
    # served from at most that much later.
    from termsearch import index_layout, search

    engine, index_dir, b, mtime = _served_with_report_b_to_add(tmp_path, write_report)
    monkeypatch.setattr(index_layout, "note_swap", lambda: None)
    build([b], index_dir, incremental=True)
    _age(index_dir / "CURRENT", mtime)
    time.sleep(search.CURRENT_RECHECK_NS / 1e9)
    assert texts(engine, "污水") == ["县里建成了新的污水处理厂，幼兒園數量增加。"]


def test_current_rewritten_in_place_within_one_clock_tick_is_followed(tmp_path, write_report):
    import shutil

    a = write_report("a.txt", REPORT_A)
    b = write_report("b.txt", REPORT_B)
    index_dir = tmp_path / "ix"
    build([a], index_dir)
    first = current_build(index_dir)
    build([b], index_dir, incremental=True)
    second = current_build(index_dir)
    # Written "just now" whatever the load on the machine (a minute ahead: not yet a second old).
    _age(index_dir / "CURRENT", time.time_ns() + 60 * 10**9)
    engine = Engine(index_dir)
    assert len(texts(engine, "污水")) == 1
    # The first build again under a name as long as the second's, written into the same file
    # with the same mtime (as a rewrite within one tick of the file system's clock would leave
    # it): only the file's age says its stamp cannot be trusted yet.
    same_length = second.with_name(second.name[:-1] + ("0" if second.name[-1] != "0" else "1"))
    shutil.copytree(first, same_length)
    stat = (index_dir / "CURRENT").stat()
    with open(index_dir / "CURRENT", "r+", encoding="utf-8") as current:
        current.write(same_length.name + "\n")
        current.truncate()
    os.utime(index_dir / "CURRENT", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    after = (index_dir / "CURRENT").stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    assert texts(engine, "污水") == []


def test_incremental_add_joins_and_replaces_without_duplicates(tmp_path, write_report):
    a = write_report("a.txt", REPORT_A)
    b = write_report("b.txt", REPORT_B)
    index_dir = tmp_path / "ix"
    build([a], index_dir)
    engine = Engine(index_dir)
    assert texts(engine, "污水") == []
    build([b], index_dir, incremental=True)
    assert texts(engine, "污水") == ["县里建成了新的污水处理厂，幼兒園數量增加。"]
    assert len(texts(engine, "无废城市")) == 3          # A is still there
    a.write_text(REPORT_A.replace("国际汽车城", "国际物流港"), encoding="utf-8")
    build([a], index_dir, incremental=True)            # the same file again replaces its document
    assert texts(engine, "汽车城") == []
    assert len(texts(engine, "物流港")) == 1
    assert len(texts(engine, "无废城市")) == 3
    assert len(engine.reader().terms) == 2


def test_adding_to_an_index_of_an_older_format_rebuilds_it_whole(tmp_path, write_report):
    index_dir = tmp_path / "ix"
    build([write_report("a.txt", REPORT_A)], index_dir)
    (current_build(index_dir) / "format.json").write_text('{"format": 1}', encoding="utf-8")
    with pytest.raises(IndexOutdated, match="older termsearch"):
        Engine(index_dir).search("无废城市")
    build([write_report("b.txt", REPORT_B)], index_dir, incremental=True)
    engine = Engine(index_dir)
    assert texts(engine, "污水") == ["县里建成了新的污水处理厂，幼兒園數量增加。"]
    assert len(texts(engine, "无废城市")) == 3          # A came along, analysed again
    assert is_current_format(current_build(index_dir))


def test_bad_files_are_reported_and_the_rest_is_indexed(tmp_path, write_report):
    write_report("docs/good.txt", REPORT_A)
    write_report("docs/empty.txt", "")
    (tmp_path / "docs" / "binary.txt").write_bytes(bytes(range(256)) * 50)
    write_report("docs/big5.txt", "2025年某縣政府工作報告\n縣裡建成了新的污水處理廠，幼兒園數量增加。\n", "big5")
    write_report("docs/laws/_index.md", "---\nbookCollapseSection: true\n---\n")     # a site's section page
    result = build([tmp_path / "docs"], tmp_path / "ix")
    assert {d["document"] for d in result.report.documents} == {"good", "big5"}
    assert any("empty.txt" in e and "empty" in e for e in result.report.errors)
    assert any("binary.txt" in e and "binary" in e for e in result.report.errors)
    # A page of front matter alone is skipped with a note, not reported as an error.
    assert not any("_index.md" in e for e in result.report.errors)
    assert len(result.report.skipped) == 1 and "_index.md" in result.report.skipped[0]
    printed = format_report(result.report, result.seconds, result.characters)
    assert "2 errors, 1 file skipped" in printed and "skipped: " in printed and "; skipped" not in printed
    assert texts(Engine(tmp_path / "ix"), "污水处理厂") == ["縣裡建成了新的污水處理廠，幼兒園數量增加。"]


def test_a_second_build_at_the_same_time_is_refused(held_build_lock, write_report):
    index_dir, holder = held_build_lock                          # another build holds the lock
    with pytest.raises(BuildLocked, match="another build"):
        build([write_report("a.txt", REPORT_A)], index_dir)
    holder.kill()
    holder.wait()
    build([write_report("a.txt", REPORT_A)], index_dir)        # released when its holder died


def _corpus_copy(tmp_path, n):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(n):
        (folder / f"r{i:03d}.txt").write_text(REPORT_A.replace("2024", str(1900 + i)) * 20, encoding="utf-8")
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.3, 0.8, 1.5, 2.5])
def test_a_killed_build_leaves_the_previous_index_serving(tmp_path, write_report, delay):
    index_dir = tmp_path / "ix"
    build([write_report("a.txt", REPORT_A)], index_dir)
    before = current_build(index_dir)
    expected = texts(Engine(index_dir), "无废城市")
    many = _corpus_copy(tmp_path, 60)
    proc = subprocess.Popen([sys.executable, "-m", "termsearch.cli", "index", str(many), "--index", str(index_dir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    live = current_build(index_dir)
    assert live is not None
    engine = Engine(index_dir)
    if live == before:
        assert texts(engine, "无废城市") == expected
    else:   # the kill came after the swap: the new index is whole
        assert len(engine.search("无废城市", limit=0).to_dict()["hits"]) == 0
        assert engine.search("无废城市").total == 60 * 20 * 3
    # a rerun completes: no stale lock, and leftovers of the killed build are cleared away
    build([many], index_dir)
    assert Engine(index_dir).search("无废城市").total == 60 * 20 * 3
    assert not list((index_dir / "builds").glob("*.partial"))


@pytest.mark.slow
def test_reads_go_on_during_a_rebuild_and_switch_when_it_completes(tmp_path, write_report):
    index_dir = tmp_path / "ix"
    build([write_report("a.txt", REPORT_A)], index_dir)
    engine = Engine(index_dir)
    many = _corpus_copy(tmp_path, 30)
    seen, errors = set(), []
    stop = threading.Event()

    def read_loop():
        while not stop.is_set():
            try:
                seen.add(engine.search("无废城市", limit=1).total)
            except Exception as exc:  # noqa: BLE001 - any failure is what this test looks for
                errors.append(repr(exc))

    reader = threading.Thread(target=read_loop)
    reader.start()
    try:
        build([many], index_dir)
        time.sleep(0.2)
    finally:
        stop.set()
        reader.join()
    assert errors == []
    assert seen <= {3, 30 * 20 * 3}           # only whole indexes were ever seen
    assert 30 * 20 * 3 in seen                 # and the reader switched to the new one
    assert engine.search("无废城市").total == 30 * 20 * 3


def test_the_cli_prints_the_ingest_report(tmp_path, write_report):
    path = write_report("a.txt", REPORT_A)
    out = subprocess.run([sys.executable, "-m", "termsearch.cli", "index", str(path), "--index", str(tmp_path / "ix")],
                         capture_output=True, text=True, check=True).stdout
    assert "2 glossary entries" in out
    assert "1 document," in out and "1 documents" not in out
    bad = subprocess.run([sys.executable, "-m", "termsearch.cli", "query", "x", "--index", str(tmp_path / "none")],
                         capture_output=True, text=True)
    assert bad.returncode == 2
    assert bad.stderr.startswith("termsearch: no index at") and "Traceback" not in bad.stderr


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text in (entry / "cmdline").read_bytes().decode("utf-8", "replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.slow
def test_killing_only_the_build_process_leaves_no_writers_and_no_lock(tmp_path, write_report):
    index_dir = tmp_path / "ix"
    build([write_report("a.txt", REPORT_A)], index_dir)
    many = _corpus_copy(tmp_path, 60)
    proc = subprocess.Popen([sys.executable, "-m", "termsearch.cli", "index", str(many), "--index", str(index_dir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while len(_processes_mentioning(str(index_dir))) < 2 and time.time() < deadline:
        time.sleep(0.05)           # wait until the writer processes are forked
    time.sleep(0.3)
    os.kill(proc.pid, signal.SIGKILL)      # the build process alone, as a user's kill would
    proc.wait()
    deadline = time.time() + 10
    while _processes_mentioning(str(index_dir)) and time.time() < deadline:
        time.sleep(0.2)
    assert _processes_mentioning(str(index_dir)) == []       # the orphaned writers left too
    build([many], index_dir)                                 # and no stale lock blocks a rerun
    assert Engine(index_dir).search("无废城市").total == 60 * 20 * 3


def test_a_glossary_added_later_finds_its_words_in_the_documents_already_indexed(tmp_path, write_report):
    index_dir = tmp_path / "ix"
    build([write_report("b.txt", "2025年报告\n全县推进“三区三线”划定工作。\n")], index_dir)
    build([write_report("a.txt", REPORT_A.replace("学前教育“5080”", "“三区三线”"))], index_dir, incremental=True)
    from termsearch.search import Lookup

    details = Lookup(Engine(index_dir)).term_details("三区三线")
    # a's definition is a's: b's 三区三线 are the same words elsewhere, not its uses
    assert {u["document"] for u in details["uses"]} == {"a"}
    assert [(e["document"], e["count"]) for e in details["elsewhere"]] == [("b", 1)]
    hits = Engine(index_dir).search("三区三线").hits
    assert any(h.document == "b" for h in hits) and all(not h.terms for h in hits if h.document == "b")


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files in /proc")
def test_a_build_leaves_no_file_open(write_report, tmp_path):
    # The documents' temporary file (the corpus pickled) waited for the cyclic collector, which
    # a build turns off: after a build in a long-running process it kept its disk space.
    import gc

    report = write_report("2024年政府工作报告.txt", "一、发展\n发展经济。\n")
    build([report], tmp_path / "index")
    gc.collect()
    gc.disable()
    try:
        before = len(os.listdir("/proc/self/fd"))
        build([report], tmp_path / "index")
        build([report], tmp_path / "index", incremental=True)
        assert len(os.listdir("/proc/self/fd")) == before
    finally:
        gc.enable()


def test_an_incremental_add_keeps_every_paragraph_s_stored_fields_unzipped(tmp_path, write_report):
    # The add merges the segments with Whoosh's own writer, told the bulk writer's zip level
    # (whoosh_format.STORED_LEVEL: reading a hit then undoes no Huffman codes).
    a = write_report("a.txt", REPORT_A)
    b = write_report("b.txt", REPORT_B)
    index_dir = tmp_path / "ix"
    build([a], index_dir)
    build([b], index_dir, incremental=True)
    columns = b"".join(f.read_bytes() for f in (current_build(index_dir) / "paragraphs").glob("*_stored.col"))
    for text in ("我们推进“无废城市”建设，打造国际汽车城。", "县里建成了新的污水处理厂，幼兒園數量增加。"):
        assert text.encode("utf-8") in columns
    assert Engine(index_dir).search("污水").hits[0].text == "县里建成了新的污水处理厂，幼兒園數量增加。"


def test_an_index_inside_the_folder_of_reports_is_not_read_as_a_report_when_rebuilt(tmp_path):
    from conftest import WEB_REPORTS

    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "small.txt").write_bytes((WEB_REPORTS / "small.txt").read_bytes())
    for _ in range(2):              # `termsearch index .` run again in the reports' folder
        build([reports], reports / "index")
    assert [d["id"] for d in open_index(reports / "index").documents] == ["small"]


def test_another_index_among_the_reports_is_not_read_and_one_named_is_said(tmp_path):
    # An index kept beside the reports (an older build saved as old-index/) holds texts.txt,
    # which is not a report; an index folder named as the reports to read is said, not read.
    from conftest import WEB_REPORTS

    from termsearch.errors import NothingIndexed

    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "small.txt").write_bytes((WEB_REPORTS / "small.txt").read_bytes())
    build([reports], reports / "old-index")
    build([reports], tmp_path / "ix")
    assert [d["id"] for d in open_index(tmp_path / "ix").documents] == ["small"]
    with pytest.raises(NothingIndexed, match="a termsearch index, not a folder of reports"):
        build([reports / "old-index"], tmp_path / "ix2")


# A file that gathers several documents, each under a heading with the address it was taken from.
GATHERED = """### 国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见
http://www.gov.cn/zhengce/content/2019-02/15/content_5365945.htm
国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见
国发〔2019〕5号
各省、自治区、直辖市人民政府：
推行“双随机、一公开”监管，是深化“放管服”改革的内在要求。
名词解释
1.“放管服”：简政放权、放管结合、优化服务。
### 国务院办公厅关于黄金经济政策有关问题的复函
http://www.gov.cn/zhengce/content/2018-12/20/content_5350437.htm
国务院办公厅关于黄金经济政策有关问题的复函
国办函〔1996〕2号
中国人民银行：
你行关于黄金经济政策有关问题的请示收悉，同意黄金收购价格随市场调整。
"""


def test_a_file_gathering_several_documents_indexes_each_as_one(tmp_path, write_report):
    path = write_report("policies_2018-2019.txt", GATHERED)
    index_dir = tmp_path / "ix"
    build([path], index_dir)
    engine = Engine(index_dir)
    documents = {d["id"]: d for d in engine.reader().documents}
    assert set(documents) == {"policies_2018-2019--1", "policies_2018-2019--2"}
    first, second = documents["policies_2018-2019--1"], documents["policies_2018-2019--2"]
    # Each its own title and year (its document number's, not the file name's).
    assert first["display_title"] == "中国 2019 · 国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见"
    assert (second["year"], second["kind"]) == (1996, "policy")     # a 复函 (letter of reply): policy, [kind-names]
    assert second["display_title"].endswith("国务院办公厅关于黄金经济政策有关问题的复函")
    # A hit names the document it is in, at the file's own line.
    [hit] = engine.search("黄金收购价格").hits
    assert (hit.document, hit.line, hit.document_title) == ("policies_2018-2019--2", 14, second["display_title"])
    [term] = engine.reader().terms
    assert (term.source.document, term.source.line) == ("policies_2018-2019--1", 8)
    # Added again, the file replaces its documents and leaves no copy behind.
    build([path], index_dir, incremental=True)
    assert len(engine.reader().documents) == 2 and len(engine.search("黄金收购价格").hits) == 1


def test_a_file_name_with_a_line_break_stays_on_its_line_of_the_ingest_report(tmp_path, write_report):
    """One line per document: a name holding a line break is shown with it as \\x0a, so the
    line after it is not taken for another item of the report."""
    from click.testing import CliRunner

    from termsearch.cli import main

    path = write_report("a.txt", REPORT_A)
    odd = path.with_name("two\nlines.txt")
    path.rename(odd)
    out = CliRunner().invoke(main, ["index", str(odd), "--index", str(tmp_path / "ix")]).output
    assert "two\\x0alines.txt" in out
    assert not any(line.startswith("lines.txt") for line in out.splitlines())
