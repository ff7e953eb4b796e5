"""Running one benchmark task in a fresh Python process: its time and its own peak memory."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_RUNNER = """
import json, os, resource, sys, tempfile, time
ARGS = sys.argv[1:]
_OWN = tempfile.mkstemp(prefix="rabp-bench-")[1]
t0 = time.perf_counter()
{patch}{code}
elapsed = time.perf_counter() - t0
_self, _kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = _self.ru_utime + _self.ru_stime + _kids.ru_utime + _kids.ru_stime  # a program's too
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
with open(_OWN) as f:
    own = max([float(line) for line in f if line.strip()], default=0)
os.unlink(_OWN)
# a task that runs a program reports the program's peak (CHILD_PEAK_MB), not its own; a task
# that forks workers reports theirs too (the largest worker's)
print(json.dumps({{"seconds": elapsed, "cpu_seconds": cpu,
                   "peak_mb": globals().get("CHILD_PEAK_MB",
                                            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                                            / 1024),
                   "workers_peak_mb": 0 if "CHILD_PEAK_MB" in globals() else children,
                   "workers_own_mb": own,
                   "slices_redone": getattr(globals().get("_forking"), "slices_redone", 0)}}))
"""

# In a task of ours (timed with it): each forked worker records the memory that is its own
# (private pages, Linux) when its slice is done; its peak RSS also counts the pages it
# shares with the parent.
_WORKERS_OWN = """
try:
    from rabp_refs import forking as _forking
    _run_slice = _forking._run_slice
    def _recorded(*args):
        result = _run_slice(*args)
        try:
            with open("/proc/self/smaps_rollup") as f:
                kb = sum(int(line.split()[1]) for line in f
                         if line.startswith(("Private_Clean:", "Private_Dirty:")))
            with open(_OWN, "a") as f:
                f.write(f"{kb / 1024}\\n")
        except OSError:
            pass
        return result
    _forking._run_slice = _recorded
except ImportError:
    pass
"""


def measure(code: str, *args: str, source: Path | None = None) -> dict:
    """Run ``code`` (it sees its arguments as ARGS) in a new interpreter; seconds, peak MB, and
    "error" when it failed. ``source``: a folder imported before the installed packages (a
    baseline checkout's ``src``)."""
    patch = _WORKERS_OWN if "rabp_refs" in code else ""
    env = None if source is None else {**os.environ, "PYTHONPATH": str(source)}
    out = subprocess.run([sys.executable, "-c", _RUNNER.format(code=code, patch=patch),
                          *map(str, args)], capture_output=True, text=True, cwd=ROOT, env=env)
    if out.returncode:
        return {"seconds": float("nan"), "cpu_seconds": float("nan"), "peak_mb": float("nan"),
                "error": (out.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])
