"""Ampersand initialisms (R&D, M&A): what they stand for, as published English says it.

`R&D` is one word of English, not the letters r and d: a query reads it as the phrase it
abbreviates ("research and development" → 研发). The meanings come from English no collection
changes, and only where a source ties the letters to their Chinese:

- CC-CEDICT gives the initialism beside its expansion ("mergers and acquisitions (M&A)" of
  兼并与收购, "Rhythm and Blues R&B"), or as the whole sense (AT&T);
- a packaged rendering uses it (termbase: 研发费用加计扣除 "super deduction of R&D expenses"), and
  a word inside that key has a CC-CEDICT sense whose words begin with its letters ("research and
  development" of 研发) — letters alone would be ambiguous (remote and desolate, rules and discipline).
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from importlib import resources

from .cedict import cedict_path, load_cedict
from .disk_cache import disk_cached
from .renderings import PACKAGED_RENDERINGS, load_renderings
from .words import english_words

AMPERSAND_INITIALISM = re.compile(r"(?<![\w&])([A-Za-z]{1,3})[&＆]([A-Za-z]{1,3})(?![\w&])")
_MAX_PART = 6            # characters of a rendering's key tried as one CC-CEDICT word


def initials(english: str) -> str:
    """The initials of an expansion's content words: "research and development" → "rd"."""
    return "".join(w[0] for w in english_words(english))


def letters(initialism: str) -> str:
    return re.sub(r"[^a-z]", "", initialism.lower())


def meanings(initialism: str) -> tuple[tuple[str, str], ...]:
    """(expansion, Chinese word) pairs for an initialism as typed (case does not matter), best
    first; () when no source ties it to a Chinese word."""
    return _table().get(initialism.lower().replace("＆", "&"), ())


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[tuple[str, str], ...]]:
    # Keyed by the packaged renderings too: a termbase row that uses an initialism changes it.
    digest = hashlib.sha1(b"".join(resources.files("termsearch.data").joinpath(name).read_bytes()
                                   for name in PACKAGED_RENDERINGS)).hexdigest()[:12]
    path = str(cedict_path())
    return disk_cached(f"initialisms-{digest}", path, lambda: _make_table(path))


def _make_table(path: str) -> dict[str, tuple[tuple[str, str], ...]]:
    cedict = load_cedict(path)
    found: dict[str, dict[tuple[str, str], None]] = {}

    def add(initialism: str, expansion: str, chinese: str) -> None:
        found.setdefault(initialism.lower(), {})[(" ".join(expansion.split()), chinese)] = None

    # CC-CEDICT: the initialism beside the words it abbreviates, or as the whole sense.
    for word, entries in cedict.items():
        for entry in entries:
            for sense in entry.senses:
                if "&" not in sense:
                    continue
                for m in AMPERSAND_INITIALISM.finditer(sense):
                    initialism = m.group(0)
                    before = re.sub(r"[(\s]+$", "", sense[:m.start()]).split(",")[-1].strip()
                    if sense.strip() == initialism:
                        add(initialism, initialism, word)
                    elif before and initials(before) == letters(initialism):
                        add(initialism, before, word)
    # The packaged renderings: an initialism in the English of a key, and a word of that key
    # whose CC-CEDICT sense the initialism's letters begin.
    for key, rows in load_renderings().items():
        for row in rows:
            for m in AMPERSAND_INITIALISM.finditer(row.text):
                initialism = m.group(0)
                for start in range(len(key)):
                    for end in range(start + 2, min(len(key), start + _MAX_PART) + 1):
                        for entry in cedict.get(key[start:end], ()):
                            for sense in entry.senses:
                                plain = re.sub(r"^to ", "", sense.split("(")[0].strip())
                                if " and " in plain and initials(plain) == letters(initialism):
                                    add(initialism, plain, key[start:end])
    return {k: tuple(v) for k, v in found.items()}
