"""What the public-page tests share: URLs per language, UI strings, reading pages.

This module holds no test. Page tests read rendered HTML the way a visitor
reads the page (headings, links, form values, messages), not the template
context, so that they keep passing when templates are reorganised and fail
when what the visitor sees changes.
"""

import re
import warnings
from urllib.parse import urlencode, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning
from bs4.element import NavigableString, Script, Stylesheet
from django.urls import reverse
from django.utils import translation

LANGUAGES = ["en", "fr"]


def url(name, lang="en", query=None, **kwargs):
    """The address of a named page in ``lang``, with an optional query string.

    Always built with reverse() in the language, never written out: the French
    URL segments (/fr/organisations/…) arrive with the French catalog.
    """
    with translation.override(lang):
        path = reverse(name, kwargs=kwargs or None)
    if query:
        path += "?" + urlencode(query, doseq=True)
    return path


def ui(lang, message, **params):
    """A UI string (template text, choice label) as the catalog says it in ``lang``.

    Use it for every assertion on an interface string: it is the English text
    until the French catalog is compiled, the French text afterwards, so the
    same test holds before and after the translation lands. Content that is
    French already (model fields translated by modeltranslation, month names,
    organization names) is asserted literally instead.
    """
    with translation.override(lang):
        text = str(translation.gettext(str(message)))
    return text % params if params else text


def ui_count(lang, singular, plural, count, **params):
    """A UI string with a plural form, as the catalog says it in ``lang`` for ``count``."""
    with translation.override(lang):
        return str(translation.ngettext(singular, plural, count)) % params


def label(lang, choice):
    """A lazily translated label (a model choice, a country name) in ``lang``."""
    with translation.override(lang):
        return str(choice)


# Reading HTML -------------------------------------------------------------------


def only_one(found, selector):
    """The one element of ``found``: a page showing none or several fails the test."""
    assert len(found) == 1, f"{len(found)} elements match {selector!r}"
    return found[0]


class Element(Tag):
    """An element of a page, as Beautiful Soup reads it, stricter in two ways.

    ``text`` is the text a browser shows, whitespace collapsed, and ``select_one``
    fails the test unless exactly one element matches, where Beautiful Soup's
    would take the first of several or give None.
    """

    @property
    def text(self):
        # Scripts and styles count too (Beautiful Soup leaves them out): a value leaked
        # into one must fail a test that says it is not on the page.
        text = self.get_text(types=(NavigableString, Script, Stylesheet))
        # ASCII whitespace only: a no-break space (French digit grouping) is kept.
        return re.sub(r"[ \t\n\r\f]+", " ", text).strip(" ")

    def select_one(self, selector, namespaces=None, **kwargs):
        return only_one(self.select(selector, namespaces, **kwargs), selector)


def read_html(html):
    """The page as a tree of strict :class:`Element`; its root selects strictly too."""
    with warnings.catch_warnings():
        # A walk over a page's links reaches the Atom feeds and the sitemap too: read
        # as HTML, they have no <a>, no heading, which is what such a walk asks of them.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        # Attribute values stay strings as written (class="a b" too), as a browser's
        # getAttribute() gives them; soupsieve still matches each class of the list.
        soup = BeautifulSoup(
            html, "html.parser", element_classes={Tag: Element}, multi_valued_attributes=None
        )
    soup.select_one = lambda selector: only_one(soup.select(selector), selector)
    return soup


class Page:
    """A rendered page, read as a visitor reads it."""

    def __init__(self, response):
        self.response = response
        self.status = response.status_code
        self.path = response.wsgi_request.get_full_path()
        self.html = response.content.decode()
        self.root = read_html(self.html)

    def select(self, selector):
        return self.root.select(selector)

    def select_one(self, selector):
        return only_one(self.select(selector), selector)

    def texts(self, selector):
        return [element.text for element in self.select(selector)]

    def text_of(self, selector):
        return self.select_one(selector).text

    @property
    def lang(self):
        return self.select_one("html").attrs.get("lang")

    @property
    def h1(self):
        return self.text_of("main h1")

    @property
    def main_text(self):
        return self.text_of("main")

    def links(self, selector="a"):
        """The targets of the links, resolved against the page's address."""
        return [
            resolve(self.path, element.attrs["href"])
            for element in self.select(selector)
            if "href" in element.attrs
        ]

    def internal_links(self):
        """Links to other pages of the site, in the page's language prefix or another."""
        return sorted(
            {
                link
                for link in self.links()
                if not urlsplit(link).netloc and not urlsplit(link).path.startswith("/admin/")
            }
        )

    def facts(self):
        """The <dl class="facts"> of a detail page: label → value."""
        return {
            div.select_one("dt").text: div.select_one("dd").text
            for div in self.select("dl.facts div")
        }

    def fact_links(self, label):
        """The targets of the links in one fact of the <dl class="facts">."""
        [div] = [div for div in self.select("dl.facts div") if div.select_one("dt").text == label]
        return [resolve(self.path, a.attrs["href"]) for a in div.select("dd a")]

    def card_titles(self):
        return self.texts(".card-title")

    def result_count(self):
        return self.text_of("p.result-count")

    def errors(self):
        """Every form error shown on the page, field and non-field alike."""
        return self.texts(".errorlist li")

    def field_errors(self, name):
        """The errors shown next to one filter field, found through its input's id."""
        field = self.select_one(f"#id_{name}").parent
        return [li.text for li in field.select(".errorlist li")]

    def form_values(self, form_selector="main form"):
        """What a visitor sees filled in: input values and selected options, by name."""
        values = {}
        for form in self.select(form_selector):
            for element in form.find_all(True):
                name = element.attrs.get("name")
                if not name:
                    continue
                if element.name == "input" and element.attrs.get("type") not in ("submit",):
                    values[name] = element.attrs.get("value", "")
                elif element.name == "select":
                    selected = [o.attrs["value"] for o in element.select("option[selected]")]
                    values[name] = selected[0] if selected else ""
        return values

    def pagination_links(self):
        return self.links("nav.pagination a")

    def language_links(self):
        """The language switcher: language code → target of its link."""
        return {
            a.attrs["hreflang"]: resolve(self.path, a.attrs["href"])
            for a in self.select("nav.language-switcher a")
        }


def resolve(base, href):
    """The address a browser goes to for ``href`` on page ``base``.

    urljoin() keeps the base's query string for a bare "?" where a browser drops
    it, so a query-only reference is resolved by hand.
    """
    if href.startswith("?"):
        return urlsplit(base).path + (href if href != "?" else "")
    return urljoin(base, href)


def get_page(client, path, **extra):
    return Page(client.get(path, **extra))
