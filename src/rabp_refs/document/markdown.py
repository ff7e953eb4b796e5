"""Reading a manuscript with a CommonMark parser (markdown-it-py), citations included.

markdown-it-py is CommonMark compliant, gives a token stream whose blocks carry their source
lines, and has plugins for what manuscripts use (footnotes, front matter, ``$math$``,
fenced divs, tables). The parser decides what is text: code spans, code blocks and
R Markdown/Quarto chunks, autolinks, raw HTML and math are never read for citations, since
the citation rule (an inline rule, tried only where the parser is in running text) never
sees them. Bare URLs and e-mail addresses are left out by the citation syntax itself
(citations.read_narrative).

Each citation token remembers its offsets in its block's inline text; :func:`read` turns
them into offsets, lines and columns of the document, for the writers that rewrite the
source and for the findings.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_inline import image
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.footnote.index import footnote_inline, footnote_ref
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.subscript import sub_plugin
from mdit_py_plugins.superscript import superscript_plugin

from .citations import Citation, link_end, read_bracketed, read_narrative

# a fenced div of pandoc's: ``::: {#refs}`` ... ``:::``
_DIV_INFO = re.compile(r"^\s*(?:\{[^}]*\}|[\w-]+)\s*$")
_REFS = re.compile(r"#refs(?![\w-])")
# R Markdown's habit: the bibliography's place as raw HTML, <div id="refs"></div>
# (read inside one tag, cut at its ">": a pattern that ran on to the ">" from every "<div"
# took quadratic time on a block of "<div id=refs" that never closes)
_RAW_REFS = re.compile(r"""<div\b[^>]*?\bid\s*=\s*["']?refs(?![\w-])""", re.I)
_DIV_CLOSE = re.compile(r"</div\s*>", re.I)


def _citation_rule(state, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if src[pos] not in "[@":
        return False
    # the same text at every "[" and "@" of a block, not a copy each time (its brackets
    # are paired once: citations.py); a link's text, parsed on its own, is cut at its end
    text = src if state.posMax >= len(src) else src[:state.posMax]
    found = read_bracketed(text, pos) if src[pos] == "[" else read_narrative(text, pos)
    if found is None:
        return False
    citation, end = found
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"citation": citation, "start": pos, "end": end}
        token.content = citation.source
    state.pos = end
    return True


def _inline_note_rule(state, silent: bool) -> bool:
    """pandoc's inline note ``^[text]``, its place in the block's text remembered."""
    start = state.pos
    if not footnote_inline(state, silent):
        return False
    if not silent:
        state.tokens[-1].meta["span"] = (start, state.pos)
    return True


_LABEL_STOP = re.compile(r"[ \n\]]")  # what ends a footnote label: "]", or no label


def _note_call_rule(state, silent: bool) -> bool:
    """A footnote call ``[^label]`` (mdit_py_plugins' footnote_ref), asked only where a
    note of that label's length is defined. It looked for the label's end from each "[^",
    and sliced the label off: quadratic in a run of them (a note of 6,000 "[^": 5.8 s).
    Here the end found for a run serves every "[^" of it, and a label is looked at only when
    its length is one a note has."""
    start, src = state.pos, state.src
    if start + 3 > state.posMax or src[start] != "[" or src[start + 1] != "^":
        return False
    stop = _label_stop(state, start + 2)
    if stop == start + 2 or stop >= state.posMax or src[stop] != "]":
        return False
    refs = state.env.get("footnotes", {}).get("refs")
    if not refs or stop - start - 2 not in _label_lengths(state.env, refs):
        return False
    return footnote_ref(state, silent)


def _label_stop(state, pos: int) -> int:
    """The first space, line end or "]" at or after ``pos`` in the block's source (its
    length where there is none), remembered for the run it ends (in the parse's env)."""
    src = state.src
    cached = state.env.get("_label_stop")
    if cached is not None and cached[0] is src and cached[1] <= pos <= cached[2]:
        return cached[2]
    found = _LABEL_STOP.search(src, pos)
    stop = found.start() if found else len(src)
    state.env["_label_stop"] = (src, pos, stop)
    return stop


