"""English names that also spell pinyin (`hong kong`, `macao`, `china`): is the name read first?

    .venv/bin/python bench/english_names.py --index /work/ix-reports [--show] [--half tuned|held-out|both]

The set is drawn from data, not listed: CC-CEDICT's proper nouns (capitalised pinyin) whose first
sense is a name of one or two capitalised words, whose Chinese word the index has (50 uses or
more), and whose letters read as pinyin syllables other than the word's own (Hong Kong is 香港,
xiang gang, but its letters spell hong kong: 航空 one slip away), and where the words the letters
read as pinyin are none of those the name's English finds (beijing, 北京, is left out). Each name is typed in lower case.
It is the name's reading that wins when the first reading searched is English and holds the
word, and no pinyin reading is searched only as a guess one slip away (corrected). Names are
split in two halves by a hash of the name: the tuned half was looked at while writing the rule
(query.Parser.english_as_typed), the held-out half never was.
"""
from __future__ import annotations

import argparse
import zlib

from termsearch import Engine
from termsearch.analysis import pinyin
from termsearch.english.cedict import _RAW_WORD, _synonyms, is_sense, load_cedict
from termsearch.english.query_words import english_to_chinese

MIN_USES = 5


def english_names(engine: Engine) -> list[tuple[str, str]]:
    """(typed name, its Chinese word) for the names described above, sorted."""
    vocab = engine.vocabulary()
    english = engine.reader().english
    found: dict[str, str] = {}
    for word, entries in load_cedict().items():
        if len(word) < 2 or vocab.count(word) < MIN_USES:
            continue
        for entry in entries:
            if not entry.pinyin[:1].isupper() or not entry.senses or not is_sense(entry.senses[0]):
                continue
            name = _synonyms(entry.senses[0])[0].strip()
            raw = _RAW_WORD.findall(name)
            if not 1 <= len(raw) <= 2 or " ".join(raw) != name or not all(w[0].isupper() for w in raw):
                continue
            typed = name.lower()
            own = "".join(s for s in entry.pinyin.lower().split() if s.isalpha() or s[:-1].isalpha())
            own = "".join(ch for ch in own if not ch.isdigit()).replace("u:", "v")
            if typed.replace(" ", "") == own or not pinyin.reads_as_syllables(typed):
                continue
            # Where the letters read as pinyin find a word the name's English finds too (beijing:
            # 北京; sichuan: 四川, as 巴蜀 is), both readings agree: nothing to choose.
            as_pinyin = set(vocab.by_pinyin.get(typed.replace(" ", ""), []))
            if as_pinyin & {w for w, _ in english_to_chinese(typed, english, limit=12)}:
                continue
            found.setdefault(typed, word)
    return sorted(found.items())


def half(name: str) -> str:
    return "tuned" if zlib.crc32(name.encode()) % 2 == 0 else "held-out"


def reading(engine: Engine, typed: str, word: str) -> tuple[bool, str]:
    """(the name's reading wins, what the query was read as)."""
    leaves = engine.search(typed, limit=1).interpretation["leaves"]
    first = leaves[0] if leaves else {}
    guessed = any(leaf["kind"] == "pinyin" and leaf["corrected"] for leaf in leaves)
    wins = first.get("kind") == "english" and word in first.get("words", []) and not guessed
    said = "; ".join(f"{leaf['kind']} {'、'.join(leaf['words'][:3])}" + (" (corrected)" if leaf["corrected"] else "")
                     for leaf in leaves)
    return wins, said


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--show", action="store_true", help="print each name and how it was read")
    args = parser.parse_args(argv)
    engine = Engine(args.index)
    names = english_names(engine)
    for which in ("tuned", "held-out"):
        chosen = [(t, w) for t, w in names if half(t) == which]
        wins = 0
        for typed, word in chosen:
            won, said = reading(engine, typed, word)
            wins += won
            if args.show:
                print(f"  {'ok  ' if won else 'MISS'} {typed} ({word}): {said}")
        print(f"{which}: the name read first for {wins} of {len(chosen)} English names that spell pinyin "
              f"({wins / max(len(chosen), 1):.1%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
