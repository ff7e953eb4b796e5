"""The rendering engine: CSL-JSON items + a CSL style -> citations and a bibliography.

The only package that imports citeproc-py. The data flow, in :meth:`Engine.render`, one
step after the other, each adding to the render's state (state.py), none to the style:

1. build: the items cleaned, their references made, the cites of the clusters registered
   with the bibliography in document order (cited items in order of first cite, then the
   rest), each cite's mode and given position in the plan;
2. the bibliography sorted by the style, then the positions of the cites (positions.py);
3. disambiguation (disambiguation.py), into the plan;
4. the citations, in order;
5. the bibliography's entries.

What goes wrong with the data is collected as diagnostics in the result; a failure of the
processor on the style or one record is contained and reported (RB904).
"""
from __future__ import annotations

import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from citeproc import Citation, CitationStylesBibliography

from .. import rules
from ..csl_json import clean_item
from ..diagnostics import Diagnostic, Severity
from ..errors import StyleError
from ..memory import ENTRIES_PER_OWNER, collector_paused, dropped, frozen, leaves_cycles
from ..output import FORMATS, BibliographyLayout, convert
from ..output.writers import link_urls
from ..styles import find_style, independent_parent
from . import display, positions
from .citation_label import trigraph
# the cites as callers give them, and the positions they may give (the engine's interface)
from .cites import (FIRST, IBID, IBID_WITH_LOCATOR, SUBSEQUENT,  # noqa: F401
                    CiteItem, CiteMaker, locator_terms, parse_locator, unknown_locator_label)
from .disambiguation import disambiguate, shared_names
from .elements import AUTHOR_ONLY, NAME_VARIABLES, SUPPRESS_AUTHOR, Cite, Reference  # noqa: F401
from .elements.lookups import per_style
from .formatters import FORMATTERS
from .marks import AFFIX_COMMA as _AFFIX_COMMA
from .particles import split_particles
from .passes import AFFIX_CLOSE_QUOTE as _AFFIX_CLOSE_QUOTE
from .passes import narrow_spaces, tidy
from .slices import built_order, render_in_slices
from .source import CslJsonSource, locale_quotes
from .state import rendering
from .style import CslStyle


@dataclass
class RenderResult:
    bibliography: list[str] = field(default_factory=list)
    bibliography_ids: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def to_json(self) -> dict:
        """The oracle's JSON shape (../shared/oracle), so outputs compare entry by entry."""
        return {"bibliography": self.bibliography, "bibliography_ids": self.bibliography_ids,
                "citations": self.citations,
                "errors": [d.format() for d in self.diagnostics
                           if d.severity >= Severity.WARNING]}


_UNSET = object()

_WARNINGS_RECORDED = threading.Lock()


def _previous_names(layout, items, start: int, initial, state):
    """The names subsequent-author-substitute compares entry ``start``'s with, as rendering
    the entries before it in order leaves them: set by the last of them that compared its
    names (an entry with none leaves what was there), else ``initial``. Each entry sets them
    from its own names alone, so the entries before are rendered back to that one only."""
    for j in range(start - 1, -1, -1):
        state.previous_names = _UNSET
        layout.render_bibliography([items[j]])
        if state.previous_names is not _UNSET:
            return state.previous_names
    return initial


class Bibliography(CitationStylesBibliography):
    """citeproc-py's bibliography, registering each cite in constant time: it searched the
    list of registered keys for every cite, which is quadratic in the number of entries.

    An entry renders from a cite of its own, not from the first cite of its item:
    citeproc-py kept that cite, so its locator, affixes and mode reached the entry
    (chicago-author-date printed the cited page "369" for the article's page range). A
    bibliography does not depend on how its items were cited."""

    def __init__(self, style, source, formatter):
        super().__init__(style, source, formatter)
        self.registered: set[str] = set()

    def register(self, citation, callback=None):
        citation.bibliography = self
        entries = []
        for item in citation.cites:
            if item.key not in self.source:
                if callback is not None:
                    callback(item)
            elif item.key not in self.registered:
                self.registered.add(item.key)
                self.keys.append(item.key)
                entries.append(Cite(item.key))
        if entries:
            Citation(entries).bibliography = self
            self.items.extend(entries)


