"""Running one benchmark task in a fresh Python process: its time and its own peak memory."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_RUNNER = """
import json, resource, sys, time
ARGS = sys.argv[1:]
t0 = time.perf_counter()
{code}
elapsed = time.perf_counter() - t0
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
# a task that runs a program reports the program's peak (CHILD_PEAK_MB), not its own; a task
# that forks workers reports theirs too (the largest worker's)
print(json.dumps({{"seconds": elapsed,
                   "peak_mb": globals().get("CHILD_PEAK_MB",
                                            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                                            / 1024),
                   "workers_peak_mb": 0 if "CHILD_PEAK_MB" in globals() else children}}))
"""


def measure(code: str, *args: str) -> dict:
    """Run ``code`` (it sees its arguments as ARGS) in a new interpreter; seconds, peak MB, and
    "error" when it failed."""
    out = subprocess.run([sys.executable, "-c", _RUNNER.format(code=code), *map(str, args)],
                         capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        return {"seconds": float("nan"), "peak_mb": float("nan"),
                "error": (out.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])
