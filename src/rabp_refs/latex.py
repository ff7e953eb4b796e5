"""LaTeX in BibTeX field values -> Unicode rich text.

A value decodes to a list of :class:`Run`: text with its case protection (a brace group, in the
BibTeX sense) and its formatting (italic, bold, small caps, superscript, subscript). The mapping
to CSL-JSON decides what protection means for each field; :func:`to_csl_markup` writes runs in
the rich-text markup that CSL processors read (``<i>``, ``<b>``, ``<span class="nocase">`` ...).

Values with no LaTeX special character take a fast path: most fields of a real .bib file have
none, and decoding is most of the cost of reading one.

Brace groups are read here for every module that looks for them (:func:`brace_tokens`,
:func:`top_level`, :func:`group_end`), and so are the acronyms a title leaves unbraced
(:func:`unbraced_acronyms`, for the check and ``fmt``).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from .localisation import ENGLISH as BIBSTRINGS

# Combining marks of the LaTeX accent commands.
ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331", "t": "\u0361",
}

# An accent over nothing, printed alone as TeX does (\'{} is ´, not a mark on the letter before
# it); \~{} and \^{} are the ASCII ~ and ^ people mean by them (in URLs).
SPACING_ACCENTS = {
    "'": "´", "`": "`", "^": "^", '"': "¨", "~": "~", "=": "¯", ".": "˙", "u": "˘", "v": "ˇ",
    "H": "˝", "c": "¸", "k": "˛", "r": "˚", "d": ".", "b": "_", "t": "⁀",
}

# Commands that stand for one character or a short string.
SYMBOLS = {
    "ss": "ß", "SS": "SS", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
    "aa": "å", "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð",
    "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ",
    "&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", " ": " ",
    ",": "\u2009", ";": "\u2005", ":": "\u2005", "!": "", "-": "", "@": "", "/": "",
    "\\": " ", "textendash": "–", "textemdash": "—", "ldots": "…", "dots": "…",
    "textellipsis": "…", "textquoteright": "’", "textquoteleft": "‘",
    "textquotedblleft": "“", "textquotedblright": "”", "textquotedbl": '"', "S": "§",
    "P": "¶", "textsection": "§", "textparagraph": "¶", "copyright": "©",
    "textcopyright": "©", "textregistered": "®", "texttrademark": "™", "pounds": "£",
    "textsterling": "£", "euro": "€", "texteuro": "€", "textdollar": "$", "textyen": "¥",
    "textasciitilde": "~", "textasciicircum": "^", "textbackslash": "\\", "textbar": "|",
    "textless": "<", "textgreater": ">", "textunderscore": "_", "textbullet": "•",
    "textdegree": "°", "textperiodcentered": "·", "guillemotleft": "«",
    "guillemotright": "»", "guilsinglleft": "‹", "guilsinglright": "›", "quad": "\u2003",
    "qquad": "\u2003\u2003", "enspace": "\u2002", "thinspace": "\u2009", "space": " ",
    "nobreakspace": "\u00a0", "textnbsp": "\u00a0", "LaTeX": "LaTeX", "TeX": "TeX",
    "BibTeX": "BibTeX", "textit": "", "relax": "", "ignorespaces": "",
    # biblatex's own text commands, and spacing that leaves nothing to print
    "slash": "/", "hyphen": "-", "textquotesingle": "'", "textquotedblbase": "„",
    "quotesinglbase": "‚", "nopunct": "", "isdot": "", "adddot": ".", "addcomma": ",",
    "addspace": " ", "addnbspace": "\u00a0", "addthinspace": "\u2009", "hfill": "",
    "hfil": "", "break": "", "linebreak": "", "newline": " ", "allowbreak": "",
    "nobreak": "", "par": " ", "noindent": "", "unskip": "",
    "protect": "", "xspace": "", "null": "", "mathord": "", "mathrel": "", "mathbin": "",
    "Dash": "—", "emdash": "—", "endash": "–",
    # the logos of TeX bibliographies (tugboat.def, the TUG and Beebe files)
    "LaTeXe": "LaTeX2ε", "AmSTeX": "AMS-TeX", "AMSTeX": "AMS-TeX", "AmSLaTeX": "AMS-LaTeX",
    "AMS": "AMS", "MF": "METAFONT", "METAFONT": "METAFONT", "MP": "MetaPost",
    "ConTeXt": "ConTeXt", "LuaTeX": "LuaTeX", "LuaLaTeX": "LuaLaTeX", "XeTeX": "XeTeX",
    "XeLaTeX": "XeLaTeX", "pdfTeX": "pdfTeX", "pdfLaTeX": "pdfLaTeX", "TUB": "TUGboat",
    "TUG": "TUG", "CTAN": "CTAN", "PS": "PostScript", "POSTSCRIPT": "PostScript",
    "PDF": "PDF", "XML": "XML", "HTML": "HTML", "SGML": "SGML", "DVI": "DVI", "WEB": "WEB",
    "TikZ": "TikZ", "PiCTeX": "PiCTeX", "AllTeX": "(La)TeX", "LyX": "LyX", "NTS": "NTS",
    "VAX": "VAX", "TeXLive": "TeX Live", "BibLaTeX": "BibLaTeX", "MetaPost": "MetaPost",
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "pi": "π", "sigma": "σ", "tau": "τ", "omega": "ω",
    "Delta": "Δ", "Omega": "Ω", "times": "×", "pm": "±", "leq": "≤", "geq": "≥", "neq": "≠",
    "to": "→", "rightarrow": "→", "infty": "∞", "textpm": "±", "textmu": "µ",
}

# Math functions, printed upright as their names ($O(n \log n)$).
MATH_FUNCTIONS = frozenset("""log ln lg exp sin cos tan cot sec csc arcsin arccos arctan sinh
    cosh tanh coth min max sup inf lim liminf limsup det dim gcd hom ker deg arg Pr""".split())

# Spacing commands followed by a TeX dimension ("\kern-0.1em", "\hskip 1em plus 1fil"): the
# dimension is read with them (and the one space TeX takes after a unit); a horizontal skip
# prints a space, a kern (the glue of logos) or a vertical skip nothing. Every repeat is
# possessive: what follows each never begins with what it repeats, so the match is the one
# backtracking finds, read once (backtracking into the runs of spaces took time cubic in them:
# "\kern *" and 16,000 spaces, 6 s).
SKIPS = {"kern": "", "mkern": "", "lower": "", "raise": "", "vskip": "", "vspace": "",
         "hskip": " ", "mskip": " ", "hspace": " "}
_DIMENSION = re.compile(
    r"\s*+\*?+\s*+(?:\{[^{}]*+\}|[-+]?+\s*+(?:\d++(?:[.,]\d*+)?+|[.,]\d++)\s*+(?:em|ex|pt|pc|in|cm"
    r"|mm|bp|dd|cc|sp|mu|true\s*+pt)?+(?:\s*+(?:plus|minus)\s*+[-+]?+\s*+(?:\d++(?:[.,]\d*+)?+"
    r"|[.,]\d++)?+\s*+(?:fil{1,3}|em|ex|pt|mu))*+|\\[A-Za-z]++)")

# Commands whose arguments only sort (biblatex and BibTeX tricks, defined in @preamble as
# \newcommand{\noopsort}[1]{}): name -> number of arguments dropped.
SORT_ONLY = {"noopsort": 1, "sortnoop": 1, "SortNoop": 1, "noop": 1,
             "vphantom": 1}  # (and an invisible strut: nothing to print)
# space as wide as an argument that is not printed
PHANTOMS = frozenset({"phantom", "hphantom"})

# Quotation commands: the argument in quotes (the outer pair, or the inner one with "*").
QUOTE_COMMANDS = frozenset({"enquote", "mkbibquote", "textquote", "mkbibenquote"})
ENGLISH_QUOTES = ("“", "”", "‘", "’")

# Commands with one argument that set its formatting (None: plain text).
STYLED = {
    "emph": "i", "textit": "i", "textsl": "i", "mathit": "i", "textbf": "b", "mathbf": "b",
    "textsc": "sc", "textsuperscript": "sup", "textsubscript": "sub", "textrm": None,
    "textsf": None, "texttt": None, "textup": None, "textnormal": None, "textmd": None,
    "mbox": None, "text": None, "mathrm": None, "ensuremath": None, "hbox": None,
    # biblatex's formatting commands, and the markup of TUGboat's bibliographies
    "mkbibemph": "i", "mkbibitalic": "i", "mkbibbold": "b", "mkbibsuperscript": "sup",
    "mkbibacro": None, "acro": None, "pkg": None, "pgm": None,
    "file": None, "booktitle": "i",
    # a citation inside a field: its key is kept (pandoc drops it)
    "cite": None, "citet": None, "citep": None, "textcite": None, "parencite": None,
}

# Declarations that set the formatting of the rest of their group: {\em ...}.
DECLARATIONS = {
    "em": "i", "it": "i", "itshape": "i", "sl": "i", "slshape": "i", "bf": "b",
    "bfseries": "b", "sc": "sc", "scshape": "sc", "rm": None, "sf": None, "tt": None,
    "normalfont": None, "upshape": None, "mdseries": None, "rmfamily": None,
    "sffamily": None, "ttfamily": None, "small": None, "footnotesize": None, "large": None,
}

MAX_GROUP_DEPTH = 100  # brace groups nested deeper are read as one protected group
# Values with none of these read as their text with whitespace folded and "'" as "’" (most
# titles and names): no decoder needed.
_NEEDS_DECODER = re.compile(r"[\\{}~$`]|--|''")
# plain text: words the decoder copies as they are, and the single spaces between them
_PLAIN = re.compile(r"[^{}\\~\-`'$\s]+(?: [^{}\\~\-`'$\s]+)*")
# in math, "_" and "^" begin a subscript and a superscript
_MATH_PLAIN = re.compile(r"[^{}\\~\-`'$\s_^]+")
_SCRIPTS = {"_": "sub", "^": "sup"}
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Run:
    text: str
    protected: bool = False  # inside a brace group: BibTeX keeps its case
    fmt: frozenset = frozenset()  # subset of {"i", "b", "sc", "sup", "sub"}


@dataclass
class Decoded:
    runs: list[Run]
    # each LaTeX command not understood, and whether it had an argument (whose text is kept;
    # a command without one is left out, as pandoc leaves it)
    unknown_commands: list[tuple[str, bool]]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


# --- brace groups ------------------------------------------------------------------------------
# One reading of braces for every module that looks for groups in a value (the decoder, name
# and list splitting, concatenation, fmt, the checks). A backslash takes the character after it
# with it: "\{" and "\}" are literal braces, never a group's, as LaTeX prints them and as
# bibtexparser, which delimits every value read, reads them (BibTeX 0.99d and biber count
# them, and refuse a value whose escaped braces do not pair up; bibtexparser accepts it, and
# its text then reaches us). A closing brace with no group open closes nothing: the decoder
# drops it (and balanced_braces says so).
_BRACE_OR_ESCAPE = re.compile(r"\\.?|[{}]", re.DOTALL)


def brace_tokens(text: str, pos: int = 0) -> Iterator[tuple[re.Match, int]]:
    """Each brace and escape (a backslash and the character after it) of ``text`` from
    ``pos``, with the brace depth after it: an escape leaves it as it is; a closing brace with
    no group open gives -1, and the depth stays 0 after it."""
    depth = 0
    for token in _BRACE_OR_ESCAPE.finditer(text, pos):
        brace = token.group()
        if brace == "{":
            depth += 1
        elif brace == "}":
            if depth == 0:
                yield token, -1
                continue
            depth -= 1
        yield token, depth


def top_level(text: str, pos: int = 0, *, with_escapes: bool = False
              ) -> Iterator[tuple[int, int]]:
    """The stretches of ``text`` (from ``pos``) at brace depth 0, as (start, end): between
    braces and escapes, or with ``with_escapes`` between braces only (an escape at depth 0
    is then part of its stretch)."""
    depth, start = 0, pos
    for token, after in brace_tokens(text, pos):
        if with_escapes and token.group()[0] == "\\":
            continue  # an escape: part of the stretch
        if depth == 0:
            yield start, token.start()
        start, depth = token.end(), max(after, 0)
    if depth == 0:
        yield start, len(text)


def group_end(text: str, pos: int) -> int | None:
    """Where the group opened by the brace at ``pos`` ends (just after its closing brace);
    None when it never closes."""
    for token, depth in brace_tokens(text, pos):
        if depth == 0 and token.group() == "}":
            return token.end()
    return None


# A word of capitals and digits with two capitals or more, standing on its own (not glued to a
# letter, a digit, a command, math or a group): "RA", "NSAIDs", "COVID-19", "H1N1". Read to its
# end at once: "[A-Z][A-Z0-9]*[A-Z]..." tried every place for its second capital, on a long word
# that ends badly ("AAA...a") quadratic.
_ACRONYM = re.compile(r"(?<![\w{}\\$])[A-Z][0-9]*+[A-Z][A-Z0-9]*+(?:s|-\d++)?(?![\w{}\\$])")


def unbraced_acronyms(text: str) -> list[re.Match]:
    """The acronyms of ``text`` outside brace groups: the words a BibTeX style lower-cases in
    a title unless they are braced (what the check reports, RB405, and fmt braces)."""
    found = []
    stretches = top_level(text, with_escapes=True)
    start, end = next(stretches, (0, len(text)))
    for m in _ACRONYM.finditer(text):
        while m.start() >= end:
            start, end = next(stretches, (len(text), len(text)))
        if m.start() >= start:
            found.append(m)
    return found


def balanced_braces(text: str) -> bool:
    """Whether every brace of ``text`` closes one opened before it, and all are closed."""
    depth = 0
    for _, depth in brace_tokens(text):
        if depth < 0:
            return False
    return depth == 0


def decode(value: str, quotes: tuple[str, ...] = ENGLISH_QUOTES) -> Decoded:
    """Decode one field value (macros resolved, outer delimiters removed). ``quotes``: the
    language's (open, close, inner open, inner close), for \\enquote and its kin."""
    text, value = _plain_or_composed(value)
    if text is not None:
        return Decoded([Run(text)] if text else [], [])
    return _decode_commands(value, quotes)


