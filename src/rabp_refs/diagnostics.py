"""Diagnostics: what the toolkit found wrong with the data, with where it was found.

A diagnostic never stops the work; exceptions (errors.py) are kept for "cannot continue".
This module imports nothing from the package.
"""
from __future__ import annotations

import enum
from dataclasses import asdict, dataclass


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

    def to_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = str(self.severity)
        if self.column is None:  # the records' findings have lines only
            del data["column"]
        return data
