"""Our CSL element classes over citeproc-py's, and the lookup that maps CSL elements to them.

citeproc-py maps every CSL element to a class of its ``model`` module through a lookup that it
builds from ``CitationStylesElement.__subclasses__()`` for every style in the process. Ours is
built here, for styles loaded through :class:`~rabp_refs.engine.style.CslStyle` only: the
subclasses never list ``CitationStylesElement`` among their own bases, so they do not leak into
citeproc-py's global lookup.

One module per CSL element family (names, dates, text, numbers, labels, conditions, groups,
sorting, layout); what they share has its own (look-ups cached per style in ``lookups``,
formatting in ``formatting``, cites and references as elements read them in ``references``).
The elements hold only what the style says (and caches of it): what a render needs is in the
render state (engine/state.py), found through :func:`~rabp_refs.engine.state.state_of`.
"""
from __future__ import annotations

import io
import re

from citeproc import model
from lxml import etree

from ...errors import StyleError
from ...fileio import max_input_bytes
from ..formatters import PLAIN
from ..state import state_of
from . import lookups
from .conditions import Choose, Else_If, If, is_numeric
from .csl import AUTHOR_ONLY, CSL_NAMESPACE, SUPPRESS_AUTHOR
from .dates import Date, Date_Part
from .formatting import _EscapedAffixes, _NormalFormatting
from .groups import Group
from .labels import Label
from .layout import Citation, Layout
from .lookups import Locale, Term, _CachedXPath, _TermFormFallback, pin_tree
from .names import NAME_VARIABLES, Name, Name_Part, Names, Substitute
from .numbers import Number, last_page, mixed_ranges
from .references import Cite, Reference
from .sorting import Key, Sort, collation_key
from .text import Text

__all__ = [
    "AUTHOR_ONLY",
    "CSL_NAMESPACE",
    "Cite",
    "NAME_VARIABLES",
    "Reference",
    "SUPPRESS_AUTHOR",
    "Style",
    "collation_key",
    "element_classes",
    "is_numeric",
    "last_page",
    "make_parser",
    "mixed_ranges",
    "parse_csl",
    "pin_tree",
]


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
        if "_terms" in self.__dict__:
            self.__dict__["_terms"] = {}  # (the terms are the new locales')
        for i, locale in enumerate(self.locales):
            url = locale.getroottree().docinfo.URL
            if locale.getparent() is not None or not url:
                continue  # an in-style locale: already ours
            ours = parse_csl(url).getroot()
            ours.style = self
            ours.xpath_cache = {} if lookups.CACHE_STYLE_LOOKUPS else None
            pin_tree(ours)
            self.locales[i] = ours


_CACHED: dict[type, type] = {}


def _with_cache(cls: type) -> type:
    if cls not in _CACHED:
        formatting = (_NormalFormatting,) if issubclass(cls, model.Formatted) else ()
        bases = (_CachedXPath, _TermFormFallback, _EscapedAffixes, *formatting, cls) \
            if issubclass(cls, model.Affixed) else (_CachedXPath, _TermFormFallback,
                                                    *formatting, cls)
        _CACHED[cls] = type(cls.__name__, bases, {"__module__": __name__})
    return _CACHED[cls]


def element_classes() -> dict[str, type]:
    """CSL element name -> class, citeproc-py's with ours in their place, all with cached
    XPath look-ups."""
    classes = {cls.__name__.replace("_", "-").lower(): cls
               for cls in model.CitationStylesElement.__subclasses__()
               if cls.__module__ == model.__name__}
    for cls in (Style, Locale, Names, Name, Name_Part, Substitute, Citation, Layout, Date, Date_Part,
                Sort, Key, Text, Label, Number, Group, Choose, If, Else_If, Term):
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
