"""Why letters typed miss the word's paragraph (issue 13): bench/quality.py's misses, classified.

    .venv/bin/python bench/letter_misses.py --index DIR [--seed 13 14 15] [--form initials|spaced|joined|slip]
                                            [--draw issue] [--show]

For each word of quality.py's set (the same draw and seed) whose paragraph is not among the first
ten hits of its letters, says which of three it is:

    not read      the word is not among the words the letters were read as
    past ten      its paragraph is past the tenth of the word's own hits (its characters typed miss
                  it too): no sharing of page one can help, only the ranking of the word's own
                  paragraphs (`within ten by uses`: it would be in the first ten were the word's
                  hits ordered by how many times each paragraph uses it, as the set draws a use)
    shared        the characters find it in their first ten, but the letters read as the word and
                  others, and page one gave the word fewer places than that place needs (`needs`)

with the word's paragraphs, page one's places by word, the places among its own hits that score as
its paragraph does (a tie-break decides among those only), and the counts by kind. Read only the misses
of the seeds you tune on: `--show` prints each.

`--ranks` asks whether the characters' ranking itself is to blame for `past ten`: over every word
of the form (found or not) whose characters find 11 to 100 paragraphs, the word's paragraph's place
among them as a share of their number ((place - 0.5) / paragraphs): 0.5 on average were the ranking
blind to which paragraph the set drew, less where it ranks that paragraph above chance.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import quality  # noqa: E402

PAGE = 10


def classify(word: str, read_as: list[str], own_rank: int | None) -> str:
    """The kind of a miss: `read_as` the words the letters were read as, `own_rank` the word's
    paragraph's place among the characters' hits (0 first; None: not among the first hundred)."""
    if word not in read_as:
        return "not read"
    if own_rank is None or own_rank >= PAGE:
        return "past ten"
    return "shared"


def misses(engine, paragraphs: list[dict], items: list[dict], form: str):
    """(item, kind, detail) of every miss of `form`; and how many items were asked."""
    from termsearch.analysis import variants

    norm_of = {p["id"]: p["norm"] for p in paragraphs}
    texts = "\x00".join(p["norm"] for p in paragraphs)
    count = engine.live().vocabulary.count
    asked, out = 0, []
    for item in items:
        typed = item[form]
        if not typed:
            continue
        asked += 1
        result = engine.search(typed, limit=PAGE)
        if item["paragraph"] in [h.paragraph for h in result.hits]:
            continue
        read_as = list(dict.fromkeys(variants.normalize(w)[0] for leaf in result.interpretation.get("leaves", [])
                                     for w in leaf.get("words", [])))
        page = [next((w for w in read_as if w in norm_of.get(h.paragraph, "")), "-") for h in result.hits]
        own = engine.search(item["word"], limit=100)
        own_rank = next((i for i, h in enumerate(own.hits) if h.paragraph == item["paragraph"]), None)
        kind = classify(item["norm"], read_as, own_rank)
        # Were the word's own hits ordered by how often each paragraph uses it (the paragraph a
        # word was taken from is one of its uses, at random), ties in the characters' order.
        uses_in = [norm_of.get(h.paragraph, variants.normalize(h.text)[0]).count(item["norm"]) for h in own.hits]
        by_uses = sorted(range(len(own.hits)), key=lambda i: -uses_in[i])
        by_uses_rank = next((r for r, i in enumerate(by_uses) if own.hits[i].paragraph == item["paragraph"]), None)
        # The places of the word's own hits scoring as its paragraph does: a tie-break decides
        # among them, nothing else.
        tied = [i for i, h in enumerate(own.hits) if own_rank is not None and h.score == own.hits[own_rank].score]
        out.append((item, kind, {
            "tied": (tied[0] + 1, tied[-1] + 1) if len(tied) > 1 else None,
            "paragraphs": quality._paragraphs_holding(texts, item["norm"]), "uses": count(item["norm"]),
            "places": page.count(item["norm"]),
            "needs": "over ten" if own_rank is None or own_rank >= PAGE else own_rank + 1,
            "by_uses": by_uses_rank is not None and by_uses_rank < PAGE,
            "readings": [(w, count(w)) for w in read_as], "page": page}))
    return out, asked


def own_places(engine, items: list[dict], form: str) -> list[float]:
    """(place - 0.5) / paragraphs of each word's paragraph among its characters' own hits, for the
    words of `form` found in 11 to 100 paragraphs (fewer always fit on page one)."""
    shares = []
    for item in items:
        if not item[form]:
            continue
        own = engine.search(item["word"], limit=100)
        places = [h.paragraph for h in own.hits]
        if PAGE < own.total <= 100 and item["paragraph"] in places:
            shares.append((places.index(item["paragraph"]) + 0.5) / own.total)
    return shares


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("--corpus", type=Path, default=quality.ROOT.parent / "shared" / "corpus" / "reports")
    p.add_argument("--seed", type=int, nargs="+", default=[13])
    p.add_argument("--form", choices=("initials", "spaced", "joined", "slip"), default="initials")
    p.add_argument("--draw", choices=("words", "uses", "issue"), default="issue")
    p.add_argument("--words", type=int, default=160)
    p.add_argument("--show", action="store_true", help="print each miss")
    p.add_argument("--ranks", action="store_true",
                   help="also the words' paragraphs' places among their characters' own hits (see above)")
    args = p.parse_args(argv)
    Engine, _, current_build = quality._library()
    if current_build(args.index) is None:
        p.error(f"no index at {args.index}")
    engine = Engine(args.index)
    paragraphs = quality.paragraphs_of(args.index)
    total: Counter = Counter()
    shares: list[float] = []
    for seed in args.seed:
        items = quality.build_set(paragraphs, seed, args.words, args.draw)
        found, asked = misses(engine, paragraphs, items, args.form)
        if args.ranks:
            shares += own_places(engine, items, args.form)
        kinds = Counter(kind for _, kind, _ in found)
        total.update(kinds)
        total["asked"] += asked
        by_uses = sum(d["by_uses"] for _, kind, d in found if kind == "past ten")
        total["by uses"] += by_uses
        print(f"seed {seed}: {asked} asked, {len(found)} missed: "
              + ", ".join(f"{k} {kinds[k]}" for k in ("not read", "past ten", "shared"))
              + f" (of those past ten, {by_uses} within ten were the word's hits ordered by its uses in each)")
        if args.show:
            for item, kind, d in found:
                print(f"  {item['half']:<8} {item[args.form]:<20} {item['word']}\t{kind}\tin {d['paragraphs']} "
                      f"paragraphs, {d['uses']} uses; {d['places']} places, needs {d['needs']}"
                      + ("; within ten by uses" if kind == "past ten" and d["by_uses"] else "")
                      + (f"; tied with places {d['tied'][0]}-{d['tied'][1]} of its own hits" if d["tied"] else ""))
                print("      read as:", " ".join(f"{w}:{n}" for w, n in d["readings"][:12]))
                print("      page one:", " ".join(d["page"]))
    if len(args.seed) > 1:
        print(f"all: {total['asked']} asked, " + ", ".join(f"{k} {total[k]}" for k in ("not read", "past ten", "shared"))
              + f" (by uses {total['by uses']})")
    if shares:
        shares.sort()
        print(f"ranks: {len(shares)} words in 11-100 paragraphs; their paragraph's place / paragraphs: mean "
              f"{sum(shares) / len(shares):.3f}, quartiles {shares[len(shares) // 4]:.2f} / "
              f"{shares[len(shares) // 2]:.2f} / {shares[3 * len(shares) // 4]:.2f} (blind ranking: 0.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
