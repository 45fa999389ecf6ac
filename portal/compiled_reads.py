"""Reads compiled to SQL once, then run for each record: the detail pages' queries.

A detail page reads one record and a few short lists of rows related to it. Building
each queryset and compiling it to SQL (joins, annotations, orderings, the rewriting
modeltranslation adds) costs the page several times what the database spends on
those rows. Yet that SQL is the same for every record: only the record's slug or id
changes, the way only the slug changes in a detail URL (``portal.slug_urls``).

A :class:`CompiledRead` wraps a function that builds a ``values()`` queryset with a
:class:`Parameter` wherever a value given at each run goes. The queryset is built
and compiled once per key (the active language, and the function's arguments) and
its SQL kept; each run executes that SQL with the values and converts the rows as
the queryset itself would have. Rows are dicts; ``loaded()`` makes model instances
of them where a page reads its records through their models.

The function must build its queryset from its arguments and the language alone:
anything else it read (today's date, a setting changed at run time) would be frozen
into the SQL of its first run.
"""

from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Expression
from django.utils.functional import LazyObject, empty
from django.utils.translation import get_language

# How many keys a read keeps compiled (each signed-in audience can be a key of its own);
# past that, it starts again from none.
KEPT_PER_READ = 256


class Parameter(Expression):
    """A value given at each run of a compiled read: ``read.rows(..., name=value)``."""

    def __init__(self, name, output_field):
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        # The parameter itself stands in the SQL's parameters until a run replaces it.
        return "%s", [self]


@dataclass(frozen=True)
class Statement:
    alias: str
    sql: str
    params: tuple
    names: tuple
    # {column index: (converters, expression)}, as SQLCompiler.get_converters() gives them.
    converters: dict

    def rows(self, values):
        connection = connections[self.alias]
        params = [values[p.name] if isinstance(p, Parameter) else p for p in self.params]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            fetched = cursor.fetchall()
        if not self.converters:
            # Most reads on PostgreSQL: each row as it came, named.
            return [dict(zip(self.names, row, strict=False)) for row in fetched]
        rows = []
        for row in fetched:
            row = list(row)
            for index, (converters, expression) in self.converters.items():
                value = row[index]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[index] = value
            # A row can end with columns the ORDER BY needed: zip() leaves them out.
            rows.append(dict(zip(self.names, row, strict=False)))
        return rows


def compile_values(queryset):
    """The :class:`Statement` of a ``values()`` queryset, or None when it can match
    nothing (SQL that needs no run)."""
    query = queryset.query
    compiler = query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None
    # The names and converters ValuesIterable and SQLCompiler.results_iter() use.
    if query.selected:
        names = list(query.selected)
    else:
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
    expressions = [column[0] for column in compiler.select[: compiler.col_count]]
    return Statement(
        alias=queryset.db,
        sql=sql,
        params=tuple(params),
        names=tuple(names),
        converters=compiler.get_converters(expressions),
    )


class CompiledRead:
    """``build(*key)``'s rows, compiled once per key and language (see the module)."""

    def __init__(self, build):
        self.build = build
        self.statements = {}

    def rows(self, *key, **values):
        """The rows, as dicts, of ``build(*key)`` run with ``values`` for its parameters."""
        key = tuple(map(resolved, key))
        cache_key = (get_language(), *key)
        try:
            statement = self.statements[cache_key]
        except KeyError:
            if len(self.statements) >= KEPT_PER_READ:
                self.statements.clear()
            statement = self.statements[cache_key] = compile_values(self.build(*key))
        return [] if statement is None else statement.rows(values)


def resolved(value):
    """``value`` as a key may keep it: a lazy object (a request's viewer) is worked out
    and its value taken, so that the key does not keep the request its set-up reads."""
    if isinstance(value, LazyObject):
        if value._wrapped is empty:
            value._setup()
        return value._wrapped
    return value


def plain(model, drafts=False):
    """``model``'s queryset, in its default order, that does not rewrite what follows it
    for modeltranslation: its ``values()`` would add each translated field's fallbacks.
    Name translated fields with their language (``name_en``) or ``localized()``.

    Published records only (``portal.publishing``), unless ``drafts``: a record page
    reads its record whatever its state, and shows a draft to who may preview it."""
    queryset = (model._default_manager if drafts else model.objects).all()
    return queryset.rewrite(False) if hasattr(queryset, "rewrite") else queryset


def load_related(instance, relation, row, prefix):
    """The record that ``instance``'s foreign key ``relation`` points to, loaded from the
    columns of ``row`` under ``prefix`` (None where their id is empty), and set on
    ``instance`` as ``select_related()`` sets it: its key and its cached record."""
    field = instance._meta.get_field(relation)
    related = None if row[f"{prefix}id"] is None else loaded(field.related_model, row, prefix)
    setattr(instance, field.attname, None if related is None else related.pk)
    field.set_cached_value(instance, related)
    return related


def loaded(model, row, prefix=""):
    """An instance of ``model`` from the fields of ``row`` named ``prefix`` + attname, as
    a query reading only those fields would have loaded it."""
    names, values = [], []
    for field in model._meta.concrete_fields:
        key = prefix + field.attname
        if key in row:
            names.append(field.attname)
            values.append(row[key])
    return model.from_db(None, names, values)
