"""The commonest words' best hits written at build time (common_terms): a search for one of them
alone answers from the table exactly as it does by scoring, and a table that does not fit the
index is not used."""
from __future__ import annotations

import json
import shutil

import pytest

from whoosh import query as wq

from termsearch import common_terms
from termsearch import search as search_module
from termsearch.index_layout import INDEX_NAME, current_build
from termsearch.search import Engine


@pytest.fixture(scope="module")
def tabled(seed_index, tmp_path_factory):
    """A copy of the seed index whose table holds every word and character in 3 paragraphs or more."""
    index_dir = tmp_path_factory.mktemp("common") / "index"
    shutil.copytree(seed_index, index_dir)
    build = current_build(index_dir)
    counts = json.loads((build / "vocab.json").read_text(encoding="utf-8"))["words"]
    written = common_terms.write(build, build / INDEX_NAME, counts, common_from=3)
    assert written["terms"] > 20
    return index_dir


def _answer(result):
    return (result.total, [(h.document, h.paragraph, h.score) for h in result.hits])


def test_a_common_word_alone_is_answered_from_the_table_as_by_scoring(seed_index, tabled, monkeypatch):
    scored, from_table, by_whoosh = Engine(seed_index), Engine(tabled), Engine(seed_index, bulk=False)
    table = from_table.live().common
    assert table and not scored.live().common         # the seed index's own build has no word that common
    records = json.loads((current_build(tabled) / common_terms.TABLE).read_text(encoding="utf-8"))["records"]
    # Also two-character words searched in both the words' and the characters' index.
    both = sorted(records.get(common_terms.BOTH_FIELDS, {}))[:10]
    assert both
    queries = sorted(records["text"])[:25] + sorted(records["chars"])[:15] + both
    used, with_terms = [], []
    original = table.ranked
    table.ranked = lambda q, limit: used.append(q) or original(q, limit)
    from_table_of = search_module._from_table

    def spy(common, bulk, query, depth):
        found = from_table_of(common, bulk, query, depth)
        if found is not None and type(query) is wq.AndMaybe:
            with_terms.append(query)
        return found
    monkeypatch.setattr(search_module, "_from_table", spy)
    for q in queries:
        for limit, offset in ((10, 0), (5, 5), (1, 0)):
            expected = _answer(scored.search(q, limit=limit, offset=offset))
            assert _answer(from_table.search(q, limit=limit, offset=offset)) == expected, q
            assert _answer(by_whoosh.search(q, limit=limit, offset=offset)) == expected, q
        # Facets and filters are counted as before (the table holds no counts).
        document = scored.search(q, limit=1).hits[0].document
        assert from_table.search(q, limit=10, facets=True).facets == scored.search(q, limit=10, facets=True).facets
        assert _answer(from_table.search(q, document=document)) == _answer(scored.search(q, document=document))
    answered = {common_terms._key(q) for q in used if original(q, 10) is not None}
    assert len(answered) >= 20                                                  # the table answered
    assert any(field == common_terms.BOTH_FIELDS for field, _ in answered)      # also for both indexes
    assert with_terms           # also for a word and maybe the glossary terms it found (their definitions)


def test_a_table_that_does_not_fit_the_index_is_not_used(tabled, tmp_path):
    index_dir = tmp_path / "index"
    shutil.copytree(tabled, index_dir)
    table_file = current_build(index_dir) / common_terms.TABLE
    table = json.loads(table_file.read_text(encoding="utf-8"))
    table["fingerprint"][0][2] += 1               # as if its segment had another paragraph
    table_file.write_text(json.dumps(table), encoding="utf-8")
    assert not Engine(index_dir).live().common


def test_a_lost_records_file_leaves_the_search_to_scoring(seed_index, tabled, tmp_path):
    index_dir = tmp_path / "index"
    shutil.copytree(tabled, index_dir)
    (current_build(index_dir) / common_terms.RECORDS).unlink()
    word = sorted(json.loads((current_build(index_dir) / common_terms.TABLE).read_text(encoding="utf-8"))
                  ["records"]["text"])[0]
    assert _answer(Engine(index_dir).search(word)) == _answer(Engine(seed_index).search(word))


def test_a_build_writes_the_table(write_report, tmp_path, monkeypatch):
    from termsearch.index_build import build

    monkeypatch.setattr(common_terms, "COMMON_FROM", 2)
    report = write_report("2024年政府工作报告.txt", "一、发展\n发展经济。\n发展社会。\n发展文化。\n")
    build([report], tmp_path / "index")
    table = json.loads((current_build(tmp_path / "index") / common_terms.TABLE).read_text(encoding="utf-8"))
    assert "发展" in table["records"]["text"]
    engine = Engine(tmp_path / "index")
    assert engine.live().common
    assert _answer(engine.search("发展")) == _answer(Engine(tmp_path / "index", bulk=False).search("发展"))
    assert engine.search("发展").total == 3


def test_writing_the_table_leaves_no_cyclic_garbage_for_a_build_without_cyclic_collection(tabled, tmp_path):
    # A build runs with cyclic collection off; each term's evaluator left cycles behind, and on
    # the whole corpus the builder held 3.2 GB of them (bench/build_memory.py: tree 917 -> 3,550 MB).
    # In a process of its own: collection is off for the whole interpreter, so any other
    # test's thread still running (a server's warm-up) would add its garbage to the count.
    import subprocess
    import sys

    build = current_build(tabled)
    copy = tmp_path / "build"
    shutil.copytree(build, copy)
    child = """
import gc, json, sys
from pathlib import Path
from termsearch import common_terms
from termsearch.index_layout import INDEX_NAME
copy = Path(sys.argv[1])
counts = json.loads((copy / "vocab.json").read_text(encoding="utf-8"))["words"]
gc.collect()
gc.disable()
written = common_terms.write(copy, copy / INDEX_NAME, counts, common_from=3)
print(json.dumps({"terms": written["terms"], "left": gc.collect()}))
"""
    out = subprocess.run([sys.executable, "-c", child, str(copy)], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    written, left = result, result["left"]
    assert written["terms"] > 20
    assert left < written["terms"]          # not a cycle or more per term


def test_a_build_over_a_look_up_worker_writes_what_one_process_writes(write_report, tmp_path, monkeypatch):
    """Where a worker looks words up, it also writes the commonest words' table: the table, the
    readings, glosses and English senses are those of a build in one process."""
    from termsearch import index_build

    monkeypatch.setattr(common_terms, "COMMON_FROM", 2)
    report = write_report("2024年政府工作报告.txt", "一、发展\n发展经济，银行。\n发展社会。\n发展文化，重庆。\n")
    index_build.build([report], tmp_path / "one", workers=1)
    monkeypatch.setattr(index_build, "PARALLEL_WORDS", 1)      # a worker even for these few words
    pools = []
    real_pool = index_build._lookup_pool
    monkeypatch.setattr(index_build, "_lookup_pool", lambda workers: pools.append(workers) or real_pool(workers))
    index_build.build([report], tmp_path / "two", workers=2)
    assert pools == [1]
    one, two = current_build(tmp_path / "one"), current_build(tmp_path / "two")
    for name in ("readings.json", "glosses.json", "english.json", "pinyin.json", common_terms.RECORDS):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    tables = [json.loads((b / common_terms.TABLE).read_text(encoding="utf-8")) for b in (one, two)]
    assert "发展" in tables[1]["records"]["text"]
    assert tables[0]["records"] == tables[1]["records"]
    assert Engine(tmp_path / "two").search("发展").total == 3
