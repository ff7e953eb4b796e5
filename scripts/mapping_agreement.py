"""How often our BibTeX -> CSL-JSON mapping agrees with pandoc 3's, entry by entry.

    .venv/bin/python scripts/mapping_agreement.py FILE... [--examples N] [--field F] [--json]

Each FILE is mapped by us (``sources.load``, as every command reads it) and by pandoc
(``pandoc -f biblatex -t csljson``, the reference of the mapping). Several files joined with
"+" (``lstabbrv.bib+examples.bib``) are read as one bibliography, as ``render A B`` reads them.
Before comparing, the conventions of tests/golden/mapping/real-world-differences.json are
applied to both sides (page dashes, nocase spans, soft hyphens, apostrophes, empty values).
An entry that still differs is "classified" when each of its differences falls under one of
that file's themes (where we are right, with the biblatex manual's reason).

Printed: per file, the share of entries identical, and identical or classified; then the
unclassified differences grouped by variable (and by kind: only ours, only pandoc's,
different values) with examples, and how many differences each theme explains.
pandoc is found on PATH, else through pypandoc-binary (``pip install pypandoc-binary``).
"""
from __future__ import annotations

import argparse
import difflib
import json
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from rabp_refs import latex, sources  # noqa: E402

_NOCASE = re.compile(r'<span class="nocase">(.*?)</span>', re.DOTALL)
DIFFERENCES = Path(__file__).resolve().parent.parent / "tests" / "golden" / "mapping" / \
    "real-world-differences.json"
_DOI_LINK = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_NAMES = {"author", "editor", "translator", "container-author", "director"}
_TITLES = {"title", "title-short", "container-title", "collection-title", "volume-title",
           "event", "original-title"}
_DATES = {"issued", "accessed", "event-date", "original-date"}


def pandoc_path() -> str:
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        found = shutil.which("pandoc")
        if not found:
            sys.exit("pandoc not found: pip install pypandoc-binary")
        return found


def pandoc_items(paths: list[str], pandoc: str) -> list[dict]:
    # several files: pandoc reads them as one bibliography when given together
    out = subprocess.run([pandoc, "-f", "biblatex", "-t", "csljson", *paths],
                         capture_output=True, check=True)
    return json.loads(out.stdout.decode("utf-8"))


def our_items(paths: list[str]) -> list[dict]:
    strings: dict = {}  # shared by the files, as the commands read them
    return [i for p in paths for i in sources.load(p, strings=strings).items]


def normalise(value, variable: str = ""):
    """One value with the documented conventions undone on either side."""
    if isinstance(value, str):
        value = _NOCASE.sub(r"\1", value).replace("\u00ad", "").replace("’", "'")
        value = _SPACES.sub(" ", value.replace("\u00a0", " ")).strip()
        if variable == "page":
            value = value.replace("–", "-")
        return value
    if isinstance(value, list):
        return [normalise(v, variable) for v in value]
    if isinstance(value, dict):
        return {k: normalise(v, variable) for k, v in value.items()}
    return value


def _empty(value) -> bool:
    return value in ("", [], {}, None) or value == {"date-parts": []}


def _text(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                           sort_keys=True)


def _only_dropped(ours, theirs) -> bool:
    """pandoc's value is ours with text taken out (white space aside)."""
    if ours is None:
        return False
    if theirs is None:  # all of it dropped ("\\pkg{TPHON}")
        return True
    a, b = _text(ours), _text(theirs)
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("insert", "replace") and b[j1:j2].strip(" ,\"[]{}"):
            return False
    return len(a) > len(b)


def _quotes(text: str) -> str:
    return re.sub("[„“”«»]", '"', re.sub("[‚‘’‹›]", "'", text.replace("\u00a0", "")))


# theme -> whether (variable, ours, pandoc's) is one of its differences
def _date_read_further(variable, ours, theirs) -> bool:
    if variable not in _DATES or not isinstance(ours, dict) or not isinstance(theirs, dict):
        return False
    a, b = ours.get("date-parts") or [[]], theirs.get("date-parts") or [[]]
    return a != b and a[0][:len(b[0])] == b[0]


