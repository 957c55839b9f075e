"""jieba's routes computed in one pass (analysis/jieba_route.py) are jieba's own routes."""
import jieba

from termsearch.analysis import jieba_route, segment, variants

from conftest import CORPUS, SEED, WEB_REPORTS, corpus_present


def _sentences() -> list[str]:
    paths = [SEED, *sorted(WEB_REPORTS.glob("*.txt"))]
    if corpus_present():
        # A spread of the real reports, the policy documents and the laws, picked per folder so
        # that files added to another folder of the corpus do not change the sample.
        paths += sorted((CORPUS / "reports").rglob("*.txt"))[::20]
        paths += sorted((CORPUS / "policy").rglob("*.txt"))
        paths += sorted((CORPUS / "laws").rglob("*.md"))[::250]
    runs = []
    for path in paths:
        text = variants.normalize(path.read_text(encoding="utf-8", errors="replace"))[0]
        runs += jieba.re_han_default.findall(text)
    return runs


def _jiebas_route(tokenizer, sentence: str) -> dict:
    route = {}
    jieba.Tokenizer.calc(tokenizer, sentence, jieba.Tokenizer.get_DAG(tokenizer, sentence), route)
    return route


def test_routes_are_jiebas_routes_on_real_text():
    tokenizer = segment.JiebaSegmenter()._tokenizer     # the fallback segmenter's jieba, routes installed
    sentences = _sentences()
    # The seed and the web reports alone where ../shared is not beside the project.
    assert sum(map(len, sentences)) > (200_000 if CORPUS.is_dir() else 10_000)
    for sentence in sentences:
        route = {}
        tokenizer.calc(sentence, tokenizer.get_DAG(sentence), route)
        assert route == _jiebas_route(tokenizer, sentence), sentence


def test_words_added_later_are_used_exactly_as_jieba_would():
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    fast = jieba_route.install(tokenizer)
    sentence = "推进学前教育五零八零工程和双万新起点"
    before = list(tokenizer.cut(sentence))
    tokenizer.add_word("五零八零工程", freq=50000)          # not refreshed: jieba's own way is used
    stale = {}
    tokenizer.calc(sentence, tokenizer.get_DAG(sentence), stale)
    assert stale == _jiebas_route(tokenizer, sentence)
    fast.refresh()
    assert "五零八零工程" in list(tokenizer.cut(sentence)) and "五零八零工程" not in before
    fresh = {}
    tokenizer.calc(sentence, tokenizer.get_DAG(sentence), fresh)
    assert fresh == _jiebas_route(tokenizer, sentence)


def test_full_mode_still_has_its_dag():
    pristine, tokenizer = jieba.Tokenizer(), jieba.Tokenizer()
    pristine.initialize()
    tokenizer.initialize()
    jieba_route.install(tokenizer)
    for text in ("国际汽车城", "推进学前教育和义务教育优质均衡发展"):
        assert list(tokenizer.cut(text, cut_all=True)) == list(pristine.cut(text, cut_all=True))
