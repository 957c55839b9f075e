"""Pairs of characters written across a gap (gap_pairs.py), and the phrase check that rules out
candidates holding neither a phrase's pairs side by side nor across a gap (adjacency.Verified):
no paragraph a phrase is written in may be lost."""
from __future__ import annotations

import itertools

import pytest

from conftest import engine_of_report
from termsearch import adjacency, gap_pairs
from termsearch.adjacency import run_pairs
from termsearch.analysis import analyzers, variants
from termsearch.errors import IndexDamaged
from termsearch.index_layout import current_build


def _table(tmp_path, lines):
    (tmp_path / "texts.txt").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    gap_pairs.write(tmp_path)
    return gap_pairs.read(tmp_path)


def test_pairs_across_a_gap_are_found_by_the_row_that_writes_them(tmp_path):
    table = _table(tmp_path, ["立足全市“雙萬”新起點，推進", "经济 发展（质量）", "没有间隔的经济发展", "结尾“", "开头"])
    assert table.rows(["萬新"]) == {0} and table.rows(["市雙"]) == {0}
    assert table.rows(["济发"]) == {1} and table.rows(["展质", "量发"]) == {1}
    assert table.rows(["萬新", "济发"]) == {0, 1}
    assert table.rows(["发展"]) == set()            # side by side: the characters' index has it
    assert table.rows(["尾开"]) == set()            # a line's end is no gap
    assert gap_pairs.read(tmp_path / "nothing") is None


GROUPS = [[["经济发展"]], [["经济", "竞技"], ["发展"]], [["高质量"], ["发展"]], [["双万新起点"]], [["显著"]]]


@pytest.mark.parametrize("groups", GROUPS, ids=lambda g: "|".join("/".join(w) for w in g))
def test_a_text_the_pattern_matches_holds_each_of_its_pairs(groups, tmp_path):
    pattern = variants.written_as(groups)
    texts = []
    for phrase in map("".join, itertools.product(*groups)):
        for forms in itertools.product(*(sorted(variants.written_forms(ch)) for ch in phrase[:3])):
            written = "".join(forms) + phrase[3:]
            texts += [written, f"在{written}中", "“".join(written), written[:2] + " （" + written[2:],
                      written[:2] + "的" + written[2:]]
    table = _table(tmp_path, texts)
    for row, text in enumerate(texts):
        if not pattern.search(text):
            continue
        side_by_side = analyzers.han_grams(variants.fold_regional(variants.normalized_text(text, regional=False)))
        for pairs in run_pairs(groups):
            held = any(variants.fold_regional(p) in side_by_side for p in pairs)
            apart = row in table.rows(a + b for p in pairs
                                      for a in variants.written_forms(p[0]) for b in variants.written_forms(p[1]))
            assert held or apart, (text, pairs)


REPORT = """2026年政府工作报告

一、过去一年工作回顾

立足全市“雙萬”新起點，推進各項工作。
雙萬新起點是今年的目標。
雙萬企業都有新的起點。
"""


@pytest.mark.parametrize("rows_in_order", [True, False], ids=["rows in order", "rows found by document"])
def test_a_phrase_written_across_a_gap_is_found_when_its_candidates_are_narrowed(tmp_path_factory, monkeypatch,
                                                                                 rows_in_order):
    engine = engine_of_report(tmp_path_factory, "gap-pairs", REPORT)
    monkeypatch.setattr(adjacency, "NARROW_FROM", 0)        # (a few candidates: narrowed all the same)
    if not rows_in_order:       # (a segment whose rows do not rise with its documents: narrowed after)
        monkeypatch.setattr(adjacency, "column_ascending", lambda reader, name: False)
    found = engine.search("雙萬新起點", limit=10)
    assert sorted(h.text for h in found.hits) == ["立足全市“雙萬”新起點，推進各項工作。", "雙萬新起點是今年的目標。"]
    assert found.total == 2


def test_a_damaged_table_is_named_and_said_to_need_a_rebuild(tmp_path_factory, monkeypatch):
    engine = engine_of_report(tmp_path_factory, "gap-pairs-damaged", REPORT)
    table = current_build(engine.index_dir) / gap_pairs.GAP_PAIRS
    table.write_bytes(table.read_bytes()[:-5])
    monkeypatch.setattr(adjacency, "NARROW_FROM", 0)
    with pytest.raises(IndexDamaged) as raised:
        engine.search("雙萬新起點", limit=10)
    assert gap_pairs.GAP_PAIRS in str(raised.value) and "rebuild" in str(raised.value)
