"""Every rule the toolkit reports, with its stable code, default severity and hint.

The reader, the mapping, the engine and ``rabp-refs check`` all report through these objects,
so a code is defined once; ``rabp-refs check --list-rules`` and the README's rules table are
generated from :data:`RULES`.

Codes: RB0xx reading (syntax, encoding, macros), RB1xx keys and duplicate records, RB2xx entry
types and field values, RB3xx names, RB4xx text, RB5xx references between records, RB6xx what
a CSL style needs, RB9xx rendering.

A rule can be silenced for one entry with the field ``rabp-ignore = {CODE, CODE}`` (the rest of
the field's text is free, for the reason): a deliberate exception, documented in the file.
"""
from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import Diagnostic, Severity

OPT_OUT_FIELD = "rabp-ignore"


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str  # one line: what the rule finds
    example: str  # one line of input that triggers it
    hint: str | None = None  # the default fix

    def __call__(self, message: str, *, file=None, line=None, key=None, field=None, hint=None,
                 severity: Severity | None = None, column=None) -> Diagnostic:
        """A diagnostic of this rule."""
        return Diagnostic(self.code, severity or self.severity, message, file=file, line=line,
                          key=key, field=field, hint=hint if hint is not None else self.hint,
                          column=column)


RULES: dict[str, Rule] = {}


def _rule(code, name, severity, summary, example, hint=None) -> Rule:
    assert code not in RULES, code
    RULES[code] = rule = Rule(code, name, severity, summary, example, hint)
    return rule


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

# --- RB0xx reading ---------------------------------------------------------------------------
SYNTAX_ERROR = _rule(
    "RB001", "syntax-error", E, "An entry that cannot be parsed (unbalanced braces, a missing "
    "comma, an unterminated entry); reading goes on after it.",
    "@article{a, title = {Unclosed, year = 2001}",
    "check braces, quotes and the commas between fields")
NOT_UTF8 = _rule(
    "RB002", "not-utf8", E, "Bytes that are not UTF-8 (reported with their line).",
    "title = {H\\xe4kkinen} saved as Latin-1",
    "save the file as UTF-8; it was read as Latin-1 for now")
LOST_ENTRY = _rule(
    "RB003", "lost-entry", W, "Text outside any entry that looks like part of one (a field, or "
    "an entry missing its '@').",
    "article{neva2011, title = {...}}", "start the entry with '@', or remove the stray text")
UNDEFINED_MACRO = _rule(
    "RB004", "undefined-macro", W, "An @string macro used but never defined.",
    "journal = spj  (no @string{spj = ...})",
    "define it with @string, or put the value in braces")
BAD_CSL_JSON = _rule(
    "RB005", "bad-csl-json", E, "A CSL-JSON item without an id or a type.",
    '[{"title": "No id"}]', 'every CSL-JSON item needs an "id" and a "type"')
UNUSED_MACRO = _rule(
    "RB006", "unused-macro", I, "An @string macro defined but never used.",
    "@string{old = {Old Journal}} and no field uses old", "remove it, or use it")

BAD_RIS = _rule(
    "RB007", "bad-ris", W, "A RIS line or record that cannot be read as it is (text outside a "
    "record, a record without its ER end, an unknown type or tag); a file with no record at "
    "all is an error.", "AU  - Nall, Rachel   (before any 'TY  - ')",
    "start each record with 'TY  - TYPE' and end it with 'ER  - '")
NO_ENTRIES = _rule(
    "RB010", "no-entries", E, "An input that holds no entries: an empty file, or a file in a "
    "format rabp-refs does not read (Markdown, plain text) given by mistake.",
    "an empty refs.bib", "give a BibTeX or biblatex (.bib), CSL-JSON (.json), CSL-YAML "
    "(.yaml) or RIS (.ris) file")
