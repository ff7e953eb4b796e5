"""The few conditions the toolkit cannot continue from.

Data problems are diagnostics (diagnostics.py); these exceptions are turned by the CLI into one
clear line and exit code 2.
"""
from __future__ import annotations


class RabpError(Exception):
    """Base class: ``str(error)`` is the one-line message shown to the user."""


class InputError(RabpError):
    """An input file cannot be read or is not in a format we can parse."""


class StyleError(RabpError):
    """A CSL style cannot be found or loaded."""


class LocaleError(RabpError):
    """A CSL locale cannot be found."""


class UnknownKeyError(RabpError):
    """A cite key is not in the bibliography."""
