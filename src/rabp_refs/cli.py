"""The ``rabp-refs`` command line: the only module that prints or exits.

Exit codes: 0 success; 1 findings at or above the chosen severity (``check``), a record the
processor failed on (``render``, RB904) or a failed input (``batch``); 2 usage error or
unreadable input (unknown style, key, locale or file; a malformed file); 3 internal error (a bug:
please report it).
"""
from __future__ import annotations

import dataclasses
import difflib
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click
from click.shell_completion import CompletionItem

from . import jsontext, rules, sources
from .diagnostics import Diagnostic, Severity, printable
from .errors import InputError, RabpError, UnknownKeyError
from .fileio import (atomic_write, read_bytes, read_stream, refuse_outside,
                     refuse_overwriting_inputs, write_output)
from .keys import ItemKeys
from .output import FILE_EXTENSIONS, FORMATS, bibliography_document
from .styles import list_styles

# The engine (citeproc-py, lxml and our CSL elements: a third of the start-up time) is
# imported by the commands that render, so `check` and `convert` start without it.
if TYPE_CHECKING:
    from .engine import CiteItem

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

EPILOG = ("Exit codes: 0 success, 1 findings (check) or error-level findings printed "
          "(render: a record the processor failed on), 2 usage error or unreadable input, "
          "3 internal error.")


def _err(line: str) -> None:
    """Every line for stderr (errors, warnings, diagnostics, summaries): shown printable, so
    that a key, a value or a file name cannot end the line, colour it, set the terminal's
    title or pass for another diagnostic (diagnostics.printable)."""
    click.echo(printable(line), err=True)


class _Text(click.ParamType):
    """Text written into the output (a title, a locator): refused when the command line's
    bytes are not UTF-8 (Python keeps them as lone surrogates, which no output can hold)."""

    name = "text"

    def convert(self, value, param, ctx):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            self.fail(f"'{printable(value)}' is not UTF-8 (byte "
                      f"0x{ord(value[exc.start]) & 0xFF:02x}); the output could not hold it",
                      param, ctx)
        return value


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _json(value, indent: int = 1) -> str:
    """JSON for stdout or a file: characters as they are, but a lone surrogate (a file name's
    bytes that are not UTF-8, as Python keeps them) as its JSON escape, which UTF-8 can
    carry and which reads back as the same string."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _complete_style(ctx, param, incomplete: str) -> list:
    """Shell completion: style ids and short names starting with what was typed."""
    from .styles import ALIASES, list_styles

    typed = incomplete.lower()
    names = dict.fromkeys([*sorted(ALIASES), *(s.id for s in list_styles())])
    return [CompletionItem(n) for n in names if n.startswith(typed)]


def _complete_key(ctx, param, incomplete: str) -> list:
    """Shell completion: the cite keys of the bibliographies given so far (or the default
    one). Completion never fails: an unreadable file completes nothing."""
    try:
        paths = list(ctx.params.get("files") or ()) or [str(sources.default_input())]
        keys = [str(item["id"]) for path in paths if path != sources.STDIN
                for item in sources.load(path).items]
    except Exception:  # noqa: BLE001 (a half-typed command line must not print a traceback)
        return []
    return [CompletionItem(k) for k in keys if k.startswith(incomplete)]


def _style_option(default: str = "apa"):
    return click.option(
        "-s", "--style", "--csl", "style", default=default, show_default=True,
        shell_complete=_complete_style,
        help="CSL style, any case: ours (medical-news-today-mla, medical-news-today-apa), apa "
             "(7th), apa6, mla (9th), chicago (author-date), chicago-notes-bibliography, "
             "turabian, ama, vancouver, harvard, ieee, nature, oscola, any official style id "
             "(`rabp-refs styles`), or a .csl path.")


JOBS_PER_CORE = 4


def _capped_jobs(ctx, param, value: int | None) -> int | None:
    """-j N: at most JOBS_PER_CORE processes for each core (a bigger N only adds processes
    that wait, each with its own memory); a bigger N is lowered, with a warning."""
    from .forking import cores
    cap = JOBS_PER_CORE * cores()
    if value is not None and value > cap:
        _err(f"rabp-refs: warning: -j {value} lowered to {cap} ({JOBS_PER_CORE} for each of "
             f"the {cores()} core(s))")
        return cap
    return value


_locale_option = click.option("--locale", default=None,
                              help="Locale, e.g. en-US or de-DE (default: the style's).")
_format_option = click.option("-f", "--format", "output_format", default="text",
                              show_default=True, type=click.Choice(list(FORMATS)),
                              help="Output format: plain text, HTML, Markdown, RTF (Word, "
                                   "LibreOffice) or LaTeX.")
_links_option = click.option("--links/--no-links", default=True, show_default=True,
                             help="URLs and DOIs as links (HTML, Markdown, LaTeX).")
_json_option = click.option("--json", "as_json", is_flag=True,
                            help="Print JSON for scripts instead of text.")
_force_option = click.option("--force", is_flag=True,
                             help="Replace a read-only file (keeping its mode) or another "
                                  "user's file (it becomes yours).")
# -o/--output wherever a command writes a file (--out kept as the older spelling)
_output_option = click.option("-o", "--output", "--out", "output", metavar="OUT",
                              help="Write to OUT instead of stdout: atomically, through a "
                                   "symlink; a named pipe or a device (/dev/stdout) is written "
                                   "as a stream. Never one of the inputs.")
_bibliography_option = click.option(
    "-b", "--bibliography", "bibliographies", multiple=True, metavar="FILE",
    help="A bibliography to read (repeatable), as pandoc's --bibliography; the same as "
         "giving FILE.")


class _Group(click.Group):
    """Turns our errors into one line and exit code 2, and bugs into exit code 3; click's own
    usage errors get the same "rabp-refs: error:" prefix as ours."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True,
             **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as exc:
            if exc.ctx is not None:
                click.echo(exc.ctx.get_usage(), err=True)
                _err(f"Try '{exc.ctx.command_path} -h' for help.")
            _err(f"rabp-refs: error: {exc.format_message()}")
            sys.exit(exc.exit_code)
        except click.ClickException as exc:  # a file click could not open, ...
            _err(f"rabp-refs: error: {exc.format_message()}")
            sys.exit(exc.exit_code)
        except click.Abort:
            _err("rabp-refs: interrupted")
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else EXIT_OK)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except RabpError as exc:
            _err(f"rabp-refs: error: {exc}")
            ctx.exit(EXIT_USAGE)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:
            # the reader went away (`rabp-refs styles | head`): stop quietly, and keep Python
            # from complaining about the flush at exit
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(EXIT_OK)
        except KeyboardInterrupt:
            _err("rabp-refs: interrupted")
            ctx.exit(130)
        except Exception as exc:  # a bug: say so in one line, never a traceback
            _err(f"rabp-refs: internal error (please report it): "
                 f"{type(exc).__name__}: {exc}")
            ctx.exit(EXIT_INTERNAL)


