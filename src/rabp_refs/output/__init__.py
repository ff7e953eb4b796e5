"""Output formats: rendered entries as a document people can paste or open.

The engine renders entries and citations as HTML (or plain text); :mod:`.writers` turns one
entry into Markdown, RTF or LaTeX, and :func:`bibliography_document` wraps a list of entries
in the format's document, with the layout the style's ``cs:bibliography`` asks for: a hanging
indent (APA, MLA and Chicago all require one), line spacing and spacing between entries.
"""
from __future__ import annotations

import html as _html
from dataclasses import dataclass

from ..patterns import LANGUAGE_TAG
from . import writers

FORMATS = ("text", "html", "markdown", "rtf", "latex")
EXTENSIONS = {"text": "txt", "html": "html", "markdown": "md", "rtf": "rtf", "latex": "tex"}
#: What a bibliography can be written to a file as (``batch``'s formats): each document format,
#: and its data as CSL-JSON, with the file's extension.
FILE_EXTENSIONS = {**{f: "." + ext for f, ext in EXTENSIONS.items()}, "json": ".json"}

_CONVERT = {"markdown": writers.to_markdown, "rtf": writers.to_rtf, "latex": writers.to_latex}


def convert(html: str, output_format: str) -> str:
    """One entry or citation rendered as HTML, in ``output_format``."""
    writer = _CONVERT.get(output_format)
    return writer(html) if writer else html


@dataclass(frozen=True)
class BibliographyLayout:
    """The layout attributes of a style's ``cs:bibliography`` (CSL 1.0.2, "Whitespace")."""

    hanging_indent: bool = False
    line_spacing: float = 1.0
    entry_spacing: float = 1.0
    second_field_align: str | None = None

    @classmethod
    def from_attributes(cls, attributes) -> "BibliographyLayout":
        def number(name: str, default: float) -> float:
            try:
                value = float(attributes.get(name, default))
            except (TypeError, ValueError):
                return default
            return value if 0 <= value <= 10 else default

        return cls(hanging_indent=str(attributes.get("hanging-indent", "false")) == "true",
                   line_spacing=number("line-spacing", 1.0),
                   entry_spacing=number("entry-spacing", 1.0),
                   second_field_align=attributes.get("second-field-align") or None)


def _number(value: float) -> str:
    return f"{value:g}"


# --- HTML ---------------------------------------------------------------------------------

_PAGE_CSS = """\
body { font-family: Georgia, "Times New Roman", serif; font-size: 1.05rem; color: #1a1a1a;
       background: #fff; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; }
a { color: #0b57a4; overflow-wrap: anywhere; }
"""


def _html_styles(layout: BibliographyLayout) -> tuple[str, str]:
    """Inline CSS of the body and of each entry: inline, so that a pasted list keeps it."""
    body = f"line-height: {_number(layout.line_spacing)};" if layout.line_spacing != 1 else ""
    entry = []
    if layout.hanging_indent:
        entry.append("padding-left: 0.5in; text-indent: -0.5in;")
    spacing = layout.entry_spacing * layout.line_spacing
    entry.append(f"margin: 0 0 {_number(spacing)}em;" if spacing else "margin: 0;")
    return body, " ".join(entry)


# second-field-align: the number or label beside the rest of the entry (the CSS Zotero and
# citeproc-js users give these classes), inline like the rest
_ALIGNED = (('<div class="csl-left-margin">',
             '<div class="csl-left-margin" style="float: left; padding-right: 0.5em;">'),
            ('<div class="csl-right-inline">',
             '<div class="csl-right-inline" style="margin: 0 0.4em 0 1.5em;">'))


def html_document(entries: list[str], layout: BibliographyLayout, *, standalone: bool = False,
                  title: str = "References", lang: str = "en") -> str:
    body_style, entry_style = _html_styles(layout)
    for plain, styled in _ALIGNED:
        entries = [e.replace(plain, styled) for e in entries]
    rows = "".join(f'  <div class="csl-entry" style="{entry_style}">{e}</div>\n'
                   for e in entries)
    style = f' style="{body_style}"' if body_style else ""
    fragment = f'<div class="csl-bib-body"{style}>\n{rows}</div>\n'
    if not standalone:
        return fragment
    return html_page(f"<main>\n<h1>{_html.escape(title)}</h1>\n{fragment}</main>\n", title,
                     lang, _PAGE_CSS)


def html_page(body: str, title: str, lang: str, css: str) -> str:
    """A complete HTML5 page: ``body`` (HTML) in the language ``lang``, with ``title`` (text)
    and ``css``."""
    return (f'<!DOCTYPE html>\n<html lang="{_html.escape(lang)}">\n<head>\n'
            '<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_html.escape(title)}</title>\n<style>\n{css}</style>\n</head>\n<body>\n"
            f"{body}</body>\n</html>\n")


# --- RTF ----------------------------------------------------------------------------------

