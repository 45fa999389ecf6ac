from django.urls import path
from django.utils.translation import gettext_lazy as _

from partners import views

app_name = "partners"

urlpatterns = [
    path(_("map/"), views.partner_map, name="map"),
]
