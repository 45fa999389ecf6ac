"""Each public page makes a fixed number of queries, whether it shows one item or many.

Data is built with factories, not the demo data, so each count is under control.
Every test asserts what the page shows too, so a count cannot pass on an empty page.
"""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone, translation

from agreements.filters import AgreementFilter
from agreements.models import Agreement, AgreementState, BenefitCategory
from events.filters import EventFilter
from organizations.filters import OrganizationFilter
from organizations.models import Visibility
from tests.factories import (
    AgreementFactory,
    BenefitFactory,
    CommitmentFactory,
    ContactFactory,
    EventFactory,
    EventOrganizationFactory,
    OrganizationFactory,
    PartyFactory,
    RelationshipFactory,
    SectorFactory,
    SeriesFactory,
    SourceDocumentFactory,
)
from tests.test_pages_helpers import LANGUAGES, get_page, label, ui, url


@pytest.fixture(autouse=True)
def _default_language():
    # LocaleMiddleware activates the language of each request and leaves it active in
    # the thread: without this, a French page would make the next test (ours or
    # another module's) build and read data in French.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


SIZES = [1, 6]


def counted_choices(filterset, lang, query=None):
    """Count the filter form's choices as a first visit to the list with ``query``
    would: the counts are then cached until the data changes, and the page measured
    counts nothing."""
    with translation.override(lang):
        filterset.cached_counts(filterset(query).counting_scope())


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def agreement_with_three_parties(number, **kwargs):
    """An agreement as the registry shows it: three parties, themes, a benefit, a signing event."""
    themes = SectorFactory.create_batch(2)
    kwargs.setdefault(
        "signing_event", EventFactory(name=f"Signing {number:02}", start_date=in_days(-100))
    )
    agreement = AgreementFactory(title=f"Agreement {number:02}", **kwargs)
    agreement.themes.set(themes)
    parties = [
        PartyFactory(agreement=agreement, organization__name=f"Party {number:02}-{side}")
        for side in "ABC"
    ]
    for party in parties:
        party.organization.sectors.set(themes)
    BenefitFactory(agreement=agreement).granted_to.set([p.organization for p in parties])
    CommitmentFactory(agreement=agreement)
    SourceDocumentFactory(agreement=agreement)
    return agreement


# Home ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("items", SIZES)
def test_home_takes_7_queries_with_a_cold_cache_whatever_it_lists(
    client, db, django_assert_num_queries, items, lang
):
    for number in range(items):
        agreement_with_three_parties(number)
        EventFactory(name=f"Upcoming {number:02}", start_date=in_days(10 + number))

    with django_assert_num_queries(7):
        page = get_page(client, url("home", lang))

    shown = min(items, 5)
    assert page.texts("section[aria-labelledby=agreements-heading] .card-title") == [
        f"Agreement {number:02}" for number in range(shown)
    ]
    assert page.texts("section[aria-labelledby=events-heading] .card-title") == [
        f"Upcoming {number:02}" for number in range(shown)
    ]


@pytest.mark.parametrize("items", SIZES)
def test_home_takes_3_queries_once_its_key_numbers_are_cached(
    client, db, django_assert_num_queries, items
):
    for number in range(items):
        agreement_with_three_parties(number)
    # The English page counted the totals; the French one is a page of its own
    # (the English one would now come whole from the page cache).
    client.get(url("home", "en"))

    with django_assert_num_queries(3):
        page = get_page(client, url("home", "fr"))

    assert page.texts(".key-numbers strong")[1] == str(items)


# Organizations -------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("items", SIZES)
def test_directory_takes_3_queries_whatever_the_number_of_organizations(
    client, db, django_assert_num_queries, items, lang
):
    sectors = SectorFactory.create_batch(3)
    for number in range(items):
        OrganizationFactory(name=f"Organization {number:02}").sectors.set(sectors)

    counted_choices(OrganizationFilter, lang)

    with django_assert_num_queries(3):
        page = get_page(client, url("organizations:list", lang))

    assert page.card_titles() == [f"Organization {number:02}" for number in range(items)]
    assert len(page.select(".card .tags li")) == 3 * items


