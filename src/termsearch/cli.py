"""The `termsearch` command: thin click commands over the library."""
from __future__ import annotations

import errno
import json
import os
import re
import shlex
import sys
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import click

from . import TermsearchError, memory

DEFAULT_INDEX = "index"
DEFAULT_SEEDS = "seeds"


def no_empty_path(ctx, param, value):
    """Paths as typed (str) → Path, an empty one refused: Path("") is the current folder, so
    `--index "$IX"` with $IX unset built an index into it, and `index ""` indexed every file there."""
    values = value if isinstance(value, tuple) else (value,)
    if any(v == "" for v in values):
        raise click.BadParameter("an empty path (a variable not set?); name a file or folder, . for this one")
    paths = tuple(Path(v) for v in values)
    return paths if isinstance(value, tuple) else paths[0]


def index_option(func):
    return click.option(
        "--index", "index_dir", type=click.Path(file_okay=False), callback=no_empty_path,
        # $TERMSEARCH_INDEX set to nothing counts as not set.
        default=lambda: os.environ.get("TERMSEARCH_INDEX") or DEFAULT_INDEX, show_default="index/ (or $TERMSEARCH_INDEX)",
        help="Index folder.",
    )(func)


def json_option(func):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a listing.")(func)


def fail(message: str) -> None:
    """One line on stderr and exit code 2: a line break from what was typed is shown as \\n,
    and a huge argument quoted back is cut in its middle (the end says what to do)."""
    line = safe(message).replace("\n", "\\n")
    if len(line) > MAX_ERROR_LINE:
        line = f"{line[:MAX_ERROR_LINE * 2 // 3]} … {line[-MAX_ERROR_LINE // 3:]}"
    click.echo(f"termsearch: {line}", err=True)
    sys.exit(2)


MAX_ERROR_LINE = 1000


# Control characters (ESC, BEL, ... and C1) from a file name or an imported term would reach the
# terminal raw: an ESC sequence can rewrite the screen or the window title. Shown as \x1b etc.
_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_CONTROLS_AND_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f]")


# A file name's bytes that are not UTF-8 come as lone surrogates (\udcb1 for the byte b1), which
# cannot be written to a terminal: printing one failed the command after its work was done.
_SURROGATES = re.compile("[\ud800-\udfff]")


def _escaped_surrogate(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xdc00:02x}" if 0xdc80 <= code <= 0xdcff else f"\\u{code:04x}"


def safe(text, one_line: bool = False) -> str:
    """`text` fit for a terminal: control characters escaped (line breaks kept unless it must
    stay `one_line`, as a file name in a report of one line per item), and the bytes of a file
    name that are not UTF-8 shown as \\xb1."""
    controls = _CONTROLS_AND_BREAKS if one_line else _CONTROLS
    return _SURROGATES.sub(_escaped_surrogate, controls.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text)))


def readable(text: str, what: str) -> str:
    """An argument as typed, or a failure saying so when its bytes are not UTF-8 (Python hands
    them over as lone surrogates, which every check after read as nothing: "missing query")."""
    if _SURROGATES.search(text):
        fail(f"the {what} could not be read as UTF-8 ({safe(text)} holds bytes that are not UTF-8); "
             "set the terminal or script to UTF-8")
    return text


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """`n` and its noun, singular for one: "1 document", "0 documents", "2 glossary entries"."""
    return f"{n:,} {noun if n == 1 else (plural or noun + 's')}"


def english_line(rendering: dict) -> str:
    """One rendering for the terminal: its text, confidence and source, and the part of the
    headword it is for; a literal gloss says it is one."""
    if rendering["confidence"] == "literal":
        return f"{safe(rendering['text'])} (literal gloss, not a translation; {safe(rendering['source'])})"
    part = f"; for “{safe(rendering['part'])}”" if rendering.get("part") else ""
    return f"{safe(rendering['text'])} ({rendering['confidence']}; {safe(rendering['source'])}{part})"


def emit_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


