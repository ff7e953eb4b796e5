"""Fixtures shared by several test files."""
from __future__ import annotations

import pytest


@pytest.fixture()
def forked(monkeypatch) -> list[int]:
    """The processes of every forked pass (forking.map_slices), as they are asked for; every
    render is treated as long enough to be worth a worker (engine/slices.py)."""
    from rabp_refs import forking
    from rabp_refs.engine import slices
    counts: list[int] = []
    original = forking.map_slices

    def recording(task, n, workers, weights=None, most=None):
        counts.append(workers)
        return original(task, n, workers, weights, most)
    monkeypatch.setattr(forking, "map_slices", recording)
    monkeypatch.setattr(slices, "RENDER_PER_WORKER", 1)
    return counts


@pytest.fixture()
def short_lived(monkeypatch) -> None:
    """Every forked pass of a render in short-lived workers of a few items each, as a long
    list's are (forking.map_slices' ``most``; engine/slices.py)."""
    from rabp_refs.engine import disambiguation, elements, slices
    monkeypatch.setattr(slices, "RENDER_PER_WORKER", 1)
    limits = ("RENDER_MOST", "CITES_MOST", "SORT_KEYS_MOST", "SCATTERED_MOST")
    patched = set()
    for module in (slices, elements.sorting, disambiguation):
        for name in limits:
            if hasattr(module, name):
                monkeypatch.setattr(module, name, 2)
                patched.add(name)
    # a limit renamed or moved would leave its pass unforked here, and the tests green
    assert patched == set(limits), f"limits not found: {set(limits) - patched}"
