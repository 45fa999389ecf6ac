"""Records for lists read as rows of values, not model instances.

A model instance costs more to build than a list spends on the rest of its row
(modeltranslation's and django-countries' descriptors, related managers built per
record by ``prefetch_related``). A list page reads the columns it shows with
``values()`` and wraps each row in a ``Row``, which answers attributes the way the
model would: a translated field in the request's language with the same fallbacks,
a country as a ``Country``, ``get_<field>_display()``, and the model's own
properties and methods (``get_absolute_url``, a partial date…) run on the row.
The API's compiled serializers and the site's cards read them alike.
"""

import functools
import inspect
import re
import types

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import get_language
from django_countries.fields import CountryField
from modeltranslation.fields import NONE, TranslationFieldDescriptor
from modeltranslation.thread_context import fallbacks_enabled
from modeltranslation.utils import build_localized_fieldname, resolution_order

from portal.dates import partial_date
from portal.display import choice_label

DISPLAY = re.compile(r"get_(\w+)_display")


class Row:
    """One record's values as attributes."""

    # representation: what the API's compiled serializer made of the row, kept for the
    # other places the same row is shown on a page (api.serializers).
    __slots__ = ("__dict__", "_model", "representation")

    def __init__(self, model, values):
        self._model = model
        self.__dict__ = values
        self.representation = None

    @property
    def pk(self):
        return self.__dict__["id"]

    def __getattr__(self, name):
        # get_<field>_display(), as Model._get_FIELD_display() answers it.
        display = DISPLAY.fullmatch(name)
        if display is not None:
            field = self._model._meta.get_field(display.group(1))
            return functools.partial(choice_label, field, self.__dict__[field.attname])
        # The model's properties and methods, run on the row's values: those that read
        # attributes only (an address from the slug, a partial date from its columns).
        # A column the row did not read stays an AttributeError, not a query.
        found = inspect.getattr_static(self._model, name, None)
        if isinstance(found, (property, functools.cached_property, partial_date)):
            return found.__get__(self, self._model)
        if inspect.isfunction(found):
            return types.MethodType(found, self)
        raise AttributeError(name)


class RowReader:
    """How to turn ``values()`` dicts of ``model`` into ``Row`` objects with ``fields``.

    ``related`` joins the records foreign keys point to, each read by a reader of its
    own (``{"organization": RowReader(Organization, ["slug", "name"])}``), through the
    relation (``organization__slug``): the row holds a ``Row`` of it, or None where
    the key is empty. ``annotations`` are columns read as the queryset annotates them.

    Translated fields resolve in the language active when the reader is built.
    """

    def __init__(self, model, fields, *, related=None, annotations=()):
        self.model = model
        self.columns = ["id"]
        self.translated = []
        self.countries = []
        for name in fields:
            descriptor = vars(model).get(name)
            if isinstance(descriptor, TranslationFieldDescriptor):
                self.translated.append((name, *_fallbacks(descriptor)))
                self.columns.extend(self.translated[-1][1])
                continue
            field = model._meta.get_field(name)
            if isinstance(field, CountryField):
                self.countries.append((name, vars(model)[name], {}))
            self.columns.append(field.attname)
        self.columns.extend(annotations)
        self.columns = list(dict.fromkeys(self.columns))
        self.related = [(name, f"{name}__", reader) for name, reader in (related or {}).items()]
        for _name, prefix, reader in self.related:
            self.columns.extend(reader.columns_under(prefix))
        self._under = {}

    def columns_under(self, prefix):
        """The columns as read through a relation or under annotations named ``prefix…``."""
        return [prefix + column for column in self.columns]

    def values(self, queryset, *annotations, **expressions):
        """``queryset`` without its prefetches, reading these columns, the queryset's
        ``annotations`` named and ``expressions``, as they are (modeltranslation would
        resolve fallbacks again, row by row)."""
        queryset = queryset.prefetch_related(None)
        if hasattr(queryset, "rewrite"):
            # Not on models with no translated field.
            queryset = queryset.rewrite(False)
        return queryset.values(*self.columns, *annotations, **expressions)

    def row(self, values):
        for name, columns, undefined, default in self.translated:
            for column in columns:
                value = values[column]
                if value is not None and value != undefined:
                    break
            else:
                value = default
            values[name] = value
        for name, descriptor, known in self.countries:
            code = values[name]
            if code is None and descriptor.field.null:
                continue
            country = known.get(code)
            if country is None:
                country = known[code] = descriptor.country(code)
            values[name] = country
        for name, prefix, reader in self.related:
            values[name] = reader.take(values, prefix)
        return Row(self.model, values)

    def take(self, values, prefix):
        """The record read under ``prefix`` in ``values`` (its columns taken out of them),
        or None where there is none (its id is empty)."""
        columns = self._under.get(prefix)
        if columns is None:
            columns = self._under[prefix] = list(
                zip(self.columns_under(prefix), self.columns, strict=True)
            )
        own = {column: values.pop(under) for under, column in columns}
        return None if own["id"] is None else self.row(own)

    def rows(self, dicts):
        return [self.row(values) for values in dicts]

    def rows_by(self, dicts, key):
        """The rows of ``dicts`` in lists by the value of their ``key`` column, in their
        order. A record found under several keys (a sector of several organizations)
        is read once, the same ``Row`` in each list: its columns are its own."""
        groups = {}
        known = {}
        for values in dicts:
            group = values.pop(key)
            row = known.get(values["id"])
            if row is None:
                row = known[values["id"]] = self.row(values)
            groups.setdefault(group, []).append(row)
        return groups


def _fallbacks(descriptor):
    """A translated field's columns in the order modeltranslation's descriptor reads them,
    the value it takes as missing and the one it gives when all are missing
    (``TranslationFieldDescriptor.__get__``, with fallbacks on and no fallback value)."""
    name = descriptor.field.name
    undefined = descriptor.fallback_undefined
    default = descriptor.field.get_default()
    if undefined is NONE:
        undefined = default
    if fallbacks_enabled() and descriptor.fallback_value is not NONE:
        default = descriptor.fallback_value
    languages = resolution_order(get_language(), descriptor.fallback_languages)
    columns = [build_localized_fieldname(name, language) for language in languages]
    return columns, undefined, default


def concrete_fields(model, names):
    """Those of ``names`` that are columns of ``model`` (not relations)."""
    found = []
    for name in names:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.concrete and not field.is_relation:
            found.append(name)
    return found
