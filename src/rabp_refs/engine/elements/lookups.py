"""What depends only on the style, found once per element: XPath results, macros, locale
options, terms with their form fallbacks (CSL 1.0.2, "Terms"), and the tree pinned so those
look-ups stay on the element objects."""
from __future__ import annotations

from citeproc import model
from lxml import etree


#: What depends only on the style (XPath results, an element's root, children, options, whether
#: it formats) is found once per element. Off only to show that it changes nothing: the test
#: renders the corpus both ways (tests/test_engine.py).
CACHE_STYLE_LOOKUPS = True


class pinned_property:
    """What an element reads of its own style alone (its attributes, its layout, its locale),
    found on first use and kept on the element once its tree is pinned (``pin_tree``) and
    look-ups are cached: ``functools.cached_property`` for style elements, which stays off
    for a proxy lxml makes afresh and while CACHE_STYLE_LOOKUPS is off (tests turn it off to
    show it changes no output)."""

    def __init__(self, find):
        self.find = find
        self.__doc__ = find.__doc__

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, element, owner=None):
        if element is None:
            return self
        value = self.find(element)
        if CACHE_STYLE_LOOKUPS and "_root" in element.__dict__:
            element.__dict__[self.name] = value
        return value


class _CachedXPath:
    """XPath results cached per style: they depend only on the element and the expression,
    and lookups of macros and ancestors were a quarter of the rendering time."""

    def __getattr__(self, name):
        """citeproc-py reads a child element as an attribute (``style.citation``,
        ``citation.layout``): the child, found once and remembered on the element.

        Python asks here too when a pinned property's look-up raised AttributeError (a
        broken style): that error is raised again, not taken for a missing child."""
        pinned = getattr(type(self), name, None)
        if isinstance(pinned, pinned_property):
            return pinned.find(self)
        found = super().__getattr__(name)
        if CACHE_STYLE_LOOKUPS and not name.startswith("_"):
            self.__dict__[name] = found
        return found

    def get_locale_option(self, name):
        """A locale's style option (punctuation-in-quote...): fixed once the locales are
        loaded, so found once per tree (every quoted element asked)."""
        cache = getattr(self.get_root(), "__dict__", {}).get("_locale_options")
        if cache is None:
            return super().get_locale_option(name)
        if name not in cache:
            cache[name] = super().get_locale_option(name)
        return cache[name]

    def get_macro(self, name):
        """A macro of the style, found once per name (every cs:text of a macro asked XPath)."""
        root = self.get_root()
        macros = root.__dict__.get("_macros") if CACHE_STYLE_LOOKUPS else None
        if macros is None:
            return super().get_macro(name)
        found = macros.get(name)
        if found is None:
            found = macros[name] = super().get_macro(name)
        return found

    def get_layout(self):
        """The cs:layout the element is in: one, for good (asked for each variable rendered)."""
        return self._layout

    @pinned_property
    def _layout(self):
        return super().get_layout()

    def iterchildren(self, *args, **kwargs):
        """The children, listed once per element once the tree is pinned (every render walks
        them; lxml made a new list of proxies each time)."""
        children = self.__dict__.get("_children")
        if children is None:
            if args or kwargs or "_root" not in self.__dict__:
                return super().iterchildren(*args, **kwargs)
            children = self.__dict__["_children"] = tuple(super().iterchildren())
        elif args or kwargs:
            return super().iterchildren(*args, **kwargs)
        return iter(children)

    def get_root(self):
        """The root of the element's tree, remembered by ``pin_tree`` (citeproc-py asked
        lxml for it anew, over two million times for 2,000 APA entries)."""
        root = self.__dict__.get("_root")
        return root if root is not None else super().get_root()

    def xpath_search(self, expression):
        cache = getattr(self.get_root(), "xpath_cache", None)
        if cache is None:
            return super().xpath_search(expression)
        key = (self, expression)  # the proxy is kept alive by the cache, so it stays the same
        found = cache.get(key)
        if found is None:
            found = cache[key] = super().xpath_search(expression)
        return found

    def calls_variable(self):
        """Whether the element calls a variable is a property of the style alone (the branch
        a cs:choose took is asked separately, by ``branch_calls_variable``), so it is
        cached like the look-ups; groups asked it of every child for every cite."""
        return self._calls_variable

    @pinned_property
    def _calls_variable(self) -> bool:
        return super().calls_variable()


# CSL 1.0.2, terms: a form the locales do not define falls back to the next one, down to long.
_TERM_FORM_FALLBACK = {"verb-short": "verb", "symbol": "short", "verb": None, "short": None}

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _locale_language(locale) -> str | None:
    """The language of a cs:locale ("pt" for pt-BR); None for one that names none."""
    lang = locale.get(_XML_LANG) if locale is not None else None
    return lang.split("-")[0].lower() if lang else None


def _owner_locale(term):
    """The cs:locale a term element belongs to."""
    for ancestor in term.iterancestors():
        if etree.QName(ancestor).localname == "locale":
            return ancestor
    return term.getroottree().getroot()


