"""``cs:group`` and the emptiness analysis (CSL 1.0.2, "Group": a group that calls variables and
prints none of them is suppressed), also for a macro as an implicit group."""
from __future__ import annotations

from typing import NamedTuple

from citeproc import model
from citeproc.source import VariableError

from ..state import state_of
from .conditions import Choose, _CONDITIONS, _MADE_VARIABLES, _condition_types
from .csl import CSL_NAMESPACE
from .formatting import joined_at_seams
from .labels import Label
from . import lookups


def _data_key(variable: str | None) -> str | None:
    """The reference key a variable is read from; None for one the render makes."""
    if not variable or variable in _MADE_VARIABLES:
        return None
    return variable.replace("-", "_")


class _Empty(NamedTuple):
    """What an element does when the item has none of the variables it reads (``_empty``)."""

    keys: frozenset  # the reference keys it reads
    text: bool  # it may render text (a term, a value, a label)
    terms: bool  # it may render a term (a citation remembers the terms it rendered)


def _combined(found) -> _Empty | None:
    """Elements rendered in a row (a macro, a branch): text if any of them has text."""
    keys, text, terms = frozenset(), False, False
    for one in found:
        if one is None:
            return None
        keys, text, terms = keys | one.keys, text or one.text, terms or one.terms
    return _Empty(keys, text, terms)


def _by_type(branch, kind: str) -> bool | None:
    """Whether a branch's conditions hold for an item of type ``kind`` whatever else the
    item has (True, False), or None where they depend on more (as ``holds`` reads them)."""
    if not isinstance(branch, (model.If, model.Else_If)):
        return True  # cs:else
    names = [name for name in _CONDITIONS if name in branch.attrib]
    if "type" not in names:
        return None
    matches = [typ == kind for typ in branch._type_names]
    match = branch.get("match", "all")
    if names == ["type"]:
        return any(matches) if match == "any" else (
            not any(matches) if match == "none" else all(matches))
    if match == "any":
        return True if any(matches) else None
    if match == "none":
        return False if any(matches) else None
    return False if not all(matches) else None


def _branches(choose, kind: str) -> tuple[list, bool]:
    """The branches of a cs:choose an item of type ``kind`` may take, in order, and whether
    it surely takes one of them."""
    branches = []
    for branch in choose.iterchildren():
        holds = _by_type(branch, kind)
        if holds is False:
            continue
        branches.append(branch)
        if holds:
            return branches, True
    return branches, False


def _empty(element, kind: str, macros: tuple = ()) -> _Empty | None:
    """``_read_empty``, found once per element of a pinned tree and item type (macros are
    read from many places)."""
    found = element.__dict__.get("_empty")
    if found is None:
        found = {}
        if "_root" in element.__dict__ and lookups.CACHE_STYLE_LOOKUPS:
            element.__dict__["_empty"] = found
    if kind not in found:
        found[kind] = _read_empty(element, kind, macros)
    return found[kind]


def _read_empty(element, kind: str, macros: tuple) -> _Empty | None:
    """What the element renders for an item of type ``kind`` with none of the variables it
    reads, from the style alone (every branch of a cs:choose such an item may take, every
    macro): None where that cannot be told (a variable the render makes, a substitute that
    would stand in with a term).

    A cs:group renders nothing there when none of its children renders text, or when one of
    them surely calls a variable and none can render variable content: the terms, values
    and labels it has left are suppressed with it (CSL 1.0.2), as Group.process decides."""
    if isinstance(element, model.Text):
        if "variable" in element.attrib:
            key = _data_key(element.get("variable"))
            if key is None:
                return None
            # (citeproc-py reads "page" for every variable named page-something)
            keys = {key, key + "_short", "page"} if key.startswith("page") else \
                {key, key + "_short"}
            return _Empty(frozenset(keys), False, False)
        if "macro" in element.attrib:
            name = element.get("macro")
            if name in macros:
                return None
            macro = element.get_macro(name)
            return _combined(_empty(child, kind, macros + (name,))
                             for child in macro.iterchildren())
        if "term" in element.attrib:
            return _Empty(frozenset(), True, True)
        return _Empty(frozenset(), True, False) if "value" in element.attrib else None
    if isinstance(element, (model.Number, model.Date)):
        key = _data_key(element.get("variable"))
        if isinstance(element, model.Date) and element.get("form") is not None and \
                element.get_date(element.get("form")) is None:
            return None  # a localized date the locales lack: the walk fails on it
        return None if key is None else _Empty(frozenset({key}), False, False)
    if isinstance(element, Label):
        key = _data_key(element.get("variable"))
        return None if key is None else _Empty(frozenset({key}), True, False)
    if isinstance(element, model.Names):
        keys = [_data_key(name) for name in (element.get("variable") or "").split()]
        if not keys or None in keys:
            return None
        found = _combined([_Empty(frozenset(keys), False, False)] + [
            _empty(child, kind, macros)
            for substitute in element.iterchildren(f"{{{CSL_NAMESPACE}}}substitute")
            for child in substitute.iterchildren()])
        # a substitute that renders something changes the item's state: not followed
        return None if found is None or found.text else found
    if isinstance(element, model.Choose):
        if not all(isinstance(branch, (model.If, model.Else_If, model.Else))
                   for branch in element.iterchildren()):
            return None  # (Choose.render renders any other child as it would a branch)
        return _combined(_empty(child, kind, macros)
                         for branch in _branches(element, kind)[0]
                         for child in branch.iterchildren())
    if isinstance(element, model.Group):
        children = list(element.iterchildren())
        found = [_empty(child, kind, macros) for child in children]
        together = _combined(found)
        if together is None or not together.text:
            return together
        called = content = False
        for child, one in zip(children, found):
            if isinstance(child, model.Choose):
                branches, surely = _branches(child, kind)
                called = called or (surely and all(b.calls_variable() for b in branches))
                content = content or one.text and any(
                    not isinstance(x, Label) and not ("variable" in x.attrib and
                                                      "macro" not in x.attrib)
                    and x.calls_variable() for b in branches for x in b.iterchildren())
            else:
                called = called or child.calls_variable()
                content = content or one.text and not isinstance(child, Label) and \
                    child.calls_variable()
        return _Empty(together.keys, False, together.terms) if called and not content \
            else together
    return None


