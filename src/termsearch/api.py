"""The JSON API blueprint: search, terms, suggestions, documents and dictionary glosses; errors
as JSON with a 4xx.

Headers (CORS, caching, security) are set for every response in app.py.
"""
from __future__ import annotations

import weakref
from urllib.parse import urlencode

from flask import Blueprint, jsonify, request

from . import __version__
from .analysis import termforms, variants
from .model import QueryError
from .index_layout import PAGE_PARAGRAPHS
from .query import MAX_QUERY_CHARS
from .search import DEFAULT_TERM_LIMIT, MAX_LIMIT, MAX_OFFSET, MAX_TERM_LIMIT
from .shared_views import (MAX_ARG_CHARS, MAX_GLOSS_CHARS, SCRIPTS, bool_arg, engine, filters_arg, int_arg,
                           lookup, public_document, script_arg, text_arg)

api = Blueprint("api", __name__, url_prefix="/api")


def error(status: int, message: str):
    response = jsonify({"error": {"status": status, "message": message}})
    response.status_code = status
    return response


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
    convert = shown_in(script)
    return [{**item, **{f: convert(item[f]) for f in fields if isinstance(item.get(f), str)}} for item in items]


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
    if q is None or not q.strip():
        return error(400, "missing query: pass ?q=")
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
    other parameters kept."""
    def url(at: int) -> str:
        args = {k: v for k, v in request.args.items() if k != "offset"}
        args["offset"] = str(at)
        return f"{request.path}?{urlencode(args)}"

    if next_offset is None and total is not None and offset + limit < total:
        next_offset = offset + limit
    return {"offset": offset, "limit": limit,
            "next": url(next_offset) if next_offset is not None else None,
            "previous": url(max(0, offset - limit)) if offset > 0 else None}


@api.get("/terms")
def terms():
    offset = int_arg("offset", 0, 0, MAX_LIST_OFFSET)
    limit = int_arg("limit", MAX_TERMS_PAGE, 1, MAX_TERMS_PAGE)
    cards = term_cards_with_forms(engine().reader())
    shown = converted(cards[offset:offset + limit], SHOWN_TERM_FIELDS, script_arg())
    return jsonify({"terms": shown, "total": len(cards),
                    **page_links(offset, limit, len(cards))})


@api.get("/terms/<path:term_id>")
def term(term_id: str):
    offset = int_arg("uses_offset", 0, 0, MAX_LIST_OFFSET)
    limit = int_arg("uses_limit", MAX_USES_PAGE, 0, MAX_USES_PAGE)
    details = lookup().term_details(term_id) if term_id in engine().reader().terms_by_id else None
    if details is None:
        return error(404, f"no term with id {term_id[:80]!r}")
    # A term used in every paragraph must not make an answer of every paragraph.
    details["uses_total"] = len(details["uses"])
    details["uses"] = details["uses"][offset:offset + limit]
    return jsonify(details)


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
    offset = int_arg("offset", 0, 0, MAX_LIST_OFFSET)
    limit = int_arg("limit", PAGE_PARAGRAPHS, 1, MAX_DOCUMENT_PARAGRAPHS)
    data = lookup().document(document_id, offset, limit)
    if data is None:
        return error(404, f"no document with id {document_id[:80]!r}")
    data = public_document(data)
    data.update(page_links(offset, limit, None, data.pop("next_offset")))
    return jsonify(data)


@api.get("/gloss")
def gloss():
    text = request.args.get("text", "")
    if not text.strip():
        return error(400, "missing text: pass ?text=")
    if len(text) > MAX_GLOSS_CHARS:
        raise QueryError(f"text is too long (the limit is {MAX_GLOSS_CHARS} characters; send it in pieces)")
    limit = int_arg("limit", 40, 1, MAX_GLOSS_CHARS)
    return jsonify({"text": text, "words": lookup().gloss(text, limit=limit)})


@api.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


# ----------------------------------------------------------------------------- OpenAPI

def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _array(items: dict) -> dict:
    return {"type": "array", "items": items}


def _object(required: list[str], **properties) -> dict:
    return {"type": "object", "required": required, "properties": properties}


STR, INT, NUM, BOOL = {"type": "string"}, {"type": "integer"}, {"type": "number"}, {"type": "boolean"}


_NULLABLE_URL = {"type": "string", "nullable": True, "description": "address of that page; null at the end"}
_PAGING = {"offset": INT, "limit": INT, "next": _NULLABLE_URL, "previous": _NULLABLE_URL}


def _paging_params(default: int, maximum: int, what: str) -> list[dict]:
    return [_param("offset", f"{what} to skip", {"type": "integer", "minimum": 0, "default": 0}),
            _param("limit", f"{what} per page", {"type": "integer", "minimum": 1, "maximum": maximum,
                                                 "default": default})]


def _schemas() -> dict:
    rendering = _object(["text", "confidence", "source"], text=STR,
                        confidence={"type": "string", "enum": ["official", "attested", "descriptive"]},
                        source=STR, url=STR, note=STR)
    term = _object(
        ["id", "term", "traditional", "simplified", "aliases", "definition", "source", "pinyin", "english"],
        id=STR, term=STR, traditional=STR, simplified=STR, aliases=_array(STR), definition=STR,
        source=_object(["document", "line"], document=STR, line=INT),
        pinyin={**STR, "description": "tone-marked, syllables separated by spaces"},
        english=_array(_ref("Rendering")), origin=STR,
        scope={"type": "string", "enum": ["document", "global"],
               "description": "where the definition applies: its own document, or everywhere"},
        forms={**_array(STR), "description": "strings that are this term in a text (GET /api/terms only)"},
    )
    leaf = _object(["typed", "kind", "words"], typed=STR,
                   kind={"type": "string", "description": "characters | number | pinyin | initials | mixed | phrase | latin"},
                   words=_array(STR), pinyin=STR, note=STR,
                   corrected={**STR, "description": "the letters searched instead of what was typed (one slip mended)"},
                   alternatives=_array(_object(["reading", "words", "query"], reading=STR, words=_array(STR),
                                               query={**STR, "description": "searches this reading alone"})))
    hit = _object(["document", "paragraph", "line", "section", "text", "snippet", "terms", "score"],
                  document=STR, paragraph={**STR, "description": "<document>:<ordinal>"}, line=INT,
                  section=STR, text=STR,
                  snippet={**STR, "description": "HTML-escaped text with <mark> around matches"},
                  terms=_array(STR), score=NUM,
                  document_title={**STR, "description": "the document's display title (region, year, title)"})
    use = _object(["document", "paragraph", "line", "section", "before", "match", "after", "is_definition"],
                  document=STR, paragraph=STR, line=INT, section=STR, before=STR, match=STR, after=STR,
                  is_definition=BOOL)
    elsewhere_use = _object(["paragraph", "line", "section", "before", "match", "after"], paragraph=STR,
                            line=INT, section=STR, before=STR, match=STR, after=STR)
    definition = _object(
        ["id", "term", "definition", "document", "title", "region", "level", "year", "sense", "similarity",
         "same_meaning"], id=STR, term=STR, definition=STR, origin=STR,
        scope={"type": "string", "enum": ["document", "global"]}, document=STR, title=STR, region=STR,
        level=STR, year={"type": "integer", "nullable": True}, line=INT,
        sense={**INT, "description": "definitions with one number say the same thing (1: this term's)"},
        similarity={**NUM, "description": "0-1, to this term's definition"}, same_meaning=BOOL)
    term_details = {"allOf": [_ref("Term"), _object(
        ["uses", "uses_total", "documents", "elsewhere", "concept", "mentions", "related"],
        uses={**_array(_ref("Use")), "description": "one page of the uses (uses_offset, uses_limit)"},
        uses_total={**INT, "description": "uses in all"},
        documents=_array(_object(["document", "count"], document=STR, count=INT)),
        elsewhere={**_array(_object(["document", "count", "uses"], document=STR, count=INT,
                                    uses=_array(elsewhere_use))),
                   "description": "the same characters in documents the definition does not apply in"},
        concept=_object(["key", "definitions", "senses", "agree"], key=STR, definitions=_array(definition),
                        senses=INT, agree=BOOL),
        mentions=_array(_object(["id", "term"], id=STR, term=STR)),
        related=_array(_object(["id", "term", "count"], id=STR, term=STR, count=INT)))]}
    section = _object(["ordinal", "title", "line"], ordinal=INT, title=STR, line=INT)
    damaged = _object(["start", "end", "text"], document=STR, line=INT, start=INT, end=INT, text=STR,
                      repaired={"type": "string", "nullable": True})
    paragraph = _object(["id", "ordinal", "line", "section", "text", "damaged", "terms"],
                        id=STR, document=STR, ordinal=INT, line=INT, section=STR, text=STR,
                        damaged=_array(_ref("DamagedSpan")),
                        terms=_array(_object(["id", "term", "start", "end"], id=STR, term=STR, start=INT, end=INT)))
    metadata = dict(
        display_title={**STR, "description": "region, year and title: 保定市满城区 2022 · 政府工作报告"},
        region={**STR, "description": "issuing region, e.g. 河北省保定市满城区; 中国 for national documents; '' if unknown"},
        level={"type": "string", "enum": ["", "national", "province", "city", "county", "district", "town"]},
        kind={"type": "string", "enum": ["", "government_work_report", "party_congress_report", "law", "policy", "other"]},
        year={"type": "integer", "nullable": True})
    document_meta = _object(["id", "title"], id=STR, title=STR, path={**STR, "description": "file name"},
                            format=STR, encoding=STR, paragraphs=INT, glossary=INT, damaged=INT,
                            sections=_array(_ref("Section")), **metadata)
    document = _object(["id", "title", "sections", "paragraphs", "glossary", "paragraph_total", "section_total",
                        "offset", "limit", "next", "previous"], id=STR, title=STR,
                       path=STR, format=STR, encoding=STR,
                       sections={**_array(_ref("Section")), "description": "the headings among the paragraphs given"},
                       paragraphs={**_array(_ref("Paragraph")), "description": "one page of the paragraphs"},
                       glossary=_array(_ref("Term")), paragraph_total=INT, section_total=INT, **_PAGING, **metadata)
    suggestion = _object(["kind", "text", "query"],
                         kind={"type": "string", "enum": ["term", "word"]}, text=STR, query=STR,
                         id={**STR, "description": "term id (terms only)"}, pinyin=STR,
                         match={"type": "string", "enum": ["characters", "pinyin", "initials", "alias", "english", "other"]},
                         english={**STR, "description": "terms: the English rendering that matched, else the first"},
                         definition=STR, count=INT)
    gloss_word = _object(["word", "simplified", "pinyin", "english"],
                         word={**STR, "description": "as written in the text"}, simplified=STR,
                         pinyin={**STR, "description": "tone-marked; the corpus's reading first"},
                         english=_array(STR),
                         more={**_array(_object(["pinyin", "english"], pinyin=STR, english=_array(STR))),
                               "description": "other readings, if any"})
    return {
        "Rendering": rendering, "GlossWord": gloss_word, "Term": term, "Leaf": leaf, "Hit": hit, "Use": use,
        "TermDetails": term_details, "Section": section, "DamagedSpan": damaged, "Paragraph": paragraph,
        "DocumentSummary": document_meta, "Document": document, "Suggestion": suggestion,
        "Interpretation": _object(["kind", "description", "leaves"], kind=STR, description=STR,
                                  leaves=_array(_ref("Leaf"))),
        "SearchResult": _object(["query", "interpretation", "terms", "hits", "total", "terms_total"], query=STR,
                                interpretation=_ref("Interpretation"),
                                terms={**_array(_ref("Term")), "description": "one page of the matching "
                                       "glossary terms (term_limit, term_offset)"},
                                hits=_array(_ref("Hit")), total=INT,
                                terms_total={**INT, "description": "glossary terms matching in all"},
                                facets={**_object([], **{name: {"type": "object", "additionalProperties": INT}
                                                         for name in ("document", "section", "year", "region",
                                                                      "level", "kind")}),
                                        "description": "paragraph counts by value (with ?facets=true); each "
                                                       "counted with the other filters applied"}),
        "Error": _object(["error"], error=_object(["status", "message"], status=INT, message=STR)),
    }


def _param(name: str, description: str, schema: dict, required: bool = False, where: str = "query",
           example: str | None = None) -> dict:
    out = {"name": name, "in": where, "required": required, "description": description, "schema": schema}
    if example is not None:
        out["example"] = example
    return out


def _ok(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}},
            "headers": {"ETag": {"schema": STR}, "Cache-Control": {"schema": STR}}}


def _errors(*codes: int) -> dict:
    text = {400: "bad parameter", 404: "no such item", 405: "only GET (and HEAD, OPTIONS); the Allow header says so",
            503: "no index built yet"}
    return {str(c): {"description": text[c], "content": {"application/json": {"schema": _ref("Error")}}}
            for c in (*codes, 405)}


def openapi_document() -> dict:
    from .vocab_views import openapi_paths

    document = _openapi_document()
    document["paths"].update(openapi_paths(_param, _ok, _errors, _object, _array))
    return document


def _openapi_document() -> dict:
    # Every parameter's example is a value that answers 200 over the seed index (tests use them).
    q = _param("q", "what was typed: characters in either script, pinyin (tone marks, tone numbers, "
               "none, joined), initials, a mix, \"phrases\", AND/OR/NOT; not empty or only spaces",
               {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_CHARS, "pattern": "\\S"}, True,
               example="shuang wan")
    limit = _param("limit", "hits per page", {"type": "integer", "minimum": 0, "maximum": MAX_LIMIT, "default": 10})
    offset = _param("offset", "hits to skip", {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0})
    doc_filter = _param("document", "only hits in this document (its id)", {"type": "string", "maxLength": MAX_ARG_CHARS})
    section_filter = _param("section", "only hits in the section with this title",
                            {"type": "string", "maxLength": MAX_ARG_CHARS})
    meta_filters = [
        _param("year_from", "only documents of this year or later", INT),
        _param("year_to", "only documents of this year or earlier", INT),
        _param("region", "only documents of this region (as in the region facet)", STR),
        _param("level", "only documents of this administrative level (national, province, city, county, …)", STR),
        _param("kind", "only documents of this kind (government_work_report, party_congress_report, …)", STR),
    ]
    facets_param = _param("facets", "add hit counts by document, year, region, level and kind (and by "
                          "section when a document is chosen)", BOOL)
    script = _param("script", "convert the text a reader sees (terms and definitions, hit text, snippets and "
                    "sections, titles) to Simplified (hans) or Traditional (hant); ids and the traditional, "
                    "simplified and forms fields stay as they are",
                    {"type": "string", "enum": list(SCRIPTS), "default": "orig"})
    term_id = _param("id", "term id, e.g. 2023-report:g01 (URL-encoded)", STR, True, "path",
                     example="2023-dongguan-liaobu-government-work-report:g01")
    doc_id = _param("id", "document id (the file name as a slug; URL-encoded)", STR, True, "path",
                    example="2023-dongguan-liaobu-government-work-report")
    return {
        "openapi": "3.0.3",
        "info": {"title": "termsearch API", "version": __version__,
                 "description": "Search Chinese government reports and their glossaries. CORS is open "
                                "for GET; answers carry an ETag that changes when the index is rebuilt."},
        "paths": {
            "/api/search": {"get": {
                "summary": "Search: glossary terms first, then paragraphs with highlighted snippets",
                "operationId": "search", "parameters": [q, limit, offset, doc_filter, section_filter, script, *meta_filters,
                                                        facets_param, _param(
                    "term_limit", "glossary terms per page", {"type": "integer", "minimum": 0,
                                                               "maximum": MAX_TERM_LIMIT, "default": DEFAULT_TERM_LIMIT}),
                    _param("term_offset", "glossary terms to skip",
                           {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0})],
                "responses": {"200": _ok(_ref("SearchResult"), "the result"), **_errors(400, 503)}}},
            "/api/suggest": {"get": {
                "summary": "Search-as-you-type suggestions: terms first, then frequent words",
                "operationId": "suggest",
                "parameters": [_param("q", "what has been typed so far; empty or absent gives no suggestions",
                                      {"type": "string", "maxLength": MAX_ARG_CHARS}, example="shuang"),
                               _param("limit", "at most this many", {"type": "integer", "minimum": 1, "maximum": 20, "default": 8}),
                               script],
                "responses": {"200": _ok(_object(["query", "suggestions"], query=STR,
                                                 suggestions=_array(_ref("Suggestion"))), "suggestions"),
                              **_errors(400, 503)}}},
            "/api/terms": {"get": {
                "summary": "The glossary terms, a page at a time", "operationId": "listTerms",
                "parameters": [*_paging_params(MAX_TERMS_PAGE, MAX_TERMS_PAGE, "terms"), script],
                "responses": {"200": _ok(_object(["terms", "total", "offset", "limit", "next", "previous"],
                                                 terms=_array(_ref("Term")), total=INT, **_PAGING), "the glossary"),
                              **_errors(400, 503)}}},
            "/api/terms/{id}": {"get": {
                "summary": "One term with its uses in context, the same words elsewhere, its concept and related terms",
                "operationId": "getTerm", "parameters": [
                    term_id, _param("uses_offset", "uses to skip", {"type": "integer", "minimum": 0, "default": 0}),
                    _param("uses_limit", "uses given (uses_total says how many there are)",
                           {"type": "integer", "minimum": 0, "maximum": MAX_USES_PAGE, "default": MAX_USES_PAGE})],
                "responses": {"200": _ok(_ref("TermDetails"), "the term"), **_errors(400, 404, 503)}}},
            "/api/documents": {"get": {
                "summary": "The documents, a page at a time", "operationId": "listDocuments",
                "parameters": [*_paging_params(MAX_DOCUMENTS_PAGE, MAX_DOCUMENTS_PAGE, "documents"), script],
                "responses": {"200": _ok(_object(["documents", "total", "offset", "limit", "next", "previous"],
                                                 documents=_array(_ref("DocumentSummary")),
                                                 total=INT, **_PAGING), "the documents"), **_errors(400, 503)}}},
            "/api/documents/{id}": {"get": {
                "summary": "One document, a page of paragraphs at a time: paragraphs with damaged spans and "
                           "glossary terms, the section headings among them, the document's glossary",
                "operationId": "getDocument",
                "parameters": [doc_id, *_paging_params(PAGE_PARAGRAPHS, MAX_DOCUMENT_PARAGRAPHS, "paragraphs")],
                "responses": {"200": _ok(_ref("Document"), "the document"), **_errors(400, 404, 503)}}},
            "/api/gloss": {"get": {
                "summary": "Dictionary glosses (pinyin, English senses) of the words of a text, in order, "
                           "as a reader shows them: the longest dictionary word at each point",
                "operationId": "gloss",
                "parameters": [_param("text", "Chinese text in either script (longer than "
                                      f"{MAX_GLOSS_CHARS} characters is a 400: send it in pieces)",
                                      {"type": "string", "minLength": 1, "maxLength": MAX_GLOSS_CHARS, "pattern": "\\S"},
                                      True, example="長期以來，我們堅持發展"),
                               _param("limit", "at most this many words",
                                      {"type": "integer", "minimum": 1, "maximum": MAX_GLOSS_CHARS, "default": 40})],
                "responses": {"200": _ok(_object(["text", "words"], text=STR, words=_array(_ref("GlossWord"))),
                                         "the words"), **_errors(400, 503)}}},
            "/api/openapi.json": {"get": {
                "summary": "This description", "operationId": "openapi",
                "responses": {"200": {"description": "an OpenAPI 3 document",
                                      "content": {"application/json": {"schema": {"type": "object"}}}},
                              **_errors()}}},
        },
        "components": {"schemas": _schemas()},
    }
