"""Bilingual documents: a Chinese text and its official English, as two files or one TMX file,
read, aligned (align.py) and carried on the Chinese paragraphs as their `english`.

Two files pair up by name: `X.zh.txt` and `X.en.txt` (any format ingest reads: .txt, .md,
.html); a `.tmx` file holds its pairs already. The Chinese side is read as any report is
(sections, paragraphs, glossary, metadata); the English is aligned to its lines.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from . import align, tmx
from .english import cedict
from .english.words import english_words, word_forms
from .analysis import segment, variants
from .ingest import pipeline
from .ingest.read import MAX_FILE_BYTES, SourceText, read_capped, read_source
from .model import Document, IngestError, Rendering

# `<stem>.zh.<ext>` / `<stem>.en.<ext>`: the name convention of a parallel pair (zh-CN, zh-Hans,
# zh-TW, en-US, en-GB are read as zh and en).
_SIDE = re.compile(r"^(?P<stem>.+)\.(?P<lang>zh|en)(?:[-_][A-Za-z]{2,4})?$", re.IGNORECASE)


def side_of(path: Path) -> tuple[str, str] | None:
    """("zh" or "en", the shared stem) when `path` is named as one side of a pair."""
    m = _SIDE.match(path.stem)
    return (m["lang"].lower(), m["stem"]) if m else None


def pair_files(paths: Sequence[Path]) -> tuple[list[tuple[Path, Path]], list[Path], list[str]]:
    """(Chinese, English) pairs among `paths`, the other paths, and one line for each English file
    whose Chinese is missing (it is not indexed: termsearch searches Chinese documents)."""
    sides: dict[tuple[Path, str], dict[str, Path]] = {}
    for path in paths:
        side = side_of(path)
        if side:
            sides.setdefault((path.parent, side[1]), {})[side[0]] = path
    pairs, paired, notes = [], set(), []
    for (_, _), found in sides.items():
        if "zh" in found and "en" in found:
            pairs.append((found["zh"], found["en"]))
            paired.update(found.values())
        elif "en" in found:
            notes.append(f"{found['en']}: an English translation without its Chinese "
                         f"(name the Chinese {side_of(found['en'])[1]}.zh{found['en'].suffix}); not indexed")
            paired.add(found["en"])
    others = [p for p in paths if p not in paired]
    return pairs, others, notes


# ----------------------------------------------------------------------------- CC-CEDICT anchors

@lru_cache(maxsize=200_000)
def _gloss_words(word: str) -> frozenset[str]:
    """English content words CC-CEDICT gives for a Chinese word (base forms)."""
    dictionary = cedict.load_cedict()
    return frozenset(word_forms(w)[-1] if len(w) > 3 else w
                     for entry in dictionary.get(word, ()) for gloss in cedict.glosses_of(entry, dictionary)
                     for w in gloss.words)


def _english_bag(text: str) -> frozenset[str]:
    return frozenset(form for w in english_words(text) for form in word_forms(w))


def gloss_overlap_scorer() -> align.LexicalScorer:
    """A lexical anchor for the aligner: the share of the Chinese words (of two characters or
    more, that CC-CEDICT knows) whose dictionary English appears in the English side."""
    zh_cache: dict[str, list[frozenset[str]]] = {}
    en_cache: dict[str, frozenset[str]] = {}

    def chinese(text: str) -> list[frozenset[str]]:
        if text not in zh_cache:
            simplified = variants.to_simplified(text)
            zh_cache[text] = [g for w in segment.index_words(simplified) if len(w) >= 2 and (g := _gloss_words(w))]
        return zh_cache[text]

    def english_side(text: str) -> frozenset[str]:
        if text not in en_cache:
            en_cache[text] = _english_bag(text)
        return en_cache[text]

    def score(zh_texts: Sequence[str], en_texts: Sequence[str]) -> float:
        glosses = chinese(zh_texts[0]) if len(zh_texts) == 1 else [g for t in zh_texts for g in chinese(t)]
        if not glosses:
            return 0.5          # nothing to say either way
        bag = english_side(en_texts[0]) if len(en_texts) == 1 else frozenset().union(*map(english_side, en_texts))
        # Counted in C (isdisjoint makes no set): this runs for every pair the aligner weighs,
        # and was most of an alignment's time.
        return (len(glosses) - sum(map(bag.isdisjoint, glosses))) / len(glosses)

    return score


# ----------------------------------------------------------------------------- reading

def ingest_pair(zh_path: Path, en_path: Path, document_id: str,
                lexical: align.LexicalScorer | None = None) -> Document:
    """A Chinese file read as any report, with its English file aligned to its paragraphs and
    headings. IngestError names the file at fault."""
    doc = pipeline.ingest_file(zh_path, document_id)
    source = read_source(en_path)
    english_lines = [(n, line.strip()) for n, line in enumerate(source.text.splitlines(), start=1) if line.strip()]
    if not english_lines:
        raise IngestError(f"{en_path}: no English text found")
    attach_english(doc, english_lines, lexical or gloss_overlap_scorer(), en_path.name)
    doc.translation = str(en_path)
    return doc


# A document of a TMX file that holds several (as `export` writes them, each unit with its
# `x-document`): the file's id, this, and the document's own id (constitutions--prc-2018).
PART_SEPARATOR = "--"


def ingest_tmx(path: Path, document_id: str) -> list[Document]:
    """A TMX file as documents: its Chinese segments, one a line, read as any report is, each
    paragraph and heading with the English of its unit (the pairs are aligned already). Units
    that name their document (`<prop type="x-document">`, as `termsearch export` writes them)
    make one document each, in the order first met; others make the file's one document."""
    from .export import xml_encoding

    data = read_capped(path, MAX_FILE_BYTES)
    units = tmx.read_tmx(data, str(path))
    kept = [u for u in units if u.zh.strip()]
    by_document: dict[str, list[tmx.TranslationUnit]] = {}
    for unit in kept:
        part = by_document.setdefault(unit.props.get("x-document", "").strip(), [])
        if part and _same_paragraph(part[-1], unit):
            # The sentences of one paragraph (x-segment "sentence", one x-line): one paragraph again.
            part[-1] = tmx.TranslationUnit(part[-1].zh + unit.zh, f"{part[-1].en} {unit.en}".strip(), part[-1].props)
        else:
            part.append(unit)
    encoding = f"{xml_encoding(data).upper()} (TMX)"
    docs, taken = [], set()
    for name, part in by_document.items():
        own_id = document_id if len(by_document) == 1 else part_id(document_id, name)
        while own_id in taken:              # (two names with one slug: "a b" and "a-b")
            own_id += "-2"
        taken.add(own_id)
        docs.append(_tmx_document(path, own_id, part, encoding))
    if len(kept) < len(units):
        docs[0].warnings.append(f"{len(units) - len(kept)} translation units have English and no Chinese; not indexed")
    return docs


