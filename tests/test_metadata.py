"""Document metadata: region, level, kind and year read from title, opening and file name; the
metadata file beside a document; display titles that tell reports apart."""
import json

import pytest
from click.testing import CliRunner

from termsearch.cli import main
from termsearch.ingest import metadata
from termsearch.ingest.pipeline import ingest_file

COUNTY_REPORT = """工作报告
2022年定兴县政府工作报告
时间：2023-01-24 作者：中国县域 来源：政府官网
政 府 工 作 报 告（2022年1月26日在定兴县第十六届人民代表大会第二次会议上）定兴县人民政府县长 吴 鹏
各位代表：现在，我代表定兴县人民政府向大会作工作报告，请予审议。
过去一年，在省委、市委和县委的坚强领导下，全县上下落实河北省部署，全县经济稳中有进。
全县乡镇全部完成任务，全县人民团结奋斗。河北各地同步推进。
"""

DISTRICT_REPORT = """保定市满城区2020年政府工作报告
——2020年1月21日在保定市满城区第二届人民代表大会第四次会议上
各位代表：现在，我代表区人民政府向大会作工作报告。河北省委、全省、河北全区一盘棋。
"""

NATIONAL_REPORT = """1978年中华人民共和国国务院政府工作报告
各位代表！
现在，我代表国务院，向第五届全国人民代表大会作政府工作报告。
"""

RESOLUTION = """第二届全国人民代表大会第三次会议关于政府工作报告的决议
第二届全国人民代表大会第三次会议听取了周恩来总理代表国务院所作的政府工作报告。1958年以来，成就巨大。
"""

CONGRESS = """全面开创社会主义现代化建设的新局面 (十二大)
同志们：
现在，我代表中国共产党第十一届中央委员会，向党的第十二次全国代表大会作报告。
"""

LOCAL_REGULATION = """# 信阳市文明行为促进条例

2020年8月28日 信阳市第五届人民代表大会常务委员会第二十四次会议通过

2020年9月26日 河南省第十三届人民代表大会常务委员会第二十次会议批准

第一条 为了培育和践行社会主义核心价值观，结合本市实际，制定本条例。
"""

NATIONAL_REGULATION = """# 化妆品监督管理条例

第一条 为了规范化妆品生产经营活动，制定本条例。

第二条 在中华人民共和国境内从事化妆品生产经营活动及其监督管理，应当遵守本条例。
"""

TOWN_REPORT_TRADITIONAL = """2023年東莞市寮步鎮政府工作報告
——2023年3月1日在寮步鎮第十七屆人民代表大會第四次會議上
各位代表：現在，我代表鎮人民政府向大會作工作報告，請予審議。
"""


def read(write_report, name, text):
    doc = ingest_file(write_report(name, text), "doc")
    return doc.region, doc.level, doc.kind, doc.year


@pytest.mark.parametrize("name, text, expected", [
    ("a.txt", COUNTY_REPORT, ("河北省定兴县", "county", "government_work_report", 2022)),
    ("b.txt", DISTRICT_REPORT, ("河北省保定市满城区", "district", "government_work_report", 2020)),
    ("c.txt", NATIONAL_REPORT, ("中国", "national", "government_work_report", 1978)),
    # the session gives the year, not the 1958 of the text
    ("d.txt", RESOLUTION, ("中国", "national", "other", 1962)),
    ("e.txt", CONGRESS, ("中国", "national", "party_congress_report", 1982)),
    ("f.md", LOCAL_REGULATION, ("河南省信阳市", "city", "law", 2020)),
    ("g.md", NATIONAL_REGULATION, ("中国", "national", "law", None)),
    ("h.txt", TOWN_REPORT_TRADITIONAL, ("東莞市寮步鎮", "town", "government_work_report", 2023)),
])
def test_metadata_is_read_from_title_opening_and_text(write_report, name, text, expected):
    assert read(write_report, name, text) == expected


def test_a_file_name_gives_what_the_text_does_not(write_report):
    text = "各位代表：\n过去一年，全省经济稳中有进，全省人民团结奋斗，省委坚强领导。\n"
    assert read(write_report, "province_hebei_2025.txt", text)[::3] == ("河北省", 2025)
    assert read(write_report, "province_hebei_2025.txt", text)[1] == "province"


