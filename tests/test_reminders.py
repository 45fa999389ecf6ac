"""Reminders of agreements' ends and commitments' due dates, moved through time with
``send_reminders --today``: each sent once, to the right people, in their language,
none after the end but for a pending renewal, held by a snooze.

The emails leave through the task queue; here the immediate backend sends each one
as soon as its reminder's row is committed.
"""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements import reminders
from agreements.choices import AgreementStatus, CommitmentStatus, PartyRole
from agreements.models import Reminder
from organizations.models import OrganizationKind
from portal.dates import DatePrecision
from portal.publishing import Publication
from tests.factories import (
    AgreementFactory,
    CommitmentFactory,
    OrganizationFactory,
    PartyFactory,
    StaffFactory,
)

SITE = "https://passerelle.example"
END = datetime.date(2026, 6, 30)
# The default horizons' days before END: 180, 90 and 30 days.
DAY_180, DAY_90, DAY_30 = (
    datetime.date(2026, 1, 1),
    datetime.date(2026, 4, 1),
    datetime.date(2026, 5, 31),
)


@pytest.fixture(autouse=True)
def _emails_leave_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = SITE


@pytest.fixture
def run(django_capture_on_commit_callbacks, mailoutbox):
    """Run the command on a day; the emails it sent, as (address, subject)."""

    def run(day, *options):
        # The locmem backend's outbox, as it is when the command runs.
        before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", "--today", str(day), *options, stdout=io.StringIO())
        return [(m.to[0], m.subject) for m in mail.outbox[before:]]

    return run


def staff(username, associations, **profile):
    user = StaffFactory(username=username, associations=associations)
    for name, value in profile.items():
        setattr(user.profile, name, value)
    user.profile.save()
    return user


def association(name):
    return OrganizationFactory(kind=OrganizationKind.ASSOCIATION, name=name, slug=name.lower())


@pytest.fixture
def bioquebec(db):
    return association("BIOQuebec")


@pytest.fixture
def massbio(db):
    return association("MassBio")


def agreement_between(*parties, title="Corridor MOU", **values):
    """A signed agreement in force until END by default; ``parties`` as (association,
    responsible or None)."""
    values = {
        "effective_from": datetime.date(2023, 7, 1),
        "effective_until": END,
        "publication": Publication.PUBLISHED,
        **values,
    }
    agreement = AgreementFactory(title=title, owner=parties[0][0], **values)
    for organization, responsible in parties:
        PartyFactory(agreement=agreement, organization=organization, responsible=responsible)
    return agreement


def recorded(**filters):
    return sorted(
        (r.occasion, r.step, r.outcome, r.sent_on) for r in Reminder.objects.filter(**filters)
    )


# Agreements' ends ------------------------------------------------------------------


def test_each_horizon_goes_once_to_the_responsible_of_each_party(run, bioquebec, massbio):
    anne = staff("anne", [bioquebec])
    staff("colleague", [bioquebec])
    bob = staff("bob", [massbio])
    agreement_between((bioquebec, anne), (massbio, bob))
    to_both = [
        ("anne@example.org", "Passerelle · Agreement ending on 30 June 2026: Corridor MOU"),
        ("bob@example.org", "Passerelle · Agreement ending on 30 June 2026: Corridor MOU"),
    ]
    next_day = datetime.timedelta(days=1)
    days = [DAY_180, DAY_180, DAY_180 + next_day, DAY_90, DAY_90, DAY_30, DAY_30 + next_day, END]

    sent = [run(day) for day in days]

    assert sent == [to_both, [], [], to_both, [], to_both, [], []]
    assert recorded() == [
        ("ending", 30, "sent", DAY_30),
        ("ending", 90, "sent", DAY_90),
        ("ending", 180, "sent", DAY_180),
    ]


def test_a_recipient_reads_their_reminder_in_their_own_language(run, mailoutbox, bioquebec):
    anne = staff("anne", [bioquebec], language="fr")
    agreement_between((bioquebec, anne), (association("MassBio"), None))

    run(DAY_30)

    [message] = mail.outbox
    # The dates are written as French writes them (Django's own French catalog);
    # the sentences come with the project's catalog.
    assert "30 juin 2026" in message.body
    assert "June" not in message.body


