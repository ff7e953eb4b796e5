"""Passes over rendered output, where the CSL specification lets a processor tidy the result.

Each pass takes a rendered string in the output format and returns it tidied; they run after
citeproc-py has rendered an entry or a citation.
"""
from __future__ import annotations

import re

# A full stop from an affix or delimiter right after a mark that already ends the sentence or
# the clause: "outcomes?." -> "outcomes?", "et al.." -> "et al.", "In:." -> "In:". Closing
# HTML tags may stand between the two ("?</i>."). An ellipsis "..." is left alone.
_DOUBLED_STOP = re.compile(r"(?<!\.)([?!.:;])((?:</[a-z]+>)*)\.(?!\.)")
# Two marks where one element's suffix meets the next one's prefix ("semicolon;" + ": colon"),
# resolved as citeproc-js resolves them: the same mark once; a colon after ; ! ? and a full
# stop after : ; ! ? are dropped; ! or ? after : or ; replaces it; any other pair stays
# ("etc.," "Why?!").
_MARK_PAIR = re.compile(r"(?<![.:;!?,])([:;!?,])((?:</[a-z]+>)*)([:;!?,])(?![.:;!?,])")


def _resolve_pair(m: re.Match) -> str:
    first, tags, second = m.group(1), m.group(2), m.group(3)
    if first == second or (second == ":" and first in ";!?"):
        return first + tags
    if second in "!?" and first in ":;":
        return second + tags
    return m.group(0)


def collapse_punctuation(text: str) -> str:
    if "." in text:
        text = _DOUBLED_STOP.sub(r"\1\2", text)
    if any(c in text for c in ":;!?,"):
        text = _MARK_PAIR.sub(_resolve_pair, text)
    return text


def punctuation_in_quote(text: str, close_quote: str = "”") -> str:
    """Move a comma or full stop that follows a closing quotation mark inside it, as locales
    with ``punctuation-in-quote="true"`` (American English) ask: “Title”. -> “Title.”"""
    if close_quote not in text:
        return text
    pattern = _moving_punctuation(close_quote)
    return pattern.sub(lambda m: m.group(2) + m.group(1), text)


def _moving_punctuation(close_quote: str) -> re.Pattern:
    pattern = _MOVING.get(close_quote)
    if pattern is None:
        # an inner closing quote right before it moves with it: “This is ‘The One.’”
        inner = "’?" if close_quote == "”" else ""
        pattern = _MOVING[close_quote] = re.compile(
            "(" + inner + re.escape(close_quote) + r"(?:</[a-z]+>)*)([.,])")
    return pattern


_MOVING: dict[str, re.Pattern] = {}


_FLIP_TAG = re.compile(r"</?[ib]>")
_NORMAL = {"i": '<span style="font-style:normal;">', "b": '<span style="font-weight:normal;">'}


def flip_flop(html: str) -> str:
    """Italics inside italics are set upright, bold inside bold normal (CSL 1.0.2 formatting
    flip-flop): "<i>One <i>Two</i></i>" -> "<i>One <span style="font-style:normal;">Two</span></i>".
    """
    if html.count("<i>") < 2 and html.count("<b>") < 2:
        return html
    out, pos = [], 0
    stack: dict[str, list[bool]] = {"i": [], "b": []}  # per style: True = set, False = undone
    for m in _FLIP_TAG.finditer(html):
        out.append(html[pos:m.start()])
        tag = m.group()
        style = tag.strip("</>")
        opened = stack[style]
        if not tag.startswith("</"):
            on = bool(opened) and opened[-1]
            opened.append(not on)
            out.append(_NORMAL[style] if on else tag)
        elif opened:
            out.append(tag if opened.pop() else "</span>")
        else:
            out.append(tag)
        pos = m.end()
    out.append(html[pos:])
    return "".join(out)


def tidy(text: str, *, quote_punctuation: str | None = None, html: bool = False) -> str:
    """All passes, in order. ``quote_punctuation``: the locale's closing quotation mark when
    its punctuation-in-quote option is true; ``html``: the output is HTML."""
    if quote_punctuation:
        text = punctuation_in_quote(text, quote_punctuation)
    if html:
        text = flip_flop(text)
    return collapse_punctuation(text)
