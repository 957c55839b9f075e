"""What a user who types odd things into an address, a box or a command gets: a clear sentence
(400) or the page they meant, never a traceback, a 500 or a silent default."""
import html
import re
import socket
import subprocess
import sys
import threading
from urllib.parse import quote

import pytest

from conftest import ROOT

BAD_PAGES = ["abc", "0", "-1", "1e3", "1.5", "9" * 40, "%00", "²"]


def message_of(response) -> str:
    if response.mimetype == "application/json":
        return response.get_json()["error"]["message"]
    return html.unescape(re.search(r'<p class="lead">([^<]*)</p>', response.get_data(as_text=True)).group(1))


# ----------------------------------------------------------------------------- paging

@pytest.mark.parametrize("name", ["page", "terms_page"])
@pytest.mark.parametrize("value", BAD_PAGES + ["1001"])
def test_a_bad_page_of_results_is_a_400_saying_what_a_page_is(client, name, value):
    response = client.get(f"/?q={quote('雙萬')}&{name}={value}")
    assert response.status_code == 400
    assert message_of(response) == f"{name} must be a whole number from 1 to 1000."


@pytest.mark.parametrize("url, high", [("/glossary", 1), ("/shorthand", 10000), ("/documents/small", 1),
                                       ("/documents", 1), ("/timeline", 1), ("/", 1000), ("/widget/demo", 1)])
@pytest.mark.parametrize("value", BAD_PAGES)
def test_every_paged_page_says_the_same_of_a_bad_page(client, url, high, value):
    response = client.get(f"{url}?page={value}")
    assert response.status_code == 400, (url, value)
    assert message_of(response) == f"page must be a whole number from 1 to {high}."


def test_a_page_past_the_end_is_still_a_404(client):
    assert client.get("/glossary?page=99").status_code == 404
    assert client.get("/documents/small?page=2").status_code == 404
    assert client.get("/documents?page=2").status_code == 404       # one page lists every report
    assert client.get("/documents?page=1").status_code == 200


@pytest.mark.parametrize("url, name", [("/?q=x&gloss={}", "gloss"), ("/documents/small?gloss={}", "gloss"),
                                       ("/documents/small?at={}", "at"), ("/?gloss={}", "gloss")])
@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "1e3"])
def test_a_bad_paragraph_or_hit_number_is_a_400_naming_it(client, url, name, value):
    response = client.get(url.format(value))
    assert response.status_code == 400, (url, value)
    assert message_of(response).startswith(f"{name} must be a whole number")


@pytest.mark.parametrize("url", ["/", "/?q=x", "/glossary", "/documents", "/documents/small", "/shorthand", "/new",
                                 "/timeline", "/prefs"])
@pytest.mark.parametrize("arg, says", [("script=xyz", "script must be one of orig, hant, hans"),
                                       ("script=HANS", "script must be one of"), ("ruby=2", "ruby must be 0 or 1"),
                                       ("ruby=yes", "ruby must be 0 or 1")])
def test_a_display_preference_the_pages_do_not_know_is_a_400(client, url, arg, says):
    response = client.get(url + ("&" if "?" in url else "?") + arg)
    assert response.status_code == 400, (url, arg)
    assert message_of(response).startswith(says)


def test_known_display_preferences_and_a_stale_cookie_still_show_the_page(client):
    assert client.get("/glossary?script=hans&ruby=1").status_code == 200
    assert client.get("/prefs?script=hant&next=/glossary").status_code == 303
    client.set_cookie("ts_display", "klingon.7")
    try:
        assert client.get("/glossary").status_code == 200
    finally:
        client.delete_cookie("ts_display")


@pytest.mark.parametrize("url", ["/?q=x&level={}", "/api/search?q=x&level={}", "/api/timeline?q=x&level={}"])
@pytest.mark.parametrize("value", ["planet", "City"])
def test_a_level_no_document_can_have_is_a_400_listing_the_levels(client, url, value):
    response = client.get(url.format(value))
    assert response.status_code == 400
    assert message_of(response).startswith("level must be one of national, province, city, county, district, town")


def test_a_kind_no_document_can_have_is_a_400_and_a_known_one_filters(client):
    response = client.get("/api/search?q=x&kind=speech")
    assert response.status_code == 400 and "kind must be one of government_work_report" in message_of(response)
    assert client.get("/api/search?q=x&kind=law&level=city").status_code == 200


def test_the_odd_requests_bench_finds_no_bad_value_passed_over():
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "odd_requests.py"), "--bad-values-only"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert re.search(r"^\d+ requests with a value a route cannot take, 0 answered as if it were fine$", proc.stdout, re.M)


def test_terms_limit_without_undefined_is_refused_not_passed_over(seed_index):
    from click.testing import CliRunner

    from termsearch.cli import main

    out = CliRunner().invoke(main, ["terms", "--limit", "3", "--index", str(seed_index)])
    assert out.exit_code == 2
    assert out.output.strip() == ("termsearch: --limit counts the shorthand of --undefined; the glossary is "
                                  "listed whole (termsearch terms --undefined --limit 20)")
    assert CliRunner().invoke(main, ["terms", "--undefined", "--limit", "3", "--index", str(seed_index)]).exit_code == 0