def _label_lengths(env, refs: dict) -> set[int]:
    """The lengths of the labels of the notes defined (``refs``: ":label" -> id), kept in the
    parse's env while no note is added."""
    cached = env.get("_label_lengths")
    if cached is None or cached[0] != len(refs):
        cached = env["_label_lengths"] = (len(refs), {len(key) - 1 for key in refs})
    return cached[1]


def _image_rule(state, silent: bool) -> bool:
    """markdown-it's image rule, remembering where the image starts (its description's
    citations are located from it)."""
    start = state.pos
    if not image(state, silent):
        return False
    if not silent:
        state.tokens[-1].meta["start"] = start
    return True


# #id, .class or key=value; a key read only from the start of its word (tried from each letter
# of a long word, it took time quadratic in it: a 20,000-letter attribute, 2 s)
_ATTRIBUTE = re.compile(r'#([\w:.-]+)|\.([\w-]+)|(?<![\w-])([\w-]++)=(?:"([^"]*)"|(\S+))')


def pandoc_attributes(info: str) -> dict[str, str]:
    """pandoc's attributes ``{#id .class key=value}`` (or a bare class name)."""
    info = info.strip()
    if not info.startswith("{"):
        return {"class": info} if info else {}
    attrs, classes = {}, []
    for m in _ATTRIBUTE.finditer(info[1:-1]):
        if m.group(1):
            attrs["id"] = m.group(1)
        elif m.group(2):
            classes.append(m.group(2))
        else:
            attrs[m.group(3)] = m.group(4) if m.group(4) is not None else m.group(5)
    if classes:
        attrs["class"] = " ".join(classes)
    return attrs


def _render_div(self, tokens, idx, options, env):
    token = tokens[idx]
    if token.nesting == 1:
        for name, value in pandoc_attributes(token.info).items():
            token.attrSet(name, value)
        token.tag = "div"
    return self.renderToken(tokens, idx, options, env)


# pandoc's table_captions: a paragraph opening with "Table:", "table:" or ":"
_CAPTION = re.compile(r"(?:[Tt]able)?:[ \t]+")


# pandoc's header_attributes: "# Methods {#sec-methods .class}", "# References {-}", the
# last brace group of the heading, after a space
_HEADING_ATTRIBUTES = re.compile(r"\{[ \t]*(?:[#.-][^{}]*|[\w-]+=[^{}]*)\}[ \t]*$")


def _attributes_at_end(text: str) -> tuple[int, str] | None:
    """Where a heading's trailing attributes begin (with the spaces before them), and the
    ``{...}`` itself; read from the last ``{``, so a long run of spaces is read once."""
    brace = text.rfind("{")
    m = _HEADING_ATTRIBUTES.match(text, brace) if brace > 0 else None
    if m is None or text[brace - 1] not in " \t":
        return None
    return len(text[:brace].rstrip(" \t")), m.group().rstrip(" \t")


def _heading_attributes(state) -> None:
    """A heading's trailing attributes are its id and classes (``{-}``: unnumbered), not
    its text, as pandoc reads them. Run before the inline rules."""
    tokens = state.tokens
    for i, token in enumerate(tokens[:-1]):
        if token.type != "heading_open" or tokens[i + 1].type != "inline":
            continue
        found = _attributes_at_end(tokens[i + 1].content)
        if found is None:
            continue
        start, braced = found
        tokens[i + 1].content = tokens[i + 1].content[:start]
        attributes = pandoc_attributes(braced.replace("{-", "{.unnumbered", 1)
                                       if re.match(r"\{\s*-(?:\s|\})", braced) else braced)
        for name in ("id", "class"):
            if name in attributes:
                token.attrSet(name, attributes[name])


_LINE_BLOCK = re.compile(r"\|(?: |$)")