@click.group(cls=_Group, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="rabp-refs")
def main():
    """Validate BibTeX bibliographies and render them through CSL styles."""


def _load_inputs(files: tuple[str, ...], jobs: int | None = None) -> sources.Loaded:
    paths = list(files) or [str(sources.default_input())]
    loaded = sources.Loaded()
    stdin_data = read_stream(sys.stdin.buffer) if sources.STDIN in paths else None
    strings: dict = {}  # @string macros shared by the files, as BibTeX reads them
    for path in paths:
        loaded.extend(sources.load(path, stdin_data=stdin_data, jobs=jobs, strings=strings))
    return loaded


def _report(diagnostics: list[Diagnostic], minimum: Severity = Severity.WARNING) -> None:
    for d in diagnostics:
        if d.severity >= minimum:
            _err(d.format())


def _refuse_on_errors(loaded: sources.Loaded, strict: bool = False) -> None:
    """Nothing is published from an input that sources.Loaded.refusal refuses (--strict, or
    no entry read): its findings are listed, then the refusal (exit 2)."""
    refusal = loaded.refusal(strict)
    if refusal:
        _report(loaded.diagnostics)
        raise InputError(refusal.replace("the input;", "the input (listed above);"))


def _exit_on_findings(diagnostics: list[Diagnostic]) -> None:
    """Exit 1 when an error-level finding was reported (the output was written all the same)."""
    if any(d.severity >= Severity.ERROR for d in diagnostics):
        sys.exit(EXIT_FINDINGS)


_strict_option = click.option(
    "--strict", is_flag=True,
    help="Refuse an input with any error-level finding (exit 2) instead of rendering what can "
         "be read and exiting 1.")


def _read_cites(path: str) -> tuple[list[list[CiteItem]], list[Diagnostic], str]:
    """The clusters of a CITES.json file, the NULs removed from them, and the file's text
    (for _located_in_cites)."""
    from .engine import CiteItem
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None
    data, removed = jsontext.loads(text, path)
    if not isinstance(data, list):
        raise InputError(f"{path}: citations must be a list of clusters")
    clusters = []
    for number, cluster in enumerate(data, start=1):
        try:
            clusters.append([CiteItem.from_json(c)
                             for c in (cluster if isinstance(cluster, list) else [cluster])])
        except TypeError as exc:
            raise InputError(f"{path}: cluster {number}: {exc}") from None
    return clusters, removed, text


def _located_in_cites(diagnostics: list[Diagnostic], path: str, text: str) -> list[Diagnostic]:
    """Unknown cites pointed at the line of the cites file (``text``, as read) that names
    them."""
    lines = text.splitlines()

    def line_of(key: str) -> int | None:
        quoted = json.dumps(key, ensure_ascii=False)
        return next((n for n, line in enumerate(lines, 1) if quoted in line), None)

    return [dataclasses.replace(d, file=path, line=line_of(d.key or ""))
            if d.code == rules.UNKNOWN_CITE.code and d.file is None else d
            for d in diagnostics]


