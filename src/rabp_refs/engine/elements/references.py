"""Cite items and references as the elements read them: a cite finds its reference once, a
reference hides the variables a cs:substitute has used (CSL 1.0.2, cs:substitute)."""
from __future__ import annotations

from functools import cached_property

from citeproc import CitationItem
from citeproc.source import Reference as _CiteprocReference
from citeproc.source import VariableError

from ..state import RenderState


# What a substitute never hides: the item's metadata, read by every element or condition
# (citeproc-py's variable list is CSL 1.0.1's and lacks director, chair, curator ...).
NOT_SUBSTITUTABLE = frozenset({"language", "type", "key", "id", "year_suffix"})


class Cite(CitationItem):
    """A cite item that finds its reference once (citeproc-py walks cite -> citation ->
    bibliography -> source on every variable of every element).

    ``index``: the cite's place among the cites of the document, by which the render's plan
    knows it (state.py); None for a cite made to render an entry or a disambiguation probe.
    (A slot, not a key: citeproc-py's items turn attributes into keys.)"""

    __slots__ = ("index",)

    def __init__(self, key, index: int | None = None, **kwargs):
        super().__init__(key, **kwargs)
        object.__setattr__(self, "index", index)

    probe = False  # a disambiguation probe: the cite alone, rendered to compare it

    @cached_property
    def reference(self):
        """(found once, then the cite's own attribute: asked 180 times an APA entry)"""
        return self.bibliography.source[self.key]

    def is_bad(self):
        """Not registered with the bibliography: looked up in the engine's set of registered
        keys (citeproc-py searched the list of keys on every call, quadratic in the number
        of entries)."""
        registered = getattr(self.bibliography, "registered", None)
        if registered is None:
            return super().is_bad()
        return self.key not in registered


class Reference(_CiteprocReference):
    """A reference that hides the variables a substitute has used (CSL 1.0.2, cs:substitute:
    "substituted variables are considered empty for the remainder of the rendering").

    It also records what is read while the render state tracks a substitute's child.
    """

    _state: RenderState

    @classmethod
    def adopt(cls, reference: _CiteprocReference, state: RenderState) -> "Reference":
        # the state is an attribute of a class made for it, not of each reference (an
        # attribute set on a reference gave each one a dictionary of its own: 3 MB for
        # 10,000 entries)
        bound = state.reference_class
        if bound is None:
            bound = state.reference_class = type("Reference", (cls,),
                                                 {"_state": state, "__module__": __name__})
        object.__setattr__(reference, "__class__", bound)  # CustomDict turns attributes into keys
        return reference

    def _hidden(self, key) -> bool:
        if key == "year_suffix" and self._state.sorting:
            return True  # sort keys never see year suffixes (they follow the sort)
        scratch = self._state.item
        hidden = scratch.suppressed
        return bool(hidden) and key in hidden and scratch.reference is self

    # Keys are stored as citeproc-py spells them ("reviewed_author"); cs:names asks for its
    # roles as the style spells them ("reviewed-author"), which found no name variable with a
    # hyphen outside citeproc-py's own list. Both spellings are one variable.
    def __getitem__(self, key):
        # (the most called method of a render: _hidden and CustomDict inlined)
        if "-" in key:
            key = key.replace("-", "_")
        state = self._state
        if key == "year_suffix" and state.sorting:
            raise VariableError
        scratch = state.item
        hidden = scratch.suppressed
        if hidden and key in hidden and scratch.reference is self:
            raise VariableError
        if scratch.tracking is not None:
            scratch.tracking.add(key)
        try:
            return dict.__getitem__(self, key)
        except KeyError:
            raise VariableError from None

    def __contains__(self, key):
        key = key.replace("-", "_")
        return not self._hidden(key) and super().__contains__(key)

    def get(self, key, default=None):
        key = key.replace("-", "_")
        if self._hidden(key):
            return default
        tracking = self._state.item.tracking
        if tracking is not None:
            tracking.add(key)
        return super().get(key, default)


def _has_data(item, variable: str) -> bool:
    """Whether the item's data has a value for a variable. Tested by identity and length,
    not by equality: citeproc-py's dates (a DateRange) refuse to be compared with ``==``."""
    value = dict.get(item.reference, variable.replace("-", "_"))
    return value is not None and not (isinstance(value, (str, list)) and not value)
