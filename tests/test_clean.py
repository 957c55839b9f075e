"""Line cleaning: pinyin annotations, whitespace, damaged spans and their repairs, page furniture."""
import re
from functools import cache
from pathlib import Path

import pytest

from conftest import CORPUS, shared_corpus
from termsearch.ingest.clean import (
    clean_line, find_damaged_spans, find_page_furniture, is_page_furniture, normalise_whitespace,
    strip_pinyin_annotations,
)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "2023-dongguan-liaobu-government-work-report.txt"
CORPUS_REPORTS = CORPUS / "reports"
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"


@cache
def seed_lines() -> list[str]:
    return SEED.read_text("utf-8").splitlines()


@cache
def cleaned_seed() -> list[tuple[str, list]]:
    return [clean_line(raw) for raw in seed_lines()]


# --- pinyin annotations ---------------------------------------------------------------------------

@pytest.mark.parametrize("raw, cleaned", [
    ("寮步鎮(zhèn)政府", "寮步鎮政府"),
    ("工作報(bào)告", "工作報告"),
    ("各村(社區(qū))", "各村(社區)"),
    ("綠(lǜ)色發(fā)展", "綠色發展"),
    ("鎮（zhèn）長", "鎮長"),
    ("我們(men)", "我們"),                      # toneless, after a Han character
    ("學?!懊褶D(zhuǎn)公", "學?!懊褶D公"),     # after a damaged character's stray byte
])
def test_annotations_are_stripped(raw, cleaned):
    assert strip_pinyin_annotations(raw) == cleaned


@pytest.mark.parametrize("text", [
    "各縣(市、區)", "義務教育學位(含政府購買學位)", "莞香文化創意(文學、影視、動漫、遊戲等)",
    "知識產權(IP)", "國內生產總值(GDP)", "第三款(a)項", "見附錄 (zhèn)", "Beijing (Peking)",
])
def test_real_parenthesised_text_is_kept(text):
    assert strip_pinyin_annotations(text) == text


def test_no_annotation_is_left_anywhere_in_the_seed():
    leftover = re.compile(rf"[(（][a-z{TONED}]{{1,6}}[)）]")
    for number, (text, _) in enumerate(cleaned_seed(), start=1):
        assert not leftover.search(text), (number, leftover.search(text).group())


def test_no_real_parenthesised_text_is_lost_from_the_seed():
    # In the seed every bracketed run of lower-case letters is an annotation (checked by eye),
    # so deleting them all is an independent account of what must remain.
    annotation = re.compile(rf"\([a-z{TONED}]+\)")
    group = re.compile(r"[(（][^()（）]+[)）]")
    expected = [m.group() for raw in seed_lines() for m in group.finditer(annotation.sub("", raw))]
    kept = [m.group() for text, _ in cleaned_seed() for m in group.finditer(text)]
    assert "(社區)" in kept and "(市、區)" in kept and "(含政府購買學位)" in kept
    assert kept == expected


# --- whitespace -----------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, cleaned", [
    ("\u3000\u3000各位代表：\r", "各位代表："),
    ("\u00a0現在,我代表\u00a0鎮人民政府", "現在,我代表 鎮人民政府"),
    ("高質\u200b量發\ufeff展", "高質量發展"),
    ("省长\u3000王予波", "省长\u3000王予波"),      # spacing inside a name stays
    # a scraper's ? for the spaces it lost: indenting a line, spacing a name, before a tab
    ("????（一）加快产业升级", "（一）加快产业升级"),
    ("定兴县人民政府县长?? 吴?? 鹏", "定兴县人民政府县长  吴  鹏"),
    ("作者：中国县域????\t\t来源：政府官网", "作者：中国县域 \t\t来源：政府官网"),
    ("What comes next? We will see.", "What comes next? We will see."),
    ("什么是“双万”??", "什么是“双万”??"),
])
def test_odd_whitespace_is_normalised(raw, cleaned):
    assert normalise_whitespace(raw) == cleaned


def test_punctuation_is_kept_as_written():
    assert clean_line("一年來,我們穩實體;“雙萬”新起點:")[0] == "一年來,我們穩實體;“雙萬”新起點:"


# --- damaged spans: the seed ------------------------------------------------------------------------

