"""The paragraph texts a build keeps in texts.txt, read by row from the file (index_read.ParagraphTexts,
a big corpus's) or held in memory (ParagraphTextsInMemory, a small one's): a row is its line
exactly as the build wrote it either way, and a phrase check finds the same rows."""
from __future__ import annotations

import re

import pytest

from termsearch import Engine, adjacency, index_read
from termsearch.analysis import variants
from termsearch.index_read import ParagraphTexts, ParagraphTextsInMemory

LINES = ["县里建成了新的污水处理厂，幼兒園數量增加。", "", "GDP 增长 5.2%", "𠮷野家的“双万”新起点", "经济\u3000发展",
         "经 济发展", "最后一行", "經濟和社會發展，「經濟」發展"]


@pytest.fixture(params=[(kind, end) for kind in (ParagraphTexts, ParagraphTextsInMemory) for end in ("\n", "")],
                ids=lambda p: f"{p[0].__name__}, {'ends with a newline' if p[1] else 'no final newline'}")
def texts(tmp_path, request):
    kind, end = request.param
    path = tmp_path / "texts.txt"
    path.write_text("\n".join(LINES) + end, encoding="utf-8")
    lines = path.read_text(encoding="utf-8").split("\n")
    paragraphs = kind(path)
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


@pytest.mark.parametrize("pattern", [r"经[\s\u3000]*济[\s\u3000]*发[\s\u3000]*展", "双万", "最后", r"\d+\.\d+%", "𠮷"])
def test_a_phrase_check_finds_what_a_search_of_each_text_finds(texts, pattern):
    paragraphs, lines = texts
    compiled = re.compile(pattern)
    rows = [0, 2, 3, 4, 5, 6]
    found = [m.group() if m else None for m in paragraphs.search_rows(compiled, iter(rows))]
    assert found == [(m.group() if (m := compiled.search(lines[row])) else None) for row in rows]
    assert any(found)


@pytest.mark.parametrize("patterns", [["双万"], ["经济发展", r"经\s*济", "野家"], ["没有", "也没有"]])
def test_rows_matching_any_of_several_patterns_are_those_one_of_them_finds(texts, patterns):
    paragraphs, lines = texts
    compiled = [re.compile(p) for p in patterns]
    rows = [6, 0, 3, 4, 5, 2, 4]
    assert paragraphs.rows_matching_any(compiled, iter(rows)) == [
        any(p.search(lines[row]) for p in compiled) for row in rows]


@pytest.mark.parametrize("groups", [[["经济发展"]], [["经济", "竞技"], ["发展"]], [["双万"]], [["5.2"]], [["新起点"]],
                                    [["社会"], ["发展"]], [["幼儿园"]]])
def test_a_phrase_check_turning_rows_away_by_their_bytes_finds_the_rows_its_pattern_finds(texts, groups):
    # The bytes looked for first (in the mapped file) never turn away a row the phrase is in:
    # across separators (经济\u3000发展, “经济”发展), in Traditional and full-width forms.
    paragraphs, lines = texts
    pattern = variants.written_as(groups)
    prefilter = adjacency.utf8_superset(pattern)
    assert prefilter is not None
    rows = [7, 0, 3, 4, 5, 6, 2, 4]
    found = paragraphs.rows_matching_any([pattern], rows, prefilter=prefilter)
    assert found == [bool(pattern.search(lines[row])) for row in rows]
    assert any(found)


@pytest.mark.parametrize("patterns, literal", [
    ([variants.written_as([["经济发展"]])], "经济发展"),       # held as normalised, apart, in Traditional
    ([variants.written_as([["经济"], ["发展"]])], "经济发展"),
    ([re.compile("(?<=社会)发展")], "发展"),                   # held where the pattern does not match, and where it does
    ([re.compile("(?<!和)社會發展")], "社會發展"),             # not matched where the literal is
    ([re.compile("双万"), re.compile("野家")], "双万"),
    ([re.compile("新的污水")], "没有这些字"),                   # a literal held nowhere
])
def test_a_phrase_check_trying_its_words_where_a_text_holds_them_finds_what_a_search_finds(texts, patterns, literal):
    # A text holding the phrase's words as normalised is matched there first; a text holding
    # them only where the pattern does not match, or not at all, is searched whole.
    paragraphs, lines = texts
    rows = [7, 0, 3, 4, 5, 6, 2, 4, 1]
    wanted = [any(p.search(lines[row]) for p in patterns) for row in rows]
    assert paragraphs.rows_matching_any(patterns, rows, literal=literal) == wanted
    prefilter = adjacency.utf8_superset(patterns[0]) if len(patterns) == 1 else None
    if prefilter is not None:
        assert paragraphs.rows_matching_any(patterns, rows, prefilter=prefilter, literal=literal) == wanted


def test_a_phrase_query_checks_its_words_as_normalised_first_where_re_searches_slowly():
    # 经济发展 starts with a class ([經经]): its words are tried where a text holds them; 高质量发展
    # starts with one character, which re finds as fast.
    assert adjacency.Verified([[["经济"], ["发展"]]], variants.written_as([["经济发展"]]))._literal() == "经济发展"
    pairs = adjacency.Verified([[["经济"], ["济发"], ["发展"]]], variants.written_as([["经济发展"]]), field="chars")
    assert pairs._literal() == "经济发展"
    assert adjacency.Verified([[["高质量"], ["发展"]]], variants.written_as([["高质量发展"]]))._literal() == ""
    assert adjacency.Verified([[["经济", "竞技"], ["发展"]]], variants.written_as([["经济", "竞技"], ["发展"]]))._literal() == ""


@pytest.mark.parametrize("kind", [ParagraphTexts, ParagraphTextsInMemory])
def test_an_empty_file_is_one_empty_row(tmp_path, kind):
    (tmp_path / "texts.txt").write_bytes(b"")
    paragraphs = kind(tmp_path / "texts.txt")
    assert list(paragraphs) == [""]
    paragraphs.close()


PHRASES = ["双万", '"新起点"', "shuang wan", "三区三线", "sqsx", '"科学划定"']


def test_searches_find_the_same_with_the_texts_in_memory_or_read_from_the_file(seed_index, monkeypatch):
    def results(up_to: int):
        monkeypatch.setattr(index_read, "TEXTS_IN_MEMORY_UP_TO", up_to)
        engine = Engine(seed_index)
        kind = type(engine.reader().texts)
        found = [[(h.document, h.line, h.score) for h in engine.search(q, limit=20).hits] for q in PHRASES]
        engine.close()
        return kind, found

    in_memory, from_file = results(1 << 40), results(-1)
    assert (in_memory[0], from_file[0]) == (ParagraphTextsInMemory, ParagraphTexts)
    assert from_file[1] == in_memory[1] and any(in_memory[1])
