"""Reading bibliographies: BibTeX, CSL-JSON, CSL-YAML, RIS or MEDLINE (PubMed), from files or
standard input, into CSL-JSON items.

The default input is ``references.bib`` in the current folder or, where there is none, the copy
of the article's bibliography shipped inside the package.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import bibtex, csl_data, jsontext, rules
from .csl_json import clean_item, with_citation_key
from .diagnostics import Diagnostic, Severity
from .errors import InputError
from .fileio import read_bytes
from .memory import collector_paused

STDIN = "-"

_PACKAGE = Path(__file__).resolve().parent


def bundled_bibliography() -> Path:
    """The article's references.bib: inside the installed package, or at a checkout's root."""
    for candidate in (_PACKAGE / "data" / "references.bib",
                      _PACKAGE.parent.parent / "references.bib"):
        if candidate.is_file():
            return candidate
    raise InputError("the bundled references.bib is missing from this installation")


def default_input() -> Path:
    here = Path("references.bib")
    return here if here.is_file() else bundled_bibliography()


@dataclass
class Loaded:
    """Items from one or more inputs, with everything found wrong while reading them."""

    items: list[dict] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity >= Severity.ERROR]

    def refusal(self, strict: bool = False) -> str | None:
        """Why nothing may be published from these inputs, or None. An error in the input (a
        repeated key or field, an entry that does not parse) does not stop the entries that
        can be read: they are published by the documented rule (the last of a repeated field,
        the first of a repeated key) and the command exits 1 after reporting it. Under
        --strict, or when no entry could be read at all, nothing is published (exit 2)."""
        if not self.errors or not (strict or not self.items):
            return None
        why = "--strict" if strict and self.items else "no entry could be read"
        return f"{len(self.errors)} error(s) in the input; nothing was rendered ({why})"

    def extend(self, other: "Loaded") -> None:
        self.items.extend(other.items)
        self.diagnostics.extend(other.diagnostics)


_FORMAT_NAMES = {"bibtex": "BibTeX", "csl-json": "CSL-JSON", "ris": "RIS",
                 "csl-yaml": "CSL-YAML", "medline": "MEDLINE"}


def no_entries(name: str, fmt: str) -> Diagnostic:
    """The finding for an input that holds no entries, naming the format it was read as."""
    return rules.NO_ENTRIES(f"no entries in {name} (read as {_FORMAT_NAMES.get(fmt, fmt)})",
                            file=name)


#: File name suffixes and the formats they are read as (any other name is sniffed).
SUFFIXES = {".bib": "bibtex", ".bibtex": "bibtex", ".biblatex": "bibtex",
            ".json": "csl-json", ".csljson": "csl-json", ".yaml": "csl-yaml",
            ".yml": "csl-yaml", ".ris": "ris", ".nbib": "medline", ".medline": "medline"}


def sniff_format(text: str, name: str) -> str:
    fmt = SUFFIXES.get(Path(name).suffix.lower()) if name else None
    if fmt:
        return fmt
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("TY  -"):
        return "ris"
    if stripped.startswith("PMID-"):
        return "medline"
    if stripped.startswith(("---\nreferences:", "---\r\nreferences:", "references:")):
        return "csl-yaml"
    return "csl-json" if stripped[:1] in ("[", "{") else "bibtex"


def load_text(text: str, name: str, fmt: str | None = None, jobs: int | None = None,
              strings: dict | None = None) -> Loaded:
    """``jobs``: processes to map a big BibTeX file with (csl_data.to_csl). ``strings``: the
    @string macros of the BibTeX files read before, shared by the files of one command
    (bibtex.parse); a BibTeX file adds its own."""
    fmt = fmt or sniff_format(text, name)
    if fmt == "csl-json":
        return _load_csl_json(text, name)
    if fmt == "csl-yaml":
        from . import csl_yaml  # (PyYAML: imported by the inputs that need it)
        items, found = csl_yaml.read(text, name)
        return _load_csl_items(items, name, found)
    if fmt == "ris":
        from . import ris
        items, diagnostics = ris.read(text, name)
        return Loaded(items, diagnostics)
    if fmt == "medline":
        from . import medline
        items, diagnostics = medline.read(text, name)
        return Loaded(items, diagnostics)
    # parsing and mapping build one bibliography: one pause of the garbage collector, not
    # two with its passes over the parsed entries between them (memory.py)
    with collector_paused():
        mapped = csl_data.to_csl(bibtex.parse(text, file=name, keep_raw=False,
                                              strings=strings), jobs=jobs)
    return Loaded(mapped.items, mapped.diagnostics)


def load(path: str | Path, stdin_data: bytes | None = None, fmt: str | None = None,
         jobs: int | None = None, strings: dict | None = None) -> Loaded:
    """One input: a path, or "-" for standard input (whose bytes the caller reads).
    ``jobs``, ``strings``: as load_text's."""
    if str(path) == STDIN:
        name, data = "<stdin>", stdin_data or b""
    else:
        name, data = str(path), read_bytes(path)
    text, diagnostics = bibtex.read_text(data, name)
    fmt = fmt or sniff_format(text, "" if str(path) == STDIN else name)
    strings = {} if strings is None else strings
    macros = len(strings)  # a file of @strings only (IEEEabrv.bib) is a library, not empty
    loaded = load_text(text, name, fmt, jobs, strings)
    loaded.diagnostics[:0] = diagnostics
    if not loaded.items and not loaded.errors and len(strings) == macros:
        loaded.diagnostics.append(no_entries(name, fmt))
    return loaded


def _load_csl_json(text: str, name: str) -> Loaded:
    data, removed = jsontext.loads(text, name)
    if isinstance(data, dict) and "items" in data:
        data = data["items"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise InputError(f"{name}: CSL-JSON must be a list of items")
    return _load_csl_items(data, name, removed)


def _load_csl_items(data: list, name: str, diagnostics: list | None = None) -> Loaded:
    """CSL items read from JSON or YAML, cleaned; an item without an id is left out.
    ``diagnostics``: what reading them found already (a NUL removed)."""
    loaded = Loaded(diagnostics=list(diagnostics or []))
    for index, item in enumerate(data, start=1):
        if isinstance(item, dict):
            item = with_citation_key(item)  # Zotero, Better BibTeX
        if not isinstance(item, dict) or "id" not in item:
            loaded.diagnostics.append(rules.BAD_CSL_JSON(
                f"item {index} has no id; it is left out", file=name))
            continue
        if "type" not in item:
            loaded.diagnostics.append(rules.BAD_CSL_JSON(
                f"item {index} has no type; read as 'document'", file=name,
                key=str(item["id"]), severity=Severity.WARNING))
            item = dict(item, type="document")
        item, problems = clean_item(item)
        for variable, problem in problems:
            loaded.diagnostics.append(rules.BAD_CSL_JSON(
                f"{variable}: {problem}", file=name, key=str(item.get("id", "")) or None,
                field=variable, severity=Severity.WARNING,
                hint="see the CSL-JSON schema for its shape"))
        if "id" not in item:
            continue
        loaded.items.append(item)
    return loaded
