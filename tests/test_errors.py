"""Each kind of error as a user meets it: the CLI prints its one-line message and exits with 2,
the web answers its HTTP status with one JSON error body (or an error page), the library raises
the kind with that status. Never a traceback, never a 500."""
from __future__ import annotations

import json
import shutil
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from conftest import WEB_REPORTS
from termsearch.app import create_app
from termsearch.cli import main
from termsearch.errors import (BuildLocked, IndexDamaged, IndexMissing, IndexOutdated, NotFound, QueryError,
                               TermsearchError)
from termsearch.index_build import build
from termsearch.index_layout import current_build
from termsearch.search import Engine


def cli_error(*args) -> str:
    """The one line the CLI printed for an error (after asserting it failed as a user expects)."""
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("termsearch: "), result.output
    return lines[0].removeprefix("termsearch: ")


def api_error(index_dir, url: str, status: int) -> str:
    response = create_app(index_dir).test_client().get(url)
    assert response.status_code == status, response.data[:300]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body == {"error": {"status": status, "message": body["error"]["message"]}}
    return body["error"]["message"]


@pytest.fixture
def index_copy(small_index, tmp_path):
    """A copy of the small web index that a test may break."""
    index_dir = tmp_path / "ix"
    shutil.copytree(small_index, index_dir)
    return index_dir


def test_an_index_from_an_older_termsearch_says_so_not_that_it_is_unbuilt(index_copy):
    (current_build(index_copy) / "format.json").write_text('{"format": 1}', encoding="utf-8")
    with pytest.raises(IndexOutdated) as raised:
        Engine(index_copy).search("雙萬")
    assert raised.value.status == 503
    message = api_error(index_copy, "/api/search?q=x", 503)
    assert "older termsearch" in message and "not built" not in message
    page = create_app(index_copy).test_client().get("/")
    assert page.status_code == 503 and "older termsearch" in page.get_data(as_text=True)
    line = cli_error("query", "x", "--index", index_copy)
    assert "older termsearch" in line and f"termsearch index PATH --index {index_copy}" in line


def test_no_index_is_a_503_on_the_web_and_says_how_to_build_one_in_the_cli(tmp_path):
    with pytest.raises(IndexMissing):
        Engine(tmp_path / "none").search("x")
    assert api_error(tmp_path / "none", "/api/terms", 503) == "the index is not built yet"
    line = cli_error("terms", "--index", tmp_path / "none")
    assert line.startswith("no index at") and "termsearch index PATH" in line


def test_a_damaged_index_with_no_earlier_build_says_damaged(index_copy):
    for lost in (current_build(index_copy) / "paragraphs").glob("*.pst"):
        lost.unlink()
    with pytest.raises(IndexDamaged):
        Engine(index_copy).search("雙萬")
    message = api_error(index_copy, "/api/search?q=" + quote("雙萬"), 503)
    assert "damaged" in message and str(index_copy) not in message     # no server paths on the web
    assert "damaged" in cli_error("query", "雙萬", "--index", index_copy)


def test_a_held_build_lock_is_its_own_kind_and_a_one_line_error(held_build_lock):
    index_dir, holder = held_build_lock                          # another build holds the lock
    with pytest.raises(BuildLocked) as raised:
        build([WEB_REPORTS / "small.txt"], index_dir)
    assert raised.value.status == 409
    line = cli_error("index", WEB_REPORTS / "small.txt", "--index", index_dir)
    assert "another build is running" in line
    assert current_build(index_dir) is None                     # nothing half-written was published


def test_bad_query_input_is_a_400_with_the_message_the_cli_prints(small_index):
    long_query = "雙" * 600
    with pytest.raises(QueryError) as raised:
        Engine(small_index).search(long_query)
    assert raised.value.status == 400
    web = api_error(small_index, "/api/search?q=" + quote(long_query), 400)
    assert "512" in web
    assert cli_error("query", long_query, "--index", small_index) == raised.value.message
    assert "limit must be" in api_error(small_index, "/api/search?q=x&limit=900", 400)


def test_what_is_not_in_the_index_is_a_404(small_index):
    assert "no term with id" in api_error(small_index, "/api/terms/no-such-term", 404)
    assert "no document with id" in api_error(small_index, "/api/documents/no-such-document", 404)
    assert cli_error("new", "--year", "1901", "--index", small_index).startswith("no document")


@pytest.mark.parametrize("kind, status", [
    (QueryError, 400), (NotFound, 404), (BuildLocked, 409), (IndexMissing, 503), (IndexOutdated, 503),
    (IndexDamaged, 503)])