# Every damaged stretch of the seed, as (line, span text, repaired). A stretch is split where part
# of it realigns with certainty: the lost characters around that part stay unrepaired.
SEED_DAMAGE = [
    (9, "?nèi)Ρ?shí)", None),
    (12, "??", None),
    (12, "椕苤我咔榉揽貓", "密治疫情防控"),
    (12, "?jiān)", None),
    (12, "?", None),
    (12, "!懊褶D", "“民轉"),            # ! was ！ (A3 A1); its A1 starts “
    (12, "???", None),                  # 重點???、 (專科 lost)
    (12, "???", None),                  # 特色???;
    (12, "?xì)狻⑽kU", None),            # 燃?xì)狻⑽kU化學品
    (36, "??漆t", None),                # 漆t realigns to 醫 alone: one character is no proof
    (40, "?xì)?、?;?", None),
    (46, "?!叭苯?jīng)", None),           # realigns to “缺: bytes were lost inside it
    (51, "?jié)摿", None),
    (51, "团嘤齼r", "培育價"),          # 摿 realigns to 镣: not report text, left out
    (68, "?shù)臉?biāo)", None),
]


def seed_damage() -> list[tuple[int, str, str | None]]:
    return [(number, text[start:end], repaired)
            for number, (text, spans) in enumerate(cleaned_seed(), start=1)
            for start, end, repaired in spans]


@pytest.mark.parametrize("line, span_text, repaired", SEED_DAMAGE)
def test_each_seed_damage_is_found_with_its_repair(line, span_text, repaired):
    assert (line, span_text, repaired) in seed_damage()


def test_the_seed_has_no_other_damage():
    assert seed_damage() == SEED_DAMAGE


def test_seed_damage_covers_every_question_mark_and_stray_fragment():
    for text, spans in cleaned_seed():
        covered = {i for start, end, _ in spans for i in range(start, end)}
        marks = [m.start() for m in re.finditer(rf"\?|[{TONED}]", text)]
        assert all(i in covered for i in marks), text


def test_spans_are_offsets_into_the_cleaned_text():
    raw = "\u3000\u3000確(què)保(bǎo)一般性支出,確?!叭苯?jīng)費只減不增。"
    text, spans = clean_line(raw)
    assert text == "確保一般性支出,確?!叭苯?jīng)費只減不增。"
    assert [text[start:end] for start, end, _ in spans] == ["?!叭苯?jīng)"]


# --- damaged spans: small cases -------------------------------------------------------------------

def test_a_realigned_run_is_repaired_with_what_its_bytes_said():
    garbled = "椕苤我咔榉揽貓"
    assert garbled.encode("gbk")[1:].decode("gbk", "replace") == "密治疫情防控\ufffd"
    text = f"問題??{garbled}?jiān)固防線"
    assert find_damaged_spans(text) == [(2, 4, None), (4, 11, "密治疫情防控"), (11, 17, None)]


@pytest.mark.parametrize("text, damaged", [
    ("垸堤防加固二期、?水灌区开工建设", "?"),        # a character the encoding did not have
    ("9个学科进入前1‰、1个学科进入前1?。", "?"),
    ("加強\ufffd\ufffd院和學科品牌建設", "\ufffd\ufffd"),
    ("城鎮燃?xì)?、?;?、消防", "?xì)?、?;?"),
    ("持續做優品牌?jié)提升工程", "?jié)"),
])
def test_lost_characters_are_found(text, damaged):
    assert [text[start:end] for start, end, _ in find_damaged_spans(text)] == [damaged]


@pytest.mark.parametrize("text", [
    "是立党为公，还是立党为私?这是无产阶级政党同资产阶级政党的根本区别",
    "日本政府有什么办法来证明你的诚意呢?中国没有侵占别国一寸土地",
    "你们愿意改善中苏关系吗?",
    "下一步怎么办?",
    "详见 https://www.gov.cn/zhengce/content?id=5123&lang=zh 。",
    "What comes next? We will see.",
])
def test_real_question_marks_are_not_damage(text):
    assert find_damaged_spans(text) == []


@pytest.mark.parametrize("text", [
    # real lines with Latin letters, parentheses, rare characters and numbers
    "社會體育指導員服務站獲評省AA級服務站,志愿者協會獲評廣東省最佳志愿服務組織。",
    "推動聯東U谷產業園、松湖智谷二期建設,加快推進東莞綜合保稅區檢場B保項目。",
    "舉辦莞香文化節等莞香IP活動,打造“寮步香市”品牌。",
    "一年来，我们着力推动5G基站、千兆光网建设，人工智能核心产业营收6800亿元左右、增长20%以上，阿里千问、DeepSeek等通用模型性能全球领先。",
    "强化县级社会治理中心（综治中心）牵引枢纽作用，提升社会矛盾纠纷预防化解能力。",
    "自治区主席 艾尔肯·吐尼亚孜",
    "全省参保的0—6岁儿童省域内同等级医疗机构门诊报销待遇无差别。",
    "PM2.5平均浓度下降到30微克/立方米，优良天数比例达到87.2%。",
])
def test_clean_report_lines_have_no_damage(text):
    assert find_damaged_spans(text) == []


