"""The lists' choice boxes offer what the data holds, each with how many records have it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from agreements.filters import AgreementFilter
from agreements.models import AgreementKind
from events.filters import EventFilter
from organizations.filters import OrganizationFilter
from organizations.models import OrganizationKind, Sector
from tests.factories import (
    AgreementFactory,
    BenefitFactory,
    EventFactory,
    OrganizationFactory,
    PartyFactory,
    SectorFactory,
    SeriesFactory,
)
from tests.test_pages_helpers import get_page, url


def options(page, name):
    return page.texts(f"select[name={name}] option")


def selected(page, name):
    return [option.text for option in page.select(f"select[name={name}] option[selected]")]


@pytest.fixture
def directory(db):
    oncology = SectorFactory(name_en="Oncology", name_fr="Oncologie", slug="oncology")
    SectorFactory(name_en="Agritech", name_fr="Agrotech", slug="agritech")  # nobody in it
    for country, kind in [
        ("FR", OrganizationKind.CLUSTER),
        ("FR", OrganizationKind.COMPANY),
        ("DE", OrganizationKind.COMPANY),
        ("CA", OrganizationKind.COMPANY),
    ]:
        OrganizationFactory(country=country, kind=kind).sectors.add(oncology)


@pytest.mark.parametrize(
    ("lang", "countries"),
    [
        ("en", ["Any country", "Canada (1)", "France (2)", "Germany (1)"]),
        ("fr", ["Tous les pays", "Allemagne (1)", "Canada (1)", "France (2)"]),
    ],
)
def test_the_country_box_lists_the_countries_present_by_name_with_counts(
    client, directory, lang, countries
):
    page = get_page(client, url("organizations:list", lang))

    assert options(page, "country") == countries


def test_the_kind_and_sector_boxes_list_only_what_organizations_have(client, directory):
    page = get_page(client, url("organizations:list"))

    assert options(page, "kind") == ["Any kind", "Cluster (1)", "Company (3)"]
    assert options(page, "sector") == ["Any sector", "Oncology (4)"]


def test_the_counts_follow_the_next_write(client, directory):
    client.get(url("organizations:list"))

    OrganizationFactory(country="DE", kind=OrganizationKind.COMPANY)
    page = get_page(client, url("organizations:list"))

    assert "Germany (2)" in options(page, "country")
    assert "Company (4)" in options(page, "kind")


def test_a_chosen_value_the_data_lacks_stays_chosen_without_a_count(client, directory):
    page = get_page(client, url("organizations:list", query={"country": "JP"}))

    assert page.response.status_code == 200
    assert selected(page, "country") == ["Japan"]
    assert page.card_titles() == []


def test_a_chosen_value_with_records_is_shown_chosen_with_its_count(client, directory):
    page = get_page(client, url("organizations:list", query={"country": "FR"}))

    assert selected(page, "country") == ["France (2)"]
    assert len(page.card_titles()) == 2


def test_the_registry_counts_agreements_once_per_country_corridor_and_benefits(client, db):
    quebec = OrganizationFactory(region="Québec", country="CA")
    montreal = OrganizationFactory(region="Québec", country="CA")
    ontario = OrganizationFactory(region="Ontario", country="CA", city="Toronto")
    lyon = OrganizationFactory(region="Auvergne-Rhône-Alpes", country="FR", city="Lyon")
    within_canada = AgreementFactory(kind=AgreementKind.MOU)
    for party in (quebec, montreal, ontario):
        PartyFactory(agreement=within_canada, organization=party)
    transatlantic = AgreementFactory(kind=AgreementKind.MOU)
    for party in (montreal, lyon):
        PartyFactory(agreement=transatlantic, organization=party)
    BenefitFactory(agreement=transatlantic)

    page = get_page(client, url("agreements:list"))

    assert options(page, "country") == ["Any country", "Canada (2)", "France (1)"]
    assert options(page, "other_country") == options(page, "country")
    assert options(page, "corridor") == [
        "Any corridor",
        "Québec – Ontario (1)",
        "Québec – Auvergne-Rhône-Alpes (1)",
    ]
    assert options(page, "has_benefits") == [
        "With or without",
        "Grants member benefits (1)",
        "Grants no member benefit (1)",
    ]
    assert options(page, "kind")[1:] == ["Memorandum of understanding (2)"]


def test_the_events_boxes_count_the_events_the_list_shows(client, db):
    bio = SeriesFactory(name="BIO International Convention", slug="bio")
    EventFactory(series=bio, country="FR", start_date=datetime.date(2000, 6, 1))
    EventFactory(series=bio, country="US", start_date=timezone.localdate())

    upcoming = get_page(client, url("events:list"))
    past = get_page(client, url("events:list", query={"when": "past"}))

    assert options(upcoming, "country") == ["Any country", "United States of America (1)"]
    assert options(past, "country") == ["Any country", "France (1)"]
    assert options(upcoming, "series") == ["Any series", "BIO International Convention (1)"]


def test_the_events_boxes_count_events_of_every_date(client, db):
    bio = SeriesFactory(name="BIO International Convention", slug="bio")
    SeriesFactory(name="Forgotten Forum")
    EventFactory.create_batch(3, series=bio, country="US")

    events = get_page(client, url("events:list", query={"when": "all"}))

    assert options(events, "series") == ["Any series", "BIO International Convention (3)"]
    assert options(events, "country") == ["Any country", "United States of America (3)"]


@pytest.mark.parametrize(
    ("filterset", "queries", "countries"),
    [
        (OrganizationFilter, 4, ["CA", "FR"]),
        (AgreementFilter, 10, ["CA", "FR"]),
        # The "When" box's periods too, in one query.
        (EventFilter, 5, ["FR"]),
    ],
)
@pytest.mark.parametrize("items", [1, 6])
def test_counting_the_choices_takes_a_fixed_number_of_queries_once(
    db, filterset, queries, countries, items
):
    for _ in range(items):
        agreement = AgreementFactory()
        PartyFactory(agreement=agreement, organization__country="FR")
        PartyFactory(agreement=agreement, organization__country="CA")
        EventFactory(country="FR", series=SeriesFactory())

    with translation.override("en"):
        with CaptureQueriesContext(connection) as first:
            counted = filterset.cached_counts()
        with CaptureQueriesContext(connection) as again:
            filterset.cached_counts()

    assert len(first) == queries
    assert len(again) == 0
    assert counted["country"] == [
        (code, code_name, items)
        for code, code_name in [
            (code, {"CA": "Canada", "FR": "France"}[code]) for code in countries
        ]
    ]


def test_a_choice_box_keeps_its_label_and_escapes_what_the_data_says(client, db):
    SectorFactory(name_en="<b>R&D</b> labs", slug="rd-labs")
    OrganizationFactory().sectors.add(Sector.objects.get(slug="rd-labs"))

    response = client.get(url("organizations:list"))
    page = get_page(client, url("organizations:list"))

    assert "<b>R&D</b>" not in response.content.decode()
    assert options(page, "sector") == ["Any sector", "<b>R&D</b> labs (1)"]
    box = page.select_one("select[name=sector]")
    assert page.select_one(f"label[for={box.attrs['id']}]").text.strip() == "Sector:"
