from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements")

    def ready(self):
        # After modeltranslation's ready(): see portal.history.
        from django.db.models.signals import post_save, pre_save

        from agreements import receivers
        from agreements.models import Party
        from organizations.models import Organization
        from portal.history import register_models

        register_models(self)
        pre_save.connect(
            receivers.copy_place_to_party, sender=Party, dispatch_uid="agreements.party_place"
        )
        post_save.connect(
            receivers.copy_place_to_parties,
            sender=Organization,
            dispatch_uid="agreements.parties_place",
        )
