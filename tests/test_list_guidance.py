"""Lists that guide: a tag for each active filter, a "Sort by" box, choice boxes with
counts, and the "Filters (n)" button that folds the filters on a narrow screen.

Tags name each filter's value as the visitor reads it (a choice's label, a record's
name, the typed text) and link to the list without it; the sort is part of the form
but no filter, so no tag names it and "Clear all" keeps it.
"""

import csv
import datetime
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst

from agreements.filters import AgreementListFilter
from agreements.models import AgreementState
from events.filters import EventListFilter
from organizations.filters import OrganizationListFilter
from organizations.models import Organization, OrganizationKind
from portal.publishing import Publication
from search import indexing
from tests.factories import (
    AgreementFactory,
    EventFactory,
    OrganizationFactory,
    PartyFactory,
    SectorFactory,
    SeriesFactory,
)
from tests.test_pages_helpers import LANGUAGES, get_page, label, ui, url
from tests.test_pages_queries import counted_choices


@pytest.fixture(autouse=True)
def _default_language():
    # LocaleMiddleware leaves each request's language active in the thread.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def tags(page):
    """Each tag's text and accessible name, and the query its link leaves."""
    return [
        (link.text.removesuffix("×").strip(), link.attrs["aria-label"], query_of(link))
        for link in page.select(".filter-tags a.filter-tag")
    ]


def tag_texts(page):
    return [text for text, _name, _query in tags(page)]


def query_of(link):
    return parse_qs(urlsplit(link.attrs["href"]).query)


def tag(lang, filter_label, value):
    return ui(lang, "%(filter)s: %(value)s", filter=ui(lang, filter_label), value=value)


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


# Tags ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_organization_filter_has_a_tag_with_its_value_as_the_visitor_reads_it(
    client, db, lang
):
    sector = SectorFactory(slug="oncology", name_en="Oncology", name_fr="Oncologie")
    hub = OrganizationFactory(name="Hub Alliance", slug="hub", acronym="HA")
    partner = OrganizationFactory(name="Partner Institute", kind=OrganizationKind.ASSOCIATION)
    partner.sectors.set([sector])
    PartyFactory(organization=hub, agreement=PartyFactory(organization=partner).agreement)
    indexing.rebuild()

    page = get_page(
        client,
        url(
            "organizations:list",
            lang,
            {
                "q": "partner",
                "country": "CA",
                "region": "Québec",
                "kind": "association",
                "sector": "oncology",
                "partner": "hub",
                "sort": "agreements",
            },
        ),
    )

    assert page.status == 200
    assert tag_texts(page) == [
        tag(lang, "Words", "partner"),
        tag(lang, "Country", "Canada"),
        tag(lang, "Province, state or region", "Québec"),
        tag(lang, "Kind", capfirst(label(lang, OrganizationKind.ASSOCIATION.label))),
        tag(lang, "Sector", {"en": "Oncology", "fr": "Oncologie"}[lang]),
        tag(lang, "Has an agreement with", "Hub Alliance"),
    ]
    assert [name for _text, name, _query in tags(page)] == [
        ui(lang, "Remove filter %(tag)s", tag=text) for text in tag_texts(page)
    ]
    assert page.select_one(".filter-tags").attrs["aria-label"] == ui(lang, "Active filters")
    assert page.card_titles() == ["Partner Institute"]


def test_a_lookup_typed_as_a_name_is_tagged_with_the_organizations_own_name(client, db):
    OrganizationFactory(name="Montréal InVivo", slug="montreal-invivo", acronym="MIV")
    agreement = AgreementFactory(title="Lyon and Montréal")
    PartyFactory(agreement=agreement, organization=Organization.objects.get(acronym="MIV"))

    page = get_page(client, url("agreements:list", query={"party": "miv"}))

    assert tag_texts(page) == [tag("en", "Party", "Montréal InVivo")]
    assert page.card_titles() == ["Lyon and Montréal"]


def test_agreement_tags_name_states_years_and_choices(client, db):
    AgreementFactory(title="Signed in 2019", signed_on=datetime.date(2019, 3, 1))

    page = get_page(
        client,
        url(
            "agreements:list",
            query={
                "status": "expired",  # a former state, read as the one it became
                "signed_from": "2019",
                "has_benefits": "false",
                "corridor": "quebec-ontario",
            },
        ),
    )

    assert page.status == 200
    assert tag_texts(page) == [
        tag("en", "Corridor", "Québec – Ontario"),
        tag("en", "Status", capfirst(label("en", AgreementState.ENDED.label))),
        tag("en", "Signed from (year)", "2019"),
        tag("en", "Member benefits", "Grants no member benefit"),
    ]


