"""Batch formatting: every input × style × output format, written to a predictable tree.

The work is a list of :class:`Job` values handed to a :class:`concurrent.futures.Executor`
(by default a local process pool), so any executor with the same interface runs it unchanged,
for instance dask.distributed's ``Client.get_executor()``::

    from dask.distributed import Client
    jobs = batch.plan(["papers/"], ["apa", "mla"], ["text"], "out/")
    results = batch.run(jobs, executor=Client(...).get_executor())

Each job reads its input and writes its output itself; only small :class:`JobResult` values
travel back. A job's output depends on nothing but the job, so it is the same whatever the
number of workers or the order they finish in.
"""
from __future__ import annotations

import glob
import json
import os
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, as_completed
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from . import forking, sources
from .diagnostics import Severity
from .errors import InputError, RabpError
from .fileio import InputFiles, atomic_write, refuse_outside
from .output import FILE_EXTENSIONS as EXTENSIONS  # output formats and their extensions
from .output import bibliography_document

#: What a folder given as input contributes: its bibliographies, at any depth, in every
#: format the readers take (sources.SUFFIXES).
INPUT_SUFFIXES = tuple(sources.SUFFIXES)


@dataclass(frozen=True)
class Job:
    """One input rendered in one style and one output format, written to ``output``."""

    source: str
    style: str
    output_format: str
    output: str
    locale: str | None = None
    strict: bool = False  # an input with an error-level finding is not rendered
    force: bool = False  # replace a read-only output (fileio.atomic_write)


@dataclass
class JobResult:
    job: Job
    entries: int = 0
    warnings: int = 0
    errors: list[str] = field(default_factory=list)  # what stopped the job: nothing written
    findings: list[str] = field(default_factory=list)  # error-level findings in what was written
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def to_json(self) -> dict:
        return {**asdict(self.job), "entries": self.entries, "warnings": self.warnings,
                "errors": self.errors, "findings": self.findings,
                "seconds": round(self.seconds, 4)}


def _matches(pattern: str) -> list[Path]:
    """The files a glob pattern matches (``**``: any depth). Folders reached through a symlink
    are not descended into by ``**`` (links that loop would never end); a symlinked file, or a
    symlinked folder a pattern names without ``**``, is read. Hidden files and folders (a name
    starting with ".") are left out unless the pattern names them so."""
    parts = Path(pattern).parts
    fixed = next((i for i, part in enumerate(parts) if glob.has_magic(part)), len(parts))
    base = Path(*parts[:fixed]) if fixed else Path()
    rest = "/".join(parts[fixed:])
    hidden_asked = any(part.startswith(".") for part in parts[fixed:])
    return sorted(p for p in base.glob(rest)
                  if p.is_file() and (hidden_asked or not any(
                      part.startswith(".") for part in p.relative_to(base).parts)))


def expand_inputs(patterns: Iterable[str]) -> list[tuple[Path, Path]]:
    """Files, folders (their bibliographies at any depth) and glob patterns, as (file, name)
    pairs: ``name`` is the file's path relative to the folder or pattern base it was found
    under, which is where its outputs go. The order is the command line's, then sorted
    within each folder or pattern; a file named twice is kept once. Inside a folder, folders
    reached through a symlink are not descended into (as ``**`` in a pattern)."""
    found: list[tuple[Path, Path]] = []
    seen: set[Path] = set()
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            matches = [p for p in _folder_files(path) if p.suffix.lower() in INPUT_SUFFIXES]
            pairs = [(p, p.relative_to(path)) for p in matches]
        elif path.is_file():
            pairs = [(path, Path(path.name))]
        elif glob.has_magic(pattern):
            matches = _matches(pattern)
            base = Path(os.path.commonpath([str(p.parent) for p in matches])) if matches \
                else Path()
            pairs = [(p, p.relative_to(base)) for p in matches]
            if not pairs:
                raise InputError(f"{pattern}: no file matches")
        else:
            raise InputError(f"{pattern}: no such file or folder")
        for file, name in pairs:
            if file.resolve() not in seen:
                seen.add(file.resolve())
                found.append((file, name))
    return found


