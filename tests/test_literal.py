"""English for every glossary entry (issue 14): a termbase part's published English, else a
literal gloss from CC-CEDICT that is labelled as one everywhere it is shown."""
import json
import re

import pytest
from click.testing import CliRunner

from termsearch import export
from termsearch.english import literal, renderings as english
from termsearch.english.term_match import match_terms_in_english
from termsearch.cli import main
from termsearch.model import Rendering, SourceRef, Term

from test_export import schema_problems, tbx_basic_schematron, tbx_core_rng  # noqa: F401 (fixtures)

OFFICIAL = Rendering("Four Good Rural Roads", "official", "Xinhua", "https://english.news.cn/x")


def term(headword: str, document: str = "report", english_=()) -> Term:
    return Term(id=f"{document}:{headword}", term=headword, traditional=headword, simplified=headword,
                aliases=[], definition="", source=SourceRef(document, 1), english=list(english_))


def gloss(headword: str, renderings=None) -> str:
    return literal.literal_gloss(headword, {} if renderings is None else renderings)


def test_numbers_and_latin_letters_stay_as_written():
    assert "'5080'" in gloss("学前教育“5080”")
    assert re.search(r"\b2\+2\b", gloss("“2+2”政策"))
    assert "IP" in gloss("IP经济")


def test_quoted_shorthand_stays_quoted_and_number_words_stay_numbers():
    text = gloss("巡防管控“四个一”体系")
    assert "'four one'" in text             # the classifier 个 says nothing after a number
    assert gloss("三区三线").split().count("three") == 2
    assert "line" in gloss("三区三线")      # 线 as in 直线/路线, not its first sense "thread"


def test_a_whole_quoted_headword_is_not_wrapped_in_quotes():
    assert not gloss("“惡意詞”").startswith("'")


def test_shorthand_the_termbase_knows_is_given_its_published_english():
    renderings = {"四好农村路": [OFFICIAL]}
    assert gloss("四好农村路建设", renderings).startswith("Four Good Rural Roads ")
    assert "'Four Good Rural Roads'" in gloss("推进“四好农村路”", renderings)


def test_a_part_in_the_termbase_is_rendered_and_says_which_part():
    [t] = literal.attach_glosses([term("四好农村路建设")], {"四好农村路": [OFFICIAL]})
    part, last = t.english[0], t.english[-1]
    assert (part.text, part.confidence, part.part, part.url) == (
        "Four Good Rural Roads", "official", "四好农村路", OFFICIAL.url)
    assert not part.is_translation
    assert last.confidence == "literal" and not last.is_translation
    assert last.text.startswith("Four Good Rural Roads")


def test_a_short_key_inside_an_unquoted_word_is_not_a_part_but_a_quoted_one_is():
    renderings = {"三保": [Rendering("three guarantees", "official", "Xinhua", "https://e.x/a")]}
    [inside] = literal.attach_glosses([term("两不愁三保障")], renderings)
    [quoted] = literal.attach_glosses([term("落实“三保”要求")], renderings)
    assert [r.confidence for r in inside.english] == ["literal"]
    assert quoted.english[0].part == "三保"


def test_own_renderings_are_kept_and_glosses_are_not_piled_up():
    own = Rendering("zero-waste city", "official", "CGTN", "https://cgtn.com/x")
    terms = [term("无废城市", english_=[own]), term("雪亮工程")]
    for _ in range(2):                      # every build makes the glosses again
        literal.attach_glosses(terms, {})
    assert terms[0].english == [own]
    assert [r.confidence for r in terms[1].english] == ["literal"]


def test_a_scoped_part_reaches_only_its_region():
    scoped = Rendering("Double Hundred Project", "attested", "Nanfang+", "https://e.x/a", scope="广东")
    renderings = {"双百工程": [scoped]}
    regions = {"gd": "广东省东莞市", "hb": "河北省保定市"}
    gd, hb = literal.attach_glosses([term("推进“双百工程”", "gd"), term("推进“双百工程”", "hb")],
                                    renderings, regions)
    assert gd.english[0].part == "双百工程"
    assert [r.confidence for r in hb.english] == ["literal"]



