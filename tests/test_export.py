"""Glossary exchange: TBX-Basic (2019 and 2008 martif), CSV and JSON out; TBX, CSV and JSON in.

Exports are also opened with the readers people use: the TBX Core RELAX NG schema and the
TBX-Basic Schematron (tests/tbx/, validated with lxml), translate-toolkit's TBX reader, and
Python's csv over the bytes decoded as Excel decodes them."""
import csv
import dataclasses
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from termsearch import export
from termsearch.english import renderings
from termsearch.analysis import termforms
from termsearch.model import IngestError, Rendering, SourceRef, Term

from conftest import SEED


@pytest.fixture(scope="module")
def seed_terms():
    """The seed's glossary as the index holds it: completed, with the packaged renderings."""
    from termsearch.ingest.pipeline import ingest_file

    document = ingest_file(SEED, "2023-dongguan-liaobu-government-work-report")
    terms = [termforms.complete_term(t) for t in document.glossary]
    return renderings.attach_renderings(terms, renderings.load_renderings(), {document.id: document.region})


def odd_term() -> Term:
    """Every field filled with something awkward."""
    return Term(
        id="report/2024 v2:g07_x", term="學前教育“5080”", traditional="學前教育“5080”",
        simplified="学前教育“5080”", aliases=["5080", "學前教育5080", "A|B?"],
        definition="第一行\n第二行 <b>&amp;</b> ‘引號’", source=SourceRef("report/2024 v2", 61),
        pinyin="xué qián jiào yù", origin="imported:old.tbx",
        english=[Rendering("preschool '50/80' target", "descriptive", "termsearch (descriptive)", "", "Our rendering."),
                 Rendering("50/80 & more", "attested", "Some <site>", "https://example.org/a?b=1&c=2", ""),
                 Rendering("odd url", "attested", "X", "ftp://example.org/x", "confidence: nonsense")],
    )


# ----------------------------------------------------------------------------- a TBX-Basic validator

NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
AUX = {"descrip", "descripGrp", "admin", "adminGrp", "transacGrp", "note", "ref", "xref"}
# Data categories TBX-Basic allows, by element (from the dialect's integrated RELAX NG schema)
TYPES = {
    "admin": {"customerSubset", "projectSubset", "source"},
    "descrip": {"context", "definition", "subjectField"},
    "termNote": {"administrativeStatus", "grammaticalGender", "geographicalUsage", "partOfSpeech",
                 "termLocation", "termType"},
    "ref": {"crossReference"},
    "xref": {"externalCrossReference", "xGraphic"},
    "transac": {"transactionType"},
    "transacNote": {"responsibility"},
}
# ... and the values some of them take (from the dialect's Schematron rules)
VALUES = {
    "administrativeStatus": {"admittedTerm-admn-sts", "deprecatedTerm-admn-sts", "supersededTerm-admn-sts",
                             "preferredTerm-admn-sts"},
    "termType": {"fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"},
    "partOfSpeech": {"adjective", "noun", "other", "verb", "adverb"},
    "grammaticalGender": {"masculine", "feminine", "neuter", "other"},
    "transactionType": {"origination", "modification"},
}
ELEMENTS = {"tbx", "tbxHeader", "fileDesc", "titleStmt", "title", "publicationStmt", "sourceDesc",
            "encodingDesc", "revisionDesc", "change", "p", "text", "body", "back", "conceptEntry", "langSec",
            "termSec", "term", "termNote", "termNoteGrp", "descrip", "descripGrp", "descripNote", "admin",
            "adminGrp", "adminNote", "transacGrp", "transac", "transacNote", "date", "note", "ref", "xref",
            "hi", "foreign", "sc", "ec", "ph", "refObjectSec", "refObject", "itemSet", "itemGrp", "item"}
NCNAME = re.compile(r"^[A-Za-z_][\w.\-]*$")


