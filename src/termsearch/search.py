"""Run a query: glossary terms first, then paragraphs ranked by BM25F, highlighted on the original text."""
from __future__ import annotations

import bisect
import collections
import math
import os
import re
import threading
import time
import weakref
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

from whoosh import query as wq

from . import common_terms, highlight, scoring, whoosh_format
from .english import language as english_language
from .english import query_words
from .english.term_match import (EnglishTermMatcher, in_typed_order, packaged_termbase, parts_in_typed_order,
                                 same_words)
from .analysis import fragments, pinyin, termforms, tones, variants
from . import index_layout
from .index_layout import CURRENT, PAGE_CHARS, PAGE_PARAGRAPHS, current_build
from .index_read import OpenIndex, ParagraphTexts, open_index
from .errors import NotFound, TermsearchError
from .model import Hit, QueryError, Result, Term
from .postings import column_values, has_column
from .query import Parsed, clean_query, mend_slip, parse
from .vocabulary import Vocabulary

MAX_LIMIT = 100
DEFAULT_TERM_LIMIT = 10
MAX_TERM_LIMIT = 100
MAX_OFFSET = 10_000
SOURCE_BOOST = 3.0
INITIALS_FORM = 70          # termforms.search_forms' score for a term's initials
PART_SYLLABLES = 3          # syllables typed that find a term they are part of (zhuanjingtexin)
PART_INITIALS = 4           # initials typed that find a term they are part of (zjtx)
USES_FIRST = 100.0          # added to a use of a searched term: more than words ever score
# A reading's best hits are taken from the query's best (_reading_queues) where it holds this many
# times more hits than that list needs to be deep: finding the query's best costs about what
# a table of the reading's own scores costs, from a few thousand hits.
DEEPER_BEST = 4
INTERLEAVE_DEPTH = 100      # the best hits of ambiguous pinyin taken in turn from each reading
PRIOR_POWER = 1.0           # ambiguous pinyin past page one: each reading's share of the hits ∝ its uses ** PRIOR_POWER
SLIP_PEERS = 2              # a slip's readings with at least 1/SLIP_PEERS of its first's hits share the first's turns
FIRST_PAGE = 10             # the hits page one shows (the search's default limit)
PIECE_PLACES = 1            # pieces (analysis.fragments) whose best hit page one keeps a place for, rarest first
COMMONEST_PLACES = 4        # ambiguous pinyin: page one's places the commonest reading's best hits take; the rest
                            # go to the rarer readings, rarest first (_rarer_readings_first; tuned on seeds 13-15)
MAX_BOOSTED_TERMS = 32      # definitions of one headword by many reports: the uses of each are boosted


_GAPS = re.compile(variants.GAP)


class TermMatcher:
    """The glossary in memory, with every form a term can be typed in.

    Exact forms are a dict look-up; "the query is part of a term", "a term is part of the
    query" and "the definition mentions it" are one scan of joined text each, so a lookup stays
    fast with thousands of terms.
    """

    def __init__(self, terms: list[Term], forms_by_id: dict[str, dict[str, int]] | None = None):
        self.terms = terms
        forms_by_id = forms_by_id or {}
        self.exact: dict[str, list[tuple[int, int]]] = {}
        han_forms: list[tuple[str, int]] = []
        letters: dict[int, list[tuple[str, int]]] = {INITIALS_FORM: []}
        for index, term in enumerate(terms):
            forms = forms_by_id.get(term.id) or termforms.search_forms(term)
            for form, score in forms.items():
                self.exact.setdefault(form, []).append((index, score))
                if len(form) >= 2 and not form.isascii():
                    han_forms.append((form, index))
                elif score in letters and form.isascii():
                    letters[score].append((form, index))
        self.forms_text = _JoinedText(han_forms)
        # The headword's syllables (|zhuan|jing|te|xin|…|) and each form's initials, to find a
        # term by the pinyin of a part of it.
        self.syllables_text = _JoinedText([(_syllable_key(t.pinyin.split()), i) for i, t in enumerate(terms)
                                           if t.pinyin])
        self.initials_text = _JoinedText(letters[INITIALS_FORM])
        self.definitions = _JoinedText([(variants.normalize(t.definition)[0], i) for i, t in enumerate(terms)])
        self.inside = termforms.TermFinder([(str(i), [form]) for form, i in han_forms])

    def with_forms(self, words: list[str]) -> list[Term]:
        """Terms written as one of these normalised words (what pinyin or a mix resolved to)."""
        found = sorted({index for w in words for index, _ in self.exact.get(w, [])})
        return [self.terms[i] for i in found]

    def match(self, typed: str, normalized: str | None = None) -> list[Term]:
        """Terms by what was typed (`normalized`: its matching form, if the query's reader made it)."""
        return [term for term, _ in self.scored(typed, normalized)]

    def scored(self, typed: str, normalized: str | None = None) -> list[tuple[Term, int]]:
        """`match` with how each term matched: INITIALS_FORM or more, a form of the term itself
        (its headword, an alias, its pinyin or initials); less, a part of it or of its definition."""
        if not self.terms:
            return []               # (an index with no glossary: its keys' work was a tenth of a rare word's search)
        norm = (variants.normalize(typed)[0] if normalized is None else normalized).strip()
        if not norm:
            return []
        plain = termforms.unquoted(norm)
        keys = {plain, re.sub(r"\s+", "", plain), tones.toneless_text(typed)}
        parsed = pinyin.parse_pinyin_query(typed) if re.search(r"[A-Za-z]", typed) else None
        if parsed is not None:
            keys.update("".join(syllables) for syllables in parsed.syllables)
        keys.discard("")
        scores: dict[int, int] = {}

        def score(index: int, value: int) -> None:
            scores[index] = max(scores.get(index, 0), value)

        for key in keys:
            for index, value in self.exact.get(key, []):
                score(index, value)
        for index, value in self._part_by_letters(parsed).items():
            score(index, value)
        if len(plain) >= 2 and not plain.isascii():
            for index in self.forms_text.owners_of(plain):
                score(index, 50)            # the query is part of a term
            for index in self.inside.find(plain):
                score(int(index), 40)       # a term is part of the query
            for index in self.definitions.owners_of(plain):
                score(index, 10)            # the definition mentions it
        return [(self.terms[i], scores[i]) for i in sorted(scores, key=lambda i: (-scores[i], i))]


    def part_by_letters(self, typed: str) -> list[Term]:
        """Terms of which the letters typed are a part: whole syllables of their pinyin
        (zhuanjingtexin, baixianqianzhenwancun) or a run of their initials (zjtx), at least
        PART_SYLLABLES syllables or PART_INITIALS initials."""
        if not self.terms or not re.fullmatch(r"[A-Za-z' ]+", typed):
            return []
        found = self._part_by_letters(pinyin.parse_pinyin_query(typed))
        return [self.terms[i] for i in sorted(found, key=lambda i: (-found[i], i))]

    def _part_by_letters(self, parsed) -> dict[int, int]:
        found: dict[int, int] = {}
        if parsed is None:
            return found
        for reading in parsed.syllables:
            if parsed.initials_only:
                if len(reading) >= PART_INITIALS:
                    found.update(dict.fromkeys(self.initials_text.owners_of("".join(reading)), 35))
            elif len(reading) >= PART_SYLLABLES:
                found.update(dict.fromkeys(self.syllables_text.owners_of(_syllable_key(reading)), 45))
        return found


def _syllable_key(syllables: list[str]) -> str:
    """Toneless syllables between bars (|zhuan|jing|), so that a part found is whole syllables."""
    return "|" + "|".join(pinyin.toneless(s).lower().replace("ü", "v") for s in syllables) + "|"


class _JoinedText:
    """Many short texts in one string, to find which of them contain a needle in one scan."""

    def __init__(self, items: list[tuple[str, int]]):
        self.text = "\x00".join(text for text, _ in items)
        self.starts, self.owners, position = [], [], 0
        for text, owner in items:
            self.starts.append(position)
            self.owners.append(owner)
            position += len(text) + 1

    def owners_of(self, needle: str) -> set[int]:
        found, at = set(), self.text.find(needle)
        while at != -1:
            found.add(self.owners[bisect.bisect_right(self.starts, at) - 1])
            at = self.text.find(needle, at + 1)
        return found


