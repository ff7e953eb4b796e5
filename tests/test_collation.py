"""The bibliography's order in the language of the locale (engine/collation.py): CLDR's
standard collations, as citeproc-js sorts with them. Every expected order is citeproc-js
2.4.63's (../shared/oracle: ``node oracle.js --style STYLE --items ITEMS --locale LOCALE``,
with the style and items below), which compares base letters (ties keep the order given)."""
import pytest

from rabp_refs.engine import Engine

NAMES = ["Zorn", "Åberg", "Aaberg", "Ähn", "Öberg", "Østergaard", "Müller", "Mwangi", "Chen",
         "Hill", "Čapek", "Cook", "Řezáč", "Šimek", "Sýkora", "Žák", "Żak", "Zych", "Õun", "Wolf",
         "Łukasz", "Lukić", "Ljubić", "Işık", "İnce", "Ilgaz", "Çelik", "Cengiz", "Gyula", "Gál",
         "Szabó", "Sándor", "Zsolt", "Peña", "Penz", "Pena", "Yla", "Iva", "Jonas", "Þór", "Ðan",
         "Dan", "Ivanov", "Ежов"]

STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"
       default-locale="en-US">
  <info><id>t</id><title>t</title><updated>2026-12-07T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><sort><key macro="a"/></sort><layout><text macro="a"/></layout></bibliography>
  <macro name="a"><names variable="author">
    <name name-as-sort-order="all" form="short"/></names></macro>
