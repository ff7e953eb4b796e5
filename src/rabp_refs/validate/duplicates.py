"""RB110-RB112 duplicate records under different keys.

Candidates are grouped by what they would share (a DOI; a normalised title, year and first
author; a first author and year), so the work grows with the number of records, not with the
number of pairs. Titles are compared pairwise only inside a group of the same first author and
year, and the work of that is bounded: a group of more than ``MAX_GROUP`` records is not
compared, titles are compared on their first ``MAX_TITLE`` characters, and each title is
measured (difflib's ratio, quadratic in the length) against at most ``MAX_MEASURED`` earlier
titles that pass the cheap bounds (length, letters); a record of the same title, year and
author is looked for among the ``MAX_GROUP`` such records before it. Forty long titles all
alike took more than five minutes before; real groups never come near these bounds.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict

from .. import latex, rules
from ..patterns import DOI_PREFIX

# Fields that tell two records of the same title apart when both have them and they differ.
DISTINGUISHING = ("url", "doi", "pages", "volume", "number", "edition", "journal",
                  "journaltitle", "booktitle", "publisher", "howpublished", "chapter", "eid",
                  "isbn", "series", "urldate")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
MAX_GROUP = 200  # pairwise title comparison only inside groups up to this size
MAX_TITLE = 200  # characters of a normalised title compared
MAX_MEASURED = 4  # earlier titles a title is measured against with difflib's ratio


def normalise(text: str | None) -> str:
    if not text:
        return ""
    text = latex.decode_text(text) if any(c in text for c in "\\{}~") else text
    text = text.casefold()
    if not text.isascii():  # accents off: "Müller" and "Muller" are one name
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", text).strip()


def _doi(value: str | None) -> str:
    if not value:
        return ""
    value = DOI_PREFIX.sub("", value.strip())
    return value.lower()


def _first_author(record) -> str:
    names = record.item.get("author") or record.item.get("editor") or []
    if not names:
        return ""
    first = names[0]
    return normalise(first.get("family") or first.get("literal"))


def _year(record) -> str:
    issued = record.item.get("issued") or {}
    parts = issued.get("date-parts") or [[]]
    return str(parts[0][0]) if parts and parts[0] else normalise(issued.get("literal"))


def _distinguishing(record) -> dict[str, str] | None:
    """The record's distinguishing fields, normalised (None: it has a note, which tells it
    apart from any other)."""
    if record.entry.get("note"):
        return None
    return {name: normalise(value) for name in DISTINGUISHING
            if (value := record.entry.get(name))}


def _told_apart(a: dict[str, str] | None, b: dict[str, str] | None) -> bool:
    if a is None or b is None:
        return True
    return any(name in b and b[name] != value for name, value in a.items())


# Words that number the items of a series: "TUG 2011 announcement" and "TUG 2012
# announcement", "Minutes of 15th May 1987", "instalment two" are different works.
_SERIAL_WORDS = frozenset("""one two three four five six seven eight nine ten eleven twelve
    first second third fourth fifth sixth seventh eighth ninth tenth last final part
    i ii iii iv v vi vii viii ix x xi xii january february march april may june july august
    september october november december jan feb mar apr jun jul aug sep sept oct nov dec
    spring summer autumn fall winter""".split())


def recurring(a: str, b: str) -> bool:
    """Whether two normalised titles are items of a series rather than one work: the words
    that differ between them include a number, an ordinal or a month."""
    words_a, words_b = a.split(), b.split()
    differing = set(words_a).symmetric_difference(words_b)
    return any(w in _SERIAL_WORDS or any(c.isdigit() for c in w) for w in differing)


def _where(record) -> str:
    return f"'{record.key}' (line {record.entry.line})"


def check(ctx) -> None:
    by_doi = defaultdict(list)
    by_work = defaultdict(list)
    by_author_year = defaultdict(list)
    for record in ctx.records:
        doi = _doi(record.entry.get("doi") or record.item.get("DOI"))
        if doi:
            by_doi[doi].append(record)
        title = normalise(record.entry.get("title"))
        author, year = _first_author(record), _year(record)
        if title:
            by_work[(title, year, author)].append(record)
            by_author_year[(author, year)].append((title, title[:MAX_TITLE], record))

    reported = set()
    for doi, group in by_doi.items():
        for other in group[1:]:
            if not (other.opted_out("RB110") or group[0].opted_out("RB110")):
                ctx.report(rules.SAME_DOI, f"same DOI {doi} as {_where(group[0])}", other, "doi")
                reported.add((group[0].key, other.key))

    for group in by_work.values():
        fields = [_distinguishing(record) for record in group] if len(group) > 1 else []
        for i, record in enumerate(group[1:], start=1):
            # (against the MAX_GROUP records before it at most: thousands of records of one
            # title, each told apart from the others, were compared pair by pair)
            for j in range(max(0, i - MAX_GROUP), i):
                first = group[j]
                if (first.key, record.key) in reported or _told_apart(fields[j], fields[i]):
                    continue
                if first.opted_out("RB111") or record.opted_out("RB111"):
                    continue
                ctx.report(rules.SAME_WORK, f"same title, year and first author as "
                           f"{_where(first)}, and no field tells them apart", record, "title")
                reported.add((first.key, record.key))
                break

    for group in by_author_year.values():
        if len(group) < 2 or len(group) > MAX_GROUP:
            continue
        for i, (title, compared, record) in enumerate(group):
            measured = 0
            for other_title, other_compared, other in group[:i]:
                if title == other_title or (other.key, record.key) in reported:
                    continue
                if abs(len(compared) - len(other_compared)) > \
                        0.1 * max(len(compared), len(other_compared)):
                    continue
                matcher = difflib.SequenceMatcher(None, other_compared, compared, autojunk=False)
                # the cheap upper bounds first: most pairs of a group are nothing alike
                if matcher.real_quick_ratio() < 0.9 or matcher.quick_ratio() < 0.9:
                    continue
                if measured == MAX_MEASURED:
                    break
                measured += 1
                if matcher.ratio() < 0.9:
                    continue
                if other.opted_out("RB112") or record.opted_out("RB112") or \
                        recurring(other_title, title):
                    continue
                ctx.report(rules.NEAR_TITLE, f"title nearly the same as {_where(other)}'s: "
                           f"{_what_differs(other.entry.get('title'), record.entry.get('title'))}",
                           record, "title")
                reported.add((other.key, record.key))


def _what_differs(a: str, b: str) -> str:
    """The first three differences, in the titles' first ``MAX_TITLE`` characters (as compared)."""
    a, b = latex.decode_text(a or "")[:MAX_TITLE], latex.decode_text(b or "")[:MAX_TITLE]
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        if tag != "equal":
            parts.append(f"'{a[max(0, i1 - 8):i2 + 8]}' vs '{b[max(0, j1 - 8):j2 + 8]}'")
    return "; ".join(parts[:3])
