"""The compiled segmenter (rjieba) and jieba itself give the index the same words, glossary
words stay whole in both, and jieba takes over where rjieba is missing or turned off."""
import importlib.util
import json
import os
import subprocess
import sys

import pytest

from termsearch.analysis import segment, variants
from termsearch.index_build import build
from termsearch.index_layout import current_build

from conftest import CORPUS, SEED, WEB_REPORTS, corpus_present

HAVE_RJIEBA = importlib.util.find_spec("rjieba") is not None
KINDS = [segment.JiebaSegmenter,
         pytest.param(segment.RustSegmenter, marks=pytest.mark.skipif(
             not HAVE_RJIEBA and os.environ.get("CI") != "true", reason="rjieba is not installed"))]
GLOSSARY = ["双万", "五零八零工程", "三区三线", "新起点成绩", "寮步镇2023", "u-key", "1+N"]


@pytest.fixture
def use(monkeypatch):
    """Make the module cut with one segmenter (as a process that found it would), caches emptied."""
    def caches_cleared():
        for cached in (segment._cut_run, segment._index_forms, segment._sub_words, segment.two_character_words):
            cached.cache_clear()

    def use_segmenter(segmenter):
        monkeypatch.setattr(segment, "_segmenter", segmenter)
        monkeypatch.setattr(segment, "_registered", set())
        caches_cleared()
        return segmenter

    yield use_segmenter
    caches_cleared()


@pytest.fixture(scope="module")
def segmenters():
    return {kind.name: kind() for kind in (segment.JiebaSegmenter, segment.RustSegmenter)
            if kind is segment.JiebaSegmenter or HAVE_RJIEBA}


def _real_runs() -> list[str]:
    paths = [SEED, *sorted(WEB_REPORTS.glob("*.txt"))]
    if corpus_present():
        # Reports, policy documents and laws picked per folder (stable when others are added).
        paths += sorted((CORPUS / "reports").rglob("*.txt"))[::25]
        paths += sorted((CORPUS / "glossaries").rglob("*.txt"))[::3]
        paths += sorted((CORPUS / "laws").rglob("*.md"))[::400]
    runs = []
    for path in paths:
        text = variants.normalize(path.read_text(encoding="utf-8", errors="replace"), regional=False)[0]
        runs += segment._runs().findall(text)
    return list(dict.fromkeys(runs))


@pytest.mark.skipif(not HAVE_RJIEBA, reason="rjieba is not installed")
def test_rjieba_cuts_real_text_as_jieba_does(segmenters):
    runs = _real_runs()
    # The seed and the web reports alone where ../shared is not beside the project.
    assert sum(map(len, runs)) > (100_000 if CORPUS.is_dir() else 5_000)
    fast, jieba = segmenters["rjieba"], segmenters["jieba"]
    differing = [run for run in runs if fast.cut(run) != jieba.cut(run)]
    assert differing == []
    # Signs between letters and digits are cut as jieba's HMM cuts them (jieba-rs keeps 1-2 whole).
    for run in ("再建1-2个便民市场", "免费税务u-key以及", "district.ce.cn", "增长3.5%以上", "C++和c#"):
        assert fast.cut(run) == jieba.cut(run), run


@pytest.mark.parametrize("kind", KINDS)
def test_glossary_words_stay_whole_in_text(kind, use):
    use(kind())
    segment.register_words(GLOSSARY)
    words = segment.index_words("推进五零八零工程，实现双万新起点成绩；三区三线划定；寮步镇2023年；税务u-key；1+N政策")
    for word in GLOSSARY:
        assert word in words, word
    tokens = list(segment.segment("落实三区三线和五零八零工程"))
    assert [t.text for t in tokens if t.text in GLOSSARY] == ["三区三线", "五零八零工程"]
    assert segment.indexed_inside_words("三区三线") and not segment.in_dictionary("三区三线")


