"""``rabp-refs fmt``: a BibTeX file laid out the way editors want, nothing the user wrote lost.

A file is read as a *document*: every block bibtexparser finds (entries, @string, @preamble,
@comment, text between them, blocks that fail to parse), each with its exact text, and the
text between blocks. :func:`write` without normalising joins the texts back: the same bytes,
by construction. Normalising rewrites each entry that parsed cleanly:

- the type and key as written, one field per line, two spaces of indentation, "=" aligned,
  fields in a standard order (names, titles, container, numbers, date, publisher,
  identifiers) and any others after them in the order they were written;
- each value exactly as written (braces, quotes, macros, "#" concatenations), except for the
  safe fixes ``rabp-refs check`` suggests: page ranges with "--" (RB220), a DOI without its
  URL prefix (RB222), a month as its macro (``month = aug``), HTML entities as LaTeX (RB401),
  acronyms in titles braced (RB405);
- with ``unsafe=True`` also the fixes that guess: abbreviated page ranges written in full
  ("367-74" -> "367--374"), a volume holding its issue split ("9(1)"), names separated by
  commas joined with "and" (RB302).

Everything else is written as it was: comments, @string, @preamble, unknown fields, entries
with duplicate fields (normalising would have to drop one), and blocks that failed to parse.
``sort=True`` puts the entries in key order (each with the comment text before it); @string,
@preamble and @comment blocks keep their place before the first entry.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import bibtexparser
from bibtexparser import model as bp

from . import csl_data, latex, rules
from .bibtex import blank_comments, block_places
from .bibtex_write import MONTH_MACROS
from .diagnostics import Diagnostic
from .patterns import DOI_PREFIX_TEXT

logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

FIELD_ORDER = [
    "author", "editor", "translator", "bookauthor", "title", "subtitle", "titleaddon",
    "shorttitle", "booktitle", "maintitle", "journal", "journaltitle", "shortjournal", "series",
    "edition", "volume", "number", "issue", "eid", "pages", "chapter", "year", "month", "day",
    "date", "publisher", "institution", "school", "organization", "howpublished", "address",
    "location", "isbn", "issn", "doi", "url", "urldate", "eprint", "eprinttype", "type",
    "language", "langid", "keywords", "abstract", "note", "addendum", "crossref",
]
_RANK = {name: i for i, name in enumerate(FIELD_ORDER)}
# a month as the mapping reads it (names, abbreviations, "sept") or as a number -> its macro
_MONTH_NAMES = {name: MONTH_MACROS[n - 1] for name, n in csl_data.MONTHS.items()}
_MONTH_NAMES.update({str(n): m for n, m in enumerate(MONTH_MACROS, start=1)})
_MONTH_NAMES.update({f"{n:02d}": m for n, m in enumerate(MONTH_MACROS, start=1)})

_ENTITIES = {"&amp;": "\\&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#38;": "\\&",
             "&nbsp;": "~", "&ndash;": "--", "&mdash;": "---"}
_ENTITY = re.compile("|".join(re.escape(e) for e in _ENTITIES))
# a DOI prefix (patterns.DOI_PREFIX_TEXT), also after a brace or quote opened inside the value;
# the repeats possessive (what follows each never begins with what it repeats): the spaces
# before and after the optional brace were split every way (20,000 spaces: 4.5 s)
_DOI_PREFIX = re.compile(r"^(\s*+[{\"]?+\s*+)" + DOI_PREFIX_TEXT, re.IGNORECASE)
# one part of a pages field (between commas) that is a range of two page numbers, each
# digits with an optional letter prefix ("367-374", "e1-e9", "S12 – S19"), joined by one dash
# of any kind: only such a part is written with "--"; a page label with hyphens of its own
# ("M-1--M-14", "A-1-A-5") is left as it is
_PAGE_RANGE = re.compile(r"(\s*)([A-Za-z]*\d+)\s*(?:-|–|—|‐|‑)\s*([A-Za-z]*\d+)(\s*)")


@dataclass
class Segment:
    """A piece of the file: its exact text, and the parsed block when there is one."""

    text: str
    block: object | None = None


@dataclass
class Document:
    segments: list[Segment] = field(default_factory=list)
    bom: bool = False
    newline: str = "\n"


def read(text: str, bom: bool = False) -> Document:
    """The file as segments whose texts join back to ``text`` exactly."""
    blanked = blank_comments(text)  # of the same length: a block's place is the same in both
    library = bibtexparser.parse_string(blanked, parse_stack=[])
    doc = Document(bom=bom, newline="\r\n" if "\r\n" in text else (
        "\r" if "\r" in text and "\n" not in text else "\n"))
    pos = 0
    for block, at in zip(library.blocks, block_places(library.blocks, blanked)):
        if at is None:
            continue  # a block whose text is not in the file as it is (never seen): kept below
        if at > pos:
            doc.segments.append(Segment(text[pos:at]))
        pos = at + len(block.raw)
        doc.segments.append(Segment(text[at:pos], block))
    if pos < len(text):
        doc.segments.append(Segment(text[pos:]))
    return doc


def write(doc: Document, normalise: bool = False, *, unsafe: bool = False,
          sort: bool = False) -> tuple[str, list[Diagnostic]]:
    """The document as text, and what normalising left as it was (and why)."""
    notes: list[Diagnostic] = []
    segments = _sorted(doc.segments, doc.newline) if sort else doc.segments
    out = []
    for segment in segments:
        block = segment.block
        commented = block is not None and segment.text != block.raw  # % comments inside
        if normalise and isinstance(block, bp.Entry) and not isinstance(
                block, bp.DuplicateFieldKeyBlock) and not commented:
            out.append(_entry(block, doc.newline, unsafe))
        else:
            if normalise and (commented or isinstance(block, (bp.ParsingFailedBlock,
                                                              bp.DuplicateFieldKeyBlock))):
                line = (block.start_line or 0) + 1
                if commented:
                    why = "it has % comments between its fields, which normalising would drop"
                elif isinstance(block, bp.DuplicateFieldKeyBlock):
                    why = "a field is given twice"
                elif isinstance(block, bp.DuplicateBlockKeyBlock):
                    why = f"its key '{block.key}' is used by an entry above"
                else:
                    why = "it does not parse"
                notes.append(rules.SYNTAX_ERROR(f"kept as written: {why}", line=line,
                                                severity=rules.I))
            out.append(segment.text)
    return "".join(out), notes


def _sorted(segments: list[Segment], newline: str) -> list[Segment]:
    """Entries in key order, each with the text before it (its comment, a block that failed
    to parse); @string, @preamble and @comment blocks move before the first entry (a macro
    must be defined before it is used, never after); the file's end stays at the end."""
    head: list[Segment] = []
    groups: list[tuple[str, list[Segment]]] = []
    pending: list[Segment] = []
    for segment in segments:
        block = segment.block
        if isinstance(block, (bp.Entry, bp.DuplicateBlockKeyBlock)):  # sorted stably: the
            groups.append((block.key.lower(), pending + [segment]))  # first of a key first
            pending = []
        elif isinstance(block, (bp.String, bp.Preamble, bp.ExplicitComment)):
            head.extend(pending + [segment])
            pending = []
        else:
            pending.append(segment)
    ordered: list[Segment] = []
    for _, group in sorted(groups, key=lambda g: g[0]):
        while group and group[0].block is None and not group[0].text.strip():
            group = group[1:]  # the blank lines before it: one blank line between entries
        if ordered or head:
            ordered.append(Segment(newline + newline))
        ordered.extend(group)
    return head + ordered + pending


