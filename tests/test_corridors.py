"""Corridors: the pairs of places whose organizations sign agreements together.

The list groups agreements by the places of their parties (spellings of a region
are one place, a party with no region stands for its country) and counts only
what is published; a corridor's page shows its agreements, the events both sides
took part in, the organizations on each side, the benefits in force and a
year-by-year chart.
"""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone, translation

from agreements.models import AgreementStatus
from organizations.places import (
    corridor_slug,
    corridors_between,
    is_corridor,
    parse_corridor_slug,
    place_key,
)
from portal.publishing import Publication
from tests.factories import (
    AgreementFactory,
    BenefitFactory,
    EventFactory,
    EventOrganizationFactory,
    OrganizationFactory,
    PartyFactory,
)
from tests.test_pages_helpers import LANGUAGES, get_page, ui, ui_count, url


@pytest.fixture(autouse=True)
def _default_language():
    # A French page leaves French active in the thread (see test_pages_queries).
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def agreement_between(*organizations, **kwargs):
    agreement = AgreementFactory(**kwargs)
    for organization in organizations:
        PartyFactory(agreement=agreement, organization=organization)
    return agreement


def organization_in(region, country, name, **kwargs):
    return OrganizationFactory(name=name, region=region, country=country, **kwargs)


def table_rows(page):
    """The corridor list's table: (corridor, agreements, in force, organizations)."""
    return [
        tuple(cell.text for cell in row.select("th a, td"))
        for row in page.select(".corridor-table tbody tr")
    ]


# Places ------------------------------------------------------------------------------


def test_spellings_and_abbreviations_of_a_region_are_one_place():
    spellings = ["Québec", "Quebec", "  QUÉBEC ", "québec", "QC"]

    assert {place_key("CA", spelling) for spelling in spellings} == {("CA", "quebec")}
    assert place_key("US", "MA") == place_key("US", "Massachusetts") == ("US", "massachusetts")
    assert place_key("FR", "Auvergne Rhône Alpes") == ("FR", "auvergne-rhone-alpes")
    # Abbreviations are read within their country only.
    assert place_key("FR", "QC") == ("FR", "qc")


def test_a_party_without_region_stands_for_its_country_and_one_without_country_for_nothing():
    assert place_key("FR", "") == ("FR", "")
    assert place_key("", "Québec") is None


def test_a_country_and_its_own_region_make_no_corridor():
    quebec, ontario, france, lyon = ("CA", "quebec"), ("CA", "ontario"), ("FR", ""), ("FR", "ara")

    assert corridors_between([quebec, lyon, france, ontario, None, quebec]) == [
        (ontario, quebec),
        (ontario, france),
        (ontario, lyon),
        (quebec, france),
        (quebec, lyon),
    ]
    assert not is_corridor(france, lyon)
    assert not is_corridor(quebec, quebec)


def test_a_corridor_address_names_its_places_in_a_stable_order_either_way_round():
    quebec, massachusetts = ("CA", "quebec"), ("US", "massachusetts")

    assert corridor_slug(massachusetts, quebec) == "quebec-ca--massachusetts-us"
    assert corridor_slug(quebec, massachusetts) == "quebec-ca--massachusetts-us"
    assert parse_corridor_slug("massachusetts-us--quebec-ca") == (massachusetts, quebec)
    assert parse_corridor_slug("quebec-ca--fr") == (quebec, ("FR", ""))
    for unreadable in ("quebec", "quebec-ca-ontario-ca", "quebec-ca--quebec-ca", "fr--lyon-fr"):
        assert parse_corridor_slug(unreadable) is None


# The list ----------------------------------------------------------------------------


