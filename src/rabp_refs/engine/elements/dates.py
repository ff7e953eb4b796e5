"""``cs:date`` and ``cs:date-part`` (CSL 1.0.2, "Date"): ranges, seasons, literal dates, the
implicit year-suffix after the year."""
from __future__ import annotations

from citeproc import model
from citeproc.source import LiteralDate, VariableError
from citeproc.string import join as join_strings

from .. import ordinals
from ..state import state_of
from .csl import CSL_NAMESPACE
from .formatting import _Cased
from .lookups import per_style


_GRANULARITY = ("year", "month", "day")


def _explicit_year_suffix(element) -> bool:
    """Whether the style renders year-suffix itself (then nothing is appended to years)."""
    root = element.get_root()
    if isinstance(root, model.Locale) and getattr(root, "style", None) is not None:
        root = root.style  # a locale's date: its style
    return per_style(root, _year_suffix_text)


def _year_suffix_text(root) -> bool:
    return bool(root.xpath(".//cs:text[@variable='year-suffix']",
                           namespaces={"cs": CSL_NAMESPACE}))


class _Joiner:
    """Joins rendered pieces with a delimiter, as citeproc-py's Delimited does."""

    def __init__(self, delimiter: str):
        self.delimiter = delimiter

    def join(self, pieces):
        return join_strings([p for p in pieces if p is not None], self.delimiter)


class Date(model.Date):
    """``cs:date`` with date ranges rendered as CSL 1.0.2 says: the parts both dates share once,
    the differing ones for each date around the range delimiter of the largest differing part
    ("June 10–12, 2019", "June 10–July 2, 2019"). citeproc-py 0.11 raises TypeError on some
    ranges (a conference talk took the bibliography down) and repeats shared parts on others."""

    def process(self, item, variable=None, show_parts=None, context=None, **kwargs):
        """A literal date ("ca. 1543") stands for the year: a date showing no year (a style's
        "month-day") prints nothing of it (citeproc-py printed it twice in Chicago)."""
        name = (variable or self.get("variable") or "").replace("-", "_")
        if name == "accessed" and getattr(item, "probe", False):
            return None  # citeproc-js compares cites without the date they were accessed
        value = dict.get(item.reference, name)
        parts = self.get("date-parts")
        if isinstance(value, LiteralDate):
            if show_parts is not None:
                shown = show_parts
            elif self.get("form") is not None:  # a locale's date: date-parts says what shows
                shown = parts.split("-") if parts else ["year", "month", "day"]
            else:  # the style's own date: its cs:date-part children
                shown = [p.get("name") for p in self.iterchildren()] or ["year"]
            if "year" not in shown:
                return None
        state = state_of(self)
        if state is not None and state.sorting and value is not None and \
                not isinstance(value, LiteralDate) and hasattr(value, "sort_key"):
            return self._sort_key(value, show_parts, parts)
        # the implicit year-suffix follows the first year rendered through cs:date: the
        # issued date's, or another date's when there is none (citeproc-js: "accessed
        # 1.5.22a" for two n.d. web pages)
        if (name == "issued" or dict.get(item.reference, "issued") is None) and \
                state is not None and not state.sorting and \
                not state.item.year_suffix_done and not _explicit_year_suffix(self):
            suffix = dict.get(item.reference, "year_suffix")
            if suffix:
                state.item.year_suffix_pending = str(suffix)
        try:
            text = super().process(item, variable, show_parts, context, **kwargs)
        finally:
            if state is not None:
                state.item.year_suffix_pending = None
        if isinstance(value, LiteralDate) and text and \
                not (state is not None and state.sorting):
            # a literal date stands for the year: the year part's affixes go around it, the
            # style's or, in a localized date, the locale's (citeproc-js: Springer LNCS
            # "(Spring 2015)", ja-JP "Spring 2015年", ru-RU "Spring 2015 г.")
            year = next((p for p in self._year_parts() if p.get("name") == "year"), None)
            if year is not None and (year.get("prefix") or year.get("suffix")):
                text = year.get("prefix", "") + text + year.get("suffix", "")
        return text

    def _year_parts(self):
        """The date-parts whose affixes a date prints: its own, or for a localized date
        (form="text", "numeric") the locale's."""
        if self.get("form") is None:
            return self.iterchildren()
        try:
            return self.get_date(self.get("form")).iterchildren()
        except Exception:  # noqa: BLE001 - a locale without the date: no affixes
            return ()

    def _sort_key(self, value, show_parts, parts):
        """A date inside a macro used as a sort key sorts by its numbers, not its text
        (citeproc-js): 100 BC before 44 BC before AD 54, June before March never; only the
        parts the date shows count ("2000-07" ties with "2000-07-13"), as zeros."""
        if show_parts is not None:
            shown = list(show_parts)
        elif self.get("form") is not None:
            shown = parts.split("-") if parts else list(_GRANULARITY)
        else:
            shown = [p.get("name") for p in self.iterchildren()] or list(_GRANULARITY)
        dates = [value.begin, value.get("end")] if "begin" in value else [value]

        def key(date):
            if date is None or not isinstance(date.get("year"), int):
                return ""
            month, day = (date.get(part, 0) if part in shown else 0
                          for part in ("month", "day"))
            month, day = (n if isinstance(n, int) else 0 for n in (month, day))
            # fixed width: keys are compared with their numbers as numbers (collation)
            return f"{date['year'] + 10000:05}{month:02}{day:02}"

        return "-".join(k for k in map(key, dates) if k) or None

    def render_date_range(self, date_range, show_parts=None, context=None):
        begin, end = date_range.begin, date_range.get("end")
        show = list(show_parts) if show_parts is not None else list(_GRANULARITY)
        if end is None or end.is_nil():  # an open range: "1987–"
            text = self.render_single_date(begin, show, context)
            if text is None or end is None:
                return text
            parts = [p for p in self.iterchildren() if p.get("name") in show]
            return text + (parts[-1].get("range-delimiter", "\u2013") if parts else "\u2013")
        differ: set[str] = set()
        for i, name in enumerate(_GRANULARITY):
            if begin.get(name) != end.get(name) or (name == "month" and
                                                    begin.get("season") != end.get("season")):
                differ = set(_GRANULARITY[i:])
                break
        ctx = context if context is not None else self
        parts = [p for p in self.iterchildren() if p.get("name") in show]
        joiner = _Joiner(self._delimiter(ctx))
        state = state_of(self)
        scratch = state.item if state is not None else None
        suffix = scratch.year_suffix_pending if scratch is not None else None
        if suffix:
            scratch.year_suffix_pending = None  # placed below, once the range is known
        rendered = [(p, self._part_text(p, begin, ctx), self._part_text(p, end, ctx))
                    for p in parts]
        block = [i for i, (p, b, e) in enumerate(rendered)
                 if p.get("name") in differ and (b or e)]
        if suffix:
            scratch.year_suffix_pending = suffix
        if not block:  # the parts shown are the same in both dates: one date
            return self.render_single_date(begin, show, context)
        if suffix:
            rendered = self._year_suffixed(rendered, begin, end, ctx)
        first, last = block[0], block[-1]
        delimiter = rendered[last][0].get("range-delimiter", "\u2013")
        begin_block = [self._affixed(p, b, suffix=(i != last))
                       for i, (p, b, e) in enumerate(rendered) if first <= i <= last and b]
        end_block = [self._affixed(p, e, prefix=(i != first)) for i, (p, b, e)
                     in enumerate(rendered) if first <= i <= last and e]
        pieces = [self._affixed(p, b) for p, b, e in rendered[:first] if b]
        pieces.append(str(joiner.join(begin_block)) + delimiter + str(joiner.join(end_block)))
        pieces += [self._affixed(p, b) for p, b, e in rendered[last + 1:] if b]
        return joiner.join(pieces)

    def _year_suffixed(self, rendered, begin, end, context):
        """The implicit year-suffix after the last year a range shows: "2019–2020a", "June
        3–July 7, 2019a" (citeproc-js, and jgm/citeproc, which put it after the whole
        date); the year rendered again with it pending (Date_Part.process)."""
        for i, (part, b, e) in enumerate(rendered):
            if part.get("name") == "year" and (b or e):
                if e and begin.get("year") != end.get("year"):
                    return rendered[:i] + [(part, b, self._part_text(part, end, context))] + \
                        rendered[i + 1:]
                return rendered[:i] + [(part, self._part_text(part, begin, context), e)] + \
                    rendered[i + 1:]
        return rendered

    def render_single_date(self, date, show_parts=None, context=None):
        parts = self.parts(date, show_parts, context) if context is not None and \
            context is not self else self.parts(date, show_parts)
        if not parts:
            return None
        return _Joiner(self._delimiter(context)).join(parts)

    def _delimiter(self, context) -> str:
        """The delimiter between date parts: the style's date element says it if it has one,
        else the date it borrows from the locale (citeproc-py took the style's alone: a
        locale's delimiter=" " was lost, "4January1999")."""
        if context is not None and context is not self and context.get("delimiter") is not None:
            return context.get("delimiter")
        return self.get("delimiter", "")

    @staticmethod
    def _part_text(part, date, context):
        try:
            text = part.process(date, context)
        except (VariableError, KeyError, AttributeError):
            return None
        if text is None or text == "":
            return None
        return part.format(part.case(part.strip_periods(str(text))))

    @staticmethod
    def _affixed(part, text, suffix=True, prefix=True):
        """The part with its affixes; around the range delimiter the inner ones are dropped."""
        return ((part.get("prefix", "") if prefix else "") + text +
                (part.get("suffix", "") if suffix else ""))


