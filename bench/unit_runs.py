"""Initials typed for a run that jieba cuts into a character and a word (issue 13): 稳就业 typed `wjy`.

    .venv/bin/python bench/unit_runs.py --index DIR [--seed 13] [--least 3] [--show]

Which runs are units is what the build guesses (analysis/unit_runs.py), so the runs asked about
here are chosen by another sign: the writers put them in quotation marks. Drawn: every quoted
span of 3 or 4 Han characters (“稳就业”) in at least `--least` paragraphs, that is no word of the
index and that jieba cuts into two words, one a single character; typed as the initials a reader
reads for it (pypinyin, by phrase). The spans are shuffled with `--seed` and split in two halves:
the first was read to tune, the second is held out. Printed for each half: how many find the
span in the first ten hits at all, and the share of the first ten holding it; each span's line
with `--show`.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from quality import paragraphs_of, toneless_reading  # noqa: E402

_QUOTED = re.compile("|".join(f"{o}([\u4e00-\u9fff]{{3,4}}){c}" for o, c in ("“”", "‘’", "「」", "『』", '""')))


def draw_spans(paragraphs: list[dict], vocabulary, least: int) -> list[dict]:
    import jieba

    quoted = sorted({span for p in paragraphs for m in _QUOTED.finditer(p["norm"]) for span in m.groups() if span})
    found = []
    for span in quoted:
        if vocabulary.count(span):
            continue
        words = jieba.lcut(span)
        if len(words) != 2 or min(map(len, words)) != 1:
            continue
        held = sum(span in p["norm"] for p in paragraphs)
        if held >= least:
            found.append({"span": span, "initials": "".join(s[0] for s in toneless_reading(span)), "paragraphs": held})
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", required=True)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--least", type=int, default=3)
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()

    from termsearch import Engine
    from termsearch.analysis import variants

    engine = Engine(args.index)
    spans = draw_spans(paragraphs_of(Path(args.index)), engine.live().vocabulary, args.least)
    random.Random(args.seed).shuffle(spans)
    half = (len(spans) + 1) // 2
    for name, part in (("tuned half", spans[:half]), ("held out", spans[half:])):
        found = []
        for item in part:
            result = engine.search(item["initials"], limit=10)
            holding = [item["span"] in variants.normalize(h.text)[0] for h in result.hits]
            found.append((any(holding), sum(holding) / 10))
            if args.show:
                print(f"{name:10s} {item['initials']:6s} {item['span']}  {item['paragraphs']:4d} paragraphs: "
                      f"first ten hold it {sum(holding) / 10:.1f}; read as {result.interpretation['description']}")
        if found:
            print(f"{name:10s} {len(found):3d} spans: found in the first ten {sum(f for f, _ in found) / len(found):.3f}, "
                  f"share of the first ten holding it {sum(s for _, s in found) / len(found):.3f}")


if __name__ == "__main__":
    main()
