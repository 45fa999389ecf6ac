from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from events import exports, views

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="list"),
    path("calendar.ics", views.events_calendar, name="calendar"),
    # The month calendar page ("calendar" names the .ics feed, older and linked from
    # subscribed calendars).
    path(
        _("calendar/"),
        include(
            [
                path("", views.this_month_calendar, name="calendar_page"),
                path("<int:year>/<int:month>/", views.month_calendar, name="calendar_month"),
            ]
        ),
    ),
    path("export.csv", exports.events_csv, name="export"),
    path(_("series/<slug:slug>/"), views.series_detail, name="series"),
    path(_("series/<slug:slug>/calendar.ics"), views.series_calendar, name="series_calendar"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/calendar.ics", views.event_calendar, name="event_calendar"),
]
