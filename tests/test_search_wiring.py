"""How search plugs into the apps below it, which never import it: the admin's
saves (portal.signals), the lists' words box (portal.filters), and databases
whose search tables portal's migrations made before search had its own app."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse

from agreements.models import Agreement, Benefit, Party
from events.models import Event, EventOrganization, Series
from organizations.models import Contact, Organization, Relationship, Sector
from portal import filters
from portal.signals import admin_saved
from search import indexing, results
from tests.factories import (
    AgreementFactory,
    EventFactory,
    EventOrganizationFactory,
    OrganizationFactory,
    PartyFactory,
    SectorFactory,
)


def found(query, language="en"):
    found = results.search(query, language)
    return {result.title for group in found.groups for result in group.results}


def test_a_sector_renamed_in_the_admin_is_found_in_its_organizations_and_agreements(
    client, administrator
):
    sector = SectorFactory(name="Marine biology", slug="marine")
    OrganizationFactory(name="Tidewater Labs").sectors.add(sector)
    AgreementFactory(title="Estuary pact").themes.add(sector)
    indexing.rebuild()
    client.force_login(administrator)

    response = client.post(
        reverse("admin:organizations_sector_change", args=[sector.pk]),
        {"name_en": "Ocean genomics", "name_fr": "Génomique océanique", "slug": "marine"},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert found("ocean genomics") == {"Tidewater Labs", "Estuary pact"}
    assert found("marine biology") == set()


def test_an_organization_saved_in_the_admin_is_found_in_its_agreements_and_events(db):
    organization = OrganizationFactory(name="Northbridge Genomics")
    PartyFactory(agreement=AgreementFactory(title="Harbour accord"), organization=organization)
    EventOrganizationFactory(event=EventFactory(name="Harbour summit"), organization=organization)
    indexing.rebuild()
    Organization.objects.filter(pk=organization.pk).update(name_en="Southgate Proteomics")
    organization.refresh_from_db()

    admin_saved.send(sender=Organization, instance=organization)

    assert found("southgate") == {"Southgate Proteomics", "Harbour accord", "Harbour summit"}
    assert found("northbridge") == set()


def test_search_listens_to_the_admin_saves_of_the_records_its_entries_show():
    shown = {Sector, Organization, Series, Event, EventOrganization, Agreement, Party}
    not_shown = {Benefit, Contact, Relationship}

    assert {model for model in shown | not_shown if admin_saved.has_listeners(model)} == shown


def test_a_words_box_with_no_search_engine_plugged_in_says_what_is_missing(db, monkeypatch):
    monkeypatch.setattr(filters, "_matcher", None)
    words = filters.SearchFilter()

    with pytest.raises(ImproperlyConfigured, match="add the 'search' app"):
        words.filter(Organization.objects.all(), "genomics")


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_search_had_its_app_moves_to_the_inverted_index():
    OrganizationFactory(name="Lasting Genomics")
    # As on a database migrated before search had its own app: the per-language
    # entries' tables, trigger and indexes exist, the content types are portal's,
    # and no search migration is recorded.
    call_command("migrate", "search", "0002", verbosity=0)
    ContentType.objects.filter(app_label="search").delete()
    portal_entry = ContentType.objects.create(app_label="portal", model="searchentry")
    recorded = MigrationRecorder(connection).migration_qs.filter(app="search")
    recorded.delete()

    call_command("migrate", "search", verbosity=0)

    assert sorted(recorded.values_list("name", flat=True)) == [
        "0001_initial",
        "0002_postgresql",
        "0003_inverted_index",
    ]
    assert ContentType.objects.get(pk=portal_entry.pk).app_label == "search"
    tables = connection.introspection.table_names()
    assert {"portal_searchentry", "portal_searchword"}.isdisjoint(tables)
    indexing.rebuild()
    assert found("lasting") == {"Lasting Genomics"}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT proname FROM pg_proc WHERE proname LIKE 'passerelle%%'")
            assert cursor.fetchall() == []


@pytest.mark.django_db(transaction=True)
def test_the_inverted_index_migration_can_be_undone():
    call_command("migrate", "search", "0002", verbosity=0)
    tables = connection.introspection.table_names()
    call_command("migrate", "search", verbosity=0)

    assert "portal_searchentry" in tables
    assert "search_searchterm" not in tables
    OrganizationFactory(name="Lasting Genomics")
    indexing.rebuild()
    assert found("genomics") == {"Lasting Genomics"}


def test_a_deleted_organizer_is_no_longer_found_in_its_events(
    db, django_capture_on_commit_callbacks
):
    organization = OrganizationFactory(name="Northbridge Genomics")
    EventOrganizationFactory(event=EventFactory(name="Harbour summit"), organization=organization)
    indexing.rebuild()
    assert found("northbridge") == {"Northbridge Genomics", "Harbour summit"}

    with django_capture_on_commit_callbacks(execute=True):
        organization.delete()

    assert found("northbridge") == set()
    assert found("harbour") == {"Harbour summit"}
