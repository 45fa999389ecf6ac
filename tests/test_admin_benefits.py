"""A benefit in the admin, inline in its agreement or on its own page: its provider is
one of the agreement's parties (those the same page saves), its allowance's period and
scope apply only to an allowance, and illustrative instructions are flagged in the list."""

import pytest
from django.urls import reverse

from agreements.models import Agreement, Benefit
from organizations.models import OrganizationKind
from tests.factories import AgreementFactory, BenefitFactory, OrganizationFactory, PartyFactory
from tests.test_admin_drafts import posted
from tests.test_pages_helpers import get_page

PROVIDER_ERROR = "The provider must be one of the agreement's parties."


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def mou(association_a, association_b):
    """An MOU of A and B with one benefit, granted to A's members."""
    agreement = AgreementFactory(title="A–B MOU", slug="a-b-mou", owner=association_a)
    PartyFactory(agreement=agreement, organization=association_a)
    PartyFactory(agreement=agreement, organization=association_b)
    BenefitFactory(agreement=agreement, description="Member rates").granted_to.set([association_a])
    return agreement


def change_url(agreement):
    return reverse("admin:agreements_agreement_change", args=[agreement.pk])


def agreement_page(client, agreement):
    return posted(get_page(client, change_url(agreement)))


def benefit_errors(response):
    """The errors of each benefit row of the agreement's page, by field."""
    formset = next(
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "benefits"
    ).formset
    return [{name: list(errors) for name, errors in form.errors.items()} for form in formset]


def add_party(data, index, organization):
    data["party_set-TOTAL_FORMS"] = [str(index + 1)]
    data[f"party_set-{index}-organization"] = [str(organization.pk)]
    data[f"party_set-{index}-role"] = ["signatory"]
    return data


def test_the_agreement_page_asks_a_benefits_terms_in_three_groups(admin_client, mou):
    page = get_page(admin_client, change_url(mou))

    row = page.select_one("#benefits-0")
    groups = [
        (
            " ".join(legend.text.strip() for legend in fieldset.select(".fieldset-heading")),
            [
                element.attrs["name"].removeprefix("benefits-0-")
                for element in fieldset.select("input, select, textarea")
                if element.attrs.get("name", "").startswith("benefits-0-")
                and element.attrs.get("type") != "hidden"
            ],
        )
        for fieldset in row.select("fieldset")
    ]
    assert [names for _legend, names in groups] == [
        [
            "category",
            "granted_to",
            "description_en",
            "description_fr",
            "valid_from",
            "valid_until",
        ],
        [
            "provided_by",
            "accepts_claims",
            "how_to_claim_en",
            "how_to_claim_fr",
            "claim_visibility",
            "code",
            "illustrative",
        ],
        ["allowance", "allowance_period", "allowance_scope"],
    ]
    assert [legend for legend, _names in groups][1:] == ["Claiming", "Allowance"]


def test_a_benefit_provided_by_a_party_is_saved(admin_client, mou, association_b):
    data = agreement_page(admin_client, mou)
    data["benefits-0-provided_by"] = [str(association_b.pk)]
    data["benefits-0-code"] = ["LSO-BQ-2025"]

    response = admin_client.post(change_url(mou), data)

    assert response.status_code == 302, benefit_errors(response)
    assert list(Benefit.objects.values_list("provided_by", "code")) == [
        (association_b.pk, "LSO-BQ-2025")
    ]


def test_a_provider_that_is_not_a_party_is_refused(admin_client, mou):
    outsider = OrganizationFactory(name="Outsider Association")
    data = agreement_page(admin_client, mou)
    data["benefits-0-provided_by"] = [str(outsider.pk)]

    response = admin_client.post(change_url(mou), data)

    assert response.status_code == 200
    assert benefit_errors(response) == [{"provided_by": [PROVIDER_ERROR]}]
    assert list(Benefit.objects.values_list("provided_by", flat=True)) == [None]


def test_a_provider_added_as_a_party_on_the_same_page_is_accepted(admin_client, mou):
    newcomer = OrganizationFactory(name="Newcomer Cluster", kind=OrganizationKind.CLUSTER)
    data = add_party(agreement_page(admin_client, mou), 2, newcomer)
    data["benefits-0-provided_by"] = [str(newcomer.pk)]

    response = admin_client.post(change_url(mou), data)

    assert response.status_code == 302, benefit_errors(response)
    assert list(Benefit.objects.values_list("provided_by", flat=True)) == [newcomer.pk]
    assert set(mou.party_set.values_list("organization", flat=True)) >= {newcomer.pk}


def test_a_provider_whose_party_row_is_deleted_on_the_same_page_is_refused(
    admin_client, mou, association_b
):
    data = agreement_page(admin_client, mou)
    row = next(
        key.removesuffix("-organization")
        for key, value in data.items()
        if key.startswith("party_set-")
        and key.endswith("-organization")
        and value == [str(association_b.pk)]
    )
    data[f"{row}-DELETE"] = ["on"]
    data["benefits-0-provided_by"] = [str(association_b.pk)]

    response = admin_client.post(change_url(mou), data)

    assert response.status_code == 200
    assert benefit_errors(response) == [{"provided_by": [PROVIDER_ERROR]}]
    assert set(mou.party_set.values_list("organization", flat=True)) >= {association_b.pk}


