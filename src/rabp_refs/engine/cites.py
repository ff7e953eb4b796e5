"""Cites as the caller gives them (:class:`CiteItem`, as citeproc-js and CITES.json have
them), their locators read as people type them, and the cites citeproc-py renders made
from them for one style and output (:class:`CiteMaker`)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from citeproc import Locator

from .elements import AUTHOR_ONLY, SUPPRESS_AUTHOR, Cite
from .marks import AFFIX_COMMA
from .passes import AFFIX_CLOSE_QUOTE
from .source import rich_text_reader


# The CSL locator terms (CSL 1.0.2, appendix "Locators").
LOCATOR_TERMS = ("act", "appendix", "article-locator", "book", "canon", "chapter", "column",
                 "elocation", "equation", "figure", "folio", "issue", "line", "note", "opus",
                 "page", "paragraph", "part", "rule", "scene", "section", "sub-verbo",
                 "supplement", "table", "timestamp", "title-locator", "verse", "version",
                 "volume")

# Locator labels as people type them -> CSL locator terms.
LOCATOR_LABELS = {
    "p": "page", "pp": "page", "page": "page", "pages": "page", "ch": "chapter",
    "chap": "chapter", "chapter": "chapter", "sec": "section", "section": "section",
    "§": "section", "§§": "section", "para": "paragraph", "paragraph": "paragraph",
    "¶": "paragraph", "fig": "figure", "figure": "figure", "vol": "volume", "volume": "volume",
    "l": "line", "ll": "line", "line": "line", "n": "note", "note": "note", "col": "column",
    "column": "column", "no": "issue", "pt": "part", "part": "part", "bk": "book",
    "book": "book", "fol": "folio", "op": "opus", "v": "verse", "vv": "verse", "verse": "verse",
    "s.v": "sub-verbo", "sv": "sub-verbo", "table": "table", "tbl": "table",
    "t": "table", "app": "appendix", "appendix": "appendix", "eq": "equation",
    "equation": "equation", "r": "rule", "rule": "rule", "sched": "schedule",
    "time": "timestamp", "min": "timestamp",
}


def parse_locator(text: str) -> tuple[str, str]:
    """``"p. 5"`` -> ``("page", "5")``; a bare number is a page."""
    text = text.strip()
    m = re.match(r"^([^\W\d]+\.?|§§?|¶)\s*(.+)$", text)
    if m:
        label = LOCATOR_LABELS.get(m.group(1).rstrip(".").lower())
        if label:
            return label, m.group(2).strip()
    return "page", text


def unknown_locator_label(text: str) -> str | None:
    """The word opening a locator that reads as a label but is none ("blah" in "blah 5");
    None for a known label or a locator without a word before a space or a period ("iv",
    "S12", "p. 5")."""
    m = re.match(r"^([^\W\d]+(?:\.[^\W\d]+)*)(?:\.\s*|\s+)\S", text.strip())
    if not m:
        return None
    word = m.group(1).lower()
    if word in LOCATOR_LABELS or word in {t.split()[0] for t in LOCATOR_TERMS}:
        return None
    return m.group(1)


# The positions a caller may give a cite (citeproc-js's numbers for them).
FIRST, SUBSEQUENT, IBID, IBID_WITH_LOCATOR = range(4)


@dataclass
class CiteItem:
    """One cite in a cluster, as in citeproc-js and the oracle's CITES.json."""

    id: str
    locator: str | None = None
    label: str | None = None  # a CSL locator term; "page" when a locator has no label
    prefix: str | None = None
    suffix: str | None = None
    mode: str | None = None  # None, "author-only" or "suppress-author"
    # a position given by the caller, as citeproc-js takes one (FIRST, SUBSEQUENT, IBID,
    # IBID_WITH_LOCATOR: 0 to 3); None: computed from the document
    position: int | None = None

    @classmethod
    def from_json(cls, data) -> "CiteItem":
        """A cite of a CITES.json cluster; TypeError, saying what, for one of another shape."""
        if _is_text(data):
            return cls(str(data))
        if not isinstance(data, dict) or not _is_text(data.get("id")):
            raise TypeError('a cite must be an id or an object with an "id"')
        text = {}
        for key in ("locator", "label", "prefix", "suffix", "mode"):
            value = data.get(key)
            if value is not None and not _is_text(value):
                raise TypeError(f'the "{key}" of cite {data["id"]!r} is not text')
            text[key] = None if value is None else str(value)
        mode = text["mode"]
        if data.get("author-only"):
            mode = AUTHOR_ONLY
        elif data.get("suppress-author"):
            mode = SUPPRESS_AUTHOR
        position = data.get("position")
        return cls(str(data["id"]), text["locator"], text["label"], text["prefix"],
                   text["suffix"], mode,
                   position if isinstance(position, int) and 0 <= position <= 3 else None)


