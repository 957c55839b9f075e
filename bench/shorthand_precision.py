"""Precision of the shorthand rules (data/shorthand.txt) on hand-labelled quoted spans.

    python bench/shorthand_precision.py                # precision on the tuned-on and held-out parts
    python bench/shorthand_precision.py --sample 300   # draw the sample again (to label by hand)

The sample: distinct quoted spans (of at most 10 characters) of the corpus reports
(../shared/corpus/reports), drawn with a fixed seed; bench/shorthand_labels.tsv holds each with
its hand label (1 shorthand, 0 not) and part: "tune" (the rules were tuned looking at these)
or "held" (put aside before tuning, looked at only to report this figure). Labelling rules:
bench/shorthand_labels.md.
"""
from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT.parent / "shared" / "corpus" / "reports"
LABELS = ROOT / "bench" / "shorthand_labels.tsv"
SEED = 20261130


def corpus_spans() -> dict[str, str]:
    """Every distinct quoted span of the corpus reports (key → one context)."""
    from termsearch.ingest.files import collect_files
    from termsearch.ingest.pipeline import ingest_file
    from termsearch import shorthand

    found: dict[str, str] = {}
    files, _ = collect_files([REPORTS])
    for number, path in enumerate(sorted(files)):
        doc = ingest_file(path, f"d{number}")
        for p in doc.paragraphs:
            for start, end, inner in shorthand.quoted_spans(p.text):
                key = shorthand.span_key(inner)
                if key not in found:
                    found[key] = f"{path.name}: …{p.text[max(0, start - 15):end + 15]}…"
    return found


def draw(size: int) -> None:
    spans = corpus_spans()
    keys = sorted(k for k in spans if len(k) <= 10)
    sample = random.Random(SEED).sample(keys, size)
    half = size // 2
    with open(LABELS, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter="\t")
        out.writerow(["span", "label", "part", "context"])
        for i, key in enumerate(sample):
            out.writerow([key, "", "tune" if i < half else "held", spans[key]])
    print(f"{size} of {len(keys)} spans written to {LABELS}; label them by hand")


def precision() -> int:
    from termsearch import shorthand

    rows = list(csv.DictReader(open(LABELS, encoding="utf-8"), delimiter="\t"))
    unlabelled = [r["span"] for r in rows if r["label"] not in ("0", "1")]
    if unlabelled:
        print(f"{len(unlabelled)} spans are not labelled yet: {' '.join(unlabelled[:10])}", file=sys.stderr)
        return 1
    for part in ("tune", "held", None):
        chosen = [r for r in rows if part is None or r["part"] == part]
        kept = tp = positives = 0
        for r in chosen:
            is_short, _ = shorthand.classify(r["span"], shorthand.word_facts(r["span"]))
            label = r["label"] == "1"
            positives += label
            kept += is_short
            tp += is_short and label
        name = {"tune": "tuned-on", "held": "held-out", None: "all"}[part]
        p = tp / kept if kept else 0.0
        r_ = tp / positives if positives else 0.0
        print(f"{name:9} {len(chosen):4} spans, {positives:3} shorthand by hand; kept {kept:3}, "
              f"{tp:3} right: precision {p:.0%}, recall {r_:.0%}")
    return 0


def mistakes() -> None:
    from termsearch import shorthand

    for r in csv.DictReader(open(LABELS, encoding="utf-8"), delimiter="\t"):
        if r["part"] != "tune" or r["label"] not in ("0", "1"):
            continue
        is_short, why = shorthand.classify(r["span"], shorthand.word_facts(r["span"]))
        if is_short != (r["label"] == "1"):
            print(f"{r['span']}\tlabel {r['label']}\t{why}\t{r['context']}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, help="draw a new sample of this size (overwrites the labels)")
    parser.add_argument("--mistakes", action="store_true", help="list the rules' mistakes on the tuned-on part")
    args = parser.parse_args()
    if not REPORTS.is_dir():
        sys.exit(f"no corpus at {REPORTS}")
    if args.sample:
        draw(args.sample)
    elif args.mistakes:
        mistakes()
    else:
        sys.exit(precision())
