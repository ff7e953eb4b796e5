"""RB5xx references between records: crossref/xref targets that are missing, and cycles."""
from __future__ import annotations

from .. import rules
from ..csl_data import split_top_level
import re

_LIST = re.compile(r"\s*,\s*")


def check(ctx) -> None:
    keys = {r.key.lower(): r for r in ctx.records}
    for record in ctx.records:
        for name in ("crossref", "xref"):
            value = record.entry.get(name)
            if not value:
                continue
            for target in filter(None, (t.strip() for t in split_top_level(value, _LIST))):
                if target.lower() not in keys:
                    ctx.report(rules.MISSING_CROSSREF, f"{name} '{target}' is not a key of this "
                               "bibliography", record, name)
    for record in ctx.records:
        seen = [record.key.lower()]
        current = record
        while True:
            target = (current.entry.get("crossref") or "").strip().lower()
            if not target or target not in keys:
                break
            if target in seen:
                if target == record.key.lower():
                    chain = " -> ".join(seen + [target])
                    ctx.report(rules.CROSSREF_CYCLE, f"crossref cycle: {chain}", record,
                               "crossref")
                break
            seen.append(target)
            current = keys[target]
