"""``rabp-refs check``: every bad, missing or duplicate record, before it is published.

Reads; never changes a file. Each family of rules is a module with a ``check(context)``
function; all of them report through the rule objects of :mod:`rabp_refs.rules`. The result is
a list of diagnostics, sorted by file and line, for the CLI (or ``render``) to show.

This package sits above the mapping and the engine in the import order: duplicate detection
compares decoded values, and the style rule asks the engine what a style prints.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import bibtex, bibtex_write, csl_data, rules, sources
from ..diagnostics import Diagnostic, Severity
from ..fileio import read_bytes
from ..memory import collector_paused
from ..model import Bibliography, Entry

_CODE = re.compile(r"RB\d{3}")


@dataclass
class Record:
    """One entry of one file, with its CSL-JSON mapping (English titles left in the case
    they were typed in: no rule reads the sentence-cased form)."""

    entry: Entry
    item: dict
    bib: Bibliography

    @property
    def key(self) -> str:
        return self.entry.key

    def opted_out(self, code: str) -> bool:
        value = self.entry.get(rules.OPT_OUT_FIELD)
        return bool(value) and code in _CODE.findall(value)


@dataclass
class Context:
    bibliographies: list[Bibliography]
    records: list[Record]
    style: str | None = None
    engine: object = None  # the style's Engine, when the caller has one (else made for it)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def report(self, rule: rules.Rule, message: str, record: Record | None = None,
               field: str | None = None, *, line: int | None = None, file: str | None = None,
               hint: str | None = None, severity: Severity | None = None) -> None:
        if record is not None:
            if record.opted_out(rule.code):
                return
            file = file or record.entry.file
            if line is None:
                line = record.entry.field_line(field) if field else record.entry.line
        self.diagnostics.append(rule(message, file=file, line=line,
                                     key=record.key if record else None, field=field,
                                     hint=hint, severity=severity))


def _families():
    from . import duplicates, fields, keys, names, style, syntax, text, xrefs
    return [syntax.check, keys.check, duplicates.check, fields.check, names.check, text.check,
            xrefs.check, style.check]


def read(path: str | Path, data: bytes | None = None, strings: dict | None = None) -> Bibliography:
    """One input ("-" with its bytes for standard input): BibTeX as it is; CSL-JSON and RIS
    through their BibTeX form (see :func:`_through_bibtex`). ``strings``: the @string macros
    of the files read before (bibtex.parse)."""
    name = "<stdin>" if str(path) == "-" else str(path)
    if data is None:
        data = read_bytes(path)
    text, diagnostics = bibtex.read_text(data, name)
    fmt = sources.sniff_format(text, "" if str(path) == "-" else name)
    if fmt != "bibtex":
        bib = _through_bibtex(text, name, fmt)
    else:
        bib = bibtex.parse(text, file=name, strings=strings)
    bib.diagnostics[:0] = diagnostics
    if not bib.entries and not bib.strings and \
            not any(d.severity >= Severity.ERROR for d in bib.diagnostics):
        bib.diagnostics.append(sources.no_entries(name, fmt))
    return bib


def _through_bibtex(text: str, name: str, fmt: str) -> Bibliography:
    """CSL-JSON or RIS records written as BibTeX entries (bibtex_write) and read back, so
    that every rule applies to them; each finding points at the record's line in the
    original file (its "id" in CSL-JSON, its TY line in RIS), fields named as in BibTeX."""
    loaded = sources.load_text(text, name, fmt)
    bib = bibtex.parse(bibtex_write.to_bibtex(loaded.items), file=name)
    lines = _record_lines(text, fmt, loaded.items)
    for entry, item in zip(bib.entries, loaded.items):
        entry.line = lines.get(str(item.get("id")))
        entry.raw = None
        for f in entry.fields.values():
            f.line = entry.line
    bib.diagnostics = list(loaded.diagnostics)
    if fmt == "csl-json":
        for entry, item in zip(bib.entries, loaded.items):
            literal = {field for variable, field in bibtex_write.DATE_FIELDS.items()
                       if isinstance(item.get(variable), dict) and "literal" in item[variable]
                       and not item[variable].get("date-parts")}
            if literal:
                bib.literal_dates[entry.key] = literal
    return bib


def _record_lines(text: str, fmt: str, items: list[dict]) -> dict[str, int]:
    found: dict[str, int] = {}
    if fmt == "medline":  # each record's "PMID- " line, records in order
        starts = [n for n, line in enumerate(text.splitlines(), start=1)
                  if line.startswith("PMID-")]
        return {str(item.get("id")): line for item, line in zip(items, starts)}
    if fmt == "ris":
        start = None
        for number, line in enumerate(text.splitlines(), start=1):
            if line.startswith("TY  -"):
                start = number
            elif line.startswith("ID  -") and start is not None:
                found.setdefault(line[5:].strip(), start)
        return found
    for number, line in enumerate(text.splitlines(), start=1):
        m = re.search(r'"id"\s*:\s*"?([^",}]+)', line)
        if m:
            found.setdefault(m.group(1).strip(), number)
    return found


def check(bibliographies: list[Bibliography], style: str | None = None,
          select: list[str] | None = None, ignore: list[str] | None = None,
          engine=None) -> list[Diagnostic]:
    """All findings for these bibliographies (one or more files, checked together).
    ``style``: also what that CSL style prints (RB601), asked of ``engine`` (an Engine of
    that style) when given."""
    with collector_paused():
        return _check(bibliographies, style, select, ignore, engine)


def _check(bibliographies, style, select, ignore, engine) -> list[Diagnostic]:
    context = Context(bibliographies, [], style, engine)
    for bib in bibliographies:
        mapped = csl_data.to_csl(bib, sentence_case=False)
        # reading and mapping diagnostics, honouring per-entry opt-outs
        by_key = {e.key: e for e in bib.entries}
        for d in mapped.diagnostics:
            entry = by_key.get(d.key) if d.key else None
            value = entry.get(rules.OPT_OUT_FIELD) if entry else None
            if not (value and d.code in _CODE.findall(value)):
                context.diagnostics.append(d)
        # (an @xdata entry has no item: it is data for others, never printed)
        items = {item["id"]: item for item in mapped.items}
        context.records.extend(Record(e, items.get(e.key) or {"id": e.key, "type": "document"},
                                      bib) for e in bib.entries)
    for family in _families():
        family(context)
    literal = {(d_key, f) for bib in bibliographies
               for d_key, fields in bib.literal_dates.items() for f in fields}
    found = [d for d in context.diagnostics if _wanted(d.code, select, ignore)
             and not (d.code == rules.BAD_DATE.code and (d.key, d.field) in literal)]
    return sorted(found, key=lambda d: (d.file or "", d.line or 0, d.code, d.key or ""))


def _matches(code: str, patterns: list[str]) -> bool:
    for pattern in patterns:
        pattern = pattern.strip()
        rule = rules.RULES.get(code)
        if code.startswith(pattern.upper()) or (rule and rule.name == pattern):
            return True
    return False


def unknown_patterns(patterns: list[str]) -> list[tuple[str, list[str]]]:
    """The --select/--ignore patterns that name no rule (a code, a code prefix such as RB1,
    or a rule's name), each with the closest codes and names."""
    names = [r.name for r in rules.RULES.values()]
    unknown = []
    for pattern in patterns:
        if any(code.startswith(pattern.upper()) for code in rules.RULES) or pattern in names:
            continue
        close = difflib.get_close_matches(pattern.upper(), list(rules.RULES), n=3, cutoff=0.6)
        close += difflib.get_close_matches(pattern.lower(), names, n=3, cutoff=0.6)
        unknown.append((pattern, close[:3]))
    return unknown


def _wanted(code: str, select, ignore) -> bool:
    if select and not _matches(code, select):
        return False
    return not (ignore and _matches(code, ignore))


def worst(diagnostics: list[Diagnostic]) -> Severity | None:
    return max((d.severity for d in diagnostics), default=None)
