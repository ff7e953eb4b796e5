"""Hostile input, bounded (issue 18): writes go where the path names and nowhere else, LaTeX
output cannot make TeX read the disk, and XML entities are refused wherever they are declared.

Each case runs through the CLI where the issue speaks of a command: exit code, standard error
and standard output checked apart, and the files on disk after the run.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from test_hostile import BIB, ROOT, STYLE_HEAD, run  # its style head and its CLI runner

from rabp_refs import batch, fileio, sources
from rabp_refs.output import latex_standalone
from rabp_refs.styles import find_style

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


# --- writes: through what the path names, never an input, never a temporary file left --------

UNFORMATTED = "@article{a, title={Hello}, author={Smith, J.}, year=2000, journal={J}}\n"
FORMATTED = ("@article{a,\n  author  = {Smith, J.},\n  title   = {Hello},\n  journal = {J},\n"
             "  year    = 2000,\n}\n")  # fmt's layout: one field per line, the standard order


def test_ctrl_c_during_a_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    out = tmp_path / "out.txt"
    out.write_text("old")

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    result = run("render", BIB, "-o", out)
    assert result.exit_code == 130 and result.stdout == ""
    assert result.stderr == "rabp-refs: interrupted\n"
    assert out.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_any_failure_during_a_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    def broken(source, target):
        raise RuntimeError("a bug")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        fileio.atomic_write(tmp_path / "out.txt", "text")
    assert list(tmp_path.iterdir()) == []


def test_fmt_in_place_writes_a_symlinks_target_and_keeps_the_link_and_mode(tmp_path):
    target = tmp_path / "real.bib"
    target.write_text(UNFORMATTED)
    os.chmod(target, 0o640)
    link = tmp_path / "link.bib"
    link.symlink_to("real.bib")
    result = run("fmt", "-i", link)
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == "1 of 1 file(s) changed\n"
    assert link.is_symlink() and os.readlink(link) == "real.bib"
    assert target.read_text() == FORMATTED
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.bib", "real.bib"]


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can make a file another user owns")
def test_fmt_in_place_keeps_the_files_owner_and_group(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(UNFORMATTED)
    os.chown(path, 1234, 5678)
    result = run("fmt", "-i", path)
    assert result.exit_code == 0, result.output
    assert path.read_text() == FORMATTED
    assert (path.stat().st_uid, path.stat().st_gid) == (1234, 5678)


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can make a file another user owns")
def test_another_users_file_is_replaced_only_with_force(tmp_path, monkeypatch):
    """As a user who may not give files away: chown fails, and the file would become ours."""
    path = tmp_path / "refs.bib"
    path.write_text(UNFORMATTED)
    os.chown(path, 1234, 5678)

    def not_allowed(*args):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "chown", not_allowed)
    refused = run("fmt", "-i", path)
    assert refused.exit_code == 2 and refused.stdout == ""
    assert refused.stderr == (f"rabp-refs: error: {path}: belongs to user 1234, group 5678, "
                              "which a new file of yours cannot keep; give --force to replace "
                              "it anyway\n")
    assert path.read_text() == UNFORMATTED and os.listdir(tmp_path) == ["refs.bib"]
    assert run("fmt", "-i", "--force", path).exit_code == 0
    assert path.read_text() == FORMATTED


def test_a_read_only_file_is_replaced_only_with_force(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(UNFORMATTED)
    os.chmod(path, 0o444)
    refused = run("fmt", "-i", path)
    assert refused.exit_code == 2 and refused.stdout == ""
    assert refused.stderr == (f"rabp-refs: error: {path}: is read-only; give --force to "
                              "replace it (its mode is kept)\n")
    assert path.read_text() == UNFORMATTED
    forced = run("fmt", "-i", "--force", path)
    assert forced.exit_code == 0 and forced.stderr == "1 of 1 file(s) changed\n"
    assert path.read_text() == FORMATTED and stat.S_IMODE(path.stat().st_mode) == 0o444
    out = tmp_path / "out.txt"
    out.write_text("old")
    os.chmod(out, 0o444)
    assert run("render", BIB, "-o", out).exit_code == 2 and out.read_text() == "old"
    assert run("render", BIB, "-o", out, "--force").exit_code == 0
    assert out.read_text() == run("render", BIB).stdout


def _read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def reader():
        with open(path, "rb") as f:
            into.append(f.read())
    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return thread


def test_render_and_convert_write_to_a_fifo_as_a_stream(tmp_path):
    fifo = tmp_path / "pipe"
    for command in (["render", BIB], ["convert", BIB, "-t", "ris"]):
        os.mkfifo(fifo)
        received: list[bytes] = []
        reader = _read_fifo(fifo, received)
        result = run(*command, "-o", fifo)
        reader.join(10)
        assert result.exit_code == 0 and result.stdout == "", result.output
        assert stat.S_ISFIFO(fifo.lstat().st_mode)  # still the pipe, not a file in its place
        assert received == [run(*command).stdout_bytes]
        fifo.unlink()


def test_a_character_device_given_as_output_is_written_not_replaced(tmp_path):
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # as /dev/null
        null.write_bytes(b"")
    except OSError as exc:
        pytest.skip(f"cannot make a usable device node here: {exc.strerror}")
    result = run("render", BIB, "-o", null)
    assert result.exit_code == 0 and result.stdout == ""
    assert stat.S_ISCHR(null.lstat().st_mode)


def test_batch_refuses_to_replace_a_fifo(tmp_path):
    (tmp_path / "out" / "apa").mkdir(parents=True)
    fifo = tmp_path / "out" / "apa" / "references.txt"
    os.mkfifo(fifo)
    result = run("batch", BIB, "-o", tmp_path / "out")
    assert result.exit_code == 1 and result.stdout == ""
    assert (f"rabp-refs: error: {fifo}: is a FIFO (named pipe), not a regular file; refused "
            "(it would be replaced by a file)\n") in result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_fmt_in_place_never_rewrites_the_bundled_bibliography(tmp_path, monkeypatch):
    bundled = sources.bundled_bibliography()
    before = bundled.read_bytes()
    monkeypatch.chdir(tmp_path)  # no references.bib here: fmt would take the bundled one
    result = run("fmt", "-i")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (f"rabp-refs: error: {bundled}: is the bibliography shipped with "
                             "rabp-refs, which fmt never rewrites; name the file to format (or "
                             "run it where your references.bib is)\n")
    assert bundled.read_bytes() == before and list(tmp_path.iterdir()) == []


def test_no_command_writes_into_the_package(tmp_path):
    inside = Path(fileio.__file__).resolve().parent / "hostile-output.ris"
    try:
        result = run("convert", BIB, "-t", "ris", "-o", inside)
        assert result.exit_code == 2 and result.stdout == ""
        assert "hostile-output.ris: is inside the rabp-refs package" in result.stderr
        assert not inside.exists()
    finally:
        inside.unlink(missing_ok=True)


@pytest.mark.parametrize("name", ["same", "symlink", "hardlink"])
@pytest.mark.parametrize("command", [["render"], ["convert", "-t", "bibtex"]])
def test_an_output_that_is_an_input_is_refused(tmp_path, name, command):
    bib = tmp_path / "refs.bib"
    bib.write_text(UNFORMATTED)
    output = {"same": bib, "symlink": tmp_path / "link.bib",
              "hardlink": tmp_path / "hard.bib"}[name]
    if name == "symlink":
        output.symlink_to(bib)
    elif name == "hardlink":
        os.link(bib, output)
    result = run(command[0], bib, *command[1:], "-o", output)
    assert result.exit_code == 2 and result.stdout == ""
    which = "the input" if output == bib else f"the input {bib}"
    assert result.stderr == f"rabp-refs: error: {output}: is {which}; write to another file\n"
    assert bib.read_text() == UNFORMATTED


def test_render_refuses_to_write_over_its_style_or_cites(tmp_path):
    style = tmp_path / "own.csl"
    shutil.copy(ROOT / "styles" / "medical-news-today-apa.csl", style)
    before = style.read_bytes()
    result = run("render", BIB, "-s", style, "-o", style)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == f"rabp-refs: error: {style}: is the input; write to another file\n"
    assert style.read_bytes() == before
    cites = tmp_path / "cites.json"
    cites.write_text('[["neva2011"]]')
    result = run("render", BIB, "--cites", cites, "--json", "-o", cites)
    assert result.exit_code == 2 and cites.read_text() == '[["neva2011"]]'


# --- batch never writes outside -o ----------------------------------------------------------

def test_a_style_file_named_dots_csl_writes_inside_the_output_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(ROOT / "styles" / "medical-news-today-apa.csl", tmp_path / "...csl")
    (tmp_path / "refs.bib").write_text(ARTICLE)
    result = run("batch", "refs.bib", "-s", "...csl", "-o", "out")
    assert result.exit_code == 0 and result.stdout == "", result.output
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()) \
        == ["...csl", "out/style/refs.txt", "refs.bib"]


def test_output_names_are_slugs():
    assert [batch.slug(name, "x") for name in
            ["..", "...", ".bashrc", "a/b", "a\\b", "a..b", "", "-rf", "Réf é", "a\u202eb",
             "\u0065\u0301"]] == \
        ["x", "x", "bashrc", "a-b", "a-b", "a.b", "x", "rf", "Réf-é", "a-b", "\u00e9"]
    assert len(batch.slug("\u00e9" * 200, "x").encode()) <= 150
    out = batch.output_path("out", Path("..", ".hidden.bib"), "../../etc", "text")
    assert out == Path("out", "etc", "folder", "hidden.txt")


def _batch_two_inputs(tmp_path: Path, *names: str):
    (tmp_path / "in").mkdir()
    for name in names:
        (tmp_path / "in" / name).write_text(ARTICLE)
    result = run("batch", tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 2 and result.stdout == ""
    return result


def test_names_that_differ_only_in_case_are_a_collision(tmp_path):
    result = _batch_two_inputs(tmp_path, "Refs.bib", "refs.bib")
    out = tmp_path / "out" / "apa"
    assert result.stderr == (
        f"rabp-refs: error: {tmp_path / 'in' / 'refs.bib'} (style apa) and "
        f"{tmp_path / 'in' / 'Refs.bib'} (style apa) would both be written to "
        f"{out / 'refs.txt'} and {out / 'Refs.txt'}, names that differ only in case; rename "
        "one or run them separately\n")
    assert not (tmp_path / "out").exists()


def test_names_that_meet_after_slugging_are_a_collision(tmp_path):
    result = _batch_two_inputs(tmp_path, "a b.bib", "a-b.bib")
    assert "would both be written to " + str(tmp_path / "out" / "apa" / "a-b.txt") + ";" in \
        result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command, link, refused", [
    ("batch", "apa", "apa/references.txt"),  # a folder of the outputs, linked elsewhere
    ("page", "index.html", "index.html"),  # page wrote the page over the file it named
])
def test_a_symlink_inside_the_output_folder_cannot_lead_out_of_it(tmp_path, command, link,
                                                                   refused):
    """A file a command writes into its output folder that a symlink there leads out of is
    refused before anything is written."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("precious")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / link).symlink_to(elsewhere if command == "batch" else
                                         elsewhere / "index.html")
    result = run(command, BIB, "-o", tmp_path / "out")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (f"rabp-refs: error: {tmp_path / 'out' / refused}: is outside the "
                             f"output folder {tmp_path / 'out'} (through a symlink); refused\n")
    assert [(p.name, p.read_text()) for p in elsewhere.iterdir()] == [("index.html", "precious")]
    assert [p.name for p in (tmp_path / "out").iterdir()] == [link]


