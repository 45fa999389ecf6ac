import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from events.models import EventRole
from members.models import AccessRequest, CorrectionRequest
from organizations.models import OrganizationKind
from tests.factories import (
    AdministratorFactory,
    AgreementFactory,
    BenefitFactory,
    CommitmentFactory,
    ContactFactory,
    EventFactory,
    EventOrganizationFactory,
    MemberFactory,
    MembershipFactory,
    OrganizationFactory,
    PartyFactory,
    RelationshipFactory,
    SeriesFactory,
    SourceDocumentFactory,
    StaffFactory,
)


@pytest.fixture(autouse=True)
def _default_language():
    # LocaleMiddleware leaves the last request's language active; every test
    # starts and ends in the default language so none depends on the order.
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached pages and counts live in each process's memory; the database is rolled
    # back after each test, so no test may see what an earlier one cached.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Production uses whitenoise's manifest storage, which needs collectstatic;
    # tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The default hasher is slow on purpose (half a second an account here); tests
    # make accounts by the dozen, and none checks what the hasher is.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo_data(db):
    """The demo data of the five seed press releases, as `load_demo` records it."""
    call_command("load_demo", verbosity=0)


# The people of the permission tests -----------------------------------------------
# Each test that needs someone else (a former member, a member of B, a staff account
# of no association...) makes them with the factories in tests/factories.py.


@pytest.fixture
def association_a(db):
    return OrganizationFactory(
        kind=OrganizationKind.ASSOCIATION, name="Association A", slug="association-a"
    )


@pytest.fixture
def association_b(db):
    return OrganizationFactory(
        kind=OrganizationKind.ASSOCIATION, name="Association B", slug="association-b"
    )


@pytest.fixture
def member(association_a):
    """An account at Mercury Devices, a current member of association A."""
    return MemberFactory(
        username="member", profile__organization__name="Mercury Devices", association=association_a
    )


@pytest.fixture
def staff_a(association_a):
    return StaffFactory(username="staff-a", associations=[association_a])


@pytest.fixture
def staff_b(association_b):
    return StaffFactory(username="staff-b", associations=[association_b])


@pytest.fixture
def administrator(db):
    return AdministratorFactory(username="administrator", email="admin@example.org")


@pytest.fixture
def people(member, staff_a, staff_b, administrator):
    """The five named users by name; the anonymous visitor is None."""
    return {
        "anonymous": None,
        "member": member,
        "staff_a": staff_a,
        "staff_b": staff_b,
        "administrator": administrator,
    }


def records_managed_by(association, owner_label):
    """One record of every model association staff work on, managed by ``association``."""
    organization = OrganizationFactory(owner=association, name=f"{owner_label} Biotech")
    agreement = AgreementFactory(owner=association, title=f"{owner_label} agreement")
    PartyFactory(agreement=agreement, organization=association)
    party = PartyFactory(agreement=agreement, organization=organization)
    benefit = BenefitFactory(agreement=agreement)
    benefit.granted_to.add(association)
    event = EventFactory(owner=association, name=f"{owner_label} summit")
    return {
        "organizations.Organization": organization,
        "organizations.Contact": ContactFactory(organization=organization),
        "organizations.Relationship": RelationshipFactory(subject=organization),
        "organizations.Membership": MembershipFactory(member=organization, association=association),
        "agreements.Agreement": agreement,
        "agreements.Party": party,
        "agreements.Benefit": benefit,
        "agreements.Commitment": CommitmentFactory(agreement=agreement),
        "agreements.SourceDocument": SourceDocumentFactory(agreement=agreement),
        "events.Event": event,
        "events.EventOrganization": EventOrganizationFactory(
            event=event, role=EventRole.PARTICIPANT
        ),
        "events.Series": SeriesFactory(owner=association),
        "members.AccessRequest": AccessRequest.objects.create(
            name=f"{owner_label} Applicant",
            email=f"applicant-{owner_label.lower()}@example.org",
            organization_name=f"{owner_label} Biotech",
            association=association,
            language="en",
        ),
        "members.CorrectionRequest": CorrectionRequest.objects.create(
            record_kind=CorrectionRequest.Kind.ORGANIZATION,
            record_id=organization.pk,
            record_title=organization.name,
            record_path=organization.get_absolute_url(),
            handled_by=association,
            message="The city is wrong.",
            language="en",
        ),
    }


@pytest.fixture
def managed_records(association_a, association_b):
    """What the staff of A and of B manage: ``managed_records["a"]["agreements.Agreement"]``."""
    return {
        "a": records_managed_by(association_a, "A"),
        "b": records_managed_by(association_b, "B"),
    }


@pytest.fixture
def migrations_back_to_the_latest():
    """For a test that migrates the test database back and forth: every app is at its
    latest migration again afterwards, as the tests after it expect."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
