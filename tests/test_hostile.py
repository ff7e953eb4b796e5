"""Hostile input: every case gets a clear, located error and exit code 2 (or is read), never a
traceback (exit code 3), within bounded time and memory.

The cases are the issue's list; the inputs the fuzzer (fuzz/fuzz.py) found crashes with are
at the end, one regression test each, with the crash they caused.
"""
from __future__ import annotations

import codecs
import errno
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from rabp_refs import bibtex, fileio, latex, sources
from rabp_refs.cli import main
from rabp_refs.engine import Engine
from rabp_refs.errors import InputError, StyleError

ROOT = Path(__file__).resolve().parent.parent
BIB = ROOT / "references.bib"
ARTICLE = ("@article{a, author = {H\u00e4kkinen, Arja}, title = {T\u00eate}, journal = {J}, "
           "year = 2018}\n")
STYLE_HEAD = ('<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
              "<info><id>x</id><title>t</title><updated>2020-01-01T00:00:00+00:00</updated>"
              "</info>")


def run(*args, input=None):
    result = CliRunner().invoke(main, [str(a) for a in args], input=input)
    assert result.exit_code != 3, result.output  # never an internal error
    assert "Traceback" not in result.output
    return result


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- files ---------------------------------------------------------------------------------

@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n  "])
def test_empty_and_whitespace_files_render_nothing_and_say_so(tmp_path, data):
    result = run("render", write(tmp_path, "e.bib", data))
    assert result.exit_code == 2 and result.stdout == ""
    assert "RB010 error no entries in" in result.stderr


def test_a_binary_file_is_refused(tmp_path):
    result = run("render", write(tmp_path, "b.bib", bytes(range(256)) * 8))
    assert result.exit_code == 2
    assert "b.bib: a binary file (it has NUL bytes), not a bibliography" in result.stderr


@pytest.mark.parametrize("encoding,bom", [("utf-16-le", codecs.BOM_UTF16_LE),
                                          ("utf-16-be", codecs.BOM_UTF16_BE),
                                          ("utf-32-le", codecs.BOM_UTF32_LE),
                                          ("utf-8", codecs.BOM_UTF8)])
def test_unicode_files_with_a_byte_order_mark_are_read(tmp_path, encoding, bom):
    result = run("render", write(tmp_path, "u.bib", bom + ARTICLE.encode(encoding)))
    assert result.exit_code == 0 and result.stdout == "H\u00e4kkinen, A. (2018). T\u00eate. J.\n"


def test_utf16_without_a_byte_order_mark_is_named(tmp_path):
    result = run("render", write(tmp_path, "u.bib", ARTICLE.encode("utf-16-le")))
    assert result.exit_code == 2 and "UTF-16 without a byte-order mark?" in result.stderr


def test_latin1_is_a_located_error(tmp_path):
    """Reported, and the file read as Latin-1 (RB002's documented rule): exit 1."""
    result = run("render", write(tmp_path, "l.bib", b"\n" + ARTICLE.encode("latin-1")))
    assert result.exit_code == 1
    assert "l.bib:2: RB002 error not UTF-8: byte 0xe4 at column 24" in result.stderr
    assert "Häkkinen" in result.stdout


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_windows_and_old_mac_line_ends(tmp_path, newline):
    text = (ARTICLE + "@misc{b, title = {Unclosed}\n").replace("\n", newline)
    result = run("check", write(tmp_path, "n.bib", text.encode()), "--format", "json")
    import json
    lines = {f["code"]: f["line"] for f in json.loads(result.stdout)}
    assert lines.get("RB001") == 2  # the broken entry, on its own line


def test_a_file_over_the_size_limit_is_refused_at_once(tmp_path, monkeypatch):
    big = tmp_path / "big.bib"
    with open(big, "wb") as f:  # a sparse 100 MB file: no need to write 100 MB
        f.seek(100 * 1024 * 1024)
        f.write(b"\n")
    start = time.perf_counter()
    result = run("render", big)
    assert result.exit_code == 2 and time.perf_counter() - start < 2
    assert "big.bib: 100.0 MB is more than the 64 MB an input may have" in result.stderr
    monkeypatch.setenv("RABP_REFS_MAX_INPUT_MB", "0.001")
    result = run("render", "-", input=ARTICLE * 100)
    assert result.exit_code == 2 and "<stdin>: it is more than the 0.001 MB" in result.stderr


