"""Loading a CSL style into citeproc-py through our own element lookup, safely."""
from __future__ import annotations

import re
from pathlib import Path

from citeproc import LANGUAGE_NAMES, PRIMARY_DIALECTS, SCHEMA_PATH
from citeproc.frontend import CitationStylesStyle, CitationStylesXML
from lxml import etree

from ..errors import LocaleError, StyleError
from . import elements
from .elements import CSL_NAMESPACE, RenderState, make_parser, pin_tree


_LOCALE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
_ENTITY_DECLARATION = re.compile(rb"<!DOCTYPE[^>\[]*\[|<!ENTITY", re.IGNORECASE)


def _refuse_entities(path) -> None:
    """CSL styles never declare XML entities: a style that does (an "XML bomb", an external
    entity pointing at a local file or a URL) is refused before it is parsed."""
    try:
        with open(path, "rb") as f:
            head = f.read(1 << 16)
    except OSError:
        return  # the parser reports it
    if _ENTITY_DECLARATION.search(head):
        raise StyleError(f"{path}: declares XML entities (a DOCTYPE with ENTITY), which CSL "
                         "styles never need; refused (nothing is expanded or fetched)")


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


class _OurElementsXML(CitationStylesXML):
    """Parses the style with our element classes (reached from CitationStylesStyle.__init__)."""

    def __init__(self, f, validate=False):
        _refuse_entities(f)
        self.parser = make_parser()
        self.xml = etree.parse(f, self.parser)
        self.root = self.xml.getroot()
        name = etree.QName(self.root)
        if name.namespace != CSL_NAMESPACE or name.localname != "style":
            raise StyleError(f"{f}: not a CSL style (the root element is not cs:style in the "
                             f"namespace {CSL_NAMESPACE})")


class CslStyle(CitationStylesStyle, _OurElementsXML):
    """A citeproc-py style whose elements are ours (elements.py), with its render state."""

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
        self.root.render_state = RenderState()
        self.root.locale_language = locale  # a locale forced on the style (sorting reads it)
        self.root.xpath_cache = {} if elements.CACHE_STYLE_LOOKUPS else None
        pin_tree(self.root)

    @property
    def state(self) -> RenderState:
        return self.root.render_state

    @property
    def is_note_style(self) -> bool:
        return self.root.get("class") == "note"


def validate(path: Path) -> list[str]:
    """Errors of the style against the CSL 1.0.2 schema that citeproc-py ships (empty: valid)."""
    schema = etree.RelaxNG(etree.parse(SCHEMA_PATH))
    doc = etree.parse(str(path), etree.XMLParser(no_network=True, resolve_entities=False,
                                                 load_dtd=False))
    if schema.validate(doc):
        return []
    return [f"{path}:{e.line}: {e.message}" for e in schema.error_log]
