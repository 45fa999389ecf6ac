"""Another association's drafts in the admin (portal.publishing): staff are not offered
them, and a record both associations edit keeps its links to them when saved, as it
keeps a signer whose details its editor may not see."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from agreements.models import Agreement, Benefit, Party
from events.models import Event, EventRole
from organizations.models import Visibility
from tests.factories import (
    AgreementFactory,
    BenefitFactory,
    ContactFactory,
    EventFactory,
    EventOrganizationFactory,
    OrganizationFactory,
    PartyFactory,
    SectorFactory,
)
from tests.test_pages_helpers import get_page

pytestmark = pytest.mark.django_db


def posted(page):
    """What a browser posts from the admin's change form, left as it was opened."""
    data = {}
    form = page.select_one("form[id$='_form']")
    for element in form.find_all(["input", "select", "textarea"]):
        name = element.attrs.get("name")
        kind = element.attrs.get("type", "text")
        if not name or kind in ("submit", "button", "file"):
            continue
        if element.name == "select":
            values = [o.attrs.get("value", "") for o in element.select("option[selected]")]
        elif element.name == "textarea":
            values = [element.text]
        elif kind in ("checkbox", "radio"):
            values = [element.attrs.get("value", "on")] if "checked" in element.attrs else []
        else:
            values = [element.attrs.get("value", "")]
        data.setdefault(name, []).extend(values)
    return data | {"_save": ["Save"]}


def save_unchanged(client, url):
    response = client.post(url, posted(get_page(client, url)))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


@pytest.fixture
def shared_agreement(association_a, association_b):
    """An agreement of A's to which B is a party: the staff of both edit it."""
    agreement = AgreementFactory(title="Shared pact", owner=association_a)
    PartyFactory(agreement=agreement, organization=association_a)
    PartyFactory(agreement=agreement, organization=association_b)
    return agreement


def test_saving_a_shared_agreement_keeps_the_other_associations_draft_party_and_event(
    client, staff_b, association_a, shared_agreement
):
    draft = OrganizationFactory(name="Quiet Biotech", owner=association_a, publication="draft")
    PartyFactory(agreement=shared_agreement, organization=draft)
    summit = EventFactory(name="Quiet summit", owner=association_a, publication="draft")
    Agreement.all_objects.filter(pk=shared_agreement.pk).update(signing_event=summit)
    client.force_login(staff_b)

    save_unchanged(client, reverse("admin:agreements_agreement_change", args=[shared_agreement.pk]))

    saved = Agreement.all_objects.get(pk=shared_agreement.pk)
    assert saved.signing_event == summit
    assert draft.pk in set(saved.party_set.values_list("organization", flat=True))


def test_saving_a_shared_benefit_keeps_its_grant_to_the_other_associations_draft(
    client, staff_b, association_a, association_b, shared_agreement
):
    draft = OrganizationFactory(name="Quiet Biotech", owner=association_a, publication="draft")
    benefit = BenefitFactory(agreement=shared_agreement)
    benefit.granted_to.add(association_b, draft)
    client.force_login(staff_b)

    save_unchanged(client, reverse("admin:agreements_benefit_change", args=[benefit.pk]))

    assert set(Benefit.objects.get(pk=benefit.pk).granted_to.all()) == {association_b, draft}


def test_saving_a_shared_event_keeps_its_link_to_the_other_associations_draft_agreement(
    client, staff_b, association_a, association_b
):
    draft = AgreementFactory(title="Quiet pact", owner=association_a, publication="draft")
    event = EventFactory(name="Shared summit", owner=association_a)
    EventOrganizationFactory(event=event, organization=association_b, role=EventRole.ORGANIZER)
    event.related_agreements.add(draft)
    client.force_login(staff_b)

    save_unchanged(client, reverse("admin:events_event_change", args=[event.pk]))

    assert list(Event.all_objects.get(pk=event.pk).related_agreements.all()) == [draft]


def test_contacts_of_another_associations_draft_are_not_offered_as_signers(
    client, staff_a, staff_b, association_a
):
    draft = OrganizationFactory(name="Quiet Biotech", owner=association_a, publication="draft")
    ContactFactory(organization=draft, name="Jane Public")
    query = {"app_label": "agreements", "model_name": "party", "field_name": "signed_by"}

    def offered(user):
        client.force_login(user)
        response = client.get(reverse("admin:autocomplete"), {**query, "term": "Jane"})
        return [result["text"] for result in response.json()["results"]]

    assert offered(staff_b) == []
    assert offered(staff_a) == ["Jane Public (Quiet Biotech)"]