def _folder_files(folder: Path) -> list[Path]:
    """The files of a folder at any depth, sorted, hidden ones (a name starting with ".")
    left out; a folder reached through a symlink is never descended into."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and not any(
        part.startswith(".") for part in p.relative_to(folder).parts))


def skipped_files(patterns: Iterable[str]) -> list[Path]:
    """The files inside the folders given as inputs that are not read: their names end in
    no suffix of a bibliography format (notes, PDFs, a README)."""
    return [p for pattern in patterns if Path(pattern).is_dir()
            for p in _folder_files(Path(pattern)) if p.suffix.lower() not in INPUT_SUFFIXES]


_UNSAFE = re.compile(r"[^\w.-]+")
_DOTS = re.compile(r"\.{2,}")


def slug(name: str, fallback: str) -> str:
    """``name`` as one safe file or folder name: letters (any script, NFC), digits, "_", "-"
    and single dots; never ".." or a separator, not starting with "." or "-", at most 150
    bytes; ``fallback`` when nothing is left."""
    text = _DOTS.sub(".", _UNSAFE.sub("-", unicodedata.normalize("NFC", name)))
    text = text.encode("utf-8")[:150].decode("utf-8", "ignore")
    return text.strip(".-") or fallback


def output_path(out_dir: str | Path, name: Path, style: str, output_format: str) -> Path:
    """``OUT/STYLE/NAME.EXT``, every part a :func:`slug`: a style given as a .csl path is
    named by its file stem."""
    style_dir = slug(Path(style).stem if style.endswith(".csl") else style, "style")
    folders = [slug(part, "folder") for part in name.parent.parts]
    return Path(out_dir, style_dir, *folders,
                slug(name.stem, "references") + EXTENSIONS[output_format])


def plan(inputs: Iterable[str], styles: Iterable[str], formats: Iterable[str],
         out_dir: str | Path, locale: str | None = None, strict: bool = False,
         force: bool = False) -> list[Job]:
    """Every input × style × format, in that order. Raises :class:`InputError` for an input
    that does not exist, an unknown format, two outputs whose names are the same or differ
    only in case (one file on macOS and Windows), an output outside ``out_dir`` (through a
    symlink in it) or an output that is one of the inputs or style files."""
    styles, formats = list(dict.fromkeys(styles)), list(dict.fromkeys(formats))
    for output_format in formats:
        if output_format not in EXTENSIONS:
            raise InputError(f"unknown output format '{output_format}' "
                             f"({', '.join(EXTENSIONS)})")
    files = expand_inputs(inputs)
    style_files = [Path(s) for s in styles if s.endswith(".csl") or os.sep in s or "/" in s]
    read = InputFiles([f for f, _ in files] + style_files)
    jobs, writers = [], {}
    suffixes: dict[tuple, set[str]] = {}
    for _, name in files:
        suffixes.setdefault((name.parent, name.stem.casefold()), set()).add(name.suffix.lower())
    for file, name in files:
        if len(suffixes[(name.parent, name.stem.casefold())]) > 1:  # refs.bib beside refs.ris
            name = name.with_name(f"{name.stem}-{name.suffix.lstrip('.')}{name.suffix}")
        for style in styles:
            for output_format in formats:
                output = output_path(out_dir, name, style, output_format)
                folded = unicodedata.normalize("NFC", str(output)).casefold()
                if folded in writers:
                    other, other_style, other_output = writers[folded]
                    case = "" if other_output == output else \
                        f" and {other_output}, names that differ only in case"
                    raise InputError(f"{file} (style {style}) and {other} (style {other_style}) "
                                     f"would both be written to {output}{case}; rename one "
                                     "or run them separately")
                refuse_outside(output, Path(out_dir))
                source = read.reached_by(output)
                if source is not None:
                    raise InputError(f"{output}: is the input {source}; write to another folder")
                writers[folded] = (file, style, output)
                jobs.append(Job(str(file), style, output_format, str(output), locale,
                                strict=strict, force=force))
    return jobs


def check_styles(styles: Iterable[str], locale: str | None = None) -> None:
    """Raise for an unknown style or locale before any work is handed out. The engines are
    kept, so a run in this process (one worker) does not parse the styles again."""
    for style in dict.fromkeys(styles):
        _engine(style, locale, "text")


@lru_cache(maxsize=16)
def _engine(style: str, locale: str | None, output_format: str):
    """One engine per style, locale and format in each process: the style and its locale are
    parsed once, and the engine's look-up caches serve every input after the first."""
    from .engine import Engine
    return Engine(style, locale=locale,
                  output_format="text" if output_format == "json" else output_format,
                  links=True)


