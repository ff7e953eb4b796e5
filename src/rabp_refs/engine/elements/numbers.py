"""``cs:number`` and what number variables share with ``cs:text``: ranges, page-range formats
(CSL 1.0.2, "Page Ranges"), numbers with prefixes and suffixes."""
from __future__ import annotations

import re

from citeproc import model

from .. import ordinals
from ..marks import ESCAPED_GT, ESCAPED_LT, KEPT_HYPHEN
from ..mixed import join as join_linear
from ..source import NUMBER_VARIABLES
from .formatting import _Cased


_ENTITIES = {"&#38;": "&", "&#60;": ESCAPED_LT, "&#62;": ESCAPED_GT}
_RESTORE = str.maketrans({ESCAPED_LT: "&#60;", ESCAPED_GT: "&#62;"})

# two words joined by a hyphen or an en dash ("N110 - P5"), found at the start of a word only
_WORD_RANGE = re.compile(r"(?<!\w)(\w++)\s*+[-\u2013]\s*+(\w++)")
_DIGITS_FIRST = re.compile(r"\d++")
_NUMBER_THEN_LETTERS = re.compile(r"\d++[^\W\d]++")
_KEPT_HYPHEN = KEPT_HYPHEN


def mixed_ranges(text: str) -> tuple[bool, str]:
    """Ranges written "N110 - 5", "110 - N6", "N110 - P5" or "123N110 - N5" (citeproc-js):
    different prefixes on their two numbers, so they are not shortened or given an en dash;
    their hyphen is kept as ``_KEPT_HYPHEN``. Returns whether the text has a range whose two
    sides end in numbers (with a prefix or not), and the text.

    A word is a prefix and a number: "123N110" is "123N" and "110". The second word's prefix
    starts with a letter, or is a number and letters ("12ab34"). One pass over the words: the
    regular expression this was tried every split of a long word (2,000 digits: 53 s)."""
    found, out, pos, copied = False, [], 0, 0
    while (m := _WORD_RANGE.search(text, pos)) is not None:
        first, second = _prefixed_number(m.group(1)), _prefixed_number(m.group(2))
        if first is None or second is None or not (
                not second[0] or not second[0][0].isdecimal() or
                _NUMBER_THEN_LETTERS.fullmatch(second[0])):
            pos = m.start(2)  # the second word may start the next range
            continue
        found = True
        if first[0] != second[0]:
            out.append(text[copied:m.start()])
            out.append(f"{first[0]}{first[1]}{_KEPT_HYPHEN}{second[0]}{second[1]}")
            copied = m.end()
        pos = m.end()
    out.append(text[copied:])
    return found, "".join(out)


def _prefixed_number(word: str) -> tuple[str, str] | None:
    """"N110" -> ("N", "110"): the digits a word ends in, and what comes before them."""
    digits = _DIGITS_FIRST.match(word[::-1])
    if digits is None:
        return None
    return word[:len(word) - digits.end()], word[len(word) - digits.end():]


# something a range of pages can be made of: a digit, or roman numerals on both sides
_RANGE_LIKE = re.compile(r"\d|(?<![^\W\d_])[ivxlcdm]+\s*-\s*[ivxlcdm]+(?![^\W\d_])",
                         re.IGNORECASE)

_URL_HOST = re.compile(r"^[a-z][a-z0-9+.-]*://([^/?#]*).*$", re.IGNORECASE | re.DOTALL)


class _NumberRanges:
    """Numbers and ranges ("142-145 & 235") are read from the text as the user wrote it: in
    HTML the text arrives escaped, and citeproc-py split "&#38;" at its "&" ("142–45 &#38;
    #38; 235"). The escapes are undone for the split and put back after; the ampersand
    between numbers is the formatter's own."""

    def unicode_character(self, name):
        """The ampersand between numbers ("213 & 235") is the locale's "and" symbol term; the
        dash of a range is its page-range-delimiter term, which citeproc-js puts in ranges
        of volumes, issues, numbers and locators too (AMA's "-": "10-11(3-4)")."""
        if name == "EN DASH":
            term = self.get_single_term(name="page-range-delimiter")
            if term:
                return str(term)
        if name == "AMPERSAND":
            try:
                term = self.get_term("and", "symbol")
            except IndexError:
                term = None
            if term is not None and term.text:
                return self.preformat(term.text)
        return super().unicode_character(name)

    def _process(self, value, variable):
        if variable == "page-first":
            # the first page of a list of pages ("A1, A14" -> "A1"; citeproc-js: "327\-30 &
            # 40" stays whole), found with str.find: a pattern searched for a comma from each
            # space of a run took time quadratic in it (20,000 spaces: 0.5 s)
            text = str(value)
            comma = text.find(",")
            value = text[:comma].rstrip() if comma >= 0 else text
        text = str(value)
        if variable == "page" and "-" in text and not _RANGE_LIKE.search(text):
            return value  # "Michaelson-Morely": words with a hyphen, not a range of pages
        mixed = False
        if variable == "page":  # "N110 - 5": numbers with different prefixes stay as written
            mixed, text = mixed_ranges(text)
        if "\\-" in text:  # "327\-30": an escaped hyphen is a hyphen, not a range
            text, mixed = text.replace("\\-", _KEPT_HYPHEN), True
        if "&#" not in text:
            out = self._listed(text if mixed else value, variable)
            return str(out).replace(_KEPT_HYPHEN, "-") if mixed else out
        for entity, raw in _ENTITIES.items():
            text = text.replace(entity, raw)
        out = str(self._listed(text, variable)).translate(_RESTORE)
        return out.replace(_KEPT_HYPHEN, "-")

    def _listed(self, value, variable):
        """citeproc-py's numbers and ranges, its comma-separated list joined in linear time
        (mixed.join: a page value of 8,000 ranges took 30 s)."""
        items = str(value).split(",")
        if len(items) < 3:
            return super()._process(value, variable)
        return join_linear((super(_NumberRanges, self)._process(item, variable)
                            for item in items), ", ")


