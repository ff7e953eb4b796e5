"""``cs:choose``, ``cs:if``, ``cs:else-if`` (CSL 1.0.2, "Choose"): the condition tests
(disambiguate, type, variable, is-numeric, is-uncertain-date, locator, position)."""
from __future__ import annotations

import re
from functools import lru_cache

from citeproc import model

from ..state import state_of
from .formatting import children_joined
from .labels import Label
from .lookups import pinned_property
from .names import Names, _substituted
from .references import _has_data


def _has_content(element, item, in_substitute: bool = False) -> bool:
    """Whether an element in a taken branch stands for variable content: a label or an
    element naming its variables only when one of them has a value. ``in_substitute``: the
    element is in the cs:substitute of the names asked about, whose use of a variable makes
    it the content, not a variable used before."""
    if isinstance(element, Label):
        return element.has_value(item)
    if isinstance(element, Names) and element.substitute() is not None:
        # its names, or a variable its substitute prints (a translator for the author, a
        # title); a value or term it prints is not one (CSL 1.0.2, Group), so "in " before
        # empty editors is not printed (Development and Change, as citeproc-js)
        return any(_has_data(item, n) for n in element.get("variable", "").split()) or any(
            _has_content(child, item, in_substitute=True)
            for child in element.substitute().iterchildren())
    if _rendered_choose(element):  # a choose inside the branch: the branch it took
        return element.branch_has_value(item)
    names = element.get("variable")
    if names and element.get("macro") is None:
        # a variable a cs:substitute used is empty for the rest of the item (citeproc-js:
        # Elsevier Harvard's title macro, standing in for the author, prints nothing again,
        # not its "[WWW Document]")
        return any((_has_data(item, "page" if n == "page-first" else n)
                    and (in_substitute or not _used_by_a_substitute(item, n)))
                   or (n == "locator" and item.has_locator)
                   or (n in _MADE_VARIABLES and n not in ("locator", "page-first"))
                   for n in names.split())
    return element.calls_variable()


def _used_by_a_substitute(item, name: str) -> bool:
    """Whether a cs:substitute before has used the variable (then it is empty here); not
    the one rendering now, where it is the content (it reads the variable: tracking)."""
    if not _substituted(item, name):
        return False
    state = state_of()
    tracking = state.item.tracking if state is not None else None
    return tracking is None or name.replace("-", "_") not in tracking


def _rendered_choose(element) -> bool:
    """A cs:choose that has rendered for the item in progress, so it knows the branch it took
    (ItemScratch.taken, keyed by the element); one that has not is asked as a whole."""
    return isinstance(element, Choose) and getattr(element, "taken", None) is not None


class Choose(model.Choose):
    """``cs:choose``: renders the first branch whose conditions hold, and remembers it, so that
    a group asks whether the branch taken calls a variable (CSL 1.0.2 group suppression),
    not whether any branch could."""

    def render(self, item, context=None, delimiter="", **kwargs):
        state = state_of(self)
        taken = state.item.taken if state is not None else {}
        taken.pop(self, None)
        for branch in self.iterchildren():
            holds = getattr(branch, "holds", None)
            if holds is not None and not holds(item, context):
                continue
            if holds is None and not isinstance(branch, model.Else):
                try:  # (an element citeproc-py renders as a branch: its own render)
                    text = branch.render(item, context=context, delimiter=delimiter, **kwargs)
                except model.ConditionFailed:
                    continue
            else:
                text = children_joined(branch, item, delimiter, context=context, **kwargs)
            taken[self] = branch
            return text
        return None

    @property
    def taken(self):
        """The branch the last render of this cs:choose took for the item being rendered
        (kept in the item's scratch, state.py), or None."""
        state = state_of(self)
        return state.item.taken.get(self) if state is not None else None

    def branch_calls_variable(self) -> bool:
        """Whether the branch taken calls a variable; of a choose inside it, the branch that
        one took (a term in it is no call: AAA's "Letter" beside an empty recipient)."""
        taken = self.taken
        return taken is not None and any(
            child.branch_calls_variable() if _rendered_choose(child) else
            child.calls_variable() for child in taken.iterchildren())

    def branch_has_value(self, item) -> bool:
        """Whether the branch taken rendered variable content: a label's term is not."""
        taken = self.taken
        if taken is None:
            return False
        return any(_has_content(child, item) for child in taken.iterchildren())


