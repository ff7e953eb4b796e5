"""Reading BibTeX: bad blocks become located diagnostics and reading goes on."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

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


# --- % comments inside an entry (issue 18, item 8) ---------------------------------------------

COMMENTED = ("@article{a,\n"
             "  title = {Fifty {100\\%} pure, a, b = c},\n"
             "  % reviewed 2020\n"
             "  author = {Doe, Jane}, % checked, with = in it\n"
             '  note = "50% off",\n'
             "  % the last field\n"
             "  year = 2020\n"
             "  % before the end\n"
             "}\n"
             "@misc{b, title = {B}}\n")


def test_a_comment_line_inside_an_entry_hides_no_field():
    bib = bibtex.parse(COMMENTED, file="c.bib")
    assert bib.diagnostics == []
    a, b = bib.entries
    assert {name: (f.value, f.line) for name, f in a.fields.items()} == {
        "title": ("Fifty {100\\%} pure, a, b = c", 2), "author": ("Doe, Jane", 4),
        "note": ("50% off", 5), "year": ("2020", 7)}
    assert (b.key, b.line) == ("b", 10)


def test_an_entry_keeps_its_comments_as_written():
    entry = bibtex.parse(COMMENTED).entries[0]
    assert entry.raw == COMMENTED[:COMMENTED.index("}\n@misc") + 1]


def test_a_percent_sign_inside_a_value_is_text():
    text = ("@misc{a,\n  title = {A,\n  % in braces\n  b},\n  note = \"x,\n  % in quotes\"\n}\n"
            "@string{s = {50%}}\n@comment{ % a, = }\n@misc{b, title = s}\n")
    a, b = bibtex.parse(text).entries
    assert a.fields["title"].value == "A,\n  % in braces\n  b"
    assert a.fields["note"].value == "x,\n  % in quotes"
    assert b.fields["title"].value == "50%"


def test_comments_with_windows_line_ends_keep_the_lines():
    bib = bibtex.parse("@misc{a,\r\n  % c, d\r\n  title = {T},\r\n  year = 2020}\r\n")
    assert bib.diagnostics == []
    assert {n: (f.value, f.line) for n, f in bib.entries[0].fields.items()} == {
        "title": ("T", 3), "year": ("2020", 4)}


def test_blanking_comments_keeps_every_offset():
    blanked = bibtex.blank_comments(COMMENTED)
    assert len(blanked) == len(COMMENTED)
    assert [i for i, c in enumerate(blanked) if c != COMMENTED[i]] == [
        i for i, c in enumerate(COMMENTED) if c != " " and blanked[i] == " "]
    assert "% reviewed" not in blanked and "100\\%" in blanked and "50% off" in blanked


def test_check_names_no_field_after_a_comment():
    from rabp_refs import validate
    found = validate.check([bibtex.parse(COMMENTED, file="c.bib")])
    assert not [d for d in found if d.code in ("RB001", "RB202")]
    assert not [d for d in found if d.field and "%" in d.field]


def _blank_comments_mark_by_mark(text: str) -> str:
    """The definition of blank_comments: every mark read in turn, each line end too."""
    import re
    if "%" not in text or not re.search(r"(?:^|,)[ \t]*%", text, re.MULTILINE):
        return text
    chars = list(text)
    closer, depth, quoted, naming, pos, fresh = None, 0, False, False, 0, True
    for m in iter(lambda: re.compile(r'[@{}()",=%\n]').search(text, pos), None):
        mark, at = m.group(), m.start()
        fresh, pos = fresh and not text[pos:at].strip(), m.end()
        if mark == "\n":
            fresh = True
            continue
        line_start, fresh = fresh, False
        if mark == "@" and (closer is None or line_start):
            head = re.compile(r"@\s*(\w+)\s*([{(])").match(text, at)
            if head:  # a block starts: its fields are read, a comment or @string skipped
                depth, quoted, naming = 0, False, False
                closer = {"{": "}", "(": ")"}[head.group(2)]
                pos = head.end()
                if head.group(1).lower() in ("comment", "preamble", "string"):
                    closer, pos = None, bibtex._block_end(text, pos, closer)
            continue
        if closer is None:
            continue
        if mark == "{":
            depth += 1
            continue
        if mark == "}" and depth:
            depth -= 1
            continue
        if depth:
            continue
        if mark == '"':
            quoted = not quoted
        elif quoted:
            pass
        elif mark == closer:
            closer = None
        elif mark in ",=":
            naming = mark == ","
        elif mark == "%" and (naming or line_start):
            stop = at + len(re.match(r"[^\n]*", text[at:]).group())
            if stop < len(text) and text[stop - 1] == "\r":
                stop -= 1
            chars[at:stop] = " " * (stop - at)
            pos = stop
    return "".join(chars)


_bib_piece = st.sampled_from(
    ["@misc{", "@comment{", "@string{", "@preamble(", "@book(", "@", "%", "% c, d = e",
     ",", "=", "{", "}", "(", ")", '"', "\n", "\r\n", " ", "\t", "a", "key", "\\", "\\%",
     "title = ", "\n  % note\n", ", % x\n", "\n@misc{k,"])


@settings(max_examples=2000, deadline=None)
@given(st.lists(_bib_piece, max_size=40).map("".join))
def test_blanking_comments_follows_its_definition(text):
    # the blanking steps over the marks that change nothing (line ends, and inside a value
    # the separators): the same result as reading every mark
    assert bibtex.blank_comments(text) == _blank_comments_mark_by_mark(text)
