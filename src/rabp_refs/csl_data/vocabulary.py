"""What BibTeX/biblatex entry types and fields become in CSL: the mapping's tables."""
from __future__ import annotations

from .. import inheritance, rules

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
