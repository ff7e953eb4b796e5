"""RB2xx field values and required fields (BibTeX and biblatex data models)."""
from __future__ import annotations

import calendar
import re
from urllib.parse import urlparse

from .. import inheritance, latex, rules
from ..diagnostics import Severity
from ..csl_data import ENGLISH, LANGUAGES, MONTHS, whole_number, year_range
from ..patterns import DOI_PREFIX, spaced

# Required fields: each tuple is a set of alternatives (one of them is enough).
BIBTEX_REQUIRED = {
    "article": [("author",), ("title",), ("journal", "journaltitle"), ("year", "date")],
    "book": [("author", "editor"), ("title",), ("publisher",), ("year", "date")],
    "booklet": [("title",)],
    "inbook": [("author", "editor"), ("title",), ("chapter", "pages"), ("publisher",),
               ("year", "date")],
    "incollection": [("author",), ("title",), ("booktitle",), ("publisher",), ("year", "date")],
    "inproceedings": [("author",), ("title",), ("booktitle",), ("year", "date")],
    "conference": [("author",), ("title",), ("booktitle",), ("year", "date")],
    "manual": [("title",)],
    "mastersthesis": [("author",), ("title",), ("school", "institution"), ("year", "date")],
    "phdthesis": [("author",), ("title",), ("school", "institution"), ("year", "date")],
    "proceedings": [("title",), ("year", "date")],
    "techreport": [("author",), ("title",), ("institution", "school"), ("year", "date")],
    "unpublished": [("author",), ("title",), ("note",)],
}
_DATE = ("date", "year")
BIBLATEX_REQUIRED = {
    "article": [("author",), ("title",), ("journaltitle", "journal"), _DATE],
    "book": [("author",), ("title",), _DATE], "mvbook": [("author",), ("title",), _DATE],
    "inbook": [("author",), ("title",), ("booktitle",), _DATE],
    "bookinbook": [("author",), ("title",), ("booktitle",), _DATE],
    "booklet": [("author", "editor"), ("title",), _DATE],
    "collection": [("editor",), ("title",), _DATE],
    "incollection": [("author",), ("title",), ("booktitle",), _DATE],
    "manual": [("author", "editor"), ("title",), _DATE],
    "misc": [("author", "editor"), ("title",), _DATE],
    "online": [("author", "editor"), ("title",), _DATE, ("url", "doi", "eprint")],
    "patent": [("author",), ("title",), ("number",), _DATE],
    "periodical": [("editor",), ("title",), _DATE],
    "proceedings": [("title",), _DATE],
    "inproceedings": [("author",), ("title",), ("booktitle",), _DATE],
    "report": [("author",), ("title",), ("type",), ("institution", "school"), _DATE],
    "thesis": [("author",), ("title",), ("type",), ("institution", "school"), _DATE],
    "unpublished": [("author",), ("title",), _DATE],
    "dataset": [("author", "editor"), ("title",), _DATE],
    "software": [("author", "editor"), ("title",), _DATE],
}
# What says an entry is written for biblatex rather than BibTeX.
BIBLATEX_ONLY_TYPES = set(BIBLATEX_REQUIRED) - set(BIBTEX_REQUIRED) - {"misc"}
BIBLATEX_ONLY_FIELDS = {"date", "journaltitle", "location", "urldate", "langid", "eventdate",
                        "origdate", "maintitle", "subtitle", "titleaddon", "eid"}

_RANGE = re.compile(r"^\s*([A-Za-z]*)(\d+)\s*(-+|–|—)\s*([A-Za-z]*)(\d+)\s*$")
_BCP47 = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|\d{3}))?$")
_ORDINAL = re.compile(r"^\s*(\d+\s*(st|nd|rd|th|\.)|first|second|third|fourth|fifth|sixth|"
                      r"seventh|eighth|ninth|tenth)\s*(ed\.?|edition)?\s*$", re.I)
_COMMAS = spaced(",")
# ISBNs, ISSNs: "a, b; c and d" (linear as patterns.spaced is; "and" needs its own spaces)
_NUMBER_LIST = re.compile(r"(?:(?<![^\\]\s)|(?=[,;]))(?:\s*+[,;]\s*+|\s++and\s++)")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


