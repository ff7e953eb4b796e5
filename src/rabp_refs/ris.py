"""CSL-JSON items as RIS, the tagged format reference managers (EndNote, Zotero, Mendeley)
import: one ``TAG  - value`` line per field, ``ER  -`` closing each record, CRLF line ends.

Types and tags follow the RIS specification as Zotero and EndNote read it (the CSL-to-RIS
mapping of Zotero's RIS translator, written here from its documented table).
"""
from __future__ import annotations

import re

from .csl_json import first_date_parts
from .patterns import spaced

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
    ("title", "TI"), ("title-short", "ST"), ("container-title", "T2"), ("collection-title", "T3"),
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


def _ris_date(parts: list[int]) -> str:
    """RIS dates: YYYY/MM/DD/ with empty parts left empty ("2018/08//")."""
    padded = [f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:3]]
    padded += [""] * (3 - len(padded))
    return "/".join(padded) + "/"


_PAGE_DASH = spaced("[-–—]++")


def _pages(page: str) -> tuple[str, str]:
    parts = _PAGE_DASH.split(str(page), maxsplit=1)
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
    issued = first_date_parts(item.get("issued"))
    if issued:
        lines.append(_line("PY", f"{issued[0]:04d}"))
        lines.append(_line("DA", _ris_date(issued)))
    accessed = first_date_parts(item.get("accessed"))
    if accessed:
        lines.append(_line("Y2", _ris_date(accessed)))
    lines.append(_line("ID", item.get("id", "")))
    lines.append("ER  - ")
    return "\r\n".join(line for line in lines if line) + "\r\n"


def to_ris(items: list[dict]) -> str:
    """Items as one RIS file (records separated by a blank line)."""
    return "\r\n".join(record(item) for item in items)


# --- reading ------------------------------------------------------------------------------

_CSL_TYPES = {ris: csl for csl, ris in RIS_TYPES.items()}
# RIS types that several CSL types write, and types only other programs write
_CSL_TYPES.update({
    "JOUR": "article-journal", "JFULL": "article-journal", "ABST": "article-journal",
    "EJOUR": "article-journal", "INPR": "article-journal", "EBOOK": "book", "EDBOOK": "book",
    "ECHAP": "chapter", "CONF": "paper-conference", "ELEC": "webpage", "ICOMM": "webpage",
    "WEB": "webpage", "GEN": "document", "UNPB": "manuscript", "VIDEO": "motion_picture",
})
_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_NAME_TAGS_IN = {"AU": "author", "A1": "author", "A2": "editor", "ED": "editor",
                 "A3": "collection-editor", "A4": "translator"}
_TEXT_TAGS_IN = {"TI": "title", "T1": "title", "CT": "title", "ST": "title-short", "T2": "container-title",
                 "JO": "container-title", "JF": "container-title", "BT": "container-title",
                 "T3": "collection-title", "J2": "container-title-short",
                 "JA": "container-title-short", "VL": "volume", "IS": "issue", "ET": "edition",
                 "M1": "number", "PB": "publisher", "CY": "publisher-place", "DO": "DOI",
                 "UR": "URL", "AB": "abstract", "N2": "abstract", "LA": "language",
                 "N1": "note", "DP": "archive", "CN": "call-number", "M3": "genre"}
_IGNORED = {"ER", "TY", "ID", "SP", "EP", "PY", "Y1", "DA", "Y2", "SN", "KW", "L1", "L2",
            "L4", "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "RN", "AN", "DB",
            "NV", "OP", "RP", "SE", "CA", "LB", "U1", "U2", "U3", "U4", "U5", "AD", "M2"}


def _csl_name(text: str) -> dict:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) == 1:
        return {"literal": parts[0]}
    name = {"family": parts[0], "given": parts[1]}  # RIS: "Lastname, Firstname, Suffix"
    if len(parts) > 2 and parts[2]:
        name["suffix"] = ", ".join(parts[2:])
    return name


def _csl_date(text: str) -> dict | None:
    """RIS dates: "2018", "2018/08/31/", "2018/08//", "2018-08-31"."""
    parts = [p for p in re.split(r"[/-]", text.strip()) if p.strip()]
    try:
        numbers = [int(p) for p in parts[:3] if p.strip().isdigit()]
    except ValueError:
        return None
    if not numbers or not 0 < numbers[0] < 10000:
        return {"literal": text.strip()} if text.strip() else None
    return {"date-parts": [numbers]}


