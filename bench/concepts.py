"""How well termsearch tells definitions that say the same thing from homonyms (concepts.py),
measured on hand-labelled pairs of real glossary definitions.

    python bench/concepts.py                # accuracy of concepts.same_meaning, tune and held-out parts
    python bench/concepts.py --sweep        # accuracy of each measure and threshold on the tune part
    python bench/concepts.py --unlabelled   # same-headword pairs the parser finds that have no label
    python bench/concepts.py --misses       # the labelled pairs it gets wrong, with their scores

The pairs (bench/concept_pairs.tsv, how they were chosen and labelled: bench/concept_pairs.md)
come from the glossary reports of ../shared/corpus/glossaries and the seed report (a Guangdong
town's glossary beside the Hebei ones). Each pair is compared twice: on
the definitions as read by hand (stored in the file), and on the definitions termsearch's own
glossary parser finds today (for the pairs whose both entries it finds), so the figures follow
the parser as it improves. The part ("tune" or "held-out") was fixed by a hash of the headwords
before the threshold was chosen; only the tune part was looked at to choose it.
"""
from __future__ import annotations

import argparse
import csv
import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GLOSSARIES = ROOT.parent / "shared" / "corpus" / "glossaries"
SEED = ROOT / "seeds" / "2023-dongguan-liaobu-government-work-report.txt"     # a Guangdong town's glossary
PAIRS = ROOT / "bench" / "concept_pairs.tsv"
PARTS = ("tune", "held-out")


def labelled_pairs() -> list[dict]:
    with open(PAIRS, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def glossary_files() -> list[Path]:
    return [*sorted(GLOSSARIES.glob("*.txt")), SEED]


def parsed_definitions() -> dict[tuple[str, str], str]:
    """(document, concept key) → definition, as termsearch's glossary parser reads the files."""
    from termsearch.concepts import concept_key
    from termsearch.ingest.pipeline import ingest_file

    found: dict[tuple[str, str], str] = {}
    for path in glossary_files():
        for term in ingest_file(path, path.stem).glossary:
            found.setdefault((path.stem, concept_key(term)), term.definition)
    return found


def measures() -> dict:
    from termsearch import concepts

    def grams(definition: str, headword: str):
        return concepts.definition_bigrams(definition, headword)

    def overlap(a, b):
        return len(a & b) / min(len(a), len(b)) if a and b else 0.0

    def dice(a, b):
        return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0

    def jaccard(a, b):
        return len(a & b) / len(a | b) if a | b else 0.0

    return {"overlap": overlap, "dice": dice, "jaccard": jaccard, "_grams": grams}


def scored(rows: list[dict], definitions: dict | None) -> list[tuple[dict, str, str]]:
    """Each row with the two definitions to compare (parsed ones when `definitions` is given:
    rows whose entries the parser does not find are left out)."""
    out = []
    for r in rows:
        if definitions is None:
            out.append((r, r["definition_a"], r["definition_b"]))
            continue
        a = definitions.get((r["document_a"], r["headword_a"]))
        b = definitions.get((r["document_b"], r["headword_b"]))
        if a is not None and b is not None:
            out.append((r, a, b))
    return out


def accuracy(items, decide) -> tuple[int, int, int, int, int, int]:
    """(correct, total, same found, same total, different found, different total)."""
    same = [decide(r, a, b) for r, a, b in items if r["label"] == "same"]
    different = [not decide(r, a, b) for r, a, b in items if r["label"] == "different"]
    return (sum(same) + sum(different), len(same) + len(different), sum(same), len(same),
            sum(different), len(different))


def line(name: str, counts) -> str:
    correct, total, same, same_total, diff, diff_total = counts
    if not total:
        return f"  {name:9s} no pairs"
    return (f"  {name:9s} {correct}/{total} = {correct / total:.1%}   same meaning recognised {same}/{same_total},"
            f" homonyms recognised {diff}/{diff_total}")


def report() -> int:
    from termsearch import concepts

    rows = labelled_pairs()
    decide = lambda r, a, b: concepts.same_meaning(a, b, r["headword_a"])   # noqa: E731
    print(f"concepts.same_meaning (character-bigram overlap >= {concepts.SAME_MEANING}), "
          f"{len(rows)} labelled pairs ({PAIRS.relative_to(ROOT)})")
    print("on the definitions as read by hand:")
    for part in PARTS:
        print(line(part, accuracy(scored([r for r in rows if r["split"] == part], None), decide)))
    definitions = parsed_definitions()
    print(f"on the definitions termsearch's parser finds today ({len(definitions)} entries in "
          f"{len(glossary_files())} files):")
    for part in PARTS:
        print(line(part, accuracy(scored([r for r in rows if r["split"] == part], definitions), decide)))
    return 0


def sweep() -> int:
    rows = [r for r in labelled_pairs() if r["split"] == "tune"]
    found = measures()
    grams = found.pop("_grams")
    items = [(r, grams(r["definition_a"], r["headword_a"]), grams(r["definition_b"], r["headword_b"])) for r in rows]
    print(f"tune part only ({len(rows)} pairs), definitions as read by hand")
    for name, measure in found.items():
        best = []
        for step in range(1, 20):
            threshold = step / 20
            counts = accuracy(items, lambda r, a, b: measure(a, b) >= threshold)
            best.append((counts[0] / counts[1], threshold, counts))
        best.sort(key=lambda b: (-b[0], b[1]))
        for share, threshold, counts in best[:3]:
            print(f"  {name:8s} >= {threshold:.2f}: {line('', counts).strip()}")
    return 0


def misses() -> int:
    from termsearch import concepts

    for r in labelled_pairs():
        score = concepts.similarity(r["definition_a"], r["definition_b"], r["headword_a"])
        if (score >= concepts.SAME_MEANING) != (r["label"] == "same"):
            print(f"{r['split']:8s} {r['label']:9s} {score:.2f}  {r['headword_a']} ({r['document_a']}) / "
                  f"{r['headword_b']} ({r['document_b']})")
    return 0


def unlabelled() -> int:
    from termsearch.concepts import concept_key
    from termsearch.ingest.pipeline import ingest_file

    labelled = {(r["document_a"], r["headword_a"], r["document_b"], r["headword_b"]) for r in labelled_pairs()}
    by_key: dict[str, list[tuple[str, str]]] = {}
    for path in glossary_files():
        for term in ingest_file(path, path.stem).glossary:
            by_key.setdefault(concept_key(term), []).append((path.stem, term.definition))
    missing = 0
    for key, entries in sorted(by_key.items()):
        for (doc_a, def_a), (doc_b, def_b) in itertools.combinations(entries, 2):
            if doc_a != doc_b and (doc_a, key, doc_b, key) not in labelled and (doc_b, key, doc_a, key) not in labelled:
                missing += 1
                print(f"{doc_a}\t{key}\t{doc_b}\t{key}\t\t\t{def_a}\t{def_b}\t")
    print(f"{missing} same-headword pairs without a label", file=sys.stderr)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sweep", action="store_true", help="accuracy of each measure and threshold (tune part)")
    parser.add_argument("--unlabelled", action="store_true", help="pairs found by the parser with no label yet")
    parser.add_argument("--misses", action="store_true", help="the labelled pairs it gets wrong")
    args = parser.parse_args()
    if not GLOSSARIES.is_dir():
        print(f"no glossary reports at {GLOSSARIES} (the shared corpus is not beside the project)", file=sys.stderr)
        return 2
    if args.sweep:
        return sweep()
    if args.unlabelled:
        return unlabelled()
    if args.misses:
        return misses()
    return report()


if __name__ == "__main__":
    sys.exit(main())
