"""The CSL processor test suite, run through our engine.

A fixture is a text file of sections ``>>== NAME ==>>`` ... ``<<== NAME ==<<``: MODE, RESULT,
CSL, INPUT, and optionally CITATION-ITEMS, CITATIONS, BIBENTRIES, BIBSECTION, ABBREVIATIONS,
OPTIONS. Its category is its file name before the first underscore. Output is compared as
citeproc-js's test runner writes it: HTML, a bibliography in ``div.csl-bib-body``, one line per
citation cluster, and for CITATIONS the "..[i]" / ">>[i]" lines.

This module reads and runs; ``python -m rabp_refs.conformance`` (``__main__.py``) prints.
"""
from __future__ import annotations

import difflib
import json
import re
import signal
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

_SECTION = re.compile(r">>=+\s*([A-Z-]+)\s*=+>>\n?(.*?)\n?<<=+\s*\1\s*=+<<", re.S)
MAIN = "main"
TIMEOUT_S = 10


@dataclass
class Fixture:
    name: str
    path: Path
    group: str  # "main", "off-spec" or "experiments"
    sections: dict[str, str]

    @property
    def category(self) -> str:
        return self.name.split("_", 1)[0]


@dataclass
class Outcome:
    name: str
    category: str
    group: str
    status: str  # "passed", "failed", "error", "timeout", "unsupported"
    seconds: float
    expected: str = ""
    actual: str = ""
    error: str | None = None
    diff: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def default_suite() -> Path:
    """../shared/csl-test-suite/humans beside a checkout."""
    return Path(__file__).resolve().parents[3].parent / "shared" / "csl-test-suite" / "humans"


def discover(folder: Path) -> list[Fixture]:
    fixtures = []
    for path in sorted(folder.rglob("*.txt")):
        relative = path.relative_to(folder)
        group = relative.parts[0] if len(relative.parts) > 1 else MAIN
        text = path.read_text(encoding="utf-8")
        sections = {m.group(1): m.group(2) for m in _SECTION.finditer(text)}
        if "MODE" in sections and "CSL" in sections:
            fixtures.append(Fixture(path.stem, path, group, sections))
    return fixtures


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


def run_fixture(fixture: Fixture, timeout: float = TIMEOUT_S) -> Outcome:
    """Run one fixture with a time limit (in this process's main thread)."""
    from ..engine import CiteItem, Engine  # the engine is imported where fixtures run

    started = time.perf_counter()
    mode = fixture.sections["MODE"].strip()
    expected = fixture.sections.get("RESULT", "").strip()
    outcome = Outcome(fixture.name, fixture.category, fixture.group, "failed", 0.0, expected)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        unsupported = [s for s in ("BIBENTRIES", "BIBSECTION", "ABBREVIATIONS")
                       if s in fixture.sections]
        if unsupported or mode not in ("citation", "bibliography"):
            outcome.status = "unsupported"
            outcome.error = f"not supported yet: {', '.join(unsupported) or 'MODE ' + mode}"
            return outcome
        items = json.loads(fixture.sections.get("INPUT") or "[]")
        for n, item in enumerate(items, start=1):  # the suite's convention for items with no id
            item.setdefault("id", f"ITEM-{n}")
        with tempfile.NamedTemporaryFile("w", suffix=".csl", encoding="utf-8") as style:
            style.write(fixture.sections["CSL"])
            style.flush()
            engine = Engine(style.name, output_format="html")
            outcome.actual = _render(engine, mode, items, fixture.sections, CiteItem).strip()
        outcome.status = "passed" if outcome.actual == expected else "failed"
    except _Timeout:
        outcome.status = "timeout"
        outcome.error = f"over {timeout} s"
    except Exception as exc:  # noqa: BLE001 - any exception is a finding of the run
        outcome.status = "error"
        outcome.error = f"{type(exc).__name__}: {exc}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        outcome.seconds = time.perf_counter() - started
    if outcome.status != "passed":
        outcome.diff = list(difflib.unified_diff(
            expected.splitlines(), outcome.actual.splitlines(), "expected", "rabp-refs",
            lineterm=""))
    return outcome