def check(ctx) -> None:
    by_key = {r.key.lower(): r.entry for r in ctx.records}
    resolved: dict = {}  # each parent resolved once (inheritance.resolve)
    for record in ctx.records:
        _required(ctx, record, by_key, resolved)
        entry = record.entry
        for name in ("year", "urlyear", "origyear", "eventyear"):
            if entry.get(name):
                _year(ctx, record, name)
        for name in ("date", "urldate", "eventdate", "origdate"):
            if entry.get(name):
                _calendar_date(ctx, record, name)
        if entry.get("day") and entry.get("month"):
            _day(ctx, record)
        if entry.get("pages"):
            _pages(ctx, record)
        _volume_number(ctx, record)
        if entry.get("doi"):
            _doi(ctx, record)
        if entry.get("url"):
            _url(ctx, record)
        if entry.get("isbn"):
            _isbn(ctx, record)
        if entry.get("issn"):
            _issn(ctx, record)
        edition = entry.get("edition")
        if edition and _ORDINAL.match(edition):
            number = re.match(r"\d+", edition.strip())
            ctx.report(rules.BAD_EDITION, f"edition '{edition}' is written as an ordinal",
                       record, "edition",
                       hint=f"write the number: edition = {{{number.group() if number else 2}}}")
        for name in ("langid", "language", "hyphenation"):
            value = (entry.get(name) or "").strip()
            if value and value.lower() not in LANGUAGES and value.lower() not in ENGLISH \
                    and not _BCP47.match(value):
                ctx.report(rules.BAD_LANGUAGE, f"{name} '{value}' is neither a babel language "
                           "name nor a BCP 47 tag", record, name)


def _required(ctx, record, by_key, resolved) -> None:
    """Required fields, the inherited ones (crossref, xdata: biblatex's Appendix B) counted."""
    entry = inheritance.resolve(record.entry, by_key, resolved)
    biblatex = entry.type in BIBLATEX_ONLY_TYPES or any(f in entry.fields
                                                        for f in BIBLATEX_ONLY_FIELDS)
    model = BIBLATEX_REQUIRED if biblatex else BIBTEX_REQUIRED
    required = model.get(entry.type)
    if required is None:
        return
    present = {name for name, f in entry.fields.items() if f.value.strip()}
    crossref = (entry.get("crossref") or "").strip().lower()
    if crossref and crossref not in by_key:  # a missing parent is RB501's finding
        present |= {"booktitle", "publisher", "year", "date", "editor", "title"}
    missing = [" or ".join(group) for group in required if not present & set(group)]
    if missing:
        ctx.report(rules.MISSING_FIELD, f"@{entry.type} needs {', '.join(missing)} "
                   f"({'biblatex' if biblatex else 'BibTeX'} data model)", record,
                   hint="add the missing fields, or 'rabp-ignore = {RB210}' with the reason "
                   "they cannot be had")


def _year(ctx, record, name) -> None:
    value = record.entry.get(name).strip()
    if "\\" in value or "{" in value:  # "{\noopsort{1985a}}1985" is 1985 (sort-only prefix)
        value = latex.decode_text(value)
    if year_range(value):  # "1968--90": a work published over several years
        return
    if re.fullmatch(r"\d{4}", value):
        if value == "0000":
            ctx.report(rules.BAD_DATE, f"{name} '0000' is a placeholder, not a year", record, name)
    elif value.lower() not in ("forthcoming", "in press", "inpress", "n.d.", "nodate"):
        ctx.report(rules.BAD_DATE, f"{name} '{value}' is not a four-digit year", record, name)


def _calendar_date(ctx, record, name) -> None:
    for piece in record.entry.get(name).strip().rstrip("~?%").split("/"):
        m = re.fullmatch(r"(-?\d{4})-(\d{2})-(\d{2})", piece.strip())
        if m:
            year, month, day = (int(g) for g in m.groups())
            if 1 <= month <= 12 and not 1 <= day <= calendar.monthrange(year, month)[1]:
                ctx.report(rules.BAD_DATE, f"{name} '{piece.strip()}': {calendar.month_name[month]}"
                           f" {year} has no day {day}", record, name)


def _day(ctx, record) -> None:
    month = MONTHS.get(record.entry.get("month").strip().lower().rstrip("."))
    if month is None:
        month = whole_number(record.entry.get("month"), 2)
    day = record.entry.get("day").strip()
    number, year = whole_number(day, 9), whole_number(record.entry.get("year") or "2000", 9)
    if month and number is not None and year is not None and 1 <= month <= 12:
        if not 1 <= number <= calendar.monthrange(year, month)[1]:
            ctx.report(rules.BAD_DATE, f"day '{day}' does not exist in "
                       f"{calendar.month_name[month]} {year}", record, "day")


def _pages(ctx, record) -> None:
    value = record.entry.get("pages")
    for part in _COMMAS.split(value.strip()):
        m = _RANGE.match(part)
        if not m:
            continue
        prefix1, first, dash, prefix2, last = m.groups()
        if int(last) < int(first):
            if len(last) < len(first):
                full = first[:len(first) - len(last)] + last
                ctx.report(rules.PAGE_RANGE, f"page range '{part}' looks abbreviated", record,
                           "pages", hint=f"write it in full: {prefix1}{first}--{prefix2}{full}")
            else:
                ctx.report(rules.PAGE_RANGE, f"page range '{part}' runs backwards", record,
                           "pages", hint="check the first and last pages")
        elif dash != "--" or " " in part:
            ctx.report(rules.PAGE_RANGE, f"page range '{part}' should be written "
                       f"{prefix1}{first}--{prefix2}{last}", record, "pages",
                       severity=Severity.INFO,
                       hint="BibTeX writes ranges with two hyphens and no spaces")


