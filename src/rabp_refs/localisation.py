"""biblatex's localisation keys: field values that biblatex prints as a string of the
language ("newseries" -> "new series", "countryuk" -> "United Kingdom", "patreqfr" -> "French
patent request").

The strings are english.lbx's long forms (biblatex 3.x, texlive-bibtex-extra: \
``tex/latex/biblatex/lbx/english.lbx``), for the keys a .bib file gives as a field's value
(series, pubstate, types, languages, countries, patents); pandoc's reader prints the same.
"""
from __future__ import annotations

ENGLISH = {
    "andothers": "et al.", "andmore": "et al.", "jourser": "series", "newseries": "new series",
    "oldseries": "old series", "reprint": "reprint", "nodate": "no date",
    "bathesis": "Bachelor’s thesis", "mathesis": "Master’s thesis", "phdthesis": "PhD thesis",
    "candthesis": "Candidate thesis", "resreport": "research report",
    "techreport": "technical report", "software": "computer software", "datacd": "CD-ROM",
    "audiocd": "audio CD", "inpreparation": "in preparation", "submitted": "submitted",
    "forthcoming": "forthcoming", "inpress": "in press", "prepublished": "pre-published",
    "langamerican": "American", "langbasque": "Basque", "langbrazilian": "Brazilian",
    "langbulgarian": "Bulgarian", "langcatalan": "Catalan", "langcroatian": "Croatian",
    "langczech": "Czech", "langdanish": "Danish", "langdutch": "Dutch", "langenglish": "English",
    "langestonian": "Estonian", "langfinnish": "Finnish", "langfrench": "French",
    "langgalician": "Galician", "langgerman": "German", "langgreek": "Greek",
    "langhungarian": "Hungarian", "langitalian": "Italian", "langjapanese": "Japanese",
    "langlatin": "Latin", "langlatvian": "Latvian", "langlithuanian": "Lithuanian",
    "langmarathi": "Marathi", "langnorwegian": "Norwegian", "langpolish": "Polish",
    "langportuguese": "Portuguese", "langromanian": "Romanian", "langrussian": "Russian",
    "langserbian": "Serbian", "langslovak": "Slovak", "langslovene": "Slovene",
    "langspanish": "Spanish", "langswedish": "Swedish", "langturkish": "Turkish",
    "langukrainian": "Ukrainian", "fromamerican": "from the American",
    "frombasque": "from the Basque", "frombrazilian": "from the Brazilian",
    "frombulgarian": "from the Bulgarian", "fromcatalan": "from the Catalan",
    "fromcroatian": "from the Croatian", "fromczech": "from the Czech",
    "fromdanish": "from the Danish", "fromdutch": "from the Dutch",
    "fromenglish": "from the English", "fromestonian": "from the Estonian",
    "fromfinnish": "from the Finnish", "fromfrench": "from the French",
    "fromgalician": "from the Galician", "fromgerman": "from the German",
    "fromgreek": "from the Greek", "fromhungarian": "from the Hungarian",
    "fromitalian": "from the Italian", "fromjapanese": "from the Japanese",
    "fromlatin": "from the Latin", "fromlatvian": "from the Latvian",
    "fromlithuanian": "from the Lithuanian", "frommarathi": "from the Marathi",
    "fromnorwegian": "from the Norwegian", "frompolish": "from the Polish",
    "fromportuguese": "from the Portuguese", "fromromanian": "from the Romanian",
    "fromrussian": "from the Russian", "fromserbian": "from the Serbian",
    "fromslovak": "from the Slovak", "fromslovene": "from the Slovene",
    "fromspanish": "from the Spanish", "fromswedish": "from the Swedish",
    "fromturkish": "from the Turkish", "fromukrainian": "from the Ukrainian",
    "countryde": "Germany", "countryeu": "European Union", "countryep": "European Union",
    "countryfr": "France", "countryuk": "United Kingdom", "countryus": "United States of America",
    "patent": "patent", "patentde": "German patent", "patenteu": "European patent",
    "patentfr": "French patent", "patentuk": "British patent", "patentus": "U.S. patent",
    "patreq": "patent request", "patreqde": "German patent request",
    "patreqeu": "European patent request", "patreqfr": "French patent request",
    "patrequk": "British patent request", "patrequs": "U.S. patent request",
    "commonera": "Common Era", "beforecommonera": "Before Common Era", "annodomini": "Anno Domini",
    "beforechrist": "Before Christ", "circa": "circa", "spring": "Spring", "summer": "Summer",
    "autumn": "Autumn", "winter": "Winter",
}


def localised(value: str) -> str:
    """A field's value: its string when the whole value is a localisation key."""
    return ENGLISH.get(value.strip(), value)
