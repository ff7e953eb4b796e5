"""Cite grouping and collapsing (CSL 1.0.2, "Cite Grouping" and "Cite Collapsing"), the
layout delimiter between cites, and the capitalised term opening a note's cite: pure
functions over the cites a citation has rendered (each cite with its text), given the
delimiters the style sets. ``elements/layout.py`` renders the cites and calls them."""
from __future__ import annotations

import re

from citeproc.string import join as join_strings

from .passes import AFFIX_CLOSE_QUOTE, last_visible

LEADING_TAGS = re.compile(r"^(?:<[^>]+>)*")  # the tags a rendered cite opens with
PUNCTUATION = ",.;:!?"


def first_in_citation(cite) -> bool:
    citation = getattr(cite, "citation", None)
    return citation is None or not citation.cites or citation.cites[0] is cite


def opens_sentence(prefix: str, first: bool = True) -> bool:
    """The first cite of a citation with no prefix, or any cite after a prefix that ends a
    sentence: "Caps after. " does, a single abbreviated word ("Cf. ", "Nocapsafter. ") does
    not (citeproc-js). A later cite with no prefix continues the citation ("Noakes p. 34;
    ibid.")."""
    words = prefix.strip().rstrip("\"'”’»" + AFFIX_CLOSE_QUOTE)
    if not words:
        return first
    return words[-1] in "!?" or (words[-1] == "." and " " in words)


def capitalise_opening_term(text: str, terms: list[str]) -> str:
    """In a note style, a term that opens a cite ("ibid.", or after a prefix that ends a
    sentence) starts with a capital (citeproc-js): "Ibid. p. 23"."""
    start = LEADING_TAGS.match(text).end()
    body = text[start:]
    if any(term and term[0].islower() and body.startswith(term) for term in terms):
        return text[:start] + body[0].upper() + body[1:]
    return text


def joined(rendered, delimiter: str):
    """The cites joined by the layout's delimiter, which gives way to the user's own
    punctuation (citeproc-js): a prefix that opens with punctuation replaces it ("Book
    A, cited in Book B"), and after a suffix that ends with punctuation only its space
    is left ("Smith is one source, Jones")."""
    pieces = []
    for n, (cite, text) in enumerate(rendered):
        if n:
            opening = str(cite.get("prefix", "")).lstrip()[:1]
            closing = last_visible(str(pieces[-1]))[-1:]
            if opening and opening in PUNCTUATION:
                pass
            elif closing and closing in PUNCTUATION and \
                    rendered[n - 1][0].get("suffix", ""):
                pieces.append(delimiter.lstrip(PUNCTUATION))
            else:
                pieces.append(delimiter)
        pieces.append(text)
    return join_strings(pieces)


def after_collapse_joined(members, rest, delimiter: str, after_collapse: str) -> str:
    """citeproc-js, where a style gives after-collapse-delimiter: the collapsed cites of
    one author are joined by the layout's delimiter, and after a cite with a locator by
    after-collapse-delimiter ("(Wong 1999, 328; 2000, 475)", "(Smith 2000; 2001)")."""
    pieces = [members[0][1]]
    for (previous, _), text in zip(members, rest):
        if text:
            pieces += [after_collapse if previous.get("locator", None) else delimiter, text]
    return join_strings(pieces)


def number_ranges(rendered, delimiter: str, after_collapse: str) -> str:
    """collapse="citation-number": three or more consecutive numbers become a range,
    "[1]–[4]"; a cite with a locator or affixes stands alone."""
    runs = []  # [[(number, text, with a locator), ...]]
    for cite, text in rendered:
        located = bool(cite.get("locator", None))
        plain = not (located or cite.get("prefix", None) or cite.get("suffix", None))
        number = cite.number if plain else None
        if number is not None and runs and runs[-1][-1][0] is not None and \
                runs[-1][-1][0] + 1 == number:
            runs[-1].append((number, text, located))
        else:
            runs.append([(number, text, located)])
    # after a range, or a cite with a locator (which stands for one), comes the
    # after-collapse-delimiter (citeproc-js: "(1, act. 10; 11, app. 11)")
    pieces = []  # (text, whether a range or a cite that stands alone)
    for run in runs:
        if len(run) >= 3:
            pieces.append((join_strings([run[0][1], run[-1][1]], "\u2013"), True))
        else:
            pieces.extend((text, located) for _, text, located in run)
    out = [pieces[0][0]]
    for (_, alone), (text, _) in zip(pieces, pieces[1:]):
        out += [after_collapse if alone else delimiter, text]
    return join_strings(out)
