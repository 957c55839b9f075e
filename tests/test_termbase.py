"""The termbase of national policy vocabulary (data/termbase.csv) and the shorthand ranking behind it."""
import csv
import importlib.util
import io
import json
import re
from importlib import resources
from urllib.parse import urlsplit

import pytest

from termsearch.english import renderings

from conftest import CORPUS, ROOT, shared_corpus

BENCH_SCRIPT = ROOT / "bench" / "shorthand_frequency.py"
RANKING = ROOT / "bench" / "shorthand_frequency.tsv"
UNSOURCED = ROOT / "bench" / "termbase_unsourced.tsv"


def packaged_rows(name: str) -> list[dict]:
    text = resources.files("termsearch.data").joinpath(name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def termbase_rows() -> list[dict]:
    return packaged_rows("termbase.csv")


# Both packaged files answer to one list of accepted domains (a user's own imported file is not checked).
PACKAGED = ("termbase.csv", "renderings.csv")


def frequency_script():
    spec = importlib.util.spec_from_file_location("shorthand_frequency", BENCH_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ----------------------------------------------------------------------------- the data file

def test_the_termbase_parses_with_the_renderings_loader():
    loaded = renderings.packaged_renderings("termbase.csv")
    assert len(loaded) >= 100
    assert all(rows for rows in loaded.values())


def test_every_row_has_a_valid_confidence_a_source_and_a_page_when_sourced():
    rows = termbase_rows()
    assert rows
    for row in rows:
        assert row["confidence"] in renderings.CONFIDENCE_LEVELS, row
        assert row["source"].strip(), row
        # national, or the regions a place's own label belongs to (四个中心: 北京; 一件事: 上海; 重庆)
        assert row["scope"] == "national" or re.fullmatch(r"[\u4e00-\u9fff]{2,}(; [\u4e00-\u9fff]{2,})*",
                                                          row["scope"]), row
        if row["confidence"] in ("official", "attested"):
            assert row["url"].startswith(("http://", "https://")), row
        else:
            assert row["url"] == "" and row["source"] == "termsearch (descriptive)", row


@pytest.mark.parametrize("name", PACKAGED)
def test_a_packaged_file_reads_as_excel_reads_it_with_one_line_ending(name):
    """Opened as a spreadsheet reads a CSV (csv's excel dialect, the file's own line ends kept),
    every record has the header's fields and none holds a stray line break; and the file ends
    its lines one way, so an edit in another editor shows as the rows it changed."""
    raw = resources.files("termsearch.data").joinpath(name).read_bytes()
    with_crlf, lines = raw.count(b"\r\n"), raw.count(b"\n")
    assert with_crlf in (0, lines) and raw.count(b"\r") == with_crlf, \
        f"{name}: {with_crlf} of {lines} lines end in CRLF, the rest in LF"
    records = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), dialect="excel"))
    header, rows = records[0], records[1:]
    assert header == list(renderings.RENDERING_COLUMNS)
    assert len(rows) == len(packaged_rows(name))
    assert [r for r in rows if len(r) != len(header) or any("\r" in f or "\n" in f for f in r)] == []


def test_no_term_has_the_same_english_twice():
    keys = [(renderings.rendering_key(r["term"]), r["english"].casefold()) for r in termbase_rows()]
    repeated = {k for k in keys if keys.count(k) > 1}
    assert not repeated


def test_the_seed_renderings_stay_preferred_over_the_termbase():
    seed = renderings.packaged_renderings("renderings.csv")
    merged = renderings.load_renderings()
    for key, rows in seed.items():
        assert merged[key][:len(rows)] == rows, key
    for key, rows in renderings.packaged_renderings("termbase.csv").items():
        assert all(r in merged[key] for r in rows), key