def _refuse_inputs_as_output(output: str | None, inputs,
                             advice: str = "write to another file") -> None:
    """`render X.bib -o X.bib` (or through a link) would destroy its input: a usage error."""
    if output:
        refuse_overwriting_inputs(output, [p for p in inputs if p and p != sources.STDIN],
                                  advice)


def _emit(text: str | bytes, output: str | None, force: bool = False) -> None:
    """A command's output to OUT (fileio.write_output) or stdout; bytes (a BibTeX file copied
    as it is, a DOCX) as they are."""
    if output:
        write_output(output, text, force=force)
    elif isinstance(text, bytes):
        sys.stdout.buffer.write(text)
        sys.stdout.buffer.flush()
    else:
        click.echo(text, nl=False)


@main.command(epilog=EPILOG)
@click.argument("files", nargs=-1)
@_style_option()
@_format_option
@_locale_option
@_json_option
@click.option("--cites", "cites_path", metavar="CITES.json",
              help="Citation clusters as in the oracle: a list of clusters, each a list of ids "
                   "or {id, locator, label, prefix, suffix} (default: one cluster per item).")
@_output_option
@_bibliography_option
@_force_option
@click.option("--check", "run_check", is_flag=True,
              help="Also run `rabp-refs check` (with this style) and show its findings as "
                   "warnings.")
@_links_option
@click.option("--standalone", is_flag=True,
              help="A complete document (an HTML page, a LaTeX document) instead of a fragment "
                   "to paste.")
@click.option("--title", default="References", show_default=True, type=_Text(),
              help="The title of a standalone document.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, callback=_capped_jobs,
              help="Processes for a big bibliography (default: every core, from a few hundred "
                   "entries; 1: this process alone; at most 4 for each core). The output is "
                   "the same.")
@_strict_option
def render(files, style, output_format, locale, as_json, cites_path, output, force,
           bibliographies, run_check, links, standalone, title, jobs, strict):
    """Render the reference list of FILES (BibTeX, CSL-JSON, CSL-YAML or RIS; "-" reads
    stdin).

    With no FILE, renders references.bib in the current folder, or the article's bibliography
    shipped with the package.
    """
    from .engine import Engine
    files = (*files, *bibliographies)
    if standalone and output_format not in ("html", "latex"):
        raise click.UsageError("--standalone applies to --format html and latex (RTF is "
                               "always a complete document)")
    loaded = _load_inputs(files, jobs)
    engine = Engine(style, locale=locale, output_format=output_format, links=links)
    _refuse_inputs_as_output(output, [*(files or [sources.default_input()]), cites_path,
                                      engine.path])
    clusters, removed, cites_text = _read_cites(cites_path) if cites_path else (None, [], "")
    if as_json and loaded.errors and (strict or not loaded.items):
        _report(loaded.diagnostics)
        click.echo(_json({"bibliography": [], "bibliography_ids": [], "citations": [],
                          "errors": [d.format() for d in loaded.errors]}))
        sys.exit(EXIT_USAGE)
    _refuse_on_errors(loaded, strict)
    result = engine.render(loaded.items, clusters, jobs=jobs)
    result.diagnostics[:0] = loaded.diagnostics + removed
    failed = any(d.severity >= Severity.ERROR for d in result.diagnostics)
    if run_check:
        result.diagnostics.extend(_check_findings(files, style, loaded, engine))
    if cites_path:
        result.diagnostics[:] = _located_in_cites(result.diagnostics, cites_path, cites_text)
    unknown = [d for d in result.diagnostics if d.code == rules.UNKNOWN_CITE.code]
    if as_json:
        _report(result.diagnostics)
        _emit(_json(result.to_json()) + "\n", output, force)
    else:
        _report(result.diagnostics)
        if not engine.has_bibliography:
            raise RabpError(f"style '{style}' has no bibliography; use `rabp-refs cite`")
        labels = None
        if output_format == "latex":
            from .engine import natbib
            labels = natbib.labels(engine, loaded.items, jobs)
        _emit(bibliography_document(result.bibliography, output_format,
                                    engine.bibliography_layout, ids=result.bibliography_ids,
                                    standalone=standalone, title=title,
                                    lang=engine.language, labels=labels), output, force)
    if unknown:
        sys.exit(EXIT_USAGE)
    if failed:  # printed above: a bad entry rendered by its rule, a record the processor
        sys.exit(EXIT_FINDINGS)  # failed on (RB904); --check's findings do not count