class Date_Part(_Cased, model.Date_Part):  # noqa: N801 (CSL element name)
    """``cs:date-part name="month"``: a season stands in for a missing month and is always
    printed as its term (CSL 1.0.2); citeproc-py asserts when the month form is numeric."""

    def process(self, date, context=None):
        if self.get("name") == "day" and self.get("form") == "ordinal" and "day" in date:
            limited = str(self.get_locale_option("limit-day-ordinals-to-day-1")).lower()
            if not (limited == "true" and date.day > 1):
                # the day takes the gender of its month ("1ᵉʳ octobre")
                gender = ordinals.gender_of(self, f"month-{date.month:02}") \
                    if isinstance(date.get("month"), int) else None
                return str(date.day) + self.preformat(ordinals.suffix(self, date.day, gender))
        if self.get("name") == "year":
            text = super().process(date, context)
            state = state_of(self)
            scratch = state.item if state is not None else None
            if scratch is not None and text is not None and scratch.year_suffix_pending:
                text = str(text) + scratch.year_suffix_pending  # CSL: after the first year
                scratch.year_suffix_pending = None
                scratch.year_suffix_done = True
            return text
        if self.get("name") == "month" and "month" not in date and "season" in date:
            season = date["season"]
            try:
                return (context if context is not None else self).get_single_term(
                    name=f"season-{int(season):02}")
            except (TypeError, ValueError):
                return str(season)
        return super().process(date, context)
