"""JSON as rabp-refs reads it (CSL-JSON items, citation clusters): RFC 8259, located.

Python's ``json`` module reads more than RFC 8259 allows and fails on some of what it allows,
in ways a reader of the values cannot recover from: NaN and Infinity, a number too big for a
float (1e400 reads as infinity), an integer of more than 4,300 digits (ValueError), arrays
nested a thousand deep (RecursionError), and escapes of half a UTF-16 pair ("\\ud800": a
string no file or terminal can be written with). Each is refused here with the file and line,
as a JSON syntax error is. A NUL ("\\u0000") cannot be written into most outputs either: it is
removed from the value and reported (RB407).
"""
from __future__ import annotations

import json
import re
import sys
from typing import Any, Callable

from . import rules
from .diagnostics import Diagnostic
from .errors import InputError

# Deeper than any CSL-JSON item needs (a name list: 4 levels; date-parts: 5); values nested
# deeper are left out (csl_json.clean_item), a file too deep for Python's reader is refused.
MAX_NESTING = 100

# A backslash escape inside a JSON string: a surrogate pair (read), half a pair (refused), a
# NUL (removed), or any other escape, consumed whole so that "\\u0000" (an escaped backslash,
# then text) is not taken for a NUL.
_ESCAPE = re.compile(r"\\(?:(u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2})"
                     r"|(u[dD][89a-fA-F][0-9a-fA-F]{2})|(u0000)|.)", re.S)
# an escape that makes the pass over them worth its time
_SPECIAL = re.compile(r"\\u(?:0000|[dD][89a-fA-F])")
# A JSON string, or a bracket outside one (for locating the nesting)
_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_BRACKETS = re.compile(_STRING + r"|([\[{])|([\]}])")
_NUMBERS = re.compile(_STRING + r"|(-?(?:Infinity|NaN|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?))")


class _Unreadable(Exception):
    """A number the values cannot hold: ``token`` as written, and why."""

    def __init__(self, token: str, why: str):
        super().__init__(token)
        self.token, self.why = token, why


def _constant(token: str):
    raise _Unreadable(token, f"{token} is not a JSON number")


def _finite(token: str) -> float:
    value = float(token)
    if value in (float("inf"), float("-inf")):
        raise _Unreadable(token, f"{token[:20]} is too large for a number")
    return value


def loads(text: str, name: str) -> tuple[Any, list[Diagnostic]]:
    """The value of JSON ``text`` read from ``name``, and a diagnostic for each NUL removed.
    Raises InputError, located at its line, for anything the values could not hold."""
    diagnostics: list[Diagnostic] = []
    if _SPECIAL.search(text):
        text = _escapes(text, name, diagnostics)
    try:
        return json.loads(text, parse_constant=_constant, parse_float=_finite), diagnostics
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    except _Unreadable as exc:
        line = _number_line(text, lambda number: number == exc.token)
        raise InputError(f"{name}:{line}: {exc.why}") from None
    except RecursionError:
        raise InputError(f"{name}:{_nesting_line(text)}: JSON nested more than {MAX_NESTING} "
                         "levels deep (a CSL-JSON item needs 5)") from None
    except ValueError:  # only the int-string limit is left: anything else is a bug
        limit = getattr(sys, "get_int_max_str_digits", lambda: 0)()  # (Python >= 3.10.7)
        line = _number_line(text, lambda n: n.lstrip("-").isdigit() and len(n.lstrip("-")) > limit)
        if not limit or line is None:
            raise
        raise InputError(f"{name}:{line}: a number of more than {limit:,} digits") from None


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _escapes(text: str, name: str, diagnostics: list[Diagnostic]) -> str:
    """The text without its NUL escapes (reported once, at the first); half a surrogate pair
    is refused."""
    removed: list[int] = []

    def replace(match: re.Match) -> str:
        if match.group(2):
            raise InputError(f"{name}:{_line(text, match.start())}: \\{match.group(2)} is half "
                             "of a UTF-16 surrogate pair, not a character (a truncated "
                             "emoji or symbol?); no output can hold it")
        if match.group(3):
            removed.append(match.start())
            return ""
        return match.group(0)

    cleaned = _ESCAPE.sub(replace, text)
    if removed:
        diagnostics.append(rules.NUL_CHARACTER(
            f"{len(removed)} NUL character(s) (\\u0000) in strings, the first on this line; "
            "removed", file=name, line=_line(text, removed[0])))
    return cleaned


def _number_line(text: str, wanted: Callable[[str], bool]) -> int | None:
    """The line of the first number (outside strings) as written that is ``wanted``."""
    for match in _NUMBERS.finditer(text):
        if match.group(1) and wanted(match.group(1)):
            return _line(text, match.start())
    return None


def _nesting_line(text: str) -> int:
    """The line where the arrays and objects first nest more than MAX_NESTING deep."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        if match.group(1):
            depth += 1
            if depth > MAX_NESTING:
                return _line(text, match.start())
        elif match.group(2):
            depth -= 1
    return 1


def too_deep(value: Any) -> bool:
    """Whether arrays and objects nest in ``value`` more than MAX_NESTING deep (walked without
    recursion: writers that recurse, such as YAML's, would fail on it)."""
    stack = [(value, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_NESTING:
            return True
        children = value.values() if isinstance(value, dict) else value
        stack.extend((child, depth + 1) for child in children
                     if isinstance(child, (list, dict)))
    return False
