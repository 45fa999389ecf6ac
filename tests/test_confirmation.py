"""Two-party confirmation (agreements.confirmation): each signatory association's staff
confirm an agreement's record; an edit by someone else marks their confirmation out of
date, with what changed, until they confirm again. Shown on the admin page, the public
page and in the API."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from agreements import confirmation, dashboard
from agreements.choices import PartyRole
from agreements.models import Agreement, Confirmation, Party
from organizations.models import OrganizationKind
from tests.factories import (
    AgreementFactory,
    BenefitFactory,
    CommitmentFactory,
    OrganizationFactory,
    PartyFactory,
    StaffFactory,
)
from tests.test_admin_drafts import posted
from tests.test_history import agreement_form, form_initial
from tests.test_pages_helpers import get_page


@pytest.fixture
def mou(association_a, association_b, staff_a, staff_b):
    """An MOU signed by associations A and B (each with its staff), with a supporter."""
    agreement = AgreementFactory(owner=association_a, title="A–B MOU", slug="a-b-mou")
    PartyFactory(agreement=agreement, organization=association_a)
    PartyFactory(agreement=agreement, organization=association_b)
    PartyFactory(
        agreement=agreement,
        organization=OrganizationFactory(name="Supporter", kind=OrganizationKind.COMPANY),
        role=PartyRole.SUPPORTER,
    )
    return agreement


def change_url(agreement):
    return reverse("admin:agreements_agreement_change", args=[agreement.pk])


def confirm(client, agreement, organization, seen=None):
    """Press "Confirm" for ``organization``, as the page shows it: with the fingerprint
    of the record's snapshot (the one stored now unless ``seen`` says which was read)."""
    if seen is None:
        seen = confirmation.fingerprint(confirmation.snapshot(agreement))
    return client.post(
        reverse("admin:agreements_agreement_confirm", args=[agreement.pk]),
        {"organization": organization.pk, "fingerprint": seen},
    )


def page_fingerprint(client, agreement):
    """The fingerprint the confirm button of the agreement's page sends."""
    page = BeautifulSoup(client.get(change_url(agreement)).content, "lxml")
    form = page.find(class_="confirmation-form")
    return form.find("input", attrs={"name": "fingerprint"})["value"]


