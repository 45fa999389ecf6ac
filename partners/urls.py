from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from partners import between_views, corridor_views, map_views, network_views

app_name = "partners"

urlpatterns = [
    path(_("map/"), map_views.partner_map, name="map"),
    path(_("corridors/"), corridor_views.corridor_list, name="corridors"),
    path(_("corridors/<str:slug>/"), corridor_views.corridor_detail, name="corridor"),
    path(_("network/"), network_views.network_page, name="network"),
    # Under the organizations' own translated prefix (organizations/, organisations/).
    path(
        _("organizations/"),
        include(
            [
                path(
                    _("<slug:slug>/with/<slug:other>/"),
                    between_views.between,
                    name="between",
                ),
            ]
        ),
    ),
]
