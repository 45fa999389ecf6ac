"""A staff member's private calendar: an address with a secret token, made and revoked
on their account page, listing what their reminders are about and nothing else."""

import datetime
import hashlib
import re

import icalendar
import pytest
from django.utils import timezone

from accounts import private_calendar
from accounts.models import Profile
from agreements.choices import AgreementStatus, CommitmentStatus
from organizations.models import OrganizationKind
from tests.factories import (
    AdministratorFactory,
    AgreementFactory,
    CommitmentFactory,
    MemberFactory,
    OrganizationFactory,
    PartyFactory,
    StaffFactory,
)
from tests.test_pages_helpers import url

IN_A_YEAR = timezone.localdate() + datetime.timedelta(days=365)


def staff(username, associations, **profile):
    user = StaffFactory(username=username, associations=associations)
    for name, value in profile.items():
        setattr(user.profile, name, value)
    user.profile.save()
    return user


def association(name):
    return OrganizationFactory(kind=OrganizationKind.ASSOCIATION, name=name, slug=name.lower())


def feed_url(token):
    return url("private_calendar", token=token)


def token_of(response):
    """The token in the address the page shows once."""
    [address] = re.findall(r'value="(http[^"]+)"', response.content.decode())
    return re.fullmatch(r"http://testserver/calendar/private/([A-Za-z0-9_-]+)\.ics", address)[1]


def summaries(response):
    calendar = icalendar.Calendar.from_ical(response.content)
    return sorted((str(e["SUMMARY"]), e.decoded("DTSTART")) for e in calendar.walk("VEVENT"))


@pytest.fixture
def bioquebec(db):
    return association("BIOQuebec")


@pytest.fixture
def massbio(db):
    return association("MassBio")


# The account page ---------------------------------------------------------------------


def test_staff_make_an_address_shown_once_and_only_its_hash_is_kept(client, bioquebec):
    anne = staff("anne", [bioquebec])
    client.force_login(anne)

    made = client.post(url("accounts:private_calendar"), {"action": "create"})
    token = token_of(made)
    shown_again = client.get(url("accounts:private_calendar"))

    assert made.status_code == 200
    assert "no-store" in made["Cache-Control"]
    assert "It is private: anyone who has it can read your calendar." in made.content.decode()
    assert token not in shown_again.content.decode()
    assert "You have a calendar address, made on" in shown_again.content.decode()
    profile = Profile.objects.get(user=anne)
    assert profile.calendar_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert client.get(feed_url(token)).status_code == 200


def test_a_new_address_replaces_the_old_one(client, bioquebec):
    client.force_login(staff("anne", [bioquebec]))
    first = token_of(client.post(url("accounts:private_calendar"), {"action": "create"}))

    second = token_of(client.post(url("accounts:private_calendar"), {"action": "create"}))

    assert first != second
    assert client.get(feed_url(first)).status_code == 404
    assert client.get(feed_url(second)).status_code == 200


def test_a_revoked_address_is_refused(client, bioquebec):
    client.force_login(staff("anne", [bioquebec]))
    token = token_of(client.post(url("accounts:private_calendar"), {"action": "create"}))

    revoked = client.post(url("accounts:private_calendar"), {"action": "revoke"})

    assert "Your calendar address is revoked" in revoked.content.decode()
    assert client.get(feed_url(token)).status_code == 404


def test_making_or_revoking_needs_the_csrf_token(bioquebec):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    anne = staff("anne", [bioquebec])
    client.force_login(anne)

    response = client.post(url("accounts:private_calendar"), {"action": "create"})

    assert response.status_code == 403
    assert Profile.objects.get(user=anne).calendar_token_hash is None


def test_members_have_no_private_calendar_and_visitors_are_asked_to_sign_in(client, bioquebec):
    member = MemberFactory(username="member", association=bioquebec)

    anonymous = client.get(url("accounts:private_calendar"))
    client.force_login(member)
    as_member = client.get(url("accounts:private_calendar"))
    posted = client.post(url("accounts:private_calendar"), {"action": "create"})

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(url("accounts:login"))
    assert (as_member.status_code, posted.status_code) == (404, 404)
    assert Profile.objects.get(user=member).calendar_token_hash is None


