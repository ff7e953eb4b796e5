"""Small crafted inputs whose work used to grow exponentially, cubically or quadratically with
their size (issue 18, item 1), shared by tests/test_hostile_bounds.py and
bench/bench_hostile.py: for each pattern, a maker of the input at size n, the call that reads
it, and the sizes the benchmark feeds (each double the one before)."""
from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STYLE_HEAD = ('<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
              "<info><id>x</id><title>t</title><updated>2020-01-01T00:00:00+00:00</updated>"
              "</info>")


# --- the inputs ------------------------------------------------------------------------------

def string_doubling(levels: int) -> str:
    """@string macros each twice the one before: 26 of them are 700 bytes and 64 MB."""
    lines = ['@string{s0 = "ab"}']
    lines += [f"@string{{s{i} = s{i - 1} # s{i - 1}}}" for i in range(1, levels + 1)]
    lines.append(f"@article{{k, author = {{Doe, Jane}}, title = s{levels}, journal = {{J}}, "
                 "year = 2020}")
    return "\n".join(lines) + "\n"


def crossref_chain(n: int) -> str:
    """n entries each the crossref parent of the one before; the last points at the first."""
    return "".join(f"@inproceedings{{e{i}, author = {{Doe, Jane}}, title = {{Paper {i}}}, "
                   f"year = 2020, crossref = {{e{(i + 1) % n}}}}}\n" for i in range(n))


def ris_continuations(n: int) -> str:
    """One abstract continued over n lines."""
    return ("TY  - JOUR\nTI  - A title\nAB  - first line\n" + "more of the abstract\n" * n
            + "ER  - \n")


def numeric_ands(n: int) -> str:
    """A value is-numeric tries every way to read "andand" as letters or a separator."""
    return "1" + "andand1" * n + "!"


def long_page_number(n: int) -> str:
    """A page value of n digits and a letter: every split of the word was tried."""
    return "1" * n + "x"


def capitals(n: int) -> str:
    """A title word of n capitals glued to a lower-case letter: no acronym ends anywhere."""
    return "A" * n + "a"


def spaced_names(n: int) -> str:
    """A name list with a long run of spaces that never reaches an "and"."""
    return "Doe, Jane" + " " * n + "x"


def spaced_pages(n: int) -> str:
    """Pages with a long run of spaces that never reaches a dash."""
    return "1" + " " * n + "x"


def unclosed_tags(n: int) -> str:
    """A title of n "<b " that never close (HTML in the data, read by the sort keys)."""
    return "<b " * n


def page_prefix(n: int) -> str:
    """A page of n letters that does not end in a number: every split of it was tried."""
    return "a" * n + "!"


def italics(n: int) -> str:
    """A title of n "<i>" and a word: a rich text of n pieces, each added to all before."""
    return "<i>" * n + "Title"


def number_compound(n: int) -> str:
    """A title "1-1-...-1-x": title case walked back to a space from each word."""
    return "1-" * n + "x"


def near_titles(n: int) -> str:
    """n entries of one first author and year whose titles are long and all nearly alike:
    every pair passes the cheap similarity bounds."""
    rng = random.Random(18)
    base = "".join(rng.choice("ab ") for _ in range(2000))
    out = []
    for i in range(n):
        title = base[:i] + "c" + base[i + 1:]
        out.append(f"@article{{t{i}, author = {{Doe, Jane}}, title = {{{title}}}, "
                   f"journal = {{J{i}}}, year = 2020}}\n")
    return "".join(out)


def spaced_dimension(n: int) -> str:
    """A title "\\kern *" and n spaces that reach no dimension: every split tried.

    The spaces before and after the optional star could be split n ways, and each way was
    tried again inside the dimension's own runs of spaces (cubic)."""
    return "\\kern *" + " " * n + "!"


def spaced_note_line(n: int) -> str:
    """A note "http://" and n spaces before a mark: a "variable: value" line.

    (its value's end was looked for at every space)"""
    return "http://" + " " * n + "!"


def spaced_first_page(n: int) -> str:
    """Pages "1", n spaces and a letter: the first page's comma searched for at every space."""
    return "1" + " " * n + "x"


def spaced_doi(n: int) -> str:
    """A DOI of n spaces and a letter: the spaces around an optional brace split every way."""
    return " " * n + "x"


def spaced_narrative_citation(n: int) -> str:
    """A manuscript "@nall2018", n spaces and a word: the spaces split every way.

    (before the bracket that may open the citation's suffix)"""
    return "See @nall2018" + " " * n + "here.\n"


def edition_digits(n: int) -> str:
    """A style name "mla", n digits and a letter: an edition number looked for at each digit."""
    return "mla" + "1" * n + "x"


def spaced_journal(n: int) -> str:
    """A PubMed record whose journal title has n spaces before "(": searched from each space.

    (for the place qualifier that ends a title, "Rheumatology (Oxford, England)")"""
    return f"PMID- 1\nTI  - T.\nJT  - Rheumatology{' ' * n}(x\nDP  - 2018\n"


