"""BibTeX/biblatex -> CSL-JSON, against pandoc's biblatex reader and by rule."""
from __future__ import annotations

import json
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from golden_compare import GOLDEN
from rabp_refs import bibtex, csl_data, latex
from rabp_refs.diagnostics import Severity

MAPPING = GOLDEN / "mapping"


def _map(text: str):
    return csl_data.to_csl(bibtex.parse(text, file="t.bib"))


def _one(text: str) -> dict:
    mapped = _map(text)
    assert len(mapped.items) == 1
    return mapped.items[0]


def _pandoc_differences(bib_path, pandoc_path) -> set[str]:
    ours = {i["id"]: i for i in csl_data.to_csl(bibtex.read_file(bib_path)).items}
    theirs = {i["id"]: i for i in json.loads(pandoc_path.read_text())}
    assert set(ours) == set(theirs)
    found = set()
    for item_id, expected in theirs.items():
        mine = ours[item_id]
        for key in set(expected) | set(mine):
            if expected.get(key) != mine.get(key):
                found.add(f"{item_id}.{key}")
    return found


def _listed(found: set[str], known: dict) -> tuple[set, set]:
    def listed(key):
        return key in known or f"*.{key.split('.', 1)[1]}" in known
    unexplained = {k for k in found if not listed(k)}
    gone = {k for k in known if not k.startswith("*.") and k not in found}
    return unexplained, gone


def test_mapping_cases_match_pandoc_or_a_listed_difference():
    known = json.loads((MAPPING / "known-differences.json").read_text())
    found = _pandoc_differences(MAPPING / "mapping.bib", MAPPING / "pandoc-biblatex.json")
    unexplained, gone = _listed(found, known)
    assert not unexplained, "differences from pandoc not in known-differences.json"
    assert not gone, "now identical to pandoc: remove from known-differences.json"


def test_article_bibliography_matches_pandoc_or_a_listed_difference():
    known = json.loads((MAPPING / "known-differences.json").read_text())
    known = {**known, "gillick2015.number":
             "eid (article number) -> CSL number; pandoc has no mapping for eid"}
    found = _pandoc_differences(GOLDEN.parent.parent / "references.bib",
                                GOLDEN / "article" / "pandoc-biblatex.json")
    unexplained, _ = _listed(found, known)
    assert not unexplained


# --- names ---------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("Nall, Rachel", {"family": "Nall", "given": "Rachel"}),
    ("Rachel Nall", {"family": "Nall", "given": "Rachel"}),
    ("van Dijk, Jan", {"family": "Dijk", "given": "Jan", "dropping-particle": "van"}),
    ("Ludwig van Beethoven", {"family": "Beethoven", "given": "Ludwig",
                              "dropping-particle": "van"}),
    ("King, Jr., Martin Luther", {"family": "King", "given": "Martin Luther", "suffix": "Jr."}),
    ("{World Health Organization}", {"literal": "World Health Organization"}),
    ("Smith, J.G.", {"family": "Smith", "given": "J. G."}),
    ("H{\\\"a}kkinen, A.", {"family": "Häkkinen", "given": "A."}),
    ("{\\'E}mile Zola", {"family": "Zola", "given": "Émile"}),
    ("d'Orsay, Marie", {"family": "Orsay", "given": "Marie", "non-dropping-particle": "d’"}),
    ("family=Dijk, given=Jan, prefix=van, useprefix=true",
     {"family": "Dijk", "given": "Jan", "non-dropping-particle": "van"}),
    ("{Barnes and Noble}", {"literal": "Barnes and Noble"}),
])
def test_name_parsing(raw, expected):
    assert csl_data.parse_name(raw) == expected


def test_a_name_read_again_is_the_same_name_and_a_name_of_its_own():
    """Names read before come from a cache: each item still gets its own name to change."""
    first = _one("@book{a, author={van Dijk, Jan}, title={T}}")["author"][0]
    first["family"] = "changed by the caller"
    second = _one("@book{b, author={van Dijk, Jan}, title={U}}")["author"][0]
    assert second == {"family": "Dijk", "given": "Jan", "dropping-particle": "van"}
    # the option is part of what is read: the same text with useprefix differs
    item = _one("@book{c, author={van Dijk, Jan}, options={useprefix=true}, title={V}}")
    assert item["author"][0]["non-dropping-particle"] == "van"


def test_useprefix_option_makes_the_particle_non_dropping():
    item = _one("@book{a, author={van Dijk, Jan}, options={useprefix=true}, title={T}}")
    assert item["author"] == [{"family": "Dijk", "given": "Jan", "non-dropping-particle": "van"}]


def test_name_list_splits_on_and_outside_braces_and_drops_others():
    names = csl_data.parse_names("Smith, A. and {Barnes and Noble} AND Doe, J. and others")
    assert names == [{"family": "Smith", "given": "A."}, {"literal": "Barnes and Noble"},
                     {"family": "Doe", "given": "J."}]


