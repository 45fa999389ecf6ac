"""Input that once gave a 500 or reached a file unescaped: calendars, the admin, the API.

Each test here was written against the defect first and seen failing: a line break
in a subscribe link's words broke the calendar (500) or added lines of its own to
it; a NUL in an admin filter or autocomplete term reached PostgreSQL (500); a
superscript two passed the history page's digit check (500).
"""

import datetime
import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.contrib import admin
from django.urls import reverse

from events.models import EventKind
from tests.factories import AgreementFactory, EventFactory, SectorFactory, SeriesFactory
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


# The admin -----------------------------------------------------------------------

ADMIN_USERS = ["administrator", "staff_a"]
CONTROL_CHARACTERS = ["\x00", "bio\x00tech", "\x1f", "\x7f", "\x85", "line\nbreak"]
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def control_characters_refused(lang):
    return ui(lang, "Control characters are not allowed in a filter, a search or a term.") + "\n"


@pytest.fixture
def signed_in(client, request):
    """The client, signed in as the named user the test is parametrized with."""
    client.force_login(request.getfixturevalue(request.param))
    return client


def list_parameters(model_admin, request):
    """A changelist's parameter names: search, order, page, each list filter, the date
    hierarchy's year, month and day."""
    names = ["q", "o", "p"]
    for list_filter in model_admin.get_list_filter(request):
        field = list_filter[0] if isinstance(list_filter, tuple) else list_filter
        if isinstance(field, str):
            names += [f"{field}__exact", f"{field}__id__exact", field]
    if model_admin.date_hierarchy:
        names += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    return names


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("signed_in", ADMIN_USERS, indirect=True)
def test_a_null_character_in_an_admin_list_filter_answers_400_in_plain_text(
    signed_in, association_a, lang
):
    response = signed_in.get(
        "/admin/agreements/agreement/?status__exact=%00", headers={"accept-language": lang}
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == control_characters_refused(lang)


@pytest.mark.parametrize("signed_in", ADMIN_USERS, indirect=True)
def test_a_null_character_in_an_autocomplete_term_answers_400(signed_in, association_a):
    query = "term=%00&app_label=agreements&model_name=agreement&field_name=themes"

    response = signed_in.get("/admin/autocomplete/?" + query)

    assert response.status_code == 400
    assert response.content.decode() == control_characters_refused("en")


@pytest.mark.parametrize("signed_in", ["administrator"], indirect=True)
def test_control_characters_in_any_changelists_filter_search_or_date_answer_400(signed_in, rf):
    request = rf.get("/admin/")
    refused = []
    for model, model_admin in admin.site._registry.items():
        path = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for name in list_parameters(model_admin, request):
            for value in CONTROL_CHARACTERS:
                response = signed_in.get(path, {name: value})
                refused.append((path, name, value, response.status_code))
    assert [case for case in refused if case[-1] != 400] == []
    assert {case[0] for case in refused} >= {
        "/admin/agreements/agreement/",
        "/admin/events/event/",
        "/admin/organizations/organization/",
        "/admin/auth/user/",
        "/admin/auth/group/",
    }


@pytest.mark.parametrize(
    "dates",
    [
        {"year": "9999"},
        {"year": "9999", "month": "12"},
        {"year": "9999", "month": "12", "day": "31"},
        {"year": "99999999999999999999"},
        {"year": "2026", "month": "99999999999999999999"},
    ],
    ids=["year-9999", "december-9999", "last-day-9999", "huge-year", "huge-month"],
)
@pytest.mark.parametrize(
    "changelist",
    [
        ("admin:agreements_agreement_changelist", "signed_on"),
        ("admin:agreements_commitment_changelist", "due_on"),
        ("admin:events_event_changelist", "start_date"),
    ],
    ids=["agreements", "commitments", "events"],
)
@pytest.mark.parametrize("signed_in", ADMIN_USERS, indirect=True)
def test_a_date_hierarchy_date_past_year_9999_is_a_bad_filter_not_a_500(
    signed_in, association_a, changelist, dates
):
    name, field = changelist
    query = {f"{field}__{part}": value for part, value in dates.items()}

    response = signed_in.get(reverse(name), query)

    # Django's answer to any filter it cannot apply: the list again, with ?e=1.
    assert (response.status_code, response["Location"]) == (302, reverse(name) + "?e=1")


@pytest.mark.parametrize("version", ["%C2%B2", "%D9%A3", "%E2%91%A0"], ids=["²", "٣", "①"])
@pytest.mark.parametrize("signed_in", ADMIN_USERS, indirect=True)
def test_a_non_ascii_digit_as_a_history_version_is_not_found(signed_in, association_a, version):
    agreement = AgreementFactory(owner=association_a)

    response = signed_in.get(f"/admin/agreements/agreement/{agreement.pk}/history/{version}/")

    assert response.status_code == 404


@pytest.mark.parametrize("view", ["change", "delete", "history", "restore/1"])
@pytest.mark.parametrize("signed_in", ADMIN_USERS, indirect=True)
def test_an_id_in_non_ascii_digits_does_not_open_the_record(signed_in, association_a, view):
    agreement = AgreementFactory(owner=association_a)
    in_arabic_indic_digits = str(agreement.pk).translate(ARABIC_INDIC)

    response = signed_in.get(f"/admin/agreements/agreement/{in_arabic_indic_digits}/{view}/")

    assert response.status_code == 404


@pytest.mark.parametrize("signed_in", ["administrator"], indirect=True)
def test_an_account_id_in_non_ascii_digits_does_not_open_the_account(signed_in, administrator):
    in_arabic_indic_digits = str(administrator.pk).translate(ARABIC_INDIC)

    for view in ["change", "password", "history"]:
        response = signed_in.get(f"/admin/auth/user/{in_arabic_indic_digits}/{view}/")
        assert (view, response.status_code) == (view, 404)


# Feeds -----------------------------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize("feed", ["feeds:agreements", "feeds:events"])
def test_texts_saved_with_control_characters_reach_feeds_cleaned(client, db, feed):
    # XML 1.0 has no place for most control characters: Django refused to write the
    # feed (a 500) as soon as one record held one.
    agreement = AgreementFactory(title="Pact\x01 of\x0bunion", summary="Line\x1b one\nLine two")
    agreement.themes.add(SectorFactory(name="Gene\x02tics"))
    EventFactory(
        name="Summit\x01\r\nBEGIN",
        start_date=datetime.date.today() + datetime.timedelta(days=5),
        description="Line\x1b one\nLine two",
        venue="Hall\x0cA",
        series=SeriesFactory(name="Summits\x07"),
    )

    response = client.get(url(feed))

    assert response.status_code == 200
    [entry] = ET.fromstring(response.content).findall(f"{ATOM}entry")
    title = entry.find(f"{ATOM}title").text
    assert title in ("Pact of union", "Summit BEGIN")
    categories = [category.get("term") for category in entry.findall(f"{ATOM}category")]
    assert categories[1:] in (["Gene tics"], ["Summits"])
    summary = entry.find(f"{ATOM}summary").text
    # A control character is a space, which HTML collapses with the next.
    assert "<p>Line  one<br>Line two</p>" in summary


@pytest.mark.parametrize(
    "query",
    [
        ("admin:organizations_membership_changelist", "association", "99999999999999999999"),
        ("admin:organizations_membership_changelist", "association__in", "1,99999999999999999999"),
        ("admin:agreements_agreement_changelist", "themes", "-99999999999999999999"),
        ("admin:events_event_changelist", "series", "99999999999999999999"),
    ],
    ids=["membership-association", "membership-association-in", "agreement-themes", "series"],
)
@pytest.mark.parametrize("signed_in", ADMIN_USERS, indirect=True)
def test_a_number_too_big_for_the_database_in_an_admin_filter_is_a_bad_filter(
    signed_in, association_a, query
):
    # Found by make fuzz: Django checks such numbers on a field's own lookups
    # (association__id__exact), not on a relation's (association): SQLite refused
    # the query (OverflowError), a 500.
    name, parameter, value = query

    response = signed_in.get(reverse(name), {parameter: value})

    assert (response.status_code, response["Location"]) == (302, reverse(name) + "?e=1")
