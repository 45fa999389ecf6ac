"""Events as iCalendar: one event's file, the events list's feed and a series' feed.

Every file is read back with icalendar, the way a calendar application reads it.
"""

import datetime
import zoneinfo

import icalendar
import pytest
from django.utils import timezone
from django.utils.text import capfirst

from events.models import EventKind, EventRole
from portal.dates import DatePrecision
from tests.factories import (
    EventFactory,
    EventOrganizationFactory,
    OrganizationFactory,
    SeriesFactory,
)
from tests.test_pages_helpers import LANGUAGES, get_page, label, ui, url


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def calendar_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(body(response))


def entries(response):
    return calendar_of(response).walk("VEVENT")


def summaries(response):
    return [str(entry["SUMMARY"]) for entry in entries(response)]


# One event's file ------------------------------------------------------------------


def test_a_timed_one_day_event_starts_and_ends_in_its_named_time_zone(client, db):
    event = EventFactory(
        name="Lyon workshop",
        slug="lyon-workshop",
        start_date=datetime.date(2030, 6, 12),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(17, 0),
        time_zone="Europe/Paris",
    )

    response = client.get(url("events:event_calendar", slug=event.slug))

    calendar = calendar_of(response)
    [entry] = calendar.walk("VEVENT")
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    assert entry.start == datetime.datetime(2030, 6, 12, 9, 30, tzinfo=paris)
    assert entry.end == datetime.datetime(2030, 6, 12, 17, 0, tzinfo=paris)
    assert entry["DTSTART"].params["TZID"] == "Europe/Paris"
    assert entry["DTEND"].params["TZID"] == "Europe/Paris"
    assert [zone.tz_name for zone in calendar.timezones] == ["Europe/Paris"]
    assert calendar.get_missing_tzids() == set()
    assert response["Content-Disposition"] == 'attachment; filename="lyon-workshop.ics"'


def test_an_event_over_several_days_is_all_day_with_the_day_after_the_last_as_its_end(client, db):
    # Times on a multi-day convention are its daily hours: calendars show whole days.
    event = EventFactory(
        start_date=datetime.date(2030, 6, 1),
        end_date=datetime.date(2030, 6, 4),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(17, 0),
    )

    calendar = calendar_of(client.get(url("events:event_calendar", slug=event.slug)))

    [entry] = calendar.walk("VEVENT")
    assert (entry.start, entry.end) == (datetime.date(2030, 6, 1), datetime.date(2030, 6, 5))
    assert entry["DTSTART"].params["VALUE"] == "DATE"
    assert entry["DTEND"].params["VALUE"] == "DATE"
    assert calendar.timezones == []


def test_a_one_day_event_with_no_time_is_all_day(client, db):
    event = EventFactory(start_date=datetime.date(2030, 6, 1))

    [entry] = entries(client.get(url("events:event_calendar", slug=event.slug)))

    assert (entry.start, entry.end) == (datetime.date(2030, 6, 1), datetime.date(2030, 6, 2))
    assert entry["DTSTART"].params["VALUE"] == "DATE"


def test_a_timed_event_with_no_end_time_has_no_end_rather_than_an_invented_one(client, db):
    event = EventFactory(
        start_date=datetime.date(2030, 6, 1),
        start_time=datetime.time(14, 0),
        time_zone="America/Toronto",
    )

    [entry] = entries(client.get(url("events:event_calendar", slug=event.slug)))

    toronto = zoneinfo.ZoneInfo("America/Toronto")
    assert entry.start == datetime.datetime(2030, 6, 1, 14, 0, tzinfo=toronto)
    assert "DTEND" not in entry
    assert "DURATION" not in entry


def test_an_end_time_equal_to_the_start_is_no_end(client, db):
    # RFC 5545 wants DTEND after DTSTART; the model allows 09:00–09:00.
    event = EventFactory(
        start_date=datetime.date(2030, 6, 1),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(9, 0),
    )

    [entry] = entries(client.get(url("events:event_calendar", slug=event.slug)))

    assert "DTEND" not in entry


