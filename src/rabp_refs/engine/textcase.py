"""Title case as CSL 1.0.2 defines it (Appendix: Title Case Conversion).

- Lower-case words are capitalised; words in mixed case ("iPhone", "arXiv") or in capitals
  ("NHS") and words the data protects (``<span class="nocase">``) keep their case. (The
  specification would recase a string entirely in capitals; citeproc-js and the CSL test suite
  keep it, and so do we.)
- Each part of a hyphenated compound is a word ("Out-of-School", "Health-Related"); its first
  part is capitalised even when it is a stop word.
- Stop words stay lower case unless they are the first or the last word, or follow a colon or
  the end of a sentence.
- Only English items are title-cased; an item with no language takes the style's locale.

citeproc-py title-cases only when a language is passed (never for labels: "(eds.)"), has the
short CSL 1.0 stop-word list ("Among"), and does not split hyphenated words.
"""
from __future__ import annotations

import re
import unicodedata

from citeproc.string import MixedString, NoCase, String

from .mixed import MixedBuilder

STOP_WORDS = frozenset("""
a according across afore after against ahead along alongside amid amidst among amongst an and
anenst apropos apud around as aside astride at athwart atop barring before behind below beneath
beside besides between beyond but by circa despite down during except for forenenst from given
in inside into lest like modulo near next nor notwithstanding of off on onto or out over per
plus pro qua sans since so than the through thru throughout thruout till to toward towards
under underneath until unto up upon versus via vs. v. vis-à-vis with within without worth yet
""".split()) | {"about", "above", "al", "c", "ca", "d", "de", "et", "l", "v", "van", "von",
                 "vs"}  # as citeproc-js (its SKIP_WORDS): "Donoghue v Stevenson"

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
# a word right after one of these is part of a larger token and keeps its case
_GLUED = frozenset("#*_{~^=\\@$%+|`")
_BREAK = re.compile(r"[:.?!]\s*$|^\s*[:.?!]")


def _segments(text) -> list[tuple[str, bool]]:
    """(text, protected) pieces of a citeproc-py string."""
    if isinstance(text, MixedString):
        out = []
        for part in text:
            out.extend(_segments(part))
        return out
    return [(str(text), isinstance(text, NoCase))]


def _rebuild(segments: list[tuple[str, bool]]):
    out = MixedBuilder()
    for piece, protected in segments:
        if piece:
            out.add(NoCase(piece) if protected else String(piece))
    return out.build()


def title_case(text, language=None):
    segments = _segments(text)
    # every word with its place: (segment index, start, end)
    words = []
    for index, (piece, protected) in enumerate(segments):
        if protected:
            if _WORD.search(piece):
                words.append((index, None, None))
            continue
        for m in _WORD.finditer(piece):
            words.append((index, m.start(), m.end()))
    pieces = [list(piece) for piece, _ in segments]
    token_start = _TokenStarts()
    previous_end = None  # (segment, end) of the previous word, to see what lies between
    for n, (index, start, end) in enumerate(words):
        if start is None:
            previous_end = (index, len(segments[index][0]))
            continue
        word = segments[index][0][start:end]
        between = _between(segments, previous_end, (index, start))
        after_break = n == 0 or bool(_BREAK.search(between))
        last = n == len(words) - 1
        text = segments[index][0]
        # the first element of a hyphenated compound is capitalised: "Out-of-School"
        opens_compound = text[end:end + 1] == "-" and text[start - 1:start] != "-"
        if start and text[start - 1] in _GLUED:
            new = word  # "#hashtag", "E=mc", "{braces}": not a word of its own (citeproc-js)
        elif len(word) == 1 and start and text[start - 1] == "-" and \
                text[token_start(index, text, start)].isdigit():
            new = word  # "07-x": a number with a letter, not a compound ("5-Year" is one)
        else:
            new = _title_word(word, first_or_last=(n == 0 or last or opens_compound),
                              after_break=after_break, language=language)
        pieces[index][start:end] = list(new)
        previous_end = (index, end)
    return _rebuild([("".join(p), protected) for p, (_, protected) in zip(pieces, segments)])


