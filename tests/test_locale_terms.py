"""Terms of the locale files as citeproc-js prints them, found by rendering a probe style
in every locale citeproc-py ships and comparing with citeproc-js 2.4.63
(../shared/oracle: ``node oracle.js --style STYLE --items ITEMS --locale LOCALE``, the
style and items below)."""
import pytest

from rabp_refs.engine import Engine

STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"
       default-locale="{locale}">
  <info><id>t</id><title>t</title><updated>2026-12-07T00:00:00+00:00</updated></info>
  <citation><layout><group delimiter="|">
    <label variable="page" form="long"/><label variable="page" form="short"/>
    <date variable="issued"><date-part name="month" form="short"/></date>
    <text term="from"/><text term="open-inner-quote"/>
  </group></layout></citation>
</style>"""

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
    path = tmp_path / f"{locale}.csl"
    path.write_text(STYLE.format(locale=locale), encoding="utf-8")
    assert Engine(str(path)).render([ITEM], None).citations == [expected]
