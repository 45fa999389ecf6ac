"""Merging two records of one organization, and reverting the merge (issue 15)."""

import pytest
from django.urls import reverse

from accounts.models import Profile
from agreements.models import Benefit, Party
from events.models import EventOrganization, Series
from members.models import AccessRequest, Claim, CorrectionRequest
from organizations.merge import CannotMerge, merge_organizations, revert_merge
from organizations.models import (
    Contact,
    Membership,
    Organization,
    OrganizationKind,
    OrganizationMerge,
    Relationship,
)
from search import indexing, results
from search.models import OrganizationPosting, SearchName
from tests.factories import (
    AdministratorFactory,
    AgreementFactory,
    BenefitFactory,
    ContactFactory,
    EventFactory,
    EventOrganizationFactory,
    MemberFactory,
    MembershipFactory,
    OrganizationFactory,
    PartyFactory,
    RelationshipFactory,
    SectorFactory,
    SeriesFactory,
    StaffFactory,
)
from tests.test_pages_helpers import read_html


@pytest.fixture
def author(db):
    return AdministratorFactory(username="merger")


@pytest.fixture
def twins(db):
    """Université de Montréal recorded twice, each record with links of its own, and
    links the two share (which a merge cannot repeat)."""
    kept = OrganizationFactory(
        name="Université de Montréal",
        slug="universite-de-montreal",
        kind=OrganizationKind.UNIVERSITY,
    )
    merged = OrganizationFactory(
        name="Universite de Montreal",
        acronym="UdeM",
        slug="universite-montreal",
        kind=OrganizationKind.UNIVERSITY,
        description="Founded in 1878.",
    )
    partner = OrganizationFactory(name="Genome Canada", slug="genome-canada")
    network = OrganizationFactory(name="Quebec Network", slug="quebec-network")
    company = OrganizationFactory(name="Zymeworks", slug="zymeworks", kind=OrganizationKind.COMPANY)
    links = {"kept": kept, "merged": merged, "partner": partner, "network": network}
    # Only on the merged record: all of these move.
    links["agreement"] = AgreementFactory(title="Precision medicine pact", owner=merged)
    links["party"] = PartyFactory(agreement=links["agreement"], organization=merged)
    links["membership_out"] = MembershipFactory(member=merged, association=network)
    links["membership_in"] = MembershipFactory(member=company, association=merged)
    links["relationship_out"] = RelationshipFactory(subject=merged, object=partner)
    links["relationship_in"] = RelationshipFactory(subject=partner, object=merged, kind="funded_by")
    links["contact"] = ContactFactory(organization=merged, name="Paul Martin")
    links["event"] = EventFactory(name="Biomarker summit")
    links["role"] = EventOrganizationFactory(event=links["event"], organization=merged)
    links["benefit"] = BenefitFactory(agreement=links["agreement"])
    links["benefit"].granted_to.add(merged)
    links["member"] = MemberFactory(username="researcher", profile__organization=merged)
    links["staff"] = StaffFactory(username="udem-staff", associations=[merged])
    links["series"] = SeriesFactory(name="Montreal lectures", organizer=merged, owner=merged)
    links["owned"] = OrganizationFactory(name="UdeM spin-off", slug="udem-spin-off", owner=merged)
    links["provided"] = BenefitFactory(agreement=links["agreement"], provided_by=merged)
    links["claim"] = Claim.objects.create(
        benefit=links["benefit"],
        user=links["member"],
        organization=merged,
        through_association=merged,
        handled_by=merged,
    )
    links["access_request"] = AccessRequest.objects.create(
        name="Ana", email="ana@example.org", organization=merged, association=merged, language="en"
    )
    links["correction"] = CorrectionRequest.objects.create(
        record_kind="organization",
        record_id=merged.pk,
        record_title=merged.name,
        record_path="/en/organizations/universite-montreal/",
        handled_by=merged,
        message="The acronym is UdeM.",
        language="en",
    )
    # On both records: the merged record's copy is removed.
    shared = AgreementFactory(title="Shared pact")
    links["shared_agreement"] = shared
    links["kept_party"] = PartyFactory(agreement=shared, organization=kept)
    kept_jane = ContactFactory(organization=kept, name="Jane Roy")
    links["kept_jane"] = kept_jane
    links["merged_jane"] = ContactFactory(organization=merged, name="Jane Roy", title="Dean")
    links["shared_party"] = PartyFactory(
        agreement=shared, organization=merged, signed_by=links["merged_jane"]
    )
    links["shared_membership"] = MembershipFactory(member=merged, association=partner)
    MembershipFactory(member=kept, association=partner)
    # Between the two records: it would relate the kept record to itself.
    links["self_relationship"] = RelationshipFactory(subject=merged, object=kept)
    indexing.rebuild()
    return links


