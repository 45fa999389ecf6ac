"""The staff dashboard on the admin index (agreements.dashboard) and its buttons:
renew, mark done, snooze. ``today`` is moved by patching the dashboard's day."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db.models import Exists, OuterRef
from django.urls import reverse

from accounts.access import viewer_for
from agreements import dashboard, lifecycle
from agreements.choices import (
    AgreementKind,
    AgreementState,
    AgreementStatus,
    CommitmentStatus,
    PartyRole,
)
from agreements.models import Agreement, Commitment
from portal.dates import DatePrecision
from portal.publishing import Publication
from tests.factories import (
    AgreementFactory,
    BenefitFactory,
    CommitmentFactory,
    ContactFactory,
    EventFactory,
    OrganizationFactory,
    PartyFactory,
    SectorFactory,
    StaffFactory,
)

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(dashboard, "today", lambda: TODAY)
    return TODAY


def agreement_of(association, **fields):
    """An agreement ``association`` manages and signs."""
    agreement = AgreementFactory(owner=association, **fields)
    PartyFactory(agreement=agreement, organization=association)
    return agreement


def days(n):
    return TODAY + datetime.timedelta(days=n)


def backdate(record, when):
    """Last edited at ``when`` (auto_now would say today)."""
    type(record)._base_manager.filter(pk=record.pk).update(
        updated_at=dashboard.start_of(when) + datetime.timedelta(hours=12)
    )


def listed(client, key, language="en"):
    """The entries of one dashboard section as the admin index shows them: each row's
    cells' text."""
    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    section = BeautifulSoup(response.content, "lxml").find(id=f"dashboard-{key}")
    return [
        [" ".join(cell.get_text(" ", strip=True).split()) for cell in row.find_all(["th", "td"])]
        for row in section.select("tbody tr")
    ]


def titles(client, key):
    return [row[0] for row in listed(client, key)]


# Ending within 180 days --------------------------------------------------------------


def test_agreements_ending_within_180_days_are_listed_soonest_first_with_days_left(
    client, staff_a, association_a, today
):
    agreement_of(association_a, title="Ends in 100 days", effective_until=days(100))
    agreement_of(association_a, title="Ends in 10 days", effective_until=days(10))
    agreement_of(association_a, title="Ends in 200 days", effective_until=days(200))
    agreement_of(association_a, title="Ended yesterday", effective_until=days(-1))
    agreement_of(association_a, title="Open-ended")
    agreement_of(
        association_a,
        title="Draft ending soon",
        status=AgreementStatus.DRAFT,
        effective_until=days(20),
    )
    client.force_login(staff_a)

    rows = listed(client, "ending")

    assert [(row[0], row[2]) for row in rows] == [
        ("Ends in 10 days", "10 days"),
        ("Ends in 100 days", "100 days"),
    ]


def test_moving_today_moves_an_agreement_into_and_out_of_ending_soon(
    client, staff_a, association_a, monkeypatch
):
    agreement_of(association_a, title="Ends at new year", effective_until=datetime.date(2027, 1, 1))
    client.force_login(staff_a)

    for day, expected in [
        (datetime.date(2026, 6, 1), []),
        (datetime.date(2026, 7, 5), ["Ends at new year"]),
        (datetime.date(2027, 1, 1), ["Ends at new year"]),
        (datetime.date(2027, 1, 2), []),
    ]:
        monkeypatch.setattr(dashboard, "today", lambda day=day: day)
        assert titles(client, "ending") == expected, day


def test_staff_of_another_association_never_see_its_entries(
    client, staff_a, staff_b, association_a, association_b, today
):
    agreement = agreement_of(association_a, title="A's agreement", effective_until=days(30))
    CommitmentFactory(agreement=agreement, due_on=days(-5), description="A's overdue work")
    agreement_of(association_a, title="A's draft", status=AgreementStatus.DRAFT)
    client.force_login(staff_b)

    assert {key: listed(client, key) for key in ("ending", "overdue", "drafts")} == {
        "ending": [],
        "overdue": [],
        "drafts": [],
    }