def tbx_basic_problems(document: str) -> list[str]:
    """What makes `document` not TBX-Basic (DCA style): structure, element names, data
    categories and their values and levels. Empty when it is valid."""
    problems: list[str] = []
    root = ET.fromstring(document)

    def name(element) -> str:
        if not element.tag.startswith("{" + NS + "}"):
            problems.append(f"<{element.tag}> is not in the TBX namespace {NS}")
        return element.tag.rsplit("}", 1)[-1]

    def names(element) -> list[str]:
        return [name(c) for c in element]

    for element in root.iter():
        tag = name(element)
        if tag not in ELEMENTS:
            problems.append(f"unknown element <{tag}>")
        if tag in TYPES:
            kind = element.get("type")
            if kind not in TYPES[tag]:
                problems.append(f"<{tag} type={kind!r}> is not a TBX-Basic data category")
            elif kind in VALUES and (element.text or "") not in VALUES[kind]:
                problems.append(f"{kind} may not be {element.text!r}")
        if tag == "xref" and not re.match(r"https?://.+", element.get("target", "")):
            problems.append("<xref> needs an http(s) target")

    if name(root) != "tbx":
        return problems + [f"the root is <{name(root)}>, not <tbx>"]
    if root.get("type") != "TBX-Basic" or root.get("style") != "dca" or not root.get(XML_LANG):
        problems.append("<tbx> needs type='TBX-Basic', style='dca' and xml:lang")
    if names(root) != ["tbxHeader", "text"]:
        problems.append(f"<tbx> must hold tbxHeader then text, not {names(root)}")
        return problems
    header, text = list(root)
    header_names = names(header)
    if not header_names or header_names[0] != "fileDesc" or not set(header_names[1:]) <= {"encodingDesc", "revisionDesc"}:
        problems.append(f"tbxHeader must start with fileDesc: {header_names}")
    else:
        file_desc = header[0]
        order = names(file_desc)
        sources = [c for c in file_desc if name(c) == "sourceDesc"]
        if not sources or order[-len(sources):] != ["sourceDesc"] * len(sources) or \
                not set(order[:-len(sources)]) <= {"titleStmt", "publicationStmt"}:
            problems.append(f"fileDesc must be titleStmt?, publicationStmt?, sourceDesc+: {order}")
        for source in sources:
            if not source or names(source) != ["p"] * len(source):
                problems.append("sourceDesc must hold one or more <p>")
    if [n for n in names(text) if n != "back"] != ["body"]:
        problems.append(f"<text> must hold body: {names(text)}")
        return problems
    body = text[0]
    entries = list(body)
    if not entries or set(names(body)) != {"conceptEntry"}:
        problems.append("<body> must hold one or more conceptEntry and nothing else")
    ids = set()
    for entry in entries:
        entry_id = entry.get("id", "")
        if not NCNAME.match(entry_id):
            problems.append(f"conceptEntry id {entry_id!r} is missing or not an XML name")
        if entry_id in ids:
            problems.append(f"conceptEntry id {entry_id!r} is not unique")
        ids.add(entry_id)
        problems += _levels(entry, "conceptEntry", "langSec", name)
        lang_secs = [c for c in entry if name(c) == "langSec"]
        for lang_sec in lang_secs:
            if not lang_sec.get(XML_LANG):
                problems.append(f"{entry_id}: a langSec without xml:lang")
            problems += _levels(lang_sec, "langSec", "termSec", name)
            for term_sec in (c for c in lang_sec if name(c) == "termSec"):
                children = names(term_sec)
                if not children or children[0] != "term" or not (term_sec[0].text or "").strip():
                    problems.append(f"{entry_id}: a termSec must start with a non-empty <term>")
                    continue
                rest = children[1:]
                notes = 0
                while notes < len(rest) and rest[notes] in ("termNote", "termNoteGrp"):
                    notes += 1
                if not set(rest[notes:]) <= AUX:
                    problems.append(f"{entry_id}: termSec content out of order: {children}")
                for child in term_sec[1 + notes:]:
                    problems += _where(child, "termSec", name)
    parent = {child: element for element in root.iter() for child in element}
    for element in root.iter():
        tag = name(element)
        if tag == "termNote":
            holder = parent[element]
            if name(holder) == "termNoteGrp":
                holder = parent[holder]
            if name(holder) != "termSec":
                problems.append("termNote is only allowed in a termSec")
        if tag in ("descripGrp", "adminGrp", "transacGrp"):
            first = names(element)[:1]
            wanted = {"descripGrp": "descrip", "adminGrp": "admin", "transacGrp": "transac"}[tag]
            if first != [wanted]:
                problems.append(f"<{tag}> must start with <{wanted}>")
    return problems


def _levels(element, level: str, child_name: str, name) -> list[str]:
    """`element` holds auxiliary data, then one or more `child_name`, and nothing after them."""
    problems = []
    children = [name(c) for c in element]
    first = children.index(child_name) if child_name in children else len(children)
    if first == len(children):
        problems.append(f"a {level} needs at least one {child_name}")
    if not set(children[:first]) <= AUX or set(children[first:]) - {child_name}:
        problems.append(f"{level} content out of order: {children}")
    for child in element[:first]:
        problems += _where(child, level, name)
    return problems


