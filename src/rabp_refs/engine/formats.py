"""Output formatters for citeproc-py: plain text, and HTML escaped as citeproc-js escapes it.

A citeproc-py formatter is a namespace with ``preformat`` (escape raw text) and one wrapper
class per CSL formatting (Italic, Bold, SmallCaps ...).
"""
from __future__ import annotations

from types import SimpleNamespace

from citeproc.formatter import html as _html
from citeproc.formatter import plain as _plain

_ESCAPES = str.maketrans({"&": "&#38;", "<": "&#60;", ">": "&#62;"})


def _html_preformat(text) -> str:
    return str(text).translate(_ESCAPES)


def _namespace(module, **overrides) -> SimpleNamespace:
    names = ("Italic", "Oblique", "Bold", "Light", "Underline", "Superscript", "Subscript",
             "SmallCaps", "preformat")
    return SimpleNamespace(**{**{n: getattr(module, n) for n in names}, **overrides})


PLAIN = _namespace(_plain)
HTML = _namespace(_html, preformat=_html_preformat)

FORMATTERS = {"text": PLAIN, "html": HTML}
