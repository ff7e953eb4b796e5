"""CSL-JSON items as RIS, the tagged format reference managers (EndNote, Zotero, Mendeley)
import: one ``TAG  - value`` line per field, ``ER  -`` closing each record, CRLF line ends.

Types and tags follow the RIS specification as Zotero and EndNote read it (the CSL-to-RIS
mapping of Zotero's RIS translator, written here from its documented table).
"""
from __future__ import annotations

import re

RIS_TYPES = {
    "article-journal": "JOUR", "article-magazine": "MGZN", "article-newspaper": "NEWS",
    "article": "JOUR", "book": "BOOK", "chapter": "CHAP", "paper-conference": "CPAPER",
    "report": "RPRT", "thesis": "THES", "webpage": "ELEC", "post-weblog": "BLOG",
    "post": "ELEC", "dataset": "DATA", "motion_picture": "MPCT", "patent": "PAT",
    "legal_case": "CASE", "legislation": "STAT", "bill": "BILL", "map": "MAP",
    "manuscript": "MANSCPT", "software": "COMP", "entry-encyclopedia": "ENCYC",
    "entry-dictionary": "DICT", "broadcast": "VIDEO", "song": "SOUND", "graphic": "ART",
    "interview": "GEN", "speech": "SLIDE", "personal_communication": "PCOMM",
    "review": "JOUR", "review-book": "JOUR", "standard": "STAND", "pamphlet": "PAMP",
}

# CSL variable -> RIS tag, in the order records are written
_TEXT_TAGS = [
    ("title", "TI"), ("container-title", "T2"), ("collection-title", "T3"),
    ("container-title-short", "J2"), ("volume", "VL"), ("issue", "IS"), ("edition", "ET"),
    ("number", "M1"), ("publisher", "PB"), ("publisher-place", "CY"), ("ISBN", "SN"),
    ("ISSN", "SN"), ("DOI", "DO"), ("URL", "UR"), ("abstract", "AB"), ("language", "LA"),
    ("note", "N1"), ("archive", "DP"), ("call-number", "CN"), ("genre", "M3"),
]
_NAME_TAGS = [("author", "AU"), ("editor", "A2"), ("container-author", "A2"),
              ("collection-editor", "A3"), ("translator", "A4")]


def _line(tag: str, value) -> str:
    text = re.sub(r"\s+", " ", str(value)).strip()
    return f"{tag}  - {text}" if text else ""


def _name(name: dict) -> str:
    if "literal" in name:
        return str(name["literal"])
    family = " ".join(str(name[p]) for p in ("non-dropping-particle", "family") if name.get(p))
    given = " ".join(str(name[p]) for p in ("given", "dropping-particle") if name.get(p))
    text = ", ".join(p for p in (family, given) if p)
    return f"{text}, {name['suffix']}" if name.get("suffix") else text


def _date_parts(value) -> list[int] | None:
    if isinstance(value, dict):
        parts = value.get("date-parts")
        if parts and parts[0]:
            try:
                return [int(p) for p in parts[0][:3]]
            except (TypeError, ValueError):
                return None
    return None


def _ris_date(parts: list[int]) -> str:
    """RIS dates: YYYY/MM/DD/ with empty parts left empty ("2018/08//")."""
    padded = [f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:3]]
    padded += [""] * (3 - len(padded))
    return "/".join(padded) + "/"


def _pages(page: str) -> tuple[str, str]:
    parts = re.split(r"\s*[-–—]+\s*", str(page), maxsplit=1)
    return parts[0], parts[1] if len(parts) > 1 else ""


def record(item: dict) -> str:
    lines = [_line("TY", RIS_TYPES.get(str(item.get("type")), "GEN"))]
    for variable, tag in _NAME_TAGS:
        for name in item.get(variable) or []:
            if isinstance(name, dict):
                lines.append(_line(tag, _name(name)))
    for variable, tag in _TEXT_TAGS:
        if item.get(variable):
            lines.append(_line(tag, item[variable]))
    if item.get("page"):
        start, end = _pages(item["page"])
        lines.append(_line("SP", start))
        lines.append(_line("EP", end))
    issued = _date_parts(item.get("issued"))
    if issued:
        lines.append(_line("PY", f"{issued[0]:04d}"))
        lines.append(_line("DA", _ris_date(issued)))
    accessed = _date_parts(item.get("accessed"))
    if accessed:
        lines.append(_line("Y2", _ris_date(accessed)))
    lines.append(_line("ID", item.get("id", "")))
    lines.append("ER  - ")
    return "\r\n".join(line for line in lines if line) + "\r\n"


def to_ris(items: list[dict]) -> str:
    """Items as one RIS file (records separated by a blank line)."""
    return "\r\n".join(record(item) for item in items)
