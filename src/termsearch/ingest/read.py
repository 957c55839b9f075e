"""Bytes to text: which format a file is in and which encoding it was written in."""
from __future__ import annotations

import html
import os
import re
import stat
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..analysis.chars import HAN_CHAR
from ..errors import NothingToIndex
from ..model import IngestError

FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}

# A file bigger than this is refused rather than read whole into memory; the largest real
# report or law in the corpus is under 1 MB.
MAX_FILE_BYTES = 16 * 1024 * 1024

_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8 (BOM)"),
    (b"\xff\xfe", "utf-16-le", "UTF-16 LE (BOM)"),
    (b"\xfe\xff", "utf-16-be", "UTF-16 BE (BOM)"),
]


@dataclass
class SourceText:
    path: Path
    format: str
    encoding: str       # human-readable name, said in the ingest report
    text: str


# Translation memories: Chinese with its English, read by parallel.py rather than as one text.
TRANSLATION_MEMORIES = (".tmx",)


def supported(path: Path) -> bool:
    return path.suffix.lower() in FORMATS or path.suffix.lower() in TRANSLATION_MEMORIES


def read_source(path: Path) -> SourceText:
    """Read one report file; raise IngestError with a one-line reason naming the file."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise IngestError(f"{path}: unsupported file type {path.suffix or '(none)'} (use .txt, .md or .html; a .tmx file is read as a translation memory)")
    data = read_capped(path, MAX_FILE_BYTES)
    text, encoding = decode(data, path, mostly_utf8=True)
    text = split_literal_line_breaks(text)
    if fmt == "html":
        text = html_to_text(text)
    elif fmt == "md":
        stripped = strip_front_matter(text)
        if stripped != text and not stripped.strip():
            raise NothingToIndex(f"{path}: front matter and no text (a site's section page)")
        text = stripped
    return SourceText(path=path, format=fmt, encoding=encoding, text=text)


def read_capped(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; IngestError otherwise.

    The size is checked on what is read, not on what stat says (a device such as /dev/zero
    says 0), and the file is opened without blocking so a FIFO cannot hang the build.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror or exc})") from None
    with open(fd, "rb", closefd=True) as handle:
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise IngestError(f"{path}: not a regular file (a device, FIFO or socket)")
            data = handle.read(limit + 1)
        except OSError as exc:
            raise IngestError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise IngestError(f"{path}: file is over the {limit // (1024 * 1024)} MB limit")
    return data


def decode(data: bytes, path: Path | str = "<bytes>", *, mostly_utf8: bool = False) -> tuple[str, str]:
    """Decode report bytes; return the text and the encoding's display name. With
    `mostly_utf8`, UTF-8 with a few bytes lost is read (see _mostly_utf8): a report marks
    them as damaged spans; a termbase, whose terms must be exact, is refused instead."""
    if not data.strip():
        raise IngestError(f"{path}: file is empty")
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom):].decode(codec.replace("-sig", "")), path), name
            except UnicodeDecodeError:
                mostly = _mostly_utf8(data[len(bom):]) if mostly_utf8 and codec == "utf-8-sig" else None
                if mostly is None:
                    raise IngestError(f"{path}: starts with a {name} mark but is not valid {codec}") from None
                return _checked(mostly[0], path), f"{name}, {mostly[1]}"
    if b"\x00" in data[:4096]:
        utf16 = _bomless_utf16(data)
        if utf16 is None:
            raise IngestError(f"{path}: binary file (contains NUL bytes), not a text report")
        return _checked(utf16[0], path), utf16[1]
    try:
        return _checked(data.decode("utf-8"), path), "UTF-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for codec, name in (("gb18030", "GB18030/GBK"), ("big5hkscs", "Big5")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((_plausibility(text), name, text))
    mostly = _mostly_utf8(data) if mostly_utf8 else None
    if mostly is not None:      # (last: a tie goes to the encoding that reads every byte)
        candidates.append((_plausibility(mostly[0]), f"UTF-8, {mostly[1]}", mostly[0]))
    if not candidates:
        raise IngestError(f"{path}: not text in a known encoding (tried UTF-8, UTF-16, GB18030, Big5)")
    _, name, text = max(candidates, key=lambda candidate: candidate[0])
    return _checked(text, path), name


# A UTF-8 report with a few bytes that are not UTF-8 (a copy that lost a byte, a line pasted
# from a GBK page) keeps its text: those bytes read as U+FFFD, which the cleaner reports and the
# reader marks as a damaged span. A file in another encoding read as UTF-8 fails at nearly
# every Chinese character, far above this share of its bytes.
MOSTLY_UTF8_LOST_SHARE = 0.001


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """The text and what was lost, when all but a few of `data`'s bytes are UTF-8."""
    text = data.decode("utf-8", "replace")
    lost = text.count("\ufffd") - data.count("\ufffd".encode())
    if lost > max(1, len(data) * MOSTLY_UTF8_LOST_SHARE):
        return None
    return text, f"{lost} invalid UTF-8 sequence{'s' if lost > 1 else ''} marked damaged"


