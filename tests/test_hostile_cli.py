"""Hostile input at the command line (issue 18, items 2, 7 and 9): exit 2, never 3, for bad
input; diagnostics that are one line whatever the data holds; render's exit status, NUL
characters and the number of processes; and what the fuzz targets found on the way (BibTeX
months and days int() cannot read, the memory of engines a long batch drops).

Every case runs through the CLI and checks the exit code, stderr and stdout separately.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rabp_refs.cli import main

ARTICLE = ("@article{a, author = {Nall, Rachel}, title = {Back pain}, journal = {J}, "
           "year = 2018}\n")
STYLE_HEAD = ('<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"'
              '{attributes}><info><id>x</id><title>t</title>'
              '<updated>2020-01-01T00:00:00+00:00</updated></info>')
ITEM = '{"id": "a", "type": "book", "title": "T"}'


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- item 2: exit 2, never 3, for bad input -------------------------------------------------

NUMBERS = [  # (JSON value, the error after "FILE:LINE: ")
    ("1e400", "1e400 is too large for a number"),
    ("-1e400", "-1e400 is too large for a number"),
    ("Infinity", "Infinity is not a JSON number"),
    ("-Infinity", "-Infinity is not a JSON number"),
    ("NaN", "NaN is not a JSON number"),
    ("9" * 5000, "a number of more than 4,300 digits"),
]


def _items_with(value: str) -> str:
    """CSL-JSON with ``value`` on line 3, in a date (where int() of it used to fail)."""
    return (f'[{ITEM},\n {{"id": "b", "type": "book", "title": "U",\n'
            f'  "issued": {{"date-parts": [[{value}]]}}}}]\n')


@pytest.mark.parametrize("value,error", NUMBERS)
@pytest.mark.parametrize("command", [["render"], ["check"], ["convert", "-t", "bibtex"],
                                     ["convert", "-t", "ris"], ["cite", "a", "-b"]])
def test_numbers_json_cannot_hold_are_a_located_input_error(tmp_path, command, value, error):
    path = write(tmp_path, "n.json", _items_with(value))
    result = run(*command, path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"rabp-refs: error: {path}:3: {error}\n"


def test_a_page_of_bad_numbers_is_refused(tmp_path):
    path = write(tmp_path, "n.json", _items_with("NaN"))
    result = run("page", path, "-o", tmp_path / "out")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == f"rabp-refs: error: {path}:3: NaN is not a JSON number\n"
    assert not (tmp_path / "out" / "index.html").exists()


def test_batch_reports_a_bad_number_as_that_inputs_failure(tmp_path):
    """batch reads inputs in its workers: the located error fails that input alone (exit 1,
    as batch documents), where an internal error was."""
    bad = write(tmp_path, "bad.json", _items_with("1e400"))
    good = write(tmp_path, "good.json", f"[{ITEM}]")
    result = run("batch", bad, good, "-o", tmp_path / "out", "-j", "1")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"rabp-refs: error: {bad}:3: 1e400 is too large for a "
                                    "number\n2 file(s), 1 entries, 1 of 2 outputs written")


@pytest.mark.parametrize("value,error", NUMBERS)
def test_numbers_in_a_cites_file_are_a_located_input_error(tmp_path, value, error):
    items = write(tmp_path, "i.json", f"[{ITEM}]")
    cites = write(tmp_path, "c.json", f'[[{{"id": "a",\n "locator": {value}}}]]')
    result = run("render", items, "--cites", cites)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"rabp-refs: error: {cites}:2: {error}\n"


def test_a_number_in_a_string_is_text_and_the_bad_one_is_located(tmp_path):
    path = write(tmp_path, "n.json", '[{"id": "a", "type": "book", "title": "NaN 1e400",\n'
                                     ' "volume": "Infinity", "page": 1e400}]')
    result = run("render", path)
    assert result.exit_code == 2
    assert result.stderr == f"rabp-refs: error: {path}:2: 1e400 is too large for a number\n"


@pytest.mark.parametrize("depth", [101, 5000, 100_000])
def test_json_nested_deeply_is_a_located_input_error(tmp_path, depth):
    """Deeper than Python's reader goes (a RecursionError: exit 3 before) or deeper than
    any item needs: refused at the line where it passes 100 levels."""
    path = write(tmp_path, "deep.json", f'[{ITEM},\n{{"id": "b", "type": "book", "title": "U",'
                 f'\n"custom": {"[" * depth}{"]" * depth}}}]')
    result = run("render", path)
    if depth <= 1000:  # read, and the value left out with a warning
        assert result.exit_code == 0 and result.stdout == "T. (n.d.).\nU. (n.d.).\n"
        assert result.stderr == (f"{path}: RB005 warning [b.custom] custom: nested more than "
                                 "100 levels deep; left out (see the CSL-JSON schema for its "
                                 "shape)\n")
    else:
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == (f"rabp-refs: error: {path}:3: JSON nested more than 100 "
                                 "levels deep (a CSL-JSON item needs 5)\n")


def test_a_deep_custom_value_converts_to_yaml(tmp_path):
    """yaml.safe_dump recursed into it: RecursionError, exit 3."""
    custom = '{"k": ' * 500 + "1" + "}" * 500
    path = write(tmp_path, "deep.json",
                 f'[{{"id": "a", "type": "book", "title": "T", "custom": {custom}}}]')
    result = run("convert", path, "-t", "csl-yaml")
    assert result.exit_code == 0
    assert "references:\n- id: a\n  type: book\n  title: T\n" in result.stdout
    assert "custom: nested more than 100 levels deep; left out" in result.stderr


def test_a_cites_file_nested_deeply_is_a_located_input_error(tmp_path):
    items = write(tmp_path, "i.json", f"[{ITEM}]")
    cites = write(tmp_path, "c.json", "[\n" + "[" * 100_000 + "]" * 100_000 + "]")
    result = run("render", items, "--cites", cites)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"rabp-refs: error: {cites}:2: JSON nested more than 100 levels "
                             "deep (a CSL-JSON item needs 5)\n")


@pytest.mark.parametrize("escape", ["\\ud800", "\\uDBFF", "\\udc00", "\\ud83d x",
                                    "\\ude00\\ud83d"])
@pytest.mark.parametrize("where", ["title", "id"])
def test_half_a_surrogate_pair_is_a_located_input_error(tmp_path, escape, where):
    """It read into a str no output can be written with: UnicodeEncodeError, exit 3."""
    item = {"id": "a", "type": "book", "title": "T"}
    text = json.dumps([item], indent=1).replace(f'"{item[where]}"', f'"x{escape}y"')
    path = write(tmp_path, "s.json", text)
    line = 1 + text[:text.index(escape)].count("\n")
    for command in (["render"], ["render", "--json"], ["check"], ["convert", "-t", "ris"]):
        result = run(*command, path)
        assert (result.exit_code, result.stdout) == (2, ""), command
        assert result.stderr.startswith(f"rabp-refs: error: {path}:{line}: {escape[:6]} is "
                                        "half of a UTF-16 surrogate pair, not a character")


def test_a_surrogate_pair_and_an_escaped_backslash_are_read(tmp_path):
    path = write(tmp_path, "s.json", '[{"id": "a", "type": "book", "title": '
                                     '"\\ud83d\\ude00 \\\\ud800 \\\\u0000"}]')
    result = run("render", path)
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == "\U0001f600 \\ud800 \\u0000. (n.d.).\n"


def test_half_a_surrogate_pair_in_a_cites_file(tmp_path):
    items = write(tmp_path, "i.json", f"[{ITEM}]")
    cites = write(tmp_path, "c.json", '[[{"id": "a", "locator": "\\ud800"}]]')
    result = run("render", items, "--cites", cites, "--json")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"rabp-refs: error: {cites}:1: \\ud800 is half of a "
                                    "UTF-16 surrogate pair")


@pytest.mark.parametrize("cite,error", [
    ('{"id": "a", "suffix": [1.5]}', "the \"suffix\" of cite 'a' is not text"),
    ('{"id": "a", "prefix": {"x": 1}}', "the \"prefix\" of cite 'a' is not text"),
    ('{"id": ["a"]}', 'a cite must be an id or an object with an "id"'),
    ("null", 'a cite must be an id or an object with an "id"'),
])
def test_a_cite_of_another_shape_is_a_located_input_error(tmp_path, cite, error):
    """A suffix of 1.5 was iterated (TypeError, exit 3); a prefix object rendered as
    "{'x': 1}"."""
    items = write(tmp_path, "i.json", f"[{ITEM}]")
    cites = write(tmp_path, "c.json", f'[["a"], [{cite}]]')
    result = run("render", items, "--cites", cites, "--json")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"rabp-refs: error: {cites}: cluster 2: {error}\n"


def test_a_number_as_a_cite_suffix_is_text(tmp_path):
    items = write(tmp_path, "i.json", f"[{ITEM}]")
    cites = write(tmp_path, "c.json", '[[{"id": "a", "locator": 12, "suffix": 1.5}]]')
    result = run("render", items, "--cites", cites, "--json")
    assert result.exit_code == 0 and result.stderr == ""
    assert json.loads(result.stdout)["citations"] == ["(T, n.d., p. 121.5)"]


@pytest.mark.parametrize("locale", ['e"n', "en'", 'en"]|//x["', "en US", ""])
@pytest.mark.parametrize("command", [["render"], ["cite", "a", "-b"], ["check"]])
def test_a_default_locale_that_is_not_a_language_tag_is_the_styles_error(tmp_path, locale,
                                                                         command):
    """citeproc-py put it into an XPath: a quote made an XPathEvalError (exit 3), or
    changed the query."""
    attribute = ' default-locale="' + locale.replace('"', "&quot;") + '"'
    style = write(tmp_path, "q.csl", STYLE_HEAD.format(attributes=attribute)
                  + '\n<citation><layout><text variable="title"/></layout></citation>'
                  '<bibliography><layout><text variable="title"/></layout></bibliography>'
                  "</style>")
    bib = write(tmp_path, "a.bib", ARTICLE)
    result = run(*command, bib, "-s", style)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"rabp-refs: error: {style}:1: default-locale={locale!r} is not "
                             "a language tag such as en-US, en-GB or de\n")


@pytest.mark.parametrize("locale,word", [("de", "und"), ("de-DE", "und"), ("sr-Latn-RS", "i")])
def test_a_default_locale_that_is_a_language_tag_is_used(tmp_path, locale, word):
    style = write(tmp_path, "q.csl", STYLE_HEAD.format(attributes=f' default-locale="{locale}"')
                  + '<citation><layout><text term="and"/></layout></citation>'
                  '<bibliography><layout><text term="and"/></layout></bibliography></style>')
    result = run("render", write(tmp_path, "a.bib", ARTICLE), "-s", style)
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"{word}\n", "")


@pytest.mark.parametrize("args", [["render", "--standalone", "-f", "html", "--title", "\udcff"],
                                  ["cite", "a", "-l", "p. \udcff", "-b"]])
def test_command_line_text_that_is_not_utf8_is_a_usage_error(tmp_path, args):
    """Python reads such bytes as lone surrogates: writing them failed (exit 3)."""
    result = run(*args, write(tmp_path, "a.bib", ARTICLE))
    assert (result.exit_code, result.stdout) == (2, "")
    assert "is not UTF-8 (byte 0xff); the output could not hold it" in result.stderr


# a file name whose bytes are not UTF-8 (b"\xff"): Python keeps it as a lone surrogate
NOT_UTF8_NAME = "\udcff"


@pytest.mark.parametrize("command", [["check", "-f", "json"], ["render", "--json"],
                                     ["batch", "-o", "out", "--json"]])
def test_json_output_about_a_file_name_that_is_not_utf8(tmp_path, monkeypatch, command):
    """JSON holding the file's name could not be written (UnicodeEncodeError, exit 3): the
    name is written with its JSON escape, and reads back as the same string."""
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, NOT_UTF8_NAME + ".json", '[{"id": "a", "title": "T"}]')
    result = run(command[0], path, *command[1:])
    assert result.exit_code == 0 and "\\udcff.json" in result.stdout
    found = json.loads(result.stdout)
    if command[0] == "check":
        assert found[0]["file"] == str(path)
    elif command[0] == "render":
        assert found["errors"] == [f"{path}: RB005 warning [a] item 1 has no type; read as "
                                   "'document' (every CSL-JSON item needs an \"id\" and a "
                                   "\"type\")"]
        assert str(tmp_path / "\\udcff.json") in result.stderr  # shown escaped
    else:
        assert found["jobs"][0]["source"] == str(path)


def test_a_page_for_a_file_name_that_is_not_utf8(tmp_path):
    """The downloads' name went into the page: UnicodeEncodeError, exit 3."""
    path = write(tmp_path, NOT_UTF8_NAME + ".bib", ARTICLE)
    result = run("page", path, "-o", tmp_path / "out")
    assert result.exit_code == 0 and result.stdout == ""
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "index.html", "\ufffd.bib", "\ufffd.json", "\ufffd.ris"]
    assert 'href="\ufffd.bib"' in (tmp_path / "out" / "index.html").read_text("utf-8")


