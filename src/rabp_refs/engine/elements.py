"""Our CSL element classes over citeproc-py's, and the lookup that maps CSL elements to them.

citeproc-py maps every CSL element to a class of its ``model`` module through a lookup that it
builds from ``CitationStylesElement.__subclasses__()`` for every style in the process. Ours is
built here, for styles loaded through :class:`~rabp_refs.engine.style.CslStyle` only: the
subclasses below never list ``CitationStylesElement`` among their own bases, so they do not
leak into citeproc-py's global lookup.

The elements hold only what the style says (and caches of it): what a render needs is in the
render state (state.py), found through :func:`~rabp_refs.engine.state.state_of`.
"""
from __future__ import annotations

import html as html_lib
import io
import re
import unicodedata
from functools import cached_property, lru_cache
from typing import NamedTuple

from citeproc import CitationItem, model
from citeproc.source import Reference as _CiteprocReference
from citeproc.source import LiteralDate, VariableError
from citeproc.string import MixedString, NoCase, String
from citeproc.string import join as join_strings
from citeproc.string import normalize_seam
from lxml import etree

from ..errors import StyleError
from ..fileio import max_input_bytes
from . import display, ordinals
from .formatters import PLAIN
from .marks import ESCAPED_GT, ESCAPED_LT, KEPT_HYPHEN, NAMELESS_AUTHOR
from .passes import AFFIX_CLOSE_QUOTE, flip_flop
from .slices import SORT_KEYS_MOST, render_in_slices
from .source import NUMBER_VARIABLES, curl_quotes, locale_quotes, rich_text_reader
from .state import RenderState, state_of
from .textcase import capitalized, is_english, title_case

CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"

# Cite modes (as in citeproc-js): render the author alone, or everything but the author.
AUTHOR_ONLY = "author-only"
SUPPRESS_AUTHOR = "suppress-author"


def _dotted_i(language) -> bool:
    """Turkish and Azeri, whose i and ı are two letters ("ic" upper-cased is "İC")."""
    return isinstance(language, str) and language.lower().split("-")[0] in ("tr", "az")


def _case_change(text_case: str, dotted: bool):
    if not dotted:
        return str.lower if text_case == "lowercase" else str.upper
    if text_case == "uppercase":
        return lambda text: text.replace("i", "İ").upper()
    return lambda text: text.replace("I", "ı").replace("İ", "i").lower()


class _Cased:
    """``text-case="title"`` by our title_case (textcase.py), for English items; an item with
    no language, or an element that is not told it (labels, name parts), takes the style's
    locale. lowercase and uppercase leave nocase spans alone; capitalize-first and
    capitalize-all are textcase.capitalized (a plain name part too: citeproc-py's would fail
    on it); sentence is citeproc-py's."""

    def strip_periods(self, string):
        if not isinstance(string, (str, MixedString)):
            return string  # a number (citation-number): citeproc-py failed on it
        return super().strip_periods(string)

    def case(self, text, language=None):
        text_case = self.get("text-case")
        if text_case is None or not isinstance(text, (str, MixedString)):
            return text  # a number (citation-number) has no case: citeproc-py failed on it
        if text_case in ("lowercase", "uppercase") and (
                isinstance(text, MixedString) or _dotted_i(language)):
            change = _case_change(text_case, _dotted_i(language))
            if not isinstance(text, MixedString):
                return text.__class__(change(str(text)))
            # nocase spans keep their case here too, as in citeproc-js ("a Smith pencil")
            return text.__class__([part if isinstance(part, NoCase)
                                   else part.__class__(change(str(part))) for part in text])
        if text_case in ("capitalize-first", "capitalize-all"):
            return capitalized(text, every_word=text_case == "capitalize-all")
        if text_case != "title":
            if type(text) is str:  # a name part: citeproc-py's case() needs its strings
                return str(super().case(String(text), language))
            if isinstance(text, MixedString) and any(type(p) is str for p in text):
                text = text.__class__([String(p) if type(p) is str else p for p in text])
            return super().case(text, language)
        if language is None:
            root = self.get_root()
            style = getattr(root, "style", None) if root.get("default-locale") is None else root
            language = (getattr(style, "locale_language", None) or
                        (style.get("default-locale") if style is not None else None) or "en")
        return title_case(text) if is_english(language) else text


class Names(model.Names):
    """``cs:names`` with the cite modes author-only and suppress-author.

    The first outermost ``cs:names`` that renders for a cite in the citation layout is the
    author (with its substitutes): it is captured and dropped for author-only, dropped for
    suppress-author.
    """

    def render(self, item, *args, **kwargs):
        text = super().render(item, *args, **kwargs)
        state = state_of(self)
        if state is None or state.sorting:
            return text
        if text and state.item.tracking is not None:
            # inside a cs:substitute, names printed are not printed again even in the rest
            # of the substitute (citeproc-js: a macro that prints the editors twice)
            state.item.suppressed.update(
                v.replace("-", "_") for v in self.get("variable", "").split())
        if state.layout == "bibliography":
            return self._subsequent_author(state, item, text)
        scratch = state.item
        mode = scratch.mode
        if mode is None or scratch.names_done or not text or self._inside_substitute():
            return text
        if state.layout != "citation":
            return text
        scratch.names_done = True
        if mode == AUTHOR_ONLY:
            scratch.author = str(text)
        return None


    def process(self, item, names_context=None, context=None, **kwargs):
        """A cs:names in a cs:substitute with no cs:name of its own formats its names with
        the parent's cs:name and cs:label, wherever it stands in the substitute (citeproc-py
        only does so for direct children; Chicago's editors came out 'G. S. Firestein, R. C.
        Budd' for 'Firestein, Gary S., and Ralph C. Budd, eds.')."""
        if names_context is None and self.name is None:
            substitute = f"{{{CSL_NAMESPACE}}}substitute"
            for ancestor in self.iterancestors():
                if ancestor.tag == substitute:
                    names_context = ancestor.getparent()
                    break
        return super().process(item, names_context=names_context, context=context, **kwargs)

    def _subsequent_author(self, state, item, text):
        """subsequent-author-substitute: the first names of an entry that repeat the previous
        entry's are replaced by the style's string ("———" in MLA). Rule complete-all. Only
        names count: a title standing in for missing names is never replaced."""
        scratch = state.item
        if scratch.entry_names_done or not text or self._inside_substitute():
            return text
        scratch.entry_names_done = True
        own = any(v.replace("-", "_") in item.reference for v in self.get("variable").split())
        if not own and not scratch.substituted_by_names:
            state.previous_names = None
            return text
        # the names are compared without their label ("Doe, John" as author and as
        # "Doe, John, ed." are the same), and a replaced one keeps it ("--- ed.")
        names, label = str(text), scratch.names_label or ""
        scratch.names_label = None
        if label and names.endswith(label) and len(label) < len(names):
            names = names[:-len(label)]
        else:
            label = ""
        texts = scratch.name_texts
        previous, state.previous_names = state.previous_names, (names, texts)
        bibliography = self.get_root().bibliography
        substitute = bibliography.get("subsequent-author-substitute")
        if substitute is None or previous is None:
            return text
        rule = bibliography.get("subsequent-author-substitute-rule", "complete-all")
        if rule == "complete-all" or not texts:  # (no names: what stands in, whole)
            return (substitute + label) if previous[0] == names else text
        # the other rules replace names one by one (CSL 1.0.2): each when all match
        # (complete-each), those that match from the first (partial-each), the first
        # (partial-first)
        same = 0
        for mine, theirs in zip(texts, previous[1]):
            if mine != theirs:
                break
            same += 1
        if rule == "complete-each" and (previous[0] != names or same != len(texts)):
            return text
        if rule == "partial-first":
            same = min(same, 1)
        if not same:
            return text
        out, rest = "", str(text)
        for mine in texts[:same]:
            at = rest.find(mine)
            if at < 0:
                return text
            out, rest = out + rest[:at] + substitute, rest[at + len(mine):]
        return out + rest

    def _inside_substitute(self) -> bool:
        """A names element in another's cs:substitute is part of that one's author."""
        substitute = f"{{{CSL_NAMESPACE}}}substitute"
        return any(a.tag == substitute for a in self.iterancestors())


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


