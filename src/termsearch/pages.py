"""The page blueprint: search, term pages, the document reader, the glossary index, display
preferences (script and ruby pinyin), a paragraph's dictionary glosses, and the embeddable
widget with its demo host page.

Every string from a document or a query is escaped here or by Jinja's autoescape; the only
markup we take from the core is a hit's snippet, whose <mark> tags are rebuilt, not trusted.
"""
from __future__ import annotations

import bisect
import html
import math
import re
import weakref
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote, unquote, urlencode

from flask import (Blueprint, abort, current_app, redirect, render_template, request, send_file,
                   url_for)
from markupsafe import Markup, escape

from . import highlight
from .analysis import chars, termforms, variants
from .index_layout import PAGE_PARAGRAPHS
from .errors import QueryError
from .ingest.clean import without_damage
from .query import MAX_QUERY_CHARS, blank_query, unmatched_line
from .shared_views import (MAX_GLOSS_CHARS, engine, lookup, page_message, page_number, public_document,
                           page_within, refuse_bad_display_args, whole_number)

pages = Blueprint("pages", __name__)
# Files served as they are take no display preferences (a host page may add what it likes).
_FILES = {"pages.favicon", "pages.widget", "pages.widget_demo_css"}


# Pages that are one page long whatever the index holds: ?page=1 is the page, ?page=abc a 400 and
# ?page=2 a 404, as on every paged page (page_within).
_ONE_PAGE = {"pages.term", "pages.widget_demo"}


@pages.before_request
def check_display_args() -> None:
    if request.endpoint not in _FILES:
        refuse_bad_display_args()
    if request.endpoint in _ONE_PAGE:
        page_within(1)


@pages.app_template_filter("unquoted")
def unquoted_filter(text: str) -> str:
    """A headword without the quotation marks reports print around it: “雙萬” → 雙萬."""
    return termforms.unquoted(text or "")