def long_attribute_words(n: int) -> str:
    """Attributes of a heading, a div and an image holding a word of n letters.

    (each key= was looked for from every letter of the word)"""
    return (f"# Title {{.x {'a' * n}}}\n\n::: {{.y {'b' * n}}}\ntext\n:::\n\n"
            f"![img](x.png){{.z {'c' * n}}}\n")


def records_without_ids(n: int) -> str:
    """n RIS records with no author and no year, each given an ID.

    (each tried every suffix of "item" taken before)"""
    return "TY  - JOUR\nTI  - T\nER  - \n" * n


def url_closing_brackets(n: int) -> str:
    """A URL that ends in n ")." pairs: the brackets counted again for each mark taken off."""
    return "http://x.org/" + ")." * n


def note_calls(n: int) -> str:
    """A manuscript with a note whose text is n "[^": each read as a call to the end."""
    return "Text[^1] and [@nall2018].\n\n[^1]: " + "[^" * n + "!\n"


def page_list(n: int) -> str:
    """A page value of n ranges ("1-2, 1-2, ..."): each joined onto all the ones before."""
    return "1-2, " * n + "3"


def open_brackets(n: int) -> str:
    """A manuscript paragraph of n "[" that never close: each scanned to the end for its "]"."""
    return "[" * n + "\n"


def macro_fan_out(depth: int, calls: int = 2) -> str:
    """A style whose macro m0 calls m1 twice, m1 calls m2 twice ... (2**depth texts)."""
    macros = "".join(f'<macro name="m{i}">' + f'<text macro="m{i + 1}"/>' * calls + "</macro>"
                     for i in range(depth))
    macros += f'<macro name="m{depth}"><text variable="title"/></macro>'
    return (STYLE_HEAD + macros + '<citation><layout><text macro="m0"/></layout></citation>'
            "</style>")


# --- what reads them -------------------------------------------------------------------------

def check_bibtex(text: str):
    from rabp_refs import bibtex, validate
    return validate.check([bibtex.parse(text, file="hostile.bib")])


def check_bibtex_of(items: list[dict]):
    """``check`` of CSL items, through their BibTeX form (as ``check`` reads RIS and JSON)."""
    from rabp_refs import bibtex_write
    return check_bibtex(bibtex_write.to_bibtex(items))


def read_ris(text: str):
    from rabp_refs import ris
    return ris.read(text, "hostile.ris")


def is_numeric(value: str):
    from rabp_refs.engine import elements
    return elements.is_numeric(value)


def mixed_ranges(value: str):
    from rabp_refs.engine import elements
    return elements.mixed_ranges(value)


def title_acronyms(title: str):
    from rabp_refs import fmt
    fmt.fix_value("title", "{" + title + "}")
    return check_bibtex(f"@misc{{k, title = {{{title}}}, author = {{Doe, Jane}}, year = 2020}}")


def rendered_markup(text: str):
    from rabp_refs.engine import elements, passes
    return elements.collation_key(text), passes.last_visible(text)


def prefixed_page_range(first: str):
    from rabp_refs.engine import elements
    return elements.last_page("n" + first, "n12", "minimal")


def render_title(title: str, style: str = "chicago-author-date", output_format: str = "html"):
    """The bibliography entry of an English article with this title."""
    from rabp_refs.engine import Engine
    item = {"id": "a", "type": "article-journal", "title": title, "language": "en",
            "container-title": "Journal", "issued": {"date-parts": [[2020]]}}
    return Engine(style, output_format=output_format).render([item]).bibliography[0]


def check_title(title: str):
    return check_bibtex(f"@misc{{k, title = {{{title}}}, author = {{Doe, J.}}, year = 2020}}")


def name_list(names: str):
    return check_bibtex(f"@misc{{k, title = {{T}}, author = {{{names}}}, year = 2020}}")


def pages(value: str):
    from rabp_refs import fmt
    fmt.fix_value("pages", "{" + value + "}")
    return check_bibtex(f"@misc{{k, title = {{T}}, author = {{Doe, J.}}, pages = {{{value}}}, "
                        "year = 2020}")


def render_note(value: str):
    """The APA entry of an article with this note (read for "variable: value" lines)."""
    from rabp_refs.engine import Engine
    item = {"id": "a", "type": "article-journal", "title": "T", "note": value}
    return Engine("apa").render([item]).bibliography[0]


def render_first_page(value: str):
    """A citation of a book with these pages in a style that prints the first page."""
    return load_style(STYLE_HEAD + '<citation><layout><text variable="page-first"/></layout>'
                      "</citation></style>", {"page": value})


def fix_doi(value: str):
    from rabp_refs import fmt
    return fmt.fix_value("doi", "{" + value + "}")


