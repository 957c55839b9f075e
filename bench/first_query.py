"""The first suggestion and the first search after a server starts, with and without the warm-up.

    python bench/first_query.py                     # builds an index of seeds/ in a temp folder
    python bench/first_query.py --index index/      # an index already built

Each case runs in a new process (nothing loaded yet): it makes the app as `termsearch serve`
does (`warm=True`, then waits for the background warm-up to finish, as a server is ready long
before its first user) or without warming, then times the first /api/suggest?q=shuang and the
first /api/search?q=shuang wan through the app. Issue 16: the first pinyin suggestion took
1.1–1.2 s because the tables load on first use.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CASE = """
import json, sys, time
from termsearch.app import create_app
warm = sys.argv[2] == "warm"
started = time.perf_counter()
app = create_app(sys.argv[1], warm=warm)
made = time.perf_counter() - started
if warm:
    app.extensions["termsearch.warm_up"].join()
client = app.test_client()
times = {"create_app_s": made}
for name, url in (("first_suggest_s", "/api/suggest?q=shuang"), ("first_search_s", "/api/search?q=shuang%20wan")):
    started = time.perf_counter()
    assert client.get(url).status_code == 200
    times[name] = time.perf_counter() - started
print(json.dumps(times))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, help="an index folder (default: build one of seeds/)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    index_dir = args.index
    if index_dir is None:
        from termsearch import build

        index_dir = Path(tempfile.mkdtemp(prefix="first-query-")) / "index"
        build([ROOT / "seeds"], index_dir)
    for mode in ("cold", "warm"):
        runs = [json.loads(subprocess.run([sys.executable, "-c", CASE, str(index_dir), mode], check=True,
                                          capture_output=True, text=True).stdout) for _ in range(args.rounds)]
        best = {k: min(r[k] for r in runs) for k in runs[0]}
        print(f"{mode}: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in best.items()) + f" (best of {args.rounds})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
