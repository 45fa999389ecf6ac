from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from agreements.models import Agreement
from agreements.views import AgreementListView
from events.models import Event
from events.views import EventListView
from organizations.views import OrganizationListView
from portal.browse import list_total

HOME_LIST_SIZE = 5

# The home page's key numbers: each is the number of results of the list it links to,
# with these filters, which that list counts exactly too (``BrowseView.counted_exactly``).
KEY_NUMBERS = (
    ("organizations", OrganizationListView, "organizations:list", {}),
    ("agreements", AgreementListView, "agreements:list", {"status": "in_force"}),
    ("benefits", AgreementListView, "agreements:list", {"has_benefits": "true"}),
    ("events", EventListView, "events:list", {}),
)


def key_numbers():
    """The home page's totals, each with the address of the list it counts. A total is
    counted once per day after each change to the data (``portal.browse.list_total``),
    and the list reads the same count."""
    numbers = {}
    for name, view, url_name, query in KEY_NUMBERS:
        url = reverse(url_name)
        numbers[name] = {
            "count": list_total(view.filterset_class, view().get_base_queryset(), query),
            "url": f"{url}?{urlencode(query)}" if query else url,
        }
    return numbers


def home(request):
    today = timezone.localdate()
    return render(
        request,
        "portal/home.html",
        {
            "section": "home",
            "upcoming_events": Event.objects.for_list().upcoming(today)[:HOME_LIST_SIZE],
            "recent_agreements": Agreement.objects.for_list().with_state(today)[:HOME_LIST_SIZE],
            "key_numbers": key_numbers(),
        },
    )
