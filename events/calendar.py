"""Events as iCalendar (RFC 5545): one event's file, and feeds to subscribe to.

What a calendar holds, and why:

- Only events known to the day. An event known only to its month or year
  ("March 2025") is left out of every feed and has no file of its own: a
  calendar entry needs a day, and putting it on the 1st, or across the whole
  month, would invent what the sources do not say. Its page says why it has no
  "Add to calendar" link; it joins the feeds once staff record its days.
- A one-day event with a start time is timed, in the event's own named time
  zone (TZID, with its VTIMEZONE); without an end time it has no DTEND, since
  the end is not known. Events with no time, and events over several days, are
  all-day (DATE values, DTEND the day after the last day, as RFC 5545 counts it),
  so calendars show a three-day convention as three whole days.
- UIDs come from the event's id, so fetching or subscribing again updates the
  entries instead of duplicating them.
- Entries are TRANSPARENT: an event in a subscribed calendar is something one
  may attend, not a commitment that should make one look busy.
- No METHOD: in a published calendar DTSTAMP is when the event was last changed
  (RFC 5545, 3.8.7.2), so a feed's bytes change only when its events do.
- Every text is cleaned before it is written (``one_line``, ``paragraphs``): a
  line break or control character, typed in a subscribe link's words or saved in
  a record, would otherwise end a content line early (icalendar writes a
  calendar's name as it is) and let the rest be read as lines of its own.

A calendar is written as its opening lines (with the VTIMEZONEs it needs), one
event at a time, then its closing line: a feed of thousands of events is
streamed from a database iterator and never held in memory as one Calendar.
"""

import datetime
import functools
import re
import zoneinfo
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import icalendar
from django.db.models import Max, Min
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_countries import countries

from events.models import Event, EventKind
from portal.dates import DatePrecision

CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//Passerelle//Passerelle events//EN"
# How often a subscribed calendar should be fetched again.
REFRESH_INTERVAL = datetime.timedelta(hours=12)
# Rows read from the database at a time while a feed is written.
CHUNK_SIZE = 500
# Events written per piece of a streamed response.
EVENTS_PER_PIECE = 100
CLOSING = b"END:VCALENDAR\r\n"

# Characters no calendar text may hold: C0 and C1 controls (RFC 5545's CONTROL,
# tab and line breaks included) and the Unicode line and paragraph separators.
_NOT_IN_A_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def one_line(text: str) -> str:
    """``text`` as one line of calendar text: controls and line breaks become single spaces."""
    return " ".join(_NOT_IN_A_LINE.sub(" ", text or "").split())


def paragraphs(text: str) -> str:
    """A long text (a description) keeps its line breaks, which icalendar escapes as
    ``\\n``; each line is cleaned as ``one_line``."""
    lines = (one_line(line) for line in re.split(r"\r\n|\r|\n|\u2028|\u2029", text or ""))
    return "\n".join(lines).strip("\n")


def in_calendars(events):
    """The events a calendar can hold: those known to the day (see the module's docstring)."""
    return events.filter(date_precision=DatePrecision.DAY)


def can_be_in_calendar(event: Event) -> bool:
    return event.date_precision == DatePrecision.DAY


def uid(event: Event) -> str:
    return f"event-{event.pk}@passerelle"


@functools.cache
def _zone(name: str) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def is_timed(event: Event) -> bool:
    """Timed: a start time on a single day, in a time zone we know."""
    single_day = event.end_date is None or event.end_date == event.start_date
    return bool(event.start_time and single_day and _zone(event.time_zone))


@dataclass(frozen=True)
class Labels:
    """Kinds and countries in the active language, looked up once per calendar rather
    than once per event (a label is translated again at each lookup)."""

    kinds: dict[str, str]
    countries: dict[str, str]

    @classmethod
    def active(cls):
        return cls(
            kinds={value: capfirst(str(label)) for value, label in EventKind.choices},
            countries={code: str(name) for code, name in countries},
        )


def location(event: Event, labels: Labels) -> str:
    """Venue, city, region, country: the place as the event page writes it."""
    country = labels.countries.get(event.country.code, "") if event.country else ""
    parts = (one_line(part) for part in (event.venue, event.city, event.region, country))
    return ", ".join(part for part in parts if part)


def event_component(event: Event, page_url: str, labels: Labels) -> icalendar.Event:
    if is_timed(event):
        zone = _zone(event.time_zone)
        start = datetime.datetime.combine(event.start_date, event.start_time, tzinfo=zone)
        end = (
            datetime.datetime.combine(event.start_date, event.end_time, tzinfo=zone)
            # RFC 5545 wants an end after the start: an end equal to it is no end.
            if event.end_time and event.end_time > event.start_time
            else None
        )
    else:
        start = event.start_date
        end = (event.end_date or event.start_date) + datetime.timedelta(days=1)
    categories = [one_line(labels.kinds.get(event.kind, event.kind))]
    if event.series_id:
        categories.append(one_line(event.series.name))
    page_url = one_line(page_url)
    description = "\n\n".join(part for part in (paragraphs(event.description), page_url) if part)
    component = icalendar.Event.new(
        uid=uid(event),
        stamp=event.updated_at.astimezone(datetime.UTC),
        created=event.created_at.astimezone(datetime.UTC),
        last_modified=event.updated_at.astimezone(datetime.UTC),
        summary=one_line(event.display_name),
        start=start,
        end=end,
        categories=categories,
        location=location(event, labels) or None,
        description=description,
        url=page_url,
        transparency="TRANSPARENT",
    )
    return component


