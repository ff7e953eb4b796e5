"""citeproc-py's MixedString built piece by piece in linear time.

``out += piece`` on a MixedString normalises the seam (no double space, no doubled
punctuation: ``citeproc.string.normalize_seam``) by turning all the text so far into a string:
a value of many pieces ("<i>" ten thousand times) took quadratic time. ``MixedBuilder`` keeps
the last character instead and gives the same MixedString.
"""
from __future__ import annotations

from citeproc.string import MixedString, String, normalize_seam


class MixedBuilder:
    def __init__(self, start=None):
        """``start``: the text so far, as its first ``+`` makes it a MixedString (a piece
        of its own, or a MixedString's pieces)."""
        self._parts: list = [] if start is None else \
            list(start) if isinstance(start, list) else [start]
        self._last = "" if start is None else str(start)[-1:]  # the text so far's last

    @property
    def last(self) -> str:
        """The last character of the text so far ("" for none)."""
        return self._last

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
    string: a page list of thousands of ranges took quadratic time), in linear time and with
    the same result: each seam normalised by the join, and again by the ``+`` after it
    unless both sides are plain ``str`` (then ``+`` only concatenates, and the result stays
    a ``str`` until a String or MixedString joins it)."""
    pieces = iter(pieces)
    first = next(pieces, None)
    if first is None:
        return String("")
    return _joined(first, pieces, delimiter)


def _joined(first, pieces, delimiter: str):
    plain: list[str] | None = [first] if type(first) is str else None  # a str so far
    last = first[-1:] if plain is not None else ""
    out = MixedBuilder(first) if plain is None else None
    added = False
    for piece in pieces:
        for part in (delimiter, piece):
            part = normalize_seam(last if plain is not None else out.last, part)
            if plain is not None and type(part) is str:
                plain.append(part)
                last = part[-1:] or last
                continue
            if plain is not None:  # str + String: MixedString([the str so far]) + ...
                text = "".join(plain)
                if not text:  # ("" + x is x itself)
                    return _joined(part, pieces, delimiter)
                out, plain = MixedBuilder(text), None
            added = added or part != ""  # (a String + anything but "" is a MixedString)
            out.add(part)
    if plain is not None:
        return "".join(plain)
    return out.build() if added or type(first) is str else first
