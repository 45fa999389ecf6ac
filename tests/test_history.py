"""Change history: every edit is recorded, can be reverted, and deletions can be undone."""

import datetime

import pytest
from django.urls import reverse

from agreements.models import Agreement, Benefit, Commitment, Party, PartyRole, SourceDocument
from events.models import Event, EventOrganization
from organizations.models import Contact, Organization, Visibility
from search import results
from search.models import SearchKind
from tests.factories import (
    AgreementFactory,
    BenefitFactory,
    CommitmentFactory,
    ContactFactory,
    EventFactory,
    EventOrganizationFactory,
    OrganizationFactory,
    PartyFactory,
    SectorFactory,
    SourceDocumentFactory,
)


@pytest.fixture
def editor_client(client, administrator):
    client.force_login(administrator)
    return client


def agreement_with_everything():
    agreement = AgreementFactory(title="Corridor agreement", summary="First words.")
    agreement.themes.add(SectorFactory(name="Genomics"))
    signer = ContactFactory(name="Ada Signer")
    PartyFactory(agreement=agreement, organization=signer.organization, signed_by=signer)
    PartyFactory(agreement=agreement, role=PartyRole.SUPPORTER)
    benefit = BenefitFactory(agreement=agreement, how_to_claim_en="Write to the desk.")
    benefit.granted_to.add(signer.organization)
    CommitmentFactory(agreement=agreement, description_en="Hold a joint mission")
    SourceDocumentFactory(agreement=agreement, title="Press release")
    return agreement


def snapshot(agreement_pk):
    """Everything an agreement is, as plain values."""
    agreement = Agreement.objects.get(pk=agreement_pk)
    return {
        "agreement": without_update_time(Agreement.objects.filter(pk=agreement_pk).values().get()),
        "themes": sorted(agreement.themes.values_list("pk", flat=True)),
        "parties": sorted(
            Party.objects.filter(agreement_id=agreement_pk).values_list(
                "pk", "organization_id", "role", "signed_by_id", "version"
            )
        ),
        "benefits": [
            (
                values,
                sorted(
                    Benefit.objects.get(pk=values["id"]).granted_to.values_list("pk", flat=True)
                ),
            )
            for values in Benefit.objects.filter(agreement_id=agreement_pk).values()
        ],
        "commitments": [
            without_update_time(values)
            for values in Commitment.objects.filter(agreement_id=agreement_pk).values()
        ],
        "sources": list(SourceDocument.objects.filter(agreement_id=agreement_pk).values()),
    }


