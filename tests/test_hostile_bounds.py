"""Work bounded by the input's size (issue 18, item 1): each crafted input of
tests/hostile_inputs.py at a size that took seconds to hours before, read with the right
result, well inside a time that only a bound explains. bench/bench_hostile.py shows the growth
of each at doubling sizes.

The time limit is a guard against a hang (a SIGALRM stops the test), not the measure: the
figures are the benchmark's.
"""
from __future__ import annotations

import signal
import time
from contextlib import contextmanager

import pytest
from click.testing import CliRunner

import hostile_inputs as hostile
from rabp_refs import bibtex
from rabp_refs.cli import main


class _Hung(Exception):
    pass


@contextmanager
def within(seconds: float):
    """Fails the test once ``seconds`` have passed (the old code ran for minutes or hours)."""
    def stop(signum, frame):
        raise _Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    start = time.perf_counter()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert time.perf_counter() - start < seconds


def codes(diagnostics) -> list[str]:
    return [d.code for d in diagnostics]


# --- @string expansion -----------------------------------------------------------------------

def test_doubling_string_macros_stop_at_the_file_budget_with_a_located_error():
    text = hostile.string_doubling(26)  # 700 bytes that expanded to 64 MB (141 s, 5 GB)
    with within(3):
        found = hostile.check_bibtex(text)
    errors = [d for d in found if d.code == "RB009"]
    assert len(errors) == 1  # once, at the first macro past the budget; the rest are small
    error = errors[0]
    limit = bibtex.EXPANSION_FACTOR * len(text) + bibtex.EXPANSION_BASE
    assert (error.file, error.line, error.field) == ("hostile.bib", 20, "s19")
    assert error.message == (f"@string macro 's18' not expanded: the file's macros would come "
                             f"to more than {limit:,} characters (8 times the file's size, "
                             "plus 1 MB)")
    title = bibtex.parse(text).entries[0].fields["title"].value
    assert len(title) < limit


def test_macros_within_the_budget_are_expanded_as_before():
    text = hostile.string_doubling(12)  # 8 KB from macros: well within the budget
    bib = bibtex.parse(text)
    assert bib.entries[0].fields["title"].value == "ab" * 2 ** 12
    assert "RB009" not in codes(bib.diagnostics)


@pytest.mark.parametrize("command, exit_code", [("check", 1), ("render", 2), ("page", 2)])
def test_every_command_stops_doubling_macros_with_the_located_error(tmp_path, command,
                                                                    exit_code):
    bib = tmp_path / "bomb.bib"
    bib.write_text(hostile.string_doubling(26))
    out = ["-o", str(tmp_path / "site")] if command == "page" else []
    with within(20):  # page wrote 417 MB from 616 bytes before
        result = CliRunner().invoke(main, [command, str(bib), *out])
    assert result.exit_code == exit_code, result.output
    assert f"bomb.bib:20: RB009 error [s19] @string macro 's18' not expanded" in result.output
    assert len(result.stdout) < 1 << 20
    assert not (tmp_path / "site").exists()  # an error in the input: nothing is written


# --- crossref chains -------------------------------------------------------------------------

def test_a_crossref_cycle_of_3000_entries_is_found_in_linear_time():
    with within(5):  # three minutes before (a list of the keys seen, walked for each record)
        found = hostile.check_bibtex(hostile.crossref_chain(3000))
    cycles = [d for d in found if d.code == "RB502"]
    assert len(cycles) == 3000
    assert cycles[0].key == "e0"
    assert cycles[0].message == ("crossref cycle: e0 -> e1 -> e2 -> e3 -> e4 -> e5 -> e6 -> "
                                 "... (2993 more) -> e0")


def test_a_crossref_chain_into_a_cycle_reports_the_cycle_only():
    text = ("@book{a, title={A}, crossref={b}}\n@book{b, title={B}, crossref={c}}\n"
            "@book{c, title={C}, crossref={b}}\n@book{d, title={D}, crossref={d}}\n")
    found = [(d.key, d.message) for d in hostile.check_bibtex(text) if d.code == "RB502"]
    assert found == [("b", "crossref cycle: b -> c -> b"), ("c", "crossref cycle: c -> b -> c"),
                     ("d", "crossref cycle: d -> d")]
