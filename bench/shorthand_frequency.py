"""Quoted policy shorthand in the corpus reports, ranked by how many documents use it (issue 14).

China's reports put their shorthand in quotation marks: “双碳”, “放管服”, “六稳”“六保”, “两个确立”.
This script counts every quoted span of 2–12 characters that looks like such shorthand and ranks
them by the number of documents that quote them (then by uses), so the termbase
(src/termsearch/data/termbase.csv) is researched from the real top of the corpus, not a guess.

    .venv/bin/python bench/shorthand_frequency.py                 # writes bench/shorthand_frequency.tsv
    .venv/bin/python bench/shorthand_frequency.py --coverage      # share of uses with an English rendering

A use is covered when an official or attested row applies to the document it occurs in, by the
rule the app applies rows to a document's terms (english.renderings.applies_to_document): a
national row everywhere, a row scoped to a region (两创: 山东) only in that region's documents.
A document's region is the one ingest reads (its title and opening, or its .meta.json); the
ranking file keeps each shorthand's uses per region, so coverage needs no corpus.

What counts as shorthand (the rules are here, and nowhere else):
- the quoted text is 2–12 characters, all Han characters, digits, Latin letters or + - · ;
  it contains no sentence punctuation (a quoted sentence is speech, not shorthand);
- and it either contains a number word or a digit (两个确立, 六稳, 3060, 十四五), or is at most
  six characters long (compressed forms: 放管服, 双碳, 专精特新, 一带一路 — and, unavoidably,
  some quoted ordinary words such as “菜篮子”; they rank where the corpus puts them);
- and it is not one of the spans labelled by hand as not shorthand (瓶颈, 组合拳, 双下降 …: the
  [ordinary] section of src/termsearch/data/shorthand.txt, which the package's classifier reads too).
Book titles are in 《》, not “”, so they are never counted. Spans are folded to Simplified.
A quoted span that makes a termbase key with the characters right after it is counted as that key
(“八五”普法 is 八五普法, the legal-awareness campaign, not 八五, the 1991–1995 plan), as the app reads it.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from termsearch import shorthand
from termsearch.english import renderings as english_renderings
from termsearch.analysis import variants
from termsearch.ingest.pipeline import ingest_file

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus"
FOLDERS = ("reports/national", "reports/provincial", "reports/cpc", "policy")
OUT = HERE / "shorthand_frequency.tsv"

QUOTED = re.compile(r"[“「『]([^“”「」『』\n]{2,12})[”」』]([\u3400-\u9fff]{0,8})")
SHORTHAND_CHARS = re.compile(r"[\u3400-\u9fffA-Za-z0-9+\-·]+")
NUMBER = re.compile(r"[0-9一二三四五六七八九十百千万两双]")
MAX_COMPRESSED = 6


def is_shorthand(span: str) -> bool:
    if not SHORTHAND_CHARS.fullmatch(span) or span in shorthand.default_rules().ordinary:
        return False
    return bool(NUMBER.search(span)) or len(span) <= MAX_COMPRESSED


def with_what_follows(span: str, follows: str, keys: set[str]) -> str:
    """The longest termbase key made of the span and the characters right after its quote."""
    return next((span + follows[:end] for end in range(len(follows), 0, -1) if span + follows[:end] in keys), span)


def documents(corpus: Path) -> list[Path]:
    files = []
    for folder in FOLDERS:
        files.extend(sorted((corpus / folder).glob("*.txt")))
    return files


def count(corpus: Path) -> tuple[Counter, Counter, int, dict[str, Counter]]:
    """(documents per shorthand, uses per shorthand, number of documents read, uses per shorthand
    per region of the documents they occur in)."""
    docs, uses, places = Counter(), Counter(), defaultdict(Counter)
    keys = set(english_renderings.load_renderings())
    files = documents(corpus)
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        region = None       # read by ingest only for a document that quotes shorthand
        seen = set()
        for match in QUOTED.finditer(text):
            span = variants.to_simplified(match.group(1).strip())
            if is_shorthand(span):
                span = with_what_follows(span, variants.to_simplified(match.group(2)), keys)
                if region is None:
                    region = ingest_file(path, path.stem).region
                uses[span] += 1
                places[span][region] += 1
                seen.add(span)
        docs.update(seen)
    return docs, uses, len(files), dict(places)


def ranked(docs: Counter, uses: Counter) -> list[tuple[str, int, int]]:
    return sorted(((s, docs[s], uses[s]) for s in docs), key=lambda r: (-r[1], -r[2], r[0]))


def write(rows: list[tuple[str, int, int]], places: dict[str, Counter], out: Path, total_docs: int) -> None:
    with out.open("w", encoding="utf-8", newline="") as f:
        f.write(f"# quoted shorthand in {total_docs} documents of {', '.join(FOLDERS)}; "
                "written by bench/shorthand_frequency.py\n")
        f.write("# regions: uses per region of the documents quoting it (region=uses;…), as ingest reads it\n")
        writer = csv.writer(f, delimiter="\t", lineterminator="\n")
        writer.writerow(["rank", "shorthand", "documents", "uses", "regions"])
        for rank, (span, n_docs, n_uses) in enumerate(rows, 1):
            where = sorted(places.get(span, {}).items(), key=lambda p: (-p[1], p[0]))
            writer.writerow([rank, span, n_docs, n_uses, ";".join(f"{region}={n}" for region, n in where)])


def read(path: Path) -> list[tuple[str, int, int]]:
    return [(r["shorthand"], int(r["documents"]), int(r["uses"])) for r in _read_rows(path)]


def read_places(path: Path) -> dict[str, Counter]:
    """Uses per region of each shorthand, as the ranking file keeps them."""
    places = {}
    for r in _read_rows(path):
        pairs = (p.rpartition("=") for p in (r.get("regions") or "").split(";") if p)
        places[r["shorthand"]] = Counter({region: int(n) for region, _, n in pairs})
    return places


def _read_rows(path: Path) -> list[dict]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


SOURCED = ("official", "attested")


def coverage(rows: list[tuple[str, int, int]], places: dict[str, Counter], top: int | None = None) -> dict:
    """Share of shorthand uses (and of distinct shorthand) covered by an official or attested
    rendering in the packaged renderings (renderings.csv and termbase.csv) that applies to the
    document of the use: a region-scoped row covers only its region's uses. `covered` counts
    the shorthand with at least one use covered."""
    renderings = english_renderings.load_renderings()
    rows = rows[:top] if top else rows
    covered, covered_uses = 0, 0
    for span, _, _ in rows:
        sourced = [r for r in renderings.get(english_renderings.rendering_key(span), ()) if r.confidence in SOURCED]
        here = sum(n for region, n in places.get(span, {}).items()
                   if any(english_renderings.applies_to_document(r, "", region) for r in sourced))
        covered += here > 0
        covered_uses += here
    return {"shorthand": len(rows), "covered": covered,
            "uses": sum(r[2] for r in rows), "covered_uses": covered_uses}


def coverage_lines(rows: list[tuple[str, int, int]], places: dict[str, Counter]) -> list[str]:
    """What --coverage prints (the top 150, the top 300, all); renderings.md quotes these lines."""
    lines = []
    for top in (150, 300, None):
        c = coverage(rows, places, top)
        label = f"top {top}" if top else "all"
        lines.append(f"{label:>8}: {c['covered_uses']}/{c['uses']} uses "
                     f"({100 * c['covered_uses'] / max(c['uses'], 1):.1f}%) of {c['shorthand']} quoted shorthand, "
                     f"{c['covered']} of them with an official or attested rendering where used")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--coverage", action="store_true",
                        help="print the share of quoted shorthand uses with an official/attested rendering")
    parser.add_argument("--show", type=int, default=0, help="print the top N of the ranking")
    args = parser.parse_args(argv)
    if args.coverage and not args.corpus.is_dir() and args.out.exists():
        rows, places = read(args.out), read_places(args.out)   # no corpus here: the kept ranking
    else:
        if not args.corpus.is_dir():
            print(f"no corpus at {args.corpus} (pass --corpus)", file=sys.stderr)
            return 2
        docs, uses, total, places = count(args.corpus)
        rows = ranked(docs, uses)
        if not args.coverage:
            write(rows, places, args.out, total)
            print(f"{len(rows)} quoted shorthand in {total} documents -> {args.out}")
    for rank, (span, n_docs, n_uses) in enumerate(rows[:args.show], 1):
        print(f"{rank}\t{span}\t{n_docs}\t{n_uses}")
    if args.coverage:
        print("\n".join(coverage_lines(rows, places)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
