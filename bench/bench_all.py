#!/usr/bin/env python3
"""Every benchmark of issue 6 in one run: parse+map, check and render, against the baselines.

    .venv/bin/python bench/bench_all.py [--sizes 1000,10000,50000] [--styles apa,mla]
                                        [--plain-render-max 10000] [--repeat 1] [--no-render]

For each size a deterministic realistic BibTeX file is generated (bench/gen_bib.py: every
common type, names with particles and accents, braces, macros); each task runs in a fresh
process, so its peak memory is its own (bench/measure.py). Tasks:

- parse, bibtexparser 2 with no middlewares (the baseline of the parse ratios), and with its
  LaTeX-decoding middleware;
- pandoc converting the file to CSL-JSON, the whole process: every pandoc found (the one on
  PATH, and pandoc 3 from pypandoc-binary, which `pip install -e '.[bench]'` brings);
- rabp-refs read + parse + map to CSL-JSON with full LaTeX decoding;
- rabp-refs check (every rule);
- render, bibliography and one citation per entry, for each style: plain citeproc-py 0.11
  (up to --plain-render-max entries: it takes over a minute at 10,000) and rabp-refs.

Then the ratios the issue asks for: map against pandoc, render against plain citeproc-py,
and how render time grows from one size to the next against N log N.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import math
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "src")]

from bench_render import ALIASES, OURS, PLAIN  # noqa: E402
from gen_bib import generate  # noqa: E402
from measure import measure  # noqa: E402

PARSE = """
import bibtexparser
lib = bibtexparser.parse_string(open(ARGS[0], encoding="utf-8").read(), parse_stack=[])
"""
PARSE_LATEX = """
import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware
lib = bibtexparser.parse_string(open(ARGS[0], encoding="utf-8").read(),
                                append_middleware=[LatexDecodingMiddleware()])
"""
PANDOC = """
import resource, subprocess
subprocess.run([ARGS[1], "-f", "biblatex", "-t", "csljson", ARGS[0], "-o", ARGS[0] + ".json"],
               check=True)