def _same_name_words(ours, theirs) -> bool:
    """Two name lists with the same words in each name, split differently into parts."""
    if not isinstance(ours, list) or not isinstance(theirs, list) or len(ours) != len(theirs):
        return False
    parts = ("given", "dropping-particle", "non-dropping-particle", "family", "suffix",
             "literal")
    return all(sorted(" ".join(str(n.get(p, "")) for p in parts).split()) ==
               sorted(" ".join(str(m.get(p, "")) for p in parts).split())
               for n, m in zip(ours, theirs))


def _after_abbreviation(ours, theirs) -> bool:
    """pandoc's value is ours with a word after an abbreviation's stop capitalised."""
    if not isinstance(ours, str) or not isinstance(theirs, str):
        return False
    lowered = re.sub(r"\b(\w+)\. (\w)", lambda m: f"{m.group(1)}. {m.group(2).lower()}"
                     if m.group(1).lower() in latex.ABBREVIATIONS else m.group(0), theirs)
    return lowered == ours


def _repeated(ours, theirs) -> bool:
    """pandoc's value is ours with pieces written twice ("“badness.”badness.", "TeXTeX"), white
    space and the kind of quotes aside."""
    if not isinstance(ours, str) or not isinstance(theirs, str):
        return False
    a, b = (_quotes(v).replace("'", '"').replace(" ", "") for v in (ours, theirs))
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        piece, n = b[j1:j2], j2 - j1
        if op != "insert" or not (
                any(b[k - n:k] == piece for k in (j1, j1 - 1)) or  # "“x”x"
                any(b[k:k + n] == b[k + n:k + 2 * n] for k in range(max(0, j1 - n), j1 + 1))):
            return False
    return a != b


_WORD = re.compile(r"[^\W\d_]+")
# what may come between a stop and the first word of the sentence or subtitle it opens
_OPENS = re.compile(r"[.:?!][\"”’)]*\s+(?:[—–-]+\s*)?(?:<[ib]>|[(“‘\"])*$")


def _case_conventions(ours, theirs) -> bool:
    """The same text but for the case of words, each difference one of our conventions."""
    if not isinstance(ours, str) or not isinstance(theirs, str) or ours == theirs or \
            ours.lower() != theirs.lower() or len(ours) != len(theirs):
        return False
    first = _WORD.search(ours)
    for word in _WORD.finditer(ours):
        mine, pandoc = word.group(), theirs[word.start():word.end()]
        if mine == pandoc:
            continue
        if mine[1:] != pandoc[1:]:
            return False
        if not (word.start() == first.start() and (  # the first letter: a capital, or
                mine[0].isupper() or "." in ours.split()[0])  # kept in an address (\url)
                or len(mine) == 1 and mine.isupper()  # a single capital letter
                or mine[0].isupper() and _OPENS.search(ours[:word.start()])):  # after a stop
            return False
    return True


