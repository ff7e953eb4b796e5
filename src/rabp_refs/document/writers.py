"""The finished manuscript: Markdown (the source with its citations replaced) and HTML.

Markdown keeps the author's text byte for byte but for the citations: each is replaced in
place, or by a footnote call (``[^1]``) whose definition is added at the end; a footnote
call follows the punctuation after the citation and loses the space before it, as pandoc
places it. The bibliography fills the ``::: {#refs}`` div, or ends the document under the
``reference-section-title`` heading.

HTML is that same rewritten source rendered by the CommonMark parser, with each citation
and the bibliography held by a placeholder (a pair of Unicode noncharacters, which no
Markdown rule reads) and put in after rendering, marked as pandoc marks them:
``<span class="citation" data-cites="KEYS">``, ``<div id="refs">`` holding
``<div id="ref-KEY" class="csl-entry">``.
"""
from __future__ import annotations

import html as _html
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from markdown_it.token import Token

from ..engine.marks import PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN
from ..output import BibliographyLayout, html_page
from .cite import Cited, Placed
from .markdown import Manuscript, pandoc_attributes, parser

NOTE_PUNCTUATION = ".,;:!?"
_OPEN, _CLOSE = PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE  # a placeholder: _OPEN name _CLOSE


@dataclass
class Bibliography:
    entries: list[str]  # in the output's markup
    ids: list[str]
    layout: BibliographyLayout
    title: str | None = None  # reference-section-title
    shown: bool = True  # not suppress-bibliography


def _note_label(number: int, taken: set[str]) -> str:
    label = str(number)
    while label in taken:
        label = f"cite-{label}"
    return label


def _space_before(text: str, start: int) -> int:
    """Where the spaces before a footnote's citation start (a line break among them too):
    the call follows the word."""
    i = start
    while i and text[i - 1] in " \t":
        i -= 1
    if i > 1 and text[i - 1] == "\n" and text[i - 2] != "\n":
        i -= 1
        while i and text[i - 1] in " \t":
            i -= 1
    line = text[text.rfind("\n", 0, i) + 1:i]
    if _BLOCK_START.fullmatch(line):  # nothing but a list, quote or heading marker before
        return start
    return i


def _closing_quote(text: str, citation: int, start: int) -> bool:
    """Whether a citation at ``citation`` follows a closing quotation mark at ``start - 1``
    and a space (pandoc moves punctuation into a quotation only then: ``"yes" [@a],``, not
    ``"so"[@a],``); a single one only when a quotation opened it (not ``the authors'``)."""
    mark = text[start - 1:start]
    if start == citation or start < 2 or text[start - 2].isspace():
        return False
    if mark in "\"”" and mark:
        return True
    if mark not in ("'", "’") or not mark:
        return False
    # the last single quotation mark before it in its paragraph, opening or closing
    marks = _single_marks(text)
    last = bisect_left(marks.at, start - 1) - 1
    paragraph = bisect_right(marks.breaks, start - 2) - 1
    paragraph_start = marks.breaks[paragraph] + 1 if paragraph >= 0 else 0
    return last >= 0 and marks.at[last] >= paragraph_start and marks.opens[last]


@dataclass
class _SingleMarks:
    at: list[int]  # each single quotation mark that opens or closes (not an apostrophe)
    opens: list[bool]  # whether it opens
    breaks: list[int]  # where each "\n\n" (a paragraph's end) begins


@lru_cache(maxsize=4)  # (asked at every citation after a quotation mark: read once)
def _single_marks(text: str) -> _SingleMarks:
    found = [(m.start(), m.group(1) is not None) for m in _SINGLE.finditer(text)]
    breaks, i = [], text.find("\n\n")
    while i >= 0:
        breaks.append(i)
        i = text.find("\n\n", i + 1)
    return _SingleMarks([at for at, _ in found], [opens for _, opens in found], breaks)


# a single quotation mark that opens (after a space, before a letter) or closes (after a
# letter, before none); one between letters is an apostrophe
_SINGLE = re.compile(r"(?:(?<![^\s(\[])(['‘])(?=\w))|(?:(?<=[\w.,!?])(['’])(?!\w))")


_BLOCK_START = re.compile(r"\s*(?:(?:[-*+>]|\d{1,9}[.)]|#{1,6})\s*)*")