@pytest.fixture
def places(db):
    """Organizations in Québec (two spellings), Ontario, Massachusetts ("MA"),
    Auvergne-Rhône-Alpes and France without a region."""
    return {
        "bioquebec": organization_in("Québec", "CA", "BIOQuébec"),
        "invivo": organization_in("Quebec", "CA", "Montréal InVivo"),
        "lso": organization_in("Ontario", "CA", "Life Sciences Ontario"),
        "massbio": organization_in("MA", "US", "MassBio"),
        "clara": organization_in("Auvergne-Rhône-Alpes", "FR", "CLARA"),
        "foundation": organization_in("", "FR", "Fondation"),
    }


def test_the_list_groups_agreements_by_pairs_of_places_and_counts_only_published_records(
    client, places
):
    p = places
    agreement_between(p["bioquebec"], p["lso"], title="In force")
    agreement_between(
        p["invivo"], p["lso"], title="Ended", effective_until=days_ago(10), signed_on=days_ago(900)
    )
    # Both spellings of Québec and Ontario: one agreement of Québec – Ontario, once.
    agreement_between(p["bioquebec"], p["invivo"], p["lso"], title="Three parties")
    # Four places: every pair but France with its own region.
    agreement_between(p["bioquebec"], p["massbio"], p["clara"], p["foundation"], title="Many")
    agreement_between(p["invivo"], p["massbio"], publication=Publication.DRAFT, title="Draft")
    draft_alberta = organization_in("Alberta", "CA", "Draft", publication=Publication.DRAFT)
    agreement_between(p["bioquebec"], draft_alberta, title="With a draft organization")
    agreement_between(p["invivo"], p["bioquebec"], title="Within Québec")

    page = get_page(client, url("partners:corridors"))

    assert page.status == 200
    # Most agreements first, then by name.
    assert table_rows(page) == [
        ("Ontario – Québec", "3", "2", "1 in Ontario · 2 in Québec"),
        (
            "Auvergne-Rhône-Alpes – Massachusetts",
            "1",
            "1",
            "1 in Auvergne-Rhône-Alpes · 1 in Massachusetts",
        ),
        ("France – Massachusetts", "1", "1", "1 in France · 1 in Massachusetts"),
        ("Québec – Auvergne-Rhône-Alpes", "1", "1", "1 in Québec · 1 in Auvergne-Rhône-Alpes"),
        ("Québec – France", "1", "1", "1 in Québec · 1 in France"),
        ("Québec – Massachusetts", "1", "1", "1 in Québec · 1 in Massachusetts"),
    ]
    assert page.text_of(".corridor-table tbody tr:first-child .corridor-countries") == "Canada"
    assert page.links(".corridor-table tbody tr:first-child th a") == [
        url("partners:corridor", slug="ontario-ca--quebec-ca")
    ]


def test_the_list_names_a_place_as_most_of_its_parties_spell_it(client, places):
    p = places
    third = organization_in("Quebec", "CA", "Québec International")
    agreement_between(p["invivo"], third, p["lso"])

    page = get_page(client, url("partners:corridors"))

    assert table_rows(page) == [("Ontario – Quebec", "1", "1", "1 in Ontario · 2 in Quebec")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "QUEBEC"}, ["Ontario – Québec", "Québec – Auvergne-Rhône-Alpes"]),
        ({"q": "rhone"}, ["Québec – Auvergne-Rhône-Alpes"]),
        ({"q": "France"}, ["Québec – Auvergne-Rhône-Alpes"]),
        ({"country": "FR"}, ["Québec – Auvergne-Rhône-Alpes"]),
        ({"side": "ontario-ca"}, ["Ontario – Québec"]),
        ({"side": "alberta-ca"}, []),
    ],
)
def test_the_list_filters_by_place_in_any_spelling_by_country_and_by_one_place(
    client, places, query, expected
):
    p = places
    agreement_between(p["bioquebec"], p["lso"], signed_on=days_ago(30))
    agreement_between(p["invivo"], p["lso"])
    agreement_between(p["bioquebec"], p["clara"])

    page = get_page(client, url("partners:corridors", query=query))

    assert page.status == 200
    assert [row[0] for row in table_rows(page)] == expected


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ({"country": "ZZ"}, 400, "country"),
        ({"q": "x" * 101}, 400, "q"),
        ({"side": "not a place"}, 400, "side"),
        ({"page": "2"}, 404, None),
        ({"page": "two"}, 404, None),
    ],
)
def test_bad_filters_and_pages_are_explained_with_a_400_or_404(
    client, places, query, status, field
):
    agreement_between(places["bioquebec"], places["lso"])

    page = get_page(client, url("partners:corridors", query=query))

    assert page.status == status
    assert table_rows(page) == []
    if field in ("country", "q"):
        assert page.field_errors(field)
    elif field == "side":
        assert page.texts(".form-errors li") == [
            ui("en", "This is not a place as the corridors name them, such as “quebec-ca”.")
        ]
    else:
        assert "result-error" in page.select_one("p.result-count").attrs["class"]


