from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.generic import DetailView

from events import calendar
from events.filters import EventFilter
from events.models import Event, Series
from portal.browse import BrowseView, bad_filters_response

SERIES_EVENTS_SHOWN = 50


class EventListView(BrowseView):
    filterset_class = EventFilter
    template_name = "events/event_list.html"
    extra_context = {"section": "events"}

    def get_base_queryset(self):
        return Event.objects.for_list()

    def get_page_rows(self, object_list):
        return object_list.card_rows()


class EventDetailView(DetailView):
    template_name = "events/event_detail.html"
    extra_context = {"section": "events"}

    def get_queryset(self):
        return Event.objects.for_detail()

    def get_context_data(self, **kwargs):
        event = self.object
        # Agreements are a higher app: reached through relation names, as cards of their
        # own queryset, those signed here and those related read together.
        related_ids = set(
            event.related_agreements.through.objects.filter(event=event).values_list(
                "agreement_id", flat=True
            )
        )
        cards = event.related_agreements.model.objects.filter(
            Q(signing_event=event) | Q(pk__in=related_ids)
        ).cards_in_one_query()
        return super().get_context_data(
            in_calendars=calendar.can_be_in_calendar(event),
            agreements_signed=[a for a in cards if a.signing_event_id == event.pk],
            related_agreements=[a for a in cards if a.pk in related_ids],
            **kwargs,
        )


def series_detail(request, slug):
    series = get_object_or_404(Series.objects.for_detail(), slug=slug)
    today = timezone.localdate()
    events = Event.objects.filter(series=series)
    return render(
        request,
        "events/series_detail.html",
        {
            "section": "events",
            "series": series,
            "upcoming_events": events.upcoming(today)[:SERIES_EVENTS_SHOWN],
            "past_events": events.past(today)[:SERIES_EVENTS_SHOWN],
        },
    )


def event_calendar(request, slug):
    """One event as an .ics file; none for an event known only to its month or year."""
    event = get_object_or_404(calendar.in_calendars(Event.objects.for_list()), slug=slug)
    return calendar.event_response(request, event)


def events_calendar(request):
    """The events list as a calendar to subscribe to: the same filters, the same events."""
    filterset = EventFilter(request.GET or None, queryset=Event.objects.for_list(), request=request)
    if filterset.is_bound and not filterset.is_valid():
        return bad_filters_response(filterset.form)
    return calendar.feed_response(
        request, calendar.feed_name(filterset.form.cleaned_data), filterset.qs
    )


def series_calendar(request, slug):
    """Every edition of a series, past and upcoming, as a calendar to subscribe to."""
    series = get_object_or_404(Series, slug=slug)
    events = series.events.for_list().order_by("start_date")
    return calendar.feed_response(request, calendar.series_name(series), events)
