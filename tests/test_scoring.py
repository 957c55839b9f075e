"""scoring.Evaluator answers exactly as Whoosh's own searcher does: the same paragraphs in the
same order with the same scores, exact totals, the same counts by document and by section.

Compared on the seed index, on an index of three segments with deleted documents, and (slow)
on the reports corpus, whose segments are large enough for Whoosh to add scores differently.
Whoosh is the reference with two corrections the evaluator does not copy: hits come from
Whoosh scoring every hit (its top-N collector loses some at times, see whoosh_answer), and its
AndNotMatcher no longer keeps the first posting of a segment when the excluded list starts
before it (`疫情 NOT 防控` on the reports found a paragraph with 防控).
"""
import shutil

import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh import sorting
from whoosh.matching import AndNotMatcher

from conftest import CORPUS, SEED, WEB_REPORTS, shared_corpus
from termsearch import scoring
from termsearch.analysis import variants
from termsearch.index_build import build
from termsearch.index_layout import INDEX_NAME, current_build, write_sizes
from termsearch.query import parse
from termsearch.search import Engine, _within, ranked_query

QUERIES = [
    # Simplified, Traditional, variants, numbers, Latin
    "发展", "發展", "高质量发展", "高質量發展", "汽车城", "汽車城", "企业", "建设", "的", "5080", "2+2", "IP",
    "双万", "雙萬", "三区三线", "小巨人", "无废城市", "乡村振兴", "数字经济", "臺灣", "羣衆",
    # pinyin with tones, numbers, none, joined; initials; mixed; a typo
    "shuāng wàn", "shuang1wan4", "shuang wan", "shuangwan", "jing ji", "fa zhan", "gao zhi liang fa zhan",
    "gaozhiliangfazhan", "sqsx", "fz", "jj", "双wan", "经济 jiegou", "shuangwn",
    # English
    "enterprise", "economic development", "state-owned enterprises", "rural revitalization", "education",
    # quoted phrases
    '"高质量发展"', '"经济发展"', '“推进”', '"无废城市"建设',
    # AND / OR / NOT, parentheses
    "企业 AND 发展", "企业 OR 教育 OR 城市", "发展 NOT 经济", "发展 -企业", "(企业 OR 教育) AND 发展",
    "建设 OR 发展 OR 推进 OR 工程", "发展 NOT (企业 OR 城市)", "工作 NOT 工作",
]
LIMITS = [1, 7, 30, 10_000]
MATCHER_TYPES = {"auto": wq.Or.AUTO_MATCHER, "tree": wq.Or.DEFAULT_MATCHER, "array": wq.Or.ARRAY_MATCHER}


@pytest.fixture(autouse=True)
def and_not_keeps_no_excluded_posting(monkeypatch):
    def find_first(self):
        if self.a.is_active() and self.b.is_active():
            self._find_next()

    monkeypatch.setattr(AndNotMatcher, "_find_first", find_first)


@pytest.fixture(params=list(MATCHER_TYPES))
def matcher_type(request, monkeypatch):
    """Each way Whoosh may match an Or (its own choice, a tree, an array), in turn."""
    monkeypatch.setattr(wq.Or, "matcher_type", MATCHER_TYPES[request.param])
    return request.param


@pytest.fixture
def common_from_two(monkeypatch):
    """Every word of two paragraphs or more counted common, with postings decoded afresh; call
    it to size the kept weight tables (and the kept scores, when given). Gives postings.py."""
    from termsearch import postings

    monkeypatch.setattr(postings, "CACHED_FROM", 2)
    monkeypatch.setattr(postings, "TABLES_FROM", 2)
    monkeypatch.setattr(postings, "_decoded", postings.PostingsCache(postings.CACHED_POSTINGS))

    def sized(table_postings: int, score_postings: int | None = None):
        monkeypatch.setattr(postings, "_tables", postings.WeightTables(table_postings))
        if score_postings is not None:
            monkeypatch.setattr(postings, "_scores", postings.ScoreTables(score_postings))
        return postings
    return sized


