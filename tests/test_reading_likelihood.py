"""Which reading page one follows (issue 13): letters read as words in a row.

`zjtx` has no word of its own here: it reads as words in a row, 专精 特新 (in 12 long paragraphs)
or 资金 投向 (in 2 short ones, which BM25 ranks above them).
"""
import pytest

from conftest import texts

REPORT = (
    "某市政府工作报告\n"
    + "".join(f"第{i}批：支持专精特新企业发展，" + "推进各项工作，" * 40 + "\n" for i in range(12))
    + "".join(f"第{i}次资金投向农村。\n" for i in range(2))
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    from termsearch import Engine, build

    folder = tmp_path_factory.mktemp("likelihood")
    report = folder / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    build([report], folder / "ix")
    return Engine(folder / "ix")


def test_words_in_a_row_follow_the_run_most_paragraphs_hold(engine):
    result = engine.search("zjtx", limit=10)
    leaf = result.interpretation["leaves"][0]
    assert leaf["runs"] == ["专精特新", "资金投向"]
    assert "words in a row: 专精特新、资金投向" in result.interpretation["description"]
    held = ["专精特新" in t for t in texts(result)]
    # The run meant first, though the other's short paragraphs score higher; it still has its place.
    assert held[0] and sum(held) >= 8 and not all(held)
    assert result.total == 14


def test_each_run_of_words_is_a_click_away(engine):
    from urllib.parse import quote_plus

    from termsearch.app import create_app

    page = create_app(engine.index_dir).test_client().get("/?q=zjtx").get_data(as_text=True)
    for run in ("专精特新", "资金投向"):
        assert f'href="/?q={quote_plus(run)}"' in page