def rtf_document(entries: list[str], layout: BibliographyLayout) -> str:
    """An RTF file Word and LibreOffice open: Times New Roman 12 pt, a real hanging indent
    (``\\fi-720\\li720``: half an inch), the style's line spacing and entry spacing."""
    line = round(240 * layout.line_spacing)
    after = round(240 * layout.entry_spacing * layout.line_spacing)
    indent = "\\fi-720\\li720" if layout.hanging_indent else ""
    paragraph = f"\\pard\\plain\\f0\\fs24{indent}\\sl{line}\\slmult1\\sa{after} "
    body = "".join(f"{paragraph}{entry}\\par\n" for entry in entries)
    return ("{\\rtf1\\ansi\\ansicpg1252\\deff0\\uc0\n{\\fonttbl{\\f0\\froman Times New Roman;}}\n"
            + body + "}\n")


# --- LaTeX --------------------------------------------------------------------------------

def latex_document(entries: list[str], ids: list[str], layout: BibliographyLayout,
                   labels: dict[str, str] | None = None) -> str:
    """A ``thebibliography`` environment: ``\\bibitem{KEY}`` for each entry, so ``\\cite{KEY}``
    still links, with the entry's own text (its number, for numeric styles) and no extra label;
    a hanging indent of half an inch when the style asks for one; the style's line spacing
    (APA's and MLA's double spacing). ``labels`` (an author-date style's, engine.natbib):
    ``\\bibitem[Neva et al.(2011)]{neva2011}``, natbib's author-year form, so ``\\citet`` and
    ``\\citep`` print the style's names and year. ``\\url`` needs the url or hyperref package."""
    width = "\\hspace{0.5in}" if layout.hanging_indent else ""
    lines = ["{% rabp-refs: the entries carry their own labels",
             "\\makeatletter\\renewcommand{\\@biblabel}[1]{}\\makeatother",
             f"\\begin{{thebibliography}}{{{width}}}",
             "\\setlength{\\itemindent}{-\\leftmargin}"]
    if layout.line_spacing != 1:  # LaTeX's baselines are 1.2 em: "double" is 1.667 of them
        lines.append(f"\\linespread{{{_number(1 + (layout.line_spacing - 1) * 2 / 3)}}}"
                     "\\selectfont")
    if layout.entry_spacing == 0:
        lines.append("\\setlength{\\itemsep}{0pt}")
    for key, entry in zip(ids, entries):
        label = (labels or {}).get(key)
        # a "]" inside the optional argument would end it: braced
        option = f"[{writers.latex_escape(label).replace(']', '{]}')}]" if label else ""
        lines.append(f"\\bibitem{option}{{{_bibitem_key(key)}}} {entry}")
    lines += ["\\end{thebibliography}", "}"]
    return "\n".join(lines) + "\n"


# a language tag (BCP 47's letters, digits and hyphens): anything else from a style's
# default-locale is never written into a document's preamble
_LANGUAGE_TAG = LANGUAGE_TAG


def latex_standalone(fragment: str, title: str, lang: str) -> str:
    """A complete document around the bibliography: pdflatex, xelatex or lualatex. The title
    is escaped; a language that is not a language tag is written as "unknown"."""
    language = lang if _LANGUAGE_TAG.fullmatch(lang) else "unknown"
    return ("\\documentclass{article}\n"
            "\\usepackage[T1]{fontenc}\n\\usepackage{url}\n"
            "\\usepackage[hidelinks]{hyperref}\n"
            f"% language: {language}\n"
            f"\\renewcommand{{\\refname}}{{{writers.latex_escape(title)}}}\n"
            "\\begin{document}\n" + fragment + "\\end{document}\n")


def _bibitem_key(key: str) -> str:
    """A cite key as \\bibitem takes it: no braces, commas, spaces, backslashes, "%", "#", and
    no "^" or "~" ("^^5c" is a backslash to TeX; "~" is active)."""
    return "".join(c if c.isprintable() and c not in "{}\\,% #^~" else "-" for c in key)


# --- all formats --------------------------------------------------------------------------

def bibliography_document(entries: list[str], output_format: str,
                          layout: BibliographyLayout | None = None, *,
                          ids: list[str] | None = None, standalone: bool = False,
                          title: str = "References", lang: str = "en",
                          labels: dict[str, str] | None = None) -> str:
    """Entries (already in the output format) as one document of that format. ``labels``:
    LaTeX's natbib labels by id (latex_document)."""
    layout = layout or BibliographyLayout()
    if output_format == "html":
        return html_document(entries, layout, standalone=standalone, title=title, lang=lang)
    if output_format == "rtf":
        return rtf_document(entries, layout)
    if output_format == "latex":
        fragment = latex_document(entries, ids or [str(n) for n in range(1, len(entries) + 1)],
                                  layout, labels)
        return latex_standalone(fragment, title, lang) if standalone else fragment
    if output_format == "markdown":  # one paragraph per entry
        return "\n".join(entry + "\n" for entry in entries)
    return "".join(entry + "\n" for entry in entries)
