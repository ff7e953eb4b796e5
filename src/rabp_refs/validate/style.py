"""RB601 what the chosen CSL style prints that a record lacks.

The style is asked, not read: for each CSL type in the bibliography, a probe record with every
checked variable set to a marker is rendered, and the markers that come out are what the style
prints for that type. A record of that type missing one of them is reported.
"""
from __future__ import annotations

from .. import rules

# variable -> (marker value in the probe, text that shows it was printed)
CHECKED = {
    "container-title": ("Qzcontainer", "Qzcontainer"),
    "publisher": ("Qzpublisher", "Qzpublisher"),
    "URL": ("https://qz.example/qzurl", "qzurl"),
    "accessed": ({"date-parts": [[1901, 2, 3]]}, "1901"),
}
# The record types for which a variable is needed, when the style prints it.
NEEDED_FOR = {
    "container-title": {"article-journal", "article-magazine", "article-newspaper", "chapter",
                        "paper-conference", "entry-encyclopedia", "entry-dictionary"},
    "publisher": {"book", "report", "thesis", "chapter"},
    "URL": {"webpage", "post", "post-weblog"},
    "accessed": {"webpage", "post", "post-weblog"},
}
BASE = {"title": "Qztitle", "author": [{"family": "Qzauthor", "given": "Q."}],
        "issued": {"date-parts": [[1999, 5, 6]]}, "volume": "7", "issue": "8", "page": "9–10"}


def printed_variables(engine, csl_type: str) -> frozenset[str]:
    """The checked variables ``engine``'s style prints for a record of ``csl_type``."""
    probe = dict(BASE, id="probe", type=csl_type,
                 **{name: value for name, (value, _) in CHECKED.items()})
    result = engine.render([probe])
    text = " ".join(result.bibliography) if result.bibliography else " ".join(result.citations)
    return frozenset(name for name, (_, marker) in CHECKED.items()
                     if marker in text and csl_type in NEEDED_FOR[name])


def check(ctx) -> None:
    if not ctx.style:
        return
    engine = ctx.engine
    if engine is None:
        from ..engine import Engine
        engine = Engine(ctx.style)
    printed: dict[str, frozenset[str]] = {}  # CSL type -> what the style prints for it
    for record in ctx.records:
        csl_type = record.item.get("type", "document")
        if csl_type not in printed:
            printed[csl_type] = printed_variables(engine, csl_type)
        needed = printed[csl_type]
        missing = sorted(v for v in needed if v not in record.item)
        if missing:
            ctx.report(rules.STYLE_NEEDS, f"style {ctx.style} prints {', '.join(missing)} for "
                       f"records of type {record.item.get('type')}; this one has none", record,
                       hint="add the field, or 'rabp-ignore = {RB601}' if the source has none")
