"""Letters typed, read: what pinyin (spaced, joined, with tones or without), initials and runs of
characters stand for in this collection, and which readings one slip away were meant.

The reading half of the query path (query.py makes the Whoosh query from what is read here):
the words a syllable run or initials read as (homophones kept by how much the text uses each),
runs of characters the text holds (a beam over the syllables, weighed by the index of characters
and pairs), runs of words whose initials were typed, the collection's quoted shorthand read as
letters, and the keys one slip (a letter left out, swapped, struck beside) from what was typed.
Each function takes the index's `Vocabulary` (vocabulary.py) and returns plain values; nothing here
builds a query.
"""
from __future__ import annotations

import heapq
import itertools

from .analysis import chars, pinyin
from .vocabulary import Vocabulary

MAX_PINYIN_WORDS = 12       # homophones kept per pinyin leaf, most frequent first
DOMINANCE = 1000             # homophones this many times rarer than the commonest are left out
MAX_RUN_WORDS = 30           # words tried for each part of initials typed for words in a row
RUN_WORDS_WEIGHED = 4        # of each part, the commonest words whose runs are weighed against a whole word
MAX_RUN_PARTS_WEIGHED = 3    # runs of more words are not weighed (4 parts of 4: 256 combinations)
MAX_RUNS_WEIGHED = 4         # runs searched beside whole words with the same initials
HELD_READINGS = 3            # readings of joined pinyin whose runs of characters are weighed
# Two characters side by side that are no word are mostly the ends of two words (等生 of 等生产,
# 好发 of 良好发展), not shorthand: runs are weighed from three syllables or letters on.
HELD_SYLLABLES = 3
HELD_PIECE_SYLLABLES = 4     # syllables of one word of such a run
HELD_WORDS = 12              # of each piece, the likeliest words or characters tried
HELD_BEAM = 12               # runs kept at each syllable, the likeliest
HELD_SEARCHED = 6            # of those, the likeliest searched (the search finds which the text holds)
HELD_DOMINANCE = 50          # runs this many times less likely than the likeliest are not searched
RUN_DOMINANCE = 10           # runs this many times rarer than the likeliest are left out
RUN_MARGIN = 5               # runs are searched beside a whole word only when this many times likelier


# How likely a slip is, by kind (what the letters typed lack or hold against the reading meant):
# a letter left out or two swapped can be any letter; one struck instead of or beside the right
# one is seldom any letter but a neighbour on the keyboard or the same letter again, so a
# correction that needs an arbitrary letter to have been struck is far less likely (a noisy
# channel: huila is huilai with an i left out before it is huilv with a struck for v).
SLIP_LIKELIHOOD = {"left out": 1.0, "swapped": 1.0, "neighbour": 0.3, "stray": 0.04}
_KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS: dict[str, set[str]] = {}
for _row, _line in enumerate(_KEYBOARD):
    for _col, _key in enumerate(_line):
        _NEIGHBOURS[_key] = {other for r in range(max(0, _row - 1), min(len(_KEYBOARD), _row + 2))
                             for c in (_col - 1, _col, _col + 1)
                             for other in _KEYBOARD[r][max(0, c):c + 1] if other != _key}


def tones_match(reading: list[str], tones: list[int | None], syllables: list[str] | None = None) -> bool:
    """Whether the tones typed are those of `reading`. A syllable the reading spells otherwise
    than `syllables` (those typed) was found by the word's other reading, whose tones are not
    stored: 显着 reads xiǎn zhe, and xiǎn zhù finds it as 显著; only its other tones count."""
    if len(reading) != len(tones):
        return False
    spelt = syllables if syllables is not None and len(syllables) == len(reading) else [None] * len(reading)
    return all(t is None or pinyin.tone_number(s) == t or (typed is not None and pinyin.toneless(s).lower() != typed)
               for s, t, typed in zip(reading, tones, spelt))


def dominant(words: list[str], vocab: Vocabulary, limit: int, count=None) -> list[str]:
    """The likely meanings among homophones: frequent words, not a long tail of rare ones
    (`count`: how often each is used, by default its count as a word)."""
    if not words:
        return []
    count = count or vocab.count
    top = max(map(count, words))
    kept = [w for w in words if count(w) * DOMINANCE >= top]
    return kept[:limit]


def lone_syllable(typed: str, parsed) -> bool:
    """Whether the letters are one whole pinyin syllable (shi, long), not initials."""
    return parsed is not None and not parsed.initials_only and " " not in typed.strip() \
        and len(parsed.syllables[0]) == 1


