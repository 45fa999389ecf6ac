from django.urls import path
from django.utils.translation import gettext_lazy as _

from partners import views

app_name = "partners"

urlpatterns = [
    path(_("corridors/"), views.corridor_list, name="corridors"),
    path(_("corridors/<str:slug>/"), views.corridor_detail, name="corridor"),
]
