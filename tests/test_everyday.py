"""Nothing to trip over (issue 21): exit codes a script can trust, one set of options, one
error prefix, CSL-YAML read back, shell completion. Each through the CLI, with stdout, stderr
and the exit code checked apart."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from rabp_refs.cli import main

ROOT = Path(__file__).resolve().parent.parent
BIB = str(ROOT / "references.bib")


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


# --- exit codes ------------------------------------------------------------------------------

@pytest.mark.parametrize("option", ["--select", "--ignore"])
@pytest.mark.parametrize("typed, nearest", [("RB99x", "RB904"), ("duplicat-key", "duplicate-key"),
                                            ("RB1O3", "RB103")])
def test_check_refuses_a_rule_that_does_not_exist(option, typed, nearest):
    result = run("check", BIB, option, typed)
    assert result.exit_code == 2 and result.stdout == ""
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"rabp-refs: error: Invalid value for '{option}': no rule is named "
                           f"'{typed}'; did you mean ")
    assert nearest in last


def test_check_takes_codes_prefixes_and_names():
    result = run("check", BIB, "--select", "RB1,duplicate-doi", "--ignore", "RB103")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("name, content, read_as", [
    ("empty.bib", "", "BibTeX"),
    ("essay.md", "# My essay\n\nAs Neva et al. found [@neva2011].\n", "BibTeX"),
    ("empty.json", "[]", "CSL-JSON"),
    ("empty.yaml", "---\nreferences: []\n...\n", "CSL-YAML"),
])
def test_an_input_without_entries_is_an_error_not_empty_output(tmp_path, name, content, read_as):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    message = f"{path}: RB010 error no entries in {path} (read as {read_as})"
    for command in (["render", str(path)], ["convert", str(path), "-t", "csl-json"],
                    ["cite", "x", "-b", str(path)]):
        result = run(*command)
        assert result.exit_code == 2, command
        assert result.stdout == ""
        assert message in result.stderr
    checked = run("check", str(path))
    assert checked.exit_code == 1
    assert message in checked.stdout


def test_an_unknown_locator_label_is_a_warning():
    result = run("cite", "neva2011", "-b", BIB, "-l", "blah 5")
    assert result.exit_code == 0
    assert result.stderr.startswith("rabp-refs: warning: 'blah' in --locator 'blah 5' is not a "
                                    "locator label")
    quiet = run("cite", "neva2011", "-b", BIB, "-l", "p. 5")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert quiet.stdout.startswith("(Neva et al., 2011, p. 5)")


def test_an_unknown_id_in_cites_is_located_in_that_file(tmp_path):
    cites = tmp_path / "cites.json"
    cites.write_text('[\n ["nall2018"],\n [{"id": "nope", "locator": "3"}]\n]\n')
    result = run("render", BIB, "--cites", str(cites))
    assert result.exit_code == 2
    assert f"{cites}:3: RB901 error [nope] citation 2: no item with id 'nope'" in result.stderr


# --- one set of options ----------------------------------------------------------------------

def test_dash_h_is_help_everywhere():
    assert run("-h").stdout.startswith("Usage: ")
    for name in main.commands:
        result = run(name, "-h")
        assert result.exit_code == 0 and result.stdout.startswith("Usage: "), name


def test_click_usage_errors_carry_our_prefix():
    for args in (["render", "-f", "docx"], ["nosuch"], ["cite"], ["check", "--fail-on", "x"]):
        result = run(*args)
        assert result.exit_code == 2 and result.stdout == ""
        errors = [line for line in result.stderr.splitlines() if "rror" in line]
        assert len(errors) == 1 and errors[0].startswith("rabp-refs: error: "), result.stderr


def test_output_bibliography_and_csl_spellings(tmp_path):
    expected = run("render", BIB, "--style", "apa").stdout
    for spelling in ("-o", "--output", "--out"):
        out = tmp_path / f"refs{spelling}.txt"
        result = run("render", "-b", BIB, "--csl", "apa", spelling, str(out))
        assert result.exit_code == 0 and result.stdout == ""
        assert out.read_text(encoding="utf-8") == expected
    cited = tmp_path / "cite.txt"
    result = run("cite", "nall2018", "-b", BIB, "-s", "apa", "-o", str(cited))
    assert result.exit_code == 0 and result.stdout == ""
    assert cited.read_text(encoding="utf-8") == run("cite", "nall2018", "-b", BIB).stdout
    pages = tmp_path / "page"
    assert run("page", BIB, "-k", "nall2018", "--output", str(pages)).exit_code == 0
    assert (pages / "index.html").is_file()


def test_cite_and_render_json_share_their_keys():
    cited = json.loads(run("cite", "neva2011", "-b", BIB, "--json").stdout)
    rendered = json.loads(run("render", BIB, "--json").stdout)
    assert set(rendered) <= set(cited)
    assert cited["citations"] == [cited["citation"]] == ["(Neva et al., 2011)"]


# --- CSL-YAML read back -----------------------------------------------------------------------

def test_csl_yaml_we_write_reads_back_to_the_same_rendering(tmp_path):
    yaml_file = tmp_path / "refs.yaml"
    assert run("convert", BIB, "-t", "csl-yaml", "-o", str(yaml_file)).exit_code == 0
    for style in ("apa", "mla"):
        assert run("render", str(yaml_file), "-s", style).stdout == \
            run("render", BIB, "-s", style).stdout


def test_csl_yaml_aliases_are_refused(tmp_path):
    bomb = tmp_path / "laughs.yaml"
    bomb.write_text("---\nreferences:\n- &a\n  id: x\n  type: book\n  title: [&b lol, *b, *b]\n")
    result = run("render", str(bomb))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"rabp-refs: error: {bomb}:6: not valid YAML: an alias")


def test_csl_yaml_dates_are_csl_dates(tmp_path):
    path = tmp_path / "one.yaml"
    path.write_text("---\nreferences:\n- id: x\n  type: book\n  title: A Book\n"
                    "  author: [{family: Doe, given: Jane}]\n  issued: 2018-08-31\n"
                    "  publisher: Pub\n")
    result = run("render", str(path), "-s", "apa")
    assert (result.exit_code, result.stderr) == (0, "")
    # citeproc-js leaves the title as written (CSL APA does not sentence-case it)
    assert result.stdout == "Doe, J. (2018). A Book. Pub.\n"


# --- shell completion ---------------------------------------------------------------------------

def _complete(words: str) -> list[str]:
    env = dict(os.environ, COMP_WORDS=words, COMP_CWORD=str(len(words.split()) - 1),
               _RABP_REFS_COMPLETE="bash_complete")
    out = subprocess.run([sys.executable, "-c", "from rabp_refs.cli import main; "
                          "main(prog_name='rabp-refs')"], env=env, capture_output=True,
                         text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0 and out.stderr == ""
    return [line.split(",", 1)[1] for line in out.stdout.splitlines()]


def test_completion_of_commands_options_styles_and_keys():
    assert "render" in _complete("rabp-refs ren")
    assert {"--style", "--standalone"} <= set(_complete("rabp-refs render --st"))
    assert {"mla", "mla9"} <= set(_complete("rabp-refs cite --style mla"))
    assert "chicago-notes-bibliography" in _complete("rabp-refs render -s chicago-notes-b")
    assert _complete("rabp-refs cite ne") == ["neva2011"]


def test_check_takes_pandocs_spellings_too():
    plain = run("check", BIB, "--style", "apa")
    spelled = run("check", "-b", BIB, "--csl", "apa")
    assert (spelled.exit_code, spelled.stdout, spelled.stderr) == \
        (plain.exit_code, plain.stdout, plain.stderr)


@pytest.mark.parametrize("body, message", [
    ("  volume: .inf\n", "a number no output can hold (inf)"),
    ("  custom: " + "[" * 150 + "]" * 150 + "\n", "YAML nested more than 100 levels deep"),
    ("  title: [unclosed\n", "not valid YAML"),
])
def test_csl_yaml_that_no_output_can_hold_is_refused(tmp_path, body, message):
    path = tmp_path / "bad.yaml"
    path.write_text("---\nreferences:\n- id: x\n  type: book\n" + body)
    result = run("render", str(path))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"rabp-refs: error: {path}") and message in result.stderr


def test_csl_yaml_nul_is_removed_and_reported(tmp_path):
    path = tmp_path / "nul.yaml"
    path.write_text('---\nreferences:\n- id: x\n  type: book\n  title: "Back\\0 pain"\n')
    result = run("render", str(path), "-s", "apa")
    assert (result.exit_code, result.stdout) == (0, "Back pain. (n.d.).\n")
    assert f"{path}: RB407 warning 1 value(s) held a NUL character; removed" in result.stderr