class _Document(NamedTuple):
    """What the build step makes of the items and clusters."""

    source: CslJsonSource  # the references, by lower-cased id
    bib: Bibliography  # the registered items, sorted by the style once sorted
    citations: list  # citeproc-py Citations of our Cites, in document order
    original_id: dict[str, str]  # lower-cased id -> the id as the caller spelled it


def _position_dependent(root) -> bool:
    """Whether a style's cites change with their position (position conditions,
    et-al-subsequent-*, first-reference-note-number)."""
    return bool(root.xpath("//*[@position or @et-al-subsequent-min or @et-al-subsequent-use-first"
                           " or contains(@variable, 'first-reference-note-number')]"))


@lru_cache(maxsize=32)
def _style_path(name: str) -> Path:
    path = find_style(name)
    parent = independent_parent(path)
    return parent or path


class Engine:
    """Renders CSL-JSON items through one style, in one output format."""

    def __init__(self, style: str | Path, locale: str | None = None, output_format: str = "text",
                 links: bool = False):
        """``output_format``: text, html, markdown, rtf or latex (the rich formats are
        rendered as HTML, then written by :mod:`rabp_refs.output`). ``links``: URLs and DOIs
        become links in the formats that have them."""
        if output_format not in FORMATS:
            raise StyleError(f"unknown output format '{output_format}' "
                             f"({', '.join(FORMATS)})")
        self.path = _style_path(str(style))
        self.locale = locale
        self.style = CslStyle(self.path, locale)
        leaves_cycles(self)
        self.output_format = output_format
        self.links = links
        # the format citeproc-py renders: plain text, or HTML for every rich format
        self._rendered = "text" if output_format == "text" else "html"
        self.formatter = FORMATTERS[self._rendered]
        self._quote_punctuation = self._closing_quote_if_punctuation_moves()
        self._narrow_spaces = not self.language.lower().startswith("en")
        self._data_quotes = locale_quotes(self.style.root)
        self._cite_maker = CiteMaker(self.style.root, self._rendered == "html",
                                     self._data_quotes, self._quote_punctuation)
        # items without a citation-label get citeproc-js's trigraph one, when the style
        # prints labels
        self._labels = bool(self.style.root.xpath(".//*[@variable='citation-label']"))

    def _closing_quote_if_punctuation_moves(self) -> str | None:
        root = self.style.root
        if str(root.get_locale_option("punctuation-in-quote")).lower() != "true":
            return None
        term = root.get_term("close-quote")
        return term.text if term is not None and term.text else None

    def _tidy(self, text: str, entry: bool = False) -> str:
        """The passes after rendering; ``entry``: a bibliography entry, whose display parts
        (display.py) take the output's form (citations have none)."""
        if entry:
            text = display.suffix_inside(text)
        text = tidy(text, quote_punctuation=self._quote_punctuation,
                    html=self._rendered == "html")
        if self._narrow_spaces:
            text = narrow_spaces(text)
        if self._quote_punctuation:
            text = text.replace(_AFFIX_CLOSE_QUOTE, self._quote_punctuation).replace(
                _AFFIX_COMMA, ",")
        if entry:
            text = display.apply(text, html=self.output_format == "html")
        else:
            text = display.strip(text)
        if self._rendered == "html":
            if self.links:
                text = link_urls(text)
            text = convert(text, self.output_format)
        return text

    @property
    def language(self) -> str:
        """The language of the output: the locale asked for, else the style's default."""
        return self.locale or self.style.root.get("default-locale") or "en-US"

    @property
    def bibliography_layout(self) -> BibliographyLayout:
        """Hanging indent, line and entry spacing, as the style's cs:bibliography sets them."""
        bibliography = self.style.root.bibliography if self.has_bibliography else None
        return BibliographyLayout.from_attributes(
            dict(bibliography.attrib) if bibliography is not None else {})

    @property
    def has_bibliography(self) -> bool:
        return self.style.has_bibliography()

    @property
    def is_note_style(self) -> bool:
        """A style whose citations are footnotes (CSL's ``class="note"``)."""
        return self.style.root.get("class") == "note"

    @property
    def citation_affixes(self) -> tuple[str, str, str]:
        """The prefix, delimiter and suffix of the style's citation layout."""
        layout = self.style.root.citation.layout
        return (layout.get("prefix", ""), layout.get("delimiter", ""),
                layout.get("suffix", ""))

    def locator_terms(self) -> dict[str, str]:
        """Every form of the locale's locator terms (long, short, symbol; singular and
        plural), lower case -> the CSL locator term: how pandoc recognises a locator's
        label in a citation's suffix."""
        return locator_terms(self.style.root, self.language)

    def render(self, items: list[dict], clusters: list[list[CiteItem]] | None = None,
               bibliography: bool = True, notes: list[int] | None = None,
               jobs: int | None = None) -> RenderResult:
        """``notes``: the note number of each cluster, 0 for one in the running text (as a
        word processor tells citeproc-js); by default every cluster of a note style is its
        own note, numbered from 1, and an in-text style's are in the text.

        ``jobs``: processes to render with (None: every core for a long document, where
        forking is safe; see forking.py). The result is the same whatever it is."""
        result = RenderResult()
        with rendering(jobs) as state:
            # the references and cites stay to the end: the cyclic garbage collector's
            # passes over them while they were built were two thirds of building them at
            # 50,000 entries. Rendering makes cycles, so it runs again after, but over what
            # rendering makes: what was built, and the caller's items, are frozen (memory.py)
            with collector_paused():
                document = self._build(items, clusters, bibliography, result, state)
            built = len(document.source)  # (the items may be any iterable, read once)
            with frozen():
                with self._contained(result, "disambiguation", "names are not expanded"):
                    shared_names(self.style, document.bib, state)  # (sort keys show them)
                if self.style.has_bibliography():
                    document.bib.sort()  # (year suffixes follow the bibliography's order)
                self._positions(document, notes, state)
                disambiguator = None
                with self._contained(result, "disambiguation", "cites are rendered without it"):
                    disambiguator = disambiguate(self.style, document.bib, state)
                state.plan.freeze()  # decided: the citations and the bibliography read it
                self._citations(document, state, result, disambiguator)
                if bibliography and self.style.has_bibliography():
                    self._bibliography(document, state, result)
        dropped((1 + built) / ENTRIES_PER_OWNER)  # (its cycles: collected in time)
        return result

    def _build(self, items, clusters, bibliography: bool, result: RenderResult,
               state) -> _Document:
        """The references of the items, and the cites of the clusters registered with the
        bibliography (the items not cited after them, for the bibliography); the cites'
        modes and given positions go to the plan."""
        items = self._clean_items(items, result.diagnostics)
        items = self._unique_ids(items, result.diagnostics)
        items = [self._particles_parsed(item) for item in items]
        if self._labels:
            items = [item if item.get("citation-label") else
                     {**item, "citation-label": trigraph(item)} for item in items]
        if clusters is None:
            clusters = [[CiteItem(str(item["id"]))] for item in items]
        original_id = {str(item["id"]).lower(): str(item["id"]) for item in items}

        # (the warnings filters are the process's: one render at a time records them)
        with _WARNINGS_RECORDED, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            source = CslJsonSource(items, html=self._rendered == "html",
                                   quotes=self._data_quotes)
        for w in caught:
            result.diagnostics.append(rules.ENGINE_NOTE(str(w.message)))
        # the source holds what it needs of the items; their cleaned copies go now (a fifth
        # of a render's memory), their ids stay
        ids = [str(item["id"]) for item in items]
        del items

        for reference in source.values():
            Reference.adopt(reference, state)
        bib = Bibliography(self.style, source, self.formatter)
        citations = []
        n_cites = 0  # each cite's index: its place among the document's cites
        for number, cluster in enumerate(clusters, start=1):
            cites = []
            for cite in cluster:
                if cite.id.lower() not in source:
                    result.diagnostics.append(rules.UNKNOWN_CITE(
                        f"citation {number}: no item with id '{cite.id}'", key=cite.id))
                    continue
                cites.append(self._cite_maker.cite(cite, n_cites, state.plan))
                n_cites += 1
            citations.append(Citation(cites))
        for citation in citations:
            bib.register(citation)
        registered = bib.registered
        uncited = [Cite(i) for i in ids if i.lower()
                   not in registered]
        if uncited and bibliography:
            bib.register(Citation(uncited))
        return _Document(source, bib, citations, original_id)

    def _entries(self, bib, state) -> list[str]:
        """The bibliography's entries (bib.bibliography()), finished (_tidy), in slices over
        forked processes for a long list (slices.py). An entry renders on its own, but for
        subsequent-author-substitute, which compares its names with those the entries
        before it left (_previous_names): a slice starts from those. Without it the slices
        are cut in the order the references were built (render_in_slices' ``order``: less
        memory)."""
        bibliography = self.style.root.bibliography
        layout = bibliography.layout
        items = bib.items
        initial = state.previous_names
        substitute = bibliography.get("subsequent-author-substitute") is not None

        def render_slice(part) -> list[str]:  # a range where substitute, else any indices
            if substitute and part.start:
                state.previous_names = _previous_names(layout, items, part.start, initial,
                                                       state)
                del state.failures[:]  # reported with the entries they belong to
            entries = layout.render_bibliography([items[i] for i in part])
            for i, entry in enumerate(entries):  # in place: one list of the texts, not two
                entries[i] = self._tidy(str(entry), entry=True)
            return entries

        if substitute:
            return render_in_slices(state, len(items), render_slice)
        return render_in_slices(state, len(items), render_slice,
                                order=lambda: built_order(bib.source, bib.keys))

    def _positions(self, document: _Document, notes, state) -> None:
        """The position of every cite, the cites of an item cited in an earlier cluster
        (subsequent), and each item's first-reference-note-number."""
        citations = document.citations
        if notes is None or len(notes) != len(citations):
            in_notes = self.style.root.get("class") == "note"
            notes = [n if in_notes else 0 for n in range(1, len(citations) + 1)]
        try:
            distance = int(self.style.root.citation.get("near-note-distance", "5"))
        except ValueError:
            distance = 5
        plan = state.plan
        plan.cited = {cite.key for citation in citations for cite in citation.cites}
        plan.positions = positions.compute(citations, notes, distance, plan.given_positions)
        for key, note in plan.positions.first_note.items():
            reference = document.source.get(key)
            if reference is not None:
                reference["first_reference_note_number"] = str(note)
        seen = set()
        for citation in citations:
            for cite in citation.cites:
                if cite.key in seen:
                    plan.subsequent.add(cite.index)
            seen.update(cite.key for cite in citation.cites)

    def _citations(self, document: _Document, state, result: RenderResult,
                   disambiguator) -> None:
        """Each citation, in document order ("" for one the processor fails on)."""
        probed = self._probed_cites(disambiguator, state)
        with state.in_layout("citation"):
            for number, citation in enumerate(document.citations, start=1):
                text = None
                with self._contained(result, f"citation {number}", "it is left empty"):
                    text = self._cite(document.bib, citation, state, probed)
                result.citations.append(text or "")
                if text == "" and citation.cites:
                    result.diagnostics.append(rules.EMPTY_ENTRY(
                        f"citation {number} renders nothing with style {self.path.name}",
                        key=document.original_id.get(citation.cites[0].key)))
        self._report_failures(state, result, document.original_id,
                              "it is left out of its citation")

    def _bibliography(self, document: _Document, state, result: RenderResult) -> None:
        """The entries, in the style's order ("" for one the processor fails on)."""
        bib, original_id = document.bib, document.original_id
        entries = None
        with state.in_layout("bibliography"), \
                self._contained(result, "the bibliography", "its entries are left empty"):
            entries = self._entries(bib, state)
        if entries is None:
            entries = [self._tidy("", entry=True)] * len(bib.keys)
        failed = {key for key, _ in state.failures}
        self._report_failures(state, result, original_id, "its entry is left empty")
        result.bibliography_ids = [original_id[key] for key in bib.keys]
        result.bibliography = entries
        for key, entry in zip(bib.keys, result.bibliography):
            if not entry and key not in failed:
                result.diagnostics.append(rules.EMPTY_ENTRY(
                    f"the style renders nothing for '{original_id[key]}'", key=original_id[key]))

    @contextmanager
    def _contained(self, result: RenderResult, what: str, consequence: str):
        """A failure of the processor on ``what`` (the style's fault, not the data's) is
        contained: reported (RB904) with ``consequence``, and the render goes on."""
        try:
            yield
        except Exception as exc:  # noqa: BLE001 - the style's fault, contained
            result.diagnostics.append(self._layout_failure(what, exc, consequence))

    def _layout_failure(self, what: str, exc: Exception, consequence: str) -> Diagnostic:
        """A failure of the processor on the style's layout itself (an attribute value it
        cannot use, such as font-weight="bohd"), not on one record."""
        return rules.RENDER_FAILURE(
            f"the processor failed on {what} with style {self.path.name} "
            f"({type(exc).__name__}: {exc}); {consequence}",
            hint="check the style against the CSL schema")

    @staticmethod
    def _report_failures(state, result, original_id, consequence: str) -> None:
        for key, error in dict.fromkeys(state.failures):
            item_id = original_id.get(key, key)
            result.diagnostics.append(rules.RENDER_FAILURE(
                f"the processor failed on '{item_id}' ({error}); {consequence}", key=item_id))
        state.failures.clear()

    def _probed_cites(self, disambiguator, state):
        """What a citation renders that disambiguation has already rendered, or None.

        Disambiguation renders each item's cite alone, as a first cite with no locator or
        affixes, in every state it tries; a citation of one such cite renders what the last
        probe in its item's final state rendered (Disambiguator.final_text). Not in a style
        where a cite's position changes it (position conditions, et-al-subsequent-*,
        first-reference-note-number, which a first cite leaves empty)."""
        if disambiguator is None or self._position_dependent:
            return None

        def probed(bib, citation) -> str | None:
            if len(citation.cites) != 1:
                return None
            cite = citation.cites[0]
            key, plan = cite.index, state.plan
            if key in plan.subsequent or key in plan.modes or key in plan.given_positions \
                    or cite.get("locator", None) or cite.get("prefix", None) \
                    or cite.get("suffix", None):
                return None
            text = disambiguator.final_text(cite.key)
            if text is not None:
                bib._cites.append(cite)  # as a render records it
            return text
        return probed

    @property
    def _position_dependent(self) -> bool:
        return per_style(self.style.root, _position_dependent)

    def _cite(self, bib, citation, state, probed=None) -> str:
        if not citation.cites:
            return ""
        text = probed(bib, citation) if probed is not None else None
        if text is None:
            text = str(bib.cite(citation, lambda item: None))
        author_only = [c for c in citation.cites if state.plan.modes.get(c.index) == AUTHOR_ONLY]
        if author_only:
            return self._tidy(", ".join(state.captured.get(c.index, "") for c in author_only))
        layout = self.style.root.citation.layout
        if text == layout.get("prefix", "") + layout.get("suffix", ""):
            return ""  # every cite rendered nothing (suppress-author with nothing else)
        return self._tidy(text)

    @staticmethod
    def _clean_items(items: list[dict], diagnostics: list[Diagnostic]) -> list[dict]:
        out = []
        for item in items:
            clean, problems = clean_item(item)
            for variable, problem in problems:
                diagnostics.append(rules.BAD_CSL_JSON(
                    f"{variable}: {problem}",
                    key=str(clean.get("id", "")) or None, field=variable,
                    severity=Severity.WARNING, hint="see the CSL-JSON schema for its shape"))
            out.append(clean)
        return out

    @staticmethod
    def _particles_parsed(item: dict) -> dict:
        """Particles written inside name parts in their own fields (particles.py)."""
        changed = None
        for variable in NAME_VARIABLES:
            names = item.get(variable)
            if isinstance(names, list) and names:
                parsed = [split_particles(name) for name in names]
                if any(a is not b for a, b in zip(parsed, names)):
                    changed = changed or dict(item)
                    changed[variable] = parsed
        return changed or item

    @staticmethod
    def _unique_ids(items: list[dict], diagnostics: list[Diagnostic]) -> list[dict]:
        """citeproc-py lower-cases ids: ids that differ only in case would collide. An id
        given twice is one item, the last one given, as citeproc-js reads a list of items."""
        seen: dict[str, int] = {}  # folded id -> index in kept
        kept: list[dict] = []
        for index, item in enumerate(items, start=1):
            if item.get("id") in (None, ""):
                diagnostics.append(rules.BAD_CSL_JSON(f"item {index} has no id; it is left out"))
                continue
            item_id = str(item["id"])
            folded = item_id.lower()
            if folded in seen:
                earlier = str(kept[seen[folded]]["id"])
                if earlier == item_id:
                    diagnostics.append(rules.DUPLICATE_KEY(
                        f"id '{item_id}' is given twice; the last one is used", key=item_id))
                    kept[seen[folded]] = item
                else:
                    diagnostics.append(rules.CASE_COLLISION(
                        f"id '{item_id}' differs from '{earlier}' only in case; CSL "
                        "processors treat them as one, so it is left out", key=item_id))
                continue
            seen[folded] = len(kept)
            kept.append(item)
        return kept
