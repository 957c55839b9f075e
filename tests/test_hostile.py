"""Hostile input: arbitrary queries and odd files never crash termsearch or lose the other files."""
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from termsearch.index_build import build
from termsearch.ingest.structure import MAX_PARAGRAPH_CHARS
from termsearch.model import QueryError
from termsearch.search import Engine

GOOD = "2024年工作报告\n我们推进“无废城市”建设。\n名词解释：\n“无废城市”：指一种城市发展模式。\n"

query_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.sampled_from(list('()"“”「」 ANDORNOT*?~^:-+雙万shuangwan\x00\ud800')), max_size=80),
    st.lists(st.sampled_from(["(", ")", "AND", "OR", "NOT", '"', "雙萬", "sqsx", "text:", "*", "~2", "shuang"]),
             max_size=40).map(" ".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=query_text)
def test_any_query_gives_a_result_or_a_clear_error(engine, q):
    try:
        result = engine.search(q, limit=5)
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert result.total >= len(result.hits)
        for hit in result.hits:
            assert "<script" not in hit.snippet


@pytest.mark.parametrize("q", ["(" * 5000, '"' * 5000, "a" * 100_000, "雙" * 100_000])
def test_huge_queries_are_refused_with_a_message(engine, q):
    with pytest.raises(QueryError, match="limit"):
        engine.search(q)


@pytest.mark.parametrize("limit, offset", [(-1, 0), (10**9, 0), (10, -5), (10, 10**9)])
def test_result_windows_are_bounded(engine, limit, offset):
    with pytest.raises(QueryError):
        engine.search("雙萬", limit=limit, offset=offset)


def test_markup_in_documents_never_reaches_a_snippet_unescaped(tmp_path):
    report = tmp_path / "evil.txt"
    report.write_text('报告\n<script>alert(1)</script>无废城市\n"><img src=x onerror=alert(1)>无废城市\n'
                      '<a href="javascript:alert(1)">无废城市</a>\n', encoding="utf-8")
    build([report], tmp_path / "ix")
    hits = Engine(tmp_path / "ix").search("无废城市").hits
    assert len(hits) == 3
    for hit in hits:
        assert "<script" not in hit.snippet and "<img" not in hit.snippet and "<a " not in hit.snippet
        assert hit.snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_truncated_mislabelled_and_binary_files_do_not_stop_the_others(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "truncated.txt").write_bytes(GOOD.encode("utf-8")[:-2])          # cut inside a character
    (folder / "gbk-named.html").write_bytes(GOOD.encode("gbk"))               # not HTML, not UTF-8
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(4000))
    (folder / "empty.md").write_bytes(b"")
    result = build([folder], tmp_path / "ix")
    indexed = {d["document"] for d in result.report.documents}
    assert {"good", "gbk-named"} <= indexed
    assert any("image.txt" in e for e in result.report.errors)
    assert any("empty.md" in e for e in result.report.errors)
    assert Engine(tmp_path / "ix").search("无废城市").total >= 2


def test_an_unreadable_file_is_reported(tmp_path, monkeypatch):
    # As root every file is readable, so the refusal is simulated where the file is read.
    from pathlib import Path

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "locked.txt").write_text(GOOD, encoding="utf-8")
    real_open = os.open

    def refusing_open(path, *args, **kwargs):
        if Path(path).name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    result = build([folder], tmp_path / "ix")
    assert any("locked.txt" in e and "cannot read" in e and "Permission denied" in e for e in result.report.errors)
    assert [d["document"] for d in result.report.documents] == ["good"]


def test_an_unreadable_folder_is_reported_and_the_rest_indexed(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    import termsearch.ingest.files as files

    real_walk = os.walk

    def walk_with_a_denied_folder(top, onerror=None, followlinks=False):
        for entry in real_walk(top, onerror=onerror, followlinks=followlinks):
            yield entry
        onerror(PermissionError(13, "Permission denied", str(folder / "sub")))

    monkeypatch.setattr(files.os, "walk", walk_with_a_denied_folder)
    result = build([folder], tmp_path / "ix")
    assert any("sub" in e and "Permission denied" in e for e in result.report.errors)
    assert [d["document"] for d in result.report.documents] == ["good"]


@pytest.mark.slow
def test_a_huge_single_line_file_is_refused_or_split(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    sentence = "我们推进无废城市建设。"
    (folder / "one-line-3mb.txt").write_text(sentence * (3_000_000 // len(sentence)), encoding="utf-8")
    (folder / "one-line-50mb.txt").write_text("无" * (50 * 1024 * 1024 // 3), encoding="utf-8")
    result = build([folder], tmp_path / "ix")
    assert any("one-line-50mb.txt" in e and "limit" in e for e in result.report.errors)
    big = next(d for d in result.report.documents if d["document"] == "one-line-3mb")
    assert big["paragraphs"] >= 3_000_000 // MAX_PARAGRAPH_CHARS
    assert any("split" in w for w in big["warnings"])


@pytest.mark.slow
def test_millions_of_glossary_like_lines_are_capped(tmp_path):
    path = tmp_path / "many-terms.txt"
    lines = ["报告", "名词解释："] + [f"术语{i}：定义{i}。" for i in range(200_000)]
    path.write_text("\n".join(lines), encoding="utf-8")
    result = build([path], tmp_path / "ix")
    doc = result.report.documents[0]
    assert doc["glossary"] == 2000
    assert any("kept the first" in w for w in doc["warnings"])


def test_every_control_separator_and_surrogate_character_and_only_those_read_as_a_space():
    # clean_query's one character class is Unicode's categories Cc, Zl, Zp and Cs, every code point.
    import sys
    import unicodedata

    from termsearch.query import _UNSEARCHABLE, clean_query

    categories = ("Cc", "Cs", "Zl", "Zp")
    assert all(bool(_UNSEARCHABLE.match(chr(point))) == (unicodedata.category(chr(point)) in categories)
               for point in range(sys.maxunicode + 1))
    assert clean_query("双\x85万\u2028新\x07起点") == "双 万 新 起点"
    assert clean_query("双\ud800万") == "双?万"
