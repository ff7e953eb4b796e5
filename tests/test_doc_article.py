"""The article itself as a manuscript (tests/golden/doc/article.md: the seed text with its
nine references cited where it refers to them) in APA, MLA and Chicago notes, in Markdown,
HTML and DOCX. The outputs are kept in build/test-artifacts/article/ (or
$RABP_TEST_ARTIFACTS), with a browser screenshot of each HTML page and LibreOffice's PDF of
each DOCX when chromium and LibreOffice are installed, for a person to look at."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from rabp_refs.cli import main

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "tests" / "golden" / "doc" / "article.md"
ARTIFACTS = Path(os.environ.get("RABP_TEST_ARTIFACTS", ROOT / "build" / "test-artifacts")) \
    / "article"
STYLES = {"apa": "apa", "mla": "modern-language-association",
          "chicago-notes": "chicago-notes-bibliography"}
KEYS = ["nall2018", "arthritisback1", "arthritisback2", "backpain2017", "baykara2013",
        "gillick2015", "neva2011", "rheumatoidarthritis", "seki2018"]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _write(name: str, style: str, extension: str, *args: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = ARTIFACTS / f"article-{name}.{extension}"
    result = CliRunner().invoke(main, ["doc", str(ARTICLE), "-s", style, "-o", str(out),
                                       *args], catch_exceptions=False)
    assert result.exit_code == 0 and result.stderr == "", result.stderr
    return out


@pytest.mark.parametrize("name", STYLES)
def test_article_in_markdown_cites_all_nine_references(name):
    text = _write(name, STYLES[name], "md").read_text(encoding="utf-8")
    assert "[@" not in text and not re.search(r"(?<![\w`])@[a-z]", text)
    refs = text[text.index("::: {#refs}"):]
    assert refs.count("\n\n") >= 9
    if name == "chicago-notes":  # 17 citations, each a footnote
        assert len(re.findall(r"^\[\^\d+\]: ", text, re.M)) == 17
    else:
        assert "[^" not in text


@pytest.mark.parametrize("name", STYLES)
def test_article_in_html_lists_the_nine_entries(name):
    html = _write(name, STYLES[name], "html", "--standalone", "--link-citations").read_text(
        encoding="utf-8")
    assert re.findall(r'<div id="ref-([^"]+)" class="csl-entry"', html) and \
        sorted(re.findall(r'<div id="ref-([^"]+)" class="csl-entry"', html)) == sorted(KEYS)
    assert html.count('<span class="citation"') == 17
    if CHROMIUM:
        shot = ARTIFACTS / f"article-{name}.png"
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                        f"--screenshot={shot}", "--window-size=900,4200",
                        (ARTIFACTS / f"article-{name}.html").as_uri()],
                       capture_output=True, timeout=120, check=True)
        assert shot.stat().st_size > 10_000


def test_article_in_docx_opens_in_libreoffice():
    import docx
    paths = [_write(name, style, "docx") for name, style in STYLES.items()]
    for path in paths:
        document = docx.Document(str(path))
        assert document.paragraphs[0].text == "Rheumatoid arthritis and back pain"
        assert sum(1 for p in document.paragraphs
                   if p.paragraph_format.first_line_indent is not None) == 9
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed: the PDFs were not made")
    profile = ARTIFACTS / "lo-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(ARTIFACTS), *map(str, paths)],
                   check=True, capture_output=True, timeout=300)
    shutil.rmtree(profile, ignore_errors=True)
    for path in paths:
        assert path.with_suffix(".pdf").stat().st_size > 10_000
