"""PubMed's MEDLINE format (PubMed's "Save: PubMed format", ``.nbib`` files) -> CSL-JSON items.

The format, as NLM documents it ("MEDLINE/PubMed Data Element (Field) Descriptions"): one
record per article, starting ``PMID- ``, records separated by blank lines; each line a tag of up
to four letters padded to four, ``- `` and the value; a line opening with six spaces continues
the value above it. Tags read:

- ``FAU`` full author names ("Neva, Markku H"), ``AU`` ("Neva MH") where a record has no FAU;
  ``FED``/``ED`` editors the same way;
- ``TI`` title (MEDLINE ends it with a period; a book's ``BTI``), ``JT`` journal title, ``TA``
  its NLM abbreviation (CSL ``container-title-short``);
- ``DP`` publication date ("1996 Jul 9", "2011 Sep", "2017 Jan-Feb", "2018 Spring"), ``VI``,
  ``IP``, ``PG`` pages (abbreviated as MEDLINE writes them: "1635-9" is 1635-1639; a single
  e-article number such as "252456" or "e0123" is CSL ``number``), ``AID ... [doi]`` (or
  ``LID``), ``PMID``, ``PMC``, ``IS`` (the first ISSN), ``AB``, ``LA``, ``PT`` the type.

MEDLINE titles are in sentence case, with a hyphen between spaces for a dash and a lower-case
word after a colon; journal titles in NLM's catalogue case ("The spine journal : official
journal of the North American Spine Society"). Items are given what BibTeX data gives: the
first word after a colon capitalised (as the BibTeX mapping does, as APA asks), an en dash,
and the journal's title in title case, without NLM's subtitle and place qualifier.
"""
from __future__ import annotations

import re

from . import rules
from .diagnostics import Diagnostic
from .csl_data import whole_number
from .ris import unique_ids

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]{1,3}) {0,2}- ?(.*)$")
_CONTINUATION = "      "

MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
SEASONS = {"spring": 1, "summer": 2, "fall": 3, "autumn": 3, "winter": 4}

# PT (publication type) -> CSL type; the first a record has that is listed wins
PUBLICATION_TYPES = {
    "journal article": "article-journal", "review": "article-journal",
    "letter": "article-journal", "editorial": "article-journal", "comment": "article-journal",
    "case reports": "article-journal", "clinical trial": "article-journal",
    "randomized controlled trial": "article-journal", "meta-analysis": "article-journal",
    "systematic review": "article-journal", "news": "article-newspaper",
    "newspaper article": "article-newspaper", "preprint": "article", "dataset": "dataset",
    "book": "book", "books and documents": "book", "book chapter": "chapter",
    "congress": "paper-conference", "guideline": "report", "practice guideline": "report",
    "technical report": "report", "dissertation": "thesis", "patent": "patent",
}
# Tags read, besides those of names, titles and dates handled below
_TEXT_TAGS = {"VI": "volume", "IP": "issue", "AB": "abstract", "TA": "container-title-short",
              "PMID": "PMID", "PMC": "PMCID", "PB": "publisher", "CTI": "collection-title",
              "EN": "edition"}
_READ_APART = frozenset({"FAU", "AU", "FED", "ED", "TI", "BTI", "JT", "DP", "PG", "PT", "LA"})
# Tags that hold nothing CSL renders (indexing, dates of processing, affiliations)
_NOT_RENDERED = frozenset("""OWN STAT DCOM LR DA CRDT EDAT MHDA PHST PST SO JID SB MH OT OTO
    GR CIN CON EIN EFR CRI DEP SI RN NM AD AUID IR FIR GS GN CN OID OAB OABL PS FPS PL CI
    LID AID IS SFM SPIN RF TT IRAD ORI DRDT RIN ROF UIN UOF PRIN PROF ECI ECF RPI RPF""".split())
_MINOR_WORDS = frozenset("""a an and as at but by for from in into nor of on or the to
    with via per vs""".split())


def read(text: str, file: str = "<medline>") -> tuple[list[dict], list[Diagnostic]]:
    """MEDLINE text -> (CSL-JSON items, diagnostics, each with its line)."""
    items: list[dict] = []
    diagnostics: list[Diagnostic] = []
    record: list[list] = []  # [tag, value, line]
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip():
            continue
        if line.startswith(_CONTINUATION) and record:
            record[-1][1] += " " + line.strip()
            continue
        m = _TAG_LINE.match(line.rstrip())
        if not m:
            diagnostics.append(rules.BAD_MEDLINE(
                f"not a 'TAG - value' line: {line.strip()[:40]!r}", file=file, line=number))
            continue
        tag, value = m.group(1), m.group(2).strip()
        if tag == "PMID" and record:
            items.append(_item(record, file, diagnostics))
            record = []
        if not record and tag != "PMID":
            diagnostics.append(rules.BAD_MEDLINE(
                f"{tag} before the record's PMID (a record starts with 'PMID- ')", file=file,
                line=number, severity=rules.I))
        record.append([tag, value, number])
    if record:
        items.append(_item(record, file, diagnostics))
    if not items and text.strip():
        diagnostics.append(rules.BAD_MEDLINE(
            "no MEDLINE record (a record starts with 'PMID- ')", file=file, line=1,
            severity=rules.E))
    unique_ids(items)
    return items, diagnostics


