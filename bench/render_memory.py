"""The memory a render holds across its processes: the peak of the sum of the proportional
set sizes (PSS: a page shared by two processes counts half in each) of the rendering process
and its forked workers, sampled every 20 ms from outside (Linux: /proc/PID/smaps_rollup).

Peak RSS per process (bench_all.py's column) counts a page the parent shares with its worker
in both; this counts it once, and counts what each worker copied for itself.

    .venv/bin/python bench/render_memory.py ITEMS.json apa [--jobs N]

ITEMS.json: CSL-JSON items (``rabp-refs convert --to csl-json`` of bench/gen_bib.py's output).
Sampling costs the render some speed: time it with bench_all.py.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_RENDER = """
import json, resource, sys, time
sys.path.insert(0, {src!r})
from rabp_refs.engine import Engine
items = json.load(open({items!r}, encoding="utf-8"))
t = time.perf_counter()
Engine({style!r}).render(items, jobs={jobs!r})
print(json.dumps({{"seconds": time.perf_counter() - t,
                  "parent_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    """The process and its descendants."""
    pids = [pid]
    for parent in pids:
        try:
            for task in os.listdir(f"/proc/{parent}/task"):
                with open(f"/proc/{parent}/task/{task}/children") as f:
                    pids.extend(int(child) for child in f.read().split())
        except OSError:
            continue
    return pids


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("items")
    parser.add_argument("style")
    parser.add_argument("--jobs", type=int, default=None,
                        help="processes (default: the engine's own choice)")
    args = parser.parse_args()
    code = _RENDER.format(src=str(ROOT / "src"), items=args.items, style=args.style,
                          jobs=args.jobs)
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                               text=True)
    peak_kb, processes = 0, 0
    while process.poll() is None:
        pids = _tree(process.pid)
        total = sum(_pss_kb(pid) for pid in pids)
        if total > peak_kb:
            peak_kb, processes = total, len(pids)
        time.sleep(0.02)
    if process.returncode:
        return process.returncode
    result = json.loads(process.stdout.read())
    print(f"{args.style}: {result['seconds']:.2f} s (sampled), processes at the peak: "
          f"{processes}, peak of their PSS together: {peak_kb / 1024:.0f} MB, the "
          f"rendering process's peak RSS: {result['parent_peak_rss_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