def _plain_or_composed(value: str) -> tuple[str | None, str]:
    """(text, value): the text of a value that needs no decoder (no command but the special
    characters of names, no brace, tilde, math or TeX quote), whitespace folded and "'" as
    "’"; else None and the value for the decoder (its special characters composed when
    they were its only commands)."""
    if "\\" in value:
        composed = compose_special_characters(value)
        if "\\" in composed or "$" in composed:
            return None, value
        value = composed
    if _NEEDS_DECODER.search(value):
        return None, value
    return _SPACE.sub(" ", value).strip().replace("'", "’"), value


# The special characters of names: {\"a}, \"{a}, \'e, {\c{c}}, {\'\i}, {\o}. Each reads as
# its character, with the case protection around it, exactly as the decoder reads it: not
# after "\" (where the brace or backslash is a command's), nor "\'e" straight after "{"
# (which makes "{\'e ...}" a special-character group). A value with any other command (or
# math) goes to the decoder whole.
def _accented(n: int) -> str:
    letter = r"(?:[A-Za-z]|\\i)"
    return (rf"""\\(?P<p{n}>['"`^~=.])(?:(?P<a{n}>[A-Za-z])|\{{(?P<b{n}>{letter})\}})"""
            rf"|\\(?P<w{n}>[cuvHkrdbt])\{{(?P<c{n}>{letter})\}}")


