"""Comparing our engine with the reference processor's goldens, entry by entry."""
from __future__ import annotations

import json
from pathlib import Path

from rabp_refs.engine import CiteItem, Engine

GOLDEN = Path(__file__).resolve().parent / "golden"


def golden_runs(case: str):
    """(name, style, format, cites file or None, expected JSON) for each golden of a case."""
    case_dir = GOLDEN / case
    spec = json.loads((case_dir / "case.json").read_text())
    for style in spec["styles"]:
        for fmt in spec["formats"]:
            for cites in [None] + spec.get("cites", []):
                name = f"{style}.{fmt}{'.' + Path(cites).stem if cites else ''}"
                expected = json.loads((case_dir / f"{name}.citeproc-js.json").read_text())
                yield name, style, fmt, cites, expected


def render_ours(case: str, style: str, fmt: str, cites: str | None) -> dict:
    case_dir = GOLDEN / case
    items = json.loads((case_dir / "items.json").read_text())
    clusters = None
    if cites:
        data = json.loads((case_dir / cites).read_text())
        clusters = [[CiteItem.from_json(c) for c in cluster] for cluster in data]
    return Engine(style, output_format=fmt).render(items, clusters).to_json()


def differences(expected: dict, ours: dict) -> dict[str, tuple]:
    """Key -> (reference, ours) for every entry, citation or order that differs."""
    diffs = {}
    if expected["bibliography_ids"] != ours["bibliography_ids"]:
        diffs["bibliography-order"] = (expected["bibliography_ids"], ours["bibliography_ids"])
    theirs = dict(zip(expected["bibliography_ids"], expected["bibliography"]))
    mine = dict(zip(ours["bibliography_ids"], ours["bibliography"]))
    for item_id in sorted(set(theirs) | set(mine)):
        if theirs.get(item_id) != mine.get(item_id):
            diffs[f"bibliography.{item_id}"] = (theirs.get(item_id), mine.get(item_id))
    for n, (a, b) in enumerate(zip(expected["citations"], ours["citations"]), start=1):
        if a != b:
            diffs[f"citation.{n}"] = (a, b)
    if len(expected["citations"]) != len(ours["citations"]):
        diffs["citation-count"] = (len(expected["citations"]), len(ours["citations"]))
    return diffs
