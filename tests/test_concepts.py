"""One concept, many sources: which definitions of a headword say the same thing."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import CORPUS, ROOT, shared_corpus
from termsearch import concepts
from termsearch.model import SourceRef, Term


def term(id_: str, headword: str, definition: str, document: str) -> Term:
    return Term(id=id_, term=headword, traditional="", simplified="", aliases=[], definition=definition,
                source=SourceRef(document, 1))


@pytest.mark.parametrize("a, b", [("雙萬", "双万"), ("“双万”", "双万"), ("「雙萬」", " 双 万 "), ("三區三綫", "三区三线")])
def test_scripts_variants_quotes_and_spaces_share_one_key(a, b):
    assert concepts.concept_key(term("x", a, "", "d")) == concepts.concept_key(term("y", b, "", "d"))


@pytest.mark.parametrize("headword, a, b", [
    # a list and the paragraph that explains each item
    ("四风", "形式主义、官僚主义、享乐主义、奢靡之风。",
     "是指形式主义与官僚主义，享乐主义与奢靡之风。形式主义表现为追求形式、不重实效。"),
    # the same definition with other numbers and punctuation
    ("双万", "指地区生产总值超过1万亿元，常住人口超过1000万人。", "指地區生產總值超過1.2萬億元、常住人口超過1000萬人"),
])
def test_definitions_that_say_the_same_thing_agree(headword, a, b):
    assert concepts.same_meaning(a, b, headword)


@pytest.mark.parametrize("headword, a, b", [
    ("三个一批", "是指“签约一批”项目、“开工一批”项目、“投产一批”项目。",
     "打造一批供应链服务、智能制造云服务等平台企业，一批领军企业，以及一批细分行业的“隐形冠军”企业。"),
    ("双万", "指地区生产总值超过1万亿元，常住人口超过1000万人。", "指万家企业结对帮扶、万名干部下乡服务。"),
])
def test_homonyms_do_not_agree(headword, a, b):
    assert not concepts.same_meaning(a, b, headword)


def test_a_concept_groups_definitions_into_meanings_the_asked_one_first():
    terms = [
        term("a", "“双万”", "指地区生产总值超过1万亿元，常住人口超过1000万人。", "a"),
        term("b", "双万", "指万家企业结对帮扶、万名干部下乡服务。", "b"),
        term("c", "雙萬", "指地區生產總值超過1.2萬億元、常住人口超過1000萬人。", "c"),
        term("d", "双百工程", "指社会工作服务站100%覆盖。", "d"),
    ]
    found = concepts.concept(terms[1], terms)
    assert [t.id for t in found.terms] == ["b", "a", "c"]
    assert found.senses == [1, 2, 2] and not found.agree
    assert concepts.concept(terms[3], terms).agree


def test_the_measurement_runs_on_the_labelled_pairs():
    shared_corpus(CORPUS / "glossaries")
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "concepts.py")], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "held-out" in result.stdout and "tune" in result.stdout