def read(text: str, file: str = "<ris>") -> tuple[list[dict], list]:
    """RIS text -> (CSL-JSON items, diagnostics). Lines that are not "TAG  - value" continue
    the value above them (abstracts run over several lines); a record needs TY and ER."""
    from . import rules

    items: list[dict] = []
    diagnostics = []
    # each line of a record: its tag, its value's lines, its line number
    record: list[tuple[str, list[str], int]] | None = None
    last = None
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        m = _TAG_LINE.match(line.rstrip())
        if not m:
            if line.strip() and record is not None and last is not None:
                record[last][1].append(line.strip())  # joined once, when the record ends
            elif line.strip():
                diagnostics.append(rules.BAD_RIS(
                    f"text outside a record: {line.strip()[:40]!r}", file=file, line=number))
            continue
        tag, value = m.group(1), (m.group(2) or "").strip()
        if tag == "TY":
            if record is not None:
                diagnostics.append(rules.BAD_RIS("a record without ER (its end); read up to "
                                                 "the next TY", file=file, line=record[0][2]))
                items.append(_item(record, file, diagnostics))
            record, last = [(tag, [value], number)], 0
        elif record is None:
            diagnostics.append(rules.BAD_RIS(f"{tag} before any TY (the start of a record)",
                                             file=file, line=number))
        elif tag == "ER":
            items.append(_item(record, file, diagnostics))
            record, last = None, None
        else:
            record.append((tag, [value], number))
            last = len(record) - 1
    if record is not None:
        diagnostics.append(rules.BAD_RIS("the last record has no ER (its end)", file=file,
                                         line=record[0][2]))
        items.append(_item(record, file, diagnostics))
    if not items and text.strip():
        diagnostics.append(rules.BAD_RIS("no RIS record (a record starts with 'TY  - ')",
                                         file=file, line=1, severity=rules.E))
    unique_ids(items)
    return items, diagnostics


def _item(lines: list[tuple[str, list[str], int]], file: str, diagnostics: list) -> dict:
    from . import rules

    record = [(tag, " ".join(value), line) for tag, value, line in lines]
    ris_type = record[0][1].upper()
    item: dict = {"type": _CSL_TYPES.get(ris_type, "document")}
    if ris_type not in _CSL_TYPES:
        diagnostics.append(rules.BAD_RIS(f"unknown RIS type {ris_type!r}; read as a document",
                                         file=file, line=record[0][2]))
    start = end = ""
    keywords = []
    for tag, value, line in record[1:]:
        if not value:
            continue
        if tag in _NAME_TAGS_IN:
            item.setdefault(_NAME_TAGS_IN[tag], []).append(_csl_name(value))
        elif tag in _TEXT_TAGS_IN:
            item.setdefault(_TEXT_TAGS_IN[tag], value)
        elif tag == "SP":
            start = value
        elif tag == "EP":
            end = value
        elif tag in ("PY", "Y1", "DA"):
            date = _csl_date(value)
            current = item.get("issued", {}).get("date-parts", [[]])[0]
            if date and len(date.get("date-parts", [[]])[0]) > len(current):
                item["issued"] = date
        elif tag == "Y2":
            item["accessed"] = _csl_date(value)
        elif tag == "SN":
            item["ISBN" if item["type"] in ("book", "chapter") else "ISSN"] = value
        elif tag == "KW":
            keywords.append(value)
        elif tag == "ID":
            item["id"] = value
        elif tag not in _IGNORED:
            diagnostics.append(rules.BAD_RIS(f"tag {tag} is not read", file=file, line=line,
                                             severity=rules.I))
    if start:
        item["page"] = f"{start}–{end}" if end and end != start else start
    if keywords:
        item["keyword"] = ", ".join(keywords)
    if item["type"] == "book" and "container-title" in item and "title" not in item:
        item["title"] = item.pop("container-title")
    return item


def unique_ids(items: list[dict]) -> None:
    """Items without an ID get "familyYEAR" (a, b... when taken), as BibTeX keys go. The
    suffixes of a base are tried on from the last one given (the IDs taken only grow): tried
    from "a" for each item, 20,000 records with no author and year took 40 s."""
    taken = {str(i["id"]) for i in items if i.get("id")}
    suffixes: dict[str, int] = {}  # base -> the suffix number its last item was given
    for item in items:
        if item.get("id"):
            continue
        names = item.get("author") or item.get("editor") or [{}]
        first = names[0].get("family") or names[0].get("literal") or "item"
        year = str((item.get("issued") or {}).get("date-parts", [[""]])[0][0] or "")
        base = re.sub(r"[^\w]+", "", first.lower()) + year or "item"
        n = suffixes.get(base, 0)
        key = _with_suffix(base, n)
        while key in taken:
            n += 1
            key = _with_suffix(base, n)
        suffixes[base] = n
        taken.add(key)
        item["id"] = key


def _with_suffix(base: str, n: int) -> str:
    """The ``n``-th key of a base: the base, then with a, b ... z, then -27, -28 ..."""
    return base if n == 0 else base + chr(ord("a") + n - 1) if n <= 26 else f"{base}-{n}"