BAD_MEDLINE = _rule(
    "RB008", "bad-medline", W, "A MEDLINE (PubMed .nbib) line or record that cannot be read as "
    "it is (a line that is not 'TAG - value', a tag before the record's PMID, a date not "
    "understood, a tag not read); a file with no record at all is an error.",
    "TI  - A title   (before any 'PMID- ')",
    "each line is 'TAG - value' (a continuation starts with six spaces), each record starts "
    "with 'PMID- '")
MACRO_TOO_LARGE = _rule(
    "RB009", "macro-expansion-limit", E, "@string macros that would expand past eight times "
    "the file's size (plus 1 MB): the macro is left unexpanded, as its name.",
    "26 macros, each 'b = a # a' of the one before (64 MB from 700 bytes)",
    "write the value out, or define it once instead of doubling it")

# --- RB1xx keys and duplicate records ----------------------------------------------------------
DUPLICATE_KEY = _rule(
    "RB101", "duplicate-key", E, "Two entries with the same key; the second is ignored.",
    "@misc{a, ...} ... @misc{a, ...}", "give each entry its own key")
CASE_COLLISION = _rule(
    "RB102", "key-case-collision", E, "Keys that differ only in case: CSL processors "
    "(citeproc-py) fold case, so they collide.", "@misc{Neva2011, ...} and @misc{neva2011, ...}",
    "give the two records keys that differ in more than case")
DUPLICATE_FIELD = _rule(
    "RB103", "duplicate-field", E, "A field given twice in one entry; the last value is used.",
    "@misc{a, title = {x}, title = {y}}", "keep one value per field")
BAD_KEY = _rule(
    "RB104", "bad-key-characters", W, "A key with characters BibTeX or LaTeX cannot take in "
    "\\cite (spaces, commas, braces, quotes, #, %, ~, \\) or non-ASCII letters.",
    "@misc{Häkkinen 2011, ...}", "use letters, digits and - _ : . / only")
SAME_DOI = _rule(
    "RB110", "duplicate-doi", W, "Two records with the same DOI under different keys.",
    "doi = {10.1093/rheumatology/ker173} in two entries",
    "merge them, or keep one and cite it by its key")
SAME_WORK = _rule(
    "RB111", "duplicate-record", W, "Two records with the same normalised title, year and first "
    "author, and nothing (URL, DOI, note, pages, container ...) that tells them apart.",
    "two entries 'Arthritis and diseases that affect the back', no author, no date",
    "merge them; if they are different works, add a field that tells them apart (url, note) "
    "or 'rabp-ignore = {RB111}'")
NEAR_TITLE = _rule(
    "RB112", "near-duplicate-title", I, "Two records of the same first author and year whose "
    "titles differ by a few characters (the message says what differs).",
    "'Rheumatoid arthritis and back pain' / 'Rheumatoid arthritis and back-pain'",
    "if they are one work, merge them; else 'rabp-ignore = {RB112}'")

# --- RB2xx entry types and field values ----------------------------------------------------------
UNKNOWN_TYPE = _rule(
    "RB201", "unknown-entry-type", W, "An entry type that is neither BibTeX's nor biblatex's; "
    "it is rendered as a CSL 'document'.", "@gadget{a, ...}",
    "use a standard BibTeX or biblatex entry type")
UNKNOWN_FIELD = _rule(
    "RB202", "unknown-field", I, "A field with no CSL variable: kept in the file, not rendered.",
    "shoesize = {42}", None)
UNDECODED_LATEX = _rule(
    "RB203", "undecoded-latex", W, "A LaTeX command that does not decode to Unicode; the text "
    "of its argument is kept, a command without one is left out.", "title = {The \\foo{Bar} effect}", "replace it with the Unicode character")
BAD_DATE = _rule(
    "RB204", "bad-date", W, "A date, year, month or day that is not valid (not ISO 8601, "
    "February 30th, month 13, a year that is not four digits).",
    "date = {2018-02-30}; urldate = {6 Sep 2019}; month = {Agust}",
    "write dates as ISO 8601 (2018-08-31, 2018-08, 2018/2019)")
