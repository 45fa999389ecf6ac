"""Members claim their benefits: eligibility when they claim, allowances counted once,
codes for the eligible alone, and the member's own benefits page."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from agreements.models import AgreementStatus, AllowancePeriod, AllowanceScope, Visibility
from members.claims import ClaimRefused, change_status, make_claim
from members.models import AllowanceUse, Claim, ClaimStatus
from organizations.models import OrganizationKind
from portal.publishing import Publication
from tests.factories import (
    AgreementFactory,
    BenefitFactory,
    MemberFactory,
    MembershipFactory,
    OrganizationFactory,
    PartyFactory,
    StaffFactory,
)

TODAY = datetime.date(2026, 12, 4)


@pytest.fixture
def bioquebec(db):
    return OrganizationFactory(name="BIOQuébec", slug="bioquebec")


@pytest.fixture
def lso(db):
    return OrganizationFactory(name="Life Sciences Ontario", slug="lso")


@pytest.fixture
def mou(bioquebec, lso):
    agreement = AgreementFactory(
        title="BIOQuébec – LSO MOU", slug="mou", signed_on=datetime.date(2025, 3, 1)
    )
    PartyFactory(agreement=agreement, organization=bioquebec)
    PartyFactory(agreement=agreement, organization=lso)
    return agreement


def benefit_of(agreement, *grantees, **fields):
    fields.setdefault("description", "LSO member rates at LSO events")
    benefit = BenefitFactory(agreement=agreement, **fields)
    benefit.granted_to.set(grantees)
    return benefit


@pytest.fixture
def rates(mou, bioquebec, lso):
    """LSO's member rates, granted to BIOQuébec's members: a benefit across associations."""
    return benefit_of(
        mou,
        bioquebec,
        provided_by=lso,
        how_to_claim="Write to events@lso.example quoting the code.",
        code="LSO-BQ-2025",
    )


@pytest.fixture
def member(bioquebec):
    return MemberFactory(association=bioquebec, association__since=datetime.date(2020, 1, 1))


# Eligibility ----------------------------------------------------------------------


def test_a_member_claims_a_benefit_granted_by_the_partner_association(
    member, rates, lso, bioquebec
):
    claim = make_claim(member, rates.pk, quantity=2, note="2 seats at the gala", today=TODAY)

    assert claim.status == ClaimStatus.PENDING
    assert claim.through_association == bioquebec
    # LSO provides it: its staff decide.
    assert claim.handled_by == lso
    assert (claim.quantity, claim.note) == (2, "2 seats at the gala")
    assert claim.organization == member.profile.organization


def test_a_mutual_benefit_is_handled_by_the_partner_of_the_members_association(
    mou, member, bioquebec, lso
):
    mutual = benefit_of(mou, bioquebec, lso, description="Member rates at joint events")

    claim = make_claim(member, mutual.pk, today=TODAY)

    assert claim.handled_by == lso


def test_a_company_that_is_not_a_member_is_refused_with_the_reason(rates):
    outsider = MemberFactory(association=OrganizationFactory(name="MassBio"))

    with pytest.raises(ClaimRefused) as refused:
        make_claim(outsider, rates.pk, today=TODAY)

    assert "members of BIOQuébec" in refused.value.reason
    assert not Claim.objects.exists()


def test_an_expired_membership_is_refused_with_its_end(rates, bioquebec):
    former = MemberFactory(
        association=bioquebec,
        association__since=datetime.date(2019, 1, 1),
        association__until=datetime.date(2026, 6, 30),
    )

    with translation.override("en"), pytest.raises(ClaimRefused) as refused:
        make_claim(former, rates.pk, today=TODAY)

    assert "ended on 30 June 2026" in refused.value.reason
    assert not Claim.objects.exists()


def test_a_membership_that_starts_later_does_not_count_yet(rates, bioquebec):
    future = MemberFactory(association=bioquebec, association__since=datetime.date(2027, 1, 1))

    with pytest.raises(ClaimRefused):
        make_claim(future, rates.pk, today=TODAY)


def test_an_expired_benefit_is_refused(member, rates):
    rates.valid_until = datetime.date(2026, 11, 30)
    rates.save()

    with translation.override("en"), pytest.raises(ClaimRefused) as refused:
        make_claim(member, rates.pk, today=TODAY)

    assert "ended on 30 November 2026" in refused.value.reason


def test_a_benefit_not_yet_open_is_refused(member, rates):
    rates.valid_from = datetime.date(2027, 1, 1)
    rates.save()

    with pytest.raises(ClaimRefused):
        make_claim(member, rates.pk, today=TODAY)


def test_the_benefit_of_an_agreement_that_has_ended_is_refused(member, rates, mou):
    mou.effective_until = datetime.date(2026, 1, 31)
    mou.save()

    with pytest.raises(ClaimRefused) as refused:
        make_claim(member, rates.pk, today=TODAY)

    assert "not in force" in refused.value.reason


def test_the_benefit_of_a_terminated_or_draft_agreement_is_refused(member, rates, mou):
    mou.status = AgreementStatus.TERMINATED
    mou.save()
    with pytest.raises(ClaimRefused):
        make_claim(member, rates.pk, today=TODAY)

    mou.status = AgreementStatus.SIGNED
    mou.publication = Publication.DRAFT
    mou.save()
    with pytest.raises(ClaimRefused):
        make_claim(member, rates.pk, today=TODAY)


def test_a_benefit_not_claimed_on_passerelle_is_refused(member, rates):
    rates.accepts_claims = False
    rates.save()

    with pytest.raises(ClaimRefused):
        make_claim(member, rates.pk, today=TODAY)


def test_an_account_without_organization_is_refused(rates):
    from tests.factories import AccountFactory

    with pytest.raises(ClaimRefused) as refused:
        make_claim(AccountFactory(), rates.pk, today=TODAY)

    assert "not linked" in refused.value.reason


# Allowances ------------------------------------------------------------------------


def test_a_shared_allowance_is_counted_across_members_and_refused_when_used_up(rates, bioquebec):
    rates.allowance = 3
    rates.save()
    first = MemberFactory(association=bioquebec)
    second = MemberFactory(association=bioquebec)

    make_claim(first, rates.pk, quantity=2, today=TODAY)
    with pytest.raises(ClaimRefused) as refused:
        make_claim(second, rates.pk, quantity=2, today=TODAY)
    assert "Only 1 unit" in refused.value.reason
    make_claim(second, rates.pk, quantity=1, today=TODAY)
    with pytest.raises(ClaimRefused) as refused:
        make_claim(first, rates.pk, today=TODAY)

    assert "used up" in refused.value.reason
    assert Claim.objects.count() == 2
    assert AllowanceUse.objects.get(benefit=rates, period=2026).used == 3


def test_an_allowance_per_organization_counts_each_organization_apart(rates, bioquebec):
    rates.allowance = 1
    rates.allowance_scope = AllowanceScope.PER_ORGANIZATION
    rates.save()
    first = MemberFactory(association=bioquebec)
    colleague = MemberFactory(association=bioquebec)
    colleague.profile.organization = first.profile.organization
    colleague.profile.save()
    other_company = MemberFactory(association=bioquebec)

    make_claim(first, rates.pk, today=TODAY)
    make_claim(other_company, rates.pk, today=TODAY)
    with pytest.raises(ClaimRefused):
        make_claim(colleague, rates.pk, today=TODAY)


def test_a_yearly_allowance_starts_again_each_year_and_a_whole_validity_one_does_not(rates, member):
    rates.allowance = 1
    rates.save()
    make_claim(member, rates.pk, today=TODAY)
    with pytest.raises(ClaimRefused):
        make_claim(member, rates.pk, today=TODAY)
    assert make_claim(member, rates.pk, today=datetime.date(2027, 1, 2)).period == 2027

    rates.allowance_period = AllowancePeriod.VALIDITY
    rates.save()
    make_claim(member, rates.pk, today=TODAY)
    with pytest.raises(ClaimRefused):
        make_claim(member, rates.pk, today=datetime.date(2028, 1, 2))


def test_declined_and_withdrawn_claims_give_their_units_back(rates, member):
    rates.allowance = 2
    rates.save()
    first = make_claim(member, rates.pk, quantity=2, today=TODAY)
    with pytest.raises(ClaimRefused):
        make_claim(member, rates.pk, today=TODAY)

    change_status(first, ClaimStatus.DECLINED, message="Sold out")
    second = make_claim(member, rates.pk, today=TODAY)
    change_status(second, ClaimStatus.WITHDRAWN)

    assert AllowanceUse.objects.get(benefit=rates).used == 0
    # Approving the declined claim again takes its units back, when they are there.
    change_status(first, ClaimStatus.APPROVED)
    assert AllowanceUse.objects.get(benefit=rates).used == 2
    with pytest.raises(ClaimRefused):
        change_status(second, ClaimStatus.PENDING)
    assert Claim.objects.get(pk=second.pk).status == ClaimStatus.WITHDRAWN


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent transactions need a server database (SQLite runs one writer)",
)
@pytest.mark.django_db(transaction=True)
def test_the_last_unit_claimed_twice_at_once_is_given_once():
    association = OrganizationFactory(name="BIOQuébec")
    agreement = AgreementFactory()
    PartyFactory(agreement=agreement, organization=association)
    benefit = benefit_of(agreement, association, allowance=1)
    members = [MemberFactory(association=association) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def claim(user):
        try:
            barrier.wait()
            make_claim(user, benefit.pk, today=TODAY)
            outcomes.append("given")
        except ClaimRefused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    for _round in range(5):
        Claim.objects.all().delete()
        AllowanceUse.objects.all().delete()
        outcomes.clear()
        threads = [threading.Thread(target=claim, args=(user,)) for user in members]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert sorted(outcomes) == ["given", "refused"]
        assert Claim.objects.count() == 1
        assert AllowanceUse.objects.get(benefit=benefit).used == 1


# Codes ------------------------------------------------------------------------------


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def benefits_page(client, association, lang="en"):
    with translation.override(lang):
        path = reverse("benefits:list")
    return client.get(path, {"association": association.slug}).content.decode()


def test_the_code_is_shown_to_eligible_members_and_staff_and_to_no_one_else(
    rates, member, bioquebec, lso, mou
):
    outsider = MemberFactory(association=OrganizationFactory(name="MassBio"))
    lso_member = MemberFactory(association=lso)
    other_staff = StaffFactory(associations=[OrganizationFactory(name="CLARA")])
    lso_staff = StaffFactory(associations=[lso])

    for user in (member, lso_staff):
        assert "LSO-BQ-2025" in benefits_page(client_for(user), bioquebec)
        assert "LSO-BQ-2025" in client_for(user).get(mou.get_absolute_url()).content.decode()
    assert "LSO-BQ-2025" in client_for(member).get(reverse("members:my_benefits")).content.decode()
    for user in (None, outsider, lso_member, other_staff):
        assert "LSO-BQ-2025" not in benefits_page(client_for(user), bioquebec)
        assert "LSO-BQ-2025" not in client_for(user).get(mou.get_absolute_url()).content.decode()
        assert "LSO-BQ-2025" not in client_for(user).get("/api/benefits/").content.decode()


def test_a_staff_only_benefits_code_is_not_shown_to_members(rates, member, bioquebec):
    rates.claim_visibility = Visibility.STAFF
    rates.save()

    assert "LSO-BQ-2025" not in benefits_page(client_for(member), bioquebec)
    assert (
        "LSO-BQ-2025" not in client_for(member).get(reverse("members:my_benefits")).content.decode()
    )


# The member's benefits page ------------------------------------------------------


def test_my_benefits_lists_what_the_member_can_claim_with_provider_code_and_allowance(
    rates, member, mou, bioquebec
):
    rates.allowance = 10
    rates.save()
    benefit_of(mou, OrganizationFactory(name="Other"), description="Not for BIOQuébec members")
    make_claim(member, rates.pk, quantity=3, today=timezone.localdate())

    page = client_for(member).get("/en/my-benefits/").content.decode()

    assert "LSO member rates at LSO events" in page
    assert "provided by Life Sciences Ontario" in page
    assert "as a member of BIOQuébec" in page
    assert "Write to events@lso.example" in page
    assert "7 of 10 for" in page
    assert "Not for BIOQuébec members" not in page


def test_my_benefits_in_french(rates, member):
    page = client_for(member).get("/fr/mes-avantages/")

    assert page.status_code == 200
    assert "Mes avantages" in page.content.decode()


def test_claiming_from_the_page_creates_the_claim_and_lists_it(rates, member, lso):
    client = client_for(member)

    response = client.post(
        f"/en/my-benefits/{rates.pk}/claim/", {"quantity": "2", "note": "Gala seats"}
    )

    assert response.status_code == 302
    claim = Claim.objects.get()
    assert (claim.user, claim.quantity, claim.note, claim.handled_by) == (
        member,
        2,
        "Gala seats",
        lso,
    )
    page = client.get(response["Location"]).content.decode()
    assert "Your claim is sent to Life Sciences Ontario" in page
    assert "Gala seats" in page


@pytest.mark.parametrize(
    "data",
    [
        {"quantity": "0"},
        {"quantity": "abc"},
        {"quantity": "101"},
        {"quantity": "1", "note": "x" * 1001},
    ],
)
def test_a_bad_claim_form_is_a_400_with_the_error_and_nothing_claimed(rates, member, data):
    response = client_for(member).post(f"/en/my-benefits/{rates.pk}/claim/", data)

    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert not Claim.objects.exists()


def test_a_refused_claim_says_why_on_the_page(rates, member):
    rates.allowance = 1
    rates.save()
    client = client_for(member)
    client.post(f"/en/my-benefits/{rates.pk}/claim/", {"quantity": "1"})

    response = client.post(f"/en/my-benefits/{rates.pk}/claim/", {"quantity": "1"})

    assert response.status_code == 409
    assert "used up" in response.content.decode()
    assert Claim.objects.count() == 1


@pytest.mark.parametrize("benefit_id", ["999999", "0"])
def test_claiming_an_unknown_benefit_is_a_404(member, benefit_id):
    response = client_for(member).post(f"/en/my-benefits/{benefit_id}/claim/", {"quantity": "1"})

    assert response.status_code == 404


def test_claiming_a_draft_agreements_benefit_is_a_404(rates, member, mou):
    mou.publication = Publication.DRAFT
    mou.save()

    response = client_for(member).post(f"/en/my-benefits/{rates.pk}/claim/", {"quantity": "1"})

    assert response.status_code == 404


def test_claiming_needs_a_signed_in_member_and_a_post(rates):
    assert (
        client_for().post(f"/en/my-benefits/{rates.pk}/claim/", {"quantity": "1"}).status_code
        == 302
    )
    assert client_for().get("/en/my-benefits/").status_code == 302
    member = MemberFactory(association=rates.granted_to.get())
    # A sign-in sends the member back to the claim's address: it shows their page.
    response = client_for(member).get(f"/en/my-benefits/{rates.pk}/claim/")
    assert (response.status_code, response["Location"]) == (302, "/en/my-benefits/")
    assert not Claim.objects.exists()


def test_a_member_withdraws_their_pending_claim_and_no_one_elses(rates, member, bioquebec):
    claim = make_claim(member, rates.pk)
    other = MemberFactory(association=bioquebec)

    assert client_for(other).post(f"/en/my-benefits/claims/{claim.pk}/withdraw/").status_code == 404
    response = client_for(member).post(f"/en/my-benefits/claims/{claim.pk}/withdraw/")

    assert response.status_code == 302
    assert Claim.objects.get().status == ClaimStatus.WITHDRAWN
    assert (
        client_for(member).post(f"/en/my-benefits/claims/{claim.pk}/withdraw/").status_code == 404
    )


def test_a_member_sees_their_own_claims_and_no_one_elses(rates, member, bioquebec):
    make_claim(member, rates.pk, note="MINE-NOTE")
    other = MemberFactory(association=bioquebec)
    make_claim(other, rates.pk, note="OTHER-NOTE")

    page = client_for(member).get("/en/my-benefits/").content.decode()

    assert "MINE-NOTE" in page
    assert "OTHER-NOTE" not in page


def test_an_account_without_membership_is_told_why(db):
    lone = MemberFactory()

    page = client_for(lone).get("/en/my-benefits/").content.decode()

    assert "No current membership is recorded" in page


@pytest.mark.parametrize("benefits", [1, 6])
def test_my_benefits_runs_a_fixed_number_of_queries(
    benefits, member, mou, bioquebec, lso, django_assert_num_queries
):
    for n in range(benefits):
        benefit = benefit_of(
            mou, bioquebec, description=f"Benefit {n}", allowance=5, provided_by=lso
        )
        make_claim(member, benefit.pk)
    client = client_for(member)
    client.get("/en/my-benefits/")

    # Session, user, the viewer's profile and memberships; then the page: the member's
    # organization, claims and associations, the benefits and to whom they are granted,
    # the agreements' signatories, the providers and the allowances.
    with django_assert_num_queries(12):
        assert client.get("/en/my-benefits/").status_code == 200


def test_the_benefits_page_links_members_to_their_benefits_page(rates, member, bioquebec):
    page = benefits_page(client_for(member), bioquebec)

    assert reverse("members:my_benefits") in page


def test_an_organization_that_is_not_a_company_can_be_a_member_too(rates, bioquebec):
    university = MemberFactory(profile__organization__kind=OrganizationKind.UNIVERSITY)
    MembershipFactory(member=university.profile.organization, association=bioquebec)

    assert make_claim(university, rates.pk).through_association == bioquebec


def test_the_benefits_pages_compiled_read_lists_what_the_queryset_lists_on_any_day(
    rates, member, bioquebec, mou
):
    from accounts.access import ANONYMOUS, viewer_for
    from agreements.models import Benefit

    benefit_of(mou, bioquebec, description="From 2027", valid_from=datetime.date(2027, 1, 1))

    def listed(rows):
        return [(row.description, row.claim_code, row.agreement.slug) for row in rows]

    for viewer in (ANONYMOUS, viewer_for(member)):
        for day in (TODAY, datetime.date(2027, 6, 1), datetime.date(2019, 1, 1)):
            compiled = Benefit.objects.claimable_item_rows(bioquebec, day, viewer)
            built = Benefit.objects.claimable_by_members_of(bioquebec, day, viewer).item_rows()
            assert listed(compiled) == listed(built)
    assert [
        r[0] for r in listed(Benefit.objects.claimable_item_rows(bioquebec, TODAY, ANONYMOUS))
    ] == ["LSO member rates at LSO events"]
    assert (
        len(Benefit.objects.claimable_item_rows(bioquebec, datetime.date(2027, 6, 1), ANONYMOUS))
        == 2
    )


def test_changing_the_allowance_after_claims_never_gives_back_what_was_not_taken(
    rates, member, bioquebec
):
    unlimited = make_claim(member, rates.pk, quantity=5, today=TODAY)
    rates.allowance = 5
    rates.save()
    other = MemberFactory(association=bioquebec)
    make_claim(other, rates.pk, quantity=5, today=TODAY)

    change_status(unlimited, ClaimStatus.DECLINED)

    assert AllowanceUse.objects.get(benefit=rates).used == 5
    with pytest.raises(ClaimRefused):
        make_claim(other, rates.pk, today=TODAY)


def test_a_claim_gives_back_to_the_counter_it_took_from_when_the_scope_changed(rates, member):
    rates.allowance = 4
    rates.save()
    claim = make_claim(member, rates.pk, quantity=4, today=TODAY)
    rates.allowance_scope = AllowanceScope.PER_ORGANIZATION
    rates.allowance = None
    rates.save()

    change_status(claim, ClaimStatus.WITHDRAWN)

    assert AllowanceUse.objects.get(benefit=rates, organization_key=0).used == 0


def test_a_claim_decided_meanwhile_is_not_withdrawn_and_a_withdrawn_one_not_decided(rates, member):
    rates.allowance = 2
    rates.save()
    claim = make_claim(member, rates.pk, today=TODAY)
    stale = Claim.objects.get(pk=claim.pk)
    change_status(claim, ClaimStatus.APPROVED)

    response = client_for(member).post(f"/en/my-benefits/claims/{claim.pk}/withdraw/")
    with pytest.raises(ClaimRefused):
        change_status(stale, ClaimStatus.WITHDRAWN, allowed_from=(ClaimStatus.PENDING,))

    assert response.status_code == 404
    assert Claim.objects.get().status == ClaimStatus.APPROVED
    assert AllowanceUse.objects.get(benefit=rates).used == 1
    pending = make_claim(member, rates.pk, today=TODAY)
    change_status(pending, ClaimStatus.WITHDRAWN)
    with pytest.raises(ClaimRefused):
        change_status(pending, ClaimStatus.APPROVED)
    assert AllowanceUse.objects.get(benefit=rates).used == 1


def test_a_refusal_for_a_benefit_the_page_no_longer_lists_is_said_at_the_top(rates, bioquebec):
    former = MemberFactory(
        association=bioquebec,
        association__since=datetime.date(2019, 1, 1),
        association__until=datetime.date(2020, 6, 30),
    )

    response = client_for(former).post(f"/en/my-benefits/{rates.pk}/claim/", {"quantity": "1"})

    assert response.status_code == 409
    assert "membership of BIOQuébec ended on 30 June 2020" in response.content.decode()
