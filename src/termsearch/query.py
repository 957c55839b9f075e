"""What was typed → an interpretation (what we searched for) → a Whoosh query.

A query is parsed into a small tree (AND, OR, NOT, quoted phrases, parentheses). Each leaf is
read as characters, a number, pinyin (tone marks, tone numbers, none, joined), initials or a
mix of characters and pinyin. Pinyin is resolved to the words of the corpus that read that
way, so it never matches homophones that do not occur, and highlights land on those words.
"""
from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass, field

from whoosh import query as wq

from . import letter_reading
from .adjacency import Verified, run_pairs
from .analysis import analyzers, chars, phrasing, pinyin, variants
from .english import initialisms
from .english import language as english_language
from .english import query_words
from .english.spelling import SpellingCorrector, is_common_word, one_slip
from .english.term_match import packaged_termbase
from .english.words import STOPWORDS, english_words, run_pattern
from .letter_reading import MAX_PINYIN_WORDS, MAX_RUN_WORDS, MAX_RUNS_WEIGHED, RUN_DOMINANCE, RUN_MARGIN
from .model import QueryError
from .vocabulary import MAX_SEGMENTATIONS, Vocabulary

MAX_QUERY_CHARS = 512         # a rendering pasted whole fits (the longest packaged one is 279)
MAX_LEAVES = 16
MAX_INITIALS_WORDS = 8
CORRECTIONS_SEARCHED = 4     # readings one slip away searched together when none reads as typed
CORRECTION_BOOSTS = (1.0, 0.7, 0.5, 0.4)   # the commonest first
HELD_BESIDE_BOOST = 0.3      # characters side by side that read as typed, after the corrections
MAX_ROW_CHARACTERS = 12      # characters tried for a syllable typed beside characters (寮bu)
HELD_BESIDE = 1              # runs of two characters searched after the words one slip away
QUOTED_MARGIN = 1            # quoted shorthand beside a whole word: when quoted this many times more than it is used
ALL_PARTS_FIRST = 50.0       # added where an English query's every part is found: above any part alone
IN_A_ROW_FIRST = 25.0        # and more where the parts' words stand in a row (乡村振兴)
MAX_PARTS_IN_A_ROW = 4
RARE_PHRASE = 20             # a dictionary phrase whose words the index has fewer times is also read word by word
WORDS_IN_A_ROW = 3           # of each part, its likeliest words
TRANSLATION_FIRST = 100.0     # every English word in a paragraph's official English: above ALL_PARTS + IN_A_ROW
TRANSLATION_RUN = 50.0       # and more where they stand in a row there, in any order
TRANSLATION_IN_ORDER = 50.0  # and more in the order typed: above the Chinese side's ALL_PARTS + IN_A_ROW
MAX_TRANSLATION_RUN = 12     # words of a query looked for in a row in the order typed (a pasted sentence)
SHORTHAND_FIRST = 300.0      # the shorthand an English query is the termbase's English of: above any English tier
OTHER_PHRASING_SCORE = 0.5    # the other phrasing of characters (支援 for 支持): below the words typed
INSIDE_BOOST = 0.5           # a longer word holding the word searched counts half
OTHERWISE_CUT = 0.02         # its characters where the text does not hold it as a word: a tier
                             # below (a word's own score is seldom under 1, theirs ~0.1-0.5)
MAX_CONTAINING = 200        # longer words searched for a word not indexed inside them
MAX_HOLDERS = 3              # the commonest longer words a word is indexed inside, for where it stands alone
ALONE_USES = (10, 200)       # uses of a word between which they are (fewer fit on page one; of more, page one
                             # is a few of hundreds either way, not worth the longer words' postings)
ALONE_SHARE = 0.25           # and where the longer words' uses are at least this share of its own
MAX_PINYIN_SPAN = 6          # words of pinyin read together beside English ones
MAX_ENGLISH_GROUPS = 16      # parts of a long English text searched (a pasted paragraph)
COMMON_WORD = 1000           # occurrences above which an indexed word is searched as itself only
TONELESS_PINYIN = 0.8         # pinyin_likelihood of letters only (tones, ü or apostrophes are surely pinyin)

_OPERATORS = {"AND", "OR", "NOT"}
_UNSHOWN = ("run_pattern", "english_parts")     # Leaf fields the interpretation leaves out
_TOKEN = re.compile(r'\s*(?:(?P<quote>"[^"]*"?|“[^”]*”?|「[^」]*」?)|(?P<open>[(（])|(?P<close>[)）])|(?P<word>[^\s()（）"“”「」]+))')
# Latin words read together; a hyphenated English word too (state-owned enterprises is one phrase).
_LONE_AMPERSAND = re.compile(r"(?<!\S)[&＆](?!\S)")
_LATIN = re.compile(r"^(?:[A-Za-zÀ-ɏ:'’\d\u0300-\u036f]+|[A-Za-zÀ-ɏ]+(?:-[A-Za-zÀ-ɏ]+)+|[A-Za-z]{1,3}[&＆][A-Za-z]{1,3})$")


@dataclass
class Leaf:
    """One searched unit and how it was understood."""

    typed: str
    kind: str                   # characters | number | pinyin | initials | mixed | phrase | latin | english | unknown
    words: list[str]            # normalised Chinese words (or tokens) it became
    pinyin: str = ""            # the syllables it was read as, for pinyin leaves
    note: str = ""
    corrected: str = ""         # the letters searched instead of what was typed (one slip mended)
    # Other readings offered: {"reading", "words", "query"} — `query` searches that reading alone.
    alternatives: list[dict] = field(default_factory=list)
    # Words in a row: the runs the hits hold (专精特新, 资金投向), most paragraphs first (set by the search).
    runs: list[str] = field(default_factory=list)
    # Where the letters read as more than one run (or as runs beside whole words): a pattern whose
    # match in a hit is the run it holds, by which the search ranks the hits; "" when there is
    # nothing to choose between (高质量 发展, one run). Not part of the interpretation.
    run_pattern: str = ""
    # English: the words and phrases read, each with its Chinese (query_words.EnglishMatch),
    # for the search to compose shorthands from without reading the English again. Not shown.
    english_parts: list = field(default_factory=list, repr=False)

    def marked_words(self) -> list[str]:
        """The words to mark for this leaf: letters read as words in a row (zjtx: 专精特新; xdn:
        新动能) mark the runs whole (those said, and those its run_pattern finds in each text), not
        each word that is a piece of some run (资金, 增加, 新 anywhere in the paragraph)."""
        if not self.note.startswith("words in a row"):
            return self.words
        if self.runs or self.run_pattern:
            return self.runs
        return ["".join(self.words)]     # one run, nothing to choose: its words in order (经济 发展)


