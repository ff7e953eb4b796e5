"""Writers: one rendered entry or citation (the engine's HTML) in another output format.

Each writer escapes the text so that whatever a title holds (``&``, ``<``, ``*``, ``_``,
``%``, braces, backslashes) comes out as that text, and keeps the formatting CSL asked for:

- Markdown (CommonMark): italics ``*...*``, bold ``**...**``, links as autolinks; formatting
  Markdown has no syntax for (small caps, superscript, subscript, underline) as inline HTML,
  which CommonMark allows. Emphasis that CommonMark's flanking rules would not read as
  emphasis falls back to ``<em>``/``<strong>``.
- RTF: the control words citeproc-js writes (``{\\i{}...}``, ``{\\scaps ...}``,
  ``\\super ...\\nosupersub{}``); characters outside ASCII as ``\\uN`` (signed 16-bit, as the
  RTF specification asks; characters beyond U+FFFF as a surrogate pair).
- LaTeX: ``\\emph``, ``\\textbf``, ``\\textsc``, ``\\textsuperscript``, ``\\url``; the ten special
  characters escaped, and typographic punctuation as LaTeX ligatures (as pandoc writes it).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from . import richtext
from .richtext import Run

# --- HTML: links ---------------------------------------------------------------------------

_HTML_PART = re.compile(r"(<[^>]*>)")
# URL characters: anything but spaces, quotes and angle brackets (escaped ones included)
_URL_CHARS = r'(?:(?!&#6[02];|&[lg]t;)[^\s<>"])+'
_URL = re.compile(r"https?://" + _URL_CHARS +
                  r"|(?<![\w/.])(?:doi:\s?|DOI:?\s)(10\.\d{4,9}/" + _URL_CHARS + ")")
_URL_TRAILING = ".,;:!?'\u2019\u201d"


def _url_end(url: str) -> str:
    """A URL without the punctuation of the sentence around it: marks, and closing brackets
    more than it opens. The brackets are counted once (counted again for each mark taken off,
    a URL ending in 40,000 of them took 1.3 s)."""
    opened = {")": url.count("("), "]": url.count("[")}
    closed = {")": url.count(")"), "]": url.count("]")}
    end = len(url)
    while end:
        mark = url[end - 1]
        if mark in closed and closed[mark] > opened[mark]:
            closed[mark] -= 1
        elif mark not in _URL_TRAILING:
            break
        end -= 1
    return url[:end]


def _link_text(text: str) -> str:
    out, pos = [], 0
    for m in _URL.finditer(text):
        whole = _url_end(m.group())
        if m.group(1):  # a "doi:10..." DOI
            doi = _url_end(m.group(1))
            lead = whole[: len(whole) - len(doi)]
            out.append(text[pos:m.start()] + lead)
            out.append(f'<a href="https://doi.org/{doi}">{doi}</a>')
        else:
            out.append(text[pos:m.start()])
            out.append(f'<a href="{whole}">{whole}</a>')
        pos = m.start() + len(whole)
    out.append(text[pos:])
    return "".join(out)


def link_urls(html: str) -> str:
    """URLs and DOIs in rendered HTML as links (``doi:10.1/x`` links to https://doi.org/10.1/x),
    leaving text already inside a link alone. Punctuation that ends the sentence is not part of
    the link."""
    if "http" not in html and "doi" not in html.lower():
        return html
    parts = _HTML_PART.split(html)
    in_link = 0
    for i, part in enumerate(parts):
        if i % 2:
            low = part.lower()
            if low.startswith("<a ") or low == "<a>":
                in_link += 1
            elif low == "</a>":
                in_link = max(0, in_link - 1)
        elif part and not in_link:
            parts[i] = _link_text(part)
    return "".join(parts)


# --- Markdown -----------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_LINE_START = re.compile(r"^(\s*)([#+=-]|\d+(?=[.)]))")
_MD_HTML = {"small_caps": ('<span style="font-variant:small-caps;">', "</span>"),
            "underline": ("<u>", "</u>")}


def _md_escape(text: str) -> str:
    text = _MD_SPECIAL.sub(r"\\\1", text.replace("\n", " "))
    return _MD_ENTITY.sub("&amp;", text)


def _md_escape_line_start(text: str) -> str:
    """A block marker at the start of the entry would make a heading or a list: "1. Smith"."""
    m = _MD_LINE_START.match(text)
    if not m:
        return text
    if m.group(2)[0].isdigit():
        end = m.end()
        return text[:end] + "\\" + text[end:]
    return text[:m.start(2)] + "\\" + text[m.start(2):]


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def _left_flanking(before: str, after: str) -> bool:
    """CommonMark: a delimiter run that can open emphasis (before/after: the neighbouring
    characters, "" at the ends of the text)."""
    if not after or after.isspace():
        return False
    return not _is_punct(after) or not before or before.isspace() or _is_punct(before)


def _right_flanking(before: str, after: str) -> bool:
    if not before or before.isspace():
        return False
    return not _is_punct(before) or not after or after.isspace() or _is_punct(after)


def _outside_spaces(items: list[Run], style: str) -> list[Run]:
    """Spaces at the edges of a stretch of italic (or bold) text move outside it: "*Title *"
    is no emphasis in CommonMark."""
    out: list[Run] = []
    for i, j in _stretches(items, style):
        group = list(items[i:j])
        if getattr(group[0], style):
            first = group[0]
            lead = first.text[: len(first.text) - len(first.text.lstrip())]
            if lead:
                group[0] = replace(first, text=first.text[len(lead):])
                group.insert(0, replace(first, text=lead, **{style: False}))
            last = group[-1]
            trail = last.text[len(last.text.rstrip()):]
            if trail:
                group[-1] = replace(last, text=last.text[: len(last.text) - len(trail)])
                group.append(replace(last, text=trail, **{style: False}))
        out.extend(r for r in group if r.text)
    return out


def _md_run(run: Run) -> str:
    text = _md_escape(run.text)
    if run.href:
        if run.href == run.text and re.fullmatch(r"[A-Za-z][\w+.-]*:[^\s<>]*", run.href):
            text = f"<{run.href}>"
        else:
            text = f"[{text}]({run.href.replace(' ', '%20').replace(')', '%29')})"
    if run.vertical:
        tag = "sup" if run.vertical == richtext.SUPERSCRIPT else "sub"
        text = f"<{tag}>{text}</{tag}>"
    for name, (start, end) in _MD_HTML.items():
        if getattr(run, name):
            text = start + text + end
    return text


def _stretches(items: list[Run], style: str):
    """(start, end) of each longest stretch of runs that agree on ``style``."""
    i = 0
    while i < len(items):
        j = i
        while j < len(items) and getattr(items[j], style) == getattr(items[i], style):
            j += 1
        yield i, j
        i = j


def to_markdown(html: str) -> str:
    items = richtext.runs(html.replace("\n", " "))
    items = _outside_spaces(items, "italic")
    items = _outside_spaces(items, "bold")
    # one pair of asterisks around each stretch of italics, bold nested inside:
    # "*One **two** three*"
    out = [_md_emphasis(items[i:j], items[i].italic, "*", "em", _neighbour(items, i - 1, -1),
                        _neighbour(items, j, 0)) for i, j in _stretches(items, "italic")]
    return _md_escape_line_start("".join(out))


def _neighbour(items: list[Run], index: int, end: int) -> str:
    if 0 <= index < len(items) and items[index].text:
        return items[index].text[end]
    return ""


def _md_emphasis(group: list[Run], on: bool, marker: str, tag: str, before: str,
                 after: str) -> str:
    if marker == "*":  # the italic level: inside it, the bold level
        body = "".join(
            _md_emphasis(group[i:j], group[i].bold, "**", "strong",
                         _neighbour(group, i - 1, -1) or (marker if on else before),
                         _neighbour(group, j, 0) or (marker if on else after))
            for i, j in _stretches(group, "bold"))
    else:
        body = "".join(_md_run(r) for r in group)
    if not on:
        return body
    first, last = group[0].text[:1], group[-1].text[-1:]
    if _left_flanking(before, first) and _right_flanking(last, after):
        return f"{marker}{body}{marker}"
    return f"<{tag}>{body}</{tag}>"


# --- RTF ----------------------------------------------------------------------------------

_RTF_OPEN = {
    richtext.ITALIC: "{\\i{}", richtext.UPRIGHT: "{\\i0{}", richtext.BOLD: "{\\b{}",
    richtext.NORMAL_WEIGHT: "{\\b0{}", richtext.SMALL_CAPS: "{\\scaps ",
    richtext.NORMAL_VARIANT: "{\\scaps0{}", richtext.UNDERLINE: "{\\ul{}",
    richtext.NO_DECORATION: "{\\ulnone{}",
}


def _rtf_char(ch: str) -> str:
    code = ord(ch)
    if code > 0xFFFF:  # a surrogate pair
        code -= 0x10000
        return _rtf_char(chr(0xD800 + (code >> 10))) + _rtf_char(chr(0xDC00 + (code & 0x3FF)))
    if code > 32767:
        code -= 65536
    return f"\\uc0\\u{code}{{}}"


def rtf_escape(text: str) -> str:
    text = re.sub(r"([\\{}])", r"\\\1", text)
    text = re.sub(r"[^\x00-\x7e]", lambda m: _rtf_char(m.group()), text)
    return text.replace("\t", "\\tab{}").replace("\n", "\\line ")


def _rtf(node) -> str:
    if isinstance(node, str):
        return rtf_escape(node)
    body = "".join(_rtf(c) for c in node.children)
    if node.formatting in _RTF_OPEN:
        return _RTF_OPEN[node.formatting] + body + "}"
    if node.formatting == richtext.SUPERSCRIPT:
        return f"\\super {body}\\nosupersub{{}}"
    if node.formatting == richtext.SUBSCRIPT:
        return f"\\sub {body}\\nosupersub{{}}"
    return body


def to_rtf(html: str) -> str:
    return _rtf(richtext.parse(html))


# --- LaTeX --------------------------------------------------------------------------------

# the ten characters LaTeX reads as markup, written as text (BibTeX values use these too)
LATEX_SPECIALS = {
    "\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "&": "\\&", "%": "\\%", "$": "\\$",
    "#": "\\#", "_": "\\_", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}",
}
_LATEX_SPECIAL = {
    **LATEX_SPECIALS,
    "<": "\\textless{}", ">": "\\textgreater{}", "|": "\\textbar{}",
    "[": "{[}", "]": "{]}",  # never read as an optional argument
    "\u2013": "--", "\u2014": "---", "\u2018": "`", "\u2019": "'", "\u201c": "``",
    "\u201d": "''", "\u2026": "\\ldots{}", "\u00a0": "~",
}
# "--" is a ligature (an en dash): hyphens typed side by side must stay apart
_LATEX_SPECIAL["-"] = "-{}"
# a line end (TeX ends a line at CR too) or another control character: a space
_LATEX_SPECIAL.update({chr(c): " " for c in [*range(0x09), *range(0x0A, 0x20), 0x7F]})
_LATEX_SPECIAL_RE = re.compile("-(?=-)|[" + re.escape("".join(
    k for k in _LATEX_SPECIAL if k != "-")) + "]")
_LATEX_COMMAND = {
    richtext.ITALIC: "\\emph", richtext.UPRIGHT: "\\textup", richtext.BOLD: "\\textbf",
    richtext.NORMAL_WEIGHT: "\\textmd", richtext.SMALL_CAPS: "\\textsc",
    richtext.NORMAL_VARIANT: "\\textup", richtext.UNDERLINE: "\\underline",
    richtext.SUPERSCRIPT: "\\textsuperscript", richtext.SUBSCRIPT: "\\textsubscript",
}


def latex_escape(text: str) -> str:
    return _LATEX_SPECIAL_RE.sub(lambda m: _LATEX_SPECIAL[m.group()], text)


# In a URL: "%" and "#" escaped (hyperref's \url and \href read "\%" and "\#" as "%" and
# "#", inside another command's argument too); what TeX would read as markup there and URLs
# never hold as such ("\", "^": "^^5c" is a backslash to TeX; braces; spaces and control
# characters) percent-encoded, "\%5E" for "^", which is the same address
_URL_SPECIAL = re.compile(r"[%#]|[\\^{}\s\x00-\x1f\x7f]")


def _url_char(char: str) -> str:
    if char in "%#":
        return "\\" + char
    return "".join(f"\\%{byte:02X}" for byte in char.encode("utf-8"))


def _latex_url(url: str) -> str:
    """A URL as the argument of \\url or \\href: nothing in it is TeX markup."""
    return _URL_SPECIAL.sub(lambda m: _url_char(m.group()), url)


def _latex(node) -> str:
    if isinstance(node, str):
        return latex_escape(node)
    if node.formatting == richtext.LINK and node.href and node.href == node.text():
        return f"\\url{{{_latex_url(node.href)}}}"
    body = "".join(_latex(c) for c in node.children)
    if node.formatting == richtext.LINK and node.href:
        return f"\\href{{{_latex_url(node.href)}}}{{{body}}}"
    command = _LATEX_COMMAND.get(node.formatting)
    return f"{command}{{{body}}}" if command else body


def to_latex(html: str) -> str:
    return _latex(richtext.parse(html))


def to_text(html: str) -> str:
    return richtext.plain_text(html)
