"""Passes over rendered output, where the CSL specification lets a processor tidy the result.

Each pass takes a rendered string in the output format and returns it tidied; they run after
citeproc-py has rendered an entry or a citation.
"""
from __future__ import annotations

import re

from .marks import AFFIX_CLOSE_QUOTE  # noqa: F401 - named here for the passes' users
from .marks import HELD_REFERENCE

# A full stop from an affix or delimiter right after a mark that already ends the sentence or
# the clause: "outcomes?." -> "outcomes?", "et al.." -> "et al.", "In:." -> "In:". Closing
# HTML tags may stand between the two ("?</i>."). An ellipsis "..." is left alone.
_DOUBLED_STOP = re.compile(r"(?<!\.)([?!.:;])((?:</[a-z]+>)*)\.(?!\.)")
# Two marks where one element's suffix meets the next one's prefix ("semicolon;" + ": colon"),
# resolved as citeproc-js resolves them: the same mark once; a colon after ; ! ? and a full
# stop after : ; ! ? are dropped; ! or ? after : or ; replaces it; any other pair stays
# ("etc.," "Why?!").
_MARK_PAIR = re.compile(r"(?<![.:;!?,])([:;!?,])((?:</[a-z]+>)*)([:;!?,])(?![.:;!?,])")


def _resolve_pair(m: re.Match) -> str:
    first, tags, second = m.group(1), m.group(2), m.group(3)
    text, start, end = m.string, m.start(), m.end()
    if not tags and start and end < len(text) and text[start - 1].isalnum() \
            and text[end].isalnum():
        return m.group(0)  # inside a token of the data: "std::vector", a DOI's "a::b"
    if first == second or (second == ":" and first in ";!?"):
        return first + tags
    if second in "!?" and first in ":;":
        return second + tags
    return m.group(0)


# the same, seen through a closing quotation mark, once punctuation has moved into quotes:
# “Why?”. -> “Why?”
_DOUBLED_STOP_QUOTED = re.compile(r"(?<!\.)([?!.:;])((?:</[a-z]+>|[”’])*)\.(?!\.)")
_MARK_PAIR_QUOTED = re.compile(
    r"(?<![.:;!?,])([:;!?,])((?:</[a-z]+>|[”’])*)([:;!?,])(?![.:;!?,])")


# where punctuation stays outside quotes (German, French, British English, Japanese,
# Chinese), a mark ending a quoted title takes the place of a full stop after it:
# „Outcomes?“. -> „Outcomes?“, « Outcomes? ». -> « Outcomes? », “sciatica:”. -> “sciatica:”,
# “stop.”. -> “stop.”, 「Move more!」. -> 「Move more!」, 《Move more!》. -> 《Move more!》
# (citeproc-js)
_CLOSING_QUOTES = "\u201d\u2019\u201c\u2018\u00bb\u203a\u300d\u300f\u300b\u3009"
_STOP_AFTER_QUOTED_MARK = re.compile(
    f"([?!.:;])((?:</[a-z]+>|[{_CLOSING_QUOTES}\u00a0\u202f])*[{_CLOSING_QUOTES}]"
    "(?:</[a-z]+>)*)\\.(?!\\.)")

# an HTML character reference ("&#62;"): its ";" is no punctuation of the text
_REFERENCE = re.compile(r"&#?\w+;")
_HELD_REFERENCE = HELD_REFERENCE


def collapse_punctuation(text: str, quoted: bool = False) -> str:
    if "&" in text and ";" in text:  # "<https://x>." in HTML: "&#62;." keeps its stop
        references = _REFERENCE.findall(text)
        if references:
            text = _collapse(_REFERENCE.sub(_HELD_REFERENCE, text), quoted)
            held = iter(references)
            return re.sub(_HELD_REFERENCE, lambda _: next(held), text)
    return _collapse(text, quoted)


def _collapse(text: str, quoted: bool) -> str:
    doubled, pair = (_DOUBLED_STOP_QUOTED, _MARK_PAIR_QUOTED) if quoted else (
        _DOUBLED_STOP, _MARK_PAIR)
    if "." in text:
        text = doubled.sub(r"\1\2", text)
    if any(c in text for c in ":;!?,"):
        text = pair.sub(_resolve_pair, text)
    return text


def punctuation_in_quote(text: str, close_quote: str = "”") -> str:
    """Move a comma, full stop, question or exclamation mark that follows a closing
    quotation mark inside it, as locales with ``punctuation-in-quote="true"`` (American
    English) ask: “Title”. -> “Title.”; several in a row all move (“comma,.”), as in
    citeproc-js. Colons and semicolons stay outside."""
    if close_quote not in text:
        return text
    pattern = _moving_punctuation(close_quote)
    for _ in range(3):
        moved = pattern.sub(lambda m: m.group(2) + m.group(1), text)
        if moved == text:
            break
        text = moved
    return text


def _moving_punctuation(close_quote: str) -> re.Pattern:
    pattern = _MOVING.get(close_quote)
    if pattern is None:
        # an inner closing quote right before it moves with it: “This is ‘The One.’”
        inner = "’?" if close_quote == "”" else ""
        pattern = _MOVING[close_quote] = re.compile(
            "(" + inner + re.escape(close_quote) + r"(?:</[a-z]+>)*)([.,!?])")
    return pattern


