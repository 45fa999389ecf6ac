"""The partnership network: who had agreements with whom in a year, as a graph's data
and as a table, bounded, in a fixed number of queries, in both languages."""

import datetime
import json

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from agreements.models import AgreementStatus
from organizations.models import OrganizationKind
from partners.filters import NetworkFilter
from portal.dates import DatePrecision
from portal.publishing import Publication
from tests.factories import AgreementFactory, OrganizationFactory, PartyFactory
from tests.test_pages_helpers import LANGUAGES, get_page, label, ui, url


@pytest.fixture(autouse=True)
def _default_language():
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def agreement_between(*organizations, **kwargs):
    agreement = AgreementFactory(**kwargs)
    for organization in organizations:
        PartyFactory(agreement=agreement, organization=organization)
    return agreement


def network_page(client, lang="en", **query):
    return get_page(client, url("partners:network", lang, query or None))


def graph(page):
    """The graph's data, as static/js/network.js reads it: names by node, and the
    agreements of each edge by the pair of names."""
    data = json.loads(page.select_one("script#network-data").string)
    names = {node["id"]: node["name"] for node in data["nodes"]}
    nodes = {node["name"]: node["agreements"] for node in data["nodes"]}
    edges = {
        frozenset((names[edge["source"]], names[edge["target"]])): edge["agreements"]
        for edge in data["edges"]
    }
    return data, nodes, edges


def table(page):
    """The table's rows: organization, kind, agreements, partners, most agreements with."""
    return [
        [cell.text for cell in row.select("th, td")]
        for row in page.select("#network-table tbody tr")
    ]


def named(*names):
    return [OrganizationFactory(name=name) for name in names]


# Years ---------------------------------------------------------------------------


def test_a_year_shows_the_agreements_signed_by_its_end_and_not_ended_before_it_began(client, db):
    earlier, later, ended, running = named("Earlier", "Later", "Ended", "Running")
    agreement_between(earlier, running, signed_on=datetime.date(2018, 6, 1))
    # Known only to the year: it counts from 2019, never before.
    agreement_between(
        later,
        running,
        signed_on=datetime.date(2019, 1, 1),
        signed_on_precision=DatePrecision.YEAR,
    )
    # In force up to 30 June 2018: in 2018, not in 2019.
    agreement_between(
        ended,
        running,
        signed_on=datetime.date(2016, 3, 1),
        effective_from=datetime.date(2016, 3, 1),
        effective_until=datetime.date(2018, 6, 30),
    )

    _data, nodes_2017, edges_2017 = graph(network_page(client, year=2017))
    _data, nodes_2018, edges_2018 = graph(network_page(client, year=2018))
    _data, nodes_2019, edges_2019 = graph(network_page(client, year=2019))

    assert nodes_2017 == {"Ended": 1, "Running": 1}
    assert nodes_2018 == {"Earlier": 1, "Ended": 1, "Running": 2}
    assert edges_2018 == {frozenset({"Earlier", "Running"}): 1, frozenset({"Ended", "Running"}): 1}
    assert nodes_2019 == {"Earlier": 1, "Later": 1, "Running": 2}
    assert set(edges_2019) == {frozenset({"Earlier", "Running"}), frozenset({"Later", "Running"})}
    assert edges_2017 == {frozenset({"Ended", "Running"}): 1}


def test_a_renewal_takes_the_place_of_what_it_renews_from_the_year_it_is_signed(client, db):
    first, second = named("First", "Second")
    original = agreement_between(first, second, signed_on=datetime.date(2015, 5, 1))
    agreement_between(first, second, signed_on=datetime.date(2020, 5, 1), renews=original)

    _data, nodes_2019, edges_2019 = graph(network_page(client, year=2019))
    _data, nodes_2020, edges_2020 = graph(network_page(client, year=2020))

    # One partnership, counted once: the renewal stands for the agreement it renews.
    assert nodes_2019 == nodes_2020 == {"First": 1, "Second": 1}
    assert edges_2019 == edges_2020 == {frozenset({"First", "Second"}): 1}


def test_the_page_opens_on_this_year(client, db):
    this_year = timezone.localdate().year
    alpha, beta = named("Alpha", "Beta")
    agreement_between(alpha, beta, signed_on=datetime.date(2011, 2, 3))
    # Signed, on a day nobody recorded: it stands today.
    agreement_between(alpha, named("Undated")[0], signed_on=None)

    page = network_page(client)

    data, nodes, _edges = graph(page)
    assert data["year"] == this_year
    assert nodes == {"Alpha": 2, "Beta": 1, "Undated": 1}
    slider = page.select_one("input#id_year")
    assert (slider.attrs["type"], slider.attrs["value"]) == ("range", str(this_year))
    assert (slider.attrs["min"], slider.attrs["max"]) == ("2011", str(this_year))
    assert page.text_of("output#network-year-value") == str(this_year)
    assert page.select_one("label[for=id_year]").text.startswith(ui("en", "Year"))


