"""Staff scoping in the admin: each association's staff see and change only their records.

The permission table names every URL of the admin — every view of every
registered model, plus the site's own pages — and what the staff of association
A, the staff of association B and an administrator get there; anonymous visitors
and members are sent to sign in everywhere. A URL the table does not name fails
the coverage test until it is given its row.
"""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.urls import URLPattern, URLResolver, reverse

from accounts.groups import STAFF_GROUP_NAME
from agreements.models import Agreement, Benefit, Party
from members.models import Claim
from organizations.merge import merge_organizations
from organizations.models import Contact, Organization, Visibility
from tests.factories import (
    AgreementFactory,
    ContactFactory,
    EventFactory,
    OrganizationFactory,
    PartyFactory,
    SectorFactory,
    StaffFactory,
    UserFactory,
)
from tests.test_admin import record_by_the_portal
from tests.test_history import agreement_form

# Models association staff work on; their rows are scoped to the staff's associations.
SCOPED_MODELS = {
    "organizations.Organization",
    "organizations.Contact",
    "organizations.Relationship",
    "organizations.Membership",
    "agreements.Agreement",
    "agreements.Party",
    "agreements.Benefit",
    "agreements.Commitment",
    "agreements.SourceDocument",
    "events.Event",
    "events.EventOrganization",
    "events.Series",
    "members.Claim",
    "members.AccessRequest",
    "members.CorrectionRequest",
}

# Whose record an admin URL shows: one association A or B manages, or the one
# record of a model no association owns (a sector, the member's account...).
A, B, SHARED = "a", "b", "shared"

OK, SIGN_IN, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 302, 403, 404, 405

