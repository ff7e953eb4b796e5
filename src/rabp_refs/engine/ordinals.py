"""Ordinals as CSL 1.0.2 defines them ("Ordinal Suffixes", "Gender-specific Ordinals",
"Long Ordinals"), which citeproc-py applies only in part; where CSL leaves a choice open, as
citeproc-js (the reference processor) makes it.

- The terms ordinal-10 to ordinal-99 match the last two digits of a number, ordinal-00 to
  ordinal-09 its last digit, unless their ``match`` attribute says "last-two-digits" or
  "whole-number" (French "1ᵉʳ" but "21ᵉ"); a whole-number match wins over a two-digit one,
  which wins over a one-digit one ("11th" before "1st"), and "ordinal" is the fallback.
- A term with a ``gender-form`` applies to a noun of that gender (an edition is feminine in
  Spanish, an issue masculine: "1.ª edición", "1.º número"; a day takes its month's gender):
  the terms of the noun's gender are tried first, then the neuter ones (no gender-form).
- A noun with no gender (or none the terms have) takes the neuter term; where "ordinal" or a
  long-ordinal-NN has gendered forms only, the feminine stands for the neuter, else the
  masculine (citeproc-js: pt-PT's ".ª", "primeira"), as the locale files expect.
- Long ordinals: long-ordinal-01 to -10 by the same gender rules, the ordinal beyond them.
- The ordinal terms of the first locale that defines any (a style's own cs:locale before the
  locale file) replace the others as a set; a long-ordinal-NN is found in the first locale
  that defines it.
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


_MATCH_ORDER = ("whole-number", "last-two-digits", "last-digit")


def _match(term) -> str:
    """How the term matches a number: its ``match``, else by its digits."""
    return term.get("match") or ("last-two-digits" if int(term.get("name")[8:]) >= 10
                                 else "last-digit")


def _matches(term, number: int) -> bool:
    digits = int(term.get("name")[8:])
    match = _match(term)
    if match == "whole-number":
        return number == digits
    if match == "last-two-digits":
        return number % 100 == digits
    return number % 10 == digits


def _of_gender(terms, gender: str | None):
    """The term of the gender (None: the neuter, no gender-form)."""
    for term in terms:
        if term.get("gender-form") == gender:
            return term
    return None


def _for_noun(terms, gender: str | None):
    """The term a noun of ``gender`` takes: its gender's, else the neuter, else (no neuter
    form at all) the feminine, else the masculine."""
    for wanted in ((gender,) if gender else ()) + (None, "feminine", "masculine"):
        found = _of_gender(terms, wanted)
        if found is not None:
            return found
    return None


def _text(term) -> str:
    return "".join(term.itertext()).strip() if len(term) else (term.text or "")


def suffix(element, number: int, gender: str | None = None) -> str:
    """The ordinal suffix of ``number`` in the locale of ``element``, for a noun of
    ``gender`` (None: a noun with none)."""
    terms = _ordinal_terms(element)
    numbered = [t for t in terms if t.get("name") != "ordinal" and _matches(t, number)]
    for wanted in ((gender,) if gender else ()) + (None,):
        for match in _MATCH_ORDER:
            chosen = _of_gender([t for t in numbered if _match(t) == match], wanted)
            if chosen is not None:
                return _text(chosen)
    chosen = _for_noun([t for t in terms if t.get("name") == "ordinal"], gender)
    return _text(chosen) if chosen is not None else ""


def long_ordinal(element, number: int, gender: str | None = None):
    """The long ordinal of ``number`` ("second", "seconda") as its term prints it
    (Term.single: preformatted, an apostrophe typographic), None where the locales have none
    (from 11 on: the caller writes the ordinal)."""
    if not 1 <= number <= 10:
        return None
    name = f"long-ordinal-{number:02}"
    root = element.get_root()
    for locale in getattr(root, "locales", None) or [root]:
        terms = getattr(locale, "terms", None)
        if terms is None:
            continue
        found = [t for t in terms.xpath_search(f"./cs:term[@name='{name}']")
                 if t.get("form") in (None, "long")]
        if found:
            chosen = _for_noun(found[::-1], gender)  # (a term given twice: its last)
            return chosen.single if chosen is not None else None
    return None


def gender_of(element, term_name: str) -> str | None:
    """The grammatical gender the locale gives a term ("edition": feminine), or None."""
    try:
        term = element.get_term(term_name)
    except Exception:  # noqa: BLE001 - no such term
        return None
    return term.get("gender") if term is not None else None
