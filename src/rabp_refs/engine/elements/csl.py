"""The CSL namespace, and the cite modes of narrative citations (as in citeproc-js)."""
from __future__ import annotations

CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"

# Cite modes (as in citeproc-js): render the author alone, or everything but the author.
AUTHOR_ONLY = "author-only"
SUPPRESS_AUTHOR = "suppress-author"
