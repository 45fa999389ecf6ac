"""Measure search pages at several data sizes, as issue 12 asks.

For each size, the synthetic data is regenerated (``generate_data``, scaled from
the number of organizations) and every query of QUERIES is requested on two
pages through Django's test Client, middleware and templates included: the
global search (/en/search/?q=…, /fr/recherche/?q=…) and the organization list
filtered by the same words (/en/organizations/?q=…). One line per query, page
and size:

- DB ms: the database time of the page, summed over its SELECT statements. On
  PostgreSQL each statement of one captured request is re-run as
  ``EXPLAIN (ANALYZE, FORMAT JSON)`` and its planning and execution times added;
  SQLite has no EXPLAIN ANALYZE, so there each statement's ``execute()`` is timed
  during the page itself.
- page ms: the whole request in-process, through the test Client.
- rows and total: the results the page shows and the total it announces
  (``~`` when estimated), with the global search's detail per kind.

Both times are medians of ``--runs`` rounds after one warm-up. The rounds are
interleaved (each round requests every page once) so that a noisy neighbour on
a shared machine spreads over all pages rather than spoiling one. The medians
over the queries are compared with issue 12's bounds as information: timings
are measurements to read, never assertions.

    python manage.py benchmark_search --sizes 1000 100000
    python manage.py benchmark_search --no-generate --runs 3
"""

import json
import statistics
import time
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
    override_settings,
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import reverse
from django.utils import translation

from agreements.models import Agreement
from events.models import Event
from organizations.models import Organization


@dataclass(frozen=True)
class Query:
    language: str
    text: str
    typo: bool = False

    @property
    def label(self):
        return f"[{self.language}] {self.text}" + (" (typo)" if self.typo else "")


QUERIES = [
    Query("en", "quebec"),
    Query("en", "genomics"),
    Query("en", "life sciences ontario"),
    Query("en", "cancer lyon"),
    Query("fr", "thérapie cellulaire"),
    Query("fr", "protocole d'entente"),
    Query("en", "Sherbroke", typo=True),
    Query("en", "Massachusets", typo=True),
    # A word cut short: found, like the typos, by trigram similarity only.
    Query("en", "Oncopol", typo=True),
    # Words of the other language: a visitor's page language must not hide them.
    Query("en", "sciences de la vie"),
    Query("fr", "soft landing"),
]

# Each page measured, and its URL name.
PAGES = {"search": "search", "list": "organizations:list"}

# Issue 12's bounds, in milliseconds: the medians over word queries and over typo
# queries of the database time, and of the page time for both.
DB_BOUND_MS = {False: 15, True: 20}
PAGE_BOUND_MS = 50

# The global search's groups, in the order their detail is printed.
KINDS = ("organization", "agreement", "event")

READ_PREFIXES = ("SELECT", "WITH")


def is_read(sql):
    # Compound queries start with a parenthesis: "(SELECT …) UNION (SELECT …)".
    return sql.lstrip("( \t\n").upper().startswith(READ_PREFIXES)


@dataclass
class Measure:
    """One page for one query at one size."""

    url: str
    statements: list[str]
    rows: str
    total: str
    detail: str
    db_ms: list[float] = field(default_factory=list)
    page_ms: list[float] = field(default_factory=list)


@dataclass
class Column:
    """Every page at one size: ``size`` generated, or None for the data as it was."""

    size: int | None
    counts: dict[str, int]
    measures: dict[tuple[Query, str], Measure]

    @property
    def label(self):
        return f"{self.counts['organizations']:,}"


@contextmanager
def rendered_contexts():
    """Fill ``response.context`` as Django's test runner does, by instrumenting template
    rendering. That costs the organization list tens of milliseconds (every widget's
    template copies its context), so only the warm-up runs under it. Under a test
    runner it is on already, and stays on."""
    try:
        setup_test_environment(debug=settings.DEBUG)
    except RuntimeError:  # already called by the test runner
        yield
        return
    try:
        yield
    finally:
        teardown_test_environment()


def context_value(context, key):
    """``context[key]``, or None when the page rendered no template or lacks the key."""
    if context is None:
        return None
    try:
        return context[key]
    except KeyError:
        return None


def attribute(item, name):
    """Read ``name`` from an object or a dict alike."""
    if isinstance(item, Mapping):
        return item.get(name)
    return getattr(item, name, None)


