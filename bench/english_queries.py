"""How forgiving English queries are (issue 14, item 4), measured on a built index.

    .venv/bin/python bench/english_queries.py [--index index/] [--all-renderings] [--show-misses]

1. Pasted renderings: every English rendering of every glossary term in the index (its preferred
   one, or with --all-renderings each of them), typed whole as the query. Found when a term of the
   same headword is among the term cards of the first page, and paragraphs are found; the English
   of a part of a headword, when the part is in a term card's headword or the first paragraph.
2. Typed forms a user may get wrong: misspelt, plural, reordered, mixed with pinyin or
   characters, and a string that is no language at all; each printed with what it became.
3. Gaps in the English map: the share of the words of the packaged renderings (each file on its
   own) that a query finds Chinese words for (`revitalization` of "rural revitalization"), and,
   held out (never looked at while choosing the word endings of english/words.py), of the
   official English of ../shared/corpus/parallel.
4. Right words, not just words: in the parallel corpus (line i of .zh.txt is what line i of
   .en.txt translates), the share of the English words and phrases of each line whose Chinese
   words (as a query reads them) stand in the Chinese line. The CPC Constitution was looked at
   while choosing stop words, irregular forms, word endings and english_supplement.tsv (tuned
   on); the PRC Constitution never was (held out). `--show-misses` lists the commonest misses of
   the tuned-on text.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from termsearch.analysis import variants
from termsearch.english.query_words import english_groups, is_known
from termsearch.english.renderings import (CONFIDENCE_LEVELS, PACKAGED_RENDERINGS, load_renderings,
                                           packaged_renderings, rendering_key, unmatched_renderings)
from termsearch.english.words import english_words
from termsearch import Engine, QueryError

HERE = Path(__file__).resolve().parent

# (typed, what a reader means by it): a headword key whose term card should come back, or "" to
# only print what it became.
FORGIVING = [
    ("kindergarden", ""),
    ("zero wast city", "无废城市"),
    ("zero waste cities", "无废城市"),
    ("city zero waste", "无废城市"),
    ("hundred boat plan", "百舸计划"),
    ("sharp eye project", "雪亮工程"),
    ("litle giant", "小巨人企业"),
    ("shuang wan economic development", "双万"),
    ("双万 economic development", "双万"),
    ("xqzvbnmkp", ""),
    ("rural revitalization", ""),
    # the termbase's English with a word typed as Chinese, a function word beside characters, and
    # letters read partly as pinyin with a plural head (issue 14.4's left cases)
    ("zero-waste 城市", "无废城市"),
    ("At 最多 One Visit reform", "最多跑一次"),
    ("Shan-Shui Initiatives", "山水工程"),
    # the same in another order (said as the rendering), and English beside characters where two
    # shorthand share the English (瞪羚企业, 瞪羚: the fuller first) (issue 14.4, 2026-12-02)
    ("城市 zero-waste", "无废城市"),
    ("瞪羚 enterprises", "瞪羚企业"),
]


PARALLEL = HERE.parent.parent / "shared" / "corpus" / "parallel"


def map_gaps(engine: Engine, texts) -> tuple[int, list[str]]:
    """(words, the ones the English map cannot read) of English texts."""
    words = {w for text in texts for w in english_words(text) if w.isalpha()}
    table = engine.reader().english.get("words", {})
    return len(words), sorted(w for w in words if not is_known(w, table))


def print_map_gaps(engine: Engine, name: str, texts, show: bool) -> None:
    total_words, unknown = map_gaps(engine, texts)
    print(f"English map: {total_words - len(unknown)} of {total_words} words of {name} "
          f"are read ({(total_words - len(unknown)) / max(total_words, 1):.1%})")
    if show:
        print("  not read: " + ", ".join(unknown[:60]) + (" …" if len(unknown) > 60 else ""))


TUNED_ON, HELD_OUT = "cpc_constitution_2017", "prc_constitution_2018"


def paired_recall(engine: Engine, name: str) -> tuple[int, int, Counter]:
    """(English words and phrases of the document's lines, those whose Chinese words stand in
    the paired Chinese line, the misses counted by word)."""
    table = engine.reader().english
    english = (PARALLEL / f"{name}.en.txt").read_text("utf-8").splitlines()
    chinese = (PARALLEL / f"{name}.zh.txt").read_text("utf-8").splitlines()
    total, found, misses = 0, 0, Counter()
    for en, zh in zip(english, chinese):
        zh = variants.normalize(zh)[0]
        for group in english_groups(en, table, limit=12):
            total += 1
            if any(word in zh for word, _ in group.words):
                found += 1
            else:
                misses[group.english.lower()] += 1
    return total, found, misses


def print_paired_recall(engine: Engine, show: bool) -> None:
    for name, which in ((TUNED_ON, "tuned on"), (HELD_OUT, "held out")):
        if not (PARALLEL / f"{name}.en.txt").exists():
            continue
        total, found, misses = paired_recall(engine, name)
        print(f"right words: {found} of {total} English words and phrases of {name} ({which}) "
              f"find a word of their Chinese line ({found / max(total, 1):.1%})")
        if show and name == TUNED_ON:
            print("  commonest misses: " + ", ".join(f"{w} {n}" for w, n in misses.most_common(60)))


def term_keys(result) -> set[str]:
    return {rendering_key(card["term"]) for card in result.terms}


NO_QUOTES = str.maketrans("", "", "\"'“”‘’「」『』")


def finds(result, wanted: str) -> bool:
    """A term card whose headword holds `wanted` (小巨人企业: “小巨人”企业 or 专精特新“小巨人”企业)."""
    return any(wanted in key for key in term_keys(result))


def pasted_renderings(engine: Engine, every: bool) -> tuple[list[tuple], list[tuple]]:
    """(found, missed): (rendering, headword, terms found?, paragraphs found?) per pasted rendering."""
    seen, found, missed = set(), [], []
    for term in engine.reader().terms:
        from_files = [r for r in term.english if r.confidence in CONFIDENCE_LEVELS]   # not literal glosses
        for rendering in from_files if every else from_files[:1]:
            key = rendering_key(term.term)
            if (key, rendering.text) in seen:
                continue
            seen.add((key, rendering.text))
            try:
                result = engine.search(rendering.text, limit=1)
            except QueryError as exc:
                missed.append((rendering.text, term.term, False, False, str(exc)))
                continue
            if rendering.part:
                # The English of a part of the headword (淘宝村 of 淘宝镇、淘宝村) is found when it
                # finds that part, not the whole headword it never names.
                part = rendering_key(rendering.part)
                term_found = any(part in k for k in term_keys(result)) or any(
                    part in variants.to_simplified(hit.text) for hit in result.hits)
            else:
                term_found = key in term_keys(result)
            row = (rendering.text, term.term, term_found, result.total > 0, "")
            (found if row[2] and row[3] else missed).append(row)
    return found, missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", default=str(HERE.parent / "index"))
    parser.add_argument("--all-renderings", action="store_true", help="paste every rendering, not only the preferred")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--latency", type=int, default=0, metavar="ROUNDS",
                        help="also time the English queries of bench/queries.txt and the typed forms")
    args = parser.parse_args(argv)
    engine = Engine(args.index)
    engine.search("warm up")
    # Every figure below depends on the index: the English map holds only the corpus's words, so
    # the same code gives 71.3% / 76.5% on the default collection and 70.3% / 75.1% on the reports folder.
    reader = engine.reader()
    print(f"index {args.index}: {len(reader.documents)} documents, {len(reader.terms)} glossary terms")
    started = time.perf_counter()
    found, missed = pasted_renderings(engine, args.all_renderings)
    elapsed = time.perf_counter() - started
    total = len(found) + len(missed)
    which = "every rendering" if args.all_renderings else "preferred renderings"
    print(f"pasted {which}: {len(found)} of {total} find their term and paragraphs "
          f"({elapsed / max(total, 1) * 1000:.1f} ms a query)")
    packaged = load_renderings()
    elsewhere = unmatched_renderings(engine.reader().terms, packaged)
    print(f"  (the packaged renderings files name {len(packaged)} terms; {len(elsewhere)} of them are "
          "no glossary term of this index, so have no term to find here)")
    for text, headword, term_found, paragraphs, error in missed if args.show_misses else []:
        print(f"  missed: {text!r} ({headword}): " + (error or f"term {'found' if term_found else 'not found'}, "
              f"paragraphs {'found' if paragraphs else 'not found'}"))
    for file_name in PACKAGED_RENDERINGS:
        texts = [r.text for rows in packaged_renderings(file_name).values() for r in rows if r.is_translation]
        print_map_gaps(engine, f"{file_name}'s renderings", texts, args.show_misses)
    english_files = sorted(PARALLEL.glob("*.en.txt"))
    if english_files:
        print_map_gaps(engine, "the official English of the parallel corpus (held out)",
                       [f.read_text("utf-8") for f in english_files], False)
        print_paired_recall(engine, args.show_misses)
    print("typed forms:")
    for typed, wanted in FORGIVING:
        result = engine.search(typed, limit=1)
        ok = "" if not wanted else ("  term found" if finds(result, wanted) else "  TERM MISSING")
        if wanted:      # (an index without glossaries has no term card: its first paragraph says)
            first = bool(result.hits) and wanted in variants.to_simplified(result.hits[0].text).translate(NO_QUOTES)
            ok += ", first hit holds it" if first else ", FIRST HIT LACKS IT"
        print(f"  {typed!r}: {result.total} paragraphs, kind {result.interpretation['kind']}{ok}")
        print(f"      {result.interpretation['description'][:160]}")
        for correction in result.interpretation["corrections"]:
            print(f"      said: did you mean “{correction['searched']}”? (typed {correction['typed']!r})")
    if args.latency:
        latency(engine, args.latency)
    return 0


def latency(engine: Engine, rounds: int) -> None:
    """Median and worst time of each query over `rounds` runs (after one to warm up)."""
    lines = (HERE / "queries.txt").read_text("utf-8").splitlines()
    queries = [line.partition(" ")[2] for line in lines if line.startswith(("english ", "mixed "))]
    queries += [typed for typed, _ in FORGIVING]
    medians, cpu_medians = [], []
    for query in queries:
        engine.search(query)
        times, cpu = [], []
        for _ in range(rounds):
            started, started_cpu = time.perf_counter(), time.process_time()
            engine.search(query)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        times.sort()
        cpu.sort()
        medians.append(times[len(times) // 2])
        cpu_medians.append(cpu[len(cpu) // 2])
        print(f"  {medians[-1]:7.1f} ms median, {times[-1]:7.1f} max, {cpu_medians[-1]:7.1f} CPU ms  {query}")
    medians.sort()
    # (CPU time: on a shared machine the wall time is mostly other work's)
    print(f"latency over {len(queries)} queries: median of medians {medians[len(medians) // 2]:.1f} ms, "
          f"worst median {medians[-1]:.1f} ms; CPU ms summed over the medians {sum(cpu_medians):.0f}, "
          f"median {sorted(cpu_medians)[len(cpu_medians) // 2]:.1f}")


if __name__ == "__main__":
    sys.exit(main())
