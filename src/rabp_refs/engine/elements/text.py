"""``cs:text`` (CSL 1.0.2, "Text"): a variable, a macro, a term or a value, with quotes and
their flipping."""
from __future__ import annotations

import unicodedata

from citeproc import model
from citeproc.source import VariableError
from citeproc.string import MixedString, String

from ..source import SPACE_AT_A_MARK, curl_quotes, locale_quotes, rich_text_reader
from ..state import state_of
from .dates import _explicit_year_suffix
from .formatting import _Cased, _MARKUP_ATTRIBUTES, joined_at_seams
from .groups import _rendered_as_group, _renders_nothing
from .lookups import pinned_property
from .numbers import (_KEPT_HYPHEN, _NUMBER_RANGE, _NUMERIC_LOCATOR, _RANGED_NUMBERS, _URL_HOST,
                      _NumberRanges, last_page)


class Text(_NumberRanges, _Cased, model.Text):
    """``cs:text``: with quotes="true", quotation marks inside the quoted text become inner
    ones ("“‘Doctor, it hurts’: Patient narratives”"), as the locale's quote terms say; page
    ranges are shortened by our last_page."""

    def _format_last_page(self, first, last):
        return last_page(first.strip(), last.strip(),
                         self.get_root().get_option("page-range-format"))

    @pinned_property
    def _kind(self) -> str:
        """Which of variable, macro, term and value the element renders ("": none)."""
        return next((k for k in ("variable", "macro", "term", "value") if k in self.attrib), "")

    @pinned_property
    def _default_language(self) -> str:
        """The language of an item with no language: the locale in use, one forced on the
        style, else its default (CSL 1.0.2; citeproc-js: no title case in fr-FR)."""
        root = self.get_root()
        return (getattr(root, "locale_language", None) or root.get("default-locale", "en"))[:2]

    @pinned_property
    def _plain(self) -> bool:
        """No affixes, case, quotes, periods to strip or formatting."""
        if any(name in self.attrib for name in _MARKUP_ATTRIBUTES):
            return False
        try:  # (citeproc-py's quote step reads it, and fails if it cannot)
            self.get_locale_option("punctuation-in-quote").lower()
        except Exception:  # noqa: BLE001 - the slow path fails as it did
            return False
        return True

    def process(self, item, context=None, **kwargs):
        """A value is read as the items' text is: rich-text markup ("<b>friend</b>"), quotes
        curled ("'friend'" -> "“friend”"). The item's language is read from its data
        (citeproc-py asked the reference, which raised an error and caught it for every
        cs:text of an item with none, a tenth of rendering a bibliography)."""
        kind = self._kind
        if not kind:
            return super().process(item, context, **kwargs)  # (citeproc-py's own failure)
        if context is None:
            context = self
        language = dict.get(item.reference, "language")  # never hidden by a substitute
        if language is not None:
            language = language[:2]
        else:
            language = self._default_language
        if kind == "variable":
            text = self._variable(item, context)
            state = state_of(self)
            if text and state is not None and state.item.tracking is not None and \
                    not state.sorting:
                # inside a cs:substitute, a variable printed is not printed again even in
                # the rest of the substitute (citeproc-js: Chicago notes' container title
                # standing in for the author, then in the source)
                state.item.suppressed.add(self.get("variable").replace("-", "_"))
        elif kind == "macro":
            if _renders_nothing(self, item):
                return None, language
            macro = self.get_macro(self.get("macro"))
            # a macro is a group of its own, inside a group or not (citeproc-js: AAA's
            # "Letter" term before an empty recipient is not printed)
            output = _rendered_as_group(macro, item, context, "")
            text = joined_at_seams(output) if output else None
        elif kind == "term":
            text = self._term(item)
        else:
            value = self.get("value")
            if any(c in value for c in "<'\""):
                text = rich_text_reader(self.preformat("<") != "<",
                                        locale_quotes(self)).rich_text(value)
            else:
                text = _spaced_marks(String(self.preformat(value)))
        if kind == "term" and text:
            text = _spaced_marks(text)
        return text, language

    def markup(self, text, language):
        """Most cs:text elements have no affixes, case, quotes, periods to strip or
        formatting: their text is what they render (what every step would have left)."""
        if self._plain:
            if not text:
                return None
            if isinstance(text, (str, MixedString)):
                return text
            if isinstance(text, (int, float)):
                return str(text)
        return super().markup(text, language)

    def _term(self, item):
        text = super()._term(item)  # (an apostrophe in it is typographic: lookups.Term)
        if text and "'" in str(text):  # a quotation mark term printed as text too (citeproc-js)
            text = _each_part(text, lambda part: part.replace("'", "’"))
        state = state_of(self)
        if text and state is not None and state.layout == "citation":
            state.item.cite_terms.append(str(text))
        return text

    def _variable(self, item, context):
        """A locator is the user's text, escaped like every variable (citeproc-py wrote it raw
        into HTML: "213 & 235", or markup). A page locator is a page range like the page
        variable (page-range-format, the "and" symbol term, "\\-" for a hyphen that is not a
        range: "327\\-30"); other locators get an en dash for a hyphen.
        first-reference-note-number is empty on the first cite itself (citeproc-js)."""
        if self.get("variable") == "first-reference-note-number":
            state = state_of(self)
            plan = state.plan if state is not None else None
            found = plan.positions.of(item) if plan is not None and plan.positions else None
            if found is not None and "first" in found:
                raise VariableError
        if self.get("variable") == "citation-label":
            return self._label(item, context)
        if self.get("variable") == "URL" and self.get("form") == "short":
            # citeproc-js: a URL's short form is its host ("www.example.org")
            text = super()._variable(item, context)
            return None if text is None else text.__class__(_URL_HOST.sub(r"\1", str(text)))
        if self.get("variable") in _RANGED_NUMBERS:
            text = super()._variable(item, context)
            if text is not None and _NUMBER_RANGE.match(str(text)):
                # a range of numbers takes an en dash ("n. 3–4"), as page ranges do
                dash = self.unicode_character("EN DASH")
                return String(_NUMBER_RANGE.sub(lambda m: m[1] + dash + m[2], str(text)))
            return text
        if self.get("variable") == "locator" and item.has_locator:
            identifier = str(item.locator.identifier)
            if item.locator.label == "page":
                return self._process(self.preformat(identifier), "page")
            if _NUMERIC_LOCATOR.match(identifier):  # "200 - 201": a range of numbers
                return self._process(self.preformat(identifier), "locator")
            dash = self.unicode_character("EN DASH")
            # its quotes are the user's, curled as the items' are (citeproc-js: s.v.
            # “gargoyle.”, punctuation-in-quote then moving the period in)
            text = curl_quotes(identifier, locale_quotes(self)).replace("\\-", _KEPT_HYPHEN)
            return dash.join(self.preformat(p) for p in text.split("-")).replace(
                _KEPT_HYPHEN, "-")
        return super()._variable(item, context)

    def _label(self, item, context):
        """citation-label takes the implicit year-suffix when it comes before the year
        (citeproc-js: "RoNo78a", and the year in the same entry stays "1978")."""
        text = super()._variable(item, context)
        state = state_of(self)
        if text and state is not None and not state.sorting and \
                not state.item.year_suffix_done and not _explicit_year_suffix(self):
            suffix = dict.get(item.reference, "year_suffix")
            if suffix:
                state.item.year_suffix_done = True
                return text + str(suffix)
        return text

    def quote(self, string):
        if self.get("quotes", "false").lower() == "true" and string:
            # where punctuation-in-quote is false, a colon, semicolon or comma ending a
            # plain quoted text goes after the quotes (citeproc-js: "‘Facet In’:"; not for
            # text with formatting in it)
            moved = ""
            if str(string)[-1:] in (":", ";", ",") and not (
                    isinstance(string, MixedString) and len(string) > 1) and \
                    str(self.get_root().get_locale_option("punctuation-in-quote")).lower() \
                    != "true":
                string, moved = str(string)[:-1], str(string)[-1]
            outer = (self.get_single_term(name="open-quote"),
                     self.get_single_term(name="close-quote"))
            inner = (self.get_single_term(name="open-inner-quote"),
                     self.get_single_term(name="close-inner-quote"))
            string = _flip_quotes(str(string), *(str(q) for q in outer + inner))
            return super().quote(string) + moved if moved else super().quote(string)
        return super().quote(string)


