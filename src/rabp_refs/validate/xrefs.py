"""RB5xx references between records: crossref/xref targets that are missing, and cycles."""
from __future__ import annotations


from .. import rules
from ..csl_data import split_top_level
from ..patterns import spaced

_LIST = spaced(",")
SHOWN = 8  # keys of a cycle written out in its message; the rest are counted


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
    cycles = _cycles({key: _parent(record, keys) for key, record in keys.items()})
    for record in ctx.records:
        key, parent = record.key.lower(), _parent(record, keys)
        if key in cycles and parent in cycles and cycles[parent][0] is cycles[key][0]:
            ctx.report(rules.CROSSREF_CYCLE, f"crossref cycle: {_chain(*cycles[key])}", record,
                       "crossref")


def _parent(record, keys) -> str | None:
    target = (record.entry.get("crossref") or "").strip().lower()
    return target if target in keys else None


def _cycles(parent: dict[str, str | None]) -> dict[str, tuple[list[str], int]]:
    """Each key on a crossref cycle -> the cycle's keys in order and its place there.

    Every record has at most one parent, so each key is walked once: the work is linear in
    the number of records (a walk with a list of the keys seen was cubic: 3,000 entries in a
    chain took three minutes)."""
    on_cycle: dict[str, tuple[list[str], int]] = {}
    done: set[str] = set()
    for start in parent:
        path: list[str] = []
        at: dict[str, int] = {}  # key -> its place on this walk's path
        key = start
        while key is not None and key not in done and key not in at:
            at[key] = len(path)
            path.append(key)
            key = parent[key]
        if key is not None and key in at:
            cycle = path[at[key]:]
            for i, member in enumerate(cycle):
                on_cycle[member] = cycle, i
        done.update(path)
    return on_cycle


def _chain(cycle: list[str], i: int) -> str:
    """"a -> b -> c -> a" from the cycle's i-th key around it; a long cycle's middle is
    counted, so that its messages together are not quadratic in its length."""
    keys = [cycle[(i + n) % len(cycle)] for n in range(min(len(cycle), SHOWN))]
    if len(cycle) > SHOWN:
        keys[-1] = f"... ({len(cycle) - SHOWN + 1} more)"
    return " -> ".join(keys + [cycle[i]])
