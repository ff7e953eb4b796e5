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

import html
import re
from dataclasses import dataclass, field, replace

from .. import rules
from ..diagnostics import Diagnostic
from ..keys import ItemKeys
from ..engine import AUTHOR_ONLY, SUBSEQUENT, SUPPRESS_AUTHOR, CiteItem, Engine
from .citations import CROSSREF, Citation, split_locator, typographic
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
    suffixes: list[str] = field(default_factory=list)  # each known cite's, as rendered


@dataclass
class Cited:
    placed: list[Placed]  # in the order of the text as written
    bibliography: list[str]
    bibliography_ids: list[str]
    diagnostics: list[Diagnostic]
    # a new footnote's call after the punctuation that follows its citation (pandoc's
    # notes-after-punctuation, true unless the front matter says false)
    notes_after_punctuation: bool = True
    # the locale puts a comma or period inside a closing quotation mark (en-US): the
    # punctuation a new footnote's call moves goes into the quotation before it, as pandoc
    punctuation_in_quote: bool = False


_AFFIX_TAGS = {"em_open": "<i>", "em_close": "</i>", "strong_open": "<b>",
               "strong_close": "</b>"}
_HTML_TAGS = re.compile(r"</?(?:i|b|sup|sub|sc)>$")


def affix_markup(markdown: str) -> str:
    """A prefix or suffix written in Markdown, as the engine reads a cite's affixes (the
    rich text of CSL-JSON: ``<i>``, ``<b>``, ``<sup>``, ``<sub>``, ``<sc>``; text as it is)."""
    if not markdown.strip():
        return ""
    out = [" "] if markdown[0].isspace() else []  # " and passim": its space kept, as pandoc
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
    return "".join(out) + (" " if markdown[-1].isspace() else "")


_AFFIX_PARSER = parser(citations=False)


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


def _note_text(one: Placed, text: str) -> str:
    """A new footnote's text, its first letter a capital; an unknown key's mark as pandoc
    writes it: capitalised too unless the key has a digit ("Nokey?", "nokey2020?")."""
    if one.keys or not any(c.isdigit() for c in one.unknown[0]):
        return _capitalised(text)
    return text


class _Keys(ItemKeys):
    """The items by key (keys.ItemKeys), and the finding an unknown one makes."""

    def __init__(self, items: list[dict]):
        super().__init__(str(item["id"]) for item in items)
        self.items = dict(zip(self.ids, items))

    def unknown(self, key: str, message: str, file: str, citation: Citation | None = None):
        close = self.close(key)
        return rules.UNKNOWN_CITE(
            message, file=file, key=key,
            hint=f"did you mean {', '.join('@' + c for c in close)}?" if close else None,
            line=citation.line if citation else None,
            column=citation.column if citation else None)