# Every link to an organization: its kind, the model and the lookup that names it.
LINKS = [
    ("party", Party, "organization"),
    ("member", Membership, "member"),
    ("association", Membership, "association"),
    ("subject", Relationship, "subject"),
    ("object", Relationship, "object"),
    ("contact", Contact, "organization"),
    ("role", EventOrganization, "organization"),
    ("benefit", Benefit, "granted_to"),
    ("profile", Profile, "organization"),
    ("staff", Profile, "associations"),
    ("organizer", Series, "organizer"),
    ("series owner", Series, "owner"),
    ("organization owner", Organization, "owner"),
    ("provider", Benefit, "provided_by"),
    ("claimant", Claim, "organization"),
    ("claimed through", Claim, "through_association"),
    ("claim handler", Claim, "handled_by"),
    ("asked of", AccessRequest, "association"),
    ("requester's organization", AccessRequest, "organization"),
    ("correction handler", CorrectionRequest, "handled_by"),
]


def linked_ids(organization_pk):
    """Every link to an organization, as (kind, row id) pairs."""
    return {
        (kind, pk)
        for kind, model, lookup in LINKS
        for pk in model._default_manager.filter(**{lookup: organization_pk}).values_list(
            "pk", flat=True
        )
    }


def found(query):
    """The names of the global search's results, whatever their kind."""
    return sorted(
        result.title for group in results.search(query, "en").groups for result in group.results
    )


# ------------------------------------------------------------------ merging


def test_a_merge_moves_every_link_to_the_kept_record(twins, author):
    kept, merged = twins["kept"], twins["merged"]
    before_kept, before_merged = linked_ids(kept.pk), linked_ids(merged.pk)
    removed = {
        ("party", twins["shared_party"].pk),
        ("contact", twins["merged_jane"].pk),
        ("member", twins["shared_membership"].pk),
        ("subject", twins["self_relationship"].pk),
    }

    merge_organizations(kept, merged, author=author)

    assert not Organization.objects.filter(pk=merged.pk).exists()
    assert linked_ids(merged.pk) == set()
    # The self relationship was the kept record's "object" link too: it is gone.
    assert linked_ids(kept.pk) == (before_kept | before_merged) - removed - {
        ("object", twins["self_relationship"].pk)
    }
    assert twins["agreement"].parties.get() == kept
    assert Organization.objects.get(pk=twins["owned"].pk).owner == kept
    assert Series.objects.get(pk=twins["series"].pk).organizer == kept
    assert list(twins["benefit"].granted_to.all()) == [kept]
    assert list(twins["staff"].profile.associations.all()) == [kept]


def test_a_link_the_kept_record_already_has_is_removed_and_what_pointed_to_it_follows(
    twins, author
):
    merge_organizations(twins["kept"], twins["merged"], author=author)

    shared = twins["shared_agreement"]
    assert list(shared.party_set.values_list("organization", "signed_by")) == [
        (twins["kept"].pk, None)
    ]
    assert list(Contact.objects.filter(name="Jane Roy").values_list("pk", flat=True)) == [
        twins["kept_jane"].pk
    ]
    assert not Relationship.objects.filter(pk=twins["self_relationship"].pk).exists()


