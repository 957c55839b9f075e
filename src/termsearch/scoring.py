"""The query trees termsearch builds, evaluated a whole posting list at a time.

Whoosh scores a query by walking its matchers one posting at a time in Python, which costs
tens of milliseconds for a word in thousands of paragraphs. Here every node of the tree becomes
a dict {docnum: score} per segment, built and combined with C-speed dict and set operations,
and the answer is exactly Whoosh's:

- the same BM25F scores: same idf and average length (from the top searcher), same quantised
  field lengths, same B and K1, boosts applied where Whoosh applies them;
- the same floating-point sums: Whoosh adds sub-scores along a binary tree whose shape depends
  on the sizes of the parts, so the tree is rebuilt with the same shape (make_weighted_tree),
  or, for an Or of 3+ parts in a small segment, summed part by part as ArrayUnionMatcher does;
- the same order: score descending, then docnum ascending, as Whoosh's collectors order ties;
- exact totals (documents matching, whatever their score) and per-document / per-section
  counts as the grouped search counts them.

Where Whoosh is wrong this is not: its top-N collector, pruning sub-queries as the N-th score
rises, at times loses a hit that belongs in the top N and miscounts the total (the answer is
that of Whoosh scoring every hit), and its AndNotMatcher keeps the first posting of a segment
when the excluded list starts before it.

Only the node types termsearch builds are known (`supported`), over segments whoosh_format
can read in bulk (a Whoosh version and format it knows); for anything else the caller uses
Whoosh's own searcher, and also when evaluation raises Unsupported (an Or whose parts sum
to 0 or less for a document, where what Whoosh returns depends on how its matchers are
driven). Results are kept only for the life of one Evaluator (one request): the same
sub-query evaluated for the hits and for the counts is evaluated once.
"""
from __future__ import annotations

import heapq
import math
from bisect import bisect_right
from collections import Counter
from collections.abc import KeysView
from itertools import chain, compress, repeat
from operator import add, ge, getitem, mul, neg, truediv

from whoosh import query as wq
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from . import postings, whoosh_format
from .adjacency import Verified

SMALL_SEGMENT = 5000        # Whoosh's Or pre-loads scores in segments of at most this many documents
# Up to this many matching documents (a rare word's), sorting them all costs less than finding
# the limit-th best score first (heapq.nlargest, then the contenders sorted); from about a
# hundred it costs more.
SORTED_WHOLE = 64


class Unsupported(Exception):
    """This tree is left to Whoosh's own searcher."""


def supported(query, searcher) -> bool:
    """Whether this evaluator knows every node of `query` and the searcher's set-up."""
    if type(searcher.weighting) is not BM25F or searcher.weighting.use_final:
        return False
    if not whoosh_format.reads_by_hand(searcher):       # segments read in bulk: W3 of a known Whoosh
        return False
    return _known(query)


def _known(q) -> bool:
    kind = type(q)
    if q is wq.NullQuery:
        return True
    if kind is wq.Term:
        return not q.minquality
    if kind is wq.Or:
        return (not q.scale and q.matcher_type in (wq.Or.AUTO_MATCHER, wq.Or.DEFAULT_MATCHER, wq.Or.ARRAY_MATCHER)
                and all(_known(s) for s in q.subqueries))
    if kind is wq.And:
        return all(_known(s) for s in q.subqueries)
    if kind in (wq.AndNot, wq.AndMaybe):
        return _known(q.a) and _known(q.b)
    if kind is wq.ConstantScoreQuery:
        return _known(q.child)
    return kind is Verified