def search_cells(context):
    """Rows, total and per-kind detail of the global search's ``groups``.

    Each group has ``kind``, ``results`` and, once the search gives one, ``total``
    and ``estimated``; what the page does not say reads "-".
    """
    groups = context_value(context, "groups")
    if groups is None:
        return "-", "-", "-"
    by_kind = {str(attribute(group, "kind")): group for group in groups}
    ordered = [by_kind.get(kind) for kind in KINDS]
    ordered += [group for kind, group in by_kind.items() if kind not in KINDS]
    counts = [len(attribute(group, "results") or []) if group else 0 for group in ordered]
    totals = [
        (attribute(group, "total"), attribute(group, "estimated")) if group else (0, False)
        for group in ordered
    ]
    rows = str(sum(counts))
    rows_detail = "+".join(map(str, counts))
    if any(total is None for total, _ in totals):
        return rows, "-", f"{rows_detail} / -"
    estimated = any(flag for _, flag in totals)
    total = f"{'~' if estimated else ''}{sum(total for total, _ in totals):,}"
    totals_detail = "+".join(f"{'~' if flag else ''}{total:,}" for total, flag in totals)
    return rows, total, f"{rows_detail} / {totals_detail}"


def list_cells(context):
    """Rows and total of a browse page: the cards shown, and the paginator's count
    ("1,000+" past the cap, as the page says)."""
    page = context_value(context, "page_obj")
    if page is not None:
        paginator = page.paginator
        total = f"{paginator.count:,}" + ("+" if getattr(paginator, "capped", False) else "")
        return str(len(page.object_list)), total, ""
    object_list = context_value(context, "object_list")
    return ("-" if object_list is None else str(len(object_list))), "-", ""


CELLS = {"search": search_cells, "list": list_cells}


def explain_ms(sql):
    """Planning and execution time of ``sql``, as PostgreSQL measures them."""
    with connection.cursor() as cursor:
        # No parameters: the statement was captured with its values bound, and
        # without parameters its "%" signs are not placeholders.
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        (plan,) = cursor.fetchone()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return plan[0]["Planning Time"] + plan[0]["Execution Time"]