# "\r\n" or "\n" written out as characters, as a spreadsheet cell or a JSON dump keeps them.
_LITERAL_BREAK = re.compile(r"(?:\\r)?\\n")


def split_literal_line_breaks(text: str) -> str:
    """Real line breaks where a file spells them as the characters backslash-r-backslash-n.

    Only when such spelled breaks outnumber the real ones (a report stored as one long line):
    a report that merely mentions "\\n" once keeps it.
    """
    spelled = len(_LITERAL_BREAK.findall(text))
    if spelled < 2 or spelled <= text.count("\n"):
        return text
    return _LITERAL_BREAK.sub("\n", text)


# Of a text's Han characters, the share among _COMMON above which it reads as Chinese: 0.35 and
# more in every file of the corpus, about 0 for UTF-16 read in the wrong byte order.
PLAUSIBLE_CHINESE = 0.2


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """The text and encoding of UTF-16 saved without its byte order mark (the NUL bytes are the
    high halves of ASCII characters): the byte order that reads as Chinese, or, with no Han at
    all, as Latin letters; None for binary data."""
    found = []
    for codec, name in (("utf-16-le", "UTF-16 LE (no BOM)"), ("utf-16-be", "UTF-16 BE (no BOM)")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        sample = text[:20000]
        if "\x00" in sample:
            continue
        latin = not HAN_CHAR.search(sample) and sum(c < "\u0250" for c in sample) >= 0.95 * len(sample)
        score = 1.0 if latin else _plausibility(sample)
        if score >= PLAUSIBLE_CHINESE:
            found.append((score, text, name))
    return max(found)[1:] if found else None


# The 500 most frequent characters of official Chinese text, Simplified and Traditional.
# A wrong guess between GB18030 and Big5 decodes into rare characters, a right one into these.
_COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质济"
    "們這個為國來對時說會後過還與關發開經點間現從動種體學樣從們裡裏麼應該業義議長進總頭實點記變黨產當將區華給調與經濟務術據農從強軍電縣鄉鎮區設計劃質環境監審"
)


def _plausibility(text: str) -> float:
    han = HAN_CHAR.findall(text[:20000])
    if not han:
        return 0.0
    return sum(c in _COMMON for c in han) / len(han)


# A character a reader can see: not a space, not a C0 or C1 control.
_VISIBLE = re.compile(r"[^\s\x00-\x1f\x7f-\x9f]")


def _checked(text: str, path: Path | str) -> str:
    controls = sum(1 for c in text[:20000] if c < " " and c not in "\n\r\t\f")
    if controls > max(8, len(text[:20000]) // 200):
        raise IngestError(f"{path}: binary file (control bytes), not a text report")
    if text.strip() and not _VISIBLE.search(text):
        # A few control bytes (\x00\x01\x02) were indexed as a document of one nameless paragraph.
        raise IngestError(f"{path}: no text found, only control characters")
    return text


class _TextExtractor(HTMLParser):
    """Keeps the visible text of an HTML page, one block element per line."""

    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
              "article", "header", "footer", "blockquote", "pre", "table", "ul", "ol", "dd", "dt", "title"}
    SKIP = {"script", "style", "noscript", "template", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.in_title = False
        self.title = ""

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
        elif tag in self.SKIP:
            self.skipping += 1
        if tag in self.BLOCKS:
            self.parts.append("\n")
            if tag.startswith("h") and len(tag) == 2:
                self.parts.append("#" * int(tag[1]) + " ")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif tag in self.SKIP and self.skipping:
            self.skipping -= 1
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        elif not self.skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    body = "".join(parser.parts)
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in body.split("\n")]
    text = "\n".join(line for line in lines if line)
    title = html.unescape(parser.title).strip()
    if title and not text.startswith(title) and not text.startswith("# "):
        text = f"# {title}\n{text}"
    return text


def strip_front_matter(text: str) -> str:
    """Drop a YAML header and HTML comments, keeping line numbers (blank lines stand in)."""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            header = text[: end + 4]
            text = "\n" * header.count("\n") + text[end + 4:]
    return re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