</style>"""


def _sorted(tmp_path, locale: str, names: list[str]) -> str:
    """The family names as the style sorts them in ``locale``, one string."""
    path = tmp_path / "sort.csl"
    path.write_text(STYLE, encoding="utf-8")
    items = [{"id": f"n{i}", "type": "book", "author": [{"family": name, "given": "A"}]}
             for i, name in enumerate(names)]
    return " ".join(Engine(str(path), locale=locale).render(items).bibliography)


@pytest.mark.parametrize("locale, expected", [
    # accents set aside, ties in the order given (Peña, Pena), thorn after z, Cyrillic last
    ("en-US", "Aaberg Åberg Ähn Čapek Çelik Cengiz Chen Cook Ðan Dan Gál Gyula Hill Ilgaz İnce Işık Iva Ivanov Jonas Ljubić Łukasz Lukić Müller Mwangi Öberg Østergaard Õun Peña Pena Penz Řezáč Sándor Šimek Sýkora Szabó Wolf Yla Žák Żak Zorn Zsolt Zych Þór Ежов"),  # noqa: E501
    # å, ä, ö after z, ü with y, þ as th
    ("sv-SE", "Aaberg Čapek Çelik Cengiz Chen Cook Ðan Dan Gál Gyula Hill Ilgaz İnce Işık Iva Ivanov Jonas Ljubić Łukasz Lukić Mwangi Müller Õun Peña Pena Penz Řezáč Sándor Šimek Sýkora Szabó Þór Wolf Yla Žák Żak Zorn Zsolt Zych Åberg Ähn Öberg Østergaard Ежов"),  # noqa: E501
    # æ, ø, å (and aa) after z
    ("da-DK", "Čapek Çelik Cengiz Chen Cook Ðan Dan Gál Gyula Hill Ilgaz İnce Işık Iva Ivanov Jonas Ljubić Łukasz Lukić Mwangi Müller Õun Peña Pena Penz Řezáč Sándor Šimek Sýkora Szabó Þór Wolf Yla Žák Żak Zorn Zsolt Zych Ähn Öberg Østergaard Åberg Aaberg Ежов"),  # noqa: E501
    ("fi-FI", "Aaberg Čapek Çelik Cengiz Chen Cook Ðan Dan Gál Gyula Hill Ilgaz İnce Işık Iva Ivanov Jonas Ljubić Łukasz Lukić Mwangi Müller Õun Peña Pena Penz Řezáč Sándor Šimek Sýkora Szabó Wolf Yla Žák Żak Zorn Zsolt Zych Þór Åberg Ähn Öberg Østergaard Ежов"),  # noqa: E501
    # š, z, ž after s; õ, ä, ö, ü after w
    ("et-EE", "Aaberg Åberg Čapek Çelik Cengiz Chen Cook Ðan Dan Gál Gyula Hill Ilgaz İnce Işık Iva Ivanov Jonas Ljubić Łukasz Lukić Mwangi Müller Østergaard Peña Pena Penz Řezáč Sándor Szabó Sýkora Šimek Żak Zorn Zsolt Zych Žák Wolf Õun Ähn Öberg Yla Þór Ежов"),  # noqa: E501
    # č after c, ch after h, ř after r, š after s, ž after z
    ("cs-CZ", "Aaberg Åberg Ähn Çelik Cengiz Cook Čapek Ðan Dan Gál Gyula Hill Chen Ilgaz İnce Işık Iva Ivanov Jonas Ljubić Łukasz Lukić Müller Mwangi Öberg Østergaard Õun Peña Pena Penz Řezáč Sándor Sýkora Szabó Šimek Wolf Yla Żak Zorn Zsolt Zych Žák Þór Ежов"),  # noqa: E501
    ("pl-PL", "Aaberg Åberg Ähn Čapek Çelik Cengiz Chen Cook Ðan Dan Gál Gyula Hill Ilgaz İnce Işık Iva Ivanov Jonas Ljubić Lukić Łukasz Müller Mwangi Öberg Østergaard Õun Peña Pena Penz Řezáč Sándor Šimek Sýkora Szabó Wolf Yla Žák Zorn Zsolt Zych Żak Þór Ежов"),  # noqa: E501
    # lj after l
    ("hr-HR", "Aaberg Åberg Ähn Çelik Cengiz Chen Cook Čapek Ðan Dan Gál Gyula Hill Ilgaz İnce Işık Iva Ivanov Jonas Łukasz Lukić Ljubić Müller Mwangi Öberg Østergaard Õun Peña Pena Penz Řezáč Sándor Sýkora Szabó Šimek Wolf Yla Żak Zorn Zsolt Zych Žák Þór Ежов"),  # noqa: E501
    # y with i
    ("lt-LT", "Aaberg Åberg Ähn Çelik Cengiz Chen Cook Čapek Ðan Dan Gál Gyula Hill Yla Ilgaz İnce Işık Iva Ivanov Jonas Ljubić Łukasz Lukić Müller Mwangi Öberg Østergaard Õun Peña Pena Penz Řezáč Sándor Sýkora Szabó Šimek Wolf Żak Zych Zorn Zsolt Žák Þór Ежов"),  # noqa: E501
    # y after i
    ("lv-LV", "Aaberg Åberg Ähn Çelik Cengiz Chen Cook Čapek Ðan Dan Gál Gyula Hill Ilgaz İnce Işık Iva Ivanov Yla Jonas Ljubić Łukasz Lukić Müller Mwangi Öberg Østergaard Õun Peña Pena Penz Řezáč Sándor Sýkora Szabó Šimek Wolf Żak Zych Zorn Zsolt Žák Þór Ежов"),  # noqa: E501
    # ö after o, sz after s, zs after z
    ("hu-HU", "Aaberg Åberg Ähn Čapek Çelik Cengiz Chen Cook Ðan Dan Gál Gyula Hill Ilgaz İnce Işık Iva Ivanov Jonas Ljubić Łukasz Lukić Müller Mwangi Østergaard Õun Öberg Peña Pena Penz Řezáč Sándor Šimek Sýkora Szabó Wolf Yla Žák Żak Zorn Zych Zsolt Þór Ежов"),  # noqa: E501
    # ç after c, I is ı, before i
    ("tr-TR", "Aaberg Åberg Ähn Čapek Cengiz Chen Cook Çelik Ðan Dan Gál Gyula Hill Ilgaz Işık Iva Ivanov İnce Jonas Ljubić Łukasz Lukić Müller Mwangi Østergaard Õun Öberg Peña Pena Penz Řezáč Sándor Šimek Sýkora Szabó Wolf Yla Žák Żak Zorn Zsolt Zych Þór Ежов"),  # noqa: E501
    ("es-ES", "Aaberg Åberg Ähn Čapek Çelik Cengiz Chen Cook Ðan Dan Gál Gyula Hill Ilgaz İnce Işık Iva Ivanov Jonas Ljubić Łukasz Lukić Müller Mwangi Öberg Østergaard Õun Pena Penz Peña Řezáč Sándor Šimek Sýkora Szabó Wolf Yla Žák Żak Zorn Zsolt Zych Þór Ежов"),  # noqa: E501
    # Cyrillic before Latin
    ("ru-RU", "Ежов Aaberg Åberg Ähn Čapek Çelik Cengiz Chen Cook Ðan Dan Gál Gyula Hill Ilgaz İnce Işık Iva Ivanov Jonas Ljubić Łukasz Lukić Müller Mwangi Öberg Østergaard Õun Peña Pena Penz Řezáč Sándor Šimek Sýkora Szabó Wolf Yla Žák Żak Zorn Zsolt Zych Þór"),  # noqa: E501
])
def test_the_bibliography_is_in_the_order_of_the_locales_language(tmp_path, locale, expected):
    assert _sorted(tmp_path, locale, NAMES) == expected


# (citeproc-js's order of the same names with 山田 added, which it files by reading, pinyin
# in zh-CN: no table here, so one Han name only)
@pytest.mark.parametrize("locale, expected", [
    ("zh-CN", "3M 李 Adams Zorn Βλάχος Ежов 김"),  # Han first
    ("ko-KR", "3M 김 李 Adams Zorn Βλάχος Ежов"),  # Hangul, then Han
    ("ja-JP", "3M Adams Zorn 李 Βλάχος Ежов 김"),  # Latin, then Han
    ("en-US", "3M Adams Zorn Βλάχος Ежов 김 李"),
])
def test_chinese_korean_and_japanese_order_the_scripts_as_cldr(tmp_path, locale, expected):
    names = ["Adams", "李", "Zorn", "Ежов", "김", "Βλάχος", "3M"]
    assert _sorted(tmp_path, locale, names) == expected