def _splice(doc: Manuscript, cited: Cited, inline, note_call, note_text, bibliography: str,
            refs_kept: bool, calls_after_links: bool = False) -> str:
    """The source with each citation replaced: ``inline(placed)`` for one in place,
    ``note_call(placed, label, moved)`` for a new footnote (whose definition is
    ``note_text(placed)``; ``moved``: the punctuation it takes after a narrative
    citation's author), and ``bibliography`` in the ``#refs`` div (kept as a div when
    ``refs_kept``) or at the end."""
    text = doc.text
    edits: list[tuple[int, int, str]] = []
    notes: list[tuple[str, str]] = []
    taken = set(doc.note_labels)
    for one in cited.placed:
        start, end = one.citation.start, one.citation.end
        if one.keep:
            continue
        if not one.note:
            replacement = inline(one)
            if one.text.lstrip("*_").startswith(("<sup>", "^")):  # superscript (AMA, Nature)
                start = _space_before(text, start)  # follows the word: "(RA)¹", as pandoc
            if (one.citation.narrative or one.citation.opens_note) and \
                    one.text.endswith(".") and text[end:end + 1] == ".":
                end += 1  # "(2011, p. 3)." written after "Neva et al." or a note's "3."
            edits.append((start, end, replacement))
            continue
        label = _note_label(one.note_number, taken)
        taken.add(label)
        notes.append((label, note_text(one)))
        moved = ""
        if not one.author:
            start = _space_before(text, start)
        if cited.notes_after_punctuation and end < len(text) and \
                text[end] in NOTE_PUNCTUATION:
            moved, end = text[end], end + 1
        elif one.author.endswith(".") and text[end:end + 1] == ".":
            end += 1
        if calls_after_links and one.citation.link_end:  # (a note's call in a link's
            #   text would unmake the link for CommonMark: it follows the link instead)
            call = note_call(one, label, moved if one.author else "")
            edits.append((start, end, ("" if one.author else moved) +
                           call.replace(f"[^{label}]", "", 1)))
            edits.append((one.citation.link_end, one.citation.link_end, f"[^{label}]"))
        elif one.author:  # the call after the author and the punctuation: "Nall,[^1] says"
            if one.author.endswith(".") and moved == ".":
                moved = ""  # "Gillick et al.[^3]", not "et al..": the sentence's period goes
            edits.append((start, end, note_call(one, label, moved)))
        else:
            quoted = _closing_quote(text, one.citation.start, start)
            if quoted and moved in ".," and cited.punctuation_in_quote:
                moved, start = moved + text[start - 1], start - 1  # “yes,”[^1]
            edits.append((start, end, moved + note_call(one, label, "")))
    if doc.refs is not None:
        open_start, open_end, close_start, close_end = doc.refs
        if refs_kept:
            edits.append((open_end, close_start, "\n\n" + bibliography + "\n" if bibliography
                          else "\n"))
        else:
            edits.append((open_start, close_end, bibliography))
    out, pos = [], 0
    for start, end, replacement in sorted(edits, key=lambda e: e[0]):
        out.append(text[pos:start])
        out.append(replacement)
        pos = max(pos, end)
    out.append(text[pos:])
    body = "".join(out)
    if doc.refs is None and bibliography:
        body = body.rstrip("\n") + "\n\n" + bibliography
    if notes:
        body = body.rstrip("\n") + "\n\n" + "\n\n".join(
            f"[^{label}]: {note}" for label, note in notes)
    return body.rstrip("\n") + "\n"


def markdown(doc: Manuscript, cited: Cited, bibliography: Bibliography) -> str:
    """The manuscript in Markdown, its citations and bibliography written in Markdown."""
    entries = "\n\n".join(bibliography.entries) if bibliography.shown else ""
    if entries and bibliography.title and doc.refs is None:
        entries = f"# {bibliography.title}\n\n{entries}"
    return _splice(doc, cited, inline=lambda one: one.text,
                   note_call=lambda one, label, moved: f"{one.author}{moved}[^{label}]",
                   note_text=lambda one: one.text, bibliography=entries, refs_kept=True)


# --- HTML ---------------------------------------------------------------------------------

def _placeholder(name: str) -> str:
    return f"{_OPEN}{name}{_CLOSE}"


def _citation_span(one: Placed, inner: str) -> str:
    keys = " ".join(one.keys + one.unknown)
    return f'<span class="citation" data-cites="{_html.escape(keys)}">{inner}</span>'


def _link(key: str, text: str, prefix_words: str = "", suffix: str = "") -> str:
    """A cite's text as a link to its entry; the cite's prefix ("see") and suffix (", emphasis
    added") stay outside, as pandoc links it."""
    lead = trail = ""
    if prefix_words:
        m = re.match(r"((?:<[^>]+>)*" + re.escape(prefix_words) + r"(?:</[^>]+>)*\s+)", text)
        if m:
            lead, text = m.group(1), text[m.end():]
    for written in dict.fromkeys((suffix, suffix.replace("&", "&#38;"),
                                  suffix.replace("&", "&amp;"))):
        if written.strip() and text.endswith(written) and len(written) < len(text):
            text, trail = text[:-len(written)], written
            break
    return f'{lead}<a href="#ref-{_html.escape(key)}" role="doc-biblioref">{text}</a>{trail}'


