"""The state of one render, kept off the parsed style.

A parsed style (style.py) holds only what the style says and what follows from it (the
caches of elements/); it is not changed by rendering, so one style, and one Engine,
serve any number of renders, one after the other or at once in several threads. What a
render needs is in three parts, each made when its life begins:

- :class:`RenderPlan`: what is decided before a cite is rendered (the cite modes and the
  positions the caller gave, read from the clusters; the positions; the subsequent cites;
  what disambiguation decides). Built by the engine's steps (Engine.render), then only read.
- :class:`ItemScratch`: what the elements note while one item (a cite, an entry, a sort
  key) renders: names handled, variables a substitute used, a year suffix waiting for its
  year, the terms a cite printed ... A new one for each item, dropped after it.
- :class:`RenderState`: the render itself (the layout being rendered, whether sort keys
  are, the previous entry's names, the failures, the author text captured for author-only
  cites), with its plan and the scratch of the item being rendered.

The state of the render in progress is a context variable, set for the duration of a
render (:func:`rendering`) and read by the elements through :func:`state_of`: each thread
(each context) sees its own, and outside a render there is none.

Cites are keyed by their index in the document (``Cite.index``: their order over all
clusters), items by their key; what a disambiguation probe or a bibliography entry renders
from is a cite with no index, which no plan entry names.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Iterator

from .positions import Positions


@dataclass
class RenderPlan:
    """What is decided before rendering: read by the elements, changed only by the steps
    that decide it (Engine.render's, disambiguation.py's), then frozen (``freeze``)."""

    # cite index -> cite mode (author-only, suppress-author), for cites that have one
    modes: dict[int, str] = field(default_factory=dict)
    # cite index -> a position the caller gave (0 first ... 3 ibid-with-locator)
    given_positions: dict[int, int] = field(default_factory=dict)
    # the position of every cite of the document (positions.py)
    positions: Positions | None = None
    # indices of the cites whose item was cited in an earlier cluster
    subsequent: set[int] = field(default_factory=set)
    # the keys of the items cited
    cited: set[str] = field(default_factory=set)
    # disambiguation: (item key, variable, name index) -> 1 initials / 2 full given name
    expand: dict[tuple[str, str, int], int] = field(default_factory=dict)
    # ... of them, those step 0 expanded (a givenname-disambiguation-rule other than
    # "by-cite"): expanded in sort keys too
    shared_expand: dict[tuple[str, str, int], int] = field(default_factory=dict)
    # disambiguation: item key -> names to show in citations (add-names)
    add_names: dict[str, int] = field(default_factory=dict)
    # disambiguation: item keys for which disambiguate="true" holds
    ambiguous: set[str] = field(default_factory=set)
    # ... for how many of the disambiguate="true" conditions an item's render meets, from the
    # first (absent: all; citeproc-js applies them one by one)
    conditions_held: dict[str, int] = field(default_factory=dict)

    def freeze(self) -> None:
        """Every table read-only from now on: the citations and the bibliography read the
        plan, and nothing changes it while they render."""
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, dict):
                setattr(self, f.name, MappingProxyType(value))
            elif isinstance(value, set):
                setattr(self, f.name, frozenset(value))


@dataclass(slots=True)
class ItemScratch:
    """What the elements note while one item renders; a new one for each item."""

    # the cite's mode (author-only, suppress-author) for this render of it, None for none
    mode: str | None = None
    # the cite's first outermost cs:names (its author) has been handled, and its text: what
    # an author-only cite prints, and what groups the cites of one author
    names_done: bool = False
    author: str | None = None
    # the reference rendered, and the variables a cs:substitute has used: empty for the rest
    # of the item
    reference: object = None
    suppressed: set[str] = field(default_factory=set)
    # while a substitute's child renders: the variables it reads
    tracking: set[str] | None = None
    # citeproc-py's list of variables a substitute has used (Layout.repressed)
    repressed: dict = field(default_factory=dict)
    # an implicit year-suffix waiting for the first year of the issued date, and whether
    # the item has placed it
    year_suffix_pending: str | None = None
    year_suffix_done: bool = False
    # the terms the cite has printed ("ibid."), to capitalise one that opens it
    cite_terms: list[str] = field(default_factory=list)
    # how many disambiguate="true" conditions have held in this render of the item
    # (RenderPlan.conditions_held says for how many they may)
    held: int = 0
    # bibliography (subsequent-author-substitute): whether the entry's first names are
    # done, each name the last cs:name rendered, the label the last cs:names rendered, and
    # whether the last cs:substitute used a cs:names
    entry_names_done: bool = False
    name_texts: tuple[str, ...] = ()
    names_label: str | None = None
    substituted_by_names: bool = False
    # cs:choose -> the branch its last render took (a cs:group asks, to know whether it is
    # suppressed)
    taken: dict = field(default_factory=dict)


@dataclass
class RenderState:
    """One render: its plan, the item being rendered, and what outlives an item."""

    plan: RenderPlan = field(default_factory=RenderPlan)
    # the item being rendered, or the last one rendered until the next begins (new_item)
    item: ItemScratch = field(default_factory=ItemScratch)
    # the layout being rendered: "citation" or "bibliography" (macros sit outside both)
    layout: str | None = None
    # true while cs:sort renders sort keys (citeproc-py's Text drops the sort options it
    # should pass to macros, so elements cannot tell from their arguments)
    sorting: bool = False
    # disambiguation: the position a probe cite is rendered in
    probe_position: str | None = None
    # cite index -> the author text of an author-only cite
    captured: dict[int, str] = field(default_factory=dict)
    # bibliography: the first names of the previous entry (the text, and each name's)
    previous_names: tuple[str, tuple[str, ...]] | None = None
    # (item key, "ExceptionName: message") for records the processor failed on
    failures: list[tuple[str, str]] = field(default_factory=list)
    # processes a render may use (slices.py; None: every core for enough items)
    jobs: int | None = None
    # the class our references take in this render (elements.Reference.adopt), made once
    reference_class: type | None = field(default=None, repr=False, compare=False)
    # the cites citeproc-py's cs:citation records as they render (its ``cites``)
    cites: list = field(default_factory=list, repr=False, compare=False)

    def new_item(self, reference=None, mode: str | None = None) -> ItemScratch:
        """A fresh scratch for the next item (``reference``: the one it renders)."""
        self.item = ItemScratch(mode=mode, reference=reference)
        return self.item

    @contextmanager
    def in_layout(self, layout: str) -> Iterator[None]:
        """``layout`` ("citation", "bibliography") is being rendered for the block."""
        self.layout = layout
        try:
            yield
        finally:
            self.layout = None


_CURRENT: ContextVar[RenderState | None] = ContextVar("render_state", default=None)


def state_of(element=None) -> RenderState | None:
    """The state of the render in progress in this context; None outside a render.
    (``element``: the element asking, which the state does not depend on.)"""
    return _CURRENT.get()


@contextmanager
def rendering(jobs: int | None = None) -> Iterator[RenderState]:
    """A new render state, the current one for the duration of the block."""
    state = RenderState(jobs=jobs)
    token = _CURRENT.set(state)
    try:
        yield state
    finally:
        _CURRENT.reset(token)
