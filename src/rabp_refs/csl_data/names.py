"""Names: BibTeX name lists split at "and" outside braces, each name into CSL's parts as
BibTeX's rules split it ("von Last, Jr, First"), biblatex's extended name format too."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from .. import latex
from ..model import Entry
from .vocabulary import NAME_FIELDS

if TYPE_CHECKING:
    from .context import Context


def split_top_level(value: str, separator: re.Pattern) -> list[str]:
    """Split at matches of `separator` that are outside braces (latex.top_level: a backslash
    escapes the next character; separators never contain braces or backslashes)."""
    if "{" not in value and "}" not in value and "\\" not in value:
        return separator.split(value)
    parts, start = [], 0
    for i, j in latex.top_level(value):
        for m in separator.finditer(value, i, j):
            if m.end() > m.start() and m.start() >= start:
                parts.append(value[start:m.start()])
                start = m.end()
    parts.append(value[start:])
    return parts


# "and and" leaves an empty name. Tried only where a run of spaces starts (or after an escaped
# space, "\\ "): from each space of a long run that never reaches an "and" it was quadratic.
_AND = re.compile(r"(?<![^\\]\s)\s++and(?=\s)", re.IGNORECASE)
_COMMA = re.compile(r",")
_SPACES = re.compile(r"[\s~]+")


def split_name_list(value: str) -> list[str]:
    return [p.strip() for p in split_top_level(" " + value.strip() + " ", _AND)]


def _case_of_word(word: str) -> str:
    """'upper', 'lower' or 'none': the case of the word's first letter. A command or a special
    character ({\\'e}) at brace depth 0 counts by the letter it prints; a letter in any other
    brace group counts as upper case, as in BibTeX."""
    depth, start = 0, 0
    for token, after in latex.brace_tokens(word):
        text = word[start:token.start()]
        if depth == 0 and (token.group()[0] == "\\" or word.startswith("{\\", token.start())):
            return _case_of_first_letter(text + latex.decode_text(word[token.start():]))
        case = _case_of_first_letter(text + token.group()[1:], in_group=depth > 0)
        if case != "none":
            return case
        start, depth = token.end(), max(after, 0)
    return _case_of_first_letter(word[start:], in_group=depth > 0)


def _case_of_first_letter(text: str, in_group: bool = False) -> str:
    letter = next((c for c in text if c.isalpha()), None)
    if letter is None:
        return "none"
    return "lower" if letter.islower() and not in_group else "upper"


def _words(part: str) -> list[str]:
    return [w for w in split_top_level(part.strip(), _SPACES) if w]


_CONTROL_SPACE = re.compile(r"(?<!\\)\\ ")
_ELIDED_PARTICLE = re.compile(r"^((?:d|l|dell|dall|all|nell)[’'])(\w.*)$")
_INITIALS = re.compile(r"(?<![^\W\d_])([^\W\d_])\.(?=[^\W\d_])", re.UNICODE)


def parse_name(raw: str, useprefix: bool = False) -> dict | None:
    """One BibTeX name as CSL reads it ("von Last, Jr, First"). A name read before is read
    from the cache: an author's name is written the same way entry after entry (the 10,000
    generated entries of bench/ hold 4,648 names in 32,214 places)."""
    name = _parsed_name(raw, useprefix)
    return dict(name) if name is not None else None  # (each item gets a name of its own)


@lru_cache(maxsize=1 << 14)  # (16,384 names: some 9 MB at most)
def _parsed_name(raw: str, useprefix: bool) -> dict | None:
    raw = raw.strip()
    if "\\ " in raw:  # a control space ("L.\\ Thiele") separates words as a space does
        raw = _CONTROL_SPACE.sub(" ", raw)
    if not raw:
        return None
    if raw.lower() == "others":
        return {"literal": "others"}
    if raw.startswith("{") and raw.endswith("}") and _balanced_outer(raw):
        return {"literal": latex.decode_text(raw[1:-1])}
    if "=" in raw and re.match(r"\s*(family|given|prefix|suffix|useprefix)\s*=", raw):
        return _extended_name(raw)
    if "\\" in raw and latex.balanced_braces(raw):
        # the special characters of names ({\"o}) composed first when they are its only
        # commands, as the decoder would compose them: each reads as a letter of its case
        # with no brace or space left, and the name usually has no brace left to split around
        # (not in a name whose braces do not nest: a group taken out would change the
        # depth of what follows it, "}{\"a}{Acme and Co}")
        composed = latex.compose_special_characters(raw)
        if "\\" not in composed and "$" not in composed:
            raw = composed
    comma_parts = [p.strip() for p in split_top_level(raw, _COMMA)]
    if len(comma_parts) == 1:
        words = _words(comma_parts[0])
        # First von Last: First is the leading words up to the first lower-case one
        first = []
        while words and _case_of_word(words[0]) != "lower" and len(words) > 1:
            first.append(words.pop(0))
        von_last = words
        jr: list[str] = []
    else:
        von_last = _words(comma_parts[0])
        if len(comma_parts) == 2:
            jr, first = [], _words(comma_parts[1])
        else:
            jr, first = _words(comma_parts[1]), _words(", ".join(comma_parts[2:]))
    # von: up to the last lower-case word that is not the last word (BibTeX's rule)
    von: list[str] = []
    last = von_last
    lower_positions = [i for i, w in enumerate(von_last[:-1]) if _case_of_word(w) == "lower"]
    if lower_positions:
        cut = lower_positions[-1] + 1
        von, last = von_last[:cut], von_last[cut:]
    text = lambda ws: latex.decode_text(" ".join(ws)) if ws else ""  # noqa: E731
    name: dict = {}
    family = text(last)
    given = _INITIALS.sub(r"\1. ", text(first)).strip()
    if family:
        name["family"] = family
    if given:
        name["given"] = given
    particle = text(von)
    if not particle:
        # an elided particle glued to the family name: d'Orsay, l'Hôpital (as pandoc)
        m = _ELIDED_PARTICLE.match(family)
        if m:
            particle, name["family"] = m.group(1), m.group(2)
            useprefix = True
    if particle:
        name["non-dropping-particle" if useprefix else "dropping-particle"] = particle
    if jr:
        name["suffix"] = text(jr)
    return name or None


def _balanced_outer(raw: str) -> bool:
    """Whether the group opening ``raw`` closes at its end (or never)."""
    return latex.group_end(raw, 0) in (len(raw), None)


def _extended_name(raw: str) -> dict:
    name: dict = {}
    use_prefix = False
    for part in split_top_level(raw, _COMMA):
        key, _, value = part.partition("=")
        key, value = key.strip().lower(), latex.decode_text(value.strip())
        if key == "family":
            name["family"] = value
        elif key == "given":
            name["given"] = value
        elif key == "prefix":
            name["dropping-particle"] = value
        elif key == "suffix":
            name["suffix"] = value
        elif key == "useprefix":
            use_prefix = value.lower() == "true"
    if use_prefix and "dropping-particle" in name:
        name["non-dropping-particle"] = name.pop("dropping-particle")
    return name


def parse_names(value: str, useprefix: bool = False) -> list[dict]:
    names = []
    for raw in split_name_list(value):
        name = parse_name(raw, useprefix)
        if name is not None and name != {"literal": "others"}:
            names.append(name)
    return names


def _option(entry: Entry, name: str) -> bool:
    options = entry.get("options") or ""
    for part in options.split(","):
        key, _, value = part.partition("=")
        if key.strip().lower() == name:
            return value.strip().lower() in ("", "true")
    return False


def map_names(ctx: Context, item: dict) -> None:
    """The entry's name lists as CSL names."""
    entry = ctx.entry
    for bib_name, csl_name in NAME_FIELDS.items():
        value = entry.get(bib_name)
        if value and value.strip():
            if "\\" in value:  # a command no name can be read from is reported, not lost
                ctx.decoded(bib_name)
            names = parse_names(value, useprefix=_option(entry, "useprefix"))
            if bib_name == "editor" and (entry.get("editortype") or "").strip() == "director":
                csl_name = "director"
            if names:
                item[csl_name] = names
