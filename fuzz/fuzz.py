#!/usr/bin/env python3
"""Coverage-guided fuzzing of every entry point with atheris (libFuzzer for Python).

    .venv/bin/python fuzz/fuzz.py TARGET [libFuzzer flags]       e.g. -runs=1000000
    make fuzz                                                     every target, RUNS each

TARGET is one of: bibtex, csl-json, ris, style, locale, cli, doc. Each target feeds the bytes it is
given to one entry point the way a user's input reaches it, and fails (a crash file is written
by libFuzzer) on any exception that would escape as a traceback: our own errors (RabpError,
with a located one-line message) and the CLI's exit codes 0, 1 and 2 are the expected
outcomes, exit code 3 ("internal error") and anything else are bugs. The seed corpus is
fuzz/corpus/TARGET/; each crash found becomes a regression test in tests/test_hostile.py.
"""
from __future__ import annotations

import os
import sys
import tempfile

import atheris

# coverage of our code guides the search; citeproc-py, lxml and bibtexparser run uninstrumented
with atheris.instrument_imports(include=["rabp_refs"]):
    from rabp_refs import bibtex, csl_data, ris, sources, validate
    from rabp_refs.engine import CiteItem, Engine
    from rabp_refs.errors import RabpError

from click.testing import CliRunner  # noqa: E402

_ENGINES: dict[str, Engine] = {}
# The csl-json target renders through a small style that uses every kind of CSL element and
# condition (a few milliseconds an input), and one input in 32 through APA 7th, the
# biggest style we ship (tens of milliseconds).
_EVERY_ELEMENT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "every-element.csl")
_RUNNER = CliRunner()
_TMP = tempfile.mkdtemp(prefix="rabp-fuzz-")
# Inputs are capped so one run stays fast: the big-input cases (100 MB files, 10 MB fields,
# deep braces) have their own tests in tests/test_hostile.py.
MAX_ITEMS = 20


def _engine(data: bytes) -> Engine:
    style = "apa" if data and data[-1] % 32 == 0 else _EVERY_ELEMENT
    if style not in _ENGINES:
        _ENGINES[style] = Engine(style, output_format="html")
    return _ENGINES[style]


def fuzz_bibtex(data: bytes) -> None:
    """Reading, mapping and checking BibTeX (rendering is the csl-json target's)."""
    text, _ = bibtex.read_text(data, "fuzz.bib")
    bib = bibtex.parse(text, file="fuzz.bib")
    csl_data.to_csl(bib)
    validate.check([bib])


_VARIABLES = ["title", "container-title", "author", "editor", "issued", "accessed", "page",
              "volume", "issue", "number", "edition", "DOI", "URL", "publisher",
              "publisher-place", "genre", "note", "language", "collection-title", "locator",
              "citation-number", "title-short", "original-date", "event-date", "version",
              "translator", "container-author", "chapter-number", "number-of-pages"]
_TYPES = ["article-journal", "book", "chapter", "webpage", "report", "thesis", "dataset",
          "paper-conference", "legal_case", "motion_picture", "song", "x-unknown", ""]


def _value(fdp, depth: int = 0):
    """Any JSON value, biased towards the shapes CSL-JSON has (names, date-parts)."""
    kind = fdp.ConsumeIntInRange(0, 9 if depth < 3 else 4)
    if kind == 0:
        return fdp.ConsumeUnicode(40)
    if kind == 1:
        return fdp.ConsumeInt(4)
    if kind == 2:
        return None
    if kind == 3:
        return fdp.ConsumeBool()
    if kind == 4:
        return fdp.ConsumeFloat()
    if kind == 5:  # names
        return [{"family": fdp.ConsumeUnicode(12), "given": fdp.ConsumeUnicode(12)}
                if fdp.ConsumeBool() else {"literal": fdp.ConsumeUnicode(20)}
                for _ in range(fdp.ConsumeIntInRange(0, 4))]
    if kind == 6:  # a date
        return {"date-parts": [[fdp.ConsumeIntInRange(-3000, 3000)
                                for _ in range(fdp.ConsumeIntInRange(0, 4))]
                               for _ in range(fdp.ConsumeIntInRange(0, 2))],
                **({"season": _value(fdp, depth + 1)} if fdp.ConsumeBool() else {}),
                **({"literal": fdp.ConsumeUnicode(10)} if fdp.ConsumeBool() else {})}
    if kind == 7:
        return [_value(fdp, depth + 1) for _ in range(fdp.ConsumeIntInRange(0, 3))]
    return {fdp.ConsumeUnicode(8): _value(fdp, depth + 1)
            for _ in range(fdp.ConsumeIntInRange(0, 3))}