# --- item 7: control characters in diagnostics ---------------------------------------------

# what a terminal or a CI log would act on: an OSC sequence setting the window title, a colour,
# a line end that starts a forged annotation, a bidi override, a C1 control
HOSTILE = "k\x1b]0;pwned\x07\u202ey\r\n::error file=x.bib::forged\x85\u2066"
SHOWN = "k\\x1b]0;pwned\\x07\\u202ey\\x0d\\x0a::error file=x.bib::forged\\x85\\u2066"
HOSTILE_NAME = "ev\nil\x1b[2J\u202e.bib"
SHOWN_NAME = "ev\\x0ail\\x1b[2J\\u202e.bib"


def _hostile_bib(tmp_path: Path) -> Path:
    """A key with control characters (BibTeX keys end at a comma or a space, so no line end
    there) and a DOI holding all of them, in a file whose name has some too."""
    key = "k\x1b]0;pwned\x07\u202ey"
    return write(tmp_path, HOSTILE_NAME, f"@article{{{key}, title = {{T}}, journal = {{J}}, "
                 f"year = 2018, author = {{A, B}},\n doi = {{10.1/x\n{HOSTILE}}}}}\n")


def _one_line_each(text: str, count: int) -> list[str]:
    lines = text.splitlines()
    assert len(lines) == count, lines
    for line in lines:  # nothing a terminal acts on but our own colours
        assert line.isprintable() or "\x1b[" in line.replace("\x1b]", ""), line
    return lines


