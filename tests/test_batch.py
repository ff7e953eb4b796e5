"""`rabp-refs batch`: the output tree, parallel runs identical to the single-process uncached
path, failures kept per input, exit codes and the JSON summary."""
from __future__ import annotations

import json
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from rabp_refs import batch, sources
from rabp_refs.cli import main
from rabp_refs.engine import Engine, natbib
from rabp_refs.errors import InputError
from rabp_refs.output import bibliography_document

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "golden" / "corpus" / "generated.bib"
STYLES = ["apa", "modern-language-association"]


@pytest.fixture()
def inputs(tmp_path):
    folder = tmp_path / "in"
    (folder / "journal").mkdir(parents=True)
    shutil.copy(ROOT / "references.bib", folder / "references.bib")
    shutil.copy(CORPUS, folder / "journal" / "generated.bib")
    return folder


def _fresh(source: Path, style: str, output_format: str) -> str:
    """The single-process, uncached path: a new engine for this one file."""
    engine = Engine(style, output_format=output_format, links=True)
    items = sources.load(source).items
    rendered = engine.render(items)
    labels = natbib.labels(Engine(style), items) if output_format == "latex" else None
    return bibliography_document(rendered.bibliography, output_format,
                                 engine.bibliography_layout, ids=rendered.bibliography_ids,
                                 labels=labels)


def test_plan_writes_a_predictable_tree(inputs, tmp_path):
    jobs = batch.plan([str(inputs)], ["apa", "mla"], ["text", "html"], tmp_path / "out")
    outputs = [Path(job.output).relative_to(tmp_path / "out").as_posix() for job in jobs]
    assert outputs == [
        "apa/journal/generated.txt", "apa/journal/generated.html",
        "mla/journal/generated.txt", "mla/journal/generated.html",
        "apa/references.txt", "apa/references.html",
        "mla/references.txt", "mla/references.html"]


