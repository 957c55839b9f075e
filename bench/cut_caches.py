#!/usr/bin/env python3
"""What the cutting caches (analysis/segment.py's lru caches) cost a writer, at a cap.

    PYTHONPATH=src .venv/bin/python bench/cut_caches.py TEXTS [--cap N]

Analyses every line of TEXTS (a build's texts.txt: one paragraph a line) as a build's writer
does (analyzers.counted), with the run caches capped at N entries and the word caches at 2N
(0: the module's own caps), and prints how much the process grew (RSS), its CPU time and each
cache's hit rate. Run it at two caps in turns: the CPU times are noisy on a shared machine.
"""
from __future__ import annotations

import argparse
import gc
import time
from functools import lru_cache
from pathlib import Path

RUN_CACHES = ("_cut_run",)
WORD_CACHES = ("_index_forms", "_sub_words", "_is_word")


def rss_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) // 1024
    return 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("texts", type=Path)
    p.add_argument("--cap", type=int, default=0)
    args = p.parse_args(argv)
    texts = args.texts.read_text(encoding="utf-8").splitlines()
    from termsearch.analysis import analyzers, segment, unit_runs

    if args.cap:
        for name in RUN_CACHES:
            setattr(segment, name, lru_cache(maxsize=args.cap)(getattr(segment, name).__wrapped__))
        for name in WORD_CACHES:
            setattr(segment, name, lru_cache(maxsize=2 * args.cap)(getattr(segment, name).__wrapped__))
    segment.load()
    segment.two_character_words()
    gc.disable()            # as in a build's writer
    base = rss_mb()
    unit_runs.start()
    segment.start_words_across_cuts()
    started = time.process_time()
    for text in texts:
        analyzers.counted(text, "doc")
    cpu = time.process_time() - started
    rates = {}
    for name in (*RUN_CACHES, *WORD_CACHES):
        info = getattr(segment, name).cache_info()
        rates[name] = f"{100 * info.hits / max(1, info.hits + info.misses):.0f}%"
    print(f"cap {args.cap or 'default'}: {len(texts)} paragraphs, {sum(map(len, texts)):,} characters: "
          f"grew {rss_mb() - base} MB, CPU {cpu:.1f} s, hits {rates}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