def test_the_kept_record_keeps_its_own_fields(twins, author):
    kept = twins["kept"]

    merge_organizations(kept, twins["merged"], author=author)

    kept.refresh_from_db()
    assert (kept.name, kept.acronym, kept.description, kept.slug) == (
        "Université de Montréal",
        "",
        "",
        "universite-de-montreal",
    )


def test_the_history_of_both_records_is_kept_with_the_author(twins, author):
    merged = twins["merged"]

    merge = merge_organizations(twins["kept"], merged, author=author)

    deletion = Organization.history.filter(id=merged.pk).latest("history_date")
    assert (deletion.history_type, deletion.history_user, deletion.name) == (
        "-",
        author,
        "Universite de Montreal",
    )
    party = twins["party"].history.latest("history_date")
    assert (party.organization_id, party.history_user, party.history_change_reason) == (
        twins["kept"].pk,
        author,
        f"Merge {merge.pk}: Universite de Montreal (UdeM) merged into this record",
    )
    removed = Contact.history.filter(id=twins["merged_jane"].pk).latest("history_date")
    assert (removed.history_type, removed.history_user) == ("-", author)
    benefit = twins["benefit"].history.latest("history_date")
    assert [row.organization_id for row in benefit.granted_to.all()] == [twins["kept"].pk]


def test_the_merge_is_recorded(twins, author):
    merge = merge_organizations(twins["kept"], twins["merged"], author=author)

    assert (merge.kept, merge.merged_id, merge.merged_name, merge.author, merge.reverted_at) == (
        twins["kept"],
        twins["merged"].pk,
        "Universite de Montreal (UdeM)",
        author,
        None,
    )
    assert len(merge.log["removed"]) == 4
    assert str(merge) == "Universite de Montreal (UdeM) merged into Université de Montréal"


def test_an_organization_is_not_merged_with_itself(twins, author):
    with pytest.raises(CannotMerge):
        merge_organizations(twins["kept"], twins["kept"], author=author)


def test_the_kept_record_page_shows_the_moved_links_and_the_merged_one_is_gone(
    client, twins, author
):
    merged_url = twins["merged"].get_absolute_url()
    kept_url = twins["kept"].get_absolute_url()
    moved = ["Precision medicine pact", "Biomarker summit", "Genome Canada", "Paul Martin"]

    def shown(page):
        return [text for text in moved if text in page.content.decode()]

    assert shown(client.get(kept_url)) == []

    merge_organizations(twins["kept"], twins["merged"], author=author)

    assert shown(client.get(kept_url)) == moved
    assert client.get(merged_url).status_code == 404


def test_search_finds_the_kept_record_by_the_moved_links_and_not_the_merged_one(
    twins, author, django_capture_on_commit_callbacks
):
    # The agreements and events show their parties' acronyms.
    assert found("UdeM") == [
        "Biomarker summit",
        "Precision medicine pact",
        "Shared pact",
        "UdeM spin-off",
        "Universite de Montreal",
    ]

    with django_capture_on_commit_callbacks(execute=True):
        merge_organizations(twins["kept"], twins["merged"], author=author)

    merged_pk = twins["merged"].pk
    assert not OrganizationPosting.objects.filter(record=merged_pk).exists()
    assert not SearchName.objects.filter(organization=merged_pk).exists()
    assert found("UdeM") == ["UdeM spin-off"]
    # The agreement and the event now show the kept record's name.
    assert "Precision medicine pact" in found("Université de Montréal")
    assert "Biomarker summit" in found("Université de Montréal")


# ------------------------------------------------------------------ reverting


def snapshot(twins):
    merged = Organization.objects.get(pk=twins["merged"].pk)
    return {
        "fields": {
            field.attname: getattr(merged, field.attname)
            for field in Organization._meta.concrete_fields
            if field.attname not in ("version", "updated_at")
        },
        "sectors": set(merged.sectors.values_list("pk", flat=True)),
        "merged links": linked_ids(twins["merged"].pk),
        "kept links": linked_ids(twins["kept"].pk),
        "signer": Party.objects.get(pk=twins["shared_party"].pk).signed_by_id,
    }


