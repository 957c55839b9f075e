"""Search-as-you-type suggestions: glossary terms first (by characters, pinyin, initials or their
English renderings, typed so far), then frequent corpus words. Prefix tables are built once per index build, so a call is a
few bisections (well under 5 ms)."""
from __future__ import annotations

import bisect
import heapq
import re
import threading
import unicodedata
import weakref
from dataclasses import dataclass

from . import memory
from .analysis import chars, termforms, tones, variants
from .model import Term

MAX_TYPED = 64              # a suggestion is for the start of a query; longer input gets none
_LETTERS_ONLY = re.compile(r"^[a-z]+$")
_VOWELS = set("aeiouv")

# Scores: a form typed from its start beats one found inside; characters beat pinyin a little.
EXACT, PREFIX, INSIDE = 100, 80, 40


@dataclass
class _TermForms:
    term: Term
    han: list[str]              # matching forms (Simplified, folded) of headword and aliases
    latin: list[str]            # aliases and headwords written in letters or digits (IP, 5080)
    pinyin: list[str]           # joined toneless pinyin of each Han form
    syllables: list[list[str]]  # toneless syllables of each Han form (for 双wan)
    initials: list[str]
    english: list[tuple[str, str]]   # (key, rendering as written) of each English rendering


_NOT_WORD = re.compile(r"[^0-9a-z]+")
MIN_ENGLISH = 3             # letters typed before English renderings are offered


def english_key(text: str) -> str:
    """`Zero-Waste City` → `zero waste city`: what English renderings are matched by."""
    folded = unicodedata.normalize("NFKD", text.lower())
    return _NOT_WORD.sub(" ", "".join(c for c in folded if not unicodedata.combining(c))).strip()


def letters_key(typed: str) -> str:
    """`Shuāng Wàn`, `shuang1 wan4`, `lǜ` → `shuangwan`, `lv`: what pinyin keys are compared with."""
    return tones.toneless_letters(typed)


def _syllables(form: str, reading: list[str] | None = None) -> list[str]:
    from .analysis import pinyin

    items = reading if reading is not None else pinyin.reading(form)
    return [letters_key(s) for s in items]


