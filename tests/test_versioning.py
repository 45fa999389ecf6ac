"""No lost updates: a stale save is refused, in the admin and in the database itself."""

import threading

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse

from organizations.models import Contact, Organization
from portal.versioning import RecordChanged
from tests.factories import AdministratorFactory, ContactFactory, OrganizationFactory


@pytest.fixture
def marie(db):
    return AdministratorFactory(username="marie")


@pytest.fixture
def paul(db):
    return AdministratorFactory(username="paul")


def organization_form(organization, **changes):
    data = {
        "name_en": organization.name_en,
        "name_fr": organization.name_fr or "",
        "acronym_en": organization.acronym_en or "",
        "slug": organization.slug,
        "kind": organization.kind,
        "description_en": organization.description_en or "",
        "city": organization.city,
        "region": organization.region,
        "country": str(organization.country),
        "member_count_qualifier": organization.member_count_qualifier,
        "member_count_as_of_precision": organization.member_count_as_of_precision,
        "publication": organization.publication,
        "same_in_both_languages": "on",
        "expected_version": organization.version,
    }
    for prefix in ("contacts", "relationships_out", "memberships"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data | changes


def change_url(organization):
    return reverse("admin:organizations_organization_change", args=[organization.pk])


def test_saving_a_stale_copy_raises_and_keeps_the_other_save(db):
    organization = OrganizationFactory(name="Original")
    first = Organization.objects.get(pk=organization.pk)
    second = Organization.objects.get(pk=organization.pk)

    first.name = "First editor's name"
    first.save()
    second.name = "Second editor's name"
    with pytest.raises(RecordChanged), transaction.atomic():
        second.save()

    organization.refresh_from_db()
    assert organization.name == "First editor's name"
    assert organization.version == 2
    assert second.version == 1  # unchanged, so a retry is refused too


def test_saving_a_record_deleted_meanwhile_raises_instead_of_recreating_it(db):
    organization = OrganizationFactory()
    stale = Organization.objects.get(pk=organization.pk)
    organization.delete()

    with pytest.raises(RecordChanged), transaction.atomic():
        stale.save()

    assert not Organization.objects.filter(pk=stale.pk).exists()


def test_each_save_raises_the_version_by_one(db):
    organization = OrganizationFactory()

    organization.save()
    organization.save(update_fields=["name"])

    organization.refresh_from_db()
    assert organization.version == 3


def test_a_stale_admin_form_is_refused_with_what_the_other_person_changed(client, marie, paul):
    organization = OrganizationFactory(name="Helix Labs", city="Montréal")
    client.force_login(marie)
    marie_form = organization_form(organization, description_en="Marie's description")

    client.force_login(paul)
    paul_saved = client.post(
        change_url(organization), organization_form(organization, city="Québec")
    )
    assert paul_saved.status_code == 302, paul_saved.context["adminform"].form.errors

    client.force_login(marie)
    response = client.post(change_url(organization), marie_form)

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "Your changes were not saved" in errors
    assert "paul" in errors
    assert "City: Québec" in errors
    organization.refresh_from_db()
    assert organization.city == "Québec"
    assert organization.description == ""


def test_a_form_without_its_version_is_refused(client, marie):
    organization = OrganizationFactory(name="Helix Labs")
    client.force_login(marie)
    form = organization_form(organization, name_en="Renamed")
    del form["expected_version"]

    response = client.post(change_url(organization), form)

    assert response.status_code == 200
    assert "Reload the page" in " ".join(response.context["adminform"].form.non_field_errors())
    organization.refresh_from_db()
    assert organization.name == "Helix Labs"


def test_the_change_form_carries_the_version_it_was_loaded_at(client, marie):
    organization = OrganizationFactory()
    organization.save()
    client.force_login(marie)

    page = client.get(change_url(organization))

    assert 'name="expected_version" value="2"' in page.content.decode()


def contact_rows(organization):
    rows = {"contacts-TOTAL_FORMS": "2", "contacts-INITIAL_FORMS": "2"}
    people = Contact.objects.filter(organization=organization).order_by("name")
    for index, person in enumerate(people):
        rows |= {
            f"contacts-{index}-id": person.pk,
            f"contacts-{index}-organization": organization.pk,
            f"contacts-{index}-name": person.name,
            f"contacts-{index}-title_en": person.title_en,
            f"contacts-{index}-phone": person.phone,
            f"contacts-{index}-visibility": person.visibility,
            f"contacts-{index}-expected_version": person.version,
        }
    return rows


def test_rows_nobody_changed_save_with_the_record(client, marie):
    organization = OrganizationFactory()
    ContactFactory(organization=organization, name="Adam Roy", title="Analyst")
    ContactFactory(organization=organization, name="Zoé Tremblay", title="Director")
    client.force_login(marie)
    form = organization_form(organization, name_en="Renamed") | contact_rows(organization)
    form["contacts-1-title_en"] = "Managing director"

    response = client.post(change_url(organization), form)

    assert response.status_code == 302
    assert Contact.objects.get(name="Zoé Tremblay").title == "Managing director"
    assert Organization.objects.get(pk=organization.pk).name == "Renamed"


def test_a_row_someone_else_changed_refuses_the_whole_save(client, marie):
    organization = OrganizationFactory(name="Helix Labs")
    ContactFactory(organization=organization, name="Adam Roy", title="Analyst")
    zoe = ContactFactory(organization=organization, name="Zoé Tremblay", title="Director")
    client.force_login(marie)
    form = organization_form(organization, name_en="Renamed") | contact_rows(organization)
    form["contacts-0-title_en"] = "Senior analyst"
    # Someone else changes Zoé's phone while Marie's page is open.
    zoe.phone = "514 555 0000"
    zoe.save()

    response = client.post(change_url(organization), form)

    assert response.status_code == 200
    errors = [f.non_field_errors() for f in response.context["inline_admin_formsets"][0].formset]
    assert any("Phone: 514 555 0000" in " ".join(e) for e in errors)
    assert Organization.objects.get(pk=organization.pk).name == "Helix Labs"
    assert Contact.objects.get(name="Adam Roy").title == "Analyst"
    zoe.refresh_from_db()
    assert (zoe.title, zoe.phone) == ("Director", "514 555 0000")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a server that runs two writers at once"
)
def test_two_simultaneous_saves_of_one_version_let_exactly_one_through():
    organization = OrganizationFactory(name="Contested")
    barrier = threading.Barrier(2)
    outcomes = []

    def save(name):
        copy = Organization.objects.get(pk=organization.pk)
        copy.name = name
        barrier.wait()
        try:
            copy.save()
            outcomes.append(("saved", name))
        except RecordChanged:
            outcomes.append(("refused", name))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(name,)) for name in ("left", "right")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(kind for kind, _ in outcomes) == ["refused", "saved"]
    winner = next(name for kind, name in outcomes if kind == "saved")
    organization.refresh_from_db()
    assert (organization.name, organization.version) == (winner, 2)
