from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.contrib import admin

        from portal import checks  # noqa: F401 (registers them)
        from portal.page_cache import watch_writes

        # Any write retires the cached pages and figures (portal.page_cache).
        watch_writes()

        # The admin is the staff's side of Passerelle, and says so (Django's default
        # header is "Django administration").
        admin.site.site_header = admin.site.site_title = _("Passerelle — staff")
        admin.site.index_title = _("Records")
