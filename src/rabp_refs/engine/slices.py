"""Rendering many items in slices over forked processes (forking.py), as if in one.

What a render decides before its items are rendered (the sort's order, disambiguation's
states, positions) is in the render state when the workers fork, so each slice renders as
the one process would. What the processor fails on is recorded in the state as it goes
(``state.failures``): each slice's failures come back with it and are joined in order.
"""
from __future__ import annotations

from typing import Callable, TypeVar

from .. import forking

T = TypeVar("T")

# Below this many items for each, forked workers cost more than they save (an APA entry
# renders in about a millisecond; a fork and its pool take some 30).
RENDER_PER_WORKER = 200


def render_in_slices(state, n: int, render_slice: Callable[[int, int], list[T]],
                     weights: list[int] | None = None) -> list[T]:
    """``render_slice(start, stop)`` over contiguous slices of ``range(n)``, in as many
    processes as ``state.jobs`` allows (None: every core for enough items), joined in order.
    ``weights``: the items each index stands for, when it varies (slices of about equal
    work, and enough items for each worker)."""
    def task(start: int, stop: int) -> tuple[list[T], list]:
        kept = state.failures[:]
        del state.failures[:]
        try:
            return render_slice(start, stop), state.failures[:]
        finally:
            state.failures[:] = kept

    workers = min(n, forking.workers_for(sum(weights) if weights else n, state.jobs,
                                         RENDER_PER_WORKER))
    if workers <= 1:
        return render_slice(0, n)
    out: list[T] = []
    for rendered, failures in forking.map_slices(task, n, workers, weights):
        out.extend(rendered)
        state.failures.extend(failures)
    return out
