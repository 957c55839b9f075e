"""Does English typed word for word find a national shorthand first (issue 14.4)?

Two kinds of English a user types that no termbase row holds as written, for every termbase key
with sourced English of national scope that the index holds:

  literal     the key's CC-CEDICT gloss, word by word (english/literal.py with no termbase:
              四好农村路 "four easy to rural area road"): the Chinese of consecutive words in a
              row make the shorthand (query_words.composed_words)
  no head     a sourced rendering without its last word, where that word only says what kind of
              programme it is (term_match.GENERIC_HEADS: "Belt and Road" for "Belt and Road
              Initiative")

A query counts as found when the first hit holds the shorthand. The examples the features were
built on (四好农村路; 一带一路 and 双碳) are counted apart from the rest, which were set aside.

    .venv/bin/python bench/english_word_for_word.py --index DIR
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from termsearch import Engine  # noqa: E402
from termsearch.analysis import variants  # noqa: E402
from termsearch.english.literal import literal_gloss  # noqa: E402
from termsearch.english.renderings import load_renderings  # noqa: E402
from termsearch.english.words import english_words  # noqa: E402

HEADS = {"initiative", "strategy", "program", "programme", "project", "plan", "campaign", "goal", "goals",
         "action", "policy"}
QUOTES = str.maketrans("", "", "\"'“”‘’")
TUNED_ON = {"literal": {"四好农村路"}, "no head": {"一带一路", "双碳"}}


def queries(renderings) -> list[tuple[str, str, str]]:
    """(kind, key, English typed) for every national sourced key."""
    out = []
    for key, rows in sorted(renderings.items()):
        sourced = [r for r in rows if r.is_translation and r.confidence in ("official", "attested")
                   and r.scope in ("", "national", "中国")]
        if not sourced or len(key) < 2:
            continue
        out.append(("literal", key, literal_gloss(key, {})))
        for r in sourced:
            words = r.text.replace("(", " ").split()
            if len(english_words(r.text)) >= 3 and words[-1].lower().strip("\"'’”") in HEADS:
                # (as typed: the rendering's quotation marks are no part of what a user types)
                out.append(("no head", key, " ".join(words[:-1]).translate(QUOTES).strip()))
                break
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--show", action="store_true", help="list each query and whether it found its key")
    args = parser.parse_args(argv)
    engine = Engine(args.index)
    counts: dict[tuple[str, str], list[int]] = {}
    for kind, key, typed in queries(load_renderings()):
        if not typed or engine.search(f'"{key}"', limit=1).total == 0:
            continue                    # the index does not hold the shorthand
        hits = engine.search(typed, limit=1).hits
        found = bool(hits) and key in variants.to_simplified(hits[0].text)
        part = "tuned on" if key in TUNED_ON[kind] else "set aside"
        tally = counts.setdefault((kind, part), [0, 0])
        tally[0] += found
        tally[1] += 1
        if args.show:
            print(f"{'found' if found else 'MISS ':5} {kind:8} {key}  «{typed}»")
    for (kind, part), (found, total) in sorted(counts.items()):
        print(f"{kind:8} {part:9} first hit holds the shorthand: {found}/{total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