def test_an_entry_carries_its_page_place_categories_and_dates_of_change(client, db):
    series = SeriesFactory(name="BIO International Convention")
    event = EventFactory(
        name="BIO",
        edition="2030",
        slug="bio-2030",
        series=series,
        kind=EventKind.CONVENTION,
        description="The yearly convention.",
        venue="Boston Convention Center",
        city="Boston",
        region="Massachusetts",
        country="US",
    )
    event.refresh_from_db()

    [entry] = entries(client.get(url("events:event_calendar", slug=event.slug)))

    page = "http://testserver" + url("events:detail", slug="bio-2030")
    assert str(entry["SUMMARY"]) == "BIO 2030"
    assert entry["UID"] == f"event-{event.pk}@passerelle"
    assert str(entry["URL"]) == page
    assert entry.description == f"The yearly convention.\n\n{page}"
    assert entry.location == (
        "Boston Convention Center, Boston, Massachusetts, United States of America"
    )
    assert entry.categories == ["Convention", "BIO International Convention"]
    # iCalendar times are to the second.
    assert entry.stamp == event.updated_at.replace(microsecond=0)
    assert entry.last_modified == event.updated_at.replace(microsecond=0)
    assert entry.created == event.created_at.replace(microsecond=0)
    assert entry["TRANSP"] == "TRANSPARENT"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_events_file_is_written_in_the_language_of_its_address(client, db, lang):
    event = EventFactory(
        name_en="Workshop",
        name_fr="Atelier",
        kind=EventKind.WORKSHOP,
        series=SeriesFactory(name_en="Corridor days", name_fr="Journées du corridor"),
        country="FR",
    )

    calendar = calendar_of(client.get(url("events:event_calendar", lang, slug=event.slug)))

    [entry] = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == {"en": "Workshop", "fr": "Atelier"}[lang]
    assert entry.categories == [
        capfirst(label(lang, EventKind.WORKSHOP.label)),
        {"en": "Corridor days", "fr": "Journées du corridor"}[lang],
    ]
    assert entry.location == "Toronto, Ontario, France"
    assert str(entry["URL"]).endswith(url("events:detail", lang, slug=event.slug))
    assert calendar.calendar_name == f"Passerelle · {entry['SUMMARY']}"


def test_uids_and_content_stay_the_same_from_one_fetch_to_the_next(client, db):
    events = [EventFactory(start_date=in_days(10 + number)) for number in range(3)]

    first = body(client.get(url("events:calendar")))
    second = body(client.get(url("events:calendar")))
    single = client.get(url("events:event_calendar", slug=events[0].slug))

    assert first == second
    assert [entry["UID"] for entry in icalendar.Calendar.from_ical(first).walk("VEVENT")] == [
        f"event-{event.pk}@passerelle" for event in events
    ]
    assert [entry["UID"] for entry in entries(single)] == [f"event-{events[0].pk}@passerelle"]


# Events known only to the month or the year ----------------------------------------


@pytest.mark.parametrize("precision", [DatePrecision.MONTH, DatePrecision.YEAR])
def test_an_event_known_only_to_its_month_or_year_is_in_no_calendar(client, db, precision):
    start = (
        datetime.date(2031, 1, 1) if precision == DatePrecision.YEAR else datetime.date(2031, 3, 1)
    )
    vague = EventFactory(name="Some day", start_date=start, date_precision=precision)
    EventFactory(name="Known day", start_date=datetime.date(2031, 3, 15))

    feed = summaries(client.get(url("events:calendar", query={"when": "all"})))
    file = client.get(url("events:event_calendar", slug=vague.slug))

    assert feed == ["Known day"]
    assert file.status_code == 404


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_of_an_event_known_only_to_its_month_says_why_it_cannot_be_added(client, db, lang):
    event = EventFactory(start_date=datetime.date(2030, 3, 1), date_precision=DatePrecision.MONTH)

    page = get_page(client, url("events:detail", lang, slug=event.slug))

    assert page.links("a[type='text/calendar']") == []
    assert ui(
        lang, "The day of this event is not known yet, so it cannot be added to a calendar."
    ) in page.texts("article p.muted")


# The events list's feed ------------------------------------------------------------


@pytest.fixture
def events_to_filter(db):
    """Past and upcoming events of two series, kinds, countries and organizers."""
    bio = SeriesFactory(name="BIO", slug="bio")
    ejc = SeriesFactory(name="Entretiens", slug="entretiens")
    hub = OrganizationFactory(name="Hub", slug="hub")
    rows = [
        ("Past BIO", bio, EventKind.CONVENTION, "US", -400, True),
        ("Past workshop", None, EventKind.WORKSHOP, "FR", -30, False),
        ("Last day today", ejc, EventKind.CONFERENCE, "FR", 0, True),
        ("Next BIO", bio, EventKind.CONVENTION, "US", 20, False),
        ("Lyon workshop", ejc, EventKind.WORKSHOP, "FR", 45, True),
        ("Toronto mission", None, EventKind.TRADE_MISSION, "CA", 90, False),
        ("Later BIO", bio, EventKind.CONVENTION, "US", 380, True),
    ]
    for name, series, kind, country, days, organized in rows:
        event = EventFactory(
            name=name, series=series, kind=kind, country=country, start_date=in_days(days)
        )
        if organized:
            EventOrganizationFactory(event=event, organization=hub, role=EventRole.ORGANIZER)
    # Known only to the month: on the page, in no calendar.
    EventFactory(
        name="Some month",
        start_date=in_days(120).replace(day=1),
        date_precision=DatePrecision.MONTH,
    )