def test_administrators_see_every_associations_entries(
    client, administrator, association_a, association_b, today
):
    agreement_of(association_a, title="A ends", effective_until=days(30))
    agreement_of(association_b, title="B ends", effective_until=days(40))
    client.force_login(administrator)

    assert titles(client, "ending") == ["A ends", "B ends"]


def test_a_section_lists_its_first_20_and_links_to_all_of_them(
    client, staff_a, association_a, today
):
    for n in range(23):
        agreement_of(association_a, title=f"Ending {n:02}", effective_until=days(n + 1))
    client.force_login(staff_a)

    response = client.get(reverse("admin:index"))
    section = BeautifulSoup(response.content, "lxml").find(id="dashboard-ending")

    assert len(section.select("tbody tr")) == 20
    assert section.h2.get_text(" ", strip=True) == "Ending within 180 days (23)"
    more = section.find(class_="dashboard-more")
    assert "The first 20 of 23 are listed." in more.get_text(" ", strip=True)
    changelist = client.get(more.a["href"])
    assert changelist.context["cl"].result_count == 23


# Ended without a renewal -------------------------------------------------------------


def test_ended_agreements_without_a_signed_renewal_are_listed_latest_first(
    client, staff_a, association_a, today
):
    agreement_of(association_a, title="Ended a month ago", effective_until=days(-30))
    agreement_of(association_a, title="Ended last week", effective_until=days(-7))
    renewed = agreement_of(association_a, title="Ended, renewed", effective_until=days(-3))
    agreement_of(association_a, title="Its renewal", renews=renewed, signed_on=days(-10))
    agreement_of(association_a, title="Ended two years ago", effective_until=days(-730))
    client.force_login(staff_a)

    response = client.get(reverse("admin:index"))
    section = BeautifulSoup(response.content, "lxml").find(id="dashboard-ended")

    assert [row.th.a.get_text(strip=True) for row in section.select("tbody tr")] == [
        "Ended last week",
        "Ended a month ago",
    ]
    assert "1 agreement ended more than 12 months ago." in section.get_text(" ", strip=True)


def test_an_ended_agreement_with_a_renewal_in_preparation_links_to_it(
    client, staff_a, association_a, today
):
    ended = agreement_of(association_a, title="Ended", effective_until=days(-3))
    renewal = agreement_of(
        association_a, title="Draft renewal", renews=ended, status=AgreementStatus.DRAFT
    )
    client.force_login(staff_a)

    response = client.get(reverse("admin:index"))
    section = BeautifulSoup(response.content, "lxml").find(id="dashboard-ended")

    pending = section.find(class_="dashboard-renewal")
    assert pending.get_text(" ", strip=True) == "Renewal in preparation: Draft renewal"
    assert pending.a["href"] == reverse("admin:agreements_agreement_change", args=[renewal.pk])
    assert section.find("button", string="Renew") is None


def test_a_signed_renewal_not_yet_published_is_in_preparation_and_renew_opens_it(
    client, staff_a, association_a, today
):
    ending = agreement_of(association_a, title="Ending", effective_until=days(30))
    signed = agreement_of(
        association_a,
        title="Signed renewal",
        renews=ending,
        signed_on=days(-2),
        publication=Publication.DRAFT,
    )
    client.force_login(staff_a)

    rows = listed(client, "ending")
    response = client.post(reverse("admin:agreements_agreement_renew", args=[ending.pk]))

    assert rows[0][0] == "Ending"
    assert rows[0][-1].startswith("Renewal in preparation: Signed renewal")
    assert response["Location"] == reverse("admin:agreements_agreement_change", args=[signed.pk])
    assert list(Agreement.all_objects.filter(renews=ending)) == [signed]


