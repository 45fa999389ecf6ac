"""Every database constraint refuses its bad row, and accepts the row next to it.

Rows are written with `.objects.create()` / `.save()`, which skip model validation,
so what refuses them is the database itself.
"""

import datetime
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agreements.models import AgreementKind, Benefit, Party, PartyRole
from events.models import Event, EventOrganization, EventRole
from organizations.models import Contact, Membership, Organization, Relationship, RelationshipKind
from portal.dates import DatePrecision
from tests.factories import (
    AgreementFactory,
    BenefitFactory,
    ContactFactory,
    EventFactory,
    EventOrganizationFactory,
    MembershipFactory,
    OrganizationFactory,
    PartyFactory,
    RelationshipFactory,
    SectorFactory,
    SeriesFactory,
)

pytestmark = pytest.mark.django_db

MARCH_1 = datetime.date(2020, 3, 1)
MARCH_2 = datetime.date(2020, 3, 2)


@contextmanager
def violates(constraint):
    """The block fails on the named check constraint.

    SQLite ("CHECK constraint failed: name") and PostgreSQL ('violates check
    constraint "name"') both name the constraint in the error.
    """
    with pytest.raises(IntegrityError, match=rf"\b{constraint}\b"), transaction.atomic():
        yield


@contextmanager
def violates_uniqueness():
    # SQLite names the columns of a unique violation, not the constraint, so only
    # the kind of error is portable.
    with (
        pytest.raises(IntegrityError, match=r"(?i)unique constraint|duplicate key"),
        transaction.atomic(),
    ):
        yield


# Organizations


@pytest.mark.parametrize("latitude", [Decimal("90.000001"), Decimal("-90.000001")])
def test_latitude_beyond_the_poles_is_rejected(latitude):
    with violates("organization_latitude_in_range"):
        OrganizationFactory(latitude=latitude, longitude=Decimal("0"))


@pytest.mark.parametrize("latitude", [Decimal("90"), Decimal("-90"), Decimal("45.508888")])
def test_latitude_up_to_the_poles_is_accepted(latitude):
    organization = OrganizationFactory(latitude=latitude, longitude=Decimal("-73.561668"))

    organization.refresh_from_db()
    assert organization.latitude == latitude


@pytest.mark.parametrize("longitude", [Decimal("180.000001"), Decimal("-180.000001")])
def test_longitude_beyond_the_antimeridian_is_rejected(longitude):
    with violates("organization_longitude_in_range"):
        OrganizationFactory(latitude=Decimal("0"), longitude=longitude)


@pytest.mark.parametrize("longitude", [Decimal("180"), Decimal("-180")])
def test_longitude_up_to_the_antimeridian_is_accepted(longitude):
    organization = OrganizationFactory(latitude=Decimal("0"), longitude=longitude)

    organization.refresh_from_db()
    assert organization.longitude == longitude


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(Decimal("45.5"), None), (None, Decimal("-73.5"))],
    ids=["latitude only", "longitude only"],
)
def test_half_a_coordinate_pair_is_rejected(latitude, longitude):
    with violates("organization_coordinates_both_or_neither"):
        OrganizationFactory(latitude=latitude, longitude=longitude)


def test_an_organization_with_no_coordinates_is_accepted():
    OrganizationFactory(latitude=None, longitude=None)

    assert Organization.objects.filter(latitude=None, longitude=None).count() == 1


@pytest.mark.parametrize("year", [999, 2101])
def test_an_implausible_founding_year_is_rejected(year):
    with violates("organization_founded_year_plausible"):
        OrganizationFactory(founded_year=year)


@pytest.mark.parametrize("year", [1000, 1994, 2100])
def test_a_plausible_founding_year_is_accepted(year):
    organization = OrganizationFactory(founded_year=year)

    organization.refresh_from_db()
    assert organization.founded_year == year


def test_a_member_count_date_without_a_count_is_rejected():
    with violates("organization_member_count_date_needs_count"):
        OrganizationFactory(member_count=None, member_count_as_of=MARCH_1)


