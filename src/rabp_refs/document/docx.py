"""The manuscript as a Word document (python-docx): its headings, paragraphs, lists, quotes
and code kept, italics and bold as real formatting, links as hyperlinks, every footnote (the
author's, and a note style's citations) a real Word footnote, and the bibliography with the
style's hanging indent, line spacing and entry spacing.

python-docx has no footnotes API: the footnotes part (``word/footnotes.xml``, with the two
separator notes Word expects) is added through its OPC layer and related to the document.
"""
from __future__ import annotations

import re
from io import BytesIO

from docx import Document
from docx.enum.text import WD_BREAK
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches, Pt
from docx.text.paragraph import Paragraph

from .. import rules
from ..diagnostics import Diagnostic
from ..engine.marks import BIBLIOGRAPHY_HELD
from ..output import richtext
from .cite import Cited
from .markdown import Manuscript, parser
from .writers import PLACEHOLDER, Bibliography, held, linked

_SEPARATORS = (
    f'<w:footnotes {nsdecls("w", "r")}>'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
    'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote></w:footnotes>")
# what XML 1.0 cannot hold (python-docx refuses it): the C0 controls but tab, line feed and
# carriage return (ESC from a terminal, U+0001), U+FFFE, U+FFFF and lone surrogates
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_MONO = "Courier New"
_HEADINGS = {f"h{n}": f"Heading {n}" for n in range(1, 7)}


def _separators_named(settings) -> None:
    """The document settings name the separator notes, as Word's own files do
    (``w:footnotePr``, which the schema places just before ``w:compat``)."""
    properties = parse_xml(f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/>'
                           '<w:footnote w:id="0"/></w:footnotePr>')
    compat = settings.find(qn("w:compat"))
    if compat is not None:
        compat.addprevious(properties)
    else:
        settings.append(properties)


class _Footnotes:
    """The document's footnotes part, made when the first note is."""

    def __init__(self, document):
        self.document = document
        self.element = None
        self.count = 0

    def new(self) -> tuple[int, object]:
        if self.element is None:
            part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES,
                           parse_xml(_SEPARATORS), self.document.part.package)
            self.document.part.relate_to(part, RT.FOOTNOTES)
            self.element = part.element
            _separators_named(self.document.settings.element)
        self.count += 1
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), str(self.count))
        self.element.append(note)
        return self.count, note


