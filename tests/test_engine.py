"""The engine layer over citeproc-py: our element classes, our styles, the cite modes."""
from __future__ import annotations

import pytest
from citeproc import model
from citeproc.frontend import CitationStylesStyle

from rabp_refs import forking
import rabp_refs.engine as engine_module
from rabp_refs.engine import CiteItem, Engine, elements, parse_locator
from rabp_refs.engine.state import state_of
from rabp_refs.engine.style import CslStyle, validate
from rabp_refs.errors import LocaleError, StyleError
from rabp_refs.styles import find_style, list_styles, own_styles_dir

NEVA = {"id": "neva2011", "type": "article-journal", "title": "Chronic back pain",
        "author": [{"family": "Neva", "given": "M. H."}, {"family": "Häkkinen", "given": "A."},
                   {"family": "Isomäki", "given": "P."}, {"family": "Sokka", "given": "T."}],
        "container-title": "Rheumatology", "volume": "50", "issue": "9", "page": "1635–1639",
        "issued": {"date-parts": [[2011, 9, 1]]}}
BACKPAIN = {"id": "backpain2017", "type": "webpage", "title": "Back pain",
            "issued": {"date-parts": [[2017, 3]]}}


def test_each_csl_element_maps_to_the_class_we_expect():
    classes = elements.element_classes()
    ours = {"group": elements.Group, "choose": elements.Choose, "number": elements.Number,
            "text": elements.Text, "label": elements.Label, "name-part": elements.Name_Part,
            "key": elements.Key, "style": elements.Style, "names": elements.Names, "name": elements.Name,
            "substitute": elements.Substitute, "layout": elements.Layout, "date": elements.Date,
            "date-part": elements.Date_Part, "sort": elements.Sort, "if": elements.If,
            "else-if": elements.Else_If, "citation": elements.Citation}
    for tag, cls in ours.items():
        assert issubclass(classes[tag], cls)
    for tag in ("macro", "bibliography", "locale", "term"):
        # citeproc-py's own class, with our cached XPath look-ups in front of it
        mro = classes[tag].__mro__
        assert mro[1] is elements._CachedXPath
        assert any(c.__module__ == "citeproc.model" for c in mro[2:])
    root = CslStyle(find_style("apa")).root
    found = [type(e) for e in root.iter() if isinstance(e, model.CitationStylesElement)]
    assert any(issubclass(t, elements.Names) for t in found)
    assert any(issubclass(t, elements.Substitute) for t in found)


def test_our_classes_do_not_leak_into_citeproc_py_global_lookup():
    plain = CitationStylesStyle(str(find_style("apa")), validate=False)
    names = plain.root.xpath("//cs:names", namespaces=model.CitationStylesElement.nsmap)[0]
    assert type(names) is model.Names


@pytest.mark.parametrize("name", ["medical-news-today-mla", "medical-news-today-apa"])
def test_our_styles_are_valid_csl(name):
    assert validate(own_styles_dir() / f"{name}.csl") == []


def test_style_names_resolve():
    assert find_style("apa").name == "apa.csl"
    assert find_style("mla").name == "modern-language-association.csl"
    assert find_style("chicago").name == "chicago-author-date.csl"
    assert find_style("medical-news-today-mla").parent == own_styles_dir()
    with pytest.raises(StyleError, match="unknown style 'apaa'.*did you mean"):
        find_style("apaa")


def test_styles_listing_puts_ours_first():
    found = list_styles()
    assert [s.id for s in found[:2]] == ["medical-news-today-apa", "medical-news-today-mla"]
    assert all(s.own for s in found[:2]) and not any(s.own for s in found[2:])
    assert {s.id for s in list_styles("mla handbook")} >= {"modern-language-association"}


def test_a_dependent_style_renders_with_its_parent(tmp_path):
    dependent = tmp_path / "my-journal.csl"
    dependent.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="in-text">'
        "<info><title>My Journal</title><id>x</id>"
        '<link href="http://www.zotero.org/styles/apa" rel="independent-parent"/>'
        "<updated>2020-01-01T00:00:00+00:00</updated></info></style>")
    result = Engine(str(dependent)).render([NEVA])
    assert result.citations == ["(Neva et al., 2011)"]


def test_a_style_that_is_not_xml_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.csl"
    bad.write_text("this is not xml")
    with pytest.raises(StyleError, match="not a valid CSL style"):
        Engine(str(bad))


def test_entities_in_a_style_are_never_expanded_or_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    style = find_style("medical-news-today-apa").read_text(encoding="utf-8")
    style = style.replace('<?xml version="1.0" encoding="utf-8"?>',
                          '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE style [\n'
                          f'<!ENTITY xxe SYSTEM "file://{secret}">\n'
                          '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>')
    style = style.replace('<text value="Web."/>', '<text value="&xxe;&b;"/>')
    path = tmp_path / "evil.csl"
    path.write_text(style, encoding="utf-8")
    try:
        result = Engine(str(path)).render([BACKPAIN])
    except StyleError:
        return  # refusing the style is fine too
    assert "TOP SECRET" not in "".join(result.bibliography)
    assert "aaaaaaaaaa" not in "".join(result.bibliography)


def test_unknown_locale_is_a_clear_error():
    with pytest.raises(LocaleError, match="xx-XX"):
        Engine("apa", locale="xx-XX")


