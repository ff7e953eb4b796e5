"""RB0xx beyond what the reader reports: lost entries, unused @string macros."""
from __future__ import annotations

import re

from .. import rules
from ..csl_data import ENTRY_TYPES

_FIELD_LIKE = re.compile(r"^\s*[A-Za-z][\w-]*\s*=\s*[{\"0-9]")
_ENTRY_LIKE = re.compile(r"^\s*(" + "|".join(sorted(ENTRY_TYPES, key=len, reverse=True)) +
                         r")\s*[{(]\s*[^,\s]+\s*,", re.IGNORECASE)


def check(ctx) -> None:
    for bib in ctx.bibliographies:
        for line, comment in bib.comments:
            for offset, text in enumerate(comment.splitlines()):
                if text.lstrip().startswith("%"):
                    continue
                if _ENTRY_LIKE.match(text):
                    ctx.report(rules.LOST_ENTRY, f"'{text.strip()[:40]}' looks like an entry "
                               "without its '@'; it is not read", file=bib.file,
                               line=line + offset)
                elif _FIELD_LIKE.match(text):
                    ctx.report(rules.LOST_ENTRY, f"'{text.strip()[:40]}' looks like a field "
                               "outside any entry; it is not read", file=bib.file,
                               line=line + offset,
                               hint="an entry above was probably closed too early")
        # a file of @strings only is a library for the files after it (IEEEabrv.bib): its
        # macros are not all meant to be used
        for macro in bib.strings.values() if bib.entries else ():
            if macro.uses == 0:
                ctx.report(rules.UNUSED_MACRO, f"@string '{macro.name}' is never used",
                           file=bib.file, line=macro.line)