# What never shows ----------------------------------------------------------------


def test_drafts_unsigned_and_terminated_agreements_and_draft_organizations_never_show(client, db):
    public, partner = named("Public", "Partner")
    hidden = OrganizationFactory(name="Hidden draft", publication=Publication.DRAFT)
    signed = agreement_between(public, partner, signed_on=datetime.date(2018, 1, 10))
    PartyFactory(agreement=signed, organization=hidden)
    agreement_between(
        public, named("Drafted")[0], signed_on=datetime.date(2018, 1, 1),
        publication=Publication.DRAFT,
    )  # fmt: skip
    for status, name in (
        (AgreementStatus.DRAFT, "Party to an unsigned one"),
        (AgreementStatus.IN_NEGOTIATION, "Party to one in negotiation"),
        (AgreementStatus.TERMINATED, "Party to a terminated one"),
    ):
        agreement_between(public, *named(name), signed_on=datetime.date(2018, 1, 1), status=status)

    page = network_page(client, year=2018)

    _data, nodes, edges = graph(page)
    assert nodes == {"Public": 1, "Partner": 1}
    assert edges == {frozenset({"Public", "Partner"}): 1}
    assert table(page) == [
        ["Partner", "Association", "1", "1", "Public (1)"],
        ["Public", "Association", "1", "1", "Partner (1)"],
    ]
    for name in ("Hidden draft", "Drafted", "unsigned", "in negotiation", "terminated one"):
        assert name not in page.html


# Sizes, weights and the table ------------------------------------------------------


def test_nodes_count_agreements_and_edges_count_the_agreements_of_each_pair(client, db):
    hub, spoke, other, far = named("Hub", "Spoke", "Other", "Far")
    for day in (1, 2, 3):
        agreement_between(hub, spoke, signed_on=datetime.date(2017, 4, day))
    agreement_between(hub, other, far, signed_on=datetime.date(2017, 5, 1))

    page = network_page(client, year=2017)

    data, nodes, edges = graph(page)
    assert nodes == {"Hub": 4, "Spoke": 3, "Other": 1, "Far": 1}
    assert edges == {
        frozenset({"Hub", "Spoke"}): 3,
        frozenset({"Hub", "Other"}): 1,
        frozenset({"Hub", "Far"}): 1,
        frozenset({"Other", "Far"}): 1,
    }
    assert [node["url"] for node in data["nodes"]] == [
        reverse("organizations:detail", kwargs={"slug": o.slug}) for o in (hub, spoke, far, other)
    ]
    # The table lists the same organizations, most agreements first, then by name.
    assert table(page) == [
        ["Hub", "Association", "4", "3", "Spoke (3), Far (1), Other (1)"],
        ["Spoke", "Association", "3", "1", "Hub (3)"],
        ["Far", "Association", "1", "2", "Hub (1), Other (1)"],
        ["Other", "Association", "1", "2", "Far (1), Hub (1)"],
    ]
    summary = page.text_of("#network-summary")
    assert "4 organizations with agreements in 2017." in summary
    assert "4 lines join organizations shown." in summary


def test_a_line_opens_the_history_of_the_two_organizations_at_its_one_address(client, db):
    # Created in the order opposite to their slugs': the address still reads them sorted.
    first, second = named("Zeta", "Alpha")
    agreement_between(first, second, signed_on=datetime.date(2017, 4, 1))

    data, _nodes, _edges = graph(network_page(client, year=2017))

    [edge] = data["edges"]
    expected = reverse("partners:between", args=sorted([first.slug, second.slug]))
    assert edge["url"] == expected
    assert client.get(edge["url"]).status_code == 200


def test_filters_keep_the_organizations_of_a_kind_and_country(client, db):
    quebec = OrganizationFactory(name="Québec cluster", kind=OrganizationKind.CLUSTER, country="CA")
    lyon = OrganizationFactory(name="Lyon cluster", kind=OrganizationKind.CLUSTER, country="FR")
    university = OrganizationFactory(
        name="Lyon university", kind=OrganizationKind.UNIVERSITY, country="FR"
    )
    agreement_between(quebec, lyon, university, signed_on=datetime.date(2019, 9, 9))

    clusters = network_page(client, year=2019, kind="cluster")
    french = network_page(client, year=2019, country="FR")

    assert graph(clusters)[1:] == (
        {"Lyon cluster": 1, "Québec cluster": 1},
        {frozenset({"Lyon cluster", "Québec cluster"}): 1},
    )
    # A partner outside the filters is still named in the table.
    assert table(french) == [
        ["Lyon cluster", "Cluster", "1", "2", "Lyon university (1), Québec cluster (1)"],
        ["Lyon university", "University", "1", "2", "Lyon cluster (1), Québec cluster (1)"],
    ]
    assert french.form_values(".network-form")["country"] == "FR"


