"""CSL-JSON items in the shapes CSL gives them (names, dates, text), whatever a file holds.

A CSL-JSON file typed by hand or exported by an old tool often has "issued": 2018, a string
of names where a list belongs, or a list where text belongs; citeproc-py (and our BibTeX
writer) assume the shapes. :func:`clean_item` reads what it can and reports the rest.
"""
from __future__ import annotations

import re

from .jsontext import MAX_NESTING, too_deep

# CSL 1.0.2 variables a note line may set (Appendix IV), by kind.
NOTE_NAME_VARIABLES = frozenset("""author chair collection-editor compiler composer
    container-author contributor curator director editor editorial-director editor-translator
    executive-producer guest host illustrator interviewer narrator organizer original-author
    performer producer recipient reviewed-author script-writer series-creator
    translator""".split())
NOTE_DATE_VARIABLES = frozenset(
    "accessed available-date event-date issued original-date submitted".split())
NOTE_STANDARD_VARIABLES = frozenset("""abstract annote archive archive_collection
    archive_location archive-place authority call-number chapter-number citation-label
    collection-number collection-title collection-title-short container-title
    container-title-short dimensions division DOI edition event event-title event-place genre
    ISBN ISSN issue jurisdiction keyword language license medium number number-of-pages
    number-of-volumes original-publisher original-publisher-place original-title page
    part-number part-title PMCID PMID publisher publisher-place references reviewed-genre
    reviewed-title scale section source status supplement-number title title-short URL version
    volume volume-title volume-title-short""".split())
_ISO_DATE = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def note_date(value: str) -> dict:
    parts = []
    for end in value.split("/"):
        match = _ISO_DATE.match(end.strip())
        if match is None:
            return {"literal": value}
        parts.append([int(p) for p in match.groups() if p is not None])
    return {"date-parts": parts}


# Keys of an item that are not CSL variables but have a shape of their own.
_STRUCTURAL = frozenset({"id", "type", "categories", "custom", "note", "citation-key"})


def _scalar(value) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _clean_names(value) -> tuple[list | None, str | None]:
    if isinstance(value, str):
        return [{"literal": value}], f"a string, read as one name ({value[:30]!r})"
    if not isinstance(value, list):
        return None, "not a list of names; left out"
    names, problem = [], None
    for name in value:
        if isinstance(name, dict):
            clean = {k: v for k, v in name.items() if isinstance(k, str) and (
                _scalar(v) or isinstance(v, bool))}
            clean = {k: str(v) if _scalar(v) else v for k, v in clean.items()}
            if len(clean) != len(name):
                problem = "a name part that is not text; left out"
            if any(k in clean for k in ("family", "given", "literal")):
                names.append(clean)
        elif isinstance(name, str) and name.strip():
            names.append({"literal": name})
        else:
            problem = "an entry that is not a name; left out"
    return names or None, problem


def _clean_date(value) -> tuple[dict | None, str | None]:
    if _scalar(value):
        text = str(value)
        return note_date(text), f"{text!r} is not a CSL date object; read as a date"
    if not isinstance(value, dict):
        return None, "not a CSL date ({\"date-parts\": [[2018, 8, 31]]}); left out"
    clean, problem = {}, None
    parts = value.get("date-parts")
    if parts is not None:
        if isinstance(parts, list) and all(isinstance(p, list) for p in parts):
            kept = [[x for x in p if _scalar(x)][:3] for p in parts[:2]]
            if kept != parts:
                problem = "date-parts that are not numbers; left out"
            clean["date-parts"] = kept
        else:
            problem = "date-parts must be a list of lists of numbers; left out"
    for key in ("literal", "raw", "season", "circa"):
        if key in value:
            if _scalar(value[key]) or isinstance(value[key], bool):
                clean[key] = value[key] if isinstance(value[key], bool) else str(value[key])
            else:
                problem = f"{key} is not text; left out"
    return (clean or None), problem


# Zotero's field names that CSL-JSON exports still carry, for the CSL variables they are
ALIASES = {"journalAbbreviation": "container-title-short", "shortTitle": "title-short"}


def clean_item(item: dict) -> tuple[dict, list[tuple[str, str]]]:
    """An item with every value in the shape CSL-JSON gives it (names, dates, text), and
    (variable, problem) for each value it had to read differently or leave out. citeproc-py
    assumes the shapes; a CSL-JSON file typed by hand often has "issued": 2018."""
    clean, problems = {}, []
    for key, value in item.items():
        if not isinstance(key, str):
            continue
        if key in NOTE_NAME_VARIABLES:
            value, problem = _clean_names(value)
        elif key in NOTE_DATE_VARIABLES:
            value, problem = _clean_date(value)
        elif key in _STRUCTURAL:
            problem = None
            if key in ("id", "type", "note", "citation-key") and not _scalar(value):
                value, problem = None, "not text; left out"
            elif key in ("id", "type", "note", "citation-key"):
                value = str(value)
            elif isinstance(value, (list, dict)) and too_deep(value):
                value, problem = None, f"nested more than {MAX_NESTING} levels deep; left out"
        elif _scalar(value):
            value, problem = str(value), None
        elif value is None:
            continue
        else:
            value, problem = None, "not text or a number; left out"
        if problem:
            problems.append((key, problem))
        if value is not None:
            clean[key] = value
    for alias, variable in ALIASES.items():  # read as citeproc-js reads them
        if alias in clean and variable not in clean:
            clean[variable] = clean.pop(alias)
    return clean, problems


# Better BibTeX writes the key into Zotero's Extra field, which CSL-JSON exports as a note line
_CITATION_KEY_LINE = re.compile(r"^\s*citation[ -]key\s*:\s*(\S+)\s*$", re.IGNORECASE)


def with_citation_key(item: dict) -> dict:
    """A Zotero or Better BibTeX export's item under the key its user cites it by: the
    ``citation-key`` variable, or a note line "Citation Key: x" (taken out of the note), as
    its id. Other items are returned as they are."""
    key = item.get("citation-key")
    note = item.get("note")
    if isinstance(note, str) and "key" in note.lower():
        lines = note.split("\n")
        found = [m.group(1) for m in map(_CITATION_KEY_LINE.match, lines) if m]
        if found:
            key = key or found[0]
            rest = "\n".join(line for line in lines if not _CITATION_KEY_LINE.match(line))
            item = {k: v for k, v in item.items() if k != "note"}
            if rest.strip():
                item["note"] = rest.strip()
    if isinstance(key, str) and key.strip() and item.get("id") != key.strip():
        item = {**item, "id": key.strip(), "citation-key": key.strip()}
    return item


def first_date_parts(value) -> list[int] | None:
    """The numbers of a CSL date's first date-parts ([2018, 8, 31]); None if it has none."""
    if isinstance(value, dict):
        parts = value.get("date-parts")
        if parts and isinstance(parts, list) and parts[0]:
            try:
                return [int(p) for p in parts[0][:3]]
            except (TypeError, ValueError):
                return None
    return None
