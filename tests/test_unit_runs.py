"""Initials of a run the text uses as one unit though jieba cuts it into a character and a word
(issue 13): `wjy` is 稳|就业, a run of twelve paragraphs here, and the whole word 吴金印 (one use);
`xdn` is 新|动能 and must not read 现代农 out of 现代农业 (a word cut whole, never a run of its own);
`xjj` is “新基建”, not 性|基金 out of 政府性基金 (性 there is a piece of a word jieba cut apart);
`qzl` is 氢|走廊, also where jieba cut 绿氢|走廊.
"""
import pytest

from conftest import engine_of_report, texts

_WORDS = ["推进", "改革", "开放", "建设", "城市", "乡村", "教育", "医疗", "科技", "创新",
          "生态", "环境", "交通", "能源", "文化", "旅游", "安全", "治理", "服务", "产业"]
# Paragraphs of other words, so that 稳 beside 就业 is far likelier than chance would give.
FILLER = "".join(f"第{i}段：" + "，".join(_WORDS[(i * 7 + k) % 20] + _WORDS[(i * 3 + k * 5) % 20] for k in range(6))
                 + "。\n" for i in range(40))
REPORT = (
    "某市政府工作报告\n"
    + FILLER
    + "".join(f"第{i}条：稳就业，兜牢民生底线。\n" for i in range(12))
    + "学习吴金印同志的先进事迹。\n"
    + "".join(f"第{i}项：发展现代农业，建设农业强市。\n" for i in range(6))
    + "".join(f"第{i}款：培育“新动能”，壮大实体经济。\n" for i in range(8))
    + "".join(f"第{i}节：统筹用好政府性基金，加强预算管理。\n" for i in range(6))
    + "".join(f"第{i}章：适度超前建设“新基建”，夯实数字底座。\n" for i in range(4))
    + "".join(f"第{i}部：贯通运营“氢走廊”，发展氢能产业。\n" for i in range(8))
    + "".join(f"第{i}篇：打造河西“绿氢走廊”。\n" for i in range(2))
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return engine_of_report(tmp_path_factory, "unit_runs", REPORT)


def test_initials_of_a_character_and_a_word_used_as_one_unit_find_the_run(engine):
    result = engine.search("wjy", limit=20)
    found = texts(result)
    # The run's twelve paragraphs first, and the whole word with those initials still found (before: it alone).
    assert "稳就业" in found[0] and sum("稳就业" in t for t in found[:12]) >= 10
    assert "学习吴金印同志的先进事迹。" in found
    assert result.total == 13
    leaf = result.interpretation["leaves"][0]
    assert leaf["kind"] == "initials" and leaf["note"] == "words in a row"
    assert leaf["runs"][0] == "稳就业" and "吴金印" in leaf["runs"]
    assert "稳就业" in result.interpretation["description"]


def test_one_run_is_said_as_written_and_no_piece_of_a_word_cut_whole_is_read(engine):
    result = engine.search("xdn", limit=20)
    found = texts(result)
    assert result.total == 8 and all("新动能" in t for t in found)
    assert result.interpretation["description"] == "initials “xdn” → words in a row: 新动能"
    # 现代农业 is one word of the text: `xdn` is not read as 现代农 (the estimate from pairs of characters did).
    assert not any("现代农业" in t for t in found)


def test_initials_read_a_unit_first_not_a_piece_of_a_longer_word(engine):
    result = engine.search("xjj", limit=20)
    found = texts(result)
    # Before: 性基金 (six paragraphs of 政府性基金) was read first and its paragraphs came first.
    assert result.interpretation["description"] == "initials “xjj” → words in a row: 新基建"
    assert result.total == 4 and all("新基建" in t for t in found)


def test_the_tally_says_which_side_of_a_run_touches_punctuation():
    from termsearch.analysis import unit_runs

    runs, bounded, alone = unit_runs.runs_of("统筹用好政府性基金，适度超前建设“新基建”")
    assert {"性|基金", "新|基建"} <= runs and {"性|基金", "新|基建"} <= bounded
    assert "新|基建" in alone and "性|基金" not in alone


def test_runs_are_kept_only_where_their_words_meet_far_more_than_by_chance():
    from collections import Counter

    from termsearch.analysis import unit_runs

    counts = Counter({"稳": 12, "就业": 14, "的": 400, "发展": 300, "新": 5, "动能": 4, "刀刃": 6, "在": 300,
                      "其他": 5000})
    paragraphs = Counter({"稳|就业": 12, "的|发展": 40, "新|动能": 2, "在|刀刃": 6})
    beside_punctuation = Counter({"稳|就业": 5, "的|发展": 10, "新|动能": 2})
    character_beside = Counter({"稳|就业": 1, "的|发展": 3, "新|动能": 1})
    # 稳 就业: 12 paragraphs where chance gives 12 * 14 / 5735; 的 发展 are common apart as much as
    # together; 新 动能 in 2 paragraphs is too few to tell; 在刀刃 never stands alone (用在刀刃上).
    assert unit_runs.select((paragraphs, beside_punctuation, character_beside), counts) == {"稳|就业": 12}
    # Beside punctuation only on its word's side (就业、 but never 、稳): a piece of a longer word.
    assert unit_runs.select((paragraphs, beside_punctuation, Counter()), counts) == {}


def _halves(tmp_path):
    """The report above cut in two files, 稳就业 in six paragraphs of each: in either alone, too
    few beside the filler to be told from chance; in both, the run of twelve above."""
    lines = REPORT.splitlines(keepends=True)
    first = lines[:20] + [l for l in lines if "稳就业" in l][:6]
    second = ["某县政府工作报告\n"] + lines[20:41] + [l for l in lines if "稳就业" in l][6:] \
        + [l for l in lines if "吴金印" in l or "现代农业" in l or "新动能" in l]
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("".join(first), encoding="utf-8")
    b.write_text("".join(second), encoding="utf-8")
    return a, b


def test_adding_reports_finds_the_runs_a_whole_build_of_the_same_reports_finds(tmp_path):
    from termsearch import Engine, build

    a, b = _halves(tmp_path)
    build([a], tmp_path / "ix")
    # Half the paragraphs: not told from chance, no unit run (`wjy` still finds the six by the
    # characters the text holds, letter_reading.held_runs).
    assert ("稳", "就业") not in {run for runs in Engine(tmp_path / "ix").reader().unit_runs.values() for run, _ in runs}
    build([b], tmp_path / "ix", incremental=True)
    # Before: the added report's runs were counted alone (6 paragraphs, not told from chance),
    # and the table still had no 稳就业.
    added = Engine(tmp_path / "ix")
    result = added.search("wjy", limit=20)
    assert result.interpretation["leaves"][0]["runs"][0] == "稳就业"
    assert sum("稳就业" in t for t in texts(result)) == 12
    build([a, b], tmp_path / "whole")
    assert added.reader().unit_runs == Engine(tmp_path / "whole").reader().unit_runs


def test_a_report_replaced_without_its_run_no_longer_reads_the_initials_as_it(tmp_path):
    from termsearch import Engine, build

    a, b = _halves(tmp_path)
    build([a, b], tmp_path / "ix")
    assert Engine(tmp_path / "ix").search("wjy").interpretation["leaves"][0]["runs"][0] == "稳就业"
    # The second report again, its six paragraphs of 稳就业 gone: the run's count is the first's six.
    b.write_text(b.read_text(encoding="utf-8").replace("稳就业，", ""), encoding="utf-8")
    build([b], tmp_path / "ix", incremental=True)
    build([a, b], tmp_path / "whole")
    assert Engine(tmp_path / "ix").reader().unit_runs == Engine(tmp_path / "whole").reader().unit_runs
    assert dict(Engine(tmp_path / "ix").reader().unit_runs)["wjy"][0] == (("稳", "就业"), 6)


def test_writers_packed_tallies_add_up_to_their_runs():
    from collections import Counter

    from termsearch.analysis import unit_runs

    first = (Counter({"新|动能": 2, "稳|就业": 1}), Counter({"新|动能": 1}), Counter())
    second = (Counter({"稳|就业": 3, "新|基建": 1}), Counter({"稳|就业": 2, "新|基建": 1}), Counter({"新|基建": 1}))
    packed = [unit_runs.pack(first), unit_runs.pack(second), unit_runs.pack(unit_runs.empty())]
    assert unit_runs.merge_packed(packed) == unit_runs.merge([first, second])
    assert unit_runs.merge_packed(packed) == (Counter({"新|动能": 2, "稳|就业": 4, "新|基建": 1}),
                                              Counter({"新|动能": 1, "稳|就业": 2, "新|基建": 1}),
                                              Counter({"新|基建": 1}))
    # A run never beside punctuation is not a bounded one.
    assert all(0 not in counter.values() for counter in unit_runs.merge_packed(packed)[1:])


def test_the_kept_tally_is_written_in_one_order_and_read_back(tmp_path):
    from collections import Counter

    from termsearch import unit_runs_table

    tallied = (Counter({"稳|就业": 3, "新|基建": 4}), Counter({"稳|就业": 2, "新|基建": 4}), Counter({"新|基建": 2}))
    reordered = tuple(Counter(dict(reversed(c.items()))) for c in tallied)
    unit_runs_table.write(tmp_path / "a", tallied, Counter({"稳": 5, "就业": 5}), {}, {})
    unit_runs_table.write(tmp_path / "b", reordered, Counter({"稳": 5, "就业": 5}), {}, {})
    written = (tmp_path / "a" / unit_runs_table.TALLY).read_bytes()
    assert written == (tmp_path / "b" / unit_runs_table.TALLY).read_bytes()
    assert written.index("新|基建".encode()) < written.index("稳|就业".encode())
    assert unit_runs_table.has_tally(tmp_path / "a") and unit_runs_table.tally(tmp_path / "a") == tallied
    # A tally kept by an older build (without the third count) is not added to: the build is analysed again.
    (tmp_path / "a" / unit_runs_table.TALLY).write_text('{"稳|就业":[3,2]}', encoding="utf-8")
    assert not unit_runs_table.has_tally(tmp_path / "a")


def test_initials_of_a_unit_find_what_its_characters_find(engine):
    by_characters = engine.search("氢走廊", limit=20)
    result = engine.search("qzl", limit=20)
    # Before: only where 氢 and 走廊 are two words side by side (8), not 绿氢|走廊 (2).
    assert by_characters.total == 10
    assert result.total == 10 and all("氢走廊" in t for t in texts(result))
    assert result.interpretation["description"] == "initials “qzl” → words in a row: 氢走廊"


def test_a_word_the_next_longer_word_holds_stays_in_the_cut(tmp_path_factory):
    # jieba cuts 从|封闭|半封闭: 封闭 is a word of the cut, not a sub-word of 半封闭. Taken for one,
    # the tally read 从 beside 半封闭, a run the text never has, and `cbfb` was read as it.
    from termsearch.analysis import unit_runs

    runs, _, _ = unit_runs.runs_of("从封闭半封闭走向全面开放")
    assert "从|封闭" in runs and "从|半封闭" not in runs
    report = "某市政府工作报告\n" + FILLER + "".join(f"第{i}条：从封闭半封闭走向全面开放。\n" for i in range(6))
    engine = engine_of_report(tmp_path_factory, "unit_runs_held", report)
    assert "从半封闭" not in engine.search("cbfb").interpretation["description"]
    assert engine.search("cfb").total == 6


def test_the_tally_reads_the_words_jieba_cut_whether_or_not_a_fold_is_in_the_run():
    # The runs come from each run's cut as the index cut it (segment's cache): with a character a
    # regional fold makes (着) or changes (著) or without, they are the pairs of the words that
    # segment.segment gives one position each.
    from termsearch.analysis import segment, unit_runs, variants

    # 新|城镇化 and 从|着力点, never 新|城镇 or 从|着力 (sub-words, not words of the cut).
    for text in ("推进新城镇化，适度超前建设“新基建”", "从封闭半封闭走向全面开放", "从着力点出发",
                 "成绩显著，稳就业，新动能显着增强", "著名企业家即半封闭"):
        unfolded = variants.normalized_text(text, regional=False)
        segment.index_words(unfolded)
        words = {}
        for token in segment.segment(unfolded):
            words[token.pos] = token      # a word comes after its sub-words, at their position
        cut = [t.text for t in sorted(words.values(), key=lambda t: t.pos)]
        starts = [t.start for t in sorted(words.values(), key=lambda t: t.pos)]
        ends = [t.end for t in sorted(words.values(), key=lambda t: t.pos)]
        expected = {a + unit_runs.SEPARATOR + b
                    for (a, b), end, start in zip(zip(cut, cut[1:]), ends, starts[1:])
                    if end == start and 3 <= len(a) + len(b) <= 4 and 1 in (len(a), len(b))
                    and unit_runs._HAN.match(a) and unit_runs._HAN.match(b)}
        assert unit_runs.runs_of(unfolded)[0] == expected, text
