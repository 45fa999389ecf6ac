"""Input that once gave a 500 or reached a file unescaped: calendars, the admin, the API.

Each test here was written against the defect first and seen failing: a line break
in a subscribe link's words broke the calendar (500) or added lines of its own to
it; a NUL in an admin filter or autocomplete term reached PostgreSQL (500); a
superscript two passed the history page's digit check (500).
"""

import datetime

import icalendar
import pytest

from events.models import EventKind
from tests.factories import EventFactory, SeriesFactory
from tests.test_pages_helpers import LANGUAGES, ui, url


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def calendar_text(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return body(response)


def content_lines(text):
    """The calendar's lines as a calendar application splits them (RFC 5545: CRLF)."""
    return text.decode().split("\r\n")


def controls(line):
    return [char for char in line if ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F]


# Calendars -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_line_break_in_a_subscribe_links_words_is_a_space_in_the_calendars_name(client, db, lang):
    response = client.get(url("events:calendar", lang, {"q": "bio\ntech"}))

    calendar = icalendar.Calendar.from_ical(body(response))
    expected = " · ".join(
        [
            "Passerelle",
            ui(lang, "Upcoming events"),
            ui(lang, "matching “%(words)s”", words="bio tech"),
        ]
    )
    assert calendar.calendar_name == expected
    assert calendar["X-WR-CALNAME"] == expected


def test_a_carriage_return_in_a_subscribe_links_words_adds_no_line_to_the_calendar(client, db):
    injected = "bio\rBEGIN:VEVENT\rSUMMARY:Injected\rDTSTART:20300101\rEND:VEVENT\r"

    text = calendar_text(client.get(url("events:calendar", query={"q": injected})))

    lines = content_lines(text)
    assert [line for line in lines if controls(line)] == []
    assert [line for line in lines if line.startswith(("BEGIN:VEVENT", "SUMMARY"))] == []
    assert icalendar.Calendar.from_ical(text).walk("VEVENT") == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_null_character_in_a_subscribe_links_words_answers_400_in_plain_text(client, db, lang):
    response = client.get(url("events:calendar", lang, {"q": "bio\x00"}))

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        ui(lang, "Some filters could not be understood:")
        + "\n- "
        + ui(
            lang,
            "%(field)s: %(error)s",
            field=ui(lang, "Words"),
            error=ui(lang, "Null characters are not allowed."),
        )
        + "\n"
    )


@pytest.fixture
def event_typed_with_controls(db):
    """An event whose texts were saved with line breaks and control characters, as a
    paste into the admin can leave them."""
    return EventFactory(
        name="Summit\r\nBEGIN:VALARM\x01",
        slug="summit",
        kind=EventKind.CONFERENCE,
        start_date=datetime.date(2030, 6, 1),
        description="First line\r\nSecond line\rEND:VEVENT\x0b",
        venue="Hall\nA",
        city="Lyon\x1b",
        region="",
        country="FR",
        series=SeriesFactory(name="Summits\r\nX-INJECTED:1", slug="summits"),
    )


@pytest.mark.parametrize(
    "page",
    [
        ("events:event_calendar", {"slug": "summit"}, None),
        ("events:calendar", {}, {"when": "all"}),
        ("events:series_calendar", {"slug": "summits"}, None),
    ],
    ids=["event", "events", "series"],
)
def test_texts_saved_with_line_breaks_and_control_characters_reach_calendars_cleaned(
    client, event_typed_with_controls, page
):
    name, kwargs, query = page

    text = calendar_text(client.get(url(name, query=query, **kwargs)))

    lines = content_lines(text)
    assert [line for line in lines if controls(line)] == []
    assert [
        line for line in lines if line.startswith(("BEGIN:VALARM", "X-INJECTED", "END:VEVENT"))
    ] == ["END:VEVENT"]
    [entry] = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Summit BEGIN:VALARM"
    assert str(entry["LOCATION"]) == "Hall A, Lyon, France"
    assert str(entry["DESCRIPTION"]).split("\n")[:3] == ["First line", "Second line", "END:VEVENT"]
    assert [str(category) for category in entry["CATEGORIES"].cats] == [
        "Conference",
        "Summits X-INJECTED:1",
    ]