def cite(doc: Manuscript, items: list[dict], engine: Engine, *, file: str, markup: str,
         nocite: list[str] = (), bibliography: bool = True) -> Cited:
    """Render every citation of ``doc`` with ``engine`` (``markup``: "markdown" or "html",
    the form unknown keys are shown in)."""
    keys = _Keys(items)
    diagnostics: list[Diagnostic] = []
    placed: dict[int, Placed] = {}
    for citation in doc.citations:
        resolved = [keys.resolve(c.key) for c in citation.cites]
        unknown = [c.key for c, k in zip(citation.cites, resolved) if k is None]
        one = placed[id(citation)] = Placed(citation, [k for k in resolved if k], unknown)
        if unknown and len(unknown) == len(resolved) and all(CROSSREF.match(k)
                                                             for k in unknown):
            one.keep = True
            continue
        diagnostics.extend(keys.unknown(key, f"no item with key '{key}' in the bibliography",
                                        file, citation) for key in unknown)

    note_style = engine.is_note_style
    order = _text_order(doc, note_style, lambda c: not placed[id(c)].keep)
    rendered, clusters, authors, notes = _clusters(order, placed, keys, engine)

    cited = list(dict.fromkeys(k for one in rendered for k in one.keys))
    if "*" in nocite:
        cited += keys.ids
    for key in nocite:
        if key != "*" and keys.resolve(key) is None:
            diagnostics.append(keys.unknown(
                key, f"nocite: no item with key '{key}' in the bibliography", file))
        elif key != "*":
            cited.append(keys.resolve(key))
    cited_items = [keys.items[k] for k in dict.fromkeys(cited)]
    result = engine.render(cited_items, clusters, bibliography=bibliography, notes=notes)
    # a narrative citation's remainder may well be empty (MLA: "Nall" says it all)
    empty_by_design = {f"citation {n} renders nothing" for n, one in
                       enumerate(rendered, start=1) if one.citation.narrative}
    diagnostics.extend(d for d in result.diagnostics if d.code != rules.UNKNOWN_CITE.code
                       and not (d.code == rules.EMPTY_ENTRY.code and
                                d.message.split(" with style")[0] in empty_by_design))
    author_texts = [""] * len(clusters)
    if any(one.citation.narrative for one in rendered):
        author_texts = _authors(engine, cited_items, clusters, authors, notes)
    for one, text, author in zip(rendered, result.citations, author_texts):
        _place(one, _with_unknown(text, one, engine, markup), author, engine)
    for one in placed.values():
        if not one.keys and not one.keep:
            _place(one, _with_unknown("", one, engine, markup), "", engine)
    quote = str(engine.style.root.get_locale_option("punctuation-in-quote")).lower()
    return Cited([placed[id(c)] for c in doc.citations], result.bibliography,
                 result.bibliography_ids, diagnostics, punctuation_in_quote=quote == "true")


def _clusters(order, placed: dict[int, Placed], keys: _Keys, engine: Engine):
    """The engine's clusters of the citations with a known key, in text order, with their
    note numbers; and the same clusters with each narrative cite author-only (the author a
    narrative citation leaves in the text)."""
    note_style = engine.is_note_style
    labels = engine.locator_terms()
    rendered, clusters, authors, notes = [], [], [], []
    for citation, number in order:
        one = placed[id(citation)]
        one.note_number = number
        if one.keep or not one.keys:
            continue
        known = [(c, k) for c, k in ((c, keys.resolve(c.key)) for c in citation.cites) if k]
        # a narrative citation: its first cite's author in the text, the rest of it (and
        # any further cites, "@a [-@b; @c]") after it; none when that key is unknown
        narrative = citation.narrative and not (note_style and citation.note is not None) \
            and known[0][0] is citation.cites[0]
        cluster = [_cite_item(c, k, labels, SUPPRESS_AUTHOR if narrative and n == 0 else None,
                              citation.narrative and n == 0)
                   for n, (c, k) in enumerate(known)]
        clusters.append(cluster)
        one.suffixes = [c.suffix or "" for c in cluster]
        authors.append([CiteItem(known[0][1], mode=AUTHOR_ONLY)] if narrative else None)
        notes.append(number)
        rendered.append(one)
    return rendered, clusters, authors, notes


def _authors(engine: Engine, items: list[dict], clusters, authors, notes) -> list[str]:
    """The author each narrative citation leaves in the text. Where the style writes no
    name at the cite's position ("Ibid." in a note style), the name is its subsequent form,
    as pandoc writes it: the author of "@smith [p. 4]" never vanishes from the sentence.
    ``authors``: each narrative citation's author-only cluster, None for the others (their
    full cluster is rendered in its place, so that the positions are the same)."""
    asked = [cluster or clusters[i] for i, cluster in enumerate(authors)]
    texts = engine.render(items, asked, bibliography=False, notes=notes).citations
    lost = {i for i, text in enumerate(texts) if not text and authors[i]}
    if lost:
        again = [[replace(c, position=SUBSEQUENT) for c in cluster] if i in lost else cluster
                 for i, cluster in enumerate(asked)]
        redone = engine.render(items, again, bibliography=False, notes=notes).citations
        texts = [redone[i] if i in lost else text for i, text in enumerate(texts)]
    return [text if authors[i] else "" for i, text in enumerate(texts)]