def test_substituted_title_is_not_printed_again():
    result = Engine("apa").render([BACKPAIN])
    assert result.bibliography == ["Back pain. (2017, March)."]


def test_disambiguate_condition_is_false_when_nothing_is_ambiguous():
    result = Engine("mla").render([NEVA])
    assert result.citations == ["(Neva et al.)"]


def test_initialize_false_keeps_full_given_names():
    item = dict(NEVA, author=[{"family": "Nall", "given": "Rachel"}])
    assert Engine("mla").render([item]).bibliography[0].startswith("Nall, Rachel.")


def test_cite_modes_and_locators():
    engine = Engine("apa")
    clusters = [[CiteItem("neva2011", mode="author-only")],
                [CiteItem("neva2011", locator="1637", label="page", mode="suppress-author")],
                [CiteItem("neva2011", locator="1637", label="page")],
                [CiteItem("backpain2017", mode="suppress-author")]]
    result = engine.render([NEVA, BACKPAIN], clusters, bibliography=False)
    assert result.citations == ["Neva et al.", "(2011, p. 1637)",
                                "(Neva et al., 2011, p. 1637)", "(2017)"]


def test_suppress_author_with_nothing_left_renders_nothing():
    result = Engine("mla").render([NEVA], [[CiteItem("neva2011", mode="suppress-author")]])
    assert result.citations == [""]


def test_ids_that_differ_only_in_case_are_reported():
    result = Engine("apa").render([NEVA, dict(NEVA, id="Neva2011")])
    assert [d.code for d in result.diagnostics] == ["RB102"]
    assert result.bibliography_ids == ["neva2011"]


def test_an_id_given_twice_is_the_last_item_given_as_in_citeproc_js():
    later = dict(NEVA, title="The corrected title")
    result = Engine("apa").render([NEVA, later])
    assert [d.code for d in result.diagnostics] == ["RB101"]
    assert result.bibliography_ids == ["neva2011"]
    assert "The corrected title" in result.bibliography[0]


def test_a_cite_of_an_unknown_id_is_reported():
    result = Engine("apa").render([NEVA], [[CiteItem("nope")]])
    assert result.citations == [""]
    assert result.diagnostics[0].code == "RB901"


def test_html_escapes_as_citeproc_js_does():
    item = dict(NEVA, title="Pain & <b>stiffness</b>")
    entry = Engine("apa", output_format="html").render([item]).bibliography[0]
    assert "&#38;" in entry and "&#38; Sokka" in entry


@pytest.mark.parametrize("text, expected", [
    ("p. 1637", ("page", "1637")), ("pp. 5-7", ("page", "5-7")), ("1637", ("page", "1637")),
    ("ch. 2", ("chapter", "2")), ("§ 4", ("section", "4")), ("para. 3", ("paragraph", "3")),
    ("fig. 1", ("figure", "1")),
])
def test_locator_parsing(text, expected):
    assert parse_locator(text) == expected


def test_a_record_the_style_renders_as_nothing_is_reported(tmp_path):
    path = tmp_path / "doi-only.csl"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="in-text">'
        "<info><title>DOI only</title><id>doi-only</id>"
        "<updated>2020-01-01T00:00:00+00:00</updated></info>"
        '<citation><layout><text variable="title"/></layout></citation>'
        '<bibliography><layout><text variable="DOI"/></layout></bibliography></style>')
    result = Engine(str(path)).render([BACKPAIN, dict(NEVA, DOI="10.1/x")])
    assert result.bibliography_ids == ["backpain2017", "neva2011"]
    assert result.bibliography == ["", "10.1/x"]
    assert [(d.code, d.key) for d in result.diagnostics] == [("RB902", "backpain2017")]


def test_a_variable_citeproc_py_does_not_know_is_a_note_not_a_failure():
    result = Engine("apa").render([dict(BACKPAIN, **{"no-such-variable": "x"})])
    assert result.bibliography == ["Back pain. (2017, March)."]
    assert [d.code for d in result.diagnostics] == ["RB903"]


@pytest.mark.parametrize("jobs", [1, pytest.param(2, marks=pytest.mark.skipif(
    not forking.can_fork(), reason="no fork, or threads running"))])
def test_a_processor_failure_on_one_record_leaves_the_others(monkeypatch, jobs):
    """Also when the record is rendered in another process (its sort key, its probe and its
    entry): the failure comes back from there."""
    original = elements.Date_Part.process

    def fails_for_2011(self, date, context=None):
        if date.get("year") == 2011:
            raise RuntimeError("simulated processor bug")
        return original(self, date, context)
    monkeypatch.setattr(elements.Date_Part, "process", fails_for_2011)
    result = Engine("apa").render([NEVA, BACKPAIN], jobs=jobs)
    assert result.bibliography_ids == ["backpain2017", "neva2011"]
    assert result.bibliography == ["Back pain. (2017, March).", ""]
    assert result.citations == ["", "(Back Pain, 2017)"]  # APA title-cases cited titles
    failures = [d for d in result.diagnostics if d.code == "RB904"]
    assert [(d.key, d.severity.name) for d in failures] == [("neva2011", "ERROR")] * 2
    assert "RuntimeError: simulated processor bug" in failures[0].message


