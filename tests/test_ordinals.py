"""Ordinal suffixes by CSL 1.0.2's rules (engine/ordinals.py), as citeproc-js gives them
(checked with the oracle): two-digit terms before
one-digit ones, the match attribute, and gender. The CSL suite checks them in context
(number_SeparateOrdinalNamespaces, number_LimitOrdinalsToDayOne)."""
import pytest

from rabp_refs.engine import Engine

STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"
       default-locale="{locale}">
  <info><id>t</id><title>t</title><updated>2026-11-26T00:00:00+00:00</updated></info>
  <citation><layout delimiter="; ">
    <group delimiter=" "><number variable="edition" form="ordinal"/>
      <number variable="issue" form="ordinal"/></group>
  </layout></citation>
</style>"""


def _ordinals(tmp_path, locale, numbers):
    path = tmp_path / f"{locale}.csl"
    path.write_text(STYLE.format(locale=locale), encoding="utf-8")
    items = [{"id": str(n), "type": "book", "title": "T", "edition": str(n), "issue": str(n)}
             for n in numbers]
    return Engine(str(path)).render(items, None).citations


@pytest.mark.parametrize("number, expected", [(1, "1st"), (2, "2nd"), (3, "3rd"),
                                              (4, "4th"), (11, "11th"), (12, "12th"),
                                              (13, "13th"), (21, "21st"), (101, "101st"),
                                              (111, "111th"), (112, "112th")])
def test_english_two_digit_terms_win_over_one_digit_ones(tmp_path, number, expected):
    assert _ordinals(tmp_path, "en-US", [number]) == [f"{expected} {expected}"]


def test_french_ordinals_follow_gender_and_whole_number_match(tmp_path):
    # édition is feminine, numéro masculine; ordinal-01 matches 1 only ("21ᵉ")
    assert _ordinals(tmp_path, "fr-FR", [1, 21]) == ["1ʳᵉ 1ᵉʳ", "21ᵉ 21ᵉ"]