def ranked_query(parsed: Parsed, terms: list[Term]) -> wq.Query:
    """The paragraphs' query: what was typed, with the definitions of the glossary terms it
    found and their uses ranked first."""
    if not terms:
        return parsed.query
    # A term's own definition paragraph is the best answer after the term card.
    boosts = [wq.Term("defines", t.id, boost=SOURCE_BOOST) for t in terms[:3]]
    # Then every paragraph where the characters searched for are the term (its uses, scoped to
    # where its definition applies) above the same characters elsewhere (双万 in Shanghai's
    # 双万兆): a constant far above what the words score, so uses form the first tier.
    searched = searched_terms(parsed, terms)
    if searched:
        uses = wq.Or([wq.Term("terms", t.id) for t in searched])
        boosts.append(wq.ConstantScoreQuery(uses, USES_FIRST))
    return wq.AndMaybe(parsed.query, wq.Or(boosts))


def searched_terms(parsed: Parsed, terms: list[Term]) -> list[Term]:
    """The glossary terms whose own characters were searched for (not those the query is only
    part of, or whose definition mentions it)."""
    words = set(parsed.highlight_words())
    return [t for t in terms[:MAX_BOOSTED_TERMS] if words.intersection(termforms.match_keys(t))]


def highlight_words_by_document(parsed: Parsed, terms: list[Term]):
    """A function of a hit's document giving the words to mark in it: what was typed, and the
    forms of a glossary term the query was read as (English → a term) only where that term's
    definition applies."""
    plain = {w for leaf in parsed.leaves if leaf.kind != "term" for w in leaf.marked_words() if w}
    by_term = [([t for t in terms if t.term == leaf.typed], [w for w in leaf.words if w])
               for leaf in parsed.leaves if leaf.kind == "term"]
    if not by_term:
        everywhere = sorted(plain, key=len, reverse=True)
        return lambda document: everywhere

    def words_in(document: str) -> list[str]:
        words = set(plain)
        for owners, forms in by_term:
            if not owners or any(t.applies_in(document) for t in owners):
                words.update(forms)
        return sorted(words, key=len, reverse=True)
    return words_in


def _homophones(parsed: Parsed, terms: list[Term]) -> list[str]:
    """The words that one pinyin or initials query reads as, commonest first, when it reads as
    more than one (fangzhi: 防治、防止、方志); else []. Letters also read as English (baoji: 宝鸡
    by its English name too) add the English reading's words after the pinyin's, so that 保季 and
    包机 still take their turns."""
    if parsed.operators or terms or not parsed.leaves:
        return []
    leaf, *others = parsed.leaves
    if leaf.kind not in ("pinyin", "initials") or leaf.note in ("words in a row", "quoted shorthand"):
        return []
    if any(other.kind != "english" or other.typed != leaf.typed for other in others):
        return []
    words = list(dict.fromkeys([*leaf.words, *(w for other in others for w in other.words)]))
    return words if len(leaf.words) >= 2 else []


def _words_in_a_row(parsed: Parsed, terms: list[Term]) -> re.Pattern[str] | None:
    """The runs of one pinyin, initials or mixed query read as words or characters in a row
    (zjtx: 专精 特新, and also 资金 投向; 济fa: 济发, 济法, …; jjfz: 经济犯罪, and 经济 发展), as one
    pattern whose match in a hit is the run it holds (the parser's `Leaf.run_pattern`); else None.
    The hits are ranked by how many paragraphs hold each run."""
    if parsed.operators or terms or len(parsed.leaves) != 1:
        return None
    pattern = parsed.leaves[0].run_pattern
    return re.compile(pattern) if pattern else None


def _queues_by_run(pattern: re.Pattern[str], ranked: list[tuple[int, float]], searcher, texts: Texts,
                   written_as: dict[str, str] | None = None):
    """The hits by the run of words each holds (its first, normalised): {run: hits}, the run
    most hits hold first, and the hits holding none; `written_as` learns how a run whose matching
    form folded a character is written (成绩显著 for 成绩显着)."""
    queues: dict[str, list[tuple[int, float]]] = {}
    rest = []
    run_of: dict[str, str] = {}         # as written → normalised: most hits hold the same few
    found = map(pattern.search, _texts_of([d for d, _ in ranked], searcher, texts))
    for hit, match in zip(ranked, found):
        if match is None:
            rest.append(hit)
            continue
        written = match.group()
        run = run_of.get(written)
        if run is None:
            run = run_of[written] = _GAPS.sub("", variants.normalize(written)[0])
            if written_as is not None and run not in written_as and variants.has_regional_folds(run):
                written_as[run] = _GAPS.sub("", variants.as_written(written))
        queues.setdefault(run, []).append(hit)
    return dict(sorted(queues.items(), key=lambda kv: -len(kv[1]))), rest


def _texts_of(docnums: list[int], searcher, texts: Texts) -> list[str]:
    """The paragraph texts of these hits: from the texts in memory when a phrase check has loaded
    them (by each segment's row column), else from the stored fields."""
    reader = searcher.reader()
    leaves = [(reader, 0)] if reader.is_atomic() else list(reader.leaf_readers())
    if not texts.loaded or not all(has_column(leaf, "row") for leaf, _ in leaves):
        stored = whoosh_format.stored_fields(reader)
        return [stored(d)["text"] for d in docnums]
    paragraphs, offsets = texts.get(), [offset for _, offset in leaves]
    rows = [column_values(leaf, "row") for leaf, _ in leaves]
    if len(leaves) == 1:
        return list(map(paragraphs.__getitem__, map(rows[0].__getitem__, docnums)))
    segment = [bisect.bisect_right(offsets, d) - 1 for d in docnums]
    return [paragraphs[rows[i][d - offsets[i]]] for i, d in zip(segment, docnums)]


def _whole_words_a_turn(queues: dict[str, list[tuple[int, float]]], whole: list[str]) -> list[tuple[int, float]]:
    """Page one's opening for initials read both as a whole word and as words in a row: the
    commonest run's best hit, then each whole word's best (taken from `queues`). By how many hold
    each alone, a word of one or two paragraphs (完整性 for wzx) gets no place beside a run the
    letters span by chance (为主 线, in 98), though the letters are that word's own."""
    if not whole:
        return []
    first = next(iter(queues))
    return [queues[r].pop(0) for r in (first, *whole) if queues[r]]


def _by_use(parsed: Parsed) -> bool:
    """Whether the hits of ambiguous pinyin follow how often each word is used: pinyin typed as
    meant (yuyan: 语言 far more than 预言), not initials (wzyj: 稳中有进 or 稳中有降, three letters
    that many words share) nor letters mended after a slip (the reading itself is a guess)."""
    leaf = parsed.leaves[0]
    return leaf.kind == "pinyin" and not leaf.corrected