_SIMPLE_SPECIAL = re.compile(
    rf"""(?<!\\)\{{(?:{_accented(1)}|\\(?P<pi>['"`^~=.])\\i"""
    r"|\\(?P<symbol>ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j))\}"
    rf"|(?<![\\{{])(?:{_accented(2)})")


def _special_character(m: re.Match) -> str:
    groups = {k: v for k, v in m.groupdict().items() if v is not None}
    if "symbol" in groups:
        return SYMBOLS[groups["symbol"]]
    if "pi" in groups:
        return unicodedata.normalize("NFC", "i" + ACCENTS[groups["pi"]])
    accent = next(v for k, v in groups.items() if k[0] in "pw")
    letter = next(v for k, v in groups.items() if k[0] in "abc")
    letter = "i" if letter == "\\i" else letter
    return unicodedata.normalize("NFC", letter + ACCENTS[accent])


def compose_special_characters(value: str) -> str:
    return _SIMPLE_SPECIAL.sub(_special_character, value)


def _decode_commands(value: str, quotes: tuple[str, ...] = ENGLISH_QUOTES) -> Decoded:
    decoder = _Decoder(value, quotes)
    try:
        decoder.sequence(protected=False, fmt=frozenset(), in_group=False)
    except RecursionError:  # commands nested past any real use: the text, kept as typed
        return Decoded([Run(_SPACE.sub(" ", value).strip(), protected=True)], [])
    return Decoded(_tidy(decoder.runs), decoder.unknown)


