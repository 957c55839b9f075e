"""Find the glossary block printed at the end of a report (名词解释, 名詞注解…) and read its entries
into Terms with aliases. The patterns it uses live in data/glossary_headings.txt."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

from ..model import SourceRef, Term

# A headword longer than this is a clause of prose that happens to contain a colon.
MAX_HEADWORD_CHARS = 25
# A real glossary has tens of entries; reading stops one past this many (a file of millions of
# "X：Y" lines is not a glossary, and must not cost minutes).
MAX_ENTRIES = 2000
# Glossary headings are short; longer lines are not worth normalising and testing.
MAX_HEADING_CHARS = 60
# A bare number shorter than this ("2", "12") matches too much unrelated text to be an alias.
MIN_NUMBER_ALIAS_DIGITS = 3

_SECTION_LINE = re.compile(r"\[([a-z-]+)\]")
_SECTIONS = ("headings", "heading-ornaments", "block-ends", "entry-numbers", "note-markers",
             "bracketed-headword", "not-headword", "lead-in", "loose-separator", "not-definition")
# The group a pattern of these sections must capture: the entry's number, the bracketed term.
_NEEDED_GROUPS = {"entry-numbers": "n", "note-markers": "n", "bracketed-headword": "term",
                  "loose-separator": "term"}
# Numbered glossaries are numbered 1..N in order; an entry may skip at most this many numbers
# (a lost entry) before a numbered line is taken for a list inside a definition instead.
MAX_NUMBER_GAP = 3
# A colon that separates a headword from its definition: not one in a time (09:20) or a URL.
_ENTRY_COLON = re.compile(r"：|(?<!\d):(?!//)|(?<=\d):(?!\d)")
# Sentence-final punctuation: a line ending in it closes a paragraph, so the next continuation
# line starts a new one; any other line was hard-wrapped mid-sentence.
_SENTENCE_END = tuple("。！？!?；;…")
_CLOSERS = "”」』’\"）)】］]"
_BRACKET_PAIRS = ("（）", "()", "《》", "“”", "「」", "『』", "【】", "［］", "[]")

# A headword that is one quotation throughout (a line of a poem) may hold commas.
_WHOLLY_QUOTED = re.compile(r"“[^“”]+”|「[^「」]+」|『[^『』]+』|\"[^\"]+\"|‘[^‘’]+’")
_INNER_PUNCTUATION = str.maketrans("", "", "，、；,;")

# Quote pairs a headword may use around its core: “双万”, 「雙萬」, 『双万』, "双万", ‘双万’.
_QUOTED = re.compile(r"“([^“”]+)”|「([^「」]+)」|『([^『』]+)』|\"([^\"]+)\"|‘([^‘’]+)’|＂([^＂]+)＂")
_QUOTE_CHARS = "“”「」『』\"‘’＂"


@dataclass(frozen=True)
class GlossaryPatterns:
    """The compiled sections of a glossary pattern file (see data/glossary_headings.txt)."""

    headings: tuple[re.Pattern[str], ...]
    heading_ornaments: tuple[re.Pattern[str], ...]
    block_ends: tuple[re.Pattern[str], ...]
    entry_numbers: tuple[re.Pattern[str], ...]
    note_markers: tuple[re.Pattern[str], ...]
    bracketed_headword: tuple[re.Pattern[str], ...]
    not_headword: tuple[re.Pattern[str], ...]
    lead_in: tuple[re.Pattern[str], ...]
    loose_separator: tuple[re.Pattern[str], ...]
    not_definition: tuple[re.Pattern[str], ...]

    def strip_ornaments(self, compact: str) -> str:
        """A heading without the ornaments around it: ※名词解释※ → 名词解释."""
        return self._ornament_stripper.fullmatch(compact).group(1)

    # Each section as one alternation: a line is tried against one pattern, not dozens (every
    # line of a report is tested as a heading, every line of a glossary as its end).
    @cached_property
    def _ornament_stripper(self) -> re.Pattern[str]:
        ornament = "|".join(f"(?:{p.pattern})" for p in self.heading_ornaments) or "(?!)"
        return re.compile(f"(?:{ornament})*(.*?)(?:{ornament})*", re.S)

    @cached_property
    def any_heading(self) -> re.Pattern[str]:
        return _alternation(self.headings)

    @cached_property
    def any_block_end(self) -> re.Pattern[str]:
        return _alternation(self.block_ends)

    @cached_property
    def any_not_headword(self) -> re.Pattern[str]:
        return _alternation(self.not_headword)

    @cached_property
    def any_lead_in(self) -> re.Pattern[str]:
        return _alternation(self.lead_in)

    @classmethod
    def from_text(cls, text: str) -> "GlossaryPatterns":
        """Parse a pattern file: `[section]` lines, then one regex per line; `#` starts a comment."""
        found: dict[str, list[re.Pattern[str]]] = {name: [] for name in _SECTIONS}
        section = None
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            header = _SECTION_LINE.fullmatch(line)
            if header:
                section = header.group(1)
                if section not in found:
                    raise ValueError(f"glossary patterns line {number}: unknown section [{section}]")
                continue
            if section is None:
                raise ValueError(f"glossary patterns line {number}: pattern before any [section]")
            try:
                re.compile(f"(?:{line})")   # it is also matched inside an alternation of its section
                pattern = re.compile(line)
            except re.error as error:
                raise ValueError(f"glossary patterns line {number}: {error}") from None
            needed = _NEEDED_GROUPS.get(section)
            if needed and needed not in pattern.groupindex:
                raise ValueError(f"glossary patterns line {number}: a [{section}] pattern "
                                 f"must capture (?P<{needed}>…)")
            found[section].append(pattern)
        return cls(*(tuple(found[name]) for name in _SECTIONS))

    @classmethod
    def from_file(cls, path: str | Path) -> "GlossaryPatterns":
        return cls.from_text(Path(path).read_text("utf-8"))


def _alternation(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    """One pattern that matches where any of `patterns` does ("(?!)" matches nothing)."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns) or "(?!)")