def _item(record: list[list], file: str, diagnostics: list[Diagnostic]) -> dict:
    def report(message, line, severity=None):
        diagnostics.append(rules.BAD_MEDLINE(message, file=file, line=line,
                                             severity=severity))

    values: dict[str, list[tuple[str, int]]] = {}
    for tag, value, line in record:
        if value:
            values.setdefault(tag, []).append((value, line))
    first = {tag: found[0][0] for tag, found in values.items()}
    item: dict = {"type": _type(values.get("PT", []))}
    for full, short, variable in (("FAU", "AU", "author"), ("FED", "ED", "editor")):
        names = [_full_name(v) for v, _ in values.get(full, [])] or \
                [_short_name(v) for v, _ in values.get(short, [])]
        if names:
            item[variable] = names
    if "TI" in first:
        item["title"] = title(first["TI"])
    elif "BTI" in first:
        item["title"] = title(first["BTI"])
    else:
        report("a record without a title (TI)", record[0][2], rules.W)
    if "JT" in first:
        item["container-title"] = journal_title(first["JT"])
    for tag, variable in _TEXT_TAGS.items():
        if tag in first and variable not in item:
            item[variable] = first[tag]
    if "DP" in first:
        date = publication_date(first["DP"])
        if "literal" in date:
            report(f"publication date {first['DP']!r} not understood; kept as written",
                   values["DP"][0][1], rules.W)
        item["issued"] = date
    if "PG" in first:
        pages, number = page_range(first["PG"])
        if number:
            item["number"] = number
        else:
            item["page"] = pages
    for tag in ("AID", "LID"):
        for value, _ in values.get(tag, []):
            if value.endswith("[doi]") and "DOI" not in item:
                item["DOI"] = value[:-len("[doi]")].strip()
    if "IS" in first:
        item["ISSN"] = first["IS"].split()[0]
    if "LA" in first:
        item["language"] = {"eng": "en", "ger": "de", "fre": "fr", "spa": "es", "ita": "it",
                            "jpn": "ja", "chi": "zh", "rus": "ru", "por": "pt", "dut": "nl",
                            "swe": "sv", "fin": "fi", "pol": "pl"}.get(first["LA"], first["LA"])
    for tag, found in values.items():
        if tag not in _TEXT_TAGS and tag not in _NOT_RENDERED and tag not in _READ_APART:
            report(f"tag {tag} is not read", found[0][1], rules.I)
    return {k: v for k, v in item.items() if v}


def _type(publication_types: list[tuple[str, int]]) -> str:
    for value, _ in publication_types:
        csl = PUBLICATION_TYPES.get(value.lower())
        if csl:
            return csl
    return "article-journal"


def _full_name(value: str) -> dict:
    """FAU: "Neva, Markku H" (initials without periods), "Gillick, John L", a group's name."""
    family, comma, given = value.partition(",")
    if not comma:
        return {"literal": value.strip()}
    given = re.sub(r"\b([A-Z])(?=\s|$)", r"\1.", given.strip())
    return {"family": family.strip(), "given": given}


def _short_name(value: str) -> dict:
    """AU: "Neva MH" (initials last, run together)."""
    family, _, initials = value.strip().rpartition(" ")
    if not family or not initials.isupper():
        return {"literal": value.strip()}
    return {"family": family, "given": " ".join(f"{c}." for c in initials)}


def title(value: str) -> str:
    """A MEDLINE title as a CSL title: its closing period off (MEDLINE adds one; "[...]" of a
    translated title kept), a spaced hyphen as an en dash, the first word after a colon or a
    stop capitalised."""
    text = value.strip()
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
    text = text.replace(" - ", " – ")
    return re.sub(r"([:.?!] +)([a-z])(?=[a-z]*\b)", lambda m: m.group(1) + m.group(2).upper(),
                  text)


# a parenthesised qualifier that ends a title, with the spaces around it, matched only from
# the start of those spaces: searched from every space of a long run, it took time quadratic
# in the run (40,000 spaces before it: 3.8 s)
_PLACE_QUALIFIER = re.compile(r"(?<!\s)\s*+\([^()]*+\)\s*+$")


def journal_title(value: str) -> str:
    """NLM's journal title in title case, without its subtitle (" : ...") and its place
    qualifier ("Rheumatology (Oxford, England)" -> "Rheumatology")."""
    name = value.split(" : ")[0]
    name = _PLACE_QUALIFIER.sub("", name).strip()
    words = name.split(" ")
    return " ".join(w if (i and w.lower() in _MINOR_WORDS) or not w[:1].islower()
                    else w[0].upper() + w[1:] for i, w in enumerate(words))


def publication_date(value: str) -> dict:
    """DP: "1996 Jul 9", "2011 Sep", "2017 Jan-Feb" (the first month), "2018 Spring",
    "2015"; anything else a literal date."""
    parts = value.split()
    if not parts or not re.fullmatch(r"\d{4}", parts[0]):
        return {"literal": value}
    date: list[int] = [int(parts[0])]
    if len(parts) > 1:
        word = parts[1].split("-")[0].lower()
        if word[:3] in MONTHS:
            date.append(MONTHS[word[:3]])
            day = whole_number(parts[2].split("-")[0], 2) if len(parts) > 2 else None
            if day is not None and 1 <= day <= 31:  # ("²", 20 digits: no day)
                date.append(day)
        elif word in SEASONS:
            return {"date-parts": [date], "season": SEASONS[word]}
        else:
            return {"literal": value}
    return {"date-parts": [date]}


def page_range(value: str) -> tuple[str, str | None]:
    """(pages, None) with the last page written in full ("1635-9" -> "1635–1639"), or
    ("", number) for an e-article number ("252456", "e0123456")."""
    value = value.strip()
    first, dash, last = value.partition("-")
    if not dash:
        if re.fullmatch(r"[eE]\d+|\d{5,}", value):
            return "", value
        return value, None
    first, last = first.strip(), last.strip()
    if first.isdigit() and last.isdigit() and len(last) < len(first):
        last = first[:len(first) - len(last)] + last
    return f"{first}–{last}", None