def decode_text(value: str) -> str:
    """Plain Unicode text of a value: braces and formatting dropped."""
    text, value = _plain_or_composed(value)
    return text if text is not None else _decode_commands(value).text


class _Decoder:
    def __init__(self, source: str, quotes: tuple[str, ...] = ENGLISH_QUOTES,
                 math: bool = False):
        self.s = source
        self.math = math  # inside $...$: "_" and "^" are sub- and superscripts
        self.i = 0
        self._runs: list[Run] = []
        # text of the run being read, joined when its protection or formatting changes
        self._pending: list[str] = []
        self._pending_as: tuple[bool, frozenset] | None = None
        self.unknown: list[str] = []
        self.quotes = quotes  # (open, close, inner open, inner close)
        self.quote_level = 0  # quotations open
        self.depth = 0  # brace groups open
        self.flat = 0  # groups past MAX_GROUP_DEPTH, read without nesting

    @property
    def runs(self) -> list[Run]:
        """The runs read so far, consecutive ones of the same protection and formatting
        joined."""
        self._end_run()
        return self._runs

    def _end_run(self) -> None:
        if self._pending:
            self._runs.append(Run("".join(self._pending), *self._pending_as))
            self._pending = []

    def emit(self, text: str, protected: bool, fmt: frozenset) -> None:
        if not text:
            return
        if self._pending_as != (protected, fmt):
            self._end_run()
            self._pending_as = (protected, fmt)
        self._pending.append(text)

    def sequence(self, protected: bool, fmt: frozenset, in_group: bool) -> None:
        s, n = self.s, len(self.s)
        while self.i < n:
            c = s[self.i]
            if c == "}":
                self.i += 1
                if self.flat:
                    self.flat -= 1
                    continue
                if in_group:
                    return
                continue  # an unbalanced closing brace: dropped (the check reports it)
            if c == "{":
                self.i += 1
                if self.depth >= MAX_GROUP_DEPTH:  # 10,000 nested braces: no recursion
                    self.flat += 1
                    protected = True
                    continue
                # "{\'e}" is a special character, not a case-protected group
                special = s.startswith("\\", self.i)
                self.depth += 1
                self.sequence(protected or not special, fmt, in_group=True)
                self.depth -= 1
                continue
            if c == "\\":
                fmt = self.command(protected, fmt)
                continue
            if c.isspace():
                while self.i < n and s[self.i].isspace():
                    self.i += 1
                self.emit(" ", protected, fmt)
                continue
            if c == "~":
                self.i += 1
                self.emit("\u00a0", protected, fmt)
                continue
            if c == "-":
                if s.startswith("---", self.i):
                    self.i += 3
                    self.emit("—", protected, fmt)
                elif s.startswith("--", self.i):
                    self.i += 2
                    self.emit("–", protected, fmt)
                else:
                    self.i += 1
                    self.emit("-", protected, fmt)
                continue
            if c == "`":
                double = s.startswith("``", self.i)
                self.i += 2 if double else 1
                self.emit("“" if double else "‘", protected, fmt)
                continue
            if c == "'":
                double = s.startswith("''", self.i)
                self.i += 2 if double else 1
                self.emit("”" if double else "’", protected, fmt)
                continue
            if c == "$":
                end = s.find("$", self.i + 1)
                if end == -1:
                    self.i += 1
                    self.emit("$", protected, fmt)
                    continue
                self._decode_apart(s[self.i + 1:end], protected, fmt, math=True)
                self.i = end + 1
                continue
            if self.math and c in _SCRIPTS:
                self.i += 1
                self._script(protected, fmt | {_SCRIPTS[c]})
                continue
            # plain characters up to the next special one
            j = (_MATH_PLAIN if self.math else _PLAIN).match(s, self.i).end()
            if j == self.i:  # (a "_" or "^" outside math)
                j += 1
            self.emit(s[self.i:j], protected, fmt)
            self.i = j

    def _script(self, protected: bool, fmt: frozenset) -> None:
        """What a "_" or "^" in math applies to, in ``fmt`` (sub or sup): a group
        ("H$_{2}$O", "$10^{-3}$"), a command ("$x^\\prime$") or one character ("CO$_2$")."""
        if self._argument(protected, fmt) or self.i >= len(self.s):
            return
        if self.s[self.i] == "\\":
            self.command(protected, fmt)  # (a declaration it makes ends with the script)
        else:
            self.emit(self.s[self.i], protected, fmt)
            self.i += 1

    def _decode_apart(self, text: str, protected: bool, fmt: frozenset,
                      math: bool = False) -> None:
        """Decode ``text`` (math, an argument moved) by a decoder of its own, and emit its
        runs here: what it holds cannot close a group of this one."""
        inner = _Decoder(text, self.quotes, math)
        inner.sequence(protected, fmt, in_group=False)
        for run in inner.runs:
            self.emit(run.text, run.protected, run.fmt)
        self.unknown.extend(inner.unknown)

    def read_name(self) -> str:
        s, start = self.s, self.i
        if start >= len(s):
            return ""
        if s[start].isalpha():
            j = start
            while j < len(s) and s[j].isalpha():
                j += 1
            self.i = j
            # a control word swallows the spaces after it
            while self.i < len(s) and s[self.i] in " \t\n\r":
                self.i += 1
            return s[start:j]
        self.i = start + 1
        return s[start]

    def read_group_raw(self) -> str | None:
        """The raw text of a {...} argument (or a single character), or None if absent."""
        s = self.s
        while self.i < len(s) and s[self.i] in " \t\n\r":
            self.i += 1
        if self.i >= len(s):
            return None
        if s[self.i] != "{":
            if s[self.i] == "\\":
                start = self.i
                self.i += 1
                self.read_name()
                return s[start:self.i].strip()
            if s[self.i] in "}":
                return None
            self.i += 1
            return s[self.i - 1]
        start, end = self.i, group_end(s, self.i)
        if end is None:
            self.i = len(s)
            return s[start + 1:]
        self.i = end
        return s[start + 1:end - 1]

    def command(self, protected: bool, fmt: frozenset) -> frozenset:
        """Handle one command at self.s[self.i] == "\\"; returns the formatting that follows."""
        self.i += 1
        name = self.read_name()
        if not name:
            self.emit("\\", protected, fmt)
            return fmt
        if name in ACCENTS:
            arg = self.read_group_raw()
            base = decode(arg).text if arg else ""
            if not base:
                self.emit(SPACING_ACCENTS[name], protected, fmt)
            else:
                base = {"ı": "i", "ȷ": "j"}.get(base[0], base[0]) + base[1:]
                self.emit(unicodedata.normalize("NFC", base[0] + ACCENTS[name] + base[1:]),
                          protected, fmt)
            return fmt
        if name in STYLED:
            style = STYLED[name]
            self._argument(protected, fmt | {style} if style else fmt)
            return fmt
        if name in DECLARATIONS:
            style = DECLARATIONS[name]
            return fmt | {style} if style else fmt
        if name in ("url", "path", "nolinkurl"):
            arg = self.read_group_raw()
            self.emit(arg or "", True, fmt)  # an address keeps its case (no sentence case)
            return fmt
        if name == "href":
            self.read_group_raw()
            self._argument(protected, fmt)
            return fmt
        if name in SYMBOLS:
            self.emit(SYMBOLS[name], protected, fmt)
            return fmt
        if name in QUOTE_COMMANDS:
            self._quoted(protected, fmt)
            return fmt
        if name in SORT_ONLY:
            for _ in range(SORT_ONLY[name]):
                self.read_group_raw()
            return fmt
        if name in PHANTOMS:
            self.read_group_raw()
            self.emit(" ", protected, fmt)
            return fmt
        if name == "switchargs":  # \newcommand{\switchargs}[2]{#2#1} (xampl.bib)
            first, second = self.read_group_raw() or "", self.read_group_raw() or ""
            for arg in (second, first):
                self._decode_apart(arg, protected, fmt)
            return fmt
        if name in SKIPS:
            m = _DIMENSION.match(self.s, self.i)
            if m:
                self.i = m.end()
                if not m.group().endswith("}") and self.s.startswith(" ", self.i):
                    self.i += 1
            self.emit(SKIPS[name], protected, fmt)
            return fmt
        if name in MATH_FUNCTIONS:
            # upright, with the space TeX puts before what follows ("\log n", "\log\log")
            following = self.s[self.i:self.i + 1]
            self.emit(name + (" " if following.isalnum() or following == "\\" else ""),
                      protected, fmt)
            return fmt
        if name == "bibstring":
            key = (self.read_group_raw() or "").strip()
            self.emit(BIBSTRINGS.get(key, key), protected, fmt)
            return fmt
        # An unknown command: keep the text of its argument, report the command.
        self.unknown.append(("\\" + name, self._argument(protected, fmt)))
        return fmt

    def _quoted(self, protected: bool, fmt: frozenset) -> None:
        """\\enquote{...} and its kin: the argument in the outer quotes, or the inner ones
        when starred or inside another quotation (as csquotes nests them)."""
        starred = self.s.startswith("*", self.i)
        if starred:
            self.i += 1
        inner = starred or self.quote_level % 2 == 1
        opening, closing = self.quotes[2:] if inner else self.quotes[:2]
        self.emit(opening, protected, fmt)
        self.quote_level += 1
        self._argument(True, fmt)  # a quoted title keeps its own case (as pandoc)
        self.quote_level -= 1
        self.emit(closing, protected, fmt)

    def _argument(self, protected: bool, fmt: frozenset) -> bool:
        """The braced argument that follows, decoded in place; whether there was one."""
        s = self.s
        while self.i < len(s) and s[self.i] in " \t\n\r":
            self.i += 1
        if self.i < len(s) and s[self.i] == "{":
            self.i += 1
            self.sequence(protected, fmt, in_group=True)
            return True
        return False