# --- LaTeX and case ------------------------------------------------------------------------

@pytest.mark.parametrize("raw, text", [
    ("H{\\\"a}kkinen", "Häkkinen"),
    ("Isom\\\"{a}ki", "Isomäki"),
    ("\\c{C}a\\u{g}r{\\i}", "Çağrı"),
    ("{\\O}stergaard and \\ss{} and \\aa", "Østergaard and ß and å"),
    ("367--374 and 1990---2000", "367–374 and 1990—2000"),
    ("``quoted'' and `single'", "“quoted” and ‘single’"),
    ("50\\% \\& more~text", "50% & more\u00a0text"),
    ("\\emph{Homo sapiens}", "Homo sapiens"),
    ("  spaces\n  folded  ", "spaces folded"),
    ("$\\alpha$-helix", "α-helix"),
])
def test_latex_decoding(raw, text):
    assert latex.decode_text(raw) == text


def test_unknown_latex_command_keeps_its_text_and_is_reported():
    mapped = _map("@article{a, title={The \\foo{Bar} Effect}, journal={J}, year=2000}")
    assert mapped.items[0]["title"] == "The bar effect"
    codes = [(d.code, d.field) for d in mapped.diagnostics]
    assert ("RB203", "title") in codes


@pytest.mark.parametrize("raw, expected", [
    ("Lumbar Spine Surgery in Patients with Rheumatoid Arthritis ({RA}): What Affects the "
     "Outcomes?", "Lumbar spine surgery in patients with rheumatoid arthritis (RA): What affects "
     "the outcomes?"),
    ("Back Pain", "Back pain"),
    ("the {iPhone} and {MRI} Scans", 'The <span class="nocase">iPhone</span> and MRI scans'),
    ("Vitamin A and I", "Vitamin A and I"),
    ("Effects of \\emph{Staphylococcus Aureus}", "Effects of <i>staphylococcus aureus</i>"),
    ("A {Dutch} Study", "A Dutch study"),
])
def test_english_titles_become_sentence_case(raw, expected):
    item = _one(f"@article{{a, title={{{raw}}}, journal={{J}}, year=2000}}")
    assert item["title"] == expected


def test_non_english_titles_keep_their_case():
    item = _one("@book{a, title={Die Wirbels{\\\"a}ule Bei Rheuma}, langid={german}, year=2001}")
    assert item["title"] == "Die Wirbelsäule Bei Rheuma"
    assert item["language"] == "de-DE"


def test_journal_titles_are_not_sentence_cased():
    item = _one("@article{a, title={T}, journal={The Spine Journal}, year=2018}")
    assert item["container-title"] == "The Spine Journal"


# --- types, fields, dates --------------------------------------------------------------------

@pytest.mark.parametrize("entry_type, csl_type", [
    ("article", "article-journal"), ("book", "book"), ("incollection", "chapter"),
    ("inproceedings", "paper-conference"), ("techreport", "report"), ("phdthesis", "thesis"),
    ("online", "webpage"), ("www", "webpage"), ("dataset", "dataset"), ("software", "software"),
    ("unpublished", "manuscript"), ("misc", "document"),
])
def test_entry_types(entry_type, csl_type):
    assert _one(f"@{entry_type}{{a, title={{T}}}}")["type"] == csl_type


def test_misc_with_url_is_a_webpage():
    assert _one("@misc{a, title={T}, url={https://x.org}}")["type"] == "webpage"


def test_unknown_type_maps_to_document_and_is_reported():
    mapped = _map("@gadget{a, title={T}}")
    assert mapped.items[0]["type"] == "document"
    assert [d.code for d in mapped.diagnostics] == ["RB201"]
    assert mapped.diagnostics[0].severity == Severity.WARNING
    assert mapped.diagnostics[0].line == 1


def test_unknown_field_is_reported_not_mapped():
    mapped = _map("@book{a,\n title={T},\n shoesize={42}}")
    assert "shoesize" not in json.dumps(mapped.items)
    d = mapped.diagnostics[0]
    assert (d.code, d.key, d.field, d.line) == ("RB202", "a", "shoesize", 3)


def test_article_fields():
    item = _one("""@article{neva2011, author={Neva, M. H.}, title={T}, journal={Rheumatology},
      volume={50}, number={9}, pages={1635--1639}, date={2011-09-01},
      doi={10.1093/rheumatology/ker173}, urldate={2019-09-06}, url={https://x.org/a}}""")
    assert item["volume"] == "50" and item["issue"] == "9" and item["page"] == "1635–1639"
    assert item["issued"] == {"date-parts": [[2011, 9, 1]]}
    assert item["accessed"] == {"date-parts": [[2019, 9, 6]]}
    assert item["DOI"] == "10.1093/rheumatology/ker173" and item["URL"] == "https://x.org/a"