def _render(engine, mode, items, sections, CiteItem) -> str:
    ids = list(dict.fromkeys(str(item["id"]) for item in items))  # an id given twice: once
    if "CITATIONS" in sections and mode != "bibliography":
        return _render_document(engine, items, json.loads(sections["CITATIONS"]), CiteItem,
                                _UpdateModes.of(sections["CSL"]))
    if "CITATIONS" in sections:  # the bibliography of the items the document cites
        clusters, notes = _document(json.loads(sections["CITATIONS"]), CiteItem)
        cited = {cite.id.lower() for cluster in clusters for cite in cluster}
        items = [item for item in items if str(item["id"]).lower() in cited]
    elif "CITATION-ITEMS" in sections:
        clusters = [[CiteItem.from_json(c) for c in cluster]
                    for cluster in json.loads(sections["CITATION-ITEMS"])]
    else:  # citeproc-js's runner cites every item in one cluster, in the registry's order
        order = engine.render(items, None).bibliography_ids or ids
        clusters = [[CiteItem(i) for i in order]]
    result = engine.render(items, clusters, bibliography=(mode == "bibliography"))
    if mode == "bibliography":
        entries = "".join(f'  <div class="csl-entry">{entry}</div>\n'
                          for entry in result.bibliography)
        return f'<div class="csl-bib-body">\n{entries}</div>'
    return "\n".join(result.citations)


def _states(steps, CiteItem):
    """CITATIONS: each step is citeproc-js's processCitationCluster(citation, pre, post),
    where pre and post list the (citationID, noteIndex) of the citations before and after it:
    the document after the step is pre + the citation + post, in that order, and a citation
    not listed has been deleted. Yields, after each step, the citation ids in document order,
    their clusters and note numbers, the ids the step moved to another note, and the new id."""
    stored: dict[str, dict] = {}
    for number, (citation, pre, post) in enumerate(steps, start=1):
        citation_id = str(citation.get("citationID") or f"CITATION-{number}")
        stored[citation_id] = citation
        note_of = {str(cid): int(note or 0) for cid, note in list(pre) + list(post)}
        note_of[citation_id] = int(citation.get("properties", {}).get("noteIndex") or 0)
        order = [str(cid) for cid, _ in pre] + [citation_id] + [str(cid) for cid, _ in post]
        moved = set()
        for cid in order:
            properties = stored[cid].setdefault("properties", {})
            if cid != citation_id and properties.get("noteIndex") != note_of[cid]:
                moved.add(cid)
            properties["noteIndex"] = note_of[cid]
        clusters = [[CiteItem.from_json(c) for c in stored[cid]["citationItems"]]
                    for cid in order]
        notes = [note_of[cid] for cid in order]
        yield order, clusters, notes, moved, citation_id


def _document(steps, CiteItem):
    """The clusters and note numbers of the document after the last step."""
    _, clusters, notes, _, _ = list(_states(steps, CiteItem))[-1]
    return clusters, notes


@dataclass(frozen=True)
class _UpdateModes:
    """What decides, in citeproc-js, which citations processCitationCluster renders again
    besides the new one (api_cite.js; the "update mode" is set while the style is built)."""

    notes_printed: bool  # first-reference-note-number shown: a citation moved to another note
    counts: bool  # a note style with positions and disambiguate="true": citation counts
    numbers: bool  # the citation shows citation-number: renumbered items

    @classmethod
    def of(cls, csl: str) -> "_UpdateModes":
        from lxml import etree

        root = etree.fromstring(csl.encode("utf-8"))
        ns = {"cs": "http://purl.org/net/xbiblio/csl"}
        citation = root.find("cs:citation", ns)
        macros = {m.get("name"): m for m in root.iterfind("cs:macro", ns)}
        shown, todo = [], [citation] if citation is not None else []
        while todo:  # the citation with the macros it calls, as citeproc-js builds it
            element = todo.pop()
            shown.append(element)
            todo += [macros.pop(e.get("macro")) for e in element.iter()
                     if e.get("macro") in macros]

        def inherited(element, name):
            while element is not None:
                if element.get(name) is not None:
                    return element.get(name)
                element = element.getparent()
            return None

        names = [n for e in shown for n in e.iter("{%s}name" % ns["cs"])] + \
            ([citation] if citation is not None else [])
        subsequent = any(  # et-al-subsequent-* other than et-al-* (node_name.js)
            inherited(n, f"et-al-subsequent-{a}") is not None and
            inherited(n, f"et-al-subsequent-{a}") != inherited(n, f"et-al-{a}")
            for n in names for a in ("min", "use-first"))
        positions = subsequent or bool(root.xpath("//*[@position]"))
        return cls(
            notes_printed="first-reference-note-number" in csl,
            counts=positions and root.get("class") == "note" and
            bool(root.xpath("//*[@disambiguate='true']")),
            numbers=not positions and any(
                text.get("variable") == "citation-number" for element in shown
                for text in element.iter("{%s}text" % ns["cs"])))


