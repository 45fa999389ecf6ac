from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events import calendar, month
from events.detail import event_page, series_page
from events.filters import EventFilter, EventListFilter
from events.models import Event, Series
from events.structured_data import event_structured_data
from portal.browse import PAGE_SIZE, BrowseView, bad_filters_response
from portal.publishing import preview_response


class EventListView(BrowseView):
    filterset_class = EventListFilter
    template_name = "events/event_list.html"
    extra_context = {"section": "events"}
    empty_filtered = gettext_lazy("No events match these filters.")
    empty_unfiltered = gettext_lazy("No upcoming event has been announced yet.")
    empty_hint = gettext_lazy(
        "Remove a filter, widen the dates or choose “All dates”, or search every record instead."
    )

    def get_base_queryset(self):
        return Event.objects.for_list()

    def get_page_rows(self, object_list):
        return object_list.card_rows()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The page as it opens, with nothing upcoming: the latest events that took place,
        # rather than an empty list.
        if (
            context["paginator"].count == 0
            and not context["filters_chosen"]
            and not self.page_error
            and self.filterset.is_valid()
        ):
            past = Event.objects.for_list().past(timezone.localdate())[:PAGE_SIZE]
            context["recent_events"] = past.card_rows()
        return context


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


def _month_page(request, year, month_number):
    """The events of a month as a calendar, narrowed by the list's filters."""
    if not month.month_exists(year, month_number):
        raise Http404(_("There is no calendar for that month."))
    # The month chooses the dates: "upcoming" or "past" has no say in it.
    data = request.GET.copy()
    data["when"] = "all"
    filterset = EventFilter(data, queryset=Event.objects.for_list(), request=request)
    form = filterset.form
    del form.fields["when"]
    query = request.GET.copy()
    query.pop("when", None)
    query.pop("page", None)
    context = {
        "section": "events",
        "filterset": filterset,
        "query": query.urlencode(),
        "filters_chosen": any(value.strip() for value in query.values()),
        "filter_form": render_to_string(
            "includes/filter_form.html", {"form": form}, request=request
        ),
    }
    if not filterset.is_valid():
        return render(request, "events/event_calendar.html", context, status=400)
    context["month"] = month.month_of(filterset.qs, year, month_number, timezone.localdate())
    context["day_cap"] = month.DAY_CAP
    return render(request, "events/event_calendar.html", context)


def month_calendar(request, year, month):
    return _month_page(request, year, month)


def this_month_calendar(request):
    today = timezone.localdate()
    return _month_page(request, today.year, today.month)