class ErrorsAsMessages(click.Group):
    """Library errors become their one-line message and exit code 2, never tracebacks."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except TermsearchError as exc:
            fail(exc.message)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:     # (click prints four lines: the usage, a hint, a blank, the error)
            fail(f"{exc.format_message().rstrip('.')} (see: {exc.ctx.command_path if exc.ctx else 'termsearch'} --help)")
        except KeyboardInterrupt:
            fail("interrupted")


@click.group(cls=ErrorsAsMessages)
@click.version_option(package_name="termsearch")
def main():
    """Search Chinese government reports and their glossaries, in either script, pinyin or English."""


@contextmanager
def previous_index_kept(index_dir: Path):
    """A build stopped by anything but its own errors (Ctrl-C, a bug, no memory left) ends in one
    line saying what the index folder serves now: a build swaps in only once complete."""
    from .index_layout import current_build

    try:
        before = current_build(index_dir)
    except TermsearchError:
        before = None
    try:
        yield
    except (TermsearchError, click.ClickException):
        raise
    except (Exception, KeyboardInterrupt) as exc:
        why = "interrupted" if isinstance(exc, KeyboardInterrupt) else f"the build failed ({type(exc).__name__}: {exc})"
        try:
            kept = current_build(index_dir) == before
        except TermsearchError:
            kept = False
        if before is not None and kept:
            fail(f"{why[:300]}; the index at {index_dir} is unchanged and still serves its previous build")
        if before is None:
            fail(f"{why[:300]}; no index was written to {index_dir}")
        fail(f"{why[:300]}; the index at {index_dir} serves the new build (it was complete)")


@main.command("index")
@click.argument("paths", nargs=-1, type=click.Path(), callback=no_empty_path)
@index_option
@click.option("--add", is_flag=True, help="Add to the existing index instead of rebuilding it.")
@json_option
def index_command(paths, index_dir, add, as_json):
    """Build the index from report files or folders (default: seeds/).

    \b
    Examples:
      termsearch index                      # seeds/ into index/
      termsearch index reports/ --index /tmp/ix
      termsearch index new-report.txt --add
    """
    from . import build

    with previous_index_kept(index_dir):
        result = build(list(paths) or [Path(DEFAULT_SEEDS)], index_dir, incremental=add)
    report = result.report
    if as_json:
        emit_json({"totals": report.totals(), "documents": report.documents, "errors": report.errors,
                   "skipped": report.skipped,
                   "seconds": round(result.seconds, 3), "characters": result.characters})
    else:
        click.echo(format_report(report, result.seconds, result.characters))


def describe_metadata(doc: dict) -> str:
    """region, level, kind, year as the ingest report shows them; "?" where nothing said it."""
    return ", ".join(f"{name} {doc.get(name) or '?'}" for name in ("region", "level", "kind", "year"))


def format_report(report, seconds: float, characters: int) -> str:
    lines = []
    for doc in report.documents:
        lines.append(f"{safe(doc['path'], one_line=True)}  [{doc['encoding']}]  id {safe(doc['document'])}: {counted(doc['sections'], 'section')}, "
                     f"{counted(doc['paragraphs'], 'paragraph')}, {counted(doc['glossary'], 'glossary entry', 'glossary entries')}, "
                     f"{counted(len(doc['damaged']), 'damaged span')}")
        lines.append(safe(f"    {doc.get('display_title') or doc['title']}  ({describe_metadata(doc)})"))
        for warning in doc.get("warnings", []):
            lines.append(f"    warning {safe(doc['path'], one_line=True)}: {safe(warning)}")
        for span in doc["damaged"]:
            fixed = f"  → repaired as {safe(span['repaired'])}" if span["repaired"] else ""
            lines.append(f"    damaged {safe(doc['path'], one_line=True)}:{span['line']}: {safe(span['text'])}{fixed}")
    for note in report.skipped:
        lines.append(f"skipped: {safe(note, one_line=True)}")
    for error in report.errors:
        lines.append(f"error: {safe(error, one_line=True)}")
    t = report.totals()
    skipped = f", {counted(t['skipped'], 'file')} skipped" if t.get("skipped") else ""
    lines.append(f"{counted(t['documents'], 'document')}, {counted(t['sections'], 'section')}, "
                 f"{counted(t['paragraphs'], 'paragraph')}, {counted(t['glossary'], 'glossary entry', 'glossary entries')}, "
                 f"{counted(t['damaged'], 'damaged span')}, {counted(t['errors'], 'error')}{skipped}; "
                 f"{characters:,} characters in {seconds:.1f} s")
    return "\n".join(lines)


@main.command("documents")
@index_option
@json_option
def documents_command(index_dir, as_json):
    """List the indexed documents: display title, id, region, level, kind and year.

    \b
    Examples:
      termsearch documents
      termsearch documents --json
    """
    from . import open_index

    documents = open_index(index_dir).documents
    if as_json:
        emit_json([{key: value for key, value in d.items() if key != "sections"} for d in documents])
        return
    for d in documents:
        click.echo(safe(f"{d.get('display_title') or d['title']}  [{d['id']}]"))
        click.echo(safe(f"    {describe_metadata(d)}; {counted(d['paragraphs'], 'paragraph')}, "
                        f"{counted(d['glossary'], 'glossary entry', 'glossary entries')}"))
    click.echo(counted(len(documents), "document"))


@main.command("check")
@index_option
@json_option
def check_command(index_dir, as_json):
    """Check every file of the index against what its build wrote: one cut short, lost or
    overwritten (at its own size too, which searches cannot tell) is named, with how to rebuild.
    Exit code 0 when the index is as built, 2 when it is not.

    \b
    Examples:
      termsearch check
      termsearch check --index reports-index --json
    """
    from .index_read import check_index

    checked = check_index(index_dir)
    if as_json:
        emit_json({**checked, "as_built": True})
        return
    click.echo(safe(f"the index at {index_dir} is as built: {checked['files']} files, "
                    f"{checked['bytes'] / 1e6:.1f} MB checked (build {checked['build']})"))


@main.command("terms")
@index_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv", "tbx", "martif"]), default="text",
              show_default=True,
              help="json, csv (UTF-8 with the mark Excel needs), tbx (TBX-Basic, ISO 30042:2019) and martif "
                   "(TBX 2008, for older readers such as translate-toolkit) carry every field and import back.")
@click.option("--undefined", is_flag=True,
              help="Instead: the quoted shorthand the reports use and no glossary defines, most widely used first.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=None, help="With --undefined: at most this many.")
def terms_command(index_dir, fmt, undefined, limit):
    """List the glossary, or export it; or list the shorthand nobody defined (--undefined).

    \b
    Examples:
      termsearch terms
      termsearch terms --format json
      termsearch terms --format tbx > glossary.tbx
      termsearch terms --format martif > glossary-tbx2008.tbx
      termsearch terms --format csv > glossary.csv
      termsearch terms --undefined --limit 20
      termsearch terms --undefined --format json
    """
    from . import open_index

    if limit is not None and not undefined:
        # Passed over, it would print every term of the glossary as if the limit had been kept.
        fail("--limit counts the shorthand of --undefined; the glossary is listed whole "
             "(termsearch terms --undefined --limit 20)")
    if undefined:
        from .vocab_cli import print_shorthand

        if fmt not in ("text", "json"):
            fail("--undefined lists shorthand as text or json (--format text or --format json)")
        print_shorthand(open_index(index_dir), as_json=fmt == "json", limit=limit)
        return
    reader = open_index(index_dir)
    terms = reader.terms
    if not terms and fmt not in ("tbx", "martif"):
        # Nothing found, as a query finding nothing: exit code 0. Said on stderr, so that what a
        # script reads stays the format asked for (json's [], csv's header line) or nothing.
        count = len(reader.documents)
        documents = "its one document has no glossary" if count == 1 else f"none of its {count} documents has a glossary"
        click.echo(f"termsearch: no glossary terms in the index at {safe(index_dir)}: {documents} "
                   "(bring one: termsearch import-terms FILE)", err=True)
    if fmt == "json":
        emit_json([t.to_dict() for t in terms])      # a plain list: the contract other tools read
        return
    if fmt != "text":
        from . import dump_terms

        click.echo(dump_terms(terms, fmt), nl=False)    # (tbx of no term: ExportError, exit code 2)
        return
    titles = {d["id"]: d.get("display_title") or d["title"] for d in reader.documents}
    for t in terms:
        aliases = f"  (also {safe(', '.join(t.aliases))})" if t.aliases else ""
        title = f"{titles[t.source.document]} [{t.source.document}]" if t.source.document in titles else t.source.document
        click.echo(f"{safe(t.term)}  {safe(t.pinyin)}{aliases}\n    {safe(t.definition)}\n"
                   f"    — {safe(title)}, line {t.source.line}")
        for rendering in t.english[:2]:
            click.echo(f"    EN: {english_line(asdict(rendering))}")


@main.command("export")
@index_option
@click.option("--format", "fmt", type=click.Choice(["tmx"]), default="tmx", show_default=True,
              help="tmx: TMX 1.4b, the translation memory CAT tools read.")
@click.option("--document", "document_id", default=None, help="Only this document (an id from `termsearch documents`).")
def export_command(index_dir, fmt, document_id):
    """Export the aligned Chinese–English pairs of the parallel documents (as GET /api/export does).

    \b
    Examples:
      termsearch export --format tmx > pairs.tmx
      termsearch export --document prc_constitution_2018 > constitution.tmx
    """
    from . import __version__, parallel
    from .index_read import open_index

    text = parallel.export_pairs(open_index(index_dir), document_id, fmt, tool_version=__version__)
    click.echo(text, nl=False)


@main.command("import-terms")
@click.argument("file", type=click.Path(path_type=Path))
@index_option
def import_terms_command(file, index_dir):
    """Bring your own termbase (TBX, CSV or JSON) into the index's glossary.

    Imported terms keep their origin (imported:<file name>); importing the same file again
    replaces them, and rebuilding the index keeps them.

    \b
    Examples:
      termsearch import-terms my-glossary.tbx
      termsearch terms --format csv > g.csv && termsearch import-terms g.csv --index other/
    """
    from . import import_terms, read_terms

    terms = read_terms(file)
    origin = terms[0].origin if terms else f"imported:{file.name}"
    with previous_index_kept(index_dir):
        result = import_terms(index_dir, terms, origin)
    click.echo(f"imported {len(terms)} terms from {safe(file)} ({safe(origin)}); index rebuilt in {result.seconds:.1f} s")


@main.command("query", context_settings={"ignore_unknown_options": True})
@click.argument("query")
@index_option
@click.option("--limit", type=click.IntRange(0, 100), default=10, show_default=True)
@click.option("--offset", type=click.IntRange(0, 10_000), default=0, show_default=True)
@json_option
def query_command(query, index_dir, limit, offset, as_json):
    """Search: characters (either script), pinyin, initials, or AND/OR/NOT and "phrases".

    A query that starts with '-' is a query, not an option (or put it after --).

    \b
    Examples:
      termsearch query 雙萬
      termsearch query -经济
      termsearch query "shuang wan"
      termsearch query sqsx --json
    """
    from . import Engine

    from .query import blank_query

    readable(query, "query")
    if blank_query(query):       # as the API's 400: an empty query is a slip, not a search for nothing
        fail('missing query: type what to search for (termsearch query 雙萬, "shuang wan", sqsx)')
    engine = Engine(index_dir)
    result = engine.search(query, limit=limit, offset=offset)
    if as_json:
        emit_json(result.to_dict())
        return
    click.echo(click.style(f"searched as: {safe(result.interpretation['description'])}", dim=True))
    for correction in result.interpretation.get("corrections", []):
        as_typed = (f"as typed: termsearch query {shlex.quote(correction['literal_query'])}"
                    if correction.get("literal_finds", True) else
                    f"the letters “{safe(correction['typed'])}” themselves appear in no paragraph")
        click.echo(f"did you mean “{safe(correction['searched'])}”? searched for it; {as_typed}")
    for leaf in result.interpretation.get("leaves", []):
        for other in leaf.get("alternatives", []) if leaf["kind"] == "english" else ():
            click.echo(f"read “{safe(leaf['typed'])}” as {safe(other['reading'])} ({safe('、'.join(other['words'][:3]))}): "
                       f"termsearch query {shlex.quote(other['query'])}")
    from .query import unmatched_line

    for unmatched in result.interpretation.get("unmatched", []):
        click.echo(safe(unmatched_line(unmatched)) +
                   (f"; alone: termsearch query {shlex.quote(unmatched['query'])}" if unmatched["query"] else ""))
    documents = engine.reader().documents_by_id if result.terms else {}
    for term in result.terms:
        click.echo(click.style(f"■ {safe(term['term'])}", bold=True) + f"  {safe(term['simplified'])}  {safe(term['pinyin'])}")
        click.echo(f"  {safe(term['definition'])}")
        for rendering in term.get("english", [])[:1]:
            click.echo(f"  EN: {english_line(rendering)}")
        # Several reports define one headword: each card says whose definition it is.
        source = term["source"]
        title = documents.get(source["document"], {}).get("display_title") or source["document"]
        click.echo(f"  defined by {safe(title)}, line {source['line']}")
    if result.terms_total > len(result.terms):
        click.echo(f"… and {result.terms_total - len(result.terms)} more glossary terms match (all: termsearch terms)")
    past = f"; --offset {offset} is past the last of them" if offset and not result.hits and result.total else ""
    click.echo(f"{result.total} paragraphs" + (f", showing {offset + 1}–{offset + len(result.hits)}" if result.hits else past))
    for hit in result.hits:
        where = f"{safe(hit.document)}:{hit.line}" + (f"  {safe(hit.document_title)}" if hit.document_title else "")
        click.echo(click.style(where, fg="cyan") + (f"  {safe(hit.section)}" if hit.section else ""))
        click.echo("  " + terminal_marks(hit.snippet))
        if hit.english:
            click.echo("  EN: " + terminal_marks(hit.english_snippet))


def terminal_marks(snippet: str) -> str:
    import html

    color = sys.stdout.isatty()
    opening, closing = ("\x1b[7m", "\x1b[0m") if color else ("[", "]")
    pieces = re.split(r"(</?mark>)", snippet)
    marks = {"<mark>": opening, "</mark>": closing}
    return "".join(marks.get(p) or safe(html.unescape(p)) for p in pieces)


def part_marked(headword: str, typed: str) -> str:
    """The headword with what was typed marked in it ([三步]走), in either script, where it
    stands in it as typed; else the headword as it is."""
    from . import highlight

    spans = highlight.find_spans(headword, [typed.strip()])
    for start, end in reversed(spans):
        headword = f"{headword[:start]}[{headword[start:end]}]{headword[end:]}"
    return headword


SHOWN_USES = 200      # a term used in every paragraph would scroll a terminal for minutes


@main.command("show")
@click.argument("term")
@index_option
@json_option
def show_command(term, index_dir, as_json):
    """One term with its uses, the same words elsewhere, its other definitions, related terms.

    \b
    Examples:
      termsearch show 雙萬
      termsearch show sanqusanxian --json
    """
    from . import Engine, Lookup
    from .query import blank_query

    readable(term, "term")
    if blank_query(term) or not re.search(r"\w", term):
        # As `query`: an empty argument, or quote marks alone, is a slip, not a term named ''
        # (a lone " was answered with a hint to run `termsearch query '"'`, itself refused).
        fail("missing term: type the term to show (termsearch show 雙萬, sanqusanxian)")
    engine = Engine(index_dir)
    lookup = Lookup(engine)
    found, how, matching = lookup.term_asked(term)
    details = lookup.term_details(found.id) if found is not None else None
    if details is None:
        if not engine.reader().terms:
            fail(f"no glossary term matches {term!r}: the index has no glossary terms (search the text: "
                 f"termsearch query {shlex.quote(term)})")
        fail(f"no glossary term matches {term!r} (list them with: termsearch terms)")
    if as_json:
        # What was typed and how the term shown matches it, as the text output's first line says.
        emit_json({**details, "asked": {"text": term, "found": how, "terms_matching": matching}})
        return
    if how != "itself":
        # 三步 showed “三步走”战略目标 as if it were the term asked for.
        said = {"holds": f"a term that holds it: {part_marked(details['term'], term)}",
                "inside": f"a term within it: {details['term']}",
                "definition": f"a term whose definition holds it: {details['term']}"}[how]
        others = f"; {matching - 1} other term{'' if matching == 2 else 's'} match too (termsearch query " \
                 f"{shlex.quote(term)})" if matching > 1 else ""
        click.echo(safe(f"no glossary term is {term!r} itself; showing {said}{others}"))
        click.echo()
    click.echo(click.style(safe(details["term"]), bold=True)
               + f"  {safe(details['traditional'])} / {safe(details['simplified'])}  {safe(details['pinyin'])}")
    if details["aliases"]:
        click.echo(f"also: {safe(', '.join(details['aliases']))}")
    for rendering in details["english"]:
        click.echo(f"EN: {english_line(rendering)}")
    click.echo(safe(details["definition"]))
    source = details["source"]["document"]
    title = engine.reader().documents_by_id.get(source, {}).get("display_title")
    click.echo(f"source: {safe(f'{title} [{source}]' if title else source)}, line {details['source']['line']}")
    # The glossary line itself is no use of the term: counted apart, as the term page does.
    uses = [use for use in details["uses"] if not use["is_definition"]]
    defined_at = next((use for use in details["uses"] if use["is_definition"]), None)
    besides = f" (besides its definition, line {defined_at['line']})" if defined_at else ""
    paragraphs = len({use["paragraph"] for use in uses})
    within = f" in {paragraphs} paragraphs" if paragraphs != len(uses) else ""
    click.echo(f"\n{len(uses)} use{'' if len(uses) == 1 else 's'}{within}{besides}:")
    for use in uses[:SHOWN_USES]:
        click.echo(safe(f"  {use['document']}:{use['line']}  …{use['before']}[{use['match']}]{use['after']}…"))
    if len(uses) > SHOWN_USES:
        click.echo(f"  … and {len(uses) - SHOWN_USES} more (all of them: --json)")
    echo_elsewhere(details["elsewhere"])
    echo_concept(details["concept"])
    if details["mentions"]:
        click.echo("its definition mentions: " + safe(", ".join(m["term"] for m in details["mentions"])))
    if details["related"]:
        click.echo("often appears with: " + safe(", ".join(f"{r['term']} ({r['count']})" for r in details["related"])))


@main.command("timeline")
@click.argument("queries", nargs=-1, required=True)
@index_option
@json_option
def timeline_command(queries, index_dir, as_json):
    """Documents and paragraphs per year for one or several terms (per million characters).

    \b
    Examples:
      termsearch timeline 双碳
      termsearch timeline 六稳 六保 --json
    """
    from .vocab_cli import print_timeline

    print_timeline(index_dir, [readable(q, "query") for q in queries], as_json=as_json)


@main.command("new")
@click.option("--year", type=click.IntRange(1900, 2200), help="The year (default: the latest with documents).")
@index_option
@json_option
def new_command(year, index_dir, as_json):
    """The shorthand first used in a year's reports: what is new that year.

    \b
    Examples:
      termsearch new --year 2024
      termsearch new --json
    """
    from .vocab_cli import print_new

    print_new(index_dir, year, as_json=as_json)


def echo_elsewhere(elsewhere: list[dict]) -> None:
    """The same characters in documents the definition does not cover: not uses of the term."""
    if not elsewhere:
        return
    total = sum(e["count"] for e in elsewhere)
    # In paragraphs too, which is what a search of the words counts.
    paragraphs = sum(e.get("paragraphs", e["count"]) for e in elsewhere)
    click.echo(f"\nthe same words elsewhere (not uses of this definition): {total} in {paragraphs} "
               f"paragraph{'' if paragraphs == 1 else 's'} of {len(elsewhere)} document{'' if len(elsewhere) == 1 else 's'}")
    for entry in elsewhere:
        click.echo(safe(f"  {entry['document']}: {entry['count']}")
                   + (f" in {entry['paragraphs']} paragraphs" if entry.get("paragraphs", entry["count"]) != entry["count"] else ""))
        for use in entry["uses"]:
            click.echo(safe(f"    line {use['line']}  …{use['before']}[{use['match']}]{use['after']}…"))


def echo_concept(concept: dict) -> None:
    """The headword's definitions by other documents, said to agree with this one or not."""
    others = concept["definitions"][1:]
    if not others:
        return
    verdict = ("all say the same thing" if concept["agree"]
               else f"{concept['senses']} different meanings")
    click.echo(f"\ndefined by {len(concept['definitions'])} sources ({verdict}):")
    for d in concept["definitions"]:
        # Display titles say region and year; the id is what other commands take.
        where = ", ".join(str(x) for x in (d["title"], d["document"], d["region"], d["year"])
                          if x and (x in (d["title"], d["document"]) or str(x) not in d["title"]))
        if d is concept["definitions"][0]:
            mark = "this definition"
        else:
            mark = "same meaning" if d["same_meaning"] else "different meaning"
        click.echo(safe(f"  [{d['sense']}] {where} ({mark}; similarity {d['similarity']:.2f}): {d['definition']}"))


