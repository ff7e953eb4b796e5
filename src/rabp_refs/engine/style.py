"""Loading a CSL style into citeproc-py through our own element lookup, safely."""
from __future__ import annotations

from pathlib import Path

from citeproc import LANGUAGE_NAMES, PRIMARY_DIALECTS, SCHEMA_PATH
from citeproc.frontend import CitationStylesStyle, CitationStylesXML
from lxml import etree

from ..errors import LocaleError, StyleError
from .elements import CSL_NAMESPACE, RenderState, make_parser


class _OurElementsXML(CitationStylesXML):
    """Parses the style with our element classes (reached from CitationStylesStyle.__init__)."""

    def __init__(self, f, validate=False):
        self.parser = make_parser()
        self.xml = etree.parse(f, self.parser)
        self.root = self.xml.getroot()


class CslStyle(CitationStylesStyle, _OurElementsXML):
    """A citeproc-py style whose elements are ours (elements.py), with its render state."""

    def __init__(self, path: Path, locale: str | None = None):
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
        if not etree.QName(self.root).namespace == CSL_NAMESPACE or \
                etree.QName(self.root).localname != "style":
            raise StyleError(f"{path}: not a CSL style (the root element is not cs:style)")
        self.path = Path(path)
        self.root.render_state = RenderState()
        self.root.xpath_cache = {}

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
