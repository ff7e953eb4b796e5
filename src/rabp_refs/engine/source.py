"""CSL-JSON items -> citeproc-py references, with the rich text of their strings.

- Names and dates: citeproc-py's reader parses as names and dates only the variables in its own
  lists (CSL 1.0.1 and older), so a CSL 1.0.2 name variable such as ``director`` arrived as a
  string and rendering it raised AttributeError. Ours parses any list of name objects as names
  and any date object as a date, whatever the variable.
- Rich text: CSL-JSON strings may carry ``<i>``, ``<b>``, ``<sc>``, ``<sup>``, ``<sub>``,
  ``<span style="font-variant:small-caps;">`` and ``<span class="nocase">``. The tags become
  output markup (HTML) or disappear (text); they are protected from case changes, as is the
  content of nocase spans. Text is escaped for HTML here, once, because citeproc-py escapes
  some variables and not others.
- Quotes: straight double quotes become curly ones, apostrophes become ’ (as citeproc-js does).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from citeproc.source import Date, DateRange
from citeproc.source.json import CiteProcJSON
from citeproc.string import MixedString, NoCase, String

from ..csl_json import (NOTE_DATE_VARIABLES, NOTE_NAME_VARIABLES, NOTE_STANDARD_VARIABLES,
                        note_date)
from .mixed import MixedBuilder
from .marks import LITERAL_LT, TAG_STAND_INS

# text under these is never case-changed: nocase, nodecor, and small caps, superscripts and
# subscripts ("My <sc>small caps phrase</sc> in a Title", "Lessard <span class="nodecor">v.
# </span> Schmidt": citeproc-js, formatters.js _tagParams)
_PROTECTING = {"nocase", "nodecor", "sc", "sup", "sub"}
_CIRCA = re.compile(r"^(?:circa|ca\.?|c\.)\s*", re.IGNORECASE)
_DATE_KEYS = {"date-parts", "literal", "raw", "season", "circa"}
_TAG = re.compile(r'(<(/?)(i|b|sc|sup|sub)>|<span style="font-variant:\s*small-caps;?">|'
                  r'<span class="nocase">|<span class="nodecor">|</span>)', re.IGNORECASE)
_HTML_TAGS = {"i": ("<i>", "</i>"), "b": ("<b>", "</b>"), "sup": ("<sup>", "</sup>"),
              "sub": ("<sub>", "</sub>"),
              "sc": ('<span style="font-variant:small-caps;">', "</span>"),
              # undoes the formatting around it (engine/passes.py, flip_flop)
              "nodecor": ('<span class="nodecor">', "</span>")}
# a pair of double quotes; the closing one not after a space, which citeproc-js reads as an
# opening one (an unmatched quote then stays straight: 'of "Positive Obligations " of')
_DOUBLE = re.compile(r'"([^"]*(?<!\s))"')
_INNER_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_SINGLE_PAIR = re.compile(r"""(?:^|(?<=[\s(\[“"]))'(?=\S)([^']*?\S)'(?=$|[\s.,;:!?)\]”"])""")


def _season_from_month(date: "Date") -> None:
    """A month of 13-24 is a season (13-16, 17-20, 21-24: spring, summer, autumn, winter), as
    CSL-JSON writes them in date-parts; each end of a range has its own ("Spring 1999–Summer 2001")."""
    month = date.get("month")
    if isinstance(month, int) and 13 <= month <= 24:
        del date["month"]
        date.pop("day", None)
        date["season"] = (month - 13) % 4 + 1  # 13, 17 and 21 are all spring (citeproc-js)
    elif isinstance(month, int) and not 1 <= month <= 12:
        del date["month"]  # no such month: the year alone
        date.pop("day", None)


def _numeric_date(value: dict) -> dict:
    """Date parts as numbers, empty strings dropped ("00/00/2000" for ["2000", "", ""]); an
    empty end date of a range stays a range open at its end ("1987–")."""
    parts = value.get("date-parts")
    if not isinstance(parts, list):
        return value
    cleaned = []
    for date in parts:
        numbers = []
        for part in (date if isinstance(date, list) else [date]):
            try:
                numbers.append(int(str(part).strip()))
            except ValueError:
                break
        while numbers and numbers[-1] == 0 and len(numbers) > 1:
            numbers.pop()
        cleaned.append(numbers or [0])
    if not cleaned or cleaned[0] == [0]:
        return {k: v for k, v in value.items() if k != "date-parts"}
    return dict(value, **{"date-parts": cleaned})


ENGLISH_QUOTES = ("“", "”")
# a space before ":", ";", "?", "!" or "»", or after "«", that the text itself has: citeproc-js
# writes it as a narrow no-break space, in every language ("Qui\u202f?", "«\u202fmot\u202f»")
SPACE_AT_A_MARK = re.compile(r" (?=[:;?!»])|(?<=«) ")


def curl_quotes(text: str, quotes: tuple[str, str] = ENGLISH_QUOTES) -> str:
    """Straight quotes as citeproc-js reads them: '"fear-avoidance"' -> '“fear-avoidance”'; a
    pair of single quotes used as quotation marks -> double ones ("'friend'" -> "“friend”");
    every other single quote is an apostrophe ("You're", "Patients'", "l'''"). ``quotes``:
    the locale's outer quotation marks, which the data's quotes become (British: ‘new’). A
    space at a mark (SPACE_AT_A_MARK) becomes a narrow no-break space first."""
    opening, closing = quotes
    if " " in text:  # (before the quotes: those they become take no narrow space, "a »b« c")
        text = SPACE_AT_A_MARK.sub("\u202f", text)
    if '"' in text:
        text = _DOUBLE.sub(lambda m: f"{opening}{m.group(1)}{closing}", text)
    if "'" in text:
        text = _INNER_APOSTROPHE.sub("’", text)
        text = _SINGLE_PAIR.sub(lambda m: f"{opening}{m.group(1)}{closing}", text)
        text = text.replace("'", "’")
    return text


# (the value's end is stripped after: a lazy value before "\s*$" tried every end in a run of
# spaces, each scanned to the line's end: "http://" and 12,000 spaces, 0.5 s a render)
_NOTE_LINE = re.compile(r"^\s*+([A-Za-z][A-Za-z_-]*+)\s*+:\s*+(\S.*)")


def note_variables(item: dict) -> dict:
    """Variables written in the note as "variable: value" lines (how Zotero's Extra field
    carries what its item types lack), read as citeproc-js reads them: names as
    "Family || Given", dates in ISO 8601 with "/" for a range. A variable the item already
    has keeps its value; the lines read are taken out of the note, the rest stays."""
    note = item.get("note")
    if not isinstance(note, str) or ":" not in note:
        return item
    found, kept = {}, []
    for line in note.split("\n"):
        match = _NOTE_LINE.match(line)
        name = match.group(1) if match else None
        value = match.group(2).rstrip() if match else None
        if name is None or name in item:
            kept.append(line)
        elif name in NOTE_NAME_VARIABLES:
            family, _, given = value.partition("||")
            person = {"family": family.strip(), "given": given.strip()} if given \
                else {"literal": family.strip()}
            found.setdefault(name, []).append(person)
        elif name in NOTE_DATE_VARIABLES:
            found[name] = note_date(value)
        elif name in NOTE_STANDARD_VARIABLES:
            found[name] = value
        else:
            kept.append(line)
    if not found:
        return item
    read = {key: value for key, value in item.items() if key != "note"}
    rest = "\n".join(kept).strip()
    return {**read, **found, **({"note": rest} if rest else {})}


def _curl_around_tags(value: str, quotes: tuple[str, str] = ENGLISH_QUOTES) -> str:
    """Quotes curled across formatting tags ('("<i>My Title</i>")' pairs its quotes), the
    tags' own attribute quotes left alone."""
    tags: list[str] = []

    def hide(m: re.Match) -> str:
        tags.append(m.group(0))
        return chr(TAG_STAND_INS.start + len(tags) - 1)  # (marks.py)

    hidden = curl_quotes(_TAG.sub(hide, value), quotes)
    return re.sub(f"[{chr(TAG_STAND_INS.start)}-{chr(TAG_STAND_INS.stop - 1)}]",
                  lambda m: tags[ord(m.group()) - TAG_STAND_INS.start], hidden)


def _suffix_in_given(name: dict) -> dict:
    """A suffix typed after the given name ("John, III"; "John,! Jr." when the suffix takes a
    comma before it, "John Doe, Jr."), read as citeproc-js reads it."""
    given = name.get("given")
    if not isinstance(given, str) or "," not in given or "suffix" in name:
        return name
    first, _, rest = given.partition(",")
    comma = rest.startswith("!")
    suffix = rest[1:].strip() if comma else rest.strip()
    if not first.strip() or not suffix:
        return name
    name = dict(name, given=first.strip(), suffix=suffix)
    if comma:
        name["comma-suffix"] = True
    return name


# Number variables are not rich text (citeproc-js): "1<sup>er</sup>" in one is printed as
# written, its "<" held out of the tag reader by a Unicode noncharacter
NUMBER_VARIABLES = frozenset({"chapter-number", "collection-number", "edition", "issue",
                              "number", "number-of-pages", "number-of-volumes", "volume"})
_LITERAL_LT = LITERAL_LT


def _literal_numbers(item: dict) -> dict:
    found = [k for k in NUMBER_VARIABLES if isinstance(item.get(k), str) and "<" in item[k]]
    if not found:
        return item
    return {**item, **{k: item[k].replace("<", _LITERAL_LT) for k in found}}


class CslJsonSource(CiteProcJSON):
    def __init__(self, items, html: bool = False, quotes: tuple[str, str] = ENGLISH_QUOTES):
        self.html = html
        self.quotes = quotes  # the locale's outer quotation marks, for the data's quotes
        # citeproc-py fails on an item with no type (CSL requires one): read it as a document
        super().__init__([_literal_numbers(note_variables(
            item if "type" in item else dict(item, type="document"))) for item in items])

    def parse_string(self, value):
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            return self.parse_names(value)
        if isinstance(value, dict) and set(value) & _DATE_KEYS:
            return self.parse_date(value)
        return self.rich_text(str(value))

    def parse_date(self, json_data):
        raw = json_data.get("raw")
        if not json_data.get("date-parts") and "literal" not in json_data and \
                isinstance(raw, str) and raw.strip():
            # a date given as text: ISO 8601 ("2018-08-31", "2017/2018") is read as its
            # parts, anything else printed as written ("Bogus Date"), as citeproc-js does
            text, circa = raw.strip(), _CIRCA.match(raw.strip())
            if circa:  # "circa 1850", "ca. 1850", "c. 1850": an uncertain date
                text = text[circa.end():]
            parsed = note_date(text)
            if circa and "date-parts" in parsed:
                parsed["circa"] = True
            elif circa:
                parsed = {"literal": raw.strip()}
            json_data = {**{k: v for k, v in json_data.items() if k != "date-parts"}, **parsed}
        date = super().parse_date(_numeric_date(json_data))
        for end in (date.get("begin"), date.get("end")) if isinstance(date, DateRange) \
                else (date,):
            if isinstance(end, Date):
                _season_from_month(end)
        return date

    def parse_names(self, json_data):
        curled = [_suffix_in_given(
            {k: self._name_text(v) if isinstance(v, str) else v for k, v in name.items()})
            for name in json_data]
        return super().parse_names(curled)

    def _name_text(self, text: str) -> str:
        """A name part: its text escaped for HTML, its formatting tags (``<sup>``) kept."""
        if not self.html or "<" not in text:
            return self._text(text)
        out, pos = [], 0
        for m in _TAG.finditer(text):
            out.append(self._text(text[pos:m.start()]) + m.group(0))
            pos = m.end()
        return "".join(out) + self._text(text[pos:])

    def _text(self, text: str) -> str:
        text = curl_quotes(text, self.quotes)
        if self.html:
            text = text.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")
        if _LITERAL_LT in text:
            text = text.replace(_LITERAL_LT, "&#60;" if self.html else "<")
        return text

    def rich_text(self, value: str) -> String | MixedString:
        if "<" not in value:
            # plain text: one String, not a list holding it (most values; the list and its
            # copy were a sixth of the memory of a render)
            return String(self._text(value)) if value else MixedString()
        out = MixedBuilder()
        if '"' in value or "'" in value:
            value = _curl_around_tags(value, self.quotes)
        stack = []  # open tags: "nocase" or a formatting name
        opened = Counter()  # how many of each are open (a deep stack is not searched)

        def push(name):
            stack.append(name)
            opened[name] += 1

        def closed(name):
            opened[name] -= 1
            return name

        def piece_of_text(text):
            protected = any(opened[name] for name in _PROTECTING)
            return NoCase(text) if protected else String(text)

        pos = 0
        for m in _TAG.finditer(value):
            piece = value[pos:m.start()]
            if piece:
                text = self._text(piece)
                out.add(piece_of_text(text))
            tag = m.group(0).lower()
            if tag == '<span class="nocase">':
                push("nocase")
            elif tag == '<span class="nodecor">':
                push("nodecor")
                out.add(self._markup("nodecor", opening=True))
            elif tag.startswith("<span style"):
                push("sc")
                out.add(self._markup("sc", opening=True))
            elif tag == "</span>":
                if stack:
                    name = closed(stack.pop())
                    if name != "nocase":
                        out.add(self._markup(name, opening=False))
            else:
                name = m.group(3).lower()
                if m.group(2):  # a closing tag
                    if opened[name]:
                        stack.remove(closed(name))  # the first one opened (list: C-speed)
                        out.add(self._markup(name, opening=False))
                    else:  # one that closes nothing is text ("One</i> Two": citeproc-js)
                        text = self._text(m.group(0))
                        out.add(piece_of_text(text))
                else:
                    push(name)
                    out.add(self._markup(name, opening=True))
            pos = m.end()
        rest = value[pos:]
        if rest:
            text = self._text(rest)
            out.add(piece_of_text(text))
        return out.build()

    def _markup(self, name: str, opening: bool) -> NoCase:
        """A formatting tag: HTML markup, or nothing in plain text (never case-changed)."""
        if not self.html:
            return NoCase("")
        return NoCase(_HTML_TAGS[name][0 if opening else 1])


def locale_quotes(element) -> tuple[str, str]:
    """The outer quotation marks of the locale a style's element renders with, as its terms
    write them (fr-FR's with their no-break spaces, "«\u00a0", as citeproc-js prints the
    data's quotes); English ones where the locale has none."""
    def term(name):
        if element.getparent() is None:  # the style itself
            found = element.get_term(name)
            return found.text if found is not None else None
        return element.get_single_term(name)  # an element of the style's layout

    try:
        marks = (term("open-quote"), term("close-quote"))
    except Exception:  # noqa: BLE001 - a locale without the terms: English marks
        return ENGLISH_QUOTES
    marks = tuple(str(m) if m is not None else "" for m in marks)
    return marks if all(marks) else ENGLISH_QUOTES


@lru_cache(maxsize=8)
def rich_text_reader(html: bool, quotes: tuple[str, str] = ENGLISH_QUOTES) -> CslJsonSource:
    """A reader of rich text holding no items, one per output mode and quotation marks: for
    a cite's affixes and a style's values, which are read as the items' text is."""
    return CslJsonSource([], html=html, quotes=quotes)