@dataclass
class Parsed:
    query: wq.Query | None
    leaves: list[Leaf] = field(default_factory=list)
    operators: bool = False
    notes: list[str] = field(default_factory=list)
    text: str = ""              # the query as typed (cleaned)
    normalized: dict[str, str] = field(default_factory=dict)   # what the reader normalised: {typed: matching form}
    # The letters of each corrected leaf as typed: does any paragraph hold them (a click back finds it)?
    held_as_typed: dict[str, bool] = field(default_factory=dict)
    # Words as written where their matching form folded a character (显着 → 显著): what is shown.
    written: dict[str, str] = field(default_factory=dict)
    # Parts no paragraph holds beside the rest: {"typed", "words", "query"} (`query`: the rest alone).
    unmatched: list[dict] = field(default_factory=list)
    # A rendering's words typed in another order, searched as the rendering: corrections() entries.
    reordered: list[dict] = field(default_factory=list)

    def corrections(self) -> list[dict]:
        """Each misspelling searched as something else: what was typed, what was searched, the
        query that searches the letters as typed (quoted), for one click back, and whether any
        paragraph holds them (`literal_finds`: where none does, the click would find nothing)."""
        out = []
        # (a slip in a rendering typed in another order: the rendering said once, mended and in order)
        # (or mixed with Chinese: a slip in its English part is inside the query said reordered)
        reordered = [r["typed"].split() for r in self.reordered]
        for leaf in self.leaves:
            if leaf.corrected and leaf.kind in ("english", "pinyin", "initials") and \
                    not any(_inside(leaf.typed.split(), typed) for typed in reordered):
                literal = self.text.replace(leaf.typed, f'"{leaf.typed}"', 1) if leaf.typed in self.text else f'"{leaf.typed}"'
                out.append({"typed": leaf.typed, "searched": leaf.corrected, "literal_query": literal,
                            "literal_finds": self.held_as_typed.get(leaf.typed, True)})
        return out + self.reordered

    def say_reordered(self, typed: str, rendering: str, vocab: "Vocabulary") -> None:
        """`typed` is `rendering`'s words in another order, and was searched as it: said as a
        correction ("did you mean"), the words in the order typed (quoted) one click back, or,
        where the index lacks a word of them (as held_as_typed tells), said to find nothing."""
        if any(r["typed"] == typed for r in self.reordered):
            return
        held = all(w in vocab.words for w in variants.normalize(typed)[0].split())
        self.reordered.append({"typed": typed, "searched": rendering, "literal_query": f'"{typed}"',
                               "literal_finds": held})
        self.notes.append(f"did you mean “{rendering}”? (the words in its order; searched for it)")

    def corrected_text(self) -> str:
        """The query with each misspelt English part as it was searched."""
        text = self.text
        for leaf in self.leaves:
            if leaf.corrected and leaf.kind == "english":
                text = text.replace(leaf.typed, leaf.corrected, 1)
        return text

    def found_nothing(self, english: SpellingCorrector | None = None) -> None:
        """Nothing matched: letters read only as the initials of words in a row that no paragraph
        has (qwrtzp: 千万 日头 …) are no pinyin the index knows, and are said so, not listed; so
        are letters read as English or initials of no word that are no English word nor one slip
        from one (`poiuy`, `bcdfg`), with `english` (the language's words) to tell."""
        searched = [leaf for leaf in self.leaves if leaf.kind != "term"]
        for leaf in searched if len(searched) == 1 else []:     # (beside others, they may be why)
            if leaf.kind == "initials" and leaf.note == "words in a row" and \
                    not english_language.looks_like_english(leaf.typed):
                leaf.kind, leaf.words, leaf.note, leaf.pinyin = "unknown", [], "", ""
            elif english is not None and leaf.kind in ("english", "initials") and not leaf.words \
                    and not leaf.corrected and not leaf.note and not _english_near(leaf.typed, english):
                leaf.kind, leaf.pinyin = "unknown", ""

    def parts(self) -> list[str]:
        """What was typed for each part searched, as the query that searches that part alone
        (a phrase quoted again), in the order typed: the parts an implicit AND joins."""
        if self.operators:
            return []
        return list(dict.fromkeys(f'"{leaf.typed}"' if leaf.kind == "phrase" else leaf.typed
                                  for leaf in self.leaves if leaf.kind != "term" and leaf.words))

    def say_unmatched(self, found_alone: dict[str, int], held_together=lambda query: True) -> str:
        """No paragraph holds every part: the parts that find nothing alone are said (with the
        query of the rest, returned: "" when every part finds something, but never together,
        or when the rest's parts are never together either: `held_together(rest)` says)."""
        missing = [part for part, count in found_alone.items() if not count]
        found = [part for part, count in found_alone.items() if count]
        rest = " ".join(found)
        if not missing or (len(found) > 1 and not held_together(rest)):
            self.notes.append("no paragraph holds " + " and ".join(f"“{p}”" for p in found) + " together")
            if not missing:
                return ""
            rest = ""
        for part in missing:
            words = [w for leaf in self.leaves if part.strip('"') == leaf.typed for w in leaf.words]
            self.unmatched.append({"typed": part.strip('"'), "words": list(dict.fromkeys(words)), "query": rest})
            self.notes.append(f"no paragraph has “{part.strip(chr(34))}”"
                              + (f": showing the paragraphs of “{rest}”" if rest else ""))
        return rest

    def english_only(self) -> bool:
        """Whether the query was read as English alone (no characters, pinyin or operators)."""
        return not self.operators and any(leaf.kind == "english" for leaf in self.leaves) and all(
            leaf.kind in ("english", "translation", "latin", "number", "unknown") for leaf in self.leaves)

    def composable_parts(self) -> list[tuple[str, list[str]]]:
        """(as typed or mended, its Chinese words) for each part, in the order typed, for composing
        shorthands (see Engine._composed): an English leaf's words and phrases as the parser read
        them, characters as typed, pinyin as the words it read as (white 名单 → 白 名单); a part
        read as nothing breaks a run. [] when operators join the parts or no part is English."""
        if self.operators or not any(leaf.kind == "english" for leaf in self.leaves):
            return []
        parts: list[tuple[str, list[str]]] = []
        for leaf in self.leaves:
            if leaf.kind == "english":
                parts += [(g.corrected or g.english, [w for w, _ in g.words]) for g in leaf.english_parts]
            elif leaf.kind in ("characters", "pinyin", "mixed"):
                parts.append((leaf.typed, list(leaf.words)))
            elif leaf.kind != "term":
                parts.append((leaf.typed, []))
        return parts

    def rendering_parts(self, pinyin_as_chinese: bool = True) -> list[tuple[str, list[str] | None]]:
        """(as typed or mended, None) for each part read as English words, (as typed, its Chinese
        words) for each part read as characters (and, with `pinyin_as_chinese`, as pinyin or
        initials), in the order typed: a rendering typed with some words as Chinese (zero-waste
        城市). [] when operators join the parts or no part is read as English."""
        if self.operators or not any(leaf.kind == "english" for leaf in self.leaves):
            return []
        chinese = ("characters", "phrase", "pinyin", "initials", "mixed") if pinyin_as_chinese else \
            ("characters", "phrase")
        parts: list[tuple[str, list[str] | None]] = []
        english_typed: list[str] = []
        for leaf in self.leaves:
            if leaf.kind in ("term", "translation"):
                continue
            if leaf.kind in chinese and leaf.words:
                parts.append((leaf.typed, list(leaf.words)))
            elif leaf.kind in ("characters", "phrase"):
                return []           # characters that are no word: no rendering's word
            elif not any(leaf.typed in typed for typed in english_typed):
                # (an English leaf's unread words are leaves of their own after it: counted once)
                parts.append((leaf.corrected or leaf.typed, None))
                english_typed.append(leaf.typed)
        return parts

    @property
    def english_words(self) -> list[str]:
        """The words searched in the official English of parallel documents (stemmed)."""
        return [w for leaf in self.leaves if leaf.kind == "translation" for w in leaf.words]

    def _folded_words(self) -> set[str]:
        """The words said that hold a character the matching form may have folded (着 of 显着)."""
        words = [w for leaf in self.leaves for w in (*leaf.words, *leaf.runs,
                                                     *(x for other in leaf.alternatives for x in other["words"]))]
        return {w for w in words if variants.has_regional_folds(w)} if variants.has_regional_folds("".join(words)) \
            else set()

    def learn_written(self, texts: list[str]) -> None:
        """How the words searched are written, from these texts (the hits'): the matching form
        folds 著 to 着, and what is shown must be what the texts write (成绩显著, not 成绩显着)."""
        words = self._folded_words() - self.written.keys()
        if words:
            self.written.update(variants.as_written_in(sorted(words), texts))

    def shown_leaves(self) -> list[Leaf]:
        """The leaves as shown: each word as written (by the hits' texts, else by the syllables
        it was read by: `xianzhu` is 显著), not in its matching form (显着)."""
        if not self._folded_words():
            return self.leaves
        shown = []
        for leaf in self.leaves:
            readings = [leaf.pinyin.split()] if leaf.kind == "pinyin" and leaf.pinyin else []
            readings += [other["reading"].split() for other in leaf.alternatives]

            def written(word: str) -> str:
                # The syllables typed say it first (zhu: 著, whatever 着 a hit holds), else the hits.
                if not variants.has_regional_folds(word):
                    return word
                return next((unfolded for syllables in readings
                             if (unfolded := variants.unfolded_by_reading(word, syllables)) != word),
                            self.written.get(word, word))
            shown.append(Leaf(**{**leaf.__dict__, "words": [written(w) for w in leaf.words],
                                 "runs": [written(r) for r in leaf.runs],
                                 "alternatives": [{**other, "words": [written(w) for w in other["words"]]}
                                                  for other in leaf.alternatives]}))
        return shown

    def interpretation(self) -> dict:
        leaves = self.shown_leaves()
        kinds = sorted({leaf.kind for leaf in leaves})
        kind = kinds[0] if len(kinds) == 1 else ("mixed" if kinds else "empty")
        if self.operators:
            kind = "boolean"
        parts = []
        for leaf in leaves:
            fixed = f"“{leaf.typed}” corrected to " if leaf.corrected else ""
            if leaf.runs:
                # What the hits hold, not every run tried (寮bu: 寮步, not 寮不、寮部、寮补 too).
                found = "、".join(leaf.runs[:6]) + (" …" if len(leaf.runs) > 6 else "")
                reading = f"“{leaf.pinyin}”" if leaf.pinyin else f"“{leaf.typed}”"
                how = {"mixed": "characters and pinyin"}.get(leaf.kind, leaf.kind)
                row = leaf.note if leaf.note in ("characters in a row", "quoted shorthand") else "words in a row"
                parts.append(f"{how} {fixed}{reading} → {row}: {found}")
            elif leaf.kind == "pinyin":
                # Every word searched is said (at most MAX_PINYIN_WORDS): a reading that shares
                # page one is never one the interpretation leaves out.
                found = "、".join(leaf.words) or "no word in the index"
                parts.append(f"pinyin {fixed}“{leaf.pinyin}” → {found}")
            elif leaf.kind == "initials":
                found = "、".join(leaf.words) or "no word in the index"
                parts.append(f"initials {fixed}“{leaf.pinyin or leaf.typed}” → {found}")
            elif leaf.kind == "mixed":
                # Up to MAX_RUN_WORDS a part: the first few, and said that there are more.
                found = "、".join(leaf.words[:6]) + (" …" if len(leaf.words) > 6 else "") or "no word in the index"
                parts.append(f"pinyin and initials “{leaf.pinyin}” → {found}" if leaf.pinyin else
                             f"characters and pinyin “{leaf.typed}” → {found}")
                if leaf.note:
                    parts[-1] += f" ({leaf.note})"
            elif leaf.kind == "english":
                parts.append(f"English {leaf.note}" if leaf.note else f"English “{leaf.typed}” → no word in the index")
            elif leaf.kind == "translation":
                parts.append(leaf.note)
            elif leaf.kind == "unknown":
                parts.append(f"“{leaf.typed}” is neither English nor pinyin the index knows")
            elif leaf.kind == "term":
                parts.append(f"glossary term {leaf.note}")
            elif leaf.kind == "phrase":
                parts.append(f"phrase “{leaf.words[0] if leaf.words else leaf.typed}”")
            else:
                parts.append(f"{leaf.kind} “{'/'.join(leaf.words) or leaf.typed}”")
            # English read as typed: the likeliest pinyin guess is said, the rest only offered
            # (hong kong: 航空, not 公空 and 轰轰 as well).
            also = leaf.alternatives[:1] if leaf.kind == "english" else leaf.alternatives
            if also:
                parts[-1] += " (also: " + "; ".join(
                    f"{a['reading']} → {'、'.join(a['words'][:3])}" for a in also) + ")"
        return {
            "kind": kind,
            "description": "; ".join(parts + self.notes) or "nothing to search for",
            "leaves": [{k: v for k, v in leaf.__dict__.items() if k not in _UNSHOWN} for leaf in leaves],
            "corrections": self.corrections(),
            "unmatched": self.unmatched,
        }

    def only_terms(self, terms: list[tuple[str, str, list[str]]], queries: list | None = None) -> None:
        """The query is these terms' English, pasted whole: search the terms (their uses, and
        their words elsewhere), not each English word. `queries`: their keys' characters as a
        phrase finds them (also across quotes: “天网”“雪亮”工程); else each key as one word."""
        keys = list(dict.fromkeys(k for _, _, term_keys in terms for k in term_keys))
        headwords = "、".join(dict.fromkeys(headword for _, headword, _ in terms))
        for leaf in self.leaves:
            if leaf.kind == "english":
                leaf.words, leaf.note = keys, f"{leaf.corrected or leaf.typed} → {headwords} (a glossary term's English)"
        if queries:
            self.query = wq.Or(queries) if len(queries) > 1 else queries[0]
        else:
            self.query = wq.Or([wq.Term("text", k) for k in keys]) if keys else None
        self.add_terms(terms)

    def add_shorthand(self, found: list[tuple[str, str, str]], queries: list[tuple[str, wq.Query]],
                      typed: str = "") -> None:
        """The query is the termbase's English of these shorthand ((key, rendering, confidence)):
        the paragraphs with the shorthand (queries: (key, its characters' query), each) first,
        then those the English words find, as before; said in the interpretation, on the first
        English part with words (`typed`: what to say was typed, where that is more than this part).
        A key holding another key found (瞪羚企业 beside 瞪羚, both "gazelle enterprises") is the
        fuller form of the same name: its paragraphs come a tier above the shorter key's alone."""
        named = "; ".join(f"{key} (the termbase's {confidence} English “{text}”)" for key, text, confidence in found)
        english = [leaf for leaf in self.leaves if leaf.kind == "english"]
        for leaf in [leaf for leaf in english if leaf.words][:1] or english[:1]:
            leaf.words = list(dict.fromkeys([key for key, _, _ in found] + leaf.words))
            leaf.note = f"{typed or leaf.corrected or leaf.typed} → {named}; then word by word: {leaf.note}"
        first = wq.ConstantScoreQuery(wq.Or([q for _, q in queries]), SHORTHAND_FIRST)
        fuller = [q for key, q in queries if any(other != key and other in key for other, _ in queries)]
        if fuller:
            first = wq.Or([first, wq.ConstantScoreQuery(wq.Or(fuller), SHORTHAND_FIRST)])
        self.query = first if self.query in (None, wq.NullQuery) else wq.Or([first, self.query])

    def add_composed(self, found: list[tuple[str, str]], queries: list) -> None:
        """Parts of the English query render these shorthand word for word ((English, shorthand)):
        the paragraphs with the shorthand first, as for the termbase's English; said."""
        named = "; ".join(f"{english} → {word} (its words' Chinese in a row)" for english, word in found)
        for leaf in self.leaves:
            if leaf.kind == "english":
                leaf.words = list(dict.fromkeys([word for _, word in found] + leaf.words))
                leaf.note = f"{named}; then word by word: {leaf.note}"
                break
        first = wq.ConstantScoreQuery(wq.Or(queries), SHORTHAND_FIRST)
        self.query = first if self.query in (None, wq.NullQuery) else wq.Or([first, self.query])

    def add_terms(self, terms: list[tuple[str, str, list[str]]]) -> None:
        """Also find the paragraphs that use these glossary terms: (id, headword, match keys)."""
        for term_id, headword, keys in terms:
            self.leaves.append(Leaf(typed=headword, kind="term", words=keys, note=f"{headword}"))
        uses = wq.Or([wq.Term("terms", term_id) for term_id, _, _ in terms])
        self.query = uses if self.query in (None, wq.NullQuery) else wq.Or([self.query, uses])

    def highlight_words(self) -> list[str]:
        return sorted({w for leaf in self.leaves for w in leaf.words if w}, key=len, reverse=True)

    def marked_words(self) -> list[str]:
        """The words a hit or a document page marks: highlight_words, but runs of words in a row
        whole (Leaf.marked_words), with run_patterns."""
        return sorted({w for leaf in self.leaves for w in leaf.marked_words() if w}, key=len, reverse=True)

    def run_patterns(self) -> list[re.Pattern[str]]:
        """The patterns of the runs the leaves read as words in a row may hold, as written."""
        return [re.compile(leaf.run_pattern) for leaf in self.leaves
                if leaf.note.startswith("words in a row") and leaf.run_pattern]


