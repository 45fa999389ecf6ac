"""Writes in the admin stay within the staff's associations, and nothing is lost on the way.

The permission matrix (test_admin_scope) reads every admin URL; these tests
post to the ones that change data: memberships, revert, restore, deletions and
inline rows.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from accounts.groups import STAFF_GROUP_NAME
from agreements.models import Agreement, Benefit
from organizations.models import Contact, Membership, Organization, OrganizationKind, Relationship
from portal.admin_base import PortalAdmin
from tests.factories import (
    AgreementFactory,
    BenefitFactory,
    ContactFactory,
    EventFactory,
    MembershipFactory,
    OrganizationFactory,
    PartyFactory,
    RelationshipFactory,
)
from tests.test_admin_scope import inline_management


def admin_url(name, *args):
    return reverse(f"admin:{name}", args=args)


def organization_form(organization, **changes):
    data = {
        "name_en": organization.name_en,
        "slug": organization.slug,
        "kind": organization.kind,
        "member_count_qualifier": organization.member_count_qualifier,
        "member_count_as_of_precision": organization.member_count_as_of_precision,
        "publication": organization.publication,
        "same_in_both_languages": "on",
        "expected_version": organization.version,
        **inline_management("contacts", "relationships_out", "memberships"),
    }
    return data | changes


# Memberships -------------------------------------------------------------------------


def test_staff_cannot_make_their_companies_members_of_another_association(
    client, staff_a, managed_records, association_b
):
    company = managed_records["a"]["organizations.Organization"]
    client.force_login(staff_a)

    direct = client.post(
        admin_url("organizations_membership_add"),
        {
            "member": company.pk,
            "association": association_b.pk,
            "since_precision": "day",
            "until_precision": "day",
        },
    )
    through_inline = client.post(
        admin_url("organizations_organization_change", company.pk),
        organization_form(company)
        | {
            "memberships-TOTAL_FORMS": "1",
            "memberships-0-association": association_b.pk,
            "memberships-0-since_precision": "day",
            "memberships-0-until_precision": "day",
        },
    )

    assert direct.status_code == 200
    assert through_inline.status_code == 200
    assert not Membership.objects.filter(member=company, association=association_b).exists()


def test_another_associations_membership_rows_are_not_in_the_staffs_inline(
    client, staff_a, managed_records, association_a, association_b
):
    company = managed_records["a"]["organizations.Organization"]
    MembershipFactory(member=company, association=association_b)
    client.force_login(staff_a)

    page = client.get(admin_url("organizations_organization_change", company.pk))

    formset = next(
        f.formset
        for f in page.context["inline_admin_formsets"]
        if f.formset.prefix == "memberships"
    )
    associations = [form.instance.association for form in formset.initial_forms]
    assert associations == [association_a]


# Revert ------------------------------------------------------------------------------


def revert_form(client, url):
    form = client.get(url).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, ""):
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return data | inline_management("party_set", "commitments", "benefits", "sources")


def test_reverting_needs_the_change_permission(client, staff_a, managed_records):
    agreement = managed_records["a"]["agreements.Agreement"]
    first = agreement.history.earliest()
    agreement.title = "Edited"
    agreement.save()
    url = admin_url("agreements_agreement_simple_history", agreement.pk, first.history_id)
    client.force_login(staff_a)
    data = revert_form(client, url)
    Group.objects.get(name=STAFF_GROUP_NAME).permissions.remove(
        Permission.objects.get(codename="change_agreement")
    )

    response = client.post(url, data)

    assert response.status_code == 403
    agreement.refresh_from_db()
    assert agreement.title == "Edited"


def test_reverting_does_not_hand_a_record_back_to_a_former_owner(
    client, staff_a, association_a, association_b
):
    agreement = AgreementFactory(owner=association_a, title="Shared")
    PartyFactory(agreement=agreement, organization=association_a)
    first = agreement.history.earliest()
    agreement.owner = association_b
    agreement.save()
    url = admin_url("agreements_agreement_simple_history", agreement.pk, first.history_id)
    client.force_login(staff_a)

    response = client.post(url, revert_form(client, url) | {"title_en": "Shared, reverted"})

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.title, agreement.owner) == ("Shared, reverted", association_b)


def test_a_version_id_that_is_not_a_number_is_not_found(client, staff_a, managed_records):
    agreement = managed_records["a"]["agreements.Agreement"]
    client.force_login(staff_a)

    response = client.get(f"/admin/agreements/agreement/{agreement.pk}/history/abc/")

    assert response.status_code == 404


def test_a_save_racing_a_revert_is_refused_with_a_message(
    client, staff_a, managed_records, monkeypatch
):
    agreement = managed_records["a"]["agreements.Agreement"]
    first = agreement.history.earliest()
    agreement.save()
    url = admin_url("agreements_agreement_simple_history", agreement.pk, first.history_id)
    client.force_login(staff_a)
    data = revert_form(client, url) | {"title_en": "Mine"}
    original_save_model = PortalAdmin.save_model

    def someone_saves_first(self, request, obj, form, change):
        Agreement.objects.filter(pk=obj.pk).update(version=obj.version + 5, title_en="Theirs")
        original_save_model(self, request, obj, form, change)

    monkeypatch.setattr(PortalAdmin, "save_model", someone_saves_first)

    response = client.post(url, data, follow=True)

    assert response.status_code == 200
    assert "Not reverted" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.title != "Mine"


# Restore ------------------------------------------------------------------------------


def test_only_the_deletion_itself_can_be_restored(client, staff_a, managed_records):
    agreement = managed_records["a"]["agreements.Agreement"]
    pk = agreement.pk
    first = agreement.history.earliest()
    agreement.delete()
    client.force_login(staff_a)

    response = client.post(admin_url("agreements_agreement_restore", pk, first.history_id))

    assert response.status_code == 404
    assert not Agreement.objects.filter(pk=pk).exists()


def test_restoring_a_record_whose_slug_was_taken_since_explains_why_not(
    client, staff_a, managed_records, association_a
):
    agreement = managed_records["a"]["agreements.Agreement"]
    pk, slug = agreement.pk, agreement.slug
    agreement.delete()
    AgreementFactory(slug=slug, owner=association_a)
    deletion = Agreement.history.get(id=pk, history_type="-")
    client.force_login(staff_a)

    response = client.post(
        admin_url("agreements_agreement_restore", pk, deletion.history_id), follow=True
    )

    assert response.status_code == 200
    assert "another record now uses its identifier" in response.content.decode()
    assert not Agreement.objects.filter(pk=pk).exists()


def test_restoring_a_contact_of_a_deleted_organization_explains_why_not(
    client, administrator, association_a
):
    organization = OrganizationFactory(owner=association_a)
    contact = ContactFactory(organization=organization, name="Orphan Person")
    pk = contact.pk
    contact.delete()
    Organization.objects.filter(pk=organization.pk).delete()
    deletion = Contact.history.get(id=pk, history_type="-")
    client.force_login(administrator)

    response = client.post(
        admin_url("organizations_contact_restore", pk, deletion.history_id), follow=True
    )

    assert "restore that first" in response.content.decode()
    assert not Contact.objects.filter(pk=pk).exists()


def test_restoring_an_association_puts_back_what_pointed_to_it(client, administrator):
    association = OrganizationFactory(
        kind=OrganizationKind.ASSOCIATION, name="Fleeting Association"
    )
    owned = OrganizationFactory(owner=association, name="Owned Labs")
    benefit = BenefitFactory(agreement=AgreementFactory())
    benefit.granted_to.add(association)
    event = EventFactory(owner=association)
    pk = association.pk
    client.force_login(administrator)

    client.post(admin_url("organizations_organization_delete", pk), {"post": "yes"})
    assert Organization.objects.get(pk=owned.pk).owner is None
    deletion = Organization.history.get(id=pk, history_type="-")
    client.post(admin_url("organizations_organization_restore", pk, deletion.history_id))

    assert Organization.objects.get(pk=owned.pk).owner_id == pk
    assert list(Benefit.objects.get(pk=benefit.pk).granted_to.values_list("pk", flat=True)) == [pk]
    event.refresh_from_db()
    assert event.owner_id == pk


# Deleting ------------------------------------------------------------------------------


def test_staff_cannot_delete_a_record_when_that_removes_another_associations_rows(
    client, staff_a, managed_records
):
    company = managed_records["a"]["organizations.Organization"]
    theirs = RelationshipFactory(
        subject=managed_records["b"]["organizations.Organization"], object=company
    )
    client.force_login(staff_a)

    page = client.get(admin_url("organizations_organization_delete", company.pk))
    client.post(admin_url("organizations_organization_delete", company.pk), {"post": "yes"})

    assert "recorded by another association" in page.content.decode()
    assert Organization.objects.filter(pk=company.pk).exists()
    assert Relationship.objects.filter(pk=theirs.pk).exists()


def test_a_row_someone_changed_is_not_deleted_from_a_stale_page(client, staff_a, managed_records):
    company = managed_records["a"]["organizations.Organization"]
    contact = managed_records["a"]["organizations.Contact"]
    client.force_login(staff_a)
    data = organization_form(company) | {
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "1",
        "contacts-0-id": contact.pk,
        "contacts-0-organization": company.pk,
        "contacts-0-name": contact.name,
        "contacts-0-visibility": contact.visibility,
        "contacts-0-expected_version": contact.version,
        "contacts-0-DELETE": "on",
    }
    contact.phone = "418 555 0100"
    contact.save()

    response = client.post(admin_url("organizations_organization_change", company.pk), data)

    assert response.status_code == 200
    assert "Not deleted" in response.content.decode()
    assert Contact.objects.get(pk=contact.pk).phone == "418 555 0100"


# Forgetting a person -------------------------------------------------------------------------


def test_forgetting_a_contact_erases_its_history_too(db):
    contact = ContactFactory(name="Right To Erasure", email="erase@example.org")
    contact.phone = "514 555 0199"
    contact.save()
    pk = contact.pk

    call_command("forget_contact", pk, verbosity=0)

    assert not Contact.objects.filter(pk=pk).exists()
    assert not Contact.history.filter(id=pk).exists()


@pytest.mark.parametrize("contact_id", [999999])
def test_forgetting_an_unknown_contact_says_so(db, contact_id):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No contact"):
        call_command("forget_contact", contact_id)


@pytest.mark.parametrize("deleted", [1, 6])
def test_the_deleted_list_takes_a_fixed_number_of_queries(
    client, staff_a, managed_records, django_assert_num_queries, deleted
):
    organization = managed_records["a"]["organizations.Organization"]
    for number in range(deleted):
        ContactFactory(organization=organization, name=f"Gone {number}").delete()
    client.force_login(staff_a)

    # The deletions with their authors, the managed parents and the contacts'
    # organizations each in one query, on top of the admin's own.
    with django_assert_num_queries(9):
        page = client.get(admin_url("organizations_contact_deleted"))

    assert len(page.context["records"]) == deleted