def _line_blocks(state) -> None:
    """pandoc's line blocks: a paragraph whose every line opens with ``| `` keeps its line
    breaks (an address, a poem), a ``<div class="line-block">``. Run after the inline rules
    (the citations' offsets count in the text as written)."""
    tokens = state.tokens
    for i, token in enumerate(tokens[:-1]):
        inline = tokens[i + 1]
        if token.type != "paragraph_open" or inline.type != "inline" or not inline.children \
                or not all(_LINE_BLOCK.match(line) for line in inline.content.split("\n")):
            continue
        token.tag = tokens[i + 2].tag = "div"
        token.attrSet("class", "line-block")
        line_start = True
        for child in inline.children:
            if child.type == "softbreak":
                child.type, child.tag, line_start = "hardbreak", "br", True
            elif line_start and child.type == "text":
                child.content = _LINE_BLOCK.sub("", child.content, count=1)
                line_start = False
            else:
                line_start = False


def _is_caption(tokens, at: int, level: int) -> bool:
    return at + 2 < len(tokens) and tokens[at].type == "paragraph_open" and \
        tokens[at].level == level and tokens[at + 1].type == "inline" and \
        bool(_CAPTION.match(tokens[at + 1].content))


def _table_captions(state) -> None:
    """pandoc's table captions: a paragraph opening with ``Table:`` (or ``:``) just before a
    table, or else just after it, is its caption, a ``<caption>`` first in the table. Run
    before the inline rules, so that its citations and notes come before the cells' (the
    order pandoc numbers notes in)."""
    tokens = state.tokens
    i = 0
    while i < len(tokens):
        if tokens[i].type != "table_open":
            i += 1
            continue
        level = tokens[i].level
        close = next(j for j in range(i, len(tokens))
                     if tokens[j].type == "table_close" and tokens[j].level == level)
        if i >= 3 and _is_caption(tokens, i - 3, level):
            paragraph, i = i - 3, i - 3  # the table moves up to the caption's place
            inline = tokens[paragraph + 1]
            del tokens[paragraph:paragraph + 3]
        elif _is_caption(tokens, close + 1, level):
            inline = tokens[close + 2]
            del tokens[close + 1:close + 4]
        else:
            i = close + 1
            continue
        inline.content = inline.content[_CAPTION.match(inline.content).end():]
        opening, closing = Token("caption_open", "caption", 1), Token("caption_close",
                                                                       "caption", -1)
        opening.block = closing.block = True
        opening.level, closing.level, inline.level = level + 1, level + 1, level + 2
        tokens[i + 1:i + 1] = [opening, inline, closing]
        i += 4


def parser(citations: bool = True) -> MarkdownIt:
    """CommonMark with tables, strikethrough, footnotes, front matter, ``$math$`` and what
    pandoc's Markdown adds that manuscripts use (fenced divs, definition lists, ``^sup^``,
    ``~sub~``, table captions, heading attributes); with the citation rule unless
    ``citations`` is false."""
    md = (MarkdownIt("commonmark", {"html": True})
          .enable(["table", "strikethrough"])
          .use(front_matter_plugin)
          .use(footnote_plugin)
          .use(deflist_plugin)
          .use(superscript_plugin)
          .use(sub_plugin)
          .use(dollarmath_plugin, allow_space=False, double_inline=True)
          .use(container_plugin, name="div",
               validate=lambda params, *a: bool(_DIV_INFO.match(params)),
               render=_render_div))
    md.inline.ruler.at("footnote_inline", _inline_note_rule)
    md.inline.ruler.at("footnote_ref", _note_call_rule)
    md.inline.ruler.at("image", _image_rule)
    md.core.ruler.before("inline", "table_captions", _table_captions)
    md.core.ruler.before("inline", "heading_attributes", _heading_attributes)
    md.core.ruler.after("inline", "line_blocks", _line_blocks)
    if citations:
        md.inline.ruler.before("link", "citation", _citation_rule)
    return md


@dataclass
class Manuscript:
    """A document as read: its text, its tokens, its citations (in the order written)."""

    text: str
    tokens: list
    citations: list[Citation] = field(default_factory=list)
    refs: tuple[int, int, int, int] | None = None  # the #refs div: open line's start and end,
    #                    close line's start and end (offsets); for a raw <div id="refs">, its
    #                    tags
    # the order of the running text: ("cite", citation) and ("note", footnote id)
    events: list[tuple[str, object]] = field(default_factory=list)
    note_citations: dict[int, list[Citation]] = field(default_factory=dict)
    note_labels: set[str] = field(default_factory=set)


