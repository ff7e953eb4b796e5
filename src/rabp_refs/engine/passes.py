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


def collapse_punctuation(text: str) -> str:
    if "." not in text:
        return text
    return _DOUBLED_STOP.sub(r"\1\2", text)


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
        pattern = _MOVING[close_quote] = re.compile(
            "(" + re.escape(close_quote) + r"(?:</[a-z]+>)*)([.,])")
    return pattern


_MOVING: dict[str, re.Pattern] = {}


def tidy(text: str, *, quote_punctuation: str | None = None) -> str:
    """All passes, in order. ``quote_punctuation``: the locale's closing quotation mark when
    its punctuation-in-quote option is true."""
    if quote_punctuation:
        text = punctuation_in_quote(text, quote_punctuation)
    return collapse_punctuation(text)