class Name(model.Name):
    """``cs:name``: names formatted as CSL 1.0.2 describes, with the disambiguation state.

    Ours rather than citeproc-py's because disambiguation needs to expand one name of one cite
    (add-givenname) or show more names (add-names), and because of what citeproc-py gets wrong:
    ``initialize="false"`` ignored (MLA printed "Nall, R."), hyphenated and lower-case given
    names ("M.-. jun"), non-Latin names ("山田, . 太郎 ."), custom delimiters before "and".
    """

    def render(self, item, *args, **kwargs):
        text = self.process(item, *args, **kwargs)
        if isinstance(text, int):  # form="count": a number cs:names sums over its variables
            return text
        return self.markup(text)

    def _initializes(self, context) -> bool:
        if "initialize" in self.attrib:
            return self.get("initialize") != "false"
        for element in (context if context is not None else self).iterancestors():
            if element.tag in _INHERITS_NAME_OPTIONS and "initialize" in element.attrib:
                return element.get("initialize") != "false"
        return True

    def get_option(self, name, context=None, sort_options=None):
        """Options inherited from cs:names, cs:citation, cs:bibliography and cs:style depend
        on the element and its context element only: found once each (a sort key's own
        options are not remembered)."""
        pinned = context is None or "_root" in getattr(context, "__dict__", ())
        if sort_options is not None or not pinned or "_root" not in self.__dict__:
            return super().get_option(name, context, sort_options)
        cache = self.__dict__.setdefault("_options", {})
        key = (name, context)
        if key not in cache:
            cache[key] = super().get_option(name, context, sort_options)
        return cache[key]

    def _inherited(self, name: str, context, default=None):
        """An inheritable option citeproc-py does not know (initialize, et-al-subsequent-*)."""
        if name in self.attrib:
            return self.get(name)
        for element in (context if context is not None else self).iterancestors():
            if element.tag in _INHERITS_NAME_OPTIONS and name in element.attrib:
                return element.get(name)
        return default

    def process(self, item, variable, context=None, sort_options=None, **kwargs):
        def option(name):
            return self.get_option(name, context, sort_options)

        state = state_of(self)
        in_citation = (state is not None and state.layout == "citation" and not state.sorting
                       and sort_options is None)
        names = item.reference.get(variable, [])
        form = option("form")
        et_al_min, use_first = option("et-al-min"), option("et-al-use-first")
        if in_citation and (item.index in state.plan.subsequent
                            or state.probe_position == "subsequent"):
            et_al_min = int(self._inherited("et-al-subsequent-min", context, et_al_min))
            use_first = int(self._inherited("et-al-subsequent-use-first", context, use_first))
        if state is not None and not state.sorting and sort_options is None:
            # names added to tell cites apart show in the bibliography too (as citeproc-js)
            use_first = max(use_first, state.plan.add_names.get(item.key, 0))
        # CSL 1.0.2: et-al-min and et-al-use-first together enable et-al (citeproc-py took
        # use-first as 1 when no element sets it: "John Doe et al." for three names)
        enabled = sort_options is not None or \
            self._inherited("et-al-use-first", context) is not None
        truncated = enabled and bool(et_al_min) and len(names) >= et_al_min and \
            len(names) > use_first
        use_last = truncated and option("et-al-use-last") and use_first <= et_al_min - 2
        shown = list(names[:use_first]) if truncated else list(names)
        if form == "count":
            return len(shown) + (1 if use_last else 0)

        expansions = state.plan.expand if in_citation else {}
        texts, inverted = [], []
        for i, name in enumerate(shown):
            level = expansions.get((item.key, variable, i), 0)
            text, was_inverted = self._format_name(name, i, form, level, option, context)
            texts.append(text)
            inverted.append(was_inverted)
        if not texts:
            return None
        if state is not None and state.layout == "bibliography" and not state.sorting:
            state.item.name_texts = tuple(str(t) for t in texts)  # subsequent-author-substitute

        delimiter = option("delimiter")
        if sort_options is not None or (state is not None and state.sorting):
            if use_last:  # sort keys: the names shown, no "and" or "et al."
                texts.append(self._format_name(names[-1], len(names) - 1, form, 0, option,
                                               context)[0])
            return self.join(texts, delimiter)
        if truncated and use_last:
            last, _ = self._format_name(names[-1], len(names) - 1, form,
                                        expansions.get((item.key, variable, len(names) - 1), 0),
                                        option, context)
            return (self.join(texts, delimiter) + delimiter +
                    self.unicode_character("horizontal ellipsis") + " " + last)
        if truncated:
            et_al = self.et_al()
            if not et_al or not str(et_al).strip():  # a term of white space is none
                return self.join(texts, delimiter)
            before = _precedes(option("delimiter-precedes-et-al"), len(texts), inverted[-1],
                               contextual_min=2)
            # no space before a term in CJK script ("Chen L等", "Morenoほか": citeproc-js)
            space = " " if _is_romanesque(_first_visible(str(et_al))) else ""
            return self.join(texts, delimiter) + (delimiter if before else space) + et_al
        and_ = option("and")
        if and_ and len(texts) > 1:
            term = self.get_single_term(name="and") if and_ == "text" else self.preformat("&")
            before = _precedes(option("delimiter-precedes-last"), len(texts), inverted[-2],
                               contextual_min=3)
            if "literal" in shown[len(texts) - 1]:
                # before an organisation last, the delimiter stands before "and" in three or
                # more names whatever the rule; in two, "always" gives none (citeproc-js:
                # "A, B, and Org" under "never", "A and Org" under "always")
                before = len(texts) > 2 or (
                    before and option("delimiter-precedes-last") != "always")
            head = self.join(texts[:-1], delimiter)
            if not _AND_WITH_SPACES.match(_first_visible(str(term))):
                # a term of a script written without spaces around "and", or Hebrew's
                # prefix "ו" (citeproc-js: STARTSWITH_ROMANESQUE_REGEXP): no spaces
                return head + (delimiter if before and len(texts) == 2 else "") + \
                    f"{term}" + texts[-1]
            return head + (delimiter if before else " ") + f"{term} " + texts[-1]
        return self.join(texts, delimiter)

    def _format_name(self, name, index, form, level, option, context):
        """One name as text, and whether it was written family first (inverted). In sort keys
        an elided particle is a word of its own ("d Orsay"), as citeproc-js sorts it."""
        state = state_of(self)
        sorting = state is not None and state.sorting
        if "literal" in name:
            family = name["literal"]
            _, family = self._name_parts(None, family)
            return family, False
        given, family, dropping, non_dropping, suffix = name.parts()
        if suffix and option("initialize-with") is not None and not sorting:
            # an abbreviated suffix takes the initialize-with mark for its period, as an
            # initial would ("Jr." -> "Jr" in NLM's initialize-with=""; citeproc-js)
            stop = option("initialize-with").rstrip()
            suffix = " ".join(t[:-1] + stop if t.endswith(".") and len(t) > 1 else t
                              for t in suffix.split())
        given = given or None
        family = family or ""
        if not _is_romanesque((family or "") + (given or "")):
            # Chinese, Japanese, Korean ...: family then given, no space, never initials
            if form == "short" and level == 0:
                return self._name_parts(None, family)[1], False
            given, family = self._name_parts(given, family)
            return family + (given or ""), True
        if form == "short" and level > 0:
            form = "long"  # add-givenname: show the given name (as initials first)
        # (an expanded short name keeps the style's name order: "Chen L" in NLM, citeproc-js)
        as_sort = option("name-as-sort-order") == "all" or (
            option("name-as-sort-order") == "first" and index == 0)
        if form == "short":
            family_text = _join_particles(non_dropping, family)
            if sorting and option("demote-non-dropping-particle") in ("display-and-sort",
                                                                       "sort-only"):
                # the particle after the family name in a sort key, as in the long form's
                # (citeproc-js: "(Arnim; van der Berg; d'Orsay; de Souza)" in APSA)
                family_text = " ".join(p for p in (family, non_dropping) if p)
            if sorting or not non_dropping:
                return self._name_parts(None, family_text)[1], False
            if option("demote-non-dropping-particle") == "display-and-sort" and (
                    option("name-as-sort-order") == "all" or (
                        option("name-as-sort-order") == "first" and index == 0)):
                # a short name in sort order shows its particle demoted, after the family
                # name (citeproc-js, GOST: "[Berg van der, 2003]")
                return self._affixed("family", " ".join((
                    self._styled("family", family), self._styled("family", non_dropping)))), \
                    False
            # the particle cased and formatted on its own, as in the long form (ABNT's
            # capitalize-first: "D’Orsay")
            return self._affixed("family", _join_particles(
                self._styled("family", non_dropping), self._styled("family", family))), False
        initialize_with = option("initialize-with")
        if given and not family:
            initialize_with = None  # a given name alone ("Banksy") is the whole name
        if given and initialize_with is not None and level != 2:
            given = initials(given, initialize_with, full=self._initializes(context),
                             hyphen=option("initialize-with-hyphen"))
        elif given and level == 1 and initialize_with is None:
            pass  # no initials to show: the full given name is the next step
        demote = option("demote-non-dropping-particle")
        if sorting:
            # a name in a sort key is in sort order whatever the display (CSL 1.0.2,
            # Sorting: name-as-sort-order "all"), its particles demoted but with "never"
            # ("van der Berg" sorts under B in ACM's sort-only, as citeproc-js)
            as_sort = True
            join = lambda *parts: " ".join(p for p in parts if p)  # noqa: E731
            if demote in ("display-and-sort", "sort-only"):
                family_text = family
                given_text = join(given, dropping, non_dropping)
            else:
                family_text = join(non_dropping, family)
                given_text = join(given, dropping)
            given_text, family_text = self._name_parts(given_text or None, family_text)
        elif as_sort:
            # each part formatted on its own, particles as the part they belong to (the
            # dropping particle as the given name, the other as the family name), then the
            # part's affixes around the whole: "<i>Givenname</i> <i>al</i>" (citeproc-js)
            dropping_text = self._styled("given", dropping)
            non_dropping_text = self._styled("family", non_dropping)
            if demote == "display-and-sort":
                family_text = self._styled("family", family)
                given_text = _join_particles(self._styled("given", given), dropping_text,
                                             non_dropping_text)
            else:
                family_text = _join_particles(non_dropping_text, self._styled("family", family),
                                              space=self._particle_space())
                given_text = " ".join(p for p in (self._styled("given", given), dropping_text)
                                      if p)
            given_text = self._affixed("given", given_text) if given_text else given_text
            family_text = self._affixed("family", family_text)
        if as_sort:
            separator = option("sort-separator")
            text = separator.join(p for p in (family_text, given_text, suffix) if p)
            return text, True
        comma = ", " if name.get("comma-suffix") else " "
        if sorting:
            family_text = _join_particles(dropping, non_dropping, family)
            given_text, family_text = self._name_parts(given, family_text)
        else:
            # each part formatted on its own ("Gerard van DER MEER": the dropping particle
            # as the given name, the other particle as the family name), the affixes around
            family_text = _join_particles(self._styled("given", dropping),
                                          self._styled("family", non_dropping),
                                          self._styled("family", family),
                                          space=self._particle_space())
            if suffix and self._family_affixed():
                # the family name-part's affixes take the suffix in: "(de La Fontaine III)"
                family_text, suffix = family_text + comma + suffix, None
            given_text = self._affixed("given", self._styled("given", given)) if given \
                else given
            family_text = self._affixed("family", family_text)
        # a given name-part whose suffix is a space (a no-break space) needs no other
        text = (given_text + family_text if given_text and family_text and
                given_text[-1].isspace() else
                " ".join(p for p in (given_text, family_text) if p))
        if suffix:
            text += comma + suffix
        return text, False

    def _particle_space(self) -> str:
        """What joins a particle to the family name: a no-break space where the locale in
        use is French, Russian or Czech (citeproc-js: GOST's "K. du\u00a0Lindqvist")."""
        space = self.__dict__.get("_particle_space_text")
        if space is None:
            root = self.get_root()
            language = (getattr(root, "locale_language", None) or
                        root.get("default-locale") or "en")[:2]
            space = "\u00a0" if language in ("fr", "ru", "cs") else " "
            if CACHE_STYLE_LOOKUPS:
                self.__dict__["_particle_space_text"] = space
        return space

    def _family_affixed(self) -> bool:
        return any(part.get("name") == "family" and (part.get("prefix") or part.get("suffix"))
                   for part in self.xpath_search("./cs:name-part"))

    def _styled(self, part_name: str, text):
        """A piece of a name with its name-part's case and formatting, not its affixes."""
        if not text:
            return text
        for part in self.xpath_search("./cs:name-part"):
            if part.get("name") == part_name:
                text = part.format(part.case(text))
        return text

    def _affixed(self, part_name: str, text):
        for part in self.xpath_search("./cs:name-part"):
            if part.get("name") == part_name:
                text = part.wrap(text)
        return text

    def _name_parts(self, given, family):
        """Apply cs:name-part formatting to the given and family parts."""
        for part in self.xpath_search("./cs:name-part"):
            if part.get("name") == "given" and not given:
                continue
            given, family = part.format_part(given, family)
        return given, family


# CSL name variables, in the order styles usually substitute them for the author.
NAME_VARIABLES = ("author", "composer", "director", "editor", "translator", "interviewer",
                  "illustrator", "editorial-director", "collection-editor", "container-author",
                  "recipient", "original-author")


def _has_names(reference) -> bool:
    return any(dict.get(reference, v.replace("-", "_")) for v in NAME_VARIABLES)


def _join_particles(*parts, space: str = " ") -> str:
    """Name parts with spaces, except after an elided or hyphenated particle: "d’Orsay",
    "l’Hôpital", "al-Aswānī" (one that keeps its space ends with it: "de’ Frinkle")."""
    text = ""
    for part in (p for p in parts if p):
        glued = _last_visible(str(text)).endswith(("’", "'", "-", " ", "\u00a0"))
        text += part if not text or glued else space + part
    return text


def _precedes(rule: str, count: int, previous_inverted: bool, contextual_min: int) -> bool:
    """Whether the delimiter stands before "and" or "et al." (delimiter-precedes-* options)."""
    if rule == "always":
        return True
    if rule == "never":
        return False
    if rule == "after-inverted-name":
        return previous_inverted
    return count >= contextual_min  # contextual


def _first_visible(text: str) -> str:
    """The first character of a text that is not part of a tag."""
    return re.sub(r"<[^>]*>", "", text)[:1]


# The first letters of an "and" term that takes spaces around it (citeproc-js's
# STARTSWITH_ROMANESQUE_REGEXP; Hebrew's "ו", U+05D5, is left out: it is a prefix)
_AND_WITH_SPACES = re.compile(
    "[&a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4"
    "\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218-\u021b"
    "\u202a-\u202e]")


def _is_romanesque(text: str) -> bool:
    """False for names in scripts written family-then-given without spaces (CJK, Hangul)."""
    return not any("\u2e80" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" or
                   "\u3040" <= c <= "\u30ff" or "\uf900" <= c <= "\ufaff" for c in text)


