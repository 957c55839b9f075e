"""How many glossary entries have English, and what kind (issue 14, part 2).

Reads the glossaries of a collection (default: `seeds/`, the default collection's 382 entries)
as a build does: the packaged renderings files attached by headword or alias (scoped rows only
in their document or region), then `literal.attach_glosses` for the rest. Each entry is counted
once, by the best English it gets:

    official/attested   a sourced rendering of the whole headword
    part                the published English of a termbase term inside the headword
    descriptive         our own rendering (renderings.csv), no sourced one
    literal             only the word-by-word CC-CEDICT gloss
    none                nothing (a headword CC-CEDICT cannot gloss at all)

    .venv/bin/python bench/english_coverage.py                  # seeds/
    .venv/bin/python bench/english_coverage.py PATH... --show literal
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from termsearch.english import literal, renderings as english
from termsearch.analysis import termforms
from termsearch.ingest.files import collect_files, document_id_for
from termsearch.ingest.pipeline import ingest_file

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent / "seeds"
KINDS = ("official/attested", "part", "descriptive", "literal", "none")


def kind_of(term) -> str:
    translations = [r for r in term.english if r.is_translation]
    if any(r.confidence in ("official", "attested") for r in translations):
        return "official/attested"
    if any(r.part for r in term.english):
        return "part"
    if translations:
        return "descriptive"
    if any(r.confidence == "literal" for r in term.english):
        return "literal"
    return "none"


def glossary(paths: list[Path]):
    files, problems = collect_files(paths)
    for problem in problems:
        print(problem, file=sys.stderr)
    taken: set[str] = set()
    terms, regions = [], {}
    for path in files:
        document = ingest_file(path, document_id_for(path, taken))
        regions[document.id] = document.region
        terms.extend(termforms.complete_term(t) for t in document.glossary)
    renderings = english.load_renderings()
    english.attach_renderings(terms, renderings, regions)
    literal.attach_glosses(terms, renderings, regions)
    return terms


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[SEEDS])
    parser.add_argument("--show", choices=KINDS, help="list the entries of one kind with their English")
    args = parser.parse_args(argv)
    terms = glossary(args.paths)
    if not terms:
        print("no glossary entries in " + ", ".join(map(str, args.paths)), file=sys.stderr)
        return 2
    counts = Counter(kind_of(t) for t in terms)
    print(f"{len(terms)} glossary entries in {', '.join(map(str, args.paths))}")
    for kind in KINDS:
        print(f"{kind:>18}: {counts[kind]:4d} ({100 * counts[kind] / len(terms):.1f}%)")
    if args.show:
        for t in terms:
            if kind_of(t) == args.show:
                shown = "; ".join(f"{r.text} [{r.confidence}{', for ' + r.part if r.part else ''}]"
                                  for r in t.english[:3])
                print(f"  {t.term}\t{shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
