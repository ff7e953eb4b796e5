"""Output formatters for citeproc-py: plain text, and HTML escaped as citeproc-js escapes it.

A citeproc-py formatter is a namespace with ``preformat`` (escape raw text) and one wrapper
class per CSL formatting (Italic, Bold, SmallCaps ...).
"""
from __future__ import annotations

from types import SimpleNamespace

from citeproc.formatter import html as _html
from citeproc.formatter import plain as _plain

import unicodedata

_ESCAPES = {"&": "&#38;", "<": "&#60;", ">": "&#62;"}
# Unicode's superscript letters and digits ("ª", "²", the "ʳᵉ" of French ordinals) are
# written as <sup> in HTML, one character each, as citeproc-js writes them.
_SUPERSCRIPTS = {}
for _code in range(0xA0, 0x3200):  # Latin-1 ... ⁰-⁹, ℠ ™, the kanbun marks
    _decomposition = unicodedata.decomposition(chr(_code))
    if _decomposition.startswith("<super> "):
        _base = "".join(chr(int(h, 16)) for h in _decomposition.split()[1:])
        _SUPERSCRIPTS[chr(_code)] = f"<sup>{''.join(_ESCAPES.get(c, c) for c in _base)}</sup>"
# four more that citeproc-js writes raised, with no <super> decomposition in Unicode
_SUPERSCRIPTS.update({"\u02c0": "<sup>\u0294</sup>", "\u02c1": "<sup>\u0295</sup>",
                      "\u06e5": "<sup>\u0648</sup>", "\u06e6": "<sup>\u064a</sup>"})
_HTML = str.maketrans({**_ESCAPES, **_SUPERSCRIPTS})


def _html_preformat(text) -> str:
    return str(text).translate(_HTML)


def _namespace(module, **overrides) -> SimpleNamespace:
    names = ("Italic", "Oblique", "Bold", "Light", "Underline", "Superscript", "Subscript",
             "SmallCaps", "preformat")
    return SimpleNamespace(**{**{n: getattr(module, n) for n in names}, **overrides})


def _normal(style: str) -> type:
    """An explicit "normal" (font-style, font-weight, font-variant): a span the flip-flop
    pass keeps inside the formatting it undoes and drops elsewhere (passes.py)."""
    return type(f"Normal_{style}", (_html.TagWrapper,),
                {"tag": "span", "attributes": {"style": f"{style}:normal;"}})


# vertical-align="baseline" set explicitly: citeproc-js's own markup for it
_Baseline = type("Baseline", (_html.TagWrapper,),
                 {"tag": "span", "attributes": {"style": "baseline"}})

PLAIN = _namespace(_plain, NormalStyle=str, NormalWeight=str, NormalVariant=str, Baseline=str)
HTML = _namespace(_html, preformat=_html_preformat, NormalStyle=_normal("font-style"),
                  NormalWeight=_normal("font-weight"), NormalVariant=_normal("font-variant"),
                  Baseline=_Baseline)

FORMATTERS = {"text": PLAIN, "html": HTML}
