"""Term uses found in an index's paragraphs, with and without looking across quote marks.

    PYTHONPATH=src .venv/bin/python bench/term_spans.py --index DIR

Runs the index's glossary term finder over every paragraph twice: matching the text as written
only, and also where quote marks stand inside a term (“三无”乡镇 for 三无乡镇). Prints the spans
found and the CPU time of each pass (the second is what a build tags terms with).
"""
from __future__ import annotations

import argparse
import time

from termsearch.analysis import variants
from termsearch.search import Engine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True)
    args = parser.parse_args()
    engine = Engine(args.index)
    texts = [variants.normalized_text(t) for t in engine.reader().texts]
    finder = engine.finder()
    for name, spans in [("as written", finder._spans_in), ("quotes inside too", finder._spans)] * 2:
        start = time.process_time()
        found = sum(len(spans(text)) for text in texts)
        print(f"{name:>18}: {len(texts)} paragraphs, {found} term spans, {time.process_time() - start:.3f} s CPU")


if __name__ == "__main__":
    main()
