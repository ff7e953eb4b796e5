"""Passes over rendered output, where the CSL specification lets a processor tidy the result.

Each pass takes a rendered string in the output format and returns it tidied; they run after
citeproc-py has rendered an entry or a citation.
"""
from __future__ import annotations

import re

# A full stop from an affix or delimiter right after a mark that already ends the sentence:
# "outcomes?." -> "outcomes?", "et al.." -> "et al.". Closing HTML tags may stand between the
# two ("?</i>."). An ellipsis "..." is left alone.
_DOUBLED_STOP = re.compile(r"(?<!\.)([?!.])((?:</[a-z]+>)*)\.(?!\.)")


def collapse_punctuation(text: str) -> str:
    if "." not in text:
        return text
    return _DOUBLED_STOP.sub(r"\1\2", text)


def tidy(text: str) -> str:
    return collapse_punctuation(text)