def test_a_county_level_city_is_told_from_a_prefecture_city_by_its_text(write_report):
    county_city = "2022年安国市政府工作报告\n各位代表：全市各乡镇完成任务，河北省委部署落实。\n河北全市上下。\n"
    prefecture = "2022年保定市政府工作报告\n各位代表：各县（市、区）完成任务，河北省委部署落实。\n河北全市上下。\n"
    assert read(write_report, "a.txt", county_city)[:2] == ("河北省安国市", "county")
    assert read(write_report, "b.txt", prefecture)[:2] == ("河北省保定市", "city")


def test_a_province_named_as_often_as_another_is_left_unsaid(write_report):
    text = "2020年涞水县政府工作报告\n各位代表：对接北京，引进河南企业，融入河北。\n全县团结奋斗。\n"
    assert read(write_report, "a.txt", text)[0] == "涞水县"


def test_a_paragraph_where_the_title_should_be_says_nothing_as_a_title(write_report):
    text = "一、2019年工作回顾 2019年，全县经济稳中有进，县委坚强领导，全县人民团结奋斗。\n" * 3
    region, level, _, year = read(write_report, "report_2020.txt", text)
    assert (region, level, year) == ("", "county", 2020)


# A report whose title and opening were lost (a spreadsheet cell): it names its county only in
# passing, without 县, and its file name spells the place.
HEADLESS_REPORT = ("一、过去五年工作回顾\n2012年以来，在市委和县委的坚强领导下，县政府团结和带领全县广大干部群众，"
                   "认真落实河北省决策部署，实现了良好开局。\n过去的五年，平安容城建设扎实推进，容城服装产业升级。\n"
                   "二、今后五年的总体思路\n建设美丽容城，全县人民团结奋斗，打造生态容城。\n")


def test_a_report_without_title_or_opening_is_read_from_its_text_and_file_name(write_report):
    doc = ingest_file(write_report("county_rongcheng_2017.txt", HEADLESS_REPORT), "doc")
    assert (doc.region, doc.level, doc.kind, doc.year) == ("河北省容城县", "county", "government_work_report", 2017)
    assert doc.display_title == "容城县 2017 · 政府工作报告"
    # Where the text writes the place with its suffix, that is the name taken (区, not the 县 of the level).
    district = HEADLESS_REPORT.replace("容城服装", "容城区服装")
    assert ingest_file(write_report("rongcheng_2017.txt", district), "d").region == "河北省容城区"
    # A file name that spells no name of the text says nothing.
    assert ingest_file(write_report("county_laishui_2017.txt", HEADLESS_REPORT), "e").region == ""


@pytest.mark.parametrize("title, region, shown", [
    ("凤冈县某工贸有限责任公司诉贵州省凤冈县人民政府请求撤销补偿安置协议案", "贵州省凤冈县", "凤冈县 · 某工贸有限责任公司诉"),
    ("宁某某诉甘肃省定西市安定区住房和城乡建设局房屋征收补偿安置协议案", "", "宁某某诉甘肃省定西市安定区住房和城乡建设局"),
])
def test_a_court_case_title_is_not_read_as_a_run_of_places(write_report, title, region, shown):
    doc = ingest_file(write_report("case.md", f"# {title}\n\n基本案情\n\n原告诉称，被告未履行协议。贵州、甘肃两地法院审理。\n"), "case")
    assert doc.region == region
    assert doc.display_title.startswith(shown)


def test_a_province_in_traditional_script_is_still_a_province(write_report):
    path = write_report("liaobu.txt", TOWN_REPORT_TRADITIONAL)
    (path.parent / "liaobu.txt.meta.json").write_text('{"region": "廣東省東莞市寮步鎮"}', "utf-8")
    doc = ingest_file(path, "liaobu")
    assert metadata.split_places("廣東省東莞市寮步鎮") == ["廣東省", "東莞市", "寮步鎮"]
    assert doc.display_title == "東莞市寮步鎮 2023 · 政府工作報告"


