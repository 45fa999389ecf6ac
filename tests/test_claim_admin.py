"""The staff side of claims: the admin's list, decisions, actions and CSV file, the
emails a claim sends, and the usage an agreement's page shows its staff.

The cast: Mercury Devices is a member of association B; under the corridor MOU
between A and B, A provides a benefit to B's members. Camille, at Mercury, claims
it as a member of B: A's staff decide. B's staff (the association she claimed
through) and C's staff (no party) never see the claim.
"""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.choices import AllowancePeriod
from members import claim_mail
from members.claims import ClaimRefused, change_status, make_claim
from members.models import AllowanceUse, Claim, ClaimStatus
from tests.factories import (
    AgreementFactory,
    BenefitFactory,
    MemberFactory,
    OrganizationFactory,
    PartyFactory,
    StaffFactory,
    UserFactory,
)
from tests.test_pages_helpers import get_page, read_html, url

SITE = "https://passerelle.example"


@pytest.fixture(autouse=True)
def _emails_leave_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = SITE


@pytest.fixture
def association_c(db):
    return OrganizationFactory(name="Association C", slug="association-c")


@pytest.fixture
def staff_c(association_c):
    return StaffFactory(username="staff-c", associations=[association_c])


@pytest.fixture
def agreement(association_a, association_b):
    agreement = AgreementFactory(title="Corridor MOU", slug="corridor-mou")
    PartyFactory(agreement=agreement, organization=association_a)
    PartyFactory(agreement=agreement, organization=association_b)
    return agreement


def benefit_of(agreement, provider, grantee, **values):
    benefit = BenefitFactory(
        agreement=agreement,
        provided_by=provider,
        description_en=values.pop("description", "Two seats at the gala"),
        how_to_claim_en="Write to events@a.example",
        how_to_claim_fr="Écrivez à events@a.example",
        code="GALA-25",
        **values,
    )
    benefit.granted_to.set([grantee])
    return benefit


@pytest.fixture
def benefit(agreement, association_a, association_b):
    return benefit_of(agreement, association_a, association_b, allowance=10)


def member_of(association, username, **values):
    return MemberFactory(username=username, association=association, **values)


@pytest.fixture
def camille(association_b):
    return member_of(
        association_b,
        "camille",
        first_name="Camille",
        last_name="Roy",
        email="camille@mercury.example",
        profile__organization__name="Mercury Devices",
        profile__language="fr",
    )


@pytest.fixture
def claim(camille, benefit):
    return make_claim(camille, benefit.pk, quantity=2, note="2 seats at the LSO Gala")


def used(benefit):
    return AllowanceUse.objects.filter(benefit=benefit).values_list("used", flat=True).first()


def change_url(claim):
    return reverse("admin:members_claim_change", args=[claim.pk])


CHANGELIST = "admin:members_claim_changelist"


def listed(client, query=None):
    response = client.get(reverse(CHANGELIST), query or {})
    assert response.status_code == 200
    return [claim.pk for claim in response.context["cl"].result_list]


def decide(client, claim, status, message=""):
    return client.post(change_url(claim), {"status": status, "decision_message": message})