@pytest.fixture(scope="module")
def segmented_index(tmp_path_factory):
    """The seed and the small reports, then paragraphs deleted and others deleted and added
    again, in two more commits: three segments, two of them with deletions."""
    index_dir = tmp_path_factory.mktemp("segmented")
    sources = tmp_path_factory.mktemp("segmented-sources")
    shutil.copy(SEED, sources)
    for path in WEB_REPORTS.iterdir():
        shutil.copy(path, sources)
    build([sources], index_dir)
    ix = whoosh_index.open_dir(current_build(index_dir) / INDEX_NAME)
    with ix.searcher() as searcher:
        stored = [(docnum, searcher.stored_fields(docnum)) for docnum in range(searcher.doc_count_all())]
        rows = list(searcher.reader().column_reader("row"))
    again = [(docnum, fields) for docnum, fields in stored[0::3] if docnum % 2]
    for changed in (stored[0::3], stored[1::3] + again[::2]):      # the second deletes from both segments
        with ix.reader() as reader:         # pid is stored, not indexed: find its documents
            live_docnums: dict[str, list[int]] = {}
            for docnum in reader.all_doc_ids():
                live_docnums.setdefault(reader.stored_fields(docnum)["pid"], []).append(docnum)
        writer = ix.writer()
        for docnum, fields in changed:
            for live in live_docnums.get(fields["pid"], []):
                writer.delete_document(live)
            if docnum % 2:          # half come back, in a new segment, with the same text and row
                writer.add_document(pid=fields["pid"], document=fields["document"], section=fields["section"],
                                    line=fields["line"], text=fields["text"], terms=fields["text"],
                                    row=rows[docnum])
        writer.commit(merge=False)
    write_sizes(current_build(index_dir))       # (the segments as they are now: else it reads as damaged)
    return index_dir


@pytest.fixture(params=["seed", "segmented"])
def any_engine(request, seed_index, segmented_index):
    return Engine(seed_index if request.param == "seed" else segmented_index)


def test_the_segmented_index_has_segments_and_deletions(segmented_index):
    engine = Engine(segmented_index)
    leaves = engine.searcher().leaf_searchers()
    assert len(leaves) == 3
    assert sum(s.reader().has_deletions() for s, _ in leaves) >= 2
    assert engine.searcher().doc_count() < engine.searcher().doc_count_all()


def whoosh_answer(searcher, query, limit):
    """Whoosh's best `limit` hits and total, from every hit scored: its top-N collector, which
    prunes sub-queries as the N-th score rises, loses hits at times (`企业 OR 教育 OR 城市` in
    the seed's one document, limit 1: not the best paragraph) and miscounts."""
    everything = searcher.search(query, limit=None)
    if limit >= searcher.doc_count():
        total = len(everything)         # what Whoosh counts when it collects everything
    else:
        total = len(set(searcher.docs_for_query(query)))
    return [(hit.docnum, hit.score) for hit in everything][:limit], total


def whoosh_counts(searcher, query, name):
    return searcher.search(query, limit=1, groupedby=sorting.FieldFacet(name), maptype=sorting.Count).groups(name)


def queries_of(engine, typed):
    """The paragraphs' query as Engine.search builds it, alone and with each kind of filter
    (by the document and the section of one of its hits)."""
    live = engine.live()
    parsed = parse(typed, live.vocabulary, live.texts)
    if parsed.query is None or parsed.query is wq.NullQuery:
        return None, []
    terms = engine._terms(live, typed, parsed) if not parsed.operators else []
    query = ranked_query(parsed, terms)
    searcher = engine.searcher()
    hits = searcher.search(query, limit=3)
    filters = [{}]
    if len(hits):
        last = hits[hits.scored_length() - 1]
        filters += [{"document": last["document"]}, {"section": last["section"]},
                    {"document": last["document"], "section": last["section"]}, {"document": "no-such-document"}]
    return query, [_within(query, **f) for f in filters]


