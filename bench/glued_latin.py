"""A Latin word of the text typed glued to characters (GDP增长, 人均GDP), issue 13.

    .venv/bin/python bench/glued_latin.py --index DIR [--seed 13] [--half tune|test|all] [--show]

Draws every form the text itself writes: an ASCII word of two or more letters that the index holds
as a word, directly before or after a word of Han characters as jieba cuts the text (人均GDP, GDP能耗), as the text writes it.
The forms are split in two halves by a seeded shuffle (tune on one, report the other). For each
form typed as written: whether every paragraph holding it is among the hits ("found"), and whether
the first hits are those paragraphs ("first hits hold it": the first min(10, n) hits all hold it),
and the searches' CPU time a query (the first search of each form, as a user types it once).
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from quality import paragraphs_of  # noqa: E402

_LATIN = re.compile(r"[A-Za-z]{2,}")
_HAN = re.compile(r"[\u4e00-\u9fff]{2,}")


def glued_forms(paragraphs: list[dict], vocabulary) -> dict[str, set[str]]:
    """form as written (case kept) → the ids of the paragraphs whose text holds it (any case)."""
    import jieba

    forms: dict[str, str] = {}
    for p in paragraphs:
        # The word a user would type beside the letters is the one jieba cuts there (人均GDP, not
        # the 均GDP of two characters across a word's edge).
        # The letters must be the whole ASCII run (PM of PM2.5 is not typed as PM).
        words = ["", *jieba.lcut(p["text"]), ""]
        for before, a, b, after in zip(words, words[1:], words[2:], words[3:]):
            for latin, han, beyond in ((a, b, before[-1:]), (b, a, after[:1])):
                if _LATIN.fullmatch(latin) and _HAN.fullmatch(han) and latin.lower() in vocabulary.words \
                        and not (beyond and (beyond.isascii() and beyond.isalnum() or beyond in ".+-_")):
                    form = a + b
                    forms.setdefault(form.lower(), form)
    held = defaultdict(set)
    # The letters' side only: GDP比重9% holds GDP比重, 全省PM2.5 does not hold 全省PM.
    whole = {key: re.compile((r"(?<![a-z0-9.+_\-])" if key[0].isascii() else "") + re.escape(key)
                             + (r"(?![a-z0-9.+_\-])" if key[-1].isascii() else "")) for key in forms}
    for p in paragraphs:
        low = p["norm"].lower()         # folded as the index folds it (ＧＤＰ is gdp)
        for key in forms:
            if key in low and whole[key].search(low):
                held[forms[key]].add(p["id"])
    return held


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--half", choices=["tune", "test", "all"], default="all")
    ap.add_argument("--show", action="store_true", help="each form's line")
    args = ap.parse_args()

    from termsearch import Engine

    engine = Engine(args.index)
    held = glued_forms(paragraphs_of(Path(args.index)), engine.live().vocabulary)
    forms = sorted(held)
    random.Random(args.seed).shuffle(forms)
    half = len(forms) // 2
    chosen = {"tune": forms[:half], "test": forms[half:], "all": forms}[args.half]
    found = clean = 0
    cpu = 0.0
    for form in chosen:
        gold = held[form]
        started = time.process_time()
        result = engine.search(form, limit=max(100, len(gold)))
        cpu += time.process_time() - started
        ids = [h.paragraph for h in result.hits]
        all_found = gold <= set(ids)
        first = ids[:min(10, len(gold))]
        first_hold = len(first) == min(10, len(gold)) and set(first) <= gold
        found += all_found
        clean += first_hold
        if args.show:
            print(f"{form:16s} {len(gold):3d} paragraphs, {result.total:4d} hits: found {all_found}, "
                  f"first hits hold it {first_hold}  ({result.interpretation.get('description', '')})")
    print(f"{args.half} half (seed {args.seed}): {len(chosen)} glued forms, all their paragraphs found {found}, "
          f"first hits hold it {clean}; CPU {1000 * cpu / max(1, len(chosen)):.2f} ms a query")


if __name__ == "__main__":
    main()