def test_a_member_count_date_with_a_count_is_accepted():
    organization = OrganizationFactory(member_count=120, member_count_as_of=MARCH_1)

    organization.refresh_from_db()
    assert (organization.member_count, organization.member_count_as_of) == (120, MARCH_1)


def test_a_member_count_without_a_date_is_accepted():
    organization = OrganizationFactory(member_count=120, member_count_as_of=None)

    organization.refresh_from_db()
    assert organization.member_count == 120


# Relationships


def test_an_organization_cannot_be_related_to_itself():
    organization = OrganizationFactory()

    with violates("relationship_not_with_itself"):
        RelationshipFactory(subject=organization, object=organization)


def test_the_same_relationship_cannot_be_recorded_twice():
    subject, object_ = OrganizationFactory(), OrganizationFactory()
    RelationshipFactory(subject=subject, kind=RelationshipKind.MEMBER_OF, object=object_)

    with violates_uniqueness():
        RelationshipFactory(subject=subject, kind=RelationshipKind.MEMBER_OF, object=object_)


def test_two_organizations_may_have_relationships_of_different_kinds():
    subject, object_ = OrganizationFactory(), OrganizationFactory()
    RelationshipFactory(subject=subject, kind=RelationshipKind.MEMBER_OF, object=object_)
    RelationshipFactory(subject=subject, kind=RelationshipKind.FUNDED_BY, object=object_)

    assert sorted(Relationship.objects.values_list("kind", flat=True)) == [
        RelationshipKind.FUNDED_BY,
        RelationshipKind.MEMBER_OF,
    ]


def test_a_relationship_cannot_end_before_it_starts():
    with violates("relationship_until_not_before_since"):
        RelationshipFactory(since=MARCH_2, until=MARCH_1)


def test_a_relationship_may_end_the_day_it_starts():
    RelationshipFactory(since=MARCH_1, until=MARCH_1)

    assert Relationship.objects.get().until == MARCH_1


# Memberships


def test_a_membership_cannot_end_before_it_starts():
    with violates("membership_until_not_before_since"):
        MembershipFactory(since=MARCH_2, until=MARCH_1)


def test_a_membership_may_end_the_day_it_starts():
    MembershipFactory(since=MARCH_1, until=MARCH_1)

    assert Membership.objects.get().until == MARCH_1


def test_an_organization_cannot_be_a_member_of_itself():
    organization = OrganizationFactory()

    with violates("membership_not_of_itself"):
        MembershipFactory(member=organization, association=organization)


def test_the_same_dated_membership_cannot_be_recorded_twice():
    membership = MembershipFactory(since=MARCH_1)

    with violates_uniqueness():
        MembershipFactory(
            member=membership.member, association=membership.association, since=MARCH_1
        )


def test_a_member_that_rejoins_later_has_a_second_membership():
    membership = MembershipFactory(since=MARCH_1, until=MARCH_1)
    MembershipFactory(member=membership.member, association=membership.association, since=MARCH_2)

    assert list(Membership.objects.order_by("since").values_list("since", flat=True)) == [
        MARCH_1,
        MARCH_2,
    ]


def test_the_same_undated_membership_cannot_be_recorded_twice():
    membership = MembershipFactory(since=None)

    with violates_uniqueness():
        MembershipFactory(member=membership.member, association=membership.association, since=None)


def test_an_undated_membership_may_sit_next_to_a_dated_one():
    membership = MembershipFactory(since=None)
    MembershipFactory(member=membership.member, association=membership.association, since=MARCH_1)

    assert Membership.objects.count() == 2


def test_a_member_may_belong_undated_to_two_associations():
    membership = MembershipFactory(since=None)
    MembershipFactory(member=membership.member, since=None)

    assert Membership.objects.filter(member=membership.member).count() == 2


# Contacts


def test_an_organization_cannot_have_two_contacts_with_the_same_name():
    contact = ContactFactory(name="Claire Tremblay")

    with violates_uniqueness():
        ContactFactory(organization=contact.organization, name="Claire Tremblay")


