from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members and requests")

    def ready(self):
        # Connects the erasure of requests to ``portal.signals.person_forgotten``.
        from members import privacy  # noqa: F401
