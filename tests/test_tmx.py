"""TMX 1.4b in and out: what a CAT tool writes is read, and what termsearch writes opens in
translate-toolkit's TMX reader."""
import pytest

from termsearch import tmx
from termsearch.model import IngestError

CAT_TOOL_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="SDL Language Platform" creationtoolversion="8.0" segtype="sentence"
          o-tmf="SDL TM8 Format" adminlang="en-US" srclang="zh-CN" datatype="xml"/>
  <body>
    <tu creationdate="20240101T000000Z">
      <prop type="x-Context">a</prop>
      <tuv xml:lang="zh-CN"><seg>坚持<bpt i="1">&lt;b&gt;</bpt>“两个确立”<ept i="1">&lt;/b&gt;</ept>。</seg></tuv>
      <tuv xml:lang="en-US"><seg>Uphold the <hi>Two Establishes</hi>.</seg></tuv>
    </tu>
    <tu>
      <tuv lang="EN-GB"><seg>Article 1</seg></tuv>
      <tuv lang="ZH-TW"><seg>第一條</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="fr"><seg>Article 2</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_a_cat_tools_file_is_read_pair_by_pair():
    units = tmx.read_tmx(CAT_TOOL_TMX.encode(), "memory.tmx")
    assert [(u.zh, u.en) for u in units] == [
        ("坚持“两个确立”。", "Uphold the Two Establishes."),     # codes dropped, highlighted text kept
        ("第一條", "Article 1"),                                 # TMX 1.1 `lang`, any case, any order
    ]


@pytest.mark.parametrize("data, message", [
    (b"<tmx version='1.4'><header/></tmx>", "without a <body>"),
    (b"<xliff/>", "not a TMX file"),
    (b"<tmx><body><tu><tuv xml:lang='en'><seg>x</seg></tuv></tu></body></tmx>", "no Chinese segment"),
    (b"<tmx><body>", "not well-formed"),
    (b'<!DOCTYPE tmx [<!ENTITY a "aaaa">]><tmx><body/></tmx>', "entity"),
])
def test_what_is_not_tmx_gets_a_one_line_error(data, message):
    with pytest.raises(IngestError, match=message) as caught:
        tmx.read_tmx(data, "bad.tmx")
    assert "bad.tmx" in str(caught.value) and "\n" not in str(caught.value)


def test_written_tmx_opens_in_translate_toolkit():
    from translate.storage.tmx import tmxfile

    units = [tmx.TranslationUnit("中华人民共和国宪法", "Constitution of the People's Republic of China",
                                 {"x-document": "prc", "x-line": "1"}),
             tmx.TranslationUnit("第一条　<国家> & “人民”", "Article 1 <state> & \"people\"")]
    text = tmx.write_tmx(units, tool_version="1.0")
    store = tmxfile.parsestring(text.encode("utf-8"))
    assert [(u.source, u.target) for u in store.units] == [(u.zh, u.en) for u in units]
    assert store.sourcelanguage == "zh-CN"
    # And termsearch reads back what it wrote, props included.
    again = tmx.read_tmx(text.encode(), "out.tmx")
    assert again == units


def test_written_tmx_follows_the_14b_element_order():
    import xml.etree.ElementTree as ET

    root = ET.fromstring(tmx.write_tmx([tmx.TranslationUnit("一", "one", {"x-line": "3"})]))
    assert root.get("version") == "1.4"
    header = root.find("header")
    for required in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"):
        assert header.get(required), required
    tu = root.find("body/tu")
    assert [child.tag for child in tu] == ["prop", "tuv", "tuv"]
    assert [tuv.get(tmx.XML_LANG) for tuv in tu.findall("tuv")] == ["zh-CN", "en"]
