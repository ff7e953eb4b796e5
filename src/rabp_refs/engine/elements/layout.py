"""``cs:citation`` and ``cs:layout``: one entry or one citation, its cites in order (joined,
grouped and collapsed by grouping.py), with the record the processor fails on contained
(RB904) and the cite modes."""
from __future__ import annotations

from citeproc import model
from citeproc.source import VariableError
from citeproc.string import join as join_strings

from .. import display
from ..grouping import (after_collapse_joined, capitalise_opening_term, first_in_citation,
                        joined, number_ranges, opens_sentence)
from ..marks import NAMELESS_AUTHOR
from ..passes import flip_flop
from ..state import state_of
from .csl import AUTHOR_ONLY, CSL_NAMESPACE, SUPPRESS_AUTHOR
from .formatting import children_joined, joined_at_seams, rendered_children
from .lookups import pinned_property
from .names import _has_names


class Citation(model.Citation):
    """``cs:citation``, whose list of the cites rendered so far (citeproc-py's ``cites``, read
    by its position conditions) is the render's, not the style's."""

    @property
    def cites(self) -> list:
        state = state_of(self)
        return state.cites if state is not None else []

    @cites.setter
    def cites(self, cites: list) -> None:
        state = state_of(self)
        if state is not None:
            state.cites = cites


