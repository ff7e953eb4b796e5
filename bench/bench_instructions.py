#!/usr/bin/env python3
"""A render's instruction count, this checkout's engine against another's: a measure that a
busy or shared machine does not move.

    .venv/bin/python bench/bench_instructions.py --baseline DIR [--sizes 200]
        [--styles apa,mla] [--generator shared]

Wall and CPU times on a shared machine vary by a fifth from run to run, so a change of a few
percent cannot be seen in them (bench_against.py, whose medians need quiet cores). Valgrind's
callgrind counts the instructions a process runs instead (``apt-get install valgrind``). With
a fixed hash seed (PYTHONHASHSEED=0) the count repeats to about 0.3%. Each count is a render
of N entries (bibliography and one citation per entry, one process: ``jobs=1``) minus the same
process rendering no entries (start-up, imports, loading the style). The render runs about 50
times slower under callgrind: keep N in the hundreds.

DIR is a checkout of the baseline (``git worktree add DIR COMMIT``), as for bench_against.py.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "src")]

from bench_against import cases  # noqa: E402
from bench_render import ALIASES  # noqa: E402

RENDER = """
import json, sys
ITEMS, STYLE, N, SOURCE = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
assert __import__("rabp_refs").__file__.startswith(SOURCE)
from rabp_refs.engine import Engine
items = json.load(open(ITEMS))[:N]
Engine(STYLE).render(items, jobs=1)
"""

_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def instructions(source: Path, items: Path, style: str, n: int) -> int:
    """The instructions of one process rendering ``n`` entries with the engine in ``source``."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(source)}
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                          sys.executable, "-c", RENDER, str(items), style, str(n), str(source)],
                         env=env, capture_output=True, text=True)
    found = _COLLECTED.search(out.stderr)
    if out.returncode != 0 or not found:
        sys.exit(f"callgrind failed ({source}): {out.stderr[-500:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", required=True, type=Path)
    parser.add_argument("--sizes", default="200")
    parser.add_argument("--styles", default="apa,mla")
    parser.add_argument("--generator", default="shared")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    sources = {"old": args.baseline.resolve() / "src", "new": ROOT / "src"}
    print(f"{'data':>6} {'entries':>8} {'style':6} | {'old M instr.':>12} {'new M instr.':>12}"
          f" {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for generator, n, items, style in cases(args, Path(tmp)):
            name = ALIASES.get(style, style)
            counts = {key: instructions(src, items, name, n) - instructions(src, items, name, 0)
                      for key, src in sources.items()}
            print(f"{generator:>6} {n:>8} {style:6} | {counts['old'] / 1e6:12.0f} "
                  f"{counts['new'] / 1e6:12.0f} {counts['new'] / counts['old']:6.3f}",
                  flush=True)

if __name__ == "__main__":
    main()
