"""citeproc-py's MixedString built piece by piece in linear time.

``out += piece`` on a MixedString normalises the seam (no double space, no doubled
punctuation: ``citeproc.string.normalize_seam``) by turning all the text so far into a string:
a value of many pieces ("<i>" ten thousand times) took quadratic time. ``MixedBuilder`` keeps
the last character instead and gives the same MixedString.
"""
from __future__ import annotations

from citeproc.string import MixedString, String, normalize_seam


class MixedBuilder:
    def __init__(self):
        self._parts: list = []
        self._last = ""  # the last character of the text so far

    def add(self, piece) -> None:
        """As ``out += piece`` (a String, NoCase or MixedString)."""
        if piece == "":
            return
        piece = normalize_seam(self._last, piece)
        if piece == "" or piece == []:
            return
        if isinstance(piece, list):
            self._parts.extend(piece)
        else:
            self._parts.append(piece)
        text = str(piece)
        if text:
            self._last = text[-1]

    def build(self) -> MixedString:
        return MixedString(self._parts)


def join(pieces, delimiter: str = ""):
    """As ``citeproc.string.join`` (whose every ``+`` turned all the text so far into a
    string: a page list of thousands of ranges took quadratic time), in linear time: each
    seam normalised twice, by the join and by the ``+`` after it, as there."""
    pieces = iter(pieces)
    first = next(pieces, None)
    if first is None:
        return String("")
    out, added = MixedBuilder(), False
    out.add(first)
    for piece in pieces:
        for part in (delimiter, piece):
            part = normalize_seam(out._last, part) if part != "" else part
            before = len(out._parts)
            out.add(part)
            added = added or len(out._parts) > before
    return out.build() if added else first
