"""Factories with unsurprising defaults: a Canadian association, a signed MOU, a conference,
and the accounts of the people who look at them."""

import datetime

import factory
from django.contrib.auth.models import Group, User

from accounts.groups import STAFF_GROUP_NAME
from accounts.models import Profile
from agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Benefit,
    BenefitCategory,
    Commitment,
    CommitmentStatus,
    Party,
    PartyRole,
    SourceDocument,
)
from events.models import Event, EventKind, EventOrganization, EventRole, Series
from organizations.models import (
    Contact,
    Membership,
    Organization,
    OrganizationKind,
    Relationship,
    RelationshipKind,
    Sector,
    Visibility,
)
from portal.dates import DatePrecision


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector

    name = factory.Sequence(lambda n: f"Sector {n}")
    slug = factory.Sequence(lambda n: f"sector-{n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"organization-{n}")
    # Published with its name given once (portal.publishing), as most records are.
    same_in_both_languages = True
    kind = OrganizationKind.ASSOCIATION
    city = "Montréal"
    region = "Québec"
    country = "CA"


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    subject = factory.SubFactory(OrganizationFactory)
    kind = RelationshipKind.PARTNER_OF
    object = factory.SubFactory(OrganizationFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    member = factory.SubFactory(OrganizationFactory, kind=OrganizationKind.COMPANY)
    association = factory.SubFactory(OrganizationFactory)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    title = "Director"
    visibility = Visibility.PUBLIC


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    title = factory.Sequence(lambda n: f"Memorandum of understanding {n}")
    slug = factory.Sequence(lambda n: f"agreement-{n}")
    same_in_both_languages = True
    kind = AgreementKind.MOU
    status = AgreementStatus.SIGNED
    signed_on = datetime.date(2020, 5, 4)
    signed_on_precision = DatePrecision.DAY


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    agreement = factory.SubFactory(AgreementFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = PartyRole.SIGNATORY


class BenefitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Benefit

    agreement = factory.SubFactory(AgreementFactory)
    category = BenefitCategory.PREFERENTIAL_RATES
    description = "Member rate at partner events"


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    agreement = factory.SubFactory(AgreementFactory)
    description = "Hold a joint workshop"
    status = CommitmentStatus.PLANNED


class SourceDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceDocument

    agreement = factory.SubFactory(AgreementFactory)
    title = "Press release"


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    name = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    name = factory.Sequence(lambda n: f"Conference {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    same_in_both_languages = True
    kind = EventKind.CONFERENCE
    start_date = datetime.date(2030, 6, 1)
    city = "Toronto"
    region = "Ontario"
    country = "CA"


class EventOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventOrganization

    event = factory.SubFactory(EventFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = EventRole.ORGANIZER


# The password of every account the factories make.
PASSWORD = "correct horse battery"


class UserFactory(factory.django.DjangoModelFactory):
    """An account and nothing more, as ``createsuperuser`` makes one."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person-{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(PASSWORD)


class AdministratorFactory(UserFactory):
    is_staff = True
    is_superuser = True


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    organization = None


class AccountFactory(UserFactory):
    """An account with its profile: no organization, no association."""

    profile = factory.RelatedFactory(ProfileFactory, factory_related_name="user")


class MemberFactory(AccountFactory):
    """An account at a company; with ``association=``, the company is a current member of it
    (``association__since=``, ``association__until=`` date the membership)."""

    profile__organization = factory.SubFactory(OrganizationFactory, kind=OrganizationKind.COMPANY)

    @factory.post_generation
    def association(user, create, extracted, **membership):
        if extracted is not None:
            MembershipFactory(member=user.profile.organization, association=extracted, **membership)


class StaffFactory(AccountFactory):
    """Association staff: in the staff group, managing the ``associations=`` given."""

    is_staff = True

    @factory.post_generation
    def associations(user, create, extracted, **kwargs):
        user.groups.add(Group.objects.get(name=STAFF_GROUP_NAME))
        user.profile.associations.set(extracted or ())
