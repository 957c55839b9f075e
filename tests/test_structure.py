"""Document structure: title, section headings, paragraphs with stable ids and line numbers."""
import pytest

from termsearch.ingest.files import collect_files, document_id_for
from termsearch.ingest.structure import build_paragraphs, find_title, is_heading


@pytest.mark.parametrize("line", [
    "2022年工作回顧", "2023年工作安排", "一、聚焦“科技創新+先進制造”,加力構建制造業當家新格局",
    "（三）着力扩大国内需求", "第一章 总则", "## 序言", "附件2 名词解释",
])
def test_headings_are_recognised(line):
    assert is_heading(line)


@pytest.mark.parametrize("line", [
    "各位代表：", "鎮人民政府鎮長 黃榮峰",
    "一、2024年，全省地区生产总值增长5.8%，规模以上工业增加值增长8.6%，固定资产投资增长4.0%，社会消费品零售总额增长4.7%。",
    "现在，我代表省人民政府向大会作政府工作报告，请予审议。",
])
def test_body_lines_are_not_headings(line):
    assert not is_heading(line)


def test_paragraphs_carry_section_line_and_stable_ids():
    lines = [(1, "2023年寮步鎮政府工作報告—全文", []), (2, "", []), (3, "2022年工作回顧", []),
             (4, "剛剛過去的2022年。", []), (5, "一年來，我們穩實體。", []), (6, "2023年工作安排", []),
             (7, "今年是開局之年。", [])]
    sections, paragraphs = build_paragraphs("liaobu", lines, None)
    assert [s.title for s in sections] == ["2022年工作回顧", "2023年工作安排"]
    assert [(p.id, p.line, p.section) for p in paragraphs] == [
        ("liaobu:1", 1, ""), ("liaobu:2", 4, "2022年工作回顧"), ("liaobu:3", 5, "2022年工作回顧"),
        ("liaobu:4", 7, "2023年工作安排")]
    assert find_title([t for _, t, _ in lines]) == "2023年寮步鎮政府工作報告"


def test_damaged_span_offsets_follow_the_stripped_paragraph():
    _, paragraphs = build_paragraphs("d", [(9, "  問題??椕苤", [(4, 8, None)])], None)
    span = paragraphs[0].damaged[0]
    assert paragraphs[0].text[span.start:span.end] == "??椕苤" == span.text
    assert span.line == 9


def test_folders_are_walked_recursively_without_following_link_loops(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("x")
    (tmp_path / "a" / "b" / "two.md").write_text("x")
    (tmp_path / "a" / "b" / "skip.pdf").write_text("x")
    (tmp_path / "a" / "b" / "loop").symlink_to(tmp_path / "a")
    files, problems = collect_files([tmp_path / "a", tmp_path / "missing"])
    assert [f.name for f in files] == ["one.txt", "two.md"]
    assert problems == [f"{tmp_path / 'a' / 'b'}: 1 file not read (.pdf: termsearch reads .txt, .md, .html and .tmx; "
                        "save it as one)", f"{tmp_path / 'missing'}: no such file or folder"]


def test_document_ids_are_url_safe_and_unique(tmp_path):
    taken = set()
    assert document_id_for(tmp_path / "2023 Liaobu report.txt", taken) == "2023-liaobu-report"
    assert document_id_for(tmp_path / "2023 Liaobu report.md", taken) == "2023-liaobu-report-2"
    assert document_id_for(tmp_path / "宪法.md", taken) == "宪法"
    assert document_id_for(tmp_path / "../../etc/passwd.txt", taken) == "passwd"