def test_an_administrator_without_a_profile_can_make_one(client, db):
    administrator = AdministratorFactory(username="root")
    client.force_login(administrator)

    token = token_of(client.post(url("accounts:private_calendar"), {"action": "create"}))

    assert client.get(feed_url(token)).status_code == 200


def test_the_account_page_links_staff_to_their_calendar(client, bioquebec):
    client.force_login(staff("anne", [bioquebec]))

    response = client.get(url("accounts:profile"))

    assert f'href="{url("accounts:private_calendar")}"' in response.content.decode()


# The feed ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "token",
    ["x" * 43, "short", "a" * 44, "%00" * 15, "../" * 15, "é" * 43],
    ids=["unknown", "short", "long", "nul", "dots", "non-ascii"],
)
def test_an_unknown_or_malformed_token_is_not_found(client, bioquebec, token):
    staff("anne", [bioquebec])

    assert client.get(f"/calendar/private/{token}.ics").status_code == 404


def test_the_token_of_an_account_no_longer_staff_or_active_is_refused(client, bioquebec):
    anne = staff("anne", [bioquebec])
    bert = staff("bert", [bioquebec])
    anne_token = private_calendar.create_token(anne)
    bert_token = private_calendar.create_token(bert)
    anne.is_staff = False
    anne.save()
    bert.is_active = False
    bert.save()

    assert client.get(feed_url(anne_token)).status_code == 404
    assert client.get(feed_url(bert_token)).status_code == 404


def test_the_feed_lists_the_ends_and_due_dates_of_the_persons_reminders_only(
    client, bioquebec, massbio
):
    anne = staff("anne", [bioquebec])
    colleague = staff("colleague", [bioquebec])
    bob = staff("bob", [massbio], receives_unassigned_reminders=True)
    theirs = AgreementFactory(title="Corridor MOU", owner=bioquebec, effective_until=IN_A_YEAR)
    PartyFactory(agreement=theirs, organization=bioquebec, responsible=anne)
    PartyFactory(agreement=theirs, organization=massbio)
    CommitmentFactory(agreement=theirs, description="Joint workshop", due_on=IN_A_YEAR)
    CommitmentFactory(
        agreement=theirs, description="Colleague's task", due_on=IN_A_YEAR, owner=colleague
    )
    CommitmentFactory(
        agreement=theirs,
        description="Done already",
        due_on=IN_A_YEAR,
        status=CommitmentStatus.DONE,
    )
    colleagues = AgreementFactory(
        title="Colleague's MOU", owner=bioquebec, effective_until=IN_A_YEAR
    )
    PartyFactory(agreement=colleagues, organization=bioquebec, responsible=colleague)
    elsewhere = AgreementFactory(title="MassBio alone", owner=massbio, effective_until=IN_A_YEAR)
    PartyFactory(agreement=elsewhere, organization=massbio)
    CommitmentFactory(agreement=elsewhere, description="MassBio's task", due_on=IN_A_YEAR)

    anne_feed = client.get(feed_url(private_calendar.create_token(anne)))
    bob_feed = client.get(feed_url(private_calendar.create_token(bob)))

    assert anne_feed["Content-Type"] == "text/calendar; charset=utf-8"
    assert anne_feed["Cache-Control"] == "private, no-store"
    # Anne has no administrator at BIOQuébec to share the unassigned commitment with:
    # all its staff get it.
    assert summaries(anne_feed) == [
        ("Agreement ends: Corridor MOU", IN_A_YEAR),
        ("Commitment due: Joint workshop", IN_A_YEAR),
    ]
    assert summaries(bob_feed) == [
        ("Agreement ends: Corridor MOU", IN_A_YEAR),
        ("Agreement ends: MassBio alone", IN_A_YEAR),
        ("Commitment due: MassBio's task", IN_A_YEAR),
    ]


