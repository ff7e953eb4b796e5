"""rabp-refs: BibTeX bibliographies validated and rendered through CSL styles."""

__version__ = "0.1.0"