def test_an_english_recipient_gets_the_record_links_and_what_to_do(run, bioquebec):
    anne = staff("anne", [bioquebec], language="en")
    agreement = agreement_between((bioquebec, anne))

    run(DAY_30)

    [message] = mail.outbox
    assert message.to == ["anne@example.org"]
    assert message.subject == "Passerelle · Agreement ending on 30 June 2026: Corridor MOU"
    lines = message.body.splitlines()
    assert lines[0] == "Hello anne,"
    assert "The agreement “Corridor MOU” ends on 30 June 2026, in 30 days." in lines
    assert f"The agreement: {SITE}/admin/agreements/agreement/{agreement.pk}/change/" in lines
    assert f"Its public page: {SITE}{agreement.get_absolute_url()}" in lines
    assert f"The staff dashboard: {SITE}/admin/" in lines
    assert any(line.startswith("- Renew it:") for line in lines)
    assert any(line.startswith("- Not now? Snooze") for line in lines)
    assert "You are the staff member responsible for this agreement for BIOQuebec." in lines


def test_a_draft_record_has_no_public_link(run, bioquebec):
    anne = staff("anne", [bioquebec])
    agreement_between((bioquebec, anne), publication=Publication.DRAFT)

    run(DAY_30)

    [message] = mail.outbox
    assert "Its public page" not in message.body


def test_without_a_responsible_the_association_administrators_get_it(run, bioquebec):
    staff("anne", [bioquebec])
    staff("chief", [bioquebec], receives_unassigned_reminders=True)
    staff("deputy", [bioquebec], receives_unassigned_reminders=True)
    agreement_between((bioquebec, None))

    assert [to for to, _subject in run(DAY_30)] == ["chief@example.org", "deputy@example.org"]


def test_without_a_responsible_nor_administrator_all_the_association_staff_get_it(run, bioquebec):
    staff("anne", [bioquebec])
    staff("bert", [bioquebec])
    inactive = staff("gone", [bioquebec])
    inactive.is_active = False
    inactive.save()
    no_email = staff("noemail", [bioquebec])
    no_email.email = ""
    no_email.save()
    agreement_between((bioquebec, None))

    assert [to for to, _subject in run(DAY_30)] == ["anne@example.org", "bert@example.org"]


def test_a_responsible_who_left_the_association_is_replaced_by_its_administrators(
    run, bioquebec, massbio
):
    moved = staff("moved", [massbio])
    staff("chief", [bioquebec], receives_unassigned_reminders=True)
    agreement_between((bioquebec, moved))

    assert [to for to, _subject in run(DAY_30)] == ["chief@example.org"]


def test_a_responsible_no_longer_staff_is_replaced_by_its_administrators(run, bioquebec):
    former = staff("former", [bioquebec])
    former.is_staff = False
    former.save()
    staff("chief", [bioquebec], receives_unassigned_reminders=True)
    agreement_between((bioquebec, former))

    assert [to for to, _subject in run(DAY_30)] == ["chief@example.org"]


def test_staff_of_an_association_that_is_no_party_never_receive_it(run, bioquebec, massbio):
    outsider = association("CLARA")
    staff("clara-chief", [outsider], receives_unassigned_reminders=True)
    staff("anne", [bioquebec])
    company = OrganizationFactory(kind=OrganizationKind.COMPANY, name="Acme")
    agreement_between((bioquebec, None), (company, None))

    assert [to for to, _subject in run(DAY_30)] == ["anne@example.org"]


def test_a_party_with_no_staff_in_passerelle_gets_nothing_and_holds_nothing_up(run, bioquebec):
    staff("anne", [bioquebec])
    government = OrganizationFactory(kind=OrganizationKind.GOVERNMENT, name="Delegation")
    agreement = agreement_between((bioquebec, None))
    PartyFactory(agreement=agreement, organization=government, role=PartyRole.SUPPORTER)

    assert [to for to, _subject in run(DAY_30)] == ["anne@example.org"]


