"""Given names as initials (CSL 1.0.2, initialize-with), read as citeproc-js reads them: a
function of the text alone, used by cs:name (elements/names.py) and by the given-name
disambiguation (disambiguation.py)."""
from __future__ import annotations

import re


def initials(given: str, mark: str, full: bool = True, hyphen: bool = True) -> str:
    """Given names as initials: "John Lee" -> "J. L.", "Jean-Paul" -> "J.-P.".

    The given name is read as citeproc-js reads it: a period ends a piece ("Ph.M.E." is "Ph.",
    "M.", "E."); a piece ending in a period is an abbreviation that keeps its letters ("Ph.",
    "ME." -> "Ph", "ME"), a single capital is an initial, and any other word becomes its
    initial (with ``full`` false, initialize="false", it is kept: "John M.E." -> "John M. E.").
    Each initial takes the ``mark`` (initialize-with) without its trailing space; the space,
    if any, separates initials. A lower-case part of a compound ("Min-jun") has no initial; a
    lower-case word on its own (a particle) is kept.
    """
    pieces: list[tuple[str, bool]] = []  # (text, is an initial)
    stop = mark.rstrip()
    if not hyphen and full:
        # initialize-with-hyphen="false": the parts of a compound are given names of their
        # own ("Jean-Paul" -> "J. P.", "Min-jun" -> "M. jun"), as citeproc-js reads them
        given = given.replace("-", " ")
    for word in given.split():
        opening, word, closing = _unwrapped(word)  # "<b>John</b>" -> "<b>J.</b>" (citeproc-js)
        start = len(pieces)
        for token in _PIECES.split(word):
            if not token:
                continue
            parts = [p for p in token.split("-") if p]
            if len(parts) > 1:
                if not full and any(len(_unwrapped(p)[1].rstrip(".")) > 1 for p in parts):
                    pieces.append((token, False))  # a name, not initials: "Jean-Paul"
                    continue
                letters = []
                for n, part in enumerate(parts):
                    before, core, after = _unwrapped(part)
                    core = core.rstrip(".")
                    if n == 0 or len(core) == 1 or core[:1].isupper():
                        letters.append(before + core[:1] + stop + after if core else "")
                joined = ("-" if hyphen else "").join(x for x in letters if x)
                pieces.append((joined, True))
                continue
            bare = token.rstrip(".")
            if not bare:
                continue
            if token.endswith(".") or (len(bare) == 1 and bare.isupper()):
                pieces.append((bare + stop, True))  # an abbreviation or an initial
            elif bare[:1].islower() or not full:
                pieces.append((token, False))  # a particle, or a name kept whole
            elif len(bare) > 2 and bare[:2].isupper() and bare[2].islower():
                pieces.append((bare[0] + bare[1].lower() + stop, True))  # "TSerendorjiin": Ts.
            else:
                pieces.append((bare[0] + stop, True))
        if (opening or closing) and len(pieces) > start:
            first, is_initial = pieces[start]
            pieces[start] = (opening + first, is_initial)
            last, is_initial = pieces[-1]
            pieces[-1] = (last + closing, is_initial)
    text = ""
    for i, (piece, is_initial) in enumerate(pieces):
        if i:
            together = is_initial and pieces[i - 1][1] and not mark.endswith(" ")
            text += "" if together else " "
        text += piece
    return text


_PIECES = re.compile(r"(?<=\.)(?=[^\s.-])")  # after each period inside a word: "Ph.|M.|E."
_WRAPPED = re.compile(r"^((?:<[a-z][^<>]*>)+)([^<>]+)((?:</[a-z]+>)+)$")


def _unwrapped(text: str) -> tuple[str, str, str]:
    """Formatting tags around a whole word or part of a name: (opening, text, closing)."""
    m = _WRAPPED.match(text) if "<" in text else None
    return (m.group(1), m.group(2), m.group(3)) if m else ("", text, "")
