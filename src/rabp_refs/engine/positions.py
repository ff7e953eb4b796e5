"""Cite positions (CSL 1.0.2, "Position"): first, subsequent, ibid, ibid-with-locator and
near-note, computed once for the whole document before any cite is rendered.

citeproc-py decides a cite's position while rendering, from the cites rendered before it,
with no notion of notes, and compares locators by object identity (so a repeated locator was
always "ibid-with-locator"). Here the document is a list of citations, each in a note
(``note`` > 0) or in the running text (0), as word processors hand them to citeproc-js:

- first / subsequent: whether the item was cited anywhere before.
- ibid: the cite repeats the item of the cite just before it. Inside a citation that is the
  previous cite; for the first cite of a citation it is the previous citation of the same
  stream (notes, or in-text citations), which must consist of that one cite. When the
  previous citation is in an earlier note, the whole of that note counts: a note holding
  two citations is not a single cite, even if its last citation is.
- ibid-with-locator: ibid, and the cite has a locator the previous cite does not have.
  A cite without a locator after one with a locator is neither (only "subsequent").
- near-note: a subsequent cite whose item was last cited at most ``near-note-distance``
  notes before (0: in the same note). In-text citations are all "in note 0", so every
  subsequent in-text cite is near-note (as in citeproc-js).

The note of the first cite of each item is CSL's ``first-reference-note-number``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

FIRST = "first"
SUBSEQUENT = "subsequent"
IBID = "ibid"
IBID_WITH_LOCATOR = "ibid-with-locator"
NEAR_NOTE = "near-note"


@dataclass
class Positions:
    # the cite's index (its place among the document's cites) -> its positions
    by_cite: dict[int, frozenset[str]] = field(default_factory=dict)
    first_note: dict[str, int] = field(default_factory=dict)  # item key -> note number

    def of(self, cite) -> frozenset[str] | None:
        """The positions of a cite of the document; None for another (a probe's)."""
        return self.by_cite.get(cite.index)


def _locator(cite):
    if not getattr(cite, "has_locator", False):
        return None
    return (cite.locator.label, str(cite.locator.identifier))


# a position given by the caller (citeproc-js's numbers) and what it implies
GIVEN = {0: frozenset({FIRST}), 1: frozenset({SUBSEQUENT}),
         2: frozenset({SUBSEQUENT, IBID}), 3: frozenset({SUBSEQUENT, IBID, IBID_WITH_LOCATOR})}


def compute(citations, notes: list[int], near_note_distance: int = 5,
            given: dict[int, int] | None = None) -> Positions:
    """``citations``: citeproc-py Citation objects in document order, each with ``cites``
    (each knowing its ``index``); ``notes``: the note number of each (0 for a citation in
    the running text); ``given``: cite index -> a position the caller gave, which wins over
    the computed one."""
    positions = Positions()
    interned: dict[frozenset, frozenset] = {}
    note_cites: dict[int, int] = {}  # note number -> cites in it
    for citation, note in zip(citations, notes):
        if note > 0:
            note_cites[note] = note_cites.get(note, 0) + len(citation.cites)
    last_seen: dict[str, int] = {}  # key -> the note of its last cite
    previous_in_stream: dict[bool, int] = {}  # in a note? -> index of the last citation
    for index, (citation, note) in enumerate(zip(citations, notes)):
        stream = note > 0
        before = previous_in_stream.get(stream)
        previous_in_stream[stream] = index
        for position, cite in enumerate(citation.cites):
            found = set()
            key = cite.key
            if key in last_seen:
                found.add(SUBSEQUENT)
                if 0 <= note - last_seen[key] <= near_note_distance:
                    found.add(NEAR_NOTE)
                previous = _previous_cite(citations, notes, index, position, before, note,
                                          note_cites)
                if previous is not None and previous.key == key:
                    mine, theirs = _locator(cite), _locator(previous)
                    if mine is not None and mine != theirs:
                        found.update((IBID, IBID_WITH_LOCATOR))
                    elif mine == theirs:
                        found.add(IBID)
            else:
                found.add(FIRST)
                if note > 0:
                    positions.first_note[key] = note
            last_seen[key] = note
            found = frozenset(found)
            # one object per combination (there are a handful), not one per cite
            positions.by_cite[cite.index] = interned.setdefault(found, found)
            if given and cite.index in given:
                positions.by_cite[cite.index] = GIVEN[given[cite.index]]
    return positions


def _previous_cite(citations, notes, index, position, before, note, note_cites):
    """The cite an ibid would repeat, or None when there is no single one."""
    cites = citations[index].cites
    if position > 0:
        return cites[position - 1]
    if before is None:
        return None
    previous = citations[before]
    if len(previous.cites) != 1:
        return None
    if notes[before] != note and notes[before] > 0 and note_cites.get(notes[before], 0) != 1:
        return None  # the previous note holds more than this one cite
    return previous.cites[0]