def test_no_reminder_after_the_end(run, bioquebec):
    anne = staff("anne", [bioquebec])
    agreement_between((bioquebec, anne))

    sent = [run(day) for day in (END + datetime.timedelta(days=1), datetime.date(2026, 9, 1))]

    assert (sent, recorded()) == ([[], []], [])


def test_an_ended_agreement_with_a_renewal_pending_gets_one_reminder(run, bioquebec):
    anne = staff("anne", [bioquebec])
    agreement = agreement_between((bioquebec, anne))
    AgreementFactory(
        title="Corridor MOU renewed", renews=agreement, status=AgreementStatus.IN_NEGOTIATION
    )
    after = [datetime.date(2026, 7, 3), datetime.date(2026, 7, 3), datetime.date(2026, 8, 1)]

    sent = [run(day) for day in after]

    subject = "Passerelle · Agreement ended, renewal pending: Corridor MOU"
    assert sent == [[("anne@example.org", subject)], [], []]
    assert "ended on 30 June 2026, and its renewal is not signed yet" in mail.outbox[0].body
    # Sent once, with nothing to snooze.
    assert "Snooze" not in mail.outbox[0].body
    assert recorded() == [("ended_renewal_pending", 0, "sent", datetime.date(2026, 7, 3))]


@pytest.mark.parametrize(
    "values",
    [
        {"status": AgreementStatus.TERMINATED},
        {"status": AgreementStatus.DRAFT},
        {"notice_days": ""},
        {"effective_until": None},
    ],
    ids=["terminated", "draft", "no horizons", "open-ended"],
)
def test_no_reminder_for_an_agreement_terminated_a_draft_without_horizons_or_end(
    run, bioquebec, values
):
    anne = staff("anne", [bioquebec])
    agreement_between((bioquebec, anne), **values)

    assert [run(day) for day in (DAY_180, DAY_90, DAY_30)] == [[], [], []]
    assert recorded() == []


@pytest.mark.parametrize("publication", [Publication.PUBLISHED, Publication.DRAFT])
def test_no_reminder_once_a_renewal_is_signed(run, bioquebec, publication):
    anne = staff("anne", [bioquebec])
    agreement = agreement_between((bioquebec, anne))
    AgreementFactory(renews=agreement, status=AgreementStatus.SIGNED, publication=publication)

    assert [run(day) for day in (DAY_30, END + datetime.timedelta(days=3))] == [[], []]


def test_the_horizons_are_the_agreements_own(run, bioquebec):
    anne = staff("anne", [bioquebec])
    agreement_between((bioquebec, anne), notice_days="60, 7")
    days = [DAY_90, END - datetime.timedelta(days=60), DAY_30, END - datetime.timedelta(days=7)]

    sent = [len(run(day)) for day in days]

    assert sent == [0, 1, 0, 1]
    assert [r[:2] for r in recorded()] == [("ending", 7), ("ending", 60)]


def test_a_first_run_sends_the_latest_horizon_and_passes_over_the_earlier_ones(run, bioquebec):
    anne = staff("anne", [bioquebec])
    agreement_between((bioquebec, anne))
    first = datetime.date(2026, 6, 10)

    sent = [len(run(day)) for day in (first, first + datetime.timedelta(days=1), END)]

    assert sent == [1, 0, 0]
    assert "in 20 days" in mail.outbox[0].body
    assert recorded() == [
        ("ending", 30, "sent", first),
        ("ending", 90, "passed_over", first),
        ("ending", 180, "passed_over", first),
    ]


def test_a_snooze_holds_the_reminders_until_its_day_then_the_due_one_goes_out(run, bioquebec):
    anne = staff("anne", [bioquebec])
    agreement_between((bioquebec, anne), reminders_snoozed_until=datetime.date(2026, 4, 15))

    held = [run(day) for day in (DAY_180, DAY_90, datetime.date(2026, 4, 14))]
    held_recorded = recorded()
    resumed = run(datetime.date(2026, 4, 15))

    assert (held, held_recorded) == ([[], [], []], [])
    assert [subject for _to, subject in resumed] == [
        "Passerelle · Agreement ending on 30 June 2026: Corridor MOU"
    ]
    assert recorded() == [
        ("ending", 90, "sent", datetime.date(2026, 4, 15)),
        ("ending", 180, "passed_over", datetime.date(2026, 4, 15)),
    ]


