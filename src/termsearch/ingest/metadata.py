"""Who issued a document, at what level, what kind it is and when: read from its title, opening
lines and file name (patterns in data/document_metadata.txt, provinces.tsv, congresses.tsv),
overridden by a `<file>.meta.json` beside it; and the display title that tells reports apart."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..analysis import pinyin, segment
from ..analysis.chars import HAN, is_han
from ..analysis.tones import toneless
from ..analysis.variants import to_simplified
from ..model import IngestError

LEVELS = ("national", "province", "city", "county", "district", "town")
KINDS = ("government_work_report", "party_congress_report", "law", "policy", "other")
NATIONAL_REGION = "中国"
# Shown in a display title when the document has no title of its own worth showing.
KIND_NAMES = {"government_work_report": "政府工作报告", "party_congress_report": "党代会报告",
              "law": "法律法规", "policy": "政策文件", "other": "文件"}
OVERRIDE_SUFFIX = ".meta.json"
OVERRIDE_FIELDS = ("region", "level", "kind", "year", "title")
# The opening: what the first lines of a report say about it (delivery line, speaker, session).
OPENING_LINES = 40
OPENING_CHARS = 1500
# A title longer than this is a first paragraph, not a title.
MAX_TITLE_CHARS = 60
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
# A word of jieba's dictionary this frequent, tagged as [not-place-opening-tags] says, is a
# common verb or preposition, not the start of a place's name.
COMMON_WORD_FREQUENCY = 1000


@dataclass
class Metadata:
    region: str = ""
    level: str = ""
    kind: str = ""
    year: int | None = None
    title: str = ""


# ----------------------------------------------------------------------------- data files

def _data_lines(name: str) -> list[str]:
    text = resources.files("termsearch.data").joinpath(name).read_text("utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def _sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for line in _data_lines("document_metadata.txt"):
        if re.fullmatch(r"\[[\w-]+\]", line.strip()):
            current = line.strip()[1:-1]
            sections[current] = []
        else:
            sections[current].append(line)
    return sections


@lru_cache(maxsize=1)
def _patterns() -> dict:
    s = _sections()
    kinds = []
    for line in s["kinds"]:
        kind, where, regex = line.split("\t", 2)
        kinds.append((kind, where, re.compile(regex)))
    levels = sorted((tuple(line.split("\t")) for line in s["levels"]), key=lambda p: -len(p[0]))
    return {
        "national": [re.compile(p) for p in s["national"]],
        "title_label": re.compile("|".join(s["title-labels"])),
        "region_lines": [re.compile(p, re.MULTILINE) for p in s["region-lines"]],
        "kinds": kinds,
        "kind_names": [tuple(line.split("\t", 1)) for line in s.get("kind-names", [])],
        "levels": levels,
        "not_places": set(s["not-places"]),
        "not_place_characters": "".join(s.get("not-place-characters", [])),
        "not_place_ends": set(s.get("not-place-ends", [])),
        "site_ends": tuple(s.get("site-ends", [])),
        "not_place_opening_tags": set(s.get("not-place-opening-tags", [])),
        "not_place_opening_characters": "".join(s.get("not-place-opening-characters", [])),
        "provinces_not_inferred": set(s.get("provinces-not-inferred", [])),
        "city_markers": [re.compile(p) for p in s["city-markers"]],
        "county_markers": [re.compile(p) for p in s["county-markers"]],
        "self_reference": [(level, re.compile(regex))
                           for level, regex in (line.split("\t", 1) for line in s["self-reference"])],
    }


@lru_cache(maxsize=1)
def _provinces() -> tuple[dict[str, str], dict[str, str]]:
    """({full or short name: full name}, {pinyin: full name})."""
    names, pinyin = {}, {}
    for line in _data_lines("provinces.tsv"):
        full, short, roman = line.split("\t")
        names[full] = names[short] = full
        pinyin[roman] = full
    return names, pinyin


@lru_cache(maxsize=1)
def _congress_years() -> dict[tuple[str, int], list[int]]:
    table = {}
    for line in _data_lines("congresses.tsv"):
        body, term, years = line.split("\t")
        table[(body, int(term))] = [int(y) for y in years.split(",")]
    return table


# ----------------------------------------------------------------------------- places

def level_of_place(name: str) -> str:
    if name in _provinces()[0]:
        return "province"
    for suffix, level in _patterns()["levels"]:
        if name.endswith(suffix) and len(name) > len(suffix):
            return level
    return ""


def split_places(text: str) -> list[str] | None:
    """A run of place names (保定市满城区) as its places (保定市, 满城区), or None when it is not
    one. Province names (full or short, 河北 → 河北省) are known, and stand only first (a
    province after a city is not the city's: 上海市台湾同胞… names no place 台湾省); other places
    are a name of one or more Han characters and a level suffix. The split with the fewest
    places wins (广州市 is one place, not 广 + 州市)."""
    provinces = _provinces()[0]
    n = len(text)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(1, n + 1):
        for start in range(max(0, end - 12), end):
            if best[start] is None:
                continue
            piece = text[start:end]
            if piece in provinces:
                place = provinces[piece]
            elif _is_place_name(piece):
                place = piece
            else:
                continue
            if start and level_of_place(place) == "province":
                continue
            candidate = best[start] + [place]
            if best[end] is None or len(candidate) < len(best[end]):
                best[end] = candidate
    return best[n] or None


# Characters that end a place name and so never stand inside one (市中区 is no exception: it
# starts with one, which is read as its own place too often: 市区, 市县).
_SUFFIX_CHARS = "市县縣区區省"


@lru_cache(maxsize=65536)
def _is_place_name(piece: str) -> bool:
    level = level_of_place(piece)
    if not level or piece in _patterns()["not_places"] or piece[0] in _SUFFIX_CHARS:
        return False
    if level == "province":
        # Every province is in provinces.tsv (in Simplified: 廣東省 is one too), and
        # 某工贸有限责任公司诉贵州省 is none.
        return to_simplified(piece) in _provinces()[0]
    if piece.endswith(_patterns()["site_ends"]):
        return False        # 住宅小区, 泰山风景名胜区: a site within a place, not a place
    if any(c in _patterns()["not_place_characters"] for c in piece):
        return False        # 某 stands for a name withheld; 诉 joins a plaintiff to a defendant
    if not all(is_han(c) for c in piece):
        return False        # 12345市, 实施《城市: a place's name is written in Han characters
    if piece.endswith("州") and not piece.endswith("自治州") and len(piece) > 3:
        return False        # a city named X州 has one or two characters before it (苏州, 荆州)
    suffix = next(s for s, _ in _patterns()["levels"] if piece.endswith(s))
    name = piece[:-len(suffix)]
    if any(name.find(province, 1) != -1 for province in _provinces()[0]):
        return False        # 中国公民往来台湾地区: a province stands first, not inside a name
    return (not any(c in _SUFFIX_CHARS for c in name) and not _opens_with_common_word(name)
            and not _opens_with_a_word_before_a_place(piece, name))


def _opens_with_a_word_before_a_place(piece: str, name: str) -> bool:
    """Whether a place's name opens with a one-character verb or preposition of
    [not-place-opening-characters] standing before a place (在保定市, 经信阳市): the rest is a
    place whose name has two characters or more, and the name is no word jieba knows."""
    if len(name) < 3 or name[0] not in _patterns()["not_place_opening_characters"]:
        return False
    return segment.dictionary_entry(name)[0] == 0 and _is_place_name(piece[1:])


def _opens_with_common_word(name: str) -> bool:
    """Whether a place's name opens with a common verb, preposition, conjunction or adverb
    of two characters or more that is not the whole name (促进浦东 of 促进浦东新区; not 开封)."""
    tags = _patterns()["not_place_opening_tags"]
    for end in range(2, len(name)):
        freq, tag = segment.dictionary_entry(name[:end])
        if freq >= COMMON_WORD_FREQUENCY and tag in tags:
            return True
    return False


def _ends_before_a_word(text: str, end: int, place: str) -> bool:
    """Whether the place ending at text[end] does not end there: its last character starts a
    word the text goes on with (荣誉市民, 技术市场), and the place is not known whole: a
    province (北京市民) or a place of jieba's dictionary (杭州市民用: 杭州市 stands; 长三角区域
    holds no 长三角区)."""
    if text[end - 1:end + 1] not in _patterns()["not_place_ends"]:
        return False
    return not (place[:-1] in _provinces()[0] or segment.dictionary_entry(place)[1] == "ns")


def leading_places(text: str) -> list[str]:
    """The places a title starts with (after a label and a year): 保定市满城区2022年… → [保定市, 满城区]."""
    text = _patterns()["title_label"].sub("", text)
    text = re.sub(r"^\s*(?:(?:19|20)\d{2}|[一二三四五六七八九〇零]{4})\s*年(?:度)?", "", text).strip()
    for end in range(min(len(text), 30), 1, -1):
        places = split_places(text[:end])
        if places and not _ends_before_a_word(text, end, places[-1]):
            return places
    return []


def places_in_phrase(text: str) -> list[str]:
    """The places a captured phrase ends with: the longest tail that reads as places, so a
    capture that began a character early (上安国市) still reads 安国市."""
    for start in range(len(text) - 1):
        places = split_places(text[start:])
        if places:
            return places
    return []


def _region_from_opening(opening: str) -> list[str]:
    for pattern in _patterns()["region_lines"]:
        for match in pattern.finditer(opening):
            places = places_in_phrase(match.group("region"))
            if places:
                return places
    return []


def _province_from_text(text: str) -> str:
    """The province a local document's text names most: twice at least, or once when it names
    no other. A text that speaks of its province (省委, 全省) is not in a municipality such as
    北京市, however often it names Beijing. Provinces a mainland text names as the other side
    (台湾同胞, [provinces-not-inferred]) are not counted."""
    in_a_province = re.search(r"省委|省政府|全省|省人大|省[级級]", text) is not None
    not_inferred = _patterns()["provinces_not_inferred"]
    counts = {}
    for name, full in _provinces()[0].items():
        if name != full and full not in not_inferred and not (in_a_province and full.endswith("市")):   # 河北 also counts 河北省
            counts[full] = counts.get(full, 0) + text.count(name)
    named = sorted(((n, full) for full, n in counts.items() if n), reverse=True)
    if not named or (len(named) > 1 and (named[0][0] < 2 or named[0][0] == named[1][0])):
        return ""       # none, or no clear first: better no province than a wrong one
    return named[0][1]


def _title_allows_province(title: str, province: str, place: str) -> bool:
    """Whether a province read from the text may be put before a place: not one the title speaks
    of but never before the place (宁波市台湾同胞… is a city's regulation; 中山市某公司诉广东省
    中山市 does write the province before the place)."""
    names = [name for name, full in _provinces()[0].items() if full == province]
    said = [title.find(name) for name in names if name in title]
    return not said or title.rfind(place) >= min(said)


def _level_of_region(places: list[str], text: str) -> str:
    last = places[-1]
    level = level_of_place(last)
    if level == "city" and last.endswith("市"):
        # A 市 inside a city (保定市安国市) is county-level; alone, its text tells: a
        # prefecture-level city speaks of its counties, a county-level one of its towns.
        if len(places) > 1 and level_of_place(places[-2]) == "city":
            return "county"
        p = _patterns()
        city = sum(len(m.findall(text)) for m in p["city_markers"])
        county = sum(len(m.findall(text)) for m in p["county_markers"])
        if county > city:
            return "county"
    return level


def _level_by_self_reference(text: str) -> str:
    """A report that never names its place still says 全县 and 县委 of itself more than 全省."""
    counts = {level: len(pattern.findall(text)) for level, pattern in _patterns()["self_reference"]}
    level, count = max(counts.items(), key=lambda item: item[1], default=("", 0))
    return level if count >= 3 else ""


@lru_cache(maxsize=4096)
def _own_place_names(region: str) -> tuple[str, ...]:
    """The names of a region's places below the province, with and without their suffix
    (保定市, 保定)."""
    names = []
    for place in split_places(region) or []:
        if level_of_place(place) in ("", "province"):
            continue
        names.append(place)
        suffix = next((s for s, _ in _patterns()["levels"] if place.endswith(s)), "")
        if len(place) - len(suffix) >= 2:
            names.append(place[:-len(suffix)])
    return tuple(names)


_SPEAKS_AS_A_PLACE = re.compile(r"[我本](?:市|县|縣|区|區|镇|鎮|乡|鄉)")


def speaks_of_its_own_place(text: str, region: str) -> bool:
    """Whether a text (a glossary definition) names its document's own place below the province
    (保定) or speaks as a place (全市, 县委, 我区): it defines a local programme, which may share
    its name with a national one (保定's “三步走” is not Deng Xiaoping's)."""
    text = re.sub(r"[区區]域", "", text or "")     # 本区域: a region, not 本区
    if not text:
        return False
    if any(name in text for name in _own_place_names(region or "")):
        return True
    if _SPEAKS_AS_A_PLACE.search(text):
        return True
    return any(pattern.search(text) for level, pattern in _patterns()["self_reference"] if level != "province")


def fuller_regions(regions) -> dict[str, str]:
    """{region: the name it is given instead}, so that a collection names each place one way.
    Reports of one county name it as deep as each happens to (涞水县 in one, 河北省涞水县 in
    the next): a region whose places all stand, in order, in a fuller region ending with the
    same place takes the fullest such name. Where two fuller names disagree (河北省X县 and
    山东省X县), nothing is renamed: better a short name than a wrong one."""
    chains = {r: split_places(r) for r in set(regions) if r and r != NATIONAL_REGION}
    chains = {r: c for r, c in chains.items() if c}
    renamed = {}
    for region, places in chains.items():
        fuller = [other for other, chain in chains.items()
                  if len(chain) > len(places) and chain[-1] == places[-1] and _within(places, chain)]
        if not fuller:
            continue
        fullest = max(fuller, key=lambda r: len(chains[r]))
        if all(_within(chains[other], chains[fullest]) for other in fuller):
            renamed[region] = fullest
    return renamed


def _within(places: list[str], chain: list[str]) -> bool:
    """Whether `places` stand in `chain` in the same order (a subsequence)."""
    rest = iter(chain)
    return all(place in rest for place in places)


# ----------------------------------------------------------------------------- years and kinds

_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_CHINESE_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}


def chinese_number(text: str) -> int | None:
    """一 … 九十九 as an int (term and congress numbers)."""
    if not text or any(c not in "一二三四五六七八九十" for c in text):
        return None
    if "十" not in text:
        return _CHINESE_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    return (_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[ones] if ones else 0)


def _plausible(year: int) -> int | None:
    return year if EARLIEST_YEAR <= year <= LATEST_YEAR else None


def year_in_title(title: str) -> int | None:
    # Not the end of a span (总体规划（2018—2035年）): a plan's horizon is not when it was issued.
    match = re.search(r"(?<![\d—–\-－~～至到])((?:19|20)\d{2})\s*年", title)
    if match:
        return _plausible(int(match.group(1)))
    match = re.search(r"([一二三四五六七八九〇零]{4})年", title)
    if match:
        return _plausible(int("".join(str(_CHINESE_DIGITS[c]) for c in match.group(1))))
    return None


def year_of_session(text: str) -> int | None:
    """The year of a named NPC session or CPC congress (congresses.tsv)."""
    table = _congress_years()
    npc = re.search(r"第([一二三四五六七八九十]+)[届屆]全[国國]人民代表大[会會]第([一二三四五六七八九十]+)次[会會][议議]", text)
    if npc:
        years = table.get(("npc", chinese_number(npc.group(1)) or 0), [])
        session = chinese_number(npc.group(2)) or 0
        if 1 <= session <= len(years):
            return years[session - 1]
    cpc = (re.search(r"[（(]([一二三四五六七八九十]+)大[）)]", text)
           or re.search(r"(?:[党黨]的|中[国國]共[产產][党黨])第([一二三四五六七八九十]+)次全[国國]代表大[会會]", text))
    if cpc:
        years = table.get(("cpc", chinese_number(cpc.group(1)) or 0), [])
        return years[0] if years else None
    return None


def year_of_delivery(opening: str) -> int | None:
    """2022年1月27日在…会议上: the day a report was delivered."""
    match = re.search(r"((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*在", opening)
    return _plausible(int(match.group(1))) if match else None


def year_of_passing(opening: str) -> int | None:
    """2020年8月28日 …会议通过: the latest day a regulation was passed or amended."""
    passed = re.findall(r"((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[^\n]{0,80}?(?:通过|通過|批准|修订|修訂|修正|公布|发布|發布)", opening)
    return _plausible(max(int(y) for y in passed)) if passed else None


def year_of_document_number(opening: str) -> int | None:
    """国发〔2019〕5号 on a line of its own: the number an issuing office gives its document
    (cited inline, another document's number says nothing of this one's year)."""
    match = re.search(r"^\s*[^\W\d_]{1,12}\s*[〔\[［(（]\s*((?:19|20)\d{2})\s*[〕\]］)）]\s*\d+\s*号\s*$", opening, re.MULTILINE)
    return _plausible(int(match.group(1))) if match else None


def year_in_file_name(path: Path) -> int | None:
    match = re.search(r"(?<!\d)(19[4-9]\d|20[0-9]\d)(?!\d)", path.stem)
    return _plausible(int(match.group(1))) if match else None


# One last bracketed note after a title's kind word: 管理办法（试行）, 规划（2018—2035年）.
_LAST_NOTE = re.compile(r"[（(][^）)]{0,20}[）)]\s*$")


def kind_by_name(title: str) -> str:
    """The kind of the first [kind-names] word that ends `title` (as written or before its
    last bracketed note, in either script), else ""."""
    endings = set()
    for text in (title, to_simplified(title)):
        text = text.rstrip()
        endings.update((text, _LAST_NOTE.sub("", text).rstrip()))
    for kind, word in _patterns()["kind_names"]:
        if any(ending.endswith(word) for ending in endings):
            return kind
    return ""


def read_kind(title: str, opening: str) -> str:
    kinds = _patterns()["kinds"]
    for where, text in (("title", title), ("opening", opening)):
        for kind, pattern_where, pattern in kinds:
            if pattern_where == where and pattern.search(text):
                return kind
        if where == "title":
            named = kind_by_name(title)
            if named:
                return named
    return "other"


def _is_national(text: str) -> bool:
    return any(p.search(text) for p in _patterns()["national"])


def _is_national_title(title: str) -> bool:
    """A national title, not a local one quoting a national law: 北京市实施《中华人民共和国全国人民代表
    大会…代表法》办法 is Beijing's, as the place before the quoted name says."""
    outside_quotes = re.sub(r"《[^》]*》", "", title)
    return _is_national(outside_quotes) or (_is_national(title) and not leading_places(title))


