"""Runs of a character and a word that the text uses as one unit though jieba cuts them apart
(新|动能, 稳|就业, 新|基建): tallied while a build cuts its paragraphs, kept where the run recurs
far more often than its parts would side by side by chance, and keyed by their initials, so
that `xdn` finds 新动能 although the index holds no such word.

A run is made of whole words of jieba's cut, so a piece of a longer word never counts (现代农 is
never a run: 现代农业 is cut whole), which an estimate from the index of character pairs could
not tell. Only runs of 3 or 4 characters with a one-character part are tallied: two words of
two characters in a row are read from the words' own initials (letter_reading.initials_run). And the
single character must itself touch punctuation or the paragraph's edge in some paragraph of the
run (“新基建”, 稳就业、): 性 of 政府性|基金, 总 of 工作总|基调, 美 of 和美|乡村 never do, being
pieces of longer words jieba cut apart, not units.
"""
from __future__ import annotations

import math
import re
from array import array
from collections import Counter
from itertools import repeat

from . import pinyin, segment, variants

MIN_PARAGRAPHS = 3          # a run in fewer paragraphs is not evidence of anything
MIN_ASSOCIATION = 6.0       # log2 of how many times likelier side by side than by chance (64x)
MIN_BOUNDED_SHARE = 0.25    # of its paragraphs, those where the run begins or ends a stretch of text
MIN_BOUNDED = 2
MAX_TALLIED = 200_000       # distinct runs a writer holds before it lets go of those seen once
MAX_RUNS_PER_INITIALS = 12  # runs kept under one key of initials, most paragraphs first

_HAN = re.compile(r"[\u3400-\u9fff\U00020000-\U0003ffff]+\Z")
SEPARATOR = "|"

# A build writer's tally: paragraphs holding each run; of those, the paragraphs where the run
# touches punctuation on either side (稳就业、稳外贸; “新基建”): a unit stands alone so; a piece
# of a phrase seldom does (用在刀刃上, 占比达25%, 清醒地看到 never or once); and those where its
# single character is the side touching it (“新基建” yes, 政府性基金、 no).
Tally = tuple[Counter, Counter, Counter]
# A tally as a writer hands it to the builder (`pack`): the runs joined by line breaks, and
# their three counts in three arrays: a few bytes a run where the Counters cost a few hundred
# (a whole-corpus writer's, unpickled in the builder while the other writer still works, added
# ~70 MB to the build's peak).
PackedTally = tuple[str, array, array, array]
_tally: Tally | None = None


def start() -> None:
    """Tally the runs of the paragraphs this process analyses from now on (a build's writer)."""
    global _tally
    _tally = empty()


def take() -> Tally:
    """The runs tallied since `start` (Tally), and stop."""
    global _tally
    found, _tally = _tally or empty(), None
    return found


def empty() -> Tally:
    return Counter(), Counter(), Counter()


def tally(unfolded: str) -> None:
    """Count the runs of one paragraph (its matching form, as segment.index_words cuts it), each
    once, when a tally is started; the cut is the one the index just made (segment's cache)."""
    if _tally is None:
        return
    found = runs_of(unfolded)
    if found[0]:
        for counter, runs in zip(_tally, found):
            counter.update(runs)
        counts = _tally[0]
        if len(counts) > MAX_TALLIED:
            # Memory stays bounded on any corpus: a run seen once so far is very unlikely to
            # reach MIN_PARAGRAPHS (lossy counting).
            for key in [k for k, n in counts.items() if n < 2]:
                for counter in _tally:
                    counter.pop(key, None)


def runs_of(unfolded: str) -> tuple[set[str], set[str], set[str]]:
    """The runs of 3-4 Han characters of `unfolded` made of two words side by side, one of them a
    single character, as "a|b"; those of them that begin or end a stretch jieba cut (beside
    punctuation, a space or the paragraph's edge); and those whose single character does."""
    found, bounded, alone = set(), set(), set()
    parts = segment._runs().split(unfolded)
    for run in parts[1::2]:
        # Without a character a regional fold makes or changes, the cut's words are exactly what
        # _cut_words rebuilds from the index's forms; with one, they are rebuilt as ever.
        words = segment.cut_words(run) if _FOLDS_IN_RUN.search(run) is None else \
            _cut_words(segment.run_words(run))
        last = len(words) - 2
        for i, (a, b) in enumerate(zip(words, words[1:])):
            size = len(a) + len(b)
            if 3 <= size <= 4 and (len(a) == 1 or len(b) == 1) and _HAN.match(a) and _HAN.match(b):
                key = a + SEPARATOR + b
                found.add(key)
                if i == 0 or i == last:
                    bounded.add(key)
                    if (i == 0 and len(a) == 1) or (i == last and len(b) == 1):
                        alone.add(key)
    return found, bounded, alone