def offer(reading: str, words: list[str], query: str) -> dict:
    """Another reading of a leaf, offered in the interpretation: `query` searches it alone."""
    return {"reading": reading, "words": words[:6], "query": query}


def near_keys(key: str, keys: dict[str, list[str]], count) -> list[str]:
    """Pinyin keys one edit (insert, delete, substitute, swap) from `key`, likeliest first: the
    count of each one's commonest word (`count` gives a word's count) times how likely the slip
    that turns it into `key` is (SLIP_LIKELIHOOD)."""
    return [k for k, _ in near_keys_weighed(key, keys, count)]


def near_keys_weighed(key: str, keys: dict[str, list[str]], count) -> list[tuple[str, float]]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    edits: dict[str, float] = {}

    def add(near: str, kind: str) -> None:
        weight = SLIP_LIKELIHOOD[kind]
        if weight > edits.get(near, 0.0) and near != key:
            edits[near] = weight

    for i in range(len(key) + 1):
        head, tail = key[:i], key[i:]
        for c in letters:
            if head + c + tail in keys:
                add(head + c + tail, "left out")            # the letters typed lack c
        if i < len(key):
            rest = key[i + 1:]
            if head + rest in keys:
                # The letters typed hold key[i] too many: struck again, or a neighbour of the one beside.
                extra, beside = key[i], {key[j] for j in (i - 1, i + 1) if 0 <= j < len(key)}
                add(head + rest, "neighbour" if extra in beside or beside & _NEIGHBOURS.get(extra, set()) else "stray")
            for c in letters:
                if head + c + rest in keys:
                    add(head + c + rest, "neighbour" if key[i] in _NEIGHBOURS[c] else "stray")
        if i < len(key) - 1 and head + key[i + 1] + key[i] + key[i + 2:] in keys:
            add(head + key[i + 1] + key[i] + key[i + 2:], "swapped")
    weighed = [(k, count(keys[k][0]) * weight) for k, weight in edits.items()]
    return sorted(weighed, key=lambda kw: (-kw[1], kw[0]))


def held_runs(vocab: Vocabulary, parsed, fewest: int = HELD_SYLLABLES, most: int = 0) -> list[tuple[str, float, int]]:
    """Runs of characters that read as the syllables (a reading's words and characters side
    by side), each with how likely the text holds it, and the paragraphs of its rarest pair
    (which no more paragraphs can hold), likeliest first. The likelihood: the paragraphs of
    its first character, times, for each character after, the share of the paragraphs of the
    one before that hold the two side by side (the index of characters and pairs, one lookup
    a pair): 十五五 (十五 in 374 paragraphs, 五五 in 211 of 五's 2,189) far before 是五五 (是五
    in 3), 僵尸企业 before 将是企业 (是企 in few of 是's). Initials (`parsed.initials_only`)
    stand for words with those initials or, one letter, the commonest characters read so. A
    beam over the syllables keeps the HELD_BEAM likeliest runs so far; runs with a pair no
    paragraph holds are dropped. Readings of fewer than `fewest` syllables or more than `most`
    (when given) are not weighed."""
    paragraphs = vocab.kept_pair_count
    count = vocab.character_count

    inner: dict[str, tuple[list[float], int] | None] = {}

    def inside(word: str) -> tuple[list[float], int] | None:
        # The factor of each pair inside `word`, in order, and its rarest pair's paragraphs (None:
        # a pair no paragraph holds), worked out once a word: the beam tries a word after each
        # of its runs (up to HELD_BEAM), and only the pair where the two meet differs.
        try:
            return inner[word]
        except KeyError:
            pass
        factors, rarest, found = [], 1 << 62, None
        for a, b in zip(word, word[1:]):
            held = paragraphs(a + b)
            if not held:
                break
            factors.append(held / max(count(a), held))
            rarest = min(rarest, held)
        else:
            found = (factors, rarest)
        inner[word] = found
        return found

    if parsed.initials_only:
        readings = [(letters, None) for letters in parsed.syllables[:HELD_READINGS]]

        def pieces(letters: list[str], _tones) -> list[str]:
            if len(letters) == 1:
                return vocab.characters_by_initial(letters[0])[:HELD_WORDS]
            return vocab.by_initials.get("".join(letters), [])[:HELD_WORDS]
    else:
        readings = list(zip(parsed.syllables, parsed.tones_by_alternative))[:HELD_READINGS]
        def pieces(syllables_: list[str], tones_) -> list[str]:
            return words_for_syllables(vocab, syllables_, tones_)
    found: dict[str, tuple[float, int]] = {}
    for syllables, tones in readings:
        n = len(syllables)
        tones = tones if tones is not None and len(tones) == n else [None] * n
        if n < fewest or (most and n > most):
            continue
        best: list[dict[str, tuple[float, int]]] = [{} for _ in range(n + 1)]
        best[0] = {"": (1.0, 1 << 62)}
        for end in range(1, n + 1):
            reached: dict[str, tuple[float, int]] = {}
            for start in range(max(0, end - HELD_PIECE_SYLLABLES), end):
                if not best[start]:
                    continue
                # Each run with its last character and that character's paragraphs, once for
                # every word tried after it (a call a run and word was a third of initials' time).
                runs = [(run, likelihood, rarest, run[-1:], count(run[-1]) if run else 0)
                        for run, (likelihood, rarest) in best[start].items()]
                for word in pieces(syllables[start:end], tones[start:end])[:HELD_WORDS]:
                    if not chars.all_han(word) or len(word) != end - start:
                        continue
                    within = inside(word)
                    if within is None:
                        continue
                    factors, rarest_within = within
                    first = word[0]
                    for run, likelihood, rarest, last, last_count in runs:
                        # `word` after the run: the share of the paragraphs of its last character
                        # holding it beside the word's first (a first word: the paragraphs of its
                        # first character), times each pair's inside the word.
                        if last:
                            held = paragraphs(last + first)
                            if not held:
                                continue
                            factor = 1.0 * (held / max(last_count, held))
                        else:
                            factor = held = count(first)
                        for inner_factor in factors:
                            factor *= inner_factor
                        held = min(held, rarest_within)
                        if held and factor * likelihood > reached.get(run + word, (0.0, 0))[0]:
                            reached[run + word] = (factor * likelihood, min(rarest, held))
            best[end] = dict(heapq.nlargest(HELD_BEAM, reached.items(), key=lambda item: item[1][0]))
        for run, (likelihood, rarest) in best[n].items():
            if likelihood > found.get(run, (0.0, 0))[0]:
                found[run] = (likelihood, rarest)
    return sorted(((run, likelihood, rarest) for run, (likelihood, rarest) in found.items()),
                  key=lambda item: -item[1])


