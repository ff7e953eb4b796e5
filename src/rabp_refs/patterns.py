"""Separators with spaces around them ("a , b", "1 - 2") as regular expressions that stay
linear on hostile input.

The plain form, ``\\s*,\\s*``, is tried from every space of a run of spaces, and reads the rest
of the run each time: on a long run that never reaches the separator, quadratic (20,000
spaces in a page or ISBN field took seconds). These forms are tried only where a run of
spaces starts (or just after an escaped space, ``\\ ``, where a brace-aware splitter resumes)
and on the separator itself, and match what the plain form matches.
"""
from __future__ import annotations

import re


def spaced(separator: str, flags: int = 0) -> re.Pattern:
    """``\\s*(?:separator)\\s*``, in linear time. ``separator`` must not match a space."""
    return re.compile(rf"(?:(?<![^\\]\s)|(?=(?:{separator})))\s*+(?:{separator})\s*+", flags)


# A language tag as BCP 47 writes one (a 2-3 letter language, then subtags of letters and
# digits, the "x" of private use among them: en-US-x-sort-ja-alalc97): what a style's
# default-locale, --locale and a LaTeX preamble's language may hold. Nothing else may reach
# an XPath (citeproc-py builds one from the locale) or a document's preamble.
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


# What may stand before a DOI in a doi field: its link (https://doi.org/, the older
# dx.doi.org) or "doi:". DOI_PREFIX strips it; the text is for patterns that read more around it.
DOI_PREFIX_TEXT = r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*)"
DOI_PREFIX = re.compile(r"^\s*" + DOI_PREFIX_TEXT, re.IGNORECASE)
