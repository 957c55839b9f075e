"""Glossary exchange: terms out as TBX-Basic (ISO 30042:2019), CSV or JSON, and back in from those
and from older TBX (2008, `<martif>`), so a user can bring their own termbase.

Where each Term field goes in TBX-Basic (DCA style, namespace urn:iso:std:iso:30042:ed-2):

    Term.id                conceptEntry/@id, escaped to an XML name ("seed:g01" → "term-seed_3a_g01")
    Term.source            conceptEntry <admin type="source">seed, line 50</admin>
    Term.origin            conceptEntry <note>origin: extracted</note>        (no TBX-Basic home)
    Term.term              conceptEntry <note>headword: “雙萬”</note>          (as printed, quotes kept)
    Term.traditional       langSec zh-Hant: the preferred termSec's <term> (quotes removed, so a CAT
                           tool can match it), plus <note>as printed: “雙萬”</note> when they differ
    Term.simplified        langSec zh-Hans: the same
    Term.pinyin            zh-Hans preferred termSec <note>pinyin: shuāng wàn</note>
    Term.definition        <descrip type="definition"> in the langSec of the definition's script
    Term.aliases           further termSecs, each in the langSec of its own script (one that reads the
                           same in both scripts: the headword's), administrativeStatus
                           admittedTerm-admn-sts, termType shortForm (a part of the headword) or variant;
                           a form already in that langSec is not repeated. The list as written is kept
                           in conceptEntry <note>aliases: a|b</note> (joined as in CSV) for the round trip
    Term.english           langSec en: one termSec per rendering, in order (the first preferred):
                           <admin type="source">, <xref type="externalCrossReference" target=url>,
                           <note>confidence: official</note>, and the rendering's note as a plain <note>;
                           a rendering whose text an earlier one has is a note of that termSec,
                           <note>also: {"confidence", "source", "url", "note", "position"}</note> (JSON)
    (composed)             a part's published English and the literal gloss (see literal.py) are
                           conceptEntry notes, "english of a part: {JSON}" and "literal gloss (CC-CEDICT,
                           not a translation): …", never terms; an import skips them (a build makes them)

`to_martif` writes the same fields as TBX 2008 (ISO 30042:2008, `<martif>`, TBX-Basic v2:
termEntry/langSet/tig), for readers that know only that version (translate-toolkit, older CAT tools).
CSV is written with a UTF-8 byte-order mark, which is how Excel knows the file is UTF-8; a CSV
saved by Excel on Chinese Windows (GB18030/GBK or Big5, no mark) is read in its own encoding.

Importing (`read_terms`) gives every term origin "imported:<file name>" and the id
"imported-<file slug>:<n>" (n counts entries from 1), which no extracted id ("<document>:g<n>")
can equal. The `from_*` functions called without an origin restore ids and origins as written
instead, so `from_tbx(to_tbx(terms)) == terms`.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .analysis import pinyin as pinyin_mod
from .analysis import chars, termforms, variants
from .model import IngestError, Rendering, SourceRef, Term, TermsearchError

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONFIDENCE_LEVELS = ("official", "attested", "descriptive")
DEFAULT_IMPORTED_CONFIDENCE = "attested"    # a termbase's own rendering, of unknown standing
FORMATS = ("tbx", "martif", "csv", "json")


class ExportError(TermsearchError):
    """The terms cannot be written in the asked format; the message says why."""


# ----------------------------------------------------------------------------- TBX out

# The schemas the TBX-Basic dialect's own examples name: the TBX Core structure (RELAX NG) and the
# dialect's rules (Schematron). Copies are in tests/tbx/, where a test validates the export.
_RNG = "https://raw.githubusercontent.com/LTAC-Global/TBX_Core_RNG/master/TBXcoreStructV03.rng"
_SCH = "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch"
_PROLOGUE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<?xml-model href="{_RNG}" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
    f'<?xml-model href="{_SCH}" type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"?>\n'
)
# Prefixes of the notes that carry fields TBX-Basic has no data category for.
NOTE_ORIGIN, NOTE_HEADWORD, NOTE_PRINTED = "origin: ", "headword: ", "as printed: "
NOTE_PINYIN, NOTE_CONFIDENCE, NOTE_URL = "pinyin: ", "confidence: ", "url: "
NOTE_ALIASES, NOTE_ALSO = "aliases: ", "also: "
# English termsearch composed (regenerated at every build, so an import ignores them): a part's
# published English and the literal gloss are notes of the concept, never terms of it.
NOTE_PART, NOTE_LITERAL = "english of a part: ", "literal gloss (CC-CEDICT, not a translation): "
_OWN_NOTE = re.compile(r"^(origin|headword|aliases|as printed|pinyin|url): ")
_ALSO_NOTE = re.compile(r"^also: (\{.*\})$", re.S)
_CONFIDENCE_NOTE = re.compile(r"^confidence: (official|attested|descriptive)$")
_SOURCE_TEXT = re.compile(r"^(.*), line (\d+)$", re.S)
_HTTP = re.compile(r"https?://\S+\Z")
# Characters XML 1.0 cannot hold; they become U+FFFD in the output.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def to_tbx(terms: list[Term], title: str = "termsearch glossary") -> str:
    """The terms as a TBX-Basic document (one conceptEntry per term). Raises ExportError for
    an empty list: TBX-Basic requires at least one entry."""
    root = _tbx_tree(terms, title)
    ET.indent(root, space="  ")
    return _PROLOGUE + ET.tostring(root, encoding="unicode") + "\n"


def _tbx_tree(terms: list[Term], title: str) -> ET.Element:
    if not terms:
        raise ExportError("there are no glossary terms to export (TBX needs at least one entry)")
    root = ET.Element("tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: "en", "xmlns": TBX_NAMESPACE})
    header = ET.SubElement(root, "tbxHeader")
    file_desc = ET.SubElement(header, "fileDesc")
    ET.SubElement(ET.SubElement(file_desc, "titleStmt"), "title").text = _xml_text(title)
    source_desc = ET.SubElement(file_desc, "sourceDesc")
    ET.SubElement(source_desc, "p").text = (
        f"Exported by termsearch {__version__}: glossary terms of Chinese government reports with "
        "their English renderings (confidence official, attested or descriptive; descriptive ones "
        "were written by termsearch because no English source was found)."
    )
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    seen_ids: set[str] = set()
    for term in terms:
        entry_id = concept_id(term.id)
        if entry_id in seen_ids:
            raise ExportError(f"two terms have the id {term.id!r}; ids must be unique to export")
        seen_ids.add(entry_id)
        body.append(_concept_entry(term, entry_id))
    return root


def concept_id(term_id: str) -> str:
    """A term id as an XML name (xsd:ID): 'seed:g01' → 'term-seed_3a_g01'; reversible."""
    return "term-" + "".join(c if c.isascii() and (c.isalnum() or c in "-.") else f"_{ord(c):x}_"
                             for c in term_id)


def term_id_from_concept(concept: str) -> str:
    if not concept.startswith("term-"):
        return concept
    return re.sub(r"_([0-9a-f]+)_", lambda m: chr(int(m.group(1), 16)), concept[len("term-"):])


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _sub(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = _xml_text(text)
    return element


def script_of(text: str) -> str:
    """'zh-Hant' when the text has characters that are Traditional only, else 'zh-Hans'."""
    return "zh-Hant" if variants.to_simplified(text) != text else "zh-Hans"


def _concept_entry(term: Term, entry_id: str) -> ET.Element:
    entry = ET.Element("conceptEntry", {"id": entry_id})
    _sub(entry, "admin", f"{term.source.document}, line {term.source.line}", type="source")
    _sub(entry, "note", NOTE_ORIGIN + term.origin)
    _sub(entry, "note", NOTE_HEADWORD + term.term)
    if term.aliases:
        _sub(entry, "note", NOTE_ALIASES + join_aliases(term.aliases))
    for rendering in term.english:
        if rendering.confidence == "literal":
            _sub(entry, "note", NOTE_LITERAL + rendering.text)
        elif rendering.part:
            _sub(entry, "note", NOTE_PART + json.dumps(
                {"part": rendering.part, "text": rendering.text, "confidence": rendering.confidence,
                 "source": rendering.source, "url": rendering.url}, ensure_ascii=False))
    headword_script = script_of(termforms.unquoted(term.term))
    definition_script = script_of(term.definition) if term.definition else ""
    both = (("zh-Hant", term.traditional or variants.to_traditional(term.term)),
            ("zh-Hans", term.simplified or variants.to_simplified(term.term)))
    for script, printed in both:
        lang_sec = ET.SubElement(entry, "langSec", {XML_LANG: script})
        if definition_script == script:
            _sub(lang_sec, "descrip", term.definition, type="definition")
        main = termforms.unquoted(printed) or printed
        term_sec = ET.SubElement(lang_sec, "termSec")
        _sub(term_sec, "term", main)
        _sub(term_sec, "termNote", "fullForm", type="termType")
        _sub(term_sec, "termNote", "preferredTerm-admn-sts", type="administrativeStatus")
        if printed != main:
            _sub(term_sec, "note", NOTE_PRINTED + printed)
        if script == "zh-Hans" and term.pinyin:
            _sub(term_sec, "note", NOTE_PINYIN + term.pinyin)
        for alias in aliases_in(script, term.aliases, headword_script, main):
            alias_sec = ET.SubElement(lang_sec, "termSec")
            _sub(alias_sec, "term", alias)
            kind = "shortForm" if alias in main and len(alias) < len(main) else "variant"
            _sub(alias_sec, "termNote", kind, type="termType")
            _sub(alias_sec, "termNote", "admittedTerm-admn-sts", type="administrativeStatus")
    translations = [r for r in term.english if r.is_translation]
    if translations:
        lang_sec = ET.SubElement(entry, "langSec", {XML_LANG: "en"})
        secs: dict[str, ET.Element] = {}
        for order, rendering in enumerate(translations):
            if rendering.text in secs:
                # The same English from another source: one term, the further source in a note.
                also = {"confidence": rendering.confidence, "source": rendering.source,
                        "url": rendering.url, "note": rendering.note, "position": order + 1}
                _sub(secs[rendering.text], "note", NOTE_ALSO + json.dumps(also, ensure_ascii=False))
                continue
            term_sec = secs[rendering.text] = ET.SubElement(lang_sec, "termSec")
            _sub(term_sec, "term", rendering.text)
            status = "preferredTerm-admn-sts" if order == 0 else "admittedTerm-admn-sts"
            _sub(term_sec, "termNote", status, type="administrativeStatus")
            if rendering.source:
                _sub(term_sec, "admin", rendering.source, type="source")
            if rendering.url and _HTTP.match(rendering.url):
                _sub(term_sec, "xref", "source page", type="externalCrossReference", target=rendering.url)
            elif rendering.url:
                _sub(term_sec, "note", NOTE_URL + rendering.url)
            _sub(term_sec, "note", NOTE_CONFIDENCE + rendering.confidence)
            if rendering.note:
                _sub(term_sec, "note", rendering.note)
    return entry


def aliases_in(script: str, aliases: list[str], headword_script: str, main: str) -> list[str]:
    """The aliases that belong in `script`'s langSec, each once and none equal to its main term:
    a concept lists a term once per language (TBX readers take a repeat for a second term)."""
    out: list[str] = []
    for alias in aliases:
        own = script_of(alias) if variants.to_traditional(alias) != variants.to_simplified(alias) else headword_script
        if own == script and alias.strip() and alias != main and alias not in out:
            out.append(alias)
    return out


# ----------------------------------------------------------------------------- TBX 2008 (martif) out

# TBX 2019 names and their TBX 2008 ones; everything else is spelled the same.
_MARTIF_NAMES = {"tbx": "martif", "tbxHeader": "martifHeader", "conceptEntry": "termEntry",
                 "langSec": "langSet", "termSec": "tig"}
_MARTIF_PROLOGUE = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n'


def to_martif(terms: list[Term], title: str = "termsearch glossary") -> str:
    """The terms as TBX 2008 (TBX-Basic v2, `<martif>`): the TBX 2019 document with its elements
    renamed, no namespace, and the TBX-Basic XCS named in the header."""
    tbx = _tbx_tree(terms, title)
    for element in tbx.iter():
        element.tag = _MARTIF_NAMES.get(element.tag, element.tag)
    root = ET.Element("martif", {"type": "TBX-Basic-V1", XML_LANG: "en"})
    root.extend(list(tbx))
    header = root.find("martifHeader")
    encoding = ET.SubElement(header, "encodingDesc")
    _sub(encoding, "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    ET.indent(root, space="  ")
    return _MARTIF_PROLOGUE + ET.tostring(root, encoding="unicode") + "\n"


# ----------------------------------------------------------------------------- TBX in

@dataclass
class _TermSec:
    text: str
    notes: dict[str, str] = field(default_factory=dict)     # termNote type → value
    admin_source: str = ""
    urls: list[str] = field(default_factory=list)
    plain_notes: list[str] = field(default_factory=list)
    own_notes: dict[str, str] = field(default_factory=dict)   # our prefixed notes
    confidence: str = ""
    also: list[dict] = field(default_factory=list)   # further sources of the same English term


@dataclass
class _LangSec:
    lang: str
    term_secs: list[_TermSec] = field(default_factory=list)
    definitions: list[str] = field(default_factory=list)


def from_tbx(data: str | bytes, origin: str | None = None, name: str = "TBX") -> list[Term]:
    """Terms from a TBX file: TBX 2019 (`<tbx>`, conceptEntry/langSec/termSec) or TBX 2008
    (`<martif>`, termEntry/langSet/tig or ntig), any namespace or none.

    Entries need a Chinese term (xml:lang zh, zh-Hans, zh-Hant, zh-CN, zh-TW, ...); entries with
    none are skipped, and a file with none at all is an error. English termSecs become renderings
    (confidence from our note, else 'attested'). Missing scripts and pinyin are filled in.
    With `origin` (the file name) the import rules of the module docstring apply.
    Malformed or unsafe XML (a DTD with an internal subset, entity declarations) raises IngestError.
    """
    root = _parse_xml(data, name)
    kind = _local(root.tag)
    if kind not in ("tbx", "martif"):
        raise IngestError(f"{name}: not a TBX file (the root element is <{kind}>, not <tbx> or <martif>)")
    entries = [e for e in root.iter() if _local(e.tag) in ("conceptEntry", "termEntry")]
    if not entries:
        raise IngestError(f"{name}: the TBX file has no entries (conceptEntry or termEntry)")
    terms: list[Term] = []
    for ordinal, entry in enumerate(entries, 1):
        term = _term_from_entry(entry, ordinal, name)
        if term is not None:
            terms.append(term)
    if not terms:
        raise IngestError(f"{name}: none of its {len(entries)} entries has a Chinese term "
                          "(a langSec/langSet with xml:lang zh, zh-Hans, zh-Hant, zh-CN, zh-TW ...)")
    return _apply_origin(terms, origin)


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_DECLARATION = re.compile(r"^<\?xml[^>]*\?>")


def xml_encoding(data: bytes) -> str:
    """The encoding of an XML file's bytes: its byte-order mark, else UTF-16 by its zero bytes,
    else the encoding its declaration names (GB18030, Big5 … as Chinese tools write), else UTF-8."""
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return encoding
    if data[:2] in (b"<\x00", b"\x00<"):
        return "utf-16-le" if data[0] == 0x3C else "utf-16-be"
    declared = _DECLARED_ENCODING.match(data.lstrip()[:200])
    return declared.group(1).decode("ascii") if declared else "utf-8"


def xml_text(data: bytes, name: str) -> str:
    """An XML file's text, decoded as `xml_encoding` says; IngestError naming the file when the
    encoding is unknown or the bytes are not in it. (Python's XML parser reads only UTF-8,
    UTF-16 and single-byte encodings itself: a file declared GB2312 would be refused.)"""
    encoding = xml_encoding(data)
    try:
        text = data.decode(encoding)
    except LookupError:
        raise IngestError(f"{name}: declares an encoding termsearch does not know ({encoding[:40]!r}); "
                          "save it as UTF-8") from None
    except UnicodeDecodeError as exc:
        raise IngestError(f"{name}: not valid {encoding} at byte {exc.start} (save it as UTF-8, "
                          "or declare its encoding in <?xml ... encoding=\"...\"?>)") from None
    # Decoded now: the declaration's encoding (and a byte-order mark) would only mislead the parser.
    return _DECLARATION.sub(_without_encoding, text.lstrip("\ufeff"), count=1)


def _without_encoding(declaration: re.Match) -> str:
    return re.sub(r"""\sencoding\s*=\s*["'][^"']*["']""", "", declaration.group())


def _parse_xml(data: str | bytes, name: str) -> ET.Element:
    text = xml_text(data, name) if isinstance(data, bytes) else data
    # Entities are how XML bombs and external fetches work; a termbase never needs them.
    # (A plain <!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd"> is fine: it is never fetched.)
    # The text test is quick; expat's own view catches a declaration spelled in ways it misses.
    if "<!ENTITY" in text or re.search(r"<!DOCTYPE[^>\[]*\[", text) or _declares_entities(text):
        raise IngestError(f"{name}: XML with a DTD internal subset or entity declarations is not "
                          "accepted (for safety); remove the <!DOCTYPE ...[...]> part")
    try:
        return ET.fromstring(text)
    except ET.ParseError as exc:
        line, column = exc.position
        raise IngestError(f"{name}, line {line}, column {column}: not well-formed XML "
                          f"({str(exc).split(':')[0]})") from None


def parse_xml_safely(data: str | bytes, name: str) -> ET.Element:
    """The root of an XML file someone brought (a termbase, a TMX file): no DTD internal subset,
    no entities; IngestError naming the file otherwise."""
    return _parse_xml(data, name)


class _Declared(Exception):
    pass


def _declares_entities(data: str | bytes) -> bool:
    """Whether the XML has a DTD internal subset or declares entities, as expat reads it (in
    whatever encoding it detects); a malformed file is left to the real parse to report."""
    import xml.parsers.expat as expat

    def refuse(*_args) -> None:
        raise _Declared

    def doctype(_name, _system_id, _public_id, has_internal_subset) -> None:
        if has_internal_subset:
            raise _Declared

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except _Declared:
        return True
    except (expat.ExpatError, ValueError, LookupError):
        return False
    return False


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(element: ET.Element) -> str:
    return "".join(element.itertext())


def _children(element: ET.Element, *names: str) -> list[ET.Element]:
    return [c for c in element if _local(c.tag) in names]


def _read_term_sec(element: ET.Element) -> _TermSec | None:
    """termSec (2019), tig, or ntig with its termGrp (2008)."""
    parts = [element, *_children(element, "termGrp")]
    term_element = next((c for p in parts for c in _children(p, "term")), None)
    if term_element is None:
        return None
    sec = _TermSec(text=_text(term_element))
    for part in parts:
        for child in part:
            tag = _local(child.tag)
            if tag == "termNoteGrp":
                child = next(iter(_children(child, "termNote")), None)
                if child is None:
                    continue
                tag = "termNote"
            _read_aux(child, tag, sec)
    return sec


def _read_aux(child: ET.Element, tag: str, sec: _TermSec) -> None:
    kind = child.get("type", "")
    if tag == "termNote" and kind:
        sec.notes.setdefault(kind, _text(child).strip())
    elif tag == "admin" and kind == "source" and not sec.admin_source:
        sec.admin_source = _text(child)
    elif tag in ("adminGrp", "descripGrp"):
        for inner in child:
            _read_aux(inner, _local(inner.tag), sec)
    elif tag == "xref" and child.get("target"):
        sec.urls.append(child.get("target", ""))
    elif tag == "note":
        _file_note(_text(child), sec)


def _file_note(note: str, sec: _TermSec) -> None:
    confidence = _CONFIDENCE_NOTE.match(note)
    own = _OWN_NOTE.match(note)
    also = _ALSO_NOTE.match(note)
    if also:
        try:
            value = json.loads(also.group(1))
        except ValueError:
            value = None
        if isinstance(value, dict) and value.get("confidence") in CONFIDENCE_LEVELS:
            sec.also.append(value)
            return
        sec.plain_notes.append(note)
    elif confidence and not sec.confidence:
        sec.confidence = confidence.group(1)
    elif own and own.group(1) not in sec.own_notes:
        sec.own_notes[own.group(1)] = note[own.end():]
    else:
        sec.plain_notes.append(note)


def _lang_of(element: ET.Element) -> str:
    return (element.get(XML_LANG) or element.get("lang") or "").strip()


def _chinese_script(lang: str, sample: str) -> str | None:
    """'zh-Hant' / 'zh-Hans' for a Chinese language tag (by its script or region, else by the
    characters), None for other languages."""
    code = lang.lower().replace("_", "-")
    if not (code == "zh" or code.startswith("zh-") or code in ("cmn", "yue") or code.startswith(("cmn-", "yue-"))):
        return None
    if "hant" in code or re.search(r"-(tw|hk|mo)\b", code):
        return "zh-Hant"
    if "hans" in code or re.search(r"-(cn|sg|my)\b", code):
        return "zh-Hans"
    return script_of(sample)


def _term_from_entry(entry: ET.Element, ordinal: int, name: str) -> Term | None:
    entry_notes = _TermSec(text="")
    definitions: list[str] = []
    lang_secs: list[_LangSec] = []
    for child in entry:
        tag = _local(child.tag)
        if tag in ("langSec", "langSet"):
            lang_sec = _LangSec(lang=_lang_of(child))
            for part in child:
                part_tag = _local(part.tag)
                if part_tag in ("termSec", "tig", "ntig"):
                    sec = _read_term_sec(part)
                    if sec is not None and sec.text.strip():
                        lang_sec.term_secs.append(sec)
                else:
                    _read_definitions(part, part_tag, lang_sec.definitions)
            lang_secs.append(lang_sec)
        else:
            _read_definitions(child, tag, definitions)
            _read_aux(child, tag, entry_notes)

    ours = "origin" in entry_notes.own_notes       # written by to_tbx: restore fields exactly
    tidy = (lambda s: s) if ours else _collapse
    chinese: dict[str, _LangSec] = {}
    english: list[_TermSec] = []
    for lang_sec in lang_secs:
        if not lang_sec.term_secs:
            continue
        script = _chinese_script(lang_sec.lang, lang_sec.term_secs[0].text)
        if script is not None:
            if script in chinese:
                chinese[script].term_secs.extend(lang_sec.term_secs)
                chinese[script].definitions.extend(lang_sec.definitions)
            else:
                chinese[script] = lang_sec
        elif lang_sec.lang.lower().startswith("en"):
            english.extend(lang_sec.term_secs)
            if not ours:
                definitions.extend(lang_sec.definitions)   # an English-only definition is still one
    if not chinese:
        return None

    mains: dict[str, _TermSec] = {}
    aliases: list[str] = []      # as the termSecs list them, unless our own note has the list
    for script in ("zh-Hant", "zh-Hans"):
        if script not in chinese:
            continue
        secs = chinese[script].term_secs
        main = next((s for s in secs if s.notes.get("administrativeStatus", "").startswith("preferred")), secs[0])
        mains[script] = main
        aliases.extend(tidy(s.text) for s in secs if s is not main)
    printed = {script: main.own_notes.get("as printed", tidy(main.text)) for script, main in mains.items()}
    traditional = printed.get("zh-Hant") or variants.to_traditional(printed["zh-Hans"])
    simplified = printed.get("zh-Hans") or variants.to_simplified(printed["zh-Hant"])
    headword = entry_notes.own_notes.get("headword") or next(iter(printed.values()))
    pinyin = next((m.own_notes["pinyin"] for m in mains.values() if "pinyin" in m.own_notes), None)
    if pinyin is None:
        pinyin = "" if ours else " ".join(pinyin_mod.reading(termforms.unquoted(simplified)))

    zh_definitions = [d for script in ("zh-Hant", "zh-Hans") if script in chinese for d in chinese[script].definitions]
    definition = tidy(next(iter(zh_definitions + definitions), ""))
    source = _source_ref(entry_notes.admin_source, name, ours)

    renderings, further = [], []
    for sec in english:
        url = next((u for u in sec.urls if _HTTP.match(u)), sec.own_notes.get("url", ""))
        renderings.append(Rendering(
            text=tidy(sec.text),
            confidence=sec.confidence or DEFAULT_IMPORTED_CONFIDENCE,
            source=tidy(sec.admin_source) or ("" if ours else f"imported from {name}"),
            url=url,
            note="\n".join(tidy(n) for n in sec.plain_notes),
        ))
        further.extend((a, tidy(sec.text)) for a in sec.also)
    for also, text in sorted(further, key=lambda item: _position(item[0])):
        renderings.insert(_position(also) - 1, Rendering(
            text=text, confidence=also["confidence"], source=str(also.get("source") or ""),
            url=str(also.get("url") or ""), note=str(also.get("note") or "")))
    if "aliases" in entry_notes.own_notes:
        aliases = split_aliases(entry_notes.own_notes["aliases"])
    entry_id = entry.get("id") or ""
    return Term(
        id=term_id_from_concept(entry_id) if entry_id else f"entry-{ordinal}",
        term=headword,
        traditional=traditional,
        simplified=simplified,
        aliases=[a for a in aliases if a],
        definition=definition,
        source=source,
        pinyin=pinyin,
        english=renderings,
        origin=entry_notes.own_notes.get("origin", "imported"),
    )


def _position(also: dict) -> int:
    position = also.get("position")
    return position if isinstance(position, int) and position > 0 else 1 << 30


def _read_definitions(element: ET.Element, tag: str, into: list[str]) -> None:
    if tag == "descrip" and element.get("type") == "definition":
        into.append(_text(element))
    elif tag == "descripGrp":
        for inner in element:
            _read_definitions(inner, _local(inner.tag), into)


def _collapse(text: str) -> str:
    """Whitespace of pretty-printed foreign XML (line breaks and indents inside a definition)."""
    return re.sub(r"\s+", " ", text).strip()


def _source_ref(text: str, name: str, ours: bool) -> SourceRef:
    m = _SOURCE_TEXT.match(text)
    if m:
        return SourceRef(m.group(1), int(m.group(2)))
    return SourceRef(text if ours and text else name, 0)


# ----------------------------------------------------------------------------- CSV

CSV_COLUMNS = ("id", "term", "traditional", "simplified", "pinyin", "aliases", "definition",
               "document", "line", "origin", "english", "english_confidence", "english_source",
               "english_url", "english_note")
ALIAS_SEPARATOR = "|"        # inside an alias, "|" is written "\|" and "\" is written "\\"


def join_aliases(aliases: list[str]) -> str:
    return ALIAS_SEPARATOR.join(a.replace("\\", "\\\\").replace("|", "\\|") for a in aliases)


def split_aliases(text: str) -> list[str]:
    parts = re.findall(r"(?:[^|\\]|\\.)+", text)
    return [re.sub(r"\\(.)", r"\1", p) for p in parts if p]


UTF8_BOM = "\ufeff"          # Excel opens a CSV as UTF-8 only when it starts with this mark


def to_csv(terms: list[Term]) -> str:
    """One row per English rendering (a term without one gets one row with the English columns
    empty); the term's columns repeat on each of its rows. Aliases are joined with '|'
    (see `join_aliases`). The text starts with a byte-order mark, for Excel."""
    out = io.StringIO()
    out.write(UTF8_BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for term in terms:
        base = [term.id, term.term, term.traditional, term.simplified, term.pinyin,
                join_aliases(term.aliases), term.definition, term.source.document,
                term.source.line, term.origin]
        for rendering in [r for r in term.english if r.is_translation] or [None]:
            extra = ([rendering.text, rendering.confidence, rendering.source, rendering.url, rendering.note]
                     if rendering else ["", "", "", "", ""])
            writer.writerow([neutralise_formula(cell) for cell in base + extra])
    return out.getvalue()


# A spreadsheet runs a cell that starts with = + - @ (or a tab or CR before one) as a formula:
# `=HYPERLINK(...)` or `+cmd|...` in a term would run on the translator's machine. As OWASP
# advises for CSV injection, such a cell is written with a single quote in front, which the
# spreadsheet shows as text; `from_csv` removes it again. (Cells already starting with quotes
# before such a character get one more, so a round trip gives back every cell as it was.)
_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")


def neutralise_formula(cell) -> str:
    text = str(cell)
    return "'" + text if _FORMULA_START.match(text) else text


def restore_formula(text: str) -> str:
    return text[1:] if text.startswith("'") and _FORMULA_START.match(text, 1) else text


def from_csv(text: str, origin: str | None = None, name: str = "CSV") -> list[Term]:
    """Terms from CSV with the columns of `to_csv`. Only `term` is required; rows in a row with
    the same term columns (id, term, definition ...) are one term's renderings; the same id on
    another term is a new term (imported under a new id) or, restoring ids, an error. A cell
    `to_csv` protected from spreadsheets ('=...) is read back as it was. Errors name the file
    and line."""
    text = text.lstrip("\ufeff")
    # strict: a quote never closed is an error, not the rest of the file read as one cell (its
    # terms lost without a word).
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    line = 1
    try:
        header = next(reader, None)
        if header is None:
            raise IngestError(f"{name}: the CSV file is empty")
        columns = [h.strip().lower() for h in header]
        if "term" not in columns and "simplified" not in columns and "traditional" not in columns:
            raise IngestError(f"{name}, line 1: no 'term' column; the header should be "
                              + ",".join(CSV_COLUMNS))
        terms: list[Term] = []
        keys: list[tuple] = []
        first_line_of: dict[str, int] = {}
        line = reader.line_num + 1
        for row in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                raise IngestError(f"{name}, line {start}: {len(row)} fields where the header has {len(columns)}")
            values = dict(zip(columns, (restore_formula(cell) for cell in row)))
            # Rows are one term's renderings only when everything but the rendering is the same:
            # an id given twice to two different terms must not merge them (and lose one).
            key = tuple(v for c, v in values.items() if not c.startswith("english"))
            if not terms or key != keys[-1]:
                term = _term_from_values(values, name, start, origin is None)
                if origin is None and values.get("id") and values["id"] in first_line_of:
                    raise IngestError(f"{name}, line {start}: id {values['id']!r} is already the id of "
                                      f"another term (line {first_line_of[values['id']]}); ids must be unique")
                first_line_of.setdefault(values.get("id") or "", start)
                terms.append(term)
                keys.append(key)
            rendering = _rendering_from_values(values, name, start)
            if rendering is not None:
                terms[-1].english.append(rendering)
    except csv.Error as exc:
        if "end of data" in str(exc):
            raise IngestError(f"{name}, line {line}: a quoted cell starting on this line is never closed") from None
        raise IngestError(f"{name}, line {reader.line_num}: not valid CSV ({exc})") from None
    if not terms:
        raise IngestError(f"{name}: the CSV file has a header but no terms")
    return _apply_origin(terms, origin)


def _delimiter(text: str) -> str:
    """The header line's separator: a comma, or, in a header without one, a tab (Excel's
    "Unicode Text") or a semicolon (Excel's CSV where the decimal mark is a comma)."""
    header = text.split("\n", 1)[0]
    if "," in header or not ("\t" in header or ";" in header):
        return ","
    return "\t" if header.count("\t") >= header.count(";") else ";"


def _term_from_values(values: dict[str, str], name: str, line: int, restore: bool) -> Term:
    headword = (values.get("term") or values.get("traditional") or values.get("simplified") or "").strip()
    if not headword:
        raise IngestError(f"{name}, line {line}: the term is empty")
    number = (values.get("line") or "").strip()
    if number and not (number.isdecimal() and len(number) <= 9):
        raise IngestError(f"{name}, line {line}: the line column holds {number!r}, not a number")
    aliases = values.get("aliases", "")
    return _completed(Term(
        id=values.get("id", "") or f"row-{line}",
        term=headword,
        traditional=values.get("traditional", ""),
        simplified=values.get("simplified", ""),
        aliases=split_aliases(aliases),
        definition=values.get("definition", ""),
        source=SourceRef(values.get("document") or name, int(number) if number else line),
        pinyin=values.get("pinyin", ""),
        english=[],
        origin=values.get("origin") or "imported",
    ), fill_pinyin=not (restore and "pinyin" in values))


def _rendering_from_values(values: dict[str, str], name: str, line: int) -> Rendering | None:
    text = values.get("english", "")
    if not text.strip():
        return None
    confidence = (values.get("english_confidence") or DEFAULT_IMPORTED_CONFIDENCE).strip().lower()
    if confidence not in CONFIDENCE_LEVELS:
        raise IngestError(f"{name}, line {line}: english_confidence {confidence!r} is not one of "
                          + ", ".join(CONFIDENCE_LEVELS))
    # (a spreadsheet cell's leading or trailing spaces are no part of the English)
    return Rendering(text=text.strip(), confidence=confidence,
                     source=values.get("english_source") or f"imported from {name}",
                     url=values.get("english_url", ""), note=values.get("english_note", ""))


# ----------------------------------------------------------------------------- JSON

def to_json(terms: list[Term]) -> str:
    """{"format": "termsearch-glossary", "version": 1, "terms": [Term.to_dict(), ...]}: the
    shape of GET /api/terms, so either can be imported."""
    return json.dumps({"format": "termsearch-glossary", "version": 1,
                       "terms": [t.to_dict() for t in terms]}, ensure_ascii=False, indent=2) + "\n"


def from_json(text: str, origin: str | None = None, name: str = "JSON") -> list[Term]:
    """Terms from `to_json` output, GET /api/terms, or a bare list of term objects. Only
    "term" is required in each; errors name the file and the entry (counted from 1)."""
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise IngestError(f"{name}, line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise IngestError(f"{name}: nested too deeply to be a termbase") from None
    except ValueError as exc:       # e.g. a number of more than 4,300 digits
        raise IngestError(f"{name}: not a termbase ({exc})") from None
    items = data.get("terms") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise IngestError(f"{name}: expected a list of terms or an object with a \"terms\" list")
    if not items:
        raise IngestError(f"{name}: the file holds no terms")
    terms = [_term_from_object(item, number, name, origin is None) for number, item in enumerate(items, 1)]
    return _apply_origin(terms, origin)


def _term_from_object(item, number: int, name: str, restore: bool) -> Term:
    where = f"{name}, term {number}"
    if not isinstance(item, dict):
        raise IngestError(f"{where}: expected an object, found {type(item).__name__}")

    def string(key: str, default: str = "") -> str:
        value = item.get(key, default)
        if value is None:
            return default
        if not isinstance(value, str):
            raise IngestError(f"{where}: {key!r} must be text, not {type(value).__name__}")
        return value

    headword = string("term") or string("traditional") or string("simplified")
    if not headword.strip():
        raise IngestError(f"{where}: no \"term\"")
    aliases = item.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise IngestError(f"{where}: \"aliases\" must be a list of text")
    source = item.get("source") or {}
    if not isinstance(source, dict):
        raise IngestError(f"{where}: \"source\" must be an object with document and line")
    line = source.get("line", 0)
    if not isinstance(line, int) or isinstance(line, bool):
        raise IngestError(f"{where}: source line must be a whole number")
    english = item.get("english")
    if english is None:
        english = []
    elif isinstance(english, (str, dict)):
        english = [english]     # one rendering (never "abc" as three, nor an object as its keys)
    elif not isinstance(english, list):
        raise IngestError(f"{where}: \"english\" must be a list of renderings (text, or objects with "
                          f"\"text\"), not {type(english).__name__}")
    renderings = []
    for r_number, raw in enumerate(english, 1):
        if isinstance(raw, str):
            raw = {"text": raw}
        if isinstance(raw, dict) and (raw.get("part") or str(raw.get("confidence")).lower() == "literal"):
            continue            # composed by termsearch (our own JSON export): made again at build
        if not isinstance(raw, dict) or not isinstance(raw.get("text"), str) or not raw["text"].strip():
            raise IngestError(f"{where}, rendering {r_number}: needs a \"text\"")
        confidence = str(raw.get("confidence") or DEFAULT_IMPORTED_CONFIDENCE).lower()
        if confidence not in CONFIDENCE_LEVELS:
            raise IngestError(f"{where}, rendering {r_number}: confidence {confidence!r} is not one of "
                              + ", ".join(CONFIDENCE_LEVELS))
        renderings.append(Rendering(text=raw["text"].strip(), confidence=confidence,
                                    source=str(raw.get("source") or f"imported from {name}"),
                                    url=str(raw.get("url") or ""), note=str(raw.get("note") or ""),
                                    scope=str(raw.get("scope") or "")))
    return _completed(Term(
        id=string("id") or f"entry-{number}",
        term=headword,
        traditional=string("traditional"),
        simplified=string("simplified"),
        aliases=list(aliases),
        definition=string("definition"),
        source=SourceRef(str(source.get("document") or name), line),
        pinyin=string("pinyin"),
        english=renderings,
        origin=string("origin") or "imported",
    ), fill_pinyin=not (restore and "pinyin" in item))


# ----------------------------------------------------------------------------- shared

def _completed(term: Term, fill_pinyin: bool) -> Term:
    """Fill what a foreign file may leave out: the other script, and pinyin."""
    if not term.simplified:
        term.simplified = variants.to_simplified(term.traditional or term.term)
    if not term.traditional:
        term.traditional = variants.to_traditional(term.simplified)
    if fill_pinyin and not term.pinyin:
        term.pinyin = " ".join(pinyin_mod.reading(termforms.unquoted(term.simplified)))
    return term


def import_slug(file_name: str) -> str:
    """'My Terms (2024).tbx' → 'my-terms-2024'."""
    stem = Path(file_name).stem if "." in file_name else file_name
    slug = re.sub(f"[^0-9a-z{chars.HAN}]+", "-", stem.lower()).strip("-")
    return slug[:60] or "file"


def _apply_origin(terms: list[Term], origin: str | None) -> list[Term]:
    if origin is None:
        return terms
    slug = import_slug(origin)
    for number, term in enumerate(terms, 1):
        term.origin = f"imported:{origin}"
        term.id = f"imported-{slug}:{number}"
    return terms


def dump_terms(terms: list[Term], fmt: str) -> str:
    """`terms` in one of FORMATS (tbx, martif, csv, json)."""
    writers = {"tbx": to_tbx, "martif": to_martif, "csv": to_csv, "json": to_json}
    if fmt not in writers:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return writers[fmt](terms)


MAX_IMPORT_BYTES = 64 * 1024 * 1024
# A termbase of more terms is refused (with index_build.MAX_IMPORTED_TERMS for all imports together):
# every search and page holds the glossary in memory.
MAX_IMPORT_TERMS = 20_000


def read_terms(path: str | Path) -> list[Term]:
    """Terms from a TBX, CSV or JSON file, chosen by extension (.tbx/.xml, .csv/.tsv?, .json),
    else by the first character. Every term gets origin 'imported:<file name>' and an id
    'imported-<slug>:<n>'. Unreadable or malformed files raise IngestError naming the file."""
    from .ingest.read import read_capped
    from .query import MAX_QUERY_CHARS

    path = Path(path)
    # A name not UTF-8 (bytes from another system) as \xb1\xa8: it goes into the index's UTF-8
    # files as the terms' origin, where it failed the whole import.
    name = os.fsencode(path.name).decode("utf-8", "backslashreplace")
    if os.path.isdir(path):         # (False, not an error, for a path that cannot be read: read_capped says why)
        raise IngestError(f"{path}: is a folder, not a termbase file")
    raw = read_capped(path, MAX_IMPORT_BYTES)     # a regular file only: never a FIFO or /dev/zero
    kind = _kind_of(path, raw)
    if kind == "tbx":
        terms = from_tbx(raw, origin=name, name=name)
    elif kind == "json":
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise IngestError(f"{name}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
        terms = from_json(text, origin=name, name=name)
    else:
        terms = from_csv(_decode_table(raw, name), origin=name, name=name)
    if len(terms) > MAX_IMPORT_TERMS:
        raise IngestError(f"{name}: {len(terms):,} terms; termsearch imports at most {MAX_IMPORT_TERMS:,} "
                          "from one termbase (split it into several files)")
    for number, term in enumerate(terms, 1):
        if len(term.term) > MAX_QUERY_CHARS:    # (a definition or a whole row in the term's column)
            raise IngestError(f"{name}, term {number} ({term.term[:12]}…): {len(term.term):,} characters; a term "
                              f"can be searched only up to {MAX_QUERY_CHARS} (the longest query)")
    return terms


def _decode_table(raw: bytes, name: str) -> str:
    """A CSV's text in whatever encoding it was saved: UTF-8 (with or without Excel's mark),
    UTF-16, or, from Excel on Chinese Windows, GB18030/GBK or Big5 (no mark; the likelier one)."""
    from .ingest.read import decode

    if not raw.strip():
        raise IngestError(f"{name}: the CSV file is empty")
    try:
        return decode(raw, name)[0]
    except IngestError as exc:
        raise IngestError(str(exc).replace("a text report", "a CSV file")) from None


def _kind_of(path: Path, raw: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml", ".tbxm"):
        return "tbx"
    if suffix == ".json":
        return "json"
    if suffix == ".csv":
        return "csv"
    start = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start == b"<":
        return "tbx"
    if start in (b"[", b"{"):
        return "json"
    return "csv"