def _where(element, level: str, name) -> list[str]:
    """Data categories that TBX-Basic allows only at some levels."""
    tag, kind = name(element), element.get("type")
    if tag == "descripGrp" and len(element):
        tag, kind = name(element[0]), element[0].get("type")
    allowed = {
        ("descrip", "definition"): {"conceptEntry", "langSec"},
        ("descrip", "subjectField"): {"conceptEntry"},
        ("descrip", "context"): {"termSec"},
        ("admin", "customerSubset"): {"termSec"},
        ("admin", "projectSubset"): {"termSec"},
        ("xref", "externalCrossReference"): {"termSec", "conceptEntry"},
        ("xref", "xGraphic"): {"conceptEntry"},
        ("ref", "crossReference"): {"termSec", "conceptEntry"},
    }.get((tag, kind))
    if allowed is not None and level not in allowed:
        return [f"{kind} is not allowed at the {level} level"]
    return []


def test_the_validator_catches_what_tbx_basic_forbids(seed_terms):
    good = export.to_tbx(seed_terms[:1])
    assert tbx_basic_problems(good) == []
    broken = {
        "unknown element": good.replace("<note>origin", "<remark>origin").replace("</note>\n        <note>headword", "</remark>\n        <note>headword"),
        "termType value": good.replace(">fullForm<", ">mainForm<", 1),
        "data category": good.replace('type="definition"', 'type="explanation"'),
        "id": good.replace('conceptEntry id="', 'conceptEntry idx="'),
        "termSec": re.sub(r"<langSec xml:lang=\"zh-Hans\">.*?</langSec>", '<langSec xml:lang="zh-Hans"><note>x</note></langSec>', good, flags=re.S),
        "namespace": good.replace(f'xmlns="{NS}"', 'xmlns="urn:example"'),
        "dialect": good.replace('type="TBX-Basic"', 'type="TBX-Default"'),
        "level": good.replace('<descrip type="definition">', '<descrip type="context">'),
        "termNote level": good.replace("<note>origin: extracted</note>", '<termNote type="termType">variant</termNote>'),
    }
    for what, document in broken.items():
        assert tbx_basic_problems(document), f"the validator missed a broken {what}"


# ----------------------------------------------------------------------------- TBX out

def test_tbx_export_of_the_seed_is_valid_tbx_basic(seed_terms):
    document = export.to_tbx(seed_terms)
    assert tbx_basic_problems(document) == []
    root = ET.fromstring(document)
    assert root.tag == f"{{{NS}}}tbx"
    entries = root.findall(f".//{{{NS}}}conceptEntry")
    assert len(entries) == 19
    for entry in entries:
        langs = [s.get(XML_LANG) for s in entry.findall(f"{{{NS}}}langSec")]
        assert langs == ["zh-Hant", "zh-Hans", "en"]


def test_tbx_entry_carries_every_field(seed_terms):
    document = export.to_tbx(seed_terms)
    root = ET.fromstring(document)
    entry = root.find(f".//{{{NS}}}conceptEntry[@id='term-2023-dongguan-liaobu-government-work-report_3a_g16']")
    assert entry is not None
    text = ET.tostring(entry, encoding="unicode")
    for expected in ("雪亮工程", "line 65", "origin: extracted", "headword: “雪亮工程”", "pinyin: xuě liàng gōng chéng",
                     "Sharp Eyes project", "confidence: official", "preferredTerm-admn-sts",
                     'target="https://peoplesdaily.pdnews.cn/', "指公共安全視頻監控系統建設聯網應用項目",
                     "public security video surveillance networking project", "confidence: descriptive"):
        assert expected in text, expected
    definition = entry.find(f"{{{NS}}}langSec/{{{NS}}}descrip[@type='definition']")
    assert definition is not None
    assert entry.find(f"{{{NS}}}langSec").get(XML_LANG) == "zh-Hant"        # the definition is Traditional


def test_an_empty_glossary_cannot_be_tbx():
    with pytest.raises(export.ExportError, match="no glossary terms"):
        export.to_tbx([])


def test_awkward_text_survives_and_stays_valid():
    t = odd_term()
    t.definition += "\x0b"                           # not allowed in XML 1.0
    document = export.to_tbx([t])
    assert tbx_basic_problems(document) == []
    back = export.from_tbx(document)[0]
    assert back.definition.endswith("\ufffd")


# ----------------------------------------------------------------------------- round trips

def test_tbx_round_trip_keeps_every_field(seed_terms):
    back = export.from_tbx(export.to_tbx(seed_terms))
    assert back == seed_terms


def test_tbx_round_trip_of_awkward_values():
    assert export.from_tbx(export.to_tbx([odd_term()])) == [odd_term()]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_csv_and_json_round_trips_keep_every_field(seed_terms, fmt):
    text = export.dump_terms(seed_terms, fmt)
    back = {"csv": export.from_csv, "json": export.from_json}[fmt](text)
    assert back == seed_terms
    assert {"csv": export.from_csv, "json": export.from_json}[fmt](export.dump_terms([odd_term()], fmt)) == [odd_term()]