def initials(given: str, mark: str, full: bool = True, hyphen: bool = True) -> str:
    """Given names as initials: "John Lee" -> "J. L.", "Jean-Paul" -> "J.-P.".

    The given name is read as citeproc-js reads it: a period ends a piece ("Ph.M.E." is "Ph.",
    "M.", "E."); a piece ending in a period is an abbreviation that keeps its letters ("Ph.",
    "ME." -> "Ph", "ME"), a single capital is an initial, and any other word becomes its
    initial (with ``full`` false, initialize="false", it is kept: "John M.E." -> "John M. E.").
    Each initial takes the ``mark`` (initialize-with) without its trailing space; the space,
    if any, separates initials. A lower-case part of a compound ("Min-jun") has no initial; a
    lower-case word on its own (a particle) is kept.
    """
    pieces: list[tuple[str, bool]] = []  # (text, is an initial)
    stop = mark.rstrip()
    if not hyphen and full:
        # initialize-with-hyphen="false": the parts of a compound are given names of their
        # own ("Jean-Paul" -> "J. P.", "Min-jun" -> "M. jun"), as citeproc-js reads them
        given = given.replace("-", " ")
    for word in given.split():
        opening, word, closing = _unwrapped(word)  # "<b>John</b>" -> "<b>J.</b>" (citeproc-js)
        start = len(pieces)
        for token in _PIECES.split(word):
            if not token:
                continue
            parts = [p for p in token.split("-") if p]
            if len(parts) > 1:
                if not full and any(len(_unwrapped(p)[1].rstrip(".")) > 1 for p in parts):
                    pieces.append((token, False))  # a name, not initials: "Jean-Paul"
                    continue
                letters = []
                for n, part in enumerate(parts):
                    before, core, after = _unwrapped(part)
                    core = core.rstrip(".")
                    if n == 0 or len(core) == 1 or core[:1].isupper():
                        letters.append(before + core[:1] + stop + after if core else "")
                joined = ("-" if hyphen else "").join(x for x in letters if x)
                pieces.append((joined, True))
                continue
            bare = token.rstrip(".")
            if not bare:
                continue
            if token.endswith(".") or (len(bare) == 1 and bare.isupper()):
                pieces.append((bare + stop, True))  # an abbreviation or an initial
            elif bare[:1].islower() or not full:
                pieces.append((token, False))  # a particle, or a name kept whole
            elif len(bare) > 2 and bare[:2].isupper() and bare[2].islower():
                pieces.append((bare[0] + bare[1].lower() + stop, True))  # "TSerendorjiin": Ts.
            else:
                pieces.append((bare[0] + stop, True))
        if (opening or closing) and len(pieces) > start:
            first, is_initial = pieces[start]
            pieces[start] = (opening + first, is_initial)
            last, is_initial = pieces[-1]
            pieces[-1] = (last + closing, is_initial)
    text = ""
    for i, (piece, is_initial) in enumerate(pieces):
        if i:
            together = is_initial and pieces[i - 1][1] and not mark.endswith(" ")
            text += "" if together else " "
        text += piece
    return text


_PIECES = re.compile(r"(?<=\.)(?=[^\s.-])")  # after each period inside a word: "Ph.|M.|E."
_WRAPPED = re.compile(r"^((?:<[a-z][^<>]*>)+)([^<>]+)((?:</[a-z]+>)+)$")


def _unwrapped(text: str) -> tuple[str, str, str]:
    """Formatting tags around a whole word or part of a name: (opening, text, closing)."""
    m = _WRAPPED.match(text) if "<" in text else None
    return (m.group(1), m.group(2), m.group(3)) if m else ("", text, "")


_INHERITS_NAME_OPTIONS = {f"{{{CSL_NAMESPACE}}}{tag}" for tag in
                          ("citation", "bibliography", "style")}