CHILD_PEAK_MB = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
"""
MAP = """
from rabp_refs import sources
items = sources.load(ARGS[0]).items
"""
CHECK = """
from rabp_refs import validate
found = validate.check([validate.read(ARGS[0])])
"""


def pandocs() -> list[tuple[str, str]]:
    """(version, executable) of every pandoc there is: the one on PATH (Debian 12's is 2.17)
    and the one pypandoc-binary ships (pandoc 3, the issue's peer: `pip install -e
    '.[bench]'`), each once."""
    found = []
    spec = importlib.util.find_spec("pypandoc")
    candidates = [shutil.which("pandoc")]
    if spec and spec.origin:
        candidates.append(str(Path(spec.origin).parent / "files" / "pandoc"))
    seen = set()
    for path in candidates:
        if not path or not Path(path).is_file() or Path(path).resolve() in seen:
            continue
        seen.add(Path(path).resolve())
        out = subprocess.run([path, "--version"], capture_output=True, text=True)
        if out.returncode == 0:
            found.append((out.stdout.split("\n", 1)[0].split()[-1], path))
    return sorted(found, key=lambda vp: [int(p) for p in vp[0].split(".") if p.isdigit()])


def _run(code: str, repeat: int, *args) -> dict:
    runs = [measure(code, *args) for _ in range(repeat)]
    result = {"seconds": statistics.median(r["seconds"] for r in runs),
              "cpu_seconds": statistics.median(r["cpu_seconds"] for r in runs),
              "peak_mb": max(r["peak_mb"] for r in runs),
              "workers_peak_mb": max(r.get("workers_peak_mb", 0) for r in runs),
              "workers_own_mb": max(r.get("workers_own_mb", 0) for r in runs),
              "slices_redone": max(r.get("slices_redone", 0) for r in runs)}
    if "error" in runs[0]:
        result["error"] = runs[0]["error"]
    return result


def _line(n: int, task: str, result: dict, note: str = "") -> None:
    seconds = result["seconds"]
    rate = f"{n / seconds:10.0f}" if seconds == seconds and seconds > 0 else f"{'-':>10}"
    error = f"  ({result['error']})" if "error" in result else ""
    if result.get("workers_peak_mb"):
        note += f" (forked workers' peak {result['workers_peak_mb']:.0f} MB"
        if result.get("workers_own_mb"):
            note += f", {result['workers_own_mb']:.0f} MB of it their own"
        note += ")"
    if result.get("slices_redone"):  # the parent did them again: the figure is not sound
        note += f" ({result['slices_redone']} slices whose worker failed, redone by the parent)"
    print(f"{n:>8}  {task:34} {seconds:8.2f} {rate} {result['peak_mb']:8.0f}  {note}{error}",
          flush=True)


TUGBOAT = Path("/usr/share/texlive/texmf-dist/bibtex/bib/beebe/tugboat.bib")


def _map_against_pandoc(bib: Path, repeat: int) -> None:
    """A real file: our parse+map and each pandoc's conversion in the same run, wall and CPU
    time (the machine's load shows in the wall time, not in the CPU time)."""
    from rabp_refs import sources
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / bib.name  # (pandoc writes its output next to it)
        copy.write_bytes(bib.read_bytes())
        n = len(sources.load(copy).items)
        ours = _run(MAP, repeat, copy)
        print(f"{bib.name} ({n} entries): rabp-refs parse + map {ours['seconds']:.2f} s wall, "
              f"{ours['cpu_seconds']:.2f} s CPU", flush=True)
        for version, path in pandocs():
            theirs = _run(PANDOC, repeat, copy, path)
            print(f"{bib.name}: pandoc {version} -> CSL-JSON {theirs['seconds']:.2f} s wall, "
                  f"{theirs['cpu_seconds']:.2f} s CPU: rabp-refs {theirs['seconds'] / ours['seconds']:.1f}x "
                  f"faster (wall), {theirs['cpu_seconds'] / ours['cpu_seconds']:.1f}x (CPU)",
                  flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--styles", default="apa,mla")
    parser.add_argument("--plain-render-max", type=int, default=10000,
                        help="largest size plain citeproc-py renders (default 10000)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--no-render", action="store_true",
                        help="parse, map and check only")
    parser.add_argument("--files", default=str(TUGBOAT) if TUGBOAT.is_file() else "",
                        help="real .bib files to parse+map against pandoc, comma-separated "
                             "(default: texlive's tugboat.bib, issue 20: at least 5x pandoc 3)")
    parser.add_argument("--map-only", action="store_true",
                        help="only parse+map against pandoc, of the real files")
    args = parser.parse_args()
    for path in filter(None, args.files.split(",")):
        _map_against_pandoc(Path(path), args.repeat)
    if args.map_only:
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    styles = [] if args.no_render else args.styles.split(",")
    pandoc = pandocs()
    print(f"{'entries':>8}  {'task':34} {'seconds':>8} {'entries/s':>10} {'peak MB':>8}  ratio")
    renders: dict[str, list[tuple[int, float]]] = {s: [] for s in styles}
    from rabp_refs import sources
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            bib = Path(tmp) / f"gen{n}.bib"
            bib.write_text(generate(n), encoding="utf-8")
            base = _run(PARSE, args.repeat, bib)
            _line(n, "parse: bibtexparser", base, "baseline")
            latex = _run(PARSE_LATEX, args.repeat, bib)
            _line(n, "parse: bibtexparser + LaTeX", latex,
                  f"{latex['seconds'] / base['seconds']:.1f}x baseline")
            ours_map = _run(MAP, args.repeat, bib)
            ratios = []
            for version, path in pandoc:
                theirs = _run(PANDOC, args.repeat, bib, path)
                _line(n, f"pandoc {version} -> CSL-JSON", theirs)
                if "error" not in theirs:
                    ratios.append(f"{theirs['seconds'] / ours_map['seconds']:.1f}x faster "
                                  f"than pandoc {version}")
            _line(n, "rabp-refs parse + map (LaTeX)", ours_map,
                  ", ".join(ratios) or "no pandoc")
            check = _run(CHECK, args.repeat, bib)
            _line(n, "rabp-refs check", check,
                  f"{check['seconds'] / base['seconds']:.1f}x baseline")
            items = Path(tmp) / f"gen{n}.json"
            if styles:
                items.write_text(json.dumps(sources.load(bib).items))
            for style in styles:
                name = ALIASES.get(style, style)
                plain = None
                if n <= args.plain_render_max:
                    plain = _run(PLAIN, args.repeat, items, name)
                    _line(n, f"render {style}: plain citeproc-py", plain)
                ours = _run(OURS, args.repeat, items, name)
                ratio = (f"{plain['seconds'] / ours['seconds']:.1f}x plain citeproc-py's speed"
                         if plain else "")
                _line(n, f"render {style}: rabp-refs", ours, ratio)
                renders[style].append((n, ours["seconds"]))
    for style, points in renders.items():
        for (n1, t1), (n2, t2) in zip(points, points[1:]):
            nlogn = (n2 * math.log(n2)) / (n1 * math.log(n1))
            print(f"render {style}: {n1:,} -> {n2:,} entries: time x{t2 / t1:.1f} "
                  f"(N log N: x{nlogn:.1f})")


if __name__ == "__main__":
    main()
