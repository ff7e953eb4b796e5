"""rabp-refs check: every rule fires on its case and stays quiet on the near-misses."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from rabp_refs import bibtex, rules, validate
from rabp_refs.cli import main
from rabp_refs.styles import find_style
from rabp_refs.validate.fields import isbn_ok, issn_ok

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def findings(text: str, style: str | None = None) -> list:
    return validate.check([bibtex.parse(text, file="t.bib")], style=style)


def codes(text: str, style: str | None = None) -> set[str]:
    return {d.code for d in findings(text, style)}


ARTICLE = ("@article{{{key}, author = {{Neva, M. H.}}, title = {{Chronic Back Pain}}, "
           "journal = {{Rheumatology}}, year = {{2011}}, {extra}}}")


def article(extra: str = "", key: str = "a") -> str:
    return ARTICLE.format(key=key, extra=extra)


# (rule, text that triggers it, near-miss that must not)
CASES = [
    ("RB001", "@article{a, title = {Unclosed,\n year = 2001}\n",
     "@article{a, title = {Closed}, journal={J}, author={A, B}, year = 2001}"),
    ("RB003", "@misc{a, title={A}}\narticle{lost, title={B}}\n",
     "@misc{a, title={A}}\nThis bibliography lists articles {in} order.\n"),
    ("RB003", "@misc{a, title={A}}\n  year = {2001},\n", "@misc{a, title={A}}\n% year = 2001\n"),
    ("RB004", "@misc{a, journal = spj}", "@string{spj = {Spine}}\n@misc{a, journal = spj}"),
    ("RB006", "@string{old = {Old}}\n@misc{a, title={T}}", "@string{old = {Old}}\n@misc{a, "
     "title=old}"),
    ("RB101", "@misc{a, title={A}}\n@misc{a, title={B}}", "@misc{a, title={A}}\n@misc{b, "
     "title={B}}"),
    ("RB102", "@misc{Neva2011, title={A}}\n@misc{neva2011, title={B}}",
     "@misc{neva2011a, title={A}}\n@misc{neva2011b, title={B}}"),
    ("RB103", "@misc{a, title={A}, title={B}}", "@misc{a, title={A}, subtitle={B}}"),
    ("RB104", "@misc{neva 2011, title={A}}", "@misc{neva:2011/rheum-1.0, title={A}}"),
    ("RB104", "@misc{häkkinen2011, title={A}}", "@misc{hakkinen2011, title={A}}"),
    ("RB110", article("doi={10.1/x}") + "\n" + article("doi={https://doi.org/10.1/X}", "b")
     .replace("Chronic Back Pain", "Other"),
     article("doi={10.1/x}") + "\n" + article("doi={10.1/y}", "b").replace("Chronic", "Other")),
    ("RB111", article() + "\n" + article(key="b"),
     article("pages={1--2}") + "\n" + article("pages={3--4}", "b")),
    ("RB111", "@online{p1, title={Back Pain}}\n@online{p2, title={Back pain}}",
     "@online{p1, title={Back Pain}}\n@online{p2, title={Back pain}, note={The NHS page}}"),
    ("RB112", article() + "\n" + article(key="b").replace("Back Pain", "Back-Pains"),
     article() + "\n" + article(key="b").replace("Chronic Back Pain", "Acute Neck Stiffness")),
    ("RB201", "@gadget{a, title={T}}", "@online{a, title={T}}"),
    ("RB202", "@misc{a, title={T}, shoesize={42}}", "@misc{a, title={T}, note={42}}"),
    ("RB203", "@misc{a, title={The \\foo{Bar}}}", "@misc{a, title={The \\emph{Bar}}}"),
    ("RB204", "@misc{a, title={T}, date={2018-02-30}}", "@misc{a, title={T}, date={2016-02-29}}"),
    ("RB204", "@misc{a, title={T}, urldate={6 Sep 2019}}", "@misc{a, title={T}, "
     "urldate={2019-09-06}}"),
    ("RB204", "@misc{a, title={T}, year={18}}", "@misc{a, title={T}, year={2018}}"),
    ("RB204", "@misc{a, title={T}, year={2018}, month={Agust}}",
     "@misc{a, title={T}, year={2018}, month=aug}"),
    ("RB204", "@misc{a, title={T}, year={2018}, month={feb}, day={30}}",
     "@misc{a, title={T}, year={2016}, month={feb}, day={29}}"),
    ("RB210", "@article{a, title={T}, year={2000}}", article()),
    ("RB210", "@online{a, title={T}, author={A, B}, date={2000}}",
     "@online{a, title={T}, author={A, B}, date={2000}, url={https://x.org}}"),
    ("RB220", article("pages={367-74}"), article("pages={367--374}")),
    ("RB220", article("pages={374--367}"), article("pages={e12}")),
    ("RB220", article("pages={367 -- 374}"), article("pages={S1--S5}")),
    ("RB221", article("volume={9(1)}"), article("volume={50}, number={9}")),
    ("RB221", article("volume={vol. 50}"), article("volume={50A}")),
    ("RB221", article("number={No. 9}"), article("number={9-10}")),
    ("RB222", article("doi={https://doi.org/10.1093/rheumatology/ker173}"),
     article("doi={10.1093/rheumatology/ker173}")),
    ("RB222", article("doi={rheumatology/ker173}"), article("doi={10.1155/2015/252456}")),
    ("RB223", "@online{a, title={T}, url={www.example.org/page}}",
     "@online{a, title={T}, url={https://www.example.org/page}}"),
    ("RB223", "@online{a, title={T}, url={https://example.org/page one}}",
     "@online{a, title={T}, url={https://example.org/page%20one}}"),
    ("RB224", "@book{a, title={T}, isbn={978-92-4-001512-9}}",
     "@book{a, title={T}, isbn={978-92-4-001512-8}}"),
    ("RB224", "@book{a, title={T}, isbn={0-306-40615-3}}",
     "@book{a, title={T}, isbn={0-306-40615-2}}"),
    ("RB225", article("issn={1462-0325}"), article("issn={1462-0324}")),
    ("RB226", "@book{a, title={T}, edition={2nd}}", "@book{a, title={T}, edition={2}}"),
    ("RB227", "@book{a, title={T}, langid={englsh}}", "@book{a, title={T}, langid={ngerman}}"),
    ("RB301", "@misc{a, author={Seki, S. and and Kimura, T.}}",
     "@misc{a, author={Seki, S. and Kimura, T.}}"),
    ("RB301", "@misc{a, author={Seki, S. and}}", "@misc{a, author={Seki, S. and Anders, K.}}"),
    ("RB301", "@misc{a, author={and Seki, S.}}", "@misc{a, author={Andersson, S.}}"),
    ("RB302", "@misc{a, author={Seki, S., Hirano, N.}}",
     "@misc{a, author={King, Jr., Martin Luther}}"),
    ("RB303", "@misc{a, author={Seki, S. and Hirano, N. and et al.}}",
     "@misc{a, author={Seki, S. and Hirano, N. and others}}"),
    ("RB303", "@misc{a, author={Seki, S. and … and Kimura, T.}}",
     "@misc{a, author={Seki, S. and Al, Etienne}}"),
    ("RB304", "@misc{a, author={World Health Organization}}",
     "@misc{a, author={{World Health Organization}}}"),
    ("RB304", "@misc{a, author={Arthritis Foundation}}", "@misc{a, author={Foundation, Ann}}"),
    ("RB305", "@misc{a, author={Smith, JG}}", "@misc{a, author={Smith, J. G.}}"),
    ("RB305", "@misc{a, author={JG Smith}}", "@misc{a, author={Jo Smith}}"),
    ("RB401", "@misc{a, title={Back Pain &amp; Sciatica}}", "@misc{a, title={Back Pain \\& "
     "Sciatica}}"),
    ("RB402", "@misc{a, title={<i>In Vivo</i> Studies}}", "@misc{a, title={\\emph{In Vivo} "
     "Studies}}"),
    ("RB403", "@misc{a, publisher={Taylor & Francis}}", "@misc{a, publisher={Taylor \\& "
     "Francis}}"),
    ("RB403", "@misc{a, title={50% of Patients}}", "@misc{a, title={50\\% of Patients}, "
     "url={https://x.org/a%20b#c}}"),
    ("RB404", "@misc{a, author={HÃ¤kkinen, A.}}", "@misc{a, author={Häkkinen, A.}}"),
    ("RB405", "@misc{a, title={Lumbar Spine Surgery in RA}}",
     "@misc{a, title={Lumbar Spine Surgery in {RA}}}"),
    ("RB405", "@misc{a, title={MRI and COVID-19}}", "@misc{a, title={A Study of I and A}}"),
    ("RB406", "@misc{a, title={RHEUMATOID ARTHRITIS AND BACK PAIN}}",
     "@misc{a, title={{NASA} and {ESA}}}"),
    ("RB501", "@inbook{a, title={T}, crossref={proc2015}}",
     "@book{proc2015, title={P}}\n@inbook{a, title={T}, crossref={proc2015}}"),
    ("RB502", "@book{a, title={A}, crossref={b}}\n@book{b, title={B}, crossref={a}}",
     "@book{a, title={A}, crossref={b}}\n@book{b, title={B}}"),
]


@pytest.mark.parametrize("code, bad, good", CASES, ids=[c[0] for c in CASES])
def test_rule_fires_on_its_case_and_not_on_the_near_miss(code, bad, good):
    assert code in codes(bad), f"{code} did not fire"
    assert code not in codes(good), f"{code} fired on a near-miss"


def test_not_utf8_is_a_located_finding(tmp_path):
    path = tmp_path / "latin1.bib"
    path.write_bytes("@misc{a, title={ok}}\n@misc{b, author={H\u00e4kkinen, A.}}\n"
                     .encode("latin-1"))
    (d,) = validate.check([validate.read(path)])
    assert (d.code, d.line) == ("RB002", 2)


def test_style_needs():
    web = "@online{a, title={T}, author={A, B}, date={2000}}"
    assert "RB601" in codes(web, style="apa")
    assert "RB601" not in codes(web)  # only with a style
    assert "RB601" not in codes("@online{a, title={T}, author={A, B}, date={2000}, "
                                "url={https://x.org}, urldate={2020-01-01}}", style="apa")
    article_without_journal = "@article{a, title={T}, author={A, B}, year={2000}}"
    messages = [d.message for d in findings(article_without_journal, style="mla")
                if d.code == "RB601"]
    assert messages == ["style mla prints container-title for records of type "
                        "article-journal; this one has none"]


def test_every_rule_is_tested():
    # RB005 is tested in test_cli.py, RB007 in test_convert.py, RB008 in test_real_world.py,
    # RB009 in test_hostile_bounds.py, RB010 in test_everyday.py, RB901-RB904 in
    # test_engine.py, RB407 and RB408 in test_hostile_cli.py
    tested = {c[0] for c in CASES} | {"RB002", "RB005", "RB007", "RB008", "RB009", "RB010",
                                      "RB407", "RB408", "RB601", "RB901", "RB902", "RB903",
                                      "RB904"}
    assert set(rules.RULES) <= tested, set(rules.RULES) - tested


def test_opt_out_field_silences_a_rule_for_one_entry():
    pair = ("@online{p1, title={Back Pain}}\n"
            "@online{p2, title={Back pain}, rabp-ignore={RB111: two different pages}}")
    assert "RB111" not in codes(pair)
    assert "RB202" not in codes(pair)  # the opt-out field itself is known
    assert "RB405" not in codes("@misc{a, title={In RA}, rabp-ignore={RB405}}")


def test_findings_are_located_with_file_line_key_and_field():
    (d,) = [f for f in findings("@misc{a,\n  title = {T},\n  pages = {367-74},\n}")
            if f.code == "RB220"]
    assert (d.file, d.line, d.key, d.field) == ("t.bib", 3, "a", "pages")
    assert d.hint == "write it in full: 367--374"


def test_near_duplicate_says_what_differs():
    text = article() + "\n" + article(key="b").replace("Back Pain", "Back-Pains")
    (d,) = [f for f in findings(text) if f.code == "RB112"]
    assert "vs" in d.message and "Back-Pains" in d.message


def test_checksums():
    assert isbn_ok("978-3-16-148410-0") and isbn_ok("0-8044-2957-X")
    assert not isbn_ok("978-3-16-148410-1") and not isbn_ok("12345")
    assert issn_ok("0378-5955") and issn_ok("2049-3630")
    assert not issn_ok("0378-5954")


def test_the_article_problems_fixture():
    found = validate.check([validate.read(FIXTURES / "article-problems.bib")])
    got = {(d.code, d.key) for d in found}
    assert {("RB111", "arthritisback2"), ("RB401", "baykara2013"), ("RB302", "baykara2013"),
            ("RB220", "baykara2013"), ("RB221", "neva2011"), ("RB222", "neva2011"),
            ("RB303", "seki2018"), ("RB405", "seki2018")} <= got


@pytest.mark.parametrize("style", [None, "apa", "mla", "chicago", "medical-news-today-apa"])
def test_the_bundled_bibliography_checks_clean(style):
    # its deliberate exceptions are documented in the file (rabp-ignore, with the reason)
    assert validate.check([validate.read(ROOT / "references.bib")], style=style) == []


def test_checking_never_changes_the_file(tmp_path):
    path = tmp_path / "x.bib"
    path.write_bytes(FIXTURES.joinpath("article-problems.bib").read_bytes())
    before = path.read_bytes(), path.stat().st_mtime_ns
    CliRunner().invoke(main, ["check", str(path)])
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


# --- the command ---------------------------------------------------------------------------

def run(*args, input=None):
    return CliRunner().invoke(main, ["check", *args], input=input, catch_exceptions=False)


def test_check_exit_codes():
    assert run(str(ROOT / "references.bib")).exit_code == 0
    problems = str(FIXTURES / "article-problems.bib")
    assert run(problems).exit_code == 1  # errors (RB302)
    assert run(problems, "--ignore", "RB302").exit_code == 0  # warnings only
    assert run(problems, "--ignore", "RB302", "--fail-on", "warning").exit_code == 1
    assert run("no-such.bib").exit_code == 2
    assert run(problems, "--style", "nope").exit_code == 2


def test_check_text_format_is_one_line_per_finding_when_piped():
    result = run(str(FIXTURES / "article-problems.bib"), "--select", "RB220")
    assert result.stdout == (f"{FIXTURES / 'article-problems.bib'}:16: RB220 warning "
                             "[baykara2013.pages] page range '367-74' looks abbreviated "
                             "(write it in full: 367--374)\n")
    assert result.stderr == "1 warning in 1 file(s), 5 entries\n"


def test_check_json_format():
    result = run(str(FIXTURES / "article-problems.bib"), "--format", "json", "--select", "RB1")
    data = json.loads(result.stdout)
    assert data == [{"code": "RB111", "severity": "warning",
                     "message": "same title, year and first author as 'arthritisback1' "
                                "(line 2), and no field tells them apart",
                     "file": str(FIXTURES / "article-problems.bib"), "line": 7,
                     "key": "arthritisback2", "field": "title",
                     "hint": rules.SAME_WORK.hint}]


def test_check_github_annotations():
    result = run(str(FIXTURES / "article-problems.bib"), "-f", "github", "--select", "RB221")
    assert result.stdout.startswith(
        f"::warning file={FIXTURES / 'article-problems.bib'},line=24,"
        "title=RB221 volume-number::[neva2011.volume] volume '9(1)' holds the issue")


def test_check_select_by_name_and_prefix():
    problems = str(FIXTURES / "article-problems.bib")
    by_name = run(problems, "--select", "page-range", "-f", "json")
    assert [d["code"] for d in json.loads(by_name.stdout)] == ["RB220"]
    by_prefix = run(problems, "--select", "RB3", "-f", "json")
    assert {d["code"] for d in json.loads(by_prefix.stdout)} == {"RB302", "RB303"}


def test_check_reads_stdin_and_defaults_to_the_bundled_file():
    result = run("-", input="@misc{a, title={T}, pages={367-74}}")
    assert "<stdin>:1: RB220" in result.stdout
    assert run().exit_code == 0


def test_list_rules_lists_every_rule():
    result = run("--list-rules")
    listed = re.findall(r"^(RB\d{3})", result.stdout, re.M)
    assert listed == list(rules.RULES)
    data = json.loads(run("--list-rules", "-f", "json").stdout)
    assert [r["code"] for r in data] == list(rules.RULES)


def test_readme_rules_table_is_generated_from_the_registry():
    import importlib.util
    spec = importlib.util.spec_from_file_location("rules_table",
                                                  ROOT / "scripts" / "rules_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    readme = (ROOT / "README.md").read_text()
    assert module.table() in readme, "run scripts/rules_table.py --write"


def test_render_check_shows_findings_as_warnings(tmp_path):
    bib = tmp_path / "r.bib"
    bib.write_text("@article{a, author={Neva, M. H.}, title={Back Pain}, journal={Rheumatology},"
                   "\n year={2011}, pages={367-74}}\n")
    result = CliRunner().invoke(main, ["render", str(bib), "--check"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Neva, M. H. (2011). Back pain. Rheumatology,")
    assert f"{bib}:2: RB220 warning [a.pages] page range '367-74' looks abbreviated" \
        in result.stderr
    plain = CliRunner().invoke(main, ["render", str(bib)])
    assert plain.stderr == ""


def test_on_a_terminal_findings_are_grouped_by_file_and_coloured(monkeypatch):
    from rabp_refs import cli
    monkeypatch.setattr(cli, "_on_terminal", lambda: True)
    problems = str(FIXTURES / "article-problems.bib")
    result = CliRunner().invoke(main, ["check", problems, "--select", "RB22"], color=True)
    lines = result.stdout.splitlines()
    assert "\x1b[1m" + problems in lines[0]  # the file, in bold, once
    assert lines[1].startswith("     16  RB220 \x1b[33mwarning") and problems not in lines[1]
    assert len(lines) == 4


def test_a_literal_date_in_csl_json_is_not_a_bad_date():
    """CSL-JSON's literal dates ("Spring 2018") are valid CSL; checked through their BibTeX
    form they were reported as RB204. A date that is wrong stays reported."""
    items = [{"id": "a", "type": "book", "title": "A", "author": [{"family": "Doe"}],
              "publisher": "P", "issued": {"literal": "Spring 2018"}},
             {"id": "b", "type": "book", "title": "B", "author": [{"family": "Roe"}],
              "publisher": "P", "issued": {"date-parts": [[2019, 2, 30]]}}]
    found = validate.check([validate.read("refs.json", json.dumps(items).encode())])
    bad_dates = [(d.key, d.field) for d in found if d.code == "RB204"]
    assert ("a", "date") not in bad_dates
    assert ("b", "date") in bad_dates


def test_check_reports_a_broken_style_before_reading_the_inputs(tmp_path):
    """A style that cannot be loaded is a usage error, in one line, before any input is read
    (the missing input is never reached)."""
    broken = tmp_path / "broken.csl"
    broken.write_text('<style xmlns="http://purl.org/net/xbiblio/csl"><citation>')
    result = CliRunner().invoke(main, ["check", "--style", str(broken),
                                       str(tmp_path / "missing.bib")])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and f"{broken}: not a valid CSL style" in result.stderr
    unknown = CliRunner().invoke(main, ["check", "--style", "no-such-style", "-"],
                                 input="@book{a, title={T}}")
    assert unknown.exit_code == 2
    assert unknown.stderr == ("rabp-refs: error: unknown style 'no-such-style'; `rabp-refs "
                              "styles QUERY` lists the styles\n")


@pytest.mark.parametrize("command", [["check", "--style"], ["render", "--check", "--style"]])
def test_check_asks_the_one_engine_of_the_command_what_the_style_prints(tmp_path, monkeypatch,
                                                                          command):
    """The style is loaded once by the command, and RB601 asks that engine (it loaded the
    style again for each type of record)."""
    from rabp_refs.engine import style as engine_style
    style = tmp_path / "apa-copy.csl"
    style.write_bytes(find_style("apa").read_bytes())
    loaded = []
    original = engine_style.CslStyle.__init__

    def counting(self, *args, **kwargs):
        loaded.append(args[0])
        original(self, *args, **kwargs)
    monkeypatch.setattr(engine_style.CslStyle, "__init__", counting)
    bib = tmp_path / "r.bib"
    bib.write_text("@online{w, title={Page}, year={2020}}\n"
                   "@book{b, author={Doe, J.}, title={Book}, year={2020}}\n")
    result = CliRunner().invoke(main, [*command, str(style), str(bib)])
    assert "RB601" in result.stderr or "RB601" in result.stdout
    assert len(loaded) == 1