class Substitute(model.Substitute):
    """``cs:substitute``: the first child that renders stands in for the names, and every
    variable it used is then empty for the rest of the item (citeproc-py 0.11 only suppresses a
    directly named variable, so "Back pain. (2017). Back pain." printed the title twice)."""

    def render(self, item, context=None, **kwargs):
        scratch = state_of(self).item
        for child in self.getchildren():
            outer, scratch.tracking = scratch.tracking, set()
            try:
                if isinstance(child, model.Names) and child.name is None:
                    text = child.render(item, names_context=self.getparent(), context=context,
                                        **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                continue
            finally:
                used, scratch.tracking = scratch.tracking, outer
                if outer is not None:
                    outer |= used
            if not text and _empty_term(child):
                return None  # a term the locale defines as empty stands in, as nothing
            if text:
                # names, or a variable written directly, stand in for the author in
                # subsequent-author-substitute; a title through MLA's macro does not (both as
                # citeproc-js does; it also replaces a macro's title in some simpler styles,
                # a rule not settled here)
                scratch.substituted_by_names = isinstance(child, model.Names) or (
                    isinstance(child, model.Text) and "variable" in child.attrib)
                self.add_to_repressed_list(child, context)
                scratch.suppressed.update(used - NOT_SUBSTITUTABLE)
                return text
        return None


def _empty_term(element) -> bool:
    """A cs:text of a term the locale defines as empty (citeproc-js: it still substitutes)."""
    if not isinstance(element, model.Text) or "term" not in element.attrib:
        return False
    try:
        term = element.get_root().get_term(element.get("term"), element.get("form"))
    except Exception:  # noqa: BLE001 - no such term: not an empty one
        return False
    return term is not None and not "".join(term.itertext()).strip()


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
        rendered = []
        for cite in good:
            text = self._render_cite(cite)
            if text is not None:
                rendered.append((cite, text))
                self.getparent().cites.append(cite)
        state = state_of(self)
        citation_element = self.getparent()
        collapse = citation_element.get("collapse") in ("year", "year-suffix",
                                                        "year-suffix-ranged")
        grouping = collapse or citation_element.get("cite-group-delimiter") is not None
        if citation_element.get("collapse") == "citation-number" and len(rendered) > 1:
            text = self._number_ranges(rendered)
        elif grouping and state is not None and len(rendered) > 1:
            text = self._collapsed(rendered, state, collapse)
        else:
            text = self._joined(rendered)
        extra = [callback(cite) or f"{cite.key}?" for cite in bad]
        if extra:
            text = self.join([text] + extra) if text else self.join(extra)
        return self.format(self.wrap(text))

    def _joined(self, rendered):
        """The cites joined by the layout's delimiter, which gives way to the user's own
        punctuation (citeproc-js): a prefix that opens with punctuation replaces it ("Book
        A, cited in Book B"), and after a suffix that ends with punctuation only its space
        is left ("Smith is one source, Jones")."""
        delimiter = self.get("delimiter", "")
        pieces = []
        for n, (cite, text) in enumerate(rendered):
            if n:
                opening = str(cite.get("prefix", "")).lstrip()[:1]
                closing = _last_visible(str(pieces[-1]))[-1:]
                if opening and opening in _PUNCTUATION:
                    pass
                elif closing and closing in _PUNCTUATION and \
                        rendered[n - 1][0].get("suffix", ""):
                    pieces.append(delimiter.lstrip(_PUNCTUATION))
                else:
                    pieces.append(delimiter)
            pieces.append(text)
        return join_strings(pieces)

    def _render_cite(self, cite, mode=None):
        """One cite with its affixes; ``mode`` renders it author-only or author-suppressed."""
        state = state_of(self)
        scratch = state.new_item(cite.reference, mode if mode is not None
                                 else state.plan.modes.get(cite.index))
        try:
            text = self.render_children(cite)
        except VariableError:
            text = None
        if mode == AUTHOR_ONLY:
            return scratch.author
        if scratch.author is not None:  # an author-only cite's (Engine.render joins them)
            state.captured[cite.index] = scratch.author
        if text is None:
            return None
        prefix = cite.get("prefix", "")
        if scratch.cite_terms and self.get_root().get("class") == "note" and \
                _opens_sentence(prefix, _first_in_citation(cite)):
            text = _capitalise_opening_term(str(text), scratch.cite_terms)
        return prefix + text + cite.get("suffix", "")

    def _collapsed(self, rendered, state, collapse: bool) -> str:
        """Cite grouping (collapse or cite-group-delimiter): the cites of one author are
        brought together after the first of them and joined by cite-group-delimiter; with
        collapse, the later ones without their author: "(Lindqvist, 2017, 2019b, 2019a)",
        "Smith 2003, 2010; Jones 2005" (CSL 1.0.2, cite grouping and collapsing)."""
        citation = self.getparent()
        delimiter = self.get("delimiter", "")
        # CSL 1.0.2: cite-group-delimiter defaults to ", "; citeproc-js keeps the layout's
        # delimiter in a note style ("(Smith 2000a; 2000b)")
        group_delimiter = citation.get("cite-group-delimiter", delimiter if
                                       self.get_root().get("class") == "note" else ", ")
        after_collapse = citation.get("after-collapse-delimiter", delimiter)
        # citeproc-js: a style's own after-collapse-delimiter comes after every group of
        # collapse="year"/"year-suffix-ranged" (getSpliceDelimiter), not only after a group
        # of several cites ("(Whittaker 1967; Wiens 1989b)")
        explicit_after = collapse and citation.get("after-collapse-delimiter") is not None
        groups = []  # [author, [(cite, text)]]
        by_author = {}
        # a citation that prints no names at all ("(1965a,b)") is one group
        nameless = not self.xpath_search(".//cs:names") and not any(
            macro.xpath_search(".//cs:names") for macro in self._called_macros())
        # citeproc-js brings the cites of an author together only where it sorts the cites
        # of an in-text style that collapses, or of a style with cite-group-delimiter
        # (grouped_sort); else only cites next to each other are grouped ("(Aalto 2015a,b;
        # Bartleby 2010; Aalto 2015c–e)")
        regroup = citation.find(f"{{{CSL_NAMESPACE}}}sort") is not None and (
            (self.get_root().get("class") == "in-text" and citation.get("collapse")) or
            citation.get("cite-group-delimiter") is not None)
        for cite, text in rendered:
            author = None
            if nameless:
                author = NAMELESS_AUTHOR  # the same key for every cite
            elif cite.index not in state.plan.modes and _has_names(cite.reference):
                author = self._render_cite(cite, AUTHOR_ONLY)  # a title standing in: no group
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
                    piece = self._after_collapse_joined(members, rest, delimiter,
                                                        after_collapse)
                else:
                    piece = join_strings([members[0][1]] + [r for r in rest if r],
                                         group_delimiter)
            if n:
                pieces.append(after_collapse if len(groups[n - 1][1]) > 1 or (
                    explicit_after and mode != "year-suffix") else delimiter)
            pieces.append(piece)
        return join_strings(pieces)

    @staticmethod
    def _after_collapse_joined(members, rest, delimiter, after_collapse) -> str:
        """citeproc-js, where a style gives after-collapse-delimiter: the collapsed cites of
        one author are joined by the layout's delimiter, and after a cite with a locator by
        after-collapse-delimiter ("(Wong 1999, 328; 2000, 475)", "(Smith 2000; 2001)")."""
        pieces = [members[0][1]]
        for (previous, _), text in zip(members, rest):
            if text:
                pieces += [after_collapse if previous.get("locator", None) else delimiter, text]
        return join_strings(pieces)

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

    def _number_ranges(self, rendered) -> str:
        """collapse="citation-number": three or more consecutive numbers become a range,
        "[1]–[4]"; a cite with a locator or affixes stands alone."""
        runs = []  # [[(number, text, with a locator), ...]]
        for cite, text in rendered:
            located = bool(cite.get("locator", None))
            plain = not (located or cite.get("prefix", None) or cite.get("suffix", None))
            number = cite.number if plain else None
            if number is not None and runs and runs[-1][-1][0] is not None and \
                    runs[-1][-1][0] + 1 == number:
                runs[-1].append((number, text, located))
            else:
                runs.append([(number, text, located)])
        # after a range, or a cite with a locator (which stands for one), comes the
        # after-collapse-delimiter (citeproc-js: "(1, act. 10; 11, app. 11)")
        delimiter = self.get("delimiter", "")
        after_collapse = self.getparent().get("after-collapse-delimiter", delimiter)
        pieces = []  # (text, whether a range or a cite that stands alone)
        for run in runs:
            if len(run) >= 3:
                pieces.append((join_strings([run[0][1], run[-1][1]], "\u2013"), True))
            else:
                pieces.extend((text, located) for _, text, located in run)
        out = [pieces[0][0]]
        for (_, alone), (text, _) in zip(pieces, pieces[1:]):
            out += [after_collapse if alone else delimiter, text]
        return join_strings(out)

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
        # CSL 1.0.2: after-collapse-delimiter defaults to the layout's delimiter
        after_collapse = citation.get("after-collapse-delimiter", self.get("delimiter", ""))
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

    def render_children(self, item, *args, **kwargs):
        state = state_of(self)
        try:
            if state is not None and state.layout == "bibliography" and \
                    self.getparent().get("second-field-align") in ("flush", "margin"):
                return self._second_field_aligned(item, **kwargs)
            return super().render_children(item, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - a bug in the processor, reported per item
            if state is None:
                raise
            state.failures.append((item.key, f"{type(exc).__name__}: {exc}".rstrip(": ")))
            return None


    def _second_field_aligned(self, item, **kwargs):
        """second-field-align: the first thing the layout renders goes in the margin, the
        rest (and the layout's suffix) beside it."""
        fields = []
        for child in self.iterchildren():
            try:
                text = child.render(item, **kwargs)
            except VariableError:
                continue
            if text is not None:
                fields.append(text)
        if not fields:
            return None
        left = display.enclose(display.LEFT_MARGIN, fields[0])
        if len(fields) == 1:
            return left
        return left + display.enclose(display.RIGHT_INLINE, join_strings(fields[1:]))


_GRANULARITY = ("year", "month", "day")


def _explicit_year_suffix(element) -> bool:
    """Whether the style renders year-suffix itself (then nothing is appended to years)."""
    root = element.get_root()
    if isinstance(root, model.Locale) and getattr(root, "style", None) is not None:
        root = root.style  # a locale's date: its style
    cache = getattr(root, "xpath_cache", None)
    key = ("explicit-year-suffix",)
    if cache is not None and key in cache:
        return cache[key]
    found = bool(root.xpath(".//cs:text[@variable='year-suffix']",
                            namespaces={"cs": CSL_NAMESPACE}))
    if cache is not None:
        cache[key] = found
    return found


class _Joiner:
    """Joins rendered pieces with a delimiter, as citeproc-py's Delimited does."""

    def __init__(self, delimiter: str):
        self.delimiter = delimiter

    def join(self, pieces):
        return join_strings([p for p in pieces if p is not None], self.delimiter)


class Date(model.Date):
    """``cs:date`` with date ranges rendered as CSL 1.0.2 says: the parts both dates share once,
    the differing ones for each date around the range delimiter of the largest differing part
    ("June 10–12, 2019", "June 10–July 2, 2019"). citeproc-py 0.11 raises TypeError on some
    ranges (a conference talk took the bibliography down) and repeats shared parts on others."""

    def process(self, item, variable=None, show_parts=None, context=None, **kwargs):
        """A literal date ("ca. 1543") stands for the year: a date showing no year (a style's
        "month-day") prints nothing of it (citeproc-py printed it twice in Chicago)."""
        name = (variable or self.get("variable") or "").replace("-", "_")
        if name == "accessed" and getattr(item, "probe", False):
            return None  # citeproc-js compares cites without the date they were accessed
        value = dict.get(item.reference, name)
        parts = self.get("date-parts")
        if isinstance(value, LiteralDate):
            if show_parts is not None:
                shown = show_parts
            elif self.get("form") is not None:  # a locale's date: date-parts says what shows
                shown = parts.split("-") if parts else ["year", "month", "day"]
            else:  # the style's own date: its cs:date-part children
                shown = [p.get("name") for p in self.iterchildren()] or ["year"]
            if "year" not in shown:
                return None
        state = state_of(self)
        if state is not None and state.sorting and value is not None and \
                not isinstance(value, LiteralDate) and hasattr(value, "sort_key"):
            return self._sort_key(value, show_parts, parts)
        # the implicit year-suffix follows the first year rendered through cs:date: the
        # issued date's, or another date's when there is none (citeproc-js: "accessed
        # 1.5.22a" for two n.d. web pages)
        if (name == "issued" or dict.get(item.reference, "issued") is None) and \
                state is not None and not state.sorting and \
                not state.item.year_suffix_done and not _explicit_year_suffix(self):
            suffix = dict.get(item.reference, "year_suffix")
            if suffix:
                state.item.year_suffix_pending = str(suffix)
        try:
            text = super().process(item, variable, show_parts, context, **kwargs)
        finally:
            if state is not None:
                state.item.year_suffix_pending = None
        if isinstance(value, LiteralDate) and text and self.get("form") is None and \
                not (state is not None and state.sorting):
            # a literal date stands for the year: the year part's affixes go around it
            # (citeproc-js: Springer LNCS "(Spring 2015)")
            year = next((p for p in self.iterchildren() if p.get("name") == "year"), None)
            if year is not None and (year.get("prefix") or year.get("suffix")):
                text = year.get("prefix", "") + text + year.get("suffix", "")
        return text

    def _sort_key(self, value, show_parts, parts):
        """A date inside a macro used as a sort key sorts by its numbers, not its text
        (citeproc-js): 100 BC before 44 BC before AD 54, June before March never; only the
        parts the date shows count ("2000-07" ties with "2000-07-13"), as zeros."""
        if show_parts is not None:
            shown = list(show_parts)
        elif self.get("form") is not None:
            shown = parts.split("-") if parts else list(_GRANULARITY)
        else:
            shown = [p.get("name") for p in self.iterchildren()] or list(_GRANULARITY)
        dates = [value.begin, value.get("end")] if "begin" in value else [value]

        def key(date):
            if date is None or not isinstance(date.get("year"), int):
                return ""
            month, day = (date.get(part, 0) if part in shown else 0
                          for part in ("month", "day"))
            month, day = (n if isinstance(n, int) else 0 for n in (month, day))
            # fixed width: keys are compared with their numbers as numbers (collation)
            return f"{date['year'] + 10000:05}{month:02}{day:02}"

        return "-".join(k for k in map(key, dates) if k) or None

    def render_date_range(self, date_range, show_parts=None, context=None):
        begin, end = date_range.begin, date_range.get("end")
        show = list(show_parts) if show_parts is not None else list(_GRANULARITY)
        if end is None or end.is_nil():  # an open range: "1987–"
            text = self.render_single_date(begin, show, context)
            if text is None or end is None:
                return text
            parts = [p for p in self.iterchildren() if p.get("name") in show]
            return text + (parts[-1].get("range-delimiter", "\u2013") if parts else "\u2013")
        differ: set[str] = set()
        for i, name in enumerate(_GRANULARITY):
            if begin.get(name) != end.get(name) or (name == "month" and
                                                    begin.get("season") != end.get("season")):
                differ = set(_GRANULARITY[i:])
                break
        ctx = context if context is not None else self
        parts = [p for p in self.iterchildren() if p.get("name") in show]
        joiner = _Joiner(self._delimiter(ctx))
        rendered = [(p, self._part_text(p, begin, ctx), self._part_text(p, end, ctx))
                    for p in parts]
        block = [i for i, (p, b, e) in enumerate(rendered)
                 if p.get("name") in differ and (b or e)]
        if not block:
            return self.render_single_date(begin, show, context)
        first, last = block[0], block[-1]
        largest = min((rendered[i][0] for i in block),
                      key=lambda p: _GRANULARITY.index(p.get("name")))
        delimiter = largest.get("range-delimiter", "\u2013")
        begin_block = [self._affixed(p, b, suffix=(i != last))
                       for i, (p, b, e) in enumerate(rendered) if first <= i <= last and b]
        end_block = [self._affixed(p, e, prefix=(i != first)) for i, (p, b, e)
                     in enumerate(rendered) if first <= i <= last and e]
        pieces = [self._affixed(p, b) for p, b, e in rendered[:first] if b]
        pieces.append(str(joiner.join(begin_block)) + delimiter + str(joiner.join(end_block)))
        pieces += [self._affixed(p, b) for p, b, e in rendered[last + 1:] if b]
        return joiner.join(pieces)

    def render_single_date(self, date, show_parts=None, context=None):
        parts = self.parts(date, show_parts, context) if context is not None and \
            context is not self else self.parts(date, show_parts)
        if not parts:
            return None
        return _Joiner(self._delimiter(context)).join(parts)

    def _delimiter(self, context) -> str:
        """The delimiter between date parts: the style's date element says it if it has one,
        else the date it borrows from the locale (citeproc-py took the style's alone: a
        locale's delimiter=" " was lost, "4January1999")."""
        if context is not None and context is not self and context.get("delimiter") is not None:
            return context.get("delimiter")
        return self.get("delimiter", "")

    @staticmethod
    def _part_text(part, date, context):
        try:
            text = part.process(date, context)
        except (VariableError, KeyError, AttributeError):
            return None
        if text is None or text == "":
            return None
        return part.format(part.case(part.strip_periods(str(text))))

    @staticmethod
    def _affixed(part, text, suffix=True, prefix=True):
        """The part with its affixes; around the range delimiter the inner ones are dropped."""
        return ((part.get("prefix", "") if prefix else "") + text +
                (part.get("suffix", "") if suffix else ""))


class Style(model.Style):
    """``cs:style``: locale files are parsed with our element classes too, so the dates a style
    borrows from its locale ("form='text'") render through ours."""

    @property
    def formatter(self):
        """The output format's formatter (set by the bibliography), plain text while sort keys
        render (Sort): a render's choice, not written on the style."""
        state = state_of(self)
        if state is not None and state.sorting:
            return PLAIN
        return self.__dict__.get("_formatter")

    @formatter.setter
    def formatter(self, formatter) -> None:
        self.__dict__["_formatter"] = formatter

    def set_locale_list(self, output_locale, validate=True):
        super().set_locale_list(output_locale, validate=False)
        for i, locale in enumerate(self.locales):
            url = locale.getroottree().docinfo.URL
            if locale.getparent() is not None or not url:
                continue  # an in-style locale: already ours
            ours = parse_csl(url).getroot()
            ours.style = self
            ours.xpath_cache = {} if CACHE_STYLE_LOOKUPS else None
            pin_tree(ours)
            self.locales[i] = ours


class Date_Part(_Cased, model.Date_Part):  # noqa: N801 (CSL element name)
    """``cs:date-part name="month"``: a season stands in for a missing month and is always
    printed as its term (CSL 1.0.2); citeproc-py asserts when the month form is numeric."""

    def process(self, date, context=None):
        if self.get("name") == "day" and self.get("form") == "ordinal" and "day" in date:
            limited = str(self.get_locale_option("limit-day-ordinals-to-day-1")).lower()
            if not (limited == "true" and date.day > 1):
                # the day takes the gender of its month ("1ᵉʳ octobre")
                gender = ordinals.gender_of(self, f"month-{date.month:02}") \
                    if isinstance(date.get("month"), int) else None
                return str(date.day) + self.preformat(ordinals.suffix(self, date.day, gender))
        if self.get("name") == "year":
            text = super().process(date, context)
            state = state_of(self)
            scratch = state.item if state is not None else None
            if scratch is not None and text is not None and scratch.year_suffix_pending:
                text = str(text) + scratch.year_suffix_pending  # CSL: after the first year
                scratch.year_suffix_pending = None
                scratch.year_suffix_done = True
            return text
        if self.get("name") == "month" and "month" not in date and "season" in date:
            season = date["season"]
            try:
                return (context if context is not None else self).get_single_term(
                    name=f"season-{int(season):02}")
            except (TypeError, ValueError):
                return str(season)
        return super().process(date, context)


# Letters with no Unicode decomposition that collation files with a base letter ("Østergaard"
# among the O's).
_UNDECOMPOSABLE = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d",
                                 "ð": "d", "þ": "th", "ı": "i", "ħ": "h"})


