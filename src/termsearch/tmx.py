"""TMX 1.4b, the translation-memory exchange format CAT tools write: Chinese–English pairs in
and out."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Iterable

from .model import IngestError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Inline markup that carries the source format's codes, not text (TMX 1.4b §3.7).
_CODES = {"bpt", "ept", "it", "ph", "ut"}
# What XML 1.0 cannot hold at all (control characters but tab and line breaks, lone surrogates,
# U+FFFE/U+FFFF): a source's stray form feed must not make the whole file unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


@dataclass
class TranslationUnit:
    """One pair: the Chinese and English segments of a <tu>, with its <prop>s."""

    zh: str
    en: str
    props: dict[str, str] = field(default_factory=dict)


def is_chinese(lang: str) -> bool:
    return lang.lower().split("-")[0].split("_")[0] in ("zh", "zho", "chi", "cmn")


def is_english(lang: str) -> bool:
    return lang.lower().split("-")[0].split("_")[0] in ("en", "eng")


def _lang_of(element: ET.Element) -> str:
    # TMX 1.1 wrote the language as `lang`; 1.4 as `xml:lang`.
    return element.get(XML_LANG) or element.get("lang") or ""


def segment_text(seg: ET.Element) -> str:
    """A <seg>'s text, its inline codes left out and highlighted runs (<hi>, <sub>) kept."""
    parts = [seg.text or ""]
    for child in seg:
        if child.tag not in _CODES:
            parts.append(segment_text(child))
        parts.append(child.tail or "")
    return "".join(parts).strip()


def read_tmx(data: bytes, name: str) -> list[TranslationUnit]:
    """The Chinese–English units of a TMX file, in order; IngestError naming the file when it is
    not TMX, unsafe XML, or holds no Chinese–English unit."""
    from .export import parse_xml_safely
    root = parse_xml_safely(data, name)
    if root.tag != "tmx":
        raise IngestError(f"{name}: not a TMX file (the root element is <{root.tag}>, not <tmx>)")
    body = root.find("body")
    if body is None:
        raise IngestError(f"{name}: a TMX file without a <body>")
    units = []
    for tu in body.iter("tu"):
        sides: dict[str, str] = {}
        for tuv in tu.findall("tuv"):
            lang, seg = _lang_of(tuv), tuv.find("seg")
            if seg is None:
                continue
            side = "zh" if is_chinese(lang) else "en" if is_english(lang) else ""
            if side and side not in sides:
                sides[side] = segment_text(seg)
        if sides.get("zh") or sides.get("en"):
            props = {p.get("type", ""): (p.text or "") for p in tu.findall("prop")}
            units.append(TranslationUnit(sides.get("zh", ""), sides.get("en", ""), props))
    if not any(u.zh for u in units):
        raise IngestError(f"{name}: no Chinese segment (a <tuv xml:lang=\"zh-CN\"> or other zh) in the TMX file")
    return units


def write_tmx(units: Iterable[TranslationUnit], *, srclang: str = "zh-CN", tgtlang: str = "en",
              tool_version: str = "") -> str:
    """A TMX 1.4b document of `units` (segtype paragraph), as text; it validates against the
    TMX 1.4b DTD (tests/tmx/tmx14.dtd)."""
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(root, "header", {
        "creationtool": "termsearch", "creationtoolversion": tool_version or "0",
        "segtype": "paragraph", "o-tmf": "termsearch", "adminlang": "en",
        "srclang": srclang, "datatype": "plaintext",
    })
    body = ET.SubElement(root, "body")
    for number, unit in enumerate(units, start=1):
        tu = ET.SubElement(body, "tu", tuid=str(number))
        for kind, value in unit.props.items():      # <prop>s come before the <tuv>s (the DTD's order)
            ET.SubElement(tu, "prop", type=xml_safe(kind)).text = xml_safe(str(value))
        for lang, text in ((srclang, unit.zh), (tgtlang, unit.en)):
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: lang})
            ET.SubElement(tuv, "seg").text = xml_safe(text)
    ET.indent(root, space="  ")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
            + ET.tostring(root, encoding="unicode") + "\n")
