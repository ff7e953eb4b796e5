"""forking.py: a big file's entries mapped over the cores, or not at all where unsafe."""
from __future__ import annotations

import multiprocessing
import os
import threading
import time

import pytest

from rabp_refs import forking

pytestmark = pytest.mark.skipif(not forking.can_fork(), reason="no fork, or threads running")


def _numbers(start: int, stop: int) -> list[tuple[int, int]]:
    return [(i, os.getpid()) for i in range(start, stop)]


def test_slices_come_back_in_order_from_other_processes():
    results = forking.map_slices(_numbers, 10, 3)
    assert [i for part in results for i, _ in part] == list(range(10))
    pids = {pid for part in results for _, pid in part}
    assert os.getpid() in pids and len(pids) >= 2  # (one worker may map both slices)


def test_a_killed_worker_has_its_slice_mapped_by_the_parent():
    parent = os.getpid()

    def dies_in_a_worker(start: int, stop: int) -> list[int]:
        if os.getpid() != parent:
            os._exit(9)
        return list(range(start, stop))

    assert forking.map_slices(dies_in_a_worker, 9, 3) == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]


def test_a_task_error_is_raised_as_it_would_be_sequentially():
    def fails(start: int, stop: int) -> None:
        if start:
            raise ValueError(f"slice {start}")

    with pytest.raises(ValueError, match="slice 5"):
        forking.map_slices(fails, 10, 2)


def test_an_interrupt_in_the_parent_leaves_no_worker_behind():
    def interrupted(start: int, stop: int) -> list[int]:
        if start == 0:
            raise KeyboardInterrupt  # Ctrl-C while the parent maps its own share
        time.sleep(0.2)
        return []

    with pytest.raises(KeyboardInterrupt):
        forking.map_slices(interrupted, 10, 2)
    assert multiprocessing.active_children() == []
    with pytest.raises(KeyboardInterrupt):  # with short-lived workers running
        forking.map_slices(interrupted, 1000, 2, most=50)
    assert multiprocessing.active_children() == []


def test_no_fork_on_macos(monkeypatch):
    monkeypatch.setattr(forking.sys, "platform", "darwin")
    assert forking.workers_for(forking.MIN_PER_WORKER * 64) == 1


def test_how_many_workers():
    big = forking.MIN_PER_WORKER * 64
    assert forking.workers_for(forking.MIN_PER_WORKER - 1) == 1
    assert forking.workers_for(big) == min(forking.cores(), 64)
    assert forking.workers_for(5, jobs=3) == 3
    assert forking.workers_for(2, jobs=3) == 2
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:  # forking a process with another thread running is not safe
        assert forking.workers_for(big) == 1
        assert forking.workers_for(big, jobs=2) == 1
    finally:
        stop.set()
        thread.join()


def test_slices_of_about_equal_work():
    """With weights, a slice ends before the index whose middle passes its share."""
    assert forking._bounds(5, 2, [1, 1, 1, 1, 10]) == [(0, 4), (4, 5)]
    assert forking._bounds(5, 2, [10, 1, 1, 1, 1]) == [(0, 1), (1, 5)]
    assert forking._bounds(6, 3, [1] * 6) == forking._bounds(6, 3, None) == [
        (0, 2), (2, 4), (4, 6)]
    results = forking.map_slices(_numbers, 5, 2, [1, 1, 1, 1, 10])
    assert [[i for i, _ in part] for part in results] == [[0, 1, 2, 3], [4]]


def test_a_long_list_in_short_lived_workers():
    """With ``most``, a list longer than twice that for each process: the parent works
    through pieces of its own and hands out slices of at most ``most`` to workers that each
    end with theirs (many pids), the results joined in order."""
    def numbers(start: int, stop: int) -> list[tuple[int, int]]:
        time.sleep(0.0005 * (stop - start))  # work to share: the parent does not race ahead
        return _numbers(start, stop)

    results = forking.map_slices(numbers, 1000, 2, most=50)
    assert [i for part in results for i, _ in part] == list(range(1000))
    pids = [pid for part in results for _, pid in part]
    workers = set(pids) - {os.getpid()}
    assert os.getpid() in pids and len(workers) >= 4
    for worker in workers:  # one contiguous slice each, of at most 50
        mine = [i for part in results for i, pid in part if pid == worker]
        assert len(mine) <= 50 and mine == list(range(mine[0], mine[-1] + 1))
    assert multiprocessing.active_children() == []


def test_no_short_lived_workers_for_a_short_list():
    """Up to twice ``most`` for each process, one slice for each, as without it."""
    results = forking.map_slices(_numbers, 200, 2, most=50)
    assert [[i for i, _ in part] for part in results] == [list(range(100)),
                                                          list(range(100, 200))]


def test_short_lived_workers_that_fail_have_their_slices_done_by_the_parent():
    parent = os.getpid()

    def dies_in_a_worker(start: int, stop: int) -> list[int]:
        if os.getpid() != parent:  # every worker (the first is forked before any work)
            os._exit(9)
        return list(range(start, stop))

    redone = forking.slices_redone
    results = forking.map_slices(dies_in_a_worker, 600, 2, most=40)
    assert [i for part in results for i in part] == list(range(600))
    assert forking.slices_redone > redone  # where a benchmark sees it


def test_in_short_lived_workers_the_first_error_in_order_is_raised():
    def fails(start: int, stop: int) -> None:
        for bad in (555, 333):  # a worker has the later one
            if start <= bad < stop:
                raise ValueError(f"index {bad}")

    with pytest.raises(ValueError, match="index 333"):
        forking.map_slices(fails, 600, 2, most=40)


def test_slices_of_about_equal_work_in_short_lived_workers():
    weights = [1] * 500 + [20] * 25  # the last 25 indices are half the work
    results = forking.map_slices(_numbers, 525, 2, weights, most=50)
    assert [i for part in results for i, _ in part] == list(range(525))
    for part in results:
        assert sum(weights[i] for i, _ in part) <= 50 + 20


def test_a_freeze_of_the_program_is_left_as_it_was():
    """map_slices freezes the collector's objects while it forks, and unfreezes them after;
    objects the program froze itself stay frozen."""
    import gc
    assert gc.get_freeze_count() == 0
    forking.map_slices(_numbers, 4, 2)
    assert gc.get_freeze_count() == 0
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        forking.map_slices(_numbers, 4, 2)
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
