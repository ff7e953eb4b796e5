"""BibTeX text -> entries (model.py), with bibtexparser v2's splitter.

bibtexparser splits the file into blocks and keeps every block's line; what it cannot parse
becomes a failed block, which we turn into a located diagnostic while reading goes on. Macro
resolution (``@string``, ``#`` concatenation, the month macros) is done here rather than by
bibtexparser's middleware, which resolves only whole-value references.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import bibtexparser
from bibtexparser import model as bp

from . import latex, rules
from .diagnostics import Diagnostic
from .errors import InputError
from .fileio import read_bytes
from .memory import collector_paused
from .model import Bibliography, Entry, Field, StringMacro

# The month macros every BibTeX style defines.
MONTH_MACROS = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May",
    "jun": "June", "jul": "July", "aug": "August", "sep": "September", "oct": "October",
    "nov": "November", "dec": "December",
}

# What @string macros may expand to, in all, in one file: eight times its size plus 1 MB
# (characters). A macro of each definition doubled ("b = a # a") grows exponentially: 26 of
# them in 700 bytes were 64 MB, and a page built from it 400 MB; real files' macros (journal
# names, months) come to a fraction of their size.
EXPANSION_FACTOR = 8
EXPANSION_BASE = 1 << 20


class ExpansionBudget:
    """The characters macros may still add to the values of one file."""

    def __init__(self, text: str):
        self.limit = self.left = EXPANSION_FACTOR * len(text) + EXPANSION_BASE

    def take(self, size: int) -> bool:
        if size > self.left:
            return False
        self.left -= size
        return True


# bibtexparser logs every block it gives up on; we report those as diagnostics instead, and a
# library never prints (a NullHandler keeps Python's last-resort handler off stderr).
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())


def read_text(data: bytes, file: str) -> tuple[str, list[Diagnostic]]:
    """Decode file bytes as UTF-8 (a BOM is allowed; UTF-16 and UTF-32 with their BOM too).

    Bytes that are not UTF-8 are reported with their line and decoded as Latin-1 so that the
    rest of the file can still be read; nothing is written back. A NUL past the first 64 KiB
    (a file with one there is refused as binary) is removed, and reported (RB407).
    """
    text, diagnostics = _decode(data, file)
    if "\x00" in text:
        first = text.index("\x00")
        diagnostics.append(rules.NUL_CHARACTER(
            f"{text.count(chr(0))} NUL character(s), the first on this line; removed",
            file=file, line=text.count("\n", 0, first) + 1))
        text = text.replace("\x00", "")
    return text, diagnostics


def _decode(data: bytes, file: str) -> tuple[str, list[Diagnostic]]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            if encoding == "utf-8":
                data = data[len(bom):]
                break
            text = data[len(bom):].decode(encoding, "replace")
            return _lines(text), ([] if "\ufffd" not in text else [rules.NOT_UTF8(
                f"not valid {encoding.upper()}: unreadable characters replaced by \ufffd",
                file=file, line=1)])
    if b"\x00" in data[:65536]:
        zeros = data[:4096].count(b"\x00")
        hint = " (every other byte is NUL: UTF-16 without a byte-order mark? save it as " \
               "UTF-8)" if zeros * 3 > len(data[:4096]) else ""
        raise InputError(f"{file}: a binary file (it has NUL bytes), not a bibliography{hint}")
    try:
        return _lines(data.decode("utf-8")), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        diag = rules.NOT_UTF8(f"not UTF-8: byte 0x{data[exc.start]:02x} at column {col}",
                              file=file, line=line)
        return _lines(data.decode("latin-1")), [diag]


# byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one)
_BOMS = [(b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\xef\xbb\xbf", "utf-8"), (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le")]


def _lines(text: str) -> str:
    """Old Mac line ends (CR only) read as lines, so that findings have line numbers."""
    if "\r" in text and "\n" not in text:
        return text.replace("\r", "\n")
    return text


_MARKS = re.compile(r'[@{}()",=%]')
# inside a braced or quoted value only these marks change anything (the others are text there)
_VALUE_MARKS = re.compile(r'[@{}"]')
_BLOCK_START = re.compile(r"@\s*(\w+)\s*([{(])")
_COMMENT_LIKE = re.compile(r"(?:^|,)[ \t]*%", re.MULTILINE)
_FREE_TEXT_BLOCKS = {"comment", "preamble", "string"}  # no fields to comment between


def blank_comments(text: str) -> str:
    """The text with each ``%`` comment inside an entry blanked (spaces to the end of its
    line, line ends and so line numbers kept), as biber and most editors read them:

        @article{a,
          % reviewed 2020
          author = {Doe, Jane}, % trailing note
          ...

    bibtexparser took the comment for the start of the next field's name ("% reviewed 2020
    author"), and a comma or "=" in it broke the entry. A ``%`` is a comment where a field's
    name may start (after the comma before it) or first on its line between fields; inside
    a braced or quoted value it is text and stays. One pass over the text."""
    if "%" not in text or not _COMMENT_LIKE.search(text):
        return text  # nearly every file: no "%" first on a line or after a comma
    spans: list[tuple[int, int]] = []
    closer = None  # the delimiter closing the entry being read ("}" or ")"), None outside one
    depth, quoted, naming = 0, False, False
    pos = 0
    while (m := (_VALUE_MARKS if depth or quoted else _MARKS).search(text, pos)) is not None:
        mark, at = m.group(), m.start()
        pos = m.end()
        # only spaces before it on its line (asked of "@" and "%" alone: no line end is read,
        # and every mark or jump on the line leaves a character that is no space)
        line_start = mark in "@%" and _only_spaces_before(text, at)
        if mark == "@" and (closer is None or line_start):
            block = _BLOCK_START.match(text, at)
            if block is None:
                continue
            pos, depth, quoted, naming = block.end(), 0, False, False
            closing = "}" if block.group(2) == "{" else ")"
            closer = None if block.group(1).lower() in _FREE_TEXT_BLOCKS else closing
            if closer is None:  # a free-text block: read to its end, nothing blanked
                pos = _block_end(text, pos, closing)
            continue
        if closer is None:
            continue
        if mark == "{":
            depth += 1
        elif mark == "}" and depth > 0:
            depth -= 1
        elif depth > 0:
            continue  # inside a braced value: everything is text
        elif mark == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif mark == closer:
            closer = None
        elif mark == ",":
            naming = True
        elif mark == "=":
            naming = False
        elif mark == "%" and (naming or line_start):
            end = text.find("\n", at)
            end = len(text) if end < 0 else end - (text[end - 1] == "\r")
            spans.append((at, end))
            pos = end
    if not spans:
        return text
    out, copied = [], 0
    for start, end in spans:
        out += [text[copied:start], " " * (end - start)]
        copied = end
    out.append(text[copied:])
    return "".join(out)


def _only_spaces_before(text: str, at: int) -> bool:
    begin = text.rfind("\n", 0, at) + 1
    return begin == at or text[begin:at].isspace()


def _block_end(text: str, pos: int, closer: str) -> int:
    """Where a free-text block (@comment, @preamble, @string) opened just before ``pos`` ends
    (its braces read as latex.top_level reads them, as bibtexparser does)."""
    if closer == "}":
        end = latex.group_end(text, pos - 1)
    else:
        end = next((at + 1 for i, j in latex.top_level(text, pos)
                    if (at := text.find(closer, i, j)) >= 0), None)
    return len(text) if end is None else end


def read_file(path: str | Path) -> Bibliography:
    data = read_bytes(path)
    text, diagnostics = read_text(data, str(path))
    bib = parse(text, file=str(path))
    bib.diagnostics[:0] = diagnostics
    return bib


def parse(text: str, file: str | None = None, *, keep_raw: bool = True,
          strings: dict[str, StringMacro] | None = None) -> Bibliography:
    """Parse BibTeX text. Bad blocks become diagnostics; parsing goes on after them.

    ``keep_raw=False`` leaves out each entry's text as written (``Entry.raw``, as big as the
    file), which only the writers that copy entries need.

    ``strings``: the @string macros of the files read before this one (lower-case name ->
    macro), as BibTeX and pandoc read ``IEEEabrv.bib refs.bib``: they resolve here and count
    their uses here; this file's own macros are added to it (and are ``Bibliography.strings``).
    """
    with collector_paused():
        return _parse(text, file, keep_raw, {} if strings is None else strings)


def _parse(text: str, file: str | None, keep_raw: bool,
           known: dict[str, StringMacro]) -> Bibliography:
    # the library's blocks are let go one by one as they become entries, so that the two
    # are not both in memory whole (bibtexparser's blocks were most of the peak memory of
    # reading 50,000 entries)
    blanked = blank_comments(text)
    blocks = bibtexparser.parse_string(blanked, parse_stack=[]).blocks
    line_of = _line_numbers(blanked)  # the lines bibtexparser counted (the same as the text's)
    # each entry's text as written, its comments in (None: the blocks' own)
    written = _as_written(blocks, blanked, text) if keep_raw and blanked is not text else None
    bib = Bibliography(file=file)
    macros: dict[str, str] = dict(MONTH_MACROS)
    macros.update((name, macro.value) for name, macro in known.items())
    seen: dict[str, Entry] = {}
    budget = ExpansionBudget(text)

    def report(rule, message, line=None, key=None, field=None):
        bib.diagnostics.append(rule(message, file=file, line=line, key=key, field=field))

    def resolve(raw, line, key, field):
        return _resolve(raw, macros, known, report, line, key, field, budget)

    for i, block in enumerate(blocks):
        blocks[i] = None
        line = line_of(block.start_line)
        if isinstance(block, bp.String):
            value = resolve(block.value, line, None, block.key)
            macros[block.key.lower()] = value
            bib.strings[block.key.lower()] = known[block.key.lower()] = \
                StringMacro(block.key, value, line)
        elif isinstance(block, bp.Entry) and not block.key.strip():
            report(rules.SYNTAX_ERROR, f"@{block.entry_type} entry without a key; it is "
                   "ignored", line=line)
        elif isinstance(block, bp.DuplicateBlockKeyBlock) or (
                isinstance(block, bp.Entry) and block.key in seen):
            # bibtexparser misses a repeat of a key whose first entry repeated a field
            first = seen.get(block.key)
            where = f" (first defined on line {first.line})" if first else ""
            report(rules.DUPLICATE_KEY, f"duplicate key '{block.key}'{where}; this entry is "
                   "ignored", line=line, key=block.key)
        elif isinstance(block, bp.Entry):
            entry = _entry(block, resolve, file, written[i] if written else _raw(block, keep_raw),
                           line_of)
            seen[entry.key] = entry
            bib.entries.append(entry)
        elif isinstance(block, bp.DuplicateFieldKeyBlock):
            entry_block = block.ignore_error_block
            names = sorted(block.duplicate_keys) if hasattr(block, "duplicate_keys") else []
            report(rules.DUPLICATE_FIELD,
                   f"field given twice: {', '.join(names) or 'see entry'}; the last one is used",
                   line=line, key=entry_block.key if entry_block is not None else None)
            if entry_block is not None and not entry_block.key.strip():
                report(rules.SYNTAX_ERROR, f"@{entry_block.entry_type} entry without a key; it "
                       "is ignored", line=line)
            elif entry_block is not None:
                entry = _entry(entry_block, resolve, file,
                               written[i] if written else _raw(entry_block, keep_raw), line_of)
                seen[entry.key] = entry
                bib.entries.append(entry)
        elif isinstance(block, bp.ParsingFailedBlock):
            report(rules.SYNTAX_ERROR, _syntax_message(block, line), line=line,
                   key=_guess_key(block.raw))
        elif isinstance(block, bp.ImplicitComment) and line is not None:
            bib.comments.append((line, block.comment))
    return bib


def _line_numbers(text: str) -> Callable[[int | None], int | None]:
    """bibtexparser's 0-based block and field lines -> the file's 1-based lines.

    bibtexparser counts a newline only where no backslash stands before it, so each line
    ending in one ("\\\\" at the end of a line, TeX's line break inside a value) cost every
    later finding one line (texbook3.bib: 5,403 of 5,437 findings outside their entry). Its
    count of the newlines it saw is mapped to the true line of the line it starts."""
    if "\\\n" not in text:
        return lambda line: line + 1 if line is not None else None
    true_line = [1]  # lines as bibtexparser counts them -> the file's line where each starts
    line = 1
    for m in _NEWLINE.finditer(text):
        line += 1
        if m.group()[0] != "\\":
            true_line.append(line)
    last = len(true_line) - 1
    return lambda counted: true_line[min(counted, last)] if counted is not None else None


_NEWLINE = re.compile(r"\\?\n")


def _syntax_message(block: bp.ParsingFailedBlock, line: int | None) -> str:
    error = block.error
    reason = getattr(error, "abort_reason", None) or str(error).strip()
    reason = " ".join(reason.split()).rstrip(".")
    m = re.match(r"Parsing of `@\w+` block \(line \d+\) aborted on line (\d+) due to "
                 r"syntactical error in bibtex: (.*)", reason)
    if m:
        reason = f"{m.group(2)} (line {int(m.group(1)) + 1})"
    end = getattr(error, "end_index", None)
    if end is not None and block.raw is not None and line is not None:
        stop = line + block.raw.count("\n", 0, end)
        reason += f"; reading of the entry stopped at line {stop}"
    return f"syntax error: {reason or 'unreadable entry'}"


def _guess_key(raw: str | None) -> str | None:
    m = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s]+)\s*,", raw or "")
    return m.group(1) if m else None


def _raw(block, keep_raw: bool) -> str | None:
    return block.raw if keep_raw else None


def _as_written(blocks: list, blanked: str, text: str) -> list[str | None]:
    """Each block's text as the file has it, comments in (``blanked``: see block_places)."""
    return [block.raw if at is None else text[at:at + len(block.raw)]
            for block, at in zip(blocks, block_places(blocks, blanked))]


def block_places(blocks: list, blanked: str) -> Iterator[int | None]:
    """Where each block's text starts in the file (None: not found there, never seen), where
    ``blanked`` is ``blank_comments(text)``: of the same length, so that a block's place in
    one is its place in the other."""
    pos = 0
    for block in blocks:
        at = blanked.find(block.raw, pos) if block.raw else -1
        if at < 0:
            yield None
            continue
        yield at
        pos = at + len(block.raw)


def _entry(block: bp.Entry, resolve, file: str | None, raw: str | None,
           line_of=lambda line: line + 1 if line is not None else None) -> Entry:
    line = line_of(block.start_line)
    entry = Entry(key=block.key, type=block.entry_type.lower(), file=file, line=line, raw=raw)
    fields = entry.fields
    for f in block.fields:
        fline = line_of(f.start_line) if f.start_line is not None else line
        name = f.key.lower()
        raw = str(f.value)
        if "#" not in raw and len(raw) >= 2 and (raw[0], raw[-1]) in _DELIMITERS:
            value = raw[1:-1]  # (nearly every value: _resolve's first case, without a call)
        else:
            value = resolve(raw, fline, block.key, name)
        fields[name] = Field(name, value, fline)
    return entry


_DELIMITERS = frozenset({("{", "}"), ('"', '"')})


def _resolve(raw: str, macros: dict[str, str], strings: dict[str, StringMacro], report, line,
             key, field, budget: ExpansionBudget) -> str:
    """Evaluate a field value: braces, quotes, numbers and macros joined with ``#``; a macro
    past the file's expansion budget is left as its name, and reported."""
    if "#" not in raw and len(raw) >= 2 and (raw[0], raw[-1]) in _DELIMITERS:
        return raw[1:-1]  # nearly every value: one braced or quoted part, nothing to join
    parts = _split_concatenation(raw.strip())
    out = []
    refused = False
    for part in parts:
        if part.startswith("{") and part.endswith("}"):
            out.append(part[1:-1])
        elif part.startswith('"') and part.endswith('"') and len(part) >= 2:
            out.append(part[1:-1])
        elif part.isdigit():
            out.append(part)
        elif part:
            value = macros.get(part.lower())
            if part.lower() in strings:
                strings[part.lower()].uses += 1
            if value is None:
                report(rules.UNDEFINED_MACRO, f"undefined @string macro '{part}'",
                       line=line, key=key, field=field)
                value = part
            elif not budget.take(len(value)):
                if not refused:  # once a value
                    report(rules.MACRO_TOO_LARGE, f"@string macro '{part}' not expanded: the "
                           f"file's macros would come to more than {budget.limit:,} "
                           f"characters ({EXPANSION_FACTOR} times the file's size, plus 1 MB)",
                           line=line, key=key, field=field)
                refused, value = True, part
            out.append(value)
    return "".join(out)


def _split_concatenation(raw: str) -> list[str]:
    if "#" not in raw:
        return [raw]  # nearly every value: one part
    parts, quoted, start = [], False, 0
    for i, j in latex.top_level(raw):  # (an escaped character never concatenates)
        for m in _QUOTE_OR_HASH.finditer(raw, i, j):
            if m.group() == '"':
                quoted = not quoted
            elif not quoted:
                parts.append(raw[start:m.start()].strip())
                start = m.end()
    parts.append(raw[start:].strip())
    return parts


_QUOTE_OR_HASH = re.compile(r'["#]')
