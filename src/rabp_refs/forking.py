"""One big file's entries spread over the machine's cores, by forking.

Mapping entries to CSL-JSON is independent from entry to entry, and a forked worker already
has the parsed file in its memory: nothing is sent to it but two indices, and only its
results come back (pickled). The results are joined in slice order, so the output (items
and diagnostics, in their order) is the sequential one.

Two ways to share the work. By default each process takes one slice: the parent maps the
first itself while the workers map the others. For a long list (``most``) the workers are
short-lived: each maps one slice of at most ``most`` from the back of the list and ends,
while the parent works through the front a small piece at a time and hands out the next
slice between two pieces. That is for memory: a forked worker shares the parent's pages
until one of them writes to a page, and CPython writes an object's reference count whenever
it reads the object. So a page either process reads while both run ends up twice in memory:
a worker that ran through half the list, alongside a parent that did the other half, held
a second copy of nearly everything (609 MB across the two processes of a 50,000-entry
render, 378 MB in one). A short-lived worker copies the pages of its own slice only, and
gives them back when it ends. Each worker costs its fork and its exit, and both processes
copy again the pages they write after it forks: slices are as long as memory allows.

It is used only where forking is safe and pays: a platform with a safe ``fork`` (not
macOS), a single-threaded process (forking a process with other threads can deadlock its
children), not a worker of another pool (batch already spreads files over the cores), and
at least ``MIN_PER_WORKER`` entries for each worker. A worker that fails (killed, out of
memory, or its task raised) has its slice mapped again by the parent: the same result, or
the same error, raised where the sequential run would raise it.
"""
from __future__ import annotations

import os
import sys
import threading
from typing import Callable, TypeVar

from .memory import frozen

T = TypeVar("T")

# Below this many entries a worker costs more (fork, pickling its results) than it saves:
# mapping 1,000 entries takes about 0.1 s.
MIN_PER_WORKER = 1000

# The pieces of a short-lived worker's slice (map_slices' ``most``): the parent works
# through its own share a piece at a time, and hands out the next slice between two
PIECES = 32

_TASK: Callable[[int, int], object] | None = None  # what the forked workers run

# Slices whose worker failed, mapped again by the parent, since the process began: a failed
# worker costs only time, and this is where a benchmark or a test sees that it happened
slices_redone = 0


def can_fork() -> bool:
    import multiprocessing  # (here: a small input never forks, and starts without it)

    # (macOS lists fork but its system libraries are not safe in a forked child: Python
    # itself stopped forking there by default)
    return (sys.platform != "darwin"
            and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1
            and multiprocessing.parent_process() is None
            and not multiprocessing.current_process().daemon)


def cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def workers_for(n: int, jobs: int | None = None, per_worker: int = MIN_PER_WORKER) -> int:
    """How many processes to map ``n`` entries with: ``jobs`` (None: as many as there are
    cores, when each gets ``per_worker`` entries), 1 wherever forking is not safe."""
    if jobs is None:
        jobs = min(cores(), n // per_worker)
    if min(jobs, n) <= 1 or not can_fork():
        return 1
    return min(jobs, n)


def map_slices(task: Callable[[int, int], T], n: int, workers: int,
               weights: list[int] | None = None, most: int | None = None) -> list[T]:
    """``task(start, stop)`` over contiguous slices of ``range(n)`` that cover it, in
    ``workers`` processes, the results in the slices' order; ``weights``: the work of each
    index, when it varies (slices of about equal work). ``most``: the most work a worker's
    slice may hold, where one slice for each process would be more than twice that: then
    the workers are short-lived, one for each slice (the module's docstring says why).
    Below, what one slice for each process copies is small, and the forks would cost more
    than they save."""
    if workers <= 1:
        return [task(0, n)]
    total = sum(weights) if weights is not None else n
    per_slice, count = 1, workers
    if most and total > 2 * most * workers:
        per_slice = PIECES
        count = min(n, PIECES * -(-total // most))
    pieces = _bounds(n, count, weights)
    global _TASK
    _TASK = task  # set before the forks: the workers inherit it
    try:
        with frozen():  # the collector's passes in a worker would copy every page it visits
            return _share(task, pieces, workers, per_slice)
    finally:
        _TASK = None


def _share(task, pieces: list[tuple[int, int]], workers: int, per_slice: int) -> list:
    """``task`` over ``pieces`` (contiguous, in order), the results in order. The parent
    works through the pieces from the front, one at a time, and between two hands out slices
    from the back to forked workers, ``workers - 1`` at a time: each of ``per_slice`` pieces,
    fewer near the end, so that the processes finish together. A slice whose worker failed
    is mapped by the parent at the end, in order."""
    import multiprocessing
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("fork")
    results: dict[int, object] = {}  # by the slice's first piece
    front, back = 0, len(pieces)  # the pieces no process has taken
    failed: list[tuple[int, tuple[int, int]]] = []
    running: dict = {}  # the reading end of a worker's pipe: (first piece, bounds, worker)

    def hand_out() -> None:
        nonlocal back
        while back - front > 1 and len(running) < workers - 1:
            size = max(1, min(per_slice, (back - front) // workers))
            first, bounds = back - size, (pieces[back - size][0], pieces[back - 1][1])
            back = first
            reader, writer = context.Pipe(duplex=False)
            worker = context.Process(target=_run_slice, args=(bounds, writer), daemon=True)
            try:
                worker.start()
            except OSError:  # no process to be had (a limit on processes, no memory)
                reader.close()
                failed.append((first, bounds))
                continue
            finally:
                writer.close()  # the worker's own: its end, even a crash, ends the reading
            running[reader] = (first, bounds, worker)

    def gather(block: bool) -> None:
        for reader in wait(list(running), None if block else 0):
            first, bounds, worker = running.pop(reader)
            try:
                done, result = reader.recv()
            except Exception:  # noqa: BLE001 - the worker died (killed, out of memory), or
                done, result = False, None  # its result does not unpickle here
            reader.close()
            worker.join()
            if done:
                results[first] = result
            else:
                failed.append((first, bounds))

    try:
        hand_out()
        while front < back:
            front += 1
            results[front - 1] = task(*pieces[front - 1])
            gather(block=False)
            hand_out()
        while running:
            gather(block=True)
        global slices_redone
        slices_redone += len(failed)
        for first, bounds in sorted(failed):
            results[first] = task(*bounds)
        return [results[first] for first in sorted(results)]
    finally:
        for reader, (_, _, worker) in running.items():  # an error or an interrupt: none left
            worker.terminate()
            worker.join()
            reader.close()


def _bounds(n: int, workers: int, weights: list[int] | None) -> list[tuple[int, int]]:
    if weights is None or workers <= 1:
        return [(n * i // workers, n * (i + 1) // workers) for i in range(workers)]
    total, cuts, running = sum(weights), [0], 0
    for i, weight in enumerate(weights):
        # a slice ends before the index whose middle passes its share of the work
        if len(cuts) < workers and i > cuts[-1] and \
                running + weight / 2 >= total * len(cuts) / workers:
            cuts.append(i)
        running += weight
    cuts += [n] * (workers + 1 - len(cuts))
    return [(cuts[i], cuts[i + 1]) for i in range(workers)]


def _run_slice(bounds: tuple[int, int], writer) -> None:
    """In a worker: the slice's result sent to the parent; a failure sends nothing of it, and
    the parent maps the slice again (its own error then raised with its own traceback)."""
    assert _TASK is not None
    try:
        message = (True, _TASK(*bounds))
    except Exception:  # noqa: BLE001 - raised again where the parent maps the slice
        message = (False, None)
    try:
        writer.send(message)
    except Exception:  # noqa: BLE001 - a result that cannot be pickled: mapped again
        writer.send((False, None))