def test_a_terminated_renewal_leaves_the_agreement_to_renew_again(
    client, staff_a, association_a, today
):
    ending = agreement_of(association_a, title="Ending", effective_until=days(30))
    agreement_of(
        association_a,
        title="Abandoned before signing",
        renews=ending,
        status=AgreementStatus.TERMINATED,
        signed_on=None,
    )
    client.force_login(staff_a)

    page = BeautifulSoup(client.get(reverse("admin:index")).content, "lxml")
    client.post(reverse("admin:agreements_agreement_renew", args=[ending.pk]))

    section = page.find(id="dashboard-ending")
    assert [button.get_text() for button in section.find_all("button")] == ["Renew", "Snooze"]
    assert Agreement.all_objects.filter(renews=ending).count() == 2


# Overdue commitments -----------------------------------------------------------------


def test_overdue_commitments_are_listed_with_their_owner_and_how_late(
    client, staff_a, association_a, today
):
    agreement = agreement_of(association_a, title="The MOU")
    owner = StaffFactory(first_name="Léa", last_name="Roy", associations=[association_a])
    CommitmentFactory(
        agreement=agreement, description="Joint workshop", due_on=days(-10), owner=owner
    )
    CommitmentFactory(
        agreement=agreement,
        description="Symposium in March",
        due_on=datetime.date(2026, 3, 1),
        due_on_precision=DatePrecision.MONTH,
    )
    CommitmentFactory(agreement=agreement, description="Due today", due_on=TODAY)
    CommitmentFactory(agreement=agreement, description="Done late", due_on=days(-50), status="done")
    CommitmentFactory(
        agreement=agreement,
        description="This month",
        due_on=datetime.date(2026, 6, 1),
        due_on_precision=DatePrecision.MONTH,
    )
    client.force_login(staff_a)

    rows = listed(client, "overdue")

    assert [row[:5] for row in rows] == [
        ["Symposium in March", "The MOU", "No owner", "March 2026", "76 days"],
        ["Joint workshop", "The MOU", "Léa Roy", "5 June 2026", "10 days"],
    ]


def test_a_commitment_of_unknown_outcome_is_listed_for_staff_to_find_out(
    client, staff_a, association_a, today
):
    agreement = agreement_of(association_a, title="The MOU")
    CommitmentFactory(
        agreement=agreement,
        description="Delegation",
        due_on=datetime.date(2018, 1, 1),
        due_on_precision=DatePrecision.YEAR,
        status="unknown",
    )
    CommitmentFactory(
        agreement=agreement,
        description="Dropped",
        due_on=datetime.date(2018, 1, 1),
        due_on_precision=DatePrecision.YEAR,
        status="dropped",
    )
    client.force_login(staff_a)

    assert [row[0] for row in listed(client, "overdue")] == ["Delegation"]


def test_overdue_commitments_are_those_of_agreements_still_running_or_about_to_be_renewed(
    client, staff_a, association_a, today
):
    def late(agreement, description):
        CommitmentFactory(agreement=agreement, description=description, due_on=days(-20))

    late(agreement_of(association_a, effective_until=days(30)), "In force")
    late(
        agreement_of(association_a, effective_from=days(10), signed_on=days(-5)),
        "Not yet in effect",
    )
    renewed = agreement_of(association_a, effective_until=days(30))
    agreement_of(association_a, renews=renewed, signed_on=days(-1))
    late(renewed, "Renewed: carried over")
    late(agreement_of(association_a, effective_until=days(-3)), "Ended, no renewal")
    pending = agreement_of(association_a, effective_until=days(-3))
    agreement_of(association_a, renews=pending, status=AgreementStatus.IN_NEGOTIATION)
    late(pending, "Ended, renewal pending")
    late(agreement_of(association_a, status=AgreementStatus.DRAFT), "Draft")
    late(agreement_of(association_a, status=AgreementStatus.TERMINATED), "Terminated")
    client.force_login(staff_a)

    listed_on_the_dashboard = sorted(titles(client, "overdue"))
    see_all = client.get(reverse("admin:agreements_commitment_changelist"), {"overdue": "yes"})

    assert listed_on_the_dashboard == ["Ended, renewal pending", "In force", "Not yet in effect"]
    assert sorted(str(c) for c in see_all.context["cl"].result_list) == listed_on_the_dashboard


