"""python -m rabp_refs.conformance [FOLDER] [--json OUT] [--known-failures FILE] [-j N] [-v]

Runs the CSL processor test suite (default: ../shared/csl-test-suite/humans beside a checkout,
or any folder of fixtures in the same format) through our engine. Prints a table per category,
the off-spec and experiments fixtures apart, and, last, "N passed, M failed" for the main
fixtures. With --known-failures, exits 1 on a failure not listed and on a listed fixture that
now passes (the list only ever shrinks; --prune-known-failures removes those that pass).
Exit codes: 0 as expected, 1 unexpected results, 2 usage error.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

from . import MAIN, TIMEOUT_S, default_suite, discover, read_known_failures, run_many

DEFAULT_KNOWN = Path(__file__).resolve().parents[3] / "tests" / "conformance" / "known-failures.txt"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rabp_refs.conformance",
                                     description=__doc__.split("\n\n")[1])
    parser.add_argument("folder", nargs="?", type=Path, default=None,
                        help="folder of fixtures (default: the suite beside the checkout)")
    parser.add_argument("--json", type=Path, help="write a JSON result per fixture here")
    parser.add_argument("--known-failures", type=Path, default=None,
                        help=f"known failures, one per line with '# reason' (default: "
                             f"{DEFAULT_KNOWN.relative_to(DEFAULT_KNOWN.parents[2])} when it "
                             "exists and FOLDER is the default suite)")
    parser.add_argument("--prune-known-failures", action="store_true",
                        help="remove fixtures that now pass from the known-failures file")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=TIMEOUT_S,
                        help="seconds per fixture (default %(default)s)")
    parser.add_argument("-k", "--filter", default=None, help="only fixtures whose name has this")
    parser.add_argument("-v", "--verbose", action="store_true", help="print a diff per failure")
    args = parser.parse_args(argv)

    folder = args.folder or default_suite()
    if not folder.is_dir():
        print(f"conformance: no fixtures folder at {folder}", file=sys.stderr)
        return 2
    known_path = args.known_failures
    if known_path is None and args.folder is None and DEFAULT_KNOWN.exists():
        known_path = DEFAULT_KNOWN
    known = read_known_failures(known_path) if known_path else None

    fixtures = discover(folder)
    if args.filter:
        fixtures = [f for f in fixtures if args.filter in f.name]
    outcomes = sorted(run_many(fixtures, workers=args.jobs, timeout=args.timeout),
                      key=lambda o: (o.group, o.name))

    main_outcomes = [o for o in outcomes if o.group == MAIN]
    total, passed = Counter(), Counter()
    for o in main_outcomes:
        total[o.category] += 1
        passed[o.category] += o.status == "passed"
    print(f"{'category':16} {'passed':>7} {'total':>6} {'%':>6}")
    for category in sorted(total):
        share = 100 * passed[category] / total[category]
        print(f"{category:16} {passed[category]:7} {total[category]:6} {share:6.1f}")
    statuses = Counter(o.status for o in main_outcomes)
    print("statuses: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
    for group in sorted({o.group for o in outcomes} - {MAIN}):
        extra = [o for o in outcomes if o.group == group]
        print(f"{group} (counted apart): {sum(o.status == 'passed' for o in extra)} of "
              f"{len(extra)} passed")
    if args.verbose:
        for o in main_outcomes:
            if o.status != "passed":
                print(f"\n=== {o.name}: {o.status}" + (f" ({o.error})" if o.error else ""))
                print("\n".join(o.diff))
    if args.json:
        args.json.write_text(json.dumps([o.to_dict() for o in outcomes], ensure_ascii=False,
                                        indent=1) + "\n", encoding="utf-8")

    code = 0
    failing = {o.name for o in main_outcomes if o.status != "passed"}
    if known is not None:
        new = sorted(failing - set(known))
        now_passing = sorted(n for n in known if n in {o.name for o in main_outcomes}
                             and n not in failing)
        for name in new:
            o = next(o for o in main_outcomes if o.name == name)
            print(f"NEW FAILURE {name}: {o.status}" + (f" ({o.error})" if o.error else ""))
        for name in now_passing:
            print(f"NOW PASSING {name}: remove it from {known_path}")
        if args.prune_known_failures and now_passing:
            lines = known_path.read_text(encoding="utf-8").splitlines()
            keep = [line for line in lines
                    if line.partition("#")[0].strip() not in set(now_passing)]
            known_path.write_text("\n".join(keep) + "\n", encoding="utf-8")
            now_passing = []
        code = 1 if new or now_passing else 0
    elif failing:
        code = 1
    n_main = len(main_outcomes)
    print(f"{n_main - len(failing)} passed, {len(failing)} failed")
    return code


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # the reader stopped early (| head): not a failure of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