def test_an_end_that_moves_is_reminded_again_of_its_new_date(run, bioquebec):
    anne = staff("anne", [bioquebec])
    agreement = agreement_between((bioquebec, anne))
    run(DAY_30)
    agreement.effective_until = datetime.date(2026, 12, 31)
    agreement.save()

    sent = run(datetime.date(2026, 12, 1))

    assert sent == [
        ("anne@example.org", "Passerelle · Agreement ending on 31 December 2026: Corridor MOU")
    ]


def test_an_end_known_to_the_month_is_written_as_a_month(run, bioquebec):
    anne = staff("anne", [bioquebec])
    agreement_between(
        (bioquebec, anne),
        effective_from=None,
        effective_until=None,
        signed_on=datetime.date(2024, 3, 1),
        signed_on_precision=DatePrecision.MONTH,
        term_months=24,
    )

    assert run(datetime.date(2026, 3, 1)) == [
        ("anne@example.org", "Passerelle · Agreement ending in March 2026: Corridor MOU")
    ]


# Commitments ------------------------------------------------------------------------


def commitment_of(agreement, **values):
    values = {"due_on": datetime.date(2026, 3, 10), **values}
    return CommitmentFactory(agreement=agreement, description="Hold a joint workshop", **values)


def test_a_commitment_is_reminded_before_on_the_day_then_weekly_four_times(run, bioquebec):
    owner = staff("owner", [bioquebec])
    agreement = agreement_between((bioquebec, None), effective_until=None)
    commitment_of(agreement, owner=owner)
    start = datetime.date(2026, 2, 20)

    sent = {}
    for offset in range(80):
        day = start + datetime.timedelta(days=offset)
        for _to, subject in run(day):
            sent[day] = subject

    assert sent == {
        datetime.date(2026, 2, 24): "Passerelle · Commitment due by 10 March 2026: "
        "Hold a joint workshop",
        datetime.date(2026, 3, 10): "Passerelle · Commitment due today: Hold a joint workshop",
        datetime.date(2026, 3, 17): "Passerelle · Commitment overdue: Hold a joint workshop",
        datetime.date(2026, 3, 24): "Passerelle · Commitment overdue: Hold a joint workshop",
        datetime.date(2026, 3, 31): "Passerelle · Commitment overdue: Hold a joint workshop",
        datetime.date(2026, 4, 7): "Passerelle · Commitment overdue: Hold a joint workshop",
    }
    assert "(reminder 4 of 4)" in mail.outbox[-1].body
    assert [m.to for m in mail.outbox] == [["owner@example.org"]] * 6


def test_a_long_overdue_commitment_gets_one_last_reminder_and_passes_over_the_rest(run, bioquebec):
    staff("chief", [bioquebec], receives_unassigned_reminders=True)
    agreement = agreement_between((bioquebec, None), effective_until=None)
    commitment_of(agreement, due_on=datetime.date(2018, 1, 1), due_on_precision="year")
    today = datetime.date(2026, 2, 1)

    sent = [run(today), run(today + datetime.timedelta(days=7))]

    assert sent == [
        [("chief@example.org", "Passerelle · Commitment overdue: Hold a joint workshop")],
        [],
    ]
    # Due "in 2018": due by 31 December 2018.
    assert "was due in 2018 and is not done yet (reminder 4 of 4)" in mail.outbox[0].body
    assert [(occasion, step, outcome) for occasion, step, outcome, _day in recorded()] == [
        ("due_soon", 14, "passed_over"),
        ("due_today", 0, "passed_over"),
        ("overdue", 1, "passed_over"),
        ("overdue", 2, "passed_over"),
        ("overdue", 3, "passed_over"),
        ("overdue", 4, "sent"),
    ]
    assert set(Reminder.objects.values_list("about_date", flat=True)) == {
        datetime.date(2018, 12, 31)
    }