@pytest.mark.parametrize("items", SIZES)
def test_filtered_directory_takes_5_queries_whatever_the_number_of_organizations(
    client, db, django_assert_num_queries, items
):
    sector = SectorFactory(slug="oncology")
    hub = OrganizationFactory(name="Hub", slug="hub")
    for number in range(items):
        agreement = AgreementFactory()
        PartyFactory(agreement=agreement, organization=hub)
        partner = PartyFactory(
            agreement=agreement, organization__name=f"Partner {number:02}"
        ).organization
        partner.sectors.set([sector])

    counted_choices(OrganizationFilter, "en")

    with django_assert_num_queries(5):
        page = get_page(
            client, url("organizations:list", query={"partner": "hub", "sector": "oncology"})
        )

    assert page.card_titles() == [f"Partner {number:02}" for number in range(items)]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("items", SIZES)
def test_organization_page_takes_6_queries_whatever_the_number_of_related_records(
    client, db, django_assert_num_queries, items, lang
):
    hub = OrganizationFactory(name="Hub", slug="hub")
    hub.sectors.set(SectorFactory.create_batch(2))
    for number in range(items):
        agreement = agreement_with_three_parties(number)
        PartyFactory(agreement=agreement, organization=hub)
        EventOrganizationFactory(organization=hub, event__name=f"Event {number:02}")
        RelationshipFactory(subject=hub, object__name=f"Object {number:02}")
        RelationshipFactory(object=hub, subject__name=f"Subject {number:02}")
        ContactFactory(organization=hub, name=f"Person {number:02}")
    ContactFactory(organization=hub, name="Private person", visibility=Visibility.MEMBERS)

    with django_assert_num_queries(6):
        page = get_page(client, url("organizations:detail", lang, slug="hub"))

    assert len(page.texts("section[aria-labelledby=agreements-heading] .card-title")) == items
    assert len(page.texts("section[aria-labelledby=partners-heading] li")) == 3 * items
    assert len(page.texts("section[aria-labelledby=events-heading] .card-title")) == items
    assert len(page.texts("section[aria-labelledby=relationships-heading] li")) == 2 * items
    assert page.texts(".contacts strong") == [f"Person {number:02}" for number in range(items)]


# Agreements ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("items", SIZES)
def test_registry_takes_3_queries_whatever_the_number_of_agreements(
    client, db, django_assert_num_queries, items, lang
):
    for number in range(items):
        agreement_with_three_parties(number)

    counted_choices(AgreementFilter, lang)

    with django_assert_num_queries(3):
        page = get_page(client, url("agreements:list", lang))

    assert page.card_titles() == [f"Agreement {number:02}" for number in range(items)]
    assert all(parties.count("Party") == 3 for parties in page.texts(".card-parties"))


@pytest.mark.parametrize("items", SIZES)
def test_filtered_registry_takes_5_queries_whatever_the_number_of_agreements(
    client, db, django_assert_num_queries, items
):
    hub = OrganizationFactory(name="Hub", slug="hub")
    theme = SectorFactory(slug="oncology")
    for number in range(items):
        agreement = agreement_with_three_parties(number)
        PartyFactory(agreement=agreement, organization=hub)
        agreement.themes.add(theme)

    counted_choices(AgreementFilter, "en")

    with django_assert_num_queries(5):
        page = get_page(
            client,
            url(
                "agreements:list",
                query={
                    "party": "hub",
                    "theme": "oncology",
                    "has_benefits": "true",
                    "status": "in_force",
                },
            ),
        )

    assert page.card_titles() == [f"Agreement {number:02}" for number in range(items)]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("items", SIZES)
def test_agreement_page_takes_6_queries_whatever_the_number_of_parties_benefits_and_renewals(
    client, db, django_assert_num_queries, items, lang
):
    # Five generations of predecessors: more than the three the page shows.
    previous = None
    for generation in range(1, 6):
        previous = AgreementFactory(
            title=f"Generation {generation}", renews=previous, signed_on=None
        )
    agreement = AgreementFactory(
        title="Current", renews=previous, signing_event=EventFactory(name="Signing")
    )
    for number in range(items):
        party = PartyFactory(agreement=agreement, organization__name=f"Party {number:02}")
        party.signed_by = ContactFactory(organization=party.organization, name=f"Signer {number}")
        party.save()
        BenefitFactory(agreement=agreement, description=f"Benefit {number}").granted_to.set(
            [party.organization]
        )
        agreement.themes.add(SectorFactory())
        CommitmentFactory(agreement=agreement, description=f"Commitment {number}")
        SourceDocumentFactory(agreement=agreement, title=f"Source {number}")
        AgreementFactory(title=f"Renewal {number:02}", renews=agreement, signed_on=None)
        EventFactory(name=f"Related {number:02}").related_agreements.add(agreement)

    with django_assert_num_queries(6):
        page = get_page(client, url("agreements:detail", lang, slug=agreement.slug))

    # Renewed by its signed renewals, the latest signed first: read with the chain.
    assert page.text_of(".eyebrow .status") == label(lang, AgreementState.RENEWED.label)
    renewal = Agreement.objects.get(title_en="Renewal 00")
    assert page.links(".lifecycle a") == [url("agreements:detail", lang, slug=renewal.slug)]
    assert len(page.select("section[aria-labelledby=parties-heading] tbody tr")) == items
    assert len(page.select(".benefit")) == items
    assert len(page.select("section[aria-labelledby=commitments-heading] tbody tr")) == items
    assert len(page.select("section[aria-labelledby=sources-heading] li")) == items
    assert page.texts("section[aria-labelledby=events-heading] .card-title") == [
        f"Related {number:02}" for number in range(items)
    ]
    assert page.texts("ol.chain li") == [
        ui(lang, "Earlier agreements: see the oldest one below."),
        "Generation 3",
        "Generation 4",
        "Generation 5",
        "Current",
        *[f"Renewal {number:02}" for number in range(items)],
    ]


