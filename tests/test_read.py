"""Reading report files: formats, encodings, and bad input with one-line errors."""
import sys
from pathlib import Path

import pytest

from termsearch.ingest.read import read_source
from termsearch.errors import NothingToIndex
from termsearch.model import IngestError

TRADITIONAL = "2023年東莞市寮步鎮政府工作報告\n各位代表：\n現在，我代表鎮人民政府向大會作工作報告，請予審議。\n"
SIMPLIFIED = "2025年安徽省政府工作报告\n各位代表：\n现在，我代表省人民政府向大会作政府工作报告，请予审议。\n"


@pytest.mark.parametrize(
    "text, encode, expected",
    [
        (SIMPLIFIED, lambda t: t.encode("utf-8"), "UTF-8"),
        (SIMPLIFIED, lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "UTF-8 (BOM)"),
        (SIMPLIFIED, lambda t: b"\xff\xfe" + t.encode("utf-16-le"), "UTF-16 LE (BOM)"),
        (SIMPLIFIED, lambda t: b"\xfe\xff" + t.encode("utf-16-be"), "UTF-16 BE (BOM)"),
        (SIMPLIFIED, lambda t: t.encode("gb18030"), "GB18030/GBK"),
        (SIMPLIFIED, lambda t: t.encode("gbk"), "GB18030/GBK"),
        (TRADITIONAL, lambda t: t.encode("big5"), "Big5"),
        (TRADITIONAL, lambda t: t.encode("gb18030"), "GB18030/GBK"),
        # Without the mark (refused as "binary file (contains NUL bytes)"):
        (SIMPLIFIED, lambda t: t.encode("utf-16-le"), "UTF-16 LE (no BOM)"),
        (TRADITIONAL, lambda t: t.encode("utf-16-be"), "UTF-16 BE (no BOM)"),
        ("Report on the Work of the Government\nFellow Deputies,\n", lambda t: t.encode("utf-16-le"),
         "UTF-16 LE (no BOM)"),
    ],
)
def test_each_encoding_is_detected_and_named(tmp_path, text, encode, expected):
    path = tmp_path / "report.txt"
    path.write_bytes(encode(text))
    source = read_source(path)
    assert source.encoding == expected
    assert source.text.strip() == text.strip()


def test_html_keeps_visible_text_one_block_per_line(tmp_path):
    path = tmp_path / "report.html"
    path.write_text(
        "<html><head><title>政府工作报告</title><style>p{color:red}</style></head>"
        "<body><h2>一、工作回顾</h2><p>我们推进&ldquo;双万&rdquo;新起点。</p><script>alert(1)</script>"
        "<p>第二段</p></body></html>", encoding="utf-8")
    lines = read_source(path).text.splitlines()
    assert lines == ["# 政府工作报告", "## 一、工作回顾", "我们推进“双万”新起点。", "第二段"]


def test_markdown_front_matter_is_dropped_but_line_numbers_kept(tmp_path):
    path = tmp_path / "law.md"
    path.write_text("---\ntitle: x\n---\n# 中华人民共和国宪法\n\n## 序言\n", encoding="utf-8")
    lines = read_source(path).text.splitlines()
    assert lines[3] == "# 中华人民共和国宪法"
    assert "title" not in read_source(path).text


def test_markdown_of_front_matter_alone_is_nothing_to_index(tmp_path):
    """A site's section page (Hugo's _index.md) holds front matter and no text: a build skips
    it with a note (NothingToIndex), where an empty file is an error."""
    path = tmp_path / "_index.md"
    path.write_text("---\nbookCollapseSection: true\n---\n\n", encoding="utf-8")
    with pytest.raises(NothingToIndex, match="_index.md: front matter and no text"):
        read_source(path)
    path.write_text("---\ntitle: x\n---\n正文。\n", encoding="utf-8")
    assert read_source(path).text.strip() == "正文。"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("binary.txt", bytes(range(256)) * 40, "binary"),
        ("elf.txt", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 500, "binary"),
        # A program renamed .txt: its NUL bytes are not UTF-16 text without a mark either.
        ("python.txt", Path(sys.executable).resolve().read_bytes()[:20000], "binary"),
        ("report.pdf", b"%PDF-1.4", "unsupported file type"),
    ],
)
def test_bad_files_get_a_one_line_error_naming_the_file(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError) as caught:
        read_source(path)
    assert name in str(caught.value)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_unreadable_file_is_reported(tmp_path):
    with pytest.raises(IngestError, match="cannot read"):
        read_source(tmp_path / "missing.txt")


@pytest.mark.parametrize("text, lines", [
    # a spreadsheet cell stored with its line breaks spelled out
    ("一、回顾\\r\\n过去一年\\r\\n【名词解释】\\r\\n[1]“新三板”：转让系统。", ["一、回顾", "过去一年", "【名词解释】", "[1]“新三板”：转让系统。"]),
    ("一、回顾\\n过去一年\\n谢谢", ["一、回顾", "过去一年", "谢谢"]),
    # a real line break per line: a spelled one is text the report quotes
    ("换行写作\\n。\n第二行\n第三行", ["换行写作\\n。", "第二行", "第三行"]),
    ("路径 C:\\new 一处", ["路径 C:\\new 一处"]),
])
def test_line_breaks_written_as_characters_become_lines(tmp_path, text, lines):
    path = tmp_path / "cell.txt"
    path.write_text(text, "utf-8")
    assert read_source(path).text.splitlines() == lines


@pytest.mark.parametrize("mark", [b"", b"\xef\xbb\xbf"])
def test_a_utf8_report_with_a_few_bytes_lost_keeps_its_text_and_marks_the_loss(tmp_path, mark):
    # A copy cut inside a character, then a byte that is in no UTF-8 text: the rest is the report.
    lines = [f"第{n}条，现在，我代表省人民政府向大会作政府工作报告，请予审议。" for n in range(60)]
    middle = "\n".join(lines[30:]).encode("utf-8")
    path = tmp_path / "report.txt"
    path.write_bytes(mark + "\n".join(lines[:30]).encode("utf-8") + "推".encode("utf-8")[:2] + b"\xff" + middle)
    source = read_source(path)
    assert source.encoding.endswith("2 invalid UTF-8 sequences marked damaged")
    assert source.text.startswith(lines[0]) and source.text.endswith(lines[-1])
    assert source.text.count("\ufffd") == 2 and all(line in source.text for line in lines[:29] + lines[31:])


def test_gbk_with_one_chinese_word_among_latin_text_is_still_read_as_gbk(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(("Annual report " * 300 + "政府工作报告\n").encode("gbk"))
    assert read_source(path).encoding == "GB18030/GBK" and "政府工作报告" in read_source(path).text