def test_event_tags_name_series_and_dates_but_not_the_upcoming_events_shown_by_default(client, db):
    series = SeriesFactory(slug="bio", name="BIO International Convention")
    EventFactory(series=series, start_date=in_days(30))

    page = get_page(
        client,
        url("events:list", query={"when": "upcoming", "series": "bio", "start_from": "2030-06-01"}),
    )

    assert tag_texts(page) == [
        tag("en", "Series", "BIO International Convention"),
        tag("en", "Starting on or after", "1 June 2030"),
    ]
    assert tag_texts(get_page(client, url("events:list", query={"when": "past"}))) == [
        tag("en", "When", "Past")
    ]


def test_removing_a_tag_keeps_the_other_filters_and_the_sort_and_goes_back_to_page_one(client, db):
    for number in range(25):
        OrganizationFactory(name=f"Association {number:02}")

    page = get_page(
        client,
        url(
            "organizations:list",
            query={"country": "CA", "kind": "association", "sort": "recent", "page": "2"},
        ),
    )

    assert page.status == 200
    assert [query for _text, _name, query in tags(page)] == [
        {"kind": ["association"], "sort": ["recent"]},
        {"country": ["CA"], "sort": ["recent"]},
    ]
    clear_all = page.select_one(".filter-tags a.filter-tags-clear")
    assert clear_all.text == ui("en", "Clear all")
    assert urlsplit(clear_all.attrs["href"]).path == url("organizations:list")
    assert query_of(clear_all) == {"sort": ["recent"]}

    # Following a tag's link lists what it says.
    removed = get_page(client, page.select(".filter-tags a.filter-tag")[0].attrs["href"])
    assert tag_texts(removed) == [tag("en", "Kind", "Association")]
    assert removed.result_count() == "25 results"


def test_a_list_with_no_filter_set_or_only_a_sort_has_no_tags(client, db):
    OrganizationFactory()

    for query in (None, {"sort": "agreements"}, {"q": "  ", "page": "1"}):
        page = get_page(client, url("organizations:list", query=query))
        assert page.status == 200
        assert page.select(".filter-tags") == []
        assert page.text_of(".filters-toggle") == ui("en", "Filters")


def test_filters_with_an_error_show_the_error_and_no_tags(client, db):
    page = get_page(client, url("agreements:list", query={"kind": "mou", "signed_from": "abc"}))

    assert page.status == 400
    assert page.select(".filter-tags") == []
    assert page.field_errors("signed_from")


def test_the_filters_button_counts_the_active_filters_and_controls_the_filters(client, db):
    OrganizationFactory()

    page = get_page(
        client,
        url("organizations:list", query={"country": "CA", "kind": "association", "sort": "name"}),
    )

    button = page.select_one("button.filters-toggle")
    assert button.text == ui("en", "Filters (%(count)s)", count=2)
    # Shown by the script only: without it, the filters stay open.
    assert "hidden" in button.attrs
    panel = page.select_one(f"#{button.attrs['aria-controls']}")
    assert panel.select_one("form").attrs["class"] == "filter-form"


# Sorting ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_organizations_sort_by_name_recently_added_or_most_published_agreements(client, db, lang):
    busy = OrganizationFactory(name="Busy")
    quiet = OrganizationFactory(name="Quiet")
    drafting = OrganizationFactory(name="Drafting")
    alone = OrganizationFactory(name="Alone")
    for partner in (busy, quiet):
        agreement = AgreementFactory()
        PartyFactory(agreement=agreement, organization=busy if partner is quiet else quiet)
        PartyFactory(agreement=agreement, organization=partner)
    PartyFactory(organization=busy)
    # Drafts are not counted: Drafting is a party to two, and to no published one.
    for _ in range(2):
        PartyFactory(organization=drafting, agreement__publication=Publication.DRAFT)
    Organization.objects.filter(pk=alone.pk).update(
        created_at=timezone.now() + datetime.timedelta(1)
    )
    Organization.objects.filter(pk=busy.pk).update(
        created_at=timezone.now() - datetime.timedelta(9)
    )

    def titles(sort=None):
        return get_page(
            client, url("organizations:list", lang, {"sort": sort} if sort else None)
        ).card_titles()

    assert titles() == titles("name") == ["Alone", "Busy", "Drafting", "Quiet"]
    assert titles("recent") == ["Alone", "Drafting", "Quiet", "Busy"]
    assert titles("agreements") == ["Busy", "Quiet", "Alone", "Drafting"]

    page = get_page(client, url("organizations:list", lang, {"sort": "agreements"}))
    counts = [re.search(r"· ([^·]+)$", meta).group(1) for meta in page.texts(".card-meta")]
    with translation.override(lang):
        assert counts == [
            translation.ngettext("%(count)s agreement", "%(count)s agreements", n) % {"count": n}
            for n in (3, 2, 0, 0)
        ]
    # Only that order says how many.
    assert "agreement" not in " ".join(
        get_page(client, url("organizations:list", lang)).texts(".card-meta")
    )