def test_two_organizations_may_have_contacts_with_the_same_name():
    ContactFactory(name="Claire Tremblay")
    ContactFactory(name="Claire Tremblay")

    assert Contact.objects.filter(name="Claire Tremblay").count() == 2


# Agreements


def test_an_agreement_cannot_end_before_it_takes_effect():
    with violates("agreement_effective_until_not_before_from"):
        AgreementFactory(effective_from=MARCH_2, effective_until=MARCH_1)


def test_an_agreement_may_end_the_day_it_takes_effect():
    agreement = AgreementFactory(effective_from=MARCH_1, effective_until=MARCH_1)

    agreement.refresh_from_db()
    assert agreement.effective_until == MARCH_1


def test_an_agreement_term_of_zero_months_is_rejected():
    with violates("agreement_term_positive"):
        AgreementFactory(term_months=0)


def test_an_agreement_term_of_one_month_is_accepted():
    agreement = AgreementFactory(term_months=1)

    agreement.refresh_from_db()
    assert agreement.term_months == 1


def test_an_agreement_cannot_renew_itself():
    agreement = AgreementFactory()
    agreement.renews = agreement

    with violates("agreement_does_not_renew_itself"):
        agreement.save()


def test_an_agreement_may_renew_another():
    original = AgreementFactory()
    renewal = AgreementFactory(kind=AgreementKind.RENEWAL, renews=original)

    assert list(original.renewals.all()) == [renewal]


def test_an_organization_is_a_party_to_an_agreement_only_once():
    party = PartyFactory(role=PartyRole.SIGNATORY)

    with violates_uniqueness():
        PartyFactory(
            agreement=party.agreement, organization=party.organization, role=PartyRole.FUNDER
        )


def test_an_organization_may_be_a_party_to_several_agreements():
    party = PartyFactory()
    PartyFactory(organization=party.organization)

    assert Party.objects.filter(organization=party.organization).count() == 2


def test_a_benefit_cannot_end_before_it_starts():
    with violates("benefit_valid_until_not_before_from"):
        BenefitFactory(valid_from=MARCH_2, valid_until=MARCH_1)


def test_a_benefit_may_end_the_day_it_starts():
    BenefitFactory(valid_from=MARCH_1, valid_until=MARCH_1)

    assert Benefit.objects.get().valid_until == MARCH_1


# Events

JUNE_1 = datetime.date(2030, 6, 1)
NINE = datetime.time(9, 0)
FIVE_PM = datetime.time(17, 0)


def test_an_event_cannot_end_before_it_starts():
    with violates("event_end_not_before_start"):
        EventFactory(start_date=JUNE_1, end_date=JUNE_1 - datetime.timedelta(days=1))


def test_an_event_may_end_the_day_it_starts():
    EventFactory(start_date=JUNE_1, end_date=JUNE_1)

    assert Event.objects.get().end_date == JUNE_1


@pytest.mark.parametrize("end_date", [None, JUNE_1], ids=["no end date", "ends the same day"])
def test_a_one_day_event_cannot_end_at_an_earlier_time_than_it_starts(end_date):
    with violates("event_end_time_not_before_start_time"):
        EventFactory(start_date=JUNE_1, end_date=end_date, start_time=FIVE_PM, end_time=NINE)


@pytest.mark.parametrize("end_date", [None, JUNE_1], ids=["no end date", "ends the same day"])
def test_a_one_day_event_may_end_later_in_the_day(end_date):
    EventFactory(start_date=JUNE_1, end_date=end_date, start_time=NINE, end_time=FIVE_PM)

    assert Event.objects.values_list("start_time", "end_time").get() == (NINE, FIVE_PM)


def test_a_multi_day_event_may_end_at_an_earlier_clock_time_than_it_starts():
    EventFactory(
        start_date=JUNE_1,
        end_date=JUNE_1 + datetime.timedelta(days=2),
        start_time=FIVE_PM,
        end_time=NINE,
    )

    assert Event.objects.values_list("start_time", "end_time").get() == (FIVE_PM, NINE)