def test_batch_never_writes_over_an_input(tmp_path):
    (tmp_path / "apa").mkdir()
    source = tmp_path / "apa" / "refs.json"
    source.write_text('[{"id": "a", "type": "book", "title": "T"}]')
    result = run("batch", source, "-f", "json", "-o", tmp_path)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (f"rabp-refs: error: {source}: is the input {source}; write to "
                             "another folder\n")
    assert source.read_text() == '[{"id": "a", "type": "book", "title": "T"}]'


def _loop(tmp_path: Path) -> Path:
    """A folder with a bibliography and two links that loop: to itself and to its parent."""
    folder = tmp_path / "in" / "d"
    folder.mkdir(parents=True)
    (folder / "refs.bib").write_text(ARTICLE)
    (folder / "self").symlink_to(".")
    (folder / "up").symlink_to("..")
    return tmp_path / "in"


@pytest.mark.parametrize(("given", "written"), [("{in}/**/*.bib", "apa/refs.txt"),
                                               ("{in}", "apa/d/refs.txt")])
def test_batch_globs_end_on_symlinks_that_loop(tmp_path, given, written):
    """Run in a process of its own: before the fix ** followed the links without end."""
    folder = _loop(tmp_path)
    command = [sys.executable, "-m", "rabp_refs", "batch", given.format(**{"in": folder}),
               "-o", str(tmp_path / "out"), "-j", "1"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == "", done.stderr
    assert "1 file(s), 1 entries, 1 of 1 outputs written" in done.stderr
    assert [p.relative_to(tmp_path / "out").as_posix()
            for p in (tmp_path / "out").rglob("*") if p.is_file()] == [written]


# --- LaTeX output cannot make TeX read a file ------------------------------------------------

PDFLATEX = shutil.which("pdflatex")
# "^^5c" is a backslash to TeX, "^^7b" and "^^7d" braces: "\input{FILE}" once TeX reads it
HOSTILE = "^^5cinput^^7b{path}^^7d"


def _hostile_items(secret: Path) -> list[dict]:
    """Records whose key, URL, DOI and title each try to make TeX read /etc/hostname or
    ``secret``, with every character LaTeX treats specially in URLs and keys."""
    etc, target = HOSTILE.format(path="/etc/hostname"), HOSTILE.format(path=secret)
    return [
        {"id": f"k{etc}", "type": "webpage", "author": [{"family": "Smith", "given": "Jo"}],
         "title": f"Title {etc} \\input{{{secret}}}", "issued": {"date-parts": [[2020]]},
         "URL": f"http://example.com/{etc}/\\input{{{secret}}}?q=1%2F&r=$_^#frag~x{{y}} z"},
        {"id": f"d{target}%#~&$_", "type": "article-journal", "container-title": "J",
         "author": [{"family": "Doe", "given": "Al"}], "issued": {"date-parts": [[2019]]},
         "title": f"<i>See http://example.com/{target}~a%2F#b</i> or doi:10.5555/{target}",
         "DOI": f"10.1234/{target}"},
    ]


def _tex_trees(env: dict) -> list[Path]:
    """TeX's installed trees (kpathsea's TEXMF, its root and configuration folders)."""
    values = []
    for variable in ("TEXMF", "TEXMFROOT", "TEXMFCNF"):
        done = subprocess.run(["kpsewhich", f"-var-value={variable}"], env=env,
                              capture_output=True, text=True, timeout=60)
        values += re.split(r"[,:{}]", done.stdout.strip().replace("!!", ""))
    return [Path(v).resolve() for v in values if v.startswith("/")]


@pytest.mark.skipif(PDFLATEX is None, reason="pdflatex (Debian package texlive-latex-base) is "
                                             "not installed; .ci/system-packages installs it")
def test_pdflatex_opens_no_file_but_its_own_on_hostile_records(tmp_path):
    secret = tmp_path / "target" / "secret"
    secret.parent.mkdir()
    secret.write_text("SECRET\n")
    items = tmp_path / "items.json"
    items.write_text(json.dumps(_hostile_items(secret)))
    style = tmp_path / "hostile-locale.csl"
    style.write_text(find_style("apa").read_text(encoding="utf-8").replace(
        "<style ", f'<style default-locale="en-US&#10;\\input{{{secret}}}" ', 1),
        encoding="utf-8")
    # such a default-locale is refused when the style loads (a language tag is required), so
    # the document is made with APA; the preamble's own guard is tested without TeX below
    refused = run("render", items, "-s", style, "-f", "latex", "--standalone")
    assert refused.exit_code == 2 and "is not a language tag" in refused.stderr
    build = tmp_path / "build"
    build.mkdir()
    result = run("render", items, "-s", "apa", "-f", "latex", "--standalone",
                 "--title", f"Refs {HOSTILE.format(path=secret)} \\input{{{secret}}}",
                 "-o", build / "refs.tex")
    assert result.exit_code == 0 and result.stdout == "", result.output
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home)}
    done = subprocess.run([PDFLATEX, "-no-shell-escape", "-interaction=nonstopmode",
                           "-recorder", "refs.tex"], cwd=build, env=env,
                          capture_output=True, text=True, timeout=180)
    allowed = [build.resolve(), home.resolve(), *_tex_trees(env)]
    opened = [line.split(" ", 1)[1] for line in
              (build / "refs.fls").read_text(encoding="utf-8").splitlines()
              if line.startswith(("INPUT ", "OUTPUT "))]
    assert opened, "pdflatex -recorder listed no file"
    for name in opened:
        path = (build / name).resolve()
        assert any(path == root or root in path.parents for root in allowed), name
        assert path != Path("/etc/hostname").resolve() and secret.parent not in path.parents
        assert Path(os.environ.get("HOME", "/nonexistent")).resolve() not in path.parents
    log = (build / "refs.log").read_text(encoding="latin-1")
    assert done.returncode == 0, log[-3000:]  # and the document compiles
    assert "Undefined control sequence" not in log and "SECRET" not in log