@pytest.mark.skipif(not forking.can_fork(), reason="no fork, or threads running")
def test_failures_in_short_lived_workers_come_back_in_the_order_of_one_process(
        monkeypatch, short_lived):
    """Workers take entries and cites in the order their references were built, not the
    bibliography's: the failures they meet are put back in the order one process meets
    them (render_in_slices' ``order``)."""
    original = elements.Date_Part.process

    def fails_for_2011(self, date, context=None):
        if date.get("year") == 2011:
            raise RuntimeError(f"simulated processor bug {date.get('month')}")
        return original(self, date, context)
    monkeypatch.setattr(elements.Date_Part, "process", fails_for_2011)
    items = [dict(NEVA, id=f"neva{month}", title=f"Neva {month}",
                  issued={"date-parts": [[2011, month]]}) for month in (5, 3, 9, 1)]
    items += [dict(BACKPAIN, id=f"back{i}", title=f"Back pain {i}") for i in (2, 1)]
    single = Engine("apa").render(items, jobs=1)
    failures = [(d.key, d.message) for d in single.diagnostics if d.code == "RB904"]
    assert len(failures) == 8  # each record's cite and entry, in the order met
    assert failures[0][0] != failures[1][0]
    for jobs in (2, 3):
        assert Engine("apa").render(items, jobs=jobs).to_json() == single.to_json()


# Expected strings: citeproc-js (../shared/oracle/oracle.js) on the same records and styles.
@pytest.mark.parametrize("style, parts, expected", [
    ("apa", [[2017, 11, 2], [2017, 11, 4]], "Sokka. (2017, November 2–4). Talk."),
    ("apa", [[2017, 11, 30], [2017, 12, 2]], "Sokka. (2017, November 30–December 2). Talk."),
    ("apa", [[2017, 11], [2018, 2]], "Sokka. (2017–2018, November–February). Talk."),
    ("apa", [[2017], [2019]], "Sokka. (2017–2019). Talk."),
    ("chicago", [[2017, 11, 2], [2017, 11, 4]], "Sokka. 2017. “Talk.” November 2–4."),
    ("chicago", [[2017, 11, 30], [2017, 12, 2]], "Sokka. 2017. “Talk.” November 30–December 2."),
    ("chicago", [[2017, 11], [2018, 2]], "Sokka. 2017–2018. “Talk.” November–February."),
])
def test_date_ranges_as_citeproc_js(style, parts, expected):
    talk = {"id": "t", "type": "speech", "title": "Talk", "author": [{"family": "Sokka"}],
            "issued": {"date-parts": parts}}
    assert Engine(style).render([talk]).bibliography == [expected]


def test_a_locator_that_opens_with_a_label_takes_that_label():
    """As citeproc-js (the oracle gives these three for APA 7th): the style writes the label
    in its own form, and a label given with the cite wins."""
    clusters = [[CiteItem("neva2011", locator="p. 5")],
                [CiteItem("neva2011", locator="vol. 2, p. 7")],
                [CiteItem("neva2011", locator="12", label="chapter")]]
    citations = Engine("apa").render([NEVA], clusters).citations
    assert [c.split(", ", 2)[-1] for c in citations] == ["p. 5)", "Volume 2, p. 7)",
                                                          "Chapter 12)"]


def test_a_date_given_as_raw_text_is_read_as_citeproc_js_reads_it():
    """The oracle gives these for APA 7th: ISO text as a date, 'circa' as an uncertain
    year; date_String in the CSL suite covers text that is no date."""
    items = [dict(NEVA, id="iso", issued={"raw": "2018-08-31"}, type="webpage"),
             dict(NEVA, id="ca", issued={"raw": "circa 1850"})]
    citations = Engine("apa").render(items).citations
    assert [c.rsplit(", ", 1)[-1] for c in citations] == ["2018)", "ca. 1850)"]


def test_a_position_given_with_a_cite_wins_over_the_computed_one(tmp_path):
    """citeproc-js takes a cite's position from the caller when given (0 first, 1
    subsequent, 2 ibid, 3 ibid-with-locator), as the suite's CITATION-ITEMS do."""
    style = tmp_path / "positions.csl"
    style.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">'
        '<info><id>t</id><title>t</title><updated>2026-11-26T00:00:00+00:00</updated></info>'
        '<citation><layout><choose><if position="ibid"><text value="ibid"/></if>'
        '<else-if position="subsequent"><text value="later"/></else-if>'
        '<else><text value="first"/></else></choose></layout></citation></style>',
        encoding="utf-8")
    clusters = [[CiteItem.from_json({"id": "neva2011", "position": p})] for p in (1, 2, 0)]
    assert Engine(str(style)).render([NEVA], clusters).citations == ["later", "ibid", "first"]


@pytest.mark.parametrize("style", ["apa", "modern-language-association", "chicago-author-date"])
def test_style_lookups_found_once_change_no_output(style, monkeypatch):
    """The realistic corpus (tests/golden/corpus: 125 records, with the clusters file) renders
    the same with the per-element look-ups (pin_tree, XPath cache, inherited options,
    formatting shortcut) as without any of them, citeproc-py's own way."""
    import json
    from golden_compare import GOLDEN
    items = json.loads((GOLDEN / "corpus" / "items.json").read_text())
    clusters = [[CiteItem.from_json(c) for c in cluster] for cluster in
                json.loads((GOLDEN / "corpus" / "cites.json").read_text())]
    cached = Engine(style, output_format="html").render(items, clusters).to_json()
    monkeypatch.setattr(elements.lookups, "CACHE_STYLE_LOOKUPS", False)
    engine = Engine(style, output_format="html")
    assert "_root" not in engine.style.root.__dict__  # nothing pinned: the slow path
    assert engine.style.root.xpath_cache is None
    uncached = engine.render(items, clusters).to_json()
    assert cached == uncached
    assert len(cached["bibliography"]) == len(items) and cached["citations"]