# ----------------------------------------------------------------------------- reading

def better_title(title: str, lines: list[str]) -> str:
    """A scraped page often starts with its section label (工作报告) and gives the real title
    (保定市满城区2020年政府工作报告) on the next line: the fuller line is the title."""
    label = _patterns()["title_label"]
    title = label.sub("", title).strip() or title
    candidates = [label.sub("", line).strip() for line in lines[:40] if line.strip()][:6]
    for line in candidates[1:]:
        if title and line.endswith(title) and len(title) < len(line) <= MAX_TITLE_CHARS:
            return line
    return title


def is_real_title(title: str) -> bool:
    """Not a first paragraph or a numbered heading standing where a title should be."""
    return 0 < len(title) <= MAX_TITLE_CHARS and not re.match(r"^[一二三四五六七八九十]+、", title)


def read_metadata(title: str, lines: list[str], path: Path) -> Metadata:
    """What the title, the opening lines and the file name say (each field "" or None when
    nothing says it)."""
    meta = Metadata(title=title)
    if not is_real_title(title):
        title = ""      # what it says is the text's, read with the opening
    opening = "\n".join(line.strip() for line in lines[:OPENING_LINES] if line.strip())[:OPENING_CHARS]
    opening = opening.translate(_FULL_WIDTH_DIGITS)
    text = "\n".join(lines)
    meta.kind = read_kind(title, opening)

    places: list[str] = []
    if _is_national_title(title):
        meta.region, meta.level = NATIONAL_REGION, "national"
    else:
        places = leading_places(title) or _region_from_opening(opening)
        if not places and _is_national(opening):
            meta.region, meta.level = NATIONAL_REGION, "national"
        elif not places:
            places = _places_from_file_name(path)
        if not places and not meta.region and meta.kind == "law":
            # A local regulation's title names its region (北京市审计条例); a law or a State
            # Council regulation's does not (化妆品监督管理条例).
            meta.region, meta.level = NATIONAL_REGION, "national"
    if not meta.region and not places:
        meta.level = _level_by_self_reference(text)
        # A report cut from its title and opening (a spreadsheet cell) names its place only in
        # passing (容城 29 times), and its file name may spell it (county_rongcheng_2017.txt).
        places = _place_spelled_in_file_name(path, text, meta.level)
        meta.level = meta.level or _level_in_file_name(path)
    if places:
        if level_of_place(places[0]) != "province":
            province = _province_from_text(text)
            if province and _title_allows_province(title, province, places[0]):
                places = [province, *places]
        meta.region = "".join(dict.fromkeys(places))
        meta.level = _level_of_region(places, text)

    meta.year = (year_in_title(title) or year_of_session(title) or year_of_delivery(opening)
                 or year_of_document_number(opening) or year_in_file_name(path) or year_of_passing(opening) or year_of_session(opening))
    return meta


