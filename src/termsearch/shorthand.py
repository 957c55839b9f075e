"""Quoted policy shorthand (“两个确立”, “六稳”, “放管服”, “1+N”): found in a text's quotation
marks, and told apart from quoted titles, names, speech and ordinary words by the rules of
data/shorthand.txt.

Finding is cheap and runs at build time (collection.py keeps every quoted span of every
document); the word facts a rule needs (is the span a dictionary word, how much of it is made
of dictionary words) are computed then too, with jieba and CC-CEDICT loaded; the rules
themselves are applied when the spans are read, so editing the data file needs no rebuild.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from .analysis import variants

MAX_SPAN = 40           # longer quotations are never kept as candidates (speech, whole clauses)
CONTEXT_CHARS = 24      # characters of context kept on each side of a use
MAX_FACTS_SPAN = 16     # word facts are looked up for spans up to this long (the rules stop at 10)


@dataclass
class Rules:
    quotes: list[tuple[str, str]]
    shapes: list[re.Pattern[str]]
    excludes: list[re.Pattern[str]]
    ordinary: frozenset[str] = frozenset()      # spans labelled by hand as not shorthand
    min_compressed_share: float = 0.5
    max_compressed_chars: int = 6
    quoted: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self):
        alternatives = [f"{re.escape(o)}([^{re.escape(o + c)}\n]{{1,{MAX_SPAN}}}){re.escape(c)}"
                        for o, c in self.quotes]
        self.quoted = re.compile("|".join(alternatives))


def parse_rules(text: str) -> Rules:
    sections: dict[str, list[str]] = {"quotes": [], "shape": [], "exclude": [], "ordinary": [], "settings": []}
    current = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]") and line[1:-1] in sections:
            current = line[1:-1]       # a rule may look like a heading too: [，。；] is a class
            continue
        if current is None:
            raise ValueError(f"shorthand rules line {number}: a rule before any [section]")
        sections[current].append(line)
    settings = {}
    for line in sections["settings"]:
        name, _, value = (part.strip() for part in line.partition("="))
        settings[name] = float(value) if "." in value else int(value)
    return Rules(
        quotes=[tuple(line.split()[:2]) for line in sections["quotes"]],
        shapes=[re.compile(p) for p in sections["shape"]],
        excludes=[re.compile(p) for p in sections["exclude"]],
        ordinary=frozenset(span_key(line.split()[0]) for line in sections["ordinary"]),
        **settings,
    )


@cache
def default_rules() -> Rules:
    return parse_rules(resources.files("termsearch").joinpath("data/shorthand.txt").read_text(encoding="utf-8"))


def load_rules(path: Path | str | None = None) -> Rules:
    return default_rules() if path is None else parse_rules(Path(path).read_text(encoding="utf-8"))


@lru_cache(maxsize=1 << 16)
def span_key(inner: str) -> str:
    """The form spans are counted under: Simplified, no spaces (“雙碳” and “双 碳” are 双碳)."""
    return re.sub(r"\s+", "", variants.normalize(inner)[0])


def quoted_spans(text: str, rules: Rules | None = None):
    """(start, end, inner text) of every quoted span of `text`; start/end include the marks."""
    rules = rules or default_rules()
    for m in rules.quoted.finditer(text):
        inner = next(g for g in m.groups() if g is not None)
        if inner.strip():
            yield m.start(), m.end(), inner.strip()


def word_facts(key: str) -> dict:
    """What the rules need to know about a span's words: whether it is a dictionary word
    (jieba's or CC-CEDICT's) and the share of its characters that no dictionary word of two or
    more characters covers (放管服: 1.0, 经济扩张: 0.0). Needs jieba and CC-CEDICT: build time."""
    from .analysis import segment

    if len(key) > MAX_FACTS_SPAN:
        return {"word": False, "compressed": 0.0}      # a clause, not a word: no rule asks
    cedict = _cedict()

    def is_word(text: str) -> bool:
        return text in cedict or segment.in_dictionary(text)

    # The largest number of characters words of 2+ characters can cover (dynamic programming).
    n = len(key)
    best = [0] * (n + 1)
    for end in range(1, n + 1):
        best[end] = best[end - 1]
        for start in range(max(0, end - 8), end - 1):
            if best[start] + end - start > best[end] and is_word(key[start:end]):
                best[end] = best[start] + end - start
    return {"word": is_word(key), "compressed": round(1 - best[n] / n, 3) if n else 0.0}


@cache
def _cedict() -> dict:
    """CC-CEDICT's headwords (found once: cedict.load_cedict works out its file each call)."""
    from .english import cedict

    return cedict.load_cedict()


def classify(key: str, facts: dict, rules: Rules | None = None) -> tuple[bool, str]:
    """(is shorthand, why): the rule that decided."""
    rules = rules or default_rules()
    if key in rules.ordinary:
        return False, "listed as a quoted ordinary word"
    for pattern in rules.excludes:
        if pattern.search(key):
            return False, f"excluded by {pattern.pattern}"
    for pattern in rules.shapes:
        if pattern.search(key):
            return True, "shape"
    if facts.get("word"):
        return False, "a dictionary word"
    if len(key) > rules.max_compressed_chars:
        return False, "too long for a compressed form"
    if facts.get("compressed", 0.0) >= rules.min_compressed_share:
        return True, "compressed"
    return False, "made of ordinary words"
