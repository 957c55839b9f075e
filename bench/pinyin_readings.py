#!/usr/bin/env python3
"""Index-time readings looked up directly against pypinyin's own, word for word.

    .venv/bin/python bench/pinyin_readings.py --index IX [--index IX2 …] [--text-runs N]

A build reads every word of its vocabulary (pinyin.readings): pypinyin's dictionaries are
looked up directly where that gives what pypinyin's pinyin() gives. This reads each word of an
index's vocabulary (vocab.json) both ways (the direct look-ups over all the words at once, then
pypinyin's pinyin() word by word, the reference) and prints how many differ, which, and the
CPU time of each way. With `--text-runs N`, also the first N runs of Han characters of the
index's paragraph texts (texts.txt), each read whole (as a reader page reads its text). Exits 1
when any word differs.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from termsearch.analysis import pinyin as pinyin_mod
from termsearch.analysis.chars import has_han
from termsearch.analysis.variants import to_simplified


def reference(word: str) -> list[str]:
    """What reading() gave before the direct look-ups: pypinyin's pinyin() on each Han run."""
    items: list[str] = []
    for index, part in enumerate(pinyin_mod._HAN_RUN.split(to_simplified(word))):
        items.extend(pinyin_mod._pypinyin_reading(part) if index % 2 else pinyin_mod._NON_HAN_ITEM.findall(part))
    return items


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--index", type=Path, action="append", required=True)
    p.add_argument("--text-runs", type=int, default=0, help="also this many Han runs of the paragraphs' texts")
    args = p.parse_args(argv)
    differ = 0
    for index in args.index:
        build = index / "builds" / (index / "CURRENT").read_text(encoding="utf-8").strip()
        words = [w for w in json.loads((build / "vocab.json").read_text(encoding="utf-8"))["words"] if has_han(w)]
        if args.text_runs:
            runs = pinyin_mod._HAN_RUN.findall((build / "texts.txt").read_text(encoding="utf-8"))
            words += list(dict.fromkeys(runs))[:args.text_runs]
        pinyin_mod._pypinyin_tables()
        reference(words[0])                     # both ways' imports paid before the clocks
        started = time.process_time()
        direct = pinyin_mod.readings(words)
        direct_s = time.process_time() - started
        started = time.process_time()
        expected = [reference(w) for w in words]
        reference_s = time.process_time() - started
        wrong = [(w, " ".join(e), " ".join(d)) for w, e, d in zip(words, expected, direct) if e != d]
        differ += len(wrong)
        print(f"{index}: {len(words):,} words with Han characters{' and text runs' if args.text_runs else ''}; {len(wrong)} read otherwise than pypinyin "
              f"reads them; CPU {direct_s:.2f} s direct, {reference_s:.2f} s pypinyin's pinyin()")
        for word, expect, got in wrong[:20]:
            print(f"  {word}: pypinyin {expect} · direct {got}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
