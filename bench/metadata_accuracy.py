"""How well termsearch reads document metadata (region, level, kind, year) from real files.

    .venv/bin/python bench/metadata_accuracy.py [--corpus ../shared/corpus] [--misses] [--laws 150]

The answers come from outside the reader: the glossary reports' MANIFEST.json (counted by hand),
the national reports' and provincial reports' file names (year, province in pinyin), the CPC
congress reports (congress number → year, written out below), the laws' folders (national or a
province's local regulations) and the dates in their file names, and site_places.tsv (laws named
for a site within a place, 住宅小区 or 风景名胜区, with the place written by hand). A fixed share of each group
(seed 11, 30%) was put aside before the patterns were tuned: accuracy is printed for the files
tuned on and for the held-out ones. Metadata files beside documents are not read here (the
figures are the reader's own).

Region is scored two ways: `region` exact (河北省保定市满城区), and `place` (the most specific
place right and every place given right, so 河北省定兴县 counts for 河北省保定市定兴县).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

from termsearch.ingest import metadata
from termsearch import IngestError, ingest_file

SEED = 11
HELD_OUT = 0.3
FIELDS = ("region", "place", "level", "kind", "year")
# The year of each CPC national congress, by its number (history, not the reader's table).
CPC_YEARS = {1: 1921, 3: 1923, 7: 1945, 9: 1969, 10: 1973, 11: 1977, 12: 1982, 13: 1987, 14: 1992,
             15: 1997, 16: 2002, 17: 2007, 18: 2012, 19: 2017, 20: 2022}
PROVINCE_PINYIN = {"anhui": "安徽省", "beijing": "北京市", "chongqing": "重庆市", "fujian": "福建省",
                   "gansu": "甘肃省", "guangxi": "广西壮族自治区", "guizhou": "贵州省", "hebei": "河北省",
                   "heilongjiang": "黑龙江省", "henan": "河南省", "hubei": "湖北省", "hunan": "湖南省",
                   "jiangsu": "江苏省", "jilin": "吉林省", "liaoning": "辽宁省", "neimenggu": "内蒙古自治区",
                   "ningxia": "宁夏回族自治区", "qinghai": "青海省", "shaanxi": "陕西省", "shandong": "山东省",
                   "shanghai": "上海市", "shanxi": "山西省", "tianjin": "天津市", "xinjiang": "新疆维吾尔自治区",
                   "xizang": "西藏自治区", "yunnan": "云南省", "zhejiang": "浙江省", "guangdong": "广东省"}
LAW_PROVINCES = {"北京": "北京市", "上海": "上海市", "山东": "山东省", "广东": "广东省", "河南": "河南省",
                 "浙江": "浙江省", "重庆": "重庆市"}


def truth_sets(corpus: Path, laws: int) -> dict[str, list[tuple[Path, dict]]]:
    """{group: [(file, {field: expected})]}; a field left out is not scored for that file."""
    groups: dict[str, list[tuple[Path, dict]]] = defaultdict(list)
    manifest = json.loads((corpus / "glossaries" / "MANIFEST.json").read_text("utf-8"))
    for entry in manifest["files"]:
        groups["glossaries"].append((corpus / "glossaries" / entry["file"], {
            "region": entry["region"].replace("（县级市）", ""), "level": entry["level"],
            "kind": "government_work_report", "year": entry["year"]}))
    for path in sorted((corpus / "reports" / "national").glob("*.txt")):
        year = re.fullmatch(r"national_(\d{4})", path.stem)
        truth = {"region": "中国", "level": "national"}
        if year:
            truth |= {"kind": "government_work_report", "year": int(year.group(1))}
        else:
            truth |= {"kind": "other"}      # NPC resolutions on the report
        groups["national"].append((path, truth))
    for path in sorted((corpus / "reports" / "provincial").glob("*.txt")):
        _, roman, year = path.stem.split("_")
        groups["provincial"].append((path, {"region": PROVINCE_PINYIN[roman], "level": "province",
                                            "kind": "government_work_report", "year": int(year)}))
    for path in sorted((corpus / "reports" / "cpc").glob("*.txt")):
        number = int(re.match(r"cpc_congress(\d+)", path.stem).group(1))
        groups["cpc"].append((path, {"region": "中国", "level": "national", "kind": "party_congress_report",
                                     "year": CPC_YEARS[number]}))
    law_files = sorted((corpus / "laws").rglob("*.md"))
    law_files = [p for p in law_files if p.name != "_index.md"]
    for path in random.Random(SEED).sample(law_files, min(laws, len(law_files))):
        # Court cases (案例) are published with the laws but are not laws.
        truth: dict = {"kind": "other" if "案例" in path.parts else "law"}
        local = next((LAW_PROVINCES[part] for part in path.parts if part in LAW_PROVINCES), None)
        if local is None and "DLC" not in path.parts and "案例" not in path.parts:
            truth |= {"region": "中国", "level": "national"}
        elif local:
            truth["province"] = local
        date = re.search(r"\((\d{4})-\d\d-\d\d\)", path.name)
        if date:
            truth["year"] = int(date.group(1))
        groups["laws"].append((path, truth))
    # Laws named for a site within a place (住宅小区, 风景名胜区): the place, not the site.
    sites = Path(__file__).with_name("site_places.tsv")
    for line in sites.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, region = line.split("\t")
            if (corpus / "laws" / name).exists():
                groups["sites"].append((corpus / "laws" / name, {"region": region}))
    return groups


def split(groups: dict[str, list]) -> dict[str, list]:
    """Tuned-on and held-out files: a fixed 30% of each group held out."""
    rng = random.Random(SEED)
    sets: dict[str, list] = {"tuned": [], "held-out": []}
    for name in sorted(groups):
        items = list(groups[name])
        rng.shuffle(items)
        cut = round(len(items) * HELD_OUT)
        sets["held-out"].extend((name, *item) for item in items[:cut])
        sets["tuned"].extend((name, *item) for item in items[cut:])
    return sets


def place_right(got: str, expected: str) -> bool:
    """The most specific place right, and every place given is one of the expected ones."""
    got_places = metadata.split_places(got) or ([got] if got else [])
    want = metadata.split_places(expected) or [expected]
    return bool(got_places) and got_places[-1] == want[-1] and set(got_places) <= set(want)


def score(doc, truth: dict) -> dict[str, bool]:
    marks = {}
    if "region" in truth:
        marks["region"] = doc.region == truth["region"]
        marks["place"] = place_right(doc.region, truth["region"])
    if "province" in truth:     # a local regulation: its region is in that province
        marks["place"] = doc.region.startswith(truth["province"])
    for name in ("level", "kind", "year"):
        if name in truth:
            marks[name] = getattr(doc, name) == truth[name]
    return marks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("TERMSEARCH_CORPUS", "../shared/corpus")))
    parser.add_argument("--laws", type=int, default=150, help="laws sampled (fixed seed)")
    parser.add_argument("--misses", action="store_true", help="list the files tuned on that were read wrong")
    args = parser.parse_args()
    if not (args.corpus / "glossaries" / "MANIFEST.json").exists():
        print(f"no corpus at {args.corpus} (pass --corpus)", file=sys.stderr)
        return 2
    sets = split(truth_sets(args.corpus, args.laws))
    for name, items in sets.items():
        right: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        by_group: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
        for group, path, truth in items:
            try:
                doc = ingest_file(path, "doc")
            except IngestError:
                continue
            for field, ok in score(doc, truth).items():
                right[field][0] += ok
                right[field][1] += 1
                by_group[group][field][0] += ok
                by_group[group][field][1] += 1
                if not ok and args.misses and name == "tuned":
                    got = doc.region if field == "place" else getattr(doc, field)
                    print(f"  miss {field}: {path.name}: got {got!r}, expected "
                          f"{truth.get(field, truth.get('region', truth.get('province')))!r}  [{doc.display_title}]")
        print(f"{name}: {len(items)} files")
        print("  " + "  ".join(f"{f} {right[f][0]}/{right[f][1]} ({100 * right[f][0] / right[f][1]:.0f}%)"
                               for f in FIELDS if right[f][1]))
        for group in sorted(by_group):
            counts = by_group[group]
            print(f"    {group:<11}" + "  ".join(f"{f} {counts[f][0]}/{counts[f][1]}" for f in FIELDS if counts[f][1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
