"""The read-only JSON API: same filters and counts as the pages, same visibility rules."""

import pytest
from django.core.cache import cache

from agreements.filters import AgreementFilter, BenefitFilter
from agreements.models import Agreement
from api.filtering import leaves_unfiltered
from events.filters import EventFilter
from organizations.filters import OrganizationFilter
from organizations.models import Organization, Visibility
from tests.factories import (
    AgreementFactory,
    BenefitFactory,
    CommitmentFactory,
    ContactFactory,
    EventFactory,
    OrganizationFactory,
    PartyFactory,
    SectorFactory,
    SeriesFactory,
)
from tests.test_pages_helpers import get_page, url


@pytest.fixture(autouse=True)
def _fresh_throttle(settings):
    # The anonymous limit counts in the cache: every test starts from zero.
    cache.clear()
    settings.API_ANON_RATE = "10000/minute"


def every_record(client, path, params=None, **headers):
    """Follow the cursor pages to the end; the records of all pages."""
    records = []
    response = client.get(path, {**(params or {}), "page_size": 7}, **headers)
    while True:
        assert response.status_code == 200, response.content[:500]
        body = response.json()
        records.extend(body["results"])
        if not body["next"]:
            return records
        response = client.get(body["next"], **headers)


def html_count(client, name, params):
    """How many results the page counts for ``params``."""
    response = client.get(url(name, query=params))
    assert response.status_code == 200
    return response.context["paginator"].count


@pytest.mark.parametrize(
    ("name", "path", "params"),
    [
        ("organizations:list", "/api/v1/organizations/", {}),
        ("organizations:list", "/api/v1/organizations/", {"country": "CA"}),
        ("organizations:list", "/api/v1/organizations/", {"kind": "association"}),
        ("organizations:list", "/api/v1/organizations/", {"q": "québec"}),
        ("organizations:list", "/api/v1/organizations/", {"partner": "bioquebec"}),
        ("agreements:list", "/api/v1/agreements/", {}),
        ("agreements:list", "/api/v1/agreements/", {"corridor": "quebec-ontario"}),
        ("agreements:list", "/api/v1/agreements/", {"has_benefits": "true"}),
        ("agreements:list", "/api/v1/agreements/", {"signed_from": "2017", "country": "FR"}),
        ("events:list", "/api/v1/events/", {}),
        ("events:list", "/api/v1/events/", {"when": "all"}),
        ("events:list", "/api/v1/events/", {"when": "past", "country": "CA"}),
    ],
)
def test_a_filtered_list_counts_the_same_in_the_api_as_on_its_page(
    client, demo_data, name, path, params
):
    api = every_record(client, path, params)

    assert len(api) == html_count(client, name, params)
    assert len({record["slug"] for record in api}) == len(api)


def test_the_benefits_of_an_association_are_those_its_page_lists(client, demo_data):
    page = get_page(client, url("benefits:list", query={"association": "bioquebec"}))

    api = every_record(client, "/api/v1/benefits/", {"association": "bioquebec", "current": "true"})

    assert sorted(record["description"] for record in api) == sorted(
        item.select("p")[0].text for item in page.select("li.benefit")
    )
    assert api


def test_a_record_reads_like_its_page(client, demo_data):
    agreement = client.get("/api/v1/agreements/bioquebec-lso-mou-2025/").json()

    assert agreement["title"] == Agreement.objects.get(slug="bioquebec-lso-mou-2025").title_en
    assert agreement["signed_on_display"] == "March 2025"
    assert agreement["page"] == "http://testserver/en/agreements/bioquebec-lso-mou-2025/"
    assert {party["organization"]["slug"] for party in agreement["parties"]} == {
        "bioquebec",
        "life-sciences-ontario",
    }


