"""A bad entry never stops the others (issue 20, item 1): a repeated field (RB103, the last
value is used), a repeated key (RB101, the first entry is kept) or an entry that does not
parse (RB001) is reported, the rest is rendered by that rule and the command exits 1;
--strict refuses the input (exit 2, nothing written)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from rabp_refs.cli import main

BIB = """\
@article{doe2001, author = {Doe, Jane}, title = {First}, title = {Second}, journal = {J},
  year = 2001}
@article{doe2001, author = {Roe, Rita}, title = {Other}, journal = {K}, year = 2002}
@book{poe1999, author = {Poe, Edgar}, title = {Book}, publisher = {Pub}, year = 1999}
@article{broken, title = {Unclosed, year = 2003
"""
RB103 = "bad.bib:1: RB103 error [doe2001] field given twice: title; the last one is used"
RB101 = "bad.bib:3: RB101 error [doe2001] duplicate key 'doe2001' (first defined on line 1); " \
        "this entry is ignored"
RB001 = "bad.bib:5: RB001 error [broken] syntax error"
# APA 7th as citeproc-js prints the two entries that can be read
APA = ["Doe, J. (2001). Second. J.", "Poe, E. (1999). Book. Pub."]


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def bad(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.bib").write_text(BIB, encoding="utf-8")
    return "bad.bib"


def _reported(stderr: str) -> None:
    for finding in (RB103, RB101, RB001):
        assert finding in stderr
    assert "Roe" not in stderr


def test_render_goes_on_and_exits_1(bad):
    result = run("render", bad, "-s", "apa")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == APA
    _reported(result.stderr)
    as_json = run("render", bad, "-s", "apa", "--json")
    assert as_json.exit_code == 1
    data = json.loads(as_json.stdout)
    assert data["bibliography"] == APA and any(e.startswith(RB101) for e in data["errors"])


def test_cite_convert_page_and_batch_go_on(bad, tmp_path):
    cited = run("cite", "poe1999", "-b", bad)
    assert cited.exit_code == 1 and cited.stdout.startswith("(Poe, 1999)\n\nPoe, E. (1999).")
    _reported(cited.stderr)
    converted = run("convert", bad, "-t", "csl-json")
    assert converted.exit_code == 1
    assert [i["id"] for i in json.loads(converted.stdout)] == ["doe2001", "poe1999"]
    assert json.loads(converted.stdout)[0]["title"] == "Second"
    page = run("page", bad, "-o", str(tmp_path / "site"))
    assert page.exit_code == 1 and (tmp_path / "site" / "index.html").is_file()
    batch = run("batch", bad, "-o", str(tmp_path / "out"))
    assert batch.exit_code == 1
    assert (tmp_path / "out" / "apa" / "bad.txt").read_text(encoding="utf-8").splitlines() == APA
    assert f"rabp-refs: error: {RB103}" in batch.stderr


@pytest.mark.parametrize("command", [
    ["render", "bad.bib"], ["cite", "poe1999", "-b", "bad.bib"],
    ["convert", "bad.bib", "-t", "csl-json"], ["page", "bad.bib", "-o", "site"],
])
def test_strict_refuses(bad, tmp_path, command):
    result = run(*command, "--strict")
    assert result.exit_code == 2 and result.stdout == ""
    assert "nothing was rendered (--strict)" in result.stderr
    assert not (tmp_path / "site").exists()


def test_batch_strict_writes_nothing_for_that_input(bad, tmp_path):
    result = run("batch", bad, "-o", str(tmp_path / "out"), "--strict")
    assert result.exit_code == 1
    assert not (tmp_path / "out" / "apa" / "bad.txt").exists()
    assert "0 of 1 outputs written" in result.stderr
