"""Dictionary glosses of the corpus's words for the reader, from CC-CEDICT: the reading the
corpus uses first, real senses before cross-references."""
from __future__ import annotations

import re
from typing import Iterable, Mapping

from ..analysis import pinyin as pinyin_mod
from ..analysis.chars import has_han
from ..analysis.tones import marked_pinyin
from .cedict import DictEntry, is_sense, load_cedict

MAX_SENSES = 8
MAX_READINGS = 4


_DISPLAY_REF = re.compile(r"(?:[^\s\[\]|,;/()]+\|)?([^\s\[\]|,;/()]+)\[([^\]]*)\]")


def _display_sense(sense: str) -> str:
    """`abbr. for 自由貿易區|自由贸易区[zi4 you2 mao4 yi4 qu1]` → `abbr. for 自由贸易区 (zì yóu mào yì qū)`."""
    return _DISPLAY_REF.sub(lambda m: f"{m.group(1)} ({marked_pinyin(m.group(2))})", sense)


def glosses(words: Iterable[str] | Mapping[str, str], cedict_file: str | None = None) -> dict[str, dict]:
    """Dictionary glosses of the Chinese words that CC-CEDICT has, for the reader:
    {word: {"pinyin": "yòu ér yuán", "english": ["kindergarten", "nursery school"]}}, plus
    "more": [{"pinyin", "english"}, ...] for a word with other readings (长: cháng, zhǎng).

    Pass a mapping word → tone-marked reading (readings.json's) to put the reading the corpus uses
    first. Classifier notes (CL:...) are left out; cross-references are kept, as in a dictionary.
    """
    cedict = load_cedict(cedict_file)
    readings = words if isinstance(words, Mapping) else {}
    out: dict[str, dict] = {}
    for word in words:
        if not has_han(word) or word not in cedict:
            continue
        corpus_reading = readings.get(word) or ""
        if isinstance(corpus_reading, (list, tuple)):          # an older build's [count, reading]
            corpus_reading = corpus_reading[1] if len(corpus_reading) > 1 else ""
        shown = []
        for entry in _reader_order(cedict[word], str(corpus_reading)):
            senses = [_display_sense(s) for s in entry.senses if not s.lower().startswith("cl:")]
            if senses:
                shown.append({"pinyin": marked_pinyin(entry.pinyin), "english": senses[:MAX_SENSES]})
        if not shown:
            continue
        first, rest = shown[0], shown[1:MAX_READINGS]
        out[word] = {**first, "more": rest} if rest else first
    return out


def _reader_order(entries: tuple[DictEntry, ...], corpus_reading: str) -> list[DictEntry]:
    """Common words before proper names, real senses before cross-references, and the reading
    the corpus uses (if known) before all."""
    wanted = corpus_reading.lower().split()
    wanted_toneless = [pinyin_mod.toneless(s) for s in wanted]

    def rank(item: tuple[int, DictEntry]) -> tuple:
        position, entry = item
        marked = marked_pinyin(entry.pinyin).lower().split()
        toneless = [pinyin_mod.toneless(s) for s in marked]
        return (
            0 if wanted and marked == wanted else 1 if wanted and toneless == wanted_toneless else 2,
            entry.pinyin[:1].isupper(),
            not any(is_sense(s) for s in entry.senses),
            position,
        )

    return [entry for _, entry in sorted(enumerate(entries), key=rank)]