def test_the_graph_and_table_show_the_most_connected_and_say_of_how_many(client, db, monkeypatch):
    monkeypatch.setattr("partners.network_views.NETWORK_LIMIT", 2)
    hub, second, third, fourth = named("Hub", "Second", "Third", "Fourth")
    agreement_between(hub, second, third, signed_on=datetime.date(2021, 1, 5))
    agreement_between(hub, second, signed_on=datetime.date(2021, 1, 6))
    agreement_between(hub, fourth, signed_on=datetime.date(2021, 1, 7))

    page = network_page(client, year=2021)

    _data, nodes, edges = graph(page)
    assert nodes == {"Hub": 3, "Second": 2}
    assert edges == {frozenset({"Hub", "Second"}): 2}
    assert [row[0] for row in table(page)] == ["Hub", "Second"]
    assert "Showing the 2 most connected of 4 organizations with agreements in 2021." in (
        page.text_of("#network-summary")
    )


def test_a_year_without_agreements_says_so(client, db):
    agreement_between(*named("Alpha", "Beta"), signed_on=datetime.date(2020, 1, 1))

    page = network_page(client, year=2001)

    assert page.status == 200
    assert "No published agreement stood in 2001 for these filters." in page.text_of(
        "#network-summary"
    )
    assert page.select("#network-table tr") == []
    assert graph(page)[0]["nodes"] == []


# Bad input -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("query", "field", "message", "params"),
    [
        ({"year": "nineteen"}, "year", "Enter a whole number.", {}),
        ({"year": "1200"}, "year", "Ensure this value is greater than or equal to %(limit_value)s.",
         {"limit_value": 1900}),
        ({"year": "99999999999999999999"}, "year",
         "The network can be shown up to this year, %(year)s.", None),
        ({"kind": "spaceship"}, "kind",
         "Select a valid choice. %(value)s is not one of the available choices.",
         {"value": "spaceship"}),
        ({"country": "ZZ"}, "country",
         "Select a valid choice. %(value)s is not one of the available choices.",
         {"value": "ZZ"}),
    ],
)  # fmt: skip
def test_bad_year_or_filters_answer_400_with_the_reason_in_the_page_language(
    client, db, lang, query, field, message, params
):
    if params is None:
        params = {"year": timezone.localdate().year}

    page = network_page(client, lang, **query)

    assert page.status == 400
    assert page.texts(f"#id_{field}_error li") == [ui(lang, message, **params)]
    assert page.select("script#network-data") == []


# Languages and queries --------------------------------------------------------------


def test_the_french_page_reads_in_french(client, db):
    montreal = OrganizationFactory(name="Montréal InVivo", name_fr="Montréal InVivo")
    lyon = OrganizationFactory(name="Lyon cluster", name_fr="Pôle lyonnais")
    agreement_between(montreal, lyon, signed_on=datetime.date(2018, 3, 8))

    page = network_page(client, "fr", year=2018)

    assert page.lang == "fr"
    assert page.h1 == ui("fr", "Partnership network")
    assert [row[:2] for row in table(page)] == [
        ["Montréal InVivo", label("fr", OrganizationKind.ASSOCIATION).capitalize()],
        ["Pôle lyonnais", label("fr", OrganizationKind.ASSOCIATION).capitalize()],
    ]
    assert graph(page)[0]["nodes"][0]["url"].startswith("/fr/")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("items", [1, 6])
def test_the_network_takes_5_queries_with_a_cold_cache_whatever_it_shows(
    client, db, django_assert_num_queries, items, lang
):
    for number in range(items):
        agreement_between(
            *named(f"Left {number:02}", f"Right {number:02}"),
            signed_on=datetime.date(2019, 1, 1 + number),
        )
    with translation.override(lang):
        NetworkFilter.cached_counts()

    # The first year, the nodes and their number, their names, the edges, the partners.
    with django_assert_num_queries(5):
        page = network_page(client, lang, year=2019)

    assert len(table(page)) == 2 * items
    assert len(graph(page)[2]) == items


@pytest.mark.parametrize("items", [1, 6])
def test_the_network_of_another_year_reads_no_first_year_again(
    client, db, django_assert_num_queries, items
):
    for number in range(items):
        agreement_between(*named(f"Left {number:02}", f"Right {number:02}"))
    NetworkFilter.cached_counts()
    client.get(url("partners:network", "en", {"year": 2019}))

    with django_assert_num_queries(4):
        page = network_page(client, year=2020)

    assert len(table(page)) == 2 * items


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_agreements_list_leads_to_the_network(client, db, lang):
    page = get_page(client, url("agreements:list", lang))

    [link] = [
        a for a in page.select("main p.lead a") if a.attrs["href"] == url("partners:network", lang)
    ]
    assert link.text == ui(
        lang, "See who signs with whom, year by year, in the partnership network."
    )