def _is_text(value) -> bool:
    """A string or a number (a locator of 12): what a cite's text fields may hold."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


class CiteMaker:
    """Makes the cites citeproc-py renders from the caller's, for one style and output:
    a locator's label read from the locale's terms, the affixes read as rich text. Where a
    cite has a mode or a given position, the render's plan (state.py) records it by the
    cite's index."""

    def __init__(self, style_root, html: bool, data_quotes, quote_punctuation: str | None):
        self._root = style_root
        self._html = html
        self._data_quotes = data_quotes
        self._quote_punctuation = quote_punctuation
        self._locator_labels: dict[str, str] | None = None  # "vol." -> "volume", when read

    def cite(self, cite: CiteItem, index: int, plan) -> Cite:
        """The cite of index ``index`` among the document's."""
        kwargs = {}
        locator = str(cite.locator).strip() if cite.locator is not None else ""
        # CSL 1.0.2 names the term "sub-verbo"; CSL 1.0.1's "sub verbo" is read as it
        label = "sub-verbo" if cite.label == "sub verbo" else cite.label
        if locator and label is None:
            # a locator that opens with a label of the locale ("vol. 1, fol. 186") has that
            # label, and the style writes it in its own form (citeproc-js: APA "Volume 1")
            label, locator = self._labelled_locator(locator)
        if locator:  # surrounding spaces are not part of it (citeproc-js)
            kwargs["locator"] = Locator(label or "page", locator)
        # a cite's affixes are the user's rich text, read as the items' text is (citeproc-js):
        # quotes curled, <i>, <b>, <sc>, <sup>, <sub> as formatting, the rest escaped
        # punctuation-in-quote is the style's rule for its own quotes, not for quotes the
        # user typed in an affix ("'quote', " stays "“quote”, ", citeproc-js): their closing
        # mark is held out of the pass until it has run, and so is a comma opening a suffix
        # ("“Title”, for a review"; a full stop, "?" or "!" goes inside, as in citeproc-js)
        for name in ("prefix", "suffix"):
            value = getattr(cite, name)
            if value:
                text = str(rich_text_reader(self._html, self._data_quotes).rich_text(value))
                if self._quote_punctuation:
                    text = text.replace(self._quote_punctuation, AFFIX_CLOSE_QUOTE)
                    if name == "suffix" and text.startswith(","):
                        text = AFFIX_COMMA + text[1:]
                kwargs[name] = text
        item = Cite(cite.id, index, **kwargs)
        if cite.mode in (AUTHOR_ONLY, SUPPRESS_AUTHOR):
            plan.modes[index] = cite.mode
        if cite.position is not None:
            plan.given_positions[index] = cite.position
        return item

    def _labelled_locator(self, locator: str) -> tuple[str | None, str]:
        first, _, rest = locator.partition(" ")
        if not rest.strip():
            return None, locator
        if self._locator_labels is None:
            labels = {}
            for name in LOCATOR_TERMS:
                for form in ("short", "symbol"):
                    term = self._root.get_term(name, form)
                    if term is None:
                        continue
                    forms = [term.text] + [child.text for child in term.iterchildren()]
                    for text in forms:
                        text = (text or "").strip()
                        if text.endswith(".") or text in ("§", "§§", "¶", "¶¶"):
                            labels.setdefault(text, name)
            self._locator_labels = labels
        name = self._locator_labels.get(first)
        return (name, rest.strip()) if name else (None, locator)


def locator_terms(style_root, language: str) -> dict[str, str]:
    """Every form of the locale's locator terms (long, short, symbol; singular and
    plural), lower case -> the CSL locator term: how pandoc recognises a locator's
    label in a citation's suffix."""
    terms: dict[str, str] = {}
    # the style's own terms, then the locale file's ("chap." still reads as a chapter
    # in MLA, whose short term is "ch."); not the English fallback of another language
    language = language.split("-")[0].lower()
    for locale in style_root.locales:
        lang = locale.get("{http://www.w3.org/XML/1998/namespace}lang")
        if lang and lang.split("-")[0].lower() != language:
            continue
        for name in LOCATOR_TERMS:
            for form in (None, "short", "symbol"):  # None: the long form
                try:
                    term = locale.get_term(name, form)
                except IndexError:
                    continue
                for text in [term.text] + [child.text for child in term.iterchildren()]:
                    text = (text or "").strip().lower()
                    if text:
                        terms.setdefault(text, name)
    return terms
