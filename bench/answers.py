#!/usr/bin/env python3
"""Every answer of a query set, written down to compare two versions of the query path (issue 18.2).

    .venv/bin/python bench/answers.py --index DIR --out FILE [--rare 60] [--seed 18]
    .venv/bin/python bench/answers.py --index DIR --compare FILE

For the benchmark's queries (bench/queries.txt), `--rare` rare words (as bench/latency.py draws
them) and ambiguous pinyin (bench/ambiguous_cpu.py's), writes each search's hits (document,
paragraph, score, snippet), total, glossary terms and interpretation: page one, page one with
facets (document and section counts), and page two. `--compare` answers again with the code on
PYTHONPATH (or installed) and prints every query whose answer differs from FILE's; exit 1 if
any does. A speed-up of the query path must leave them all the same.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import ambiguous_cpu  # noqa: E402
import latency  # noqa: E402
import run as bench_run  # noqa: E402


def answer(result) -> dict:
    return {"total": result.total, "terms_total": result.terms_total,
            "terms": [t["id"] for t in result.terms],
            "interpretation": result.interpretation,
            "facets": result.facets,
            "hits": [[h.document, h.paragraph, h.score, h.snippet, h.terms] for h in result.hits]}


def answers(engine, queries: list[str]) -> dict:
    out = {}
    for q in queries:
        out[q] = {"first": answer(engine.search(q, limit=10)),
                  "facets": answer(engine.search(q, limit=10, facets=True)),
                  "second": answer(engine.search(q, limit=10, offset=10))}
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("--queries", type=Path, default=HERE / "queries.txt")
    p.add_argument("--rare", type=int, default=60)
    p.add_argument("--seed", type=int, default=18)
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("--out", type=Path, help="write the answers here")
    out.add_argument("--compare", type=Path, help="compare with the answers written here")
    args = p.parse_args(argv)

    from termsearch import Engine

    engine = Engine(args.index)
    queries = [q for _, q in bench_run.load_queries(args.queries)]
    queries += latency.rare_words(engine, args.rare, args.seed) + list(ambiguous_cpu.QUERIES)
    queries = list(dict.fromkeys(queries))
    found = json.loads(json.dumps(answers(engine, queries), ensure_ascii=False))    # tuples as lists
    if args.out:
        args.out.write_text(json.dumps(found, ensure_ascii=False, indent=0), encoding="utf-8")
        print(f"{len(found)} queries × 3 searches written to {args.out}")
        return 0
    before = json.loads(args.compare.read_text(encoding="utf-8"))
    differ = [q for q in dict.fromkeys([*before, *found]) if before.get(q) != found.get(q)]
    for q in differ:
        for page in ("first", "facets", "second"):
            a, b = (before.get(q) or {}).get(page), (found.get(q) or {}).get(page)
            if a != b:
                print(f"{q!r} {page}: differs")
    print(f"{len(found)} queries × 3 searches: {len(differ)} differ from {args.compare}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
