import datetime

from django.db import models
from django.db.models import Prefetch, Q

from portal.localized import localized


def _known_to_be_over_before(today: datetime.date) -> Q:
    """Events whose last possible day is on or after ``today``, at their own precision.

    An event known only to "November 2018" is still upcoming on 20 November 2018;
    one known only to "2018" until the year is out.
    """
    thresholds = {
        "day": today,
        "month": today.replace(day=1),
        "year": today.replace(month=1, day=1),
    }
    condition = Q()
    for precision, threshold in thresholds.items():
        condition |= Q(date_precision=precision) & (
            Q(end_date__gte=threshold) | Q(end_date__isnull=True, start_date__gte=threshold)
        )
    return condition


class EventQuerySet(models.QuerySet):
    def upcoming(self, today: datetime.date):
        return self.filter(_known_to_be_over_before(today)).order_by("start_date", "id")

    def past(self, today: datetime.date):
        return self.exclude(_known_to_be_over_before(today)).order_by("-start_date", "-id")

    def with_organizers(self):
        """Events with ``organizer_roles``: their organizers' roles, organizations joined,
        by name, in one more query."""
        roles = self.model.roles.rel.related_model.objects.filter(role="organizer")
        organizers = roles.select_related("organization").order_by(localized("organization__name"))
        return self.prefetch_related(
            Prefetch("roles", queryset=organizers, to_attr="organizer_roles")
        )
