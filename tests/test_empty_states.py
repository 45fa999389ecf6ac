"""What a page says when it has nothing to show: why, and what to try next.

The events list opens on the upcoming events; with none, on the latest past ones
under "Recent events". A list whose filters match nothing says so, links to the
list without them and suggests what to change; a list with no data at all says
that instead, since there is no filter to remove.
"""

import datetime

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from portal.browse import PAGE_SIZE
from tests.factories import AgreementFactory, EventFactory, OrganizationFactory
from tests.test_pages_helpers import LANGUAGES, get_page, ui, url


@pytest.fixture(autouse=True)
def _fresh_cache_and_language():
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def days(number):
    return timezone.localdate() + datetime.timedelta(days=number)


# The events list's default ---------------------------------------------------------


def test_the_events_list_opens_on_the_upcoming_events_soonest_first(client, db):
    EventFactory(name="Next month", start_date=days(30))
    EventFactory(name="Next week", start_date=days(7))
    EventFactory(name="Last week", start_date=days(-7))

    page = get_page(client, url("events:list"))

    assert page.h1 == ui("en", "Upcoming events")
    assert page.card_titles() == ["Next week", "Next month"]
    assert page.select("#recent-heading") == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_with_nothing_upcoming_the_events_list_shows_the_latest_events_under_recent_events(
    client, db, lang
):
    for number in range(PAGE_SIZE + 2):
        EventFactory(name=f"Past {number:02}", start_date=days(-10 - number))

    page = get_page(client, url("events:list", lang))

    assert page.status == 200
    assert page.result_count() == ui(lang, "No upcoming event has been announced yet.")
    assert page.text_of("#recent-heading") == ui(lang, "Recent events")
    assert page.card_titles() == [f"Past {number:02}" for number in range(PAGE_SIZE)]
    assert page.links(".recent-events a.more") == [url("events:list", lang, {"when": "past"})]
    assert page.select(".empty-next") == []


def test_the_filter_form_sent_as_it_stands_is_still_the_default_page(client, db):
    EventFactory(name="Last week", start_date=days(-7))
    untouched = {"when": "upcoming", "q": "", "kind": "", "start_from": ""}

    page = get_page(client, url("events:list", query=untouched))

    assert page.card_titles() == ["Last week"]
    assert page.text_of("#recent-heading") == ui("en", "Recent events")


def test_with_no_event_at_all_the_events_list_says_nothing_is_announced(client, db):
    page = get_page(client, url("events:list"))

    assert page.result_count() == ui("en", "No upcoming event has been announced yet.")
    assert page.select("#recent-heading") == []
    assert page.card_titles() == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_filters_that_match_no_event_say_so_and_offer_to_clear_them(client, db, lang):
    EventFactory(name="Last week", start_date=days(-7))
    EventFactory(name="Next week", start_date=days(7))

    page = get_page(client, url("events:list", lang, {"q": "genomics"}))

    assert page.status == 200
    assert page.result_count() == ui(lang, "No events match these filters.")
    assert page.card_titles() == []
    assert page.select("#recent-heading") == []
    assert page.text_of(".empty-next p") == ui(
        lang,
        "Remove a filter, widen the dates or choose “All dates”, or search every record instead.",
    )
    assert page.links(".empty-next a") == [
        url("events:list", lang),
        url("search", lang, {"q": "genomics"}),
    ]


def test_past_events_matching_nothing_is_no_default_either(client, db):
    EventFactory(name="Next week", start_date=days(7))

    page = get_page(client, url("events:list", query={"when": "past"}))

    assert page.result_count() == ui("en", "No events match these filters.")
    assert page.links(".empty-next a") == [url("events:list")]


# The other lists -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "factory", "nothing", "none_yet"),
    [
        (
            "organizations:list",
            OrganizationFactory,
            "No organizations match these filters.",
            "No organization has been published yet.",
        ),
        (
            "agreements:list",
            AgreementFactory,
            "No agreements match these filters.",
            "No agreement has been published yet.",
        ),
    ],
)
def test_a_list_says_whether_its_filters_or_its_data_leave_it_empty(
    client, db, name, factory, nothing, none_yet
):
    empty = get_page(client, url(name))
    assert empty.result_count() == ui("en", none_yet)
    assert empty.select(".empty-next") == []

    factory()
    cache.clear()
    filtered = get_page(client, url(name, query={"q": "zzyzx"}))

    assert filtered.result_count() == ui("en", nothing)
    assert filtered.links(".empty-next a") == [url(name), url("search", query={"q": "zzyzx"})]


def test_a_filter_without_words_offers_only_to_clear_the_filters(client, db):
    OrganizationFactory(country="CA")

    page = get_page(client, url("organizations:list", query={"country": "FR"}))

    assert page.result_count() == ui("en", "No organizations match these filters.")
    assert page.links(".empty-next a") == [url("organizations:list")]


# Search and benefits ---------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_search_that_finds_nothing_suggests_what_to_do_and_links_to_the_lists(client, db, lang):
    page = get_page(client, url("search", lang, {"q": "zzyzx"}))

    assert page.links("main .notice a") == [
        url("organizations:list", lang),
        url("agreements:list", lang),
        url("events:list", lang),
    ]


def test_the_benefits_page_with_no_benefit_anywhere_says_so(client, db):
    page = get_page(client, url("benefits:list"))

    assert ui("en", "No association has recorded benefits for its members yet.") in (page.main_text)
    assert url("agreements:list") in page.links("main a")


def test_a_sort_alone_is_no_filter_an_empty_directory_says_it_is_empty(client, db):
    page = get_page(client, url("organizations:list", query={"sort": "agreements"}))

    assert page.status == 200
    assert page.result_count() == ui("en", "No organization has been published yet.")