def _named_types(root) -> frozenset:
    """Every item type the style's conditions name (``type="book chapter"``)."""
    return frozenset(name for value in root.xpath("//@type")
                     for name in _condition_types(str(value)))


def _type_key(element, kind):
    """The item type as ``_empty`` reads it: a type no condition of the style names is
    told from the others by nothing (``_by_type`` compares it with the names), so all
    such types are one key, "". The readings kept on an element are then as many as the
    types the style names, whatever types the data brings (a process that renders on,
    such as a server or the fuzzer, kept one reading per type it met: 230 KB more for
    each new type in APA)."""
    if not isinstance(kind, str):
        return kind
    return kind if kind in lookups.per_style(element.get_root(), _named_types) else ""


def _renders_nothing(element, item) -> bool:
    """Whether the element renders nothing for an item of its type without what it reads
    (``_empty``) and the item has none of it: then it is not walked. Off while a substitute
    tracks what is read, and where a term would be rendered for a note style's citation (a
    citation remembers the terms it rendered, suppressed or not, to capitalise one that
    opens a note)."""
    reference = item.reference
    kind = dict.get(reference, "type")
    skipped = element.__dict__.get("_skipped")
    if skipped is None:
        if "_root" not in element.__dict__ or not lookups.CACHE_STYLE_LOOKUPS:
            return False
        skipped = element.__dict__["_skipped"] = {}
    empty = skipped.get(kind, False)  # (a type the style names is read under its name)
    if empty is False:
        kind = _type_key(element, kind)
        empty = skipped.get(kind, False)
    if empty is False:
        try:
            empty = _empty(element, kind) if isinstance(kind, str) else None
        except Exception:  # noqa: BLE001 - a style the walk fails on: it fails there, as before
            empty = None
        skipped[kind] = empty = None if empty is None or empty.text else empty
    if empty is None or not dict.keys(reference).isdisjoint(empty.keys):
        return False
    state = state_of(element)
    return state is not None and state.item.tracking is None and not (
        empty.terms and state.layout == "citation" and
        element.get_root().get("class") == "note")


class Group(model.Group):
    """``cs:group``: suppressed when it calls at least one variable and every variable it
    calls is empty, counting only the branches of cs:choose that were taken (citeproc-py
    counted every branch, so '(Publication)' stood alone for a thesis with no number)."""

    def process(self, item, context=None, **kwargs):
        if _renders_nothing(self, item):
            raise VariableError  # (half the suppressed groups of an APA entry: not walked)
        delimiter = self.get("delimiter", "")
        output = _rendered_as_group(self, item, context, delimiter, **kwargs)
        if output is None:
            raise VariableError
        return self.join(output) if delimiter else joined_at_seams(output)


def _rendered_as_group(element, item, context, delimiter, **kwargs) -> list | None:
    """The texts an element's children render, or None when it is suppressed as a group is:
    it calls at least one variable and every variable it calls is empty (CSL 1.0.2). A
    cs:macro is one too (citeproc-js: a term before empty names, "In ", is not printed)."""
    output = []
    called = rendered = False
    for child in element.iterchildren():
        choose = isinstance(child, Choose)
        try:
            if choose:
                text = child.render(item, context=context, delimiter=delimiter, **kwargs)
            else:
                text = child.render(item, context=context, **kwargs)
        except VariableError:
            text = None
        calls = child.branch_calls_variable() if choose else child.calls_variable()
        called = called or calls
        if text is not None:
            output.append(text)
            # a label's term is not the content of its variable
            if isinstance(child, Label):
                rendered = rendered or child.has_value(item)
            elif choose:
                rendered = rendered or child.branch_has_value(item)
            else:
                # a macro that rendered something counts as a non-empty variable
                # (citeproc-js: GB/T 7714's "[M]" type codes, a macro of values only,
                # beside an empty medium)
                # so does a variable the render makes (citeproc-py does not count it as
                # called): DIN 1505-2's group of an empty year and the year-suffix
                rendered = rendered or calls or (
                    (child.get("macro") is not None or
                     child.get("variable") in _MADE_VARIABLES) and bool(str(text)))
    if output and (not called or rendered):
        return output
    return None
