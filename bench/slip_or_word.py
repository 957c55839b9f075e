"""Letters that spell a word, or a slip for another (issue 13): how often would reading them as the
commoner word one slip away be right?

    .venv/bin/python bench/slip_or_word.py --index DIR [--seed 13 14 15] [--under 50] [--ratio 5]

Over bench/quality.py's words for each seed (the same draw), the pinyin typed right (joined) and
with one slip, where the letters read as words of the corpus: those whose commonest word is used
under `--under` times while a reading one slip away weighs `--ratio` times more (its commonest
word's uses times how likely the slip is, as the search weighs corrections). Typed right, such a
correction would be wrong; with a slip, it is right where that reading holds the word meant.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import quality  # noqa: E402


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--index", type=Path, required=True, help="an index of the reports folder")
    p.add_argument("--seed", type=int, nargs="+", default=[13])
    p.add_argument("--words", type=int, default=160)
    p.add_argument("--under", type=int, default=50, help="the literal reading's commonest word used under this")
    p.add_argument("--ratio", type=float, default=5.0, help="a reading one slip away weighing this many times more")
    args = p.parse_args(argv)

    from termsearch import Engine
    from termsearch.analysis import pinyin
    from termsearch.index_layout import current_build
    from termsearch.letter_reading import near_readings_weighed, words_for_syllables

    if current_build(args.index) is None:
        print(f"no index at {args.index}", file=sys.stderr)
        return 2
    paragraphs = quality.paragraphs_of(args.index)
    vocab = Engine(args.index).vocabulary()
    print("seed  typed right: would be corrected  |  slips: would be corrected, to the word meant")
    for seed in args.seed:
        wrong, slips, right = [], [], []
        for item in quality.build_set(paragraphs, seed, args.words):
            for form in ("joined", "slip"):
                parsed = pinyin.parse_pinyin_query(item[form])
                if parsed is None or parsed.initials_only:
                    continue
                literal = next((w for s, t in zip(parsed.syllables, parsed.tones_by_alternative)
                                if (w := words_for_syllables(vocab, s, t))), None)
                if not literal:
                    continue        # no word reads so: the search corrects it already
                top = max(map(vocab.count, literal))
                near = near_readings_weighed(vocab, "".join(parsed.syllables[0]))
                if top >= args.under or not near:
                    continue
                best, weight = max(near, key=lambda reading_weight: reading_weight[1])
                if weight < args.ratio * top:
                    continue
                if form == "joined":
                    wrong.append(item[form])
                elif item["word"] not in literal:
                    slips.append(item[form])
                    if item["word"] in best["words"]:
                        right.append(f"{item[form]} {item['word']}")
        print(f"{seed:>4}  {len(wrong):>4}  |  {len(slips):>3}, {len(right)}: {', '.join(right)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