def test_the_items_may_be_any_iterable():
    """``Engine.render`` reads its items once: a generator renders as the list does."""
    engine = Engine("apa")
    assert engine.render(iter([NEVA])).bibliography == engine.render([NEVA]).bibliography


def test_what_depends_on_the_whole_style_is_read_once_per_style(monkeypatch):
    """The disambiguation options and the name lists a citation renders are read from the
    style once, not at every render (for one entry they were two thirds of its render):
    three renders ask once; with the look-ups off (as in
    test_style_lookups_found_once_change_no_output), at every render."""
    from rabp_refs.engine import disambiguation
    asked = []

    def options(root):
        asked.append(root)
        return real(root)

    real = disambiguation._options
    monkeypatch.setattr(disambiguation, "_options", options)
    engine = Engine("apa")
    for _ in range(3):
        engine.render([NEVA])
    assert len(asked) == 1
    monkeypatch.setattr(elements.lookups, "CACHE_STYLE_LOOKUPS", False)
    engine = Engine("apa")
    for _ in range(3):
        engine.render([NEVA])
    assert len(asked) == 1 + 3 * 2  # (step 0 and the steps after each read them)


@pytest.mark.skipif(not forking.can_fork(), reason="no fork, or threads running")
@pytest.mark.parametrize("style", ["apa", "modern-language-association", "chicago-author-date"])
@pytest.mark.parametrize("workers", ["one per process", "short-lived"])
def test_a_render_over_processes_is_the_single_process_render(style, workers, request):
    """The realistic corpus with its clusters, in 2 and 3 processes (forking.py): the same
    citations, entries, order and diagnostics as in one. MLA replaces an author repeated
    from the entry before (subsequent-author-substitute), across the slices too. Short-lived
    workers (a long list's) take their items in the order the references were built."""
    import json
    if workers == "short-lived":
        request.getfixturevalue("short_lived")
    from golden_compare import GOLDEN
    items = json.loads((GOLDEN / "corpus" / "items.json").read_text())
    clusters = [[CiteItem.from_json(c) for c in cluster] for cluster in
                json.loads((GOLDEN / "corpus" / "cites.json").read_text())]
    engine = Engine(style, output_format="html")
    single = engine.render(items, clusters, jobs=1).to_json()
    for jobs in (2, 3):
        assert engine.render(items, clusters, jobs=jobs).to_json() == single
    assert len(single["bibliography"]) == len(items)


# Expected: citeproc-js (../shared/oracle/oracle.js) on the same items and styles.
@pytest.mark.skipif(not forking.can_fork(), reason="no fork, or threads running")
@pytest.mark.parametrize("jobs", [1, 2, 3])
@pytest.mark.parametrize("style, expected", [
    ("apa", ["(García, 2018a)", "(García, 2018b)", "(J. Smith, 2021)", "(K. Smith, 2021)",
             "(Moore, Wu, et al., 2020)", "(Moore, Zhao, et al., 2020)"]),
    # (given names by cite: only where a cite is ambiguous)
    ("harvard-cite-them-right", ["(García, 2018a)", "(García, 2018b)", "(J. Smith, 2021)",
                                 "(K. Smith, 2021)", "(Moore, Wu and Diaz, 2020)",
                                 "(Moore, Zhao and Diaz, 2020)"])])
def test_ambiguous_groups_settled_in_other_processes(style, expected, jobs):
    """Three groups of ambiguous cites, each settled by another step (year suffixes, given
    names, more names): in 2 or 3 processes the later groups are settled in a worker, and
    what it decided (names shown, given names) comes back."""
    def book(key, title, year, *names):
        return {"id": key, "type": "book", "title": title, "issued": {"date-parts": [[year]]},
                "author": [{"family": family, "given": given} for family, given in names]}
    items = [book("g1", "First book", 2018, ("García", "Ana")),
             book("g2", "Second book", 2018, ("García", "Ana")),
             book("s1", "Third book", 2021, ("Smith", "John")),
             book("s2", "Fourth book", 2021, ("Smith", "Karen")),
             book("m1", "Fifth book", 2020, ("Moore", "Lee"), ("Wu", "Ann"), ("Diaz", "Rosa")),
             book("m2", "Sixth book", 2020, ("Moore", "Lee"), ("Zhao", "Bo"), ("Diaz", "Rosa"))]
    assert Engine(style).render(items, jobs=jobs).citations == expected


# Expected: citeproc-js (../shared/oracle/oracle.js) on the same style and items: an entry
# with no names leaves the names it is compared with as the entry before it left them.
@pytest.mark.skipif(not forking.can_fork(), reason="no fork, or threads running")
@pytest.mark.parametrize("jobs", [1, 2, 3, 4])
def test_subsequent_author_substitute_across_the_slices_of_a_bibliography(tmp_path, jobs):
    style = tmp_path / "substitute.csl"
    style.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
        '<info><id>t</id><title>t</title><updated>2026-11-26T00:00:00+00:00</updated></info>'
        '<citation><layout><text variable="title"/></layout></citation>'
        '<bibliography subsequent-author-substitute="---"><layout>'
        '<names variable="author"/><text variable="title"/></layout></bibliography></style>',
        encoding="utf-8")
    smith = [{"family": "Smith", "given": "John"}]
    items = [{"id": "a", "type": "book", "title": "Alpha", "author": smith},
             {"id": "b", "type": "book", "title": "Beta"},
             {"id": "c", "type": "book", "title": "Gamma", "author": smith},
             {"id": "d", "type": "book", "title": "Delta", "author": smith}]
    assert Engine(str(style)).render(items, jobs=jobs).bibliography == [
        "John SmithAlpha", "Beta", "---Gamma", "---Delta"]


