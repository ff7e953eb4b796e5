"""BibTeX/biblatex entries -> CSL-JSON items, following pandoc's BibTeX reader.

Pandoc's reader is the reference for this mapping (entry types, fields, name splitting, titles
turned into sentence case for English entries with braced words kept). Where we differ, the
code says so. Unknown entry types and fields never fail: they map to the closest CSL type or are
left out, and are reported as diagnostics.

The package maps an entry part by part, each in a module of its own: ``vocabulary`` (the
tables of types and fields), ``language``, ``titles``, ``names``, ``dates``, ``numbers``;
``context`` reads an entry's fields once each. This module puts them together (``to_csl``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import forking, inheritance, latex, rules
from ..diagnostics import Diagnostic
from ..memory import collector_paused
from ..model import Bibliography, Entry
from ..patterns import DOI_PREFIX
from . import dates, names, numbers, titles
from .context import Context, put
# the names other modules read as csl_data.X
from .dates import MONTHS, SEASONS, parse_edtf, parse_month, whole_number, year_range
from .language import ENGLISH, LANGUAGE_VARIANTS, LANGUAGES, QUOTES, csl_language
from .names import (_AND, _COMMA, _SPACES, parse_name, parse_names, split_name_list,
                    split_top_level)
from .vocabulary import (ARTICLELIKE, BOOKLIKE, CHAPTERLIKE, ENTRY_TYPES, GENRE_KEYS,
                         KNOWN_FIELDS, NAME_FIELDS, NOT_PRINTED, RAW_FIELDS, SIMPLE_FIELDS)

__all__ = [
    "ARTICLELIKE", "BOOKLIKE", "CHAPTERLIKE", "ENGLISH", "ENTRY_TYPES", "EPRINT_URLS",
    "GENRE_KEYS", "KNOWN_FIELDS", "LANGUAGES", "LANGUAGE_VARIANTS", "MONTHS", "Mapped",
    "NAME_FIELDS", "NOT_PRINTED", "QUOTES", "RAW_FIELDS", "SEASONS", "SIMPLE_FIELDS",
    "csl_language", "entry_to_csl", "parse_edtf", "parse_month", "parse_name", "parse_names",
    "split_name_list", "split_top_level", "to_csl", "whole_number", "year_range",
    "_AND", "_COMMA", "_SPACES",
]


@dataclass
class Mapped:
    items: list[dict] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def to_csl(bib: Bibliography, *, sentence_case: bool = True, jobs: int | None = None) -> Mapped:
    """Map every entry; the diagnostics of reading come along.

    ``sentence_case=False`` leaves English titles in the case they were typed in (what
    `check` asks for: none of its rules reads a title's case, and casing was a tenth of
    its time); nothing else changes, diagnostics included.

    ``jobs``: processes to map with (None: every core for a big file, where forking is safe;
    see forking.py). The result is the same whatever it is.
    """
    result = Mapped(diagnostics=list(bib.diagnostics))
    entries = bib.entries
    by_key = {e.key.lower(): e for e in entries}

    def map_slice(start: int, stop: int) -> tuple[list[dict], list[Diagnostic]]:
        diagnostics: list[Diagnostic] = []
        resolved: dict[str, Entry] = {}  # each parent resolved once for the slice
        items = [entry_to_csl(inheritance.resolve(entry, by_key, resolved), diagnostics,
                              sentence_case, own=entry.fields.keys())
                 for entry in entries[start:stop] if entry.type not in NOT_PRINTED]
        return items, diagnostics

    with collector_paused():
        slices = forking.map_slices(map_slice, len(entries),
                                    forking.workers_for(len(entries), jobs))
    for items, diagnostics in slices:
        result.items.extend(items)
        result.diagnostics.extend(diagnostics)
    return result


# eprinttype -> the address an eprint is read at
EPRINT_URLS = {"arxiv": "https://arxiv.org/abs/", "jstor": "https://www.jstor.org/stable/",
               "pubmed": "https://www.ncbi.nlm.nih.gov/pubmed/", "hdl": "https://hdl.handle.net/",
               "handle": "https://hdl.handle.net/", "googlebooks": "https://books.google.com?id=",
               "doi": "https://doi.org/"}


def entry_to_csl(entry: Entry, diagnostics: list[Diagnostic],
                 sentence_case: bool = True, own=None) -> dict:
    """``own``: the names of the entry's own fields (the others are inherited: an unknown one
    is reported on the entry that has it)."""
    ctx = Context(entry, diagnostics, sentence_case)
    et = entry.type
    item: dict = {"id": entry.key}

    csl_type, genre = ENTRY_TYPES.get(et, (None, None))
    if csl_type is None:
        csl_type = "document"
        ctx.report(rules.UNKNOWN_TYPE, f"unknown entry type @{et}; rendered as a CSL 'document'")
    if et == "misc" and entry.get("url"):
        csl_type = "webpage"
    subtype = (entry.get("entrysubtype") or "").strip().lower()
    if et == "article" and subtype in ("magazine", "newspaper"):
        csl_type = f"article-{subtype}"
    item["type"] = csl_type
    type_field = ctx.text("type")
    if type_field:
        genre = ctx.localised("type")
        genre = GENRE_KEYS.get(genre.strip().lower(), genre)
    if genre:
        item["genre"] = genre

    is_periodical = titles.map_titles(ctx, item)
    names.map_names(ctx, item)
    numbers.map_number_and_issue(ctx, item)
    for bib_name, csl_name in SIMPLE_FIELDS.items():
        put(item, csl_name, ctx.localised(bib_name) if bib_name == "pubstate"
            else ctx.text(bib_name))
    numbers.map_part_and_pages(ctx, item)

    # publisher and places
    publishers = [p for p in (ctx.text(f) for f in
                  ("school", "institution", "organization", "howpublished", "publisher")) if p]
    if publishers:
        item["publisher"] = "; ".join(publishers)
    place = ctx.text("address") or ctx.localised("location")
    put(item, "jurisdiction" if et == "patent" else "publisher-place", place)

    dates.map_dates(ctx, item)

    # identifiers and links
    for bib_name, csl_name in RAW_FIELDS.items():
        value = entry.get(bib_name)
        if value and value.strip():
            item[csl_name] = latex.decode_text(value) if "\\" in value else value.strip()
    if "DOI" in item:  # written as a link or "doi:10..." (the check warns): the DOI alone
        item["DOI"] = DOI_PREFIX.sub("", item["DOI"])
    url = entry.get("url")
    if url and url.strip():
        item["URL"] = url.strip()
    elif entry.get("eprint"):
        base = EPRINT_URLS.get(
            (entry.get("eprinttype") or entry.get("archiveprefix") or "").strip().lower())
        if base:
            item["URL"] = base + entry.get("eprint").strip()

    notes = [n for n in (ctx.text("note"), ctx.text("addendum")) if n]
    if notes and not is_periodical:
        item["note"] = ". ".join(notes)
    if ctx.langid:
        item["language"] = ctx.language

    for name in (entry.fields if own is None else own):
        if name not in KNOWN_FIELDS:
            ctx.report(rules.UNKNOWN_FIELD, f"field '{name}' has no CSL variable; it is kept "
                       "in the file but not rendered", field=name)
    return {k: v for k, v in item.items() if v not in (None, "", [])}
