"""Loading a CSL style into citeproc-py through our own element lookup, safely."""
from __future__ import annotations

import re
from pathlib import Path

from citeproc import LANGUAGE_NAMES, PRIMARY_DIALECTS, SCHEMA_PATH
from citeproc.frontend import CitationStylesStyle, CitationStylesXML
from lxml import etree

from ..errors import LocaleError, StyleError
from ..patterns import LANGUAGE_TAG
from . import elements
from .elements import CSL_NAMESPACE, parse_csl, pin_tree

_LOCALE_TAG = LANGUAGE_TAG

# CSL attributes whose value is a whole number (CSL 1.0.2 schema)
_WHOLE_NUMBERS = ("et-al-min", "et-al-use-first", "et-al-subsequent-min",
                  "et-al-subsequent-use-first", "names-min", "names-use-first",
                  "line-spacing", "entry-spacing")
_WHOLE = re.compile(r"\s*\d+\s*")


def _check_numbers(root, path) -> None:
    """A number attribute that is not a number ("et-al-use-first='r1'") is the style's error,
    located, before anything renders."""
    for element in root.iter():
        for name in _WHOLE_NUMBERS:
            value = element.get(name) if hasattr(element, "get") else None
            if value is not None and not _WHOLE.fullmatch(value):
                raise StyleError(f"{path}:{element.sourceline}: {name}=\"{value}\" is not a "
                                 "whole number")


def _give_names_a_name(root) -> None:
    """A cs:names with no cs:name of its own (outside cs:substitute, where it takes its
    parent's) gets an empty one of our class, as CSL reads it: citeproc-py made one of its own
    class while rendering, without our names handling (NLM's "李 明" for "李明", "d’ Orsay")."""
    ns = {"cs": CSL_NAMESPACE}
    for names in root.iterfind(".//cs:names", ns):
        if names.find("cs:name", ns) is None and \
                not any(a.tag == f"{{{CSL_NAMESPACE}}}substitute" for a in names.iterancestors()):
            names.insert(0, names.makeelement(f"{{{CSL_NAMESPACE}}}name"))
# Elements one render of a macro (or of the citation, the bibliography) may visit, with every
# macro it calls written out in its place and the largest branch of each cs:choose: the
# largest of the official styles' is under 2,000 (Chicago's notes), a tenth of the bound;
# macros calling the next
# twice, forty deep, are a trillion, walked for each cite.
MAX_RENDERED_ELEMENTS = 20_000
_CHOOSE = f"{{{CSL_NAMESPACE}}}choose"


def _check_macros(root, path) -> None:
    """A macro that calls itself (through others or not), or a macro, citation or
    bibliography whose one render may visit more than ``MAX_RENDERED_ELEMENTS`` elements, is
    the style's error, located, before anything renders.

    Each macro is counted once (memoised), so the check is linear in the style's size."""
    ns = {"cs": CSL_NAMESPACE}
    macros = {m.get("name"): m for m in root.iterfind("cs:macro", ns) if m.get("name")}
    calls = {name: [(e.get("macro"), e.sourceline) for e in m.iter(tag=etree.Element)
                    if e is not m and e.get("macro") in macros]
             for name, m in macros.items()}
    size: dict[str, int] = {}
    for start in macros:
        if start in size:
            continue
        # the macros being counted, each calling the next, and how many of its calls are seen
        chain: list[str] = [start]
        seen_calls: list[int] = [0]
        while chain:
            name, i = chain[-1], seen_calls[-1]
            if i < len(calls[name]):
                seen_calls[-1] += 1
                callee, line = calls[name][i]
                if callee in chain:
                    loop = " -> ".join(chain[chain.index(callee):] + [callee])
                    raise StyleError(f"{path}:{line}: macro '{callee}' calls itself ({loop}), "
                                     "which would never end")
                if callee not in size:
                    chain.append(callee)
                    seen_calls.append(0)
                continue
            size[name] = _rendered_size(macros[name], size)
            _refuse_past_bound(size[name], f"{path}:{macros[name].sourceline}: macro '{name}'")
            chain.pop()
            seen_calls.pop()
    for part in ("citation", "bibliography"):
        element = root.find(f"cs:{part}", ns)
        if element is not None:
            _refuse_past_bound(_rendered_size(element, size),
                               f"{path}:{element.sourceline}: cs:{part}")


def _rendered_size(element, macro_sizes: dict[str, int]) -> int:
    """Elements one render of ``element`` may visit (the macros it calls counted in
    ``macro_sizes``)."""
    children = [_rendered_size(child, macro_sizes)
                for child in element.iterchildren(tag=etree.Element)]
    total = 1 + (max(children, default=0) if element.tag == _CHOOSE else sum(children))
    return total + macro_sizes.get(element.get("macro"), 0)