def csv_rows(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


# Scoping -----------------------------------------------------------------------------


def test_the_claim_is_handled_by_the_provider_and_made_through_the_members_association(
    claim, association_a, association_b
):
    assert (claim.handled_by, claim.through_association) == (association_a, association_b)


def test_the_handlers_staff_list_and_open_the_claim(client, staff_a, claim):
    client.force_login(staff_a)

    page = client.get(change_url(claim))

    assert listed(client) == [claim.pk]
    assert page.status_code == 200
    text = page.content.decode()
    assert "Camille Roy &lt;camille@mercury.example&gt;" in text
    assert "Mercury Devices" in text
    assert "2 seats at the LSO Gala" in text


@pytest.mark.parametrize("who", ["staff_b", "staff_c"], ids=["through-association", "other"])
def test_other_associations_staff_get_404_and_an_empty_list(client, request, claim, who):
    client.force_login(request.getfixturevalue(who))

    assert listed(client) == []
    assert client.get(change_url(claim)).status_code == 404
    response = decide(client, claim, ClaimStatus.APPROVED)
    assert response.status_code == 404
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING


def test_an_administrator_sees_every_associations_claims(
    client, administrator, claim, benefit, association_c
):
    elsewhere = benefit_of(benefit.agreement, association_c, claim.through_association)
    other = make_claim(claim.user, elsewhere.pk)
    client.force_login(administrator)

    assert sorted(listed(client)) == sorted([claim.pk, other.pk])


def test_members_are_sent_to_sign_in_from_every_claim_address(client, member, claim):
    client.force_login(member)
    login = reverse("admin:login")

    for address in (reverse(CHANGELIST), change_url(claim), reverse("admin:members_claim_export")):
        response = client.get(address)
        assert (response.status_code, response["Location"].partition("?")[0]) == (302, login)


def test_nobody_adds_nor_deletes_a_claim_in_the_admin(client, administrator, claim):
    client.force_login(administrator)

    add = client.get(reverse("admin:members_claim_add"))
    delete = client.post(reverse("admin:members_claim_delete", args=[claim.pk]), {"post": "yes"})

    assert (add.status_code, delete.status_code) == (403, 403)
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_what_the_member_entered_is_read_only(client, staff_a, claim, association_c):
    client.force_login(staff_a)

    client.post(
        change_url(claim),
        {
            "status": ClaimStatus.APPROVED,
            "decision_message": "",
            "quantity": "9",
            "note": "changed",
            "handled_by": association_c.pk,
        },
    )

    claim.refresh_from_db()
    assert (claim.status, claim.quantity, claim.note, claim.handled_by_id) == (
        ClaimStatus.APPROVED,
        2,
        "2 seats at the LSO Gala",
        staff_a.profile.associations.get().pk,
    )


# Deciding on the claim's page --------------------------------------------------------


def test_approving_records_who_and_when_and_emails_the_member_in_her_language(
    client, staff_a, claim, benefit, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff_a)
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            change_url(claim),
            {"status": ClaimStatus.APPROVED, "decision_message": "See you at the gala."},
            follow=True,
        )

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    assert claim.decided_by == staff_a
    assert claim.decided_at >= before
    assert claim.decision_message == "See you at the gala."
    # Pending and approved both hold the units: nothing moves.
    assert used(benefit) == 2
    [email] = mailoutbox
    assert email.to == ["camille@mercury.example"]
    assert "Tarifs préférentiels" in email.subject
    assert email.body.startswith("Bonjour Camille Roy,")
    assert "See you at the gala." in email.body
    # Approved: how to claim it, in her language, and the code.
    assert "Écrivez à events@a.example" in email.body
    assert "GALA-25" in email.body
    assert f"{SITE}{url('members:my_benefits', 'fr')}" in email.body
    messages = [str(m) for m in response.context["messages"]]
    assert "The member is told of the decision by email." in messages


def test_declining_gives_the_units_back_and_sends_the_message_without_the_code(
    client, staff_a, claim, benefit, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff_a)

    with django_capture_on_commit_callbacks(execute=True):
        decide(client, claim, ClaimStatus.DECLINED, "The gala is full, sorry.")

    claim.refresh_from_db()
    assert (claim.status, claim.decided_by) == (ClaimStatus.DECLINED, staff_a)
    assert used(benefit) == 0
    [email] = mailoutbox
    assert "The gala is full, sorry." in email.body
    # In her language: French.
    assert "refusée" in email.subject
    assert "GALA-25" not in email.body
    assert "events@a.example" not in email.body


def test_re_approving_a_declined_claim_takes_its_units_again(
    client, staff_a, claim, benefit, django_capture_on_commit_callbacks
):
    client.force_login(staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, claim, ClaimStatus.DECLINED)
        decide(client, claim, ClaimStatus.APPROVED)

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    assert used(benefit) == 2


