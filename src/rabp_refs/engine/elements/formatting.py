"""Formatting shared by every element that prints: text-case (with Turkish dotted i), affixes
escaped for HTML, explicit "normal" formatting, and small helpers over rendered text."""
from __future__ import annotations

from citeproc import model
from citeproc.source import VariableError
from citeproc.string import MixedString, NoCase, String
from citeproc.string import join as join_strings
from citeproc.string import normalize_seam

from .. import display
from ..state import state_of
from ..textcase import capitalized, cased_by_language, is_english, lower, title_case, upper
from . import lookups
from .lookups import pinned_property


def _case_change(text_case: str, language):
    if text_case == "uppercase":
        return lambda text: upper(text, language)
    return lambda text: lower(text, language)


class _Cased:
    """``text-case="title"`` by our title_case (textcase.py), for English items; an item with
    no language, or an element that is not told it (labels, name parts), takes the style's
    locale. lowercase and uppercase leave nocase spans alone; capitalize-first and
    capitalize-all are textcase.capitalized (a plain name part too: citeproc-py's would fail
    on it); sentence is citeproc-py's."""

    def strip_periods(self, string):
        if not isinstance(string, (str, MixedString)):
            return string  # a number (citation-number): citeproc-py failed on it
        return super().strip_periods(string)

    def case(self, text, language=None):
        text_case = self.get("text-case")
        if text_case is None or not isinstance(text, (str, MixedString)):
            return text  # a number (citation-number) has no case: citeproc-py failed on it
        if language is None:
            language = self._locale_language
        if text_case in ("lowercase", "uppercase") and (
                isinstance(text, MixedString) or cased_by_language(language)):
            change = _case_change(text_case, language)
            if not isinstance(text, MixedString):
                return text.__class__(change(str(text)))
            # nocase spans keep their case here too, as in citeproc-js ("a Smith pencil")
            return text.__class__([part if isinstance(part, NoCase)
                                   else part.__class__(change(str(part))) for part in text])
        if text_case in ("capitalize-first", "capitalize-all"):
            return capitalized(text, every_word=text_case == "capitalize-all",
                               language=language)
        if text_case != "title":
            if type(text) is str:  # a name part: citeproc-py's case() needs its strings
                return str(super().case(String(text), language))
            if isinstance(text, MixedString) and any(type(p) is str for p in text):
                text = text.__class__([String(p) if type(p) is str else p for p in text])
            return super().case(text, language)
        return title_case(text, language) if is_english(language) or self._style_text else text

    @pinned_property
    def _style_text(self) -> bool:
        """Whether the element prints the style's own text (a label, a term, a value), which
        text-case="title" changes whatever the language: CSL 1.0.2 keeps title case from
        non-English items' data; citeproc-js title-cases "(Eds.)" and "En" in an es-ES
        style (Harvard PUCE, ANPET)."""
        return isinstance(self, model.Label) or (
            isinstance(self, model.Text) and ("term" in self.attrib or "value" in self.attrib))

    @pinned_property
    def _locale_language(self) -> str:
        """The language of an element not told its item's (a label, a name part): the locale
        in use, one forced on the style, else its default (citeproc-js cases them in it:
        "GİLLİCK" in a tr-TR style)."""
        root = self.get_root()
        style = getattr(root, "style", None) if root.get("default-locale") is None else root
        return (getattr(style, "locale_language", None) or
                (style.get("default-locale") if style is not None else None) or "en")


def _empty_term(element) -> bool:
    """A cs:text of a term the locale defines as empty (citeproc-js: it still substitutes)."""
    if not isinstance(element, model.Text) or "term" not in element.attrib:
        return False
    try:
        term = element.get_root().get_term(element.get("term"), element.get("form"))
    except Exception:  # noqa: BLE001 - no such term: not an empty one
        return False
    return term is not None and not "".join(term.itertext()).strip()


# what an element's formatting step reads (_NormalFormatting.format), and what a cs:text's
# markup step reads (Text.markup)
FORMATTING_ATTRIBUTES = ("font-style", "font-variant", "font-weight", "text-decoration",
                         "vertical-align")
_MARKUP_ATTRIBUTES = ("prefix", "suffix", "display", "text-case", "quotes", "strip-periods",
                      *FORMATTING_ATTRIBUTES)



class _EscapedAffixes:
    """Affixes are text of the style and escaped like any text in HTML (citeproc-py added
    them raw: "<https://…>" became a tag)."""

    @pinned_property
    def _affixes(self) -> tuple[str, str, bool]:
        return self.get("prefix", ""), self.get("suffix", ""), "display" in self.attrib

    def wrap(self, string):
        if string is None:
            return None
        prefix, suffix, displayed = self._affixes
        if not (prefix or suffix):
            if isinstance(string, int):
                return string  # a name count: summed by cs:names, not text yet
            if not displayed and isinstance(string, (str, MixedString)):
                return string  # (what joining it to two empty affixes gives)
        prefix = self.preformat(prefix) if prefix else ""
        suffix = self.preformat(suffix) if suffix else ""
        text = prefix + normalize_seam(prefix, string)
        text = text + normalize_seam(text, suffix)
        if displayed:  # the part to display includes the affixes (citeproc-js)
            kind = display.kind_of(self.get("display"))
            state = state_of(self)
            if kind and state is not None and state.layout == "bibliography":
                return display.enclose(kind, text)
        return text


