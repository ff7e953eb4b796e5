"""natbib's author-year labels for LaTeX output: ``\\bibitem[Neva et al.(2011)]{neva2011}``.

With natbib loaded, ``\\citet{neva2011}`` then prints "Neva et al. (2011)" and ``\\citep``
"(Neva et al., 2011)". The label is made of the style's own forms: the author-only cite (its
names, et-al rule and all) and the suppress-author cite (the year, with the year suffix
disambiguation gave it), so a label says what the style says. Styles whose citations are
not author-date (numeric, label, note, MLA's author-page) get no label: ``\\bibitem{KEY}``,
which natbib numbers.
"""
from __future__ import annotations

import re

from .elements import AUTHOR_ONLY, SUPPRESS_AUTHOR

# brackets a citation layout puts around the year: "(2011)", "[2011]"
_OUTER = re.compile(r"^\s*[(\[](.*)[)\]]\s*$", re.S)


def is_author_date(engine) -> bool:
    """The style's own category (cs:info/cs:category/@citation-format)."""
    root = engine.style.root
    return any(c.get("citation-format") == "author-date"
               for c in root.iter("{http://purl.org/net/xbiblio/csl}category"))


def labels(engine, items: list[dict], jobs: int | None = None) -> dict[str, str] | None:
    """``{id: "Neva et al.(2011)"}`` (plain text) for an author-date style, else None.
    ``jobs``: processes to render the cites with, as Engine.render takes it."""
    from . import CiteItem, Engine

    if not items or not is_author_date(engine):
        return None
    if engine.output_format != "text":
        engine = Engine(engine.path, locale=engine.locale, output_format="text")
    ids = [str(item["id"]) for item in items]
    clusters = [cluster for key in ids for cluster in
                ([CiteItem(key, mode=AUTHOR_ONLY)], [CiteItem(key, mode=SUPPRESS_AUTHOR)])]
    # (jobs: as the render's own; the cites are rendered in slices like any document's)
    citations = engine.render(items, clusters, bibliography=False, jobs=jobs).citations
    found = {}
    for key, author, year in zip(ids, citations[0::2], citations[1::2]):
        m = _OUTER.match(year)
        year = (m.group(1) if m else year).strip()
        if author and year:
            found[key] = f"{author.strip()}({year})"
    return found
