from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        # The apps below search cannot import it: it plugs itself into the lists'
        # words box, the admin's saves and every deletion.
        from django.db.models.signals import pre_delete

        from agreements.releases import parties as release_parties
        from organizations import duplicates as organization_duplicates
        from portal import filters
        from portal.signals import admin_saved
        from search import duplicates, querying, receivers, releases
        from search.documents import MODELS

        filters.register_matcher(querying.matching_ids_of_model)
        organization_duplicates.register_candidate_finder(duplicates.candidate_ids)
        release_parties.register_text_finder(releases.release_candidates)
        for model in receivers.TARGETS:
            admin_saved.connect(
                receivers.reindex_after_admin_save, sender=model, dispatch_uid="search.reindex"
            )
            pre_delete.connect(
                receivers.reindex_after_deletion, sender=model, dispatch_uid="search.deleted"
            )
        for model in MODELS.values():
            pre_delete.connect(
                receivers.forget_before_deletion, sender=model, dispatch_uid="search.forget"
            )