def test_re_approving_when_the_allowance_is_used_up_is_refused_and_changes_nothing(
    client,
    staff_a,
    agreement,
    association_a,
    association_b,
    camille,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    limited = benefit_of(agreement, association_a, association_b, allowance=2)
    first = make_claim(camille, limited.pk, quantity=2)
    change_status(first, ClaimStatus.DECLINED, by=staff_a, message="Not this year.")
    make_claim(member_of(association_b, "other"), limited.pk, quantity=2)
    client.force_login(staff_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            change_url(first),
            {"status": ClaimStatus.APPROVED, "decision_message": "After all, yes."},
            follow=True,
        )

    first.refresh_from_db()
    assert (first.status, first.decision_message) == (ClaimStatus.DECLINED, "Not this year.")
    assert used(limited) == 2
    assert mailoutbox == []
    messages = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert messages == [
        ("error", "Nothing was changed. The allowance of this benefit is used up for now.")
    ]


def test_a_decision_must_be_chosen(client, staff_a, claim, mailoutbox):
    client.force_login(staff_a)

    response = client.post(change_url(claim), {"decision_message": "Hmm"})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["status"] == [
        "Choose to approve or decline the claim."
    ]
    claim.refresh_from_db()
    assert (claim.status, claim.decision_message) == (ClaimStatus.PENDING, "")


def test_only_approve_or_decline_can_be_chosen(client, staff_a, claim):
    client.force_login(staff_a)

    page = read_html(client.get(change_url(claim)).content.decode())
    response = decide(client, claim, ClaimStatus.WITHDRAWN)

    choices = [radio.attrs["value"] for radio in page.select("input[name=status]")]
    assert choices == ["approved", "declined"]
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING


def test_saving_the_same_decision_again_sends_nothing(
    client, staff_a, claim, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, claim, ClaimStatus.APPROVED, "Yes.")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        decide(client, claim, ClaimStatus.APPROVED, "Yes.")

    assert mailoutbox == []


def test_a_withdrawn_claim_is_read_only(client, staff_a, claim):
    change_status(claim, ClaimStatus.WITHDRAWN)
    client.force_login(staff_a)

    page = client.get(change_url(claim))
    response = decide(client, claim, ClaimStatus.APPROVED)

    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.WITHDRAWN


def test_a_member_without_email_is_not_emailed_and_staff_are_told(
    client, staff_a, benefit, association_b, mailoutbox, django_capture_on_commit_callbacks
):
    silent = member_of(association_b, "silent", email="")
    claim = make_claim(silent, benefit.pk)
    client.force_login(staff_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(claim), {"status": "approved"}, follow=True)

    assert mailoutbox == []
    messages = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert (
        "warning",
        "The member's account has no email address: tell them another way.",
    ) in messages


# The list's actions ------------------------------------------------------------------


def run_action(client, action, claims, **extra):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [c.pk for c in claims], **extra},
        follow="post" in extra,
    )


