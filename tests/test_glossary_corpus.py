"""Real glossaries no one here wrote: ../shared/corpus/glossaries, against the hand counts of its
MANIFEST.json (entries, first and last headword). bench/glossary_recall.py prints the same
figures per file."""
import json
import re

import pytest

from conftest import CORPUS, shared_corpus

GLOSSARIES = CORPUS / "glossaries"
# What the county site prints after the report; none of it belongs in a definition.
SITE_CHROME = ("分享到", "QQ空间", "上一篇", "下一篇", "相关文章", "免责声明", "责任编辑", "标签：", "本栏")
# A numbering left at the start of a headword: "14.", "［3］", "〔39〕", "①".
LEFT_NUMBER = re.compile(r"\d{1,3}\s*[.．、]|[［\[【〔〖（(]\s*\d{1,3}\s*[］\]】〕〗）)]|[\u2460-\u2473]")
_QUOTES = str.maketrans("", "", "“”\"「」『』‘’＂ 　")


def manifest() -> list[dict]:
    path = GLOSSARIES / "MANIFEST.json"
    shared_corpus(path)
    return json.loads(path.read_text("utf-8"))["files"]


@pytest.fixture(scope="module")
def read_glossaries():
    from termsearch.ingest.pipeline import ingest_file

    return [(entry, ingest_file(GLOSSARIES / entry["file"], entry["file"][:-4]).glossary)
            for entry in manifest()]


def test_every_real_glossary_is_read_to_within_one_entry(read_glossaries):
    assert len(read_glossaries) == 15
    off = {entry["file"]: (len(terms), entry["glossary_entries"]) for entry, terms in read_glossaries
           if not entry["glossary_entries"] - 1 <= len(terms) <= entry["glossary_entries"]}
    assert off == {}            # file: (found, counted by hand)
    found = sum(len(terms) for _, terms in read_glossaries)
    assert found >= sum(entry["glossary_entries"] for entry, _ in read_glossaries) - 3


def test_first_and_last_headwords_are_the_hand_read_ones(read_glossaries):
    wrong = {entry["file"]: (terms[0].term, terms[-1].term) for entry, terms in read_glossaries
             if terms[0].term.translate(_QUOTES) != entry["first_headword"].translate(_QUOTES)
             or terms[-1].term.translate(_QUOTES) != entry["last_headword"].translate(_QUOTES)}
    assert wrong == {}


def test_no_numbering_in_headwords_and_no_site_chrome_in_definitions(read_glossaries):
    for entry, terms in read_glossaries:
        assert [t.term for t in terms if LEFT_NUMBER.match(t.term)] == [], entry["file"]
        assert [t.term for t in terms if any(c in t.definition for c in SITE_CHROME)] == [], entry["file"]
        assert all(t.definition for t in terms), entry["file"]


# Each real glossary printed again in the other numbering styles and headings the reader claims
# to know: the same headwords must come out (the layouts of these files are few; other sites
# number their entries otherwise).
_PRINTED_NUMBER = re.compile(r"^\s*(?:[\[【［〔]\s*(\d{1,3})\s*[\]】］〕]|(\d{1,3})\s*[.．、])")
STYLES = ["{}.", "{}、", "（{}）", "【{}】", "〔{}〕", "［{}］", "{circled}"]
HEADINGS = ["名词解释", "★ 名 词 解 释 ★", "附件一：名词解释", "〖名词解释〗"]


def reprint(lines: list[str], start: int, end: int, style: str, heading: str) -> list[str]:
    full_width = str.maketrans("０１２３４５６７８９", "0123456789")

    def renumber(line: str) -> str:
        found = _PRINTED_NUMBER.match(line)
        if not found:
            return line
        n = int((found.group(1) or found.group(2)).translate(full_width))
        number = chr(0x245F + n) if style == "{circled}" else style.format(n)
        return number + line[found.end():]
    return lines[:start] + [heading] + [renumber(line) for line in lines[start + 1:end]] + lines[end:]


def test_real_glossaries_reprinted_in_other_layouts_read_the_same(read_glossaries):
    from termsearch.ingest import clean
    from termsearch.ingest.glossary import extract_glossary
    from termsearch.ingest.read import read_source

    for (entry, terms), style, heading in zip(read_glossaries * 2, STYLES * 5, HEADINGS * 8):
        if style == "{circled}" and len(terms) > 20:
            style = "{}."        # circled numbers stop at ⑳
        lines = [clean.clean_line(raw)[0] for raw in read_source(GLOSSARIES / entry["file"]).text.splitlines()]
        span, _ = extract_glossary(lines, "doc")
        reprinted = reprint(lines, *span, style, heading)
        assert [t.term for t in extract_glossary(reprinted, "doc")[1]] == [t.term for t in terms], \
            (entry["file"], style, heading)
