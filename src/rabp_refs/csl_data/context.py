"""One entry being mapped: its fields read once each (LaTeX decoded, titles in sentence case),
its language, and where to report what is found."""
from __future__ import annotations

import re

from .. import latex, rules
from ..diagnostics import Diagnostic
from ..localisation import localised
from ..model import Entry
from .language import ENGLISH, QUOTES, csl_language
from .names import parse_names, split_name_list

_ARABIC = re.compile(r"\\arabic\{(author|editor|translator)\}")


class Context:
    """One entry being mapped, with where to report what we find."""

    def __init__(self, entry: Entry, diagnostics: list[Diagnostic], sentence_case: bool = True):
        self.entry = entry
        self.fields = entry.fields
        self.sentence_case = sentence_case
        self.diagnostics = diagnostics
        langid = (entry.get("langid") or entry.get("hyphenation") or entry.get("language") or "")
        self.langid = langid.strip().lower()
        self.english = not self.langid or self.langid in ENGLISH or self.langid.startswith("en")
        self.language = csl_language(self.langid, entry.get("langidopts"))
        self.quotes = QUOTES.get(self.language.split("-")[0], latex.ENGLISH_QUOTES)
        self._decoded: dict[str, latex.Decoded] = {}
        self._titles: dict[str, list[latex.Run] | None] = {}

    def report(self, rule, message, field=None):
        self.diagnostics.append(rule(
            message, file=self.entry.file,
            line=self.entry.field_line(field) if field else self.entry.line,
            key=self.entry.key, field=field))

    def decoded(self, name: str) -> latex.Decoded | None:
        f = self.fields.get(name)
        if f is None:  # (most of the fields asked for are absent)
            return None
        if name in self._decoded:
            return self._decoded[name]
        value = f.value
        if not value.strip():
            return None
        if "\\arabic{" in value:  # biblatex's \arabic{author}: the number of names
            value = _ARABIC.sub(self._count, value)
        decoded = self._decoded[name] = latex.decode(value, self.quotes)
        for command, argument in dict.fromkeys(decoded.unknown_commands):  # once per field
            kept = "the text of its argument is kept" if argument else "it is left out"
            self.report(rules.UNDECODED_LATEX,
                        f"LaTeX command {command} is not understood; {kept}", field=name)
        return decoded

    def _count(self, m: re.Match) -> str:
        return str(len(parse_names(self.entry.get(m.group(1)) or "")))

    def localised(self, name: str) -> str | None:
        """A field that may hold a biblatex localisation key ("newseries"), as its string;
        a list ("countryfr and countryuk") item by item."""
        value = self.entry.get(name)
        if value is None or not value.strip():
            return None
        parts = [localised(part) for part in split_name_list(value)]
        if any(p != q for p, q in zip(parts, split_name_list(value))):
            parts = [latex.decode_text(p) for p in parts]
            return parts[0] if len(parts) == 1 else \
                ", ".join(parts[:-1]) + " and " + parts[-1]
        return self.text(name)

    def text(self, name: str) -> str | None:
        """A field as CSL rich text (formatting kept, braces only protect case)."""
        if name not in self.fields:  # (most of the fields asked for are absent)
            return None
        decoded = self.decoded(name)
        return latex.to_csl_markup(decoded.runs, nocase=False) if decoded else None

    def title(self, name: str) -> list[latex.Run] | None:
        """A title field: sentence case for English entries, as pandoc does (worked out
        once: the title is read for the title and again for the short title)."""
        if name not in self.fields:
            return None
        if name in self._titles:
            return self._titles[name]
        decoded = self.decoded(name)
        if decoded is None:
            runs = None
        elif self.english and self.sentence_case:
            runs = latex.sentence_case(decoded.runs)
        else:
            runs = decoded.runs
        self._titles[name] = runs
        return runs


def put(item: dict, name: str, value) -> None:
    if value:
        item[name] = value
