"""The display marks and the position pass on their own (engine/display.py,
engine/positions.py); the CSL suite checks both in context (display_*, position_*,
integration_*)."""
from types import SimpleNamespace

from rabp_refs.engine import display, positions


def test_display_parts_take_citeproc_js_html_and_a_space_in_text():
    entry = (display.enclose("left-margin", "[1]") + display.enclose("right-inline", "J. Doe")
             + ".")
    entry = display.suffix_inside(entry)  # the layout's suffix goes inside the right part
    assert display.apply(entry, html=True) == (
        '\n    <div class="csl-left-margin">[1]</div>'
        '<div class="csl-right-inline">J. Doe.</div>\n  ')
    assert display.apply(entry, html=False) == "[1] J. Doe."
    nested = display.enclose("block", "A " + display.enclose("indent", "b"))
    assert display.apply(nested, html=False) == "A  b"
    assert display.strip("x" + display.enclose("block", "y")) == "xy"


_INDICES = iter(range(1000))


def _citation(*keys, locators=()):
    cites = [SimpleNamespace(key=k, index=next(_INDICES), has_locator=bool(loc),
                             locator=SimpleNamespace(label="page", identifier=loc))
             for k, loc in zip(keys, list(locators) + [None] * len(keys))]
    return SimpleNamespace(cites=cites)


def test_ibid_needs_a_single_previous_cite_and_near_note_its_distance():
    a1, a2, b, a3, a4 = (_citation("a"), _citation("a"), _citation("b", "a"), _citation("a"),
                         _citation("a", locators=["5"]))
    found = positions.compute([a1, a2, b, a3, a4], notes=[1, 2, 3, 9, 9],
                              near_note_distance=5)
    of = [found.of(c.cites[0]) for c in (a1, a2, b, a3, a4)]
    assert of[0] == {"first"}
    assert of[1] == {"subsequent", "ibid", "near-note"}
    assert found.of(b.cites[1]) == {"subsequent", "near-note"}  # after b, not ibid
    assert of[3] == {"subsequent"}  # note 3 held two cites; note 9 is 6 notes on
    assert of[4] == {"subsequent", "ibid", "ibid-with-locator", "near-note"}
    assert found.first_note == {"a": 1, "b": 3}