class _TokenStarts:
    """Where the whitespace-delimited token holding a word starts, for words asked about in
    order: each segment is read once (walking back from each word of "1-1-1-..." to a space
    was quadratic)."""

    def __init__(self):
        self.segment, self.read, self.start = None, 0, 0

    def __call__(self, segment: int, text: str, word_start: int) -> int:
        if segment != self.segment:
            self.segment, self.read, self.start = segment, 0, 0
        for i in range(self.read, word_start):
            if text[i].isspace():
                self.start = i + 1
        self.read = max(self.read, word_start)
        return self.start


def _between(segments, previous_end, here) -> str:
    if previous_end is None:
        return "".join(piece for piece, _ in segments[:here[0]]) + segments[here[0]][0][:here[1]]
    (i, a), (j, b) = previous_end, here
    if i == j:
        return segments[i][0][a:b]
    text = segments[i][0][a:]
    for k in range(i + 1, j):
        text += segments[k][0]
    return text + segments[j][0][:b]


def _title_word(word: str, first_or_last: bool, after_break: bool, language=None) -> str:
    if not word.islower():
        return word  # mixed case, capitalised or capitals: kept
    if len(word) == 1 and "\u0370" <= word <= "\u03ff":
        return word  # a lone Greek letter ("β-carotene") keeps its case (citeproc-js)
    if word in STOP_WORDS and not first_or_last and not after_break:
        return word
    return upper(word[0], language) + word[1:]


def is_english(language: str | None) -> bool:
    return not language or language.lower().startswith("en")


def _primary(language) -> str:
    return language.lower().split("-")[0] if isinstance(language, str) else ""


def cased_by_language(language) -> bool:
    """Whether the language's upper or lower case is not Python's (``upper``, ``lower``)."""
    return _primary(language) in ("tr", "az", "el")


# the accents Greek capitals are written without (acute or tonos, grave, circumflex,
# breathings); the diaeresis stays ("Ϊ")
_GREEK_CAPITAL_DROPS = frozenset("\u0300\u0301\u0342\u0313\u0314")


def upper(text: str, language=None) -> str:
    """Capitals as the language writes them (citeproc-js upper-cases in the item's language,
    else the style's): Turkish and Azeri i is İ ("İçinde"); Greek capitals drop their accents
    ("Εκδοση", "ΑΘΗΝΑΙ"), Latin letters in a Greek text keep theirs ("É")."""
    primary = _primary(language)
    if primary in ("tr", "az"):
        return text.replace("i", "İ").upper()
    if primary == "el":
        decomposed = unicodedata.normalize("NFD", text.upper())
        out = []
        base_is_greek = False
        for ch in decomposed:
            if unicodedata.combining(ch):
                if base_is_greek and ch in _GREEK_CAPITAL_DROPS:
                    continue
            else:
                base_is_greek = "\u0370" <= ch <= "\u03ff" or "\u1f00" <= ch <= "\u1fff"
            out.append(ch)
        return unicodedata.normalize("NFC", "".join(out))
    return text.upper()


def lower(text: str, language=None) -> str:
    """Lower case as the language writes it (Turkish and Azeri I is ı)."""
    if _primary(language) in ("tr", "az"):
        return text.replace("I", "ı").replace("İ", "i").lower()
    return text.lower()


_NOT_YET_A_LETTER = re.compile(r"^(?:<[^>]*>|[^\w<])*")  # tags and punctuation before a word


def capitalized(text, every_word: bool, language=None):
    """``text-case="capitalize-first"`` (``every_word``: ``"capitalize-all"``) as citeproc-js
    does it: a word all in lower case gets a capital first letter; a word with a capital in it
    ("arXiv", "eBay", "NASA") and a protected span keep their case; the capital is the
    language's (``upper``: Turkish "İçinde", Greek "Εκδοση"). A plain ``str`` (a name part)
    comes back as one; citeproc-py's strings come back as its strings."""
    segments = _segments(text)
    done = False
    out = []
    for piece, protected in segments:
        if done or protected:
            # a protected span is the first word for capitalize-first, one of them for -all
            done = done or (not every_word and protected and bool(piece.strip()))
            out.append((piece, protected))
            continue
        parts = re.split(r"(\s+)", piece)
        for i, word in enumerate(parts):
            if done:
                break
            if not word or word.isspace():
                continue
            if word == word.lower():
                at = _NOT_YET_A_LETTER.match(word).end()
                parts[i] = word[:at] + upper(word[at:at + 1], language) + word[at + 1:]
            done = not every_word
        out.append(("".join(parts), protected))
    if type(text) is str:
        return "".join(piece for piece, _ in out)
    return _rebuild(out)