def test_plan_refuses_two_inputs_writing_one_file(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(ROOT / "references.bib", tmp_path / folder / "refs.bib")
    with pytest.raises(InputError, match="would both be written"):
        batch.plan([str(tmp_path / "a" / "refs.bib"), str(tmp_path / "b" / "refs.bib")],
                   ["apa"], ["text"], tmp_path / "out")


def test_plan_names_a_missing_input(tmp_path):
    with pytest.raises(InputError, match="nosuch.bib: no such file"):
        batch.plan([str(tmp_path / "nosuch.bib")], ["apa"], ["text"], tmp_path / "out")


@pytest.mark.parametrize("workers", [1, 2])
def test_output_is_the_single_process_uncached_output(inputs, tmp_path, workers):
    jobs = batch.plan([str(inputs)], STYLES, ["text", "html", "markdown", "rtf", "latex"],
                      tmp_path / f"out{workers}")
    results = batch.run(jobs, workers=workers)
    assert [r.job for r in results] == jobs
    assert not [r.errors for r in results if r.failed]
    for job in jobs:
        expected = _fresh(Path(job.source), job.style, job.output_format)
        assert Path(job.output).read_text(encoding="utf-8") == expected, job


def test_any_executor_runs_the_jobs(inputs, tmp_path):
    """The library path a distributed executor takes (dask's Client.get_executor() has the
    same interface), exercised with a local process pool handed in from outside."""
    jobs = batch.plan([str(inputs / "references.bib")], STYLES, ["json"], tmp_path / "out")
    with ProcessPoolExecutor(max_workers=2) as executor:
        results = batch.run(jobs, executor=executor)
    for job, result in zip(jobs, results):
        assert result.entries == 9 and not result.failed
        written = json.loads(Path(job.output).read_text(encoding="utf-8"))
        fresh = Engine(job.style).render(sources.load(job.source).items).to_json()
        assert written["bibliography"] == fresh["bibliography"]
        assert written["citations"] == fresh["citations"]


def test_one_bad_input_fails_alone(inputs, tmp_path):
    (inputs / "broken.bib").write_text("@article{broken, title = {Unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(inputs), "-o", str(tmp_path / "out"),
                                       "-j", "2", "--json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["summary"]["files"] == 3
    assert report["summary"]["failures"] == 1
    # the broken entry is never read, so it is not counted
    assert report["summary"]["entries"] == 9 + len(sources.load(CORPUS).items)
    failed = [job for job in report["jobs"] if job["errors"]]
    assert [Path(job["source"]).name for job in failed] == ["broken.bib"]
    assert "broken.bib:1: RB001 error [broken]" in failed[0]["errors"][0]
    assert (tmp_path / "out" / "apa" / "references.txt").is_file()
    assert not (tmp_path / "out" / "apa" / "broken.txt").exists()


def test_exit_codes_and_text_summary(inputs, tmp_path):
    out = tmp_path / "out"
    ok = CliRunner().invoke(main, ["batch", str(inputs / "references.bib"), "-o", str(out)])
    assert ok.exit_code == 0, ok.output
    assert "1 file(s), 9 entries, 1 of 1 outputs written" in ok.stderr
    assert (out / "apa" / "references.txt").read_text(encoding="utf-8") == \
        _fresh(inputs / "references.bib", "apa", "text")
    unknown = CliRunner().invoke(main, ["batch", str(inputs), "-s", "nosuch", "-o", str(out)])
    assert unknown.exit_code == 2
    assert "unknown style 'nosuch'" in unknown.stderr
    missing = CliRunner().invoke(main, ["batch", str(tmp_path / "none"), "-o", str(out)])
    assert missing.exit_code == 2
    assert "no such file or folder" in missing.stderr


def test_an_unwritable_output_fails_that_job_only(inputs, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "mla").write_text("a file where the style's folder should be", encoding="utf-8")
    jobs = batch.plan([str(inputs / "references.bib")], ["apa", "mla"], ["text"], out)
    results = batch.run(jobs, workers=1)
    assert [r.failed for r in results] == [False, True]
    assert "cannot write" in results[1].errors[0]
    assert (out / "mla").read_text(encoding="utf-8").startswith("a file where")


def test_one_process_asked_for_is_one_process(inputs, tmp_path, forked):
    """`-j 1` with a single input: no worker for the file's entries either (mapping and
    rendering), and the same output as with the processes a file may otherwise have."""
    from rabp_refs import forking
    source = inputs / "journal" / "generated.bib"
    one = batch.run(batch.plan([str(source)], ["apa"], ["text"], str(tmp_path / "one")),
                    workers=1)
    assert forked and max(forked) == 1
    assert not one[0].errors
    text = Path(one[0].job.output).read_text(encoding="utf-8")
    result = batch.run_job(batch.plan([str(source)], ["apa"], ["text"],
                                      str(tmp_path / "two"))[0], processes=2)
    if forking.can_fork():
        assert max(forked) == 2
    assert Path(result.job.output).read_text(encoding="utf-8") == text


def test_a_folder_gives_every_format_read_and_names_what_it_skipped(tmp_path):
    """Issue 21: batch reads every format in a folder (BibTeX, CSL-JSON, CSL-YAML, RIS); a
    file that is none of them is skipped and said; refs.bib beside refs.ris do not collide."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(ROOT / "references.bib", folder / "refs.bib")
    run = CliRunner().invoke
    for target, name in (("ris", "refs.ris"), ("csl-yaml", "sub/a.yaml"),
                         ("csl-json", "sub/b.json")):
        assert run(main, ["convert", str(ROOT / "references.bib"), "-t", target, "-o",
                          str(folder / name)]).exit_code == 0
    (folder / "notes.txt").write_text("my notes\n")
    (folder / ".hidden.bib").write_text("@misc{x, title={Hidden}}\n")
    result = run(main, ["batch", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    read = ", ".join(sorted(sources.SUFFIXES))
    assert {".bib", ".json", ".yaml", ".ris", ".nbib"} <= set(sources.SUFFIXES)
    assert result.stderr.startswith(
        f"rabp-refs: note: skipped 1 file(s) that are not bibliographies (read: {read}): "
        f"{folder / 'notes.txt'}\n")
    written = sorted(p.relative_to(tmp_path / "out").as_posix()
                     for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert written == ["apa/refs-bib.txt", "apa/refs-ris.txt", "apa/sub/a.txt", "apa/sub/b.txt"]
    expected = _fresh(folder / "refs.bib", "apa", "text")
    for name in ("sub/a.txt", "sub/b.txt"):
        assert (tmp_path / "out" / "apa" / name).read_text(encoding="utf-8") == expected
    summary = json.loads(run(main, ["batch", str(folder), "-o", str(tmp_path / "out2"),
                                    "--json"]).stdout)
    assert summary["skipped"] == [str(folder / "notes.txt")]
    assert summary["summary"]["skipped"] == 1