def test_hits_scores_order_totals_and_counts_are_whoosh_s(any_engine, matcher_type):
    searcher = any_engine.searcher()
    found_any = 0
    for typed in QUERIES:
        _, filtered_queries = queries_of(any_engine, typed)
        for filtered in filtered_queries:
            assert scoring.supported(filtered, searcher), typed
            evaluator = scoring.Evaluator(searcher)
            for limit in LIMITS:
                expected = whoosh_answer(searcher, filtered, limit)
                assert evaluator.top(filtered, limit) == expected, (typed, filtered, limit)
                found_any += bool(expected[0])
            for name in ("document", "section"):
                got = evaluator.counts_by(filtered, name)
                want = whoosh_counts(searcher, filtered, name)
                assert list(got.items()) == list(want.items()), (typed, filtered, name)
    assert found_any > len(QUERIES) * len(LIMITS)        # the queries find something, mostly


@pytest.mark.parametrize("typed", QUERIES)
def test_a_search_answers_as_with_whoosh_alone(any_engine, typed):
    whoosh_alone = Engine(any_engine.index_dir, bulk=False)
    whoosh_alone._ranked = lambda searcher, bulk, query, limit: whoosh_answer(searcher, query, limit)
    first = any_engine.search(typed, limit=10, facets=True)
    for kwargs in ({}, {"offset": 5, "limit": 5}, {"offset": 30, "limit": 20}, {"limit": 0},
                   {"document": next(iter(first.facets["document"]), "")},
                   {"section": next(iter(first.facets["section"]), ""), "offset": 2}):
        kwargs = {"limit": 10, **kwargs}
        got = any_engine.search(typed, facets=True, **kwargs)
        want = whoosh_alone.search(typed, facets=True, **kwargs)
        assert [(h.paragraph, h.score) for h in got.hits] == [(h.paragraph, h.score) for h in want.hits], kwargs
        assert got.facets == want.facets and list(got.facets["section"]) == list(want.facets["section"])
        assert got.total == want.total, kwargs
        if not ({"document", "section"} & kwargs.keys()):
            assert got.total == sum(got.facets["document"].values())


def test_deleted_paragraphs_are_never_found(segmented_index):
    engine = Engine(segmented_index)
    searcher = engine.searcher()
    reader = searcher.reader()
    deleted = {docnum for docnum in range(searcher.doc_count_all()) if reader.is_deleted(docnum)}
    query = wq.Or([wq.Term("text", w) for w in ("发展", "建设", "企业", "推进")])
    hits, total = scoring.Evaluator(searcher).top(query, 10_000)
    assert total == len(hits) > 0
    assert not {doc for doc, _ in hits} & deleted
    everything, _ = scoring.Evaluator(searcher).top(wq.Or([query, wq.Term("text", "的")]), 10_000)
    assert len(everything) > len(hits)


def test_an_unknown_query_node_is_left_to_whoosh(engine, monkeypatch):
    searcher = engine.searcher()
    assert not scoring.supported(wq.Prefix("text", "发"), searcher)
    assert not scoring.supported(wq.And([wq.Term("text", "发展"), wq.DisjunctionMax([wq.Term("text", "的")])]), searcher)
    assert not scoring.supported(wq.Or([wq.Term("text", "发展"), wq.Term("text", "的")], scale=0.5), searcher)
    assert scoring.supported(wq.AndNot(wq.Term("text", "发展"), wq.NullQuery), searcher)
    # Engine.search then asks Whoosh, and answers all the same.
    monkeypatch.setattr(scoring, "supported", lambda query, searcher: False)
    assert engine.search("发展", limit=5).hits == Engine(engine.index_dir, bulk=False).search("发展", limit=5).hits


def test_a_phrase_finds_exactly_the_paragraphs_that_have_it(segmented_index):
    engine = Engine(segmented_index)
    live = engine.live()
    parsed = parse("高质量发展", live.vocabulary, live.texts)
    searcher = engine.searcher()
    reader = searcher.reader()
    written = variants.written_as([["高质量发展"]])
    expected = {doc for doc in range(searcher.doc_count_all())
                if not reader.is_deleted(doc) and written.search(searcher.stored_fields(doc)["text"])}
    hits, total = scoring.Evaluator(searcher).top(parsed.query, 100)
    assert {doc for doc, _ in hits} == expected and total == len(expected) > 3