def test_every_kind_carries_its_status_and_a_public_message_without_paths(kind, status):
    error = kind("/srv/secret/index: something\n  went wrong")
    assert isinstance(error, TermsearchError) and error.status == status
    assert error.message == "/srv/secret/index: something went wrong"        # one line
    if status == 503 or kind is BuildLocked:
        assert "/srv/secret" not in error.public_message


def _answers(index_dir) -> int:
    """How many paragraphs the index finds for 雙萬 (the small index holds several)."""
    return Engine(index_dir).search("雙萬").total


@pytest.mark.parametrize("add", [[], ["--add"]])
@pytest.mark.parametrize("what, why", [
    ("empty", "no report files"), ("missing", "no such file or folder"), ("pictures", "no report files"),
    ("refused", "none of the 2 files could be indexed")])
def test_indexing_nothing_is_a_one_line_error_and_the_index_is_left_as_it_was(index_copy, tmp_path, what, why, add):
    before = _answers(index_copy)
    assert before > 0
    live = current_build(index_copy)
    builds = sorted(p.name for p in live.parent.iterdir())
    folder = tmp_path / what
    if what != "missing":
        folder.mkdir()
    if what == "pictures":
        (folder / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    if what == "refused":
        (folder / "empty.txt").write_bytes(b"")
        (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    line = cli_error("index", folder, "--index", index_copy, *add)
    assert line.startswith("nothing to index") and why in line and "unchanged" in line
    assert current_build(index_copy) == live
    assert sorted(p.name for p in live.parent.iterdir()) == builds      # no new build written
    assert _answers(index_copy) == before                                # and the old one answers


def test_indexing_nothing_into_a_new_folder_leaves_no_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    line = cli_error("index", tmp_path / "empty", "--index", tmp_path / "ix")
    assert "no index was written" in line and not (tmp_path / "ix").exists()


# Characters str.isdigit() takes that int() refuses (superscripts, circled and subscript digits),
# and more digits than int() reads: each was a 500 where a page number or a year is read.
ODD_NUMBERS = ["²", "²³", "①", "₂", "⁰", "½", "9" * 5000]


@pytest.mark.parametrize("odd", ODD_NUMBERS)
@pytest.mark.parametrize("url", [
    "/api/new?year={}", "/api/timeline?q=x&year_from={}", "/api/search?q=x&year_to={}", "/new?year={}",
    "/new?page={}", "/shorthand?page={}", "/glossary?page={}", "/?q=x&page={}", "/?q=x&terms_page={}",
    "/?q=x&year_from={}", "/documents/small?page={}", "/documents/small?at={}", "/documents/small?gloss={}"])
def test_odd_digits_in_a_number_are_never_a_500(client, url, odd):
    response = client.get(url.format(quote(odd)))
    assert response.status_code in (200, 400, 404), (url, odd, response.status_code)
    if response.status_code == 400 and url.startswith("/api/"):
        message = response.get_json()["error"]["message"]
        assert ("must be" in message or "too long" in message) and "\n" not in message


def test_fullwidth_digits_are_read_as_the_number(client):
    year = str(next(d["year"] for d in client.get("/api/documents").get_json()["documents"] if d.get("year")))
    written = year.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    ascii_year, fullwidth = client.get(f"/api/new?year={year}"), client.get("/api/new?year=" + quote(written))
    assert fullwidth.status_code == ascii_year.status_code == 200
    assert fullwidth.get_json() == ascii_year.get_json()
    # a year no document is of: the same 404 however its digits are written
    assert client.get("/api/new?year=" + quote("２０３０")).get_json() == client.get("/api/new?year=2030").get_json()


@pytest.mark.parametrize("typed", ["", "   ", "\t", "\u3000"])
def test_an_empty_query_on_the_command_line_is_a_one_line_error(small_index, typed):
    assert cli_error("query", typed, "--index", small_index).startswith("missing query")


def _damage(path, how: str) -> None:
    data = path.read_bytes()
    if how == "cut":            # a full disk, a copy stopped halfway
        path.write_bytes(data[:len(data) // 2])
    elif how == "empty":
        path.write_bytes(b"")
    else:                       # overwritten in place, its size unchanged
        path.write_bytes(b"\xff" * (len(data) // 2) + data[len(data) // 2:])


@pytest.mark.parametrize("name, how, query", [
    ("texts.txt", "cut", "雙萬"), ("format.json", "garbage", "雙萬"), ("glossary.json", "cut", "雙萬"),
    ("english.json", "empty", "zero waste"), ("documents.json", "garbage", "雙萬"), ("paragraphs/*.pst", "cut", "雙萬"),
    ("paragraphs/*.trm", "garbage", "雙萬"), ("paragraphs/*._stored.col", "empty", "雙萬"),
    ("paragraphs/*._stored.col", "garbage", "雙萬")])
def test_a_damaged_file_names_itself_and_says_to_rebuild_never_a_traceback(index_copy, name, how, query):
    [path] = current_build(index_copy).glob(name)
    _damage(path, how)
    line = cli_error("query", query, "--index", index_copy)
    assert "damaged" in line and path.name in line and "rebuild" in line
    message = api_error(index_copy, "/api/search?q=" + quote(query), 503)
    assert path.name in message and "rebuilt" in message and str(index_copy) not in message


def test_a_rebuild_mends_a_damaged_index(index_copy):
    glossary = current_build(index_copy) / "glossary.json"
    _damage(glossary, "cut")
    assert "glossary.json" in cli_error("terms", "--index", index_copy)
    rebuilt = CliRunner().invoke(main, ["index", str(WEB_REPORTS), "--index", str(index_copy)])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert _answers(index_copy) > 0 and Engine(index_copy).reader().terms


def test_a_lost_format_stamp_says_damaged_not_built_by_an_older_termsearch(index_copy):
    (current_build(index_copy) / "format.json").unlink()
    line = cli_error("query", "雙萬", "--index", index_copy)
    assert "damaged (format.json is missing)" in line and "older" not in line and "rebuild" in line
    assert "format.json is missing" in api_error(index_copy, "/api/terms", 503)


def test_an_index_from_a_newer_termsearch_says_newer(index_copy):
    (current_build(index_copy) / "format.json").write_text('{"format": 999}', encoding="utf-8")
    assert "built by a newer termsearch" in cli_error("terms", "--index", index_copy)
    assert "newer termsearch" in api_error(index_copy, "/api/terms", 503)


@pytest.mark.parametrize("name", ["head.json", "1.json", "sections.json"])
@pytest.mark.parametrize("how", ["lost", "another kind of JSON"])
def test_a_documents_lost_or_replaced_file_is_named_never_an_empty_page_or_a_404(index_copy, name, how):
    path = current_build(index_copy) / "docs" / "small" / name
    if how == "lost":
        path.unlink()
    else:                   # another file of the build copied over it
        path.write_text("[]" if name != "sections.json" else "{}", encoding="utf-8")
    with pytest.raises(IndexDamaged):
        Engine(index_copy).reader().document("small")
    client = create_app(index_copy).test_client()
    # (The API's document reads its pages' own headings; the page's table of contents, sections.json.)
    for url in ["/documents/small"] + (["/api/documents/small"] if name != "sections.json" else []):
        response = client.get(url)
        assert response.status_code == 503, (url, response.status_code)
        assert f"docs/small/{name}" in response.get_data(as_text=True)


def test_a_document_file_overwritten_with_json_of_the_right_kind_is_named_when_its_page_fails(index_copy):
    (current_build(index_copy) / "docs" / "small" / "sections.json").write_text("[1, 2]", encoding="utf-8")
    response = create_app(index_copy).test_client().get("/documents/small")
    assert response.status_code == 503 and "docs/small/sections.json" in response.get_data(as_text=True)


@pytest.mark.parametrize("args, said", [
    (["query", "x", "--index", "{file}"], "'--index': Directory '{file}' is a file"),
    (["terms", "--undefined", "--limit", "0"], "'--limit': 0 is not in the range"),
    (["new", "--year", "abc"], "'--year': 'abc' is not a valid integer range"),
    (["query"], "Missing argument 'QUERY'"), (["no-such-command"], "No such command 'no-such-command'")])
def test_a_mistyped_command_line_is_one_line_saying_where_to_look(tmp_path, args, said):
    afile = tmp_path / "a file"
    afile.write_text("x", encoding="utf-8")
    line = cli_error(*(a.format(file=afile) for a in args))
    assert said.format(file=afile) in line and line.endswith("--help)")


def test_no_command_at_all_still_shows_the_help():
    result = CliRunner().invoke(main, [])
    assert "Usage:" in result.output and "Commands:" in result.output


def test_a_server_finds_a_file_overwritten_at_its_own_size_before_it_answers_wrongly(index_copy):
    table = current_build(index_copy) / "documents.json"
    text = table.read_text(encoding="utf-8")
    assert '"year":2024' in text
    table.write_text(text.replace('"year":2024', '"year":1999'), encoding="utf-8")  # the same size: opening cannot tell
    listed = CliRunner().invoke(main, ["documents", "--json", "--index", str(index_copy)])
    assert listed.exit_code == 0 and "1999" in listed.output          # what a command alone answers
    app = create_app(index_copy, warm=True)
    app.extensions["termsearch.warm_up"].join()
    response = app.test_client().get("/api/documents")
    assert response.status_code == 503 and "documents.json is not as written" in response.get_json()["error"]["message"]


def test_check_names_a_file_overwritten_at_its_own_size_which_commands_cannot_tell(index_copy):
    fine = CliRunner().invoke(main, ["check", "--index", str(index_copy)])
    assert fine.exit_code == 0 and fine.output.startswith(f"the index at {index_copy} is as built: ")
    page = sorted((current_build(index_copy) / "docs").rglob("1.json"))[0]
    text = page.read_text(encoding="utf-8")
    assert '"line":' in text
    page.write_text(text.replace('"line":', '"lime":', 1), encoding="utf-8")       # same size, other bytes
    line = cli_error("check", "--index", index_copy)
    assert f"{page.parent.name}/1.json is not as written: overwritten" in line
    assert f"rebuild it with: termsearch index PATH --index {index_copy}" in line


def test_check_names_a_lost_file_and_an_index_that_is_not_there(index_copy, tmp_path):
    (current_build(index_copy) / "vocab.json").unlink()
    assert "vocab.json is missing" in cli_error("check", "--index", index_copy)
    assert cli_error("check", "--index", tmp_path / "none").startswith(f"no index at {tmp_path / 'none'}")


@pytest.mark.parametrize("args", [["query", "x"], ["terms"], ["documents"], ["export"], ["index", WEB_REPORTS / "small.txt"]])
def test_an_index_path_that_cannot_be_read_is_one_line_never_a_traceback(tmp_path, args):
    # A name longer than the system allows stands for every path that cannot be read (no
    # permission on the folder, which the tests, run as root, cannot make).
    unreadable = tmp_path / ("x" * 300)
    line = cli_error(*args, "--index", unreadable)
    assert ("cannot read the index" in line or "cannot build the index" in line) and "File name too long" in line
    assert api_error(unreadable, "/api/terms", 503) == "the index cannot be read"


def test_a_report_or_termbase_path_that_cannot_be_read_is_one_line(small_index, tmp_path):
    unreadable = tmp_path / ("x" * 300)
    assert "cannot read (File name too long)" in cli_error("index", unreadable, "--index", tmp_path / "ix")
    assert "File name too long" in cli_error("import-terms", unreadable, "--index", small_index)


def test_a_current_file_that_is_not_text_says_damaged(index_copy):
    (index_copy / "CURRENT").write_bytes(b"\xff\xfe")
    assert "damaged (its CURRENT file is not a build's name)" in cli_error("terms", "--index", index_copy)


@pytest.mark.parametrize("command", [["import-terms", "{termbase}"], ["index", WEB_REPORTS / "small.txt", "--add"]])
def test_an_index_that_lost_its_documents_table_is_never_rebuilt_without_its_documents(index_copy, tmp_path, command):
    termbase = tmp_path / "mine.csv"
    termbase.write_text("term,english\n雙萬,Double Ten-Thousand\n", encoding="utf-8")
    live = current_build(index_copy)
    (live / "documents.json").unlink()
    line = cli_error(*(str(a).format(termbase=termbase) for a in command), "--index", index_copy)
    assert "damaged (documents.json is missing)" in line
    assert current_build(index_copy) == live            # nothing published: the documents are still on disk


def test_adding_to_an_index_that_lost_a_file_analyses_it_again_rather_than_carry_the_loss(index_copy, tmp_path):
    from termsearch import collection

    (current_build(index_copy) / "collection.json").unlink()     # (a search can do without it: not checked on opening)
    report = tmp_path / "added.txt"
    report.write_text("2024年某市政府工作报告\n一、总体要求\n推进“双万”建设。\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["index", str(report), "--add", "--index", str(index_copy)]).exit_code == 0
    reader = Engine(index_copy).reader()
    assert sorted(collection.load(reader).documents) == sorted(d["id"] for d in reader.documents)
    assert len(reader.documents) == 5


# Every route with every parameter any route reads, each given what a careless or hostile client
# sends (a 2026-12-02 sweep of 45,982 such requests over a five-report index found no 500).
ROUTES = ["/api/search", "/api/suggest", "/api/terms", "/api/terms/small:g01", "/api/documents", "/api/documents/small",
          "/api/export", "/api/gloss", "/api/shorthand", "/api/timeline", "/api/new", "/", "/terms/small:g01",
          "/documents", "/documents/small", "/glossary", "/prefs", "/widget.js", "/widget/demo", "/shorthand",
          "/timeline", "/new"]
PARAMETERS = ["q", "text", "limit", "offset", "page", "year", "year_from", "year_to", "region", "level", "kind",
              "document", "section", "script", "ruby", "format", "facets", "defined", "more", "terms_page",
              "term_limit", "term_offset", "uses_limit", "uses_offset", "at", "gloss", "next"]
HOSTILE_VALUES = ["%ED%A0%80", "%ZZ%00", "-1", "x" * 3000]


@pytest.mark.slow         # (some 7 s of CPU)
@pytest.mark.parametrize("route", ROUTES)
def test_no_route_answers_a_500_to_any_parameter_a_client_may_send(client, route):
    for name in PARAMETERS:
        for value in HOSTILE_VALUES:
            url = f"{route}?q=x&{name}={value}&{name}=2"
            status = client.get(url).status_code
            assert status < 500, (url[:120], status)


def test_a_lost_collection_file_is_named_not_computed_again_on_every_command(index_copy):
    (current_build(index_copy) / "collection.json").unlink()
    assert "damaged (collection.json is missing)" in cli_error("new", "--year", "2024", "--index", index_copy)
    assert "collection.json is missing" in api_error(index_copy, "/api/shorthand", 503)


def test_a_file_that_cannot_be_read_for_its_digest_is_named_not_a_second_failure(index_copy, monkeypatch):
    from termsearch import index_layout

    def unreadable(path):       # (the tests run as root: no permission can be taken away)
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(index_layout, "_digest", unreadable)
    with pytest.raises(IndexDamaged, match=r"texts.txt cannot be read \(Permission denied\)"):
        index_layout.check_sizes(current_build(index_copy), contents=True)


def test_reports_in_a_format_not_read_are_said_when_a_folder_is_indexed(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "small.txt").write_bytes((WEB_REPORTS / "small.txt").read_bytes())
    (folder / "2024年报告.docx").write_bytes(b"PK\x03\x04")
    (folder / "2023年报告.pdf").write_bytes(b"%PDF-1.4")
    (folder / "cover.png").write_bytes(b"\x89PNG\r\n\x1a\n")        # (not a report: passed over)
    result = CliRunner().invoke(main, ["index", str(folder), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0
    assert f"{folder}: 2 files not read (.docx, .pdf: termsearch reads .txt, .md, .html and .tmx" in result.output
    assert "cover.png" not in result.output


@pytest.mark.parametrize("name, changed, command, url, said", [
    ("vocab.json", '{"words": ["雙萬"]}', ["query", "雙萬"], "/api/search?q=" + quote("雙萬"),
     "words is a list, not an object"),
    ("english.json", '{"words": {"zero": "零"}, "phrases": {}}', ["query", "zero waste"], "/api/search?q=zero%20waste",
     "words['zero'] is a string, not a list"),
    ("docs/small/head.json", None, ["show", "雙萬"], "/api/documents/small", "pages is missing"),
    ("documents.json", '[{"id": "small", "title": 7, "sections": []}]', ["documents"], "/api/documents",
     "[0].title is a number, not a string")])
def test_a_side_file_of_the_wrong_inner_shape_is_named_where_it_is_read(index_copy, name, changed, command, url, said):
    build_dir = current_build(index_copy)
    # Without the sizes and digests (a build hand-edited, or one that lost them), only the
    # file's own reading can tell.
    for listing in ("sizes.json", "digests.json"):
        (build_dir / listing).unlink()
    path = build_dir / name
    if changed is None:         # a key every build writes, gone
        head = json.loads(path.read_text(encoding="utf-8"))
        del head["pages"]
        changed = json.dumps(head, ensure_ascii=False)
    path.write_text(changed, encoding="utf-8")
    line = cli_error(*command, "--index", index_copy) if name != "docs/small/head.json" else None
    if line is not None:
        assert name in line and said in line and "rebuild it with: termsearch index" in line
    message = api_error(index_copy, url, 503)
    assert name in message and said in message and "rebuilt" in message


def test_a_side_file_lost_from_a_build_that_wrote_it_is_named_not_read_as_empty(index_copy):
    (current_build(index_copy) / "glosses.json").unlink()
    message = api_error(index_copy, "/api/gloss?text=" + quote("经济发展"), 503)
    assert "glosses.json is missing" in message


@pytest.mark.parametrize("typed", ["two\nlines", "x" * 50_000])
def test_an_odd_argument_quoted_back_in_an_error_stays_one_short_line(small_index, typed):
    line = cli_error("terms", typed, "--index", small_index)
    assert "unexpected extra argument" in line and len(line) < 1100 and line.endswith("--help)")