def test_a_new_agreement_with_its_parties_and_a_provided_benefit_is_saved_at_once(
    admin_client, association_a, association_b
):
    data = {
        "title_en": "New MOU",
        "slug": "new-mou",
        "kind": "mou",
        "status": "signed",
        "signed_on_precision": "day",
        "publication": "published",
        "same_in_both_languages": "on",
        "benefits-TOTAL_FORMS": "1",
        "benefits-INITIAL_FORMS": "0",
        "benefits-0-category": "preferential_rates",
        "benefits-0-granted_to": [str(association_a.pk)],
        "benefits-0-description_en": "Member rates at B's events",
        "benefits-0-claim_visibility": "members",
        "benefits-0-provided_by": str(association_b.pk),
        "benefits-0-accepts_claims": "on",
        "benefits-0-allowance": "10",
        "benefits-0-allowance_period": "year",
        "benefits-0-allowance_scope": "shared",
        "party_set-TOTAL_FORMS": "2",
        "party_set-INITIAL_FORMS": "0",
        "party_set-0-organization": str(association_a.pk),
        "party_set-0-role": "signatory",
        "party_set-1-organization": str(association_b.pk),
        "party_set-1-role": "signatory",
        **{
            f"{prefix}-{key}": value
            for prefix in ("commitments", "sources")
            for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
        },
    }

    response = admin_client.post(reverse("admin:agreements_agreement_add"), data)

    assert response.status_code == 302, response.context["errors"]
    agreement = Agreement.objects.get(slug="new-mou")
    assert list(agreement.benefits.values_list("provided_by", "allowance")) == [
        (association_b.pk, 10)
    ]


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {"allowance_scope": "organization"},
            {
                "allowance_scope": [
                    "This applies only to an allowance: set the allowance, or leave this at "
                    "“shared by all eligible members”."
                ]
            },
        ),
        (
            {"allowance_period": "validity"},
            {
                "allowance_period": [
                    "This applies only to an allowance: set the allowance, or leave this at "
                    "“per calendar year”."
                ]
            },
        ),
        (
            {"allowance": "0"},
            {"allowance": ["An allowance is at least 1; leave it empty for no limit."]},
        ),
        (
            {"allowance": "5", "accepts_claims": None},
            {
                "allowance": [
                    "An allowance is counted through the claims members make on Passerelle: "
                    "let members claim it there, or leave the allowance empty."
                ]
            },
        ),
    ],
    ids=["scope-without-allowance", "period-without-allowance", "zero", "not-claimed-here"],
)
def test_an_allowance_that_cannot_be_counted_is_refused(admin_client, mou, changes, errors):
    data = agreement_page(admin_client, mou)
    for name, value in changes.items():
        if value is None:
            data.pop(f"benefits-0-{name}", None)
        else:
            data[f"benefits-0-{name}"] = [value]

    response = admin_client.post(change_url(mou), data)

    assert response.status_code == 200
    assert benefit_errors(response) == [errors]
    assert list(Benefit.objects.values_list("allowance", flat=True)) == [None]


def test_an_allowance_per_organization_and_per_validity_is_saved(admin_client, mou):
    data = agreement_page(admin_client, mou)
    data["benefits-0-allowance"] = ["3"]
    data["benefits-0-allowance_period"] = ["validity"]
    data["benefits-0-allowance_scope"] = ["organization"]

    response = admin_client.post(change_url(mou), data)

    assert response.status_code == 302, benefit_errors(response)
    assert list(
        Benefit.objects.values_list("allowance", "allowance_period", "allowance_scope")
    ) == [(3, "validity", "organization")]


def test_the_benefits_own_page_refuses_a_provider_that_is_not_a_party(admin_client, mou):
    benefit = mou.benefits.get()
    url = reverse("admin:agreements_benefit_change", args=[benefit.pk])
    outsider = OrganizationFactory(name="Outsider Association")
    data = posted(get_page(admin_client, url)) | {"provided_by": [str(outsider.pk)]}

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"provided_by": [PROVIDER_ERROR]}


def test_the_benefits_own_page_saves_a_provider_that_is_a_party(admin_client, mou, association_b):
    benefit = mou.benefits.get()
    url = reverse("admin:agreements_benefit_change", args=[benefit.pk])
    data = posted(get_page(admin_client, url)) | {"provided_by": [str(association_b.pk)]}

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    benefit.refresh_from_db()
    assert benefit.provided_by == association_b


def test_the_benefits_list_flags_illustrative_instructions_and_filters_them(
    admin_client, mou, association_b
):
    BenefitFactory(
        agreement=mou, description="Example rates", illustrative=True, allowance=10
    ).granted_to.set([association_b])
    changelist = reverse("admin:agreements_benefit_changelist")

    page = get_page(admin_client, changelist)
    only_illustrative = get_page(admin_client, changelist + "?illustrative__exact=1")

    headers = page.texts("#result_list thead th")
    assert [h.strip() for h in headers][-3:] == [
        "Allowance",
        "Members claim it on Passerelle",
        "Illustrative instructions",
    ]
    rows = {
        row.select_one("td.field-allowance_shown").text: row.select_one(
            "td.field-illustrative img"
        ).attrs["alt"]
        for row in page.select("#result_list tbody tr")
    }
    assert rows == {"-": "False", "10 (per calendar year)": "True"}
    assert len(only_illustrative.select("#result_list tbody tr")) == 1