def test_with_no_agreement_between_places_the_list_says_so(client, places):
    agreement_between(places["bioquebec"], places["invivo"])

    page = get_page(client, url("partners:corridors"))

    assert page.result_count() == ui(
        "en", "No corridor yet: no published agreement links organizations of two places."
    )


# A corridor's page -------------------------------------------------------------------


@pytest.fixture
def quebec_ontario(places):
    """Québec – Ontario: an agreement in force (2019) with benefits, an ended one (2021)
    with a current benefit, an undated one; events of both sides, of one side, and a
    draft."""
    p = places
    in_force = agreement_between(
        p["bioquebec"], p["lso"], title="In force", signed_on=datetime.date(2019, 3, 1)
    )
    BenefitFactory(agreement=in_force, description="Member rates")
    BenefitFactory(agreement=in_force, description="Expired", valid_until=days_ago(1))
    BenefitFactory(agreement=in_force, description="Not yet", valid_from=days_ago(-5))
    ended = agreement_between(
        p["invivo"],
        p["lso"],
        title="Ended",
        signed_on=datetime.date(2021, 6, 1),
        effective_until=days_ago(3),
    )
    BenefitFactory(agreement=ended, description="Of an ended agreement")
    agreement_between(p["bioquebec"], p["lso"], title="Undated", signed_on=None)
    agreement_between(
        p["invivo"],
        p["lso"],
        title="Negotiating",
        status=AgreementStatus.IN_NEGOTIATION,
        signed_on=None,
    )
    agreement_between(p["bioquebec"], p["massbio"], title="Elsewhere")
    for name, start, organizations, publication in [
        ("Workshop", datetime.date(2019, 5, 1), ("bioquebec", "lso"), Publication.PUBLISHED),
        ("Mission", datetime.date(2021, 2, 1), ("invivo", "lso"), Publication.PUBLISHED),
        ("Summit", datetime.date(2021, 9, 1), ("invivo", "bioquebec", "lso"), "published"),
        ("Québec only", datetime.date(2020, 1, 1), ("bioquebec",), Publication.PUBLISHED),
        ("Draft event", datetime.date(2020, 1, 1), ("bioquebec", "lso"), Publication.DRAFT),
    ]:
        event = EventFactory(name=name, start_date=start, publication=publication)
        for key in organizations:
            EventOrganizationFactory(event=event, organization=p[key])
    return p