def test_mark_done_closes_the_commitment_and_takes_it_off_the_list(
    client, staff_a, association_a, today
):
    agreement = agreement_of(association_a)
    commitment = CommitmentFactory(agreement=agreement, description="Report", due_on=days(-3))
    client.force_login(staff_a)

    response = client.post(
        reverse("admin:agreements_commitment_done", args=[commitment.pk]),
        {"next": reverse("admin:index")},
        follow=True,
    )

    commitment.refresh_from_db()
    assert (commitment.status, commitment.last_checked_on) == (CommitmentStatus.DONE, TODAY)
    assert [str(m) for m in response.context["messages"]] == ["“Report” is marked done."]
    assert titles(client, "overdue") == []


def test_staff_of_another_association_cannot_mark_its_commitment_done(
    client, staff_b, association_a, today
):
    commitment = CommitmentFactory(agreement=agreement_of(association_a), due_on=days(-3))
    client.force_login(staff_b)

    response = client.post(reverse("admin:agreements_commitment_done", args=[commitment.pk]))

    commitment.refresh_from_db()
    assert (response.status_code, commitment.status) == (404, CommitmentStatus.PLANNED)


def test_a_commitment_that_does_not_exist_is_not_found(client, staff_a, today):
    client.force_login(staff_a)

    response = client.post(reverse("admin:agreements_commitment_done", args=["999999"]))

    assert response.status_code == 404


def test_staff_without_the_change_permission_get_403(client, association_a, today):
    from django.contrib.auth.models import Permission

    commitment = CommitmentFactory(agreement=agreement_of(association_a), due_on=days(-3))
    reader = StaffFactory(associations=[association_a])
    reader.groups.clear()
    reader.user_permissions.add(Permission.objects.get(codename="view_commitment"))
    client.force_login(reader)

    response = client.post(reverse("admin:agreements_commitment_done", args=[commitment.pk]))

    assert response.status_code == 403


# Snooze ------------------------------------------------------------------------------


@pytest.mark.parametrize("chosen", [7, 30])
def test_snoozing_an_overdue_commitment_sets_the_date_and_it_stays_listed(
    client, staff_a, association_a, today, chosen
):
    commitment = CommitmentFactory(
        agreement=agreement_of(association_a), description="Report", due_on=days(-3)
    )
    client.force_login(staff_a)

    client.post(
        reverse("admin:agreements_commitment_snooze", args=[commitment.pk]), {"days": chosen}
    )

    commitment.refresh_from_db()
    assert commitment.reminders_snoozed_until == days(chosen)
    snoozed = days(chosen).strftime("%-d %B %Y")
    assert listed(client, "overdue")[0][0] == f"Report Snoozed until {snoozed}"


def test_snoozing_an_ending_agreement_keeps_it_listed_and_marked(
    client, staff_a, association_a, today
):
    agreement = agreement_of(association_a, title="Ends soon", effective_until=days(60))
    client.force_login(staff_a)

    response = client.post(
        reverse("admin:agreements_agreement_snooze", args=[agreement.pk]),
        {"days": "30", "next": reverse("admin:index")},
    )

    agreement.refresh_from_db()
    assert response["Location"] == reverse("admin:index")
    assert agreement.reminders_snoozed_until == days(30)
    assert titles(client, "ending") == ["Ends soon Snoozed until 15 July 2026"]


def test_snoozing_in_french_shows_the_date_in_french(client, staff_a, association_a, today):
    agreement = agreement_of(association_a, title="Ends soon", effective_until=days(60))
    agreement.reminders_snoozed_until = days(7)
    agreement.save()
    client.force_login(staff_a)

    rows = listed(client, "ending", language="fr")

    # The dates in French (the labels are translated after merging).
    assert rows[0][0].endswith("22 juin 2026")
    assert rows[0][1] == "14 août 2026"


