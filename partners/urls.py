from django.urls import path
from django.utils.translation import gettext_lazy as _

from partners import corridor_views, network_views

app_name = "partners"

urlpatterns = [
    path(_("corridors/"), corridor_views.corridor_list, name="corridors"),
    path(_("corridors/<str:slug>/"), corridor_views.corridor_detail, name="corridor"),
    path(_("network/"), network_views.network_page, name="network"),
]
