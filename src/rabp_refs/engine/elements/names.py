"""``cs:names``, ``cs:name``, ``cs:name-part``, ``cs:substitute`` (CSL 1.0.2, "Names"):
et-al, initials, particles, name order, subsequent-author-substitute, cite modes."""
from __future__ import annotations

import re

from citeproc import model
from citeproc.source import VariableError

from ..initials import initials
from ..passes import last_visible
from ..state import state_of
from .csl import AUTHOR_ONLY, CSL_NAMESPACE
from .formatting import _Cased, _empty_term
from .lookups import pinned_property
from .references import NOT_SUBSTITUTABLE, Reference


class Names(model.Names):
    """``cs:names`` with the cite modes author-only and suppress-author.

    The first outermost ``cs:names`` that renders for a cite in the citation layout is the
    author (with its substitutes): its text is captured in the item's scratch (for
    author-only cites, and to group the cites of one author), and dropped from the cite for
    author-only and suppress-author.
    """

    def render(self, item, *args, **kwargs):
        text = super().render(item, *args, **kwargs)
        state = state_of(self)
        if state is None or state.sorting:
            return text
        if text and state.item.tracking is not None:
            # inside a cs:substitute, names printed are not printed again even in the rest
            # of the substitute (citeproc-js: a macro that prints the editors twice)
            state.item.suppressed.update(
                v.replace("-", "_") for v in self.get("variable", "").split())
        if state.layout == "bibliography":
            return self._subsequent_author(state, item, text)
        scratch = state.item
        if scratch.names_done or not text or state.layout != "citation" or \
                self._inside_substitute():
            return text
        # the cite's author: kept for author-only cites and for grouping the cites of one
        # author (Layout._collapsed), dropped from the cite in either mode
        scratch.names_done = True
        scratch.author = str(text)
        return text if scratch.mode is None else None


    def process(self, item, names_context=None, context=None, **kwargs):
        """A cs:names in a cs:substitute with no cs:name of its own formats its names with
        the parent's cs:name and cs:label, wherever it stands in the substitute (citeproc-py
        only does so for direct children; Chicago's editors came out 'G. S. Firestein, R. C.
        Budd' for 'Firestein, Gary S., and Ralph C. Budd, eds.')."""
        if names_context is None and self.name is None:
            substitute = f"{{{CSL_NAMESPACE}}}substitute"
            for ancestor in self.iterancestors():
                if ancestor.tag == substitute:
                    names_context = ancestor.getparent()
                    break
        return super().process(item, names_context=names_context, context=context, **kwargs)

    def _subsequent_author(self, state, item, text):
        """subsequent-author-substitute: the first names of an entry that repeat the previous
        entry's are replaced by the style's string ("———" in MLA). Rule complete-all. Only
        names count: a title standing in for missing names is never replaced."""
        scratch = state.item
        if scratch.entry_names_done or not text or self._inside_substitute():
            return text
        scratch.entry_names_done = True
        own = any(v.replace("-", "_") in item.reference for v in self.get("variable").split())
        if not own and not scratch.substituted_by_names:
            state.previous_names = None
            return text
        # the names are compared without their label ("Doe, John" as author and as
        # "Doe, John, ed." are the same), and a replaced one keeps it ("--- ed.")
        names, label = str(text), scratch.names_label or ""
        scratch.names_label = None
        if label and names.endswith(label) and len(label) < len(names):
            names = names[:-len(label)]
        else:
            label = ""
        texts = scratch.name_texts
        previous, state.previous_names = state.previous_names, (names, texts)
        bibliography = self.get_root().bibliography
        substitute = bibliography.get("subsequent-author-substitute")
        if substitute is None or previous is None:
            return text
        rule = bibliography.get("subsequent-author-substitute-rule", "complete-all")
        if rule == "complete-all" or not texts:  # (no names: what stands in, whole)
            return (substitute + label) if previous[0] == names else text
        # the other rules replace names one by one (CSL 1.0.2): each when all match
        # (complete-each), those that match from the first (partial-each), the first
        # (partial-first)
        same = 0
        for mine, theirs in zip(texts, previous[1]):
            if mine != theirs:
                break
            same += 1
        if rule == "complete-each" and (previous[0] != names or same != len(texts)):
            return text
        if rule == "partial-first":
            same = min(same, 1)
        if not same:
            return text
        out, rest = "", str(text)
        for mine in texts[:same]:
            at = rest.find(mine)
            if at < 0:
                return text
            out, rest = out + rest[:at] + substitute, rest[at + len(mine):]
        return out + rest

    def _inside_substitute(self) -> bool:
        """A names element in another's cs:substitute is part of that one's author."""
        substitute = f"{{{CSL_NAMESPACE}}}substitute"
        return any(a.tag == substitute for a in self.iterancestors())


