"""Glossary terms searched by pinyin against the same terms searched by characters.

    PYTHONPATH=src .venv/bin/python bench/term_pinyin_recall.py --index DIR

For every glossary headword of the index (quotes dropped), the paragraphs a search for its
characters finds and those a search for its toneless pinyin, typed joined, finds. Prints the
headwords whose totals differ: fewer by pinyin means uses the pinyin reading misses (a quoted
part, “放管服”改革); more may be homophones the reading also stands for.
"""
from __future__ import annotations

import argparse

from pypinyin import lazy_pinyin

from termsearch.analysis import termforms
from termsearch.search import Engine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True)
    args = parser.parse_args()
    engine = Engine(args.index)
    seen: set[str] = set()
    differ = []
    for term in engine.matcher().terms:
        key = termforms.unquoted(term.simplified or term.term)
        reading = "".join(lazy_pinyin(key))
        if key in seen or any(ch.isascii() for ch in key) or not reading.isalpha():
            continue
        seen.add(key)
        by_characters = engine.search(key, limit=0).total
        by_pinyin = engine.search(reading, limit=0).total
        if by_characters != by_pinyin:
            differ.append((key, reading, by_characters, by_pinyin))
    fewer = sum(1 for *_, c, p in differ if p < c)
    print(f"{len(seen)} headwords; {len(differ)} differ, {fewer} with fewer paragraphs by pinyin")
    for key, reading, by_characters, by_pinyin in differ:
        print(f"  {key}  {reading}  characters {by_characters}  pinyin {by_pinyin}")


if __name__ == "__main__":
    main()
