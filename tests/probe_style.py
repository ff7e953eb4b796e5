"""A small CSL style: one citation layout in one locale, rendered for a few items. The
locale tests (test_ordinals.py, test_flip_flop.py, test_locale_terms.py) render it; their
expected strings are citeproc-js's on the same style (../shared/oracle)."""
from rabp_refs.engine import Engine

STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"
       default-locale="{locale}">
  <info><id>t</id><title>t</title><updated>2026-12-07T00:00:00+00:00</updated></info>
  <citation><layout>{layout}</layout></citation>
</style>"""


def citations(tmp_path, locale: str, layout: str, items: list[dict]) -> list[str]:
    """Each item's citation (one cluster each) through the style of ``layout`` in
    ``locale``."""
    path = tmp_path / f"{locale}.csl"
    path.write_text(STYLE.format(locale=locale, layout=layout), encoding="utf-8")
    return Engine(str(path)).render(items, None).citations
