"""The records we work on: BibTeX entries as read, before any mapping to CSL."""
from __future__ import annotations

from dataclasses import dataclass, field

from .diagnostics import Diagnostic


@dataclass(slots=True)
class Field:
    name: str  # lower-case BibTeX field name
    value: str  # value with macros resolved and enclosing braces/quotes removed
    line: int | None = None  # 1-based line of the field in its file


@dataclass(slots=True)
class Entry:
    key: str
    type: str  # lower-case BibTeX entry type, without the "@"
    fields: dict[str, Field] = field(default_factory=dict)
    file: str | None = None
    line: int | None = None  # 1-based line of the "@"
    raw: str | None = None  # the entry as written in its file

    def get(self, name: str) -> str | None:
        f = self.fields.get(name)
        return f.value if f is not None else None

    def field_line(self, name: str) -> int | None:
        f = self.fields.get(name)
        return f.line if f is not None and f.line is not None else self.line


@dataclass(slots=True)
class StringMacro:
    name: str  # as written
    value: str
    line: int | None = None
    uses: int = 0


@dataclass(slots=True)
class Bibliography:
    """Entries in file order, and what was found wrong while reading them."""

    entries: list[Entry] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    file: str | None = None
    strings: dict[str, StringMacro] = field(default_factory=dict)  # lower-case name -> macro
    comments: list[tuple[int, str]] = field(default_factory=list)  # text outside entries
    # entry key -> fields written from a CSL-JSON literal date ("Spring 2018"): valid CSL,
    # not BibTeX dates, so not reported as bad dates (validate.read)
    literal_dates: dict[str, set[str]] = field(default_factory=dict)