def _tidy(runs: list[Run]) -> list[Run]:
    """Fold spaces and strip the ends."""
    out: list[Run] = []
    for run in runs:
        text = _SPACE.sub(" ", run.text) if "  " in run.text or "\n" in run.text else run.text
        if out and out[-1].text.endswith(" ") and text.startswith(" "):
            text = text[1:]
        if text:
            out.append(Run(text, run.protected, run.fmt))
    while out and out[0].text.startswith(" "):
        first = out[0].text.lstrip()
        out = ([Run(first, out[0].protected, out[0].fmt)] if first else []) + out[1:]
    while out and out[-1].text.endswith(" "):
        last = out[-1].text.rstrip()
        out = out[:-1] + ([Run(last, out[-1].protected, out[-1].fmt)] if last else [])
    return out


# --- case ------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_WORD_SPLIT = re.compile(r"([^\W\d_]+)", re.UNICODE)

# States of the sentence-case pass.
_START, _MID, _AFTER_STOP = "start", "mid", "after-stop"
_STOP = "stop"  # after a stop not yet followed by white space: a word here is mid-sentence


def _is_capitalized(word: str) -> bool:
    return word[0].isupper() and (len(word) == 1 or word[1:].islower())


def _advance(state: str, between: str) -> str:
    """The state after the text between two words. A stop ends a sentence when white space
    follows it (not in "a.k.a." or "pdfx.sty"), and not when a comma or semicolon does
    ("Washington, DC., March": an abbreviation's stop)."""
    for ch in between:
        if ch in ".:?!" and state != _START:
            state = _STOP
        elif ch.isspace() and state == _STOP:
            state = _AFTER_STOP
        elif ch.isdigit() or (ch in ",;" and state in (_STOP, _AFTER_STOP)):
            state = _MID
    return state