# What a file name's words say of the level (county_rongcheng_2017.txt), and the suffix a
# place of that level gets when its text never writes one (容城 → 容城县).
_FILE_NAME_LEVELS = {"county": "county", "district": "district", "city": "city", "town": "town"}
_LEVEL_SUFFIXES = {"county": "县", "district": "区", "city": "市", "town": "镇"}
# A name the text uses less often than this is no report's own place.
MIN_OWN_NAME_USES = 3


def _file_name_words(path: Path) -> list[str]:
    return [w for w in re.split(rf"[^0-9A-Za-z{HAN}]+|(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", path.stem.lower()) if w]


def _level_in_file_name(path: Path) -> str:
    return next((_FILE_NAME_LEVELS[w] for w in _file_name_words(path) if w in _FILE_NAME_LEVELS), "")


def _place_spelled_in_file_name(path: Path, text: str, level: str) -> list[str]:
    """The place a file name spells in pinyin (rongcheng), as the text writes it: the name of two
    or three characters reading so that the text uses most (3 times at least), with the level
    suffix the text gives it (容城县), else the one of the level the text or file name says."""
    words = [w for w in _file_name_words(path)
             if w.isascii() and w.isalpha() and len(w) >= 4 and w not in _FILE_NAME_LEVELS]
    if not words:
        return []
    syllables: dict[str, set[str]] = {}
    for char in set(text):
        if is_han(char):
            reading = pinyin.reading(char)
            if len(reading) == 1:
                plain = toneless(reading[0])
                syllables[char] = {plain, plain.replace("ü", "v"), plain.replace("ü", "u")}
    counts: dict[str, int] = {}
    for size in (2, 3):
        for start in range(len(text) - size + 1):
            name = text[start:start + size]
            if all(c in syllables for c in name) and _spells(name, words, syllables):
                counts[name] = counts.get(name, 0) + 1
    named = sorted(((n, name) for name, n in counts.items() if n >= MIN_OWN_NAME_USES), reverse=True)
    if not named:
        return []
    name = named[0][1]
    written = sorted(((text.count(name + suffix), name + suffix) for suffix, _ in _patterns()["levels"]
                      if _is_place_name(name + suffix)), reverse=True)
    if written and written[0][0]:
        return [written[0][1]]
    level = level or _level_in_file_name(path)
    return [name + _LEVEL_SUFFIXES[level]] if level in _LEVEL_SUFFIXES else []