@pytest.mark.parametrize("value", ["", "8", "abc", "٣٠"])
def test_a_snooze_of_another_length_is_refused(client, staff_a, association_a, today, value):
    agreement = agreement_of(association_a, effective_until=days(60))
    client.force_login(staff_a)

    response = client.post(
        reverse("admin:agreements_agreement_snooze", args=[agreement.pk]), {"days": value}
    )

    agreement.refresh_from_db()
    assert (response.status_code, agreement.reminders_snoozed_until) == (400, None)


def test_an_outside_next_address_is_not_followed(client, staff_a, association_a, today):
    agreement = agreement_of(association_a, effective_until=days(60))
    client.force_login(staff_a)

    response = client.post(
        reverse("admin:agreements_agreement_snooze", args=[agreement.pk]),
        {"days": "7", "next": "https://elsewhere.example/"},
    )

    assert response["Location"] == reverse("admin:index")


def test_the_dashboard_buttons_need_a_post(client, staff_a, association_a, today):
    agreement = agreement_of(association_a, effective_until=days(60))
    client.force_login(staff_a)

    response = client.get(reverse("admin:agreements_agreement_renew", args=[agreement.pk]))

    assert (response.status_code, Agreement.all_objects.count()) == (405, 1)


# Drafts waiting ----------------------------------------------------------------------


def test_drafts_in_negotiation_and_unpublished_signed_agreements_are_waiting(
    client, staff_a, association_a, today
):
    old = agreement_of(association_a, title="Old draft", status=AgreementStatus.DRAFT)
    backdate(old, days(-90))
    agreement_of(association_a, title="Negotiating", status=AgreementStatus.IN_NEGOTIATION)
    agreement_of(association_a, title="Signed, unpublished", publication=Publication.DRAFT)
    agreement_of(association_a, title="Signed and published")
    agreement_of(association_a, title="Terminated", status=AgreementStatus.TERMINATED)
    client.force_login(staff_a)

    rows = listed(client, "drafts")

    assert [row[:2] for row in rows] == [
        ["Old draft", "draft · published"],
        ["Negotiating", "in negotiation · published"],
        ["Signed, unpublished", "signed, not published"],
    ]


# Dormant agreements ------------------------------------------------------------------


@pytest.fixture
def dormant(association_a, today):
    """An agreement in force, untouched for 13 months, with an old commitment and an
    event held two years ago."""
    agreement = agreement_of(association_a, title="Quiet MOU", signed_on=days(-900))
    commitment = CommitmentFactory(agreement=agreement, due_on=days(900))
    old_event = EventFactory(start_date=days(-730))
    old_event.related_agreements.add(agreement)
    backdate(agreement, lifecycle.add_months(TODAY, -13))
    backdate(commitment, lifecycle.add_months(TODAY, -13))
    return agreement, commitment


def test_an_agreement_untouched_for_12_months_is_dormant(client, staff_a, dormant):
    client.force_login(staff_a)

    assert titles(client, "dormant") == ["Quiet MOU"]


def test_an_edit_within_12_months_breaks_dormancy(client, staff_a, dormant):
    agreement, _commitment = dormant
    backdate(agreement, days(-300))
    client.force_login(staff_a)

    assert titles(client, "dormant") == []


def test_a_commitment_update_or_check_within_12_months_breaks_dormancy(client, staff_a, dormant):
    _agreement, commitment = dormant
    client.force_login(staff_a)
    Commitment.objects.filter(pk=commitment.pk).update(last_checked_on=days(-100))
    assert titles(client, "dormant") == []

    Commitment.objects.filter(pk=commitment.pk).update(last_checked_on=None)
    backdate(commitment, days(-100))
    assert titles(client, "dormant") == []


@pytest.mark.parametrize("when", [-100, 60], ids=["held this year", "coming"])
@pytest.mark.parametrize("link", ["signing event", "related event"])
def test_a_linked_event_within_12_months_or_coming_breaks_dormancy(
    client, staff_a, dormant, when, link
):
    agreement, _commitment = dormant
    event = EventFactory(start_date=days(when))
    if link == "signing event":
        Agreement.all_objects.filter(pk=agreement.pk).update(signing_event=event)
    else:
        event.related_agreements.add(agreement)
    client.force_login(staff_a)

    assert titles(client, "dormant") == []


