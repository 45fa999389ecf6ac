"""Filters narrow each list correctly and round-trip through the query string.

A filter set in the address is shown back in the form (selected option, typed
value), kept in the links to the other pages of results, and narrows the list
to exactly the records it describes.
"""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.utils import timezone, translation

from agreements.models import AgreementKind, AgreementStatus
from events.models import EventKind, EventRole
from organizations.models import Organization, OrganizationKind, Sector
from search import indexing
from tests.factories import (
    AgreementFactory,
    BenefitFactory,
    EventFactory,
    EventOrganizationFactory,
    OrganizationFactory,
    PartyFactory,
    SectorFactory,
    SeriesFactory,
)
from tests.test_pages_helpers import LANGUAGES, get_page, url


@pytest.fixture(autouse=True)
def _default_language():
    # LocaleMiddleware activates the language of each request and leaves it active in
    # the thread: without this, a French page would make the next test (ours or
    # another module's) build and read data in French.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


PAGE_SIZE = 20


def query_of(link):
    return parse_qs(urlsplit(link).query, keep_blank_values=True)


def shown_filters(page):
    """The filters a visitor sees set in the form: every field that is not blank."""
    return {k: v for k, v in page.form_values().items() if v}


def as_query(filters, **extra):
    return {key: [value] for key, value in {**filters, **extra}.items()}


def assert_round_trip(client, name, filters, expected_titles, lang="en"):
    """Page 1 and 2 of a filtered list keep the filters in the form and in the links."""
    assert len(expected_titles) > PAGE_SIZE, "needs a second page"

    first = get_page(client, url(name, lang, filters))
    [next_link] = first.links("nav.pagination a[rel=next]")
    second = get_page(client, next_link)
    [previous_link] = second.links("nav.pagination a[rel=prev]")

    assert first.status == 200
    assert first.card_titles() == expected_titles[:PAGE_SIZE]
    assert shown_filters(first) == filters
    assert urlsplit(next_link).path == url(name, lang)
    assert query_of(next_link) == as_query(filters, page="2")
    assert second.status == 200
    assert second.card_titles() == expected_titles[PAGE_SIZE:]
    assert shown_filters(second) == filters
    assert query_of(previous_link) == as_query(filters, page="1")


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


# Organizations -------------------------------------------------------------------


@pytest.fixture
def directory(db):
    """A small directory where each organization differs from the first in one way."""
    oncology = SectorFactory(name="Oncology", slug="oncology")
    genomics = SectorFactory(name="Genomics", slug="genomics")
    hub = OrganizationFactory(
        name="BioHub Network", acronym="BHN", slug="biohub", kind=OrganizationKind.ALLIANCE
    )
    organizations = {
        "Montreal Oncology Labs": {},
        "Toronto Oncology Labs": {"region": "Ontario", "city": "Toronto"},
        "Lyon Oncology Labs": {"region": "Auvergne-Rhône-Alpes", "country": "FR"},
        "Montreal Genomics Labs": {"sectors": [genomics]},
        "Montreal Oncology University": {"kind": OrganizationKind.UNIVERSITY},
        "Montreal Oncology Partner": {"partner": True},
    }
    for name, differences in organizations.items():
        sectors = differences.pop("sectors", [oncology])
        partner = differences.pop("partner", False)
        organization = OrganizationFactory(
            name=name, **{"kind": OrganizationKind.COMPANY, **differences}
        )
        organization.sectors.set(sectors)
        if partner:
            agreement = AgreementFactory()
            PartyFactory(agreement=agreement, organization=hub)
            PartyFactory(agreement=agreement, organization=organization)
    indexing.rebuild()
    return hub


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (
            {"country": "FR"},
            ["Lyon Oncology Labs"],
        ),
        (
            {"region": "Ontario"},
            ["Toronto Oncology Labs"],
        ),
        (
            {"region": "auvergne-rhône-alpes"},
            ["Lyon Oncology Labs"],
        ),
        (
            {"kind": "university"},
            ["Montreal Oncology University"],
        ),
        (
            {"sector": "genomics"},
            ["Montreal Genomics Labs"],
        ),
        (
            {"q": "genomics"},
            ["Montreal Genomics Labs"],
        ),
        (
            {"q": "BHN"},
            ["BioHub Network (BHN)"],
        ),
        (
            {"country": "CA", "kind": "company", "sector": "oncology", "region": "Québec"},
            ["Montreal Oncology Labs", "Montreal Oncology Partner"],
        ),
        (
            {"partner": "biohub"},
            ["Montreal Oncology Partner"],
        ),
        (
            {"partner": "BioHub Network"},
            ["Montreal Oncology Partner"],
        ),
        (
            {"partner": "bhn"},
            ["Montreal Oncology Partner"],
        ),
        (
            {"partner": "Montreal Oncology Partner"},
            ["BioHub Network (BHN)"],
        ),
    ],
)
def test_directory_filters_narrow_the_list_to_the_matching_organizations(
    client, directory, filters, expected
):
    page = get_page(client, url("organizations:list", query=filters))

    assert page.status == 200
    assert sorted(page.card_titles()) == expected
    assert shown_filters(page) == filters


