"""The events' month calendar: a grid of the month's days, each with the events on it.

June 2030 begins on a Saturday and has 30 days: in English (weeks from Sunday) its
first week holds six days of May, in French (weeks from Monday) five.
"""

import datetime
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR

from events import month
from events.filters import EventFilter
from events.models import EventKind
from portal.dates import DatePrecision
from tests.factories import EventFactory, SeriesFactory
from tests.test_pages_helpers import LANGUAGES, get_page, label, ui, ui_count, url

JUNE = {"year": 2030, "month": 6}


@pytest.fixture(autouse=True)
def _fresh_cache_and_language():
    # Pages and the filters' counts are cached; each test starts from none. A French
    # request leaves French active in the thread: the next test builds data in English.
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def day(number, month_number=6, year=2030):
    return datetime.date(year, month_number, number)


def cells(page):
    """The grid's cells in order: the day of the month, or None for a day outside it."""
    found = []
    for td in page.select("table.month-calendar tbody td"):
        found.append(
            int(td.select_one(".day-short").text) if "calendar-day" in td["class"] else None
        )
    return found


def events_on(page):
    """Day of the month → the names of the events shown on it, for days that have some."""
    shown = {}
    for td in page.select("table.month-calendar td.has-events"):
        number = int(td.select_one(".day-short").text)
        shown[number] = [a.text for a in td.select(".day-events li:not(.day-more) a")]
    return shown


@pytest.mark.parametrize(("lang", "outside_before", "first_weekday"), [("en", 6, 6), ("fr", 5, 0)])
def test_the_grid_shows_every_day_of_the_month_in_weeks_from_the_locales_first_day(
    client, db, lang, outside_before, first_weekday
):
    page = get_page(client, url("events:calendar_month", lang, **JUNE))

    assert page.status == 200
    days = cells(page)
    assert days[:outside_before] == [None] * outside_before
    assert days[outside_before : outside_before + 30] == list(range(1, 31))
    assert days[outside_before + 30 :] == [None] * (len(days) - outside_before - 30)
    assert len(days) % 7 == 0
    headers = page.select("table.month-calendar thead th abbr")
    weekdays = [(first_weekday + offset) % 7 for offset in range(7)]
    assert [abbr.text for abbr in headers] == [label(lang, WEEKDAYS_ABBR[d]) for d in weekdays]
    assert [abbr["title"] for abbr in headers] == [label(lang, WEEKDAYS[d]) for d in weekdays]
    june = {"en": "June 2030", "fr": "juin 2030"}[lang]
    assert page.text_of("table.month-calendar caption") == ui(
        lang, "Events in %(month)s", month=june
    )


def test_events_are_shown_on_each_day_of_the_month_they_span(client, db):
    EventFactory(name="Summit", start_date=day(10))
    EventFactory(name="Convention", start_date=day(29, 5), end_date=day(2))
    EventFactory(name="Fair", start_date=day(29), end_date=day(3, 7))
    EventFactory(name="Next month", start_date=day(1, 7))

    page = get_page(client, url("events:calendar_month", **JUNE))

    assert events_on(page) == {
        1: ["Convention"],
        2: ["Convention"],
        10: ["Summit"],
        29: ["Fair"],
        30: ["Fair"],
    }
    assert page.result_count() == ui_count(
        "en",
        "Events on %(counter)s day this month.",
        "Events on %(counter)s days this month.",
        5,
        counter=5,
    )


def test_an_event_known_to_its_month_is_listed_beside_the_grid_and_one_known_to_its_year_is_not(
    client, db
):
    EventFactory(name="Mission", start_date=day(1), date_precision=DatePrecision.MONTH)
    EventFactory(name="Forum", start_date=day(1, 1), date_precision=DatePrecision.YEAR)

    page = get_page(client, url("events:calendar_month", **JUNE))

    assert events_on(page) == {}
    assert page.texts("section.calendar-tba li") == ["Mission"]
    assert "Forum" not in page.main_text