class Name(model.Name):
    """``cs:name``: names formatted as CSL 1.0.2 describes, with the disambiguation state.

    Ours rather than citeproc-py's because disambiguation needs to expand one name of one cite
    (add-givenname) or show more names (add-names), and because of what citeproc-py gets wrong:
    ``initialize="false"`` ignored (MLA printed "Nall, R."), hyphenated and lower-case given
    names ("M.-. jun"), non-Latin names ("山田, . 太郎 ."), custom delimiters before "and".
    """

    def render(self, item, *args, **kwargs):
        text = self.process(item, *args, **kwargs)
        if isinstance(text, int):  # form="count": a number cs:names sums over its variables
            return text
        return self.markup(text)

    def markup(self, text):
        """Formatting around the names; their affixes are each name's (``_each_affixed``)."""
        return self.format(text) if text else None

    def _each_affixed(self, texts: list, names: list) -> list:
        """The affixes of cs:name around each personal name, as citeproc-js and pandoc's
        citeproc put them (CSL 1.0.2 lets cs:name carry affixes and says no more): a style
        with ``suffix="."`` and ``initialize-with=""`` writes "Neva S., Gillick A.", not
        "Neva S, Gillick A.". An institution (a literal name) takes none, as in
        citeproc-js."""
        if not (self.get("prefix") or self.get("suffix")):
            return texts
        return [text if "literal" in name else self.wrap(text)
                for text, name in zip(texts, names)]

    def _initializes(self, context) -> bool:
        if "initialize" in self.attrib:
            return self.get("initialize") != "false"
        for element in (context if context is not None else self).iterancestors():
            if element.tag in _INHERITS_NAME_OPTIONS and "initialize" in element.attrib:
                return element.get("initialize") != "false"
        return True

    def get_option(self, name, context=None, sort_options=None):
        """Options inherited from cs:names, cs:citation, cs:bibliography and cs:style depend
        on the element and its context element only: found once each (a sort key's own
        options are not remembered)."""
        pinned = context is None or "_root" in getattr(context, "__dict__", ())
        if sort_options is not None or not pinned or "_root" not in self.__dict__:
            return super().get_option(name, context, sort_options)
        cache = self.__dict__.setdefault("_options", {})
        key = (name, context)
        if key not in cache:
            cache[key] = super().get_option(name, context, sort_options)
        return cache[key]

    def _inherited(self, name: str, context, default=None):
        """An inheritable option citeproc-py does not know (initialize, et-al-subsequent-*)."""
        if name in self.attrib:
            return self.get(name)
        for element in (context if context is not None else self).iterancestors():
            if element.tag in _INHERITS_NAME_OPTIONS and name in element.attrib:
                return element.get(name)
        return default

    def process(self, item, variable, context=None, sort_options=None, **kwargs):
        def option(name):
            return self.get_option(name, context, sort_options)

        state = state_of(self)
        in_citation = (state is not None and state.layout == "citation" and not state.sorting
                       and sort_options is None)
        names = item.reference.get(variable, [])
        form = option("form")
        et_al_min, use_first = option("et-al-min"), option("et-al-use-first")
        if in_citation and (item.index in state.plan.subsequent
                            or state.probe_position == "subsequent"):
            et_al_min = int(self._inherited("et-al-subsequent-min", context, et_al_min))
            use_first = int(self._inherited("et-al-subsequent-use-first", context, use_first))
        if state is not None and not state.sorting and sort_options is None:
            # names added to tell cites apart show in the bibliography too (as citeproc-js)
            use_first = max(use_first, state.plan.add_names.get(item.key, 0))
        # CSL 1.0.2: et-al-min and et-al-use-first together enable et-al (citeproc-py took
        # use-first as 1 when no element sets it: "John Doe et al." for three names)
        enabled = sort_options is not None or \
            self._inherited("et-al-use-first", context) is not None
        truncated = enabled and bool(et_al_min) and len(names) >= et_al_min and \
            len(names) > use_first
        use_last = truncated and option("et-al-use-last") and use_first <= et_al_min - 2
        shown = list(names[:use_first]) if truncated else list(names)
        if form == "count":
            return len(shown) + (1 if use_last else 0)

        # the given names expanded to tell cites apart show in the bibliography too, where
        # its own form shows less of them (CSL 1.0.2, Disambiguation: "detail that
        # distinguishes cites (such as names, initials, and full given names) must be shown
        # in the corresponding bibliography entries"; citeproc-js)
        in_entry = (state is not None and state.layout == "bibliography" and not state.sorting
                    and sort_options is None)
        if in_citation or in_entry:
            expansions = state.plan.expand
        elif state is not None:
            expansions = state.plan.shared_expand  # sort keys: the names a rule expands
        else:
            expansions = {}
        texts, inverted = [], []
        for i, name in enumerate(shown):
            level = expansions.get((item.key, variable, i), 0)
            text, was_inverted = self._format_name(name, i, form, level, option, context)
            texts.append(text)
            inverted.append(was_inverted)
        if not texts:
            return None
        sorting = sort_options is not None or (state is not None and state.sorting)
        if not sorting:
            texts = self._each_affixed(texts, shown)
        if state is not None and state.layout == "bibliography" and not state.sorting:
            state.item.name_texts = tuple(str(t) for t in texts)  # subsequent-author-substitute

        delimiter = option("delimiter")
        if sorting:
            if use_last:  # sort keys: the names shown, no "and" or "et al."
                texts.append(self._format_name(names[-1], len(names) - 1, form, 0, option,
                                               context)[0])
            return self.join(texts, delimiter)
        joined = _delimited(texts, delimiter)
        if truncated and use_last:
            last, _ = self._format_name(names[-1], len(names) - 1, form,
                                        expansions.get((item.key, variable, len(names) - 1), 0),
                                        option, context)
            last = self._each_affixed([last], [names[-1]])[0]
            return _seamed([*joined, delimiter + self.unicode_character("horizontal ellipsis")
                            + " ", last])
        if truncated:
            et_al = self.et_al()
            if not et_al or not str(et_al).strip():  # a term of white space is none
                return _seamed(joined)
            before = _precedes(option("delimiter-precedes-et-al"), len(texts), inverted[-1],
                               contextual_min=2)
            # no space before a term in a script written without one, or Hebrew's prefix
            # "ו" ("Chen L等", "Morenoほか", "Mullerואחרים", "Mullerइत्यादि": citeproc-js)
            space = " " if _SPACED_TERM.match(_first_visible(str(et_al))) else ""
            return _seamed([*joined, delimiter if before else space, et_al])
        and_ = option("and")
        if and_ and len(texts) > 1:
            term = self.get_single_term(name="and") if and_ == "text" else self.preformat("&")
            before = _precedes(option("delimiter-precedes-last"), len(texts), inverted[-2],
                               contextual_min=3)
            if "literal" in shown[len(texts) - 1]:
                # before an organisation last, the delimiter stands before "and" in three or
                # more names whatever the rule; in two, "always" gives none (citeproc-js:
                # "A, B, and Org" under "never", "A and Org" under "always")
                before = len(texts) > 2 or (
                    before and option("delimiter-precedes-last") != "always")
            head = _delimited(texts[:-1], delimiter)
            if not _SPACED_TERM.match(_first_visible(str(term))):
                # a term of a script written without spaces around "and", or Hebrew's
                # prefix "ו" (citeproc-js: STARTSWITH_ROMANESQUE_REGEXP): no spaces
                return _seamed([*head, (delimiter if before and len(texts) == 2 else "")
                                + f"{term}", texts[-1]])
            return _seamed([*head, (delimiter if before else " ") + f"{term} ", texts[-1]])
        return _seamed(joined)

    def _format_name(self, name, index, form, level, option, context):
        """One name as text, and whether it was written family first (inverted). In sort keys
        an elided particle is a word of its own ("d Orsay"), as citeproc-js sorts it."""
        state = state_of(self)
        sorting = state is not None and state.sorting
        if "literal" in name:
            family = name["literal"]
            _, family = self._name_parts(None, family)
            return family, False
        given, family, dropping, non_dropping, suffix = name.parts()
        if suffix and option("initialize-with") is not None and not sorting:
            # an abbreviated suffix takes the initialize-with mark for its period, as an
            # initial would ("Jr." -> "Jr" in NLM's initialize-with=""; citeproc-js)
            stop = option("initialize-with").rstrip()
            suffix = " ".join(t[:-1] + stop if t.endswith(".") and len(t) > 1 else t
                              for t in suffix.split())
        given = given or None
        family = family or ""
        if not _is_romanesque((family or "") + (given or "")):
            # Chinese, Japanese, Korean ...: family then given, no space, never initials
            if form == "short" and level == 0:
                return self._name_parts(None, family)[1], False
            given, family = self._name_parts(given, family)
            return family + (given or ""), True
        if form == "short" and level > 0:
            form = "long"  # add-givenname: show the given name (as initials first)
        # (an expanded short name keeps the style's name order: "Chen L" in NLM, citeproc-js)
        as_sort = option("name-as-sort-order") == "all" or (
            option("name-as-sort-order") == "first" and index == 0)
        if form == "short":
            family_text = _join_particles(non_dropping, family)
            if sorting and option("demote-non-dropping-particle") in ("display-and-sort",
                                                                       "sort-only"):
                # the particle after the family name in a sort key, as in the long form's
                # (citeproc-js: "(Arnim; van der Berg; d'Orsay; de Souza)" in APSA)
                family_text = " ".join(p for p in (family, non_dropping) if p)
            if sorting or not non_dropping:
                return self._name_parts(None, family_text)[1], False
            if option("demote-non-dropping-particle") == "display-and-sort" and (
                    option("name-as-sort-order") == "all" or (
                        option("name-as-sort-order") == "first" and index == 0)):
                # a short name in sort order shows its particle demoted, after the family
                # name and the sort separator (citeproc-js, GOST's " ": "[Berg van der,
                # 2003]"; GRUR's default ", ": "Dijk, van")
                return self._affixed("family", option("sort-separator").join((
                    self._styled("family", family), self._styled("family", non_dropping)))), \
                    False
            # the particle cased and formatted on its own, as in the long form (ABNT's
            # capitalize-first: "D’Orsay")
            return self._affixed("family", _join_particles(
                self._styled("family", non_dropping), self._styled("family", family),
                space=self._particle_space)), False
        initialize_with = option("initialize-with")
        if given and not family:
            initialize_with = None  # a given name alone ("Banksy") is the whole name
        if given and initialize_with is not None and level != 2:
            given = initials(given, initialize_with, full=self._initializes(context),
                             hyphen=option("initialize-with-hyphen"))
        elif given and level == 1 and initialize_with is None:
            pass  # no initials to show: the full given name is the next step
        demote = option("demote-non-dropping-particle")
        if sorting:
            # a name in a sort key is in sort order whatever the display (CSL 1.0.2,
            # Sorting: name-as-sort-order "all"), its particles demoted but with "never"
            # ("van der Berg" sorts under B in ACM's sort-only, as citeproc-js)
            as_sort = True
            join = lambda *parts: " ".join(p for p in parts if p)  # noqa: E731
            if demote in ("display-and-sort", "sort-only"):
                family_text = family
                given_text = join(given, dropping, non_dropping)
            else:
                family_text = join(non_dropping, family)
                given_text = join(given, dropping)
            given_text, family_text = self._name_parts(given_text or None, family_text)
        elif as_sort:
            # each part formatted on its own, particles as the part they belong to (the
            # dropping particle as the given name, the other as the family name), then the
            # part's affixes around the whole: "<i>Givenname</i> <i>al</i>" (citeproc-js)
            dropping_text = self._styled("given", dropping)
            non_dropping_text = self._styled("family", non_dropping)
            if demote == "display-and-sort":
                family_text = self._styled("family", family)
                given_text = _join_particles(self._styled("given", given), dropping_text,
                                             non_dropping_text)
            else:
                family_text = _join_particles(non_dropping_text, self._styled("family", family),
                                              space=self._particle_space)
                given_text = " ".join(p for p in (self._styled("given", given), dropping_text)
                                      if p)
            given_text = self._affixed("given", given_text) if given_text else given_text
            family_text = self._affixed("family", family_text)
        if as_sort:
            separator = option("sort-separator")
            text = separator.join(p for p in (family_text, given_text, suffix) if p)
            return text, True
        comma = ", " if name.get("comma-suffix") else " "
        if sorting:
            family_text = _join_particles(dropping, non_dropping, family)
            given_text, family_text = self._name_parts(given, family_text)
        else:
            # each part formatted on its own ("Gerard van DER MEER": the dropping particle
            # as the given name, the other particle as the family name), the affixes around
            family_text = _join_particles(self._styled("given", dropping),
                                          self._styled("family", non_dropping),
                                          self._styled("family", family),
                                          space=self._particle_space)
            if suffix and self._family_affixed():
                # the family name-part's affixes take the suffix in: "(de La Fontaine III)"
                family_text, suffix = family_text + comma + suffix, None
            given_text = self._affixed("given", self._styled("given", given)) if given \
                else given
            family_text = self._affixed("family", family_text)
        # a given name-part whose suffix is a space (a no-break space) needs no other
        text = (given_text + family_text if given_text and family_text and
                given_text[-1].isspace() else
                " ".join(p for p in (given_text, family_text) if p))
        if suffix:
            text += comma + suffix
        return text, False

    @pinned_property
    def _particle_space(self) -> str:
        """What joins a particle to the family name: a no-break space where the locale in
        use is French, Russian or Czech (citeproc-js: GOST's "K. du\u00a0Lindqvist")."""
        root = self.get_root()
        language = (getattr(root, "locale_language", None) or
                    root.get("default-locale") or "en")[:2]
        return "\u00a0" if language in ("fr", "ru", "cs") else " "

    def _family_affixed(self) -> bool:
        return any(part.get("name") == "family" and (part.get("prefix") or part.get("suffix"))
                   for part in self.xpath_search("./cs:name-part"))

    def _styled(self, part_name: str, text):
        """A piece of a name with its name-part's case and formatting, not its affixes."""
        if not text:
            return text
        for part in self.xpath_search("./cs:name-part"):
            if part.get("name") == part_name:
                text = part.format(part.case(text))
        return text

    def _affixed(self, part_name: str, text):
        for part in self.xpath_search("./cs:name-part"):
            if part.get("name") == part_name:
                text = part.wrap(text)
        return text

    def _name_parts(self, given, family):
        """Apply cs:name-part formatting to the given and family parts."""
        for part in self.xpath_search("./cs:name-part"):
            if part.get("name") == "given" and not given:
                continue
            given, family = part.format_part(given, family)
        return given, family


