"""Erasure, as the privacy page promises it: ``forget_user`` erases an account with its
claims, requests, profile and name in the change history; ``forget_contact`` also
erases the requests made from the contact's addresses (members.privacy)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Profile
from agreements.models import Agreement, Party
from members.claims import change_status, make_claim
from members.models import (
    AccessRequest,
    AllowanceUse,
    Claim,
    ClaimStatus,
    CorrectionRequest,
)
from organizations.models import Contact
from tests.factories import (
    AgreementFactory,
    BenefitFactory,
    ContactFactory,
    MemberFactory,
    OrganizationFactory,
    PartyFactory,
)

User = get_user_model()


@pytest.fixture
def partnership(association_a, association_b):
    """An MOU of A and B whose member rates (10 a year, shared) A's members claim."""
    agreement = AgreementFactory(title="A–B MOU")
    PartyFactory(agreement=agreement, organization=association_a)
    PartyFactory(agreement=agreement, organization=association_b)
    benefit = BenefitFactory(agreement=agreement, allowance=10)
    benefit.granted_to.set([association_a])
    return benefit


@pytest.fixture
def leaving(association_a):
    return MemberFactory(username="leaving", email="Leaving@Example.org", association=association_a)


def access_request(email, **values):
    return AccessRequest.objects.create(
        name="Someone", email=email, organization_name="Some Labs", language="en", **values
    )


def correction(email="", **values):
    return CorrectionRequest.objects.create(
        record_kind=CorrectionRequest.Kind.ORGANIZATION,
        record_id=1,
        record_title="Some Labs",
        record_path="/en/organizations/some-labs/",
        message="The address changed.",
        email=email,
        language="en",
        **values,
    )


def forget_user(value):
    out = io.StringIO()
    call_command("forget_user", value, stdout=out)
    return out.getvalue()


def used(benefit):
    return AllowanceUse.objects.filter(benefit=benefit).values_list("used", flat=True).get()


def test_forgetting_an_account_erases_its_claims_requests_profile_and_the_account(
    leaving, partnership, association_a
):
    staying = MemberFactory(username="staying", association=association_a)
    make_claim(leaving, partnership.pk, note="2 seats at the gala", quantity=2)
    make_claim(staying, partnership.pk)
    access_request("leaving@example.org")
    access_request("staying@example.org")
    correction("LEAVING@example.org")
    correction(user=leaving)
    correction("staying@example.org", user=staying)

    output = forget_user("leaving")

    assert not User.objects.filter(username="leaving").exists()
    assert not Profile.objects.filter(user_id=leaving.pk).exists()
    assert list(Claim.objects.values_list("user__username", flat=True)) == ["staying"]
    assert list(AccessRequest.objects.values_list("email", flat=True)) == ["staying@example.org"]
    assert list(CorrectionRequest.objects.values_list("email", flat=True)) == [
        "staying@example.org"
    ]
    assert output.splitlines() == [
        f"Account {leaving.pk} (leaving) deleted, with:",
        "- 1 claim(s) (2 unit(s) of pending ones given back to their allowance; approved "
        "ones stay counted);",
        "- 1 member account request(s) and 2 suggested correction(s);",
        "- its profile;",
        "- its name removed from 0 version(s) of the change history;",
        "- 0 entry(ies) of the admin's log.",
    ]


def test_an_approved_claim_stays_counted_and_a_pending_one_is_given_back(
    leaving, partnership, association_a
):
    approved = make_claim(leaving, partnership.pk, quantity=3)
    change_status(approved, ClaimStatus.APPROVED)
    make_claim(leaving, partnership.pk, quantity=2)
    declined = make_claim(leaving, partnership.pk, quantity=4)
    change_status(declined, ClaimStatus.DECLINED)
    assert used(partnership) == 5

    forget_user("leaving")

    # The approved seats were given: the allowance keeps them; the pending ones were not.
    assert used(partnership) == 3
    assert not Claim.objects.exists()


def test_an_account_is_found_by_its_id_too(leaving):
    forget_user(str(leaving.pk))

    assert not User.objects.filter(pk=leaving.pk).exists()


