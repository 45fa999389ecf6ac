"""The API's serializers read their records without DRF's per-field machinery
(``api.serializers.CompiledRepresentation``): what they give must be what DRF itself
gives, field for field, in both languages and for every audience."""

import pytest
from django.core.cache import cache
from django.utils import translation
from rest_framework import serializers

from agreements.models import Benefit
from api.serializers import CompiledRepresentation
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
def test_the_organizations_list_read_as_rows_gives_each_record_as_its_own_page_does(
    client, demo_data, request, lang, who
):
    # The list reads values (api.rows), the record a model instance with its prefetches.
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    records = every_record(client, "/api/v1/organizations/", {"lang": lang})

    assert any(record["contacts"] for record in records)
    assert any(record["sectors"] for record in records)
    assert records == [
        client.get(f"/api/v1/organizations/{record['slug']}/", {"lang": lang}).json()
        for record in records
    ]