def test_csv_has_one_row_per_rendering(seed_terms):
    text = export.to_csv(seed_terms).removeprefix(export.UTF8_BOM)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == list(export.CSV_COLUMNS)
    assert len(rows) == 1 + sum(len(t.english) for t in seed_terms)


def test_json_has_the_api_shape(seed_terms):
    data = json.loads(export.to_json(seed_terms))
    assert data["format"] == "termsearch-glossary" and len(data["terms"]) == 19
    assert export.from_json(json.dumps(data["terms"], ensure_ascii=False)) == seed_terms     # a bare list too


@pytest.mark.parametrize("fmt, suffix", [("tbx", ".tbx"), ("csv", ".csv"), ("json", ".json"), ("tbx", ".txt")])
def test_importing_a_file_marks_origin_and_gives_ids_that_cannot_collide(tmp_path, seed_terms, fmt, suffix):
    path = tmp_path / f"Seed Terms{suffix}"
    path.write_text(export.dump_terms(seed_terms, fmt), encoding="utf-8")
    imported = export.read_terms(path)
    assert len(imported) == 19
    assert {t.origin for t in imported} == {f"imported:Seed Terms{suffix}"}
    assert [t.id for t in imported] == [f"imported-seed-terms:{n}" for n in range(1, 20)]
    assert not {t.id for t in imported} & {t.id for t in seed_terms}
    for original, new in zip(seed_terms, imported):
        assert dataclasses.replace(new, id=original.id, origin=original.origin) == original


# ----------------------------------------------------------------------------- foreign files in

MARTIF = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en-US">
  <martifHeader>
    <fileDesc><sourceDesc><p>A termbase from a CAT tool</p></sourceDesc></fileDesc>
  </martifHeader>
  <text>
    <body>
      <termEntry id="e1">
        <descrip type="definition">指以創新、協調、綠色、開放、共享的新發展理念為引領,
          推動形成綠色發展方式和生活方式。</descrip>
        <langSet xml:lang="zh-TW">
          <ntig>
            <termGrp>
              <term>無廢城市</term>
              <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
            </termGrp>
          </ntig>
          <ntig><termGrp><term>無廢</term></termGrp></ntig>
        </langSet>
        <langSet xml:lang="zh-CN">
          <tig><term>无废城市</term></tig>
        </langSet>
        <langSet xml:lang="en-US">
          <tig>
            <term>zero-waste
              city</term>
            <termNote type="partOfSpeech">noun</termNote>
            <admin type="source">CGTN</admin>
            <note>Used since 2019.</note>
          </tig>
        </langSet>
        <langSet xml:lang="fr"><tig><term>ville zéro déchet</term></tig></langSet>
      </termEntry>
      <termEntry id="e2">
        <langSet xml:lang="en"><tig><term>no Chinese here</term></tig></langSet>
      </termEntry>
      <termEntry id="e3">
        <langSet xml:lang="zh"><tig><term>幼儿园</term></tig></langSet>
      </termEntry>
    </body>
  </text>