def unmatched_line(unmatched: dict) -> str:
    """What the page and the terminal say of a part no paragraph holds (shuang wan: 双、万)."""
    words = "、".join(unmatched["words"][:6])
    return (f"No paragraph has “{unmatched['typed']}”" + (f" ({words})" if words not in ("", unmatched["typed"]) else "") +
            (f" beside the rest: showing the paragraphs of “{unmatched['query']}”" if unmatched["query"] else ""))


# The characters of Unicode's categories Cc (controls: U+0000-001F, U+007F-009F), Zl and Zp (the
# line and paragraph separators) and Cs (surrogates), which those categories keep for good: one
# search in C instead of a category look-up per character (twice a query, and of every
# character of a query too long to search before it was refused).
_UNSEARCHABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def blank_query(text: str) -> bool:
    """Nothing to search for: empty, spaces, or only characters no one types to search for
    (control and format characters such as %00 or a zero-width space, lone surrogates, U+FFFD).
    The CLI, the API and the pages treat such a query as a missing one, not a search for nothing."""
    return not any(c.isprintable() and not c.isspace() and c != "\ufffd" for c in text)


def clean_query(text: str) -> str:
    """Drop what no one can mean to search for: control characters, lone surrogates."""
    if not isinstance(text, str):
        raise QueryError("the query must be text")
    if _SURROGATE.search(text):
        text = text.encode("utf-8", "replace").decode("utf-8")
    text = _UNSEARCHABLE.sub(" ", text).replace("\ufffd", " ").strip()
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}")
    return unicodedata.normalize("NFC", text)


def parse(text: str, vocab: Vocabulary, texts=None) -> Parsed:
    """What was typed as a query over the index; `texts` (search.Texts) gives the paragraph
    texts by row, for checking that words stand together (without it the stored text is read)."""
    text = clean_query(text)
    # `belt & road`: a lone & joins words as a space does (not R&D's); as a word of its own it
    # cut the English in two and read `belt` alone as initials.
    text = _LONE_AMPERSAND.sub(" ", text).strip()
    pasted = english_language.pasted_english(text)
    # A pasted English rendering is read as English whole: its brackets and quotes are not syntax.
    tokens = [("words", pasted)] if pasted else _tokenize(text)
    if not tokens:
        return Parsed(query=None)
    parser = _Parser(tokens, vocab, texts)
    tree = parser.parse()
    return Parsed(query=tree, leaves=parser.leaves, operators=parser.used_operators, notes=parser.notes, text=text,
                  normalized=parser.normalized, held_as_typed=parser.held_as_typed(), written=parser.written)


def mend_slip(parsed: Parsed, vocab: Vocabulary, texts=None) -> Parsed | None:
    """A query of letters alone that found no paragraph (read as initials, or as words in a row
    that nowhere stand together: ylwang, nbya) read as the pinyin one slip away, said as a
    correction; None when it is not such a query or nothing is one slip away."""
    if parsed.operators or len(parsed.leaves) != 1:
        return None
    leaf = parsed.leaves[0]
    letters = re.sub(r"[ '’]", "", leaf.typed).lower()
    if leaf.kind not in ("pinyin", "initials", "mixed") or leaf.corrected or len(letters) < 4 \
            or not re.fullmatch(r"[a-z]+", letters):
        return None
    parser = _Parser([], vocab, texts)
    query = parser.corrected_leaf(leaf.typed, letters)
    if query is None:
        return None
    return Parsed(query=query, leaves=parser.leaves, notes=parser.notes, text=parsed.text,
                  held_as_typed=parser.held_as_typed())


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    for m in _TOKEN.finditer(text):
        if m.group("quote"):
            inner = m.group("quote")[1:]
            if inner and inner[-1] in "\"”」":
                inner = inner[:-1]
            if inner.strip():
                tokens.append(("phrase", inner.strip()))
        elif m.group("open"):
            tokens.append(("open", "("))
        elif m.group("close"):
            tokens.append(("close", ")"))
        elif m.group("word"):
            word = m.group("word")
            if word in _OPERATORS:
                tokens.append(("op", word))
            elif word.startswith("-") and len(word) > 1 and not word[1].isdigit():
                tokens.append(("op", "NOT"))
                tokens.append(("word", word[1:]))
            else:
                tokens.append(("word", word))
    return tokens