def test_a_collection_names_each_place_one_way(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    # The first report names no province (河南 as often as 河北); the second does.
    (folder / "a.txt").write_text("2020年涞水县政府工作报告\n各位代表：对接北京，引进河南企业，融入河北。\n全县团结奋斗。\n", "utf-8")
    (folder / "b.txt").write_text("2021年涞水县政府工作报告\n各位代表：融入河北，河北全省一盘棋。\n全县团结奋斗。\n", "utf-8")
    output = CliRunner().invoke(main, ["index", str(folder), "--index", str(tmp_path / "ix")]).output
    assert "涞水县 2020 · 政府工作报告  (region 河北省涞水县, level county" in output
    listed = CliRunner().invoke(main, ["documents", "--index", str(tmp_path / "ix"), "--json"]).output
    assert {d["region"] for d in json.loads(listed)} == {"河北省涞水县"}
    # Added later, the short name takes the collection's too; two fuller names that disagree rename nothing.
    (tmp_path / "c.txt").write_text("2022年涞水县政府工作报告\n各位代表：全县团结奋斗。\n", "utf-8")
    CliRunner().invoke(main, ["index", str(tmp_path / "c.txt"), "--add", "--index", str(tmp_path / "ix")])
    listed = CliRunner().invoke(main, ["documents", "--index", str(tmp_path / "ix"), "--json"]).output
    assert [d["region"] for d in json.loads(listed)] == ["河北省涞水县"] * 3
    assert metadata.fuller_regions(["定兴县", "河北省定兴县", "山东省定兴县"]) == {}


def test_display_titles_tell_reports_of_one_title_apart(write_report):
    titles = {ingest_file(write_report(f"{n}.txt", text), n).display_title
              for n, text in enumerate([COUNTY_REPORT, DISTRICT_REPORT, NATIONAL_REPORT,
                                         DISTRICT_REPORT.replace("2020", "2022"),
                                         COUNTY_REPORT.replace("2022", "2021")])}
    assert titles == {"定兴县 2022 · 政府工作报告", "保定市满城区 2020 · 政府工作报告",
                      "中国 1978 · 国务院政府工作报告", "保定市满城区 2022 · 政府工作报告",
                      "定兴县 2021 · 政府工作报告"}


def test_a_scraped_section_label_gives_way_to_the_real_title(write_report):
    assert ingest_file(write_report("a.txt", COUNTY_REPORT), "a").title == "2022年定兴县政府工作报告"


def test_a_metadata_file_beside_the_document_overrides_what_was_read(write_report):
    path = write_report("report.txt", COUNTY_REPORT)
    write_report("report.txt.meta.json", json.dumps(
        {"region": "河北省保定市定兴县", "year": 2021, "title": "定兴县政府工作报告（修订）"}, ensure_ascii=False))
    doc = ingest_file(path, "doc")
    assert (doc.region, doc.level, doc.kind, doc.year) == ("河北省保定市定兴县", "county", "government_work_report", 2021)
    assert doc.title == "定兴县政府工作报告（修订）"
    assert doc.display_title == "保定市定兴县 2021 · 政府工作报告（修订）"
    assert not doc.warnings


@pytest.mark.parametrize("content, says", [
    ("{not json", "not valid JSON"),
    ('["a list"]', "one JSON object"),
    ('{"level": "galaxy"}', "level must be one of"),
    ('{"year": "twenty"}', "year must be a whole number"),
    ('{"kind": "poem"}', "kind must be one of"),
    ('{"colour": "red"}', "unknown field 'colour'"),
])
def test_a_malformed_metadata_file_is_one_line_naming_it_and_the_text_is_read(write_report, content, says):
    path = write_report("report.txt", COUNTY_REPORT)
    write_report("report.txt.meta.json", content)
    doc = ingest_file(path, "doc")
    problems = [w for w in doc.warnings if "meta.json" in w]
    assert len(problems) == 1 and "\n" not in problems[0]
    assert "report.txt.meta.json" in problems[0] and says in problems[0]
    assert (doc.region, doc.year) == ("河北省定兴县", 2022)      # what the text says


def test_a_metadata_file_that_names_no_document_is_said(write_report):
    from termsearch.ingest.files import collect_files

    report = write_report("r/report.txt", COUNTY_REPORT)
    write_report("r/report.meta.json", "{}")
    files, problems = collect_files([report.parent])
    assert files == [report.resolve()]
    assert len(problems) == 1 and "report.meta.json" in problems[0] and "report.txt.meta.json" in problems[0]


def test_the_override_fields_and_levels_are_the_documented_ones():
    assert set(metadata.OVERRIDE_FIELDS) == {"region", "level", "kind", "year", "title"}
    assert metadata.split_places("保定市满城区") == ["保定市", "满城区"]
    assert metadata.split_places("广州市") == ["广州市"]
    assert metadata.split_places("菏泽市城市") is None


@pytest.fixture(scope="module")
def metadata_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("metadata-reports")
    (folder / "dingxing.txt").write_text(COUNTY_REPORT, "utf-8")
    (folder / "mancheng.txt").write_text(DISTRICT_REPORT, "utf-8")
    (folder / "national.txt").write_text(NATIONAL_REPORT, "utf-8")
    (folder / "national.txt.meta.json").write_text("{broken", "utf-8")
    index_dir = tmp_path_factory.mktemp("metadata-index")
    result = CliRunner().invoke(main, ["index", str(folder), "--index", str(index_dir), "--json"])
    assert result.exit_code == 0, result.output
    return index_dir, json.loads(result.output)


def test_the_ingest_report_shows_each_documents_metadata(metadata_index):
    index_dir, report = metadata_index
    by_id = {d["document"]: d for d in report["documents"]}
    assert {k: by_id["mancheng"][k] for k in ("region", "level", "kind", "year", "display_title")} == {
        "region": "河北省保定市满城区", "level": "district", "kind": "government_work_report", "year": 2020,
        "display_title": "保定市满城区 2020 · 政府工作报告"}
    assert report["totals"]["documents"] == 3       # the broken metadata file stopped nothing
    assert any("national.txt.meta.json" in w for w in by_id["national"]["warnings"])


def test_the_cli_report_prints_display_titles_and_metadata(metadata_index, tmp_path):
    index_dir, _ = metadata_index
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "mancheng.txt").write_text(DISTRICT_REPORT, "utf-8")
    output = CliRunner().invoke(main, ["index", str(folder), "--index", str(tmp_path / "ix")]).output
    assert "保定市满城区 2020 · 政府工作报告  (region 河北省保定市满城区, level district, kind government_work_report, year 2020)" in output


