"""Quoted policy shorthand told apart from titles, names, speech and ordinary words
(shorthand.py and its rules in data/shorthand.txt)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from termsearch import shorthand

LABELS = Path(__file__).resolve().parent.parent / "bench" / "shorthand_labels.tsv"


def test_quoted_spans_in_every_kind_of_quotation_mark():
    text = "落实“六稳”“六保”，推進「放管服」改革，學習《憲法》和『两个确立』。"
    assert [inner for _, _, inner in shorthand.quoted_spans(text)] == ["六稳", "六保", "放管服", "两个确立"]
    start, end, _ = next(shorthand.quoted_spans(text))
    assert text[start:end] == "“六稳”"


def test_span_keys_fold_script_and_spaces():
    assert shorthand.span_key("雙碳") == shorthand.span_key("双 碳") == "双碳"


@pytest.mark.parametrize("span", ["两个确立", "六稳", "十四五", "一带一路", "1+N", "互联网+", "放管服", "急难愁盼"])
def test_shorthand_is_kept(span):
    is_short, why = shorthand.classify(shorthand.span_key(span), shorthand.word_facts(shorthand.span_key(span)))
    assert is_short, why


@pytest.mark.parametrize("span", ["办事更方便了，群众很满意", "稳油、稳钢、稳车", "左", "蛋糕", "经济扩张",
                                  "中国航天日", "投资湖南", "村BA", "2024"])
def test_speech_lists_names_and_ordinary_words_are_not(span):
    key = shorthand.span_key(span)
    assert not shorthand.classify(key, shorthand.word_facts(key))[0]


def test_rules_are_data_a_user_can_change():
    rules = shorthand.parse_rules("[quotes]\n“ ”\n[shape]\n^甲.$\n[exclude]\n乙\n[settings]\nmin_compressed_share = 1.0\n")
    assert shorthand.classify("甲丙", {"word": True}, rules)[0]
    assert not shorthand.classify("甲乙", {}, rules)[0]
    assert [s for *_, s in shorthand.quoted_spans("「甲丙」“甲丁”", rules)] == ["甲丁"]


def test_spans_labelled_ordinary_by_hand_are_not_shorthand_whatever_their_shape():
    rules = shorthand.parse_rules("[quotes]\n“ ”\n[shape]\n^双\n[ordinary]\n雙下降   cases and losses both fell\n")
    assert not shorthand.classify("双下降", {}, rules)[0]       # listed (in either script): not shorthand
    assert shorthand.classify("双碳", {}, rules)[0]             # the shape still decides the rest
    listed = sorted(shorthand.default_rules().ordinary)
    assert listed and not any(shorthand.classify(key, {})[0] for key in listed)


def test_precision_on_the_hand_labelled_spans_put_aside_before_tuning():
    rows = [r for r in csv.DictReader(open(LABELS, encoding="utf-8"), delimiter="\t") if r["part"] == "held"]
    assert len(rows) == 150
    kept = [r for r in rows if shorthand.classify(r["span"], shorthand.word_facts(r["span"]))[0]]
    right = sum(r["label"] == "1" for r in kept)
    assert len(kept) >= 50 and right / len(kept) >= 0.8