def server_version():
    """The database server's version, as the benchmarks' reports name it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return cursor.fetchone()[0].split()[0]
    if connection.vendor == "sqlite":
        return connection.Database.sqlite_version
    return ""


def generate_at_size(size, stdout):
    """``generate_data`` at ``size`` organizations, with its other records in the default
    proportions, then ANALYZE of the whole database: generate_data analyzes the tables
    it writes to, not every table the pages and the search read."""
    stdout.write(f"Generating {size:,} organizations…")
    started = time.perf_counter()
    call_command(
        "generate_data",
        organizations=size,
        agreements=size // 5,
        events=size * 3 // 10,
        benefits=size // 2,
        verbosity=0,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    stdout.write(f"  in {time.perf_counter() - started:.1f} s, ANALYZE included")


class Command(BaseCommand):
    help = (
        "Measure the global search and the organization list's q at several data sizes "
        "(regenerates the gen- data unless --no-generate)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sizes",
            type=int,
            nargs="+",
            metavar="N",
            help="Organizations to generate, one size after the other (default 1000 100000).",
        )
        parser.add_argument(
            "--no-generate",
            action="store_true",
            help="Measure the data already in the database.",
        )
        parser.add_argument("--runs", type=int, default=7, help="Timed rounds (default 7).")

    def handle(self, *args, sizes, no_generate, runs, **options):
        if runs < 1:
            raise CommandError("--runs must be at least 1.")
        if no_generate and sizes:
            raise CommandError("--no-generate measures the data in the database: drop --sizes.")
        if not no_generate:
            sizes = sizes or [1_000, 100_000]
            if min(sizes) < 1:
                raise CommandError("Every size must be at least 1.")

        columns = []
        for size in [None] if no_generate else sizes:
            if size is not None:
                self.generate(size)
            columns.append(Column(size, self.counts(), self.measure(runs)))
        self.report(columns, runs)

    def counts(self):
        return {
            "organizations": Organization.objects.count(),
            "agreements": Agreement.objects.count(),
            "events": Event.objects.count(),
        }

    def generate(self, size):
        generate_at_size(size, self.stdout)

    def measure(self, runs):
        client = Client()
        # The test Client's host, which a production ALLOWED_HOSTS does not list.
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            with rendered_contexts():
                measures = {
                    (query, page): self.warm_up(client, query, page)
                    for query in QUERIES
                    for page in PAGES
                }
            for _ in range(runs):
                for measure in measures.values():
                    self.time_once(client, measure)
        return measures

    def warm_up(self, client, query, page):
        """Request the page once, capturing its SQL and what it shows."""
        with translation.override(query.language):
            url = f"{reverse(PAGES[page])}?{urlencode({'q': query.text})}"
        with CaptureQueriesContext(connection) as captured:
            response = self.get(client, url)
        statements = [q["sql"] for q in captured.captured_queries if is_read(q["sql"] or "")]
        rows, total, detail = CELLS[page](response.context)
        return Measure(url, statements, rows, total, detail)

    def get(self, client, url):
        # secure=True: the page as served over HTTPS, whatever SECURE_SSL_REDIRECT says.
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}, not 200.")
        return response

    def time_once(self, client, measure):
        if connection.vendor == "postgresql":
            started = time.perf_counter()
            self.get(client, measure.url)
            measure.page_ms.append((time.perf_counter() - started) * 1000)
            measure.db_ms.append(sum(explain_ms(sql) for sql in measure.statements))
            return

        statement_ms = []

        def timed(execute, sql, params, many, context):
            if not is_read(sql):
                return execute(sql, params, many, context)
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                statement_ms.append((time.perf_counter() - started) * 1000)

        with connection.execute_wrapper(timed):
            started = time.perf_counter()
            self.get(client, measure.url)
            measure.page_ms.append((time.perf_counter() - started) * 1000)
        measure.db_ms.append(sum(statement_ms))

    def report(self, columns, runs):
        self.write_header(columns, runs)
        self.write_table(columns)
        self.write_bounds(columns)

    def write_header(self, columns, runs):
        write = self.stdout.write
        write("")
        write(
            f"Search benchmark on {connection.vendor} {self.server_version()}: medians of "
            f"{runs} interleaved round{'s' if runs > 1 else ''} after one warm-up."
        )
        if connection.vendor == "postgresql":
            write(
                "DB ms: the page's SELECTs re-run as EXPLAIN (ANALYZE, FORMAT JSON), "
                "Planning + Execution Time summed."
            )
        else:
            write(
                "DB ms: the page's SELECTs timed in execute() as the page runs them "
                f"({connection.vendor} has no EXPLAIN ANALYZE)."
            )
        write(
            "page ms: the whole request through Django's test Client (middleware, view, templates)."
        )
        write(
            "sql: the page's SELECTs. rows: results shown. total: results announced "
            "(~ estimated, - not said)."
        )
        write(f"per kind: rows / total of the {', '.join(KINDS)} groups.")
        for column in columns:
            counts = column.counts
            origin = "as found" if column.size is None else f"generated for --sizes {column.size}"
            write(
                f"{column.label} orgs: {counts['organizations']:,} organizations, "
                f"{counts['agreements']:,} agreements, {counts['events']:,} events ({origin})."
            )

    def write_table(self, columns):
        header = ["query", "page", "orgs", "sql", "DB ms", "page ms", "rows", "total", "per kind"]
        lines = [header]
        for query in QUERIES:
            for page in PAGES:
                for column in columns:
                    measure = column.measures[query, page]
                    lines.append(
                        [
                            query.label,
                            page,
                            column.label,
                            str(len(measure.statements)),
                            f"{statistics.median(measure.db_ms):.1f}",
                            f"{statistics.median(measure.page_ms):.1f}",
                            measure.rows,
                            measure.total,
                            measure.detail,
                        ]
                    )
        # As narrow as the cells allow (the lines stay under 120 characters at 100,000
        # organizations), two spaces apart; text to the left, numbers to the right.
        widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
        left = {0, 1, len(header) - 1}
        self.stdout.write("")
        for number, line in enumerate(lines):
            cells = [
                cell.ljust(width) if i in left else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(line, widths, strict=True))
            ]
            self.stdout.write("  ".join(cells).rstrip())
            if number == 0:
                self.stdout.write("-" * sum(widths, 2 * (len(widths) - 1)))

    def write_bounds(self, columns):
        self.stdout.write("")
        self.stdout.write(
            "Medians over the queries, against issue 12's bounds (information, not a test):"
        )
        for column in columns:
            for page in PAGES:
                for typo in (False, True):
                    measures = [column.measures[q, page] for q in QUERIES if q.typo == typo]
                    queries = f"{len(measures)} {'typo' if typo else 'word'} queries"
                    for metric, bound, times in (
                        ("DB", DB_BOUND_MS[typo], [m.db_ms for m in measures]),
                        ("page", PAGE_BOUND_MS, [m.page_ms for m in measures]),
                    ):
                        value = statistics.median(map(statistics.median, times))
                        verdict = "meets" if value <= bound else "misses"
                        self.stdout.write(
                            f"{column.label:>9} orgs  {page:<6}  {queries:<15}  {metric:<4} "
                            f"{value:>8.1f} ms  bound {bound} ms  {verdict}"
                        )

    def server_version(self):
        return server_version()
