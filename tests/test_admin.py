import datetime
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils.html import escape

from agreements.models import (
    Agreement,
    AgreementKind,
    Benefit,
    Commitment,
    Confirmation,
    Party,
    Reminder,
)
from events.models import Event, EventKind
from organizations.merge import merge_organizations
from organizations.models import Organization, OrganizationKind, OrganizationMerge
from portal.dates import DatePrecision
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

PROJECT_APPS = ["organizations", "agreements", "events"]

PROJECT_ADMINS = [model for model in admin.site._registry if model._meta.app_label in PROJECT_APPS]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def record_one_of_each():
    party = PartyFactory(signed_by=ContactFactory())
    BenefitFactory(agreement=party.agreement).granted_to.add(party.organization)
    CommitmentFactory(agreement=party.agreement)
    SourceDocumentFactory(agreement=party.agreement)
    party.organization.sectors.add(SectorFactory())
    RelationshipFactory()
    MembershipFactory()
    EventOrganizationFactory(event=EventFactory(series=SeriesFactory()))


@pytest.fixture
def recorded(demo_data):
    # The press releases name no member company, so the demo data holds no membership,
    # and no organization was recorded twice.
    MembershipFactory()
    merge_organizations(OrganizationFactory(), OrganizationFactory(), author=None)
    record_by_the_portal()


def record_by_the_portal():
    """A confirmation and a reminder, as the portal records them."""
    agreement = Agreement.objects.first()
    party = agreement.party_set.first()
    Confirmation.objects.create(
        agreement=agreement,
        organization=party.organization,
        confirmed_at=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC),
    )
    Reminder.objects.create(
        agreement=agreement,
        occasion=Reminder.Occasion.ENDING,
        step=90,
        about_date=datetime.date(2026, 9, 1),
        sent_on=datetime.date(2026, 6, 3),
    )


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def test_every_model_of_the_project_has_an_admin():
    project_models = {
        model
        for app in PROJECT_APPS
        for model in apps.get_app_config(app).get_models()
        # Change history tables are read through their record's admin.
        if not hasattr(model, "instance_type")
    }

    assert project_models == set(PROJECT_ADMINS)


@pytest.mark.parametrize("model", PROJECT_ADMINS, ids=lambda model: model._meta.label)
def test_administrator_opens_the_list_of_every_model_and_the_page_of_its_first_row(
    admin_client, recorded, model
):
    changelist = admin_client.get(admin_url(model, "changelist"))

    assert changelist.status_code == 200
    first = changelist.context["cl"].result_list[0]
    assert admin_url(model, "change", first.pk) in changelist.text

    change = admin_client.get(admin_url(model, "change", first.pk))

    assert change.status_code == 200
    assert change.context["original"] == first
    assert f"<h2>{escape(str(first))}</h2>" in change.text


@pytest.mark.parametrize(
    "model",
    # A merge is recorded by the organizations' merge action, a confirmation by the
    # agreement's page, a reminder when it is sent: none is added.
    [model for model in PROJECT_ADMINS if model not in (OrganizationMerge, Confirmation, Reminder)],
    ids=lambda model: model._meta.label,
)
def test_administrator_opens_the_add_page_of_every_model_without_third_party_files(
    admin_client, model
):
    response = admin_client.get(admin_url(model, "add"))

    assert response.status_code == 200
    assert response.context["title"] == f"Add {model._meta.verbose_name}"
    media_urls = re.findall(r'(?:src|href)="([^"]+)"', str(response.context["media"]))
    assert media_urls
    assert [url for url in media_urls if not url.startswith("/static/")] == []


# Session, user, then the changelist's own: count, rows, and the filters' choices (and
# the agreements' parties).
@pytest.mark.parametrize(
    ("model", "queries"),
    [(Organization, 6), (Agreement, 8), (Event, 8), (Party, 4), (Benefit, 4)],
    ids=lambda value: getattr(value, "__name__", value),
)
@pytest.mark.parametrize("rows", [1, 5])
def test_changelists_of_large_tables_make_as_many_queries_for_several_rows_as_for_one(
    admin_client, django_assert_num_queries, model, queries, rows
):
    for _row in range(rows):
        record_one_of_each()

    with django_assert_num_queries(queries):
        response = admin_client.get(admin_url(model, "changelist"))

    assert len(response.context["cl"].result_list) == model._default_manager.count()


