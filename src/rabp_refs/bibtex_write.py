"""CSL-JSON items written as BibTeX or biblatex entries (``convert --to bibtex|biblatex``).

The inverse of csl_data's mapping, so that BibTeX -> CSL -> BibTeX -> CSL gives the same items
(a test proves it on the project's corpora): entry types by the table below, names as
"Family, Given" (particles first, "Family, Jr., Given"; institutions in braces), titles with
every word that carries a capital beyond its first letter, or any capital after the first
word, in braces (so sentence-casing readers keep them), CSL rich text as LaTeX commands,
dates as biblatex ``date`` or BibTeX ``year``/``month``, page ranges with ``--``.

This writes *new* entries from CSL data. A BibTeX file converted to BibTeX is copied as it is
(see cli.convert): nothing the user wrote is rewritten unless they ask for it.
"""
from __future__ import annotations

import re

from . import csl_data, rules
from .csl_json import first_date_parts
from .diagnostics import Diagnostic
from .output import richtext
from .output.writers import LATEX_SPECIALS
from .patterns import spaced

# CSL type -> (BibTeX type, biblatex type)
ENTRY_TYPES = {
    "article-journal": ("article", "article"), "article": ("article", "article"),
    "article-magazine": ("article", "article"), "article-newspaper": ("article", "article"),
    "review": ("article", "review"), "review-book": ("article", "review"),
    "book": ("book", "book"), "chapter": ("incollection", "incollection"),
    "paper-conference": ("inproceedings", "inproceedings"), "report": ("techreport", "report"),
    "thesis": ("phdthesis", "thesis"), "webpage": ("misc", "online"),
    "post": ("misc", "online"), "post-weblog": ("misc", "online"),
    "manuscript": ("unpublished", "unpublished"), "dataset": ("misc", "dataset"),
    "software": ("misc", "software"), "patent": ("misc", "patent"),
    "pamphlet": ("booklet", "booklet"), "entry-encyclopedia": ("incollection", "inreference"),
    "entry-dictionary": ("incollection", "inreference"),
    "motion_picture": ("misc", "movie"), "song": ("misc", "audio"),
    "graphic": ("misc", "artwork"), "legal_case": ("misc", "jurisdiction"),
    "legislation": ("misc", "legislation"), "standard": ("misc", "standard"),
    "personal_communication": ("misc", "letter"), "map": ("misc", "map"),
    "periodical": ("misc", "periodical"), "performance": ("misc", "performance"),
    "treaty": ("misc", "legal"),
}
_IN_A_BOOK = {"incollection", "inproceedings", "inreference", "inbook"}
_BOOKS = {"book", "incollection", "inproceedings", "inreference", "inbook", "proceedings",
          "collection", "reference"}
MONTH_MACROS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                "dec"]

_PAGE_DASH = spaced("[-–—]++")  # "12 – 19" -> "12--19"
_SPECIAL_RE = re.compile("[" + re.escape("".join(LATEX_SPECIALS)) + "]")
_COMMANDS = {richtext.ITALIC: "\\textit", richtext.BOLD: "\\textbf",
             richtext.SMALL_CAPS: "\\textsc", richtext.SUPERSCRIPT: "\\textsuperscript",
             richtext.SUBSCRIPT: "\\textsubscript", richtext.UPRIGHT: "\\textup",
             richtext.UNDERLINE: "\\underline"}


def escape(text: str) -> str:
    return _SPECIAL_RE.sub(lambda m: LATEX_SPECIALS[m.group()], text)


def _protect_words(text: str, first: bool) -> str:
    """Braces around words a sentence-casing reader must not lower-case."""
    def protect(m: re.Match) -> str:
        word = m.group()
        nonlocal first
        is_first, first = first, False
        capitals = [c for c in word if c.isupper()]
        if is_first and word[:1].islower():
            return "{" + word + "}"  # "spinetools": a reader would capitalise it
        if not capitals or (is_first and word[0].isupper() and len(capitals) == 1):
            return word
        return "{" + word + "}"
    return re.sub(r"[^\s{}\\]+", protect, text)


def _markup(value: str, title: bool = False) -> str:
    """CSL-JSON rich text (``<i>``, ``<span class="nocase">``...) as BibTeX/LaTeX."""
    first = [True]

    def walk(node) -> str:
        if isinstance(node, str):
            text = escape(node)
            if title:
                text = _protect_words(text, first[0])
                if node.strip():
                    first[0] = False
            return text
        if node.formatting == richtext.NOCASE:
            inner = escape(node.text())
            if node.text().strip():
                first[0] = False
            return "{" + inner + "}"
        command = _COMMANDS.get(node.formatting)
        if command:  # a reader keeps the case of a command's argument: no braces needed
            if node.text().strip():
                first[0] = False
            return f"{command}{{{escape(node.text()) if title else walk_all(node)}}}"
        body = walk_all(node)
        return body

    def walk_all(node) -> str:
        return "".join(walk(c) for c in node.children)

    if "<" not in value:
        return walk(value)
    return walk(richtext.parse(value))