class _Parser:
    """Recursive descent: or := and (OR and)* ; and := unary+ ; unary := NOT? atom."""

    def __init__(self, tokens: list[tuple[str, str]], vocab: Vocabulary, texts=None):
        self.tokens = tokens
        self.texts = texts
        self.i = 0
        self.vocab = vocab
        self.leaves: list[Leaf] = []
        self.used_operators = False
        self.notes: list[str] = []
        self.depth = 0
        self.normalized: dict[str, str] = {}
        self.written: dict[str, str] = {}

    def normalize(self, text: str) -> str:
        """The matching form of `text`, worked out once a query (the glossary's matcher reuses it)."""
        found = self.normalized.get(text)
        if found is None:
            found = self.normalized[text] = variants.normalize(text)[0]
        return found

    def keep_as_typed(self, typed: str, norm: str) -> None:
        """Characters typed with one the matching form folds (显著: 显着) are shown as typed."""
        if variants.has_regional_folds(norm):
            self.written[norm] = variants.as_written(typed).strip()

    def held_as_typed(self) -> dict[str, bool]:
        """For each corrected leaf, whether the index holds its letters as typed, every word of
        them (what its quoted query, a phrase of those words, needs to find anything)."""
        return {leaf.typed: all(w in self.vocab.words for w in self.normalize(leaf.typed).split())
                for leaf in self.leaves if leaf.corrected}

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def parse(self) -> wq.Query | None:
        result = self.parse_or()
        while self.i < len(self.tokens):   # stray ')' and the like: skip, keep what follows
            self.i += 1
            more = self.parse_or()
            result = _and([result, more])
        return result

    def parse_or(self):
        parts = [self.parse_and()]
        while self.peek() == ("op", "OR"):
            self.used_operators = True
            self.i += 1
            parts.append(self.parse_and())
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else wq.Or(parts)

    def parse_and(self):
        parts, negated = [], []
        while True:
            kind, value = self.peek()
            if kind is None or kind == "close" or (kind, value) == ("op", "OR"):
                break
            if (kind, value) == ("op", "AND"):
                self.used_operators = True
                self.i += 1
                continue
            if (kind, value) == ("op", "NOT"):
                self.used_operators = True
                self.i += 1
                sub = self.parse_atom()
                if sub is not None:
                    negated.append(sub)
                continue
            atom = self.parse_atom()
            if atom is not None:
                parts.append(atom)
        if not parts:
            if negated:
                self.notes.append("NOT needs something to search for beside it")
            return None
        query = _and(parts)
        if negated:
            query = wq.AndNot(query, wq.Or(negated) if len(negated) > 1 else negated[0])
        return query

    def parse_atom(self):
        kind, value = self.peek()
        if kind == "open":
            self.used_operators = True
            self.i += 1
            self.depth += 1
            if self.depth > 8:
                raise QueryError("too many nested parentheses (the limit is 8)")
            inner = self.parse_or()
            if self.peek()[0] == "close":
                self.i += 1
            self.depth -= 1
            return inner
        if kind == "close":
            return None
        if kind == "phrase":
            self.i += 1
            return self.leaf_phrase(value)
        if kind == "words":
            self.i += 1
            return self.leaf_words(value.split())
        if kind == "word":
            # Consecutive Latin words are read together, so `shuang wan` is one pinyin word.
            words = [value]
            self.i += 1
            if _LATIN.match(value) and not value.isdigit():
                while self.peek()[0] == "word" and _LATIN.match(self.peek()[1]) and not self.peek()[1].isdigit():
                    words.append(self.peek()[1])
                    self.i += 1
            return self.leaf_words(words)
        self.i += 1
        return None

    # ---- leaves

    def add_leaf(self, leaf: Leaf) -> None:
        if len(self.leaves) >= MAX_LEAVES:
            raise QueryError(f"too many search words (the limit is {MAX_LEAVES})")
        self.leaves.append(leaf)

    def leaf_phrase(self, text: str):
        norm = self.normalize(text).strip()
        if not norm:
            return None
        self.keep_as_typed(text, norm)
        self.add_leaf(Leaf(typed=text, kind="phrase", words=[norm]))
        return self.characters_query(norm)

    def leaf_words(self, words: list[str]):
        typed = " ".join(words)
        if len(words) == 1 and chars.has_han(typed):
            if re.search(r"[A-Za-z]", typed):
                return self.mixed_or_as_written(typed)
            norm = self.normalize(typed).strip()
            self.keep_as_typed(typed, norm)
            leaf = Leaf(typed=typed, kind="characters", words=[norm])
            self.add_leaf(leaf)
            return self.phrasings_query(leaf, norm, self.characters_query(norm))
        norm = self.normalize(typed).strip()
        if not norm or not any(ch.isalnum() for ch in norm):
            return None
        if re.fullmatch(r"[\d.%+\-]+", norm):
            self.add_leaf(Leaf(typed=typed, kind="number", words=[norm]))
            return self.characters_query(norm)
        return self.latin_leaf(typed, norm)

    def latin_leaf(self, typed: str, norm: str):
        """Letters: pinyin, initials, English, or a Latin word of the text (IP, GDP) — every
        reading that finds words of the corpus is searched, and the interpretation says which."""
        language = english_language.query_language(typed)
        parsed = pinyin.parse_pinyin_query(typed) if language != "english" else None
        if parsed is None and language in ("english", "both") and " " in typed.strip():
            # Not pinyin as a whole: pinyin words may still stand beside English ones.
            split = self.english_and_pinyin(typed.split())
            if split is not None:
                return split
        if parsed is None and self.pinyin_with_a_slip(typed):
            # Pinyin but for one letter (shujning, jinx) and no English the index knows: the
            # pinyin one slip away, not an English word one slip away.
            found = self.typo_leaf(typed, None)
            if found is not None:
                return found
        options = []
        read_as = ""
        if parsed is not None:
            found, read_as = self.initials_leaf(typed, parsed) if parsed.initials_only else self.pinyin_leaf(typed, parsed)
            if found is not None:
                options.append(found)
            elif parsed.initials_only and self.pinyin_with_a_slip(typed):
                # Initials of nothing that are pinyin but for a letter (lyong: luyong 录用 with its u
                # left out): the pinyin one slip away, as above, before English one slip away (long).
                found = self.typo_leaf(typed, None)
                if found is not None:
                    return found
        # Syllables typed apart that read as a word of the corpus are that word (`you yi yu` is
        # 有益于), not English words each (you, yi, yu).
        spaced_word = read_as in ("word", "held") and len(typed.split()) > 1
        guessed = read_as in ("corrected", "run") and self.leaves[-1].kind == "pinyin"
        if language == "pinyin" and read_as != "word" and parsed.likelihood <= TONELESS_PINYIN \
                and self.english_reads(typed):
            language = "both"           # america, manchuria: four syllables, but no word reads so
        if language == "both" and options and letter_reading.lone_syllable(typed, parsed) and not is_common_word(typed):
            # One syllable that reads as characters is pinyin, and English too only where it is
            # a word users type (long, fan): shi is 是、实…, not 僵尸 by a gloss's "shi".
            language = "pinyin"
        if language in ("english", "both") and not spaced_word:
            # Letters that read as a word of the index are not misspelt English (thjs: 通货紧缩's
            # initials, not "thus"): English only as typed.
            before = len(self.leaves)
            found = self.english_leaf(typed, correct=read_as != "word")
            if found is not None:
                if guessed and self.english_reads(typed) and self.english_wins(before):
                    options = []        # hong kong: 香港, not 航空 one slip away (a click away)
                options.append(found)
            # The official English is searched with the spelling the English leaf mended (a slip
            # in a word of a parallel document's English would find no translation at all).
            english = self.leaves[before:]
            mended = next((leaf.corrected for leaf in english if leaf.kind == "english" and leaf.corrected), "")
            found = self.translation_leaf(typed, mended)
            if found is not None:
                options.append(found)
        literal = norm.split()
        searched = {w for leaf in self.leaves for w in leaf.words}
        if all(w in self.vocab.words for w in literal) and not set(literal) <= searched:
            self.add_leaf(Leaf(typed=typed, kind="latin", words=[norm]))
            options.append(_and([wq.Term("text", w) for w in literal]))
        if options:
            return options[0] if len(options) == 1 else wq.Or(options)
        if all(w.lower() in STOPWORDS for w in typed.split()):
            # English function words no reading finds (At, Of, The beside 最多): English that is
            # not searched, not initials of nothing (a t) nor pinyin one slip away (the: ta he).
            self.add_leaf(Leaf(typed=typed, kind="english", words=[], note=f"“{typed}” (a function word, not searched)"))
            return None                 # (beside other parts: they are searched, as if it were not typed)
        found = self.syllables_then_initials(typed) if parsed is None else None
        if found is not None:
            return found
        found = self.typo_leaf(typed, parsed)
        if found is not None:
            return found
        if parsed is not None:
            kind = "initials" if parsed.initials_only else "pinyin"
            self.add_leaf(Leaf(typed=typed, kind=kind, words=[], pinyin=" ".join(parsed.syllables[0])))
        elif language == "english" and not english_language.looks_like_english(typed):
            self.add_leaf(Leaf(typed=typed, kind="unknown", words=[]))
        else:
            self.add_leaf(Leaf(typed=typed, kind="english" if language == "english" else "latin", words=[]))
        return wq.NullQuery

    def english_reads(self, typed: str) -> bool:
        """Whether the English map reads the letters as typed, every word or phrase of them as a
        gloss of its own (hong kong: 香港; asia: 亚洲), not only inside longer glosses (zhen)."""
        groups = query_words.english_groups(typed, self.vocab.english)
        table = self.vocab.english.get("words", {})
        return bool(groups) and all(g.words and (g.phrase or query_words.reads_as_english(g.english.lower(), table))
                                    for g in groups)

    def english_wins(self, start: int) -> bool:
        """The pinyin leaf before self.leaves[start] is only a guess (no word of the corpus reads
        hong kong: 航空 is one slip away; asia reads only as 阿 四 阿 in a row) and the English
        leaf after it reads the letters as typed: the English is searched alone, and the pinyin
        guess is offered instead, a click away, as a reading of the English leaf."""
        guessed = self.leaves[start - 1] if start else None
        english = self.leaves[start:]
        if guessed is None or guessed.kind != "pinyin" or len(english) != 1 or english[0].kind != "english" \
                or not english[0].words or english[0].corrected:
            return False
        english = english[0]
        self.leaves.remove(guessed)
        self.notes = [n for n in self.notes if not n.startswith(f"corrected “{guessed.typed}” to ")]
        if guessed.corrected:
            words = letter_reading.dominant(self.vocab.by_pinyin.get(guessed.corrected, []), self.vocab, MAX_PINYIN_WORDS)
            query = guessed.corrected
        else:
            words, query = guessed.words, "'".join(guessed.pinyin.split())   # a'si'a: surely pinyin
        offered = self.vocab.offered(words or guessed.words)
        english.alternatives = [*([letter_reading.offer(f"pinyin {guessed.pinyin}", offered, query)] if offered else []),
                                *({**other, "reading": f"pinyin {other['reading']}"} for other in guessed.alternatives
                                  if self.vocab.offered(other["words"]))]
        return True

    def pinyin_with_a_slip(self, typed: str) -> bool:
        """Letters that are not whole syllables (shujning: shu j ning) and no English word the
        index knows as typed: read as pinyin with a slip (when the pinyin one slip away reads as
        a word) before English with one, however many letters the slip strands: a letter struck
        inside a syllable strands the rest of it (shunking: shun k i n g, for shunjing 顺境, not
        shunting). Where no pinyin is one slip away (kindergarden), the English is corrected."""
        if not re.fullmatch(r"[A-Za-z]+", typed) or len(typed) < 4 or pinyin.letters_outside_syllables(typed) == 0:
            return False
        return not query_words.is_known(typed.lower(), self.vocab.english.get("words", {}))

    def phrasings_query(self, leaf: Leaf, norm: str, query):
        """Characters in Taiwan phrasing also find the mainland phrasing and the other way round
        (全域性 / 全局, 支援 / 支持), ranked below the words as typed; the quoted form searches
        only what was typed (one click in the interpretation)."""
        others = phrasing.other_phrasings(norm) if query is not None else []
        if not others:
            return query
        leaf.words += [form for form, _ in others]
        leaf.note = "; ".join(f"also {form} ({which})" for form, which in others)
        leaf.alternatives = [letter_reading.offer("as typed only", [norm], f"\"{leaf.typed}\""),
                             *(letter_reading.offer(which, [form], f"\"{form}\"") for form, which in others)]
        found = [q for q in (self.characters_query(form) for form, _ in others) if q is not None]
        if not found:
            return query
        # One small score each: below the words as typed, whatever the fields and checks behind them.
        return wq.Or([query, *(wq.ConstantScoreQuery(q, OTHER_PHRASING_SCORE) for q in found)])

    def translation_leaf(self, typed: str, mended: str = "") -> wq.Query | None:
        """English words in the official English of parallel documents, all of them in one
        paragraph's translation; as `mended` (the spelling corrected) where the words as typed
        are not all there."""
        known = self.vocab.translated
        in_order = analyzers.english_text_words(typed)
        said = typed
        if in_order and not all(w in known for w in in_order) and mended:
            in_order, said = analyzers.english_text_words(mended), mended
        if in_order and not all(w in known for w in in_order):
            # A slip in a word only the official English has (porscribes): the word of that
            # English one slip away, the more used first.
            near = {w: _nearest(w, known) for w in in_order if w not in known}
            if not all(near.values()):
                return None
            in_order = [near.get(w) or w for w in in_order]
            said = f"{said} (a slip mended toward the official English)"
        words = list(dict.fromkeys(in_order))
        if not words:
            return None
        self.add_leaf(Leaf(typed=typed, kind="translation", words=words,
                           note=f"“{said}” in official English translations"))
        # Every word typed in a paragraph's official English: above the paragraphs the words'
        # dictionary Chinese finds, even all of it in a row (the translation is what was typed).
        every = _and([wq.Term("english", w) for w in words])
        tiers = [wq.ConstantScoreQuery(every, TRANSLATION_FIRST), every]
        # Above those, the words in a row in the translation (stop words between forgiven), in
        # any order, and more in the order typed: `right to criticize`, or `criticize right`,
        # finds Article 41's "the right to criticize" before paragraphs with criticisms and rights.
        ways, read = [[[w] for w in words]], {}
        for pattern, score in ((run_pattern(in_order, any_order=True), TRANSLATION_RUN),
                               (run_pattern(in_order) if len(in_order) <= MAX_TRANSLATION_RUN else None,
                                TRANSLATION_IN_ORDER)):
            if pattern is not None:
                tiers.append(wq.ConstantScoreQuery(Verified(ways, pattern, field="english", stored="english", read=read), score))
        return wq.Or(tiers)

    def english_and_pinyin(self, words: list[str]) -> wq.Query | None:
        """English words beside pinyin (`shuang wan economic development`, `economic zhen`): the
        pinyin read as pinyin (双万; 镇、真 …), the rest as English, each part searched. A run of
        words is pinyin when it reads as a word of the corpus and one of its words is no English
        word of its own (the English map knows `zhen` and `zhou` only inside glosses of other words:
        镇安 Zhen'an, 周恩来); one word alone when it is spelt as only pinyin is (zhen) or is no
        English the map knows (zei). Words of an English phrase the map holds stay English (hong
        kong, anti corruption), and so do an English word the map knows (mobile, late) and a
        function word (a, you) alone. None when no such run stands beside English words."""
        english = self.vocab.english.get("words", {})
        if _name_words(words):
            return None                 # zhou dynasty: a name's English, not pinyin beside English
        n = len(words)
        # Only runs of words that each read as pinyin can be pinyin: found once, not per span.
        readable = [pinyin.reads_as_syllables(w) for w in words]
        in_phrases = {w.lower() for g in query_words.english_groups(" ".join(words), {"phrases": self.vocab.english.get(
            "phrases", {})}) if g.phrase for w in g.english.split()}
        for start in range(n):
            for end in range(min(n, start + MAX_PINYIN_SPAN), start, -1):
                if (start, end) == (0, n) or not all(readable[start:end]):
                    continue
                span = words[start:end]
                if any(w.lower() in in_phrases for w in span):
                    continue
                if all(query_words.reads_as_english(w.lower(), english) for w in span):
                    continue
                if len(span) == 1 and (not english_words(span[0]) or (
                        english_language.query_language(span[0]) != "pinyin"
                        and query_words.is_known(span[0].lower(), english))):
                    continue
                parsed = pinyin.parse_pinyin_query(" ".join(span))
                if parsed is None or parsed.initials_only or not any(
                        letter_reading.words_for_syllables(self.vocab, s, t) or letter_reading.word_run_for_syllables(self.vocab, s, t)
                        for s, t in zip(parsed.syllables, parsed.tones_by_alternative)):
                    continue
                parts = [p for p in (words[:start], span, words[end:]) if p]
                return _and([q for q in (self.leaf_words(part) for part in parts) if q is not None]) or None
        return None

    def english_leaf(self, typed: str, correct: bool = True) -> wq.Query | None:
        """English words and phrases → the corpus's Chinese words, through CC-CEDICT; a word the
        index has no English for is read as the known word one slip away (said, with the
        spelling searched, in `corrected`), unless not `correct`."""
        corrector = (lambda: self.vocab.spelling) if correct else None
        # A word of the index's official English (proscribes) is English as typed, not a slip.
        translated = self.vocab.translated
        in_translations = {t for t in english_words(typed)
                           if translated and all(w in translated for w in analyzers.english_text_words(t))}
        # R&D is one word, read as the phrase it abbreviates (research and development: 研发).
        spelled_out, initialisms_said = _spelled_out(typed, self.vocab.english.get("phrases", {}))
        read = query_words.english_groups(spelled_out, self.vocab.english, corrector=corrector,
                                          known=in_translations, points_to=self.rendering_pointed_to)
        groups = [g for g in read if g.words][:MAX_ENGLISH_GROUPS]
        # Corrected toward the language's English, a word may be one this index has no Chinese
        # for: the correction is said all the same (and the termbase's English is read with it).
        corrected = _corrected_text(typed, read)
        if not groups and initialisms_said:
            # R&D spelt out, but this index has no Chinese for it: said, not read as letters.
            self.add_leaf(Leaf(typed=typed, kind="english", words=[], note="; ".join(initialisms_said)))
            return wq.NullQuery
        if not groups:
            # (Only for letters that read as English alone: nbya may be pinyin with a slip.)
            if not corrected or english_language.query_language(typed) != "english":
                return None
            self.add_leaf(Leaf(typed=typed, kind="english", words=[], corrected=corrected))
            self.notes.append(f"did you mean “{corrected}”? (searched for it)")
            return wq.NullQuery
        # A dictionary phrase must not hide its words: `new era` is CC-CEDICT's 新纪元 (2 paragraphs
        # of the reports), but the reports say 新时代, new and era in a row. A short query with a
        # phrase the corpus hardly uses is also read word by word, and the paragraphs with those
        # words in a row rank first as they always do.
        by_words = []
        # A name (Zhou dynasty: 周) is that name, not its words (周恩来 … 历代).
        if any(g.phrase and sum(self.vocab.count(w) for w, _ in g.words) < RARE_PHRASE
               and not _is_name(g.english) for g in groups):
            alone = query_words.english_groups(typed, {"words": self.vocab.english.get("words", {})},
                                               corrector=corrector)
            by_words = [g for g in alone if g.words]
            if not 2 <= len(by_words) <= MAX_PARTS_IN_A_ROW:
                by_words = []
        # Words beside them that found nothing are said, not dropped: `xqzvbnmkp economic`.
        unread = [g.english for g in read if not g.words and not pinyin.reads_as_syllables(g.english.lower())]
        groups, name_runs, names_said = _names_by_longer_forms(groups, self.vocab.words,
                                                               self.vocab.english.get("words", {}))
        words = list(dict.fromkeys(w for g in (*groups, *by_words) for w, _ in g.words))
        words += [form for form in name_runs if form not in words]
        named = {said.split(" → ")[0]: said for said in names_said}      # in the order typed
        note = "; ".join(named.get(g.english) or _english_note([g]) for g in groups if g.words or g.english in named)
        if by_words:
            note += f"; also word by word: {_english_note(by_words)}"
        if initialisms_said:
            note = "; ".join([*initialisms_said, note])
        self.add_leaf(Leaf(typed=typed, kind="english", words=words, note=note, corrected=corrected,
                           english_parts=read))
        for word in unread:
            self.add_leaf(Leaf(typed=word, kind="english" if english_language.looks_like_english(word) else "unknown",
                               words=[]))
        # Pinyin beside English that reads as no word of the corpus is said, not dropped.
        for g in read:
            if not g.words and pinyin.reads_as_syllables(g.english.lower()):
                self.add_leaf(Leaf(typed=g.english, kind="pinyin", words=[], pinyin=g.english.lower()))
        if corrected:
            self.notes.append(f"did you mean “{corrected}”? (searched for it)")
        # A name's longer forms the index has not as words (周代 inside 西周代): its characters in a row.
        runs = [q for q in (self.characters_query(form) for form in name_runs) if q is not None]
        if by_words:
            # The phrase's own words rank with the words in a row (long march: 长征 before 悠久 … 进军).
            return wq.Or([self.english_parts_query(groups, as_phrase=any(g.phrase for g in groups)),
                          self.english_parts_query(by_words), *runs])
        return wq.Or([self.english_parts_query(groups), *runs]) if runs else self.english_parts_query(groups)

    def rendering_pointed_to(self, words: list[str]) -> bool:
        """Whether the termbase has a rendering with all these English words whose shorthand holds
        each part of the query typed in characters (zero wast 城市: "zero-waste city", 无废城市):
        a slip is mended toward it rather than toward a commoner word (west)."""
        chinese = [self.normalize(value).strip() for kind, value in self.tokens
                   if kind in ("word", "phrase") and value and chars.has_han(value)]
        return packaged_termbase().holds(words, lambda key: all(part in key for part in chinese))

    def english_parts_query(self, groups, as_phrase: bool = False) -> wq.Query:
        """The paragraphs of an English query's parts (each group: the Chinese words of one part);
        `as_phrase`: one dictionary phrase found ranks as high as another reading's words found
        in a row (long march: 长征 beside 悠久 … 进军)."""
        # Any of the parts may match (a dictionary's senses are not the text's), but paragraphs
        # with a word of every part come first (rural revitalization: 乡村 and 振兴 before 盘活 alone).
        by_part = [[wq.Term("text", w, boost=score) for w, score in g.words] for g in groups]
        anywhere = wq.Or([term for part in by_part for term in part])
        if as_phrase and len(groups) == 1:
            return wq.Or([wq.ConstantScoreQuery(anywhere, ALL_PARTS_FIRST + IN_A_ROW_FIRST), anywhere])
        if len(groups) < 2:
            return anywhere
        # The same nodes as `anywhere`'s: each word's postings are read once a request.
        every_part = wq.And([wq.Or(part) for part in by_part])
        tiers = [wq.ConstantScoreQuery(every_part, ALL_PARTS_FIRST), anywhere]
        if len(groups) <= MAX_PARTS_IN_A_ROW:
            # Above those, the parts' likeliest words in a row, as one Chinese phrase renders the
            # English one (乡村振兴); two parts in either order (revitalization of rural areas).
            row = [[w for w, _ in g.words[:WORDS_IN_A_ROW]] for g in groups]
            orders = [row, row[::-1]] if len(row) == 2 else [row]
            # Only paragraphs with the characters where two parts meet (村振 of 乡村振兴) are
            # read, from the index of character pairs: far fewer than those with every part.
            ways = [[_junction_pairs(a, b) for a, b in zip(order, order[1:])] for order in orders]
            if all(all(way) for way in ways):
                either = re.compile("|".join(variants.written_as(order).pattern for order in orders))
                tiers.append(wq.ConstantScoreQuery(Verified(ways, either, self.texts, field="chars"), IN_A_ROW_FIRST))
        return wq.Or(tiers)

    def characters_query(self, norm: str):
        """An exact run of characters: one indexed word (with the longer words that hold it where
        it is not indexed inside them), the words it splits into, adjacent, or its characters."""
        pieces = [p for p in re.split(r"[^\w+%.]+", norm) if p]
        queries = []
        for piece in pieces:
            if chars.all_han(piece) and len(piece) <= 2 and (len(piece) == 1 or piece not in self.vocab.words):
                # Not a word of the index (济发, 经): its characters, wherever they stand.
                queries.append(self.run_query(piece))
                continue
            # The text may have been cut into words in more than one way (经济发展 as one word in
            # one sentence, 经济/发展 in another): each way finds its paragraphs.
            ways = [wq.Term("text", piece)] if piece in self.vocab.words else []
            # An indexed word was rarely cut otherwise: its two likeliest other cuts are enough,
            # and for a word found in many paragraphs the few more are not worth their cost.
            common = ways and self.vocab.count(piece) >= COMMON_WORD
            splits = self.vocab.segmentations(piece, limit=2 if ways else MAX_SEGMENTATIONS) \
                if (len(piece) > 2 or not ways) and not common else []
            if splits:
                ways.append(Verified([[[w] for w in words] for words in splits], variants.written_as([[piece]]),
                                     self.texts, pairs=run_pairs([[piece]])))
            if piece not in self.vocab.words and chars.all_han(piece):
                # Not a word of the index: its characters wherever they stand (the cuts into words
                # above also find it across quotes: “雙萬”新起點 for 双万新起点).
                ways.append(self.run_query(piece))
            if ways and len(piece) == 2 and (piece in self.vocab.spanning or piece in self.vocab.unlisted):
                # Also where jieba cut it otherwise or kept it inside a longer word (新高 in
                # 创新|高地, 强市 in 科技强|市): the characters' index holds every one. Scored only
                # there, and below where the word stands as a word, whose score is the word's
                # alone, not a second count of the same characters by a field whose lengths
                # are counted in characters and pairs (that reshuffled the paragraphs of 动物,
                # 中东, 倍增).
                ways.append(characters_elsewhere(piece, ways[0]))
            elif ways and not common and len(piece) > 2 and chars.all_han(piece) and piece in self.vocab.spanning:
                # A longer word the build found where jieba cut across it (自治权 in 自治|权利,
                # across_cuts.json): its run of characters there, a tier below the word. Not
                # for a common word (高质量, 现代化: 5 and 2 paragraphs more), whose run of
                # characters cost its query ~5 ms more, as its other cuts are not read either.
                ways.append(wq.AndNot(wq.ConstantScoreQuery(self.run_query(piece), OTHERWISE_CUT), ways[0]))
            elif ways and piece in self.vocab.unlisted:
                # Not indexed inside longer words: those words (亦庄院区 for 院区) are searched too,
                # ranked below the paragraphs where it stands as a word of its own.
                ways.extend(wq.Term("text", w, boost=INSIDE_BOOST)
                            for w in self.vocab.containing(piece)[:MAX_CONTAINING])
            if ways and type(ways[0]) is wq.Term and (alone := self.standing_alone(piece, ways[0])) is not None:
                ways.append(alone)
            queries.append(wq.Or(ways) if len(ways) > 1 else ways[0] if ways else wq.NullQuery)
        return _and(queries) if queries else None

    def standing_alone(self, word: str, own: wq.Term) -> wq.Query | None:
        """The word's term `own` again where none of the longer words the build found it inside
        (as one of their sub-words) is in the paragraph, to add to its score there: a word found
        only inside a longer one (海港 in 沿海港口, 创意 in 创意设计, 语言 in 语言文字, 经纪 in
        财经纪律) ranks below paragraphs where it stands as a word of its own, still found. The
        same node as the word's own, so its postings are read once. A paragraph holding both
        counts as one holding the longer word (its tf still counts). None for a word used outside
        ALONE_USES, or whose uses inside the longer words are under ALONE_SHARE of its own (包头
        beside 包头钢铁公司, 双城 beside 双城记: the order is as good as it was); of the longer
        words, the MAX_HOLDERS commonest."""
        if len(word) < 2 or not ALONE_USES[0] < self.vocab.count(word) <= ALONE_USES[1]:
            return None
        holders = sorted(self.vocab.holders(word), key=self.vocab.count, reverse=True)
        if not holders or sum(map(self.vocab.count, holders)) < ALONE_SHARE * self.vocab.count(word):
            return None
        holders = holders[:MAX_HOLDERS]
        inside = wq.Or([wq.Term("text", w) for w in holders]) if len(holders) > 1 else wq.Term("text", holders[0])
        return wq.AndNot(own, inside)

    def run_query(self, piece: str) -> wq.Query:
        """Paragraphs with this run of Han characters, by the index of characters and pairs: one
        or two characters are one posting list; a longer run, the paragraphs with all its pairs
        whose text holds the run itself."""
        if len(piece) <= 2:
            return wq.Term("chars", piece)
        pairs = list(dict.fromkeys(piece[i:i + 2] for i in range(len(piece) - 1)))
        return Verified([[[pair] for pair in pairs]], variants.written_as([[piece]]), self.texts, field="chars")

    def pinyin_leaf(self, typed: str, parsed) -> tuple[wq.Query | None, str]:
        """Pinyin → the corpus's words, and how they were found: "word" (words that read so),
        "corrected" (none does; words one slip away do: meiyanqiye → meitanqiye 煤炭企业), "held"
        (characters the text holds in a row read so: shiwuwu → 十五五), "run" (words that read so
        in a row: gaozhiliangfazhan → 高质量 发展), or "" (nothing)."""
        chosen, others = None, []
        for syllables, tones in zip(parsed.syllables, parsed.tones_by_alternative):
            words = letter_reading.words_for_syllables(self.vocab, syllables, tones)
            if not words:
                continue
            if chosen is None:
                chosen = (syllables, words)
            elif len(others) < 2 and set(words) - set(chosen[1]):
                others.append(letter_reading.offer(" ".join(syllables), words, "'".join(syllables)))
        key = "".join(parsed.syllables[0])
        if chosen is not None:
            syllables, words = chosen
            # A commoner word one slip away is offered, not searched (jinggan: 精干; also 景观?).
            top = max(map(self.vocab.count, words))
            near = letter_reading.near_readings(self.vocab, key, lambda commonest: self.vocab.count(commonest) > 10 * top)
            others += near[:2]
            self.add_leaf(Leaf(typed=typed, kind="pinyin", words=words, pinyin=" ".join(syllables),
                               alternatives=others))
            return self.words_query(words), "word"
        for syllables, tones in zip(parsed.syllables, parsed.tones_by_alternative):
            found = self.tone_slip_leaf(typed, syllables, tones)
            if found is not None:
                return found, "corrected"
        # No single word reads like that. Characters the text holds in a row that read so (十五五:
        # shi wu wu, cut 十五|五; 一网通办, cut 一网通|办) are the reading where their rarest pair
        # allows more paragraphs than the word one slip away is used (yijianshi: 一件事, not
        # 几件事, which is offered). Which runs the text holds, and how often, the search finds
        # out; a run found nowhere has search.py mend the slip after all.
        quoted = letter_reading.quoted_shorthand(self.vocab, ["".join(syllables) for syllables in parsed.syllables])
        # The collection's own quoted shorthand (压舱石, 三去一降一补) before runs the character
        # pairs make likeliest: too rare to win on pairs, it is what was meant.
        if quoted and (found := self.quoted_leaf(typed, " ".join(parsed.syllables[0]), "pinyin", quoted,
                                                  letter_reading.held_besides(self.vocab, parsed, quoted) + letter_reading.near_readings(self.vocab, key)[:1])) is not None:
            return found, "held"
        held = letter_reading.likeliest_held(self.vocab, parsed)
        near = letter_reading.near_readings_weighed(self.vocab, key) if held else []
        if held and (not near or max(rarest for *_, rarest in held) >= near[0][1]):
            return self.held_run_leaf(typed, parsed, held, [reading for reading, _ in near]), "held"
        # Two syllables no word reads (shuang wan): the characters the text holds side by side
        # that read so (双万 of 双万兆) are searched too, after the words one slip away.
        beside = [run for run, *_ in letter_reading.held_runs(self.vocab, parsed, fewest=2, most=2)[:HELD_BESIDE]] \
            if len(parsed.syllables[0]) == 2 else []
        found = self.corrected_leaf(typed, key, beside)
        if found is not None:
            return found, "corrected"
        # No single word reads like that: a run of words in a row may (gaozhiliangfazhan → 高质量 发展).
        for syllables, tones in zip(parsed.syllables, parsed.tones_by_alternative):
            groups = letter_reading.word_run_for_syllables(self.vocab, syllables, tones)
            if groups:
                words = [w for group in groups for w in group]
                run = Verified([groups], variants.written_as(groups), self.texts, pairs=run_pairs(groups))
                self.add_leaf(Leaf(typed=typed, kind="pinyin", words=words, pinyin=" ".join(syllables),
                                   note="words in a row", run_pattern=_choice(groups, run)))
                return run, "run"
        return None, ""

    def held_run_leaf(self, typed: str, parsed, held: list[tuple[str, float, int]], near: list[dict]) -> wq.Query:
        """Runs of characters that read as typed (`held`, likeliest first), each searched as its
        characters are (so `shiwuwu` finds what 十五五 finds); the hits take turns by how many
        hold each run (search._words_in_a_row), and the interpretation says those the hits hold.
        The pinyin one slip away is offered (`near`). Where the fewest words of the index that
        read so in a row spell none of the runs (县城 建设 十个一 攻坚 行动, beside runs through
        设施), those words in a row are searched too."""
        runs = [run for run, *_ in held]
        reading = " ".join(parsed.syllables[0])
        queries = [q for q in (self.characters_query(run) for run in runs) if q is not None]
        patterns = [variants.written_as([[run]]).pattern for run in runs]
        groups = letter_reading.word_run_for_syllables(self.vocab, parsed.syllables[0], parsed.tones_by_alternative[0])
        in_a_row = variants.written_as(groups) if groups else None
        if in_a_row is not None and not any(in_a_row.fullmatch(run) for run in runs):
            queries.append(Verified([groups], in_a_row, self.texts, pairs=run_pairs(groups)))
            patterns.append(in_a_row.pattern)
        self.add_leaf(Leaf(typed=typed, kind="pinyin", words=runs, pinyin=reading,
                           note="words in a row", alternatives=near[:2],
                           # One run is said as it is written; several, as the hits hold them.
                           runs=runs[:1] if len(patterns) == 1 else [],
                           run_pattern="|".join(patterns) if len(patterns) > 1 else ""))
        return queries[0] if len(queries) == 1 else wq.Or(queries)

    def words_query(self, words: list[str]) -> wq.Query:
        """Each word as word_query finds it, as one Or of each word's own term and then the other
        ways its characters are found (水资源 cut 水|资源): the same paragraphs and scores as an Or
        of the words' queries, but the search reads each word's hits from its term's scores (its
        homophones' turns, search._reading_queues) instead of reading the hits' texts, which cost
        initials such as shzy (社会主义、水资源) ~4 ms."""
        terms, others = [], []
        # Only the commonest word's characters beyond its term: those of a rarer homophone jieba
        # does not know either (对留 beside 对流) mostly add paragraphs of neither.
        commonest = max(words, key=self.vocab.count)
        for w in words:
            found = self.word_query(w, characters=w == commonest)
            own = wq.Term("text", w)
            if type(found) is wq.Or and own in found.subqueries:
                terms.append(own)
                others.extend(q for q in found.subqueries if q != own)
            else:
                terms.append(found)
                if found == own and (alone := self.standing_alone(w, found)) is not None:
                    others.append(alone)
        queries = terms + others
        return wq.Or(queries) if len(queries) > 1 else queries[0]

    def word_query(self, word: str, characters: bool = True) -> wq.Query:
        """A word read from pinyin or initials, found where its characters typed would find it: a
        longer word also where the text cuts it otherwise (“放管服”改革 for 放管服改革), a word of two
        jieba does not know (shorthand: 双创, 四新) also where it cut it otherwise or kept it inside
        a longer word (双|创汇, 三高四新), as its characters find it. A word of two jieba knows is
        its term only: where the text holds its characters across two words (推动|物流 for dongwu,
        集中|东部 for zhongdong) they bury the paragraphs of 动物 and 中东 that pinyin means; so
        is a word of two not `characters` (a rarer homophone)."""
        if len(word) < 2 or (len(word) == 2 and (not characters or word not in self.vocab.unlisted)):
            return wq.Term("text", word)
        return self.characters_query(word) or wq.Term("text", word)

    def tone_slip_leaf(self, typed: str, syllables: list[str], tones: list[int | None]) -> wq.Query | None:
        """No word reads as typed with the tones typed, but words do with one tone otherwise
        (lv3se4: 绿色 is lǜ sè): a tone is a likelier slip than a letter (旅客, lǚ kè, one letter
        away), so those words are searched, the correction said and the letters' slips offered."""
        if len(tones) != len(syllables) or all(t is None for t in tones):
            return None
        candidates = self.vocab.by_pinyin.get("".join(syllables), [])
        words = letter_reading.dominant([w for w in candidates if any(
            letter_reading.tones_match(self.vocab.reading(w), [None if i == j else t for j, t in enumerate(tones)], syllables)
            for i in range(len(tones)))], self.vocab, MAX_PINYIN_WORDS)
        if not words:
            return None
        reading = self.vocab.reading(words[0])
        corrected = "".join(f"{s}{pinyin.tone_number(r) or ''}" for s, r in zip(syllables, reading))
        others = letter_reading.near_readings(self.vocab, "".join(syllables))[:2]
        self.add_leaf(Leaf(typed=typed, kind="pinyin", words=words, pinyin=" ".join(reading),
                           corrected=corrected, alternatives=others,
                           note=f"no word reads “{typed}” with those tones; searched “{corrected}”"))
        self.notes.append(f"corrected “{typed}” to “{corrected}” (a tone)")
        return self.words_query(words)

    def corrected_leaf(self, typed: str, key: str, held: list[str] = ()) -> wq.Query | None:
        """No word reads as typed: the words one slip away (said in the interpretation). The
        likeliest few readings are searched, the commonest first; the rest are offered. `held`:
        runs of characters the text holds that read as typed (双万 for shuang wan, where no word
        does), searched after them as their characters are, said, and each a click away alone."""
        weighed = letter_reading.near_readings_weighed(self.vocab, key)
        if not weighed:
            return self.held_run_leaf_of(typed, key, held) if held else None
        near = [reading for reading, _ in weighed]
        # The likeliest few are searched. Each word is as likely meant as it is used, times how
        # likely the slip that leads to its reading is (yuanjig: 远景 and 愿景 with an n left out
        # before 远近 with a g struck for n), and page one takes them in turn in that order.
        n = CORRECTIONS_SEARCHED
        if len(near[0]["reading"].split()) > 1:
            # A lone syllable (sorted last) is offered, not searched, beside words of two or more:
            # its characters are the commonest (vyou: 有、又、由 beside 旅游) and fill page one.
            n = min(n, sum(len(r["reading"].split()) > 1 for r in near))
        searched = near[:n]
        keys = [r["query"] for r in searched]
        likelihoods: dict[str, float] = {}
        for reading, weight in weighed[:n]:
            commonest = max(self.vocab.count(reading["words"][0]), 1)
            for w in reading["words"]:
                likelihoods.setdefault(w, weight * max(self.vocab.count(w), 1) / commonest)
        words = sorted(likelihoods, key=lambda w: -likelihoods[w])
        boosts = {}
        for rank, reading in enumerate(searched):
            for w in reading["words"]:
                boosts.setdefault(w, CORRECTION_BOOSTS[rank])
        held = [run for run in held if run not in likelihoods]
        found = [(run, q) for run in held if (q := self.characters_query(run)) is not None]
        also = f"; also “{'”, “'.join(run for run, _ in found)}” (characters side by side in the text)" if found else ""
        offered = [letter_reading.offer("as characters", [run], run) for run, _ in found]
        self.add_leaf(Leaf(typed=typed, kind="pinyin", words=words + [run for run, _ in found],
                           pinyin=searched[0]["reading"], corrected=keys[0],
                           alternatives=offered + near[1:CORRECTIONS_SEARCHED + 2],
                           note=f"no word reads “{key}”; searched “{'”, “'.join(keys)}”{also}"))
        self.notes.append(f"corrected “{typed}” to “{'” or “'.join(keys)}”")
        # Each longer word found where its characters typed would find it (产品价格 also where the
        # text cuts it 产品|价格), as when its pinyin is typed right; a word of two is its term
        # only: a guessed reading's shorthand across cuts (吉能, 复材) buries the word meant.
        # Each word's paragraphs in the order its pinyin typed right gives them: where it stands
        # alone first (海港, not 沿海港口), as words_query adds it.
        searched_words = [_boosted(self.word_query(w, characters=False), boosts[w]) for w in words]
        alone = [q for w, own in zip(words, searched_words)
                 if type(own) is wq.Term and (q := self.standing_alone(w, own)) is not None]
        return wq.Or([*searched_words, *alone, *(_boosted(q, HELD_BESIDE_BOOST) for _, q in found)])

    def held_run_leaf_of(self, typed: str, key: str, held: list[str]) -> wq.Query | None:
        """No word reads as typed nor one slip away: the runs of characters the text holds that
        read so (`held`), searched as their characters are and said as such."""
        found = [(run, q) for run in held if (q := self.characters_query(run)) is not None]
        if not found:
            return None
        runs = [run for run, _ in found]
        parsed = pinyin.parse_pinyin_query(key)
        reading = " ".join(parsed.syllables[0]) if parsed is not None and parsed.syllables else key
        self.add_leaf(Leaf(typed=typed, kind="pinyin", words=runs, pinyin=reading, note="characters in a row",
                           runs=runs[:1] if len(runs) == 1 else [],
                           run_pattern="|".join(variants.written_as([[r]]).pattern for r in runs) if len(runs) > 1 else ""))
        return found[0][1] if len(found) == 1 else wq.Or([q for _, q in found])

    def typo_leaf(self, typed: str, parsed) -> wq.Query | None:
        """Nothing reads like that at all: allow one slip (shuangwn → shuangwan, sihwu → shiwu)."""
        if not re.fullmatch(r"[A-Za-zü:' ]+", typed):
            return None
        key = "".join(parsed.syllables[0]) if parsed and parsed.syllables else re.sub(r"[^a-z]", "", typed.lower())
        return self.corrected_leaf(typed, key)

    def initials_leaf(self, typed: str, parsed) -> tuple[wq.Query | None, str]:
        """Initials → words of three or more syllables with those initials ("word"), else words
        in a row whose initials make them up ("run": cjxz → 成绩 显著)."""
        by_initials = self.vocab.by_initials
        # Said as typed: both readings of zh/ch/sh are searched (zhdx: 综合大学 and 针对性), and the
        # index's key for the one-initial reading (zdx) is not what was typed.
        letters = "".join(max(parsed.syllables, key=len))
        # zh/ch/sh may be typed as one initial or two letters: every reading is tried.
        # Each letter an initial first (zhdx: 综合大学), then zh/ch/sh as one (zhg: 中国).
        readings = sorted((letters_ for letters_ in parsed.syllables if len(letters_) >= 3), key=len, reverse=True)
        candidates = list(dict.fromkeys(w for letters_ in readings for w in by_initials.get("".join(letters_), [])))
        words = letter_reading.dominant(candidates, self.vocab, MAX_INITIALS_WORDS)
        units = letter_reading.unit_runs(self.vocab, readings)
        if words:
            whole = max(map(self.vocab.count, words))
            # lgql: 两个确立, quoted 20 times, beside the whole word 牢固确立 (4 uses): both searched,
            # the hits taking turns by how many hold each; so bzd: “标准地”, quoted 10 times, beside
            # 不足道 (2 uses). Quoted, the letters name it: no margin as runs by chance need.
            quoted = letter_reading.quoted_shorthand(self.vocab, ["".join(letters_) for letters_ in readings], QUOTED_MARGIN * whole)
            if quoted:
                found = [q for q in (self.characters_query(span) for span in quoted) if q is not None]
                self.add_leaf(Leaf(typed=typed, kind="initials", words=[*quoted, *words], pinyin=letters,
                                   note="quoted shorthand",
                                   run_pattern=variants.written_as([[*quoted, *words]]).pattern))
                return wq.Or([*found, self.words_query(words)]), "word"
            runs = letter_reading.runs_outnumbering(self.vocab, parsed, words)
            # Runs the text uses as one unit (稳 就业, in 83 paragraphs) beside a rare whole word
            # with the same initials (吴金印, 1 use), on the same terms as runs of two words.
            runs = list(dict.fromkeys([*runs, *(run for run, paragraphs in units if paragraphs > RUN_MARGIN * whole)]))
            if runs:
                # jjfz: 经济发展 in 603 paragraphs, not only the whole word 经济犯罪 (14 uses): both are
                # searched, and the hits take turns by how many hold each (search._words_in_a_row).
                pattern = re.compile("|".join(variants.written_as([[w] for w in run]).pattern for run in runs))
                run = Verified([[[w] for w in run] for run in runs], pattern, self.texts)
                found = list(dict.fromkeys([*(w for run in runs for w in run), *words]))
                self.add_leaf(Leaf(typed=typed, kind="initials", words=found, pinyin=letters, note="words in a row",
                                   run_pattern=variants.written_as([words]).pattern + "|" + pattern.pattern))
                return wq.Or([self.words_query(words), run]), "word"
            self.add_leaf(Leaf(typed=typed, kind="initials", words=words, pinyin=letters))
            return self.words_query(words), "word"
        if units:
            # xdn: no word of the index has these initials, but 新 动能 is a unit of the text.
            runs = [run for run, paragraphs in units if paragraphs * RUN_DOMINANCE >= units[0][1]][:MAX_RUNS_WEIGHED]
            pattern = re.compile("|".join(variants.written_as([[w] for w in run]).pattern for run in runs))
            # Each run as its characters are found (氢走廊 also where the text cut it 氢走|廊, or
            # kept it inside a longer word), not only where its two words stand side by side.
            found = [q for q in (self.characters_query("".join(run)) for run in runs) if q is not None]
            run = found[0] if len(found) == 1 else wq.Or(found) if found else \
                Verified([[[w] for w in run] for run in runs], pattern, self.texts)
            self.add_leaf(Leaf(typed=typed, kind="initials", words=list(dict.fromkeys(w for run in runs for w in run)),
                               pinyin=letters, note="words in a row",
                               # One run is said as it is written (新动能); several, as the hits hold them.
                               runs=["".join(runs[0])] if len(runs) == 1 else [],
                               run_pattern=pattern.pattern if len(runs) > 1 else ""))
            return run, "run"
        quoted = letter_reading.quoted_shorthand(self.vocab, ["".join(letters_) for letters_ in readings])
        # ljyjt: no word nor unit reads so; 零就业家庭, quoted in the text, is meant, not the run
        # the character pairs make likeliest.
        if quoted and (found := self.quoted_leaf(typed, letters, "initials", quoted,
                                                  letter_reading.held_besides(self.vocab, parsed, quoted))) is not None:
            return found, "run"
        # Runs of characters the text may hold with these initials, single characters among their
        # words (gxbcyjs: 高效办成一件事, where words of two or more in a row find nothing), are
        # searched beside the words in a row: the hits take turns by how many hold each run.
        found = [(run, q) for run, *_ in letter_reading.likeliest_held(self.vocab, parsed)
                 if (q := self.characters_query(run)) is not None]
        held = [run for run, _ in found]
        held_query = [wq.Or([q for _, q in found]) if len(found) > 1 else found[0][1]] if found else []
        for typed_letters in parsed.syllables:
            groups = letter_reading.initials_run(self.vocab, typed_letters)
            if groups:
                words = [w for group in groups for w in group]
                run = Verified([groups], variants.written_as(groups), self.texts, pairs=run_pairs(groups))
                pattern = "|".join([*(variants.written_as([[r]]).pattern for r in held), run.pattern.pattern])
                self.add_leaf(Leaf(typed=typed, kind="initials", words=list(dict.fromkeys([*held, *words])),
                                   pinyin=letters, note="words in a row",
                                   run_pattern=pattern if held else _choice(groups, run)))
                return (wq.Or([*held_query, run]) if held else run), "run"
        if held:
            self.add_leaf(Leaf(typed=typed, kind="initials", words=held, pinyin=letters, note="words in a row",
                               runs=held[:1] if len(held) == 1 else [],
                               run_pattern="|".join(variants.written_as([[r]]).pattern for r in held)
                               if len(held) > 1 else ""))
            return held_query[0], "run"
        return None, ""

    def quoted_leaf(self, typed: str, reading: str, kind: str, spans: list[str], near=()) -> wq.Query | None:
        """Quoted shorthand searched as its characters are (the hits take turns by how many hold
        each); the interpretation says it is the collection's quoted shorthand and offers
        the readings one slip away (`near`)."""
        queries = [q for q in (self.characters_query(span) for span in spans) if q is not None]
        if not queries:
            return None
        self.add_leaf(Leaf(typed=typed, kind=kind, words=spans, pinyin=reading, note="quoted shorthand",
                           alternatives=list(near)[:2], runs=spans[:1] if len(spans) == 1 else [],
                           run_pattern="|".join(variants.written_as([[s]]).pattern for s in spans)
                           if len(spans) > 1 else ""))
        return queries[0] if len(queries) == 1 else wq.Or(queries)

    def mixed_or_as_written(self, typed: str) -> wq.Query | None:
        """Letters beside characters: read as pinyin beside them (双wan: 双万), and also as written
        where the index holds that run (5G基站, PM2.5浓度, “C”位), as a quoted phrase would find it.
        Letters the index holds as a word of their own (GDP增长, 深化AI) found so are that word and
        the characters in a row, not also pinyin or initials (各党派 增长, 深化爱)."""
        norm = self.normalize(typed).strip()
        as_written = self.characters_query(norm)
        if as_written is None or _finds_nothing(as_written):
            return self.mixed_leaf(typed)
        if self.latin_runs_are_words(norm):
            self.keep_as_typed(typed, norm)
            self.add_leaf(Leaf(typed=typed, kind="characters", words=[norm]))
            return as_written
        query = self.mixed_leaf(typed)
        self.keep_as_typed(typed, norm)
        leaf = self.leaves[-1]
        leaf.words = list(dict.fromkeys([norm, *leaf.words]))
        return as_written if query is wq.NullQuery else wq.Or([as_written, query])

    def latin_runs_are_words(self, norm: str) -> bool:
        """Whether every run of ASCII letters and digits beside the characters (gdp, pm2.5, 5g) is
        a word of the index: the text writes it so, it is no pinyin typed for characters."""
        runs = re.findall(r"[a-z0-9][a-z0-9.+_\-]*", norm.lower())
        return bool(runs) and all(run in self.vocab.words for run in runs if re.search(r"[a-z]", run))

    def mixed_leaf(self, typed: str) -> wq.Query | None:
        """`双wan`, `刘dh`: words whose characters match the Han parts and whose reading matches
        the rest (syllables, or initials); else the characters in a row (寮bu: 寮步)."""
        runs = pinyin.split_mixed(self.normalize(typed))
        pattern: list[tuple[str, str]] = []   # ("han", char), ("syl", syllable) or ("ini", initial)
        for kind, value in runs:
            if kind == "han":
                pattern.extend(("han", ch) for ch in value)
            else:
                parsed = pinyin.parse_pinyin_query(value)
                if parsed is None or not parsed.syllables:
                    self.add_leaf(Leaf(typed=typed, kind="mixed", words=[]))
                    return wq.NullQuery
                pattern.extend(("ini" if parsed.initials_only else "syl", s) for s in parsed.syllables[0])
        han_parts = [v for k, v in pattern if k == "han"]
        words = [w for w in self.vocab.holding(han_parts, len(pattern)) if letter_reading.reads_as(self.vocab, w, pattern)]
        words = letter_reading.dominant(sorted(words, key=lambda w: -self.vocab.count(w)), self.vocab, MAX_PINYIN_WORDS)
        if not words:
            # No one word reads so: its parts in a row, as words (乡村zhenxing: 乡村 振兴) and as
            # characters (寮bu: 寮步, cut 寮|步; 双wan: 双万, one word), each way its paragraphs.
            found = [f for f in (self.mixed_words_in_a_row(runs),
                                 self.characters_in_a_row(pattern) if all(k != "ini" for k, _ in pattern) else None)
                     if f is not None]
            if found:
                words = list(dict.fromkeys(w for _, found_words, _ in found for w in found_words))
                self.add_leaf(Leaf(typed=typed, kind="mixed", words=words,
                                   note=" and ".join(note for _, _, note in found),
                                   run_pattern=_runs_pattern([q for q, _, _ in found])))
                return found[0][0] if len(found) == 1 else wq.Or([q for q, _, _ in found])
        self.add_leaf(Leaf(typed=typed, kind="mixed", words=words))
        return wq.Or([wq.Term("text", w) for w in words]) if words else wq.NullQuery

    def mixed_words_in_a_row(self, runs: list[tuple[str, str]]) -> tuple[wq.Query, list[str], str] | None:
        """No one word reads so: each part its own words, in a row (乡村zhenxing: 乡村 then the
        words that read zhen xing, 振兴; xc振兴, 乡村zx: words with those initials). Characters
        are the indexed words they are or split into; letters, the words that read so (else
        words in a row that do). None when a part finds no word."""
        groups: list[list[str]] = []
        readings: list[str] = []
        for kind, value in runs:
            if kind == "han":
                pieces = [value] if value in self.vocab.words else next(iter(self.vocab.segmentations(value, 1)), [])
                if not pieces:
                    return None
                groups.extend([piece] for piece in pieces)
                readings.append(value)
                continue
            if kind != "pinyin":
                return None
            parsed = pinyin.parse_pinyin_query(value)
            if parsed is None or not parsed.syllables:
                return None
            found = letter_reading.letters_as_words(self.vocab, parsed)
            if not found:
                return None
            groups.extend(found)
            readings.append(" ".join(parsed.syllables[0]))
        if len(groups) < 2:
            return None
        words = list(dict.fromkeys(w for group in groups for w in group))
        return (Verified([groups], variants.written_as(groups), self.texts, pairs=run_pairs(groups)), words,
                f"words in a row: {' · '.join(readings)}")

    def characters_in_a_row(self, pattern: list[tuple[str, str]]) -> tuple[wq.Query, list[str], str] | None:
        """No word of the index reads so (寮步 is cut 寮|步): characters in a row, each syllable
        any character of the index that reads so, found in the index of characters and pairs
        (the query, the runs it stands for, and a note)."""
        columns = []
        # Each syllable's characters by how much the text uses each, inside words too (步 of
        # 进一步), not by how often one stands alone: the first MAX_ROW_CHARACTERS are tried.
        count = self.vocab.character_count
        for kind, value in pattern:
            columns.append([value] if kind == "han" else
                           sorted((w for w in self.vocab.by_pinyin.get(value, []) if len(w) == 1),
                                  key=lambda ch: -count(ch))[:MAX_ROW_CHARACTERS])
        if len(columns) < 2 or not all(columns):
            return None
        pairs = [[a + b for a in left for b in right] for left, right in zip(columns, columns[1:])]
        runs = [""]
        for column in columns:
            runs = [run + ch for run in runs for ch in column][:MAX_PINYIN_WORDS * 4]
        if len(columns) == 2:
            return wq.Or([wq.Term("chars", pair) for pair in pairs[0]]), runs, "characters in a row"
        return Verified([pairs], variants.written_as(columns), self.texts, field="chars"), runs, "characters in a row"

    def syllables_then_initials(self, typed: str) -> wq.Query | None:
        """Pinyin, then initials for the rest (xuelianggc: xue liang g c → 雪亮工程): the words
        that read so, else words in a row (雪亮 工程)."""
        letters = typed.replace(" ", "").lower()
        tail = re.search(r"[bcdfghjklmnpqrstwxyz]+$", letters)
        if not letters.isascii() or not letters.isalpha() or tail is None:
            return None
        # At least two of each, or a slip (tilg, jinx) would read as one syllable and initials.
        for cut in range(len(letters) - 2, tail.start() - 1, -1):
            head = pinyin.parse_pinyin_query(letters[:cut])
            if head is None or head.initials_only:
                continue
            rest = list(letters[cut:])
            for syllables in [head.syllables[0]] if len(head.syllables[0]) >= 2 else []:
                pattern = [("syl", s) for s in syllables] + [("ini", c) for c in rest]
                key = "".join(s[0] for s in syllables) + "".join(rest)
                words = [w for w in self.vocab.by_initials.get(key, []) if letter_reading.reads_as(self.vocab, w, pattern)]
                words = letter_reading.dominant(sorted(words, key=lambda w: -self.vocab.count(w)), self.vocab, MAX_PINYIN_WORDS)
                reading = " ".join(syllables + rest)
                if words:
                    self.add_leaf(Leaf(typed=typed, kind="mixed", words=words, pinyin=reading))
                    return self.words_query(words)
                first = letter_reading.words_for_syllables(self.vocab, syllables, [None] * len(syllables))
                second = self.vocab.by_initials.get("".join(rest), [])[:MAX_RUN_WORDS] if len(rest) >= 2 else []
                if first and second:
                    groups = [first, second]
                    run = Verified([groups], variants.written_as(groups), self.texts, pairs=run_pairs(groups))
                    self.add_leaf(Leaf(typed=typed, kind="mixed", words=first + second, pinyin=reading,
                                       note="words in a row", run_pattern=_choice(groups, run)))
                    return run
        return None