# CSL name variables, in the order styles usually substitute them for the author.
NAME_VARIABLES = ("author", "composer", "director", "editor", "translator", "interviewer",
                  "illustrator", "editorial-director", "collection-editor", "container-author",
                  "recipient", "original-author")


def _delimited(texts: list, delimiter: str) -> list:
    """Names with the delimiter between them, as pieces for ``_seamed``."""
    pieces = [texts[0]]
    for text in texts[1:]:
        pieces += [delimiter, text]
    return pieces


def _seamed(pieces: list):
    """Names (even places) and what joins them (odd places) as one text. A joiner loses the
    space at its edge where the name beside it has one of its own (an affix of cs:name such
    as ``prefix=" "`` or ``suffix=" "``): "Doe and Roe eds", not "Doe  and Roe eds"
    (citeproc-js)."""
    out = pieces[0]
    for i in range(1, len(pieces) - 1, 2):
        joiner, following = pieces[i], pieces[i + 1]
        if str(out)[-1:].isspace():
            joiner = joiner.lstrip()
        if str(following)[:1].isspace():
            joiner = joiner.rstrip()
        out = out + joiner + following
    return out


def _has_names(reference) -> bool:
    return any(dict.get(reference, v.replace("-", "_")) for v in NAME_VARIABLES)