THEMES = {
    "pandoc-repeats-text": lambda v, a, b: _repeated(a, b),
    "sentence-case-conventions": lambda v, a, b: v in _TITLES and _case_conventions(a, b),
    "dates-read-further": _date_read_further,
    "stop-of-an-abbreviation": lambda v, a, b: _after_abbreviation(a, b),
    "short-title-of-dropped-text": lambda v, a, b, item: v == "title-short" and b is None and
        isinstance(a, str) and str(item.get("title", "")).startswith(a + ":"),
    "spacing-commands": lambda v, a, b: isinstance(a, str) and isinstance(b, str) and
        re.sub(r"-?\d*\.?\d+em", "", b).replace(" ", "") == a.replace(" ", ""),
    "pandoc-drops-text": lambda v, a, b: _only_dropped(a, b),
    "doi-bare": lambda v, a, b: v == "DOI" and isinstance(b, str) and _DOI_LINK.sub("", b) == a,
    "name-lists-joined-with-and": lambda v, a, b: v in (
        "publisher", "publisher-place", "jurisdiction") and isinstance(a, str) and
        isinstance(b, str) and b in (a.replace(" and ", "; "), re.sub(", | and ", "; ", a)),
    "language-from-language-field": lambda v, a, b, item: (v == "language" and b is None) or (
        v in _TITLES and item.get("language", "en")[:2] != "en"),
    "quotes-of-the-language": lambda v, a, b: isinstance(a, str) and isinstance(b, str) and
        _quotes(a) == _quotes(b),
    "tex-single-quotes": lambda v, a, b: isinstance(a, str) and isinstance(b, str) and
        _quotes(a).replace("'", '"') == _quotes(b).replace("'", '"'),
    "shorttitle-of-a-volume": lambda v, a, b, item: v == "title-short" and b is None and
        "volume-title" in item,
    "math-as-text": lambda v, a, b: isinstance(b, str) and b.count("$") > _text(a).count("$"),
    "braced-special-character-case": lambda v, a, b: v in _NAMES and isinstance(a, list) and
        isinstance(b, list) and any(y.get("dropping-particle") == x.get("given") and
                                    "given" not in y for x, y in zip(a, b)),
    "others-dropped": lambda v, a, b: v in _NAMES and isinstance(b, list) and
        b[-1:] == [{"literal": "others"}] and a == b[:-1],
    "types-csl-has": lambda v, a, b, item: v == "type" and (a, b) in (
        ("document", None), ("periodical", "article-journal"), ("webpage", None)) or (
        v == "container-title" and a is None and item.get("type") == "periodical" and
        isinstance(b, str) and b.replace(" ", "") == item.get("title", "").replace(" ", "")),
    "accent-on-dotless-i": lambda v, a, b: b is not None and
        _text(b).replace("ı\u0301", "í").replace("ı\u0300", "ì") == _text(a),
    "name-parts-as-bibtex": lambda v, a, b: v in _NAMES and _same_name_words(a, b),
    "braces-in-genre": lambda v, a, b: v == "genre" and isinstance(b, str) and
        normalise(latex.decode(b).text) == a,
    "parenthesised-given-names": lambda v, a, b: v in _NAMES and "(" in _text(a) and
        '"dropping-particle": "(' in _text(b),
    "biblatex-semantics": lambda v, a, b, item: (v == "container-author" and a is None) or (
        v == "number" and b is None) or (
        v in ("title", "container-title") and isinstance(a, str) and isinstance(b, str) and
        b.startswith(a + ": ") and "volume-title" in item),
    "case-after-ampersand": lambda v, a, b: isinstance(b, str) and re.sub(
        r"&(\w)", lambda m: "&" + m.group(1).upper(), b) == a,
    "literal-dates": lambda v, a, b: v in _DATES and b is None and a is not None,
    "unresolved-macros-keep-case": lambda v, a, b: isinstance(a, str) and a != b and
        isinstance(b, str) and a.lower() == b.lower() and " " not in a,
}


def theme_of(variable: str, ours, theirs, item: dict, listed: dict) -> str | None:
    """The theme explaining a difference; ``item`` is our whole item (what a theme may need
    besides the two values), ``listed`` the themes that name the "id.variable"s they explain."""
    where = f"{item.get('id')}.{variable}"
    for theme, places in listed.items():
        if where in places:
            return theme
    for theme, applies in THEMES.items():
        takes_item = applies.__code__.co_argcount == 4
        if applies(variable, ours, theirs, item) if takes_item else \
                applies(variable, ours, theirs):
            return theme
    return None


def _themes() -> tuple[set[str], dict[str, set[str]]]:
    """The themes of real-world-differences.json, and those that list where they apply."""
    themes = json.loads(DIFFERENCES.read_text())["themes"]
    listed = {name: set(theme["where"]) for name, theme in themes.items()
              if isinstance(theme, dict)}
    return set(themes), listed