def _reading_queues(parsed: Parsed, words: list[str], ranked: list[tuple[int, float]], query, searcher,
                    bulk: scoring.Evaluator | None) -> tuple[dict[str, list[tuple[int, float]]], list]:
    """Each word's hits, best first (a paragraph goes to the first word it holds), and the hits
    holding none of them; at most INTERLEAVE_DEPTH of each. From the scores the evaluator already
    holds for the query and each word's part of it, so a rare word's hits come though all of them
    rank below the commonest word's hundredth; else by the stored text of the `ranked` hits."""
    nodes = {q.text: q for q in getattr(parsed.query, "subqueries", [parsed.query]) if type(q) is wq.Term}
    if bulk is None or not all(w in nodes for w in words):
        return _queues_by_text(words, ranked, searcher)
    segments = [(segment, segment.scores(query)) for segment in bulk.segments]     # computed by top()
    total = sum(len(scores) for _, scores in segments)
    offsets = [segment.offset for segment, _ in segments]
    deepest: list[tuple[int, float]] = []        # the query's best hits, as deep as asked so far

    def best(per_segment) -> list[tuple[int, float]]:
        size = sum(map(len, per_segment))
        # A reading holding most of the hits (经济 of jingji's 4,000): its best INTERLEAVE_DEPTH are
        # the first of the query's best INTERLEAVE_DEPTH + (the hits it holds not), which hold at
        # most that many others (the same scores, in the same order: score, then docnum). Found
        # from the query's scores as they are, without a table of the reading's own.
        depth = INTERLEAVE_DEPTH + total - size
        if size > INTERLEAVE_DEPTH and depth * DEEPER_BEST <= size:
            if len(deepest) < depth:
                deepest[:] = scoring.best([(segment.offset, scores) for segment, scores in segments], depth)

            def holds(doc: int) -> bool:
                at = bisect.bisect_right(offsets, doc) - 1
                return doc - offsets[at] in per_segment[at]
            return [hit for hit in deepest[:depth] if holds(hit[0])][:INTERLEAVE_DEPTH]
        # The evaluator's own top-N (in C, sorting only what can be among the best), not a sort
        # of every paragraph of the reading.
        return scoring.best([(segment.offset, dict(zip(docs, map(scores.__getitem__, docs))))
                             for (segment, scores), docs in zip(segments, per_segment)], INTERLEAVE_DEPTH)
    queues = {}
    taken = [set() for _ in segments]
    for w in words:
        held = [segment.scores(nodes[w]).keys() & scores.keys() for segment, scores in segments]
        queues[w] = best([docs - before for docs, before in zip(held, taken)])
        for docs, before in zip(held, taken):
            before |= docs
    return queues, best([scores.keys() - before for (_, scores), before in zip(segments, taken)])