_DIGITS = re.compile(r"\d+")
_MARKUP_TAG = re.compile(r"</?(?:i|b|sup|sub|sc|span)(?=[\s>])")  # CSL rich-text tags
_LEADING_PUNCTUATION = re.compile(r"^[\W_]+")  # "#hashtag" sorts as "hashtag" (citeproc-js)


def _without_markup(text: str) -> str:
    """The text without CSL's rich-text tags ("<i>", "<span class=...>"). One pass: the
    regular expression this was read on to the end of the text from each "<b " that never
    closes, quadratic."""
    out, copied, pos = [], 0, 0
    while (m := _MARKUP_TAG.search(text, pos)) is not None:
        close = text.find(">", m.end())  # the tag's end (its name is followed by ">" or a space)
        if close < 0:
            break  # no ">" after it: no tag can end anywhere after
        out.append(text[copied:m.start()])
        copied = pos = close + 1
    out.append(text[copied:])
    return "".join(out)


# languages written in Cyrillic: their collation puts Cyrillic letters before Latin ones
# (citeproc-js collates with the style's locale: GOST lists Иванов before Adams)
_CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "mn", "tg"})
_LATIN_AFTER = str.maketrans({chr(c): chr(0x0500 + c) for c in range(ord("a"), ord("z") + 1)})


def script_order(language: str | None):
    """The table that orders scripts as the language's collation does, or None (Latin
    first: code point order)."""
    if language and language.lower().split("-")[0] in _CYRILLIC_LANGUAGES:
        return _LATIN_AFTER
    return None


def collation_key(value, scripts=None) -> tuple:
    """A sort key that collates as people read: accents and case folded ("Åsa" with the A's),
    leading punctuation and quotation marks ignored, runs of digits compared as numbers ("9"
    before "10", "2017-11-02" before "2021"); ``scripts``: script_order's table."""
    text = str(value)
    if "<" in text or "&#" in text:  # markup of the data in HTML output is not sorted on
        text = _without_markup(html_lib.unescape(text))
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_UNDECOMPOSABLE))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = _LEADING_PUNCTUATION.sub("", folded)
    # as citeproc-js: apostrophes are ignored ("O’Sullivan" after "Østergaard"), other
    # punctuation sorts below letters (name keys read "d Orsay": before "Das")
    folded = "".join(c if c.isalnum() or c.isspace() else " " for c in folded
                     if c not in "'’‘")
    folded = " ".join(folded.split())  # punctuation gone, its spaces go with it
    folded = _DIGITS.sub(lambda m: m.group().zfill(12), folded)
    if scripts is not None:
        folded = folded.translate(scripts)
    return (folded, text)


_BIBLIOGRAPHY = f"{{{CSL_NAMESPACE}}}bibliography"


class Sort(model.Sort):
    """``cs:sort``: keys rendered as plain text (citeproc-py renders them in the output format,
    so in HTML "<i>Rheumatoid…" sorted before "Baykara"), compared by collation_key (citeproc-py
    compared code points: "Åsa" after "Wei"), empty keys last; the render state knows that sort
    keys are being rendered."""

    def sort(self, items, context):
        state = state_of(self)
        if state is not None:
            state.sorting = True  # (the style's formatter is plain text meanwhile: Style)
        try:
            keys = self.findall("cs:key", self.nsmap)
            first = None
            if keys and state is not None and len(items) > 1 and \
                    self.getparent().tag == _BIBLIOGRAPHY:
                # the first key, of every entry: in slices over processes for a long list
                first = render_in_slices(state, len(items), lambda part: self._collated(
                    keys[0], items[part.start:part.stop], context), most=SORT_KEYS_MOST)
            return [items[i] for i in self._ordered(list(range(len(items))), items, keys,
                                                    context, first)]
        finally:
            if state is not None:
                state.sorting = False

    @staticmethod
    def _collated(key, items, context) -> list[tuple | None]:
        """Each item's ``key`` as collation_key reads it; None for an empty one."""
        root = key.get_root()
        scripts = script_order(getattr(root, "locale_language", None) or
                               root.get("default-locale"))
        return [collation_key(v, scripts) if v is not None and str(v) != "" else None
                for v in key.sort_keys(items, context)]

    def _ordered(self, indices, items, keys, context, collated=None):
        """``indices`` (in the order given) ordered by the first key, ties by the next ones,
        remaining ties in the order given. A key is rendered only for the items the earlier
        keys left tied (most are told apart by the author): rendering sort keys was a
        third of the time of a bibliography. ``collated``: the first key's, if known."""
        if not keys or len(indices) < 2:
            return indices
        key, later = keys[0], keys[1:]
        if collated is None:
            collated = self._collated(key, [items[i] for i in indices], context)
        present = [(c, i) for i, c in zip(indices, collated) if c is not None]
        empty = [i for i, c in zip(indices, collated) if c is None]
        # a stable sort: equal keys keep the order given, in both directions
        present.sort(key=lambda pair: pair[0],
                     reverse=key.get("sort", "ascending").lower() == "descending")
        order = []
        start = 0
        for n in range(1, len(present) + 1):
            if n == len(present) or present[n][0] != present[start][0]:
                order.extend(self._ordered([i for _, i in present[start:n]], items, later,
                                           context))
                start = n
        return order + self._ordered(empty, items, later, context)  # empty keys last


_ENTITIES = {"&#38;": "&", "&#60;": ESCAPED_LT, "&#62;": ESCAPED_GT}
_RESTORE = str.maketrans({ESCAPED_LT: "&#60;", ESCAPED_GT: "&#62;"})


# two words joined by a hyphen or an en dash ("N110 - P5"), found at the start of a word only
_WORD_RANGE = re.compile(r"(?<!\w)(\w++)\s*+[-\u2013]\s*+(\w++)")
_DIGITS_FIRST = re.compile(r"\d++")
_NUMBER_THEN_LETTERS = re.compile(r"\d++[^\W\d]++")
_KEPT_HYPHEN = KEPT_HYPHEN


def mixed_ranges(text: str) -> tuple[bool, str]:
    """Ranges written "N110 - 5", "110 - N6", "N110 - P5" or "123N110 - N5" (citeproc-js):
    different prefixes on their two numbers, so they are not shortened or given an en dash;
    their hyphen is kept as ``_KEPT_HYPHEN``. Returns whether the text has a range whose two
    sides end in numbers (with a prefix or not), and the text.

    A word is a prefix and a number: "123N110" is "123N" and "110". The second word's prefix
    starts with a letter, or is a number and letters ("12ab34"). One pass over the words: the
    regular expression this was tried every split of a long word (2,000 digits: 53 s)."""
    found, out, pos, copied = False, [], 0, 0
    while (m := _WORD_RANGE.search(text, pos)) is not None:
        first, second = _prefixed_number(m.group(1)), _prefixed_number(m.group(2))
        if first is None or second is None or not (
                not second[0] or not second[0][0].isdecimal() or
                _NUMBER_THEN_LETTERS.fullmatch(second[0])):
            pos = m.start(2)  # the second word may start the next range
            continue
        found = True
        if first[0] != second[0]:
            out.append(text[copied:m.start()])
            out.append(f"{first[0]}{first[1]}{_KEPT_HYPHEN}{second[0]}{second[1]}")
            copied = m.end()
        pos = m.end()
    out.append(text[copied:])
    return found, "".join(out)


def _prefixed_number(word: str) -> tuple[str, str] | None:
    """"N110" -> ("N", "110"): the digits a word ends in, and what comes before them."""
    digits = _DIGITS_FIRST.match(word[::-1])
    if digits is None:
        return None
    return word[:len(word) - digits.end()], word[len(word) - digits.end():]


# something a range of pages can be made of: a digit, or roman numerals on both sides
_RANGE_LIKE = re.compile(r"\d|(?<![^\W\d_])[ivxlcdm]+\s*-\s*[ivxlcdm]+(?![^\W\d_])",
                         re.IGNORECASE)


_URL_HOST = re.compile(r"^[a-z][a-z0-9+.-]*://([^/?#]*).*$", re.IGNORECASE | re.DOTALL)
_LIST_SEPARATOR = re.compile(r"\s*,\s*")  # (citeproc-js: "327\-30 & 40" stays whole)


class _NumberRanges:
    """Numbers and ranges ("142-145 & 235") are read from the text as the user wrote it: in
    HTML the text arrives escaped, and citeproc-py split "&#38;" at its "&" ("142–45 &#38;
    #38; 235"). The escapes are undone for the split and put back after; the ampersand
    between numbers is the formatter's own."""

    def unicode_character(self, name):
        """The ampersand between numbers ("213 & 235") is the locale's "and" symbol term; the
        dash of a range is its page-range-delimiter term, which citeproc-js puts in ranges
        of volumes, issues, numbers and locators too (AMA's "-": "10-11(3-4)")."""
        if name == "EN DASH":
            term = self.get_single_term(name="page-range-delimiter")
            if term:
                return str(term)
        if name == "AMPERSAND":
            try:
                term = self.get_term("and", "symbol")
            except IndexError:
                term = None
            if term is not None and term.text:
                return self.preformat(term.text)
        return super().unicode_character(name)

    def _process(self, value, variable):
        if variable == "page-first":
            # the first page of a list of pages ("A1, A14" -> "A1")
            value = _LIST_SEPARATOR.split(str(value), maxsplit=1)[0]
        text = str(value)
        if variable == "page" and "-" in text and not _RANGE_LIKE.search(text):
            return value  # "Michaelson-Morely": words with a hyphen, not a range of pages
        mixed = False
        if variable == "page":  # "N110 - 5": numbers with different prefixes stay as written
            mixed, text = mixed_ranges(text)
        if "\\-" in text:  # "327\-30": an escaped hyphen is a hyphen, not a range
            text, mixed = text.replace("\\-", _KEPT_HYPHEN), True
        if "&#" not in text:
            out = super()._process(text if mixed else value, variable)
            return str(out).replace(_KEPT_HYPHEN, "-") if mixed else out
        for entity, raw in _ENTITIES.items():
            text = text.replace(entity, raw)
        out = str(super()._process(text, variable)).translate(_RESTORE)
        return out.replace(_KEPT_HYPHEN, "-")


# what an element's formatting step reads (_NormalFormatting.format), and what a cs:text's
# markup step reads (Text.markup)
FORMATTING_ATTRIBUTES = ("font-style", "font-variant", "font-weight", "text-decoration",
                         "vertical-align")
_MARKUP_ATTRIBUTES = ("prefix", "suffix", "display", "text-case", "quotes", "strip-periods",
                      *FORMATTING_ATTRIBUTES)