KNOWN, LISTED = _themes()


def compare(ours: list[dict], theirs: list[dict]) -> dict:
    mine = {}
    for item in ours:
        mine.setdefault(item["id"], item)
    pandoc = {}
    for item in theirs:
        pandoc.setdefault(item["id"], item)
    shared = [k for k in pandoc if k in mine]
    differences: dict[tuple[str, str], list] = defaultdict(list)
    themes: dict[str, int] = defaultdict(int)
    identical = classified = 0
    for key in shared:
        a = {k: normalise(v, k) for k, v in mine[key].items() if not _empty(v)}
        b = {k: normalise(v, k) for k, v in pandoc[key].items() if not _empty(v)}
        if a == b:
            identical += 1
            continue
        unexplained = []
        for variable in sorted(set(a) | set(b)):
            if a.get(variable) == b.get(variable):
                continue
            theme = theme_of(variable, a.get(variable), b.get(variable), a, LISTED)
            if theme:
                themes[theme] += 1
                continue
            kind = ("only ours" if variable not in b else "only pandoc" if variable not in a
                    else "differs")
            unexplained.append(((variable, kind), (key, a.get(variable), b.get(variable))))
        if not unexplained:
            classified += 1
        for group, example in unexplained:
            differences[group].append(example)
    return {"entries": len(shared), "identical": identical, "classified": classified,
            "themes": dict(themes),
            "only_ours": sorted(set(mine) - set(pandoc)),
            "only_pandoc": sorted(set(pandoc) - set(mine)),
            "differences": differences}


def _short(value, width=90) -> str:
    text = json.dumps(value, ensure_ascii=False) if value is not None else "-"
    return text if len(text) <= width else text[:width - 1] + "…"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--examples", type=int, default=2, help="examples per group")
    parser.add_argument("--field", help="show only this variable's differences, all of them")
    parser.add_argument("--json", action="store_true", help="the figures as JSON")
    args = parser.parse_args(argv)
    pandoc = pandoc_path()
    assert KNOWN == set(THEMES) | set(LISTED), "themes of the script and of the .json file"
    figures = {}
    for spec in args.files:
        paths = spec.split("+")
        try:
            theirs = pandoc_items(paths, pandoc)
        except subprocess.CalledProcessError as exc:
            print(f"== {spec}: pandoc cannot read it: "
                  f"{exc.stderr.decode('utf-8', 'replace').strip()[:300]}")
            continue
        result = compare(our_items(paths), theirs)
        total = max(result["entries"], 1)
        share = 100 * result["identical"] / total
        explained = 100 * (result["identical"] + result["classified"]) / total
        figures[spec] = {"entries": result["entries"], "identical": result["identical"],
                         "percent": round(share, 1), "classified": result["classified"],
                         "percent_identical_or_classified": round(explained, 1),
                         "themes": result["themes"],
                         "by_variable": {f"{v} ({k})": len(e)
                                         for (v, k), e in result["differences"].items()}}
        if args.json:
            continue
        print(f"== {spec}: {result['identical']}/{result['entries']} entries identical "
              f"({share:.1f}%), {explained:.1f}% identical or classified")
        for theme, count in sorted(result["themes"].items(), key=lambda kv: -kv[1]):
            print(f"   [classified] {theme}: {count}")
        for side in ("only_ours", "only_pandoc"):
            if result[side]:
                print(f"   ids {side.replace('_', ' ')}: {', '.join(result[side][:8])}")
        groups = sorted(result["differences"].items(), key=lambda kv: -len(kv[1]))
        for (variable, kind), examples in groups:
            if args.field and variable != args.field:
                continue
            print(f"   {variable} ({kind}): {len(examples)}")
            shown = examples if args.field else examples[:args.examples]
            for key, a, b in shown:
                print(f"      {key}: ours {_short(a)}\n      {' ' * len(key)}  pandoc "
                      f"{_short(b)}")
    if args.json:
        print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
