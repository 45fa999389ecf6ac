"""What the event page reads: three queries, compiled once per language
(``portal.compiled_reads``), made into the model instances its template reads.

1. the event and its series;
2. its organizers and participants, with their organizations;
3. the cards of the agreements signed at it and of those related to it (agreements
   are a higher app: their own read, reached through the relation's model).
"""

from django.db.models import CharField, IntegerField

from events import calendar
from events.models import Event, EventOrganization, Series
from organizations.models import Organization
from portal.compiled_reads import CompiledRead, Parameter, loaded, plain
from portal.localized import localized

SLUG = Parameter("slug", CharField())
EVENT = Parameter("event", IntegerField())
SERIES_FIELDS = ("id", "slug", "name_en", "name_fr")
ORGANIZATION_FIELDS = ("id", "slug", "name_en", "name_fr")

EVENT_ROW = CompiledRead(
    lambda: (
        plain(Event)
        .filter(slug=SLUG)
        .order_by()
        .values(
            *[field.attname for field in Event._meta.concrete_fields],
            *[f"series__{name}" for name in SERIES_FIELDS],
        )
    )
)
# Organizers first, then participants; by name in the visitor's language.
ROLE_ROWS = CompiledRead(
    lambda: (
        plain(EventOrganization)
        .filter(event=EVENT)
        .order_by("role", localized("organization__name"))
        .values("id", "role", *[f"organization__{name}" for name in ORGANIZATION_FIELDS])
    )
)


def event_page(slug):
    """The event ``slug`` and what its page shows, for the template's context; None when
    there is no such event."""
    rows = EVENT_ROW.rows(slug=slug)
    if not rows:
        return None
    row = rows[0]
    event = loaded(Event, row)
    series = loaded(Series, row, prefix="series__") if row["series_id"] is not None else None
    Event.series.field.set_cached_value(event, series)
    roles = []
    for role_row in ROLE_ROWS.rows(event=event.pk):
        role = loaded(EventOrganization, role_row)
        organization = loaded(Organization, role_row, prefix="organization__")
        EventOrganization.organization.field.set_cached_value(role, organization)
        roles.append(role)
    agreements = Event.related_agreements.field.related_model.objects
    signed, related = agreements.cards_of_event(event)
    return {
        "event": event,
        "roles": roles,
        "in_calendars": calendar.can_be_in_calendar(event),
        "agreements_signed": signed,
        "related_agreements": related,
    }