# Abbreviations whose stop does not end a sentence: "Surgery vs. conservative care",
# "e.g. the spine" keep the next word as it is.
ABBREVIATIONS = frozenset("""vs v e g i cf al etc approx ca no nos vol vols pp st dr mr mrs ms
    prof fig figs eq resp incl viz""".split())


def _new_sentence(previous: str, between: str) -> bool:
    """Whether a word after ``previous`` and the text ``between`` them opens a sentence."""
    return not (between.strip() == "." and previous.lower() in ABBREVIATIONS)


def sentence_case(runs: list[Run]) -> list[Run]:
    """English title case -> sentence case, as pandoc's BibTeX reader does it.

    Words that are capitalised (``Back``) are lower-cased, except the first word and the first
    word after a colon or sentence-ending punctuation, which are capitalised (not after an
    abbreviation's stop: "vs.", "e.g."); mixed-case (``iPhone``) and all-caps (``MRI``) words
    are kept, and so is everything in a protected brace group. One deliberate difference from
    pandoc: a single capital letter (``Vitamin A``, ``I``) is kept.
    """
    out: list[Run] = []
    state = _START
    previous, gap = "", ""  # the last word, and the text after it so far
    for run in runs:
        # [text before the first word, word, text between, word, ..., text after the last]
        parts = _WORD_SPLIT.split(run.text)
        if len(parts) == 1:  # no word: only the state moves on
            out.append(run)
            state = _advance(state, parts[0])
            gap += parts[0]
            continue
        if not run.protected:
            between = parts[0]
            if between:
                state = _advance(state, between)
            word = parts[1]
            if state in (_MID, _STOP):
                if len(word) > 1 and word[0].isupper() and word[1:].islower():
                    parts[1] = word.lower()
            elif state == _START:
                if word.islower() or _is_capitalized(word):
                    parts[1] = word[0].upper() + word[1:]
            elif word.islower() and _new_sentence(previous, gap + between):
                parts[1] = word[0].upper() + word[1:]  # after a stop (as pandoc)
            # every later word of the run follows a word: it is lower-cased unless the text
            # before it ends a sentence (a stop not followed by a digit), where a lower-case
            # word is capitalised
            for i in range(3, len(parts), 2):
                between = parts[i - 1]
                word = parts[i]
                if (between != " " and any(stop in between for stop in ".:?!")
                        and _advance(_MID, between) == _AFTER_STOP):
                    if word.islower() and _new_sentence(parts[i - 2], between):
                        parts[i] = word[0].upper() + word[1:]
                    continue
                if len(word) > 1 and word[0].isupper() and word[1:].islower():
                    parts[i] = word.lower()
            out.append(Run("".join(parts), False, run.fmt))
        else:
            out.append(run)
        state = _advance(_MID, parts[-1])
        previous, gap = parts[-2], parts[-1]
    return out


def _needs_nocase(text: str) -> bool:
    """Pandoc keeps a brace group case-protected only if a word in it starts in lower case."""
    return any(w[0].islower() for w in _WORD.findall(text))


_TAGS = {
    "i": ("<i>", "</i>"), "b": ("<b>", "</b>"),
    "sc": ('<span style="font-variant:small-caps;">', "</span>"),
    "sup": ("<sup>", "</sup>"), "sub": ("<sub>", "</sub>"),
}


def to_csl_markup(runs: list[Run], *, nocase: bool) -> str:
    """Runs as a CSL-JSON rich-text string.

    ``nocase``: write protected groups as ``<span class="nocase">`` (titles of English entries);
    otherwise braces only ever protected case and leave no trace.
    """
    parts: list[str] = []
    for run in runs:
        text = run.text
        if nocase and run.protected and _needs_nocase(text):
            text = f'<span class="nocase">{text}</span>'
        for style in sorted(run.fmt):
            opening, closing = _TAGS[style]
            text = opening + text + closing
        parts.append(text)
    return "".join(parts)
