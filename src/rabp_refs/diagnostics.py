"""Diagnostics: what the toolkit found wrong with the data, with where it was found.

A diagnostic never stops the work; exceptions (errors.py) are kept for "cannot continue".
This module imports nothing from the package.
"""
from __future__ import annotations

import enum
import re
from dataclasses import asdict, dataclass, fields, replace

# What a terminal or a CI log would act on rather than show: C0 and C1 controls (ESC starts
# colour and title sequences, CR and LF start a line that could pass for a diagnostic or a
# "::error" annotation), DEL, the line and paragraph separators, the bidirectional overrides
# and isolates (which reorder what is shown) and the marks, and lone surrogates (which cannot
# be written as UTF-8).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e"
                          "\u2066-\u2069\ud800-\udfff]")


def _escaped(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every character a terminal would act on shown as an escape (``\\x1b``,
    ``\\u202e``): one line, shown as it is."""
    return _UNPRINTABLE.sub(_escaped, text)


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        return cls[text.upper()]


@dataclass(frozen=True)
class Diagnostic:
    code: str
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None  # 1-based
    key: str | None = None
    field: str | None = None
    hint: str | None = None
    column: int | None = None  # 1-based; for a place in running text (a manuscript)

    def location(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def format(self) -> str:
        """One line: ``file:line: CODE severity [key.field] message (hint)``."""
        target = ""
        if self.key or self.field:
            target = " [" + ".".join(p for p in (self.key, self.field) if p) + "]"
        text = f"{self.location()}: {self.code} {self.severity}{target} {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def printable(self) -> "Diagnostic":
        """This diagnostic with its text (file, key, field, message, hint) made printable:
        what every line for a terminal or a log is made from."""
        return replace(self, **{f.name: printable(value) for f in fields(self)
                                if isinstance(value := getattr(self, f.name), str)})

    def to_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = str(self.severity)
        if self.column is None:  # the records' findings have lines only
            del data["column"]
        return data
