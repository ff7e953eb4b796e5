"""The "cite this article" page: what `rabp-refs page` writes, and the page in a real Chromium.

The browser tests drive the system Chromium (Debian packages chromium and chromium-driver)
with Selenium over a local HTTP server (a secure context, as a real site is, so the
Clipboard API is there). A screenshot of each page is saved in build/test-artifacts/ (or
$RABP_TEST_ARTIFACTS).
"""
from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from rabp_refs import bibtex, page, sources
from rabp_refs.cli import main
from rabp_refs.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
BIB = ROOT / "references.bib"
ARTIFACTS = Path(os.environ.get("RABP_TEST_ARTIFACTS", ROOT / "build" / "test-artifacts"))


def _build(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["page", str(BIB), *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_page_files_for_one_record(tmp_path):
    out = _build(tmp_path, "--key", "nall2018", "--style", "ieee")
    assert sorted(p.name for p in out.iterdir()) == [
        "index.html", "nall2018.bib", "nall2018.json", "nall2018.ris"]
    html = (out / "index.html").read_text(encoding="utf-8")
    # self-contained: no external script, style sheet, image or font
    assert not re.search(r"<(script|link|img|iframe)[^>]*\b(src|href)=\"(?!data:)", html)
    assert "@import" not in html and "url(" not in html
    for label in ("APA 7th edition", "MLA 9th edition", "Chicago (author-date)",
                  "IEEE Reference Guide version 11.29.2023"):
        assert label in html
    assert '<label for="style">Citation style</label>' in html
    # the entry as the style renders it, prepared at build time
    apa = Engine("apa", output_format="text").render(
        [i for i in sources.load(BIB).items if i["id"] == "nall2018"])
    assert f'data-text="{apa.bibliography[0]}"' in html
    assert (out / "nall2018.bib").read_text() == bibtex.parse(BIB.read_text()).entries[0].raw \
        + "\n"
    ris = (out / "nall2018.ris").read_bytes()
    assert ris.startswith(b"TY  - ELEC\r\nAU  - Nall, Rachel\r\n") and b"ER  - " in ris


def test_page_for_a_whole_file_and_an_unknown_key(tmp_path):
    out = _build(tmp_path)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "<h2>Reference list</h2>" in html and html.count('class="csl-entry"') == 9 * 5
    result = CliRunner().invoke(main, ["page", str(BIB), "--key", "nall", "-o",
                                       str(tmp_path / "x")])
    assert result.exit_code == 2 and "unknown key 'nall'" in result.output


def test_bibtex_source_carries_the_string_macros_it_uses():
    bib = bibtex.parse("@string{jr = {J. Rheum.}}\n@string{other = {x}}\n"
                       "@article{a, title = {T}, journal = jr, year = 2020}\n")
    assert page.bibtex_source(bib, ["a"]) == (
        "@string{jr = {J. Rheum.}}\n\n@article{a, title = {T}, journal = jr, year = 2020}\n")


# --- in a real browser ---------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
needs_browser = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="Chromium and its driver (Debian packages chromium, chromium-driver) are not "
           "installed; .ci/system-packages installs them")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = _build(tmp_path_factory.mktemp("page"), "--key", "gillick2015")
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--window-size=1200,900", "--disable-gpu"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=webdriver.ChromeService(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def _visible_text(driver, css: str) -> str:
    return driver.execute_script(
        "var el = Array.from(document.querySelectorAll(arguments[0]))"
        ".filter(function (e) { return e.offsetParent !== null; })[0];"
        "return el ? el.innerText : null;", css)


def _gillick(style: str) -> str:
    item = [i for i in sources.load(BIB).items if i["id"] == "gillick2015"]
    return Engine(style, output_format="text").render(item).bibliography[0]


@needs_browser
def test_page_loads_and_switching_style_changes_the_text(browser, site):
    from selenium.webdriver.support.ui import Select

    browser.get(site)
    assert browser.title.startswith("Cite this article: ")
    assert _visible_text(browser, ".entry") == _gillick("apa")
    Select(browser.find_element("id", "style")).select_by_value("modern-language-association")
    assert _visible_text(browser, ".entry") == _gillick("modern-language-association")
    assert _visible_text(browser, "dd.citation") == "(Gillick et al.)"
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "cite-this-article.png"))
    assert (ARTIFACTS / "cite-this-article.png").stat().st_size > 0


@needs_browser
def test_the_copy_button_puts_rich_and_plain_text_on_the_clipboard(browser, site):
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    browser.get(site)
    browser.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": site.rsplit("/", 1)[0],
        "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    Select(browser.find_element("id", "style")).select_by_value("apa")
    button = [b for b in browser.find_elements("css selector", "button[data-copy]")
              if b.is_displayed()][0]
    button.send_keys(Keys.ENTER)  # the keyboard works the button
    browser.implicitly_wait(0)
    status = browser.find_element("id", "status")
    for _ in range(50):
        if status.text:
            break
        browser.execute_script("return new Promise(function (r) { setTimeout(r, 100); });")
    assert status.text == "Reference entry copied, with its formatting."
    clipboard = browser.execute_async_script("""
        var done = arguments[arguments.length - 1];
        navigator.clipboard.read().then(async function (items) {
          var out = {};
          for (const type of items[0].types) { out[type] = await (await items[0].getType(type)).text(); }
          done(out);
        }, function (e) { done({error: String(e)}); });""")
    assert clipboard.get("text/plain") == _gillick("apa")
    assert "<i>International Journal of Rheumatology</i>" in clipboard["text/html"]
    assert "text-indent: -0.5in" in clipboard["text/html"]  # the hanging indent travels


@needs_browser
def test_page_is_readable_on_a_phone_with_enough_contrast(browser, site):
    browser.set_window_size(390, 844)
    try:
        browser.get(site)
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth;")
        assert overflow <= 0
        ratios = browser.execute_script("""
            function lum(c) {
              var v = c.match(/[\\d.]+/g).slice(0, 3).map(function (x) {
                x = x / 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
              return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
            }
            function bg(el) {
              while (el) { var b = getComputedStyle(el).backgroundColor;
                if (b && b !== 'rgba(0, 0, 0, 0)' && b !== 'transparent') return b;
                el = el.parentElement; }
              return 'rgb(255, 255, 255)';
            }
            var out = {};
            ['h1', '.kicker', 'label', '.entry', 'button', 'a', 'dt'].forEach(function (css) {
              var el = Array.from(document.querySelectorAll(css)).filter(function (e) {
                return e.offsetParent !== null; })[0];
              var a = lum(getComputedStyle(el).color), b = lum(bg(el));
              out[css] = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
            });
            return out;""")
        low = {css: round(r, 2) for css, r in ratios.items() if r < 4.5}
        assert low == {}  # WCAG 2 AA for normal text
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(ARTIFACTS / "cite-this-article-phone.png"))
    finally:
        browser.set_window_size(1200, 900)


def test_page_never_writes_over_its_input(tmp_path):
    data = (ROOT / "tests" / "golden" / "formats" / "items.json").read_bytes()
    source = tmp_path / "items.json"
    source.write_bytes(data)
    result = CliRunner().invoke(main, ["page", str(source), "-o", str(tmp_path)])
    assert result.exit_code == 2 and "is the input" in result.output
    assert source.read_bytes() == data


# citeproc-js (../shared/oracle) on the article's nall2018 with the clusters
# [["nall2018"], ["neva2011"], ["nall2018"]]: the first note and a later, non-ibid one
#   node oracle.js --style STYLE.csl --items items.json --cites cites.json --format text
NOTES = {
    "chicago-notes": (
        "Rachel Nall, “Rheumatoid Arthritis and Back Pain,” Medical News Today, MediLexicon, "
        "Intl., August 31, 2018, https://www.medicalnewstoday.com/articles/322950.php.",
        "Nall, “Rheumatoid Arthritis and Back Pain.”"),
    "oscola": (
        "Rachel Nall, ‘Rheumatoid Arthritis and Back Pain’ (Medical News Today, 31 August "
        "2018) <https://www.medicalnewstoday.com/articles/322950.php> accessed 6 September "
        "2019.", "Nall (n 1)."),
}


@pytest.mark.parametrize("style", sorted(NOTES))
def test_a_note_style_shows_its_first_and_later_notes(tmp_path, style):
    out = _build(tmp_path, "--key", "nall2018", "--style", style)
    html = (out / "index.html").read_text(encoding="utf-8")
    section = html[html.index(f'data-style="{style}"'):]
    section = section[:section.index("</section>")]
    first, later = NOTES[style]
    assert "<h2>Footnotes</h2>" in section and "Parenthetical" not in section
    assert f'id="{page._slug(style)}-5-cite" data-text="{page.html.escape(first)}"' in section
    assert f'id="{page._slug(style)}-5-short" data-text="{page.html.escape(later)}"' in section
    # a bibliography entry only where the style has a bibliography (chicago-notes has none)
    assert ("<h2>Bibliography entry</h2>" in section) == (style == "oscola")
