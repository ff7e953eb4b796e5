"""The ``rabp-refs`` command line: the only module that prints or exits.

Exit codes: 0 success; 1 findings at or above the chosen severity (``check``); 2 usage error or
unreadable input (unknown style, key, locale or file; a malformed file); 3 internal error (a bug:
please report it).
"""
from __future__ import annotations

import difflib
import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import batch, rules, sources, validate
from .diagnostics import Diagnostic, Severity
from .errors import InputError, RabpError, UnknownKeyError
from .fileio import atomic_write, read_bytes, read_stream
from .output import FORMATS, bibliography_document
from .styles import list_styles

# The engine (citeproc-py, lxml and our CSL elements: a third of the start-up time) is
# imported by the commands that render, so `check` and `convert` start without it.
if TYPE_CHECKING:
    from .engine import CiteItem

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

EPILOG = ("Exit codes: 0 success, 1 findings (check), 2 usage error or unreadable input, "
          "3 internal error.")


def _style_option(default: str = "apa"):
    return click.option(
        "-s", "--style", default=default, show_default=True,
        help="CSL style: ours (medical-news-today-mla, medical-news-today-apa), apa (7th), "
             "mla (9th), chicago (author-date), any official style id, or a .csl path.")


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


class _Group(click.Group):
    """Turns our errors into one line and exit code 2, and bugs into exit code 3."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except RabpError as exc:
            click.echo(f"rabp-refs: error: {exc}", err=True)
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
            click.echo("rabp-refs: interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:  # a bug: say so in one line, never a traceback
            click.echo(f"rabp-refs: internal error (please report it): "
                       f"{type(exc).__name__}: {exc}", err=True)
            ctx.exit(EXIT_INTERNAL)


@click.group(cls=_Group, epilog=EPILOG)
@click.version_option(package_name="rabp-refs")
def main():
    """Validate BibTeX bibliographies and render them through CSL styles."""


def _load_inputs(files: tuple[str, ...], jobs: int | None = None) -> sources.Loaded:
    paths = list(files) or [str(sources.default_input())]
    loaded = sources.Loaded()
    stdin_data = read_stream(sys.stdin.buffer) if sources.STDIN in paths else None
    strings: dict = {}  # @string macros shared by the files, as BibTeX reads them
    for path in paths:
        macros = len(strings)
        one = sources.load(path, stdin_data=stdin_data, jobs=jobs, strings=strings)
        if not one.items and not one.errors and len(strings) == macros:  # (IEEEabrv.bib)
            click.echo(f"rabp-refs: warning: no entries in {path}", err=True)
        loaded.extend(one)
    return loaded


def _report(diagnostics: list[Diagnostic], minimum: Severity = Severity.WARNING) -> None:
    for d in diagnostics:
        if d.severity >= minimum:
            click.echo(d.format(), err=True)


def _fail_on_errors(loaded: sources.Loaded) -> None:
    """A malformed input stops render and cite: nothing half-read is published."""
    if loaded.errors:
        _report(loaded.diagnostics)
        raise InputError(f"{len(loaded.errors)} error(s) in the input (listed above); nothing "
                         "was rendered")


def _read_cites(path: str) -> list[list[CiteItem]]:
    from .engine import CiteItem
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    if not isinstance(data, list):
        raise InputError(f"{path}: citations must be a list of clusters")
    try:
        return [[CiteItem.from_json(c) for c in (cl if isinstance(cl, list) else [cl])]
                for cl in data]
    except (KeyError, TypeError, AttributeError):
        raise InputError(f"{path}: a cite must be an id or an object with an \"id\"") from None


def _emit(text: str, output: str | None) -> None:
    if output:
        atomic_write(output, text)
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
@click.option("-o", "--output", metavar="OUT", help="Write to OUT (atomically) instead of stdout.")
@click.option("--check", "run_check", is_flag=True,
              help="Also run `rabp-refs check` (with this style) and show its findings as "
                   "warnings.")
@_links_option
@click.option("--standalone", is_flag=True,
              help="A complete document (an HTML page, a LaTeX document) instead of a fragment "
                   "to paste.")
@click.option("--title", default="References", show_default=True,
              help="The title of a standalone document.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes for a big bibliography (default: every core, from a few hundred "
                   "entries; 1: this process alone). The output is the same.")
def render(files, style, output_format, locale, as_json, cites_path, output, run_check, links,
           standalone, title, jobs):
    """Render the reference list of FILES (BibTeX, CSL-JSON or RIS; "-" reads stdin).

    With no FILE, renders references.bib in the current folder, or the article's bibliography
    shipped with the package.
    """
    from .engine import Engine
    if standalone and output_format not in ("html", "latex"):
        raise click.UsageError("--standalone applies to --format html and latex (RTF is "
                               "always a complete document)")
    loaded = _load_inputs(files, jobs)
    engine = Engine(style, locale=locale, output_format=output_format, links=links)
    clusters = _read_cites(cites_path) if cites_path else None
    if not as_json:
        _fail_on_errors(loaded)
    elif loaded.errors:
        _report(loaded.diagnostics)
        click.echo(json.dumps({"bibliography": [], "bibliography_ids": [], "citations": [],
                               "errors": [d.format() for d in loaded.errors]},
                              ensure_ascii=False, indent=1))
        sys.exit(EXIT_USAGE)
    result = engine.render(loaded.items, clusters, jobs=jobs)
    result.diagnostics[:0] = loaded.diagnostics
    if run_check:
        result.diagnostics.extend(_check_findings(files, style, loaded))
    unknown = [d for d in result.diagnostics if d.code == rules.UNKNOWN_CITE.code]
    if as_json:
        _report(result.diagnostics)
        _emit(json.dumps(result.to_json(), ensure_ascii=False, indent=1) + "\n", output)
    else:
        _report(result.diagnostics)
        if not engine.has_bibliography:
            raise RabpError(f"style '{style}' has no bibliography; use `rabp-refs cite`")
        _emit(bibliography_document(result.bibliography, output_format,
                                    engine.bibliography_layout, ids=result.bibliography_ids,
                                    standalone=standalone, title=title,
                                    lang=engine.language), output)
    if unknown:
        sys.exit(EXIT_USAGE)


def _check_findings(files, style, loaded) -> list[Diagnostic]:
    """The validator's findings on the BibTeX inputs, as warnings (reading diagnostics that
    `loaded` already has are not repeated)."""
    paths = [p for p in (list(files) or [str(sources.default_input())])
             if p != sources.STDIN and sources.sniff_format("", p) == "bibtex"]
    seen = {d.format() for d in loaded.diagnostics}
    found = validate.check([validate.read(p) for p in paths], style=style)
    return [Diagnostic(d.code, max(d.severity, Severity.WARNING), d.message, d.file, d.line,
                       d.key, d.field, d.hint) for d in found if d.format() not in seen]


def _resolve_key(key: str, ids: list[str]) -> str:
    if key in ids:
        return key
    folded = [i for i in ids if i.lower() == key.lower()]
    if len(folded) == 1:
        return folded[0]
    close = difflib.get_close_matches(key, ids, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UnknownKeyError(f"unknown key '{key}'{hint}")


@main.command(epilog=EPILOG)
@click.argument("keys", nargs=-1, required=True)
@click.option("-b", "--bibliography", "files", multiple=True, metavar="FILE",
              help="Bibliography to cite from (repeatable; default as for render).")
@_style_option()
@_format_option
@_locale_option
@click.option("-l", "--locator", "locators", multiple=True, metavar="LOCATOR",
              help='A locator such as "p. 1637" or "ch. 2"; give one per KEY, in order.')
@click.option("-n", "--narrative", is_flag=True,
              help='A narrative citation, "Neva et al. (2011)", instead of a parenthetical one.')
@_json_option
@_links_option
def cite(keys, files, style, output_format, locale, locators, narrative, as_json, links):
    """The in-text citation of KEYS and their reference entries, ready to paste."""
    from .engine import AUTHOR_ONLY, SUPPRESS_AUTHOR, CiteItem, Engine, parse_locator
    if len(locators) > len(keys):
        raise click.UsageError(f"{len(locators)} locators for {len(keys)} key(s): give at most "
                               "one locator per key")
    loaded = _load_inputs(files)
    _fail_on_errors(loaded)
    ids = [str(item["id"]) for item in loaded.items]
    resolved = [_resolve_key(k, ids) for k in keys]
    engine = Engine(style, locale=locale, output_format=output_format, links=links)

    def cite_item(i: int, key: str, mode: str | None = None) -> CiteItem:
        label = locator = None
        if i < len(locators) and locators[i].strip():
            label, locator = parse_locator(locators[i])
        return CiteItem(key, locator=locator, label=label, mode=mode)

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
    if as_json:
        click.echo(json.dumps({"citation": citation, "bibliography": result.bibliography,
                               "bibliography_ids": result.bibliography_ids,
                               "errors": result.to_json()["errors"]},
                              ensure_ascii=False, indent=1))
        return
    layout = engine.bibliography_layout
    if output_format == "rtf":  # one document: the citation, then the entries
        click.echo(bibliography_document([citation, *result.bibliography], "rtf", layout),
                   nl=False)
        return
    click.echo(citation)
    if result.bibliography:
        click.echo()
        click.echo(bibliography_document(result.bibliography, output_format, layout,
                                         ids=result.bibliography_ids), nl=False)


@main.command(epilog=EPILOG)
@click.argument("query", required=False)
@_json_option
def styles(query, as_json):
    """List the styles rabp-refs can use, ours first; QUERY filters ids and titles."""
    found = list_styles(query)
    if as_json:
        click.echo(json.dumps([{"id": s.id, "title": s.title, "own": s.own, "path": str(s.path)}
                               for s in found], ensure_ascii=False, indent=1))
        return
    if not found:
        click.echo(f"no style matches '{query}'", err=True)
        sys.exit(EXIT_USAGE)
    width = min(max(len(s.id) for s in found), 48)  # a few ids are 100 characters long
    for s in found:
        click.echo(f"{s.id:<{width}}  {'*' if s.own else ' '} {s.title}")


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
    if output_format == "json":
        click.echo(json.dumps([d.to_dict() for d in found], ensure_ascii=False, indent=1))
        return
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
        click.echo(json.dumps([{"code": r.code, "name": r.name, "severity": str(r.severity),
                                "summary": r.summary, "example": r.example, "hint": r.hint}
                               for r in rules.RULES.values()], ensure_ascii=False, indent=1))
        return
    for r in rules.RULES.values():
        click.echo(f"{r.code}  {r.severity!s:7}  {r.name:24}  {r.summary}")
        click.echo(f"{'':15}e.g. {r.example}")


@main.command(epilog=EPILOG)
@click.argument("files", nargs=-1)
@click.option("-s", "--style", default=None,
              help="Also check what this CSL style needs (RB601): a journal for articles, a URL "
                   "and access date for web pages, a publisher for books.")
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
def check(files, style, output_format, select, ignore, fail_on, list_rules):
    """Check FILES (BibTeX; CSL-JSON and RIS through their BibTeX form; "-" reads stdin) for
    bad, missing or duplicate records.

    Reads only; never changes a file. With no FILE, checks references.bib in the current
    folder, or the bundled one. An entry can opt out of a rule with a field
    'rabp-ignore = {CODE ...: reason}'. Exit codes: 0 no findings at or above --fail-on, 1
    findings, 2 usage error or unreadable input.
    """
    if list_rules:
        _list_rules(output_format)
        return
    if style:
        from .styles import find_style
        find_style(style)  # an unknown style is a usage error before any work
    paths = list(files) or [str(sources.default_input())]
    stdin_data = read_stream(sys.stdin.buffer) if sources.STDIN in paths else None
    strings: dict = {}  # @string macros shared by the files, as BibTeX reads them
    bibliographies = [validate.read(p, stdin_data if p == sources.STDIN else None, strings)
                      for p in paths]
    found = validate.check(bibliographies, style=style, select=_codes(select),
                           ignore=_codes(ignore))
    _print_findings(found, output_format)
    entries = sum(len(b.entries) for b in bibliographies)
    if output_format == "text":
        click.echo(_summary(found, len(paths), entries), err=True)
    worst = validate.worst(found)
    if worst is not None and worst >= Severity.parse(fail_on):
        sys.exit(EXIT_FINDINGS)


@main.command("batch", epilog="Exit codes: 0 every input rendered, 1 at least one input failed, "
                     "2 usage error, 3 internal error.")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-s", "--style", "styles", multiple=True, default=("apa",), show_default=True,
              help="CSL style (repeatable), as for `render`.")
@click.option("-f", "--format", "formats", multiple=True, default=("text",), show_default=True,
              type=click.Choice(list(batch.EXTENSIONS)), help="Output format (repeatable).")
@click.option("-o", "--out", "out_dir", required=True, metavar="DIR",
              help="Write OUT/STYLE/NAME.EXT for every input, style and format.")
@_locale_option
@click.option("-j", "--jobs", "workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of cores).")
@_json_option
def batch_command(inputs, styles, formats, out_dir, locale, workers, as_json):
    """Render many INPUTS (files, folders, glob patterns; BibTeX or CSL-JSON) in every STYLE
    and FORMAT, in parallel. One failing input never stops the others."""
    start = time.perf_counter()
    jobs = batch.plan(inputs, styles, formats, out_dir, locale)
    batch.check_styles(styles, locale)  # an unknown style is a usage error, before any work
    show_bar = sys.stderr.isatty() and not as_json
    with click.progressbar(length=len(jobs), label="rendering", file=sys.stderr,
                           hidden=not show_bar) as bar:
        results = batch.run(jobs, workers=workers, progress=lambda _result: bar.update(1))
    failed = [r for r in results if r.failed]
    per_file = {r.job.source: r.entries for r in results}
    summary = {"files": len(per_file), "jobs": len(results), "outputs": len(results) - len(failed),
               "entries": sum(per_file.values()), "warnings": sum(r.warnings for r in results),
               "failures": len(failed), "seconds": round(time.perf_counter() - start, 3)}
    if as_json:
        click.echo(json.dumps({"summary": summary, "jobs": [r.to_json() for r in results]},
                              ensure_ascii=False, indent=1))
    else:
        reported = set()
        for result in failed:  # an unreadable input fails in every style: said once
            for error in result.errors:
                if (result.job.source, error) not in reported:
                    reported.add((result.job.source, error))
                    click.echo(f"rabp-refs: error: {error}", err=True)
        click.echo(f"{summary['files']} file(s), {summary['entries']} entries, "
                   f"{summary['outputs']} of {summary['jobs']} outputs written to {out_dir}, "
                   f"{summary['warnings']} warning(s), {summary['failures']} failure(s) "
                   f"in {summary['seconds']:.2f} s", err=True)
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


@main.command(epilog=EPILOG)
@click.argument("file", required=False)
@click.option("-k", "--key", default=None,
              help="The record to cite (default: the whole file as a reference list).")
@click.option("-s", "--style", "styles", multiple=True, metavar="STYLE",
              help="A style to offer besides APA 7th, MLA 9th, Chicago and the article's own "
                   "two formats (repeatable).")
@_locale_option
@click.option("-o", "--out", "out_dir", required=True, metavar="DIR",
              help="Folder for index.html and the downloads (.bib, .ris, CSL-JSON).")
def page(file, key, styles, locale, out_dir):
    """Write a "cite this article" page: a self-contained static page with a style picker,
    copy buttons (rich and plain text), the in-text citation and the record's downloads."""
    from . import bibtex
    from . import page as page_module

    files = (file,) if file else ()
    loaded = _load_inputs(files)
    _fail_on_errors(loaded)
    _report(loaded.diagnostics)
    bib = None
    path = file or str(sources.default_input())
    if path != sources.STDIN and sources.sniff_format("", path) == "bibtex":
        text, _ = bibtex.read_text(read_bytes(path), path)
        bib = bibtex.parse(text, file=path)
    if key is not None:
        key = _resolve_key(key, [str(item["id"]) for item in loaded.items])
    name = Path(path).stem if path != sources.STDIN else "references"
    built = page_module.build(loaded.items, key=key, styles=list(styles), bib=bib, name=name,
                              locale=locale)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{out}: cannot create the folder: {exc.strerror or exc}") from None
    source = Path(path).resolve() if path != sources.STDIN else None
    clash = [name for name in built if source is not None and (out / name).resolve() == source]
    if clash:
        raise InputError(f"{out / clash[0]}: is the input; write the page to another folder")
    for name, text in built.items():
        atomic_write(out / name, text)
    click.echo(f"wrote {out / 'index.html'} and {len(built) - 1} download(s)", err=True)