def test_an_edit_records_who_changed_what_and_when(editor_client, administrator):
    agreement = AgreementFactory(title="Old title")
    form = agreement_form(agreement, title_en="New title")

    response = editor_client.post(admin_change_url(agreement), form)

    assert response.status_code == 302, response.content.decode()[:3000]
    latest = agreement.history.latest()
    assert latest.history_user == administrator
    assert latest.history_type == "~"
    assert abs(latest.history_date - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(
        minutes=1
    )
    changed = {
        change.field: (change.old, change.new)
        for change in latest.diff_against(latest.prev_record).changes
    }
    assert changed["title_en"] == ("Old title", "New title")


def test_the_history_page_lists_the_author_and_the_change(editor_client, administrator):
    agreement = AgreementFactory(title="Old title")
    editor_client.post(admin_change_url(agreement), agreement_form(agreement, title_en="New title"))

    page = editor_client.get(reverse("admin:agreements_agreement_history", args=[agreement.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    # The author's name links to their account in the version's row (the admin's
    # header greets the editor too, so the bare name would prove nothing).
    user_link = reverse("admin:auth_user_change", args=[administrator.pk])
    assert f'<a href="{user_link}">administrator</a>' in text
    assert "Old title" in text
    assert "New title" in text


@pytest.mark.parametrize(
    "factory",
    [
        OrganizationFactory,
        ContactFactory,
        AgreementFactory,
        PartyFactory,
        EventFactory,
        BenefitFactory,
        CommitmentFactory,
    ],
    ids=lambda f: f._meta.model.__name__,
)
def test_every_kind_of_record_keeps_a_history(db, factory):
    record = factory()
    pk = record.pk
    record.save()
    record.delete()

    kinds = list(
        type(record)
        .history.filter(id=pk)
        .order_by("history_date")
        .values_list("history_type", flat=True)
    )

    assert kinds == ["+", "~", "-"]


def test_a_version_can_be_reverted_from_the_admin(editor_client):
    agreement = AgreementFactory(title="Original title")
    editor_client.post(
        admin_change_url(agreement), agreement_form(agreement, title_en="Wrong title")
    )
    original = agreement.history.order_by("history_date").first()

    revert_url = reverse(
        "admin:agreements_agreement_simple_history", args=[agreement.pk, original.history_id]
    )
    page = editor_client.get(revert_url)
    form = page.context["adminform"].form
    data = {
        **form_initial(form),
        **inline_management("party_set", "commitments", "benefits", "sources"),
    }
    response = editor_client.post(revert_url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    agreement.refresh_from_db()
    assert agreement.title == "Original title"
    assert agreement.version == 3
    assert search_titles("original title") == ["Original title"]


def test_a_deleted_agreement_is_restored_with_everything_deleted_with_it(editor_client):
    agreement = agreement_with_everything()
    before = snapshot(agreement.pk)
    pk = agreement.pk

    editor_client.post(reverse("admin:agreements_agreement_delete", args=[pk]), {"post": "yes"})
    assert not Agreement.objects.filter(pk=pk).exists()

    deleted = editor_client.get(reverse("admin:agreements_agreement_deleted"))
    assert "Corridor agreement" in deleted.content.decode()
    record, _label = deleted.context["records"][0]
    restore_url = reverse("admin:agreements_agreement_restore", args=[pk, record.history_id])
    assert editor_client.get(restore_url).status_code == 200
    response = editor_client.post(restore_url)

    assert response.status_code == 302
    assert snapshot(pk) == before
    assert search_titles("corridor agreement") == ["Corridor agreement"]
    restored = editor_client.get(reverse("admin:agreements_agreement_deleted"))
    assert restored.context["records"] == []


def test_a_deleted_organization_is_restored_with_its_contacts(editor_client):
    organization = OrganizationFactory(name="Vanishing Labs")
    organization.sectors.add(SectorFactory())
    ContactFactory(organization=organization, name="Vera Contact", visibility=Visibility.MEMBERS)
    event = EventFactory()
    EventOrganizationFactory(event=event, organization=organization)
    before = (
        without_update_time(Organization.objects.filter(pk=organization.pk).values().get()),
        list(organization.sectors.values_list("pk", flat=True)),
        list(Contact.objects.filter(organization=organization).values()),
        list(EventOrganization.objects.filter(organization=organization).values()),
    )
    pk = organization.pk

    editor_client.post(
        reverse("admin:organizations_organization_delete", args=[pk]), {"post": "yes"}
    )
    record = Organization.history.filter(id=pk, history_type="-").get()
    editor_client.post(
        reverse("admin:organizations_organization_restore", args=[pk, record.history_id])
    )

    restored = Organization.objects.get(pk=pk)
    after = (
        without_update_time(Organization.objects.filter(pk=pk).values().get()),
        list(restored.sectors.values_list("pk", flat=True)),
        list(Contact.objects.filter(organization=restored).values()),
        list(EventOrganization.objects.filter(organization=restored).values()),
    )
    assert after == before


def test_reverting_a_deleted_record_from_its_history_restores_it(editor_client):
    event = EventFactory(name="Lost summit")
    pk = event.pk
    event.delete()
    deletion = Event.history.filter(id=pk, history_type="-").get()

    page = editor_client.get(
        reverse("admin:events_event_simple_history", args=[pk, deletion.history_id]), follow=True
    )
    response = editor_client.post(page.request["PATH_INFO"])

    assert response.status_code == 302
    assert Event.objects.get(pk=pk).name == "Lost summit"


def test_rows_removed_before_the_deletion_stay_removed(db):
    from portal import history

    agreement = AgreementFactory()
    removed_earlier = CommitmentFactory(agreement=agreement)
    removed_pk = removed_earlier.pk
    removed_earlier.delete()
    Commitment.history.filter(id=removed_pk, history_type="-").update(
        history_date=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    kept = CommitmentFactory(agreement=agreement)
    pk = agreement.pk
    agreement.delete()

    history.restore(Agreement.history.filter(id=pk, history_type="-").get())

    assert list(Commitment.objects.filter(agreement_id=pk).values_list("pk", flat=True)) == [
        kept.pk
    ]


# Helpers -------------------------------------------------------------------------


def admin_change_url(agreement):
    return reverse("admin:agreements_agreement_change", args=[agreement.pk])


def form_initial(form):
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        else:
            data[name] = str(value) if not isinstance(value, bool) else ("on" if value else "")
        if field.disabled:
            del data[name]
    return {key: value for key, value in data.items() if value != ""}


def agreement_form(agreement, **changes):
    data = {
        "title_en": agreement.title_en,
        "title_fr": agreement.title_fr or "",
        "slug": agreement.slug,
        "kind": agreement.kind,
        "status": agreement.status,
        "signed_on_precision": agreement.signed_on_precision,
        "publication": agreement.publication,
        "same_in_both_languages": "on",
        "expected_version": agreement.version,
        **inline_management("party_set", "commitments", "benefits", "sources"),
    }
    return data | changes


def inline_management(*prefixes):
    form = {}
    for prefix in prefixes:
        form |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return form


def search_titles(query):
    groups = results.search(query, "en").groups
    return [
        r.title for group in groups if group.kind == SearchKind.AGREEMENT for r in group.results
    ]


def without_update_time(values):
    """A restored record is updated when restored; everything else is as it was."""
    return {key: value for key, value in values.items() if key != "updated_at"}