class _NormalFormatting:
    """font-style, font-weight and font-variant "normal" are written (citeproc-py wrote
    nothing), so that they undo the formatting around them: the flip-flop pass keeps them
    there and drops them elsewhere. An explicit vertical-align="baseline" is written as
    citeproc-js writes it."""

    def format(self, string):
        """Formatting only where the element has a formatting attribute: most have none,
        and citeproc-py's five passes asked for each attribute and the formatter every
        time (15% of rendering APA). Known per element once its tree is pinned."""
        if not lookups.CACHE_STYLE_LOOKUPS:
            return super().format(string)
        if self._unformatted:
            return str(string) if isinstance(string, (int, float)) else string
        return super().format(string)

    @pinned_property
    def _unformatted(self) -> bool:
        return not any(name in self.attrib for name in FORMATTING_ATTRIBUTES)

    def font_style(self, text):
        if self.get("font-style") == "normal":
            return self.get_formatter().NormalStyle(text)
        return super().font_style(text)

    def font_weight(self, text):
        if self.get("font-weight") == "normal":
            return self.get_formatter().NormalWeight(text)
        return super().font_weight(text)

    def font_variant(self, text):
        if self.get("font-variant") == "normal":
            return self.get_formatter().NormalVariant(text)
        return super().font_variant(text)

    def vertical_align(self, text):
        if self.get("vertical-align") == "baseline":  # undoes a sup or sub around it
            return self.get_formatter().Baseline(text)
        return super().vertical_align(text)


# Two marks that meet where one piece ends and the next begins, with no delimiter between
# them, and the one they become (citeproc-js's LtoR_MAP, the pairs it makes one mark of; a
# mark twice is citeproc-py's normalize_seam's): TF NLM's date suffix ";" and the page's
# prefix ":" make "2018 Jan 15;30–35". Where a group's delimiter stands between them,
# citeproc-js keeps both (BMC's delimiter ";" and ":" "2018;:30–5").
_SEAMS = {(";", ":"): ";", (";", "."): ";", (";", "!"): "!", (";", "?"): "?",
          (":", "."): ":", (":", "!"): "!", (":", "?"): "?",
          ("!", "."): "!", ("!", ":"): "!", ("?", "."): "?", ("?", ":"): "?"}
_SEAM_SECONDS = frozenset(second for _, second in _SEAMS)


def joined_at_seams(pieces):
    """Pieces joined with no delimiter, two marks that meet at a seam made one
    (``_SEAMS``): the pieces are siblings, so the marks are their affixes' (or the end
    of a value) meeting, never a value's own ("std::vector" stays)."""
    output = None
    for piece in pieces:
        if output is None:
            output = piece
            continue
        opening = str(piece)[:1]  # (the text before is read only where it may matter)
        mark = _SEAMS.get((str(output)[-1:], opening)) if opening in _SEAM_SECONDS else None
        if mark is not None:
            if mark != opening:
                piece = _without_end(piece, first=True)
            else:
                output = _without_end(output, first=False)
        output = join_strings([output, piece])
    return output


def _without_end(text, first: bool):
    """The rendered text without its first (or last) character, a mark in plain text
    (a formatted piece ends in its tag, and is never asked)."""
    if isinstance(text, MixedString):
        segments = [segment for segment in text if str(segment)]
        at = 0 if first else -1
        shortened = _without_end(segments[at], first)
        segments[at:at + 1 or None] = [shortened] if str(shortened) else []
        return MixedString(segments)
    return type(text)(str(text)[1:] if first else str(text)[:-1])


def rendered_children(element, item, delimiter: str = "", **kwargs) -> list:
    """What the children of an element render, those that render (a cs:choose among them
    is given the enclosing group's ``delimiter``), as citeproc-py's render_children."""
    output = []
    for child in element.iterchildren():
        try:
            if isinstance(child, model.Choose):
                text = child.render(item, delimiter=delimiter, **kwargs)
            else:
                text = child.render(item, **kwargs)
        except VariableError:
            continue
        if text is not None:
            output.append(text)
    return output


def children_joined(element, item, delimiter: str, **kwargs):
    """The children of a branch or a layout rendered and joined by ``delimiter`` (a branch
    takes its group's), as citeproc-py's render_children joins them; with none, two marks
    that meet at a seam make one (joined_at_seams; citeproc-js merges them in a branch and
    a layout as in a group: a branch's children are the group's)."""
    output = rendered_children(element, item, delimiter, **kwargs)
    if not output:
        return None
    return join_strings(output, delimiter) if delimiter else joined_at_seams(output)