class Evaluator:
    """One request's evaluation of query trees over one Whoosh searcher."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.segments = [_Segment(sub, offset, searcher) for sub, offset in searcher.leaf_searchers()]

    def top(self, query, limit: int) -> tuple[list[tuple[int, float]], int]:
        """The best `limit` (docnum, score) pairs and the number of matching documents: what
        searcher.search(query, limit=limit) and len(results) give (when Whoosh gets them right)."""
        scored = [(segment.offset, segment.scores(query)) for segment in self.segments]
        if limit >= self.searcher.doc_count():
            # Whoosh collects everything (UnlimitedCollector): its count is what it collected.
            ranked = sorted(_keyed(scored))
            return [(doc, -key) for key, doc in ranked[:limit]], len(ranked)
        # Whoosh then counts the matching documents again (docs_for_query): the same ones.
        return best(scored, limit), sum(len(found) for _, found in scored)

    def counts_by(self, query, column: str) -> dict:
        """Matching documents per value of a sortable column, in the order Whoosh's grouped
        search meets the values (docnum order), as results.groups(column) gives them."""
        counts: Counter = Counter()
        for segment in self.segments:
            found = segment.scores(query)
            values = postings.column_values(segment.reader, column)
            counts.update(map(values.__getitem__, sorted(found)))
        return dict(counts)


def best(scored, limit: int) -> list[tuple[int, float]]:
    """The `limit` best (global docnum, score) pairs of [(segment's offset, {docnum: score})],
    ties by docnum. The limit-th best score is found first (heapq.nlargest: its loop compares
    floats without a call per document, three times as fast as a heap fed through map), then
    only the documents scoring at least that much are sorted."""
    total = sum(len(found) for _, found in scored)
    if total <= limit or total <= SORTED_WHOLE:
        # A rare word's few: all of them sorted, no limit-th best score to find first.
        return [(doc, -key) for key, doc in sorted(_keyed(scored))[:limit]]
    top = heapq.nlargest(limit, chain.from_iterable(found.values() for _, found in scored))
    threshold = top[-1] if top and len(top) == limit else -math.inf
    # operator.ge, not threshold.__le__: a float's slot wrapper costs twice as much a call.
    contenders = [(offset, {doc: found[doc] for doc in compress(found.keys(),
                                                                 map(ge, found.values(), repeat(threshold)))})
                  for offset, found in scored]
    return [(doc, -key) for key, doc in sorted(_keyed(contenders))[:limit]]


def _keyed(scored):
    """(−score, global docnum) for every scored document: ascending order is Whoosh's ranking."""
    return chain.from_iterable(zip(map(neg, found.values()), map(offset.__add__, found.keys()))
                               for offset, found in scored)


class _Segment:
    """One leaf searcher: its documents' scores for each node of a tree, computed once."""

    def __init__(self, searcher, offset: int, top):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.offset = offset
        self.top = top.get_parent()
        self.weighting = top.weighting
        self.small = searcher.doc_count_all() <= SMALL_SEGMENT
        self._scores: dict[int, tuple] = {}
        self._docs: dict[int, tuple] = {}
        self._postings: dict[tuple[str, bytes], tuple[list[int], list[float]]] = {}
        # A term's postings among some documents only (a phrase's common word, read in the blocks
        # of its candidates): (those documents, ids, weights), which its score among them reuses.
        self._some_postings: dict[tuple[str, bytes], tuple[frozenset, list[int], list[float]]] = {}
        self._terms: dict[tuple[str, str | bytes], tuple[bytes, object] | None] = {}
        self._norms: dict[str, _LengthNorms] = {}
        self._checked: dict = {}            # pattern → {docnum: whether its text matches} (Verified._kept)
        self._sizes: dict[int, tuple] = {}
        self._doc_count: int | None = None

    @property
    def counts(self) -> "_Counts":
        # Made when asked, not kept: a _Counts kept here would make a reference cycle, and a
        # request's cycles (with every memo they hold) wait for the cyclic collector, whose
        # runs every ~20 requests cost 2-8 ms each (the tail of the latency).
        return _Counts(self)

    def size(self, q) -> int:
        """q.estimate_size(reader), which orders how Whoosh adds up a node's parts: the same
        figure, worked out once a node and request in one function (Whoosh's call chain of
        estimate_size, _Counts and schema look-ups per node, again for every parent sized, was
        a tenth of a rare word's time)."""
        memo = self._sizes.get(id(q))
        if memo is not None:
            return memo[1]
        kind = type(q)
        if q is wq.NullQuery:
            size = 0
        elif kind is wq.Term:
            size = self._term_size(q)
        elif (kind is wq.Or or kind is wq.And or kind is wq.AndNot or kind is wq.AndMaybe) and q.subqueries:
            sizes = [self.size(sub) for sub in q.subqueries]
            if kind is wq.And:
                size = min(sizes)
            else:                           # CompoundQuery's: the sum, at most the segment's documents
                if self._doc_count is None:
                    self._doc_count = self.reader.doc_count()
                size = min(sum(sizes), self._doc_count)
        elif kind is wq.ConstantScoreQuery or kind is Verified:
            size = self.size(q.child)       # WrappingQuery's
        else:
            size = q.estimate_size(self.counts)
        self._sizes[id(q)] = (q, size)      # q kept so its id stays unique
        return size

    def _term_size(self, q) -> int:
        """Term.estimate_size: 0 for a field or text the schema refuses, else the document frequency."""
        schema = self.reader.schema
        if q.fieldname not in schema:
            return 0
        field = schema[q.fieldname]
        if field.format is None:
            try:
                btext = field.to_bytes(q.text)
            except ValueError:
                return 0
            return self.reader.doc_frequency(q.fieldname, btext)      # raises as Whoosh does
        found = self._lookup(q.fieldname, q.text)      # (None too where the schema refuses the text)
        return found[1].doc_frequency() if found is not None else 0

    def _lookup(self, fieldname: str, text) -> tuple[bytes, object] | None:
        """The term as stored and its record in the segment (None when it has not the term),
        looked up once in this request: a query asks about each of its terms several times
        (to size the parts, to order a phrase's words, to read them)."""
        key = (fieldname, text)
        try:
            return self._terms[key]         # (as typed, str, or as stored, bytes: both are kept)
        except KeyError:
            pass
        schema = self.reader.schema
        if fieldname not in schema:
            return None
        btext = text
        if isinstance(text, str):
            try:
                btext = schema[fieldname].to_bytes(text)
            except ValueError:
                return None
        stored = (fieldname, btext)
        try:
            found = self._terms[stored]
        except KeyError:
            info = postings.term_record(self.reader, fieldname, btext)
            found = self._terms[stored] = (btext, info) if info is not None else None
        self._terms[key] = found
        return found

    def _doc_frequency(self, fieldname: str, text) -> int:
        """_Counts.doc_frequency, asked straight of the request's look-ups where the field has
        postings (a phrase check asks it of each of its words)."""
        schema = self.reader.schema
        if fieldname not in schema or schema[fieldname].format is None:
            return self.counts.doc_frequency(fieldname, text)
        found = self._lookup(fieldname, text)
        return found[1].doc_frequency() if found is not None else 0

    def _read(self, fieldname: str, btext: bytes, info) -> tuple[list[int], list[float]]:
        """A term's postings, read once in this request (a phrase's words are read to find
        its candidates and again to score them)."""
        key = (fieldname, btext)
        found = self._postings.get(key)
        if found is None:
            found = self._postings[key] = postings.postings(self.reader, fieldname, btext, info=info)
        return found

    def _word_ids(self, word: str, among: list[int] | None = None,
                  field: str = "text") -> list[int] | KeysView:
        """A word's documents for a phrase's candidates; given `among`, those of them at least
        (the caller keeps only those). A common word's come as a set kept between requests
        (postings.weight_table's keys): the candidates are looked up in it."""
        found = self._lookup(field, word)
        if found is None:
            return []
        btext, info = found
        common = postings.weight_table(self.reader, field, btext, info)
        if common is not None:
            return common[0].keys()
        if among is None:
            return self._read(field, btext, info)[0]
        return self._read_among(field, btext, info, frozenset(among))[0]

    def _read_among(self, fieldname: str, btext: bytes, info, among: frozenset) -> tuple[list[int], list[float]]:
        """A term's postings of `among`'s documents at least (ids ascending, weights), read in
        the blocks that hold them: a phrase's common word, read among its candidates. Read
        once a request: among more documents later, only the blocks of those not read yet,
        or the whole list when they are many for its blocks (发展, asked among the candidates
        of each cut of 高质量发展, had most of its blocks read four times)."""
        key = (fieldname, btext)
        if key in self._postings:
            return self._postings[key]
        read, ids, weights = self._some_postings.get(key, (frozenset(), [], []))
        missing = among - read
        if not missing:
            return ids, weights
        if read and len(missing) * 4 >= info.doc_frequency() / whoosh_format.BLOCK_SIZE:
            return self._read(fieldname, btext, info)
        more_ids, more_weights = postings.postings(self.reader, fieldname, btext, among=sorted(missing), info=info)
        if ids:
            # Two ascending lists of different documents, merged in order.
            pairs = sorted(chain(zip(ids, weights), zip(more_ids, more_weights)))
            more_ids, more_weights = [doc for doc, _ in pairs], [weight for _, weight in pairs]
        self._some_postings[key] = (read | missing, more_ids, more_weights)
        return more_ids, more_weights

    # ---- scored (Whoosh's search context: weighting set, needs_current False)

    def scores(self, q) -> dict[int, float]:
        memo = self._scores.get(id(q))
        if memo is None:
            memo = self._scores[id(q)] = (q, self._score(q))    # q kept so its id stays unique
        return memo[1]

    def _score(self, q, among: frozenset | None = None) -> dict[int, float]:
        """q's documents and scores; with `among`, only those documents (a document's score
        depends only on the postings that have it, so leaving others out changes no score)."""
        score = self.scores if among is None else (lambda sub: self._score(sub, among))
        kind = type(q)
        if q is wq.NullQuery:
            return {}
        if kind is wq.Term:
            return self._term(q, among)
        if kind is wq.And or kind is wq.Or:
            subs = q.subqueries
            if not subs:
                return {}
            if len(subs) == 1:
                return score(subs[0])              # Whoosh ignores the boost here too
            if kind is wq.And:
                found = _tree(subs, lambda: [-self.size(s) for s in subs], score, _sum_both)
            elif _union_tree(q, self.small):
                found = _tree(subs, lambda: [self.size(s) for s in subs], score, _sum_either)
            else:
                return self._preloaded_or([_scaled(score(sub), q.boost) for sub in subs])
            return _scaled(found, q.boost)
        if kind is wq.AndMaybe:
            return _sum_maybe(score(q.a), score(q.b))
        if kind is wq.AndNot:
            if among is None and type(q.a) is wq.Term and q.a.fieldname == "chars" and type(q.b) is wq.Term:
                # A word's characters where the words' index has it not (query.characters_elsewhere):
                # the word's paragraphs are scored anyway for the Or beside (the same node), so
                # they are not read again.
                return _without(score(q.a), self.scores(q.b).keys())
            return _without(score(q.a), self.docs(q.b))
        if kind is wq.ConstantScoreQuery:
            # A ListMatcher with all_weights=score: a falsy score reads as weight 1.0.
            return dict.fromkeys(score(q.child), q.score or 1.0)
        if kind is Verified:
            found = self._verified(q)
            return found if among is None else {doc: s for doc, s in found.items() if doc in among}
        raise TypeError(f"no bulk evaluation for {kind.__name__}")

    def _term(self, q, among: frozenset | None) -> dict[int, float]:
        found = self._lookup(q.fieldname, q.text)
        if found is None:
            return {}
        btext, info = found
        scorable = self.searcher.schema[q.fieldname].scorable
        if among is None and scorable and info.doc_frequency() >= postings.TABLES_FROM:
            table = self._score_table(q.fieldname, btext, info, self.top.idf(q.fieldname, btext))
            if table is not None:
                # (a copy: the kept table is never changed; x * boost is boost * x, as _bm25 multiplies)
                return dict(table) if q.boost == 1.0 else dict(zip(table.keys(), map(mul, table.values(),
                                                                                    repeat(q.boost))))
        if among is None:
            ids, weights = self._read(q.fieldname, btext, info)
        else:
            # Read among a phrase's candidates, or whole: the same postings, fewer of them kept.
            ids, weights = self._read_among(q.fieldname, btext, info, among)
            keep = list(map(among.__contains__, ids))
            ids, weights = list(compress(ids, keep)), list(compress(weights, keep))
        if not scorable:
            # BM25F's WeightScorer: the posting's weight is its score.
            values = weights if q.boost == 1.0 else map(q.boost.__rmul__, weights)
            return dict(zip(ids, values))
        return dict(zip(ids, _bm25(weights, self._doc_norms(q.fieldname, ids), idf=self.top.idf(q.fieldname, btext),
                                   K1=self.weighting.K1, boost=q.boost)))

    def _score_table(self, fieldname: str, btext: bytes, info, idf: float) -> dict[int, float] | None:
        """A common term's BM25 score in each of its documents, kept between requests
        (postings.score_table): what _bm25 gives for its postings with boost 1."""
        norms = self._length_norms(fieldname)
        K1 = self.weighting.K1
        return postings.score_table(self.reader, fieldname, btext, info, (idf, K1, norms.B, norms.avgfl),
                                    lambda ids, weights: _bm25(weights, self._doc_norms(fieldname, ids), idf=idf,
                                                               K1=K1, boost=1.0))

    def _doc_norms(self, fieldname: str, docs) -> map:
        """Each of `docs`' length part of BM25's denominator (_LengthNorms) in `fieldname`."""
        norms = self._norms.get(fieldname) or self._length_norms(fieldname)
        lengths = postings.field_lengths(self.reader, fieldname)
        # operator.getitem: bytes.__getitem__ is a slot wrapper, which costs twice as much a call.
        return map(norms.__getitem__, map(getitem, repeat(lengths), docs))

    def _length_norms(self, fieldname: str) -> "_LengthNorms":
        norms = self._norms.get(fieldname)
        if norms is None:
            norms = self._norms[fieldname] = _length_norms(avgfl=_average_length(self.top, fieldname) or 1,
                                                           B=whoosh_format.field_b(self.weighting, fieldname),
                                                           K1=self.weighting.K1)
        return norms

    def _preloaded_or(self, parts: list[dict]) -> dict[int, float]:
        """ArrayUnionMatcher: 0.0 plus each part's score in the parts' order."""
        total: dict[int, float] = {}
        for found in parts:
            both = list(found.keys() & total.keys()) if total else []
            fresh = dict(zip(found.keys(), map((0.0).__add__, found.values())))
            if both:
                fresh.update(zip(both, map(add, map(total.__getitem__, both), map(found.__getitem__, both))))
            total.update(fresh)
        if total and min(total.values()) <= 0:
            # ArrayUnionMatcher skips such a document, except at the start of a block of
            # 2048 documents unless its parent skipped to it: not worth copying.
            raise Unsupported("an Or whose parts sum to 0 or less")
        return total

    def _verified(self, q: Verified) -> dict[int, float]:
        kept = q._kept(self.searcher, self._word_ids, self._doc_frequency, self._checked)
        if not kept:
            return {}
        # Verified.matcher: BM25 over the likeliest way's words, 0.0 where none of them occurs;
        # only the kept documents' scores are needed.
        words = sorted({w for group in q.ways[0] for w in group})
        scoring = wq.Or([wq.Term(q.field, w) for w in words])
        aligned = self._kept_scores(scoring, kept)
        if aligned is not None:
            return dict(zip(kept, aligned))
        found = self._score(scoring, frozenset(kept))
        return dict(zip(kept, map(found.get, kept, repeat(0.0))))

    def _kept_scores(self, q, kept: list[int]) -> list[float] | None:
        """An Or of terms' scores of `kept` (ascending), 0.0 where no term is, as lists in
        kept's order rather than dicts by document: what _score gives, added along the same
        tree, with fewer operations a posting (a term's weight 0.0 where it is missing scores
        0.0, and x + 0.0 is x; the length parts are looked up once for every term). None, to be
        scored as dicts, where a term could score 0 or less (then being missing and scoring 0.0
        differ: ArrayUnionMatcher's Unsupported case)."""
        if not q.subqueries:
            return None
        field = q.subqueries[0].fieldname
        if not self.searcher.schema[field].scorable or self.weighting.K1 <= 0:
            return None
        norms = list(self._doc_norms(field, kept))
        if min(norms) <= 0:
            return None
        among = frozenset(kept)
        lists = {}
        for term in q.subqueries:
            lists[id(term)] = scores = self._kept_term_scores(term, kept, among, norms)
            if scores is None:
                return None
        subs = q.subqueries
        if len(subs) == 1:
            return lists[id(subs[0])]
        if _union_tree(q, self.small):
            return _tree(subs, lambda: [self.size(s) for s in subs], lambda s: lists[id(s)], _add_lists)
        total = [0.0] * len(kept)                   # ArrayUnionMatcher: 0.0 plus each part in turn
        for sub in subs:
            total = _add_lists(total, lists[id(sub)])
        return total

    def _kept_term_scores(self, term, kept: list[int], among: frozenset, norms: list[float]) -> list[float] | None:
        """The term's BM25 score in each of `kept` (`among` as a set; `norms` their length
        parts), 0.0 where it is not; None where one would be 0 or less."""
        found = self._lookup(term.fieldname, term.text)
        if found is None:
            return [0.0] * len(kept)
        btext, info = found
        idf = self.top.idf(term.fieldname, btext)
        common = postings.weight_table(self.reader, term.fieldname, btext, info)
        if common is not None and idf > 0 and common[1] > 0:
            # Looked up document by document: a missing one's weight 0.0 scores 0.0, as below.
            table = self._score_table(term.fieldname, btext, info, idf)
            if table is not None:
                return list(map(table.get, kept, repeat(0.0)))
            weights = list(map(common[0].get, kept, repeat(0.0)))
            return list(_bm25(weights, norms, idf=idf, K1=self.weighting.K1, boost=1.0))
        ids, weights = self._read_among(term.fieldname, btext, info, among)
        if ids != kept:
            keep = list(map(among.__contains__, ids))
            ids, weights = list(compress(ids, keep)), list(compress(weights, keep))
        if not ids:
            return [0.0] * len(kept)
        if idf <= 0 or min(weights) <= 0:
            return None
        if len(ids) < len(kept):
            weights = list(map(dict(zip(ids, weights)).get, kept, repeat(0.0)))
        return list(_bm25(weights, norms, idf=idf, K1=self.weighting.K1, boost=1.0))

    # ---- unscored (Whoosh's boolean context: which documents match)

    def docs(self, q):
        memo = self._docs.get(id(q))
        if memo is None:
            memo = self._docs[id(q)] = (q, self._match(q))
        return memo[1]

    def _match(self, q):
        kind = type(q)
        if q is wq.NullQuery:
            return frozenset()
        if kind is wq.Term:
            found = self._lookup(q.fieldname, q.text)
            return frozenset(self._read(q.fieldname, *found)[0]) if found is not None else frozenset()
        if kind is wq.And:
            parts = sorted((self.docs(s) for s in q.subqueries), key=len)
            return frozenset.intersection(*parts) if parts else frozenset()
        if kind is wq.Or:
            return frozenset().union(*(self.docs(s) for s in q.subqueries))
        if kind is wq.AndMaybe:
            return self.docs(q.a)
        if kind is wq.AndNot:
            return self.docs(q.a) - self.docs(q.b)
        if kind is wq.ConstantScoreQuery:
            return self.docs(q.child)
        if kind is Verified:
            return frozenset(q._kept(self.searcher, self._word_ids, self._doc_frequency, self._checked))
        raise TypeError(f"no bulk evaluation for {kind.__name__}")


class _Counts:
    """What Whoosh's estimate_size asks of a segment reader (the size of a query's parts, which
    orders how it adds them up), with each term's document frequency from the request's
    look-ups (_Segment._lookup) instead of the terms table each time."""

    def __init__(self, segment: _Segment):
        self._segment = segment
        self.schema = segment.reader.schema

    def doc_frequency(self, fieldname: str, text) -> int:
        field = self.schema[fieldname] if fieldname in self.schema else None
        if field is None or field.format is None:
            return self._segment.reader.doc_frequency(fieldname, text)    # raises as Whoosh does
        found = self._segment._lookup(fieldname, field.to_bytes(text) if isinstance(text, str) else text)
        return found[1].doc_frequency() if found is not None else 0

    def __getattr__(self, name):
        return getattr(self._segment.reader, name)


class _LengthNorms(dict):
    """Length byte → the part of BM25's denominator that depends on the field's length,
    K1 * ((1 - B) + B * fl / avgfl): the same for every term of a field, so worked out once
    per index and field (_length_norms) rather than once per posting."""

    def __init__(self, avgfl: float, B: float, K1: float):
        super().__init__()
        self.avgfl, self.B, self.K1 = avgfl, B, K1

    def __missing__(self, length_byte):
        # W3PerDocReader.doc_field_length: length byte 0 reads as no length (None), which
        # fails in Whoosh's bm25 as it does here.
        fl = byte_to_length(length_byte) if length_byte else None
        B = self.B
        norm = self[length_byte] = self.K1 * ((1 - B) + B * fl / self.avgfl)
        return norm


def _average_length(top, fieldname: str) -> float | None:
    """top.avg_field_length(fieldname), worked out once a searcher (a pooled searcher serves
    request after request, and Whoosh sums every segment's lengths each time it is asked)."""
    lengths = top.__dict__.setdefault("_termsearch_average_lengths", {})
    try:
        return lengths[fieldname]
    except KeyError:
        found = lengths[fieldname] = top.avg_field_length(fieldname)
        return found


_NORMS: dict[tuple[float, float, float], _LengthNorms] = {}
_MAX_NORMS = 64             # (average length, B, K1) sets kept: one per field of each index served


def _length_norms(avgfl: float, B: float, K1: float) -> _LengthNorms:
    """The norms of one field of one index, shared by every request (at most 256 floats each;
    an index's average lengths change only when it is rebuilt)."""
    key = (avgfl, B, K1)
    norms = _NORMS.get(key)
    if norms is None:
        if len(_NORMS) >= _MAX_NORMS:
            _NORMS.clear()
        norms = _NORMS[key] = _LengthNorms(avgfl=avgfl, B=B, K1=K1)
    return norms


def _bm25(weights, doc_norms, idf: float, K1: float, boost: float):
    """Each posting's BM25F score by Whoosh's own formula (whoosh.scoring.bm25:
    idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl))), the same operations in
    the same order, so the same floats), posting by posting in C: a common word's thousand
    distinct (weight, length) pairs cost a Python call each when scored one by one.
    `doc_norms`: each posting's K1 * ((1 - B) + B * fl / avgfl) (_LengthNorms)."""
    denominators = map(add, weights, doc_norms)
    scores = map(mul, repeat(idf), map(truediv, map(mul, weights, repeat(K1 + 1)), denominators))
    return scores if boost == 1.0 else map(mul, scores, repeat(boost))     # WrappingMatcher(boost)


def _union_tree(q, small_segment: bool) -> bool:
    """Whether Whoosh's Or (in a search: no current posting needed) adds along a tree of
    UnionMatchers, or else pre-loads the parts' scores into an array (ArrayUnionMatcher)."""
    if q.matcher_type == wq.Or.AUTO_MATCHER:
        return len(q.subqueries) < wq.Or.TOO_MANY_CLAUSES and (len(q.subqueries) == 2 or not small_segment)
    return q.matcher_type == wq.Or.DEFAULT_MATCHER


def _tree(subs, weights, evaluate, combine):
    """Whoosh's make_weighted_tree: repeatedly combine the two lightest parts (`weights()` gives
    each part's weight). Matchers never compare as smaller than one another, so equal weights
    keep their order, and a combined part goes after the parts of equal weight.

    Two parts are combined as they come: a + b is b + a (floating-point addition commutes;
    only three parts or more can be added in an order that changes a sum), so their sizes are
    not worked out (a word cut several ways OR its characters sized ~50 nodes, ~0.4 ms)."""
    if len(subs) == 2:
        return combine(evaluate(subs[0]), evaluate(subs[1]))
    parts = sorted(zip(weights(), range(len(subs))), key=lambda wi: wi[0])
    queue = [(w, evaluate(subs[i])) for w, i in parts]
    while len(queue) > 1:
        (wa, a), (wb, b) = queue[0], queue[1]
        del queue[:2]
        w = wa + wb
        at = bisect_right([x for x, _ in queue], w)
        queue.insert(at, (w, combine(a, b)))
    return queue[0][1]


def _add_lists(a: list[float], b: list[float]) -> list[float]:
    return list(map(add, a, b))


def _sum_both(a: dict, b: dict) -> dict:
    """IntersectionMatcher: documents in both, a's score + b's."""
    if not a or not b:
        return {}
    both = list(a.keys() & b.keys())
    return dict(zip(both, map(add, map(a.__getitem__, both), map(b.__getitem__, both))))


def _sum_either(a: dict, b: dict) -> dict:
    """UnionMatcher: documents in either; the sum where in both."""
    if not a:
        return b
    if not b:
        return a
    both = list(a.keys() & b.keys())
    found = {**a, **b}
    found.update(zip(both, map(add, map(a.__getitem__, both), map(b.__getitem__, both))))
    return found


def _sum_maybe(a: dict, b: dict) -> dict:
    """AndMaybeMatcher: a's documents; b's score added where b matches too."""
    if not a or not b:
        return a
    both = list(a.keys() & b.keys())
    if not both:
        return a
    found = dict(a)
    found.update(zip(both, map(add, map(a.__getitem__, both), map(b.__getitem__, both))))
    return found


def _without(a: dict, excluded) -> dict:
    """AndNotMatcher: a's documents and scores, less the excluded documents."""
    dead = a.keys() & excluded
    if not dead:
        return a
    found = dict(a)
    for doc in dead:
        del found[doc]
    return found


def _scaled(found: dict, boost: float) -> dict:
    if boost == 1.0:
        return found
    return dict(zip(found.keys(), map(boost.__rmul__, found.values())))