def _check_findings(files, style, loaded, engine) -> list[Diagnostic]:
    """The validator's findings on the BibTeX inputs, as warnings (reading diagnostics that
    `loaded` already has are not repeated); the style's asked of the render's engine."""
    paths = [p for p in (list(files) or [str(sources.default_input())])
             if p != sources.STDIN and sources.sniff_format("", p) == "bibtex"]
    from . import validate  # (only `check` and --check: the other commands start without it)

    seen = {d.format() for d in loaded.diagnostics}
    found = validate.check([validate.read(p) for p in paths], style=style, engine=engine)
    return [Diagnostic(d.code, max(d.severity, Severity.WARNING), d.message, d.file, d.line,
                       d.key, d.field, d.hint) for d in found if d.format() not in seen]


@main.command(epilog=EPILOG)
@click.argument("keys", nargs=-1, required=True, shell_complete=_complete_key)
@click.option("-b", "--bibliography", "files", multiple=True, metavar="FILE",
              help="Bibliography to cite from (repeatable; default as for render).")
@_style_option()
@_format_option
@_locale_option
@click.option("-l", "--locator", "locators", multiple=True, metavar="LOCATOR", type=_Text(),
              help='A locator such as "p. 1637" or "ch. 2"; give one per KEY, in order.')
@click.option("-n", "--narrative", is_flag=True,
              help='A narrative citation, "Neva et al. (2011)", instead of a parenthetical one.')
@_json_option
@_links_option
@_output_option
@_force_option
@_strict_option
def cite(keys, files, style, output_format, locale, locators, narrative, as_json, links, output,
         force, strict):
    """The in-text citation of KEYS and their reference entries, ready to paste."""
    from .engine import (AUTHOR_ONLY, SUPPRESS_AUTHOR, CiteItem, Engine, parse_locator,
                         unknown_locator_label)
    if len(locators) > len(keys):
        raise click.UsageError(f"{len(locators)} locators for {len(keys)} key(s): give at most "
                               "one locator per key")
    loaded = _load_inputs(files)
    _refuse_on_errors(loaded, strict)
    known = ItemKeys(str(item["id"]) for item in loaded.items)
    resolved = [known.require(k) for k in keys]
    engine = Engine(style, locale=locale, output_format=output_format, links=links)
    _refuse_inputs_as_output(output, [*(files or [sources.default_input()]), engine.path])

    def cite_item(i: int, key: str, mode: str | None = None) -> CiteItem:
        label = locator = None
        if i < len(locators) and locators[i].strip():
            label, locator = parse_locator(locators[i])
        return CiteItem(key, locator=locator, label=label, mode=mode)

    for locator in locators:
        word = unknown_locator_label(locator)
        if word:
            _err(f"rabp-refs: warning: '{word}' in --locator '{locator}' is not a locator "
                 "label (p., ch., sec., para., fig., vol., l., n., col., ...); the whole "
                 "locator is read as a page")

    if narrative:
        clusters = []
        for i, key in enumerate(resolved):
            clusters.append([cite_item(i, key, AUTHOR_ONLY)])
            clusters.append([cite_item(i, key, SUPPRESS_AUTHOR)])
    else:
        clusters = [[cite_item(i, key) for i, key in enumerate(resolved)]]
    cited = [item for item in loaded.items if str(item["id"]) in set(resolved)]
    result = engine.render(cited, clusters)
    result.diagnostics[:0] = loaded.diagnostics
    if narrative:
        pairs = zip(result.citations[0::2], result.citations[1::2])
        citation = "; ".join(" ".join(p for p in pair if p) for pair in pairs)
    else:
        citation = result.citations[0]
    _report(result.diagnostics)
    if as_json:  # render --json's keys, and "citation" for the one citation
        _emit(_json({"citation": citation, "citations": [citation],
                     "bibliography": result.bibliography,
                     "bibliography_ids": result.bibliography_ids,
                     "errors": result.to_json()["errors"]}) + "\n", output, force)
    elif output_format == "rtf":  # one document: the citation, then the entries
        _emit(bibliography_document([citation, *result.bibliography], "rtf",
                                    engine.bibliography_layout), output, force)
    else:
        text = citation + "\n"
        if result.bibliography:
            text += "\n" + bibliography_document(result.bibliography, output_format,
                                                 engine.bibliography_layout,
                                                 ids=result.bibliography_ids)
        _emit(text, output, force)
    _exit_on_findings(result.diagnostics)


@main.command("doc", epilog="Exit codes: 0 no error found, 1 errors found (an unknown key, "
              "shown as 'key?'; a key in two bibliographies), 2 usage error or unreadable "
              "input (and unknown keys with --strict), 3 internal error.")
@click.argument("document", default="-", required=False)
@click.option("-b", "--bibliography", "bibliographies", multiple=True, metavar="FILE",
              help="Bibliography (BibTeX, CSL-JSON, CSL-YAML or RIS; repeatable). Wins over "
                   "the front matter's 'bibliography'.")
@click.option("-s", "--style", "--csl", "style", default=None, shell_complete=_complete_style,
              help="CSL style, as for render (default: the front matter's 'csl', else apa).")
