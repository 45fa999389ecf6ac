"""Text typed in the admin is shown as text: a script saved there never runs on the site.

The portal has no rich text: every field is plain text, escaped on output (line
breaks become <br>). These tests save script payloads through the admin itself.
"""

import pytest
from django.urls import reverse

from organizations.models import OrganizationKind, Visibility
from search import indexing
from search.models import SearchKind
from tests.factories import AgreementFactory, BenefitFactory, OrganizationFactory

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def staff_client(client, administrator):
    client.force_login(administrator)
    return client


def test_a_script_saved_in_a_description_shows_as_text(staff_client, client):
    organization = OrganizationFactory(name="Payload Labs", slug="payload-labs")
    form = {
        "name_en": f"Payload Labs {PAYLOAD}",
        "slug": "payload-labs",
        "kind": "company",
        "description_en": f"First line\n{PAYLOAD}",
        "member_count_qualifier": "exact",
        "member_count_as_of_precision": "day",
        "publication": "published",
        "same_in_both_languages": "on",
        "expected_version": organization.version,
    }
    for prefix in ("contacts", "relationships_out", "memberships"):
        form |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    saved = staff_client.post(
        reverse("admin:organizations_organization_change", args=[organization.pk]), form
    )
    assert saved.status_code == 302
    client.logout()

    pages = [
        client.get(organization.get_absolute_url()),
        client.get(reverse("organizations:list")),
        client.get(reverse("search"), {"q": "payload"}),
    ]

    for page in pages:
        html = page.content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert" in html


def test_claim_details_with_markup_show_as_text(client, db):
    agreement = AgreementFactory(title="Escaped agreement")
    association = OrganizationFactory(kind=OrganizationKind.ASSOCIATION)
    benefit = BenefitFactory(
        agreement=agreement, how_to_claim_en=PAYLOAD, claim_visibility=Visibility.PUBLIC
    )
    benefit.granted_to.add(association)
    indexing.index(SearchKind.AGREEMENT, [agreement.pk])

    html = client.get(agreement.get_absolute_url()).content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


@pytest.mark.parametrize("list_name", ["organizations:list", "events:list"])
def test_a_place_with_an_apostrophe_or_markup_shows_as_typed_on_list_cards(client, db, list_name):
    from tests.factories import EventFactory

    city = "Val-d'Or <b>&</b>"
    if list_name == "events:list":
        EventFactory(city=city)
    else:
        OrganizationFactory(city=city)

    html = client.get(reverse(list_name)).content.decode()

    assert "Val-d&#x27;Or &lt;b&gt;&amp;&lt;/b&gt;" in html
    assert "&amp;#x27;" not in html
    assert "&amp;lt;" not in html
