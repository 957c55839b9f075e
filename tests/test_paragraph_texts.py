"""The paragraph texts a build keeps in texts.txt, read by row from the file (index_read.ParagraphTexts):
a row is its line exactly as the build wrote it, and a phrase check finds the same rows as on
the texts in memory."""
from __future__ import annotations

import re

import pytest

from termsearch.index_read import ParagraphTexts

LINES = ["县里建成了新的污水处理厂，幼兒園數量增加。", "", "GDP 增长 5.2%", "𠮷野家的“双万”新起点", "经济\u3000发展",
         "经 济发展", "最后一行"]


@pytest.fixture(params=["\n", ""], ids=["ends with a newline", "no final newline"])
def texts(tmp_path, request):
    path = tmp_path / "texts.txt"
    path.write_text("\n".join(LINES) + request.param, encoding="utf-8")
    lines = path.read_text(encoding="utf-8").split("\n")
    paragraphs = ParagraphTexts(path)
    yield paragraphs, lines
    paragraphs.close()


def test_each_row_is_its_line_as_written(texts):
    paragraphs, lines = texts
    assert len(paragraphs) == len(lines)
    assert [paragraphs[row] for row in range(len(lines))] == lines
    assert list(paragraphs) == lines
    assert paragraphs[-1] == lines[-1]
    with pytest.raises(IndexError):
        paragraphs[len(lines)]


def test_rows_can_be_read_many_times_in_any_order(texts):
    paragraphs, lines = texts
    rows = [4, 0, 3, 0, 6, 1]
    assert [paragraphs[row] for row in rows] == [lines[row] for row in rows]


@pytest.mark.parametrize("pattern", [r"经[\s\u3000]*济[\s\u3000]*发[\s\u3000]*展", "双万", "^最后", r"\d+\.\d+%", "𠮷"])
def test_a_phrase_check_finds_what_a_search_of_each_text_finds(texts, pattern):
    paragraphs, lines = texts
    compiled = re.compile(pattern)
    rows = [0, 2, 3, 4, 5, 6]
    found = [m.group() if m else None for m in paragraphs.search_rows(compiled, iter(rows))]
    assert found == [(m.group() if (m := compiled.search(lines[row])) else None) for row in rows]
    assert any(found)


def test_an_empty_file_is_one_empty_row(tmp_path):
    (tmp_path / "texts.txt").write_bytes(b"")
    paragraphs = ParagraphTexts(tmp_path / "texts.txt")
    assert list(paragraphs) == [""]
    paragraphs.close()
