"""One parsed style serves any number of renders: the state of a render is the render's
(engine/state.py), never the style's. One Engine renders two different documents one after
the other, and from several threads at once, exactly as separate engines render each."""
import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from golden_compare import GOLDEN
from rabp_refs.engine import CiteItem, Engine
from rabp_refs.engine.state import state_of

ITEMS = json.loads((GOLDEN / "corpus" / "items.json").read_text())
CLUSTERS = json.loads((GOLDEN / "corpus" / "cites.json").read_text())


def _documents():
    """Two documents that differ in every part of a render's state: their items (so their
    year suffixes and expanded names), their clusters (positions, subsequent cites, modes,
    locators) and their note numbers."""
    first = (ITEMS, [[CiteItem.from_json(c) for c in cluster] for cluster in CLUSTERS], None)
    ids = [item["id"] for item in ITEMS]
    clusters = [[CiteItem.from_json(c) for c in cluster] for cluster in reversed(CLUSTERS)]
    clusters += [[CiteItem(ids[0], mode="author-only")], [CiteItem(ids[0], locator="3")],
                 [CiteItem(i) for i in ids[1::5]], [CiteItem(ids[2], position=2)]]
    notes = [n // 2 + 1 for n in range(len(clusters))]  # two citations in some notes
    return [first, (ITEMS[::-1], clusters, notes)]


def _render(engine, document) -> dict:
    items, clusters, notes = document
    result = engine.render(items, clusters, notes=notes, jobs=1)
    return {**result.to_json(), "diagnostics": [d.format() for d in result.diagnostics]}


@pytest.fixture(scope="module", params=["apa", "chicago-notes-bibliography",
                                        "modern-language-association"])
def style(request):
    return request.param


def test_one_engine_renders_two_documents_alternately_as_two_engines_do(style):
    documents = _documents()
    expected = [_render(Engine(style, output_format="html"), d) for d in documents]
    assert expected[0] != expected[1]
    engine = Engine(style, output_format="html")
    for _ in range(2):
        for document, alone in zip(documents, expected):
            assert _render(engine, document) == alone
    assert state_of() is None  # nothing left behind after a render
    assert "render_state" not in engine.style.root.__dict__


def test_one_engine_renders_from_several_threads_as_separate_engines_do(style):
    documents = _documents()
    expected = [_render(Engine(style, output_format="html"), d) for d in documents]
    engine = Engine(style, output_format="html")
    work = [n % 2 for n in range(16)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda n: _render(engine, documents[n]), work))
    for n, result in zip(work, results):
        assert result == expected[n]


def test_the_plan_is_read_only_once_the_citations_render(monkeypatch):
    """What positions and disambiguation decide is frozen before any citation renders."""
    original = Engine._citations
    seen = []

    def citations(self, document, state, result, disambiguator):
        with pytest.raises(TypeError):
            state.plan.add_names["x"] = 2
        with pytest.raises(AttributeError):
            state.plan.ambiguous.add("x")
        seen.append(dict(state.plan.expand))
        return original(self, document, state, result, disambiguator)
    monkeypatch.setattr(Engine, "_citations", citations)
    smith = [{"family": "Smith", "given": given} for given in ("John", "Karen")]
    items = [{"id": key, "type": "book", "title": key, "author": [name],
              "issued": {"date-parts": [[2020]]}} for key, name in zip("ab", smith)]
    assert Engine("apa").render(items).citations == ["(J. Smith, 2020)", "(K. Smith, 2020)"]
    assert seen == [{("a", "author", 0): 1, ("b", "author", 0): 1}]