class Text(_NumberRanges, _Cased, model.Text):
    """``cs:text``: with quotes="true", quotation marks inside the quoted text become inner
    ones ("“‘Doctor, it hurts’: Patient narratives”"), as the locale's quote terms say; page
    ranges are shortened by our last_page."""

    def _format_last_page(self, first, last):
        return last_page(first.strip(), last.strip(),
                         self.get_root().get_option("page-range-format"))

    def process(self, item, context=None, **kwargs):
        """A value is read as the items' text is: rich-text markup ("<b>friend</b>"), quotes
        curled ("'friend'" -> "“friend”"). The item's language is read from its data
        (citeproc-py asked the reference, which raised an error and caught it for every
        cs:text of an item with none, a tenth of rendering a bibliography)."""
        kind = self.__dict__.get("_kind")
        if kind is None:
            kind = next((k for k in ("variable", "macro", "term", "value") if k in self.attrib),
                        "")
            if CACHE_STYLE_LOOKUPS:
                self.__dict__["_kind"] = kind
        if not kind:
            return super().process(item, context, **kwargs)  # (citeproc-py's own failure)
        if context is None:
            context = self
        language = dict.get(item.reference, "language")  # never hidden by a substitute
        if language is not None:
            language = language[:2]
        else:
            language = self.__dict__.get("_default_language")
            if language is None:
                # an item with no language takes the locale in use: one forced on the
                # style, else its default (CSL 1.0.2; citeproc-js: no title case in fr-FR)
                root = self.get_root()
                language = (getattr(root, "locale_language", None) or
                            root.get("default-locale", "en"))[:2]
                if CACHE_STYLE_LOOKUPS:
                    self.__dict__["_default_language"] = language
        if kind == "variable":
            text = self._variable(item, context)
            state = state_of(self)
            if text and state is not None and state.item.tracking is not None and \
                    not state.sorting:
                # inside a cs:substitute, a variable printed is not printed again even in
                # the rest of the substitute (citeproc-js: Chicago notes' container title
                # standing in for the author, then in the source)
                state.item.suppressed.add(self.get("variable").replace("-", "_"))
        elif kind == "macro":
            if _renders_nothing(self, item):
                return None, language
            macro = self.get_macro(self.get("macro"))
            # a macro is a group of its own, inside a group or not (citeproc-js: AAA's
            # "Letter" term before an empty recipient is not printed)
            output = _rendered_as_group(macro, item, context, "")
            text = join_strings(output) if output else None
        elif kind == "term":
            text = self._term(item)
        else:
            value = self.get("value")
            if any(c in value for c in "<'\""):
                text = rich_text_reader(self.preformat("<") != "<",
                                        locale_quotes(self)).rich_text(value)
            else:
                text = String(self.preformat(value))
        return text, language

    def markup(self, text, language):
        """Most cs:text elements have no affixes, case, quotes, periods to strip or
        formatting: their text is what they render (what every step would have left)."""
        plain = self.__dict__.get("_plain")
        if plain is None:
            plain = not any(name in self.attrib for name in _MARKUP_ATTRIBUTES)
            if plain:
                try:  # (citeproc-py's quote step reads it, and fails if it cannot)
                    self.get_locale_option("punctuation-in-quote").lower()
                except Exception:  # noqa: BLE001 - the slow path fails as it did
                    plain = False
            if CACHE_STYLE_LOOKUPS:
                self.__dict__["_plain"] = plain
        if plain:
            if not text:
                return None
            if isinstance(text, (str, MixedString)):
                return text
            if isinstance(text, (int, float)):
                return str(text)
        return super().markup(text, language)

    def _term(self, item):
        text = super()._term(item)
        state = state_of(self)
        if text and state is not None and state.layout == "citation":
            state.item.cite_terms.append(str(text))
        return text

    def _variable(self, item, context):
        """A locator is the user's text, escaped like every variable (citeproc-py wrote it raw
        into HTML: "213 & 235", or markup). A page locator is a page range like the page
        variable (page-range-format, the "and" symbol term, "\\-" for a hyphen that is not a
        range: "327\\-30"); other locators get an en dash for a hyphen.
        first-reference-note-number is empty on the first cite itself (citeproc-js)."""
        if self.get("variable") == "first-reference-note-number":
            state = state_of(self)
            plan = state.plan if state is not None else None
            found = plan.positions.of(item) if plan is not None and plan.positions else None
            if found is not None and "first" in found:
                raise VariableError
        if self.get("variable") == "citation-label":
            return self._label(item, context)
        if self.get("variable") == "URL" and self.get("form") == "short":
            # citeproc-js: a URL's short form is its host ("www.example.org")
            text = super()._variable(item, context)
            return None if text is None else text.__class__(_URL_HOST.sub(r"\1", str(text)))
        if self.get("variable") in _RANGED_NUMBERS:
            text = super()._variable(item, context)
            if text is not None and _NUMBER_RANGE.match(str(text)):
                # a range of numbers takes an en dash ("n. 3–4"), as page ranges do
                dash = self.unicode_character("EN DASH")
                return String(_NUMBER_RANGE.sub(lambda m: m[1] + dash + m[2], str(text)))
            return text
        if self.get("variable") == "locator" and item.has_locator:
            identifier = str(item.locator.identifier)
            if item.locator.label == "page":
                return self._process(self.preformat(identifier), "page")
            if _NUMERIC_LOCATOR.match(identifier):  # "200 - 201": a range of numbers
                return self._process(self.preformat(identifier), "locator")
            dash = self.unicode_character("EN DASH")
            # its quotes are the user's, curled as the items' are (citeproc-js: s.v.
            # “gargoyle.”, punctuation-in-quote then moving the period in)
            text = curl_quotes(identifier, locale_quotes(self)).replace("\\-", _KEPT_HYPHEN)
            return dash.join(self.preformat(p) for p in text.split("-")).replace(
                _KEPT_HYPHEN, "-")
        return super()._variable(item, context)

    def _label(self, item, context):
        """citation-label takes the implicit year-suffix when it comes before the year
        (citeproc-js: "RoNo78a", and the year in the same entry stays "1978")."""
        text = super()._variable(item, context)
        state = state_of(self)
        if text and state is not None and not state.sorting and \
                not state.item.year_suffix_done and not _explicit_year_suffix(self):
            suffix = dict.get(item.reference, "year_suffix")
            if suffix:
                state.item.year_suffix_done = True
                return text + str(suffix)
        return text

    def quote(self, string):
        if self.get("quotes", "false").lower() == "true" and string:
            # where punctuation-in-quote is false, a colon, semicolon or comma ending a
            # plain quoted text goes after the quotes (citeproc-js: "‘Facet In’:"; not for
            # text with formatting in it)
            moved = ""
            if str(string)[-1:] in (":", ";", ",") and not (
                    isinstance(string, MixedString) and len(string) > 1) and \
                    str(self.get_root().get_locale_option("punctuation-in-quote")).lower() \
                    != "true":
                string, moved = str(string)[:-1], str(string)[-1]
            outer = (self.get_single_term(name="open-quote"),
                     self.get_single_term(name="close-quote"))
            inner = (self.get_single_term(name="open-inner-quote"),
                     self.get_single_term(name="close-inner-quote"))
            string = _flip_quotes(str(string), *(str(q) for q in outer + inner))
            return super().quote(string) + moved if moved else super().quote(string)
        return super().quote(string)


_LETTERS_FIRST = re.compile(r"[^\W\d]++")
_TEXT_THEN_DIGITS = re.compile(r"\D*+\d*+")


def _page_prefix(value: str) -> tuple[str, str] | None:
    r""""n11564" -> ("n", "11564"): a page number and the prefix before it, which ends in a
    letter ("S12", "12a-b3"); None for a value that does not end in a number so prefixed.

    (The regular expression this was, "(\D*?\d*?[^\W\d]+|)(\d+)$", tried every split of a
    long value that is not one: quadratic.)"""
    if value.endswith("\n"):
        value = value[:-1]  # as "$" allowed
    split = _prefixed_number(value)
    if split is None:
        return None
    prefix = split[0]
    if prefix:  # text, digits, then letters: "S", "12a", "x-3b"
        letters = _LETTERS_FIRST.match(prefix[::-1])
        if letters is None or \
                not _TEXT_THEN_DIGITS.fullmatch(prefix, 0, len(prefix) - letters.end()):
            return None
    return split


def _expanded(first: str, last: str) -> str:
    if len(last) < len(first) and int(first[:len(first) - len(last)] + last) > int(first):
        return first[:len(first) - len(last)] + last
    return last


# number variables other than page and locator (which have their own range formats)
_RANGED_NUMBERS = NUMBER_VARIABLES - {"edition"}  # an edition range stays as typed
_NUMBER_RANGE = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")
_LEADING_TAGS = re.compile(r"^(?:<[^>]+>)*")
_NUMERIC_LOCATOR = re.compile(r"^\s*\d+(?:\s*[-\u2013,&]\s*\d+)*\s*$")


_PUNCTUATION = ",.;:!?"


def _last_visible(text: str) -> str:
    """The text without the tags it ends with ("...</i></span>"): as the regular expression
    "(?:<[^>]+>)+$" removed them (which tried each "<" of a run of them, quadratic), read
    from the end, one tag at a time."""
    newline = text.endswith("\n")  # "$" allowed one
    end = len(text) - newline
    start = None  # where the tags at the end start
    while end > 0 and text[end - 1] == ">":
        tag_start = text.rfind(">", 0, end - 1) + 1  # a tag holds no ">" before its last
        opening = text.find("<", tag_start, end - 2)  # "<", at least one character, ">"
        if opening < 0:
            break
        start = opening
        if opening != tag_start:
            break  # text before it, up to the tag before: the tags start here
        end = tag_start
    if start is None:
        return text
    return text[:start] + ("\n" if newline else "")


def _first_in_citation(cite) -> bool:
    citation = getattr(cite, "citation", None)
    return citation is None or not citation.cites or citation.cites[0] is cite


def _opens_sentence(prefix: str, first: bool = True) -> bool:
    """The first cite of a citation with no prefix, or any cite after a prefix that ends a
    sentence: "Caps after. " does, a single abbreviated word ("Cf. ", "Nocapsafter. ") does
    not (citeproc-js). A later cite with no prefix continues the citation ("Noakes p. 34;
    ibid.")."""
    words = prefix.strip().rstrip("\"'”’»" + AFFIX_CLOSE_QUOTE)
    if not words:
        return first
    return words[-1] in "!?" or (words[-1] == "." and " " in words)


def _capitalise_opening_term(text: str, terms: list[str]) -> str:
    """In a note style, a term that opens a cite ("ibid.", or after a prefix that ends a
    sentence) starts with a capital (citeproc-js): "Ibid. p. 23"."""
    start = _LEADING_TAGS.match(text).end()
    body = text[start:]
    if any(term and term[0].islower() and body.startswith(term) for term in terms):
        return text[:start] + body[0].upper() + body[1:]
    return text


def _flip_quotes(text: str, open_outer: str, close_outer: str, open_inner: str,
                 close_inner: str) -> str:
    """Quotation marks inside quotes="true" alternate by depth, whichever marks the data used:
    the first level takes the inner marks, the second the outer ones ('My “‘Amazing’ and
    Bogus” Title' -> '“My ‘“Amazing” and Bogus’ Title”', and "‘Parmenides’" stays single). A
    closing inner mark that closes nothing is an apostrophe and stays."""
    if not all(len(q) == 1 for q in (open_outer, close_outer, open_inner, close_inner)):
        return text
    if open_outer not in text and open_inner not in text:
        return text
    out, stack = [], []
    for ch in text:
        if ch == open_outer or ch == open_inner:
            stack.append(ch)
            out.append(open_inner if len(stack) % 2 else open_outer)
        elif stack and ((ch == close_outer and stack[-1] == open_outer) or
                        (ch == close_inner and stack[-1] == open_inner)):
            out.append(close_inner if len(stack) % 2 else close_outer)
            stack.pop()
        else:
            out.append(ch)
    return "".join(out)