def _choice(groups: list[list[str]], run: Verified) -> str:
    """The pattern that tells the runs of `groups` apart in the hits, or "" for one run only."""
    return "" if all(len(group) == 1 for group in groups) else run.pattern.pattern


def _runs_pattern(found: list) -> str:
    """A mixed query's runs, as words (Verified) or as pairs of characters (an Or of them), as one
    pattern; "" for one run of single words only (nothing to choose between)."""
    if len(found) == 1 and isinstance(found[0], Verified) and len(found[0].ways) == 1:
        return _choice(found[0].ways[0], found[0])
    return "|".join(q.pattern.pattern if isinstance(q, Verified) else
                    variants.written_as([[t.text for t in q.subqueries]]).pattern for q in found)


def characters_elsewhere(word: str, as_word: wq.Query | None = None) -> wq.Query:
    """The paragraphs holding a two-character word's characters where the words' index has it
    not (across jieba's cuts, inside a longer word), a tier below those where it is a word.
    `as_word`: the word's own query beside it (the same node: the evaluator reads it once)."""
    return wq.AndNot(wq.Term("chars", word, boost=OTHERWISE_CUT), as_word or wq.Term("text", word))


def _inside(words: list[str], text: list[str]) -> bool:
    """Whether `words` stand in a row in `text` (both split on spaces)."""
    return any(text[start:start + len(words)] == words for start in range(len(text) - len(words) + 1))


