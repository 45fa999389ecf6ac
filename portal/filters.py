"""Filter pieces shared by the browse pages of several apps."""

import datetime

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.forms import OrganizationLookupField


class OrganizationLookupFilter(django_filters.Filter):
    """Filter by one organization typed as a name, acronym or identifier."""

    field_class = OrganizationLookupField


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


def text_filter():
    return django_filters.CharFilter(label=_("Words"), method="filter_text", max_length=200)
