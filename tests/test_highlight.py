"""Marks on the original text: snippets are HTML, whatever the paragraph holds."""
from __future__ import annotations

import html
import re

import pytest

from termsearch import highlight


@pytest.mark.parametrize("text", [
    "推进冬奥会场馆建设，冬奥会如期举办。",                      # nothing HTML would read
    "推进<b>冬奥会</b>场馆 & “冬奥会”建设，'冬奥会' \"如期\"。",   # every character html.escape changes
])
def test_a_snippet_marks_each_match_and_escapes_what_html_would_read(text):
    spans = highlight.find_spans(text, ["冬奥会"])
    snippet = highlight.snippet(text, spans)
    assert snippet.count("<mark>冬奥会</mark>") == text.count("冬奥会")
    unmarked = re.sub("</?mark>", "", snippet)
    assert "<" not in unmarked and ">" not in unmarked and '"' not in unmarked and "'" not in unmarked
    assert html.unescape(unmarked) == text


def test_a_long_paragraph_s_snippet_is_a_marked_window_around_the_first_match():
    text = "甲" * 300 + "冬奥会" + "乙" * 300 + "&冬奥会"
    snippet = highlight.snippet(text, highlight.find_spans(text, ["冬奥会"]))
    assert snippet.startswith("…") and snippet.endswith("…")
    assert snippet.count("<mark>冬奥会</mark>") == 1
    assert len(html.unescape(re.sub("</?mark>", "", snippet)).strip("…")) == highlight.SNIPPET_CHARS


def test_words_next_to_each_other_are_one_mark():
    # A repeated word standing twice in a row is marked once, as one span.
    assert highlight.find_spans("冬奥会冬奥会举办", ["冬奥会"]) == [(0, 6)]
    assert highlight.mark("冬奥会冬奥会举办", [(0, 6)]) == "<mark>冬奥会冬奥会</mark>举办"


def test_a_mark_across_quotes_takes_in_the_partner_quote_and_a_word_s_mark_stays_as_it_is():
    text = "实现“三步走”战略目标和“雙萬”新起點，推进乡村振兴。"
    spans = highlight.find_spans(text, ["三步走战略目标", "双万新起点", "乡村"])
    assert [text[start:end] for start, end in spans] == ["“三步走”战略目标", "“雙萬”新起點", "乡村"]


@pytest.mark.parametrize("text, words, marked", [
    # Written in the other script, full width or apart: each word still marked, the words a
    # text lacks skipped without changing what is marked.
    ("推進鄉村振興，發展農家樂", ["乡村", "农村", "田园", "振兴", "农家乐", "武清"], ["鄉村振興", "農家樂"]),
    ("ａｂ and a-b", ["ab", "cd"], ["ａｂ", "a-b"]),
    ("“一带一路”倡议", ["“一带一路”", "倡议"], ["“一带一路”倡议"]),
])
def test_every_word_a_text_holds_is_marked_in_any_form_and_no_other(text, words, marked):
    assert [text[s:e] for s, e in highlight.find_spans(text, words)] == marked
