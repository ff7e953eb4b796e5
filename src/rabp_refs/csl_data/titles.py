"""Titles: title, subtitle and title addon joined, sentence case for English entries (as
pandoc), the short title, and the titles of what contains the work (book, journal, series)
as biblatex's data model places them."""
from __future__ import annotations

import re

from .. import latex
from ..localisation import localised
from .context import Context, put
from .vocabulary import ARTICLELIKE, CHAPTERLIKE


def map_titles(ctx: Context, item: dict) -> bool:
    """The entry's titles into ``item``; whether it is a periodical's issue (whose note is
    the periodical's, not printed)."""
    entry = ctx.entry
    et = entry.type
    is_periodical = et == "periodical"
    chapterlike = et in CHAPTERLIKE
    has_main = entry.get("maintitle") is not None

    # a periodical's issue is its title within the periodical; a periodical without an
    # issue title is the periodical itself (as pandoc)
    is_periodical = is_periodical and entry.get("issuetitle") is not None
    if is_periodical:
        title = _join_title([ctx.title("issuetitle"), ctx.title("issuesubtitle"), None])
    elif et == "periodical":
        title = _as_written(ctx, ("title", "subtitle", "titleaddon"))
    elif has_main and not chapterlike:
        title = _join_title([ctx.title("maintitle"), ctx.title("mainsubtitle"),
                             ctx.title("maintitleaddon")])
        item["volume-title"] = _title_markup(_join_title(
            [ctx.title("title"), ctx.title("subtitle"), ctx.title("titleaddon")]), ctx)
    else:
        title = _join_title([ctx.title("title"), ctx.title("subtitle"), ctx.title("titleaddon")])
    put(item, "title", _title_markup(title, ctx))
    short = ctx.title("shorttitle")
    if short is None and not (has_main and not chapterlike):
        # as pandoc: the main title up to its colon (all of it when a subtitle is separate)
        main = ctx.title("title") or []
        has_sub = bool(entry.get("subtitle") or entry.get("titleaddon"))
        short = _up_to_colon(main) if (has_sub or _has_colon(main)) else None
    if short:
        item["title-short"] = _title_markup(short, ctx)

    if is_periodical:  # the journal of the issue
        container = _as_written(ctx, ("title", "subtitle"))
    elif chapterlike and (entry.get("maintitle") or entry.get("booktitle")):
        if has_main:
            container = _join_title([ctx.title("maintitle"), ctx.title("mainsubtitle"),
                                     ctx.title("maintitleaddon")])
            put(item, "volume-title", _title_markup(_join_title(
                [ctx.title("booktitle"), ctx.title("booksubtitle"),
                 ctx.title("booktitleaddon")]), ctx))
        else:
            container = _join_title([ctx.title("booktitle"), ctx.title("booksubtitle"),
                                     ctx.title("booktitleaddon")])
    else:
        container = None
    if container:
        item["container-title"] = _title_markup(container, ctx)
    else:
        journal = ctx.decoded("journaltitle") or ctx.decoded("journal")
        if journal:
            runs = list(journal.runs)
            sub = ctx.decoded("journalsubtitle")
            if sub:
                runs = _join_title([runs, sub.runs, None])
            item["container-title"] = latex.to_csl_markup(runs, nocase=False)
    put(item, "container-title-short", ctx.text("shortjournal"))
    series = ctx.title("series")
    if series and (entry.get("series") or "").strip().isdigit() and et in ARTICLELIKE:
        # biblatex: a number is the journal's series, printed as an ordinal and "series"
        n = int(entry.get("series").strip())
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        item["collection-title"] = f"{n}{suffix} series"
    elif series and localised(entry.get("series")) != entry.get("series"):
        string = localised(entry.get("series"))  # "new series", opening its unit
        item["collection-title"] = string[0].upper() + string[1:]
    elif series:
        item["collection-title"] = _title_markup(series, ctx)
    put(item, "event", _title_markup(ctx.title("eventtitle"), ctx))
    put(item, "original-title", _title_markup(ctx.title("origtitle"), ctx))
    return is_periodical


def _join_title(parts: list[list[latex.Run] | None]) -> list[latex.Run] | None:
    """title + ": " + subtitle + ". " + titleaddon, as pandoc joins them."""
    main, sub, addon = parts
    if not main:
        return None
    runs = list(main)
    for extra, sep in ((sub, ":"), (addon, ".")):
        if extra:
            last = runs[-1].text if runs else ""
            glue = " " if last[-1:] in "!?.,:;" else sep + " "
            runs.append(latex.Run(glue))
            runs.extend(extra)
    return runs


# the colon that ends a main title, as pandoc finds it: outside braces ("{BS 1629:1950}:
# Bibliographical references" is "BS 1629:1950"; "{Erratum: The format ...}" has none)
_TITLE_COLON = re.compile(r":")


def _has_colon(runs: list[latex.Run]) -> bool:
    return any(not r.protected and _TITLE_COLON.search(r.text) for r in runs)


def _up_to_colon(runs: list[latex.Run]) -> list[latex.Run]:
    out = []
    for run in runs:
        colon = None if run.protected else _TITLE_COLON.search(run.text)
        if colon:
            head = run.text[:colon.start()].rstrip()
            if head:
                out.append(latex.Run(head, run.protected, run.fmt))
            break
        out.append(run)
    return out


def _as_written(ctx: Context, names: tuple[str, ...]) -> list[latex.Run] | None:
    """A journal's name joined from its title fields, in its own case: journal titles are
    not sentence-cased (as pandoc; "Computers and Graphics")."""
    parts = [(ctx.decoded(f) or latex.Decoded([], [])).runs or None for f in names]
    return _join_title((parts + [None])[:3])


def _title_markup(runs: list[latex.Run] | None, ctx: Context) -> str | None:
    if not runs:
        return None
    return latex.to_csl_markup(runs, nocase=ctx.english)
