"""Which files to ingest: walk folders safely and give each file a stable document id."""
from __future__ import annotations

import os
import re
from pathlib import Path

from .read import supported


def collect_files(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Report files under `paths` (recursive, sorted) and one-line problems met on the way.

    Symlinked folders are not followed (a link loop cannot trap the walk); unreadable folders
    and missing paths are reported, not fatal.
    """
    found: list[Path] = []
    problems: list[str] = []
    for root in paths:
        if not root.exists():
            problems.append(f"{root}: no such file or folder")
        elif root.is_file():
            if supported(root):
                found.append(root)
            else:
                problems.append(f"{root}: unsupported file type {root.suffix or '(none)'} (use .txt, .md or .html)")
        else:
            def on_error(exc: OSError) -> None:
                problems.append(f"{exc.filename}: cannot read folder ({exc.strerror})")
            for folder, dirs, names in os.walk(root, onerror=on_error, followlinks=False):
                dirs.sort()
                for name in sorted(names):
                    path = Path(folder) / name
                    if supported(path) and not name.startswith("."):
                        found.append(path)
    unique = list(dict.fromkeys(p.resolve() if not p.is_symlink() else p for p in found))
    return unique, problems


def document_id_for(path: Path, taken: set[str]) -> str:
    """A URL-safe id from the file name (letters of any script, digits, '-'), unique in `taken`."""
    base = re.sub(r"[^\w]+", "-", path.stem, flags=re.UNICODE).strip("-_").lower()[:80] or "document"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate
