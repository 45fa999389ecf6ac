from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        # After modeltranslation's ready(): see portal.history.
        from portal.history import register_models

        register_models(self)
