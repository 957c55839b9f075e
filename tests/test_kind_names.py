"""A document's kind from the word its title ends in, kept as data ([kind-names] in
data/document_metadata.txt): replies, letters and notices of the State Council are policy."""
from collections import Counter

import pytest

from conftest import CORPUS, shared_corpus
from termsearch.ingest.metadata import read_kind


@pytest.mark.parametrize("title", [
    "国务院关于河北雄安新区总体规划（2018—2035年）的批复",
    "国务院办公厅关于科技节水建议的复函",
    "国务院办公厅关于印发国家粮食应急预案的函",
    "国务院办公厅对十届全国人大四次会议第7240号建议的答复",
    "国家税务总局公告",
    "公安部关于加强春运安全的通告",
    "国务院常务会议纪要",
    "关于设立新区的请示",
    "國務院關於同意設立示範區的批復",          # Traditional
])
def test_replies_letters_and_notices_are_policy(title):
    assert read_kind(title, "") == "policy"


@pytest.mark.parametrize("title, kind", [
    ("专利代理条例", "law"),
    ("河北省物业管理办法（试行）", "law"),
    ("臺灣地區實施細則", "law"),                 # 细则 is law before 实施细则 is policy, as before
    ("关于加快发展的意见", "policy"),
    ("十四届全国人大一次会议关于政府工作报告的决议", "other"),
    ("2023年政府工作报告", "government_work_report"),
    ("关于加强基层工作的讲话", "other"),
])
def test_the_other_kinds_read_as_before(title, kind):
    assert read_kind(title, "") == kind


def test_the_state_councils_gathered_policies_are_policy_or_law():
    from termsearch.ingest.pipeline import ingest_documents

    path = shared_corpus(CORPUS / "policy") / "govcn_state_council_policies_2018-2019.txt"
    kinds = Counter(d.kind for d in ingest_documents(path, "p"))
    assert kinds == {"policy": 56, "law": 4}
