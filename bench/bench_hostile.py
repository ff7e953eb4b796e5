"""Small crafted inputs that used to take exponential, cubic or quadratic time (issue 18,
item 1), each fed at growing sizes: the time per size and its growth over the size before,
so that a bound that no longer holds shows as a ratio far above the size's own (x2).

    python bench/bench_hostile.py              # every pattern, about a minute
    python bench/bench_hostile.py ris macros   # some of them
    python bench/bench_hostile.py --limit 5    # give up on a pattern past 5 s a size

A size over the limit stops that pattern (the old code's were seconds to hours); the ratio
of a linear pattern stays near the size ratio (2), an n log n one a little above it.
"""
from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

import hostile_inputs as hostile  # noqa: E402  (tests/hostile_inputs.py: the inputs, shared)
from rabp_refs.errors import RabpError  # noqa: E402


class _TooLong(Exception):
    pass


def _alarm(signum, frame):
    raise _TooLong


def run_pattern(name: str, limit: float) -> None:
    make, run, sizes = hostile.PATTERNS[name]
    print(f"== {name}: {hostile.PATTERNS_DOC[name]}")
    _timed(run, make(sizes[0]), limit)  # imports and compiled patterns out of the figures
    previous = None
    for n in sizes:
        data = make(n)
        try:
            elapsed, refused = _timed(run, data, limit)
        except _TooLong:
            print(f"   n={n:>9,}  {len(data):>10,} chars  > {limit:.0f} s (stopped)")
            return
        ratio = f"x{elapsed / previous:5.1f}" if previous else "      "
        print(f"   n={n:>9,}  {len(data):>10,} chars  {elapsed:8.3f} s  {ratio}  {refused}")
        previous = max(elapsed, 1e-6)


def _timed(run, data, limit: float) -> tuple[float, str]:
    """Seconds ``run(data)`` took, and the error it refused the input with (if it did)."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    t0 = time.perf_counter()
    refused = ""
    try:
        run(data)
    except RabpError as exc:
        refused = f"refused: {str(exc).split(': ', 1)[-1][:60]}..."
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return time.perf_counter() - t0, refused


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("patterns", nargs="*", metavar="pattern",
                        help=f"patterns to run (default: all): {', '.join(hostile.PATTERNS)}")
    parser.add_argument("--limit", type=float, default=10.0,
                        help="seconds a size may take before the pattern is stopped")
    args = parser.parse_args()
    unknown = set(args.patterns) - set(hostile.PATTERNS)
    if unknown:
        parser.error(f"unknown pattern(s): {', '.join(sorted(unknown))}")
    for name in args.patterns or hostile.PATTERNS:
        run_pattern(name, args.limit)


if __name__ == "__main__":
    main()