@_locale_option
@click.option("-t", "--to", "to", type=click.Choice(["markdown", "html", "docx"]), default=None,
              help="Output format (default: from -o's extension, else markdown).")
@_output_option
@_force_option
@click.option("--standalone", is_flag=True, help="HTML: a complete page, not a fragment.")
@click.option("--link-citations/--no-link-citations", default=None,
              help="HTML and DOCX: link each citation to its entry (default: the front "
                   "matter's).")
@click.option("--strict", is_flag=True, help="An unknown key, or an error in a bibliography (a "
              "repeated key or field ...), refuses the document: nothing is written (exit 2).")
def doc_command(document, bibliographies, style, locale, to, output, force, standalone,
                link_citations, strict):
    """Format the citations of a Markdown DOCUMENT ("-": stdin) written in pandoc's syntax
    ([@key, p. 33], @key, [-@key] ...): the finished text with its bibliography, in
    Markdown, HTML or DOCX."""
    from . import document as doc

    to = to or doc.format_for(output) or "markdown"
    if standalone and to != "html":
        raise click.UsageError("--standalone applies to --to html")
    _refuse_inputs_as_output(output, [document, *bibliographies])
    if document == sources.STDIN:
        name, base, data = "<stdin>", Path.cwd(), read_stream(sys.stdin.buffer)
    else:
        name, base, data = document, Path(document).resolve().parent, read_bytes(document)
    result = doc.cite_document(doc.decode(data, name), name, doc.Options(
        bibliographies=bibliographies, style=style, locale=locale, to=to,
        standalone=standalone, link_citations=link_citations), base)
    _report(result.diagnostics)
    if strict and result.unknown_keys:
        raise UnknownKeyError(f"{len(result.unknown_keys)} unknown key(s) (listed above); "
                              "nothing was written")
    if strict and result.errors:
        raise InputError(f"{len(result.errors)} error(s) (listed above); nothing was written "
                         "(--strict)")
    _emit(result.output, output, force)
    sys.exit(EXIT_FINDINGS if result.errors else EXIT_OK)


@main.command(epilog=EPILOG)
@click.argument("query", required=False)
@_json_option
def styles(query, as_json):
    """List the styles rabp-refs can use, ours first; QUERY filters ids and titles."""
    found = list_styles(query)
    if as_json:
        click.echo(_json([{"id": s.id, "title": s.title, "class": s.style_class,
                           "edition": s.edition or None, "own": s.own, "path": str(s.path)}
                          for s in found]))
        return
    if not found:
        _err(f"no style matches '{query}'")
        sys.exit(EXIT_USAGE)
    width = min(max(len(s.id) for s in found), 60)  # a few ids are 100 characters long
    for s in found:
        click.echo(f"{s.id:<{width}}  {'*' if s.own else ' '} {s.style_class:<7}  "
                   f"{s.edition:<4}  {s.title}")


_SEVERITY_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _codes(values: tuple[str, ...]) -> list[str]:
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


def _github_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def _on_terminal() -> bool:
    return sys.stdout.isatty()


def _print_findings(found: list[Diagnostic], output_format: str) -> None:
    if output_format == "json":  # exact: JSON escapes what it must
        click.echo(_json([d.to_dict() for d in found]))
        return
    found = [d.printable() for d in found]  # one line each, whatever the data holds
    if output_format == "github":
        for d in found:
            props = [f"file={_github_escape(d.file or '', True)}"]
            if d.line:
                props.append(f"line={d.line}")
            rule = rules.RULES.get(d.code)
            props.append(f"title={_github_escape(d.code + (' ' + rule.name if rule else ''), True)}")
            target = f"[{'.'.join(p for p in (d.key, d.field) if p)}] " if d.key else ""
            message = target + d.message + (f" ({d.hint})" if d.hint else "")
            click.echo(f"::{_GITHUB_LEVELS[d.severity]} {','.join(props)}::"
                       f"{_github_escape(message)}")
        return
    if not _on_terminal():
        for d in found:
            click.echo(d.format())
        return
    current = object()
    for d in found:  # on a terminal: grouped by file, coloured by severity
        if d.file != current:
            current = d.file
            click.secho(d.file or "<input>", bold=True)
        target = f" [{'.'.join(p for p in (d.key, d.field) if p)}]" if d.key or d.field else ""
        severity = click.style(f"{d.severity!s:7}", fg=_SEVERITY_COLOURS[d.severity])
        hint = click.style(f" ({d.hint})", dim=True) if d.hint else ""
        click.echo(f"  {d.line or '':>5}  {d.code} {severity}{target} {d.message}{hint}")


def _summary(found: list[Diagnostic], files: int, entries: int) -> str:
    counts = {s: sum(1 for d in found if d.severity == s) for s in Severity}
    if not found:
        return f"no findings in {files} file(s), {entries} entries"
    parts = [f"{counts[s]} {s}{'s' if counts[s] != 1 and s != Severity.INFO else ''}"
             for s in sorted(Severity, reverse=True) if counts[s]]
    return f"{', '.join(parts)} in {files} file(s), {entries} entries"


