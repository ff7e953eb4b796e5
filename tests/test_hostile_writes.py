"""Hostile input, bounded (issue 18): writes go where the path names and nowhere else, LaTeX
output cannot make TeX read the disk, and XML entities are refused wherever they are declared.

Each case runs through the CLI where the issue speaks of a command: exit code, standard error
and standard output checked apart, and the files on disk after the run.
"""
from __future__ import annotations

from pathlib import Path

from test_hostile import BIB, STYLE_HEAD, run  # its style head and its CLI runner

ARTICLE = "@article{a, author = {Smith, Jo}, title = {Title}, journal = {J}, year = 2018}\n"


# --- XML: entities refused in the whole file, not its first 64 KiB --------------------------

def _style_after_comment(doctype: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<!--' + "x" * 70_000 + "-->\n"
            + doctype + "\n" + STYLE_HEAD
            + '<citation><layout><text value="&e;"/></layout></citation>'
            '<bibliography><layout><text value="&e;"/><text variable="title"/></layout>'
            "</bibliography></style>")


def test_an_entity_declared_after_a_70_kb_comment_is_refused_never_expanded(tmp_path):
    style = tmp_path / "late.csl"
    style.write_text(_style_after_comment('<!DOCTYPE style [<!ENTITY e "EXPANDED">]>'))
    bib = tmp_path / "a.bib"
    bib.write_text(ARTICLE)
    result = run("render", bib, "-s", style)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (f"rabp-refs: error: {style}:3: declares XML entities (a DOCTYPE "
                             "with ENTITY), which CSL styles and locales never need; refused "
                             "(nothing is expanded or fetched)\n")
    assert "EXPANDED" not in result.output


def test_a_doctype_after_a_70_kb_comment_is_refused(tmp_path):
    style = tmp_path / "late.csl"
    style.write_text(_style_after_comment('<!DOCTYPE style SYSTEM "file:///etc/hostname">')
                     .replace("&e;", "x"))
    result = run("render", BIB, "-s", style)
    assert result.exit_code == 2 and result.stdout == ""
    assert f"{style}:3: has a DOCTYPE, which CSL styles and locales never need" in result.stderr
