"""Which reading page one follows (issue 13): letters read as words in a row, and letters mended
after a slip.

`zjtx` has no word of its own here: it reads as words in a row, 专精 特新 (in 12 long paragraphs)
or 资金 投向 (in 2 short ones, which BM25 ranks above them). `yuanjig` reads nothing: yuanjing
(远景, 愿景) is one letter left out, yuanjin (远近, commoner) a letter struck for another far from it.
`寮bu`: 寮 and a syllable, no word of the index: 寮 then 步 or 不, of which the text holds 寮步.
`bu` alone: 步 stands as a word of its own twice (寮|步) but is in 稳步 in six paragraphs more;
簿 stands alone four times and is nowhere else.
"""
import pytest

from conftest import engine_of_report, texts

REPORT = (
    "某市政府工作报告\n"
    + "".join(f"第{i}批：支持专精特新企业发展，" + "推进各项工作，" * 40 + "\n" for i in range(12))
    + "".join(f"第{i}次资金投向农村。\n" for i in range(2))
    + "".join(f"第{i}项远景目标。\n" for i in range(3))
    + "".join(f"第{i}个共同愿景。\n" for i in range(2))
    + "".join(f"第{i}天远近闻名。\n" for i in range(5))
    + "东莞寮步加快发展，不走老路。\n"
    + "步，是长度的单位。\n" + "".join(f"第{i}次见簿签字。\n" for i in range(4))
    + "".join(f"稳步推进第{i}项。\n" for i in range(6))
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return engine_of_report(tmp_path_factory, "likelihood", REPORT)


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


def test_characters_and_a_syllable_in_a_row_are_said_as_the_text_holds_them(engine):
    result = engine.search("寮bu")
    description = result.interpretation["description"]
    assert result.interpretation["leaves"][0]["runs"] == ["寮步"]
    assert "寮步" in description and "寮不" not in description
    assert texts(result) == ["东莞寮步加快发展，不走老路。"]


def test_a_mended_slip_ranks_the_likelier_slip_first_then_its_words_by_use(engine):
    result = engine.search("yuanjig", limit=10)
    leaf = result.interpretation["leaves"][0]
    assert leaf["corrected"] == "yuanjing"
    # 愿景 (yuanjing, a letter left out) before 远近 (yuanjin: g struck for n), though rarer.
    assert leaf["words"][:3] == ["远景", "愿景", "远近"]
    found = texts(result)
    first = {w: next(i for i, t in enumerate(found) if w in t) for w in leaf["words"][:3]}
    assert first["远景"] < first["愿景"] < first["远近"]


def test_a_lone_syllable_lists_its_characters_by_how_much_the_text_uses_each(engine):
    # How often a character is used counts its uses inside words (稳步), not only where it
    # stands alone, as a user reads `bu`: 步 before 簿.
    words = engine.search("bu").interpretation["leaves"][0]["words"]
    assert {"不", "步", "簿"} <= set(words)
    used = {w: sum(w in t for t in engine.reader().texts) for w in words}
    assert words == sorted(words, key=lambda w: -used[w])