def test_the_api_documents_carry_metadata_and_hits_their_display_title(metadata_index):
    from termsearch.app import create_app

    index_dir, _ = metadata_index
    client = create_app(index_dir).test_client()
    doc = client.get("/api/documents/dingxing").get_json()
    assert (doc["region"], doc["level"], doc["kind"], doc["year"]) == ("河北省定兴县", "county", "government_work_report", 2022)
    listed = {d["id"]: d for d in client.get("/api/documents").get_json()["documents"]}
    assert listed["national"]["display_title"] == "中国 1978 · 国务院政府工作报告"
    hits = client.get("/api/search?q=各位代表").get_json()["hits"]
    assert {h["document_title"] for h in hits} >= {"定兴县 2022 · 政府工作报告", "保定市满城区 2020 · 政府工作报告"}
    page = client.get("/documents").get_data(as_text=True)
    assert "定兴县 2022 · 政府工作报告" in page and "保定市满城区 2020 · 政府工作报告" in page
    reader = client.get("/documents/mancheng").get_data(as_text=True)
    assert "<h1" in reader and "保定市满城区 2020 · 政府工作报告" in reader


def test_the_documents_command_lists_display_titles_and_metadata(metadata_index):
    index_dir, _ = metadata_index
    listing = CliRunner().invoke(main, ["documents", "--index", str(index_dir)])
    assert listing.exit_code == 0
    assert "保定市满城区 2020 · 政府工作报告  [mancheng]" in listing.output
    assert "region 河北省保定市满城区, level district, kind government_work_report, year 2020" in listing.output
    data = json.loads(CliRunner().invoke(main, ["documents", "--index", str(index_dir), "--json"]).output)
    assert {d["id"]: d["year"] for d in data} == {"dingxing": 2022, "mancheng": 2020, "national": 1978}


