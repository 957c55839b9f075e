"""TermFinder finds every use of every key, also with quote marks inside it, whatever the
characters around (issue 18.2: it now skips in C the places no key starts at)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from termsearch.analysis.termforms import _QUOTES, TermFinder, _bounded

KEYS = {"t1": ["三无乡镇", "三无"], "t2": ["c位"], "t3": ["ip"], "t4": ["高质量发展", "质量"], "t5": ["[x]-^"]}
PIECES = ["三", "无", "乡", "镇", "三无", "三无乡镇", "c", "位", "ip", "java", "高质量", "发展", "质量", "[x]", "-^",
          "“", "”", "‘", "'", "\"", "「", "」", " ", "a", "1"]


def brute_spans(text: str) -> set[tuple[int, int, str]]:
    """Every (start, end, id) where a key is written, with quote marks inside it or not."""
    kept = [i for i, ch in enumerate(text) if not _QUOTES.match(ch)]
    bare = "".join(text[i] for i in kept)
    found = set()
    for term_id, keys in KEYS.items():
        for key in keys:
            if len(key) < 2:
                continue
            for source, place in ((text, lambda i: i), (bare, kept.__getitem__)):
                at = source.find(key)
                while at != -1:
                    if _bounded(source, at, at + len(key)):
                        found.add((place(at), place(at + len(key) - 1) + 1, term_id))
                    at = source.find(key, at + 1)
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_every_use_is_found_once_in_order(pieces):
    text = "".join(pieces)
    spans = TermFinder(list(KEYS.items()))._spans(text)
    assert set(spans) == brute_spans(text)
    assert len(spans) == len(set(spans))
    assert [s[0] for s in spans] == sorted(s[0] for s in spans)


def test_a_term_with_quote_marks_inside_is_found_where_it_is_written():
    finder = TermFinder(list(KEYS.items()))
    assert finder._spans("“三无”乡镇") == [(1, 3, "t1"), (1, 6, "t1")]
    assert finder.find("在“C”位".lower()) == ["t2"]
    assert finder.find("javascript 的 ip") == ["t3"]
    assert TermFinder([])._spans("三无乡镇") == []
    assert finder._spans("") == [] and finder._spans("三") == []