CONVERT_FORMATS = ("bibtex", "biblatex", "csl-json", "csl-yaml", "ris")


def _csl_yaml(items: list[dict]) -> str:
    import yaml

    return "---\n" + yaml.safe_dump({"references": items}, allow_unicode=True,
                                     sort_keys=False, width=100) + "...\n"


@main.command(epilog=EPILOG)
@click.argument("file", required=False)
@click.option("-t", "--to", "target", required=True, type=click.Choice(CONVERT_FORMATS),
              help="The format to write.")
@click.option("-o", "--output", metavar="OUT", help="Write to OUT (atomically) instead of stdout.")
@click.option("--normalise", "--normalize", "normalise", is_flag=True,
              help="BibTeX to BibTeX: write the entries anew from their data instead of "
                   "copying the file as it is.")
def convert(file, target, output, normalise):
    """Convert FILE (BibTeX, CSL-JSON or RIS; "-" reads stdin) to TARGET.

    A BibTeX file converted to bibtex or biblatex is copied byte for byte (comments, @strings,
    field order and unknown fields kept) unless --normalise asks for new entries; every other
    conversion writes the records' data in the target format.
    """
    from . import bibtex, bibtex_write, ris

    path = file or str(sources.default_input())
    data = read_stream(sys.stdin.buffer) if path == sources.STDIN else read_bytes(path)
    text, diagnostics = bibtex.read_text(data, path)
    fmt = sources.sniff_format(text, "" if path == sources.STDIN else path)
    loaded = sources.load_text(text, path, fmt)
    loaded.diagnostics[:0] = diagnostics
    _fail_on_errors(loaded)
    _report(loaded.diagnostics)
    if target in ("bibtex", "biblatex") and fmt == "bibtex" and not normalise:
        result: str | bytes = data
    elif target in ("bibtex", "biblatex"):
        result = bibtex_write.to_bibtex(loaded.items, target)
    elif target == "csl-json":
        result = json.dumps(loaded.items, ensure_ascii=False, indent=2) + "\n"
    elif target == "csl-yaml":
        result = _csl_yaml(loaded.items)
    else:
        result = ris.to_ris(loaded.items)
    if output:
        atomic_write(output, result)
    elif isinstance(result, bytes):
        sys.stdout.buffer.write(result)
        sys.stdout.buffer.flush()
    else:
        click.echo(result, nl=False)


