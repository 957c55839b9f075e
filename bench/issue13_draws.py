"""Candidate draws of quality.py's 160 words, each measured as issue 13's table was (issue 13).

    .venv/bin/python bench/issue13_draws.py --index DIR [--draws words,content,...] [--seeds 13,14,15]

Which draw gives a set "like the one above" (the issue's table: characters 0.94 paragraph in the
top 10, spaced 0.83 / 0.76 holding, joined 0.86 / 0.84, initials 0.85 / 0.79, one slip 0.56 with
58 of 160 finding nothing / 0.85, deletions 0.31, spaced read as English 36 of 160)? Run on an
index built by the code of the issue's filing with that code first on PYTHONPATH (bench/README.md).
Each draw shuffles its word list with the seed, then types each word as quality.py does:

    words          quality.py's --draw words: every distinct word of jieba's cut as likely
    search         the words of jieba's search mode (the index's vocabulary, parts of words too)
    vocab          the index's own vocab.json, a paragraph holding the word at random
    content        words, without function words and numerals (jieba's part-of-speech tags) and
                   words holding a numeral character
    nohmm / hmm    words in jieba's dictionary only / words only jieba's HMM finds
    atmostN        words in at most N paragraphs
    lenN           words of at least N characters
    a+b            several filters at once: dict (jieba's dictionary), content, atmostN
    paraword       a random paragraph, then a random content word of it
    paraword-rare  a random paragraph, then its rarest word
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import quality as Q  # noqa: E402

ISSUE = "chars .94/1.00 | spaced .83/.76 | joined .86/.84 | initials .85/.79 | slip .56/.85 nothing 58 | del .31 | English 36"


class Corpus:
    """The paragraphs of an index cut by jieba both ways, with the filters the draws use."""

    def __init__(self, index: Path):
        from jieba import posseg

        from termsearch.analysis import segment, variants

        self.variants, self.posseg = variants, posseg
        self.paragraphs = Q.paragraphs_of(index)
        self.jieba = segment._jieba()
        self.sources: dict = {}             # jieba's cut, as quality.py
        self.search_sources: dict = {}      # jieba's search mode
        self.words_of: dict = {}            # paragraph → its words (jieba's cut)
        for p in self.paragraphs:
            written = p["text"]
            simplified = variants.to_simplified(written)
            if len(simplified) != len(written):
                continue
            start, words = 0, []
            for w in self.jieba.cut(simplified):
                if Q._HAN_WORD.match(w):
                    self.sources.setdefault(w, []).append((p["id"], written[start:start + len(w)]))
                    words.append(w)
                start += len(w)
            self.words_of[p["id"]] = words
            for w in set(self.jieba.cut_for_search(simplified)):
                if Q._HAN_WORD.match(w):
                    self.search_sources.setdefault(w, []).append((p["id"], w))
        self.texts = "\x00".join(p["norm"] for p in self.paragraphs)
        self.holders: dict = {}
        Engine, _, current_build = Q._library()
        self.vocab_json = json.loads((current_build(index) / "vocab.json").read_text(encoding="utf-8"))["words"]
        self.engine = Engine(index)

    def paragraphs_holding(self, w: str) -> int:
        if w not in self.holders:
            self.holders[w] = Q._paragraphs_holding(self.texts, self.variants.normalize(w)[0])
        return self.holders[w]

    def contentful(self, w: str) -> bool:
        tagged = self.posseg.lcut(w, HMM=False)
        tag = tagged[0].flag if len(tagged) == 1 else ""
        return tag not in Q._FUNCTION_TAGS and not Q._NUMERAL.search(w)

    def holding_paragraphs(self, w: str) -> list:
        norm = self.variants.normalize(w)[0]
        return [(p["id"], w) for p in self.paragraphs if norm in p["norm"]] or [(self.paragraphs[0]["id"], w)]

    def order(self, draw: str, rng: random.Random) -> tuple[list[str], object]:
        """The words in the order drawn, and where each word's paragraphs are looked up."""
        vocab = sorted(self.sources)
        tests = {"dict": lambda w: bool(self.jieba.FREQ.get(w)), "content": self.contentful,
                 "nohmm": lambda w: bool(self.jieba.FREQ.get(w)), "hmm": lambda w: not self.jieba.FREQ.get(w)}
        if draw.startswith("paraword"):
            ids, out, seen = sorted(self.words_of), [], set()
            while len(out) < 400:
                words = [w for w in self.words_of[rng.choice(ids)] if w not in seen]
                if draw == "paraword":
                    words = [w for w in words if self.contentful(w)]
                    w = rng.choice(words) if words else None
                else:
                    w = min(words, key=lambda w: (len(self.sources[w]), rng.random())) if words else None
                if w:
                    seen.add(w)
                    out.append(w)
            return out, self.sources.__getitem__
        if draw == "search":
            v = sorted(self.search_sources)
            rng.shuffle(v)
            return v, self.search_sources.__getitem__
        if draw == "vocab":
            v = sorted(w for w in self.vocab_json if Q._HAN_WORD.match(w))
            rng.shuffle(v)
            return v, self.holding_paragraphs
        keep = []
        for part in draw.split("+"):
            if part in tests:
                keep.append(tests[part])
            elif part.startswith("atmost"):
                keep.append(lambda w, n=int(part[6:]): self.paragraphs_holding(w) <= n)
            elif part.startswith("len"):
                keep.append(lambda w, n=int(part[3:]): len(w) >= n)
            elif part != "words":
                raise SystemExit(f"issue13_draws: unknown draw {part!r}")
        v = [w for w in vocab if all(k(w) for k in keep)]
        rng.shuffle(v)
        return v, self.sources.__getitem__

    def items(self, draw: str, seed: int, count: int = 160) -> list[dict]:
        rng = random.Random(seed)
        words, paragraphs_of_word = self.order(draw, rng)
        items = []
        for simple in words:
            syllables = Q.toneless_reading(simple)
            if len(syllables) != len(simple) or not all(s.isalpha() for s in syllables):
                continue
            paragraph, as_written = rng.choice(paragraphs_of_word(simple))
            joined = "".join(syllables)
            items.append({"word": simple, "written": as_written, "paragraph": paragraph, "half": "tuning",
                          "norm": self.variants.normalize(simple)[0], "simplified": simple,
                          "traditional": self.variants.to_traditional(simple), "spaced": " ".join(syllables),
                          "joined": joined, "initials": "".join(s[0] for s in syllables) if len(syllables) >= 3 else None,
                          "slip": Q.one_slip(joined, rng)})
            items[-1]["slip_kind"] = Q.slip_kind(joined, items[-1]["slip"])
            if len(items) == count:
                break
        return items

    def row(self, draw: str, seed: int) -> str:
        items = self.items(draw, seed)
        r = Q.measure(self.engine, items, self.paragraphs, [], Q.FORMS)
        f = {k: v["all"] for k, v in r["forms"].items()}
        english = sum("English" in self.engine.search(it["spaced"], limit=1).interpretation.get("description", "")
                      for it in items)
        deletions = r["forms"]["slip"].get("by_kind", {}).get("delete", {}).get("in_top10", 0)
        return (f"{draw:<16}{seed:>3} chars {f['simplified']['in_top10']:.2f}/{f['simplified']['holding']:.2f} | "
                f"spaced {f['spaced']['in_top10']:.2f}/{f['spaced']['holding']:.2f} | "
                f"joined {f['joined']['in_top10']:.2f}/{f['joined']['holding']:.2f} | "
                f"initials {f['initials']['in_top10']:.2f}/{f['initials']['holding']:.2f} (n {f['initials']['n']}) | "
                f"slip {f['slip']['in_top10']:.2f}/{f['slip']['holding']:.2f} nothing {f['slip']['nothing']} | "
                f"del {deletions:.2f} | English {english}")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("--draws", default="words,content,atmost50,content+atmost50")
    p.add_argument("--seeds", default="13,14,15")
    args = p.parse_args(argv)
    corpus = Corpus(args.index)
    corpus.engine.search("jingji", limit=1)
    print(f"{'issue 13':<19} {ISSUE}")
    for draw in args.draws.split(","):
        for seed in (int(s) for s in args.seeds.split(",")):
            print(corpus.row(draw, seed), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
