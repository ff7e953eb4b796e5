"""LaTeX output that \\cite uses properly (issue 21): natbib's author-year labels for
author-date styles, numbers for the others; the style's line spacing; links without boxes.

The labels' text is APA's own in-text citation of the article's records, as the APA manual
(7th ed., 8.17) gives it: "(Neva et al., 2011)", "(Gillick et al., 2015)"; natbib's reading of
them is checked by compiling with pdflatex, where it is installed."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from rabp_refs.cli import main

ROOT = Path(__file__).resolve().parent.parent
BIB = str(ROOT / "references.bib")
PDFLATEX = shutil.which("pdflatex")


def latex(*args):
    result = CliRunner().invoke(main, ["render", BIB, "-f", "latex", *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_author_date_styles_give_natbib_labels():
    apa = latex("-s", "apa")
    assert "\\bibitem[Neva et al.(2011)]{neva2011} " in apa
    assert "\\bibitem[Gillick et al.(2015)]{gillick2015} " in apa
    assert "\\bibitem[Nall(2018)]{nall2018} " in apa
    # two works disambiguated by year suffix keep them in their labels
    assert "(n.d.-a)]{arthritisback1}" in apa and "(n.d.-b)]{arthritisback2}" in apa


@pytest.mark.parametrize("style", ["ieee", "modern-language-association"])
def test_numeric_and_author_page_styles_keep_plain_bibitems(style):
    text = latex("-s", style)
    assert "\\bibitem{neva2011} " in text and "\\bibitem[" not in text


def test_line_spacing_and_links_without_boxes():
    apa = latex("-s", "apa", "--standalone")  # APA: line-spacing="2"
    assert "\\linespread{1.66667}\\selectfont" in apa
    assert "\\usepackage[hidelinks]{hyperref}" in apa
    assert "\\linespread" not in latex("-s", "ieee")


@pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed (texlive-latex-base)")
def test_citet_and_citep_read_the_labels(tmp_path):
    (tmp_path / "refs.tex").write_text(latex("-s", "apa"), encoding="utf-8")
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\n\\usepackage[authoryear,round]{natbib}\n"
        "\\usepackage{url}\n\\begin{document}\nAs \\citet{neva2011} found "
        "\\citep{seki2018}.\n\\input{refs.tex}\n\\end{document}\n", encoding="utf-8")
    for _ in range(2):
        run = subprocess.run([PDFLATEX, "-interaction=nonstopmode", "-halt-on-error",
                              "-no-shell-escape", "doc.tex"], cwd=tmp_path,
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stdout[-2000:]
    aux = (tmp_path / "doc.aux").read_text(encoding="utf-8")
    # natbib's \bibcite{key}{{number}{year}{{short authors}}{{long authors}}}
    assert re.search(r"\\bibcite\{neva2011\}\{\{\d+\}\{2011\}\{\{Neva et al\.\}\}", aux)
    assert re.search(r"\\bibcite\{seki2018\}\{\{\d+\}\{2018\}\{\{Seki et al\.\}\}", aux)
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert "Citation" not in log or "undefined" not in log