def test_the_agreements_list_names_each_agreements_parties_signatories_first(admin_client):
    agreement = AgreementFactory(title="Pact")
    PartyFactory(agreement=agreement, organization=OrganizationFactory(name="Zeta"))
    PartyFactory(
        agreement=agreement, organization=OrganizationFactory(name="Yukon Fund"), role="funder"
    )
    PartyFactory(agreement=agreement, organization=OrganizationFactory(name="Alpha"))

    response = admin_client.get(admin_url(Agreement, "changelist"))

    row = response.context["cl"].result_list[0]
    assert response.context["cl"].model_admin.party_names(row) == "Alpha, Zeta, Yukon Fund"
    assert "Alpha, Zeta, Yukon Fund" in response.content.decode()


def test_translated_fields_show_english_and_french_side_by_side(admin_client):
    response = admin_client.get(admin_url(Agreement, "add"))

    form_fields = response.context["adminform"].form.fields
    assert [name for name in form_fields if name.startswith(("title", "summary"))] == [
        "title_en",
        "title_fr",
        "summary_en",
        "summary_fr",
    ]


@pytest.mark.parametrize(
    ("acronym", "name"),
    [("LSO", "Life Sciences Ontario"), ("feder", "European Regional Development Fund")],
)
def test_organization_search_finds_an_organization_by_its_english_or_french_acronym(
    admin_client, demo_data, acronym, name
):
    response = admin_client.get(admin_url(Organization, "changelist"), {"q": acronym})

    assert [organization.name for organization in response.context["cl"].result_list] == [name]
    assert f">{name}</a>" in response.text


def test_signer_autocomplete_finds_contacts_by_name_and_shows_their_organization(
    admin_client, django_assert_num_queries
):
    bioquebec = OrganizationFactory(name="BIOQuébec")
    ContactFactory(organization=bioquebec, name="Anie Perrault")
    ContactFactory(organization=OrganizationFactory(name="MassBio"), name="Robert K. Coughlin")
    ContactFactory(organization=bioquebec, name="Frank Perrault")

    # Session, user, count, rows: each contact's organization comes with it.
    with django_assert_num_queries(4):
        response = admin_client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "agreements",
                "model_name": "party",
                "field_name": "signed_by",
                "term": "perrault",
            },
        )

    assert [result["text"] for result in response.json()["results"]] == [
        "Anie Perrault (BIOQuébec)",
        "Frank Perrault (BIOQuébec)",
    ]