def test_a_run_after_the_due_day_says_how_many_days_overdue_and_sends_nothing_twice(run, bioquebec):
    owner = staff("owner", [bioquebec])
    agreement = agreement_between((bioquebec, None), effective_until=None)
    commitment_of(agreement, owner=owner, due_on=datetime.date(2026, 12, 1))

    late = run(datetime.date(2026, 12, 4))
    again = run(datetime.date(2026, 12, 5))
    week_after = run(datetime.date(2026, 12, 8))

    assert (late, again) == (
        [("owner@example.org", "Passerelle · Commitment overdue: Hold a joint workshop")],
        [],
    )
    assert (
        "The commitment “Hold a joint workshop” of the agreement “Corridor MOU” was due "
        "on 1 December 2026 and is 3 days overdue.\n"
    ) in mail.outbox[0].body
    assert "today is the last day" not in mail.outbox[0].body
    assert week_after == [
        ("owner@example.org", "Passerelle · Commitment overdue: Hold a joint workshop")
    ]
    assert "(reminder 1 of 4)" in mail.outbox[1].body
    assert [(occasion, step, outcome) for occasion, step, outcome, _day in recorded()] == [
        ("due_soon", 14, "passed_over"),
        ("due_today", 0, "sent"),
        ("overdue", 1, "sent"),
    ]


def test_a_run_a_day_after_the_due_day_says_one_day_overdue(run, bioquebec):
    owner = staff("owner", [bioquebec])
    agreement = agreement_between((bioquebec, None), effective_until=None)
    commitment_of(agreement, owner=owner, due_on=datetime.date(2026, 12, 1))

    run(datetime.date(2026, 12, 2))

    assert "on 1 December 2026 and is 1 day overdue.\n" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("today", "left"),
    [
        (datetime.date(2026, 2, 24), "14 days are left."),
        (datetime.date(2026, 3, 5), "5 days are left."),
        (datetime.date(2026, 3, 9), "1 day is left."),
    ],
)
def test_a_reminder_before_the_due_day_says_how_many_days_are_left(run, bioquebec, today, left):
    owner = staff("owner", [bioquebec])
    agreement = agreement_between((bioquebec, None), effective_until=None)
    commitment_of(agreement, owner=owner)

    sent = run(today)

    assert sent == [
        ("owner@example.org", "Passerelle · Commitment due by 10 March 2026: Hold a joint workshop")
    ]
    assert (
        "The commitment “Hold a joint workshop” of the agreement “Corridor MOU” is due on "
        f"10 March 2026. {left}\n"
    ) in mail.outbox[0].body


def test_a_commitment_due_in_a_year_is_due_on_its_last_day(run, bioquebec):
    owner = staff("owner", [bioquebec])
    agreement = agreement_between((bioquebec, None), effective_until=None)
    commitment_of(agreement, owner=owner, due_on=datetime.date(2026, 1, 1), due_on_precision="year")

    assert run(datetime.date(2026, 6, 1)) == []
    assert run(datetime.date(2026, 12, 31)) == [
        ("owner@example.org", "Passerelle · Commitment due today: Hold a joint workshop")
    ]


@pytest.mark.parametrize("status", [CommitmentStatus.DONE, CommitmentStatus.DROPPED])
def test_a_commitment_done_or_dropped_is_not_reminded(run, bioquebec, status):
    owner = staff("owner", [bioquebec])
    agreement = agreement_between((bioquebec, None), effective_until=None)
    commitment_of(agreement, owner=owner, status=status)

    assert run(datetime.date(2026, 3, 10)) == []


@pytest.mark.parametrize(
    "status",
    [AgreementStatus.DRAFT, AgreementStatus.IN_NEGOTIATION, AgreementStatus.TERMINATED],
)
def test_a_commitment_of_an_agreement_not_signed_or_terminated_is_not_reminded(
    run, bioquebec, status
):
    owner = staff("owner", [bioquebec])
    agreement = agreement_between((bioquebec, None), effective_until=None, status=status)
    commitment_of(agreement, owner=owner)

    assert run(datetime.date(2026, 3, 10)) == []


