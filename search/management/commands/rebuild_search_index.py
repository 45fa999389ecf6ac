from django.core.management.base import BaseCommand

from search import indexing


class Command(BaseCommand):
    help = "Rebuild the search entries of every organization, agreement and event."

    def handle(self, *args, **options):
        written = indexing.rebuild()
        if options["verbosity"]:
            for kind, count in written.items():
                self.stdout.write(f"{kind}: {count} entries")
