"""A serving process's memory on glibc: its threads sharing one malloc arena, and what a
table's loading freed given back to the system. Elsewhere both do nothing."""
from __future__ import annotations

import ctypes
import os
import sys

M_ARENA_MAX = -8            # mallopt's parameter (malloc.h)


def _libc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
        return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


_LIBC = _libc()


def share_arenas(arenas: int) -> None:
    """Let threads share `arenas` malloc arenas (MALLOC_ARENA_MAX in the environment, when
    set, decides instead). glibc gives each thread that allocates its own arena (up to 8 per
    core), and memory freed in one arena serves no other."""
    if _LIBC is not None and not os.environ.get("MALLOC_ARENA_MAX"):
        _LIBC.mallopt(M_ARENA_MAX, arenas)


def give_back() -> None:
    """Return the pages malloc holds free to the system: after a big JSON file is parsed and
    what is kept of it made, the parser's objects are freed but their pages stay resident (on
    the whole corpus tens of MB; a few ms each time, once per table)."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)