# Events --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("when", ["upcoming", "past", "all"])
@pytest.mark.parametrize("items", SIZES)
def test_events_list_takes_2_queries_whatever_the_number_of_events(
    client, db, django_assert_num_queries, items, when, lang
):
    series = SeriesFactory()
    for number in range(items):
        start = in_days(10 + number) if when != "past" else in_days(-10 - number)
        event = EventFactory(name=f"Event {number:02}", series=series, start_date=start)
        EventOrganizationFactory.create_batch(2, event=event)

    counted_choices(EventFilter, lang, {"when": when})

    with django_assert_num_queries(2):
        page = get_page(client, url("events:list", lang, {"when": when}))

    assert (
        page.card_titles()
        == [f"Event {number:02}" for number in range(items)][:: -1 if when == "all" else 1]
    )


@pytest.mark.parametrize("items", SIZES)
def test_filtered_events_list_takes_4_queries_whatever_the_number_of_events(
    client, db, django_assert_num_queries, items
):
    series = SeriesFactory(slug="bio")
    organizer = OrganizationFactory(slug="hub")
    for number in range(items):
        event = EventFactory(name=f"Event {number:02}", series=series, start_date=in_days(number))
        EventOrganizationFactory(event=event, organization=organizer)

    counted_choices(EventFilter, "en")

    with django_assert_num_queries(4):
        page = get_page(client, url("events:list", query={"series": "bio", "organizer": "hub"}))

    assert page.card_titles() == [f"Event {number:02}" for number in range(items)]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("items", SIZES)
def test_event_page_takes_3_queries_whatever_the_number_of_organizations_and_agreements(
    client, db, django_assert_num_queries, items, lang
):
    event = EventFactory(name="Convention", series=SeriesFactory())
    for number in range(items):
        EventOrganizationFactory(event=event, organization__name=f"Organizer {number:02}")
        agreement_with_three_parties(number, signing_event=event)
        event.related_agreements.add(agreement_with_three_parties(100 + number))

    with django_assert_num_queries(3):
        page = get_page(client, url("events:detail", lang, slug=event.slug))

    assert len(page.select("section[aria-labelledby=organizations-heading] tbody tr")) == items
    assert len(page.texts("section[aria-labelledby=signed-heading] .card-title")) == items
    assert len(page.texts("section[aria-labelledby=related-heading] .card-title")) == items
    assert len(page.texts(".card-parties")) == 2 * items


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("items", SIZES)
def test_series_page_takes_3_queries_whatever_the_number_of_editions(
    client, db, django_assert_num_queries, items, lang
):
    series = SeriesFactory(organizer=OrganizationFactory(name="Organizer"))
    for number in range(items):
        EventFactory(series=series, name=f"Next {number:02}", start_date=in_days(10 + number))
        EventFactory(series=series, name=f"Last {number:02}", start_date=in_days(-10 - number))

    with django_assert_num_queries(3):
        page = get_page(client, url("events:series", lang, slug=series.slug))

    assert page.texts("section[aria-labelledby=upcoming-heading] .card-title") == [
        f"Next {number:02}" for number in range(items)
    ]
    assert page.texts("section[aria-labelledby=past-heading] .card-title") == [
        f"Last {number:02}" for number in range(items)
    ]