def _followed_by(order: list[tuple[int, float]], ranked: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """The hits in turn (`order`), then the rest of `ranked` (by score) not among them."""
    placed = {docnum for docnum, _ in order}
    return order + [hit for hit in ranked if hit[0] not in placed]


def _queues_by_text(words: list[str], ranked: list[tuple[int, float]], searcher):
    queues: dict[str, list[tuple[int, float]]] = {w: [] for w in words}
    rest = []
    stored = whoosh_format.stored_fields(searcher.reader())
    for docnum, score in ranked:
        norm = variants.normalize(stored(docnum)["text"])[0]
        word = next((w for w in words if w in norm), None)
        (queues[word] if word is not None else rest).append((docnum, score))
    return queues, rest


def _rarer_readings_first(readings: list[list], room: int) -> list[list]:
    """The hits of the rarer readings (each list popped from the end, best first) that page one's
    `room` places hold, the rarest reading first, each with all its hits while they fit and the
    last with as many as fit: fangzhi's 方志, in 2 paragraphs beside the hundreds of 防治 and
    防止, is on page one whole, not interleaved away. A reading of few paragraphs is shown in
    full where one of many could show a given paragraph only by chance."""
    shown = []
    for hits in sorted((q for q in readings if q), key=len):
        if room <= 0:
            break
        taken = [hits.pop() for _ in range(min(room, len(hits)))][::-1]
        shown.append(taken)
        room -= len(taken)
    return shown


def _a_turn_each_first(lists: list[list]) -> list:
    """Every hit of `lists` (each popped from the end, best first), a turn each in order: page one
    opens with the best hit of each reading shown, the commonest first."""
    order = []
    while lists := [q for q in lists if q]:
        order.extend(q.pop() for q in lists)
    return order


def _interleaved(queues: dict[str, list[tuple[int, float]]], rest: list, uses=None,
                 pieces: frozenset[str] = frozenset(), rare_whole: bool = False,
                 peers: float = 0) -> list[tuple[int, float]]:
    """_interleaved_words' order, and page one's last place for the best hit of the rarest of
    `pieces` where the text writes it as a word (以写 of 可以写 for yixie, 之重 for zhizhong):
    the words' turns stay first, and the piece is on page one rather than past every word's."""
    order = _interleaved_words(queues, rest, uses, pieces, rare_whole, peers)
    if not pieces or not any(queues[w] for w in queues if w not in pieces):
        return order
    for w in sorted((w for w in queues if w in pieces and queues[w]), key=lambda w: len(queues[w]))[:PIECE_PLACES]:
        order = _a_place_on_page_one(order, queues[w][0], queues)
    return order


def _a_place_on_page_one(order: list[tuple[int, float]], hit: tuple[int, float],
                         queues: dict[str, list[tuple[int, float]]]) -> list[tuple[int, float]]:
    """`order` with `hit` (a piece's best: where the text writes the piece as a word, 之重 of
    任务之重 beside the 26 of 重中之重) last on page one, given by the reading of most hits
    among those with two places or more there; that hit opens page two. A place of a reading of
    n paragraphs finds a given one about once in n, the piece's best its own paragraph, and
    every reading on page one keeps a place."""
    page = order[:FIRST_PAGE]
    if hit in page or len(order) <= FIRST_PAGE:
        return order
    owner = {h[0]: w for w, q in queues.items() for h in q}
    places = collections.Counter(owner.get(h[0]) for h in page)
    givers = [i for i, h in enumerate(page) if places[owner.get(h[0])] > 1]
    if not givers:
        return order
    given = max(givers, key=lambda i: (len(queues.get(owner.get(page[i][0]), ())), i))
    rest = [h for i, h in enumerate(order) if h != hit and i != given]
    return rest[:FIRST_PAGE - 1] + [hit, order[given]] + rest[FIRST_PAGE - 1:]


def _interleaved_words(queues: dict[str, list[tuple[int, float]]], rest: list, uses=None,
                       pieces: frozenset[str] = frozenset(), rare_whole: bool = False,
                       peers: float = 0) -> list[tuple[int, float]]:
    """The first INTERLEAVE_DEPTH hits of ambiguous pinyin from each reading's own (`queues`,
    the commonest reading first), then `rest`.

    Without `uses`, taken in turn from each reading, so that page one shows every one (慰问 in 4
    paragraphs is not left behind the 32 of 维稳, nor 维稳 behind it); after the first turn, page
    one's turns go to the first reading and to those whose hits fit on the page (szx: 省政协 in
    60 paragraphs takes the turns of 实质性's 35 and 市政协's 17, not those of 神州行's 2). With `uses(word)` (how
    often each word is used, or how many hits hold each run of words), in proportion to use, so
    the reading most often meant has most of the hits (语言, not 预言 and 预研, for yuyan). With
    `rare_whole` too (pinyin typed as meant), page one is first the commonest reading's best
    COMMONEST_PLACES hits and the rarer readings', rarest first, as many as fit
    (_rarer_readings_first), a turn each: 方志's 2 paragraphs are on page one beside 防治's best,
    and so is 支书's one beside 指数, 植树, 直属, 之树 and 职数 (two turns each for the first four
    readings, tried before, left it out). Every reading stays said in the interpretation, a click
    away.

    `peers` (a mended slip: SLIP_PEERS): readings holding at least 1/peers of the first's hits
    take the first's turns in rotation, as the first is only a guess (讲好 beside 降耗 for
    jianghqao); the readings that fit keep their own.

    `pieces` (of phrases: analysis.fragments) take no turn before the words: in turn,
    their hits follow the words'; by use, they only have their share (钢为 is not two of the
    first ten for gangwei, whose 岗位 is meant)."""
    words = [w for w, q in queues.items() if q]
    if pieces and any(w not in pieces for w in words):
        words.sort(key=lambda w: w in pieces)   # stable: the words first, each in its order
    else:
        pieces = frozenset()
    lists = [queues[w][::-1] for w in words]      # popped from the end: best first
    order: list[tuple[int, float]] = []
    if uses is None:
        taking = [q for w, q in zip(words, lists) if w not in pieces]
        if len(taking) > 1:
            # Page one: a turn each, then turns for the commonest reading and those whose hits
            # all fit on the page. A rarer reading of more paragraphs than that (实质性, 35, beside
            # 省政协's 60 for szx) can show a given one of them only by chance, and its turns
            # would crowd the commonest; its hits follow, in turn, past page one.
            first, fit, peer = taking[0], [], []
            for q in taking[1:]:
                if len(q) <= FIRST_PAGE:
                    fit.append(q)
                elif peers and len(q) <= len(first) and len(q) * peers >= len(first):
                    peer.append(q)
            order.extend(q.pop() for q in taking)
            # A slip's first reading is a guess: readings nearly as common (降耗 16, 讲好 12 for
            # jianghqao) share its turns, a turn each; the readings that fit keep theirs.
            heads, turn = [first, *peer], 0
            while len(order) < FIRST_PAGE:
                heads, fit = [q for q in heads if q], [q for q in fit if q]
                if not heads and not fit:
                    break
                if heads:
                    order.append(heads[turn % len(heads)].pop())
                    turn += 1
                order.extend(q.pop() for q in fit)
            taking = [q for q in taking if q]
        while taking and len(order) < INTERLEAVE_DEPTH:
            order.extend(q.pop() for q in taking)
            taking = [q for q in taking if q]
        if pieces:
            for w, q in zip(words, lists):
                if w in pieces:
                    order.extend(reversed(q))
        return order + rest
    readings = [q for w, q in zip(words, lists) if w not in pieces]
    if rare_whole and readings:       # one reading beside pieces too: its best lead (岗位, not 钢为)
        commonest = [readings[0].pop() for _ in range(min(COMMONEST_PLACES, len(readings[0])))][::-1]
        order.extend(_a_turn_each_first([commonest, *_rarer_readings_first(readings[1:], FIRST_PAGE - len(commonest))]))
    queue_of = dict(zip(words, lists))
    weight = {w: max(uses(w), 1) ** PRIOR_POWER for w in words}
    credit = dict.fromkeys(words, 0.0)
    live = [w for w in words if queue_of[w]]
    while live and len(order) < INTERLEAVE_DEPTH:
        if len(live) == 1:                        # the last reading left: the rest of its hits
            order.extend(reversed(queue_of[live[0]]))
            break
        # Smooth weighted round robin: each turn every reading gains its weight; the one with the
        # most credit (the commonest on a tie) gives its next hit and pays the turn's total.
        for w in live:
            credit[w] += weight[w]
        chosen = max(live, key=credit.__getitem__)
        credit[chosen] -= sum(weight[w] for w in live)
        order.append(queue_of[chosen].pop())
        if not queue_of[chosen]:
            live.remove(chosen)
    return order + rest


def _from_table(common: common_terms.CommonTerms, bulk: scoring.Evaluator, query,
                depth: int) -> tuple[list[tuple[int, float]], int] | None:
    """The best `depth` hits and the total of a common word alone from the build's table, or of
    a common word *and maybe* the glossary terms it found (AndMaybe: their definitions and uses
    add to a few paragraphs' scores): the table's best hits, with those few paragraphs scored
    as the evaluator scores them (the word's score plus theirs). Exact while the table holds
    `depth` hits more than those paragraphs; else None (the search scores every posting)."""
    found = common.ranked(query, depth)
    if found is not None or type(query) is not wq.AndMaybe or not common.knows(query.a):
        return found
    added = [(segment, segment.scores(query.b)) for segment in bulk.segments]
    found = common.ranked(query.a, depth + sum(len(scores) for _, scores in added))
    if found is None:
        return None
    top, total = found
    merged = dict(top)
    for segment, scores in added:
        if scores:
            word = segment._score(query.a, frozenset(scores))     # the word's score where they add
            merged.update((segment.offset + doc, word[doc] + score) for doc, score in scores.items() if doc in word)
    return sorted(merged.items(), key=lambda hit: (-hit[1], hit[0]))[:depth], total


def _holds_section(live: "LiveBuild", section: str) -> bool:
    searcher = live.borrow_searcher()
    try:
        return searcher.reader().doc_frequency("section", section) > 0
    finally:
        live.give_back(searcher)


def _within(query: wq.Query, **fields: str) -> wq.Query:
    """`query` restricted to hits whose fields have these values (empty values are no limit).

    Required clauses rather than Whoosh's `filter`, which treats a filter matching nothing
    as no filter at all; they add no score, so ranking is unchanged.
    """
    wanted = [wq.ConstantScoreQuery(wq.Term(name, value), 0.0) for name, value in fields.items() if value]
    return wq.And([query, *wanted]) if wanted else query


class Texts:
    """The paragraph texts of a build, loaded on first use (`loaded` says whether they are)."""

    def __init__(self, reader: OpenIndex):
        self.reader = reader

    @property
    def loaded(self) -> bool:
        return "texts" in self.reader.__dict__      # the cached_property has run

    def get(self) -> ParagraphTexts:
        return self.reader.texts

    def gap_pairs(self):
        """The build's gap_pairs.GapPairs (None from a build without them)."""
        return self.reader.gap_pairs


class LiveBuild:
    """One build opened for reading, with what is derived from it (built on first use)."""

    def __init__(self, reader: OpenIndex):
        self.reader = reader
        self.texts = Texts(reader)
        self.idle_searchers: list = []       # Engine.borrowed_searcher's, not in use by a request
        self._thread_searchers: list = []    # Engine.searcher's, one a thread, closed when it retires
        self.retired = False                 # a newer build is live: no searcher goes back to the pool
        self.closed = False                  # retired and its files closed (no request was using it)
        self._requests = 0                   # requests using it now (Engine.using)
        self._requests_lock = threading.Lock()
        self._character_lock = threading.Lock()

    def retire(self) -> None:
        """A newer build is live (or the engine closes): the pooled searchers' files are closed
        now, and those still borrowed when their requests end; the build's own searcher (and
        its texts file) when no request uses it any more. Left to the garbage collector, a
        swapped-out build's deleted files kept their disk space and descriptors."""
        with self._requests_lock:
            self.retired = True
            close = self._close_when_unused()
            kept, self._thread_searchers = self._thread_searchers, []
        self.close_idle_searchers()
        for searcher in kept:
            searcher.close()
        if close:
            self.reader.close()

    def thread_searcher(self):
        """A new searcher of this build, closed when it retires (Engine.searcher's); None when
        it has retired already."""
        searcher = self.reader.whoosh.searcher()
        with self._requests_lock:
            if not self.retired:
                self._thread_searchers.append(searcher)
                return searcher
        searcher.close()
        return None

    def enter(self) -> bool:
        """A request starts using this build: False when it is closed already (a swap came first)."""
        with self._requests_lock:
            if self.closed:
                return False
            self._requests += 1
            return True

    def leave(self) -> None:
        with self._requests_lock:
            self._requests -= 1
            close = self._close_when_unused()
        if close:
            self.reader.close()

    def _close_when_unused(self) -> bool:
        # (under _requests_lock) Whether to close the reader now: retired, unused, not closed yet.
        if self.retired and not self._requests and not self.closed:
            self.closed = True
            return True
        return False

    def borrow_searcher(self):
        """A searcher no request is using, else a new one (Engine.borrowed_searcher's; a search
        borrows without a context manager, which cost as much as the borrowing)."""
        try:
            return self.idle_searchers.pop()
        except IndexError:
            return self.reader.whoosh.searcher()

    def give_back(self, searcher) -> None:
        self.idle_searchers.append(searcher)
        if self.retired:         # (checked after: a retire meanwhile has closed the rest)
            self.close_idle_searchers()

    def close_idle_searchers(self) -> None:
        while True:
            try:
                searcher = self.idle_searchers.pop()     # (atomic: one closer per searcher)
            except IndexError:
                return
            searcher.close()

    @cached_property
    def matcher(self) -> TermMatcher:
        return TermMatcher(self.reader.terms, self.reader.term_forms)

    @cached_property
    def common(self) -> common_terms.CommonTerms:
        return common_terms.CommonTerms(self.reader.build_dir, self.reader.searcher)

    @cached_property
    def english_matcher(self) -> EnglishTermMatcher:
        return EnglishTermMatcher(self.reader.terms)

    @cached_property
    def composable(self) -> dict[str, bool]:
        """The shorthand an English query may render word for word: the termbase's and this
        collection's glossary terms (see query_words.composed_words)."""
        glossary = (k for t in self.reader.terms for k in termforms.match_keys(t))
        return query_words.prefix_table([*packaged_termbase().keys, *glossary])

    @cached_property
    def finder(self) -> termforms.TermFinder:
        terms = self.reader.terms
        return termforms.TermFinder([(t.id, termforms.match_keys(t)) for t in terms], termforms.homes_of(terms))

    def _quoted_readings(self) -> dict[str, list]:
        """The collection's quoted shorthand by reading: the build's small table, or, for a build
        older than it, made from the whole collection file."""
        from . import collection

        found = self.reader.quoted_readings
        return found if found is not None else collection.load(self.reader).quoted_by_reading()

    @cached_property
    def vocabulary(self) -> Vocabulary:
        reader = self.reader
        return Vocabulary(reader.vocab, readings=lambda: reader.readings, by_pinyin=lambda: reader.pinyin,
                          by_initials=lambda: reader.initials, english=lambda: reader.english,
                          unlisted=lambda: reader.unlisted, spanning=lambda: reader.spanning,
                          unit_runs=lambda: reader.unit_runs,
                          quoted=self._quoted_readings,
                          translated=lambda: reader.translated_words,
                          characters=self._character_count)

    def _character_count(self, character: str) -> int:
        # The build's one searcher is shared by every server thread; Whoosh's are not made for
        # that, so its reads for the query's display forms take turns.
        with self._character_lock:
            return self.reader.searcher.reader().doc_frequency("chars", character)


# How long a CURRENT file found unchanged is trusted without a stat (another process's rebuild
# is served from at most this much later).
CURRENT_RECHECK_NS = 20_000_000


class Engine:
    """Searches the live build of an index folder; follows it when a rebuild swaps in."""

    def __init__(self, index_dir: Path | str, *, bulk: bool = True):
        self.index_dir = Path(index_dir)
        self.bulk = bulk            # score whole posting lists (scoring.py); False: Whoosh's own searcher
        self._lock = threading.Lock()
        self._local = threading.local()
        self._live: LiveBuild | None = None
        self._current_file = self.index_dir / CURRENT
        self._seen: tuple | None = None      # the CURRENT file the live build was read from
        self._seen_at = 0                     # when (monotonic ns) CURRENT was last found so
        self._swaps_seen = -1                 # index_layout.swaps_here then

    # ---- the live build

    def live(self) -> LiveBuild:
        """The live build; a request holds on to one LiveBuild so a swap never mixes two builds."""
        live = self._live
        if live is not None and self._current_unchanged():
            if live.reader.damage is not None:      # (found by check_contents)
                return self._instead_of_damaged(live)
            return live
        swaps, stamp = index_layout.swaps_here, self._current_stamp()
        path = current_build(self.index_dir)
        if live is None or (path is not None and path != live.reader.stands_for):
            with self._lock:
                if self._live is None or (path is not None and path != self._live.reader.stands_for):
                    swapped_out, self._live = self._live, LiveBuild(open_index(self.index_dir))
                    if swapped_out is not None:
                        swapped_out.retire()
                live = self._live
        if path is not None and live.reader.stands_for == path:
            self._seen, self._seen_at, self._swaps_seen = stamp, time.monotonic_ns(), swaps
        if live.reader.damage is not None:
            return self._instead_of_damaged(live)
        return live

    def _instead_of_damaged(self, live: LiveBuild) -> LiveBuild:
        """A file of the live build was found overwritten after it opened (a request failed, or
        the server's check at start): the newest other whole build on disk serves from now on,
        as when the damage is found on opening; the damage is raised when there is none."""
        with self._lock:
            if self._live is live:
                self._live = LiveBuild(open_index(self.index_dir, instead_of=live.reader))
                live.retire()
            return self._live

    def check_contents(self) -> None:
        """IndexDamaged when a file of the live build was overwritten since the build (for after
        a request failed: a damaged file is told apart from a bug)."""
        if self._live is not None:
            self._live.reader.check_contents()

    @contextmanager
    def using(self):
        """The live build for one request: a swap meanwhile closes the build this request
        reads only when the request is done."""
        live = self._enter()
        try:
            yield live
        except Exception as exc:
            self._failed(live, exc)
            raise
        finally:
            live.leave()

    def _enter(self) -> LiveBuild:
        """The live build, entered by a request (which leaves it when done)."""
        while True:
            live = self.live()
            if live.enter():
                return live     # (else a swap closed it in between: the new one is live)

    @staticmethod
    def _failed(live: LiveBuild, exc: Exception) -> None:
        if not isinstance(exc, TermsearchError):
            live.reader.check_contents()        # IndexDamaged if a file was overwritten since the build

    def _current_stamp(self) -> tuple | None:
        """What identifies the CURRENT file as it is now (a rebuild replaces it: a new inode),
        or None when it cannot be trusted to change with its content: missing, or written in
        the last second (a file rewritten in place within one clock tick keeps its mtime)."""
        try:
            st = os.stat(self._current_file)
        except OSError:
            return None
        if time.time_ns() - st.st_mtime_ns < 1_000_000_000:
            return None
        return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)

    def _current_unchanged(self) -> bool:
        """Whether CURRENT is the file last read: a stat (~20 us, 2% of a rare word's search) at
        most every CURRENT_RECHECK_NS; a build this process swaps in is seen at once, one
        another process swaps in within that time."""
        seen = self._seen
        if seen is None:
            return False
        now = time.monotonic_ns()
        if now - self._seen_at < CURRENT_RECHECK_NS and self._swaps_seen == index_layout.swaps_here:
            return True
        swaps = index_layout.swaps_here
        if seen != self._current_stamp():
            return False
        self._seen_at, self._swaps_seen = now, swaps
        return True

    def reader(self) -> OpenIndex:
        return self.live().reader

    def searcher(self):
        """A searcher of the live build kept for this thread (Whoosh's are not shared by
        threads), for code outside a request (tests, scripts; a request borrows one): closed
        when a newer build swaps in or the engine closes. Closed only by the garbage collector
        before, each rebuild left every thread's searcher's segment files open."""
        while True:
            live = self.live()
            cached = getattr(self._local, "searcher", None)
            if cached is not None and cached[0]() is live:
                return cached[1]
            searcher = live.thread_searcher()
            if searcher is not None:        # (else a swap retired it in between: the new one is live)
                # (the build held weakly: a thread's cache keeps no swapped-out build in memory)
                self._local.searcher = (weakref.ref(live), searcher)
                return searcher

    @contextmanager
    def borrowed_searcher(self, live: LiveBuild | None = None):
        """A searcher of the live build (or `live`) for one request: one no request is using,
        else a new one, given back when the request is done. Whoosh searchers are not shared by
        threads at once; one kept per thread made a server of 8 threads hold 8 (their readers'
        caches and file buffers), however few requests ran at once."""
        if live is None:
            with self.using() as live, self.borrowed_searcher(live) as searcher:
                yield searcher
            return
        searcher = live.borrow_searcher()
        try:
            yield searcher
        finally:
            live.give_back(searcher)

    def matcher(self) -> TermMatcher:
        return self.live().matcher

    def finder(self) -> termforms.TermFinder:
        return self.live().finder

    def english_matcher(self) -> EnglishTermMatcher:
        return self.live().english_matcher

    def vocabulary(self) -> Vocabulary:
        return self.live().vocabulary

    # ---- searching

    def search(self, q: str, limit: int = 10, offset: int = 0, *, document: str = "", section: str = "",
               facets: bool = False, documents: frozenset[str] | None = None,
               term_limit: int = DEFAULT_TERM_LIMIT, term_offset: int = 0) -> Result:
        """Glossary terms and paragraphs for what was typed.

        `document` and `section` keep only the hits in that document or section, `documents`
        only those in one of these documents (the filters by year, region, level and kind);
        `facets` adds the hit counts by document and by section (of the query without those
        filters on the facet being counted, and without `documents`, so a user can switch
        between them). The glossary terms come `term_limit` at a time from `term_offset`, and
        `terms_total` says how many match in all (a glossary may hold 2,000 entries for one
        headword).
        """
        if not isinstance(term_limit, int) or not 0 <= term_limit <= MAX_TERM_LIMIT:
            raise QueryError(f"term_limit must be a whole number from 0 to {MAX_TERM_LIMIT}")
        if not isinstance(term_offset, int) or not 0 <= term_offset <= MAX_OFFSET:
            raise QueryError(f"term_offset must be a whole number from 0 to {MAX_OFFSET}")
        if not isinstance(limit, int) or not 0 <= limit <= MAX_LIMIT:
            raise QueryError(f"limit must be a whole number from 0 to {MAX_LIMIT}")
        if not isinstance(offset, int) or not 0 <= offset <= MAX_OFFSET:
            raise QueryError(f"offset must be a whole number from 0 to {MAX_OFFSET}")
        typed = clean_query(q)
        # (using()'s work without its generator: a context manager cost ~1% of a rare word's search)
        live = self._enter()
        try:
            return self._search(live, typed, limit, offset, document, section, facets, documents,
                                term_limit, term_offset)
        except Exception as exc:
            self._failed(live, exc)
            raise
        finally:
            live.leave()

    def _search(self, live: LiveBuild, typed: str, limit: int, offset: int, document: str, section: str,
                facets: bool, documents: frozenset[str] | None, term_limit: int, term_offset: int) -> Result:
        if document and document not in live.reader.documents_by_id:
            # Answered with no hits, a mistyped id read as "not in this report" (as parallel.export_pairs).
            raise NotFound(f"no document {document[:80]!r} in the index (see termsearch documents)")
        if section and not _holds_section(live, section):
            # As a document: a mistyped section is said, not answered with no hits.
            raise NotFound(f"no section {section[:80]!r} in the index (a search's section counts name them)")
        parsed = parse(typed, live.vocabulary, live.texts)
        if parsed.query is None and not parsed.leaves:
            # Only punctuation or operators (a lone ", ，, AND): said, as a missing query is, not
            # answered "0 paragraphs" as if the reports had been searched for something. (-经济
            # alone is read, and its interpretation says NOT needs something beside it.)
            raise QueryError(f"nothing to search for in {typed[:40]!r}: it holds no characters, pinyin or English, "
                             "only punctuation or operators")
        # One LiveBuild for the whole request: a rebuild swapping in meanwhile never mixes two builds.
        terms = self._terms(live, typed, parsed) if not parsed.operators else []
        hits, total, counts = self._paragraphs(live, parsed, terms, limit, offset, document, section, facets,
                                               documents)
        if total == 0 and not terms and not (document or section or documents is not None):
            # Letters read as initials or words in a row that no paragraph holds (ylwang, nbya):
            # the pinyin one slip away, said as a correction like any other.
            mended = mend_slip(parsed, live.vocabulary, live.texts)
            if mended is not None:
                parsed = mended
                hits, total, counts = self._paragraphs(live, parsed, terms, limit, offset, document, section,
                                                       facets, documents)
        if total == 0:
            # No paragraph holds every part (shuang wan economic development, no 双万 here): the
            # parts that find nothing alone are said, and the paragraphs of the rest shown.
            rest = self._without_unmatched(live, parsed, document, section, documents)
            if rest is not None:
                hits, total, counts = self._paragraphs(live, rest, terms, limit, offset, document, section,
                                                       facets, documents)
        if not total:
            parsed.found_nothing(live.vocabulary.spelling)
        parsed.learn_written([hit.text for hit in hits])
        return Result(
            query=typed,
            interpretation=parsed.interpretation(),
            terms=[t.to_dict() for t in terms[term_offset:term_offset + term_limit]],
            hits=hits,
            total=total,
            facets=counts,
            terms_total=len(terms),
        )

    def _without_unmatched(self, live: LiveBuild, parsed: Parsed, document: str, section: str,
                           documents: frozenset[str] | None) -> Parsed | None:
        """The query of the parts that find paragraphs alone, where no paragraph holds them with
        the others (said in `parsed`); None for a query of one part or when none finds any."""
        parts = parsed.parts()
        if len(parts) < 2:
            return None

        def found(query: str) -> int:
            return self._paragraphs(live, parse(query, live.vocabulary, live.texts), [], 0, 0, document, section,
                                    False, documents)[1]

        # (the rest's parts together too: no 双万, and 人民 总量 never in one paragraph, showed 0
        # paragraphs under "showing the paragraphs of 人民 总量")
        rest = parsed.say_unmatched({part: found(part) for part in parts}, held_together=found)
        return parse(rest, live.vocabulary, live.texts) if rest else None

    @staticmethod
    def _terms(live: LiveBuild, typed: str, parsed: Parsed) -> list[Term]:
        """Glossary terms by what was typed, by the words pinyin or a mix resolved to, by English."""
        matcher = live.matcher
        terms = matcher.match(typed, parsed.normalized.get(typed))
        resolved = [w for leaf in parsed.leaves if leaf.kind in ("pinyin", "initials", "mixed") for w in leaf.words[:1]]
        seen = {t.id for t in terms}         # (a set: thousands of matches compared pairwise took seconds)
        terms += [t for t in matcher.with_forms(resolved) if t.id not in seen]
        seen.update(t.id for t in terms)
        # Pinyin or initials of a part of a term (zjtx: 专精特新“小巨人”企业): its uses are searched too.
        searched = {w for leaf in parsed.leaves for w in leaf.words}
        part = [t for t in matcher.part_by_letters(typed) if not searched & set(termforms.match_keys(t))][:3]
        if part:
            parsed.add_terms([(t.id, t.term, termforms.match_keys(t)) for t in part])
        english = parsed.corrected_text() or typed
        composed = False
        if english_language.is_probably_english(english) or parsed.english_only():
            whole = live.english_matcher.whole(english) if parsed.english_only() else []
            if whole:
                # A rendering pasted whole: its terms and their uses, not every word of it.
                keys = dict.fromkeys(k for t in whole for k in termforms.match_keys(t))
                queries = [q for q in (parse(f'"{key}"', live.vocabulary, live.texts).query for key in keys)
                           if q not in (None, wq.NullQuery)]
                parsed.only_terms([(t.id, t.term, termforms.match_keys(t)) for t in whole], queries)
                Engine._say_order(live, parsed, english, [r.text for t in whole for r in t.english if r.is_translation])
                return [*(t for t in whole if t.id not in seen), *terms]
            # The termbase's English typed whole (Belt and Road Initiative): its shorthand (一带一路)
            # found in any report, also where no glossary defines it.
            shorthand = packaged_termbase().whole(english) if parsed.english_only() else []
            queries = Engine._shorthand_queries(live, [key for key, _ in shorthand])
            if queries:
                parsed.add_shorthand([(key, r.text, r.confidence) for key, r in shorthand], queries)
                Engine._say_order(live, parsed, english, [r.text for _, r in shorthand])
            elif parsed.english_only():
                terms += Engine._composed(live, parsed, seen)
                composed = True
            by_english = [t for t, _ in live.english_matcher.match(english) if t.id not in seen]
            terms += by_english
            if by_english:
                parsed.add_terms([(t.id, t.term, termforms.match_keys(t)) for t in by_english[:3]])
        if not parsed.english_only() and not Engine._termbase_with_chinese(live, parsed) and not composed:
            # English beside characters or pinyin may render a shorthand too (white 名单: 白名单).
            terms += Engine._composed(live, parsed, seen)
        return terms

    @staticmethod
    def _shorthand_queries(live: LiveBuild, keys: list[str]) -> list[tuple[str, wq.Query]]:
        """(key, the query its characters make as a phrase) of each key that makes one."""
        pairs = [(key, parse(f'"{key}"', live.vocabulary, live.texts).query) for key in keys]
        return [(key, q) for key, q in pairs if q not in (None, wq.NullQuery)]

    @staticmethod
    def _say_order(live: LiveBuild, parsed: Parsed, english: str, renderings: list[str]) -> None:
        """The query matched these renderings word for word: where it is none of them in its
        own order (Road Belt Initiative), the rendering is said as a correction."""
        if renderings and not any(in_typed_order(english, text) for text in renderings):
            rendering = next((text for text in renderings if same_words(english, text)), renderings[0])
            parsed.say_reordered(parsed.text, rendering, live.vocabulary)

    @staticmethod
    def _termbase_with_chinese(live: LiveBuild, parsed: Parsed) -> bool:
        """The termbase's English typed whole with some words as characters or pinyin (zero-waste
        城市, At 最多 One Visit reform), or all in letters read partly as pinyin (Shan-Shui
        Initiatives): its shorthand first, as for the English alone; said. Whether one was found."""
        english_map = live.vocabulary.english

        def chinese_of(english: str) -> set[str]:
            groups = query_words.english_groups(english, english_map)
            return {w for w, _ in groups[0].words} if len(groups) == 1 else set()

        termbase = packaged_termbase()
        found, parts = [], []
        for pinyin_as_chinese in (False, True):
            parts = parsed.rendering_parts(pinyin_as_chinese)
            if not parts:
                return False
            if all(chinese is None for _, chinese in parts):
                found = termbase.whole(" ".join(typed for typed, _ in parts))
            else:
                found = termbase.with_chinese(parts, chinese_of)
            if found:
                break
        queries = Engine._shorthand_queries(live, [key for key, _ in found])
        if queries:
            parsed.add_shorthand([(key, r.text, r.confidence) for key, r in found], queries,
                                 typed=parsed.corrected_text() or parsed.text)
            # Typed in another order (Road Belt 倡议): the rendering said, as for English alone.
            renderings = [r.text for _, r in found]
            if all(chinese is None for _, chinese in parts):
                Engine._say_order(live, parsed, " ".join(typed for typed, _ in parts), renderings)
            elif not any(parts_in_typed_order(parts, text, chinese_of) for text in renderings):
                parsed.say_reordered(parsed.text, renderings[0], live.vocabulary)
        return bool(queries)

    @staticmethod
    def _composed(live: LiveBuild, parsed: Parsed, seen: set[str]) -> list[Term]:
        """A shorthand's English word for word (Four Good Rural Roads: 四 好 农村 路): the
        shorthand's paragraphs first, as for its termbase English, and its glossary terms."""
        groups = parsed.composable_parts()     # as the parser read them (spelling mended)
        if not groups:      # (no English part: the prefix table is not even loaded)
            return []
        found = query_words.composed_words([words for _, words in groups], live.composable)
        if not found:
            return []
        queries = [q for q in (parse(f'"{word}"', live.vocabulary, live.texts).query for _, _, word in found)
                   if q not in (None, wq.NullQuery)]
        if queries:
            parsed.add_composed([(" ".join(typed for typed, _ in groups[start:end]), word)
                                 for start, end, word in found],
                                queries)
        return [t for t in live.matcher.with_forms([word for _, _, word in found]) if t.id not in seen]

    def _paragraphs(self, live: LiveBuild, parsed: Parsed, terms: list[Term], limit: int, offset: int,
                    document: str, section: str, facets: bool,
                    documents: frozenset[str] | None = None) -> tuple[list[Hit], int, dict | None]:
        if parsed.query is None or parsed.query is wq.NullQuery:
            return [], 0, ({"document": {}, "section": {}} if facets else None)
        searcher = live.borrow_searcher()
        try:
            return self._paragraphs_in(searcher, live, parsed, terms, limit, offset, document, section, facets,
                                       documents)
        finally:
            live.give_back(searcher)

    def _paragraphs_in(self, searcher, live: LiveBuild, parsed: Parsed, terms: list[Term], limit: int, offset: int,
                       document: str, section: str, facets: bool,
                       documents: frozenset[str] | None) -> tuple[list[Hit], int, dict | None]:
        query = ranked_query(parsed, terms)
        filtered = _within(query, document=document, section=section)
        if documents is not None:
            # No score added (as _within): the ranking within the chosen documents is unchanged.
            among = wq.Or([wq.Term("document", d) for d in sorted(documents)]) if documents else wq.NullQuery
            filtered = wq.And([filtered, wq.ConstantScoreQuery(among, 0.0)])
        # One evaluator for the hits and the counts: the query they share is scored once.
        bulk = scoring.Evaluator(searcher) if self.bulk and scoring.supported(filtered, searcher) else None
        homophones = _homophones(parsed, terms) if limit else []
        run = _words_in_a_row(parsed, terms) if limit else None
        # Ambiguous letters: the first INTERLEAVE_DEPTH hits take turns, and a page past them
        # follows on with the rest by score (each hit once, on one page only).
        depth = max(INTERLEAVE_DEPTH, offset + limit) if homophones or run is not None else offset + limit if limit else 1
        # A common word alone: its best hits and total as the build worked them out (common_terms).
        common = live.common if bulk is not None and not homophones and run is None else None
        try:
            ranked, total = (common and _from_table(common, bulk, filtered, depth)) or self._ranked(searcher, bulk,
                                                                                                   filtered, depth)
            counts = self._facets(searcher, bulk, query, document, section) if facets else None
        except scoring.Unsupported:
            bulk = None
            ranked, total = self._ranked(searcher, None, filtered, depth)
            counts = self._facets(searcher, None, query, document, section) if facets else None
        if homophones:
            queues, rest = _reading_queues(parsed, homophones, ranked[:INTERLEAVE_DEPTH], filtered, searcher, bulk)
            unlisted = live.vocabulary.unlisted
            vocabulary = live.vocabulary
            pieces = frozenset(w for w in homophones if fragments.is_fragment(w, unlisted) or fragments.only_inside_longer_words(
                w, vocabulary.words.get, vocabulary.containing, unlisted))   # words.get: counts the C way
            ranked = _followed_by(_interleaved(queues, rest, live.vocabulary.count if _by_use(parsed) else None,
                                               pieces=pieces, rare_whole=_by_use(parsed),
                                               peers=SLIP_PEERS if parsed.leaves[0].corrected else 0), ranked)
        elif run is not None:
            # Words in a row are often there by chance (资金投向 for zjtx beside the 86 paragraphs
            # of 专精特新): the run most paragraphs hold is the one meant, and the hits follow how
            # many hold each, with no turn for a run of one paragraph; each run is said, a click away.
            queues, rest = _queues_by_run(run, ranked[:INTERLEAVE_DEPTH], searcher, live.texts, parsed.written)
            held = {r: len(q) for r, q in queues.items()}
            whole = [r for r in list(queues)[1:] if live.vocabulary.count(r)]
            ranked = _followed_by(_whole_words_a_turn(queues, whole) + _interleaved(queues, rest, held.__getitem__),
                                  ranked)
            parsed.leaves[0].runs = list(queues)
        words_in = highlight_words_by_document(parsed, terms)
        runs_marked = parsed.run_patterns()
        finder = live.finder
        documents = live.reader.documents_by_id
        hits = []
        page = ranked[offset:offset + limit] if limit else []
        stored_fields = whoosh_format.stored_fields(searcher.reader()) if page else None
        for docnum, score in page:
            stored = stored_fields(docnum)
            text = stored["text"]
            spans = highlight.find_spans(text, words_in(stored["document"]), runs_marked)
            translation = stored.get("english", "")
            hits.append(Hit(
                document=stored["document"],
                paragraph=stored["pid"],
                line=stored["line"],
                section=stored["section"],
                text=text,
                snippet=highlight.snippet(text, spans),
                terms=finder.find_written(text, stored["document"]),
                score=round(score, 4),
                document_title=documents.get(stored["document"], {}).get("display_title", ""),
                english=translation,
                english_snippet=highlight.mark(translation, highlight.english_spans(translation, parsed.english_words))
                if translation else "",
            ))
        return hits, total, counts

    @staticmethod
    def _ranked(searcher, bulk: scoring.Evaluator | None, query, limit: int) -> tuple[list[tuple[int, float]], int]:
        """The best `limit` (docnum, score) pairs and the exact number of hits."""
        if bulk is not None:
            return bulk.top(query, limit)
        results = searcher.search(query, limit=limit)
        # Exact when Whoosh counts in a second pass over the matching ids; its collector's own
        # count can miss documents of sub-queries it pruned (scoring.py counts them all).
        return [(hit.docnum, hit.score) for hit in results], len(results)

    @staticmethod
    def _facets(searcher, bulk: scoring.Evaluator | None, query, document: str,
                section: str) -> dict[str, dict[str, int]]:
        """Hits per document (within the chosen section) and per section (within the chosen document)."""
        from whoosh import sorting

        counts = {}
        for name, other, value in (("document", "section", section), ("section", "document", document)):
            within = _within(query, **{other: value})
            if bulk is not None:
                groups = bulk.counts_by(within, name)
            else:
                groups = searcher.search(within, limit=1, groupedby=sorting.FieldFacet(name),
                                         maptype=sorting.Count).groups(name)
            counts[name] = dict(sorted(((k, n) for k, n in groups.items() if k), key=lambda kv: -kv[1]))
        return counts

    def close(self) -> None:
        """Close the live build's files (at once, or when the requests using it end); a later
        search opens the index again."""
        with self._lock:
            live, self._live, self._seen = self._live, None, None
        if live is not None:
            live.retire()


