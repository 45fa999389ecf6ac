"""Dates typed as people write them: one box per date, its precision taken from how it
is written ("2025", "March 2025", "21 juin 2017"), shown back at that precision."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.forms import modelform_factory
from django.urls import reverse
from django.utils import translation

from events.models import Event
from organizations.models import Organization
from portal.admin_base.forms import VersionedForm
from portal.dates import DatePrecision, PartialDate, PartialDateField, parse_partial_date
from tests.factories import OrganizationFactory
from tests.test_admin_writes import organization_form

DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR


@pytest.mark.parametrize(
    ("typed", "date", "precision"),
    [
        ("2025", datetime.date(2025, 1, 1), YEAR),
        ("2025-03", datetime.date(2025, 3, 1), MONTH),
        ("March 2025", datetime.date(2025, 3, 1), MONTH),
        ("mars 2025", datetime.date(2025, 3, 1), MONTH),
        ("Mar. 2025", datetime.date(2025, 3, 1), MONTH),
        ("févr. 2024", datetime.date(2024, 2, 1), MONTH),
        ("AOÛT 2020", datetime.date(2020, 8, 1), MONTH),
        ("aout 2020", datetime.date(2020, 8, 1), MONTH),
        ("21 June 2017", datetime.date(2017, 6, 21), DAY),
        ("21 juin 2017", datetime.date(2017, 6, 21), DAY),
        ("June 21, 2017", datetime.date(2017, 6, 21), DAY),
        ("1er décembre 2016", datetime.date(2016, 12, 1), DAY),
        ("3rd March 2020", datetime.date(2020, 3, 3), DAY),
        ("2017-06-21", datetime.date(2017, 6, 21), DAY),
        ("  21   juin  2017 ", datetime.date(2017, 6, 21), DAY),
    ],
)
def test_the_forms_people_write_are_read_with_their_precision(typed, date, precision):
    assert parse_partial_date(typed) == PartialDate(date, precision)


@pytest.mark.parametrize(
    "typed",
    ["21/06/2017", "06/2017", "Smarch 2025", "17", "2017-6-21-1", "juin", "25 2017", "2017\x00"],
)
def test_other_forms_are_refused(typed):
    with pytest.raises(ValueError, match=r"Not a date|Not a month|four digits"):
        parse_partial_date(typed)


@pytest.mark.parametrize(
    ("language", "typed", "message"),
    [
        (
            "en",
            "21/06/2017",
            "Enter a year (2025), a month (2025-03, March 2025, mars 2025) or a day "
            "(2017-06-21, 21 June 2017, 21 juin 2017).",
        ),
        (
            "fr",
            "21/06/2017",
            "Entrez une année (2025), un mois (2025-03, March 2025, mars 2025) ou un jour "
            "(2017-06-21, 21 June 2017, 21 juin 2017).",
        ),
        ("en", "30 February 2025", "“30 February 2025” is not on the calendar."),
        ("fr", "2025-13", "« 2025-13 » n'est pas une date du calendrier."),
        ("en", "2" * 41, None),
    ],
)
def test_a_refused_date_says_which_forms_are_accepted_in_the_visitors_language(
    language, typed, message
):
    field = PartialDateField(required=False)
    with translation.override(language):
        with pytest.raises(ValidationError) as refused:
            field.clean(typed)
        if message is not None:
            assert refused.value.messages == [message]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    "date",
    [
        PartialDate(datetime.date(2011, 1, 1), YEAR),
        PartialDate(datetime.date(2025, 2, 1), MONTH),
        PartialDate(datetime.date(2017, 8, 21), DAY),
        PartialDate(datetime.date(2016, 12, 1), DAY),
    ],
)
def test_a_date_is_shown_back_at_its_precision_in_a_form_it_reads_again(language, date):
    field = PartialDateField()
    with translation.override(language):
        shown = field.prepare_value(date)
        assert field.clean(shown) == date
    assert shown == {
        ("en", YEAR): "2011",
        ("fr", YEAR): "2011",
        ("en", MONTH): "February 2025",
        ("fr", MONTH): "février 2025",
    }.get((language, date.precision), shown)


def change_url(organization):
    return reverse("admin:organizations_organization_change", args=[organization.pk])


@pytest.mark.parametrize(
    ("typed", "date", "precision", "shown"),
    [
        ("mars 2025", datetime.date(2025, 3, 1), MONTH, "March 2025"),
        ("2019", datetime.date(2019, 1, 1), YEAR, "2019"),
        ("8 March 2018", datetime.date(2018, 3, 8), DAY, "8 March 2018"),
    ],
)
def test_staff_type_a_date_in_one_box_and_see_it_back_at_its_precision(
    admin_client, typed, date, precision, shown
):
    organization = OrganizationFactory()

    response = admin_client.post(
        change_url(organization),
        organization_form(organization, member_count=120, member_count_as_of=typed),
    )

    assert response.status_code == 302, response.context["errors"]
    organization.refresh_from_db()
    assert (organization.member_count_as_of, organization.member_count_as_of_precision) == (
        date,
        precision,
    )
    page = admin_client.get(change_url(organization), HTTP_ACCEPT_LANGUAGE="en")
    box = page.context["adminform"].form["member_count_as_of"]
    assert box.value() == shown
    # One box: no precision menu, no calendar widget (and so no time-zone note).
    html = page.content.decode()
    assert 'name="member_count_as_of_precision"' not in html
    assert 'class="vDateField"' not in str(box)


def test_a_refused_date_is_explained_in_the_admin_and_nothing_is_saved(admin_client):
    organization = OrganizationFactory(
        member_count=120, member_count_as_of=datetime.date(2020, 1, 1)
    )

    response = admin_client.post(
        change_url(organization),
        organization_form(organization, member_count=120, member_count_as_of="31 juin 2020"),
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["member_count_as_of"] == [
        "« 31 juin 2020 » n'est pas une date du calendrier."
    ]
    organization.refresh_from_db()
    assert organization.member_count_as_of == datetime.date(2020, 1, 1)


def event_form(**data):
    form_class = modelform_factory(
        Event, form=VersionedForm, fields=["name_en", "slug", "kind", "start_date", "end_date"]
    )
    return form_class({"name_en": "BIO", "slug": "bio", "kind": "convention", **data})


@pytest.mark.django_db
def test_an_events_start_and_end_share_the_precision_they_are_typed_at():
    form = event_form(start_date="June 2017", end_date="July 2017")
    assert form.is_valid(), form.errors
    event = form.save()
    assert (event.start_date, event.end_date, event.date_precision) == (
        datetime.date(2017, 6, 1),
        datetime.date(2017, 7, 1),
        MONTH,
    )

    mixed = event_form(start_date="19 June 2017", end_date="June 2017")
    assert not mixed.is_valid()
    assert mixed.errors["end_date"] == [
        "Type it to the same precision as the start: a day, a month or a year."
    ]


@pytest.mark.django_db
def test_a_form_left_as_it_was_has_not_changed():
    organization = OrganizationFactory(
        member_count=120,
        member_count_as_of=datetime.date(2025, 3, 1),
        member_count_as_of_precision=MONTH,
    )
    form_class = modelform_factory(Organization, form=VersionedForm, fields=["member_count_as_of"])
    with translation.override("fr"):
        shown = form_class(instance=organization)["member_count_as_of"].value()
        form = form_class(
            {"member_count_as_of": shown, "expected_version": organization.version},
            instance=organization,
        )
        assert shown == "mars 2025"
        assert form.has_changed() is False


@pytest.mark.django_db
def test_an_event_with_a_time_typed_to_the_month_is_refused_not_saved():
    # The precision is not a field of the form, but its checks still run on it.
    form_class = modelform_factory(
        Event,
        form=VersionedForm,
        fields=["name_en", "slug", "kind", "start_date", "end_date", "start_time", "end_time"],
    )
    form = form_class(
        {
            "name_en": "BIO",
            "slug": "bio",
            "kind": "convention",
            "start_date": "March 2025",
            "start_time": "10:00",
        }
    )

    assert not form.is_valid()
    assert "Times need a date known to the day." in str(form.errors)
    assert not Event.objects.exists()
