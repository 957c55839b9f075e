"""Pinyin tones in one place: marks put on through pypinyin, taken off for matching, in every
way users and CC-CEDICT write them."""
import unicodedata

import pytest

from termsearch.analysis import pinyin, tones


@pytest.mark.parametrize("numbered, marked", [
    ("you4 er2 yuan2", "yòu ér yuán"), ("lu:4 se4", "lǜ sè"), ("Dong1 guan3", "Dōng guǎn"),
    ("nu:3", "nǚ"), ("hua1 r5", "huā r"), ("gou3", "gǒu"), ("xue3", "xuě"), ("A A", "A A"),
    ("lu:e4", "lüè"), ("nu:e4", "nüè"), ("lve4", "lüè"),        # ü as u: (CC-CEDICT) or v
    ("de5", "de"), ("ma0", "ma"),                               # the neutral tone has no mark
    ("Lu:4 Xun4", "Lǜ Xùn"), ("Ou1 zhou1", "Ōu zhōu"),          # capitals keep their mark
    ("BEI3", "BĚI"), ("liu2 gui4", "liú guì"),                  # iu and ui: the mark on the last vowel
    ("m2", "ḿ"), ("GDP", "GDP"), ("", ""),
])
def test_marked_pinyin(numbered, marked):
    assert tones.marked_pinyin(numbered) == marked


def _expected_vowel(syllable: str) -> int:
    """Where the mark goes, by the rule taught with pinyin: a, else e, else the o of ou, else
    the last vowel."""
    for vowel in ("a", "e"):
        if vowel in syllable:
            return syllable.index(vowel)
    if "ou" in syllable:
        return syllable.index("o")
    return max(i for i, c in enumerate(syllable) if c in "iouv")


def test_every_syllable_and_tone_is_marked_on_the_right_vowel_and_read_back():
    checked = 0
    for syllable in sorted(pinyin.syllable_table()):
        if not set(syllable) & set("aeiouv"):
            continue
        for tone in (1, 2, 3, 4, 5):
            marked = tones.mark_tone(f"{syllable}{tone}")
            assert tones.toneless(marked) == syllable, (syllable, tone, marked)
            assert pinyin.tone_number(marked) == tone, (syllable, tone, marked)
            marks = [i for i, c in enumerate(unicodedata.normalize("NFD", marked))
                     if c in tones.TONE_OF_MARK]
            assert len(marks) == (tone != 5), (syllable, tone, marked)
            if tone != 5:
                plain = "".join(c for c in unicodedata.normalize("NFD", marked) if c not in tones.TONE_OF_MARK)
                at = [i for i, c in enumerate(unicodedata.normalize("NFD", marked)) if c in tones.TONE_OF_MARK][0]
                # The mark follows its vowel (and ü's diaeresis, when the vowel is ü).
                before = unicodedata.normalize("NFD", marked)[:at].replace("\u0308", "")
                assert len(before) - 1 == _expected_vowel(syllable), (syllable, tone, marked, plain)
            checked += 1
    assert checked > 1500


@pytest.mark.parametrize("written, plain, tone", [
    ("lǜ", "lv", 4), ("LǙ", "lv", 3), ("lu:4", "lv", 4), ("lv4", "lv", 4), ("lüè", "lve", 4),
    ("Shuāng", "shuang", 1), ("shuang1", "shuang", 1), ("ma", "ma", None), ("ma0", "ma", 5),
    ("de5", "de", 5), ("ă", "a", 3),               # a breve typed for the caron
    ("ê", "e", None), ("5080", "5080", None), ("IP", "ip", None),
])
def test_toneless_and_tone_of(written, plain, tone):
    assert tones.toneless(written) == plain
    assert tones.tone_of(written) == tone


@pytest.mark.parametrize("typed, text, letters", [
    ("Shuāng Wàn", "shuangwan", "shuangwan"),
    ("shuang1 wan4", "shuangwan", "shuangwan"),
    ("2+2 zhèng cè", "2+2zhengce", "zhengce"),
    ("Lǜsè", "lvse", "lvse"),
    ("nu:e4", "nve", "nve"),
    ("Shuāng-Wàn", "shuang-wan", "shuangwan"),
])
def test_toneless_text_and_letters(typed, text, letters):
    assert tones.toneless_text(typed) == text
    assert tones.toneless_letters(typed) == letters
