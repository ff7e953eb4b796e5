"""Disambiguation of cites, in the steps of CSL 1.0.2 (Citation > Disambiguation).

Two cites are ambiguous when they render the same (alone, with no locator or affixes) for
different items. The steps, each run only on what the previous ones left ambiguous:

0. givenname-disambiguation-rule other than "by-cite": a name that the cites of different
   people share ("Smith" for John and Karen Smith) is expanded everywhere, to initials where
   they tell the people apart, else to the full given name ("-with-initials" rules stop at
   initials; "primary-name" rules expand only the first name of a cite), sort keys
   included: it runs before the bibliography is sorted (shared_names);
1. disambiguate-add-names: show more names of the item than et-al-use-first;
2. disambiguate-add-givenname with the rule "by-cite": expand the names of ambiguous cites;
3. disambiguate-add-year-suffix: "a", "b", ... in the order of the bibliography;
4. the condition ``disambiguate="true"`` holds for the cites still ambiguous: the first one
   a cite meets, then the first two ... while they leave it ambiguous (citeproc-js).

What steps 0 to 2 show (names, initials, full given names) shows in the bibliography's
entries too, where their own form shows less: CSL 1.0.2 wants that "detail that distinguishes
cites ... must be shown in the corresponding bibliography entries" (elements.names.Name).

Ambiguity is found by grouping the rendered strings of the items, never by comparing every
pair, so the work stays near-linear in the number of items. What this module decides lives in
the render's plan (state.py: expand, add_names, ambiguous) and in the references
(year_suffix); the element classes read it.
"""
from __future__ import annotations

import re
from collections import defaultdict

from citeproc import Citation

from .elements import CSL_NAMESPACE, NAME_VARIABLES, Cite
from .elements.lookups import per_style
from .initials import initials
from .slices import CITES_MOST, SCATTERED_MOST, built_order, render_in_slices



def _options(style_root) -> dict:
    """The citation's disambiguation options, as read from the style (``per_style``: the
    same dict for every render, never changed)."""
    citation = style_root.citation
    get = citation.get
    return {
        "add_names": get("disambiguate-add-names") == "true",
        "add_givenname": get("disambiguate-add-givenname") == "true",
        "rule": get("givenname-disambiguation-rule", "by-cite"),
        "year_suffix": get("disambiguate-add-year-suffix") == "true",
        "condition": bool(style_root.xpath(
            ".//cs:if[@disambiguate] | .//cs:else-if[@disambiguate]",
            namespaces={"cs": CSL_NAMESPACE})),
        "conditions": len(style_root.xpath(  # how many a cite may meet, at most
            ".//cs:if[@disambiguate='true'] | .//cs:else-if[@disambiguate='true']",
            namespaces={"cs": CSL_NAMESPACE})),
        "positions": bool(citation.xpath(
            ".//cs:if[@position] | .//cs:else-if[@position]",
            namespaces={"cs": CSL_NAMESPACE})),
        "et_al_subsequent": any(
            element.get(name) is not None for element in (citation, style_root)
            for name in ("et-al-subsequent-min", "et-al-subsequent-use-first")),
        "et_al_min": int(get("et-al-min", style_root.get("et-al-min", "0")) or 0),
        "et_al_use_first": int(get("et-al-use-first", style_root.get("et-al-use-first", "1"))
                               or 1),
        "initialize_with": get("initialize-with", style_root.get("initialize-with", ". ")),
        # a probe leaves the accessed date out (_Probe): not the cite a citation shows then
        "accessed": _citation_dates(style_root, "accessed"),
    }