def test_a_commitment_of_an_agreement_ended_without_a_renewal_is_not_reminded(run, bioquebec):
    owner = staff("owner", [bioquebec])
    today = datetime.date(2026, 12, 1)
    agreement = agreement_between(
        (bioquebec, None), effective_until=today - datetime.timedelta(days=200)
    )
    commitment_of(agreement, owner=owner, due_on=today - datetime.timedelta(days=3))
    out = io.StringIO()

    call_command("send_reminders", "--dry-run", "--today", str(today), stdout=out)

    assert out.getvalue().splitlines() == [
        "2026-12-01, dry run: 0 reminders would be sent, 0 passed over; nothing was "
        "recorded or sent."
    ]
    assert [run(today + datetime.timedelta(days=days)) for days in (0, 4, 11)] == [[], [], []]
    assert recorded() == []


def test_a_commitment_of_an_agreement_ended_with_a_renewal_pending_is_still_reminded(
    run, bioquebec
):
    owner = staff("owner", [bioquebec])
    agreement = agreement_between((bioquebec, None), effective_until=datetime.date(2026, 3, 1))
    AgreementFactory(renews=agreement, status=AgreementStatus.DRAFT)
    commitment_of(agreement, owner=owner)

    assert run(datetime.date(2026, 3, 10)) == [
        ("owner@example.org", "Passerelle · Agreement ended, renewal pending: Corridor MOU"),
        ("owner@example.org", "Passerelle · Commitment due today: Hold a joint workshop"),
    ]


def test_a_commitment_of_an_agreement_not_yet_in_effect_is_reminded(run, bioquebec):
    owner = staff("owner", [bioquebec])
    agreement = agreement_between(
        (bioquebec, None), effective_from=datetime.date(2027, 1, 1), effective_until=None
    )
    commitment_of(agreement, owner=owner)

    assert run(datetime.date(2026, 3, 10)) == [
        ("owner@example.org", "Passerelle · Commitment due today: Hold a joint workshop")
    ]


def test_a_commitment_with_status_unknown_is_still_reminded(run, bioquebec):
    owner = staff("owner", [bioquebec])
    agreement = agreement_between((bioquebec, None), effective_until=None)
    commitment_of(agreement, owner=owner, status=CommitmentStatus.UNKNOWN)

    assert len(run(datetime.date(2026, 3, 10))) == 1


def test_a_snoozed_commitment_is_reminded_from_the_snoozes_day(run, bioquebec):
    owner = staff("owner", [bioquebec])
    agreement = agreement_between((bioquebec, None), effective_until=None)
    commitment_of(agreement, owner=owner, reminders_snoozed_until=datetime.date(2026, 3, 20))

    held = [run(datetime.date(2026, 3, day)) for day in (10, 17, 19)]
    resumed = run(datetime.date(2026, 3, 20))

    assert held == [[], [], []]
    assert resumed == [
        ("owner@example.org", "Passerelle · Commitment overdue: Hold a joint workshop")
    ]


def test_without_an_owner_the_administrators_of_the_managing_association_get_it(
    run, bioquebec, massbio
):
    staff("chief", [bioquebec], receives_unassigned_reminders=True)
    staff("anne", [bioquebec])
    staff("massbio-chief", [massbio], receives_unassigned_reminders=True)
    agreement = agreement_between((bioquebec, None), (massbio, None), effective_until=None)
    commitment_of(agreement)

    assert [to for to, _s in run(datetime.date(2026, 3, 10))] == ["chief@example.org"]


def test_without_an_owner_nor_managing_association_the_signatories_administrators_get_it(
    run, bioquebec, massbio
):
    staff("chief", [bioquebec], receives_unassigned_reminders=True)
    staff("bob", [massbio])
    agreement = agreement_between((bioquebec, None), (massbio, None), effective_until=None)
    agreement.owner = None
    agreement.save()
    commitment_of(agreement)

    assert [to for to, _s in run(datetime.date(2026, 3, 10))] == [
        "bob@example.org",
        "chief@example.org",
    ]