def _spaced_marks(text):
    """A space before ":", ";", "?", "!" or "»", or after "«", in a term or value a cs:text
    prints (not the style's affixes and delimiters: DIN 1505-2's " ; " stays) is a narrow
    no-break space, as citeproc-js writes it in every language: "Adresse :" in Communication
    et langages (fr-FR). The data's are made so as it is read (source.curl_quotes)."""
    if " " not in str(text) or not SPACE_AT_A_MARK.search(str(text)):
        return text
    return _each_part(text, lambda part: SPACE_AT_A_MARK.sub("\u202f", part))


def _each_part(text, change):
    """``change`` applied to the text of each part of a rich text, keeping its parts."""
    if isinstance(text, MixedString):
        return text.__class__([_each_part(part, change) for part in text])
    return text.__class__(change(str(text)))


def _flip_quotes(text: str, open_outer: str, close_outer: str, open_inner: str,
                 close_inner: str) -> str:
    """Quotation marks inside quotes="true" alternate by depth, whichever marks the data used:
    the first level takes the inner marks, the second the outer ones ('My “‘Amazing’ and
    Bogus” Title' -> '“My ‘“Amazing” and Bogus’ Title”', and "‘Parmenides’" stays single). A
    closing mark that closes nothing is an apostrophe and stays. A mark may be more than one
    character (fr-FR's "«\u00a0").

    A locale's mark that is also something else (sv-SE's and fi-FI's inner marks are the
    apostrophe, "It’s"; lt-LT's inner opening mark is a comma, "pain, "; sv-SE's ” and
    he-IL's " both open and close) opens a quotation only where a word starts (at the start,
    after a space, a bracket or another mark) and closes one only where a word ends; where
    a mark both opens and closes, the second closes what the first opened (citeproc-js)."""
    if not all((open_outer, close_outer, open_inner, close_inner)):
        return text
    if open_outer not in text and open_inner not in text:
        return text
    closer = {open_outer: close_outer, open_inner: close_inner}
    marks = sorted({open_outer, close_outer, open_inner, close_inner}, key=len, reverse=True)
    ambiguous = {mark for pair in closer.items() for mark in pair
                 if pair[0] == pair[1] or not _only_a_quotation_mark(mark)}
    out, stack = [], []
    i = 0
    while i < len(text):
        mark = next((m for m in marks if text.startswith(m, i)), None)
        if mark is None:
            out.append(text[i])
            i += 1
            continue
        before = text[i - 1] if i else " "
        end = i + len(mark)
        after = text[end] if end < len(text) else " "
        if stack and mark == closer[stack[-1]] and (mark not in ambiguous or (
                not before.isspace() and not after.isalnum())):
            out.append(close_inner if len(stack) % 2 else close_outer)
            stack.pop()
        elif mark in closer and (mark not in ambiguous or (not after.isspace() and (
                before.isspace() or before in _OPENS_A_WORD or
                any(text.endswith(m, 0, i) for m in closer)))):
            stack.append(mark)
            out.append(open_inner if len(stack) % 2 else open_outer)
        else:
            out.append(mark)
        i = end
    return "".join(out)


def _only_a_quotation_mark(mark: str) -> bool:
    """A mark that is a quotation mark only (not ’, the apostrophe too, or a comma), its
    spaces aside ("«\u00a0")."""
    core = mark.strip()
    return len(core) == 1 and core != "’" and (
        unicodedata.category(core) in ("Pi", "Pf") or core in "„‚")


# what a quotation mark may follow where it opens a quotation, besides a space
_OPENS_A_WORD = frozenset("([{¿¡—–-/")
