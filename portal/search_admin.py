"""Keep search entries current when staff edit records in the admin.

Staff change records through the admin; after a record and its inlines are
saved, reverted to an earlier version or restored after a deletion, the entries
that show its words are rebuilt. Bulk writers (load_demo, generate_data)
rebuild the index themselves, and ``manage.py rebuild_search_index`` rebuilds
everything.
"""

from django.contrib.admin.utils import unquote

from portal import search


class ReindexSearchMixin:
    """For a ModelAdmin: ``search_targets(obj)`` names what to rebuild after a save."""

    def search_targets(self, obj) -> dict[str, list[int]]:
        raise NotImplementedError

    def reindex(self, obj):
        for kind, ids in self.search_targets(obj).items():
            search.index(kind, ids)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.reindex(form.instance)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            obj = self.model._default_manager.filter(pk=unquote(object_id)).first()
            if obj is not None:
                self.reindex(obj)
        return response

    def after_restore(self, restored):
        super().after_restore(restored)
        self.reindex(restored[0])