MISSING_FIELD = _rule(
    "RB210", "missing-required-field", W, "A field the BibTeX/biblatex data model requires for "
    "the entry type is missing.", "@article{a, title = {T}, year = 2000}  (no author, journal)",
    None)
PAGE_RANGE = _rule(
    "RB220", "page-range", W, "A page range that is abbreviated (367-74), reversed (374-367) "
    "or written with a single hyphen or spaces.", "pages = {367-74}",
    "write the full range with two hyphens: 367--374")
VOLUME_NUMBER = _rule(
    "RB221", "volume-number", W, "A volume or number that holds more than it should: a "
    "'vol.'/'no.' prefix, or a volume with the issue in parentheses (9(1)).",
    "volume = {9(1)}", "put the volume in volume and the issue in number")
BAD_DOI = _rule(
    "RB222", "doi-syntax", W, "A DOI that is not a bare 10.x/... (a URL or 'doi:' prefix, or "
    "not a DOI at all).", "doi = {https://doi.org/10.1155/2015/252456}",
    "write the bare DOI: 10.1155/2015/252456")
BAD_URL = _rule(
    "RB223", "url-syntax", W, "A URL that is not an absolute http(s) or ftp address, or that "
    "contains spaces.", "url = {www.example.org/page one}",
    "write the full address, with %20 for spaces")
BAD_ISBN = _rule(
    "RB224", "isbn-checksum", W, "An ISBN-10 or ISBN-13 whose check digit is wrong.",
    "isbn = {978-92-4-001512-9}", "copy the ISBN again from the book")
BAD_ISSN = _rule(
    "RB225", "issn-checksum", W, "An ISSN whose check digit is wrong.", "issn = {1234-5678}",
    "copy the ISSN again from the journal")
BAD_EDITION = _rule(
    "RB226", "edition", I, "An edition written as an ordinal ('2nd', 'Second'); styles add "
    "the ordinal themselves.", "edition = {2nd}", "write the number: edition = {2}")
BAD_LANGUAGE = _rule(
    "RB227", "language-id", W, "A langid/language that is neither a babel language name nor a "
    "BCP 47 tag.", "langid = {englsh}", "use a babel name (english, german) or a tag (en-US)")

# --- RB3xx names -------------------------------------------------------------------------------------
EMPTY_NAME = _rule(
    "RB301", "empty-name", E, "An empty name in a name list: 'and and', or a leading or trailing "
    "'and'.", "author = {Seki, S. and and Kimura, T.}", "remove the extra 'and'")
NAME_COMMAS = _rule(
    "RB302", "name-commas", E, "A name with more than two commas: BibTeX reads at most "
    "'von Last, Jr, First'.", "author = {Seki, S., Hirano, N.}",
    "separate names with 'and', not commas")
TYPED_ET_AL = _rule(
    "RB303", "typed-et-al", W, "'et al.' or an ellipsis typed into a name list.",
    "author = {Seki, S. and Hirano, N. and et al.}",
    "list every name, or end the list with 'and others'")
CORPORATE_AS_PERSON = _rule(
    "RB304", "corporate-name-split", W, "An organisation's name that will be split like a "
    "person's ('World Health Organization' -> family name 'Organization').",
    "author = {World Health Organization}",
    "put the whole name in an extra pair of braces: {{World Health Organization}}")
BARE_INITIALS = _rule(
    "RB305", "bare-initials", I, "Given names written as capitals without periods or spaces "
    "('JG'), which styles print as a name, not as initials.", "author = {Smith, JG}",
    "write the initials with periods: Smith, J. G.")

# --- RB4xx text ----------------------------------------------------------------------------------
HTML_ENTITY = _rule(
    "RB401", "html-entity", W, "An HTML entity in a field (&amp;, &#39;), pasted from a web "
    "page.", "title = {Back pain &amp; sciatica}", "write the character itself (\\& for &)")
