"""The home page's key numbers say what the lists they link to show: following a
number's link lands on a list whose result count is that number."""

import datetime

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import formats, timezone, translation

from agreements.models import AgreementStatus
from organizations.models import Organization, OrganizationKind
from portal import browse
from portal.publishing import Publication
from tests.factories import (
    AgreementFactory,
    BenefitFactory,
    EventFactory,
    OrganizationFactory,
)
from tests.test_pages_helpers import LANGUAGES, get_page, ui_count, url


@pytest.fixture(autouse=True)
def _fresh_cache_and_language():
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def days(number):
    return timezone.localdate() + datetime.timedelta(days=number)


@pytest.fixture
def records(db):
    OrganizationFactory.create_batch(3)
    OrganizationFactory(name="Draft", publication=Publication.DRAFT)
    # In force: signed, open-ended. Ended: a one-year term long over. Terminated.
    in_force = AgreementFactory.create_batch(2)
    AgreementFactory(signed_on=datetime.date(2015, 1, 1), term_months=12)
    AgreementFactory(status=AgreementStatus.TERMINATED)
    AgreementFactory(publication=Publication.DRAFT)
    BenefitFactory(agreement=in_force[0])
    BenefitFactory(agreement=in_force[0])
    EventFactory(start_date=days(3))
    EventFactory(start_date=days(-3), end_date=days(1))
    EventFactory(start_date=days(-30))
    EventFactory(start_date=days(20), publication=Publication.DRAFT)


def key_numbers(page):
    """Each key number as shown, with the page its link opens."""
    return [
        (link.select_one("strong").text, link["href"]) for link in page.select(".key-numbers a")
    ]


def count_said(lang, count):
    with translation.override(lang):
        shown = formats.number_format(count, force_grouping=True)
    return ui_count(lang, "%(shown)s result", "%(shown)s results", count, shown=shown)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_key_number_is_the_result_count_of_the_list_it_links_to(client, records, lang):
    home = get_page(client, url("home", lang))

    numbers = key_numbers(home)
    assert [number for number, _link in numbers] == ["3", "2", "1", "2"]
    for number, link in numbers:
        listed = get_page(client, link)
        assert listed.status == 200
        assert listed.result_count() == count_said(lang, int(number))
        assert len(listed.card_titles()) == int(number)


def test_the_key_numbers_link_to_the_lists_filtered_as_they_count(client, records):
    home = get_page(client, url("home"))

    assert [link for _number, link in key_numbers(home)] == [
        url("organizations:list"),
        url("agreements:list", query={"status": "in_force"}),
        url("agreements:list", query={"has_benefits": "true"}),
        url("events:list"),
    ]
    assert home.texts(".key-numbers a") == [
        "3 " + ui_count("en", "organization", "organizations", 3),
        "2 " + ui_count("en", "agreement in force", "agreements in force", 2),
        "1 "
        + ui_count(
            "en", "agreement granting member benefits", "agreements granting member benefits", 1
        ),
        "2 " + ui_count("en", "upcoming event", "upcoming events", 2),
    ]


def test_the_numbers_follow_a_change_to_the_data(client, records):
    get_page(client, url("home"))
    OrganizationFactory()

    home = get_page(client, url("home"))

    assert key_numbers(home)[0][0] == "4"
    assert get_page(client, url("organizations:list")).result_count() == count_said("en", 4)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_past_the_browsing_cap_the_number_and_the_list_still_agree(client, db, lang):
    Organization.objects.bulk_create(
        Organization(name_en=f"Company {n:04}", slug=f"company-{n}", kind=OrganizationKind.COMPANY)
        for n in range(browse.RESULT_CAP + 1)
    )

    home = get_page(client, url("home", lang))

    number, link = key_numbers(home)[0]
    with translation.override(lang):
        assert number == formats.number_format(browse.RESULT_CAP + 1, force_grouping=True)
    assert get_page(client, link).result_count() == count_said(lang, browse.RESULT_CAP + 1)
    # Counted whole, still browsed only up to the cap.
    assert get_page(client, url("organizations:list", lang, {"page": "51"})).status == 404