def _rendered_name_variables(style_root) -> set[str]:
    """The name variables that the citation's layout and the bibliography's sort keys render
    outside a cs:substitute: under "primary-name", citeproc-js compares the first names of
    those lists, rendering the sort keys included (Chicago's, whose source macro prints a
    chapter's editors: 'J. Müller' beside an editor Kaushik Müller), and not a list the
    style prints only in the bibliography's entries (APA 6th: 'Müller')."""
    ns = {"cs": CSL_NAMESPACE}
    macros = {m.get("name"): m for m in style_root.xpath("cs:macro", namespaces=ns)}
    roots = list(style_root.xpath("cs:citation/cs:layout", namespaces=ns))
    found = set()
    for key in style_root.xpath("cs:bibliography/cs:sort/cs:key", namespaces=ns):
        if key.get("macro") in macros:
            roots.append(macros[key.get("macro")])
        found.update((key.get("variable") or "").split())
    seen = set()
    while roots:
        root = roots.pop()
        for names in root.xpath(".//cs:names[not(ancestor::cs:substitute)]", namespaces=ns):
            found.update(names.get("variable", "").split())
        for call in root.xpath(".//cs:text[@macro][not(ancestor::cs:substitute)]",
                               namespaces=ns):
            name = call.get("macro")
            if name in macros and name not in seen:
                seen.add(name)
                roots.append(macros[name])
    return found & set(NAME_VARIABLES)
def _citation_dates(style_root, variable: str) -> bool:
    """Whether the citation, or a macro it calls, has a cs:date of ``variable``."""
    macros = {m.get("name"): m for m in style_root.iterchildren(f"{{{CSL_NAMESPACE}}}macro")}
    todo, seen = [style_root.citation], set()
    while todo:
        for element in todo.pop().iter(f"{{{CSL_NAMESPACE}}}*"):
            if element.tag == f"{{{CSL_NAMESPACE}}}date" and element.get("variable") == variable:
                return True
            called = element.get("macro")
            if called in macros and called not in seen:
                seen.add(called)
                todo.append(macros[called])
    return False


