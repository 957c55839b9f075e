"""Glossary terms searched by pinyin against the same terms searched by characters.

    PYTHONPATH=src .venv/bin/python bench/term_pinyin_recall.py --index DIR [--words TSV --top N]
                                                                [--rows odd|even|all] [--typed joined|initials]

For every glossary headword of the index (quotes dropped), the paragraphs a search for its
characters finds and those a search for its toneless pinyin, typed joined, finds. Prints the
headwords whose totals differ: fewer by pinyin means uses the pinyin reading misses (a quoted
part, “放管服”改革); more may be homophones the reading also stands for. With `--words`, the
`shorthand` column (else the first) of a TSV, `#` lines skipped (its first `--top` rows; bench/shorthand_frequency.tsv: the corpus reports'
quoted shorthand, words no glossary of the index need define) instead of the glossary.
`--rows odd` keeps the 1st, 3rd, ... of those words (or headwords), `--rows even` the 2nd, 4th,
...: tune on one half, measure on the other. `--typed initials` types each word (of 3 or more
characters) as its initials instead (十五五: sww). `--found` also checks the totals are not junk:
over the words pinyin finds in full (the same total), how many of its paragraphs are the
characters' own (the same paragraph ids).
"""
from __future__ import annotations

import argparse

from pypinyin import lazy_pinyin

from termsearch.analysis import termforms
from termsearch.search import Engine


def paragraph_ids(engine: Engine, query: str, total: int) -> set[str]:
    """The ids of the paragraphs a search finds, page by page (a page holds at most 100)."""
    return {hit.paragraph for offset in range(0, total, 100)
            for hit in engine.search(query, limit=100, offset=offset).hits}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--words", help="a TSV whose shorthand (or first) column holds the words to try")
    parser.add_argument("--top", type=int, default=300)
    parser.add_argument("--rows", choices=("odd", "even", "all"), default="all",
                        help="odd: the 1st, 3rd, ... words only; even: the 2nd, 4th, ...")
    parser.add_argument("--typed", choices=("joined", "initials"), default="joined",
                        help="type each word as its joined toneless pinyin or as its initials")
    parser.add_argument("--found", action="store_true",
                        help="also count, where the totals agree, the paragraphs pinyin finds that the characters find")
    args = parser.parse_args()
    engine = Engine(args.index)
    seen: set[str] = set()
    differ = []
    same_total = same_paragraphs = found_by_pinyin = 0
    if args.words:
        with open(args.words, encoding="utf-8") as lines:
            rows = [line.rstrip("\n").split("\t") for line in lines if not line.startswith("#")]
        column = rows[0].index("shorthand") if "shorthand" in rows[0] else 0
        keys = [row[column] for row in rows[1:args.top + 1]]
    else:
        keys = [term.simplified or term.term for term in engine.matcher().terms]
    if args.rows != "all":
        keys = keys[args.rows == "even"::2]
    for key in map(termforms.unquoted, keys):
        reading = "".join(lazy_pinyin(key))
        if key in seen or any(ch.isascii() for ch in key) or not reading.isalpha():
            continue
        if args.typed == "initials":
            if len(key) < 3:
                continue
            reading = "".join(syllable[0] for syllable in lazy_pinyin(key))
        seen.add(key)
        by_characters = engine.search(key, limit=0).total
        by_pinyin = engine.search(reading, limit=0).total
        if by_characters != by_pinyin:
            differ.append((key, reading, by_characters, by_pinyin))
        elif args.found and by_pinyin:
            ids = [paragraph_ids(engine, q, by_pinyin) for q in (key, reading)]
            same_total += 1
            found_by_pinyin += len(ids[1])
            same_paragraphs += len(ids[0] & ids[1])
    fewer = sum(1 for *_, c, p in differ if p < c)
    print(f"{len(seen)} {'words' if args.words else 'headwords'}; {len(differ)} differ, {fewer} with fewer paragraphs by pinyin")
    if args.found:
        print(f"same total for {same_total}: {same_paragraphs} of the {found_by_pinyin} paragraphs pinyin finds"
              f" are the characters' own")
    for key, reading, by_characters, by_pinyin in differ:
        print(f"  {key}  {reading}  characters {by_characters}  pinyin {by_pinyin}")


if __name__ == "__main__":
    main()
