"""Parts of a build made faster, each checked against what it replaced: a document's dict
against dataclasses.asdict, the commonest words' document frequencies against Whoosh's reader."""
import json
from dataclasses import asdict

from whoosh import index as whoosh_index

from termsearch import segments, whoosh_format
from termsearch.analysis import analyzers
from termsearch.index_layout import make_schema
from termsearch.ingest.pipeline import ingest_file
from termsearch.model import DamagedSpan, Document, Paragraph, Rendering, Section, SourceRef, Term, as_dict

from conftest import SEED


def _document() -> Document:
    term = Term("t1", "新质生产力", "新質生產力", "新质生产力", ["新质"], "先进生产力", SourceRef("d", 3),
                "xīn zhì shēng chǎn lì", [Rendering("new quality productive forces", "official", "src")])
    paragraph = Paragraph("d:1", "d", 1, 4, "一、总体要求", "发展新质生产力。",
                          [DamagedSpan("d", 4, 0, 2, "鍙戝", None)], "Develop new forces.",
                          [["发展新质生产力。", "Develop new forces."]])
    return Document("d", "报告", "/r/d.txt", "txt", "utf-8", [Section(1, "一、总体要求", 3, "General")],
                    [paragraph], [term], ["a warning"], "中国", "national", "government_work_report", 2024,
                    "中国 2024 · 报告", "")


def test_a_document_s_dict_is_what_asdict_makes_and_shares_nothing_with_it():
    doc = _document()
    made = doc.to_dict()
    assert json.dumps(made, ensure_ascii=False) == json.dumps(asdict(doc), ensure_ascii=False)   # keys in order too
    made["paragraphs"][0]["english_sentences"][0].append("changed")
    made["glossary"][0]["aliases"].append("changed")
    assert doc.paragraphs[0].english_sentences == [["发展新质生产力。", "Develop new forces."]]
    assert doc.glossary[0].aliases == ["新质"]
    assert doc.glossary[0].to_dict() == asdict(doc.glossary[0])
    assert as_dict((1, [SourceRef("d", 1)], {"k": (SourceRef("e", 2),)}, {3})) == (
        1, [{"document": "d", "line": 1}], {"k": ({"document": "e", "line": 2},)}, {3})


def test_document_frequencies_read_by_hand_are_whooshs_in_every_segment(tmp_path):
    """Over an index of two segments (as two writers make it): each field's terms, and a term
    no segment has."""
    ix = whoosh_index.create_in(tmp_path, make_schema())
    doc = ingest_file(SEED, "seed")
    made = []
    for half in (doc.paragraphs[::2], doc.paragraphs[1::2]):
        builder = segments.SegmentBuilder(ix)
        for p in half:
            builder.add({"pid": p.id, "document": p.document, "section": p.section, "line": p.line,
                         "text": p.text, "row": p.ordinal}, analyzers.counted(p.text, p.document))
        made.append(builder.finish())
    segments.commit_segments(ix, made)
    with ix.reader() as reader:
        assert len(reader.leaf_readers()) == 2
        asked = 0
        for field in ("text", "chars", "document", "section"):
            for btext in [*list(reader.lexicon(field))[:400], "没有这个词".encode()]:
                assert whoosh_format.doc_frequency(reader, field, btext) == reader.doc_frequency(field, btext)
                asked += 1
        assert whoosh_format.doc_frequency(reader, "text", "发展") == reader.doc_frequency("text", "发展") > 1
    assert asked > 800
