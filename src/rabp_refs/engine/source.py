"""CSL-JSON items -> citeproc-py references.

citeproc-py's reader parses as names and dates only the variables in its own lists (CSL 1.0.1
and older), so a CSL 1.0.2 name variable such as ``director`` arrives as a string and rendering
it raises AttributeError (a film took the whole bibliography down). Ours parses any list of name
objects as names and any date object as a date, whatever the variable.
"""
from __future__ import annotations

from citeproc.source.json import CiteProcJSON

_DATE_KEYS = {"date-parts", "literal", "raw", "season", "circa"}


class CslJsonSource(CiteProcJSON):
    def parse_string(self, value):
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            return self.parse_names(value)
        if isinstance(value, dict) and set(value) & _DATE_KEYS:
            return self.parse_date(value)
        return super().parse_string(value)
