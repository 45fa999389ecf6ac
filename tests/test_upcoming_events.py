"""Upcoming and past events at each date precision, through the (precision, last day)
index: an event is upcoming until its last possible day is over."""

import datetime

import pytest
from django.utils import timezone

from portal.dates import DatePrecision
from tests.factories import EventFactory
from tests.test_pages_helpers import get_page, url


@pytest.fixture
def calendar(db):
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    this_month = today.replace(day=1)
    last_month = (this_month - day).replace(day=1)
    this_year = today.replace(month=1, day=1)
    rows = [
        # Created in the order the upcoming list shows them when start dates tie.
        ("Started long ago, still on", today - 400 * day, today + 10 * day, DatePrecision.DAY),
        ("This year", this_year, None, DatePrecision.YEAR),
        ("This month", this_month, None, DatePrecision.MONTH),
        ("Ends today", max(this_month, today - 2 * day), today, DatePrecision.DAY),
        ("Today", today, None, DatePrecision.DAY),
        ("Ended yesterday", today - 2 * day, today - day, DatePrecision.DAY),
        ("Last month", last_month, None, DatePrecision.MONTH),
        ("Last year", this_year.replace(year=today.year - 1), None, DatePrecision.YEAR),
    ]
    for name, start, end, precision in rows:
        EventFactory(name=name, start_date=start, end_date=end, date_precision=precision)


def test_upcoming_events_are_those_not_yet_over_at_their_precision_soonest_first(client, calendar):
    page = get_page(client, url("events:list"))

    assert page.status == 200
    assert page.card_titles() == [
        "Started long ago, still on",
        "This year",
        "This month",
        "Ends today",
        "Today",
    ]


def test_past_events_are_those_over_at_their_precision_latest_first(client, calendar):
    page = get_page(client, url("events:list", query={"when": "past"}))

    assert page.status == 200
    assert page.card_titles() == ["Ended yesterday", "Last month", "Last year"]


def test_home_lists_the_first_upcoming_events(client, calendar):
    page = get_page(client, url("home"))

    assert page.texts("section[aria-labelledby=events-heading] .card-title") == [
        "Started long ago, still on",
        "This year",
        "This month",
        "Ends today",
        "Today",
    ]