@pytest.mark.parametrize("kind", KINDS)
def test_words_with_zhu_folded_stay_whole(kind, use):
    use(kind())
    # 显著 is cut whole before 著 is folded to 着, and 显着 (as OpenCC writes it) is a word too.
    assert "显着" in segment.index_words("成绩显著") and "显着" in segment.index_words("成绩显着")
    assert segment.in_dictionary("显着")


@pytest.mark.skipif(not HAVE_RJIEBA, reason="rjieba is not installed")
def test_both_segmenters_give_the_same_words_and_offsets(segmenters, use):
    text = variants.normalize(SEED.read_text(encoding="utf-8"), regional=False)[0]
    seen = {}
    for name in ("jieba", "rjieba"):
        use(segmenters[name])
        segment.register_words(GLOSSARY)
        seen[name] = (segment.index_words(text), list(segment.segment(text)), segment.two_character_words())
    assert seen["jieba"] == seen["rjieba"]


def test_jieba_takes_over_where_rjieba_is_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, "rjieba", None)        # import rjieba raises ImportError
    monkeypatch.delenv("TERMSEARCH_SEGMENTER", raising=False)
    assert segment._make_segmenter().name == "jieba"


@pytest.mark.skipif(not HAVE_RJIEBA, reason="rjieba is not installed")
def test_jieba_is_used_when_asked_for(monkeypatch):
    monkeypatch.setenv("TERMSEARCH_SEGMENTER", "jieba")
    assert segment._make_segmenter().name == "jieba"
    monkeypatch.delenv("TERMSEARCH_SEGMENTER")
    assert segment._make_segmenter().name == "rjieba"


@pytest.mark.skipif(not HAVE_RJIEBA, reason="rjieba is not installed")
def test_an_index_built_with_jieba_has_the_same_words(tmp_path, segmenters, use):
    vocab = {}
    for name in ("jieba", "rjieba"):
        use(segmenters[name])
        build([SEED, WEB_REPORTS], tmp_path / name, workers=1)
        built = current_build(tmp_path / name)
        vocab[name] = {f: json.loads((built / f).read_text(encoding="utf-8"))
                       for f in ("vocab.json", "spanning.json", "unlisted.json")}
    assert vocab["jieba"] == vocab["rjieba"]


def test_a_build_cuts_with_its_own_glossary_words_not_an_earlier_builds(tmp_path):
    """Two builds in one process (the Python API, a test run): the second must not keep the
    first one's glossary words, or its index depends on what was built before it."""
    def words(text):
        return [t.text for t in segment.segment(text)]

    from termsearch.analysis import analyzers

    fresh = words("资金投向农村")
    analyzers.use_glossary(["资金投向"], [])        # a build whose glossary defines 资金投向
    assert "资金投向" in words("资金投向农村")
    analyzers.use_glossary([], [])                 # the next build's glossary does not
    assert words("资金投向农村") == fresh


def test_runs_are_cut_where_jieba_cuts_them():
    import jieba

    # The runs are found by a copy of jieba's pattern (so that rjieba's processes need not
    # import jieba): a jieba that changed its pattern would cut other runs than the index's.
    assert segment._runs().pattern == jieba.re_han_default.pattern
    assert segment._runs().flags == jieba.re_han_default.flags
    assert segment._runs().split("再建1-2个便民市场，u-key以及") == ["", "再建1-2个便民市场", "，", "u-key以及", ""]


@pytest.mark.skipif(not HAVE_RJIEBA, reason="rjieba is not installed")
def test_cutting_with_rjieba_never_imports_jieba():
    # jieba's import pulls in pkg_resources (~0.3 s a process): a build's and a query's
    # processes that cut with rjieba read jieba's dictionary file without it.
    code = ("import sys\n"
            "from termsearch.analysis import analyzers, segment\n"
            "analyzers.use_glossary(['双万'], [])\n"
            "assert segment.segmenter_name() == 'rjieba'\n"
            "assert '双万' in segment.index_words('推进双万工程，自治权利')\n"
            "assert segment.dictionary_frequency('经济') > 0\n"
            "print('jieba' in sys.modules)\n")
    env = {k: v for k, v in os.environ.items() if k != "TERMSEARCH_SEGMENTER"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