class Lookup:
    """Term pages and reader data over an Engine (kept apart from ranking)."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def find_term(self, key: str) -> Term | None:
        """A term by id, or the best glossary match for what was typed."""
        reader = self.engine.reader()
        if key in reader.terms_by_id:
            return reader.terms_by_id[key]
        matches = self.engine.matcher().match(clean_query(key))
        return matches[0] if matches else None

    def term_asked(self, key: str) -> tuple[Term | None, str, int]:
        """The term `find_term` gives for what was typed; how it matched: "itself" (its id,
        headword, an alias, its pinyin or initials), "holds" (what was typed is a part of it),
        "inside" (it is a part of what was typed) or "definition" (its definition holds what
        was typed); and how many terms match in all."""
        reader = self.engine.reader()
        if key in reader.terms_by_id:
            return reader.terms_by_id[key], "itself", 1
        found = self.engine.matcher().scored(clean_query(key))
        if not found:
            return None, "", 0
        term, score = found[0]
        how = ("itself" if score >= INITIALS_FORM else "inside" if score == 40
               else "definition" if score <= 10 else "holds")
        return term, how, len(found)

    def term_details(self, key: str) -> dict | None:
        from . import xref

        term = self.find_term(key)
        if term is None:
            return None
        with self.engine.using() as live, self.engine.borrowed_searcher(live) as searcher:
            reader = live.reader
            uses = xref.term_uses(searcher, term)
            return {
                **term.to_dict(),
                "uses": uses,
                "documents": xref.documents_of(uses),
                "elsewhere": xref.same_words_elsewhere(searcher, term, self._paragraphs_with(term, live)),
                "concept": self.concept(term),
                "mentions": [{"id": t.id, "term": t.term} for t in xref.terms_in_definition(term, reader.terms)],
                "related": xref.co_occurring(searcher, term, reader.terms_by_id, live.finder),
            }

    @staticmethod
    def _paragraphs_with(term: Term, live: LiveBuild) -> wq.Query:
        """The paragraphs that may hold the term's characters (its keys as phrases, which
        match inside longer words and across quotes, as a search does), in the request's build
        (read from the live one, a rebuild swapping in meanwhile checked its phrases in the
        other build's texts)."""
        keys = [re.sub(r'["“”「」]', "", key) for key in termforms.match_keys(term)]
        queries = [parse(f'"{key}"', live.vocabulary, live.texts).query for key in keys if key.strip()]
        queries = [q for q in queries if q is not None and q is not wq.NullQuery]
        return wq.Or(queries) if queries else wq.NullQuery

    def concept(self, term: Term) -> dict:
        """Every definition of the term's headword (scripts, variants and quotes ignored), each
        with its source, and which say the same thing (concepts.py)."""
        from . import concepts

        reader = self.engine.reader()
        found = concepts.concept(term, reader.terms)
        definitions = []
        for t, sense in zip(found.terms, found.senses):
            definitions.append({
                "id": t.id, "term": t.term, "definition": t.definition, "origin": t.origin,
                "scope": "global" if t.is_global else "document",
                **self.document_facts(t.source.document),
                "line": t.source.line,
                "sense": sense,
                "similarity": round(concepts.similarity(term.definition, t.definition, found.key), 3),
                "same_meaning": sense == found.senses[0],
            })
        return {"key": found.key, "definitions": definitions, "senses": len(set(found.senses)),
                "agree": found.agree}

    def document_facts(self, document_id: str) -> dict:
        """A document's id, display title, region, level and year (empty when unknown, as for
        an imported termbase, whose source is a file outside the index)."""
        from . import collection

        reader = self.engine.reader()
        meta = reader.documents_by_id.get(document_id)
        if meta is None:
            return {"document": document_id, "title": document_id, "region": "", "level": "", "year": None}
        facts = collection.load(reader).documents.get(document_id, {})
        return {"document": document_id, "title": meta.get("display_title") or meta.get("title") or document_id,
                "region": facts.get("region") or "", "level": facts.get("level") or "", "year": facts.get("year")}

    def document(self, document_id: str, offset: int = 0, limit: int = PAGE_PARAGRAPHS,
                 max_chars: int = PAGE_CHARS) -> dict | None:
        """A document with `limit` of its paragraphs from the `offset`th (fewer when they would
        pass `max_chars` characters; never none while any are left), the glossary terms in
        each marked, and the section headings among them. Says `paragraph_total`,
        `section_total` and `next_offset` (None at the end): a client pages through a long
        document, and no answer grows with it."""
        from . import xref

        reader = self.engine.reader()
        head = reader.document_head(document_id)
        if head is None:
            return None
        pages = head.pop("pages")
        total = head.pop("paragraph_count")
        section_total = head.pop("section_count")
        starts = [start for start, _ in pages]
        paragraphs, sections, chars = [], [], 0
        position, number = offset, bisect.bisect_right(starts, offset)    # the page holding `offset`
        low = -math.inf         # a heading goes with the paragraph after it
        while position < total and number <= len(pages) and len(paragraphs) < limit:
            page = reader.document_page(document_id, number)
            skip = position - starts[number - 1]
            if skip:
                low = page["paragraphs"][skip - 1]["line"]
            sections.extend(page["sections"])
            for p in page["paragraphs"][skip:]:
                if len(paragraphs) >= limit or (paragraphs and chars + len(p["text"]) > max_chars):
                    break
                paragraphs.append(p)
                chars += len(p["text"])
                position += 1
            else:
                number += 1
                continue
            break
        if total == 0:
            sections = reader.document_page(document_id, 1)["sections"]
        elif paragraphs:
            high = math.inf if position >= total else paragraphs[-1]["line"]
            sections = [s for s in sections if low < s["line"] <= high]
        else:
            sections = []
        finder = self.engine.finder()
        for paragraph in paragraphs:
            paragraph["terms"] = xref.terms_in_paragraph(paragraph["text"], finder, reader.terms_by_id,
                                                            document_id)
        return {**head, "paragraphs": paragraphs, "sections": sections, "paragraph_total": total,
                "section_total": section_total, "offset": offset,
                "next_offset": position if position < total else None}

    def document_pages(self, document_id: str) -> list[list[int]] | None:
        """Where each page of a document starts: [first paragraph's index, its line]."""
        head = self.engine.reader().document_head(document_id)
        return head["pages"] if head is not None else None

    def gloss(self, text: str, limit: int = 40) -> list[dict]:
        """The dictionary words of `text` in order, each with its pinyin and English senses (as a
        reader shows them): the longest word of the corpus's dictionary at each point."""
        glosses = self.engine.reader().glosses
        normalized, offsets = variants.normalize(text[:500])
        out, i = [], 0
        while i < len(normalized) and len(out) < limit:
            for size in range(min(8, len(normalized) - i), 0, -1):
                word = normalized[i:i + size]
                entry = glosses.get(word)
                if entry:
                    out.append({"word": text[offsets[i]:offsets[i + size]], "simplified": word,
                                "pinyin": entry[0], "english": list(entry[1]), **(entry[2] or {})})
                    i += size
                    break
            else:
                i += 1
        return out
