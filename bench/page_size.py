"""Size of the search page for the commonest words over a collection (the filters must scale).

    python bench/page_size.py                       # builds an index of ../shared/corpus/reports in a temp folder
    python bench/page_size.py --index index/        # an index already built
    python bench/page_size.py --query 的 --query 经济发展

Prints, for each query, the page's size in KB, the part that is the filters (<details class="filters">),
and the number of filter links. The goal (issue 12): under 100 KB for 的 over the corpus reports.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT.parent / "shared" / "corpus" / "reports"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, help="an index folder (default: build one of the corpus reports)")
    parser.add_argument("--query", action="append", help="queries (default: 的, 经济发展)")
    args = parser.parse_args()
    from termsearch.app import create_app
    from termsearch import build

    index_dir = args.index
    if index_dir is None:
        if not REPORTS.is_dir():
            sys.exit(f"no corpus at {REPORTS}")
        index_dir = Path(tempfile.mkdtemp(prefix="page-size-")) / "index"
        started = time.perf_counter()
        result = build([REPORTS], index_dir)
        print(f"built {len(result.report.documents)} documents in {time.perf_counter() - started:.1f} s")
    client = create_app(index_dir).test_client()
    for q in args.query or ["的", "经济发展"]:
        started = time.perf_counter()
        response = client.get("/?q=" + quote(q))
        seconds = time.perf_counter() - started
        body = response.get_data()
        text = body.decode("utf-8")
        found = re.search(r'<details class="filters".*?</details>', text, re.S)
        filters = found.group(0) if found else ""
        links = filters.count('class="chip')
        print(f"{q}: status {response.status_code}, page {len(body) / 1024:.1f} KB, filters "
              f"{len(filters.encode('utf-8')) / 1024:.1f} KB ({links} links), {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
