"""Where a build's files are and what they hold: the index folder's layout, its format number,
the Whoosh schema, how documents are cut into pages, and the JSON files' reading and writing.
Shared by index_build (which writes a build) and index_read (which opens one).

Layout of an index folder:

    CURRENT              name of the live build (replaced atomically when a build completes)
    .lock                held (flock) while a build runs; the kernel drops it if the process dies
    builds/<name>/       Whoosh segment files, plus
        glossary.json    the glossary terms, completed with both scripts and pinyin
        documents.json   per-document metadata and sections
        docs/<id>/       each document, the reader's source: head.json (the document without
                         its paragraphs and sections, with where each page starts), sections.json,
                         and its paragraphs a page at a time (1.json, 2.json, ...)
        vocab.json       every indexed word with its count
        readings.json    every indexed word's reading
        pinyin.json      the words by toneless pinyin; initials.json by initials (pinyin queries)
        report.json      the ingest report of the build
        sizes.json       the sizes and digests of the files a search needs (checked: damage is named)
        digests.json     the same of the build's other files (checked after a request failed)
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from whoosh import columns
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from .analysis import analyzers
from .errors import IndexDamaged, IndexUnavailable
from .json_shapes import mismatch, shape_of

# Bumped whenever the schema or the files of a build change; an older build must be rebuilt.
INDEX_FORMAT = 12
CURRENT = "CURRENT"
BUILDS = "builds"
INDEX_NAME = "paragraphs"


def make_schema() -> Schema:
    return Schema(
        pid=STORED,
        row=COLUMN(columns.NumericColumn("I")),     # the paragraph's line in texts.txt
        document=ID(stored=True, sortable=True),       # sortable: cheap filters and counts
        section=ID(stored=True, sortable=True),
        line=STORED,
        # No positions: phrases are checked on the text itself (adjacency.Verified), which is exact.
        text=TEXT(analyzer=analyzers.ParagraphTokenizer(), stored=True, phrase=False),
        terms=TEXT(analyzer=analyzers.TermIdsTokenizer(), phrase=False),   # glossary terms it uses
        # Han characters and pairs: any run of characters, inside or across words (query.py).
        chars=TEXT(analyzer=analyzers.CharsTokenizer(), phrase=False),
        defines=KEYWORD(commas=True, scorable=False),   # terms this paragraph is the definition of
        # The paragraph's official English (parallel documents), searched by English queries.
        english=TEXT(analyzer=analyzers.english_text_analyzer(), stored=True, phrase=False),
    )


# A document is stored a page at a time: at most this many paragraphs and characters (a page
# holds at least one paragraph, which is at most 5,000 characters), so reading or showing one
# page costs the same in a 1-million-line file as in a short one.
PAGE_PARAGRAPHS = 200
PAGE_CHARS = 50_000


def page_starts(lengths: list[int]) -> list[int]:
    """Where each page starts, given the paragraphs' lengths in characters."""
    starts, count, chars = [0], 0, 0
    for i, length in enumerate(lengths):
        if count and (count >= PAGE_PARAGRAPHS or chars + length > PAGE_CHARS):
            starts.append(i)
            count, chars = 0, 0
        count += 1
        chars += length
    return starts


def write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)


REQUIRED = object()     # read_json's default for a file every build writes
_JSON_NAMES = {dict: "an object", list: "a list"}


def read_json(path: Path, default=REQUIRED, kind: type | None = None):
    """A build's JSON file; `default` when the build has none. IndexDamaged when it cannot be
    read, when it holds another kind of value than `kind` (the default's type, if it has one)
    or is not of its file's shape (json_shapes), or when it is missing and every build writes
    it (no default)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if default is REQUIRED or _written(path):
            raise damaged(path, "is missing") from None
        return default
    except ValueError as exc:       # cut short or overwritten (JSONDecodeError, UnicodeDecodeError)
        raise damaged(path, f"cannot be read: {type(exc).__name__}") from None
    kind = kind or (type(default) if isinstance(default, (dict, list)) else None)
    if kind is not None and not isinstance(data, kind):     # another file copied over it
        raise damaged(path, f"holds {_JSON_NAMES.get(type(data), type(data).__name__)}, not {_JSON_NAMES[kind]}")
    shape = shape_of(path.name)
    wrong = mismatch(data, shape) if shape is not None else None
    if wrong:
        raise damaged(path, f"is not as a build writes it: {wrong[:120]}")
    return data


def _written(path: Path) -> bool:
    """Whether the build `path` is in wrote that file (its sizes or digests list it): a file
    older builds lack is read with a default, but lost from a build that wrote it, it is damage."""
    build_dir = next((p for p in path.parents if p.parent.name == BUILDS), None)
    if build_dir is None:
        return False
    name = path.relative_to(build_dir).as_posix()
    for listing in (SIZES, DIGESTS):
        try:
            if name in json.loads((build_dir / listing).read_text(encoding="utf-8")):
                return True
        except (OSError, ValueError, TypeError):
            continue
    return False


def damaged(path: Path, why: str) -> IndexDamaged:
    """The error for a file of a build that is not as the build wrote it: the terminal's line
    names the index folder and the file, the web's the file alone; both say to rebuild."""
    path = Path(path)
    build_dir = next((p for p in path.parents if p.parent.name == BUILDS), path.parent)
    index_dir = build_dir.parent.parent
    name = path.relative_to(build_dir).as_posix()
    error = IndexDamaged(f"the index at {index_dir} is damaged ({name} {why}); "
                         f"rebuild it with: termsearch index PATH --index {index_dir}")
    error.public = f"the index is damaged ({name} {why}) and must be rebuilt (termsearch index)"
    return error


