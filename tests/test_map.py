"""The map of partners: organizations by place, agreements between places, the
directory's filters; the text alternative read as a visitor reads it."""

import datetime
import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import translation

from agreements.models import AgreementStatus
from partners.map import MEMBERS_PER_PLACE, MapFilter
from portal.publishing import Publication
from tests.factories import AgreementFactory, OrganizationFactory, PartyFactory, SectorFactory
from tests.test_pages_helpers import LANGUAGES, get_page, ui, url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _default_language():
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


FR = {"region": "Auvergne-Rhône-Alpes", "country": "FR"}


def in_force(**kwargs):
    return AgreementFactory(
        status=AgreementStatus.SIGNED, signed_on=datetime.date(2020, 1, 1), **kwargs
    )


def map_payload(page):
    return json.loads(page.select_one("#map-data").text)


def places_listed(page):
    """(place, [organization names]) in the order of the text alternative."""
    return [
        (
            item.select_one(".map-place-name").text,
            [a.text for a in item.select("a.map-member")],
        )
        for item in page.select(".map-places > li")
    ]


@pytest.fixture
def partners():
    lyon = OrganizationFactory(name="Lyonbiopôle", slug="lyonbiopole", city="Lyon", **FR)
    clara = OrganizationFactory(name="CLARA", slug="clara", city="Lyon", **FR)
    invivo = OrganizationFactory(
        name="Montréal InVivo",
        slug="montreal-invivo",
        city="Montréal",
        latitude=Decimal("45.501"),
        longitude=Decimal("-73.567"),
    )
    nowhere = OrganizationFactory(name="Fondation", slug="fondation", city="", country="FR")
    draft = OrganizationFactory(
        name="Secret Draft", slug="secret-draft", city="Lyon", publication=Publication.DRAFT, **FR
    )
    agreement = in_force(title="Lyon–Montréal MOU", slug="lyon-montreal")
    PartyFactory(agreement=agreement, organization=lyon)
    PartyFactory(agreement=agreement, organization=invivo)
    hidden = in_force(title="Draft deal", slug="draft-deal", publication=Publication.DRAFT)
    PartyFactory(agreement=hidden, organization=clara)
    PartyFactory(agreement=hidden, organization=invivo)
    with_draft = in_force(title="With a draft party", slug="with-draft")
    PartyFactory(agreement=with_draft, organization=invivo)
    PartyFactory(agreement=with_draft, organization=draft)
    return {"lyon": lyon, "clara": clara, "invivo": invivo, "nowhere": nowhere}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_map_lists_its_places_and_says_who_is_placed_at_its_city(client, partners, lang):
    page = get_page(client, url("partners:map", lang))

    assert page.status == 200
    assert page.h1 == ui(lang, "Map of partners")
    assert places_listed(page) == [
        ("Lyon, France", ["CLARA", "Lyonbiopôle"]),
        ("Montréal, Canada", ["Montréal InVivo"]),
    ]
    lyon_item = page.select(".map-places > li")[0]
    assert page.texts(".map-places .map-note") == [ui(lang, "placed at its city")] * 2
    assert lyon_item.select(".map-note")
    montreal_item = page.select(".map-places > li")[1]
    assert montreal_item.select(".map-note") == []


def test_the_map_counts_and_lists_those_not_on_it(client, partners):
    page = get_page(client, url("partners:map"))

    assert page.select_one(".result-count").text == (
        "4 organizations: 3 on the map. 2 of them have no coordinates and are placed at "
        "their city. 1 is not on the map."
    )
    assert page.texts(".map-unplaced a") == ["Fondation"]
    assert page.select_one(".map-unplaced a")["href"] == url(
        "organizations:detail", slug="fondation"
    )


def test_the_lines_join_the_places_of_published_agreements_only(client, partners):
    page = get_page(client, url("partners:map"))

    assert page.texts(".map-lines tbody th") == ["Montréal – Lyon"]
    assert page.texts(".map-lines tbody td a") == ["Lyon–Montréal MOU"]
    lines = map_payload(page)["lines"]
    assert [(line["count"], line["agreements"][0]["url"]) for line in lines] == [
        (1, url("agreements:detail", slug="lyon-montreal"))
    ]


def test_drafts_are_never_on_the_map(client, partners):
    page = get_page(client, url("partners:map", query={"agreements": "signed"}))

    assert "Secret Draft" not in page.html
    assert "Draft deal" not in page.html
    assert "With a draft party" not in page.html
    assert "secret-draft" not in page.html


