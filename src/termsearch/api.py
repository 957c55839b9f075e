"""The JSON API blueprint: search, terms, suggestions, documents and dictionary glosses.

Errors are raised as the library's kinds (errors.py); app.py turns each into one JSON error body
with its status, and sets the headers (CORS, caching, security) of every response.
"""
from __future__ import annotations

import json
import re
import weakref
from functools import lru_cache
from importlib import resources
from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, request

from . import __version__, highlight
from .analysis import termforms, variants
from .errors import NotFound, QueryError
from .index_layout import PAGE_PARAGRAPHS
from .query import MAX_QUERY_CHARS, blank_query
from .search import DEFAULT_TERM_LIMIT, MAX_LIMIT, MAX_OFFSET, MAX_TERM_LIMIT
from .shared_views import (MAX_ARG_CHARS, MAX_GLOSS_CHARS, bool_arg, engine, filters_arg, int_arg,
                           lookup, public_document, refuse_web_page_args, script_arg, text_arg)

api = Blueprint("api", __name__, url_prefix="/api")
api.before_request(refuse_web_page_args)      # ?page= is the web pages'; the API pages by offset


def shown_in(script: str):
    """The conversion a client asked for with ?script= (hans, hant), for the text it shows."""
    if script == "hans":
        return variants.to_simplified
    if script == "hant":
        return variants.to_traditional
    return lambda text: text


# The fields a reader sees; ids, the explicit traditional/simplified forms and `forms` stay as they are.
SHOWN_TERM_FIELDS = ("term", "definition")
SHOWN_HIT_FIELDS = ("text", "snippet", "section", "document_title")
SHOWN_DOCUMENT_FIELDS = ("title", "display_title")


def converted(items: list[dict], fields: tuple[str, ...], script: str) -> list[dict]:
    if script == "orig":
        return items
    return [{**item, **{f: shown_field(f, item[f], script) for f in fields if isinstance(item.get(f), str)}}
            for item in items]


def shown_field(key: str, text: str, script: str) -> str:
    """A shown field's text in `script`; a snippet's marks cut no phrase of the conversion."""
    if key in MARKED_FIELDS:
        return highlight.convert_marked(text, shown_in(script))
    return shown_in(script)(text)


MARKED_FIELDS = frozenset({"snippet"})      # escaped text with <mark> tags


# In the answers that nest what a reader sees (a document's paragraphs, a term's uses and
# concept, a gloss's words), the keys whose text is shown, wherever they stand. The offsets
# beside them (a paragraph's damaged spans and terms, start/end) are left as they are: s2t and
# t2s replace each phrase by one of the same length (bench/script_lengths.py counts the
# dictionaries and the corpus), so they point into the converted text as into the original.
SHOWN_NESTED_FIELDS = frozenset({*SHOWN_TERM_FIELDS, *SHOWN_HIT_FIELDS, *SHOWN_DOCUMENT_FIELDS,
                                 "before", "match", "after", "word", "heading", "sections"})


USE_PIECES = ("before", "match", "after")      # a term's use in context (xref.py)


def converted_within(value, script: str, key: str = ""):
    """`value` (a route's answer or part of it) with the strings under SHOWN_NESTED_FIELDS keys
    converted to `script`; ids, paths, pinyin, English and the traditional and simplified fields
    stay as they are."""
    if script == "orig":
        return value
    if isinstance(value, dict):
        converted = {k: converted_within(v, script, k) for k, v in value.items()}
        if all(isinstance(value.get(k), str) for k in USE_PIECES):
            # A use in context: one text, converted whole (a cut at the match changes 扎|实 → 扎實).
            converted.update(zip(USE_PIECES, highlight.convert_pieces([value[k] for k in USE_PIECES],
                                                                      shown_in(script))))
        return converted
    if isinstance(value, list):
        return [converted_within(v, script, key) for v in value]
    if isinstance(value, str) and key in SHOWN_NESTED_FIELDS:
        return shown_field(key, value, script)
    return value


def match_forms(term) -> list[str]:
    """The strings that, found in a text as written, are this term: both scripts of the headword
    and of every alias (used by the widget to mark terms in a host page)."""
    forms: list[str] = []
    for text in [term.term, term.traditional, term.simplified, *term.aliases]:
        plain = termforms.unquoted(text)
        for form in (plain, variants.to_simplified(plain), variants.to_traditional(plain)):
            if len(form) >= 2 and form not in forms:
                forms.append(form)
    return sorted(forms, key=len, reverse=True)