</martif>
"""


def test_an_older_martif_file_is_read():
    terms = export.from_tbx(MARTIF, origin="cat-tool.tbx", name="cat-tool.tbx")
    assert len(terms) == 2                                # e2 has no Chinese term
    city, kindergarten = terms
    assert city.term == "無廢城市" and city.traditional == "無廢城市" and city.simplified == "无废城市"
    assert city.aliases == ["無廢"]
    assert city.definition.startswith("指以創新") and "\n" not in city.definition
    assert city.pinyin == "wú fèi chéng shì"
    assert city.english == [Rendering("zero-waste city", "attested", "CGTN", "", "Used since 2019.")]
    assert city.origin == "imported:cat-tool.tbx" and city.id == "imported-cat-tool:1"
    assert city.source == SourceRef("cat-tool.tbx", 0)
    assert kindergarten.simplified == "幼儿园" and kindergarten.traditional == "幼兒園"
    assert kindergarten.english == []


def test_a_tbx_2019_file_from_elsewhere_is_read():
    document = f"""<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="{NS}">
      <tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
      <text><body><conceptEntry id="c1">
        <langSec xml:lang="zh-Hans">
          <descripGrp><descrip type="definition">指公共安全视频监控建设联网应用。</descrip>
            <admin type="source">Ministry</admin></descripGrp>
          <termSec><term>雪亮工程</term></termSec>
        </langSec>
        <langSec xml:lang="en-GB">
          <termSec><term>Sharp <hi type="italics">Eyes</hi></term>
            <xref type="externalCrossReference" target="https://example.org/sharp">page</xref></termSec>
        </langSec>
      </conceptEntry></body></text></tbx>"""
    [t] = export.from_tbx(document)
    assert t.simplified == "雪亮工程" and t.traditional == "雪亮工程"
    assert t.definition == "指公共安全视频监控建设联网应用。"
    assert t.english == [Rendering("Sharp Eyes", "attested", "imported from TBX", "https://example.org/sharp", "")]
    assert t.origin == "imported" and t.id == "c1"


def test_a_minimal_csv_is_completed(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("term,english\n“雙萬”,Double Ten-Thousand\n“雙萬”,Two Tens of Thousands\n瞪羚企業,\n", encoding="utf-8")
    double, gazelle = export.read_terms(path)
    assert double.simplified == "“双万”" and double.pinyin == "shuāng wàn"
    assert [r.text for r in double.english] == ["Double Ten-Thousand", "Two Tens of Thousands"]
    assert double.english[0].confidence == "attested" and double.english[0].source == "imported from mine.csv"
    assert double.source == SourceRef("mine.csv", 2)
    assert gazelle.english == [] and gazelle.id == "imported-mine:2"


def test_spaces_around_an_imported_rendering_are_no_part_of_it(tmp_path):
    # A spreadsheet cell "  Double Ten-Thousand " showed as "EN:   Double Ten-Thousand  ".
    csv_file, json_file = tmp_path / "mine.csv", tmp_path / "mine.json"
    csv_file.write_text("term,english\n 雙萬 ,  Double Ten-Thousand \n", encoding="utf-8")
    json_file.write_text(json.dumps([{"term": "雙萬", "english": ["  Double Ten-Thousand "]}]), encoding="utf-8")
    for path in (csv_file, json_file):
        (term,) = export.read_terms(path)
        assert [r.text for r in term.english] == ["Double Ten-Thousand"], path.name


@pytest.mark.parametrize("name, content, message", [
    ("a.tbx", "<tbx><text>", "line 1, column 11: not well-formed XML"),
    ("a.tbx", "<glossary><entry/></glossary>", "not a TBX file (the root element is <glossary>"),
    ("a.tbx", f'<tbx xmlns="{NS}"><text><body/></text></tbx>', "has no entries"),
    ("a.tbx", '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
              "<martif><text><body><termEntry><langSet xml:lang='zh'><tig><term>&lol2;</term></tig></langSet>"
              "</termEntry></body></text></martif>", "not accepted (for safety)"),
    ("a.tbx", MARTIF.replace('"zh-TW"', '"de"').replace('"zh-CN"', '"nl"').replace('xml:lang="zh"', 'xml:lang="es"'),
     "none of its 3 entries has a Chinese term"),
    ("a.csv", "", "the CSV file is empty"),
    ("a.csv", "name,english\n双万,x\n", "line 1: no 'term' column"),
    ("a.csv", "term,english,english_confidence\n双万,x,sure\n", "line 2: english_confidence 'sure'"),
    ("a.csv", "term,line\n双万,fifty\n", "line 2: the line column holds 'fifty'"),
    ("a.csv", "term,line\n双万,²\n", "line 2: the line column holds '²'"),       # a digit int() refuses
    ("a.csv", "term,english\n双万,x,y\n", "line 2: 3 fields where the header has 2"),
    ("a.csv", "term,english\n", "a header but no terms"),
    ("a.json", "{\"terms\": [", "line 1, column 12: not valid JSON"),
    ("a.json", "{\"terms\": []}", "holds no terms"),
    ("a.json", "{\"glossary\": 1}", "expected a list of terms"),
    ("a.json", "[{\"definition\": \"x\"}]", "term 1: no \"term\""),
    ("a.json", "[{\"term\": \"双万\", \"english\": [{\"text\": \"x\", \"confidence\": \"official-ish\"}]}]",
     "term 1, rendering 1: confidence 'official-ish'"),
    ("a.json", "[{\"term\": \"双万\", \"aliases\": \"雙萬\"}]", "\"aliases\" must be a list"),
    ("a.json", "[{\"term\": \"双万\", \"source\": {\"document\": \"d\", \"line\": \"5\"}}]", "source line must be a whole number"),
])
def test_malformed_files_are_one_clear_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(IngestError) as error:
        export.read_terms(path)
    assert message in str(error.value)
    assert name in str(error.value)


def test_unreadable_files_are_clear_errors(tmp_path):
    with pytest.raises(IngestError, match="cannot read"):
        export.read_terms(tmp_path / "missing.tbx")
    with pytest.raises(IngestError, match="is a folder"):
        export.read_terms(tmp_path)
    path = tmp_path / "binary.csv"
    path.write_bytes(b"term\n\x00\x01\x02\x00" * 50)
    with pytest.raises(IngestError, match="binary.csv: binary file .* not a CSV file"):
        export.read_terms(path)


def test_utf16_tbx_is_read(tmp_path, seed_terms):
    path = tmp_path / "wide.tbx"
    path.write_bytes(export.to_tbx(seed_terms[:2]).replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))
    assert [t.simplified for t in export.read_terms(path)] == [t.simplified for t in seed_terms[:2]]


def test_unknown_format_is_an_export_error(seed_terms):
    with pytest.raises(export.ExportError, match="choose one of tbx, martif, csv, json"):
        export.dump_terms(seed_terms, "xlsx")


@pytest.mark.parametrize("term_id", ["seed:g01", "a_b", "路径/文件:g2", "x y", "term-x"])
def test_concept_ids_are_xml_names_and_reversible(term_id):
    concept = export.concept_id(term_id)
    assert NCNAME.match(concept)
    assert export.term_id_from_concept(concept) == term_id


# ----------------------------------------------------------------------------- real readers

TBX_SCHEMAS = Path(__file__).resolve().parent / "tbx"


@pytest.fixture(scope="module")
def tbx_core_rng():
    from lxml import etree

    return etree.RelaxNG(etree.parse(str(TBX_SCHEMAS / "TBXcoreStructV03.rng")))


# The dialect's Schematron is written for XSLT 2 (queryBinding="xslt2"); lxml runs XSLT 1. These
# rewrites say the same in XPath 1, and each must still find its text in the vendored file.
SCHEMATRON_XPATH1 = [
    ('queryBinding="xslt2"', 'queryBinding="xslt"'),
    ("matches(@target,'https?://.+')", "(starts-with(@target,'http://') or starts-with(@target,'https://'))"),
]


@pytest.fixture(scope="module")
def tbx_basic_schematron():
    from lxml import etree, isoschematron

    text = (TBX_SCHEMAS / "TBX-Basic_DCA.sch").read_text(encoding="utf-8")
    for xpath2, xpath1 in SCHEMATRON_XPATH1:
        assert xpath2 in text, xpath2
        text = text.replace(xpath2, xpath1)
    # XPath 2's "step/(a or b)" is XPath 1's "step[a or b]".
    text, count = re.subn(r"/\((parent::[^()]*)\)", r"[\1]", text)
    assert count == 4
    return isoschematron.Schematron(etree.fromstring(text.encode("utf-8")), store_report=True)


def schema_problems(document: str, rng, schematron) -> list[str]:
    from lxml import etree

    tree = etree.fromstring(document.encode("utf-8"))
    problems = [] if rng.validate(tree) else [f"RELAX NG: {e.message} (line {e.line})" for e in rng.error_log]
    if not schematron.validate(tree):
        report = schematron.validation_report
        ns = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
        problems += [f"Schematron: {' '.join(f.xpath('string(svrl:text)', namespaces=ns).split())} at {f.get('location')}"
                     for f in report.xpath("//svrl:failed-assert", namespaces=ns)]
    return problems


def test_the_tbx_names_the_schemas_the_dialect_names_and_validates_against_both(
        seed_terms, tbx_core_rng, tbx_basic_schematron):
    document = export.to_tbx(seed_terms + [odd_term()])
    models = re.findall(r'<\?xml-model href="([^"]+)"', document)
    assert [m.rsplit("/", 1)[1] for m in models] == ["TBXcoreStructV03.rng", "TBX-Basic_DCA.sch"]
    assert models[0].startswith("https://raw.githubusercontent.com/LTAC-Global/TBX_Core_RNG/")
    assert models[1].startswith("https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/")
    assert schema_problems(document, tbx_core_rng, tbx_basic_schematron) == []


def test_the_schemas_catch_what_they_should(seed_terms, tbx_core_rng, tbx_basic_schematron):
    good = export.to_tbx(seed_terms[:2])
    broken = {
        "structure": good.replace("<sourceDesc>", "<sourceDesc><title>x</title>"),
        "termType value": good.replace(">fullForm<", ">mainForm<", 1),
        "dialect": good.replace('type="TBX-Basic"', 'type="TBX-Default"'),
        "definition level": good.replace("<term>雙萬</term>", '<term>雙萬</term><descrip type="definition">x</descrip>', 1),
    }
    for what, document in broken.items():
        assert schema_problems(document, tbx_core_rng, tbx_basic_schematron), f"the schemas missed a broken {what}"


def test_no_concept_lists_a_term_twice_in_one_language(seed_terms):
    for document in (export.to_tbx(seed_terms + [odd_term()]), export.to_martif(seed_terms + [odd_term()])):
        root = ET.fromstring(document)
        for element in root.iter():
            if element.tag.rsplit("}", 1)[-1] in ("langSec", "langSet"):
                terms = [t.text for t in element.iter() if t.tag.rsplit("}", 1)[-1] == "term"]
                assert len(terms) == len(set(terms)), terms
    # ... and every alias is still a term of its concept.
    for term, entry in zip(seed_terms, ET.fromstring(export.to_tbx(seed_terms)).iter(f"{{{NS}}}conceptEntry")):
        assert set(term.aliases) <= {t.text for t in entry.iter(f"{{{NS}}}term")}, term.term


def test_translate_toolkit_reads_the_martif_export(seed_terms):
    from translate.storage import tbx

    document = export.to_martif(seed_terms)
    store = tbx.tbxfile.parsestring(document.encode("utf-8"), sourcelanguage="zh-Hans", targetlanguage="en")
    assert len(store.units) == len(seed_terms) == 19
    for term, unit in zip(seed_terms, store.units):
        assert unit.source == termforms.unquoted(term.simplified)
        assert [t.text for t in unit.get_target_terms()] == list(dict.fromkeys(r.text for r in term.english))
        assert unit.getnotes("definition") == term.definition
    # Read the other way round (Traditional source), and back into termsearch unchanged.
    store = tbx.tbxfile.parsestring(document.encode("utf-8"), sourcelanguage="zh-Hant", targetlanguage="zh-Hans")
    assert [u.source for u in store.units] == [termforms.unquoted(t.traditional) for t in seed_terms]
    assert export.from_tbx(document) == seed_terms


def martif_problems(document: str) -> list[str]:
    """What the TBX-Basic 2008 RELAX NG (tests/tbx/TBXBasicRNGV02.rng) and the rules embedded in
    it (old-style Schematron, run here as the XPath 1 they are) find wrong with a <martif> file."""
    from lxml import etree

    schema = etree.parse(str(TBX_SCHEMAS / "TBXBasicRNGV02.rng"))
    rng = etree.RelaxNG(schema)
    root = etree.fromstring(document.encode("utf-8"))
    problems = [] if rng.validate(root) else [str(e) for e in rng.error_log]
    sch = "{http://www.ascc.net/xml/schematron}"
    for rule in schema.iter(sch + "rule"):
        for check in rule.iter(sch + "assert"):
            problems += [f"{rule.get('context')}: {' '.join(check.text.split())}"
                         for node in root.xpath("//" + rule.get("context"))
                         if not node.xpath(f"boolean({check.get('test')})")]
    return problems


def test_martif_export_is_valid_tbx_basic_2008(seed_terms):
    assert martif_problems(export.to_martif(seed_terms + [odd_term()])) == []
    # The validator sees what TBX-Basic forbids (a check that cannot fail proves nothing).
    good = export.to_martif(seed_terms)
    assert martif_problems(good.replace('type="termType">fullForm<', 'type="termType">headword<', 1))
    assert martif_problems(good.replace("<term>雙萬</term>", "", 1))


def test_translate_toolkit_cannot_read_tbx_2019_which_is_why_martif_exists(seed_terms):
    from translate.storage import tbx

    with pytest.raises(AssertionError):          # its reader asserts the root is <martif>
        tbx.tbxfile.parsestring(export.to_tbx(seed_terms).encode("utf-8"), sourcelanguage="zh-Hans")


def test_csv_opens_in_excel_as_utf8(seed_terms):
    data = export.to_csv(seed_terms).encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")          # the mark Excel reads as "this is UTF-8"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][0] == "id" and rows[0] == list(export.CSV_COLUMNS)
    assert rows[1][1] == "“雙萬”" and rows[1][3] == "“双万”"


TRADITIONAL_CSV = "term,definition,english\r\n“無廢城市”,指以新發展理念為引領的城市發展模式。,zero-waste city\r\n"
SIMPLIFIED_CSV = "term,definition,english\r\n“无废城市”,指以新发展理念为引领的城市发展模式。,zero-waste city\r\n"


@pytest.mark.parametrize("encoding, text", [
    ("gb18030", SIMPLIFIED_CSV), ("gbk", SIMPLIFIED_CSV),       # Excel on Simplified Chinese Windows
    ("big5", TRADITIONAL_CSV),                                  # ... on Traditional Chinese Windows
    ("utf-16", TRADITIONAL_CSV), ("utf-8", SIMPLIFIED_CSV), ("utf-8-sig", TRADITIONAL_CSV),
])
def test_csv_saved_by_excel_in_a_chinese_code_page_is_imported(tmp_path, encoding, text):
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode(encoding))
    [term] = export.read_terms(path)
    assert term.simplified == "“无废城市”"
    assert term.definition.startswith("指以新") and term.definition.endswith("模式。")
    assert [r.text for r in term.english] == ["zero-waste city"]



@pytest.mark.parametrize("separator, encoding, name", [
    ("\t", "utf-16", "excel.txt"),         # Excel's "Unicode Text"
    ("\t", "utf-8", "terms.tsv"), (";", "utf-8-sig", "excel.csv"),    # Excel where the decimal mark is a comma
])
def test_a_table_separated_by_tabs_or_semicolons_is_read_by_its_header(tmp_path, separator, encoding, name):
    path = tmp_path / name
    path.write_bytes(SIMPLIFIED_CSV.replace(",", separator).encode(encoding))
    [term] = export.read_terms(path)
    assert term.simplified == "“无废城市”" and [r.text for r in term.english] == ["zero-waste city"]


def test_a_quote_never_closed_is_an_error_naming_its_line_not_the_rest_of_the_file_as_one_cell(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text('term,english\n雙萬,"Double Ten-Thousand\n瞪羚企業,gazelle company\n無廢城市,zero-waste city\n',
                    encoding="utf-8")
    with pytest.raises(IngestError, match=r"mine.csv, line 2: a quoted cell starting on this line is never closed"):
        export.read_terms(path)


# ---- /api/terms?format= gives the same files as the CLI, read by the same readers

@pytest.fixture(scope="module")
def cli_and_api_files(seed_index):
    from click.testing import CliRunner

    from termsearch.app import create_app
    from termsearch.cli import main

    client = create_app(seed_index).test_client()
    out = {}
    for fmt in ("tbx", "martif", "csv"):
        cli = CliRunner().invoke(main, ["terms", "--format", fmt, "--index", str(seed_index)])
        assert cli.exit_code == 0, cli.output
        out[fmt] = (cli.stdout_bytes, client.get(f"/api/terms?format={fmt}"))
    return out


@pytest.mark.parametrize("fmt", ["tbx", "martif", "csv"])
def test_the_api_exports_the_glossary_as_the_cli_does(cli_and_api_files, fmt):
    cli, response = cli_and_api_files[fmt]
    assert response.status_code == 200 and response.data == cli
    assert "attachment" in response.headers["Content-Disposition"]


def test_the_api_s_tbx_files_open_in_the_readers_the_cli_s_do(cli_and_api_files, tbx_core_rng, tbx_basic_schematron):
    from translate.storage import tbx

    document = cli_and_api_files["tbx"][1].data.decode("utf-8")
    assert schema_problems(document, tbx_core_rng, tbx_basic_schematron) == []
    martif = cli_and_api_files["martif"][1].data.decode("utf-8")
    assert martif_problems(martif) == []
    store = tbx.tbxfile.parsestring(martif.encode("utf-8"), sourcelanguage="zh-Hans", targetlanguage="en")
    assert len(store.units) == len(export.from_tbx(document)) > 0
    rows = list(csv.reader(io.StringIO(cli_and_api_files["csv"][1].data.decode("utf-8-sig"), newline="")))
    assert len(rows) > len(store.units)          # a header and a row per rendering


@pytest.mark.parametrize("fmt", ["xml", "TBX", "tmx"])
def test_an_unknown_glossary_format_is_a_json_400(seed_client, fmt):
    response = seed_client.get(f"/api/terms?format={fmt}")
    assert response.status_code == 400
    assert "format must be one of json, tbx, martif, csv" in response.get_json()["error"]["message"]


def test_an_index_without_a_glossary_exports_nothing_with_a_404(tmp_path):
    from termsearch import build
    from termsearch.app import create_app

    report = tmp_path / "plain.txt"
    report.write_text("某市政府工作报告\n一、工作回顾\n经济运行稳中向好。\n", encoding="utf-8")
    build([report], tmp_path / "ix")
    response = create_app(tmp_path / "ix").test_client().get("/api/terms?format=tbx")
    assert response.status_code == 404 and "no glossary terms" in response.get_json()["error"]["message"]


def test_the_glossary_page_links_the_downloads(seed_client):
    page = seed_client.get("/glossary").get_data(as_text=True)
    for fmt in ("tbx", "martif", "csv"):
        assert f'href="/api/terms?format={fmt}" download' in page


def test_a_termbase_with_a_byte_that_is_not_utf8_is_refused_not_imported_with_a_lost_character(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_bytes("term,english\n雙萬".encode("utf-8") + b"\xff,Double Ten-Thousand\n")
    with pytest.raises(IngestError, match="mine.csv: not text in a known encoding"):
        export.read_terms(path)


@pytest.mark.parametrize("name, content", [
    ("long.csv", "term,english\n雙萬,Double\n" + "雙" * 600 + ",x\n"),
    ("long.json", json.dumps([{"term": "雙萬"}, {"term": "雙" * 600}], ensure_ascii=False))])
def test_a_term_longer_than_any_query_is_refused_naming_it(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(IngestError, match=rf"{name}, term 2 \(雙+…\): 600 characters; a term can be searched only up to 512"):
        export.read_terms(path)
