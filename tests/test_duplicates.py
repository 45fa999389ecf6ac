"""Organizations recorded twice under two spellings are caught before the second is saved,
and organizations with merely similar names are not flagged."""

from html import unescape

import pytest
from django.urls import reverse

from accounts.access import Viewer
from organizations.duplicates import Names, likely_same, possible_duplicates
from organizations.models import Organization
from search.indexing import rebuild
from tests.factories import OrganizationFactory
from tests.test_admin_scope import inline_management

# Organizations already recorded: (name, French name, acronym).
RECORDED = [
    ("Université de Montréal", "", "UdeM"),
    ("Université Laval", "", ""),
    ("Université du Québec à Montréal", "", "UQAM"),
    ("Life Sciences Ontario", "Sciences de la vie Ontario", "LSO"),
    ("Montréal InVivo", "", ""),
    ("Génome Québec", "", ""),
    ("Genome Canada", "Génome Canada", ""),
    ("BIOQuébec", "", ""),
    ("Massachusetts Biotechnology Council", "", "MassBio"),
    ("MassChallenge", "", ""),
    ("Fonds de recherche du Québec – Santé", "", "FRQS"),
    ("Québec Oncopole", "Oncopole du Québec", ""),
    ("Québec International", "", ""),
    ("McGill University", "Université McGill", ""),
    ("Institut de recherches cliniques de Montréal", "", "IRCM"),
    ("Centre hospitalier de l'Université de Montréal", "", "CHUM"),
    ("The Ottawa Hospital", "L'Hôpital d'Ottawa", ""),
    ("Adaptimmune Inc.", "", ""),
    ("Institut Curie", "", ""),
    ("University of Toronto", "Université de Toronto", "U of T"),
    ("Ontario Genomics", "", ""),
    ("CHU de Québec – Université Laval", "", ""),
    ("Québec Delegation in Boston", "Délégation du Québec à Boston", ""),
]

# Names typed for a new organization, and the recorded organization each is (None
# for a different organization, however close its name).
TYPED = [
    # The same organizations, spelled otherwise.
    ("Universite de Montreal", "Université de Montréal"),
    ("UNIVERSITÉ LAVAL", "Université Laval"),
    ("LSO", "Life Sciences Ontario"),
    ("Montreal InVivo", "Montréal InVivo"),
    ("Genome Quebec", "Génome Québec"),
    ("Genome Canda", "Genome Canada"),
    ("Bioquebec", "BIOQuébec"),
    ("MassBio", "Massachusetts Biotechnology Council"),
    ("FRQS", "Fonds de recherche du Québec – Santé"),
    ("Fonds de recherche du Quebec - Sante", "Fonds de recherche du Québec – Santé"),
    ("Oncopole du Quebec", "Québec Oncopole"),
    ("Université McGill", "McGill University"),
    ("McGill", "McGill University"),
    ("Institut de recherche clinique de Montréal", "Institut de recherches cliniques de Montréal"),
    (
        "Centre hospitalier de l’Universite de Montreal",
        "Centre hospitalier de l'Université de Montréal",
    ),
    ("Ottawa Hospital", "The Ottawa Hospital"),
    ("Adaptimune", "Adaptimmune Inc."),
    ("Adaptimmune Ltd", "Adaptimmune Inc."),
    ("Curie Institute", "Institut Curie"),
    ("University of Toronto", "University of Toronto"),
    ("Université du Québec à Montréal (UQAM)", "Université du Québec à Montréal"),
    ("Univ. Laval", "Université Laval"),
    ("IRCM", "Institut de recherches cliniques de Montréal"),
    # Different organizations with close names.
    ("Université de Lyon", None),
    ("Délégation du Québec", None),
    ("Genome Alberta", None),
    ("Life Sciences Québec", None),
    ("BIOTECanada", None),
    ("Montréal International", None),
    ("MassBio Foundation Europe", None),
    ("Masschallenge Switzerland", None),
    ("Institut Pasteur", None),
    ("University of Ottawa", None),
    ("Ontario Bioscience Innovation Organization", None),
    ("Centre de recherche du CHU Sainte-Justine", None),
    ("Québec Delegation in Chicago", None),
    ("Fonds de recherche du Québec – Nature et technologies", None),
    ("Université du Québec à Trois-Rivières", None),
    ("Genomics England", None),
    ("Oncopole Toulouse", None),
    ("Toronto Innovation Acceleration Partners", None),
    ("Fondation de l'Université de Montréal", None),
    ("McGill University Health Centre", None),
]


def test_close_names_are_told_apart_from_the_names_of_other_organizations():
    # The rules alone, without the index: the pairs the issue names.
    assert likely_same(Names(("Universite de Montreal",)), Names(("Université de Montréal",)))
    assert likely_same(Names(("LSO",)), Names(("Life Sciences Ontario",), ("LSO",)))
    assert likely_same(Names(("Life Sciences Ontario",)), Names(("LSO",)))
    assert not likely_same(Names(("Université Laval",)), Names(("Université de Lyon",)))
    assert not likely_same(Names(("Québec International",)), Names(("Délégation du Québec",)))