@pytest.mark.parametrize("output_format", ["text", "github"])
def test_check_shows_control_characters_escaped_one_line_each(tmp_path, output_format):
    path = _hostile_bib(tmp_path)
    result = run("check", path, "-f", output_format)
    assert result.exit_code == 0
    lines = _one_line_each(result.stdout, 2)
    shown_file = str(path).replace(HOSTILE_NAME, SHOWN_NAME)
    shown_key = "k\\x1b]0;pwned\\x07\\u202ey"
    if output_format == "text":
        assert lines[0].startswith(f"{shown_file}:1: RB104 warning [{shown_key}] key has ")
        assert lines[1] == (f"{shown_file}:2: RB222 warning [{shown_key}.doi] doi '10.1/x\\x0a"
                            f"{SHOWN}' is not a DOI (10.prefix/suffix) (write the bare DOI: "
                            "10.1155/2015/252456)")
        assert result.stderr == "2 warnings in 1 file(s), 1 entries\n"
    else:
        assert all(line.startswith(f"::warning file={shown_file},line=") for line in lines)
        assert lines[1].endswith(f"::[{shown_key}.doi] doi '10.1/x\\x0a{SHOWN}' is not a DOI "
                                 "(10.prefix/suffix) (write the bare DOI: 10.1155/2015/252456)")
        assert result.stderr == ""