@main.command("serve")
@index_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True)
@click.option("--seeds", type=click.Path(path_type=Path), default=DEFAULT_SEEDS, show_default=True,
              help="Reports to build the index from when there is none yet.")
@click.option("--public-url", default="", help="The address users reach termsearch at, for the widget demo page "
              "(default: $TERMSEARCH_PUBLIC_URL, else relative addresses).")
@click.option("--debug", is_flag=True, help="Flask's development server with reloading.")
def serve_command(index_dir, host, port, threads, seeds, public_url, debug):
    """Serve the web pages and the JSON API (builds the index from seeds/ if there is none).

    \b
    Examples:
      termsearch serve
      termsearch serve --port 8080 --index /srv/termsearch-index
    """
    # The port first: on a port in use, say so before building an index or warming one up.
    app_to_come = _AppToCome()
    try:
        server = _check_port(host, port) if debug else _bind(app_to_come, host, port, threads)
    except OSError as exc:
        # Another server on the port, a port below 1024 for a user, an address not this machine's.
        fail(f"cannot serve on {host}:{port}: {exc.strerror or exc}"
             + (" (another program is using the port; pass --port)" if exc.errno == errno.EADDRINUSE else ""))
    except ValueError:          # (waitress's word for a host name that resolves to nothing)
        fail(f"cannot serve on {host}:{port}: no such host (pass --host with a name or address of this machine)")
    try:
        app = _app_over(index_dir, seeds, public_url)
    except BaseException:
        if server is not None:
            _shut(server)
        raise
    click.echo(f"termsearch serving {index_dir} on http://{host}:{port}/", err=True)
    if debug:
        app.run(host=host, port=port, debug=True)
    else:
        app_to_come.app = app
        server.run()