def accepted_sources() -> dict[str, dict]:
    """data/termbase_sources.tsv: the domains whose pages the termbase may cite, with why."""
    text = resources.files("termsearch.data").joinpath("termbase_sources.tsv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return {row["domain"]: row for row in csv.DictReader(lines, delimiter="\t")}


def accepting_domain(url: str, domains) -> str | None:
    """The listed domain that accepts the page's host (itself or a parent domain), or None."""
    host = urlsplit(url).hostname or ""
    return next((d for d in domains if host == d or host.endswith("." + d)), None)


def cited_pages(row: dict) -> list[str]:
    """The row's page and any other page its note cites."""
    return ([row["url"]] if row["url"] else []) + re.findall(r"https?://[^\s'\"),;]+", row["note"])


@pytest.mark.parametrize("name", PACKAGED)
def test_every_cited_page_is_on_a_domain_the_termbase_accepts(name):
    """A user who follows a source lands on its publisher, not on a mirror or a spam copy of it."""
    domains = accepted_sources()
    rows = packaged_rows(name)
    assert rows
    strays = [(row["term"], page) for row in rows for page in cited_pages(row)
              if accepting_domain(page, domains) is None]
    assert not strays, f"{name}: pages on domains not in termbase_sources.tsv: {strays}"


def test_the_accepted_domains_say_why_and_are_in_use():
    domains = accepted_sources()
    assert domains
    for domain, row in domains.items():
        assert row["standing"] in ("official", "attested"), row
        assert row["why"].strip(), row
        assert re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", domain), domain
    used = {accepting_domain(page, domains)
            for name in PACKAGED for row in packaged_rows(name) for page in cited_pages(row)}
    assert set(domains) - used == set(), "listed but cited by no row"


def test_a_mirror_host_is_not_taken_for_the_site_it_copies():
    domains = accepted_sources()
    assert accepting_domain("https://www.chinadaily.com.cn/a/202401/01/x.html", domains) == "chinadaily.com.cn"
    assert accepting_domain("http://english.www.gov.cn/premier/news/x.htm", domains) == "gov.cn"
    for mirror in ("http://www.ttav89.com/china/2011-04/15/content_12329712.htm",   # a China Daily page, copied
                   "http://61ed.com/premier/news/2016/10/05/content_281475459076998.htm",   # english.gov.cn, copied
                   "https://m0nm2j92u6kb9a8.jollibeefood.rest/news/2025-06-08/x/p.html",   # CGTN, copied
                   "http://chinadaily.com.cn.example.net/x.html", "http://notchinadaily.com.cn/x.html"):
        assert accepting_domain(mirror, domains) is None, mirror


# ----------------------------------------------------------------------------- a report's glossary gets it

def test_a_report_that_defines_national_shorthand_shows_its_published_english(tmp_path, write_report):
    from termsearch.index_build import build
    from termsearch.search import Engine

    published = renderings.packaged_renderings("termbase.csv")
    report = write_report("county.txt", "\n".join([
        "2025年某县政府工作报告",
        "各位代表：",
        "我们坚定不移推进“双碳”工作，落实“六稳”“六保”任务。",
        "谢谢大家！",
        "名词解释：",
        "“双碳”：指碳达峰、碳中和。",
        "“六稳”：指稳就业、稳金融、稳外贸、稳外资、稳投资、稳预期。",
    ]))
    build([report], tmp_path / "ix")
    engine = Engine(tmp_path / "ix")
    for typed, key in [("双碳", "双碳"), ("雙碳", "双碳"), ("六稳", "六稳")]:
        card = engine.search(typed).terms[0]
        assert renderings.rendering_key(card["term"]) == key
        preferred = published[key][0]
        assert card["english"][0]["text"] == preferred.text
        assert card["english"][0]["url"] == preferred.url
        assert card["english"][0]["confidence"] in ("official", "attested")


# ----------------------------------------------------------------------------- the ranking behind it

def test_the_frequency_count_takes_quoted_shorthand_and_leaves_speech_and_titles(tmp_path):
    script = frequency_script()
    folder = tmp_path / "reports" / "national"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("落实“六稳”“六保”，推进“双碳”。他说：“我们一定要把事情办好。”学习《关于“双碳”的意见》。“雙碳”", "utf-8")
    (folder / "b.txt").write_text("坚持“两个确立”，推进“双碳”。", "utf-8")
    docs, uses, total, _ = script.count(tmp_path)
    assert total == 2
    assert docs["双碳"] == 2 and uses["双碳"] == 4          # Traditional 雙碳 folds in; the title's quote counts as a use
    assert docs["六稳"] == 1 and docs["两个确立"] == 1
    assert not any("我们" in span for span in docs)           # a quoted sentence is speech, not shorthand
    ranked = script.ranked(docs, uses)
    assert ranked[0][0] == "双碳"


def test_the_ranking_leaves_out_the_quoted_words_labelled_ordinary(tmp_path):
    from termsearch import shorthand

    word = sorted(shorthand.default_rules().ordinary)[0]
    folder = tmp_path / "reports" / "national"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(f"突破“{word}”，落实“六稳”。", "utf-8")
    docs, _, _, _ = frequency_script().count(tmp_path)
    assert word not in docs and docs["六稳"] == 1
    kept = {span for span, _, _ in frequency_script().read(RANKING)}
    assert not kept & shorthand.default_rules().ordinary


def test_the_kept_ranking_is_the_one_the_corpus_gives():
    shared_corpus(CORPUS)
    script = frequency_script()
    docs, uses, _, places = script.count(CORPUS)
    top = script.ranked(docs, uses)[:300]
    assert script.read(RANKING)[:300] == top
    kept = script.read_places(RANKING)
    assert all(kept[span] == places[span] for span, _, _ in top)


def test_most_quoted_shorthand_in_the_corpus_has_sourced_english():
    script = frequency_script()
    covered = script.coverage(script.read(RANKING), script.read_places(RANKING), top=150)
    assert covered["covered_uses"] / covered["uses"] >= 0.5


def test_the_coverage_quoted_in_renderings_md_is_what_the_command_prints_today():
    """renderings.md states the coverage as `shorthand_frequency.py --coverage` prints it; a row
    added or dropped without the block redone leaves a reader with a stale figure."""
    script = frequency_script()
    doc = resources.files("termsearch.data").joinpath("renderings.md").read_text("utf-8")
    quoted = [line.strip() for line in doc.splitlines()
              if re.match(r"\s+(top \d+|all): \d+/\d+ uses \(", line)]
    printed = [line.strip() for line in script.coverage_lines(script.read(RANKING), script.read_places(RANKING))]
    assert quoted == printed, "redo the block from: bench/shorthand_frequency.py --coverage"


def test_the_record_of_unsourced_shorthand_holds_no_shorthand_sourced_wherever_used():
    """bench/termbase_unsourced.tsv records the searches for shorthand without sourced English
    where the reports use it: a row whose every use now has an official or attested rendering
    (a source found, the record left behind) is stale, and would send the next search astray."""
    places = frequency_script().read_places(RANKING)
    loaded = renderings.load_renderings()
    with UNSOURCED.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows and all(row["searched"] and row["why"] for row in rows)
    stale = []
    for row in rows:
        span = row["shorthand"]
        sourced = [r for r in loaded.get(renderings.rendering_key(span), ()) if r.confidence in ("official", "attested")]
        regions = places.get(span, {})
        if regions and all(any(renderings.applies_to_document(r, "", region) for r in sourced) for region in regions):
            stale.append(span)
    assert stale == []


def test_a_region_scoped_rendering_covers_only_that_regions_uses(tmp_path):
    """Coverage counts a use only where the app gives the English: 两创's row is Shandong's."""
    script = frequency_script()
    scoped = [r for r in termbase_rows() if r["scope"] != "national" and r["confidence"] in ("official", "attested")]
    row = next(r for r in scoped if not any(o["term"] == r["term"] and o["scope"] in ("national", "") for o in termbase_rows()))
    span, region = row["term"], row["scope"]
    folder = tmp_path / "reports" / "provincial"
    folder.mkdir(parents=True)
    elsewhere = "海南省" if region != "海南" else "西藏自治区"
    for name, place, text in [("own", region, f"推进“{span}”，再推进“{span}”。"), ("other", elsewhere, f"推进“{span}”。")]:
        (folder / f"{name}.txt").write_text(f"2025年政府工作报告\n各位代表：\n{text}", "utf-8")
        (folder / f"{name}.txt.meta.json").write_text(json.dumps({"region": place}), "utf-8")   # the region ingest reads
    docs, uses, _, places = script.count(tmp_path)
    rows = script.ranked(docs, uses)
    assert rows == [(span, 2, 3)]
    covered = script.coverage(rows, places)
    assert (covered["covered_uses"], covered["uses"], covered["covered"]) == (2, 3, 1)
    # and the ranking file keeps what coverage needs
    script.write(rows, places, tmp_path / "ranking.tsv", 2)
    assert script.coverage(script.read(tmp_path / "ranking.tsv"), script.read_places(tmp_path / "ranking.tsv")) == covered


def test_a_rendering_scoped_to_several_places_belongs_to_each_and_to_no_other():
    """一件事's government-services sense is Shanghai's, Chongqing's …; Beijing's is another."""
    from termsearch.model import Rendering
    row = Rendering('"one thing"', "official", "Xinhua", scope="上海; 重庆")
    assert renderings.applies_to_document(row, "", "上海市")
    assert renderings.applies_to_document(row, "", "重慶市")          # either script
    assert not renderings.applies_to_document(row, "", "北京市")
    assert renderings.applies_to_document(Rendering("x", "official", "s", scope="a-report; 重庆"), "a-report", "")
