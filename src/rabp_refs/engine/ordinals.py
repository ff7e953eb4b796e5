"""Ordinal suffixes as CSL 1.0.2 defines them ("Ordinal Suffixes", "Gender-specific
Ordinals"), which citeproc-py applies only in part.

- The terms ordinal-10 to ordinal-99 match the last two digits of a number, ordinal-00 to
  ordinal-09 its last digit, unless their ``match`` attribute says "last-two-digits" or
  "whole-number" (French "1ᵉʳ" but "21ᵉ"); a two-digit term wins over a one-digit one ("11th"
  before "1st"), and "ordinal" is the fallback.
- A term with a ``gender-form`` applies to a noun of that gender only (an edition is
  feminine in Spanish, an issue masculine: "1.ª edición", "1.º número"; a day takes its
  month's gender); a term without one applies to all.
- The ordinal terms of the first locale that defines any (a style's own cs:locale before the
  locale file) replace the others as a set.
"""
from __future__ import annotations


def _ordinal_terms(element) -> list:
    root = element.get_root()
    locales = getattr(root, "locales", None) or [root]
    for locale in locales:
        terms = getattr(locale, "terms", None)
        if terms is None:
            continue
        found = [t for t in terms.xpath_search("./cs:term[starts-with(@name, 'ordinal')]")
                 if t.get("form") is None and (t.get("name") == "ordinal"
                                               or t.get("name", "")[8:].isdigit())]
        if found:
            return found
    return []


def _matches(term, number: int) -> bool:
    digits = int(term.get("name")[8:])
    default = "last-two-digits" if digits >= 10 else "last-digit"
    match = term.get("match", default)
    if match == "whole-number":
        return number == digits
    if match == "last-two-digits":
        return number % 100 == digits
    return number % 10 == digits


def _for_gender(terms, gender: str | None):
    for term in terms:
        if gender and term.get("gender-form") == gender:
            return term
    for term in terms:
        if term.get("gender-form") is None:
            return term
    return None


def suffix(element, number: int, gender: str | None = None) -> str:
    """The ordinal suffix of ``number`` in the locale of ``element``."""
    terms = _ordinal_terms(element)
    numbered = [t for t in terms if t.get("name") != "ordinal"]
    levels = ([t for t in numbered if int(t.get("name")[8:]) >= 10],
              [t for t in numbered if int(t.get("name")[8:]) < 10],
              [t for t in terms if t.get("name") == "ordinal"])
    for level in levels:
        candidates = [t for t in level if t.get("name") == "ordinal" or _matches(t, number)]
        chosen = _for_gender(candidates, gender)
        if chosen is not None:
            return "".join(chosen.itertext()).strip() if len(chosen) else (chosen.text or "")
    return ""


def gender_of(element, term_name: str) -> str | None:
    """The grammatical gender the locale gives a term ("edition": feminine), or None."""
    try:
        term = element.get_term(term_name)
    except Exception:  # noqa: BLE001 - no such term
        return None
    return term.get("gender") if term is not None else None
