"""Parallel documents: a Chinese text and its official English, as two files or one TMX file,
read with each paragraph's English beside it."""
from pathlib import Path

import pytest

from termsearch import parallel, tmx
from termsearch.model import IngestError

ZH = """中华人民共和国宪法
第一章　总纲
第一条　中华人民共和国是工人阶级领导的、以工农联盟为基础的人民民主专政的社会主义国家。社会主义制度是中华人民共和国的根本制度。
第二条　中华人民共和国的一切权力属于人民。
第三条　中华人民共和国的国家机构实行民主集中制的原则。
"""
# The translator made two paragraphs of Article 1, and left blank lines between paragraphs.
EN = """Constitution of the People's Republic of China

Chapter I General Principles

Article 1 The People's Republic of China is a socialist state governed by a people's democratic dictatorship that is led by the working class and based on an alliance of workers and peasants.

The socialist system is the fundamental system of the People's Republic of China.

Article 2 All power in the People's Republic of China belongs to the people.

Article 3 The state institutions of the People's Republic of China shall practice the principle of democratic centralism.
"""


@pytest.fixture
def pair(tmp_path):
    (tmp_path / "constitution.zh.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "constitution.en.txt").write_text(EN, encoding="utf-8")
    return tmp_path / "constitution.zh.txt", tmp_path / "constitution.en.txt"


def test_files_pair_up_by_name(tmp_path):
    names = ["a.zh.txt", "a.en.txt", "b.zh-CN.md", "b.en-GB.md", "report.txt", "lonely.en.txt", "c.zh.txt"]
    paths = [tmp_path / n for n in names]
    pairs, others, notes = parallel.pair_files(paths)
    assert sorted((z.name, e.name) for z, e in pairs) == [("a.zh.txt", "a.en.txt"), ("b.zh-CN.md", "b.en-GB.md")]
    # A Chinese file without its English is an ordinary report; English alone is not indexed, and said.
    assert [p.name for p in others] == ["report.txt", "c.zh.txt"]
    assert len(notes) == 1 and "lonely.en.txt" in notes[0] and "lonely.zh.txt" in notes[0]


def test_each_paragraph_and_heading_gets_its_english(pair):
    doc = parallel.ingest_pair(*pair, "constitution")
    assert doc.translation.endswith("constitution.en.txt")
    assert doc.sections[0].title == "第一章　总纲" and doc.sections[0].english == "Chapter I General Principles"
    by_start = {p.text[:3]: p for p in doc.paragraphs}
    assert by_start["第二条"].english == "Article 2 All power in the People's Republic of China belongs to the people."
    article1 = by_start["第一条"]
    # Two English paragraphs for one Chinese one: both, and the sentences paired inside.
    assert article1.english.startswith("Article 1 ") and article1.english.endswith("Republic of China.")
    assert [zh[:4] for zh, _ in article1.english_sentences] == ["第一条　", "社会主义"]
    assert article1.english_sentences[1][1].startswith("The socialist system")
    assert not doc.warnings


def test_a_tmx_file_is_a_document_with_its_english(tmp_path):
    units = [tmx.TranslationUnit("中华人民共和国宪法", "Constitution of the People's Republic of China"),
             tmx.TranslationUnit("第一章　总纲", "Chapter I General Principles"),
             tmx.TranslationUnit("第二条　中华人民共和国的一切权力属于人民。",
                                 "Article 2 All power in the People's Republic of China belongs to the people."),
             tmx.TranslationUnit("", "An English segment alone")]
    path = tmp_path / "memory.tmx"
    path.write_text(tmx.write_tmx(units), encoding="utf-8")
    [doc] = parallel.ingest_tmx(path, "memory")
    assert doc.title == "中华人民共和国宪法"
    assert doc.sections[0].english == "Chapter I General Principles"
    assert [(p.text[:3], p.english[:9]) for p in doc.paragraphs] == [("中华人", "Constitut"), ("第二条", "Article 2")]
    assert any("English and no Chinese" in w for w in doc.warnings)


def test_an_empty_english_file_is_a_one_line_error(pair):
    pair[1].write_text("\n\n", encoding="utf-8")
    with pytest.raises(IngestError, match="constitution.en.txt"):
        parallel.ingest_pair(*pair, "constitution")


def test_dictionary_english_tells_a_translation_from_its_neighbour():
    score = parallel.gloss_overlap_scorer()
    zh = ["国家保护和改善生活环境和生态环境，防治污染和其他公害。"]
    right = ["The state shall protect and improve the living environment and the ecological environment, "
             "and prevent and control pollution and other public hazards."]
    wrong = ["Citizens have the right and the duty to receive education."]
    assert score(zh, right) > 0.5 > score(zh, wrong)


def test_renderings_a_translation_attests_are_mined_with_the_document_as_source(tmp_path):
    from termsearch.model import Rendering

    (tmp_path / "speech.zh.txt").write_text(
        "坚持“一国两制”方针。\n全面推进“四个全面”战略布局，这是长期任务。\n", encoding="utf-8")
    (tmp_path / "speech.en.txt").write_text(
        "We uphold the principle of One Country, Two Systems.\n"
        "We will advance the \"Four-Pronged Comprehensive Strategy\" in full; this is a long-term task.\n",
        encoding="utf-8")
    doc = parallel.ingest_pair(tmp_path / "speech.zh.txt", tmp_path / "speech.en.txt", "speech")
    known = {"一国两制": [Rendering("\"one country, two systems\"", "official", "Global Times")],
             "两个维护": [Rendering("Two Upholds", "official", "Xinhua")]}
    mined = parallel.mine_renderings([doc], ["一国两制", "“四个全面”", "两个维护"], known)
    # A known rendering, as the translation writes it; a quoted phrase in the same place as the
    # quoted headword; nothing for a headword the text does not use.
    assert {key: [r.text for r in rows] for key, rows in mined.items()} == {
        "一国两制": ["One Country, Two Systems"], "四个全面": ["Four-Pronged Comprehensive Strategy"]}
    rendering = mined["四个全面"][0]
    assert rendering.confidence == "attested" and rendering.source == doc.display_title
    assert "speech, line 2" in rendering.note
