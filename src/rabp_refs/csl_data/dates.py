"""Dates: biblatex's ISO 8601 date fields (ranges, circa), and BibTeX's year, month and day
with what people write in them (month ranges, days, seasons, year ranges)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .. import latex, rules

if TYPE_CHECKING:
    from .context import Context

MONTHS = {name: i for i, name in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
MONTHS.update({name[:3]: i for name, i in list(MONTHS.items())})
MONTHS["sept"] = 9


def map_dates(ctx: Context, item: dict) -> None:
    """The entry's dates: issued, accessed, the event's and the original's."""
    for csl_date, prefix, name in (("issued", "", "date"), ("accessed", "url", "urldate"),
                                   ("event-date", "event", "eventdate"),
                                   ("original-date", "orig", "origdate")):
        date = _date(ctx, name, prefix)
        if date:
            item[csl_date] = date


_ISO = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _date(ctx: Context, name: str, prefix: str) -> dict | None:
    raw = ctx.entry.get(name)
    if raw is not None and raw.strip():
        parsed = parse_edtf(raw.strip())
        if parsed is None:
            ctx.report(rules.BAD_DATE, f"date '{raw.strip()}' is not a valid YYYY, YYYY-MM or "
                       "YYYY-MM-DD (or a range of them); it is kept as written", field=name)
            return {"literal": latex.decode_text(raw)}
        return parsed
    year = ctx.entry.get(prefix + "year")
    if year is None or not year.strip():
        return None
    year_text = latex.decode_text(year).strip()
    span = year_range(year_text)
    if span:  # "1968--90" (xampl.bib's whole-set)
        return {"date-parts": [[span[0]], [span[1]]]}
    if not re.fullmatch(r"-?\d{1,4}", year_text):
        return {"literal": year_text}
    parts = [int(year_text)]
    month_raw = ctx.entry.get(prefix + "month")
    if month_raw and month_raw.strip():
        month = parse_month(month_raw)
        spanned = None if month is not None else _month_span(month_raw)
        if spanned:  # "July--August", "May/June", "September 4" (BibTeX's free text)
            return {"date-parts": [parts + p for p in spanned]}
        if month is None:
            ctx.report(rules.BAD_DATE, f"month '{month_raw.strip()}' not understood; use a "
                       "month macro (aug) or a number 1-12", field=prefix + "month")
        else:
            parts.append(month)
            day = whole_number(ctx.entry.get(prefix + "day") or "", 2)
            if day is not None:
                parts.append(day)
    return {"date-parts": [parts]}


def whole_number(text: str, digits: int) -> int | None:
    """``text`` as a number when it is 1 to ``digits`` ASCII digits; else None (int() reads
    other scripts' digits, and fails on "²" and on more than 4,300 digits)."""
    text = text.strip()
    if 0 < len(text) <= digits and text.isascii() and text.isdigit():
        return int(text)
    return None


_MONTH_RANGE = re.compile(r"^\s*([A-Za-z]+)\.?\s*(?:--?|–|/|,)\s*([A-Za-z]+)\.?\s*$")
_MONTH_DAY = re.compile(r"^\s*([A-Za-z]+)\.?\s+(\d{1,2})\s*$")
_DAY_MONTH = re.compile(r"^\s*(\d{1,2})\.?\s+([A-Za-z]+)\.?\s*$")


def _month_span(raw: str) -> list[list[int]] | None:
    """A month field that names two months or a month and its day: its date-parts (one or
    two of [month] or [month, day]); None when it is neither."""
    text = latex.decode_text(raw)
    m = _MONTH_RANGE.match(text)
    if m:
        first, last = parse_month(m.group(1)), parse_month(m.group(2))
        return [[first], [last]] if first and last else None
    m = _MONTH_DAY.match(text)
    if m and parse_month(m.group(1)) and 1 <= int(m.group(2)) <= 31:
        return [[parse_month(m.group(1)), int(m.group(2))]]
    m = _DAY_MONTH.match(text)  # "10~January" (xampl.bib)
    if m and parse_month(m.group(2)) and 1 <= int(m.group(1)) <= 31:
        return [[parse_month(m.group(2)), int(m.group(1))]]
    return None


# month = {Winter}: CSL's season "months" (21-24), as CSL-JSON writes seasons in date-parts
SEASONS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}


_YEAR_RANGE = re.compile(r"^(\d{4})\s*(?:--?|–|/)\s*(\d{2}|\d{4})$")


def year_range(text: str) -> tuple[int, int] | None:
    """A year field that spans years: "1968--90", "1999/2001" (the last year in full)."""
    m = _YEAR_RANGE.match(text)
    if not m:
        return None
    first, last = m.group(1), m.group(2)
    last = first[:4 - len(last)] + last
    return (int(first), int(last)) if int(last) > int(first) else None


def parse_month(raw: str) -> int | None:
    text = latex.decode_text(raw).strip().lower().rstrip(".")
    number = whole_number(text, 2)
    if number is not None:
        return number if 1 <= number <= 12 else None
    return MONTHS.get(text) or SEASONS.get(text)


def parse_edtf(raw: str) -> dict | None:
    """biblatex date fields: ISO 8601 dates and ranges (``2018/2019``), ``~`` and ``?``."""
    circa = raw.endswith(("~", "?", "%"))
    text = raw.rstrip("~?%")
    ranges = text.split("/")
    if len(ranges) > 2:
        return None
    parts = []
    for piece in ranges:
        if piece in ("", ".."):
            continue
        m = _ISO.match(piece.strip())
        if not m:
            return None
        date = [int(m.group(1))]
        for group in (2, 3):
            if m.group(group):
                date.append(int(m.group(group)))
        if len(date) > 1 and not 1 <= date[1] <= 12 and not 21 <= date[1] <= 24:
            return None
        if len(date) > 2 and not 1 <= date[2] <= 31:
            return None
        parts.append(date)
    if not parts:
        return None
    result: dict = {"date-parts": parts}
    if circa:
        result["circa"] = True
    return result
