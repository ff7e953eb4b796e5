#!/usr/bin/env python3
"""Fill the RESULT section of our own conformance fixtures from the reference processor.

    eval "$(../shared/oracle/setup.sh)"     # once: citeproc-js
    .venv/bin/python scripts/fixture_result.py tests/conformance/fixtures/*.txt

For each fixture (the suite's format: MODE, CSL, INPUT, optional CITATION-ITEMS), runs
../shared/oracle/oracle.js in HTML and writes what citeproc-js produces as RESULT, in the form
the suite uses (one line per cluster; a bibliography in div.csl-bib-body).
"""
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORACLE = ROOT.parent / "shared" / "oracle" / "oracle.js"
SECTION = re.compile(r"(>>=+ *([A-Z-]+) *=+>>\n)(.*?)(\n?<<=+ *\2 *=+<<)", re.S)


def result_of(sections: dict[str, str]) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        style = Path(tmp) / "style.csl"
        style.write_text(sections["CSL"], encoding="utf-8")
        items = Path(tmp) / "items.json"
        items.write_text(sections["INPUT"], encoding="utf-8")
        cmd = ["node", str(ORACLE), "--style", str(style), "--items", str(items),
               "--format", "html"]
        if "CITATION-ITEMS" in sections:
            cites = Path(tmp) / "cites.json"
            cites.write_text(sections["CITATION-ITEMS"], encoding="utf-8")
            cmd += ["--cites", str(cites)]
        else:  # the suite's default: one cluster citing every item
            ids = [item["id"] for item in json.loads(sections["INPUT"])]
            cites = Path(tmp) / "cites.json"
            cites.write_text(json.dumps([ids]), encoding="utf-8")
            cmd += ["--cites", str(cites)]
        out = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True,
                                        env=dict(os.environ, PYTHON=sys.executable)).stdout)
    if sections["MODE"].strip() == "bibliography":
        entries = "".join(f'  <div class="csl-entry">{e}</div>\n' for e in out["bibliography"])
        return f'<div class="csl-bib-body">\n{entries}</div>'
    return "\n".join(out["citations"])


for name in sys.argv[1:]:
    path = Path(name)
    text = path.read_text(encoding="utf-8")
    sections = {m.group(2): m.group(3) for m in SECTION.finditer(text)}
    result = result_of(sections)
    text = SECTION.sub(lambda m: m.group(1) + result + m.group(4) if m.group(2) == "RESULT"
                       else m.group(0), text)
    path.write_text(text, encoding="utf-8")
    print(f"{path.name}: {result[:70]!r}")
