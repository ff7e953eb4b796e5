"""Terms of the locale files as citeproc-js prints them, found by rendering a probe style
in every locale citeproc-py ships and comparing with citeproc-js 2.4.63
(../shared/oracle: ``node oracle.js --style STYLE --items ITEMS --locale LOCALE``, the
style of probe_style.py with the layout below, and the item below)."""
import pytest

from probe_style import citations

TERMS = """<group delimiter="|">
  <label variable="page" form="long"/><label variable="page" form="short"/>
  <date variable="issued"><date-part name="month" form="short"/></date>
  <text term="from"/><text term="open-inner-quote"/></group>"""

ITEM = {"id": "a", "type": "book", "title": "T", "page": "3-5",
        "issued": {"date-parts": [[2020, 1]]}}


# an apostrophe in a term is typographic wherever the term is printed: a label (he-IL's
# short page label, nl-NL's plural "pagina's"), a short month name (he-IL), a text term
# (fr-FR), and a quotation mark term printed as text (ar, he-IL)
@pytest.mark.parametrize("locale, expected", [
    ("he-IL", "עמודים|’עמ|ינו’|מתוך|’"),
    ("nl-NL", "pagina’s|pp.|jan.|van|‘"),
    ("fr-FR", "pages|p.|janv.|à l’adresse|“"),
    ("ar", "صفحات|ص|يناير|من|’"),
])
def test_an_apostrophe_in_a_term_is_typographic(tmp_path, locale, expected):
    assert citations(tmp_path, locale, TERMS, [ITEM]) == [expected]


ET_AL = """<names variable="author">
  <name name-as-sort-order="all" et-al-min="3" et-al-use-first="1"/></names>"""


# a space before the et-al term only where the term starts in a script written with spaces
# (citeproc-js's STARTSWITH_ROMANESQUE_REGEXP): Hebrew's prefix "ו", Hindi, Armenian and
# Chinese take none
@pytest.mark.parametrize("locale, expected", [
    ("he-IL", "Beethoven, Ludwig vanואחרים"),
    ("hi-IN", "Beethoven, Ludwig vanइत्यादि"),
    ("hy-AM", "Beethoven, Ludwig vanև\u00a0ուրիշներ"),
    ("zh-CN", "Beethoven, Ludwig van等"),
    ("ru-RU", "Beethoven, Ludwig van и др."),
    ("en-US", "Beethoven, Ludwig van et al."),
])
def test_the_et_al_term_takes_a_space_before_it_in_scripts_written_with_spaces(tmp_path, locale,
                                                                              expected):
    item = {"id": "a", "type": "book", "author": [
        {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
        {"family": "Gogh", "given": "Vincent", "dropping-particle": "van"},
        {"family": "Doe", "given": "J."}]}
    assert citations(tmp_path, locale, ET_AL, [item]) == [expected]


TURKISH_CASES = """<group delimiter="|">
  <text term="in" text-case="capitalize-first"/>
  <text variable="title" text-case="capitalize-first"/>
  <text variable="title" text-case="capitalize-all"/>
  <text variable="publisher" text-case="uppercase"/></group>"""

GREEK_CASES = """<group delimiter="|">
  <text term="edition" text-case="capitalize-first"/>
  <text term="edition" text-case="uppercase"/>
  <text variable="title" text-case="capitalize-all"/>
  <text variable="title" text-case="uppercase"/>
  <text term="edition" text-case="title"/></group>"""


# citeproc-js cases in the item's language, else the style's: tr-TR's "içinde" is "İçinde",
# but "Içinde" for an item in English; Greek capitals lose tonos and breathings and keep the
# diaeresis ("Εκδοση", "ΪΔΕΑ", "ΑΘΗΝΑΙ"), a Latin letter keeps its accent ("É"), an item in
# English keeps them ("Έκδοση")
@pytest.mark.parametrize("locale, layout, items, expected", [
    ("tr-TR", TURKISH_CASES,
     [{"id": "a", "type": "book", "title": "istanbul ile izmir", "publisher": "iletişim"},
      {"id": "b", "type": "book", "title": "istanbul ile izmir", "publisher": "iletişim",
       "language": "en"}],
     ["İçinde|İstanbul ile izmir|İstanbul İle İzmir|İLETİŞİM",
      "Içinde|Istanbul ile izmir|Istanbul Ile Izmir|ILETIŞIM"]),
    ("el-GR", GREEK_CASES,
     [{"id": "c", "type": "book", "title": "έκδοση άλλη ϊδέα Ἀθῆναι é", "language": "el"},
      {"id": "d", "type": "book", "title": "όνομα", "language": "en"}],
     ["Εκδοση|ΕΚΔΟΣΗ|Εκδοση Αλλη Ϊδέα Ἀθῆναι É|ΕΚΔΟΣΗ ΑΛΛΗ ΪΔΕΑ ΑΘΗΝΑΙ É|Εκδοση",
      "Έκδοση|ΈΚΔΟΣΗ|Όνομα|ΌΝΟΜΑ|Έκδοση"]),
])
def test_capitals_are_the_languages_unless_the_item_is_in_another(tmp_path, locale, layout,
                                                                   items, expected):
    assert citations(tmp_path, locale, layout, items) == expected
