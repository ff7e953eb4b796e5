"""Issue 4's corpus: 125 records of every common type and every hard case, in APA 7th, MLA 9th
and Chicago author-date, text and HTML, with and without a clusters file, against citeproc-js.

The corpus: tests/golden/corpus/cases.json (57 hand-written records, one or more for each
problem issue 4 names) and generated.bib (68 realistic records through our BibTeX mapping),
mapped into items.json; the goldens come from ../shared/oracle (scripts/update_goldens.py).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from golden_compare import GOLDEN, differences, golden_runs, render_ours
from rabp_refs import sources

ROOT = Path(__file__).resolve().parent.parent
CASE = GOLDEN / "corpus"
KNOWN = json.loads((CASE / "known-differences.json").read_text())["themes"]
LISTED = {where for data in KNOWN.values() for where in data["where"]}
RUNS = list(golden_runs("corpus"))


def test_items_are_the_current_mapping_of_the_inputs():
    spec = json.loads((CASE / "case.json").read_text())
    items = [i for path in spec["inputs"] for i in sources.load(ROOT / path).items]
    assert json.loads((CASE / "items.json").read_text()) == items


@pytest.mark.parametrize("run", RUNS, ids=lambda r: r[0])
def test_same_as_reference_processor_or_a_listed_difference(run):
    name, style, fmt, cites, expected = run
    found = {f"{name}: {key}" for key in
             differences(expected, render_ours("corpus", style, fmt, cites))}
    assert not found - LISTED, "differences from citeproc-js not in known-differences.json"
    gone = [k for k in LISTED if k.startswith(name + ": ") and k not in found]
    assert not gone, "now identical to citeproc-js: remove from known-differences.json"


@pytest.mark.parametrize("style", ["apa", "modern-language-association",
                                   "chicago-author-date"])
def test_at_least_98_percent_identical_per_style_format_and_part(style):
    for fmt in ("text", "html"):
        for part in ("bibliography", "citation"):
            total = same = 0
            for name, run_style, run_fmt, cites, expected in RUNS:
                if (run_style, run_fmt) != (style, fmt):
                    continue
                diffs = differences(expected, render_ours("corpus", style, fmt, cites))
                n = len(expected["bibliography" if part == "bibliography" else "citations"])
                total += n
                same += n - len([k for k in diffs if k.startswith(part + ".")])
            assert same / total >= 0.98, f"{style} {fmt} {part}: {same}/{total}"
