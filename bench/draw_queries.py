#!/usr/bin/env python3
"""Draws a query set like bench/queries.txt's common kinds from the corpus, for checking a
change tuned on that set on queries nobody looked at.

    .venv/bin/python bench/draw_queries.py [--corpus ../shared/corpus] [--seed 7] > bench/queries_heldout.txt

Words of two characters or more that jieba cuts from 120 files picked at random (the first
60,000 characters of each), and pairs of such words in a row; skipping the 40 commonest words
and 20 commonest pairs, and anything bench/queries.txt asks. Then 15 words and 15 pairs in
Simplified, 10 pairs in Traditional (OpenCC s2t), 8 as plain spaced pinyin, 8 as quoted phrases.
"""
from __future__ import annotations

import argparse
import collections
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _han(word: str) -> bool:
    return len(word) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in word)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path, default=HERE.parent.parent / "shared" / "corpus")
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args(argv)
    import jieba
    import opencc
    import pypinyin

    files = sorted(args.corpus.glob("*/*.txt")) + sorted(args.corpus.glob("*/*/*.txt"))
    if not files:
        raise SystemExit(f"draw_queries: no .txt files under {args.corpus}")
    rng = random.Random(args.seed)
    rng.shuffle(files)
    words: collections.Counter = collections.Counter()
    pairs: collections.Counter = collections.Counter()
    jieba.setLogLevel(60)
    for path in files[:120]:
        cut = list(jieba.cut(path.read_text(encoding="utf-8", errors="ignore")[:60_000]))
        for word, after in zip(cut, cut[1:]):
            if _han(word):
                words[word] += 1
                if _han(after):
                    pairs[word + after] += 1
    asked = {line.split(" ", 1)[1].strip() for line in (HERE / "queries.txt").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#") and " " in line}
    common_words = [w for w, _ in words.most_common(400) if w not in asked][40:]
    common_pairs = [w for w, _ in pairs.most_common(400) if w not in asked][20:]
    s2t = opencc.OpenCC("s2t")
    print(f"# Drawn by bench/draw_queries.py --seed {args.seed} from {args.corpus.name}: never tuned on.")
    for word in rng.sample(common_words, 15):
        print("simplified", word)
    for pair in rng.sample(common_pairs, 15):
        print("simplified", pair)
    for pair in rng.sample(common_pairs, 10):
        print("traditional", s2t.convert(pair))
    for pair in rng.sample(common_pairs, 8):
        print("pinyin-plain", " ".join(pypinyin.lazy_pinyin(pair)))
    for pair in rng.sample(common_pairs, 8):
        print("phrase", f'"{pair}"')
    return 0


if __name__ == "__main__":
    sys.exit(main())