def edit(client, agreement, **changes):
    """Save the agreement's admin form with ``changes``, as its page would."""
    agreement.refresh_from_db()
    changes.setdefault("notice_days", agreement.notice_days)
    changes.setdefault("owner", agreement.owner_id)
    if agreement.signed_on is not None:
        changes.setdefault("signed_on", str(agreement.signed))
    data = agreement_form(agreement, **changes)
    response = client.post(change_url(agreement), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def panel(client, agreement):
    page = BeautifulSoup(client.get(change_url(agreement)).content, "lxml")
    section = page.find(class_="confirmation-panel")
    return {
        "summary": section.find(class_="confirmation-summary").get_text(strip=True),
        "stale": [p.get_text(strip=True) for p in section.find_all(class_="confirmation-stale")],
        "buttons": [b.get_text(strip=True) for b in section.find_all("button")],
    }


def stored(agreement):
    return {
        c.organization.name: c.stale_fields
        for c in Confirmation.objects.filter(agreement=agreement).select_related("organization")
    }


def today_text():
    return timezone.localdate().strftime("%-d %B %Y")


def test_staff_of_a_signatory_confirm_the_record_for_their_association(
    client, staff_a, association_a, mou
):
    client.force_login(staff_a)
    assert panel(client, mou) == {
        "summary": "Awaiting Association A, Association B",
        "stale": [],
        "buttons": ["Confirm this record for Association A"],
    }

    response = confirm(client, mou, association_a)

    assert response["Location"] == change_url(mou)
    assert panel(client, mou) == {
        "summary": f"Confirmed by Association A on {today_text()} · awaiting Association B",
        "stale": [],
        "buttons": ["Confirm this version for Association A"],
    }


def test_an_edit_by_the_other_party_marks_the_confirmation_out_of_date(
    client, staff_a, staff_b, association_a, mou
):
    client.force_login(staff_a)
    confirm(client, mou, association_a)

    client.force_login(staff_b)
    edit(client, mou, signed_on="3 May 2021", title_fr="Protocole A–B")

    assert stored(mou) == {"Association A": ["title", "signing_date"]}
    client.force_login(staff_a)
    assert panel(client, mou)["stale"] == [
        f"Association A confirmed an earlier version (on {today_text()}); "
        "changed since: title, signing date."
    ]


def test_an_edit_of_the_parties_or_commitments_is_named(
    client, staff_a, staff_b, association_a, mou
):
    client.force_login(staff_a)
    confirm(client, mou, association_a)

    client.force_login(staff_b)
    commitment_url = reverse("admin:agreements_commitment_add")
    client.post(
        commitment_url,
        {
            "agreement": mou.pk,
            "description_en": "Joint symposium",
            "status": "planned",
            "due_on": "2027",
        },
    )
    party = Party.objects.get(agreement=mou, role=PartyRole.SUPPORTER)
    Party.objects.filter(pk=party.pk).update(role=PartyRole.FUNDER)
    edit(client, mou)

    assert stored(mou) == {"Association A": ["parties", "commitments"]}


def test_their_own_edit_keeps_their_confirmation_current(
    client, staff_a, association_a, association_b, mou
):
    client.force_login(staff_a)
    confirm(client, mou, association_a)
    staff_b = StaffFactory(associations=[association_b])
    client.force_login(staff_b)
    confirm(client, mou, association_b)

    client.force_login(staff_a)
    edit(client, mou, signing_place_en="Boston")

    assert stored(mou) == {"Association A": [], "Association B": ["signing_place"]}


def test_progress_and_reminders_do_not_make_a_confirmation_stale(
    client, staff_a, staff_b, association_a, mou, monkeypatch
):
    monkeypatch.setattr(dashboard, "today", lambda: datetime.date(2026, 6, 15))
    commitment = CommitmentFactory(agreement=mou, due_on=datetime.date(2026, 1, 1))
    client.force_login(staff_a)
    confirm(client, mou, association_a)

    client.force_login(staff_b)
    client.post(reverse("admin:agreements_commitment_done", args=[commitment.pk]))
    client.post(reverse("admin:agreements_agreement_snooze", args=[mou.pk]), {"days": "7"})
    edit(client, mou, notice_days="60", reminders_snoozed_until="2026-07-01")

    assert stored(mou) == {"Association A": []}


def edit_benefit(client, benefit, **changes):
    """Save the benefit's own admin page with ``changes`` (None unticks a box)."""
    url = reverse("admin:agreements_benefit_change", args=[benefit.pk])
    data = posted(get_page(client, url))
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = [str(value)]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


@pytest.mark.parametrize(
    ("changes", "changed"),
    [
        ({"provided_by": "b"}, ["benefits"]),
        ({"allowance": "10"}, ["benefits"]),
        ({"allowance": "10", "allowance_scope": "organization"}, ["benefits"]),
        ({"code": "AB-2025"}, []),
        ({"how_to_claim_en": "Write to the partnerships team."}, []),
        ({"illustrative": "on"}, []),
        ({"accepts_claims": None}, []),
    ],
    ids=[
        "provider",
        "allowance",
        "allowance-scope",
        "code",
        "how-to-claim",
        "illustrative",
        "claims",
    ],
)
def test_a_benefits_provider_and_allowance_are_confirmed_its_operations_are_not(
    client, staff_a, staff_b, association_a, association_b, mou, changes, changed
):
    benefit = BenefitFactory(
        agreement=mou, description_en="Member rate", description_fr="Tarif membre"
    )
    benefit.granted_to.set([association_a])
    client.force_login(staff_a)
    confirm(client, mou, association_a)
    if changes.get("provided_by") == "b":
        changes["provided_by"] = association_b.pk

    client.force_login(staff_b)
    edit_benefit(client, benefit, **changes)

    assert stored(mou) == {"Association A": changed}


def test_a_benefit_with_no_provider_nor_allowance_reads_as_before_they_existed(mou):
    BenefitFactory(agreement=mou, description_en="Member rate", description_fr="Tarif")

    assert confirmation.snapshot(mou)["benefits"] == [
        ["preferential_rates", "Member rate", "Tarif", []]
    ]


def test_a_revert_to_what_was_confirmed_makes_it_current_again(
    client, staff_a, staff_b, association_a, mou
):
    client.force_login(staff_a)
    confirm(client, mou, association_a)
    client.force_login(staff_b)

    edit(client, mou, signed_on="3 May 2021")
    assert stored(mou) == {"Association A": ["signing_date"]}

    edit(client, mou, signed_on="4 May 2020")
    assert stored(mou) == {"Association A": []}


def test_confirming_again_clears_what_changed(client, staff_a, staff_b, association_a, mou):
    client.force_login(staff_a)
    confirm(client, mou, association_a)
    client.force_login(staff_b)
    edit(client, mou, signed_on="3 May 2021")
    client.force_login(staff_a)

    # Their own later edit does not vouch for the other party's change.
    edit(client, mou, signing_place_en="Boston")
    assert stored(mou) == {"Association A": ["signing_date", "signing_place"]}

    confirm(client, mou, association_a)

    assert stored(mou) == {"Association A": []}
    assert Confirmation.objects.get(agreement=mou).snapshot == confirmation.snapshot(mou)


def refused_message():
    return [
        "Nothing was confirmed: this record changed since you opened it. Read it again, "
        "then confirm it."
    ]


def test_a_confirmation_of_a_version_changed_since_is_refused(
    client, staff_a, staff_b, association_a, mou
):
    client.force_login(staff_a)
    seen = page_fingerprint(client, mou)
    client.force_login(staff_b)
    edit(client, mou, signed_on="3 May 2021")
    client.force_login(staff_a)

    response = confirm(client, mou, association_a, seen=seen)
    messages = [str(m) for m in client.get(change_url(mou)).context["messages"]]

    assert response["Location"] == change_url(mou)
    assert messages == refused_message()
    assert stored(mou) == {}


def test_a_commitment_edited_on_its_own_page_since_the_page_was_read_is_not_confirmed(
    client, staff_a, staff_b, association_a, association_b, mou
):
    commitment = CommitmentFactory(agreement=mou, description="Joint symposium")
    client.force_login(staff_a)
    confirm(client, mou, association_a)
    client.force_login(staff_b)
    confirm(client, mou, association_b)
    client.force_login(staff_a)
    seen = page_fingerprint(client, mou)
    version = Agreement.all_objects.get(pk=mou.pk).version

    client.force_login(staff_b)
    commitment_url = reverse("admin:agreements_commitment_change", args=[commitment.pk])
    form = client.get(commitment_url).context["adminform"].form
    data = form_initial(form) | {"description_en": "Joint symposium, in Boston"}
    assert client.post(commitment_url, data).status_code == 302
    assert Agreement.all_objects.get(pk=mou.pk).version == version
    assert stored(mou) == {"Association A": ["commitments"], "Association B": []}

    client.force_login(staff_a)
    refused = confirm(client, mou, association_a, seen=seen)
    messages = [str(m) for m in client.get(change_url(mou)).context["messages"]]

    assert (refused["Location"], messages) == (change_url(mou), refused_message())
    assert stored(mou) == {"Association A": ["commitments"], "Association B": []}

    confirm(client, mou, association_a, seen=page_fingerprint(client, mou))

    assert stored(mou) == {"Association A": [], "Association B": []}
    assert Confirmation.objects.get(organization=association_a).snapshot["commitments"] == [
        ["Joint symposium, in Boston", "", None, None]
    ]


def test_the_confirm_button_sends_the_fingerprint_of_the_record_shown(client, staff_a, mou):
    client.force_login(staff_a)

    seen = page_fingerprint(client, mou)

    assert seen == confirmation.fingerprint(confirmation.snapshot(mou))
    assert len(seen) == 64


@pytest.mark.parametrize("value", [None, "", "3", "Z" * 64, "A" * 64, "a" * 63])
def test_a_confirmation_without_a_fingerprint_is_refused(
    client, staff_a, association_a, mou, value
):
    client.force_login(staff_a)
    data = {"organization": association_a.pk}
    if value is not None:
        data["fingerprint"] = value

    response = client.post(reverse("admin:agreements_agreement_confirm", args=[mou.pk]), data)

    assert (response.status_code, stored(mou)) == (400, {})


def test_staff_who_may_only_read_get_no_confirm_button(client, association_a, mou):
    from django.contrib.auth.models import Permission

    reader = StaffFactory(associations=[association_a])
    reader.groups.clear()
    reader.user_permissions.add(Permission.objects.get(codename="view_agreement"))
    client.force_login(reader)

    assert panel(client, mou)["buttons"] == []
    assert confirm(client, mou, association_a).status_code == 403


@pytest.mark.parametrize("model", ["commitment", "benefit", "party"])
def test_restoring_a_deleted_row_refreshes_the_confirmations(
    client, staff_a, staff_b, association_a, mou, model
):
    rows = {
        "commitment": lambda: CommitmentFactory(agreement=mou, description="Joint symposium"),
        "benefit": lambda: BenefitFactory(agreement=mou, description="Member rate"),
        "party": lambda: PartyFactory(
            agreement=mou, organization=OrganizationFactory(), role=PartyRole.FUNDER
        ),
    }
    row = rows[model]()
    client.force_login(staff_a)
    confirm(client, mou, association_a)
    client.force_login(staff_b)
    client.post(reverse(f"admin:agreements_{model}_delete", args=[row.pk]), {"post": "yes"})
    part = {"commitment": "commitments", "benefit": "benefits", "party": "parties"}[model]
    assert stored(mou) == {"Association A": [part]}

    deletion = type(row).history.filter(id=row.pk, history_type="-").get()
    response = client.post(
        reverse(f"admin:agreements_{model}_restore", args=[row.pk, deletion.history_id])
    )

    assert response.status_code == 302
    assert stored(mou) == {"Association A": []}


def test_staff_of_a_party_that_does_not_sign_cannot_confirm(client, mou):
    supporter = Party.objects.get(agreement=mou, role=PartyRole.SUPPORTER).organization
    staff = StaffFactory(associations=[supporter])
    client.force_login(staff)

    response = confirm(client, mou, supporter)

    assert (response.status_code, stored(mou)) == (403, {})


def test_staff_cannot_confirm_for_another_signatory(client, staff_a, association_b, mou):
    client.force_login(staff_a)

    response = confirm(client, mou, association_b)

    assert (response.status_code, stored(mou)) == (403, {})


def test_administrators_do_not_confirm_on_an_associations_behalf(
    client, administrator, association_a, mou
):
    client.force_login(administrator)

    response = confirm(client, mou, association_a)
    page = panel(client, mou)

    assert (response.status_code, stored(mou), page["buttons"]) == (403, {}, [])


def test_staff_of_another_association_get_404(client, association_a, mou):
    outsider = StaffFactory(associations=[OrganizationFactory()])
    client.force_login(outsider)

    response = confirm(client, mou, association_a)

    assert response.status_code == 404


@pytest.mark.parametrize("value", ["", "abc", "٣", "99999999999999999999999"])
def test_a_bad_association_is_refused(client, staff_a, mou, value):
    client.force_login(staff_a)

    response = client.post(
        reverse("admin:agreements_agreement_confirm", args=[mou.pk]), {"organization": value}
    )

    assert response.status_code in (400, 403)
    assert stored(mou) == {}


# The public page and the API ---------------------------------------------------------


@pytest.fixture
def confirmed_then_changed(client, staff_a, staff_b, association_a, association_b, mou):
    """A confirmed, then B changed the signing date: A's confirmation is stale."""
    client.force_login(staff_a)
    confirm(client, mou, association_a)
    client.force_login(staff_b)
    edit(client, mou, signed_on="3 May 2021")
    client.logout()
    return mou


def test_the_public_page_shows_the_confirmation_state_without_names(client, mou, staff_a):
    association_a = Party.objects.get(agreement=mou, organization__name="Association A")
    Confirmation.objects.create(
        agreement=mou,
        organization=association_a.organization,
        confirmed_by=staff_a,
        confirmed_at=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC),
        snapshot=confirmation.snapshot(mou),
    )

    page = BeautifulSoup(client.get(mou.get_absolute_url()).content, "lxml")

    assert page.find(class_="confirmation").get_text(strip=True) == (
        "Confirmed by Association A · awaiting Association B"
    )
    assert "staff-a" not in page.get_text()