COLUMNS = ("staff_a", "staff_b", "administrator")
# (admin URL name, whose record, or the application of an app_list) →
# what the staff of A, the staff of B and an administrator get.
ADMIN_URLS = {
    ("index", None): (OK, OK, OK),
    ("password_change", None): (OK, OK, OK),
    ("password_change_done", None): (OK, OK, OK),
    ("autocomplete", None): (OK, OK, OK),
    ("jsi18n", None): (OK, OK, OK),
    # An application's page lists its models, or is not found when staff may see none.
    ("app_list", "agreements"): (OK, OK, OK),
    ("app_list", "auth"): (NOT_FOUND, NOT_FOUND, OK),
    ("app_list", "events"): (OK, OK, OK),
    ("app_list", "organizations"): (OK, OK, OK),
    ("app_list", "members"): (OK, OK, OK),
    # The models association staff work on: their own records, never another
    # association's. A live record's version is no deletion: nothing to restore.
    ("organizations_organization_changelist", None): (OK, OK, OK),
    ("organizations_organization_add", None): (OK, OK, OK),
    ("organizations_organization_change", A): (OK, NOT_FOUND, OK),
    ("organizations_organization_change", B): (NOT_FOUND, OK, OK),
    ("organizations_organization_history", A): (OK, NOT_FOUND, OK),
    ("organizations_organization_history", B): (NOT_FOUND, OK, OK),
    ("organizations_organization_delete", A): (OK, NOT_FOUND, OK),
    ("organizations_organization_delete", B): (NOT_FOUND, OK, OK),
    ("organizations_organization_deleted", None): (OK, OK, OK),
    ("organizations_organization_simple_history", A): (OK, NOT_FOUND, OK),
    ("organizations_organization_simple_history", B): (NOT_FOUND, OK, OK),
    ("organizations_organization_restore", A): (NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ("organizations_organization_restore", B): (NOT_FOUND, NOT_FOUND, NOT_FOUND),
    # Imports (organizations.imports): each row is scoped; the confirmation is a POST.
    ("organizations_organization_import", None): (OK, OK, OK),
    ("organizations_organization_process_import", None): (NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    ("organizations_contact_changelist", None): (OK, OK, OK),
    ("organizations_contact_add", None): (OK, OK, OK),
    ("organizations_contact_change", A): (OK, NOT_FOUND, OK),
    ("organizations_contact_change", B): (NOT_FOUND, OK, OK),
    ("organizations_contact_history", A): (OK, NOT_FOUND, OK),
    ("organizations_contact_history", B): (NOT_FOUND, OK, OK),
    ("organizations_contact_delete", A): (OK, NOT_FOUND, OK),
    ("organizations_contact_delete", B): (NOT_FOUND, OK, OK),
    ("organizations_contact_deleted", None): (OK, OK, OK),
    ("organizations_contact_simple_history", A): (OK, NOT_FOUND, OK),
    ("organizations_contact_simple_history", B): (NOT_FOUND, OK, OK),
    ("organizations_contact_restore", A): (NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ("organizations_contact_restore", B): (NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ("organizations_relationship_changelist", None): (OK, OK, OK),
    ("organizations_relationship_add", None): (OK, OK, OK),
    ("organizations_relationship_change", A): (OK, NOT_FOUND, OK),
    ("organizations_relationship_change", B): (NOT_FOUND, OK, OK),
    ("organizations_relationship_history", A): (OK, NOT_FOUND, OK),
    ("organizations_relationship_history", B): (NOT_FOUND, OK, OK),
    ("organizations_relationship_delete", A): (OK, NOT_FOUND, OK),
    ("organizations_relationship_delete", B): (NOT_FOUND, OK, OK),
    ("organizations_relationship_deleted", None): (OK, OK, OK),
    ("organizations_relationship_simple_history", A): (OK, NOT_FOUND, OK),
    ("organizations_relationship_simple_history", B): (NOT_FOUND, OK, OK),
    ("organizations_relationship_restore", A): (NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ("organizations_relationship_restore", B): (NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ("organizations_membership_changelist", None): (OK, OK, OK),
    ("organizations_membership_add", None): (OK, OK, OK),
    ("organizations_membership_change", A): (OK, NOT_FOUND, OK),
    ("organizations_membership_change", B): (NOT_FOUND, OK, OK),
    ("organizations_membership_history", A): (OK, NOT_FOUND, OK),
    ("organizations_membership_history", B): (NOT_FOUND, OK, OK),
    ("organizations_membership_delete", A): (OK, NOT_FOUND, OK),
    ("organizations_membership_delete", B): (NOT_FOUND, OK, OK),
    ("organizations_membership_deleted", None): (OK, OK, OK),
    ("organizations_membership_simple_history", A): (OK, NOT_FOUND, OK),
    ("organizations_membership_simple_history", B): (NOT_FOUND, OK, OK),
    ("organizations_membership_restore", A): (NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ("organizations_membership_restore", B): (NOT_FOUND, NOT_FOUND, NOT_FOUND),
    # Imports (organizations.imports): each row is scoped; the confirmation is a POST.
    ("organizations_membership_import", None): (OK, OK, OK),
    ("organizations_membership_process_import", None): (NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    ("agreements_agreement_changelist", None): (OK, OK, OK),
    ("agreements_agreement_add", None): (OK, OK, OK),
    ("agreements_agreement_change", A): (OK, NOT_FOUND, OK),
    ("agreements_agreement_change", B): (NOT_FOUND, OK, OK),
    ("agreements_agreement_history", A): (OK, NOT_FOUND, OK),
    ("agreements_agreement_history", B): (NOT_FOUND, OK, OK),
    ("agreements_agreement_delete", A): (OK, NOT_FOUND, OK),
    ("agreements_agreement_delete", B): (NOT_FOUND, OK, OK),
    ("agreements_agreement_deleted", None): (OK, OK, OK),
    ("agreements_agreement_from_release", None): (OK, OK, OK),
    # The staff dashboard's buttons and the confirmation (agreements.admin_actions): POST only.
    ("agreements_agreement_renew", A): (NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    ("agreements_agreement_renew", B): (NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    ("agreements_agreement_snooze", A): (NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    ("agreements_agreement_snooze", B): (NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    ("agreements_agreement_confirm", A): (NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    ("agreements_agreement_confirm", B): (NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    ("agreements_agreement_simple_history", A): (OK, NOT_FOUND, OK),
    ("agreements_agreement_simple_history", B): (NOT_FOUND, OK, OK),
    ("agreements_agreement_restore", A): (NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ("agreements_agreement_restore", B): (NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ("agreements_party_changelist", None): (OK, OK, OK),
    ("agreements_party_add", None): (OK, OK, OK),
    ("agreements_party_change", A): (OK, NOT_FOUND, OK),
    ("agreements_party_change", B): (NOT_FOUND, OK, OK),
    ("agreements_party_history", A): (OK, NOT_FOUND, OK),
    ("agreements_party_history", B): (NOT_FOUND, OK, OK),
    ("agreements_party_delete", A): (OK, NOT_FOUND, OK),
    ("agreements_party_delete", B): (NOT_FOUND, OK, OK),
    ("agreements_party_deleted", None): (OK, OK, OK),
    ("agreements_party_simple_history", A): (OK, NOT_FOUND, OK),
    ("agreements_party_simple_history", B): (NOT_FOUND, OK, OK),
    ("agreements_party_restore", A): (NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ("agreements_party_restore", B): (NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ("agreements_benefit_changelist", None): (OK, OK, OK),
    ("agreements_benefit_add", None): (OK, OK, OK),
    ("agreements_benefit_change", A): (OK, NOT_FOUND, OK),
    ("agreements_benefit_change", B): (NOT_FOUND, OK, OK),
    ("agreements_benefit_history", A): (OK, NOT_FOUND, OK),
    ("agreements_benefit_history", B): (NOT_FOUND, OK, OK),
    ("agreements_benefit_delete", A): (OK, NOT_FOUND, OK),
    ("agreements_benefit_delete", B): (NOT_FOUND, OK, OK),
    ("agreements_benefit_deleted", None): (OK, OK, OK),
    ("agreements_benefit_simple_history", A): (OK, NOT_FOUND, OK),
    ("agreements_benefit_simple_history", B): (NOT_FOUND, OK, OK),
    ("agreements_benefit_restore", A): (NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ("agreements_benefit_restore", B): (NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ("agreements_commitment_changelist", None): (OK, OK, OK),
    ("agreements_commitment_add", None): (OK, OK, OK),
    ("agreements_commitment_change", A): (OK, NOT_FOUND, OK),
    ("agreements_commitment_change", B): (NOT_FOUND, OK, OK),
    ("agreements_commitment_history", A): (OK, NOT_FOUND, OK),
    ("agreements_commitment_history", B): (NOT_FOUND, OK, OK),
    ("agreements_commitment_delete", A): (OK, NOT_FOUND, OK),
    ("agreements_commitment_delete", B): (NOT_FOUND, OK, OK),
    ("agreements_commitment_deleted", None): (OK, OK, OK),
    ("agreements_commitment_simple_history", A): (OK, NOT_FOUND, OK),
    ("agreements_commitment_simple_history", B): (NOT_FOUND, OK, OK),
    ("agreements_commitment_restore", A): (NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ("agreements_commitment_restore", B): (NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ("agreements_commitment_done", A): (NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    ("agreements_commitment_done", B): (NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    ("agreements_commitment_snooze", A): (NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    ("agreements_commitment_snooze", B): (NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    ("agreements_sourcedocument_changelist", None): (OK, OK, OK),
    ("agreements_sourcedocument_add", None): (OK, OK, OK),
    ("agreements_sourcedocument_change", A): (OK, NOT_FOUND, OK),
    ("agreements_sourcedocument_change", B): (NOT_FOUND, OK, OK),
    ("agreements_sourcedocument_history", A): (OK, NOT_FOUND, OK),
    ("agreements_sourcedocument_history", B): (NOT_FOUND, OK, OK),
    ("agreements_sourcedocument_delete", A): (OK, NOT_FOUND, OK),
    ("agreements_sourcedocument_delete", B): (NOT_FOUND, OK, OK),
    ("agreements_sourcedocument_deleted", None): (OK, OK, OK),
    ("agreements_sourcedocument_simple_history", A): (OK, NOT_FOUND, OK),
    ("agreements_sourcedocument_simple_history", B): (NOT_FOUND, OK, OK),
    ("agreements_sourcedocument_restore", A): (NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ("agreements_sourcedocument_restore", B): (NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ("events_event_changelist", None): (OK, OK, OK),
    ("events_event_add", None): (OK, OK, OK),
    ("events_event_change", A): (OK, NOT_FOUND, OK),
    ("events_event_change", B): (NOT_FOUND, OK, OK),
    ("events_event_history", A): (OK, NOT_FOUND, OK),
    ("events_event_history", B): (NOT_FOUND, OK, OK),
    ("events_event_delete", A): (OK, NOT_FOUND, OK),
    ("events_event_delete", B): (NOT_FOUND, OK, OK),
    ("events_event_deleted", None): (OK, OK, OK),
    ("events_event_simple_history", A): (OK, NOT_FOUND, OK),
    ("events_event_simple_history", B): (NOT_FOUND, OK, OK),
    ("events_event_restore", A): (NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ("events_event_restore", B): (NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ("events_eventorganization_changelist", None): (OK, OK, OK),
    ("events_eventorganization_add", None): (OK, OK, OK),
    ("events_eventorganization_change", A): (OK, NOT_FOUND, OK),
    ("events_eventorganization_change", B): (NOT_FOUND, OK, OK),
    ("events_eventorganization_history", A): (OK, NOT_FOUND, OK),
    ("events_eventorganization_history", B): (NOT_FOUND, OK, OK),
    ("events_eventorganization_delete", A): (OK, NOT_FOUND, OK),
    ("events_eventorganization_delete", B): (NOT_FOUND, OK, OK),
    ("events_eventorganization_deleted", None): (OK, OK, OK),
    ("events_eventorganization_simple_history", A): (OK, NOT_FOUND, OK),
    ("events_eventorganization_simple_history", B): (NOT_FOUND, OK, OK),
    ("events_eventorganization_restore", A): (NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ("events_eventorganization_restore", B): (NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ("events_series_changelist", None): (OK, OK, OK),
    ("events_series_add", None): (OK, OK, OK),
    ("events_series_change", A): (OK, NOT_FOUND, OK),
    ("events_series_change", B): (NOT_FOUND, OK, OK),
    ("events_series_history", A): (OK, NOT_FOUND, OK),
    ("events_series_history", B): (NOT_FOUND, OK, OK),
    ("events_series_delete", A): (OK, NOT_FOUND, OK),
    ("events_series_delete", B): (NOT_FOUND, OK, OK),
    ("events_series_deleted", None): (OK, OK, OK),
    ("events_series_simple_history", A): (OK, NOT_FOUND, OK),
    ("events_series_simple_history", B): (NOT_FOUND, OK, OK),
    ("events_series_restore", A): (NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ("events_series_restore", B): (NOT_FOUND, NOT_FOUND, NOT_FOUND),
    # Members' claims: the handling association's staff decide them; nobody adds or
    # deletes one here. The CSV file is the list's, scoped the same way.
    ("members_claim_changelist", None): (OK, OK, OK),
    ("members_claim_export", None): (OK, OK, OK),
    ("members_claim_add", None): (FORBIDDEN, FORBIDDEN, FORBIDDEN),
    ("members_claim_change", A): (OK, NOT_FOUND, OK),
    ("members_claim_change", B): (NOT_FOUND, OK, OK),
    ("members_claim_history", A): (OK, NOT_FOUND, OK),
    ("members_claim_history", B): (NOT_FOUND, OK, OK),
    ("members_claim_delete", A): (FORBIDDEN, NOT_FOUND, FORBIDDEN),
    ("members_claim_delete", B): (NOT_FOUND, FORBIDDEN, FORBIDDEN),
    # What people send an association through the public forms: its staff read and
    # answer it; nobody adds it, only administrators delete it (members.retention does).
    ("members_accessrequest_changelist", None): (OK, OK, OK),
    ("members_accessrequest_add", None): (FORBIDDEN, FORBIDDEN, FORBIDDEN),
    ("members_accessrequest_change", A): (OK, NOT_FOUND, OK),
    ("members_accessrequest_change", B): (NOT_FOUND, OK, OK),
    ("members_accessrequest_history", A): (OK, NOT_FOUND, OK),
    ("members_accessrequest_history", B): (NOT_FOUND, OK, OK),
    ("members_accessrequest_delete", A): (FORBIDDEN, NOT_FOUND, OK),
    ("members_accessrequest_delete", B): (NOT_FOUND, FORBIDDEN, OK),
    ("members_correctionrequest_changelist", None): (OK, OK, OK),
    ("members_correctionrequest_add", None): (FORBIDDEN, FORBIDDEN, FORBIDDEN),
    ("members_correctionrequest_change", A): (OK, NOT_FOUND, OK),
    ("members_correctionrequest_change", B): (NOT_FOUND, OK, OK),
    ("members_correctionrequest_history", A): (OK, NOT_FOUND, OK),
    ("members_correctionrequest_history", B): (NOT_FOUND, OK, OK),
    ("members_correctionrequest_delete", A): (FORBIDDEN, NOT_FOUND, OK),
    ("members_correctionrequest_delete", B): (NOT_FOUND, FORBIDDEN, OK),
    # Sectors are shared vocabulary: staff read them, only administrators change them.
    ("organizations_sector_changelist", None): (OK, OK, OK),
    ("organizations_sector_add", None): (FORBIDDEN, FORBIDDEN, OK),
    ("organizations_sector_change", SHARED): (OK, OK, OK),
    ("organizations_sector_history", SHARED): (OK, OK, OK),
    ("organizations_sector_delete", SHARED): (FORBIDDEN, FORBIDDEN, OK),
    # Merges of organizations: administrators only, read-only, reverted by a button.
    ("organizations_organizationmerge_changelist", None): (FORBIDDEN, FORBIDDEN, OK),
    ("organizations_organizationmerge_add", None): (FORBIDDEN, FORBIDDEN, FORBIDDEN),
    ("organizations_organizationmerge_change", SHARED): (FORBIDDEN, FORBIDDEN, OK),
    ("organizations_organizationmerge_history", SHARED): (FORBIDDEN, FORBIDDEN, OK),
    ("organizations_organizationmerge_delete", SHARED): (FORBIDDEN, FORBIDDEN, FORBIDDEN),
    ("organizations_organizationmerge_revert", SHARED): (FORBIDDEN, FORBIDDEN, OK),
    # What the portal records (confirmations, reminders sent): administrators read them.
    ("agreements_confirmation_changelist", None): (FORBIDDEN, FORBIDDEN, OK),
    ("agreements_confirmation_add", None): (FORBIDDEN, FORBIDDEN, FORBIDDEN),
    ("agreements_confirmation_change", SHARED): (FORBIDDEN, FORBIDDEN, OK),
    ("agreements_confirmation_history", SHARED): (FORBIDDEN, FORBIDDEN, OK),
    ("agreements_confirmation_delete", SHARED): (FORBIDDEN, FORBIDDEN, FORBIDDEN),
    ("agreements_reminder_changelist", None): (FORBIDDEN, FORBIDDEN, OK),
    ("agreements_reminder_add", None): (FORBIDDEN, FORBIDDEN, FORBIDDEN),
    ("agreements_reminder_change", SHARED): (FORBIDDEN, FORBIDDEN, OK),
    ("agreements_reminder_history", SHARED): (FORBIDDEN, FORBIDDEN, OK),
    ("agreements_reminder_delete", SHARED): (FORBIDDEN, FORBIDDEN, FORBIDDEN),
    # Accounts, groups and sign-in records: administrators only.
    ("auth_user_changelist", None): (FORBIDDEN, FORBIDDEN, OK),
    ("auth_user_add", None): (FORBIDDEN, FORBIDDEN, OK),
    ("auth_user_change", SHARED): (FORBIDDEN, FORBIDDEN, OK),
    ("auth_user_history", SHARED): (FORBIDDEN, FORBIDDEN, OK),
    ("auth_user_delete", SHARED): (FORBIDDEN, FORBIDDEN, OK),
    ("auth_user_password_change", SHARED): (FORBIDDEN, FORBIDDEN, OK),
    ("auth_group_changelist", None): (FORBIDDEN, FORBIDDEN, OK),
    ("auth_group_add", None): (FORBIDDEN, FORBIDDEN, OK),
    ("auth_group_change", SHARED): (FORBIDDEN, FORBIDDEN, OK),
    ("auth_group_history", SHARED): (FORBIDDEN, FORBIDDEN, OK),
    ("auth_group_delete", SHARED): (FORBIDDEN, FORBIDDEN, OK),
}

# The admin's own pages that are not walked: sign-in is public, sign-out is a POST,
# "view on site" redirects to the public page.
NOT_WALKED = {"login", "logout", "view_on_site"}
SITE_PAGES = {"index", "password_change", "password_change_done", "jsi18n", "autocomplete"}


def patterns(resolver, prefix=""):
    """(route, pattern) for every pattern under ``resolver``, routes joined."""
    for entry in resolver:
        if isinstance(entry, URLResolver):
            yield from patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def model_and_view(name):
    """The registered model an admin URL name belongs to, and the view it names."""
    for model in admin.site._registry:
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix):
            return model, name.removeprefix(prefix)
    raise AssertionError(f"admin URL {name} belongs to no registered model")


def admin_url_keys():
    """Every URL of the admin, named as the table names them."""
    keys = set()
    for route, pattern in patterns(admin.site.get_urls()):
        name = pattern.name
        # The unnamed patterns are redirects and the catch-all.
        if name is None or name in NOT_WALKED:
            continue
        if name == "app_list":
            keys |= {(name, model._meta.app_label) for model in admin.site._registry}
        elif name in SITE_PAGES:
            keys.add((name, None))
        else:
            model, _view = model_and_view(name)
            if "<" not in route and "(" not in route:
                keys.add((name, None))
            elif model._meta.label in SCOPED_MODELS:
                keys |= {(name, A), (name, B)}
            else:
                keys.add((name, SHARED))
    return keys


def shared_record(model, member):
    if model is User:
        return member
    if model is Group:
        return Group.objects.get(name=STAFF_GROUP_NAME)
    record = model._default_manager.first()
    assert record is not None, f"no test record for {model._meta.label}"
    return record


def admin_url(name, of, managed_records, member):
    if name == "app_list":
        return reverse("admin:app_list", args=[of])
    if name == "autocomplete":
        return reverse("admin:autocomplete") + (
            "?app_label=agreements&model_name=party&field_name=agreement&term="
        )
    if of is None:
        return reverse(f"admin:{name}")
    model, view = model_and_view(name)
    if of == SHARED:
        record = shared_record(model, member)
    else:
        record = managed_records[of][model._meta.label]
    args = [record.pk]
    if view in ("simple_history", "restore"):
        args.append(record.history.latest().history_id)
    return reverse(f"admin:{name}", args=args)


@pytest.fixture
def admin_urls(people, managed_records):
    """The URL of every row of the table, with a record to show where it needs one."""
    SectorFactory()
    merge_organizations(OrganizationFactory(), OrganizationFactory(), author=None)
    record_by_the_portal()
    for records in managed_records.values():
        # A claim on the association's benefit, which it handles.
        benefit = records["agreements.Benefit"]
        records["members.Claim"] = Claim.objects.create(
            benefit=benefit, user=people["member"], handled_by=benefit.agreement.owner
        )
    return {
        (name, of): admin_url(name, of, managed_records, people["member"])
        for name, of in ADMIN_URLS
    }


def test_the_table_names_every_url_of_every_admin_and_no_other():
    assert set(ADMIN_URLS) == admin_url_keys()


@pytest.mark.parametrize("person", COLUMNS)
def test_every_admin_url_answers_each_person_as_the_table_says(client, people, admin_urls, person):
    client.force_login(people[person])

    statuses = {key: client.get(url).status_code for key, url in admin_urls.items()}

    column = COLUMNS.index(person)
    assert statuses == {key: row[column] for key, row in ADMIN_URLS.items()}


@pytest.mark.parametrize("person", ["anonymous", "member"])
def test_every_admin_url_sends_visitors_and_members_to_sign_in(client, people, admin_urls, person):
    if people[person] is not None:
        client.force_login(people[person])

    answers = {}
    for key, url in admin_urls.items():
        response = client.get(url)
        answers[key] = (response.status_code, response.get("Location", "").partition("?")[0])

    assert answers == dict.fromkeys(admin_urls, (SIGN_IN, reverse("admin:login")))


def test_staff_lists_show_only_their_associations_records(client, staff_a, managed_records):
    client.force_login(staff_a)

    response = client.get(reverse("admin:agreements_agreement_changelist"))

    titles = [agreement.title for agreement in response.context["cl"].result_list]
    assert titles == ["A agreement"]


def test_staff_manage_agreements_their_association_is_a_party_to(
    client, staff_a, association_a, association_b
):
    shared = AgreementFactory(owner=association_b, title="Shared agreement")
    PartyFactory(agreement=shared, organization=association_a)
    PartyFactory(agreement=shared, organization=association_b)
    client.force_login(staff_a)

    response = client.get(reverse("admin:agreements_agreement_change", args=[shared.pk]))

    assert response.status_code == 200
    # Staff of a party edit the agreement but cannot hand it to another association.
    assert "owner" not in response.context["adminform"].form.fields


def test_foreign_key_choices_offer_only_managed_parents(client, staff_a, managed_records):
    client.force_login(staff_a)

    form = client.get(reverse("admin:agreements_benefit_add")).context["adminform"].form

    agreements = set(form.fields["agreement"].queryset.values_list("title", flat=True))
    assert agreements == {"A agreement"}


def test_a_benefit_cannot_be_attached_to_another_associations_agreement(
    client, staff_a, managed_records, association_a
):
    client.force_login(staff_a)
    other = managed_records["b"]["agreements.Agreement"]

    response = client.post(
        reverse("admin:agreements_benefit_add"),
        {
            "agreement": other.pk,
            "category": "networking",
            "description_en": "Planted benefit",
            "granted_to": [association_a.pk],
            "claim_visibility": "members",
        },
    )

    assert response.status_code == 200
    assert "agreement" in response.context["adminform"].form.errors
    assert not Benefit.objects.filter(description_en="Planted benefit").exists()


def test_autocomplete_offers_managed_parents_but_any_public_counterpart(
    client, staff_a, managed_records
):
    client.force_login(staff_a)
    base = reverse("admin:autocomplete")

    parents = client.get(
        base, {"app_label": "agreements", "model_name": "party", "field_name": "agreement"}
    ).json()["results"]
    counterparts = client.get(
        base, {"app_label": "agreements", "model_name": "party", "field_name": "organization"}
    ).json()["results"]

    assert [r["text"] for r in parents] == ["A agreement"]
    assert {"A Biotech", "B Biotech", "Association B"} <= {r["text"] for r in counterparts}


def plant_drafts(association, label):
    """A draft organization, agreement and event of ``association``'s."""
    return {
        "organization": OrganizationFactory(
            owner=association, name=f"{label} Draft Biotech", publication="draft"
        ),
        "agreement": AgreementFactory(
            owner=association, title=f"{label} draft agreement", publication="draft"
        ),
        "event": EventFactory(owner=association, name=f"{label} draft summit", publication="draft"),
    }


AUTOCOMPLETES = [
    ("agreements", "party", "organization", "Draft Biotech"),
    ("agreements", "benefit", "granted_to", "Draft Biotech"),
    ("agreements", "agreement", "signing_event", "draft summit"),
    ("agreements", "agreement", "renews", "draft agreement"),
    ("events", "event", "related_agreements", "draft agreement"),
]


@pytest.mark.parametrize(("app_label", "model_name", "field_name", "term"), AUTOCOMPLETES)
def test_autocompletes_offer_the_staffs_own_drafts_not_another_associations(
    client,
    staff_a,
    administrator,
    association_a,
    association_b,
    app_label,
    model_name,
    field_name,
    term,
):
    plant_drafts(association_a, "A")
    plant_drafts(association_b, "B")
    query = {"app_label": app_label, "model_name": model_name, "field_name": field_name}

    def offered(user):
        client.force_login(user)
        response = client.get(reverse("admin:autocomplete"), {**query, "term": term})
        return {r["text"].split(" ")[0] for r in response.json()["results"]}

    assert offered(staff_a) == {"A"}
    assert offered(administrator) == {"A", "B"}


def test_another_associations_draft_cannot_be_chosen_by_posting_its_id(
    client, staff_a, managed_records, association_a, association_b
):
    theirs = plant_drafts(association_b, "B")
    ours = plant_drafts(association_a, "A")
    client.force_login(staff_a)
    agreement = managed_records["a"]["agreements.Agreement"]

    def post(organization):
        return client.post(
            reverse("admin:agreements_benefit_add"),
            {
                "agreement": agreement.pk,
                "category": "networking",
                "description_en": f"Benefit for {organization.name}",
                "granted_to": [organization.pk],
                "claim_visibility": "members",
                "allowance_period": "year",
                "allowance_scope": "shared",
            },
        )

    refused = post(theirs["organization"])
    accepted = post(ours["organization"])

    assert refused.status_code == 200
    assert "granted_to" in refused.context["adminform"].form.errors
    assert not Benefit.objects.filter(description_en="Benefit for B Draft Biotech").exists()
    assert accepted.status_code == 302
    assert Benefit.objects.filter(description_en="Benefit for A Draft Biotech").exists()


def test_autocomplete_of_signers_offers_only_contacts_the_staff_may_see(
    client, staff_a, managed_records
):
    hidden = ContactFactory(
        organization=managed_records["b"]["organizations.Organization"],
        name="Hidden Person",
        visibility=Visibility.STAFF,
    )
    client.force_login(staff_a)

    results = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "agreements",
            "model_name": "party",
            "field_name": "signed_by",
            "term": "Hidden",
        },
    ).json()["results"]

    assert results == []
    assert Contact.objects.filter(pk=hidden.pk).exists()


# What a renewal renews ---------------------------------------------------------------


def renewal_data(owner, renews, **data):
    """A signed, published agreement's add form naming the agreement it ``renews``."""
    return {
        "title_en": "Renewal",
        "slug": "renewal",
        "kind": "renewal",
        "status": "signed",
        "signed_on": "2026",
        "signed_on_precision": "year",
        "publication": "published",
        "same_in_both_languages": "on",
        "owner": owner.pk,
        "renews": renews.pk,
        **inline_management("party_set", "commitments", "benefits", "sources"),
        **data,
    }


def test_staff_cannot_mark_another_associations_agreement_renewed(
    client, staff_a, association_a, managed_records
):
    theirs = managed_records["b"]["agreements.Agreement"]
    client.force_login(staff_a)

    response = client.post(
        reverse("admin:agreements_agreement_add"), renewal_data(association_a, theirs)
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["renews"] == [
        "Choose an agreement one of your associations manages: only its own staff may mark "
        "it renewed."
    ]
    assert not Agreement.all_objects.filter(slug="renewal").exists()
    assert Agreement.objects.in_state("renewed", datetime.date.today()).count() == 0


def test_staff_renew_their_own_agreement_and_administrators_any(
    client, staff_a, administrator, association_a, managed_records
):
    client.force_login(staff_a)
    ours = client.post(
        reverse("admin:agreements_agreement_add"),
        renewal_data(association_a, managed_records["a"]["agreements.Agreement"]),
    )
    client.force_login(administrator)
    any_one = client.post(
        reverse("admin:agreements_agreement_add"),
        renewal_data(association_a, managed_records["b"]["agreements.Agreement"], slug="renewal-2"),
    )

    assert (ours.status_code, any_one.status_code) == (302, 302)
    assert sorted(
        Agreement.all_objects.filter(renews__isnull=False).values_list("renews__title", flat=True)
    ) == ["A agreement", "B agreement"]


def test_the_renews_field_offers_only_managed_agreements(
    client, staff_a, administrator, managed_records
):
    query = {"app_label": "agreements", "model_name": "agreement", "field_name": "renews"}

    def offered(user):
        client.force_login(user)
        response = client.get(reverse("admin:autocomplete"), {**query, "term": "agreement"})
        return sorted(r["text"] for r in response.json()["results"])

    assert offered(staff_a) == ["A agreement"]
    assert offered(administrator) == ["A agreement", "B agreement"]


def test_an_agreement_already_renewing_another_associations_stays_as_it_is(
    client, staff_a, association_a, managed_records
):
    """Named by an administrator: saving the record unchanged keeps the link."""
    theirs = managed_records["b"]["agreements.Agreement"]
    ours = managed_records["a"]["agreements.Agreement"]
    Agreement.all_objects.filter(pk=ours.pk).update(renews=theirs)
    ours.refresh_from_db()
    client.force_login(staff_a)

    response = client.post(
        reverse("admin:agreements_agreement_change", args=[ours.pk]),
        agreement_form(ours, renews=theirs.pk, owner=association_a.pk, notice_days="90"),
    )

    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.renews == theirs


def test_records_staff_create_belong_to_their_association(client, staff_a, association_a):
    client.force_login(staff_a)

    response = client.post(
        reverse("admin:organizations_organization_add"),
        {
            "name_en": "Fresh Therapeutics",
            "slug": "fresh-therapeutics",
            "kind": "company",
            "member_count_qualifier": "exact",
            "member_count_as_of_precision": "day",
            "publication": "published",
            "same_in_both_languages": "on",
            "owner": association_a.pk,
            **inline_management("contacts", "relationships_out", "memberships"),
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    created = Organization.objects.get(slug="fresh-therapeutics")
    assert created.owner == association_a
    assert (
        client.get(
            reverse("admin:organizations_organization_change", args=[created.pk])
        ).status_code
        == 200
    )


def test_staff_cannot_give_a_new_record_to_another_association(client, staff_a, association_b):
    client.force_login(staff_a)

    response = client.post(
        reverse("admin:organizations_organization_add"),
        {
            "name_en": "Smuggled Therapeutics",
            "slug": "smuggled",
            "kind": "company",
            "member_count_qualifier": "exact",
            "member_count_as_of_precision": "day",
            "publication": "published",
            "same_in_both_languages": "on",
            "owner": association_b.pk,
            **inline_management("contacts", "relationships_out", "memberships"),
        },
    )

    assert response.status_code == 200
    assert "owner" in response.context["adminform"].form.errors
    assert not Organization.objects.filter(slug="smuggled").exists()


def test_another_associations_record_cannot_be_changed_by_posting_to_it(
    client, staff_a, managed_records
):
    other = managed_records["b"]["agreements.Agreement"]
    client.force_login(staff_a)

    response = client.post(
        reverse("admin:agreements_agreement_change", args=[other.pk]),
        {"title_en": "Taken over", "expected_version": other.version},
    )

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.title == "B agreement"


def test_bulk_delete_only_reaches_managed_rows(client, staff_a, managed_records):
    other = managed_records["b"]["organizations.Contact"]
    own = managed_records["a"]["organizations.Contact"]
    client.force_login(staff_a)

    client.post(
        reverse("admin:organizations_contact_changelist"),
        {"action": "delete_selected", "_selected_action": [own.pk, other.pk], "post": "yes"},
    )

    assert not Contact.objects.filter(pk=own.pk).exists()
    assert Contact.objects.filter(pk=other.pk).exists()


def test_a_permission_removed_takes_effect_on_the_next_request(client, staff_a):
    client.force_login(staff_a)
    url = reverse("admin:agreements_agreement_changelist")
    assert client.get(url).status_code == 200

    group = Group.objects.get(name=STAFF_GROUP_NAME)
    group.permissions.remove(
        *Permission.objects.filter(
            content_type__app_label="agreements",
            codename__in=["view_agreement", "change_agreement"],
        )
    )

    assert client.get(url).status_code == 403


@pytest.mark.parametrize("has_profile", [True, False], ids=["no association", "no profile"])
def test_a_staff_account_without_association_manages_nothing(client, managed_records, has_profile):
    if has_profile:
        loner = StaffFactory(username="loner", associations=[])
    else:
        # As `createsuperuser`-style accounts made staff by hand: no profile row at all.
        loner = UserFactory(username="loner", is_staff=True)
        loner.groups.add(Group.objects.get(name=STAFF_GROUP_NAME))
    client.force_login(loner)

    response = client.get(reverse("admin:agreements_party_changelist"))

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
    assert Party.objects.count() > 0


def test_the_history_of_another_associations_deleted_record_stays_hidden(
    client, staff_a, managed_records
):
    other = managed_records["b"]["agreements.Agreement"]
    pk = other.pk
    other.delete()
    client.force_login(staff_a)

    deleted = client.get(reverse("admin:agreements_agreement_deleted"))
    history = client.get(reverse("admin:agreements_agreement_history", args=[pk]))

    assert "B agreement" not in deleted.content.decode()
    assert history.status_code == 404
    assert not Agreement.objects.filter(pk=pk).exists()


def inline_management(*prefixes):
    form = {}
    for prefix in prefixes:
        form |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return form