def _spells(name: str, words: list[str], syllables: dict[str, set[str]]) -> bool:
    spellings = [""]
    for char in name:
        spellings = [s + syllable for s in spellings for syllable in syllables[char]]
    return any(s in words for s in spellings)


def _places_from_file_name(path: Path) -> list[str]:
    """A province named in the file name, in characters or pinyin (province_hebei_2025.txt)."""
    names, pinyin = _provinces()
    for word in re.split(rf"[^0-9A-Za-z{HAN}]+|(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", path.stem.lower()):
        if word in pinyin:
            return [pinyin[word]]
        if word in names:
            return [names[word]]
    return []


# ----------------------------------------------------------------------------- override file

def override_path(path: Path) -> Path:
    return path.with_name(path.name + OVERRIDE_SUFFIX)


def read_override(path: Path) -> dict:
    """The fields of the metadata file beside `path` ({} when there is none). A malformed file
    raises IngestError with a one-line message naming it."""
    meta_path = override_path(path)
    try:
        raw = meta_path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise IngestError(f"{meta_path}: cannot read metadata file ({exc.strerror})") from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise IngestError(f"{meta_path}: metadata file is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise IngestError(f"{meta_path}: metadata file is not valid JSON ({exc.msg}, line {exc.lineno})") from None
    if not isinstance(data, dict):
        raise IngestError(f"{meta_path}: metadata file must hold one JSON object with {', '.join(OVERRIDE_FIELDS)}")
    unknown = sorted(set(data) - set(OVERRIDE_FIELDS))
    if unknown:
        raise IngestError(f"{meta_path}: unknown field {unknown[0]!r} (fields: {', '.join(OVERRIDE_FIELDS)})")
    for name in ("region", "title"):
        if name in data and not isinstance(data[name], str):
            raise IngestError(f"{meta_path}: {name} must be a string")
    if "level" in data and data["level"] not in LEVELS:
        raise IngestError(f"{meta_path}: level must be one of {', '.join(LEVELS)}")
    if "kind" in data and data["kind"] not in KINDS:
        raise IngestError(f"{meta_path}: kind must be one of {', '.join(KINDS)}")
    if "year" in data and data["year"] is not None and (
            isinstance(data["year"], bool) or not isinstance(data["year"], int) or not _plausible(data["year"])):
        raise IngestError(f"{meta_path}: year must be a whole number from {EARLIEST_YEAR} to {LATEST_YEAR}")
    return data


def apply_override(meta: Metadata, override: dict) -> Metadata:
    for name, value in override.items():
        setattr(meta, name, value.strip() if isinstance(value, str) else value)
    return meta


# ----------------------------------------------------------------------------- display

def display_title(meta: Metadata) -> str:
    """Region, year and what the document is: 保定市满城区 2022 · 政府工作报告.

    The region is shown without its province below the province level (保定市满城区, not
    河北省保定市满城区) and as 中国 for national documents; the title loses the year and region
    it repeats. A title that is really a first paragraph gives way to the kind's name."""
    region = meta.region
    if meta.level not in ("", "province", "national"):
        places = split_places(region) or []
        if len(places) > 1 and level_of_place(places[0]) == "province":
            region = "".join(places[1:])
    core = meta.title.strip()
    if core and meta.year:
        core = re.sub(rf"^\s*{meta.year}\s*年(?:度)?\s*|\s*[（(]{meta.year}年?[）)]\s*$", "", core)
    # 中国 opens national titles as a word of their own (中国公民…, 中国人民银行…), not as a place.
    repeated = set() if meta.level == "national" else {region, meta.region, *(split_places(meta.region) or [])}
    for name in sorted(repeated, key=len, reverse=True):
        if name and core.startswith(name) and len(core) > len(name) + 1:
            core = core[len(name):]
    if meta.level == "national":
        core = re.sub(r"^中[华華]人民共和[国國](?=.{2})", "", core)
    if meta.year and core:
        core = re.sub(rf"^\s*{meta.year}\s*年(?:度)?\s*", "", core)
    core = core.strip(" ·—-")
    if not is_real_title(core):
        core = KIND_NAMES.get(meta.kind, "") or meta.title[:MAX_TITLE_CHARS]
    head = " ".join(str(part) for part in (region, meta.year) if part)
    return f"{head} · {core}" if head and core else (head or core)