def test_check_on_a_terminal_shows_control_characters_escaped(tmp_path, monkeypatch):
    monkeypatch.setattr("rabp_refs.cli._on_terminal", lambda: True)
    path = _hostile_bib(tmp_path)
    result = CliRunner().invoke(main, ["check", str(path)], color=True)
    lines = _one_line_each(result.stdout, 3)
    assert str(path).replace(HOSTILE_NAME, SHOWN_NAME) in lines[0]
    assert f"doi '10.1/x\\x0a{SHOWN}' is not a DOI" in lines[2]
    assert "\x1b]" not in result.stdout and "\x07" not in result.stdout


def test_check_json_keeps_the_characters_exact(tmp_path):
    path = _hostile_bib(tmp_path)
    result = run("check", path, "-f", "json")
    found = json.loads(result.stdout)
    assert [d["file"] for d in found] == [str(path)] * 2
    assert found[1]["key"] == "k\x1b]0;pwned\x07\u202ey"
    assert found[1]["message"] == f"doi '10.1/x\n{HOSTILE}' is not a DOI (10.prefix/suffix)"


def test_render_shows_control_characters_escaped(tmp_path):
    """A CSL-JSON id can hold any character, line ends too."""
    path = write(tmp_path, HOSTILE_NAME.replace(".bib", ".json"),
                 json.dumps([{"id": HOSTILE, "title": "T"}]))
    result = run("render", path)
    assert result.exit_code == 0 and result.stdout == "T. (n.d.).\n"
    shown_file = str(path).replace(HOSTILE_NAME.replace(".bib", ".json"),
                                   SHOWN_NAME.replace(".bib", ".json"))
    assert _one_line_each(result.stderr, 1) == [
        f"{shown_file}: RB005 warning [{SHOWN}] item 1 has no type; read as 'document' "
        '(every CSL-JSON item needs an "id" and a "type")']


