"""Issue 19's breadth run as a ratchet: the breadth corpus (tests/breadth: every CSL item type,
name shapes, dates, pages, clusters with every locator label, affixes, narrative and
suppress-author cites, ibid) through the 60 most-used styles, against citeproc-js's goldens
(scripts/style_breadth.py --update-goldens wrote them from ../shared/oracle; each holds its
command).

A difference not in tests/breadth/known-differences.json fails, and so does a listed one that
has gone. The default run takes a fixed sample of styles (about a second each); all 60 with
RABP_BREADTH=all (`make breadth`). The same holds, with its own list of differences
(tests/breadth/known-differences-more.json), for 82 other official styles chosen by family
(tests/breadth/styles-more.txt): five in the default run, all with RABP_BREADTH=all.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import style_breadth  # noqa: E402

ALL = style_breadth.listed_styles()
SAMPLE = ["apa", "chicago-notes-bibliography", "ieee", "associacao-brasileira-de-normas-tecnicas",
          "oscola", "china-national-standard-gb-t-7714-2015-numeric", "american-sociological-association",
          "chicago-author-date"]
STYLES = ALL if os.environ.get("RABP_BREADTH") == "all" else SAMPLE
KNOWN = style_breadth.known_differences()
# 82 official styles beyond the 60 (tests/breadth/styles-more.txt), with their own list of
# differences: agreement must hold on styles nobody tuned for
MORE = style_breadth.listed_styles(style_breadth.BREADTH / "styles-more.txt")
MORE_KNOWN_FILE = style_breadth.BREADTH / "known-differences-more.json"
MORE_KNOWN = style_breadth.known_differences(MORE_KNOWN_FILE)
MORE_SAMPLE = ["enfermeria-clinica", "glossa", "communication-et-langages",
               "harvard-pontificia-universidad-catolica-del-ecuador",
               "uludag-universitesi-sosyal-bilimler-enstitusu-full-note-with-ibid"]
MORE_STYLES = MORE if os.environ.get("RABP_BREADTH") == "all" else MORE_SAMPLE


def test_the_list_holds_60_official_styles_each_with_its_golden():
    assert len(ALL) == 60 == len(set(ALL))
    assert set(SAMPLE) <= set(ALL)
    for style in ALL:
        assert style_breadth.golden_path(style).is_file(), style


def test_the_second_list_holds_82_other_official_styles_each_with_its_golden():
    assert len(MORE) == 82 == len(set(MORE))
    assert not set(MORE) & set(ALL)
    assert set(MORE_SAMPLE) <= set(MORE)
    for style in MORE:
        assert style_breadth.golden_path(style).is_file(), style


def test_an_oracle_placeholder_is_counted_apart_only_where_we_print_nothing():
    found = {"s: citation.1": ("[NO_PRINTED_FORM]", ""), "s: citation.2": ("[NO_PRINTED_FORM]", "(1)"),
             "s: citation.3": ("(2)", "(3)"), "s: bibliography.a": ("A.", "A")}
    expected = {"bibliography": ["A.", "B."], "bibliography_ids": ["a", "b"],
                "citations": ["x"] * 4}
    row = style_breadth.style_row("s", expected, expected, found)
    assert row["placeholders"] == 1
    assert row["citations"] == 100 * 1 / 3     # of 3 comparable clusters, 2 differ
    assert row["entries"] == 50.0


@pytest.fixture(scope="module")
def corpus():
    return style_breadth.corpus()


def _same_or_listed(style, corpus, known, listed_in):
    expected = json.loads(style_breadth.golden_path(style).read_text())
    ours, _, failures = style_breadth.run_ours(style, *corpus)
    found = style_breadth.compare(style, expected, ours)
    new = sorted(set(found) - set(known))
    assert not new, f"differences from citeproc-js not in {listed_in}: {new[:5]}"
    gone = sorted(k for k in known if k.startswith(style + ": ") and k not in found)
    assert not gone, f"now identical to citeproc-js: remove from {listed_in}: {gone}"
    assert failures == 0, "the processor failed on a record (RB904)"


@pytest.mark.parametrize("style", STYLES)
def test_same_as_citeproc_js_or_a_listed_difference(style, corpus):
    _same_or_listed(style, corpus, KNOWN, "known-differences.json")


@pytest.mark.parametrize("style", MORE_STYLES)
def test_beyond_the_60_same_as_citeproc_js_or_a_listed_difference(style, corpus):
    _same_or_listed(style, corpus, MORE_KNOWN, MORE_KNOWN_FILE.name)


def _bare(cluster):
    """A cluster's cites without locators, labels, prefixes or suffixes."""
    return [c if isinstance(c, str) else
            {k: v for k, v in c.items() if k not in ("locator", "label", "prefix", "suffix")}
            for c in cluster]


@pytest.mark.parametrize("style", STYLES)
def test_the_bibliography_does_not_depend_on_the_cites_locators_or_affixes(style, corpus):
    """Issue 19, item 3: the same clusters with and without locators, labels, prefixes and
    suffixes give the same bibliography (a cite's locator reached chicago-author-date's
    entries before)."""
    items, clusters = corpus
    # every item's first cite with a locator (a page or a chapter), a prefix and a suffix,
    # then the corpus's clusters
    clusters = [[{"id": item["id"], "locator": str(n % 400 + 1),
                  "label": ("page", "chapter")[n % 2], "prefix": "see ", "suffix": ", passim"}]
                for n, item in enumerate(items)] + clusters
    with_them, _, _ = style_breadth.run_ours(style, items, clusters)
    without, _, _ = style_breadth.run_ours(style, items, [_bare(c) for c in clusters])
    assert with_them["bibliography"] == without["bibliography"]
    assert with_them["bibliography_ids"] == without["bibliography_ids"]