@pytest.mark.parametrize("lang", LANGUAGES)
def test_directory_filters_are_kept_on_the_next_page_of_results(client, directory, lang):
    oncology = Sector.objects.get(slug="oncology")
    for number in range(22):
        company = OrganizationFactory(
            name=f"Québec Cytometrics {number:02}", kind=OrganizationKind.COMPANY
        )
        company.sectors.set([oncology])
        agreement = AgreementFactory()
        PartyFactory(agreement=agreement, organization=directory)
        PartyFactory(agreement=agreement, organization=company)
    indexing.rebuild()
    filters = {
        "q": "cytometrics",
        "country": "CA",
        "region": "Québec",
        "kind": "company",
        "sector": "oncology",
        "partner": "BHN",
    }

    assert_round_trip(
        client,
        "organizations:list",
        filters,
        [f"Québec Cytometrics {number:02}" for number in range(22)],
        lang,
    )


def test_directory_shows_the_chosen_options_as_selected(client, directory):
    page = get_page(client, url("organizations:list", query={"country": "FR", "kind": "company"}))

    assert page.select_one("#id_country option[selected]").attrs["value"] == "FR"
    assert page.select_one("#id_kind option[selected]").attrs["value"] == "company"
    assert page.select_one("#id_sector option[selected]").attrs["value"] == ""


# Agreements ----------------------------------------------------------------------


@pytest.fixture
def registry(db):
    """Agreements across the corridors, with different kinds, states, years and themes.

    Where each stands today follows its dates: QC-ON 2012 ended (an end date), QC-MA
    2017 is in force (open-ended), QC-FR 2018 was terminated, ON-FR 2020 ended (a
    three-year term), ON alone 2025 is a draft and QC-ON undated takes effect next month.
    """
    oncology = SectorFactory(name="Oncology", slug="oncology")
    genomics = SectorFactory(name="Genomics", slug="genomics")
    qc = OrganizationFactory(name="Quebec Association", acronym="QA", slug="qa")
    # Written without its accent, as some sources do: the corridors accept both.
    qc_city = OrganizationFactory(name="Quebec City Cluster", region="Quebec")
    on = OrganizationFactory(name="Ontario Association", region="Ontario", city="Toronto")
    ma = OrganizationFactory(name="Massachusetts Association", region="Massachusetts", country="US")
    fr = OrganizationFactory(name="Lyon Cluster", region="Auvergne-Rhône-Alpes", country="FR")
    signed = AgreementStatus.SIGNED
    # fmt: off
    rows = [
        ("QC-ON 2012", [qc, on], AgreementKind.MOU, signed,
            (2012, 6, 6), [oncology], True, {"effective_until": datetime.date(2015, 6, 5)}),
        ("QC-MA 2017", [qc, ma], AgreementKind.COOPERATION, signed,
            (2017, 6, 21), [genomics], False, {}),
        ("QC-FR 2018", [qc_city, fr], AgreementKind.COOPERATION, AgreementStatus.TERMINATED,
            (2018, 3, 8), [oncology], True, {}),
        ("ON-FR 2020", [on, fr], AgreementKind.FRAMEWORK, signed,
            (2020, 1, 1), [], False, {"term_months": 36}),
        ("ON alone 2025", [on], AgreementKind.MOU, AgreementStatus.DRAFT,
            (2025, 3, 1), [], False, {}),
        ("QC-ON undated", [qc, on], AgreementKind.MOU, signed,
            None, [], False, {"effective_from": in_days(30)}),
    ]
    # fmt: on
    for title, parties, kind, status, signed, themes, benefits, dates in rows:
        agreement = AgreementFactory(
            title=title,
            kind=kind,
            status=status,
            signed_on=datetime.date(*signed) if signed else None,
            **dates,
        )
        agreement.themes.set(themes)
        for organization in parties:
            PartyFactory(agreement=agreement, organization=organization)
        if benefits:
            BenefitFactory(agreement=agreement).granted_to.set(parties)
    indexing.rebuild()
    return qc


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"corridor": "quebec-ontario"}, ["QC-ON 2012", "QC-ON undated"]),
        ({"corridor": "quebec-massachusetts"}, ["QC-MA 2017"]),
        ({"corridor": "quebec-auvergne-rhone-alpes"}, ["QC-FR 2018"]),
        ({"country": "FR"}, ["ON-FR 2020", "QC-FR 2018"]),
        ({"country": "CA", "other_country": "US"}, ["QC-MA 2017"]),
        ({"country": "FR", "other_country": "CA"}, ["ON-FR 2020", "QC-FR 2018"]),
        ({"region": "Massachusetts"}, ["QC-MA 2017"]),
        ({"region": "ontario"}, ["ON alone 2025", "ON-FR 2020", "QC-ON 2012", "QC-ON undated"]),
        ({"kind": "cooperation"}, ["QC-FR 2018", "QC-MA 2017"]),
        ({"status": "in_force"}, ["QC-MA 2017"]),
        ({"status": "ended"}, ["ON-FR 2020", "QC-ON 2012"]),
        ({"status": "signed"}, ["QC-ON undated"]),
        ({"status": "terminated"}, ["QC-FR 2018"]),
        ({"status": "draft"}, ["ON alone 2025"]),
        ({"signed_from": "2018"}, ["ON alone 2025", "ON-FR 2020", "QC-FR 2018"]),
        ({"signed_to": "2017"}, ["QC-MA 2017", "QC-ON 2012"]),
        ({"signed_from": "2017", "signed_to": "2018"}, ["QC-FR 2018", "QC-MA 2017"]),
        ({"signed_from": "2025", "signed_to": "2025"}, ["ON alone 2025"]),
        ({"theme": "oncology"}, ["QC-FR 2018", "QC-ON 2012"]),
        ({"has_benefits": "true"}, ["QC-FR 2018", "QC-ON 2012"]),
        (
            {"has_benefits": "false"},
            ["ON alone 2025", "ON-FR 2020", "QC-MA 2017", "QC-ON undated"],
        ),
        ({"q": "undated"}, ["QC-ON undated"]),
        ({"party": "qa"}, ["QC-MA 2017", "QC-ON 2012", "QC-ON undated"]),
        ({"party": "Quebec Association"}, ["QC-MA 2017", "QC-ON 2012", "QC-ON undated"]),
        ({"party": "QA"}, ["QC-MA 2017", "QC-ON 2012", "QC-ON undated"]),
        ({"party": "Lyon Cluster", "kind": "framework"}, ["ON-FR 2020"]),
    ],
)
def test_registry_filters_narrow_the_list_to_the_matching_agreements(
    client, registry, filters, expected
):
    page = get_page(client, url("agreements:list", query=filters))

    assert page.status == 200
    assert sorted(page.card_titles()) == expected
    assert shown_filters(page) == filters


