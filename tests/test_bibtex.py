"""Reading BibTeX: bad blocks become located diagnostics and reading goes on."""
from __future__ import annotations

from rabp_refs import bibtex


def test_a_syntax_error_is_located_and_the_next_entries_are_still_read():
    text = ("@article{good1, title={A}}\n"
            "@article{broken,\n"
            "  author = {Seki, Shoji and Hirano\n"
            "  title = {x}\n"
            "}\n"
            "@misc{good2, title={B}}\n")
    bib = bibtex.parse(text, file="refs.bib")
    assert [e.key for e in bib.entries] == ["good1", "good2"]
    (d,) = bib.diagnostics
    assert (d.code, d.file, d.line, d.key) == ("RB001", "refs.bib", 2, "broken")
    assert d.format().startswith("refs.bib:2: RB001 error [broken] syntax error")


def test_duplicate_keys_are_reported_with_both_lines_and_the_first_is_kept():
    bib = bibtex.parse("@misc{a, title={First}}\n\n@misc{a, title={Second}}\n", file="r.bib")
    assert [e.get("title") for e in bib.entries] == ["First"]
    (d,) = bib.diagnostics
    assert (d.code, d.line, d.key) == ("RB101", 3, "a")
    assert "first defined on line 1" in d.message


def test_a_field_given_twice_is_reported():
    bib = bibtex.parse("@misc{a,\n title={x},\n title={y}}\n")
    assert bib.diagnostics[0].code == "RB103"
    assert bib.entries[0].key == "a"


def test_not_utf8_is_reported_with_its_line_and_the_file_is_still_read(tmp_path):
    path = tmp_path / "latin1.bib"
    path.write_bytes("@misc{a, title={ok}}\n@misc{b, title={H\u00e4kkinen}}\n".encode("latin-1"))
    bib = bibtex.read_file(path)
    assert [e.key for e in bib.entries] == ["a", "b"]
    (d,) = bib.diagnostics
    assert (d.code, d.line) == ("RB002", 2)
    assert "0xe4" in d.message


def test_a_bom_is_not_part_of_the_text(tmp_path):
    path = tmp_path / "bom.bib"
    path.write_bytes(b"\xef\xbb\xbf@misc{a, title={T}}\n")
    bib = bibtex.read_file(path)
    assert [e.key for e in bib.entries] == ["a"] and not bib.diagnostics


def test_undefined_macro_is_reported_and_kept_as_text():
    bib = bibtex.parse("@misc{a,\n journal = nosuchmacro}")
    assert bib.entries[0].get("journal") == "nosuchmacro"
    assert (bib.diagnostics[0].code, bib.diagnostics[0].field) == ("RB004", "journal")


def test_field_lines_are_one_based():
    bib = bibtex.parse("\n@misc{a,\n  title = {T},\n  year = 2000}\n")
    entry = bib.entries[0]
    assert entry.line == 2 and entry.field_line("title") == 3 and entry.field_line("year") == 4


def test_braces_inside_quotes_and_escaped_quotes_survive_concatenation():
    bib = bibtex.parse('@string{x = "A"}\n@misc{a, note = x # " {"}b \\# c" # "!"}')
    assert bib.entries[0].get("note") == 'A {"}b \\# c!'


def test_reading_a_broken_file_prints_nothing(capfd):
    bibtex.parse("@article{broken,\n  title = {Unclosed,\n")
    out, err = capfd.readouterr()
    assert out == "" and err == ""