def _volume_number(ctx, record) -> None:
    volume = (record.entry.get("volume") or "").strip()
    if re.fullmatch(r"\d+\s*\(\s*[\w-]+\s*\)", volume):
        ctx.report(rules.VOLUME_NUMBER, f"volume '{volume}' holds the issue in parentheses",
                   record, "volume", hint="volume = {" + volume.split("(")[0].strip() +
                   "}, number = {" + volume.split("(")[1].rstrip(") ").strip() + "}")
    elif re.match(r"(vol\.?|volume)\s*\d", volume, re.I):
        ctx.report(rules.VOLUME_NUMBER, f"volume '{volume}' has a prefix; styles add their own",
                   record, "volume")
    for name in ("number", "issue"):
        value = (record.entry.get(name) or "").strip()
        if re.match(r"(no\.?|nr\.?|number|issue)\s*\d", value, re.I):
            ctx.report(rules.VOLUME_NUMBER, f"{name} '{value}' has a prefix; styles add their "
                       "own", record, name)


def _doi(ctx, record) -> None:
    value = record.entry.get("doi").strip()
    bare = DOI_PREFIX.sub("", value)
    if bare != value and _DOI.match(bare):
        ctx.report(rules.BAD_DOI, f"doi '{value}' is not a bare DOI", record, "doi",
                   hint=f"write doi = {{{bare}}}")
    elif not _DOI.match(bare):
        ctx.report(rules.BAD_DOI, f"doi '{value}' is not a DOI (10.prefix/suffix)", record,
                   "doi")


def _url(ctx, record) -> None:
    value = record.entry.get("url").strip()
    try:
        parsed = urlparse(value)
    except ValueError as exc:  # "http://[x": an unclosed IPv6 address
        ctx.report(rules.BAD_URL, f"url '{value[:60]}' cannot be read as an address ({exc})",
                   record, "url")
        return
    if re.search(r"\s", value):
        ctx.report(rules.BAD_URL, "url contains white space", record, "url")
    elif parsed.scheme not in ("http", "https", "ftp") or not parsed.netloc:
        ctx.report(rules.BAD_URL, f"url '{value[:60]}' is not an absolute http(s) or ftp "
                   "address", record, "url")


def isbn_ok(isbn: str) -> bool:
    digits = re.sub(r"[\s-]", "", isbn).upper()
    if re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
        return total % 11 == 0
    if re.fullmatch(r"\d{13}", digits):
        return sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(digits)) % 10 == 0
    return False


def issn_ok(issn: str) -> bool:
    digits = re.sub(r"[\s-]", "", issn).upper()
    if not re.fullmatch(r"\d{7}[\dX]", digits):
        return False
    total = sum((8 - i) * int(c) for i, c in enumerate(digits[:7]))
    check = 10 if digits[7] == "X" else int(digits[7])
    return (total + check) % 11 == 0


# what a real ISBN/ISSN field holds besides the numbers: "(print)", "(paperback)", "ISBN-13:"
_QUALIFIER = re.compile(r"\([^()]*\)")
_LABEL = re.compile(r"^(?:e-?|p-?)?(?:ISBN|ISSN)(?:-1[03])?\s*:?\s*", re.I)


def wrong_numbers(value: str, ok) -> list[str]:
    """The numbers of an ISBN or ISSN field that ``ok`` rejects: several may be listed (",",
    ";", "and", or spaces between whole numbers), each with a qualifier ("0028-0836
    (print)") or a label ("ISBN-13: ...")."""
    wrong = []
    for piece in _NUMBER_LIST.split(value.strip()):  # (linear on a long run of spaces)
        number = _LABEL.sub("", _QUALIFIER.sub(" ", piece).strip()).strip()
        if not number or ok(number):
            continue
        words = number.split()
        if len(words) > 1 and all(ok(_LABEL.sub("", w)) for w in words):
            continue  # "0-201-13448-9 0-201-13447-0": numbers side by side
        wrong.append(piece.strip())
    return wrong


def _isbn(ctx, record) -> None:
    for isbn in wrong_numbers(record.entry.get("isbn"), isbn_ok):
        ctx.report(rules.BAD_ISBN, f"ISBN '{isbn}' has a wrong check digit or length",
                   record, "isbn")


def _issn(ctx, record) -> None:
    for issn in wrong_numbers(record.entry.get("issn"), issn_ok):
        ctx.report(rules.BAD_ISSN, f"ISSN '{issn}' has a wrong check digit or length",
                   record, "issn")
