"""YAML front matter, read as pandoc reads a document's metadata for citations.

The block opens the document with ``---`` and closes with ``---`` or ``...``. The fields
used here (pandoc manual, "Citations"): ``bibliography`` (a file or a list of files),
``csl``, ``lang``, ``nocite``, ``references`` (CSL items written in YAML),
``link-citations``, ``reference-section-title``, ``suppress-bibliography``,
``notes-after-punctuation``; ``title`` for a standalone page and a Word document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import csl_yaml
from ..errors import InputError
from .citations import nocite_keys

_BLOCK = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


@dataclass
class FrontMatter:
    bibliography: list[str] = field(default_factory=list)
    csl: str | None = None
    lang: str | None = None
    nocite: list[str] = field(default_factory=list)  # keys; "*" for every item
    references: list[dict] = field(default_factory=list)
    link_citations: bool = False
    reference_section_title: str | None = None
    suppress_bibliography: bool = False
    title: str | None = None
    notes_after_punctuation: bool = True
    diagnostics: list = field(default_factory=list)  # what reading the YAML found (RB407)


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return str(value)


def _flag(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "on", "1")
    return bool(value)


def read(text: str, name: str) -> FrontMatter:
    """The front matter opening ``text`` (an empty one when there is none)."""
    m = _BLOCK.match(text)
    if not m:
        return FrontMatter()
    # read as CSL-YAML files are: no aliases, no nesting past 100, no .inf, NULs removed
    data, found = csl_yaml.load(m.group(1) or "", name, first_line=2)
    data = data or {}
    if not isinstance(data, dict):
        raise InputError(f"{name}:2: the YAML front matter must be a mapping of fields")
    bibliography = data.get("bibliography") or []
    if isinstance(bibliography, str):
        bibliography = [bibliography]
    references = data.get("references") or []
    if not isinstance(references, list) or not all(isinstance(r, dict) for r in references):
        raise InputError(f"{name}: 'references' in the front matter must be a list of items")
    nocite = data.get("nocite")
    return FrontMatter(
        bibliography=[str(b) for b in bibliography],
        csl=_text(data.get("csl")),
        lang=_text(data.get("lang")),
        nocite=nocite_keys(_text(nocite) or ""),
        references=[_item(r) for r in references],
        link_citations=_flag(data.get("link-citations", False)),
        reference_section_title=_text(data.get("reference-section-title")),
        suppress_bibliography=_flag(data.get("suppress-bibliography", False)),
        title=_text(data.get("title")),
        notes_after_punctuation=_flag(data.get("notes-after-punctuation", True)),
        diagnostics=found)


_DATES = ("accessed", "available-date", "event-date", "issued", "original-date", "submitted")
_EDTF = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _item(data: dict) -> dict:
    """A CSL item written in YAML (CSL-YAML): a date written as ``2011``, ``2011-09`` or
    ``2011-09-01`` (YAML may read the last as a date) becomes CSL's date-parts."""
    item = {str(key): value for key, value in data.items()}
    if "id" in item:
        item["id"] = str(item["id"])
    for name in _DATES:
        value = item.get(name)  # (a date YAML read is date-parts already: csl_yaml.load)
        if isinstance(value, (int, str)):
            m = _EDTF.match(str(value).strip())
            if m:
                item[name] = {"date-parts": [[int(p) for p in m.groups() if p]]}
            else:
                item[name] = {"literal": str(value)}
    return item
