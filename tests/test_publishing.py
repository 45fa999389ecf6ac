"""Drafts and publishing (portal.publishing): a new record starts as a draft, seen only
by the staff who may edit it, on its own page marked as a preview; publishing needs
the title in both languages or "same in both languages". That drafts stay out of
every public output is walked by test_visibility."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from agreements.models import Agreement
from events.models import Event
from organizations.models import Organization
from portal.publishing import Publication
from search import indexing, results
from tests.factories import AgreementFactory, EventFactory, OrganizationFactory, PartyFactory
from tests.test_admin_scope import inline_management
from tests.test_pages_helpers import LANGUAGES, read_html, ui, url

NEEDS_BOTH = (
    "To publish, give the %(field)s in both English and French, or tick “same in both languages”."
)


@pytest.fixture
def drafts(association_a):
    """A draft organization, agreement and event that association A's staff manage."""
    organization = OrganizationFactory(
        name="Quiet Genomics", slug="quiet-genomics", owner=association_a, publication="draft"
    )
    agreement = AgreementFactory(
        title="Quiet cooperation",
        slug="quiet-cooperation",
        owner=association_a,
        publication="draft",
    )
    PartyFactory(agreement=agreement, organization=association_a)
    event = EventFactory(
        name="Quiet summit", slug="quiet-summit", owner=association_a, publication="draft"
    )
    return {
        "organizations:detail": organization,
        "agreements:detail": agreement,
        "events:detail": event,
    }


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("audience", "previews"),
    [
        ("anonymous", False),
        ("member", False),
        ("staff_b", False),
        ("staff_a", True),
        ("administrator", True),
    ],
)
def test_a_draft_page_is_a_preview_for_its_editors_and_missing_for_everyone_else(
    people, drafts, audience, previews
):
    client = client_for(people[audience])
    for lang in LANGUAGES:
        for name, record in drafts.items():
            response = client.get(url(name, lang, slug=record.slug))
            if not previews:
                assert response.status_code == 404, (name, lang)
                assert str(record) not in response.content.decode()
                continue
            assert response.status_code == 200, (name, lang)
            page = read_html(response.content.decode())
            notice = page.select_one(".draft-notice")
            assert notice is not None
            assert ui(lang, "Draft preview.") in notice.get_text()
            edit = notice.select_one("a")["href"]
            assert edit == reverse(
                f"admin:{record._meta.app_label}_{record._meta.model_name}_change",
                args=[record.pk],
            )
            # Never kept by a shared cache, never indexed by a search engine.
            assert "private" in response["Cache-Control"]
            assert "no-store" in response["Cache-Control"]
            assert response["X-Robots-Tag"] == "noindex"


def test_a_published_page_carries_no_preview_notice(people, association_a):
    OrganizationFactory(name="Open Genomics", slug="open-genomics", owner=association_a)

    response = client_for(people["staff_a"]).get(url("organizations:detail", slug="open-genomics"))

    assert response.status_code == 200
    assert read_html(response.content.decode()).select(".draft-notice") == []
    assert "X-Robots-Tag" not in response


@pytest.mark.parametrize(
    "path",
    [
        "admin:organizations_organization_add",
        "admin:agreements_agreement_add",
        "admin:events_event_add",
    ],
)
def test_a_new_record_starts_as_a_draft(admin_client, path):
    form = admin_client.get(reverse(path)).context["adminform"].form

    assert form["publication"].value() == Publication.DRAFT


