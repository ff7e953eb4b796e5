"""`rabp-refs convert`, the RIS reader and writer, and the BibTeX/biblatex writer.

The round trips are the test: BibTeX -> CSL -> BibTeX -> CSL gives the same items (biblatex on
every record of the project's corpora and 2,000 generated ones; classic BibTeX loses only the
types it has no entry type for), and CSL -> RIS -> CSL keeps every field RIS has a tag for.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from rabp_refs import bibtex_write, ris, sources
from rabp_refs.cli import main

ROOT = Path(__file__).resolve().parent.parent
BIB = ROOT / "references.bib"
sys.path.insert(0, str(ROOT / "bench"))
import gen_bib  # noqa: E402

CORPORA = {
    "references.bib": lambda: sources.load(BIB).items,
    "corpus/generated.bib": lambda: sources.load(ROOT / "tests/golden/corpus/generated.bib").items,
    "generated-2000": lambda: sources.load_text(gen_bib.generate(2000), "gen.bib").items,
}


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def _differences(before: list[dict], after: list[dict]) -> dict:
    theirs = {i["id"]: i for i in after}
    out = {}
    for item in before:
        other = theirs.get(item["id"], {})
        diff = {k: (item.get(k), other.get(k)) for k in set(item) | set(other)
                if item.get(k) != other.get(k)}
        if diff:
            out[item["id"]] = diff
    return out


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_biblatex_round_trip_keeps_every_item(corpus):
    items = CORPORA[corpus]()
    back = sources.load_text(bibtex_write.to_bibtex(items, "biblatex"), "back.bib")
    assert not back.errors
    assert _differences(items, back.items) == {}


def test_classic_bibtex_loses_only_the_types_it_has_not():
    items = sources.load(BIB).items
    back = sources.load_text(bibtex_write.to_bibtex(items, "bibtex"), "back.bib").items
    diffs = _differences(items, back)
    # @misc without a URL reads as a CSL document: the article's four web pages have none
    assert diffs == {key: {"type": ("webpage", "document")} for key in
                     ("arthritisback1", "arthritisback2", "backpain2017",
                      "rheumatoidarthritis")}


def test_bibtex_writer_escapes_and_protects():
    item = {"id": "k 1", "type": "article-journal",
            "title": "The <i>in vivo</i> effect of NSAIDs: 50% & more",
            "author": [{"family": "Dijk", "given": "Jan", "non-dropping-particle": "van"},
                       {"literal": "Smith & Sons"}],
            "container-title": "Journal_of {Things}", "page": "1-9",
            "issued": {"date-parts": [[2020, 5]]}}
    text = bibtex_write.to_bibtex([item], "bibtex")
    assert text.startswith("@article{k-1,\n")
    assert "title   = {The \\textit{in vivo} effect of {NSAIDs:} 50\\% \\& more}" in text
    assert "author  = {van Dijk, Jan and {Smith \\& Sons}}" in text
    assert "journal = {Journal\\_of \\{Things\\}}" in text
    assert "pages   = {1--9}" in text and "month   = may," in text
    assert "options = {useprefix=true}" in text


# --- RIS -----------------------------------------------------------------------------------

def test_ris_round_trip_keeps_what_ris_has_tags_for():
    items = sources.load(BIB).items
    back = sources.load_text(ris.to_ris(items), "back.ris")
    assert back.diagnostics == []
    assert _differences(items, back.items) == {}


def test_ris_reader_reads_what_other_programs_write():
    text = ("\ufeffTY  - JOUR\r\nA1  - Neva, Marko H.\r\nAU  - Sokka, T., Jr.\r\n"
            "T1  - Chronic back pain\r\nJO  - Rheumatology\r\nVL  - 50\r\nIS  - 9\r\n"
            "SP  - 1635\r\nEP  - 1639\r\nPY  - 2011///\r\nAB  - First line\r\n"
            "continued here\r\nKW  - pain\r\nKW  - spine\r\nER  - \r\n\r\n"
            "TY  - BOOK\r\nAU  - Neva, M.\r\nTI  - Another\r\nPY  - 2011\r\nER  -\r\n")
    loaded = sources.load_text(text, "x.ris")
    assert loaded.diagnostics == []
    first, second = loaded.items
    assert first == {
        "type": "article-journal", "id": "neva2011",
        "author": [{"family": "Neva", "given": "Marko H."},
                   {"family": "Sokka", "given": "T.", "suffix": "Jr."}],
        "title": "Chronic back pain", "container-title": "Rheumatology", "volume": "50",
        "issue": "9", "page": "1635–1639", "issued": {"date-parts": [[2011]]},
        "abstract": "First line continued here", "keyword": "pain, spine"}
    assert second["id"] == "neva2011a" and second["type"] == "book"


def test_ris_problems_are_located():
    loaded = sources.load_text("AU  - Nall, R.\nTY  - XYZ\nTI  - T\nZZ  - ?\n", "bad.ris")
    found = [(d.code, d.line, d.message) for d in loaded.diagnostics]
    assert found == [
        ("RB007", 1, "AU before any TY (the start of a record)"),
        ("RB007", 2, "the last record has no ER (its end)"),
        ("RB007", 2, "unknown RIS type 'XYZ'; read as a document"),
        ("RB007", 4, "tag ZZ is not read")]
    assert loaded.items[0]["type"] == "document"


def test_a_file_with_no_ris_record_is_an_error(tmp_path):
    bad = tmp_path / "bad.ris"
    bad.write_text("just text\n")
    result = run("render", str(bad))
    assert result.exit_code == 2 and "RB007 error no RIS record" in result.stderr


# --- the command ---------------------------------------------------------------------------

def test_bibtex_to_bibtex_is_a_byte_for_byte_copy(tmp_path):
    odd = tmp_path / "odd.bib"
    data = ("% a comment\r\n@string{j = {J}}\r\n@article{a,\r\n  Zeta = {kept},"
            "  title={T},journal=j, year = 2001}\r\n% caf\u00e9\r\n").encode("utf-8")
    odd.write_bytes(data)
    out = tmp_path / "out.bib"
    result = run("convert", str(odd), "--to", "bibtex", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == data
    normalised = run("convert", str(odd), "--to", "biblatex", "--normalise").stdout
    assert normalised.startswith("@article{a,\n  title        = {T},\n")


@pytest.mark.parametrize("target", ["csl-json", "csl-yaml", "ris", "biblatex"])
def test_every_target_reads_back_to_the_same_items(tmp_path, target):
    out = tmp_path / f"out.{target}"
    assert run("convert", str(BIB), "--to", target, "-o", str(out)).exit_code == 0
    original = sources.load(BIB).items
    if target == "csl-yaml":
        text = out.read_text(encoding="utf-8")
        assert text.startswith("---\nreferences:\n")
        back = yaml.safe_load(text)["references"]
    else:
        fmt = {"csl-json": "csl-json", "ris": "ris", "biblatex": "bibtex"}[target]
        back = sources.load_text(out.read_text(encoding="utf-8"), str(out), fmt).items
    assert _differences(original, back) == {}


def test_convert_refuses_a_broken_input(tmp_path):
    bad = tmp_path / "bad.bib"
    bad.write_text("@article{a, title = {Unclosed, year = 2001}\n")
    out = tmp_path / "out.json"
    result = run("convert", str(bad), "--to", "csl-json", "-o", str(out))
    assert result.exit_code == 2 and "RB001" in result.stderr
    assert not out.exists()


def test_every_command_reads_csl_json_and_ris(tmp_path):
    json_file = tmp_path / "refs.json"
    ris_file = tmp_path / "refs.ris"
    run("convert", str(BIB), "--to", "csl-json", "-o", str(json_file))
    run("convert", str(BIB), "--to", "ris", "-o", str(ris_file))
    expected = run("render", str(BIB), "-s", "apa").stdout
    for path in (json_file, ris_file):
        assert run("render", str(path), "-s", "apa").stdout == expected
        assert run("cite", "neva2011", "-b", str(path)).stdout.startswith(
            "(Neva et al., 2011)")
        checked = run("check", str(path), "--format", "json")
        findings = json.loads(checked.stdout)
        # the two pages nothing tells apart, found at the second one's line in this file
        same = [f for f in findings if f["code"] == "RB111"]
        assert len(same) == 1 and same[0]["key"] == "arthritisback2"
        text = path.read_text(encoding="utf-8")
        line = text.splitlines()[same[0]["line"] - 1]
        assert re.search(r"arthritisback2|TY  - ", line)


def test_zotero_field_names_are_read_as_their_csl_variables(tmp_path):
    """journalAbbreviation and shortTitle, which Zotero's CSL-JSON still writes, are the
    short container title and short title (as citeproc-js reads them), and the BibTeX
    written from them keeps both (shortjournal, shorttitle)."""
    path = tmp_path / "zotero.json"
    path.write_text(json.dumps([{"id": "a", "type": "article-journal", "title": "A Title",
                                 "container-title": "American Law Journal",
                                 "journalAbbreviation": "Am. L.J.", "shortTitle": "Title"}]))
    item = sources.load(path).items[0]
    assert item["container-title-short"] == "Am. L.J." and item["title-short"] == "Title"
    assert "journalAbbreviation" not in item and "shortTitle" not in item
    bib = bibtex_write.to_bibtex([item], dialect="biblatex")
    assert "shortjournal = {Am. L.J.}" in bib and "shorttitle   = {Title}" in bib


def test_ids_a_bibtex_key_cannot_hold_are_reported_where_they_are_rewritten(tmp_path):
    """A CSL-JSON id with a space or a comma is written with hyphens (a key cannot hold
    them): each one said (RB104), and two ids that become one key are an error (RB101)."""
    items = tmp_path / "items.json"
    items.write_text(json.dumps([{"id": "a b", "type": "book", "title": "T"},
                                 {"id": "a,b", "type": "book", "title": "U"},
                                 {"id": "ok:1", "type": "book", "title": "V"}]))
    out = tmp_path / "out.bib"
    result = run("convert", str(items), "--to", "bibtex", "-o", str(out))
    assert result.exit_code == 1  # written all the same, as for any error-level finding
    lines = result.stderr.splitlines()
    assert [line.split(" ", 3)[1:3] for line in lines] == [
        ["RB104", "warning"], ["RB104", "warning"], ["RB101", "error"]]
    assert "id 'a b' is written as the key 'a-b'" in lines[0]
    assert "ids 'a b' and 'a,b' are both written as the key 'a-b'" in lines[2]
    assert out.read_text().count("@book{a-b,") == 2 and "@book{ok:1," in out.read_text()
    # to CSL-JSON the ids stay as they are, and nothing is said
    clean = run("convert", str(items), "--to", "csl-json", "-o", str(tmp_path / "o.json"))
    assert clean.exit_code == 0 and clean.stderr == ""