@lru_cache(maxsize=1)
def default_patterns() -> GlossaryPatterns:
    """The patterns shipped in termsearch/data/glossary_headings.txt."""
    text = resources.files("termsearch.data").joinpath("glossary_headings.txt").read_text("utf-8")
    return GlossaryPatterns.from_text(text)


@dataclass(frozen=True)
class GlossaryEntry:
    """One entry as printed, before it becomes a Term."""

    headword: str
    definition: str
    line: int               # 1-based line of the entry's first line in the file
    marker: str = ""        # note marker as printed ("［3］"), which the body repeats where the
                            # term is used; "" for entries without one


def is_glossary_heading(line: str, patterns: GlossaryPatterns | None = None) -> bool:
    """True for a line such as 名词解释, 名詞註釋:, 附件2 名词解释 or 【名词注释】."""
    patterns = patterns or default_patterns()
    if len(line) > MAX_HEADING_CHARS:
        return False
    compact = patterns.strip_ornaments(re.sub(r"\s+", "", line))
    return bool(patterns.any_heading.fullmatch(compact))


def find_glossary(lines: list[str], patterns: GlossaryPatterns | None = None) -> tuple[int, int] | None:
    """The [start, end) indexes into `lines` of the glossary block, heading line included.

    `lines` are a document's cleaned lines (index 0 is line 1). The block runs from the heading
    to the last line of its last entry. When several lines look like a glossary heading, the
    first one followed by entries wins; a heading with no entries gives a one-line block.
    Returns None when there is no glossary heading.
    """
    patterns = patterns or default_patterns()
    headings = [i for i, line in enumerate(lines) if is_glossary_heading(line, patterns)]
    for start in headings:
        end, entries = _scan_entries(lines, start + 1, patterns)
        if entries:
            return start, end
    return (headings[0], headings[0] + 1) if headings else None


def parse_glossary_entries(
    block: list[str], first_line_number: int, patterns: GlossaryPatterns | None = None
) -> list[GlossaryEntry]:
    """Read the entries of a glossary block whose first line is line `first_line_number` (1-based).

    `block` may start with the heading line (as `find_glossary` returns it) or with the first
    entry. Reading stops at a line that ends the block (an appendix, 相关报道, page furniture).
    """
    patterns = patterns or default_patterns()
    skip = 1 if block and is_glossary_heading(block[0], patterns) else 0
    _, found = _scan_entries(block, skip, patterns)
    return [
        GlossaryEntry(entry.headword, entry.definition, first_line_number + entry.index, entry.marker)
        for entry in found
    ]


def parse_glossary(
    block: list[str], document_id: str, first_line_number: int,
    patterns: GlossaryPatterns | None = None,
) -> list[Term]:
    """The Terms of a glossary block; see `parse_glossary_entries` and `glossary_terms`."""
    return glossary_terms(parse_glossary_entries(block, first_line_number, patterns), document_id)


def extract_glossary(
    lines: list[str], document_id: str, patterns: GlossaryPatterns | None = None
) -> tuple[tuple[int, int] | None, list[Term]]:
    """Find and parse a document's glossary: (the block's [start, end) indexes or None, its Terms)."""
    patterns = patterns or default_patterns()
    span = find_glossary(lines, patterns)
    if span is None:
        return None, []
    start, end = span
    return span, parse_glossary(lines[start:end], document_id, start + 1, patterns)