def test_counting_agreements_is_not_multiplied_by_another_filters_join(client, db):
    oncology, genomics = SectorFactory(slug="oncology"), SectorFactory(slug="genomics")
    two = OrganizationFactory(name="Two")
    one = OrganizationFactory(name="One")
    for organization in (two, one):
        organization.sectors.set([oncology, genomics])
    PartyFactory.create_batch(2, organization=two)
    PartyFactory(organization=one)

    page = get_page(
        client, url("organizations:list", query={"sector": "oncology", "sort": "agreements"})
    )

    assert page.card_titles() == ["Two", "One"]
    assert [meta.rsplit("· ", 1)[1] for meta in page.texts(".card-meta")] == [
        "2 agreements",
        "1 agreement",
    ]


def test_agreements_sort_by_most_recently_signed_or_title(client, db):
    AgreementFactory(title="Beta", signed_on=datetime.date(2024, 1, 1))
    AgreementFactory(title="Alpha", signed_on=datetime.date(2019, 1, 1))
    AgreementFactory(title="Gamma", signed_on=None)

    def titles(sort=None):
        return get_page(
            client, url("agreements:list", query={"sort": sort} if sort else None)
        ).card_titles()

    assert titles() == titles("recent") == ["Beta", "Alpha", "Gamma"]
    assert titles("name") == ["Alpha", "Beta", "Gamma"]


def test_events_sort_by_date_or_name(client, db):
    EventFactory(name="Zeta Summit", start_date=in_days(5))
    EventFactory(name="Alpha Forum", start_date=in_days(40))
    EventFactory(name="Alpha Forum", start_date=in_days(20))

    def titles(sort=None):
        return get_page(
            client, url("events:list", query={"sort": sort} if sort else None)
        ).card_titles()

    assert titles() == titles("date") == ["Zeta Summit", "Alpha Forum", "Alpha Forum"]
    page = get_page(client, url("events:list", query={"sort": "name"}))
    assert page.card_titles() == ["Alpha Forum", "Alpha Forum", "Zeta Summit"]
    # The editions that share a name, by date.
    with translation.override("en"):
        assert page.texts(".card .date")[:2] == [
            date_format(in_days(20), "DATE_FORMAT"),
            date_format(in_days(40), "DATE_FORMAT"),
        ]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", ["organizations:list", "agreements:list", "events:list"])
def test_an_unknown_sort_is_a_translated_form_error_with_status_400(client, db, name, lang):
    page = get_page(client, url(name, lang, {"sort": "price"}))

    assert page.status == 400
    with translation.override(lang):
        expected = translation.gettext(
            "Select a valid choice. %(value)s is not one of the available choices."
        ) % {"value": "price"}
    assert page.field_errors("sort") == [expected]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_sort_box_is_labelled_sort_by_and_shows_the_lists_own_order_first(client, db, lang):
    page = get_page(client, url("agreements:list", lang))

    box = page.select_one("select[name=sort]")
    assert page.text_of(f"label[for={box.attrs['id']}]").rstrip(": \u00a0") == ui(lang, "Sort by")
    assert [option.attrs["value"] for option in box.select("option")] == ["recent", "name"]


def test_the_csv_file_follows_the_lists_sort(client, db):
    AgreementFactory(title="Beta", signed_on=datetime.date(2024, 1, 1))
    AgreementFactory(title="Alpha", signed_on=datetime.date(2019, 1, 1))

    def titles(query):
        response = client.get(url("agreements:export", query=query))
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        return [row[0] for row in csv.reader(io.StringIO(text))][1:]

    assert titles({"sort": "name"}) == ["Alpha", "Beta"]
    assert titles(None) == ["Beta", "Alpha"]


# Counts beside the choices ---------------------------------------------------------


