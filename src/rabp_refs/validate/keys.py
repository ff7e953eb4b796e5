"""RB1xx keys: case collisions (across files too) and characters a key cannot hold."""
from __future__ import annotations

import re

from .. import rules

_GOOD_KEY = re.compile(r"^[A-Za-z0-9_\-:./+]+$")


def check(ctx) -> None:
    first_spelling: dict[str, object] = {}
    for record in ctx.records:
        key = record.key
        folded = key.lower()
        other = first_spelling.get(folded)
        if other is None:
            first_spelling[folded] = record
        elif other.key != key:
            ctx.report(rules.CASE_COLLISION, f"key '{key}' differs from '{other.key}' (line "
                       f"{other.entry.line}) only in case", record)
        if not _GOOD_KEY.match(key):
            bad = sorted({c for c in key if not re.match(r"[A-Za-z0-9_\-:./+]", c)})
            ctx.report(rules.BAD_KEY, "key has characters " + " ".join(repr(c) for c in bad),
                       record)
