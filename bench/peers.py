"""The engines the benchmark compares termsearch with, each over the same paragraphs.

Every peer answers the same question as termsearch does for a query: the ten best paragraphs
(with their stored text) and how many paragraphs match in all. Each one says what it cannot do,
so its figures are read next to what it leaves out.
"""
from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

_QUOTES = "\"“”「」"
_WORDLIKE = re.compile(r"\w")


def _unquote(query: str) -> tuple[str, bool]:
    """The query without its phrase quotes, and whether it was quoted."""
    stripped = query.strip()
    quoted = len(stripped) >= 2 and stripped[0] in _QUOTES and stripped[-1] in _QUOTES
    return stripped.strip(_QUOTES).strip(), quoted


class Peer:
    name = ""
    label = ""
    cannot = ""

    def build(self, texts: list[str], folder: Path) -> dict:
        """Index `texts` into `folder`; returns {"seconds": …} and anything else worth reporting."""
        raise NotImplementedError

    def open(self, folder: Path) -> None:
        raise NotImplementedError

    def search(self, query: str) -> tuple[int, int]:
        """(hits returned, total matches) for the ten best paragraphs."""
        raise NotImplementedError

    def notes_for(self, query: str) -> str:
        """Why this peer answers `query` in a degraded way, or ""."""
        return ""

    def close(self) -> None:
        pass


class WhooshJieba(Peer):
    """The textbook setup: jieba's own Whoosh analyser on a single stored TEXT field."""

    name = "whoosh-jieba"
    label = "Whoosh + jieba ChineseAnalyzer (stock)"
    cannot = ("no Traditional/variant folding, no pinyin, no English, no glossary; "
              "token positions are character offsets, so multi-word phrases do not match; "
              "single non-Han characters and English stop words are dropped")

    def build(self, texts, folder):
        _jieba()
        from jieba.analyse import ChineseAnalyzer
        from whoosh.fields import TEXT, Schema
        from whoosh.index import create_in

        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        schema = Schema(content=TEXT(stored=True, analyzer=ChineseAnalyzer()))
        ix = create_in(str(folder), schema)
        writer = ix.writer()
        for text in texts:
            writer.add_document(content=text)
        writer.commit()
        return {"seconds": time.perf_counter() - started}

    def open(self, folder):
        _jieba()
        from whoosh.index import open_dir
        from whoosh.qparser import QueryParser

        self.ix = open_dir(str(folder))
        self.searcher = self.ix.searcher()
        self.parser = QueryParser("content", self.ix.schema)

    def search(self, query):
        results = self.searcher.search(self.parser.parse(query), limit=10)
        shown = [hit["content"] for hit in results]
        return len(shown), len(results)

    def close(self):
        self.searcher.close()


class SqliteTrigram(Peer):
    """SQLite FTS5 with the trigram tokenizer: substring search, no segmentation at all."""

    name = "fts5-trigram"
    label = "SQLite FTS5 trigram"
    cannot = ("no Traditional/variant folding, no pinyin, no English, no glossary; "
              "a word of fewer than 3 characters cannot use the trigram index: such queries fall "
              "back to an unranked full scan (instr), because LIKE on the trigram table returns "
              "no rows for 2-character CJK patterns in some SQLite versions")

    def build(self, texts, folder):
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "fts.db"
        started = time.perf_counter()
        con = sqlite3.connect(path)
        con.execute("CREATE VIRTUAL TABLE t USING fts5(content, tokenize='trigram')")
        with con:
            con.executemany("INSERT INTO t(content) VALUES (?)", ((t,) for t in texts))
        con.close()
        return {"seconds": time.perf_counter() - started, "sqlite": sqlite3.sqlite_version}

    def open(self, folder):
        self.con = sqlite3.connect(folder / "fts.db", check_same_thread=False)

    @staticmethod
    def _words(query: str) -> list[str]:
        inner, quoted = _unquote(query)
        return [inner] if quoted else [w for w in inner.split() if w]

    def notes_for(self, query):
        words = self._words(query)
        if any(len(w) < 3 for w in words):
            return "full scan (a word under 3 characters)"
        return ""

    def search(self, query):
        words = self._words(query)
        if not words:
            return 0, 0
        if any(len(w) < 3 for w in words):
            where = " AND ".join("instr(content, ?) > 0" for _ in words)
            rows = self.con.execute(f"SELECT content FROM t WHERE {where} LIMIT 10", words).fetchall()
            total = self.con.execute(f"SELECT count(*) FROM t WHERE {where}", words).fetchone()[0]
            return len(rows), total
        match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        rows = self.con.execute("SELECT content FROM t WHERE t MATCH ? ORDER BY rank LIMIT 10", (match,)).fetchall()
        total = self.con.execute("SELECT count(*) FROM t WHERE t MATCH ?", (match,)).fetchone()[0]
        return len(rows), total

    def close(self):
        self.con.close()


