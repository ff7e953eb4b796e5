"""Output formats: a rendered bibliography as a document in the chosen format."""
from __future__ import annotations


def bibliography_document(entries: list[str], output_format: str) -> str:
    """Entries (already in the output format) as one document."""
    if output_format == "html":
        body = "".join(f'  <div class="csl-entry">{entry}</div>\n' for entry in entries)
        return f'<div class="csl-bib-body">\n{body}</div>\n'
    return "".join(entry + "\n" for entry in entries)
