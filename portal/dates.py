"""Dates known only to the month or the year.

Press releases often say "March 2025" or "in 2017". Such a date is stored as the
first day of its month or year next to a precision, and is always shown at that
precision: "8 March 2018", "March 2025", "2011" — never with an invented day.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


def truncate_to_precision(value: datetime.date | None, precision: str) -> datetime.date | None:
    """The canonical stored form: the first day of the month or year."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


def check_precision(value: datetime.date | None, precision: str, field: str) -> None:
    """Refuse a date that claims more than its precision (15 March at month precision)."""
    if value is None or truncate_to_precision(value, precision) == value:
        return
    if precision == DatePrecision.MONTH:
        message = _("A date known only to the month must be entered as the 1st of that month.")
    else:
        message = _("A date known only to the year must be entered as 1 January of that year.")
    raise ValidationError({field: message}, code="precision")


def format_partial_date(value: datetime.date | None, precision: str) -> str:
    """'8 March 2018', 'March 2025' or '2011' in the active language."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return date_format(value, "YEAR_MONTH_FORMAT")
    return date_format(value, "DATE_FORMAT")


def format_partial_range(
    start: datetime.date | None, end: datetime.date | None, precision: str
) -> str:
    """A start–end span at one precision: '21–23 November 2016', 'June – July 2017'."""
    if start is None:
        return ""
    if end is None or end == start:
        return format_partial_date(start, precision)
    if precision == DatePrecision.DAY and (start.year, start.month) == (end.year, end.month):
        # Same month: the day numbers share one month name, in either language.
        return f"{start.day}–{format_partial_date(end, precision)}"
    return f"{format_partial_date(start, precision)} – {format_partial_date(end, precision)}"