@main.command("fmt", epilog="Exit codes: 0 formatted (or already formatted), 1 --check found a "
              "file to change, 2 usage error or unreadable input.")
@click.argument("files", nargs=-1)
@click.option("--check", "check_only", is_flag=True,
              help="Change nothing: print a diff and exit 1 if a file would change.")
@click.option("-i", "--in-place", is_flag=True, help="Rewrite the files (atomically).")
@click.option("--sort", "sort_entries", is_flag=True, help="Sort the entries by key.")
@click.option("--unsafe-fixes", is_flag=True,
              help="Also apply the fixes that guess: abbreviated page ranges written in full, "
                   "'9(1)' split into volume and number, comma-separated names joined with "
                   "'and'.")
def fmt_command(files, check_only, in_place, sort_entries, unsafe_fixes):
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
            click.echo(Diagnostic(note.code, note.severity, note.message,
                                  path if path != sources.STDIN else "<stdin>",
                                  note.line).format(), err=True)
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
                atomic_write(path, output)
        else:
            sys.stdout.buffer.write(output)
            sys.stdout.buffer.flush()
    if check_only:
        click.echo(f"{changed} of {len(paths)} file(s) would change", err=True)
        if changed:
            sys.exit(EXIT_FINDINGS)
    elif in_place:
        click.echo(f"{changed} of {len(paths)} file(s) changed", err=True)

