"""``cs:sort`` and ``cs:key`` (CSL 1.0.2, "Sorting"): plain-text sort keys and their collation
(accents, scripts, numbers, empty keys last)."""
from __future__ import annotations

import html as html_lib
import re
import unicodedata

from citeproc import model

from ..collation import AFTER_Z, Tailoring, tailoring
from ..slices import SORT_KEYS_MOST, render_in_slices
from ..state import state_of
from .csl import CSL_NAMESPACE


# Letters with no Unicode decomposition that collation files with a base letter ("Østergaard"
# among the O's).
# Thorn is a letter of its own after z (CLDR's root collation: "Þór" after "Zych").
_UNDECOMPOSABLE = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d",
                                 "ð": "d", "þ": AFTER_Z, "ı": "i", "ħ": "h"})

_DIGITS = re.compile(r"\d+")
_MARKUP_TAG = re.compile(r"</?(?:i|b|sup|sub|sc|span)(?=[\s>])")  # CSL rich-text tags
_LEADING_PUNCTUATION = re.compile(r"^[\W_]+")  # "#hashtag" sorts as "hashtag" (citeproc-js)


def _without_markup(text: str) -> str:
    """The text without CSL's rich-text tags ("<i>", "<span class=...>"). One pass: the
    regular expression this was read on to the end of the text from each "<b " that never
    closes, quadratic."""
    out, copied, pos = [], 0, 0
    while (m := _MARKUP_TAG.search(text, pos)) is not None:
        close = text.find(">", m.end())  # the tag's end (its name is followed by ">" or a space)
        if close < 0:
            break  # no ">" after it: no tag can end anywhere after
        out.append(text[copied:m.start()])
        copied = pos = close + 1
    out.append(text[copied:])
    return "".join(out)


def collation_key(value, language: Tailoring | None = None) -> tuple:
    """A sort key that collates as people read: accents and case folded ("Åsa" with the A's),
    leading punctuation and quotation marks ignored, runs of digits compared as numbers ("9"
    before "10", "2017-11-02" before "2021"); ``language``: the tailoring of the language
    sorted in (collation.py: Swedish "Åsa" after "Zorn")."""
    text = str(value)
    if "<" in text or "&#" in text:  # markup of the data in HTML output is not sorted on
        text = _without_markup(html_lib.unescape(text))
    if language is None:
        folded = unicodedata.normalize("NFKD", text.casefold())
    else:
        folded = language.mark(unicodedata.normalize("NFKD", language.fold_case(text)))
    folded = "".join(c for c in folded.translate(_UNDECOMPOSABLE)
                     if not unicodedata.combining(c))
    if language is not None:
        folded = language.place(folded)
    folded = _LEADING_PUNCTUATION.sub("", folded)
    # as citeproc-js: apostrophes are ignored ("O’Sullivan" after "Østergaard"), other
    # punctuation sorts below letters (name keys read "d Orsay": before "Das")
    folded = "".join(c if c.isalnum() or c.isspace() else " " for c in folded
                     if c not in "'’‘")
    folded = " ".join(folded.split())  # punctuation gone, its spaces go with it
    folded = _DIGITS.sub(lambda m: m.group().zfill(12), folded)
    if language is not None:
        folded = language.order_scripts(folded)
    # (keys equal once folded are ties, as citeproc-js compares base letters: the next key,
    # then the order given, decides; "Peña" and "Pena" are not told apart by their accent)
    return (folded,)


_BIBLIOGRAPHY = f"{{{CSL_NAMESPACE}}}bibliography"


class Sort(model.Sort):
    """``cs:sort``: keys rendered as plain text (citeproc-py renders them in the output format,
    so in HTML "<i>Rheumatoid…" sorted before "Baykara"), compared by collation_key (citeproc-py
    compared code points: "Åsa" after "Wei"), empty keys last; the render state knows that sort
    keys are being rendered."""

    def sort(self, items, context):
        state = state_of(self)
        if state is not None:
            state.sorting = True  # (the style's formatter is plain text meanwhile: Style)
        try:
            keys = self.findall("cs:key", self.nsmap)
            first = None
            if keys and state is not None and len(items) > 1 and \
                    self.getparent().tag == _BIBLIOGRAPHY:
                # the first key, of every entry: in slices over processes for a long list
                first = render_in_slices(state, len(items), lambda part: self._collated(
                    keys[0], items[part.start:part.stop], context), most=SORT_KEYS_MOST)
            return [items[i] for i in self._ordered(list(range(len(items))), items, keys,
                                                    context, first)]
        finally:
            if state is not None:
                state.sorting = False

    @staticmethod
    def _collated(key, items, context) -> list[tuple | None]:
        """Each item's ``key`` as collation_key reads it; None for an empty one."""
        root = key.get_root()
        language = tailoring(getattr(root, "locale_language", None) or
                             root.get("default-locale"))
        return [collation_key(v, language) if v is not None and str(v) != "" else None
                for v in key.sort_keys(items, context)]

    def _ordered(self, indices, items, keys, context, collated=None):
        """``indices`` (in the order given) ordered by the first key, ties by the next ones,
        remaining ties in the order given. A key is rendered only for the items the earlier
        keys left tied (most are told apart by the author): rendering sort keys was a
        third of the time of a bibliography. ``collated``: the first key's, if known."""
        if not keys or len(indices) < 2:
            return indices
        key, later = keys[0], keys[1:]
        if collated is None:
            collated = self._collated(key, [items[i] for i in indices], context)
        present = [(c, i) for i, c in zip(indices, collated) if c is not None]
        empty = [i for i, c in zip(indices, collated) if c is None]
        # a stable sort: equal keys keep the order given, in both directions
        present.sort(key=lambda pair: pair[0],
                     reverse=key.get("sort", "ascending").lower() == "descending")
        order = []
        start = 0
        for n in range(1, len(present) + 1):
            if n == len(present) or present[n][0] != present[start][0]:
                order.extend(self._ordered([i for _, i in present[start:n]], items, later,
                                           context))
                start = n
        return order + self._ordered(empty, items, later, context)  # empty keys last


class Key(model.Key):
    """``cs:key``: each item's sort key is computed on its own, so a processor failure on one
    item costs that item its key (it sorts last, and is reported), not the whole sort."""

    def sort_keys(self, items, context):
        state = state_of(self)
        if state is None:
            return super().sort_keys(items, context)
        keys = []
        for item in items:
            # each key is rendered on its own: what a substitute used for one key (the
            # editors standing in for the author) is not hidden from the next
            state.new_item(item.reference)
            try:
                keys.extend(super().sort_keys([item], context))
            except Exception as exc:  # noqa: BLE001 - a bug in the processor, reported per item
                failure = (item.key, f"{type(exc).__name__}: {exc}".rstrip(": "))
                if failure not in state.failures:
                    state.failures.append(failure)
                keys.append(None)
        return keys