def test_snoozing_does_not_wake_a_dormant_agreement(client, staff_a, dormant):
    agreement, _commitment = dormant
    client.force_login(staff_a)

    client.post(reverse("admin:agreements_agreement_snooze", args=[agreement.pk]), {"days": "7"})

    assert titles(client, "dormant") == ["Quiet MOU"]


# Renew -------------------------------------------------------------------------------


@pytest.fixture
def ending(association_a, association_b, today):
    """An agreement of A and B ending in 60 days, with what a renewal copies."""
    agreement = agreement_of(
        association_a,
        title_en="Québec–Massachusetts MOU",
        title_fr="Protocole Québec–Massachusetts",
        same_in_both_languages=False,
        signed_on=days(-1000),
        effective_until=days(60),
        signing_place="Boston",
        notice_days="90, 30",
    )
    PartyFactory(
        agreement=agreement,
        organization=association_b,
        signed_by=ContactFactory(organization=association_b),
        signed_by_title="CEO",
    )
    supporter = OrganizationFactory(name="Delegation")
    PartyFactory(agreement=agreement, organization=supporter, role=PartyRole.SUPPORTER)
    agreement.themes.add(SectorFactory(name="Oncology"))
    benefit = BenefitFactory(agreement=agreement, description="Member rate")
    benefit.granted_to.add(association_a, association_b)
    CommitmentFactory(agreement=agreement, description="Past, open", due_on=days(-40))
    CommitmentFactory(agreement=agreement, description="Ahead", due_on=days(200))
    CommitmentFactory(
        agreement=agreement,
        description="Progressing",
        status=CommitmentStatus.IN_PROGRESS,
        due_on=datetime.date(2026, 12, 1),
        due_on_precision=DatePrecision.MONTH,
    )
    CommitmentFactory(agreement=agreement, description="Finished", status=CommitmentStatus.DONE)
    return agreement


def test_renew_creates_a_linked_draft_with_parties_benefits_and_open_commitments(
    client, staff_a, ending
):
    client.force_login(staff_a)

    response = client.post(reverse("admin:agreements_agreement_renew", args=[ending.pk]))

    renewal = Agreement.all_objects.get(renews=ending)
    assert response["Location"] == reverse("admin:agreements_agreement_change", args=[renewal.pk])
    assert {
        "title_en": renewal.title_en,
        "kind": renewal.kind,
        "status": renewal.status,
        "publication": renewal.publication,
        "signed_on": renewal.signed_on,
        "signing_place": renewal.signing_place,
        "owner": renewal.owner_id,
        "notice_days": renewal.notice_days,
        "themes": [theme.name for theme in renewal.themes.all()],
    } == {
        "title_en": "Québec–Massachusetts MOU — renewal",
        "kind": AgreementKind.RENEWAL,
        "status": AgreementStatus.DRAFT,
        "publication": Publication.DRAFT,
        "signed_on": None,
        "signing_place": "",
        "owner": ending.owner_id,
        "notice_days": "90, 30",
        "themes": ["Oncology"],
    }
    assert sorted(
        (p.organization.name, p.role, p.signed_by_id, p.signed_by_title)
        for p in renewal.party_set.all()
    ) == [
        ("Association A", PartyRole.SIGNATORY, None, ""),
        ("Association B", PartyRole.SIGNATORY, None, ""),
        ("Delegation", PartyRole.SUPPORTER, None, ""),
    ]
    assert [
        (b.description, sorted(o.name for o in b.granted_to.all())) for b in renewal.benefits.all()
    ] == [("Member rate", ["Association A", "Association B"])]
    assert sorted((c.description, c.status, c.due_on) for c in renewal.commitments.all()) == [
        ("Ahead", CommitmentStatus.PLANNED, days(200)),
        ("Past, open", CommitmentStatus.PLANNED, None),
        ("Progressing", CommitmentStatus.PLANNED, datetime.date(2026, 12, 1)),
    ]