def _name(name: dict) -> str:
    if "literal" in name:
        return "{" + escape(str(name["literal"])) + "}"
    family = " ".join(str(name[p]) for p in ("dropping-particle", "non-dropping-particle",
                                              "family") if name.get(p))
    family = escape(family)
    if " and " in family or family.count(",") or (family and not name.get("given")
                                                    and " " in family):
        family = "{" + family + "}"
    given = escape(str(name.get("given", "")))
    parts = [family]
    if name.get("suffix"):
        parts.append(escape(str(name["suffix"])))
    if given:
        parts.append(given)
    return ", ".join(p for p in parts if p)


#: CSL date variables and the biblatex fields they are written to.
DATE_FIELDS = {"issued": "date", "accessed": "urldate", "event-date": "eventdate",
               "original-date": "origdate"}


def _iso(value) -> str | None:
    if isinstance(value, dict) and value.get("date-parts"):
        ranges = []
        for parts in value["date-parts"][:2]:
            try:
                ints = [int(p) for p in parts[:3]]
            except (TypeError, ValueError):
                return None
            if not ints:
                return None
            ranges.append("-".join([f"{ints[0]:04d}"] + [f"{p:02d}" for p in ints[1:]]))
        return "/".join(ranges)
    if isinstance(value, dict) and value.get("literal"):
        return str(value["literal"])
    return None


def _fields(item: dict, dialect: str, bib_type: str) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []

    def put(name: str, value, raw: bool = False) -> None:
        if value not in (None, "", []):
            fields.append((name, str(value) if raw else _markup(str(value))))

    for variable, field in (("author", "author"), ("editor", "editor"),
                            ("translator", "translator"), ("container-author", "bookauthor"),
                            ("director", "director")):
        names = [n for n in item.get(variable) or [] if isinstance(n, dict)]
        if names:
            fields.append((field, " and ".join(_name(n) for n in names)))
    if item.get("title"):
        fields.append(("title", _markup(str(item["title"]), title=True)))
    if item.get("title-short"):
        fields.append(("shorttitle", _markup(str(item["title-short"]), title=True)))
    container = item.get("container-title")
    if container:
        if bib_type in _IN_A_BOOK:
            fields.append(("booktitle", _markup(str(container), title=True)))
        else:
            put("journaltitle" if dialect == "biblatex" else "journal", container)
    put("shortjournal", item.get("container-title-short"))
    if item.get("collection-title"):
        fields.append(("series", _markup(str(item["collection-title"]), title=True)))
    put("edition", item.get("edition"))
    put("volume", item.get("volume"))
    if bib_type in ("article", "review"):  # read back: number -> issue, eid -> number
        put("number", item.get("issue"))
        put("eid", item.get("number"))
    elif bib_type in _BOOKS:
        put("number", item.get("collection-number"))
    else:
        put("number", item.get("number"))
    if item.get("page"):
        fields.append(("pages", escape(_PAGE_DASH.sub("--", str(item["page"])))))
    publisher_field = {"phdthesis": "school", "mastersthesis": "school", "thesis": "school",
                       "techreport": "institution", "report": "institution"}.get(bib_type,
                                                                                 "publisher")
    put(publisher_field, item.get("publisher"))
    put("location" if dialect == "biblatex" else "address", item.get("publisher-place"))
    issued = first_date_parts(item.get("issued"))
    if dialect == "biblatex" or (issued and len(issued) > 2) or (
            isinstance(item.get("issued"), dict) and len(item["issued"].get("date-parts", [])) > 1):
        put("date", _iso(item.get("issued")), raw=True)
    elif issued:
        fields.append(("year", str(issued[0])))
        if len(issued) > 1 and 1 <= issued[1] <= 12:
            fields.append(("month", MONTH_MACROS[issued[1] - 1]))
    for variable, field in DATE_FIELDS.items():
        if variable != "issued":  # (written above: a date, or year and month)
            put(field, _iso(item.get(variable)), raw=True)
    if item.get("event"):
        fields.append(("eventtitle", _markup(str(item["event"]), title=True)))
    if item.get("original-title"):
        fields.append(("origtitle", _markup(str(item["original-title"]), title=True)))
    for bib_name, csl_name in _SIMPLE.items():
        if csl_name not in ("edition", "volume", "abstract", "keyword", "number"):
            put(bib_name, item.get(csl_name))
    for bib_name, csl_name in csl_data.RAW_FIELDS.items():
        if csl_name not in ("DOI", "ISBN", "ISSN"):
            put(bib_name, item.get(csl_name), raw=True)
    put("type", item.get("genre"))
    put("doi", item.get("DOI"), raw=True)
    put("url", item.get("URL"), raw=True)
    put("isbn", item.get("ISBN"), raw=True)
    put("issn", item.get("ISSN"), raw=True)
    put("abstract", item.get("abstract"))
    put("note", item.get("note"))
    put("keywords", item.get("keyword"))
    language = item.get("language")
    if language:
        put("langid", _langid(str(language)), raw=True)
    if dialect == "biblatex" and item.get("type") in ("article-magazine", "article-newspaper"):
        put("entrysubtype", item["type"].split("-")[1], raw=True)
    if any(n.get("non-dropping-particle") for v in ("author", "editor", "translator")
           for n in item.get(v) or [] if isinstance(n, dict)):
        put("options", "useprefix=true", raw=True)  # "van Dijk" sorts under V
    return fields


