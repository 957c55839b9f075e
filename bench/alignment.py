"""How well the aligner (termsearch.align) pairs Chinese paragraphs and sentences with their
official English, measured against the answer key of ../shared/corpus/parallel (line i of a
.zh.txt file is translated by line i of its .en.txt file; SOURCES.md there).

    python bench/alignment.py               # every document, every layout, with CC-CEDICT anchors
    python bench/alignment.py --no-lexical  # lengths and numbers only
    python bench/alignment.py --misses      # the Chinese paragraphs paired wrongly, per layout

The published files pair up line by line, which real users' files rarely do, so each document
is also aligned as re-laid-out by fixed rules (seeded, the same every run), the answer key
following along:
  as published        the lines as they are
  English sentences   every English paragraph split into its sentences (counts differ a lot)
  lines missing       every 9th English line and every 13th Chinese line left out
  merged              every 6th English line joined to the next (two paragraphs as one)
  sentences           both sides split into sentences (sentence alignment; the key is the
                      paragraph each sentence comes from)
A Chinese paragraph is right when the English paired with it is exactly the English of its key
line (none, where that line was left out); a Chinese sentence when its English is non-empty and
all from its own paragraph's key line. The aligner was tuned on the PRC Constitution; the CPC
Constitution is held out.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARALLEL = ROOT.parent / "shared" / "corpus" / "parallel"
DOCUMENTS = [("prc_constitution_2018", "tuned on"), ("cpc_constitution_2017", "held out")]

sys.path.insert(0, str(ROOT / "src"))
from termsearch import align  # noqa: E402


def read_pair(stem: str) -> tuple[list[str], list[str]]:
    zh = (PARALLEL / f"{stem}.zh.txt").read_text(encoding="utf-8").splitlines()
    en = (PARALLEL / f"{stem}.en.txt").read_text(encoding="utf-8").splitlines()
    assert len(zh) == len(en), stem
    return zh, en


# A layout: Chinese units and English units, each with the key line it comes from.
Units = list[tuple[int, str]]


def as_published(zh, en) -> tuple[Units, Units]:
    return list(enumerate(zh)), list(enumerate(en))


def english_sentences(zh, en):
    return list(enumerate(zh)), [(i, s) for i, line in enumerate(en) for s in align.english_sentences(line)]


def lines_missing(zh, en):
    return ([(i, t) for i, t in enumerate(zh) if i % 13 != 12],
            [(i, t) for i, t in enumerate(en) if i % 9 != 8])


def merged(zh, en):
    """Every 6th English line joined to the next: both key lines go with the merged unit."""
    units, i = [], 0
    while i < len(en):
        if i % 6 == 5 and i + 1 < len(en):
            units.append(((i, i + 1), en[i] + " " + en[i + 1]))
            i += 2
        else:
            units.append(((i,), en[i]))
            i += 1
    return list(enumerate(zh)), units


def both_sentences(zh, en):
    return ([(i, s) for i, line in enumerate(zh) for s in align.chinese_sentences(line)],
            [(i, s) for i, line in enumerate(en) for s in align.english_sentences(line)])


LAYOUTS = {"as published": as_published, "English sentences": english_sentences,
           "lines missing": lines_missing, "merged": merged, "sentences": both_sentences}


def _key_lines(key) -> tuple[int, ...]:
    return key if isinstance(key, tuple) else (key,)


def score(layout: str, zh_units: Units, en_units: Units, beads: list[align.Bead]) -> tuple[int, int, list]:
    """(right, total, misses) over the Chinese units (paragraphs, or sentences for "sentences")."""
    english_of: dict[int, set[int]] = {}
    for bead in beads:
        lines = {line for j in bead.en for line in _key_lines(en_units[j][0])}
        for i in bead.zh:
            english_of[i] = lines
    kept_en = {line for key, _ in en_units for line in _key_lines(key)}
    right, misses = 0, []
    for i, (line, text) in enumerate(zh_units):
        got = english_of.get(i, set())
        if layout == "sentences":
            ok = bool(got) and got == {line}
        else:
            expected = {line} if line in kept_en else set()
            # A merged English unit translates two Chinese lines: each of them is right with it.
            ok = got == expected or (layout == "merged" and line in got and len(got) == 2
                                     and any(set(_key_lines(k)) == got for k, _ in en_units))
        right += ok
        if not ok:
            misses.append((line, text[:40], sorted(got)))
    return right, len(zh_units), misses


def lexical_scorer():
    from termsearch.parallel import gloss_overlap_scorer
    return gloss_overlap_scorer()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-lexical", action="store_true", help="lengths and numbers only")
    parser.add_argument("--misses", action="store_true", help="list what is paired wrongly")
    args = parser.parse_args(argv)
    if not PARALLEL.is_dir():
        print(f"no parallel corpus at {PARALLEL}", file=sys.stderr)
        return 2
    lexical = None if args.no_lexical else lexical_scorer()
    print(f"anchors: numbers{'' if args.no_lexical else ' and CC-CEDICT glosses'}")
    print(f"{'document':24} {'part':9} {'layout':18} {'right':>9} {'share':>7} {'CPU s':>6}")
    spent = 0.0
    for stem, part in DOCUMENTS:
        zh, en = read_pair(stem)
        for layout, make in LAYOUTS.items():
            zh_units, en_units = make(zh, en)
            started = time.process_time()
            beads = align.align([t for _, t in zh_units], [t for _, t in en_units], lexical=lexical,
                                sentences=False)
            took = time.process_time() - started
            spent += took
            right, total, misses = score(layout, zh_units, en_units, beads)
            print(f"{stem:24} {part:9} {layout:18} {right:>4}/{total:<4} {right / total:7.1%} {took:6.1f}")
            if args.misses:
                for line, text, got in misses[:15]:
                    print(f"    line {line + 1}: {text} → English lines {[g + 1 for g in got]}")
    # (the first layout's time includes loading CC-CEDICT for the anchors)
    print(f"aligning took {spent:.1f} CPU s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
