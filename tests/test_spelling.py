"""English spelling correction toward the English words an index holds."""
import pytest

from termsearch.english.spelling import SpellingCorrector, one_slip

KNOWN = ["kindergarten", "waste", "west", "city", "little", "title", "giant", "policy", "labor",
         "urbanization", "program", "environment", "development"]


@pytest.fixture(scope="module")
def corrector():
    popularity = {"waste": 5.0, "west": 1.0, "little": 3.0, "title": 1.0}
    return SpellingCorrector(KNOWN, popularity)


@pytest.mark.parametrize("typed, first", [
    ("kindergarden", "kindergarten"),     # a letter changed
    ("enviroment", "environment"),        # left out
    ("developement", "development"),      # added
    ("polciy", "policy"),                 # two swapped
    ("wast", "waste"),                    # the commoner of waste and west
    ("litle", "little"),
    ("KINDERGARDEN", "kindergarten"),
    ("labour", "labor"),                  # British spellings
    ("urbanisation", "urbanization"),
    ("programme", "program"),
])
def test_a_slip_is_corrected_toward_a_known_word(corrector, typed, first):
    assert corrector.candidates(typed)[0] == first


@pytest.mark.parametrize("typed", ["city", "giant", "cty", "xqzvbnmkp", "kndrgrtn", "", "café", "5080"])
def test_known_short_and_far_words_are_left_alone(corrector, typed):
    assert corrector.candidates(typed) == []


def test_one_slip_covers_every_kind_of_slip():
    near = one_slip("abc")
    assert {"ab", "bc", "bac", "acb", "abd", "xbc", "abcd", "xabc"} <= near
    assert not any(abs(len(w) - 3) > 1 for w in near)


def test_made_for_an_index_with_its_map_and_phrase_words():
    index = {"words": {"waste": [["浪费", 1.0]], "west": [["西", 1.0]]},
             "phrases": {"zero waste city": [["无废城市", 1.0]]}}
    corrector = SpellingCorrector.for_index(index)
    assert {"waste", "west", "zero", "city"} <= corrector.words
    assert "zero waste city" in corrector.phrases        # (a slip mended toward it: zero wast city)
