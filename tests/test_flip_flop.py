"""The flip-flop pass (engine/passes.py). The CSL suite checks it in context
(flipflop_ItalicsWithOk, flipflop_SmallCaps, decorations_NoNormalWithoutDecoration); these
pin the nesting, and the pairing of the data's straight quotes (engine/source.py)."""
import pytest
from probe_style import citations

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


# citeproc-js 2.4.63 (../shared/oracle): the data's quotes take the locale's inner marks
# inside quotes="true", also where a mark both opens and closes (sv-SE, fi-FI ”…” and ’…’,
# ar and he-IL straight ones), where the inner mark is the apostrophe ("It’s" stays) and
# where it is a comma (lt-LT: the comma after "pain" is punctuation)
@pytest.mark.parametrize("locale, expected", [
    ("sv-SE", ["”Back pain, ’really’ ’now’”", "”It’s ’new’, isn’t it”"]),
    ("fi-FI", ["”Back pain, ’really’ ’now’”", "”It’s ’new’, isn’t it”"]),
    ("he-IL", ["\"Back pain, 'really' 'now'\"", "\"It’s 'new', isn’t it\""]),
    ("ar", ["\"Back pain, 'really' 'now'\"", "\"It’s 'new', isn’t it\""]),
    ("lt-LT", ["„Back pain, ,really‘ ,now‘“", "„It’s ,new‘, isn’t it“"]),
    ("de-DE", ["„Back pain, ‚really‘ ‚now‘“", "„It’s ‚new‘, isn’t it“"]),
    ("en-US", ["“Back pain, ‘really’ ‘now’”", "“It’s ‘new’, isn’t it”"]),
    # marks of more than one character: fr-FR's "«\u00a0" and "\u00a0»"
    ("fr-FR", ["«\u00a0Back pain, “really” “now”\u00a0»", "«\u00a0It’s “new”, isn’t it\u00a0»"]),
])
def test_quotes_in_a_quoted_title_alternate_with_any_locale_marks(tmp_path, locale, expected):
    items = [{"id": "a", "type": "book", "title": "Back pain, \"really\" 'now'"},
             {"id": "b", "type": "book", "title": "It's \"new\", isn't it"}]
    assert citations(tmp_path, locale, '<text variable="title" quotes="true"/>', items) == \
        expected


# citeproc-js 2.4.63 (../shared/oracle), the title printed as it is: the data's straight
# quotes take the locale's marks (fr-FR's with their no-break spaces); a space the data has
# before ":", ";", "?", "!" or "»", or after "«", is a narrow no-break space in every
# language, but the marks straight quotes become take none (sl-SI's »…«)
@pytest.mark.parametrize("locale, expected", [
    ("en-US", ["Qui\u202f? Quoi\u202f: oui\u202f! non\u202f; a «\u202fb\u202f» c", "a “b” c"]),
    ("fr-FR", ["Qui\u202f? Quoi\u202f: oui\u202f! non\u202f; a «\u202fb\u202f» c",
               "a «\u00a0b\u00a0» c"]),
    ("sl-SI", ["Qui\u202f? Quoi\u202f: oui\u202f! non\u202f; a «\u202fb\u202f» c", "a »b« c"]),
])
def test_the_data_spaces_at_marks_are_narrow_and_its_quotes_the_locales(tmp_path, locale,
                                                                        expected):
    items = [{"id": "a", "type": "book", "title": "Qui ? Quoi : oui ! non ; a « b » c"},
             {"id": "b", "type": "book", "title": 'a "b" c'}]
    assert citations(tmp_path, locale, '<text variable="title"/>', items) == expected
