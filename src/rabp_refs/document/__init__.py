"""Citing inside a document: a Markdown manuscript with pandoc's ``[@key]`` citations becomes
the finished text (Markdown, HTML or DOCX), its citations formatted by a CSL style and its
bibliography listing exactly the works cited.

The data flow, in :func:`cite_document`::

    text --frontmatter.read--> FrontMatter (bibliography, csl, lang, nocite, references ...)
         --markdown.read--> Manuscript (tokens; citations with their offsets, lines, notes)
    bibliographies (sources.load, any format) + the front matter's references --> items
    Manuscript + items --cite.cite (engine.Engine.render)--> Cited (each citation's text,
                                                            the bibliography, findings)
    --writers.markdown / writers.html / docx.write--> the document

Command-line options win over the front matter. What is wrong with the data (an unknown
key, a key in two bibliographies) is a finding; what stops the work (a file that cannot be
read, a front matter that does not parse) is an exception (errors.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import rules, sources
from ..diagnostics import Diagnostic, Severity
from ..errors import InputError
from . import cite as _cite
from . import frontmatter, markdown, writers

FORMATS = ("markdown", "html", "docx")
_EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".txt": "markdown",
               ".html": "html", ".htm": "html", ".docx": "docx"}
DEFAULT_STYLE = "apa"


def format_for(path: str | None) -> str | None:
    """The output format an output file's extension asks for (None: not known)."""
    return _EXTENSIONS.get(Path(path).suffix.lower()) if path else None


@dataclass
class Options:
    bibliographies: tuple[str, ...] = ()  # given on the command line: win over the metadata
    style: str | None = None
    locale: str | None = None
    to: str = "markdown"
    standalone: bool = False
    link_citations: bool | None = None


@dataclass
class Result:
    output: str | bytes
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity >= Severity.ERROR]

    @property
    def unknown_keys(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.code == rules.UNKNOWN_CITE.code]


def decode(data: bytes, name: str) -> str:
    """A manuscript's bytes as text: UTF-8 (with or without a byte-order mark)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset "
                         f"{exc.start})") from None


def _resolve(path: str, base: Path | None) -> str:
    """A file named in the front matter: beside the document first, else as given."""
    if base is not None and not Path(path).is_absolute():
        beside = base / path
        if beside.exists():
            return str(beside)
    return path


def load_items(paths: list[str], references: list[dict], name: str
               ) -> tuple[list[dict], list[Diagnostic]]:
    """The items of every bibliography (any format ``sources`` reads) and of the front
    matter's ``references``; a key in two of them is reported, and the first one is used
    (as pandoc does)."""
    items: list[dict] = []
    diagnostics: list[Diagnostic] = []
    where: dict[str, str] = {}
    for path in paths:
        loaded = sources.load(path)
        refusal = loaded.refusal()  # as every command: the entries that can be read are used
        if refusal:
            raise InputError(f"{path}: {refusal} (first: {loaded.errors[0].format()})")
        diagnostics.extend(loaded.diagnostics)
        items.extend(_first_of_each(loaded.items, path, where, diagnostics))
    items.extend(_first_of_each(references, f"{name} (references)", where, diagnostics))
    return items, diagnostics


def _first_of_each(items, origin: str, where: dict[str, str], diagnostics) -> list[dict]:
    kept = []
    for item in items:
        key = str(item.get("id", ""))
        if key in where:
            diagnostics.append(rules.DUPLICATE_KEY(
                f"key '{key}' is in {where[key]} and in {origin}; the first is used",
                file=origin, key=key, hint="give the two records different keys"))
            continue
        where[key] = origin
        kept.append(item)
    return kept


def cite_document(text: str, name: str = "<stdin>", options: Options | None = None,
                  base: Path | None = None) -> Result:
    """The finished document of the manuscript ``text`` (``name``: for findings; ``base``:
    the folder the front matter's file names are relative to)."""
    from ..engine import Engine

    options = options or Options()
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    meta = frontmatter.read(text, name)
    paths = list(options.bibliographies) or [_resolve(p, base) for p in meta.bibliography]
    try:
        items, diagnostics = load_items(paths, meta.references, name)
        diagnostics[:0] = meta.diagnostics
    except InputError as exc:
        if options.bibliographies:
            raise
        raise InputError(f"{name}: the front matter's bibliography: {exc}") from None
    style = options.style or (_resolve(meta.csl, base) if meta.csl else DEFAULT_STYLE)
    rich = "markdown" if options.to == "markdown" else "html"
    engine = Engine(style, locale=options.locale or meta.lang, output_format=rich, links=True)
    doc = markdown.read(text)
    shown = engine.has_bibliography and not meta.suppress_bibliography
    cited = _cite.cite(doc, items, engine, file=name, markup=rich, nocite=meta.nocite,
                       bibliography=shown)
    diagnostics.extend(cited.diagnostics)
    cited.notes_after_punctuation = meta.notes_after_punctuation
    bibliography = writers.Bibliography(cited.bibliography, cited.bibliography_ids,
                                        engine.bibliography_layout,
                                        meta.reference_section_title, shown)
    link_citations = options.link_citations if options.link_citations is not None \
        else meta.link_citations
    if options.to == "markdown":
        output: str | bytes = writers.markdown(doc, cited, bibliography)
    elif options.to == "html":
        output = writers.html(doc, cited, bibliography, affixes=engine.citation_affixes,
                              link_citations=link_citations and shown,
                              standalone=options.standalone, title=meta.title,
                              lang=engine.language)
    else:
        from . import docx
        diagnostics += docx.unwritable(name, text, meta.title, bibliography, cited)
        output = docx.write(doc, cited, bibliography, title=meta.title,
                            affixes=engine.citation_affixes,
                            link_citations=link_citations and shown)
    return Result(output, diagnostics)