class SuggestIndex:
    """Prefix tables over one build's glossary and vocabulary."""

    def __init__(self, terms: list[Term], words: dict[str, int], readings: dict[str, str],
                 form_readings: dict[str, str] | None = None):
        """`form_readings`: the terms' forms' readings as the build stored them (a form not
        there, as in an older build, is read with pypinyin)."""
        form_readings = form_readings or {}
        self.terms: list[_TermForms] = []
        for term in terms:
            han, latin = termforms.typed_forms(term)
            syllables = [_syllables(form, form_readings[form].split() if form in form_readings else None)
                         for form in han]
            self.terms.append(_TermForms(
                term=term, han=han, latin=[letters_key(f) or f for f in latin],
                pinyin=["".join(s) for s in syllables], syllables=syllables,
                initials=["".join(x[:1] for x in s) for s in syllables if len(s) >= 2],
                english=[(english_key(r.text), r.text) for r in term.english
                         if r.is_translation and english_key(r.text)],
            ))
        # Corpus words are kept Simplified; shown "as written" they follow most of the glossary.
        written_traditional = sum(t.term != t.simplified for t in terms)
        self.words_script = "hant" if written_traditional * 2 > len(terms) else "hans"
        # Words worth suggesting: Chinese words of two or more characters. The vocabulary's own
        # tables are read, not copied (copies were tens of MB on the whole corpus).
        self.count = words
        self._readings = readings
        self.han_sorted = sorted(w for w, n in words.items() if len(w) >= 2 and chars.has_han(w) and n > 0)
        keyed_words, pinyin_keys, initial_keys = [], [], []
        for word in self.han_sorted:
            syllables = [letters_key(s) for s in self.reading(word).split()]
            if syllables and all(syllables):
                keyed_words.append(word)
                pinyin_keys.append("".join(syllables))
                initial_keys.append("".join(s[0] for s in syllables))
        # By key, then by word (a stable sort of words already in order).
        by_pinyin = sorted(range(len(keyed_words)), key=pinyin_keys.__getitem__)
        self.pinyin_keys = list(map(pinyin_keys.__getitem__, by_pinyin))
        self.pinyin_words = list(map(keyed_words.__getitem__, by_pinyin))
        by_initials = sorted(range(len(keyed_words)), key=initial_keys.__getitem__)
        self.initial_keys = list(map(initial_keys.__getitem__, by_initials))
        self.initial_words = list(map(keyed_words.__getitem__, by_initials))

    def reading(self, word: str) -> str:
        """A word's tone-marked reading ("" when the index has none)."""
        return self._readings.get(word, "")

    # ---- terms

    def match_terms(self, norm: str, letters: str, han_prefix: str, tail: str,
                    english: str = "") -> list[tuple[int, str, _TermForms]]:
        found = []
        initials_ok = len(letters) >= 2 and not (set(letters) & _VOWELS)
        for order, forms in enumerate(self.terms):
            score, how = 0, "other"
            if han_prefix:          # characters then pinyin: 双wan, 三区s
                for form, syllables in zip(forms.han, forms.syllables):
                    if form.startswith(han_prefix) and len(syllables) == len(form):
                        rest = "".join(syllables[len(han_prefix):])
                        if rest.startswith(tail):
                            score, how = PREFIX, "pinyin"
            elif chars.has_han(norm):
                for i, form in enumerate(forms.han):
                    s = EXACT if form == norm else PREFIX if form.startswith(norm) else INSIDE if norm in form else 0
                    if s > score:
                        score, how = s, "characters" if i == 0 else "alias"
            else:
                for form in forms.latin:
                    key = letters_key(norm) or norm if _LETTERS_ONLY.match(form) else norm
                    if form == key or form.startswith(key):
                        score, how = (EXACT if form == key else PREFIX) + 5, "alias"
                if letters and score < PREFIX:
                    for key in forms.pinyin:
                        if key.startswith(letters):
                            s = (EXACT if key == letters else PREFIX) - 5
                            if s > score:
                                score, how = s, "pinyin"
                if initials_ok and score < PREFIX:
                    for key in forms.initials:
                        if key.startswith(letters):
                            s = (EXACT if key == letters else PREFIX) - 10
                            if s > score:
                                score, how = s, "initials"
                if len(english.replace(" ", "")) >= MIN_ENGLISH and score < PREFIX:
                    for key, _ in forms.english:
                        # From the start of the rendering, or of one of its words.
                        s = (EXACT - 15 if key == english else PREFIX - 15 if key.startswith(english)
                             else INSIDE if f" {english}" in f" {key}" else 0)
                        if s > score:
                            score, how = s, "english"
            if score:
                found.append((-score, len(forms.han[0]) if forms.han else 99, order, how, forms))
        found.sort(key=lambda f: f[:3])
        return [(-f[0], f[3], f[4]) for f in found]

    # ---- words

    def _prefix_range(self, keys: list[str], prefix: str) -> tuple[int, int]:
        lo = bisect.bisect_left(keys, prefix)
        hi = bisect.bisect_left(keys, prefix + "\uffff")
        return lo, hi

    def match_words(self, norm: str, letters: str, han_prefix: str, tail: str, limit: int) -> list[tuple[str, str]]:
        candidates: dict[str, str] = {}
        if han_prefix:
            lo, hi = self._prefix_range(self.han_sorted, han_prefix)
            for word in self.han_sorted[lo:hi]:
                syllables = [letters_key(s) for s in self.reading(word).split()]
                if len(syllables) == len(word) and "".join(syllables[len(han_prefix):]).startswith(tail):
                    candidates[word] = "pinyin"
        elif chars.has_han(norm):
            lo, hi = self._prefix_range(self.han_sorted, norm)
            for word in self.han_sorted[lo:hi]:
                candidates[word] = "characters"
        elif letters:
            lo, hi = self._prefix_range(self.pinyin_keys, letters)
            for word in self.pinyin_words[lo:hi]:
                candidates.setdefault(word, "pinyin")
            if len(letters) >= 2 and not (set(letters) & _VOWELS):
                lo, hi = self._prefix_range(self.initial_keys, letters)
                for word in self.initial_words[lo:hi]:
                    candidates.setdefault(word, "initials")
        best = heapq.nlargest(limit, candidates, key=lambda w: (self.count[w], -len(w)))
        return [(w, candidates[w]) for w in best]


