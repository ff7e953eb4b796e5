"""A "cite this article" page: a record (or a whole reference list) rendered in several styles,
as one self-contained static HTML page with a style picker and copy buttons.

Everything is rendered when the page is built; the page's small script only shows the
prepared rendering of the chosen style and copies it (as rich text with its italics, and as
plain text). No network, no CDN: the page and its downloads (.bib, .ris, CSL-JSON) are files
in one folder. :func:`build` returns them as ``{file name: text}``; the CLI writes them.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

from . import ris
from .engine import AUTHOR_ONLY, SUBSEQUENT, SUPPRESS_AUTHOR, CiteItem, Engine
from .errors import UnknownKeyError
from .model import Bibliography
from .output import bibliography_document, richtext
from .styles import style_info

#: The styles every page offers, with the names students look for.
DEFAULT_STYLES = [
    ("apa", "APA 7th edition"),
    ("modern-language-association", "MLA 9th edition"),
    ("chicago-author-date", "Chicago (author-date)"),
    ("medical-news-today-apa", "Medical News Today: APA (as the article prints it)"),
    ("medical-news-today-mla", "Medical News Today: MLA (as the article prints it)"),
]


@dataclass
class Rendering:
    """One style's prepared output."""

    style: str
    label: str
    entry_html: str
    entry_text: str
    citation_html: str = ""
    citation_text: str = ""
    narrative_html: str = ""
    narrative_text: str = ""
    warnings: list[str] = field(default_factory=list)
    # a note style: the citation is the first note, the "narrative" slot holds the short
    # note of later citations
    note: bool = False


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "style"


def _label(style: str) -> str:
    for known, label in DEFAULT_STYLES:
        if style == known:
            return label
    info = style_info(style)
    return info.title if info else style


def _narrative(author: str, rest: str) -> str:
    return " ".join(p for p in (author, rest) if p)


def render_styles(items: list[dict], styles: list[str], key: str | None = None,
                  locale: str | None = None) -> list[Rendering]:
    """Each style's entry (or whole list) and, for one record, its in-text citations."""
    out = []
    for style in dict.fromkeys(styles):
        prepared = {}
        for fmt in ("html", "text"):
            engine = Engine(style, locale=locale, output_format=fmt, links=(fmt == "html"))
            note = engine.style.is_note_style
            clusters = None
            if key is not None and note:  # the first note, then a later (short) one
                clusters = [[CiteItem(key)], [CiteItem(key, position=SUBSEQUENT)]]
            elif key is not None:
                clusters = [[CiteItem(key)], [CiteItem(key, mode=AUTHOR_ONLY)],
                            [CiteItem(key, mode=SUPPRESS_AUTHOR)]]
            result = engine.render(items, clusters)
            if engine.has_bibliography:
                entries = result.bibliography
            else:  # notes only: a record's page shows its notes; a list, each first note
                entries = [] if key is not None else result.citations
            if not entries:
                document = ""
            elif fmt == "html":
                document = bibliography_document(entries, "html", engine.bibliography_layout)
            else:
                document = "\n".join(entries)
            prepared[fmt] = (document, result)
        html_doc, html_result = prepared["html"]
        text_doc, text_result = prepared["text"]
        rendering = Rendering(style, _label(style), html_doc, text_doc,
                              warnings=[d.format() for d in html_result.diagnostics],
                              note=note)
        if key is not None:
            rendering.citation_html, rendering.narrative_html = _forms(html_result, note)
            rendering.citation_text, rendering.narrative_text = _forms(text_result, note)
        out.append(rendering)
    return out


def _forms(result, note: bool) -> tuple[str, str]:
    """The citation and its second form: the narrative one, or a note style's short note."""
    if note:
        first, later = result.citations
        return first, later
    cite, author, rest = result.citations
    return cite, _narrative(author, rest)


def bibtex_source(bib: Bibliography, keys: list[str]) -> str:
    """The entries as the user wrote them, with the @string macros they use."""
    entries = [e for e in bib.entries if e.key in keys and e.raw]
    text = "\n\n".join(e.raw.strip() for e in entries)
    used = [m for name, m in bib.strings.items()
            if re.search(r"(?<![\w{\"])" + re.escape(name) + r"(?![\w}])", text, re.I)]
    strings = "".join(f"@string{{{m.name} = {{{m.value}}}}}\n" for m in used)
    return (strings + ("\n" if strings else "") + text + "\n") if text else ""


