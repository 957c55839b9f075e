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


# ----------------------------------------------------------------------------- real readers

from pathlib import Path  # noqa: E402

TMX_DTD = Path(__file__).resolve().parent / "tmx" / "tmx14.dtd"


def validate_against_the_dtd(text: str) -> None:
    from lxml import etree

    dtd = etree.DTD(str(TMX_DTD))
    root = etree.fromstring(text.encode("utf-8"))    # fails on what is not XML at all
    assert dtd.validate(root), dtd.error_log.filter_from_errors()


def test_written_tmx_validates_against_the_tmx_14b_dtd():
    units = [tmx.TranslationUnit("第一条　中华人民共和国", "Article 1 The People's Republic of China",
                                 {"x-document": "prc", "x-line": "7", "x-segment": "sentence"}),
             tmx.TranslationUnit("“两个确立” <b> & ]]>", "the Two Establishments <b> & ]]>")]
    validate_against_the_dtd(tmx.write_tmx(units, tool_version="1.0"))


def test_control_characters_of_a_source_do_not_break_the_file():
    # A form feed or vertical tab from a converted document is not allowed anywhere in XML 1.0:
    # written as is, no reader could open the file. It is dropped, and the words are kept.
    units = [tmx.TranslationUnit("第一条\x0c国家\x0b", "Article 1\x0c the state\x01", {"x-note": "a\x02b"})]
    text = tmx.write_tmx(units)
    validate_against_the_dtd(text)
    assert [(u.zh, u.en) for u in tmx.read_tmx(text.encode(), "out.tmx")] == [("第一条国家", "Article 1 the state")]


def test_tmx_written_by_translate_toolkit_is_read_with_the_same_pairs():
    from translate.storage.tmx import tmxfile

    store = tmxfile(sourcelanguage="zh-CN", targetlanguage="en")
    pairs = [("坚持“两个确立”", "Uphold the Two Establishments"), ("第一条 <国家> & 人民", "Article 1 <state> & people")]
    for zh, en in pairs:
        store.addsourceunit(zh).target = en
    assert [(u.zh, u.en) for u in tmx.read_tmx(bytes(store), "tt.tmx")] == pairs


@pytest.mark.parametrize("zh_lang, en_lang", [
    ("zh-CN", "en-US"), ("ZH-HANS", "EN-GB"), ("zh_CN", "en_US"), ("zh-Hant-TW", "en"),
    ("ZH-CHS", "EN"), ("cmn-Hans", "eng"),
])
def test_language_variants_cat_tools_write_are_chinese_and_english(zh_lang, en_lang):
    data = (f'<tmx version="1.4"><header srclang="{en_lang}"/><body><tu>'
            f'<tuv xml:lang="{en_lang}"><seg>Rural revitalization</seg></tuv>'
            f'<tuv xml:lang="{zh_lang}"><seg>乡村振兴</seg></tuv></tu></body></tmx>').encode()
    assert [(u.zh, u.en) for u in tmx.read_tmx(data, "v.tmx")] == [("乡村振兴", "Rural revitalization")]


INLINE_CODES = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x"
 adminlang="en" srclang="zh-CN" datatype="html"/><body>
<tu><tuv xml:lang="zh-CN"><seg>实施<bpt i="1" x="1">&lt;a href="x"&gt;</bpt>乡村振兴<ept i="1">&lt;/a&gt;</ept>战略<ph x="2">&lt;br/&gt;</ph></seg></tuv>
<tuv xml:lang="en-US"><seg>Implement the <bpt i="1" x="1">&lt;a href="x"&gt;</bpt>rural revitalization<ept i="1">&lt;/a&gt;</ept> strategy<ph x="2">&lt;br/&gt;</ph></seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg><it pos="begin">&lt;i&gt;</it>新质生产力<ut>{\\b}</ut></seg></tuv>
<tuv xml:lang="en-US"><seg><it pos="begin">&lt;i&gt;</it>new quality productive forces<ph>&lt;img alt="<sub>picture</sub>"/&gt;</ph></seg></tuv></tu>
</body></tmx>
"""


def test_inline_codes_are_dropped_and_the_words_kept():
    units = tmx.read_tmx(INLINE_CODES.encode(), "codes.tmx")
    assert [(u.zh, u.en) for u in units] == [
        ("实施乡村振兴战略", "Implement the rural revitalization strategy"),
        ("新质生产力", "new quality productive forces"),
    ]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "gb18030", "big5"])
def test_a_tmx_file_in_the_encodings_windows_tools_write_is_read(encoding):
    declared = {"utf-8-sig": "UTF-8", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16"}.get(encoding, encoding.upper())
    text = (f'<?xml version="1.0" encoding="{declared}"?>\n<tmx version="1.4"><header/><body><tu>'
            '<tuv xml:lang="zh-TW"><seg>鄉村振興</seg></tuv><tuv xml:lang="en"><seg>rural revitalization</seg></tuv>'
            '</tu></body></tmx>')
    data = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):     # with a byte-order mark, as Windows writes
        data = ("\ufeff").encode(encoding) + data
    assert [(u.zh, u.en) for u in tmx.read_tmx(data, "w.tmx")] == [("鄉村振興", "rural revitalization")]


def test_a_byte_order_mark_wins_over_a_wrong_declaration():
    # Some exporters write UTF-16 with a BOM and keep a template's encoding="UTF-8".
    text = ('<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header/><body><tu>'
            '<tuv xml:lang="zh-CN"><seg>双碳</seg></tuv><tuv xml:lang="en"><seg>dual carbon</seg></tuv></tu></body></tmx>')
    assert [(u.zh, u.en) for u in tmx.read_tmx(text.encode("utf-16"), "bom.tmx")] == [("双碳", "dual carbon")]


@pytest.mark.parametrize("data, message", [
    (b'<?xml version="1.0" encoding="nonsense-8"?><tmx/>', "encoding termsearch does not know"),
    ('<?xml version="1.0" encoding="UTF-8"?><tmx><body>中</body></tmx>'.encode("gb18030"), "not valid UTF-8"),
    (b"", "not well-formed"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "not"),
])
def test_undecodable_tmx_gets_a_one_line_error(data, message):
    with pytest.raises(IngestError, match=message) as caught:
        tmx.read_tmx(data, "bad.tmx")
    assert "bad.tmx" in str(caught.value) and "\n" not in str(caught.value)
