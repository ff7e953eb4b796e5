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
from contextlib import contextmanager
from typing import Iterator

_frozen = 0  # frozen() blocks open: the objects in the permanent generation are ours


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
    global _frozen
    ours = _frozen > 0 or gc.get_freeze_count() == 0
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
