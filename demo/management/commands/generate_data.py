"""Generate a deterministic synthetic dataset of any size, for benchmarks.

Synthetic records have slugs starting with "gen-"; each run first deletes those
of the previous run (and what hangs off them) and never touches other records.
See demo/synthetic/ for what the data looks like.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.utils import translation

from demo.synthetic import SyntheticData, delete_synthetic, index_synthetic, synthetic_tables
from portal.page_cache import content_changed


class Command(BaseCommand):
    help = "Replace the synthetic (gen-) organizations, agreements, events and benefits."

    def add_arguments(self, parser):
        parser.add_argument("--organizations", type=int, default=100_000, metavar="N")
        parser.add_argument(
            "--agreements",
            type=int,
            default=20_000,
            metavar="N",
            help="About three parties each.",
        )
        parser.add_argument("--events", type=int, default=30_000, metavar="N")
        parser.add_argument("--benefits", type=int, default=50_000, metavar="N")
        parser.add_argument(
            "--seed", type=int, default=1, help="The same seed gives the same data (default 1)."
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        self.in_place = self.stdout.isatty()
        self.table_started = {}
        started = time.perf_counter()
        try:
            generator = SyntheticData(
                organizations=options["organizations"],
                agreements=options["agreements"],
                events=options["events"],
                benefits=options["benefits"],
                seed=options["seed"],
                progress=self.show_progress,
            )
        except ValueError as error:
            raise CommandError(error) from None

        # bulk_create stores the base column (`name`) from the active language's
        # column: English, the default language, like the rest of the site.
        with translation.override("en"), transaction.atomic():
            self.say("Deleting the previous synthetic data…")
            step = time.perf_counter()
            try:
                deleted = delete_synthetic()
            except ProtectedError as error:
                # Only Party protects an organization: agreements not made here list it.
                raise CommandError(
                    "Synthetic organizations are parties to agreements that are not synthetic "
                    f"({len(error.protected_objects)}, for example "
                    f"{next(iter(error.protected_objects))!r}): nothing was changed."
                ) from None
            self.say(f"  {sum(deleted.values()):,} rows in {time.perf_counter() - step:.1f} s")
            self.say("Creating:")
            created = generator.create()
            self.say("Committing…")
            step = time.perf_counter()
        # PostgreSQL checks the deferred foreign keys of every row now.
        self.say(f"  in {time.perf_counter() - step:.1f} s")

        # Bulk inserts send no signal: the cached pages and counts are retired here.
        content_changed()
        self.say("Indexing for search…")
        step = time.perf_counter()
        indexed = index_synthetic()
        self.say(f"  {indexed:,} records in {time.perf_counter() - step:.1f} s")

        self.say("Reclaiming old rows and updating the planner statistics (VACUUM ANALYZE)…")
        step = time.perf_counter()
        self.analyze()
        self.say(f"  in {time.perf_counter() - step:.1f} s")
        self.say(
            self.style.SUCCESS(
                f"Created {sum(created.values()):,} rows in {time.perf_counter() - started:.1f} s."
            )
        )

    def analyze(self):
        tables = synthetic_tables()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # VACUUM too: replacing a run leaves every old row dead in the heap,
                # and reads would wade through them until autovacuum comes by.
                # (VACUUM cannot run inside a transaction, as in the test suite.)
                command = "ANALYZE " if connection.in_atomic_block else "VACUUM (ANALYZE) "
                cursor.execute(command + ", ".join(map(connection.ops.quote_name, tables)))
            elif connection.vendor == "sqlite":
                for table in tables:
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")

    def say(self, message):
        if self.verbosity:
            self.stdout.write(message)

    def show_progress(self, label, done, total):
        """`total` is None while a table's size is not known yet (link tables)."""
        if not self.verbosity:
            return
        started = self.table_started.setdefault(label, time.perf_counter())
        finished = done == total
        if finished:
            line = f"  {label}: {done:,} in {time.perf_counter() - started:.1f} s"
        elif total is None:
            line = f"  {label}: {done:,} so far"
        else:
            line = f"  {label}: {done:,} / {total:,}"
        if self.in_place:
            # One line per table, rewritten as the batches go in.
            self.stdout.write(f"\r{line}\033[K", ending="\n" if finished else "")
            self.stdout.flush()
        elif finished or (done and done % 25_000 == 0):
            self.stdout.write(line)