def test_errors_show_control_characters_escaped(tmp_path):
    bib = write(tmp_path, "a.bib", ARTICLE)
    result = run("cite", HOSTILE, "-b", bib)
    assert (result.exit_code, result.stdout) == (2, "")
    assert _one_line_each(result.stderr, 1) == [f"rabp-refs: error: unknown key '{SHOWN}'"]
    result = run("render", tmp_path / HOSTILE_NAME)
    assert (result.exit_code, result.stdout) == (2, "")
    assert _one_line_each(result.stderr, 1) == [
        f"rabp-refs: error: {tmp_path / SHOWN_NAME}: no such file"]


# --- item 9: render's exit status, NUL characters, the number of processes ------------------

def _failing_style(tmp_path: Path) -> Path:
    """A citation layout calling a macro the style does not define: citeproc-py fails on
    every cite (IndexError), which the engine contains and reports (RB904)."""
    return write(tmp_path, "m.csl", STYLE_HEAD.format(attributes="")
                 + '<citation><layout><text macro="missing"/></layout></citation>'
                 '<bibliography><layout><text variable="title"/></layout></bibliography>'
                 "</style>")


@pytest.mark.parametrize("as_json", [False, True])
def test_render_exits_1_when_it_printed_an_error(tmp_path, as_json):
    bib = write(tmp_path, "a.bib", ARTICLE)
    result = run("render", bib, "-s", _failing_style(tmp_path), *(["--json"] if as_json else []))
    assert result.exit_code == 1
    assert ("<input>: RB904 error [a] the processor failed on 'a' (IndexError: list index out "
            "of range); it is left out of its citation") in result.stderr
    if as_json:
        assert json.loads(result.stdout)["bibliography"] == ["Back pain"]
    else:
        assert result.stdout == "Back pain\n"


def test_render_with_warnings_only_exits_0(tmp_path):
    bib = write(tmp_path, "a.bib", "@article{a, title = {T}, journal = {J}, year = 2018, "
                                   "pages = {367-74}}\n")
    result = run("render", bib, "--check")
    assert result.exit_code == 0 and result.stdout == "T. (2018). J, 367–374.\n"
    assert "RB220 warning [a.pages]" in result.stderr


def test_nul_characters_in_csl_json_are_reported_and_removed(tmp_path):
    path = write(tmp_path, "n.json", '[{"id": "a", "type": "book",\n'
                                     ' "title": "Back\\u0000 pain\\u0000",\n'
                                     ' "author": [{"family": "N\\u0000all", "given": "R"}]}]')
    warning = ("RB407 warning 3 NUL character(s) (\\u0000) in strings, the first on this "
               "line; removed (remove it from the source; it is often the end of a C string "
               "copied with the text)")
    expected = f"{path}:2: {warning}\n"
    result = run("render", path)
    assert (result.exit_code, result.stdout) == (0, "Nall, R. (n.d.). Back pain.\n")
    assert result.stderr == expected
    for target in ("bibtex", "ris", "csl-json", "csl-yaml"):
        result = run("convert", path, "-t", target)
        assert result.exit_code == 0 and result.stderr == expected
        assert "\x00" not in result.stdout and "Nall" in result.stdout
    result = run("check", path)
    assert result.exit_code == 0 and expected in result.stdout
    out = tmp_path / "page"
    assert run("page", path, "-o", out).exit_code == 0
    assert all(b"\x00" not in f.read_bytes() for f in out.iterdir())


