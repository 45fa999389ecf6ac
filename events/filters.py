import django_filters
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from events.models import Event, EventKind, EventOrganization, EventRole, Series
from events.querysets import LAST_DAY
from organizations.filters import OrganizationLookupFilter
from portal.dates import DatePrecision
from portal.filters import (
    CountedChoices,
    CountryFilter,
    SearchFilter,
    SharedFormFilterSet,
    SortFilter,
    country_options,
    counts_by,
    listed,
    records_listed,
)
from portal.localized import localized

UPCOMING = "upcoming"
WHEN_CHOICES = {UPCOMING, "past", "all"}


def events_when(queryset, when):
    """The events of ``queryset`` the list shows for ``when``, in its order."""
    today = timezone.localdate()
    if when == "past":
        return queryset.past(today)
    if when == "all":
        return queryset.order_by("-start_date", "-id")
    return queryset.upcoming(today)


class EventFilter(CountedChoices, SharedFormFilterSet):
    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[("upcoming", _("Upcoming")), ("past", _("Past")), ("all", _("All dates"))],
        method="filter_when",
        empty_label=None,
        null_label=None,
    )
    q = SearchFilter()
    series = django_filters.ModelChoiceFilter(
        label=_("Series"),
        to_field_name="slug",
        queryset=lambda request: Series.objects.order_by(localized("name")),
        empty_label=_("Any series"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=EventKind.choices, empty_label=_("Any kind")
    )
    country = CountryFilter(label=_("Country"), empty_label=_("Any country"))
    organizer = OrganizationLookupFilter(label=_("Organizer"), method="filter_organizer")
    start_from = django_filters.DateFilter(
        label=_("Starting on or after"), field_name="start_date", lookup_expr="gte"
    )
    start_to = django_filters.DateFilter(
        label=_("Starting on or before"), field_name="start_date", lookup_expr="lte"
    )
    # What a day of the month calendar links to when it has more events than it shows.
    on = django_filters.DateFilter(label=_("Taking place on"), method="filter_on")

    class Meta:
        model = Event
        fields = []

    counted_choices = ("when", "series", "kind", "country")
    # What the list reads when the query string says nothing: no filter of the visitor's
    # (``BrowseView.chosen_filters``, ``portal.filters.filter_tags``).
    default_filters = {"when": UPCOMING}

    def counting_scope(self):
        # The events the list shows: upcoming ones unless the visitor asks otherwise.
        when = self.data.get("when")
        return when if when in WHEN_CHOICES else UPCOMING

    @classmethod
    def count_choices(cls, scope):
        events = events_when(Event.objects.all(), scope)
        series = Series.objects.only("id", "slug", "name_en", "name_fr").order_by(localized("name"))
        # Every period, even one with no event: the box has no empty choice.
        periods = Event.objects.count_by_period(timezone.localdate())
        return {
            "when": [
                (value, capfirst(str(label)), periods[value])
                for value, label in cls.base_filters["when"].extra["choices"]
            ],
            "series": records_listed(series, counts_by(events, "series_id")),
            "kind": listed(EventKind.choices, counts_by(events, "kind")),
            "country": country_options(counts_by(events, "country")),
        }

    def __init__(self, data=None, *args, **kwargs):
        # Upcoming events unless the visitor asks for past ones.
        data = {} if data is None else data
        if not data.get("when"):
            data = data.copy() if hasattr(data, "copy") else dict(data)
            data["when"] = UPCOMING
        super().__init__(data, *args, **kwargs)
        for name in ("start_from", "start_to", "on"):
            self.form.fields[name].widget.input_type = "date"

    def filter_when(self, queryset, name, value):
        return events_when(queryset, value)

    def filter_on(self, queryset, name, day):
        # Events known to the day whose days include ``day``: those the month calendar
        # shows on it.
        return queryset.alias(last_day=LAST_DAY).filter(
            date_precision=DatePrecision.DAY, start_date__lte=day, last_day__gte=day
        )

    def filter_organizer(self, queryset, name, organization):
        return queryset.filter(
            Exists(
                EventOrganization.objects.filter(
                    event=OuterRef("pk"), organization=organization, role=EventRole.ORGANIZER
                )
            )
        )


class EventListFilter(EventFilter):
    """The events page's filters (and its CSV file's), with its order. The API and the
    calendars keep theirs, by date."""

    sort = SortFilter(
        {
            "date": (_("Date"), None),
            "name": (_("Name (A–Z)"), lambda events: events.order_by_name()),
        }
    )
