"""The benchmark harness (bench/run.py) runs end to end on a tiny corpus; no timing is asserted."""
import importlib.util
import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


def load(name: str):
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path[:] = [p for p in sys.path if p != str(BENCH)]   # run.py adds it too


REPORT_A = """2024年政府工作报告

一、过去一年的工作

全面推进乡村振兴，粮食产量保持稳定，农村居民收入持续增长。

坚持高质量发展，经济发展稳中有进，新质生产力加快形成。

二、今年的主要任务

深化改革，优化营商环境，支持民营企业发展。
"""

REPORT_B = """二〇二五年工作報告

推進鄉村振興和高質量發展，經濟發展穩中向好。

加强生态文明建设，推进碳达峰碳中和。
"""

QUERIES = """# tiny set
simplified 乡村振兴
common 发展
rare 碳达峰
phrase "高质量发展"
traditional 鄉村振興
pinyin-plain xiang cun
english rural revitalization
"""


def test_percentile_is_nearest_rank():
    measure = load("measure")
    samples = [i / 1000 for i in range(1, 101)]     # 1..100 ms
    assert measure.percentile(samples, 50) == 0.050
    assert measure.percentile(samples, 95) == 0.095
    assert measure.percentile(samples, 99) == 0.099
    assert measure.percentile([], 50) == 0.0
    stats = measure.summarize([0.001, 0.003])
    assert stats["p50_ms"] == 1.0 and stats["n"] == 2 and stats["qps"] == 500.0


def test_query_file_kinds_and_errors(tmp_path):
    run = load("run")
    path = tmp_path / "q.txt"
    path.write_text('# comment\n\nsimplified 乡村振兴\nphrase "深化 改革"\n', encoding="utf-8")
    assert run.load_queries(path) == [("simplified", "乡村振兴"), ("phrase", '"深化 改革"')]
    path.write_text("simplified\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        run.load_queries(path)


def test_the_plain_png_writer_makes_a_valid_png(tmp_path):
    chart = load("chart")
    data = chart.png_bytes(2, 1, [bytearray(b"\xff\x00\x00\x00\xff\x00")])
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    length = struct.unpack(">I", data[33:37])[0]
    assert data[37:41] == b"IDAT"
    assert zlib.decompress(data[41:41 + length]) == b"\x00\xff\x00\x00\x00\xff\x00"


def test_a_whole_run_on_a_tiny_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(REPORT_A, encoding="utf-8")
    (corpus / "b.txt").write_text(REPORT_B, encoding="utf-8")
    (corpus / "c.md").write_text("# 通知\n\n各地要落实乡村振兴责任。\n", encoding="utf-8")
    queries = tmp_path / "queries.txt"
    queries.write_text(QUERIES, encoding="utf-8")
    out = tmp_path / "results"
    peers = ["whoosh-jieba", "fts5-trigram"]
    if importlib.util.find_spec("tantivy") is not None:
        peers.append("tantivy-jieba")

    proc = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--corpus", str(corpus), "--queries", str(queries),
         "--out", str(out), "--rounds", "1", "--cold-runs", "1", "--load-seconds", "1",
         "--connections", "2", "--glossary-terms", "5", "--peers", ",".join(peers)],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    [run_dir] = list(out.iterdir())
    results = json.loads((run_dir / "results.json").read_text(encoding="utf-8"))
    assert (run_dir / "chart.png").read_bytes().startswith(b"\x89PNG")
    assert "INDEXING" in (run_dir / "table.txt").read_text(encoding="utf-8")
    assert "INDEXING" in proc.stdout

    assert results["corpus"]["documents"] == 3
    paragraphs = results["corpus"]["paragraphs"]
    assert paragraphs >= 5 and results["corpus"]["characters"] > 50

    ts = results["termsearch"]
    assert ts["build"]["seconds"] > 0 and ts["build"]["index_mb"] > 0
    rows = {r["query"]: r for r in ts["queries"]["rows"]}
    assert set(rows) == {q.split(" ", 1)[1] for q in QUERIES.splitlines()[1:]}
    assert rows["乡村振兴"]["total"] >= 3
    assert rows["鄉村振興"]["total"] == rows["乡村振兴"]["total"]   # scripts fold in termsearch
    assert all(r["median_ms"] is not None for r in rows.values() if not r["error"])
    assert ts["queries"]["shared"]["queries"] == 4
    assert "corpus" in ts["glossary"]
    prefixes = {q.split(" ", 1)[1][:i] for q in QUERIES.splitlines()[1:] for i in range(1, len(q.split(" ", 1)[1]) + 1)}
    assert ts["suggestions"]["queries"] == len({p for p in prefixes if p.strip()})   # every keystroke timed
    assert ts["suggestions"]["errors"] == 0 and "SUGGESTIONS AS YOU TYPE" in proc.stdout
    assert ts["cold"]["雙萬"]["exit_codes"] == [0]
    load = ts["load"]
    assert "skipped" not in load, load
    assert load["requests"] > 0 and load["errors"] == 0

    for name in peers:
        peer = results["peers"][name]
        assert "skipped" not in peer, peer
        assert peer["build"]["seconds"] >= 0 and peer["cannot"]
        found = {r["query"]: r["total"] for r in peer["queries"]["rows"]}
        assert found["乡村振兴"] >= 1, (name, found)    # every peer indexed the same paragraphs
        assert found["鄉村振興"] < found["乡村振兴"]      # none folds Traditional to Simplified
        assert "xiang cun" not in found                  # pinyin is termsearch's alone
    assert {t["target"].split(" (")[0] for t in results["targets"]} >= {"query p95, every kind"}


