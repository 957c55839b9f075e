"""Which files to ingest: walk folders safely and give each file a stable document id."""
from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from .metadata import OVERRIDE_SUFFIX
from .read import supported


# Reports saved in a format termsearch does not read: met in a folder, they are said (one line a
# folder), not passed over as a picture or a note would be, or a user takes them for indexed.
UNREAD_DOCUMENT_SUFFIXES = (".doc", ".docx", ".pdf", ".odt", ".rtf", ".wps", ".pages", ".epub")


def collect_files(paths: list[Path], skip: Callable[[Path], bool] | None = None) -> tuple[list[Path], list[str]]:
    """Report files under `paths` (recursive, sorted) and one-line problems met on the way;
    a folder for which `skip` says so (an index, when one lies among the reports: its texts are
    not reports) is not entered, and one named on the command line is said.

    Only regular files are read: a FIFO, a device (`/dev/zero`) or a socket could hang the
    build or never end. A symlink found in a folder is followed only to a regular file inside
    that folder (a link to `/etc/passwd` must not be indexed and served); symlinked folders are
    not followed (a link loop cannot trap the walk). Unreadable folders, missing paths and
    refused files are reported, not fatal.
    """
    found: list[Path] = []
    problems: list[str] = []
    for root in paths:
        try:
            exists, is_dir = root.exists(), root.is_dir()
        except OSError as exc:      # a name too long, a parent folder that cannot be searched
            problems.append(f"{root}: cannot read ({exc.strerror})")
            continue
        if not exists:
            problems.append(f"{root}: no such file or folder")
        elif not is_dir:
            # A file named on the command line: the user chose it, links included; but only a
            # regular file (not /dev/zero or a FIFO).
            if not supported(root):
                problems.append(f"{root}: unsupported file type {root.suffix or '(none)'} (use .txt, .md, .html or .tmx)")
            elif _name_not_utf8(root):
                problems.append(_name_not_utf8(root))
            elif not root.is_file():
                problems.append(f"{root}: not a regular file (a device, FIFO or socket); skipped")
            else:
                found.append(root)
        elif skip is not None and skip(root):
            problems.append(f"{root}: a termsearch index, not a folder of reports (not read)")
        else:
            inside = root.resolve()
            def on_error(exc: OSError) -> None:
                problems.append(f"{exc.filename}: cannot read folder ({exc.strerror})")
            # absolute, as the errors met reading the files found name them (not as typed: in/x.txt)
            for folder, dirs, names in os.walk(root.absolute(), onerror=on_error, followlinks=False):
                dirs[:] = sorted(d for d in dirs if skip is None or not skip(Path(folder) / d))
                unread = sorted(n for n in names if Path(n).suffix.lower() in UNREAD_DOCUMENT_SUFFIXES
                                and not n.startswith("."))
                if unread:
                    kinds = ", ".join(sorted({Path(n).suffix.lower() for n in unread}))
                    problems.append(f"{folder}: {len(unread)} file{'s' if len(unread) > 1 else ''} not read ({kinds}: "
                                    f"termsearch reads .txt, .md, .html and .tmx; save {'them' if len(unread) > 1 else 'it'} as one)")
                for name in sorted(names):
                    path = Path(folder) / name
                    if supported(path) and not name.startswith("."):
                        problem = _name_not_utf8(path) or _refused_in_folder(path, inside)
                        if problem:
                            problems.append(problem)
                        else:
                            found.append(path)
                    elif name.endswith(OVERRIDE_SUFFIX) and name[:-len(OVERRIDE_SUFFIX)] not in names:
                        # report.meta.json beside report.txt would otherwise go unused, unsaid
                        problems.append(f"{path}: metadata file for {name[:-len(OVERRIDE_SUFFIX)]}, which is not "
                                        f"in this folder (name it after the document's whole file name, "
                                        f"e.g. report.txt{OVERRIDE_SUFFIX})")
    unique = list(dict.fromkeys(p.resolve() if not p.is_symlink() else p for p in found))
    return unique, problems


def _name_not_utf8(path: Path) -> str | None:
    """Why a file whose path is not UTF-8 is not read (its bytes shown as \\xff), or None. Such a
    path (bytes from another system's file names) cannot be written into the index's UTF-8
    files: the whole build failed on it."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(path).decode("utf-8", "backslashreplace")
        return f"{shown}: its name is not UTF-8; skipped (rename it to index it)"
    return None


def _refused_in_folder(path: Path, folder: Path) -> str | None:
    """Why a file met in `folder` is not read, or None when it is a regular file there."""
    try:
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            target = path.resolve(strict=True)
            if not target.is_relative_to(folder):
                return f"{path}: a symlink to {target}, outside the folder; skipped"
            mode = target.stat().st_mode
    except (OSError, RuntimeError) as exc:      # broken link, link loop, permission
        return f"{path}: cannot follow ({getattr(exc, 'strerror', None) or exc})"
    if not stat.S_ISREG(mode):
        return f"{path}: not a regular file (a device, FIFO or socket); skipped"
    return None


def document_id_for(path: Path, taken: set[str]) -> str:
    """A URL-safe id from the file name (letters of any script, digits, '-'), unique in `taken`."""
    base = re.sub(r"[^\w]+", "-", path.stem, flags=re.UNICODE).strip("-_").lower()[:80] or "document"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate
