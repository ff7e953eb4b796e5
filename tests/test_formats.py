"""Output formats: HTML with links, RTF, Markdown and LaTeX, entries and documents.

Expected output comes from references, never from us (scripts/format_goldens.py writes it):
citeproc-js's own RTF format and its HTML with links (wrap_url_and_doi) for every entry and
citation; pandoc's CommonMark and LaTeX writers (run on citeproc-js's HTML) for the article's
records. For records full of characters that are special in some format (items "specials*"),
pandoc's *readers* check that our Markdown and LaTeX mean the same as our HTML: same text,
same italics, bold, small caps, superscripts and links.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from golden_compare import GOLDEN
from rabp_refs.engine import Engine
from rabp_refs.output import BibliographyLayout, bibliography_document, richtext, writers

CASE = GOLDEN / "formats"
ITEMS = json.loads((CASE / "items.json").read_text())
STYLES = json.loads((CASE / "case.json").read_text())["styles"]
ARTICLE_IDS = {i["id"] for i in ITEMS if not i["id"].startswith("specials")}

# Where we knowingly differ from citeproc-js (the entry's HTML and RTF alike).
KNOWN_DIFFERENCES = {
    # citeproc-js leaves "y" and "z" in "x < y > z" lower case in title case; we capitalise
    # them like any other lower-case word after a space (CSL 1.0.2 title case).
    ("modern-language-association", "specials1"),
    ("chicago-author-date", "specials1"),
}

_engines: dict = {}


def _render(style: str, fmt: str):
    key = (style, fmt)
    if key not in _engines:
        _engines[key] = Engine(style, output_format=fmt, links=True).render(ITEMS)
    return _engines[key]


def _golden(style: str, name: str) -> dict:
    return json.loads((CASE / f"{style}.{name}.json").read_text())


def _compare(style: str, fmt: str, golden: str, ids=None) -> None:
    expected = _golden(style, golden)
    ours = _render(style, fmt)
    assert ours.bibliography_ids == expected["bibliography_ids"]
    theirs = dict(zip(expected["bibliography_ids"], expected["bibliography"]))
    mine = dict(zip(ours.bibliography_ids, ours.bibliography))
    for item_id in ids or theirs:
        if (style, item_id) in KNOWN_DIFFERENCES:
            continue
        assert mine[item_id] == theirs[item_id], item_id
    if ids is None:
        assert ours.citations == expected["citations"]


@pytest.mark.parametrize("style", STYLES)
def test_html_with_links_is_citeproc_js_html(style):
    _compare(style, "html", "html-links.citeproc-js")


@pytest.mark.parametrize("style", STYLES)
def test_rtf_is_citeproc_js_rtf(style):
    _compare(style, "rtf", "rtf.citeproc-js")


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("fmt", ["markdown", "latex"])
def test_article_records_as_pandoc_writes_them(style, fmt):
    _compare(style, fmt, f"{fmt}.pandoc", ids=sorted(ARTICLE_IDS))


# --- the same meaning, read back by pandoc ---------------------------------------------------

def _signature(html: str, drop: str = "") -> list[tuple]:
    """Each visible character with its formatting; spaces collapsed and unformatted."""
    out: list[tuple] = []
    for run in richtext.runs(html):
        for ch in run.text:
            if ch in drop:
                continue
            if ch.isspace():
                if out and out[-1][0] == " ":
                    continue
                out.append((" ",))
            else:
                out.append((ch, run.italic, run.bold, run.small_caps, run.vertical,
                            bool(run.href)))
    while out and out[0] == (" ",):
        out.pop(0)
    while out and out[-1] == (" ",):
        out.pop()
    return out


needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None,
                                  reason="pandoc (Debian package) is not installed")


@needs_pandoc
@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("fmt,reader", [("markdown", "commonmark"), ("latex", "latex")])
def test_pandoc_reads_back_what_the_html_says(style, fmt, reader):
    html = _render(style, "html")
    ours = _render(style, fmt)
    # pandoc's LaTeX reader drops \textbar{} (a standard LaTeX text command it does not know)
    drop = "|" if fmt == "latex" else ""
    for item_id, entry_html, entry in zip(html.bibliography_ids, html.bibliography,
                                          ours.bibliography):
        back = subprocess.run(["pandoc", "-f", reader, "-t", "html", "--wrap=none"],
                              input=entry, capture_output=True, text=True, check=True).stdout
        assert _signature(back, drop) == _signature(entry_html, drop), (item_id, entry)


# --- escaping, format by format (hand-written from each format's rules) ---------------------

def test_markdown_escapes_what_commonmark_would_read_as_markup():
    assert writers.to_markdown("a*b_c [d] `e` &#60;f&#62; |g| ~h~ \\ i") == \
        "a\\*b\\_c \\[d\\] \\`e\\` \\<f\\> \\|g\\| \\~h\\~ \\\\ i"
    assert writers.to_markdown("AT&#38;T &#38;amp;") == "AT&T &amp;amp;"  # an entity stays text
    assert writers.to_markdown("1. Smith") == "1\\. Smith"  # not a list
    assert writers.to_markdown("# Title") == "\\# Title"  # not a heading


def test_markdown_emphasis_follows_commonmark_flanking():
    assert writers.to_markdown("<i>Title </i>x") == "*Title* x"  # spaces move outside
    assert writers.to_markdown("<i>One <b>two</b> three</i>") == "*One **two** three*"
    assert writers.to_markdown('<i>A <span style="font-style:normal;">B</span> C</i>') == \
        "*A* B *C*"
    # "x*“Q”*y" would not be emphasis in CommonMark: inline HTML instead
    assert writers.to_markdown("x<i>“Q”</i>y") == "x<em>“Q”</em>y"
    assert writers.to_markdown('<a href="https://a.org/x">https://a.org/x</a>') == \
        "<https://a.org/x>"


def test_latex_escapes_the_special_characters():
    assert writers.to_latex("\\ { } &#38; % $ # _ ~ ^ [x]") == (
        "\\textbackslash{} \\{ \\} \\& \\% \\$ \\# \\_ \\textasciitilde{} "
        "\\textasciicircum{} {[}x{]}")
    assert writers.to_latex("a--b 1–2 “q” …") == "a-{}-b 1--2 ``q'' \\ldots{}"
    assert writers.to_latex('<a href="https://a.org/50%#x">https://a.org/50%#x</a>') == \
        "\\url{https://a.org/50\\%\\#x}"
    assert writers.to_latex('<i>A <span style="font-style:normal;">B</span></i>') == \
        "\\emph{A \\textup{B}}"


def test_rtf_escapes_as_the_rtf_specification_asks():
    assert writers.to_rtf("{a}\\b\tc") == "\\{a\\}\\\\b\\tab{}c"
    assert writers.to_rtf("é") == "\\uc0\\u233{}"
    assert writers.to_rtf("\uffe5") == "\\uc0\\u-27{}"  # signed 16-bit
    assert writers.to_rtf("😀") == "\\uc0\\u-10179{}\\uc0\\u-8704{}"  # a surrogate pair


def test_links_leave_sentence_punctuation_and_escaped_brackets_out():
    assert writers.link_urls("See https://a.org/x.") == \
        'See <a href="https://a.org/x">https://a.org/x</a>.'
    assert writers.link_urls("&#60;https://a.org/x&#62;") == \
        '&#60;<a href="https://a.org/x">https://a.org/x</a>&#62;'
    assert writers.link_urls("(https://a.org/x_(y))") == \
        '(<a href="https://a.org/x_(y)">https://a.org/x_(y)</a>)'
    assert writers.link_urls("doi:10.1000/xyz.") == \
        'doi:<a href="https://doi.org/10.1000/xyz">10.1000/xyz</a>.'
    assert writers.link_urls('<a href="https://a.org">https://a.org</a>') == \
        '<a href="https://a.org">https://a.org</a>'


def test_nothing_is_lost_from_unknown_markup():
    assert richtext.plain_text("<q>a</q> <span class='x'>b</span> <br>c") == "a b  c"


# --- documents -----------------------------------------------------------------------------

class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def _elements(html: str) -> list:
    parser = _Elements()
    parser.feed(html)
    return parser.found


def test_html_document_has_the_styles_hanging_indent_and_spacing():
    engine = Engine("apa", output_format="html")
    assert engine.bibliography_layout == BibliographyLayout(True, 2.0, 0.0, None)
    page = bibliography_document(["A", "B"], "html", engine.bibliography_layout)
    found = _elements(page)
    assert found[0] == ("div", {"class": "csl-bib-body", "style": "line-height: 2;"})
    entries = [attrs for tag, attrs in found if attrs.get("class") == "csl-entry"]
    assert len(entries) == 2
    assert "text-indent: -0.5in" in entries[0]["style"]
    assert "padding-left: 0.5in" in entries[0]["style"]
    ieee = Engine("ieee", output_format="html").bibliography_layout
    assert ieee.second_field_align == "flush" and not ieee.hanging_indent
    assert "text-indent" not in bibliography_document(["A"], "html", ieee)


def test_second_field_align_puts_the_number_beside_the_entry():
    """IEEE's number in its own floated div in HTML (citeproc-js's classes, styled inline),
    and followed by a space in the formats written from text (citeproc-py: "[1]J. Doe")."""
    items = [{"id": "a", "type": "book", "title": "Book A", "issued": {"date-parts": [[2000]]},
              "author": [{"family": "Doe", "given": "John"}]}]
    engine = Engine("ieee", output_format="html")
    page = bibliography_document(engine.render(items).bibliography, "html",
                                 engine.bibliography_layout)
    found = _elements(page)
    left = [attrs for tag, attrs in found if attrs.get("class") == "csl-left-margin"]
    right = [attrs for tag, attrs in found if attrs.get("class") == "csl-right-inline"]
    assert len(left) == len(right) == 1 and "float: left" in left[0]["style"]
    for fmt, start in (("text", "[1] J. Doe"), ("markdown", "\\[1\\] J. Doe"),
                       ("rtf", "[1] J. Doe"), ("latex", "{[}1{]} J. Doe")):
        assert Engine("ieee", output_format=fmt).render(items).bibliography[0].startswith(start)


def test_standalone_html_is_a_complete_page():
    page = bibliography_document(["<i>A</i> &#38; B"], "html", BibliographyLayout(True),
                                 standalone=True, title="Refs <1>", lang="en-US")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en-US\">")
    assert "<title>Refs &lt;1&gt;</title>" in page and '<meta charset="utf-8">' in page
    assert 'name="viewport"' in page  # readable on a phone
    assert "http" not in page.replace('"https://', "")  # no network, no CDN


def test_latex_document_is_a_thebibliography_with_cite_keys():
    layout = BibliographyLayout(hanging_indent=True, entry_spacing=0)
    text = bibliography_document(["\\emph{A}.", "B."], "latex", layout, ids=["k1", "a,b {c}"])
    assert "\\begin{thebibliography}{\\hspace{0.5in}}" in text
    assert "\\bibitem{k1} \\emph{A}." in text and "\\bibitem{a-b--c-} B." in text
    assert text.count("{") == text.count("}")


def test_rtf_document_has_a_real_hanging_indent():
    text = bibliography_document(["{\\i{}A}."], "rtf", BibliographyLayout(True, 2.0, 0.0))
    assert text.startswith("{\\rtf1\\ansi")
    assert "\\fi-720\\li720\\sl480\\slmult1\\sa0 {\\i{}A}.\\par" in text
    assert text.count("{") == text.count("}")


# --- RTF in a real word processor -----------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (Debian package libreoffice-writer) "
                                            "is not installed; .ci/run installs it")
def test_libreoffice_reads_the_rtf_with_italics_and_hanging_indent(tmp_path):
    engine = Engine("apa", output_format="rtf")
    result = engine.render(ITEMS)
    rtf = tmp_path / "refs.rtf"
    rtf.write_text(bibliography_document(result.bibliography, "rtf",
                                         engine.bibliography_layout), encoding="ascii")
    profile = tmp_path / "profile"
    for target in ("txt:Text (encoded):UTF8", "html"):
        subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", target, "--outdir", str(tmp_path), str(rtf)],
                       check=True, capture_output=True, timeout=180)
    text = (tmp_path / "refs.txt").read_text(encoding="utf-8-sig")
    plain = Engine("apa", output_format="text").render(ITEMS).bibliography
    assert [line for line in text.splitlines() if line.strip()] == plain
    html = " ".join((tmp_path / "refs.html").read_text(encoding="utf-8").split())
    assert re.search(r"<i>\s*Journal of Back and Musculoskeletal Rehabilitation\s*</i>", html)
    # the hanging indent: a negative first-line indent under a positive left margin
    paragraphs = re.findall(r'<p style="([^"]*)"', html)
    assert len(paragraphs) == len(plain)
    for style in paragraphs:
        assert "margin-left: 0.5in" in style and "text-indent: -0.5in" in style
        assert "line-height: 200%" in style  # APA's double spacing


# --- LaTeX through a real TeX engine ---------------------------------------------------------

PDFLATEX = shutil.which("pdflatex")


@pytest.mark.skipif(PDFLATEX is None, reason="pdflatex (Debian package texlive-latex-base) is "
                                             "not installed; .ci/run installs it")
@pytest.mark.parametrize("style", ["apa", "modern-language-association"])
def test_pdflatex_compiles_the_standalone_document(tmp_path, style):
    engine = Engine(style, output_format="latex", links=True)
    result = engine.render(ITEMS)
    tex = tmp_path / "refs.tex"
    tex.write_text(bibliography_document(result.bibliography, "latex",
                                         engine.bibliography_layout,
                                         ids=result.bibliography_ids, standalone=True),
                   encoding="utf-8")
    run = subprocess.run([PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", tex.name],
                         cwd=tmp_path, capture_output=True, text=True, timeout=180)
    log = (tmp_path / "refs.log").read_text(encoding="latin-1")
    assert run.returncode == 0, log[-2000:]
    assert "Missing character" not in log and "Undefined control sequence" not in log
    assert (tmp_path / "refs.pdf").stat().st_size > 0


def test_plain_text_has_no_markup_left():
    for style in STYLES:
        result = Engine(style, output_format="text").render(ITEMS)
        for entry in result.bibliography + result.citations:
            assert not re.search(r"</?(i|b|sup|sub|span|a)\b|&#\d+;", entry), (style, entry)