def build(items: list[dict], *, key: str | None = None, styles: list[str] | None = None,
          bib: Bibliography | None = None, name: str = "references",
          locale: str | None = None) -> dict[str, str]:
    """The page and its downloads. ``key``: one record's page; none: the whole list.
    ``styles``: offered after the default ones. ``bib``: the BibTeX the items came from (for
    the .bib download; CSL-JSON input has none)."""
    if key is not None:
        ids = {str(i["id"]) for i in items}
        if key not in ids:
            raise UnknownKeyError(f"unknown key '{key}'")
        items = [i for i in items if str(i["id"]) == key]
        name = _slug(key)
    chosen = [s for s, _ in DEFAULT_STYLES] + list(styles or [])
    renderings = render_styles(items, chosen, key, locale)
    files = {f"{name}.json": json.dumps(items, ensure_ascii=False, indent=1) + "\n",
             f"{name}.ris": ris.to_ris(items)}
    if bib is not None:
        source = bibtex_source(bib, [str(i["id"]) for i in items])
        if source:
            files[f"{name}.bib"] = source
    title = richtext.plain_text(str(items[0].get("title", key))) if key is not None and items \
        else "References"  # the record's title without its rich-text tags
    files["index.html"] = page_html(renderings, title=title, single=key is not None,
                                    downloads=sorted(f for f in files if f != "index.html"),
                                    lang=(locale or "en").split("-")[0])
    return files


_DOWNLOAD_LABELS = {".bib": "BibTeX (.bib)", ".ris": "RIS (.ris): EndNote, Zotero, Mendeley",
                    ".json": "CSL-JSON (.json)"}

_CSS = """\
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 1.0625rem/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
       color: #1a1a1a; background: #ffffff; }
main { max-width: 46rem; margin: 0 auto; padding: 1.25rem 1rem 3rem; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 .25rem; }
h2 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
.kicker { margin: 0; color: #4a4a4a; font-size: .9rem; text-transform: uppercase;
          letter-spacing: .06em; }
label { font-weight: 600; display: block; margin: 1.25rem 0 .35rem; }
select { font: inherit; width: 100%; max-width: 100%; padding: .5rem; border: 2px solid #555;
         border-radius: .35rem; background: #fff; color: #1a1a1a; }
.entry { font-family: Georgia, "Times New Roman", serif; background: #f6f6f4;
         border-left: 4px solid #0b57a4; padding: .75rem 1rem; overflow-wrap: anywhere; }
.entry .csl-bib-body { line-height: 1.6 !important; }
.citation { font-family: Georgia, "Times New Roman", serif; }
dl { display: grid; grid-template-columns: max-content 1fr auto; gap: .5rem 1rem;
     align-items: center; margin: 0; }
dt { font-weight: 600; }
dd { margin: 0; }
button { font: inherit; font-weight: 600; color: #ffffff; background: #0b57a4; border: 0;
         border-radius: .35rem; padding: .45rem .9rem; cursor: pointer; min-height: 2.5rem; }
button:hover { background: #08427c; }
button:focus-visible, select:focus-visible, a:focus-visible {
  outline: 3px solid #b35900; outline-offset: 2px; }
.actions { margin: .6rem 0 0; }
a { color: #0b57a4; }
.status { min-height: 1.5em; color: #1d6b2f; font-weight: 600; }
@media (max-width: 32rem) {
  dl { grid-template-columns: 1fr; }
  dt { margin-top: .5rem; }
}
"""

_SCRIPT = """\
(function () {
  "use strict";
  var select = document.getElementById("style");
  var status = document.getElementById("status");
  function show(id) {
    var shown = false;
    document.querySelectorAll(".rendering").forEach(function (el) {
      el.hidden = el.getAttribute("data-style") !== id;
      shown = shown || !el.hidden;
    });
    return shown;
  }
  var saved = null;
  try { saved = window.localStorage.getItem("rabp-refs-style"); } catch (e) { /* private */ }
  if (saved && show(saved)) { select.value = saved; } else { show(select.value); }
  select.addEventListener("change", function () {
    show(select.value);
    try { window.localStorage.setItem("rabp-refs-style", select.value); } catch (e) { }
  });
  function say(text) { status.textContent = ""; window.setTimeout(function () {
    status.textContent = text; }, 30); }
  function selectAndCopy(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    selection.removeAllRanges();
    return ok;
  }
  function copy(button) {
    var el = document.getElementById(button.getAttribute("data-copy"));
    var text = el.getAttribute("data-text");
    var rich = el.innerHTML;
    var what = button.getAttribute("data-what");
    if (navigator.clipboard && window.ClipboardItem) {
      var item = new window.ClipboardItem({
        "text/html": new Blob([rich], { type: "text/html" }),
        "text/plain": new Blob([text], { type: "text/plain" })
      });
      navigator.clipboard.write([item]).then(function () {
        say(what + " copied, with its formatting.");
      }, function () {
        say(selectAndCopy(el) ? what + " copied." : "Copying is blocked here: select the text and copy it.");
      });
    } else {
      say(selectAndCopy(el) ? what + " copied." : "Copying is blocked here: select the text and copy it.");
    }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-copy]") : null;
    if (button) { copy(button); }
  });
}());
"""


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _copy_button(target: str, what: str, label: str) -> str:
    return (f'<button type="button" data-copy="{target}" data-what="{_attr(what)}">'
            f"{html.escape(label)}</button>")