def _boosted(query: wq.Query, boost: float) -> wq.Query:
    """`query` with this boost: a shallow copy (Query.with_boost deep-copies, and a Verified
    holds the paragraph texts' open file). Whoosh boosts a term, and an And or Or of two parts or
    more; anything else (a run alone) keeps its score."""
    if boost == 1.0 or not (type(query) is wq.Term or len(getattr(query, "subqueries", ())) > 1):
        return query
    boosted = copy.copy(query)
    boosted.boost = boost
    return boosted


def _finds_nothing(query: wq.Query) -> bool:
    """A query some part of which can match nothing (a run no indexed words spell)."""
    if query is wq.NullQuery:
        return True
    return isinstance(query, wq.And) and any(_finds_nothing(q) for q in query.subqueries)


def _and(parts):
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def _junction_pairs(before: list[str], after: list[str]) -> list[str]:
    """The pairs of characters where a word of `before` meets a word of `after` (村振)."""
    return list(dict.fromkeys(a[-1] + b[0] for a in before for b in after
                              if chars.all_han(a[-1]) and chars.all_han(b[0])))


def _is_name(english: str) -> bool:
    """Whether English words are the name of one of CC-CEDICT's proper nouns (zhou dynasty)."""
    from .english.cedict import name_phrases
    return " ".join(english_words(english)) in name_phrases()


