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


def _objects_after(engine, renders, collect: bool = False) -> int:
    """The objects the collector tracks once ``renders`` (a list of item lists) are done;
    ``collect``: only those still alive (a full collection first)."""
    for items in renders:
        engine.render(items)
    if collect:
        gc.collect()
    return len(gc.get_objects())


def test_an_engine_that_renders_on_does_not_keep_what_each_render_built():
    """A render's references and cites hold cycles; frozen while it rendered, and put back
    with the oldest objects after, they were kept by every later render of the process
    (a server, batch, the fuzzer): some 50 objects more for each render of one entry. They
    are collected once they weigh as much as COLLECT_AFTER engines (ENTRIES_PER_OWNER):
    at most 512 renders of one entry are left at any time."""
    from rabp_refs.engine import Engine

    engine = Engine("apa", output_format="html")
    item = [{"id": "a", "type": "book", "title": "T",
             "author": [{"family": "Nall", "given": "Rachel"}]}]
    before = _objects_after(engine, [item] * 40)
    after = _objects_after(engine, [item] * 2000)
    assert after - before < 40_000, after - before  # (was 102,000: 2,000 renders x 51)


def test_item_types_the_style_does_not_name_add_nothing_to_its_readings():
    """What an element renders for an item of a type with none of its variables is read
    once per type and kept on the element: types the data brings and no condition of the
    style names are one type there, so those readings stay as many as the style's types
    (each new type added some 230 KB in APA)."""
    from rabp_refs.engine import Engine

    engine = Engine("apa", output_format="html")
    renders = [[{"id": "a", "type": f"x-type-{n}", "title": "T"}] for n in range(120)]
    before = _objects_after(engine, renders[:20], collect=True)
    after = _objects_after(engine, renders[20:], collect=True)
    assert after - before < 2000, after - before  # (was over 70,000)
    # a type the style names is still its own (APA: a journal's title and volume in
    # italics), and an unknown type renders as it does in a fresh engine
    item = {"id": "t", "title": "T", "container-title": "C", "volume": "3"}
    assert engine.render([{**item, "type": "article-journal"}]).bibliography == \
        ["T. (n.d.). <i>C</i>, <i>3</i>."]
    assert engine.render([{**item, "type": "x-type-7"}]).bibliography == \
        Engine("apa", output_format="html").render([{**item, "type": "x-type-7"}]).bibliography