class Layout(model.Layout):
    """``cs:layout``: each item starts with nothing suppressed (a new scratch in the render
    state, state.py), and a processor failure on one item is recorded and leaves that item
    out instead of ending the whole render."""

    @property
    def repressed(self) -> dict:
        """citeproc-py's record of what a substitute used: the item's, in its scratch."""
        state = state_of(self)
        return state.item.repressed if state is not None else {}

    @repressed.setter
    def repressed(self, value: dict) -> None:
        state = state_of(self)
        if state is not None:
            state.item.repressed = value

    def render_bibliography(self, citation_items):
        """One entry per item, "" for an item the style renders as nothing, so that entries
        and ids stay aligned without rendering twice. Each entry is its text as soon as it
        is rendered (the pieces of every entry of a long list, kept to the end, were the
        largest part of a render's peak memory)."""
        entries = []
        state = state_of(self)
        for item in citation_items:
            if state is not None:
                state.new_item(item.reference)
            text = self.render_children(item)
            entries.append(str(self.format(self.wrap(text))) if text is not None else "")
        return entries

    def render_citation(self, citation, callback):
        """The cites of a cluster in the order given, or as the citation's cs:sort says, ties
        in the order given (citeproc-py put them in bibliography order first)."""
        good = [cite for cite in citation.cites if not cite.is_bad()]
        bad = [cite for cite in citation.cites if cite.is_bad()]
        sort = self.getparent().sort
        if sort is not None and len(good) > 1:  # one cite: nothing to order
            good = sort.sort(good, self)  # a stable sort: ties keep the order given
        rendered, authors = [], {}
        for cite in good:
            text, authors[cite.index] = self._cite_and_author(cite)
            if text is not None:
                rendered.append((cite, text))
                self.getparent().cites.append(cite)
        state = state_of(self)
        citation_element = self.getparent()
        collapse = citation_element.get("collapse") in ("year", "year-suffix",
                                                        "year-suffix-ranged")
        grouping = collapse or citation_element.get("cite-group-delimiter") is not None
        if citation_element.get("collapse") == "citation-number" and len(rendered) > 1:
            text = number_ranges(rendered, self.get("delimiter", ""),
                                 self._after_collapse_delimiter)
        elif grouping and state is not None and len(rendered) > 1:
            text = self._collapsed(rendered, authors, state, collapse)
        else:
            text = joined(rendered, self.get("delimiter", ""))
        extra = [callback(cite) or f"{cite.key}?" for cite in bad]
        if extra:
            text = self.join([text] + extra) if text else self.join(extra)
        return self.format(self.wrap(text))

    def _render_cite(self, cite, mode=None):
        """One cite with its affixes; ``mode`` renders it author-suppressed."""
        return self._cite_and_author(cite, mode)[0]

    def _cite_and_author(self, cite, mode=None) -> tuple:
        """One cite with its affixes (``mode``: author-suppressed, for collapsing), and its
        author: the text of its first outermost cs:names (Names.render), None without one;
        cites of one author are grouped by it."""
        state = state_of(self)
        scratch = state.new_item(cite.reference, mode if mode is not None
                                 else state.plan.modes.get(cite.index))
        try:
            text = self.render_children(cite)
        except VariableError:
            text = None
        if scratch.mode == AUTHOR_ONLY and scratch.author is not None:
            state.captured[cite.index] = scratch.author  # (Engine.render joins them)
        if text is None:
            return None, scratch.author
        prefix = cite.get("prefix", "")
        if scratch.cite_terms and self.get_root().get("class") == "note" and \
                opens_sentence(prefix, first_in_citation(cite)):
            text = capitalise_opening_term(str(text), scratch.cite_terms)
        return prefix + text + cite.get("suffix", ""), scratch.author

    def _collapsed(self, rendered, authors, state, collapse: bool) -> str:
        """Cite grouping (collapse or cite-group-delimiter): the cites of one author are
        brought together after the first of them and joined by cite-group-delimiter; with
        collapse, the later ones without their author: "(Lindqvist, 2017, 2019b, 2019a)",
        "Smith 2003, 2010; Jones 2005" (CSL 1.0.2, cite grouping and collapsing).

        The groups are found from the first render (each cite's text and author); a later
        cite of a collapsed group is rendered once more, author-suppressed, with that mode
        given to its own scratch (nothing shared is changed). Cutting the author out of the
        first text would not do: without its names a cs:group may be suppressed with its
        affixes, terms and delimiters (CSL 1.0.2 group suppression), which only the style's
        own rules decide; our rendered text keeps no tree to remove a node from."""
        citation = self.getparent()
        delimiter = self.get("delimiter", "")
        # CSL 1.0.2: cite-group-delimiter defaults to ", "; citeproc-js keeps the layout's
        # delimiter in a note style ("(Smith 2000a; 2000b)")
        group_delimiter = citation.get("cite-group-delimiter", delimiter if
                                       self.get_root().get("class") == "note" else ", ")
        after_collapse = self._after_collapse_delimiter
        # citeproc-js: a style's own after-collapse-delimiter comes after every group of
        # collapse="year"/"year-suffix-ranged" (getSpliceDelimiter), not only after a group
        # of several cites ("(Whittaker 1967; Wiens 1989b)")
        explicit_after = collapse and citation.get("after-collapse-delimiter") is not None
        groups = []  # [author, [(cite, text)]]
        by_author = {}
        # citeproc-js brings the cites of an author together only where it sorts the cites
        # of an in-text style that collapses, or of a style with cite-group-delimiter
        # (grouped_sort); else only cites next to each other are grouped ("(Aalto 2015a,b;
        # Bartleby 2010; Aalto 2015c–e)")
        regroup = citation.find(f"{{{CSL_NAMESPACE}}}sort") is not None and (
            (self.get_root().get("class") == "in-text" and citation.get("collapse")) or
            citation.get("cite-group-delimiter") is not None)
        for cite, text in rendered:
            author = None
            if self._nameless:
                author = NAMELESS_AUTHOR  # the same key for every cite
            elif state.plan.modes.get(cite.index) in (None, SUPPRESS_AUTHOR) and \
                    _has_names(cite.reference):
                # (a title standing in for names: no group). An author-suppressed cite is
                # grouped by the names it would print (citeproc-js: "[-@a; -@b]" is "(2020c,
                # 2020a)"), and a group it opens prints no author: "(2020c, 2020a)" for
                # "[-@b; @a]" too
                author = authors[cite.index]
            if author and author in by_author and (regroup or by_author[author] is groups[-1]):
                by_author[author][1].append((cite, text))
            else:
                groups.append([author, [(cite, text)]])
                if author:
                    by_author[author] = groups[-1]
        pieces = []
        mode = citation.get("collapse")
        for n, (author, members) in enumerate(groups):
            if len(members) == 1:
                piece = members[0][1]
            else:
                rest = ([self._render_cite(cite, SUPPRESS_AUTHOR) for cite, _ in members[1:]]
                        if collapse else [text for _, text in members[1:]])
                if mode in ("year-suffix", "year-suffix-ranged"):
                    piece = self._suffixes_collapsed(members, rest, group_delimiter,
                                                     mode == "year-suffix-ranged")
                elif explicit_after:
                    piece = after_collapse_joined(members, rest, delimiter, after_collapse)
                else:
                    piece = join_strings([members[0][1]] + [r for r in rest if r],
                                         group_delimiter)
            if n:
                pieces.append(after_collapse if len(groups[n - 1][1]) > 1 or (
                    explicit_after and mode != "year-suffix") else delimiter)
            pieces.append(piece)
        return join_strings(pieces)

    @pinned_property
    def _after_collapse_delimiter(self) -> str:
        """CSL 1.0.2: after-collapse-delimiter defaults to the layout's delimiter."""
        return self.getparent().get("after-collapse-delimiter", self.get("delimiter", ""))

    @pinned_property
    def _nameless(self) -> bool:
        """A citation that prints no names at all ("(1965a,b)"): its cites are one group."""
        return not self.xpath_search(".//cs:names") and not any(
            macro.xpath_search(".//cs:names") for macro in self._called_macros())

    def _called_macros(self):
        """The macros the layout calls, directly or through other macros."""
        root = self.get_root()
        seen, todo = {}, [self]
        while todo:
            element = todo.pop()
            for text in element.xpath_search(".//cs:text[@macro]"):
                name = text.get("macro")
                if name not in seen:
                    try:
                        seen[name] = root.get_macro(name)
                    except (IndexError, KeyError):
                        continue
                    todo.append(seen[name])
        return list(seen.values())

    def _suffixes_collapsed(self, members, rest, group_delimiter, ranged) -> str:
        """collapse="year-suffix": cites of one author and year after the first print their
        suffix alone ("2015a, b"); "year-suffix-ranged" makes three or more in a row a range
        ("2015c–e"). A cite with a locator or affixes is not collapsed."""
        citation = self.getparent()
        # CSL 1.0.2: year-suffix-delimiter defaults to the layout's delimiter; citeproc-js
        # takes an explicit cite-group-delimiter first ("(Aalto 2015a,b; Bartleby 2010)")
        suffix_delimiter = next((value for value in (
            citation.get("year-suffix-delimiter"), citation.get("cite-group-delimiter"))
            if value is not None), self.get("delimiter", ""))
        after_collapse = self._after_collapse_delimiter
        first = members[0][0]
        # a "normal" span where nothing is to undo is not part of the year ("2000a</span>")
        items = [(first, flip_flop(str(members[0][1])),
                  flip_flop(str(self._render_cite(first, SUPPRESS_AUTHOR) or members[0][1])))
                 ] + [(cite, flip_flop(str(text)), flip_flop(str(text)))
                      for (cite, _), text in zip(members[1:], rest) if text]
        runs = []  # [year base, [suffixes] or None for a cite kept whole, printed text]
        for cite, printed, year in items:
            suffix = dict.get(cite.reference, "year_suffix")
            plain = not (cite.get("locator", None) or cite.get("prefix", None)
                         or cite.get("suffix", None))
            base = year[:-len(suffix)] if suffix and plain and year.endswith(suffix) else None
            if base is not None and runs and runs[-1][0] == base and runs[-1][1] is not None:
                runs[-1][1].append(suffix)
            else:
                runs.append([base, [suffix] if base is not None else None, printed])
        pieces = []
        for n, (base, suffixes, text) in enumerate(runs):
            if n:  # after a run of collapsed suffixes: after-collapse-delimiter
                previous = runs[n - 1][1]
                pieces.append(after_collapse if previous and len(previous) > 1
                              else group_delimiter)
            if not suffixes or len(suffixes) == 1:
                pieces.append(text)
                continue
            text = text[:-len(suffixes[0])]  # the run's first cite, without its suffix
            letters, out = suffixes, []
            i = 0
            while i < len(letters):
                j = i
                while ranged and j + 1 < len(letters) and len(letters[j]) == 1 and \
                        len(letters[j + 1]) == 1 and ord(letters[j + 1]) == ord(letters[j]) + 1:
                    j += 1
                out.append(f"{letters[i]}\u2013{letters[j]}" if j - i >= 2 else letters[i])
                if 0 < j - i < 2:
                    out.extend(letters[i + 1:j + 1])
                i = j + 1
            pieces.append(text + suffix_delimiter.join(out))
        return join_strings(pieces)

    def render_children(self, item, **kwargs):
        state = state_of(self)
        try:
            if state is not None and state.layout == "bibliography" and \
                    self.getparent().get("second-field-align") in ("flush", "margin"):
                return self._second_field_aligned(item, **kwargs)
            return children_joined(self, item, "", **kwargs)  # (marks at seams: one)
        except Exception as exc:  # noqa: BLE001 - a bug in the processor, reported per item
            if state is None:
                raise
            state.failures.append((item.key, f"{type(exc).__name__}: {exc}".rstrip(": ")))
            return None


    def _second_field_aligned(self, item, **kwargs):
        """second-field-align: the first thing the layout renders goes in the margin, the
        rest (and the layout's suffix) beside it."""
        fields = rendered_children(self, item, **kwargs)
        if not fields:
            return None
        left = display.enclose(display.LEFT_MARGIN, fields[0])
        if len(fields) == 1:
            return left
        return left + display.enclose(display.RIGHT_INLINE, joined_at_seams(fields[1:]))