@pytest.mark.parametrize("style, shares", [
    ("apa", True), ("modern-language-association", True),
    ("chicago-author-date", False)])  # its macros test positions, for its notes
def test_cites_disambiguation_rendered_are_not_rendered_again(style, shares, monkeypatch):
    """A plain first cite of an item whose state disambiguation left as it last rendered it
    is that render; the corpus (with locators, affixes, several cites to a cluster and
    ambiguous names) comes out the same as when every cite is rendered again."""
    import json
    from golden_compare import GOLDEN
    items = json.loads((GOLDEN / "corpus" / "items.json").read_text())
    clusters = [[CiteItem.from_json(c) for c in cluster] for cluster in
                json.loads((GOLDEN / "corpus" / "cites.json").read_text())]
    rendered = []
    original = engine_module.Bibliography.cite

    def counting(self, citation, callback):
        rendered.append(citation)
        return original(self, citation, callback)
    monkeypatch.setattr(engine_module.Bibliography, "cite", counting, raising=False)
    shared = Engine(style, output_format="html").render(items, clusters).to_json()
    reused = len(clusters) - len(rendered)
    monkeypatch.setattr(Engine, "_probed_cites", lambda self, disambiguator, state: None)
    rendered.clear()
    assert Engine(style, output_format="html").render(items, clusters).to_json() == shared
    assert len(rendered) == len(clusters) and (reused > 0) == shares


# Expected: citeproc-js (../shared/oracle/oracle.js) on the same items and style.
def test_a_cite_left_ambiguous_is_rendered_in_its_final_state():
    """MLA's two works by Nall: disambiguate="true" holds for them once the steps end, after
    their last probe; their cites are rendered again, with the title, and Neva's is the probe."""
    nall = [{"family": "Nall", "given": "Rachel"}]
    items = [{"id": "a", "type": "article-journal", "author": nall,
              "title": "Rheumatoid arthritis and back pain",
              "container-title": "Medical News Today", "issued": {"date-parts": [[2018, 8, 31]]}},
             {"id": "b", "type": "article-journal", "author": nall,
              "title": "What to know about back pain",
              "container-title": "Medical News Today", "issued": {"date-parts": [[2019, 3, 1]]}},
             {**NEVA, "id": "c"}]
    assert Engine("modern-language-association").render(items).citations == [
        "(Nall, “Rheumatoid Arthritis and Back Pain”)",
        "(Nall, “What to Know about Back Pain”)", "(Neva et al.)"]
    # a first cite with a locator is not the probe, which had none
    clusters = [[CiteItem("c", locator="5", label="page")], [CiteItem("a")]]
    assert Engine("apa").render(items, clusters).citations == [
        "(Neva et al., 2011, p. 5)", "(Nall, 2018)"]


def test_a_first_cite_of_a_style_with_first_reference_note_number_is_rendered_again(tmp_path):
    """first-reference-note-number is empty on the item's first cite (citeproc-js) and the
    note's number after: the probe, rendered outside the document, printed the number."""
    style = tmp_path / "notes.csl"
    style.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">'
        '<info><id>t</id><title>t</title><updated>2026-11-26T00:00:00+00:00</updated></info>'
        '<citation disambiguate-add-year-suffix="true"><layout delimiter="; ">'
        '<names variable="author"><name form="short"/></names>'
        '<date variable="issued" prefix=" "><date-part name="year"/></date>'
        '<text variable="first-reference-note-number" prefix=", n. "/></layout></citation>'
        '</style>', encoding="utf-8")
    items = [{"id": "a", "type": "book", "author": [{"family": "Smith", "given": "John"}],
              "issued": {"date-parts": [[2001]]}},
             {"id": "b", "type": "book", "author": [{"family": "Jones", "given": "Ann"}],
              "issued": {"date-parts": [[2002]]}}]
    clusters = [[CiteItem("a")], [CiteItem("b")], [CiteItem("a")]]
    assert Engine(str(style)).render(items, clusters).citations == [
        "Smith 2001", "Jones 2002", "Smith 2001, n. 1"]


# Expected: citeproc-js (../shared/oracle/oracle.js) on the same items, style and clusters.
def test_cites_are_compared_without_the_accessed_date(tmp_path):
    """citeproc-js leaves the accessed date out of the cites it compares: two n.d. works of
    one author take year suffixes although their accessed dates differ (after the first
    year rendered, the accessed date's here); a cite alone shows its accessed date all the
    same (the probe it was compared by does not)."""
    style = tmp_path / "accessed.csl"
    style.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">'
        '<info><id>t</id><title>t</title><updated>2026-12-07T00:00:00+00:00</updated></info>'
        '<citation disambiguate-add-year-suffix="true"><layout prefix="(" suffix=")">'
        '<group delimiter=" "><names variable="author"><name/></names>'
        '<text term="no date" form="short"/></group>'
        '<group delimiter=" " prefix=" [" suffix="]"><text term="accessed" suffix=":"/>'
        '<date variable="accessed" form="text"/></group></layout></citation>'
        '</style>', encoding="utf-8")
    doe = [{"family": "Doe", "given": "John"}]
    items = [{"id": "a", "type": "book", "author": doe,
              "accessed": {"date-parts": [[1965, 6, 1]]}},
             {"id": "b", "type": "book", "author": doe,
              "accessed": {"date-parts": [[2065, 6, 1]]}}]
    assert Engine(str(style)).render(items, [[CiteItem("a")], [CiteItem("b")]]).citations == [
        "(John Doe n.d. [accessed: June 1, 1965a])",
        "(John Doe n.d. [accessed: June 1, 2065b])"]


