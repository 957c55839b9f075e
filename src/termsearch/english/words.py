"""English words as matching sees them: lower case, no stop words, and the base forms a
plural, an -ing/-ed word or an irregular form (driven, built, children) may come from."""
from __future__ import annotations

import itertools
import math
import re
import unicodedata
from functools import lru_cache
from importlib import resources

# Words that carry no meaning for matching (CC-CEDICT's sth/sb and the like included).
STOPWORDS = frozenset("""
a an the of and or to in on at by for with from as into onto upon is are be been being was were
it its this that these those sth sb one's oneself etc e g i eg ie s lit fig esp usu something
someone somebody used also such
he she him his her hers they them their theirs we our ours you your yours my me who whom whose
which what whatever there here have has had having do does did shall should would could must
not nor but if than then thus whether because while whereas am
""".split())

# Plurals that are words of their own, not the plural of another (goods ≠ good, customs ≠ custom).
PLURAL_WORDS = frozenset("""
news goods customs means arms glasses clothes series species physics economics politics
mathematics statistics ethics logistics electronics thanks headquarters premises savings
earnings surroundings belongings outskirts remains riches aids
""".split())
IRREGULAR_FILE = "english_irregular.tsv"


@lru_cache(maxsize=1)
def _irregular() -> tuple[dict[str, str], dict[str, str]]:
    """({past form: its verb}, {plural: its singular}) from the package's data."""
    text = resources.files("termsearch").joinpath("data", IRREGULAR_FILE).read_text("utf-8")
    past, plural = {}, {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            form, base, kind = (part.strip() for part in line.split("\t"))
            (plural if kind == "plural" else past)[form] = base
    return past, plural


_WORD = re.compile(r"[a-z0-9]+")
_VOWELS = set("aeiouy")


def english_words(text: str) -> list[str]:
    """Lower-case words of `text`, without stop words; hyphens and punctuation split words."""
    text = text.lower()
    if not text.isascii():          # café → cafe
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return [w for w in _WORD.findall(text) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


def _plural_bases(word: str) -> list[str]:
    if word in _irregular()[1]:
        return [_irregular()[1][word]]                 # children → child, crises → crisis
    if len(word) <= 3 or word in PLURAL_WORDS or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return []
    bases = []
    if word.endswith("ies") and len(word) > 4:
        bases.append(word[:-3] + "y")                  # policies → policy
    if word.endswith("es") and word[:-2].endswith(("ch", "sh", "x", "z", "ss", "o", "s")):
        bases.append(word[:-2])                        # taxes → tax, churches → church
    if word.endswith("ves"):
        bases += [word[:-3] + "f", word[:-3] + "fe"]   # shelves → shelf, lives → life
    bases.append(word[:-1])                            # kindergartens → kindergarten
    return bases


def _inflection_bases(word: str) -> list[str]:
    if word in _irregular()[0]:
        return [_irregular()[0][word]]                 # driven → drive, led → lead
    for suffix in ("ing", "ed"):
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if len(stem) < 3 or not _VOWELS & set(stem):
                return []
            bases = []
            if suffix == "ed" and stem.endswith("i"):
                bases.append(stem[:-1] + "y")          # applied → apply
            if stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
                bases += [stem, stem[:-1]]             # called → call, planned → plan
            else:
                bases += [stem + "e", stem]            # rated → rate, developing → develop
            return bases
    return []


# A noun made from a verb (revitalization ← revitalize, development ← develop), or an adjective or
# adverb from another word (ideological ← ideology, unswervingly ← unswerving, cultural ← culture,
# socialist ← socialism, democratic ← democracy, probationary ← probation): CC-CEDICT glosses
# most Chinese verbs with the verb only and many nouns with the noun only, and a rendering or an
# official translation says the noun or the adjective. (ending, replacements),
# the longest ending first; the stem left must keep MIN_DERIVED_STEM letters (station is no stat-).
_DERIVATIONS = (("ification", ("ify",)), ("ization", ("ize", "ise")), ("isation", ("ise", "ize")),
                ("ation", ("ate", "e", "")), ("ition", ("ite", "")), ("ution", ("ute",)),
                ("uction", ("uce", "uct")), ("umption", ("ume",)), ("ment", ("",)),
                ("ness", ("",)), ("ability", ("able",)), ("ibility", ("ible",)), ("ivity", ("ive",)),
                ("etical", ("y",)), ("ical", ("y", "ic")), ("ally", ("al", "")), ("ingly", ("ing",)),
                ("edly", ("ed",)), ("ively", ("ive",)), ("ously", ("ous",)), ("fully", ("ful",)),
                ("ently", ("ent",)), ("antly", ("ant",)), ("iest", ("y",)), ("est", ("", "e")),
                ("ional", ("ion",)), ("ial", ("y", "e", "")), ("al", ("", "e")), ("atic", ("acy",)),
                ("ic", ("y", "")), ("ist", ("ism",)), ("ary", ("", "e")), ("ive", ("e", "")))
MIN_DERIVED_STEM = 4
# Endings short enough to end many other words need a longer stem (several is no sever-al).
_MIN_STEM_OF = {"al": 6}


def derived_forms(word: str) -> list[str]:
    """The words `word` may be derived from (revitalization → revitalize, revitalise), and of a
    plural its singular's (improvements → improve), most likely first; [] for other words."""
    out: list[str] = []
    for form in (word, *_plural_bases(word)):
        for ending, replacements in _DERIVATIONS:
            if form.endswith(ending) and len(form) - len(ending) >= _MIN_STEM_OF.get(ending, MIN_DERIVED_STEM - 1):
                stem = form[: -len(ending)]
                if ending == "ness" and stem.endswith("i"):
                    stem, replacements = stem[:-1], ("y",)        # happiness → happy
                out += [stem + r for r in replacements if len(stem + r) >= MIN_DERIVED_STEM]
                break
    return list(dict.fromkeys(o for o in out if o != word))


def word_forms(word: str) -> list[str]:
    """`word` and the base forms it may be an inflection of, most likely first."""
    return [word, *_plural_bases(word), *_inflection_bases(word)]


def is_inflected(word: str) -> bool:
    """An -ing or -ed form, or an irregular past (driven): a word that may also be a word of its
    own (training, driven) and is then searched as itself, its verb below it."""
    return bool(_inflection_bases(word))


# Stop words that may stand between two words of a run ("right to criticize", "election of a
# delegate"), at most this many; a clause's end (. ; : ! ?) breaks a run, a comma does not.
RUN_GAP_WORDS = 3
MAX_ORDERS = 24             # runs of up to 4 different words are tried in every order (4! = 24)
_GAP = (r"(?:[^\w.;:!?]+(?:" + "|".join(sorted(STOPWORDS, key=len, reverse=True)) + r")){0,%d}[^\w.;:!?]+"
        % RUN_GAP_WORDS)


def _stem_pattern(stem: str) -> str:
    # A stem is matched as the start of a word of the text, less its last letter where it is
    # long: the stemmer writes policy and policies as polici, possibility as possibl.
    return r"\b" + re.escape(stem[:-1] if len(stem) > 4 else stem) + r"[a-z]*(?:['’]s)?"


def run_pattern(stems: list[str], any_order: bool = False) -> re.Pattern[str] | None:
    """A pattern matching English text where words with these stems (the english field's, in
    order) stand in a row, stop words and a comma between them forgiven; with `any_order`, in
    any order (None where the words have more orders than MAX_ORDERS)."""
    if len(stems) < 2:
        return None
    if not any_order:
        orders = [tuple(stems)]
    elif math.factorial(len(stems)) > MAX_ORDERS:
        return None
    else:
        orders = list(dict.fromkeys(itertools.permutations(stems)))
    return re.compile("|".join("(?:" + _GAP.join(map(_stem_pattern, order)) + ")" for order in orders), re.IGNORECASE)
