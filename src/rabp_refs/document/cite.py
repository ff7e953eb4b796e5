"""A manuscript's citations through the engine: keys checked, clusters in the order of the
text (a footnote's citations where the footnote is called), the note number of each, and
what each citation becomes in the output, as pandoc's citeproc makes it:

- an author-date or numeric style: the citation's text in place; a narrative ``@key`` is
  the author, a space, and the rest of its citation (``Neva et al. (2011, p. 33)``);
- a note style: a new footnote holding the citation (its first letter capitalised), the
  author staying in the text for a narrative one; a citation already inside a footnote
  stays there, in parentheses (a narrative one without);
- an unknown key: ``key?`` in bold where its cite stood, and a finding with its line and
  column; a Quarto or pandoc-crossref label (``@fig-x``) is left as written.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .. import rules
from ..diagnostics import Diagnostic
from ..engine import AUTHOR_ONLY, SUPPRESS_AUTHOR, CiteItem, Engine
from .citations import CROSSREF, Citation, split_locator
from .markdown import Manuscript, parser


@dataclass
class Placed:
    """What one citation of the manuscript becomes."""

    citation: Citation
    keys: list[str]  # the items' ids, of the cites whose key is known
    unknown: list[str] = field(default_factory=list)
    text: str = ""  # the text in place, or the new footnote's text
    author: str = ""  # a narrative citation's author, in the text before its footnote
    note: bool = False  # a new footnote
    note_number: int = 0
    keep: bool = False  # left as written: a cross-reference


@dataclass
class Cited:
    placed: list[Placed]  # in the order of the text as written
    bibliography: list[str]
    bibliography_ids: list[str]
    diagnostics: list[Diagnostic]


_AFFIX_TAGS = {"em_open": "<i>", "em_close": "</i>", "strong_open": "<b>",
               "strong_close": "</b>"}
_HTML_TAGS = re.compile(r"</?(?:i|b|sup|sub|sc)>$")


def affix_markup(markdown: str) -> str:
    """A prefix or suffix written in Markdown, as the engine reads a cite's affixes (the
    rich text of CSL-JSON: ``<i>``, ``<b>``, ``<sup>``, ``<sub>``, ``<sc>``; text as it is)."""
    if not markdown:
        return ""
    out = []
    for block in _AFFIX_PARSER.parse(markdown):
        for token in block.children or ():
            if token.type in _AFFIX_TAGS:
                out.append(_AFFIX_TAGS[token.type])
            elif token.type in ("text", "code_inline", "math_inline"):
                out.append(token.content)
            elif token.type in ("softbreak", "hardbreak"):
                out.append(" ")
            elif token.type == "html_inline" and _HTML_TAGS.match(token.content):
                out.append(token.content)
    return "".join(out)


_AFFIX_PARSER = parser(citations=False)


def _did_you_mean(key: str, ids: list[str]) -> str | None:
    close = difflib.get_close_matches(key, ids, n=3, cutoff=0.6)
    return f"did you mean {', '.join('@' + c for c in close)}?" if close else None


def _capitalised(text: str) -> str:
    """The note's first letter in capitals ("See ibid."), markup and quotes skipped."""
    i = 0
    while i < len(text):
        c = text[i]
        if c == "<":  # an HTML tag opens the note (an autolink: no letter to change)
            end = text.find(">", i)
            if end < 0 or text.startswith(("<http", "<mailto", "<www"), i):
                return text
            i = end + 1
            continue
        if c.isalpha():
            return text[:i] + c.upper() + text[i + 1:]
        if c not in "*_“‘\"'([":
            return text
        i += 1
    return text


