"""Every internal mark the engine puts in rendered text, in one place.

A mark stands in for something while an entry renders (a display part's edges, a quote typed
in an affix, a literal "<" ...) and is turned back, or into the output's form, afterwards.
Each is a Unicode noncharacter (U+FDD0-U+FDEF), which the standard keeps for a program's
internal use, so no user text is taken for one; each has its own code point, asserted below
(U+E000 was both the escaped "<" and the kept hyphen, so "327\\-30 &#38; 40" came out as
"327&#60;30" in HTML).
"""
from __future__ import annotations

# display.py: the opening and closing edges of each display part
DISPLAY_OPEN = {"block": "\ufdd0", "left-margin": "\ufdd2", "right-inline": "\ufdd4",
                "indent": "\ufdd6"}
DISPLAY_CLOSE = {kind: chr(ord(mark) + 1) for kind, mark in DISPLAY_OPEN.items()}
AFFIX_CLOSE_QUOTE = "\ufdd8"  # passes.py: a closing quote typed in a cite's affix
AFFIX_COMMA = "\ufddf"  # engine: a comma opening a cite's suffix, kept out of a quote
NAMELESS_AUTHOR = "\ufdd9"  # elements.layout.Layout: the one author key of a nameless citation
LITERAL_LT = "\ufdda"  # source.py: a "<" in a number variable, not a tag
ESCAPED_LT = "\ufddb"  # elements.numbers._NumberRanges: "&#60;" while a number is split
ESCAPED_GT = "\ufddc"  # elements.numbers._NumberRanges: "&#62;" while a number is split
KEPT_HYPHEN = "\ufddd"  # elements.numbers._NumberRanges: a hyphen that is not a range ("327\-30")
HELD_REFERENCE = "\ufdde"  # passes.collapse_punctuation: an HTML character reference's place
# document/: a placeholder for a citation or the bibliography while the Markdown renders
# (PLACEHOLDER_OPEN number PLACEHOLDER_CLOSE), and the bibliography's own
PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE, BIBLIOGRAPHY_HELD = "\ufde0", "\ufde1", "\ufde2"

# source.py: formatting tags hidden while quotes are curled, one private-use character each
TAG_STAND_INS = range(0xE100, 0xE900)

ALL = (*DISPLAY_OPEN.values(), *DISPLAY_CLOSE.values(), AFFIX_CLOSE_QUOTE, AFFIX_COMMA,
       NAMELESS_AUTHOR,
       LITERAL_LT, ESCAPED_LT, ESCAPED_GT, KEPT_HYPHEN, HELD_REFERENCE, PLACEHOLDER_OPEN,
       PLACEHOLDER_CLOSE, BIBLIOGRAPHY_HELD)
assert len(set(ALL)) == len(ALL), "two internal marks share a code point"
assert not any(ord(mark) in TAG_STAND_INS for mark in ALL)
assert all(0xFDD0 <= ord(mark) <= 0xFDEF for mark in ALL), "a mark that is not a noncharacter"
