"""Name particles written inside family and given names, as citeproc-js reads CSL-JSON.

A CSL-JSON name often carries its particles in the name parts themselves ("van Gogh",
"Alexander von", "d'Aubignac"). Unless the name has particle fields already, or says
``"parse-names": false``, citeproc-js takes them out:

- the lower-case words that open a family name are its non-dropping particle ("van der
  Vlist" -> "van der" + "Vlist"), as is a lower-case prefix glued by an apostrophe or a
  hyphen ("d'Aubignac" -> "d'" + "Aubignac", "al-One" -> "al-" + "One"); at least one word
  stays the family name;
- the lower-case words that end a given name are its dropping particle ("Alexander von" ->
  "Alexander" + "von");
- a family name in double quotes is kept as written, without the quotes ('"Van Dyke"').

Names made from BibTeX already have their particles apart (csl_data/names.py), so nothing happens
to them.
"""
from __future__ import annotations

import re

# a short lower-case prefix glued to the name by an apostrophe or a hyphen
_GLUED = re.compile(r"^([^\W\d_]{1,4}['’-])([^\W\d_].*)$", re.S)


def _lower_initial(word: str) -> bool:
    """A particle word starts with a lower-case letter, or an apostrophe and one ("'t")."""
    word = word.lstrip("'’")
    return bool(word) and word[0].islower()


def split_particles(name: dict) -> dict:
    """The name with its particles in their own fields (a new dict when anything moved)."""
    if not isinstance(name, dict) or "literal" in name or \
            str(name.get("parse-names", "true")).lower() == "false" or \
            "non-dropping-particle" in name or "dropping-particle" in name:
        return name
    family, given = name.get("family"), name.get("given")
    parsed = dict(name)
    if isinstance(family, str):
        if len(family) > 1 and family.startswith('"') and family.endswith('"'):
            parsed["family"] = family[1:-1]
            family = None  # as written
        else:
            particle, rest = _family_particle(family)
            if particle:
                parsed["non-dropping-particle"], parsed["family"] = particle, rest
    if isinstance(given, str):
        words = given.split()
        kept = len(words)
        while kept > 1 and _lower_initial(words[kept - 1]):
            kept -= 1
        if kept < len(words) and not _lower_initial(words[0]):
            parsed["given"] = " ".join(words[:kept])
            parsed["dropping-particle"] = " ".join(words[kept:])
    return parsed if parsed != name else name


def _family_particle(family: str) -> tuple[str, str]:
    words = family.split()
    taken = 0
    while taken < len(words) - 1 and _lower_initial(words[taken]):
        taken += 1
    if taken:
        particle = " ".join(words[:taken])
        if particle.endswith(("'", "’")):
            particle += " "  # written apart: stays apart ("de' Frinkle", not "de’Frinkle")
        return particle, " ".join(words[taken:])
    m = _GLUED.match(family)
    if m and m.group(1)[0].islower() and not m.group(2)[0].islower():
        return m.group(1), m.group(2)
    return "", family