class _AppToCome:
    """The WSGI app of a server bound before its index is ready: the app, once made (no
    request is read before the server runs)."""

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


def _app_over(index_dir: Path, seeds: Path, public_url: str):
    """The web app over `index_dir`, built from `seeds` when there is no index (or an old one)."""
    from . import build
    from .app import create_app
    from .index_layout import INDEX_FORMAT, build_format, current_build

    live = current_build(index_dir)
    try:
        outdated = live is not None and build_format(live) < INDEX_FORMAT
    except TermsearchError:     # damaged, not old: the app serves an earlier build or says so
        outdated = False
    if live is None or outdated:
        state = "no index" if live is None else "an index from an older termsearch"
        click.echo(f"{state} at {index_dir}; building it from {seeds} …", err=True)
        result = build([seeds], index_dir)
        click.echo(format_report(result.report, result.seconds, result.characters), err=True)
    try:
        return create_app(index_dir, public_url=public_url or None, warm=True)
    except ValueError as exc:
        fail(str(exc))


def _bind(app, host: str, port: int, threads: int):
    """A waitress server listening on host:port (not yet answering): OSError when it cannot,
    leaving no thread or socket behind."""
    import logging

    import waitress.server
    from waitress import wasyncore
    from waitress.task import ThreadedTaskDispatcher

    logging.basicConfig()       # (as waitress.serve does: its warnings are shown)
    _allow_open_files(SERVER_SETTINGS["connection_limit"] + 64)
    memory.share_arenas(MALLOC_ARENAS)      # before its threads start: a thread takes an arena at once
    # Its threads start once the port is bound: create_server starts them first, and a port in
    # use left them idle in the process, with the waker pipe (and, for a name of two addresses,
    # the socket bound before). Its `_dispatcher` argument (waitress 1-3) takes one not started.
    dispatcher, sockets = ThreadedTaskDispatcher(), {}
    try:
        server = waitress.server.create_server(app, map=sockets, _dispatcher=dispatcher, host=host, port=port,
                                               threads=threads, ident="termsearch", **SERVER_SETTINGS)
    except BaseException:
        wasyncore.close_all(sockets)
        raise
    dispatcher.set_thread_count(threads)
    from .raw_uri import accept_raw_uris

    accept_raw_uris(server, sockets)        # GET /?q=双万 sent unencoded: searched, not "Bad URI"
    return server


