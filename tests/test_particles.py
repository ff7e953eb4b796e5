"""Particles written inside CSL-JSON name parts (engine/particles.py). The CSL suite checks
the rendering (name_ParseNames, name_ParticleCaps3, bugreports_parseName, ...); these pin
what must be left alone."""
from rabp_refs.engine.particles import split_particles


def test_particles_leave_their_name_parts():
    assert split_particles({"family": "van der Vlist", "given": "Eric"}) == {
        "family": "Vlist", "given": "Eric", "non-dropping-particle": "van der"}
    assert split_particles({"family": "Humboldt", "given": "Alexander von"}) == {
        "family": "Humboldt", "given": "Alexander", "dropping-particle": "von"}
    assert split_particles({"family": "d'Aubignac", "given": "F"})["non-dropping-particle"] == "d'"
    assert split_particles({"family": "al-One", "given": "A"})["family"] == "One"


def test_names_that_are_not_to_be_parsed_stay_as_they_are():
    kept = [{"family": "Meer", "given": "Gerard", "non-dropping-particle": "der"},  # BibTeX
            {"family": "hooks", "given": "bell"},  # one word each: no particle to take
            {"family": "van Gogh", "given": "Vincent", "parse-names": False},
            {"literal": "van Gogh Museum"},
            {"family": "Las Casas", "given": "Bartolomé"},  # capitalised: part of the name
            {"family": "Jean-Baptiste", "given": "Marie"}]
    for name in kept:
        assert split_particles(name) is name
    assert split_particles({"family": '"van Happel"', "given": "Eduard"}) == {
        "family": "van Happel", "given": "Eduard"}
