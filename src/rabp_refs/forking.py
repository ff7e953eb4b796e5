"""One big file's entries spread over the machine's cores, by forking.

Mapping entries to CSL-JSON is independent from entry to entry, and a forked worker already
has the parsed file in its memory: nothing is sent to it but two indices, and only its
results come back (pickled). The parent maps the first slice itself while the workers map
the others, and the results are joined in slice order, so the output (items and
diagnostics, in their order) is the sequential one.

It is used only where forking is safe and pays: a platform with a safe ``fork`` (not
macOS), a single-threaded process (forking a process with other threads can deadlock its
children), not a worker of another pool (batch already spreads files over the cores), and
at least ``MIN_PER_WORKER`` entries for each worker. A worker that dies has its slice mapped again
by the parent.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, TypeVar

from .memory import frozen

T = TypeVar("T")

# Below this many entries a worker costs more (fork, pickling its results) than it saves:
# mapping 1,000 entries takes about 0.1 s.
MIN_PER_WORKER = 1000

_TASK: Callable[[int, int], object] | None = None  # what the forked workers run


def can_fork() -> bool:
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
    if not can_fork():
        return 1
    if jobs is None:
        jobs = min(cores(), n // per_worker)
    return max(1, min(jobs, n))


def map_slices(task: Callable[[int, int], T], n: int, workers: int,
               weights: list[int] | None = None) -> list[T]:
    """``task(start, stop)`` for ``workers`` contiguous slices of ``range(n)``, in order;
    ``weights``: the work of each index, when it varies (slices of about equal work)."""
    bounds = _bounds(n, workers, weights)
    if workers <= 1:
        return [task(0, n)]
    global _TASK
    _TASK = task  # set before the fork: the workers inherit it
    pool = None
    try:
        # the collector's objects frozen while the workers fork: their passes would touch
        # every object the parent holds and copy its pages (memory.py)
        with frozen():
            try:
                pool = ProcessPoolExecutor(workers - 1,
                                           mp_context=multiprocessing.get_context("fork"))
                futures = [pool.submit(_run_slice, b) for b in bounds[1:]]
            except OSError:  # no process to be had (a limit on processes, no memory)
                if pool is not None:
                    pool.shutdown(wait=False, cancel_futures=True)
                return [task(*b) for b in bounds]
            with pool:
                results = [task(*bounds[0])]
                for b, future in zip(bounds[1:], futures):
                    try:
                        results.append(future.result())
                    except BrokenProcessPool:  # a worker was killed: its slice done here
                        results.append(task(*b))
                return results
    finally:
        _TASK = None


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


def _run_slice(bounds: tuple[int, int]):
    assert _TASK is not None
    return _TASK(*bounds)
