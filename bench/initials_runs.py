"""Initials typed for two words side by side, where the letters are also a whole word's (issue 13).

    .venv/bin/python bench/initials_runs.py --index DIR [--seed 13] [--pairs 60] [--least 5]

`bench/quality.py` draws single words, so it never asks what `jjfz` finds when 经济发展 (two words
in a row, in hundreds of paragraphs) is meant and 经济犯罪 (a whole word with the same initials) is
not. This draws, with a fixed seed, `--pairs` distinct pairs of two-character words standing side
by side (as jieba cuts the text) in at least `--least` paragraphs, whose four initials are also the
initials of a word of the index, and types each as its initials. Printed: how many find the pair
in the first ten hits at all, and the share of the first ten holding it, over every pair and over
the pairs whose paragraphs outnumber every whole word of the same initials five times (where the
run is likelier meant than the word). Each pair's line with `--show`; with `--estimates`, how far
the query's estimate of a pair's paragraphs (from the index of character pairs) is from the count.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from quality import paragraphs_of  # noqa: E402

_HAN2 = re.compile(r"^[\u4e00-\u9fff]{2}$")


def draw_pairs(paragraphs: list[dict], vocabulary, seed: int, count: int, least: int) -> list[dict]:
    import jieba

    from termsearch.analysis import pinyin

    held: Counter = Counter()
    for p in paragraphs:
        words = jieba.lcut(p["norm"])
        held.update({(a, b) for a, b in zip(words, words[1:]) if _HAN2.match(a) and _HAN2.match(b)})
    by_initials = vocabulary.by_initials
    found = []
    for (a, b), paragraphs_held in sorted(held.items()):
        if paragraphs_held < least or not vocabulary.reading(a) or not vocabulary.reading(b):
            continue
        key = pinyin.initials(vocabulary.reading(a) + vocabulary.reading(b)).lower()
        whole = [w for w in by_initials.get(key, []) if len(w) >= 3]
        if whole:
            found.append({"pair": a + b, "initials": key, "paragraphs": paragraphs_held,
                          "whole": max(vocabulary.count(w) for w in whole)})
    return random.Random(seed).sample(found, min(count, len(found)))


def print_estimates(pairs: list[dict], vocabulary) -> None:
    """The paragraphs letter_reading.runs_outnumbering estimates for each pair (the same
    formula: the junction's paragraphs less its uses as a word, times the share of the last
    character's paragraphs holding the first word and of the first character's holding the
    second, at most the rarer word's uses), against the paragraphs the pair is in: log2 of
    estimate / count, median and 10th and 90th percentile, and how many are within 2x."""
    import math

    count = vocabulary.pair_count
    errors = []
    for item in pairs:
        a, b = item["pair"][:2], item["pair"][2:]
        junction = a[-1] + b[0]
        bound = max(0, count(junction) - vocabulary.count(junction)) \
            * min(1.0, count(a) / max(count(a[-1]), 1)) * min(1.0, count(b) / max(count(b[0]), 1))
        bound = min(bound, vocabulary.count(a), vocabulary.count(b))
        errors.append(math.log2(max(bound, 0.5) / item["paragraphs"]))
    errors.sort()
    n = len(errors)
    print(f"estimate / paragraphs, log2 over {n} pairs: median {errors[n // 2]:.2f}, "
          f"10th percentile {errors[n // 10]:.2f}, 90th {errors[9 * n // 10]:.2f}; "
          f"within 2x {sum(abs(e) <= 1 for e in errors)}, under by more {sum(e < -1 for e in errors)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", required=True)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--pairs", type=int, default=60)
    ap.add_argument("--least", type=int, default=5)
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--estimates", action="store_true",
                    help="also how far the query's estimate of each pair's paragraphs is from the count")
    args = ap.parse_args()

    from termsearch import Engine
    from termsearch.analysis import variants

    engine = Engine(args.index)
    pairs = draw_pairs(paragraphs_of(Path(args.index)), engine.live().vocabulary, args.seed, args.pairs, args.least)
    rows = {"all": [], "run likelier": []}
    for item in pairs:
        result = engine.search(item["initials"], limit=10)
        holding = [item["pair"] in variants.normalize(h.text)[0] for h in result.hits]
        share = sum(holding) / 10
        rows["all"].append((any(holding), share))
        if item["paragraphs"] > 5 * item["whole"]:
            rows["run likelier"].append((any(holding), share))
        if args.show:
            print(f"{item['initials']:8s} {item['pair']}  {item['paragraphs']:4d} paragraphs, whole word "
                  f"{item['whole']:4d} uses: first ten hold it {share:.1f}")
    if args.estimates:
        print_estimates(pairs, engine.live().vocabulary)
    for name, found in rows.items():
        if found:
            print(f"{name:14s} {len(found):3d} pairs: found in the first ten {sum(f for f, _ in found) / len(found):.3f}, "
                  f"share of the first ten holding it {sum(s for _, s in found) / len(found):.3f}")


if __name__ == "__main__":
    main()
