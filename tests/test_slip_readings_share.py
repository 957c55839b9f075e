"""Pinyin with one slip (issue 13): the readings the mended letters spell share page one when
they are about as common. `jianghqao` (one letter too many) is mended to jiang hao, which reads
as 降耗 (16 paragraphs here) and 讲好 (12), both too many for page one whole; the first is only a
guess, so 讲好 is not left one place while 降耗 takes nine. The correction is said, each
reading a click away."""
import pytest

from conftest import engine_of_report

READINGS = {"降耗": 16, "讲好": 12}
TEXT = "某市政府工作报告\n" + "".join(
    f"第{i}项：坚持{word}，推进各项工作第{i}批。\n" for word, n in READINGS.items() for i in range(n))


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return engine_of_report(tmp_path_factory, "slip_readings_share", TEXT)


def readings_on(result):
    return [next((w for w in READINGS if w in hit.text), None) for hit in result.hits]


def test_two_readings_about_as_common_share_page_one_after_a_slip(engine):
    # Fails before: 降耗 (the first reading) took nine places, 讲好 one.
    result = engine.search("jianghqao", limit=10)
    assert "corrected" in result.interpretation["description"]
    held = readings_on(result)
    assert held.count("讲好") >= 4 and held.count("降耗") >= 4, held


def test_past_page_one_every_hit_still_comes_once(engine):
    whole = engine.search("jianghqao", limit=28)
    assert len({h.paragraph for h in whole.hits}) == len(whole.hits) == whole.total == 28


def test_each_reading_of_the_correction_is_one_click_away(engine):
    from urllib.parse import quote_plus

    from termsearch.app import create_app

    page = create_app(engine.index_dir).test_client().get("/?q=jianghqao").get_data(as_text=True)
    for word in READINGS:
        assert f'href="/?q={quote_plus(word)}"' in page
