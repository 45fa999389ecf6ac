"""Filter pieces shared by the browse pages of several apps."""

import copy
import datetime
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Count
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters.conf import settings as filter_settings

from portal.page_cache import cache_get, cache_set, versioned_key
from portal.query_text import MAX_QUERY_LENGTH, clean_query, normalize, query_words

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


class CountryField(django_filters.fields.ChoiceField):
    """A country's ISO code, checked against the list of codes: the field's own
    check would translate the name of every country to find one."""

    def valid_value(self, value):
        return str(value) in countries


class CountryFilter(django_filters.ChoiceFilter):
    """A country, chosen by its two-letter ISO code."""

    field_class = CountryField

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", countries)
        super().__init__(**kwargs)


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


# Choice boxes that list what is in the data ------------------------------------------


def counts_by(queryset, field: str, count=None) -> dict:
    """How many rows of ``queryset`` hold each value of ``field`` (or what ``count``
    counts), in one unordered GROUP BY: a count has nothing to sort."""
    rows = queryset.order_by().values_list(field).annotate(count=count or Count("*"))
    return {value: total for value, total in rows if value not in (None, "")}


def counts_by_filter(filterset_class, name: str, choices, queryset) -> dict:
    """How many rows each of a few ``choices`` of filter ``name`` keeps, counted by the
    filter itself (one query per choice: for the boxes of a handful of choices that
    no GROUP BY answers, such as corridors)."""
    return {
        value: filterset_class({name: value}, queryset=queryset).qs.order_by().count()
        for value, _label in choices
    }


def country_options(counts: dict) -> list[tuple]:
    """Countries the data holds, by their name in the active language."""
    return by_label([(code, countries.name(code), total) for code, total in counts.items()])


def records_listed(records, counts: dict, value="slug") -> list[tuple]:
    """``(value, name, count)`` for each of ``records`` (in their order) that rows hold,
    ``counts`` being by primary key."""
    return [
        (getattr(record, value), record.name, counts[record.pk])
        for record in records
        if counts.get(record.pk)
    ]


def listed(choices, counts: dict) -> list[tuple]:
    """``(value, label, count)`` for each of ``choices`` that the data holds, in their
    order, labels capitalized as a box's options are."""
    return [
        (value, capfirst(str(label)), counts[value])
        for value, label in choices
        if counts.get(value)
    ]


def by_label(options: list[tuple]) -> list[tuple]:
    """The options in the alphabetical order of their labels, accents aside."""
    return sorted(options, key=lambda option: (normalize(option[1]), option[1]))


class SharedFormFilterSet(django_filters.FilterSet):
    """A FilterSet whose form class is built once per language, not for every request.

    django-filter writes the form's class anew, a field per filter, each time it
    makes a FilterSet: on a list page that costs as much as one of its queries. The
    fields depend on nothing but the language (a box may list records ordered by a
    translated name), so the class is kept per FilterSet class and language. Each
    form still works on its own copy of the fields.
    """

    _form_classes = {}

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # django-filter's own __init__, but for the copies of the filters: it deep-copies
        # each (its choices, querysets and labels with it) for every FilterSet, though a
        # filter's own state is only its parent and model. A shallow copy does, its
        # method (a FilterMethod, which names the filter it belongs to) made anew.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: _own_copy(filter_) for name, filter_ in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = queryset.model
            filter_.parent = self

    def get_form_class(self):
        key = (type(self), get_language())
        form_class = self._form_classes.get(key)
        if form_class is None:
            form_class = self._form_classes[key] = super().get_form_class()
        return form_class


def _own_copy(filter_):
    copied = copy.copy(filter_)
    # Its own extra: building a field writes its queryset there.
    copied.extra = dict(filter_.extra)
    if copied.method is not None:
        # Its FilterMethod, pointed at the copy (and so at the copy's parent).
        copied.method = copied.method
    return copied


class CountedSelect(forms.Select):
    """A ``<select>`` of the values present in the data, each with its count:
    "France (412)".

    ``options`` is called at the first render only and returns
    ``[(value, label, count), …]``. The HTML is written here, option by option,
    rather than through a template per option. A value that the query string
    holds but the data does not (a valid country no organization is in) stays
    selected, with no count.
    """

    def __init__(self, options, empty_label, attrs=None):
        super().__init__(attrs)
        self.options = options
        self.empty_label = empty_label

    def render(self, name, value, attrs=None, renderer=None):
        value = "" if value is None else str(value)
        # A box with no empty choice (empty_label None) shows its first when not told.
        rows = [] if self.empty_label is None else [_option("", self.empty_label, not value)]
        found = not value
        for key, label, count in self.options():
            key = str(key)
            found = found or key == value
            rows.append(
                _option(key, f"{label} ({number_format(count, force_grouping=True)})", key == value)
            )
        if not found:
            label = next((label for key, label in self.choices if str(key) == value), value)
            rows.insert(1, _option(value, label, True))
        attrs = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(attrs), mark_safe("".join(rows))
        )


def _option(value, label, selected):
    return format_html(
        '<option value="{}"{}>{}</option>', value, mark_safe(" selected") if selected else "", label
    )


