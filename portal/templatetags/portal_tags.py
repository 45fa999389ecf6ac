from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context, language):
    """The current page, query string included, in another language."""
    request = context["request"]
    return translate_url(request.get_full_path(), language)


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # in its own language: "English", "Français"
    url: str  # this page in that language; empty for the language shown


@register.simple_tag(takes_context=True)
def language_links(context):
    """Every language of the site with this page's URL in it, for the header's
    switcher and the <head>'s alternates: one URL translation per language and
    page rather than one per link."""
    current = get_language()
    return [
        LanguageLink(
            code,
            capfirst(get_language_info(code)["name_local"]),
            "" if code == current else translated_url(context, code),
        )
        for code, _name in settings.LANGUAGES
    ]


@register.simple_tag
def result_count(paginator):
    """'1,000+' past the browse cap, the exact number below it or when the list
    counted it (``portal.browse.list_total``), in the active locale."""
    if getattr(paginator, "total", None) is not None:
        return number_format(paginator.total, force_grouping=True)
    if paginator.capped:
        return _("%(count)s+") % {"count": number_format(paginator.cap, force_grouping=True)}
    return number_format(paginator.count, force_grouping=True)


@register.filter
def grouped(number):
    """A count with its digits grouped as the active locale writes them ("1,001",
    "1 001"), as the lists write their result counts."""
    return number_format(number, force_grouping=True)


@register.filter
def place(record):
    """Where a record is, from the most precise part it has: "Palais des congrès,
    Montréal, Québec, Canada". Written here rather than as an included template:
    list cards show it twenty times a page."""
    country = record.country
    return place_text(
        getattr(record, "venue", ""), record.city, record.region, country.name if country else ""
    )


def place_text(venue, city, region, country_name):
    """The parts of a place that are known, most precise first, joined by commas."""
    parts = (venue, city, region, country_name)
    return ", ".join(str(part) for part in parts if part)