def test_a_quoted_number_before_the_word_it_counts_is_read_with_it():
    """“七五”普法 is the seventh legal-awareness campaign, not the Seventh Five-Year Plan (七五)
    followed by 普法: a glossary headword, or a longer one holding it, gets the campaign's English."""
    plan = Rendering("Seventh Five-Year Plan (1986-1990)", "official", "China.org.cn", "https://e.x/plan")
    campaign = Rendering("Seventh Five-Year Plan for the dissemination of the knowledge of the law",
                         "official", "China Daily", "https://e.x/law")
    renderings = {"七五": [plan], "七五普法": [campaign]}
    [whole] = english.attach_renderings([term("“七五”普法")], renderings)
    [longer] = literal.attach_glosses([term("“七五”普法工作")], renderings)
    assert [r.text for r in whole.english] == [campaign.text]
    assert longer.english[0].part == "七五普法" and longer.english[0].url == campaign.url
    assert campaign.text in longer.english[-1].text and plan.text not in longer.english[-1].text
    assert plan.text in gloss("“七五”时期", renderings)       # the plan where nothing follows to say otherwise


def test_the_packaged_termbase_tells_the_legal_awareness_campaigns_from_the_plans():
    rows = english.load_renderings()
    for number in ("五五", "七五", "八五"):
        [campaign] = english.attach_renderings([term(f"“{number}”普法")], rows)
        assert campaign.english and all("Five-Year Plan (" not in r.text for r in campaign.english)
        assert all(r.confidence in ("official", "attested") and r.url for r in campaign.english)

# ----------------------------------------------------------------------- the renderings file's scope

HEADER = "term,english,confidence,source,url,note,scope\n"