def test_a_10_mb_field_is_read(tmp_path):
    path = write(tmp_path, "f.bib", b"@misc{a, title = {" + b"x" * 10_000_000 + b"}}\n")
    items = sources.load(path).items
    assert len(items[0]["title"]) == 10_000_000


def test_10000_nested_braces_are_read_without_recursing(tmp_path):
    path = write(tmp_path, "d.bib", ("@misc{a, title = {" + "{" * 10_000 + "Deep" + "}" * 10_000
                                     + "}, year = 2018}\n").encode())
    result = run("render", path)
    assert result.exit_code == 0 and result.stdout == "Deep. (2018).\n"
    assert latex.decode("{" * 50_000 + "x" + "}" * 50_000).text == "x"


def test_100000_authors(tmp_path):
    names = " and ".join(f"Family{i}, Given" for i in range(100_000))
    path = write(tmp_path, "n.bib", f"@article{{a, author = {{{names}}}, title = {{T}}, "
                                    f"journal = {{J}}, year = 2018}}\n".encode())
    start = time.perf_counter()
    result = run("render", path)
    assert result.exit_code == 0 and time.perf_counter() - start < 30
    assert result.stdout.startswith("Family0, G., Family1, G.,")
    assert "… Family99999, G. (2018). T. J." in result.stdout


def test_undefined_and_recursive_string_macros(tmp_path):
    path = write(tmp_path, "m.bib", b"@string{r = r # r}\n@string{s = s}\n"
                                    b"@misc{a, title = undefined # s, note = r, year = 2018}\n")
    result = run("check", path)
    assert result.exit_code == 0
    assert "m.bib:3: RB004 warning [a.title] undefined @string macro 'undefined'" in result.stdout
    assert "m.bib:1: RB004 warning [r] undefined @string macro 'r'" in result.stdout


def test_crossrefs_in_a_cycle(tmp_path):
    path = write(tmp_path, "c.bib", b"@inbook{a, crossref = {b}, title = {A}}\n"
                                    b"@inbook{b, crossref = {a}, title = {B}}\n"
                                    b"@inbook{c, crossref = {c}, title = {C}}\n")
    result = run("check", path)
    assert "RB502" in result.stdout and result.stdout.count("RB502") == 3
    assert run("render", path).exit_code == 0


def test_impossible_dates_are_reported_and_not_invented(tmp_path):
    path = write(tmp_path, "d.bib", b"@misc{a, title = {A}, date = {2018-02-30}}\n"
                                    b"@misc{b, title = {B}, year = {0000}}\n")
    result = run("check", path)
    assert "d.bib:1: RB204 warning [a.date]" in result.stdout
    assert "d.bib:2: RB204 warning [b.year]" in result.stdout
    assert run("render", path).exit_code == 0


def test_a_path_that_is_a_directory(tmp_path):
    result = run("render", tmp_path)
    assert result.exit_code == 2 and "is a directory, not a bibliography file" in result.stderr


def test_a_file_that_disappears_while_being_read(tmp_path, monkeypatch):
    path = write(tmp_path, "gone.bib", ARTICLE.encode())
    real_open = open

    def vanishing(file, *args, **kwargs):
        if str(file) == str(path):
            os.unlink(path)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", vanishing)
    with pytest.raises(InputError, match="gone.bib: no such file"):
        fileio.read_bytes(path)


def test_a_full_disk_on_write_leaves_the_old_file(tmp_path, monkeypatch):
    out = tmp_path / "out.txt"
    out.write_text("old")

    def no_space(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)
    result = run("render", BIB, "-o", out)
    assert result.exit_code == 2 and "out.txt: cannot write: No space left on device" in \
        result.stderr
    assert out.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["out.txt"]


# --- styles and locales --------------------------------------------------------------------

def test_a_style_that_is_not_xml(tmp_path):
    result = run("render", BIB, "-s", write(tmp_path, "s.csl", b"this is not xml"))
    assert result.exit_code == 2 and "s.csl: not a valid CSL style: Start tag expected" in \
        result.stderr


BILLION_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">'
                            for i in range(2, 10)).replace("&lol1;", "&lol;")
                  + "]>" + STYLE_HEAD + '<citation><layout><text value="&lol9;"/></layout>'
                  "</citation></style>")
EXTERNAL_ENTITY = ('<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                   + STYLE_HEAD + '<citation><layout><text value="&x;"/></layout></citation>'
                   "</style>")


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_entities_in_a_style_are_refused_never_expanded(tmp_path, xml):
    start = time.perf_counter()
    result = run("render", BIB, "-s", write(tmp_path, "e.csl", xml.encode()))
    assert result.exit_code == 2 and time.perf_counter() - start < 5
    assert "declares XML entities (a DOCTYPE with ENTITY)" in result.stderr
    assert "root:" not in result.output  # nothing of /etc/passwd


def test_a_style_without_a_bibliography(tmp_path):
    style = write(tmp_path, "n.csl", (STYLE_HEAD + '<citation><layout><text variable="title"/>'
                                      "</layout></citation></style>").encode())
    result = run("render", BIB, "-s", style)
    assert result.exit_code == 2 and "has no bibliography; use `rabp-refs cite`" in result.stderr
    assert run("cite", "nall2018", "-b", BIB, "-s", style).exit_code == 0


def test_a_dependent_style_whose_parent_is_absent(tmp_path):
    style = write(tmp_path, "d.csl", STYLE_HEAD.replace(
        "</info>", '<link href="http://www.zotero.org/styles/no-such-parent" '
                   'rel="independent-parent"/></info>').encode() + b"</style>")
    result = run("render", BIB, "-s", style)
    assert result.exit_code == 2
    assert "dependent style whose parent 'no-such-parent' is not available" in result.stderr


@pytest.mark.parametrize("locale", ["xx-XX", "", "../../etc/passwd", "en-US\x00"])
def test_an_unknown_locale(locale):
    result = run("render", BIB, "--locale", locale)
    assert result.exit_code == 2 and "unknown locale" in result.stderr


# --- found by the fuzzer (fuzz/fuzz.py) ----------------------------------------------------

def test_fuzz_style_in_another_namespace(tmp_path):
    """style target: AttributeError 'set_locale_list' from citeproc-py (exit 3)."""
    style = write(tmp_path, "s.csl", STYLE_HEAD.replace(
        "xbiblio/csl", "netxlb/biio/csl").encode() + b"</style>")
    with pytest.raises(StyleError, match="not a CSL style"):
        Engine(style)


def test_fuzz_style_name_too_long_for_a_file():
    """cli target: OSError File name too long from Path.is_file (exit 3)."""
    result = run("render", BIB, "-s", "a" * 300)
    assert result.exit_code == 2 and "unknown style" in result.stderr


def test_fuzz_style_missing_its_structure(tmp_path):
    """style target: AttributeError from a style with no cs:citation (exit 3)."""
    style = write(tmp_path, "s.csl", STYLE_HEAD.encode() + b"</style>")
    with pytest.raises(StyleError, match="not a valid CSL style"):
        Engine(style).render([{"id": "a", "type": "book", "title": "T"}])


def test_fuzz_bibtex_read_text_never_raises_for_text():
    for data in (b"@", b"@article{", b"{" * 5000, b"\xff\xfe", b"\x00\x00\xfe\xff"):
        try:
            text, _ = bibtex.read_text(data, "x.bib")
        except InputError:
            continue
        bibtex.parse(text, file="x.bib")


def test_fuzz_url_with_an_unclosed_ipv6_address(tmp_path):
    """bibtex target: ValueError 'Invalid IPv6 URL' from urlparse in check (exit 3)."""
    path = write(tmp_path, "u.bib", b"@misc{a, title = {T}, url = {http://[x}}\n")
    result = run("check", path)
    assert result.exit_code == 0
    assert "u.bib:1: RB223 warning [a.url] url 'http://[x' cannot be read as an address" in \
        result.stdout