_LETTERS_FIRST = re.compile(r"[^\W\d]++")
_TEXT_THEN_DIGITS = re.compile(r"\D*+\d*+")


def _page_prefix(value: str) -> tuple[str, str] | None:
    r""""n11564" -> ("n", "11564"): a page number and the prefix before it, which ends in a
    letter ("S12", "12a-b3"); None for a value that does not end in a number so prefixed.

    (The regular expression this was, "(\D*?\d*?[^\W\d]+|)(\d+)$", tried every split of a
    long value that is not one: quadratic.)"""
    if value.endswith("\n"):
        value = value[:-1]  # as "$" allowed
    split = _prefixed_number(value)
    if split is None:
        return None
    prefix = split[0]
    if prefix:  # text, digits, then letters: "S", "12a", "x-3b"
        letters = _LETTERS_FIRST.match(prefix[::-1])
        if letters is None or \
                not _TEXT_THEN_DIGITS.fullmatch(prefix, 0, len(prefix) - letters.end()):
            return None
    return split


def _expanded(first: str, last: str) -> str:
    if len(last) < len(first) and int(first[:len(first) - len(last)] + last) > int(first):
        return first[:len(first) - len(last)] + last
    return last


# number variables other than page and locator (which have their own range formats)
_RANGED_NUMBERS = NUMBER_VARIABLES - {"edition"}  # an edition range stays as typed
_NUMBER_RANGE = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")
_NUMERIC_LOCATOR = re.compile(r"^\s*\d+(?:\s*[-\u2013,&]\s*\d+)*\s*$")


def last_page(first: str, last: str, range_format: str | None) -> str:
    """The second number of a page range in a page-range-format (CSL 1.0.2, Appendix V).

    Only numbers of the same length are shortened ("98–104" stays as it is); citeproc-py cut
    ranges whose numbers differ in length ("1–10" became "1–0").
    """
    if range_format and not (first.isdigit() and last.isdigit()):
        # the same prefix on both numbers ("n11564-n1568", "S12-S19"): kept on the second
        # number in "expanded", dropped in every format that shortens, even where the
        # number is not ("S12–19", as citeproc-js)
        head, tail = _page_prefix(first), _page_prefix(last)
        if head and tail and head[0] == tail[0] and head[0]:
            short = last_page(head[1], tail[1], range_format)
            return tail[0] + short if range_format == "expanded" else short
        return last
    if not range_format:
        return last  # no format: the range as written
    last = _expanded(first, last)  # written short: "1536-538" is 1536-1538
    if range_format == "expanded" or len(first) != len(last):
        return last
    common = next((i for i, (a, b) in enumerate(zip(first, last)) if a != b), len(last))
    if range_format.startswith("chicago"):
        number = int(first)
        if number < 100 or number % 100 == 0:
            return last
        # CMOS 15 ("chicago" is its alias): four digits of which three change, counted from
        # the first that differs, keep them all ("1496–1504", "1762–1802")
        if range_format in ("chicago", "chicago-15") and len(first) == 4 and \
                len(first) - common >= 3:
            return last
        range_format = "minimal" if number % 100 < 10 else "minimal-two"
    if range_format == "minimal-two":
        common = min(common, len(last) - 2)
    return last[max(common, 0):] or last


ROMAN_LIMIT = 6000  # the first number citeproc-js writes no roman numeral for


class Number(_NumberRanges, _Cased, model.Number):
    """``cs:number``: variables with hyphens ("number-of-volumes") are found (citeproc-py looked
    them up as written, where references store "number_of_volumes": "Vols." with no number)."""

    def process(self, item, context=None, **kwargs):
        variable = self.get("variable")
        if variable in ("locator", "page-first"):
            return super().process(item, context, **kwargs)
        value = item.reference[variable.replace("-", "_")]
        return self._process(value, variable)

    def format_number(self, number):
        """Ordinals and long ordinals by CSL 1.0.2's matching and gender rules (ordinals.py;
        a long ordinal the locales lack is written as an ordinal, as citeproc-js). Roman numerals
        as citeproc-js writes them: none from 6,000 on (written as thousands of "m", a volume
        of ten digits was a megabyte of text, one of thirteen a gigabyte), and 0 as "0"."""
        form = self.get("form", "numeric")
        try:
            value = int(number)
        except ValueError:
            return number
        if form == "roman" and (value >= ROMAN_LIMIT or value == 0):
            return "" if value else "0"
        if form in ("ordinal", "long-ordinal"):
            gender = ordinals.gender_of(self, self.get("variable") or "")
            text = ordinals.long_ordinal(self, value, gender) if form == "long-ordinal" \
                else None
            if text:
                return text
            return str(value) + self.preformat(ordinals.suffix(self, value, gender))
        return super().format_number(number)

    def _format_last_page(self, first, last):
        return last_page(first.strip(), last.strip(),
                         self.get_root().get_option("page-range-format"))