def fuzz_csl_json(data: bytes) -> None:
    """CSL-JSON as text when the bytes are JSON, else items built from the bytes (any value
    of any shape in any variable), rendered with cites, locators and affixes."""
    render_csl_json(data)


def render_csl_json(data: bytes):
    """The csl-json target's render of one input (scripts/output_snapshot.py records it)."""
    try:
        text, _ = bibtex.read_text(data, "fuzz.json")
        loaded = sources.load_text(text, "fuzz.json", "csl-json")
        items = loaded.items
    except RabpError:  # what the CLI turns into exit 2: nothing more is let through
        fdp = atheris.FuzzedDataProvider(data)
        items = []
        for n in range(fdp.ConsumeIntInRange(1, 4)):
            item = {"id": fdp.ConsumeUnicode(6) or f"i{n}",
                    "type": _TYPES[fdp.ConsumeIntInRange(0, len(_TYPES) - 1)]}
            for _ in range(fdp.ConsumeIntInRange(0, 8)):
                item[_VARIABLES[fdp.ConsumeIntInRange(0, len(_VARIABLES) - 1)]] = _value(fdp)
            items.append(item)
        clusters = [[CiteItem(str(i["id"]), locator=fdp.ConsumeUnicode(6) or None,
                              label=fdp.ConsumeUnicode(6) or None,
                              prefix=fdp.ConsumeUnicode(4) or None)
                     for i in items[:fdp.ConsumeIntInRange(1, len(items))]]
                    for _ in range(fdp.ConsumeIntInRange(1, 6))]
        notes = [fdp.ConsumeIntInRange(0, 4) for _ in clusters] if fdp.ConsumeBool() else None
        return _engine(data).render(items, clusters, notes=notes)
    return _engine(data).render(items[:MAX_ITEMS])


def fuzz_ris(data: bytes) -> None:
    """Reading RIS, and writing it back (its items are CSL-JSON items: rendering them is the
    csl-json target's, and checking them goes through the BibTeX writer)."""
    text, _ = bibtex.read_text(data, "fuzz.ris")
    items, _ = ris.read(text, "fuzz.ris")
    ris.to_ris(items)
    validate.read("fuzz.ris", data)


def fuzz_style(data: bytes) -> None:
    path = os.path.join(_TMP, "fuzz.csl")
    with open(path, "wb") as f:
        f.write(data)
    try:
        engine = Engine(path, output_format="html")
    except RabpError:
        return
    engine.render([{"id": "a", "type": "article-journal", "title": "T",
                    "author": [{"family": "Nall", "given": "Rachel"}],
                    "issued": {"date-parts": [[2018, 8, 31]]}, "page": "1-9"},
                   {"id": "b", "type": "book", "title": "U", "editor": [{"literal": "X"}]}])


def fuzz_locale(data: bytes) -> None:
    locale = data.decode("utf-8", "replace")
    try:
        Engine("apa", locale=locale).render([{"id": "a", "type": "book", "title": "T"}])
    except RabpError:
        return


