"""Search quality (issue 13): what a user types finds the paragraph meant, one failure class a test.

A small report written out here holds each case: 著 beside 着, homophones of unequal frequency,
words that read like English syllables, characters inside and across words.
"""
import pytest

REPORT = """\
某市政府工作报告
各项工作成绩显著，多部著名著作出版。
我们看着群众的期盼，着力解决难题。
这项政策有益于群众。
你们要记住陈毅同志的话。
煤炭企业安全生产形势稳定。
全市煤炭企业完成转型。
农商行支持小微企业，农商互联。
亦庄院区建成投用，主动担起责任。
经济发展稳中向好，难中求成。
修编地方志，方志馆开放。
港澳台侨同胞共同参与。
"""

# 防治 and 防止 read fangzhi too and are far more frequent than 方志: they must not bury it.
HOMOPHONES = "".join(f"第{i}项：做好疾病防治工作，防止风险扩散。\n" for i in range(60))


@pytest.fixture(scope="module")
def quality(tmp_path_factory):
    from termsearch.index import build
    from termsearch.search import Engine

    folder = tmp_path_factory.mktemp("quality")
    report = folder / "report.txt"
    report.write_text(REPORT + HOMOPHONES, encoding="utf-8")
    build([report], folder / "ix")
    return Engine(folder / "ix")


def texts(result):
    return [h.text for h in result.hits]


def paragraphs(engine, needle):
    return sorted(t for t in engine.reader().texts if needle in t)


# ---- 著 keeps its own readings though it is folded to 着 for matching

@pytest.mark.parametrize("typed, word", [("xianzhu", "显著"), ("chengjixianzhu", "成绩显著"),
                                         ("zhuming", "著名"), ("zhuzuo", "著作"), ("kanzhe", "看着")])
def test_zhu_and_zhe_each_keep_their_own_reading(quality, typed, word):
    found = texts(quality.search(typed))
    assert found and all(word in t for t in found)
