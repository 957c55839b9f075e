"""What fills page one besides the word meant (issue 13's "top ten holding the word").

    .venv/bin/python bench/holding_losses.py --index DIR [--seed 13 14 15] [--form spaced|joined|initials|slip]
                                             [--draw issue] [--half tuning|held-out|all]

For each word of bench/quality.py's set (the same draw and seeds) typed in `--form`, every place of
the first ten hits that does not hold the word is put in one of three kinds, by what the paragraph
holds of the words the letters were read as (the interpretation's words):

    commoner      another reading used at least as often as the word meant (加碘 meant, 家电 shown)
    rarer         only readings used less often than the word meant (复杂性 meant, 辅助性 shown)
    none read     none of the words read (a paragraph found by characters, pieces or runs)

and the share holding the word is given by how many words the letters read as (1, 2, 3, 4 or
more): were each reading as likely to be the one meant (the issue's draw takes every word as
likely), page one's order could not move the mean share holding the word of a query read as R
words far from 1/R of the places its readings fill, whatever share each reading is given; only
fewer readings, or paragraphs holding several readings, raise it. The `uniform` column is that
figure for each query (the mean over its readings of the places each holds on page one), beside
the share measured for the word drawn.

Last, what reading fewer words would buy: were page one given to the commonest reading alone
(the others still said, a click away), the share holding the word (1 where the word meant is
the commonest, else 0, for queries read as several words; as now for the rest) and how many of
the words found in the first ten now would be lost (those meant but not the commonest).
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import quality  # noqa: E402

PAGE = 10
KINDS = ("word", "commoner", "rarer", "none read")


def place_kind(norm_text: str, word: str, read_as: list[str], count) -> str:
    """What one hit of page one is for the word meant `word` (normalised)."""
    if word in norm_text:
        return "word"
    held = [w for w in read_as if w != word and w in norm_text]
    if not held:
        return "none read"
    return "commoner" if any(count(w) >= count(word) for w in held) else "rarer"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("--seed", type=int, nargs="+", default=[13])
    p.add_argument("--draw", choices=("words", "uses", "issue"), default="issue")
    p.add_argument("--form", choices=("spaced", "joined", "initials", "slip"), default="spaced")
    p.add_argument("--half", choices=("tuning", "held-out", "all"), default="all")
    p.add_argument("--words", type=int, default=160)
    args = p.parse_args(argv)

    from termsearch.analysis import variants

    Engine, _, current_build = quality._library()
    if current_build(args.index) is None:
        p.error(f"no index at {args.index}")
    paragraphs = quality.paragraphs_of(args.index)
    norm_of = {p["id"]: p["norm"] for p in paragraphs}
    engine = Engine(args.index)
    count = engine.live().vocabulary.count
    places = Counter()
    by_readings: dict[str, list[tuple[float, float]]] = defaultdict(list)
    alone_holding, found_lost, asked = [], 0, 0
    for seed in args.seed:
        for item in quality.build_set(paragraphs, seed, args.words, args.draw):
            typed = item[args.form]
            if not typed or args.half not in ("all", item["half"]):
                continue
            result = engine.search(typed, limit=PAGE)
            if not result.hits:
                continue
            read_as = list(dict.fromkeys(variants.normalize(w)[0] for leaf in result.interpretation.get("leaves", [])
                                         for w in leaf.get("words", [])))
            texts = [norm_of.get(h.paragraph) or variants.normalize(h.text)[0] for h in result.hits]
            kinds = [place_kind(t, item["norm"], read_as, count) for t in texts]
            places.update(kinds)
            held = sum(k == "word" for k in kinds) / len(kinds)
            readings = [w for w in read_as if count(w)] or [item["norm"]]
            uniform = sum(sum(w in t for t in texts) for w in readings) / len(readings) / len(texts)
            size = len(readings)
            asked += 1
            if size == 1:
                alone_holding.append(held)
            else:
                commonest = max(readings, key=lambda w: (count(w), -readings.index(w)))
                alone_holding.append(1.0 if commonest == item["norm"] else 0.0)
                found_lost += commonest != item["norm"] and item["paragraph"] in [h.paragraph for h in result.hits]
            by_readings["1" if size == 1 else "2" if size == 2 else "3" if size == 3 else "4+"].append((held, uniform))
    total = sum(places.values())
    print(f"{args.form}, seeds {' '.join(map(str, args.seed))}, draw {args.draw}, half {args.half}: "
          f"{total} places of page one")
    print("  " + " · ".join(f"{k} {places[k] / total:.3f}" for k in KINDS))
    print("  words read as   queries   holding the word   uniform (each reading as likely meant)")
    for size in ("1", "2", "3", "4+"):
        rows = by_readings.get(size, [])
        if rows:
            print(f"  {size:<14} {len(rows):>8}   {sum(h for h, _ in rows) / len(rows):>16.3f}   "
                  f"{sum(u for _, u in rows) / len(rows):.3f}")
    measured = sum(h for rows in by_readings.values() for h, _ in rows) / asked
    print(f"  holding the word {measured:.3f} now; were page one the commonest reading's alone: "
          f"{sum(alone_holding) / len(alone_holding):.3f}, and {found_lost} of {asked} words found in the first ten "
          f"now lost")
    return 0


if __name__ == "__main__":
    sys.exit(main())