def test_book_number_is_the_collection_number_and_address_the_place():
    item = _one("@book{a, title={T}, series={S}, number={7}, address={Berlin}, publisher={P}}")
    assert item["collection-number"] == "7" and item["collection-title"] == "S"
    assert item["publisher-place"] == "Berlin" and item["publisher"] == "P"


@pytest.mark.parametrize("fields, issued", [
    ("year = 2018, month = aug", {"date-parts": [[2018, 8]]}),
    ("year = {2018}, month = {August}, day = {31}", {"date-parts": [[2018, 8, 31]]}),
    ("year = {2018}, month = {8}", {"date-parts": [[2018, 8]]}),
    ("date = {2018-08}", {"date-parts": [[2018, 8]]}),
    ("date = {1999/2019}", {"date-parts": [[1999], [2019]]}),
    ("date = {2018~}", {"date-parts": [[2018]], "circa": True}),
    ("year = {forthcoming}", {"literal": "forthcoming"}),
])
def test_dates(fields, issued):
    assert _one(f"@book{{a, title={{T}}, {fields}}}")["issued"] == issued


def test_a_date_that_is_not_iso_is_kept_literally_and_reported():
    mapped = _map("@book{a, title={T}, date={31 August 2018}}")
    assert mapped.items[0]["issued"] == {"literal": "31 August 2018"}
    assert mapped.diagnostics[0].code == "RB204"


def test_string_macros_and_concatenation():
    item = _one('@string{spj = "The Spine"}\n@article{a, title={T}, journal = spj # " Journal"}')
    assert item["container-title"] == "The Spine Journal"


def test_crossref_fills_missing_fields_from_the_parent():
    mapped = _map("@book{p, title={Collected Papers}, publisher={Elsevier}, year={2005}}\n"
                  "@inbook{c, title={Chapter}, crossref={p}, pages={1--20}}")
    child = mapped.items[1]
    assert child["container-title"] == "Collected papers"
    assert child["publisher"] == "Elsevier" and child["issued"] == {"date-parts": [[2005]]}


# Values without commands, braces or ligatures skip the decoder (speed, issue 6); what they
# read as must be what the decoder reads, character for character.
_plain_piece = st.sampled_from([" ", "  ", "\t", "\n", "\u00a0", "'", "-", "a", "B", "é", ".",
                                ":", "x-y", "O'Neil", "1", "?"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_plain_piece, st.text(max_size=4)), max_size=20).map("".join))
def test_values_without_commands_decode_as_the_decoder_reads_them(value):
    fast = latex.decode(value)
    assert fast == latex._decode_commands(value)