# The files no search can do without, by their sizes and digests as written: one cut short (a
# full disk, a copy stopped halfway) read as fewer paragraphs or failed deep inside Whoosh, one
# lost read as an empty table (no glossary), one overwritten failed anywhere. Sizes are checked on
# opening; digests when a request fails, to tell a damaged file from a bug. The build's other
# files (documents' pages, the collection file ...) are in DIGESTS, read only when a request
# failed: opening stats no more files, and a page that fails on a damaged one names it.
SIZES = "sizes.json"
DIGESTS = "digests.json"
NEEDED_TABLES = ("texts.txt", "glossary.json", "documents.json", "english.json", "vocab.json", "readings.json",
                 "pinyin.json", "initials.json")


def _digest(path: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def write_sizes(build_dir: Path) -> None:
    needed = [*(build_dir / name for name in NEEDED_TABLES), *sorted((build_dir / INDEX_NAME).iterdir())]
    needed = [f for f in needed if f.is_file() and not f.name.endswith("WRITELOCK")]
    others = sorted(set(f for f in build_dir.rglob("*") if f.is_file() and f.name not in (SIZES, DIGESTS)
                        and not f.name.endswith(("WRITELOCK", ".tmp"))) - set(needed))
    for name, files in ((SIZES, needed), (DIGESTS, others)):
        write_json(build_dir / name, {f.relative_to(build_dir).as_posix(): [f.stat().st_size, _digest(f)] for f in files})


def check_sizes(build_dir: Path, *, every_file: bool = False, contents: bool = False) -> None:
    """IndexDamaged naming the first file of SIZES (with `every_file`, of DIGESTS too) that is
    missing or not its size, or, with `contents`, the first of both not its digest. A build
    written before a file of them existed is not checked against it."""
    recorded = read_json(build_dir / SIZES, {})
    if every_file or contents:
        recorded = {**recorded, **read_json(build_dir / DIGESTS, {})}
    for name, (size, digest) in recorded.items():
        path = build_dir / name
        try:
            actual = path.stat().st_size
            if actual != size:
                raise damaged(path, f"is {actual:,} bytes, not the {size:,} written: cut short or overwritten")
            if contents and _digest(path) != digest:
                raise damaged(path, "is not as written: overwritten")
        except FileNotFoundError:
            raise damaged(path, "is missing") from None
        except OSError as exc:      # (a file made unreadable: a request that failed on it must not fail here too)
            raise damaged(path, f"cannot be read ({exc.strerror})") from None


def is_index_folder(folder: Path) -> bool:
    """Whether `folder` holds a termsearch index (its CURRENT pointer and builds)."""
    try:
        return (folder / CURRENT).is_file() and (folder / BUILDS).is_dir()
    except OSError:
        return False


# CURRENT files replaced by this process (index_build's swap): an Engine that checks CURRENT at
# most every few milliseconds still sees, at once, a build this process swapped in.
swaps_here = 0


def note_swap() -> None:
    global swaps_here
    swaps_here += 1


def current_build(index_dir: Path) -> Path | None:
    """The live build of an index folder; None when there is none. IndexUnavailable when the
    folder cannot be read (no permission, a name too long)."""
    try:
        name = (Path(index_dir) / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except UnicodeDecodeError:
        raise IndexDamaged(f"the index at {index_dir} is damaged (its {CURRENT} file is not a build's name); "
                           f"rebuild it with: termsearch index PATH --index {index_dir}") from None
    except OSError as exc:      # no permission, a name too long
        raise IndexUnavailable(f"cannot read the index at {index_dir}: {exc.strerror}") from None
    build_dir = Path(index_dir) / BUILDS / name
    return build_dir if name and build_dir.is_dir() else None


def build_format(build_dir: Path) -> int:
    """The format number a build was written in. Every build since the first day writes
    format.json, so a missing one is damage (IndexDamaged), not an older termsearch."""
    number = read_json(build_dir / "format.json", kind=dict).get("format")
    if not isinstance(number, int):
        raise damaged(build_dir / "format.json", "holds no format number")
    return number


def is_current_format(build_dir: Path) -> bool:
    """Whether a build is in this termsearch's format (not when its format.json is damaged)."""
    try:
        return build_format(build_dir) == INDEX_FORMAT
    except IndexDamaged:
        return False
