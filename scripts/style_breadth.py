#!/usr/bin/env python3
"""The breadth run (issue 19): the breadth corpus through many styles, ours against citeproc-js.

    .venv/bin/python scripts/style_breadth.py [--styles FILE] [--known FILE] [--style ID ...]
                                               [--live] [--update-goldens] [--examples N]

For each style of tests/breadth/styles.txt (or those given with --style) renders
tests/breadth/items.json with the clusters of tests/breadth/clusters.json, text format, with
our engine, and compares it entry by entry with citeproc-js's output: the golden
tests/breadth/goldens/<style>.text.citeproc-js.json, or with --live a run of the oracle
(../shared/oracle; `eval "$(../shared/oracle/setup.sh)"` first). Prints per style: entries
identical (%), citations identical (%), whether the bibliography is in citeproc-js's order,
exceptions (our RB904 failures, the oracle's errors), the oracle's placeholders and the time of
each engine; then every difference grouped by theme with an example: the theme
tests/breadth/known-differences.json (or --known) gives it, else one guessed from its shape
(marked "unlisted"). A cluster or entry where
citeproc-js prints only its placeholder ("[NO_PRINTED_FORM]") and we print nothing is counted
apart, out of both the identical and the different ones (oracle_placeholder); it stays listed
in known-differences.json.

--update-goldens rewrites the goldens from the oracle (never from us), each with the command
that produced it. Exit code: 0, or 1 when a difference is not listed or a listed one is gone
(as tests/test_style_breadth.py checks).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests"), str(ROOT / "scripts")]

from golden_compare import differences  # noqa: E402
from rabp_refs.engine import CiteItem, Engine, _style_path  # noqa: E402
from update_goldens import ORACLE, _shown  # noqa: E402

BREADTH = ROOT / "tests" / "breadth"
ITEMS = BREADTH / "items.json"
CLUSTERS = BREADTH / "clusters.json"
GOLDENS = BREADTH / "goldens"
KNOWN = BREADTH / "known-differences.json"
FORMAT = "text"


def listed_styles(path: Path = BREADTH / "styles.txt") -> list[str]:
    """The style ids of a styles file (first word of each line; # starts a comment)."""
    return [line.split()[0] for line in path.read_text().splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def corpus() -> tuple[list[dict], list]:
    return json.loads(ITEMS.read_text()), json.loads(CLUSTERS.read_text())


def golden_path(style: str) -> Path:
    return GOLDENS / f"{style}.{FORMAT}.citeproc-js.json"


def oracle_command(style: str) -> list[str]:
    return ["node", str(ORACLE), "--style", str(_style_path(style)), "--items", str(ITEMS),
            "--cites", str(CLUSTERS), "--format", FORMAT, "--timings"]


def run_oracle(style: str) -> dict:
    command = oracle_command(style)
    done = subprocess.run(command, capture_output=True, text=True,
                          env=dict(os.environ, PYTHON=sys.executable))
    if done.returncode:
        raise SystemExit(f"the oracle failed on {style} (did you run "
                         f"`eval \"$(../shared/oracle/setup.sh)\"`?):\n{done.stderr}")
    out = json.loads(done.stdout)
    out["command"] = " ".join(_shown(a) for a in command)
    return out


def run_ours(style: str, items: list[dict], clusters: list) -> tuple[dict, float, int]:
    """Our render in the oracle's JSON shape, its time in seconds, and its RB904 count."""
    start = time.perf_counter()
    result = Engine(style, output_format=FORMAT).render(
        items, [[CiteItem.from_json(c) for c in cluster] for cluster in clusters])
    elapsed = time.perf_counter() - start
    return result.to_json(), elapsed, sum(d.code == "RB904" for d in result.diagnostics)


def known_differences(path: Path = KNOWN) -> dict[str, str]:
    """"style: key" -> theme, from tests/breadth/known-differences.json (or ``path``)."""
    if not path.exists():
        return {}
    themes = json.loads(path.read_text())["themes"]
    return {where: theme for theme, data in themes.items() for where in data["where"]}


_YEAR_SUFFIX = re.compile(r"(?<=\d{4})[a-z]\b")
_PUNCTUATION = re.compile(r"[\W_]+")


def guessed_theme(theirs, mine) -> str:
    """A first guess at what kind of difference this is, from the two strings alone."""
    if not isinstance(theirs, str) or not isinstance(mine, str):
        return "entry or citation missing on one side"
    if not theirs or not mine:
        return "empty on one side"
    if theirs.lower() == mine.lower():
        return "letter case"
    if theirs.split() == mine.split() or theirs.replace(" ", "") == mine.replace(" ", ""):
        return "spacing"
    if _YEAR_SUFFIX.sub("", theirs) == _YEAR_SUFFIX.sub("", mine):
        return "year suffix"
    if _PUNCTUATION.sub("", theirs) == _PUNCTUATION.sub("", mine):
        return "punctuation"
    if theirs in mine:
        return "ours prints more"
    if mine in theirs:
        return "ours prints less"
    return "other"


def without_text_artefacts(output: dict) -> dict:
    """citeproc-js's text output starts an entry that opens with a ``display="block"`` part
    with a newline and leaves the spaces of an empty last part at its end (AAA, ISO 690):
    an artefact of its text format, not of the style. Entries are compared without the
    white space at their ends, on both sides."""
    return {**output, "bibliography": [e.strip() for e in output["bibliography"]]}


#: citeproc-js's own placeholders for a cluster or an entry that renders nothing (a
#: suppress-author or author-only cite of an item whose citation prints nothing else, a numeric
#: style's cite with its number suppressed). They are no text of the style: citeproc-js signals
#: with them that there is nothing to print, where we print nothing and report RB902.
ORACLE_PLACEHOLDER = re.compile(r"\[(NO_PRINTED_FORM|CSL STYLE ERROR[^\]]*)\]")


def oracle_placeholder(theirs, mine) -> bool:
    """Whether citeproc-js printed only its placeholder where we print nothing: counted apart,
    neither as identical nor as a difference (both engines render nothing there)."""
    return (isinstance(theirs, str) and ORACLE_PLACEHOLDER.fullmatch(theirs.strip()) is not None
            and mine == "")


def compare(style: str, expected: dict, ours: dict) -> dict[str, tuple]:
    found = differences(without_text_artefacts(expected), without_text_artefacts(ours))
    return {f"{style}: {key}": value for key, value in found.items()}


def style_row(style: str, expected: dict, ours: dict, found: dict) -> dict:
    entries = len(expected["bibliography"])
    cites = len(expected["citations"])
    placeholders = {k for k, (theirs, mine) in found.items() if oracle_placeholder(theirs, mine)}
    bad = lambda part: sum(1 for k in set(found) - placeholders  # noqa: E731
                           if k.split(": ", 1)[1].startswith(part))
    apart = lambda part: sum(1 for k in placeholders  # noqa: E731
                             if k.split(": ", 1)[1].startswith(part))
    entries, cites = entries - apart("bibliography."), cites - apart("citation.")
    bad_entries, bad_cites = bad("bibliography."), bad("citation.")
    return {"style": style, "placeholders": len(placeholders),
            "entries": 100 * (entries - bad_entries) / entries if entries else 100.0,
            "citations": 100 * (cites - bad_cites) / cites if cites else 100.0,
            "order": expected["bibliography_ids"] == ours["bibliography_ids"]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--styles", type=Path, default=BREADTH / "styles.txt")
    parser.add_argument("--known", type=Path, default=KNOWN,
                        help="the known differences of those styles (default: "
                             "tests/breadth/known-differences.json)")
    parser.add_argument("--style", action="append", help="only this style (repeatable)")
    parser.add_argument("--live", action="store_true", help="run the oracle, not the goldens")
    parser.add_argument("--update-goldens", action="store_true",
                        help="rewrite the goldens from the oracle (implies --live)")
    parser.add_argument("--prune", action="store_true",
                        help="remove from known-differences.json what is now identical")
    parser.add_argument("--list-unlisted", action="store_true",
                        help="add the differences not yet listed to known-differences.json, "
                             "each under its guessed theme, for a person to give a reason")
    parser.add_argument("--examples", type=int, default=1,
                        help="examples shown for each theme (default 1)")
    args = parser.parse_args(argv)
    styles = args.style or listed_styles(args.styles)
    items, clusters = corpus()
    known = known_differences(args.known)
    rows, by_theme, unlisted, gone = [], defaultdict(list), [], []
    for style in styles:
        oracle_time = None
        if args.live or args.update_goldens:
            start = time.perf_counter()
            expected = run_oracle(style)
            oracle_time = time.perf_counter() - start
            if args.update_goldens:
                GOLDENS.mkdir(exist_ok=True)
                kept = {k: expected[k] for k in ("command", "bibliography", "bibliography_ids",
                                                 "citations", "errors")}
                golden_path(style).write_text(json.dumps(kept, ensure_ascii=False, indent=1)
                                              + "\n")
        else:
            expected = json.loads(golden_path(style).read_text())
        try:
            ours, our_time, failures = run_ours(style, items, clusters)
        except Exception as exc:  # noqa: BLE001 - counted as an exception of the style
            ours = {"bibliography": [], "bibliography_ids": [], "citations": []}
            our_time, failures = float("nan"), f"raised {type(exc).__name__}"
        found = compare(style, expected, ours)
        row = style_row(style, expected, ours, found)
        row.update(failures=failures, oracle_errors=len(expected.get("errors", [])),
                   ours_s=our_time, oracle_s=oracle_time)
        rows.append(row)
        for key, (theirs, mine) in found.items():
            theme = known.get(key)
            if theme is None:
                unlisted.append(key)
                theme = "unlisted: " + guessed_theme(theirs, mine)
            by_theme[theme].append((key, theirs, mine))
        gone += [k for k in known if k.startswith(style + ": ") and k not in found]

    print(f"{'style':52} {'entries':>8} {'cites':>7} order  RB904 oracle-errors"
          f" placeholders  ours(s) oracle(s)")
    for r in rows:
        oracle_s = f"{r['oracle_s']:9.2f}" if r["oracle_s"] is not None else "        -"
        print(f"{r['style']:52} {r['entries']:7.1f}% {r['citations']:6.1f}% "
              f"{'same ' if r['order'] else 'DIFF '} {r['failures']!s:>5} {r['oracle_errors']:13}"
              f" {r['placeholders']:12} {r['ours_s']:8.2f} {oracle_s}")
    if rows:
        mean = lambda key: sum(r[key] for r in rows) / len(rows)  # noqa: E731
        print(f"{'mean over ' + str(len(rows)) + ' styles':52} {mean('entries'):7.1f}% "
              f"{mean('citations'):6.1f}%; at 99%+ in both: "
              f"{sum(r['entries'] >= 99 and r['citations'] >= 99 for r in rows)}")
    print()
    for theme, cases in sorted(by_theme.items(), key=lambda t: -len(t[1])):
        print(f"== {theme}: {len(cases)} difference(s) in "
              f"{len({k.split(': ')[0] for k, _, _ in cases})} style(s)")
        for key, theirs, mine in cases[:args.examples]:
            print(f"   {key}\n     citeproc-js: {theirs}\n     rabp-refs:   {mine}")
    if args.prune or args.list_unlisted:
        data = (json.loads(args.known.read_text()) if args.known.exists() else
                {"about": "Where our engine differs from citeproc-js on the breadth corpus, by "
                          "theme (scripts/style_breadth.py, tests/test_style_breadth.py).",
                 "themes": {}})
        themes = data["themes"]
        if args.prune:
            for theme in list(themes):
                themes[theme]["where"] = [w for w in themes[theme]["where"] if w not in gone]
                if not themes[theme]["where"]:
                    del themes[theme]
        if args.list_unlisted:
            for theme, cases in by_theme.items():
                new = [key for key, _, _ in cases if key in unlisted]
                if new:
                    entry = themes.setdefault(theme, {"reason": "TO EXPLAIN", "where": []})
                    entry["where"] = sorted(set(entry["where"]) | set(new))
        args.known.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        return 0
    if gone:
        print(f"\nlisted in known-differences.json but now identical: {len(gone)}")
        for key in gone:
            print("   " + key)
    if unlisted:
        print(f"\nnot listed in known-differences.json: {len(unlisted)}")
    return 1 if unlisted or gone else 0


if __name__ == "__main__":
    sys.exit(main())
