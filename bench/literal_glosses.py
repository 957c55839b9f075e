"""How readable the literal glosses of glossary headwords are (issue 14, part 2).

A literal gloss is composed word by word from CC-CEDICT for a headword nobody has translated
(`english/literal.py`). This reads the glossaries of `../shared/corpus/glossaries/`, gives each
entry its English as a build does, and checks every piece of each literal gloss (the headword
cut as the gloss cuts it, each dictionary word or character with its English) against rules
a reader would notice. A gloss is **unreadable** when any piece is:

    alternatives   glossed as alternatives joined by "or" (馆 "embassy or consulate")
    description    a description, not a word: one character in more than two English words,
                   or any piece in more than four (园 "land used for growing plants")
    notes          carries dictionary shorthand or punctuation (sth, sb, one's, ':', '(', ',')
                   or a description after a name ("Nezha, protection deity")
    dropped        a character with no English at all
    name           a word read as a proper noun that names no place, glossed by the bare name
                   (同治 "Tongzhi", a reign name, in 四河同治 "the four rivers governed together")

Separately, a gloss has a **wrong sense** when a one-character piece is glossed

    register       by a sense CC-CEDICT marks as poetry, archaic, dialect, slang, Cantonese, Taiwan,
                   vulgar or honorific, where the character has a sense without such a mark
                   (联 "antithetical couplet", a poetry sense, in 四村联创)
    abbreviation   otherwise than as its province, when it is a province's one-character
                   abbreviation (data/place_abbreviations.tsv) that starts the headword beside
                   another one-character piece, not a numeral (京 "big" in 京保协作)
    split          one of two one-character pieces in a row that CC-CEDICT has together as a
                   word naming a thing in a short gloss, not a name alone and not starting with a
                   numeral (唐诗 "Tang poetry" glossed 唐 "exaggerate" + 诗 "poetry")

(these are the rules the composition now follows, so they measure what it fixed, not more).

The reports are split in two by their order in the folder: the even ones were looked at to
improve the composition (tuned), the odd ones were not (held out). Both are printed.

    .venv/bin/python bench/literal_glosses.py                # both halves, counts and rates
    .venv/bin/python bench/literal_glosses.py --show unreadable    # or --show wrong
    .venv/bin/python bench/literal_glosses.py --shorthand     # the corpus's undefined shorthand instead

With --shorthand the headwords are the quoted shorthand of the corpus reports the termbase has no
English for (bench/shorthand_frequency.tsv), split by rank: even ranks tuned, odd held out.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from english_coverage import glossary, kind_of  # noqa: E402
from termsearch.analysis import variants  # noqa: E402
from termsearch.english import literal  # noqa: E402
from termsearch.english.cedict import _PLACE_KINDS as PLACE_KINDS, _synonyms, load_cedict  # noqa: E402
from termsearch.english.renderings import load_renderings, rendering_key  # noqa: E402

GLOSSARIES = HERE.parent.parent / "shared" / "corpus" / "glossaries"
RULES = ("alternatives", "description", "notes", "dropped", "name")
WRONG_SENSE = ("register", "abbreviation", "split")
REGISTER = re.compile(r"\((?:poetry|archaic|dialect|slang|Cantonese|Tw|Taiwan|vulgar|honorific)\)", re.I)
PLACES = HERE.parent / "src" / "termsearch" / "data" / "place_abbreviations.tsv"
_NOTES = re.compile(r"\b(?:sth|sb|one's)\b|[:;()\"]|,")


def is_placeless_name(piece: str, cedict) -> bool:
    """A word CC-CEDICT has only as a proper noun, none of whose glosses names a kind of place."""
    entries = cedict.get(piece, ())
    if len(piece) < 2 or not entries or not all(e.pinyin[:1].isupper() for e in entries):
        return False
    words = {w.lower() for e in entries for s in e.senses for w in re.findall(r"[A-Za-z]+", s)}
    return not words & (PLACE_KINDS | literal.DIRECTIONS)


def faults(piece: str, english: str, cedict) -> list[str]:
    """The rules a piece's English breaks (see the module's doc)."""
    # (a bare name: "Hong Kong independence" 港独, "Tang poetry" 唐诗 name a thing and are read)
    found = ["name"] if is_placeless_name(piece, cedict) and english[:1].isupper() and \
        not re.search(r"\b[a-z]", english) else []
    words = english.split()
    if re.search(r"\bor\b", english):
        found.append("alternatives")
    if (len(piece) == 1 and len(words) > 2) or len(words) > 4:
        found.append("description")
    if _NOTES.search(english):
        found.append("notes")
    if not english.strip():
        found.append("dropped")
    return found


def names_a_thing(word: str, cedict) -> bool:
    """A dictionary word whose first sense is a short gloss with a common word in it ("Tang
    poetry", "dawn"), not a name alone ("Tongzhi, reign name ...")."""
    for entry in cedict.get(word, ())[:1]:
        first = next((y for x in entry.senses for y in _synonyms(x) if y.strip()), "")
        words = re.findall(r"[A-Za-z]+", first.split(",")[0])
        return 0 < len(words) <= 3 and any(w.islower() for w in words)
    return False


def wrong_sense(pieces: list[tuple[str, str]], cedict) -> list[str]:
    """The wrong-sense rules (see the module's doc) the one-character pieces of a headword break."""
    found = []
    places = {row[0]: row[2] for row in (line.split("\t") for line in PLACES.read_text("utf-8").splitlines()
                                         if line.strip() and not line.startswith("#")) if len(row) >= 3}
    for i, (piece, english) in enumerate(pieces):
        if len(piece) != 1 or not english:
            continue
        senses = [sense for e in cedict.get(piece, ()) for sense in e.senses]
        giving = [sense for sense in senses if english.lower() in (literal._plain(y).lower() for y in _synonyms(sense))]
        if giving and all(REGISTER.search(x) for x in giving) and \
                any(not REGISTER.search(x) for x in senses):
            found.append("register")
        if i + 1 < len(pieces) and len(pieces[i + 1][0]) == 1 and piece not in literal.NUMERALS and \
                names_a_thing(piece + pieces[i + 1][0], cedict):
            found.append("split")
        if i == 0 and piece in places and english != places[piece] and len(pieces) > 1 and \
                len(pieces[1][0]) == 1 and pieces[1][0] not in literal.NUMERALS:
            found.append("abbreviation")
    return found


def pieces(composer: literal.Composer, headword: str, term) -> list[tuple[str, str]]:
    """The Han pieces of a headword as the gloss cuts them, each with its English."""
    text = variants.to_simplified(headword)
    # (as the gloss reads them: 保 in a Baoding report's 京保协作 is Baoding)
    return [(piece, english) for piece, english, _ in composer.glossed_pieces(text, term)
            if literal._HAN.match(piece)]


def shorthand_headwords(composer: literal.Composer) -> list[str]:
    """The quoted shorthand of the corpus (bench/shorthand_frequency.tsv, most used first) that
    the termbase has no English for: what a literal gloss is made for when no glossary defines it."""
    rows = [line.split("\t") for line in (HERE / "shorthand_frequency.tsv").read_text("utf-8").splitlines()
            if line and not line.startswith(("#", "rank"))]
    return [(int(row[0]), row[1]) for row in rows
            if len(row) > 1 and composer.sourced(rendering_key(row[1]), None) is None]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=GLOSSARIES)
    parser.add_argument("--show", choices=("unreadable", "wrong", "all"))
    parser.add_argument("--shorthand", action="store_true",
                        help="gloss the corpus's undefined shorthand (bench/shorthand_frequency.tsv) instead")
    args = parser.parse_args(argv)
    cedict = load_cedict()
    composer = literal.Composer(load_renderings(), cedict, characters=literal.character_glosses())
    if args.shorthand:
        # Split by the file's rank (a termbase row added moves no other headword between halves):
        # the odd ranks may be looked at to improve the composition, the even not.
        words = shorthand_headwords(composer)
        halves = {"tuned": [w for rank, w in words if rank % 2], "held out": [w for rank, w in words if not rank % 2]}
        unit = "shorthand"
    else:
        if not args.folder.is_dir():
            print(f"{args.folder}: no such folder (the glossary reports of ../shared/corpus)", file=sys.stderr)
            return 2
        reports = sorted(p for p in args.folder.iterdir() if p.suffix == ".txt")
        halves = {"tuned": reports[0::2], "held out": reports[1::2]}
        unit = "reports"
    for name, items in halves.items():
        if args.shorthand:
            found = [(word, None, composer.gloss(word)) for word in items]
        else:
            found = [(t.term, t, next(r.text for r in t.english if r.confidence == literal.LITERAL))
                     for t in glossary(items) if kind_of(t) == "literal"]
        bad = {rule: 0 for rule in RULES}
        unreadable = 0
        wrong = {rule: 0 for rule in WRONG_SENSE}
        for headword, term, gloss in found:
            cut = pieces(composer, headword, term)
            broken = {rule for piece, english in cut for rule in faults(piece, english, cedict)}
            senses = set(wrong_sense(cut, cedict))
            for rule in senses:
                wrong[rule] += 1
            for rule in broken:
                bad[rule] += 1
            unreadable += bool(broken)
            if args.show == "all" or (args.show == "unreadable" and broken) or (args.show == "wrong" and senses):
                print(f"  [{name}] {headword}\t{gloss}\t{', '.join(sorted(broken | senses))}")
        share = 100 * unreadable / len(found) if found else 0.0
        print(f"{name}: {len(items)} {unit}, {len(found)} literal glosses, {unreadable} unreadable ({share:.1f}%): "
              + ", ".join(f"{rule} {bad[rule]}" for rule in RULES)
              + "; wrong sense: " + ", ".join(f"{rule} {wrong[rule]}" for rule in WRONG_SENSE))
    return 0


if __name__ == "__main__":
    sys.exit(main())