class _Writer:
    def __init__(self, document, pieces: dict[str, str], bibliography: Bibliography,
                 notes: dict[int, list]):
        self.document = document
        self.pieces = pieces
        self.bibliography = bibliography
        self.notes = notes  # footnote id -> its block tokens
        self.footnotes = _Footnotes(document)
        self.bibliography_piece = None
        self.links: dict[str, str] = {}
        self.link_citations = False

    # --- blocks ---------------------------------------------------------------------
    def blocks(self, tokens, add_paragraph) -> None:
        lists: list[str] = []
        quote = 0
        i = 0
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if kind == "footnote_block_open":
                return  # the notes: written where they are called
            if kind in ("bullet_list_open", "ordered_list_open"):
                lists.append("List Bullet" if kind == "bullet_list_open" else "List Number")
            elif kind in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif kind == "blockquote_open":
                quote += 1
            elif kind == "blockquote_close":
                quote -= 1
            elif kind == "dt_open":  # a definition list's term: its own paragraph
                self.inline(add_paragraph(None), tokens[i + 1])
                i += 2
            elif kind == "heading_open":
                paragraph = add_paragraph(_HEADINGS.get(token.tag, "Heading 1"))
                self.inline(paragraph, tokens[i + 1])
                i += 2
            elif kind == "paragraph_open":
                inline = tokens[i + 1]
                held_alone = PLACEHOLDER.fullmatch(inline.content.strip())
                if held_alone and held_alone.group(1) == self.bibliography_piece:
                    self.write_bibliography(add_paragraph)
                else:
                    style = lists[-1] if lists else ("Quote" if quote else None)
                    self.inline(add_paragraph(style), inline)
                i += 2
            elif kind in ("fence", "code_block", "math_block", "html_block"):
                paragraph = add_paragraph(None)
                lines = token.content.rstrip("\n").split("\n")
                for n, line in enumerate(lines):
                    run = paragraph.add_run(line)
                    if kind != "html_block":
                        run.font.name = _MONO
                    if n < len(lines) - 1:
                        run.add_break(WD_BREAK.LINE)
            elif kind == "table_open":
                rows: list[list] = []
                while tokens[i].type != "table_close":
                    if tokens[i].type == "tr_open":
                        rows.append([])
                    elif tokens[i].type == "inline" and tokens[i - 1].type == "caption_open":
                        in_body = add_paragraph == self.body_paragraph
                        self.inline(add_paragraph("Caption" if in_body else None), tokens[i])
                    elif tokens[i].type == "inline":
                        rows[-1].append(tokens[i])
                    i += 1
                self.table(rows, add_paragraph, in_body=add_paragraph == self.body_paragraph)
            i += 1

    def body_paragraph(self, style):
        return self.document.add_paragraph(style=style)

    def table(self, rows: list[list], add_paragraph, in_body: bool) -> None:
        """A Markdown table: a Word table in the body (its first row the header, in bold);
        in a footnote, a paragraph per row, the cells separated by tabs."""
        width = max((len(row) for row in rows), default=0)
        if not width:
            return
        if not in_body:
            for row in rows:
                paragraph = add_paragraph(None)
                for n, cell in enumerate(row):
                    if n:
                        paragraph.add_run("\t")
                    self.inline(paragraph, cell)
            return
        table = self.document.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                paragraph = table.cell(r, c).paragraphs[0]
                self.inline(paragraph, cell)
                if r == 0:
                    for run in paragraph.runs:
                        run.bold = True

    def write_bibliography(self, add_paragraph) -> None:
        bibliography = self.bibliography
        layout = bibliography.layout
        if bibliography.title:
            self.inline_html(add_paragraph("Heading 1"), bibliography.title)
        for key, entry in zip(bibliography.ids, bibliography.entries):
            paragraph = add_paragraph(None)
            if self.link_citations:
                _bookmark(paragraph, len(paragraph._p.getparent()), bookmark_name(key))
            fmt = paragraph.paragraph_format
            if layout.hanging_indent:
                fmt.left_indent, fmt.first_line_indent = Inches(0.5), Inches(-0.5)
            fmt.line_spacing = layout.line_spacing
            fmt.space_before = Pt(0)
            fmt.space_after = Pt(12 * layout.entry_spacing * layout.line_spacing)
            self.inline_html(paragraph, entry)

    # --- inline ---------------------------------------------------------------------
    def inline(self, paragraph, token) -> None:
        state = {"italic": False, "bold": False, "strike": False, "href": None}
        for child in token.children or ():
            kind = child.type
            if kind == "text":
                self.text(paragraph, child.content, state)
            elif kind in ("em_open", "em_close"):
                state["italic"] = kind == "em_open"
            elif kind in ("strong_open", "strong_close"):
                state["bold"] = kind == "strong_open"
            elif kind in ("s_open", "s_close"):
                state["strike"] = kind == "s_open"
            elif kind in ("sup_open", "sup_close", "sub_open", "sub_close"):
                state[kind[:3]] = kind.endswith("_open")
            elif kind == "link_open":
                state["href"] = child.attrs.get("href")
            elif kind == "link_close":
                state["href"] = None
            elif kind in ("code_inline", "math_inline"):
                run = self.run(paragraph, child.content, state)
                run.font.name = _MONO if kind == "code_inline" else run.font.name
            elif kind == "softbreak":
                self.run(paragraph, " ", state)
            elif kind == "hardbreak":
                paragraph.add_run().add_break(WD_BREAK.LINE)
            elif kind == "footnote_ref":
                self.footnote(paragraph, child.meta["id"])
            elif kind == "image":  # its description, citations and notes included
                self.inline(paragraph, child)

    def text(self, paragraph, text: str, state) -> None:
        pos = 0
        for m in PLACEHOLDER.finditer(text):
            if m.start() > pos:
                self.run(paragraph, text[pos:m.start()], state)
            self.inline_html(paragraph, self.pieces[m.group(1)])
            pos = m.end()
        if pos < len(text):
            self.run(paragraph, text[pos:], state)

    def run(self, paragraph, text: str, state, href: str | None = None):
        href = href or state.get("href")
        if href and href.startswith("#ref-") and self.link_citations:
            return self._hyperlink(paragraph, None, text, state,
                                   anchor=bookmark_name(href[len("#ref-"):]))
        if href and not self._in_note(paragraph) and not href.startswith("#"):
            return self._hyperlink(paragraph, href, text, state)
        run = paragraph.add_run(text)
        _format(run, state)
        if state.get("strike"):
            run.font.strike = True
        if state.get("sup"):  # (one w:vertAlign: setting the other False would clear it)
            run.font.superscript = True
        elif state.get("sub"):
            run.font.subscript = True
        return run

    def inline_html(self, paragraph, html: str) -> None:
        """Rendered HTML (a citation, an entry) as runs: italics, bold, small caps,
        superscript, subscript, underline and links kept."""
        for piece in richtext.runs(html):
            run = self.run(paragraph, piece.text,
                           {"italic": piece.italic, "bold": piece.bold}, href=piece.href)
            font = run.font
            if piece.small_caps:
                font.small_caps = True
            if piece.underline:
                font.underline = True
            if piece.vertical == "superscript":
                font.superscript = True
            elif piece.vertical == "subscript":
                font.subscript = True

    @staticmethod
    def _in_note(paragraph) -> bool:
        """A paragraph of a footnote (its links would need the footnotes part's own
        relationships; a note inside it is no Word note)."""
        return next(paragraph._p.iterancestors(qn("w:footnote")), None) is not None

    def _hyperlink(self, paragraph, href: str | None, text: str, state, anchor=None):
        link = OxmlElement("w:hyperlink")
        if anchor:  # a link inside the document: to a bookmark
            link.set(qn("w:anchor"), anchor)
        else:
            r_id = self.links.get(href)
            if r_id is None:  # one relationship per address (python-docx searches them all)
                r_id = self.links[href] = self.document.part.relate_to(
                    href, RT.HYPERLINK, is_external=True)
            link.set(qn("r:id"), r_id)
        paragraph._p.append(link)
        run = paragraph.add_run(text)
        link.append(run._r)
        _format(run, state)
        run.font.underline = True
        return run

    def footnote(self, paragraph, note_id: int) -> None:
        if self._in_note(paragraph):  # a note called from a note: Word notes do not nest
            return
        number, element = self.footnotes.new()
        reference = paragraph.add_run()
        reference.font.superscript = True
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(number))
        reference._r.append(ref)
        first = [True]

        def add_paragraph(style):
            p = OxmlElement("w:p")
            element.append(p)
            para = Paragraph(p, self.document._body)
            if first[0]:
                first[0] = False
                mark = para.add_run()
                mark.font.superscript = True
                mark._r.append(OxmlElement("w:footnoteRef"))
                para.add_run(" ")
            return para

        self.blocks(self.notes.get(note_id, []), add_paragraph)


