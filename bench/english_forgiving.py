"""Forgiving English as a user types it (issue 14.4), on English no feature was tuned on.

    .venv/bin/python bench/english_forgiving.py --reports IX [--parallel IX2] [--items 120] [--seed 7] [--show]

Two sources of English a user may type, each item with the Chinese it must find:

  termbase   the first official or attested rendering of every national termbase key the
             reports index (--reports) holds; found when the first hit holds the key
  parallel   from each line of the official English of ../shared/corpus/parallel (the PRC and
             CPC constitutions; --parallel, an index of that folder), a run of 2-4 words inside
             a clause, two of them words of 4+ letters, that no other line has; found when the first hit is that line's paragraph (its English
             holds the run)

Each item is typed in seven forms: as published, lower case, one slip in a word of 5+ letters
(a letter left out, added, changed, or two swapped), one noun's number changed (s added or
taken off), the content words in another order (every one of them, punctuation taken off:
before 2026-12-02 a word with a comma or hyphen was left out, `services government` for
"inter-provincial government services"), and one word replaced by its Chinese or by that
Chinese's toneless pinyin (the Chinese the index's English map gives the word that stands in
the target; where none does, the item has no such form), and that Chinese-word form in another
order ("order + Chinese", added 2026-12-02, drawn from its own generator so the other forms'
draws are unchanged). For the termbase, the two reordered forms are also counted for whether
the rendering was said in its order ("did you mean"), the first hit aside. The items are shuffled by the seed
and cut in two halves: "tuned" (looked at while fixing causes) and "held out" (never looked
at); each half is reported apart.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from english_slips import slipped  # noqa: E402
from termsearch import Engine  # noqa: E402
from termsearch.analysis import variants  # noqa: E402
from termsearch.english.renderings import load_renderings  # noqa: E402
from termsearch.english.words import STOPWORDS  # noqa: E402

PARALLEL = ROOT.parent / "shared" / "corpus" / "parallel"
FORMS = ("as published", "lower case", "one slip", "number changed", "word order", "a Chinese word", "a pinyin word",
         "order + Chinese")
# The forms in another order: for the termbase, also counted is whether the rendering was said in
# its order ("did you mean"), as a correction whose words are the rendering's.
REORDERED = ("word order", "order + Chinese")
_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
QUOTES = str.maketrans("", "", "\"“”‘’")
IN_TEXT_QUOTES = str.maketrans("", "", "\"'“”‘’「」『』")


def termbase_items(engine: Engine) -> list[tuple[str, str, str]]:
    """(English, key, key) for each national key with sourced English that the index holds."""
    items = []
    for key, rows in sorted(load_renderings().items()):
        sourced = [r for r in rows if r.is_translation and r.confidence in ("official", "attested")
                   and r.scope in ("", "national", "中国")]
        if not sourced or len(key) < 2 or len(_WORD.findall(sourced[0].text)) < 2:
            continue
        if engine.search(f'"{key}"', limit=1).total:
            items.append((sourced[0].text.translate(QUOTES).strip(), key, key))
    return items


def parallel_items(rng: random.Random) -> list[tuple[str, str, str]]:
    """(a run of 2-4 words only this line has, inside one clause, beginning and ending with a word of 4+ letters; the line's English; its
    Chinese) for each English line (line i of .en.txt translates line i of .zh.txt)."""
    pairs = [(en.strip(), zh.strip()) for path in sorted(PARALLEL.glob("*.en.txt"))
             for en, zh in zip(path.read_text(encoding="utf-8").splitlines(),
                               path.with_name(path.name.replace(".en.", ".zh.")).read_text(encoding="utf-8").splitlines())
             if en.strip() and zh.strip()]
    lowered = [" ".join(_WORD.findall(en)).lower() for en, _ in pairs]
    items = []
    for (line, chinese), low in zip(pairs, lowered):
        runs = []
        for clause in re.split(r"[,.;:()!?“”\"]", line):
            words = _WORD.findall(clause)
            runs += [words[i:i + n] for n in (3, 4, 2) for i in range(len(words) - n + 1)
                     if sum(_content(w) for w in words[i:i + n]) >= 2 and _content(words[i]) and _content(words[i + n - 1])]
        unique = [run for run in runs if sum(f" {' '.join(run).lower()} " in f" {other} " for other in lowered) == 1]
        if unique:
            items.append((" ".join(rng.choice(unique[:8])), line, chinese))
    return items


def _content(word: str) -> bool:
    """A word a user would type for what a line says (not `all`, `III`, `at`)."""
    return len(word) >= 4 and word.lower() not in STOPWORDS and not re.fullmatch(r"[IVXLC]+", word)


def reordered_words(english: str) -> list[str]:
    """The words a user puts in another order: every content word outside parentheses (a note
    there is not part of the name), its punctuation taken off, a hyphenated word (15-minute)
    and a number (11th) kept whole."""
    words = re.sub(r"\([^()]*\)", " ", english).split()
    words = [w.strip(",.;:!?\"“”‘’'") for w in words]
    return [w for w in words if w.lower() not in STOPWORDS and re.fullmatch(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*", w)]


def chinese_for(engine: Engine, word: str, target: str) -> str:
    """The Chinese the index's English map gives `word` that stands in `target`, or ""."""
    from termsearch.english.query_words import english_groups
    groups = english_groups(word, engine.live().vocabulary.english)
    return next((w for g in groups for w, _ in g.words if len(w) >= 2 and w in target), "")