def _same_paragraph(before: tmx.TranslationUnit, unit: tmx.TranslationUnit) -> bool:
    return (unit.props.get("x-segment") == "sentence" and before.props.get("x-segment") == "sentence"
            and bool(unit.props.get("x-line")) and unit.props.get("x-line") == before.props.get("x-line"))


def part_id(file_id: str, name: str) -> str:
    """The id of one of several documents of a TMX file: the file's id and the document's."""
    slug = re.sub(r"[^\w]+", "-", name, flags=re.UNICODE).strip("-_").lower()[:80] or "document"
    return f"{file_id}{PART_SEPARATOR}{slug}"


def file_id_of(document_id: str) -> str:
    """The id of the file a document came from (a TMX file's documents share it)."""
    return document_id.split(PART_SEPARATOR)[0]


def _tmx_document(path: Path, document_id: str, units: list[tmx.TranslationUnit], encoding: str) -> Document:
    # One unit a line; inside a segment only line breaks go (an ideographic space is text).
    text = "\n".join(" ".join(line.strip() for line in u.zh.strip().splitlines()) for u in units)
    doc = pipeline.ingest_source(SourceText(path=path, format="tmx", encoding=encoding, text=text), document_id)
    english_of_line = {n: " ".join(u.en.split()) for n, u in enumerate(units, start=1)}
    for section in doc.sections:
        section.english = english_of_line.get(section.line, "")
    for paragraph in _first_on_each_line(doc):
        paragraph.english = english_of_line.get(paragraph.line, "")
    doc.translation = str(path)
    return doc