def agreement_data(**data):
    return {
        "slug": "lyon-quebec-2026",
        "kind": "mou",
        "status": "signed",
        "signed_on": "2026",
        **inline_management("party_set", "commitments", "benefits", "sources"),
        **data,
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_publishing_without_the_french_title_is_refused_and_says_how(admin_client, lang):
    response = admin_client.post(
        reverse("admin:agreements_agreement_add"),
        agreement_data(title_en="Lyon–Québec MOU", publication="published"),
        HTTP_ACCEPT_LANGUAGE=lang,
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["publication"]
    assert errors == [ui(lang, NEEDS_BOTH, field=ui(lang, "title"))]
    assert not Agreement.all_objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"title_en": "Lyon–Québec MOU", "publication": "draft"},
        {"title_en": "Lyon–Québec MOU", "title_fr": "Entente Lyon–Québec"},
        {"title_en": "BIOLYON", "same_in_both_languages": "on"},
    ],
    ids=["draft", "both-languages", "same-in-both"],
)
def test_a_draft_or_a_bilingual_title_is_saved(admin_client, data):
    response = admin_client.post(
        reverse("admin:agreements_agreement_add"),
        agreement_data(**{"publication": "published", **data}),
    )

    assert response.status_code == 302
    saved = Agreement.all_objects.get()
    assert saved.publication == data.get("publication", "published")
    assert Agreement.objects.exists() == (saved.publication == "published")


def changelist_action(client, model, action, records):
    return client.post(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"),
        {"action": action, "_selected_action": [record.pk for record in records]},
        follow=True,
    )


def test_staff_publish_drafts_from_the_list_and_the_public_finds_them(
    client, staff_a, association_a
):
    bilingual = OrganizationFactory(
        name_en="Northern Cell Therapy",
        name_fr="Thérapie cellulaire du Nord",
        slug="northern-cell",
        owner=association_a,
        publication="draft",
        same_in_both_languages=False,
    )
    english_only = OrganizationFactory(
        name="Southern Vectors",
        slug="southern-vectors",
        owner=association_a,
        publication="draft",
        same_in_both_languages=False,
    )
    indexing.rebuild()
    client.force_login(staff_a)

    response = changelist_action(
        client, Organization, "publish_selected", [bilingual, english_only]
    )

    messages = [str(message) for message in response.context["messages"]]
    assert "1 record published." in messages
    assert any(
        "Southern Vectors" in message and "Left as drafts" in message for message in messages
    )
    assert set(Organization.objects.values_list("slug", flat=True)) >= {"northern-cell"}
    assert not Organization.objects.filter(slug="southern-vectors").exists()
    found = [r.title for g in results.search("northern cell", "en").groups for r in g.results]
    assert found == ["Northern Cell Therapy"]
    assert Client().get(url("organizations:detail", slug="northern-cell")).status_code == 200
    # The change is in the record's history, with its author.
    latest = Organization.all_objects.get(slug="northern-cell").history.latest()
    assert (latest.history_user, latest.publication) == (staff_a, "published")


def test_a_record_turned_back_into_a_draft_leaves_the_public_outputs(admin_client, db):
    event = EventFactory(name="Withdrawn summit", slug="withdrawn-summit")
    indexing.rebuild()
    anonymous = Client()
    assert anonymous.get(url("events:detail", slug="withdrawn-summit")).status_code == 200

    changelist_action(admin_client, Event, "unpublish_selected", [event])

    assert Event.all_objects.get(pk=event.pk).publication == "draft"
    assert anonymous.get(url("events:detail", slug="withdrawn-summit")).status_code == 404
    assert (
        "Withdrawn summit"
        not in anonymous.get(url("events:list", query={"when": "all"})).content.decode()
    )
    assert not any(g.results for g in results.search("withdrawn summit", "en").groups)


def test_staff_of_another_association_cannot_publish_a_draft(client, staff_b, drafts):
    client.force_login(staff_b)

    changelist_action(client, Event, "publish_selected", [drafts["events:detail"]])

    assert Event.all_objects.get(slug="quiet-summit").publication == "draft"


def test_staff_who_may_only_read_records_cannot_publish_them(client, staff_a, drafts):
    staff_a.groups.clear()
    staff_a.user_permissions.set(
        Permission.objects.filter(content_type__app_label="events", codename="view_event")
    )
    client.force_login(staff_a)
    changelist = reverse("admin:events_event_changelist")

    # No action at all leaves the list without its action form.
    action_form = client.get(changelist).context["action_form"]
    offered = dict(action_form.fields["action"].choices) if action_form else {}
    changelist_action(client, Event, "publish_selected", [drafts["events:detail"]])

    assert "publish_selected" not in offered
    assert Event.all_objects.get(slug="quiet-summit").publication == "draft"
