#!/usr/bin/env python3
"""Do rjieba (jieba-rs) and jieba cut the corpus into the same words?

    .venv/bin/python bench/segmenter_agreement.py [--corpus reports|glossaries|…|PATH] [--examples 15]

Both segmenters are set up as a build sets them up (termsearch.analysis.segment: jieba's
dictionary, the 着 forms, then the corpus's glossary words added as words) and cut the same text:
every paragraph of every document as the build indexes it, normalised, split into the runs jieba
cuts. Prints the share of jieba's words that rjieba does not give at the same place (and the
reverse), the runs cut differently, whether the dictionaries agree on every word and sub-word met,
whether every glossary word stays whole, a few of the differences, and each segmenter's time.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run as bench_run  # noqa: E402

from termsearch.analysis import segment, termforms, variants  # noqa: E402
from termsearch.ingest.clean import without_damage  # noqa: E402
from termsearch.ingest.files import collect_files, document_id_for  # noqa: E402
from termsearch.ingest.pipeline import ingest_file  # noqa: E402
from termsearch.model import IngestError  # noqa: E402

NAMED = {"glossaries": ["glossaries"]}


def corpus_paths(name: str) -> list[Path]:
    if name in NAMED:
        return [bench_run.corpus_root() / part for part in NAMED[name]]
    return bench_run.resolve_corpus(name)[1]


def read_corpus(paths: list[Path]) -> tuple[list[str], list[str]]:
    """The runs jieba cuts in every indexed paragraph, and the glossary words a build adds."""
    files, _ = collect_files(paths)
    taken: set[str] = set()
    runs: list[str] = []
    glossary: set[str] = set()
    pattern = segment._runs()
    for path in files:
        try:
            doc = ingest_file(path, document_id_for(path, taken))
        except IngestError:
            continue
        for term in doc.glossary:
            term = termforms.complete_term(term)
            glossary.add(termforms.unquoted(term.simplified))
            glossary.update(variants.normalize(a)[0] for a in term.aliases)
        for p in doc.paragraphs:
            text = without_damage(p.text, [(span.start, span.end) for span in p.damaged])   # as the build indexes it
            unfolded = variants.normalize(text, regional=False)[0]
            runs.extend(pattern.findall(unfolded))
    return runs, sorted(glossary)


def spans(words: list[str]) -> set[tuple[int, int]]:
    out, start = set(), 0
    for w in words:
        if any(ch.isalnum() for ch in w):
            out.add((start, start + len(w)))
        start += len(w)
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", default="reports")
    p.add_argument("--examples", type=int, default=15)
    args = p.parse_args(argv)

    started = time.perf_counter()
    runs, glossary = read_corpus(corpus_paths(args.corpus))
    distinct = list(dict.fromkeys(runs))
    characters = sum(map(len, runs))
    print(f"corpus {args.corpus}: {len(runs):,} runs ({len(distinct):,} distinct), {characters:,} characters, "
          f"{len(glossary):,} glossary words (read in {time.perf_counter() - started:.1f} s)")

    segmenters = {}
    for kind in (segment.JiebaSegmenter, segment.RustSegmenter):
        t = time.perf_counter()
        seg = kind()
        loaded = time.perf_counter() - t
        segment.add_glossary_words(seg, glossary)
        segmenters[kind.name] = seg
        print(f"{kind.name:>7}: dictionary loaded in {loaded:.2f} s")
    jieba_seg, rust_seg = segmenters["jieba"], segmenters["rjieba"]

    cuts = {}
    for name, seg in segmenters.items():
        t = time.perf_counter()
        cuts[name] = [seg.cut(run) for run in distinct]
        seconds = time.perf_counter() - t
        chars = sum(map(len, distinct))
        print(f"{name:>7}: cut {chars:,} characters (the distinct runs) in {seconds:.2f} s, "
              f"{chars / seconds / 1000:,.0f} K chars/s on one core")

    uses: dict[str, int] = {}
    for run in runs:
        uses[run] = uses.get(run, 0) + 1
    jieba_words = rust_words = only_jieba = only_rust = runs_differing = 0
    examples = []
    for run, a, b in zip(distinct, cuts["jieba"], cuts["rjieba"]):
        n = uses[run]
        sa, sb = spans(a), spans(b)
        jieba_words += len(sa) * n
        rust_words += len(sb) * n
        only_jieba += len(sa - sb) * n
        only_rust += len(sb - sa) * n
        if a != b:
            runs_differing += n
            if len(examples) < args.examples:
                examples.append((run, a, b))
    print(f"\nwords (every use counted): jieba {jieba_words:,}, rjieba {rust_words:,}")
    print(f"  jieba's words rjieba does not give at the same place: {only_jieba:,} "
          f"({only_jieba / max(jieba_words, 1):.4%})")
    print(f"  rjieba's words jieba does not give at the same place: {only_rust:,} "
          f"({only_rust / max(rust_words, 1):.4%})")
    print(f"  runs cut differently: {runs_differing:,} of {len(runs):,} ({runs_differing / max(len(runs), 1):.4%})")

    # Sub-words come from the dictionary: it must say the same of every word and part of a word met.
    met = {w[i:i + size] for words in cuts["jieba"] for w in words
           for size in range(2, len(w) + 1) for i in range(len(w) - size + 1)}
    disagree = sorted(w for w in met if jieba_seg.has_word(w) != rust_seg.has_word(w))
    print(f"dictionary: {len(met):,} words and parts of words met, {len(disagree)} on which the two disagree"
          + (f" (e.g. {', '.join(disagree[:10])})" if disagree else ""))
    # A glossary word with punctuation or spaces (一区、一谷、一高地) is cut at them by jieba
    # whatever its dictionary says: only single runs can be words.
    whole = [w for w in glossary if len(w) >= 2 and segment._runs().fullmatch(w)]
    print(f"glossary words that can be one word: {len(whole)} of {len(glossary)}")
    broken = {name: [w for w in whole if seg.cut(w) != [w]] for name, seg in segmenters.items()}
    for name, words in broken.items():
        print(f"glossary words not kept whole by {name}: {len(words)}" + (f" ({', '.join(words[:10])})" if words else ""))
    if examples:
        print("\nruns cut differently (jieba | rjieba):")
        for run, a, b in examples:
            print(f"  {run}\n      {' '.join(a)}\n      {' '.join(b)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