def _pairs(groups: list[list[str]]) -> int:
    """How many pairs of cites are alike in groups of ambiguous cites."""
    return sum(len(group) * (len(group) - 1) // 2 for group in groups)


def _cited_names(reference) -> tuple[str, list] | None:
    for variable in NAME_VARIABLES:
        names = dict.get(reference, variable.replace("-", "_"))  # the data, nothing hidden
        if names:
            return variable, list(names)
    return None


def _short(name) -> str:
    if "literal" in name:
        return name["literal"].casefold()
    return " ".join(p for p in (name.get("non-dropping-particle"), name.get("family")) if p
                    ).casefold()


def _person(given: str) -> str:
    return re.sub(r"[\s.]+", "", given).casefold()


def _given(name) -> str:
    return "" if "literal" in name else (name.get("given") or "")


class _Probe(Cite):
    """A cite rendered alone to compare it with others."""

    probe = True


class Disambiguator:
    def __init__(self, style, bib, state):
        self.style, self.bib, self.state = style, bib, state
        self.options = per_style(style.root, _options)
        self._probes: dict[tuple, str] = {}  # what a cite renders, by its state (cite_text)
        # each item's last first-position probe, with its state: the final cite of an item
        # whose state has not changed since (final_text)
        self._last: dict[str, tuple[tuple, str]] = {}
        self._cited: dict[str, tuple[str, int] | None] = {}  # key -> name variable, count

    @property
    def needed(self) -> bool:
        o = self.options
        return o["add_names"] or o["add_givenname"] or o["year_suffix"] or o["condition"]

    def cite_text(self, key: str, position: str | None = None) -> str:
        """The cite of one item, alone: what readers compare; ``position``: rendered as a
        cite in that position ("subsequent") instead of a first cite.

        Rendered once per state of the item: the steps ask again for cites whose state
        they did not change (MLA asked 15,044 times for 6,727 different cites of 2,000
        entries)."""
        signature = self._state_of(key, position)
        text = self._probes.get(signature)
        if text is None:
            text = self._probes[signature] = self._render_probe(key, position)
        if position is None:
            self._last[key] = (signature, text)
        return text

    def final_text(self, key: str) -> str | None:
        """The cite of ``key`` alone as the steps left it, if it was rendered in that state
        (None: it was not, or the citation shows the accessed date, which probes leave out).
        A plain first cite renders just so (Engine.render)."""
        last = self._last.get(key)
        if last is None or self.options["accessed"] or last[0] != self._state_of(key, None):
            return None
        return last[1]

    def _state_of(self, key: str, position: str | None) -> tuple:
        """Everything disambiguation changes that a cite of ``key`` renders: its given names
        shown (plan.expand, only ever set for the name variable it cites), names added,
        year suffix, the disambiguate condition, and the position probed."""
        cited = self._cited_of(key)
        expand = self.state.plan.expand
        given = tuple(expand.get((key, cited[0], i)) for i in range(cited[1])) \
            if cited else ()
        return (key, position, self.state.plan.add_names.get(key),
                dict.get(self.bib.source[key], "year_suffix"), key in self.state.plan.ambiguous,
                self.state.plan.conditions_held.get(key), given)

    def _cited_of(self, key: str) -> tuple[str, int] | None:
        """The name variable the cite of ``key`` shows and how many names it has."""
        if key not in self._cited:
            found = _cited_names(self.bib.source[key])
            self._cited[key] = (found[0], len(found[1])) if found else None
        return self._cited[key]

    def _name_count(self, key: str) -> int:
        """How many names the name variable the cite of ``key`` shows has (0: none)."""
        cited = self._cited_of(key)
        return cited[1] if cited else 0

    def _slots(self, keys) -> list[tuple[str, str, int]]:
        """Every place a name of the cites of ``keys`` can be expanded (plan.expand's keys
        for them: only the name variable a cite shows is ever expanded)."""
        slots = []
        for key in keys:
            cited = self._cited_of(key)
            if cited:
                slots.extend((key, cited[0], index) for index in range(cited[1]))
        return slots

    def _expansion(self, keys) -> dict[tuple[str, str, int], int]:
        """The names expanded in the cites of ``keys``: their part of plan.expand. A step
        on a group saves and restores its own part, never a copy of the whole (which made
        settling the groups grow with their number times the file's expanded names)."""
        expand = self.state.plan.expand
        return {slot: expand[slot] for slot in self._slots(keys) if slot in expand}

    def _set_expansion(self, keys, expansion: dict) -> None:
        """The part of plan.expand for ``keys`` made ``expansion`` (an _expansion)."""
        expand = self.state.plan.expand
        for slot in self._slots(keys):
            expand.pop(slot, None)
        expand.update(expansion)

    def _render_probe(self, key: str, position: str | None) -> str:
        item = _Probe(key)
        citation = Citation([item])
        citation.bibliography = self.bib
        self.state.probe_position = position
        try:
            return str(self.style.root.citation.render(citation, [], lambda cite: None))
        finally:
            self.state.probe_position = None

    def probes(self, keys, position: str | None = None, most: int | None = None) -> None:
        """The cite of every item of ``keys`` alone, in ``position``, in the state it is in,
        rendered in slices over processes for a long list (slices.py): for a step that
        groups them (ambiguous_groups), which then finds each one rendered. (Grouping the
        items of every group again after their year suffixes rendered them one by one: 2.2 s
        of 50,000 APA entries.)"""
        texts = render_in_slices(self.state, len(keys), lambda part: [
            self._render_probe(keys[i], position) for i in part],
            order=lambda: built_order(self.bib.source, keys), most=most or CITES_MOST)
        for key, text in zip(keys, texts):
            signature = self._state_of(key, position)
            self._probes[signature] = text
            if position is None:
                self._last[key] = (signature, text)

    def ambiguous_groups(self, keys, position: str | None = None) -> list[list[str]]:
        by_text = defaultdict(list)
        for key in keys:
            by_text[self.cite_text(key, position)].append(key)
        return [group for text, group in by_text.items() if len(group) > 1 and text]

    def run(self) -> None:
        keys = list(self.bib.keys)  # bibliography order (the style's sort), cited or not
        position = {key: i for i, key in enumerate(keys)}  # for year suffixes, in that order
        o = self.options
        with self.state.in_layout("citation"):
            self.probes(keys)  # (step 0 came before the bibliography's sort: shared_names)
            groups = self.names_and_given_names_of(self.ambiguous_groups(keys))
            if groups and o["year_suffix"]:
                for group in groups:
                    self.year_suffixes(group, position)
                self.probes([key for group in groups for key in group], most=SCATTERED_MOST)
                groups = [g for group in groups for g in self.ambiguous_groups(group)]
            cited = [key for key in keys if key in self.state.plan.cited]
            suffix_subsequent = o["year_suffix"] and (o["positions"] or o["et_al_subsequent"])
            names_subsequent = o["add_names"] and o["et_al_subsequent"]
            condition_subsequent = o["condition"] and o["positions"]
            if suffix_subsequent or condition_subsequent or names_subsequent:
                self.probes(cited, "subsequent")
            if suffix_subsequent or names_subsequent:
                # the short form of later cites ("Baur et al. 2000" for two Baur, Fröberg
                # ... and Baur, Schileyko ...) is told apart by more names where the style
                # adds names (ASA: "García, Lopez, et al. 2018"), else by the suffixes, so
                # both forms show them (citeproc-js); groups already told apart keep theirs
                for group in self.ambiguous_groups(cited, "subsequent"):
                    if names_subsequent:
                        left = self.add_names_subsequent(group)
                        self.probes(group)  # their first cites show the names added too
                        if not left:
                            continue
                    if suffix_subsequent and not any(
                            dict.get(self.bib.source[k], "year_suffix") for k in group):
                        self.year_suffixes(group, position)
            if groups and o["condition"]:
                for group in groups:
                    self.state.plan.ambiguous.update(group)
                    self.conditions_one_by_one(group)
            if condition_subsequent:
                # the short form of later cites can be ambiguous where the first is not
                # ("Doe, supra note 1" for two books of one author): disambiguate="true"
                # holds for those too (citeproc-js)
                for group in self.ambiguous_groups(cited, "subsequent"):
                    self.state.plan.ambiguous.update(group)

    # step 4 ------------------------------------------------------------------------------
    def conditions_one_by_one(self, group: list[str]) -> None:
        """As citeproc-js: the first disambiguate="true" condition a cite meets holds, then
        the first two ... for the cites still ambiguous ("John Smith, Book One" where the
        title tells it apart; ", ed. 5" added only where it does not). Cites no number of
        conditions tells apart have them all."""
        most = self.options["conditions"]
        left = list(group)
        for held in range(1, most):
            for key in left:
                self.state.plan.conditions_held[key] = held
            left = [key for g in self.ambiguous_groups(left) for key in g]
            if not left:
                return
        for key in left:
            self.state.plan.conditions_held.pop(key, None)

    # step 0 ------------------------------------------------------------------------------
    def expand_shared_names(self, keys) -> None:
        o = self.options
        primary_only = o["rule"].startswith("primary-name")
        rendered = per_style(self.style.root, _rendered_name_variables)
        max_level = 1 if o["rule"].endswith("with-initials") else 2
        slots = defaultdict(list)  # short form -> [(key, variable, index, given)]
        for key in keys:
            reference = self.bib.source[key]
            found = _cited_names(reference)
            if found is None:
                continue
            variable, names = found
            if o["rule"] == "primary-name":
                # citeproc-js compares the first name of every name list it renders for the
                # citation and the bibliography's sort keys (authors, editors, translators
                # ...); only the cited list's first name expands. Under
                # "primary-name-with-initials" it compares the names cites show.
                for other in rendered:
                    others = dict.get(reference, other.replace("-", "_"))
                    if others and other != variable and "literal" not in others[0]:
                        slots[_short(others[0])].append((None, other, 0, _given(others[0])))
            if primary_only:
                shown = names[:1]
            else:
                shown = names
                if o["et_al_min"] and len(names) >= o["et_al_min"]:
                    shown = names[:o["et_al_use_first"]]
            for index, name in enumerate(shown):
                if "literal" not in name:
                    slots[_short(name)].append((key, variable, index, _given(name)))
        mark = o["initialize_with"] if o["initialize_with"] is not None else ". "
        for group in slots.values():
            # given names written with other spacing are one person ("J. J.", "J.J.")
            people = {_person(given) for *_, given in group}
            if len(people) < 2:
                continue
            initial_forms = defaultdict(set)
            for *_, given in group:
                initial_forms[initials(given, mark)].add(_person(given))
            for key, variable, index, given in group:
                if key is None:
                    continue  # a name compared with, not shown
                level = 1 if len(initial_forms[initials(given, mark)]) == 1 else 2
                if level > max_level:
                    # initials only: shown when they tell this name from some other
                    # ("A. Lindqvist" among Priya and Jörg), not when every name of the
                    # group has the same ("Smith" for Cecil and Charles; citeproc-js)
                    if len(initial_forms) < 2:
                        continue
                    level = max_level
                self.state.plan.expand[(key, variable, index)] = level

    # steps 1 and 2 ------------------------------------------------------------------------
    def names_and_given_names_of(self, groups: list[list[str]]) -> list[list[str]]:
        """names_and_given_names of every group, in slices over processes for many
        (slices.py). The groups have no item in common, and what a step changes for one
        item (names shown, given names expanded) changes only that item's cite: so the
        groups are independent, and what each changed comes back with it."""
        def settle(part) -> list[tuple]:
            settled = []
            for i in part:
                group = groups[i]
                remaining = self.names_and_given_names(group)
                settled.append((remaining, group, self._expansion(group),
                                {key: self.state.plan.add_names[key] for key in group
                                 if key in self.state.plan.add_names},
                                {key: self._last[key] for key in group if key in self._last}))
            return settled

        # each group starts from no probes (names_and_given_names): the ones left go here,
        # not in every worker, where letting go of them copies the pages they lie in
        self._probes.clear()
        out = []
        for remaining, members, expand, add_names, last in render_in_slices(
                self.state, len(groups), settle, [len(group) for group in groups],
                lambda: built_order(self.bib.source, [group[0] for group in groups]),
                SCATTERED_MOST):
            # (the same values, where the group was settled in this process)
            self._set_expansion(members, expand)
            for key in members:
                self.state.plan.add_names.pop(key, None)
            self.state.plan.add_names.update(add_names)
            self._last.update(last)
            out.extend(remaining)
        return out

    def names_and_given_names(self, group: list[str]) -> list[list[str]]:
        """As citeproc-js: the given names of the names shown, if that tells the whole group
        apart ("S. Seki et al.", "L. Seki et al."); if not, more names instead, without the
        given names ("García, Lopez, et al.", "García, Yamamoto, et al."); then both."""
        # the probes worth remembering are this group's: kept per group, memory stays small
        self._probes.clear()
        o = self.options
        if o["add_givenname"]:
            before = self._expansion(group)
            if not self.expand_cite_names(group):
                return []
            if not o["add_names"]:
                return self.ambiguous_groups(group)
            self._set_expansion(group, before)
        if not o["add_names"]:
            return [group]
        remaining = self.add_names(group)
        if remaining and o["add_givenname"]:
            remaining = [g for r in remaining for g in self.more_names_with_given_names(r)]
        return remaining

    def more_names_with_given_names(self, group: list[str]) -> list[list[str]]:
        """Names added and their given names shown together ("Smith, Brown & J. Jones" and
        "Smith, Brown & A. Jones"), at the fewest names that tell the group apart; else the
        given names of the names already shown."""
        counts = {key: self._name_count(key) for key in group}
        names_before = {k: self.state.plan.add_names.get(k) for k in group}
        expand_before = self._expansion(group)
        first = self.options["et_al_use_first"]
        start = max([self.state.plan.add_names.get(k, first) for k in group] + [first])
        best = None  # (ambiguous cites, names, expansions, remaining groups)
        for shown in [None] + list(range(start + 1, max(counts.values(), default=0) + 1)):
            names = dict(names_before) if shown is None else {
                k: min(shown, counts[k]) if counts[k] > first else names_before[k]
                for k in group}
            for key, value in names.items():
                if value is None:
                    self.state.plan.add_names.pop(key, None)
                else:
                    self.state.plan.add_names[key] = value
            self._set_expansion(group, expand_before)
            remaining = self.expand_cite_names(group)
            ambiguous = sum(map(len, remaining))
            if best is None or ambiguous < best[0]:  # ties keep the fewer names
                best = (ambiguous, names, self._expansion(group), remaining)
            if not remaining:
                break
        _, names, expand, remaining = best
        for key, value in names.items():
            if value is None:
                self.state.plan.add_names.pop(key, None)
            else:
                self.state.plan.add_names[key] = value
        self._set_expansion(group, expand)
        if not remaining and names != names_before and self.options["rule"] == "by-cite":
            self._fewest_names(group, names_before,
                               [None] + list(range(start + 1, max(counts.values()) + 1)))
        return remaining

    def _fewest_names(self, group: list[str], names_before: dict, levels: list) -> None:
        """As citeproc-js settles a cite as soon as it differs from the cites still alike
        (givenname-disambiguation-rule "by-cite"):
        each cite of a group the added names and given names told apart shows as few names
        as tell it apart from those still alike at that number ("J. Doe, Josephine Roe, et
        al." beside "J. Doe, Jane Roe, Robert Jones" and "J. Doe, Jane Roe, Richard Jones")."""
        final = {key: self.state.plan.add_names.get(key) for key in group}
        left = list(group)
        for shown in levels:
            for key in left:
                value = names_before[key] if shown is None or final[key] is None \
                    else min(shown, final[key])
                if value is None:
                    self.state.plan.add_names.pop(key, None)
                else:
                    self.state.plan.add_names[key] = value
            still = {key for g in self.ambiguous_groups(left) for key in g}
            left = [key for key in left if key in still]
            if not left:
                return
        for key in left:  # (not reached: the final names told every cite apart)
            if final[key] is None:
                self.state.plan.add_names.pop(key, None)
            else:
                self.state.plan.add_names[key] = final[key]

    # step 1 ------------------------------------------------------------------------------
    def add_names_subsequent(self, group: list[str]) -> list[list[str]]:
        """add-names for the short form of later cites (et-al-subsequent-*): one more name
        at a time until the group's subsequent cites differ; what did not help is undone.
        The groups still ambiguous."""
        before = {key: self.state.plan.add_names.get(key) for key in group}
        counts = {key: self._name_count(key) for key in group}
        for shown in range(1, max(counts.values(), default=0) + 1):
            for key in group:
                self.state.plan.add_names[key] = max(before[key] or 0, min(shown, counts[key]))
            remaining = self.ambiguous_groups(group, "subsequent")
            if not remaining:
                return []
        for key, value in before.items():
            if value is None:
                self.state.plan.add_names.pop(key, None)
            else:
                self.state.plan.add_names[key] = value
        return self.ambiguous_groups(group, "subsequent")

    def add_names(self, group: list[str]) -> list[list[str]]:
        counts = {key: self._name_count(key) for key in group}
        first = self.options["et_al_use_first"]
        most = max(counts.values())
        if most <= first:
            return [group]
        best, best_groups = None, [group]
        for shown in range(first + 1, most + 1):
            for key in group:
                if counts[key] > first:
                    self.state.plan.add_names[key] = min(shown, counts[key])
            remaining = self.ambiguous_groups(group)
            # fewer pairs of cites alike is better, a group split in two too (citeproc-js
            # counts the cites each clashes with: "Smith, Jones & Brown" twice and "Smith,
            # Jones, Brown, et al." twice beat four "Smith et al.")
            if best is None or _pairs(remaining) < _pairs(best_groups):
                best, best_groups = shown, remaining
            if not remaining:
                break
        if best is None or best_groups == [group]:
            for key in group:  # more names did not help: show them as before
                self.state.plan.add_names.pop(key, None)
            return [group]
        for key in group:
            if counts[key] > first:
                self.state.plan.add_names[key] = min(best, counts[key])
        return best_groups

    # step 2 ------------------------------------------------------------------------------
    def shown_names(self, key: str) -> tuple[str, list] | None:
        """The name variable a cite shows and the names it shows (et-al and added names)."""
        found = _cited_names(self.bib.source[key])
        if found is None:
            return None
        variable, names = found
        o = self.options
        count = self.state.plan.add_names.get(key) or (
            o["et_al_use_first"] if o["et_al_min"] and len(names) >= o["et_al_min"]
            else len(names))
        return variable, names[:count]

    def expand_cite_names(self, group: list[str]) -> list[list[str]]:
        """Given names of the names shown, only at the places where cites of the group show the
        same name for different people ("Smith, Brown & J. Jones" / "& A. Jones")."""
        shown = {key: self.shown_names(key) for key in group}
        people = defaultdict(lambda: defaultdict(set))  # place -> short form -> given names
        for found in shown.values():
            if found:
                for index, name in enumerate(found[1]):
                    people[index][_short(name)].add(_given(name))
        places = {i for i, forms in people.items() if any(len(g) > 1 for g in forms.values())}
        if not places:
            return [group]
        before = self._expansion(group)
        remaining = [group]
        # the "-with-initials" rules never show more than initials (citeproc-js)
        levels = (1,) if self.options["rule"].endswith("with-initials") else (1, 2)
        for level in levels:
            still = {key for g in remaining for key in g}  # full names only where needed
            for key in (k for k in group if k in still and shown[k]):
                variable, names = shown[key]
                for index in places:
                    if index < len(names):
                        slot = (key, variable, index)
                        expand = self.state.plan.expand
                        expand[slot] = max(expand.get(slot, 0), level)
            remaining = self.ambiguous_groups(group)
            if not remaining:
                return []
            if level == 1:
                after_initials = self._expansion(group)
        if remaining == [group]:
            self._set_expansion(group, before)  # expanding did not help: keep names short
            return remaining
        # full given names only where they told a cite apart; the rest keep their initials
        still = {key for g in remaining for key in g}
        expand = self.state.plan.expand
        for slot in self._slots(still):
            if expand.get(slot) == 2 and after_initials.get(slot) != 2:
                expand[slot] = after_initials.get(slot, 1)
        return self.ambiguous_groups(group)

    # step 3 ------------------------------------------------------------------------------
    def year_suffixes(self, group: list[str], position: dict[str, int]) -> None:
        """Suffixes a, b, c... in bibliography order (``position``: key -> its place)."""
        for n, key in enumerate(sorted(group, key=position.__getitem__)):
            self.bib.source[key]["year_suffix"] = _letters(n)


def _letters(n: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa: the year suffixes."""
    text = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        text = chr(ord("a") + r) + text
    return text


def shared_names(style, bib, state) -> None:
    """Step 0, before the bibliography is sorted: the names a givenname-disambiguation-rule
    other than "by-cite" expands are expanded wherever they render, the bibliography's sort
    keys included (citeproc-js sorts "Lindqvist, Ana" before "Lindqvist, Anna" where both
    entries show "Lindqvist, A." but for the rule). They depend on the names alone, not on
    the order of the entries (which year suffixes do)."""
    disambiguator = Disambiguator(style, bib, state)
    o = disambiguator.options
    if style.root.citation is not None and o["add_givenname"] and o["rule"] != "by-cite":
        disambiguator.expand_shared_names(list(bib.keys))
        state.plan.shared_expand.update(state.plan.expand)


def disambiguate(style, bib, state) -> Disambiguator | None:
    """Run the steps; the disambiguator, with its probes, when there were any."""
    disambiguator = Disambiguator(style, bib, state)
    if style.root.citation is not None and disambiguator.needed:
        disambiguator.run()
        return disambiguator
    return None