def _list_rules(output_format: str) -> None:
    if output_format == "json":
        click.echo(_json([{"code": r.code, "name": r.name, "severity": str(r.severity),
                           "summary": r.summary, "example": r.example, "hint": r.hint}
                          for r in rules.RULES.values()]))
        return
    for r in rules.RULES.values():
        click.echo(f"{r.code}  {r.severity!s:7}  {r.name:24}  {r.summary}")
        click.echo(f"{'':15}e.g. {r.example}")


@main.command(epilog=EPILOG)
@click.argument("files", nargs=-1)
@click.option("-s", "--style", "--csl", "style", default=None, shell_complete=_complete_style,
              help="Also check what this CSL style needs (RB601): a journal for articles, a URL "
                   "and access date for web pages, a publisher for books.")
@_bibliography_option
@click.option("-f", "--format", "output_format", default="text", show_default=True,
              type=click.Choice(["text", "json", "github"]),
              help="text (grouped and coloured on a terminal), json, or GitHub Actions "
                   "annotations.")
@click.option("--select", multiple=True, metavar="CODES",
              help="Only these rules: codes, code prefixes (RB1) or names, comma-separated.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Leave out these rules.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error",
              show_default=True, help="Exit 1 when a finding is at least this severe.")
@click.option("--list-rules", is_flag=True, help="List every rule and exit.")
def check(files, style, bibliographies, output_format, select, ignore, fail_on, list_rules):
    """Check FILES (BibTeX; CSL-JSON and RIS through their BibTeX form; "-" reads stdin) for
    bad, missing or duplicate records.

    Reads only; never changes a file. With no FILE, checks references.bib in the current
    folder, or the bundled one. An entry can opt out of a rule with a field
    'rabp-ignore = {CODE ...: reason}'. Exit codes: 0 no findings at or above --fail-on, 1
    findings, 2 usage error or unreadable input.
    """
    from . import validate

    if list_rules:
        _list_rules(output_format)
        return
    for option, patterns in (("--select", _codes(select)), ("--ignore", _codes(ignore))):
        for pattern, close in validate.unknown_patterns(patterns):
            hint = f"; did you mean {', '.join(close)}?" if close else \
                "; `rabp-refs check --list-rules` lists them"
            raise click.BadParameter(f"no rule is named '{pattern}'{hint}",
                                     param_hint=f"'{option}'")
    engine = None
    if style:  # an unknown or broken style is a usage error, before any input is read
        from .engine import Engine
        engine = Engine(style)
    paths = [*files, *bibliographies] or [str(sources.default_input())]
    stdin_data = read_stream(sys.stdin.buffer) if sources.STDIN in paths else None
    strings: dict = {}  # @string macros shared by the files, as BibTeX reads them
    read = [validate.read(p, stdin_data if p == sources.STDIN else None, strings) for p in paths]
    found = validate.check(read, style=style, select=_codes(select), ignore=_codes(ignore),
                           engine=engine)
    _print_findings(found, output_format)
    entries = sum(len(b.entries) for b in read)
    if output_format == "text":
        _err(_summary(found, len(paths), entries))
    worst = validate.worst(found)
    if worst is not None and worst >= Severity.parse(fail_on):
        sys.exit(EXIT_FINDINGS)


@main.command("batch", epilog="Exit codes: 0 every input rendered, 1 at least one input failed, "
                     "2 usage error, 3 internal error.")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-s", "--style", "--csl", "styles", multiple=True, default=("apa",),
              show_default=True, shell_complete=_complete_style,
              help="CSL style (repeatable), as for `render`.")
@click.option("-f", "--format", "formats", multiple=True, default=("text",), show_default=True,
              type=click.Choice(list(FILE_EXTENSIONS)), help="Output format (repeatable).")
@click.option("-o", "--output", "--out", "out_dir", required=True, metavar="DIR",
              help="Write DIR/STYLE/NAME.EXT for every input, style and format (each part a "
                   "safe name; never outside DIR).")
@_locale_option
@click.option("-j", "--jobs", "workers", type=click.IntRange(min=1), default=None,
              callback=_capped_jobs,
              help="Worker processes (default: the number of cores; at most 4 for each core).")
