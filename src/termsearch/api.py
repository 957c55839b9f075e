"""The JSON API blueprint: search, terms, suggestions and documents, errors as JSON 4xx."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from .model import IndexMissing, QueryError

api = Blueprint("api", __name__, url_prefix="/api")


def engine():
    return current_app.extensions["termsearch.engine"]


def lookup():
    return current_app.extensions["termsearch.lookup"]


def error(status: int, message: str):
    response = jsonify({"error": {"status": status, "message": message}})
    response.status_code = status
    return response


def int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise QueryError(f"{name} must be a whole number, not {raw[:40]!r}") from None
    if not low <= value <= high:
        raise QueryError(f"{name} must be from {low} to {high}")
    return value


@api.errorhandler(QueryError)
def on_query_error(exc):
    return error(400, str(exc))


@api.errorhandler(IndexMissing)
def on_missing(exc):
    return error(503, str(exc))


@api.get("/search")
def search():
    q = request.args.get("q")
    if q is None or not q.strip():
        return error(400, "missing query: pass ?q=")
    result = engine().search(q, limit=int_arg("limit", 10, 0, 100), offset=int_arg("offset", 0, 0, 10_000))
    return jsonify(result.to_dict())


@api.get("/terms")
def terms():
    from .search import term_card

    return jsonify({"terms": [term_card(t) for t in engine().reader().terms]})


@api.get("/terms/<path:term_id>")
def term(term_id: str):
    details = lookup().term_details(term_id) if term_id in engine().reader().terms_by_id else None
    if details is None:
        return error(404, f"no term with id {term_id[:80]!r}")
    return jsonify(details)


@api.get("/documents/<path:document_id>")
def document(document_id: str):
    data = lookup().document(document_id)
    if data is None:
        return error(404, f"no document with id {document_id[:80]!r}")
    return jsonify(data)
