#!/usr/bin/env python3
"""Everything the engine and the readers print, in one JSON file, to show that a change
which should not alter output (a refactoring, a speed-up) alters none.

    .venv/bin/python scripts/output_snapshot.py --out before.json      # on the old commit
    .venv/bin/python scripts/output_snapshot.py --out after.json       # on the new one
    .venv/bin/python scripts/output_snapshot.py --compare before.json after.json

What it renders, each case named by where it comes from:
- golden/<case>/...: every golden set's items (tests/golden/article, corpus, formats), through
  every style of the set, in text and HTML, with and without the set's cites; the `doc`
  goldens' manuscripts in HTML (tests/golden/doc/make_expected.py's cases);
- suite/<fixture>: the CSL processor test suite beside the checkout (our output, or the error);
- breadth/<style>: the breadth corpus through the 60 styles of tests/breadth/styles.txt;
- fuzz/<target>/<input>: the fuzz corpora (fuzz/corpus and, when present, the grown fuzz/work):
  BibTeX read, mapped and checked; CSL-JSON rendered by the csl-json target's own function
  (fuzz/fuzz.py, with atheris installed: `pip install -e '.[fuzz]'`; without it, only the
  inputs that are CSL-JSON text, through the fuzzers' two styles); RIS read and written back;
  styles and locales rendered as the fuzz targets do. A corpus that grows while a fuzzer runs
  is compared from a frozen copy: --fuzz-work DIR.

An output is the text rendered, or "error: <type>: <message>" when an error was raised, so a
change in what fails is a difference too. --compare exits 1 when any case differs and names them.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # golden_compare: how the golden tests render

from rabp_refs import bibtex, csl_data, ris, sources, validate  # noqa: E402
from rabp_refs.conformance import default_suite, discover, run_fixture  # noqa: E402
from rabp_refs.engine import CiteItem, Engine  # noqa: E402

GOLDEN = ROOT / "tests" / "golden"
FUZZ = ROOT / "fuzz"
EVERY_ELEMENT = str(FUZZ / "every-element.csl")


# the temporary file a style is written to for a run (a suite fixture's, a fuzz input's)
_TEMPORARY_STYLE = re.compile(r"/\S*?(?:tmp\w{8}|rabp-snapshot-\w+/fuzz)\.csl|\btmp\w{8}\.csl")


def _outcome(produce) -> str:
    try:
        value = produce()
    except Exception as exc:  # noqa: BLE001 - what fails is part of the output
        return _TEMPORARY_STYLE.sub("STYLE.csl", f"error: {type(exc).__name__}: {exc}")
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                           sort_keys=True, default=str)


def _clusters(data: list) -> list:
    return [[CiteItem.from_json(c) for c in cluster] for cluster in data]


def golden_sets():
    for case in ("article", "corpus", "formats"):
        spec = json.loads((GOLDEN / case / "case.json").read_text())
        items = json.loads((GOLDEN / case / "items.json").read_text())
        for style in spec["styles"]:
            for fmt in spec.get("formats", ["text", "html", "rtf"]):
                for cites in [None] + spec.get("cites", []):
                    clusters = (_clusters(json.loads((GOLDEN / case / cites).read_text()))
                                if cites else None)
                    yield (f"golden/{case}/{style}.{fmt}.{cites or 'no-cites'}",
                           lambda s=style, f=fmt, c=clusters:
                           Engine(s, output_format=f).render(items, c).to_json())
    yield from _doc_goldens()


def _doc_goldens():
    from click.testing import CliRunner

    from rabp_refs.cli import main
    sys.path.insert(0, str(GOLDEN / "doc"))
    from make_expected import CASES  # the documents, styles and locales compared with pandoc

    def run(document, style, locale):
        result = CliRunner().invoke(main, [
            "doc", str(GOLDEN / "doc" / f"{document}.md"), "-b", str(GOLDEN / "doc" / "items.json"),
            "--style", style, "--locale", locale, "-t", "html"])
        return f"exit {result.exit_code}\n{result.output}"

    for document, style, locale in CASES:
        yield (f"golden/doc/{document}_{style}_{locale}",
               lambda d=document, s=style, l=locale: run(d, s, l))


def suite():
    folder = default_suite()
    if not folder.is_dir():
        return
    for fixture in discover(folder):
        def produce(f=fixture):
            outcome = run_fixture(f)
            if outcome.error is None:
                return outcome.actual
            return _TEMPORARY_STYLE.sub("STYLE.csl", f"error: {outcome.error}")
        yield f"suite/{fixture.name}", produce


def breadth():
    here = ROOT / "tests" / "breadth"
    items = json.loads((here / "items.json").read_text())
    clusters = json.loads((here / "clusters.json").read_text())
    styles = [line.split()[0] for line in (here / "styles.txt").read_text().splitlines()
              if line.strip() and not line.lstrip().startswith("#")]
    for style in styles:
        yield (f"breadth/{style}",
               lambda s=style: Engine(s, output_format="text").render(
                   items, _clusters(clusters)).to_json())


def _fuzz_inputs(target: str, work: Path):
    for folder in (FUZZ / "corpus" / target, work / target):
        if folder.is_dir():
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                where = "corpus" if folder.parent == FUZZ / "corpus" else "work"
                yield f"{where}/{path.relative_to(folder)}", path.read_bytes()


def _bibtex(data: bytes):
    text, _ = bibtex.read_text(data, "fuzz.bib")
    bib = bibtex.parse(text, file="fuzz.bib")
    mapped = csl_data.to_csl(bib)
    return {"items": mapped.items, "check": [str(d) for d in validate.check([bib])],
            "mapping": [str(d) for d in mapped.diagnostics]}


def _csl_json(data: bytes, engines: dict, targets):
    if targets is not None:
        return targets.render_csl_json(data).to_json()
    text, _ = bibtex.read_text(data, "fuzz.json")
    items = sources.load_text(text, "fuzz.json", "csl-json").items[:20]
    out = {}
    for style in (EVERY_ELEMENT, "apa"):
        if style not in engines:
            engines[style] = Engine(style, output_format="html")
        out[Path(style).stem] = engines[style].render(items).to_json()
    return out


def _ris(data: bytes):
    text, _ = bibtex.read_text(data, "fuzz.ris")
    items, diagnostics = ris.read(text, "fuzz.ris")
    return {"items": items, "ris": ris.to_ris(items), "read": [str(d) for d in diagnostics]}


_STYLE_ITEMS = [{"id": "a", "type": "article-journal", "title": "T",
                 "author": [{"family": "Nall", "given": "Rachel"}],
                 "issued": {"date-parts": [[2018, 8, 31]]}, "page": "1-9"},
                {"id": "b", "type": "book", "title": "U", "editor": [{"literal": "X"}]}]


def _style(data: bytes, scratch: str):
    path = os.path.join(scratch, "fuzz.csl")
    with open(path, "wb") as f:
        f.write(data)
    return Engine(path, output_format="html").render(_STYLE_ITEMS).to_json()


def _locale(data: bytes):
    return Engine("apa", locale=data.decode("utf-8", "replace")).render(
        [{"id": "a", "type": "book", "title": "T"}]).to_json()


def _fuzz_targets():
    """fuzz/fuzz.py when atheris is installed (its csl-json target builds items with it)."""
    try:
        import atheris  # noqa: F401
    except ImportError:
        return None
    sys.path.insert(0, str(FUZZ))
    import fuzz
    return fuzz


def fuzz_corpora(work: Path = FUZZ / "work"):
    targets = _fuzz_targets()
    engines: dict = {}
    scratch = tempfile.mkdtemp(prefix="rabp-snapshot-")
    readers = {"bibtex": _bibtex, "csl-json": lambda d: _csl_json(d, engines, targets), "ris": _ris,
               "style": lambda d: _style(d, scratch), "locale": _locale}
    for target, read in readers.items():
        for name, data in _fuzz_inputs(target, work):
            if target == "csl-json" and targets is None and not _is_csl_json(data):
                continue
            yield f"fuzz/{target}/{name}", lambda r=read, d=data: r(d)


def _is_csl_json(data: bytes) -> bool:
    try:
        text, _ = bibtex.read_text(data, "fuzz.json")
        sources.load_text(text, "fuzz.json", "csl-json")
    except Exception:  # noqa: BLE001 - not CSL-JSON: atheris's inputs
        return False
    return True


PARTS = {"golden": golden_sets, "suite": suite, "breadth": breadth, "fuzz": fuzz_corpora}


def snapshot(parts, fuzz_work: Path) -> dict[str, str]:
    return {name: _outcome(produce) for part in parts
            for name, produce in (PARTS[part](fuzz_work) if part == "fuzz" else PARTS[part]())}


def compare(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="write the snapshot here")
    parser.add_argument("--parts", default=",".join(PARTS),
                        help=f"comma-separated, of {','.join(PARTS)} (default: all)")
    parser.add_argument("--fuzz-work", type=Path, default=FUZZ / "work",
                        help="the grown fuzz corpora (default: fuzz/work)")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args(argv)
    if args.compare:
        before, after = (json.loads(p.read_text()) for p in args.compare)
        differing = compare(before, after)
        for name in differing:
            print(f"differs: {name}")
        print(f"{len(set(before) | set(after))} cases, {len(differing)} differ")
        return 1 if differing else 0
    if not args.out:
        parser.error("give --out FILE or --compare BEFORE AFTER")
    cases = snapshot(args.parts.split(","), args.fuzz_work)
    args.out.write_text(json.dumps(cases, indent=0, sort_keys=True))
    errors = sum(v.startswith("error: ") for v in cases.values())
    print(f"{len(cases)} cases written to {args.out} ({errors} of them errors)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
