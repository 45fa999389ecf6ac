"""The records a page of an API list relates, read as rows.

The lists read their pages as rows of values (``portal.rows``), not model instances:
an instance costs more to build than the API spends on the rest of its row. The
related records a page shows come from the querysets the record's own endpoint
prefetches (``prefetches``), read as rows too: the same records, in the same order,
behind the same visibility rules, one query per relation, compiled to SQL once
(``RelatedRows``).
"""

import json

from django.db import connections
from django.db.models import BooleanField, F, Func, JSONField, Prefetch

from portal.compiled_reads import Parameter, compile_values

# The column that names the record a related row belongs to (RelatedRows).
PARENT = "api_parent"


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
            # A clone: threads compiling at once must not share the query's joins.
            self.statement = compile_values(self.query.all())
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


class PagedRows:
    """The rows of a ``values()`` queryset as a cursor paginator pages them (ordered,
    after a position, sliced), each shape compiled to SQL once.

    A list that filters nothing reads the same query on every page but for where the
    page starts; building and compiling it costs more than the database spends on a
    page of ids. DRF's ``CursorPagination`` only orders, filters by one position and
    slices its queryset, so ``PagedRows`` records those three, compiles the query they
    make once per shape (ordering, position lookup, slice) with the position as a
    ``Parameter``, and runs that SQL. The shapes are kept in ``statements``, shared by
    the pages of one list.
    """

    def __init__(self, values, statements, ordering=(), position=None, window=(None, None)):
        self.values = values
        self.statements = statements
        self.ordering = ordering
        # (lookup, value): the rows after (or before) the page's position.
        self.position = position
        self.window = window

    @property
    def model(self):
        return self.values.model

    def order_by(self, *ordering):
        return self._with(ordering=tuple(ordering))

    def filter(self, **lookups):
        ((lookup, value),) = lookups.items()
        return self._with(position=(lookup, value))

    def __getitem__(self, window):
        if not isinstance(window, slice) or window.step is not None:
            raise TypeError("PagedRows take a slice without a step.")
        return self._with(window=(window.start, window.stop))

    def __iter__(self):
        return iter(self.rows())

    def rows(self):
        lookup, value = self.position or (None, None)
        key = (self.ordering, lookup, self.window)
        try:
            statement = self.statements[key]
        except KeyError:
            if len(self.statements) >= KEPT_SHAPES:
                self.statements.clear()
            statement = self.statements[key] = compile_values(self._query(lookup))
        if statement is None:
            return []
        connection = connections[self.values.db]
        field = self.model._meta.get_field(lookup.split("__")[0]) if lookup else None
        position = None if field is None else field.get_db_prep_value(value, connection)
        return statement.rows({POSITION: position})

    def _query(self, lookup):
        query = self.values.order_by(*self.ordering)
        if lookup is not None:
            field = self.model._meta.get_field(lookup.split("__")[0])
            query = query.filter(**{lookup: Parameter(POSITION, field)})
        start, stop = self.window
        return query[start:stop]

    def _with(self, **changes):
        now = {
            "ordering": self.ordering,
            "position": self.position,
            "window": self.window,
            **changes,
        }
        return PagedRows(self.values, self.statements, **now)


# How many shapes of page a list keeps compiled (a few page sizes, forward and back,
# with an offset now and then); past that, it starts again from none.
KEPT_SHAPES = 32

# Where a page's position goes in a compiled page's parameters (PagedRows).
POSITION = "page_position"