def test_registry_lists_the_most_recently_signed_first_and_undated_last(client, registry):
    page = get_page(client, url("agreements:list"))

    assert page.card_titles() == [
        "ON alone 2025",
        "ON-FR 2020",
        "QC-FR 2018",
        "QC-MA 2017",
        "QC-ON 2012",
        "QC-ON undated",
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_registry_filters_are_kept_on_the_next_page_of_results(client, registry, lang):
    ontario = Organization.objects.get(name_en="Ontario Association")
    oncology = Sector.objects.get(slug="oncology")
    for number in range(23):
        agreement = AgreementFactory(
            title=f"Corridor MOU {number:02}", signed_on=datetime.date(2019, 1, 1 + number)
        )
        agreement.themes.set([oncology])
        PartyFactory(agreement=agreement, organization=registry)
        PartyFactory(agreement=agreement, organization=ontario)
        BenefitFactory(agreement=agreement).granted_to.set([registry, ontario])
    indexing.rebuild()
    filters = {
        "q": "corridor",
        "party": "QA",
        "corridor": "quebec-ontario",
        "country": "CA",
        "region": "Ontario",
        "other_country": "CA",
        "kind": "mou",
        "status": "in_force",
        "signed_from": "2019",
        "signed_to": "2019",
        "theme": "oncology",
        "has_benefits": "true",
    }

    assert_round_trip(
        client,
        "agreements:list",
        filters,
        [f"Corridor MOU {number:02}" for number in reversed(range(23))],
        lang,
    )


def test_registry_shows_the_chosen_options_as_selected(client, registry):
    page = get_page(
        client,
        url(
            "agreements:list",
            query={"corridor": "quebec-ontario", "has_benefits": "false", "status": "draft"},
        ),
    )

    assert page.select_one("#id_corridor option[selected]").attrs["value"] == "quebec-ontario"
    assert page.select_one("#id_has_benefits option[selected]").attrs["value"] == "false"
    assert page.select_one("#id_status option[selected]").attrs["value"] == "draft"
    assert page.select_one("#id_kind option[selected]").attrs["value"] == ""


# Events --------------------------------------------------------------------------


@pytest.fixture
def calendar(db):
    """Events before and after today, in two series, countries, kinds and organizers."""
    bio = SeriesFactory(name="BIO", slug="bio")
    ejc = SeriesFactory(name="Entretiens", slug="ejc")
    host = OrganizationFactory(name="Host Association", acronym="HA", slug="host")
    rows = [
        ("BIO last year", bio, EventKind.CONVENTION, "US", -300),
        ("EJC last month", ejc, EventKind.CONFERENCE, "FR", -30),
        ("Workshop next week", None, EventKind.WORKSHOP, "CA", 7),
        ("BIO next year", bio, EventKind.CONVENTION, "US", 300),
        ("EJC next month", ejc, EventKind.CONFERENCE, "FR", 30),
    ]
    for name, series, kind, country, days in rows:
        event = EventFactory(
            name=name, series=series, kind=kind, country=country, start_date=in_days(days)
        )
        if name.startswith("EJC"):
            EventOrganizationFactory(event=event, organization=host)
        else:
            EventOrganizationFactory(event=event, organization=host, role=EventRole.PARTICIPANT)
    indexing.rebuild()
    return host


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["Workshop next week", "EJC next month", "BIO next year"]),
        ({"when": "upcoming"}, ["Workshop next week", "EJC next month", "BIO next year"]),
        ({"when": "past"}, ["EJC last month", "BIO last year"]),
        (
            {"when": "all"},
            [
                "BIO next year",
                "EJC next month",
                "Workshop next week",
                "EJC last month",
                "BIO last year",
            ],
        ),
        ({"when": "all", "series": "bio"}, ["BIO next year", "BIO last year"]),
        ({"series": "ejc"}, ["EJC next month"]),
        ({"kind": "workshop"}, ["Workshop next week"]),
        ({"when": "all", "country": "FR"}, ["EJC next month", "EJC last month"]),
        ({"when": "all", "organizer": "host"}, ["EJC next month", "EJC last month"]),
        ({"when": "all", "organizer": "HA"}, ["EJC next month", "EJC last month"]),
        ({"when": "all", "organizer": "Host Association"}, ["EJC next month", "EJC last month"]),
        ({"when": "all", "q": "next"}, ["BIO next year", "EJC next month", "Workshop next week"]),
    ],
)
def test_events_filters_narrow_the_list_to_the_matching_events(client, calendar, filters, expected):
    page = get_page(client, url("events:list", query=filters))

    assert page.status == 200
    assert page.card_titles() == expected
    assert shown_filters(page) == {"when": "upcoming", **filters}