FILTERS = [
    {},
    {"when": "upcoming"},
    {"when": "past"},
    {"when": "all"},
    {"series": "bio"},
    {"series": "bio", "when": "all"},
    {"kind": "workshop", "when": "all"},
    {"country": "FR"},
    {"organizer": "hub", "when": "all"},
    {"organizer": "Hub", "country": "US"},
    {"start_from": in_days(1).isoformat(), "start_to": in_days(100).isoformat()},
    {"q": "workshop", "when": "all"},
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("query", FILTERS)
def test_the_feed_holds_the_events_the_list_shows_for_the_same_filters(
    client, events_to_filter, query, lang
):
    from search import indexing

    indexing.rebuild()
    page = get_page(client, url("events:list", lang, query))
    feed = client.get(url("events:calendar", lang, query))

    assert page.status == 200
    assert summaries(feed) == [title for title in page.card_titles() if title != "Some month"]
    assert page.card_titles(), "a filter that lists nothing proves nothing"


def test_the_feed_follows_the_lists_default_of_upcoming_events(client, events_to_filter):
    feed = client.get(url("events:calendar"))

    assert summaries(feed) == [
        "Last day today",
        "Next BIO",
        "Lyon workshop",
        "Toronto mission",
        "Later BIO",
    ]
    assert feed.streaming


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_feed_is_named_after_what_it_holds_in_the_language_of_its_address(
    client, events_to_filter, lang
):
    plain = calendar_of(client.get(url("events:calendar", lang)))
    filtered = calendar_of(
        client.get(
            url("events:calendar", lang, {"when": "all", "series": "bio", "organizer": "hub"})
        )
    )

    assert plain.calendar_name == f"Passerelle · {ui(lang, 'Upcoming events')}"
    assert plain["X-WR-CALNAME"] == plain["NAME"]
    assert filtered.calendar_name == " · ".join(
        [
            "Passerelle",
            ui(lang, "All events"),
            "BIO",
            ui(lang, "organized by %(name)s") % {"name": "Hub"},
        ]
    )
    assert filtered["X-WR-CALNAME"] == filtered["NAME"]
    assert plain["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert plain.refresh_interval == datetime.timedelta(hours=12)
    assert plain["X-PUBLISHED-TTL"].to_ical() == b"PT12H"
    assert "VALUE" not in plain["X-PUBLISHED-TTL"].params


def test_a_feed_gives_each_time_zone_it_uses_once(client, db):
    for number, zone in enumerate(["Europe/Paris", "America/Toronto", "Europe/Paris"]):
        EventFactory(start_date=in_days(10 + number), start_time=datetime.time(9), time_zone=zone)
    # All day: no time zone needed.
    EventFactory(start_date=in_days(5), time_zone="Asia/Tokyo")

    calendar = calendar_of(client.get(url("events:calendar")))

    assert sorted(zone.tz_name for zone in calendar.timezones) == [
        "America/Toronto",
        "Europe/Paris",
    ]
    assert calendar.get_missing_tzids() == set()
    assert [entry["DTSTART"].params.get("TZID") for entry in calendar.walk("VEVENT")] == [
        None,
        "Europe/Paris",
        "America/Toronto",
        "Europe/Paris",
    ]


BAD_FILTERS = [
    ({"country": "ZZ"}, "country"),
    ({"series": "no-such-series"}, "series"),
    ({"kind": "party"}, "kind"),
    ({"when": "someday"}, "when"),
    ({"organizer": "no such organization"}, "organizer"),
    ({"start_from": "next tuesday"}, "start_from"),
    ({"q": "x" * 10_000}, "q"),
    ({"q": "null\x00byte"}, "q"),
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("query", "field"), BAD_FILTERS)
def test_a_feed_with_filters_it_cannot_understand_answers_400_in_plain_text(
    client, db, query, field, lang
):
    from events.filters import EventFilter

    response = client.get(url("events:calendar", lang, query))

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == ui(lang, "Some filters could not be understood:")
    with_label = EventFilter().form.fields[field].label
    assert len(lines) == 2
    assert lines[1].startswith(f"- {label(lang, with_label)}")


# A series' feed --------------------------------------------------------------------


def test_a_series_feed_holds_every_edition_past_and_upcoming_known_to_the_day(client, db):
    series = SeriesFactory(slug="bio", name="BIO")
    for days in (-700, -340, 30):
        EventFactory(series=series, name=f"BIO {in_days(days).year}", start_date=in_days(days))
    EventFactory(
        series=series,
        name="BIO next year",
        start_date=in_days(400).replace(day=1),
        date_precision=DatePrecision.MONTH,
    )
    EventFactory(name="Another series", start_date=in_days(10), series=SeriesFactory())

    calendar = calendar_of(client.get(url("events:series_calendar", slug="bio")))

    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == [
        f"BIO {in_days(days).year}" for days in (-700, -340, 30)
    ]
    assert calendar.calendar_name == "Passerelle · BIO"


def test_the_feed_of_a_series_that_does_not_exist_is_not_found(client, db):
    assert client.get(url("events:series_calendar", slug="nothing")).status_code == 404


def test_the_file_of_an_event_that_does_not_exist_is_not_found(client, db):
    assert client.get(url("events:event_calendar", slug="nothing")).status_code == 404


# Links on the pages ----------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_event_page_links_to_its_calendar_file(client, db, lang):
    event = EventFactory(slug="workshop")

    page = get_page(client, url("events:detail", lang, slug="workshop"))

    [link] = page.select("a[type='text/calendar']")
    assert link.text == ui(lang, "Add to calendar")
    assert page.links("a[type='text/calendar']") == [
        url("events:event_calendar", lang, slug=event.slug)
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_events_list_links_to_its_feed_with_its_filters_but_not_its_page(
    client, events_to_filter, lang
):
    page = get_page(client, url("events:list", lang, {"series": "bio", "when": "all", "page": 1}))
    plain = get_page(client, url("events:list", lang))

    [link] = page.select("a[type='text/calendar']")
    assert link.text == ui(lang, "Subscribe to this calendar")
    assert page.links("a[type='text/calendar']") == [
        url("events:calendar", lang, {"series": "bio", "when": "all"})
    ]
    assert plain.links("a[type='text/calendar']") == [url("events:calendar", lang)]


def test_the_events_list_with_filters_it_cannot_understand_offers_no_feed(client, db):
    page = get_page(client, url("events:list", query={"country": "ZZ"}))

    assert page.status == 400
    assert page.links("a[type='text/calendar']") == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_series_page_links_to_the_series_feed(client, db, lang):
    SeriesFactory(slug="bio")

    page = get_page(client, url("events:series", lang, slug="bio"))

    [link] = page.select("a[type='text/calendar']")
    assert link.text == ui(lang, "Subscribe to the calendar of this series")
    assert page.links("a[type='text/calendar']") == [
        url("events:series_calendar", lang, slug="bio")
    ]


# Queries ---------------------------------------------------------------------------

SIZES = [1, 6]


def timed_events(items, **kwargs):
    zones = ["Europe/Paris", "America/Toronto", "America/New_York"]
    for number in range(items):
        EventFactory(
            name=f"Event {number:02}",
            start_date=in_days(10 + number),
            start_time=datetime.time(9) if number % 2 else None,
            time_zone=zones[number % 3],
            **kwargs,
        )


@pytest.mark.parametrize("items", SIZES)
def test_the_events_feed_takes_2_queries_whatever_the_number_of_events(
    client, db, django_assert_num_queries, items
):
    timed_events(items, series=SeriesFactory())

    # The time zones used, then the events with their series.
    with django_assert_num_queries(2):
        names = summaries(client.get(url("events:calendar")))

    assert names == [f"Event {number:02}" for number in range(items)]


@pytest.mark.parametrize("items", SIZES)
def test_a_filtered_events_feed_takes_4_queries_whatever_the_number_of_events(
    client, db, django_assert_num_queries, items
):
    series = SeriesFactory(slug="bio")
    hub = OrganizationFactory(slug="hub")
    timed_events(items, series=series)
    for event in series.events.all():
        EventOrganizationFactory(event=event, organization=hub)

    # The series and the organizer looked up, the time zones, the events.
    with django_assert_num_queries(4):
        names = summaries(
            client.get(url("events:calendar", query={"series": "bio", "organizer": "hub"}))
        )

    assert names == [f"Event {number:02}" for number in range(items)]


@pytest.mark.parametrize("items", SIZES)
def test_a_series_feed_takes_3_queries_whatever_the_number_of_editions(
    client, db, django_assert_num_queries, items
):
    series = SeriesFactory(slug="bio")
    timed_events(items, series=series)

    with django_assert_num_queries(3):
        names = summaries(client.get(url("events:series_calendar", slug="bio")))

    assert names == [f"Event {number:02}" for number in range(items)]


def test_an_event_file_takes_1_query(client, db, django_assert_num_queries):
    event = EventFactory(series=SeriesFactory(), start_time=datetime.time(9))

    with django_assert_num_queries(1):
        calendar = calendar_of(client.get(url("events:event_calendar", slug=event.slug)))

    assert len(calendar.walk("VEVENT")) == 1
