"""biblatex's data inheritance: what an entry takes from its ``xdata`` and ``crossref`` parents.

The rules are the biblatex manual's Appendix B ("Default inheritance setup"): every field is
inherited under its own name, except the few that never are (B.1), and the titles and authors
of a parent change name by the pair of entry types (B.2: ``@mvbook`` -> ``@book``: title ->
maintitle; ``@book`` -> ``@inbook``: title -> booktitle, author -> bookauthor ...). An entry's
own fields always win; then its xdata entries' fields (as if written in it); then its
crossref parent's, the parent's own parents resolved first. The result depends on the fields,
never on the order they are written in.
"""
from __future__ import annotations

from .model import Entry, Field
from .patterns import spaced

# B.1: fields that are never inherited
NOT_INHERITED = frozenset({
    "ids", "crossref", "xref", "xdata", "entryset", "entrysubtype", "execute", "label",
    "options", "presort", "related", "relatedoptions", "relatedstring", "relatedtype",
    "shorthand", "shorthandintro", "sortkey"})

_NOT_TITLES = {"shorttitle": (), "sorttitle": (), "indextitle": (), "indexsorttitle": ()}
_MAIN = {"title": ("maintitle",), "subtitle": ("mainsubtitle",),
         "titleaddon": ("maintitleaddon",), **_NOT_TITLES}
_BOOK = {"title": ("booktitle",), "subtitle": ("booksubtitle",),
         "titleaddon": ("booktitleaddon",), **_NOT_TITLES}
_JOURNAL = {"title": ("journaltitle",), "subtitle": ("journalsubtitle",), **_NOT_TITLES}
_IN_BOOK = ("inbook", "bookinbook", "suppbook")
_IN_COLLECTION = ("incollection", "inreference", "suppcollection")

# B.2: (parent types, child types, source field -> target fields)
_RULES = [
    (("mvbook", "book"), _IN_BOOK, {"author": ("author", "bookauthor")}),
    (("mvbook",), ("book",) + _IN_BOOK, _MAIN),
    (("mvcollection", "mvreference"), ("collection", "reference") + _IN_COLLECTION, _MAIN),
    (("mvproceedings",), ("proceedings", "inproceedings"), _MAIN),
    (("book",), _IN_BOOK, _BOOK),
    (("collection", "reference"), _IN_COLLECTION, _BOOK),
    (("proceedings",), ("inproceedings",), _BOOK),
    (("periodical",), ("article", "suppperiodical"), _JOURNAL),
]
RENAMES: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {}
for _parents, _children, _mapping in _RULES:
    for _parent in _parents:
        for _child in _children:
            RENAMES.setdefault((_parent, _child), {}).update(_mapping)

# BibTeX's own practice, outside Appendix B: a chapter-like entry (@incollection of a @book,
# @inproceedings of a @book) whose parent has no rule for its title takes it as booktitle.
# the entry types that are part of a book: their parent's title is their booktitle
CHAPTERLIKE = frozenset(_IN_BOOK + _IN_COLLECTION + ("inproceedings",))

_LIST = spaced(",")  # (linear on a long run of spaces: patterns.spaced)


def keys(value: str | None) -> list[str]:
    """The keys of an xdata (or entryset) field: "a, b"."""
    return [k for k in _LIST.split(value.strip()) if k] if value else []


def inherited_fields(parent: Entry, child_type: str) -> dict[str, Field]:
    """The fields a child of ``child_type`` takes from ``parent`` (whose own inheritance is
    already resolved), under the names it takes them by."""
    renames = RENAMES.get((parent.type, child_type), {})
    out: dict[str, Field] = {}
    # renamed fields first: an explicit rule wins over a field of the target's own name
    for name, targets in renames.items():
        f = parent.fields.get(name)
        if f is not None:
            for target in targets:
                out.setdefault(target, f)
    for name, f in parent.fields.items():
        if name in NOT_INHERITED or name in renames:
            continue
        if name == "title" and child_type in CHAPTERLIKE and "booktitle" not in out:
            out["booktitle"] = f
            continue
        out.setdefault(name, f)
    return out


def resolve(entry: Entry, by_key: dict[str, Entry],
            cache: dict[str, Entry] | None = None) -> Entry:
    """``entry`` with the fields it inherits; the entry itself when it inherits nothing.
    Inherited fields are located at the entry's crossref or xdata field (where this entry
    asks for them). A missing parent inherits nothing, nor does the link that closes a cycle
    (the check reports both).

    The chain is walked without recursion and each entry is resolved once: ``cache`` (lower-
    case key -> resolved entry), kept by a caller that resolves many entries, makes the work
    linear in the bibliography, however long its crossref chains (3,000 links)."""
    cache = {} if cache is None else cache
    visiting: set[str] = set()
    stack = [(entry, False)]
    while stack:
        current, parents_done = stack.pop()
        name = current.key.lower()
        if name in cache or (not parents_done and name in visiting):
            continue  # resolved already; or an entry this walk is inside of: a cycle
        parents = _parents(current, by_key)
        if not parents_done:
            visiting.add(name)
            stack.append((current, True))
            stack.extend((parent, False) for _, parent in parents)
        else:
            visiting.discard(name)
            cache[name] = _merged(current, [(kind, cache.get(parent.key.lower()))
                                            for kind, parent in parents])
    return cache[entry.key.lower()]


def _parents(entry: Entry, by_key: dict[str, Entry]) -> list[tuple[str, Entry]]:
    """The entries ``entry`` asks to inherit from that exist: its xdata ones, its crossref."""
    found = [("xdata", by_key.get(key.lower())) for key in keys(entry.get("xdata"))]
    crossref = (entry.get("crossref") or "").strip()
    if crossref:
        found.append(("crossref", by_key.get(crossref.lower())))
    return [(kind, parent) for kind, parent in found if parent is not None]


def _merged(entry: Entry, parents: list[tuple[str, Entry | None]]) -> Entry:
    """``entry`` with the fields of its resolved parents (None: a link closing a cycle)."""
    if not parents:
        return entry
    fields = dict(entry.fields)
    for kind, parent in parents:
        if parent is None:
            continue
        line = entry.field_line(kind)
        inherited = inherited_fields(parent, entry.type) if kind == "crossref" else {
            name: f for name, f in parent.fields.items() if name not in NOT_INHERITED}
        for name, f in inherited.items():
            if name not in fields:
                fields[name] = Field(name, f.value, line)
    return Entry(entry.key, entry.type, fields, entry.file, entry.line)