def test_renewing_twice_opens_the_renewal_in_preparation(client, staff_a, ending):
    client.force_login(staff_a)
    url = reverse("admin:agreements_agreement_renew", args=[ending.pk])

    first = client.post(url, follow=True)
    second = client.post(url, follow=True)

    assert Agreement.all_objects.filter(renews=ending).count() == 1
    assert second.redirect_chain == first.redirect_chain
    assert [str(m) for m in second.context["messages"]] == [
        "“Québec–Massachusetts MOU” already has a renewal in preparation: here it is."
    ]


def test_the_old_agreement_reads_renewed_once_the_renewal_is_signed(client, staff_a, ending):
    client.force_login(staff_a)
    client.post(reverse("admin:agreements_agreement_renew", args=[ending.pk]))
    renewal = Agreement.all_objects.get(renews=ending)

    def state():
        renewed = Exists(lifecycle.superseding_renewals(Agreement).filter(renews=OuterRef("pk")))
        annotated = Agreement.all_objects.annotate(
            state=lifecycle.state_expression(Agreement, TODAY)
        ).get(pk=ending.pk)
        in_python = lifecycle.agreement_state(
            ending, TODAY, renewed=Agreement.all_objects.filter(renewed, pk=ending.pk).exists()
        )
        return annotated.state, in_python

    assert state() == (AgreementState.IN_FORCE, AgreementState.IN_FORCE)
    assert titles(client, "ending") == ["Québec–Massachusetts MOU"]

    renewal.status = AgreementStatus.SIGNED
    renewal.publication = Publication.PUBLISHED
    renewal.signed_on = days(1)
    renewal.same_in_both_languages = True
    renewal.save()

    assert state() == (AgreementState.RENEWED, AgreementState.RENEWED)
    assert titles(client, "ending") == []


def test_staff_of_another_association_cannot_renew(client, staff_b, association_a, today):
    agreement = agreement_of(association_a, effective_until=days(60))
    client.force_login(staff_b)

    response = client.post(reverse("admin:agreements_agreement_renew", args=[agreement.pk]))

    assert (response.status_code, Agreement.all_objects.count()) == (404, 1)


def staff_with(association, *codenames):
    """Staff of ``association`` with only the permissions named."""
    from django.contrib.auth.models import Permission

    person = StaffFactory(associations=[association])
    person.groups.clear()
    person.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return person


EDITOR = ("view_agreement", "change_agreement", "view_commitment", "change_commitment")
RENEWER = (*EDITOR, "add_agreement", "add_party", "add_benefit", "add_commitment")


@pytest.mark.parametrize(
    "missing", ["add_agreement", "add_party", "add_benefit", "add_commitment", "change_agreement"]
)
def test_renewing_needs_the_permission_to_add_what_it_creates(
    client, association_a, ending, missing
):
    client.force_login(staff_with(association_a, *(p for p in RENEWER if p != missing)))

    response = client.post(reverse("admin:agreements_agreement_renew", args=[ending.pk]))

    assert (response.status_code, Agreement.all_objects.count()) == (403, 1)


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (AgreementStatus.DRAFT, "draft"),
        (AgreementStatus.IN_NEGOTIATION, "in negotiation"),
        (AgreementStatus.TERMINATED, "terminated"),
    ],
)
def test_only_a_signed_agreement_is_renewed(client, staff_a, association_a, today, status, label):
    agreement = agreement_of(association_a, title="Not signed", status=status)
    client.force_login(staff_a)

    response = client.post(
        reverse("admin:agreements_agreement_renew", args=[agreement.pk]), follow=True
    )

    assert response.redirect_chain == [
        (reverse("admin:agreements_agreement_change", args=[agreement.pk]), 302)
    ]
    assert [str(m) for m in response.context["messages"]] == [
        "“Not signed” was not renewed: only a signed agreement can be renewed, "
        f"and its status is “{label}”."
    ]
    assert Agreement.all_objects.count() == 1