def test_the_feed_leaves_out_the_commitments_of_an_agreement_ended_without_a_renewal(
    client, bioquebec
):
    anne = staff("anne", [bioquebec])
    today = timezone.localdate()
    ended = AgreementFactory(
        title="Ended MOU", owner=bioquebec, effective_until=today - datetime.timedelta(days=200)
    )
    PartyFactory(agreement=ended, organization=bioquebec, responsible=anne)
    CommitmentFactory(agreement=ended, description="Forgotten task", due_on=IN_A_YEAR, owner=anne)
    renewing = AgreementFactory(
        title="Renewing MOU", owner=bioquebec, effective_until=today - datetime.timedelta(days=1)
    )
    PartyFactory(agreement=renewing, organization=bioquebec, responsible=anne)
    AgreementFactory(renews=renewing, status=AgreementStatus.DRAFT)
    CommitmentFactory(agreement=renewing, description="Carried over", due_on=IN_A_YEAR, owner=anne)

    response = client.get(feed_url(private_calendar.create_token(anne)))

    assert summaries(response) == [
        ("Agreement ends: Renewing MOU", today - datetime.timedelta(days=1)),
        ("Commitment due: Carried over", IN_A_YEAR),
    ]


def test_an_end_or_due_date_on_the_calendars_last_day_is_an_entry_of_that_day(client, bioquebec):
    anne = staff("anne", [bioquebec])
    last = datetime.date.max
    agreement = AgreementFactory(title="Forever MOU", owner=bioquebec, effective_until=last)
    PartyFactory(agreement=agreement, organization=bioquebec, responsible=anne)
    CommitmentFactory(agreement=agreement, description="Someday", due_on=last, owner=anne)

    response = client.get(feed_url(private_calendar.create_token(anne)))

    assert response.status_code == 200
    entries = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    # An all-day entry without an end lasts its one day (RFC 5545, 3.6.1).
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART"), e.get("DTEND")) for e in entries] == [
        ("Agreement ends: Forever MOU", last, None),
        ("Commitment due: Someday", last, None),
    ]


def test_the_feed_never_shows_another_associations_records(client, bioquebec, massbio):
    outsider = staff("outsider", [association("CLARA")], receives_unassigned_reminders=True)
    agreement = AgreementFactory(title="Corridor MOU", owner=bioquebec, effective_until=IN_A_YEAR)
    PartyFactory(agreement=agreement, organization=bioquebec, responsible=outsider)
    PartyFactory(agreement=agreement, organization=massbio)
    CommitmentFactory(agreement=agreement, due_on=IN_A_YEAR, owner=outsider)

    response = client.get(feed_url(private_calendar.create_token(outsider)))

    assert summaries(response) == []
    assert b"Corridor MOU" not in response.content


def test_the_feed_is_in_the_accounts_language(client, bioquebec):
    anne = staff("anne", [bioquebec], language="fr")
    agreement = AgreementFactory(
        title="Corridor MOU",
        owner=bioquebec,
        effective_until=datetime.date(2030, 6, 30),
    )
    PartyFactory(agreement=agreement, organization=bioquebec, responsible=anne)

    response = client.get(feed_url(private_calendar.create_token(anne)))

    [entry] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    # The date in the description is written in French (Django's French catalog).
    assert "30 juin 2030" in str(entry["DESCRIPTION"])


def test_the_feed_is_never_stored_by_the_page_cache(client, bioquebec, settings):
    settings.PAGE_CACHE_SECONDS = 600
    anne = staff("anne", [bioquebec])
    token = private_calendar.create_token(anne)
    client.get(feed_url(token))

    private_calendar.revoke_token(anne)

    assert client.get(feed_url(token)).status_code == 404


def test_the_feed_answers_get_only(client, bioquebec):
    token = private_calendar.create_token(staff("anne", [bioquebec]))

    assert client.post(feed_url(token)).status_code == 405
