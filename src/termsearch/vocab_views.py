"""The vocabulary across reports and years, as JSON and as pages: quoted shorthand (defined or
not) by how widely it is used, a query's timeline over the years (compare several on one chart),
and the shorthand that is new in a year's reports."""
from __future__ import annotations

import math

from flask import Blueprint, abort, render_template, request
from flask import jsonify

from . import charts, collection, timeline
from .errors import NotFound, QueryError
from .query import blank_query
from .shared_views import (engine, filters_arg, int_arg, page_number, page_within, refuse_bad_display_args,
                           refuse_web_page_args, text_arg, whole_number)

vocab_api = Blueprint("vocab_api", __name__, url_prefix="/api")
vocab_api.before_request(refuse_web_page_args)
vocab_pages = Blueprint("vocab_pages", __name__)
vocab_pages.before_request(refuse_bad_display_args)

PER_PAGE = 50
MAX_LIMIT = 500
CONTEXTS = 3


def defined_arg() -> bool | None:
    raw = request.args.get("defined", "").strip().lower()
    if raw in ("", "any", "all"):
        return None
    if raw in ("false", "0", "no"):
        return False
    if raw in ("true", "1", "yes"):
        return True
    raise QueryError(f"defined must be true, false or any, not {raw[:20]!r}")


def year_arg(name: str, required: bool = False) -> int | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        if required:
            raise QueryError(f"missing {name}: pass ?{name}=2024")
        return None
    year = whole_number(raw, 1900, 2200)
    if year is None:
        raise QueryError(f"{name} must be a year from 1900 to 2200, not {raw[:20]!r}")
    return year


def shorthand_entries(defined: bool | None) -> list[dict]:
    reader = engine().reader()
    return collection.load(reader).shorthand(reader.terms, defined=defined)


def summary(entry: dict, contexts: int = CONTEXTS) -> dict:
    """An entry for a list: its documents without their contexts, and the first few contexts."""
    out = {k: v for k, v in entry.items() if k != "documents"}
    out["documents"] = [{k: v for k, v in d.items() if k != "contexts"} for d in entry["documents"]]
    out["contexts"] = [{"document": d["document"], "title": d["title"], "year": d["year"], **c}
                       for d in reversed(entry["documents"]) for c in d["contexts"]][:contexts]
    return out


def new_in_year(year: int, defined: bool | None) -> tuple[list[dict], list[int]]:
    """The shorthand first used in `year`, and every year with documents (to move between them).
    A year no document is of is a 404, as `termsearch new` says it (not "0 new shorthand in 2030")."""
    reader = engine().reader()
    coll = collection.load(reader)
    years = sorted(coll.documents_by_year())
    if years and year not in years:
        raise NotFound(f"no document of {year} in the index (years: {years[0]}–{years[-1]})")
    return coll.new_in(year, reader.terms, defined=defined), years


# ----------------------------------------------------------------------------- JSON

@vocab_api.get("/shorthand")
def shorthand_list():
    defined = defined_arg()
    limit = int_arg("limit", 100, 0, MAX_LIMIT)
    offset = int_arg("offset", 0, 0, 100_000)
    wanted = collection.shorthand_key(text_arg("q")) if text_arg("q") else ""
    entries = shorthand_entries(defined)
    if wanted:
        entries = [e for e in entries if e["shorthand"] == wanted]
    return jsonify({"defined": defined, "total": len(entries),
                    "shorthand": [summary(e) for e in entries[offset:offset + limit]]})


@vocab_api.get("/timeline")
def timeline_json():
    queries = request.args.getlist("q")
    for q in queries:
        if len(q) > 256:
            raise QueryError("q is too long (the limit is 256 characters)")
    data = timeline.timeline(engine(), queries, filters_arg())
    return jsonify(timeline.as_json(data))