_SMITH, _JONES = [{"family": "Smith", "given": "J"}], [{"family": "Jones", "given": "K"}]
TWO_BY_SMITH_ONE_BY_JONES = [
    {"id": "a", "type": "book", "title": "A", "author": _SMITH, "issued": {"date-parts": [[2000]]}},
    {"id": "b", "type": "book", "title": "B", "author": _SMITH, "issued": {"date-parts": [[2001]]}},
    {"id": "c", "type": "book", "title": "C", "author": _JONES, "issued": {"date-parts": [[1999]]}}]


# Expected: citeproc-js (../shared/oracle/oracle.js) on the same items, style and clusters.
def test_after_collapse_delimiter_as_citeproc_js():
    """A style that gives after-collapse-delimiter (Textual Cultures, collapse="year", no
    cite-group-delimiter): the collapsed cites of one author are joined by the layout's
    delimiter, not CSL's default ", "; the same after a cite with a locator."""
    items = TWO_BY_SMITH_ONE_BY_JONES
    clusters = [[CiteItem("a"), CiteItem("b"), CiteItem("c")],
                [CiteItem("a", locator="5"), CiteItem("b"), CiteItem("c")]]
    assert Engine("textual-cultures").render(items, clusters).citations == [
        "(Smith 2000; 2001; Jones 1999)", "(Smith 2000, 5; 2001; Jones 1999)"]


# Expected: citeproc-js (../shared/oracle/oracle.js) on the same items and style.
def test_a_macro_is_a_group_of_its_own_outside_a_group_too(tmp_path):
    """citeproc-js builds every macro call as a cs:group: a macro whose variables are all
    empty prints nothing, its text values included ("In " with no editor), even called
    from the layout itself or from another macro."""
    style = tmp_path / "macro.csl"
    style.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
        '<info><id>t</id><title>t</title><updated>2026-12-07T00:00:00+00:00</updated></info>'
        '<macro name="editors"><text value="In "/><names variable="editor"><name/></names>'
        '</macro><macro name="book"><text macro="editors"/></macro>'
        '<citation><layout delimiter="; "><text variable="title"/>'
        '<text macro="book" prefix=", "/></layout></citation></style>', encoding="utf-8")
    items = [{"id": "a", "type": "chapter", "title": "Alone"},
             {"id": "b", "type": "chapter", "title": "Edited",
              "editor": [{"family": "Doe", "given": "Jane"}]}]
    assert Engine(str(style)).render(items, [[CiteItem("a")], [CiteItem("b")]]).citations == [
        "Alone", "Edited, In Jane Doe"]


# Expected: citeproc-js (../shared/oracle/oracle.js) on the same items, style and locales.
@pytest.mark.parametrize("locale, expected", [
    ("ja-JP", ["John SmithとAnn Jones", "John Smith, Ann JonesとTom Brown"]),
    ("he-IL", ["John SmithוAnn Jones", "John Smith, Ann JonesוTom Brown"]),
    ("en-US", ["John Smith and Ann Jones", "John Smith, Ann Jones, and Tom Brown"])])
def test_an_and_term_outside_latin_like_scripts_takes_no_spaces(locale, expected, tmp_path):
    """citeproc-js puts spaces around the "and" term only when it starts with a letter of a
    script written with them (Latin, Greek, Cyrillic, Hebrew but its prefix "ו" ...)."""
    style = tmp_path / "and.csl"
    style.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
        '<info><id>t</id><title>t</title><updated>2026-12-07T00:00:00+00:00</updated></info>'
        '<citation><layout delimiter="; "><names variable="author"><name and="text"/>'
        '</names></layout></citation></style>', encoding="utf-8")
    smith, jones = {"family": "Smith", "given": "John"}, {"family": "Jones", "given": "Ann"}
    items = [{"id": "a", "type": "book", "author": [smith, jones]},
             {"id": "b", "type": "book",
              "author": [smith, jones, {"family": "Brown", "given": "Tom"}]}]
    clusters = [[CiteItem("a")], [CiteItem("b")]]
    assert Engine(str(style), locale=locale).render(items, clusters).citations == expected


# Expected: citeproc-js (../shared/oracle/oracle.js) on the same item and cite.
def test_quotes_in_a_locator_are_curled_and_take_the_period_in():
    """A sub-verbo locator in quotes (Chicago notes): the quotes are curled as the items'
    are, and punctuation-in-quote moves the note's period inside."""
    item = {"id": "a", "type": "book", "title": "Dictionary of Gargoyles",
            "author": [{"family": "Davis", "given": "Jennifer"}],
            "publisher": "Penn State Press", "publisher-place": "University Park",
            "issued": {"date-parts": [[2004]]}}
    cite = CiteItem("a", locator='"gargoyle"', label="sub-verbo")
    assert Engine("chicago-notes-bibliography").render([item], [[cite]]).citations == [
        "Jennifer Davis, Dictionary of Gargoyles (Penn State Press, 2004), under “gargoyle.”"]


