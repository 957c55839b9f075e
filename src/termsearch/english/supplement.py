"""The package's supplement to CC-CEDICT for policy English (data/english_supplement.tsv):
English words and phrases with the Chinese words official translations render them by, where
the dictionary glosses those words otherwise (乡村 "countryside", in official English "rural")."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

SUPPLEMENT_FILE = "english_supplement.tsv"
LATER_WORD_STEP = 0.1       # the second Chinese word of a row weighs 0.9, the third 0.8 …


@lru_cache(maxsize=1)
def supplement_rows() -> tuple[tuple[str, tuple[tuple[str, float], ...]], ...]:
    """((english, ((chinese, weight), ...)), ...) in the file's order."""
    text = resources.files("termsearch").joinpath("data", SUPPLEMENT_FILE).read_text("utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        english, _, chinese = line.partition("\t")
        words = chinese.split()
        rows.append((english.strip(), tuple((w, round(1.0 - LATER_WORD_STEP * i, 3)) for i, w in enumerate(words))))
    return tuple(rows)