def cite(doc: Manuscript, items: list[dict], engine: Engine, *, file: str, markup: str,
         nocite: list[str] = (), bibliography: bool = True) -> Cited:
    """Render every citation of ``doc`` with ``engine`` (``markup``: "markdown" or "html",
    the form unknown keys are shown in)."""
    ids = [str(item["id"]) for item in items]
    by_id = {i: item for i, item in zip(ids, items)}
    folded: dict[str, list[str]] = {}
    for i in ids:
        folded.setdefault(i.lower(), []).append(i)
    diagnostics: list[Diagnostic] = []

    def resolve(key: str) -> str | None:
        if key in by_id:
            return key
        same = folded.get(key.lower(), [])
        return same[0] if len(same) == 1 else None

    placed: dict[int, Placed] = {}
    for citation in doc.citations:
        keys = [resolve(c.key) for c in citation.cites]
        unknown = [c.key for c, k in zip(citation.cites, keys) if k is None]
        one = Placed(citation, [k for k in keys if k is not None], unknown)
        if unknown and len(unknown) == len(keys) and all(CROSSREF.match(k) for k in unknown):
            one.keep = True
        else:
            for key in unknown:
                diagnostics.append(rules.UNKNOWN_CITE(
                    f"no item with key '{key}' in the bibliography", file=file,
                    line=citation.line, column=citation.column, key=key,
                    hint=_did_you_mean(key, ids)))
        placed[id(citation)] = one

    note_style = engine.is_note_style
    order = _text_order(doc, note_style, lambda c: not placed[id(c)].keep)
    labels = engine.locator_terms()
    clusters, authors, notes, rendered = [], [], [], []
    for citation, number in order:
        one = placed[id(citation)]
        one.note_number = number
        if one.keep or not one.keys:
            continue
        in_note = citation.note is not None
        narrative = citation.narrative and not (note_style and in_note)
        known = [(c, k) for c, k in zip(citation.cites, [resolve(c.key) for c in
                                                         citation.cites]) if k is not None]
        cluster = [_cite_item(c, k, labels, SUPPRESS_AUTHOR if narrative else None,
                              citation.narrative) for c, k in known]
        clusters.append(cluster)
        authors.append([CiteItem(k, mode=AUTHOR_ONLY) for _, k in known]
                       if narrative else list(cluster))
        notes.append(number)
        rendered.append(one)

    cited = list(dict.fromkeys(k for one in rendered for k in one.keys))
    if "*" in nocite:
        cited += ids
    else:
        cited += [k for k in (resolve(n) for n in nocite) if k is not None]
        for key in nocite:
            if resolve(key) is None:
                diagnostics.append(rules.UNKNOWN_CITE(
                    f"nocite: no item with key '{key}' in the bibliography", file=file,
                    key=key, hint=_did_you_mean(key, ids)))
    cited_items = [by_id[k] for k in dict.fromkeys(cited)]
    result = engine.render(cited_items, clusters, bibliography=bibliography, notes=notes)
    # a narrative citation's remainder may well be empty (MLA: "Nall" says it all)
    empty_by_design = {f"citation {n} renders nothing" for n, one in
                       enumerate(rendered, start=1) if one.citation.narrative}
    diagnostics.extend(d for d in result.diagnostics if d.code != rules.UNKNOWN_CITE.code
                       and not (d.code == rules.EMPTY_ENTRY.code and
                                d.message.split(" with style")[0] in empty_by_design))
    author_texts = [""] * len(clusters)
    if any(one.citation.narrative for one in rendered):
        author_texts = engine.render(cited_items, authors, bibliography=False,
                                     notes=notes).citations

    for one, text, author in zip(rendered, result.citations, author_texts):
        in_note = one.citation.note is not None
        text = _with_unknown(text, one, engine, markup)
        if one.citation.narrative and not (note_style and in_note):
            author = author or ""
            if note_style:
                one.author, one.text, one.note = author, _note(text), True
            else:
                one.text = f"{author} {text}" if text else author
        elif note_style and not in_note:
            one.text, one.note = _note(text), True
        elif note_style:  # in the text of a footnote: without the note's closing period,
            #               in parentheses unless narrative
            text = _without_suffix(text, engine.citation_affixes[2])
            one.text = text if one.citation.narrative or not text else f"({text})"
        else:
            one.text = text
    for one in placed.values():
        if not one.keys and not one.keep:
            text = _with_unknown("", one, engine, markup)
            in_note = one.citation.note is not None
            one.note = note_style and not in_note
            # in a footnote of a note style, in parentheses as the known ones are
            bracketed = note_style and in_note and not one.citation.narrative
            one.text = f"({text})" if bracketed else text
    return Cited([placed[id(c)] for c in doc.citations], result.bibliography,
                 result.bibliography_ids, diagnostics)


def _without_suffix(text: str, suffix: str) -> str:
    """A note citation's text without the layout's closing punctuation (moved inside a
    closing quotation mark or not)."""
    if not suffix:
        return text
    if text.endswith(suffix):
        return text[:len(text) - len(suffix)]
    stripped = text.rstrip("\u201d\u2019\u00bb\"'")
    closing = text[len(stripped):]
    if closing and stripped.endswith(suffix):
        return stripped[:len(stripped) - len(suffix)] + closing
    return text


def _note(text: str) -> str:
    """A citation as a footnote: its first letter capitalised."""
    return _capitalised(text)


def _cite_item(cite, key: str, labels: dict[str, str], mode: str | None,
               narrative: bool = False) -> CiteItem:
    locator = split_locator(cite.suffix, labels)
    suffix = locator.suffix if locator else cite.suffix
    if narrative and suffix[:1].isalnum():  # @key [more]: "(2011, more)", as pandoc
        suffix = ", " + suffix
    prefix = affix_markup(cite.prefix)
    return CiteItem(key, locator=locator.value if locator and locator.value else None,
                    label=(locator.label or "page") if locator and locator.value else None,
                    prefix=prefix + " " if prefix else None,
                    suffix=affix_markup(suffix) or None,
                    mode=SUPPRESS_AUTHOR if cite.suppress_author else mode)


def _text_order(doc: Manuscript, note_style: bool, counts) -> list[tuple[Citation, int]]:
    """The citations in the order of the text, a footnote's where it is first called, with
    their note numbers (0 in the running text of an in-text style; ``counts(citation)``:
    whether it makes a note, in a note style)."""
    order, number, called = [], 0, set()
    for kind, value in doc.events:
        if kind == "cite":
            if note_style and counts(value):
                number += 1
            order.append((value, number if note_style else 0))
        elif value not in called:
            called.add(value)
            number += 1
            order.extend((c, number) for c in doc.note_citations.get(value, []))
    for note, citations in doc.note_citations.items():  # footnotes never called
        if note not in called:
            order.extend((c, 0) for c in citations)
    return order


def _unknown_mark(key: str, markup: str) -> str:
    return f"<strong>{key}?</strong>" if markup == "html" else f"**{key}?**"


def _with_unknown(text: str, one: Placed, engine: Engine, markup: str) -> str:
    """The citation's text with its unknown keys shown where pandoc shows them: ``key?`` in
    bold, inside the citation's own affixes."""
    if not one.unknown or one.keep:
        return text
    marks = "; ".join(_unknown_mark(k, markup) for k in one.unknown)
    prefix, _, suffix = engine.citation_affixes
    if engine.is_note_style or one.citation.narrative:
        return f"{text}; {marks}" if text else marks
    if text and suffix and text.endswith(suffix):
        return f"{text[:len(text) - len(suffix)]}; {marks}{suffix}"
    return f"{text}; {marks}" if text else f"{prefix}{marks}{suffix}"
