"""What each JSON file of a build holds, checked as it is read: a file that parses but is not of
the shape the build wrote (a hand edit, another version's file, a list where an object belongs)
is named where it is read, not by whatever fails on it later (index_layout.read_json asks).

A shape is a type (or a tuple of types), Items(shape) for a list, Table(shape) for an object
of any keys, or Record(...) for an object of known keys: the keys every build writes and a
reader needs, and, named with a trailing "_", keys it may lack (Record(year_=int))."""
from __future__ import annotations

from itertools import chain
from operator import itemgetter

NUMBER = (int, float)


class Items:
    def __init__(self, shape):
        self.shape = shape


class Table:
    def __init__(self, shape):
        self.shape = shape


class Record:
    def __init__(self, **fields):
        self.required = {k: v for k, v in fields.items() if not k.endswith("_")}
        self.optional = {k[:-1]: v for k, v in fields.items() if k.endswith("_")}


class Pair:
    """[first, second]: a list of two (a word and its weight, a size and a digest)."""

    def __init__(self, first, second):
        self.first, self.second = first, second


SOURCE = Record(document=str, line=int)
RENDERING = Record(text=str, confidence=str, source=str)
TERM = Record(id=str, term=str, traditional=str, simplified=str, aliases=Items(str), definition=str, source=SOURCE,
              origin=str, english_=Items(RENDERING), pinyin_=str)
SECTION = Record(ordinal=int, title=str, line=int)
PARAGRAPH = Record(id=str, document=str, ordinal=int, line=int, section=str, text=str, damaged=Items(dict))
YEAR = (int, type(None))
DOCUMENT = Record(id=str, title=str, sections=Items(SECTION), year_=YEAR, region_=str, level_=str, kind_=str)
HEAD = Record(id=str, title=str, path=str, format=str, encoding=str, glossary=Items(TERM), pages=Items(Pair(int, int)),
              paragraph_count=int, section_count=int, year_=YEAR, region_=str, level_=str, kind_=str)
WORD_PAIRS = Table(Items(Pair(str, NUMBER)))
SIZES = Table(Pair(int, str))

# By file name; a document's pages are "1.json", "2.json" ... (PAGE).
BY_NAME = {
    "format.json": Record(format=int),
    "glossary.json": Items(TERM),
    "documents.json": Items(DOCUMENT),
    "head.json": HEAD,
    "sections.json": Items(SECTION),
    "collection.json": Record(documents=Table(Record(title=str, year_=YEAR, quoted_=dict)), spans=dict),
    "vocab.json": Record(words=Table(int)),
    "readings.json": Table(str),
    "form_readings.json": Table(str),
    "pinyin.json": Table(Items(str)),
    "initials.json": Table(Items(str)),
    "spanning.json": Items(str),
    "across_cuts.json": Items(str),
    "unlisted.json": Items(str),
    "english.json": Record(words=WORD_PAIRS, phrases=WORD_PAIRS),
    "glosses.json": Table(Record(pinyin=str, english=Items(str))),
    "term_forms.json": Table(Table(int)),
    "report.json": Record(totals=dict, documents=Items(dict), errors_=list, skipped_=list),
    "unit_runs.json": Table(Items(Pair(str, int))),
    "unit_runs_tally.json": Record(runs_=Table(Items(int))),
    "common_terms.json": Record(fingerprint=list, top_hits=int, records=Table(Table(Pair(int, int)))),
    "sizes.json": SIZES,
    "digests.json": SIZES,
}
PAGE = Record(paragraphs=Items(PARAGRAPH), sections=list)


def shape_of(name: str):
    """The shape of a build's file by its name; None for a file of no known shape."""
    if name.endswith(".json") and name[:-5].isdigit():
        return PAGE
    return BY_NAME.get(name)


_KIND = {dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number",
         bool: "true or false", type(None): "null"}


def _kind_of(shape) -> str:
    if isinstance(shape, Items):
        return "a list"
    if isinstance(shape, (Table, Record)):
        return "an object"
    if isinstance(shape, Pair):
        return "a pair"
    types = shape if isinstance(shape, tuple) else (shape,)
    return " or ".join(dict.fromkeys(_KIND[t] for t in types))


def mismatch(value, shape, where: str = "") -> str | None:
    """What is wrong with `value` for `shape` ("pages is missing", "words['x'] is a string,
    not a number" ...); None when it fits."""
    if isinstance(shape, Items):
        if not isinstance(value, list):
            return _not(value, "a list", where)
        return _each(value, shape.shape, lambda i: f"{where}[{i}]")
    if isinstance(shape, Table):
        if not isinstance(value, dict):
            return _not(value, "an object", where)
        keys = list(value)
        return _each(list(value.values()), shape.shape, lambda i: f"{where}[{keys[i]!r}]")
    if isinstance(shape, Record):
        if not isinstance(value, dict):
            return _not(value, "an object", where)
        for key in shape.required:
            if key not in value:
                return f"{where}{'.' if where else ''}{key} is missing"
        for key, inner in chain(shape.required.items(), shape.optional.items()):
            if key in value:
                found = mismatch(value[key], inner, f"{where}{'.' if where else ''}{key}")
                if found:
                    return found
        return None
    if isinstance(shape, Pair):
        if not (type(value) is list and len(value) == 2):
            return f"{where or 'it'} is not a pair of {_kind_of(shape.first)} and {_kind_of(shape.second)}"
        return mismatch(value[0], shape.first, f"{where}[0]") or mismatch(value[1], shape.second, f"{where}[1]")
    if not _is(value, shape):
        return _not(value, _kind_of(shape), where)
    return None


def _not(value, kind: str, where: str) -> str:
    return f"{where or 'it'} is {_KIND.get(type(value), 'a value')}, not {kind}"


def _is(value, types) -> bool:
    # (True is an int to isinstance; a build writes no true where a number belongs)
    types = types if isinstance(types, tuple) else (types,)
    return type(value) in types or (isinstance(value, types) and type(value) is not bool)


def _each(values: list, shape, where) -> str | None:
    """What is wrong with the first of `values` not of `shape` (looked for one by one only
    when _all_fit says some is)."""
    if _all_fit(values, shape):
        return None
    for i, value in enumerate(values):
        found = mismatch(value, shape, where(i))
        if found:
            return found
    return None


def _all_fit(values, shape) -> bool:
    """Whether all `values` (an iterable) are of `shape`, checked a column at a time with C
    loops (the types of all, the lengths of all ...): the word tables hold tens of thousands
    of values, which one by one cost more than their parsing. False when it cannot tell (no
    message: `_each` looks for it)."""
    if isinstance(shape, (type, tuple)):
        return set(map(type, values)) <= (set(shape) if isinstance(shape, tuple) else {shape})
    values = values if isinstance(values, list) else list(values)
    if not values:
        return True
    if not set(map(type, values)) <= ({list} if isinstance(shape, (Items, Pair)) else {dict}):
        return False
    if isinstance(shape, Items):
        return _all_fit(chain.from_iterable(values), shape.shape)
    if isinstance(shape, Pair):
        return (set(map(len, values)) == {2} and _all_fit(map(itemgetter(0), values), shape.first)
                and _all_fit(map(itemgetter(1), values), shape.second))
    if isinstance(shape, Table):
        return _all_fit(chain.from_iterable(map(dict.values, values)), shape.shape)
    try:
        if not all(_all_fit(map(itemgetter(key), values), inner) for key, inner in shape.required.items()):
            return False
    except KeyError:
        return False
    return all(_all_fit([v[key] for v in values if key in v], inner) for key, inner in shape.optional.items())