def test_each_event_links_to_its_page(client, db):
    event = EventFactory(name="Summit", start_date=day(10))

    page = get_page(client, url("events:calendar_month", **JUNE))

    assert page.links("td.has-events a") == [event.get_absolute_url()]


def test_a_day_shows_four_events_and_links_to_the_list_of_that_days_events(client, db):
    for number in range(6):
        EventFactory(name=f"Workshop {number}", start_date=day(4), end_date=day(5))
    EventFactory(name="Other day", start_date=day(6))

    page = get_page(client, url("events:calendar_month", **JUNE))

    assert events_on(page)[4] == [f"Workshop {number}" for number in range(4)]
    [more] = page.select("td.has-events .day-more a")[:1]
    said = ui_count(
        "en",
        '+%(counter)s more<span class="visually-hidden"> event that day</span>',
        '+%(counter)s more<span class="visually-hidden"> events that day</span>',
        2,
        counter=2,
    )
    assert more.text == re.sub(r"<[^>]+>", "", said)
    listed = get_page(client, more["href"])
    assert listed.status == 200
    # Every event of that day, latest first as "All dates" lists them.
    assert listed.card_titles() == [f"Workshop {number}" for number in reversed(range(6))]


def test_a_month_with_more_events_than_the_cap_says_so(client, db, monkeypatch):
    monkeypatch.setattr(month, "MONTH_CAP", 2)
    for number in range(3):
        EventFactory(name=f"Workshop {number}", start_date=day(4 + number))

    page = get_page(client, url("events:calendar_month", **JUNE))

    assert events_on(page) == {4: ["Workshop 0"], 5: ["Workshop 1"]}
    assert page.result_count() == ui(
        "en",
        "%(month)s has more events than a calendar can show: narrow the filters, or see the list.",
        month="June 2030",
    )


def test_the_lists_filters_narrow_the_calendar_and_follow_its_links(client, db):
    series = SeriesFactory(slug="bio")
    EventFactory(name="BIO", series=series, start_date=day(10))
    EventFactory(name="Other", start_date=day(11))
    EventFactory(name="Mission", kind=EventKind.TRADE_MISSION, start_date=day(12))
    query = {"series": "bio"}

    page = get_page(client, url("events:calendar_month", query=query, **JUNE))

    assert events_on(page) == {10: ["BIO"]}
    assert page.links("nav.calendar-nav a") == [
        url("events:calendar_month", query=query, year=2030, month=5),
        url("events:calendar_page", query=query),
        url("events:calendar_month", query=query, year=2030, month=7),
    ]
    assert page.links("ul.list-files a") == [
        url("events:list", query=query),
        url("events:calendar", query={**query, "when": "all"}),
    ]
    assert page.form_values(".filter-form")["series"] == "bio"
    # The month decides the dates: the list's "past" changes nothing here.
    assert events_on(
        get_page(client, url("events:calendar_month", query={"when": "past"}, **JUNE))
    ) == {10: ["BIO"], 11: ["Other"], 12: ["Mission"]}


def test_the_list_links_to_the_calendar_with_its_filters(client, db):
    page = get_page(client, url("events:list", query={"kind": EventKind.CONFERENCE}))

    assert page.links("ul.list-files a")[0] == url(
        "events:calendar_page", query={"kind": EventKind.CONFERENCE}
    )


@pytest.mark.parametrize(
    ("shown", "previous", "following"),
    [
        ((2030, 6), (2030, 5), (2030, 7)),
        ((2030, 1), (2029, 12), (2030, 2)),
        ((2030, 12), (2030, 11), (2031, 1)),
    ],
)
def test_previous_and_next_months_cross_the_years(client, db, shown, previous, following):
    page = get_page(client, url("events:calendar_month", year=shown[0], month=shown[1]))

    prev_link, _this, next_link = page.links("nav.calendar-nav a")
    assert prev_link == url("events:calendar_month", year=previous[0], month=previous[1])
    assert next_link == url("events:calendar_month", year=following[0], month=following[1])


