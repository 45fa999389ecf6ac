from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.generic import DetailView

from agreements.models import Agreement
from events.filters import EventFilter
from events.models import Event, EventOrganization, Series
from portal.browse import BrowseView
from portal.localized import localized

SERIES_EVENTS_SHOWN = 50


class EventListView(BrowseView):
    filterset_class = EventFilter
    template_name = "events/event_list.html"
    extra_context = {"section": "events"}

    def get_base_queryset(self):
        return Event.objects.select_related("series")


class EventDetailView(DetailView):
    template_name = "events/event_detail.html"
    extra_context = {"section": "events"}

    def get_queryset(self):
        roles = EventOrganization.objects.select_related("organization").order_by(
            "role", localized("organization__name")
        )
        agreements = Agreement.objects.for_cards().order_by_signing()
        return Event.objects.select_related("series").prefetch_related(
            Prefetch("roles", queryset=roles),
            Prefetch("agreements_signed", queryset=agreements),
            Prefetch("related_agreements", queryset=agreements),
        )


def series_detail(request, slug):
    series = get_object_or_404(Series.objects.select_related("organizer"), slug=slug)
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
