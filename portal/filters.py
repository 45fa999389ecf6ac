"""Filter pieces shared by the browse pages of several apps."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.query_text import MAX_QUERY_LENGTH, clean_query, query_words

# What SearchFilter asks which records match: the search app plugs its engine in
# when it starts (search.apps), as this module sits below it and never imports it.
_matcher = None


def register_matcher(matcher):
    """Make ``matcher(model, query, language)`` answer every SearchFilter: it returns
    the ids of ``model``'s matching records as a one-column queryset (a subquery,
    not a list)."""
    global _matcher
    _matcher = matcher


class YearFilter(django_filters.Filter):
    """A year typed as a number: 'gte' keeps from its 1 January, 'lte' up to its 31 December."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        kwargs.setdefault("widget", forms.NumberInput(attrs={"inputmode": "numeric"}))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        if self.lookup_expr == "gte":
            return qs.filter(**{f"{self.field_name}__gte": datetime.date(value, 1, 1)})
        return qs.filter(**{f"{self.field_name}__lt": datetime.date(value + 1, 1, 1)})


class SearchFilter(django_filters.CharFilter):
    """The list's words box: the global search engine, restricted to this list.

    It keeps the matching records; the list keeps its own order (the search page
    is where results are ranked), and the other filters narrow it further.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Words"))
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        query = clean_query(value)
        if not query:
            return qs
        if not query_words(query):
            # Typed, but nothing searchable in it ("%", "!!!"): nothing matches.
            return qs.none()
        if _matcher is None:
            raise ImproperlyConfigured(
                "SearchFilter has no matcher: add the 'search' app to INSTALLED_APPS, "
                "whose start-up registers one (portal.filters.register_matcher)."
            )
        return qs.filter(pk__in=_matcher(qs.model, query, get_language()))
