from django.urls import path
from django.utils.translation import gettext_lazy as _

from events import views

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="list"),
    path(_("series/<slug:slug>/"), views.series_detail, name="series"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
]
