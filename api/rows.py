"""Records for the API's lists read as rows of values, not model instances.

A model instance costs more to build than the API spends on the rest of its row
(modeltranslation's and django-countries' descriptors, related managers built per
record by ``prefetch_related``). A list page reads the columns its serializer shows
with ``values()`` and wraps each row in a ``Row``, which answers the attributes the
compiled serializers read (``api.serializers.CompiledRepresentation``) the way the
model would: a translated field in the request's language with the same fallbacks,
a country as a ``Country``, a related record joined in as a ``Row`` of its own, a
property or a partial date of the model computed from the row's values, a page
address through the model's ``get_absolute_url``.

The related records a page shows come from the querysets the record's own endpoint
prefetches (``prefetches``), read as rows too: the same records, in the same order,
behind the same visibility rules, one query per relation (``RelatedRows``).
"""

import json
import re

from django.core.exceptions import FieldDoesNotExist
from django.db import connections
from django.db.models import BooleanField, F, Func, JSONField, Prefetch
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language
from django_countries.fields import CountryField
from modeltranslation.fields import NONE, TranslationFieldDescriptor
from modeltranslation.thread_context import fallbacks_enabled
from modeltranslation.utils import build_localized_fieldname, resolution_order

from portal.compiled_reads import Parameter, compile_values
from portal.dates import partial_date

DISPLAY = re.compile(r"get_(\w+)_display")

# The column that names the record a related row belongs to (RelatedRows).
PARENT = "api_parent"


class Row:
    """One record's values as attributes."""

    # representation: what a compiled serializer made of it, kept for the other places
    # the same row is shown on a page (CompiledRepresentation).
    __slots__ = ("__dict__", "_model", "representation")

    def __init__(self, model, values):
        self._model = model
        self.__dict__ = values
        self.representation = None

    def get_absolute_url(self):
        # The models' addresses are written from their slug alone.
        return self._model.get_absolute_url(self)

    def __getattr__(self, name):
        # What the row does not hold, the model works out from what it does: a property
        # or a partial date (from the columns they read), get_<field>_display() (as
        # Model._get_FIELD_display() answers it).
        computed = vars(self._model).get(name)
        if isinstance(computed, property | partial_date):
            return computed.__get__(self, self._model)
        display = DISPLAY.fullmatch(name)
        if display is None:
            raise AttributeError(name)
        field = self._model._meta.get_field(display.group(1))
        value = self.__dict__[field.attname]
        labels = dict(make_hashable(field.flatchoices))
        return lambda: force_str(labels.get(make_hashable(value), value), strings_only=True)


class RowReader:
    """How to turn ``values()`` dicts of ``model`` into ``Row`` objects with ``fields``.

    ``related`` joins the records foreign keys point to, each read by a reader of its
    own (``{"organization": RowReader(Organization, ["slug", "name"])}``), through the
    relation (``organization__slug``): the row holds a ``Row`` of it, or None where
    the key is empty. ``annotations`` are read as the queryset annotates them.

    Translated fields resolve in the language active when the reader is built: a
    list keeps its readers per language (``api.views.ListPlan``).
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

    def values(self, queryset, **expressions):
        """``queryset`` without its prefetches, reading these columns as they are
        (modeltranslation would resolve fallbacks again, row by row)."""
        queryset = queryset.prefetch_related(None)
        if hasattr(queryset, "rewrite"):
            # Not on models with no translated field.
            queryset = queryset.rewrite(False)
        return queryset.values(*self.columns, **expressions)

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


def prefetches(queryset):
    """What ``queryset`` prefetches, by the attribute each lands in: the relation it
    follows and the queryset it reads (None for the related model's own)."""
    found = {}
    for lookup in queryset._prefetch_related_lookups:
        if not isinstance(lookup, Prefetch):
            lookup = Prefetch(lookup)
        found[lookup.prefetch_to] = (lookup.prefetch_through, lookup.queryset)
    return found


class RelatedRows:
    """The records related to a page's records of ``model`` through ``relation`` (a
    many-to-many field or the reverse of a foreign key), read from ``queryset`` (in its
    order; None for the related model's own) by ``reader``, in one query: lists of
    rows by the id of the record they belong to, as ``prefetch_related`` finds them.

    Building that query and compiling it to SQL costs more than running it: its SQL is
    compiled once (``portal.compiled_reads``), the page's ids given to it as a single
    parameter (``InPage``), the same SQL for every page. On a database ``InPage``
    does not know, every page builds its query (``read``).
    """

    def __init__(self, model, relation, queryset, reader):
        field = model._meta.get_field(relation)
        if field.many_to_many and not field.auto_created:
            self.back = field.related_query_name()
        elif field.one_to_many and field.auto_created:
            self.back = field.field.name
        else:
            raise ValueError(
                f"{model.__name__}.{relation}: not a many-to-many field or reverse key."
            )
        self.queryset = field.related_model._default_manager.all() if queryset is None else queryset
        self.reader = reader
        # Filtered before its columns are named: the parent's column is then read
        # through the join the filter made (a many-to-many would be joined twice).
        self.query = reader.values(
            self.queryset.filter(InPage(F(self.back))), **{PARENT: F(self.back)}
        )
        self.statement = UNCOMPILED

    def __call__(self, ids):
        if not ids:
            return {}
        connection = connections[self.query.db]
        if not InPage.supported_by(connection):
            return self.read(ids)
        if self.statement is UNCOMPILED:
            self.statement = compile_values(self.query)
        if self.statement is None:
            # SQL that can match nothing.
            return {}
        rows = self.statement.rows({PAGE_IDS.name: InPage.parameter(connection, ids)})
        return self.reader.rows_by(rows, PARENT)

    def read(self, ids):
        """The same rows, read through a query built for these ids."""
        related = self.queryset.filter(**{f"{self.back}__in": ids})
        return self.reader.rows_by(self.reader.values(related, **{PARENT: F(self.back)}), PARENT)


UNCOMPILED = object()

# Where a page's ids go in a compiled statement's parameters.
PAGE_IDS = Parameter("page_ids", JSONField())


class InPage(Func):
    """``expression`` is one of a page's ids, given as one parameter (``PAGE_IDS``,
    its value ``InPage.parameter(connection, ids)``)."""

    output_field = BooleanField()

    @staticmethod
    def supported_by(connection):
        # SQLite reads the ids from a JSON array (its JSON functions may be left out).
        return connection.vendor == "postgresql" or (
            connection.vendor == "sqlite" and connection.features.supports_json_field
        )

    @staticmethod
    def parameter(connection, ids):
        return list(ids) if connection.vendor == "postgresql" else json.dumps(list(ids))

    def as_postgresql(self, compiler, connection):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"{sql} = ANY(%s)", (*params, PAGE_IDS)

    def as_sqlite(self, compiler, connection):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"{sql} IN (SELECT value FROM json_each(%s))", (*params, PAGE_IDS)


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
