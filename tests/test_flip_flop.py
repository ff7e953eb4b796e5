"""The flip-flop pass (engine/passes.py). The CSL suite checks it in context
(flipflop_ItalicsWithOk, flipflop_SmallCaps, decorations_NoNormalWithoutDecoration); these
pin the nesting, and the pairing of the data's straight quotes (engine/source.py)."""
import pytest

from rabp_refs.engine.passes import flip_flop
from rabp_refs.engine.source import curl_quotes

NORMAL_STYLE = '<span style="font-style:normal;">'
SMALL_CAPS = '<span style="font-variant:small-caps;">'


def test_formatting_inside_the_same_formatting_is_undone_and_redone():
    assert flip_flop("<i>a <i>b <i>c</i></i></i>") == \
        f"<i>a {NORMAL_STYLE}b <i>c</i></span></i>"
    assert flip_flop(f"{SMALL_CAPS}a {SMALL_CAPS}b</span></span>") == \
        f'{SMALL_CAPS}a <span style="font-variant:normal;">b</span></span>'


def test_normal_and_nodecor_undo_only_what_is_around_them():
    assert flip_flop(f"{NORMAL_STYLE}a</span> <i>{NORMAL_STYLE}b</span></i>") == \
        f"a <i>{NORMAL_STYLE}b</span></i>"
    assert flip_flop('<b><i>a <span class="nodecor">v.</span> b</i></b>') == \
        f'<b><i>a {NORMAL_STYLE}<span style="font-weight:normal;">v.</span></span> b</i></b>'
    assert flip_flop('<a href="u">x</a> <span class="nodecor">y</span>') == '<a href="u">x</a> y'


@pytest.mark.parametrize("data, expected", [
    ('"fear-avoidance" beliefs', "“fear-avoidance” beliefs"),
    # a quote after a space opens (citeproc-js): this one is left unmatched, both straight
    # (the CSL suite's flipflop_OrphanQuote)
    ('Nation of "Positive Obligations " of State', 'Nation of "Positive Obligations " of State'),
])
def test_straight_double_quotes_curled_as_citeproc_js_pairs_them(data, expected):
    assert curl_quotes(data) == expected