def test_approving_several_asks_one_message_then_decides_each_and_emails_each(
    client,
    staff_a,
    claim,
    benefit,
    association_b,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    second = make_claim(member_of(association_b, "second"), benefit.pk)
    client.force_login(staff_a)

    asked = run_action(client, "approve_selected", [claim, second])
    with django_capture_on_commit_callbacks(execute=True):
        done = run_action(
            client, "approve_selected", [claim, second], post="yes", message="Enjoy the gala."
        )

    page = read_html(asked.content.decode())
    assert asked.status_code == 200
    assert len(page.select("#content-main tbody tr")) == 2
    assert page.select_one("textarea[name=message]")
    statuses = set(Claim.objects.values_list("status", "decision_message", "decided_by"))
    assert statuses == {(ClaimStatus.APPROVED, "Enjoy the gala.", staff_a.pk)}
    assert sorted(email.to[0] for email in mailoutbox) == [
        "camille@mercury.example",
        "second@example.org",
    ]
    assert all("Enjoy the gala." in email.body for email in mailoutbox)
    messages = [str(m) for m in done.context["messages"]]
    assert messages == ["2 claims approved; their members are told by email."]


def test_an_action_never_reaches_another_associations_claim(
    client, staff_a, claim, benefit, association_c, association_b
):
    theirs = make_claim(
        member_of(association_b, "theirs"),
        benefit_of(benefit.agreement, association_c, association_b).pk,
    )
    client.force_login(staff_a)

    run_action(client, "decline_selected", [claim, theirs], post="yes", message="No.")

    claim.refresh_from_db()
    theirs.refresh_from_db()
    assert (claim.status, theirs.status) == (ClaimStatus.DECLINED, ClaimStatus.PENDING)


def test_approving_several_reports_each_refusal_and_approves_the_others(
    client,
    staff_a,
    agreement,
    association_a,
    association_b,
    camille,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    limited = benefit_of(agreement, association_a, association_b, allowance=2)
    refused = make_claim(camille, limited.pk, quantity=2)
    change_status(refused, ClaimStatus.DECLINED, by=staff_a)
    waiting = make_claim(member_of(association_b, "waiting"), limited.pk, quantity=2)
    client.force_login(staff_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(
            client, "approve_selected", [refused, waiting], post="yes", message=""
        )

    refused.refresh_from_db()
    waiting.refresh_from_db()
    assert (refused.status, waiting.status) == (ClaimStatus.DECLINED, ClaimStatus.APPROVED)
    assert used(limited) == 2
    assert [email.to for email in mailoutbox] == [["waiting@example.org"]]
    messages = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert messages == [
        (
            "error",
            "Preferential rates — Corridor MOU, by Camille Roy, could not be approved. "
            "The allowance of this benefit is used up for now.",
        ),
        ("success", "1 claim approved; its member is told by email."),
    ]


def test_claims_already_decided_that_way_or_withdrawn_are_left_as_they_are(
    client,
    staff_a,
    claim,
    benefit,
    association_b,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    withdrawn = make_claim(member_of(association_b, "gone"), benefit.pk)
    change_status(withdrawn, ClaimStatus.WITHDRAWN)
    change_status(claim, ClaimStatus.DECLINED, by=staff_a)
    client.force_login(staff_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(
            client, "decline_selected", [claim, withdrawn], post="yes", message="No."
        )

    assert mailoutbox == []
    assert set(Claim.objects.values_list("status", flat=True)) == {
        ClaimStatus.DECLINED,
        ClaimStatus.WITHDRAWN,
    }
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "1 claim was already declined: left as it was.",
        "1 claim was withdrawn by its member: there is nothing to decide.",
    ]


def test_a_message_too_long_is_asked_again_and_nothing_is_decided(client, staff_a, claim):
    client.force_login(staff_a)

    response = run_action(client, "approve_selected", [claim], post="yes", message="x" * 2001)

    assert response.status_code == 200
    assert response.context["form"].errors["message"] == [
        "Ensure this value has at most 2000 characters (it has 2001)."
    ]
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING


# The CSV file ------------------------------------------------------------------------


def test_the_csv_file_has_each_claim_the_staff_see_with_its_decision(
    client, staff_a, claim, benefit, association_b
):
    change_status(claim, ClaimStatus.APPROVED, by=staff_a, message="=HYPERLINK(evil)")
    claim.refresh_from_db()
    client.force_login(staff_a)

    rows = csv_rows(client.get(reverse("admin:members_claim_export")))

    local = timezone.localtime
    assert rows == [
        [
            "Claimed at",
            "Member",
            "Member email",
            "Member organization",
            "As a member of",
            "Benefit",
            "Benefit description",
            "Agreement",
            "Quantity",
            "Note",
            "Status",
            "Handled by",
            "Decided at",
            "Message to the member",
        ],
        [
            local(claim.created_at).strftime("%Y-%m-%d %H:%M"),
            "Camille Roy",
            "camille@mercury.example",
            "Mercury Devices",
            "Association B",
            "Preferential rates",
            "Two seats at the gala",
            "Corridor MOU",
            "2",
            "2 seats at the LSO Gala",
            "Approved",
            "Association A",
            local(claim.decided_at).strftime("%Y-%m-%d %H:%M"),
            # A spreadsheet would run it: made inert.
            "'=HYPERLINK(evil)",
        ],
    ]


def test_the_csv_file_follows_the_lists_filters(client, staff_a, claim, benefit, association_b):
    other = make_claim(member_of(association_b, "other"), benefit.pk)
    change_status(other, ClaimStatus.DECLINED, by=staff_a)
    client.force_login(staff_a)

    declined = csv_rows(
        client.get(reverse("admin:members_claim_export"), {"status__exact": "declined"})
    )
    searched = csv_rows(client.get(reverse("admin:members_claim_export"), {"q": "camille"}))

    assert [row[2] for row in declined[1:]] == ["other@example.org"]
    assert [row[2] for row in searched[1:]] == ["camille@mercury.example"]


def test_the_list_links_to_the_csv_file_with_its_filters(client, staff_a, claim):
    client.force_login(staff_a)

    page = read_html(client.get(reverse(CHANGELIST), {"status__exact": "pending"}).content.decode())

    links = [a.attrs["href"] for a in page.select(".object-tools a")]
    assert links == [reverse("admin:members_claim_export") + "?status__exact=pending"]


@pytest.mark.parametrize("who", ["staff_b", "staff_c"], ids=["through-association", "other"])
def test_other_associations_staff_get_a_file_without_the_claim(client, request, claim, who):
    client.force_login(request.getfixturevalue(who))

    rows = csv_rows(client.get(reverse("admin:members_claim_export")))

    assert len(rows) == 1


def test_a_filter_the_list_cannot_read_is_a_400_for_the_file(client, staff_a, claim):
    client.force_login(staff_a)

    response = client.get(reverse("admin:members_claim_export"), {"handled_by__id__exact": "x"})

    assert response.status_code == 400
    assert response.content.decode() == (
        "These filters cannot be read: go back to the list and choose again."
    )


# The list ----------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 5])
def test_the_list_makes_as_many_queries_for_several_claims_as_for_one(
    client, staff_a, benefit, association_b, django_assert_num_queries, rows
):
    for number in range(rows):
        make_claim(member_of(association_b, f"member-{number}"), benefit.pk)
    client.force_login(staff_a)

    # Session, user, their permissions (the user's, the group's), the viewer's profile
    # and associations; the handlers' and the years' choices; count, rows.
    with django_assert_num_queries(10):
        response = client.get(reverse(CHANGELIST))

    assert len(response.context["cl"].result_list) == rows


def test_the_list_filters_by_year_claimed_and_shows_each_column(client, staff_a, claim):
    Claim.objects.filter(pk=claim.pk).update(
        created_at=datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC)
    )
    client.force_login(staff_a)

    in_2025 = listed(client, {"year": "2025"})
    in_2024 = listed(client, {"year": "2024"})
    nonsense = client.get(reverse(CHANGELIST), {"year": "²⁰²⁵"})
    page = read_html(client.get(reverse(CHANGELIST)).content.decode())

    assert (in_2025, in_2024) == ([claim.pk], [])
    assert list(nonsense.context["cl"].result_list) == [claim]
    [row] = page.select("#result_list tbody tr")
    cells = [cell.text for cell in row.select("th, td")][1:]
    assert cells[1:] == [
        "Camille Roy",
        "Mercury Devices",
        "Preferential rates — Corridor MOU",
        "2",
        "waiting for the association",
        "Association A",
    ]


# Who is told of a new claim ----------------------------------------------------------


def made_emails(claim, mailoutbox, capture):
    with capture(execute=True):
        claim_mail.claim_made(claim)
    return {email.to[0]: email for email in mailoutbox}


def test_a_new_claim_goes_to_the_handlers_administrators_in_their_language(
    claim,
    association_a,
    association_b,
    association_c,
    staff_a,
    staff_b,
    staff_c,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    StaffFactory(
        username="head-a",
        associations=[association_a],
        profile__receives_unassigned_reminders=True,
        profile__language="fr",
    )
    for association in (association_b, association_c):
        StaffFactory(
            username=f"head-{association.slug}",
            associations=[association],
            profile__receives_unassigned_reminders=True,
        )

    emails = made_emails(claim, mailoutbox, django_capture_on_commit_callbacks)

    assert list(emails) == ["head-a@example.org"]
    email = emails["head-a@example.org"]
    assert email.body.startswith("Bonjour head-a,")
    assert "Tarifs préférentiels" in email.subject
    assert (
        "Camille Roy, de Mercury Devices, a réclamé un avantage en tant que membre de "
        "Association B." in email.body
    )
    assert "Two seats at the gala" in email.body
    assert "Corridor MOU" in email.body
    assert "2 seats at the LSO Gala" in email.body
    assert "camille@mercury.example" in email.body
    assert f"{SITE}/admin/members/claim/{claim.pk}/change/" in email.body


def test_without_an_administrator_every_active_staff_member_with_an_email_gets_it(
    claim, association_a, staff_a, staff_b, mailoutbox, django_capture_on_commit_callbacks
):
    StaffFactory(username="colleague", associations=[association_a])
    StaffFactory(username="left", associations=[association_a], is_active=False)
    StaffFactory(username="mute", associations=[association_a], email="")

    emails = made_emails(claim, mailoutbox, django_capture_on_commit_callbacks)

    assert sorted(emails) == ["colleague@example.org", "staff-a@example.org"]
    assert "has no administrator" in emails["staff-a@example.org"].body


@pytest.mark.parametrize("handled", [True, False], ids=["no-staff", "no-association"])
def test_without_staff_to_tell_the_portals_administrators_get_it(
    claim, staff_b, administrator, mailoutbox, django_capture_on_commit_callbacks, handled
):
    UserFactory(username="root-without-email", is_superuser=True, is_staff=True, email="")
    if not handled:
        Claim.objects.filter(pk=claim.pk).update(handled_by=None)

    emails = made_emails(claim, mailoutbox, django_capture_on_commit_callbacks)

    assert list(emails) == ["admin@example.org"]
    assert "as a Passerelle administrator" in emails["admin@example.org"].body


def test_a_claim_rolled_back_tells_nobody(
    claim, staff_a, mailoutbox, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                claim_mail.claim_made(claim)
                raise ClaimRefused("changed our mind")
        except ClaimRefused:
            pass

    assert mailoutbox == []


# The agreement's usage, on its page --------------------------------------------------


def claim_in(year, member, benefit, status=ClaimStatus.PENDING, quantity=1):
    made = make_claim(member, benefit.pk, quantity=quantity)
    if status != ClaimStatus.PENDING:
        change_status(made, status)
    moment = datetime.datetime(year, 6, 1, 12, tzinfo=datetime.UTC)
    Claim.objects.filter(pk=made.pk).update(created_at=moment)
    return made


@pytest.fixture
def usage(agreement, association_a, association_b, camille):
    """Two benefits: the gala's claims over two years, the other never claimed."""
    gala = benefit_of(agreement, association_a, association_b, description="Gala seats")
    benefit_of(
        agreement,
        association_a,
        association_b,
        description="Trade mission places",
        category="business_development",
        allowance_period=AllowancePeriod.VALIDITY,
    )
    claim_in(2025, camille, gala, ClaimStatus.APPROVED, quantity=2)
    claim_in(2025, member_of(association_b, "m1"), gala)
    claim_in(2025, member_of(association_b, "m2"), gala, ClaimStatus.DECLINED, quantity=5)
    claim_in(2026, member_of(association_b, "m3"), gala, ClaimStatus.APPROVED, quantity=3)
    claim_in(2026, member_of(association_b, "m4"), gala, ClaimStatus.WITHDRAWN)
    return agreement


def usage_section(client, agreement):
    page = get_page(client, url("agreements:detail", slug=agreement.slug))
    assert page.status == 200
    return page, page.select("section[aria-labelledby=claim-usage-heading]")


def table_rows(table):
    return [[cell.text for cell in row.select("th, td")] for row in table.select("tr")]


@pytest.mark.parametrize("who", ["staff_a", "staff_b", "administrator"])
def test_the_agreements_staff_and_administrators_see_its_claims_per_benefit_and_year(
    client, request, usage, who
):
    client.force_login(request.getfixturevalue(who))

    _page, [section] = usage_section(client, usage)

    [table] = section.select("table")
    assert section.select_one("h3").text == "Preferential rates: Gala seats"
    assert table_rows(table) == [
        ["Year", "Counted claims", "Units", "Declined"],
        ["2025", "2", "3", "1"],
        ["2026", "1", "3", "0"],
        ["Total", "3", "6", "1"],
    ]
    assert section.select("p")[-1].text == "Business development and trade missions: no claim yet."


@pytest.mark.parametrize("who", ["anonymous", "member", "camille", "staff_c"])
def test_nobody_else_sees_the_usage(client, request, usage, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    page, sections = usage_section(client, usage)

    assert sections == []
    assert "Counted claims" not in page.html


def test_an_agreement_without_claims_says_so_to_its_staff(client, staff_a, agreement, benefit):
    client.force_login(staff_a)

    _page, [section] = usage_section(client, agreement)

    assert section.select("table") == []
    assert "No member has claimed these benefits yet." in section.text


def test_an_anonymous_visitor_after_a_staff_member_never_gets_the_usage(client, staff_a, usage):
    anonymous = client.__class__()
    client.force_login(staff_a)
    path = url("agreements:detail", slug=usage.slug)

    first_anonymous = anonymous.get(path).content.decode()  # stored for anonymous visitors
    seen_by_staff = client.get(path).content.decode()
    anonymous_again = anonymous.get(path).content.decode()

    assert "claim-usage-heading" in seen_by_staff
    assert "claim-usage-heading" not in first_anonymous
    assert "claim-usage-heading" not in anonymous_again


def test_a_staff_page_is_never_stored_for_anonymous_visitors(client, staff_a, usage):
    client.force_login(staff_a)
    path = url("agreements:detail", slug=usage.slug)

    seen_by_staff = client.get(path).content.decode()
    anonymous = client.__class__().get(path).content.decode()

    assert "claim-usage-heading" in seen_by_staff
    assert "claim-usage-heading" not in anonymous


@pytest.mark.parametrize("items", [1, 4])
@pytest.mark.parametrize(
    ("who", "queries"),
    [("anonymous", 6), ("member", 10), ("staff_c", 11), ("staff_a", 12)],
)
def test_the_agreement_page_makes_a_fixed_number_of_queries_for_each_visitor(
    client,
    request,
    agreement,
    association_a,
    association_b,
    django_assert_num_queries,
    who,
    queries,
    items,
):
    for number in range(items):
        gala = benefit_of(agreement, association_a, association_b, description=f"Benefit {number}")
        claim_in(2025 + number, member_of(association_b, f"m{number}"), gala)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    # Anonymous: the page's 6. Signed in: session, user, profile, memberships or
    # associations first. Staff: whether they manage it; its staff, then the counts.
    with django_assert_num_queries(queries):
        page = get_page(client, url("agreements:detail", slug=agreement.slug))

    assert len(page.select(".benefit")) == items
    shown = page.select("section[aria-labelledby=claim-usage-heading] table")
    assert len(shown) == (items if who == "staff_a" else 0)


@pytest.mark.parametrize(
    "query",
    [
        {"p": "x"},
        {"o": "x.y"},
        {"o": "99"},
        {"year": "0"},
        {"status__exact": "nonsense"},
        {"benefit__category__exact": "nonsense"},
        {"q": "é" * 500},
    ],
)
def test_odd_list_parameters_give_the_file_of_what_the_list_shows(client, staff_a, claim, query):
    client.force_login(staff_a)

    page = client.get(reverse(CHANGELIST), query)
    response = client.get(reverse("admin:members_claim_export"), query)

    assert (page.status_code, response.status_code) == (200, 200)
    shown = [c.user.email for c in page.context["cl"].result_list]
    assert [row[2] for row in csv_rows(response)[1:]] == shown


def test_a_number_too_big_for_the_database_is_a_400_for_the_file(client, staff_a, claim):
    client.force_login(staff_a)

    response = client.get(
        reverse("admin:members_claim_export"), {"handled_by__id__exact": "9" * 30}
    )

    assert response.status_code == 400


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrations_back_to_the_latest")
def test_an_existing_staff_group_gets_to_answer_claims_and_requests():
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from accounts.groups import STAFF_GROUP_NAME

    executor = MigrationExecutor(connection)
    executor.migrate([("members", None)])
    group = Group.objects.get(name=STAFF_GROUP_NAME)
    group.permissions.remove(*group.permissions.filter(content_type__app_label="members"))

    executor = MigrationExecutor(connection)
    executor.migrate([("members", "0002_staff_answer_permissions")])

    assert sorted(
        group.permissions.filter(content_type__app_label="members").values_list(
            "codename", flat=True
        )
    ) == [
        "change_accessrequest",
        "change_claim",
        "change_correctionrequest",
        "view_accessrequest",
        "view_claim",
        "view_correctionrequest",
    ]


def test_an_approval_does_not_email_staff_only_instructions_or_code(
    client, staff_a, claim, benefit, mailoutbox, django_capture_on_commit_callbacks
):
    from organizations.choices import Visibility

    benefit.claim_visibility = Visibility.STAFF
    benefit.save()
    client.force_login(staff_a)

    with django_capture_on_commit_callbacks(execute=True):
        decide(client, claim, ClaimStatus.APPROVED, "Approved.")

    [email] = mailoutbox
    assert "GALA-25" not in email.body
    assert "events@a.example" not in email.body