def test_a_long_title_is_shortened_so_that_the_renewals_fits(client, staff_a, ending):
    Agreement.all_objects.filter(pk=ending.pk).update(title_en="E" * 300, title_fr="F" * 300)
    client.force_login(staff_a)

    client.post(reverse("admin:agreements_agreement_renew", args=[ending.pk]))

    renewal = Agreement.all_objects.get(renews=ending)
    assert (renewal.title_en, renewal.title_fr) == (
        "E" * (300 - len("… — renewal")) + "… — renewal",
        "F" * (300 - len("… — renouvellement")) + "… — renouvellement",
    )
    # The history's reason (100 characters in the database) names the title, shortened.
    reason = renewal.history.first().history_change_reason
    assert reason.startswith("Renewal of “EEE")
    assert len(reason) == 100


def test_staff_who_may_only_read_get_no_buttons(client, association_a, today):
    agreement = agreement_of(association_a, title="Ends soon", effective_until=days(30))
    CommitmentFactory(agreement=agreement, description="Late", due_on=days(-3))
    agreement_of(association_a, title="Ended", effective_until=days(-3))
    client.force_login(staff_with(association_a, "view_agreement", "view_commitment"))

    page = BeautifulSoup(client.get(reverse("admin:index")).content, "lxml")

    assert [
        (row.th.get_text(" ", strip=True), row.find_all(["button", "select"]))
        for key in ("ending", "ended", "overdue")
        for row in page.find(id=f"dashboard-{key}").select("tbody tr")
    ] == [("Ends soon", []), ("Ended", []), ("Late", [])]


def test_staff_who_may_edit_but_not_renew_get_snooze_and_mark_done_only(
    client, association_a, today
):
    agreement = agreement_of(association_a, title="Ends soon", effective_until=days(30))
    CommitmentFactory(agreement=agreement, description="Late", due_on=days(-3))
    client.force_login(staff_with(association_a, *EDITOR))

    page = BeautifulSoup(client.get(reverse("admin:index")).content, "lxml")

    def buttons(key):
        return [b.get_text() for b in page.find(id=f"dashboard-{key}").find_all("button")]

    assert (buttons("ending"), buttons("overdue")) == (["Snooze"], ["Mark done", "Snooze"])


# The admin's own forms ---------------------------------------------------------------


def test_the_agreement_page_says_where_it_stands(client, staff_a, association_a, today):
    ending = agreement_of(association_a, effective_until=days(60))
    open_ended = agreement_of(association_a)
    client.force_login(staff_a)

    def stands(agreement):
        response = client.get(reverse("admin:agreements_agreement_change", args=[agreement.pk]))
        page = BeautifulSoup(response.content, "lxml")
        return page.select_one(".field-state_and_end .readonly").get_text(strip=True)

    assert stands(ending) == "In force until 14 August 2026."
    assert stands(open_ended) == "In force. Open-ended: no end date recorded."


# Queries -----------------------------------------------------------------------------


def fill(association, n):
    for i in range(n):
        ending = agreement_of(association, effective_until=days(i + 1))
        CommitmentFactory(agreement=ending, due_on=days(-i - 1))
        ended = agreement_of(association, effective_until=days(-i - 1))
        CommitmentFactory(agreement=ended, due_on=days(-i - 1))
        agreement_of(association, status=AgreementStatus.DRAFT)
        quiet = agreement_of(association, signed_on=days(-900))
        backdate(quiet, days(-800))


@pytest.mark.parametrize("n", [1, 25])
def test_the_dashboard_takes_a_fixed_number_of_queries(
    client, staff_a, association_a, today, django_assert_num_queries, n
):
    fill(association_a, n)
    client.force_login(staff_a)
    client.get(reverse("admin:index"))  # the session, warmed

    # The session, the user and their permissions, their associations (6); the five
    # sections, one query each; the admin's recent actions.
    with django_assert_num_queries(12):
        response = client.get(reverse("admin:index"))

    sections = dashboard.sections(viewer_for(staff_a), TODAY)
    assert response.status_code == 200
    assert [section.count for section in sections] == [n, n, n, n, n]
