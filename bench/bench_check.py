#!/usr/bin/env python3
"""Benchmark `rabp-refs check` against plain bibtexparser parsing, in the same run.

    .venv/bin/python bench/bench_check.py [--sizes 1000,10000,50000] [--repeat 3]

For each size, a deterministic realistic file is generated (bench/gen_bib.py) and each task
runs in a fresh process (so peak memory is the task's own): the baseline, bibtexparser 2.x
parsing with no middlewares, and bibtexparser with its LaTeX-decoding middleware; then our full
check (read, map to CSL-JSON, every rule). Prints entries per second (median of --repeat runs),
peak RSS, and the ratio to the plain-parse baseline.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from gen_bib import generate  # noqa: E402
from measure import measure  # noqa: E402

TASKS = {
    "bibtexparser (no middlewares)": """
import bibtexparser
lib = bibtexparser.parse_string(open(ARGS[0], encoding="utf-8").read(), parse_stack=[])
n = len(lib.entries)
""",
    "bibtexparser + LaTeX decoding": """
import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware
lib = bibtexparser.parse_string(open(ARGS[0], encoding="utf-8").read(),
                                append_middleware=[LatexDecodingMiddleware()])
n = len(lib.entries)
""",
    "rabp-refs check": """
from rabp_refs import validate
found = validate.check([validate.read(ARGS[0])])
n = None
""",
}

def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tasks", default=",".join(TASKS))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    tasks = [t for t in TASKS if t in args.tasks.split(",")]
    print(f"{'entries':>8}  {'task':32} {'seconds':>8} {'entries/s':>10} {'peak MB':>8} "
          f"{'vs plain parse':>15}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"gen{n}.bib"
            path.write_text(generate(n), encoding="utf-8")
            baseline = None
            for task in tasks:
                runs = [measure(TASKS[task], path) for _ in range(args.repeat)]
                seconds = statistics.median(r["seconds"] for r in runs)
                peak = max(r["peak_mb"] for r in runs)
                if baseline is None:
                    baseline = seconds
                ratio = f"{seconds / baseline:.2f}x time"
                print(f"{n:>8}  {task:32} {seconds:8.2f} {n / seconds:10.0f} {peak:8.0f} "
                      f"{ratio:>15}", flush=True)


if __name__ == "__main__":
    main()