def _names_by_longer_forms(groups, indexed, english_map) -> tuple[list, list[str], list[str]]:
    """A name whose one-character form is an ordinary word too (zhou dynasty: 周, also week and
    circle) is searched by its longer forms (周代, 周朝) and by the character followed by the
    index's words for the rest of the name (周王朝), as the text's 周 alone is far likelier the
    word: the groups with those forms the index has as words, and the forms it has not (searched
    as characters in a row), and what to say of each such name."""
    from .english.cedict import name_forms

    out, runs, said = [], [], []
    for g in groups:
        forms = name_forms(" ".join(english_words(g.english))) if g.phrase and _is_name(g.english) else ()
        ambiguous = {w for w, ordinary in forms if len(w) == 1 and ordinary}
        rest = [w for w in english_words(g.english) if not pinyin.reads_as_syllables(w)]
        # (words whose gloss is that word alone: 王朝 for dynasty, not 南朝 "Southern Dynasties")
        after = [c for c, score in english_map.get(rest[0], [])[:WORDS_IN_A_ROW]
                 if score >= query_words.WHOLE_GLOSS] if len(rest) == 1 else []
        longer = list(dict.fromkeys([w for w, _ in forms if len(w) > 1] + [a + c for a in sorted(ambiguous) for c in after]))
        if not ambiguous & {w for w, _ in g.words} or not longer:
            out.append(g)
            continue
        score = max(sc for w, sc in g.words if w in ambiguous)
        kept = [(w, sc) for w, sc in g.words if w not in ambiguous]
        kept += [(w, score) for w in longer if w in indexed and w not in dict(kept)]
        runs += [w for w in longer if w not in indexed]
        # One entry for the name, its other words with it (tang dynasty → 大唐、唐代、唐朝), not two.
        named = dict.fromkeys([w for w, _ in kept] + longer)
        said.append(f"{g.english} → {'、'.join(named)}, not {'、'.join(sorted(ambiguous))} alone")
        out.append(query_words.EnglishMatch(english=g.english, words=[], phrase=g.phrase, corrected=g.corrected))
        if kept:
            out[-1].words = kept
    return out, runs, said