@pytest.fixture(scope="module")
def reports_engine(tmp_path_factory):
    reports = shared_corpus(CORPUS / "reports")
    index_dir = tmp_path_factory.mktemp("reports-index")
    build([reports], index_dir)
    return Engine(index_dir)


@pytest.mark.slow
def test_on_the_reports_whose_segments_are_large(reports_engine, monkeypatch):
    searcher = reports_engine.searcher()
    assert max(s.doc_count_all() for s, _ in searcher.leaf_searchers()) > scoring.SMALL_SEGMENT
    for typed in QUERIES + ["人民", "经济", "社会主义", "改革开放", "jing ji fa zhan", "碳达峰 OR 碳中和", "疫情 NOT 防控"]:
        _, filtered_queries = queries_of(reports_engine, typed)
        for filtered in filtered_queries[:3]:
            evaluator = scoring.Evaluator(searcher)
            for limit in (10, 60):
                assert evaluator.top(filtered, limit) == whoosh_answer(searcher, filtered, limit), (typed, limit)
            got = evaluator.counts_by(filtered, "section")
            assert list(got.items()) == list(whoosh_counts(searcher, filtered, "section").items()), typed


def unusual_trees():
    t = lambda word, **kw: wq.Term("text", word, **kw)          # noqa: E731
    doc = "2023-dongguan-liaobu-government-work-report"
    return [
        wq.Or([t("发展"), t("建设"), t("企业")], boost=2.5),
        wq.And([t("发展"), wq.Or([t("建设"), t("推进")])], boost=0.5),
        # a part that takes score away: left to Whoosh where its pre-loaded Or sums to 0 or less
        wq.Or([wq.ConstantScoreQuery(wq.Term("document", doc), -3.0), t("发展"), t("建设")]),
        wq.Or([wq.ConstantScoreQuery(t("发展"), 2.0), t("企业"), t("推进", boost=0.1)]),
        wq.And([t("发展"), wq.NullQuery]), wq.Or([t("发展"), wq.NullQuery, t("建设")]), wq.Or([]), wq.And([]),
        wq.Or([t("发展")], boost=4.0), wq.Term("nosuchfield", "发展"), t("不存在的词"),
        wq.AndNot(wq.Or([t("发展"), t("建设"), t("企业")]), wq.Or([t("城市"), wq.And([t("推进"), t("工作")])])),
        wq.AndMaybe(t("企业"), wq.And([t("发展"), t("建设")])),
        wq.AndMaybe(t("企业"), wq.Or([wq.Term("terms", f"{doc}:g0{i}", boost=2.0) for i in range(1, 8)])),
        wq.Or([wq.Term("defines", f"{doc}:g0{i}", boost=3.0) for i in range(1, 8)] + [wq.Term("terms", f"{doc}:g01")]),
    ]


def test_unusual_trees_are_scored_and_counted_as_whoosh_does(any_engine, matcher_type):
    searcher = any_engine.searcher()
    left_to_whoosh = []
    for query in unusual_trees():
        assert scoring.supported(query, searcher), query
        try:
            for limit in (1, 5, 10_000):
                assert scoring.Evaluator(searcher).top(query, limit) == whoosh_answer(searcher, query, limit), query
            got = scoring.Evaluator(searcher).counts_by(query, "section")
        except scoring.Unsupported:
            left_to_whoosh.append(query)
            continue
        assert list(got.items()) == list(whoosh_counts(searcher, query, "section").items()), query
    negative = unusual_trees()[2]
    assert left_to_whoosh == ([] if matcher_type == "tree" else [negative])


def test_a_tree_the_evaluator_gives_up_on_is_searched_by_whoosh(engine, monkeypatch):
    def gives_up(self, query, limit):
        raise scoring.Unsupported("test")

    monkeypatch.setattr(scoring.Evaluator, "top", gives_up)
    got = engine.search("发展", limit=5, facets=True)
    want = Engine(engine.index_dir, bulk=False).search("发展", limit=5, facets=True)
    assert got.hits == want.hits and got.facets == want.facets and got.total == want.total > 5