@vocab_api.get("/new")
def new_json():
    year = year_arg("year", required=True)
    limit = int_arg("limit", 100, 0, MAX_LIMIT)
    offset = int_arg("offset", 0, 0, 100_000)
    entries, years = new_in_year(year, defined_arg())
    return jsonify({"year": year, "total": len(entries),
                    "shorthand": [summary(e) for e in entries[offset:offset + limit]], "years": years})


# ----------------------------------------------------------------------------- pages

def _page_context() -> dict:
    from .pages import page_context

    return page_context()


def _titles() -> dict:
    from .pages import document_titles

    return document_titles()


def page_of(entries: list[dict]) -> dict:
    """The ?page= of a list of entries, PER_PAGE at a time, as the list templates show it."""
    page = page_number("page", 10_000)
    pages_total = max(1, math.ceil(len(entries) / PER_PAGE))
    if page > pages_total:
        abort(404, description=f"there are only {pages_total} pages")
    shown = [summary(e, contexts=1) for e in entries[(page - 1) * PER_PAGE:page * PER_PAGE]]
    return {"entries": shown, "total": len(entries), "page": page, "pages_total": pages_total,
            "start": (page - 1) * PER_PAGE + 1}


@vocab_pages.get("/shorthand")
def shorthand_page():
    defined = defined_arg() if "defined" in request.args else False
    return render_template("shorthand.html", defined=defined, **page_of(shorthand_entries(defined)),
                           **_page_context())


def timeline_chart(data: dict, title: str):
    names = [s["query"] for s in data["series"]]
    svg = charts.timeline_svg(data["years"], [(s["query"], s["per_million"]) for s in data["series"]],
                              title=title)
    return svg, charts.legend(names)


def term_timeline(term) -> tuple:
    """A term page's chart: the timeline of its headword and aliases (放管服改革 or 放管服), drawn
    under its headword; nothing when no document has a year."""
    from .analysis import termforms

    headword = termforms.unquoted(term.term)
    coll = collection.load(engine().reader())
    if not coll.documents_by_year():
        return None, "", []
    forms = [headword] + [a for a in (termforms.unquoted(a) for a in term.aliases) if a and a != headword]
    quoted = " OR ".join('"' + f.replace('"', "") + '"' for f in forms[:4])
    try:
        data = timeline.timeline(engine(), [quoted if len(forms) > 1 else headword])
    except QueryError:
        try:
            data = timeline.timeline(engine(), [headword])
        except QueryError:
            return None, "", []
    data["series"][0]["query"] = headword
    svg, legend = timeline_chart(data, f"{headword}: paragraphs per million characters, by year")
    return data, svg, legend


@vocab_pages.get("/timeline")
def timeline_page():
    page_within(1)      # one chart: ?page=abc is a 400 as on every page, ?page=2 a 404
    # A box holding only control characters (%00) is as empty as a blank one: no nameless line.
    queries = [q for q in request.args.getlist("q") if not blank_query(q)]
    # A query too long is said (a 400, as the API and CLI say it), not cut silently; more lines
    # than the boxes, timeline.timeline refuses.
    if any(len(q) > 256 for q in queries):
        raise QueryError("q is too long (the limit is 256 characters)")
    data = timeline.timeline(engine(), queries, filters_arg()) if queries else None
    svg, legend = timeline_chart(data, "Paragraphs per million characters, by year: " + ", ".join(queries)) \
        if data else ("", [])
    ctx = _page_context()
    ctx["header_query"] = queries[0] if queries else ""
    return render_template("timeline.html", queries=queries, data=data, svg=svg, legend=legend,
                           max_queries=timeline.MAX_QUERIES, **ctx)


@vocab_pages.get("/new")
def new_page():
    coll = collection.load(engine().reader())
    years = sorted(coll.documents_by_year())
    year = year_arg("year") or (years[-1] if years else None)
    listed = page_of(new_in_year(year, defined_arg())[0] if year else [])
    return render_template("new.html", year=year, years=years, titles=_titles(), **listed, **_page_context())
