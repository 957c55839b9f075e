"""Phrase checks (adjacency.py): a pattern that starts with a class of characters is searched as
one pattern per first character, which must find a match exactly where the pattern does."""
from __future__ import annotations

import itertools
import re

import pytest

from termsearch.adjacency import Verified, first_character_scans
from termsearch.analysis import variants

# Groups of words as query.py asks for them in a row: one word, words cut several ways,
# homophones read from pinyin (a class of first characters and alternatives after it).
GROUPS = [
    [["经济"], ["发展"]],
    [["经济", "竞技"], ["发展"]],
    [["乡村"], ["振兴", "镇兴"]],
    [["高质量"], ["发展"]],
    [["数字"]],
]


def _texts(alphabet: str, longest: int):
    for n in range(longest + 1):
        yield from map("".join, itertools.product(alphabet, repeat=n))


@pytest.mark.parametrize("groups", GROUPS, ids=lambda g: "|".join("/".join(w) for w in g))
def test_the_scans_match_where_the_pattern_does(groups):
    pattern = variants.written_as(groups)
    scans = first_character_scans(pattern)
    words = [w for group in groups for w in group]
    # Every character the pattern may meet at its first two places, in any script, a gap
    # the pattern allows between characters and one it does not.
    alphabet = "".join(sorted({f for w in words for ch in w[:2] for f in variants._forms(ch)})) + " 的"
    texts = list(_texts(alphabet, 3))
    for phrase in map("".join, itertools.product(*groups)):       # the phrase, in other scripts, with gaps
        for first, second in itertools.product(variants._forms(phrase[0]), variants._forms(phrase[1])):
            written = first + second + phrase[2:]
            texts += [written, f"在{written}中", written[:1] + " " + written[1:], written[:2] + "的" + written[2:],
                      written[:-1], "经" + written]
    found = [any(scan.search(t) for _, scan in scans) for t in texts]
    assert found == [bool(pattern.search(t)) for t in texts]
    assert any(found)


def test_a_class_of_first_characters_becomes_one_scan_for_each():
    pattern = variants.written_as([["经济", "竞技"], ["发展"]])
    scans = first_character_scans(pattern)
    assert sorted(first for first, _ in scans) == sorted(variants._forms("经") | variants._forms("竞"))
    assert all(scan.search(f"{first}济发展") or scan.search(f"{first}技发展") for first, scan in scans)


@pytest.mark.parametrize("source", ["科技", "(经)济", "[a-z]济", "[經经]济|.x"])
def test_a_pattern_that_cannot_gain_is_searched_as_it_is(source):
    pattern = re.compile(source)
    assert first_character_scans(pattern) == (("", pattern),)


def test_patterns_joined_by_or_are_unfolded_together():
    pattern = re.compile("|".join(variants.written_as(g).pattern for g in ([["经济"]], [["国有"]])))
    scans = first_character_scans(pattern)
    assert len(scans) == 4
    for text in ["經濟", "国有企业", "國有", "经 济", "经营"]:
        assert any(scan.search(text) for _, scan in scans) == bool(pattern.search(text))


def test_a_word_read_whole_for_one_cut_is_not_read_again_for_another():
    # 发展 is the rarer group of one cut (read whole) and the commoner of another (read only
    # among that cut's few documents before): the whole list already read answers both.
    postings = {"发展": set(range(0, 400, 2)), "高质量": set(range(0, 4000, 3)),
                "高": {2, 6, 7, 600}, "质量": set(range(0, 4000, 7))}
    reads = []

    def read_ids(word, among=None, field="text"):
        reads.append((word, among is None))
        found = sorted(postings[word])
        return found if among is None else [d for d in found if d in set(among)]

    def doc_frequency(field, word):
        return len(postings[word])

    ways = [[["高质量"], ["发展"]], [["高"], ["质量"], ["发展"]]]
    phrase = Verified(ways, re.compile("高质量发展"))
    found = phrase._candidates(None, read_ids, doc_frequency)
    assert found == {d for way in ways for d in set.intersection(*(postings[w] for [w] in way))}
    assert [word for word, _ in reads].count("发展") == 1


@pytest.mark.parametrize("groups, unfolded", [([["经济发展"]], True), ([["经济", "竞技", "经纪"], ["发展"]], False)],
                         ids=["two first characters", "four"])
def test_a_check_of_a_thousand_candidates_is_unfolded_when_it_has_few_first_characters(groups, unfolded,
                                                                                         monkeypatch):
    # Compiling a scan a first character is repaid by ~1,000 candidates for two (经济发展's
    # 1,290 a segment of the reports, which a check of 2,000 or more left as one slow class).
    from termsearch import adjacency

    texts = ["經濟發展", "经济和社会发展", "经济 发展"] * 400
    pattern = variants.written_as(groups)

    class Reader:
        def stored_fields(self, doc):
            return {"text": texts[doc]}

    scanned = []
    scans = adjacency.first_character_scans
    monkeypatch.setattr(adjacency, "first_character_scans", lambda p: scanned.append(p) or scans(p))
    found = Verified([groups], pattern)._matches(Reader(), list(range(len(texts))))
    assert found == [bool(pattern.search(text)) for text in texts]
    assert bool(scanned) is unfolded


def test_a_rare_word_s_few_paragraphs_are_checked_before_a_commoner_word_is_read_among_them():
    # 冬奥会 cut 冬奥 | 会: 15 paragraphs hold 冬奥 (no more than a block's decoding buys texts
    # checked) and two of them match; 会, in a block of its own but in too few paragraphs to
    # have its decoded postings kept, is then read only among those two, and a paragraph whose
    # text matches but that lacks 会 as a word is still left out: the same paragraphs as reading
    # 会 among all 15 first. A word in thousands of paragraphs (its decoded postings kept
    # between requests) is read among all the candidates, with no check first.
    from termsearch.adjacency import TEXTS_PER_BLOCK
    from termsearch.postings import CACHED_FROM

    postings = {"冬奥": set(range(0, 10 * TEXTS_PER_BLOCK - 10, 10)), "会": set(range(CACHED_FROM - 1)) - {100},
                "发展": set(range(CACHED_FROM + 600)) - {100}}
    matching = {0, 100}
    reads = []

    def read_ids(word, among=None, field="text"):
        reads.append((word, among))
        found = sorted(postings[word])
        return found if among is None else [d for d in found if d in set(among)]

    def doc_frequency(field, word):
        return len(postings[word])

    def check(docs):
        return [d for d in docs if d in matching]

    phrase = Verified([[["冬奥"], ["会"]]], re.compile("冬奥会"))
    assert phrase._candidates(None, read_ids, doc_frequency, check=check) == {0}
    assert reads == [("冬奥", None), ("会", [0, 100])]
    reads.clear()
    assert {d for d in phrase._candidates(None, read_ids, doc_frequency) if d in matching} == {0}
    assert reads == [("冬奥", None), ("会", sorted(postings["冬奥"]))]
    reads.clear()
    common = Verified([[["冬奥"], ["发展"]]], re.compile("冬奥发展"))
    assert {d for d in common._candidates(None, read_ids, doc_frequency, check=check) if d in matching} == {0}
    assert reads == [("冬奥", None), ("发展", sorted(postings["冬奥"]))]
