"""Ordinal suffixes by CSL 1.0.2's rules (engine/ordinals.py), as citeproc-js gives them
(checked with the oracle): two-digit terms before
one-digit ones, the match attribute, and gender. The CSL suite checks them in context
(number_SeparateOrdinalNamespaces, number_LimitOrdinalsToDayOne)."""
import pytest

from probe_style import citations

ORDINALS = """<group delimiter=" "><number variable="edition" form="ordinal"/>
  <number variable="issue" form="ordinal"/></group>"""


def _ordinals(tmp_path, locale, numbers):
    items = [{"id": str(n), "type": "book", "title": "T", "edition": str(n), "issue": str(n)}
             for n in numbers]
    return citations(tmp_path, locale, ORDINALS, items)


@pytest.mark.parametrize("number, expected", [(1, "1st"), (2, "2nd"), (3, "3rd"),
                                              (4, "4th"), (11, "11th"), (12, "12th"),
                                              (13, "13th"), (21, "21st"), (101, "101st"),
                                              (111, "111th"), (112, "112th")])
def test_english_two_digit_terms_win_over_one_digit_ones(tmp_path, number, expected):
    assert _ordinals(tmp_path, "en-US", [number]) == [f"{expected} {expected}"]


def test_french_ordinals_follow_gender_and_whole_number_match(tmp_path):
    # édition is feminine, numéro masculine; ordinal-01 matches 1 only ("21ᵉ")
    assert _ordinals(tmp_path, "fr-FR", [1, 21]) == ["1ʳᵉ 1ᵉʳ", "21ᵉ 21ᵉ"]


LONG_ORDINALS = """<group delimiter="|">
  <number variable="edition" form="ordinal"/><number variable="issue" form="ordinal"/>
  <number variable="volume" form="ordinal"/><number variable="chapter-number" form="ordinal"/>
  <number variable="edition" form="long-ordinal"/>
  <number variable="issue" form="long-ordinal"/>
  <number variable="volume" form="long-ordinal"/></group>"""


# citeproc-js 2.4.63 (../shared/oracle) with the locale files citeproc-py ships: each noun
# takes the ordinal of its gender (it-IT: edizione feminine, numero and volume masculine);
# a noun with no gender takes the neuter term, and where a term has gendered forms only,
# the feminine (pt-PT, pt-BR, ca-AD); a long ordinal past ten is an ordinal; an apostrophe
# in a term is typographic (uk-UA)
@pytest.mark.parametrize("locale, number, expected", [
    ("it-IT", 1, "1ª|1º|1º|1º|prima|primo|primo"),
    ("it-IT", 11, "11ª|11º|11º|11º|11ª|11º|11º"),
    ("pt-PT", 1, "1.ª|1.ª|1.ª|1.ª|primeira|primeira|primeira"),
    ("pt-BR", 5, "5º|5º|5º|5º|quinta|quinta|quinta"),
    ("ca-AD", 1, "1a|1a|1r|1a|primera|primera|primer"),
    ("ca-AD", 5, "5a|5a|5è|5a|cinquena|cinquena|cinquè"),
    ("bg-BG", 1, "1во|1во|1во|1во|първo|първo|първo"),
    ("uk-UA", 5, "5е|5е|5е|5е|п’яте|п’яте|п’яте"),
    ("lt-LT", 1, "1-asis|1-asis|1-asis|1-asis|pirmasis|pirmasis|pirmasis"),
    ("hi-IN", 1, "1|1|1|1|पहला|पहला|पहला"),
])
def test_ordinals_and_long_ordinals_take_the_gender_of_their_noun(tmp_path, locale, number,
                                                                   expected):
    item = {"id": "a", "type": "book", "title": "T", **{
        variable: str(number) for variable in ("edition", "issue", "volume", "chapter-number")}}
    assert citations(tmp_path, locale, LONG_ORDINALS, [item]) == [expected]
