"""pandoc's citation syntax, as its Markdown reader reads it (pandoc manual, "Citation syntax").

- bracketed: ``[@key]``, ``[see @a, pp. 33-35; also @b, ch. 1]``, ``[-@key]`` (author
  suppressed); each ``;``-separated part is a prefix, a key and a suffix;
- narrative (author in text): ``@key``, ``@key [p. 33]``;
- keys: a letter, digit or ``_``, then letters, digits and the punctuation ``:.#$%&-+?<>~/``
  when a letter or digit follows it (``@Casale:2015``, ``@doi/10.1``, a key's final ``.`` is
  the sentence's); any text in braces: ``@{Smith, 2001}``;
- a locator opens the suffix: a label the locale knows (``p.``, ``pp.``, ``chap.``,
  ``section`` ...) and its value (words with digits or roman numerals, joined by commas:
  ``pp. 3 and 5`` is page 3), or a bare number (a page); braces keep a locator as
  written: ``{pp. iv, vi-xi}``; ``--`` in it is an en dash, as pandoc's reader makes it;
- a bracket followed by ``(``, ``[`` or ``{`` is a link's text or a span, not a citation
  (``[@key](url)``: the citation in it is narrative).

This module reads strings; which parts of a document are text (and not code, a URL or
an e-mail address) is the Markdown reader's concern (markdown.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from bisect import bisect_left
from functools import lru_cache

# a key, as pandoc's citeKey parser reads it
_KEY = re.compile(r"\w(?:\w|[:.#$%&\-+?<>~/](?=\w)|[:/](?=/))*")
# Quarto and pandoc-crossref cross-references, not citations (when no item has the key)
CROSSREF = re.compile(r"(?:fig|tbl|eq|sec|lst|thm|lem|cor|prp|cnj|def|exm|exr|sol|rem|nte|"
                      r"apx|tip|wrn|imp|cau)[-:]\S")
_ROMAN = re.compile(r"(?=[ivxlcdm])m{0,4}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$")
_WORD = re.compile(r"[^\s,;\]]+")
# between a locator's words: a comma or semicolon, or neither, and at most one space
_SEPARATOR = re.compile(r"[,;]?\s?")


@dataclass
class Cite:
    """One cite of a citation: ``prefix`` and ``suffix`` are Markdown source."""

    key: str
    prefix: str = ""
    suffix: str = ""
    suppress_author: bool = False


@dataclass
class Citation:
    """A citation as written in the document, with where it stands there."""

    cites: list[Cite]
    narrative: bool = False  # ``@key``: the author in the text
    source: str = ""  # the text as written
    start: int = 0  # offsets in the document's text (set by the reader)
    end: int = 0
    line: int = 0  # 1-based
    column: int = 0  # 1-based
    note: int | None = None  # the footnote (the reader's id) it stands in, if any
    opens_note: bool = False  # the first thing in that footnote's text
    link_end: int | None = None  # in a link's text: where the link ends (its destination's)

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.cites]


def read_key(text: str, pos: int) -> tuple[str, int] | None:
    """The key after an ``@`` at ``pos - 1``, and where it ends."""
    if text.startswith("{", pos):
        depth, i = 0, pos
        # (a braced key is a key, not a paragraph: one that has not closed within
        # _WORD_MOST characters is none, so "@{@{@{..." is read in linear time)
        while i < min(len(text), pos + _WORD_MOST):
            if text[i] == "{":
                depth += 1
            elif text[i] == "}":
                depth -= 1
                if depth == 0:
                    key = text[pos + 1:i].strip()
                    return (key, i + 1) if key else None
            elif text[i] == "\n" and text[i - 1:i] == "\n":
                return None
            i += 1
        return None
    m = _KEY.match(text, pos)
    return (m.group(), m.end()) if m else None


def _closing_bracket(text: str, pos: int) -> int | None:
    """The ``]`` that closes the ``[`` at ``pos``: nested brackets, backslash escapes and
    code spans skipped. Every bracket of a text is paired in one pass (_bracket_pairs), so
    a paragraph of many ``[`` is read in linear time, not one scan to its end each."""
    if pos >= len(text) or text[pos] != "[":
        return None
    return _brackets(text).pairs.get(pos)


class _Brackets:
    """The brackets of a text, read in one pass: ``pairs``, each ``[`` that is closed and
    its ``]``, as a scan from the ``[`` finds it (the brackets nested inside counted, a
    backslash escape and a code span, a run of backticks to the next run of as many,
    skipped; an unclosed run of backticks read as text); ``at``, the position of every
    bracket counted, in order."""

    def __init__(self, text: str):
        self.pairs: dict[int, int] = {}
        self.at: list[int] = []
        _pair(text, self.pairs, self.at)
        # for the bracket at each index of ``at``: the first "]" from there on that closes
        # a "[" before it (past the balanced groups on its way), or None
        self._unbalanced: list[int | None] = [None] * (len(self.at) + 1)
        index = {position: n for n, position in enumerate(self.at)}
        for n in range(len(self.at) - 1, -1, -1):
            position = self.at[n]
            if text[position] == "]":
                self._unbalanced[n] = position
            elif position in self.pairs:
                self._unbalanced[n] = self._unbalanced[index[self.pairs[position]] + 1]

    def enclosing_close(self, pos: int) -> int | None:
        """The "]" that closes the innermost bracket open at ``pos``."""
        return self._unbalanced[bisect_left(self.at, pos)]


@lru_cache(maxsize=8)  # (the inline rule asks of one text at every "[" and "@" it meets)
def _brackets(text: str) -> _Brackets:
    return _Brackets(text)


def _pair(text: str, pairs: dict[int, int], at: list[int]) -> None:
    """_Brackets' one pass over the text: its ``pairs`` and ``at`` filled."""
    opened: list[int] = []
    unclosed_runs: set[int] = set()  # run lengths with no closing run after a point: none
    n, i = len(text), 0
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "`":
            j = i
            while j < n and text[j] == "`":
                j += 1
            run = j - i
            close = -1 if run in unclosed_runs else text.find("`" * run, j)
            if close < 0:
                unclosed_runs.add(run)  # (none later either: the next is not searched)
                i = j
                continue
            i = close + run
            continue
        if c == "[":
            opened.append(i)
            at.append(i)
        elif c == "]":
            at.append(i)
            if opened:
                pairs[opened.pop()] = i
        i += 1


def _split_parts(body: str) -> list[str]:
    """``see @a, p. 1; also @b`` -> its parts, split at the semicolons outside braces."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(body):
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(0, depth - 1)
        elif c == ";" and depth == 0 and (i == 0 or body[i - 1] != "\\"):
            parts.append(body[start:i])
            start = i + 1
    parts.append(body[start:])
    return parts


def _read_part(part: str) -> Cite | None:
    """One part of a bracketed citation: prefix, ``-``, ``@key``, suffix."""
    for m in re.finditer(r"(-?)@", part):
        at, suppress = m.start(), bool(m.group(1))
        if suppress and part[at - 1:at] == "-":  # "see---@key": a dash, no suppression
            at, suppress = at + 1, False
        if at and not _opens_cite_after(part[at - 1], suppress):
            continue
        found = read_key(part, m.end())
        if found is None:
            continue
        key, end = found
        return Cite(key, prefix=part[:at].strip(), suffix=part[end:].rstrip(),
                    suppress_author=suppress)
    return None


def _opens_cite_after(char: str, suppress: bool) -> bool:
    """Whether ``@`` (``-@`` when ``suppress``) after ``char`` opens a cite in brackets, as
    pandoc reads it: after a space, or punctuation that ends no word (``see---@a``,
    ``see: @a``, ``(@a``); not inside a word or an address (``e.g.@a``, ``x@y``)."""
    if char.isspace():
        return True
    return not suppress and not char.isalnum() and char not in ".*_@\\"


def read_bracketed(text: str, pos: int) -> tuple[Citation, int] | None:
    """A bracketed citation opening at ``pos`` (a ``[``), and where it ends."""
    if pos + 1 < len(text) and text[pos + 1] == "^":
        return None  # a footnote reference
    close = _closing_bracket(text, pos)
    if close is None:
        return None
    body = text[pos + 1:close]
    if "@" not in body or "\n\n" in body or _opens_link_or_span(text, close + 1):
        return None
    cites = []
    for part in _split_parts(body):
        cite = _read_part(part)
        if cite is None:
            return None
        cites.append(cite)
    return Citation(cites, source=text[pos:close + 1]), close + 1


def _opens_link_or_span(text: str, pos: int) -> bool:
    """What follows a bracket makes it a link's text or a span (``[@key](url)``,
    ``[@key][ref]``, ``[@key]{.class}``), whose citations pandoc reads as narrative; a
    footnote call after it (``[@key][^1]``) leaves it a citation."""
    return text[pos:pos + 1] in ("(", "{") or (text[pos:pos + 1] == "[" and
                                                text[pos + 1:pos + 2] != "^")


def link_end(text: str, pos: int) -> int | None:
    """Where the link whose text holds ``pos`` ends: after its text's ``]`` and its
    destination ``(...)`` or reference ``[...]`` (None: not found)."""
    close = _brackets(text).enclosing_close(pos)
    return None if close is None else _after_destination(text, close + 1)


@lru_cache(maxsize=64)  # (each citation in one link's text asks it again)
def _after_destination(text: str, end: int) -> int | None:
    """After the destination ``(...)`` or reference ``[...]`` that follows a link's text
    ending at ``end``, or ``end`` when neither does."""
    if text.startswith("(", end):
        depth, i = 0, end
        while i < len(text):
            if text[i] == "\\":
                i += 2
                continue
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            if depth == 0:
                return i + 1
            i += 1
        return None
    if text.startswith("[", end):
        close = _closing_bracket(text, end)
        return None if close is None else close + 1
    return end


# How far back an ``@`` looks for the start of its word: an ``@`` after more than this many
# characters with no space is inside a word (a URL, an address), never a citation, and a
# paragraph of such ``@`` is read in linear time
_WORD_MOST = 500


def _in_url_or_address(text: str, pos: int) -> bool:
    """An ``@`` inside a bare URL (``https://x.org/@name``) or an e-mail address."""
    start, stop = pos, max(0, pos - _WORD_MOST)
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "([<":
        start -= 1
        if start < stop:
            return True
    word = text[start:pos]
    return "://" in word or word.lower().startswith("www.") or "@" in word


# a narrative citation's suffix opening; the repeats possessive (the spaces before and after
# the optional line end were split every way: 20,000 spaces after a citation, 0.4 s)
_BRACKET_AFTER = re.compile(r"[ \t]*+\n?+[ \t]*+\[")


def read_narrative(text: str, pos: int) -> tuple[Citation, int] | None:
    """A narrative citation at ``pos`` (an ``@``): ``@key``, ``@key [p. 33]``, and, as
    pandoc joins them, ``@key [-@other; @third]`` (one citation: the first cite's author
    in the text, the others in its parentheses); ``@key [a link](url)`` is no suffix."""
    if pos and (text[pos - 1].isalnum() or text[pos - 1] in ".@\\") or \
            _in_url_or_address(text, pos):
        return None
    found = read_key(text, pos + 1)
    if found is None:
        return None
    key, end = found
    suffix, more = "", []
    m = _BRACKET_AFTER.match(text, end)
    if m:
        open_at = m.end() - 1
        close = _closing_bracket(text, open_at)
        inside = text[open_at + 1:close] if close is not None else ""
        if close is None or inside.startswith("^") or "\n\n" in inside or \
                _opens_link_or_span(text, close + 1):
            pass
        elif not re.search(r"(?:^|\s)-?@", inside):
            suffix, end = inside, close + 1
        else:
            bracketed = read_bracketed(text, open_at)
            if bracketed is not None:
                more, end = bracketed[0].cites, bracketed[1]
    return Citation([Cite(key, suffix=suffix)] + more, narrative=True,
                    source=text[pos:end]), end


# --- locators -----------------------------------------------------------------------------

def _locator_word(word: str, digits: bool) -> bool:
    return any(c.isdigit() for c in word) or (not digits and bool(_ROMAN.match(word.lower())))


def _locator_value(text: str, digits: bool = False) -> int:
    """How much of ``text`` is a locator's value, as pandoc reads one: words with digits or
    roman numerals (with digits only after no label: ``xiv`` alone is no page), each after
    a comma or semicolon and at most one space (``33-35, 40``; ``3 and 5`` is ``3``)."""
    m = _WORD.match(text)
    if not m or not _locator_word(m.group(), digits):
        return 0
    end = m.end()
    while True:
        separator = _SEPARATOR.match(text, end)
        w = _WORD.match(text, separator.end())
        if not w or not _locator_word(w.group(), digits):
            return end
        end = w.end()


def typographic(value: str) -> str:
    """A locator, prefix or suffix as pandoc's Markdown reader (its smart extension) gives
    it to citeproc: ``--`` an en dash (``12--14`` a range of pages), ``---`` an em dash,
    ``...`` an ellipsis."""
    return value.replace("---", "\u2014").replace("--", "\u2013").replace("...", "\u2026")


@dataclass
class Locator:
    label: str | None  # a CSL locator term
    value: str
    suffix: str  # what follows it


def split_locator(suffix: str, labels: dict[str, str]) -> Locator | None:
    """The locator at the start of a cite's suffix, by the locale's ``labels`` (term text,
    lower case -> CSL locator term); None when the suffix opens with none."""
    m = re.match(r"\s*,?\s*", suffix)
    body = suffix[m.end():]
    if body.startswith("{"):
        close = body.find("}")
        if close > 0:
            inside = body[1:close].strip()
            found = _labelled(inside, labels)
            if found is None:  # no label: pandoc prints it as written, as a suffix does
                return Locator(None, "", suffix[:m.end()] + inside + body[close + 1:])
            return Locator(found[0], typographic(found[1]), body[close + 1:])
        return None
    found = _labelled(body, labels)
    if found is not None:
        label, rest = found
        size = _locator_value(rest)
        if size:
            return Locator(label, typographic(rest[:size]), rest[size:])
        return None
    size = _locator_value(body, digits=True)
    if size:
        return Locator("page", typographic(body[:size]), body[size:])
    return None


def _labelled(text: str, labels: dict[str, str]) -> tuple[str, str] | None:
    """The label opening ``text`` (the longest the locale has), and the rest."""
    best = None
    lowered = text.lower()
    for form, name in labels.items():
        if lowered.startswith(form) and (best is None or len(form) > len(best[0])):
            after = text[len(form):len(form) + 1]
            if after == "" or after.isspace() or (form[-1] in ".§¶" and after.isalnum()):
                best = (form, name)
    if best is None:
        return None
    return best[1], text[len(best[0]):].lstrip()


def nocite_keys(text: str) -> list[str]:
    """The keys of a ``nocite`` value: ``@a, @b``, or ``@*`` for every item."""
    keys = []
    for m in re.finditer(r"@(\*|\{[^}]*\}|\w)", text):
        if m.group(1) == "*":
            keys.append("*")
            continue
        found = read_key(text, m.start() + 1)
        if found:
            keys.append(found[0])
    return keys

