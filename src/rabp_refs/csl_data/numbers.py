"""Numbers: biblatex's number (a collection number for books, the issue for articles), the
issue, a volume's part and the page range."""
from __future__ import annotations

from ..patterns import spaced
from .context import Context
from .vocabulary import ARTICLELIKE, BOOKLIKE

_PAGE_DASH = spaced("[-‐‑–]++")  # hyphens or dashes between page numbers


def map_number_and_issue(ctx: Context, item: dict) -> None:
    et = ctx.entry.type
    number = ctx.text("number")
    if number:
        if et in BOOKLIKE:
            item["collection-number"] = number
        elif et in ARTICLELIKE:
            issue = ctx.text("issue")
            item["issue"] = f"{number}, {issue}" if issue else number
        else:
            item["number"] = number
    elif ctx.text("issue"):
        item["issue"] = ctx.text("issue")


def map_part_and_pages(ctx: Context, item: dict) -> None:
    part = ctx.text("part")
    if part:
        item["volume"] = f"{item['volume']}.{part}" if "volume" in item else part
    pages = ctx.text("pages")
    if pages:
        item["page"] = _PAGE_DASH.sub("–", pages)