def _cut_words(forms: tuple[str, ...]) -> list[str]:
    """The words of jieba's cut from what the index holds of a run: each word of three or more
    characters comes right after its dictionary sub-words (segment.sub_words), which are dropped.
    Only those: a word of the cut that a longer word after it holds stays (半封闭 after 封闭 in
    从封闭半封闭, 思想战线 after 战线 in 政治战线思想战线)."""
    kept = [True] * len(forms)
    for k, form in enumerate(forms):
        if len(form) < 3:
            continue
        subs = segment.sub_words(form)
        if subs and forms[max(0, k - len(subs)):k] == subs:
            kept[k - len(subs):k] = [False] * len(subs)
        elif _FOLDED_IN_WORDS.search(form):
            # A regional fold (著 → 着) may have changed the dictionary's sub-words of the word
            # as cut: the forms before it that it holds are taken for them.
            j = k - 1
            while j >= 0 and (not kept[j] or (len(forms[j]) < len(form) and len(forms[j]) >= 2
                                                and forms[j] in form)):
                kept[j] = False
                j -= 1
    return [form for form, keep in zip(forms, kept) if keep]


_FOLDED_IN_WORDS = re.compile("[" + "".join(set(variants.REGIONAL_FOLDS.values())) + "]")
_FOLDS_IN_RUN = re.compile("[" + "".join(sorted({*variants.REGIONAL_FOLDS, *variants.REGIONAL_FOLDS.values()})) + "]")


def pack(tallied: Tally) -> PackedTally:
    """A tally made small to hand over (PackedTally), the runs in the same order."""
    counts, *others = tallied
    runs = list(counts)
    return ("\n".join(runs), array("I", counts.values()),
            *(array("I", map(other.get, runs, repeat(0))) for other in others))


def merge_packed(packed) -> Tally:
    """The packed tallies of several writers (`pack`), added up."""
    total = empty()
    for joined, *counted in packed:
        runs = joined.split("\n") if joined else []
        for counter, numbers in zip(total, counted):
            counter.update({run: n for run, n in zip(runs, numbers) if n})
    return total


def merge(tallies) -> Tally:
    total = empty()
    for tallied in tallies:
        for counter, part in zip(total, tallied):
            counter.update(part)
    return total


def of_texts(unfolded_texts) -> Tally:
    """The tally of these paragraphs (their matching forms), as a writer would count them."""
    total = empty()
    for unfolded in unfolded_texts:
        for counter, runs in zip(total, runs_of(unfolded)):
            counter.update(runs)
    return total


def less(tallied: Tally, gone: Tally) -> Tally:
    """`tallied` without the paragraphs of `gone` (a replaced document's), no count below one."""
    left = []
    for counter, part in zip(tallied, gone):
        counter = Counter(counter)
        counter.subtract(part)
        left.append(+counter)
    return tuple(left)


def select(tallied: Tally, counts: Counter[str] | dict[str, int]) -> dict[str, int]:
    """The runs used as a unit: in MIN_PARAGRAPHS or more, standing alone beside punctuation in
    a quarter of them (MIN_BOUNDED_SHARE), their single character the side beside it in one at
    least, side by side 2**MIN_ASSOCIATION times more often than their words' uses would give by
    chance, and not a word of the index."""
    total = sum(counts.values()) or 1
    runs, bounds, alone = tallied
    kept = {}
    for key, paragraphs in runs.items():
        bounded = bounds.get(key, 0)
        if paragraphs < MIN_PARAGRAPHS or bounded < max(MIN_BOUNDED, MIN_BOUNDED_SHARE * paragraphs):
            continue
        if not alone.get(key):                      # 性 of 政府性基金: a piece of a longer word
            continue
        a, b = key.split(SEPARATOR)
        uses_a, uses_b = counts.get(a, 0), counts.get(b, 0)
        if not uses_a or not uses_b or a + b in counts:
            continue
        if math.log2(paragraphs * total / (uses_a * uses_b)) >= MIN_ASSOCIATION:
            kept[key] = paragraphs
    return kept


def by_initials(selected: dict[str, int], readings: dict[str, str],
                others: dict[str, list[str]] | None = None) -> dict[str, list[list]]:
    """{initials: [[run, paragraphs], ...], most paragraphs first}, under each reading of its
    words (行 read háng and xíng); a run is written as its words joined by SEPARATOR."""
    others = others or {}
    table: dict[str, list[list]] = {}
    for key, paragraphs in sorted(selected.items(), key=lambda kv: (-kv[1], kv[0])):
        keys = {""}
        for word in key.split(SEPARATOR):
            letters = {pinyin.initials([pinyin.toneless(s).lower() for s in r.split()])
                       for r in (readings.get(word, ""), *others.get(word, ())) if r}
            keys = {k + l for k in keys for l in letters}
        for letters in sorted(keys):
            if len(letters) == len(key) - 1:        # one letter a character (no digits read whole)
                runs = table.setdefault(letters, [])
                if len(runs) < MAX_RUNS_PER_INITIALS:
                    runs.append([key, paragraphs])
    return table