class _Lines:
    """Offsets of the lines of a text."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.used: dict[int, int] = {}  # line -> where the next block's text is looked for

    def line(self, index: int) -> str:
        start = self.starts[index]
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.text)
        return self.text[start:end]

    def anchor(self, first_line: int, content: str) -> list[int]:
        """The document offsets where the lines of a block's inline ``content`` (whose first
        line is ``first_line``) start: each found in its source line, after what the blocks
        before found there (the cells of a table row share a line)."""
        starts = []
        for index, content_line in enumerate(content.split("\n")):
            source_index = min(first_line + index, len(self.starts) - 1)
            source_line = self.line(source_index)
            after = self.used.get(source_index, 0)
            found = source_line.find(content_line, after) if content_line else -1
            if found < 0 and content_line:
                found = source_line.find(content_line)
            if found < 0:
                found = max(0, len(source_line) - len(content_line))
            self.used[source_index] = found + len(content_line)
            starts.append(self.starts[source_index] + found)
        return starts

    @staticmethod
    def offset(starts: list[int], content: str, at: int) -> int:
        """The document offset of offset ``at`` of an inline content anchored at ``starts``
        (its line found among the content's line breaks, read once: a paragraph of
        thousands of citations counted them again for each)."""
        breaks = _line_breaks(content)
        line = bisect_left(breaks, at)
        return starts[line] + at - (breaks[line - 1] + 1 if line else 0)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset."""
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, offset - self.starts[lo] + 1


@lru_cache(maxsize=8)  # (asked at every citation of a block: read once)
def _line_breaks(content: str) -> list[int]:
    return [m.start() for m in re.finditer("\n", content)]


def _inline_notes(tokens, lines: _Lines) -> list[tuple[int, int]]:
    """The document offsets of every inline note ``^[...]``."""
    spans = []
    for token in tokens:
        if token.type == "inline" and token.children and token.map:
            starts = lines.anchor(token.map[0], token.content)
            for child in token.children:
                if child.type == "footnote_ref" and "span" in child.meta:
                    start, end = child.meta["span"]
                    spans.append((lines.offset(starts, token.content, start),
                                  lines.offset(starts, token.content, end)))
    return spans


def _notes_defined(text: str, spans: list[tuple[int, int]], taken: set[str]):
    """``text`` with each inline note a footnote call, its text defined at the end (the
    same note for every reader); and, for the findings, where each defined text was."""
    out, pos, moved, notes = [], 0, [], []
    for n, (start, end) in enumerate(spans, start=1):
        label = f"note-{n}"
        while label in taken:
            label = f"inline-{label}"
        out.append(text[pos:start] + f"[^{label}]")
        notes.append((label, start + 2, text[start + 2:end - 1]))
        pos = end
    out.append(text[pos:].rstrip("\n") + "\n")
    body = "".join(out)
    for label, origin, content in notes:
        body += f"\n[^{label}]: "
        moved.append((len(body), origin, content))
        body += content.replace("\n", "\n    ") + "\n"
    return body, moved


def _original_offset(offset: int, moved) -> int | None:
    """Where a character of a defined inline note was in the document as written."""
    for at, origin, content in moved:
        written = len(content) + 4 * content.count("\n")
        if at <= offset <= at + written:
            position = at
            for index, char in enumerate(content):
                if position >= offset:
                    return origin + index
                position += 5 if char == "\n" else 1  # a new line is indented 4 spaces
            return origin + len(content)
    return None