# Variables whose value the render makes (from the cite, the state or other variables), not
# read from the item's data as they are named.
_MADE_VARIABLES = frozenset({"locator", "year-suffix", "citation-number", "citation-label",
                             "first-reference-note-number", "page-first"})

_CONDITIONS = ("disambiguate", "type", "variable", "is-numeric", "is-uncertain-date", "locator",
               "position")


class _ConditionTests:
    """A branch's conditions tested together, by its ``match`` (``holds``): type, variable,
    is-numeric, is-uncertain-date, locator, position and disambiguate.

    ``disambiguate="true"`` tests whether the cite is still ambiguous.

    It holds for the items whose cites the earlier disambiguation steps left ambiguous
    (engine/disambiguation.py), in citations and, as in citeproc-js, in their bibliography
    entries; citeproc-py 0.11 treats it as always true, which put a title in every MLA
    citation.
    """

    def render(self, item, context=None, delimiter="", **kwargs):
        if not self.holds(item, context):
            raise model.ConditionFailed
        return self.render_children(item, context=context, delimiter=delimiter, **kwargs)

    @pinned_property
    def _conditions(self) -> tuple[tuple[str, ...], str]:
        return (tuple(name for name in _CONDITIONS if name in self.attrib),
                self.get("match", "all"))

    def holds(self, item, context=None) -> bool:
        """Whether the branch's conditions hold for the item (cs:choose takes the first
        branch that holds, without a ConditionFailed raised for each that does not). Which
        conditions the element has is read once, when the tree is pinned."""
        names, match = self._conditions
        results = []
        for name in names:
            if name == "type":
                results += self._type(item)
            elif name == "variable":
                results += self._variable(item)
            elif name == "disambiguate":
                state = state_of(self)
                ambiguous = (state is not None and state.layout is not None
                             and item.key in state.plan.ambiguous)
                if ambiguous and item.key in state.plan.conditions_held:
                    # the first N conditions met hold (disambiguation.py), not the rest
                    ambiguous = state.item.held < state.plan.conditions_held[item.key]
                    state.item.held += ambiguous
                results.append(ambiguous == (self.get("disambiguate") == "true"))
            elif name == "is-numeric":
                results += self._is_numeric(item)
            elif name == "is-uncertain-date":
                results += self._is_uncertain_date(item)
            elif name == "locator":
                results += self._locator(item)
            else:
                results += self._position(item, context)
        if match == "any":
            return any(results)
        if match == "none":
            return not any(results)
        return all(results)

    def _position(self, item, context):
        """``position``: read from the positions computed for the document (positions.py);
        a cite rendered outside the document (a disambiguation probe) is citeproc-py's."""
        state = state_of(self)
        plan = state.plan if state is not None else None
        found = plan.positions.of(item) if plan is not None and plan.positions else None
        if found is None and state is not None and state.probe_position is not None and \
                state.layout == "citation":
            found = {state.probe_position}  # a disambiguation probe in a given position
        if found is None or state.layout != "citation":
            return super()._position(item, context)
        return [name in found for name in self.get("position").split()]


_DIGIT_RUNS = re.compile(r"(\d+)")
_NUMBER_START = re.compile(r"\s*[A-Za-z]*")  # before the first number: "  p12"
_NUMBER_END = re.compile(r"[A-Za-z]*\s*")  # after the last: "12a "
_BETWEEN_NUMBERS = re.compile(r"[A-Za-z]*\s*[-–,&]\s*[A-Za-z]*")  # "12a - b13", "2, 3"
_LETTERS_AND_SPACES = re.compile(r"[A-Za-z\s]*")
_SPACES = re.compile(r"\s+")
_SLASHED_NUMBER = re.compile(r"\d+(?:/\d+)+")  # "2016/679", "1/2/3": no letters, no spaces