def last_page(first: str, last: str, range_format: str | None) -> str:
    """The second number of a page range in a page-range-format (CSL 1.0.2, Appendix V).

    Only numbers of the same length are shortened ("98–104" stays as it is); citeproc-py cut
    ranges whose numbers differ in length ("1–10" became "1–0").
    """
    if range_format and not (first.isdigit() and last.isdigit()):
        # the same prefix on both numbers ("n11564-n1568", "S12-S19"): kept on the second
        # number in "expanded", dropped in every format that shortens, even where the
        # number is not ("S12–19", as citeproc-js)
        head, tail = _page_prefix(first), _page_prefix(last)
        if head and tail and head[0] == tail[0] and head[0]:
            short = last_page(head[1], tail[1], range_format)
            return tail[0] + short if range_format == "expanded" else short
        return last
    if not range_format:
        return last  # no format: the range as written
    last = _expanded(first, last)  # written short: "1536-538" is 1536-1538
    if range_format == "expanded" or len(first) != len(last):
        return last
    if range_format.startswith("chicago"):
        number = int(first)
        if number < 100 or number % 100 == 0:
            return last
        changed = sum(1 for a, b in zip(first, last) if a != b)
        if range_format in ("chicago", "chicago-15") and len(first) == 4 and changed >= 3:
            return last  # CMOS 15 ("chicago" is its alias): "1496–1504"
        range_format = "minimal" if number % 100 < 10 else "minimal-two"
    common = next((i for i, (a, b) in enumerate(zip(first, last)) if a != b), len(last))
    if range_format == "minimal-two":
        common = min(common, len(last) - 2)
    return last[max(common, 0):] or last


class Name_Part(_Cased, model.Name_Part):  # noqa: N801 (CSL element name)
    pass


def _substituted(item, variable: str) -> bool:
    """Whether a cs:substitute has used the variable for this item (then it is empty)."""
    reference = getattr(item, "reference", None)
    return isinstance(reference, Reference) and reference._hidden(variable.replace("-", "_"))


_NEXT_LABEL = re.compile(r",\s*[^\W\d_]+\.\s")  # ", fol. ": a locator's next label
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


class Label(_Cased, model.Label):
    """``cs:label``: counts as calling its variable, so a group left with nothing but labels is
    suppressed (citeproc-py printed "Edition." for records with no edition); a label on its
    own still prints, as in citeproc-js. Plural by the content, where a thousands separator
    ("9,999,999") does not make a number plural ("Patent Nos.")."""

    def calls_variable(self):
        return bool(self.get("variable"))  # a group with only empty labels is suppressed

    def has_value(self, item) -> bool:
        name = self.get("variable")
        if name == "locator":
            return item.has_locator
        if not name or _substituted(item, name):
            return False
        return _has_data(item, name)

    def render(self, item, variable=None, plural=None, **kwargs):
        # no locator or page, no label (citeproc-js; other labels on their own still print)
        if variable is None and self.get("variable") in ("locator", "page") and \
                not self.has_value(item):
            return None
        if variable is None and self.get("variable") and \
                _substituted(item, self.get("variable")):
            return None  # its variable stood in for the names: empty for the rest ("(No.)")
        state = state_of(self)
        if variable is not None and state is not None:  # the label of a cs:names
            if state.sorting:
                return None  # not part of a sort key
            text = super().render(item, variable, plural, **kwargs)
            if state.layout == "bibliography":
                state.item.names_label = str(text) if text else None  # subsequent-author
            return text
        return super().render(item, variable, plural, **kwargs)

    def _is_plural(self, item):
        name = self.get("variable")
        if name == "locator":
            # only the part this label is for: "1, fol. 186" is one volume, then a folio
            value = _NEXT_LABEL.split(str(item.locator.identifier), 1)[0]
        else:
            try:
                value = item.reference[name.replace("-", "_")]
            except VariableError:
                return False
        if name.startswith("number-of"):
            try:
                return int(str(value)) > 1
            except ValueError:
                return False
        text = str(value).replace("&#38;", "&")  # HTML output: the data arrives escaped
        return bool(_multiple(self._and_term()).search(_THOUSANDS.sub("", text)))

    def _and_term(self) -> str:
        try:
            term = self.get_term("and")
        except IndexError:
            return "and"
        return term.text if term is not None and term.text else "and"


@lru_cache(maxsize=None)
def _multiple(and_term: str) -> re.Pattern:
    """Two numbers joined by a range dash, a comma, an ampersand, "and" or the locale's word
    for it ("213, and 235", "213 et 235"), or a range of roman numerals: plural, as in
    citeproc-js."""
    words = "and" if and_term == "and" else f"and|{re.escape(and_term)}"
    return re.compile(rf"\d\s*(?:[-–—,&]\s*(?:(?:{words})\s+)?|\b(?:{words})\s+)[A-Za-z]*\d"
                      # a range of roman numerals ("i–ix")
                      r"|(?<![^\W\d_])[ivxlcdm]+\s*[-–]\s*[ivxlcdm]+(?![^\W\d_])",
                      re.IGNORECASE)


def _has_data(item, variable: str) -> bool:
    """Whether the item's data has a value for a variable. Tested by identity and length,
    not by equality: citeproc-py's dates (a DateRange) refuse to be compared with ``==``."""
    value = dict.get(item.reference, variable.replace("-", "_"))
    return value is not None and not (isinstance(value, (str, list)) and not value)


def _has_content(element, item) -> bool:
    """Whether an element in a taken branch stands for variable content: a label or an
    element naming its variables only when one of them has a value."""
    if isinstance(element, Label):
        return element.has_value(item)
    if isinstance(element, Names) and element.substitute() is not None:
        return True  # what it printed may be its substitute's (a translator for the author)
    if _rendered_choose(element):  # a choose inside the branch: the branch it took
        return element.branch_has_value(item)
    names = element.get("variable")
    if names and element.get("macro") is None:
        return any(_has_data(item, "page" if n == "page-first" else n)
                   or (n == "locator" and item.has_locator)
                   or (n in _MADE_VARIABLES and n not in ("locator", "page-first"))
                   for n in names.split())
    return element.calls_variable()


def _rendered_choose(element) -> bool:
    """A cs:choose that knows the branch it took: the style's elements keep what they learn
    only where they are pinned (CACHE_STYLE_LOOKUPS); lxml makes a fresh one of an element
    inside a branch otherwise, and that one is asked as a whole, as before."""
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
            if holds is None:  # cs:else
                try:
                    text = branch.render(item, context=context, delimiter=delimiter, **kwargs)
                except model.ConditionFailed:
                    continue
            elif holds(item, context):
                text = branch.render_children(item, context=context, delimiter=delimiter,
                                              **kwargs)
            else:
                continue
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
    matches = [typ == kind for typ in branch._type_names()]
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
        if "_root" in element.__dict__ and CACHE_STYLE_LOOKUPS:
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
        if "_root" not in element.__dict__ or not CACHE_STYLE_LOOKUPS:
            return False
        skipped = element.__dict__["_skipped"] = {}
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
        output = _rendered_as_group(self, item, context, self.get("delimiter", ""), **kwargs)
        if output is None:
            raise VariableError
        return self.join(output)


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


class Number(_NumberRanges, _Cased, model.Number):
    """``cs:number``: variables with hyphens ("number-of-volumes") are found (citeproc-py looked
    them up as written, where references store "number_of_volumes": "Vols." with no number)."""

    def process(self, item, context=None, **kwargs):
        variable = self.get("variable")
        if variable in ("locator", "page-first"):
            return super().process(item, context, **kwargs)
        value = item.reference[variable.replace("-", "_")]
        return self._process(value, variable)

    def format_number(self, number):
        """Ordinals by CSL 1.0.2's matching and gender rules (ordinals.py)."""
        form = self.get("form", "numeric")
        try:
            value = int(number)
        except ValueError:
            return number
        if form == "ordinal" or (form == "long-ordinal" and value > 10):
            variable = self.get("variable") or ""
            return str(value) + self.preformat(
                ordinals.suffix(self, value, ordinals.gender_of(self, variable)))
        return super().format_number(number)

    def _format_last_page(self, first, last):
        return last_page(first.strip(), last.strip(),
                         self.get_root().get_option("page-range-format"))


class Key(model.Key):
    """``cs:key``: each item's sort key is computed on its own, so a processor failure on one
    item costs that item its key (it sorts last, and is reported), not the whole sort."""

    def sort_keys(self, items, context):
        state = state_of(self)
        if state is None:
            return super().sort_keys(items, context)
        keys = []
        for item in items:
            # each key is rendered on its own: what a substitute used for one key (the
            # editors standing in for the author) is not hidden from the next
            state.new_item(item.reference)
            try:
                keys.extend(super().sort_keys([item], context))
            except Exception as exc:  # noqa: BLE001 - a bug in the processor, reported per item
                failure = (item.key, f"{type(exc).__name__}: {exc}".rstrip(": "))
                if failure not in state.failures:
                    state.failures.append(failure)
                keys.append(None)
        return keys


_CONDITIONS = ("disambiguate", "type", "variable", "is-numeric", "is-uncertain-date", "locator",
               "position")


class _DisambiguateCondition:
    """``disambiguate="true"`` tests whether the cite is still ambiguous.

    It holds for the items whose cites the earlier disambiguation steps left ambiguous
    (engine/disambiguation.py), in citations and, as in citeproc-js, in their bibliography
    entries; citeproc-py 0.11 treats it as always true, which put a title in every MLA
    citation.
    """

    def render(self, item, context=None, delimiter="", **kwargs):
        if not self.holds(item, context):
            raise model.ConditionFailed
        return self.render_children(item, context=context, delimiter=delimiter, **kwargs)

    def holds(self, item, context=None) -> bool:
        """Whether the branch's conditions hold for the item (cs:choose takes the first
        branch that holds, without a ConditionFailed raised for each that does not). Which
        conditions the element has is read once, when the tree is pinned."""
        spec = self.__dict__.get("_conditions")
        if spec is None:
            spec = (tuple(name for name in _CONDITIONS if name in self.attrib),
                    self.get("match", "all"))
            if CACHE_STYLE_LOOKUPS:
                self.__dict__["_conditions"] = spec
        names, match = spec
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

    def _variable(self, item):
        names = self.__dict__.get("_variables")
        if names is None:
            names = tuple(name.replace("-", "_") for name in self.get("variable").split())
            if CACHE_STYLE_LOOKUPS:
                self.__dict__["_variables"] = names
        results = []
        reference = item.reference
        for name in names:
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


@lru_cache(maxsize=None)
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
        return [actual in self._type_names()]

    def _type_names(self) -> tuple[str, ...]:
        types = self.__dict__.get("_types")
        if types is None:
            types = _condition_types(self.get("type"))
            if CACHE_STYLE_LOOKUPS:
                self.__dict__["_types"] = types
        return types


class If(_TypeCondition, _DisambiguateCondition, _NumericCondition, model.If):
    pass


class Else_If(_TypeCondition, _DisambiguateCondition, _NumericCondition,  # noqa: N801
              model.Else_If):  # (CSL element name)
    pass


