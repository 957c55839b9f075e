"""`termsearch show` as a user reads it: a mark that never cuts a quotation in two, and a term
that is not the one typed said to be so, with the part typed marked in it."""
import pytest
from click.testing import CliRunner

from conftest import index_of_report
from termsearch.cli import main

REPORT = ("2022年示例市政府工作报告\n一、工作回顾\n"
          "紧紧围绕工作主线，聚焦“三步走”战略目标，团结带领全市人民开拓创新。\n"
          "着眼于“三步走”战略目标和“双万”新起点，奋力推动发展。\n"
          "名词解释：\n"
          "“三步走”战略目标：第一步到2025年，第二步到2030年，第三步到2035年。\n"
          "“双万”：指地区生产总值超过1万亿元，常住人口超过1千万人。\n")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return index_of_report(tmp_path_factory, "show-asked", REPORT)


def show(index, term: str) -> list[str]:
    out = CliRunner().invoke(main, ["show", "--index", str(index), term])
    assert out.exit_code == 0, out.output
    return out.output.splitlines()


def test_a_use_is_marked_with_both_its_quote_marks_not_one(index):
    uses = [line for line in show(index, "三步走战略目标") if line.startswith("  report:")]
    assert len(uses) == 2
    for line in uses:
        assert "[“三步走”战略目标]" in line and "“[三步走" not in line


def test_a_part_of_a_term_says_the_term_shown_is_not_what_was_typed(index):
    lines = show(index, "三步")
    assert lines[0] == "no glossary term is '三步' itself; showing a term that holds it: “[三步]走”战略目标"
    assert lines[2].startswith("“三步走”战略目标")


@pytest.mark.parametrize("typed", ["三步走战略目标", "“三步走”战略目标", "sanbuzouzhanluemubiao"])
def test_the_term_itself_is_shown_without_a_word_before_it(index, typed):
    assert show(index, typed)[0].startswith("“三步走”战略目标")


def test_a_search_snippet_marks_a_term_across_its_quotes_whole(tmp_path, index):
    from termsearch.search import Engine

    hits = Engine(index).search("三步走战略目标").hits
    assert hits and all("<mark>“三步走”战略目标</mark>" in h.snippet for h in hits if "聚焦" in h.text)


@pytest.mark.parametrize("typed, found", [("三步", "holds"), ("三步走战略目标", "itself")])
def test_show_json_says_how_the_term_shown_matches_what_was_typed(index, typed, found):
    import json

    out = CliRunner().invoke(main, ["show", "--index", str(index), "--json", typed])
    assert out.exit_code == 0, out.output
    shown = json.loads(out.output)
    assert shown["term"] == "“三步走”战略目标"
    assert shown["asked"] == {"text": typed, "found": found, "terms_matching": 1}