# ----------------------------------------------------------------------------- routes

@api.get("/search")
def search():
    q = request.args.get("q")
    if len(request.args.getlist("q")) > 1:     # ?q=x&q=y answered for x alone would drop y unsaid
        raise QueryError(f"q is given {len(request.args.getlist('q'))} times; pass one query "
                         "(several words in it, or joined with OR)")
    if q is None or blank_query(q):         # "", spaces, only %00: missing, as on the command line
        raise QueryError("missing query: pass ?q=")
    if len(q) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(q)} characters long; the limit is {MAX_QUERY_CHARS}")
    limit = int_arg("limit", 10, 0, MAX_LIMIT)
    offset = int_arg("offset", 0, 0, MAX_OFFSET)
    from . import facets as facets_mod

    want_facets = bool_arg("facets")
    document = text_arg("document")
    term_limit = int_arg("term_limit", DEFAULT_TERM_LIMIT, 0, MAX_TERM_LIMIT)
    term_offset = int_arg("term_offset", 0, 0, MAX_OFFSET)
    result, counts = facets_mod.search(engine(), q, limit, offset, filters_arg(), document=document,
                                       section=text_arg("section"), facets=want_facets,
                                       term_limit=term_limit, term_offset=term_offset)
    data = result.to_dict()
    script = script_arg()
    data["terms"] = converted(data["terms"], SHOWN_TERM_FIELDS, script)
    data["hits"] = converted(data["hits"], SHOWN_HIT_FIELDS, script)
    if counts is not None:
        # Sections only within one document: every report's headings at once help no one.
        data["facets"] = counts.to_dict(with_sections=bool(document))
    return jsonify(data)


@api.get("/suggest")
def suggest():
    from .suggest import suggest as suggestions

    q = request.args.get("q", "")
    limit = int_arg("limit", 8, 1, 20)
    script = script_arg()
    if len(q) > MAX_ARG_CHARS:
        raise QueryError(f"q is too long for suggestions (the limit is {MAX_ARG_CHARS} characters)")
    return jsonify({"query": q, "suggestions": suggestions(engine(), q, limit=limit, script=script)})


_term_cards: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def term_cards_with_forms(reader) -> list[dict]:
    """Every term with its match forms, computed once per build (OpenCC runs per form)."""
    cards = _term_cards.get(reader)
    if cards is None:
        cards = []
        for term in reader.terms:
            card = term.to_dict()
            card["forms"] = match_forms(term)
            cards.append(card)
        _term_cards[reader] = cards
    return cards


# Lists that grow with the index come a page at a time, with links to the next and previous
# pages and the total; the largest page keeps an answer to a few MB whatever the index holds.
MAX_TERMS_PAGE = 5000           # the widget reads one page of terms for its pop-ups
MAX_DOCUMENTS_PAGE = 1000
MAX_DOCUMENT_PARAGRAPHS = 500   # and PAGE_CHARS characters (index_layout.py)
MAX_LIST_OFFSET = 10**7
MAX_USES_PAGE = 1000            # a term's uses in /api/terms/<id> (uses_offset, uses_limit; uses_total)


def page_links(offset: int, limit: int, total: int | None, next_offset: int | None = None) -> dict:
    """`next` and `previous` addresses of a paged list (None at either end), this request's
    other parameters kept. Past the end the page is empty (as the total says) and `previous`
    is the last page (offset=100000 on 140 documents led back a thousand at a time through
    empty pages)."""
    def url(at: int) -> str:
        args = {k: v for k, v in request.args.items() if k != "offset"}
        args["offset"] = str(at)
        return f"{request.path}?{urlencode(args)}"

    if next_offset is None and total is not None and offset + limit < total:
        next_offset = offset + limit
    previous = max(0, offset - limit)
    if total is not None and previous >= total:
        previous = max(0, total - limit)
    return {"offset": offset, "limit": limit,
            "next": url(next_offset) if next_offset is not None else None,
            "previous": url(previous) if offset > 0 else None}


# The glossary as a file, the same bytes as `termsearch terms --format X` (export.dump_terms).
TERM_FILES = {"tbx": "application/x-tbx+xml", "martif": "application/x-tbx+xml", "csv": "text/csv"}