def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def _search_words(text: str) -> list[str]:
    jieba = _jieba()

    return [w.lower() for w in jieba.cut_for_search(text) if _WORDLIKE.search(w)]


class TantivyJieba(Peer):
    """tantivy (Rust) over text pre-segmented by jieba (search mode) and joined by spaces."""

    name = "tantivy-jieba"
    label = "tantivy + jieba (pre-segmented)"
    cannot = ("no Traditional/variant folding, no pinyin, no English, no glossary; "
              "segmentation runs in Python before tantivy sees the text (timed apart); "
              "search-mode sub-words sit between words, so some multi-word phrases do not match")

    def build(self, texts, folder):
        import tantivy

        jieba = _jieba()
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        jieba.initialize()
        segmented = [" ".join(_search_words(t)) for t in texts]
        segmenting = time.perf_counter() - started
        indexing_started = time.perf_counter()
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("content", stored=False, tokenizer_name="default", index_option="position")
        builder.add_bytes_field("text", stored=True)
        schema = builder.build()
        index = tantivy.Index(schema, path=str(folder))
        writer = index.writer(heap_size=256_000_000)
        for text, words in zip(texts, segmented):
            writer.add_document(tantivy.Document(content=words, text=text.encode("utf-8")))
        writer.commit()
        writer.wait_merging_threads()
        indexing = time.perf_counter() - indexing_started
        return {"seconds": segmenting + indexing, "segmenting_seconds": segmenting,
                "indexing_seconds": indexing, "tantivy": getattr(tantivy, "__version__", "")}

    def open(self, folder):
        import tantivy

        _jieba().initialize()
        self.tantivy = tantivy
        self.index = tantivy.Index.open(str(folder))
        self.index.reload()
        self.schema = self.index.schema
        self.searcher = self.index.searcher()

    def search(self, query):
        tv = self.tantivy
        inner, quoted = _unquote(query)
        if quoted:
            words = _search_words(inner)
            if not words:
                return 0, 0
            q = (tv.Query.phrase_query(self.schema, "content", words) if len(words) > 1
                 else tv.Query.term_query(self.schema, "content", words[0]))
        else:
            words = [w for part in inner.split() for w in _search_words(part)]
            if not words:
                return 0, 0
            q = tv.Query.boolean_query([(tv.Occur.Must, tv.Query.term_query(self.schema, "content", w))
                                        for w in dict.fromkeys(words)])
        result = self.searcher.search(q, limit=10, count=True)
        shown = [self.searcher.doc(address)["text"][0] for _, address in result.hits]
        return len(shown), result.count


PEERS = {cls.name: cls for cls in (WhooshJieba, SqliteTrigram, TantivyJieba)}


def available(name: str) -> str:
    """"" when the peer can run here, else why not."""
    modules = {"whoosh-jieba": ["whoosh", "jieba"], "fts5-trigram": [], "tantivy-jieba": ["tantivy", "jieba"]}
    for module in modules[name]:
        try:
            __import__(module)
        except ImportError:
            return f"{module} is not installed (pip install '.[bench]')"
    if name == "fts5-trigram":
        try:
            con = sqlite3.connect(":memory:")
            con.execute("CREATE VIRTUAL TABLE t USING fts5(content, tokenize='trigram')")
            con.close()
        except sqlite3.Error as exc:
            return f"this SQLite ({sqlite3.sqlite_version}) has no FTS5 trigram tokenizer: {exc}"
    return ""
