import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from agreements.models import Agreement
from events.models import Event
from portal.dates import (
    DatePrecision,
    PartialDate,
    PartialDateRange,
    check_precision,
    truncate_to_precision,
)

MARCH_8_2018 = datetime.date(2018, 3, 8)
MARCH_2025 = datetime.date(2025, 3, 1)
YEAR_2011 = datetime.date(2011, 1, 1)


@pytest.mark.parametrize(
    ("language", "value", "precision", "expected"),
    [
        ("en", MARCH_8_2018, DatePrecision.DAY, "8 March 2018"),
        ("en", MARCH_2025, DatePrecision.MONTH, "March 2025"),
        ("en", YEAR_2011, DatePrecision.YEAR, "2011"),
        ("fr", MARCH_8_2018, DatePrecision.DAY, "8 mars 2018"),
        ("fr", MARCH_2025, DatePrecision.MONTH, "mars 2025"),
        ("fr", YEAR_2011, DatePrecision.YEAR, "2011"),
    ],
)
def test_a_partial_date_is_shown_at_its_precision_in_the_active_language(
    language, value, precision, expected
):
    with override(language):
        assert str(PartialDate(value, precision)) == expected


def test_a_date_known_to_the_year_never_shows_an_invented_month():
    with override("en"):
        assert str(PartialDate(datetime.date(2017, 6, 1), DatePrecision.YEAR)) == "2017"


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        (MARCH_8_2018, DatePrecision.DAY, "2018-03-08"),
        (MARCH_2025, DatePrecision.MONTH, "2025-03"),
        (YEAR_2011, DatePrecision.YEAR, "2011"),
    ],
)
def test_a_partial_date_in_iso_8601_stops_at_its_precision(value, precision, expected):
    assert PartialDate(value, precision).iso() == expected


def span(start, end, precision):
    return PartialDateRange(
        PartialDate(start, precision), None if end is None else PartialDate(end, precision)
    )


def test_a_multi_day_span_names_both_ends():
    with override("en"):
        assert (
            str(span(datetime.date(2016, 11, 21), datetime.date(2016, 11, 23), DatePrecision.DAY))
            == "21–23 November 2016"
        )


def test_a_multi_day_span_in_french_keeps_french_month_names():
    with override("fr"):
        assert (
            str(span(datetime.date(2016, 11, 30), datetime.date(2016, 12, 2), DatePrecision.DAY))
            == "30 novembre 2016 – 2 décembre 2016"
        )


def test_a_span_across_months_known_to_the_month_shows_both_months():
    with override("en"):
        assert (
            str(span(datetime.date(2017, 6, 1), datetime.date(2017, 7, 1), DatePrecision.MONTH))
            == "June 2017 – July 2017"
        )


@pytest.mark.parametrize(
    "end", [None, datetime.date(2017, 6, 1)], ids=["no end", "ends the day it starts"]
)
def test_a_span_without_a_distinct_end_is_shown_as_its_start(end):
    with override("en"):
        assert str(span(datetime.date(2017, 6, 1), end, DatePrecision.MONTH)) == "June 2017"


def test_a_model_reads_its_date_and_precision_as_one_partial_date():
    agreement = Agreement(signed_on=MARCH_2025, signed_on_precision=DatePrecision.MONTH)

    assert agreement.signed == PartialDate(MARCH_2025, DatePrecision.MONTH)


def test_a_model_reads_an_unknown_date_as_none():
    assert Agreement(signed_on=None, signed_on_precision=DatePrecision.MONTH).signed is None


def test_a_model_reads_two_dates_sharing_a_precision_as_one_span():
    event = Event(
        start_date=MARCH_2025,
        end_date=datetime.date(2025, 4, 1),
        date_precision=DatePrecision.MONTH,
    )

    assert event.dates == span(MARCH_2025, datetime.date(2025, 4, 1), DatePrecision.MONTH)


def test_a_model_without_an_end_date_reads_a_span_without_an_end():
    event = Event(start_date=MARCH_2025, end_date=None, date_precision=DatePrecision.MONTH)

    assert event.dates == span(MARCH_2025, None, DatePrecision.MONTH)


@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        (DatePrecision.DAY, datetime.date(2025, 3, 15)),
        (DatePrecision.MONTH, datetime.date(2025, 3, 1)),
        (DatePrecision.YEAR, datetime.date(2025, 1, 1)),
    ],
)
def test_truncating_keeps_only_what_the_precision_knows(precision, expected):
    assert truncate_to_precision(datetime.date(2025, 3, 15), precision) == expected


def test_truncating_no_date_gives_no_date():
    assert truncate_to_precision(None, DatePrecision.MONTH) is None


@pytest.mark.parametrize(
    ("value", "precision", "message"),
    [
        (
            datetime.date(2025, 3, 15),
            DatePrecision.MONTH,
            "A date known only to the month must be entered as the 1st of that month.",
        ),
        (
            datetime.date(2025, 3, 1),
            DatePrecision.YEAR,
            "A date known only to the year must be entered as 1 January of that year.",
        ),
    ],
)
def test_a_date_claiming_more_than_its_precision_is_refused(value, precision, message):
    with pytest.raises(ValidationError) as excinfo:
        check_precision(value, precision, "signed_on")

    assert excinfo.value.message_dict == {"signed_on": [message]}


@pytest.mark.parametrize(
    ("value", "precision"),
    [
        (datetime.date(2025, 3, 15), DatePrecision.DAY),
        (datetime.date(2025, 3, 1), DatePrecision.MONTH),
        (datetime.date(2025, 1, 1), DatePrecision.YEAR),
        (None, DatePrecision.YEAR),
    ],
)
def test_a_date_given_at_its_precision_is_accepted(value, precision):
    assert check_precision(value, precision, "signed_on") is None
