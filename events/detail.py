"""What the event and series pages read, in queries compiled once per language
(``portal.compiled_reads``), made into the model instances their templates read.

The event page: the event and its series; its organizers and participants, with
their organizations; the cards of the agreements signed at it and of those related
to it (agreements are a higher app: their own read, reached through the relation's
model).

The series page: the series and its organizer; its upcoming editions; its past ones.
"""

from django.db.models import CharField, IntegerField

from events import calendar
from events.models import Event, EventOrganization, Series
from events.querysets import EVENT_CARD_FIELDS
from portal.compiled_reads import CompiledRead, Parameter, load_related, loaded, plain
from portal.localized import localized
from portal.publishing import Publication, previewable, published_through

SLUG = Parameter("slug", CharField())
EVENT = Parameter("event", IntegerField())
SERIES = Parameter("series", IntegerField())
SERIES_FIELDS = ("id", "slug", "name_en", "name_fr")
ORGANIZATION_FIELDS = ("id", "slug", "name_en", "name_fr")
# A series' organizer's, read and not shown: a draft organization is left out.
ORGANIZER_FIELDS = (*ORGANIZATION_FIELDS, "publication")
# Editions the series page lists, of each kind (upcoming, past).
SERIES_EVENTS_SHOWN = 50

EVENT_ROW = CompiledRead(
    lambda: (
        plain(Event, drafts=True)
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
        .filter(published_through("organization"), event=EVENT)
        .order_by("role", localized("organization__name"))
        .values("id", "role", *[f"organization__{name}" for name in ORGANIZATION_FIELDS])
    )
)


def event_page(slug, viewer, today):
    """The event ``slug`` and what its page shows, for the template's context, its
    agreements as they stand on ``today``; None when there is no such event, or it is a
    draft ``viewer`` may not preview."""
    rows = EVENT_ROW.rows(slug=slug)
    if not rows:
        return None
    row = rows[0]
    event = loaded(Event, row)
    if not previewable(event, viewer):
        return None
    load_related(event, "series", row, "series__")
    roles = []
    for role_row in ROLE_ROWS.rows(event=event.pk):
        role = loaded(EventOrganization, role_row)
        load_related(role, "organization", role_row, "organization__")
        roles.append(role)
    agreements = Event.related_agreements.field.related_model.objects
    signed, related = agreements.cards_of_event(event, today)
    return {
        "event": event,
        "roles": roles,
        "in_calendars": calendar.can_be_in_calendar(event),
        "agreements_signed": signed,
        "related_agreements": related,
    }


SERIES_ROW = CompiledRead(
    lambda: (
        plain(Series)
        .filter(slug=SLUG)
        .order_by()
        .values(
            *[field.attname for field in Series._meta.concrete_fields],
            *[f"organizer__{name}" for name in ORGANIZER_FIELDS],
        )
    )
)
# Built for a day: what is upcoming changes at midnight.
UPCOMING_EDITION_ROWS = CompiledRead(
    lambda today: (
        plain(Event)
        .filter(series=SERIES)
        .upcoming(today)
        .values(*EVENT_CARD_FIELDS)[:SERIES_EVENTS_SHOWN]
    )
)
PAST_EDITION_ROWS = CompiledRead(
    lambda today: (
        plain(Event)
        .filter(series=SERIES)
        .past(today)
        .values(*EVENT_CARD_FIELDS)[:SERIES_EVENTS_SHOWN]
    )
)


def series_page(slug, today):
    """The series ``slug`` and what its page shows on ``today``, for the template's
    context; None when there is no such series."""
    rows = SERIES_ROW.rows(slug=slug)
    if not rows:
        return None
    row = rows[0]
    series = loaded(Series, row)
    if row["organizer__publication"] == Publication.DRAFT:
        row["organizer__id"] = None
    load_related(series, "organizer", row, "organizer__")
    return {
        "series": series,
        "upcoming_events": [
            loaded(Event, event) for event in UPCOMING_EDITION_ROWS.rows(today, series=series.pk)
        ],
        "past_events": [
            loaded(Event, event) for event in PAST_EDITION_ROWS.rows(today, series=series.pk)
        ],
    }
