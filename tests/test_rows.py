"""List pages read their cards as rows of values (``portal.rows``), not model
instances: each row must answer what the instance answers, in both languages."""

import datetime

import pytest
from django.utils import timezone, translation

from accounts.access import viewer_for
from agreements.choices import BenefitCategory, PartyRole
from agreements.models import Agreement, Benefit
from events.models import Event
from organizations.choices import Visibility
from organizations.models import Organization
from tests.factories import (
    AgreementFactory,
    BenefitFactory,
    EventFactory,
    OrganizationFactory,
    PartyFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def french_gaps():
    """Records whose French text is missing, so that French rows fall back to English."""
    sectors = [
        SectorFactory(name_en="Zoology", name_fr=""),
        SectorFactory(name_en="Anatomy", name_fr=""),
    ]
    organization = OrganizationFactory(name_en="Untranslated Institute", name_fr="", country="FR")
    organization.sectors.set(sectors)
    agreement = AgreementFactory(title_en="Untranslated accord", title_fr="")
    PartyFactory(agreement=agreement, organization=organization, role=PartyRole.SIGNATORY)
    return organization, agreement


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_organization_rows_show_what_the_records_show(demo_data, french_gaps, lang):
    organization, _agreement = french_gaps
    with translation.override(lang):
        records = list(Organization.objects.for_list())
        rows = Organization.objects.for_list().card_rows()
        assert [row.pk for row in rows] == [record.pk for record in records]
        for row, record in zip(rows, records, strict=True):
            assert (row.slug, row.name, row.acronym) == (record.slug, record.name, record.acronym)
            assert row.get_kind_display() == record.get_kind_display()
            assert (row.city, row.region, row.country) == (
                record.city,
                record.region,
                record.country,
            )
            # In the order of the names shown (a French name missing reads, and sorts, as
            # the English one).
            assert sorted(row.sector_names) == sorted(s.name for s in record.sectors.all())
            if record == organization:
                assert row.sector_names == ["Anatomy", "Zoology"]
            assert row.get_absolute_url() == record.get_absolute_url()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_agreement_rows_show_what_the_records_show(demo_data, french_gaps, lang):
    today = timezone.localdate()
    with translation.override(lang):
        records = list(Agreement.objects.for_list().with_state(today))
        rows = Agreement.objects.for_list().card_rows(today)
        assert [row.pk for row in rows] == [record.pk for record in records]
        for row, record in zip(rows, records, strict=True):
            assert (row.slug, row.title, row.state) == (record.slug, record.title, record.state)
            assert row.get_kind_display() == record.get_kind_display()
            assert str(row.state_label) == str(record.state_label)
            assert str(row.signed) == str(record.signed)
            assert row.signatory_names == record.signatory_names
    assert any(row.title == "Untranslated accord" for row in rows)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_event_rows_show_what_the_records_show(demo_data, lang):
    EventFactory(name_en="Summit", name_fr="", edition="2031")
    with translation.override(lang):
        records = list(Event.objects.for_list())
        rows = Event.objects.for_list().card_rows()
        assert [row.pk for row in rows] == [record.pk for record in records]
        for row, record in zip(rows, records, strict=True):
            assert row.display_name == record.display_name
            assert str(row.dates) == str(record.dates)
            assert row.get_kind_display() == record.get_kind_display()
            assert (row.venue, row.city, row.country) == (record.venue, record.city, record.country)


@pytest.fixture
def benefits_of_a(association_a):
    """Benefits granted to association A, their claim details at each visibility, one
    agreement's French title and one description in English only."""
    agreement = AgreementFactory(title_en="Untranslated accord", title_fr="")
    found = []
    for visibility in Visibility.values:
        benefit = BenefitFactory(
            agreement=agreement,
            claim_visibility=visibility,
            how_to_claim_en=f"Write to the desk ({visibility})",
            how_to_claim_fr="" if visibility == Visibility.PUBLIC else f"Écrire ({visibility})",
            description_en="Reduced fees",
            description_fr="",
            valid_until=datetime.date(2100, 1, 1),
        )
        benefit.granted_to.add(association_a)
        found.append(benefit)
    other = BenefitFactory(category=BenefitCategory.EVENT_ACCESS)
    other.granted_to.add(association_a)
    return found


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("who", ["anonymous", "member", "staff_b", "administrator"])
def test_benefit_rows_show_what_the_records_show(benefits_of_a, association_a, request, lang, who):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    viewer = viewer_for(user)
    today = timezone.localdate()
    with translation.override(lang):
        claimable = Benefit.objects.claimable_by_members_of(association_a, today, viewer)
        records, rows = list(claimable), claimable.item_rows()
        assert len(records) == 4
        assert [row.pk for row in rows] == [record.pk for record in records]
        for row, record in zip(rows, records, strict=True):
            assert (row.description, row.category, row.valid_until) == (
                record.description,
                record.category,
                record.valid_until,
            )
            assert row.claim_details == record.claim_details
            assert row.claim_details_withheld == record.claim_details_withheld
            assert row.claim_details_for_staff_only == record.claim_details_for_staff_only
            assert (row.agreement.slug, row.agreement.title) == (
                record.agreement.slug,
                record.agreement.title,
            )


def test_a_row_does_not_answer_a_column_it_did_not_read(django_assert_num_queries):
    BenefitFactory()
    OrganizationFactory()
    (row,) = Organization.objects.all().card_rows()
    with django_assert_num_queries(0), pytest.raises(AttributeError):
        _ = row.description
