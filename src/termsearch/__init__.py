r"""termsearch: search Chinese government reports and their glossaries (名词解释) whatever is typed:
Traditional or Simplified characters, pinyin with or without tones, initials, English.

The library in a few names: `build` an index from report files, `Engine` to search it,
`Lookup` for a term's page (its uses, the same words elsewhere) and the reader, `open_index`
for what a build holds (documents, glossary terms), `dump_terms`/`read_terms` to export and
import a glossary. The command line and the web app are thin faces over these.

Build an index from a report with a glossary at its end (any files or folders; a bad file
is reported in ``result.report.errors`` and never stops the others):

>>> import tempfile
>>> from pathlib import Path
>>> import termsearch
>>> folder = Path(tempfile.mkdtemp())
>>> report = folder / "report.txt"
>>> _ = report.write_text(
...     "2024年示例鎮政府工作報告\n一、工作回顧\n立足“雙萬”新起點，科學劃定“三區三線”。\n"
...     "名詞注解：\n“雙萬”：指地區生產總值超過1萬億元，常住人口超過1千萬人。\n"
...     "“三區三線”：指城鎮空間、農業空間、生態空間三種類型的國土空間。\n", encoding="utf-8")
>>> result = termsearch.build([report], folder / "index")
>>> result.report.totals()["documents"], result.report.totals()["glossary"]
(1, 2)

Search it: glossary terms first, then paragraphs, with how the query was read.

>>> engine = termsearch.Engine(folder / "index")
>>> answer = engine.search("shuang wan")
>>> answer.interpretation["description"]
'pinyin “shuang wan” → 双万'
>>> [term["term"] for term in answer.terms], answer.terms_total
(['“雙萬”'], 1)
>>> answer.total, [hit.line for hit in answer.hits]
(2, [5, 3])
>>> answer.hits[1].snippet
'立足“<mark>雙萬</mark>”新起點，科學劃定“三區三線”。'

Look a term up by what was typed (initials here), or list the glossary:

>>> lookup = termsearch.Lookup(engine)
>>> term = lookup.find_term("sqsx")
>>> term.term, term.simplified, term.pinyin
('“三區三線”', '“三区三线”', 'sān qū sān xiàn')
>>> [use["line"] for use in lookup.term_details(term.id)["uses"]]
[3, 6]
>>> index = termsearch.open_index(folder / "index")
>>> [doc["display_title"] for doc in index.documents]
['示例鎮 2024 · 政府工作報告']
>>> csv = termsearch.dump_terms(index.terms, "csv")       # or "tbx", "martif", "json"
>>> csv.lstrip("\ufeff").splitlines()[0].split(",")[:4]
['id', 'term', 'traditional', 'simplified']

Errors are kinds with a one-line message and the HTTP status the web answers with:

>>> try:
...     engine.search("雙" * 600)
... except termsearch.QueryError as error:
...     print(error.status, error.message)
400 the query is 600 characters long; the limit is 512
>>> engine.close()
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

# Each public name and the module it lives in. They are imported on first use (PEP 562), so
# `import termsearch` and the command line's start stay cheap: a search loads Whoosh and the
# analysis tables only when it runs.
_PUBLIC = {
    # building and reading an index
    "build": "index_build", "import_terms": "index_build", "BuildResult": "index_build",
    "open_index": "index_read", "OpenIndex": "index_read", "ingest_file": "ingest.pipeline",
    # searching and looking up
    "Engine": "search", "Lookup": "search", "TermMatcher": "search",
    # glossaries in and out
    "dump_terms": "export", "read_terms": "export", "ExportError": "export", "FORMATS": "export",
    # the values that flow
    "Document": "model", "Term": "model", "Rendering": "model", "SourceRef": "model", "Hit": "model",
    "Result": "model",
    # errors
    "TermsearchError": "errors", "IngestError": "errors", "NothingIndexed": "errors", "QueryError": "errors",
    "NotFound": "errors",
    "BuildLocked": "errors", "BuildFailed": "errors", "IndexUnavailable": "errors", "IndexMissing": "errors",
    "IndexOutdated": "errors", "IndexDamaged": "errors",
}

__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'termsearch' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value         # looked up once
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:       # what type checkers and editors see; at run time __getattr__ imports
    from .errors import (BuildFailed, BuildLocked, IndexDamaged, IndexMissing, IndexOutdated, IndexUnavailable,
                         IngestError, NothingIndexed, NotFound, QueryError, TermsearchError)
    from .export import FORMATS, ExportError, dump_terms, read_terms
    from .index_build import BuildResult, build, import_terms
    from .index_read import OpenIndex, open_index
    from .ingest.pipeline import ingest_file
    from .model import Document, Hit, Rendering, Result, SourceRef, Term
    from .search import Engine, Lookup, TermMatcher