def _join_particles(*parts, space: str = " ") -> str:
    """Name parts with spaces, except after an elided or hyphenated particle: "d’Orsay",
    "l’Hôpital", "al-Aswānī" (one that keeps its space ends with it: "de’ Frinkle")."""
    text = ""
    for part in (p for p in parts if p):
        glued = last_visible(str(text)).endswith(("’", "'", "-", " ", "\u00a0"))
        text += part if not text or glued else space + part
    return text


def _precedes(rule: str, count: int, previous_inverted: bool, contextual_min: int) -> bool:
    """Whether the delimiter stands before "and" or "et al." (delimiter-precedes-* options)."""
    if rule == "always":
        return True
    if rule == "never":
        return False
    if rule == "after-inverted-name":
        return previous_inverted
    return count >= contextual_min  # contextual


def _first_visible(text: str) -> str:
    """The first character of a text that is not part of a tag."""
    return re.sub(r"<[^>]*>", "", text)[:1]


# The first letters of an "and" or et-al term that takes a space before it (citeproc-js's
# STARTSWITH_ROMANESQUE_REGEXP; Hebrew's "ו", U+05D5, is left out: it is a prefix)
_SPACED_TERM = re.compile(
    "[&a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4"
    "\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218-\u021b"
    "\u202a-\u202e]")


