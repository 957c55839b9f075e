"""English for every glossary entry, even one nobody has translated (issue 14).

A term with no English rendering of its own gets, in this order:

- the published English of a part of its headword that the termbase has (四好农村路建设 → the
  termbase's "Four Good Rural Roads", marked as the English of 四好农村路, with its confidence);
- a literal gloss of the whole headword, composed word by word from CC-CEDICT, labelled
  `literal`: never a translation, only a reader's aid. Numbers and Latin letters are kept as
  written ("5080" stays 5080), quoted shorthand stays quoted, and shorthand the termbase knows
  is given its published English (三区三线 → "three zones three lines").

Both are `Rendering`s in `Term.english` after the term's own renderings; `Rendering.is_translation`
tells them apart, so English queries and exchange formats never take them for translations.
They are made again at every build (`attach_glosses`), from the renderings files as they are.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Iterable, Mapping

from ..analysis import variants
from ..model import Rendering, Term
from .cedict import _PLACE_KINDS as PLACE_KINDS, NAMES_LISTED, DictEntry, _synonyms, cedict_path, is_sense, load_cedict
from .disk_cache import disk_cached
from .renderings import applies_to, load_renderings, rendering_key

LITERAL = "literal"
LITERAL_SOURCE = "CC-CEDICT, glossed word by word by termsearch"
LITERAL_NOTE = "A literal word-by-word gloss of the headword from CC-CEDICT; not a translation."
SOURCED = ("official", "attested")

MAX_WORD = 8                    # longest dictionary word tried when cutting a headword
MIN_UNQUOTED_PART = 3           # a termbase key found unquoted inside a headword: 三保 in 三保障 is not 三保
MAX_GLOSS_WORDS = 4             # a dictionary sense longer than this is a description, not a word's gloss
SENSES_TRIED = 10              # a character's gloss is chosen among its first real senses
MAX_PLACE_NAME = 4              # longest city or county name looked for in a region or definition (石家庄)
# A proper noun whose first sense says one of these is a city or county (保定 "Baoding
# prefecture-level city in Hebei", 雄安 "Xiong'an New Area, …"), whose first character may abbreviate it.
CITY_KINDS = frozenset("city county prefecture municipality district area".split())
PLACE_MARGIN = 2                # a province's abbreviation (京: Beijing) is its gloss where its words say the place this many times as often

# Numbers stay numbers (一 is "one", not the article its characteristic use would pick).
NUMBERS = {"一": "one", "二": "two", "三": "three", "四": "four", "五": "five", "六": "six",
           "七": "seven", "八": "eight", "九": "nine", "十": "ten", "百": "hundred",
           "千": "thousand", "万": "ten thousand", "两": "two", "双": "double", "零": "zero"}
NUMERALS = frozenset(NUMBERS)
SEPARATORS = frozenset("、，,;；")
# A proper noun that names a region is a place too (华北 "North China").
DIRECTIONS = frozenset("china north south east west northern southern eastern western central".split())
CLASSIFIERS = frozenset("个")
# A direction after a place is the place's part (渝西: western Chongqing), not a city (西宁).
DIRECTION_CHARACTERS = frozenset("东西南北中")
_QUOTED = re.compile(r"[“「『\"‘]([^”」』\"’]+)[”」』\"’]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_PIECES = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+|[A-Za-z0-9０-９Ａ-Ｚａ-ｚ+\-.%·/]+|[、，,;；]")
_ENGLISH_WORD = re.compile(r"[a-z]+")
_LEADING = re.compile(r"^(?:to |lit\. |fig\. |the |a |an )+", re.I)


def attach_glosses(terms: Iterable[Term], renderings: Mapping[str, list[Rendering]],
                   regions: Mapping[str, str] | None = None,
                   cedict: Mapping[str, tuple[DictEntry, ...]] | None = None) -> list[Term]:
    """Give every term without English the published English of its headword's termbase parts
    and a literal gloss (see the module's doc). Glosses from an earlier build are replaced;
    a term's own renderings are kept as they are. Changes the terms in place and returns them."""
    terms = list(terms)
    characters = None
    if cedict is None:                  # the shipped dictionary: its characters' glosses are cached
        cedict, characters = load_cedict(), character_glosses()
    for term in terms:
        term.english = [r for r in term.english if r.is_translation]
    bare = [t for t in terms if not t.english]
    if not bare:
        return terms
    composer = Composer(renderings, cedict, regions, characters)
    composer.prepare(t.term for t in bare)
    for term in bare:
        parts = composer.parts(term)
        term.english = [*parts, Rendering(text=composer.gloss(term.term, term), confidence=LITERAL,
                                          source=LITERAL_SOURCE, note=LITERAL_NOTE)]
    return terms


class Composer:
    """Cuts headwords into termbase shorthand and dictionary words and glosses them."""

    def __init__(self, renderings: Mapping[str, list[Rendering]], cedict: Mapping[str, tuple[DictEntry, ...]],
                 regions: Mapping[str, str] | None = None, characters: Mapping[str, str] | None = None):
        self.renderings = renderings
        self.cedict = cedict
        self.regions = regions
        self.character_glosses: dict[str, str] = dict(characters or {})
        self.all_characters = characters is not None
        self._places: dict[str, dict[str, str]] = {}     # evidence text → its `_named_places`

    # ------------------------------------------------------------------ published parts

    def sourced(self, key: str, term: Term | None) -> Rendering | None:
        """The preferred official or attested rendering filed under `key` that applies to `term`."""
        for rendering in self.renderings.get(key, ()):
            if rendering.confidence in SOURCED and rendering.is_translation and (
                    term is None or applies_to(rendering, term, self.regions)):
                return rendering
        return None

    def parts(self, term: Term) -> list[Rendering]:
        """The published English of termbase shorthand inside the headword, one per part, in
        headword order: quoted shorthand of any length, unquoted of at least three characters."""
        printed = variants.to_simplified(term.term)
        quoted = {rendering_key(m.group(1)) for m in _QUOTED.finditer(printed)}
        key = rendering_key(printed)
        found: list[Rendering] = []
        start = 0
        while start < len(key):
            for end in range(len(key), start + 1, -1):
                part = key[start:end]
                if part == key or (part not in quoted and end - start < MIN_UNQUOTED_PART):
                    continue
                rendering = self.sourced(part, term)
                if rendering is not None:
                    note = (f"The published English of “{part}”, a part of the headword"
                            + (f" ({rendering.note})" if rendering.note else "") + ".")
                    found.append(Rendering(text=rendering.text, confidence=rendering.confidence,
                                           source=rendering.source, url=rendering.url, note=note, part=part))
                    start = end
                    break
            else:
                start += 1
        return found

    # ------------------------------------------------------------------ literal gloss

    def prepare(self, headwords: Iterable[str]) -> None:
        """Choose the gloss of every single character the headwords will need, in one pass over
        the dictionary (see `_characteristic_senses`)."""
        if self.all_characters:
            return
        needed: set[str] = set()
        for headword in headwords:
            for piece in self._pieces(variants.to_simplified(headword), None):
                if len(piece) == 1 and _HAN.match(piece) and piece not in self.character_glosses:
                    needed.add(piece)
        self.character_glosses.update(_characteristic_senses(needed, self.cedict))

    def gloss(self, headword: str, term: Term | None = None) -> str:
        """The literal English of a headword: each piece glossed, quoted spans kept quoted."""
        text = variants.to_simplified(headword)
        out: list[str] = []
        position = 0
        for m in _QUOTED.finditer(text):
            if m.start() < position:
                continue                                # inside a longer key taken below
            out.extend(self._gloss_run(text[position:m.start()], term))
            longer = self._quoted_with_what_follows(m.group(1), text[m.end():], term)
            if longer is not None:
                # “七五”普法 is the legal-awareness campaign, not 七五 (the 1986–1990 plan) + 普法
                rendering, taken = longer
                out.append(f"'{rendering.text}'")
                position = m.end() + taken
                continue
            inner = " ".join(self._gloss_run(m.group(1), term, whole_is_key=True))
            whole = m.start() == 0 and m.end() == len(text.strip())     # “惡意詞”: quotes say nothing
            if inner:
                out.append(inner if whole or inner[:1] in "'\"‘“" else f"'{inner}'")
            position = m.end()
        out.extend(self._gloss_run(text[position:], term))
        text = re.sub(r"\s+", " ", " ".join(out)).replace(" ,", ",")
        return re.sub(r"(^[, ]+|[, ]+$|,(?=,))", "", text).strip() or headword

    def _quoted_with_what_follows(self, inner: str, rest: str, term: Term | None) -> tuple[Rendering, int] | None:
        """(rendering, characters of `rest` it takes) when the quoted span and the Han characters
        right after it are, together, a termbase key (the longest): “八五”普法 is 八五普法."""
        follows = re.match(r"[\u3400-\u9fff]{1,%d}" % MAX_WORD, rest)
        if follows is None:
            return None
        key = rendering_key(inner)
        for end in range(len(follows.group(0)), 0, -1):
            rendering = self.sourced(key + follows.group(0)[:end], term)
            if rendering is not None:
                return rendering, end
        return None

    def _gloss_run(self, text: str, term: Term | None, whole_is_key: bool = False) -> list[str]:
        if whole_is_key:
            rendering = self.sourced(rendering_key(text), term)
            if rendering is not None:
                return [rendering.text]
        glosses: list[str] = []
        joined = False
        for piece, english, place in self.glossed_pieces(text, term):
            if english and place and joined:
                glosses[-1] += "-" + english              # 京保: Beijing-Baoding, one name of two places
            elif english:
                glosses.append(english)
            joined = bool(english) and place
        return glosses

    def glossed_pieces(self, text: str, term: Term | None) -> list[tuple[str, str, bool]]:
        """(piece, its English, whether it is read as a place's abbreviation) for each piece of
        `text` as the gloss cuts it."""
        pieces = self._pieces(text, term)
        places = self._abbreviations_read(pieces, term)
        out = []
        for i, piece in enumerate(pieces):
            if piece in CLASSIFIERS and i and (pieces[i - 1] in NUMERALS or pieces[i - 1].isdigit()):
                continue                                  # 四个一 → four one: the classifier says nothing
            out.append((piece, places.get(i) or self._gloss_piece(piece, term), i in places))
        return out

    def _abbreviations_read(self, pieces: list[str], term: Term | None) -> dict[int, str]:
        """{index: place} of the one-character pieces read as places' abbreviations: the first
        character of a city or county the term's document's region or its definition names in
        full (保 for 保定 in a Baoding report), where it stands in a run of one-character pieces
        that are all places (a province's abbreviation glossed as the province and named in
        full too, 京, or another such city) and the run is followed by a word: 京保协作,
        雄忻高铁. Elsewhere it keeps its sense: 全保, 保障; 沪港通 in a Tonghua report (通: "go
        through", the run's last word)."""
        if term is None or sum(len(p) == 1 for p in pieces) < 2:
            return {}
        evidence = self._evidence(term)
        cities = self._named_places(evidence)
        if not cities:
            return {}
        provinces = place_abbreviations()
        out: dict[int, str] = {}
        start = 0
        while start < len(pieces):
            end = start
            while end < len(pieces) and len(pieces[end]) == 1 and _HAN.match(pieces[end]):
                end += 1
            run = pieces[start:end]
            followed = end < len(pieces) and len(pieces[end]) > 1 and _HAN.match(pieces[end])
            places = [self._place_of(p, cities, evidence) for p in run]
            # (宜荆荆: one character twice is two places the document would have to tell apart)
            if len(run) > 1 and followed and all(places) and len(set(run)) == len(run) \
                    and any(p not in provinces for p in run):
                out.update(zip(range(start, end), places))
            start = max(end, start + 1)
        return out

    def _place_of(self, character: str, cities: Mapping[str, str], evidence: str) -> str | None:
        """The place a character abbreviates in a term whose `evidence` names `cities`: its
        province where the evidence names the province in full and the character is glossed as
        the province already (京: Beijing; not 新, "new"), else a named city's; never a number
        or a direction (四港, 渝西: western Chongqing, not Xining)."""
        province = place_abbreviations().get(character)
        if province is not None:
            named = _province_short_names()[character] in evidence
            return province if named and self.character_glosses.get(character) == province else None
        if character in DIRECTION_CHARACTERS or character in NUMERALS or self._names_a_places_thing(character):
            return None
        return cities.get(character)

    def _names_a_places_thing(self, character: str) -> bool:
        """Whether CC-CEDICT has the character after a province's abbreviation as a thing of that
        province (台商 "Taiwanese businessman", 川菜 "Sichuan cuisine"): 浙商 is Zhejiang's
        merchants in a Shangqiu report too, not Zhejiang and Shangqiu."""
        for abbreviation in place_abbreviations():
            for entry in self.cedict.get(abbreviation + character, ())[:1]:
                first = entry.senses[0] if entry.senses else ""
                words = re.findall(r"[A-Za-z]+", first)
                if any(w.islower() for w in words) and not {w.lower() for w in words} & (CITY_KINDS | {"and"}):
                    return True
        return False

    def _evidence(self, term: Term) -> str:
        """What says which places the term's document is about: its region, the term's
        definition, and the prefecture CC-CEDICT places the region's county in (定兴 "Dingxing
        county in Baoding 保定[Bao3 ding4], Hebei": a Dingxing report's 保 may be Baoding)."""
        region = (self.regions or {}).get(term.source.document, "")
        within = "\n".join(s for word, _ in self._places_in(region)
                           for e in self.cedict.get(word, ())[:1] for s in e.senses[:1])
        return "\n".join((region, variants.to_simplified(term.definition or ""), within))

    def _named_places(self, evidence: str) -> dict[str, str]:
        """{first character: English name} of the cities and counties (CC-CEDICT's proper nouns
        of a city's kind) `evidence` names in full; a character two of them start (定兴, 定州)
        is left out, and so are the provinces (theirs are the table's)."""
        if evidence not in self._places:
            found: dict[str, set[str]] = {}
            for word, name in self._places_in(evidence):
                found.setdefault(word[0], set()).add(name)
            self._places[evidence] = {c: names.pop() for c, names in found.items() if len(names) == 1}
        return self._places[evidence]

    def _places_in(self, text: str) -> list[tuple[str, str]]:
        """(word, English name) of each city or county named in `text`, provinces left out
        (上海市 "Shanghai municipality" is 沪's, not 上's)."""
        return [(word, name) for start in range(len(text))
                for end in range(start + 2, min(len(text), start + MAX_PLACE_NAME) + 1)
                if (word := text[start:end]) not in _province_names()
                and (name := _city_name(self.cedict.get(word, ()))) not in ("", *place_abbreviations().values())]

    def _pieces(self, text: str, term: Term | None) -> list[str]:
        """Runs of Latin letters and digits whole; Han runs cut into the fewest pieces that are
        termbase shorthand (three characters or more) or dictionary words; punctuation dropped."""
        pieces: list[str] = []
        for m in _PIECES.finditer(text):
            run = m.group(0)
            if run in SEPARATORS:
                pieces.append(",")
            elif len(run) > 1 and _HAN.match(run) and self.sourced(run, term) is not None:
                pieces.append(run)                      # 六稳、六保: shorthand set off by punctuation
            else:
                pieces.extend(self._cut(run, term) if _HAN.match(run) else [run])
        return pieces

    def _cut(self, run: str, term: Term | None) -> list[str]:
        n = len(run)
        best: list[tuple[int, int] | None] = [None] * (n + 1)     # (pieces, termbase pieces) so far
        back = [0] * (n + 1)
        best[0] = (0, 0)
        for end in range(1, n + 1):
            for start in range(max(0, end - MAX_WORD), end):
                if best[start] is None:
                    continue
                piece = run[start:end]
                known = len(piece) >= MIN_UNQUOTED_PART and self.sourced(piece, term) is not None
                if len(piece) > 1 and not known and not self._is_word(piece):
                    continue
                score = (best[start][0] + 1, best[start][1] - known)
                if best[end] is None or score < best[end]:
                    best[end], back[end] = score, start
        pieces, end = [], n
        while end > 0:
            pieces.append(run[back[end]:end])
            end = back[end]
        return pieces[::-1]

    def _is_word(self, piece: str) -> bool:
        """A dictionary word worth keeping whole. One that starts with a number but whose gloss
        has no number (四大 "PRC", 一品 "superb", 两岸 "bilateral") is cut, so numbers stay readable."""
        entries = self.cedict.get(piece)
        if not entries:
            return False
        if _names_no_place(entries) and not re.search(r"\b[a-z]", _word_gloss(entries)) and all(_reads_short(next(iter(_candidates(self.cedict.get(c, ()), 1)), "x x x"))
                                            for c in piece):
            return False            # 同治, a reign name, is not what 四河同治 says: its characters
                                    # (唐诗 "Tang poetry" names a thing: kept whole)
        if piece[0] in NUMBERS:
            gloss = _word_gloss(entries).lower()
            return NUMBERS[piece[0]].split()[-1] in gloss or any(ch.isdigit() for ch in gloss)
        return True

    def _gloss_piece(self, piece: str, term: Term | None) -> str:
        if not _HAN.match(piece):
            return piece                                  # 5080, IP, 2+2, a comma: as written
        rendering = self.sourced(piece, term) if len(piece) > 1 else None
        if rendering is not None:
            return rendering.text
        if len(piece) == 1:
            return NUMBERS.get(piece) or self.character_glosses.get(piece, "")
        entries = self.cedict.get(piece, ())
        found = _word_gloss(entries) or _name_of(entries)
        if found:
            return found
        # A word with no usable sense: its characters, each glossed.
        return " ".join(g for g in (self._gloss_piece(c, term) for c in piece) if g)


_ALTERNATIVES = re.compile(r"\s+or\s+.*$")
_NOTE_WORDS = re.compile(r"\b(?:sth|sb|one's|oneself)\b")
SHORT_GLOSS = 2                 # English words in a gloss a reader takes as a word's


def _plain(synonym: str) -> str:
    """A synonym as a gloss: without a leading `to`/`the`, and of alternatives the first
    ("embassy or consulate" → embassy: a gloss names one thing)."""
    plain = _LEADING.sub("", synonym.strip()).strip(" ,.")
    return _ALTERNATIVES.sub("", plain).strip(" ,.") or plain


def _reads_short(gloss: str, words: int = SHORT_GLOSS) -> bool:
    return len(gloss.split()) <= words and not _NOTE_WORDS.search(gloss)


def _name_in(synonym: str) -> str:
    """The name a proper noun's gloss starts with ("Nezha, protection deity" → Nezha; "Pujiang
    county in Jinhua" → Pujiang; "Hong Kong and Macao"); the gloss itself when it starts with no capital."""
    listed = re.sub(r"\s+,", ",", " ".join(synonym.split()))     # (Chinese references taken out)
    if NAMES_LISTED.fullmatch(listed):
        return listed                   # "China, Japan and Korea" (中日韩): all of them, not China
    words = re.findall(r"\S+", synonym.split(",")[0])
    name = []
    for i, word in enumerate(words):
        # Names joined by and are one name ("Hong Kong and Macao", 港澳): not Hong Kong alone.
        joins = word == "and" and name and i + 1 < len(words) and words[i + 1][:1].isupper()
        if not word[:1].isupper() and not joins:
            break
        name.append(word)
    rest = words[len(name):]
    if name and 0 < len(rest) <= 2 and all(_is_thing_word(w) for w in rest):
        return " ".join(words)          # a thing named ("Tang poetry", 唐诗), not the name alone
    return " ".join(name) or synonym


_NOT_A_THING = frozenset("in of at on near from for and the a an to by with who which".split())


def _is_thing_word(word: str) -> bool:
    """A common noun after a name that says what the named thing is (poetry in "Tang poetry"),
    not a kind of place or a description ("county in Jinhua", "dynasty")."""
    parts = word.lower().split("-")
    return word.isalpha() and word.islower() and not set(parts) & (PLACE_KINDS | DIRECTIONS | _NOT_A_THING)


# Senses of another register than a government report's (联 "(poetry) antithetical couplet"):
# not a gloss where the word has a sense without such a mark.
_OTHER_REGISTER = re.compile(r"\((?:poetry|archaic|dialect|slang|Cantonese|Tw|Taiwan|vulgar|honorific)\)", re.I)


def _candidates(entries: tuple[DictEntry, ...], limit: int = SENSES_TRIED) -> list[str]:
    """A word's short glosses, first senses first; proper nouns (surnames) only when it has
    nothing else; classifier notes, cross-references and senses of another register (poetry,
    old, dialect …, where it has others) are not glosses."""
    ordinary = [e for e in entries if not e.pinyin[:1].isupper()]
    names = not ordinary
    plain_register = any(is_sense(s) and not _OTHER_REGISTER.search(s) for e in ordinary or entries for s in e.senses)
    out: list[str] = []
    for entry in ordinary or entries:
        for sense in entry.senses:
            if not is_sense(sense) or sense.lower().startswith(("abbr.", "surname", "short name for", "kangxi radical")):
                continue
            if plain_register and _OTHER_REGISTER.search(sense):
                continue
            for synonym in _synonyms(sense):
                # A name is its name, not what the dictionary says of it ("Nezha, protection deity").
                plain = _plain(_name_in(synonym) if names else synonym)
                if plain and (len(plain.split()) <= MAX_GLOSS_WORDS or names and NAMES_LISTED.fullmatch(plain)) \
                        and plain not in out:
                    out.append(plain)
            if len(out) >= limit:
                return out[:limit]
    if not out:                 # only long senses (园 "land used for growing plants"): the shortest
        longer = [_plain(y) for e in ordinary for sense in e.senses[:2] if is_sense(sense)
                  for y in _synonyms(sense) if _plain(y)]
        out = sorted(longer, key=lambda y: len(y.split()))[:1]
    return out


def _proper_name(entries: tuple[DictEntry, ...]) -> str:
    """The one-word name a character has as a proper noun, surnames and abbreviations left out
    (唐 [Tang2] "Tang dynasty" → Tang); "" when it has none, or only where it has no ordinary reading."""
    if all(e.pinyin[:1].isupper() for e in entries):
        return ""
    # (森 [Sen1] "Mori (Japanese surname)": a surname, wherever the note says so)
    proper = tuple(e._replace(senses=tuple(x for x in e.senses if "surname" not in x.lower()))
                   for e in entries if e.pinyin[:1].isupper())
    found = _candidates(proper, 1)
    return found[0] if found and re.fullmatch(r"[A-Z][a-z]+", found[0]) else ""


def _names_no_place(entries: tuple[DictEntry, ...]) -> bool:
    """A word the dictionary has only as a proper noun whose senses name no kind of place."""
    if not all(e.pinyin[:1].isupper() for e in entries):
        return False
    words = {w.lower() for e in entries for sense in e.senses for w in re.findall(r"[A-Za-z]+", sense)}
    # A province's name is a place though its gloss says no kind of place (台湾 "Taiwan").
    return not words & (PLACE_KINDS | DIRECTIONS | _province_words())


def _name_of(entries: tuple[DictEntry, ...]) -> str:
    """A proper noun's name in pinyin (浦江 → Pujiang, 淘宝 → Taobao) when its gloss is a description."""
    for entry in entries:
        if entry.pinyin[:1].isupper():
            syllables = [re.sub(r"[0-9]", "", s).replace("u:", "ü") for s in entry.pinyin.split()]
            return "".join(syllables).capitalize()
    return ""


WORD_SENSES_TRIED = 4           # a word's gloss: its first, or a shorter among its first senses
WORD_GLOSS_WORDS = 3            # (be in place, examine and approve: a word's gloss may take three)


def _word_gloss(entries: tuple[DictEntry, ...]) -> str:
    """A word's first gloss, or where it is long or carries notes (攻坚 "assault a fortified
    position", 驿站 "relay station for post horses") the first short one among its first senses."""
    found = _candidates(entries, WORD_SENSES_TRIED)
    if found and len(found[0].split()) > MAX_GLOSS_WORDS and all(e.pinyin[:1].isupper() for e in entries) \
            and not NAMES_LISTED.fullmatch(found[0]):
        return ""       # a name described (河北: "Hebei province (Hopeh) in north China …"): its name instead
    return next((g for g in found if _reads_short(g, WORD_GLOSS_WORDS)), found[0] if found else "")


def _characteristic_senses(characters: set[str], cedict: Mapping[str, tuple[DictEntry, ...]]) -> dict[str, str]:
    """For each character, the one of its first senses that the dictionary's words containing it
    use most in their own first glosses: 线 → line (直线, 路线, 热线), not thread; 镇 → town.
    A character with no sense is left out (a classifier such as 个 says nothing in English)."""
    options = {c: _candidates(cedict.get(c, ())) for c in characters}
    # Only the senses a reader takes as a word, where there are some (重: heavy, important, not
    # "attach importance to"; 联: unite, not "ally oneself with").
    options = {c: [g for g in o if _reads_short(g)] or o for c, o in options.items() if o}
    # A province's one-character abbreviation (京: Beijing) is one more sense, after the
    # dictionary's own: it wins where the dictionary's words with the character say the place most.
    for c, place in place_abbreviations().items():
        if c in characters and place not in options.setdefault(c, []):
            options[c].append(place)
    # So is the name a character has as a proper noun (唐: Tang, as in 唐朝, 唐代, 唐诗; its first
    # ordinary sense is "to exaggerate"), on the same terms as a province.
    names = {c: name for c in characters if (name := _proper_name(cedict.get(c, ()))) and name not in options.get(c, [])}
    for c, name in names.items():
        options.setdefault(c, []).append(name)
    counts = {c: dict.fromkeys(o, 0) for c, o in options.items()}
    # An option counts where a word's gloss has its last word (its head): 城镇 "town" counts
    # for 镇's "small town".
    heads: dict[str, dict[str, list[str]]] = {}
    for c, opts in options.items():
        for option in opts:
            heads.setdefault(c, {}).setdefault(option.lower().split()[-1], []).append(option)
    for word, entries in cedict.items():
        if len(word) < 2:
            continue
        shared = [c for c in set(word) if c in heads]
        if not shared:
            continue
        words = set(_ENGLISH_WORD.findall(" ".join(s for e in entries[:2] for s in e.senses[:2]).lower()))
        # The name counts only where the word's own reading capitalises the character, and not
        # every syllable (唐代 Tang2 dai4: the Tang; 陈云 Chen2 Yun2 is a person; 夹克 a jacket).
        syllables = entries[0].pinyin.split()
        named = {c for c in shared if c in names and len(syllables) == len(word)
                 and syllables[word.index(c)][:1].isupper() and not all(x[:1].isupper() for x in syllables)}
        for c in shared:
            by_head = heads[c]
            for head in words:
                for option in by_head.get(head, ()):
                    if option != names.get(c) or c in named:
                        counts[c][option] += 1
    out = {}
    places = place_abbreviations()
    for c, opts in options.items():
        special = [o for o in (places.get(c), names.get(c)) if o in opts]
        # The first sense wins ties and keeps a head start: it is the dictionary's own choice.
        def weight(o: str) -> int:
            return counts[c][o] + (2 if o == opts[0] else 0)
        chosen = max((o for o in opts if o not in special), key=lambda o: (weight(o), -opts.index(o)), default=None)
        # The place, then the name, only where the words say it at least twice as often as any
        # other sense (港: Hong Kong 66, port 31; 台: Taiwan 67, platform 25; 新: Xinjiang 14, new 161).
        out[c] = next((o for o in special if counts[c][o] and (
            chosen is None or counts[c][o] >= PLACE_MARGIN * counts[c][chosen])), chosen)
    return out


@lru_cache(maxsize=1)
def _place_rows() -> tuple[tuple[str, str, str], ...]:
    """(abbreviation, short name, English name) of the provincial-level divisions
    (data/place_abbreviations.tsv): 京, 北京, Beijing."""
    text = resources.files("termsearch").joinpath("data", "place_abbreviations.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple((row[0], row[1].strip(), row[2].strip()) for row in rows if len(row) >= 3)


@lru_cache(maxsize=1)
def place_abbreviations() -> dict[str, str]:
    """{abbreviation: English name} of the provincial-level divisions (京: Beijing)."""
    return {abbreviation: english for abbreviation, _, english in _place_rows()}


@lru_cache(maxsize=1)
def _province_short_names() -> dict[str, str]:
    """{abbreviation: the division's short name} (京: 北京, 冀: 河北)."""
    return {abbreviation: short for abbreviation, short, _ in _place_rows()}


@lru_cache(maxsize=1)
def _province_names() -> frozenset[str]:
    """The provincial-level divisions' short names (北京, 河北): their abbreviations are the table's."""
    return frozenset(_province_short_names().values())


def _city_name(entries: tuple[DictEntry, ...]) -> str:
    """The English name of a word CC-CEDICT has only as a city or county ("Baoding
    prefecture-level city in Hebei" → Baoding); "" for any other word."""
    if not entries or not all(e.pinyin[:1].isupper() for e in entries) or not entries[0].senses:
        return ""
    first = entries[0].senses[0]
    if not {w.lower() for w in re.findall(r"[A-Za-z]+", first)} & CITY_KINDS:
        return ""
    name = _name_in(first).split()
    return name[0].strip(",") if name and re.fullmatch(r"[A-Z][a-z']+,?", name[0]) else ""


@lru_cache(maxsize=1)
def _province_words() -> frozenset[str]:
    """The words of the provincial-level divisions' English names, lower case (taiwan, hong, kong)."""
    return frozenset(w.lower() for name in place_abbreviations().values() for w in re.findall(r"[A-Za-z]+", name))


@lru_cache(maxsize=1)
def character_glosses() -> dict[str, str]:
    """`_characteristic_senses` of every character in the shipped CC-CEDICT, computed once per
    dictionary file and kept in the disk cache beside the parsed dictionary (about 2 s once)."""
    path = str(cedict_path())
    return disk_cached("character-glosses-4", path, lambda: _characteristic_senses(
        {w for w in load_cedict(path) if len(w) == 1}, load_cedict(path)))


def literal_gloss(headword: str, renderings: Mapping[str, list[Rendering]] | None = None) -> str:
    """The literal gloss of one headword (for scripts and tests; builds use `attach_glosses`)."""
    composer = Composer(load_renderings() if renderings is None else renderings, load_cedict(),
                        characters=character_glosses())
    composer.prepare([headword])
    return composer.gloss(headword)
