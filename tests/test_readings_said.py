"""Every reading searched is said (issue 13): letters that read as several words search each of
them, and the interpretation names each one, in the words typed.

`zhdx` is read both ways, zh as one initial (针对性, zh d x) and as two letters (综合大学, z h d x):
it is said as typed, not as the one-initial key `zdx` no one typed; seven words read so, and
seven share page one, so all seven are named (before: the first six, with nothing said of the
seventh). `yizhi` reads as seven words of the text, each named.
"""
import pytest

from conftest import engine_of_report

INITIALS = {"针对性": 9, "主动性": 8, "指导性": 7, "制度性": 6, "战斗性": 5, "主导型": 4, "综合大学": 2}
PINYIN = {"一致": 9, "遗址": 8, "意志": 7, "抑制": 6, "以至": 5, "一直": 4, "以致": 3}
REPORT = "某市政府工作报告\n" + "".join(f"第{i}条：我们要增强{w}。\n" for w, n in {**INITIALS, **PINYIN}.items()
                                      for i in range(n))


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return engine_of_report(tmp_path_factory, "readings_said", REPORT)


def test_initials_are_said_as_typed_with_every_word_they_read_as(engine):
    result = engine.search("zhdx", limit=20)
    leaf = result.interpretation["leaves"][0]
    assert leaf["kind"] == "initials" and set(leaf["words"]) == set(INITIALS)
    description = result.interpretation["description"]
    assert description.startswith("initials “zhdx” → ")
    assert all(w in description for w in INITIALS)
    # Each word named has its paragraphs among the hits: nothing said is missing, nothing found unsaid.
    assert {w for w in INITIALS if any(w in h.text for h in result.hits)} == set(INITIALS)


def test_pinyin_of_seven_words_names_all_seven(engine):
    result = engine.search("yizhi", limit=10)
    assert set(result.interpretation["leaves"][0]["words"]) == set(PINYIN)
    assert all(w in result.interpretation["description"] for w in PINYIN)



def test_the_search_page_says_how_many_words_it_leaves_unnamed(engine):
    # The page names six words of a reading inline; the seventh searched is counted, not dropped
    # silently (each is also a one-click search in the corrections line).
    from termsearch.app import create_app

    body = create_app(engine.index_dir).test_client().get("/?q=zhdx").get_data(as_text=True)
    inline = body[body.index('class="interpretation"'):body.index('class="correction"')]
    assert sum(w in inline for w in INITIALS) == 6
    assert "and 1 more" in inline