@pytest.mark.parametrize("precision", [DatePrecision.MONTH, DatePrecision.YEAR])
def test_a_start_time_needs_a_date_known_to_the_day(precision):
    with violates("event_time_needs_day_precision"):
        EventFactory(
            start_date=datetime.date(2030, 1, 1), date_precision=precision, start_time=NINE
        )


@pytest.mark.parametrize("precision", [DatePrecision.MONTH, DatePrecision.YEAR])
def test_an_end_time_needs_a_date_known_to_the_day(precision):
    with violates("event_time_needs_day_precision"):
        EventFactory(start_date=datetime.date(2030, 1, 1), date_precision=precision, end_time=NINE)


def test_an_event_known_only_to_the_month_is_accepted_without_a_time():
    EventFactory(start_date=JUNE_1, date_precision=DatePrecision.MONTH, start_time=None)

    assert Event.objects.values_list("date_precision", "start_time").get() == (
        DatePrecision.MONTH,
        None,
    )


def test_an_organization_is_listed_for_an_event_only_once():
    role = EventOrganizationFactory(role=EventRole.ORGANIZER)

    with violates_uniqueness():
        EventOrganizationFactory(
            event=role.event, organization=role.organization, role=EventRole.PARTICIPANT
        )


def test_an_event_may_list_several_organizations():
    role = EventOrganizationFactory(role=EventRole.ORGANIZER)
    EventOrganizationFactory(event=role.event, role=EventRole.PARTICIPANT)

    assert EventOrganization.objects.filter(event=role.event).count() == 2


# Slugs

SLUGGED_FACTORIES = [
    OrganizationFactory,
    AgreementFactory,
    EventFactory,
    SeriesFactory,
    SectorFactory,
]


@pytest.mark.parametrize("factory", SLUGGED_FACTORIES, ids=lambda f: f._meta.model.__name__)
def test_two_records_of_a_kind_cannot_share_a_slug(factory):
    factory(slug="biomontreal")

    with violates_uniqueness():
        factory(slug="biomontreal")


@pytest.mark.parametrize("factory", SLUGGED_FACTORIES, ids=lambda f: f._meta.model.__name__)
def test_records_of_a_kind_with_different_slugs_are_accepted(factory):
    factory(slug="biomontreal")
    factory(slug="biomontreal-2")

    model = factory._meta.model
    assert sorted(model.objects.values_list("slug", flat=True)) == ["biomontreal", "biomontreal-2"]


# Model validation (full_clean), which the forms and the admin run before saving


def test_a_signing_date_known_to_the_month_must_be_its_first_day():
    agreement = AgreementFactory.build(
        signed_on=datetime.date(2025, 3, 15), signed_on_precision=DatePrecision.MONTH
    )

    with pytest.raises(ValidationError) as excinfo:
        agreement.full_clean()

    assert excinfo.value.message_dict == {
        "signed_on": ["A date known only to the month must be entered as the 1st of that month."]
    }


def test_a_signing_date_known_to_the_month_given_as_its_first_day_is_valid():
    agreement = AgreementFactory.build(
        signed_on=datetime.date(2025, 3, 1), signed_on_precision=DatePrecision.MONTH
    )

    agreement.full_clean()

    assert str(agreement.signed) == "March 2025"


def test_an_event_in_an_unknown_time_zone_is_invalid():
    event = EventFactory.build(time_zone="Mars/Olympus")

    with pytest.raises(ValidationError) as excinfo:
        event.full_clean()

    assert excinfo.value.message_dict == {
        "time_zone": ["Mars/Olympus is not a known time zone (e.g. America/Toronto, Europe/Paris)."]
    }


def test_an_event_in_a_known_time_zone_is_valid():
    event = EventFactory.build(time_zone="Europe/Paris")

    event.full_clean()

    assert event.time_zone == "Europe/Paris"