# (CJK, kana, Hangul, CJK compatibility ideographs)
_NOT_ROMANESQUE = re.compile("[\u2e80-\u9fff\uac00-\ud7af\u3040-\u30ff\uf900-\ufaff]")


def _is_romanesque(text: str) -> bool:
    """False for names in scripts written family-then-given without spaces (CJK, Hangul)."""
    return _NOT_ROMANESQUE.search(text) is None


_INHERITS_NAME_OPTIONS = {f"{{{CSL_NAMESPACE}}}{tag}" for tag in
                          ("citation", "bibliography", "style")}


class Substitute(model.Substitute):
    """``cs:substitute``: the first child that renders stands in for the names, and every
    variable it used is then empty for the rest of the item (citeproc-py 0.11 only suppresses a
    directly named variable, so "Back pain. (2017). Back pain." printed the title twice)."""

    def render(self, item, context=None, **kwargs):
        scratch = state_of(self).item
        for child in self._candidates(self.getchildren(), item, context):
            outer, scratch.tracking = scratch.tracking, set()
            try:
                if isinstance(child, model.Names) and child.name is None:
                    text = child.render(item, names_context=self.getparent(), context=context,
                                        **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                continue
            finally:
                used, scratch.tracking = scratch.tracking, outer
                if outer is not None:
                    outer |= used
            if not text and _empty_term(child):
                return None  # a term the locale defines as empty stands in, as nothing
            if text:
                # names, or a variable written directly, stand in for the author in
                # subsequent-author-substitute; a title through MLA's macro does not (both as
                # citeproc-js does; it also replaces a macro's title in some simpler styles,
                # a rule not settled here)
                scratch.substituted_by_names = isinstance(child, model.Names) or (
                    isinstance(child, model.Text) and "variable" in child.attrib)
                self.add_to_repressed_list(child, context)
                scratch.suppressed.update(used - NOT_SUBSTITUTABLE)
                return text
        return None

    def _candidates(self, children, item, context):
        """The elements that may stand in, in order: a cs:choose's are those of the branch
        the item takes, each on its own, as citeproc-js and pandoc's citeproc read them: a
        report's "publisher, then title" stands in with the publisher alone ("World Health
        Organization. 2015. Global burden…", Glossa and 319 official styles), where the
        choose as a whole printed both, run together."""
        for child in children:
            if not isinstance(child, model.Choose):
                yield child
                continue
            taken = next((branch for branch in child.iterchildren()
                          if not isinstance(branch, (model.If, model.Else_If))
                          or branch.holds(item, context)), None)
            if taken is not None:
                yield from self._candidates(taken.iterchildren(), item, context)


class Name_Part(_Cased, model.Name_Part):  # noqa: N801 (CSL element name)
    pass


def _substituted(item, variable: str) -> bool:
    """Whether a cs:substitute has used the variable for this item (then it is empty)."""
    reference = getattr(item, "reference", None)
    return isinstance(reference, Reference) and reference._hidden(variable.replace("-", "_"))
