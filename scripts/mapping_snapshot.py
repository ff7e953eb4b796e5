"""The CSL-JSON (and findings) every real .bib file maps to, to compare before/after a change
that must not alter output (a speed-up):

    .venv/bin/python scripts/mapping_snapshot.py DIR          # write DIR/<name>.json
    .venv/bin/python scripts/mapping_snapshot.py DIR --check  # compare with DIR, byte by byte

The files: every .bib under /usr/share/texlive/texmf-dist/bibtex/bib (texlive-bibtex-extra,
texlive-base), each read as the commands read it (read_text, parse, to_csl in one process).
Exit 1 when a file's output differs (its name printed), 0 when all are identical.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from rabp_refs import bibtex, csl_data  # noqa: E402

TEXMF = Path("/usr/share/texlive/texmf-dist/bibtex/bib")


def snapshot(path: Path) -> bytes:
    text, found = bibtex.read_text(path.read_bytes(), str(path))
    bib = bibtex.parse(text, file=str(path), keep_raw=False)
    mapped = csl_data.to_csl(bib, jobs=1)
    findings = [(d.code, d.line, d.key, d.field, d.message)
                for d in [*found, *bib.diagnostics, *mapped.diagnostics]]
    return json.dumps({"items": mapped.items, "findings": findings}, ensure_ascii=False,
                      indent=1).encode("utf-8")


def main(argv: list[str]) -> int:
    out, check = Path(argv[0]), "--check" in argv
    out.mkdir(parents=True, exist_ok=True)
    differing = 0
    for path in sorted(TEXMF.rglob("*.bib")):
        name = str(path.relative_to(TEXMF)).replace("/", "+") + ".json"
        data = snapshot(path)
        if check:
            if (out / name).read_bytes() != data:
                differing += 1
                print(f"differs: {path}")
        else:
            (out / name).write_bytes(data)
    print(f"{len(list(TEXMF.rglob('*.bib')))} files, {differing} differing")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