def test_the_sector_list_counts_no_other_associations_drafts(
    client, staff_a, staff_b, association_a
):
    sector = SectorFactory(name="Quantum biology")
    OrganizationFactory(owner=association_a, publication="draft").sectors.add(sector)
    OrganizationFactory().sectors.add(sector)

    def counted(user):
        client.force_login(user)
        response = client.get(reverse("admin:organizations_sector_changelist"))
        return next(r.organization_count for r in response.context["cl"].result_list if r == sector)

    assert (counted(staff_b), counted(staff_a)) == (1, 2)


def test_saving_a_shared_agreement_keeps_a_signer_its_editor_may_not_see(
    client, staff_b, association_a, shared_agreement
):
    hidden = ContactFactory(
        organization=association_a, name="Hidden Signer", visibility=Visibility.STAFF
    )
    party = Party.objects.get(agreement=shared_agreement, organization=association_a)
    Party.objects.filter(pk=party.pk).update(signed_by=hidden)
    change = reverse("admin:agreements_agreement_change", args=[shared_agreement.pk])
    client.force_login(staff_b)

    html = get_page(client, change).html
    save_unchanged(client, change)

    assert "Hidden Signer" not in html
    assert "A person whose details you may not see" in html
    assert Party.objects.get(pk=party.pk).signed_by == hidden


def test_reverting_a_shared_agreement_brings_back_no_draft_it_has_dropped_since(
    client, staff_b, association_a, shared_agreement
):
    summit = EventFactory(name="Quiet summit", owner=association_a, publication="draft")
    agreement = Agreement.all_objects.get(pk=shared_agreement.pk)
    agreement.signing_event = summit
    agreement.save()
    linked = agreement.history.latest()
    agreement.signing_event = None
    agreement.save()
    revert = reverse(
        "admin:agreements_agreement_simple_history", args=[agreement.pk, linked.history_id]
    )
    client.force_login(staff_b)

    page = get_page(client, revert)
    client.post(revert, posted(page))

    assert "Quiet summit" not in page.html
    assert Agreement.all_objects.get(pk=agreement.pk).signing_event is None


@pytest.fixture
def hidden_signer(association_a, shared_agreement):
    """A's party to the shared agreement, signed by a staff-only contact of A's."""
    hidden = ContactFactory(
        organization=association_a, name="Hidden Signer", visibility=Visibility.STAFF
    )
    party = Party.objects.get(agreement=shared_agreement, organization=association_a)
    party.signed_by = hidden
    party.save()
    return party


def test_the_party_list_and_its_search_name_no_signer_the_staff_may_not_see(
    client, staff_a, staff_b, hidden_signer
):
    parties = reverse("admin:agreements_party_changelist")

    client.force_login(staff_b)
    listed = get_page(client, parties).html
    searched = client.get(parties, {"q": "Hidden"}).context["cl"].result_count
    client.force_login(staff_a)

    assert "Hidden Signer" not in listed
    assert "A person whose details you may not see" in listed
    assert searched == 0
    assert "Hidden Signer" in get_page(client, parties).html


def test_a_partys_history_names_no_signer_the_staff_may_not_see(client, staff_b, hidden_signer):
    client.force_login(staff_b)

    history = get_page(
        client, reverse("admin:agreements_party_history", args=[hidden_signer.pk])
    ).html

    assert "Hidden Signer" not in history
    assert "A person whose details you may not see" in history


def test_read_only_pages_name_no_signer_the_staff_may_not_see(
    client, staff_b, hidden_signer, shared_agreement
):
    staff_b.groups.clear()
    staff_b.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="agreements", codename__in=["view_agreement", "view_party"]
        )
    )
    client.force_login(staff_b)

    pages = [
        get_page(client, reverse("admin:agreements_party_change", args=[hidden_signer.pk])),
        get_page(client, reverse("admin:agreements_agreement_change", args=[shared_agreement.pk])),
    ]

    assert [page.status for page in pages] == [200, 200]
    assert not any("Hidden Signer" in page.html for page in pages)
    assert all("A person whose details you may not see" in page.html for page in pages)