def _first_on_each_line(doc: Document):
    """The paragraphs that begin a line (a line over 5,000 characters is split into several;
    its English goes with the first)."""
    seen = set()
    for paragraph in doc.paragraphs:
        if paragraph.line not in seen:
            seen.add(paragraph.line)
            yield paragraph


def chinese_lines(doc: Document) -> list[tuple[int, str]]:
    """The document's headings and paragraphs as (line, text), in order: what is aligned."""
    by_line: dict[int, str] = {s.line: s.title for s in doc.sections}
    for paragraph in doc.paragraphs:
        by_line[paragraph.line] = by_line.get(paragraph.line, "") + paragraph.text
    return sorted(by_line.items())


def attach_english(doc: Document, english_lines: list[tuple[int, str]],
                   lexical: align.LexicalScorer | None, english_name: str = "the English") -> None:
    """Align the document's lines with `english_lines` ((line, text) of the translation) and give
    each paragraph and heading its English; English paired with nothing is said in warnings."""
    zh = chinese_lines(doc)
    beads = align.align([t for _, t in zh], [t for _, t in english_lines], lexical=lexical)
    english_of: dict[int, tuple[str, list[list[str]]]] = {}
    unpaired = []
    for bead in beads:
        english = " ".join(english_lines[j][1] for j in bead.en)
        if not bead.zh:
            unpaired.extend(english_lines[j][0] for j in bead.en)
            continue
        lines = [zh[i][0] for i in bead.zh]
        if len(lines) == 1:
            english_of[lines[0]] = (english, [list(p) for p in bead.sentences])
        elif bead.sentences:
            for line, pairs in _sentences_by_line([zh[i][1] for i in bead.zh], lines, bead.sentences).items():
                english_of[line] = (" ".join(e for _, e in pairs if e), [list(p) for p in pairs])
        else:
            # Two paragraphs translated as one, and no sentence boundary to part them: each is
            # shown with the English of both.
            for line in lines:
                english_of[line] = (english, [])
    for section in doc.sections:
        section.english = english_of.get(section.line, ("", []))[0]
    for paragraph in _first_on_each_line(doc):
        paragraph.english, paragraph.english_sentences = english_of.get(paragraph.line, ("", []))
    if unpaired:
        shown = ", ".join(map(str, unpaired[:10])) + (" …" if len(unpaired) > 10 else "")
        lines = "line" if len(unpaired) == 1 else "lines"
        doc.warnings.append(f"{english_name}: {lines} {shown} pair with no Chinese paragraph (shown nowhere)")


def _sentences_by_line(texts: list[str], lines: list[int], pairs: list[tuple[str, str]]) -> dict[int, list]:
    """Sentence pairs of a bead of several Chinese lines, each given to the line it starts in."""
    ends, total = [], 0
    for text in texts:
        total += len(text)
        ends.append(total)
    found: dict[int, list] = {line: [] for line in lines}
    offset = 0
    for zh, en in pairs:
        start = offset
        offset += len(zh)
        index = next((k for k, end in enumerate(ends) if start < end), len(lines) - 1)
        found[lines[index]].append((zh, en))
    return found


# ----------------------------------------------------------------------------- writing

def translation_units(doc: Document) -> list[tmx.TranslationUnit]:
    """The aligned pairs of a document, in order, as TMX units: a heading or paragraph with its
    English, or its sentence pairs where it was aligned sentence by sentence."""
    rows: list[tuple[int, str, str, list[list[str]]]] = [(s.line, s.title, s.english, []) for s in doc.sections]
    rows += [(p.line, p.text, p.english, p.english_sentences) for p in doc.paragraphs]
    units = []
    for line, text, english_text, sentences in sorted(rows, key=lambda row: row[0]):
        if not english_text:
            continue
        where = {"x-document": doc.id, "x-line": str(line)}
        if sentences and len(sentences) > 1:
            units += [tmx.TranslationUnit(zh, en, {**where, "x-segment": "sentence"}) for zh, en in sentences if zh and en]
        else:
            units.append(tmx.TranslationUnit(text, english_text, where))
    return units


EXPORT_FORMATS = ("tmx",)


