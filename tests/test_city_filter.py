"""The directory's city filter: a city or its metro area, accents aside, on the page
and in the API; and the place each organization keeps for it (``Organization.locate``)."""

from decimal import Decimal

import pytest

from organizations.models import Organization
from tests.factories import OrganizationFactory
from tests.test_pages_helpers import get_page, ui, url

pytestmark = pytest.mark.django_db

LYON_AREA = {"region": "Auvergne-Rhône-Alpes", "country": "FR"}


@pytest.fixture
def lyon_area():
    return {
        "lyon": OrganizationFactory(name="Lyonbiopôle", city="Lyon", **LYON_AREA),
        "villeurbanne": OrganizationFactory(name="INSA", city="Villeurbanne", **LYON_AREA),
        "ecully": OrganizationFactory(name="Centrale", city="Écully", **LYON_AREA),
        # Recorded coordinates in Bron, no city.
        "bron": OrganizationFactory(
            name="Bron Lab",
            city="",
            latitude=Decimal("45.7386"),
            longitude=Decimal("4.9133"),
            **LYON_AREA,
        ),
        "saint_etienne": OrganizationFactory(
            name="Université Jean Monnet", city="Saint-Étienne", **LYON_AREA
        ),
        "montreal": OrganizationFactory(name="Montréal InVivo", city="Montréal"),
    }


def listed(client, query):
    page = get_page(client, url("organizations:list", query=query))
    assert page.status == 200
    return page.card_titles()


def test_a_city_finds_its_organizations_and_those_of_its_metro_area(client, lyon_area):
    assert listed(client, {"city": "Lyon"}) == ["Bron Lab", "Centrale", "INSA", "Lyonbiopôle"]


def test_a_suburb_finds_the_city_within_the_radius(client, lyon_area):
    # Écully to Saint-Étienne is 50 km: out of the metro area.
    assert listed(client, {"city": "ecully"}) == ["Bron Lab", "Centrale", "INSA", "Lyonbiopôle"]


@pytest.mark.parametrize("typed", ["montreal", "MONTRÉAL", " Montreal "])
def test_a_city_matches_whatever_its_accents_and_case(client, lyon_area, typed):
    assert listed(client, {"city": typed}) == ["Montréal InVivo"]


@pytest.mark.parametrize("typed", ["St-Etienne", "saint etienne", "Saint-Étienne"])
def test_saint_and_st_and_hyphens_are_the_same(client, lyon_area, typed):
    assert listed(client, {"city": typed}) == ["Université Jean Monnet"]


def test_a_city_the_gazetteer_does_not_know_matches_the_organizations_of_that_name(client):
    OrganizationFactory(name="Hameau Lab", city="Saint-Jean-de-Nulle-Part", country="FR")
    OrganizationFactory(name="Elsewhere", city="Lyon", country="FR")

    assert listed(client, {"city": "st jean de nulle part"}) == ["Hameau Lab"]
    assert listed(client, {"city": "Nowhere At All"}) == []


def test_the_country_chosen_says_which_city_of_that_name(client):
    OrganizationFactory(name="Western University", city="London", region="Ontario", country="CA")
    OrganizationFactory(name="Imperial", city="London", region="England", country="GB")

    assert listed(client, {"city": "London"}) == ["Imperial", "Western University"]
    assert listed(client, {"city": "London", "country": "CA"}) == ["Western University"]


def test_the_city_filter_is_labelled_and_keeps_what_was_typed(client, lyon_area):
    page = get_page(client, url("organizations:list", query={"city": "Lyon"}))

    assert page.select_one("label[for=id_city]").text == ui("en", "City or metro area") + ":"
    assert page.select_one("input[name=city]")["value"] == "Lyon"


def test_a_city_too_long_is_a_400_with_the_reason(client):
    page = get_page(client, url("organizations:list", query={"city": "x" * 101}))

    assert page.status == 400
    assert page.card_titles() == []
    assert page.field_errors("city")


def test_the_api_filters_by_city_the_same_way(client, lyon_area):
    response = client.get("/api/v1/organizations/", {"city": "lyon"})

    assert response.status_code == 200
    assert sorted(r["name"] for r in response.json()["results"]) == [
        "Bron Lab",
        "Centrale",
        "INSA",
        "Lyonbiopôle",
    ]
    assert client.get("/api/v1/organizations/", {"city": "x" * 101}).status_code == 400


def test_an_organization_is_placed_by_its_coordinates_or_else_at_its_city(lyon_area):
    bron = Organization.objects.get(pk=lyon_area["bron"].pk)
    lyon = Organization.objects.get(pk=lyon_area["lyon"].pk)

    assert (bron.place_latitude, bron.place_longitude, bron.placed_at_city) == (
        45.7386,
        4.9133,
        False,
    )
    assert round(lyon.place_latitude, 2) == 45.75
    assert round(lyon.place_longitude, 2) == 4.85
    assert lyon.placed_at_city is True
    assert lyon.city_key == "lyon"


def test_a_changed_city_moves_the_place_on_save():
    organization = OrganizationFactory(city="Montréal")

    organization.city = "Sherbrooke"
    organization.save()
    organization.refresh_from_db()

    assert organization.city_key == "sherbrooke"
    assert round(organization.place_latitude, 1) == 45.4

    organization.city = "Atlantis"
    organization.save()
    organization.refresh_from_db()

    assert (organization.place_latitude, organization.placed_at_city) == (None, False)
