"""Glossary blocks: where they are, what their entries say, which aliases a headword gets."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import CORPUS, shared_corpus
from termsearch.ingest.glossary import (
    GlossaryPatterns,
    aliases_for,
    extract_glossary,
    find_glossary,
    is_glossary_heading,
    parse_glossary,
    parse_glossary_entries,
    parse_glossary_entry,
)
from termsearch.model import SourceRef

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "2023-dongguan-liaobu-government-work-report.txt"
CORPUS_REPORTS = CORPUS / "reports"

# Stand-in for ingest/clean.py: the seed still carries pinyin annotations such as 鎮(zhèn).
_PINYIN_ANNOTATION = re.compile(r"\((?:[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*)\)")


def report(*glossary_lines: str, heading: str = "名词解释：", tail: tuple[str, ...] = ()) -> list[str]:
    """A five-line report body, then a glossary, then whatever follows it."""
    body = [
        "2024年某镇政府工作报告",
        "各位代表：",
        "一、聚焦“科技创新+先进制造”：加力构建现代化产业体系",
        "巩固学前教育“5080”成果，推进“双百工程”。",
        "谢谢大家！",
    ]
    return body + [heading, *glossary_lines, *tail]


# --- headings -------------------------------------------------------------------------------

@pytest.mark.parametrize("heading", [
    "名词解释", "名词解释：", "名詞解釋:", "名词注释", "名詞註釋：", "名詞注解:", "名词注解",
    "注释", "註釋：", "附件2 名词解释", "附件：名词解释", "附件2：名詞解釋",
    "《政府工作报告》有关内容名词注释", "《政府工作報告》有關內容名詞註釋：",
    "  名 词 解 释 ：", "　名詞解釋　", "## 名词解释", "【名词解释】",
    "※名词解释※", "★ 名词解释 ★", "[名词解释]", "［名詞解釋］", "〖名词解释〗", "*名词解释",
    "【名词解释】：", "附件一：名词解释", "●名 词 解 释●", "本报告有关名词解释", "报告中部分名词解释：",
    "名词术语解释", "附件：政府工作报告相关名詞解釋",
])
def test_glossary_heading_forms(heading):
    lines = report("“双万”：指地区生产总值超过1万亿元。", "瞪羚企业：指高成长的中小企业。", heading=heading)
    assert find_glossary(lines) == (5, 8)
    span, terms = extract_glossary(lines, "doc")
    assert span == (5, 8)
    assert [t.term for t in terms] == ["“双万”", "瞪羚企业"]


@pytest.mark.parametrize("line", [
    "注：", "※注※", "名词解释如下，请参阅", "字库未存字注释：", "解释", "一、名词解释和说明的问题很多，需要研究。",
])
def test_lines_that_are_not_glossary_headings(line):
    assert not is_glossary_heading(line)


# --- entry forms ----------------------------------------------------------------------------

ENTRY_FORMS = [
    # (glossary lines, expected headword, definition, marker), Simplified then Traditional
    (["“双万”：指地区生产总值超过1万亿元。"], "“双万”", "指地区生产总值超过1万亿元。", ""),
    (["“雙萬”:指地區生產總值超過1萬億元。"], "“雙萬”", "指地區生產總值超過1萬億元。", ""),
    (["1.瞪羚企业：指高成长的中小企业。"], "瞪羚企业", "指高成长的中小企业。", ""),
    (["1．瞪羚企業：指高成長的中小企業。"], "瞪羚企業", "指高成長的中小企業。", ""),
    (["1、民生大莞家：指解决群众身边的小急难问题。"], "民生大莞家", "指解决群众身边的小急难问题。", ""),
    (["（1）“雪亮工程”：指公共安全视频监控联网项目。"], "“雪亮工程”", "指公共安全视频监控联网项目。", ""),
    (["(1)“雪亮工程”:指公共安全視頻監控聯網項目。"], "“雪亮工程”", "指公共安全視頻監控聯網項目。", ""),
    (["①“无废城市”：指一种城市发展模式。"], "“无废城市”", "指一种城市发展模式。", ""),
    (["② 「無廢城市」： 指一種城市發展模式。  "], "「無廢城市」", "指一種城市發展模式。", ""),
    (["［1］“三区三线”：", "指城镇、农业、生态三类空间和三条控制线。"],
     "“三区三线”", "指城镇、农业、生态三类空间和三条控制线。", "［1］"),
    (["[2]“三區三線”:", "指城鎮、農業、生態三類空間和三條控制線。"],
     "“三區三線”", "指城鎮、農業、生態三類空間和三條控制線。", "[2]"),
    (["【3】专精特新“小巨人”企业", "指专业化、精细化、特色化、新颖化的中小企业。"],
     "专精特新“小巨人”企业", "指专业化、精细化、特色化、新颖化的中小企业。", "【3】"),
    (["［4］IP：网络流行语，直译为“知识产权”。"], "IP", "网络流行语，直译为“知识产权”。", "［4］"),
]


@pytest.mark.parametrize("glossary, headword, definition, marker", ENTRY_FORMS)
def test_entry_forms(glossary, headword, definition, marker):
    lines = report(*glossary)
    span, terms = extract_glossary(lines, "doc")
    assert span == (5, 6 + len(glossary))
    [term] = terms
    assert (term.term, term.definition) == (headword, definition)
    assert term.source == SourceRef("doc", 7)       # heading on line 6, entry on line 7
    assert (term.traditional, term.simplified, term.pinyin) == ("", "", "")
    [entry] = parse_glossary_entries(lines[span[0]:span[1]], span[0] + 1)
    assert entry.marker == marker


def test_definition_running_over_several_lines():
    lines = report(
        "“2+2”政策：第一个“2”指市政府出台的“制造业当家”一号文",
        "和促进民营经济高质量发展措施；",
        "第二个“2”为相关配套政策。",
        "瞪羚企业：指高成长的中小企业。",
    )
    span, terms = extract_glossary(lines, "doc")
    assert span == (5, 10)
    assert terms[0].definition == (
        "第一个“2”指市政府出台的“制造业当家”一号文和促进民营经济高质量发展措施；\n"
        "第二个“2”为相关配套政策。"
    )
    assert terms[1].source.line == 10


def test_definition_keeps_its_own_colons_and_times():
    [term] = parse_glossary(
        ["名词解释", "“一网通办”：指政务服务事项“一网受理：全程网办”，09:00起办理。"], "doc", 1)
    assert term.term == "“一网通办”"
    assert term.definition == "指政务服务事项“一网受理：全程网办”，09:00起办理。"


@pytest.mark.parametrize("line, expected", [
    ("学前教育5080:指公办园占比50%、普惠园占比80%。", ("", "学前教育5080", "指公办园占比50%、普惠园占比80%。")),
    ("“两个维护”：坚决维护：见原文。", ("", "“两个维护”", "坚决维护：见原文。")),
    ("**民生大莞家**：指民生服务品牌。", ("", "民生大莞家", "指民生服务品牌。")),
    ("【12】 “雙萬”", ("【12】", "“雙萬”", "")),
    ("2.65万个行政村（社区）", None),
    ("2026-02-02 09:20", None),
    ("https://www.gov.cn/", None),
])
def test_parse_glossary_entry(line, expected):
    assert parse_glossary_entry(line) == expected


@pytest.mark.parametrize("line", [
    # a long clause before the colon is prose, not a headword
    "按照全省统一部署和市委市政府工作要求统筹推进各项重点任务落实情况：共计十项。",
    # sentence punctuation before the colon
    "其主要内容，分为三类：一是…",
    "主要包括：城镇、农业、生态三类空间。",
    "具体目标是：到2025年基本建成。",
    "（牵头单位：人社厅）",
    "一、聚焦“科技创新+先进制造”：加力构建现代化产业体系",
    "① 列宁：《全俄中央执行委员会会议》，《列宁全集》第26卷，第269页。",
])
def test_prose_lines_are_not_entries(line):
    assert parse_glossary_entry(line) is None


def test_prose_line_inside_a_glossary_continues_the_definition():
    lines = report(
        "“三区三线”：指三类空间和三条控制线，",
        "主要包括：城镇空间、农业空间、生态空间。",
    )
    [term] = extract_glossary(lines, "doc")[1]
    assert term.definition == "指三类空间和三条控制线，主要包括：城镇空间、农业空间、生态空间。"


def test_blank_lines_and_an_introduction_inside_the_block():
    lines = report("本报告中部分名词的含义如下。", "", "“双万”：指两个一万。", "", "瞪羚企业：指高成长企业。", "", "")
    span, terms = extract_glossary(lines, "doc")
    assert span == (5, 11)          # trailing blank lines are not part of the block
    assert [t.source.line for t in terms] == [9, 11]


# --- layouts of real glossaries, each written out small ---------------------------------------

def read(lines: list[str]) -> list[tuple[str, str]]:
    return [(t.term, t.definition) for t in extract_glossary(lines, "doc")[1]]


# What a county site prints after the report: share menu, neighbours, disclaimer, editor.
SITE_CHROME = ("分享到：", "QQ空间", "上一篇：", "2020年某县政府工作报告", "相关文章", "11-22",
               "免责声明：本文仅代表作者观点，不代表本站立场。", "标签：", "工作报告")


@pytest.mark.parametrize("heading, first, second", [
    ("※名词解释※", "[1]", "[2]"),
    ("【名词解释】 ", "[１]", "[２]"),
    ("[名词解释]", "【1】", "【2】"),
    ("附件一：名词解释", "1.", "2."),
    ("*名词解释", "［１］", "［２］"),
    ("名词解释：", "〔1〕", "〔2〕"),
    ("名 词 解 释", "①", "②"),
    ("★名词解释★", "（1）", "（2）"),
    ("〖名词解释〗", "１．", "２．"),
])
def test_county_site_layouts_with_chrome_after(heading, first, second):
    lines = report(f"{first}九大攻坚行动：围绕住房、饮水等九个方面攻坚。", f"{second}三保：保工资、保运转。",
                   heading=heading, tail=SITE_CHROME)
    assert read(lines) == [("九大攻坚行动", "围绕住房、饮水等九个方面攻坚。"),
                           ("三保", "保工资、保运转。")]       # no menu in the last definition


@pytest.mark.parametrize("tail", [
    ("（责任编辑：石兰兰）",), ("免责声明：本文仅代表作者观点。",), ("下一篇：", "2021年某县政府工作报告"),
    ("相关文章", "某县政府工作报告"), ("本栏推荐",), ("标签：",),
])
def test_site_chrome_ends_the_glossary(tail):
    assert read(report("1.三保：保工资、保运转。", "2.六稳：稳就业、稳金融。", tail=tail)) == [
        ("三保", "保工资、保运转。"), ("六稳", "稳就业、稳金融。")]


def test_numbered_headword_in_brackets_without_colon():
    assert read(report("1.[九大攻坚行动]围绕住房、饮水等九个方面攻坚。", "2.【三保】保工资、保运转。",
                       "3.［六稳］：稳就业、稳金融。")) == [
        ("九大攻坚行动", "围绕住房、饮水等九个方面攻坚。"), ("三保", "保工资、保运转。"), ("六稳", "稳就业、稳金融。")]


def numbered(start: int, stop: int, number: str = "{}.") -> list[str]:
    return [f"{number.format(n)}“第{n}项”：指第{n}项工作。" for n in range(start, stop)]


@pytest.mark.parametrize("line, headword, number", [
    ("14.2025年10件民生实事：指今年要办的十件实事。", "2025年10件民生实事", "{}."),
    ("14.5+2就业之家：指就业服务站点。", "5+2就业之家", "{}."),
    ("14．10种有色金属：指铜、铝等十种金属。", "10种有色金属", "{}．"),
    ("14、3.5G基站：指一种基站。", "3.5G基站", "{}、"),
    ("〔14〕枫桥经验：指依靠群众就地化解矛盾。", "枫桥经验", "〔{}〕"),
    ("［１４］2025年10件民生实事：指今年要办的十件实事。", "2025年10件民生实事", "［{}］"),
    ("（14）2025年10件民生实事：指今年要办的十件实事。", "2025年10件民生实事", "（{}）"),
])
def test_entry_number_does_not_leak_into_a_headword_that_starts_with_digits(line, headword, number):
    terms = read(report(*numbered(1, 14, number), line, *numbered(15, 17, number)))
    assert len(terms) == 16
    assert terms[13][0] == headword


def test_numbers_that_do_not_follow_on_stay_in_the_definition():
    # A decimal starting a wrapped line is entry 3 only if it reads as one; a list inside a
    # definition is not entries when it restarts below the number due or is numbered otherwise.
    terms = read(report(
        "1.“三保”：保工资、保运转。",
        "2.“千万工程”：覆盖",
        "3.65万个行政村，分两步：",
        "1.环境整治：清理垃圾。",
        "2.村容村貌：拆除违建。",
        "3.“四风”：形式主义、官僚主义等，表现为：",
        "（4）文山会海：会议多。",
        "4.“两高”项目：高耗能、高排放项目。",
    ))
    assert terms == [
        ("“三保”", "保工资、保运转。"),
        ("“千万工程”", "覆盖3.65万个行政村，分两步：1.环境整治：清理垃圾。\n2.村容村貌：拆除违建。"),
        ("“四风”", "形式主义、官僚主义等，表现为：（4）文山会海：会议多。"),
        ("“两高”项目", "高耗能、高排放项目。"),
    ]


def test_a_lost_entry_number_does_not_end_the_glossary():
    terms = read(report(*numbered(1, 4), *numbered(5, 8)))
    assert [t for t, _ in terms] == [f"“第{n}项”" for n in (1, 2, 3, 5, 6, 7)]


def test_words_a_web_page_printed_in_bold_stand_alone_but_continue_the_definition():
    # Entry 7 of a real provincial glossary: bold words copied on lines of their own, three
    # times, with the punctuation between them alone on a line too.
    terms = read(report(
        *numbered(1, 7),
        "7.新质生产力：是创新起主导作用，具有",
        "高科技", "、", "高效能", "、", "高质量",
        "特征，符合新发展理念的先进生产力质态。",
        *numbered(8, 21),
    ))
    assert len(terms) == 20
    assert terms[6] == ("新质生产力", "是创新起主导作用，具有高科技、高效能、高质量特征，符合新发展理念的先进生产力质态。")
    assert terms[-1][0] == "“第20项”"


def test_an_entry_that_lost_its_opening_quote_is_still_an_entry():
    terms = read(report("[1]“三公经费”：指因公出国费等。", "[2]三重一大”制度：重大事项集体决策的制度。",
                        "[3]“四风”：形式主义、官僚主义等。"))
    assert [t for t, _ in terms] == ["“三公经费”", "三重一大”制度", "“四风”"]


def test_the_number_due_next_forgives_a_lead_in_word_and_a_full_stop_for_the_colon():
    terms = read(report("【1】“四风”：形式主义、官僚主义等。",
                        "【2】中央八项规定：中央政治局关于改进工作作风的八项规定。",
                        "【3】“河长制”。是指由党政负责人担任河长。",
                        "【4】“三公”经费：因公出国费等，其中：",
                        "主要规定：不作为的情形。",
                        "【5】“揭榜挂帅”，就是能者上。"))
    assert terms == [
        ("“四风”", "形式主义、官僚主义等。"),
        ("中央八项规定", "中央政治局关于改进工作作风的八项规定。"),
        ("“河长制”", "是指由党政负责人担任河长。"),
        ("“三公”经费", "因公出国费等，其中：主要规定：不作为的情形。"),      # a lead-in with no number
        ("“揭榜挂帅”", "就是能者上。"),
    ]


def test_a_quoted_line_of_poetry_is_a_headword():
    terms = read(report("[1]“新三板”：全国中小企业股份转让系统。",
                        "[2]“远望好逢晴霁日，雄图行见海波平”：引自孙奇逢《登望海楼》。"))
    assert terms[1] == ("“远望好逢晴霁日，雄图行见海波平”", "引自孙奇逢《登望海楼》。")


def test_glossary_of_a_report_whose_line_breaks_are_written_as_characters(write_report):
    from termsearch.ingest.pipeline import ingest_file

    text = "\\r\\n".join(report("[１]“新三板”：全国中小企业股份转让系统。", "[２]“四个意识”：政治意识、大局意识。",
                               heading="【名词解释】 "))
    doc = ingest_file(write_report("one-line.txt", text), "doc")
    assert [(t.term, t.definition) for t in doc.glossary] == [
        ("“新三板”", "全国中小企业股份转让系统。"), ("“四个意识”", "政治意识、大局意识。")]
    assert [t.source.line for t in doc.glossary] == [7, 8]
    assert all("\\\\" not in p.text for p in doc.paragraphs)


def test_a_numbered_list_without_a_heading_gives_no_terms():
    lines = ["各位代表：", "今年办好十件民生实事：", *numbered(1, 11), "谢谢大家！"]
    assert extract_glossary(lines, "doc") == (None, [])


# --- where the block ends -------------------------------------------------------------------

@pytest.mark.parametrize("tail", [
    ("附件", "2024年民生实事", "1.新增学位1000个：由教育局负责。"),
    ("附件2：2024年民生实事",),
    ("附：民生实事项目表",),
    ("附表：2024年重点项目",),
    ("相关报道：", "省长：推进高质量发展"),
    ("相關報導:", "省長:推進高質量發展"),
    ("责任编辑：张三",),
    ("（来源：青海日报）",),
    ("二、其他事项", "学校：指公办学校。"),
    ("分享到：",),
    ("2024年3月1日",),
])
def test_glossary_ends_where_another_block_starts(tail):
    lines = report("“双万”：指两个一万。", "瞪羚企业：指高成长的", "中小企业。", tail=tail)
    span, terms = extract_glossary(lines, "doc")
    assert span == (5, 9)
    assert [t.term for t in terms] == ["“双万”", "瞪羚企业"]
    assert terms[1].definition == "指高成长的中小企业。"


# --- no glossary, empty glossary, duplicates ------------------------------------------------

def test_report_without_glossary():
    lines = report(heading="谢谢！")
    assert find_glossary(lines) is None
    assert extract_glossary(lines, "doc") == (None, [])


def test_body_entry_like_line_is_not_taken_when_there_is_no_glossary():
    lines = ["各位代表：", "一、聚焦“科技创新+先进制造”：加力构建现代化产业体系", "瞪羚企业：要大力培育。"]
    assert extract_glossary(lines, "doc") == (None, [])


@pytest.mark.parametrize("tail", [(), ("附件", "民生实事"), ("本报告所用名词将另行印发。",)])
def test_glossary_heading_without_entries(tail):
    lines = report(heading="名词解释", tail=tail)
    assert extract_glossary(lines, "doc") == ((5, 6), [])


def test_body_line_before_the_glossary_is_not_an_entry():
    lines = report("瞪羚企业：指高成长的中小企业。")
    terms = extract_glossary(lines, "doc")[1]
    assert [t.term for t in terms] == ["瞪羚企业"]


def test_duplicate_headwords_get_unique_stable_ids():
    lines = report("“双万”：指两个一万。", "“双万”：又指另一组目标。", "瞪羚企业：指高成长企业。")
    terms = extract_glossary(lines, "2024-zhen")[1]
    assert [t.id for t in terms] == ["2024-zhen:g01", "2024-zhen:g02", "2024-zhen:g03"]
    assert extract_glossary(lines, "2024-zhen")[1] == terms


def test_the_first_heading_with_entries_wins():
    lines = ["注释", "本文注释从略。", "正文……", "名词解释", "“双万”：指两个一万。"]
    assert find_glossary(lines) == (3, 5)


# --- aliases --------------------------------------------------------------------------------

@pytest.mark.parametrize("headword, aliases", [
    ("学前教育“5080”", ["5080", "学前教育5080"]),
    ("“雙萬”", ["雙萬"]),
    ("義務教育“9585”目標", ["9585", "義務教育9585目標", "義務教育9585"]),
    ("專精特新“小巨人”企業", ["小巨人", "專精特新小巨人企業", "專精特新小巨人"]),
    ("“2+2”政策", ["2+2", "2+2政策"]),
    ("「放管服」改革", ["放管服", "放管服改革"]),
    ("『三区三线』", ["三区三线"]),
    ('"雪亮工程"', ["雪亮工程"]),
    ("‘两个维护’", ["两个维护"]),
    ("“放管服”“一网通办”改革", ["放管服", "一网通办", "放管服一网通办改革", "放管服一网通办"]),
    # too unspecific to be an alias: one character, a number of fewer than three digits
    ("“双”减政策", ["双减政策"]),
    ("“12”条", ["12条"]),
    ("“2”", []),
    ("“123”", ["123"]),
    ("瞪羚企业", []),
    ("IP", []),
])
def test_aliases(headword, aliases):
    assert aliases_for(headword) == aliases


# --- the pattern file is data a user can extend ---------------------------------------------

def test_user_patterns_extend_the_defaults():
    shipped = Path(__import__("termsearch").__file__).parent / "data" / "glossary_headings.txt"
    extended = GlossaryPatterns.from_text(shipped.read_text("utf-8") + "\n[headings]\n术语表[：:]?\n")
    lines = report("“双万”：指两个一万。", heading="术语表")
    assert find_glossary(lines) is None
    assert find_glossary(lines, extended) == (5, 7)


@pytest.mark.parametrize("text", [
    "名词解释\n", "[nonsense]\nx\n", "[headings]\n(unclosed\n",
    "[entry-numbers]\n\\d+[.．]\n",        # the number must be captured as (?P<n>…)
    "[block-ends]\n附件\n(?i)copyright\n",   # a global flag cannot stand inside an alternation
])
def test_bad_pattern_files_are_reported(text):
    with pytest.raises(ValueError, match="line"):
        GlossaryPatterns.from_text(text)


# --- the real seed --------------------------------------------------------------------------

SEED_ENTRIES = [
    ("“雙萬”", ["雙萬"]),
    ("專精特新“小巨人”企業", ["小巨人", "專精特新小巨人企業", "專精特新小巨人"]),
    ("瞪羚企業", []),
    ("“百舸計劃”", ["百舸計劃"]),
    ("“三區三線”", ["三區三線"]),
    ("“無廢城市”", ["無廢城市"]),
    ("“雙百工程”", ["雙百工程"]),
    ("“五外聯動”", ["五外聯動"]),
    ("“2+2”政策", ["2+2", "2+2政策"]),
    ("“百縣千鎮萬村高質量發展工程”", ["百縣千鎮萬村高質量發展工程"]),
    ("IP", []),
    ("學前教育“5080”", ["5080", "學前教育5080"]),
    ("義務教育“9585”目標", ["9585", "義務教育9585目標", "義務教育9585"]),
    ("“三名工程”", ["三名工程"]),
    ("民生大莞家", []),
    ("“雪亮工程”", ["雪亮工程"]),
    ("巡防管控“四個一”體系", ["四個一", "巡防管控四個一體系", "巡防管控四個一"]),
    ("行政執法“三項制度”", ["三項制度", "行政執法三項制度"]),
    ("“四個最嚴”", ["四個最嚴"]),
]


def test_seed_glossary():
    lines = [_PINYIN_ANNOTATION.sub("", line) for line in SEED.read_text("utf-8").splitlines()]
    span, terms = extract_glossary(lines, "liaobu-2023")
    assert span == (48, 68)
    assert lines[48] == "名詞注解:"
    assert [(t.term, t.aliases) for t in terms] == SEED_ENTRIES
    assert [t.source.line for t in terms] == list(range(50, 69))
    assert [t.id for t in terms][:2] == ["liaobu-2023:g01", "liaobu-2023:g02"]
    by_term = {t.term: t for t in terms}
    assert by_term["“雙萬”"].definition == "指東莞地區生產總值超過1萬億元,常住人口超過1千萬人。"
    assert by_term["IP"].definition == (
        "網絡流行語,直譯為“知識產權”,可理解為所有成名文創(文學、影視、動漫、游戲等)作品的統稱。")
    assert by_term["“2+2”政策"].definition == (
        "第一個“2”指2023年市政府出臺“制造業當家”一號文和促進民營經濟高質量發展措施;"
        "第二個“2”為相關配套政策,從構建“大招商”格局和強化高品質低成本快供給產業空間供給兩個方面,"
        "為制造業和民營經濟高質量發展提供產業、空間等有力支撐。")
    assert by_term["“五外聯動”"].definition == "指外貿、外資、外包、外經、外智。"
    assert all(t.id.isascii() and re.fullmatch(r"[\w.:-]+", t.id) for t in terms)


# --- real reports no one here wrote ---------------------------------------------------------

def corpus_reports() -> list[Path]:
    return sorted(shared_corpus(CORPUS_REPORTS).rglob("*.txt"))


def test_corpus_reports_have_no_glossary_and_give_no_junk():
    # None of the 140 reports prints a glossary; some carry 注：-footnotes, ①-lists and newspaper
    # furniture (来源：, 相关报道：) that must not be read as one.
    found = {path.name: extract_glossary(path.read_text("utf-8").splitlines(), path.stem)
             for path in corpus_reports()}
    assert len(found) >= 100
    assert {name: result for name, result in found.items() if result != (None, [])} == {}


# What real reports print after their last paragraph: a Wikisource licence, newspaper
# furniture, footnotes under ↑ marks.
_AFTER_BODY = ("本作品", "这部作品", "相关报道", "》》", "收藏", "（来源", "↑")


def end_of_report_body(lines: list[str]) -> int:
    """The index where the first after-body line starts (searched in the last 40% only, as
    page headers carry the same furniture), else the end of the file."""
    tail = int(len(lines) * 0.6)
    return next((i for i in range(tail, len(lines)) if lines[i].strip().startswith(_AFTER_BODY)),
                len(lines))


def test_glossary_spliced_into_real_reports_is_read_exactly():
    # Put a glossary where a report would print it, after its closing paragraph and before the
    # real text that follows (licence, furniture, footnotes): that text must add no entry and
    # no line to any definition.
    glossary = ["名词解释：", "“双万”：指两个一万。", "瞪羚企业：指高成长的", "中小企业。"]
    for path in corpus_reports():
        lines = path.read_text("utf-8").splitlines()
        cut = end_of_report_body(lines)
        spliced = lines[:cut] + glossary + lines[cut:]
        span, terms = extract_glossary(spliced, "doc")
        assert span == (cut, cut + 4), path.name
        assert [(t.term, t.definition) for t in terms] == [
            ("“双万”", "指两个一万。"), ("瞪羚企业", "指高成长的中小企业。")], path.name


def test_seed_definitions_show_damage_as_illegible_not_garbage():
    from termsearch.ingest.pipeline import ingest_file

    doc = ingest_file(SEED, "seed")
    by_head = {t.term: t.definition for t in doc.glossary}
    assert by_head["專精特新“小巨人”企業"].startswith("指業績良好、發展〓培育價值處于成長初期的")
    assert by_head["“四個最嚴”"] == "指最嚴謹〓準、最嚴格的監管、最嚴厲的處罰、最嚴肅的問責。"
    assert not any("?" in t.definition for t in doc.glossary)
