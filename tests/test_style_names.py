"""Style names people type: any case, the common short names, "did you mean", and what
`rabp-refs styles` shows of each style (its class and edition)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from rabp_refs.cli import main
from rabp_refs.styles import ALIASES, OFFICIAL_DIR, find_style, style_info


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("alias", sorted(ALIASES))
def test_every_alias_names_a_shipped_official_style(alias):
    target = OFFICIAL_DIR / f"{ALIASES[alias]}.csl"
    assert target.is_file(), f"{alias} -> {ALIASES[alias]}: no such official style"
    assert find_style(alias) == target


def test_no_alias_hides_an_official_style_of_the_same_name():
    hidden = [a for a in ALIASES if (OFFICIAL_DIR / f"{a}.csl").is_file()]
    assert hidden == []


@pytest.mark.parametrize("name, title", [
    ("apa", "APA Style 7th edition"),
    ("APA", "APA Style 7th edition"),
    ("apa7", "APA Style 7th edition"),
    ("apa6", "APA Style 6th edition"),
    ("MLA", "MLA Handbook 9th edition (in-text citations)"),
    ("mla9", "MLA Handbook 9th edition (in-text citations)"),
    ("ama", "AMA Manual of Style 11th edition"),
    ("vancouver", "NLM/Vancouver: Citing Medicine 2nd edition (citation-sequence)"),
    ("harvard", "Cite Them Right 12th edition (author-date/Harvard)"),
    ("ieee", "IEEE Reference Guide version 11.29.2023"),
    ("chicago", "Chicago Manual of Style 18th edition (author-date)"),
    ("Chicago-Notes", "Chicago Manual of Style 18th edition (notes without bibliography)"),
    ("chicago-notes-bibliography", "Chicago Manual of Style 18th edition (notes and bibliography)"),
    ("turabian", "Chicago Manual of Style 17th edition (notes and bibliography)"),
    ("nature", "Nature"),
    ("oscola", "OSCOLA 4th edition"),
])
def test_names_people_type_resolve(name, title):
    assert style_info(name).title == title


@pytest.mark.parametrize("name, first", [
    ("APA", "(Nall, 2018)"),
    ("vancouver", "(1)"),
    ("chicago-notes", "Rachel Nall, “Rheumatoid Arthritis and Back Pain,” "),
])
def test_the_cli_renders_with_those_names(name, first):
    result = run("cite", "nall2018", "--style", name)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(first)


@pytest.mark.parametrize("typed, suggested", [
    ("mla8", "mla"),
    ("apa5", "apa"),
    ("chicgo", "chicago"),
    ("vancover", "vancouver"),
])
def test_an_unknown_name_gets_did_you_mean(typed, suggested):
    result = run("cite", "nall2018", "--style", typed)
    assert result.exit_code == 2 and result.stdout == ""
    line = result.stderr.strip()
    assert line.startswith(f"rabp-refs: error: unknown style '{typed}'; did you mean ")
    assert suggested in line.split("did you mean ", 1)[1].rstrip("?").split(", ")


def test_styles_shows_class_and_edition():
    result = run("styles", "chicago manual of style 18th")
    assert result.exit_code == 0
    rows = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert rows["chicago-author-date"].split()[1:3] == ["in-text", "18th"]
    assert rows["chicago-notes-bibliography"].split()[1:3] == ["note", "18th"]
    listed = json.loads(run("styles", "oscola", "--json").stdout)
    oscola = next(s for s in listed if s["id"] == "oscola")
    assert (oscola["class"], oscola["edition"]) == ("note", "4th")
    nature = json.loads(run("styles", "nature", "--json").stdout)
    assert next(s for s in nature if s["id"] == "nature")["edition"] is None


def test_styles_finds_a_style_by_its_alias():
    result = run("styles", "vancouver", "--json")
    assert "nlm-citation-sequence" in {s["id"] for s in json.loads(result.stdout)}