def test_the_calendar_opens_on_this_month_with_today_marked(client, db):
    today = timezone.localdate()
    EventFactory(name="Today's", start_date=today)

    page = get_page(client, url("events:calendar_page"))

    assert page.status == 200
    marked = page.select_one("td[aria-current=date]")
    assert int(marked.select_one(".day-short").text) == today.day
    assert [a.text for a in marked.select(".day-events a")] == ["Today's"]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("year", "month_number"),
    [(2030, 13), (2030, 0), (0, 1), (1899, 12), (2101, 1), (9999, 12), (99999999999999999999, 1)],
)
def test_a_month_out_of_range_is_a_translated_404(client, db, lang, year, month_number):
    page = get_page(client, url("events:calendar_month", lang, year=year, month=month_number))

    assert page.status == 404
    assert page.lang == lang
    assert page.h1 == ui(lang, "Page not found")


def test_filters_that_cannot_be_understood_are_a_400_that_says_which(client, db):
    page = get_page(client, url("events:calendar_month", query={"start_from": "soon"}, **JUNE))

    assert page.status == 400
    assert page.field_errors("start_from") != []
    assert page.select("table.month-calendar") == []


def test_an_empty_month_says_so_and_offers_the_next_step(client, db):
    page = get_page(client, url("events:calendar_month", query={"q": "nothing"}, **JUNE))

    assert page.result_count() == ui(
        "en", "No events match these filters in %(month)s.", month="June 2030"
    )
    assert page.links(".empty-next a") == [
        url("events:calendar_month", **JUNE),
        url("events:list"),
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("items", [1, 6])
def test_the_calendar_takes_1_query_whatever_the_number_of_events(
    client, db, django_assert_num_queries, lang, items
):
    for number in range(items):
        EventFactory(
            name=f"Event {number:02}", start_date=day(1 + number), end_date=day(2 + number)
        )
    with translation.override(lang):
        EventFilter.cached_counts("all")

    with django_assert_num_queries(1):
        page = get_page(client, url("events:calendar_month", lang, **JUNE))

    assert len(page.select("td.has-events")) == items + 1


def test_the_french_calendar_is_at_a_french_address_in_french(client, db):
    EventFactory(name="Sommet", start_date=day(10))

    path = url("events:calendar_month", "fr", **JUNE)
    page = get_page(client, path)

    assert path == f"/fr/{ui('fr', 'events/')}{ui('fr', 'calendar/')}2030/6/"
    assert page.lang == "fr"
    assert page.h1 == ui("fr", "Events in %(month)s", month="juin 2030")
    assert events_on(page) == {10: ["Sommet"]}


@pytest.mark.parametrize(
    ("year", "month_number", "links"),
    [(1900, 1, {"next"}), (2100, 12, {"prev"}), (2030, 6, {"prev", "next"})],
)
def test_the_first_and_last_months_link_only_to_months_that_exist(
    client, db, year, month_number, links
):
    page = get_page(client, url("events:calendar_month", year=year, month=month_number))

    assert page.status == 200
    found = {"".join(a["rel"]): a["href"] for a in page.select(".calendar-nav a[rel]")}
    assert set(found) == links
    for href in found.values():
        assert client.get(href).status_code == 200


def test_an_empty_month_is_not_indexed_and_a_month_with_events_is(client, db):
    EventFactory(start_date=datetime.date(2030, 6, 10))

    empty = get_page(client, url("events:calendar_month", year=2030, month=7))
    busy = get_page(client, url("events:calendar_month", year=2030, month=6))
    # The calendar's own page (in the sitemap) is indexed even in an empty month.
    this_month = get_page(client, url("events:calendar_page"))

    assert empty.select_one('meta[name="robots"]')["content"] == "noindex"
    assert busy.select('meta[name="robots"]') == []
    assert this_month.select('meta[name="robots"]') == []
