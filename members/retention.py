"""How long the requests sent through the public forms are kept: 12 months from the
day they were received, answered or not (the privacy page says so). ``manage.py
purge_requests``, run daily, deletes those older."""

import datetime

from django.utils import timezone

from members.models import AccessRequest, CorrectionRequest

KEPT_FOR_MONTHS = 12
PURGED = (AccessRequest, CorrectionRequest)


def months_before(day: datetime.date, months: int) -> datetime.date:
    """``day`` ``months`` earlier; the month's last day when it is shorter (29 February
    a year back is 28 February)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in range(day.day, 0, -1):
        try:
            return datetime.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def kept_since(today: datetime.date) -> datetime.datetime:
    """The first moment of the requests still kept on ``today``: the start of the same
    day 12 months earlier, in the site's time zone."""
    first_day = months_before(today, KEPT_FOR_MONTHS)
    return timezone.make_aware(datetime.datetime.combine(first_day, datetime.time.min))


def expired(model, today: datetime.date):
    return model.objects.filter(created_at__lt=kept_since(today))


def purge(today: datetime.date) -> dict[str, int]:
    """Delete the requests received before ``kept_since(today)``: how many of each."""
    return {model._meta.label: expired(model, today).delete()[0] for model in PURGED}