def timeline_rows(page):
    return [
        tuple(cell.text for cell in row.select("th, td")) for row in page.select(".timeline tr")
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_corridor_page_shows_its_agreements_events_organizations_benefits_and_years(
    client, quebec_ontario, lang
):
    page = get_page(client, url("partners:corridor", lang, slug="ontario-ca--quebec-ca"))

    assert page.status == 200
    assert page.lang == lang
    assert page.h1 == "Ontario – Québec"
    # Latest signed first, those with no known date last.
    assert page.texts("section[aria-labelledby=agreements-heading] .card-title") == [
        "Ended",
        "In force",
        "Undated",
        "Negotiating",
    ]
    assert page.texts("section[aria-labelledby=events-heading] .card-title") == [
        "Summit",
        "Mission",
        "Workshop",
    ]
    assert page.texts(".corridor-sides h3") == [
        ui(lang, "In %(place)s (%(counter)s)", place="Ontario", counter=1),
        ui(lang, "In %(place)s (%(counter)s)", place="Québec", counter=2),
    ]
    assert page.texts(".corridor-sides li") == [
        "Life Sciences Ontario",
        "BIOQuébec",
        "Montréal InVivo",
    ]
    assert page.texts(".corridor-benefits li")[0].count("Member rates") == 1
    assert len(page.texts(".corridor-benefits li")) == 1
    assert page.facts()[ui(lang, "Agreements")] == ui_count(
        lang,
        "%(counter)s agreement, %(in_force)s in force today",
        "%(counter)s agreements, %(in_force)s in force today",
        4,
        counter=4,
        in_force=2,
    )


def test_the_timeline_counts_agreements_signed_and_events_per_year_with_bars(
    client, quebec_ontario
):
    page = get_page(client, url("partners:corridor", slug="ontario-ca--quebec-ca"))

    # Every year from the first to the last, the empty ones too.
    assert timeline_rows(page) == [
        (ui("en", "Year"), ui("en", "Agreements signed"), ui("en", "Events")),
        ("2019", "1", "1"),
        ("2020", "0", "0"),
        ("2021", "1", "2"),
    ]
    # Each bar in tenths of the busiest year's count (two events in 2021).
    bars = [bar.attrs["class"].split()[-1] for bar in page.select(".timeline .bar")]
    assert bars == ["bar-w5", "bar-w5", "bar-w0", "bar-w0", "bar-w5", "bar-w10"]
    assert {bar.attrs["aria-hidden"] for bar in page.select(".timeline .bar")} == {"true"}
    assert (
        ui_count(
            "en",
            "%(counter)s agreement has no known signing date and is not in the chart.",
            "%(counter)s agreements have no known signing date and are not in the chart.",
            2,
            counter=2,
        )
        in page.main_text
    )


def test_the_organizations_lists_link_to_the_directory_filtered_by_place(client, quebec_ontario):
    page = get_page(client, url("partners:corridor", slug="ontario-ca--quebec-ca"))

    directory = url("organizations:list")
    assert page.links(".corridor-sides a.more") == [
        f"{directory}?country=CA&region=Ontario",
        f"{directory}?country=CA&region=Qu%C3%A9bec",
    ]
    listed = get_page(client, page.links(".corridor-sides a.more")[0])
    assert listed.card_titles() == ["Life Sciences Ontario"]


def test_a_reversed_or_capitalized_address_redirects_to_the_corridor(client, quebec_ontario):
    for slug in ("quebec-ca--ontario-ca", "Ontario-CA--Quebec-CA"):
        response = client.get(url("partners:corridor", slug=slug))

        assert response.status_code == 301
        assert response["Location"] == url("partners:corridor", slug="ontario-ca--quebec-ca")


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        (
            "alberta-ca--quebec-ca",
            "No published agreement links organizations of these two places.",
        ),
        ("quebec", "This address names no corridor."),
        ("fr--auvergne-rhone-alpes-fr", "This address names no corridor."),
        ("quebec-ca--quebec-ca", "This address names no corridor."),
        ("québec-ca--ontario-ca", "This address names no corridor."),
    ],
)
def test_an_unknown_corridor_is_a_404_that_says_why(client, quebec_ontario, slug, message):
    page = get_page(client, url("partners:corridor", slug=slug))

    assert page.status == 404
    assert page.h1 == ui("en", "No such corridor")
    assert message in page.main_text
    assert page.links("main a") == [url("partners:corridors")]


def test_a_draft_agreement_makes_no_corridor(client, places):
    agreement_between(places["bioquebec"], places["massbio"], publication=Publication.DRAFT)

    page = get_page(client, url("partners:corridor", slug="quebec-ca--massachusetts-us"))

    assert page.status == 404