@api.get("/terms")
def terms():
    fmt = text_arg("format") or "json"
    if fmt not in ("json", *TERM_FILES):
        raise QueryError(f"format must be one of json, {', '.join(TERM_FILES)}")
    if fmt != "json":
        return glossary_file(fmt)
    offset = int_arg("offset", 0, 0, MAX_LIST_OFFSET)
    limit = int_arg("limit", MAX_TERMS_PAGE, 1, MAX_TERMS_PAGE)
    cards = term_cards_with_forms(engine().reader())
    shown = converted(cards[offset:offset + limit], SHOWN_TERM_FIELDS, script_arg())
    return jsonify({"terms": shown, "total": len(cards),
                    **page_links(offset, limit, len(cards))})


def glossary_file(fmt: str) -> Response:
    """Every term of the index as a TBX-Basic (tbx), TBX 2008 (martif) or CSV file, as a download."""
    from .export import ExportError, dump_terms

    try:
        text = dump_terms(engine().reader().terms, fmt)
    except ExportError as error:            # an index with no glossary term: nothing to export
        raise NotFound(str(error)) from None
    response = Response(text, mimetype=TERM_FILES[fmt])
    name = "termsearch-glossary" + ("-tbx2008.tbx" if fmt == "martif" else f".{fmt}")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@api.get("/terms/<path:term_id>")
def term(term_id: str):
    script = script_arg()
    offset = int_arg("uses_offset", 0, 0, MAX_LIST_OFFSET)
    limit = int_arg("uses_limit", MAX_USES_PAGE, 0, MAX_USES_PAGE)
    details = lookup().term_details(term_id) if term_id in engine().reader().terms_by_id else None
    if details is None:
        raise NotFound(f"no term with id {term_id[:80]!r}")
    # A term used in every paragraph must not make an answer of every paragraph.
    details["uses_total"] = len(details["uses"])
    details["uses"] = details["uses"][offset:offset + limit]
    return jsonify(converted_within(details, script))


@api.get("/documents")
def documents():
    offset = int_arg("offset", 0, 0, MAX_LIST_OFFSET)
    limit = int_arg("limit", MAX_DOCUMENTS_PAGE, 1, MAX_DOCUMENTS_PAGE)
    every = engine().reader().documents
    docs = converted([public_document(d) for d in every[offset:offset + limit]], SHOWN_DOCUMENT_FIELDS, script_arg())
    return jsonify({"documents": docs, "total": len(every), **page_links(offset, limit, len(every))})


@api.get("/documents/<path:document_id>")
def document(document_id: str):
    """A document a page of paragraphs at a time: ?offset= (a paragraph index from 0) and
    ?limit=; `next` gives the following page (a long paragraph may make a page shorter)."""
    script = script_arg()
    offset = int_arg("offset", 0, 0, MAX_LIST_OFFSET)
    limit = int_arg("limit", PAGE_PARAGRAPHS, 1, MAX_DOCUMENT_PARAGRAPHS)
    data = lookup().document(document_id, offset, limit)
    if data is None:
        raise NotFound(f"no document with id {document_id[:80]!r}")
    data = public_document(data)
    data.update(page_links(offset, limit, data["paragraph_total"], data.pop("next_offset")))
    return jsonify(converted_within(data, script))


@api.get("/export")
def export():
    """The aligned Chinese–English pairs as a TMX 1.4b file (`termsearch export` on the command
    line): ?document= for one document, ?format=tmx (the only format)."""
    from . import parallel

    fmt = text_arg("format") or "tmx"
    document_id = text_arg("document") or None
    text = parallel.export_pairs(engine().reader(), document_id, fmt, tool_version=__version__)
    name = (re.sub(r"[^A-Za-z0-9._-]+", "_", document_id)[:80] if document_id else "termsearch-pairs") + ".tmx"
    response = Response(text, mimetype="application/x-tmx+xml")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@api.get("/gloss")
def gloss():
    text = request.args.get("text", "")
    if not text.strip():
        raise QueryError("missing text: pass ?text=")
    if len(text) > MAX_GLOSS_CHARS:
        raise QueryError(f"text is too long (the limit is {MAX_GLOSS_CHARS} characters; send it in pieces)")
    limit = int_arg("limit", 40, 1, MAX_GLOSS_CHARS)
    script = script_arg()
    return jsonify({"text": text, "words": converted_within(lookup().gloss(text, limit=limit), script)})


@api.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


@lru_cache(maxsize=1)
def openapi_document() -> dict:
    """The OpenAPI 3 description of every /api route, kept as data in data/openapi.json (the
    contract tests in tests/test_api.py check each documented limit against the server)."""
    text = resources.files("termsearch.data").joinpath("openapi.json").read_text("utf-8")
    document = json.loads(text)
    document["info"]["version"] = __version__
    return document