class _TermFormFallback:
    """Term forms fall back as CSL 1.0.2 says (verb-short -> verb -> long, symbol -> short
    -> long); citeproc-py found nothing ("W. C. Hall" for "by W. C. Hall": en-US defines
    reviewed-author only in the verb form)."""

    def get_term(self, name, form=None, *args, **kwargs):
        """The term, found once per tree for each way it is asked: a style's terms are fixed
        once its locales are loaded (set_locale_list empties the memo)."""
        terms = self.get_root().__dict__.get("_terms") if CACHE_STYLE_LOOKUPS else None
        if terms is None:
            return self._find_term(name, form, *args, **kwargs)
        key = (name, form, args, tuple(sorted(kwargs.items())))
        if key not in terms:
            terms[key] = self._find_term(name, form, *args, **kwargs)
        return terms[key]

    def _find_term(self, name, form=None, *args, **kwargs):
        term = super().get_term(name, form, *args, **kwargs)
        if term is None or form not in ("short", "verb-short") or args or kwargs:
            while term is None and form in _TERM_FORM_FALLBACK:
                form = _TERM_FORM_FALLBACK[form]
                term = super().get_term(name, form, *args, **kwargs)
            return term
        # a form the style's language lacks falls back to another form of that language
        # before another language's ("versão", not en-US's "v.", for the short "version" in
        # pt-BR: citeproc-js)
        locales = getattr(self.get_root(), "locales", None)
        language = _locale_language(locales[0]) if locales else None
        if language is None or language == "en" or \
                _locale_language(_owner_locale(term)) == language:
            return term
        fallback = form
        while fallback in _TERM_FORM_FALLBACK:  # (None: the long form, the last)
            fallback = _TERM_FORM_FALLBACK[fallback]
            for locale in locales:
                if _locale_language(locale) != language:
                    continue
                try:
                    return locale.get_term(name, fallback)
                except IndexError:
                    continue
        return term


# the terms that are quotation marks: an apostrophe there is the mark (ar, he-IL)
_QUOTE_TERMS = frozenset({"open-quote", "close-quote", "open-inner-quote",
                          "close-inner-quote"})


class Term(model.Term):
    """``cs:term``: an apostrophe in a term is typographic, as in the data's text
    (citeproc-js: he-IL's page label "עמ’", nl-NL's "pagina’s", fr-FR's "à l’adresse",
    he-IL's short month names); a quotation mark term keeps its straight mark."""

    def preformat(self, text):
        if "'" in text and self.get("name") not in _QUOTE_TERMS:
            text = text.replace("'", "’")
        return super().preformat(text)


class Locale(model.Locale):
    """``cs:locale``: a term written with ``form="long"`` is the long form, as one with no
    form is (CSL 1.0.2, Terms: "long" is the default form). citeproc-py looked for the long
    form only as a term without a form attribute and for ``form="long"`` only as one with it,
    so a style's own ``<term name="accessed" form="long">consultato il</term>`` or its empty
    ``<term name="et-al" form="long"/>`` was passed over for the locale file's. A term
    defined twice in one cs:locale is its last definition, as in citeproc-js (USP's ABNT
    defines the short "editor" as "ed", then as "org")."""

    def get_term(self, name, form=None, zero_padded=False):
        attributes = f"@name='{name}' and " + (
            "(not(@form) or @form='long')" if form in (None, "long") else f"@form='{form}'")
        if zero_padded:
            attributes += " and not(@match='whole-number') and not(@match='last-two-digits')"
        try:
            return self.terms.xpath_search(f"./cs:term[{attributes}]")[-1]
        except AttributeError:  # no cs:terms (as citeproc-py: the next locale is asked)
            raise IndexError(name) from None


def per_style(root, find):
    """``find(root)``: what depends on the whole style alone (the options its disambiguation
    reads, the name lists its citation renders, the types its conditions name), found once
    per pinned style tree, not at every render (for one entry, such readings were two
    thirds of a render)."""
    if not CACHE_STYLE_LOOKUPS or "_pinned" not in root.__dict__:
        return find(root)
    found = root.__dict__.setdefault("_per_style", {})
    if find not in found:
        found[find] = find(root)
    return found[find]


def pin_tree(root) -> None:
    """Keep a Python object alive for every element of a style or locale tree, each knowing
    its root. lxml otherwise makes a new proxy object for an element whenever it is reached
    and drops it after, so nothing could be remembered on an element."""
    if not CACHE_STYLE_LOOKUPS:
        return
    # (an element of another namespace is lxml's plain element: nothing can be remembered
    # on it, and no CSL code asks it anything)
    elements = [element for element in root.iter(tag=etree.Element)
                if isinstance(element, model.CitationStylesElement)]
    for element in elements:
        element.__dict__["_root"] = root
    root.__dict__["_pinned"] = elements
    root.__dict__["_locale_options"] = {}
    root.__dict__["_macros"] = {}
    root.__dict__["_terms"] = {}
