"""citeproc-py's MixedString built piece by piece in linear time.

``out += piece`` on a MixedString normalises the seam (no double space, no doubled
punctuation: ``citeproc.string.normalize_seam``) by turning all the text so far into a string:
a value of many pieces ("<i>" ten thousand times) took quadratic time. ``MixedBuilder`` keeps
the last character instead and gives the same MixedString.
"""
from __future__ import annotations

from citeproc.string import MixedString, normalize_seam


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
