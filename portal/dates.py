"""Dates known only to the month or the year.

Press releases often say "March 2025" or "in 2017". Such a date is stored as the
first day of its month or year next to a precision, and is always shown at that
precision: "8 March 2018", "March 2025", "2011" — never with an invented day.
A model declares each date and its precision once, as a ``partial_date``; pages,
the admin, feeds, the API and CSV files all show the date through it.
"""

import datetime
from dataclasses import dataclass

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


@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, the month or the year."""

    value: datetime.date
    precision: str

    def __str__(self):
        """'8 March 2018', 'March 2025' or '2011' in the active language."""
        if self.precision == DatePrecision.YEAR:
            return str(self.value.year)
        if self.precision == DatePrecision.MONTH:
            return date_format(self.value, "YEAR_MONTH_FORMAT")
        return date_format(self.value, "DATE_FORMAT")

    def iso(self) -> str:
        """ISO 8601 at the precision: '2018-03-08', '2025-03' or '2011'."""
        if self.precision == DatePrecision.YEAR:
            return f"{self.value.year:04d}"
        if self.precision == DatePrecision.MONTH:
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()


@dataclass(frozen=True)
class PartialDateRange:
    """A span whose two ends share one precision; an end on the start is no end."""

    start: PartialDate
    end: PartialDate | None

    def __str__(self):
        """'21–23 November 2016', 'June 2017 – July 2017' or, with no distinct end, the start."""
        start, end = self.start, self.end
        if end is None or end.value == start.value:
            return str(start)
        same_month = (start.value.year, start.value.month) == (end.value.year, end.value.month)
        if start.precision == DatePrecision.DAY and same_month:
            # Same month: the day numbers share one month name, in either language.
            return f"{start.value.day}–{end}"
        return f"{start} – {end}"


class partial_date:
    """A model's date field and its precision, read as one PartialDate.

    ``signed = partial_date("signed_on")`` pairs ``signed_on`` with
    ``signed_on_precision`` and reads None while the date is unknown. Given
    ``end``, it reads a PartialDateRange from two dates sharing one precision.
    The admin lists it by name: titled ``description`` (by default the date
    field's own label) and sorted by the date.
    """

    def __init__(self, field, *, end=None, precision=None, description=None):
        self.field = field
        self.end = end
        self.precision = precision or f"{field}_precision"
        self.description = description
        self.admin_order_field = field

    def __set_name__(self, owner, name):
        self.model = owner

    @property
    def short_description(self):
        return self.description or self.model._meta.get_field(self.field).verbose_name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        start = getattr(instance, self.field)
        if start is None:
            return None
        precision = getattr(instance, self.precision)
        if self.end is None:
            return PartialDate(start, precision)
        end = getattr(instance, self.end)
        return PartialDateRange(
            PartialDate(start, precision), None if end is None else PartialDate(end, precision)
        )