def test_a_good_terms_page_still_pages(client):
    assert client.get(f"/?q={quote('雙萬')}&terms_page=2").status_code == 200


@pytest.mark.parametrize("url", ["/api/search?q=x&page=2", "/api/search?q=x&terms_page=2", "/api/terms?page=1",
                                 "/api/documents?page=3", "/api/shorthand?page=2"])
def test_the_api_refuses_page_and_says_to_use_offset_and_limit(client, url):
    response = client.get(url)
    assert response.status_code == 400 and response.mimetype == "application/json"
    assert "offset and limit" in message_of(response)


def test_the_openapi_document_says_the_api_pages_by_offset(client):
    spec = client.get("/api/openapi.json").get_json()
    assert "offset and limit" in spec["info"]["description"] and "page" in spec["info"]["description"]
    assert "terms_page" in spec["paths"]["/api/search"]["get"]["responses"]["400"]["description"]


# ----------------------------------------------------------------------------- addresses

@pytest.mark.parametrize("url", ["/search?q=", "/search?q=+", "/search", "/?q=", "/?q=%20%20", "/?q=%00%01"])
def test_an_empty_search_goes_home(client, url):
    response = client.get(url)
    assert response.status_code == 301 and response.headers["Location"] == "/"


def test_search_at_slash_search_moves_to_the_search_page(client):
    response = client.get("/search?q=%E9%9B%99%E8%90%AC&page=1")
    assert response.status_code == 301
    assert response.headers["Location"] == "/?q=%E9%9B%99%E8%90%AC&page=1"