def test_a_signatory_with_no_staff_account_is_not_awaited(client, mou, staff_b):
    nobody = OrganizationFactory(name="No Staff Agency", kind=OrganizationKind.GOVERNMENT)
    PartyFactory(agreement=mou, organization=nobody)
    inactive = StaffFactory(associations=[nobody], is_active=False)
    assert not inactive.is_active

    page = BeautifulSoup(client.get(mou.get_absolute_url()).content, "lxml")
    detail = client.get(f"/api/v1/agreements/{mou.slug}/").json()
    listed = client.get("/api/v1/agreements/").json()["results"]

    assert page.find(class_="confirmation").get_text(strip=True) == (
        "Awaiting Association A, Association B"
    )
    awaited = [
        {"slug": "association-a", "name": "Association A"},
        {"slug": "association-b", "name": "Association B"},
    ]
    assert detail["awaiting_confirmation"] == awaited
    assert [record["awaiting_confirmation"] for record in listed] == [awaited]


def test_the_public_page_says_a_stale_confirmation_is_out_of_date(client, confirmed_then_changed):
    page = BeautifulSoup(client.get(confirmed_then_changed.get_absolute_url()).content, "lxml")

    assert page.find(class_="confirmation").get_text(strip=True) == (
        "Confirmation by Association A out of date · awaiting Association B"
    )


