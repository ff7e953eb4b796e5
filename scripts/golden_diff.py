#!/usr/bin/env python3
"""Print where our engine differs from the reference processor's goldens.

    .venv/bin/python scripts/golden_diff.py [CASE]      # default case: article
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from golden_compare import differences, golden_runs, render_ours  # noqa: E402

case = sys.argv[1] if len(sys.argv) > 1 else "article"
total = same = 0
for name, style, fmt, cites, expected in golden_runs(case):
    ours = render_ours(case, style, fmt, cites)
    diffs = differences(expected, ours)
    n = len(expected["bibliography"]) + len(expected["citations"])
    total += n
    same += n - len([k for k in diffs if k.startswith(("bibliography.", "citation."))])
    for key, (theirs, mine) in diffs.items():
        print(f"{name}: {key}\n  citeproc-js: {theirs}\n  rabp-refs:   {mine}")
print(f"{same} of {total} entries and citations identical to citeproc-js")
