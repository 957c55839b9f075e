"""English words as matching sees them: lower case, no stop words, and the base forms a
plural or an -ing/-ed word may come from."""
from __future__ import annotations

import re
import unicodedata

# Words that carry no meaning for matching (CC-CEDICT's sth/sb and the like included).
STOPWORDS = frozenset("""
a an the of and or to in on at by for with from as into onto upon is are be been being was were
it its this that these those sth sb one's oneself etc e g i eg ie s lit fig esp usu something
someone somebody used also such
""".split())

# Plurals that are words of their own, not the plural of another (goods ≠ good, customs ≠ custom).
PLURAL_WORDS = frozenset("""
news goods customs means arms glasses clothes series species physics economics politics
mathematics statistics ethics logistics electronics thanks headquarters premises savings
earnings surroundings belongings outskirts remains riches aids
""".split())
_IRREGULAR = {"children": "child", "women": "woman", "men": "man", "feet": "foot",
              "teeth": "tooth", "mice": "mouse", "geese": "goose", "analyses": "analysis",
              "crises": "crisis", "criteria": "criterion", "phenomena": "phenomenon"}
_WORD = re.compile(r"[a-z0-9]+")
_VOWELS = set("aeiouy")


def english_words(text: str) -> list[str]:
    """Lower-case words of `text`, without stop words; hyphens and punctuation split words."""
    text = text.lower()
    if not text.isascii():          # café → cafe
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return [w for w in _WORD.findall(text) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


def _plural_bases(word: str) -> list[str]:
    if word in _IRREGULAR:
        return [_IRREGULAR[word]]
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
# adverb from another word (ideological ← ideology, unswervingly ← unswerving): CC-CEDICT glosses
# most Chinese verbs with the verb only, and a rendering names the noun. (ending, replacements),
# the longest ending first; the stem left must keep MIN_DERIVED_STEM letters (station is no stat-).
_DERIVATIONS = (("ification", ("ify",)), ("ization", ("ize", "ise")), ("isation", ("ise", "ize")),
                ("ation", ("ate", "e", "")), ("ition", ("ite", "")), ("uction", ("uce",)), ("ment", ("",)),
                ("ness", ("",)), ("ability", ("able",)), ("ibility", ("ible",)), ("ivity", ("ive",)),
                ("ical", ("y", "ic")), ("ally", ("al", "")), ("ingly", ("ing",)),
                ("edly", ("ed",)), ("ively", ("ive",)), ("ously", ("ous",)), ("fully", ("ful",)),
                ("ently", ("ent",)), ("antly", ("ant",)), ("iest", ("y",)), ("est", ("", "e")))
MIN_DERIVED_STEM = 4


def derived_forms(word: str) -> list[str]:
    """The words `word` may be derived from (revitalization → revitalize, revitalise), and of a
    plural its singular's (improvements → improve), most likely first; [] for other words."""
    out: list[str] = []
    for form in (word, *_plural_bases(word)):
        for ending, replacements in _DERIVATIONS:
            if form.endswith(ending) and len(form) - len(ending) >= MIN_DERIVED_STEM - 1:
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
    return bool(_inflection_bases(word))