def _render_document(engine, items, steps, CiteItem, modes: _UpdateModes | None = None) -> str:
    """The document after the last step, marking with ">>" the citations processCitationCluster
    returns for that step: the new one, any whose text it changed, and those citeproc-js
    renders again for its own bookkeeping although their text stays (_UpdateModes):
    - where the style prints note numbers, any it moved to another note;
    - in a note style with positions and disambiguate="true", every citation of an item
      cited for the first time, or whose number of citations went from one to more or back;
    - where the citation shows citation-number, every citation of a renumbered item."""
    modes = modes or _UpdateModes(False, False, False)
    every_state = list(_states(steps, CiteItem))
    states = every_state[-2:]  # only the last two states are rendered and compared
    counts: dict[str, int] = {}  # citeproc-js's registry: an item's citations when last seen
    for _, clusters, _, _, _ in every_state[:-1]:
        counts.update(_citation_counts(clusters))
    rendered, numbers = [], []
    for order, clusters, notes, _, _ in states:
        result = engine.render(items, clusters, bibliography=modes.numbers, notes=notes)
        rendered.append(dict(zip(order, result.citations)))
        numbers.append(_citation_numbers(result.bibliography_ids, clusters))
    order, clusters, _, moved, new_id = states[-1]
    previous = rendered[-2] if len(rendered) == 2 else {}
    current = rendered[-1]
    changed = {cid for cid in order if previous.get(cid) != current[cid]} | {new_id}
    if modes.notes_printed:
        changed |= moved
    tainted = set()
    if modes.counts:
        tainted |= {item for item, count in _citation_counts(clusters).items()
                    if item not in counts or (counts[item] < 2) != (count < 2)}
    if modes.numbers and len(numbers) == 2:
        tainted |= {item for item, number in numbers[1].items()
                    if numbers[0].get(item) != number}
    changed |= {cid for cid, cluster in zip(order, clusters)
                if any(cite.id in tainted for cite in cluster)}
    return "\n".join(f"{'>>' if cid in changed else '..'}[{i}] {current[cid]}"
                      for i, cid in enumerate(order))


def _citation_counts(clusters) -> dict[str, int]:
    """Item id -> how many of the citations cite it."""
    counts: dict[str, int] = {}
    for cluster in clusters:
        for item in {cite.id for cite in cluster}:
            counts[item] = counts.get(item, 0) + 1
    return counts


def _citation_numbers(bibliography_ids, clusters) -> dict[str, int]:
    """Item id -> its citation number: its place among the cited items in the bibliography's
    order, or, with no bibliography, in the order they are first cited."""
    cited = dict.fromkeys(cite.id for cluster in clusters for cite in cluster)
    order = [i for i in bibliography_ids if i in cited] or list(cited)
    return {item: n for n, item in enumerate(order, start=1)}


def run_many(fixtures: list[Fixture], workers: int = 2, timeout: float = TIMEOUT_S):
    """Yield outcomes as fixtures finish, over worker processes."""
    from concurrent.futures import ProcessPoolExecutor

    if workers <= 1:
        for fixture in fixtures:
            yield run_fixture(fixture, timeout)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(run_fixture, fixtures, [timeout] * len(fixtures), chunksize=8)


def read_known_failures(path: Path) -> dict[str, str]:
    """``name  # reason`` per line; blank lines and lines starting with # are ignored."""
    known = {}
    if not path.exists():
        return known
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, reason = line.partition("#")
        known[name.strip()] = reason.strip()
    return known
