"""`rabp-refs doc` against pandoc 3's `--citeproc` (issue 22): the same documents, styles and
locales (tests/golden/doc/, made by make_expected.py with the command written there), their
citations, footnotes, bibliography entries and paragraphs compared text by text.

Where the two differ, tests/golden/doc/known-differences.json lists the difference with its
reason (most: our engine and citeproc-js, the reference processor, agree against pandoc's
citeproc). The list is a ratchet: a new difference fails, and so does one that went away."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from rabp_refs.document import Options, cite_document

GOLDEN = Path(__file__).resolve().parent / "golden" / "doc"
sys.path.insert(0, str(GOLDEN))
from make_expected import CASES, bibliographies, expected_path, pandoc_command  # noqa: E402

KNOWN = GOLDEN / "known-differences.json"


def _text(element) -> str:
    return " ".join(element.text_content().split())


def extract(html: str) -> dict[str, list[str]]:
    """What a reader sees of the citations: each citation's text in the running text (a note
    style: the author a narrative citation leaves there), each footnote, each entry
    (``id: text``) and each paragraph of the text (footnote numbers left out)."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for back in root.xpath('//a[contains(@class, "footnote-back")]'):
        back.drop_tree()
    for ref in root.xpath('//a[contains(@class, "footnote-ref")] | //sup[@class='
                          '"footnote-ref"]'):
        ref.drop_tree()
    notes = [_text(li) for li in root.xpath('//li[starts-with(@id, "fn")]')]
    entries = [f"{div.get('id')}: {_text(div)}"
               for div in root.xpath('//div[contains(@class, "csl-entry")]')]
    for section in root.xpath('//section | //div[@id="refs"] | //hr'):
        section.drop_tree()
    return {"citations": [_text(s) for s in root.xpath('//span[@class="citation"]')],
            "notes": notes, "entries": entries,
            "paragraphs": [_text(p) for p in root.xpath("//p | //h1")]}


def _case_name(document: str, style: str, locale: str) -> str:
    return f"{document}_{style}_{locale}"


def differences(document: str, style: str, locale: str) -> list[dict]:
    ours = cite_document((GOLDEN / f"{document}.md").read_text(encoding="utf-8"),
                         f"{document}.md", Options(bibliographies=bibliographies(document),
                                                   style=style, locale=locale, to="html"),
                         base=GOLDEN)
    mine = extract(ours.output)
    theirs = extract(expected_path(document, style, locale).read_text(encoding="utf-8"))
    found = []
    for kind in ("citations", "notes", "entries", "paragraphs"):
        a, b = mine[kind], theirs[kind]
        for index in range(max(len(a), len(b))):
            x = a[index] if index < len(a) else None
            y = b[index] if index < len(b) else None
            if x != y:
                found.append({"case": _case_name(document, style, locale), "kind": kind,
                              "index": index, "pandoc": y, "ours": x})
    return found


def _known() -> dict[tuple, dict]:
    listed = json.loads(KNOWN.read_text(encoding="utf-8"))
    return {(d["case"], d["kind"], d["index"]): d for d in listed}


@pytest.mark.parametrize("case", CASES, ids=lambda c: _case_name(*c))
def test_same_citations_as_pandoc_but_the_known_differences(case):
    known = {k: v for k, v in _known().items() if k[0] == _case_name(*case)}
    found = {(d["case"], d["kind"], d["index"]): d for d in differences(*case)}
    new = [found[k] for k in found if k not in known or
           (known[k]["pandoc"], known[k]["ours"]) != (found[k]["pandoc"], found[k]["ours"])]
    gone = [known[k] for k in known if k not in found]
    assert not new, "differences from pandoc not in known-differences.json:\n" + "\n".join(
        json.dumps(d, ensure_ascii=False) for d in new)
    assert not gone, "listed differences that went away (take them off the list):\n" + \
        "\n".join(json.dumps(d, ensure_ascii=False) for d in gone)


def test_every_known_difference_has_a_reason():
    for difference in _known().values():
        assert len(difference.get("reason", "")) > 20, difference


PANDOC = None
try:
    import pypandoc
    PANDOC = pypandoc.get_pandoc_path()
except (ImportError, OSError):
    pass


@pytest.mark.skipif(PANDOC is None, reason="pandoc 3 comes with the test extra "
                                           "pypandoc-binary, which is not installed")
def test_the_expected_files_are_pandocs_output():
    version = subprocess.run([PANDOC, "--version"], capture_output=True, text=True).stdout
    assert re.match(r"pandoc 3\.", version)
    for case in CASES:
        out = subprocess.run(pandoc_command(PANDOC, *case), capture_output=True, text=True,
                             check=True, cwd=GOLDEN).stdout
        assert out == expected_path(*case).read_text(encoding="utf-8"), case
