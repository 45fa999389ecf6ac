"""How long the requests sent through the public forms are kept: 12 months from the
day they were received, answered or not (the privacy page says so). ``manage.py
purge_requests``, run daily, deletes those older."""

import datetime

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
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


def delete_with_admin_log(queryset) -> int:
    """Delete ``queryset``'s rows and the admin's log entries about them (the log keeps
    each record's name, "Camille Roy (Laval Biologics)"): how many rows."""
    pks = list(queryset.values_list("pk", flat=True))
    if not pks:
        return 0
    delete_admin_log_about(queryset.model, pks)
    return queryset.model._base_manager.filter(pk__in=pks).delete()[0]


def delete_admin_log_about(model, pks) -> None:
    """Delete the admin's log entries about these rows of ``model``."""
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in pks],
    ).delete()


def purge(today: datetime.date) -> dict[str, int]:
    """Delete the requests received before ``kept_since(today)``: how many of each."""
    return {model._meta.label: delete_with_admin_log(expired(model, today)) for model in PURGED}
