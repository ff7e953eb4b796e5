"""A cite key as someone wrote it (on the command line, in a manuscript) -> the id of an item:
the key itself, else the one id equal to it but for case; for a key that is neither, the ids
close to it, for a "did you mean" hint."""
from __future__ import annotations

import difflib
from collections.abc import Iterable

from .errors import UnknownKeyError


class ItemKeys:
    def __init__(self, ids: Iterable[str]):
        self.ids = list(ids)
        self._known = set(self.ids)
        self._folded: dict[str, list[str]] = {}
        for i in self.ids:
            self._folded.setdefault(i.lower(), []).append(i)

    def resolve(self, key: str) -> str | None:
        if key in self._known:
            return key
        same = self._folded.get(key.lower(), [])
        return same[0] if len(same) == 1 else None

    def close(self, key: str) -> list[str]:
        """The ids most like ``key`` (three at most)."""
        return difflib.get_close_matches(key, self.ids, n=3)

    def require(self, key: str) -> str:
        """The id ``key`` stands for; an unknown key, with the ids close to it, cannot go on."""
        found = self.resolve(key)
        if found is None:
            close = self.close(key)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise UnknownKeyError(f"unknown key '{key}'{hint}")
        return found
