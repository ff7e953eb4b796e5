"""`rabp-refs doc`: citations inside a Markdown manuscript (issue 22).

Expected citation texts are pandoc 3.9's `--citeproc` output for the same documents (the
command beside each), with pandoc's Markdown writer's `--` written as the en dash it stands
for; tests/golden/doc/ holds the full comparison."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree
from click.testing import CliRunner

from rabp_refs.cli import main
from rabp_refs.document import Options, cite_document
from rabp_refs.document.citations import read_bracketed, read_narrative, split_locator
from rabp_refs.engine import CiteItem, Engine
from rabp_refs import sources

ROOT = Path(__file__).resolve().parent.parent
BIB = str(ROOT / "references.bib")
DOCS = Path(__file__).resolve().parent / "fixtures" / "doc"


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def doc(name: str, *args) -> str:
    result = run("doc", str(DOCS / name), "-b", BIB, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


# --- the syntax -------------------------------------------------------------------------

# pandoc 3.9: pandoc forms.md --citeproc --bibliography references.bib --csl apa.csl -t markdown
FORMS_APA = (
    "As found (Neva et al., 2011, p. 1637). See (see Neva et al., 2011, pp. 33–35; also Seki "
    "et al., 2018, ch. 1). Gillick et al. (2015) says. Baykara et al. (2013, p. 33) says. "
    "Also (2018). Braced (Neva et al., 2011, Chapter 3). Loc (Neva et al., 2011, p. 33) and "
    "(Neva et al., 2011, Section 2, emphasis *mine*) and (*see* Seki et al., 2018) end.")


def test_every_citation_form_in_author_date():
    out = doc("forms.md")
    assert out.splitlines()[0] == FORMS_APA


def test_code_urls_addresses_and_math_are_not_citations():
    out = doc("forms.md")
    assert ("Mail a@b.com and `[@neva2011]` and <https://x.org/@neva2011> and "
            "https://x.org/@seki2018 and $x@y$ and "
            '<a href="mailto:x@baykara2013">m</a>.') in out
    assert "x <- lm(y ~ x, data = d) # [@neva2011] @seki2018\n" in out
    assert "    indented [@neva2011]\n" in out


def test_crossref_labels_are_left_alone_and_not_reported():
    result = run("doc", str(DOCS / "forms.md"), "-b", BIB)
    assert "See @fig-plot, @tbl-data, @eq-one, @sec-intro, [@fig:x] and @tbl:y." in \
        result.stdout
    assert result.stderr == ""


def test_only_the_cited_works_are_listed():
    out = doc("forms.md")
    entries = [line for line in out.splitlines() if re.match(r"^[A-Z][a-z]+, [A-Z]\.", line)]
    assert [e.split(",")[0] for e in entries] == ["Baykara", "Gillick", "Neva", "Seki"]


@pytest.mark.parametrize("text, keys, narrative", [
    ("@Casale:2015.", ["Casale:2015"], True),
    ("@doi/10.1/x,", ["doi/10.1/x"], True),
    ("@{Smith, 2001: a key}", ["Smith, 2001: a key"], True),
    ("[-@a.b; see @c_d, p. 1]", ["a.b", "c_d"], False),
])
def test_keys_as_pandoc_reads_them(text, keys, narrative):
    found = (read_narrative if narrative else read_bracketed)(text, 0)
    assert found is not None and found[0].keys == keys


@pytest.mark.parametrize("text", ["x@y.org", "[not a citation]", "[see@a]", "[^note]",
                                  "https://x.org/@a"])
def test_what_is_not_a_citation(text):
    assert all(read(text, text.index(c)) is None
               for read, c in ((read_bracketed, "["), (read_narrative, "@")) if c in text)


def test_locators_by_the_locale_terms():
    labels = Engine("apa").locator_terms()
    assert split_locator(", pp. 33-35, 40", labels).__dict__ == \
        {"label": "page", "value": "33-35, 40", "suffix": ""}
    assert split_locator(", chapter 3 and more", labels).__dict__ == \
        {"label": "chapter", "value": "3", "suffix": " and more"}
    assert split_locator(", 33", labels).label == "page"
    assert split_locator(", ch. 1", labels) is None  # "ch." is no en-US term: a suffix
    assert split_locator(", {pp. iv, vi-xi}", labels).__dict__ == \
        {"label": "page", "value": "iv, vi-xi", "suffix": ""}
    # the style's own terms and its language's locale file (MLA's chapter is "ch.", the
    # locale's "chap."), not the English fallback of another language (pandoc keeps "p."
    # as text in German)
    mla = Engine("modern-language-association").locator_terms()
    assert (mla["ch."], mla["chap."]) == ("chapter", "chapter")
    german = Engine("chicago-author-date", locale="de-DE").locator_terms()
    assert german["s."] == "page" and "p." not in german


# --- findings ---------------------------------------------------------------------------

def test_unknown_key_located_with_a_suggestion_kept_visible_exit_1():
    result = run("doc", str(DOCS / "front.md"))
    assert result.exit_code == 1
    assert f"{DOCS / 'front.md'}:21:70: RB901 error [neva2010] no item with key 'neva2010' " \
        "in the bibliography (did you mean @neva2011, @nall2018?)" in result.stderr
    assert "(**neva2010?**)" in result.stdout


def test_strict_refuses_and_writes_nothing(tmp_path):
    out = tmp_path / "out.md"
    result = run("doc", str(DOCS / "front.md"), "--strict", "-o", str(out))
    assert result.exit_code == 2 and not out.exists()
    assert "unknown key(s)" in result.stderr


def test_duplicate_keys_across_bibliographies(tmp_path):
    copy = tmp_path / "copy.bib"
    copy.write_text(Path(BIB).read_text(encoding="utf-8"), encoding="utf-8")
    result = run("doc", str(DOCS / "notes.md"), "-b", BIB, "-b", str(copy))
    assert result.exit_code == 1
    assert f"RB101 error [neva2011] key 'neva2011' is in {BIB} and in {copy}" in result.stderr


# --- front matter -----------------------------------------------------------------------

def test_front_matter_fields():
    result = run("doc", str(DOCS / "front.md"))
    out = result.stdout
    # bibliography beside the document; references inline; a key with a colon
    assert "see also Casale (2015) and" in out
    # nocite: listed without a citation; reference-section-title: a heading before them
    heading = out.index("# Works cited\n")
    assert out.index("Back pain", heading) and out.index("Casale, A. (2015)", heading)
    assert "Seki" not in out and "Baykara" not in out


def test_nocite_everything_and_suppress_bibliography(tmp_path):
    manuscript = tmp_path / "m.md"
    manuscript.write_text("---\nnocite: '@*'\n---\nText.\n", encoding="utf-8")
    out = run("doc", str(manuscript), "-b", BIB).stdout
    assert sum(1 for line in out.splitlines() if "(" in line and ")" in line) == 9
    manuscript.write_text("---\nsuppress-bibliography: true\n---\nText [@neva2011].\n",
                          encoding="utf-8")
    assert run("doc", str(manuscript), "-b", BIB).stdout == \
        "---\nsuppress-bibliography: true\n---\nText (Neva et al., 2011).\n"


def test_command_line_wins_over_front_matter(tmp_path):
    manuscript = tmp_path / "m.md"
    manuscript.write_text("---\ncsl: chicago-author-date\nlang: de-DE\n---\n[@neva2011, p. 3]\n",
                          encoding="utf-8")
    # pandoc 3.9 --csl chicago-author-date.csl, lang de-DE: "(Neva u.\xa0a. 2011, p.\xa03)":
    # "p." is no German term, so it stays in the suffix (pandoc's reader then puts a
    # no-break space after the abbreviation, its "smart" typography)
    assert run("doc", str(manuscript), "-b", BIB).stdout.splitlines()[4] == \
        "(Neva u.\xa0a. 2011, p. 3)"
    assert run("doc", str(manuscript), "-b", BIB, "-s", "apa", "--locale", "en-US"
               ).stdout.splitlines()[4] == "(Neva et al., 2011, p. 3)"


def test_bad_front_matter_is_a_located_usage_error(tmp_path):
    manuscript = tmp_path / "m.md"
    manuscript.write_text("---\ntitle: [unclosed\n---\nText.\n", encoding="utf-8")
    result = run("doc", str(manuscript), "-b", BIB)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"rabp-refs: error: {manuscript}:")


def test_bibliography_at_the_refs_div(tmp_path):
    manuscript = tmp_path / "m.md"
    manuscript.write_text("Text [@neva2011].\n\n# References\n\n::: {#refs}\n:::\n\n"
                          "# Appendix\n\nMore.\n", encoding="utf-8")
    out = run("doc", str(manuscript), "-b", BIB).stdout
    assert out.startswith("Text (Neva et al., 2011).\n\n# References\n\n::: {#refs}\n\n"
                          "Neva, M. H., Häkkinen, A.")
    assert out.endswith("ker173>\n:::\n\n# Appendix\n\nMore.\n")


# --- note styles --------------------------------------------------------------------------

# pandoc 3.9: pandoc notes.md --citeproc --bibliography references.bib
#   --csl chicago-notes-bibliography-subsequent-ibid.csl -t markdown --wrap=none
NOTES_TEXT = ("Text.[^1] More,[^2] and Shoji Seki et al.[^3] says so.[^4][^a] Again:[^6] "
              "yes R. A. Baykara et al.[^7] and.[^8]")
NOTES = {
    "2": "Ibid.",
    "a": "Own note citing (Seki et al., “Lumbar Spine Surgery in Patients with Rheumatoid "
         "Arthritis (RA)”) and Neva et al., “Chronic Back Pain in Patients with Rheumatoid "
         "Arthritis and in a Control Population”.",
    "6": "Neva et al., “Chronic Back Pain in Patients with Rheumatoid Arthritis and in a "
         "Control Population.”",
    "8": "“Chronic Back Pain in Patients with Rheumatoid Arthritis and in a Control "
         "Population.”",
}


def test_note_style_makes_footnotes_in_text_order():
    out = doc("notes.md", "-s", "chicago-notes-bibliography-subsequent-ibid")
    assert out.splitlines()[0] == NOTES_TEXT
    notes = dict(re.findall(r"^\[\^(\w+)\]: (.*)$", out, re.M))
    for label, text in NOTES.items():
        assert notes[label] == text
    assert notes["4"].startswith("See ibid.; John L. Gillick et al.,")
    assert notes["1"].startswith("M. H. Neva et al., “Chronic Back Pain")


def test_note_style_bibliography_has_no_locator():
    out = doc("notes.md", "-s", "chicago-notes-bibliography-subsequent-ibid")
    assert "*Journal of Back and Musculoskeletal Rehabilitation* 26, no. 4 (2013): 367–74." \
        in out


def test_engine_bibliography_ignores_the_first_cites_locator():
    """Chicago notes' bibliography shares the locator macro with its notes: the entry of an
    item first cited with a locator printed that locator instead of its pages."""
    items = sources.load(BIB).items
    engine = Engine("chicago-notes-bibliography")
    cited = engine.render(items, [[CiteItem("baykara2013", locator="5", label="page",
                                            prefix="see ")]]).bibliography
    assert cited == engine.render(items).bibliography


# --- HTML --------------------------------------------------------------------------------

def test_html_marks_citations_and_entries_as_pandoc():
    out = run("doc", str(DOCS / "front.md"), "-t", "html").stdout
    assert ('<span class="citation" data-cites="neva2011">(<a href="#ref-neva2011" '
            'role="doc-biblioref">Neva et al., 2011, p. 1637</a>)</span>') in out
    assert '<span class="citation" data-cites="neva2010">(<strong>neva2010?</strong>)</span>' \
        in out
    assert '<h1 class="unnumbered" id="bibliography">Works cited</h1>\n<div id="refs" ' \
        'class="references csl-bib-body hanging-indent"' in out
    assert '<div id="ref-Casale:2015" class="csl-entry" role="listitem">\nCasale, A. (2015). ' \
        "<i>A book with a colon key</i>. Press.\n</div>" in out
    assert "<h1>Introduction</h1>" in out and "---" not in out


def test_html_note_style_footnotes_and_standalone():
    out = doc("notes.md", "-s", "chicago-notes-bibliography-subsequent-ibid", "-t", "html",
              "--standalone")
    assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
    # footnotes as pandoc marks them (pandoc 3.9's HTML of the same document)
    assert ('<span class="citation" data-cites="seki2018">Shoji Seki et al.<a href="#fn3" '
            'class="footnote-ref" id="fnref3" role="doc-noteref"><sup>3</sup></a></span>'
            ) in out
    assert '<section id="footnotes" class="footnotes footnotes-end-of-document" ' \
        'role="doc-endnotes">' in out
    assert out.count('<li id="fn') == 8
    assert '<li id="fn2"><p>Ibid.<a href="#fnref2" class="footnote-back" ' \
        'role="doc-backlink">' in out


def test_output_format_from_the_extension(tmp_path):
    out = tmp_path / "paper.html"
    assert run("doc", str(DOCS / "notes.md"), "-b", BIB, "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<p>Text <span")


def test_library_reads_stdin_text():
    result = cite_document("Text [@neva2011].\n", "<stdin>",
                           Options(bibliographies=(BIB,)))
    assert result.output.startswith("Text (Neva et al., 2011).\n\nNeva, M. H.")
    assert result.diagnostics == []


# --- DOCX ---------------------------------------------------------------------------------

def _docx(tmp_path, name: str, *args) -> Path:
    out = tmp_path / (Path(name).stem + ".docx")
    result = run("doc", str(DOCS / name), "-b", BIB, "-o", str(out), *args)
    assert result.exit_code in (0, 1), result.stderr
    return out


def test_docx_keeps_headings_italics_links_and_the_hanging_indent(tmp_path):
    import docx
    document = docx.Document(str(_docx(tmp_path, "front.md")))
    paragraphs = document.paragraphs
    assert [(p.style.name, p.text) for p in paragraphs[:3]] == [
        ("Title", "A short essay"), ("Heading 1", "Introduction"),
        ("Normal", "Neva et al. found it (Neva et al., 2011, p. 1637); see also Casale (2015) "
                   "and (neva2010?).")]
    heading = next(i for i, p in enumerate(paragraphs) if p.text == "Works cited")
    entries = paragraphs[heading + 1:]
    assert [e.text[:6] for e in entries] == ["Back p", "Casale", "Neva, "]
    for entry in entries:  # APA: hanging indent, double spacing, no space between entries
        fmt = entry.paragraph_format
        assert (fmt.left_indent, fmt.first_line_indent) == (docx.shared.Inches(0.5),
                                                           docx.shared.Inches(-0.5))
        assert fmt.line_spacing == 2.0 and fmt.space_after == 0
    italic = [r.text for r in entries[1].runs if r.italic]
    assert italic == ["A book with a colon key"]
    assert any("doi.org/10.1093/rheumatology/ker173" in rel.target_ref
               for rel in document.part.rels.values() if rel.is_external)


def test_docx_note_style_has_real_footnotes(tmp_path):
    import docx
    path = _docx(tmp_path, "notes.md", "-s", "chicago-notes-bibliography-subsequent-ibid")
    document = docx.Document(str(path))
    body = document.element.body
    assert len(body.findall(".//" + docx.oxml.ns.qn("w:footnoteReference"))) == 8
    part = document.part.part_related_by(docx.opc.constants.RELATIONSHIP_TYPE.FOOTNOTES)
    notes = {n.get(docx.oxml.ns.qn("w:id")): "".join(t.text for t in n.iter(
        docx.oxml.ns.qn("w:t"))).strip() for n in etree.fromstring(part.blob)}
    assert notes["2"] == "Ibid."
    separators = document.settings.element.find(docx.oxml.ns.qn("w:footnotePr"))
    assert [n.get(docx.oxml.ns.qn("w:id")) for n in separators] == ["-1", "0"]
    assert notes["5"] == NOTES["a"]  # the author's own note, its citations inside it
    assert document.paragraphs[0].text == re.sub(r"\[\^\w+\]", "", NOTES_TEXT)


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (Debian package libreoffice-writer) "
                                            "is not installed; .ci/run installs it")
def test_libreoffice_opens_the_docx_with_the_markdowns_text(tmp_path):
    path = _docx(tmp_path, "notes.md", "-s", "chicago-notes-bibliography-subsequent-ibid")
    profile = tmp_path / "profile"
    for target in ("txt:Text (encoded):UTF8", "html"):
        subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", target, "--outdir", str(tmp_path), str(path)],
                       check=True, capture_output=True, timeout=180)
    text = (tmp_path / "notes.txt").read_text(encoding="utf-8-sig")
    markdown = doc("notes.md", "-s", "chicago-notes-bibliography-subsequent-ibid")
    numbers = iter(range(1, 100))
    expected = [re.sub(r"\[\^\w+\]", lambda m: str(next(numbers)), line)
                .replace("*", "").replace("<https:", "https:").replace(">.", ".")
                for line in markdown.splitlines() if line and not line.startswith("[^")]
    assert [line for line in text.splitlines() if line.strip()] == expected
    html = " ".join((tmp_path / "notes.html").read_text(encoding="utf-8").split())
    assert len(re.findall(r'class="sdfootnotesym"', html)) == 8  # the footnotes
    assert re.search(r"<i>\s*Journal of Back and Musculoskeletal Rehabilitation\s*</i>", html)
    assert html.count("text-indent: -0.5in") == 4  # the entries' hanging indent


def test_engine_keeps_the_stop_after_an_html_character_reference():
    """OSCOLA's notes end "<URL>." and in HTML the ">" is "&#62;": the doubled-punctuation
    pass took the reference's ";" for a semicolon and dropped the note's closing stop.
    Expected: citeproc-js (../shared/oracle, --format html, en-GB)."""
    items = sources.load(BIB).items
    engine = Engine("oscola", locale="en-GB", output_format="html")
    note = engine.render(items, [[CiteItem("neva2011", locator="1636", label="page")]],
                         bibliography=False).citations[0]
    assert note.endswith("1635, 1636 &#60;https://doi.org/10.1093/rheumatology/ker173&#62;.")


def test_the_readme_examples_are_true():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    essay = str(ROOT / "docs" / "examples" / "essay.md")
    for args, lines in (((), slice(6, 11)),
                        (("-s", "chicago-notes-bibliography"), slice(6, 8))):
        result = run("doc", essay, *args)
        assert result.exit_code == 0
        shown = "\n".join(result.stdout.splitlines()[lines]) + "\n"
        assert shown in readme
    assert (ROOT / "docs" / "examples" / "essay.md").read_text(encoding="utf-8") in readme


@pytest.mark.parametrize("front, args, message", [
    ("", ("nonexistent.md",), "nonexistent.md: no such file"),
    ("---\nbibliography: nope.bib\n---\n", (), "the front matter's bibliography: nope.bib: "
                                               "no such file"),
    ("", ("-b", "broken.bib"), "broken.bib: 1 error(s) in the input; nothing was rendered "
                              "(no entry could be read) (first: broken.bib:1: RB001 error [a] "
                              "syntax error"),
])
def test_unreadable_inputs_are_one_line_and_exit_2(tmp_path, monkeypatch, front, args,
                                                   message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.bib").write_text("@article{a, title={x}\n", encoding="utf-8")
    (tmp_path / "m.md").write_text(front + "Text [@a].\n", encoding="utf-8")
    result = run("doc", *(args if args and args[0].endswith(".md") else ("m.md", *args)))
    assert result.exit_code == 2
    assert result.stderr.startswith("rabp-refs: error: ") and message in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_docx_to_stdout_and_standalone_only_for_html():
    result = CliRunner().invoke(main, ["doc", "-b", BIB, "--to", "docx"],
                                input="Text [@neva2011].\n")
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"PK")
    result = run("doc", "-b", BIB, "--standalone", input="x\n")
    assert result.exit_code == 2 and "--standalone applies to --to html" in result.stderr


@pytest.mark.parametrize("style, locale, quoted", [
    ("chicago-author-date", "de-DE", "What Affects the Outcomes?“ <i>The Spine Journal</i>"),
    ("chicago-notes-bibliography", "fr-FR",
     "What Affects the Outcomes?\xa0» <i>The Spine Journal</i>"),
])
def test_engine_no_stop_after_a_quoted_question_outside_english_quotes(style, locale, quoted):
    """A title ending in "?" in quotes that keep punctuation outside (German, French): the
    entry's full stop after it goes, as citeproc-js drops it (../shared/oracle, --format
    html); our pass looked through English closing quotes only."""
    items = sources.load(BIB).items
    entries = Engine(style, locale=locale, output_format="html").render(items).bibliography
    assert quoted in next(e for e in entries if e.startswith("Seki"))


def test_inline_notes_are_footnotes_their_citations_inside_them(tmp_path):
    manuscript = tmp_path / "m.md"
    manuscript.write_text("Text^[A note citing [@neva2011, p. 3] and\n  [@nosuch].] and "
                          "more [@seki2018]. Code `^[@a]`.\n", encoding="utf-8")
    result = run("doc", str(manuscript), "-b", BIB, "-s", "chicago-notes-bibliography")
    assert result.exit_code == 1
    assert f"{manuscript}:2:3: RB901 error [nosuch]" in result.stderr
    out = result.stdout
    assert out.startswith("Text[^note-1] and more.[^2] Code `^[@a]`.\n")
    assert "\n[^note-1]: A note citing (M. H. Neva et al., “Chronic Back Pain" in out
    assert "(2011): 3, <https://doi.org/10.1093/rheumatology/ker173>) and\n      " \
        "(**nosuch?**).\n" in out
    assert "\n[^2]: Shoji Seki et al., “Lumbar Spine Surgery" in out


# pandoc 3.9: pandoc docs/examples/essay.md --citeproc --bibliography references.bib
#   --csl apa.csl -M link-citations=true -t html --wrap=none | head -1
LINKED = (
    '<p>Low back pain is common in RA <span class="citation" data-cites="baykara2013">(<a '
    'href="#ref-baykara2013" role="doc-biblioref">Baykara et al., 2013, p. 367</a>)</span>; '
    '<span class="citation" data-cites="neva2011">Neva et al. (<a href="#ref-neva2011" '
    'role="doc-biblioref">2011, p. 1637</a>)</span> found it in 19 percent of patients, and '
    'the cervical spine is the usual site <span class="citation" data-cites="gillick2015 '
    'seki2018">(see <a href="#ref-gillick2015" role="doc-biblioref">Gillick et al., 2015</a>; '
    '<a href="#ref-seki2018" role="doc-biblioref">Seki et al., 2018</a>)</span>.</p>')


def test_link_citations_as_pandoc_links_them():
    result = run("doc", str(ROOT / "docs" / "examples" / "essay.md"), "-t", "html",
                 "--link-citations")
    paragraph = result.stdout[:result.stdout.index("</p>") + 4].replace("\n", " ")
    assert paragraph == LINKED


def test_docx_link_citations_go_to_bookmarked_entries(tmp_path):
    import docx
    from docx.oxml.ns import qn
    out = tmp_path / "essay.docx"
    assert run("doc", str(ROOT / "docs" / "examples" / "essay.md"), "--link-citations",
               "-o", str(out)).exit_code == 0
    body = docx.Document(str(out)).element.body
    anchors = [(h.get(qn("w:anchor")), "".join(t.text for t in h.iter(qn("w:t"))))
               for h in body.iter(qn("w:hyperlink")) if h.get(qn("w:anchor"))]
    assert anchors == [("ref_baykara2013", "Baykara et al., 2013, p. 367"),
                       ("ref_neva2011", "2011, p. 1637"),
                       ("ref_gillick2015", "Gillick et al., 2015"),
                       ("ref_seki2018", "Seki et al., 2018")]
    marks = [b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))]
    assert marks == ["ref_baykara2013", "ref_gillick2015", "ref_neva2011", "ref_seki2018"]


def test_docx_tables_are_word_tables_with_their_citations(tmp_path):
    import docx
    manuscript = tmp_path / "t.md"
    manuscript.write_text("| Study | Finding |\n|---|---|\n| Neva [@neva2011] | 19 % *chronic* "
                          "|\n| Baykara | 64.5 % [@baykara2013] |\n", encoding="utf-8")
    out = tmp_path / "t.docx"
    assert run("doc", str(manuscript), "-b", BIB, "-o", str(out)).exit_code == 0
    table = docx.Document(str(out)).tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Study", "Finding"], ["Neva (Neva et al., 2011)", "19 % chronic"],
        ["Baykara", "64.5 % (Baykara et al., 2013)"]]
    assert all(run.bold for run in table.rows[0].cells[0].paragraphs[0].runs)
    assert [r.italic for r in table.rows[1].cells[1].paragraphs[0].runs] == [None, True]


def test_a_note_call_keeps_the_list_quote_or_line_it_opens():
    result = run("doc", "-b", BIB, "-s", "chicago-notes-bibliography", input=(
        "- [@neva2011] says.\n- so [@seki2018].\n\n> [@neva2011]\n\n[@gillick2015] opens.\n"))
    assert result.stdout.startswith("- [^1] says.\n- so.[^2]\n\n> [^3]\n\n[^4] opens.\n")


def test_narrative_citation_in_a_numeric_style_is_its_number():
    # pandoc 3.9 with ieee.csl: "<span class="citation" ...>[1]</span> found it"
    result = run("doc", "-b", BIB, "-s", "ieee", input="@neva2011 [p. 3] found it.\n")
    assert result.stdout.startswith("\\[1, p. 3\\] found it.\n")


def test_a_manuscript_that_is_not_utf8_is_refused():
    result = CliRunner().invoke(main, ["doc", "-b", BIB], input=b"Caf\xe9 [@neva2011]\n")
    assert result.exit_code == 2
    assert result.stderr == "rabp-refs: error: <stdin>: not UTF-8 (byte 0xe9 at offset 3)\n"


# --- any manuscript ---------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

_PIECES = st.sampled_from([
    "text ", "[@neva2011]", "@seki2018", "[see @a, p. 3; @b]", "`code [@x]`", "\n\n", "\n",
    "[", "]", "@", "^[", "[^1]", "[^1]: note [@neva2011]\n", "::: {#refs}\n:::\n",
    "```\n[@neva2011]\n```\n", "- item [@neva2011]\n", "> quote [@seki2018]\n", "{", "}",
    "-@", "@{", "$x@y$", "<a@b.c>", "| a | [@neva2011] |\n|---|---|\n", "# H [@neva2011]\n",
    "| [@seki2018] | [@seki2018] |\n",
    ".", ",", "---\ntitle: x\n---\n", "\\", "*", "_", "é", "\t", "    code\n"])


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_PIECES, max_size=25), st.sampled_from(["markdown", "html", "docx"]),
       st.sampled_from(["apa", "chicago-notes-bibliography"]))
def test_any_manuscript_is_written(parts, to, style):
    """Found this way: a footnote that calls itself recursed without end in DOCX."""
    text = "".join(parts)
    result = cite_document(text, "x.md", Options(bibliographies=(BIB,), style=style, to=to))
    if to == "markdown" and "@" not in text and not text.startswith("---"):
        assert result.output.rstrip("\n") == text.rstrip("\n")  # nothing else changes


def test_docx_notes_do_not_nest(tmp_path):
    """A note calling itself (a lazy continuation line) recursed without end; a note
    called from a note is no Word footnote."""
    for text in ("[^1]: note [@neva2011]\n[^1]\n\n[^1]\n", "x[^a]\n\n[^a]: calls[^b]\n\n"
                                                           "[^b]: b [@neva2011]\n"):
        result = cite_document(text, "x.md", Options(bibliographies=(BIB,), to="docx"))
        path = tmp_path / "n.docx"
        path.write_bytes(result.output)
        import docx
        from docx.oxml.ns import qn
        document = docx.Document(str(path))
        assert len(list(document.element.body.iter(qn("w:footnoteReference")))) == 1


def test_the_output_never_overwrites_an_input(tmp_path):
    manuscript = tmp_path / "m.md"
    manuscript.write_text("Text [@neva2011].\n", encoding="utf-8")
    result = run("doc", str(manuscript), "-b", BIB, "-o", str(manuscript))
    assert result.exit_code == 2 and "is the input" in result.stderr
    assert manuscript.read_text(encoding="utf-8") == "Text [@neva2011].\n"


def test_cells_of_a_row_with_the_same_citation_each_get_theirs():
    """Each cell's text was looked for from the start of its line: the second cell's
    citation replaced the first one's again, and its own stayed as written."""
    result = run("doc", "-b", BIB, input="| A | B |\n|---|---|\n| [@neva2011] | [@neva2011] |\n")
    assert result.stdout.startswith(
        "| A | B |\n|---|---|\n| (Neva et al., 2011) | (Neva et al., 2011) |\n")