def bookmark_name(key: str) -> str:
    """A Word bookmark for an entry: letters, digits and "_", 40 characters at most."""
    return ("ref_" + re.sub(r"\W", "_", key))[:40]


def _bookmark(paragraph, number: int, name: str) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    paragraph._p.append(start)
    paragraph._p.append(end)


def _format(run, state) -> None:
    """Italic and bold on a run that has them (a run without them is left unformatted)."""
    if state.get("italic"):
        run.italic = True
    if state.get("bold"):
        run.bold = True


def _footnote_tokens(tokens) -> dict[int, list]:
    notes, current = {}, None
    for token in tokens:
        if token.type == "footnote_open":
            current = notes.setdefault(token.meta["id"], [])
        elif token.type == "footnote_close":
            current = None
        elif current is not None and token.type != "footnote_anchor":
            current.append(token)
    return notes


def unwritable(name: str, text: str, title: str | None, bibliography: Bibliography,
               cited: Cited) -> list[Diagnostic]:
    """A finding (RB408) for the characters ``write`` leaves out of the document (NOT_XML) in
    the manuscript ``text``, its title or what the style rendered: how many, and the line of
    the first in the manuscript."""
    rendered = [title or "", bibliography.title or "", *bibliography.entries,
                *(one.text for one in cited.placed), *(one.author for one in cited.placed)]
    count = len(NOT_XML.findall(text)) + sum(len(NOT_XML.findall(r)) for r in rendered)
    if not count:
        return []
    first = NOT_XML.search(text)
    line = text.count("\n", 0, first.start()) + 1 if first else None
    return [rules.NOT_XML_CHARACTER(
        f"{count} character(s) a .docx cannot hold (control characters such as ESC or U+0001, "
        "U+FFFE) in the manuscript or its references; left out of the document",
        file=name, line=line)]


def write(doc: Manuscript, cited: Cited, bibliography: Bibliography, *,
          title: str | None = None, affixes=None, link_citations: bool = False) -> bytes:
    """The manuscript as the bytes of a .docx file."""
    shown = bibliography.shown and bibliography.entries
    marker = BIBLIOGRAPHY_HELD + "bibliography"  # what the bibliography's placeholder holds
    source, pieces = held(doc, cited, marker if shown else "",
                          inline=lambda one: linked(one, one.text, affixes)
                          if link_citations else one.text,
                          note_call=lambda one, label, moved: (one.author + moved, f"[^{label}]",
                                                              ""))
    # what XML cannot hold is left out (the caller reports it: ``unwritable``)
    source = NOT_XML.sub("", source)
    pieces = {name: NOT_XML.sub("", text) for name, text in pieces.items()}
    title = title and NOT_XML.sub("", title)
    heading = None if doc.refs is not None else bibliography.title
    bibliography = Bibliography([NOT_XML.sub("", entry) for entry in bibliography.entries],
                                bibliography.ids, bibliography.layout,
                                heading and NOT_XML.sub("", heading), bibliography.shown)
    tokens = parser(citations=False).parse(source)
    document = Document()
    writer = _Writer(document, pieces, bibliography, _footnote_tokens(tokens))
    writer.bibliography_piece = next((k for k, v in pieces.items() if v == marker), None)
    writer.link_citations = link_citations
    if title:
        document.add_paragraph(title, style="Title")
    writer.blocks(tokens, writer.body_paragraph)
    out = BytesIO()
    document.save(out)
    return out.getvalue()