def likeliest_held(vocab: Vocabulary, parsed) -> list[tuple[str, float, int]]:
    """The runs of held_runs worth searching: at most HELD_SEARCHED, none HELD_DOMINANCE times
    less likely than the first (jingjifazhan: 经济发展 alone, not 经济发战 or 竞技发展 as well)."""
    held = held_runs(vocab, parsed)[:HELD_SEARCHED]
    return [run for run in held if run[1] * HELD_DOMINANCE >= held[0][1]]


def near_readings(vocab: Vocabulary, key: str, keep=None) -> list[dict]:
    """Readings one slip (a letter inserted, deleted, replaced, or two swapped) from `key`
    that are words of the corpus, the likeliest first; with `keep(word)`, only those
    whose commonest word it keeps (told before their syllables are worked out)."""
    return [reading for reading, _ in near_readings_weighed(vocab, key, keep)]


def near_readings_weighed(vocab: Vocabulary, key: str, keep=None) -> list[tuple[dict, float]]:
    """near_readings, each with how likely it is meant (its commonest word's count times how
    likely its slip is)."""
    if len(key) < 3:
        return []
    by_pinyin = vocab.by_pinyin
    found = []
    for near, weight in near_keys_weighed(key, by_pinyin, vocab.count):
        words = dominant(vocab.offered(by_pinyin[near]), vocab, MAX_PINYIN_WORDS)
        if not words:
            continue
        if keep is not None and not keep(words[0]):
            continue
        parsed = pinyin.parse_pinyin_query(near)
        reading = " ".join(parsed.syllables[0]) if parsed is not None and not parsed.initials_only else near
        found.append((offer(reading, words, near), weight))
    # A lone syllable (one character) is seldom what several letters were typed for: words of
    # two or more first (jinx: jin xi before jin, jing; puu: pu su before pu).
    found.sort(key=lambda rw: len(rw[0]["reading"].split()) == 1)
    return found