_VOLUME_ISSUE = re.compile(r"^([{\"])\s*(\w+)\s*\((\w+)\)\s*([}\"])$")


def _entry(block: bp.Entry, newline: str, unsafe: bool) -> str:
    fields = [(f.key.lower(), str(f.value)) for f in block.fields]
    if unsafe:
        fields = _split_volume(fields)
    order = {name: i for i, (name, _) in enumerate(fields)}
    fields.sort(key=lambda f: (_RANK.get(f[0], len(_RANK)), order[f[0]]))
    width = max((len(name) for name, _ in fields), default=0)
    lines = [f"@{block.entry_type}{{{block.key},"]
    for name, value in fields:
        lines.append(f"  {name:<{width}} = {fix_value(name, value, unsafe)},")
    lines.append("}")
    return newline.join(lines)


def _split_volume(fields: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """volume = {9(1)} -> volume = {9}, number = {1}, when there is no number yet (RB221)."""
    names = {name for name, _ in fields}
    if "number" in names or "issue" in names:
        return fields
    out = []
    for name, value in fields:
        m = _VOLUME_ISSUE.match(value.strip()) if name == "volume" else None
        if m:
            out += [(name, f"{m.group(1)}{m.group(2)}{m.group(4)}"),
                    ("number", f"{m.group(1)}{m.group(3)}{m.group(4)}")]
        else:
            out.append((name, value))
    return out


def _inside(value: str) -> tuple[str, str, str] | None:
    """(opening, content, closing) of a single braced or quoted value; None for macros and
    concatenations."""
    value = value.strip()
    if len(value) >= 2 and value[0] == "{" and value[-1] == "}" and latex.balanced_braces(value[1:-1]):
        return "{", value[1:-1], "}"
    if len(value) >= 2 and value[0] == '"' and value[-1] == '"' and '"' not in value[1:-1]:
        return '"', value[1:-1], '"'
    return None


def fix_value(name: str, value: str, unsafe: bool = False) -> str:
    """A field's raw value with the fixes ``check`` suggests for it (see the module doc)."""
    parts = _inside(value)
    if name == "month":
        bare = (parts[1] if parts else value).strip().lower().rstrip(".")
        return _MONTH_NAMES.get(bare, value)
    if parts is None:
        return value
    opening, content, closing = parts
    fixed = _ENTITY.sub(lambda m: _ENTITIES[m.group()], content) if "&" in content else content
    if name == "pages":
        fixed = ",".join(m.expand(r"\1\2--\3\4") if (m := _PAGE_RANGE.fullmatch(part))
                         else part for part in fixed.split(","))
        if unsafe:
            fixed = _full_range(fixed)
    elif name == "doi":
        fixed = _DOI_PREFIX.sub(r"\1", fixed)
    elif name in ("title", "booktitle", "subtitle", "shorttitle", "maintitle"):
        fixed = _brace_acronyms(fixed)
    elif unsafe and name in ("author", "editor", "translator") and " and " not in fixed \
            and fixed.count(",") >= 3:
        fixed = _comma_names(fixed)
    return opening + fixed + closing


def _full_range(pages: str) -> str:
    """"367--74" -> "367--374" (the abbreviated end takes the start's leading digits)."""
    def full(m: re.Match) -> str:
        start, end = m.group(1), m.group(2)
        if len(end) < len(start) and int(start[:len(start) - len(end)] + end) > int(start):
            end = start[:len(start) - len(end)] + end
        return f"{start}--{end}"
    return re.sub(r"\b(\d+)--(\d+)\b", full, pages)


def _brace_acronyms(title: str) -> str:
    """Words in capitals ("RA", "NSAIDs") braced, outside existing braces and commands
    (latex.unbraced_acronyms: the words the check reports)."""
    out, copied = [], 0
    for m in latex.unbraced_acronyms(title):
        out += [title[copied:m.start()], "{", m.group(), "}"]
        copied = m.end()
    out.append(title[copied:])
    return "".join(out)


def _comma_names(names: str) -> str:
    """"Baykara, R. A., Bozgeyik, Z." -> "Baykara, R. A. and Bozgeyik, Z." (family, initials
    pairs); left alone when the parts do not pair up that way."""
    parts = [p.strip() for p in names.split(",")]
    if len(parts) % 2:
        return names
    pairs = [f"{parts[i]}, {parts[i + 1]}" for i in range(0, len(parts), 2)]
    if not all(re.fullmatch(r"(?:[A-Z]\.\s*)+(?:-[A-Z]\.)?", parts[i + 1])
               for i in range(0, len(parts), 2)):
        return names
    return " and ".join(pairs)
