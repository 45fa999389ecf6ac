"""Who follows an agreement up, in its admin (agreements.admin_forms): a party's
responsible staff member and a commitment's owner, offered within the user's scope
and checked on the server."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from agreements.models import Commitment, Party
from tests.factories import AgreementFactory, CommitmentFactory, PartyFactory, StaffFactory
from tests.test_history import form_initial


@pytest.fixture
def shared(association_a, association_b):
    """An agreement A manages and B signs too, with a commitment."""
    agreement = AgreementFactory(owner=association_a, title="Shared MOU")
    PartyFactory(agreement=agreement, organization=association_a)
    PartyFactory(agreement=agreement, organization=association_b)
    CommitmentFactory(agreement=agreement, description="Workshop")
    return agreement


@pytest.fixture
def people(association_a, association_b):
    return {
        "lea": StaffFactory(username="lea", first_name="Léa", associations=[association_a]),
        "sam": StaffFactory(username="sam", first_name="Sam", associations=[association_b]),
    }


def save(client, url, **changes):
    form = client.get(url).context["adminform"].form
    response = client.post(url, form_initial(form) | changes)
    if response.status_code == 302:
        return []
    return [
        str(error)
        for errors in response.context["adminform"].form.errors.values()
        for error in errors
    ]


def test_staff_are_offered_only_their_own_associations_staff(client, staff_a, shared, people):
    client.force_login(staff_a)

    response = client.get(reverse("admin:agreements_agreement_change", args=[shared.pk]))
    page = BeautifulSoup(response.content, "lxml")

    responsible = page.select_one('select[name="party_set-0-responsible"]')
    owner = page.select_one('select[name="commitments-0-owner"]')
    offered = [option.get_text() for option in responsible.find_all("option")]
    assert offered == ["- Select an option -", "staff-a", "Léa"]
    assert [option.get_text() for option in owner.find_all("option")] == offered


def test_a_person_another_association_named_stays_on_its_row(
    client, staff_a, shared, people, association_b
):
    party = Party.objects.get(agreement=shared, organization=association_b)
    Party.objects.filter(pk=party.pk).update(responsible=people["sam"])
    client.force_login(staff_a)

    errors = save(
        client, reverse("admin:agreements_party_change", args=[party.pk]), signed_by_title_en="CEO"
    )

    party.refresh_from_db()
    assert (errors, party.responsible, party.signed_by_title) == ([], people["sam"], "CEO")


def test_a_responsible_must_be_staff_of_that_partys_association(
    client, staff_a, shared, people, association_b
):
    party = Party.objects.get(agreement=shared, organization=association_b)
    client.force_login(staff_a)

    errors = save(
        client,
        reverse("admin:agreements_party_change", args=[party.pk]),
        responsible=people["lea"].pk,
    )

    assert errors == [
        "Léa is not on the staff of Association B: the responsible staff member must be one "
        "of its staff."
    ]
    assert Party.objects.get(pk=party.pk).responsible is None


def test_staff_cannot_pick_another_associations_staff_by_id(
    client, staff_a, shared, people, association_a
):
    party = Party.objects.get(agreement=shared, organization=association_a)
    client.force_login(staff_a)

    errors = save(
        client,
        reverse("admin:agreements_party_change", args=[party.pk]),
        responsible=people["sam"].pk,
    )

    assert errors == ["Select a valid choice. That choice is not one of the available choices."]


def test_a_responsible_staff_member_is_saved(client, staff_a, shared, people, association_a):
    party = Party.objects.get(agreement=shared, organization=association_a)
    client.force_login(staff_a)

    errors = save(
        client,
        reverse("admin:agreements_party_change", args=[party.pk]),
        responsible=people["lea"].pk,
    )

    assert (errors, Party.objects.get(pk=party.pk).responsible) == ([], people["lea"])


def test_a_commitment_owner_is_staff_of_the_managing_or_a_party_association(
    client, administrator, shared, people, association_a
):
    commitment = Commitment.objects.get(agreement=shared)
    outsider = StaffFactory(first_name="Kim", associations=[PartyFactory().organization])
    client.force_login(administrator)
    url = reverse("admin:agreements_commitment_change", args=[commitment.pk])

    refused = save(client, url, owner=outsider.pk)
    accepted = save(client, url, owner=people["sam"].pk, last_checked_on="2026-05-01")

    commitment.refresh_from_db()
    assert refused == [
        "Kim is not on the staff of the association that manages this agreement nor of one "
        "of its parties."
    ]
    assert (accepted, commitment.owner, str(commitment.last_checked_on)) == (
        [],
        people["sam"],
        "2026-05-01",
    )


def test_the_agreement_form_takes_notice_days_and_a_snooze(client, staff_a, shared):
    client.force_login(staff_a)
    url = reverse("admin:agreements_agreement_change", args=[shared.pk])
    form = client.get(url).context["adminform"].form
    data = form_initial(form) | {
        "notice_days": "120, 30",
        "reminders_snoozed_until": "2026-09-01",
    }
    for formset in client.get(url).context["inline_admin_formsets"]:
        management = formset.formset.management_form
        prefix = formset.formset.prefix
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
        assert management is not None

    response = client.post(url, data)

    shared.refresh_from_db()
    assert response.status_code == 302
    assert (shared.notice_horizons, str(shared.reminders_snoozed_until)) == (
        [120, 30],
        "2026-09-01",
    )
