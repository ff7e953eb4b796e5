"""The article's nine records: our rendering against the article's print and citeproc-js.

Expected strings come from two places only: the article itself
(../shared/seed/rheumatoid-arthritis-and-back-pain.txt, typed here with its HTML entities
decoded) and the reference processor's goldens in tests/golden/article/ (see
scripts/update_goldens.py for how they are produced).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from golden_compare import GOLDEN, differences, golden_runs, render_ours
from rabp_refs import sources
from rabp_refs.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
CASE = GOLDEN / "article"

# The "cite this article" lines, as the article prints them.
PRINTED_MLA = ('Nall, Rachel. "Rheumatoid arthritis and back pain." Medical News Today. '
               "MediLexicon, Intl., 31 Aug. 2018. Web. 6 Sep. 2019. "
               "<https://www.medicalnewstoday.com/articles/322950.php>")
PRINTED_APA = 'Nall, R. (2018, August 31). "Rheumatoid arthritis and back pain." Medical News Today.'

# The article's reference list as printed (the text dump puts spaces around italics; they are
# not part of the print: "Rehabilitation ,  26 (4)" is "Rehabilitation, 26(4)").
PRINTED_LIST = [
    "Arthritis and diseases that affect the back. (n.d.).",
    "Arthritis and diseases that affect the back. (n.d.).",
    "Back pain. (2017, March).",
    "Baykara, R. A., Bozgeyik, Z., Akgul, O. & Ozgocmen, S. (2013). Low back pain in patients "
    "with rheumatoid arthritis: Clinical characteristics and impact of low back pain on function "
    "ability and health-related quality of life [Abstract]. Journal of Back and Musculoskeletal "
    "Rehabilitation, 26(4), 367–374.",
    "Gillick, J. L., Wainwright, J., & Das, K. (2015, July 1). Rheumatoid arthritis and the "
    "cervical spine: A review on the role of surgery. International Journal of Rheumatology.",
    "Neva, M. H., Häkkinen, A., Isomäki, P., & Sokka, T. (2011, September 1). Chronic back pain "
    "in patients with rheumatoid arthritis and in a control population: Prevalence and "
    "disability – A 5-year follow-up. Rheumatology, 9(1), 1635–1639.",
    "Rheumatoid arthritis. (n.d.).",
    "Seki, S., Hirano, N., Matsushita, I., Kawaguchi, Y., Nakano, M., Yasuda, T. … Kimura, T. "
    "(2018, January). Lumbar spine surgery in patients with rheumatoid arthritis (RA): What "
    "affects the outcomes? The Spine Journal. 18(1), 99–106.",
]

# The only differences from the print: corrections from public records (the facts) and
# the list's majority convention where the print breaks it. (printed, ours, why)
CORRECTIONS = [
    ("Akgul, O. & Ozgocmen", "Akgul, O., & Ozgocmen",
     "the list's own convention (Gillick, Neva) puts a comma before '&'"),
    ("Rheumatology.", "Rheumatology, 2015.",
     "Gillick: the journal's record gives volume 2015 (the print has none)"),
    ("disability – A 5-year", "disability – a 5-year",
     "Neva: the record's subtitle runs '– a 5-year follow-up'"),
    ("Rheumatology, 9(1),", "Rheumatology, 50(9),",
     "Neva: the journal's record is volume 50, issue 9 (the print says 9(1))"),
    ("Yasuda, T. … Kimura", "Yasuda, T., … Kimura",
     "Seki: the APA 6th rule the list follows (first six, ellipsis, last) keeps the comma"),
    ("The Spine Journal. 18(1)", "The Spine Journal, 18(1)",
     "Seki: the list's own convention is a comma after the journal title"),
]


def _corrected_list() -> list[str]:
    entries = list(PRINTED_LIST)
    for printed, ours, _why in CORRECTIONS:
        hits = [i for i, e in enumerate(entries) if printed in e]
        assert len(hits) == 1, f"correction {printed!r} must apply to exactly one entry"
        entries[hits[0]] = entries[hits[0]].replace(printed, ours)
    return entries


@pytest.fixture(scope="module")
def items() -> list[dict]:
    return sources.load(ROOT / "references.bib").items


def test_goldens_were_made_from_the_current_mapping(items):
    # The goldens render items.json; it must be what references.bib maps to today, or the
    # goldens must be regenerated from the oracle (scripts/update_goldens.py).
    assert json.loads((CASE / "items.json").read_text()) == items


def test_cite_this_article_mla_as_printed(items):
    result = Engine("medical-news-today-mla").render(items)
    assert dict(zip(result.bibliography_ids, result.bibliography))["nall2018"] == PRINTED_MLA


def test_cite_this_article_apa_as_printed(items):
    result = Engine("medical-news-today-apa").render(items)
    assert dict(zip(result.bibliography_ids, result.bibliography))["nall2018"] == PRINTED_APA


def test_reference_list_as_printed_with_corrections(items):
    references = [i for i in items if i["id"] != "nall2018"]
    result = Engine("medical-news-today-apa").render(references)
    assert result.bibliography == _corrected_list()


def test_reference_processor_agrees_with_the_print():
    """The goldens of our two styles (citeproc-js) show the same strings: the styles, not our
    engine, carry the article's formats."""
    mla = json.loads((CASE / "medical-news-today-mla.text.citeproc-js.json").read_text())
    apa = json.loads((CASE / "medical-news-today-apa.text.citeproc-js.json").read_text())
    assert PRINTED_MLA in mla["bibliography"]
    assert PRINTED_APA in apa["bibliography"]
    assert [e for e, i in zip(apa["bibliography"], apa["bibliography_ids"])
            if i != "nall2018"] == _corrected_list()


KNOWN = json.loads((CASE / "known-differences.json").read_text())["themes"]
LISTED = {where: theme for theme, data in KNOWN.items() for where in data["where"]}


@pytest.mark.parametrize("run", list(golden_runs("article")), ids=lambda r: r[0])
def test_same_as_reference_processor_or_a_listed_difference(run):
    name, style, fmt, cites, expected = run
    found = {f"{name}: {key}": pair
             for key, pair in differences(expected, render_ours("article", style, fmt, cites))
             .items()}
    unexplained = {k: v for k, v in found.items() if k not in LISTED}
    assert not unexplained, "differences from citeproc-js not in known-differences.json"
    gone = [k for k in LISTED if k.startswith(name + ": ") and k not in found]
    assert not gone, "now identical to citeproc-js: remove from known-differences.json"
