"""Issue 19's breadth run as a ratchet: the breadth corpus (tests/breadth: every CSL item type,
name shapes, dates, pages, clusters with every locator label, affixes, narrative and
suppress-author cites, ibid) through the 60 most-used styles, against citeproc-js's goldens
(scripts/style_breadth.py --update-goldens wrote them from ../shared/oracle; each holds its
command).

A difference not in tests/breadth/known-differences.json fails, and so does a listed one that
has gone. The default run takes a fixed sample of styles (about a second each); all 60 with
RABP_BREADTH=all (`make breadth`).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import json
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import style_breadth  # noqa: E402

ALL = style_breadth.listed_styles()
SAMPLE = ["apa", "chicago-notes-bibliography", "ieee", "associacao-brasileira-de-normas-tecnicas",
          "oscola", "china-national-standard-gb-t-7714-2015-numeric", "american-sociological-association",
          "nature"]
STYLES = ALL if os.environ.get("RABP_BREADTH") == "all" else SAMPLE
KNOWN = style_breadth.known_differences()


def test_the_list_holds_60_official_styles_each_with_its_golden():
    assert len(ALL) == 60 == len(set(ALL))
    assert set(SAMPLE) <= set(ALL)
    for style in ALL:
        assert style_breadth.golden_path(style).is_file(), style


@pytest.fixture(scope="module")
def corpus():
    return style_breadth.corpus()


@pytest.mark.parametrize("style", STYLES)
def test_same_as_citeproc_js_or_a_listed_difference(style, corpus):
    expected = json.loads(style_breadth.golden_path(style).read_text())
    ours, _, failures = style_breadth.run_ours(style, *corpus)
    found = style_breadth.compare(style, expected, ours)
    new = sorted(set(found) - set(KNOWN))
    assert not new, f"differences from citeproc-js not in known-differences.json: {new[:5]}"
    gone = sorted(k for k in KNOWN if k.startswith(style + ": ") and k not in found)
    assert not gone, f"now identical to citeproc-js: remove from known-differences.json: {gone}"
    assert failures == 0, "the processor failed on a record (RB904)"