def is_numeric(value: str) -> bool:
    """CSL's is-numeric (as citeproc-js reads it): numbers, each with letters before or after
    it ("12a", "S3"), joined by "-", "–", ",", "&" or "and" ("2-5", "2 and 3", "1a and b2");
    and numbers joined by slashes alone ("2016/679", a regulation's number; not "12/3a").

    Read number by number, never trying one reading after another: the one regular expression
    this was ("1" then "andand1" many times: is "and" a letter of a number or the joining
    word?) took exponential time."""
    if _SLASHED_NUMBER.fullmatch(value.strip()):
        return True
    parts = _DIGIT_RUNS.split(value)  # text, number, text, ... text
    if len(parts) < 3:
        return False
    if not (_NUMBER_START.fullmatch(parts[0]) and _NUMBER_END.fullmatch(parts[-1])):
        return False
    return all(_joins_numbers(between) for between in parts[2:-1:2])


def _joins_numbers(between: str) -> bool:
    """``between`` is what may come between two numbers: letters of the first, spaces, one
    joining symbol or "and", spaces, letters of the second."""
    if _BETWEEN_NUMBERS.fullmatch(between):
        return True
    if not _LETTERS_AND_SPACES.fullmatch(between):
        return False
    words = _SPACES.split(between)  # "" first or last where it begins or ends with spaces
    if len(words) == 1:  # "1and2", "1aandb2": "and" glued to both numbers' letters
        return "and" in words[0]
    if len(words) == 2:  # "1a and2", "1and b2"
        return words[0].endswith("and") or words[1].startswith("and")
    return len(words) == 3 and words[1] == "and"  # "1a and b2"


class _NumericCondition:
    """``is-numeric``: the locator is the cite's, not a variable of the reference (citeproc-py
    looked it up in the reference, so APA never labelled a numeric locator: "(2019, 2)").
    ``variable``: tests the data; a variable a substitute has used is not rendered again but
    still counts as present for conditions, as in citeproc-js (Chicago's encyclopedia entries
    quote their title when they have a container title, even one standing in for the author).
    """

    @pinned_property
    def _variables(self) -> tuple[str, ...]:
        return tuple(name.replace("-", "_") for name in self.get("variable").split())

    def _variable(self, item):
        results = []
        reference = item.reference
        for name in self._variables:
            if name == "locator":
                results.append(item.has_locator)
            else:
                value = dict.get(reference, name)
                results.append(value is not None and value != "" and value != [])
        return results

    def _is_numeric(self, item):
        results = []
        for name in self.get("is-numeric").split():
            if name == "locator":
                value = item.locator.identifier if item.has_locator else None
            else:
                value = dict.get(item.reference, name.replace("-", "_"))
            results.append(value is not None and is_numeric(str(value)))
        return results


@lru_cache(maxsize=1024)  # (a style's own values: bounded for a process that loads many)
def _condition_types(value: str) -> tuple[str, ...]:
    return tuple(typ.lower() for typ in value.split())


class _TypeCondition:
    """``type``: the reference's type is read once per test (citeproc-py read it through the
    reference's variable look-up once for every type listed; a tenth of rendering time).
    The types listed are one test that holds for any of them, whatever ``match`` says of the
    other tests, as citeproc-js composes it (ASA's <if type="thesis manuscript"> holds for a
    thesis; with match="all" it held for no item)."""

    def _type(self, item):
        actual = dict.get(item.reference, "type")  # never hidden by a substitute
        if actual is None:
            actual = item.reference.type  # (as citeproc-py fails on an item with none)
        return [actual in self._type_names]

    @pinned_property
    def _type_names(self) -> tuple[str, ...]:
        return _condition_types(self.get("type"))


class If(_TypeCondition, _ConditionTests, _NumericCondition, model.If):
    pass


class Else_If(_TypeCondition, _ConditionTests, _NumericCondition,  # noqa: N801
              model.Else_If):  # (CSL element name)
    pass
