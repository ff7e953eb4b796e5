"""``display`` and ``second-field-align`` in bibliography entries (CSL 1.0.2, "Display" and
"Whitespace"), which citeproc-py ignored: "[1]J. Doe, Book A" in IEEE instead of
"[1] J. Doe, Book A".

While an entry renders, each part to display is enclosed in a pair of Unicode noncharacters
(they pass through citeproc-py's string handling and HTML escaping untouched); once the entry
is complete, :func:`apply` turns them into the output format's form, the one citeproc-js
writes:

- HTML: ``div.csl-block``, ``div.csl-left-margin`` + ``div.csl-right-inline``, and
  ``div.csl-indent``, with citeproc-js's line breaks so entries compare with its output.
- plain text (and the formats written from it): a block and a margin as they are, the
  right-hand part and an indent after a space.
"""
from __future__ import annotations

import re

from .marks import DISPLAY_CLOSE, DISPLAY_OPEN

BLOCK, LEFT_MARGIN, RIGHT_INLINE, INDENT = "block", "left-margin", "right-inline", "indent"
# Unicode noncharacters, which the standard keeps for a program's internal use: never in
# text a user can exchange
_OPEN = DISPLAY_OPEN
_CLOSE = DISPLAY_CLOSE
_KIND = {mark: kind for kind, mark in _OPEN.items()}
MARKS = frozenset(_OPEN.values()) | frozenset(_CLOSE.values())

_HTML = {
    BLOCK: ('\n\n    <div class="csl-block">', "</div>\n"),
    LEFT_MARGIN: ('\n    <div class="csl-left-margin">', "</div>"),
    RIGHT_INLINE: ('<div class="csl-right-inline">', "</div>\n  "),
    INDENT: ('<div class="csl-indent">', "</div>\n  "),
}
_TEXT = {BLOCK: ("", ""), LEFT_MARGIN: ("", ""), RIGHT_INLINE: (" ", ""), INDENT: (" ", "")}
# a part runs from its opening mark to the next closing mark of its own kind, so parts of
# other kinds can sit inside it
_OPEN_MARKS = frozenset(_OPEN.values())
_PART = re.compile("|".join(f"({_OPEN[k]})(.*?){_CLOSE[k]}" for k in _OPEN), re.S)


def kind_of(value: str | None) -> str | None:
    return value if value in _OPEN else None


def enclose(kind: str, text):
    """``text`` (a str or citeproc-py string) marked as one part to display."""
    return _OPEN[kind] + text + _CLOSE[kind]


def has_marks(text: str) -> bool:
    return any(mark in text for mark in MARKS)


def suffix_inside(text: str) -> str:
    """What follows the last right-hand part or block (the layout's suffix) goes inside it,
    as in citeproc-js; done before the punctuation passes, so that "n.d." + "." is "n.d."
    (and "305." + "." is "305." after a block, Isabella Stewart Gardner Museum)."""
    for kind in (RIGHT_INLINE, BLOCK):
        close = _CLOSE[kind]
        last = text.rfind(close)
        if last != -1 and last < len(text) - 1 and not has_marks(text[last + 1:]):
            text = text[:last] + text[last + 1:] + close
            break
    end = text.rfind(_CLOSE[RIGHT_INLINE])
    if _MARK_AFTER_MARGIN.search(text):
        # a right-hand part that opens with punctuation (an affix ". " whose element
        # before it went into the margin) gives it to the margin: "1995." + " Pathé."
        # (citeproc-js; before, "1995 . Pathé.")
        text = _MARK_AFTER_MARGIN.sub(r"\2\1\3", text)
    if end == -1 and _AFTER_LAST_MARGIN.search(text):
        # an entry that ends with its left-margin part (AAA's date, when the right-hand
        # part is empty) drops the layout's suffix: "Clean Air Act of 2019 2019" (citeproc-js)
        text = _AFTER_LAST_MARGIN.sub(_CLOSE[LEFT_MARGIN], text)
    return text


# a left-margin part's end, then a right-hand part that opens with punctuation
_MARK_AFTER_MARGIN = re.compile("(" + re.escape(_CLOSE[LEFT_MARGIN]) + re.escape(
    _OPEN[RIGHT_INLINE]) + ")([.,;:])(?![.,;:])(\\s)")
# a left-margin part's end followed by nothing but the layout's suffix
_AFTER_LAST_MARGIN = re.compile(re.escape(_CLOSE[LEFT_MARGIN]) + r"[.,;:]?\s*\Z")


def apply(text: str, html: bool) -> str:
    """The entry with its marked parts in the output's form."""
    if not has_marks(text):
        return text
    forms = _HTML if html else _TEXT

    def replace(m: re.Match) -> str:
        index = next(i for i in range(1, len(m.groups()), 2) if m.group(i) is not None)
        kind = _KIND[m.group(index)]
        before, after = forms[kind]
        content = apply(m.group(index + 1), html)
        if kind == RIGHT_INLINE and m.end() < len(m.string) and \
                m.string[m.end()] in _OPEN_MARKS:
            # a right-hand part before another part keeps its trailing space inside in
            # HTML ("1810. </div>") and drops it in text ("1810. British Library", ISO 690),
            # as citeproc-js
            return before + (content if html else content.rstrip(" ")) + after
        if kind == RIGHT_INLINE:  # trailing spaces end up after the part (citeproc-js)
            stripped = content.rstrip(" ")
            return before + stripped + after + content[len(stripped):]
        if kind == BLOCK and not html:
            # a block is a line of its own: in one line of text, a space parts it from
            # what is beside it ("Neva and Gillick 2014 Shoji Neva and ...", Isabella
            # Stewart Gardner Museum; citeproc-js writes a newline), not nothing
            text, start, end = m.string, m.start(), m.end()
            # (a part of another kind beside it brings its own space; the layout's suffix
            # takes none)
            if start and not text[start - 1].isspace() and text[start - 1] not in MARKS:
                before = " " + before
            if end < len(text) and not text[end].isspace() and text[end] not in ".,;:" and \
                    (text[end] not in MARKS or text[end] == _OPEN[BLOCK]):
                after += " "
        return before + content + after

    text = _PART.sub(replace, text)
    return "".join(ch for ch in text if ch not in MARKS)  # an unpaired mark


def strip(text: str) -> str:
    if not has_marks(text):
        return text
    return "".join(ch for ch in text if ch not in MARKS)
