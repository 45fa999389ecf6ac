import datetime

from django.db import models
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce, Least

from events.choices import EventRole
from portal.compiled_reads import CompiledRead, Parameter, loaded, plain
from portal.dates import DatePrecision
from portal.localized import localized
from portal.publishing import published_through
from portal.rows import RowReader

# The last day an event may still be on before its precision is taken into account:
# its end, or its start when it has no end (a constraint keeps the end on or after the
# start). Indexed with the precision (events.models: event_last_day_idx).
LAST_DAY = Coalesce("end_date", "start_date")

# What an event card shows (portal.templatetags.cards), as read by the detail pages'
# compiled reads.
EVENT_CARD_FIELDS = (
    "id",
    "slug",
    "name_en",
    "name_fr",
    "edition",
    "kind",
    "start_date",
    "end_date",
    "date_precision",
    "venue",
    "city",
    "region",
    "country",
)


def _not_over_before(today: datetime.date) -> Q:
    """Events whose last possible day is on or after ``today``, at their own precision.

    An event known only to "November 2018" is still upcoming on 20 November 2018;
    one known only to "2018" until the year is out. Reads the ``last_day`` alias: one
    range of the (precision, last day) index per precision.
    """
    thresholds = {
        DatePrecision.DAY: today,
        DatePrecision.MONTH: today.replace(day=1),
        DatePrecision.YEAR: today.replace(month=1, day=1),
    }
    condition = Q()
    for precision, threshold in thresholds.items():
        condition |= Q(date_precision=precision, last_day__gte=threshold)
    return condition


# The events an organization organized or took part in, latest first: its page's cards.
ORGANIZATION_EVENT_ROWS = CompiledRead(
    lambda event_model: (
        plain(event_model)
        .filter(organizations=Parameter("organization", IntegerField()))
        .order_by("-start_date")
        .values(*EVENT_CARD_FIELDS)
    )
)


class EventQuerySet(models.QuerySet):
    def upcoming(self, today: datetime.date):
        # Sorted on an expression rather than the start-date column: the database then
        # sorts the upcoming events it found through the last-day index, instead of
        # walking the start-date index through every past event to reach them.
        return (
            self.alias(last_day=LAST_DAY)
            .filter(_not_over_before(today))
            .order_by(Least("start_date", LAST_DAY), "id")
        )

    def past(self, today: datetime.date):
        return (
            self.alias(last_day=LAST_DAY)
            .exclude(_not_over_before(today))
            .order_by("-start_date", "-id")
        )

    def count_by_period(self, today: datetime.date) -> dict:
        """How many of these events are upcoming and past on ``today``, in one query."""
        counts = self.alias(last_day=LAST_DAY).aggregate(
            all=Count("pk"), upcoming=Count("pk", filter=_not_over_before(today))
        )
        return {**counts, "past": counts["all"] - counts["upcoming"]}

    def order_by_name(self):
        """By name as the visitor reads it, A to Z; the editions of a series, which share
        their name, by date."""
        return self.order_by(localized("name"), "start_date", "id")

    def for_list(self):
        """What an event card, a calendar entry or a CSV row shows: the event and its series."""
        return self.select_related("series")

    def card_rows(self):
        """These events (a page of the list) as their cards read them: rows of values
        (``portal.rows``), not instances, in one query."""
        fields = ("slug", "name", "edition", "kind", "start_date", "end_date", "date_precision")
        reader = RowReader(self.model, (*fields, "venue", "city", "region", "country"))
        return reader.rows(reader.values(self))

    def cards_of_organization(self, organization):
        """The organization page's event cards, in one compiled query: the events
        ``organization`` organized or took part in, latest first."""
        rows = ORGANIZATION_EVENT_ROWS.rows(self.model, organization=organization.pk)
        return [loaded(self.model, row) for row in rows]

    def for_record(self):
        """An event as a whole record, for the API: with its organizers and participants."""
        return self.for_list().prefetch_related(Prefetch("roles", queryset=self._ordered_roles()))

    def with_organizers(self):
        """Events with ``organizer_roles``: their organizers' roles, organizations joined,
        by name, in one more query."""
        roles = self.model.roles.rel.related_model.objects.filter(
            published_through("organization"), role=EventRole.ORGANIZER
        )
        organizers = roles.select_related("organization").order_by(localized("organization__name"))
        return self.prefetch_related(
            Prefetch("roles", queryset=organizers, to_attr="organizer_roles")
        )

    def _ordered_roles(self):
        roles = self.model.roles.rel.related_model.objects.filter(
            published_through("organization")
        ).select_related("organization")
        return roles.order_by("role", localized("organization__name"))

    def managed_by(self, associations):
        """Events the associations organize, or manage."""
        organizers = self.model.roles.rel.related_model.objects.filter(
            event_id=OuterRef("pk"), role=EventRole.ORGANIZER, organization_id__in=associations
        )
        return self.filter(Q(owner_id__in=associations) | Q(Exists(organizers)))


class SeriesQuerySet(models.QuerySet):
    def for_detail(self):
        """The API's series: with its organizer (its page reads ``events.detail``)."""
        return self.select_related("organizer")

    def managed_by(self, associations):
        """Series the associations run, or manage."""
        return self.filter(Q(owner_id__in=associations) | Q(organizer_id__in=associations))
