from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements")

    def ready(self):
        # After modeltranslation's ready(): see portal.history.
        from portal.history import register_models

        register_models(self)
