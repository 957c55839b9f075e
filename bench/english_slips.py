"""English typed with one slip: read as English, or taken for pinyin with a slip?

    .venv/bin/python bench/english_slips.py --index DIR [--words 3000] [--seed 1] [--show]

The `--words` commonest English words of five letters or more in the spelling corrector's English
(CC-CEDICT's glosses, the termbase's and supplement's English; commonest first, ties by spelling),
each typed with one slip chosen by the seed (a letter left out, inserted, replaced, or two
swapped), and each typed right: how each is read (the kind of its first leaf), and which are
read as pinyin mended after a slip (`--show` lists them). A change to when letters count as
pinyin with a slip should move these few.
"""
from __future__ import annotations

import argparse
import random
import string
import sys
from collections import Counter
from pathlib import Path


def slipped(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    kind = rng.choice(("delete", "insert", "replace", "swap"))
    letter = rng.choice(string.ascii_lowercase)
    if kind == "delete":
        return word[:i] + word[i + 1:]
    if kind == "insert":
        return word[:i] + letter + word[i:]
    if kind == "replace":
        return word[:i] + letter + word[i + 1:]
    return word[:i] + word[i + 1:i + 2] + word[i:i + 1] + word[i + 2:]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("--words", type=int, default=3000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--show", action="store_true")
    args = p.parse_args(argv)

    from termsearch import Engine
    from termsearch.english.spelling import general_english
    from termsearch.query import parse

    live = Engine(args.index).live()
    words, popularity, _ = general_english()
    common = sorted((w for w in words if w.isalpha() and w.isascii() and len(w) >= 5),
                    key=lambda w: (-popularity[w], w))[:args.words]
    rng = random.Random(args.seed)
    for label, typed in (("with a slip", [slipped(w, rng) for w in common]), ("typed right", common)):
        kinds: Counter = Counter()
        as_pinyin = []
        for word, letters in zip(common, typed):
            leaves = parse(letters, live.vocabulary, live.texts).leaves
            kinds[leaves[0].kind if leaves else "nothing"] += 1
            if leaves and leaves[0].kind == "pinyin" and leaves[0].corrected:
                as_pinyin.append(f"{letters} ({word})")
        print(f"{label}: {len(common)} words; read as {dict(kinds.most_common())}; "
              f"as pinyin mended after a slip {len(as_pinyin)}")
        if args.show:
            print("  " + ", ".join(as_pinyin))
    return 0


if __name__ == "__main__":
    sys.exit(main())
