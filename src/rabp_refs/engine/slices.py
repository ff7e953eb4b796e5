"""Rendering many items in slices over forked processes (forking.py), as if in one.

What a render decides before its items are rendered (the sort's order, disambiguation's
states, positions) is in the render state when the workers fork, so each slice renders as
the one process would. What the processor fails on is recorded in the state as it goes
(``state.failures``): each slice's failures come back with it and are joined in order.
"""
from __future__ import annotations

from typing import Callable, Sequence, TypeVar

from .. import forking

T = TypeVar("T")

# Below this many items for each, forked workers cost more than they save (an APA entry
# renders in about a millisecond; a fork and its pool take some 30).
RENDER_PER_WORKER = 200
# The most items a worker renders, where there are more for each process (forking.py's
# ``most``): a forked worker copies each page of the parent's it reads, and the parent each
# page it writes while the worker lives, so the memory a render holds across its processes
# grows with the items of one worker; and each worker costs some 30 to 100 ms of the
# processes' time at 50,000 entries (its fork and exit, and the pages both copy again).
# Measured on 50,000 entries in APA, memory over the phase's start, both processes:
# - entries in the order their references were built: 3,000 +52 MB, 5,000 +76, 10,000 +128;
# - cites (disambiguation's first probes), same order: 5,000 +56, 10,000 +98;
# - the first sort key: 5,000 +47, 10,000 +69 (the phase starts some 70 MB lower);
# - disambiguation's ambiguous groups, whose items lie anywhere: 1,000 +63, 800 +58.
RENDER_MOST = 3000
CITES_MOST = 5000
SORT_KEYS_MOST = 10000
SCATTERED_MOST = 800


def render_in_slices(state, n: int, render_slice: Callable[[Sequence[int]], list[T]],
                     weights: list[int] | None = None,
                     order: Callable[[], list[int]] | None = None,
                     most: int | None = None) -> list[T]:
    """``render_slice(indices)`` over slices of ``range(n)``, in as many processes as
    ``state.jobs`` allows (None: every core for enough items), joined in order; a slice's
    ``indices`` are a ``range``. ``weights``: the items each index stands for, when it varies
    (slices of about equal work, and enough items for each worker).

    ``order``: for items rendered each on its own, gives the order to cut the slices from
    (a permutation of ``range(n)``; asked for only where the list is sliced): the order the
    items' data was built in, which is the order it lies in memory. A worker copies each
    page it reads (forking.py), and a slice of items built one after the other reads far
    fewer pages than one of the sorted list: 2,500 of 50,000 entries copied 20 MB in the
    order they were built, 76 MB in the bibliography's order. A worker then renders its
    indices one at a time (``[i]``), so that each failure is known by its index and put
    back where one process would have met it."""
    workers = min(n, forking.workers_for(sum(weights) if weights else n, state.jobs,
                                         RENDER_PER_WORKER))
    if workers <= 1:
        return render_slice(range(n))
    indices = order() if order is not None else None

    def task(start: int, stop: int) -> tuple[list[T], list]:
        kept = state.failures[:]
        del state.failures[:]
        try:
            if indices is None:
                return render_slice(range(start, stop)), state.failures[:]
            rendered: list[T] = []
            failures: list = []
            for i in indices[start:stop]:
                rendered.extend(render_slice([i]))
                failures.extend((i, failure) for failure in state.failures)
                del state.failures[:]
            return rendered, failures
        finally:
            state.failures[:] = kept

    if indices is not None and weights is not None:
        weights = [weights[i] for i in indices]
    out: list[T] = []
    joined: list = []
    for rendered, failures in forking.map_slices(task, n, workers, weights,
                                                    most or RENDER_MOST):
        out.extend(rendered)
        joined.extend(failures)
    if indices is None:
        state.failures.extend(joined)
        return out
    in_order: list = [None] * n
    for i, rendered in zip(indices, out):
        in_order[i] = rendered
    joined.sort(key=lambda failure: failure[0])
    state.failures.extend(failure for _, failure in joined)
    return in_order


def built_order(source, keys: list[str]) -> list[int]:
    """The indices of ``keys`` in the order their references were built (``source``'s
    order): the order they lie in memory (render_in_slices' ``order``)."""
    built = {key: i for i, key in enumerate(source)}
    return sorted(range(len(keys)), key=lambda i: built[keys[i]])
