#!/usr/bin/env python3
"""This checkout's engine against another checkout's (a baseline commit), in the same run.

    .venv/bin/python bench/bench_against.py --baseline DIR [--sizes 1000,10000]
        [--styles apa,mla] [--repeat 3] [--generator shared,own] [--jobs 1]

DIR is a checkout of the baseline (``git worktree add DIR COMMIT``); its ``src`` is imported in
place of ours, with this checkout's dependencies. Each render (bibliography and one citation per
entry, ``Engine.render``) runs in a fresh process, the two engines alternating, so a busy
machine slows both alike; the medians of wall and CPU time (every process, forked workers
included) and the peak memory are printed side by side, with new/old ratios (below 1: faster).

Data: ``shared`` is the shared generator (``../shared/bench/gen_bib.py N 42 --csl-json``, the
records quoted in the speed issues), ``own`` is bench/gen_bib.py's BibTeX mapped to CSL-JSON once.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_GENERATOR = ROOT.parent / "shared" / "bench" / "gen_bib.py"
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "src")]

from bench_render import ALIASES  # noqa: E402
from gen_bib import generate  # noqa: E402
from measure import measure  # noqa: E402

RENDER = """
assert __import__("rabp_refs").__file__.startswith(ARGS[2])
ITEMS, STYLE = json.load(open(ARGS[0])), ARGS[1]
from rabp_refs.engine import Engine
result = Engine(STYLE).render(ITEMS, jobs=int(ARGS[3]) if ARGS[3] != "auto" else None)
"""


def items_file(generator: str, n: int, folder: Path) -> Path:
    path = folder / f"{generator}{n}.json"
    if generator == "shared":
        with open(path, "w", encoding="utf-8") as out:
            subprocess.run([sys.executable, str(SHARED_GENERATOR), str(n), "42", "--csl-json"],
                           stdout=out, check=True)
    else:
        from rabp_refs import sources
        bib = folder / f"own{n}.bib"
        bib.write_text(generate(n), encoding="utf-8")
        path.write_text(json.dumps(sources.load(bib).items), encoding="utf-8")
    return path


def cases(args, folder: Path):
    """(generator, entries, items file, style) for each case a run asks for (``--generator``,
    ``--sizes``, ``--styles``), each items file made once, in ``folder``."""
    for generator in args.generator.split(","):
        for n in (int(s) for s in args.sizes.split(",")):
            items = items_file(generator, n, folder)
            for style in args.styles.split(","):
                yield generator, n, items, style


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", required=True, type=Path)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--styles", default="apa,mla")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--generator", default="shared,own")
    parser.add_argument("--jobs", default="1", help='processes per render, or "auto"')
    args = parser.parse_args()
    sources = {"new": ROOT / "src", "old": args.baseline.resolve() / "src"}
    print(f"{'data':>6} {'entries':>8} {'style':6} | {'old wall':>8} {'new wall':>8} {'ratio':>6}"
          f" | {'old CPU':>8} {'new CPU':>8} {'ratio':>6} | {'old MB':>7} {'new MB':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for generator, n, items, style in cases(args, Path(tmp)):
            runs = {"old": [], "new": []}
            for _ in range(args.repeat):
                for name in ("old", "new"):
                    runs[name].append(measure(RENDER, items, ALIASES.get(style, style),
                                              sources[name], args.jobs,
                                              source=sources[name]))
            errors = [r["error"] for rs in runs.values() for r in rs if "error" in r]
            med = {name: {key: statistics.median(r[key] for r in rs)
                          for key in ("seconds", "cpu_seconds")}
                   for name, rs in runs.items()}
            peak = {name: max(r["peak_mb"] + r["workers_peak_mb"] for r in rs)
                    for name, rs in runs.items()}
            old, new = med["old"], med["new"]
            print(f"{generator:>6} {n:>8} {style:6} | {old['seconds']:8.2f} "
                  f"{new['seconds']:8.2f} {new['seconds'] / old['seconds']:6.2f} | "
                  f"{old['cpu_seconds']:8.2f} {new['cpu_seconds']:8.2f} "
                  f"{new['cpu_seconds'] / old['cpu_seconds']:6.2f} | "
                  f"{peak['old']:7.0f} {peak['new']:7.0f}"
                  + (f"  ({errors[0]})" if errors else ""), flush=True)


if __name__ == "__main__":
    main()
