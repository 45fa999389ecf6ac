from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    """Finding partners by place and by relationship: the map, the corridors between
    regions, the network of who signs with whom, and the history of two organizations."""

    name = "partners"
    verbose_name = _("Partners by place and relationship")