def glossary_terms(entries: list[GlossaryEntry], document_id: str) -> list[Term]:
    """Entries to Terms. Ids are `<document_id>:gNN`, NN the entry's ordinal in the glossary:
    ASCII, unique even when a headword repeats, and stable while the file is unchanged.
    Script forms and pinyin are left empty for the analysis layer to fill in."""
    return [
        Term(
            id=glossary_term_id(document_id, ordinal),
            term=entry.headword,
            traditional="",
            simplified="",
            aliases=aliases_for(entry.headword),
            definition=entry.definition,
            source=SourceRef(document_id, entry.line),
        )
        for ordinal, entry in enumerate(entries, 1)
    ]


def glossary_term_id(document_id: str, ordinal: int) -> str:
    return f"{document_id}:g{ordinal:02d}"


def aliases_for(headword: str) -> list[str]:
    """Other forms a reader may type for a quoted headword, most specific last.

    Each quoted core (学前教育“5080” → 5080), the headword without its quotes (学前教育5080), and,
    when text follows the last quote, the headword cut after that quote (义务教育“9585”目标 →
    义务教育9585). An alias must be specific: at least two characters, and a bare number at
    least MIN_NUMBER_ALIAS_DIGITS digits, so “2”, “双” or “12” never become aliases
    (2+2 does). A headword without quotes has no aliases.
    """
    headword = headword.strip()
    quoted = list(_QUOTED.finditer(headword))
    if not quoted:
        return []
    candidates = [next(g for g in m.groups() if g is not None).strip() for m in quoted]
    candidates.append(_unquote(headword))
    if headword[quoted[-1].end():].strip():
        candidates.append(_unquote(headword[:quoted[-1].end()]))
    aliases: list[str] = []
    for alias in candidates:
        if alias != headword and alias not in aliases and _is_specific_alias(alias):
            aliases.append(alias)
    return aliases


def _unquote(text: str) -> str:
    return "".join(ch for ch in text if ch not in _QUOTE_CHARS).strip()


def _is_specific_alias(alias: str) -> bool:
    if len(alias) < 2 or not any(ch.isalnum() for ch in alias):
        return False
    return not (alias.isdigit() and len(alias) < MIN_NUMBER_ALIAS_DIGITS)


@dataclass
class _OpenEntry:
    index: int              # index into the scanned lines of the entry's first line
    marker: str
    headword: str
    pieces: list[str]       # the definition's lines, each after the separator that joins it

    @property
    def definition(self) -> str:
        return "".join(self.pieces)

    def continue_with(self, line: str) -> None:
        """Add a line of the definition: after a sentence's end it starts a new paragraph, else
        it continues a line that was wrapped. Only the last pieces are looked at, so a
        definition of many lines costs no more than its length."""
        tail = ""
        for piece in reversed(self.pieces[-8:]):
            tail = piece + tail
            if tail.rstrip(_CLOSERS):
                break
        if not tail:
            self.pieces.append(line)
        elif tail.rstrip(_CLOSERS).endswith(_SENTENCE_END):
            self.pieces += ["\n", line]
        else:
            self.pieces.append(line)


@dataclass(frozen=True)
class _EntryLine:
    """A line read as the start of an entry."""

    number: int | None      # the entry number printed before the headword, if any
    style: str              # the numbering pattern that matched ("" when unnumbered)
    marker: str
    headword: str
    definition: str


def _scan_entries(
    lines: list[str], start: int, patterns: GlossaryPatterns
) -> tuple[int, list[_OpenEntry]]:
    """Read entries from lines[start:] up to a line that ends the block.

    Returns the index after the last line that belongs to an entry (`start` when there is none)
    and the entries. Lines before the first entry (an introductory sentence) are skipped; other
    lines that start no entry continue the previous definition.

    When the first entry is numbered ("1." "［1］" "①"), the glossary is numbered 1..N in order:
    a later line starts an entry only if it is numbered the same way with a number past the
    last one (the next, or one a few numbers on when an entry was lost). That tells the entry number from digits of
    the headword (14.2025年10件民生实事 is entry 14) and keeps a numbered list or a lone word
    inside a definition in that definition.
    """
    entries: list[_OpenEntry] = []
    numbered = False
    style = ""
    last_number = 0
    end = start
    for index in range(start, len(lines)):
        if len(entries) > MAX_ENTRIES:
            break       # one past the cap tells the caller the glossary was cut
        line = lines[index].strip()
        if not line:
            continue
        if patterns.any_block_end.match(line) or is_glossary_heading(line, patterns):
            break
        expected = last_number + 1 if numbered or not entries else None
        parsed = _parse_entry_line(line, patterns, expected)
        if parsed is not None and numbered:
            number = parsed.number
            if (number is None or parsed.style != style
                    or not last_number < number <= last_number + 1 + MAX_NUMBER_GAP):
                parsed = None
        if parsed is not None:
            if not entries:
                numbered, style = parsed.number is not None, parsed.style
            if parsed.number is not None:
                last_number = parsed.number
            entries.append(_OpenEntry(index, parsed.marker, parsed.headword,
                                      [parsed.definition] if parsed.definition else []))
        elif entries:
            entries[-1].continue_with(line)
        else:
            continue
        end = index + 1
    # An entry whose definition never came ("［3］TERM" at the block's end) defines nothing.
    return end, [entry for entry in entries if entry.pieces]