def test_fuzz_output_name_too_long(tmp_path):
    """cli target: OSError File name too long from Path.is_dir in atomic_write (exit 3)."""
    result = run("render", BIB, "-o", tmp_path / ("\u009d" * 200))
    assert result.exit_code == 2 and "cannot write: File name too long" in result.stderr
    result = run("render", BIB, "-o", "a\x00b")
    assert result.exit_code == 2 and "not a possible file name" in result.stderr


def test_fuzz_style_attribute_value_citeproc_py_cannot_use(tmp_path):
    """style target: UnboundLocalError from citeproc-py's formatter for font-weight="bohd"
    on the citation layout (exit 3). Contained: the citation is left empty and reported."""
    style = write(tmp_path, "w.csl", STYLE_HEAD.encode() + b'<citation><layout font-weight="bohd">'
                  b'<text variable="title"/></layout></citation></style>')
    result = run("cite", "nall2018", "-b", BIB, "-s", style)
    assert result.exit_code == 1  # an error-level finding was reported
    assert "RB904 error the processor failed on citation 1 with style w.csl" in result.stderr


def test_fuzz_number_attribute_that_is_not_a_number(tmp_path):
    """style target: ValueError int('r1') in disambiguation (exit 3). Now the style's error,
    located at its line."""
    style = write(tmp_path, "n.csl", STYLE_HEAD.encode() + b'\n<citation et-al-min="3" '
                  b'et-al-use-first="r1"><layout><text variable="title"/></layout></citation>'
                  b"</style>")
    result = run("cite", "nall2018", "-b", BIB, "-s", style)
    assert result.exit_code == 2
    assert 'n.csl:2: et-al-use-first="r1" is not a whole number' in result.stderr


def test_fuzz_element_of_another_namespace_inside_a_style(tmp_path):
    """style target: AttributeError '_Element' object has no attribute '__dict__' from
    pin_tree (exit 3): an element in another namespace inside a CSL style is lxml's plain
    element, on which nothing can be remembered. It is left out of the pinning and ignored,
    as citeproc-py ignores it."""
    style = write(tmp_path, "x.csl", STYLE_HEAD.encode()
                  + b'<x:note xmlns:x="http://example.org/x"><x:y/></x:note>'
                  b'<citation><layout><text variable="title"/></layout></citation></style>')
    result = Engine(style).render([{"id": "a", "type": "book", "title": "Title"}])
    assert result.citations == ["Title"]


def test_fuzz_an_entry_without_a_key(tmp_path):
    """bibtex target: `@inbook{},` made an item with no id (its empty key dropped with the
    empty values): check raised KeyError (exit 3), render reported it at "<input>". Now it is
    a located syntax error and the entry is ignored, the others rendered."""
    bib = write(tmp_path, "k.bib", b"@inbook{,\n  title = {X},\n}\n@book{b, title = {B}}\n")
    for command in ("render", "check"):
        result = run(command, bib)
        assert result.exit_code == 1, result.output
        assert "k.bib:1: RB001 error @inbook entry without a key; it is ignored" in \
            result.output
    assert run("render", bib).stdout == "B. (n.d.).\n"


def test_fuzz_an_entry_without_a_key_that_repeats_a_field(tmp_path):
    """bibtex target: `@misc{, title = {a}, title = {b}}` (bibtexparser's repeated-field block)
    still made an item with no id: KeyError in check (exit 3)."""
    bib = write(tmp_path, "k.bib", b"@misc{, title = {a}, title = {b}}\n@book{b, title = {B}}\n")
    result = run("check", bib)
    assert result.exit_code == 1, result.output
    assert "k.bib:1: RB001 error @misc entry without a key; it is ignored" in result.output


def test_fuzz_a_macro_without_a_name(tmp_path):
    """style target: a cs:macro without its name made every element without a macro
    attribute a call of the macro None (TypeError in the macro check, exit 3). A macro
    without a name is never called; the style loads."""
    style = write(tmp_path, "m.csl", STYLE_HEAD.encode() + b'<macro><text value="x"/></macro>'
                  b'<citation><layout><text variable="title"/></layout></citation>'
                  b'<bibliography><layout><text variable="title"/></layout></bibliography>'
                  b"</style>")
    result = run("cite", "nall2018", "-b", BIB, "-s", style)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Rheumatoid arthritis and back pain")