def _refuse_past_bound(size: int, what: str) -> None:
    if size > MAX_RENDERED_ELEMENTS:
        raise StyleError(f"{what} may render more than {MAX_RENDERED_ELEMENTS:,} elements for "
                         "one cite (the macros it calls, and those they call, written out); "
                         "refused")


class _OurElementsXML(CitationStylesXML):
    """Parses the style with our element classes (reached from CitationStylesStyle.__init__)."""

    def __init__(self, f, validate=False):
        self.xml = parse_csl(f)
        self.root = self.xml.getroot()
        name = etree.QName(self.root)
        if name.namespace != CSL_NAMESPACE or name.localname != "style":
            raise StyleError(f"{f}: not a CSL style (the root element is not cs:style in the "
                             f"namespace {CSL_NAMESPACE})")
        default_locale = self.root.get("default-locale")
        if default_locale is not None and not _LOCALE_TAG.fullmatch(default_locale):
            # citeproc-py looks the locale up with an XPath made from it
            raise StyleError(f"{f}:{self.root.sourceline}: default-locale={default_locale!r} is "
                             "not a language tag such as en-US, en-GB or de")


class CslStyle(CitationStylesStyle, _OurElementsXML):
    """A citeproc-py style whose elements are ours (elements/). Not changed by rendering
    once loaded: the state of a render is the render's (state.py)."""

    def __init__(self, path: Path, locale: str | None = None):
        if locale is not None and not _LOCALE_TAG.fullmatch(locale):
            raise LocaleError(f"unknown locale {locale!r} (a locale is a language tag such as "
                              "en-US, en-GB, de-DE or de)")
        if locale is not None and locale not in LANGUAGE_NAMES and \
                locale.split("-")[0] not in PRIMARY_DIALECTS:
            raise LocaleError(f"unknown locale '{locale}' (known: en-US, en-GB, de-DE, fr-FR, "
                              "... or a language such as 'de')")
        try:
            super().__init__(str(path), locale=locale, validate=False)
        except etree.XMLSyntaxError as exc:
            raise StyleError(f"{path}: not a valid CSL style: {exc}") from None
        except ValueError as exc:
            if "locale" in str(exc):
                raise LocaleError(f"unknown locale '{locale}'") from None
            raise StyleError(f"{path}: {exc}") from None
        except OSError as exc:
            raise StyleError(f"{path}: cannot read: {exc}") from None
        except (AttributeError, TypeError, KeyError, IndexError) as exc:
            # citeproc-py reads the style's structure as it loads it: a missing cs:info,
            # cs:citation or cs:layout surfaces as one of these
            raise StyleError(f"{path}: not a valid CSL style (cannot load it: "
                             f"{type(exc).__name__}: {exc})") from None
        if not etree.QName(self.root).namespace == CSL_NAMESPACE or \
                etree.QName(self.root).localname != "style":
            raise StyleError(f"{path}: not a CSL style (the root element is not cs:style)")
        _check_numbers(self.root, path)
        _check_macros(self.root, path)
        for part in ("citation", "citation/cs:layout"):
            if self.root.find(f"cs:{part}", {"cs": CSL_NAMESPACE}) is None:
                raise StyleError(f"{path}: not a valid CSL style (it has no cs:{part}, which "
                                 "every style needs)")
        bibliography = self.root.find("cs:bibliography", {"cs": CSL_NAMESPACE})
        if bibliography is not None and bibliography.find(
                "cs:layout", {"cs": CSL_NAMESPACE}) is None:
            raise StyleError(f"{path}: not a valid CSL style (its cs:bibliography has no "
                             "cs:layout)")
        _give_names_a_name(self.root)
        self.path = Path(path)
        self.root.locale_language = locale  # a locale forced on the style (sorting reads it)
        self.root.xpath_cache = {} if elements.lookups.CACHE_STYLE_LOOKUPS else None
        pin_tree(self.root)

    @property
    def is_note_style(self) -> bool:
        return self.root.get("class") == "note"


def validate(path: Path) -> list[str]:
    """Errors of the style against the CSL 1.0.2 schema that citeproc-py ships (empty: valid)."""
    schema = etree.RelaxNG(etree.parse(SCHEMA_PATH))
    doc = parse_csl(path)
    if schema.validate(doc):
        return []
    return [f"{path}:{e.line}: {e.message}" for e in schema.error_log]