def parse_glossary_entry(
    line: str, patterns: GlossaryPatterns | None = None
) -> tuple[str, str, str] | None:
    """(marker, headword, definition) for a line that starts a glossary entry, else None.

    The headword is the text before the first colon (： or :), less any numbering; the
    definition is everything after it, colons included. A note marker (［3］) may stand before
    a headword with no colon, its definition following on the next line(s); a numbered
    headword in brackets (1.【TERM】…) needs no colon either.
    """
    parsed = _parse_entry_line(line, patterns or default_patterns(), None)
    return None if parsed is None else (parsed.marker, parsed.headword, parsed.definition)


def _parse_entry_line(line: str, patterns: GlossaryPatterns, expected: int | None) -> _EntryLine | None:
    """The entry a line starts, else None. `expected` is the entry number due next in a
    numbered glossary (None when unknown): a number run straight into digits ("14.2025年")
    is taken off only when it is the one expected."""
    line = line.strip()
    marker, style, number, rest = _take_number(line, patterns.note_markers, expected)
    if number is None:
        _, style, number, rest = _take_number(line, patterns.entry_numbers, expected)
    else:
        marker = marker.strip()
    # The number due next is proof enough of an entry to forgive a lead-in word (规定：), a lost
    # quote mark (三重一大”制度) or a full stop for the colon.
    due = number is not None and number == expected
    if number is not None:
        for pattern in patterns.bracketed_headword:
            found = pattern.match(rest)
            if found and _is_headword(found.group("term").strip(), patterns, due):
                definition = rest[found.end():].strip()
                return _EntryLine(number, style, marker, found.group("term").strip(), definition)
    colon = _ENTRY_COLON.search(rest)
    if colon is None or (due and not _is_headword(_headword_before(rest, colon), patterns, due)):
        if due:
            for pattern in patterns.loose_separator:
                found = pattern.match(rest)
                if found and _is_headword(found.group("term").strip(), patterns, due):
                    return _EntryLine(number, style, marker, found.group("term").strip(),
                                      rest[found.end():].strip())
        if colon is None:
            if marker and _is_headword(rest.strip(), patterns, due):
                return _EntryLine(number, style, marker, rest.strip(), "")
            return None
    headword = _headword_before(rest, colon)
    definition = rest[colon.end():].strip()
    if not _is_headword(headword, patterns, due):
        return None
    if any(p.search(definition) for p in patterns.not_definition):
        return None
    return _EntryLine(number, style, marker, headword, definition)


def _headword_before(text: str, colon: re.Match[str]) -> str:
    return text[:colon.start()].strip().strip("*").strip()


def _take_number(
    line: str, numberings: tuple[re.Pattern[str], ...], expected: int | None
) -> tuple[str, str, int | None, str]:
    """(numbering as printed, the pattern, its value, the rest) for the first pattern that
    numbers the line, else ("", "", None, line)."""
    for pattern in numberings:
        found = pattern.match(line)
        if not found:
            continue
        value = _number_value(found.group("n"))
        rest = line[found.end():]
        if rest[:1].isdigit() and value != expected:
            continue        # "2.65万" is a decimal number, not entry 2
        return found.group(0), pattern.pattern, value, rest
    return "", "", None, line


def _number_value(digits: str) -> int:
    """1, １, ① and ⑳ alike; numbering patterns capture the number as group `n`."""
    if len(digits) == 1 and not digits.isdecimal():
        return int(unicodedata.numeric(digits))
    return int(digits)


def _is_headword(text: str, patterns: GlossaryPatterns, due: bool = False) -> bool:
    """Whether text before a separator reads as a term. `due`: the line carries the entry
    number due next, which forgives a lead-in word and unbalanced quotes."""
    if not text or len(text) > MAX_HEADWORD_CHARS or not any(ch.isalnum() for ch in text):
        return False
    probe = text
    if _WHOLLY_QUOTED.fullmatch(text):
        probe = text.translate(_INNER_PUNCTUATION)      # “远望好逢晴霁日，雄图行见海波平”
    if patterns.any_not_headword.search(probe):
        return False
    if not due and patterns.any_lead_in.search(probe):
        return False
    # "（牵头单位：民政厅）" splits into an unbalanced "（牵头单位": a note inside prose.
    pairs = [pair for pair in _BRACKET_PAIRS if not (due and pair[0] in _QUOTE_CHARS)]
    return all(text.count(pair[0]) == text.count(pair[1]) for pair in pairs)
