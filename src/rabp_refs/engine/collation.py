"""How a language orders its letters where that differs from the alphabet with accents set
aside: CLDR's standard collations, which citeproc-js sorts with (``Intl.Collator`` in the
style's locale, base letters compared). Swedish files Å, Ä and Ö after Z and Ü with Y;
Danish and Norwegian Æ, Ø, Å (and "aa") after Z; Czech "ch" after H; Polish Ł after L;
Turkish ı before i; Estonian Z after Š; Spanish Ñ after N; Chinese puts Han before Latin,
Korean Hangul and Han, Japanese Han before Greek and Cyrillic...

A language's :class:`Tailoring` marks its letters in a folded sort key before accents are
set aside, and writes each as its place in the alphabet after: "å" in Swedish becomes "z"
and a letter that sorts after every letter of the Latin alphabet. Languages written in
Cyrillic put the Latin script after theirs (GOST lists Иванов before Adams).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# letters after every Latin letter a folded word may have: "z" and one of them sorts after
# "zz..." and before the next base letter (Thai's, never met as the letters of a tailored
# alphabet)
_AFTER = 0x0E01


def _after(base: str, n: int = 1) -> str:
    """The place of the n-th letter (1 to 4) the language files right after ``base`` and
    its words: Czech "ž" after "z"."""
    return base + chr(_AFTER + n)


def _end(n: int) -> str:
    """The place of the n-th letter at the end of the Latin alphabet: thorn (0, in every
    language: CLDR's root collation, "Þór" after "Zych" and after Czech "Žák"), then the
    letters Nordic languages put last (Swedish å, ä, ö)."""
    return "z" + chr(_AFTER + 5 + n)


AFTER_Z = _end(0)

_NORDIC_END = {"å": _end(1), "ä": _end(2), "æ": _end(2), "ö": _end(3), "ø": _end(3), "ü": "y"}
_SWEDISH = {**_NORDIC_END, "þ": "th"}
_DANISH_END = {"æ": _end(1), "ä": _end(1), "ø": _end(2), "ö": _end(2), "å": _end(3),
               "aa": _end(3), "ü": "y", "þ": "th"}
_CROATIAN = {"č": _after("c", 1), "ć": _after("c", 2), "dž": _after("d", 1),
             "đ": _after("d", 2), "lj": _after("l"), "nj": _after("n"), "š": _after("s"),
             "ž": _after("z")}
_TURKISH = {"ç": _after("c"), "ğ": _after("g"), "ı": _after("h"), "ö": _after("o"),
            "ş": _after("s"), "ü": _after("u")}

# language -> its letters (lower case, letters or digraphs) -> their place
_LETTERS: dict[str, dict[str, str]] = {
    "sv": _SWEDISH,
    "fi": _NORDIC_END,
    "da": _DANISH_END,
    "nb": _DANISH_END,
    "nn": _DANISH_END,
    "no": _DANISH_END,
    "et": {"š": _after("s", 1), "z": _after("s", 2), "ž": _after("s", 3), "õ": _after("w", 1),
           "ä": _after("w", 2), "ö": _after("w", 3), "ü": _after("w", 4)},
    "cs": {"č": _after("c"), "ch": _after("h"), "ř": _after("r"), "š": _after("s"),
           "ž": _after("z")},
    "sk": {"ä": _after("a"), "č": _after("c"), "ch": _after("h"), "ô": _after("o"),
           "ř": _after("r"), "š": _after("s"), "ž": _after("z")},
    "pl": {"ą": _after("a"), "ć": _after("c"), "ę": _after("e"), "ł": _after("l"),
           "ń": _after("n"), "ó": _after("o"), "ś": _after("s"), "ź": _after("z", 1),
           "ż": _after("z", 2)},
    "hr": _CROATIAN,
    "bs": _CROATIAN,
    "sr": _CROATIAN,
    "sl": {"č": _after("c", 1), "ć": _after("c", 2), "đ": _after("d"), "š": _after("s"),
           "ž": _after("z")},
    "lt": {"č": _after("c"), "y": "i", "š": _after("s"), "ž": _after("z")},
    "lv": {"č": _after("c"), "ģ": _after("g"), "y": _after("i"), "ķ": _after("k"),
           "ļ": _after("l"), "ņ": _after("n"), "š": _after("s"), "ž": _after("z")},
    "ro": {"ă": _after("a", 1), "â": _after("a", 2), "î": _after("i"), "ș": _after("s"),
           "ş": _after("s"), "ț": _after("t"), "ţ": _after("t")},
    "hu": {"cs": _after("c"), "dz": _after("d", 1), "dzs": _after("d", 2), "gy": _after("g"),
           "ly": _after("l"), "ny": _after("n"), "ö": _after("o"), "ő": _after("o"),
           "sz": _after("s"), "ty": _after("t"), "ü": _after("u"), "ű": _after("u"),
           "zs": _after("z")},
    "tr": _TURKISH,
    "az": _TURKISH,
    "es": {"ñ": _after("n")},
    "is": {"á": _after("a"), "ð": _after("d"), "é": _after("e"), "í": _after("i"),
           "ó": _after("o"), "ú": _after("u"), "ý": _after("y"), "æ": _end(1), "ä": _end(1),
           "ö": _end(2), "ø": _end(2), "å": _end(3)},
}

# languages written in Cyrillic put Cyrillic letters before Latin ones
_CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "mn", "tg"})
_LATIN_AFTER = str.maketrans({chr(c): chr(0x0500 + c) for c in range(ord("a"), ord("z") + 1)})
# Chinese, Korean and Japanese reorder scripts (CLDR): Chinese puts Han first, Korean Hangul
# then Han, Japanese Latin then kana and Han, the other scripts after them. The letters of
# the scripts that go after are moved, in their order, to the plane of CJK extension B
# (digits stay first; a key is decomposed, so Hangul is conjoining jamo, U+1100-U+11FF)
_MOVED_AFTER_CJK = {"zh": re.compile("[\u0041-\u2e7f]+"),
                    "ko": re.compile("[\u0041-\u10ff\u1200-\u2e7f]+"),
                    "ja": re.compile("[\u0370-\u2e7f]+")}


def _moved_after_cjk(pattern: re.Pattern, key: str) -> str:
    return pattern.sub(lambda m: "".join(chr(0x20000 + ord(c)) for c in m.group()), key)


# Serbian is written in both scripts: sr-Latn is Croatian's alphabet, sr (sr-Cyrl) Cyrillic's
_LATIN_SCRIPT = re.compile(r"-latn\b", re.IGNORECASE)


class Tailoring:
    """One language's order of letters (and scripts) in a sort key."""

    def __init__(self, letters: dict[str, str] | None, scripts: dict | None, dotless_i: bool):
        letters = letters or {}
        # each letter is marked by a character of the Private Use Area while accents go
        # (it has none to lose), then written as its place
        self._marks = {letter: chr(0xE000 + i) for i, letter in enumerate(letters)}
        self._scripts = scripts  # "cyrillic", "zh", "ko", "ja" or None: order_scripts
        self._places = str.maketrans({mark: letters[letter]
                                      for letter, mark in self._marks.items()})
        # (found in the decomposed text, so that a letter the language moves takes its
        # accented forms with it: Estonian "ż" goes with "z", after "š")
        self._decomposed = {unicodedata.normalize("NFKD", letter): mark
                            for letter, mark in self._marks.items()}
        self._letters = re.compile("|".join(
            re.escape(letter) for letter in sorted(self._decomposed, key=len, reverse=True))) \
            if letters else None
        self._dotless_i = dotless_i

    def fold_case(self, text: str) -> str:
        """The text in lower case as the language writes it (Turkish I is ı)."""
        if self._dotless_i:
            text = text.replace("I", "ı").replace("İ", "i")
        return text.casefold()

    def mark(self, text: str) -> str:
        """The language's letters of a decomposed lower-case text (NFKD) marked, before
        accents are set aside."""
        if self._letters is None:
            return text
        return self._letters.sub(lambda m: self._decomposed[m.group()], text)

    def place(self, text: str) -> str:
        """The marked letters written as their places."""
        return text.translate(self._places) if self._letters is not None else text

    def order_scripts(self, key: str) -> str:
        """A finished key (letters, digits and spaces) with the scripts in the language's
        order: Latin after Cyrillic for Russian, after Han for Chinese."""
        if self._scripts == "cyrillic":
            return key.translate(_LATIN_AFTER)
        if self._scripts in _MOVED_AFTER_CJK:
            return _moved_after_cjk(_MOVED_AFTER_CJK[self._scripts], key)
        return key


def tailoring(language: str | None) -> Tailoring | None:
    """The tailoring of a language tag ("sv-SE", "sr-Latn-RS"), or None: the alphabet with
    accents set aside, Latin first."""
    if not language:
        return None
    code = language.lower().split("-")[0]
    if code in _MOVED_AFTER_CJK:
        scripts = code
    elif code in _CYRILLIC_LANGUAGES and not (code == "sr" and _LATIN_SCRIPT.search(language)):
        scripts = "cyrillic"
    else:
        scripts = None
    if _LETTERS.get(code) is None and scripts is None:
        return None
    return _tailoring(code, scripts)


@lru_cache(maxsize=None)
def _tailoring(code: str, scripts: str | None) -> Tailoring:
    """One Tailoring for each language (they are not changed once made)."""
    return Tailoring(_LETTERS.get(code), scripts, code in ("tr", "az"))
