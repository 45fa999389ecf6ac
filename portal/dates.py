"""Dates known only to the month or the year.

Press releases often say "March 2025" or "in 2017". Such a date is stored as the
first day of its month or year next to a precision, and is always shown at that
precision: "8 March 2018", "March 2025", "2011" — never with an invented day.
A model declares each date and its precision once, as a ``partial_date``; pages,
the admin, feeds, the API and CSV files all show the date through it.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django import forms
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


# Dates typed as people write them ----------------------------------------------------

# Month names and their usual abbreviations, English and French, without accents
# (``_plain`` takes them off what is typed): either language is read on either side.
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan", "janvier", "janv"),
            ("february", "feb", "fevrier", "fevr", "fev"),
            ("march", "mar", "mars"),
            ("april", "apr", "avril", "avr"),
            ("may", "mai"),
            ("june", "jun", "juin"),
            ("july", "jul", "juillet", "juil"),
            ("august", "aug", "aout"),
            ("september", "sep", "sept", "septembre"),
            ("october", "oct", "octobre"),
            ("november", "nov", "novembre"),
            ("december", "dec", "decembre"),
        ],
        start=1,
    )
    for name in names
}

_MONTH = r"(?P<month_name>[a-z]+)"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er)?"
_YEAR = r"(?P<year>\d{4})"
# Each form, with the precision it gives.
_TYPED_FORMS = [
    (re.compile(rf"{_YEAR}"), DatePrecision.YEAR),
    (re.compile(rf"{_YEAR}-(?P<month>\d{{1,2}})"), DatePrecision.MONTH),
    (re.compile(rf"{_YEAR}-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})"), DatePrecision.DAY),
    (re.compile(rf"{_MONTH} {_YEAR}"), DatePrecision.MONTH),
    (re.compile(rf"{_DAY} {_MONTH} {_YEAR}"), DatePrecision.DAY),
    (re.compile(rf"{_MONTH} {_DAY} {_YEAR}"), DatePrecision.DAY),
]


def _plain(text: str) -> str:
    """Lower case, no accents, no dots or commas, single spaces: "21 Juin, 2017" →
    "21 juin 2017"; "févr. 2024" → "fevr 2024"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[.,]", " ", letters).split())


def parse_partial_date(text: str) -> PartialDate:
    """The date ``text`` gives, at the precision it gives it: "2025" (a year),
    "2025-03", "March 2025", "mars 2025" (a month), "2017-06-21", "21 June 2017",
    "June 21, 2017", "21 juin 2017", "1er juin 2017" (a day). Month names are read in
    English and French whatever the language. Raises ValueError for anything else,
    and for a day that does not exist (30 February)."""
    plain = _plain(text)
    for pattern, precision in _TYPED_FORMS:
        match = pattern.fullmatch(plain)
        if match is None:
            continue
        parts = match.groupdict()
        if parts.get("month_name") is not None:
            if parts["month_name"] not in MONTHS:
                raise ValueError(f"Not a month: {parts['month_name']}")
            month = MONTHS[parts["month_name"]]
        else:
            month = int(parts.get("month") or 1)
        year, day = int(parts["year"]), int(parts.get("day") or 1)
        if year < 1000:
            raise ValueError("A year has four digits.")
        try:
            return PartialDate(datetime.date(year, month, day), precision)
        except ValueError as error:
            raise NotOnTheCalendar(text) from error
    raise ValueError(f"Not a date: {text!r}")


class NotOnTheCalendar(ValueError):
    """A date written in a form ``parse_partial_date`` reads, that no calendar has
    (30 February, month 13)."""


# The longest date anyone types ("21 septembre 2017" is 17 characters).
MAX_TYPED_LENGTH = 40


class PartialDateField(forms.Field):
    """One text box for a date and its precision: it accepts what
    ``parse_partial_date`` reads, cleans to a ``PartialDate`` (None when empty), and
    shows a date back at its precision, in the page's language ("March 2025")."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _(
            "Enter a year (2025), a month (2025-03, March 2025, mars 2025) or a day "
            "(2017-06-21, 21 June 2017, 21 juin 2017)."
        ),
        "not_on_the_calendar": _("“%(value)s” is not on the calendar."),
    }

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": str(MAX_TYPED_LENGTH)}

    def prepare_value(self, value):
        return str(value) if isinstance(value, PartialDate) else value

    def to_python(self, value):
        if isinstance(value, PartialDate) or value is None:
            return value
        text = str(value).strip()
        if not text:
            return None
        try:
            if len(text) > MAX_TYPED_LENGTH:
                raise ValueError("Too long for a date.")
            return parse_partial_date(text)
        except NotOnTheCalendar:
            raise ValidationError(
                self.error_messages["not_on_the_calendar"],
                code="not_on_the_calendar",
                params={"value": text},
            ) from None
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            data = self.to_python(data)
        except ValidationError:
            return True
        return initial != data
