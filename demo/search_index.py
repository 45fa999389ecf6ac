"""The demo's one door to the search engine.

`load_demo` and `generate_data` write in bulk, which the admin's reindexing never
sees, so they rebuild the search index themselves, through this module only.
"""

from search import indexing
from search.models import POSTINGS, SearchName, SearchTerm


def rebuild() -> int:
    """Index every record from scratch; return how many."""
    return indexing.rebuild()


def clear():
    """Empty the index: cheaper than letting thousands of deletions cascade into it,
    when it is rebuilt after."""
    indexing.clear()


def is_complete() -> bool:
    """Whether every record is in the index."""
    return all(
        postings.objects.values("record_id").distinct().count()
        == postings._meta.get_field("record").related_model.objects.count()
        for postings in POSTINGS.values()
    )


def search_tables() -> list[str]:
    return [model._meta.db_table for model in [*POSTINGS.values(), SearchName, SearchTerm]]