@pytest.mark.parametrize("title, text, region, shown", [
    # 市民 and 市场 start words: 荣誉市 and 技术市 are no places (and the title keeps its words)
    ("宁波市荣誉市民条例", "第一条 为了表彰对本市作出贡献的外国人、华侨和香港、澳门、台湾同胞，根据浙江省有关规定，制定本条例。",
     "浙江省宁波市", "宁波市 · 荣誉市民条例"),
    ("浙江省技术市场条例", "第一条 为了规范技术市场，制定本条例。", "浙江省", "浙江省 · 技术市场条例"),
    # a place known whole stays one (杭州市 is a place; 开封 is a verb only as a whole name)
    ("杭州市民用建筑节能条例", "第一条 为了推进浙江省建筑节能，制定本条例。", "浙江省杭州市", "杭州市 · 民用建筑节能条例"),
    ("开封市城市管理条例", "第一条 为了加强城市管理，根据河南省有关规定，制定本条例。", "河南省开封市", "开封市 · 城市管理条例"),
    # a place's name opens with no common verb: 促进浦东新区 is not a district
    ("上海市促进浦东新区商事调解规定", "第一条 为了促进浦东新区商事调解，制定本规定。", "上海市", "上海市 · 促进浦东新区商事调解规定"),
    # a province stands only first: 上海市台湾 names no 台湾省
    ("上海市台湾同胞投资权益保护规定", "第一条 为了保护台湾同胞投资者的合法权益，制定本规定。", "上海市", "上海市 · 台湾同胞投资权益保护规定"),
    # a place's name is Han characters: no 12345市, no 实施《中华人民共和国城市
    ("济南市12345市民服务热线条例", "第一条 为了规范热线，根据山东省有关规定，制定本条例。", "山东省济南市", "济南市 · 12345市民服务热线条例"),
    ("北京市实施《中华人民共和国城市居民委员会组织法》办法", "第一条 根据法律，结合本市实际，制定本办法。", "北京市", "北京市 · 实施《"),
    # Taiwan is the other side of a mainland regulation, not its province
    ("深圳经济特区外商投资条例", "第一条 为了促进外商投资，香港特别行政区、澳门特别行政区和台湾地区投资者参照执行，广东省深圳市……",
     "广东省深圳经济特区", "深圳经济特区 · 外商投资条例"),
    # nor is a province inside a name a place: a State Council regulation
    ("中国公民往来台湾地区管理办法", "第一条 为了保障中国公民往来台湾地区，制定本办法。台湾居民。", "中国",
     "中国 · 中国公民往来台湾地区管理办法"),
    # a local regulation quoting a national law's name is the place's own
    ("上海市实施《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》办法", "第一条 根据法律，结合本市实际，制定本办法。",
     "上海市", "上海市 · 实施《中华人民共和国全国人民代表大会"),
    # 中国 opens a national title as a word, and stays in it
    ("中国人民银行货币政策委员会条例", "第一条 为了制定货币政策，制定本条例。", "中国", "中国 · 中国人民银行货币政策委员会条例"),
])
def test_a_regulations_place_is_a_whole_place_and_its_province_its_own(write_report, title, text, region, shown):
    doc = ingest_file(write_report("law.md", f"# {title}\n\n{text}\n"), "law")
    assert doc.region == region
    assert doc.display_title.startswith(shown)


def test_the_dictionary_gives_a_words_frequency_and_part_of_speech():
    from termsearch.analysis import segment

    freq, tag = segment.dictionary_entry("促进")
    assert freq >= 1000 and tag == "v"
    assert segment.dictionary_entry("浦东新区促进") == (0, "")
    assert segment.dictionary_frequency("促进") == freq