def test_notes_after_punctuation_false_keeps_the_call_before_it():
    text = "---\nnotes-after-punctuation: false\n---\nText [@neva2011].\n"
    result = run("doc", "-b", BIB, "-s", "chicago-notes-bibliography", input=text)
    # pandoc 3.9, the same document: "Text[^1]."
    assert result.stdout.splitlines()[3] == "Text[^1]."


@pytest.mark.parametrize("front, message", [
    ("title: " + "[" * 3000 + "]" * 3000, "YAML nested too deeply"),
    ("title: " + "[" * 150 + "]" * 150, "YAML nested more than 100 levels deep"),
    ("a: &x [lol, lol]\nb: [*x, *x]", "an alias (*name): CSL-YAML does not use them"),
    ("references:\n- id: x\n  type: book\n  volume: .inf", "a number no output can hold"),
])
def test_front_matter_is_read_with_the_yaml_bounds(tmp_path, front, message):
    """The front matter was read with yaml.safe_load: 3,000 nested brackets were a
    RecursionError (exit 3) and aliases were expanded; it is read as CSL-YAML files are."""
    doc = tmp_path / "m.md"
    doc.write_text(f"---\n{front}\n---\n\nText.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["doc", str(doc)])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"rabp-refs: error: {doc}") and message in result.stderr


@pytest.mark.parametrize("to", ["html", "markdown"])
def test_an_unknown_key_is_shown_escaped(tmp_path, to):
    """`[@{<img src=x onerror=alert(1)>}]` came out as a live <img> inside <strong>. Found in
    review."""
    doc = tmp_path / "m.md"
    doc.write_text("---\nreferences: [{id: a, type: book, title: A}]\n---\n\n"
                   "See [@{<img src=x onerror=alert(1)>}].\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["doc", str(doc), "--to", to])
    assert result.exit_code == 1
    assert "<img" not in result.stdout and "&lt;img src=x onerror=alert(1)&gt;?" in result.stdout


def test_a_bad_entry_in_the_bibliography_does_not_stop_the_document(tmp_path):
    """doc refused a bibliography that render takes (a repeated field: exit 2 against 1);
    now it follows the one rule (sources.Loaded.refusal): the document is written, exit 1,
    and --strict refuses. Found in review."""
    bib = tmp_path / "r.bib"
    bib.write_text("@book{a, title = {One}, title = {Two}, author = {Doe, Jane}, "
                   "publisher = {P}, year = 2001}\n", encoding="utf-8")
    doc = tmp_path / "m.md"
    doc.write_text("As shown [@a].\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["doc", str(doc), "-b", str(bib)])
    assert result.exit_code == 1 and "(Doe, 2001)" in result.stdout
    assert "RB103 error [a] field given twice: title" in result.stderr
    strict = CliRunner().invoke(main, ["doc", str(doc), "-b", str(bib), "--strict"])
    assert strict.exit_code == 2 and strict.stdout == ""
