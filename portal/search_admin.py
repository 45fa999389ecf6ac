"""Keep search entries current when staff edit records in the admin.

Staff change records through the admin; after a record and its inlines are
saved, the entries that show its words are rebuilt. Bulk writers
(load_demo, generate_data) rebuild the index themselves, and
``manage.py rebuild_search_index`` rebuilds everything.
"""

from portal import search


class ReindexSearchMixin:
    """For a ModelAdmin: ``search_targets(obj)`` names what to rebuild after a save."""

    def search_targets(self, obj) -> dict[str, list[int]]:
        raise NotImplementedError

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for kind, ids in self.search_targets(form.instance).items():
            search.index(kind, ids)
