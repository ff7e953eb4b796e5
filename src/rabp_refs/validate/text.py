"""RB4xx text in fields: HTML pasted from the web, unescaped specials, mojibake, acronyms and
capitals in titles."""
from __future__ import annotations

import re

from .. import latex, rules
from ..csl_data import KNOWN_FIELDS

# Fields whose values are not text to typeset.
RAW_FIELDS = {"url", "doi", "file", "eprint", "isbn", "issn", "urldate", "date", "eventdate",
              "origdate", "crossref", "xref", "ids", "langid", "language", "hyphenation",
              "options", "timestamp", "owner", "pmid", "pmcid", "keywords", rules.OPT_OUT_FIELD}
TITLE_FIELDS = ("title", "subtitle", "booktitle", "maintitle", "shorttitle", "titleaddon")

_ENTITY = re.compile(r"&(amp|lt|gt|quot|apos|nbsp|ndash|mdash|[a-zA-Z]{2,8}|#\d{1,6}|"
                     r"#x[0-9a-fA-F]{1,6});")
_TAG_NAME = re.compile(r"</?(i|b|em|strong|sup|sub|br|span|p|a|u|div|sc)\b", re.I)
_UNESCAPED = re.compile(r"(?<!\\)[&%#]")
# An address LaTeX reads verbatim: \url{...}, \path|...| (the url package takes # and %)
_VERBATIM = re.compile(r"\\(?:url|path|nolinkurl)\s*(?:\{[^{}]*\}|\|[^|]*\|)")
_MOJIBAKE = re.compile(r"Ã[\u0080-\u00bf]|â€[\u0080-\u00bf™œ“”˜]|Â[\u00a0-\u00bf]|ï»¿")
# A character every one of the four patterns above needs: most values have none.
_SUSPECT = re.compile(r"[&<%#ÃâÂï]")


def check(ctx) -> None:
    for record in ctx.records:
        for name, f in record.entry.fields.items():
            if name in RAW_FIELDS or not f.value:
                continue
            _text(ctx, record, name, f.value)
        if record.item.get("language", "en").startswith("en"):
            for name in TITLE_FIELDS:
                value = record.entry.get(name)
                if value:
                    _title(ctx, record, name, value)


def _text(ctx, record, name, value) -> None:
    if not _SUSPECT.search(value):
        return
    entity = _ENTITY.search(value)
    if entity:
        ctx.report(rules.HTML_ENTITY, f"HTML entity '{entity.group()}' in {name}", record, name)
    tag = _html_tag(value)
    if tag:
        ctx.report(rules.HTML_TAG, f"HTML tag '{tag}' in {name}", record, name)
    # only where a style typesets the field: a field with no CSL variable (bibsource,
    # acknowledgement) is never printed, and an address in \url{} is read verbatim
    typeset = name in KNOWN_FIELDS and not entity
    unescaped = typeset and list(_UNESCAPED.finditer(_VERBATIM.sub("", _ENTITY.sub("", value))))
    if unescaped:
        chars = "".join(sorted({m.group() for m in unescaped}))
        ctx.report(rules.UNESCAPED, f"unescaped {' '.join(chars)} in {name}", record, name,
                   hint="escape it: " + ", ".join("\\" + c for c in chars))
    garbled = _MOJIBAKE.search(value)
    if garbled:
        fixed = _unmangle(value[max(0, garbled.start() - 10):garbled.end() + 10])
        ctx.report(rules.MOJIBAKE, f"'{garbled.group()}' in {name} looks like UTF-8 read as "
                   "Latin-1", record, name,
                   hint=f"probably '{fixed}'" if fixed else None)


def _html_tag(value: str) -> str | None:
    """The first HTML tag in the value ("<i>", "<span class='x'>"), to its first ">". (The
    regular expression this was read on to the end of the value from each "<b " that never
    closes: quadratic.)"""
    m = _TAG_NAME.search(value)
    if m is None:
        return None
    close = value.find(">", m.end())
    return value[m.start():close + 1] if close >= 0 else None


def _unmangle(text: str) -> str | None:
    try:
        return text.encode("cp1252").decode("utf-8")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return None


def _depth_zero(value: str) -> str:
    """The text at brace depth 0, with braced groups blanked out."""
    if "{" not in value and "}" not in value:
        return value
    out = [" "] * len(value)
    for i, j in latex.top_level(value, with_escapes=True):
        out[i:j] = value[i:j]
    return "".join(out)


def _title(ctx, record, name, value) -> None:
    bare = _depth_zero(value)
    letters = [c for c in bare if c.isalpha()]
    if len(letters) >= 8 and not any(c.islower() for c in letters):
        ctx.report(rules.ALL_CAPS_TITLE, f"{name} is all in capitals", record, name)
        return
    acronyms = sorted({m.group() for m in latex.unbraced_acronyms(value)})
    if acronyms:
        ctx.report(rules.UNBRACED_ACRONYM, f"{name} has unbraced acronyms: {', '.join(acronyms)}",
                   record, name, hint="brace them: " + ", ".join("{" + a + "}" for a in acronyms))
