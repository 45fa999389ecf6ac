"""Detail links built from a prefix reversed once (portal.slug_urls) are reverse()'s URLs."""

import pytest
from django.urls import get_script_prefix, reverse, set_script_prefix
from django.utils import translation

from tests.factories import AgreementFactory, EventFactory, OrganizationFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_detail_link_is_the_url_its_page_answers_at_in_each_language(lang):
    records = [
        ("organizations:detail", OrganizationFactory(slug="bioquebec")),
        ("agreements:detail", AgreementFactory(slug="clara-quebec-oncopole-2018")),
        ("events:detail", EventFactory(slug="biovision-2017")),
        ("events:series", SeriesFactory(slug="entretiens_jacques-cartier")),
    ]
    with translation.override(lang):
        links = [record.get_absolute_url() for _name, record in records]
        expected = [reverse(name, kwargs={"slug": record.slug}) for name, record in records]
    assert links == expected
    directory = {"en": "organizations", "fr": "organisations"}[lang]
    assert links[0] == f"/{lang}/{directory}/bioquebec/"


def test_a_detail_link_follows_the_script_prefix_the_site_is_served_under():
    organization = OrganizationFactory(slug="massbio")
    with translation.override("en"):
        assert organization.get_absolute_url() == "/en/organizations/massbio/"
        previous = get_script_prefix()
        set_script_prefix("/portal/")
        try:
            assert organization.get_absolute_url() == "/portal/en/organizations/massbio/"
        finally:
            set_script_prefix(previous)