class _LikeAMatcher:
    """Compares as Whoosh's matchers do: equal to one of its class, never smaller."""

    def __init__(self, name):
        self.name = name

    def __eq__(self, other):
        return type(other) is type(self)

    def __lt__(self, other):
        return False

    __hash__ = object.__hash__


def test_scores_are_added_along_whoosh_s_tree():
    from random import Random

    from whoosh.util import make_weighted_tree

    rng = Random(6)
    for _ in range(300):
        names = [f"m{i}" for i in range(rng.randint(2, 9))]
        weights = [rng.choice([-5, -3, 0, 2, 2, 7, 40]) for _ in names]
        joined = lambda a, b: _LikeAMatcher((a.name, b.name))              # noqa: E731
        want = make_weighted_tree(joined, [(w, _LikeAMatcher(n)) for w, n in zip(weights, names)])
        got = scoring._tree(names, lambda: weights, lambda name: name, lambda a, b: (a, b))
        if len(names) == 2:         # a + b is b + a: two parts are added in the order they come
            assert got == tuple(names), (weights, got)
        else:
            assert got == want.name, (weights, got, want.name)


def test_a_two_part_tree_is_added_without_sizing_its_parts(any_engine, monkeypatch):
    # Sizing is what orders the sums of three parts or more; a word cut several ways OR its
    # characters (two Verified nodes over ~50 nodes of cuts) paid it for nothing.
    live = any_engine.live()
    sized = []
    real_size = scoring._Segment.size
    monkeypatch.setattr(scoring._Segment, "size", lambda self, q: sized.append(q) or real_size(self, q))
    for typed in ["经济发展", "高质量发展", "企业 AND 发展"]:
        tree = parse(typed, live.vocabulary, live.texts).query
        assert isinstance(tree, (wq.Or, wq.And)) and len(tree.subqueries) == 2, tree
        evaluator = scoring.Evaluator(any_engine.searcher())
        assert evaluator.top(tree, 10)[1] > 0
        assert not [q for q in sized if q in tree.subqueries], typed


def test_a_term_s_scores_are_whoosh_s_bm25_to_the_last_bit():
    from random import Random

    from whoosh.scoring import bm25
    from whoosh.util.numeric import byte_to_length

    rng = Random(18)
    for _ in range(50):
        avgfl, B, K1 = rng.uniform(1, 400), rng.choice([0.0, 0.75, 1.0, rng.random()]), rng.uniform(0.5, 2.5)
        idf, boost = rng.uniform(0.01, 12), rng.choice([1.0, 0.5, 3.0])
        norms = scoring._length_norms(avgfl=avgfl, B=B, K1=K1)
        pairs = [(float(rng.randint(1, 40)), rng.randint(1, 255)) for _ in range(40)]
        got = list(scoring._bm25([w for w, _ in pairs], [norms[b] for _, b in pairs], idf=idf, K1=K1, boost=boost))
        for (weight, length_byte), score in zip(pairs, got, strict=True):
            want = bm25(idf, weight, byte_to_length(length_byte), avgfl, B, K1)
            want = want * boost if boost != 1.0 else want
            assert score == want


@pytest.mark.parametrize("block_size", [1, 128], ids=["merged", "whole"])
@pytest.mark.parametrize("word", ["的", "和"])
def test_a_word_read_among_candidates_again_and_again_gives_its_postings_of_them(segmented_index, word, block_size,
                                                                               monkeypatch):
    """A phrase's common word is read among the candidates of each cut of the words, then scored
    among the paragraphs kept: however its reads are shared (merged, or the list read whole when
    they touch most of its blocks), each gives that word's postings of those paragraphs (deleted
    ones left out), as a read of them alone does."""
    from termsearch import postings, whoosh_format

    monkeypatch.setattr(whoosh_format, "BLOCK_SIZE", block_size)
    engine = Engine(segmented_index)
    evaluator = scoring.Evaluator(engine.searcher())
    checked = 0
    for segment in evaluator.segments:
        btext, info = segment._lookup("text", word)
        docs = postings.postings(segment.reader, "text", btext, info=info)[0]
        if len(docs) < 8:
            continue
        for among in (docs[::7], docs[1::5] + [max(docs) + 1], docs[::7][:3], docs[::2], docs):
            wanted = postings.postings(segment.reader, "text", btext, among=sorted(among), info=info)
            ids, weights = segment._read_among("text", btext, info, frozenset(among))
            keep = [doc in among for doc in ids]
            assert ([d for d, k in zip(ids, keep) if k], [w for w, k in zip(weights, keep) if k]) == wanted
            assert set(wanted[0]) <= set(segment._word_ids(word, sorted(among)))
            checked += 1
    assert checked