# Expected: citeproc-js (../shared/oracle/oracle.js) on the same items, style and clusters.
def test_cites_of_one_author_are_brought_together_only_where_the_citation_sorts():
    """Chicago author-date collapses years but does not sort its cites: citeproc-js groups
    only the cites of one author next to each other, in the order the writer gave."""
    items = TWO_BY_SMITH_ONE_BY_JONES
    clusters = [[CiteItem("a"), CiteItem("c"), CiteItem("b")],
                [CiteItem("a"), CiteItem("b"), CiteItem("c")]]
    assert Engine("chicago-author-date").render(items, clusters).citations == [
        "(Smith 2000; Jones 1999; Smith 2001)", "(Smith 2000, 2001; Jones 1999)"]


# Expected: citeproc-js (../shared/oracle/oracle.js) on the same items and cluster.
def test_names_added_that_split_an_ambiguous_group_are_kept():
    """Four "Smith et al. 1986": three names tell the three-author works from the
    four-author ones without telling either pair apart; APA keeps them, and year suffixes
    then tell each pair apart (the suffixes follow APA's bibliography order, by title)."""
    three = [{"family": "Smith", "given": "Ann"}, {"family": "Jones", "given": "Bo"},
             {"family": "Brown", "given": "Cy"}]
    four = three + [{"family": "Green", "given": "Di"}]
    items = [{"id": key, "type": "book", "title": title, "author": authors,
              "issued": {"date-parts": [[1986]]}}
             for key, title, authors in [("a", "One", three), ("b", "Two", three),
                                         ("c", "Three", four), ("d", "Four", four)]]
    assert Engine("apa").render(items, [[CiteItem(k) for k in "abcd"]]).citations == [
        "(Smith, Jones, & Brown, 1986a, 1986b; Smith, Jones, Brown, et al., 1986b, 1986a)"]


def test_a_cite_in_a_style_with_positions_is_rendered_again():
    """Chicago's notes shorten a subsequent cite: the probe, a first cite, is not it."""
    engine = Engine("chicago-notes-bibliography")
    assert engine._position_dependent and not Engine("apa")._position_dependent
    clusters = [[CiteItem("neva2011")], [CiteItem("neva2011")]]
    first, later = engine.render([NEVA], clusters).citations
    assert len(later) < len(first)


def test_sort_renders_a_later_key_only_for_items_the_earlier_keys_left_tied(monkeypatch):
    """APA sorts by author, then date, then title: three different authors need the first key
    only; two works of one author need the later keys for those two alone."""
    rendered = []
    original = elements.Key.sort_keys

    def counting(self, items, context):
        rendered.append((self.get("macro") or self.get("variable"), len(items)))
        return original(self, items, context)

    monkeypatch.setattr(elements.Key, "sort_keys", counting)
    items = [{"id": f"k{n}", "type": "book", "title": f"Title {n}",
              "author": [{"family": family, "given": "A."}],
              "issued": {"date-parts": [[2000 + n]]}}
             for n, family in enumerate(["Young", "Adams", "Adams", "Moore"])]
    result = Engine("apa").render(items)
    assert result.bibliography_ids == ["k1", "k2", "k3", "k0"]
    first, *later = rendered
    assert first[1] == 4  # the author key, for every item
    assert later and all(count == 2 for _, count in later)  # the two by Adams, only


_STATE_READ_LATER = ("cite_terms", "suppressed", "names_label", "entry_names_done",
                     "substituted_by_names", "year_suffix_pending", "year_suffix_done",
                     "names_done", "author", "tracking", "previous_names", "captured",
                     "failures")


def _state_copy(state, note: bool):
    """What the render state and the item's scratch hold that is read later (the terms a
    cite rendered: only by note styles)."""
    names = _STATE_READ_LATER if note else _STATE_READ_LATER[1:]
    values = ((n, getattr(state.item if hasattr(state.item, n) else state, n)) for n in names)
    return {name: dict(value) if isinstance(value, dict) else (
        type(value)(value) if isinstance(value, (set, list)) else value)
        for name, value in values}


@pytest.mark.parametrize("style", ["apa", "modern-language-association", "chicago-author-date",
                                   "harvard-cite-them-right", "ieee",
                                   "chicago-notes-bibliography"])
