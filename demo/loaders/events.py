"""Event series and events, with their organizers and participants."""

from events.models import Event, EventOrganization, EventRole, Series
from organizations.models import Organization


def load(records, data):
    for row in data["series"]:
        values = dict(row)
        values["organizer"] = records.get(Organization, values.pop("organizer", None))
        records.upsert_by_slug(Series, values)
    for row in data["events"]:
        values = dict(row)
        roles = [(EventRole.ORGANIZER, slug) for slug in values.pop("organizers", [])] + [
            (EventRole.PARTICIPANT, slug) for slug in values.pop("participants", [])
        ]
        # Agreements are loaded after events: the agreements loader links them.
        values.pop("related_agreements", None)
        values["series"] = records.get(Series, values.pop("series", None))
        event = records.upsert_by_slug(Event, values)
        for role, slug in roles:
            records.upsert(
                EventOrganization,
                {"event": event, "organization": records.get(Organization, slug)},
                {"role": role},
            )