def test_an_agreement_page_names_its_corridors(client, places):
    p = places
    agreement = agreement_between(p["bioquebec"], p["massbio"], p["clara"], p["invivo"])

    page = get_page(client, url("agreements:detail", slug=agreement.slug))

    assert page.texts("dl.facts .tags a[href*=corridors]") == [
        "Québec – Auvergne-Rhône-Alpes",
        "Québec – Massachusetts",
        "Auvergne-Rhône-Alpes – Massachusetts",
    ]
    assert page.fact_links(ui("en", "Corridors")) == [
        url("partners:corridor", slug="quebec-ca--auvergne-rhone-alpes-fr"),
        url("partners:corridor", slug="quebec-ca--massachusetts-us"),
        url("partners:corridor", slug="auvergne-rhone-alpes-fr--massachusetts-us"),
    ]
    for link in page.fact_links(ui("en", "Corridors")):
        assert client.get(link).status_code == 200


def test_an_organization_page_links_to_the_corridors_of_its_place(client, places):
    agreement_between(places["bioquebec"], places["lso"])

    page = get_page(client, url("organizations:detail", slug=places["lso"].slug))

    [link] = page.fact_links(ui("en", "Location"))
    assert link == url("partners:corridors", query={"side": "ontario-ca"})
    assert [row[0] for row in table_rows(get_page(client, link))] == ["Ontario – Québec"]


# Queries -----------------------------------------------------------------------------

SIZES = [1, 6]


def corridors_of(size):
    """``size`` organizations in each of Québec and Ontario, each with an agreement across,
    a benefit and an event both sides attended."""
    for number in range(size):
        quebec = organization_in("Québec", "CA", f"Québec {number:02}")
        ontario = organization_in("Ontario", "CA", f"Ontario {number:02}")
        agreement = agreement_between(
            quebec,
            ontario,
            title=f"Agreement {number:02}",
            signed_on=datetime.date(2015 + number, 1, 1),
        )
        BenefitFactory(agreement=agreement, description=f"Benefit {number:02}")
        event = EventFactory(
            name=f"Event {number:02}", start_date=datetime.date(2015 + number, 2, 1)
        )
        EventOrganizationFactory(event=event, organization=quebec)
        EventOrganizationFactory(event=event, organization=ontario)
        # Another corridor, for the list.
        agreement_between(quebec, organization_in(f"Region {number:02}", "US", f"US {number:02}"))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_the_list_takes_2_queries_with_a_cold_cache_whatever_the_number_of_corridors(
    client, db, django_assert_num_queries, size, lang
):
    corridors_of(size)

    with django_assert_num_queries(2):
        page = get_page(client, url("partners:corridors", lang))

    assert len(table_rows(page)) == size + 1
    assert table_rows(page)[0][:2] == ("Ontario – Québec", str(size))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_a_corridor_page_takes_9_queries_with_a_cold_cache_whatever_it_lists(
    client, db, django_assert_num_queries, size, lang
):
    corridors_of(size)

    with django_assert_num_queries(9):
        page = get_page(client, url("partners:corridor", lang, slug="ontario-ca--quebec-ca"))

    assert page.texts("section[aria-labelledby=agreements-heading] .card-title") == [
        f"Agreement {n:02}" for n in reversed(range(size))
    ]
    assert len(page.select(".corridor-sides li")) == 2 * size
    assert len(page.select(".corridor-benefits li")) == size
    assert len(timeline_rows(page)) == size + 1


@pytest.mark.parametrize("size", SIZES)
def test_a_corridor_page_takes_7_queries_once_the_corridors_are_counted(
    client, db, django_assert_num_queries, size
):
    corridors_of(size)
    client.get(url("partners:corridors"))

    with django_assert_num_queries(7):
        page = get_page(client, url("partners:corridor", "fr", slug="ontario-ca--quebec-ca"))

    assert len(page.texts("section[aria-labelledby=events-heading] .card-title")) == size