def test_a_million_nul_characters_are_one_diagnostic_in_linear_time(tmp_path):
    path = write(tmp_path, "n.json", '[{"id": "a", "type": "book", "title": "T'
                 + "\\u0000" * 1_000_000 + '"}]')
    result = run("render", path)
    assert (result.exit_code, result.stdout) == (0, "T. (n.d.).\n")
    assert result.stderr.startswith(f"{path}:1: RB407 warning 1000000 NUL character(s)")
    assert result.stderr.count("\n") == 1


def test_nul_characters_in_a_cites_file_are_reported_and_removed(tmp_path):
    items = write(tmp_path, "i.json", f"[{ITEM}]")
    cites = write(tmp_path, "c.json", '[[{"id": "a", "locator": "1\\u0000"}]]')
    result = run("render", items, "--cites", cites, "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["citations"] == ["(T, n.d., p. 1)"]
    assert result.stderr.startswith(f"{cites}:1: RB407 warning 1 NUL character(s) (\\u0000)")


@pytest.mark.parametrize("command", ["render", "batch"])
def test_jobs_are_capped_at_four_for_each_core(tmp_path, monkeypatch, command):
    from rabp_refs import batch, sources
    monkeypatch.setattr("rabp_refs.forking.cores", lambda: 2)
    asked = []
    if command == "render":
        load = sources.load
        monkeypatch.setattr(sources, "load", lambda *a, **k: asked.append(k["jobs"]) or load(
            *a, **k))
    else:
        run_batch = batch.run
        monkeypatch.setattr(batch, "run", lambda jobs, workers, **k: asked.append(workers) or
                            run_batch(jobs, workers=1, **k))
    bib = write(tmp_path, "a.bib", ARTICLE)
    extra = ["-o", tmp_path / "out"] if command == "batch" else []
    result = run(command, bib, "-j", "1000", *extra)
    assert result.exit_code == 0 and asked == [8]
    assert result.stderr.startswith(
        "rabp-refs: warning: -j 1000 lowered to 8 (4 for each of the 2 core(s))\n")
    asked.clear()
    assert run(command, bib, "-j", "8", *extra).exit_code == 0 and asked == [8]


def test_help_says_jobs_are_capped():
    for command in ("render", "batch"):
        assert "at most 4 for each core" in " ".join(run(command, "--help").stdout.split())


@pytest.mark.parametrize("fields", ["month = {\u00b2}, day = 2", "month = 1, day = {\u00b2}",
                                    "month = 1, day = {" + "9" * 5000 + "}",
                                    "month = {" + "1" * 5000 + "}, day = 3"])
@pytest.mark.parametrize("command", ["render", "check"])
def test_bibtex_months_and_days_int_cannot_read(tmp_path, fields, command):
    """int() of "²" (a digit to str.isdigit) or of 5,000 digits: ValueError, exit 3 (item 2's
    limit in BibTeX dates). A month it cannot read is reported; such a day is left out."""
    bib = write(tmp_path, "d.bib", f"@book{{a, title = {{T}}, year = 2018, {fields}}}\n")
    result = run(command, bib)
    assert result.exit_code == 0
    output = result.stderr if command == "render" else result.stdout
    if "month = 1," in fields:
        assert "RB204" not in output
        if command == "render":
            assert result.stdout == "T. (2018).\n"
    else:
        assert f"{bib}:1: RB204 warning [a.month] month '" in output


@pytest.mark.parametrize("name,text", [
    ("n.bib", "%" + "x" * 70_000 + "\n@book{a, title = {Back\x00 pain}, year = 2018}\n"),
    ("n.ris", "TY  - BOOK\nN1  - " + "x" * 70_000 + "\nTI  - Back\x00 pain\nPY  - 2018\nER  - \n"),
])
def test_nul_bytes_past_the_first_64_kib_are_reported_and_removed(tmp_path, name, text):
    """A file with a NUL in its first 64 KiB is refused as binary; one further on went into
    the outputs."""
    path = write(tmp_path, name, text)
    line = 2 if name == "n.bib" else 3
    result = run("render", path)
    assert (result.exit_code, result.stdout) == (0, "Back pain. (2018).\n")
    assert result.stderr == (f"{path}:{line}: RB407 warning 1 NUL character(s), the first on "
                             "this line; removed (remove it from the source; it is often the "
                             "end of a C string copied with the text)\n")
    # (a .bib converted to BibTeX without --normalise is a byte-for-byte copy, by design)
    for target in ("bibtex", "ris", "csl-json"):
        converted = run("convert", path, "-t", target, "--normalise")
        assert converted.exit_code == 0 and "\x00" not in converted.stdout
        assert "Back pain" in converted.stdout


def test_engines_dropped_by_a_long_batch_are_collected(tmp_path):
    """An engine's style and locale trees are reference cycles; frozen with what lives at
    each render (memory.frozen), those of the engines a batch's cache dropped were never
    collected: 500 MB after 250 small outputs, 1.6 GB after 600 engines in the locale
    fuzzer (out of memory). 4 styles x 5 formats is more than the cache's 16 engines."""
    import gc

    from rabp_refs import memory
    from rabp_refs.engine import elements

    def styles_alive() -> int:
        return sum(isinstance(o, elements.Style) for o in gc.get_objects())

    gc.collect()
    before = styles_alive()
    (tmp_path / "in").mkdir()
    for n in range(3):
        write(tmp_path / "in", f"r{n}.bib", ARTICLE)
    formats = [a for f in ("text", "html", "markdown", "rtf", "latex") for a in ("-f", f)]
    result = run("batch", tmp_path / "in", "-o", tmp_path / "out", "-j", "1", "-s", "apa",
                 "-s", "mla", "-s", "chicago", "-s", "ieee", *formats)
    assert result.exit_code == 0 and "60 of 60 outputs written" in result.stderr
    # the 16 engines cached, and fewer than COLLECT_AFTER dropped since the last collection
    assert styles_alive() - before < 16 + getattr(memory, "COLLECT_AFTER", 16)


def test_a_bcp47_private_use_locale_is_a_language_tag():
    """The CSL suite's sort_LocaleWithPrivateUse... styles name en-US-x-sort-ja-alalc97:
    BCP 47's one-letter singletons are part of a language tag."""
    from rabp_refs.engine.style import _LOCALE_TAG

    assert _LOCALE_TAG.fullmatch("en-US-x-sort-ja-alalc97")
    assert not _LOCALE_TAG.fullmatch('en"]|//x["')


def test_control_characters_in_a_docx_are_reported_and_left_out(tmp_path):
    """XML cannot hold ESC, U+0001 or U+FFFE: python-docx refused them and `doc -t docx`
    exited 3. They are left out of the document, and RB408 says how many and where."""
    import docx
    bib = write(tmp_path, "refs.json", '[{"id": "a", "type": "book", "title": "Back\\u0001 pain",'
                ' "author": [{"family": "Nall\\u001b", "given": "Rachel"}], "issued": '
                '{"date-parts": [[2018]]}}]')
    manuscript = write(tmp_path, "in.md", "# Methods\n\nA line \x1b[31mred\x1b[0m and "
                       "\ufffe [@a].\n")
    out = tmp_path / "out.docx"
    result = run("doc", manuscript, "--bibliography", bib, "--style", "apa", "-t", "docx",
                 "-o", out)
    assert result.exit_code == 0, result.output
    # the manuscript's ESC twice and U+FFFE, the entry's two, the citation's one
    assert (f"{manuscript}:3: RB408 warning 6 character(s) a .docx cannot hold"
            in result.output)
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "A line [31mred[0m and  (Nall, 2018)." in paragraphs
    assert "Nall, R. (2018). Back pain." in paragraphs