@pytest.mark.parametrize(
    ("start_from", "start_to", "expected"),
    [
        (-31, -29, ["EJC last month"]),
        (-400, -1, ["EJC last month", "BIO last year"]),
        (7, 7, ["Workshop next week"]),
        (8, None, ["BIO next year", "EJC next month"]),
        (None, -31, ["BIO last year"]),
    ],
)
def test_events_are_narrowed_to_a_range_of_start_dates(
    client, calendar, start_from, start_to, expected
):
    filters = {"when": "all"}
    if start_from is not None:
        filters["start_from"] = in_days(start_from).isoformat()
    if start_to is not None:
        filters["start_to"] = in_days(start_to).isoformat()

    page = get_page(client, url("events:list", query=filters))

    assert page.card_titles() == expected
    assert shown_filters(page) == filters


@pytest.mark.parametrize("lang", LANGUAGES)
def test_events_filters_are_kept_on_the_next_page_of_results(client, calendar, lang):
    series = SeriesFactory(name="Roadshow", slug="roadshow")
    first = in_days(-200)
    for number in range(21):
        event = EventFactory(
            name=f"Roadshow stop {number:02}",
            series=series,
            kind=EventKind.TRADE_MISSION,
            country="CA",
            start_date=first + datetime.timedelta(days=number),
        )
        EventOrganizationFactory(event=event, organization=calendar)
    indexing.rebuild()
    filters = {
        "when": "past",
        "q": "stop",
        "series": "roadshow",
        "kind": "trade_mission",
        "country": "CA",
        "organizer": "HA",
        "start_from": first.isoformat(),
        "start_to": in_days(-1).isoformat(),
    }

    assert_round_trip(
        client,
        "events:list",
        filters,
        [f"Roadshow stop {number:02}" for number in reversed(range(21))],
        lang,
    )


def test_past_events_heading_and_selected_option_follow_the_when_filter(client, calendar):
    page = get_page(client, url("events:list", query={"when": "past", "series": "ejc"}))

    assert page.select_one("#id_when option[selected]").attrs["value"] == "past"
    assert page.select_one("#id_series option[selected]").attrs["value"] == "ejc"