def raw_get(port: int, target: bytes) -> tuple[int, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body


def test_an_address_sent_with_raw_utf8_characters_is_searched(client):
    """`GET /api/search?q=双万` with the characters unencoded (curl, scripts) through the server
    `termsearch serve` runs: answered as if percent-encoded, not waitress's "400 Bad URI"."""
    from termsearch import cli

    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    server = cli._bind(client.application, "127.0.0.1", port, 2)
    try:
        threading.Thread(target=server.run, daemon=True).start()
        status, body = raw_get(port, "/api/search?q=雙萬&limit=1".encode())
        assert status == 200 and '"query":"雙萬"'.encode() in body
        status, body = raw_get(port, "/?q=雙萬".encode())
        assert status == 200 and "<title>雙萬 · termsearch".encode() in body
        assert raw_get(port, "/terms/不存在".encode())[0] == 404
        assert raw_get(port, b"/api/search?q=\xff\xfe&limit=1")[0] == 400   # not UTF-8: said, no crash
    finally:
        server.close()
        server.task_dispatcher.shutdown()


def test_percent_encoding_leaves_ascii_as_sent():
    from termsearch.raw_uri import percent_encoded

    assert percent_encoded("GET /?q=双万&x=%20 HTTP/1.1".encode()) == b"GET /?q=%E5%8F%8C%E4%B8%87&x=%20 HTTP/1.1"


# ----------------------------------------------------------------------------- command line

def test_python_dash_m_termsearch_runs_the_command_line():
    out = subprocess.run([sys.executable, "-m", "termsearch", "--help"], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert out.returncode == 0 and "Usage: termsearch" in out.stdout


# ----------------------------------------------------------------------------- control characters

def test_a_query_of_control_characters_is_a_missing_query_on_the_command_line(seed_index):
    from click.testing import CliRunner

    from termsearch.cli import main

    out = CliRunner().invoke(main, ["query", "--index", str(seed_index), "\x01\x02"])
    assert out.exit_code == 2 and "missing query" in out.output and "Traceback" not in out.output


def test_a_query_of_control_characters_is_a_missing_query_in_the_api(client):
    response = client.get("/api/search?q=%01%02")
    assert response.status_code == 400 and message_of(response) == "missing query: pass ?q="


def test_a_timeline_has_no_nameless_line_for_a_control_character_query(seed_index):
    from click.testing import CliRunner

    from termsearch.cli import main

    alone = CliRunner().invoke(main, ["timeline", "--index", str(seed_index), "\x01"])
    assert alone.exit_code == 2 and "give at least one query" in alone.output
    beside = CliRunner().invoke(main, ["timeline", "--index", str(seed_index), "--json", "\x01", "雙萬"])
    assert beside.exit_code == 0
    import json
    assert [s["query"] for s in json.loads(beside.output)["series"]] == ["雙萬"]


def test_a_file_of_control_bytes_is_not_indexed_as_a_document(tmp_path):
    from click.testing import CliRunner

    from termsearch.cli import main

    (tmp_path / "nul.md").write_bytes(b"\x00\x01\x02")
    out = CliRunner().invoke(main, ["index", str(tmp_path / "nul.md"), "--index", str(tmp_path / "ix")])
    # (NUL bytes that are no UTF-16 text: said to be binary, as a program renamed .md is)
    assert out.exit_code == 2 and "nul.md: binary file (contains NUL bytes)" in out.output and "Traceback" not in out.output
    (tmp_path / "controls.md").write_bytes(b"\x01\x02\x03")
    out = CliRunner().invoke(main, ["index", str(tmp_path / "controls.md"), "--index", str(tmp_path / "ix")])
    assert out.exit_code == 2 and "only control characters" in out.output and "Traceback" not in out.output


def test_a_query_given_twice_to_the_api_is_refused_not_half_answered(client):
    response = client.get("/api/search?q=x&q=y")
    assert response.status_code == 400 and message_of(response).startswith("q is given 2 times")


@pytest.mark.parametrize("term", ["", "  ", "\x01", '"', "“”"])
def test_show_with_no_term_says_the_term_is_missing(seed_index, term):
    from click.testing import CliRunner

    from termsearch.cli import main

    out = CliRunner().invoke(main, ["show", "--index", str(seed_index), term])
    assert out.exit_code == 2 and "missing term" in out.output


# ----------------------------------------------------------------------------- unknown ids

@pytest.mark.parametrize("url", ["/api/search?q=x&document=nope", "/?q=x&document=nope"])
def test_a_search_within_an_unknown_document_says_so_not_zero_hits(client, url):
    response = client.get(url)
    assert response.status_code == 404     # as /api/documents/nope and /api/export?document=nope
    assert message_of(response) == "no document 'nope' in the index (see termsearch documents)"


# ----------------------------------------------------------------------------- only punctuation

@pytest.mark.parametrize("typed", ['"', "，", "“”", "()"])
def test_a_query_of_only_punctuation_is_refused_on_the_command_line(seed_index, typed):
    from click.testing import CliRunner

    from termsearch.cli import main

    out = CliRunner().invoke(main, ["query", "--index", str(seed_index), typed])
    assert out.exit_code == 2 and "Traceback" not in out.output
    assert out.output.strip() == (f"termsearch: nothing to search for in {typed!r}: it holds no characters, "
                                  "pinyin or English, only punctuation or operators")


@pytest.mark.parametrize("url", ["/api/search?q=%22", "/?q=%22"])
def test_a_query_of_only_punctuation_is_a_400_in_the_api_and_the_page(client, url):
    response = client.get(url)
    assert response.status_code == 400 and message_of(response).startswith("nothing to search for in '\"'")


def test_operators_alone_are_nothing_to_search_for(client):
    response = client.get("/api/search?q=AND")
    assert response.status_code == 400 and message_of(response).startswith("nothing to search for in 'AND'")


@pytest.mark.parametrize("url", ["/api/search?q=x&section=nope", "/?q=x&section=nope"])
def test_a_search_within_an_unknown_section_says_so_not_zero_hits(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert message_of(response) == "no section 'nope' in the index (a search's section counts name them)"


# ----------------------------------------------------------------------------- bytes not UTF-8

@pytest.mark.parametrize("url", ["/api/search?q=%FF%FE", "/?q=%FF", "/?q=%E9%9B%99%FF", "/search?q=%FF"])
def test_a_query_not_in_utf8_is_a_400_saying_so_not_a_missing_query(client, url):
    """Werkzeug reads such bytes as U+FFFD: alone they were "missing query" (the page went home)
    and beside characters they were dropped from the search unsaid."""
    response = client.get(url)
    assert response.status_code == 400
    assert message_of(response).startswith("the query could not be read as UTF-8 (%FF in it")


def test_another_argument_not_in_utf8_is_named(client):
    response = client.get("/api/search?q=%E9%9B%99&document=%C3")
    assert response.status_code == 400 and message_of(response).startswith("the argument 'document' could not be read as UTF-8")


def test_the_character_u_fffd_itself_sent_as_utf8_is_still_a_missing_query(client):
    assert message_of(client.get("/api/search?q=%EF%BF%BD")) == "missing query: pass ?q="


def test_a_query_not_in_utf8_on_the_command_line_says_so(seed_index):
    """The bytes reach Python as lone surrogates, read as nothing: "missing query" before."""
    out = subprocess.run([sys.executable, "-m", "termsearch", "query", b"\xb2\xbb", "--index", str(seed_index)],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.startswith("termsearch: the query could not be read as UTF-8 (\\xb2\\xbb") and out.stderr.count("\n") == 1


@pytest.mark.parametrize("args", [["index", ""], ["index", "--index", ""], ["query", "雙萬", "--index", ""]])
def test_an_empty_path_on_the_command_line_is_refused_not_read_as_this_folder(tmp_path, monkeypatch, args):
    # Path("") is ".": `termsearch index "$REPORTS"` with the variable unset indexed every file of
    # the folder it ran in, and `--index "$IX"` built an index into it.
    from click.testing import CliRunner

    from termsearch.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("2024年工作报告\n一、工作回顾\n推进城市更新。\n", encoding="utf-8")
    out = CliRunner().invoke(main, args)
    assert out.exit_code == 2 and "an empty path" in out.output and out.output.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_termsearch_index_set_to_nothing_is_the_default_index_not_this_folder(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from termsearch.cli import main

    monkeypatch.chdir(tmp_path)
    out = CliRunner(env={"TERMSEARCH_INDEX": ""}).invoke(main, ["query", "雙萬"])
    assert out.exit_code == 2 and "no index at index " in out.output