def management_form(prefix, total):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_administrator_records_a_press_release_from_the_agreement_add_page(admin_client):
    """Seed 004: BIOQuébec and MassBio sign at BIO 2017, two supporters, two commitments."""
    bioquebec = OrganizationFactory(name="BIOQuébec")
    massbio = OrganizationFactory(name="MassBio", city="Cambridge", region="MA", country="US")
    delegation = OrganizationFactory(
        name="Québec Delegation in Boston", kind=OrganizationKind.GOVERNMENT
    )
    mesi = OrganizationFactory(name="DPI-MESI", kind=OrganizationKind.GOVERNMENT)
    perrault = ContactFactory(organization=bioquebec, name="Anie Perrault")
    coughlin = ContactFactory(organization=massbio, name="Robert K. Coughlin")
    bio_2017 = EventFactory(
        name="BIO International Convention",
        edition="2017",
        kind=EventKind.CONVENTION,
        start_date=datetime.date(2017, 6, 19),
        end_date=datetime.date(2017, 6, 22),
        city="San Diego",
    )
    parties = [
        (bioquebec, "signatory", perrault, "Executive Director"),
        (massbio, "signatory", coughlin, "President and CEO"),
        (delegation, "supporter", None, ""),
        (mesi, "supporter", None, ""),
    ]
    # Dates as the release writes them: a year is a year, not 1 January.
    commitments = [
        ("Organize joint activities in Québec or in the Boston area", ""),
        ("Host a joint activity at BIO 2018 in Boston", "2018"),
    ]
    data = {
        "title_en": "BIOQuébec–MassBio cooperation agreement",
        "title_fr": "Entente de coopération BIOQuébec–MassBio",
        "slug": "bioquebec-massbio-2017",
        "kind": "cooperation",
        "status": "signed",
        "signed_on": "21 June 2017",
        "signing_place_en": "San Diego",
        "signing_event": bio_2017.pk,
        "publication": "published",
        **management_form("party_set", len(parties)),
        **management_form("commitments", len(commitments)),
        **management_form("benefits", 0),
        **management_form("sources", 0),
    }
    for index, (organization, role, signer, title) in enumerate(parties):
        data[f"party_set-{index}-organization"] = organization.pk
        data[f"party_set-{index}-role"] = role
        data[f"party_set-{index}-signed_by"] = signer.pk if signer else ""
        data[f"party_set-{index}-signed_by_title_en"] = title
    for index, (description, due_on) in enumerate(commitments):
        data[f"commitments-{index}-description_en"] = description
        data[f"commitments-{index}-due_on"] = due_on
        data[f"commitments-{index}-status"] = "planned"

    response = admin_client.post(admin_url(Agreement, "add"), data)

    assert response.status_code == 302, response.context["errors"]
    agreement = Agreement.objects.get()
    assert (agreement.title_en, agreement.kind, agreement.signed_on, agreement.signing_event) == (
        "BIOQuébec–MassBio cooperation agreement",
        AgreementKind.COOPERATION,
        datetime.date(2017, 6, 21),
        bio_2017,
    )
    assert str(agreement.signed) == "21 June 2017"
    assert sorted(
        Party.objects.values_list("agreement", "organization", "role", "signed_by")
    ) == sorted(
        (agreement.pk, organization.pk, role, signer.pk if signer else None)
        for organization, role, signer, _title in parties
    )
    assert list(
        Commitment.objects.order_by("id").values_list(
            "agreement", "description_en", "due_on", "due_on_precision"
        )
    ) == [
        (
            agreement.pk,
            "Organize joint activities in Québec or in the Boston area",
            None,
            DatePrecision.DAY,
        ),
        (
            agreement.pk,
            "Host a joint activity at BIO 2018 in Boston",
            datetime.date(2018, 1, 1),
            DatePrecision.YEAR,
        ),
    ]


def test_an_admin_list_shows_partial_dates_under_their_label_sorted_by_the_date(admin_client):
    AgreementFactory(signed_on=datetime.date(2025, 3, 1), signed_on_precision=DatePrecision.MONTH)
    AgreementFactory(signed_on=None)

    response = admin_client.get(admin_url(Agreement, "changelist"))

    header = re.search(
        r'class="sortable column-signed sorted descending">.*?</th>', response.text, re.S
    )
    assert re.findall(r'role="button" href="[^"]*">([^<]*)</a>', header.group()) == ["Signed on"]
    # Where an unknown date sorts depends on the database.
    assert sorted(re.findall(r'<td class="field-signed">([^<]*)</td>', response.text)) == [
        "-",
        "March 2025",
    ]


@pytest.mark.parametrize(
    ("language", "name", "first_task"),
    [
        ("en", "Passerelle — staff", "Record an agreement from its announcement"),
        ("fr", "Passerelle — personnel", "Enregistrez une entente à partir de son annonce"),
    ],
)
def test_the_admin_says_what_it_is_and_what_staff_do_there(
    client, staff_a, language, name, first_task
):
    client.force_login(staff_a)

    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE=language)

    html = response.content.decode()
    assert re.search(rf"<title>[^<]*{name}</title>", html)
    assert f'<div id="site-name"><a href="/admin/">{name}</a></div>' in html
    assert first_task in html
    assert "Django" not in re.sub(r"<[^>]+>", "", html)
