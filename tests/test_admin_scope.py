"""Staff scoping in the admin: each association's staff see and change only their records.

The permission matrix walks every URL of the admin — every view of every
registered model, plus the site's own pages — for five people: an anonymous
visitor, a member, the staff of association A, the staff of association B and
an administrator.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.urls import URLPattern, URLResolver, reverse

from accounts.groups import STAFF_GROUP_NAME
from accounts.models import Profile
from agreements.models import Agreement, Benefit, Party
from organizations.models import Contact, Organization
from tests.factories import (
    AgreementFactory,
    BenefitFactory,
    CommitmentFactory,
    ContactFactory,
    EventFactory,
    EventOrganizationFactory,
    MembershipFactory,
    OrganizationFactory,
    PartyFactory,
    RelationshipFactory,
    SectorFactory,
    SeriesFactory,
    SourceDocumentFactory,
)

AUDIENCES = ["anonymous", "member", "staff_a", "staff_b", "administrator"]

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
}
# Shared vocabulary staff may read but not change.
READ_ONLY_MODELS = {"organizations.Sector"}


def make_staff(username, association):
    user = User.objects.create_user(username, f"{username}@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name=STAFF_GROUP_NAME))
    Profile.objects.create(user=user).associations.add(association)
    return user


def side(association, owner_label):
    """One record of every scoped model, managed by ``association``."""
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
        "events.EventOrganization": EventOrganizationFactory(event=event, role="participant"),
        "events.Series": SeriesFactory(owner=association),
    }


@pytest.fixture
def world(db):
    return build_world()


def build_world():
    """Associations A and B, one record of each scoped model on each side, five people."""
    association_a = OrganizationFactory(kind="association", name="Association A")
    association_b = OrganizationFactory(kind="association", name="Association B")
    member = User.objects.create_user("member", "member@example.org", "pw")
    Profile.objects.create(user=member, organization=OrganizationFactory(name="Member Co"))
    MembershipFactory(member=member.profile.organization, association=association_a)
    people = {
        "anonymous": None,
        "member": member,
        "staff_a": make_staff("staff-a", association_a),
        "staff_b": make_staff("staff-b", association_b),
        "administrator": User.objects.create_superuser("root", "root@example.org", "pw"),
    }
    records = {"a": side(association_a, "A"), "b": side(association_b, "B")}
    SectorFactory()
    return {"people": people, "records": records, "a": association_a, "b": association_b}


def patterns(resolver, prefix=""):
    """(route, pattern) for every pattern under ``resolver``, routes joined."""
    for entry in resolver:
        if isinstance(entry, URLResolver):
            yield from patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def admin_url_cases(world):
    """Every admin URL, named by what it is: (case id, URL, model label or None, side)."""
    cases = []
    site_names = {"index", "password_change", "password_change_done", "jsi18n", "autocomplete"}
    for route, pattern in patterns(admin.site.get_urls()):
        name = pattern.name
        if name in site_names:
            url = reverse(f"admin:{name}")
            if name == "autocomplete":
                url += "?app_label=agreements&model_name=party&field_name=agreement&term="
            cases.append((name, url, None, None))
        elif name == "app_list":
            for app_label in sorted({m._meta.app_label for m in admin.site._registry}):
                cases.append(
                    (
                        f"app_list:{app_label}",
                        reverse("admin:app_list", args=[app_label]),
                        None,
                        app_label,
                    )
                )
        elif name in ("login", "logout", "view_on_site") or name is None:
            # Sign-in is public, sign-out is a POST, "view on site" redirects to the public
            # page; the unnamed patterns are redirects and the catch-all.
            continue
        else:
            cases.extend(model_url_cases(world, route, name))
    return cases


def model_url_cases(world, route, name):
    model = next(
        (
            m
            for m in admin.site._registry
            if name.startswith(f"{m._meta.app_label}_{m._meta.model_name}_")
        ),
        None,
    )
    assert model is not None, f"admin URL {name} belongs to no registered model"
    label = model._meta.label
    view = name.removeprefix(f"{model._meta.app_label}_{model._meta.model_name}_")
    needs_object = "<" in route or "(" in route
    if not needs_object:
        return [(f"{label}:{view}", reverse(f"admin:{name}"), label, None)]
    cases = []
    for side_name in ("a", "b") if label in SCOPED_MODELS else ("a",):
        obj = object_for(world, model, side_name)
        args = [obj.pk]
        if view in ("simple_history", "restore"):
            args.append(obj.history.latest().history_id)
        cases.append(
            (f"{label}:{view}:{side_name}", reverse(f"admin:{name}", args=args), label, side_name)
        )
    return cases


def object_for(world, model, side_name):
    label = model._meta.label
    if label in SCOPED_MODELS:
        return world["records"][side_name][label]
    if model is User:
        return world["people"]["member"]
    if model is Group:
        return Group.objects.get(name=STAFF_GROUP_NAME)
    instance = model._default_manager.first()
    if instance is None:
        instance = make_unscoped(model)
    return instance


def make_unscoped(model):
    if model._meta.app_label == "axes":
        fields = {
            "user_agent": "test",
            "ip_address": "10.0.0.1",
            "username": "someone",
            "http_accept": "*/*",
            "path_info": "/admin/login/",
        }
        names = {f.name for f in model._meta.get_fields()}
        if "attempt_time" in names:
            from django.utils import timezone

            fields["attempt_time"] = timezone.now()
        if "failures_since_start" in names:
            fields["failures_since_start"] = 1
        if "get_data" in names:
            fields |= {"get_data": "", "post_data": ""}
        return model.objects.create(**{k: v for k, v in fields.items() if k in names})
    raise AssertionError(f"no test record for {model._meta.label}")


def expected_status(audience, case_id, label, side_name):
    if audience in ("anonymous", "member"):
        return 302  # to the admin sign-in page
    if audience == "administrator":
        if label and label.startswith("axes.") and case_id.endswith(":add"):
            return 403  # sign-in attempts are recorded by django-axes, never typed in
        # A live record's version is not a deletion: there is nothing to restore.
        return 404 if case_id.endswith((":restore:a", ":restore:b")) else 200
    own = "a" if audience == "staff_a" else "b"
    if case_id.startswith("app_list:"):
        return 200 if side_name in ("organizations", "agreements", "events") else 404
    if label is None:
        return 200
    view = case_id.split(":")[1]
    if label in SCOPED_MODELS:
        if side_name is not None and side_name != own:
            return 404
        return 404 if view == "restore" else 200
    if label in READ_ONLY_MODELS:
        return 200 if view in ("changelist", "change", "history") else 403
    return 403


@pytest.fixture
def cases(world):
    return admin_url_cases(world)


def test_the_matrix_covers_every_view_of_every_admin(cases):
    views = {
        case_id.rsplit(":", 1)[0] if case_id.count(":") == 2 else case_id for case_id, *_ in cases
    }
    for model, model_admin in admin.site._registry.items():
        names = {p.name for p in model_admin.get_urls() if p.name}
        for name in names:
            view = name.removeprefix(f"{model._meta.app_label}_{model._meta.model_name}_")
            assert f"{model._meta.label}:{view}" in views
    assert len(cases) > 150


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_admin_url_answers_each_audience_as_its_permissions_say(
    client, world, cases, audience
):
    person = world["people"][audience]
    if person is not None:
        client.force_login(person)
    wrong = {}
    for case_id, url, label, side_name in cases:
        response = client.get(url)
        expected = expected_status(audience, case_id, label, side_name)
        if response.status_code != expected:
            wrong[case_id] = (response.status_code, expected)
        if expected == 302 and audience in ("anonymous", "member"):
            assert response["Location"].startswith(reverse("admin:login")), case_id
    assert wrong == {}


def test_staff_lists_show_only_their_associations_records(client, world):
    client.force_login(world["people"]["staff_a"])

    response = client.get(reverse("admin:agreements_agreement_changelist"))

    titles = [agreement.title for agreement in response.context["cl"].result_list]
    assert titles == ["A agreement"]


def test_staff_manage_agreements_their_association_is_a_party_to(client, world):
    shared = AgreementFactory(owner=world["b"], title="Shared agreement")
    PartyFactory(agreement=shared, organization=world["a"])
    PartyFactory(agreement=shared, organization=world["b"])
    client.force_login(world["people"]["staff_a"])

    response = client.get(reverse("admin:agreements_agreement_change", args=[shared.pk]))

    assert response.status_code == 200
    # Staff of a party edit the agreement but cannot hand it to another association.
    assert "owner" not in response.context["adminform"].form.fields


def test_foreign_key_choices_offer_only_managed_parents(client, world):
    client.force_login(world["people"]["staff_a"])

    form = client.get(reverse("admin:agreements_benefit_add")).context["adminform"].form

    agreements = set(form.fields["agreement"].queryset.values_list("title", flat=True))
    assert agreements == {"A agreement"}


def test_a_benefit_cannot_be_attached_to_another_associations_agreement(client, world):
    client.force_login(world["people"]["staff_a"])
    other = world["records"]["b"]["agreements.Agreement"]

    response = client.post(
        reverse("admin:agreements_benefit_add"),
        {
            "agreement": other.pk,
            "category": "networking",
            "description_en": "Planted benefit",
            "granted_to": [world["a"].pk],
            "claim_visibility": "members",
        },
    )

    assert response.status_code == 200
    assert "agreement" in response.context["adminform"].form.errors
    assert not Benefit.objects.filter(description_en="Planted benefit").exists()


def test_autocomplete_offers_managed_parents_but_any_public_counterpart(client, world):
    client.force_login(world["people"]["staff_a"])
    base = reverse("admin:autocomplete")

    parents = client.get(
        base, {"app_label": "agreements", "model_name": "party", "field_name": "agreement"}
    ).json()["results"]
    counterparts = client.get(
        base, {"app_label": "agreements", "model_name": "party", "field_name": "organization"}
    ).json()["results"]

    assert [r["text"] for r in parents] == ["A agreement"]
    assert {"A Biotech", "B Biotech", "Association B"} <= {r["text"] for r in counterparts}


def test_autocomplete_of_signers_offers_only_contacts_the_staff_may_see(client, world):
    hidden = ContactFactory(
        organization=world["records"]["b"]["organizations.Organization"],
        name="Hidden Person",
        visibility="staff",
    )
    client.force_login(world["people"]["staff_a"])

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


def test_records_staff_create_belong_to_their_association(client, world):
    client.force_login(world["people"]["staff_a"])

    response = client.post(
        reverse("admin:organizations_organization_add"),
        {
            "name_en": "Fresh Therapeutics",
            "slug": "fresh-therapeutics",
            "kind": "company",
            "member_count_qualifier": "exact",
            "member_count_as_of_precision": "day",
            "owner": world["a"].pk,
            **inline_management("contacts", "relationships_out", "memberships"),
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    created = Organization.objects.get(slug="fresh-therapeutics")
    assert created.owner == world["a"]
    assert (
        client.get(
            reverse("admin:organizations_organization_change", args=[created.pk])
        ).status_code
        == 200
    )


def test_staff_cannot_give_a_new_record_to_another_association(client, world):
    client.force_login(world["people"]["staff_a"])

    response = client.post(
        reverse("admin:organizations_organization_add"),
        {
            "name_en": "Smuggled Therapeutics",
            "slug": "smuggled",
            "kind": "company",
            "member_count_qualifier": "exact",
            "member_count_as_of_precision": "day",
            "owner": world["b"].pk,
            **inline_management("contacts", "relationships_out", "memberships"),
        },
    )

    assert response.status_code == 200
    assert "owner" in response.context["adminform"].form.errors
    assert not Organization.objects.filter(slug="smuggled").exists()


def test_another_associations_record_cannot_be_changed_by_posting_to_it(client, world):
    other = world["records"]["b"]["agreements.Agreement"]
    client.force_login(world["people"]["staff_a"])

    response = client.post(
        reverse("admin:agreements_agreement_change", args=[other.pk]),
        {"title_en": "Taken over", "expected_version": other.version},
    )

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.title == "B agreement"


def test_bulk_delete_only_reaches_managed_rows(client, world):
    other = world["records"]["b"]["organizations.Contact"]
    own = world["records"]["a"]["organizations.Contact"]
    client.force_login(world["people"]["staff_a"])

    client.post(
        reverse("admin:organizations_contact_changelist"),
        {"action": "delete_selected", "_selected_action": [own.pk, other.pk], "post": "yes"},
    )

    assert not Contact.objects.filter(pk=own.pk).exists()
    assert Contact.objects.filter(pk=other.pk).exists()


def test_a_permission_removed_takes_effect_on_the_next_request(client, world):
    client.force_login(world["people"]["staff_a"])
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


def test_a_staff_account_without_association_manages_nothing(client, world):
    loner = User.objects.create_user("loner", "loner@example.org", "pw", is_staff=True)
    loner.groups.add(Group.objects.get(name=STAFF_GROUP_NAME))
    client.force_login(loner)

    response = client.get(reverse("admin:agreements_party_changelist"))

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
    assert Party.objects.count() > 0


def test_the_history_of_another_associations_deleted_record_stays_hidden(client, world):
    other = world["records"]["b"]["agreements.Agreement"]
    pk = other.pk
    other.delete()
    client.force_login(world["people"]["staff_a"])

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
