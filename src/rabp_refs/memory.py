"""Python's cyclic garbage collector kept off what lives to the end.

Reading, mapping and checking allocate hundreds of thousands of small objects (blocks, fields,
runs, CSL dicts) and free almost none of them until the end; the collector's passes over
them found nothing to collect and took a tenth of `check`'s time on 10,000 entries
(collector_paused). Reference counting still frees everything at once; the collector
resumes, as it was, afterwards.

Rendering makes cycles of its own, so the collector runs; but what a render builds first
(the references, the cites) and what the caller holds lives to the end, and its full passes
over them found nothing either: 0.66 s of a 50,000-entry render. ``frozen`` leaves every
object alive at its start out of the passes until its end (``gc.freeze``). A forked worker
needs that too: a pass in the worker writes to every object it visits, and so copies the
page the object lies in.
"""
from __future__ import annotations

import gc
import weakref
from contextlib import contextmanager
from typing import Iterator

_frozen = 0  # frozen() blocks open: the objects in the permanent generation are ours
_dropped = 0  # owners of cycles (leaves_cycles) dropped since the last collection
# owners dropped before a frozen block collects first: a full collection costs about as much
# as building an engine (90 ms with 16 engines alive), the cycles of one engine some 2.6 MB
COLLECT_AFTER = 16
# A render's references and cites, in owners (Engine.render): some 10 KB of cycles for each
# entry and as much again for the render itself, against an engine's 2.6 MB. At 64 entries an
# owner, a process that renders one entry at a time collects every 512 renders (some 5 MB
# left meanwhile; a full collection, 5 ms, costs each render 10 µs), and one that renders a
# thousand entries collects before the next render.
ENTRIES_PER_OWNER = 64


def leaves_cycles(owner: object) -> None:
    """``owner`` holds reference cycles that outlive it (an Engine: its style's and locales'
    element trees). Frozen with what lives, those cycles would never be collected in a
    process that goes on rendering (a batch worker, a fuzzer: 1.6 GB after 600 engines), so
    a ``frozen`` block collects first once COLLECT_AFTER owners have been dropped."""
    weakref.finalize(owner, dropped)


def dropped(owners: float = 1) -> None:
    """Cycles that outlive a frozen block have been let go: an engine's trees, or what a
    render built (its references and cites, frozen while it rendered), which weighs
    ``owners`` (ENTRIES_PER_OWNER). Counted towards
    COLLECT_AFTER: left frozen by the next block and then put back with the oldest
    objects, whose full passes are rare, they were never collected in a process that
    renders on (a server, ``batch``, the fuzzer: some 50 objects, 10 KB, for each render
    of one entry)."""
    global _dropped
    _dropped += owners


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def frozen() -> Iterator[None]:
    """Every object alive now out of the collector's passes until the end of the block (a
    block inside another freezes those made since the outer one began). Not where the program
    has frozen some itself: unfreezing would undo its freeze too."""
    global _frozen, _dropped
    ours = _frozen > 0 or gc.get_freeze_count() == 0
    if ours and not _frozen and _dropped >= COLLECT_AFTER:
        _dropped = 0
        gc.collect()
    if ours:
        gc.freeze()
        _frozen += 1
    try:
        yield
    finally:
        if ours:
            _frozen -= 1
            if not _frozen:
                gc.unfreeze()