def test_the_sizes_that_order_how_scores_are_added_are_whoosh_s_estimates(any_engine):
    # The evaluator works out each node's estimate_size itself (once a request): a size other
    # than Whoosh's would add a tree's scores in another order, and the floats could differ.
    from termsearch.query import parse

    searcher = any_engine.searcher()
    live = any_engine.live()
    typed = ["发展", "高质量发展", "经济 发展", "jing ji", "企业 OR 教育", "发展 NOT 经济", '"高质量发展"', "不在此"]
    parsed = [parse(q, live.vocabulary, live.texts).query for q in typed]
    trees = [*unusual_trees(), *(q for q in parsed if q is not None)]
    checked = 0
    for segment in scoring.Evaluator(searcher).segments:
        for tree in trees:
            stack = [tree]
            while stack:
                node = stack.pop()
                assert _outcome(segment.size, node) == _outcome(node.estimate_size, segment.reader), node
                stack.extend(node.children())
                checked += 1
    assert checked > 100


def _outcome(function, arg):
    try:
        return function(arg)
    except ValueError as error:         # an And of nothing: min() of no sizes, in either
        return type(error)


def test_every_document_s_stored_fields_read_by_hand_are_whoosh_s_own(segmented_index):
    # A hit's fields are read with one pread from the stored column where the segment keeps it
    # in a file of its own, by Whoosh where not: the same dict as reader.stored_fields for every
    # document of every segment, deleted ones too.
    from termsearch import whoosh_format

    reader = Engine(segmented_index).searcher().reader()
    stored = whoosh_format.StoredFields(reader)
    assert len(stored._segments) == 3 and stored._segments[0] is not None     # the build's, by hand
    documents = range(reader.doc_count_all())
    assert [stored(doc) for doc in documents] == [reader.stored_fields(doc) for doc in documents]
    assert all(stored(doc)["text"] for doc in documents)


def test_every_searcher_of_a_build_reads_stored_fields_from_one_copy_of_their_positions(segmented_index):
    # Each server thread has a searcher of its own; the stored column's offsets and lengths of a
    # segment (2.3 MB on the whole corpus) are held once for all of them, and each still reads
    # every document's fields as Whoosh does.
    from termsearch import whoosh_format

    engine = Engine(segmented_index)
    readers = [engine.reader().whoosh.searcher().reader() for _ in range(3)]
    columns = [whoosh_format.StoredFields(reader)._segments[0] for reader in readers]
    assert all(column is not None for column in columns)
    assert all(column[3] is columns[0][3] and column[4] is columns[0][4] for column in columns[1:])
    for reader in readers:
        stored = whoosh_format.StoredFields(reader)
        documents = range(reader.doc_count_all())
        assert [stored(doc) for doc in documents] == [reader.stored_fields(doc) for doc in documents]


