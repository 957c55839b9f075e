"""A word where it stands alone before the same characters the build found inside a longer word
(issue 13): 海港 is indexed inside 沿海港口 (its sub-words 沿海, 海港, 港口), where it is no harbour
of its own. Typed as characters or as pinyin (with a slip too), the paragraphs that say 海港 come
first; those of 沿海港口 are still found, after them."""
import pytest

from conftest import engine_of_report

INSIDE = "".join(f"推进沿海港口建设第{i}期工程。\n" for i in range(12))
# A little longer than the others: on BM25's length alone they ranked below all twelve.
ALONE = "".join(f"建成深水海港一座，推进各项工作第{i}批。\n" for i in range(2))


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return engine_of_report(tmp_path_factory, "standing_alone", "某市政府工作报告\n" + INSIDE + ALONE)


@pytest.mark.parametrize("typed", ["海港", "hai gang", "haigang", "haigagn", "hiagang"])
def test_the_paragraphs_where_the_word_stands_alone_come_first(engine, typed):
    result = engine.search(typed, limit=20)
    if typed in ("haigagn", "hiagang"):         # one slip: mended, and the correction said
        assert "corrected" in result.interpretation["description"] and "海港" in result.interpretation["description"]
    alone = ["深水海港" in hit.text for hit in result.hits]
    assert alone[:2] == [True, True], typed
    # The paragraphs of 沿海港口 are still found, after them.
    assert result.total == 14 and alone.count(False) == 12


def test_a_longer_word_typed_is_not_ranked_by_it(engine):
    # 沿海港口 typed: its own paragraphs only, as before.
    result = engine.search("沿海港口", limit=20)
    assert result.total == 12 and all("沿海港口" in hit.text for hit in result.hits)
