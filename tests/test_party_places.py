"""Each party holds a copy of where its organization is, for the registry's corridor,
country and region filters (agreements.models.Party, agreements.receivers).

The copy must equal the organization's own place whatever wrote either of them:
the admin (the organization's page, the agreement's party rows), a revert, the
demo loaders and generate_data's bulk inserts.
"""

import pytest
from django.core.management import call_command
from django.db.models import F, Q
from django.urls import reverse

from agreements.models import Party
from tests.factories import AgreementFactory, OrganizationFactory, PartyFactory
from tests.test_admin_writes import organization_form
from tests.test_history import agreement_form, form_initial, inline_management
from tests.test_pages_helpers import get_page, url


def parties_off_their_organizations_place():
    """Parties whose copy differs from their organization's place: none, always."""
    return list(
        Party.objects.filter(
            ~Q(organization_region=F("organization__region"))
            | ~Q(organization_country=F("organization__country"))
        ).values_list("organization__name", "organization_region", "organization_country")
    )


def registry(client, query):
    page = get_page(client, url("agreements:list", query=query))
    assert page.status == 200
    return page.card_titles()


@pytest.fixture
def corridor(db):
    """An agreement between a Québec and an Ontario organization, and one within Québec."""
    quebec = OrganizationFactory(name="Québec Cluster", region="Québec", country="CA")
    toronto = OrganizationFactory(name="Toronto Cluster", region="Ontario", country="CA")
    laval = OrganizationFactory(name="Laval Cluster", region="Québec", country="CA")
    across = AgreementFactory(title="Across the border")
    PartyFactory(agreement=across, organization=quebec)
    PartyFactory(agreement=across, organization=toronto)
    within = AgreementFactory(title="Within Québec")
    PartyFactory(agreement=within, organization=quebec)
    PartyFactory(agreement=within, organization=laval)
    return {"quebec": quebec, "toronto": toronto, "laval": laval, "within": within}


def test_a_party_created_in_code_holds_its_organizations_place(corridor):
    assert list(
        Party.objects.order_by("agreement__title", "organization__name").values_list(
            "agreement__title", "organization_region", "organization_country"
        )
    ) == [
        ("Across the border", "Québec", "CA"),
        ("Across the border", "Ontario", "CA"),
        ("Within Québec", "Québec", "CA"),
        ("Within Québec", "Québec", "CA"),
    ]


def test_an_organization_moved_in_the_admin_moves_its_agreements_between_corridors(
    client, administrator, corridor
):
    laval = corridor["laval"]
    assert registry(client, {"corridor": "quebec-ontario"}) == ["Across the border"]
    client.force_login(administrator)

    response = client.post(
        reverse("admin:organizations_organization_change", args=[laval.pk]),
        organization_form(laval, region="Ontario", country="CA"),
    )

    assert response.status_code == 302
    client.logout()
    assert registry(client, {"corridor": "quebec-ontario"}) == [
        "Across the border",
        "Within Québec",
    ]
    assert registry(client, {"region": "ontario"}) == ["Across the border", "Within Québec"]
    assert parties_off_their_organizations_place() == []


def test_an_organization_moved_abroad_moves_its_agreements_to_that_country(client, corridor):
    toronto = corridor["toronto"]
    toronto.region, toronto.country = "Auvergne-Rhône-Alpes", "FR"
    toronto.save()

    assert registry(client, {"country": "FR"}) == ["Across the border"]
    assert registry(client, {"corridor": "quebec-auvergne-rhone-alpes"}) == ["Across the border"]
    assert registry(client, {"corridor": "quebec-ontario"}) == []
    assert parties_off_their_organizations_place() == []


def test_a_party_added_in_the_agreements_admin_page_holds_its_organizations_place(
    client, administrator, corridor
):
    within = corridor["within"]
    client.force_login(administrator)

    response = client.post(
        reverse("admin:agreements_agreement_change", args=[within.pk]),
        agreement_form(within)
        | {
            "party_set-TOTAL_FORMS": "1",
            "party_set-0-agreement": within.pk,
            "party_set-0-organization": corridor["toronto"].pk,
            "party_set-0-role": "signatory",
        },
    )

    assert response.status_code == 302
    client.logout()
    assert registry(client, {"corridor": "quebec-ontario"}) == [
        "Across the border",
        "Within Québec",
    ]
    assert parties_off_their_organizations_place() == []


def test_a_party_given_another_organization_takes_that_organizations_place(client, corridor):
    party = Party.objects.get(agreement=corridor["within"], organization=corridor["laval"])
    party.organization = corridor["toronto"]
    party.save()

    assert registry(client, {"corridor": "quebec-ontario"}) == [
        "Across the border",
        "Within Québec",
    ]
    assert parties_off_their_organizations_place() == []


def test_an_organization_reverted_in_the_admin_takes_its_agreements_back_to_its_place(
    client, administrator, corridor
):
    laval = corridor["laval"]
    original = laval.history.earliest()
    laval.region = "Ontario"
    laval.save()
    assert registry(client, {"corridor": "quebec-ontario"}) == [
        "Across the border",
        "Within Québec",
    ]
    revert_url = reverse(
        "admin:organizations_organization_simple_history", args=[laval.pk, original.history_id]
    )
    client.force_login(administrator)
    form = client.get(revert_url).context["adminform"].form

    response = client.post(
        revert_url,
        form_initial(form) | inline_management("contacts", "relationships_out", "memberships"),
    )

    assert response.status_code == 302
    client.logout()
    assert registry(client, {"corridor": "quebec-ontario"}) == ["Across the border"]
    assert parties_off_their_organizations_place() == []


def test_the_demo_datas_parties_hold_their_organizations_places(demo_data):
    assert Party.objects.exclude(organization_country="").exists()
    assert parties_off_their_organizations_place() == []


def test_generated_parties_hold_their_organizations_places(db):
    call_command(
        "generate_data",
        verbosity=0,
        organizations=200,
        agreements=40,
        events=10,
        benefits=10,
    )

    assert Party.objects.count() > 80
    assert parties_off_their_organizations_place() == []


def test_a_draft_party_places_no_agreement_in_its_corridor_country_or_region(client, corridor):
    # Ontario's party becomes a draft: the public learns nothing of where it is.
    Organization = type(corridor["toronto"])
    Organization.all_objects.filter(pk=corridor["toronto"].pk).update(publication="draft")
    api = reverse("api:agreement-list")

    assert registry(client, {"corridor": "quebec-ontario"}) == []
    assert registry(client, {"region": "Ontario"}) == []
    assert registry(client, {"country": "CA"}) == ["Across the border", "Within Québec"]
    assert client.get(api, {"corridor": "quebec-ontario"}).json()["results"] == []
    choices = get_page(client, url("agreements:list")).select("#id_corridor option")
    assert "Québec – Ontario (1)" not in [option.text.strip() for option in choices]