def run_job(job: Job, processes: int | None = None) -> JobResult:
    """Render one job and write its output atomically. Never raises for bad input: what went
    wrong is in the result's ``errors``, located as the diagnostics are. ``processes``: for
    one big input (forking.py; None: every core where it pays, never in a pool's worker)."""
    start = time.perf_counter()
    result = JobResult(job)
    try:
        loaded = sources.load(job.source, jobs=processes)
        result.entries = len(loaded.items)
        if loaded.errors and (job.strict or not loaded.items):
            result.errors = [d.format() for d in loaded.errors]
            return result
        result.findings = [d.format() for d in loaded.errors]  # rendered by the rule all the same
        engine = _engine(job.style, job.locale, job.output_format)
        rendered = engine.render(loaded.items, jobs=processes)
        rendered.diagnostics[:0] = loaded.diagnostics  # as `render` reports them
        result.warnings = sum(d.severity == Severity.WARNING for d in rendered.diagnostics)
        if job.output_format == "json":
            text = json.dumps(rendered.to_json(), ensure_ascii=False, indent=1) + "\n"
        elif engine.has_bibliography:
            labels = None
            if job.output_format == "latex":  # natbib's author-year labels
                from .engine import natbib
                labels = natbib.labels(_engine(job.style, job.locale, "text"), loaded.items)
            text = bibliography_document(rendered.bibliography, job.output_format,
                                         engine.bibliography_layout,
                                         ids=rendered.bibliography_ids, labels=labels)
        else:  # a note style without a bibliography: its citations, one per line
            text = bibliography_document(rendered.citations, job.output_format)
        Path(job.output).parent.mkdir(parents=True, exist_ok=True)
        atomic_write(job.output, text, force=job.force)
    except RabpError as exc:
        result.errors = [str(exc)]
    except OSError as exc:  # the output cannot be written (a file where a folder should be...)
        result.errors = [f"{job.output}: cannot write: {exc.strerror or exc}"]
    except Exception as exc:  # a bug in one input must not stop the others
        result.errors = [f"internal error (please report it): {type(exc).__name__}: {exc}"]
    finally:
        result.seconds = time.perf_counter() - start
    return result


def run(jobs: list[Job], executor: Executor | None = None, workers: int | None = None,
        progress: Callable[[JobResult], None] | None = None) -> list[JobResult]:
    """Run every job and return the results in the jobs' order. Without ``executor``, a local
    process pool of ``workers`` processes (default: the number of cores) is used, or none at
    all for one worker or one job. ``progress`` is called with each result as it finishes."""
    asked = workers
    workers = workers or forking.cores()
    if executor is None and (workers == 1 or len(jobs) <= 1):
        # one process asked for: one process, even for a big file; else a single job has
        # the cores for its file
        return list(_serial(jobs, progress, 1 if asked == 1 else None))
    own = executor is None
    if executor is None:
        from concurrent.futures import ProcessPoolExecutor  # (multiprocessing: imported on use)
        executor = ProcessPoolExecutor(max_workers=min(workers, len(jobs)))
    try:
        futures = {executor.submit(run_job, job): i for i, job in enumerate(jobs)}
        results: list[JobResult | None] = [None] * len(jobs)
        for future in as_completed(futures):
            try:
                result = future.result()
            except Exception as exc:  # the worker died (killed, out of memory): this job only
                result = JobResult(jobs[futures[future]],
                                   errors=[f"worker failed: {type(exc).__name__}: {exc}"])
            results[futures[future]] = result
            if progress:
                progress(result)
        return results  # type: ignore[return-value]
    finally:
        if own:
            executor.shutdown()


def _serial(jobs: list[Job], progress, processes: int | None = None) -> Iterator[JobResult]:
    for job in jobs:
        result = run_job(job, processes)
        if progress:
            progress(result)
        yield result