def _place(one: Placed, text: str, author: str, engine: Engine) -> None:
    """What the citation becomes, from its rendered ``text`` (and its ``author``, when
    narrative)."""
    note_style = engine.is_note_style
    in_note = one.citation.note is not None
    if one.citation.narrative and not (note_style and in_note):
        if note_style:  # the author in the text, the rest in a note
            one.author, one.note = author or "", True
            one.text = _note_text(one, text)
        elif one.keys:
            one.author = author  # (for link-citations: the link follows the author)
            # a numeric style names no author: "[1] found it"
            one.text = f"{author} {text}" if text and author else (text or author)
        else:
            one.text = text
    elif note_style and not in_note:  # an unknown key's mark stays as the key is written
        one.text, one.note = _note_text(one, text), True
    elif note_style and one.citation.opens_note and not one.citation.narrative and one.keys:
        one.text = text  # "^[[@key, p. 3]]": the note's citation, as pandoc makes it (the
        #                  author's own note: no capital added, "ibid 3." in OSCOLA)
    elif note_style:  # in the text of a footnote: without the note's closing period,
        #               in parentheses unless narrative
        text = _without_suffix(text, engine.citation_affixes[2]) if one.keys else text
        if not one.citation.opens_note:  # "And ibid (ibid)": it opens no note
            text = _term_as_written(text, engine, "ibid")
        one.text = text if one.citation.narrative or not text else f"({text})"
    else:
        one.text = text


def _term_as_written(text: str, engine: Engine, name: str) -> str:
    """``text`` with the term ``name`` that opens it as the locale writes it: the engine
    capitalises a term opening a note's cite ("Ibid."), as citeproc-js does, not knowing
    that the cite stands inside the author's own footnote, after its words (pandoc 3:
    "compare ibid")."""
    term = engine.style.root.get_term(name)
    word = re.match(r"[^\W\d_]*", getattr(term, "text", None) or "").group()  # "ibid"
    start = re.match(r"(?:<[^>]+>|[*_(])*", text).end()  # after the markup opening it
    if word[:1].islower() and text.startswith(word.capitalize(), start):
        return text[:start] + word[0] + text[start + 1:]
    return text


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


def _cite_item(cite, key: str, labels: dict[str, str], mode: str | None,
               narrative: bool = False) -> CiteItem:
    locator = split_locator(cite.suffix, labels)
    suffix = locator.suffix if locator else cite.suffix
    if narrative and suffix[:1].isalnum():  # @key [more]: "(2011, more)", as pandoc
        suffix = ", " + suffix
    prefix = affix_markup(typographic(cite.prefix))
    return CiteItem(key, locator=locator.value if locator and locator.value else None,
                    label=(locator.label or "page") if locator and locator.value else None,
                    prefix=prefix + " " if prefix else None,
                    suffix=affix_markup(typographic(suffix)) or None,
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
    """``key?`` in bold; the key escaped (it is the manuscript's text: `@{<img ...>}` must not
    become a tag in HTML, nor raw HTML in Markdown; ``@seki2018_``'s underscore no emphasis)."""
    key = html.escape(key, quote=False)
    if markup == "html":
        return f"<strong>{key}?</strong>"
    return "**" + re.sub(r"([\\`*_\[\]])", r"\\\1", key) + "?**"


def _with_unknown(text: str, one: Placed, engine: Engine, markup: str) -> str:
    """The citation's text with its unknown keys shown where pandoc shows them: ``key?`` in
    bold, inside the citation's own affixes."""
    if not one.unknown or one.keep:
        return text
    prefix, delimiter, suffix = engine.citation_affixes
    delimiter = delimiter or "; "  # the layout's, as pandoc joins them: IEEE "[1], key?"
    marks = delimiter.join(_unknown_mark(k, markup) for k in one.unknown)
    if engine.is_note_style:
        return f"{text}{delimiter}{marks}" if text else marks
    if text and suffix and text.endswith(suffix) and not one.citation.narrative:
        return f"{text[:len(text) - len(suffix)]}{delimiter}{marks}{suffix}"
    # a narrative one alone in the layout's affixes too: "(key?)", as pandoc shows it
    return f"{text}{delimiter}{marks}" if text else f"{prefix}{marks}{suffix}"
