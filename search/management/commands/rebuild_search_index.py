from django.core.management.base import BaseCommand

from search import indexing


class Command(BaseCommand):
    help = "Rebuild the search index of every organization, agreement and event."

    def handle(self, *args, **options):
        indexed = indexing.rebuild()
        if options["verbosity"]:
            self.stdout.write(f"{indexed:,} records indexed.")