def test_the_payload_holds_the_places_and_their_links(client, partners):
    page = get_page(client, url("partners:map"))

    places = map_payload(page)["places"]
    assert [(p["label"], p["count"]) for p in places] == [
        ("Lyon, France", 2),
        ("Montréal, Canada", 1),
    ]
    assert places[1]["members"] == [
        {
            "name": "Montréal InVivo",
            "url": url("organizations:detail", slug="montreal-invivo"),
            "atCity": False,
        }
    ]
    assert (places[1]["lat"], places[1]["lon"]) == (45.5, -73.57)


def test_the_filters_narrow_markers_and_lines(client, partners):
    sector = SectorFactory(slug="oncology", name="Oncology")
    partners["clara"].sectors.set([sector])

    page = get_page(client, url("partners:map", query={"sector": "oncology"}))

    assert places_listed(page) == [("Lyon, France", ["CLARA"])]
    # CLARA's only agreement is a draft: no line.
    assert page.select(".map-lines") == []

    page = get_page(client, url("partners:map", query={"city": "montreal"}))

    assert places_listed(page) == [("Montréal, Canada", ["Montréal InVivo"])]
    # A line goes from a filtered organization to its partners' places.
    assert page.texts(".map-lines tbody th") == ["Montréal – Lyon"]


def test_the_lines_can_be_left_out(client, partners):
    page = get_page(client, url("partners:map", query={"agreements": "none"}))

    assert map_payload(page)["lines"] == []
    assert page.select_one("select[name=agreements] option[selected]")["value"] == "none"


def test_ended_agreements_are_drawn_only_when_all_signed_ones_are_asked_for(client, partners):
    ended = in_force(title="Old MOU", slug="old-mou", effective_until=datetime.date(2021, 1, 1))
    PartyFactory(agreement=ended, organization=partners["clara"])
    PartyFactory(agreement=ended, organization=partners["invivo"])

    shown = get_page(client, url("partners:map")).texts(".map-lines tbody td a")
    all_signed = get_page(client, url("partners:map", query={"agreements": "signed"}))

    assert shown == ["Lyon–Montréal MOU"]
    assert sorted(all_signed.texts(".map-lines tbody td a")) == ["Lyon–Montréal MOU", "Old MOU"]
    assert all_signed.select_one(".map-lines tbody td").text.startswith("Lyon–Montréal MOU; ")


def test_a_place_with_more_organizations_than_named_links_to_the_directory(client):
    for number in range(7):
        OrganizationFactory(name=f"Lab {number}", city="Lyon", **FR)

    page = get_page(client, url("partners:map", query={"kind": "association"}))

    [(place, names)] = places_listed(page)
    assert place == "Lyon, France"
    assert names == [f"Lab {number}" for number in range(5)]
    more = page.select(".map-places > li li")[-1].select_one("a")
    assert more["href"] == url(
        "organizations:list", query={"kind": "association", "city": "Lyon", "country": "FR"}
    )


def test_the_directory_links_to_its_map_with_its_filters(client, partners):
    page = get_page(client, url("organizations:list", query={"country": "FR"}))

    link = [a for a in page.select(".list-files a") if a.text == ui("en", "Show on a map")]
    assert link[0]["href"] == url("partners:map", query={"country": "FR"})


@pytest.mark.parametrize(
    "query",
    [{"agreements": "everything"}, {"city": "x" * 101}, {"country": "XX"}, {"kind": "robot"}],
)
def test_bad_filters_are_a_400_with_the_reason_and_no_map(client, partners, query):
    page = get_page(client, url("partners:map", query=query))

    assert page.status == 400
    assert page.select("#map-data") == []
    assert page.select(".field-invalid")
    assert "Lyonbiopôle" not in page.main_text


@pytest.mark.parametrize("items", [1, 6])
def test_the_map_takes_5_queries_whatever_the_number_of_records(
    client, django_assert_num_queries, items
):
    for number in range(items):
        here = OrganizationFactory(name=f"Lyon {number:02}", city="Lyon", **FR)
        there = OrganizationFactory(name=f"Montréal {number:02}", city="Montréal")
        OrganizationFactory(name=f"Nowhere {number:02}", city="", country="")
        agreement = in_force(title=f"Agreement {number:02}")
        PartyFactory(agreement=agreement, organization=here)
        PartyFactory(agreement=agreement, organization=there)
    MapFilter.cached_counts("")

    with django_assert_num_queries(5):
        page = get_page(client, url("partners:map"))

    assert len(page.select(".map-places a.map-member")) == 2 * min(items, MEMBERS_PER_PLACE)
    assert len(page.select(".map-unplaced a")) == items
    assert len(map_payload(page)["lines"]) == 1
    assert map_payload(page)["lines"][0]["count"] == items