def _inside(text: str, affixes: tuple[str, str, str]) -> tuple[str, str, str] | None:
    """A citation's text split into its layout's prefix, its cites and its suffix."""
    prefix, _, suffix = affixes
    if text.startswith(prefix) and text.endswith(suffix) and \
            len(text) >= len(prefix) + len(suffix):
        return prefix, text[len(prefix):len(text) - len(suffix)], suffix
    return None


def linked(one: Placed, text: str, affixes: tuple[str, str, str]) -> str:
    """link-citations, as pandoc links them: each cite's text (its prefix left out; for a
    narrative citation, what follows the author) a link to its entry, when the citation's
    text splits into one part per cite at the style's delimiter."""
    if not one.keys or one.unknown:
        return text
    if one.citation.narrative and one.author and text.startswith(one.author + " "):
        rest = text[len(one.author) + 1:]
        parts = _inside(rest, ("(", "", ")")) if rest.startswith("(") else None
        link = (parts[0] + _link(one.keys[0], parts[1]) + parts[2]) if parts else \
            _link(one.keys[0], rest)
        return f"{one.author} {link}"
    split = _inside(text, affixes)
    if split is None:
        return text
    prefix, inner, suffix = split
    delimiter = affixes[1]
    parts = inner.split(delimiter) if delimiter and len(one.keys) > 1 else [inner]
    if len(parts) != len(one.keys):
        return text
    words = [_plain(c.prefix) for c in one.citation.cites]
    suffixes = one.suffixes or [""] * len(parts)
    return prefix + delimiter.join(_link(*link) for link in
                                   zip(one.keys, parts, words, suffixes)) + suffix


def _plain(markdown: str) -> str:
    """A cite prefix's words without their Markdown."""
    return re.sub(r"[*_`]", "", markdown).strip()


def _bibliography_html(bibliography: Bibliography) -> str:
    layout = bibliography.layout
    classes = "references csl-bib-body" + (" hanging-indent" if layout.hanging_indent else "")
    spacing = ""
    if layout.entry_spacing != 1 or layout.line_spacing != 1:
        spacing = (f' data-entry-spacing="{layout.entry_spacing:g}"'
                   f' data-line-spacing="{layout.line_spacing:g}"')
    rows = "".join(f'<div id="ref-{_html.escape(key)}" class="csl-entry" role="listitem">\n'
                   f"{entry}\n</div>\n" for key, entry in zip(bibliography.ids,
                                                              bibliography.entries))
    return f'<div id="refs" class="{classes}"{spacing} role="list">\n{rows}</div>\n'


# footnotes marked as pandoc's HTML writer marks them, for the CSS written for it
def _note_ref(self, tokens, idx, options, env) -> str:
    meta = tokens[idx].meta
    number = meta["id"] + 1
    ref = f"fnref{number}" + (f"-{meta['subId']}" if meta.get("subId", 0) > 0 else "")
    return (f'<a href="#fn{number}" class="footnote-ref" id="{ref}" role="doc-noteref">'
            f"<sup>{number}</sup></a>")


def _note_back(self, tokens, idx, options, env) -> str:
    meta = tokens[idx].meta
    ref = f"fnref{meta['id'] + 1}" + (f"-{meta['subId']}" if meta.get("subId", 0) > 0 else "")
    return f'<a href="#{ref}" class="footnote-back" role="doc-backlink">\u21a9\ufe0e</a>'


_PANDOC_NOTES = {
    "footnote_ref": _note_ref,
    "footnote_anchor": _note_back,
    "footnote_block_open": lambda *a: ('<section id="footnotes" class="footnotes '
                                       'footnotes-end-of-document" role="doc-endnotes">\n'
                                       "<hr />\n<ol>\n"),
    "footnote_block_close": lambda *a: "</ol>\n</section>\n",
    "footnote_open": lambda self, tokens, idx, *a: f'<li id="fn{tokens[idx].meta["id"] + 1}">',
}


def _implicit_figures(state) -> None:
    """pandoc's implicit_figures: an image alone in its paragraph (attributes ``{#fig-x}``
    after it allowed) is a ``<figure>``, its description the ``<figcaption>``, where the
    citations in it are marked and their notes called; the image's alt text is plain."""
    tokens = state.tokens
    for i in range(len(tokens) - 2, 0, -1):
        inline = tokens[i]
        if not (inline.type == "inline" and tokens[i - 1].type == "paragraph_open"
                and tokens[i + 1].type == "paragraph_close" and inline.children):
            continue
        children = list(inline.children)
        attributes = {}
        last = children[-1]
        if len(children) == 2 and last.type == "text" and \
                re.fullmatch(r"\{[^{}]*\}", last.content.strip()):
            attributes = pandoc_attributes(last.content.strip())
            children.pop()
        if len(children) != 1 or children[0].type != "image":
            continue
        image = children[0]
        figure, caption = Token("figure_open", "figure", 1), Token("figcaption_open",
                                                                    "figcaption", 1)
        for name in ("id", "class"):
            if name in attributes:
                figure.attrSet(name, attributes[name])
        caption.attrSet("aria-hidden", "true")
        described = Token("inline", "", 0)
        described.children = image.children
        picture = Token("inline", "", 0)
        picture.children = [image]
        closing = [Token("figcaption_close", "figcaption", -1),
                   Token("figure_close", "figure", -1)]
        for token in (figure, caption, *closing):
            token.block = True
        tokens[i - 1:i + 2] = [figure, picture, caption, described, *closing]


