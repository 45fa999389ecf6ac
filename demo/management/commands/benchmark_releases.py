"""Time the press release reader on the data in the database: parties looked up in
the search index (what staff use) against the whole directory read into memory,
in interleaved rounds, release by release.

    python manage.py benchmark_releases [--rounds 2] [--limit 10] [FILE ...]

Without files, the first ``--limit`` fictional releases of tests/data/releases (at
100,000 organizations the whole directory takes some seconds per release). Nothing
is written.
"""

import statistics
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.releases import extract as reader
from agreements.releases import parties
from organizations.models import Organization

RELEASES = settings.BASE_DIR / "tests" / "data" / "releases"


class Command(BaseCommand):
    help = "Time reading press releases: the search index's candidates against every organization."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="Releases to read (plain text).")
        parser.add_argument("--rounds", type=int, default=2)
        parser.add_argument("--limit", type=int, default=10)

    def handle(self, *args, files, rounds, limit, **options):
        paths = [Path(f) for f in files] or sorted(RELEASES.glob("*.txt"))[:limit]
        texts = [path.read_text(encoding="utf-8") for path in paths]
        self.stdout.write(
            f"{Organization.all_objects.count():,} organizations, {len(texts)} releases, "
            f"{rounds} rounds ({connection.vendor})"
        )
        timings = {"index": [], "whole directory": []}
        queries = {"index": [], "whole directory": []}
        for text in texts[:1]:
            reader.extract(text)  # imports and caches warmed
        for _round in range(rounds):
            for text in texts:
                for label in timings:
                    language = reader.detect_language(text)
                    start = time.perf_counter()
                    with CaptureQueriesContext(connection) as captured:
                        directory = (
                            parties.Directory(language) if label == "whole directory" else None
                        )
                        reader.extract(text, directory=directory)
                    timings[label].append(time.perf_counter() - start)
                    queries[label].append(len(captured))
        index = statistics.median(timings["index"])
        whole = statistics.median(timings["whole directory"])
        for label in timings:
            self.stdout.write(
                f"  {label:<16} median {statistics.median(timings[label]) * 1000:8.0f} ms, "
                f"max {max(timings[label]) * 1000:8.0f} ms, "
                f"{statistics.median(queries[label]):.0f} queries per release"
            )
        self.stdout.write(f"  whole directory ÷ index: {whole / index:.1f}×")