def test_a_revert_puts_everything_back_as_it_was(twins, author):
    twins["merged"].sectors.add(SectorFactory(name="Genomics"))
    before = snapshot(twins)
    merge = merge_organizations(twins["kept"], twins["merged"], author=author)

    restored = revert_merge(merge, author=author)

    assert restored.pk == twins["merged"].pk
    assert snapshot(twins) == before
    merge.refresh_from_db()
    assert (merge.reverted_by, merge.reverted_at is not None) == (author, True)


def test_a_revert_restores_the_search_entries(twins, author, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        merge = merge_organizations(twins["kept"], twins["merged"], author=author)
    with django_capture_on_commit_callbacks(execute=True):
        revert_merge(merge, author=author)

    assert found("UdeM") == [
        "Biomarker summit",
        "Precision medicine pact",
        "Shared pact",
        "UdeM spin-off",
        "Universite de Montreal",
    ]


def test_a_revert_is_in_the_history_with_its_author(twins, author):
    merge = merge_organizations(twins["kept"], twins["merged"], author=author)
    reverter = AdministratorFactory(username="reverter")

    revert_merge(merge, author=reverter)

    versions = Organization.history.filter(id=twins["merged"].pk).order_by("history_date")
    assert [(v.history_type, v.history_user) for v in versions] == [
        ("+", None),
        ("-", author),
        ("+", reverter),
    ]


def test_a_merge_is_reverted_once(twins, author):
    merge = merge_organizations(twins["kept"], twins["merged"], author=author)
    revert_merge(merge, author=author)

    with pytest.raises(CannotMerge, match="already reverted"):
        revert_merge(merge, author=author)


def test_no_revert_once_the_kept_record_is_deleted(twins, author):
    merge = merge_organizations(twins["kept"], twins["merged"], author=author)
    Party.objects.filter(organization=twins["kept"]).delete()
    twins["kept"].delete()

    with pytest.raises(CannotMerge, match="kept organization was deleted"):
        revert_merge(OrganizationMerge.objects.get(pk=merge.pk), author=author)

    assert not Organization.objects.filter(pk=twins["merged"].pk).exists()


def test_no_revert_when_a_moved_link_was_changed_since_and_nothing_is_half_done(twins, author):
    merge = merge_organizations(twins["kept"], twins["merged"], author=author)
    Contact.objects.filter(pk=twins["contact"].pk).update(organization=twins["partner"])
    kept_links = linked_ids(twins["kept"].pk)

    with pytest.raises(CannotMerge, match="Paul Martin"):
        revert_merge(merge, author=author)

    assert not Organization.objects.filter(pk=twins["merged"].pk).exists()
    assert linked_ids(twins["kept"].pk) == kept_links
    merge.refresh_from_db()
    assert merge.reverted_at is None


def test_no_revert_when_the_merged_slug_was_taken_since(twins, author):
    merge = merge_organizations(twins["kept"], twins["merged"], author=author)
    OrganizationFactory(slug="universite-montreal")

    with pytest.raises(CannotMerge, match="slug"):
        revert_merge(merge, author=author)


# ------------------------------------------------------------------ the admin

CHANGELIST = "admin:organizations_organization_changelist"
MERGES = "admin:organizations_organizationmerge_changelist"


def action_names(response):
    return [name for name, _label in response.context["action_form"].fields["action"].choices]


def merge_action(*organizations, **confirm):
    data = {"action": "merge_selected", "_selected_action": [o.pk for o in organizations]}
    if confirm:
        data |= {"post": "yes", **confirm}
    return data


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_the_merge_action_is_offered_to_administrators_only(client, people):
    offered = {}
    for person in ["staff_a", "administrator"]:
        client.force_login(people[person])
        offered[person] = "merge_selected" in action_names(client.get(reverse(CHANGELIST)))

    assert offered == {"staff_a": False, "administrator": True}


def test_staff_posting_the_merge_action_are_refused(client, staff_a, association_a):
    own = [
        OrganizationFactory(owner=association_a, name="Lab One"),
        OrganizationFactory(owner=association_a, name="Lab 1"),
    ]
    client.force_login(staff_a)

    asked = client.post(reverse(CHANGELIST), merge_action(*own))
    confirmed = client.post(reverse(CHANGELIST), merge_action(*own, kept=own[0].pk))

    assert (asked.status_code, confirmed.status_code) == (403, 403)
    assert Organization.objects.filter(pk__in=[o.pk for o in own]).count() == 2
    assert not OrganizationMerge.objects.exists()


def test_merging_one_organization_is_refused_with_a_warning(client, administrator, twins):
    client.force_login(administrator)

    response = client.post(reverse(CHANGELIST), merge_action(twins["kept"]), follow=True)

    assert messages_of(response) == ["Select two organizations or more to merge them."]
    assert not OrganizationMerge.objects.exists()


def test_the_confirmation_page_asks_which_record_is_kept_and_shows_what_would_move(
    client, administrator, twins
):
    client.force_login(administrator)

    response = client.post(reverse(CHANGELIST), merge_action(twins["kept"], twins["merged"]))

    assert response.status_code == 200
    page = read_html(response.content)
    fieldset = page.select_one("fieldset.merge-choice")
    assert fieldset.legend.text.strip() == "Which record is kept?"
    labels = [label.text for label in fieldset.select("label")]
    assert labels == ["Universite de Montreal (UdeM)", "Université de Montréal"]
    for radio in fieldset.select("input[type=radio]"):
        assert fieldset.select_one(f"label[for={radio['id']}]") is not None
    counts = [
        [item.text for item in option.select(".merge-counts li")]
        for option in fieldset.select(".merge-option")
    ]
    assert counts[1] == [
        "Relationships (related organization): 1",
        "Memberships (member): 1",
        "Contacts (organization): 1",
        "Parties (organization): 1",
    ]
    assert "Parties (organization): 2" in counts[0]
    assert "Profiles (staff of): 1" in counts[0]
    assert "Benefits (for the members of): 1" in counts[0]
    assert not OrganizationMerge.objects.exists()


def test_confirming_merges_into_the_chosen_record_and_links_to_it(client, administrator, twins):
    client.force_login(administrator)
    kept, merged = twins["kept"], twins["merged"]

    response = client.post(
        reverse(CHANGELIST), merge_action(kept, merged, kept=kept.pk), follow=True
    )

    assert not Organization.objects.filter(pk=merged.pk).exists()
    assert OrganizationMerge.objects.get().author == administrator
    kept_url = reverse("admin:organizations_organization_change", args=[kept.pk])
    assert messages_of(response) == [
        f'1 organization was merged into <a href="{kept_url}">Université de Montréal</a>. '
        f'The merge can be reverted from the <a href="{reverse(MERGES)}">list of merges</a>.'
    ]


def test_three_records_are_merged_into_the_one_kept(client, administrator, twins):
    third = OrganizationFactory(name="U. Montréal", slug="u-montreal")
    ContactFactory(organization=third, name="Lise Roy")
    client.force_login(administrator)
    kept = twins["kept"]

    client.post(reverse(CHANGELIST), merge_action(kept, twins["merged"], third, kept=kept.pk))

    assert OrganizationMerge.objects.count() == 2
    assert not Organization.objects.filter(pk__in=[twins["merged"].pk, third.pk]).exists()
    assert Contact.objects.get(name="Lise Roy").organization == kept


@pytest.mark.parametrize("kept", ["", "abc", "999999999999999999999", "-1"])
def test_a_bad_choice_of_the_kept_record_shows_the_page_again_with_an_error(
    client, administrator, twins, kept
):
    outsider = twins["partner"]
    client.force_login(administrator)

    response = client.post(
        reverse(CHANGELIST), merge_action(twins["kept"], twins["merged"], kept=kept or outsider.pk)
    )

    assert response.status_code == 200
    errors = read_html(response.content).select_one("#kept-errors").text.strip()
    assert errors == "Choose one of the selected organizations."
    assert not OrganizationMerge.objects.exists()


def add_links(organization, count):
    for n in range(count):
        party = PartyFactory(organization=organization)
        ContactFactory(organization=organization, name=f"Contact {n}")
        MembershipFactory(member=organization)
        RelationshipFactory(subject=organization)
        EventOrganizationFactory(organization=organization)
        party.agreement.owner = organization
        party.agreement.save()


@pytest.mark.parametrize("links", [1, 4])
def test_the_confirmation_page_makes_as_many_queries_whatever_the_links(
    client, administrator, django_assert_num_queries, links
):
    first = OrganizationFactory(name="Genome Québec")
    second = OrganizationFactory(name="Genome Quebec")
    add_links(first, links)
    add_links(second, links)
    client.force_login(administrator)

    # Session, user; the list Django builds before the action (sectors of the filter
    # twice, the count); the selected records; one count per kind of link (23).
    with django_assert_num_queries(29):
        response = client.post(reverse(CHANGELIST), merge_action(first, second))

    assert response.status_code == 200


def test_the_list_of_merges_is_for_administrators_only(client, people, twins):
    merge = merge_organizations(twins["kept"], twins["merged"], author=people["administrator"])
    answers = {}
    for person in ["staff_a", "administrator"]:
        client.force_login(people[person])
        answers[person] = (
            client.get(reverse(MERGES)).status_code,
            client.get(
                reverse("admin:organizations_organizationmerge_revert", args=[merge.pk])
            ).status_code,
            client.post(
                reverse("admin:organizations_organizationmerge_revert", args=[merge.pk])
            ).status_code,
        )

    assert answers == {"staff_a": (403, 403, 403), "administrator": (200, 200, 302)}


def test_a_merge_is_reverted_from_the_list_of_merges(client, administrator, twins):
    merge = merge_organizations(twins["kept"], twins["merged"], author=administrator)
    client.force_login(administrator)
    revert_url = reverse("admin:organizations_organizationmerge_revert", args=[merge.pk])

    listed = client.get(reverse(MERGES))
    assert revert_url in listed.content.decode()
    confirmation = read_html(client.get(revert_url).content)
    assert confirmation.select_one("form input[type=submit]")["value"] == "Revert this merge"

    response = client.post(revert_url, follow=True)

    restored = Organization.objects.get(pk=twins["merged"].pk)
    restored_url = reverse("admin:organizations_organization_change", args=[restored.pk])
    assert messages_of(response) == [
        f'The merge was reverted: <a href="{restored_url}">Universite de Montreal (UdeM)</a> '
        "is back, with its links."
    ]
    assert revert_url not in response.content.decode()


def test_a_revert_that_cannot_be_done_says_why(client, administrator, twins):
    merge = merge_organizations(twins["kept"], twins["merged"], author=administrator)
    OrganizationFactory(slug="universite-montreal")
    client.force_login(administrator)

    response = client.post(
        reverse("admin:organizations_organizationmerge_revert", args=[merge.pk]), follow=True
    )

    assert messages_of(response) == [
        "This merge cannot be reverted: another organization now uses the merged one's slug. "
        "Change that organization first."
    ]
    assert OrganizationMerge.objects.get().reverted_at is None


@pytest.mark.parametrize("object_id", ["999999", "abc", "99999999999999999999999"])
def test_reverting_a_merge_that_does_not_exist_is_not_found(client, administrator, object_id):
    client.force_login(administrator)

    response = client.get(f"/en/admin/organizations/organizationmerge/{object_id}/revert/")

    assert response.status_code == 404


def test_no_merge_with_an_organization_deleted_meanwhile(twins, author):
    gone = OrganizationFactory(name="Gone")
    Organization.objects.filter(pk=gone.pk).delete()

    with pytest.raises(CannotMerge, match="deleted"):
        merge_organizations(twins["kept"], gone, author=author)

    assert not OrganizationMerge.objects.exists()
