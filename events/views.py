from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from events import calendar
from events.detail import event_page, series_page
from events.filters import EventFilter, EventListFilter
from events.models import Event, Series
from events.structured_data import event_structured_data
from portal.browse import BrowseView, bad_filters_response
from portal.publishing import preview_response


class EventListView(BrowseView):
    filterset_class = EventListFilter
    template_name = "events/event_list.html"
    extra_context = {"section": "events"}

    def get_base_queryset(self):
        return Event.objects.for_list()

    def get_page_rows(self, object_list):
        return object_list.card_rows()


def event_detail(request, slug):
    context = event_page(slug, request.viewer, timezone.localdate())
    if context is None:
        raise Http404(_("No such record."))
    structured_data = event_structured_data(
        context["event"], context["roles"], request.build_absolute_uri
    )
    response = render(
        request,
        "events/event_detail.html",
        {"section": "events", "structured_data": structured_data, **context},
    )
    return preview_response(response, context["event"])


def series_detail(request, slug):
    context = series_page(slug, timezone.localdate())
    if context is None:
        raise Http404(_("No such record."))
    return render(request, "events/series_detail.html", {"section": "events", **context})


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
    events = Event.objects.filter(series=series).for_list().order_by("start_date")
    return calendar.feed_response(request, calendar.series_name(series), events)
