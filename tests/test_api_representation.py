"""The API's serializers read their records without DRF's per-field machinery
(``api.serializers.CompiledRepresentation``): what they give must be what DRF itself
gives, field for field, in both languages and for every audience."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.utils import translation
from rest_framework import serializers

from accounts.access import Viewer
from agreements.models import Benefit
from api.serializers import (
    CompiledRepresentation,
    OrganizationSerializer,
    _decimal_representation,
)
from api.views import AgreementViewSet, BenefitViewSet, EventViewSet, OrganizationViewSet
from organizations.models import Visibility
from portal.rows import Row
from tests.factories import (
    AgreementFactory,
    BenefitFactory,
    ContactFactory,
    OrganizationFactory,
    PartyFactory,
)
from tests.test_api import every_record

RESOURCES = ["organizations", "agreements", "events", "series", "benefits", "sectors"]


@pytest.fixture(autouse=True)
def _fresh_throttle(settings):
    cache.clear()
    settings.API_ANON_RATE = "10000/minute"


def drf_records(client, monkeypatch, path, params):
    with monkeypatch.context() as patch:
        patch.setattr(
            CompiledRepresentation, "to_representation", serializers.Serializer.to_representation
        )
        return every_record(client, path, params)


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("who", ["anonymous", "administrator"])
def test_the_api_lists_the_records_as_drf_would_field_for_field(
    client, demo_data, monkeypatch, request, resource, lang, who
):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    path = f"/api/v1/{resource}/"
    params = {"lang": lang, "when": "all"} if resource == "events" else {"lang": lang}

    records = every_record(client, path, params)

    assert len(records) > 1
    assert records == drf_records(client, monkeypatch, path, params)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_one_agreement_reads_as_drf_would_field_for_field(client, demo_data, monkeypatch, lang):
    translation.activate(lang)
    slug = every_record(client, "/api/v1/agreements/")[0]["slug"]
    path = f"/api/v1/agreements/{slug}/"

    record = client.get(path, {"lang": lang}).json()

    with monkeypatch.context() as patch:
        patch.setattr(
            CompiledRepresentation, "to_representation", serializers.Serializer.to_representation
        )
        assert record == client.get(path, {"lang": lang}).json()
    assert record["parties"]
    # The organizations a benefit is granted to are read in the benefits' own query.
    assert {
        (benefit["id"], organization["slug"], organization["name"])
        for benefit in record["benefits"]
        for organization in benefit["granted_to"]
    } == {
        (benefit.pk, organization.slug, organization.name)
        for benefit in Benefit.objects.filter(agreement__slug=slug)
        for organization in benefit.granted_to.all()
    }


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("who", ["anonymous", "member", "administrator"])
@pytest.mark.parametrize("resource", ["organizations", "agreements", "events", "benefits"])
def test_a_list_read_as_rows_gives_each_record_as_its_own_endpoint_does(
    client, demo_data, request, resource, lang, who
):
    # The lists read values (api.rows), a record a model instance with its prefetches.
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    params = {"lang": lang, "when": "all"} if resource == "events" else {"lang": lang}
    key = "id" if resource == "benefits" else "slug"

    records = every_record(client, f"/api/v1/{resource}/", params)

    assert len(records) > 1
    assert records == [
        client.get(f"/api/v1/{resource}/{record[key]}/", params).json() for record in records
    ]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("who", ["anonymous", "member", "administrator"])
def test_the_lists_read_as_rows_hold_what_their_records_relate(
    client, demo_data, request, lang, who
):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    organizations = every_record(client, "/api/v1/organizations/", {"lang": lang})
    agreements = every_record(client, "/api/v1/agreements/", {"lang": lang})
    events = every_record(client, "/api/v1/events/", {"lang": lang, "when": "all"})
    benefits = every_record(client, "/api/v1/benefits/", {"lang": lang})

    assert any(record["contacts"] for record in organizations)
    assert any(record["sectors"] for record in organizations)
    assert any(record["themes"] for record in agreements)
    assert any(benefit["granted_to"] for record in agreements for benefit in record["benefits"])
    assert any(record["signing_event"] for record in agreements)
    assert any(record["organizations"] for record in events)
    assert any(record["series"] for record in events)
    assert any(record["granted_to"] for record in benefits)


@pytest.fixture
def signed_agreements(association_a):
    """Agreements signed by contacts of each visibility (a title in English only for one),
    with claim details for the members of association A or its staff."""
    company = OrganizationFactory(slug="company", name="Company", name_fr="Société")
    for number, visibility in enumerate(Visibility.values):
        agreement = AgreementFactory(slug=f"pact-{number}", title=f"Pact {number}")
        signer = ContactFactory(
            organization=company, name=f"{visibility} signer", visibility=visibility
        )
        PartyFactory(
            agreement=agreement,
            organization=company,
            signed_by=signer,
            signed_by_title_en="Chief executive",
            signed_by_title_fr="Directrice générale" if number else "",
        )
        PartyFactory(agreement=agreement, organization=association_a)
        benefit = BenefitFactory(
            agreement=agreement, how_to_claim_en=f"Code {number}", claim_visibility=visibility
        )
        benefit.granted_to.add(association_a, company)
    AgreementFactory(slug="pact-with-no-party", title="Pact with no party")


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("who", ["anonymous", "member", "staff_a", "administrator"])
def test_signers_and_claim_details_read_as_rows_are_those_each_record_shows(
    client, signed_agreements, request, lang, who
):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    agreements = every_record(client, "/api/v1/agreements/", {"lang": lang})
    benefits = every_record(client, "/api/v1/benefits/", {"lang": lang})

    assert agreements == [
        client.get(f"/api/v1/agreements/{record['slug']}/", {"lang": lang}).json()
        for record in agreements
    ]
    assert benefits == [
        client.get(f"/api/v1/benefits/{record['id']}/", {"lang": lang}).json()
        for record in benefits
    ]
    signers = {
        party["signed_by"]: party["signed_by_title"]
        for record in agreements
        for party in record["parties"]
        if party["signed_by"]
    }
    visible = {
        "anonymous": ["public signer"],
        "member": ["members signer", "public signer"],
        "staff_a": ["members signer", "public signer"],
        "administrator": ["members signer", "public signer", "staff signer"],
    }[who]
    assert sorted(signers) == visible
    assert signers["public signer"] == "Chief executive"
    # The benefits are granted to association A: its staff see what is for staff.
    assert [benefit["claim_details"] for benefit in benefits] == {
        "anonymous": ["Code 0", "", ""],
        "member": ["Code 0", "Code 1", ""],
        "staff_a": ["Code 0", "Code 1", "Code 2"],
        "administrator": ["Code 0", "Code 1", "Code 2"],
    }[who]


def as_values(rows):
    """Rows (api.rows.Row) as plain values, the rows they hold too."""
    if isinstance(rows, dict):
        return {key: as_values(value) for key, value in rows.items()}
    if isinstance(rows, list):
        return [as_values(row) for row in rows]
    if isinstance(rows, Row):
        return (rows._model, as_values(rows.__dict__))
    return rows


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(
    "viewset", [OrganizationViewSet, AgreementViewSet, EventViewSet, BenefitViewSet]
)
def test_related_rows_read_through_their_compiled_sql_are_those_a_query_reads(
    signed_agreements, demo_data, viewset, lang
):
    translation.activate(lang)
    view = viewset()
    view.request = SimpleNamespace(viewer=Viewer(is_admin=True, is_staff=True))
    plan = view.list_plan()
    ids = list(plan.queryset.values_list("pk", flat=True).order_by("pk"))

    for related in plan.related.values():
        for page in (ids[:7], ids[7:], ids[-1:]):
            assert as_values(related(page)) == as_values(related.read(page))
        assert related([]) == {}
    assert any(related(ids) for related in plan.related.values())


@pytest.mark.parametrize(
    "value",
    [Decimal("45.5"), Decimal("-73.5678915"), Decimal("-73.5678925"), Decimal("0"), 12.25, "3.1"],
)
def test_coordinates_read_as_drf_writes_them(value):
    field = OrganizationSerializer().fields["latitude"]

    assert _decimal_representation(field)(value) == field.to_representation(value)
