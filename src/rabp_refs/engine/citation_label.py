"""``citation-label`` for items whose data has none: the "trigraph" labels of citeproc-js
("Doe65", "RoNo78", "BrCh98", "DEFG26"), which alphabetic styles (Copernicus, DIN 1505-2
alphanumeric) print in place of a number.

The default trigraph is ``Aaaa00:AaAa00:AaAA00:AAAA00``: with one name, four letters of its
family name; with two, two letters of each; with three, two of the first and one of the
others; with four or more, one letter of each of the first four; then the last two digits
of the year (00 without one). A family name loses its lower-case particles ("von Dipheria"
is D), a leading article and everything that is not a letter; the piece is capitalised. An
item with no names takes the first letters of its title without the skip words written in
lower case ("The Art of ..." is "Thea").
"""
from __future__ import annotations

import re

from .textcase import STOP_WORDS

# the name variables looked at, in order; the first one with names is used
CREATORS = ("author", "editor", "translator", "contributor", "composer", "director",
            "interviewer", "recipient", "original-author", "container-author",
            "collection-editor")
# letters of each name, by number of names (the last applies to more)
TRIGRAPH = ((4,), (2, 2), (2, 1, 1), (1, 1, 1, 1))
YEAR_DIGITS = 2

_PARTICLES = re.compile(r"^(?:[a-z'’]+\s+)+")
_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.I)
_NOT_LETTER = re.compile(r"[^\w]|[\d_]", re.UNICODE)


def _capitalised(piece: str) -> str:
    return piece[:1].upper() + piece[1:].lower()


def _name_piece(name, letters: int) -> str:
    if not isinstance(name, dict):
        return ""
    text = name.get("family") or name.get("literal") or ""
    if not isinstance(text, str):
        return ""
    text = _PARTICLES.sub("", text.strip()) if name.get("family") else text
    text = _NOT_LETTER.sub("", _ARTICLE.sub("", text))
    return _capitalised(text[:letters])


def _year(item: dict) -> str:
    issued = item.get("issued")
    year = ""
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            year = str(parts[0][0]).strip()
    if not year.lstrip("-").isdigit():
        year = "0000"
    return year[-YEAR_DIGITS:]


def trigraph(item: dict) -> str:
    label = ""
    for variable in CREATORS:
        names = item.get(variable)
        if isinstance(names, list) and names:
            widths = TRIGRAPH[min(len(names), len(TRIGRAPH)) - 1]
            for name, letters in zip(names, widths):
                piece = _name_piece(name, letters)
                if not piece:
                    break
                label += piece
            break
    if not label:
        title = item.get("title")
        if isinstance(title, str):
            words = [w for w in title.split() if w not in STOP_WORDS]  # as written: "The" stays
            label = _capitalised(_NOT_LETTER.sub("", "".join(words))[:TRIGRAPH[0][0]])
    return label + _year(item)
