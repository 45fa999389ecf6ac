"""The organization boxes of the filters (partner, party, organizer, association):
a whole name or acronym in any case, or at least three characters of a name."""

import pytest

from tests.factories import AgreementFactory, OrganizationFactory, PartyFactory
from tests.test_pages_helpers import get_page, ui, url


@pytest.fixture
def registry(db):
    """Two agreements, each with a party found by its name, its acronym or a part."""
    gamma = OrganizationFactory(name="Gamma Research Network", acronym="GR", slug="gamma")
    delta = OrganizationFactory(name="Deltaville Institute", slug="delta")
    PartyFactory(agreement=AgreementFactory(title="With Gamma"), organization=gamma)
    PartyFactory(agreement=AgreementFactory(title="With Delta"), organization=delta)


def short_text(lang, value):
    return ui(
        lang,
        "No organization is called “%(value)s”. Type the whole acronym, or at least "
        "%(min_length)d characters of the name.",
        value=value,
        min_length=3,
    )


@pytest.mark.parametrize(
    ("party", "expected"),
    [
        ("gamma", ["With Gamma"]),
        ("GAMMA RESEARCH NETWORK", ["With Gamma"]),
        ("gr", ["With Gamma"]),
        ("Gr", ["With Gamma"]),
        ("search net", ["With Gamma"]),
        ("ville", ["With Delta"]),
        ("DEL", ["With Delta"]),
    ],
)
def test_a_party_is_found_by_its_name_acronym_or_three_characters_of_its_name(
    client, registry, party, expected
):
    page = get_page(client, url("agreements:list", query={"party": party}))

    assert (page.status, page.errors(), page.card_titles()) == (200, [], expected)


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("value", ["ta", "é"])
def test_fewer_than_three_characters_that_name_no_organization_give_400_saying_so(
    client, registry, lang, value
):
    page = get_page(client, url("agreements:list", lang=lang, query={"party": value}))

    assert (page.status, page.errors(), page.card_titles()) == (
        400,
        [short_text(lang, value)],
        [],
    )
