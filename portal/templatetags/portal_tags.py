from django import template
from django.urls import translate_url
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context, language):
    """The current page, query string included, in another language."""
    request = context["request"]
    return translate_url(request.get_full_path(), language)


@register.simple_tag
def result_count(paginator):
    """'1,000+' past the browse cap, the exact number below it, in the active locale."""
    if paginator.capped:
        return _("%(count)s+") % {"count": number_format(paginator.cap, force_grouping=True)}
    return number_format(paginator.count, force_grouping=True)


@register.filter
def place(record):
    """Where a record is, from the most precise part it has: "Palais des congrès,
    Montréal, Québec, Canada". Written here rather than as an included template:
    list cards show it twenty times a page."""
    return place_text(getattr(record, "venue", ""), record.city, record.region, record.country)


def place_text(venue, city, region, country):
    parts = (venue, city, region, country.name if country else "")
    return ", ".join(str(part) for part in parts if part)