@_json_option
@_strict_option
@_force_option
def batch_command(inputs, styles, formats, out_dir, locale, workers, as_json, strict, force):
    """Render many INPUTS (files, folders, glob patterns; BibTeX, CSL-JSON, CSL-YAML or RIS)
    in every STYLE and FORMAT, in parallel. One failing input never stops the others. Folders
    and ** never descend into a folder reached through a symlink; the files of a folder that
    are not bibliographies are skipped and named."""
    start = time.perf_counter()
    from . import batch  # (its process pool and globbing: not at every command's start-up)
    jobs = batch.plan(inputs, styles, formats, out_dir, locale, strict=strict, force=force)
    skipped = [str(p) for p in batch.skipped_files(inputs)]
    batch.check_styles(styles, locale)  # an unknown style is a usage error, before any work
    show_bar = sys.stderr.isatty() and not as_json
    with click.progressbar(length=len(jobs), label="rendering", file=sys.stderr,
                           hidden=not show_bar) as bar:
        results = batch.run(jobs, workers=workers, progress=lambda _result: bar.update(1))
    failed = [r for r in results if r.failed]
    flagged = [r for r in results if r.findings]
    per_file = {r.job.source: r.entries for r in results}
    summary = {"files": len(per_file), "jobs": len(results), "outputs": len(results) - len(failed),
               "entries": sum(per_file.values()), "warnings": sum(r.warnings for r in results),
               "failures": len(failed), "skipped": len(skipped),
               "seconds": round(time.perf_counter() - start, 3)}
    if as_json:
        click.echo(_json({"summary": summary, "jobs": [r.to_json() for r in results],
                          "skipped": skipped}))
    else:
        if skipped:
            suffixes = ", ".join(sorted(set(sources.SUFFIXES)))
            _err(f"rabp-refs: note: skipped {len(skipped)} file(s) that are not "
                 f"bibliographies (read: {suffixes}): {', '.join(skipped[:5])}"
                 f"{', ...' if len(skipped) > 5 else ''}")
        reported = set()
        for result in failed + flagged:  # an input's errors are the same in every style: once
            for error in result.errors + result.findings:
                if (result.job.source, error) not in reported:
                    reported.add((result.job.source, error))
                    _err(f"rabp-refs: error: {error}")
        _err(f"{summary['files']} file(s), {summary['entries']} entries, "
             f"{summary['outputs']} of {summary['jobs']} outputs written to {out_dir}, "
             f"{summary['warnings']} warning(s), {summary['failures']} failure(s) "
             f"in {summary['seconds']:.2f} s")
    sys.exit(EXIT_FINDINGS if failed or flagged else EXIT_OK)


@main.command(epilog=EPILOG)
@click.argument("file", required=False)
@click.option("-k", "--key", default=None,
              help="The record to cite (default: the whole file as a reference list).")
@click.option("-s", "--style", "--csl", "styles", multiple=True, metavar="STYLE",
              shell_complete=_complete_style,
              help="A style to offer besides APA 7th, MLA 9th, Chicago and the article's own "
                   "two formats (repeatable).")
@_locale_option
@click.option("-o", "--output", "--out", "out_dir", required=True, metavar="DIR",
              help="Folder for index.html and the downloads (.bib, .ris, CSL-JSON).")
@_strict_option
@_force_option
def page(file, key, styles, locale, out_dir, strict, force):
    """Write a "cite this article" page: a self-contained static page with a style picker,
    copy buttons (rich and plain text), the in-text citation and the record's downloads."""
    from . import bibtex
    from . import page as page_module

    files = (file,) if file else ()
    loaded = _load_inputs(files)
    _refuse_on_errors(loaded, strict)
    _report(loaded.diagnostics)
    bib = None
    path = file or str(sources.default_input())
    if path != sources.STDIN and sources.sniff_format("", path) == "bibtex":
        text, _ = bibtex.read_text(read_bytes(path), path)
        bib = bibtex.parse(text, file=path)
    if key is not None:
        key = ItemKeys(str(item["id"]) for item in loaded.items).require(key)
    name = Path(path).stem if path != sources.STDIN else "references"
    # the downloads are linked from the page: a name whose bytes are not UTF-8 takes U+FFFD
    name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    built = page_module.build(loaded.items, key=key, styles=list(styles), bib=bib, name=name,
                              locale=locale)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{out}: cannot create the folder: {exc.strerror or exc}") from None
    for name in built:
        _refuse_inputs_as_output(str(out / name), [path], "write the page to another folder")
        refuse_outside(out / name, out)
    for name, text in built.items():
        atomic_write(out / name, text, force=force)
    _err(f"wrote {out / 'index.html'} and {len(built) - 1} download(s)")
    _exit_on_findings(loaded.diagnostics)


CONVERT_FORMATS = ("bibtex", "biblatex", "csl-json", "csl-yaml", "ris")


@main.command(epilog=EPILOG)
@click.argument("file", required=False)
@click.option("-t", "--to", "target", required=True, type=click.Choice(CONVERT_FORMATS),
              help="The format to write.")
@_output_option
@_force_option
@click.option("--normalise", "--normalize", "normalise", is_flag=True,
              help="BibTeX to BibTeX: write the entries anew from their data instead of "
                   "copying the file as it is.")