def test_an_element_not_walked_for_an_item_renders_nothing_when_walked(style, monkeypatch):
    """Groups and macros the style says render nothing for an item without their variables
    are not walked for such an item (elements.groups._renders_nothing). On the corpus with its
    clusters, each one is walked anyway: it renders nothing and changes nothing in the render
    state, and the render is the one without the shortcut."""
    import json
    from citeproc.source import VariableError
    from golden_compare import GOLDEN
    items = json.loads((GOLDEN / "corpus" / "items.json").read_text())
    clusters = [[CiteItem.from_json(c) for c in cluster] for cluster in
                json.loads((GOLDEN / "corpus" / "cites.json").read_text())]
    shortened = Engine(style, output_format="html").render(items, clusters, jobs=1).to_json()

    decide = elements.groups._renders_nothing
    for module in (elements.groups, elements.text, elements.layout):  # where it is called
        if hasattr(module, "_renders_nothing"):
            monkeypatch.setattr(module, "_renders_nothing", lambda element, item: False)
    checked = []

    def walked_anyway(cls, name, rendered_nothing):
        original = getattr(cls, name)

        def method(self, item, *args, **kwargs):
            if not decide(self, item):
                return original(self, item, *args, **kwargs)
            state = state_of(self)
            note = self.get_root().get("class") == "note"
            before = _state_copy(state, note)
            try:
                result = original(self, item, *args, **kwargs)
            except VariableError:
                result = None
            assert rendered_nothing(result), (self.getroottree().getpath(self), item.key)
            assert _state_copy(state, note) == before
            checked.append(self)
            if result is None:
                raise VariableError
            return result
        monkeypatch.setattr(cls, name, method)

    walked_anyway(elements.Group, "process", lambda result: result is None)
    walked_anyway(elements.Text, "process", lambda result: result is None or not result[0])
    walked = Engine(style, output_format="html").render(items, clusters, jobs=1).to_json()
    assert len(checked) > 100
    assert walked == shortened


def _empty_of(tmp_path, layout: str, macros: str = "", kind: str = "book"):
    """elements.groups._empty of the first element of a citation layout in a small style, for an
    item of type ``kind``."""
    path = tmp_path / "style.csl"
    path.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="in-text">'
        '<info><id>t</id><title>t</title><updated>2026-11-26T00:00:00+00:00</updated></info>'
        f'{macros}<citation><layout>{layout}</layout></citation></style>', encoding="utf-8")
    root = CslStyle(path).root
    element = root.find("cs:citation/cs:layout/*", {"cs": elements.CSL_NAMESPACE})
    return elements.groups._empty(element, kind)


@pytest.mark.parametrize("layout, keys", [
    # a term and a label go with the variable they stand beside (CSL 1.0.2 group suppression)
    ('<group delimiter=" "><text term="edition"/><label variable="volume"/>'
     '<number variable="edition"/></group>', {"edition", "volume"}),
    ('<group><choose><if is-numeric="edition"><text term="edition"/></if>'
     '<else><text value="ed."/></else></choose><text variable="edition"/></group>',
     {"edition", "edition_short"}),
    ('<group><names variable="editor translator"><substitute><text variable="title"/>'
     '</substitute></names></group>', {"editor", "translator", "title", "title_short"}),
    ('<group><text variable="page-first-ish"/></group>',
     {"page_first_ish", "page_first_ish_short", "page"}),  # citeproc-py reads "page"
])
def test_a_group_that_renders_nothing_without_its_variables(layout, keys, tmp_path):
    empty = _empty_of(tmp_path, layout)
    assert empty is not None and not empty.text and empty.keys == keys


@pytest.mark.parametrize("layout", [
    '<group><text term="edition"/></group>',  # calls no variable: the term prints
    '<group><text variable="locator"/><text value="x"/></group>',  # the cite's, not data
    '<group><text variable="year-suffix"/><text value="x"/></group>',
    '<group><date variable="issued" form="no-such-form"/></group>',  # the walk fails on it
    # cs:choose renders a child that is no branch as a branch
    '<group><choose><text value="x"/><if variable="title"/></choose>'
    '<text variable="title"/></group>',
    # a substitute that stands in with a term changes the item's state
    '<group><names variable="editor"><substitute><text term="anonymous"/></substitute>'
    '</names></group>',
    # a group in a branch taken is content: the group prints its term
    '<group><choose><if variable="title"><group><text variable="title"/></group></if>'
    '<else><text value="x"/></else></choose><text variable="edition"/></group>',
])
def test_an_element_that_may_render_without_its_variables_is_walked(layout, tmp_path):
    empty = _empty_of(tmp_path, layout)
    assert empty is None or empty.text


_BY_TYPE = ('<group><choose><if type="book"><text variable="publisher"/></if>'
            '<else-if match="any" type="interview" variable="interviewer">'
            '<text variable="medium"/></else-if>'
            '<else-if match="none" type="chapter"><text variable="genre"/></else-if>'
            '<else><text variable="container-title"/></else></choose>'
            '<text term="in"/></group>')


@pytest.mark.parametrize("kind, keys", [
    ("book", {"publisher"}),  # the first branch surely: the others are never reached
    ("interview", {"medium"}),  # the type is enough for match="any"
    ("chapter", {"medium", "container_title"}),  # match="none" of its type: never
    ("report", {"medium", "genre"}),  # with an interviewer, or else surely the third
])
def test_only_the_branches_an_item_of_the_type_may_take_count(kind, keys, tmp_path):
    empty = _empty_of(tmp_path, _BY_TYPE, kind=kind)
    assert empty is not None and not empty.text
    assert empty.keys == {key for k in keys for key in (k, k + "_short")}


def test_a_recursive_macro_is_refused_when_the_style_loads(tmp_path):
    # (it could only ever render without end: issue 18; tests/test_hostile_bounds.py)
    macros = ('<macro name="a"><group><text macro="b"/></group></macro>'
              '<macro name="b"><text macro="a"/></macro>')
    with pytest.raises(StyleError, match=r"style\.csl:1: macro 'a' calls itself "
                                         r"\(a -> b -> a\), which would never end"):
        _empty_of(tmp_path, '<text macro="a"/>', macros)
