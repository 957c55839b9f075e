"""Small things a user notices: a 400's heading names what was asked for, an empty search keeps
its filters, a correction that found paragraphs does not read as if nothing was found, and the
index command names every file it skips the same way."""
import os
import re
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from termsearch.cli import main


def heading(response) -> str:
    return re.search(r"<h1>([^<]*)</h1>", response.get_data(as_text=True)).group(1)


@pytest.mark.parametrize("url, expected", [
    ("/glossary?page=abc", "That page of the glossary cannot be shown"),
    ("/documents/small?page=abc", "That page of the report cannot be shown"),
    ("/shorthand?page=abc", "That page of the shorthand cannot be shown"),
    (f"/?q={quote('雙萬')}&terms_page=abc", "That search cannot be run"),
])
def test_a_bad_page_says_which_page_cannot_be_shown(client, url, expected):
    response = client.get(url)
    assert response.status_code == 400
    assert heading(response) == expected
    assert re.search(r'<p class="lead">page|<p class="lead">terms_page', response.get_data(as_text=True))


@pytest.mark.parametrize("query", ["year_from=2020", "region=x&kind=y", "year_from=2020&year_to=2022&level=z"])
def test_an_empty_search_keeps_its_filters(client, query):
    response = client.get(f"/?q=&{query}")
    assert response.status_code == 301
    assert response.headers["Location"] == f"/?{query}"


def test_an_empty_search_alone_still_goes_home(client):
    assert client.get("/?q=").headers["Location"] == "/"


def test_a_correction_that_found_paragraphs_does_not_say_no_paragraph(seed_index):
    # kindergarden → kindergarten finds paragraphs; only the misspelt letters themselves are in none.
    out = CliRunner().invoke(main, ["query", "kindergarden", "--index", str(seed_index)]).output
    assert re.search(r"^\d+ paragraphs?", out, re.M)
    assert "no paragraph has" not in out
    assert "the letters “kindergarden” themselves appear in no paragraph" in out


def test_index_names_a_dangling_symlink_by_its_whole_path(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "report.txt").write_text("2022年某县政府工作报告\n各位代表：\n坚持双万。\n", "utf-8")
    os.symlink(tmp_path / "gone.txt", folder / "dangling.txt")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["index", "in", "--index", str(tmp_path / "ix")])
    assert f"{folder / 'dangling.txt'}: cannot follow" in result.output


@pytest.mark.parametrize("query, message", [
    ("&".join(f"q={c}" for c in "abcdefg"), "at most 6 queries on one timeline"),
    ("q=" + "x" * 300, "q is too long (the limit is 256 characters)"),
])
def test_a_timeline_of_too_much_says_so_rather_than_drawing_part_of_it(client, query, message):
    # As `termsearch timeline a b c d e f g` and /api/timeline say it; the page drew six, unsaid.
    response = client.get(f"/timeline?{query}")
    assert response.status_code == 400
    assert heading(response) == "That timeline cannot be drawn"
    assert message in response.get_data(as_text=True)


def test_an_empty_search_at_the_guessed_address_keeps_its_filters_too(client):
    assert client.get("/search?q=&year_from=2020").headers["Location"] == "/?year_from=2020"
    assert client.get("/search?q=").headers["Location"] == "/"
