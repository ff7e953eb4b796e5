"""``cs:label`` (CSL 1.0.2, "Label"): a term printed only with its variable, singular or plural
by the variable's value."""
from __future__ import annotations

import re
from functools import lru_cache

from citeproc import model
from citeproc.source import VariableError

from ..state import state_of
from .formatting import _Cased
from .names import _substituted
from .references import _has_data


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


@lru_cache(maxsize=64)  # (a locale's "and" term: bounded for a process that loads many)
def _multiple(and_term: str) -> re.Pattern:
    """Two numbers joined by a range dash, a comma, an ampersand, "and" or the locale's word
    for it ("213, and 235", "213 et 235"), or a range of roman numerals: plural, as in
    citeproc-js."""
    words = "and" if and_term == "and" else f"and|{re.escape(and_term)}"
    return re.compile(rf"\d\s*(?:[-–—,&]\s*(?:(?:{words})\s+)?|\b(?:{words})\s+)[A-Za-z]*\d"
                      # a range of roman numerals ("i–ix")
                      r"|(?<![^\W\d_])[ivxlcdm]+\s*[-–]\s*[ivxlcdm]+(?![^\W\d_])",
                      re.IGNORECASE)
