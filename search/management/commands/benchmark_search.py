"""Time search at several data sizes, side by side.

For each size, the synthetic data is regenerated (``generate_data``, scaled from
the number of organizations) and a fixed set of queries is timed: the global
search (three queries, one per kind) and the organization list filtered by the
same words (count and first page). Medians of several runs, in milliseconds.
Timings are measurements to read, never assertions.

    python manage.py benchmark_search --sizes 1000 100000
"""

import statistics
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import RequestFactory
from django.utils import translation

from organizations.views import OrganizationListView
from search import querying

QUERIES = [
    ("en", "quebec"),
    ("en", "life sciences ontario"),
    ("en", "cancer lyon"),
    ("en", "genomics montreal"),
    ("en", "Sherbroke"),
    ("en", "Massachusets"),
    ("fr", "protocole d'entente"),
    ("fr", "thérapie cellulaire"),
]


class Command(BaseCommand):
    help = "Time global search and list search at several data sizes (regenerates gen- data)."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000])
        parser.add_argument("--runs", type=int, default=5)

    def handle(self, *args, sizes, runs, **options):
        timings = {}
        for size in sizes:
            self.stdout.write(f"Generating {size:,} organizations…")
            call_command(
                "generate_data",
                organizations=size,
                agreements=size // 5,
                events=size * 3 // 10,
                benefits=size // 2,
                verbosity=0,
            )
            timings[size] = self.measure(runs)
        self.report(sizes, timings)

    def measure(self, runs):
        factory = RequestFactory()
        view = OrganizationListView.as_view()
        results = {}
        for language, query in QUERIES:
            with translation.override(language):
                querying.search(query, language)  # warm the caches once
                results[(language, query, "search page")] = self.median(
                    runs,
                    lambda: querying.search(query, language),  # noqa: B023
                )
                results[(language, query, "organization list")] = self.median(
                    runs,
                    lambda: view(factory.get("/", {"q": query})).render(),  # noqa: B023
                )
        return results

    def median(self, runs, work):
        durations = []
        for _ in range(runs):
            started = time.perf_counter()
            work()
            durations.append((time.perf_counter() - started) * 1000)
        return statistics.median(durations)

    def report(self, sizes, timings):
        header = f"{'query':<34}{'where':<20}" + "".join(
            f"{f'{size:,} orgs':>16}" for size in sizes
        )
        self.stdout.write(f"\nSearch timings on {connection.vendor} (median ms)")
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for key in timings[sizes[0]]:
            language, query, where = key
            cells = "".join(f"{timings[size][key]:>16.1f}" for size in sizes)
            self.stdout.write(f"{f'[{language}] {query}':<34}{where:<20}{cells}")
