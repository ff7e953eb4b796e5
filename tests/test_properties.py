"""Property-based tests of every entry point: whatever the input, the outcome is a result or
one of our errors (RabpError, with a located message), never another exception.

The same entry points are fuzzed with atheris (fuzz/fuzz.py, `make fuzz`) for millions of
inputs; these run a few hundred generated inputs each in the default test run.
"""
from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rabp_refs import bibtex, csl_data, ris, sources, validate
from rabp_refs.cli import main
from rabp_refs.engine import CiteItem, Engine
from rabp_refs.errors import InputError, RabpError

_settings = settings(max_examples=200, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])
_ENGINES = {}


def _engine(style: str = "apa") -> Engine:
    if style not in _ENGINES:
        _ENGINES[style] = Engine(style, output_format="html")
    return _ENGINES[style]


# BibTeX-shaped text: the pieces that make the reader's decisions, in any order
_bib_piece = st.sampled_from([
    "@article{", "@book{", "@string{", "@preamble{", "@comment{", "@", "{", "}", "(", ")",
    ",", "=", "#", '"', "\\", "\\'e", "\\emph{", "$", "~", "--", "%", "\n", " ", "author",
    "title", "year", "date", "pages", "crossref", "month", "url", "doi", " and ", "others",
    "2018-02-30", "0000", "k1", "k2", "http://[x", "Nall, Rachel", "van", "{\\\"a}", "ä",
])
bib_text = st.lists(st.one_of(_bib_piece, st.text(max_size=5)), max_size=60).map("".join)


@_settings
@given(bib_text)
def test_bibtex_reading_mapping_and_checking_never_crash(text):
    bib = bibtex.parse(text, file="p.bib")
    mapped = csl_data.to_csl(bib)
    validate.check([bib])
    _engine().render(mapped.items[:10])


@_settings
@given(st.binary(max_size=300))
def test_any_bytes_are_read_or_refused(data):
    try:
        text, _ = bibtex.read_text(data, "p.bib")
    except RabpError:
        return
    sources.load_text(text, "p.bib")


_json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
              st.text(max_size=12)),
    lambda children: st.one_of(st.lists(children, max_size=3),
                               st.dictionaries(st.text(max_size=8), children, max_size=3)),
    max_leaves=10)
_variable = st.sampled_from([
    "title", "container-title", "author", "editor", "issued", "accessed", "page", "volume",
    "issue", "number", "edition", "DOI", "URL", "publisher", "genre", "note", "language",
    "collection-title", "title-short", "original-date", "translator", "citation-number",
    "categories", "custom", "type", "id"])
_name = st.fixed_dictionaries({}, optional={
    "family": st.text(max_size=10), "given": st.text(max_size=10),
    "literal": st.text(max_size=10), "non-dropping-particle": st.sampled_from(["van", "de"]),
    "suffix": st.text(max_size=3)})
_date = st.fixed_dictionaries({}, optional={
    "date-parts": st.lists(st.lists(st.one_of(st.integers(-5000, 5000), st.text(max_size=4)),
                                    max_size=4), max_size=3),
    "season": st.one_of(st.integers(0, 5), st.text(max_size=6)),
    "literal": st.text(max_size=8), "circa": st.booleans()})
_item = st.builds(
    lambda i, kind, values: {"id": f"i{i}", "type": kind, **values},
    st.integers(0, 5),
    st.sampled_from(["article-journal", "book", "chapter", "webpage", "report", "thesis",
                     "legal_case", "x-unknown"]),
    st.dictionaries(_variable, st.one_of(_json_value, st.lists(_name, max_size=3), _date),
                    max_size=8))


@_settings
@given(st.lists(_item, min_size=1, max_size=4),
       st.sampled_from(["apa", "modern-language-association", "chicago-author-date"]),
       st.text(max_size=6), st.text(max_size=6))
def test_csl_json_of_any_shape_renders_or_warns(items, style, locator, prefix):
    clusters = [[CiteItem(str(i["id"]), locator=locator or None, prefix=prefix or None)]
                for i in items]
    result = _engine(style).render(items, clusters)
    assert len(result.citations) == len(clusters)
    try:
        json.dumps(items, allow_nan=False)
    except ValueError:  # NaN or Infinity: not JSON (RFC 8259), refused at its line
        with pytest.raises(InputError, match=r"^p\.json:\d+: -?(NaN|Infinity) is not a JSON "):
            sources.load_text(json.dumps(items), "p.json")
        return
    loaded = sources.load_text(json.dumps(items), "p.json")
    validate.check([validate.read("p.json", json.dumps(items).encode())])
    assert len(loaded.items) <= len(items)


_ris_line = st.one_of(
    st.builds(lambda tag, value: f"{tag}  - {value}",
              st.sampled_from(["TY", "AU", "A1", "TI", "T2", "PY", "DA", "Y2", "SP", "EP",
                               "VL", "IS", "DO", "UR", "SN", "KW", "ID", "ER", "ZZ", "AB"]),
              st.text(max_size=20)),
    st.text(max_size=20))


@_settings
@given(st.lists(_ris_line, max_size=25), st.sampled_from(["\n", "\r\n", "\r"]))
def test_ris_reading_and_writing_never_crash(lines, newline):
    items, _ = ris.read(newline.join(lines), "p.ris")
    ris.to_ris(items)
    _engine().render(items[:5])


_arg = st.one_of(
    st.sampled_from(["render", "cite", "check", "convert", "styles", "fmt", "--style", "-s",
                     "apa", "mla", "nope", "--format", "-f", "html", "rtf", "json", "--json",
                     "--locale", "de", "xx", "--to", "ris", "nall2018", "-l", "p. 5", "-n",
                     "--check", "--list-rules", "--select", "RB1", "-", "--help", "--sort",
                     "references.bib", "missing.bib", ""]),
    st.text(max_size=8).filter(lambda a: "/" not in a and ".." not in a))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_arg, max_size=6))
def test_any_command_line_exits_0_1_or_2(tmp_path_factory, args):
    here = os.getcwd()
    os.chdir(tmp_path_factory.mktemp("cli"))  # whatever a command writes stays in there
    try:
        result = CliRunner().invoke(main, args, input="")
    finally:
        os.chdir(here)
    assert result.exit_code in (0, 1, 2), (args, result.output[-400:])
    assert "Traceback" not in result.output
