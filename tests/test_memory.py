"""memory.py: the collector kept off what lives to the end."""
from __future__ import annotations

import gc

from rabp_refs.memory import frozen


class Node:
    def __init__(self):
        self.me = self  # a cycle: only the collector frees it


def test_frozen_objects_are_left_out_until_the_end_of_the_block():
    assert gc.get_freeze_count() == 0
    kept = Node()
    with frozen():
        assert gc.get_freeze_count() > 0
        made = Node()
        listed = gc.get_objects()  # (not the frozen ones)
        assert not any(o is kept for o in listed) and any(o is made for o in listed)
    assert gc.get_freeze_count() == 0
    assert any(o is kept for o in gc.get_objects())


def test_a_block_inside_another_freezes_what_was_made_since():
    with frozen():
        outer = gc.get_freeze_count()
        made = Node()
        with frozen():
            assert gc.get_freeze_count() > outer  # made, and all since, frozen too
        assert gc.get_freeze_count() > outer  # ...until the outer block ends
        del made
    assert gc.get_freeze_count() == 0


def test_a_freeze_of_the_program_is_left_as_it_was():
    gc.freeze()
    try:
        frozen_before = gc.get_freeze_count()
        with frozen():
            Node()
            assert gc.get_freeze_count() == frozen_before  # not ours: nothing added
        assert gc.get_freeze_count() == frozen_before
    finally:
        gc.unfreeze()