class CountedChoices:
    """A FilterSet whose choice boxes list only the values in the data, with counts.

    ``counted_choices`` names the boxes; ``count_choices(scope)`` returns ``{name:
    [(value, label, count), …]}`` in the active language, for the records of
    ``scope`` (``counting_scope()``: "" for all of them; the events list counts
    the upcoming, past or all events it shows). It runs once per language, scope
    and day after each change to the data (the result is cached under the content
    version, ``portal.page_cache``), and only when a form is rendered: the API
    validates the same filters without counting anything.
    """

    counted_choices = ()

    @classmethod
    def count_choices(cls, scope: str) -> dict:
        raise NotImplementedError

    def counting_scope(self) -> str:
        return ""

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            loaded = {}

            def options_of(name):
                def options():
                    if "all" not in loaded:
                        loaded["all"] = self.cached_counts(self.counting_scope())
                    return loaded["all"].get(name, [])

                return options

            for name in self.counted_choices:
                field = form.fields[name]
                # As django-filter's box has it: its default, unless set (None for none).
                empty_label = self.filters[name].extra.get(
                    "empty_label", filter_settings.EMPTY_CHOICE_LABEL
                )
                widget = CountedSelect(options_of(name), empty_label, attrs=field.widget.attrs)
                widget.choices = field.choices
                field.widget = widget
        return self._form

    @classmethod
    def cached_counts(cls, scope: str = "") -> dict:
        language = get_language() or ""
        today = timezone.localdate().isoformat()
        # Under the class that counts: a FilterSet that adds a box of its own to another
        # (a page's sort) shares its counts.
        counting = next(klass for klass in cls.__mro__ if "count_choices" in vars(klass))
        key = versioned_key(
            "choice-counts", counting.__module__, counting.__qualname__, language, scope, today
        )
        counts = cache_get(key)
        if counts is None:
            counts = cls.count_choices(scope)
            cache_set(key, counts)
        return counts


# The order of a list ---------------------------------------------------------------


class SortFilter(django_filters.ChoiceFilter):
    """The list's "Sort by" box: a few named orders, the first of them the list's own.

    ``orders`` maps each value of ``?sort=`` to its label and to what orders the
    queryset: a function of it, or None for the order the list already has (the
    first, which a list without ``?sort=`` keeps). Any other value is a form error
    (status 400). It is no filter: it narrows nothing, and no tag names it.
    """

    def __init__(self, orders: dict, **kwargs):
        self.orders = orders
        kwargs.setdefault("label", _("Sort by"))
        kwargs.setdefault("choices", [(value, label) for value, (label, _order) in orders.items()])
        # No empty choice: the box shows the first order, the list's own.
        kwargs.setdefault("empty_label", None)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        _label, order = self.orders[value]
        return qs if order is None else order(qs)


# The active filters, as tags that each remove one -----------------------------------


@dataclass(frozen=True)
class FilterTag:
    """One active filter value: "Country: France", and the address of the list without it."""

    text: str
    remove_url: str


def filter_tags(filterset, query: QueryDict, path: str, page_kwarg="page"):
    """The tags of ``filterset``'s active filters, and the address that clears them all.

    A filter is active when ``query`` (the request's, not the FilterSet's data, where a
    list may imply a value) gives it a value that the valid form kept, other than the
    one the list implies (``default_filters``). Each value is named as the visitor
    reads it, from what the form's validation already loaded (a choice's label, a
    record's name, the typed text): no query. Removing a tag keeps the other filters
    and the sort, and goes back to the first page.
    """
    form = filterset.form
    implied = getattr(filterset, "default_filters", {})
    tags = []
    for name, field in form.fields.items():
        if _sorts(filterset, name):
            continue
        given = [value for value in query.getlist(name) if value.strip()]
        value = form.cleaned_data.get(name)
        if not given or value in (None, "", [], ()) or value == implied.get(name):
            continue
        label = capfirst(str(field.label or name))
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            items = [(str(field.prepare_value(item)), item) for item in value]
        else:
            items = [(None, value)]
        for key, item in items:
            rest = query.copy()
            rest.pop(page_kwarg, None)
            if key is None:
                rest.pop(name, None)
            else:
                rest.setlist(name, [other for other in rest.getlist(name) if other != key])
            text = gettext("%(filter)s: %(value)s") % {
                "filter": label,
                "value": value_text(field, item),
            }
            tags.append(FilterTag(text, address(path, rest)))
    rest = query.copy()
    for name in [page_kwarg, *(name for name in form.fields if not _sorts(filterset, name))]:
        rest.pop(name, None)
    return tags, address(path, rest)


def _sorts(filterset, name):
    return isinstance(filterset.filters.get(name), SortFilter)


def address(path: str, query: QueryDict) -> str:
    encoded = query.urlencode()
    return f"{path}?{encoded}" if encoded else path


def value_text(field, value) -> str:
    """A filter's cleaned ``value`` as the visitor reads it, in the active language."""
    if isinstance(value, models.Model):
        return str(getattr(value, "name", None) or value)
    if isinstance(field, CountryField):
        return str(countries.name(value))
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(field, forms.ChoiceField):
        for key, label in field.choices:
            if str(key) == str(value):
                return capfirst(str(label))
    return str(value)
