"""The command line: stdout, stderr and exit code of every command, error paths included."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from rabp_refs.cli import main

ROOT = Path(__file__).resolve().parent.parent
BIB = str(ROOT / "references.bib")
NALL_MLA = ('Nall, Rachel. "Rheumatoid arthritis and back pain." Medical News Today. '
            "MediLexicon, Intl., 31 Aug. 2018. Web. 6 Sep. 2019. "
            "<https://www.medicalnewstoday.com/articles/322950.php>")


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def elsewhere(tmp_path):
    """A working folder with no references.bib in it."""
    old = os.getcwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(old)


def test_every_command_has_help():
    for name, command in main.commands.items():
        assert command.help, f"{name} has no help text"
        result = run(name, "--help")
        assert result.exit_code == 0 and "Exit codes" in result.output


# --- render --------------------------------------------------------------------------------

def test_render_apa_reference_list():
    result = run("render", BIB, "--style", "apa")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 9
    assert lines[2] == "Back pain. (2017, March)."
    assert lines[6].startswith("Neva, M. H., Häkkinen, A., Isomäki, P., & Sokka, T. (2011).")
    assert result.stderr == ""


def test_render_with_no_file_uses_references_bib_here_or_the_bundled_copy(elsewhere):
    bundled = run("render", "--style", "medical-news-today-mla")
    assert bundled.exit_code == 0 and NALL_MLA in bundled.stdout
    (elsewhere / "references.bib").write_text("@online{mine, title={Only Mine}, year=2020}\n")
    local = run("render", "--style", "apa")
    assert local.stdout == "Only mine. (2020).\n"


def test_render_reads_stdin_and_csl_json():
    bib = run("render", "-", "--style", "apa", input="@book{b, title={A Book}, year=1999}")
    assert bib.stdout == "A book. (1999).\n"
    items = json.dumps([{"id": "x", "type": "book", "title": "A book", "issued":
                         {"date-parts": [[1999]]}}])
    from_json = run("render", "-", "--style", "apa", input=items)
    assert from_json.stdout == "A book. (1999).\n"


def test_render_json_has_the_oracle_shape():
    result = run("render", BIB, "--style", "apa", "--json")
    data = json.loads(result.stdout)
    assert set(data) == {"bibliography", "bibliography_ids", "citations", "errors"}
    assert len(data["bibliography"]) == len(data["bibliography_ids"]) == 9
    assert data["citations"][0] == "(Nall, 2018)" and data["errors"] == []


def test_render_html_wraps_entries():
    result = run("render", BIB, "--style", "apa", "--format", "html")
    assert result.stdout.startswith('<div class="csl-bib-body" style="line-height: 2;">\n'
                                    '  <div class="csl-entry" style="padding-left: 0.5in; '
                                    'text-indent: -0.5in; margin: 0;">')
    assert "<i>Rheumatology</i>" in result.stdout
    assert '<a href="https://doi.org/10.1093/rheumatology/ker173">' in result.stdout
    plain = run("render", BIB, "--style", "apa", "--format", "html", "--no-links").stdout
    assert "<a " not in plain


@pytest.mark.parametrize("fmt,start,marker", [
    ("markdown", "*Arthritis and diseases that affect the back*. (n.d.-a).\n\n",
     "*Rheumatology*, *50*(9)"),
    ("rtf", "{\\rtf1", "{\\i{}Rheumatology}"),
    ("latex", "{%", "\\emph{Rheumatology}"),
])
def test_render_every_format(fmt, start, marker):
    result = run("render", BIB, "--style", "apa", "--format", fmt)
    assert result.exit_code == 0
    assert result.stdout.startswith(start) and marker in result.stdout


def test_render_standalone_page(tmp_path):
    out = tmp_path / "refs.html"
    run("render", BIB, "-s", "mla", "-f", "html", "--standalone", "--title", "Works Cited",
        "-o", str(out))
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<h1>Works Cited</h1>" in page
    assert '<html lang="en-US">' in page
    result = run("render", BIB, "-f", "text", "--standalone")
    assert result.exit_code == 2 and "--standalone applies to" in result.stderr


def test_cite_rtf_is_one_document():
    result = run("cite", "nall2018", "-b", BIB, "--style", "apa", "--format", "rtf")
    assert result.stdout.startswith("{\\rtf1") and result.stdout.count("\\par\n") == 2


def test_render_with_cites_file(tmp_path):
    cites = tmp_path / "cites.json"
    cites.write_text(json.dumps([[{"id": "neva2011", "locator": "1637", "label": "page"}]]))
    result = run("render", BIB, "--cites", str(cites), "--json")
    assert json.loads(result.stdout)["citations"] == ["(Neva et al., 2011, p. 1637)"]


def test_render_writes_the_output_file_atomically(tmp_path):
    out = tmp_path / "refs.txt"
    out.write_text("old")
    os.chmod(out, 0o640)
    result = run("render", BIB, "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text().count("\n") == 9
    assert oct(out.stat().st_mode & 0o777) == oct(0o640)
    assert [p.name for p in tmp_path.iterdir()] == ["refs.txt"]


# --- cite ----------------------------------------------------------------------------------

def test_cite_the_article_in_its_own_mla_format():
    result = run("cite", "nall2018", "-b", BIB, "--style", "medical-news-today-mla")
    assert result.exit_code == 0
    assert result.stdout == f"(Nall)\n\n{NALL_MLA}\n"


def test_cite_parenthetical_with_locator():
    result = run("cite", "neva2011", "-b", BIB, "--locator", "p. 1637")
    citation, _, entry = result.stdout.partition("\n\n")
    assert citation == "(Neva et al., 2011, p. 1637)"
    assert entry.startswith("Neva, M. H., Häkkinen, A.")


def test_cite_narrative():
    result = run("cite", "neva2011", "-b", BIB, "--narrative")
    assert result.stdout.splitlines()[0] == "Neva et al. (2011)"
    mla = run("cite", "neva2011", "-b", BIB, "--narrative", "--style", "mla", "-l", "1637")
    assert mla.stdout.splitlines()[0] == "Neva et al. (1637)"


def test_cite_several_keys_in_one_cluster_and_json():
    result = run("cite", "seki2018", "baykara2013", "-b", BIB, "--json")
    data = json.loads(result.stdout)
    assert data["citation"] == "(Baykara et al., 2013; Seki et al., 2018)"
    assert data["bibliography_ids"] == ["baykara2013", "seki2018"]


def test_cite_keys_match_regardless_of_case():
    assert run("cite", "NEVA2011", "-b", BIB).stdout.startswith("(Neva et al., 2011)")


# --- styles --------------------------------------------------------------------------------

def test_styles_lists_ours_first():
    lines = run("styles").stdout.splitlines()
    assert lines[0].startswith("medical-news-today-apa") and "*" in lines[0]
    assert lines[1].startswith("medical-news-today-mla")
    assert len(lines) > 2000


def test_styles_query_and_json():
    assert run("styles", "mla handbook").stdout.startswith("modern-language-association")
    data = json.loads(run("styles", "medical", "--json").stdout)
    assert [s["id"] for s in data if s["own"]] == ["medical-news-today-apa",
                                                    "medical-news-today-mla"]


# --- errors: one clear line, exit code 2, never a traceback ----------------------------------

@pytest.mark.parametrize("args, message", [
    (["cite", "nope2011", "-b", BIB], "unknown key 'nope2011'"),
    (["cite", "neva201", "-b", BIB], "did you mean neva2011"),
    (["render", BIB, "--style", "apaa"], "unknown style 'apaa'; did you mean apa"),
    (["render", BIB, "--style", "missing.csl"], "missing.csl: no such style file"),
    (["render", "no-such.bib"], "no-such.bib: no such file"),
    (["render", BIB, "--locale", "xx-XX"], "unknown locale 'xx-XX'"),
    (["styles", "zzzzzz-no-such"], "no style matches"),
    (["cite", "neva2011", "-b", BIB, "-l", "1", "-l", "2"], "2 locators for 1 key"),
])
def test_errors_are_one_line_with_exit_code_2(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_a_directory_is_not_a_bibliography(tmp_path):
    result = run("render", str(tmp_path))
    assert result.exit_code == 2 and "is a directory" in result.stderr


def test_a_malformed_entry_is_located_and_the_others_are_rendered(tmp_path):
    bad = tmp_path / "bad.bib"
    bad.write_text("@article{ok, title={Fine}, year=2000}\n"
                   "@article{broken,\n  title = {Unclosed,\n  year = 2001\n"
                   "@book{b, title={B}, year=2002}\n")
    result = run("render", str(bad))
    assert result.exit_code == 1
    assert result.stdout == "B. (2002).\nFine. (2000).\n"
    assert f"{bad}:2: RB001 error [broken] syntax error" in result.stderr
    strict = run("render", str(bad), "--strict")
    assert strict.exit_code == 2 and strict.stdout == ""
    assert "nothing was rendered (--strict)" in strict.stderr


def test_malformed_file_with_json_still_prints_json(tmp_path):
    bad = tmp_path / "bad.bib"
    bad.write_text("@article{broken,\n  title = {Unclosed,\n")
    result = run("render", str(bad), "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["errors"][0].startswith(f"{bad}:1: RB001")


def test_invalid_cites_file(tmp_path):
    cites = tmp_path / "c.json"
    cites.write_text("{not json")
    result = run("render", BIB, "--cites", str(cites))
    assert result.exit_code == 2 and "not valid JSON" in result.stderr


def test_a_bug_is_one_line_and_exit_code_3(monkeypatch):
    from rabp_refs import cli

    def boom(*args, **kwargs):
        raise RuntimeError("simulated bug")
    monkeypatch.setattr(cli, "list_styles", boom)
    result = CliRunner().invoke(main, ["styles"])
    assert result.exit_code == 3
    assert "internal error (please report it): RuntimeError: simulated bug" in result.stderr


def test_a_reader_that_stops_early_is_not_an_error():
    import subprocess
    exe = Path(os.sys.executable).parent / "rabp-refs"
    result = subprocess.run(f"'{exe}' styles | head -1", shell=True, capture_output=True,
                            text=True)
    assert result.stdout.startswith("medical-news-today-apa")
    assert result.stderr == ""


def test_the_console_script_is_installed():
    exe = shutil.which("rabp-refs", path=str(Path(os.sys.executable).parent))
    assert exe, "the rabp-refs console script is not installed next to this Python"
    assert isinstance(main, click.Group)


def test_csl_json_items_without_id_or_type_are_reported():
    items = json.dumps([{"title": "No id"}, {"id": "t", "title": "No type"}])
    result = run("render", "-", "--json", input=items)
    data = json.loads(result.stdout)
    assert result.exit_code == 1  # reported; the item that has an id is rendered
    assert data["errors"] == ["<stdin>: RB005 error item 1 has no id; it is left out "
                              '(every CSL-JSON item needs an "id" and a "type")',
                              "<stdin>: RB005 warning [t] item 2 has no type; read as "
                              '\'document\' (every CSL-JSON item needs an "id" and a "type")']
    assert data["bibliography_ids"] == ["t"]


def test_render_jobs_changes_nothing_but_the_processes(forked):
    """`render -j 1` maps and renders in this process alone; `-j 2` gives the same output."""
    from rabp_refs import forking
    corpus = str(Path(__file__).parent / "golden" / "corpus" / "generated.bib")
    one = run("render", corpus, "-s", "modern-language-association", "-j", "1")
    assert one.exit_code == 0 and forked and max(forked) == 1
    two = run("render", corpus, "-s", "modern-language-association", "-j", "2")
    assert two.output == one.output
    if forking.can_fork():
        assert max(forked) == 2


def test_start_up_leaves_out_what_only_some_commands_need():
    """The command line starts without the engine (citeproc-py, lxml) and without batch's
    process pool: the commands that need them import them."""
    import subprocess
    import sys
    code = ("import sys, rabp_refs.cli; print(sorted(m for m in ('rabp_refs.batch', "
            "'rabp_refs.engine', 'citeproc', 'concurrent.futures') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