#: What depends only on the style (XPath results, an element's root, children, options, whether
#: it formats) is found once per element. Off only to show that it changes nothing: the test
#: renders the corpus both ways (tests/test_engine.py).
CACHE_STYLE_LOOKUPS = True


class _CachedXPath:
    """XPath results cached per style: they depend only on the element and the expression,
    and lookups of macros and ancestors were a quarter of the rendering time."""

    def __getattr__(self, name):
        """citeproc-py reads a child element as an attribute (``style.citation``,
        ``citation.layout``): the child, found once and remembered on the element."""
        found = super().__getattr__(name)
        if CACHE_STYLE_LOOKUPS and not name.startswith("_"):
            self.__dict__[name] = found
        return found

    def get_locale_option(self, name):
        """A locale's style option (punctuation-in-quote...): fixed once the locales are
        loaded, so found once per tree (every quoted element asked)."""
        cache = getattr(self.get_root(), "__dict__", {}).get("_locale_options")
        if cache is None:
            return super().get_locale_option(name)
        if name not in cache:
            cache[name] = super().get_locale_option(name)
        return cache[name]

    def get_macro(self, name):
        """A macro of the style, found once per name (every cs:text of a macro asked XPath)."""
        root = self.get_root()
        macros = root.__dict__.get("_macros") if CACHE_STYLE_LOOKUPS else None
        if macros is None:
            return super().get_macro(name)
        found = macros.get(name)
        if found is None:
            found = macros[name] = super().get_macro(name)
        return found

    def get_layout(self):
        """The cs:layout the element is in: one, for good (asked for each variable rendered)."""
        found = self.__dict__.get("_layout")
        if found is None:
            found = super().get_layout()
            if "_root" in self.__dict__:
                self.__dict__["_layout"] = found
        return found

    def iterchildren(self, *args, **kwargs):
        """The children, listed once per element once the tree is pinned (every render walks
        them; lxml made a new list of proxies each time)."""
        children = self.__dict__.get("_children")
        if children is None:
            if args or kwargs or "_root" not in self.__dict__:
                return super().iterchildren(*args, **kwargs)
            children = self.__dict__["_children"] = tuple(super().iterchildren())
        elif args or kwargs:
            return super().iterchildren(*args, **kwargs)
        return iter(children)

    def get_root(self):
        """The root of the element's tree, remembered by ``pin_tree`` (citeproc-py asked
        lxml for it anew, over two million times for 2,000 APA entries)."""
        root = self.__dict__.get("_root")
        return root if root is not None else super().get_root()

    def xpath_search(self, expression):
        cache = getattr(self.get_root(), "xpath_cache", None)
        if cache is None:
            return super().xpath_search(expression)
        key = (self, expression)  # the proxy is kept alive by the cache, so it stays the same
        found = cache.get(key)
        if found is None:
            found = cache[key] = super().xpath_search(expression)
        return found

    def calls_variable(self):
        """Whether the element calls a variable is a property of the style alone (the branch
        a cs:choose took is asked separately, by ``branch_calls_variable``), so it is
        cached like the look-ups; groups asked it of every child for every cite."""
        found = self.__dict__.get("_calls_variable")
        if found is None:
            found = super().calls_variable()
            if "_root" in self.__dict__:  # pinned: the style's elements stay as they are
                self.__dict__["_calls_variable"] = found
        return found


# CSL 1.0.2, terms: a form the locales do not define falls back to the next one, down to long.
_TERM_FORM_FALLBACK = {"verb-short": "verb", "symbol": "short", "verb": None, "short": None}


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _locale_language(locale) -> str | None:
    """The language of a cs:locale ("pt" for pt-BR); None for one that names none."""
    lang = locale.get(_XML_LANG) if locale is not None else None
    return lang.split("-")[0].lower() if lang else None


def _owner_locale(term):
    """The cs:locale a term element belongs to."""
    for ancestor in term.iterancestors():
        if etree.QName(ancestor).localname == "locale":
            return ancestor
    return term.getroottree().getroot()


class _TermFormFallback:
    """Term forms fall back as CSL 1.0.2 says (verb-short -> verb -> long, symbol -> short
    -> long); citeproc-py found nothing ("W. C. Hall" for "by W. C. Hall": en-US defines
    reviewed-author only in the verb form)."""

    def get_term(self, name, form=None, *args, **kwargs):
        term = super().get_term(name, form, *args, **kwargs)
        if term is None or form not in ("short", "verb-short") or args or kwargs:
            while term is None and form in _TERM_FORM_FALLBACK:
                form = _TERM_FORM_FALLBACK[form]
                term = super().get_term(name, form, *args, **kwargs)
            return term
        # a form the style's language lacks falls back to another form of that language
        # before another language's ("versão", not en-US's "v.", for the short "version" in
        # pt-BR: citeproc-js)
        locales = getattr(self.get_root(), "locales", None)
        language = _locale_language(locales[0]) if locales else None
        if language is None or language == "en" or \
                _locale_language(_owner_locale(term)) == language:
            return term
        fallback = form
        while fallback in _TERM_FORM_FALLBACK:  # (None: the long form, the last)
            fallback = _TERM_FORM_FALLBACK[fallback]
            for locale in locales:
                if _locale_language(locale) != language:
                    continue
                try:
                    return locale.get_term(name, fallback)
                except IndexError:
                    continue
        return term


class _EscapedAffixes:
    """Affixes are text of the style and escaped like any text in HTML (citeproc-py added
    them raw: "<https://…>" became a tag)."""

    def wrap(self, string):
        if string is None:
            return None
        affixes = self.__dict__.get("_affixes")
        if affixes is None:
            affixes = (self.get("prefix", ""), self.get("suffix", ""),
                       "display" in self.attrib)
            if CACHE_STYLE_LOOKUPS:
                self.__dict__["_affixes"] = affixes
        prefix, suffix, displayed = affixes
        if not (prefix or suffix):
            if isinstance(string, int):
                return string  # a name count: summed by cs:names, not text yet
            if not displayed and isinstance(string, (str, MixedString)):
                return string  # (what joining it to two empty affixes gives)
        prefix = self.preformat(prefix) if prefix else ""
        suffix = self.preformat(suffix) if suffix else ""
        text = prefix + normalize_seam(prefix, string)
        text = text + normalize_seam(text, suffix)
        if displayed:  # the part to display includes the affixes (citeproc-js)
            kind = display.kind_of(self.get("display"))
            state = state_of(self)
            if kind and state is not None and state.layout == "bibliography":
                return display.enclose(kind, text)
        return text


_CACHED: dict[type, type] = {}


class _NormalFormatting:
    """font-style, font-weight and font-variant "normal" are written (citeproc-py wrote
    nothing), so that they undo the formatting around them: the flip-flop pass keeps them
    there and drops them elsewhere. An explicit vertical-align="baseline" is written as
    citeproc-js writes it."""

    def format(self, string):
        """Formatting only where the element has a formatting attribute: most have none,
        and citeproc-py's five passes asked for each attribute and the formatter every
        time (15% of rendering APA). Known per element once its tree is pinned."""
        if not CACHE_STYLE_LOOKUPS:
            return super().format(string)
        unformatted = self.__dict__.get("_unformatted")
        if unformatted is None:
            unformatted = self.__dict__["_unformatted"] = not any(
                name in self.attrib for name in FORMATTING_ATTRIBUTES)
        if unformatted:
            return str(string) if isinstance(string, (int, float)) else string
        return super().format(string)

    def font_style(self, text):
        if self.get("font-style") == "normal":
            return self.get_formatter().NormalStyle(text)
        return super().font_style(text)

    def font_weight(self, text):
        if self.get("font-weight") == "normal":
            return self.get_formatter().NormalWeight(text)
        return super().font_weight(text)

    def font_variant(self, text):
        if self.get("font-variant") == "normal":
            return self.get_formatter().NormalVariant(text)
        return super().font_variant(text)

    def vertical_align(self, text):
        if self.get("vertical-align") == "baseline":  # undoes a sup or sub around it
            return self.get_formatter().Baseline(text)
        return super().vertical_align(text)


def _with_cache(cls: type) -> type:
    if cls not in _CACHED:
        formatting = (_NormalFormatting,) if issubclass(cls, model.Formatted) else ()
        bases = (_CachedXPath, _TermFormFallback, _EscapedAffixes, *formatting, cls) \
            if issubclass(cls, model.Affixed) else (_CachedXPath, _TermFormFallback,
                                                    *formatting, cls)
        _CACHED[cls] = type(cls.__name__, bases, {"__module__": __name__})
    return _CACHED[cls]


def pin_tree(root) -> None:
    """Keep a Python object alive for every element of a style or locale tree, each knowing
    its root. lxml otherwise makes a new proxy object for an element whenever it is reached
    and drops it after, so nothing could be remembered on an element."""
    if not CACHE_STYLE_LOOKUPS:
        return
    # (an element of another namespace is lxml's plain element: nothing can be remembered
    # on it, and no CSL code asks it anything)
    elements = [element for element in root.iter(tag=etree.Element)
                if isinstance(element, model.CitationStylesElement)]
    for element in elements:
        element.__dict__["_root"] = root
    root.__dict__["_pinned"] = elements
    root.__dict__["_locale_options"] = {}
    root.__dict__["_macros"] = {}


def element_classes() -> dict[str, type]:
    """CSL element name -> class, citeproc-py's with ours in their place, all with cached
    XPath look-ups."""
    classes = {cls.__name__.replace("_", "-").lower(): cls
               for cls in model.CitationStylesElement.__subclasses__()
               if cls.__module__ == model.__name__}
    for cls in (Style, Names, Name, Name_Part, Substitute, Citation, Layout, Date, Date_Part,
                Sort, Key, Text, Label, Number, Group, Choose, If, Else_If):
        classes[cls.__name__.replace("_", "-").lower()] = cls
    return {tag: _with_cache(cls) for tag, cls in classes.items()}


# CSL styles and locales never have a DOCTYPE: one could declare entities (an "XML bomb", an
# external entity naming a local file or a URL), and libxml2 expands an internal entity in an
# attribute value even with resolve_entities=False
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def parse_csl(path) -> etree._ElementTree:
    """A style or locale file parsed with :func:`make_parser`, refused (StyleError) when it has
    a DOCTYPE or an ENTITY declaration anywhere in the file, however far in (even in a
    comment). The file is read once, within the input size limit: the bytes checked are the
    bytes parsed. OSError (a missing file) is the caller's to report."""
    limit = max_input_bytes()
    with open(path, "rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise StyleError(f"{path}: more than the {limit / 1048576:.3g} MB an input may have")
    found = _DOCTYPE.search(data)
    if found:
        line = data.count(b"\n", 0, found.start()) + 1
        what = ("declares XML entities (a DOCTYPE with ENTITY)" if b"<!ENTITY" in data.upper()
                else "has a DOCTYPE")
        raise StyleError(f"{path}:{line}: {what}, which CSL styles and locales never need; "
                         "refused (nothing is expanded or fetched)")
    return etree.parse(io.BytesIO(data), make_parser(), base_url=str(path))


def make_parser() -> etree.XMLParser:
    """A parser that builds our element classes, and never fetches anything or expands
    entities."""
    lookup = etree.ElementNamespaceClassLookup()
    namespace = lookup.get_namespace(CSL_NAMESPACE)
    # Elements citeproc-py has no class for (cs:terms, cs:info...) get cached look-ups too:
    # every locale term is found by an XPath query on cs:terms.
    namespace[None] = _with_cache(model.CitationStylesElement)
    namespace.update(element_classes())
    parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True,
                             resolve_entities=False, load_dtd=False, huge_tree=False)
    parser.set_element_class_lookup(lookup)
    return parser