def forms(english: str, target: str, engine: Engine, rng: random.Random) -> dict[str, str]:
    words = english.split()
    content = [i for i, w in enumerate(words) if w.lower().strip(",.;:()") not in STOPWORDS and w.isalpha()]
    out = {"as published": english, "lower case": english.lower()}
    long_words = [i for i in content if len(words[i]) >= 5]
    if long_words:
        i = rng.choice(long_words)
        out["one slip"] = " ".join([*words[:i], slipped(words[i].lower(), rng), *words[i + 1:]])
    nouns = [i for i in content if len(words[i]) >= 4 and not words[i].lower().endswith(("ss", "ing", "ed"))]
    if nouns:
        i = rng.choice(nouns)
        w = words[i]
        changed = w[:-1] if w.lower().endswith("s") else w + "s"
        out["number changed"] = " ".join([*words[:i], changed, *words[i + 1:]])
    kept = reordered_words(english)
    if len(set(kept)) >= 2:             # (two words alike have no other order)
        order = kept[:]
        while order == kept:
            rng.shuffle(order)
        out["word order"] = " ".join(order)
    for i in rng.sample(content, len(content)):
        chinese = chinese_for(engine, words[i], target)
        if chinese:
            from pypinyin import lazy_pinyin
            out["a Chinese word"] = " ".join([*words[:i], chinese, *words[i + 1:]])
            out["a pinyin word"] = " ".join([*words[:i], "".join(lazy_pinyin(chinese)), *words[i + 1:]])
            # (its own generator: the forms above draw from `rng` as before 2026-12-02)
            mixed = reordered_mixed(out["a Chinese word"], random.Random(f"{english}|{target}"))
            if mixed:
                out["order + Chinese"] = mixed
            break
    return out


def reordered_mixed(typed: str, rng: random.Random) -> str:
    """The words of an English query with a word typed as Chinese, in another order (punctuation
    and stop words taken off, as for "word order"), or "" when there is no other order."""
    kept = [w for w in (w.strip(",.;:!?()\"“”‘’'") for w in typed.split()) if w and w.lower() not in STOPWORDS]
    if len(set(kept)) < 2:
        return ""
    order = kept[:]
    while order == kept:
        rng.shuffle(order)
    return " ".join(order)


def said_in_order(result, english: str) -> bool:
    """Whether the search said the published rendering as a correction (its words, quotes aside)."""
    wanted = english.translate(QUOTES).lower().split()
    return any(c["searched"].translate(QUOTES).lower().split() == wanted for c in result.interpretation["corrections"])


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--reports", type=Path, required=True, help="an index of the reports folder")
    p.add_argument("--parallel", type=Path, help="an index of ../shared/corpus/parallel")
    p.add_argument("--items", type=int, default=120, help="items drawn from each source")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--show", action="store_true", help="list the tuned half's misses")
    args = p.parse_args(argv)
    rng = random.Random(args.seed)
    sources = [("termbase", Engine(args.reports), None)]
    if args.parallel:
        sources.append(("parallel", Engine(args.parallel), None))
    for name, engine, _ in sources:
        items = termbase_items(engine) if name == "termbase" else parallel_items(rng)
        rng.shuffle(items)
        items = items[:args.items]
        half = len(items) // 2
        tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        said: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        for n, (english, target, chinese) in enumerate(items):
            part = "tuned" if n < half else "held out"
            for form, typed in forms(english, chinese, engine, rng).items():
                result = engine.search(typed, limit=1)
                hits = result.hits
                if name == "termbase" and form in REORDERED:
                    said[(form, part)][0] += said_in_order(result, english)
                    said[(form, part)][1] += 1
                if name == "termbase":
                    # (“三权”分置 holds 三权分置: quotation marks inside a shorthand do not count)
                    found = bool(hits) and target in variants.to_simplified(hits[0].text).translate(IN_TEXT_QUOTES)
                else:
                    found = bool(hits) and " ".join(hits[0].english.split()) == " ".join(target.split())
                tally[(form, part)][0] += found
                tally[(form, part)][1] += 1
                if args.show and part == "tuned" and not found:
                    print(f"MISS {name} {form:14} «{typed}» → {target[:40]}" + (f"  (published «{english}»)" if form != "as published" else ""))
        print(f"{name}: {len(items)} items (seed {args.seed}), first hit the target, tuned | held out")
        for form in FORMS:
            (a, b), (c, d) = tally[(form, "tuned")], tally[(form, "held out")]
            print(f"  {form:15} {a:3}/{b:<3} | {c:3}/{d:<3}")
        for form in REORDERED if name == "termbase" else ():
            (a, b), (c, d) = said[(form, "tuned")], said[(form, "held out")]
            print(f"  {form + ', said':24} {a:3}/{b:<3} | {c:3}/{d:<3}  (the rendering said in its order)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