@pytest.mark.parametrize(
    ("headers", "params"),
    [({"HTTP_ACCEPT_LANGUAGE": "fr"}, {}), ({"HTTP_ACCEPT_LANGUAGE": "en"}, {"lang": "fr"})],
    ids=["accept-language", "lang"],
)
def test_texts_come_in_the_language_asked_for(client, demo_data, headers, params):
    response = client.get("/api/v1/agreements/bioquebec-lso-mou-2025/", params, **headers)

    assert response["Content-Language"] == "fr"
    assert response.json()["title"] == "Protocole d'entente BIOQuébec – Life Sciences Ontario"
    assert response.json()["page"].endswith("/fr/ententes/bioquebec-lso-mou-2025/")


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/events/", {"lang": "de"}),
        ("/api/v1/events/", {"start_from": "yesterday"}),
        ("/api/v1/agreements/", {"party": "no such organization"}),
        ("/api/v1/agreements/", {"signed_from": "20000"}),
        ("/api/v1/organizations/", {"kind": "spaceship"}),
        ("/api/v1/benefits/", {"association": "no such association"}),
    ],
)
def test_bad_filters_get_a_400_naming_the_parameter(client, db, path, params):
    response = client.get(path, params, HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 400
    assert list(response.json()) == list(params)


def test_an_invalid_cursor_gets_a_clear_404(client, db):
    response = client.get("/api/v1/organizations/", {"cursor": "not-a-cursor"})

    assert response.status_code == 404
    assert "first page" in response.json()["detail"]


def test_the_api_is_read_only(client, db):
    organization = OrganizationFactory(slug="solid")

    responses = [
        client.post("/api/v1/organizations/", {"name": "New"}, content_type="application/json"),
        client.put(
            "/api/v1/organizations/solid/", {"name": "Changed"}, content_type="application/json"
        ),
        client.delete("/api/v1/organizations/solid/"),
    ]

    assert [r.status_code for r in responses] == [405, 405, 405]
    organization.refresh_from_db()
    assert organization.name != "Changed"


# Visibility: the same rules as the pages ------------------------------------------------


@pytest.fixture
def planted(association_a):
    """Contacts of each visibility, and claim details for the members of association A."""
    company = OrganizationFactory(slug="company", name="Company")
    ContactFactory(organization=company, name="Public Person", visibility=Visibility.PUBLIC)
    ContactFactory(
        organization=company,
        name="Members Person",
        email="m@example.org",
        visibility=Visibility.MEMBERS,
    )
    ContactFactory(organization=company, name="Staff Person", visibility=Visibility.STAFF)
    agreement = AgreementFactory(slug="pact", title="Pact")
    PartyFactory(agreement=agreement, organization=association_a)
    BenefitFactory(
        agreement=agreement,
        how_to_claim_en="Quote code MEMBERS-42",
        claim_visibility=Visibility.MEMBERS,
    ).granted_to.add(association_a)


def test_anonymous_requests_get_public_contacts_and_no_claim_details(client, planted):
    organization = client.get("/api/v1/organizations/company/").json()
    listed = [r for r in every_record(client, "/api/v1/organizations/") if r["slug"] == "company"]
    agreement = client.get("/api/v1/agreements/pact/").json()
    benefits = every_record(client, "/api/v1/benefits/")

    assert [c["name"] for c in organization["contacts"]] == ["Public Person"]
    assert [c["name"] for record in listed for c in record["contacts"]] == ["Public Person"]
    assert [b["claim_details"] for b in agreement["benefits"]] == [""]
    assert [b["claim_details"] for b in benefits] == [""]


def test_a_signed_in_member_gets_what_members_see(client, planted, member):
    client.force_login(member)

    organization = client.get("/api/v1/organizations/company/").json()
    agreement = client.get("/api/v1/agreements/pact/").json()

    assert [c["name"] for c in organization["contacts"]] == ["Members Person", "Public Person"]
    assert [b["claim_details"] for b in agreement["benefits"]] == ["Quote code MEMBERS-42"]


def test_a_list_read_in_turn_by_different_people_shows_each_what_they_may_see(
    client, planted, member
):
    # The lists keep how they read their rows per language and viewer (api.views.ListPlan).
    def contacts():
        records = every_record(client, "/api/v1/organizations/")
        return [
            c["name"]
            for record in records
            if record["slug"] == "company"
            for c in record["contacts"]
        ]

    before = contacts()
    client.force_login(member)
    signed_in = contacts()
    client.logout()
    after = contacts()

    assert (before, signed_in, after) == (
        ["Public Person"],
        ["Members Person", "Public Person"],
        ["Public Person"],
    )


# Limits and cost -----------------------------------------------------------------------------


def test_anonymous_requests_are_throttled_per_address(client, db, settings):
    settings.API_ANON_RATE = "3/minute"

    statuses = [client.get("/api/v1/sectors/").status_code for _ in range(4)]
    other_address = client.get("/api/v1/sectors/", REMOTE_ADDR="10.1.2.3")

    assert statuses == [200, 200, 200, 429]
    assert other_address.status_code == 200


def test_signed_in_requests_are_not_throttled_as_anonymous(client, db, settings, administrator):
    settings.API_ANON_RATE = "2/minute"
    client.force_login(administrator)

    assert [client.get("/api/v1/sectors/").status_code for _ in range(4)] == [200] * 4


@pytest.mark.parametrize("items", [1, 6])
@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("/api/v1/organizations/", 3),
        # The agreements, themes, parties, benefits and commitments.
        ("/api/v1/agreements/", 5),
        ("/api/v1/events/", 2),
        ("/api/v1/benefits/", 2),
        ("/api/v1/series/", 1),
        ("/api/v1/sectors/", 1),
    ],
)
def test_a_page_of_the_api_takes_a_fixed_number_of_queries(
    client, db, django_assert_num_queries, path, queries, items
):
    for number in range(items):
        agreement = AgreementFactory(title=f"Agreement {number}")
        agreement.themes.add(SectorFactory())
        party = PartyFactory(
            agreement=agreement, signed_by=ContactFactory(visibility=Visibility.PUBLIC)
        )
        party.organization.sectors.add(*agreement.themes.all())
        ContactFactory(organization=party.organization, visibility=Visibility.PUBLIC)
        BenefitFactory(agreement=agreement).granted_to.add(party.organization)
        CommitmentFactory(agreement=agreement)
        EventFactory(name=f"Event {number}", series=SeriesFactory(name=f"Series {number}"))

    with django_assert_num_queries(queries):
        response = client.get(path, {"when": "all"} if "events" in path else {})

    assert response.status_code == 200
    assert len(response.json()["results"]) >= items