def word_run_for_syllables(vocab: Vocabulary, syllables: list[str], tones: list[int | None]) -> list[list[str]]:
    """The fewest corpus words that read as the syllables when put in a row, else []."""
    n = len(syllables)
    tones = tones if len(tones) == n else [None] * n
    best: list[tuple[int, int, list[str]] | None] = [None] * (n + 1)
    best[0] = (0, 0, [])
    for end in range(1, n + 1):
        for start in range(max(0, end - 6), end):
            if best[start] is None:
                continue
            words = words_for_syllables(vocab, syllables[start:end], tones[start:end])
            if words and (best[end] is None or best[start][0] + 1 < best[end][0]):
                best[end] = (best[start][0] + 1, start, words)
    if best[n] is None or best[n][0] < 2:
        return []
    groups, end = [], n
    while end > 0:
        _, start, words = best[end]
        groups.append(words)
        end = start
    return groups[::-1]


# The words of each reading asked, kept a vocabulary (all dropped at the limit): parsing
# pinyin asks for every run of its syllables, again for each reading and for the runs in a row
# (jing ji fa zhan: 21 asks a query, a third of them one lone syllable's characters sorted).
SYLLABLE_WORDS_KEPT = 4096
_SYLLABLE_WORDS = "_termsearch_syllable_words"


def forget_syllable_words(vocab: Vocabulary) -> None:
    """Drops the words kept for readings (bench/latency.py's first typed query reads its letters afresh)."""
    vocab.__dict__.pop(_SYLLABLE_WORDS, None)


def words_for_syllables(vocab: Vocabulary, syllables: list[str], tones: list[int | None]) -> list[str]:
    """The corpus's likely words that read as the syllables (with the tones typed, where any
    is), commonest first (a new list: the caller's to change)."""
    kept = vocab.__dict__.setdefault(_SYLLABLE_WORDS, {})
    key = (tuple(syllables), tuple(tones) if tones else ())
    found = kept.get(key)
    if found is None:
        if len(kept) >= SYLLABLE_WORDS_KEPT:
            kept.clear()
        found = kept[key] = tuple(_words_for_syllables(vocab, syllables, tones))
    return list(found)


def _words_for_syllables(vocab: Vocabulary, syllables: list[str], tones: list[int | None]) -> list[str]:
    key = "".join(syllables)
    candidates = vocab.by_pinyin.get(key, [])
    if tones and any(t is not None for t in tones) and len(tones) == len(syllables):
        candidates = [w for w in candidates if tones_match(vocab.reading(w), tones, syllables)]
    if len(syllables) == 1:
        # A lone syllable's characters by how much the text uses each, inside words too, not
        # by how often one stands as a word of its own (bu: 步 of 进一步 before 簿 and 钚).
        count = vocab.character_count
        return dominant(sorted(candidates, key=lambda w: -count(w)), vocab, MAX_PINYIN_WORDS, count)
    return dominant(candidates, vocab, MAX_PINYIN_WORDS)


def quoted_shorthand(vocab: Vocabulary, keys: list[str], more_than: int = 0) -> list[str]:
    """The collection's quoted shorthand read as one of `keys` (initials or toneless pinyin),
    quoted more than `more_than` times, most used first, at most HELD_SEARCHED."""
    table = vocab.quoted
    found = sorted({span: uses for key in keys for span, uses in table.get(key, ())}.items(),
                   key=lambda span_uses: -span_uses[1])
    return [span for span, uses in found if uses > more_than][:HELD_SEARCHED]


def held_besides(vocab: Vocabulary, parsed, spans: list[str]) -> list[dict]:
    """The likeliest run the text holds that reads as typed, not one of `spans`, offered beside
    the quoted shorthand (searched as its characters, one click away)."""
    runs = [run for run, *_ in likeliest_held(vocab, parsed) if run not in spans]
    return [offer("as characters", runs[:1], runs[0])] if runs else []


def unit_runs(vocab: Vocabulary, readings: list[list[str]]) -> list[tuple[tuple[str, ...], int]]:
    """The runs of a character and a word the build found used as one unit (新 动能) whose
    initials are one of `readings` (the letters, zh/ch/sh read both ways), most paragraphs first."""
    table = vocab.unit_runs
    found: dict[tuple[str, ...], int] = {}
    for letters_ in readings:
        for run, paragraphs in table.get("".join(letters_), ()):
            found.setdefault(run, paragraphs)
    return sorted(found.items(), key=lambda run_paragraphs: -run_paragraphs[1])