def test_a_scoped_row_attaches_to_its_place_or_document_only(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(HEADER
                    + "双万,GDP and population milestone,official,Dongguan Today,https://e.x/1,,东莞\n"
                    + "双万,a Shanghai double,attested,SCMP,https://e.x/2,,sh-2024\n"
                    + "双万,Double Ten-Thousand,descriptive,termsearch (descriptive),,,national\n", encoding="utf-8")
    rows = english.load_renderings(path)
    assert [r.scope for r in rows["双万"]] == ["东莞", "sh-2024", ""]
    regions = {"liaobu": "廣東省東莞市寮步鎮", "sh-2024": "上海市", "hb": "河北省"}
    liaobu, shanghai, hebei = english.attach_renderings(
        [term("雙萬", "liaobu"), term("双万", "sh-2024"), term("双万", "hb")], rows, regions)
    assert [r.text for r in liaobu.english] == ["GDP and population milestone", "Double Ten-Thousand"]
    assert [r.text for r in shanghai.english] == ["a Shanghai double", "Double Ten-Thousand"]
    assert [r.text for r in hebei.english] == ["Double Ten-Thousand"]


def test_a_local_definition_of_a_national_name_gets_no_national_english(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(HEADER
                    + "三步走,three-step development strategy,official,China.org.cn,https://e.x/1,,national\n"
                    + "三步走,Baoding's three steps,attested,Baoding Daily,https://e.x/2,,保定\n", encoding="utf-8")
    rows = english.load_renderings(path)
    regions = {"bd": "河北省保定市", "lx": "河北省蠡县"}

    def defined(document: str, definition: str) -> Term:
        t = term("“三步走”战略目标", document)
        t.aliases, t.definition = ["三步走"], definition
        return t

    baoding, speaks_as_a_city, national = english.attach_renderings([
        defined("bd", "第一步，到2025年，保定建成现代化新城；第二步，到2030年……"),
        defined("lx", "到2035年，全县与全市同步基本实现现代化。"),
        defined("lx", "第一步实现国民生产总值比1980年翻一番，解决人民的温饱问题……")], rows, regions)
    # Baoding's own steps: only the row written for Baoding; a county speaking as itself: none.
    assert [r.text for r in baoding.english] == ["Baoding's three steps"]
    assert speaks_as_a_city.english == []
    assert [r.text for r in national.english] == ["three-step development strategy"]
    # Nor is the national English given as the English of a part of a local headword.
    part = defined("lx", "全县“三步走”战略的目标。")
    part.term, part.aliases = "“三步走”目标", []
    literal.attach_glosses([part], rows, regions)
    assert not any("three-step development strategy" in r.text for r in part.english)


def test_a_file_without_the_scope_column_still_reads(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("term,english,confidence,source\n瞪羚企业,gazelle,attested,SCMP\n", encoding="utf-8")
    [row] = english.load_renderings(path)["瞪羚企业"]
    assert row.scope == ""
    [t] = english.attach_renderings([term("瞪羚企业", "anywhere")], english.load_renderings(path))
    assert t.english[0].text == "gazelle"


def test_the_packaged_dongguan_renderings_do_not_reach_another_places_homonym():
    rows = english.load_renderings()
    regions = {"liaobu": "廣東省東莞市寮步鎮", "hebei": "河北省石家庄市"}
    liaobu, hebei = english.attach_renderings([term("“雙百工程”", "liaobu"), term("“双百工程”", "hebei")],
                                              rows, regions)
    assert liaobu.english and not hebei.english


# ----------------------------------------------------------------------- every face carries it

def test_api_card_and_term_page_carry_the_literal_gloss_labelled(client):
    card = client.get("/api/terms/hostile:g01").get_json()
    [gloss_] = [r for r in card["english"] if r["confidence"] == "literal"]
    assert gloss_["text"] and gloss_["source"].startswith("CC-CEDICT")
    page = client.get("/terms/hostile:g01").get_data(as_text=True)
    assert "badge-literal" in page and "literal gloss" in page
    found = client.get("/api/search?q=惡意詞").get_json()
    assert any(r["confidence"] == "literal" for t in found["terms"] for r in t["english"])


def test_the_cli_says_a_literal_gloss_is_not_a_translation(small_index):
    runner = CliRunner()
    shown = runner.invoke(main, ["show", "hostile:g01", "--index", str(small_index)])
    listed = runner.invoke(main, ["terms", "--index", str(small_index)])
    for result in (shown, listed):
        assert result.exit_code == 0, result.output
        assert "literal gloss, not a translation" in result.output


def test_an_english_query_does_not_match_a_literal_gloss():
    [t] = literal.attach_glosses([term("雪亮工程")], {})
    assert match_terms_in_english(t.english[0].text, [t]) == []


def test_tbx_carries_glosses_as_notes_and_stays_valid(tbx_core_rng, tbx_basic_schematron):
    terms = literal.attach_glosses([term("四好农村路建设"), term("雪亮工程")], {"四好农村路": [OFFICIAL]})
    document = export.to_tbx(terms)
    assert schema_problems(document, tbx_core_rng, tbx_basic_schematron) == []
    assert "literal gloss (CC-CEDICT, not a translation): " in document
    assert '"part": "四好农村路"' in document
    assert '<langSec xml:lang="en"' not in document     # neither is a term of the concept
    back = export.from_tbx(document)
    assert [t.term for t in back] == ["四好农村路建设", "雪亮工程"] and all(not t.english for t in back)


def test_json_export_of_glossed_terms_imports_again(tmp_path):
    terms = literal.attach_glosses([term("四好农村路建设")], {"四好农村路": [OFFICIAL]})
    path = tmp_path / "terms.json"
    path.write_text(json.dumps([t.to_dict() for t in terms], ensure_ascii=False), encoding="utf-8")
    [back] = export.read_terms(path)
    assert back.english == []                       # composed English is made again at build


def test_a_place_the_dictionary_only_describes_is_given_its_name():
    """河北 is 'Hebei province (Hopeh) in north China surrounding Beijing, short name 冀, …' in
    CC-CEDICT: a literal gloss says Hebei, not the description cut off."""
    glossed = gloss("“六个现代化河北”")
    assert "Hebei" in glossed and "surrounding" not in glossed


@pytest.mark.parametrize("headword, unwanted, wanted", [
    ("“新四馆”", " or ", "building"),                      # alternatives: the first names one thing
    ("河道“清五乱”", " or ", "disorder"),
    ("三重四创五优化", "attach importance", "heavy"),      # a character's sense a reader takes as a word
    ("拒马河创新驿站", "bring forth new ideas", "blaze new trails"),   # a word's shorter sense
    ("“四河同治”", "Tongzhi", "same rule"),                 # a reign name is not what the slogan says
    ("“哪吒”企业", "deity", "Nezha"),                       # a name, not what the dictionary says of it
])
def test_literal_glosses_read_as_words_not_dictionary_descriptions(headword, unwanted, wanted):
    text = gloss(headword)
    assert unwanted not in text and wanted in text


def test_a_place_s_name_stays_a_name():
    assert gloss("“浦江经验”") == "Pujiang experience"


@pytest.mark.parametrize("headword, unwanted, wanted", [
    ("京保协作", "big", "Beijing"),            # a province's one-character abbreviation is the province
    ("川渝合作", "river", "Sichuan"),
    ("四村联创", "couplet", "unite"),          # a sense of another register (poetry) is not the gloss
    ("医联体", "couplet", "unite"),
])
def test_a_character_is_glossed_in_the_sense_a_report_means(headword, unwanted, wanted):
    text = gloss(headword)
    assert unwanted not in text and wanted in text


@pytest.mark.parametrize("headword, wanted", [("新质生产力", "new"), ("黑土地保护", "black")])
def test_a_character_that_also_abbreviates_a_province_keeps_its_common_sense(headword, wanted):
    """新 abbreviates Xinjiang, 黑 Heilongjiang: the place only where the dictionary's words say it
    at least twice as often as the character's other senses."""
    assert wanted in gloss(headword).lower()


@pytest.mark.parametrize("headword, unwanted, wanted", [
    ("台湾同胞联谊", "bay", "Taiwan "),         # 台湾 is the province, not 台 and a bay
    ("港澳台侨", "Gangaotai", "Hong Kong, Macao and Taiwan"),    # names listed: all of them
    ("港澳同胞", "Hong Kong sibling", "Hong Kong and Macao"),
])
def test_a_place_named_in_full_or_in_a_list_is_every_place_it_names(headword, unwanted, wanted):
    text = gloss(headword)
    assert unwanted not in text and wanted in text


@pytest.mark.parametrize("headword, unwanted, wanted", [
    ("唐诗宋词进校园", "exaggerate", "Tang poetry"),   # a proper noun naming a thing, kept whole
    ("“港独”", None, "Hong Kong independence"),
    ("中俄合作", "suddenly", "Russia"),               # a character's name where its words say it
    ("欧亚通道", None, "Europe"),
    ("京保协作", "Bulgaria", "guarantee"),            # a name the words do not say stays out
])
def test_a_character_s_proper_name_is_its_gloss_where_its_compounds_say_so(headword, unwanted, wanted):
    text = gloss(headword)
    assert wanted in text and (unwanted is None or unwanted not in text), text


def glossed_in(headword: str, region: str, definition: str = "") -> str:
    """The literal gloss a build gives a glossary entry of a report of `region`."""
    entry = term(headword)
    entry.definition = definition
    literal.attach_glosses([entry], {}, {"report": region})
    return next(r.text for r in entry.english if r.confidence == literal.LITERAL)


BAODING_COOPERATION = "每个县（市、区）对接一家央企或京企、对接北京一所科研机构、培育一家上市公司。"


@pytest.mark.parametrize("region", ["河北省保定市", "河北省定兴县"])
def test_a_city_s_one_character_abbreviation_is_read_in_its_own_reports(region):
    """京保协作 in a Baoding report (or a report of a county CC-CEDICT places in Baoding) is
    Beijing–Baoding cooperation, not "Beijing guarantee cooperation"."""
    text = glossed_in("京保协作五个一", region, BAODING_COOPERATION)
    assert "Beijing-Baoding cooperation" in text and "guarantee" not in text, text


def test_a_city_pair_named_in_the_entry_s_definition_is_read_as_the_two_cities():
    text = glossed_in("雄忻高铁", "河北省保定市清苑区", "即雄安至忻州高铁，途径雄安、保定（清苑）、五台山、忻州等地。")
    assert text.startswith("Xiong'an-Xinzhou") and "male" not in text, text


@pytest.mark.parametrize("headword, region, kept", [
    ("京保协作五个一", "河北省沧州市", "guarantee"),      # no report of Baoding: 保 keeps its sense
    ("“两扫全保”", "河北省保定市", "guarantee"),          # 保 beside no place
    ("保障性住房建设", "河北省保定市", "ensure"),          # 保障 is a word
    ("浙商回归", "河南省商丘市", "commerce"),              # 台商, 川菜: a province's merchants, not Shangqiu
])
def test_a_city_s_first_character_keeps_its_sense_where_it_is_not_the_city(headword, region, kept):
    text = glossed_in(headword, region, "浙江商人" if "浙" in headword else BAODING_COOPERATION)
    assert kept in text and "Baoding" not in text and "Shangqiu" not in text, text