def html_parser():
    """The Markdown parser that writes HTML: footnotes as pandoc writes them, images alone
    in a paragraph as figures."""
    md = parser(citations=False)
    for name, rule in _PANDOC_NOTES.items():
        md.add_render_rule(name, rule)
    md.core.ruler.push("implicit_figures", _implicit_figures)
    return md


def held(doc: Manuscript, cited: Cited, bibliography: str, *, inline, note_call
         ) -> tuple[str, dict[str, str]]:
    """The source with every citation (``inline(one)``; a new footnote's call
    ``note_call(one)``, its text the citation's) and the ``bibliography`` held by
    placeholders, alone in a paragraph for the bibliography; and what each holds."""
    pieces: dict[str, str] = {}

    def hold(content: str) -> str:
        name = str(len(pieces))
        pieces[name] = content
        return _placeholder(name)

    source = _splice(doc, cited, inline=lambda one: hold(inline(one)),
                     note_call=lambda one, label, moved: "".join(
                         hold(p) if i % 2 == 0 else p
                         for i, p in enumerate(note_call(one, label, moved))),
                     note_text=lambda one: hold(one.text),
                     bibliography="\n\n" + hold(bibliography) + "\n\n" if bibliography else "",
                     refs_kept=False, calls_after_links=True)
    return source, pieces


def fill(text: str, pieces: dict[str, str]) -> str:
    """``text`` (rendered) with what its placeholders hold; a placeholder alone in a
    paragraph (the bibliography) takes the paragraph's place, one in an attribute (an
    image's alt text) its text without markup."""
    text = re.sub(f"<p>{_OPEN}(\\d+){_CLOSE}</p>\\n?", lambda m: pieces[m.group(1)], text)
    text = re.sub(r'(\salt=")([^"]*)"', lambda m: m.group(1) + PLACEHOLDER.sub(
        lambda p: re.sub(r"<[^>]*>", "", pieces[p.group(1)]).replace('"', "&quot;"),
        m.group(2)) + '"', text)
    return re.sub(f"{_OPEN}(\\d+){_CLOSE}", lambda m: pieces[m.group(1)], text)


PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")


def html(doc: Manuscript, cited: Cited, bibliography: Bibliography, *, affixes,
         link_citations: bool = False, standalone: bool = False, title: str | None = None,
         lang: str = "en") -> str:
    """The manuscript as HTML (a fragment, or a page when ``standalone``)."""
    def inline(one: Placed) -> str:
        text = linked(one, one.text, affixes) if link_citations else one.text
        return _citation_span(one, text)

    def note_call(one: Placed, label: str, moved: str) -> tuple[str, str, str]:
        return (_citation_span(one, "")[:-len("</span>")] + one.author + moved,
                f"[^{label}]", "</span>")

    refs = ""
    if bibliography.shown and bibliography.entries:
        refs = _bibliography_html(bibliography)
        if bibliography.title and doc.refs is None:
            refs = (f'<h1 class="unnumbered" id="bibliography">'
                    f"{_html.escape(bibliography.title)}</h1>\n" + refs)
    source, pieces = held(doc, cited, refs, inline=inline, note_call=note_call)
    body = fill(html_parser().render(source), pieces).lstrip("\n")
    if not standalone:
        return body
    return _page(body, title, lang)


_CSS = """\
body { font-family: Georgia, "Times New Roman", serif; font-size: 1.05rem; color: #1a1a1a;
       background: #fff; max-width: 42rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; }
a { color: #0b57a4; overflow-wrap: anywhere; }
div.csl-bib-body { }
div.csl-entry { clear: both; margin-bottom: 0.5em; }
.hanging-indent div.csl-entry { margin-left: 2em; text-indent: -2em; }
div.csl-left-margin { min-width: 2em; float: left; }
div.csl-right-inline { margin-left: 2em; padding-left: 1em; }
div.csl-indent { margin-left: 2em; }
"""


def _page(body: str, title: str | None, lang: str) -> str:
    heading = f'<header>\n<h1 class="title">{_html.escape(title)}</h1>\n</header>\n' \
        if title else ""
    return html_page(heading + body, title or "Document", lang, _CSS)