def _section(r: Rendering, index: int, single: bool) -> str:
    slug = f"{_slug(r.style)}-{index}"
    hidden = "" if index == 0 else " hidden"
    heading = "Reference entry" if single else "Reference list"
    if r.note and single:
        heading = "Bibliography entry"
    parts = [f'<section class="rendering" data-style="{_attr(r.style)}"'
             f' aria-label="{_attr(r.label)}"{hidden}>']
    if r.entry_html:
        parts += [f"<h2>{heading}</h2>",
                  f'<div class="entry" id="{slug}-entry" data-text="{_attr(r.entry_text)}">'
                  f"{r.entry_html}</div>",
                  f'<p class="actions">'
                  f'{_copy_button(slug + "-entry", heading, "Copy " + heading.lower())}</p>']
    if single and r.citation_html and r.note:
        parts += ["<h2>Footnotes</h2>", "<dl>",
                  "<dt>First note</dt>",
                  f'<dd class="citation" id="{slug}-cite" data-text="{_attr(r.citation_text)}">'
                  f"{r.citation_html}</dd>",
                  f"<dd>{_copy_button(slug + '-cite', 'Note', 'Copy')}</dd>",
                  "<dt>Later notes (shortened)</dt>",
                  f'<dd class="citation" id="{slug}-short" data-text="{_attr(r.narrative_text)}">'
                  f"{r.narrative_html}</dd>",
                  f"<dd>{_copy_button(slug + '-short', 'Note', 'Copy')}</dd>", "</dl>"]
    elif single and r.citation_html:
        parts += ["<h2>In-text citation</h2>", "<dl>",
                  "<dt>Parenthetical</dt>",
                  f'<dd class="citation" id="{slug}-cite" data-text="{_attr(r.citation_text)}">'
                  f"{r.citation_html}</dd>",
                  f"<dd>{_copy_button(slug + '-cite', 'Citation', 'Copy')}</dd>"]
        if r.narrative_html and r.narrative_html != r.citation_html:
            parts += ["<dt>Narrative</dt>",
                      f'<dd class="citation" id="{slug}-narrative" '
                      f'data-text="{_attr(r.narrative_text)}">{r.narrative_html}</dd>',
                      f"<dd>{_copy_button(slug + '-narrative', 'Citation', 'Copy')}</dd>"]
        parts.append("</dl>")
    parts.append("</section>")
    return "\n".join(parts)


def page_html(renderings: list[Rendering], *, title: str, single: bool, downloads: list[str],
              lang: str = "en") -> str:
    options = "\n".join(f'<option value="{_attr(r.style)}">{html.escape(r.label)}</option>'
                        for r in renderings)
    sections = "\n".join(_section(r, i, single) for i, r in enumerate(renderings))
    links = "\n".join(
        f'<li><a href="{_attr(f)}" download>{html.escape(_DOWNLOAD_LABELS.get(f[f.rfind("."):], f))}'
        "</a></li>" for f in downloads)
    kicker = "Cite this article" if single else "Reference list"
    return f"""<!DOCTYPE html>
<html lang="{_attr(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{html.escape(kicker)}: {html.escape(title)}</title>
<style>
{_CSS}</style>
</head>
<body>
<main>
<p class="kicker">{html.escape(kicker)}</p>
<h1>{html.escape(title)}</h1>
<label for="style">Citation style</label>
<select id="style">
{options}
</select>
{sections}
<p class="status" id="status" role="status" aria-live="polite"></p>
<h2>Download the record</h2>
<ul>
{links}
</ul>
</main>
<script>
{_SCRIPT}</script>
</body>
</html>
"""