def fuzz_cli(data: bytes) -> None:
    # arguments stay inside the scratch folder (no paths out of it), and batch runs in this
    # process (no -j): the fuzzer must not write over files or fork without end
    args = [a.replace("/", "_").replace("..", "_")
            for a in data.decode("utf-8", "replace").split("\x00")[:8]]
    if any(a.startswith(("-j", "--jobs")) for a in args):
        return
    result = _RUNNER.invoke(_main(), args, input=b"", catch_exceptions=True)
    if result.exit_code not in (0, 1, 2) or (
            result.exception is not None and not isinstance(result.exception, SystemExit)):
        raise AssertionError(f"args {args!r}: exit {result.exit_code}: {result.output[-500:]}"
                             ) from result.exception


_BIBLIOGRAPHY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "references.bib")


def fuzz_doc(data: bytes) -> None:
    """A manuscript (Markdown with citations, front matter, notes, divs) turned into a finished
    document with the bundled bibliography (``doc``): as HTML or Markdown, and one input in
    eight as Word (python-docx takes a tenth of a second a document). Slow beside the others
    (an engine and a document an input: 4 inputs a second beside three other fuzzers on two
    cores): runs of thousands, not a million."""
    from rabp_refs.document import Options, cite_document, decode
    text = decode(data, "fuzz.md")
    last = data[-1] if data else 1
    to = "docx" if last % 8 == 0 else "html" if last % 2 else "markdown"
    cite_document(text, "fuzz.md", Options(bibliographies=(_BIBLIOGRAPHY,), style="apa", to=to))


def _main():
    from rabp_refs.cli import main
    return main


def _suite_styles(work: str, limit: int = 200) -> None:
    """More seeds for the style target: the small styles of the CSL test suite beside the
    checkout, read where they are (the suite is never copied into the repository)."""
    import re
    suite = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared",
                         "csl-test-suite", "humans")
    if not os.path.isdir(suite):
        return
    found = 0
    for name in sorted(os.listdir(suite)):
        if not name.endswith(".txt") or found >= limit:
            continue
        with open(os.path.join(suite, name), encoding="utf-8") as f:
            m = re.search(r">>=+ CSL =+>>\n(.*?)\n<<=+ CSL =+<<", f.read(), re.S)
        if m and len(m.group(1)) < 4000:
            with open(os.path.join(work, "suite-" + name[:-4] + ".csl"), "w",
                      encoding="utf-8") as out:
                out.write(m.group(1))
            found += 1


TARGETS = {"bibtex": fuzz_bibtex, "csl-json": fuzz_csl_json, "ris": fuzz_ris,
           "style": fuzz_style, "locale": fuzz_locale, "cli": fuzz_cli, "doc": fuzz_doc}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: fuzz.py {{{','.join(TARGETS)}}} [libFuzzer flags]")
    target = TARGETS[sys.argv[1]]
    here = os.path.dirname(os.path.abspath(__file__))
    seeds = os.path.join(here, "corpus", sys.argv[1])
    work = os.path.join(here, "work", sys.argv[1])  # new inputs go here, not into the seeds
    crashes = os.path.join(here, "crashes")
    os.makedirs(work, exist_ok=True)
    os.makedirs(crashes, exist_ok=True)
    if sys.argv[1] == "style":
        _suite_styles(work)
    argv = [sys.argv[0], f"-artifact_prefix={crashes}/{sys.argv[1]}-"] + sys.argv[2:]
    if not any(not a.startswith("-") for a in sys.argv[2:]):
        argv += [work, seeds]
        if sys.argv[1] == "doc":  # the manuscripts the tests turn into documents, where they are
            argv.append(os.path.join(here, "..", "tests", "fixtures", "doc"))
    os.chdir(_TMP)  # the CLI target writes its outputs in the scratch folder

    def one_input(data: bytes) -> None:
        try:
            target(data)
        except RabpError:
            pass  # a located, one-line error: the expected outcome for bad input

    atheris.Setup(argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
