"""The events list as a CSV file, for the query string's filters (upcoming events by
default, as on the page). How the file is written: ``portal.csv_export``."""

from functools import partial

from django.utils.translation import gettext_lazy as _

from events.filters import EventListFilter
from events.models import Event
from portal import csv_export

column = partial(csv_export.field_column, Event)


def events_csv(request):
    events = Event.objects.for_list().with_organizers()
    rows, error = csv_export.filtered(request, EventListFilter, events)
    if error:
        return error
    kinds = csv_export.choice_labels(Event, "kind")
    countries = csv_export.country_names()

    def organizers(event):
        return csv_export.names(role.organization.name for role in event.organizer_roles)

    columns = [
        column("name", lambda e: e.display_name),
        column("series", lambda e: e.series.name if e.series else ""),
        column("edition"),
        column("kind", lambda e: kinds.get(e.kind, e.kind)),
        column("start_date", lambda e: e.dates.start),
        column("end_date", lambda e: e.dates.end),
        column("start_time"),
        column("end_time"),
        column("time_zone"),
        column("venue"),
        column("city"),
        column("region"),
        column("country", lambda e: countries.get(e.country.code, "")),
        csv_export.Column(_("Organizers"), organizers),
        column("online_url"),
        column("registration_url"),
        column("member_rate_note"),
        column("description"),
        csv_export.page_column(request),
    ]
    return csv_export.csv_response("events", columns, rows)