def unknown_style(name: str):
    """The error for a style that does not exist, with its suggestions."""
    from rabp_refs import styles
    from rabp_refs.errors import StyleError
    try:
        styles.find_style(name)
    except StyleError as exc:
        return str(exc)
    raise AssertionError(f"{name[:20]}... was found")


def read_medline(text: str):
    from rabp_refs import medline
    return medline.read(text, "hostile.txt")


def render_url_html(url: str):
    """The APA entry, in HTML with links, of a web page with this URL."""
    from rabp_refs.engine import Engine
    item = {"id": "a", "type": "webpage", "title": "T", "URL": url}
    return Engine("apa", output_format="html", links=True).render([item]).bibliography[0]


def render_pages(value: str):
    """The APA entry of an article with this page value."""
    from rabp_refs.engine import Engine
    item = {"id": "a", "type": "article-journal", "title": "T", "page": value}
    return Engine("apa").render([item]).bibliography[0]


def cite_manuscript(text: str):
    from rabp_refs.document import Options, cite_document
    return cite_document(text, "hostile.md",
                         Options(bibliographies=(str(ROOT / "references.bib"),), style="apa"))


def manuscript_as_html(text: str):
    from rabp_refs.document import Options, cite_document
    options = Options(bibliographies=(str(ROOT / "references.bib"),), style="apa", to="html")
    return cite_document(text, "hostile.md", options)


def load_style(xml: str, fields: dict | None = None):
    """The style loaded, and one cite of a book titled "T" (and ``fields``) rendered with it."""
    import tempfile

    from rabp_refs.engine import CiteItem, Engine
    with tempfile.NamedTemporaryFile("w", suffix=".csl", delete=False) as f:
        f.write(xml)
    try:
        return Engine(f.name).render([{"id": "a", "type": "book", "title": "T", **(fields or {})}],
                                     [[CiteItem("a")]])
    finally:
        Path(f.name).unlink()


# name: (maker, reader, sizes for the benchmark)
PATTERNS = {
    "string-doubling": (string_doubling, check_bibtex, [20, 40, 80, 160]),
    "crossref-chain": (crossref_chain, check_bibtex, [1000, 2000, 4000, 8000]),
    "ris-continuations": (ris_continuations, read_ris, [50_000, 100_000, 200_000, 400_000]),
    "is-numeric": (numeric_ands, is_numeric, [10_000, 20_000, 40_000, 80_000]),
    "prefixed-range": (long_page_number, mixed_ranges, [20_000, 40_000, 80_000, 160_000]),
    "acronyms": (capitals, title_acronyms, [20_000, 40_000, 80_000, 160_000]),
    "and-splitters": (spaced_names, name_list, [20_000, 40_000, 80_000, 160_000]),
    "page-dash": (spaced_pages, pages, [20_000, 40_000, 80_000, 160_000]),
    "page-prefix": (page_prefix, prefixed_page_range, [20_000, 40_000, 80_000, 160_000]),
    "unclosed-tags": (unclosed_tags, rendered_markup, [20_000, 40_000, 80_000, 160_000]),
    "rich-text": (italics, render_title, [10_000, 20_000, 40_000, 80_000]),
    "title-case": (number_compound, render_title, [10_000, 20_000, 40_000, 80_000]),
    "near-duplicates": (near_titles, check_bibtex, [25, 50, 100, 200]),
    "macro-fan-out": (macro_fan_out, load_style, [10, 20, 40, 80]),
    "page-list": (page_list, render_pages, [2_000, 4_000, 8_000, 16_000]),
    "tex-dimension": (spaced_dimension, check_title, [20_000, 40_000, 80_000, 160_000]),
    "note-line": (spaced_note_line, render_note, [20_000, 40_000, 80_000, 160_000]),
    "first-page": (spaced_first_page, render_first_page, [20_000, 40_000, 80_000, 160_000]),
    "doi-spaces": (spaced_doi, fix_doi, [20_000, 40_000, 80_000, 160_000]),
    "edition-digits": (edition_digits, unknown_style, [20_000, 40_000, 80_000, 160_000]),
    "journal-spaces": (spaced_journal, read_medline, [20_000, 40_000, 80_000, 160_000]),
    "records-without-ids": (records_without_ids, read_ris, [5_000, 10_000, 20_000, 40_000]),
    "url-brackets": (url_closing_brackets, render_url_html, [20_000, 40_000, 80_000, 160_000]),
    "note-calls": (note_calls, cite_manuscript, [5_000, 10_000, 20_000, 40_000]),
    "attribute-words": (long_attribute_words, manuscript_as_html,
                        [10_000, 20_000, 40_000, 80_000]),
    "narrative-spaces": (spaced_narrative_citation, cite_manuscript,
                         [20_000, 40_000, 80_000, 160_000]),
    "open-brackets": (open_brackets, cite_manuscript, [5_000, 10_000, 20_000, 40_000]),
}
PATTERNS_DOC = {name: (maker.__doc__ or maker.__name__).split("\n")[0].strip()
                for name, (maker, _, _) in PATTERNS.items()}