def test_a_phrase_s_paragraphs_score_as_its_words_or_scores_them(any_engine, matcher_type):
    # A Verified node's kept paragraphs are scored as lists in their order (_kept_scores); the
    # same floats as its words' Or scored by document, 0.0 where none of them is (words missing
    # from some paragraphs or from the index included).
    live = any_engine.live()
    phrases = [node for typed in ["高质量发展", "jing ji fa zhan", "乡村振兴", "gao zhi liang fa zhan"]
               for node in _verified_nodes(parse(typed, live.vocabulary, live.texts).query)]
    assert len(phrases) >= 4
    compared = 0
    for segment in scoring.Evaluator(any_engine.searcher()).segments:
        for node in phrases:
            kept = node._kept(segment.searcher, segment._word_ids, segment.counts.doc_frequency, segment._checked)
            for words in (sorted({w for group in node.ways[0] for w in group}), node.words + ["不存在的词"]):
                words_or = wq.Or([wq.Term(node.field, w) for w in words])
                if not kept:
                    continue
                by_document = segment._score(words_or, frozenset(kept))
                assert segment._kept_scores(words_or, kept) == [by_document.get(doc, 0.0) for doc in kept]
                compared += len(kept)
    assert compared > 20


def _verified_nodes(q):
    if isinstance(q, scoring.Verified):
        return [q]
    return [node for sub in getattr(q, "subqueries", ()) for node in _verified_nodes(sub)]


@pytest.mark.parametrize("table_postings", [80, 10**6], ids=["pushed-out", "all-kept"])
def test_phrases_of_common_words_read_from_their_kept_tables_answer_as_whoosh_does(any_engine, table_postings,
                                                                                   common_from_two, monkeypatch):
    # A phrase's common words are looked up in tables {document: weight} kept between requests
    # (postings.weight_table), to narrow its candidates and to score them. Here every word of
    # two paragraphs or more is common, and the tables hold either 80 postings in all (each
    # word's of 10 paragraphs at most, pushed out and made again) or every word's.
    postings = common_from_two(table_postings)
    made = []
    real_put = postings._tables.put
    monkeypatch.setattr(postings._tables, "put", lambda *args: made.append(args[2]) or real_put(*args))
    searcher = any_engine.searcher()
    for typed in ["高质量发展", "高質量發展", '"经济发展"', "jing ji fa zhan", "乡村振兴", "gao zhi liang fa zhan",
                  "数字经济", "经济 jiegou", "发展 NOT 经济"]:
        _, filtered_queries = queries_of(any_engine, typed)
        for filtered in filtered_queries:
            for limit in LIMITS:
                evaluator = scoring.Evaluator(searcher)
                assert evaluator.top(filtered, limit) == whoosh_answer(searcher, filtered, limit), (typed, limit)
            for name in ("document", "section"):
                got = scoring.Evaluator(searcher).counts_by(filtered, name)
                assert list(got.items()) == list(whoosh_counts(searcher, filtered, name).items()), (typed, name)
    assert len(made) > 10                # (the tables were used)
    assert postings._tables.size <= table_postings


@pytest.mark.parametrize("score_postings", [80, 10**6], ids=["pushed-out", "all-kept"])
def test_common_words_scored_from_their_kept_scores_answer_as_whoosh_does(any_engine, score_postings, common_from_two,
                                                                         monkeypatch):
    # A common word's BM25 scores are kept between requests (postings.score_table), for scoring
    # it whole (jingji: 经济's thousands of paragraphs) and among a phrase's candidates. Here
    # every word of two paragraphs or more is common, and the kept scores hold either 80
    # postings in all (made again and again) or every word's: the answers are Whoosh's, boosts
    # (English words' Chinese, OR within a term's uses) included, asked once and again.
    postings = common_from_two(10**6, score_postings)
    made = []
    real_keep = postings._scores.keep
    monkeypatch.setattr(postings._scores, "keep", lambda *args: made.append(args[2]) or real_keep(*args))
    searcher = any_engine.searcher()
    for _ in range(2):
        for typed in [*QUERIES, "jingji", "jing ji fa zhan", "高质量发展", "rural revitalization", "经济 jiegou"]:
            _, filtered_queries = queries_of(any_engine, typed)
            for filtered in filtered_queries:
                for limit in (7, 10_000):
                    evaluator = scoring.Evaluator(searcher)
                    assert evaluator.top(filtered, limit) == whoosh_answer(searcher, filtered, limit), (typed, limit)
    assert len(made) > 10                # (the kept scores were used)
    assert postings._scores.size <= score_postings