_cache: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def suggest_index(engine) -> SuggestIndex:
    """The prefix tables of the engine's live build (rebuilt when a new build swaps in)."""
    live = engine.live()
    matcher = live.matcher
    vocab = live.vocabulary
    cached = _cache.get(engine)
    if cached is None or cached[0] is not matcher or cached[1] is not vocab:
        with _lock:
            cached = _cache.get(engine)
            if cached is None or cached[0] is not matcher or cached[1] is not vocab:
                cached = (matcher, vocab, SuggestIndex(matcher.terms, vocab.words, vocab.readings,
                                                       live.reader.form_readings))
                _cache[engine] = cached
                memory.give_back()      # the sorts' working lists
    return cached[2]


def _display(text: str, script: str) -> str:
    if script == "hans":
        return variants.to_simplified(text)
    if script == "hant":
        return variants.to_traditional(text)
    return text


def suggest(engine, typed: str, limit: int = 8, script: str = "orig") -> list[dict]:
    """Suggestions for what has been typed so far: terms, then words, at most `limit`.

    `script` converts the text shown ("orig" keeps terms as written; corpus words are kept in
    their matching form, Simplified, unless "hant" asks for Traditional).
    """
    if not isinstance(typed, str):
        return []
    typed = "".join(c for c in typed if unicodedata.category(c) not in ("Cc", "Cs"))[:MAX_TYPED]
    norm = termforms.unquoted(variants.normalize(typed)[0]).strip()
    if not norm:
        return []
    index = suggest_index(engine)
    letters = letters_key(norm) if re.search(r"[a-z]", norm) else ""
    han_prefix, tail = "", ""
    mixed = re.fullmatch(rf"([{chars.HAN}]+)\s*([a-zA-Z\u00c0-\u024f\u0300-\u036f' ]+\d?)", norm)
    if mixed:
        han_prefix, tail = mixed.group(1), letters_key(mixed.group(2))
    out: list[dict] = []
    seen: set[str] = set()
    english = "" if chars.has_han(norm) else english_key(typed)
    for score, how, forms in index.match_terms(norm.replace(" ", "") if chars.has_han(norm) else norm,
                                               letters, han_prefix, tail, english)[:limit]:
        term = forms.term
        seen.update(forms.han)
        text = termforms.unquoted(term.term)
        item = {
            "kind": "term", "id": term.id, "text": _display(text, script), "query": text,
            "pinyin": term.pinyin, "match": how,
            "definition": _display(term.definition[:80] + ("…" if len(term.definition) > 80 else ""), script),
        }
        if how == "english":        # the rendering that matched, to show beside the term
            item["english"] = next(r for k, r in forms.english
                                   if k.startswith(english) or f" {english}" in f" {k}")
        elif any(r.is_translation for r in term.english):   # a suggestion names a translation only
            item["english"] = next(r.text for r in term.english if r.is_translation)
        out.append(item)
    if not out and len(letters) >= 4 and not chars.has_han(norm):
        # Nothing by prefix: the search core's own term matching tolerates pinyin typos.
        for term in engine.matcher().match(typed)[:2]:
            text = termforms.unquoted(term.term)
            out.append({"kind": "term", "id": term.id, "text": _display(text, script), "query": text,
                        "pinyin": term.pinyin, "match": "other",
                        "definition": _display(term.definition[:80], script)})
    room = limit - len(out)
    if room > 0:
        for word, how in index.match_words(norm.replace(" ", "") if chars.has_han(norm) else norm,
                                           letters, han_prefix, tail, room + len(seen)):
            if word in seen or len(out) >= limit:
                continue
            shown_script = index.words_script if script == "orig" else script
            shown = variants.to_traditional(word) if shown_script == "hant" else word
            out.append({"kind": "word", "text": shown, "query": shown, "pinyin": index.reading(word),
                        "match": how, "count": index.count[word]})
    return out