# Benefits ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("items", SIZES)
def test_benefits_of_an_association_take_2_queries_whatever_their_number(
    client, db, django_assert_num_queries, items, lang
):
    association = OrganizationFactory(name="Association", slug="association")
    for number in range(items):
        agreement = agreement_with_three_parties(number)
        PartyFactory(agreement=agreement, organization=association)
        for category in (BenefitCategory.EVENT_ACCESS, BenefitCategory.NETWORKING):
            BenefitFactory(
                agreement=agreement, category=category, description=f"{category} {number}"
            ).granted_to.set([association])

    with django_assert_num_queries(2):
        page = get_page(client, url("benefits:list", lang, {"association": "association"}))

    assert len(page.select("section.benefit-category")) == 2
    assert len(page.select("li.benefit")) == 2 * items


@pytest.mark.parametrize("items", SIZES)
def test_benefits_of_an_association_typed_by_name_take_3_queries(
    client, db, django_assert_num_queries, items
):
    association = OrganizationFactory(name="Association", slug="association")
    for number in range(items):
        BenefitFactory(description=f"Benefit {number}").granted_to.set([association])

    with django_assert_num_queries(3):
        page = get_page(client, url("benefits:list", query={"association": "Association"}))

    assert len(page.select("li.benefit")) == items


@pytest.mark.parametrize("items", SIZES)
def test_benefits_of_an_association_typed_without_its_accents_take_2_queries(
    client, db, django_assert_num_queries, items
):
    association = OrganizationFactory(name="Réseau Étoilé", slug="reseau")
    for number in range(items):
        BenefitFactory(description=f"Benefit {number}").granted_to.set([association])

    # The associations of the box (the name is found among them), the benefits.
    with django_assert_num_queries(2):
        page = get_page(client, url("benefits:list", query={"association": "reseau etoile"}))

    assert len(page.select("li.benefit")) == items
    assert page.form_values()["association"] == "reseau"


@pytest.mark.parametrize("items", SIZES)
def test_with_more_granting_associations_than_a_list_holds_the_box_is_a_text_box(
    client, db, django_assert_num_queries, monkeypatch, items
):
    monkeypatch.setattr("agreements.granting.CHOICES_LIMIT", 2)
    for number in range(3):
        association = OrganizationFactory(name=f"Société {number}", slug=f"societe-{number}")
        for item in range(items):
            BenefitFactory(description=f"Benefit {number}.{item}").granted_to.set([association])

    # The first associations (too many for a list), all of those named so, the benefits.
    with django_assert_num_queries(3):
        page = get_page(client, url("benefits:list", query={"association": "societe 2"}))

    assert page.select("main form select") == []
    assert page.form_values()["association"] == "societe 2"
    assert page.texts("li.benefit > p:first-child") == [
        f"Benefit 2.{item}" for item in range(items)
    ]


@pytest.mark.parametrize("items", SIZES)
def test_benefits_page_without_an_association_takes_1_query(
    client, db, django_assert_num_queries, items
):
    for number in range(items):
        BenefitFactory().granted_to.set([OrganizationFactory(name=f"Association {number:02}")])

    with django_assert_num_queries(1):
        page = get_page(client, url("benefits:list"))

    assert page.texts("section[aria-labelledby=granting-heading] li") == [
        f"Association {number:02}" for number in range(items)
    ]


# Signed-in members ------------------------------------------------------------------


@pytest.mark.parametrize("items", SIZES)
def test_a_members_benefits_page_takes_7_queries_whatever_it_shows(
    client, member, association_a, django_assert_num_queries, items
):
    for number in range(items):
        BenefitFactory(
            description=f"Benefit {number}", how_to_claim_en=f"Claim {number}"
        ).granted_to.set([association_a])
    client.force_login(member)

    # Session, user, profile, memberships; the first of the member's associations,
    # preselected, and all of them, listed; the benefits with their claim details.
    with django_assert_num_queries(7):
        page = get_page(client, url("benefits:list"))

    assert page.texts("li.benefit .claim p") == [f"Claim {number}" for number in range(items)]


@pytest.mark.parametrize("items", SIZES)
def test_an_organization_page_seen_by_a_member_takes_a_fixed_number_of_queries(
    client, member, django_assert_num_queries, items
):
    organization = OrganizationFactory(name="Visible Labs", slug="visible-labs")
    for number in range(items):
        ContactFactory(
            organization=organization, name=f"Person {number}", visibility=Visibility.MEMBERS
        )
    client.force_login(member)

    # Session, user, profile, memberships; then the page's own 6.
    with django_assert_num_queries(10):
        page = get_page(client, url("organizations:detail", slug="visible-labs"))

    assert len(page.select(".contacts li")) == items