def _split_by_scanning(value, separator):
    """The definition of splitting outside braces, one character at a time (a closing brace
    with no group open closes nothing, as the decoder and bibtexparser read it)."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(value):
        ch = value[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            m = separator.match(value, i)
            if m and m.end() > i:
                parts.append(value[start:i])
                start = i = m.end()
                continue
        i += 1
    parts.append(value[start:])
    return parts


_name_piece = st.sampled_from([" and ", "and", " ", "~", ",", "{", "}", "\\", "\\'", "{\\'e}",
                               "Doe", "{Acme and Co}", "\n", "\t"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_name_piece, st.text(max_size=3)), max_size=20).map("".join),
       st.sampled_from([csl_data._AND, csl_data._COMMA, csl_data._SPACES]))
def test_splitting_names_outside_braces(value, separator):
    assert csl_data.split_top_level(value, separator) == _split_by_scanning(value, separator)


_accent_piece = st.sampled_from(["{\\\"a}", "\\\"{a}", "\\'e", "\\'{E}", "{\\`o}", "\\^\\i",
                                 "{\\'\\i}", "\\~n", "\\=a", "\\.z", "\\", "{", "}", "\\\\",
                                 "\\{", "\\}", "$", "\\emph{", "\\' e", "\\v{c}", "{\\\"a b}",
                                 "\\url{", "a", "B", " ", "-", "--", "'", "~", "é",
                                 "{\\c{c}}", "\\c{c}", "{\\o}", "\\o", "{\\ss}", "{\\i}",
                                 "\\'{\\i}", "{\\'\\i}", "\\'\\i", "{\\c{\\i}}", "{\\t{o}}",
                                 "\\oe", "{\\oe}", "\\i", "i", "o"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.one_of(_accent_piece, st.text(max_size=2)), max_size=16).map("".join))
@example("{\\v{c}")  # an accent straight after "{" opens a special-character group
@example("S{\\o}ren Gar{\\'\\i}a Fran{\\c{c}}ois {\\\"a} \\\"{o}")
def test_simple_accents_decode_as_the_decoder_reads_them(value):
    assert latex.decode(value) == latex._decode_commands(value)


# Names have their special characters composed before they are split (speed, issue 6): the
# name must come out as it does when they are left for the decoder.
@settings(max_examples=1000, deadline=None)
@given(st.lists(st.one_of(_accent_piece, _name_piece, st.sampled_from([", ", "van ", "Jr"]),
                          st.text(max_size=2)), max_size=12).map("".join),
       st.booleans())
@example("Isom{\\\"a}ki, J{\\\"o}rg", False)
@example("{\\\"A}", False)  # a name that is one brace group stays a literal
@example("de la {\\'E}cole, \\'{E}mile", True)
@example("}{\\\"a}{Acme and Co}", False)  # braces that do not nest (found by this test)
def test_names_read_the_same_with_special_characters_composed_first(raw, useprefix):
    composed = csl_data.parse_name(raw, useprefix)
    original = latex.compose_special_characters
    try:
        latex.compose_special_characters = lambda value: value
        assert csl_data.parse_name(raw, useprefix) == composed
    finally:
        latex.compose_special_characters = original


# Big files are mapped in forked processes (speed, issue 6): same items, same diagnostics,
# in the same order, whatever the number of processes.
def test_mapping_in_processes_gives_the_sequential_result():
    corpus = bibtex.read_file(GOLDEN / "corpus" / "generated.bib")
    # a crossref whose parent is in another process's slice
    extra = bibtex.parse("@book{parent, title={Parent Book}, publisher={P}, year=2001, "
                         "foo={unknown field}}\n" + "\n".join(
                             f"@incollection{{c{i}, title={{C{i}}}, crossref={{parent}}, "
                             f"date={{2018-02-3{i}}}}}" for i in range(6)), file="x.bib")
    assert csl_data.to_csl(extra, jobs=1).diagnostics
    for bib in (corpus, extra):
        sequential = csl_data.to_csl(bib, jobs=1)
        for jobs in (2, 3):
            parallel = csl_data.to_csl(bib, jobs=jobs)
            assert parallel.items == sequential.items
            assert parallel.diagnostics == sequential.diagnostics
    assert csl_data.to_csl(extra, jobs=3).items[-1]["publisher"] == "P"


def _sentence_case_word_by_word(runs):
    """The definition of sentence_case, one word and one state at a time."""
    out, state = [], "start"

    def advance(state, between):
        for ch in between:
            if ch in ".:?!" and state != "start":
                state = "stop"  # a sentence ends at the white space after it
            elif ch.isspace() and state == "stop":
                state = "after-stop"
            elif ch.isdigit() or (ch in ",;" and state in ("stop", "after-stop")):
                state = "mid"
        return state

    previous, since = "", ""  # the last word, and the text after it

    for run in runs:
        pieces, pos = [], 0
        for m in re.finditer(r"[^\W\d_]+", run.text):
            state = advance(state, run.text[pos:m.start()])
            since += run.text[pos:m.start()]
            abbreviation = since.strip() == "." and previous.lower() in latex.ABBREVIATIONS
            word = m.group()
            if not run.protected:
                if state in ("mid", "stop") and len(word) > 1 and word[0].isupper() and word[1:].islower():
                    word = word.lower()
                elif state == "start" and (word.islower() or (
                        word[0].isupper() and (len(word) == 1 or word[1:].islower()))):
                    word = word[0].upper() + word[1:]
                elif state == "after-stop" and word.islower() and not abbreviation:
                    word = word[0].upper() + word[1:]
            pieces += [run.text[pos:m.start()], word]
            state, pos, previous, since = "mid", m.end(), word, ""
        state = advance(state, run.text[pos:])
        since += run.text[pos:]
        out.append(latex.Run("".join(pieces) + run.text[pos:], run.protected, run.fmt))
    return out


_title_piece = st.sampled_from(["The", "Back", "pain", "MRI", "iPhone", "A", "I", "a", " ", "  ",
                                ": ", ". ", "? ", "! ", "1", "2.", ".,", ".", " 3: ", "-", "’s", "'", "É",
                                "élan", "Ärger", "ǅa", "x.y", "...", "\n", "—", "vs", "e.g. the",
                                "Vs. "])
_title_runs = st.lists(st.builds(
    latex.Run, st.lists(st.one_of(_title_piece, st.text(max_size=3)), max_size=8).map("".join),
    st.booleans(), st.sampled_from([frozenset(), frozenset({"i"})])), max_size=5)


@settings(max_examples=1000, deadline=None)
@given(_title_runs)
@example([latex.Run("Back Pain: A Review. 2. The Spine")])
@example([latex.Run("Back"), latex.Run("{MRI}", True), latex.Run(". Pain And More")])
def test_sentence_case_follows_its_definition(runs):
    assert latex.sentence_case(runs) == _sentence_case_word_by_word(runs)
