"""How often our BibTeX -> CSL-JSON mapping agrees with pandoc 3's, entry by entry.

    .venv/bin/python scripts/mapping_agreement.py FILE... [--examples N] [--field F] [--json]

Each FILE is mapped by us (``sources.load``, as every command reads it) and by pandoc
(``pandoc -f biblatex -t csljson``, the reference of the mapping). Several files joined with
"+" (``lstabbrv.bib+examples.bib``) are read as one bibliography, as ``render A B`` reads them.
Before comparing, the conventions documented in tests/golden/mapping/known-differences.json
are applied to both sides:

- page ranges: we write an en dash, pandoc's CSL-JSON writer a hyphen;
- case protection: we keep ``<span class="nocase">`` around braced words, pandoc drops it.

Printed: per file, the share of entries whose items are identical, then the differences
grouped by variable (and by kind: only ours, only pandoc's, different values) with examples.
pandoc is found on PATH, else through pypandoc-binary (``pip install pypandoc-binary``).
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from rabp_refs import sources  # noqa: E402

_NOCASE = re.compile(r'<span class="nocase">(.*?)</span>', re.DOTALL)


def pandoc_path() -> str:
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        found = shutil.which("pandoc")
        if not found:
            sys.exit("pandoc not found: pip install pypandoc-binary")
        return found


def pandoc_items(paths: list[str], pandoc: str) -> list[dict]:
    # several files: pandoc reads them as one bibliography when given together
    out = subprocess.run([pandoc, "-f", "biblatex", "-t", "csljson", *paths],
                         capture_output=True, check=True)
    return json.loads(out.stdout.decode("utf-8"))


def our_items(paths: list[str]) -> list[dict]:
    strings: dict = {}  # shared by the files, as the commands read them
    return [i for p in paths for i in sources.load(p, strings=strings).items]


def normalise(value, variable: str = ""):
    """One value with the documented conventions undone on either side."""
    if isinstance(value, str):
        value = _NOCASE.sub(r"\1", value)
        if variable == "page":
            value = value.replace("–", "-")
        return value
    if isinstance(value, list):
        return [normalise(v, variable) for v in value]
    if isinstance(value, dict):
        return {k: normalise(v, variable) for k, v in value.items()}
    return value


def compare(ours: list[dict], theirs: list[dict]) -> dict:
    mine = {}
    for item in ours:
        mine.setdefault(item["id"], item)
    pandoc = {}
    for item in theirs:
        pandoc.setdefault(item["id"], item)
    shared = [k for k in pandoc if k in mine]
    differences: dict[tuple[str, str], list] = defaultdict(list)
    identical = 0
    for key in shared:
        a = {k: normalise(v, k) for k, v in mine[key].items()}
        b = {k: normalise(v, k) for k, v in pandoc[key].items()}
        if a == b:
            identical += 1
            continue
        for variable in sorted(set(a) | set(b)):
            if a.get(variable) == b.get(variable):
                continue
            kind = ("only ours" if variable not in b else "only pandoc" if variable not in a
                    else "differs")
            differences[(variable, kind)].append((key, a.get(variable), b.get(variable)))
    return {"entries": len(shared), "identical": identical,
            "only_ours": sorted(set(mine) - set(pandoc)),
            "only_pandoc": sorted(set(pandoc) - set(mine)),
            "differences": differences}


def _short(value, width=90) -> str:
    text = json.dumps(value, ensure_ascii=False) if value is not None else "-"
    return text if len(text) <= width else text[:width - 1] + "…"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--examples", type=int, default=2, help="examples per group")
    parser.add_argument("--field", help="show only this variable's differences, all of them")
    parser.add_argument("--json", action="store_true", help="the figures as JSON")
    args = parser.parse_args(argv)
    pandoc = pandoc_path()
    figures = {}
    for spec in args.files:
        paths = spec.split("+")
        result = compare(our_items(paths), pandoc_items(paths, pandoc))
        share = 100 * result["identical"] / max(result["entries"], 1)
        figures[spec] = {"entries": result["entries"], "identical": result["identical"],
                         "percent": round(share, 1),
                         "by_variable": {f"{v} ({k})": len(e)
                                         for (v, k), e in result["differences"].items()}}
        if args.json:
            continue
        print(f"== {spec}: {result['identical']}/{result['entries']} entries identical "
              f"({share:.1f}%)")
        for side in ("only_ours", "only_pandoc"):
            if result[side]:
                print(f"   ids {side.replace('_', ' ')}: {', '.join(result[side][:8])}")
        groups = sorted(result["differences"].items(), key=lambda kv: -len(kv[1]))
        for (variable, kind), examples in groups:
            if args.field and variable != args.field:
                continue
            print(f"   {variable} ({kind}): {len(examples)}")
            shown = examples if args.field else examples[:args.examples]
            for key, a, b in shown:
                print(f"      {key}: ours {_short(a)}\n      {' ' * len(key)}  pandoc "
                      f"{_short(b)}")
    if args.json:
        print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