def test_growth_copies_the_corpus_renamed_and_fits_exponents(tmp_path):
    growth = load("growth")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(8):
        (corpus / f"r{i}.txt").write_text(REPORT_A * (i + 1), encoding="utf-8")
    files = growth.corpus_files([corpus])
    half = growth.files_for(0.5, files, tmp_path / "scratch")
    twice = growth.files_for(2, files, tmp_path / "scratch")
    assert 0 < len(half) < len(files)
    assert sum(f.stat().st_size for f in twice) == 2 * sum(f.stat().st_size for f in files)
    copies = [f for f in twice if f not in files]
    assert len(copies) == len(files) and len({f.name for f in twice}) == 2 * len(files)   # renamed
    assert growth.exponent([1, 2, 4, 8], [3, 12, 48, 192]) == 2.0
    assert growth.exponent([1, 2, 4], [5, 10, 20]) == 1.0


def test_several_index_runs_give_each_engine_its_median():
    run = load("run")
    runs = [{"seconds": 30.0, "peak_rss_mb": 600, "index_mb": 84.0},
            {"seconds": 24.0, "peak_rss_mb": 700, "index_mb": 84.0},
            {"seconds": 27.0, "peak_rss_mb": 650, "index_mb": 84.0}]
    median = run.median_build(runs, characters=2_700_000)
    assert median["seconds"] == 27.0 and median["runs_seconds"] == [30.0, 24.0, 27.0]
    assert median["chars_per_s"] == 100_000 and median["peak_rss_mb"] == 700
    stock = run.median_build([{"seconds": 60.0}, {"seconds": 50.0}], characters=2_700_000)
    assert stock["seconds"] == 55.0
    results = {"termsearch": {"build": median}, "peers": {"whoosh-jieba": {"build": stock}},
               "corpus": {"name": "reports"}}
    results["termsearch"]["queries"] = {"shared": {"p95_ms": 1.0}, "all": {"p95_ms": 1.0}}
    [indexing] = [t for t in run.targets(results) if t["target"].startswith("indexing")]
    assert indexing["target"].endswith("(median of 3 runs)") and indexing["value"] == f"{55 / 27:.2f}×"


