"""One reading of brace groups (latex.brace_tokens) for every module that looks for them: a
backslash takes the next character with it ("\\{" is a literal brace, as LaTeX prints it and
bibtexparser reads it), and a closing brace with no group open closes nothing (the decoder
drops it). BibTeX 0.99d itself counts "\\{" as a brace; bibtexparser, which delimits what we
read, does not, so a value with an unpaired "\\{" reaches every reader below."""
from __future__ import annotations

import re

import pytest

from rabp_refs import bibtex, csl_data, fmt, latex, validate


@pytest.mark.parametrize("text, balanced", [
    ("a {b} c", True), ("a \\{ b", True), ("a \\} b", True), ("\\\\{a}", True),
    ("a {b", False), ("a} {b", False), ("\\\\{", False),
])
def test_balanced_braces_reads_escaped_braces_as_text(text, balanced):
    assert latex.balanced_braces(text) is balanced


def test_the_stretches_at_depth_zero():
    text = "a{b}c\\{d}e"
    assert [text[i:j] for i, j in latex.top_level(text)] == ["a", "c", "d", "e"]
    assert [text[i:j] for i, j in latex.top_level(text, with_escapes=True)] == ["a", "c\\{d", "e"]
    assert latex.group_end("{a\\}b}c", 0) == 6 and latex.group_end("{a{b}", 0) is None


def test_an_escaped_brace_does_not_hide_the_rest_of_a_title_from_the_acronym_check():
    bib = bibtex.parse("@misc{a, title = {How to use \\{ in {BibTeX} and NASA}}")
    found = [d for d in validate.check([bib]) if d.code == "RB405"]
    assert len(found) == 1 and "NASA" in found[0].message


def test_fmt_fixes_a_value_with_an_unpaired_escaped_brace():
    assert fmt.fix_value("title", "{The \\{ Operator in RA}") == "{The \\{ Operator in {RA}}"


def test_a_stray_closing_brace_closes_nothing_when_splitting_names():
    assert csl_data.split_name_list("Doe} and Roe") == ["Doe}", "Roe"]


def test_concatenation_is_split_outside_braces_quotes_and_escapes():
    assert bibtex._split_concatenation('{a \\# b} # "c # d" # e \\# f') == \
        ["{a \\# b}", '"c # d"', "e \\# f"]


def test_a_comment_block_ends_where_bibtexparser_ends_it():
    text = "@comment{a \\} b}\n@misc{k,\n  % note\n  title = {T}}\n"
    assert bibtex.blank_comments(text) == text.replace("% note", "      ")
    assert bibtex._block_end("@comment(a } b) x", 9, ")") == len("@comment(a } b)")


def _reported_acronyms(title: str) -> set[str]:
    bib = bibtex.parse("@misc{a, title = {" + title + "}}")
    found = [d.message for d in validate.check([bib]) if d.code == "RB405"]
    return set(found[0].split(": ", 1)[1].split(", ")) if found else set()


@pytest.mark.parametrize("title, acronyms, fixed", [
    ("Surgery in RA and NSAIDs: {RA} \\LaTeX", {"RA", "NSAIDs"},
     "Surgery in {RA} and {NSAIDs}: {RA} \\LaTeX"),
    ("MRI and COVID-19 in H1N1", {"MRI", "COVID-19", "H1N1"},
     "{MRI} and {COVID-19} in {H1N1}"),
    ("Lupus:SLE and RA-related pain", {"SLE", "RA"}, "Lupus:{SLE} and {RA}-related pain"),
    # glued to a group, a command's name, math: none
    ("{A}BC, \\NASA and $AB$", set(), "{A}BC, \\NASA and $AB$"),
    ("The \\{ of RA", {"RA"}, "The \\{ of {RA}"),
])
def test_fmt_braces_exactly_the_acronyms_the_check_reports(title, acronyms, fixed):
    assert _reported_acronyms(title) == acronyms
    assert fmt.fix_value("title", "{" + title + "}") == "{" + fixed + "}"
    assert _reported_acronyms(fixed) == set()
