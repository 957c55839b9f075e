"""What the JSON API (api.py) and the pages (pages.py, vocab_views.py) share: the app's engine and
lookup, request arguments read and checked (a bad one is a QueryError, so a 400 with its message),
and a document as the web may show it."""
from __future__ import annotations

from pathlib import PurePath
from urllib.parse import unquote_to_bytes

from flask import abort, current_app, request

from .errors import QueryError

SCRIPTS = ("orig", "hant", "hans")
MAX_ARG_CHARS = 300
MAX_GLOSS_CHARS = 500       # a longer text is a 400, not silently cut (a client sends it in pieces)


def engine():
    return current_app.extensions["termsearch.engine"]


def lookup():
    return current_app.extensions["termsearch.lookup"]


def whole_number(raw: str, low: int, high: int) -> int | None:
    """`raw` as a whole number from `low` to `high`, else None. isdecimal, not isdigit: ², ①
    and ₂ are digits int() refuses; the cap on its length keeps int() from 5,000 digits."""
    if not raw.isdecimal() or len(raw) > 18:
        return None
    value = int(raw)
    return value if low <= value <= high else None


def page_message(name: str, high: int) -> str:
    """The one sentence every page and list says of a bad ?page= or ?terms_page=."""
    return f"{name} must be a whole number from 1 to {high}."


def page_number(name: str, high: int) -> int:
    """?page= (or ?terms_page=) of a web page: 1 when absent or empty, else a whole number from 1
    to `high`; anything else (abc, 0, -1, 1e3, a thousand digits) is a QueryError, so a 400."""
    raw = request.args.get(name, "")
    if raw == "":
        return 1
    value = whole_number(raw, 1, high)
    if value is None:
        raise QueryError(page_message(name, high))
    return value


def page_within(total: int) -> int | None:
    """?page= of a page with `total` pages (the glossary, the reader; 1 for a page that is one page long): None when absent; not a
    whole number from 1 is a 400 (page_message); a whole number past the end is a 404."""
    raw = request.args.get("page", "")
    if raw == "":
        return None
    page = whole_number(raw, 1, 10**18)
    if page is None:
        raise QueryError(page_message("page", total))
    if page > total:
        abort(404, description=f"There {'is' if total == 1 else 'are'} only {total} page{'' if total == 1 else 's'}.")
    return page


# Werkzeug decodes an argument whose bytes are not UTF-8 with U+FFFD in their place, so a query
# of such bytes alone read as a missing one and part of one was searched without them, unsaid.
# The raw query string tells: each pair is decoded again, strictly (an app-wide before_request).
def refuse_undecodable_args() -> None:
    for pair in request.query_string.split(b"&"):
        name, _, value = (unquote_to_bytes(part.replace(b"+", b" ")) for part in pair.partition(b"="))
        for raw in (name, value):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise QueryError(undecodable_message(name.decode("utf-8", "replace"), raw[exc.start:exc.end])) from None


def undecodable_message(name: str, bad: bytes) -> str:
    what = "the query" if name == "q" else f"the argument {name!r}"
    escapes = "".join(f"%{byte:02X}" for byte in bad)
    return (f"{what} could not be read as UTF-8 ({escapes} in it is not UTF-8); send its characters "
            "as UTF-8, percent-encoded (雙 is %E9%9B%99)")


# The JSON API pages with offset and limit; page and terms_page belong to the web pages. Sent to
# the API they would be ignored silently, every answer page one: refused instead (a
# before_request of the api and vocab_api blueprints).
WEB_PAGE_ARGS = ("page", "terms_page")
API_PAGING_MESSAGE = ("The JSON API pages with offset and limit (term_offset and term_limit for glossary terms), "
                      "not page or terms_page.")


def refuse_web_page_args() -> None:
    if any(name in request.args for name in WEB_PAGE_ARGS):
        raise QueryError(API_PAGING_MESSAGE)


# Display preferences on a page's address (pages.display_prefs reads them): a value it does not
# know would be passed over, the page shown as written, and nothing said.
RUBY_VALUES = ("0", "1")


def refuse_bad_display_args() -> None:
    """?script= and ?ruby= of a page: one of the known values or a 400 (a before_request of the
    page blueprints; a stale cookie is another matter, and is passed over)."""
    script, ruby = request.args.get("script", ""), request.args.get("ruby", "")
    if script and script not in SCRIPTS:
        raise QueryError(f"script must be one of {', '.join(SCRIPTS)}, not {script[:20]!r}")
    if ruby and ruby not in RUBY_VALUES:
        raise QueryError(f"ruby must be 0 or 1, not {ruby[:20]!r}")


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


def text_arg(name: str) -> str:
    raw = request.args.get(name, "")
    if len(raw) > MAX_ARG_CHARS:
        raise QueryError(f"{name} is too long (the limit is {MAX_ARG_CHARS} characters)")
    return raw.strip()


def script_arg() -> str:
    script = request.args.get("script", "orig") or "orig"
    if script not in SCRIPTS:
        raise QueryError(f"script must be one of {', '.join(SCRIPTS)}")
    return script


def bool_arg(name: str) -> bool:
    raw = request.args.get(name, "").strip().lower()
    if raw in ("", "0", "false", "no"):
        return False
    if raw in ("1", "true", "yes"):
        return True
    raise QueryError(f"{name} must be true or false, not {raw[:20]!r}")


def filters_arg():
    """The metadata filters of a request: year_from, year_to, region, level, kind."""
    from .facets import Filters

    return Filters.parse(text_arg("year_from"), text_arg("year_to"), text_arg("region"),
                         text_arg("level"), text_arg("kind"))


def public_document(meta: dict) -> dict:
    """Document data without the server's file system path (only the file name is shown)."""
    out = dict(meta)
    if "path" in out:
        out["path"] = PurePath(out["path"]).name
    if out.get("translation"):     # the official English's file (a parallel document)
        out["translation"] = PurePath(out["translation"]).name
    return out