# Documentation ------------------------------------------------------------------------


def test_the_schema_describes_every_endpoint(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        f"/api/v1/{kind}/{suffix}"
        for kind, key in [
            ("organizations", "{slug}"),
            ("agreements", "{slug}"),
            ("events", "{slug}"),
            ("series", "{slug}"),
            ("benefits", "{id}"),
            ("sectors", "{slug}"),
        ]
        for suffix in ("", f"{key}/")
    }


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_documentation_page_lists_every_endpoint_in_both_languages(client, db, lang):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    page = get_page(client, url("api_docs", lang))

    assert page.texts(".api-endpoint h3 code") == [f"GET {path}" for path in schema["paths"]]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_page_links_to_the_api_documentation(client, db, lang):
    page = get_page(client, url("home", lang))

    assert url("api_docs", lang) in page.links("footer a")


@pytest.mark.parametrize(
    ("path", "position"),
    [
        ("/api/v1/sectors/", "abc"),
        ("/api/v1/organizations/", "99999999999999999999999"),
        ("/api/v1/events/", "notadate"),
        ("/api/v1/events/", "99999-01-01"),
        ("/api/v1/events/", "\x00"),
    ],
)
def test_a_hand_made_cursor_gets_a_404_not_a_server_error(client, db, path, position):
    import base64
    from urllib.parse import urlencode

    cursor = base64.b64encode(urlencode({"p": position}).encode()).decode()

    response = client.get(path, {"cursor": cursor})

    assert response.status_code == 404
    assert "first page" in response.json()["detail"]


