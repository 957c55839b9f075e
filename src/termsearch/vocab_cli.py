"""What the vocabulary commands print (`terms --undefined`, `timeline`, `new`): kept out of
cli.py, which stays a list of thin commands."""
from __future__ import annotations

import json

import click

from . import collection, timeline
from . import NotFound


def _emit(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _entry_lines(entry: dict) -> list[str]:
    years = ""
    if entry["first_year"]:
        years = f", {entry['first_year']}" + (f"–{entry['last_year']}" if entry["last_year"] != entry["first_year"] else "")
    lines = [f"“{entry['written']}”  {_count(entry['document_count'], 'document')}, {_count(entry['uses'], 'use')}{years}"
             + (f"  (defined: {', '.join(entry['terms'][:3])})" if entry["defined"] else "")]
    for doc in entry["documents"][-1:]:
        for c in doc["contexts"][:1]:
            lines.append(f"    {doc['document']}:{c['line']}  …{c['before']}{c['match']}{c['after']}…")
    return lines


def print_shorthand(reader, *, as_json: bool, limit: int | None, defined: bool | None = False) -> None:
    entries = collection.load(reader).shorthand(reader.terms, defined=defined)[:limit]
    if as_json:
        _emit(entries)
        return
    for entry in entries:
        click.echo("\n".join(_entry_lines(entry)))
    click.echo(f"{len(entries)} shorthand{' not defined by any glossary' if defined is False else ''}")


def print_timeline(index_dir, queries: list[str], *, as_json: bool) -> None:
    from . import Engine

    data = timeline.timeline(Engine(index_dir), queries)
    if as_json:
        _emit(timeline.as_json(data))
        return
    if not data["years"]:
        raise NotFound("no document of the index has a year: there is no timeline to show")
    header = f"{'year':>6} {'docs':>5}  " + "  ".join(f"{s['query'][:12]:>22}" for s in data["series"])
    click.echo(header)
    click.echo(f"{'':>6} {'':>5}  " + "  ".join(f"{'docs / paras / per M':>22}" for _ in data["series"]))
    unmeasured = False
    for year in data["years"]:
        cells = []
        for s in data["series"]:
            # No figure for a year of too little text (timeline.MIN_YEAR_SHARE): a dash, not a 0.0
            # beside the paragraphs it was found in.
            per_million = s["per_million"].get(year)
            unmeasured |= per_million is None
            shown = f"{per_million:>9.1f}" if per_million is not None else f"{'–':>9}"
            cells.append(f"{s['documents'].get(year, 0):>5} {s['paragraphs'].get(year, 0):>6} {shown}")
        click.echo(f"{year:>6} {data['documents'][year]:>5}  " + "  ".join(f"{c:>22}" for c in cells))
    if unmeasured:
        click.echo(f"–: a year with under {timeline.MIN_YEAR_SHARE:.0%} of the median year's text has no figure per million characters")
    for s in data["series"]:
        if s["undated"]["documents"]:
            n = s["undated"]["documents"]
            click.echo(f"{s['query']}: also in {n} document{'' if n == 1 else 's'} without a year")


def print_new(index_dir, year: int | None, *, as_json: bool) -> None:
    from . import open_index

    reader = open_index(index_dir)
    coll = collection.load(reader)
    years = sorted(coll.documents_by_year())
    if not years:
        raise NotFound("no document of the index has a year")
    if year is None:
        year = years[-1]
    if year not in years:
        raise NotFound(f"no document of {year} in the index (years: {years[0]}–{years[-1]})")
    entries = coll.new_in(year, reader.terms)
    if as_json:
        _emit({"year": year, "total": len(entries), "shorthand": entries})
        return
    for entry in entries:
        click.echo("\n".join(_entry_lines(entry)))
    click.echo(f"{len(entries)} shorthand first used in {year}")