def test_an_owner_from_another_association_is_not_reminded_their_association_never_is(
    run, bioquebec
):
    outsider = staff("outsider", [association("CLARA")], receives_unassigned_reminders=True)
    staff("chief", [bioquebec], receives_unassigned_reminders=True)
    agreement = agreement_between((bioquebec, None), effective_until=None)
    commitment_of(agreement, owner=outsider)

    assert [to for to, _s in run(datetime.date(2026, 3, 10))] == ["chief@example.org"]


# The command ------------------------------------------------------------------------


def test_a_dry_run_lists_what_would_be_sent_and_records_and_sends_nothing(run, bioquebec):
    anne = staff("anne", [bioquebec])
    agreement = agreement_between((bioquebec, anne))
    out = io.StringIO()

    call_command("send_reminders", "--dry-run", "--today", "2026-06-10", stdout=out)

    assert out.getvalue().splitlines() == [
        f"Would send: agreement ending, 30 days before 2026-06-30: “Corridor MOU” "
        f"(#{agreement.pk}) → anne@example.org (responsible, BIOQuebec)",
        f"Would pass over: agreement ending, 180 days before 2026-06-30: “Corridor MOU” "
        f"(#{agreement.pk})",
        f"Would pass over: agreement ending, 90 days before 2026-06-30: “Corridor MOU” "
        f"(#{agreement.pk})",
        "2026-06-10, dry run: 1 reminders would be sent, 2 passed over; nothing was "
        "recorded or sent.",
    ]
    assert (mail.outbox, recorded()) == ([], [])
    # What the dry run listed is still due.
    assert len(run("2026-06-10")) == 1


def test_the_command_says_what_it_sent(bioquebec, django_capture_on_commit_callbacks):
    anne = staff("anne", [bioquebec])
    agreement = agreement_between((bioquebec, anne))
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--today", "2026-06-10", stdout=out)

    assert out.getvalue().splitlines() == [
        f"Sent: agreement ending, 30 days before 2026-06-30: “Corridor MOU” (#{agreement.pk}) "
        "→ anne@example.org (responsible, BIOQuebec)",
        "2026-06-10: 1 reminders sent (1 emails queued), 2 passed over, 0 with nobody to send "
        "them to, 0 sent by another run.",
    ]


def test_a_reminder_nobody_can_receive_is_not_recorded_and_goes_out_once_someone_can(
    run, bioquebec
):
    agreement_between((bioquebec, None))
    nobody = run(DAY_30)
    staff("anne", [bioquebec])

    assert (nobody, run(DAY_30)) == ([], [("anne@example.org", mail.outbox[0].subject)])
    assert mail.outbox[0].subject == "Passerelle · Agreement ending on 30 June 2026: Corridor MOU"


@pytest.mark.parametrize(
    "today",
    [
        "2026-02-30",
        "tomorrow",
        "30/06/2026",
        "",
        "20260101",
        "2026-W01",
        "2026-W01-1",
        "2026-001",
        "2026-06-30\n",
        " 2026-06-30",
        "２０２６-０６-３０",
    ],
)
def test_a_bad_today_is_a_clear_error(db, today):
    with pytest.raises(CommandError, match="--today must be a date written YYYY-MM-DD"):
        call_command("send_reminders", "--today", today, stdout=io.StringIO())