def test_the_address_a_client_claims_does_not_escape_the_limit(client, db, settings):
    settings.API_ANON_RATE = "3/minute"

    statuses = [
        client.get("/api/v1/sectors/", HTTP_X_FORWARDED_FOR=f"10.9.8.{n}").status_code
        for n in range(4)
    ]

    assert statuses == [200, 200, 200, 429]


def test_past_events_come_newest_first_as_on_the_page(client, db):
    import datetime

    for year in (2001, 2003, 2002):
        EventFactory(name=f"Event {year}", start_date=datetime.date(year, 5, 1))

    records = every_record(client, "/api/v1/events/", {"when": "past"})

    assert [r["start_date"] for r in records] == ["2003-05-01", "2002-05-01", "2001-05-01"]


@pytest.mark.parametrize(
    ("path", "make", "key"),
    [
        ("/api/v1/organizations/", lambda n: OrganizationFactory(slug=f"org-{n}"), "slug"),
        ("/api/v1/agreements/", lambda n: AgreementFactory(slug=f"pact-{n}"), "slug"),
    ],
)
def test_an_unfiltered_list_pages_back_the_way_it_paged_forward(client, db, path, make, key):
    # An unfiltered list reads each page's shape compiled once (api.rows.PagedRows):
    # forward, backward and the last, shorter page each a shape of their own.
    for n in range(17):
        make(n)
    forward = []
    response = client.get(path, {"page_size": 5})
    while True:
        body = response.json()
        forward.append([record[key] for record in body["results"]])
        if not body["next"]:
            break
        response = client.get(body["next"])
    backward = []
    while body["previous"]:
        body = client.get(body["previous"]).json()
        backward.append([record[key] for record in body["results"]])

    assert [len(page) for page in forward] == [5, 5, 5, 2]
    assert len({name for page in forward for name in page}) == 17
    assert backward == forward[-2::-1]


def test_an_unknown_record_gets_a_translated_404(client, db):
    response = client.get("/api/v1/organizations/no-such-slug/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 404
    assert response.json() == {"detail": "Aucune fiche de ce genre."}


def test_only_the_events_filters_change_a_list_given_no_filter(db):
    # The API skips building the others' forms when a request names no filter.
    assert {
        filterset.__name__: leaves_unfiltered(filterset)
        for filterset in (OrganizationFilter, AgreementFilter, EventFilter, BenefitFilter)
    } == {
        "OrganizationFilter": True,
        "AgreementFilter": True,
        "EventFilter": False,
        "BenefitFilter": True,
    }


@pytest.mark.parametrize("params", [{}, {"page_size": 2}, {"format": "json"}, {"unknown": "x"}])
def test_a_list_given_no_filter_lists_what_its_filterset_would(client, db, params):
    for number in range(3):
        OrganizationFactory(name=f"Organization {number}")

    response = client.get("/api/v1/organizations/", params)

    assert response.status_code == 200
    assert [record["name"] for record in response.json()["results"]] == [
        organization.name for organization in Organization.objects.order_by("id")
    ][: params.get("page_size", 50)]


def test_the_lists_and_pages_keep_no_request_in_their_keys(client, planted, member):
    """What is kept per viewer is keyed by the viewer's value, never by the request's lazy
    viewer, which would keep each request (its user, its session) alive."""
    from django.utils.functional import LazyObject

    from accounts.access import viewer_for
    from agreements.detail import PARTY_ROWS
    from api.views import LIST_PLANS
    from organizations.detail import CONTACT_ROWS

    client.force_login(member)
    every_record(client, "/api/v1/organizations/")
    assert client.get(url("organizations:detail", slug="company")).status_code == 200
    assert client.get(url("agreements:detail", slug="pact")).status_code == 200
    viewer = viewer_for(member)
    for kept in (LIST_PLANS, CONTACT_ROWS.statements, PARTY_ROWS.statements):
        assert any(viewer in key for key in kept)
        assert not [part for key in kept for part in key if isinstance(part, LazyObject)]