def test_latex_output_has_no_tex_markup_from_the_data(tmp_path):
    """What the compiled test checks, without TeX: no "^^", no "\\input", no line a value
    starts, in the document; the language comment only a language tag."""
    items = tmp_path / "items.json"
    items.write_text(json.dumps(_hostile_items(tmp_path / "secret")))
    result = run("render", items, "-s", "apa", "-f", "latex", "--standalone",
                 "--title", "A\r\\input{/etc/hostname}^^5c")
    assert result.exit_code == 0, result.output
    document = result.stdout_bytes.decode()
    assert "^" not in document and "\\input" not in document and "\r" not in document
    # a language that is no language tag never reaches the preamble (the style loader
    # refuses such a default-locale first; this is the writer's own guard)
    assert "% language: unknown\n" in latex_standalone("", "T", "en-US\n\\input{/etc/hostname}")
    assert "\\bibitem[Smith(2020)]{k--5cinput--7b/etc/hostname--7d}" in document  # natbib label
    assert ("\\url{http://example.com/\\%5E\\%5E5cinput\\%5E\\%5E7b/etc/hostname\\%5E\\%5E7d/"
            "\\%5Cinput\\%7B") in document
    assert "?q=1\\%2F&r=$_\\%5E\\#frag~x\\%7By\\%7D} z" in document  # the URL ends at the space
