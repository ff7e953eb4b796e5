"""BibTeX/biblatex entries -> CSL-JSON items, following pandoc's BibTeX reader.

Pandoc's reader is the reference for this mapping (entry types, fields, name splitting, titles
turned into sentence case for English entries with braced words kept). Where we differ, the
code says so. Unknown entry types and fields never fail: they map to the closest CSL type or are
left out, and are reported as diagnostics.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import forking, inheritance, latex, rules
from .localisation import localised
from .diagnostics import Diagnostic
from .memory import collector_paused
from .model import Bibliography, Entry
from .patterns import spaced

# BibTeX/biblatex entry type -> (CSL type, genre)
ENTRY_TYPES: dict[str, tuple[str, str | None]] = {
    "article": ("article-journal", None), "book": ("book", None), "mvbook": ("book", None),
    "booklet": ("pamphlet", None), "bookinbook": ("chapter", None), "collection": ("book", None),
    "mvcollection": ("book", None), "dataset": ("dataset", None), "electronic": ("webpage", None),
    "inbook": ("chapter", None), "incollection": ("chapter", None),
    "inreference": ("entry-encyclopedia", None), "inproceedings": ("paper-conference", None),
    "conference": ("paper-conference", None), "manual": ("book", None),
    "mastersthesis": ("thesis", "Master’s thesis"), "misc": ("document", None),
    "online": ("webpage", None), "www": ("webpage", None), "patent": ("patent", None),
    "periodical": ("periodical", None), "phdthesis": ("thesis", "PhD thesis"),
    "proceedings": ("book", None), "mvproceedings": ("book", None), "reference": ("book", None),
    "mvreference": ("book", None), "report": ("report", None),
    "techreport": ("report", None), "software": ("software", None),
    "suppbook": ("chapter", None), "suppcollection": ("chapter", None),
    "suppperiodical": ("article-journal", None), "thesis": ("thesis", None),
    "unpublished": ("manuscript", None), "artwork": ("graphic", None), "image": ("graphic", None),
    "audio": ("song", None), "music": ("song", None), "movie": ("motion_picture", None),
    "video": ("motion_picture", None), "letter": ("personal_communication", None),
    "jurisdiction": ("legal_case", None), "legislation": ("legislation", None),
    "legal": ("treaty", None), "review": ("review", None), "standard": ("standard", None),
    "performance": ("performance", None), "map": ("map", None),
    # biblatex's containers: a set of entries printed together, and data for others
    "set": ("document", None), "xdata": ("document", None),
}

# biblatex's entries that are no reference of their own: @xdata holds data for others to
# inherit; a @set groups entries that are printed each on its own here (CSL has no sets)
NOT_PRINTED = frozenset({"xdata", "set"})

# biblatex thesis/report `type` keys -> genre
GENRE_KEYS = {
    "mathesis": "Master’s thesis", "phdthesis": "PhD thesis", "candthesis": "Candidate thesis",
    "techreport": "Technical report", "resreport": "Research report",
    "software": "Computer software", "datacd": "Data CD", "audiocd": "Audio CD",
}

CHAPTERLIKE = inheritance.CHAPTERLIKE  # one list: Appendix B's parts of a book
BOOKLIKE = {"book", "collection", "proceedings", "reference", "mvbook", "mvcollection",
            "mvproceedings", "mvreference", "bookinbook", "inbook", "incollection",
            "inproceedings", "inreference", "suppbook", "suppcollection"}
ARTICLELIKE = {"article", "periodical", "suppperiodical", "review"}

# Fields copied as plain strings (after LaTeX decoding): BibTeX name -> CSL variable.
SIMPLE_FIELDS = {
    "volume": "volume", "volumes": "number-of-volumes", "pagetotal": "number-of-pages",
    "chapter": "chapter-number", "edition": "edition", "version": "version",
    "venue": "event-place", "origpublisher": "original-publisher",
    "origlocation": "original-publisher-place", "abstract": "abstract", "keywords": "keyword",
    "annote": "annote", "annotation": "annote", "pubstate": "status",
    "eid": "number",  # not in pandoc: the article number of e-journals (CSL `number`)
}
RAW_FIELDS = {"doi": "DOI", "isbn": "ISBN", "issn": "ISSN", "pmid": "PMID", "pmcid": "PMCID",
              "library": "call-number"}
NAME_FIELDS = {"author": "author", "editor": "editor", "translator": "translator",
               "bookauthor": "container-author", "director": "director"}
# Fields that are read but have no CSL variable of their own (not reported as unknown).
KNOWN_FIELDS = set(SIMPLE_FIELDS) | set(RAW_FIELDS) | set(NAME_FIELDS) | {
    "title", "subtitle", "titleaddon", "shorttitle", "booktitle", "booksubtitle",
    "booktitleaddon", "maintitle", "mainsubtitle", "maintitleaddon", "journal", "journaltitle",
    "journalsubtitle", "shortjournal", "series", "eventtitle", "origtitle", "issuetitle",
    "issuesubtitle", "publisher", "school", "institution", "organization", "howpublished",
    "address", "location", "date", "year", "month", "day", "urldate", "eventdate", "origdate",
    "endyear", "endmonth", "endday", "url", "note", "addendum", "number", "issue", "pages",
    "type", "entrysubtype", "langid", "language", "hyphenation", "options", "crossref",
    "xref", "editortype", "part", "eprint", "eprinttype", "archiveprefix", "eprintclass",
    "primaryclass", "ids", "file", "urlyear", "urlmonth", "urlday", "timestamp", "owner",
    "langidopts", "key", "sortkey", "keywords", "mrnumber", "zbl", "copyright", "comment",
    "xdata", "entryset",
    rules.OPT_OUT_FIELD,
}

ENGLISH = {"english", "american", "british", "canadian", "australian", "newzealand", "usenglish",
           "ukenglish", "en"}
LANGUAGES = {
    "english": "en-US", "american": "en-US", "usenglish": "en-US", "british": "en-GB",
    "ukenglish": "en-GB", "canadian": "en-CA", "australian": "en-AU", "newzealand": "en-NZ",
    "german": "de-DE", "ngerman": "de-DE", "austrian": "de-AT", "naustrian": "de-AT",
    "swissgerman": "de-CH", "french": "fr-FR", "spanish": "es-ES", "italian": "it-IT",
    "dutch": "nl-NL", "portuguese": "pt-PT", "brazilian": "pt-BR", "finnish": "fi-FI",
    "swedish": "sv-SE", "norwegian": "nb-NO", "danish": "da-DK", "polish": "pl-PL",
    "russian": "ru-RU", "japanese": "ja-JP", "chinese": "zh-CN", "korean": "ko-KR",
    "turkish": "tr-TR", "greek": "el-GR", "czech": "cs-CZ", "hungarian": "hu-HU",
    # more of babel's and polyglossia's names
    "latin": "la", "classiclatin": "la", "medievallatin": "la", "ecclesiasticlatin": "la",
    "ancientgreek": "grc", "polutonikogreek": "el-GR", "portuges": "pt-PT", "brazil": "pt-BR",
    "francais": "fr-FR", "frenchb": "fr-FR", "acadian": "fr-CA", "canadien": "fr-CA",
    "germanb": "de-DE", "nswissgerman": "de-CH", "catalan": "ca-ES", "croatian": "hr-HR",
    "estonian": "et-EE", "icelandic": "is-IS", "irish": "ga-IE", "latvian": "lv-LV",
    "lithuanian": "lt-LT", "romanian": "ro-RO", "serbian": "sr-RS", "slovak": "sk-SK",
    "slovene": "sl-SI", "slovenian": "sl-SI", "ukrainian": "uk-UA", "hebrew": "he-IL",
    "arabic": "ar", "bulgarian": "bg-BG", "basque": "eu", "galician": "gl-ES",
    "welsh": "cy-GB", "afrikaans": "af-ZA", "indonesian": "id-ID", "bahasa": "id-ID",
    "thai": "th-TH", "vietnamese": "vi-VN", "persian": "fa-IR", "farsi": "fa-IR",
    "marathi": "mr-IN", "hindi": "hi-IN", "norsk": "nb-NO", "nynorsk": "nn-NO",
    "swissfrench": "fr-CH", "mexican": "es-MX", "spanishmx": "es-MX", "esperanto": "eo",
    "uppersorbian": "hsb", "lowersorbian": "dsb", "romansh": "rm", "albanian": "sq-AL",
    "armenian": "hy-AM", "belarusian": "be-BY", "macedonian": "mk-MK", "mongolian": "mn-MN",
}
# langidopts' variant (polyglossia): language -> variant -> CSL locale
LANGUAGE_VARIANTS = {
    "english": {"british": "en-GB", "uk": "en-GB", "american": "en-US", "us": "en-US",
                "canadian": "en-CA", "australian": "en-AU", "newzealand": "en-NZ"},
    "german": {"german": "de-DE", "austrian": "de-AT", "swiss": "de-CH"},
    "portuguese": {"brazilian": "pt-BR", "portuguese": "pt-PT", "portugal": "pt-PT",
                   "brazil": "pt-BR"},
    "french": {"canadian": "fr-CA", "swiss": "fr-CH"},
    "spanish": {"mexican": "es-MX", "spanish": "es-ES"},
    "greek": {"ancient": "grc", "polytonic": "el-GR", "monotonic": "el-GR"},
    "latin": {"classic": "la", "medieval": "la", "ecclesiastic": "la"},
}
# The quotation marks of \enquote by language: (open, close, inner open, inner close)
QUOTES = {
    "de": ("„", "“", "‚", "‘"), "fr": ("«\u00a0", "\u00a0»", "‹\u00a0", "\u00a0›"),
    "it": ("«", "»", "“", "”"), "es": ("«", "»", "“", "”"), "pt": ("«", "»", "“", "”"),
    "ru": ("«", "»", "„", "“"), "pl": ("„", "”", "‚", "’"), "nl": ("‘", "’", "“", "”"),
    "sv": ("”", "”", "’", "’"), "fi": ("”", "”", "’", "’"), "cs": ("„", "“", "‚", "‘"),
}

MONTHS = {name: i for i, name in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
MONTHS.update({name[:3]: i for name, i in list(MONTHS.items())})
MONTHS["sept"] = 9


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


class _Context:
    """One entry being mapped, with where to report what we find."""

    def __init__(self, entry: Entry, diagnostics: list[Diagnostic], sentence_case: bool = True):
        self.entry = entry
        self.fields = entry.fields
        self.sentence_case = sentence_case
        self.diagnostics = diagnostics
        langid = (entry.get("langid") or entry.get("hyphenation") or entry.get("language") or "")
        self.langid = langid.strip().lower()
        self.english = not self.langid or self.langid in ENGLISH or self.langid.startswith("en")
        self.language = csl_language(self.langid, entry.get("langidopts"))
        self.quotes = QUOTES.get(self.language.split("-")[0], latex.ENGLISH_QUOTES)
        self._decoded: dict[str, latex.Decoded] = {}
        self._titles: dict[str, list[latex.Run] | None] = {}

    def report(self, rule, message, field=None):
        self.diagnostics.append(rule(
            message, file=self.entry.file,
            line=self.entry.field_line(field) if field else self.entry.line,
            key=self.entry.key, field=field))

    def decoded(self, name: str) -> latex.Decoded | None:
        f = self.fields.get(name)
        if f is None:  # (most of the fields asked for are absent)
            return None
        if name in self._decoded:
            return self._decoded[name]
        value = f.value
        if not value.strip():
            return None
        if "\\arabic{" in value:  # biblatex's \arabic{author}: the number of names
            value = _ARABIC.sub(self._count, value)
        decoded = self._decoded[name] = latex.decode(value, self.quotes)
        for command in dict.fromkeys(decoded.unknown_commands):  # each once per field
            self.report(rules.UNDECODED_LATEX,
                        f"LaTeX command {command} is not understood; its text is kept",
                        field=name)
        return decoded

    def _count(self, m: re.Match) -> str:
        return str(len(parse_names(self.entry.get(m.group(1)) or "")))

    def localised(self, name: str) -> str | None:
        """A field that may hold a biblatex localisation key ("newseries"), as its string;
        a list ("countryfr and countryuk") item by item."""
        value = self.entry.get(name)
        if value is None or not value.strip():
            return None
        parts = [localised(part) for part in split_name_list(value)]
        if any(p != q for p, q in zip(parts, split_name_list(value))):
            parts = [latex.decode_text(p) for p in parts]
            return parts[0] if len(parts) == 1 else \
                ", ".join(parts[:-1]) + " and " + parts[-1]
        return self.text(name)

    def text(self, name: str) -> str | None:
        """A field as CSL rich text (formatting kept, braces only protect case)."""
        if name not in self.fields:  # (most of the fields asked for are absent)
            return None
        decoded = self.decoded(name)
        return latex.to_csl_markup(decoded.runs, nocase=False) if decoded else None

    def title(self, name: str) -> list[latex.Run] | None:
        """A title field: sentence case for English entries, as pandoc does (worked out
        once: the title is read for the title and again for the short title)."""
        if name not in self.fields:
            return None
        if name in self._titles:
            return self._titles[name]
        decoded = self.decoded(name)
        if decoded is None:
            runs = None
        elif self.english and self.sentence_case:
            runs = latex.sentence_case(decoded.runs)
        else:
            runs = decoded.runs
        self._titles[name] = runs
        return runs


def _join_title(parts: list[list[latex.Run] | None]) -> list[latex.Run] | None:
    """title + ": " + subtitle + ". " + titleaddon, as pandoc joins them."""
    main, sub, addon = parts
    if not main:
        return None
    runs = list(main)
    for extra, sep in ((sub, ":"), (addon, ".")):
        if extra:
            last = runs[-1].text if runs else ""
            glue = " " if last[-1:] in "!?.,:;" else sep + " "
            runs.append(latex.Run(glue))
            runs.extend(extra)
    return runs


# the colon that ends a main title, as pandoc finds it: outside braces ("{BS 1629:1950}:
# Bibliographical references" is "BS 1629:1950"; "{Erratum: The format ...}" has none)
_TITLE_COLON = re.compile(r":")


def _has_colon(runs: list[latex.Run]) -> bool:
    return any(not r.protected and _TITLE_COLON.search(r.text) for r in runs)


def _up_to_colon(runs: list[latex.Run]) -> list[latex.Run]:
    out = []
    for run in runs:
        colon = None if run.protected else _TITLE_COLON.search(run.text)
        if colon:
            head = run.text[:colon.start()].rstrip()
            if head:
                out.append(latex.Run(head, run.protected, run.fmt))
            break
        out.append(run)
    return out


def _as_written(ctx: _Context, names: tuple[str, ...]) -> list[latex.Run] | None:
    """A journal's name joined from its title fields, in its own case: journal titles are
    not sentence-cased (as pandoc; "Computers and Graphics")."""
    parts = [(ctx.decoded(f) or latex.Decoded([], [])).runs or None for f in names]
    return _join_title((parts + [None])[:3])


def _title_markup(runs: list[latex.Run] | None, ctx: _Context) -> str | None:
    if not runs:
        return None
    return latex.to_csl_markup(runs, nocase=ctx.english)


def csl_language(langid: str, langidopts: str | None = None) -> str:
    """A babel/polyglossia language name (with langidopts' variant) as a CSL locale."""
    variant = re.search(r"variant\s*=\s*(\w+)", langidopts or "")
    if variant:
        by_variant = LANGUAGE_VARIANTS.get(langid, {})
        if variant.group(1).lower() in by_variant:
            return by_variant[variant.group(1).lower()]
    return LANGUAGES.get(langid, langid)


_ARABIC = re.compile(r"\\arabic\{(author|editor|translator)\}")
_DOI_LINK = re.compile(r"^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
# eprinttype -> the address an eprint is read at
EPRINT_URLS = {"arxiv": "https://arxiv.org/abs/", "jstor": "https://www.jstor.org/stable/",
               "pubmed": "https://www.ncbi.nlm.nih.gov/pubmed/", "hdl": "https://hdl.handle.net/",
               "handle": "https://hdl.handle.net/", "googlebooks": "https://books.google.com?id=",
               "doi": "https://doi.org/"}


def entry_to_csl(entry: Entry, diagnostics: list[Diagnostic],
                 sentence_case: bool = True, own=None) -> dict:
    """``own``: the names of the entry's own fields (the others are inherited: an unknown one
    is reported on the entry that has it)."""
    ctx = _Context(entry, diagnostics, sentence_case)
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

    is_periodical = et == "periodical"
    chapterlike = et in CHAPTERLIKE
    has_main = entry.get("maintitle") is not None

    # titles
    # a periodical's issue is its title within the periodical; a periodical without an
    # issue title is the periodical itself (as pandoc)
    is_periodical = is_periodical and entry.get("issuetitle") is not None
    if is_periodical:
        title = _join_title([ctx.title("issuetitle"), ctx.title("issuesubtitle"), None])
    elif et == "periodical":
        title = _as_written(ctx, ("title", "subtitle", "titleaddon"))
    elif has_main and not chapterlike:
        title = _join_title([ctx.title("maintitle"), ctx.title("mainsubtitle"),
                             ctx.title("maintitleaddon")])
        item["volume-title"] = _title_markup(_join_title(
            [ctx.title("title"), ctx.title("subtitle"), ctx.title("titleaddon")]), ctx)
    else:
        title = _join_title([ctx.title("title"), ctx.title("subtitle"), ctx.title("titleaddon")])
    _put(item, "title", _title_markup(title, ctx))
    short = ctx.title("shorttitle")
    if short is None and not (has_main and not chapterlike):
        # as pandoc: the main title up to its colon (all of it when a subtitle is separate)
        main = ctx.title("title") or []
        has_sub = bool(entry.get("subtitle") or entry.get("titleaddon"))
        short = _up_to_colon(main) if (has_sub or _has_colon(main)) else None
    if short:
        item["title-short"] = _title_markup(short, ctx)

    if is_periodical:  # the journal of the issue
        container = _as_written(ctx, ("title", "subtitle"))
    elif chapterlike and (entry.get("maintitle") or entry.get("booktitle")):
        if has_main:
            container = _join_title([ctx.title("maintitle"), ctx.title("mainsubtitle"),
                                     ctx.title("maintitleaddon")])
            _put(item, "volume-title", _title_markup(_join_title(
                [ctx.title("booktitle"), ctx.title("booksubtitle"),
                 ctx.title("booktitleaddon")]), ctx))
        else:
            container = _join_title([ctx.title("booktitle"), ctx.title("booksubtitle"),
                                     ctx.title("booktitleaddon")])
    else:
        container = None
    if container:
        item["container-title"] = _title_markup(container, ctx)
    else:
        journal = ctx.decoded("journaltitle") or ctx.decoded("journal")
        if journal:
            runs = list(journal.runs)
            sub = ctx.decoded("journalsubtitle")
            if sub:
                runs = _join_title([runs, sub.runs, None])
            item["container-title"] = latex.to_csl_markup(runs, nocase=False)
    _put(item, "container-title-short", ctx.text("shortjournal"))
    series = ctx.title("series")
    if series and (entry.get("series") or "").strip().isdigit() and et in ARTICLELIKE:
        # biblatex: a number is the journal's series, printed as an ordinal and "series"
        n = int(entry.get("series").strip())
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        item["collection-title"] = f"{n}{suffix} series"
    elif series and localised(entry.get("series")) != entry.get("series"):
        string = localised(entry.get("series"))  # "new series", opening its unit
        item["collection-title"] = string[0].upper() + string[1:]
    elif series:
        item["collection-title"] = _title_markup(series, ctx)
    _put(item, "event", _title_markup(ctx.title("eventtitle"), ctx))
    _put(item, "original-title", _title_markup(ctx.title("origtitle"), ctx))

    # names
    for bib_name, csl_name in NAME_FIELDS.items():
        value = entry.get(bib_name)
        if value and value.strip():
            if "\\" in value:  # a command no name can be read from is reported, not lost
                ctx.decoded(bib_name)
            names = parse_names(value, useprefix=_option(entry, "useprefix"))
            if bib_name == "editor" and (entry.get("editortype") or "").strip() == "director":
                csl_name = "director"
            if names:
                item[csl_name] = names

    # numbers: `number` is a collection number for books, the issue for articles
    number = ctx.text("number")
    if number:
        if et in BOOKLIKE:
            item["collection-number"] = number
        elif et in ARTICLELIKE:
            issue = ctx.text("issue")
            item["issue"] = f"{number}, {issue}" if issue else number
        else:
            item["number"] = number
    elif ctx.text("issue"):
        item["issue"] = ctx.text("issue")
    for bib_name, csl_name in SIMPLE_FIELDS.items():
        _put(item, csl_name, ctx.localised(bib_name) if bib_name == "pubstate"
             else ctx.text(bib_name))
    part = ctx.text("part")
    if part:
        item["volume"] = f"{item['volume']}.{part}" if "volume" in item else part
    pages = ctx.text("pages")
    if pages:
        item["page"] = _PAGE_DASH.sub("–", pages)

    # publisher and places
    publishers = [p for p in (ctx.text(f) for f in
                  ("school", "institution", "organization", "howpublished", "publisher")) if p]
    if publishers:
        item["publisher"] = "; ".join(publishers)
    place = ctx.text("address") or ctx.localised("location")
    _put(item, "jurisdiction" if et == "patent" else "publisher-place", place)

    # dates
    for csl_date, prefix, name in (("issued", "", "date"), ("accessed", "url", "urldate"),
                                   ("event-date", "event", "eventdate"),
                                   ("original-date", "orig", "origdate")):
        date = _date(ctx, name, prefix)
        if date:
            item[csl_date] = date

    # identifiers and links
    for bib_name, csl_name in RAW_FIELDS.items():
        value = entry.get(bib_name)
        if value and value.strip():
            item[csl_name] = latex.decode_text(value) if "\\" in value else value.strip()
    if "DOI" in item:  # written as a link or "doi:10..." (the check warns): the DOI alone
        item["DOI"] = _DOI_LINK.sub("", item["DOI"])
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


def _put(item: dict, name: str, value) -> None:
    if value:
        item[name] = value


def _option(entry: Entry, name: str) -> bool:
    options = entry.get("options") or ""
    for part in options.split(","):
        key, _, value = part.partition("=")
        if key.strip().lower() == name:
            return value.strip().lower() in ("", "true")
    return False


# --- names -----------------------------------------------------------------------------------

def split_top_level(value: str, separator: re.Pattern) -> list[str]:
    """Split at matches of `separator` that are outside braces (a backslash escapes the next
    character; separators never contain braces or backslashes)."""
    if "{" not in value and "}" not in value and "\\" not in value:
        return separator.split(value)
    parts, depth, start, i = [], 0, 0, 0
    for token in _BRACE_OR_ESCAPE.finditer(value):
        if depth == 0:
            for m in separator.finditer(value, i, token.start()):
                if m.end() > m.start() and m.start() >= start:
                    parts.append(value[start:m.start()])
                    start = m.end()
        i = token.end()
        if token.group() == "{":
            depth += 1
        elif token.group() == "}":
            depth -= 1
    if depth == 0:
        for m in separator.finditer(value, i):
            if m.end() > m.start() and m.start() >= start:
                parts.append(value[start:m.start()])
                start = m.end()
    parts.append(value[start:])
    return parts


_BRACE_OR_ESCAPE = re.compile(r"\\.?|[{}]", re.DOTALL)
# "and and" leaves an empty name. Tried only where a run of spaces starts (or after an escaped
# space, "\\ "): from each space of a long run that never reaches an "and" it was quadratic.
_AND = re.compile(r"(?<![^\\]\s)\s++and(?=\s)", re.IGNORECASE)
_COMMA = re.compile(r",")
_PAGE_DASH = spaced("[-‐‑–]++")  # hyphens or dashes between page numbers
_SPACES = re.compile(r"[\s~]+")


def split_name_list(value: str) -> list[str]:
    return [p.strip() for p in split_top_level(" " + value.strip() + " ", _AND)]


def _case_of_word(word: str) -> str:
    """'upper', 'lower' or 'none': the case of the first letter at brace depth 0.

    A special character ({\\'e}) counts by its letter; other brace groups count as upper case,
    as in BibTeX.
    """
    depth = 0
    i = 0
    while i < len(word):
        ch = word[i]
        if ch == "{":
            if depth == 0 and word.startswith("{\\", i):
                decoded = latex.decode_text(word[i:])
                for c in decoded:
                    if c.isalpha():
                        return "lower" if c.islower() else "upper"
                return "none"
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "\\" and depth == 0:
            decoded = latex.decode_text(word[i:])
            for c in decoded:
                if c.isalpha():
                    return "lower" if c.islower() else "upper"
            return "none"
        elif ch.isalpha() and depth == 0:
            return "lower" if ch.islower() else "upper"
        elif ch.isalpha() and depth > 0:
            return "upper"
        i += 1
    return "none"


def _words(part: str) -> list[str]:
    return [w for w in split_top_level(part.strip(), _SPACES) if w]


_CONTROL_SPACE = re.compile(r"(?<!\\)\\ ")
_ELIDED_PARTICLE = re.compile(r"^((?:d|l|dell|dall|all|nell)[’'])(\w.*)$")
_INITIALS = re.compile(r"(?<![^\W\d_])([^\W\d_])\.(?=[^\W\d_])", re.UNICODE)


def parse_name(raw: str, useprefix: bool = False) -> dict | None:
    """One BibTeX name as CSL reads it ("von Last, Jr, First"). A name read before is read
    from the cache: an author's name is written the same way entry after entry (the 10,000
    generated entries of bench/ hold 4,648 names in 32,214 places)."""
    name = _parsed_name(raw, useprefix)
    return dict(name) if name is not None else None  # (each item gets a name of its own)


@lru_cache(maxsize=1 << 14)  # (16,384 names: some 9 MB at most)
def _parsed_name(raw: str, useprefix: bool) -> dict | None:
    raw = raw.strip()
    if "\\ " in raw:  # a control space ("L.\\ Thiele") separates words as a space does
        raw = _CONTROL_SPACE.sub(" ", raw)
    if not raw:
        return None
    if raw.lower() == "others":
        return {"literal": "others"}
    if raw.startswith("{") and raw.endswith("}") and _balanced_outer(raw):
        return {"literal": latex.decode_text(raw[1:-1])}
    if "=" in raw and re.match(r"\s*(family|given|prefix|suffix|useprefix)\s*=", raw):
        return _extended_name(raw)
    if "\\" in raw and latex.balanced_braces(raw):
        # the special characters of names ({\"o}) composed first when they are its only
        # commands, as the decoder would compose them: each reads as a letter of its case
        # with no brace or space left, and the name usually has no brace left to split around
        # (not in a name whose braces do not nest: a group taken out would change the
        # depth of what follows it, "}{\"a}{Acme and Co}")
        composed = latex.compose_special_characters(raw)
        if "\\" not in composed and "$" not in composed:
            raw = composed
    comma_parts = [p.strip() for p in split_top_level(raw, _COMMA)]
    if len(comma_parts) == 1:
        words = _words(comma_parts[0])
        # First von Last: First is the leading words up to the first lower-case one
        first = []
        while words and _case_of_word(words[0]) != "lower" and len(words) > 1:
            first.append(words.pop(0))
        von_last = words
        jr: list[str] = []
    else:
        von_last = _words(comma_parts[0])
        if len(comma_parts) == 2:
            jr, first = [], _words(comma_parts[1])
        else:
            jr, first = _words(comma_parts[1]), _words(", ".join(comma_parts[2:]))
    # von: up to the last lower-case word that is not the last word (BibTeX's rule)
    von: list[str] = []
    last = von_last
    lower_positions = [i for i, w in enumerate(von_last[:-1]) if _case_of_word(w) == "lower"]
    if lower_positions:
        cut = lower_positions[-1] + 1
        von, last = von_last[:cut], von_last[cut:]
    text = lambda ws: latex.decode_text(" ".join(ws)) if ws else ""  # noqa: E731
    name: dict = {}
    family = text(last)
    given = _INITIALS.sub(r"\1. ", text(first)).strip()
    if family:
        name["family"] = family
    if given:
        name["given"] = given
    particle = text(von)
    if not particle:
        # an elided particle glued to the family name: d'Orsay, l'Hôpital (as pandoc)
        m = _ELIDED_PARTICLE.match(family)
        if m:
            particle, name["family"] = m.group(1), m.group(2)
            useprefix = True
    if particle:
        name["non-dropping-particle" if useprefix else "dropping-particle"] = particle
    if jr:
        name["suffix"] = text(jr)
    return name or None


def _balanced_outer(raw: str) -> bool:
    depth = 0
    for i, ch in enumerate(raw):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0 and i != len(raw) - 1:
                return False
    return True


def _extended_name(raw: str) -> dict:
    name: dict = {}
    use_prefix = False
    for part in split_top_level(raw, _COMMA):
        key, _, value = part.partition("=")
        key, value = key.strip().lower(), latex.decode_text(value.strip())
        if key == "family":
            name["family"] = value
        elif key == "given":
            name["given"] = value
        elif key == "prefix":
            name["dropping-particle"] = value
        elif key == "suffix":
            name["suffix"] = value
        elif key == "useprefix":
            use_prefix = value.lower() == "true"
    if use_prefix and "dropping-particle" in name:
        name["non-dropping-particle"] = name.pop("dropping-particle")
    return name


def parse_names(value: str, useprefix: bool = False) -> list[dict]:
    names = []
    for raw in split_name_list(value):
        name = parse_name(raw, useprefix)
        if name is not None and name != {"literal": "others"}:
            names.append(name)
    return names


# --- dates -----------------------------------------------------------------------------------

_ISO = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _date(ctx: _Context, name: str, prefix: str) -> dict | None:
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
