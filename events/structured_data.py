"""An event's page as schema.org reads it (JSON-LD): its dates at the precision they
are known, its place, its organizers (published ones, as the page lists them) and its
series."""

import datetime
import zoneinfo

from events.choices import EventKind, EventRole
from organizations.structured_data import postal_address
from portal.dates import PartialDate

ATTENDANCE = "https://schema.org/{}EventAttendanceMode"


def moment(day, time, event):
    """A day at its precision ("2025-03", "2025-03-12"), with the time and its offset
    when one is known ("2025-03-12T09:00:00-04:00")."""
    if time is None:
        return PartialDate(day, event.date_precision).iso()
    zone = zoneinfo.ZoneInfo(event.time_zone)
    return datetime.datetime.combine(day, time, tzinfo=zone).isoformat()


def event_structured_data(event, roles, absolute_url):
    """schema.org's Event for ``event``, whose organizers are the ``roles`` (the page's
    published organizations and their roles) marked as such; ``absolute_url`` makes a
    path absolute. No eventStatus: a cancellation or a postponement is not recorded."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.display_name,
        "url": absolute_url(event.get_absolute_url()),
        "startDate": moment(event.start_date, event.start_time, event),
    }
    end_day = event.end_date or (event.start_date if event.end_time else None)
    if end_day is not None and (end_day != event.start_date or event.end_time):
        data["endDate"] = moment(end_day, event.end_time, event)
    if event.description:
        data["description"] = event.description

    places = []
    address = postal_address(event)
    in_person = bool(event.venue or address)
    if in_person:
        place = {"@type": "Place"}
        if event.venue:
            place["name"] = event.venue
        if address:
            place["address"] = address
        places.append(place)
    online = bool(event.online_url) or event.kind == EventKind.WEBINAR
    if event.online_url:
        places.append({"@type": "VirtualLocation", "url": event.online_url})
    if places:
        data["location"] = places[0] if len(places) == 1 else places
    if in_person or online:
        mode = "Mixed" if in_person and online else "Online" if online else "Offline"
        data["eventAttendanceMode"] = ATTENDANCE.format(mode)

    organizers = [
        {
            "@type": "Organization",
            "name": role.organization.name,
            "url": absolute_url(role.organization.get_absolute_url()),
        }
        for role in roles
        if role.role == EventRole.ORGANIZER
    ]
    if organizers:
        data["organizer"] = organizers[0] if len(organizers) == 1 else organizers
    if event.series:
        data["superEvent"] = {
            "@type": "EventSeries",
            "name": event.series.name,
            "url": absolute_url(event.series.get_absolute_url()),
        }
    return data