@pytest.mark.parametrize("title, opening, region", [
    # a regulation's header: approved by (经) a city's congress
    ("城市绿化条例", "（2020年8月28日 经信阳市第五届人民代表大会常务委员会第二十四次会议通过）\n第一条 为了加强城市绿化，制定本条例。",
     "信阳市"),
    # the speaker's office after a one-character verb (向, 从)
    ("政府工作报告", "向定兴县人民政府县长 张三 致敬\n各位代表：\n全县经济平稳。乡镇发展。", "定兴县"),
    ("2023年工作报告", "从保定市人民政府市长 李四\n各位代表：\n全市经济平稳。", "保定市"),
])
def test_a_verb_or_preposition_before_a_place_is_not_part_of_it(write_report, title, opening, region):
    doc = ingest_file(write_report("doc.txt", f"{title}\n{opening}\n"), "doc")
    assert doc.region == region
    assert doc.display_title.startswith(region + " ")


@pytest.mark.parametrize("text, places", [
    ("在保定市满城区", ["保定市", "满城区"]), ("对满城区", ["满城区"]), ("于保定市", ["保定市"]),
    # real places that open with one of those characters stay whole: one character left after it
    # (从化, 于都, 向阳, 将乐), a name jieba knows (驻马店, 和林格尔), or a character not listed (让胡路区)
    ("从化区", ["从化区"]), ("于都县", ["于都县"]), ("向阳区", ["向阳区"]), ("将乐县", ["将乐县"]),
    ("驻马店市", ["驻马店市"]), ("和林格尔县", ["和林格尔县"]), ("让胡路区", ["让胡路区"]),
])
def test_places_in_a_phrase_leave_out_a_word_before_them(text, places):
    assert metadata.places_in_phrase(text) == places


def test_a_village_is_no_township_of_a_title(write_report):
    # 健康乡村 and 法治乡村 hold no township 健康乡 (乡村 starts a word, as 市民 does)
    doc = ingest_file(write_report("law.md", "# 临沂市健康乡村条例\n\n第一条 为了推进健康乡村建设，根据山东省有关规定，制定本条例。\n"), "law")
    assert (doc.region, doc.display_title) == ("山东省临沂市", "临沂市 · 健康乡村条例")


def test_every_place_of_cc_cedict_opening_with_such_a_character_stays_whole():
    # Held out from the list's tuning: the county, district and city names of CC-CEDICT that open
    # with a character of [not-place-opening-characters] (于洪区, 从化市, 将乐县, ...) are still places.
    import gzip

    from termsearch.english.cedict import cedict_path

    opening = metadata._patterns()["not_place_opening_characters"]
    names = set()
    with gzip.open(cedict_path(), "rt", encoding="utf-8") as lines:
        for line in lines:
            headword = line.split(" ", 2)[1] if not line.startswith("#") else ""
            if len(headword) >= 3 and headword[0] in opening and headword[-1] in "市县区旗":
                names.add(headword)
    assert len(names) >= 5
    assert [n for n in sorted(names) if metadata.split_places(n) != [n]] == []


@pytest.mark.parametrize("title, text, region, shown", [
    ("清远市住宅小区物业管理条例", "第一条 为了规范住宅小区物业管理活动，制定本条例。", "清远市", "清远市 · 住宅小区物业管理条例"),
    ("山东省风景名胜区条例", "第一条 为了加强风景名胜区管理，制定本条例。", "山东省", "山东省 · 风景名胜区条例"),
    ("风景名胜区条例", "第一条 为了加强对风景名胜区的管理，制定本条例。", "中国", "中国 · 风景名胜区条例"),
    ("杭州市历史文化街区和历史建筑保护条例", "第一条 为了加强保护，制定本条例。", "杭州市", "杭州市 · 历史文化街区"),
])
def test_a_site_within_a_place_is_not_read_as_a_place(write_report, title, text, region, shown):
    # a housing estate, a scenic area, a historic district: the place is the city or province, or none
    doc = ingest_file(write_report("law.md", f"# {title}\n\n{text}\n"), "law")
    assert doc.region == region
    assert doc.display_title.startswith(shown)


@pytest.mark.parametrize("name", ["住宅小区", "泰山风景名胜区", "历史文化街区", "崂山风景区"])
def test_site_names_are_no_places_but_districts_still_are(name):
    assert metadata.split_places(name) is None
    assert metadata.split_places("北京市东城区") == ["北京市", "东城区"]
    assert metadata.split_places("上海市浦东新区") == ["上海市", "浦东新区"]