def _name_words(words: list[str]) -> bool:
    """Whether a run of 2-4 of the words is a proper noun's English name (zhou dynasty)."""
    found = [w for w in (english_words(word) for word in words)]
    flat = [w[0] if w else "" for w in found]
    return any(_is_name(" ".join(flat[i:j])) for i in range(len(flat))
               for j in range(i + 2, min(len(flat), i + 4) + 1) if all(flat[i:j]))


def _nearest(stem: str, known: dict[str, int]) -> str:
    """The word of `known` ({stem: paragraphs}) one slip from `stem`, the same first letter
    and then the more used first; "" for a short stem or none near."""
    if len(stem) < SpellingCorrector.MIN_LENGTH:
        return ""
    near = [w for w in one_slip(stem) if w in known]
    return min(near, key=lambda w: (w[:1] != stem[:1], -known[w], w), default="")


def _english_near(typed: str, english: SpellingCorrector) -> bool:
    """Whether every word typed is an English word (in a form the language has) or one slip
    from one: English the index has no Chinese for, not letters of no language."""
    words = re.findall(r"[A-Za-z]+", typed.lower())
    return bool(words) and all(
        any(form in english.words for form in (*query_words.word_forms(w), *query_words.derived_forms(w)))
        or english.candidates(w) for w in words)


def _spelled_out(typed: str, phrases: dict) -> tuple[str, list[str]]:
    """The English with each ampersand initialism a source ties to Chinese written out (R&D →
    research and development), and what was read so, to be said. An initialism whose phrase the
    index's English map lacks is taken out, not read word by word (development alone is not R&D)."""
    said: list[str] = []

    def spell(m: re.Match) -> str:
        found = initialisms.meanings(m.group(0))
        if not found:
            return m.group(0)
        expansion, chinese = found[0]
        read = query_words.english_groups(expansion, {"phrases": phrases})
        if len(read) == 1 and read[0].phrase:
            said.append(f"{m.group(0)} = {expansion} ({chinese}, CC-CEDICT)")
            return expansion
        said.append(f"{m.group(0)} = {expansion} ({chinese}, CC-CEDICT): not in this index")
        return " "

    if "&" not in typed and "＆" not in typed:
        return typed, said
    return initialisms.AMPERSAND_INITIALISM.sub(spell, typed), said


def _english_note(groups) -> str:
    return "; ".join(f"{g.english}{f' (as “{g.corrected}”)' if g.corrected else ''} → "
                     f"{'、'.join(w for w, _ in g.words[:4])}" for g in groups)


def _corrected_text(typed: str, groups) -> str:
    """What was typed with each misspelt part replaced by what was searched, or "" if none was."""
    if not any(g.corrected for g in groups):
        return ""
    text = typed
    for group in groups:
        if group.corrected:
            text = text.replace(group.english, group.corrected, 1)
    return text