@pytest.mark.slow
def test_the_clean_corpus_has_almost_no_damage():
    shared_corpus(CORPUS_REPORTS)
    found = []
    for path in sorted(CORPUS_REPORTS.rglob("*.txt")):
        for number, raw in enumerate(path.read_text("utf-8").splitlines(), start=1):
            text, spans = clean_line(raw)
            found += [(path.name, number, text[start:end]) for start, end, _ in spans]
    # The only two are real: characters GBK lacks, lost as ? before the files were made.
    assert found == [("province_chongqing_2026.txt", 34, "?"), ("province_hunan_2026.txt", 20, "?")]


# --- page furniture --------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "下载", "打印", "全屏", "收藏", "【字号：", "加大", "还原", "减小", "】", "【字体：", "大",
    "来源：浙江日报", "时间：2026-01-22", "相关报道：", "相关文档：", "扫一扫在手机打开当前页",
    "2026-02-09 09:45:30", "（来源：青海日报）", "编辑：何继红", "分享:", "》》点击图片进入专题《《",
    "殷勇同志作政府工作报告。本报记者 戴冰摄", "任振鹤作政府工作报告。新甘肃·甘肃日报记者 盛学卿",
    # a county report site: header, counters, teaser, share menu, neighbours, disclaimer
    "工作报告", "时间：2022-11-22 \t\t作者：中国县域 \t来源：政府官网 \t阅读：", "评论：", "阅读：162",
    "内容摘要：", "2020年1月11日在涞水县第十六届人民代表大会第四次会议上，现在，我代表……请予审议......",
    "QQ空间", "新浪微博", "（责任编辑：石兰兰）", "上一篇：2020年岳阳县政府工作报告", "下一篇：",
    "免责声明：本文仅代表作者观点，不代表本站立场。", "本栏推荐", "标签云", "标签：",
])
def test_furniture_lines_are_recognised(line):
    assert is_page_furniture(line)


@pytest.mark.parametrize("line", [
    "各位代表：", "各位代表！", "政府工作报告", "一、2025年工作回顾", "省长 刘捷", "附件",
    "2026年浙江省政府工作报告", "重点做好以下工作：", "生态底色更加亮丽。",
    "现在，我代表省人民政府向大会作政府工作报告，请予审议，并请省政协委员和其他列席同志提出意见。",
    "数据来源：国家统计局", "时间就是效率，时间就是生命。",
])
def test_report_lines_are_not_furniture(line):
    assert not is_page_furniture(line)


def test_a_report_sites_header_and_menus_are_furniture_around_the_report():
    lines = ["工作报告", "2020年某县政府工作报告", "时间：2022-11-22 作者：中国县域 来源：政府官网 阅读：",
             "162", "评论：", "0", "内容摘要：", "各位代表：现在，我代表县人民政府向大会报告工作......",
             "各位代表：", "现在，我代表县人民政府向大会报告工作。", "※名词解释※", "[1]三保：保工资。",
             "分享到：", "QQ空间", "上一篇：", "2020年岳阳县政府工作报告", "相关文章", "11-22",
             "2020年临潭县政府工作报告", "本栏最新", "12-03", "修武县2025年政府工作报告", "标签云", "工作报告"]
    kept = [line for line, flag in zip(lines, find_page_furniture(lines)) if not flag]
    assert kept == ["2020年某县政府工作报告", "各位代表：", "现在，我代表县人民政府向大会报告工作。",
                    "※名词解释※", "[1]三保：保工资。"]


def test_furniture_is_judged_with_its_neighbours():
    lines = ["当前位置：", "首页", ">", "政务信息", ">", "宁夏要闻", "2026年宁夏回族自治区政府工作报告",
             "来源：", "宁夏日报客户端", "各位代表：", "现在，我代表自治区人民政府向大会报告工作。",
             "相关报道：", "浙江省政府工作报告解读", "一图读懂2026年政府工作报告"]
    furniture = [line for line, flag in zip(lines, find_page_furniture(lines)) if flag]
    assert furniture == ["当前位置：", "首页", ">", "政务信息", ">", "宁夏要闻", "来源：", "宁夏日报客户端",
                         "相关报道：", "浙江省政府工作报告解读", "一图读懂2026年政府工作报告"]


def test_damaged_spans_are_blanked_for_the_index_keeping_offsets():
    from termsearch.ingest.clean import without_damage

    text = "推进椕苤我咔建设"
    assert without_damage(text, [(2, 6)]) == "推进    建设"
    # A span that does not fit the text (a stale reader page) is passed over, not an error.
    assert without_damage(text, [(6, 20), (3, 3)]) == text
