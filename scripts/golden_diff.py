#!/usr/bin/env python3
"""Print where an engine differs from the reference processor's goldens, and the match rate.

    .venv/bin/python scripts/golden_diff.py [CASE] [--engine rabp-refs|citeproc-py] [--quiet]

CASE defaults to "article". --engine citeproc-py renders with plain citeproc-py (its own style
class, formatters and lookup, none of our layer) as the baseline to compare against.
"""
import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from golden_compare import GOLDEN, differences, golden_runs, render_ours  # noqa: E402


def render_plain_citeproc_py(case, style, fmt, cites):
    """The same render with citeproc-py alone (registration and order as the oracle's)."""
    from citeproc import (Citation, CitationItem, CitationStylesBibliography,
                          CitationStylesStyle, Locator)
    from citeproc.formatter import html, plain
    from citeproc.source.json import CiteProcJSON

    from rabp_refs.engine import _style_path

    items = json.loads((GOLDEN / case / "items.json").read_text())
    data = (json.loads((GOLDEN / case / cites).read_text()) if cites
            else [[i["id"]] for i in items])
    style_obj = CitationStylesStyle(str(_style_path(style)), validate=False)
    bib = CitationStylesBibliography(style_obj, CiteProcJSON(items),
                                     {"text": plain, "html": html}[fmt])
    citations = []
    for cluster in data:
        cites_ = []
        for c in cluster:
            c = {"id": c} if isinstance(c, str) else c
            kw = {k: c[k] for k in ("prefix", "suffix") if k in c}
            if "locator" in c:
                kw["locator"] = Locator(c.get("label", "page"), c["locator"])
            cites_.append(CitationItem(c["id"], **kw))
        citations.append(Citation(cites_))
    for c in citations:
        bib.register(c)
    rest = [CitationItem(i["id"]) for i in items if i["id"].lower() not in bib.keys]
    if rest:
        bib.register(Citation(rest))
    bib.sort()
    out_cites = [str(bib.cite(c, lambda item: None)) for c in citations]
    ids = {i["id"].lower(): i["id"] for i in items}
    return {"bibliography": [str(e) for e in bib.bibliography()],
            "bibliography_ids": [ids[k] for k in bib.keys], "citations": out_cites}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("case", nargs="?", default="article")
    parser.add_argument("--engine", choices=["rabp-refs", "citeproc-py"], default="rabp-refs")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--prune", action="store_true",
                        help="remove from the case's known-differences.json the entries that "
                             "are now identical (it never adds any)")
    args = parser.parse_args()
    render = render_ours if args.engine == "rabp-refs" else render_plain_citeproc_py
    per_style = {}
    found_keys = set()
    runs, misordered = 0, []
    for name, style, fmt, cites, expected in golden_runs(args.case):
        runs += 1
        try:
            ours = render(args.case, style, fmt, cites)
        except Exception as exc:  # the baseline may crash; count it as all different
            ours = {"bibliography": [], "bibliography_ids": [], "citations": []}
            print(f"{name}: {args.engine} failed: {type(exc).__name__}: {exc}")
        diffs = differences(expected, ours)
        found_keys.update(f"{name}: {key}" for key in diffs)
        if "bibliography-order" in diffs:
            misordered.append(name)
        n = len(expected["bibliography"]) + len(expected["citations"])
        bad = len([k for k in diffs if k.startswith(("bibliography.", "citation."))])
        total, same = per_style.get(style, (0, 0))
        per_style[style] = (total + n, same + n - bad)
        if not args.quiet:
            for key, (theirs, mine) in diffs.items():
                print(f"{name}: {key}\n  citeproc-js: {theirs}\n  {args.engine}: {mine}")
    known_path = GOLDEN / args.case / "known-differences.json"
    if args.prune and known_path.exists():
        known = json.loads(known_path.read_text())
        for theme in list(known["themes"]):
            where = [w for w in known["themes"][theme]["where"] if w in found_keys]
            if where:
                known["themes"][theme]["where"] = where
            else:
                del known["themes"][theme]
        known_path.write_text(json.dumps(known, indent=1, ensure_ascii=False) + "\n")
    for style, (total, same) in per_style.items():
        print(f"{style:30} {same:4} of {total:4} identical ({100 * same / total:.0f}%)")
    total = sum(t for t, _ in per_style.values())
    same = sum(s for _, s in per_style.values())
    print(f"{args.engine}: {same} of {total} entries and citations identical to citeproc-js; "
          f"bibliography in citeproc-js's order in {runs - len(misordered)} of {runs} runs"
          + (f" (not: {', '.join(misordered)})" if misordered else ""))


if __name__ == "__main__":
    main()