def export_pairs(reader, document_id: str | None = None, fmt: str = "tmx", tool_version: str = "") -> str:
    """The aligned pairs of the index's translated documents (or of one) as a TMX 1.4b file: what
    `termsearch export` prints and `GET /api/export` answers. QueryError for an unknown format,
    NotFound when the document is not there or nothing has an English translation."""
    from .errors import NotFound, QueryError

    if fmt not in EXPORT_FORMATS:
        raise QueryError(f"unknown export format {fmt[:40]!r} (use {', '.join(EXPORT_FORMATS)})")
    translated = [d["id"] for d in reader.documents if d.get("translation")]
    if document_id is not None:
        if document_id not in reader.documents_by_id:
            raise NotFound(f"no document {document_id[:80]!r} in the index (see termsearch documents)")
        if document_id not in translated:
            raise NotFound(f"document {document_id[:80]!r} has no aligned English translation")
        translated = [document_id]
    if not translated:
        raise NotFound("no document in the index has an English translation "
                       "(index X.zh.txt with X.en.txt, or a .tmx file)")
    units = [unit for d in translated for unit in translation_units(reader.document(d))]
    return tmx.write_tmx(units, tool_version=tool_version)


# ----------------------------------------------------------------------------- attested renderings

# What a mined rendering's note starts with: it was found in an aligned official translation.
MINED_NOTE = "found in the aligned official translation"
_QUOTED_ZH = re.compile(r"“([^”]{1,30})”|「([^」]{1,30})」")
_QUOTED_EN = re.compile(r"[“\"]([^”\"]{2,80})[”\"]")


_WORD = re.compile(r"[A-Za-z0-9]+")


def _words_at(text: str) -> list[tuple[str, int, int]]:
    """The words of English text as english_words reads them (no stop words), with offsets."""
    return [(w, m.start(), m.end()) for m in _WORD.finditer(text) for w in english_words(m[0])]


def _said_in(text: str, words: list[tuple[str, int, int]], phrase: list[str]) -> str:
    """The words of `phrase`, one after another, as `text` writes them ("" when it does not)."""
    n = len(phrase)
    for i in range(len(words) - n + 1):
        if n and [w for w, _, _ in words[i:i + n]] == phrase:
            return text[words[i][1]:words[i + n - 1][2]]
    return ""


def mine_renderings(documents: Sequence[Document], headwords: Iterable[str],
                    known: Mapping[str, list[Rendering]]) -> dict[str, list[Rendering]]:
    """English renderings of `headwords` (keyed as the renderings files are: the Simplified
    headword, unquoted) that the documents' official translations attest, as `attested`
    renderings with the document as source: a known rendering (renderings files, termbase) said
    in the English of a paragraph whose Chinese has the headword (as the translation writes it);
    and, where a paragraph quotes
    the headword and its English quotes as many phrases, the English phrase in the same place."""
    from .analysis.termforms import unquoted

    wanted = {unquoted(variants.to_simplified(h)) for h in headwords}
    wanted = {h for h in wanted if len(h) >= 2}
    phrases = {key: [english_words(r.text) for r in rows if r.confidence != "literal"]
               for key, rows in known.items() if key in wanted}
    mined: dict[str, list[Rendering]] = {}

    def add(key: str, text: str, doc: Document, line: int) -> None:
        have = mined.setdefault(key, [])
        if any(r.text.lower() == text.lower() for r in have):
            return
        have.append(Rendering(text=text, confidence="attested", source=doc.display_title or doc.title,
                              note=f"{MINED_NOTE} of {doc.id}, line {line}"))

    for doc in documents:
        if not doc.translation:
            continue
        for paragraph in doc.paragraphs:
            if not paragraph.english:
                continue
            chinese = variants.to_simplified(paragraph.text)
            present = [h for h in wanted if h in chinese]
            if not present:
                continue
            english_at = _words_at(paragraph.english)
            for key in present:
                for phrase in phrases.get(key, ()):
                    said = _said_in(paragraph.english, english_at, phrase)
                    if said:
                        add(key, said, doc, paragraph.line)
            quoted_zh = [unquoted(m[1] or m[2]) for m in _QUOTED_ZH.finditer(chinese)]
            quoted_en = [m[1].strip(" ,.;:") for m in _QUOTED_EN.finditer(paragraph.english)]
            if quoted_zh and len(quoted_zh) == len(quoted_en):
                for zh, en in zip(quoted_zh, quoted_en):
                    if zh in wanted and en:
                        add(zh, en, doc, paragraph.line)
    return mined