@pytest.mark.parametrize("name", ["organizations:list", "agreements:list", "events:list"])
def test_every_choice_box_of_every_list_counts_its_choices(client, db, name):
    organization = OrganizationFactory(kind=OrganizationKind.CLUSTER)
    organization.sectors.set([SectorFactory()])
    agreement = AgreementFactory()
    agreement.themes.set([SectorFactory()])
    PartyFactory(agreement=agreement, organization=organization)  # in Québec
    PartyFactory(agreement=agreement, organization__region="Ontario")
    EventFactory(series=SeriesFactory(), start_date=in_days(3))

    page = get_page(client, url(name))

    boxes = [box for box in page.select(".filter-form select") if box.attrs["name"] != "sort"]
    assert boxes
    for box in boxes:
        options = [o.text for o in box.select("option") if o.attrs["value"]]
        assert options, box.attrs["name"]
        assert all(re.search(r" \(\d+\)$", text) for text in options), (box.attrs["name"], options)


def test_the_when_box_counts_every_period_even_an_empty_one(client, db):
    EventFactory(start_date=in_days(-3))

    page = get_page(client, url("events:list"))

    assert [o.text for o in page.select("select[name=when] option")] == [
        "Upcoming (0)",
        "Past (1)",
        "All dates (1)",
    ]


# The page and CSV forms and the API --------------------------------------------------


def test_the_lists_sort_is_theirs_alone_the_api_keeps_its_order_by_id(client, db):
    first = OrganizationFactory(name="Zed")
    OrganizationFactory(name="Abe")

    response = client.get("/api/v1/organizations/", {"sort": "name"})

    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == [first.name, "Abe"]
    for filterset in (OrganizationListFilter, AgreementListFilter, EventListFilter):
        assert list(filterset.base_filters)[-1] == "sort"


# Queries ---------------------------------------------------------------------------
# As many as the lists take without a sort or tags (tests/test_pages_queries.py).


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("items", [1, 6])
def test_the_directory_by_most_agreements_takes_3_queries_whatever_their_number(
    client, db, django_assert_num_queries, items, lang
):
    for number in range(items):
        organization = OrganizationFactory(name=f"Organization {number:02}")
        PartyFactory.create_batch(number, organization=organization)
    counted_choices(OrganizationListFilter, lang)

    with django_assert_num_queries(3):
        page = get_page(client, url("organizations:list", lang, {"sort": "agreements"}))

    assert page.card_titles() == [f"Organization {number:02}" for number in range(items)][::-1]


@pytest.mark.parametrize("items", [1, 6])
def test_tags_of_a_lookup_a_record_and_choices_add_no_query(
    client, db, django_assert_num_queries, items
):
    sector = SectorFactory(slug="oncology", name="Oncology")
    hub = OrganizationFactory(name="Hub", slug="hub")
    for number in range(items):
        agreement = AgreementFactory()
        PartyFactory(agreement=agreement, organization=hub)
        partner = PartyFactory(
            agreement=agreement, organization__name=f"Partner {number:02}"
        ).organization
        partner.sectors.set([sector])
    counted_choices(OrganizationListFilter, "en")

    # The lookup and the sector are read to validate the form, as without tags.
    with django_assert_num_queries(5):
        page = get_page(
            client,
            url(
                "organizations:list",
                query={
                    "partner": "hub",
                    "sector": "oncology",
                    "kind": "association",
                    "sort": "agreements",
                },
            ),
        )

    assert tag_texts(page) == [
        tag("en", "Kind", "Association"),
        tag("en", "Sector", "Oncology"),
        tag("en", "Has an agreement with", "Hub"),
    ]
    assert len(page.card_titles()) == items


@pytest.mark.parametrize("items", [1, 6])
def test_agreements_and_events_sorted_by_name_take_as_many_queries_as_unsorted(
    client, db, django_assert_num_queries, items
):
    for number in range(items):
        PartyFactory(agreement__title=f"Agreement {number:02}")
        EventFactory(name=f"Event {number:02}", start_date=in_days(-1 - number))
    counted_choices(AgreementListFilter, "en")
    counted_choices(EventListFilter, "en", {"when": "past"})

    with django_assert_num_queries(3):
        agreements = get_page(client, url("agreements:list", query={"sort": "name"}))
    with django_assert_num_queries(2):
        events = get_page(client, url("events:list", query={"sort": "name", "when": "past"}))

    assert agreements.card_titles() == [f"Agreement {number:02}" for number in range(items)]
    assert events.card_titles() == [f"Event {number:02}" for number in range(items)]
    assert tag_texts(events) == [tag("en", "When", "Past")]