# csl_data's plain fields, one BibTeX field per CSL variable (the first one it reads)
_SIMPLE = {}
for _bib, _csl in csl_data.SIMPLE_FIELDS.items():
    if _csl not in _SIMPLE.values():
        _SIMPLE[_bib] = _csl


_LANGIDS = {"en-US": "american", "en-GB": "british", "en": "english", "de-DE": "ngerman",
            "de": "ngerman", "fr-FR": "french", "fr": "french", "es-ES": "spanish",
            "it-IT": "italian", "nl-NL": "dutch", "pt-BR": "brazilian", "pt-PT": "portuguese"}


def _langid(language: str) -> str:
    return _LANGIDS.get(language, _LANGIDS.get(language.split("-")[0], language))


def entry(item: dict, dialect: str = "biblatex") -> str:
    csl_type = str(item.get("type", "document"))
    bibtex_type, biblatex_type = ENTRY_TYPES.get(csl_type, ("misc", "misc"))
    bib_type = biblatex_type if dialect == "biblatex" else bibtex_type
    if bib_type == "phdthesis" and "master" in str(item.get("genre", "")).lower():
        bib_type = "mastersthesis"
    key = bibtex_key(item.get("id", ""))
    fields = _fields(item, dialect, bib_type)
    width = max((len(name) for name, _ in fields), default=0)
    body = "".join(f"  {name:<{width}} = {_value(name, value)},\n" for name, value in fields)
    return f"@{bib_type}{{{key},\n{body}}}\n"


_NOT_IN_KEYS = re.compile(r"[\s,{}()=\"#%'\\]")  # what would end a key or break the entry


def bibtex_key(item_id) -> str:
    """The BibTeX key an item's id is written as: each character a key cannot hold (white
    space, a comma, braces, parentheses, =, quotes, #, %, a backslash) a hyphen."""
    return _NOT_IN_KEYS.sub("-", str(item_id))


def rewritten_keys(items: list[dict], path: str) -> list[Diagnostic]:
    """A warning for each id a BibTeX key cannot hold as it is (written with hyphens, RB104),
    and an error for ids that become one key (RB101): nothing is rewritten unsaid."""
    found, first = [], {}
    for item in items:
        item_id = str(item.get("id", ""))
        key = bibtex_key(item_id)
        if key != item_id:
            found.append(rules.BAD_KEY(
                f"id '{item_id}' is written as the key '{key}' (a BibTeX key cannot hold white "
                "space, commas, braces, parentheses, =, quotes, #, % or backslashes)",
                file=path, key=item_id))
        if key in first and first[key] != item_id:
            found.append(rules.DUPLICATE_KEY(
                f"ids '{first[key]}' and '{item_id}' are both written as the key '{key}'",
                file=path, key=item_id, hint="give the records ids of letters, digits and - _ : ."))
        first.setdefault(key, item_id)
    return found


def _value(name: str, value: str) -> str:
    if name == "month" and value in MONTH_MACROS:
        return value  # the month macro, as BibTeX styles expect
    return "{" + value + "}"


def to_bibtex(items: list[dict], dialect: str = "biblatex") -> str:
    """Items as a .bib file; ``dialect``: "bibtex" (classic field names) or "biblatex"."""
    return "\n".join(entry(item, dialect) for item in items)