@_strict_option
def convert(file, target, output, force, normalise, strict):
    """Convert FILE (BibTeX, CSL-JSON or RIS; "-" reads stdin) to TARGET.

    A BibTeX file converted to bibtex or biblatex is copied byte for byte (comments, @strings,
    field order and unknown fields kept) unless --normalise asks for new entries; every other
    conversion writes the records' data in the target format.
    """
    from . import bibtex, bibtex_write, ris

    path = file or str(sources.default_input())
    _refuse_inputs_as_output(output, [path])
    data = read_stream(sys.stdin.buffer) if path == sources.STDIN else read_bytes(path)
    text, diagnostics = bibtex.read_text(data, path)
    fmt = sources.sniff_format(text, "" if path == sources.STDIN else path)
    loaded = sources.load_text(text, path, fmt)
    loaded.diagnostics[:0] = diagnostics
    if not loaded.items and not loaded.errors:
        loaded.diagnostics.append(sources.no_entries(path, fmt))
    _refuse_on_errors(loaded, strict)
    _report(loaded.diagnostics)
    if target in ("bibtex", "biblatex") and fmt == "bibtex" and not normalise:
        result: str | bytes = data
    elif target in ("bibtex", "biblatex"):
        rewritten = bibtex_write.rewritten_keys(loaded.items, path)
        _report(rewritten)
        loaded.diagnostics += rewritten
        result = bibtex_write.to_bibtex(loaded.items, target)
    elif target == "csl-json":
        result = _json(loaded.items, indent=2) + "\n"
    elif target == "csl-yaml":
        from . import csl_yaml

        result = csl_yaml.write(loaded.items)
    else:
        result = ris.to_ris(loaded.items)
    _emit(result, output, force)
    _exit_on_findings(loaded.diagnostics)


@main.command("fmt", epilog="Exit codes: 0 formatted (or already formatted), 1 --check found a "
              "file to change, 2 usage error or unreadable input.")
@click.argument("files", nargs=-1)
@click.option("--check", "check_only", is_flag=True,
              help="Change nothing: print a diff and exit 1 if a file would change.")
@click.option("-i", "--in-place", is_flag=True,
              help="Rewrite the files (atomically; a symlink's target, keeping mode, owner and "
                   "group). A read-only file needs --force.")
@_force_option
@click.option("--sort", "sort_entries", is_flag=True, help="Sort the entries by key.")
@click.option("--unsafe-fixes", is_flag=True,
              help="Also apply the fixes that guess: abbreviated page ranges written in full, "
                   "'9(1)' split into volume and number, comma-separated names joined with "
                   "'and'.")
def fmt_command(files, check_only, in_place, force, sort_entries, unsafe_fixes):
    """Lay out BibTeX FILES the way editors want: one field per line, a standard field order,
    '--' page ranges, bare DOIs, month macros, braced acronyms. Comments, @string, @preamble,
    unknown fields and blocks that do not parse are kept as written.

    Prints the result (one FILE, or stdin with "-") unless --in-place or --check is given.
    """
    from . import fmt

    paths = list(files) or [str(sources.default_input())]
    if len(paths) > 1 and not (in_place or check_only):
        raise click.UsageError("several files: give --in-place or --check")
    if in_place and sources.STDIN in paths:
        raise click.UsageError("standard input cannot be rewritten in place")
    if in_place and not files and Path(paths[0]) == sources.bundled_bibliography():
        raise InputError(f"{paths[0]}: is the bibliography shipped with rabp-refs, which fmt "
                         "never rewrites; name the file to format (or run it where your "
                         "references.bib is)")
    changed = 0
    for path in paths:
        data = read_stream(sys.stdin.buffer) if path == sources.STDIN else read_bytes(path)
        bom = data.startswith(b"\xef\xbb\xbf")
        try:
            text = data[3 if bom else 0:].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset "
                             f"{exc.start}); fmt would have to re-encode the file: save it as "
                             "UTF-8 first") from None
        if "\x00" in text:
            raise InputError(f"{path}: a binary file (it has NUL bytes), not a bibliography")
        doc = fmt.read(text, bom)
        formatted, notes = fmt.write(doc, normalise=True, unsafe=unsafe_fixes,
                                     sort=sort_entries)
        for note in notes:
            _err(Diagnostic(note.code, note.severity, note.message,
                            path if path != sources.STDIN else "<stdin>", note.line).format())
        output = (b"\xef\xbb\xbf" if bom else b"") + formatted.encode("utf-8")
        if output != data:
            changed += 1
        if check_only:
            if output != data:
                name = path if path != sources.STDIN else "<stdin>"
                click.echo("".join(difflib.unified_diff(
                    text.splitlines(keepends=True), formatted.splitlines(keepends=True),
                    fromfile=name, tofile=f"{name} (formatted)")), nl=False)
        elif in_place:
            if output != data:
                atomic_write(path, output, force=force)
        else:
            sys.stdout.buffer.write(output)
            sys.stdout.buffer.flush()
    if check_only:
        _err(f"{changed} of {len(paths)} file(s) would change")
        if changed:
            sys.exit(EXIT_FINDINGS)
    elif in_place:
        _err(f"{changed} of {len(paths)} file(s) changed")

