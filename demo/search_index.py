"""The demo's one door to the search engine.

`load_demo` and `generate_data` write in bulk, which the admin's reindexing never
sees, so they rebuild the search entries themselves, through this module only.
"""

from search import indexing
from search.models import SearchEntry


def rebuild():
    indexing.rebuild()


def is_complete():
    """Whether every record has its entries, in every language."""
    records = sum(model.objects.count() for model in indexing.MODELS.values())
    return SearchEntry.objects.count() == len(indexing.LANGUAGES) * records


def index_slugs_starting_with(prefix) -> int:
    """Entries for the records whose slug starts with `prefix`; return how many."""
    return sum(
        indexing.index(kind, model.objects.filter(slug__startswith=prefix).values("pk"))
        for kind, model in indexing.MODELS.items()
    )


def search_tables() -> list[str]:
    return [SearchEntry._meta.db_table]
