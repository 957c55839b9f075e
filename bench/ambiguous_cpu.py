"""CPU time of ambiguous pinyin queries (issue 13: homophones ranked by use stay within today's latency).

    .venv/bin/python bench/ambiguous_cpu.py --index DIR [--passes 5] [--slips]

Pinyin that reads as several words of the corpus, from 2 to 12 words and up to thousands of
paragraphs, each searched once to warm up and then `--passes` times; prints the process CPU time
per query (CPU, not wall time: the machine may be shared). To compare with another commit, run it
with that commit's `src` first on PYTHONPATH. `--slips` times pinyin with one slip instead (read
as the pinyin one slip away, or as initials that find nothing and are then mended).
"""
from __future__ import annotations

import argparse
import sys
import time

QUERIES = ("shiwu", "yizhi", "fangzhi", "jianguan", "weiwen", "yuyan", "shili", "jinzhi", "zhiji",
           "yifa", "jingji", "fazhan", "shi", "li", "zhi")
SLIPS = ("meiyanqiye", "huila", "yuzhon", "nbya", "ylwang", "shengcnu", "gungdu", "liuchehng", "zheiang",
         "aohai", "xisban", "yuanjig", "shiiwu", "jinx", "shujning")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--index", required=True)
    p.add_argument("--passes", type=int, default=5)
    p.add_argument("--slips", action="store_true", help="time pinyin with one slip instead")
    args = p.parse_args(argv)
    queries = SLIPS if args.slips else QUERIES

    from termsearch import Engine

    engine = Engine(args.index)
    for q in queries:
        engine.search(q, limit=10)
    started = time.process_time()
    for _ in range(args.passes):
        for q in queries:
            engine.search(q, limit=10)
    per_query = (time.process_time() - started) / args.passes / len(queries)
    print(f"{len(queries)} {'slipped' if args.slips else 'ambiguous'} pinyin queries, {args.passes} passes: {per_query * 1000:.2f} ms CPU per query")
    return 0


if __name__ == "__main__":
    sys.exit(main())