def _shut(server) -> None:
    """A bound server's threads stopped and its sockets closed (it never ran)."""
    server.task_dispatcher.shutdown(timeout=1)
    server.close()
    trigger = getattr(server, "trigger", None)      # (a server of one address: its waker pipe)
    if trigger is not None:
        trigger.close()


def _check_port(host: str, port: int) -> None:
    """OSError when host:port cannot be bound (Flask's development server binds it later;
    its reloader's child inherits the socket its parent bound, so it checks nothing)."""
    import socket

    if os.environ.get("WERKZEUG_RUN_MAIN"):
        return None
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(address)
    return None


# A whole-corpus server's 8 threads held 389 MB after the warm-up of bench/serving_memory.py
# each with its own malloc arena, 324 MB sharing two arenas, 295 MB sharing one. Python's lock
# means the threads seldom allocate at the same moment, so one arena costs no waiting.
MALLOC_ARENAS = 1


# Idle or slow sockets must not starve real requests. waitress's defaults (100 connections, an
# idle connection kept 120 s, select() and its 1,024-descriptor ceiling) let 100 silent sockets
# lock everyone out: allow many connections (an idle one costs a descriptor, not a thread),
# close idle ones after 30 s (checked every 5 s), poll() instead of select(), and refuse
# request bodies (the API takes none) and headers beyond what a browser sends.
SERVER_SETTINGS = {
    "connection_limit": 2000,
    "channel_timeout": 30,
    "cleanup_interval": 5,
    "asyncore_use_poll": True,
    "max_request_body_size": 64 * 1024,
    "max_request_header_size": 64 * 1024,
}


def _allow_open_files(wanted: int) -> None:
    """Raise the soft limit on open files towards `wanted` (as far as the hard limit allows)."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft != resource.RLIM_INFINITY and soft < wanted:
            target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    except (ImportError, ValueError, OSError):
        pass


if __name__ == "__main__":
    main()