@pytest.mark.parametrize("dry_run", [False, True], ids=["run", "dry run"])
def test_the_first_and_last_days_of_the_calendar_are_run_like_any_other(run, bioquebec, dry_run):
    anne = staff("anne", [bioquebec])
    first, last = datetime.date.min, datetime.date.max
    for until in (first + datetime.timedelta(days=20), last):
        agreement = agreement_between(
            (bioquebec, anne), title=f"Until {until}", effective_from=first, effective_until=until
        )
        AgreementFactory(renews=agreement, status=AgreementStatus.DRAFT)
        for due in (first, first + datetime.timedelta(days=10), last):
            commitment_of(agreement, owner=anne, due_on=due)
    options = ["--dry-run"] if dry_run else []

    sent = {day: run(day, *options) for day in (first, first + datetime.timedelta(days=30), last)}

    if dry_run:
        assert sent == {first: [], first + datetime.timedelta(days=30): [], last: []}
    else:
        due_soon = "Passerelle · Commitment due by 11 January 0001: Hold a joint workshop"
        due_today = "Passerelle · Commitment due today: Hold a joint workshop"
        overdue = "Passerelle · Commitment overdue: Hold a joint workshop"
        assert {
            day: sorted(subject for _to, subject in emails) for day, emails in sent.items()
        } == {
            first: [
                "Passerelle · Agreement ending on 21 January 0001: Until 0001-01-21",
                *[due_soon] * 2,
                *[due_today] * 2,
            ],
            first + datetime.timedelta(days=30): [
                "Passerelle · Agreement ended, renewal pending: Until 0001-01-21",
                *[overdue] * 4,
            ],
            # The commitments due on the last day are due today, and never overdue.
            last: [
                "Passerelle · Agreement ending on 31 December 9999: Until 9999-12-31",
                *[due_today] * 2,
                *[overdue] * 2,
            ],
        }


def test_without_the_sites_address_nothing_is_sent(db, settings):
    settings.SITE_URL = ""

    with pytest.raises(CommandError, match="Set SITE_URL"):
        call_command("send_reminders", "--today", "2026-06-10", stdout=io.StringIO())


# Never twice -------------------------------------------------------------------------


def test_a_reminder_another_run_recorded_meanwhile_is_not_sent_again(
    bioquebec, django_capture_on_commit_callbacks, monkeypatch
):
    anne = staff("anne", [bioquebec])
    agreement_between((bioquebec, anne))
    today = datetime.date(2026, 6, 10)
    # Both runs read what is due before either records it.
    seen_by_both = reminders.plan(today)
    monkeypatch.setattr(reminders, "plan", lambda day: seen_by_both)

    with django_capture_on_commit_callbacks(execute=True):
        first = reminders.send_due_reminders(today, site_url=SITE)
        second = reminders.send_due_reminders(today, site_url=SITE)

    assert (len(first.sent), first.taken) == (1, 0)
    assert (len(second.sent), second.taken) == (0, 1)
    assert [m.to for m in mail.outbox] == [["anne@example.org"]]
    assert recorded(outcome="sent") == [("ending", 30, "sent", today)]


def test_what_is_due_is_read_in_the_same_queries_for_one_record_or_many(bioquebec, massbio):
    def queries_for_a_plan():
        with CaptureQueriesContext(connection) as queries:
            reminders.plan(DAY_30)
        return len(queries)

    anne = staff("anne", [bioquebec])
    agreement = agreement_between((bioquebec, anne))
    commitment_of(agreement, due_on=DAY_30)
    one = queries_for_a_plan()
    for n in range(5):
        other = agreement_between((bioquebec, None), (massbio, anne), title=f"MOU {n}")
        commitment_of(other, due_on=DAY_30, owner=anne)
        staff(f"staff-{n}", [massbio])

    # Agreements, their parties, commitments, their parties, what was recorded, the staff.
    assert queries_for_a_plan() == one == 6


def test_a_commitment_of_unknown_outcome_is_asked_for_its_outcome_not_called_undone(run, bioquebec):
    owner = staff("owner", [bioquebec])
    agreement = agreement_between((bioquebec, None), effective_until=None)
    commitment_of(agreement, owner=owner, status="unknown")

    sent = run(datetime.date(2026, 4, 1))

    assert sent == [
        (
            "owner@example.org",
            "Passerelle · Commitment past due, outcome not recorded: Hold a joint workshop",
        )
    ]
    assert "its outcome is not recorded (reminder 3 of 4)" in mail.outbox[0].body
    assert "not done yet" not in mail.outbox[0].body
