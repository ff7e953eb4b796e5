"""The language of an entry: babel and polyglossia names as CSL locales, and the quotation
marks of its \\enquote."""
from __future__ import annotations

import re

ENGLISH = {"english", "american", "british", "canadian", "australian", "newzealand", "usenglish",
           "ukenglish", "en"}
LANGUAGES = {
    "english": "en-US", "american": "en-US", "usenglish": "en-US", "british": "en-GB",
    "ukenglish": "en-GB", "canadian": "en-CA", "australian": "en-AU", "newzealand": "en-NZ",
    "german": "de-DE", "ngerman": "de-DE", "austrian": "de-AT", "naustrian": "de-AT",
    "swissgerman": "de-CH", "french": "fr-FR", "spanish": "es-ES", "italian": "it-IT",
    "dutch": "nl-NL", "portuguese": "pt-PT", "brazilian": "pt-BR", "finnish": "fi-FI",
    "swedish": "sv-SE", "norwegian": "nb-NO", "danish": "da-DK", "polish": "pl-PL",
    "russian": "ru-RU", "japanese": "ja-JP", "chinese": "zh-CN", "korean": "ko-KR",
    "turkish": "tr-TR", "greek": "el-GR", "czech": "cs-CZ", "hungarian": "hu-HU",
    # more of babel's and polyglossia's names
    "latin": "la", "classiclatin": "la", "medievallatin": "la", "ecclesiasticlatin": "la",
    "ancientgreek": "grc", "polutonikogreek": "el-GR", "portuges": "pt-PT", "brazil": "pt-BR",
    "francais": "fr-FR", "frenchb": "fr-FR", "acadian": "fr-CA", "canadien": "fr-CA",
    "germanb": "de-DE", "nswissgerman": "de-CH", "catalan": "ca-ES", "croatian": "hr-HR",
    "estonian": "et-EE", "icelandic": "is-IS", "irish": "ga-IE", "latvian": "lv-LV",
    "lithuanian": "lt-LT", "romanian": "ro-RO", "serbian": "sr-RS", "slovak": "sk-SK",
    "slovene": "sl-SI", "slovenian": "sl-SI", "ukrainian": "uk-UA", "hebrew": "he-IL",
    "arabic": "ar", "bulgarian": "bg-BG", "basque": "eu", "galician": "gl-ES",
    "welsh": "cy-GB", "afrikaans": "af-ZA", "indonesian": "id-ID", "bahasa": "id-ID",
    "thai": "th-TH", "vietnamese": "vi-VN", "persian": "fa-IR", "farsi": "fa-IR",
    "marathi": "mr-IN", "hindi": "hi-IN", "norsk": "nb-NO", "nynorsk": "nn-NO",
    "swissfrench": "fr-CH", "mexican": "es-MX", "spanishmx": "es-MX", "esperanto": "eo",
    "uppersorbian": "hsb", "lowersorbian": "dsb", "romansh": "rm", "albanian": "sq-AL",
    "armenian": "hy-AM", "belarusian": "be-BY", "macedonian": "mk-MK", "mongolian": "mn-MN",
}
# langidopts' variant (polyglossia): language -> variant -> CSL locale
LANGUAGE_VARIANTS = {
    "english": {"british": "en-GB", "uk": "en-GB", "american": "en-US", "us": "en-US",
                "canadian": "en-CA", "australian": "en-AU", "newzealand": "en-NZ"},
    "german": {"german": "de-DE", "austrian": "de-AT", "swiss": "de-CH"},
    "portuguese": {"brazilian": "pt-BR", "portuguese": "pt-PT", "portugal": "pt-PT",
                   "brazil": "pt-BR"},
    "french": {"canadian": "fr-CA", "swiss": "fr-CH"},
    "spanish": {"mexican": "es-MX", "spanish": "es-ES"},
    "greek": {"ancient": "grc", "polytonic": "el-GR", "monotonic": "el-GR"},
    "latin": {"classic": "la", "medieval": "la", "ecclesiastic": "la"},
}
# The quotation marks of \enquote by language: (open, close, inner open, inner close)
QUOTES = {
    "de": ("„", "“", "‚", "‘"), "fr": ("«\u00a0", "\u00a0»", "‹\u00a0", "\u00a0›"),
    "it": ("«", "»", "“", "”"), "es": ("«", "»", "“", "”"), "pt": ("«", "»", "“", "”"),
    "ru": ("«", "»", "„", "“"), "pl": ("„", "”", "‚", "’"), "nl": ("‘", "’", "“", "”"),
    "sv": ("”", "”", "’", "’"), "fi": ("”", "”", "’", "’"), "cs": ("„", "“", "‚", "‘"),
}


def csl_language(langid: str, langidopts: str | None = None) -> str:
    """A babel/polyglossia language name (with langidopts' variant) as a CSL locale."""
    variant = re.search(r"variant\s*=\s*(\w+)", langidopts or "")
    if variant:
        by_variant = LANGUAGE_VARIANTS.get(langid, {})
        if variant.group(1).lower() in by_variant:
            return by_variant[variant.group(1).lower()]
    return LANGUAGES.get(langid, langid)
