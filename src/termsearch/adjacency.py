"""Paragraphs where words stand next to each other, checked on the text itself.

The query reader (query.py) asks for words in a row as a `Verified` query; this module runs it
against the index: the posting lists give the candidates, the paragraph texts decide.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Set
from functools import lru_cache
from itertools import compress, filterfalse

try:                        # the parser and compiler of `re` (Python 3.11 on; before, sre_*)
    from re import _compiler as _re_compiler, _constants as _re, _parser as _re_parser
except ImportError:         # pragma: no cover
    import sre_compile as _re_compiler
    import sre_constants as _re
    import sre_parse as _re_parser

from whoosh import query as wq

from . import whoosh_format
from .analysis import chars, variants
from .postings import CACHED_FROM, column_ascending, column_values, has_column, postings, term_bytes

FEW_CANDIDATES = 500         # candidate paragraphs a phrase check reads from the index itself
COMMON_GROUP = 8             # a phrase's word this many times commoner than its candidates: read only their blocks
TEXTS_PER_BLOCK = 16         # texts held in memory a check reads in the time a posting block takes to decode
MAX_FIRST_CHARACTERS = 16    # a pattern starting with one of more characters is searched as it is
# Candidates from which a pattern is unfolded by its first character, for each first
# character: unfolding compiles a pattern per character (0.3-0.5 ms each, the first time a
# query is typed), which ~0.4 us saved a candidate that does not match repays from ~1,000 of
# them for two first characters (经济发展's 1,290 and 1,164 a segment of the reports); with
# four (jing ji fa zhan's 竞競經经) a check saves little, from 2,000 as before.
UNFOLD_PER_FIRST_CHARACTER = 500
# Candidates from which a phrase check tries each text at its words as normalised first
# (Verified._literal): for fewer, setting that up costs more than a search of their texts.
LITERAL_FROM = 16
# Candidates from which a phrase's pairs of characters narrow them before their texts are read
# (run_pairs): below, reading the pairs costs about what it saves.
NARROW_FROM = 200


def run_pairs(groups: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    """What a text matching variants.written_as(groups) holds, as pairs of characters (matching
    forms, one of each tuple will do) side by side or with only a gap between them: each pair
    inside a group's one word, and where two groups meet, a last character of one's words
    and a first of the next's (济发|技发|纪发 for 经济|竞技|经纪 发展). Han characters only (the
    characters' index holds no other)."""
    found: list[tuple[str, ...]] = []
    for group, following in zip(groups, [*groups[1:], None]):
        if len(group) == 1:
            word = group[0]
            found.extend((word[i:i + 2],) for i in range(len(word) - 1))
        if following is not None:
            found.append(tuple(sorted({a[-1] + b[0] for a in group for b in following if a and b})))
    return tuple(pairs for pairs in dict.fromkeys(found) if pairs and all(chars.all_han(p) for p in pairs))


