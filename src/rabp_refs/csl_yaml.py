"""CSL-YAML, pandoc's `references:` files: read into CSL items, written from them.

YAML is read with PyYAML's safe loader less its anchors and aliases: CSL-YAML has no use for
them, and an alias lets a file of a few hundred bytes stand for a structure of billions of
nodes ("billion laughs"), which every later walk over the items would pay for.
"""
from __future__ import annotations

import datetime
import math

import yaml

from . import jsontext, rules
from .diagnostics import Diagnostic
from .errors import InputError


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing aliases (an anchor alone is harmless and is kept)."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "an alias (*name): CSL-YAML does not use them", event.start_mark)
        return super().compose_node(parent, index)


class _NotFinite(ValueError):
    pass


def _plain(value, nuls: list[int]):
    """A date YAML read (``issued: 2018-08-31``) as a CSL date, a NUL character removed (and
    counted in ``nuls``); other values as they are. YAML's .inf and .nan are refused: no output
    can hold them."""
    if isinstance(value, datetime.date):  # a datetime too: its date is what CSL keeps
        return {"date-parts": [[value.year, value.month, value.day]]}
    if isinstance(value, dict):
        return {_plain(str(k), nuls): _plain(v, nuls) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, nuls) for v in value]
    if isinstance(value, str) and "\0" in value:
        nuls.append(1)
        return value.replace("\0", "")
    if isinstance(value, float) and not math.isfinite(value):
        raise _NotFinite(value)
    return value


def load(text: str, name: str, first_line: int = 1) -> tuple[object, list[Diagnostic]]:
    """The first YAML document of ``text`` (``first_line``: the file's line the text starts
    at, for the messages), with what reading it found (a NUL removed, RB407). Raises
    InputError, located where YAML tells, for text that is not YAML, holds an alias, nests more
    than jsontext.MAX_NESTING deep or holds .inf/.nan: every reader of YAML (CSL-YAML files,
    a manuscript's front matter) goes through here."""
    try:
        data = next(iter(yaml.load_all(text, Loader=_Loader)), None)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + first_line}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(f"{name}{where}: not valid YAML: {problem}") from None
    except RecursionError:
        raise InputError(f"{name}: YAML nested too deeply") from None
    if data is not None and not isinstance(data, (dict, list)):
        return data, []
    if data is not None and jsontext.too_deep(data):
        raise InputError(f"{name}: YAML nested more than {jsontext.MAX_NESTING} levels deep "
                         "(a CSL item needs 5)")
    nuls: list[int] = []
    try:
        data = _plain(data, nuls)
    except _NotFinite as exc:
        raise InputError(f"{name}: a number no output can hold ({exc})") from None
    found = [rules.NUL_CHARACTER(f"{len(nuls)} value(s) held a NUL character; removed",
                                 file=name)] if nuls else []
    return data, found


def read(text: str, name: str) -> tuple[list, list[Diagnostic]]:
    """The items of a CSL-YAML document: a ``references:`` list in the first document (front
    matter between ``---`` lines), or a bare list of items; and what reading found (load)."""
    data, found = load(text, name)
    if isinstance(data, dict) and "references" in data:
        data = data["references"]
    if data is None:
        return [], found
    if not isinstance(data, list):
        raise InputError(f"{name}: CSL-YAML must hold a 'references:' list of items")
    return data, found


def write(items: list[dict]) -> str:
    """Items as a CSL-YAML document, as pandoc's `references:` front matter."""
    return "---\n" + yaml.safe_dump({"references": items}, allow_unicode=True,
                                     sort_keys=False, width=100) + "...\n"