def test_a_username_wins_over_an_id(leaving):
    numbered = MemberFactory(username=str(leaving.pk))

    forget_user(str(leaving.pk))

    assert list(User.objects.values_list("pk", flat=True)) == [leaving.pk]
    assert not User.objects.filter(pk=numbered.pk).exists()


@pytest.mark.parametrize("value", ["nobody", "999999", "9" * 40, "٣"])
def test_an_unknown_account_is_refused_and_nothing_is_erased(leaving, value):
    access_request("leaving@example.org")

    with pytest.raises(CommandError, match="No account with the username or id"):
        forget_user(value)

    assert User.objects.filter(pk=leaving.pk).exists()
    assert AccessRequest.objects.count() == 1


def test_the_change_history_no_longer_names_the_account(leaving, staff_a, association_a):
    agreement = AgreementFactory(title="Edited by the leaving account")
    party = PartyFactory(agreement=agreement, organization=association_a, responsible=staff_a)
    agreement.history.update(history_user=staff_a)
    party.history.update(history_user=staff_a)
    other = AgreementFactory(title="Edited by someone else")
    other.history.update(history_user=leaving)

    output = forget_user(staff_a.get_username())

    assert set(agreement.history.values_list("history_user", flat=True)) == {None}
    assert set(party.history.values_list("history_user", "responsible")) == {(None, None)}
    assert Party.objects.get(pk=party.pk).responsible is None
    assert set(other.history.values_list("history_user", flat=True)) == {leaving.pk}
    assert Agreement.objects.filter(pk=agreement.pk).exists()
    assert "- its name removed from 2 version(s) of the change history;" in output


def test_nothing_is_erased_when_the_account_cannot_be_deleted(leaving, partnership, monkeypatch):
    make_claim(leaving, partnership.pk)
    access_request("leaving@example.org")

    def refuse(self, *args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(User, "delete", refuse)

    with pytest.raises(RuntimeError):
        forget_user("leaving")

    assert Claim.objects.count() == 1
    assert AccessRequest.objects.count() == 1
    assert Profile.objects.filter(user=leaving).exists()
    assert used(partnership) == 1


# forget_contact ------------------------------------------------------------------------


def test_forgetting_a_contact_erases_the_requests_made_from_its_addresses(db):
    contact = ContactFactory(name="Right To Erasure", email="old@example.org")
    contact.email = "New@Example.org"
    contact.save()
    access_request("old@example.org")
    access_request("new@example.org")
    access_request("someone.else@example.org")
    correction("NEW@example.org")
    correction("")
    out = io.StringIO()

    call_command("forget_contact", contact.pk, stdout=out)

    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert list(AccessRequest.objects.values_list("email", flat=True)) == [
        "someone.else@example.org"
    ]
    assert list(CorrectionRequest.objects.values_list("email", flat=True)) == [""]
    assert out.getvalue().splitlines()[-1] == (
        "2 member account request(s) and 1 suggested correction(s) made from its addresses deleted."
    )


def test_forgetting_a_contact_without_an_address_leaves_every_request(db):
    contact = ContactFactory(name="No Address", email="")
    access_request("someone@example.org")
    correction("")

    call_command("forget_contact", contact.pk, verbosity=0)

    assert AccessRequest.objects.count() == 1
    assert CorrectionRequest.objects.count() == 1


def test_a_member_organization_is_not_erased_with_its_member(leaving):
    organization = leaving.profile.organization

    forget_user("leaving")

    assert OrganizationFactory._meta.model.objects.filter(pk=organization.pk).exists()


def test_the_admins_log_no_longer_names_a_forgotten_account_or_its_requests(leaving, db):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    administrator = User.objects.create_superuser("root", "root@example.org", "x")
    request = access_request("leaving@example.org")
    for record in (leaving, request):
        LogEntry.objects.create(
            user=administrator,
            content_type=ContentType.objects.get_for_model(record),
            object_id=str(record.pk),
            object_repr=f"NAMED {record}",
            action_flag=CHANGE,
        )

    forget_user("leaving")

    assert not LogEntry.objects.filter(object_repr__startswith="NAMED").exists()
