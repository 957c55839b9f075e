"""The words of an index as a query reads them: each word's count and reading, the words a pinyin
key or initials read as, the paragraphs holding a character or two side by side, English tables,
ways to cut a run of characters into indexed words. Tables load when first needed.

search.py makes one from an open index; letter_reading.py and query.py read it.
"""
from __future__ import annotations

from array import array

from .analysis import pinyin, segment
from .english.spelling import SpellingCorrector

MAX_INITIAL_CHARACTERS = 24  # characters one letter of initials may stand for, the commonest
KEPT_PAIRS = 50_000          # pairs of characters whose paragraphs are kept between queries (~5 MB)
MAX_SEGMENTATIONS = 6        # ways to cut an unindexed run of characters into indexed words


class Vocabulary:
    """The words of the index: what is a token, and which words read as a pinyin key."""

    def __init__(self, vocab: dict, *, readings=None, by_pinyin=None, by_initials=None, english=None,
                 unlisted=None, spanning=None, translated=None, characters=None, unit_runs=None,
                 quoted=None):
        self.words: dict[str, int] = vocab.get("words", {})
        # `characters(ch)`: how many paragraphs hold a character, inside words too (步 in 进一步).
        self._characters = characters
        self._character_counts: dict[str, int] = {}
        self._pair_counts: dict[str, int] = {}
        # The rest: dicts, or functions that load them, as only some queries need each.
        self._tables = {"readings": readings, "by_pinyin": by_pinyin, "by_initials": by_initials,
                        "english": english, "unlisted": unlisted, "spanning": spanning,
                        "translated": translated, "unit_runs": unit_runs, "quoted": quoted}
        self._by_character: tuple[list[str], dict[str, array]] | None = None
        self._holders: dict[str, tuple[str, ...]] = {}
        self._by_length: dict[int, list[str]] | None = None
        self._by_initial: dict[str, list[str] | tuple[str, ...]] | None = None
        self._spelling: SpellingCorrector | None = None

    def _table(self, name: str) -> dict:
        table = self._tables[name]
        if callable(table):
            table = self._tables[name] = table()
        return table or {}

    @property
    def readings(self) -> dict[str, str]:
        """Each word's tone-marked reading, syllables separated by spaces."""
        return self._table("readings")

    @property
    def by_pinyin(self) -> dict[str, list[str]]:
        return self._table("by_pinyin")

    @property
    def by_initials(self) -> dict[str, list[str]]:
        return self._table("by_initials")

    @property
    def unit_runs(self) -> dict[str, list[tuple[tuple[str, ...], int]]]:
        """{initials: [(words in a row the text uses as one unit: 新 动能, paragraphs)]}."""
        return self._table("unit_runs")

    @property
    def quoted(self) -> dict[str, list[tuple[str, int]]]:
        """{initials or toneless pinyin: [(the collection's quoted shorthand read so, its uses)],
        most used first}."""
        return self._table("quoted")

    @property
    def english(self) -> dict:
        return self._table("english")

    def offered(self, words: list[str]) -> list[str]:
        """The words that may be offered as a guess at what was typed: not those CC-CEDICT has
        only as slurs (支那 for `china`; the English map lists them)."""
        withheld = self.english.get("withheld") or ()
        return [w for w in words if w not in withheld] if withheld else words

    @property
    def translated(self) -> dict[str, int]:
        """The words of the official English of parallel documents (stemmed): {word: paragraphs}."""
        return self._table("translated")

    @property
    def spelling(self) -> SpellingCorrector:
        """Corrects English words toward the language's English and this index's renderings
        (made when first needed)."""
        if self._spelling is None:
            self._spelling = SpellingCorrector.for_index(self.english)
        return self._spelling

    def _set(self, name: str) -> set[str]:
        table = self._tables[name]
        if not isinstance(table, set):
            table = self._tables[name] = set(self._table(name))
        return table

    @property
    def unlisted(self) -> set[str]:
        """Words of the index that are not indexed where they stand inside a longer word (not in
        jieba's dictionary: 农商 inside 农商行), so a query looks for the longer words too."""
        return self._set("unlisted")

    @property
    def spanning(self) -> set[str]:
        """Words of two characters the text also holds where they are not a word of the index
        (新高 in 创新|高地), so a query also reads the index of characters for them."""
        return self._set("spanning")

    def containing(self, piece: str) -> list[str]:
        """The longer words of the index that hold `piece`, in the vocabulary's order."""
        if not piece:
            return []
        if self._by_character is None:
            # Indexed once, when first needed: a scan of one string of every word, each query,
            # was a large part of a rare word's time (one not indexed inside longer words).
            words, by_character = list(self.words), {}
            for i, word in enumerate(words):
                for ch in set(word):
                    ids = by_character.get(ch)
                    if ids is None:
                        ids = by_character[ch] = array("I")
                    ids.append(i)
            self._by_character = words, by_character
        words, by_character = self._by_character
        # The words holding the piece's rarest character, ascending: the vocabulary's order.
        ids = min((by_character.get(ch, ()) for ch in set(piece)), key=len)
        n = len(piece)
        return [w for w in map(words.__getitem__, ids) if piece in w and len(w) > n]

    def holders(self, word: str) -> tuple[str, ...]:
        """The longer words of the index the build found `word` inside as one of their sub-words
        (沿海港口 for 海港: segment.sub_words), worked out once per word."""
        found = self._holders.get(word)
        if found is None:
            found = self._holders[word] = tuple(w for w in self.containing(word) if word in segment.sub_words(w))
        return found

    def holding(self, characters: list[str], length: int) -> list[str]:
        """The words of `length` characters that hold every one of `characters`, in the
        vocabulary's order (a mixed query's candidates: 乡村zhenxing, words of six)."""
        if self._by_length is None:
            # Indexed once, when first needed: a scan of every word took ~10 ms a query.
            by_length: dict[int, list[str]] = {}
            for word in self.words:
                by_length.setdefault(len(word), []).append(word)
            self._by_length = by_length
        found = self._by_length.get(length, [])
        for ch in dict.fromkeys(characters):
            found = [w for w in found if ch in w]
        return found

    def count(self, word: str) -> int:
        return self.words.get(word, 0)

    def characters_by_initial(self, letter: str) -> list[str]:
        """The characters of the index whose reading starts with `letter`, the most paragraphs
        holding each first (inside words too): what one letter of initials may stand for."""
        if self._by_initial is None:
            by_initial: dict[str, set[str]] = {}
            for key, words in self.by_pinyin.items():
                if pinyin.is_syllable(key):
                    by_initial.setdefault(key[0], set()).update(w for w in words if len(w) == 1)
            self._by_initial = {letter: sorted(found) for letter, found in by_initial.items()}
        found = self._by_initial.get(letter, [])
        if found and not isinstance(found, tuple):
            # Ranked once a letter, when first asked: by paragraphs, the commonest MAX_INITIAL_CHARACTERS.
            found = self._by_initial[letter] = tuple(
                sorted(found, key=lambda ch: -self.character_count(ch))[:MAX_INITIAL_CHARACTERS])
        return list(found)

    def character_count(self, character: str) -> int:
        """How many paragraphs hold `character` anywhere; its count as a word without the index of characters."""
        if self._characters is None:
            return self.count(character)
        found = self._character_counts.get(character)
        if found is None:
            found = self._character_counts[character] = self._characters(character)
        return found

    def pair_count(self, pair: str) -> int:
        """How many paragraphs hold two characters side by side (not kept: far more pairs are
        asked about than characters, and each is one lookup)."""
        return self._characters(pair) if self._characters is not None else 0

    def kept_pair_count(self, pair: str) -> int:
        """pair_count, kept for the queries after (at most KEPT_PAIRS): weighing the runs of
        characters pinyin may stand for asks about a few hundred pairs a query (十五五: 十五, 五五,
        是五 …), mostly the same common ones query after query, ~12 us a lookup."""
        found = self._pair_counts.get(pair)
        if found is None:
            if len(self._pair_counts) >= KEPT_PAIRS:
                self._pair_counts.clear()
            found = self._pair_counts[pair] = self.pair_count(pair)
        return found

    def reading(self, word: str) -> list[str]:
        return self.readings.get(word, "").split()

    def segmentations(self, text: str, limit: int = MAX_SEGMENTATIONS) -> list[list[str]]:
        """Ways to cut a character run into indexed words, fewest words first (at most `limit`)."""
        n = len(text)
        # ways[i]: the best few cuts of text[i:], found from the end backwards.
        ways: list[list[list[str]]] = [[] for _ in range(n)] + [[[]]]
        for start in range(n - 1, -1, -1):
            found = []
            for end in range(start + 1, min(n, start + 12) + 1):
                piece = text[start:end]
                if piece in self.words:
                    found.extend([piece, *rest] for rest in ways[end])
            found.sort(key=len)
            ways[start] = found[:limit]
        return [w for w in ways[0] if len(w) > 1][:limit]
