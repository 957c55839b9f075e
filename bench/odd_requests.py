"""Odd input to every page and API route, as a curious or careless user sends it: each of 26
query parameters set to each of 18 odd values (empty, %00, control characters, -1, 0, 1e3, 30
nines, bytes that are not UTF-8, a lone surrogate's bytes, 5,000 letters, CR LF, ../, …) on 18
routes, with and without a query, and a few odd paths. Counts the answers with a 5xx status
(a 400 with a message, a 404, a redirect or an answer are what a user should get).

    PYTHONPATH=src .venv/bin/python bench/odd_requests.py [--index DIR]

Without --index, an index of tests/browser/reports is built in a temporary folder. Exits 1 when
any request answered 5xx, and lists the first of them.
"""
from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ODD_VALUES = ["", "%00", "%01%02", "-1", "0", "1e3", "9" * 30, "%FF%FE", "%ED%A0%80", "x" * 5000,
              "%E5%8F%8C%E4%B8%87", "true", "[]", "%0d%0aX-Injected:1", "..%2F..%2Fetc%2Fpasswd", "NaN",
              "%C0%AF", "%u5f00"]
ROUTES = ["/", "/search", "/glossary", "/documents", "/shorthand", "/new", "/timeline", "/prefs", "/widget/demo",
          "/api/search", "/api/suggest", "/api/terms", "/api/documents", "/api/gloss", "/api/export",
          "/api/shorthand", "/api/timeline", "/api/new"]
PARAMETERS = ["q", "page", "terms_page", "limit", "offset", "script", "facets", "document", "section", "year_from",
              "year_to", "region", "level", "kind", "more", "gloss", "at", "format", "text", "defined", "year",
              "next", "ruby", "term_limit", "term_offset", "uses_limit"]
ODD_PATHS = ["/terms/%00", "/terms/" + "x" * 5000, "/documents/%FF", "/documents/%E5%E5%E5", "/api/terms/%ED%A0%80",
             "/api/documents/..%2F..", "/static/%00", "/widget.js?x=%00", "/%00", "/api/%00",
             "/documents/%00?page=%00", "/search?q=%00&q=x", "/api/search?q=x&q=y&page=2"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, help="an index folder (default: one of tests/browser/reports)")
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
        urls = [f"{route}?{base}{name}={value}" for route in ROUTES for name in PARAMETERS
                for value in ODD_VALUES for base in ("", "q=x&")] + ODD_PATHS
        failed = [(url, status) for url in urls if (status := client.get(url).status_code) >= 500]
    print(f"{len(urls)} requests, {len(failed)} answered 5xx")
    for url, status in failed[:20]:
        print(f"  {status} {url[:120]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