def test_index_runs_below_one_is_refused_in_one_line():
    proc = subprocess.run([sys.executable, str(BENCH / "run.py"), "--index-runs", "0", "--peers", ""],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode != 0 and proc.stderr.strip() == "bench: --index-runs must be at least 1"


def test_quality_reports_each_goal_as_the_issue_states_it_and_the_conditional_figure_beside_it():
    quality = load("quality")
    summary = {"in_top10": 0.825, "in_top10_where_characters_find_it": 0.97, "holding": 0.85,
               "holding_where_commonest": 0.91}
    results = {"forms": {form: {"all": summary} for form in ("spaced", "joined", "initials", "slip")}}
    goals = {(g["goal"], g["form"]): g for g in quality.goals(results)}
    spaced = goals[("paragraph in top 10", "spaced")]
    assert (spaced["stated"], spaced["stated_met"], spaced["conditional"], spaced["conditional_met"]) == \
        (0.825, False, 0.97, True)
    assert goals[("paragraph in top 10", "slip")]["stated_met"]            # 0.825 >= 0.80
    assert not goals[("top ten holding the word", "initials")]["conditional_met"]    # 0.91 < 0.93
    assert "stated 0.825 not met" in quality.render_goals(results)


def test_quality_bounds_the_share_holding_the_word_by_the_paragraphs_that_hold_it():
    quality = load("quality")
    # A word in one paragraph, typed as letters that also read as commoner words: one of ten at best.
    assert quality.holding_at_best([False] * 9 + [True], holders=1) == 0.1
    assert quality.holding_at_best([True, False, False, False], holders=3) == 0.75
    assert quality.holding_at_best([True, True], holders=1) == 1.0     # found inside other words too
    assert quality.holding_at_best([], holders=5) is None


def test_quality_issue_draw_skips_function_words_numerals_and_words_in_over_fifty_paragraphs():
    quality = load("quality")
    # 农业 in 51 paragraphs, 方志 and 失误 in one each; 我们 (a pronoun), 并且 (a conjunction) and
    # 十五 (a numeral) in one each too.
    texts = ["农业生产"] * 51 + ["编修方志", "工作失误", "我们并且十五"]
    paragraphs = [{"id": f"p{i}", "text": t, "norm": t} for i, t in enumerate(texts)]
    keeps = quality._like_the_issues(paragraphs)
    assert keeps("方志") and keeps("失误")
    assert not keeps("农业")
    assert not keeps("我们") and not keeps("并且") and not keeps("十五")
    drawn = {item["word"] for item in quality.build_set(paragraphs, 13, 10, "issue")}
    every = {item["word"] for item in quality.build_set(paragraphs, 13, 10, "words")}
    assert drawn == {w for w in every if keeps(w)} and "农业" in every and "农业" not in drawn


def test_quality_counts_a_words_total_with_the_other_phrasing_the_search_says_it_reads(tmp_path):
    """连结 (Taiwan's word for a link) also finds 链接, and the search says so: a total of both
    is right, not a miscount of the paragraphs holding 连结 (bench/quality.py said 20 for 2)."""
    from termsearch import Engine, build

    quality = load("quality")
    report = tmp_path / "r.txt"
    report.write_text("2024年政府工作报告\n\n加强两岸连结。\n\n完善政府网站链接。\n\n推进乡村振兴。\n", "utf-8")
    build([report], tmp_path / "ix")
    engine = Engine(tmp_path / "ix")
    paragraphs = quality.paragraphs_of(tmp_path / "ix")
    source = next(p for p in paragraphs if "连结" in p["norm"])
    item = {"word": "连结", "norm": "连结", "simplified": "连结", "paragraph": source["id"], "half": "tuning",
            "slip_kind": ""}
    results = quality.measure(engine, [item], paragraphs, ["连结"], forms=("simplified",))
    assert engine.search("连结").total == 2
    assert results["word_totals"]["exact"] == 1 and results["word_totals"]["wrong"] == []
    assert results["runs"]["exact_totals"] == 1


def test_letter_misses_says_whether_page_one_could_have_held_the_paragraph():
    # A miss whose paragraph the characters themselves rank past ten is no fault of how page one
    # is shared among the readings; one they rank within ten is; a word not read is neither.
    misses = load("letter_misses")
    assert misses.classify("劫机", ["阶级"], 0) == "not read"
    assert misses.classify("领导班子", ["领导班子"], 30) == "past ten"
    assert misses.classify("语言", ["语言", "预言", "预研"], None) == "past ten"
    assert misses.classify("自留地", ["着力点", "自留地", "直联点"], 3) == "shared"


def test_holding_losses_names_what_holds_a_place_of_page_one():
    # A place not holding the word meant holds a commoner reading (家电 beside 加碘), only rarer
    # ones, or none of the words read; a place holding the word counts as the word's whatever else.
    losses = load("holding_losses")
    uses = {"加碘": 1, "家电": 9, "佳点": 1}.get
    read = ["家电", "加碘", "佳点"]
    assert losses.place_kind("推广加碘盐和家电下乡", "加碘", read, uses) == "word"
    assert losses.place_kind("家电以旧换新", "加碘", read, uses) == "commoner"
    assert losses.place_kind("佳点频出", "加碘", read, uses) == "commoner"      # as common as the word
    assert losses.place_kind("加碘盐", "家电", read, uses) == "rarer"
    assert losses.place_kind("粮食产量稳定", "加碘", read, uses) == "none read"


def test_same_index_says_two_builds_of_one_corpus_are_the_same_and_names_a_changed_file(tmp_path):
    """bench/same_index.py said "digests.json differs" of any two builds: it lists the digest of
    common_terms.json, which names the build's random segment ids."""
    from termsearch import build

    same_index = load("same_index")
    report = tmp_path / "r.txt"
    report.write_text(REPORT_A + "名词解释\n[1]乡村振兴：农业农村现代化。\n", encoding="utf-8")
    build([report], tmp_path / "a")
    build([report], tmp_path / "b")
    assert same_index.compare(tmp_path / "a", tmp_path / "b") == []
    page = next(same_index.build_of(tmp_path / "b").glob("docs/*/1.json"))
    page.write_text(page.read_text(encoding="utf-8").replace("粮食", "粮仓"), encoding="utf-8")
    assert same_index.compare(tmp_path / "a", tmp_path / "b") == [f"{page.relative_to(same_index.build_of(tmp_path / 'b'))} differs"]


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="the kernel gives no smaps_rollup here")
def test_build_memory_reads_a_process_pss_below_its_rss_and_none_for_a_gone_process():
    """The tree's PSS beside its summed RSS: a live process's share is read, at most its RSS;
    a process that has ended gives None, not a crash of the sampler."""
    import os

    build_memory = load("build_memory")
    share = build_memory.proportional_size(os.getpid())
    status = Path("/proc/self/status").read_text()
    rss = int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1]) * 1024
    assert share is not None and 0 < share <= rss
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    assert build_memory.proportional_size(gone.pid) is None