def test_the_public_page_in_french(client, confirmed_then_changed):
    response = client.get(confirmed_then_changed.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 200
    assert BeautifulSoup(response.content, "lxml").find(class_="confirmation") is not None


def api_confirmations(record):
    return {key: record[key] for key in ("confirmations", "awaiting_confirmation")}


def test_the_api_shows_the_confirmations_in_the_detail_and_the_list(client, confirmed_then_changed):
    expected = {
        "confirmations": [
            {
                "organization": {"slug": "association-a", "name": "Association A"},
                "confirmed_on": timezone.localdate().isoformat(),
                "stale": True,
                "changed_since": ["signing_date"],
            }
        ],
        "awaiting_confirmation": [{"slug": "association-b", "name": "Association B"}],
    }

    detail = client.get(f"/api/v1/agreements/{confirmed_then_changed.slug}/").json()
    listed = client.get("/api/v1/agreements/").json()["results"]

    assert api_confirmations(detail) == expected
    assert [api_confirmations(record) for record in listed] == [expected]


def test_the_api_list_takes_as_many_queries_with_confirmations(
    client, confirmed_then_changed, django_assert_num_queries, association_a, association_b
):
    client.get("/api/v1/agreements/")
    for _ in range(3):
        other = AgreementFactory()
        PartyFactory(agreement=other, organization=association_a)
        PartyFactory(agreement=other, organization=association_b)
        seen = confirmation.fingerprint(confirmation.snapshot(other))
        confirmation.confirm(other, association_a.pk, None, seen=seen)

    # The page, its themes, parties (with their confirmations), benefits, commitments.
    with django_assert_num_queries(5):
        response = client.get("/api/v1/agreements/")

    assert len(response.json()["results"]) == 4