def time_zones(events) -> dict[str, tuple[datetime.date, datetime.date]]:
    """The time zones the timed events among ``events`` use, with the dates they span.

    One query, whatever the number of events.
    """
    spans = (
        events.filter(start_time__isnull=False)
        .order_by()
        .values("time_zone")
        .annotate(first=Min("start_date"), last=Max("start_date"))
    )
    return {row["time_zone"]: (row["first"], row["last"]) for row in spans}


@functools.lru_cache(maxsize=256)
def _vtimezone(name: str, first_year: int, last_year: int) -> icalendar.Timezone | None:
    try:
        return icalendar.Timezone.from_tzid(
            name,
            first_date=datetime.date(first_year, 1, 1),
            last_date=datetime.date(last_year + 1, 1, 1),
        )
    except ValueError:
        # Not a zone the tz database knows: the entries keep their TZID and
        # calendars fall back on their own idea of it.
        return None


def _opening(name: str, zones: dict[str, tuple[datetime.date, datetime.date]], feed: bool):
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.calendar_name = one_line(name)
    if feed:
        # RFC 7986 requires the VALUE parameter, which the refresh_interval setter leaves out.
        calendar.add(
            "refresh-interval",
            icalendar.vDuration(REFRESH_INTERVAL),
            parameters={"VALUE": "DURATION"},
        )
        # Its older spelling, still the one Outlook reads.
        calendar.add("x-published-ttl", icalendar.vDuration(REFRESH_INTERVAL))
    for zone_name, (first, last) in sorted(zones.items()):
        vtimezone = _vtimezone(zone_name, first.year, last.year)
        if vtimezone is not None:
            calendar.add_component(vtimezone)
    text = calendar.to_ical()
    assert text.endswith(CLOSING)
    return text.removesuffix(CLOSING)


def write_calendar(
    name: str,
    events: Iterable[Event],
    zones: dict[str, tuple[datetime.date, datetime.date]],
    absolute_url: Callable[[str], str],
    feed: bool,
) -> Iterator[bytes]:
    """The calendar's bytes, in pieces: opening lines, one piece per event, closing line.

    Runs in the active language when it is created: a streamed response is
    written after the view has returned.
    """
    language = translation.get_language()
    with translation.override(language):
        labels = Labels.active()
        yield _opening(name, zones, feed)
        written = []
        for event in events:
            page_url = absolute_url(event.get_absolute_url())
            written.append(event_component(event, page_url, labels).to_ical())
            if len(written) == EVENTS_PER_PIECE:
                yield b"".join(written)
                written = []
        yield b"".join([*written, CLOSING])


def _absolute_url(request) -> Callable[[str], str]:
    root = request.build_absolute_uri("/").removesuffix("/")
    return lambda path: root + path


def feed_response(request, name: str, events) -> StreamingHttpResponse:
    """A subscribable calendar of ``events`` (a queryset), streamed."""
    events = in_calendars(events)
    zones = time_zones(events)
    content = write_calendar(
        name,
        events.iterator(chunk_size=CHUNK_SIZE),
        zones,
        _absolute_url(request),
        feed=True,
    )
    return StreamingHttpResponse(content, content_type=CONTENT_TYPE)


def event_response(request, event: Event) -> HttpResponse:
    """One event as a file to add to a calendar."""
    zones = {event.time_zone: (event.start_date, event.start_date)} if is_timed(event) else {}
    name = f"Passerelle · {event.display_name}"
    content = b"".join(write_calendar(name, [event], zones, _absolute_url(request), feed=False))
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{event.slug}.ics")
    return response


def feed_name(filters: dict) -> str:
    """What a filtered events feed holds, in the active language: the calendar's name.

    ``filters`` is the cleaned data of an events list's ``EventFilter``.
    """
    when = {"past": _("Past events"), "all": _("All events")}.get(
        filters.get("when"), _("Upcoming events")
    )
    parts = ["Passerelle", when]
    if filters.get("series"):
        parts.append(filters["series"].name)
    if filters.get("kind"):
        parts.append(capfirst(str(EventKind(filters["kind"]).label)))
    if filters.get("country"):
        parts.append(str(countries.name(filters["country"])))
    if filters.get("organizer"):
        parts.append(_("organized by %(name)s") % {"name": filters["organizer"].name})
    if filters.get("q"):
        parts.append(_("matching “%(words)s”") % {"words": one_line(filters["q"])})
    if filters.get("start_from"):
        date = date_format(filters["start_from"], "DATE_FORMAT")
        parts.append(_("starting from %(date)s") % {"date": date})
    if filters.get("start_to"):
        date = date_format(filters["start_to"], "DATE_FORMAT")
        parts.append(_("starting up to %(date)s") % {"date": date})
    return " · ".join(parts)


def series_name(series) -> str:
    return f"Passerelle · {series.name}"