HTML_TAG = _rule(
    "RB402", "html-tag", W, "An HTML tag in a field (<i>, <br>).", "title = {<i>In vivo</i>}",
    "use LaTeX markup (\\emph{...}) or remove it")
UNESCAPED = _rule(
    "RB403", "unescaped-special", W, "An unescaped &, % or # in a text field, which LaTeX "
    "reads as markup.", "publisher = {Taylor & Francis}", "escape it: \\&, \\%, \\#")
MOJIBAKE = _rule(
    "RB404", "mojibake", W, "Text that looks like UTF-8 read as Latin-1 ('Ã¤' for 'ä').",
    "author = {HÃ¤kkinen, A.}", "replace the garbled characters with the right ones")
UNBRACED_ACRONYM = _rule(
    "RB405", "unbraced-acronym", I, "An acronym in a title without braces: BibTeX styles and "
    "sentence-casing styles may lower it ('RA' -> 'ra').",
    "title = {Lumbar spine surgery in RA}", "brace it: {RA}")
ALL_CAPS_TITLE = _rule(
    "RB406", "all-caps-title", W, "A title stored in capitals, which no style can case "
    "correctly.", "title = {RHEUMATOID ARTHRITIS AND BACK PAIN}",
    "retype it in title case, braces around proper nouns and acronyms")
NUL_CHARACTER = _rule(
    "RB407", "nul-character", W, "A NUL character (a CSL-JSON \"\\u0000\", a NUL byte past "
    "the first 64 KiB of a file), which no output can hold: it is removed.", '"title": "Back pain\\u0000"',
    "remove it from the source; it is often the end of a C string copied with the text")
NOT_XML_CHARACTER = _rule(
    "RB408", "not-xml-character", W, "A character XML cannot hold (a control character such as "
    "ESC or U+0001, U+FFFE) in a manuscript or its references written as a .docx: it is left "
    "out.", "See the results (ESC)[0m [@nall2018], pasted from a terminal",
    "remove it from the source; it often comes with text copied from a terminal")

# --- RB5xx references between records ---------------------------------------------------------
MISSING_CROSSREF = _rule(
    "RB501", "missing-crossref", E, "A crossref or xref to a key that is not in the file.",
    "crossref = {proc2015} and no @proceedings{proc2015, ...}",
    "add the parent entry, or fix the key")
CROSSREF_CYCLE = _rule(
    "RB502", "crossref-cycle", E, "Entries whose crossrefs lead back to themselves.",
    "a crossref = {b}, b crossref = {a}", "break the cycle")

# --- RB6xx what a style needs ----------------------------------------------------------------------
STYLE_NEEDS = _rule(
    "RB601", "style-needs-field", W, "The chosen CSL style prints a variable for this type of "
    "record that the record lacks (an article without a journal, a web page without a URL).",
    "rabp-refs check --style apa: @online with no url", None)

# --- RB9xx rendering ---------------------------------------------------------------------------------
UNKNOWN_CITE = _rule(
    "RB901", "unknown-cite", E, "A citation of an id that is not in the bibliography.",
    "--cites naming 'nope'", None)
EMPTY_ENTRY = _rule(
    "RB902", "empty-entry", W, "The style renders nothing for a record, or for a citation.",
    "a style whose bibliography prints only a variable the record lacks", None)
RENDER_FAILURE = _rule(
    "RB904", "render-failure", E, "The CSL processor failed on one record; the record is left "
    "out of that citation or entry and everything else renders.",
    "a record that trips a bug of the processor", "please report it with the record")
ENGINE_NOTE = _rule(
    "RB903", "engine-note", I, "A note from the CSL processor about the data (an unsupported "
    "variable).", "a CSL-JSON variable citeproc-py does not know", None)
