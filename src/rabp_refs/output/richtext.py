"""Rendered HTML as a tree of formatted spans, for the writers of the other output formats.

The engine renders every rich format as HTML first (the form the CSL test suite and
citeproc-js check), then a writer turns that HTML into Markdown, RTF or LaTeX. The HTML is
the small vocabulary of CSL formatting: ``<i>``, ``<b>``, ``<sup>``, ``<sub>``, ``<u>``,
``<a href>`` and ``<span style="...">`` for small caps and the "normal" settings that undo a
formatting (flip-flop). Anything else keeps its text and loses its tag, so no text is ever
dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# CSL formatting, as the writers know it
ITALIC, BOLD, SMALL_CAPS, UNDERLINE = "italic", "bold", "small-caps", "underline"
SUPERSCRIPT, SUBSCRIPT, LINK = "superscript", "subscript", "link"
UPRIGHT, NORMAL_WEIGHT, NORMAL_VARIANT, NO_DECORATION = (
    "upright", "normal-weight", "normal-variant", "no-decoration")
NOCASE = "nocase"  # CSL-JSON's <span class="nocase">: text no case change may touch
PLAIN = "plain"  # a tag the writers have no formatting for: its text only

_TAGS = {"i": ITALIC, "em": ITALIC, "b": BOLD, "strong": BOLD, "u": UNDERLINE,
         "sup": SUPERSCRIPT, "sub": SUBSCRIPT, "a": LINK}
_STYLES = {
    "font-variant:small-caps": SMALL_CAPS, "font-style:italic": ITALIC,
    "font-style:oblique": ITALIC, "font-style:normal": UPRIGHT,
    "font-weight:bold": BOLD, "font-weight:normal": NORMAL_WEIGHT,
    "font-variant:normal": NORMAL_VARIANT, "text-decoration:underline": UNDERLINE,
    "text-decoration:none": NO_DECORATION,
}
_VOID = {"br", "wbr", "img", "hr"}
# Spans nested deeper than this add no formatting (their text is kept): the tree is walked
# recursively, and "<i>" 8,000 times in a CSL-JSON title went past Python's recursion limit.
MAX_NESTING = 100


@dataclass
class Span:
    """Text under one formatting; ``children`` are strings and spans."""

    formatting: str
    children: list = field(default_factory=list)
    href: str | None = None

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


def _formatting(tag: str, attrs: dict) -> str:
    if tag in _TAGS:
        return _TAGS[tag]
    if tag == "span":
        classes = (attrs.get("class") or "").split()
        if "smallcaps" in classes:  # pandoc's HTML
            return SMALL_CAPS
        if "upright" in classes:
            return UPRIGHT
        if "nocase" in classes:
            return NOCASE
        style = re.sub(r"\s+", "", (attrs.get("style") or "").lower()).rstrip(";")
        return _STYLES.get(style, PLAIN)
    if tag == "sc":
        return SMALL_CAPS
    return PLAIN


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Span(PLAIN)
        self.stack = [self.root]
        self.too_deep = 0  # tags opened past MAX_NESTING, not yet closed

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            self.stack[-1].children.append(" ")
            return
        if len(self.stack) > MAX_NESTING:
            self.too_deep += 1
            return
        attrs = dict(attrs)
        span = Span(_formatting(tag, attrs), href=attrs.get("href") if tag == "a" else None)
        self.stack[-1].children.append(span)
        self.stack.append(span)

    def handle_startendtag(self, tag, attrs):
        if tag in _VOID:
            self.stack[-1].children.append(" ")

    def handle_endtag(self, tag):
        if self.too_deep:
            self.too_deep -= 1
        elif len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data):
        children = self.stack[-1].children
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)


def parse(html: str) -> Span:
    """The tree of ``html`` under a plain root span."""
    builder = _TreeBuilder()
    # every tag ends with a ">": after the last one, a "<" is text. Python's HTMLParser tried
    # each such "<" as a tag to the end of the text (quadratic: "<b " 4,000 times, 1.7 s)
    last = html.rfind(">")
    if "<" in html[last + 1:]:
        html = html[:last + 1] + html[last + 1:].replace("<", "&lt;")
    builder.feed(html)
    builder.close()
    return builder.root


@dataclass(frozen=True)
class Run:
    """A stretch of text with the formatting in effect on it (flattened: "upright" inside
    italics is simply not italic)."""

    text: str
    italic: bool = False
    bold: bool = False
    small_caps: bool = False
    underline: bool = False
    vertical: str = ""  # "", "superscript" or "subscript"
    href: str | None = None


_EFFECT = {
    ITALIC: ("italic", True), UPRIGHT: ("italic", False), BOLD: ("bold", True),
    NORMAL_WEIGHT: ("bold", False), SMALL_CAPS: ("small_caps", True),
    NORMAL_VARIANT: ("small_caps", False), UNDERLINE: ("underline", True),
    NO_DECORATION: ("underline", False), SUPERSCRIPT: ("vertical", SUPERSCRIPT),
    SUBSCRIPT: ("vertical", SUBSCRIPT),
}


def runs(html: str) -> list[Run]:
    """``html`` as runs of uniformly formatted text, adjacent equal formats merged."""
    out: list[Run] = []

    def walk(span: Span, state: dict) -> None:
        state = dict(state)
        if span.formatting in _EFFECT:
            name, value = _EFFECT[span.formatting]
            state[name] = value
        elif span.formatting == LINK and span.href:
            state["href"] = span.href
        for child in span.children:
            if isinstance(child, str):
                if not child:
                    continue
                run = Run(child, **state)
                if out and _same_format(out[-1], run):
                    out[-1] = Run(out[-1].text + child, **state)
                else:
                    out.append(run)
            else:
                walk(child, state)

    walk(parse(html), {})
    return out


def _same_format(a: Run, b: Run) -> bool:
    return (a.italic, a.bold, a.small_caps, a.underline, a.vertical, a.href) == (
        b.italic, b.bold, b.small_caps, b.underline, b.vertical, b.href)


def plain_text(html: str) -> str:
    return parse(html).text()