@lru_cache(maxsize=1024)
def first_character_scans(pattern: re.Pattern[str]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Patterns that between them match where `pattern` does, each starting with one character
    (given with it; "" for the pattern itself).

    `re` looks for a pattern's first character, when it is one, with a tight loop (about a
    nanosecond a character) and for a class of them ([經经]) trying each position in turn
    (10-35 ns): a phrase check that finds nothing reads each candidate's text whole, so
    经济发展's 1,290 candidates that hold 经济 and 发展 apart took 8 ms, and the same check as 经…
    then 經… 1. A class, alternatives or a group at the start are unfolded into one pattern
    per first character followed by what may follow it (lookbehinds still see that character).
    Where the pattern starts with one character already, or cannot be unfolded (capture
    groups, ranges, flags, more than MAX_FIRST_CHARACTERS first characters), it is itself.
    """
    unfolded = _by_first_character(pattern)
    if unfolded is None:
        return (("", pattern),)
    parsed, following = unfolded
    try:
        scans = []
        for code, rests in following.items():
            tail = list(rests[0]) if len(rests) == 1 else [
                (_re.BRANCH, (None, [_re_parser.SubPattern(parsed.state, list(rest)) for rest in rests]))]
            scans.append((chr(code), _re_compiler.compile(
                _re_parser.SubPattern(parsed.state, [(_re.LITERAL, code), *tail]), pattern.flags)))
        return tuple(scans)
    except Exception:           # noqa: BLE001 (a Python whose re is built otherwise: the pattern as it is)
        return (("", pattern),)


@lru_cache(maxsize=1024)
def first_character_count(pattern: re.Pattern[str]) -> int:
    """How many patterns first_character_scans makes of `pattern` (parsed, not compiled)."""
    unfolded = _by_first_character(pattern)
    return len(unfolded[1]) if unfolded is not None else 1


def _by_first_character(pattern: re.Pattern[str]) -> tuple[object, dict[int, list]] | None:
    """The parsed pattern and {a first character's code: [what may follow it]}, or None where
    first_character_scans leaves the pattern as it is."""
    try:
        parsed = _re_parser.parse(pattern.pattern, pattern.flags)
        if pattern.flags & re.IGNORECASE or parsed.state.groups > 1 or parsed.data[0][0] is _re.LITERAL:
            return None
        following: dict[int, list] = {}
        for code, rest in _first_characters(list(parsed.data)) or ():
            following.setdefault(code, []).append(rest)
        return (parsed, following) if 1 < len(following) <= MAX_FIRST_CHARACTERS else None
    except Exception:           # noqa: BLE001 (a Python whose re is built otherwise: the pattern as it is)
        return None


def _first_characters(items: list) -> list[tuple[int, list]] | None:
    """[(a first character's code, what follows it)] of a parsed pattern, or None."""
    if not items:
        return None
    (op, value), rest = items[0], items[1:]
    if op is _re.LITERAL:
        return [(value, rest)]
    if op is _re.IN and all(member_op is _re.LITERAL for member_op, _ in value):
        return [(code, rest) for _, code in value]
    if op is _re.BRANCH:
        found = []
        for alternative in value[1]:
            unfolded = _first_characters(list(alternative.data) + rest)
            if unfolded is None:
                return None
            found.extend(unfolded)
        return found
    if op is _re.SUBPATTERN and value[0] is None and not value[1] and not value[2]:
        return _first_characters(list(value[3].data) + rest)
    return None


# Code points whose UTF-8 starts with a byte from E4 to E9 (the common Han characters): none of
# the separators a phrase may have between its characters (variants.written_as) is one of them.
_HAN_LEAD_CODES = (0x4000, 0x9FFF)
_NOT_HAN_LEAD = rb"[^\xe4-\xe9]"


@lru_cache(maxsize=1024)
def utf8_superset(pattern: re.Pattern[str]) -> re.Pattern[bytes] | None:
    """A bytes pattern found in the UTF-8 of every text `pattern` is found in (and perhaps of
    others), or None. Searched in a mapped file's bytes, it turns away a phrase's candidates
    that hold its words apart without decoding them (decoding was two thirds of checking
    經濟發展's 4,600 such candidates on the whole corpus). Characters stay as their bytes;
    a run of separators (no Han character) becomes a run of bytes that start no Han
    character; lookarounds and anchors are left out (fewer conditions, more texts found)."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        body = _utf8(_re_parser.parse(pattern.pattern, pattern.flags).data)
        return re.compile(body) if body else None
    except Exception:           # noqa: BLE001 (a pattern or a Python's re this does not know: no superset)
        return None


def _utf8(items) -> bytes | None:
    out = []
    for op, value in items:
        if op is _re.LITERAL:
            out.append(re.escape(chr(value).encode()))
        elif op is _re.IN:
            members = _utf8_members(value)
            if members is None:
                return None
            out.append(members if members != _NOT_HAN_LEAD else _NOT_HAN_LEAD + b"{1,4}")
        elif op is _re.MAX_REPEAT or op is _re.MIN_REPEAT:
            low, high, sub = value
            if len(sub.data) == 1 and sub.data[0][0] is _re.IN and _utf8_members(sub.data[0][1]) == _NOT_HAN_LEAD:
                # Separators: 1 to 4 bytes each, none starting a Han character.
                out.append(_NOT_HAN_LEAD + (b"{%d,}" % low if high is _re.MAXREPEAT else b"{%d,%d}" % (low, 4 * high)))
                continue
            inner = _utf8(sub.data)
            if inner is None or _NOT_HAN_LEAD in inner:     # (a run of runs: slow to search)
                return None
            out.append(b"(?:" + inner + (b"){%d,}" % low if high is _re.MAXREPEAT else b"){%d,%d}" % (low, high)))
        elif op is _re.SUBPATTERN:
            _, add_flags, del_flags, sub = value
            inner = _utf8(sub.data)
            if inner is None or add_flags or del_flags:
                return None
            out.append(b"(?:" + inner + b")")
        elif op is _re.BRANCH:
            alternatives = [_utf8(alternative.data) for alternative in value[1]]
            if any(a is None for a in alternatives):
                return None
            out.append(b"(?:" + b"|".join(alternatives) + b")")
        elif op in (_re.ASSERT, _re.ASSERT_NOT, _re.AT):
            continue
        else:
            return None
    return b"".join(out)


def _utf8_members(members) -> bytes | None:
    """A class of characters as bytes: its characters' bytes, one of them; or, for a class of
    characters none of which is Han (separators, \\s), _NOT_HAN_LEAD (one byte of them)."""
    if all(op is _re.LITERAL for op, _ in members):
        return b"(?:" + b"|".join(re.escape(chr(code).encode()) for _, code in members) + b")"
    low, high = _HAN_LEAD_CODES
    for op, value in members:
        if op is _re.LITERAL and not low <= value <= high:
            continue
        if op is _re.RANGE and (value[1] < low or value[0] > high):
            continue
        if op is _re.CATEGORY and value is _re.CATEGORY_SPACE:
            continue
        return None
    return _NOT_HAN_LEAD


def _in_both(docs: Set, ids) -> set[int]:
    """Those of `docs` (a set, or a common word's kept table's keys) in `ids` (the same, or a
    list): between two sets, `&` looks the fewer up in the more."""
    if isinstance(ids, Set):
        return docs & ids
    return (docs if isinstance(docs, (set, frozenset)) else set(docs)).intersection(ids)


class Verified(wq.WrappingQuery):
    """Paragraphs where words stand next to each other in the text itself.

    The index keeps no word positions (a sub-word would share the position of the word it is
    part of, so 经济 发展 would also match 经济 高质量发展). `ways` give the paragraphs that have the
    words at all; of these, those whose text (as written) matches `pattern` are kept, and
    scored by BM25 over `words`. `texts` (search.Texts) gives the paragraph texts by row.
    """

    def __init__(self, ways: list[list[list[str]]], pattern: re.Pattern[str], texts=None, field: str = "text",
                 pairs: tuple[tuple[str, ...], ...] = (), stored: str = "text", read: dict | None = None):
        # ways: alternatives, each a list of groups, each group the words any one of which will do.
        # pairs: run_pairs of the groups the pattern was written from (none: not narrowed so).
        self.ways = ways
        self.pairs = pairs
        self.field = field          # "chars": the groups are pairs of characters (Parser.run_query)
        self.stored = stored        # the stored field the pattern is matched in, without `texts` ("english")
        # {(reader, document): its stored text}, shared by the nodes of one query that match
        # patterns in the same field (the English words in a row, in any order and as typed).
        self.read = read
        self.words = sorted({w for way in ways for group in way for w in group})
        super().__init__(wq.Or([wq.And([wq.Or([wq.Term(field, w) for w in group]) for group in way])
                                for way in ways]))
        self.pattern = pattern
        self.texts = texts

    def _rewrap(self, child):
        return Verified(self.ways, self.pattern, self.texts, self.field, self.pairs, self.stored, self.read)

    def _candidates(self, reader, read_ids=None, doc_frequency=None, within=None, check=None) -> set[int]:
        """Documents with every group's words, by set operations on the posting lists (much
        faster in Python than Whoosh's matchers skipping through them), read a block at a time.

        Each way's rarest group is read whole; a much commoner group is read only in the
        blocks that hold documents still in the running. `within(n)` gives documents a match
        must be among if they are fewer than n (else None): a way whose rarest group is in
        NARROW_FROM paragraphs or more starts from them instead, if they are fewer. `read_ids(word, among)` may read
        instead (scoring.py's, which reads a whole list once a request; given `among`, it
        gives those documents' or more), and
        `doc_frequency(field, word)` count (scoring.py's, which looks a term up once).
        `check(docs)` (docs ascending: those whose text matches) may be asked first, where
        checking the rarest group's few documents costs less than decoding the blocks of the
        commoner groups that hold them (冬奥会: 12 paragraphs of a segment hold 冬奥, and 会's
        blocks were read among them); those left must still have every group's words, so the
        documents kept are the same.
        """
        field = self.field
        if read_ids is None:
            def read_ids(word: str, among: list[int] | None = None, field: str = "text") -> list[int]:
                btext = term_bytes(reader, field, word)
                return postings(reader, field, btext, weights=False, among=among)[0] if btext is not None else []

        whole: dict[str, set[int]] = {}

        def having(group: list[str]) -> set[int]:
            for w in group:
                if w not in whole:
                    ids = read_ids(w, field=field)
                    whole[w] = ids if isinstance(ids, Set) else frozenset(ids)
            if len(group) == 1:
                return whole[group[0]]          # (not copied: candidates are never changed in place)
            return set().union(*(whole[w] for w in group))

        def kept_having(docs: set[int], group: list[str]) -> set[int]:
            """Those of `docs` with one of the group's words. A word's ids are looked up in
            `docs` rather than made a set (发展, 3,000 ids, was made one again for each cut of
            高质量发展 that has it); a word read whole for an earlier cut is intersected as a set."""
            among = sorted(docs) if frequency(group) > COMMON_GROUP * len(docs) else None
            found: set[int] = set()
            for w in group:
                if w in whole:
                    found |= docs & whole[w]
                else:
                    found |= _in_both(docs, read_ids(w, among, field=field))
            return found

        frequencies: dict[str, int] = {}
        doc_frequency = doc_frequency or reader.doc_frequency

        def frequency(group: list[str]) -> int:
            for w in group:
                if w not in frequencies:
                    frequencies[w] = doc_frequency(field, w)
            return sum(frequencies[w] for w in group)

        def blocks(group: list[str], among: int) -> int:
            """About how many blocks reading the group's words among `among` documents decodes:
            none for words whose few postings are inlined in their records, nor for common
            words, whose decoded postings are kept between requests (postings.CACHED_FROM)."""
            return sum(min(among, -(-frequencies[w] // whoosh_format.BLOCK_SIZE)) for w in group
                       if whoosh_format.INLINE_BELOW <= frequencies[w] < CACHED_FROM)

        found: set[int] = set()
        for way in self.ways:
            groups = sorted(way, key=frequency)
            rarest = frequency(groups[0])
            docs: set[int] | None = within(rarest) if within is not None and rarest >= NARROW_FROM else None
            for at, group in enumerate(groups):
                if docs is None:
                    docs = having(group)
                    if check is not None and docs and \
                            len(docs) <= TEXTS_PER_BLOCK * sum(blocks(g, len(docs)) for g in groups[at + 1:]):
                        docs = set(check(sorted(docs)))
                elif docs:
                    docs = kept_having(docs, group)
            found |= docs or set()
        return found

    def __eq__(self, other):
        return type(other) is Verified and (self.ways, self.pattern, self.field, self.stored) == (
            other.ways, other.pattern, other.field, other.stored)

    def __hash__(self):
        return hash((self.child, self.pattern.pattern, self.field, self.stored))

    def _kept(self, searcher, read_ids=None, doc_frequency=None, checked: dict | None = None) -> list[int]:
        """The candidates whose text matches. `checked` (scoring.py's, one a request and segment)
        keeps each paragraph's answer by pattern: a word cut several ways is asked for by two
        nodes with the same pattern (its words, its pairs of characters), whose candidates are
        mostly the same paragraphs."""
        # Whoosh asks twice in one search (to rank, then to count): check the texts once.
        reader = searcher.reader()
        key = id(reader)
        cache = self.__dict__.setdefault("_kept_by_reader", {})
        if key not in cache:
            held: dict = {}         # the pair conditions and each one's _held, found once, when first needed

            def conditions() -> list:
                if "conditions" not in held:
                    held["conditions"] = self._pair_conditions(reader, doc_frequency)
                return held["conditions"]

            def within(commoner_than: int) -> set[int] | None:
                """The paragraphs holding the rarest pair (济发 for 经济|发展), if it is rarer."""
                rarest = conditions()[:1]
                if not rarest or rarest[0][0] >= commoner_than:
                    return None
                if "within" not in held:
                    held["within"] = self._holding(reader, rarest[0], read_ids, held)
                return held["within"]

            answers = checked.setdefault(self.pattern, {}) if checked is not None else {}

            def check(docs: list[int]) -> list[int]:
                unchecked = list(filterfalse(answers.__contains__, docs)) if answers else docs
                if unchecked:
                    answers.update(zip(unchecked, self._matches(reader, unchecked, doc_frequency)))
                return list(compress(docs, map(answers.__getitem__, docs)))

            # Texts held in memory are checked in C, ~0.4 us a paragraph: a few are checked
            # before commoner words are read (_candidates).
            early = check if self.texts is not None and self.texts.loaded and has_column(reader, "row") else None
            candidates = sorted(self._candidates(reader, read_ids, doc_frequency, within if self.pairs else None,
                                                 early))
            if self.pairs and len(candidates) >= NARROW_FROM and conditions():
                candidates = self._narrowed(reader, candidates, conditions(), read_ids, held)
            cache[key] = check(candidates)
        return cache[key]

    def _pair_conditions(self, reader, doc_frequency=None) -> list[tuple[int, tuple[str, ...], tuple[str, ...]]]:
        """The pattern's pairs of characters (`pairs`), rarest first: (how many paragraphs hold them
        side by side, the pairs, the pairs as the characters' index has them). None where they
        cannot be asked: the build wrote no gap_pairs, or the index has no characters or rows."""
        gaps = self._gaps()
        if gaps is None or "chars" not in reader.schema or not has_column(reader, "row"):
            return []
        doc_frequency = doc_frequency or reader.doc_frequency
        # Side by side, as the characters' index has them (regional folds: 显着 for 显著).
        folded = [tuple(map(variants.fold_regional, pairs)) for pairs in self.pairs]
        return sorted((sum(doc_frequency("chars", p) for p in side_by_side), pairs, side_by_side)
                      for pairs, side_by_side in zip(self.pairs, folded))

    def _gaps(self):
        gap_table = getattr(self.texts, "gap_pairs", None)       # (search.Texts; not a bare table of texts)
        return gap_table() if gap_table is not None else None

    def _held(self, reader, condition, read_ids=None, held: dict | None = None) -> tuple[set[int], set[int]]:
        """The documents holding one of a condition's pairs side by side, and the rows holding one
        across a gap (as written: each character in any form the pattern's class allows); kept
        in `held` by condition."""
        if held is not None and condition in held:
            return held[condition]
        _, pairs, side_by_side = condition
        docs: set[int] = set()
        for pair in side_by_side:
            if read_ids is not None:
                docs.update(read_ids(pair, field="chars"))
            else:
                btext = term_bytes(reader, "chars", pair)
                if btext is not None:
                    docs.update(postings(reader, "chars", btext, weights=False)[0])
        apart = self._gaps().rows(a + b for pair in pairs
                                  for a in variants.written_forms(pair[0]) for b in variants.written_forms(pair[1]))
        if held is not None:
            held[condition] = (docs, apart)
        return docs, apart

    def _holding(self, reader, condition, read_ids=None, held: dict | None = None) -> set[int] | None:
        """The documents holding a condition's pairs side by side or across a gap; None where
        the segment's rows do not rise with its documents (a row is then found by document only)."""
        if not column_ascending(reader, "row"):
            return None
        side_by_side, apart = self._held(reader, condition, read_ids, held)
        docs = set(side_by_side)
        rows = column_values(reader, "row")
        for row in apart:
            doc = bisect_left(rows, row)
            if doc < len(rows) and rows[doc] == row:
                docs.add(doc)
        return docs

    def _narrowed(self, reader, candidates: list[int], conditions, read_ids=None, held: dict | None = None) -> list[int]:
        """Those of `candidates` (ascending) holding each condition's pairs (_pair_conditions)
        side by side or across a gap. Only pairs rarer than the candidates are asked (经济 and
        发展 are in most of 经济发展's; 济发, in few)."""
        rows = column_values(reader, "row")
        for condition in conditions:
            if condition[0] >= len(candidates):
                break
            side_by_side, apart = self._held(reader, condition, read_ids, held)
            candidates = [doc for doc in candidates if doc in side_by_side or rows[doc] in apart]
        return candidates

    def _matches(self, reader, docs: list[int], doc_frequency=None) -> list[bool]:
        """Whether each of `docs` (ascending) matches the pattern. With `doc_frequency`, a
        pattern unfolded by its first character is tried from the commonest character on (the
        paragraphs that match mostly stop at the first)."""
        unfold = len(docs) >= UNFOLD_PER_FIRST_CHARACTER * 2 and \
            len(docs) >= UNFOLD_PER_FIRST_CHARACTER * first_character_count(self.pattern)
        scans = first_character_scans(self.pattern) if unfold else (("", self.pattern),)
        if len(scans) > 1 and doc_frequency is not None and "chars" in reader.schema:
            scans = sorted(scans, key=lambda scan: -doc_frequency("chars", scan[0]))
        scans = [pattern for _, pattern in scans]
        # The in-memory texts pay off for many candidates; a few are read from the index, so
        # a one-off query (a new process) need not load every paragraph.
        if self.texts is not None and has_column(reader, "row") and (len(docs) > FEW_CANDIDATES
                                                                      or self.texts.loaded):
            rows = column_values(reader, "row")
            # map: the texts are fetched and matched without a Python loop.
            return self.texts.get().rows_matching_any(scans, list(map(rows.__getitem__, docs)),
                                                      prefilter=utf8_superset(self.pattern),
                                                      literal=self._literal() if len(scans) == 1 and
                                                      len(docs) >= LITERAL_FROM else "")
        stored = whoosh_format.stored_fields(reader)
        if self.read is None:
            texts = [stored(doc).get(self.stored, "") for doc in docs]
        else:
            key = id(reader)
            for doc in docs:
                if (key, doc) not in self.read:
                    self.read[key, doc] = stored(doc).get(self.stored, "")
            texts = [self.read[key, doc] for doc in docs]
        return [any(scan.search(text) for scan in scans) for text in texts]

    def _literal(self) -> str:
        """The words of the likeliest way one after another, as normalised (经济发展 of 经济|发展, or
        of its pairs 经济|济发|发展), where the pattern matches them whole: most texts that match
        hold them so, and are matched at once where they do (rows_matching_any); "" else, and
        where the pattern starts with one character (高质量发展), which `re` finds as fast as
        str.find finds the words (first_character_scans: a class, [經经], it does not)."""
        found = self.__dict__.get("_literal_found")
        if found is None:
            words = [group[0] for group in self.ways[0] if len(group) == 1] if self.ways else []
            if not words or len(words) != len(self.ways[0]):
                found = ""
            elif self.field == "chars":
                chained = all(len(w) == 2 for w in words) and all(a[1] == b[0] for a, b in zip(words, words[1:]))
                found = words[0] + "".join(w[1] for w in words[1:]) if chained else ""
            else:
                found = "".join(words)
            if found and (len(variants.written_forms(found[0])) < 2 or not self.pattern.fullmatch(found)):
                found = ""
            self.__dict__["_literal_found"] = found
        return found

    def docs(self, searcher):
        return iter(self._kept(searcher))

    def matcher(self, searcher, context=None):
        from whoosh.matching import ListMatcher

        kept = self._kept(searcher)
        if not kept:
            return wq.NullQuery.matcher(searcher, context)
        # Scored here, once, into a plain list: Whoosh's collectors prune wrapped matchers in
        # ways that lose documents from the count.
        # BM25 over the likeliest way's words (the others only widen the candidates).
        words = sorted({w for group in self.ways[0] for w in group})
        scoring = wq.Or([wq.Term(self.field, w) for w in words]).matcher(searcher, context)
        scores = []
        for doc in kept:
            if scoring.is_active() and scoring.id() < doc:
                scoring.skip_to(doc)
            scores.append(scoring.score() if scoring.is_active() and scoring.id() == doc else 0.0)
        return ListMatcher(kept, weights=scores)
