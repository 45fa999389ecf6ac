"""The events of one month as a calendar grid, weeks by days.

What the grid holds, and why:

- Events known to the day, on every day of the month they span: a three-day
  convention is on each of its three days, one that began last month on the
  days it still runs. Events known only to their month are listed beside the
  grid ("dates to be announced"): putting them on the 1st would invent a day.
  Events known only to their year are left to the list.
- One query, bounded: at most ``MONTH_CAP`` events are read for a month, and a
  day shows ``DAY_CAP`` of them and "+N more", which links to the list of that
  day's events. Past the month cap the page says so and links to the list.
- Weeks start on the locale's first day of the week (``FIRST_DAY_OF_WEEK`` in
  ``portal.formats``): Sunday in English, as in North America; Monday in French.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.formats import get_format

from events.querysets import LAST_DAY
from portal.dates import DatePrecision
from portal.rows import RowReader

# The years a calendar page exists for, as the lists' year filters take them: a crawler
# following "next month" stops there, and every link between months leads to a page.
FIRST_YEAR = 1900
LAST_YEAR = 2100
# Events read for one month, at most.
MONTH_CAP = 500
# Events shown on one day of the grid before "+N more".
DAY_CAP = 4

FIELDS = ("id", "slug", "name", "edition", "start_date", "end_date", "date_precision")


def month_exists(year: int, month: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12


def shifted(first: datetime.date, months: int) -> datetime.date:
    """The first day of the month ``months`` after (or before) ``first``'s."""
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def first_weekday() -> int:
    """The locale's first day of the week as Python counts days (Monday is 0); Django's
    FIRST_DAY_OF_WEEK counts from Sunday."""
    return (int(get_format("FIRST_DAY_OF_WEEK")) - 1) % 7


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool = False
    events: list = field(default_factory=list)

    @property
    def shown(self):
        return self.events[:DAY_CAP]

    @property
    def more(self) -> int:
        return max(len(self.events) - DAY_CAP, 0)


@dataclass
class Month:
    first: datetime.date
    weeks: list
    to_be_announced: list
    capped: bool

    @property
    def last(self) -> datetime.date:
        return shifted(self.first, 1) - datetime.timedelta(days=1)

    @property
    def previous(self) -> datetime.date:
        return shifted(self.first, -1)

    @property
    def next(self) -> datetime.date:
        return shifted(self.first, 1)

    @property
    def has_previous(self) -> bool:
        return self.first.year > FIRST_YEAR or self.first.month > 1

    @property
    def has_next(self) -> bool:
        return self.first.year < LAST_YEAR or self.first.month < 12

    @property
    def weekdays(self) -> list[datetime.date]:
        """The days of the first week, whose weekdays head the columns."""
        return [day.date for day in self.weeks[0]]

    @property
    def days_with_events(self) -> int:
        return sum(1 for week in self.weeks for day in week if day.in_month and day.events)


def in_month(events, first: datetime.date, last: datetime.date):
    """The events of ``events`` that the month from ``first`` to ``last`` shows, by start."""
    return (
        events.alias(last_day=LAST_DAY)
        .filter(
            Q(date_precision=DatePrecision.DAY, start_date__lte=last, last_day__gte=first)
            | Q(date_precision=DatePrecision.MONTH, start_date__range=(first, last))
        )
        .order_by("start_date", "id")
    )


def month_of(events, year: int, month: int, today: datetime.date) -> Month:
    """The grid of ``year``-``month`` for ``events`` (a filtered queryset), in one query."""
    first = datetime.date(year, month, 1)
    last = shifted(first, 1) - datetime.timedelta(days=1)
    reader = RowReader(events.model, FIELDS)
    rows = reader.rows(reader.values(in_month(events, first, last)[: MONTH_CAP + 1]))
    capped = len(rows) > MONTH_CAP
    rows = rows[:MONTH_CAP]

    weeks = [
        [Day(date, date.month == month, date == today) for date in week]
        for week in calendar.Calendar(first_weekday()).monthdatescalendar(year, month)
    ]
    days = {day.date: day for week in weeks for day in week if day.in_month}
    to_be_announced = []
    for event in rows:
        if event.date_precision != DatePrecision.DAY:
            to_be_announced.append(event)
            continue
        date = max(event.start_date, first)
        end = min(event.end_date or event.start_date, last)
        while date <= end:
            days[date].events.append(event)
            date += datetime.timedelta(days=1)
    return Month(first, weeks, to_be_announced, capped)
