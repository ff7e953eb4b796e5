"""RB3xx name lists: empty names, too many commas, typed 'et al.', organisations split like
people, bare initials."""
from __future__ import annotations

import re

from .. import rules
from ..csl_data import NAME_FIELDS, split_top_level

NAME_LIST_FIELDS = tuple(NAME_FIELDS) + ("editora", "editorb", "editorc", "holder",
                                         "commentator", "annotator", "afterword", "foreword",
                                         "introduction")
# (tried where a run of spaces starts only, as csl_data's: linear on a long run of spaces)
_AND = re.compile(r"(?<![^\\]\s)\s++and(?=\s|$)|^\s*+and(?=\s|$)", re.IGNORECASE)
_ET_AL = re.compile(r"^(et\.?\s*al\.?|\.\.\.|…|u\.\s*a\.)$", re.IGNORECASE)
_ET_AL_INSIDE = re.compile(r"(?:,|(?<!\s)\s)\s*+(?:et\.?\s*al\.?|\.\.\.|…)\s*$",
                           re.IGNORECASE)
ORGANISATION_WORDS = {
    "organization", "organisation", "association", "institute", "institut", "university",
    "society", "foundation", "ministry", "department", "council", "committee", "group",
    "agency", "centre", "center", "inc", "inc.", "ltd", "ltd.", "company", "corporation",
    "consortium", "office", "board", "commission", "service", "services", "network",
    "alliance", "federation", "bureau", "authority", "college", "academy", "hospital",
    "clinic", "trust", "team", "project", "collaboration", "program", "programme", "news",
}
_BARE_INITIALS = re.compile(r"^[A-Z]{2,3}$")


def check(ctx) -> None:
    for record in ctx.records:
        for name in NAME_LIST_FIELDS:
            value = record.entry.get(name)
            if value is not None:
                _name_list(ctx, record, name, value)


def _name_list(ctx, record, field: str, value: str) -> None:
    if not value.strip():
        ctx.report(rules.EMPTY_NAME, f"{field} is empty", record, field)
        return
    parts = split_top_level(value, _AND)
    stripped = [p.strip() for p in parts]
    if stripped and not stripped[0]:
        ctx.report(rules.EMPTY_NAME, f"{field} starts with 'and'", record, field)
    if len(stripped) > 1 and not stripped[-1]:
        ctx.report(rules.EMPTY_NAME, f"{field} ends with 'and'", record, field)
    if any(not p for p in stripped[1:-1]):
        ctx.report(rules.EMPTY_NAME, f"{field} has an empty name ('and and')", record, field)
    for raw in filter(None, stripped):
        if raw.lower() == "others":
            continue
        if _ET_AL.match(raw) or _ET_AL_INSIDE.search(raw):
            ctx.report(rules.TYPED_ET_AL, f"{field} has '{raw}' typed into it", record, field)
            continue
        if raw.startswith("{") and raw.endswith("}"):
            continue  # a literal name
        commas = split_top_level(raw, re.compile(","))
        if len(commas) > 3:
            ctx.report(rules.NAME_COMMAS, f"'{raw[:50]}' has {len(commas) - 1} commas: it looks "
                       "like several names separated by commas", record, field)
            continue
        words = raw.replace(",", " ").split()
        if len(commas) == 1 and len(words) >= 2 and any(
                w.strip("{}().,").lower() in ORGANISATION_WORDS for w in words):
            ctx.report(rules.CORPORATE_AS_PERSON, f"'{raw}' will be split like a person's name "
                       f"(family name '{words[-1]}')", record, field,
                       hint=f"brace it: {{{{{raw}}}}}")
            continue
        given = commas[-1].strip() if len(commas) >= 2 else (words[0] if len(words) > 1 else "")
        if _BARE_INITIALS.match(given):
            spaced = " ".join(c + "." for c in given)
            ctx.report(rules.BARE_INITIALS, f"given name '{given}' in '{raw}' will print as a "
                       "name, not as initials", record, field, hint=f"write '{spaced}'")