ADMINISTRATOR = Viewer(is_admin=True, is_staff=True)


@pytest.mark.django_db
def test_the_warnings_point_to_real_duplicates_and_catch_them():
    for name, name_fr, acronym in RECORDED:
        OrganizationFactory(name=name, name_fr=name_fr, acronym=acronym)
    rebuild()
    warnings = right = caught = 0
    wrong = []
    for typed, same_as in TYPED:
        found = [o.name for o in possible_duplicates(Names.typed([typed]), ADMINISTRATOR)]
        warnings += len(found)
        right += found.count(same_as)
        caught += same_as in found
        wrong += [(typed, name) for name in found if name != same_as]
    duplicates = sum(1 for _typed, same_as in TYPED if same_as)
    precision, recall = right / warnings, caught / duplicates
    print(f"\nDuplicate organizations: precision {precision:.1%}, recall {recall:.1%}")
    print(f"({warnings} warnings for {len(TYPED)} names typed, {duplicates} of them duplicates)")

    assert precision >= 0.95, wrong
    assert recall >= 0.90


def organization_form(**data):
    return {
        "slug": "new",
        "kind": "company",
        "member_count_qualifier": "exact",
        "publication": "published",
        "same_in_both_languages": "on",
        **inline_management("contacts", "relationships_out", "memberships"),
        **data,
    }


ADD = reverse("admin:organizations_organization_add")


@pytest.mark.django_db
def test_staff_adding_an_organization_recorded_under_another_spelling_are_warned(admin_client):
    recorded = OrganizationFactory(name="Université de Montréal", acronym="UdeM")
    rebuild()

    response = admin_client.post(
        ADD, organization_form(name_en="Universite de Montreal"), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    errors = str(response.context["adminform"].form.non_field_errors())
    change = reverse("admin:organizations_organization_change", args=[recorded.pk])
    assert f'<a href="{change}">Université de Montréal</a>' in errors
    assert "tick “This is a different organization” and save again" in errors
    assert Organization.objects.count() == 1

    saved = admin_client.post(
        ADD, organization_form(name_en="Universite de Montreal", different_organization="on")
    )

    assert saved.status_code == 302
    assert Organization.objects.count() == 2


@pytest.mark.django_db
def test_the_warning_is_in_french_for_french_staff(admin_client):
    OrganizationFactory(name="Life Sciences Ontario", acronym="LSO")
    rebuild()

    response = admin_client.post(ADD, organization_form(name_en="LSO"), HTTP_ACCEPT_LANGUAGE="fr")

    errors = unescape(str(response.context["adminform"].form.non_field_errors()))
    assert "Une organisation au nom proche est déjà enregistrée" in errors
    assert "cochez « Il s'agit d'une autre organisation » et enregistrez de nouveau" in errors


@pytest.mark.django_db
def test_renaming_is_checked_and_other_changes_are_not(admin_client):
    OrganizationFactory(name="Génome Québec")
    other = OrganizationFactory(name="Genomics Ventures", slug="genomics-ventures")
    rebuild()
    change = reverse("admin:organizations_organization_change", args=[other.pk])

    def post(**data):
        return admin_client.post(
            change,
            organization_form(
                slug=other.slug,
                expected_version=Organization.objects.get(pk=other.pk).version,
                **data,
            ),
        )

    assert post(name_en="Genomics Ventures", city="Lyon").status_code == 302
    renamed = post(name_en="Genome Quebec")
    assert renamed.status_code == 200
    assert "Génome Québec" in str(renamed.context["adminform"].form.non_field_errors())


@pytest.mark.django_db
def test_a_draft_recorded_under_another_spelling_is_named_too(admin_client):
    # Drafts are not in the search index the warning reads (portal.publishing).
    draft = OrganizationFactory(name="Institut Pasteur de Lille", publication="draft")
    rebuild()

    response = admin_client.post(ADD, organization_form(name_en="Institut Pasteur Lille"))

    assert response.status_code == 200
    change = reverse("admin:organizations_organization_change", args=[draft.pk])
    errors = str(response.context["adminform"].form.non_field_errors())
    assert f'<a href="{change}">Institut Pasteur de Lille</a>' in errors


def test_another_associations_draft_is_not_named_to_its_staff(
    client, staff_a, staff_b, association_a, association_b
):
    draft = OrganizationFactory(
        name="Institut Pasteur de Lille", publication="draft", owner=association_a
    )
    rebuild()
    change = reverse("admin:organizations_organization_change", args=[draft.pk])

    client.force_login(staff_b)
    elsewhere = client.post(
        ADD, organization_form(name_en="Institut Pasteur Lille", owner=association_b.pk)
    )

    client.force_login(staff_a)
    own = client.post(
        ADD,
        organization_form(name_en="Institut Pasteur Lille", slug="other", owner=association_a.pk),
    )

    assert elsewhere.status_code == 302, elsewhere.context["adminform"].form.errors
    assert Organization.all_objects.filter(name_en="Institut Pasteur Lille").exists()
    assert own.status_code == 200
    assert change in str(own.context["adminform"].form.non_field_errors())