_MOVING: dict[str, re.Pattern] = {}


# a closing quotation mark typed in a cite's affix, held out of punctuation-in-quote

_FORMAT_TAG = re.compile(r"<(/?)(i|b|span)(\s[^>]*)?>")
# formatting CSL can set, and the HTML that sets it, sets it back to normal, and closes it
_SET = {"italic": "<i>", "bold": "<b>", "small-caps": '<span style="font-variant:small-caps;">'}
_UNSET = {"italic": '<span style="font-style:normal;">',
          "bold": '<span style="font-weight:normal;">',
          "small-caps": '<span style="font-variant:normal;">'}
_CLOSE = {"italic": "</i>", "bold": "</b>", "small-caps": "</span>"}
_OPENING = {**{tag: (name, True) for name, tag in _SET.items()},
            **{tag: (name, False) for name, tag in _UNSET.items()}}
NODECOR = '<span class="nodecor">'


def flip_flop(html: str) -> str:
    """Formatting inside the same formatting is undone, and "normal" means something only
    inside it (CSL 1.0.2, formatting flip-flop, as citeproc-js writes it):
    "<i>One <i>Two</i></i>" -> "<i>One <span style="font-style:normal;">Two</span></i>", small
    caps inside small caps are set normal, a font-style="normal" span outside italics is
    dropped, and the data's ``<span class="nodecor">`` undoes whatever formatting it is in
    ("<i>Lessard <span style="font-style:normal;">v.</span> Schmidt</i>").
    """
    if "<span" not in html and html.count("<i>") < 2 and html.count("<b>") < 2:
        return html
    on = dict.fromkeys(_SET, False)
    stack: list[tuple[str, list[tuple[str, bool]]]] = []  # (closing HTML, states to restore)
    out, pos = [], 0
    for m in _FORMAT_TAG.finditer(html):
        out.append(html[pos:m.start()])
        pos = m.end()
        tag = m.group(0)
        if m.group(1):  # a closing tag: closes what the innermost opening became
            if stack:
                closing, restore = stack.pop()
                out.append(closing)
                for name, value in restore:
                    on[name] = value
            else:
                out.append(tag)
            continue
        if tag == NODECOR:
            undone = [name for name in _SET if on[name]]
            out.extend(_UNSET[name] for name in undone)
            stack.append(("</span>" * len(undone), [(name, True) for name in undone]))
            for name in undone:
                on[name] = False
        elif tag in _OPENING:
            name, wanted = _OPENING[tag]
            if on[name]:  # set inside set, or normal inside set: undone
                out.append(_UNSET[name])
                stack.append(("</span>", [(name, True)]))
                on[name] = False
            elif wanted:
                out.append(_SET[name])
                stack.append((_CLOSE[name], [(name, False)]))
                on[name] = True
            else:  # normal where it is normal already: nothing to write
                stack.append(("", []))
        else:  # another span: kept as it is
            out.append(tag)
            stack.append(("</span>" if m.group(2) == "span" else f"</{m.group(2)}>", []))
    out.append(html[pos:])
    return "".join(out)


def tidy(text: str, *, quote_punctuation: str | None = None, html: bool = False) -> str:
    """All passes, in order. ``quote_punctuation``: the locale's closing quotation mark when
    its punctuation-in-quote option is true; ``html``: the output is HTML."""
    if quote_punctuation:
        # marks that meet are resolved first ("colon:" + "! " is "colon!"), then move in
        text = punctuation_in_quote(collapse_punctuation(text), quote_punctuation)
    if html:
        text = flip_flop(text)
    if not quote_punctuation and "." in text:
        text = _STOP_AFTER_QUOTED_MARK.sub(r"\1\2", text)
    return collapse_punctuation(text, quoted=bool(quote_punctuation))


_SPACE_BEFORE_MARK = re.compile(r" (?=[?!])")


def narrow_spaces(text: str) -> str:
    """Outside English, a space typed before "?" or "!" becomes a narrow no-break space, as
    citeproc-js writes it ("Un livre\u202f?" in fr-FR and ja-JP output; a style's own
    " ; " delimiter stays as it is, DIN 1505-2)."""
    return _SPACE_BEFORE_MARK.sub("\u202f", text) if " " in text else text


def last_visible(text: str) -> str:
    """The text without the tags it ends with ("...</i></span>"): as the regular expression
    "(?:<[^>]+>)+$" removed them (which tried each "<" of a run of them, quadratic), read
    from the end, one tag at a time."""
    newline = text.endswith("\n")  # "$" allowed one
    end = len(text) - newline
    start = None  # where the tags at the end start
    while end > 0 and text[end - 1] == ">":
        tag_start = text.rfind(">", 0, end - 1) + 1  # a tag holds no ">" before its last
        opening = text.find("<", tag_start, end - 2)  # "<", at least one character, ">"
        if opening < 0:
            break
        start = opening
        if opening != tag_start:
            break  # text before it, up to the tag before: the tags start here
        end = tag_start
    if start is None:
        return text
    return text[:start] + ("\n" if newline else "")
