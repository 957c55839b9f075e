"""Odd input to every page and API route, as a curious or careless user sends it: each of 26
query parameters set to each of 18 odd values (empty, %00, control characters, -1, 0, 1e3, 30
nines, bytes that are not UTF-8, a lone surrogate's bytes, 5,000 letters, CR LF, ../, …) on 18
routes and the four routes of one document or term, with and without a query, and a few odd
paths. Counts the answers with a 5xx status (a 400 with a message, a 404, a redirect or an
answer are what a user should get).

Then each parameter a route reads (READS, from the code) set to values it cannot take (BAD: abc
for a number, xyz for a script, planet for a level, ...): counts the answers that are not a 4xx,
the bad value passed over as if it were absent (/documents?page=abc answered 200).

    PYTHONPATH=src .venv/bin/python bench/odd_requests.py [--index DIR]

Without --index, an index of tests/browser/reports is built in a temporary folder. Exits 1 when
any request answered 5xx or a bad value was passed over, and lists the first of them.
--bad-values-only skips the sweep of odd values (a few seconds instead of minutes).
"""
from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
ODD_VALUES = ["", "%00", "%01%02", "-1", "0", "1e3", "9" * 30, "%FF%FE", "%ED%A0%80", "x" * 5000,
              "%E5%8F%8C%E4%B8%87", "true", "[]", "%0d%0aX-Injected:1", "..%2F..%2Fetc%2Fpasswd", "NaN",
              "%C0%AF", "%u5f00"]
ROUTES = ["/", "/search", "/glossary", "/documents", "/shorthand", "/new", "/timeline", "/prefs", "/widget/demo",
          "/api/search", "/api/suggest", "/api/terms", "/api/documents", "/api/gloss", "/api/export",
          "/api/shorthand", "/api/timeline", "/api/new"]
PARAMETERS = ["q", "page", "terms_page", "limit", "offset", "script", "facets", "document", "section", "year_from",
              "year_to", "region", "level", "kind", "more", "gloss", "at", "format", "text", "defined", "year",
              "next", "ruby", "term_limit", "term_offset", "uses_limit", "uses_offset"]
# Routes of one document or one term, {document} and {term} filled in from the index.
ID_ROUTES = ["/documents/{document}", "/terms/{term}", "/api/documents/{document}", "/api/terms/{term}"]

# Values no route may take for the parameter as if it were fine (a 4xx says what is wrong).
NUMBER = ["abc", "-1", "1.5", "1e3"]
YEAR = ["abc", "1800", "20x4"]
BAD = {"page": NUMBER, "terms_page": NUMBER, "gloss": NUMBER[:4], "at": NUMBER, "limit": NUMBER,
       "offset": NUMBER, "term_limit": NUMBER, "term_offset": NUMBER, "uses_limit": NUMBER,
       "uses_offset": NUMBER, "script": ["xyz", "HANS"], "ruby": ["2", "yes"], "facets": ["maybe"],
       "defined": ["maybe"], "year": YEAR, "year_from": YEAR, "year_to": YEAR, "level": ["planet", "City"],
       "kind": ["speech"], "format": ["xml"], "document": ["nope"], "section": ["nope"]}
DISPLAY = ["script", "ruby"]
FILTERS = ["year_from", "year_to", "level", "kind"]
# What each route reads (pages.py, api.py, vocab_views.py): "?q=x&" routes are read with a query.
READS = {
    "/": ["page", "terms_page", "gloss", *DISPLAY],
    "/?q=x&": ["page", "terms_page", "gloss", "document", "section", *FILTERS, *DISPLAY],
    "/glossary": ["page", *DISPLAY],
    "/documents": ["page", *DISPLAY],
    "/documents/{document}": ["page", "at", "gloss", *DISPLAY],
    "/terms/{term}": ["page", *DISPLAY],
    "/shorthand": ["page", "defined", *DISPLAY],
    "/new": ["page", "year", "defined", *DISPLAY],
    "/timeline": ["page", *DISPLAY],
    "/timeline?q=x&": ["page", *FILTERS, *DISPLAY],
    "/prefs": DISPLAY,
    "/widget/demo": ["page", *DISPLAY],
    "/api/search?q=x&": ["limit", "offset", "term_limit", "term_offset", "facets", "script", "document", "section",
                         *FILTERS],
    "/api/suggest?q=x&": ["limit", "script"],
    "/api/terms": ["limit", "offset", "script", "format"],
    "/api/terms/{term}": ["uses_limit", "uses_offset", "script"],
    "/api/documents": ["limit", "offset", "script"],
    "/api/documents/{document}": ["limit", "offset", "script"],
    "/api/export": ["format", "document"],
    "/api/gloss?text=%E5%8F%8C&": ["limit", "script"],
    "/api/shorthand": ["limit", "offset", "defined"],
    "/api/timeline?q=x&": FILTERS,
    "/api/new?year=2023&": ["limit", "offset", "defined"],
}
ODD_PATHS = ["/terms/%00", "/terms/" + "x" * 5000, "/documents/%FF", "/documents/%E5%E5%E5", "/api/terms/%ED%A0%80",
             "/api/documents/..%2F..", "/static/%00", "/widget.js?x=%00", "/%00", "/api/%00",
             "/documents/%00?page=%00", "/search?q=%00&q=x", "/api/search?q=x&q=y&page=2"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, help="an index folder (default: one of tests/browser/reports)")
    parser.add_argument("--bad-values-only", action="store_true", help="only the values a route cannot take")
    args = parser.parse_args()
    from termsearch.app import create_app

    logging.disable(logging.CRITICAL)       # the 500s are counted here, not logged
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = args.index
        if index_dir is None:
            from termsearch.index_build import build

            index_dir = Path(tmp) / "ix"
            build([ROOT / "tests" / "browser" / "reports"], index_dir)
        client = create_app(index_dir).test_client()
        ids = {"document": quote(client.get("/api/documents?limit=1").get_json()["documents"][0]["id"], safe=""),
               "term": quote(client.get("/api/terms?limit=1").get_json()["terms"][0]["id"], safe=":")}
        routes = ROUTES + [route.format(**ids) for route in ID_ROUTES]
        urls = [] if args.bad_values_only else [
            f"{route}?{base}{name}={value}" for route in routes for name in PARAMETERS
            for value in ODD_VALUES for base in ("", "q=x&")] + ODD_PATHS
        failed = [(url, status) for url in urls if (status := client.get(url).status_code) >= 500]
        bad_urls = [f"{route.format(**ids)}{'' if route.endswith('&') else '?'}{name}={value}"
                    for route, names in READS.items() for name in names for value in BAD[name]]
        passed_over = [(url, status) for url in bad_urls if not 400 <= (status := client.get(url).status_code) < 500]
    if urls:
        print(f"{len(urls)} requests, {len(failed)} answered 5xx")
    for url, status in failed[:20]:
        print(f"  {status} {url[:120]}")
    print(f"{len(bad_urls)} requests with a value a route cannot take, {len(passed_over)} answered as if it were fine")
    for url, status in passed_over[:40]:
        print(f"  {status} {url[:120]}")
    return 1 if failed or passed_over else 0


if __name__ == "__main__":
    sys.exit(main())