def runs_outnumbering(vocab: Vocabulary, parsed, words: list[str]) -> list[tuple[str, ...]]:
    """Letters that are the initials of whole words (经济犯罪 for jjfz) may more often stand
    for words in a row (经济 发展: 603 paragraphs to 14 uses): the runs of the commonest few
    words of each part that are in more paragraphs than the commonest whole word is used,
    likeliest first, else []. A run's paragraphs are bounded by its rarest junction, the last
    character of one word and the first of the next, one lookup in the index of characters
    and pairs (济发: 603), so no run is searched to find out."""
    whole = max(map(vocab.count, words))
    for letters in parsed.syllables:
        groups = initials_run(vocab, letters)
        if not groups or len(groups) > MAX_RUN_PARTS_WEIGHED:
            continue
        pairs: dict[str, int] = {}

        def paragraphs(pair: str) -> int:
            if pair not in pairs:
                pairs[pair] = vocab.pair_count(pair)
            return pairs[pair]

        def junction(a: str, b: str) -> float:
            # The paragraphs with the junction (济发) but where it is a word of its own (取消 is
            # seldom 争取 消费), times the share of the last character's that hold the word before
            # it (经济 of 济) and of the first's that hold the word after it (发展 of 发).
            pair = a[-1] + b[0]
            return max(0, paragraphs(pair) - vocab.count(pair)) \
                * min(1.0, paragraphs(a[-2:]) / max(paragraphs(a[-1]), 1)) \
                * min(1.0, paragraphs(b[:2]) / max(paragraphs(b[0]), 1))

        weighed = []
        for run in itertools.product(*(group[:RUN_WORDS_WEIGHED] for group in groups)):
            # No run is in more paragraphs than its rarest word is used: most runs are out
            # before any lookup (shzy: 社会主义 itself far commoner than any run could be).
            cap = min(map(vocab.count, run))
            if cap > RUN_MARGIN * whole:
                weighed.append((min(cap, *(junction(a, b) for a, b in zip(run, run[1:]))), run))
        if not weighed:
            continue
        weighed.sort(key=lambda bound_run: -bound_run[0])
        best = weighed[0][0]
        if best > RUN_MARGIN * whole:
            # Runs far likelier than the whole word and not far behind the likeliest (积极发展 too).
            return [run for bound, run in weighed[:MAX_RUNS_WEIGHED]
                    if bound > RUN_MARGIN * whole and bound * RUN_DOMINANCE >= best]
    return []


def initials_run(vocab: Vocabulary, letters: list[str]) -> list[list[str]]:
    """The fewest words of two or more syllables, in a row, whose initials are `letters`:
    for each, its commonest words with those initials (MAX_RUN_WORDS)."""
    by_initials = vocab.by_initials
    n = len(letters)
    if n < 4:
        return []
    best: list[tuple[int, int] | None] = [None] * (n + 1)
    best[0] = (0, 0)
    for end in range(2, n + 1):
        for start in range(max(0, end - 8), end - 1):
            if start == 0 and end == n:
                continue        # the letters as one word are not a run (jjfz: 经济 发展, not 经济犯罪)
            if best[start] is not None and "".join(letters[start:end]) in by_initials and (
                    best[end] is None or best[start][0] + 1 < best[end][0]):
                best[end] = (best[start][0] + 1, start)
    if best[n] is None:
        return []
    groups, end = [], n
    while end > 0:
        start = best[end][1]
        groups.append(by_initials["".join(letters[start:end])][:MAX_RUN_WORDS])
        end = start
    return groups[::-1]


def letters_as_words(vocab: Vocabulary, parsed) -> list[list[str]]:
    """The words a run of pinyin or initials stands for, as groups in a row: one group (the
    words that read so, or have those initials), else the fewest words in a row, else []."""
    if parsed.initials_only:
        for letters in parsed.syllables:
            words = vocab.by_initials.get("".join(letters), [])[:MAX_RUN_WORDS]
            if words:
                return [words]
        for letters in parsed.syllables:
            groups = initials_run(vocab, letters)
            if groups:
                return groups
        return []
    for syllables, tones in zip(parsed.syllables, parsed.tones_by_alternative):
        words = words_for_syllables(vocab, syllables, tones)
        if words:
            return [words]
    for syllables, tones in zip(parsed.syllables, parsed.tones_by_alternative):
        groups = word_run_for_syllables(vocab, syllables, tones)
        if groups:
            return groups
    return []


def reads_as(vocab: Vocabulary, word: str, pattern: list[tuple[str, str]]) -> bool:
    syllables = [pinyin.toneless(s).lower() for s in vocab.reading(word)]
    if len(syllables) != len(word) or len(word) != len(pattern):
        return False
    return all(word[i] == v if k == "han" else syllables[i] == v if k == "syl" else syllables[i].startswith(v)
               for i, (k, v) in enumerate(pattern))