def read(text: str) -> Manuscript:
    """Parse ``text`` (newlines already ``\\n``) and locate every citation in it. Inline
    notes (``^[...]``) are made footnotes defined at the end first."""
    tokens = parser().parse(text)
    lines = _Lines(text)
    spans = _inline_notes(tokens, lines)
    moved = []
    if spans:
        labels = {t.meta.get("label") for t in tokens if t.type == "footnote_open"}
        original = lines
        text, moved = _notes_defined(text, spans, {str(label) for label in labels})
        tokens = parser().parse(text)
        lines = _Lines(text)
    doc = Manuscript(text, tokens)
    note, note_text_seen = None, False
    for index, token in enumerate(tokens):
        if token.type == "footnote_open":
            note, note_text_seen = token.meta["id"], False
            doc.note_citations.setdefault(note, [])
            if token.meta.get("label"):
                doc.note_labels.add(token.meta["label"])
        elif token.type == "footnote_close":
            note = None
        elif token.type == "container_div_open" and doc.refs is None \
                and _REFS.search(token.info) and token.map:
            doc.refs = _div_lines(tokens, index, lines)
        elif token.type == "html_block" and doc.refs is None and note is None and \
                token.map and _raw_refs_tag(token.content.lstrip(), 0) is not None:
            doc.refs = _raw_div(text, lines.starts[token.map[0]])
        elif token.type == "inline" and token.children and token.map:
            starts = lines.anchor(token.map[0], token.content)
            links = 0
            for child, base in _flattened(token.children):
                links += {"link_open": 1, "link_close": -1}.get(child.type, 0)
                if note is not None and child.type != "citation" and \
                        (child.type != "text" or child.content.strip()):
                    note_text_seen = True
                if child.type == "citation":
                    citation = child.meta["citation"]
                    citation.start = lines.offset(starts, token.content,
                                                  base + child.meta["start"])
                    citation.end = lines.offset(starts, token.content, base + child.meta["end"])
                    citation.line, citation.column = lines.position(citation.start)
                    if moved:
                        where = _original_offset(citation.start, moved)
                        if where is not None:
                            citation.line, citation.column = original.position(where)
                    citation.note = note
                    if links:
                        citation.link_end = link_end(text, citation.end)
                    citation.opens_note = note is not None and not note_text_seen
                    note_text_seen = note is not None
                    doc.citations.append(citation)
                    if note is None:
                        doc.events.append(("cite", citation))
                    else:
                        doc.note_citations[note].append(citation)
                elif child.type == "footnote_ref" and note is None:
                    doc.events.append(("note", child.meta["id"]))
    return doc


def _flattened(children, base: int = 0):
    """Each inline token with the offset its positions count from: an image's description
    (its alt text, a figure's caption) is parsed apart, from its own first character."""
    for child in children:
        yield child, base
        if child.type == "image" and child.children and "start" in child.meta:
            yield from _flattened(child.children, base + child.meta["start"] + 2)  # "!["


def _raw_div(text: str, start: int) -> tuple[int, int, int, int]:
    """The offsets of a raw ``<div id="refs">`` tag opening at or after ``start`` and of its
    ``</div>`` (the end of the document when it is never closed)."""
    opening = text.index("<", start)  # (the block opens with the tag: _raw_refs_tag)
    opening_end = _raw_refs_tag(text, opening)
    closing = _DIV_CLOSE.search(text, opening_end)
    if closing is None:
        return opening, opening_end, len(text), len(text)
    return opening, opening_end, closing.start(), closing.end()


def _raw_refs_tag(text: str, start: int) -> int | None:
    """Where a ``<div id="refs" ...>`` tag opening at ``start`` ends, or None."""
    end = text.find(">", start)
    if end < 0 or not _RAW_REFS.match(text, start, end):
        return None
    return end + 1


def _div_lines(tokens, index: int, lines: _Lines) -> tuple[int, int, int, int]:
    """The offsets of a div's opening fence line and of its closing one (the end of the
    document when it is never closed)."""
    open_line, close_line = tokens[index].map
    start_open = lines.starts[open_line]
    end_open = start_open + len(lines.line(open_line))
    if close_line < len(lines.starts) and lines.line(close_line).lstrip().startswith(":::"):
        start_close = lines.starts[close_line]
        return start_open, end_open, start_close, start_close + len(lines.line(close_line))
    return start_open, end_open, len(lines.text), len(lines.text)