@pages.app_template_filter("counted")
def counted(n: int, noun: str, plural: str = "") -> str:
    """1 section, 2 sections, 0 sections (`plural` for the irregular: 1 match, 2 matches)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


PER_PAGE = 10
TERMS_PER_PAGE = 10         # glossary term cards on a search page (a headword may have thousands)
FACET_TOP = 8           # entries of a filter shown before its "more" link
FACET_LABELS = {
    "national": "national", "province": "province", "city": "city", "county": "county",
    "district": "district", "town": "town", "government_work_report": "government work report",
    "party_congress_report": "party congress report", "law": "law", "policy": "policy", "other": "other",
}
MAX_PAGE = 1000
SCRIPT_LABELS = {"orig": "As written", "hant": "繁體", "hans": "简体"}
COOKIE = "ts_display"
EXAMPLES = ["雙萬", "三区三线", "shuang wan", "sqsx", "双wan", "xue qian jiao yu", "5080"]
_CLAUSE_END = re.compile(r"[。；！？，、：;!?,\s]")
GLOSS_SENSES = 3
ILLEGIBLE = "〓"            # what the ingest puts where a definition's text was lost (pipeline.py)
ILLEGIBLE_NOTE = ("Illegible in the source: characters lost to a bad encoding round trip; "
                  "how many is not known")
_ILLEGIBLE_HTML = (f'<span class="damaged illegible" title="{ILLEGIBLE_NOTE}">'
                   f'<span aria-hidden="true">{ILLEGIBLE}</span>'
                   f'<span class="vh">[illegible text in the source]</span></span>')


# ----------------------------------------------------------------------------- display

@lru_cache(maxsize=4096)
def script_of(text: str) -> str:
    """zh-Hant or zh-Hans for Chinese text as written; "zh" when it reads the same in both."""
    if variants.to_simplified(text) != text:
        return "zh-Hant"
    if variants.to_traditional(text) != text:
        return "zh-Hans"
    return "zh"


@lru_cache(maxsize=1 << 14)
def _ruby_run(run: str) -> str:
    from .analysis import pinyin

    syllables = pinyin.reading(run)
    if len(syllables) != len(run):
        return str(escape(run))
    return "".join(f"<ruby>{escape(c)}<rt>{escape(s)}</rt></ruby>" for c, s in zip(run, syllables))


_ESCAPED_OR_ILLEGIBLE = re.compile(f"[&<>\"'{ILLEGIBLE}]")


def _mark_illegible(escaped_html: str) -> str:
    return escaped_html.replace(ILLEGIBLE, _ILLEGIBLE_HTML) if ILLEGIBLE in escaped_html else escaped_html


@dataclass
class Display:
    """How Chinese text is shown: converted to one script (or as written), with ruby pinyin."""

    script: str = "orig"
    ruby: bool = False
    _tip: int = field(default=0, repr=False)

    def convert(self, text: str) -> str:
        if self.script == "hans":
            return variants.to_simplified(text)
        if self.script == "hant":
            return variants.to_traditional(text)
        return text

    def lang(self, text: str) -> str:
        """The lang attribute for a piece of Chinese content in this display."""
        if self.script == "hans":
            return "zh-Hans"
        if self.script == "hant":
            return "zh-Hant"
        return script_of(text[:400])

    def plain(self, text: str) -> Markup:
        """Escaped, converted text without ruby (titles, navigation, labels)."""
        return Markup(_mark_illegible(str(escape(self.convert(text or "")))))

    def text(self, text: str) -> Markup:
        """Escaped, converted text; with ruby, each Han character gets its pinyin above it.
        A 〓 (text lost in the source) is marked and explained, as the reader marks damage."""
        converted = self.convert(text or "")
        if not self.ruby:
            return Markup(_mark_illegible(str(escape(converted))))
        out, cursor = [], 0
        for m in chars.HAN_RUN.finditer(converted):
            out.append(str(escape(converted[cursor:m.start()])))
            out.append(_ruby_run(m.group()))
            cursor = m.end()
        out.append(str(escape(converted[cursor:])))
        return Markup(_mark_illegible("".join(out)))

    def pieces(self, *texts: str, ruby: bool | None = None) -> list[Markup]:
        """The pieces of one text (a use's before, match and after) as text() shows them (plain()
        with ruby=False), converted as the whole they make: a cut at the match must not change
        the characters either side (扎|实体经济 shows 扎實, 扎实体经济 紮實)."""
        shown = self.shown_characters("".join(t or "" for t in texts), ruby=ruby)
        out, cursor = [], 0
        for text in texts:
            out.append(Markup("".join(shown[cursor:cursor + len(text or "")])))
            cursor += len(text or "")
        return out

    def shown_characters(self, text: str, ruby: bool | None = None) -> list[str]:
        """The HTML of each character of `text` as text() shows it, the whole text converted (and
        read for ruby) at once: OpenCC picks a phrase's characters from its neighbours (公里 stays,
        里 alone → 裏), so converting between marks would show other characters than /api does.
        s2t and t2s keep the length (bench/script_lengths.py), so offsets still hold."""
        from .analysis import pinyin

        converted = self.convert(text)
        if len(converted) != len(text):     # never seen; each character alone keeps the offsets
            converted = "".join(self.convert(c) or c for c in text)
        shown = list(converted)
        for m in _ESCAPED_OR_ILLEGIBLE.finditer(converted):       # seldom any: the rest stay as they are
            shown[m.start()] = _ILLEGIBLE_HTML if m.group() == ILLEGIBLE else str(escape(m.group()))
        if self.ruby if ruby is None else ruby:
            for m in chars.HAN_RUN.finditer(converted):
                syllables = pinyin.reading(m.group())
                if len(syllables) == len(m.group()):
                    for k, (c, s) in enumerate(zip(m.group(), syllables)):
                        shown[m.start() + k] = f"<ruby>{escape(c)}<rt>{escape(s)}</rt></ruby>"
        return shown

    def snippet(self, snippet_html: str) -> Markup:
        """A hit's snippet (escaped text with <mark>) converted whole and escaped again, its
        <mark> tags put back where they were."""
        pieces = highlight.MARK_TAG.split(snippet_html or "")
        shown = self.shown_characters("".join(html.unescape(p) for p in pieces[::2]))
        out, inside, cursor = [], False, 0
        for piece in pieces:
            if piece == "<mark>":
                inside = True
            elif piece == "</mark>":
                inside = False
            elif piece:
                end = cursor + len(html.unescape(piece))
                body = "".join(shown[cursor:end])
                out.append(f"<mark>{body}</mark>" if inside else body)
                cursor = end
        return Markup("".join(out))

    def marked(self, shown: list[str], start: int, end: int, marks: list[tuple[int, int]]) -> str:
        """Characters start to end of shown_characters(), with <mark> around the marks inside."""
        return highlight.mark(shown, marks, start, end, render="".join)

    def paragraph(self, paragraph: dict, terms_by_id: dict, marks: list[tuple[int, int]]) -> Markup:
        """A reader paragraph: glossary terms linked with an accessible tooltip, damaged spans marked.

        A term that overlaps a damaged span is not linked (the text there cannot be trusted).
        """
        text = paragraph["text"]
        shown = self.shown_characters(text)
        damaged = sorted((d["start"], d["end"], "damaged", d) for d in paragraph.get("damaged", [])
                         if 0 <= d["start"] < d["end"] <= len(text))
        regions, last = [], -1
        for region in damaged:
            if region[0] >= last:
                regions.append(region)
                last = region[1]
        for t in paragraph.get("terms", []):
            if t["id"] in terms_by_id and 0 <= t["start"] < t["end"] <= len(text) and not any(
                    s < t["end"] and t["start"] < e for s, e, *_ in damaged):
                regions.append((t["start"], t["end"], "term", t))
        regions.sort(key=lambda r: r[0])
        out, cursor = [], 0
        for start, end, kind, data in regions:
            if start < cursor:
                continue
            out.append(self.marked(shown, cursor, start, marks))
            inner = self.marked(shown, start, end, marks)
            if kind == "damaged":
                out.append(self._damaged(inner, data))
            else:
                out.append(self._term_link(inner, terms_by_id[data["id"]]))
            cursor = end
        out.append(self.marked(shown, cursor, len(text), marks))
        return Markup("".join(out))

    def _damaged(self, inner: str, span: dict) -> str:
        repaired = span.get("repaired")
        note = (f'<span class="repair">(probably “{self.text(repaired)}”)</span>' if repaired else "")
        return (f'<span class="damaged" title="Damaged text: garbled by a bad encoding round trip">'
                f'<span class="vh">[damaged text: </span>{inner}<span class="vh">]</span></span>{note}')

    def _term_link(self, inner: str, term) -> str:
        self._tip += 1
        tip_id = f"tip-{self._tip}"
        english = ""
        if term.english:
            english = f'<span class="tip-en" lang="en">{escape(term.english[0].text)}</span>'
        head = self.plain(termforms.unquoted(term.term))
        return (f'<span class="term-wrap"><a class="term" href="{escape(term_url(term.id))}" '
                f'aria-describedby="{tip_id}">{inner}</a>'
                f'<span class="tip" role="tooltip" id="{tip_id}"><span class="tip-head">{head}</span> '
                f'<span class="tip-pinyin" lang="zh-Latn-pinyin">{escape(term.pinyin)}</span>'
                f'<span class="tip-def">{self.plain(term.definition)}</span>{english}</span></span>')


def display_prefs() -> Display:
    """Display preferences: ?script=&ruby= on the URL, else the cookie, else as written."""
    script, ruby = "orig", False
    saved = request.cookies.get(COOKIE, "")
    if "." in saved:
        s, r = saved.split(".", 1)
        script = s if s in SCRIPT_LABELS else script
        ruby = r == "1"
    if request.args.get("script") in SCRIPT_LABELS:
        script = request.args["script"]
    if request.args.get("ruby") in ("0", "1"):
        ruby = request.args["ruby"] == "1"
    return Display(script=script, ruby=ruby)


# ----------------------------------------------------------------------------- URLs

def term_url(term_id: str) -> str:
    return "/terms/" + quote(term_id, safe=":")


def document_url(document_id: str, anchor: str = "", **args) -> str:
    """The reader's address; a paragraph's anchor brings ?at=<its ordinal>, which opens the
    page of a long document that holds it."""
    if anchor.startswith("p-") and anchor[2:].isdigit() and not args.get("page") and \
            engine().reader().documents_by_id.get(document_id, {}).get("pages", 1) > 1:
        args = {**args, "at": anchor[2:]}
    query = urlencode({k: v for k, v in args.items() if v})
    return "/documents/" + quote(document_id, safe="") + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else "")


def paragraph_anchor(paragraph_id: str) -> str:
    return "p-" + paragraph_id.rsplit(":", 1)[-1]


def safe_next(target: str | None) -> str:
    """A local path to go back to (never another site: //evil.example or /\\evil.example)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(ord(c) < 32 for c in target):
        return "/"
    return target


# The page's own address goes into its links back (script and pinyin switches, four of them):
# a longer one (a 100 KB URL) would make every page four times its size; those links go home.
MAX_BACK_LINK = 2000


def current_path() -> str:
    here = request.full_path.rstrip("?") if request.query_string else request.path
    return here if len(here) <= MAX_BACK_LINK else "/"


def asset_url(filename: str) -> str:
    return url_for("static", filename=filename, v=current_app.config["CODE_VERSION"])


def page_context() -> dict:
    display = display_prefs()
    here = current_path()
    switches = [{"value": key, "label": label, "current": display.script == key,
                 "url": "/prefs?" + urlencode({"script": key, "next": here})}
                for key, label in SCRIPT_LABELS.items()]
    ruby_url = "/prefs?" + urlencode({"ruby": "0" if display.ruby else "1", "next": here})
    return {"display": display, "script_switches": switches, "ruby_url": ruby_url,
            "asset": asset_url, "term_url": term_url, "document_url": document_url,
            "paragraph_anchor": paragraph_anchor, "max_query": MAX_QUERY_CHARS,
            # A page (an error page too) keeps what was searched in the box, so it can be corrected;
            # a query far over the limit only in part (a huge URL must not make a huge page).
            "header_query": request.args.get("q", "")[:2 * MAX_QUERY_CHARS]}


def document_titles() -> dict[str, str]:
    """Display titles, which tell apart reports all titled 政府工作报告 (region and year)."""
    return {d["id"]: d.get("display_title") or d["title"] for d in engine().reader().documents}


# ----------------------------------------------------------------------------- dictionary

def text_pieces(text: str, size: int = MAX_GLOSS_CHARS) -> list[str]:
    """`text` in pieces of at most `size` characters, cut after punctuation where it can be (so
    no word is cut in two); app.js cuts a paragraph the same way for /api/gloss."""
    pieces = []
    while len(text) > size:
        cut = max((m.end() for m in _CLAUSE_END.finditer(text, 0, size)), default=size)
        pieces.append(text[:cut])
        text = text[cut:]
    return pieces + [text] if text else pieces


def gloss_words(text: str) -> list[dict]:
    """The dictionary words of a whole paragraph, each once, in order of first use."""
    seen, out = set(), []
    for piece in text_pieces(text):
        for word in lookup().gloss(piece, limit=len(piece)):
            if word["simplified"] not in seen:
                seen.add(word["simplified"])
                out.append({**word, "english": word["english"][:GLOSS_SENSES]})
    return out


def _paragraph_without_damage(paragraph: dict) -> str:
    """A reader paragraph (as /api/documents gives it) with its damaged spans blanked out."""
    return without_damage(paragraph["text"], [(d["start"], d["end"]) for d in paragraph.get("damaged", [])])


MAX_GLOSS = 999_999


def _whole_number_arg(name: str, highest: int, what: str) -> int | None:
    """?name=N as a whole number from 0 to `highest`, None when absent; anything else (abc, -1)
    is a 400 naming what the number stands for, as a bad ?page= is."""
    raw = request.args.get(name, "")
    if raw == "":
        return None
    value = whole_number(raw, 0, highest)
    if value is None:
        raise QueryError(f"{name} must be a whole number from 0 to {highest} ({what}), not {raw[:20]!r}")
    return value


def gloss_arg() -> int:
    """?gloss=N: the paragraph (reader) or hit (search) whose dictionary list is open; 0 for none."""
    value = _whole_number_arg("gloss", MAX_GLOSS, "a hit or paragraph")
    return 0 if value is None else value


# ----------------------------------------------------------------------------- search

def page_arg() -> int:
    return page_number("page", MAX_PAGE)


_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def percent_decoded(q: str) -> str:
    """What a query pasted from an address bar (%E5%8F%8C%E4%B8%87) encodes (双万), or "" when it
    holds no escape or its escapes are not UTF-8 (50%AB stays as typed)."""
    if not _PERCENT_ESCAPE.search(q):
        return ""
    try:
        decoded = unquote(q, errors="strict")
    except UnicodeDecodeError:
        return ""
    return decoded.strip() if decoded.strip() and decoded != q else ""


def corrections(q: str, interpretation: dict) -> list[dict]:
    """Ways to search otherwise: letters read as pinyin or initials can be searched as letters
    (a quoted phrase), and quoted letters can be read as pinyin again."""
    out = [{"leaf": None, "label": f"Did you mean “{c['searched']}”? Searched for it; search “{c['typed']}” as typed",
            "query": c["literal_query"]} if c.get("literal_finds", True) else
           # No paragraph holds the letters as typed: said, not a link to a page of nothing.
           {"leaf": None, "label": f"Did you mean “{c['searched']}”? Searched for it; the letters "
                                   f"“{c['typed']}” themselves appear in no paragraph", "query": ""}
           for c in interpretation.get("corrections", [])]
    decoded = percent_decoded(q)
    if decoded:     # pasted from an address bar: the characters it encodes, one click away
        out.insert(0, {"leaf": None, "label": f"“{q}” is an encoded web address: search “{decoded}”",
                       "query": decoded})
    # A part no paragraph holds beside the rest: said, with the rest alone (what is shown) a click away.
    out += [{"leaf": None, "label": unmatched_line(u), "query": u["query"]} for u in interpretation.get("unmatched", [])]
    nowhere = {c["typed"] for c in interpretation.get("corrections", []) if not c.get("literal_finds", True)}
    for leaf in interpretation.get("leaves", []):
        typed = leaf.get("typed", "")
        if not typed:
            continue
        if leaf["kind"] in ("pinyin", "initials", "mixed"):
            if f'"{typed}"' in q:
                continue
            for other in leaf.get("alternatives", []):      # the other readings, one click each
                fixed = q.replace(typed, other["query"], 1) if typed in q else other["query"]
                out.append({"leaf": leaf, "label": f"read “{typed}” as “{other['reading']}”: "
                                                   f"{'、'.join(other['words'][:3])}", "query": fixed})
            words = leaf.get("words", [])
            runs = leaf.get("runs", [])
            if runs and len(runs) > 1 and typed in q:
                # Words in a row: the runs the hits hold share page one by how many hold each.
                out.append({"leaf": leaf, "label": f"“{typed}” reads as {len(runs)} runs of words; search one:",
                            "query": "", "choices": [{"label": r, "query": q.replace(typed, r, 1)} for r in runs]})
            elif leaf["kind"] in ("pinyin", "initials") and len(words) > 1 and typed in q:
                # Homophones share page one by how often each is used: any one is a click away.
                out.append({"leaf": leaf, "label": f"“{typed}” reads as {len(words)} words; search one:",
                            "query": "", "choices": [{"label": w, "query": q.replace(typed, w, 1)} for w in words]})
            if typed not in nowhere:
                fixed = q.replace(typed, f'"{typed}"', 1) if typed in q else f'"{typed}"'
                out.append({"leaf": leaf, "label": f"search the letters “{typed}” instead", "query": fixed})
        elif leaf["kind"] == "english":
            for other in leaf.get("alternatives", []):      # hong kong read as pinyin: one click
                fixed = q.replace(typed, other["query"], 1) if typed in q else other["query"]
                out.append({"leaf": leaf, "label": f"read “{typed}” as {other['reading']}: "
                                                   f"{'、'.join(other['words'][:3])}", "query": fixed})
        elif leaf["kind"] == "phrase" and re.fullmatch(r"[A-Za-z][A-Za-z' ]*", typed):
            for quoted in (f'"{typed}"', f"“{typed}”", f"「{typed}」"):
                if quoted in q:
                    out.append({"leaf": leaf, "label": f"read “{typed}” as pinyin instead",
                                "query": q.replace(quoted, typed, 1)})
                    break
    # A pinyin correction's way back is also its leaf's "search the letters": one link for both.
    return [c for i, c in enumerate(out) if not c["query"] or c["query"] not in {o["query"] for o in out[:i]}]


def hit_terms(hit, terms_by_id: dict) -> list:
    """The glossary terms of a hit, one per headword (two reports may define the same term):
    the one defined in the hit's own document first."""
    chosen: dict[str, object] = {}
    for tid in hit.terms:
        term = terms_by_id.get(tid)
        if term is None:
            continue
        key = variants.normalize(termforms.unquoted(term.term))[0]
        if key not in chosen or term.source.document == hit.document:
            chosen[key] = term
    return list(chosen.values())


def search_url(**args) -> str:
    return "/?" + urlencode({k: v for k, v in args.items() if v not in (None, "", 1) or k == "q"})


def _moved_to_search(drop_query: bool):
    """A 301 to / with this request's arguments (a year or region chosen is not lost), less ?q=
    when `drop_query`."""
    kept = [(name, value) for name, value in request.args.items(multi=True) if name != "q" or not drop_query]
    return redirect("/?" + urlencode(kept) if kept else "/", 301)


@pages.get("/search")
def search_address():
    """/search, the address people guess (and other sites use), is the search at /: the same
    arguments, moved for good (301); an empty ?q= goes to the home page itself, filters kept."""
    return _moved_to_search(drop_query=blank_query(request.args.get("q", "")))


@pages.get("/")
def search():
    q = request.args.get("q", "")
    if "q" in request.args and blank_query(q):
        # ?q= sent empty (a form submitted blank, or only %00): the home page at its own address.
        return _moved_to_search(drop_query=True)
    ctx = page_context()
    ctx["header_query"] = q
    if not q.strip():
        # The home page has no results to page through, but ?page=abc is as wrong here as anywhere.
        page_arg(), page_number("terms_page", MAX_PAGE), gloss_arg()
        reader = engine().reader()
        return render_template("search.html", q="", result=None, examples=EXAMPLES,
                               stats={"documents": len(reader.documents), "terms": len(reader.terms)}, **ctx)
    page = page_arg()
    document = request.args.get("document", "")[:200]
    section = request.args.get("section", "")[:300]
    offset = (page - 1) * PER_PAGE
    if offset > 10_000:
        raise QueryError("page is too far")
    from . import facets as facets_mod

    filters = facets_mod.Filters.parse(*(request.args.get(name, "")[:100] for name in
                                         ("year_from", "year_to", "region", "level", "kind")))
    more = request.args.get("more", "")[:20]
    terms_page = page_number("terms_page", MAX_PAGE)
    result, counts = facets_mod.search(engine(), q, PER_PAGE, offset, filters, document=document,
                                       section=section, facets=True, term_limit=TERMS_PER_PAGE,
                                       term_offset=min((terms_page - 1) * TERMS_PER_PAGE, 10_000))
    facets = None
    pages_total = max(1, math.ceil(result.total / PER_PAGE))
    if page > pages_total and result.total:
        abort(404, description=f"there are only {pages_total} pages of results")
    titles = document_titles()
    terms_by_id = engine().reader().terms_by_id
    window = [p for p in range(max(1, page - 2), min(pages_total, page + 2) + 1)]

    def link(**changes) -> str:
        args = {"q": q, "document": document, "section": section, "page": page, **filters.as_args(),
                "more": more, "terms_page": terms_page}
        args.update(changes)
        return search_url(**args)

    def facet_link(name: str, value) -> str:
        """The search with one filter set to `value` ("" clears it); a new report clears the
        section, and a new year, region, level or kind clears the report."""
        changes = {name: value, "page": 1, "more": ""}
        if name == "document":
            changes["section"] = ""
        elif name != "section":     # another year, region, level or kind: the report may not be in it
            changes.update(document="", section="")
        return link(**changes)

    glossed = gloss_arg()
    gloss = {}
    if 1 <= glossed <= len(result.hits):
        snippet = result.hits[glossed - 1].snippet
        gloss = {glossed: gloss_words(html.unescape(highlight.MARK_TAG.sub("", snippet)))}

    return render_template(
        "search.html", q=q, result=result, facets=facets, document=document, section=section,
        counts=counts, filters=filters, more=more, facet_top=FACET_TOP, facet_labels=FACET_LABELS,
        search_url=search_url, facet_link=facet_link,
        page=page, pages_total=pages_total, window=window, link=link, titles=titles, gloss=gloss,
        corrections=corrections(q, result.interpretation), terms_by_id=terms_by_id, hit_terms=hit_terms,
        per_page=PER_PAGE, terms_page=terms_page, terms_per_page=TERMS_PER_PAGE, **ctx)


# ----------------------------------------------------------------------------- terms

@pages.get("/terms/<path:term_id>")
def term(term_id: str):
    reader = engine().reader()
    if term_id not in reader.terms_by_id:
        abort(404, description="There is no glossary term with that id.")
    details = lookup().term_details(term_id)
    term_obj = reader.terms_by_id[term_id]
    definition_use = next((u for u in details["uses"] if u["is_definition"]), None)
    uses = [u for u in details["uses"] if not u["is_definition"]]
    # Two reports may define the same term: they are listed as its concept, not as related terms.
    def name(t) -> str:
        return variants.normalize(termforms.unquoted(t.term if hasattr(t, "term") else t["term"]))[0]
    own = name(term_obj)
    seen = {own}
    for key in ("related", "mentions"):
        kept = []
        for item in details[key]:
            if name(item) not in seen:
                seen.add(name(item))
                kept.append(item)
        details[key] = kept
    from .vocab_views import term_timeline

    timeline_data, timeline_svg, timeline_legend = term_timeline(term_obj)
    return render_template("term.html", t=details, term=term_obj, timeline_data=timeline_data,
                           timeline_svg=timeline_svg, timeline_legend=timeline_legend, head=termforms.unquoted(term_obj.term), uses=uses[:300], more_uses=max(0, len(uses) - 300),
                           definition_use=definition_use, titles=document_titles(),
                           safe_link=safe_link, **page_context())


def safe_link(url: str) -> str:
    """Only http(s) URLs become links; anything else (javascript:, data:) is shown as text."""
    return url if re.match(r"^https?://[^\s<>\"']+$", url or "", re.I) else ""


# ----------------------------------------------------------------------------- documents

@pages.get("/documents")
def documents():
    # One page lists every report: ?page=1 is it, ?page=abc a 400 and ?page=2 a 404, as elsewhere.
    page_within(1)
    return render_template("documents.html", documents=engine().reader().documents, **page_context())


def reader_page_arg(starts: list[int]) -> int:
    """The reader page asked for: ?page=N, else the page holding paragraph ?at=<ordinal>, else 1."""
    page = page_within(len(starts))
    if page is not None:
        return page
    at = _whole_number_arg("at", MAX_AT, "a paragraph")
    if at is None:
        return 1
    return max(1, bisect.bisect_right(starts, at - 1))


MAX_AT = 999_999_999


# The table of contents lists at most this many sections (a file of headings alone could hold
# a million); past that each page shows its own headings.
MAX_TOC = 500


@pages.get("/documents/<path:document_id>")
def document(document_id: str):
    page_starts = lookup().document_pages(document_id)
    if page_starts is None:
        abort(404, description="There is no document with that id.")
    starts, first_lines = [s for s, _ in page_starts], [line for _, line in page_starts]
    page = reader_page_arg(starts)
    pages_total = len(starts)
    # One stored page (index_layout.PAGE_PARAGRAPHS paragraphs and PAGE_CHARS characters at most).
    data = lookup().document(document_id, starts[page - 1], PAGE_PARAGRAPHS)
    data = public_document(data)
    ctx = page_context()
    display: Display = ctx["display"]
    reader = engine().reader()
    q = request.args.get("q", "")[:256]
    words: list[str] = []
    runs: list = []
    if q.strip():
        from .query import parse

        try:
            parsed = parse(q, engine().vocabulary())
            words, runs = parsed.marked_words(), parsed.run_patterns()
        except QueryError:
            words = []
    lang = display.lang(data["title"] + "".join(p["text"] for p in data["paragraphs"][:5]))

    def page_of_line(line: int) -> int:
        return max(1, bisect.bisect_right(first_lines, line)) if line >= 0 else 1

    def page_link(number: int, anchor: str = "") -> str:
        if number == page and anchor:
            return "#" + anchor
        return document_url(document_id, anchor, q=q if words or runs else "", page=number if number > 1 else "")

    # Sections by line, so two sections with one title still get their own anchors; the title
    # line repeated as a first section is the h1 already.
    def shown(sections: list[dict]) -> list[dict]:
        return [s for s in sorted(sections, key=lambda s: s["line"])
                if not (s["title"] == data["title"] and s["line"] <= 1)]

    sections = shown(data["sections"])
    toc = None
    if data["section_total"] <= MAX_TOC:
        toc = [{**s, "url": page_link(page_of_line(s["line"]), f"s-{s['ordinal']}")}
               for s in shown(reader.document_sections(document_id))]
    paragraphs, blocks, matches, i = data["paragraphs"], [], 0, 0
    glossed = gloss_arg()

    def gloss_link(p: dict) -> str:
        """The paragraph's dictionary opened (or closed, if open) without JavaScript."""
        return document_url(document_id, paragraph_anchor(p["id"]), q=q if words or runs else "",
                            page=page if page > 1 else "", gloss=p["ordinal"] if p["ordinal"] != glossed else "")

    def add_paragraphs(before_line: float) -> None:
        nonlocal i, matches
        while i < len(paragraphs) and paragraphs[i]["line"] < before_line:
            p = paragraphs[i]
            marks = highlight.find_spans(p["text"], words, runs) if words or runs else []
            matches += len(marks)
            blocks.append({"kind": "paragraph", "p": p, "anchor": paragraph_anchor(p["id"]),
                           "html": display.paragraph(p, reader.terms_by_id, marks), "hit": bool(marks),
                           "gloss_url": gloss_link(p),
                           "gloss": gloss_words(_paragraph_without_damage(p)) if p["ordinal"] == glossed else None})
            i += 1

    add_paragraphs(sections[0]["line"] if sections else math.inf)
    for k, section in enumerate(sections):
        blocks.append({"kind": "heading", "title": section["title"], "anchor": f"s-{section['ordinal']}",
                       "english": section.get("english", "")})
        add_paragraphs(sections[k + 1]["line"] if k + 1 < len(sections) else math.inf)
    meta = reader.documents_by_id.get(document_id, {})
    window = list(range(max(1, page - 2), min(pages_total, page + 2) + 1))
    # A document with its official translation reads in two columns, the English beside each
    # paragraph it translates.
    bilingual = bool(meta.get("translation"))
    return render_template("document.html", doc=data, blocks=blocks, sections=sections, toc=toc, lang=lang,
                           bilingual=bilingual,
                           q=q if words or runs else "", matches=matches, damaged=meta.get("damaged", 0),
                           page=page, pages_total=pages_total, window=window, page_link=page_link,
                           glossary_url=page_link(pages_total, "glossary"), **ctx)


# ----------------------------------------------------------------------------- glossary

def glossary_key(term) -> tuple[str, str, str]:
    from .suggest import letters_key

    syllables = [letters_key(s) or s.lower() for s in (term.pinyin or term.term).split()]
    first = syllables[0][:1].upper() if syllables and syllables[0] else "#"
    group = first if "A" <= first <= "Z" else "#"
    return group, " ".join(syllables), term.pinyin


# The glossary page shows at most this many terms (imports may bring tens of thousands); more
# come in pages, the letter bar linking to the page where each letter starts.
GLOSSARY_PAGE = 1000
_sorted_terms: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def terms_in_pinyin_order(reader) -> list[tuple[str, object]]:
    """(letter group, term) of every term in pinyin order, sorted once per build."""
    found = _sorted_terms.get(reader)
    if found is None:
        keyed = sorted(((glossary_key(t), t) for t in reader.terms), key=lambda kt: kt[0])
        found = _sorted_terms[reader] = [(key[0], t) for key, t in keyed]
    return found


@pages.get("/glossary")
def glossary():
    ordered = terms_in_pinyin_order(engine().reader())
    pages_total = max(1, math.ceil(len(ordered) / GLOSSARY_PAGE))
    page = page_within(pages_total) or 1
    groups: dict[str, list] = {}
    for letter, t in ordered[(page - 1) * GLOSSARY_PAGE:page * GLOSSARY_PAGE]:
        groups.setdefault(letter, []).append(t)
    letter_urls: dict[str, str] = {}
    for index, (letter, _) in enumerate(ordered):
        if letter not in letter_urls:
            on = index // GLOSSARY_PAGE + 1
            anchor = "#g-" + ("num" if letter == "#" else letter)
            letter_urls[letter] = anchor if on == page else f"/glossary?page={on}{anchor}"
    letters = [chr(c) for c in range(ord("A"), ord("Z") + 1)] + ["#"]
    order = [g for g in letters if g in groups]

    def page_link(number: int) -> str:
        return "/glossary" + (f"?page={number}" if number > 1 else "")

    window = list(range(max(1, page - 2), min(pages_total, page + 2) + 1))
    return render_template("glossary.html", groups=[(g, groups[g]) for g in order], letters=letters,
                           present=set(letter_urls), letter_urls=letter_urls, total=len(ordered),
                           page=page, pages_total=pages_total, window=window, page_link=page_link,
                           titles=document_titles(), **page_context())


# ----------------------------------------------------------------------------- preferences

@pages.get("/prefs")
def prefs():
    display = display_prefs()
    response = redirect(safe_next(request.args.get("next")), code=303)
    response.set_cookie(COOKIE, f"{display.script}.{int(display.ruby)}", max_age=365 * 24 * 3600,
                        samesite="Lax", httponly=True, secure=request.is_secure)
    return response


# ----------------------------------------------------------------------------- widget

@pages.get("/favicon.ico")
def favicon():
    return send_file(current_app.config["WEB_ROOT"] / "static" / "favicon.svg", mimetype="image/svg+xml",
                     max_age=86400)


@pages.get("/widget.js")
def widget():
    path = current_app.config["WEB_ROOT"] / "widget" / "widget.js"
    return send_file(path, mimetype="text/javascript", max_age=3600, conditional=True, etag=True)


def widget_demo_html(origin: str) -> str:
    """The demo host page with the termsearch origin filled in (also used by other servers).

    With an empty origin the page loads the widget by a relative address, and the widget
    finds its endpoint from its own script's address; the sample code then shows a
    placeholder origin.
    """
    path = current_app.config["WEB_ROOT"] / "widget" / "demo.html"
    text = path.read_text(encoding="utf-8")
    origin = origin.rstrip("/")
    if not origin:
        text = text.replace('&lt;script src="http://127.0.0.1:8000/', '&lt;script src="https://your-termsearch/')
        text = text.replace('data-endpoint="http://127.0.0.1:8000"', 'data-endpoint="https://your-termsearch"', 1)
        text = text.replace(' data-endpoint="http://127.0.0.1:8000"', "")
    return text.replace("http://127.0.0.1:8000", origin)


@pages.get("/widget/demo.css")
def widget_demo_css():
    path = current_app.config["WEB_ROOT"] / "widget" / "demo.css"
    return send_file(path, mimetype="text/css", max_age=3600)


@pages.get("/widget/demo")
def widget_demo():
    # Never the Host header: whoever sends one would choose where the page loads its script
    # from (and the ETag does not vary with it). A configured public URL, else relative.
    origin = current_app.config.get("PUBLIC_URL") or ""
    return widget_demo_html(origin), 200, {"Content-Type": "text/html; charset=utf-8"}
